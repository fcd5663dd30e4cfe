#!/usr/bin/env bash
# CLI golden tests. Each folder under tests/cli/cases/ is one test:
#   cmd     the arguments to auditsim, one shell line, run from the repository root
#           (may use a pipe: "$AUDITSIM" is the binary)
#   rc      the expected exit code
#   stdout  the expected standard output (exact)
#   stderr  optional: the expected standard error (exact)
# AUDITSIM_WRAPPER="valgrind --error-exitcode=99 -q" runs every auditsim of every case under
# that command (tests/run.sh --valgrind does), however the case's cmd calls it.
# UPDATE_GOLDEN=1 tests/cli/run.sh BINARY [CASE...] rewrites stdout/stderr/rc from the
# current binary, for every case or the ones named (review the diff before committing).
set -uo pipefail
AUDITSIM=$(realpath "${1:?usage: tests/cli/run.sh path/to/auditsim}")
export AUDITSIM
cd "$(dirname "$0")/../.."
cases=tests/cli/cases
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # cases may run the binary as another user (see hostile-*-unreadable)
if [ -n "${AUDITSIM_WRAPPER:-}" ]; then
  printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$AUDITSIM_WRAPPER" "$AUDITSIM" >"$tmp/auditsim"
  chmod 755 "$tmp/auditsim"
  AUDITSIM=$tmp/auditsim
fi

# Case names after the binary run only those cases (UPDATE_GOLDEN=1 then rewrites only them).
shift
only=" $* "
# Cases run CLI_JOBS at a time (default: the cores available); each writes its verdict to
# its own file, and the verdicts are printed in name order, so the output does not depend
# on the order they finish in.
jobs=${CLI_JOBS:-$(nproc 2>/dev/null || echo 1)}

# Runs one case; writes "ok", "skip" or "FAIL" and the details to $tmp/verdict/NAME.
run_case() {
  local dir=$1 name=$2 verdict="$tmp/verdict/$2" out="$tmp/run/$2.out" err="$tmp/run/$2.err"
  # Cases that replay hundreds of thousands of requests take minutes under valgrind; they
  # run in the plain and sanitizer passes.
  if [ -n "${AUDITSIM_WRAPPER:-}" ] && [ -f "$dir/slow-under-wrapper" ]; then
    echo "skip $name (slow under $AUDITSIM_WRAPPER)" >"$verdict"
    return
  fi
  local cmd rc=0
  cmd=$(cat "$dir/cmd")
  bash -c "set -o pipefail; $cmd" >"$out" 2>"$err" || rc=$?
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$out" "$dir/stdout"
    echo "$rc" >"$dir/rc"
    [ -f "$dir/stderr" ] && cp "$err" "$dir/stderr"
  fi
  local problems=() want_rc
  want_rc=$(cat "$dir/rc")
  [ "$rc" = "$want_rc" ] || problems+=("exit code $rc, want $want_rc")
  cmp -s "$out" "$dir/stdout" || problems+=("stdout differs: $(diff "$dir/stdout" "$out" | head -20)")
  if [ -f "$dir/stderr" ]; then
    cmp -s "$err" "$dir/stderr" || problems+=("stderr differs: $(diff "$dir/stderr" "$err" | head -20)")
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    echo "ok   $name" >"$verdict"
  else
    {
      echo "FAIL $name ($cmd)"
      printf '     %s\n' "${problems[@]}"
      echo "     stderr was: $(head -5 "$err")"
    } >"$verdict"
  fi
}

mkdir -p "$tmp/verdict" "$tmp/run"
names=()
for dir in "$cases"/*/; do
  name=$(basename "$dir")
  [ $# -eq 0 ] || [[ $only == *" $name "* ]] || continue
  names+=("$name")
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n
  done
  run_case "$dir" "$name" &
done
wait

skipped=0
for name in "${names[@]}"; do
  cat "$tmp/verdict/$name"
  case $(head -c 4 "$tmp/verdict/$name") in
    "ok  ") passed=$((passed + 1)) ;;
    skip) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
done
echo
echo "cli: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
