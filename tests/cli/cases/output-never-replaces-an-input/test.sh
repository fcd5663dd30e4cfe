# -o naming an input (policy, --against policy, log, scenario; by its path, through a
# symbolic link, by a hard link; a profile's file; standard input) is refused with exit 2
# and the input is left byte for byte as it was.
r=$PWD
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
reset() {
	rm -rf "$t"/* && mkdir profiles
	cp "$r/policies/k8s-docs.yaml" policy.yaml
	cp "$r/policies/gke.yaml" against.yaml
	cp "$r/fixtures/logs/audit2rbac-demo.jsonl" log.jsonl
	cp "$r/fixtures/scenarios/secrets.yaml" scenario.yaml
	cp "$r/policies/k8s-docs.yaml" profiles/k8s-docs.yaml
	cat policy.yaml against.yaml log.jsonl scenario.yaml profiles/k8s-docs.yaml | cksum >sum
}
# $1: the input to name, $2: path|symlink|hardlink; then the auditsim arguments, with
# OUT where -o goes
try() {
	input=$1 how=$2
	shift 2
	reset
	case $how in
	path) out=$input ;;
	symlink) ln -s "$input" link && out=link ;;
	hardlink) ln "$input" hard && out=hard ;;
	esac
	args=()
	for a in "$@"; do [ "$a" = OUT ] && args+=("$out") || args+=("$a"); done
	AUDITSIM_PROFILE_DIR=profiles "$AUDITSIM" "${args[@]}" 2>err
	rc=$?
	cat policy.yaml against.yaml log.jsonl scenario.yaml profiles/k8s-docs.yaml | cksum | cmp -s - sum && same=unchanged || same=CHANGED
	echo "$1 -o $input ($how): exit $rc, inputs $same; $(cat err)"
}
for how in path symlink hardlink; do
	try policy.yaml $how emit -o OUT policy.yaml log.jsonl
	try log.jsonl $how emit -o OUT policy.yaml log.jsonl
	try scenario.yaml $how emit -o OUT policy.yaml log.jsonl scenario.yaml
	try profiles/k8s-docs.yaml $how emit -o OUT --profile k8s-docs log.jsonl
	try policy.yaml $how report -o OUT policy.yaml log.jsonl
	try against.yaml $how report -o OUT policy.yaml --against against.yaml log.jsonl
	try log.jsonl $how report -o OUT policy.yaml log.jsonl
	try scenario.yaml $how report -o OUT policy.yaml scenario.yaml
	try profiles/k8s-docs.yaml $how report -o OUT --against-profile k8s-docs policy.yaml log.jsonl
done
reset
"$AUDITSIM" emit -o log.jsonl policy.yaml - <log.jsonl 2>err
echo "emit -o log.jsonl with - read from it: exit $?; $(cat err)"
reset
"$AUDITSIM" report -o log.jsonl policy.yaml - <log.jsonl 2>err
echo "report -o log.jsonl with - read from it: exit $?; $(cat err)"
