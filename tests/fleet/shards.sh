#!/usr/bin/env bash
# The merge's promise: for recordings split into 1, 2, 7 and 50 shards at record
# boundaries (watches cut between their ResponseStarted and ResponseComplete included),
# `auditsim merge` of the shards' `replay -o json --partial` equals `replay -o json` over
# the whole recording on every exact field (tests/fleet/shard.py says which are not);
# merging is associative; `merge -` reads a stream of them. The same for `compare -o json
# --partial` of three policies against one `compare -o json`, security categories
# included. Closing line:
# "fleet: N passed, N failed".
#   tests/fleet/shards.sh AUDITSIM
set -u
auditsim=$(realpath "$1")
cd "$(dirname "$0")/../.."
shard=tests/fleet/shard.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # NAME COMMAND...
  local name=$1
  shift
  if out=$("$@" 2>&1); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    printf '%s\n' "$out" | head -20
  fi
}

# partials of LOG in N shards under POLICY into DIR
partials() { # POLICY LOG N DIR
  rm -rf "$4" && mkdir -p "$4"
  python3 "$shard" split "$2" "$3" "$4" || return 1
  for f in "$4"/shard-*.jsonl; do
    "$auditsim" replay -o json --partial "$1" "$f" >"${f%.jsonl}.partial" || return 1
  done
}

same_as_replay() { # POLICY LOG N
  local d="$work/s$3"
  partials "$1" "$2" "$3" "$d" || return 1
  "$auditsim" replay -o json "$1" "$2" >"$d/replay.json" || return 1
  "$auditsim" merge "$d"/shard-*.partial >"$d/merge.json" || return 1
  python3 "$shard" same "$d/replay.json" "$d/merge.json"
}

# merge(merge(a,b),c) == merge(a,merge(b,c)), and the stream on stdin, byte for byte
associative() { # POLICY LOG
  local d="$work/assoc"
  partials "$1" "$2" 7 "$d" || return 1
  local p=("$d"/shard-*.partial)
  "$auditsim" merge --partial "${p[@]:0:3}" >"$d/a.partial" &&
    "$auditsim" merge --partial "${p[@]:3:2}" >"$d/b.partial" &&
    "$auditsim" merge --partial "${p[@]:5}" >"$d/c.partial" &&
    "$auditsim" merge --partial "$d/a.partial" "$d/b.partial" >"$d/ab.partial" &&
    "$auditsim" merge --partial "$d/b.partial" "$d/c.partial" >"$d/bc.partial" &&
    "$auditsim" merge "$d/ab.partial" "$d/c.partial" >"$d/ab_c.json" &&
    "$auditsim" merge "$d/a.partial" "$d/bc.partial" >"$d/a_bc.json" &&
    cat "${p[@]}" | "$auditsim" merge - >"$d/stream.json" &&
    "$auditsim" merge "${p[@]}" >"$d/flat.json" || return 1
  cmp "$d/ab_c.json" "$d/a_bc.json" && cmp "$d/ab_c.json" "$d/flat.json" &&
    cmp "$d/stream.json" "$d/flat.json"
}

# The shards cut watches: some partial holds an open request, and a later one the head
# whose derived lines the merge takes back.
cuts_watches() {
  local d="$work/cut"
  partials fixtures/fleet/all-stages.yaml fixtures/fleet/watches.jsonl 7 "$d" || return 1
  python3 - "$d" <<'PY'
import glob, json, sys
docs = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/shard-*.partial"))]
opens = sum(len(d["open"]) for d in docs[:-1])
derived = sum(1 for d in docs[1:] for h in d["heads"] if h.get("derived"))
print("open requests carried:", opens, "heads with derived lines:", derived)
sys.exit(0 if opens >= 5 and derived >= 5 else 1)
PY
}

# compare: the same promise, one partial per shard holding every policy's
compare_policies=(-p fixtures/fleet/all-stages.yaml --profile gke --profile aks-kube-audit)
compare_partials() { # LOG N DIR
  rm -rf "$3" && mkdir -p "$3"
  python3 "$shard" split "$1" "$2" "$3" || return 1
  for f in "$3"/shard-*.jsonl; do
    "$auditsim" compare -o json --partial "${compare_policies[@]}" "$f" >"${f%.jsonl}.partial" ||
      return 1
  done
}

compare_same() { # LOG N
  local d="$work/c$2"
  compare_partials "$1" "$2" "$d" || return 1
  "$auditsim" compare -o json "${compare_policies[@]}" "$1" >"$d/compare.json" || return 1
  "$auditsim" merge "$d"/shard-*.partial >"$d/merge.json" || return 1
  python3 "$shard" same "$d/compare.json" "$d/merge.json"
}

# a tree of merges equals the flat merge, byte for byte; the watches are cut, with their
# secret reads and writes counted once, where one compare counts them
compare_tree() {
  local d="$work/ctree"
  compare_partials fixtures/fleet/watches.jsonl 7 "$d" || return 1
  local p=("$d"/shard-*.partial)
  "$auditsim" merge --partial "${p[@]:0:4}" >"$d/a.partial" &&
    "$auditsim" merge --partial "${p[@]:4}" >"$d/b.partial" &&
    "$auditsim" merge "$d/a.partial" "$d/b.partial" >"$d/tree.json" &&
    "$auditsim" merge "${p[@]}" >"$d/flat.json" || return 1
  cmp "$d/tree.json" "$d/flat.json" || return 1
  python3 - "$d" <<'PY'
import glob, json, sys
d = sys.argv[1]
docs = [json.load(open(f)) for f in sorted(glob.glob(d + "/shard-*.partial"))]
opens = sum(len(p["partial"]["open"]) for doc in docs[:-1] for p in doc["policies"])
merged = json.load(open(d + "/flat.json"))
cats = {p["name"]: (p["categories"]["secretReads"]["requests"],
                    p["categories"]["secretWrites"]["requests"]) for p in merged["policies"]}
print("open requests carried:", opens, "secret reads, writes:", cats)
# watches.jsonl: 7 secret watches and 21 secret writes (gen_watches.py), each once
sys.exit(0 if opens >= 5 and all(c == (7, 21) for c in cats.values()) else 1)
PY
}

cat fixtures/logs/falco-k8saudit-*.jsonl fixtures/fleet/watches.jsonl >"$work/mixed.jsonl"
for log in fixtures/fleet/watches.jsonl fixtures/logs/audit2rbac-demo.jsonl "$work/mixed.jsonl"; do
  for n in 1 2 7 50; do
    check "compare: $log in $n shards" compare_same "$log" "$n"
  done
done
check "compare: a tree of merges, watches cut" compare_tree

for policy in fixtures/fleet/all-stages.yaml policies/k8s-docs.yaml policies/metadata-only.yaml; do
  for log in fixtures/fleet/watches.jsonl fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl \
    fixtures/logs/audit2rbac-demo.jsonl; do
    for n in 1 2 7 50; do
      check "$policy $log in $n shards" same_as_replay "$policy" "$log" "$n"
    done
  done
  check "$policy: associative" associative "$policy" fixtures/fleet/watches.jsonl
done
check "shards cut watches" cuts_watches
echo "fleet: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
