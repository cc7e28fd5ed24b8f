#!/bin/bash -eu
# Template for projects/comscan/build.sh in google/oss-fuzz: the same
# build as .clusterfuzzlite/build.sh (`make ossfuzz` takes $CC, $CFLAGS,
# $CXX, $CXXFLAGS and $LIB_FUZZING_ENGINE from the environment and never
# assumes libFuzzer).
cd "$SRC/comscan"
make ossfuzz B="$WORK/comscan-build" OUT="$OUT"
