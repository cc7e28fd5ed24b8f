/*
 * comsplit.h - splits one byte string into several registration dumps at
 * the marker ";;next-input;;" (a `.reg` comment, so each part stays a
 * readable file).  Used by the COM fuzz harness and the corpus manifest
 * test, so one seed can exercise a multi-input build.
 */
#ifndef COMSCAN_TESTS_COMSPLIT_H
#define COMSCAN_TESTS_COMSPLIT_H

#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"

#define COMSPLIT_MARKER "\n;;next-input;;\n"
#define COMSPLIT_MAX 4

/* Fills in[0..n) with the parts of data (named "a.reg", "b.reg", ...;
 * at most COMSPLIT_MAX, the last one taking the rest) and returns n >= 1. */
size_t comsplit(const uint8_t *data, size_t size, comscan_com_input in[COMSPLIT_MAX]);

#endif /* COMSCAN_TESTS_COMSPLIT_H */
