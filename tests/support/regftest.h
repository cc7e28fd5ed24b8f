/*
 * regftest.h - helpers shared by the registry hive tests (tests/test_regf*.c):
 * running a hive through every public entry point that parses it and
 * asserting that they all report exactly the expected findings, turning
 * the tree comscan_registry_open builds into a string that names every
 * key and value with its type and exact data bytes, and this file's own
 * copy of the class and severity of every regf.* code of
 * parser/core/codes.def (so a change of grading in the library makes the
 * tests fail; test_regf.c compares the copy with comscan_code_at() in both
 * directions).
 *
 * One run (rft_run) of a hive image:
 *   1. the bytes are copied into a heap block of exactly their size, so
 *      ASan sees any read past the input;
 *   2. comscan_scan_buffer: kind regf, the findings exactly as expected
 *      (code, offset, class and severity of the catalogue, no source),
 *      and the verdict, tallies and class mask they imply;
 *   3. comscan_registry_open: the same findings, message for message, and
 *      (unless NULL) exactly the expected tree;
 *   4. comscan_registry_dump_tsv: the same findings again, and (unless the
 *      hive has keys or values of equal names, where the tree merges
 *      them) the same TSV as comscan_registry_write_tsv of the tree.
 *
 * Header-only (static inline) because it uses cmocka, which the other
 * programs linked with tests/support/ objects do not link.  Include it
 * after <cmocka.h>.
 */
#ifndef COMSCAN_TESTS_REGFTEST_H
#define COMSCAN_TESTS_REGFTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "support/hivew.h"
#include "support/tbuf.h"

/* ======================================================================
 * expected findings
 * ====================================================================== */

/* One expected finding; lists end with { NULL, 0, NULL }.  source is the
 * name a log finding is stamped with (NULL: none). */
typedef struct rft_exp {
	const char *code;
	uint64_t offset;
	const char *source;
} rft_exp;

#define RF(code, off) { "regf." code, (uint64_t)(off), NULL }
#define RFS(code, off, src) { "regf." code, (uint64_t)(off), src }
#define EXP(...) ((const rft_exp[]){ __VA_ARGS__, { NULL, 0, NULL } })
#define NOF ((const rft_exp[]){ { NULL, 0, NULL } })

/* File offset of a field of the data of cell index cell (after its size). */
#define AT(cell, field) ((uint64_t)HIVEW_BASE + (uint64_t)(cell) + 4u + (uint64_t)(field))
/* File offset of the size field of a cell (where cell findings point). */
#define CELL(cell) ((uint64_t)HIVEW_BASE + (uint64_t)(cell))

/* ======================================================================
 * the expected grading: a copy of parser/core/codes.def, section regf
 * ====================================================================== */

typedef struct rft_spec {
	const char *code;
	comscan_class cls;
	comscan_severity sev;
} rft_spec;

#define RFT_N_ COMSCAN_SEVERITY_NOTE
#define RFT_W_ COMSCAN_SEVERITY_WARNING
#define RFT_E_ COMSCAN_SEVERITY_ERROR
static const rft_spec rft_specs[] = {
	{ "regf.file.too-small", COMSCAN_CLASS_TRUNCATED, RFT_E_ },
	{ "regf.file.no-base-block", COMSCAN_CLASS_TRUNCATED, RFT_E_ },
	{ "regf.base.bad-checksum", COMSCAN_CLASS_BAD_CHECKSUM, RFT_W_ },
	{ "regf.base.dirty", COMSCAN_CLASS_DIRTY, RFT_W_ },
	{ "regf.base.version-unsupported", COMSCAN_CLASS_UNSUPPORTED_VERSION, RFT_E_ },
	{ "regf.base.legacy-format", COMSCAN_CLASS_LEGACY_FORMAT, RFT_E_ },
	{ "regf.base.log-file", COMSCAN_CLASS_MALFORMED, RFT_N_ },
	{ "regf.base.file-type-unknown", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.base.format-unknown", COMSCAN_CLASS_MALFORMED, RFT_W_ },
	{ "regf.base.clustering-factor", COMSCAN_CLASS_MALFORMED, RFT_W_ },
	{ "regf.base.bins-size-invalid", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.base.bins-truncated", COMSCAN_CLASS_TRUNCATED, RFT_E_ },
	{ "regf.base.remnant-data", COMSCAN_CLASS_MALFORMED, RFT_N_ },
	{ "regf.base.root-invalid", COMSCAN_CLASS_DANGLING_REFERENCE, RFT_E_ },
	{ "regf.base.root-not-entry", COMSCAN_CLASS_INCONSISTENT, RFT_W_ },
	{ "regf.hbin.bad-signature", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.hbin.offset-mismatch", COMSCAN_CLASS_INCONSISTENT, RFT_E_ },
	{ "regf.hbin.bad-size", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.hbin.past-end", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.hbin.padding-run", COMSCAN_CLASS_MALFORMED, RFT_N_ },
	{ "regf.cell.bad-size", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.cell.crosses-bin", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.cell.unreferenced", COMSCAN_CLASS_INCONSISTENT, RFT_N_ },
	{ "regf.ref.nil", COMSCAN_CLASS_DANGLING_REFERENCE, RFT_E_ },
	{ "regf.ref.past-end", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.ref.bin-header", COMSCAN_CLASS_DANGLING_REFERENCE, RFT_E_ },
	{ "regf.ref.mid-cell", COMSCAN_CLASS_DANGLING_REFERENCE, RFT_E_ },
	{ "regf.ref.free-cell", COMSCAN_CLASS_DANGLING_REFERENCE, RFT_E_ },
	{ "regf.ref.damaged-region", COMSCAN_CLASS_DANGLING_REFERENCE, RFT_E_ },
	{ "regf.nk.bad-signature", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.nk.truncated", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.nk.name-empty", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.nk.name-odd-length", COMSCAN_CLASS_MALFORMED, RFT_W_ },
	{ "regf.nk.name-surrogate", COMSCAN_CLASS_BAD_ENCODING, RFT_W_ },
	{ "regf.nk.name-backslash", COMSCAN_CLASS_MALFORMED, RFT_W_ },
	{ "regf.nk.name-too-long", COMSCAN_CLASS_MALFORMED, RFT_W_ },
	{ "regf.nk.unexpected-flags", COMSCAN_CLASS_INCONSISTENT, RFT_N_ },
	{ "regf.nk.parent-mismatch", COMSCAN_CLASS_INCONSISTENT, RFT_E_ },
	{ "regf.nk.subkey-count-mismatch", COMSCAN_CLASS_INCONSISTENT, RFT_E_ },
	{ "regf.nk.volatile-on-disk", COMSCAN_CLASS_INCONSISTENT, RFT_N_ },
	{ "regf.nk.class-invalid", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_W_ },
	{ "regf.key.cycle", COMSCAN_CLASS_CYCLE, RFT_E_ },
	{ "regf.key.reached-twice", COMSCAN_CLASS_INCONSISTENT, RFT_E_ },
	{ "regf.key.too-deep", COMSCAN_CLASS_LIMIT_EXCEEDED, RFT_E_ },
	{ "regf.key.unsorted", COMSCAN_CLASS_INCONSISTENT, RFT_E_ },
	{ "regf.key.duplicate-name", COMSCAN_CLASS_DUPLICATE, RFT_E_ },
	{ "regf.list.bad-signature", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.list.count-past-cell", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.list.empty", COMSCAN_CLASS_INCONSISTENT, RFT_W_ },
	{ "regf.list.ri-nested", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.list.shared", COMSCAN_CLASS_INCONSISTENT, RFT_E_ },
	{ "regf.list.bad-hint", COMSCAN_CLASS_INCONSISTENT, RFT_W_ },
	{ "regf.list.bad-hash", COMSCAN_CLASS_INCONSISTENT, RFT_W_ },
	{ "regf.values.count-past-cell", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.vk.bad-signature", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.vk.truncated", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.vk.duplicate-name", COMSCAN_CLASS_DUPLICATE, RFT_E_ },
	{ "regf.vk.shared", COMSCAN_CLASS_INCONSISTENT, RFT_W_ },
	{ "regf.vk.resident-too-large", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.vk.data-past-cell", COMSCAN_CLASS_TRUNCATED, RFT_E_ },
	{ "regf.vk.too-large", COMSCAN_CLASS_LIMIT_EXCEEDED, RFT_E_ },
	{ "regf.db.bad-signature", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.db.count-past-list", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.db.bad-segment", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.db.truncated", COMSCAN_CLASS_OUT_OF_BOUNDS, RFT_E_ },
	{ "regf.sk.bad-signature", COMSCAN_CLASS_MALFORMED, RFT_E_ },
	{ "regf.sk.broken-ring", COMSCAN_CLASS_INCONSISTENT, RFT_W_ },
	{ "regf.sk.refcount-mismatch", COMSCAN_CLASS_INCONSISTENT, RFT_W_ },
	{ "regf.log.found", COMSCAN_CLASS_DIRTY, RFT_N_ },
	{ "regf.log.invalid", COMSCAN_CLASS_MALFORMED, RFT_W_ },
	{ "regf.log.not-applicable", COMSCAN_CLASS_DIRTY, RFT_N_ },
	{ "regf.log.recovers", COMSCAN_CLASS_DIRTY, RFT_N_ },
	{ "regf.log.missing", COMSCAN_CLASS_DIRTY, RFT_W_ },
};
#undef RFT_N_
#undef RFT_W_
#undef RFT_E_
#define RFT_NSPEC (sizeof rft_specs / sizeof rft_specs[0])

/* The index of code in rft_specs, or RFT_NSPEC. */
static inline size_t
rft_spec_index(const char *code)
{
	size_t i;
	for (i = 0; i < RFT_NSPEC; i++)
		if (strcmp(rft_specs[i].code, code) == 0)
			return i;
	return RFT_NSPEC;
}

static inline const rft_spec *
rft_spec_find(const char *code)
{
	size_t i = rft_spec_index(code);
	if (i == RFT_NSPEC)
		fail_msg("no expected grading for code %s", code);
	return &rft_specs[i];
}

/* ======================================================================
 * findings
 * ====================================================================== */

static inline void
rft_print_findings(const comscan_findings *fs)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		print_message("    %-32s @%llu (0x%llX) %s %s%s%s: %s\n", f->code,
		    (unsigned long long)f->offset, (unsigned long long)f->offset,
		    comscan_class_name(f->cls), comscan_severity_name(f->severity),
		    f->source ? " in " : "", f->source ? f->source : "", f->message);
	}
}

static inline void
rft_print_expected(const rft_exp *exp)
{
	for (; exp->code; exp++)
		print_message("    %-32s @%llu (0x%llX)%s%s\n", exp->code, (unsigned long long)exp->offset,
		    (unsigned long long)exp->offset, exp->source ? " in " : "",
		    exp->source ? exp->source : "");
}

static inline bool
rft_same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Compares fs with exp: count, order, code, offset, source, and the class
 * and severity of the expected grading; the verdict, tallies and class
 * mask.  Prints both lists and returns false on a difference. */
static inline bool
rft_findings_ok(const char *what, const comscan_findings *fs, const rft_exp *exp)
{
	size_t n = 0, i, tally[3] = { 0, 0, 0 };
	uint32_t classes = 0;
	bool ok = true;
	while (exp[n].code)
		n++;
	if (comscan_findings_count(fs) != n)
		ok = false;
	for (i = 0; i < n; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		const rft_spec *s = rft_spec_find(exp[i].code);
		if (ok && (strcmp(f->code, exp[i].code) != 0 || f->offset != exp[i].offset ||
			      f->cls != s->cls || f->severity != s->sev || f->info == NULL ||
			      strcmp(f->info->code, f->code) != 0 || f->line != 0 || f->column != 0 ||
			      !rft_same_str(f->source, exp[i].source) || f->message == NULL))
			ok = false;
		tally[s->sev]++;
		if (s->sev != COMSCAN_SEVERITY_NOTE)
			classes |= 1u << s->cls;
	}
	if (ok) {
		for (i = 0; i < 3; i++)
			if (comscan_findings_tally(fs, (comscan_severity)i) != tally[i])
				ok = false;
		if (comscan_findings_classes(fs) != classes ||
		    comscan_findings_verdict(fs) !=
			(tally[COMSCAN_SEVERITY_ERROR] ? COMSCAN_VERDICT_CORRUPT : COMSCAN_VERDICT_HEALTHY))
			ok = false;
	}
	if (!ok) {
		print_message("%s: findings differ.\n  expected:\n", what);
		rft_print_expected(exp);
		print_message("  actual:\n");
		rft_print_findings(fs);
	}
	return ok;
}

/* True when a and b hold the same findings (every field, messages too). */
static inline bool
rft_same_findings(const comscan_findings *a, const comscan_findings *b)
{
	size_t i;
	if (comscan_findings_count(a) != comscan_findings_count(b))
		return false;
	for (i = 0; i < comscan_findings_count(a); i++) {
		const comscan_finding *x = comscan_findings_at(a, i), *y = comscan_findings_at(b, i);
		if (strcmp(x->code, y->code) != 0 || x->offset != y->offset || x->cls != y->cls ||
		    x->severity != y->severity || strcmp(x->message, y->message) != 0 ||
		    !rft_same_str(x->source, y->source))
			return false;
	}
	return comscan_findings_verdict(a) == comscan_findings_verdict(b) &&
	       comscan_findings_classes(a) == comscan_findings_classes(b);
}

/* The number of findings of code in fs. */
static inline size_t
rft_count(const comscan_findings *fs, const char *code)
{
	size_t i, n = 0;
	for (i = 0; i < comscan_findings_count(fs); i++)
		if (strcmp(comscan_findings_at(fs, i)->code, code) == 0)
			n++;
	return n;
}

/* ======================================================================
 * trees
 * ====================================================================== */

typedef struct rft_dumpctx {
	tbuf t;
	size_t keys, values;
	bool offsets;            /* append " @offset" to every line */
	bool hive;               /* items of a hive have no line */
} rft_dumpctx;

static inline int
rft_dump_item(void *ctx, const comscan_registry_item *it)
{
	rft_dumpctx *d = ctx;
	size_t i;
	if (!it->is_value) {
		d->keys++;
		tbuf_printf(&d->t, "K %s", it->path);
	} else {
		d->values++;
		tbuf_printf(&d->t, "V %s|%s|%u|", it->path, it->name, (unsigned)it->type);
		for (i = 0; i < it->size;) {
			char hex[512];
			size_t k = 0;
			for (; i < it->size && k < sizeof hex; i++) {
				hex[k++] = "0123456789abcdef"[it->data[i] >> 4];
				hex[k++] = "0123456789abcdef"[it->data[i] & 15];
			}
			tbuf_put(&d->t, hex, k);
		}
	}
	if (d->hive)
		assert_int_equal(it->line, 0);
	if (d->offsets) {
		if (it->offset == COMSCAN_NO_OFFSET)
			tbuf_puts(&d->t, " @-");
		else
			tbuf_printf(&d->t, " @%llu", (unsigned long long)it->offset);
	}
	tbuf_puts(&d->t, "\n");
	return 0;
}

/* The tree as text, one line per item in walk order:
 *   K <path>
 *   V <path>|<name>|<type, decimal>|<data as lower-case hex>
 * with " @<offset>" appended when offsets is set.  Checks key_count and
 * value_count against the walk.  malloc'd. */
static inline char *
rft_dump(const comscan_registry *reg, bool offsets)
{
	rft_dumpctx d;
	memset(&d, 0, sizeof d);
	d.offsets = offsets;
	d.hive = comscan_registry_kind(reg) == COMSCAN_KIND_REGF;
	tbuf_puts(&d.t, "");
	assert_int_equal(comscan_registry_walk(reg, rft_dump_item, &d), 0);
	assert_int_equal(comscan_registry_key_count(reg), d.keys);
	assert_int_equal(comscan_registry_value_count(reg), d.values);
	return d.t.p;
}

/* An exact-size heap copy of n bytes (so ASan sees reads past them). */
static inline uint8_t *
rft_copy(const void *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);
	assert_non_null(c);
	if (n)
		memcpy(c, p, n);
	return c;
}

/* ======================================================================
 * one run through every entry point
 * ====================================================================== */

#define RFT_NO_TSV 1u  /* do not compare dump_tsv with write_tsv (equal names) */
#define RFT_OFFSETS 2u /* the expected tree carries " @offset" on every line */

/* The handles and outputs of one run (rft_run_keep); free with rft_done. */
typedef struct rft_result {
	comscan_report *scan;
	comscan_registry *reg;
	comscan_report *dump;
	char *tree;              /* rft_dump of reg (with offsets when asked) */
	char *tsv;               /* dump_tsv's output */
	char *tsv_tree;          /* write_tsv's output */
} rft_result;

static inline void
rft_done(rft_result *r)
{
	comscan_report_close(r->scan);
	comscan_registry_close(r->reg);
	comscan_report_close(r->dump);
	free(r->tree);
	free(r->tsv);
	free(r->tsv_tree);
	memset(r, 0, sizeof *r);
}

/* Runs data through scan, registry_open and dump_tsv with options o (NULL:
 * defaults) and fills r; asserts COMSCAN_OK, kind regf and that the three
 * findings lists are identical.  Checks nothing against expectations. */
static inline void
rft_run_keep(const char *what, const void *data, size_t n, const comscan_options *o,
    unsigned flags, rft_result *r)
{
	uint8_t *c = rft_copy(data, n);
	tbuf t = TBUF_INIT, tt = TBUF_INIT;
	comscan_status st;
	memset(r, 0, sizeof *r);
	r->scan = (comscan_report *)r; /* must be overwritten */
	assert_int_equal(comscan_scan_buffer(c, n, o, &r->scan), COMSCAN_OK);
	assert_non_null(r->scan);
	assert_int_equal(comscan_report_kind(r->scan), COMSCAN_KIND_REGF);
	r->reg = (comscan_registry *)r;
	assert_int_equal(comscan_registry_open(c, n, o, &r->reg), COMSCAN_OK);
	assert_non_null(r->reg);
	assert_int_equal(comscan_registry_kind(r->reg), COMSCAN_KIND_REGF);
	tbuf_puts(&t, "");
	st = comscan_registry_dump_tsv(c, n, o, tbuf_sink, &t, &r->dump);
	assert_int_equal(st, COMSCAN_OK);
	assert_non_null(r->dump);
	assert_int_equal(comscan_report_kind(r->dump), COMSCAN_KIND_REGF);
	free(c); /* no handle keeps the input */
	r->tsv = t.p;
	tbuf_puts(&tt, "");
	assert_int_equal(comscan_registry_write_tsv(r->reg, tbuf_sink, &tt), 0);
	r->tsv_tree = tt.p;
	r->tree = rft_dump(r->reg, (flags & RFT_OFFSETS) != 0);
	if (!rft_same_findings(comscan_report_findings(r->scan), comscan_registry_findings(r->reg))) {
		print_message("%s: scan:\n", what);
		rft_print_findings(comscan_report_findings(r->scan));
		print_message("registry_open:\n");
		rft_print_findings(comscan_registry_findings(r->reg));
		fail_msg("%s: scan and registry_open report differently", what);
	}
	if (!rft_same_findings(comscan_report_findings(r->scan), comscan_report_findings(r->dump))) {
		print_message("%s: scan:\n", what);
		rft_print_findings(comscan_report_findings(r->scan));
		print_message("dump_tsv:\n");
		rft_print_findings(comscan_report_findings(r->dump));
		fail_msg("%s: scan and dump_tsv report differently", what);
	}
	if (!(flags & RFT_NO_TSV) && strcmp(r->tsv, r->tsv_tree) != 0) {
		print_message("%s: dump_tsv:\n%s--- write_tsv:\n%s---\n", what, r->tsv, r->tsv_tree);
		fail_msg("%s: dump_tsv and write_tsv differ", what);
	}
}

/* rft_run_keep, then the findings must be exp and (unless tree is NULL)
 * the tree exactly tree. */
static inline void
rft_run_opts(const char *what, const void *data, size_t n, const comscan_options *o,
    unsigned flags, const rft_exp *exp, const char *tree)
{
	rft_result r;
	bool ok;
	rft_run_keep(what, data, n, o, flags, &r);
	ok = rft_findings_ok(what, comscan_report_findings(r.scan), exp);
	if (ok && tree != NULL && strcmp(r.tree, tree) != 0) {
		print_message("%s: tree differs.\n--- expected:\n%s--- actual:\n%s---\n", what, tree,
		    r.tree);
		ok = false;
	}
	rft_done(&r);
	if (!ok)
		fail_msg("%s: unexpected result", what);
}

/* An image with default options. */
static inline void
rft_run(const char *what, const hivew_img *img, const rft_exp *exp, const char *tree)
{
	rft_run_opts(what, img->data, img->len, NULL, 0, exp, tree);
}

/* Same with flags (RFT_NO_TSV, RFT_OFFSETS). */
static inline void
rft_run_f(const char *what, const hivew_img *img, unsigned flags, const rft_exp *exp,
    const char *tree)
{
	rft_run_opts(what, img->data, img->len, NULL, flags, exp, tree);
}

/* Scans data with logs through comscan_scan_hive (exact-size copies) and
 * checks the findings. */
static inline void
rft_run_logs(const char *what, const hivew_img *hive, const comscan_buffer *logs, size_t nlogs,
    const rft_exp *exp)
{
	uint8_t *c = rft_copy(hive->data, hive->len);
	comscan_buffer lb[4];
	uint8_t *copies[4];
	comscan_report *r = NULL;
	size_t i;
	bool ok;
	assert_true(nlogs <= 4);
	for (i = 0; i < nlogs; i++) {
		lb[i] = logs[i];
		copies[i] = logs[i].size ? rft_copy(logs[i].data, logs[i].size) : NULL;
		if (copies[i] != NULL)
			lb[i].data = copies[i];
	}
	assert_int_equal(comscan_scan_hive(c, hive->len, lb, nlogs, NULL, &r), COMSCAN_OK);
	for (i = 0; i < nlogs; i++)
		free(copies[i]);
	free(c);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_REGF);
	ok = rft_findings_ok(what, comscan_report_findings(r), exp);
	comscan_report_close(r);
	if (!ok)
		fail_msg("%s: unexpected findings", what);
}

/* The default mount of a hivew hive ("hivew.dat") and the keys above it. */
#define RFT_TOP "HKEY_LOCAL_MACHINE\\hivew.dat"
#define RFT_TOPK "K HKEY_LOCAL_MACHINE\nK " RFT_TOP "\n"
/* expected tree lines */
#define KL(p) "K " RFT_TOP p "\n"
#define VL(p, n, t, d) "V " RFT_TOP p "|" n "|" #t "|" d "\n"

#endif /* COMSCAN_TESTS_REGFTEST_H */
