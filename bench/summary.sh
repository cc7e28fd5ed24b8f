#!/bin/sh
# bench/summary.sh - the one table `make bench` ends with: every goal of
# issue 7 that the benchmarks measured in this run, as a ratio against the
# peer, with met / MISSED, from the CSVs the benchmarks wrote under
# build/bench/ (reg.csv, regf.csv, clb.csv, fuzz.csv).  A benchmark that skipped
# (no inputs or peers) leaves its rows out.  "Peak RSS <= input size +
# 8 MB" is read strictly: 8 000 000 bytes, 7.63 MiB.  Written to
# build/bench/summary.csv too.
set -u
out=${B:-build}/bench
csv=$out/summary.csv
echo "goal,measured,target,result" >"$csv"
row() {
	printf '%-58s %12s %10s  %s\n' "$1" "$2" "$3" "$4"
	printf '%s,%s,%s,%s\n' "$1" "$2" "$3" "$4" >>"$csv"
}
# judge VALUE OP LIMIT: met or MISSED
judge() {
	awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN {
		ok = (op == "<=") ? (v <= l) : (v >= l); print ok ? "met" : "MISSED" }'
}
printf '%-58s %12s %10s  %s\n' goal measured target result
if [ -f "$out/regf.csv" ]; then
	for f in SYSTEM gen-8x.hive; do
		for cmd in "comscan scan:0.1" "comscan dump --format tsv:0.3333"; do
			name=${cmd%%:*} limit=${cmd#*:}
			r=$(awk -F, -v f="$f" -v n="$name" '$1 == f && $3 == n { printf "%.3f", $4 / $7; exit }' "$out/regf.csv")
			[ -n "$r" ] && row "hive $f: $name CPU / hivexml CPU" "$r" "<= $limit" "$(judge "$r" "<=" "$limit")"
		done
	done
	for cmd in scan dump; do
		r=$(awk -F, -v n="comscan $cmd" '$1 == "gen-8x.hive" && $3 == n && $7 != $4 { last = $4 / $7 } END { if (last) printf "%.2f", last }' "$out/regf.csv")
		[ -n "$r" ] && row "hive scaling: comscan $cmd t(8N)/t(N)" "$r" "<= 9" "$(judge "$r" "<=" 9)"
	done
	r=$(awk -F, '$1 == "gen-8x.hive" && $3 ~ /^comscan (scan|dump --format tsv)$/ { x = $6 / 1024 - $2; if (x > m) m = x } END { printf "%.1f", m }' "$out/regf.csv")
	row "hive 229.7 MiB: peak RSS - file size (MiB)" "$r" "<= 7.63" "$(judge "$r" "<=" 7.63)"
fi
if [ -f "$out/reg.csv" ]; then
	for f in system-hivex.reg system-utf16.reg; do
		r=$(awk -F, -v f="$f" '$1 == f && $3 == "wc -l" { w = $4 } $1 == f && $3 == "comscan scan" { s = $4 } END { if (s) printf "%.3f", w / s }' "$out/reg.csv")
		[ -n "$r" ] && row ".reg $f: comscan scan throughput / wc -l" "$r" ">= 0.25" "$(judge "$r" ">=" 0.25)"
	done
	r=$(awk -F, '$1 == "system-hivex-1x" { b = $4 } $1 == "system-hivex-8x" { l = $4 } END { if (b) printf "%.2f", l / b }' "$out/reg.csv")
	[ -n "$r" ] && row ".reg scaling: comscan scan t(8N)/t(N)" "$r" "<= 9" "$(judge "$r" "<=" 9)"
	r=$(awk -F, '$1 == "system-hivex-8x" && $3 == "comscan scan" { printf "%.1f", $6 / 1024 - $2 / 1048576 }' "$out/reg.csv")
	[ -n "$r" ] && row ".reg 146 MiB: comscan scan peak RSS - file size (MiB)" "$r" "<= 7.63" "$(judge "$r" "<=" 7.63)"
fi
if [ -f "$out/clb.csv" ]; then
	r=$(awk -F, '$1 == "mscorlib.dll" && $3 == "comscan scan" { print $8 }' "$out/clb.csv")
	[ -n "$r" ] && row "metadata: comscan scan MB/s on mscorlib" "$r" ">= 500" "$(judge "$r" ">=" 500)"
	r=$(awk -F, '$1 == "mscorlib.dll" && $3 == "comscan scan" { print $7 }' "$out/clb.csv")
	[ -n "$r" ] && row "metadata: comscan scan CPU / pedump CPU (mscorlib)" "$r" "(none)" "-"
	r=$(awk -F, '$1 == "meta-1x.dll" { b = $4 } $1 == "meta-8x.dll" { l = $4 } END { if (b) printf "%.2f", l / b }' "$out/clb.csv")
	[ -n "$r" ] && row "metadata scaling: comscan scan t(8N)/t(N)" "$r" "<= 9" "$(judge "$r" "<=" 9)"
	r=$(awk -F, '$1 == "meta-8x.dll" { printf "%.1f", $6 / 1024 - $9 / 1048576 }' "$out/clb.csv")
	[ -n "$r" ] && row "metadata 34 MiB: comscan scan peak RSS - file size (MiB)" "$r" "<= 7.63" "$(judge "$r" "<=" 7.63)"
fi
if [ -f "$out/fuzz.csv" ]; then
	# the goal is one core's exec/s; the -O2 build without sanitizers is
	# what a farm that wants speed runs (the ASan build is in fuzz.csv)
	while IFS=, read -r h kib asan plain; do
		[ "$h" = harness ] && continue
		case $plain in *[!0-9]* | '') r=$plain; res=MISSED ;; *) r=$plain; res=$(judge "$plain" ">=" 20000) ;; esac
		row "fuzz $h ($kib KiB seeds): exec/s on one core at -O2" "$r" ">= 20000" "$res"
	done <"$out/fuzz.csv"
fi
