# compare -o json --partial of two shards of the watches (a watch cut between them),
# merged: the requests and security categories one compare over both prints, and the
# merge's notes. The last line: the whole documents equal on every exact field.
set -eu
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
python3 tests/fleet/shard.py split fixtures/fleet/watches.jsonl 2 "$d"
policies=(-p fixtures/fleet/all-stages.yaml --profile metadata-only)
for s in 000 001; do
	"$AUDITSIM" compare -o json --partial "${policies[@]}" "$d/shard-$s.jsonl" >"$d/$s.partial"
done
echo "open at the end of shard 1: $(jq '[.policies[].partial.open | length]' -c "$d/000.partial")"
"$AUDITSIM" merge "$d/000.partial" "$d/001.partial" >"$d/merged.json"
"$AUDITSIM" compare -o json "${policies[@]}" fixtures/fleet/watches.jsonl >"$d/one.json"
show='.policies[] | {name, requests, events, secretReads: .categories.secretReads, secretWrites: .categories.secretWrites.requests}'
jq -c "$show" "$d/merged.json"
jq -c .merge "$d/merged.json"
python3 tests/fleet/shard.py same "$d/one.json" "$d/merged.json" && echo "equal to one compare on every exact field"
