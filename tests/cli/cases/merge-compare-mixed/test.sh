# merge refuses a replay partial among compare partials, and a compare partial among
# replay partials, at the file and line of the one that differs; nothing is printed.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
log=fixtures/logs/audit2rbac-demo.jsonl
"$AUDITSIM" compare -o json --partial -p fixtures/fleet/all-stages.yaml --profile gke "$log" >"$d/compare.partial"
"$AUDITSIM" replay -o json --partial fixtures/fleet/all-stages.yaml "$log" >"$d/replay.partial"
cat "$d/compare.partial" "$d/replay.partial" >"$d/both.partial"
cd "$d"
"$AUDITSIM" merge both.partial; echo "exit $?"
"$AUDITSIM" merge replay.partial compare.partial; echo "exit $?"
