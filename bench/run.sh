#!/usr/bin/env bash
# bench/run.sh — time auditsim against jq and wc on large generated audit logs.
#
# Builds (or uses) gen-audit-log and auditsim, generates a Metadata log and a
# RequestResponse log (and with --big a 2 GB Metadata log), gzips them, warms the page
# cache, then measures each command: best wall time of N runs, MB/s, peak RSS. Prints
# machine info and one Markdown table (also saved next to the data). See bench/README.md.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

usage() {
	cat <<'EOF'
usage: bench/run.sh [--big] [--meta-mb N] [--rr-mb N] [--big-mb N] [--runs N]
                    [--seed N] [--data DIR] [--no-gzip] [--gzip-error]

  --big         also generate and measure a 2 GB Metadata log (--big-mb to change)
  --meta-mb N   size of the Metadata-level log, MB = 10^6 bytes (default 200)
  --rr-mb N     size of the RequestResponse-level log (default 200)
  --runs N      timed runs per command, best one reported (default 3; 1 on --big files)
  --seed N      generator seed (default 1)
  --data DIR    where logs and results go (default /tmp/auditsim-bench)
  --no-gzip     skip the gzip'd-input measurements
  --gzip-error  also compare replay's sampled gzip size with compressing every emitted
                byte (bench/gzip-sample-bench next to auditsim's build; slow: full zlib)

Environment: AUDITSIM (default build/src/auditsim), POLICY (default
policies/k8s-docs.yaml), GEN_AUDIT_LOG (a prebuilt generator), and META_MB, RR_MB,
BIG_MB, RUNS, RUNS_BIG, SEED, BENCH_DATA as defaults for the options above.
EOF
}

META_MB=${META_MB:-200}
RR_MB=${RR_MB:-200}
BIG_MB=${BIG_MB:-2000}
RUNS=${RUNS:-3}
RUNS_BIG=${RUNS_BIG:-1}
SEED=${SEED:-1}
DATA=${BENCH_DATA:-/tmp/auditsim-bench}
BIG=0
GZIP_INPUT=1
GZIP_ERROR=0

while [ $# -gt 0 ]; do
	case "$1" in
	--big) BIG=1 ;;
	--meta-mb) META_MB=$2; shift ;;
	--rr-mb) RR_MB=$2; shift ;;
	--big-mb) BIG_MB=$2; BIG=1; shift ;;
	--runs) RUNS=$2; shift ;;
	--seed) SEED=$2; shift ;;
	--data) DATA=$2; shift ;;
	--no-gzip) GZIP_INPUT=0 ;;
	--gzip-error) GZIP_ERROR=1 ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done

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

# Sets GEN to a gen-audit-log binary: $GEN_AUDIT_LOG, else the meson target in
# build-bench/, else a direct compile of bench/*.c when the rest of the tree does not
# configure.
build_generator() {
	if [ -n "${GEN_AUDIT_LOG:-}" ] && [ -x "$GEN_AUDIT_LOG" ]; then
		GEN=$GEN_AUDIT_LOG
		return
	fi
	local build="$ROOT/build-bench"
	if { [ -f "$build/build.ninja" ] || meson setup "$build" "$ROOT" >"$DATA/meson-setup.log" 2>&1; } &&
		ninja -C "$build" bench/gen-audit-log >"$DATA/gen-build.log" 2>&1; then
		GEN="$build/bench/gen-audit-log"
		return
	fi
	log "meson could not build bench/gen-audit-log (see $DATA/gen-build.log); compiling it directly"
	GEN="$DATA/gen-audit-log"
	${CC:-cc} -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -o "$GEN" "$ROOT"/bench/gen_*.c -lm ||
		{ echo "cannot build gen-audit-log" >&2; exit 2; }
}

# Sets AUDITSIM_OK, HAS_JOBS and HAS_EMIT; builds the default binary when it is missing.
find_auditsim() {
	local default="$ROOT/build/src/auditsim"
	AUDITSIM=${AUDITSIM:-$default}
	AUDITSIM_OK=0 HAS_JOBS=0 HAS_EMIT=0
	if [ ! -x "$AUDITSIM" ] && [ "$AUDITSIM" = "$default" ]; then
		log "building auditsim in build/ (log: $DATA/auditsim-build.log)"
		{ [ -f "$ROOT/build/build.ninja" ] || meson setup "$ROOT/build" "$ROOT"; } \
			>"$DATA/auditsim-build.log" 2>&1 &&
			ninja -C "$ROOT/build" src/auditsim >>"$DATA/auditsim-build.log" 2>&1
	fi
	if [ ! -x "$AUDITSIM" ]; then
		note "auditsim not found at $AUDITSIM (build: meson setup build && ninja -C build; or set AUDITSIM=...): auditsim rows skipped"
		return
	fi
	local commands
	commands=$("$AUDITSIM" --help 2>&1)
	if ! grep -qw replay <<<"$commands"; then
		note "$AUDITSIM has no replay subcommand yet: auditsim rows skipped"
		return
	fi
	AUDITSIM_OK=1
	if "$AUDITSIM" replay --help 2>&1 | grep -Eq -- '(^|[[:space:],])(-j|--jobs)([[:space:],=]|$)'; then
		HAS_JOBS=1
	else
		note "auditsim replay has no -j yet: the -j 2 row is skipped"
	fi
	if grep -qw emit <<<"$commands"; then
		HAS_EMIT=1
	else
		note "auditsim has no emit subcommand yet: the emit row is skipped"
	fi
}

find_policy() {
	if [ -z "${POLICY:-}" ]; then
		POLICY="$ROOT/policies/k8s-docs.yaml"
		[ -f "$POLICY" ] || POLICY=$(ls "$ROOT"/policies/*.yaml 2>/dev/null | head -n 1)
	fi
	if [ -z "$POLICY" ] || [ ! -f "$POLICY" ]; then
		note "no policy file (set POLICY=...): auditsim rows skipped"
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
		gzip -c "$file" >"$file.gz"
	fi
	echo "$file"
}

warm_cache() {
	cat "$@" >/dev/null
}

# ---- measuring ------------------------------------------------------------------------

ROWS=()
declare -A BEST

# measure KEY LABEL INPUT_BYTES RUNS COMMAND: runs COMMAND (a shell command line) once
# under /usr/bin/time -v for peak RSS and exit status, then RUNS times for the best wall
# time; appends a table row and records the time under KEY.
measure() {
	local key=$1 label=$2 bytes=$3 runs=$4 cmd=$5
	local tmp="$DATA/.measure"
	log "$label"
	/usr/bin/time -v -o "$tmp.time" sh -c "$cmd" 2>"$tmp.err"
	local status=$?
	if [ $status -ne 0 ]; then
		local why
		why=$(grep -v '^\s*$' "$tmp.err" | head -n 1 | cut -c 1-100)
		ROWS+=("| $label | failed (exit $status) | | | ${why//|/\\|} |")
		note "$label failed (exit $status): $why"
		return
	fi
	local rss_kb best
	rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp.time")
	if [ "$HYPERFINE" -eq 1 ]; then
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
	ROWS+=("$(awk -v label="$label" -v t="$best" -v bytes="$bytes" -v rss="$rss_kb" -v key="$key" \
		'BEGIN { printf "| %s | %.3f | %.0f | %.0f | @RATIO:%s@ |", label, t, bytes / 1e6 / t, rss / 1024, key }')")
}

q() { printf '%q' "$1"; }

# measure_file NAME FILE RUNS: every command on one log.
measure_file() {
	local name=$1 file=$2 runs=$3
	local bytes
	bytes=$(file_bytes "$file")
	warm_cache "$file"
	measure "$name/wc" "$name: \`wc -l\`" "$bytes" "$runs" "wc -l $(q "$file") >/dev/null"
	measure "$name/jq" "$name: \`jq -c 'select(.verb==\"get\")'\`" "$bytes" "$runs" \
		"jq -c 'select(.verb==\"get\")' $(q "$file") >/dev/null"
	[ "$AUDITSIM_OK" -eq 1 ] || return 0
	local replay j1=""
	# one core: -j 1 when the binary has -j (its default is every core)
	[ "$HAS_JOBS" -eq 1 ] && j1="-j 1 "
	replay="$(q "$AUDITSIM") replay $j1$(q "$POLICY")"
	measure "$name/replay" "$name: \`auditsim replay $j1-o json\`" "$bytes" "$runs" \
		"$replay $(q "$file") -o json >/dev/null"
	if [ "$HAS_JOBS" -eq 1 ]; then
		measure "$name/replay-j2" "$name: \`auditsim replay -j 2 -o json\`" "$bytes" "$runs" \
			"$(q "$AUDITSIM") replay -j 2 $(q "$POLICY") $(q "$file") -o json >/dev/null"
		same_output "$name" "$file"
	fi
	if [ "$HAS_EMIT" -eq 1 ]; then
		measure "$name/emit" "$name: \`auditsim emit\`" "$bytes" "$runs" \
			"$(q "$AUDITSIM") emit $(q "$POLICY") $(q "$file") >/dev/null"
	fi
	if [ $GZIP_INPUT -eq 1 ]; then
		warm_cache "$file.gz"
		measure "$name/replay-gz" "$name: \`auditsim replay $j1-o json\` on .gz" "$bytes" "$runs" \
			"$replay $(q "$file.gz") -o json >/dev/null"
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

# gzip_error FILE: the sampled gzip size against zlib over every emitted byte, as a
# Markdown table per file (printed after the results).
GZIP_TABLES=()
gzip_error() {
	local file=$1 tool
	tool="$(dirname "$AUDITSIM")/../bench/gzip-sample-bench"
	if [ ! -x "$tool" ]; then
		note "no $tool (ninja -C $(dirname "$(dirname "$AUDITSIM")") bench/gzip-sample-bench): gzip error skipped"
		return
	fi
	log "gzip sampling error on $(basename "$file")"
	GZIP_TABLES+=("$(basename "$file"):" "" "$("$AUDITSIM" emit "$POLICY" "$file" 2>/dev/null | "$tool")" "")
}

# ---- report ---------------------------------------------------------------------------

ratio_text() {
	local key=$1 name=${1%%/*} kind=${1#*/}
	local t=${BEST[$key]:-} jq_t=${BEST[$name/jq]:-} j1=${BEST[$name/replay]:-}
	[ -n "$t" ] || return 0
	case "$kind" in
	replay|emit|replay-gz)
		[ -n "$jq_t" ] && awk -v a="$jq_t" -v b="$t" 'BEGIN { printf "%.1f× faster than jq", a / b }' ;;
	replay-j2)
		[ -n "$j1" ] && awk -v a="$j1" -v b="$t" -v q="$jq_t" \
			'BEGIN { printf "%.2f× vs -j 1; %.1f× faster than jq", a / b, q / b }' ;;
	esac
}

machine_info() {
	local cpu mem
	cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
	mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
	echo "## Machine"
	echo
	echo "- CPU: ${cpu:-unknown}, nproc $(nproc)"
	echo "- memory: $mem; kernel $(uname -r)"
	echo "- tools: $(jq --version), $(wc --version | head -n 1), $( [ "$HYPERFINE" -eq 1 ] && hyperfine --version || echo 'no hyperfine')"
	if [ "$AUDITSIM_OK" -eq 1 ]; then
		echo "- auditsim: $AUDITSIM ($("$AUDITSIM" --version 2>/dev/null)); policy $POLICY"
	fi
	echo "- generator: $GEN, seed $SEED"
}

report() {
	local runs_text="best of $RUNS"
	[ $BIG -eq 1 ] && runs_text="$runs_text; $RUNS_BIG on the big file"
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
	echo "## Results"
	echo
	echo "| input: command | wall s ($runs_text) | MB/s | peak RSS MiB | ratio |"
	echo "| --- | ---: | ---: | ---: | --- |"
	for row in "${ROWS[@]}"; do
		if [[ $row =~ @RATIO:([^@]*)@ ]]; then
			row=${row/"${BASH_REMATCH[0]}"/$(ratio_text "${BASH_REMATCH[1]}")}
		fi
		echo "$row"
	done
	echo
	echo "MB/s is uncompressed log bytes (10^6) per wall second, also for the .gz rows."
	if [ ${#GZIP_TABLES[@]} -gt 0 ]; then
		echo
		echo "## gzip size: sampled vs every byte compressed"
		echo
		printf '%s\n' "${GZIP_TABLES[@]}"
	fi
	if [ ${#NOTES[@]} -gt 0 ]; then
		echo
		echo "Notes:"
		for n in "${NOTES[@]}"; do echo "- $n"; done
	fi
}

# ---- main -----------------------------------------------------------------------------

mkdir -p "$DATA"
check_tools
build_generator
find_auditsim
find_policy

FILES=()
FILES+=("$(generate metadata "$META_MB")")
FILES+=("$(generate requestresponse "$RR_MB")")
[ $BIG -eq 1 ] && FILES+=("$(generate metadata "$BIG_MB")")

measure_file "metadata ${META_MB} MB" "${FILES[0]}" "$RUNS"
measure_file "requestresponse ${RR_MB} MB" "${FILES[1]}" "$RUNS"
[ $BIG -eq 1 ] && measure_file "metadata ${BIG_MB} MB" "${FILES[2]}" "$RUNS_BIG"
if [ $GZIP_ERROR -eq 1 ] && [ "$AUDITSIM_OK" -eq 1 ] && [ "$HAS_EMIT" -eq 1 ]; then
	for file in "${FILES[@]}"; do gzip_error "$file"; done
fi

RESULTS="$DATA/results-$(date -u +%Y%m%dT%H%M%SZ).md"
report | tee "$RESULTS"
echo >&2
log "saved to $RESULTS"
