#!/bin/sh
# tests/json/check.sh COMSCAN - validates real --json output against
# docs/comscan-json.schema.json: scan of every sample, seed and regression
# (a directory, so with its summary; missing and unreadable files too), com
# of every registration sample and seed, diagnose of every snapshot.  Then
# checks the schema is not vacuous: documents with a wrong key, a wrong
# class name or a missing field must fail.
# Uses python3-jsonschema (.ci/deps.sh test installs it).
set -u
cs=$1
out=${B:-build}/json-check
schema=docs/comscan-json.schema.json
fail() { echo "json-check: FAIL: $1"; exit 1; }
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema missing (sh .ci/deps.sh test)"
rm -rf "$out" && mkdir -p "$out"
n=0
for d in corpus/samples corpus/fuzz_clb corpus/fuzz_regf corpus/fuzz_regtext corpus/regressions; do
	n=$((n + 1))
	"$cs" scan --json -r "$d" /nonexistent-file >"$out/scan-$n.json" 2>/dev/null
done
for f in corpus/fuzz_com/* corpus/samples/*.reg corpus/samples/*.hive; do
	n=$((n + 1))
	"$cs" com --json "$f" >"$out/com-$n.json" 2>/dev/null
done
for d in corpus/snapshots/*/; do
	n=$((n + 1))
	set -- diagnose --json "$d"
	[ -f "$d/registration.reg" ] && set -- "$@" --reg "$d/registration.reg"
	"$cs" "$@" >"$out/diag-$n.json" 2>/dev/null
done
/usr/bin/python3 tests/json/validate.py "$schema" "$out"/*.json || fail "output does not match $schema"
# the schema rejects what it should
printf '{"files":[],"extra":1}\n' >"$out/bad-key.neg"
printf '{"files":[{"path":"x","kind":"clb","verdict":"healthy","classes":["no-such-class"],"counts":{"error":0,"warning":0,"note":0},"findings":[]}]}\n' >"$out/bad-class.neg"
"$cs" diagnose --json corpus/snapshots/q310412-method2-zero >"$out/diag-zero.json" 2>/dev/null
grep -F '"remedy":"' "$out/diag-zero.json" >/dev/null || fail "the diagnosis of q310412-method2-zero has no finding"
sed 's/,"remedy":"[^"]*"//' "$out/diag-zero.json" >"$out/no-remedy.neg"
for f in "$out"/*.neg; do
	/usr/bin/python3 tests/json/validate.py "$schema" "$f" >/dev/null && fail "$schema accepts $(basename "$f")"
done
echo "== json-check: $(ls "$out"/*.json | wc -l) real outputs of scan, com and diagnose match $schema; it rejects a wrong key, class and a missing field"
