# Requirements that ask for a level above another's ceiling on the same requests cannot
# be met: exit 1, with the file:line:col of both.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cat >"$t/r.yaml" <<'YAML'
requirements:
- why: secrets never above Metadata
  resources: [{group: "", resources: [secrets]}]
  atMost: Metadata
YAML
"$AUDITSIM" suggest --baseline minimal --require "$t/r.yaml" --against metadata-only \
	fixtures/scenarios/secrets.yaml >/dev/null 2>"$t/err"
echo "without a conflict: $?"
cat >>"$t/r.yaml" <<'YAML'
- why: every write with its body
  verbs: [create, update, patch]
  atLeast: Request
YAML
"$AUDITSIM" suggest --require "$t/r.yaml" fixtures/scenarios/secrets.yaml 2>&1 >/dev/null | sed "s|$t/||g"
echo "rc: ${PIPESTATUS[0]}"
