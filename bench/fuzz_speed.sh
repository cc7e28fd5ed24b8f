#!/bin/sh
# bench/fuzz_speed.sh - fuzzing throughput of every harness (issue 5:
# goal >= 20 000 exec/s on one core for inputs up to 64 KiB).
#
# usage: bench/fuzz_speed.sh ASAN_DIR PLAIN_DIR [SECS]
#   ASAN_DIR   libFuzzer binaries with ASan+UBSan (make fuzzers: build/fuzz)
#   PLAIN_DIR  the same without sanitizers, -O2 (make bench-fuzz builds them)
#
# Each harness runs SECS seconds (default 20) on one core from its
# committed corpus (corpus/<harness>, a fresh working corpus each time,
# seed 1, -max_len=65536), and libFuzzer's own average exec/s is reported
# with the average size of the committed seeds.  A measurement, never a
# pass/fail test.
set -eu
asan=$1 plain=$2 secs=${3:-20}
work=${B:-build}/fuzz-speed
rm -rf "$work" && mkdir -p "$work"
printf '%-18s %10s %12s %12s\n' harness "seed KiB" "ASan exec/s" "-O2 exec/s"
for bin in "$asan"/fuzz_*; do
	f=$(basename "$bin")
	[ -x "$bin" ] || continue
	case $f in *.*) continue ;; esac
	dict=fuzz/$(echo "$f" | sed 's/_oom$//').dict
	n=$(find corpus/"$f" -type f ! -name '.*' | wc -l)
	bytes=$(find corpus/"$f" -type f ! -name '.*' -exec cat {} + | wc -c)
	line="$(printf '%-18s %10.1f' "$f" "$(echo "$bytes / $n / 1024" | bc -l)")"
	for b in "$asan" "$plain"; do
		rm -rf "$work/corpus" && mkdir -p "$work/corpus"
		"$b/$f" -seed=1 -max_len=65536 -dict="$dict" -max_total_time="$secs" \
			-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" corpus/"$f" \
			> "$work/$f.log" 2>&1 || { echo "$f failed: $work/$f.log"; exit 1; }
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$f.log")
		line="$line $(printf '%12s' "$eps")"
	done
	echo "$line"
done
