#!/bin/sh
# bench/fuzz_speed.sh - fuzzing throughput of every harness (issue 5:
# goal >= 20 000 exec/s on one core for inputs up to 64 KiB).
#
# usage: bench/fuzz_speed.sh ASAN_DIR PLAIN_DIR [SECS]
#   ASAN_DIR   libFuzzer binaries with ASan+UBSan (make fuzzers: build/fuzz)
#   PLAIN_DIR  the same without sanitizers, -O2 (make bench-fuzz builds them)
#
# Each harness runs SECS seconds (default 30) on one core from its
# committed corpus (corpus/<harness>, a fresh working corpus each time,
# seed 1, -max_len=65536), and libFuzzer's own average exec/s is reported
# with the average size of the committed seeds, also to build/bench/fuzz.csv
# (for bench/summary.sh).  A measurement, never a pass/fail test; a
# harness that finds something shows "finding!" (the input is kept in
# build/fuzz-speed/) and the script ends with status 1.
set -eu
asan=$1 plain=$2 secs=${3:-30} status=0
work=${B:-build}/fuzz-speed
csv=${B:-build}/bench/fuzz.csv
rm -rf "$work" && mkdir -p "$work" "$(dirname "$csv")"
echo "harness,seed_kib,asan_exec_per_s,plain_exec_per_s" >"$csv"
printf '%-18s %10s %12s %12s\n' harness "seed KiB" "ASan exec/s" "-O2 exec/s"
for bin in "$asan"/fuzz_*; do
	f=$(basename "$bin")
	[ -x "$bin" ] || continue
	case $f in *.*) continue ;; esac
	dict=fuzz/$(echo "$f" | sed 's/_oom$//').dict
	n=$(find corpus/"$f" -type f ! -name '.*' | wc -l)
	bytes=$(find corpus/"$f" -type f ! -name '.*' -exec cat {} + | wc -c)
	line="$(printf '%-18s %10s' "$f" "$(awk -v b="$bytes" -v n="$n" 'BEGIN { printf "%.1f", b / n / 1024 }')")"
	for b in "$asan" "$plain"; do
		rm -rf "$work/corpus" && mkdir -p "$work/corpus"
		if "$b/$f" -seed=1 -max_len=65536 -dict="$dict" -max_total_time="$secs" \
			-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" corpus/"$f" \
			> "$work/$f.log" 2>&1; then
			eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$f.log")
		else
			eps="finding!" # the input is in $work; the table goes on
			status=1
		fi
		line="$line $(printf '%12s' "$eps")"
		row="${row:-$f,$(awk -v b="$bytes" -v n="$n" 'BEGIN { printf "%.1f", b / n / 1024 }')},$eps"
	done
	echo "$line"
	echo "$row" >>"$csv"
	row=
done
[ "$status" -eq 0 ] || echo "a harness found something: see $work/*.log" >&2
exit "$status"
