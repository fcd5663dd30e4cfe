# The suggested policy for the security baseline on the cluster day loads in `check`,
# passes its own `--tests` file under `auditsim test`, meets every requirement for every
# recorded request (exit 0), is the same byte for byte on a second run, and is lint-clean.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
"$AUDITSIM" suggest --baseline security -o "$t/p.yaml" --tests "$t/t.yaml" \
	fixtures/scenarios/cluster-day.yaml >"$t/out" 2>/dev/null
echo "suggest: $?"
head -3 "$t/out"
"$AUDITSIM" suggest --baseline security fixtures/scenarios/cluster-day.yaml 2>/dev/null |
	"$AUDITSIM" check /dev/stdin | head -1
echo "check: ${PIPESTATUS[1]}"
"$AUDITSIM" test "$t/p.yaml" "$t/t.yaml"
echo "test: $?"
"$AUDITSIM" suggest --baseline security fixtures/scenarios/cluster-day.yaml 2>/dev/null >"$t/again.yaml"
cmp -s "$t/p.yaml" "$t/again.yaml" && echo "same policy, byte for byte"
grep -c '^- level:' "$t/p.yaml"
# and lint finds no error or warning in it (notes only: exec's requestURI)
"$AUDITSIM" lint "$t/p.yaml" | tail -1 | sed "s|$t/||"
