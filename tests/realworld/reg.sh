#!/bin/sh
# tests/realworld/reg.sh COMSCAN [RELEASE_COMSCAN]
#
# Real-world validation of the .reg parser and the COM model:
#
# 1. Every file in ../shared/realworld/reg/ is scanned and its COM model
#    built, with COMSCAN (the ASan+UBSan build): no crash, exit 0 or 1, and
#    the findings per file equal tests/realworld/reg-findings.tsv, whose
#    every line is explained in docs/realworld.md.  (REALWORLD_UPDATE=1
#    rewrites the table instead of comparing.)
# 2. The regipy hives in ../shared/realworld/hives/ are exported to .reg
#    with hivexregedit (libwin-hivex-perl); each export scans healthy, its
#    TSV dump has exactly the key and value counts reglookup prints for the
#    hive, and its canonical .reg re-dumps to the identical TSV.  Uses
#    RELEASE_COMSCAN (default: COMSCAN) for speed on the 19 MB SYSTEM export.
# 3. comscan diagnose with each file of 1. as the registration: a partial
#    export, never an unregistered catalog.
#
# Skips cleanly when ../shared or a tool is absent.
set -u
comscan=$1
fast=${2:-$1}
shared=../shared/realworld
out=${B:-build}/realworld/reg
expected=tests/realworld/reg-findings.tsv

skip() { echo "== realworld reg: SKIP ($1)"; }
fail() { echo "realworld reg: FAIL: $1"; exit 1; }

# "severity:code" for every finding of a text report, counted, one line.
summarize() {
	grep -oE '^  (error|warning|note) .* [a-z0-9]+\.[a-z0-9.-]+:' "$1" |
		sed -E 's/^  (error|warning|note) .* ([a-z0-9]+\.[a-z0-9.-]+):$/\1:\2/' |
		sort | uniq -c | awk '{ printf "%s%s*%s", sep, $2, $1; sep = " " } END { print "" }'
}

# ---- 1. the public .reg files -------------------------------------------------
check_reg_files() {
	mkdir -p "$out"
	: >"$out/findings.tsv"
	n=0
	(cd "$shared/reg" && find . -type f -iname '*.reg' | sort) >"$out/list"
	while IFS= read -r f; do
		"$comscan" scan "$shared/reg/$f" >"$out/scan.txt" 2>&1
		rc=$?
		[ $rc -le 1 ] || { cat "$out/scan.txt"; fail "scan $f: exit $rc"; }
		"$comscan" com "$shared/reg/$f" >"$out/com.txt" 2>&1
		rc2=$?
		[ $rc2 -le 1 ] || { cat "$out/com.txt"; fail "com $f: exit $rc2"; }
		# the COM report repeats the parse findings: keep only com.*
		grep -v ' regtext\.' "$out/com.txt" >"$out/com-only.txt"
		printf '%s\t%s\t%s\t%s\n' "${f#./}" "$rc" "$(summarize "$out/scan.txt")" \
			"$(summarize "$out/com-only.txt")" >>"$out/findings.tsv"
		n=$((n + 1))
	done <"$out/list"
	[ $n -gt 0 ] || fail "no .reg files under $shared/reg"
	if [ "${REALWORLD_UPDATE:-0}" = 1 ]; then
		{
			echo "# file	scan exit	scan findings (severity:code*count)	COM findings - tests/realworld/reg.sh; explained in docs/realworld.md"
			cat "$out/findings.tsv"
		} >"$expected"
		echo "== realworld reg: wrote $expected ($n files)"
		return
	fi
	grep -v '^#' "$expected" | diff -u - "$out/findings.tsv" ||
		fail "findings on the public .reg files changed (see docs/realworld.md; REALWORLD_UPDATE=1 rewrites the table)"
	echo "== realworld reg: $n public .reg files parse as documented (docs/realworld.md)"
}

# ---- 2. hive exports against reglookup ------------------------------------------
# Keys and values reglookup prints for a hive: "KEYS VALUES".
reglookup_counts() {
	reglookup -H "$1" 2>/dev/null | awk -F, '$2 == "KEY" { k++ } $2 != "KEY" { v++ } END { print k + 0, v + 0 }'
}

# Keys and values of a TSV dump at or below the prefix: "KEYS VALUES".
tsv_counts() {
	awk -F'\t' -v p="$2" '
		{ at = ($2 == p || index($2, p "\\") == 1) }
		at && $1 == "K" { k++ }
		at && $1 == "V" { v++ }
		END { print k + 0, v + 0 }' "$1"
}

check_hive() {
	hive=$1 prefix=$2
	src="$shared/hives/regipy/$hive.xz"
	[ -f "$src" ] || { skip "$src missing"; return; }
	h="$out/hives/$hive"
	if [ ! -f "$h.reg" ] || [ "$src" -nt "$h.reg" ]; then
		xz -dc "$src" >"$h" || fail "cannot decompress $src"
		hivexregedit --export --prefix "$prefix" "$h" '\' >"$h.reg.tmp" 2>/dev/null ||
			fail "hivexregedit cannot export $hive"
		mv "$h.reg.tmp" "$h.reg"
	fi
	"$fast" scan "$h.reg" >"$h.scan" 2>&1 || { cat "$h.scan"; fail "export of $hive is not healthy"; }
	"$fast" dump --format tsv "$h.reg" >"$h.tsv" 2>/dev/null || fail "dump of $hive's export"
	want=$(reglookup_counts "$h")
	got=$(tsv_counts "$h.tsv" "$prefix")
	[ "$want" = "$got" ] || fail "$hive: reglookup counts \"$want\" keys and values, the export's dump \"$got\""
	"$fast" dump --format reg "$h.reg" >"$h.canon.reg" 2>/dev/null || fail "canonical .reg of $hive"
	"$fast" dump --format tsv "$h.canon.reg" 2>/dev/null | cmp -s - "$h.tsv" ||
		fail "$hive: the canonical .reg does not dump to the same TSV"
	echo "$want" | {
		read -r k v
		echo "== realworld reg: $hive: export healthy, $k keys and $v values as reglookup, canonical .reg dumps the same"
	}
}

check_hives() {
	for t in xz hivexregedit reglookup; do
		command -v $t >/dev/null 2>&1 || { skip "hive exports: $t missing (.ci/deps.sh realworld)"; return; }
	done
	mkdir -p "$out/hives"
	check_hive BCD 'HKEY_LOCAL_MACHINE\BCD00000000'
	check_hive SAM 'HKEY_LOCAL_MACHINE\SAM'
	check_hive SECURITY 'HKEY_LOCAL_MACHINE\SECURITY'
	check_hive NTUSER.DAT 'HKEY_CURRENT_USER'
	check_hive NTUSER_modified.DAT 'HKEY_USERS\S-1-5-21-0-0-0-1001'
	check_hive UsrClass.dat 'HKEY_CURRENT_USER\Software\Classes'
	check_hive amcache.hve 'HKEY_LOCAL_MACHINE\AMCACHE'
	check_hive SYSTEM 'HKEY_LOCAL_MACHINE\SYSTEM'
}

# comscan diagnose with each real .reg file as the registration (ASan+UBSan
# build) over an empty Windows directory: each is one application's
# registrations, a partial export, so each gets diagnose.registry.partial
# and never the unregistered conclusion (docs/diagnose.md, the rule that
# a partial export must not be taken for an unregistered catalog).
check_diagnose_partial() {
	mkdir -p "$out/emptywin"
	n=0
	for f in $(find "$shared/reg" -type f -iname '*.reg' | sort); do
		"$comscan" diagnose --json "$out/emptywin" --reg "$f" >"$out/diag.json" 2>"$out/diag.err"
		rc=$?
		[ $rc -eq 1 ] || { cat "$out/diag.err"; fail "diagnose --reg $f: exit $rc, expected 1"; }
		grep -F '"code":"diagnose.registry.partial"' "$out/diag.json" >/dev/null ||
			fail "diagnose --reg $f: not taken for a partial export"
		! grep -F '"code":"diagnose.catalog-classes.unregistered"' "$out/diag.json" >/dev/null ||
			fail "diagnose --reg $f: a partial export was called unregistered"
		n=$((n + 1))
	done
	echo "== realworld reg: diagnose with each of $n .reg files: partial export noted, never unregistered"
}

if [ ! -d "$shared/reg" ]; then
	skip "$shared/reg absent"
else
	check_reg_files
	check_diagnose_partial
fi
if [ ! -d "$shared/hives" ]; then
	skip "$shared/hives absent"
else
	check_hives
fi
exit 0
