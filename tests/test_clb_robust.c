/*
 * test_clb_robust.c - the clb parser under damaged inputs and failing
 * allocators:
 *
 *  - every prefix of every healthy sample (each copied into a buffer of
 *    exactly that size, so ASan sees any read past the end) is corrupt,
 *    and from 4 bytes on it is classed truncated or out-of-bounds;
 *  - every single-byte corruption (0xFF and 0x00) and a seeded series of
 *    multi-byte corruptions yield well-formed reports and handles whose
 *    accessors stay inside what they report;
 *  - an allocator that fails its Nth call makes comscan_scan_buffer and
 *    comscan_clb_open return COMSCAN_ERR_NOMEM for every N below the number
 *    of calls a normal run makes, succeed from there on, and leave no
 *    block behind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clb/schema.h"
#include "comscan/comscan.h"
#include "support/failalloc.h"
#include "support/mdw.h"

#define BIT(id) ((uint64_t)1 << (id))
#define CLASS_BIT(c) (1u << COMSCAN_CLASS_##c)

/* ---- samples ------------------------------------------------------------------ */

enum { S_CLB, S_PE32, S_PE32PLUS, S_UNCOMPRESSED_JTD, S_PDB, S_COUNT };

typedef struct sample {
	uint8_t *p;
	size_t n;
	mdw_layout lay;  /* of the metadata                       */
	size_t md_base;  /* file offset of the metadata           */
} sample;

#define ROW(w, id, ...)                                                           \
	do {                                                                      \
		const uint32_t v_[] = { __VA_ARGS__ };                            \
		mdw_row((w), (id), v_, (unsigned)(sizeof v_ / sizeof v_[0]));     \
	} while (0)

/* A stand-alone portable PDB with debug tables 0x30-0x37. */
static void
pdb_module(mdw *w)
{
	static const uint8_t guid[16] = { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6 };
	static const uint8_t name[] = { '/', 'a', 0x01 };
	uint32_t g = mdw_guid(w, guid), b = mdw_blob(w, name, sizeof name);
	w->pdb = true;
	w->pdb_tables = BIT(CLB_T_TYPEDEF) | BIT(CLB_T_METHODDEF);
	w->pdb_rows[CLB_T_TYPEDEF] = 2;
	w->pdb_rows[CLB_T_METHODDEF] = 2;
	w->pdb_entry = 0x06000001;
	w->sorted |= BIT(CLB_T_LOCALSCOPE) | BIT(CLB_T_STATEMACHINEMETHOD) |
	    BIT(CLB_T_CUSTOMDEBUGINFORMATION);
	ROW(w, CLB_T_DOCUMENT, b, g, b, g);
	ROW(w, CLB_T_METHODDEBUGINFORMATION, 1, b);
	ROW(w, CLB_T_LOCALSCOPE, 1, 1, 1, 1, 0, 10);
	ROW(w, CLB_T_LOCALVARIABLE, 0, 0, mdw_string(w, "local"));
	ROW(w, CLB_T_IMPORTSCOPE, 0, b);
	ROW(w, CLB_T_STATEMACHINEMETHOD, 2, 1);
	ROW(w, CLB_T_CUSTOMDEBUGINFORMATION, (1 << 5) | 0, g, b);
}

/* Builds healthy sample `which`. */
static void
sample_make(int which, sample *s)
{
	mdw w;
	memset(s, 0, sizeof *s);
	mdw_init(&w);
	if (which == S_PDB) {
		pdb_module(&w);
	} else {
		w.uncompressed = w.jtd = which == S_UNCOMPRESSED_JTD;
		mdw_sample_module(&w);
	}
	s->p = mdw_build(&w, &s->n, &s->lay);
	mdw_free(&w);
	if (which == S_PE32 || which == S_PE32PLUS) {
		pew_opts o = { which == S_PE32PLUS, false, 2, 5, 1 };
		pew_layout pl;
		size_t len;
		uint8_t *pe = pew_build(s->p, s->n, &o, &len, &pl);
		free(s->p);
		s->p = pe;
		s->n = len;
		s->md_base = pl.metadata_off;
	}
}

/* Frees a sample. */
static void
sample_free(sample *s)
{
	free(s->p);
	memset(s, 0, sizeof *s);
}

/* A heap copy of exactly n bytes (NULL for 0), so ASan catches over-reads. */
static uint8_t *
exact_copy(const uint8_t *p, size_t n)
{
	uint8_t *q;
	if (n == 0)
		return NULL;
	q = malloc(n);
	assert_non_null(q);
	memcpy(q, p, n);
	return q;
}

/* ---- report and handle invariants ------------------------------------------------ */

/* Prints a findings list. */
static void
dump_findings(const comscan_findings *f)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(f); i++) {
		const comscan_finding *x = comscan_findings_at(f, i);
		print_message("    %s %s @0x%llx: %s\n", comscan_severity_name(x->severity), x->code,
		    (unsigned long long)x->offset, x->message);
	}
}

/* True when code is among the findings. */
static int
has_code(const comscan_findings *f, const char *code)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(f); i++)
		if (strcmp(comscan_findings_at(f, i)->code, code) == 0)
			return 1;
	return 0;
}

/* Asserts s is printable ASCII. */
static void
check_printable(const char *s)
{
	assert_non_null(s);
	for (; *s; s++)
		assert_true(*s >= 0x20 && *s <= 0x7E);
}

/* Every finding is in the catalogue, consistent with it, names an offset
 * inside the input, and the summary agrees with the findings. */
static void
check_wellformed(const comscan_findings *f, size_t size)
{
	size_t i, n = comscan_findings_count(f), tally[3] = { 0, 0, 0 };
	uint32_t classes = 0;
	assert_non_null(f);
	for (i = 0; i < n; i++) {
		const comscan_finding *x = comscan_findings_at(f, i);
		assert_non_null(x);
		assert_non_null(x->info);
		assert_ptr_equal(comscan_code_lookup(x->code), x->info);
		assert_int_equal(x->cls, x->info->cls);
		assert_int_equal(x->severity, x->info->severity);
		assert_int_equal(x->hresult, x->info->hresult);
		if (!(x->offset == COMSCAN_NO_OFFSET || x->offset <= size)) {
			dump_findings(f);
			fail_msg("%s names offset 0x%llx of a %zu-byte input", x->code,
			    (unsigned long long)x->offset, size);
		}
		check_printable(x->message);
		tally[x->severity]++;
		if (x->severity != COMSCAN_SEVERITY_NOTE)
			classes |= 1u << x->cls;
	}
	assert_null(comscan_findings_at(f, n));
	for (i = 0; i < 3; i++)
		assert_true(comscan_findings_tally(f, (comscan_severity)i) >= tally[i]);
	assert_int_equal(comscan_findings_classes(f) & classes, classes);
	assert_true(comscan_findings_classes(f) < (1u << COMSCAN_CLASS_COUNT));
	assert_int_equal(comscan_findings_verdict(f),
	    comscan_findings_tally(f, COMSCAN_SEVERITY_ERROR) ? COMSCAN_VERDICT_CORRUPT
	                                                      : COMSCAN_VERDICT_HEALTHY);
}

/* Walks every accessor of a handle of an input of size bytes: they stay
 * consistent with what they report and fail cleanly outside it. */
static void
walk_handle(const comscan_clb *h, size_t size)
{
	comscan_clb_info info;
	comscan_clb_stream st;
	comscan_clb_table tb;
	comscan_pe_info pi;
	comscan_pe_section sec;
	size_t i, n;
	uint32_t row, col, v;

	comscan_clb_get_info(h, &info);
	check_printable(info.version);
	check_printable(info.table_stream);
	if (info.has_metadata)
		assert_true(info.metadata_offset + info.metadata_size <= size);
	n = comscan_clb_stream_count(h);
	assert_int_equal(info.stream_count, info.has_metadata ? n : info.stream_count);
	for (i = 0; i < n; i++) {
		assert_int_equal(comscan_clb_stream_at(h, i, &st), 0);
		check_printable(st.name);
		if (st.in_bounds)
			assert_true(st.file_offset + st.size <= size);
	}
	assert_int_equal(comscan_clb_stream_at(h, n, &st), -1);
	n = comscan_clb_table_count(h);
	for (i = 0; i < n; i++) {
		assert_int_equal(comscan_clb_table_at(h, i, &tb), 0);
		assert_true(tb.id < 64);
		check_printable(tb.name);
		for (col = 0; col < tb.columns; col++)
			check_printable(comscan_clb_column_name(h, tb.id, col));
		assert_null(comscan_clb_column_name(h, tb.id, tb.columns));
		if (!tb.readable) {
			assert_int_equal(comscan_clb_cell(h, tb.id, 1, 0, &v), -1);
			continue;
		}
		assert_true(tb.row_size > 0);
		assert_true(tb.file_offset + (uint64_t)tb.rows * tb.row_size <= size);
		for (row = 1; row <= tb.rows; row++)
			for (col = 0; col < tb.columns; col++)
				assert_int_equal(comscan_clb_cell(h, tb.id, row, col, &v), 0);
		assert_int_equal(comscan_clb_cell(h, tb.id, 0, 0, &v), -1);
		assert_int_equal(comscan_clb_cell(h, tb.id, tb.rows + 1, 0, &v), -1);
		assert_int_equal(comscan_clb_cell(h, tb.id, 1, tb.columns, &v), -1);
	}
	assert_int_equal(comscan_clb_table_at(h, n, &tb), -1);
	if (comscan_clb_pe_info(h, &pi) == 0) {
		assert_int_equal(comscan_clb_kind(h), COMSCAN_KIND_PE);
		n = comscan_clb_pe_section_count(h);
		assert_true(n <= pi.section_count);
		for (i = 0; i < n; i++) {
			assert_int_equal(comscan_clb_pe_section_at(h, i, &sec), 0);
			check_printable(sec.name);
		}
		assert_int_equal(comscan_clb_pe_section_at(h, n, &sec), -1);
	}
}

/* Scans p[0..n) with both entry points; checks both results; returns
 * the scan report's findings summary through *verdict and *classes. */
static void
scan_both(const uint8_t *p, size_t n, comscan_verdict *verdict, uint32_t *classes,
    int *truncated_code)
{
	comscan_report *r = NULL;
	comscan_clb *h = NULL;
	const comscan_findings *f;
	assert_int_equal(comscan_scan_buffer(p, n, NULL, &r), COMSCAN_OK);
	assert_non_null(r);
	f = comscan_report_findings(r);
	check_wellformed(f, n);
	*verdict = comscan_findings_verdict(f);
	*classes = comscan_findings_classes(f);
	if (truncated_code)
		*truncated_code = has_code(f, "clb.file.truncated");
	assert_int_equal(comscan_clb_open(p, n, NULL, &h), COMSCAN_OK);
	assert_non_null(h);
	check_wellformed(comscan_clb_findings(h), n);
	walk_handle(h, n);
	if (n > 0 && comscan_report_kind(r) != COMSCAN_KIND_TEXT &&
	    comscan_report_kind(r) != COMSCAN_KIND_UNKNOWN)
		assert_int_equal(comscan_findings_count(comscan_clb_findings(h)),
		    comscan_findings_count(f));
	comscan_report_close(r);
	comscan_clb_close(h);
}

/* ---- every prefix ------------------------------------------------------------------ */

/* Every proper prefix of sample `which` is corrupt and, from 4 bytes on,
 * classed truncated or out-of-bounds (II.24.2.1-II.24.2.2; II.25). */
static void
check_prefixes(int which)
{
	sample s;
	size_t len, header_end, last_start = 0, i;
	sample_make(which, &s);
	header_end = s.lay.stream_off[0];
	for (i = 0; i < s.lay.nstreams; i++)
		if (s.lay.stream_size[i] > 0 && s.lay.stream_off[i] > last_start)
			last_start = s.lay.stream_off[i];
	for (len = 0; len < s.n; len++) {
		uint8_t *q = exact_copy(s.p, len);
		comscan_verdict verdict;
		uint32_t classes;
		int truncated;
		scan_both(q, len, &verdict, &classes, &truncated);
		if (verdict != COMSCAN_VERDICT_CORRUPT)
			fail_msg("sample %d: prefix of %zu bytes is not corrupt", which, len);
		if (len >= 4 && !(classes & (CLASS_BIT(TRUNCATED) | CLASS_BIT(OUT_OF_BOUNDS))))
			fail_msg("sample %d: prefix of %zu bytes is neither truncated nor "
				 "out-of-bounds (classes 0x%x)", which, len, classes);
		/* a stand-alone cut between the headers and the last stream's
		 * start leaves contiguous streams that end past the data */
		if (s.md_base == 0 && len >= header_end && len <= last_start && !truncated)
			fail_msg("sample %d: prefix of %zu bytes lacks clb.file.truncated", which, len);
		free(q);
	}
	sample_free(&s);
}

/* Every prefix of the stand-alone sample. */
static void
test_prefixes_clb(void **state)
{
	(void)state;
	check_prefixes(S_CLB);
}

/* Every prefix of the sample in PE32. */
static void
test_prefixes_pe32(void **state)
{
	(void)state;
	check_prefixes(S_PE32);
}

/* Every prefix of the sample in PE32+. */
static void
test_prefixes_pe32plus(void **state)
{
	(void)state;
	check_prefixes(S_PE32PLUS);
}

/* Every prefix of the #- / #JTD sample. */
static void
test_prefixes_uncompressed_jtd(void **state)
{
	(void)state;
	check_prefixes(S_UNCOMPRESSED_JTD);
}

/* Every prefix of the portable PDB sample. */
static void
test_prefixes_pdb(void **state)
{
	(void)state;
	check_prefixes(S_PDB);
}

/* ---- every single-byte corruption ------------------------------------------------- */

/* Each byte set to 0xFF, then to 0x00: well-formed reports and handles. */
static void
check_byte_flips(int which)
{
	static const uint8_t values[2] = { 0xFF, 0x00 };
	sample s;
	size_t i, k, changed_corrupt = 0;
	sample_make(which, &s);
	for (i = 0; i < s.n; i++) {
		for (k = 0; k < 2; k++) {
			uint8_t *q = exact_copy(s.p, s.n);
			comscan_verdict verdict;
			uint32_t classes;
			q[i] = values[k];
			scan_both(q, s.n, &verdict, &classes, NULL);
			changed_corrupt += s.p[i] != values[k] && verdict == COMSCAN_VERDICT_CORRUPT;
			free(q);
		}
	}
	/* the checks are not blind: most damaged bytes are noticed */
	assert_true(changed_corrupt > s.n / 4);
	sample_free(&s);
}

/* Every byte flip of the stand-alone sample. */
static void
test_flips_clb(void **state)
{
	(void)state;
	check_byte_flips(S_CLB);
}

/* Every byte flip of the sample in PE32. */
static void
test_flips_pe32(void **state)
{
	(void)state;
	check_byte_flips(S_PE32);
}

/* Every byte flip of the sample in PE32+. */
static void
test_flips_pe32plus(void **state)
{
	(void)state;
	check_byte_flips(S_PE32PLUS);
}

/* Every byte flip of the #- / #JTD sample. */
static void
test_flips_uncompressed_jtd(void **state)
{
	(void)state;
	check_byte_flips(S_UNCOMPRESSED_JTD);
}

/* Every byte flip of the portable PDB sample. */
static void
test_flips_pdb(void **state)
{
	(void)state;
	check_byte_flips(S_PDB);
}

/* xorshift32: a fixed, portable sequence. */
static uint32_t
next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* 3000 inputs per sample with 1-8 random bytes replaced, some of them by
 * values that hit boundaries (0, 0x80, 0xFF, 0xFFFF...). */
static void
test_random_corruptions(void **state)
{
	static const uint8_t special[] = { 0x00, 0x01, 0x7F, 0x80, 0xC0, 0xE0, 0xFF, 0x10, 0x40 };
	uint32_t seed = 0xC0FFEEu;
	int which, iter;
	(void)state;
	for (which = 0; which < S_COUNT; which++) {
		sample s;
		sample_make(which, &s);
		for (iter = 0; iter < 3000; iter++) {
			uint8_t *q = exact_copy(s.p, s.n);
			uint32_t k, nb = 1 + next_rand(&seed) % 8;
			comscan_verdict verdict;
			uint32_t classes;
			for (k = 0; k < nb; k++) {
				uint32_t r = next_rand(&seed);
				size_t at = s.md_base + r % (s.n - s.md_base);
				q[at] = (r >> 24) & 1 ? special[(r >> 16) % sizeof special]
				                      : (uint8_t)(r >> 8);
			}
			scan_both(q, s.n, &verdict, &classes, NULL);
			free(q);
		}
		sample_free(&s);
	}
}

/* ---- every allocation failure ------------------------------------------------------- */

enum { E_SCAN, E_OPEN };

/* One call of entry point `entry` with the counting allocator; on success
 * the handle is walked and closed.  Returns the status; *nfind gets the
 * findings count on success. */
static comscan_status
run_counted(int entry, const uint8_t *p, size_t n, const comscan_limits *lim, failalloc *c,
    size_t *nfind)
{
	comscan_options o;
	comscan_status st;
	comscan_options_init(&o);
	o.allocator = &c->a;
	if (lim)
		o.limits = *lim;
	if (entry == E_SCAN) {
		comscan_report *r = (comscan_report *)(uintptr_t)1;
		st = comscan_scan_buffer(p, n, &o, &r);
		if (st != COMSCAN_OK) {
			assert_null(r);
			return st;
		}
		assert_non_null(r);
		check_wellformed(comscan_report_findings(r), n);
		*nfind = comscan_findings_count(comscan_report_findings(r));
		comscan_report_close(r);
	} else {
		comscan_clb *h = (comscan_clb *)(uintptr_t)1;
		st = comscan_clb_open(p, n, &o, &h);
		if (st != COMSCAN_OK) {
			assert_null(h);
			return st;
		}
		assert_non_null(h);
		check_wellformed(comscan_clb_findings(h), n);
		walk_handle(h, n);
		*nfind = comscan_findings_count(comscan_clb_findings(h));
		comscan_clb_close(h);
	}
	return st;
}

#define OOM_CAP 100000u

/* Fails allocation N = 0, 1, 2, ... until the call succeeds: every
 * earlier N must give COMSCAN_ERR_NOMEM, the first success must come at
 * the number of calls a normal run makes, with the same findings, and no
 * block may stay allocated. */
static void
check_oom(int entry, const uint8_t *p, size_t n, const comscan_limits *lim)
{
	failalloc c;
	size_t total, expected, got = 0, fail;
	comscan_status st;

	failalloc_init(&c, FAILALLOC_NEVER);
	assert_int_equal(run_counted(entry, p, n, lim, &c, &expected), COMSCAN_OK);
	assert_int_equal(c.nlive, 0);
	assert_int_equal(c.misuse, 0);
	total = c.calls;
	failalloc_fini(&c);
	assert_true(total > 0);
	for (fail = 0; fail < OOM_CAP; fail++) {
		failalloc_init(&c, fail);
		st = run_counted(entry, p, n, lim, &c, &got);
		if (c.nlive != 0) /* checked before failalloc_fini forgets the live set */
			fail_msg("entry %d: %zu blocks leaked when call %zu of %zu failed", entry,
			    c.nlive, fail, total);
		assert_int_equal(c.misuse, 0);
		failalloc_fini(&c);
		if (st == COMSCAN_OK)
			break;
		if (st != COMSCAN_ERR_NOMEM)
			fail_msg("entry %d: status %d when call %zu failed", entry, (int)st, fail);
		assert_true(fail < total);
	}
	if (fail != total)
		fail_msg("entry %d: succeeded with call %zu of %zu failing", entry, fail, total);
	assert_int_equal(got, expected);
}

/* check_oom for comscan_scan_buffer and comscan_clb_open. */
static void
check_oom_both(const uint8_t *p, size_t n, const comscan_limits *lim)
{
	check_oom(E_SCAN, p, n, lim);
	check_oom(E_OPEN, p, n, lim);
}

/* Every healthy sample, both entry points. */
static void
test_oom_healthy(void **state)
{
	int which;
	(void)state;
	for (which = 0; which < S_COUNT; which++) {
		sample s;
		sample_make(which, &s);
		check_oom_both(s.p, s.n, NULL);
		sample_free(&s);
	}
}

/* A truncated catalog (streams past the end, missing heaps). */
static void
test_oom_truncated(void **state)
{
	sample s;
	(void)state;
	sample_make(S_CLB, &s);
	check_oom_both(s.p, s.lay.stream_off[3] + 4, NULL);
	check_oom_both(s.p, 30, NULL);
	sample_free(&s);
}

/* x = 11 gives garbage stream headers and dozens of findings, so the
 * findings list and its message pool grow several times. */
/* The default limits, to change one field of. */
static comscan_limits
default_limits(void)
{
	comscan_options o;
	comscan_options_init(&o);
	return o.limits;
}

static void
test_oom_many_findings(void **state)
{
	comscan_limits lim = default_limits();
	sample s;
	(void)state;
	lim.max_streams = 0xFFFF;
	sample_make(S_CLB, &s);
	put_u32(s.p, s.lay.version_len_off, 11);
	check_oom_both(s.p, s.n, NULL);
	put_u32(s.p, s.lay.version_len_off, 12);
	put_u16(s.p, s.lay.storage_hdr_off + 2, 0x7FFF);
	check_oom_both(s.p, s.n, &lim);
	sample_free(&s);
}

/* max_findings 1: sealing appends core.findings.limit-exceeded. */
static void
test_oom_findings_limit(void **state)
{
	comscan_limits lim = default_limits();
	sample s;
	(void)state;
	lim.max_findings = 1;
	sample_make(S_CLB, &s);
	put_u32(s.p, s.lay.version_len_off, 11);
	check_oom_both(s.p, s.n, &lim);
	sample_free(&s);
}

/* A PE whose metadata has damaged tables (cells out of range). */
static void
test_oom_pe_corrupt_tables(void **state)
{
	sample s;
	(void)state;
	sample_make(S_PE32, &s);
	s.p[s.md_base + s.lay.tables_off + 6] |= 0x40; /* tables shift by 4 bytes */
	check_oom_both(s.p, s.n, NULL);
	sample_free(&s);
}

/* Non-metadata inputs through both entry points. */
static void
test_oom_other_kinds(void **state)
{
	static const uint8_t text[] = "hello, world\n";
	static const uint8_t bin[] = { 0x00, 0x01, 0x02, 0x03, 0x04 };
	(void)state;
	check_oom_both(text, sizeof text - 1, NULL);
	check_oom_both(bin, sizeof bin, NULL);
	check_oom_both(NULL, 0, NULL);
}

/* Runs every test. */
int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefixes_clb),
		cmocka_unit_test(test_prefixes_pe32),
		cmocka_unit_test(test_prefixes_pe32plus),
		cmocka_unit_test(test_prefixes_uncompressed_jtd),
		cmocka_unit_test(test_prefixes_pdb),
		cmocka_unit_test(test_flips_clb),
		cmocka_unit_test(test_flips_pe32),
		cmocka_unit_test(test_flips_pe32plus),
		cmocka_unit_test(test_flips_uncompressed_jtd),
		cmocka_unit_test(test_flips_pdb),
		cmocka_unit_test(test_random_corruptions),
		cmocka_unit_test(test_oom_healthy),
		cmocka_unit_test(test_oom_truncated),
		cmocka_unit_test(test_oom_many_findings),
		cmocka_unit_test(test_oom_findings_limit),
		cmocka_unit_test(test_oom_pe_corrupt_tables),
		cmocka_unit_test(test_oom_other_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
