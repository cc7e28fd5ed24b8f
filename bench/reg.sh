#!/bin/sh
# bench/reg.sh - .reg parse throughput and memory, side by side with
# `wc -l` on the same files in the same run (issue 3 targets: comscan scan
# at least 25% of wc -l's throughput; peak memory at most file size + 8 MB).
#
#   make bench-reg            (or: sh bench/reg.sh build/comscan)
#
# Inputs: the SYSTEM hive of ../shared/realworld/hives/regipy/ (30 756 keys,
# 73 456 values) exported twice:
#   system-hivex.reg   hivexregedit's export: 8-bit text, "Windows Registry
#                      Editor Version 5.00", every string as hex(1)/hex(2)
#   system-utf16.reg   the same tree as regedit writes it: UTF-16LE with a
#                      BOM, CRLF, strings quoted (comscan dump --format reg)
#
# Each command runs RUNS times (default 5) per file; the best wall time
# counts (the least disturbed run; whole-process time, start-up included,
# for every command alike).  Peak memory is the resident set of one more
# run (GNU time's %M).  comscan memory-maps its input, so the
# file's pages are part of its resident set: "file + 8 MB" is measured as
# it is stated.  Also reported, not targeted: `comscan dump --format tsv`,
# which builds the whole tree in memory.
#
# Results go to stdout and to build/bench/reg.txt.  Exits 1 when a target
# is missed, 0 otherwise (and when inputs or tools are missing: skipped).
set -u
comscan=${1:-build/comscan}
runs=${RUNS:-5}
shared=../shared/realworld/hives/regipy
out=${B:-build}/bench
mkdir -p "$out"

skip() { echo "bench reg: SKIP ($1)"; exit 0; }
[ -f "$shared/SYSTEM.xz" ] || skip "$shared/SYSTEM.xz absent"
for t in xz hivexregedit /usr/bin/time; do
	command -v "$t" >/dev/null 2>&1 || skip "$t missing"
done
[ -x "$comscan" ] || { echo "bench reg: $comscan not built (make)"; exit 2; }

# ---- inputs (cached) ----------------------------------------------------------------
if [ ! -f "$out/system-hivex.reg" ]; then
	xz -dc "$shared/SYSTEM.xz" >"$out/SYSTEM"
	hivexregedit --export --prefix 'HKEY_LOCAL_MACHINE\SYSTEM' "$out/SYSTEM" '\' \
		>"$out/system-hivex.reg.tmp" && mv "$out/system-hivex.reg.tmp" "$out/system-hivex.reg"
fi
if [ ! -f "$out/system-utf16.reg" ]; then
	"$comscan" dump --format reg "$out/system-hivex.reg" >"$out/system-utf16.reg.tmp" 2>/dev/null &&
		mv "$out/system-utf16.reg.tmp" "$out/system-utf16.reg"
fi

# Best wall time of RUNS runs of a command, in seconds, and its peak
# resident set in KiB (one more run under GNU time): "SECS KIB".
measure() {
	best="" i=0
	while [ $i -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		ns=$((t1 - t0))
		if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best=$ns; fi
		i=$((i + 1))
	done
	/usr/bin/time -f '%M' -o "$out/time.txt" "$@" >/dev/null 2>&1
	read -r kib <"$out/time.txt"
	awk -v ns="$best" -v k="$kib" 'BEGIN { printf "%.6f %d\n", ns / 1e9, k }'
}

fail=0
{
	printf '%-18s %10s  %-28s %8s %9s %9s  %s\n' file MB command seconds 'MB/s' 'peak MB' 'vs wc -l'
	for f in system-hivex.reg system-utf16.reg; do
		path="$out/$f"
		bytes=$(wc -c <"$path")
		mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
		set -- $(measure wc -l "$path")
		wc_s=$1 wc_k=$2
		set -- $(measure "$comscan" scan "$path")
		sc_s=$1 sc_k=$2
		set -- $(measure "$comscan" dump --format tsv "$path")
		dm_s=$1 dm_k=$2
		for row in "wc -l:$wc_s:$wc_k" "comscan scan:$sc_s:$sc_k" "comscan dump --format tsv:$dm_s:$dm_k"; do
			name=${row%%:*} rest=${row#*:}
			s=${rest%%:*} k=${rest#*:}
			awk -v f="$f" -v mb="$mb" -v n="$name" -v s="$s" -v k="$k" -v w="$wc_s" -v b="$bytes" 'BEGIN {
				printf "%-18s %10s  %-28s %8.4f %9.1f %9.1f  %7.1f%%\n", f, mb, n, s,
				    b / 1048576 / s, k / 1024, 100 * w / s }'
		done
		# targets: throughput >= 25% of wc -l; peak <= file + 8 MiB
		ok=$(awk -v s="$sc_s" -v w="$wc_s" -v k="$sc_k" -v b="$bytes" 'BEGIN {
			print (w / s >= 0.25 && k * 1024 <= b + 8 * 1048576) ? "met" : "MISSED" }')
		echo "  target for $f (scan >= 25% of wc -l, peak <= file + 8 MB): $ok"
		[ "$ok" = met ] || fail=1
	done
} | tee "$out/reg.txt"
grep -q MISSED "$out/reg.txt" && exit 1
exit 0
