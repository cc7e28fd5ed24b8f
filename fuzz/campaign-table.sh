#!/bin/sh
# fuzz/campaign-table.sh [LOG] - FUZZING.md's campaign tables from the log
# fuzz/campaign.sh appends to (default build/campaigns.tsv): one row per
# round (harness, then engine, then date), then the CPU minutes per harness
# and engine.  CPU time is the measured cpu_s column where the round has
# one (perf task-clock of the whole process tree), else its wall seconds
# (the rounds before that column each had a core to themselves); exec/s is
# executions per second of that CPU time (the log's exec_per_s column,
# per wall second, is not used).
log=${1:-build/campaigns.tsv}
[ -f "$log" ] || { echo "campaign-table: $log missing" >&2; exit 2; }
# every harness gets a row in the CPU table, also one without a round yet
harnesses=$(ls fuzz/fuzz_*.c 2>/dev/null | sed 's|fuzz/\(.*\)\.c|\1|' | tr '\n' ' ')
sed 1d "$log" | sort -t '	' -k2,2 -k3,3 -k1,1 | awk -F '\t' -v harnesses="$harnesses" '
function commas(n,   s) {
	n = int(n + 0.5); s = ""
	while (n >= 1000) { s = sprintf(",%03d", n % 1000) s; n = int(n / 1000) }
	return n s
}
function minutes(s,   m) {
	m = int(s / 60); s = int(s - 60 * m + 0.5)
	if (s == 60) { m++; s = 0 }
	return s ? sprintf("%d min %d s", m, s) : sprintf("%d min", m)
}
BEGIN {
	print "| date (UTC) | harness | engine | CPU time | executions | exec/s (per CPU second) | coverage | findings |"
	print "|---|---|---|---|---|---|---|---|"
}
{
	cpu = ($9 != "" && $9 != "?") ? $9 : $4
	eng = $3 == "afl" ? "AFL++ 4.04c, ASan+UBSan target, CMPLOG" : "libFuzzer, ASan+UBSan"
	d = $1; sub(/T/, " ", d); sub(/Z$/, "", d)
	eps = (cpu > 0 && $5 ~ /^[0-9]+$/) ? $5 / cpu : $6
	printf "| %s | `%s` | %s | %s | %s | %s | %s | %s |\n", d, $2, eng, minutes(cpu), commas($5), commas(eps), $7, $8
	total[$2, $3] += cpu; seen[$2] = 1
}
END {
	print ""
	print "CPU time so far per harness and engine (goal: 60 minutes each before issue 5 closes):"
	print ""
	print "| harness | libFuzzer CPU-minutes | AFL++ CPU-minutes |"
	print "|---|---|---|"
	n = split(harnesses, list, " ")
	for (i = 1; i <= n; i++) seen[list[i]] = 1
	n = 0
	for (h in seen) names[++n] = h
	for (i = 2; i <= n; i++) { x = names[i]; for (j = i - 1; j >= 1 && names[j] > x; j--) names[j + 1] = names[j]; names[j + 1] = x }
	for (i = 1; i <= n; i++)
		printf "| `%s` | %.1f | %.1f |\n", names[i], total[names[i], "libfuzzer"] / 60, total[names[i], "afl"] / 60
}'
