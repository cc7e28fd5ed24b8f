#!/bin/sh
# .ci/deps.sh - installs the Debian packages the build and the tests need,
# only those that are missing.  Called by `make demo` and `make test`, so
# the README's two commands work on a fresh Debian machine.
#
#   .ci/deps.sh build    a C compiler and make (for `make demo`)
#   .ci/deps.sh test     + clang with its sanitizer/libFuzzer runtimes, cmocka,
#                          the peer tools the real-world checks run
#                          (mono-utils, libwin-hivex-perl, reglookup, xz-utils),
#                          pkgconf (install-test), python3-jsonschema (json-check)
#   .ci/deps.sh fuzz     + afl++, valgrind, zip, unzip, gcc-multilib, linux-perf
#                          (make afl, valgrind, ossfuzz, ossfuzz-check,
#                          replay-i386, campaign CPU time)
#   .ci/deps.sh bench    + the peer tools the benchmarks time (hivexml,
#                          reglookup, regfexport, hivexregedit, pedump, GNU time),
#                          linux-perf (CPU time) and clang with libFuzzer (bench-fuzz)
set -eu
level=${1:-test}
pkgs=""
has() { command -v "$1" >/dev/null 2>&1; }
want() { pkgs="$pkgs $1"; }

has cc || want gcc
has make || want make
has ar || want binutils
if [ "$level" = test ] || [ "$level" = fuzz ]; then
	has clang || want clang
	[ -e /usr/include/cmocka.h ] || want libcmocka-dev
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
		want libclang-rt-dev
	has llvm-profdata || want llvm
	# the real-world and differential checks of make test (they skip
	# without these, but CI runs them): Mono's verifier, hivex, reglookup
	has pedump || want mono-utils
	has hivexregedit || want libwin-hivex-perl
	has reglookup || want reglookup
	has xz || want xz-utils
	# make install-test builds the example through pkg-config
	has pkg-config || want pkgconf
	# json-check validates --json output against docs/comscan-json.schema.json
	/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || want python3-jsonschema
fi
if [ "$level" = fuzz ]; then
	has afl-clang-fast || want afl++
	has valgrind || want valgrind
	has zip || want zip
	has unzip || want unzip
	[ -e /usr/include/x86_64-linux-gnu/gnu/stubs-32.h ] || want gcc-multilib
	has perf || want linux-perf
fi
if [ "$level" = bench ]; then
	has hivexml || want libhivex-bin
	has hivexregedit || want libwin-hivex-perl
	has reglookup || want reglookup
	has regfexport || want libregf-utils
	has xz || want xz-utils
	[ -x /usr/bin/time ] || want time
	has pedump || want mono-utils
	[ -e /usr/lib/mono/4.5/mscorlib.dll ] || want libmono-corlib4.5-cil
	has perf || want linux-perf
	has clang || want clang
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 ||
		want libclang-rt-dev
fi
[ -z "$pkgs" ] && exit 0

echo "deps: installing:$pkgs" >&2
if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif has sudo; then
	sudo="sudo"
else
	echo "deps: missing packages:$pkgs; run as root: apt-get install$pkgs" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $pkgs >/dev/null
