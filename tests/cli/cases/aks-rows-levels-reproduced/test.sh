# Every Level recorded in the AKS rows is the level the AKS profiles decide: AKSAudit
# rows under aks-kube-audit, AKSAuditAdmin rows (the same events without get and list)
# under aks-kube-audit-admin, in each row shape. The levels are compared by auditID with
# the rows' own Level column.
set -u
recorded() { # the rows' AuditId and Level, from a JSON array, JSON lines or the CSV
	case "$1" in
	*.csv) sed '1s/^\xEF\xBB\xBF//' "$1" | python3 -c 'import csv, sys
for r in csv.DictReader(sys.stdin): print(r["AuditId"], r["Level"])' ;;
	*) jq -r 'if type == "array" then .[] else . end | "\(.AuditId) \(.Level)"' "$1" ;;
	esac | sort
}
decided() {
	"$AUDITSIM" replay --profile "$1" -o jsonl "$2" 2>/dev/null | jq -r '"\(.auditID) \(.level)"' | sort
}
check() {
	join <(recorded "$2") <(decided "$1" "$2") |
		awk -v p="$1" -v f="${2#fixtures/aks/}" '{ n++; if ($2 == $3) ok++ }
			END { print f " under " p ": " ok + 0 "/" n " recorded levels reproduced" }'
}
for f in fixtures/aks/aksaudit-objects.json fixtures/aks/aksaudit-strings.jsonl fixtures/aks/aksaudit.csv; do
	check aks-kube-audit "$f"
done
check aks-kube-audit-admin fixtures/aks/aksauditadmin-objects.json
# the admin profile drops get and list: of the AKSAudit rows, only the others remain
echo "aksaudit-objects.json under aks-kube-audit-admin: $("$AUDITSIM" replay --profile aks-kube-audit-admin -o jsonl fixtures/aks/aksaudit-objects.json 2>/dev/null | jq -r .level | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')"
