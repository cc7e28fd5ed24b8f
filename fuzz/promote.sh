#!/bin/sh
# fuzz/promote.sh - promotes the inputs `make merge F=HARNESS` kept in
# build/merged/HARNESS that corpus/HARNESS lacks: each is copied to
# corpus/HARNESS/<sha1> and its expected classes, as the library reports
# them now (tests/tools/classes.c, what tests/test_manifest.c checks: an
# _oom input after its two failure-index bytes), are appended to
# corpus/gen/promoted.tsv
# (make corpus copies that file into corpus/MANIFEST.tsv).  Review the
# classes: they pin today's behaviour, so make test will flag any change.
#
# usage: fuzz/promote.sh HARNESS   (from the repository root, after make merge)
set -eu
f=$1
B=${B:-build}
merged=$B/merged/$f
classes=$B/asan/classes
[ -d "$merged" ] || { echo "promote: no $merged (make merge F=$f first)" >&2; exit 2; }
[ -x "$classes" ] || { echo "promote: build $classes first (make $classes)" >&2; exit 2; }
list=corpus/gen/promoted.tsv
[ -f "$list" ] || printf '# seeds promoted from campaigns (fuzz/promote.sh): path<TAB>expected scan classes\n' > "$list"
have=$(mktemp)
trap 'rm -f "$have"' EXIT
find corpus/"$f" -type f ! -name '.*' -exec sha1sum {} + | cut -d' ' -f1 | sort > "$have"
n=0
for p in "$merged"/*; do
	sum=$(sha1sum "$p" | cut -d' ' -f1)
	grep -qx "$sum" "$have" && continue
	cp "$p" corpus/"$f"/"$sum"
	n=$((n + 1))
	"$classes" corpus/"$f"/"$sum" >> "$list"
done
echo "promote: $n new seeds in corpus/$f"
