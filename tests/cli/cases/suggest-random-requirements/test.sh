# 60 random requirement sets (selectors, bounds, excepts, stages drawn from the fields
# the policy language has) on scenarios and a real recording: each conflicts, or gives a
# policy that meets every requirement for every recorded request and passes its tests.
set -u
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
for seed in $(seq 1 60); do
	python3 tests/cli/cases/suggest-random-requirements/random_requirements.py "$seed" "$t"
done | awk '{ n[$1]++ } END { for (k in n) print k, n[k] }' | sort
