# The real AKS samples (fixtures/logs/sysdig-aks-*) exported as rows of AKSAudit in every
# shape (fixtures/aks/, see its SOURCES.md) replay to the same decisions as the original
# events: auditID, level, rule, stages and omitManagedFields of every request, and the
# same bytes. emit writes lines of the same lengths; byte for byte the same where the
# dynamic columns keep kube-apiserver's key order and the times their microseconds.
set -u
originals="fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json
fixtures/logs/sysdig-aks-eventhub-single-record-kube-audit-2020.json
fixtures/logs/sysdig-aks-kube-audit-event-RequestResponse-pretty-2020.json"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
decisions() {
	"$AUDITSIM" replay --profile aks-kube-audit -o jsonl "$@" 2>/dev/null |
		jq -c '[.auditID, .level, .rule, .stages, .omitManagedFields]' | sort
}
bytes() {
	"$AUDITSIM" replay --profile aks-kube-audit -o jsonl "$@" 2>/dev/null |
		jq -c '[.auditID, .bytes]' | sort
}
decisions $originals >"$t/decisions"
bytes $originals >"$t/bytes"
"$AUDITSIM" emit --profile aks-kube-audit $originals 2>/dev/null >"$t/emit"
awk '{ print length($0) }' "$t/emit" >"$t/lengths"
echo "original events: $(wc -l <"$t/decisions") requests, $(wc -l <"$t/emit") lines emitted"
for shape in aksaudit-objects.json aksaudit-strings.json aksaudit-objects.jsonl \
	aksaudit-strings.jsonl aksaudit.csv insights-logs-kube-audit-PT1H.json; do
	f=fixtures/aks/$shape
	for j in 1 2; do
		decisions -j $j "$f" >"$t/d"
		cmp -s "$t/decisions" "$t/d" && d=equal || d="DIFFER ($(diff "$t/decisions" "$t/d" | head -3))"
		[ $j = 1 ] && d1=$d || d2=$d
	done
	bytes "$f" >"$t/b"
	cmp -s "$t/bytes" "$t/b" && b=equal || b=DIFFER
	"$AUDITSIM" emit --profile aks-kube-audit "$f" 2>/dev/null >"$t/e"
	if cmp -s "$t/emit" "$t/e"; then
		e="identical"
	elif awk '{ print length($0) }' "$t/e" | cmp -s "$t/lengths" -; then
		e="same lengths"
	else
		e=DIFFER
	fi
	echo "$shape: decisions $d1 (-j 1), $d2 (-j 2); replay bytes $b; emitted lines $e"
done
