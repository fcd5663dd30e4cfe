# Started with descriptor 0, 1 or 2 closed, auditsim must not let a file it opens take
# that number: emit -o FILE writes the same log as with all three open, and nothing else
# lands in it. Reading a closed standard input, or writing a closed standard output, is
# an error that is reported (exit 2).
# Under valgrind (tests/run.sh --valgrind), valgrind needs a stderr of its own: it logs to
# descriptor 9, a copy of the original stderr; the plain run ignores VALGRIND_OPTS.
export VALGRIND_OPTS=--log-fd=9
r=$PWD
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
cp "$r/policies/k8s-docs.yaml" policy.yaml
cp "$r/fixtures/logs/audit2rbac-demo.jsonl" log.jsonl
"$AUDITSIM" emit policy.yaml log.jsonl -o expected 2>/dev/null
echo "all open: exit $?, $(wc -l <expected) lines"
check() {
	rc=$1 name=$2
	if cmp -s expected out; then what="the same log"; else what="a different file ($(wc -c <out) bytes: $(head -c 60 out))"; fi
	echo "$name: exit $rc, $what"
	rm -f out
}
"$AUDITSIM" emit policy.yaml log.jsonl -o out 9>&2 <&- 2>/dev/null
check $? "emit -o out <&-"
"$AUDITSIM" emit policy.yaml log.jsonl -o out 9>&2 >&- 2>/dev/null
check $? "emit -o out >&-"
"$AUDITSIM" emit policy.yaml log.jsonl -o out 9>&2 2>&-
check $? "emit -o out 2>&-"
"$AUDITSIM" emit policy.yaml log.jsonl -o out 9>&2 <&- >&- 2>&-
check $? "emit -o out <&- >&- 2>&-"
"$AUDITSIM" report policy.yaml log.jsonl -o expected.html 2>/dev/null
"$AUDITSIM" report policy.yaml log.jsonl -o out 9>&2 <&- >&- 2>&-
echo "report -o out <&- >&- 2>&-: exit $?, $(cmp -s expected.html out && echo the same report || echo another file)"
rm -f out
"$AUDITSIM" emit policy.yaml - -o out 9>&2 <&- 2>&1
echo "emit LOG - <&-: exit $?, out $(ls out 2>&1 | sed 's/.*No such file.*/absent/')"
"$AUDITSIM" emit policy.yaml log.jsonl 9>&2 2>&1 >&- | grep -v 'need bodies'
echo "emit to stdout >&-: exit ${PIPESTATUS[0]}"
