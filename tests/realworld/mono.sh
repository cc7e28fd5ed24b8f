#!/bin/sh
# tests/realworld/mono.sh COMSCAN DIFFTOOL
#
# Real-world validation on .NET assemblies from Debian's Mono packages:
# every one must scan healthy.  Then the differential run: Mono's own
# metadata verifier (`pedump --verify metadata`, package mono-utils) and
# comscan judge the same assemblies and the same crafted mutations of
# System.Xml.dll; known disagreements are explained in docs/differential.md
# and asserted by DIFFTOOL, unknown ones fail the test.
#
# Downloads with `apt-get download` into build/realworld/mono (cached) and
# skips cleanly when apt-get is missing or the network is unreachable.
set -u
comscan=$1
difftool=${2:-}
dir=build/realworld/mono
pkgs="libmono-corlib4.5-cil libmono-corlib4.5-dll libmono-system4.0-cil
      libmono-system-xml4.0-cil libmono-system-core4.0-cil"

skip() { echo "== realworld mono: SKIP ($1)"; exit 0; }

command -v apt-get >/dev/null 2>&1 || skip "apt-get not available"
mkdir -p "$dir/debs" "$dir/root"
if ! ls "$dir"/debs/*.deb >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	(cd "$dir/debs" && apt-get download $pkgs >/dev/null 2>&1) ||
		{ rm -f "$dir"/debs/*.deb; skip "apt-get download failed (offline?)"; }
fi
for deb in "$dir"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dir/root" || { echo "realworld: cannot extract $deb"; exit 1; }
done
dlls=$(find "$dir/root" -name '*.dll' -type f | sort)
[ -n "$dlls" ] || { echo "realworld: no assemblies in the packages"; exit 1; }

# shellcheck disable=SC2086
"$comscan" scan $dlls >"$dir/report.txt" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	cat "$dir/report.txt"
	echo "realworld mono: FAIL: an assembly from Debian is not healthy (exit $rc)"
	exit 1
fi
n=$(echo "$dlls" | wc -l)
echo "== realworld mono: $n assemblies from Debian scan healthy"

if ! command -v pedump >/dev/null 2>&1; then
	echo "== realworld mono: differential SKIP (pedump missing: apt-get install mono-utils)"
	exit 0
fi
for f in $dlls; do
	pedump --verify metadata "$f" >"$dir/pedump.txt" 2>&1
	prc=$?
	echo "   pedump --verify metadata $(basename "$f"): exit $prc"
done
[ -n "$difftool" ] || exit 0
xml=$(echo "$dlls" | grep '/System.Xml.dll$' | head -n 1)
[ -n "$xml" ] || { echo "realworld: System.Xml.dll missing"; exit 1; }
"$difftool" "$xml" "$dir/mutations"
