#!/bin/sh
# fuzz/campaign.sh - one campaign round: every harness (or those named)
# for SECS seconds on one core with one engine, from the committed corpus
# plus the working corpus of earlier rounds (build/corpus/<harness> for
# libFuzzer, build/afl-out/<harness> for AFL++, kept between rounds), and
# one line per harness appended to build/campaigns.tsv for FUZZING.md's
# log: date, harness, engine, seconds, executions, exec/s, coverage,
# findings (files in the artifact/crash directories).
#
# usage: fuzz/campaign.sh libfuzzer|afl SECS [HARNESS...]
# (make fuzzers, or make afl, first)
set -u
engine=$1 secs=$2
shift 2
B=${B:-build}
log=$B/campaigns.tsv
[ -f "$log" ] || printf 'date\tharness\tengine\tseconds\texecs\texec_per_s\tcoverage\tfindings\n' > "$log"
harnesses=${*:-$(ls fuzz/fuzz_*.c | sed 's|fuzz/\(.*\)\.c|\1|')}
for f in $harnesses; do
	dict=fuzz/$(echo "$f" | sed 's/_oom$//').dict
	case $engine in
	libfuzzer)
		mkdir -p "$B/corpus/$f" "$B/artifacts/$f"
		"$B/fuzz/$f" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -dict="$dict" \
			-max_total_time="$secs" -print_final_stats=1 -artifact_prefix="$B/artifacts/$f/" \
			"$B/corpus/$f" corpus/"$f" > "$B/campaign-$f.log" 2>&1
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/campaign-$f.log")
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$B/campaign-$f.log")
		cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$B/campaign-$f.log" | tail -1)
		found=$(ls "$B/artifacts/$f" | wc -l)
		;;
	afl)
		mkdir -p "$B/afl-out"
		resume=corpus/$f
		[ -d "$B/afl-out/$f/main" ] && resume=-
		AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1 \
			AFL_IMPORT_FIRST=1 AFL_AUTORESUME=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
			afl-fuzz -S main -i "$resume" -o "$B/afl-out/$f" -x "$dict" \
			-c "$B/afl-cmplog/$f" -V "$secs" -- "$B/afl/$f" > "$B/campaign-afl-$f.log" 2>&1
		st=$B/afl-out/$f/main/fuzzer_stats
		execs=$(sed -n 's/^execs_done *: *//p' "$st")
		eps=$(sed -n 's/^execs_per_sec *: *//p' "$st")
		cov="bitmap $(sed -n 's/^bitmap_cvg *: *//p' "$st")"
		found=$(($(ls "$B/afl-out/$f/main/crashes" | grep -vc README) + $(ls "$B/afl-out/$f/main/hangs" | wc -l)))
		;;
	*) echo "usage: $0 libfuzzer|afl SECS [HARNESS...]" >&2; exit 2 ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$f" "$engine" "$secs" \
		"${execs:-?}" "${eps:-?}" "${cov:-?}" "$found" >> "$log"
	tail -1 "$log"
done
