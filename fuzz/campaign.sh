#!/bin/sh
# fuzz/campaign.sh - one campaign round: every harness (or those named)
# for SECS seconds on one core with one engine, from the committed corpus
# and its regressions plus the working corpus of earlier
# rounds (build/corpus/<harness> for libFuzzer, build/afl-out/<harness>/asan
# for AFL++, kept between rounds),
# and one line per harness appended to build/campaigns.tsv for FUZZING.md's
# log: date, harness, engine, wall seconds, executions, exec/s, coverage,
# findings of this round (new files in the artifact directory, or new
# crashes and hangs), and the CPU seconds the engine and its targets used
# (task-clock of the whole process tree, measured with perf, so a round
# that shares its core with other work logs what it really got).
#
# usage: fuzz/campaign.sh libfuzzer|afl SECS [HARNESS...]
# (make fuzzers, or make afl, first)
set -u
engine=$1 secs=$2
shift 2
B=${B:-build}
log=$B/campaigns.tsv
[ -f "$log" ] || printf 'date\tharness\tengine\tseconds\texecs\texec_per_s\tcoverage\tfindings\tcpu_s\n' > "$log"
harnesses=${*:-$(ls fuzz/fuzz_*.c | sed 's|fuzz/\(.*\)\.c|\1|')}
# one stamp per round: rounds (of either engine, on different harnesses)
# may run side by side
stamp=$B/campaign-$engine-$$.stamp

# cpu_cmd: the prefix that measures the CPU time of a whole process tree,
# orphans and killed persistent-mode targets included (`perf stat`'s
# task-clock follows every descendant; `times` would only see the reaped
# ones, which misses most of an AFL++ round); without perf the column is '?'
if command -v perf > /dev/null 2>&1 && perf stat -e task-clock -o /dev/null true 2> /dev/null; then
	cpu_cmd="perf stat -x, -e task-clock -o $stamp.cpu --"
else
	cpu_cmd=
	echo "campaign: perf (Debian package linux-perf) not usable; CPU seconds logged as ?" >&2
fi

# CPU seconds measured by the last $cpu_cmd run, or ?
measured_cpu() {
	[ -n "$cpu_cmd" ] && [ -f "$stamp.cpu" ] || { echo '?'; return; }
	awk -F, '/task-clock/ { printf "%d\n", $1 / 1000 }' "$stamp.cpu"
}

# files in directory $1 newer than the round's stamp
count_new() {
	[ -d "$1" ] || { echo 0; return; }
	find "$1" -type f -newer "$stamp" ! -name README.txt | wc -l
}

# Kills what an AFL++ round on harness $1 left behind: a target or CMPLOG
# forkserver that outlived afl-fuzz (re-parented to init, often stopped)
# keeps the output directory's lock, and the next round on the harness
# would abort at once ("is being actively used by another instance").
kill_orphans() {
	for pid in $(ps -eo pid=,ppid=,args= | awk -v a="$B/afl/$1" -v c="$B/afl-cmplog/$1" \
	    '$2 == 1 && ($3 == a || $3 == c) { print $1 }'); do
		kill -9 "$pid" 2>/dev/null
	done
}

# the value of field $2 in AFL++'s fuzzer_stats $1, or 0
afl_stat() {
	v=$(sed -n "s/^$2 *: *//p" "$1" 2>/dev/null)
	echo "${v:-0}"
}

for f in $harnesses; do
	dict=fuzz/$(echo "$f" | sed 's/_oom$//').dict
	touch "$stamp"
	rm -f "$stamp.cpu"
	case $engine in
	libfuzzer)
		mkdir -p "$B/corpus/$f" "$B/artifacts/$f"
		# the longest input: fuzz/<harness>.options, as OSS-Fuzz reads it
		maxlen=$(sed -n 's/^max_len *= *//p' fuzz/"$f".options)
		regressions=$(ls -d corpus/regressions/"$f" 2> /dev/null)
		$cpu_cmd "$B/fuzz/$f" -max_len="${maxlen:-65536}" -timeout=10 -rss_limit_mb=2048 \
			-dict="$dict" -max_total_time="$secs" -print_final_stats=1 \
			-artifact_prefix="$B/artifacts/$f/" "$B/corpus/$f" corpus/"$f" $regressions \
			> "$B/campaign-$f.log" 2>&1
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/campaign-$f.log")
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$B/campaign-$f.log")
		cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$B/campaign-$f.log" | tail -1)
		found=$(count_new "$B/artifacts/$f")
		;;
	afl)
		out=$B/afl-out/$f
		st=$out/asan/fuzzer_stats
		mkdir -p "$out"
		before=$(afl_stat "$st" execs_done)
		kill_orphans "$f"
		# afl-fuzz takes one input folder: the seeds and the regressions
		# (read when the output folder is new; a resumed one keeps its queue)
		rm -rf "$B/afl-in/$f" && mkdir -p "$B/afl-in/$f"
		find corpus/"$f" corpus/regressions/"$f" -type f ! -name '.*' \
			-exec cp {} "$B/afl-in/$f/" \; 2> /dev/null
		AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1 \
			AFL_IMPORT_FIRST=1 AFL_AUTORESUME=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
			$cpu_cmd afl-fuzz -S asan -t 10000 -i "$B/afl-in/$f" -o "$out" -x "$dict" \
			-c "$B/afl-cmplog/$f" -V "$secs" -- "$B/afl/$f" > "$B/campaign-afl-$f.log" 2>&1
		rc=$?
		kill_orphans "$f"
		if [ "$rc" -ne 0 ]; then
			# a round that did not run is logged as such, not as 0 execs
			echo "campaign: afl-fuzz $f exited with status $rc:" >&2
			tail -n 5 "$B/campaign-afl-$f.log" >&2
			printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$f" afl \
				"$secs" 0 0 "-" "error: afl-fuzz exit $rc" "$(measured_cpu)" >> "$log"
			continue
		fi
		after=$(afl_stat "$st" execs_done)
		# a resumed instance may count from its earlier total
		if [ "$after" -ge "$before" ] && [ "$before" -gt 0 ]; then
			execs=$((after - before))
		else
			execs=$after
		fi
		eps=$((execs / secs))
		cov="bitmap $(afl_stat "$st" bitmap_cvg)"
		found=$(($(count_new "$out/asan/crashes") + $(count_new "$out/asan/hangs")))
		;;
	*) echo "usage: $0 libfuzzer|afl SECS [HARNESS...]" >&2; exit 2 ;;
	esac
	cpu=$(measured_cpu)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$f" "$engine" "$secs" \
		"${execs:-?}" "${eps:-?}" "${cov:-?}" "$found" "$cpu" >> "$log"
	tail -1 "$log"
done
rm -f "$stamp" "$stamp.cpu"
