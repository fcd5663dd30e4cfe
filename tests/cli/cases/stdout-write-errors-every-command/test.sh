# Every command whose result goes to standard output, with standard output on /dev/full
# or closed: exit 2 and one message that says so, whether the output was big enough to
# be written while running or still buffered at exit.
export VALGRIND_OPTS=--log-fd=9 # valgrind's own stderr, under tests/run.sh --valgrind
export AUDITSIM_PROFILE_DIR=policies
log=fixtures/logs/audit2rbac-demo.jsonl
run() {
	for stdout in /dev/full closed; do
		if [ $stdout = closed ]; then
			"$AUDITSIM" "$@" 9>&2 2>&1 >&- | grep -v 'need bodies'
		else
			"$AUDITSIM" "$@" 9>&2 2>&1 >/dev/full | grep -v 'need bodies'
		fi
		echo "    ^ $* >$stdout: exit ${PIPESTATUS[0]}"
	done
}
run --version
run help
run check policies/k8s-docs.yaml
run replay policies/k8s-docs.yaml $log
run replay -o json policies/k8s-docs.yaml $log
run explain policies/k8s-docs.yaml --verb list --resource pods --user alice
run profiles
run lint policies/k8s-docs.yaml
run diff policies/k8s-docs.yaml --profile gke $log
run emit policies/k8s-docs.yaml $log
run emit -o - policies/k8s-docs.yaml $log
run report policies/k8s-docs.yaml $log -o -
run compare --profile gke -p policies/k8s-docs.yaml $log
run compare -o yaml --profile gke -p policies/k8s-docs.yaml $log
run test --profile k8s-docs fixtures/scenarios/profiles/k8s-docs.yaml
run test -o junit --profile k8s-docs fixtures/scenarios/profiles/k8s-docs.yaml
run check -o yaml policies/k8s-docs.yaml
