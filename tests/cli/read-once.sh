#!/usr/bin/env bash
# usage: tests/cli/read-once.sh COMMAND LOG   (from the repository root, $AUDITSIM set)
#
# Runs `auditsim COMMAND ... LOG` with LOG's bytes arriving through a FIFO, `<(cat LOG)`,
# `/dev/stdin` and `-` (from a pipe), and for a recorded log also gzip-compressed through a
# FIFO and a pipe, and prints one line per way: "same" when standard output, standard error
# and the exit code are those of a plain copy of LOG, else what differs. The copy has the
# name the way gives the file (a scenario's audit IDs hold its name); the names themselves
# are replaced by LOG before comparing. A reader that opens its LOG twice loses the bytes
# the first open took, or waits forever on a FIFO whose writer is gone: every run has a
# time limit.
set -uo pipefail
command=${1:?usage: read-once.sh COMMAND LOG}
log=${2:?usage: read-once.sh COMMAND LOG}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
limit=${READ_ONCE_TIMEOUT:-120}

# run NAME PATH [STDIN]: runs the command on PATH, output normalised into $tmp/NAME.*
run() {
  local name=$1 path=$2 input=${3:-/dev/null} args rc=0
  case "$command" in
    replay) args=(replay -o jsonl policies/k8s-docs.yaml "$path") ;;
    summary) args=(replay --summary -o json policies/k8s-docs.yaml "$path") ;;
    emit) args=(emit policies/k8s-docs.yaml "$path") ;;
    diff) args=(diff policies/gke.yaml policies/k8s-docs.yaml "$path") ;;
    lint) args=(lint policies/k8s-docs.yaml "$path") ;;
    report) args=(report policies/k8s-docs.yaml "$path" -o -) ;;
    *) echo "read-once.sh: unknown command $command" >&2; exit 2 ;;
  esac
  timeout "$limit" "$AUDITSIM" "${args[@]}" <"$input" >"$tmp/$name.out" 2>"$tmp/$name.err" || rc=$?
  echo "$rc" >"$tmp/$name.rc"
  if [ "$path" = - ]; then
    sed -i -e 's|"file":"-"|"file":"LOG"|g' -e 's|^auditsim: -:|auditsim: LOG:|' \
      -e 's|<code>-</code>|<code>LOG</code>|g' "$tmp/$name.out" "$tmp/$name.err"
  else
    sed -i -e "s|$path|LOG|g" "$tmp/$name.out" "$tmp/$name.err"
  fi
}

# reference PATH: runs the command on a plain copy of LOG named as PATH names its file
reference() {
  rm -rf "$tmp/ref"
  mkdir "$tmp/ref"
  cp "$log" "$tmp/ref/${1##*/}"
  run plain "$tmp/ref/${1##*/}"
  [ -s "$tmp/plain.out" ] || echo "$command $log: the plain file gives no output"
}

compare() {
  local name=$1 what=()
  cmp -s "$tmp/plain.rc" "$tmp/$name.rc" || what+=("exit code $(cat "$tmp/$name.rc"), want $(cat "$tmp/plain.rc")")
  cmp -s "$tmp/plain.out" "$tmp/$name.out" || what+=("stdout differs")
  cmp -s "$tmp/plain.err" "$tmp/$name.err" || what+=("stderr differs: $(diff "$tmp/plain.err" "$tmp/$name.err" | sed -n 2p)")
  if [ ${#what[@]} -eq 0 ]; then
    echo "$command $log $name: same"
  else
    echo "$command $log $name: ${what[*]}"
  fi
}

# through_fifo NAME PRODUCER...: runs on a FIFO named like LOG that PRODUCER writes into
through_fifo() {
  local name=$1
  shift
  rm -rf "$tmp/fifo"
  mkdir "$tmp/fifo"
  local fifo=$tmp/fifo/${log##*/}
  mkfifo "$fifo"
  "$@" >"$fifo" 2>/dev/null &
  local writer=$!
  reference "$fifo"
  run "$name" "$fifo"
  kill "$writer" 2>/dev/null
  wait "$writer" 2>/dev/null
  compare "$name"
}

through_fifo fifo cat "$log"
# by_path NAME PATH [STDIN]
by_path() {
  reference "$2"
  run "$@"
  compare "$1"
}
by_path process-substitution <(cat "$log")
by_path dev-stdin /dev/stdin <(cat "$log")
by_path dash - <(cat "$log")

case "$log" in
  *.yaml | *.yml) ;; # a scenario is never gzip-compressed
  *)
    through_fifo gzip-fifo gzip -c "$log"
    by_path gzip-dash - <(gzip -c "$log")
    ;;
esac
exit 0
