# SIGTERM, SIGINT or SIGHUP while emit or report is writing -o FILE: FILE keeps its old
# content (or stays absent), no temporary file is left, and the exit status is the
# signal's. The LOG is a FIFO this script holds open, so auditsim is still reading it
# when the signal comes; the signal is sent once the temporary file exists (polled, at
# most 60 s each, for slow valgrind starts). No step waits on timing luck: once the signal
# is sent the FIFO is closed, so even a run that ignored the signal ends.
r=$PWD
t=$(mktemp -d)
trap 'exec 3>&-; rm -rf "$t"' EXIT
cd "$t"
cp "$r/policies/k8s-docs.yaml" policy.yaml
head -5 "$r/fixtures/logs/audit2rbac-demo.jsonl" >first-events.jsonl
for cmd in emit report; do
	for sig in TERM INT HUP; do
		for target in existing absent; do
			rm -rf w && mkdir w && cd w
			mkfifo fifo
			[ $target = existing ] && echo old >out
			exec 3<>fifo
			cat ../first-events.jsonl >&3
			# A non-interactive shell starts background jobs with SIGINT ignored, and a run
			# under nohup has SIGHUP ignored: the child gets every signal's default action.
			# It must not inherit fd 3, or it would hold the FIFO's writer itself and never
			# see the end of its input.
			env --default-signal "$AUDITSIM" $cmd ../policy.yaml fifo -o out 2>/dev/null 3>&- &
			pid=$!
			for _ in $(seq 600); do
				ls out.tmp-* >/dev/null 2>&1 && break
				kill -0 $pid 2>/dev/null || break
				sleep 0.1
			done
			temp=$(ls out.tmp-* 2>/dev/null | wc -l)
			kill -$sig $pid
			exec 3>&-
			wait $pid
			status=$?
			echo "$cmd, SIG$sig, out $target: temporary files before $temp; exit status $status;" \
				"out: $(cat out 2>&1 | sed 's/.*No such file.*/absent/' | head -c 20); left: $(ls | tr '\n' ' ')"
			cd ..
		done
	done
done
