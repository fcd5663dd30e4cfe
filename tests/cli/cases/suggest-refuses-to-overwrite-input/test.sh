# -o and --tests never replace an input: the requirements file is left as it was.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf 'requirements:\n- verbs: [create]\n  atLeast: Metadata\n' >"$t/r.yaml"
cp "$t/r.yaml" "$t/before"
"$AUDITSIM" suggest --require "$t/r.yaml" -o "$t/r.yaml" fixtures/scenarios/secrets.yaml 2>&1 | sed "s|$t/||g"
echo "rc: ${PIPESTATUS[0]}"
"$AUDITSIM" suggest --require "$t/r.yaml" --tests "$t/r.yaml" fixtures/scenarios/secrets.yaml 2>&1 >/dev/null | sed "s|$t/||g"
cmp -s "$t/r.yaml" "$t/before" && echo "unchanged"
