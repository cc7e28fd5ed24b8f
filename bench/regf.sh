#!/bin/sh
# bench/regf.sh - hive parsing time and memory, side by side with hivexml,
# reglookup and regfexport on the same files in the same run (issue 4
# targets: comscan scan at most 1/10 of hivexml's time, comscan dump
# --format tsv at most 1/3; time linear in the input, 8x the input within
# 9x the time; peak memory at most file size + 8 MB).
#
#   make bench-regf           (or: sh bench/regf.sh build/comscan build/bench/gen_hive)
#
# Inputs:
#   SYSTEM        the real SYSTEM hive of ../shared/realworld/hives/regipy/
#                 (11.8 MB, 30 756 keys, 73 456 values)
#   gen-1x..8x    synthetic SOFTWARE hives from bench/gen_hive.c with
#                 4 000, 8 000, 16 000 and 32 000 COM registrations
#                 (30 MB to 241 MB; 8x is the >= 200 MB hive)
# The peers run on SYSTEM and gen-8x; the scaling rows (comscan only) on
# gen-1x..8x.  Each command runs once to warm up, then RUNS times (default
# 5) (bench/lib.sh): the median CPU time (perf task-clock of the process
# tree) decides the ratios, the median wall time is shown (whole-process
# times, start-up included, for every command alike; the median, not the
# best, so that one lucky or one disturbed run does not decide a ratio).
# Peak memory is the resident set of one more run (GNU time's %M); comscan
# maps its input, so the file's pages are part of it.  Every output goes
# to /dev/null.
#
# Results go to stdout, build/bench/regf.txt and build/bench/regf.csv.  Exits 1 when a target
# is missed, 0 otherwise (and when inputs or tools are missing: skipped).
set -u
comscan=${1:-build/comscan}
gen=${2:-build/bench/gen_hive}
runs=${RUNS:-5}
shared=../shared/realworld/hives/regipy
out=${B:-build}/bench
mkdir -p "$out"

skip() { echo "bench regf: SKIP ($1)"; exit 0; }
[ -f "$shared/SYSTEM.xz" ] || skip "$shared/SYSTEM.xz absent (the benchmarks need ../shared next to the repository)"
for t in xz hivexml reglookup regfexport /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || skip "$t missing (sh .ci/deps.sh bench installs it)"
done
[ -x "$comscan" ] && [ -x "$gen" ] || { echo "bench regf: $comscan or $gen not built (make)"; exit 2; }

# ---- inputs (cached) ----------------------------------------------------------------
[ -f "$out/SYSTEM" ] || xz -dc "$shared/SYSTEM.xz" >"$out/SYSTEM"
for m in 1 2 4 8; do
	f="$out/gen-${m}x.hive"
	if [ ! -f "$f" ] || [ "$gen" -nt "$f" ]; then
		"$gen" $((m * 4000)) "$f" || { echo "bench regf: gen_hive failed"; exit 2; }
	fi
done

. bench/lib.sh

# row FILE MB NAME CPU WALL KIB REF_CPU: one result line (and a CSV row);
# the ratio is CPU / REF_CPU (the command's CPU time as a fraction of
# hivexml's or of 1x's).
row() {
	awk -v f="$1" -v mb="$2" -v n="$3" -v s="$4" -v w="$5" -v k="$6" -v r="$7" 'BEGIN {
		printf "%-14s %8s  %-26s %9.4f %9.4f %9.1f %9.1f  %8.3f\n", f, mb, n, s, w, mb / s, k / 1024, s / r }'
	printf '%s,%s,%s,%s,%s,%s,%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" >>"$out/regf.csv"
}
# target TEXT CONDITION...: prints "  target TEXT: met|MISSED".
target() {
	what=$1
	shift
	ok=$(awk "BEGIN { print ($*) ? \"met\" : \"MISSED\" }")
	echo "  target $what: $ok"
}

echo "file,mb,command,cpu_s,wall_s,peak_kib,ref_cpu_s" >"$out/regf.csv"
{
	printf '%-14s %8s  %-26s %9s %9s %9s %9s  %8s\n' file MB command 'CPU s' 'wall s' 'MB/s' 'peak MB' ratio
	for f in SYSTEM gen-8x.hive; do
		path="$out/$f"
		bytes=$(wc -c <"$path")
		mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
		set -- $(measure hivexml "$path"); hx_s=$1 hx_w=$2 hx_k=$3
		set -- $(measure reglookup "$path"); rl_s=$1 rl_w=$2 rl_k=$3
		set -- $(measure regfexport "$path"); rf_s=$1 rf_w=$2 rf_k=$3
		set -- $(measure "$comscan" scan "$path"); sc_s=$1 sc_w=$2 sc_k=$3
		set -- $(measure "$comscan" dump --format tsv "$path"); dm_s=$1 dm_w=$2 dm_k=$3
		row "$f" "$mb" hivexml "$hx_s" "$hx_w" "$hx_k" "$hx_s"
		row "$f" "$mb" reglookup "$rl_s" "$rl_w" "$rl_k" "$hx_s"
		row "$f" "$mb" regfexport "$rf_s" "$rf_w" "$rf_k" "$hx_s"
		row "$f" "$mb" "comscan scan" "$sc_s" "$sc_w" "$sc_k" "$hx_s"
		row "$f" "$mb" "comscan dump --format tsv" "$dm_s" "$dm_w" "$dm_k" "$hx_s"
		target "$f: scan <= 1/10 of hivexml" "$sc_s * 10 <= $hx_s"
		target "$f: dump tsv <= 1/3 of hivexml" "$dm_s * 3 <= $hx_s"
		target "$f: peak <= file + 8 MB (scan, dump)" \
			"$sc_k * 1024 <= $bytes + 8000000 && $dm_k * 1024 <= $bytes + 8000000"
	done
	echo "scaling (ratio: time / time on gen-1x):"
	for cmd in scan dump; do
		base=""
		for m in 1 2 4 8; do
			path="$out/gen-${m}x.hive"
			bytes=$(wc -c <"$path")
			mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
			if [ $cmd = scan ]; then
				set -- $(measure "$comscan" scan "$path")
			else
				set -- $(measure "$comscan" dump --format tsv "$path")
			fi
			[ -n "$base" ] || base=$1
			row "gen-${m}x.hive" "$mb" "comscan $cmd" "$1" "$2" "$3" "$base"
			last=$1
		done
		target "$cmd: 8x the input within 9x the time" "$last <= 9 * $base"
	done
} | tee "$out/regf.txt"
grep -q MISSED "$out/regf.txt" && exit 1
exit 0
