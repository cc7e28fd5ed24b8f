/*
 * comsplit.h - splits one byte string into several registration dumps at
 * the marker ";;next-input;;" (a `.reg` comment, so each part stays a
 * readable file).  Used by the COM fuzz harness and the corpus manifest
 * test, so one seed can exercise a multi-input build.
 */
#ifndef COMSCAN_TESTS_COMSPLIT_H
#define COMSCAN_TESTS_COMSPLIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"

#define COMSPLIT_MARKER "\n;;next-input;;\n"
#define COMSPLIT_MAX 4

/* One part of a split input. */
typedef struct comsplit_part {
	const uint8_t *data;
	size_t size;
} comsplit_part;

/* The parts of data between markers (at most max >= 1, the last taking the
 * rest); returns their count, at least 1. */
size_t comsplit_parts(const uint8_t *data, size_t size, comsplit_part *parts, size_t max);

/* Fills in[0..n) with the parts of data (named "a.reg", "b.reg", ...;
 * at most COMSPLIT_MAX, the last one taking the rest) and returns n >= 1. */
size_t comsplit(const uint8_t *data, size_t size, comscan_com_input in[COMSPLIT_MAX]);

/* A Windows-directory snapshot packed into one input (fuzz_diagnose, its
 * seeds): parts split at the marker, each "PATH\nBYTES"; a PATH that
 * starts with "dump:" is a registration dump named by the rest, any other
 * is a file of the Windows directory.  A part without a line feed is a
 * path with no bytes.  Paths are cut at SNAPSPLIT_PATH - 1 bytes or a NUL. */
#define SNAPSPLIT_MAX 16
#define SNAPSPLIT_PATH 256
typedef struct snapsplit_snapshot {
	comscan_diag_file files[SNAPSPLIT_MAX];
	size_t nfiles;
	comscan_com_input dumps[SNAPSPLIT_MAX];
	size_t ndumps;
	char paths[SNAPSPLIT_MAX][SNAPSPLIT_PATH];
} snapsplit_snapshot;

/* Unpacks data into s (whose files and dumps point into data); returns
 * the number of parts. */
size_t snapsplit(const uint8_t *data, size_t size, snapsplit_snapshot *s);

/* Whether a corpus path names a packed snapshot: a seed or a regression
 * of fuzz_diagnose or fuzz_diagnose_oom (corpus/fuzz_diagnose/,
 * corpus/regressions/fuzz_diagnose/, the same with _oom). */
bool snapsplit_is_packed_path(const char *path);

/* The bytes at the start of a corpus file that are not its input: 2 for
 * a seed or regression of an allocation-failure harness (a folder
 * fuzz_*_oom/: the failing allocation's index, fuzz/fuzz_oom.h), else 0. */
size_t seed_prefix_len(const char *path);

#endif /* COMSCAN_TESTS_COMSPLIT_H */
