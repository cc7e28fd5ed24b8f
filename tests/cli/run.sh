#!/bin/sh
# tests/cli/run.sh - end-to-end checks of the comscan command.
#
#   sh tests/cli/run.sh PATH_TO_COMSCAN PATH_TO_JSONCHECK
#
# Run from the repository root (make cli-test does).  Stops at the first
# failed check with a message naming it and exits 1; exits 0 when every
# check passes.  Scratch files live in a mktemp -d directory removed on exit.
set -u

if [ $# -ne 2 ]; then
	echo "usage: sh tests/cli/run.sh PATH_TO_COMSCAN PATH_TO_JSONCHECK" >&2
	exit 2
fi
CS=$1
JC=$2
S=corpus/samples
[ -x "$CS" ] || { echo "cli-test: $CS is not executable" >&2; exit 2; }
[ -x "$JC" ] || { echo "cli-test: $JC is not executable" >&2; exit 2; }
[ -d "$S" ] || { echo "cli-test: run from the repository root ($S missing)" >&2; exit 2; }

T=$(mktemp -d) || { echo "cli-test: mktemp -d failed" >&2; exit 2; }
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

checks=0
# fail MESSAGE: reports the failed check with its output, then exits 1.
fail() {
	echo "cli-test FAIL ($CS): $*" >&2
	if [ -s "$T/out" ]; then echo "--- stdout (first 20 lines):" >&2; head -n 20 "$T/out" >&2; fi
	if [ -s "$T/err" ]; then echo "--- stderr (first 20 lines):" >&2; head -n 20 "$T/err" >&2; fi
	exit 1
}
# run ARGS...: runs comscan; sets rc; output in $T/out and $T/err.
run() {
	"$CS" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	checks=$((checks + 1))
}
# want_rc N WHAT: the last run exited with N.
want_rc() {
	[ "$rc" -eq "$1" ] || fail "$2: exit status $rc, expected $1"
}
# out_has TEXT WHAT / err_has TEXT WHAT: fixed-string search in the output.
out_has() {
	grep -F -e "$1" "$T/out" >/dev/null || fail "$2: stdout lacks '$1'"
}
err_has() {
	grep -F -e "$1" "$T/err" >/dev/null || fail "$2: stderr lacks '$1'"
}
# out_re REGEX WHAT: extended-regex search in stdout.
out_re() {
	grep -E -e "$1" "$T/out" >/dev/null || fail "$2: stdout has no line matching /$1/"
}
# err_empty WHAT / out_empty WHAT
err_empty() {
	[ ! -s "$T/err" ] || fail "$1: unexpected output on stderr"
}
out_empty() {
	[ ! -s "$T/out" ] || fail "$1: unexpected output on stdout"
}
# json_ok WHAT: stdout of the last run is valid JSON per jsoncheck.
json_ok() {
	"$JC" <"$T/out" 2>"$T/jc" || fail "$1: stdout is not valid JSON: $(cat "$T/jc")"
}

# ---- --version, --help ------------------------------------------------------
want_version=$(sed -n 's/^#define COMSCAN_VERSION_STRING "\(.*\)"$/\1/p' \
	parser/include/comscan/comscan.h)
[ -n "$want_version" ] || fail "cannot read COMSCAN_VERSION_STRING from comscan.h"
run --version
want_rc 0 "--version"
err_empty "--version"
[ "$(cat "$T/out")" = "comscan $want_version" ] ||
	fail "--version: printed '$(cat "$T/out")', expected 'comscan $want_version'"
out_re '^comscan [0-9]+\.[0-9]+\.[0-9]+$' "--version format"

run --help
want_rc 0 "--help"
err_empty "--help"
out_has "usage: comscan scan [--json]" "--help"
out_re '^ +comscan dump .*FILE$' "--help"
out_has "comscan codes [--markdown]" "--help"
out_has "comscan --version | --help" "--help"

# ---- scan: exit status per sample -------------------------------------------
healthy="clbcatq.dll healthy-assembly.dll healthy-complib.clb healthy.clb"
corrupt="corrupt-strings.clb legacy.clb placeholder-text.dll placeholder-zero.dll truncated.clb"
for f in $healthy; do
	[ -f "$S/$f" ] || fail "sample $S/$f is missing"
	run scan "$S/$f"
	want_rc 0 "scan $f (healthy)"
	out_has "$S/$f: " "scan $f"
	out_re '^  verdict: healthy' "scan $f"
done
for f in $corrupt; do
	[ -f "$S/$f" ] || fail "sample $S/$f is missing"
	run scan "$S/$f"
	want_rc 1 "scan $f (corrupt)"
	out_has "$S/$f: " "scan $f"
	out_re '^  verdict: corrupt \(' "scan $f"
done
for p in "$S"/*; do
	f=${p##*/}
	case " $healthy $corrupt " in
	*" $f "*) ;;
	*)
		run scan "$p"
		[ "$rc" -le 1 ] || fail "scan $p (unlisted sample): exit status $rc"
		;;
	esac
done

# A mixed list: every file reported, the worst status wins.
run scan "$S/healthy.clb" "$S/truncated.clb" "$S/clbcatq.dll"
want_rc 1 "scan healthy+corrupt+healthy"
out_has "$S/healthy.clb: clb" "mixed scan"
out_has "$S/truncated.clb: clb" "mixed scan"
out_has "$S/clbcatq.dll: pe" "mixed scan"
[ "$(grep -c '^  verdict: ' "$T/out")" -eq 3 ] || fail "mixed scan: expected 3 verdict lines"
run scan -- "$S/healthy.clb"
want_rc 0 "scan -- FILE"

# ---- scan --json --------------------------------------------------------------
run scan --json "$S"/*
want_rc 1 "scan --json over all samples"
json_ok "scan --json over all samples"
out_re '^\{"files":\[' "scan --json"
n=0
for p in "$S"/*; do
	out_has "{\"path\":\"$p\",\"kind\":\"" "scan --json lists $p"
	n=$((n + 1))
done
[ "$(grep -o '{"path":' "$T/out" | wc -l)" -eq "$n" ] ||
	fail "scan --json: expected $n file entries"
out_has '"path":"corpus/samples/placeholder-zero.dll","kind":"empty","verdict":"corrupt"' \
	"scan --json placeholder-zero"
out_has '"offset":null' "scan --json placeholder-zero offset"
out_has '"hresult":"0x8013110E","hresult_name":"CLDB_E_FILE_CORRUPT"' "scan --json hresult"

run scan --json "$S/healthy.clb"
want_rc 0 "scan --json healthy.clb"
json_ok "scan --json healthy.clb"
out_has '"verdict":"healthy","classes":[],"counts":{"error":0,"warning":0,"note":0},"findings":[]' \
	"scan --json healthy.clb"

# ---- missing files and directories --------------------------------------------
missing="$T/no-such-file.clb"
run scan "$S/healthy.clb" "$missing" "$S/legacy.clb"
want_rc 2 "scan with a missing file"
err_has "$missing" "scan with a missing file"
out_has "$S/healthy.clb: clb" "scan with a missing file still reports the others"
out_has "$S/legacy.clb: clb" "scan with a missing file still reports the others"

run scan --json "$S/healthy.clb" "$missing" "$S/legacy.clb"
want_rc 2 "scan --json with a missing file"
json_ok "scan --json with a missing file"
err_has "$missing" "scan --json with a missing file"
out_has "{\"path\":\"$missing\",\"error\":\"" "scan --json error entry"
out_has "{\"path\":\"$S/healthy.clb\",\"kind\":\"clb\"" "scan --json with a missing file"
out_has "{\"path\":\"$S/legacy.clb\",\"kind\":\"clb\"" "scan --json with a missing file"

run scan --json "$missing"
want_rc 2 "scan --json with only a missing file"
json_ok "scan --json with only a missing file"

mkdir -p "$T/dirscan/sub"
cp "$S/healthy.clb" "$T/dirscan/one.clb"
run scan "$T/dirscan"
want_rc 0 "scan DIRECTORY (its files)"
out_has "summary: 1 file scanned: 1 healthy, 0 corrupt; 0 unreadable; 1 subdirectory not entered" "scan DIRECTORY summary"
run scan --json "$S/healthy.clb" "$T/dirscan"
want_rc 0 "scan --json FILE DIRECTORY"
json_ok "scan --json FILE DIRECTORY"
out_has '"summary":{"files":2,"healthy":2,"corrupt":0,"unreadable":0,"skipped_directories":1,"kinds":{"clb":2},"classes":{}}' "scan --json DIRECTORY summary"
run dump "$T"
want_rc 2 "dump DIRECTORY"
err_has "$T" "dump DIRECTORY"
run dump "$missing"
want_rc 2 "dump missing file"
err_has "$missing" "dump missing file"

# ---- dump -------------------------------------------------------------------------
run dump "$S/healthy.clb"
want_rc 0 "dump healthy.clb"
out_has "file: $S/healthy.clb, " "dump healthy.clb"
out_has "kind clb" "dump healthy.clb"
for st in '#~' '#Strings' '#US' '#GUID' '#Blob'; do
	out_re "^  stream $st +offset 0x[0-9a-f]{8}  size 0x[0-9a-f]{8}" "dump healthy.clb stream $st"
done
out_re '^tables: #~ schema 2\.0' "dump healthy.clb tables"
out_re '^  0x00 Module +1 rows' "dump healthy.clb Module row count"
out_re '^  verdict: healthy' "dump healthy.clb verdict"

run dump "$S/healthy-assembly.dll"
want_rc 0 "dump healthy-assembly.dll"
out_has "kind pe" "dump healthy-assembly.dll"
out_re '^pe: PE32(\+)?, machine 0x[0-9a-f]{4}, [0-9]+ sections declared' "dump healthy-assembly.dll pe"
out_re '^  section \.text +va 0x[0-9a-f]{8}' "dump healthy-assembly.dll section"
out_re '^cli: header at rva 0x[0-9a-f]+ \([0-9]+ bytes\), runtime [0-9]+\.[0-9]+' \
	"dump healthy-assembly.dll cli"
out_re '^metadata: file offset 0x[0-9a-f]+' "dump healthy-assembly.dll metadata"
out_re '^  stream #~ ' "dump healthy-assembly.dll streams"

run dump "$S/placeholder-zero.dll"
want_rc 1 "dump placeholder-zero.dll"
out_has "file: $S/placeholder-zero.dll, 0 bytes, kind empty" "dump placeholder-zero.dll"
out_has "scan.file.zero-bytes" "dump placeholder-zero.dll"

run dump
want_rc 2 "dump without a file"
err_has "usage" "dump without a file"
run dump "$S/healthy.clb" "$S/legacy.clb"
want_rc 2 "dump with two files"

# ---- codes ------------------------------------------------------------------------
"$CS" codes --markdown >"$T/md" 2>"$T/err" || fail "codes --markdown failed"
checks=$((checks + 1))
cmp -s "$T/md" docs/findings.md || {
	diff -u docs/findings.md "$T/md" | head -n 20 >&2
	fail "codes --markdown differs from docs/findings.md"
}
ncodes=$(grep -c '^| `' "$T/md")
[ "$ncodes" -gt 0 ] || fail "codes --markdown: no code rows"

run codes
want_rc 0 "codes"
err_empty "codes"
[ "$(head -n 1 "$T/out")" = "$(printf 'code\tclass\tseverity\tcompat_severity\thresult')" ] ||
	fail "codes: header is '$(head -n 1 "$T/out")'"
[ "$(wc -l <"$T/out")" -eq $((ncodes + 1)) ] ||
	fail "codes: $(wc -l <"$T/out") lines, expected header + $ncodes rows"
[ "$(awk -F '\t' 'NF != 5' "$T/out" | wc -l)" -eq 0 ] || fail "codes: a row without 5 fields"
tail -n +2 "$T/out" | cut -f 1 >"$T/tsv-codes"
# shellcheck disable=SC2016 # backticks are Markdown, not expansions
sed -n 's/^| `\([^`]*\)` |.*/\1/p' "$T/md" >"$T/md-codes"
cmp -s "$T/tsv-codes" "$T/md-codes" || fail "codes: code column differs from codes --markdown"
[ "$(sort "$T/tsv-codes" | uniq -d | wc -l)" -eq 0 ] || fail "codes: duplicate codes"
grep -E -v '^[a-z0-9-]+(\.[a-z0-9-]+)+$' "$T/tsv-codes" >"$T/badcodes" &&
	fail "codes: malformed code $(head -n 1 "$T/badcodes")"
out_re "$(printf '^clb\\.stream\\.overlap\toverlap\terror\terror\t0x8013110E CLDB_E_FILE_CORRUPT$')" \
	"codes row with an HRESULT"
out_re "$(printf '^scan\\.file\\.zero-bytes\tzero-byte-placeholder\terror\terror\t-$')" \
	"codes row without an HRESULT"
run codes --bogus
want_rc 2 "codes --bogus"
err_has "usage" "codes --bogus"

# ---- usage errors -------------------------------------------------------------------
run
want_rc 2 "no arguments"
err_has "usage: comscan" "no arguments"
out_empty "no arguments"

run frobnicate
want_rc 2 "unknown subcommand"
err_has "frobnicate" "unknown subcommand"
err_has "usage: comscan" "unknown subcommand"
out_empty "unknown subcommand"

run --bogus
want_rc 2 "unknown option"
err_has "usage: comscan" "unknown option"
out_empty "unknown option"

run scan
want_rc 2 "scan without files"
err_has "usage: comscan scan" "scan without files"

run scan --json
want_rc 2 "scan --json without files"
err_has "usage: comscan scan" "scan --json without files"

run scan --bogus "$S/healthy.clb"
want_rc 2 "scan with an unknown option"
err_has "--bogus" "scan with an unknown option"
out_empty "scan with an unknown option"
err_has "usage" "scan with an unknown option"

# ---- a path that is not valid UTF-8 still yields valid JSON ---------------------------
odd="$T/bad$(printf '\377')name\"q\\.clb"
cp "$S/healthy.clb" "$odd" || fail "cannot create $odd"
run scan --json "$odd"
want_rc 0 "scan --json with a non-UTF-8 path"
json_ok "scan --json with a non-UTF-8 path"
out_has 'bad\\xffname\"q\\.clb' "scan --json with a non-UTF-8 path"
run scan --json "$T/missing$(printf '\376').clb"
want_rc 2 "scan --json with a missing non-UTF-8 path"
json_ok "scan --json with a missing non-UTF-8 path"

# ---- .reg files: scan, --compat, dump --format tsv|reg, com ----------------------------
printf 'REGEDIT4\r\n\r\n[HKLM\\SOFTWARE\\x]\r\n"a"="1"\r\n' >"$T/abbr.reg"
run scan "$T/abbr.reg"
want_rc 1 "scan of a .reg with an abbreviated root (strict)"
out_has "regtext.key.abbreviated-root" "strict abbreviated root"
out_has "regtext.value.no-key" "strict: the value after a refused key"
run scan --compat "$T/abbr.reg"
want_rc 0 "scan --compat of a .reg with an abbreviated root"
out_re '^  note .*regtext.key.abbreviated-root' "--compat grades the abbreviation a note"
run scan --json --compat "$T/abbr.reg"
json_ok "scan --json --compat"
out_has '"kind":"reg"' "scan --json of a .reg"

run dump --format tsv --compat "$T/abbr.reg"
want_rc 0 "dump --format tsv"
[ "$(cat "$T/out")" = "$(printf 'K\tHKEY_LOCAL_MACHINE\nK\tHKEY_LOCAL_MACHINE\\SOFTWARE\nK\tHKEY_LOCAL_MACHINE\\SOFTWARE\\x\nV\tHKEY_LOCAL_MACHINE\\SOFTWARE\\x\ta\tREG_SZ\t4')" ] ||
	fail "dump --format tsv: unexpected lines"
err_empty "dump of a dump with only notes"
run dump --format tsv "$S/registry-damaged.reg"
want_rc 1 "dump --format tsv of a damaged dump"
err_has "registry-damaged.reg: corrupt, 2 errors" "dump summarizes the findings on stderr"
out_has "V	HKEY_LOCAL_MACHINE\SOFTWARE\Contoso\Widget	Blob	REG_BINARY	32" "dump keeps the bytes before a cut"

run dump --format reg "$S/com-healthy.reg"
want_rc 0 "dump --format reg"
cp "$T/out" "$T/canon.reg"
[ "$(head -c 2 "$T/canon.reg" | od -An -tx1 | tr -d ' ')" = fffe ] ||
	fail "dump --format reg: no UTF-16LE byte-order mark"
run dump --format tsv "$T/canon.reg"
cp "$T/out" "$T/canon.tsv"
run dump --format tsv "$S/com-healthy.reg"
cmp -s "$T/out" "$T/canon.tsv" || fail "the canonical .reg does not dump to the same TSV"
run scan "$T/canon.reg"
want_rc 0 "scan of the canonical .reg"
out_has "0 errors, 0 warnings, 0 notes" "the canonical .reg has no finding"

run dump --format nope "$S/com-healthy.reg"
want_rc 2 "dump with an unknown format"
err_has "usage" "dump with an unknown format"

run com "$S/com-healthy.reg"
want_rc 0 "com of a healthy registration"
out_has "{F618C514-DFB8-11D1-A2CF-00805FC79235} COMAdmin.COMAdminCatalog" "com lists the class"
out_has "%SystemRoot%\system32\comadmin.dll" "com shows the REG_EXPAND_SZ server"
out_has "REGDBVersion 0d00000000000000, COM+ Enabled 1" "com shows COM3"
run com --json "$S/com-healthy.reg" "$S/com-unregistered.reg"
want_rc 1 "com --json of two dumps, one unregistered"
json_ok "com --json"
out_has '"inproc_server":""' "com --json: an InprocServer32 key without a default"
out_has '"inproc_server":null' "com --json: no InprocServer32 key"
out_has '"code":"com.com3.disabled"' "com --json: COM+ disabled"
out_has '"hresult":"0x80040154"' "com --json: REGDB_E_CLASSNOTREG"
out_has '"source":"corpus/samples/com-unregistered.reg"' "com --json: findings name their input"
run com "$S/healthy.clb"
want_rc 1 "com of a catalog"
out_has "com.input.not-registry" "com of a catalog"
run com "$T/missing.reg" "$S/com-healthy.reg"
want_rc 2 "com with a missing input"
out_empty "com with a missing input prints no model"
run com
want_rc 2 "com without files"
err_has "usage: comscan com" "com without files"

# ---- hives: scan (with logs), dump text|tsv|reg, --mount, com ---------------------------
run scan "$S/com-software.hive"
want_rc 0 "scan of a healthy hive"
out_has "$S/com-software.hive: regf" "scan of a hive names its kind"
out_has "0 errors, 0 warnings, 0 notes" "scan of a healthy hive"
run scan "$S/hive-damaged.hive"
want_rc 1 "scan of a damaged hive"
out_has "regf.key.cycle" "scan of a damaged hive: the cycle"
out_has "regf.ref.mid-cell" "scan of a damaged hive: the mid-cell reference"
out_has "regf.list.bad-hash" "scan of a damaged hive: the hash"
run scan "$S/hive-dirty.hive"
want_rc 0 "scan of a dirty hive with its log"
out_has "regf.base.dirty" "scan of a dirty hive"
out_has "$S/hive-dirty.hive.LOG1 @0x00000200" "the log's finding names the log"
out_has "regf.log.recovers" "the log recovers the dirty hive"
run scan --json "$S/hive-dirty.hive"
json_ok "scan --json of a dirty hive"
out_has "\"source\":\"$S/hive-dirty.hive.LOG1\"" "scan --json: the log finding's source"
cp "$S/hive-dirty.hive" "$T/alone.hive" || fail "cannot copy hive-dirty.hive"
run scan "$T/alone.hive"
want_rc 0 "scan of a dirty hive without logs"
out_has "regf.log.missing" "a dirty hive without logs"
cp "$S/hive-dirty.hive.LOG1" "$T/alone.hive.log2" || fail "cannot copy the log"
run scan "$T/alone.hive"
out_has "$T/alone.hive.log2" "a lower-case .log2 is found"
out_has "regf.log.recovers" "the .log2 recovers the hive"
run scan "$S/hive-dirty.hive.LOG1"
want_rc 0 "scan of a log on its own"
out_has "regf.base.log-file" "a log is reported, not walked"

run dump "$S/hive-dirty.hive"
want_rc 0 "dump of a dirty hive"
out_has "hive: version 1.5, file type 0 (primary), format 1, written 2020-01-01T00:00:00Z" \
	"dump: base block"
out_re '^  sequence 7/6 \(dirty\), checksum 0x[0-9a-f]{8} \(matches 0x[0-9a-f]{8}\)$' \
	"dump: sequence numbers"
out_has 'root cell 0x20, hive bins 0x1000 bytes, clustering 1, file name "SOFTWARE"' \
	"dump: root and file name"
out_re '^registry: 14 keys, 7 values' "dump: tree size"

run dump --format tsv "$S/com-software.hive"
want_rc 0 "dump --format tsv of a hive"
cp "$T/out" "$T/hive.tsv"
out_has "$(printf 'K\tHKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\{F618C514-DFB8-11D1-A2CF-00805FC79235}\\InprocServer32')" \
	"dump --format tsv: the mount path comes from the file name"
out_has "$(printf 'V\tHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3\tCOM+ Enabled\tREG_DWORD\t4')" \
	"dump --format tsv: a value line"
run dump --format reg "$S/com-software.hive"
want_rc 0 "dump --format reg of a hive"
cp "$T/out" "$T/hive.reg"
run dump --format tsv "$T/hive.reg"
cmp -s "$T/out" "$T/hive.tsv" || fail "a hive's .reg export does not dump to the hive's TSV"
run dump --format tsv --mount 'HKEY_USERS\S-1-5-21-1\Software' "$S/com-software.hive"
want_rc 0 "dump --mount"
[ "$(head -n 2 "$T/out")" = "$(printf 'K\tHKEY_USERS\nK\tHKEY_USERS\\S-1-5-21-1')" ] ||
	fail "dump --mount: the tree does not hang at the given key"
run dump --format tsv "$S/hive-damaged.hive"
want_rc 1 "dump --format tsv of a damaged hive"
err_has "hive-damaged.hive: corrupt" "dump of a damaged hive summarizes on stderr"
out_has "$(printf 'K\tHKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widget\\Server')" \
	"dump of a damaged hive keeps what it can read"

# the COM model of a hive equals that of the equivalent .reg, locations aside
strip_locations() {
	sed -E -e 's/ \(corpus[^)]*\)//' -e 's/ corpus[^ ]* (line [0-9]+|@0x[0-9a-f]+) +/ /' \
	    -e 's/HKEY_CLASSES_ROOT/HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes/' "$1"
}
for pair in com-software.hive:com-healthy.reg com-unregistered.hive:com-unregistered.reg; do
	run com "$S/${pair%%:*}"
	hrc=$rc
	strip_locations "$T/out" >"$T/com-hive"
	run com "$S/${pair#*:}"
	[ "$rc" -eq "$hrc" ] || fail "com ${pair%%:*}: exit status $hrc, its .reg's $rc"
	strip_locations "$T/out" >"$T/com-reg"
	cmp -s "$T/com-hive" "$T/com-reg" || {
		diff -u "$T/com-reg" "$T/com-hive" | head -n 20 >&2
		fail "com ${pair%%:*} differs from com ${pair#*:}"
	}
done
run com corpus/fuzz_com/usrclass.hive
want_rc 0 "com of a UsrClass.dat"
out_has "HKEY_CURRENT_USER\Software\Classes (corpus/fuzz_com/usrclass.hive@0x" \
	"com: a UsrClass.dat is mounted at HKEY_CURRENT_USER\\Software\\Classes"
run com --mount 'HKEY_LOCAL_MACHINE\SOFTWARE\Classes' corpus/fuzz_com/usrclass.hive
out_has "HKEY_LOCAL_MACHINE\SOFTWARE\Classes (corpus/fuzz_com/usrclass.hive@0x" "com --mount"

# limits: reached limits are findings, not truncation
printf 'REGEDIT4\r\n[HKEY_CURRENT_USER\\a\\b\\c\\d]\r\n"v"=hex:01,02,03\r\n' >"$T/deep.reg"
run scan --max-depth 3 "$T/deep.reg"
want_rc 1 "scan --max-depth 3"
out_has "regtext.key.too-deep" "--max-depth reached"
run scan --max-value 2 "$S/com-healthy.reg"
want_rc 1 "scan --max-value 2"
out_has "regtext.value.too-large" "--max-value reached"
run scan --max-depth nope "$T/deep.reg"
want_rc 2 "scan --max-depth with a bad number"

# diagnose: every snapshot's verdict, exit status and classes as listed in
# corpus/MANIFEST.tsv (the third column names the --reg dumps)
grep -E '^corpus/snapshots/[^	]*/	' corpus/MANIFEST.tsv >"$T/snaps"
[ -s "$T/snaps" ] || fail "no snapshot rows in corpus/MANIFEST.tsv"
while IFS='	' read -r dir classes dumps; do
	set -- diagnose --json "$dir"
	for d in $(echo "${dumps:-}" | tr ',' ' '); do set -- "$@" --reg "$dir$d"; done
	run "$@"
	json_ok "diagnose --json $dir"
	if [ "$classes" = healthy ]; then
		want_rc 0 "diagnose $dir"
		out_has '"verdict":"healthy","cause":null,"classes":[]' "diagnose $dir is healthy"
	else
		want_rc 1 "diagnose $dir"
		want=$(echo "$classes" | tr ',' '\n' | sort | tr '\n' ',')
		got=$(sed -n 's/.*"classes":\[\([^]]*\)\].*/\1/p' "$T/out" | head -n 1 | tr -d '"' | tr ',' '\n' | sort | tr '\n' ',')
		[ "$got" = "$want" ] || fail "diagnose $dir: classes $got, expected $want"
		out_has '"verdict":"failing","cause":{"code":"' "diagnose $dir names a cause"
	fi
	err_empty "diagnose $dir"
done <"$T/snaps"
run diagnose corpus/snapshots/q310412-method2-text
want_rc 1 "diagnose text ~clbcatq.dll"
out_has "verdict: FAILING" "diagnose text report verdict"
out_has "Most likely cause:" "diagnose text report cause"
out_has "System32\~clbcatq.dll: ~clbcatq.dll is a text placeholder" "diagnose names the file"
out_has "symptom: 0x80040154 REGDB_E_CLASSNOTREG" "diagnose symptom"
out_has "KB Q246499" "diagnose cites the KB"
run diagnose
want_rc 2 "diagnose without a directory"
err_has "WINDOWS_DIR is missing" "diagnose usage"
run diagnose "$T/no-such-windows"
want_rc 2 "diagnose of a missing directory"
err_has "$T/no-such-windows: No such file or directory" "diagnose names the missing directory"
run diagnose corpus/snapshots/healthy-reg --reg "$T/no-such.reg"
want_rc 2 "diagnose with a missing dump"
err_has "$T/no-such.reg" "diagnose names the missing dump"
run diagnose corpus/snapshots/healthy-hive corpus/snapshots/healthy-reg
want_rc 2 "diagnose with two directories"
run diagnose corpus/snapshots/healthy-reg --reg "$S/healthy.clb"
want_rc 2 "diagnose with a dump that is not a registration"
err_has "$S/healthy.clb: not a .reg export or a hive (its content is clb)" "diagnose names the wrong dump"
run diagnose corpus/snapshots/healthy-reg --hive
want_rc 2 "diagnose --hive without a file"
run diagnose --bogus corpus/snapshots/healthy-hive
want_rc 2 "diagnose with an unknown option"
run diagnose corpus/snapshots/healthy-reg
want_rc 0 "diagnose without the registration"
out_has "diagnose.registry.none" "diagnose notes the missing registration"
run diagnose corpus/snapshots/healthy-reg --hive corpus/snapshots/healthy-hive/System32/config/SOFTWARE
want_rc 0 "diagnose --hive"
out_has "dump           corpus/snapshots/healthy-hive/System32/config/SOFTWARE  (regf," "diagnose lists the --hive dump"
for c in scan dump com codes diagnose; do
	run "$c" --help
	want_rc 0 "$c --help"
	out_has "usage: comscan $c" "$c --help prints its usage on stdout"
	err_empty "$c --help"
done
run scan -- --help
want_rc 2 "scan -- --help reads a file named --help"
run dump -- "$S/healthy.clb"
want_rc 0 "dump -- FILE"
run diagnose -- corpus/snapshots/healthy-hive
want_rc 0 "diagnose -- DIR"

# a directory: its files, then a summary; --recursive descends
run scan corpus/snapshots/q310412-method2-text
want_rc 0 "scan DIR (no file directly in it)"
out_has "summary: 0 files scanned: 0 healthy, 0 corrupt; 0 unreadable; 2 subdirectories not entered" "scan DIR counts the subdirectories left out"
run scan --recursive corpus/snapshots/q310412-method2-text
want_rc 1 "scan --recursive DIR with a text placeholder"
out_has "summary: 5 files scanned: 4 healthy, 1 corrupt; 0 unreadable" "scan -r summary"
out_re "^  text-placeholder +1$" "scan -r summary by class"
run scan --json -r corpus/snapshots
json_ok "scan --json -r"
out_has '"summary":{"files":' "scan --json -r has a summary"
mkdir -p "$T/tree/a/b"
cp "$S/healthy.clb" "$T/tree/a/b/deep.clb"
ln -s .. "$T/tree/a/b/up"
run scan -r "$T/tree"
want_rc 0 "scan -r over a link to a parent directory"
out_has "summary: 1 file scanned: 1 healthy" "scan -r follows no link to a directory"

# colour: only for a terminal or CLICOLOR_FORCE, never with NO_COLOR, and
# the coloured text is the plain text with escapes added around words
esc=$(printf '\033')
run scan "$S/truncated.clb" "$S/healthy.clb"
cp "$T/out" "$T/plain"
grep -F "$esc" "$T/plain" >/dev/null && fail "scan to a pipe has colour escapes"
CLICOLOR_FORCE=1 "$CS" scan "$S/truncated.clb" "$S/healthy.clb" >"$T/out" 2>"$T/err"
rc=$?
checks=$((checks + 1))
want_rc 1 "scan with CLICOLOR_FORCE"
grep -F "${esc}[31merror${esc}[0m" "$T/out" >/dev/null || fail "CLICOLOR_FORCE: errors not coloured"
grep -F "verdict: ${esc}[32mhealthy${esc}[0m" "$T/out" >/dev/null || fail "CLICOLOR_FORCE: healthy verdict not coloured"
sed "s/${esc}\[[0-9;]*m//g" "$T/out" | cmp -s - "$T/plain" || fail "colour changes the text, not only its colour"
NO_COLOR=1 CLICOLOR_FORCE=1 "$CS" scan "$S/truncated.clb" >"$T/out" 2>"$T/err"
checks=$((checks + 1))
grep -F "$esc" "$T/out" >/dev/null && fail "NO_COLOR did not win over CLICOLOR_FORCE"
CLICOLOR_FORCE=1 "$CS" diagnose corpus/snapshots/q310412-method2-zero >"$T/out" 2>"$T/err"
checks=$((checks + 1))
grep -F "verdict: ${esc}[1;31mFAILING${esc}[0m" "$T/out" >/dev/null || fail "diagnose verdict not coloured"

# progress: a scan still running after a second shows a line on stderr
# when stderr is a terminal (script gives it one) and stdout goes
# elsewhere; erased at the end; never when stdout is that terminal too
if command -v script >/dev/null 2>&1; then
	script -qec "sh -c '(sleep 1.5; cat $S/healthy.clb) | $CS scan - >/dev/null'" /dev/null >"$T/out" 2>&1
	checks=$((checks + 1))
	grep -F "comscan: file 1 of 1 (0 MB) -" "$T/out" >/dev/null || fail "no progress line after a second on a terminal"
	grep -F "${esc}[K$(printf '\r')${esc}[K" "$T/out" >/dev/null || fail "the progress line is not erased at the end"
	script -qec "sh -c '(sleep 1.5; cat $S/healthy.clb) | $CS scan -'" /dev/null >"$T/out" 2>&1
	checks=$((checks + 1))
	grep -F "comscan: file" "$T/out" >/dev/null && fail "a progress line between reports on the same terminal"
	(sleep 1.5; cat "$S/healthy.clb") | "$CS" scan - >"$T/out" 2>"$T/err"
	checks=$((checks + 1))
	[ ! -s "$T/err" ] || fail "progress written to stderr that is not a terminal"
fi

# "-" is standard input, once
"$CS" scan - <"$S/truncated.clb" >"$T/out" 2>"$T/err"
rc=$?
checks=$((checks + 1))
want_rc 1 "scan - (a truncated catalog on standard input)"
out_has "-: clb" "scan - names standard input '-'"
out_has "clb.file.truncated" "scan - reads the whole stream"
"$CS" com --json - <"$S/com-healthy.reg" >"$T/out" 2>"$T/err"
rc=$?
checks=$((checks + 1))
want_rc 0 "com - (a .reg export on standard input)"
json_ok "com --json -"
"$CS" scan - - <"$S/healthy.clb" >"$T/out" 2>"$T/err"
rc=$?
checks=$((checks + 1))
want_rc 2 "scan - - (standard input twice)"
err_has "standard input (-) can be read only once" "scan - - says why"

# a full disk: every command says so and exits 2
if [ -w /dev/full ]; then
	for c in "dump --format text" "dump --format tsv" "dump --format reg" com; do
		# shellcheck disable=SC2086
		"$CS" $c "$S/com-healthy.reg" >/dev/full 2>"$T/err"
		rc=$?
		checks=$((checks + 1))
		want_rc 2 "$c to a full disk"
		err_has "error writing output: No space left on device" "$c to a full disk says why"
	done
	"$CS" diagnose corpus/snapshots/healthy-hive >/dev/full 2>"$T/err"
	rc=$?
	checks=$((checks + 1))
	want_rc 2 "diagnose to a full disk"
fi

# a directory walk: entries that cannot be read are reported, and counted
mkdir -p "$T/walk"
cp "$S/healthy.clb" "$T/walk/ok.clb"
ln -s nowhere "$T/walk/dangling"
ln -s loop "$T/walk/loop"
run scan -r "$T/walk"
want_rc 2 "scan -r with a dangling link and a link loop"
out_has "summary: 1 file scanned: 1 healthy, 0 corrupt; 2 unreadable" "scan -r counts what it could not read"
err_has "$T/walk/dangling: No such file or directory" "scan -r names a dangling link"

echo "== cli-test: all checks passed over $checks comscan runs ($CS)"
exit 0
