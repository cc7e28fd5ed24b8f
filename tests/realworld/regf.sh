#!/bin/sh
# tests/realworld/regf.sh COMSCAN REGFDIFF
#
# Real-world validation of the hive parser (issue 4):
#
# 1. The regipy hives of ../shared/realworld/hives/regipy/: each scans as
#    kind regf, dirty exactly when its sequence numbers differ (SECURITY,
#    UsrClass.dat, amcache.hve), healthy otherwise; REGFDIFF finds the
#    same keys and values (names, types, data bytes) as hivex (through
#    hivexregedit's export) and as reglookup; the COM model of UsrClass.dat
#    equals that of its .reg export; corrupted_system_hive is reported
#    corrupt without a crash.
# 2. Every file of ../shared/realworld/hives/yarp/ (deliberately damaged
#    hives and logs): no crash, no hang (10 s each), and the classes in
#    tests/realworld/yarp-classes.tsv, each explained in docs/realworld.md
#    (REALWORLD_UPDATE=1 rewrites the table).
#
# COMSCAN is the ASan+UBSan build.  Skips cleanly when ../shared or a tool
# is absent.
set -u
comscan=$1
regfdiff=$2
shared=../shared/realworld/hives
out=${B:-build}/realworld/regf
expected=tests/realworld/yarp-classes.tsv

skip() { echo "== realworld regf: SKIP ($1)"; }
fail() { echo "realworld regf: FAIL: $1"; exit 1; }

# kind and classes of one scan: "kind<TAB>class,class" (or "healthy")
classes() {
	"$comscan" scan --json "$1" >"$out/scan.json" 2>"$out/scan.err"
	rc=$?
	[ $rc -le 1 ] || { cat "$out/scan.err"; fail "scan $1: exit $rc"; }
	sed -e 's/.*"kind":"\([a-z]*\)".*"classes":\[\([^]]*\)\].*/\1	\2/' -e 's/"//g' \
		-e 's/	$/	healthy/' "$out/scan.json"
}

check_regipy() {
	dir=$shared/regipy
	for t in xz hivexregedit reglookup; do
		command -v $t >/dev/null 2>&1 || { skip "regipy hives: $t missing (.ci/deps.sh)"; return; }
	done
	mkdir -p "$out/regipy"
	for spec in 'BCD|HKEY_LOCAL_MACHINE\BCD00000000|healthy' 'SAM|HKEY_LOCAL_MACHINE\SAM|healthy' \
		'SECURITY|HKEY_LOCAL_MACHINE\SECURITY|dirty' 'NTUSER.DAT|HKEY_CURRENT_USER|healthy' \
		'NTUSER_modified.DAT|HKEY_CURRENT_USER|healthy' \
		'UsrClass.dat|HKEY_CURRENT_USER\Software\Classes|dirty' \
		'amcache.hve|HKEY_LOCAL_MACHINE\Amcache.hve|dirty' 'SYSTEM|HKEY_LOCAL_MACHINE\SYSTEM|healthy'; do
		name=${spec%%|*} rest=${spec#*|}
		mount=${rest%%|*} want=${rest#*|}
		h=$out/regipy/$name
		[ -f "$h" ] || xz -dc "$dir/$name.xz" >"$h" || fail "cannot decompress $name"
		got=$(classes "$h")
		[ "$got" = "regf	$want" ] || fail "$name: scan says '$got', expected 'regf	$want'"
		if [ ! -f "$h.x.reg" ]; then
			hivexregedit --export --prefix "$mount" "$h" '\' >"$h.x.reg.tmp" 2>/dev/null &&
				mv "$h.x.reg.tmp" "$h.x.reg" || fail "hivexregedit cannot export $name"
		fi
		reglookup -H "$h" >"$h.rl" 2>/dev/null
		"$regfdiff" "$h" "$h.x.reg" "$h.rl" "$mount" >"$h.diff" 2>&1 ||
			{ cat "$h.diff"; fail "$name: comscan and hivex/reglookup disagree"; }
		echo "== realworld regf: $name ($want): $(tr -s ' ' <"$h.diff" | sed 's/^ //' | tr '\n' ';' | sed 's/;$//')"
	done
	# the COM model of a hive and of its .reg export (where each fact was aside)
	"$comscan" com --json "$out/regipy/UsrClass.dat" | sed 's/"source":"[^"]*"//g' >"$out/com-hive.json"
	"$comscan" com --json "$out/regipy/UsrClass.dat.x.reg" | sed 's/"source":"[^"]*"//g' |
		grep -v '^$' >"$out/com-reg.json"
	# the .reg export adds its parse findings: compare classes and com.* findings
	for f in hive reg; do
		tr '{' '\n' <"$out/com-$f.json" | grep -E '"clsid"|"code":"com\.' |
			sed -e 's/"offset":[0-9a-z]*,//' -e 's/"line":[0-9a-z]*,//' | sort >"$out/com-$f.lines"
	done
	cmp -s "$out/com-hive.lines" "$out/com-reg.lines" ||
		{ diff "$out/com-hive.lines" "$out/com-reg.lines" | head; fail "UsrClass.dat: the COM model differs from its .reg export's"; }
	echo "== realworld regf: UsrClass.dat gives the COM classes and findings of its .reg export ($(grep -c clsid "$out/com-hive.lines") classes)"
	h=$out/regipy/corrupted_system_hive
	[ -f "$h" ] || xz -dc "$dir/corrupted_system_hive.xz" >"$h" || fail "cannot decompress corrupted_system_hive"
	got=$(classes "$h")
	case "$got" in
	regf*healthy*) fail "corrupted_system_hive scans healthy" ;;
	esac
	echo "== realworld regf: corrupted_system_hive: $got"
}

check_yarp() {
	dir=$shared/yarp
	command -v xz >/dev/null 2>&1 || { skip "yarp hives: xz missing"; return; }
	mkdir -p "$out/yarp"
	(cd "$dir" && find . -type f ! -name '*.md' | sort) >"$out/yarp.list"
	: >"$out/yarp.tsv"
	while IFS= read -r f; do
		name=${f#./}
		dst=$out/yarp/${name%.xz}
		mkdir -p "$(dirname "$dst")"
		case $name in
		*.xz) [ -f "$dst" ] || xz -dc "$dir/$name" >"$dst" ;;
		*) [ -f "$dst" ] || cp "$dir/$name" "$dst" ;;
		esac
		timeout 10 "$comscan" scan --json "$dst" >"$out/scan.json" 2>"$out/scan.err"
		rc=$?
		[ $rc -le 1 ] || { cat "$out/scan.err"; fail "yarp ${name%.xz}: exit $rc (crash or hang)"; }
		printf '%s\t%s\n' "${name%.xz}" "$(classes "$dst")" >>"$out/yarp.tsv"
	done <"$out/yarp.list"
	if [ "${REALWORLD_UPDATE:-0}" = 1 ]; then
		{
			echo "# yarp file	kind	classes - tests/realworld/regf.sh; explained in docs/realworld.md"
			cat "$out/yarp.tsv"
		} >"$expected"
		echo "== realworld regf: wrote $expected"
		return
	fi
	grep -v '^#' "$expected" | diff -u - "$out/yarp.tsv" ||
		fail "classes on the yarp hives changed (docs/realworld.md; REALWORLD_UPDATE=1 rewrites the table)"
	echo "== realworld regf: $(wc -l <"$out/yarp.tsv") yarp test hives and logs: no crash, no hang, classes as documented"
}

# 3. comscan diagnose over an empty Windows directory with each regipy hive
#    given as --hive (ASan+UBSan): none is a machine registration (no
#    SOFTWARE hive among them), so each gets the partial-registration note,
#    never the unregistered conclusion, and the missing catalog DLL and
#    catalogs make the verdict failing (exit 1).
check_diagnose() {
	mkdir -p "$out/emptywin"
	for h in "$out"/regipy/*; do
		case $h in *.diff | *.reg | *.rl) continue ;; esac
		[ -f "$h" ] || continue
		timeout 60 "$comscan" diagnose --json "$out/emptywin" --hive "$h" >"$out/diag.json" 2>"$out/diag.err"
		rc=$?
		[ $rc -eq 1 ] || { cat "$out/diag.err"; fail "diagnose --hive $h: exit $rc, expected 1"; }
		grep -F '"code":"diagnose.registry.partial"' "$out/diag.json" >/dev/null ||
			fail "diagnose --hive $h: no diagnose.registry.partial note"
		! grep -F '"code":"diagnose.catalog-classes.unregistered"' "$out/diag.json" >/dev/null ||
			fail "diagnose --hive $h: a partial registration was called unregistered"
	done
	echo "== realworld regf: diagnose with each regipy hive: partial registration noted, never unregistered"
}

if [ ! -d "$shared" ]; then
	skip "$shared absent"
	exit 0
fi
mkdir -p "$out"
check_regipy
check_yarp
check_diagnose
exit 0
