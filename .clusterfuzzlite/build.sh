#!/bin/bash -eu
# Builds every harness with the engine and sanitizer the runner chose:
# `make ossfuzz` uses $CC $CFLAGS for each object, links with $CXX
# $CXXFLAGS $LIB_FUZZING_ENGINE, and writes the binaries, their seed
# corpus zips (corpus/<harness> and corpus/regressions/<harness>),
# dictionaries and options into $OUT.
cd "$SRC/comscan"
make ossfuzz B="$WORK/comscan-build" OUT="$OUT"
