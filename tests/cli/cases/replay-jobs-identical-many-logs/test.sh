# -j 2 and -j 8 give what -j 1 gives (standard output, standard error, exit code) over
# many LOGs in one run: multi-MB JSON lines logs (many 256 KiB blocks, scanned in
# parallel) with bad lines in the middle; the same file twice; gzip; standard input and a
# FIFO; a scenario, an Azure export and a pretty-printed EventList (read by their own
# readers) between them; RequestResponse records of 256 KiB to 5 MB that straddle blocks;
# a value that runs on over lines; --strict stopping in the third file.
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
P=policies/k8s-docs.yaml
for i in $(seq 30); do
  cat fixtures/logs/*.jsonl
  echo '{"kind":"Event","auditID":'
  echo "not JSON $i"
done >"$t/big.jsonl"
rr() {
  printf '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"%s","stage":"ResponseComplete","requestURI":"/api/v1/namespaces/n/pods","verb":"list","user":{"username":"u-%s"},"responseObject":{"kind":"PodList","pad":"' "$1" "$1"
  head -c "$2" /dev/zero | tr '\0' y
  printf '"}}\n'
}
{
  for i in $(seq 30); do rr small-$i 3000; done
  rr big1 300000
  rr big2 5000000
  for i in $(seq 200); do rr s-$i 2000; done
  rr big3 262144
  printf '{"kind":"Event","apiVersion":"audit.k8s.io/v1",\n"level":"Metadata","auditID":"split","stage":"ResponseComplete",\n"requestURI":"/api","verb":"get"}\n'
  rr big4 700001
  for i in $(seq 100); do rr t-$i 1500; done
} >"$t/rr.jsonl"
gzip -c "$t/big.jsonl" >"$t/big.jsonl.gz"

# One run; the argument FIFO becomes a fresh FIFO written from $t/rr.jsonl, STDIN the file
# read on standard input.
run() {
  local jobs=$1 out=$2
  shift 2
  local args=() arg
  for arg in "$@"; do
    if [ "$arg" = FIFO ]; then
      rm -f "$t/fifo"
      mkfifo "$t/fifo"
      cat "$t/rr.jsonl" >"$t/fifo" &
      arg=$t/fifo
    fi
    args+=("$arg")
  done
  "$AUDITSIM" replay -j "$jobs" "${args[@]}" <"$t/big.jsonl" >"$out.out" 2>"$out.err"
  echo "rc=$?" >>"$out.out"
  # a run that stopped before the FIFO never opened it: let its writer go
  [ -p "$t/fifo" ] && : <>"$t/fifo"
  wait
}
same() {
  local label=$1 verdict=same
  shift
  run 1 "$t/j1" "$@"
  for j in 2 8; do
    run "$j" "$t/j$j" "$@"
    cmp -s "$t/j1.out" "$t/j$j.out" && cmp -s "$t/j1.err" "$t/j$j.err" || verdict="DIFFERENT (-j $j)"
  done
  echo "$verdict: $label ($(grep -c . "$t/j1.out") lines out, $(grep -c . "$t/j1.err") lines on stderr)"
}
L="$t/big.jsonl $t/rr.jsonl fixtures/scenarios/secrets.yaml $t/big.jsonl.gz fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json - FIFO $t/big.jsonl"
for o in jsonl json; do
  # shellcheck disable=SC2086
  same "-o $o, eight LOGs" -o $o $P $L
done
# shellcheck disable=SC2086
same "--strict stops in the third LOG" -o jsonl --strict $P $t/rr.jsonl fixtures/scenarios/secrets.yaml $L
same "RequestResponse records larger than a block" -o jsonl $P "$t/rr.jsonl"
