# One accounting: diff's events and bytes under A and B, and with a volume option its
# volumeA/volumeB, are what `replay -o json` gives for each policy alone — on logs with
# requests that never completed (their stages counted as written, not as the policy's).
L="fixtures/logs/sysdig-aks-eventhub-records-kube-audit-2020.json fixtures/logs/audit2rbac-demo.jsonl"
for pair in "aks-kube-audit aks-kube-audit-admin" "gke k8s-docs"; do
  set -- $pair
  d=$("$AUDITSIM" diff -o json --duration 1h --sink azure-basic --profile "$1" --profile "$2" $L)
  for side in A B; do
    p=$1; [ $side = B ] && p=$2
    r=$("$AUDITSIM" replay -o json --duration 1h --sink azure-basic --profile "$p" $L)
    want=$(jq -c '[.events, .volume.bytes, .volume]' <<<"$r")
    got=$(jq -c --arg s "$side" '[.["events" + $s], .["bytes" + $s], .["volume" + $s]]' <<<"$d")
    if [ "$want" = "$got" ]; then
      echo "$p: equal ($(jq -c '[.events, .volume.bytes, .volume.projection.eventsPerDay, .volume.sinks[0].costPerMonth]' <<<"$r"))"
    else
      echo "$p: diff and replay differ"; diff <(jq . <<<"$want") <(jq . <<<"$got") | head
    fi
  done
done
