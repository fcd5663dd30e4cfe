#!/usr/bin/env bash
# contrib/dask/auditsim_dask.py on a real Dask cluster: a `dask scheduler` and two
# `dask worker` processes on 127.0.0.1 (free ports picked here, killed on exit), the
# driver over sharded fixtures, its summary checked against one `auditsim replay -o json`
# of the whole recording on every exact field (tests/fleet/shard.py). Skipped (77) when
# Dask's distributed is missing; setup.sh installs python3-distributed. Bounded by
# `timeout`, so a stuck cluster fails the test instead of hanging CI. Closing line:
# "dask: N passed, N failed".
#   tests/dask/run.sh AUDITSIM
set -u
auditsim=$(realpath "${1:?usage: tests/dask/run.sh AUDITSIM}")
cd "$(dirname "$0")/../.."

# the python that has distributed (a pyenv shim may come first on PATH)
python=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import distributed' 2>/dev/null; then
    python=$p
    break
  fi
done
dask_bin=$(dirname "$(command -v dask || echo /usr/bin/dask)")/dask
if [ -z "$python" ] || [ ! -x "$dask_bin" ]; then
  echo "skip: Dask's distributed is not installed (Debian python3-distributed; setup.sh installs it)"
  exit 77
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
port=$(free_port)
scheduler=tcp://127.0.0.1:$port
# each process in a group of its own (setsid), so that killing it ends what it started
setsid timeout 600 "$dask_bin" scheduler --host 127.0.0.1 --port "$port" \
  --dashboard-address "127.0.0.1:$(free_port)" >"$work/scheduler.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  setsid timeout 600 "$dask_bin" worker "$scheduler" --host 127.0.0.1 --nthreads 1 --no-nanny \
    --no-dashboard --name "worker-$i" >"$work/worker-$i.log" 2>&1 &
  pids+=($!)
done

# both workers joined, within 60 s
if ! timeout 90 "$python" - "$scheduler" <<'PY'
import sys
from distributed import Client
c = Client(sys.argv[1], timeout=60)
c.wait_for_workers(2, timeout=60)
print("cluster:", len(c.scheduler_info()["workers"]), "workers")
c.close()
PY
then
  echo "FAIL the cluster did not start"
  tail -5 "$work"/*.log
  echo "dask: 0 passed, 1 failed"
  exit 1
fi

passed=0
failed=0
check() { # NAME POLICY LOG SHARDS FAN_IN
  local d="$work/$1"
  mkdir -p "$d"
  python3 tests/fleet/shard.py split "$3" "$4" "$d"
  "$auditsim" replay -o json "$2" "$3" >"$d/replay.json"
  if timeout 300 "$python" contrib/dask/auditsim_dask.py --scheduler "$scheduler" \
    --auditsim "$auditsim" --fan-in "$5" "$2" "$d"/shard-*.jsonl >"$d/dask.json" 2>"$d/err" &&
    python3 tests/fleet/shard.py same "$d/replay.json" "$d/dask.json" >"$d/diff"; then
    passed=$((passed + 1))
    echo "ok   $1: $4 shards on 2 workers equal one replay"
  else
    failed=$((failed + 1))
    echo "FAIL $1"
    cat "$d/err" "$d/diff" | head -20
  fi
}
check watches-7 fixtures/fleet/all-stages.yaml fixtures/fleet/watches.jsonl 7 2
check watches-50 policies/k8s-docs.yaml fixtures/fleet/watches.jsonl 50 3
check audit2rbac-50 policies/k8s-docs.yaml fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl 50 8

# a replay that fails on a worker fails the driver with its message
if timeout 120 "$python" contrib/dask/auditsim_dask.py --scheduler "$scheduler" \
  --auditsim "$auditsim" fixtures/fleet/all-stages.yaml "$work/no-such.log" >/dev/null 2>"$work/err" ||
  [ $? -ne 1 ]; then
  failed=$((failed + 1))
  echo "FAIL a missing LOG: $(head -3 "$work/err")"
else
  grep -q "no-such.log" "$work/err" && passed=$((passed + 1)) && echo "ok   a missing LOG fails the driver, named" ||
    { failed=$((failed + 1)); echo "FAIL a missing LOG: $(cat "$work/err")"; }
fi
echo "dask: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
