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

skipped=0
# Case names after the binary run only those cases (UPDATE_GOLDEN=1 then rewrites only them).
shift
only=" $* "
for dir in "$cases"/*/; do
  name=$(basename "$dir")
  [ $# -eq 0 ] || [[ $only == *" $name "* ]] || continue
  # Cases that replay hundreds of thousands of requests take minutes under valgrind; they
  # run in the plain and sanitizer passes.
  if [ -n "${AUDITSIM_WRAPPER:-}" ] && [ -f "$dir/slow-under-wrapper" ]; then
    skipped=$((skipped + 1))
    echo "skip $name (slow under $AUDITSIM_WRAPPER)"
    continue
  fi
  cmd=$(cat "$dir/cmd")
  rc=0
  bash -c "set -o pipefail; $cmd" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/out" "$dir/stdout"
    echo "$rc" >"$dir/rc"
    [ -f "$dir/stderr" ] && cp "$tmp/err" "$dir/stderr"
  fi
  problems=()
  want_rc=$(cat "$dir/rc")
  [ "$rc" = "$want_rc" ] || problems+=("exit code $rc, want $want_rc")
  cmp -s "$tmp/out" "$dir/stdout" || problems+=("stdout differs: $(diff "$dir/stdout" "$tmp/out" | head -20)")
  if [ -f "$dir/stderr" ]; then
    cmp -s "$tmp/err" "$dir/stderr" || problems+=("stderr differs: $(diff "$dir/stderr" "$tmp/err" | head -20)")
  fi
  if [ ${#problems[@]} -eq 0 ]; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name ($cmd)"
    printf '     %s\n' "${problems[@]}"
    echo "     stderr was: $(head -5 "$tmp/err")"
  fi
done
echo
echo "cli: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
