# group "*" in a requirement is refused before 1.36, as in a policy, with its position.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf 'requirements:\n- resources: [{group: "*"}]\n  atLeast: Metadata\n' >"$t/r.yaml"
"$AUDITSIM" suggest --kube-version 1.35 --require "$t/r.yaml" fixtures/scenarios/secrets.yaml 2>&1 >/dev/null | sed "s|$t/||g"
echo "rc: ${PIPESTATUS[0]}"
"$AUDITSIM" suggest --kube-version 1.36 --require "$t/r.yaml" --against metadata-only fixtures/scenarios/secrets.yaml 2>/dev/null | grep -A2 '^- level: Metadata'
