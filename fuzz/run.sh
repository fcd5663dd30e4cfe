#!/usr/bin/env bash
# Runs every libFuzzer target (or those named) for SECONDS each and prints one line per
# target: executions, time and result. Exits 1 when any target crashed, leaked, timed
# out or tripped a sanitizer; the input that did it is kept under WORK/artifacts/.
#   fuzz/run.sh [-j JOBS] [SECONDS] [TARGET...]     (default 10 seconds, 1 job)
# Builds build-fuzz/ with clang (-Dfuzzing=true) when needed and only the fuzz targets.
# The seed corpora in fuzz/corpus/<target>/ are never written: each run grows a working
# corpus in WORK (FUZZ_WORK, default build-fuzz/fuzz-work/) seeded from them.
set -uo pipefail
cd "$(dirname "$0")/.."

jobs=1
if [ "${1:-}" = -j ]; then
  jobs=${2:?-j needs a number}
  shift 2
fi
seconds=${1:-10}
shift || true
all_targets=(fuzz_policy_loader fuzz_event_reader fuzz_json_scan fuzz_event_pipe fuzz_scenario
             fuzz_request_info fuzz_decision_roundtrip fuzz_doc_print fuzz_partial_merge
             fuzz_block_scan)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

build=${FUZZ_BUILD:-build-fuzz}
work=${FUZZ_WORK:-$build/fuzz-work}
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Dwerror=true >/dev/null || exit 2
fi
ninja -C "$build" "${targets[@]/#/fuzz/}" >/dev/null || exit 2

dict_for() {
  case "$1" in
    fuzz_policy_loader|fuzz_scenario) echo "-dict=fuzz/policy.dict" ;;
    fuzz_event_reader|fuzz_event_pipe|fuzz_json_scan|fuzz_block_scan) echo "-dict=fuzz/event.dict" ;;
  esac
}

run_one() {
  local target=$1
  local corpus="$work/corpus/$target" artifacts="$work/artifacts/$target/"
  mkdir -p "$corpus" "$artifacts"
  # -rss_limit_mb bounds memory per input; -timeout turns a hang into a failure.
  # shellcheck disable=SC2046
  "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts" $(dict_for "$target") \
    "$corpus" "fuzz/corpus/$target" >"$work/$target.log" 2>&1
}

mkdir -p "$work"
pids=()
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n
  done
  run_one "$target" &
  pids+=($!)
done

passed=0
failed=0
for i in "${!targets[@]}"; do
  target=${targets[$i]}
  status=0
  wait "${pids[$i]}" || status=$?
  log="$work/$target.log"
  execs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  took=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | grep -Eo 'in [0-9]+' | grep -Eo '[0-9]+' | tail -1)
  units=$(find "$work/corpus/$target" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    result=ok
  else
    failed=$((failed + 1))
    artifact=$(ls -t "$work/artifacts/$target/" 2>/dev/null | head -1)
    result="FAILED (exit $status): $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|ERROR: libFuzzer' "$log")"
    [ -n "$artifact" ] && result+=" input: $work/artifacts/$target/$artifact"
  fi
  printf '%-24s execs %10s  time %5ss  corpus %5s  %s\n' "$target" "${execs:-?}" "${took:-?}" \
    "$units" "$result"
done
echo
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
