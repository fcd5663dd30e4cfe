#!/usr/bin/env bash
# bench/run.sh — time auditsim against the best JSON parser, jq and wc on generated logs.
#
# Builds (or uses) gen-audit-log, auditsim and simdjson-bound, generates a Metadata and a
# RequestResponse log of each size asked for, gzips them, warms the page cache, then
# measures each command on each log: best wall time of N runs, CPU time, MB/s, peak RSS.
# Prints machine info, a summary table (one row per log, one column per command, and the
# ratios issue 16 sets targets for) and the detailed rows; saves them next to the data.
# See bench/README.md.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
	cat <<'EOF2'
usage: bench/run.sh [--sizes MB[,MB...]] [--full] [--profiles P[,P...]] [--runs N]
                    [--seed N] [--data DIR] [--no-gzip] [--gzip-error] [--gzip-error-only]

  --sizes LIST   log sizes in MB (10^6 bytes), comma-separated (default 100)
  --full         --sizes 100,1000,4000: the six logs of the full table
  --profiles L   gen-audit-log levels (default metadata,requestresponse)
  --runs N       timed runs per command, best one reported (default 3; RUNS_BIG=1 on
                 logs of 1000 MB and more, where jq runs once too)
  --seed N       generator seed (default 1)
  --data DIR     where logs and results go (default /tmp/auditsim-bench)
  --no-gzip      skip the gzip'd-input columns (inflate and replay .gz)
  --gzip-error   also compare replay's gzip estimate with `gzip -6` of what emit writes,
                 and the sampling plans with zlib over every byte (gzip-sample-bench), on
                 the generated logs and on the corpus logs (slow: full compression)
  --gzip-error-only  that comparison without the timings

Environment: AUDITSIM (default build/src/auditsim), POLICY (default
policies/k8s-docs.yaml), COMPARE_PROFILES (default "k8s-docs gke aks-kube-audit"),
GEN_AUDIT_LOG, SIMDJSON_BOUND and INFLATE_BOUND (prebuilt binaries), CORPUS (default
/work/shared/corpus/logs, for --gzip-error), and SIZES, PROFILES, RUNS, RUNS_BIG, SEED,
BENCH_DATA as defaults for the options above.
EOF2
}

SIZES=${SIZES:-100}
PROFILES=${PROFILES:-metadata,requestresponse}
RUNS=${RUNS:-3}
RUNS_BIG=${RUNS_BIG:-1}
BIG_MB=1000 # logs of this size and more are timed RUNS_BIG times
SEED=${SEED:-1}
DATA=${BENCH_DATA:-/tmp/auditsim-bench}
COMPARE_PROFILES=${COMPARE_PROFILES:-k8s-docs gke aks-kube-audit}
CORPUS=${CORPUS:-/work/shared/corpus/logs}
GZIP_INPUT=1
GZIP_ERROR=0
TIMINGS=1

while [ $# -gt 0 ]; do
	case "$1" in
	--sizes) SIZES=$2; shift ;;
	--full) SIZES=100,1000,4000 ;;
	--profiles) PROFILES=$2; shift ;;
	--runs) RUNS=$2; shift ;;
	--seed) SEED=$2; shift ;;
	--data) DATA=$2; shift ;;
	--no-gzip) GZIP_INPUT=0 ;;
	--gzip-error) GZIP_ERROR=1 ;;
	--gzip-error-only) GZIP_ERROR=1 TIMINGS=0 GZIP_INPUT=0 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done
IFS=, read -ra SIZE_LIST <<<"$SIZES"
IFS=, read -ra PROFILE_LIST <<<"$PROFILES"
read -ra COMPARE_LIST <<<"$COMPARE_PROFILES"

NOTES=()
note() { NOTES+=("$*"); echo "note: $*" >&2; }
log() { echo "==> $*" >&2; }

# ---- tools ----------------------------------------------------------------------------

check_tools() {
	local missing=0
	if [ ! -x /usr/bin/time ]; then
		echo "missing /usr/bin/time (GNU time, for peak RSS): sudo apt-get install time" >&2
		missing=1
	fi
	for tool in jq gzip wc awk; do
		if ! command -v "$tool" >/dev/null; then
			echo "missing $tool: sudo apt-get install $tool" >&2
			missing=1
		fi
	done
	[ $missing -eq 0 ] || exit 2
	if command -v hyperfine >/dev/null; then
		HYPERFINE=1
	else
		HYPERFINE=0
		note "hyperfine not found (sudo apt-get install hyperfine); timing with repeated /usr/bin/time (10 ms resolution)"
	fi
}

# ---- builds ---------------------------------------------------------------------------

# build_bench_target TARGET: builds bench/TARGET in build-bench/ (configured on first
# use); prints its path, or nothing when it cannot be built there.
build_bench_target() {
	local build="$ROOT/build-bench" target=$1
	if { [ -f "$build/build.ninja" ] || meson setup "$build" "$ROOT" >"$DATA/meson-setup.log" 2>&1; } &&
		ninja -C "$build" "bench/$target" >"$DATA/$target-build.log" 2>&1; then
		echo "$build/bench/$target"
	fi
}

# Sets GEN to a gen-audit-log binary: $GEN_AUDIT_LOG, else the meson target in
# build-bench/, else a direct compile of bench/*.c when the rest of the tree does not
# configure.
build_generator() {
	if [ -n "${GEN_AUDIT_LOG:-}" ] && [ -x "$GEN_AUDIT_LOG" ]; then
		GEN=$GEN_AUDIT_LOG
		return
	fi
	GEN=$(build_bench_target gen-audit-log)
	[ -n "$GEN" ] && return
	log "meson could not build bench/gen-audit-log (see $DATA/gen-audit-log-build.log); compiling it directly"
	GEN="$DATA/gen-audit-log"
	${CC:-cc} -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -o "$GEN" "$ROOT"/bench/gen_*.c -lm ||
		{ echo "cannot build gen-audit-log" >&2; exit 2; }
}

# find_bench_tool PRESET TARGET: prints the path of bench/TARGET: PRESET when it is an
# executable, else next to auditsim's build, else built in build-bench/; nothing when
# there is none.
find_bench_tool() {
	local path=$1 target=$2
	if [ -z "$path" ] || [ ! -x "$path" ]; then
		path="$(dirname "$AUDITSIM")/../bench/$target"
		[ -x "$path" ] || path=$(build_bench_target "$target")
	fi
	if [ -n "$path" ] && [ -x "$path" ]; then echo "$path"; fi
}

# Sets BOUND to simdjson-bound (meson builds it only when simdjson is installed).
find_bound() {
	BOUND=$(find_bench_tool "${SIMDJSON_BOUND:-}" simdjson-bound)
	[ -n "$BOUND" ] ||
		note "no simdjson-bound (needs libsimdjson-dev and a C++ compiler when meson configures; or set SIMDJSON_BOUND=...): the bound column is skipped"
}

# Sets INFLATE to inflate-bound.
find_inflate() {
	INFLATE=$(find_bench_tool "${INFLATE_BOUND:-}" inflate-bound)
	[ -n "$INFLATE" ] || note "no inflate-bound (or set INFLATE_BOUND=...): the inflate column is skipped"
}

# Sets AUDITSIM_OK, HAS_JOBS, HAS_EMIT and HAS_COMPARE; builds the default binary when
# it is missing.
find_auditsim() {
	local default="$ROOT/build/src/auditsim"
	AUDITSIM=${AUDITSIM:-$default}
	AUDITSIM_OK=0 HAS_JOBS=0 HAS_EMIT=0 HAS_COMPARE=0
	if [ ! -x "$AUDITSIM" ] && [ "$AUDITSIM" = "$default" ]; then
		log "building auditsim in build/ (log: $DATA/auditsim-build.log)"
		{ [ -f "$ROOT/build/build.ninja" ] || meson setup "$ROOT/build" "$ROOT"; } \
			>"$DATA/auditsim-build.log" 2>&1 &&
			ninja -C "$ROOT/build" src/auditsim >>"$DATA/auditsim-build.log" 2>&1
	fi
	if [ ! -x "$AUDITSIM" ]; then
		note "auditsim not found at $AUDITSIM (build: meson setup build && ninja -C build; or set AUDITSIM=...): auditsim columns skipped"
		return
	fi
	local commands
	commands=$("$AUDITSIM" --help 2>&1)
	if ! grep -qw replay <<<"$commands"; then
		note "$AUDITSIM has no replay subcommand yet: auditsim columns skipped"
		return
	fi
	AUDITSIM_OK=1
	if "$AUDITSIM" replay --help 2>&1 | grep -Eq -- '(^|[[:space:],])(-j|--jobs)([[:space:],=]|$)'; then
		HAS_JOBS=1
	else
		note "auditsim replay has no -j yet: the -j 2 column is skipped"
	fi
	if grep -qw emit <<<"$commands"; then
		HAS_EMIT=1
	else
		note "auditsim has no emit subcommand yet: the emit column is skipped"
	fi
	if grep -qw compare <<<"$commands"; then
		HAS_COMPARE=1
	else
		note "auditsim has no compare subcommand yet: the compare column is skipped"
	fi
}

find_policy() {
	if [ -z "${POLICY:-}" ]; then
		POLICY="$ROOT/policies/k8s-docs.yaml"
		[ -f "$POLICY" ] || POLICY=$(ls "$ROOT"/policies/*.yaml 2>/dev/null | head -n 1)
	fi
	if [ -z "$POLICY" ] || [ ! -f "$POLICY" ]; then
		note "no policy file (set POLICY=...): auditsim columns skipped"
		AUDITSIM_OK=0
	fi
}

# ---- data -----------------------------------------------------------------------------

file_bytes() { stat -c %s "$1"; }

# generate PROFILE MB: prints the path of the log, regenerating it when missing or older
# than the generator.
generate() {
	local profile=$1 mb=$2
	local file="$DATA/audit-$profile-${mb}MB-seed$SEED.jsonl"
	if [ ! -s "$file" ] || [ "$GEN" -nt "$file" ]; then
		log "generating $file"
		"$GEN" --seed "$SEED" --size "$mb" --profile "$profile" --stats -o "$file" \
			2>"$file.stats" || { echo "gen-audit-log failed" >&2; exit 2; }
		head -n 1 "$file.stats" >&2
	fi
	if [ $GZIP_INPUT -eq 1 ] && { [ ! -s "$file.gz" ] || [ "$file" -nt "$file.gz" ]; }; then
		log "gzip $file"
		gzip -6 -c "$file" >"$file.gz"
	fi
	echo "$file"
}

warm_cache() {
	cat "$@" >/dev/null
}

# ---- measuring ------------------------------------------------------------------------

DETAIL=()
declare -A BEST CPU RSS FAILED

# measure KEY LABEL INPUT_BYTES RUNS COMMAND: runs COMMAND (a shell command line) once
# under /usr/bin/time -v for peak RSS, CPU time and exit status, then RUNS times for the
# best wall time (with RUNS 1 and a run of a second or more, that first run is the
# timed one); appends a detail row and records the figures under KEY.
measure() {
	local key=$1 label=$2 bytes=$3 runs=$4 cmd=$5
	local tmp="$DATA/.measure"
	log "$label"
	/usr/bin/time -v -o "$tmp.time" sh -c "$cmd" 2>"$tmp.err"
	local status=$?
	if [ $status -ne 0 ]; then
		local why
		why=$(grep -v '^\s*$' "$tmp.err" | head -n 1 | cut -c 1-100)
		DETAIL+=("| $label | failed (exit $status) | | | | ${why//|/\\|} |")
		FAILED[$key]=1
		note "$label failed (exit $status): $why"
		return
	fi
	local best
	RSS[$key]=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp.time")
	CPU[$key]=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tmp.time")
	# one run asked for (jq on 4 GB takes minutes): the one above is it, when it took long
	# enough for its 10 ms resolution
	best=$(awk -F': ' '/Elapsed \(wall clock\)/ {
		n = split($2, p, ":"); s = 0
		for (i = 1; i <= n; i++) s = s * 60 + p[i]
		print s }' "$tmp.time")
	if [ "$runs" -le 1 ] && awk -v t="$best" 'BEGIN { exit !(t >= 1) }'; then
		:
	elif [ "$HYPERFINE" -eq 1 ]; then
		hyperfine --style none --runs "$runs" --export-json "$tmp.json" "$cmd" >/dev/null 2>&1
		best=$(jq '.results[0].min' "$tmp.json")
	else
		best=
		for _ in $(seq "$runs"); do
			/usr/bin/time -f %e -o "$tmp.wall" sh -c "$cmd" >/dev/null 2>&1
			local wall
			wall=$(cat "$tmp.wall")
			best=$(awk -v a="$best" -v b="$wall" 'BEGIN { print (a == "" || b < a) ? b : a }')
		done
	fi
	BEST[$key]=$best
	DETAIL+=("$(awk -v label="$label" -v t="$best" -v cpu="${CPU[$key]}" -v bytes="$bytes" \
		-v rss="${RSS[$key]}" \
		'BEGIN { printf "| %s | %.3f | %.2f | %.0f | %.0f | |", label, t, cpu, bytes / 1e6 / t, rss / 1024 }')")
}

q() { printf '%q' "$1"; }

# measure_file NAME FILE MB: every command on one log.
measure_file() {
	local name=$1 file=$2 mb=$3
	local bytes runs=$RUNS
	bytes=$(file_bytes "$file")
	[ "$mb" -ge $BIG_MB ] && runs=$RUNS_BIG
	warm_cache "$file"
	[ -n "$BOUND" ] && measure "$name/bound" "$name: \`simdjson-bound\`" "$bytes" "$runs" \
		"$(q "$BOUND") $(q "$file") >/dev/null"
	measure "$name/wc" "$name: \`wc -l\`" "$bytes" "$runs" "wc -l $(q "$file") >/dev/null"
	# jq runs at ~35 MB/s: two minutes a run on 4 GB, so once on the big logs
	measure "$name/jq" "$name: \`jq -c 'select(.verb==\"get\")'\`" "$bytes" "$runs" \
		"jq -c 'select(.verb==\"get\")' $(q "$file") >/dev/null"
	if [ "$AUDITSIM_OK" -eq 1 ]; then
		measure_auditsim "$name" "$file" "$bytes" "$runs"
	fi
	if [ $GZIP_INPUT -eq 1 ]; then
		warm_cache "$file.gz"
		[ -n "$INFLATE" ] && measure "$name/inflate" "$name: \`inflate-bound\` (zlib) on .gz" "$bytes" "$runs" \
			"$(q "$INFLATE") $(q "$file.gz") >/dev/null"
		[ "$AUDITSIM_OK" -eq 1 ] && measure "$name/gz" "$name: \`auditsim replay $J1-o json\` on .gz" \
			"$bytes" "$runs" "$REPLAY $(q "$file.gz") -o json >/dev/null"
	fi
}

# measure_auditsim NAME FILE BYTES RUNS: replay -j 1 and -j 2, compare, emit.
measure_auditsim() {
	local name=$1 file=$2 bytes=$3 runs=$4
	measure "$name/j1" "$name: \`auditsim replay $J1-o json\`" "$bytes" "$runs" \
		"$REPLAY $(q "$file") -o json >/dev/null"
	if [ "$HAS_JOBS" -eq 1 ]; then
		measure "$name/j2" "$name: \`auditsim replay -j 2 -o json\`" "$bytes" "$runs" \
			"$(q "$AUDITSIM") replay -j 2 $(q "$POLICY") $(q "$file") -o json >/dev/null"
		same_output "$name" "$file"
	fi
	if [ "$HAS_COMPARE" -eq 1 ]; then
		local profiles="" p
		for p in "${COMPARE_LIST[@]}"; do profiles+=" --profile $(q "$p")"; done
		measure "$name/compare" "$name: \`auditsim compare $J1${COMPARE_LIST[*]} -o json\`" \
			"$bytes" "$runs" "$(q "$AUDITSIM") compare $J1$profiles $(q "$file") -o json >/dev/null"
	fi
	if [ "$HAS_EMIT" -eq 1 ]; then
		measure "$name/emit" "$name: \`auditsim emit\`" "$bytes" "$runs" \
			"$(q "$AUDITSIM") emit $(q "$POLICY") $(q "$file") >/dev/null"
	fi
}

# same_output NAME FILE: -j 1 and -j 2 must agree byte for byte (summary and every
# request); the result goes under the table.
same_output() {
	local name=$1 file=$2 format a b
	for format in json jsonl; do
		a=$("$AUDITSIM" replay -j 1 "$POLICY" "$file" -o "$format" 2>&1 | sha256sum)
		b=$("$AUDITSIM" replay -j 2 "$POLICY" "$file" -o "$format" 2>&1 | sha256sum)
		if [ "$a" = "$b" ]; then
			note "$name: \`-o $format\` output of -j 1 and -j 2 byte-identical (sha256 ${a:0:16}…)"
		else
			note "$name: \`-o $format\` output of -j 1 and -j 2 DIFFER"
		fi
	done
}

# ---- gzip error -----------------------------------------------------------------------

# gzip_error_row LABEL LOG...: replay's gzip estimate of what the policy writes (gzipBytes
# less the modelled bodies, which emit does not write) against `gzip -6` of emit's output,
# summed over the logs.
GZIP_ROWS=()
gzip_error_row() {
	local label=$1 est=0 actual=0 written=0 method="" file e a w m
	shift
	for file in "$@"; do
		read -r e w m < <("$AUDITSIM" replay -j 1 "$POLICY" "$file" -o json 2>/dev/null |
			jq -r '[.volume.gzipBytes - .volume.gzipModelledBytes, .volume.writtenBytes, .volume.gzipMethod] | @tsv') ||
			continue
		[ -n "$e" ] || continue
		a=$("$AUDITSIM" emit "$POLICY" "$file" 2>/dev/null | gzip -6 -c | wc -c)
		est=$((est + e)) actual=$((actual + a)) written=$((written + w))
		[[ " $method " == *" $m "* ]] || method+=" $m"
	done
	GZIP_ROWS+=("$(awk -v l="$label" -v e="$est" -v a="$actual" -v w="$written" -v m="${method# }" \
		'BEGIN { printf "| %s | %.1f MB | %s | %d | %d | %+.2f%% |", l, w / 1e6, m, e, a, a ? 100 * (e - a) / a : 0 }')")
}

# gzip_sample_table LABEL: the sampling plans against zlib over every byte of stdin (not
# in a pipeline: it appends to GZIP_TABLES).
GZIP_TABLES=()
gzip_sample_table() {
	local tool
	tool="$(dirname "$AUDITSIM")/../bench/gzip-sample-bench"
	if [ ! -x "$tool" ]; then
		note "no $tool (ninja -C $(dirname "$(dirname "$AUDITSIM")") bench/gzip-sample-bench): sampling plans skipped"
		cat >/dev/null
		return
	fi
	GZIP_TABLES+=("$1:" "" "$("$tool")" "")
}

# The corpus logs are small (each is compressed in full); for the sampling plans, what
# the policy writes from all of them is repeated until past 64 MiB, so that most of it
# is sampled.
corpus_emitted() {
	local once="$DATA/.corpus-emitted" i
	: >"$once"
	for f in "$CORPUS"/*.jsonl "$CORPUS"/*.json; do
		[ -f "$f" ] && "$AUDITSIM" emit "$POLICY" "$f" 2>/dev/null >>"$once"
	done
	local size reps
	size=$(file_bytes "$once")
	[ "$size" -gt 0 ] || return 0
	reps=$(((96 * 1024 * 1024) / size + 1))
	for ((i = 0; i < reps; i++)); do cat "$once"; done
}

gzip_error() {
	local file
	for file in "${FILES[@]}"; do
		log "gzip estimate vs gzip -6 on $(basename "$file")"
		gzip_error_row "$(basename "$file")" "$file"
		gzip_sample_table "$(basename "$file")" < <("$AUDITSIM" emit "$POLICY" "$file" 2>/dev/null)
	done
	local corpus=()
	for file in "$CORPUS"/*.jsonl "$CORPUS"/*.json; do [ -f "$file" ] && corpus+=("$file"); done
	if [ ${#corpus[@]} -eq 0 ]; then
		note "no corpus logs in $CORPUS (set CORPUS=...): corpus gzip rows skipped"
		return
	fi
	log "gzip estimate vs gzip -6 on ${#corpus[@]} corpus logs"
	gzip_error_row "corpus: ${#corpus[@]} logs, each on its own" "${corpus[@]}"
	gzip_sample_table "corpus: what the policy writes from all ${#corpus[@]} logs, repeated to ~96 MiB" < <(corpus_emitted)
}

# ---- report ---------------------------------------------------------------------------

# cell KEY BYTES: "MB/s · RSS MiB" of one measurement.
cell() {
	local key=$1 bytes=$2
	if [ -n "${BEST[$key]:-}" ]; then
		awk -v t="${BEST[$key]}" -v b="$bytes" -v r="${RSS[$key]}" \
			'BEGIN { if (t < 0.01) printf "> %.0f · %.0f", b / 1e6 / 0.01, r / 1024
			         else printf "%.0f · %.0f", b / 1e6 / t, r / 1024 }'
	elif [ -n "${FAILED[$key]:-}" ]; then
		echo "failed"
	else
		echo "–"
	fi
}

# ratio NUM_KEY DEN_KEY OP TARGET: time[NUM] / time[DEN] with ✓ or ✗ against the target
# (OP ge or le), and the same ratio of CPU seconds in brackets (steadier on a shared
# machine; left out for -j 2, whose point is to spend more CPU per second).
ratio() {
	local num=${BEST[$1]:-} den=${BEST[$2]:-} op=$3 target=$4 cpu=${5:-cpu}
	[ -n "$num" ] && [ -n "$den" ] || { echo "–"; return; }
	awk -v a="$num" -v b="$den" -v ca="${CPU[$1]}" -v cb="${CPU[$2]}" -v op="$op" \
		-v t="$target" -v cpu="$cpu" 'BEGIN {
		r = a / b
		ok = (op == "ge") ? r >= t : r <= t
		printf "%.2f %s", r, ok ? "✓" : "✗"
		if (cpu == "cpu" && ca > 0 && cb > 0) printf " (CPU %.2f)", ca / cb
	}'
}

summary_row() {
	local name=$1 file=$2 bytes n=${#COMPARE_LIST[@]}
	bytes=$(file_bytes "$file")
	local c=()
	for col in bound jq wc j1 j2 compare emit inflate gz; do c+=("$(cell "$name/$col" "$bytes")"); done
	local compare_target
	compare_target=$(awk -v n="$n" 'BEGIN { print 1 + 0.15 * n }')
	echo "| $name | ${c[0]} | ${c[1]} | ${c[2]} | ${c[3]} | ${c[4]} | ${c[5]} | ${c[6]} | ${c[7]} | ${c[8]} |" \
		"$(ratio "$name/bound" "$name/j1" ge 0.6) |" \
		"$(ratio "$name/j1" "$name/j2" ge 1.8 wall) |" \
		"$(ratio "$name/compare" "$name/j1" le "$compare_target") |" \
		"$(ratio "$name/j1" "$name/emit" ge 1) |" \
		"$(ratio "$name/inflate" "$name/gz" ge 1 wall) |"
}

# RequestResponse logs should read no slower per byte than Metadata logs of the same size.
per_byte_notes() {
	local mb m r
	for mb in "${SIZE_LIST[@]}"; do
		m="metadata $mb MB" r="requestresponse $mb MB"
		[ -n "${BEST[$m/j1]:-}" ] && [ -n "${BEST[$r/j1]:-}" ] || continue
		note "$mb MB: replay -j 1 on RequestResponse vs Metadata, per byte: $(awk \
			-v fm="$(file_bytes "$(log_path metadata "$mb")")" -v fr="$(file_bytes "$(log_path requestresponse "$mb")")" \
			-v tm="${BEST[$m/j1]}" -v tr="${BEST[$r/j1]}" \
			'BEGIN { r = (fr / tr) / (fm / tm); printf "%.2f %s (target ≥ 1)", r, (r >= 1 ? "✓" : "✗") }')"
	done
}

log_path() { echo "$DATA/audit-$1-${2}MB-seed$SEED.jsonl"; }

machine_info() {
	local cpu mem
	cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
	echo "## Machine"
	echo
	echo "- CPU: ${cpu:-unknown}, nproc $(nproc); load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
	echo "- memory: $mem; kernel $(uname -r)"
	echo "- tools: $(jq --version), $(wc --version | head -n 1), $(gzip --version | head -n 1), $( [ "$HYPERFINE" -eq 1 ] && hyperfine --version || echo 'no hyperfine')"
	if [ "$AUDITSIM_OK" -eq 1 ]; then
		echo "- auditsim: $AUDITSIM ($("$AUDITSIM" --version 2>/dev/null)); policy $POLICY; compare: ${COMPARE_LIST[*]}"
	fi
	[ -n "${INFLATE:-}" ] && echo "- inflate: $INFLATE (zlib $(pkg-config --modversion zlib 2>/dev/null || echo '?'))"
	[ -n "$BOUND" ] && echo "- bound: $BOUND (simdjson $(pkg-config --modversion simdjson 2>/dev/null || echo '?'), one thread)"
	echo "- generator: $GEN, seed $SEED"
}

report() {
	machine_info
	echo
	echo "## Inputs"
	echo
	for file in "${FILES[@]}"; do
		local gz=""
		[ -f "$file.gz" ] && gz=", gzip'd $(awk -v b="$(file_bytes "$file.gz")" 'BEGIN { printf "%.0f MB", b / 1e6 }')"
		echo "- $(basename "$file"): $(awk -v b="$(file_bytes "$file")" 'BEGIN { printf "%.0f MB", b / 1e6 }'), $(wc -l <"$file") events$gz"
	done
	echo
	[ $TIMINGS -eq 1 ] && timing_tables
	gzip_tables
	if [ ${#NOTES[@]} -gt 0 ]; then
		echo
		echo "Notes:"
		for n in "${NOTES[@]}"; do echo "- $n"; done
	fi
}

timing_tables() {
	local n=${#COMPARE_LIST[@]}
	echo "## Summary: MB/s · peak RSS MiB (best of $RUNS; $RUNS_BIG on logs of $BIG_MB MB and more)"
	echo
	echo "| log | bound (simdjson) | jq | \`wc -l\` | replay -j 1 | replay -j 2 | compare ×$n | emit | inflate (zlib) | replay .gz | -j 1 / bound (≥ 0.6) | -j 2 / -j 1 (≥ 1.8) | compare / replay (≤ $(awk -v n="$n" 'BEGIN { print 1 + 0.15 * n }')) | emit / replay (≥ 1) | .gz / inflate |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- | --- |"
	for i in "${!FILES[@]}"; do summary_row "${NAMES[$i]}" "${FILES[$i]}"; done
	echo
	echo "Ratios are of throughput (the inverse of wall time), so ≥ targets mean faster; compare's is"
	echo "its time over one replay's. In brackets, the same ratio of CPU seconds (user + system)."
	echo
	echo "## Every measurement"
	echo
	echo "| log: command | wall s | CPU s | MB/s | peak RSS MiB | |"
	echo "| --- | ---: | ---: | ---: | ---: | --- |"
	printf '%s\n' "${DETAIL[@]}"
	echo
	echo "MB/s is uncompressed log bytes (10^6) per wall second, also for the .gz columns."
}

gzip_tables() {
	if [ ${#GZIP_ROWS[@]} -gt 0 ]; then
		echo
		echo "## gzip size: replay's estimate vs \`gzip -6\` of what emit writes"
		echo
		echo "| log | written | method | estimate | gzip -6 | error |"
		echo "| --- | ---: | --- | ---: | ---: | ---: |"
		printf '%s\n' "${GZIP_ROWS[@]}"
	fi
	if [ ${#GZIP_TABLES[@]} -gt 0 ]; then
		echo
		echo "## gzip size: sampling plans vs zlib over every byte"
		echo
		printf '%s\n' "${GZIP_TABLES[@]}"
	fi
}

# ---- main -----------------------------------------------------------------------------

mkdir -p "$DATA"
check_tools
build_generator
find_auditsim
find_policy
find_bound
[ $GZIP_INPUT -eq 1 ] && find_inflate
J1="" REPLAY=""
if [ "$AUDITSIM_OK" -eq 1 ]; then
	# one core: -j 1 when the binary has -j (its default is every core)
	[ "$HAS_JOBS" -eq 1 ] && J1="-j 1 "
	REPLAY="$(q "$AUDITSIM") replay $J1$(q "$POLICY")"
fi

FILES=() NAMES=()
for mb in "${SIZE_LIST[@]}"; do
	for profile in "${PROFILE_LIST[@]}"; do
		FILES+=("$(generate "$profile" "$mb")")
		NAMES+=("$profile $mb MB")
	done
done
if [ $TIMINGS -eq 1 ]; then
	for i in "${!FILES[@]}"; do
		mb=${NAMES[$i]% MB}
		measure_file "${NAMES[$i]}" "${FILES[$i]}" "${mb##* }"
	done
	per_byte_notes
fi
if [ $GZIP_ERROR -eq 1 ] && [ "$AUDITSIM_OK" -eq 1 ] && [ "$HAS_EMIT" -eq 1 ]; then
	gzip_error
fi

RESULTS="$DATA/results-$(date -u +%Y%m%dT%H%M%SZ).md"
report | tee "$RESULTS"
echo >&2
log "saved to $RESULTS"
