# comscan - build, test and fuzz.
#
#   make              release library and command: build/libcomscan.a, build/comscan
#   make demo         build, then scan the bundled samples (README command 1)
#   make test         every test (README command 2; what .ci/run runs)
#   make asan         build/asan/comscan with ASan+UBSan (clang)
#   make fuzzers      libFuzzer harnesses in build/fuzz/ (FUZZING.md for the rest)
#   make fuzz F=fuzz_clb SECS=60      run one harness from the committed corpus
#   make fuzz-ci SECS=30   every harness for SECS seconds, failing on any finding
#   make fuzz-smoke   every harness for a fixed number of runs, seed 1
#   make merge F=...  committed seeds + campaign inputs with new edges -> build/merged/F
#   make promote F=... merge, then add what is new to corpus/F and the MANIFEST
#   make afl          AFL++ binaries (build/afl: ASan+UBSan; build/afl-cmplog)
#   make afl-run F=... SECS=...       one AFL++ instance; make afl-cmin F=...
#   make msan         the corpus replayed under MemorySanitizer
#   make coverage     llvm-cov line/branch coverage of parser/ by the corpus (fails below the goal)
#   make valgrind     the corpus replayed under valgrind (gcc build)
#   make replay-i386  the corpus replayed by a 32-bit ASan+UBSan build
#   make ossfuzz OUT=...   the OSS-Fuzz build ($CC $CFLAGS $CXX $LIB_FUZZING_ENGINE)
#   make ossfuzz-check     that build with OSS-Fuzz's libFuzzer+ASan flags, run on its seeds
#   make bench        benchmarks side by side with peer tools (bench/; not a test)
#   make corpus       regenerate corpus/samples and the generated seeds
#   make docs         regenerate docs/findings.md from the catalogue
#   make install PREFIX=/usr/local DESTDIR=   comscan, libcomscan.a/.so, header, comscan.pc,
#                     (BINDIR, LIBDIR, INCLUDEDIR, MANDIR override the parts; the
#                     release build takes CPPFLAGS, CFLAGS and LDFLAGS too)
#                     man pages comscan(1) and libcomscan(3)
#   make uninstall    removes what install wrote
#   make clean
#
# One object tree per flag set (build/rel, build/asan, build/fuzz, build/afl,
# build/afl-cmplog, build/msan, build/cov, build/vg); objects built with
# different flags are never mixed.

V       ?= 0
Q       := $(if $(filter 1,$(V)),,@)
CC      ?= cc
CLANG   ?= clang
B       ?= build
F       ?= fuzz_clb
SECS    ?= 60
SPEED_SECS ?= 30
RUNS    ?= 20000

WARN    = -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wvla \
          -Wpointer-arith -Wformat=2 -Wmissing-prototypes -Wcast-qual
INC     = -Iparser/include -Iparser
REL     = -O2 -g
DBG     = -g -O1
SAN     = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FBM     = -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
FUZZ_CFLAGS ?= $(DBG) $(FBM) $(SAN) -fsanitize=fuzzer-no-link
LIB_FUZZING_ENGINE ?= -fsanitize=fuzzer

LIB_SRC     := $(sort $(wildcard parser/*/*.c))
CLI_SRC     := $(sort $(wildcard cli/*.c))
TEST_SRC    := $(sort $(wildcard tests/test_*.c))
SUPPORT_SRC := $(sort $(wildcard tests/support/*.c))
FUZZERS     := $(patsubst fuzz/%.c,%,$(sort $(wildcard fuzz/fuzz_*.c)))

PREFIX  ?= /usr/local
DESTDIR ?=
# where install puts each part (multiarch packagers set LIBDIR)
BINDIR     ?= $(patsubst %/,%,$(PREFIX))/bin
LIBDIR     ?= $(patsubst %/,%,$(PREFIX))/lib
INCLUDEDIR ?= $(patsubst %/,%,$(PREFIX))/include
MANDIR     ?= $(patsubst %/,%,$(PREFIX))/share/man
DOCDIR     ?= $(patsubst %/,%,$(PREFIX))/share/doc/comscan
VERSION := $(shell sed -n 's/^\#define COMSCAN_VERSION_STRING "\(.*\)"$$/\1/p' parser/include/comscan/comscan.h)
# the ABI may change with any 0.y release: the SONAME carries 0.y until 1.0
VMAJOR  := $(word 1,$(subst ., ,$(VERSION)))
VMINOR  := $(word 2,$(subst ., ,$(VERSION)))
SOVER   := $(if $(filter 0,$(VMAJOR)),0.$(VMINOR),$(VMAJOR))
SONAME  := libcomscan.so.$(SOVER)
# install paths: absolute, no spaces (make and comscan.pc cannot carry them)
empty   :=
space   := $(empty) $(empty)
CHECK_PREFIX = $(if $(findstring $(space),$(PREFIX)$(DESTDIR)$(BINDIR)$(LIBDIR)$(INCLUDEDIR)$(MANDIR)$(DOCDIR)),$(error PREFIX, DESTDIR and the *DIR paths must not contain spaces),$(if $(filter /%,$(PREFIX)),,$(error PREFIX must be an absolute path)))
D       = $(DESTDIR)

REL_LIB_OBJ  := $(LIB_SRC:%.c=$(B)/rel/%.o)
PIC_LIB_OBJ  := $(LIB_SRC:%.c=$(B)/pic/%.o)
REL_CLI_OBJ  := $(CLI_SRC:%.c=$(B)/rel/%.o)
ASAN_LIB_OBJ := $(LIB_SRC:%.c=$(B)/asan/%.o)
ASAN_CLI_OBJ := $(CLI_SRC:%.c=$(B)/asan/%.o)
ASAN_SUP_OBJ := $(SUPPORT_SRC:%.c=$(B)/asan/%.o)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(B)/fuzz/%.o)
# the harnesses validate rendered JSON with the tests' checker, split
# multi-input seeds with the tests' splitter, and fuzz_pe wraps metadata
# with the tests' PE writer (objects relative to a variant's tree)
FSUP         := tests/support/json_check.o tests/support/comsplit.o tests/support/mdw.o
ASAN_FSUP_OBJ := $(FSUP:%=$(B)/asan/%)
TESTS        := $(TEST_SRC:tests/%.c=$(B)/asan/tests/%)
REPLAYS      := $(FUZZERS:%=$(B)/asan/replay_%)

.PHONY: all lib shared install uninstall install-test json-check asan demo test unit replay cli-test docs docs-check corpus-check \
        realworld deps fuzzers fuzz fuzz-ci fuzz-smoke merge promote afl fuzz-deps afl-run afl-cmin \
        portable-test msan coverage valgrind replay-i386 ossfuzz ossfuzz-check corpus bench bench-reg bench-regf bench-clb bench-fuzz clean
.SECONDARY:

all: $(B)/comscan

lib: $(B)/libcomscan.a

# ---- release (CC: gcc by default) ---------------------------------------------
$(B)/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(WARN) $(REL) $(CPPFLAGS) $(CFLAGS) $(INC) -MMD -MP -c $< -o $@

# one relocatable object whose only global symbols are the public API
# (comscan_*), so that a program linking the archive cannot clash with the
# library's internal names
$(B)/libcomscan.a: $(REL_LIB_OBJ)
	@rm -f $@ $(B)/rel/libcomscan-all.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)ld -r -o $(B)/rel/libcomscan-all.o $^
	$(Q)objcopy --wildcard --keep-global-symbol='comscan_*' $(B)/rel/libcomscan-all.o
	$(Q)ar rcs $@ $(B)/rel/libcomscan-all.o

$(B)/comscan: $(REL_CLI_OBJ) $(B)/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(REL) $(CFLAGS) $(LDFLAGS) $(REL_CLI_OBJ) $(B)/libcomscan.a -o $@

# ---- shared library and installation (README "Installing") -------------------
# libcomscan.so.MAJOR.MINOR.PATCH with SONAME libcomscan.so.MAJOR; only the
# public API (comscan_*) is exported (parser/libcomscan.map).
$(B)/pic/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC pic  $<")
	$(Q)$(CC) $(WARN) $(REL) $(CPPFLAGS) $(CFLAGS) -fPIC $(INC) -MMD -MP -c $< -o $@

$(B)/libcomscan.so.$(VERSION): $(PIC_LIB_OBJ) parser/libcomscan.map
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=parser/libcomscan.map \
	  -Wl,-z,defs -Wl,-z,relro -Wl,-z,now $(PIC_LIB_OBJ) -o $@

shared: $(B)/libcomscan.so.$(VERSION)

install: $(B)/comscan $(B)/libcomscan.a $(B)/libcomscan.so.$(VERSION)
	$(CHECK_PREFIX)
	install -d "$(D)$(BINDIR)" "$(D)$(LIBDIR)/pkgconfig" "$(D)$(INCLUDEDIR)/comscan" \
	  "$(D)$(MANDIR)/man1" "$(D)$(MANDIR)/man3"
	install -m 755 $(B)/comscan "$(D)$(BINDIR)/comscan"
	install -m 644 $(B)/libcomscan.a "$(D)$(LIBDIR)/libcomscan.a"
	install -m 755 $(B)/libcomscan.so.$(VERSION) "$(D)$(LIBDIR)/libcomscan.so.$(VERSION)"
	ln -sf libcomscan.so.$(VERSION) "$(D)$(LIBDIR)/$(SONAME)"
	ln -sf $(SONAME) "$(D)$(LIBDIR)/libcomscan.so"
	install -m 644 parser/include/comscan/comscan.h "$(D)$(INCLUDEDIR)/comscan/comscan.h"
	sed -e 's|@PREFIX@|$(patsubst %/,%,$(PREFIX))|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	  -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	  parser/comscan.pc.in > "$(D)$(LIBDIR)/pkgconfig/comscan.pc"
	install -m 644 docs/man/comscan.1 "$(D)$(MANDIR)/man1/comscan.1"
	install -m 644 docs/man/libcomscan.3 "$(D)$(MANDIR)/man3/libcomscan.3"
	install -d "$(D)$(DOCDIR)"
	install -m 644 docs/api.md docs/findings.md docs/diagnose.md docs/json.md \
	  docs/comscan-json.schema.json CHANGELOG.md "$(D)$(DOCDIR)"
	@# the run-time linker's cache knows the new library (a real install only)
	@if [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null 2>&1; then ldconfig || :; fi

uninstall:
	$(CHECK_PREFIX)
	rm -f "$(D)$(BINDIR)/comscan" "$(D)$(LIBDIR)/libcomscan.a" \
	  "$(D)$(LIBDIR)/libcomscan.so.$(VERSION)" "$(D)$(LIBDIR)/$(SONAME)" \
	  "$(D)$(LIBDIR)/libcomscan.so" "$(D)$(INCLUDEDIR)/comscan/comscan.h" \
	  "$(D)$(LIBDIR)/pkgconfig/comscan.pc" "$(D)$(MANDIR)/man1/comscan.1" \
	  "$(D)$(MANDIR)/man3/libcomscan.3"
	rm -f "$(D)$(DOCDIR)/api.md" "$(D)$(DOCDIR)/findings.md" "$(D)$(DOCDIR)/diagnose.md" \
	  "$(D)$(DOCDIR)/json.md" "$(D)$(DOCDIR)/comscan-json.schema.json" "$(D)$(DOCDIR)/CHANGELOG.md"
	rmdir "$(D)$(INCLUDEDIR)/comscan" "$(D)$(DOCDIR)" 2>/dev/null || :

# make test: install into a staging directory, check the exports and the
# SONAME, build examples/minimal.c against the installed library through
# pkg-config (shared, then static), run it, uninstall, check nothing stays
install-test:
	@sh tests/install.sh $(B)

# ---- ASan + UBSan (clang): tests, replay, asan CLI ----------------------------
$(B)/asan/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC asan $<")
	$(Q)$(CLANG) $(WARN) $(DBG) $(SAN) $(INC) -Itests -MMD -MP -c $< -o $@

$(B)/asan/libcomscan.a: $(ASAN_LIB_OBJ)
	@rm -f $@
	@$(if $(Q),echo "  LD      $@")
	$(Q)ar rcs $@ $^

asan: $(B)/asan/comscan

$(B)/asan/comscan: $(ASAN_CLI_OBJ) $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $(ASAN_CLI_OBJ) $(B)/asan/libcomscan.a -o $@

$(B)/asan/tests/test_%: $(B)/asan/tests/test_%.o $(ASAN_SUP_OBJ) $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -lcmocka -o $@

$(B)/asan/replay_%: $(B)/asan/fuzz/%.o $(B)/asan/fuzz/replay_main.o $(ASAN_FSUP_OBJ) \
    $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

# the tools link only the support files they use (tests' support files may
# need cmocka)
$(B)/asan/jsoncheck: $(B)/asan/tests/tools/jsoncheck.o $(B)/asan/tests/support/json_check.o \
    $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

$(B)/asan/classes: $(B)/asan/tests/tools/classes.o $(B)/asan/tests/support/comsplit.o \
    $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

$(B)/asan/differential: $(B)/asan/tests/realworld/differential.o $(B)/asan/tests/support/mdw.o \
    $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

$(B)/asan/regfdiff: $(B)/asan/tests/realworld/regfdiff.o $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

$(B)/asan/gen_corpus: $(B)/asan/corpus/gen/gen_corpus.o $(B)/asan/corpus/gen/gen_reg.o \
    $(B)/asan/corpus/gen/gen_regf.o $(B)/asan/corpus/gen/gen_snap.o $(B)/asan/tests/support/mdw.o \
    $(B)/asan/tests/support/hivew.o $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

# ---- the README's commands ------------------------------------------------------
deps:
	@sh .ci/deps.sh test

demo:
	@sh .ci/deps.sh build
	@$(MAKE) --no-print-directory all
	@echo "== comscan scan corpus/samples/*"
	@$(B)/comscan scan corpus/samples/*; rc=$$?; \
	  echo "== exit status $$rc (0 all healthy, 1 some corrupt, 2 usage or I/O error)"; \
	  test $$rc -le 1
	@echo "== comscan com corpus/samples/com-healthy.reg"
	@$(B)/comscan com corpus/samples/com-healthy.reg
	@echo "== comscan diagnose corpus/snapshots/q310412-method2-text"
	@$(B)/comscan diagnose corpus/snapshots/q310412-method2-text; rc=$$?; \
	  echo "== exit status $$rc (0 healthy, 1 COM+ catalog access fails, 2 usage or I/O error)"; \
	  test $$rc -eq 1

test: deps
	@$(MAKE) --no-print-directory all asan $(TESTS) $(REPLAYS) $(B)/asan/jsoncheck \
	  $(B)/asan/differential $(B)/asan/regfdiff $(B)/asan/gen_corpus
	@$(MAKE) --no-print-directory unit replay cli-test json-check docs-check corpus-check realworld install-test
	@$(MAKE) --no-print-directory portable-test
	@echo "== make test: all passed"

# the word-at-a-time paths of core/cursor.h read UTF-16LE as little-endian
# lanes only where the compiler says the host is little-endian; the unit
# tests of .reg text again with that unknown, so the plain loops that a
# big-endian host takes are run too
PORTABLE_TESTS := test_regtext_units test_regtext test_regtext_oom
portable-test:
	@$(MAKE) --no-print-directory B=$(B)/portable DBG="$(DBG) -U__BYTE_ORDER__" \
	  $(PORTABLE_TESTS:%=$(B)/portable/asan/tests/%)
	@set -e; for t in $(PORTABLE_TESTS); do echo "== $$t (byte order unknown)"; \
	  $(B)/portable/asan/tests/$$t > $(B)/portable/$$t.log 2>&1 || { cat $(B)/portable/$$t.log; exit 1; }; done

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

replay: $(REPLAYS)
	@set -e; for f in $(FUZZERS); do \
	  mkdir -p corpus/$$f corpus/regressions/$$f; \
	  echo "== replay $$f"; $(B)/asan/replay_$$f corpus/$$f corpus/regressions/$$f; done

# every kind of --json output against docs/comscan-json.schema.json
json-check: $(B)/comscan
	@B=$(B) sh tests/json/check.sh $(B)/comscan

cli-test: $(B)/comscan $(B)/asan/comscan $(B)/asan/jsoncheck
	@sh tests/cli/run.sh $(B)/comscan $(B)/asan/jsoncheck
	@sh tests/cli/run.sh $(B)/asan/comscan $(B)/asan/jsoncheck

docs-check: $(B)/comscan
	@$(B)/comscan codes --markdown | diff -u docs/findings.md - \
	  || { echo "docs/findings.md is stale: run make docs"; exit 1; }
	@echo "== docs/findings.md matches the catalogue"
	@awk -f docs/gen-api.awk parser/include/comscan/comscan.h | diff -u docs/api.md - \
	  || { echo "docs/api.md is stale: run make docs"; exit 1; }
	@echo "== docs/api.md matches comscan.h"
	@awk '/^\$$ build\/comscan com corpus\/samples\/com-healthy.reg$$/ { on = 1; next } \
	  on && /^```/ { exit } on' README.md > $(B)/readme-listing.txt
	@$(B)/comscan com corpus/samples/com-healthy.reg | diff -u $(B)/readme-listing.txt - \
	  || { echo "README.md's COM listing differs from comscan com's output"; exit 1; }
	@echo "== README.md's COM listing matches comscan com"
	@awk '/^\$$ build\/comscan diagnose corpus\/snapshots\/q310412-method2-text$$/ { on = 1; next } \
	  on && /^```/ { exit } on' README.md > $(B)/readme-diagnosis.txt
	@$(B)/comscan diagnose corpus/snapshots/q310412-method2-text | diff -u $(B)/readme-diagnosis.txt - \
	  || { echo "README.md's diagnosis differs from comscan diagnose's output"; exit 1; }
	@echo "== README.md's diagnosis matches comscan diagnose"

docs: $(B)/comscan
	$(B)/comscan codes --markdown > docs/findings.md
	awk -f docs/gen-api.awk parser/include/comscan/comscan.h > docs/api.md

realworld: $(B)/comscan $(B)/asan/comscan $(B)/asan/differential $(B)/asan/regfdiff
	@sh tests/realworld/mono.sh $(B)/comscan $(B)/asan/differential
	@B=$(B) sh tests/realworld/reg.sh $(B)/asan/comscan $(B)/comscan
	@B=$(B) sh tests/realworld/regf.sh $(B)/asan/comscan $(B)/asan/regfdiff

# ---- benchmarks (bench/README.md): measurements, never pass/fail tests -------
# every benchmark runs (a missed target does not stop the others), then
# one table of the goals; exit 1 when one was missed
bench:
	@rm -f $(B)/bench/reg.csv $(B)/bench/regf.csv $(B)/bench/clb.csv $(B)/bench/fuzz.csv
	@$(MAKE) --no-print-directory bench-reg || :
	@$(MAKE) --no-print-directory bench-regf || :
	@$(MAKE) --no-print-directory bench-clb || :
	@$(MAKE) --no-print-directory bench-fuzz || :
	@echo "== the goals of this run (build/bench/summary.csv)"
	@B=$(B) sh bench/summary.sh
	@! grep -q MISSED $(B)/bench/summary.csv

bench-reg: $(B)/comscan
	@sh .ci/deps.sh bench
	@B=$(B) sh bench/reg.sh $(B)/comscan

bench-clb: $(B)/comscan $(B)/bench/gen_meta
	@sh .ci/deps.sh bench
	@B=$(B) sh bench/clb.sh $(B)/comscan $(B)/bench/gen_meta

bench-regf: $(B)/comscan $(B)/bench/gen_hive
	@sh .ci/deps.sh bench
	@B=$(B) sh bench/regf.sh $(B)/comscan $(B)/bench/gen_hive

# fuzzing throughput per harness: the ASan+UBSan binaries of make fuzzers
# and the same at -O2 without sanitizers (bench/README.md)
bench-fuzz:
	@sh .ci/deps.sh bench
	@$(MAKE) --no-print-directory fuzzers
	@$(MAKE) --no-print-directory fuzzers B=$(B)/fuzz-plain \
	  FUZZ_CFLAGS="-O2 -g $(FBM) -fsanitize=fuzzer-no-link"
	@B=$(B) sh bench/fuzz_speed.sh $(B)/fuzz $(B)/fuzz-plain/fuzz $(SPEED_SECS)

# the synthetic hive of bench/regf.sh (the test-only hive writer, optimised)
$(B)/bench/gen_hive: bench/gen_hive.c tests/support/hivew.c tests/support/hivew.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(WARN) $(REL) -Itests bench/gen_hive.c tests/support/hivew.c -o $@

# the synthetic assemblies of bench/clb.sh's scaling rows (the test-only
# metadata writer, optimised)
$(B)/bench/gen_meta: bench/gen_meta.c tests/support/mdw.c tests/support/mdw.h parser/clb/schema.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(WARN) $(REL) $(INC) -Itests bench/gen_meta.c tests/support/mdw.c parser/clb/schema.c -o $@

corpus: $(B)/asan/gen_corpus
	$(B)/asan/gen_corpus corpus

# The committed generated files equal what the generator writes now.
corpus-check: $(B)/asan/gen_corpus
	@rm -rf $(B)/corpus-check && mkdir -p $(B)/corpus-check
	@$(B)/asan/gen_corpus $(B)/corpus-check
	@cd $(B)/corpus-check && find . -type f | sort | while read -r f; do \
	  cmp -s "$$f" "$(CURDIR)/corpus/$$f" || { echo "corpus/$$f differs from the generator's output: run make corpus"; exit 1; }; \
	done
	@echo "== corpus: generated files are current"

# ---- libFuzzer (FUZZING.md) ---------------------------------------------------
$(B)/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC fuzz $<")
	$(Q)$(CLANG) $(WARN) $(FUZZ_CFLAGS) $(INC) -Itests -MMD -MP -c $< -o $@

# the harnesses and the tests' support files they use are sanitized but
# not coverage-instrumented: their checks (every message byte, the JSON
# checker) must neither guide the fuzzer nor cost it a comparison callback
# per byte; only the library's code is
NO_COV = $(filter-out -fsanitize=fuzzer-no-link,$(1))

$(B)/fuzz/tests/support/%.o: tests/support/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC fuzz $<")
	$(Q)$(CLANG) $(WARN) $(call NO_COV,$(FUZZ_CFLAGS)) $(INC) -Itests -MMD -MP -c $< -o $@

$(B)/fuzz/fuzz/%.o: fuzz/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC fuzz $<")
	$(Q)$(CLANG) $(WARN) $(call NO_COV,$(FUZZ_CFLAGS)) $(INC) -Itests -MMD -MP -c $< -o $@

fuzzers: $(FUZZERS:%=$(B)/fuzz/%)

$(B)/fuzz/fuzz_%: $(B)/fuzz/fuzz/fuzz_%.o $(FSUP:%=$(B)/fuzz/%) $(FUZZ_LIB_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $^ $(LIB_FUZZING_ENGINE) -o $@

# libFuzzer's flags: a hang or 2 GB of memory is a finding; the longest
# input is the harness's max_len in fuzz/<harness>.options (64 KiB, 128 KiB
# for the harnesses that take hives), read by MAXLEN_OF for a make-time
# name and by $(MAXLEN_SH) in the shell loops; DICT_OF gives a harness's
# dictionary (an _oom variant uses its parent's), which the loops compute
LF_FLAGS  = -timeout=10 -rss_limit_mb=2048
MAXLEN_OF = -max_len=$(shell sed -n 's/^max_len *= *//p' fuzz/$(1).options)
MAXLEN_SH = -max_len=$$(sed -n 's/^max_len *= *//p' fuzz/$$f.options)
DICT_OF   = fuzz/$(patsubst %_oom,%,$(1)).dict

fuzz: $(B)/fuzz/$(F)
	@mkdir -p $(B)/corpus/$(F) $(B)/artifacts/$(F) corpus/$(F)
	$(B)/fuzz/$(F) $(LF_FLAGS) $(call MAXLEN_OF,$(F)) -dict=$(call DICT_OF,$(F)) \
	  -max_total_time=$(SECS) -print_final_stats=1 -artifact_prefix=$(B)/artifacts/$(F)/ \
	  $(B)/corpus/$(F) corpus/$(F) $(wildcard corpus/regressions/$(F))

# Every harness for SECS seconds from the committed corpus and its
# regressions (the working corpus under build/ only); fails on the first
# harness that finds anything.
fuzz-ci: fuzzers
	@set -e; rm -rf $(B)/fuzz-ci; for f in $(FUZZERS); do \
	  mkdir -p $(B)/fuzz-ci/corpus/$$f $(B)/fuzz-ci/artifacts/$$f corpus/$$f; \
	  echo "== fuzz-ci $$f ($(SECS) s)"; \
	  if ! $(B)/fuzz/$$f $(LF_FLAGS) $(MAXLEN_SH) -dict=fuzz/$$(echo $$f | sed 's/_oom$$//').dict \
	      -max_total_time=$(SECS) -print_final_stats=1 \
	      -artifact_prefix=$(B)/fuzz-ci/artifacts/$$f/ $(B)/fuzz-ci/corpus/$$f corpus/$$f \
	      $$(ls -d corpus/regressions/$$f 2> /dev/null) \
	      > $(B)/fuzz-ci/$$f.log 2>&1; then \
	    tail -60 $(B)/fuzz-ci/$$f.log; \
	    echo "fuzz-ci: $$f found a problem; input in $(B)/fuzz-ci/artifacts/$$f/"; exit 1; fi; \
	  grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' $(B)/fuzz-ci/$$f.log \
	    | tr '\n' ' '; echo; \
	done

# A fixed number of runs of every harness with seed 1 (deterministic).
fuzz-smoke: fuzzers
	@set -e; for f in $(FUZZERS); do \
	  mkdir -p $(B)/smoke/$$f $(B)/artifacts/$$f corpus/$$f; \
	  echo "== fuzz smoke $$f ($(RUNS) runs, seed 1)"; \
	  if ! $(B)/fuzz/$$f -seed=1 -runs=$(RUNS) $(LF_FLAGS) $(MAXLEN_SH) \
	      -dict=fuzz/$$(echo $$f | sed 's/_oom$$//').dict \
	      -artifact_prefix=$(B)/artifacts/$$f/ $(B)/smoke/$$f corpus/$$f \
	      > $(B)/smoke/$$f.log 2>&1; then \
	    tail -40 $(B)/smoke/$$f.log; echo "fuzz smoke $$f FAILED"; exit 1; fi; \
	  grep -E '^Done|stat::' $(B)/smoke/$$f.log | head -1; \
	done

# The inputs of the campaigns' working corpora (libFuzzer's and AFL++'s
# queues) that reach edges the committed seeds do not, added to a copy of
# corpus/F in build/merged/F (hit counts ignored, so the committed corpus
# grows only with new edges); then fuzz/promote.sh F copies them into
# corpus/F.
merge: $(B)/fuzz/$(F)
	@rm -rf $(B)/merged/$(F) && mkdir -p $(B)/merged $(B)/corpus/$(F)
	@cp -r corpus/$(F) $(B)/merged/$(F)
	$(B)/fuzz/$(F) -merge=1 -use_counters=0 $(LF_FLAGS) $(call MAXLEN_OF,$(F)) \
	  $(B)/merged/$(F) $(B)/corpus/$(F) \
	  $(wildcard $(B)/afl-out/$(F)/*/queue)

# merge, then copy what is new into corpus/F with its MANIFEST row
# (corpus/gen/promoted.tsv; make corpus folds it into corpus/MANIFEST.tsv)
promote: merge $(B)/asan/classes $(B)/asan/gen_corpus
	@B=$(B) sh fuzz/promote.sh $(F)
	@$(B)/asan/gen_corpus corpus

# ---- AFL++: persistent shared-memory binaries from the same harnesses --------
# As in the libFuzzer builds, only the library is instrumented: AFL++ skips
# the harnesses and the tests' support files (fuzz/afl-denylist.txt).
AFL_CC    ?= afl-clang-fast
AFL_CFLAGS = $(DBG) $(FBM)
AFL_ENV    = AFL_QUIET=1 AFL_LLVM_DENYLIST=$(CURDIR)/fuzz/afl-denylist.txt

$(B)/afl/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC afl  $<")
	$(Q)$(AFL_ENV) $(AFL_CC) $(WARN) $(AFL_CFLAGS) $(SAN) $(INC) -Itests -MMD -MP -c $< -o $@

$(B)/afl/fuzz_%: $(B)/afl/fuzz/fuzz_%.o $(FSUP:%=$(B)/afl/%) $(LIB_SRC:%.c=$(B)/afl/%.o)
	@$(if $(Q),echo "  LD afl  $@")
	$(Q)AFL_QUIET=1 $(AFL_CC) $(AFL_CFLAGS) $(SAN) -fsanitize=fuzzer $^ -o $@

$(B)/afl-cmplog/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC cmpl $<")
	$(Q)$(AFL_ENV) AFL_LLVM_CMPLOG=1 $(AFL_CC) $(WARN) $(AFL_CFLAGS) $(INC) -Itests -MMD -MP \
	  -c $< -o $@

$(B)/afl-cmplog/fuzz_%: $(B)/afl-cmplog/fuzz/fuzz_%.o $(FSUP:%=$(B)/afl-cmplog/%) \
    $(LIB_SRC:%.c=$(B)/afl-cmplog/%.o)
	@$(if $(Q),echo "  LD cmpl $@")
	$(Q)AFL_QUIET=1 AFL_LLVM_CMPLOG=1 $(AFL_CC) $(AFL_CFLAGS) -fsanitize=fuzzer $^ -o $@

afl: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZERS:%=$(B)/afl/%) $(FUZZERS:%=$(B)/afl-cmplog/%)

fuzz-deps:
	@sh .ci/deps.sh fuzz

# One secondary instance (the "CI fuzzing" advice of AFL++'s docs): the
# ASan+UBSan binary, CMPLOG from the second binary.
afl-run: afl
	@mkdir -p $(B)/afl-out && rm -rf $(B)/afl-in/$(F) && mkdir -p $(B)/afl-in/$(F)
	@find corpus/$(F) corpus/regressions/$(F) -type f ! -name '.*' \
	  -exec cp {} $(B)/afl-in/$(F)/ \; 2> /dev/null || true
	AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_FAST_CAL=1 AFL_CMPLOG_ONLY_NEW=1 AFL_AUTORESUME=1 \
	  afl-fuzz -S asan -t 10000 -i $(B)/afl-in/$(F) -o $(B)/afl-out/$(F) \
	  -x $(call DICT_OF,$(F)) -c $(B)/afl-cmplog/$(F) -V $(SECS) \
	  -- $(B)/afl/$(F)

afl-cmin: afl
	@rm -rf $(B)/cmin/$(F)
	AFL_ALLOW_TMP=1 afl-cmin -i $(firstword $(wildcard $(B)/afl-out/$(F)/*/queue)) -o $(B)/cmin/$(F) \
	  -- $(B)/afl-cmplog/$(F)

# ---- the corpus on i386: offsets and sizes are 32-bit fields, size_t too ----
replay-i386: fuzz-deps
	@$(MAKE) --no-print-directory B=$(B)/i386 CLANG="$(CLANG) -m32" \
	  $(FUZZERS:%=$(B)/i386/asan/replay_%)
	@set -e; for f in $(FUZZERS); do \
	  echo "== i386 replay $$f"; $(B)/i386/asan/replay_$$f corpus/$$f corpus/regressions/$$f; \
	done

# ---- MSan, coverage and valgrind replays of the committed corpus -------------
MSAN = -fsanitize=memory -fsanitize-memory-track-origins -fno-omit-frame-pointer

$(B)/msan/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC msan $<")
	$(Q)$(CLANG) $(WARN) $(DBG) $(MSAN) $(INC) -Itests -MMD -MP -c $< -o $@

$(B)/msan/replay_%: $(B)/msan/fuzz/%.o $(B)/msan/fuzz/replay_main.o $(FSUP:%=$(B)/msan/%) \
    $(LIB_SRC:%.c=$(B)/msan/%.o)
	@$(if $(Q),echo "  LD msan $@")
	$(Q)$(CLANG) $(MSAN) $^ -o $@

msan: $(FUZZERS:%=$(B)/msan/replay_%)
	@set -e; for f in $(FUZZERS); do \
	  echo "== msan replay $$f"; \
	  MSAN_OPTIONS=halt_on_error=1 $(B)/msan/replay_$$f corpus/$$f corpus/regressions/$$f; \
	done

COV = -g -O0 -fprofile-instr-generate -fcoverage-mapping

$(B)/cov/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC cov  $<")
	$(Q)$(CLANG) $(WARN) $(COV) $(INC) -Itests -MMD -MP -c $< -o $@

$(B)/cov/replay_%: $(B)/cov/fuzz/%.o $(B)/cov/fuzz/replay_main.o $(FSUP:%=$(B)/cov/%) \
    $(LIB_SRC:%.c=$(B)/cov/%.o)
	@$(if $(Q),echo "  LD cov  $@")
	$(Q)$(CLANG) $(COV) $^ -o $@

# Line and branch coverage of parser/ reached by the committed corpus
# (corpus/<harness> and corpus/regressions/<harness>): a summary on the
# terminal and in build/cov/report.txt, HTML in build/cov/html/.
coverage: $(FUZZERS:%=$(B)/cov/replay_%)
	@rm -rf $(B)/cov/prof && mkdir -p $(B)/cov/prof
	@set -e; for f in $(FUZZERS); do \
	  echo "== coverage replay $$f"; \
	  LLVM_PROFILE_FILE=$(B)/cov/prof/$$f-%p.profraw $(B)/cov/replay_$$f \
	    corpus/$$f corpus/regressions/$$f > /dev/null; \
	done
	@llvm-profdata merge -sparse $(B)/cov/prof/*.profraw -o $(B)/cov/all.profdata
	@llvm-cov report $(B)/cov/replay_$(firstword $(FUZZERS)) \
	  $(patsubst %,-object=$(B)/cov/replay_%,$(wordlist 2,99,$(FUZZERS))) \
	  -instr-profile=$(B)/cov/all.profdata $(LIB_SRC) > $(B)/cov/report.txt
	@llvm-cov show $(B)/cov/replay_$(firstword $(FUZZERS)) \
	  $(patsubst %,-object=$(B)/cov/replay_%,$(wordlist 2,99,$(FUZZERS))) \
	  -instr-profile=$(B)/cov/all.profdata -format=html -show-branches=count \
	  -output-dir=$(B)/cov/html $(LIB_SRC)
	@cat $(B)/cov/report.txt
	@echo "== coverage: HTML in $(B)/cov/html/index.html"
	@awk '$$1 == "TOTAL" { seen = 1; l = $$10; b = $$13; sub(/%/, "", l); sub(/%/, "", b); \
	  printf "== coverage of parser/: %s%% of lines (goal 90), %s%% of branches (goal 80)\n", l, b; \
	  ok = l + 0 >= 90 && b + 0 >= 80 } END { exit !(seen && ok) }' $(B)/cov/report.txt \
	  || { echo "coverage: below the goal (FUZZING.md)"; exit 1; }

# The replays under valgrind's memcheck, built by gcc without sanitizers.
$(B)/vg/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC vg   $<")
	$(Q)$(CC) $(WARN) $(DBG) $(INC) -Itests -MMD -MP -c $< -o $@

$(B)/vg/replay_%: $(B)/vg/fuzz/%.o $(B)/vg/fuzz/replay_main.o $(FSUP:%=$(B)/vg/%) \
    $(LIB_SRC:%.c=$(B)/vg/%.o)
	@$(if $(Q),echo "  LD vg   $@")
	$(Q)$(CC) $(DBG) $^ -o $@

valgrind: fuzz-deps $(FUZZERS:%=$(B)/vg/replay_%)
	@set -e; for f in $(FUZZERS); do \
	  echo "== valgrind replay $$f"; \
	  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    $(B)/vg/replay_$$f corpus/$$f corpus/regressions/$$f; \
	done

# ---- OSS-Fuzz / ClusterFuzzLite build (.clusterfuzzlite/build.sh) ------------
# Uses the environment's CC, CFLAGS, CXX, CXXFLAGS and LIB_FUZZING_ENGINE and
# writes each harness, its seed corpus zip, dictionary and options to $(OUT).
ossfuzz:
	@test -n "$(OUT)" || { echo "ossfuzz: set OUT (and CC, CFLAGS, CXX, LIB_FUZZING_ENGINE)"; exit 2; }
	@command -v zip > /dev/null || { echo "ossfuzz: zip is missing (sh .ci/deps.sh fuzz, or apt-get install zip)"; exit 2; }
	@mkdir -p $(OUT) $(B)/ossfuzz
	@set -e; for src in $(LIB_SRC); do \
	  $(CC) $(CFLAGS) $(INC) -Itests -c $$src -o $(B)/ossfuzz/$$(echo $$src | tr / _).o; \
	done; \
	for src in $(FSUP:%.o=%.c) $(FUZZERS:%=fuzz/%.c); do \
	  $(CC) $(call NO_COV,$(CFLAGS)) $(INC) -Itests -c $$src -o $(B)/ossfuzz/$$(echo $$src | tr / _).o; \
	done
	@set -e; libobj="$(foreach s,$(LIB_SRC) $(FSUP:%.o=%.c),$(B)/ossfuzz/$(subst /,_,$(s)).o)"; \
	for f in $(FUZZERS); do \
	  $(CXX) $(CXXFLAGS) $(B)/ossfuzz/fuzz_$$f.c.o $$libobj $(LIB_FUZZING_ENGINE) -o $(OUT)/$$f; \
	  rm -f $(OUT)/$${f}_seed_corpus.zip; \
	  (cd corpus/$$f && zip -q -j $(abspath $(OUT))/$${f}_seed_corpus.zip * \
	    $$(ls ../regressions/$$f/* 2>/dev/null)); \
	  cp fuzz/$$f.options $(OUT)/; \
	  cp fuzz/$$(echo $$f | sed 's/_oom$$//').dict $(OUT)/; \
	done
	@echo "== ossfuzz: $(words $(FUZZERS)) harnesses in $(OUT)"

# make ossfuzz as OSS-Fuzz runs it for libFuzzer + ASan (its compiler
# flags, -fsanitize=fuzzer as the engine) into build/ossfuzz-out; then each
# binary runs its seed corpus zip once, as ClusterFuzz's first run does.
OSSFUZZ_FLAGS = -O1 -fno-omit-frame-pointer -gline-tables-only \
  -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION -fsanitize=address \
  -fsanitize-address-use-after-scope -fsanitize=fuzzer-no-link
ossfuzz-check: fuzz-deps
	@rm -rf $(B)/ossfuzz-out $(B)/ossfuzz-seeds
	@$(MAKE) --no-print-directory ossfuzz B=$(B)/ossfuzz-build OUT=$(B)/ossfuzz-out \
	  CC=$(CLANG) CXX=$(CLANG) CFLAGS="$(OSSFUZZ_FLAGS)" CXXFLAGS="$(OSSFUZZ_FLAGS)" \
	  LIB_FUZZING_ENGINE=-fsanitize=fuzzer
	@set -e; for f in $(FUZZERS); do \
	  mkdir -p $(B)/ossfuzz-seeds/$$f; \
	  unzip -q -o $(B)/ossfuzz-out/$${f}_seed_corpus.zip -d $(B)/ossfuzz-seeds/$$f; \
	  test -s $(B)/ossfuzz-out/$$f.options; \
	  test -s $(B)/ossfuzz-out/$$(echo $$f | sed 's/_oom$$//').dict; \
	  $(B)/ossfuzz-out/$$f -runs=0 $(B)/ossfuzz-seeds/$$f > $(B)/ossfuzz-seeds/$$f.log 2>&1 \
	    || { tail -30 $(B)/ossfuzz-seeds/$$f.log; echo "ossfuzz-check: $$f failed on its seeds"; exit 1; }; \
	done
	@echo "== ossfuzz-check: $(words $(FUZZERS)) OSS-Fuzz binaries built and run on their seed corpora"

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
