#!/bin/sh
# bench/clb.sh - CLI metadata validation speed, side by side with Mono's
# metadata verifier on the same assemblies in the same run (issue 7:
# comscan validates >= 500 MB/s of metadata on mscorlib).
#
#   make bench-clb            (or: sh bench/clb.sh build/comscan)
#
# Inputs: the largest assemblies of Debian's Mono packages (mscorlib.dll,
# System.Xml.dll, System.dll, System.Core.dll), taken from /usr/lib/mono/4.5
# or from build/realworld/mono (what tests/realworld/mono.sh downloads).
# Commands: `comscan scan FILE` (full validation of the container and every
# table) and `pedump --verify metadata FILE` (package mono-utils).
# Each command runs once to warm up, then RUNS times plain (the median wall
# time counts) and RUNS times under perf stat (the median task-clock is the
# CPU time; without a working perf the wall time stands in): bench/lib.sh.  pedump exits non-zero on some
# assemblies (it reports what it does not verify); its time still counts.
# Peak memory is GNU time's maximum resident set of one more run.
# "metadata MB/s" divides the metadata's size (the BSJB root the CLI
# header names) by comscan's CPU time minus that of scanning an empty file
# (process start-up), so it measures the validation itself.
#
# Scaling (issue 7): synthetic assemblies of 4 000, 8 000, 16 000 and
# 32 000 classes (bench/gen_meta.c, 4.3 to 35 MB), `comscan scan` on each;
# targets t(8N)/t(N) <= 9 and peak RSS <= file size + 8 MB.  pedump is not
# run on them: Mono's verifier aborts (assertion at metadata-verify.c:627)
# on any image without an import table, which these, like the corpus's
# assemblies, do not carry.
#
# Results go to stdout and to build/bench/clb.txt and clb.csv.  Exits 1
# when a target is missed, 0 otherwise (and when inputs or tools are
# missing: skipped).
set -u
comscan=${1:-build/comscan}
gen_meta=${2:-${B:-build}/bench/gen_meta}
runs=${RUNS:-7}
out=${B:-build}/bench
mkdir -p "$out"

skip() { echo "bench clb: SKIP ($1)"; exit 0; }
command -v pedump >/dev/null 2>&1 || skip "pedump missing (package mono-utils; sh .ci/deps.sh bench)"
[ -x /usr/bin/time ] || skip "GNU time missing (sh .ci/deps.sh bench)"
[ -x "$comscan" ] || { echo "bench clb: $comscan not built (make)"; exit 2; }

# the assembly named $1, or nothing
find_dll() {
	for d in /usr/lib/mono/4.5 /usr/lib/mono/4.5-api "${B:-build}/realworld/mono/root"; do
		[ -d "$d" ] || continue
		f=$(find -L "$d" -name "$1" -type f 2>/dev/null | head -n 1)
		[ -n "$f" ] && { echo "$f"; return; }
	done
}

. bench/lib.sh

: >"$out/empty.bin"
set -- $(measure "$comscan" scan "$out/empty.bin")
base_cpu=$1
echo "assembly,metadata_bytes,command,cpu_s,wall_s,peak_kib,cpu_ratio_vs_pedump,metadata_mb_per_s,file_bytes" >"$out/clb.csv"
{
	echo "CPU and wall: medians of $runs runs ($( [ $use_perf = 1 ] && echo 'CPU by perf task-clock' || echo 'CPU = wall: perf unavailable')); start-up (an empty file): $(awk -v c="$base_cpu" 'BEGIN { printf "%.2f ms", c * 1000 }')"
	printf '%-16s %9s  %-28s %9s %9s %8s  %9s %14s\n' assembly 'md MB' command 'CPU ms' 'wall ms' 'peak MB' 'CPU ratio' 'metadata MB/s'
	n=0
	for name in mscorlib.dll System.Xml.dll System.dll System.Core.dll; do
		path=$(find_dll "$name")
		[ -n "$path" ] || { echo "$name: not found (install mono-runtime or run tests/realworld/mono.sh)"; continue; }
		n=$((n + 1))
		fbytes=$(wc -c <"$path")
		hex=$("$comscan" dump "$path" | sed -n 's/^metadata: file offset 0x[0-9a-f]*, 0x\([0-9a-f]*\) bytes.*/\1/p')
		mdbytes=$(printf '%d' "0x${hex:-0}")
		set -- $(measure pedump --verify metadata "$path"); pd_c=$1 pd_w=$2 pd_k=$3
		set -- $(measure "$comscan" scan "$path"); cs_c=$1 cs_w=$2 cs_k=$3
		for row in "pedump --verify metadata $pd_c $pd_w $pd_k" "comscan scan $cs_c $cs_w $cs_k"; do
			set -- $row
			if [ "$1" = pedump ]; then cmd="pedump --verify metadata"; shift 3; else cmd="comscan scan"; shift 2; fi
			awk -v a="$name" -v b="$mdbytes" -v cmd="$cmd" -v c="$1" -v w="$2" -v k="$3" -v p="$pd_c" \
			    -v base="$base_cpu" -v f="$fbytes" -v csv="$out/clb.csv" 'BEGIN {
				rate = "-"
				if (cmd == "comscan scan" && c > base) rate = sprintf("%.0f", b / 1048576 / (c - base))
				printf "%-16s %9.2f  %-28s %9.2f %9.2f %8.1f  %9.3f %14s\n", a, b / 1048576, cmd, c * 1000, w * 1000, k / 1024, c / p, rate
				printf "%s,%d,%s,%.6f,%.6f,%d,%.4f,%s,%d\n", a, b, cmd, c, w, k, c / p, rate, f >> csv
			}'
		done
		if [ "$name" = mscorlib.dll ]; then
			ok=$(awk -v b="$mdbytes" -v c="$cs_c" -v base="$base_cpu" \
			    'BEGIN { print (c > base && b / 1048576 / (c - base) >= 500) ? "met" : "MISSED" }')
			echo "  target mscorlib.dll: comscan validates >= 500 MB/s of metadata: $ok"
		fi
	done
	[ $n -gt 0 ] || echo "bench clb: SKIP (no assembly found)"
	if [ -x "$gen_meta" ]; then
		echo "scaling (synthetic assemblies, bench/gen_meta.c; ratio: CPU time / CPU time on 1x):"
		base=""
		for m in 1 2 4 8; do
			path="$out/meta-${m}x.dll"
			[ -f "$path" ] || "$gen_meta" $((4000 * m)) "$path" || exit 2
			bytes=$(wc -c <"$path")
			hex=$("$comscan" dump "$path" | sed -n 's/^metadata: file offset 0x[0-9a-f]*, 0x\([0-9a-f]*\) bytes.*/\1/p')
			mdbytes=$(printf '%d' "0x${hex:-0}")
			set -- $(measure "$comscan" scan "$path")
			[ -n "$base" ] || base=$1
			awk -v a="meta-${m}x.dll" -v b="$mdbytes" -v f="$bytes" -v c="$1" -v w="$2" -v k="$3" -v r="$base" \
			    -v base="$base_cpu" -v csv="$out/clb.csv" 'BEGIN {
				rate = (c > base) ? sprintf("%.0f", b / 1048576 / (c - base)) : "-"
				printf "%-16s %9.2f  %-28s %9.2f %9.2f %8.1f  %8.2fx %14s   peak - file: %.1f MiB\n", a, b / 1048576, "comscan scan", c * 1000, w * 1000, k / 1024, c / r, rate, k / 1024 - f / 1048576
				printf "%s,%d,%s,%.6f,%.6f,%d,-,%s,%d\n", a, b, "comscan scan", c, w, k, rate, f >> csv
			}'
			last=$1 last_kib=$3 last_bytes=$bytes
		done
		ok=$(awk -v l="$last" -v b="$base" -v k="$last_kib" -v f="$last_bytes" \
		    'BEGIN { print (l <= 9 * b && k * 1024 <= f + 8e6) ? "met" : "MISSED" }')
		echo "  target scaling: 8x the classes within 9x the time, peak <= file + 8 MB: $ok"
	else
		echo "scaling: SKIP ($gen_meta not built: make $gen_meta)"
	fi
} | tee "$out/clb.txt"
grep -q MISSED "$out/clb.txt" && exit 1
exit 0
