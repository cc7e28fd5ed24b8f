# comscan - build, test and fuzz.
#
#   make              release library and command: build/libcomscan.a, build/comscan
#   make demo         build, then scan the bundled samples (README command 1)
#   make test         every test (README command 2; what .ci/run runs)
#   make asan         build/asan/comscan with ASan+UBSan (clang)
#   make fuzzers      libFuzzer harnesses in build/fuzz/
#   make fuzz F=fuzz_clb SECS=60      run one harness from the committed corpus
#   make fuzz-smoke   every harness for a fixed number of runs (CI)
#   make bench        benchmarks side by side with peer tools (bench/; not a test)
#   make corpus       regenerate corpus/samples and the generated seeds
#   make docs         regenerate docs/findings.md from the catalogue
#   make clean
#
# One object tree per flag set (build/rel, build/asan, build/fuzz); objects
# built with different sanitizers are never mixed.

V       ?= 0
Q       := $(if $(filter 1,$(V)),,@)
CC      ?= cc
CLANG   ?= clang
B       ?= build
F       ?= fuzz_clb
SECS    ?= 60
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

REL_LIB_OBJ  := $(LIB_SRC:%.c=$(B)/rel/%.o)
REL_CLI_OBJ  := $(CLI_SRC:%.c=$(B)/rel/%.o)
ASAN_LIB_OBJ := $(LIB_SRC:%.c=$(B)/asan/%.o)
ASAN_CLI_OBJ := $(CLI_SRC:%.c=$(B)/asan/%.o)
ASAN_SUP_OBJ := $(SUPPORT_SRC:%.c=$(B)/asan/%.o)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(B)/fuzz/%.o)
# the harnesses validate rendered JSON with the tests' checker and split
# multi-input COM seeds with the tests' splitter
FUZZ_SUP_OBJ := $(B)/fuzz/tests/support/json_check.o $(B)/fuzz/tests/support/comsplit.o
ASAN_FSUP_OBJ := $(B)/asan/tests/support/json_check.o $(B)/asan/tests/support/comsplit.o
TESTS        := $(TEST_SRC:tests/%.c=$(B)/asan/tests/%)
REPLAYS      := $(FUZZERS:%=$(B)/asan/replay_%)

.PHONY: all lib asan demo test unit replay cli-test docs docs-check corpus-check \
        realworld deps fuzzers fuzz fuzz-smoke corpus bench bench-reg clean
.SECONDARY:

all: $(B)/comscan

lib: $(B)/libcomscan.a

# ---- release (CC: gcc by default) ---------------------------------------------
$(B)/rel/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(WARN) $(REL) $(INC) -MMD -MP -c $< -o $@

$(B)/libcomscan.a: $(REL_LIB_OBJ)
	@rm -f $@
	@$(if $(Q),echo "  LD      $@")
	$(Q)ar rcs $@ $^

$(B)/comscan: $(REL_CLI_OBJ) $(B)/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(REL) $(REL_CLI_OBJ) $(B)/libcomscan.a -o $@

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

$(B)/asan/differential: $(B)/asan/tests/realworld/differential.o $(B)/asan/tests/support/mdw.o \
    $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

$(B)/asan/regfdiff: $(B)/asan/tests/realworld/regfdiff.o $(B)/asan/libcomscan.a
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(SAN) $^ -o $@

$(B)/asan/gen_corpus: $(B)/asan/corpus/gen/gen_corpus.o $(B)/asan/corpus/gen/gen_reg.o \
    $(B)/asan/corpus/gen/gen_regf.o $(B)/asan/tests/support/mdw.o \
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

test: deps
	@$(MAKE) --no-print-directory all asan $(TESTS) $(REPLAYS) $(B)/asan/jsoncheck \
	  $(B)/asan/differential $(B)/asan/regfdiff $(B)/asan/gen_corpus
	@$(MAKE) --no-print-directory unit replay cli-test docs-check corpus-check realworld
	@echo "== make test: all passed"

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

replay: $(REPLAYS)
	@set -e; for f in $(FUZZERS); do \
	  mkdir -p corpus/$$f corpus/regressions/$$f; \
	  echo "== replay $$f"; $(B)/asan/replay_$$f corpus/$$f corpus/regressions/$$f; done

cli-test: $(B)/comscan $(B)/asan/comscan $(B)/asan/jsoncheck
	@sh tests/cli/run.sh $(B)/comscan $(B)/asan/jsoncheck
	@sh tests/cli/run.sh $(B)/asan/comscan $(B)/asan/jsoncheck

docs-check: $(B)/comscan
	@$(B)/comscan codes --markdown | diff -u docs/findings.md - \
	  || { echo "docs/findings.md is stale: run make docs"; exit 1; }
	@echo "== docs/findings.md matches the catalogue"
	@awk '/^\$$ build\/comscan com corpus\/samples\/com-healthy.reg$$/ { on = 1; next } \
	  on && /^```/ { exit } on' README.md > $(B)/readme-listing.txt
	@$(B)/comscan com corpus/samples/com-healthy.reg | diff -u $(B)/readme-listing.txt - \
	  || { echo "README.md's COM listing differs from comscan com's output"; exit 1; }
	@echo "== README.md's COM listing matches comscan com"

docs: $(B)/comscan
	$(B)/comscan codes --markdown > docs/findings.md

realworld: $(B)/comscan $(B)/asan/comscan $(B)/asan/differential $(B)/asan/regfdiff
	@sh tests/realworld/mono.sh $(B)/comscan $(B)/asan/differential
	@B=$(B) sh tests/realworld/reg.sh $(B)/asan/comscan $(B)/comscan
	@B=$(B) sh tests/realworld/regf.sh $(B)/asan/comscan $(B)/asan/regfdiff

# ---- benchmarks (bench/README.md): measurements, never pass/fail tests -------
bench: bench-reg bench-regf

bench-reg: $(B)/comscan
	@sh .ci/deps.sh bench
	@B=$(B) sh bench/reg.sh $(B)/comscan

bench-regf: $(B)/comscan $(B)/bench/gen_hive
	@sh .ci/deps.sh bench
	@B=$(B) sh bench/regf.sh $(B)/comscan $(B)/bench/gen_hive

# the synthetic hive of bench/regf.sh (the test-only hive writer, optimised)
$(B)/bench/gen_hive: bench/gen_hive.c tests/support/hivew.c tests/support/hivew.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(WARN) $(REL) -Itests bench/gen_hive.c tests/support/hivew.c -o $@

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

# ---- libFuzzer ------------------------------------------------------------------
$(B)/fuzz/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC fuzz $<")
	$(Q)$(CLANG) $(WARN) $(FUZZ_CFLAGS) $(INC) -Itests -MMD -MP -c $< -o $@

fuzzers: $(FUZZERS:%=$(B)/fuzz/%)

$(B)/fuzz/fuzz_%: $(B)/fuzz/fuzz/fuzz_%.o $(FUZZ_SUP_OBJ) $(FUZZ_LIB_OBJ)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $^ $(LIB_FUZZING_ENGINE) -o $@

fuzz: $(B)/fuzz/$(F)
	@mkdir -p $(B)/corpus/$(F) $(B)/artifacts/$(F) corpus/$(F)
	$(B)/fuzz/$(F) -dict=fuzz/$(patsubst %_oom,%,$(F)).dict -max_len=65536 \
	  -max_total_time=$(SECS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	  -artifact_prefix=$(B)/artifacts/$(F)/ $(B)/corpus/$(F) corpus/$(F)

fuzz-smoke: fuzzers
	@set -e; for f in $(FUZZERS); do \
	  mkdir -p $(B)/smoke/$$f $(B)/artifacts/$$f corpus/$$f; \
	  echo "== fuzz smoke $$f ($(RUNS) runs, seed 1)"; \
	  if ! $(B)/fuzz/$$f -seed=1 -runs=$(RUNS) -max_len=65536 -timeout=10 \
	      -rss_limit_mb=2048 -dict=fuzz/$$(echo $$f | sed 's/_oom$$//').dict \
	      -artifact_prefix=$(B)/artifacts/$$f/ $(B)/smoke/$$f corpus/$$f \
	      > $(B)/smoke/$$f.log 2>&1; then \
	    tail -40 $(B)/smoke/$$f.log; echo "fuzz smoke $$f FAILED"; exit 1; fi; \
	  grep -E '^Done|stat::' $(B)/smoke/$$f.log | head -1; \
	done

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
