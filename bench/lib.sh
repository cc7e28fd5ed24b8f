# bench/lib.sh - sourced by the benchmark scripts: one way to time a
# whole process.  measure CMD... prints "CPU WALL KIB": the median CPU
# seconds (perf stat task-clock of the process tree, when perf works; else
# the wall time) and the median wall seconds of RUNS runs each, after one
# warm-up run, and the peak resident set of one more run (GNU time's %M).
# Needs $out (a scratch directory) and $runs.  (Nanoseconds are printed
# with %.0f: mawk's %d stops at 2^31.)
use_perf=0
perf stat -x, -e task-clock -o /dev/null true 2>/dev/null && use_perf=1

median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

measure() {
	i=0
	: >"$out/cpu.txt"
	: >"$out/wall.txt"
	"$@" >/dev/null 2>&1 # warm-up: page cache, dynamic loader
	while [ $i -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $((t1 - t0)) >>"$out/wall.txt"
		if [ $use_perf = 1 ]; then
			perf stat -x, -e task-clock -o "$out/perf.txt" "$@" >/dev/null 2>&1
			awk -F, '/task-clock/ { printf "%.0f\n", $1 * 1e6 }' "$out/perf.txt" >>"$out/cpu.txt"
		else
			echo $((t1 - t0)) >>"$out/cpu.txt"
		fi
		i=$((i + 1))
	done
	/usr/bin/time -f '%M' -o "$out/time.txt" "$@" >/dev/null 2>&1
	kib=$(tail -n 1 "$out/time.txt")
	awk -v c="$(median "$out/cpu.txt")" -v w="$(median "$out/wall.txt")" -v k="$kib" \
	    'BEGIN { printf "%.6f %.6f %d\n", c / 1e9, w / 1e9, k }'
}
