/*
 * regtext_build.h - helpers for the .reg parser tests (tests/test_regtext*.c):
 * building inputs (UTF-8 text to UTF-16LE/BE with or without a BOM),
 * opening them in a chosen mode, asserting the exact findings list, and
 * turning a registry tree into a string that names every key and value
 * with its type and exact data bytes.
 *
 * The expected class and strict/compat severities of every regtext.* code
 * are this file's own copy of parser/core/codes.def (rtb_spec_*), so a
 * change of grading in the library makes the tests fail; test_regtext.c
 * compares the copy with comscan_code_at() in both directions.
 *
 * Every helper asserts with cmocka; call them from inside a test only.
 */
#ifndef COMSCAN_TESTS_REGTEXT_BUILD_H
#define COMSCAN_TESTS_REGTEXT_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"

/* ---- inputs ---------------------------------------------------------------- */

typedef struct rtb_bytes {
	uint8_t *p; /* malloc'd; rtb_free */
	size_t n;
	size_t cap; /* bytes allocated (rtb_append grows it geometrically) */
} rtb_bytes;

/* Exactly n bytes on the heap, so ASan sees any read past the input. */
rtb_bytes rtb_copy(const void *p, size_t n);
/* n bytes of UTF-8 text (NULs allowed; a 3-byte ED A0..BF xx sequence
 * stands for a lone surrogate unit) as UTF-16 little- or big-endian, with
 * a byte-order mark (FF FE / FE FF) when bom is set. */
rtb_bytes rtb_utf16(const char *utf8, size_t n, bool big_endian, bool bom);
/* Appends n bytes. */
void rtb_append(rtb_bytes *b, const void *p, size_t n);
void rtb_free(rtb_bytes *b);

/* ---- the expected grading (a copy of codes.def) ---------------------------------- */

typedef struct rtb_spec {
	const char *code;
	comscan_class cls;
	comscan_severity strict, compat;
} rtb_spec;

size_t rtb_spec_count(void);
const rtb_spec *rtb_spec_at(size_t i);
/* The entry for code; fails the test when there is none. */
const rtb_spec *rtb_spec_find(const char *code);

/* ---- findings ----------------------------------------------------------------------- */

/* One expected finding; lists end with { NULL, 0, 0 }. */
typedef struct rtb_exp {
	const char *code;
	uint32_t line, column;
} rtb_exp;

/* Asserts that fs holds exactly the findings exp lists, in order, each
 * with the class and the severity (strict or, with
 * COMSCAN_FLAG_REG_COMPAT in flags, compat) of rtb_spec, and that the
 * verdict, tallies and class mask agree.  Marks as observed every expected
 * code that fs holds. */
void rtb_check_findings(const char *what, const comscan_findings *fs, uint32_t flags,
    const rtb_exp *exp);
/* Prints the findings (for failure messages). */
void rtb_print_findings(const comscan_findings *fs);

/* Codes asserted so far by this binary. */
void rtb_observe(const char *code);
bool rtb_observed(const char *code);

/* ---- trees ------------------------------------------------------------------------ */

/* Opens n bytes (from an exact-size heap copy) with flags and limits
 * (NULL: defaults); asserts COMSCAN_OK and kind REG. */
comscan_registry *rtb_open(const void *p, size_t n, uint32_t flags, const comscan_limits *lim);

/* The tree as text, one line per item in walk order:
 *   K <path>
 *   V <path>|<name>|<type, decimal>|<data>
 * where <data> is "text" (quotes included) for REG_SZ and REG_EXPAND_SZ
 * data that is printable ASCII followed by exactly one NUL unit, and the
 * lower-case hex bytes otherwise (nothing for zero bytes).  Also checks
 * key_count/value_count against the walk.  malloc'd. */
char *rtb_dump(const comscan_registry *reg);
/* Asserts rtb_dump(reg) equals expected. */
void rtb_check_dump(const char *what, const comscan_registry *reg, const char *expected);

/* The data of value name under key path, malloc'd (NULL when absent);
 * *type and *size receive its type and size, *line its source line. */
uint8_t *rtb_value(const comscan_registry *reg, const char *path, const char *name,
    uint32_t *type, size_t *size, uint32_t *line);

/* Output of comscan_registry_write_reg / write_tsv, malloc'd. */
rtb_bytes rtb_write_reg(const comscan_registry *reg);
char *rtb_write_tsv(const comscan_registry *reg);

/* ---- one-call checks ---------------------------------------------------------------- */

/* Opens data with flags/limits, checks findings (exp) and, unless dump
 * is NULL, the tree; then runs comscan_scan_buffer on the same bytes and
 * asserts the same findings (the streaming parse and the tree build must
 * report alike). */
void rtb_run(const char *what, const void *data, size_t n, uint32_t flags,
    const comscan_limits *lim, const rtb_exp *exp, const char *dump);
/* rtb_run in strict mode (dump_strict) and in compat mode (dump_compat). */
void rtb_run_modes(const char *what, const void *data, size_t n, const rtb_exp *exp,
    const char *dump_strict, const char *dump_compat);
/* rtb_run_modes on 8-bit text, then on the same text as UTF-16LE with a
 * BOM (same lines and columns, as every character is one unit). */
void rtb_run_all(const char *what, const char *text, size_t n, const rtb_exp *exp,
    const char *dump_strict, const char *dump_compat);

#endif /* COMSCAN_TESTS_REGTEXT_BUILD_H */
