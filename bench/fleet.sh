#!/usr/bin/env bash
# Fleet throughput: one generated Metadata log cut into SHARDS files at line boundaries,
# replayed and merged (a) by one process, `auditsim replay -j 1 -o json POLICY SHARD...`,
# and (b) on WORKERS local Dask workers through contrib/dask/auditsim_dask.py (each
# shard `replay -j 1 --partial` on a worker, merged in a tree). Prints one Markdown
# table (wall seconds, MB/s) and checks that both summaries agree on every exact field.
# Wall times depend on the machine being otherwise idle: on a shared one, say so.
#   bench/fleet.sh [MB] [SHARDS] [WORKERS]      defaults 200 8 4
# Environment: AUDITSIM (build/src/auditsim), POLICY (policies/k8s-docs.yaml),
# BENCH_DATA (/tmp/auditsim-bench), GEN_AUDIT_LOG (build/bench/gen-audit-log).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-200}
shards=${2:-8}
workers=${3:-4}
auditsim=$(realpath "${AUDITSIM:-build/src/auditsim}")
policy=${POLICY:-policies/k8s-docs.yaml}
data=${BENCH_DATA:-/tmp/auditsim-bench}
gen=${GEN_AUDIT_LOG:-build/bench/gen-audit-log}
mkdir -p "$data/fleet"
log=$data/fleet/audit-metadata-${mb}MB.jsonl
[ -s "$log" ] || "$gen" --seed 1 --size "$mb" --profile metadata -o "$log"
rm -f "$data/fleet/shard-"*
split -n "l/$shards" -d -a 3 --additional-suffix=.jsonl "$log" "$data/fleet/shard-"
cat "$log" >/dev/null # in the page cache for both runs

python=
for p in python3 /usr/bin/python3; do
  "$p" -c 'import distributed' 2>/dev/null && { python=$p; break; }
done
[ -n "$python" ] || { echo "needs python3-distributed" >&2; exit 2; }

now() { date +%s.%N; }
mbps() { awk -v b="$(stat -c %s "$log")" -v s="$1" 'BEGIN { printf "%.1f", b / 1e6 / s }'; }

t0=$(now)
"$auditsim" replay -j 1 -o json "$policy" "$data/fleet/shard-"*.jsonl >"$data/fleet/one.json"
one=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null' EXIT
port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dask scheduler --host 127.0.0.1 --port "$port" --dashboard-address 127.0.0.1:0 >"$data/fleet/scheduler.log" 2>&1 &
pids+=($!)
for i in $(seq "$workers"); do
  dask worker "tcp://127.0.0.1:$port" --host 127.0.0.1 --nthreads 1 --no-nanny --no-dashboard \
    >"$data/fleet/worker-$i.log" 2>&1 &
  pids+=($!)
done
"$python" -c "from distributed import Client; c = Client('tcp://127.0.0.1:$port', timeout=60); c.wait_for_workers($workers, timeout=60)"

t0=$(now)
"$python" contrib/dask/auditsim_dask.py --scheduler "tcp://127.0.0.1:$port" --auditsim "$auditsim" \
  --replay-option=-j1 "$policy" "$data/fleet/shard-"*.jsonl >"$data/fleet/dask.json"
dasked=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }')

t0=$(now)
for f in "$data/fleet/shard-"*.jsonl; do "$auditsim" replay -j 1 -o json --partial "$policy" "$f"; done \
  >"$data/fleet/partials" 
t1=$(now)
"$auditsim" merge - <"$data/fleet/partials" >/dev/null
merge=$(awk -v a="$t1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')

echo "| $mb MB Metadata log in $shards shards, $policy | wall s | MB/s |"
echo "| --- | ---: | ---: |"
echo "| one process: replay -j 1 over the shards | $one | $(mbps "$one") |"
echo "| $workers Dask workers: replay --partial + tree merge | $dasked | $(mbps "$dasked") |"
echo "| merge of the $shards partials alone ($(stat -c %s "$data/fleet/partials") bytes) | $merge | |"
# openRequests counts requests handed on open when one process's replay window (65536
# requests) filled behind long watches: a property of the process, not of the traffic,
# so shards (each a smaller window's worth) may count fewer (auditsim-merge(1))
echo
echo "openRequests (window overflows): one process $(jq .openRequests "$data/fleet/one.json"), merged $(jq .openRequests "$data/fleet/dask.json")."
if python3 tests/fleet/shard.py same "$data/fleet/one.json" "$data/fleet/dask.json" openRequests >/dev/null; then
  echo "Otherwise the two summaries agree on every exact field."
else
  echo "The summaries DIFFER (tests/fleet/shard.py same)"; exit 1
fi
