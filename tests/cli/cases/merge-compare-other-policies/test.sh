# compare partials of other policy lists do not merge: another number of policies,
# another name (or order), the same names under another --kube-version (digest); each
# refused at the file and line of the later one, exit 1, nothing printed.
set -u
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
log=fixtures/logs/audit2rbac-demo.jsonl
c() { "$AUDITSIM" compare -o json --partial "$@" "$log"; }
c -p policies/gke.yaml -p policies/eks.yaml >"$d/a.partial"
c -p policies/gke.yaml -p policies/eks.yaml -p policies/k8s-docs.yaml >"$d/three.partial"
c -p policies/eks.yaml -p policies/gke.yaml >"$d/swapped.partial"
c -p policies/gke.yaml -p policies/eks.yaml --kube-version 1.30 >"$d/old.partial"
cd "$d"
for other in three swapped old; do
	"$AUDITSIM" merge a.partial "$other.partial"; echo "exit $?"
done
