# Writes a policy of `rules` per-tenant rules: awk -v rules=50000 -v seed=0 -f big-policy.awk
# Every tenth rule repeats the rule five before it (so lint finds it SHADOWED), the last
# is a catch-all; `seed` shifts levels and resources, for a second policy to diff against.
# tests/test_coverage_index.c writes the same policy (seed 0) for its unit test.
BEGIN {
	split("None Metadata Request RequestResponse", levels, " ")
	split("pods deployments services configmaps jobs leases", resources, " ")
	groups[1] = ""; groups[2] = "apps"; groups[3] = ""; groups[4] = ""
	groups[5] = "batch"; groups[6] = "coordination.k8s.io"
	print "apiVersion: audit.k8s.io/v1"
	print "kind: Policy"
	print "omitStages: [RequestReceived]"
	print "rules:"
	for (i = 0; i < rules - 1; i++) {
		k = (i % 10 == 9) ? i - 5 : i
		r = (k + seed) % 6 + 1
		print "- level: " levels[(k * 7 + seed) % 4 + 1]
		print "  users: [user-" (k % 997) "]"
		if (k % 3 == 0)
			print "  verbs: [create, update, patch]"
		print "  namespaces: [ns-" (k % 4999) "]"
		print "  resources: [{group: '" groups[r] "', resources: [" resources[r] "]}]"
	}
	print "- level: Metadata"
}
