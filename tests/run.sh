#!/usr/bin/env bash
# Runs every test: builds (warnings are errors) and runs the CUnit suites and the CLI
# golden tests through meson, then prints one closing line "tests: N passed, N failed".
#   tests/run.sh            normal build in build/
#   tests/run.sh --asan     AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/
#   tests/run.sh --valgrind the CLI tests once more under valgrind memcheck (build/)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-plain}
case "$mode" in
  plain|--valgrind) dir=build; setup_args=() ;;
  --asan) dir=build-asan; setup_args=(-Db_sanitize=address,undefined -Db_lundef=false) ;;
  *) echo "usage: tests/run.sh [--asan|--valgrind]" >&2; exit 2 ;;
esac

if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" -Dwerror=true "${setup_args[@]}" >/dev/null
fi
meson compile -C "$dir" >"$dir.compile.log" 2>&1 || { tail -40 "$dir.compile.log"; exit 2; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
test_args=(--print-errorlogs --num-processes 2)
# The browser test (tests/browser/) needs Debian's chromium, which setup.sh installs.
[ -x /usr/bin/chromium ] || test_args+=(--no-suite browser)
if [ "$mode" = --valgrind ]; then
  # The wrapper goes around each auditsim the CLI cases run, not around the runner script
  # (valgrind on bash would check bash).
  test_args+=(--suite cli)
  export AUDITSIM_WRAPPER='valgrind --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite -q'
fi

status=0
meson test -C "$dir" "${test_args[@]}" || status=$?

# Add up what each test binary reported on its closing line ("unit: N passed, N failed",
# "cli: N passed, N failed").
log="$dir/meson-logs/testlog.txt"
passed=$(grep -Eo '^(unit|cli|fuzz|browser|install|layers|yaml|man|fleet|dask): [0-9]+ passed' "$log" | awk '{s += $2} END {print s + 0}')
failed=$(grep -Eo '^(unit|cli|fuzz|browser|install|layers|yaml|man|fleet|dask): [0-9]+ passed, [0-9]+ failed' "$log" | awk '{s += $4} END {print s + 0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # a test binary crashed or failed before it could report
fi
echo
echo "tests: $passed passed, $failed failed"
exit "$status"
