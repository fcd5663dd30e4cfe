#!/usr/bin/env bash
# bench/compare.sh — one `auditsim compare` of N policies against N separate replays.
#
# compare reads and parses each event once and decides it under every policy; N replays
# read and parse the log N times. Generates a log with gen-audit-log (kept between runs),
# warms the page cache, then times, best of --runs:
#   compare  auditsim compare -j J --profile P1 ... --profile PN -o json LOG
#   replays  auditsim replay -j J --profile P1 -o json LOG; ... (one after the other)
# and prints both wall and CPU (user + system) times and replays / compare: on a shared
# machine the CPU time is the steadier of the two. Also checks that each policy's
# requests, events, bytes and gzipBytes are the same in both (jq). See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
	cat <<'EOF'
usage: bench/compare.sh [--size MB] [--profile P] [--runs N] [--jobs J] [--seed N]
                        [--data DIR] [--log FILE] [POLICY_PROFILE...]

  --size MB     generated log size, MB = 10^6 bytes (default 200)
  --profile P   gen-audit-log's level: metadata (default), request, requestresponse
  --runs N      timed runs of each side, best reported (default 3)
  --jobs J      auditsim's -j for both sides (default 1: one core each)
  --seed N      generator seed (default 1)
  --data DIR    where the log goes (default /tmp/auditsim-bench)
  --log FILE    an existing log to use instead of generating one (never rewritten)
  POLICY_PROFILE...  shipped profiles compared (default: k8s-docs gke aks-kube-audit)

Environment: AUDITSIM (default build/src/auditsim), GEN_AUDIT_LOG (default
build/bench/gen-audit-log next to AUDITSIM's build).
EOF
}

SIZE=200 LEVEL=metadata RUNS=3 JOBS=1 SEED=1 DATA=${BENCH_DATA:-/tmp/auditsim-bench}
PROFILES=() LOG=
while [ $# -gt 0 ]; do
	case "$1" in
	--size) SIZE=$2; shift ;;
	--profile) LEVEL=$2; shift ;;
	--runs) RUNS=$2; shift ;;
	--jobs) JOBS=$2; shift ;;
	--seed) SEED=$2; shift ;;
	--data) DATA=$2; shift ;;
	--log) LOG=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	-*) usage >&2; exit 2 ;;
	*) PROFILES+=("$1") ;;
	esac
	shift
done
[ ${#PROFILES[@]} -ge 2 ] || PROFILES=(k8s-docs gke aks-kube-audit)

AUDITSIM=${AUDITSIM:-$ROOT/build/src/auditsim}
GEN=${GEN_AUDIT_LOG:-$(dirname "$(dirname "$AUDITSIM")")/bench/gen-audit-log}
for tool in "$AUDITSIM" "$GEN"; do
	[ -x "$tool" ] || { echo "bench/compare.sh: no $tool (build it with ninja)" >&2; exit 2; }
done
for tool in jq bc /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench/compare.sh: needs $tool" >&2; exit 2; }
done

mkdir -p "$DATA"
if [ -n "$LOG" ]; then
	[ -s "$LOG" ] || { echo "bench/compare.sh: no log $LOG" >&2; exit 2; }
else
	LOG=$DATA/compare-$LEVEL-${SIZE}mb-seed$SEED.jsonl
fi
if [ "$LOG" = "$DATA/compare-$LEVEL-${SIZE}mb-seed$SEED.jsonl" ] &&
	{ [ ! -s "$LOG" ] || [ "$GEN" -nt "$LOG" ]; }; then
	echo "==> generating $LOG" >&2
	"$GEN" --seed "$SEED" --size "$SIZE" --profile "$LEVEL" -o "$LOG"
fi
cat "$LOG" >/dev/null # into the page cache: the runs measure CPU, not the disk

TIMES=$DATA/compare-times
# Runs the auditsim command given, adding its "wall cpu" seconds to $TIMES.
timed() {
	/usr/bin/time -f '%e %U %S' -o "$TIMES.one" "$@"
	awk '{ print $1, $2 + $3 }' "$TIMES.one" >>"$TIMES"
}

# "wall cpu" seconds of the best (by wall time) of RUNS runs of the function named $1,
# each run the sum of the commands it timed.
best_of() {
	local best= run
	for ((run = 0; run < RUNS; run++)); do
		: >"$TIMES"
		"$1"
		local t
		t=$(awk '{ w += $1; c += $2 } END { printf "%.3f %.3f", w, c }' "$TIMES")
		if [ -z "$best" ] || [ "$(echo "${t% *} < ${best% *}" | bc -l)" = 1 ]; then best=$t; fi
	done
	echo "$best"
}

profile_args=()
for p in "${PROFILES[@]}"; do profile_args+=(--profile "$p"); done
run_compare() { timed "$AUDITSIM" compare -j "$JOBS" "${profile_args[@]}" -o json "$LOG" >"$DATA/compare.json"; }
run_replays() {
	local i=0
	for p in "${PROFILES[@]}"; do
		timed "$AUDITSIM" replay -j "$JOBS" --profile "$p" -o json "$LOG" >"$DATA/replay-$i.json"
		i=$((i + 1))
	done
}

n=${#PROFILES[@]}
echo "==> $n policies (${PROFILES[*]}) on $LOG ($(stat -c %s "$LOG") bytes), -j $JOBS, best of $RUNS" >&2
t_compare=$(best_of run_compare)
t_replays=$(best_of run_replays)

same=yes
for ((i = 0; i < n; i++)); do
	jq -e --slurpfile r "$DATA/replay-$i.json" --argjson i "$i" \
		'.policies[$i] as $p | $r[0] as $r | $p.requests == $r.requests and $p.events == $r.events and $p.bytes == $r.volume.bytes and $p.gzipBytes == $r.volume.gzipBytes' \
		"$DATA/compare.json" >/dev/null || same=no
done

read -r wall_c cpu_c <<<"$t_compare"
read -r wall_r cpu_r <<<"$t_replays"
printf '%-34s %8s %8s\n' "" "wall s" "cpu s"
printf '%-34s %8.2f %8.2f\n' "compare of $n policies, one pass" "$wall_c" "$cpu_c"
printf '%-34s %8.2f %8.2f\n' "$n separate replays" "$wall_r" "$cpu_r"
printf '%-34s %8.2f %8.2f\n' "ratio (replays / compare)" "$(echo "$wall_r / $wall_c" | bc -l)" "$(echo "$cpu_r / $cpu_c" | bc -l)"
# issue 16's target: compare of N policies at most 1 + 0.15 N times one replay (the mean
# of the N replays here)
printf '%-34s %8.2f %8.2f   (target <= %.2f)\n' "compare / one replay (mean)" \
	"$(echo "$wall_c * $n / $wall_r" | bc -l)" "$(echo "$cpu_c * $n / $cpu_r" | bc -l)" \
	"$(echo "1 + 0.15 * $n" | bc -l)"
echo "figures equal in both: $same"
[ "$same" = yes ]
