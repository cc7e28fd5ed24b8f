#!/bin/sh
# tests/install.sh B - `make install` and `make uninstall` into a staging
# directory (DESTDIR), as a packager would run them:
#   - every file lands under PREFIX (bin, lib, include, lib/pkgconfig), the
#     shared library has its SONAME and the versioned symlinks, and both
#     libraries define the public API (comscan_*) as their only globals;
#   - examples/minimal.c builds against the installed library through
#     `pkg-config --cflags --libs comscan` (shared, then static) and runs
#     on the bundled samples with the expected output;
#   - `make uninstall` leaves no file behind.
#   - the man pages install, carry this version, render without groff
#     warnings, and comscan(1) documents every option of every subcommand.
# Run from the repository root (make install-test does).
set -u
B=${1:-build}
stage=$(pwd)/$B/stage
prefix=/usr/local
fail() { echo "install-test: FAIL: $1"; exit 1; }

command -v pkg-config >/dev/null 2>&1 || fail "pkg-config missing (.ci/deps.sh installs pkgconf)"
rm -rf "$stage"
make --no-print-directory -s install B="$B" DESTDIR="$stage" PREFIX="$prefix" >/dev/null ||
	fail "make install"
version=$(sed -n 's/^#define COMSCAN_VERSION_STRING "\(.*\)"$/\1/p' parser/include/comscan/comscan.h)
major=${version%%.*}
minor=${version#*.}
minor=${minor%%.*}
# the ABI may change with any 0.y release: libcomscan.so.0.y until 1.0
if [ "$major" = 0 ]; then so=libcomscan.so.0.$minor; else so=libcomscan.so.$major; fi
lib=$stage$prefix/lib
for f in bin/comscan lib/libcomscan.a "lib/libcomscan.so.$version" "lib/$so" \
	lib/libcomscan.so include/comscan/comscan.h lib/pkgconfig/comscan.pc \
	share/man/man1/comscan.1 share/man/man3/libcomscan.3 share/doc/comscan/api.md \
	share/doc/comscan/findings.md share/doc/comscan/comscan-json.schema.json; do
	[ -e "$stage$prefix/$f" ] || fail "make install did not write $prefix/$f"
done
[ "$(readlink "$lib/libcomscan.so")" = "$so" ] || fail "libcomscan.so does not link to $so"
[ "$(readlink "$lib/$so")" = "libcomscan.so.$version" ] || fail "$so does not link to libcomscan.so.$version"
readelf -d "$lib/libcomscan.so.$version" | grep -F "Library soname: [$so]" >/dev/null ||
	fail "SONAME is not $so"
other=$(nm -D --defined-only "$lib/libcomscan.so.$version" | awk '$3 !~ /^comscan_/ && $3 != "COMSCAN_0" { print $3 }')
[ -z "$other" ] || fail "libcomscan.so exports more than the public API: $other"
other=$(nm -g --defined-only "$lib/libcomscan.a" | awk 'NF == 3 && $3 !~ /^comscan_/ { print $3 }')
[ -z "$other" ] || fail "libcomscan.a defines global symbols beyond the public API: $other"
want=$(grep -o 'comscan_[a-z0-9_]*(' parser/include/comscan/comscan.h | tr -d '(' | sort -u)
got=$(nm -D --defined-only "$lib/libcomscan.so.$version" | awk '$3 ~ /^comscan_/ { sub(/@.*/, "", $3); print $3 }' | sort -u)
[ "$want" = "$got" ] || fail "exported functions differ from comscan.h's: $(printf '%s\n' "$want" "$got" | sort | uniq -u | tr '\n' ' ')"

# the example, through pkg-config, as a user of the installed library builds it
export PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage"
flags=$(pkg-config --cflags --libs comscan) || fail "pkg-config --cflags --libs comscan"
[ "$(pkg-config --modversion comscan)" = "$version" ] || fail "pkg-config --modversion is not $version"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror examples/minimal.c $flags -o "$stage/minimal" ||
	fail "examples/minimal.c does not build against the installed library"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror examples/minimal.c $(pkg-config --cflags comscan) \
	"$lib/libcomscan.a" -o "$stage/minimal-static" || fail "examples/minimal.c does not link statically"
s=corpus/samples
for prog in "$stage/minimal" "$stage/minimal-static"; do
	LD_LIBRARY_PATH="$lib" "$prog" "$s/healthy.clb" "$s/com-healthy.reg" "$s/com-software.hive" \
		>"$stage/out.txt" 2>&1
	rc=$?
	[ $rc -eq 0 ] || { cat "$stage/out.txt"; fail "$prog on the healthy samples: exit $rc"; }
	grep -F 'class {F618C514-DFB8-11D1-A2CF-00805FC79235} COMAdmin.COMAdminCatalog -> %SystemRoot%\system32\comadmin.dll' \
		"$stage/out.txt" >/dev/null || { cat "$stage/out.txt"; fail "$prog does not list COMAdminCatalog"; }
	LD_LIBRARY_PATH="$lib" "$prog" "$s/truncated.clb" "$s/com-healthy.reg" "$s/com-software.hive" \
		>"$stage/out.txt" 2>&1
	[ $? -eq 1 ] || fail "$prog on a truncated catalog: not exit 1"
	grep -F 'clb.file.truncated' "$stage/out.txt" >/dev/null || fail "$prog does not report clb.file.truncated"
done
LD_LIBRARY_PATH="$lib" ldd "$stage/minimal" | grep -F "$so => $lib/$so" >/dev/null ||
	fail "the example is not linked against the installed $so"
[ "$("$stage$prefix/bin/comscan" --version)" = "comscan $version" ] || fail "installed comscan --version"

grep -F "## Unreleased ($version)" CHANGELOG.md >/dev/null || grep -F "## $version" CHANGELOG.md >/dev/null ||
	fail "CHANGELOG.md has no section for $version"

# the man pages: no groff warnings, this version, every option of every
# subcommand (from its --help) documented in comscan(1)
man=$stage$prefix/share/man
for page in "$man/man1/comscan.1" "$man/man3/libcomscan.3"; do
	grep -F "\"comscan $version\"" "$page" >/dev/null || fail "$page does not say comscan $version"
	if command -v groff >/dev/null 2>&1; then
		warn=$(groff -man -ww -z "$page" 2>&1)
		[ -z "$warn" ] || fail "groff warns on $page: $warn"
	fi
done
for c in scan dump com diagnose codes; do
	for opt in $("$stage$prefix/bin/comscan" "$c" --help | grep -o -e '--[a-z][a-z-]*' | sort -u); do
		grep -F -e "$(echo "$opt" | sed 's/-/\\-/g')" "$man/man1/comscan.1" >/dev/null ||
			fail "comscan(1) does not document $c's option $opt"
	done
done

make --no-print-directory -s uninstall B="$B" DESTDIR="$stage" PREFIX="$prefix" >/dev/null || fail "make uninstall"
left=$(find "$stage$prefix" -type f -o -type l)
[ -z "$left" ] || fail "make uninstall left: $left"
make --no-print-directory -s uninstall B="$B" DESTDIR="$stage" PREFIX="$prefix" >/dev/null 2>&1 ||
	fail "a second make uninstall fails"

# another PREFIX (with a trailing slash): comscan.pc follows it
make --no-print-directory -s install B="$B" DESTDIR="$stage" PREFIX=/opt/comscan/ >/dev/null ||
	fail "make install PREFIX=/opt/comscan/"
grep -x 'prefix=/opt/comscan' "$stage/opt/comscan/lib/pkgconfig/comscan.pc" >/dev/null ||
	fail "comscan.pc does not name PREFIX /opt/comscan"
make --no-print-directory -s uninstall B="$B" DESTDIR="$stage" PREFIX=/opt/comscan/ >/dev/null ||
	fail "make uninstall PREFIX=/opt/comscan/"
# a multiarch LIBDIR: the library and comscan.pc go there, and say so
make --no-print-directory -s install B="$B" DESTDIR="$stage" PREFIX=/usr \
	LIBDIR=/usr/lib/x86_64-linux-gnu >/dev/null || fail "make install LIBDIR=..."
grep -x 'libdir=/usr/lib/x86_64-linux-gnu' "$stage/usr/lib/x86_64-linux-gnu/pkgconfig/comscan.pc" >/dev/null ||
	fail "comscan.pc does not name LIBDIR"
[ -e "$stage/usr/lib/x86_64-linux-gnu/libcomscan.so.$version" ] || fail "LIBDIR not used"
make --no-print-directory -s uninstall B="$B" DESTDIR="$stage" PREFIX=/usr \
	LIBDIR=/usr/lib/x86_64-linux-gnu >/dev/null || fail "make uninstall LIBDIR=..."
left=$(find "$stage/usr" "$stage/opt" -type f -o -type l 2>/dev/null)
[ -z "$left" ] || fail "make uninstall left: $left"
# a PREFIX with a space or a relative one is refused before anything is written
mkdir -p "$stage/cwd"
for bad in "/opt/my prefix" "relative/prefix"; do
	(cd "$stage/cwd" && make --no-print-directory -s -f "$OLDPWD/Makefile" -C "$OLDPWD" install \
		B="$B" DESTDIR="$stage/bad" PREFIX="$bad" >/dev/null 2>&1) && fail "make install PREFIX='$bad' succeeded"
	[ ! -e "$stage/bad" ] && [ -z "$(ls "$stage/cwd")" ] && [ ! -e prefix ] && [ ! -e relative ] ||
		fail "make install PREFIX='$bad' wrote files"
done
echo "== install-test: make install/uninstall (DESTDIR, PREFIX with a trailing slash; spaces and relative refused), SONAME $so, only comscan_* exported, examples/minimal.c built via pkg-config (shared and static) and run, man pages complete"
