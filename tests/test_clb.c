/*
 * test_clb.c - "each check fires": for every clb.* finding code of the
 * catalogue (parser/core/codes.def) at least one input that raises it, with
 * the class and severity the catalogue promises, plus healthy baselines
 * that raise nothing.  Inputs are healthy images from tests/support/mdw.c,
 * damaged at the offsets mdw_build() reports.
 *
 * Every fixture is scanned twice, with comscan_scan_buffer and with
 * comscan_clb_open, and the two findings lists must agree.  The last test
 * checks that every clb.* code of the catalogue was asserted by an
 * earlier test in this binary (cmocka runs tests in declaration order).
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
#include "support/mdw.h"

#define ERR COMSCAN_SEVERITY_ERROR
#define WARN COMSCAN_SEVERITY_WARNING
#define NOTE COMSCAN_SEVERITY_NOTE
#define CL(x) COMSCAN_CLASS_##x
#define BIT(id) ((uint64_t)1 << (id))

/* ---- codes asserted so far ----------------------------------------------- */

static const char *observed[512];
static size_t nobserved;

/* Records code as asserted (once). */
static void
observe(const char *code)
{
	size_t i;
	for (i = 0; i < nobserved; i++)
		if (strcmp(observed[i], code) == 0)
			return;
	if (nobserved < sizeof observed / sizeof observed[0])
		observed[nobserved++] = code;
}

/* True when an earlier test asserted code. */
static int
was_observed(const char *code)
{
	size_t i;
	for (i = 0; i < nobserved; i++)
		if (strcmp(observed[i], code) == 0)
			return 1;
	return 0;
}

/* ---- findings helpers ---------------------------------------------------- */

/* Prints a findings list (shown when an expectation fails). */
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

/* The first finding with code, or NULL. */
static const comscan_finding *
find_code(const comscan_findings *f, const char *code)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(f); i++) {
		const comscan_finding *x = comscan_findings_at(f, i);
		if (strcmp(x->code, code) == 0)
			return x;
	}
	return NULL;
}

/* Asserts code is among the findings with class cls and severity sev, and
 * that the catalogue agrees; records the code as observed. */
static const comscan_finding *
expect_code(const comscan_findings *f, const char *code, comscan_class cls, comscan_severity sev)
{
	const comscan_finding *x = find_code(f, code);
	const comscan_code_info *info = comscan_code_lookup(code);
	if (x == NULL) {
		dump_findings(f);
		fail_msg("expected finding %s is missing", code);
	}
	assert_non_null(info);
	assert_int_equal(x->cls, cls);
	assert_int_equal(x->severity, sev);
	assert_int_equal(info->cls, cls);
	assert_int_equal(info->severity, sev);
	assert_ptr_equal(x->info, info);
	assert_int_equal(x->hresult, info->hresult);
	assert_non_null(x->message);
	assert_true(x->message[0] != '\0');
	if (sev != NOTE) {
		assert_true(comscan_findings_classes(f) & (1u << cls));
	} else {
		/* a note carries no class: the bit stays clear unless a warning
		 * or an error of the same class set it */
		size_t i, same = 0;
		for (i = 0; i < comscan_findings_count(f); i++) {
			const comscan_finding *y = comscan_findings_at(f, i);
			same += y->severity != NOTE && y->cls == cls;
		}
		if (same == 0)
			assert_false(comscan_findings_classes(f) & (1u << cls));
	}
	if (sev == ERR)
		assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_CORRUPT);
	observe(code);
	return x;
}

/* Asserts code is not among the findings. */
static void
expect_no_code(const comscan_findings *f, const char *code)
{
	if (find_code(f, code) != NULL) {
		dump_findings(f);
		fail_msg("finding %s must not be raised here", code);
	}
}

/* No warning and no error (notes are allowed). */
static void
expect_clean(const comscan_findings *f)
{
	if (comscan_findings_tally(f, WARN) != 0 || comscan_findings_tally(f, ERR) != 0) {
		dump_findings(f);
		fail_msg("expected no warning or error finding");
	}
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_findings_classes(f), 0);
}

/* Structural sanity of a findings list of an input of size bytes. */
static void
check_wellformed(const comscan_findings *f, size_t size)
{
	size_t i, n = comscan_findings_count(f), err = 0;
	for (i = 0; i < n; i++) {
		const comscan_finding *x = comscan_findings_at(f, i);
		const char *m;
		assert_non_null(x);
		assert_ptr_equal(comscan_code_lookup(x->code), x->info);
		assert_int_equal(x->cls, x->info->cls);
		assert_int_equal(x->severity, x->info->severity);
		assert_true(x->offset == COMSCAN_NO_OFFSET || x->offset <= size);
		for (m = x->message; *m; m++)
			assert_true(*m >= 0x20 && *m <= 0x7E);
		err += x->severity == ERR;
	}
	assert_null(comscan_findings_at(f, n));
	assert_true(comscan_findings_tally(f, ERR) >= err);
	assert_int_equal(comscan_findings_verdict(f), comscan_findings_tally(f, ERR) > 0
	                                                   ? COMSCAN_VERDICT_CORRUPT
	                                                   : COMSCAN_VERDICT_HEALTHY);
}

/* The two entry points must report the same findings in the same order. */
static void
expect_same_findings(const comscan_findings *a, const comscan_findings *b)
{
	size_t i;
	assert_int_equal(comscan_findings_count(a), comscan_findings_count(b));
	assert_int_equal(comscan_findings_classes(a), comscan_findings_classes(b));
	for (i = 0; i < comscan_findings_count(a); i++) {
		const comscan_finding *x = comscan_findings_at(a, i), *y = comscan_findings_at(b, i);
		assert_string_equal(x->code, y->code);
		assert_true(x->offset == y->offset);
		assert_string_equal(x->message, y->message);
	}
}

/* ---- images ---------------------------------------------------------------- */

typedef struct img {
	mdw w;
	mdw_layout lay;
	uint8_t *p;
	size_t n;
	size_t md_base; /* file offset of the metadata (PE wrapping) */
} img;

/* Serializes im->w into im->p / im->n / im->lay. */
static void
img_build(img *im)
{
	free(im->p);
	im->p = mdw_build(&im->w, &im->n, &im->lay);
	im->md_base = 0;
}

/* Frees the image and its writer. */
static void
img_free(img *im)
{
	free(im->p);
	mdw_free(&im->w);
	memset(im, 0, sizeof *im);
}

/* Wraps the metadata in a PE32 (or PE32+) image. */
static void
img_wrap_pe(img *im, bool plus)
{
	pew_opts o = { plus, false, 2, 5, 1 };
	pew_layout pl;
	size_t len;
	uint8_t *pe = pew_build(im->p, im->n, &o, &len, &pl);
	free(im->p);
	im->p = pe;
	im->n = len;
	im->md_base = pl.metadata_off;
}

/* Index of the stream named name in the layout. */
static size_t
sidx(const img *im, const char *name)
{
	size_t i;
	for (i = 0; i < im->lay.nstreams; i++)
		if (strcmp(im->lay.stream_name[i], name) == 0)
			return i;
	fail_msg("stream %s is not in the layout", name);
	return 0;
}

/* Offset of a stream's header. */
static size_t
shdr(const img *im, const char *name)
{
	return im->lay.stream_hdr_off[sidx(im, name)];
}

/* Offset of a stream's data. */
static size_t
soff(const img *im, const char *name)
{
	return im->lay.stream_off[sidx(im, name)];
}

/* Declared size of a stream. */
static size_t
ssize(const img *im, const char *name)
{
	return im->lay.stream_size[sidx(im, name)];
}

/* Rewrites a stream header's offset and size (II.24.2.2). */
static void
set_stream(img *im, const char *name, uint32_t off, uint32_t size)
{
	put_u32(im->p, shdr(im, name), off);
	put_u32(im->p, shdr(im, name) + 4, size);
}

/* File offset of a table cell (row 1-based) under mdw's layout. */
static size_t
cell_off(const img *im, unsigned t, uint32_t row, unsigned col)
{
	return im->lay.table_off[t] + (size_t)(row - 1) * im->lay.row_size[t] +
	    im->lay.col_off[t][col];
}

/* Overwrites a table cell with its column width. */
static void
put_cell(img *im, unsigned t, uint32_t row, unsigned col, uint32_t v)
{
	if (im->lay.col_width[t][col] == 2)
		put_u16(im->p, cell_off(im, t, row, col), (uint16_t)v);
	else
		put_u32(im->p, cell_off(im, t, row, col), v);
}

/* File offset of the Rows[] entry of table id. */
static size_t
rows_slot(const img *im, unsigned id)
{
	uint64_t valid = im->w.valid_extra;
	size_t k = 0;
	unsigned t;
	for (t = 0; t < 64; t++)
		if (im->w.rows[t])
			valid |= BIT(t);
	for (t = 0; t < id; t++)
		k += (valid >> t) & 1;
	return im->lay.rows_off + 4 * k;
}

/* Appends n raw bytes to a heap buffer so that they end exactly where the
 * 4-aligned heap ends; returns their heap offset. */
static uint32_t
heap_raw_at_end(mdw_buf *b, const void *bytes, size_t n)
{
	uint32_t at;
	while ((b->len + n) % 4 != 0)
		mdw_buf_u8(b, 0);
	at = (uint32_t)b->len;
	mdw_buf_put(b, bytes, n);
	return at;
}

/* ---- base modules ----------------------------------------------------------- */

#define ROW(w, id, ...)                                                           \
	do {                                                                      \
		const uint32_t v_[] = { __VA_ARGS__ };                            \
		mdw_row((w), (id), v_, (unsigned)(sizeof v_ / sizeof v_[0]));     \
	} while (0)

static const uint8_t guid_a[16] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa,
	0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x01 };

/* Only a TypeDef row: no Module table at all. */
static void
base_no_module(mdw *w)
{
	ROW(w, CLB_T_TYPEDEF, 0, mdw_string(w, "<Module>"), 0, 0, 1, 1);
}

/* A schema 1.0 module (CoreCLR still reads 1.0; II.24.2.6 says 2.0). */
static void
base_v1_0(mdw *w)
{
	w->table_major = 1;
	w->table_minor = 0;
	ROW(w, CLB_T_MODULE, 0, mdw_string(w, "old.dll"), mdw_guid(w, guid_a), 0, 0);
	ROW(w, CLB_T_TYPEREF, (1 << 2) | 0, mdw_string(w, "Object"), mdw_string(w, "System"));
	ROW(w, CLB_T_TYPEDEF, 0, mdw_string(w, "<Module>"), 0, 0, 1, 1);
}

/* A schema 1.1 module: GenericParam has the extra Kind column. */
static void
base_v1_1(mdw *w)
{
	w->table_major = 1;
	w->table_minor = 1;
	ROW(w, CLB_T_MODULE, 0, mdw_string(w, "b1.dll"), mdw_guid(w, guid_a), 0, 0);
	ROW(w, CLB_T_TYPEDEF, 0, mdw_string(w, "<Module>"), 0, 0, 1, 1);
	ROW(w, CLB_T_TYPEDEF, 0x00100001, mdw_string(w, "G"), 0, 0, 1, 1);
	ROW(w, CLB_T_GENERICPARAM, 0, 0, (2 << 1) | 0, mdw_string(w, "T"), 0);
}

/* A stand-alone portable PDB: #Pdb referencing TypeDef and MethodDef rows
 * in another file, and debug tables 0x30-0x37. */
static void
base_pdb(mdw *w)
{
	static const uint8_t name[] = { '/', 'a', 0x01 };
	static const uint8_t hash[4] = { 1, 2, 3, 4 };
	static const uint8_t imports[] = { 0x01, 0x02 };
	uint32_t g = mdw_guid(w, guid_a);
	uint32_t hb = mdw_blob(w, hash, sizeof hash);
	w->pdb = true;
	w->pdb_tables = BIT(CLB_T_TYPEDEF) | BIT(CLB_T_METHODDEF);
	w->pdb_rows[CLB_T_TYPEDEF] = 2;
	w->pdb_rows[CLB_T_METHODDEF] = 2;
	w->pdb_entry = 0x06000001;
	w->sorted |= BIT(CLB_T_LOCALSCOPE) | BIT(CLB_T_STATEMACHINEMETHOD) |
	    BIT(CLB_T_CUSTOMDEBUGINFORMATION);
	ROW(w, CLB_T_DOCUMENT, mdw_blob(w, name, sizeof name), g, hb, g);
	ROW(w, CLB_T_METHODDEBUGINFORMATION, 1, 0);
	ROW(w, CLB_T_METHODDEBUGINFORMATION, 0, 0);
	ROW(w, CLB_T_LOCALSCOPE, 1, 1, 1, 1, 0, 10);
	ROW(w, CLB_T_LOCALVARIABLE, 0, 0, mdw_string(w, "local"));
	ROW(w, CLB_T_IMPORTSCOPE, 0, mdw_blob(w, imports, sizeof imports));
	ROW(w, CLB_T_STATEMACHINEMETHOD, 2, 1);
	ROW(w, CLB_T_CUSTOMDEBUGINFORMATION, (1 << 5) | 0, g, hb);
}

/* ---- fixtures ------------------------------------------------------------- */

enum { V_ANY = 0, V_HEALTHY, V_CORRUPT };
enum {
	F_PE = 1u << 0,        /* wrap in a PE32 image (image reading rules)  */
	F_PE_PLUS = 1u << 1,   /* wrap in a PE32+ image                       */
	F_OPEN_ONLY = 1u << 2  /* not a detectable kind: comscan_clb_open only */
};

typedef struct fixture {
	const char *name;                          /* the input, in words          */
	const char *ref;                           /* spec section of the check    */
	void (*base)(mdw *w);                      /* NULL: mdw_sample_module      */
	void (*pre)(img *im, const void *arg);     /* knobs before mdw_build       */
	void (*post)(img *im, const void *arg);    /* byte damage after it         */
	const void *arg;
	unsigned flags;
	const char *code;                          /* must be raised               */
	comscan_class cls;
	comscan_severity sev;
	int verdict;                               /* V_*                          */
	const char *absent;                        /* must not be raised, or NULL  */
	size_t (*at)(const img *im);               /* expected metadata offset     */
	comscan_limits lim;                        /* zero fields: defaults        */
} fixture;

typedef struct bytes {
	const char *p;
	size_t n;
} bytes;

#define U32(v) ((const uint32_t[]){ (v) })
#define BYTES(s) (&(const bytes){ (s), sizeof(s) - 1 })

/* Builds the fixture's input into im. */
static void
fixture_input(const fixture *fx, img *im)
{
	memset(im, 0, sizeof *im);
	mdw_init(&im->w);
	if (fx->base)
		fx->base(&im->w);
	else
		mdw_sample_module(&im->w);
	if (fx->pre)
		fx->pre(im, fx->arg);
	img_build(im);
	if (fx->post)
		fx->post(im, fx->arg);
	if (fx->flags & (F_PE | F_PE_PLUS))
		img_wrap_pe(im, (fx->flags & F_PE_PLUS) != 0);
}

/* Default options with the fixture's non-zero limits. */
static void
fixture_options(const fixture *fx, comscan_options *o)
{
	comscan_options_init(o);
	if (fx->lim.max_findings)
		o->limits.max_findings = fx->lim.max_findings;
	if (fx->lim.max_streams)
		o->limits.max_streams = fx->lim.max_streams;
	if (fx->lim.max_pe_sections)
		o->limits.max_pe_sections = fx->lim.max_pe_sections;
	if (fx->lim.max_table_rows)
		o->limits.max_table_rows = fx->lim.max_table_rows;
}

/* Asserts the fixture's expectations on one findings list. */
static void
fixture_check(const fixture *fx, const img *im, const comscan_findings *f)
{
	const comscan_finding *x;
	check_wellformed(f, im->n);
	x = expect_code(f, fx->code, fx->cls, fx->sev);
	if (fx->absent)
		expect_no_code(f, fx->absent);
	if (fx->verdict == V_HEALTHY) {
		if (comscan_findings_verdict(f) != COMSCAN_VERDICT_HEALTHY)
			dump_findings(f);
		assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_HEALTHY);
	}
	if (fx->verdict == V_CORRUPT)
		assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_CORRUPT);
	if (fx->at)
		assert_true(x->offset == im->md_base + fx->at(im));
}

/* Runs one fixture through both entry points. */
static void
run_fixture(void **state)
{
	const fixture *fx = *state;
	comscan_options o;
	comscan_report *r = NULL;
	comscan_clb *h = NULL;
	img im;

	print_message("    [%s] %s -> %s\n", fx->ref, fx->name, fx->code);
	fixture_input(fx, &im);
	fixture_options(fx, &o);
	assert_int_equal(comscan_clb_open(im.p, im.n, &o, &h), COMSCAN_OK);
	assert_non_null(h);
	fixture_check(fx, &im, comscan_clb_findings(h));
	if (!(fx->flags & F_OPEN_ONLY)) {
		assert_int_equal(comscan_scan_buffer(im.p, im.n, &o, &r), COMSCAN_OK);
		assert_non_null(r);
		fixture_check(fx, &im, comscan_report_findings(r));
		expect_same_findings(comscan_report_findings(r), comscan_clb_findings(h));
		comscan_report_close(r);
	}
	comscan_clb_close(h);
	img_free(&im);
}

/* ---- mutations: storage signature and header (II.24.2.1) ------------------- */

/* Storage signature := the 4 bytes at arg (II.24.2.1). */
static void
m_signature(img *im, const void *arg)
{
	memcpy(im->p, arg, 4);
}

/* Cuts the data to arg bytes. */
static void
m_truncate(img *im, const void *arg)
{
	im->n = *(const uint32_t *)arg;
}

/* Cut 2 bytes into the 4-byte storage header. */
static void
m_cut_storage_header(img *im, const void *arg)
{
	(void)arg;
	im->n = im->lay.storage_hdr_off + 2;
}

/* arg: { major, minor } */
static void
m_storage_version(img *im, const void *arg)
{
	const uint32_t *v = arg;
	put_u16(im->p, 4, (uint16_t)v[0]);
	put_u16(im->p, 6, (uint16_t)v[1]);
}

/* Storage signature Reserved := 1. */
static void
m_storage_reserved(img *im, const void *arg)
{
	(void)arg;
	put_u32(im->p, 8, 1);
}

/* Version-string length x := arg. */
static void
m_version_len(img *im, const void *arg)
{
	put_u32(im->p, im->lay.version_len_off, *(const uint32_t *)arg);
}

/* x = bytes after the 16-byte signature + delta (arg, signed). */
static void
m_version_len_rest(img *im, const void *arg)
{
	int32_t delta = *(const int32_t *)arg;
	put_u32(im->p, im->lay.version_len_off, (uint32_t)((int64_t)im->n - 16 + delta));
}

/* Overwrites the version string's NUL and padding: no NUL within x. */
static void
m_version_no_nul(img *im, const void *arg)
{
	size_t i;
	(void)arg;
	for (i = 16; i < im->lay.storage_hdr_off; i++)
		if (im->p[i] == 0)
			im->p[i] = 'x';
}

/* Byte at 16 + i of the version area := v (arg: { i, v }). */
static void
m_version_byte(img *im, const void *arg)
{
	const uint32_t *a = arg;
	im->p[16 + a[0]] = (uint8_t)a[1];
}

/* Storage header flags byte := arg. */
static void
m_storage_flags(img *im, const void *arg)
{
	im->p[im->lay.storage_hdr_off] = (uint8_t)*(const uint32_t *)arg;
}

/* Storage header pad byte := 1. */
static void
m_storage_pad(img *im, const void *arg)
{
	(void)arg;
	im->p[im->lay.storage_hdr_off + 1] = 1;
}

/* mdw writes arg[0] bytes of STGHDR_EXTRADATA. */
static void
k_storage_extra(img *im, const void *arg)
{
	im->w.storage_extra = *(const uint32_t *)arg;
}

/* STGHDR_EXTRADATA byte count := arg[1] (arg[0] is k_storage_extra's). */
static void
m_extra_count(img *im, const void *arg)
{
	put_u32(im->p, im->lay.storage_hdr_off + 4, ((const uint32_t *)arg)[1]);
}

/* The file ends inside the extra-data length field. */
static void
m_cut_extra_count(img *im, const void *arg)
{
	(void)arg;
	im->n = im->lay.storage_hdr_off + 6;
}

/* Sets STGHDR_EXTRADATA with a count of 0: inserts the 4-byte count after
 * the storage header and moves every stream 4 bytes on. */
static void
m_insert_empty_extra(img *im, const void *arg)
{
	size_t at = im->lay.storage_hdr_off + 4, i;
	uint8_t *p = malloc(im->n + 4);
	(void)arg;
	assert_non_null(p);
	memcpy(p, im->p, at);
	memset(p + at, 0, 4);
	memcpy(p + at + 4, im->p + at, im->n - at);
	p[im->lay.storage_hdr_off] = 1;
	for (i = 0; i < im->lay.nstreams; i++) {
		im->lay.stream_hdr_off[i] += 4;
		put_u32(p, im->lay.stream_hdr_off[i], (uint32_t)(im->lay.stream_off[i] += 4));
	}
	free(im->p);
	im->p = p;
	im->n += 4;
}

/* ---- mutations: stream directory (II.24.2.2) ------------------------------ */

/* Storage header stream count := arg. */
static void
m_stream_count(img *im, const void *arg)
{
	put_u16(im->p, im->lay.storage_hdr_off + 2, (uint16_t)*(const uint32_t *)arg);
}

/* The file ends arg bytes into the stream header named #Blob. */
static void
m_cut_in_header(img *im, const void *arg)
{
	im->n = shdr(im, "#Blob") + *(const uint32_t *)arg;
}

/* The file ends in the name padding of the #Strings header. */
static void
m_cut_in_name_pad(img *im, const void *arg)
{
	(void)arg;
	im->n = shdr(im, "#Strings") + 8 + 10;
}

/* Adds the mdw_extra_stream at arg. */
static void
k_extra_stream(img *im, const void *arg)
{
	im->w.extra[im->w.nextra++] = *(const mdw_extra_stream *)arg;
}

static char name31[32], name32[33];

/* Adds a stream whose name has arg (31 or 32) characters. */
static void
k_long_name(img *im, const void *arg)
{
	size_t len = *(const uint32_t *)arg;
	char *name = len == 32 ? name32 : name31;
	memset(name, 'N', len);
	name[0] = '#';
	name[len] = '\0';
	im->w.extra[im->w.nextra++] = (mdw_extra_stream){ name, (const uint8_t *)"data", 4 };
}

/* #Blob at offset arg[0] (0xFFFFFFFF: the end of the data) with size arg[1]. */
static void
m_blob_extent(img *im, const void *arg)
{
	const uint32_t *a = arg;
	uint32_t off = a[0] == 0xFFFFFFFFu ? (uint32_t)im->n : a[0];
	set_stream(im, "#Blob", off, a[1] ? a[1] : (uint32_t)ssize(im, "#Blob"));
}

/* #Blob keeps its offset; its size makes offset + size wrap past 2^32. */
static void
m_blob_wrap(img *im, const void *arg)
{
	(void)arg;
	put_u32(im->p, shdr(im, "#Blob") + 4, (uint32_t)(0x100000010ull - soff(im, "#Blob")));
}

/* The file ends arg[1] bytes into the data of stream arg[0]. */
static void
m_cut_in_data(img *im, const void *arg)
{
	const char *const *a = arg;
	im->n = soff(im, a[0]) + (size_t)strtoul(a[1], NULL, 0);
}

/* #US offset := 0x10, inside the storage header. */
static void
m_us_offset_in_headers(img *im, const void *arg)
{
	(void)arg;
	put_u32(im->p, shdr(im, "#US"), 0x10);
}

/* #US offset := 4 bytes into #Strings. */
static void
m_us_overlaps_strings(img *im, const void *arg)
{
	(void)arg;
	put_u32(im->p, shdr(im, "#US"), (uint32_t)soff(im, "#Strings") + 4);
}

/* #US size := arg. */
static void
m_us_size(img *im, const void *arg)
{
	put_u32(im->p, shdr(im, "#US") + 4, *(const uint32_t *)arg);
}

/* #US at offset == data size with size 0. */
static void
m_us_at_end_empty(img *im, const void *arg)
{
	(void)arg;
	set_stream(im, "#US", (uint32_t)im->n, 0);
}

/* Table stream #- plus an empty #JTD (4-byte indexes). */
static void
k_uncompressed_jtd(img *im, const void *arg)
{
	(void)arg;
	im->w.uncompressed = true;
	im->w.jtd = true;
}

/* The empty #JTD stream's offset becomes unaligned. */
static void
m_jtd_offset(img *im, const void *arg)
{
	(void)arg;
	put_u32(im->p, shdr(im, "#JTD"), (uint32_t)im->n - 1);
}

/* Renames a stream in place (the new name must pad to the same length). */
static void
m_rename(img *im, const void *arg)
{
	const char *const *names = arg; /* { old, new } */
	size_t h = shdr(im, names[0]) + 8, padded = (strlen(names[0]) + 4) & ~(size_t)3;
	memset(im->p + h, 0, padded);
	memcpy(im->p + h, names[1], strlen(names[1]));
}

/* A second #Strings holding a copy of the first. */
static void
k_duplicate_strings(img *im, const void *arg)
{
	(void)arg;
	im->w.extra[im->w.nextra++] =
	    (mdw_extra_stream){ "#Strings", im->w.strings.p, im->w.strings.len };
}

/* ---- mutations: heaps (II.24.2.3 - II.24.2.5) -------------------------------- */

/* Leaves out the heap named by arg. */
static void
k_omit(img *im, const void *arg)
{
	const char *which = arg;
	if (strcmp(which, "#Strings") == 0)
		im->w.omit_strings = true;
	else if (strcmp(which, "#Blob") == 0)
		im->w.omit_blob = true;
	else if (strcmp(which, "#GUID") == 0)
		im->w.omit_guid = true;
	else
		im->w.omit_us = true;
}

/* Moves #Strings to the end of the file, grown past 0xFFFF bytes, while
 * HeapSizes keeps 2-byte string indexes. */
static void
m_big_strings(img *im, const void *arg)
{
	size_t s = soff(im, "#Strings"), len = ssize(im, "#Strings"), grow = 0x10000, at = im->n;
	size_t total = len + grow;
	uint8_t *p = realloc(im->p, im->n + total);
	(void)arg;
	assert_non_null(p);
	memcpy(p + at, p + s, len);
	memset(p + at + len, 'a', grow - 4);
	memset(p + at + len + grow - 4, 0, 4);
	im->p = p;
	im->n += total;
	set_stream(im, "#Strings", (uint32_t)at, (uint32_t)total);
}

/* Byte i of a heap := v (arg: { i or 0xFFFFFFFF for the last, v }). */
static void
m_heap_byte(img *im, const char *heap, const uint32_t *a)
{
	size_t i = a[0] == 0xFFFFFFFFu ? ssize(im, heap) - 1 : a[0];
	im->p[soff(im, heap) + i] = (uint8_t)a[1];
}

/* A #Strings byte := value (see m_heap_byte). */
static void
m_strings_byte(img *im, const void *arg)
{
	m_heap_byte(im, "#Strings", arg);
}

/* A #Blob byte := value (see m_heap_byte). */
static void
m_blob_byte(img *im, const void *arg)
{
	m_heap_byte(im, "#Blob", arg);
}

/* A #US byte := value (see m_heap_byte). */
static void
m_us_byte(img *im, const void *arg)
{
	m_heap_byte(im, "#US", arg);
}

/* #Strings size := arg. */
static void
m_strings_size(img *im, const void *arg)
{
	put_u32(im->p, shdr(im, "#Strings") + 4, *(const uint32_t *)arg);
}

/* ModuleRef.Name := #Strings size (arg 0) or size - 1 with an unterminated
 * tail (arg 1). */
static void
m_string_index(img *im, const void *arg)
{
	uint32_t size = (uint32_t)ssize(im, "#Strings");
	if (*(const uint32_t *)arg) {
		im->p[soff(im, "#Strings") + size - 1] = 'x';
		put_cell(im, CLB_T_MODULEREF, 1, 0, size - 1);
	} else {
		put_cell(im, CLB_T_MODULEREF, 1, 0, size);
	}
}

/* Appends a raw string (bytes + NUL) and points ModuleRef.Name at its
 * first byte, or at its second when the spec starts with '+' (an index
 * into the middle of a UTF-8 sequence). */
static void
k_raw_string(img *im, const void *arg)
{
	const bytes *b = arg;
	uint32_t at = (uint32_t)im->w.strings.len, skip = 0;
	const char *s = b->p;
	size_t n = b->n;
	if (n > 0 && s[0] == '+') {
		s++, n--, skip = 1;
	}
	mdw_buf_put(&im->w.strings, s, n);
	mdw_buf_u8(&im->w.strings, 0);
	mdw_set(&im->w, CLB_T_MODULEREF, 1, 0, at + skip);
}

/* Raw bytes at the very end of #Blob; StandAloneSig.Signature points there. */
static void
k_raw_blob(img *im, const void *arg)
{
	const bytes *b = arg;
	mdw_set(&im->w, CLB_T_STANDALONESIG, 1, 0, heap_raw_at_end(&im->w.blob, b->p, b->n));
}

/* StandAloneSig.Signature := #Blob size. */
static void
m_blob_index_end(img *im, const void *arg)
{
	(void)arg;
	put_cell(im, CLB_T_STANDALONESIG, 1, 0, (uint32_t)ssize(im, "#Blob"));
}

/* Raw bytes at the very end of #US (an entry no table references). */
static void
k_raw_us(img *im, const void *arg)
{
	const bytes *b = arg;
	(void)heap_raw_at_end(&im->w.us, b->p, b->n);
}

/* #GUID content := arg->n bytes. */
static void
k_guid_bytes(img *im, const void *arg)
{
	const bytes *b = arg;
	mdw_buf_free(&im->w.guid);
	mdw_buf_put(&im->w.guid, b->p, b->n);
}

/* #GUID size := arg. */
static void
m_guid_size(img *im, const void *arg)
{
	put_u32(im->p, shdr(im, "#GUID") + 4, *(const uint32_t *)arg);
}

/* ---- mutations: table stream (II.24.2.6, II.22) ----------------------------- */

/* Sets column col of row of table (arg: { table, row, col, value }). */
static void
k_cell(img *im, const void *arg)
{
	const uint32_t *a = arg;
	mdw_set(&im->w, a[0], a[1], a[2], a[3]);
}

/* Number of Rows[] entries mdw wrote. */
static unsigned
present_tables(const img *im)
{
	unsigned t, n = 0;
	for (t = 0; t < 64; t++)
		n += im->w.rows[t] != 0 || (im->w.valid_extra >> t & 1);
	return n;
}

/* The table stream's size := arg bytes. */
static void
m_tables_size(img *im, const void *arg)
{
	put_u32(im->p, shdr(im, "#~") + 4, *(const uint32_t *)arg);
}

/* Sets HeapSizes 0x40 in the built image (the 4 bytes are not there) and
 * cuts the table stream right after Rows[]. */
static void
m_extra_0x40_cut(img *im, const void *arg)
{
	(void)arg;
	im->p[im->lay.tables_off + 6] |= 0x40;
	put_u32(im->p, shdr(im, "#~") + 4, 24 + 4 * present_tables(im));
}

static void
m_extra_0x40_shift(img *im, const void *arg)
{
	(void)arg;
	im->p[im->lay.tables_off + 6] |= 0x40;
}

/* The table stream's size := the bytes its tables need + arg (signed). */
static void
m_tables_fit(img *im, const void *arg)
{
	int32_t delta = *(const int32_t *)arg;
	size_t end = im->lay.table_off[CLB_T_GENERICPARAMCONSTRAINT] +
	    im->lay.row_size[CLB_T_GENERICPARAMCONSTRAINT];
	put_u32(im->p, shdr(im, "#~") + 4, (uint32_t)((int64_t)(end - im->lay.tables_off) + delta));
}

/* Table stream byte arg[0] := arg[1]. */
static void
m_tables_byte(img *im, const void *arg)
{
	const uint32_t *a = arg;
	im->p[im->lay.tables_off + a[0]] = (uint8_t)a[1];
}

/* Table stream Reserved := 1. */
static void
m_tables_reserved(img *im, const void *arg)
{
	(void)arg;
	put_u32(im->p, im->lay.tables_off, 1);
}

/* Extra HeapSizes bits := arg. */
static void
k_heap_sizes(img *im, const void *arg)
{
	im->w.heap_sizes_extra = (uint8_t)*(const uint32_t *)arg;
}

/* Sets Valid bit arg (mdw writes its count as 0). */
static void
k_valid_extra(img *im, const void *arg)
{
	im->w.valid_extra |= BIT(*(const uint32_t *)arg);
}

/* Rows[] entry of table arg[0] := arg[1]. */
static void
m_row_count(img *im, const void *arg)
{
	const uint32_t *a = arg;
	put_u32(im->p, rows_slot(im, a[0]), a[1]);
}

/* A second Module row. */
static void
k_second_module(img *im, const void *arg)
{
	(void)arg;
	ROW(&im->w, CLB_T_MODULE, 0, mdw_string(&im->w, "twin.dll"), 1, 0, 0);
}

/* Adds rows to table arg[0] whose single column is arg[1] (arg[2] rows). */
static void
k_one_col_rows(img *im, const void *arg)
{
	const uint32_t *a = arg;
	uint32_t i;
	for (i = 0; i < a[2]; i++)
		mdw_row(&im->w, a[0], &a[1], 1);
}

/* Table stream named #-. */
static void
k_uncompressed(img *im, const void *arg)
{
	(void)arg;
	im->w.uncompressed = true;
}

/* #- with arg FieldPtr rows (the sample has 1 Field). */
static void
k_uncompressed_fieldptr(img *im, const void *arg)
{
	uint32_t i, one = 1;
	im->w.uncompressed = true;
	for (i = 0; i < *(const uint32_t *)arg; i++)
		mdw_row(&im->w, CLB_T_FIELDPTR, &one, 1);
}

/* Swaps the two CustomAttribute rows (Parent 46, 67 -> 67, 46). */
static void
k_swap_ca(img *im, const void *arg)
{
	uint32_t *c = im->w.cells[CLB_T_CUSTOMATTRIBUTE], t[3];
	(void)arg;
	memcpy(t, c, sizeof t);
	memcpy(c, c + 3, sizeof t);
	memcpy(c + 3, t, sizeof t);
}

/* Swaps the two GenericParam rows (Owner TypeDef 2 after MethodDef 2). */
static void
k_swap_generic(img *im, const void *arg)
{
	uint32_t *c = im->w.cells[CLB_T_GENERICPARAM], t[4];
	(void)arg;
	memcpy(t, c, sizeof t);
	memcpy(c, c + 4, sizeof t);
	memcpy(c + 4, t, sizeof t);
}

/* Clears the Sorted bit of table arg. */
static void
k_clear_sorted(img *im, const void *arg)
{
	im->w.sorted &= ~BIT(*(const uint32_t *)arg);
}

/* TypeDef row 2 MethodList 3, row 3 MethodList 2. */
static void
k_list_decreasing(img *im, const void *arg)
{
	(void)arg;
	mdw_set(&im->w, CLB_T_TYPEDEF, 2, 5, 3);
	mdw_set(&im->w, CLB_T_TYPEDEF, 3, 5, 2);
}

/* 0xFFFF Field rows and a last TypeDef with an empty field run: its
 * FieldList must be 0x10000, which a 2-byte column cannot hold (roslyn
 * #70857 / runtime #94890). */
static void
k_fields_0xffff(img *im, const void *arg)
{
	uint32_t v[3] = { 0x0001, 0, 0 }, i;
	(void)arg;
	v[1] = mdw_string(&im->w, "f");
	for (i = im->w.rows[CLB_T_FIELD]; i < 0xFFFF; i++)
		mdw_row(&im->w, CLB_T_FIELD, v, 3);
	ROW(&im->w, CLB_T_TYPEDEF, 0x00100001, mdw_string(&im->w, "Last"), 0, 0, 0x10000, 3);
}

/* GenericParam row 2 gets row 1's Owner and a smaller Number (II.22.20
 * secondary key). */
static void
k_generic_number_order(img *im, const void *arg)
{
	uint32_t *c = im->w.cells[CLB_T_GENERICPARAM];
	(void)arg;
	c[0] = 1;     /* row 1 Number */
	c[4 + 0] = 0; /* row 2 Number */
	c[4 + 2] = c[2];
}

/* A second InterfaceImpl row for the same Class with a smaller Interface:
 * the secondary key is an ECMA erratum and must not be enforced. */
static void
k_interface_secondary(img *im, const void *arg)
{
	(void)arg;
	ROW(&im->w, CLB_T_INTERFACEIMPL, 2, (2 << 2) | 1);
}

/* A second LocalScope row of the same method and start: Length is the
 * descending third key (Portable PDB v1.0 LocalScope). arg: its Length. */
static void
k_local_scope(img *im, const void *arg)
{
	ROW(&im->w, CLB_T_LOCALSCOPE, 1, 1, 2, 1, 0, *(const uint32_t *)arg);
}

/* ---- mutations: #Pdb (Portable PDB v1.0) ------------------------------------ */

/* #Pdb size := arg, or its size + arg when arg is negative. */
static void
m_pdb_size(img *im, const void *arg)
{
	int32_t delta = *(const int32_t *)arg;
	uint32_t size = delta < 0 ? (uint32_t)((int64_t)ssize(im, "#Pdb") + delta) : (uint32_t)delta;
	put_u32(im->p, shdr(im, "#Pdb") + 4, size);
}

/* #Pdb entry point := arg. */
static void
k_pdb_entry(img *im, const void *arg)
{
	im->w.pdb_entry = *(const uint32_t *)arg;
}

/* Adds table arg to #Pdb ReferencedTypeSystemTables. */
static void
k_pdb_mask(img *im, const void *arg)
{
	im->w.pdb_tables |= BIT(*(const uint32_t *)arg);
}

/* #Pdb MethodDef row count := arg. */
static void
k_pdb_rows(img *im, const void *arg)
{
	im->w.pdb_rows[CLB_T_METHODDEF] = *(const uint32_t *)arg;
}

/* A Module row in a portable PDB. */
static void
k_pdb_module(img *im, const void *arg)
{
	(void)arg;
	ROW(&im->w, CLB_T_MODULE, 0, mdw_string(&im->w, "pdb.dll"), 1, 0, 0);
}

/* ---- expected offsets --------------------------------------------------------- */

static size_t
at_zero(const img *im)
{
	(void)im;
	return 0;
}

static size_t
at_version_len(const img *im)
{
	return im->lay.version_len_off;
}

static size_t
at_storage_flags(const img *im)
{
	return im->lay.storage_hdr_off;
}

static size_t
at_storage_pad(const img *im)
{
	return im->lay.storage_hdr_off + 1;
}

static size_t
at_stream_count(const img *im)
{
	return im->lay.storage_hdr_off + 2;
}

static size_t
at_hdr_blob(const img *im)
{
	return shdr(im, "#Blob");
}

static size_t
at_hdr_us(const img *im)
{
	return shdr(im, "#US");
}

static size_t
at_hdr_us_size(const img *im)
{
	return shdr(im, "#US") + 4;
}

static size_t
at_strings(const img *im)
{
	return soff(im, "#Strings");
}

static size_t
at_blob(const img *im)
{
	return soff(im, "#Blob");
}

static size_t
at_data_end(const img *im)
{
	return im->n;
}

static size_t
at_tables_version(const img *im)
{
	return im->lay.tables_off + 4;
}

static size_t
at_heap_sizes(const img *im)
{
	return im->lay.tables_off + 6;
}

static size_t
at_mvid(const img *im)
{
	return cell_off(im, CLB_T_MODULE, 1, 2);
}

static size_t
at_nested(const img *im)
{
	return cell_off(im, CLB_T_NESTEDCLASS, 1, 0);
}

static size_t
at_ca_row2(const img *im)
{
	return cell_off(im, CLB_T_CUSTOMATTRIBUTE, 2, 0);
}

static size_t
at_rows_gpc(const img *im)
{
	return rows_slot(im, CLB_T_GENERICPARAMCONSTRAINT);
}

/* ---- the fixture table ------------------------------------------------------ */

static const mdw_extra_stream xs_foo = { "#Foo", (const uint8_t *)"abcd", 4 };
static const mdw_extra_stream xs_empty = { "", (const uint8_t *)"abcd", 4 };
static const mdw_extra_stream xs_uncomp = { "#-", (const uint8_t *)"\0\0\0\0\2\0\0\0", 8 };
static const mdw_extra_stream xs_jtd = { "#JTD", NULL, 0 };
static const mdw_extra_stream xs_schema = { "#Schema", (const uint8_t *)"schema!!", 8 };
static const char *const rn_blob_lower[2] = { "#Blob", "#blob" };
static const char *const rn_blob_prefix[2] = { "#Blob", "#B" };
static const char *const rn_tables[2] = { "#~", "#x" };
static const char *const rn_guid_upper[2] = { "#GUID", "#guid" };
static const char *const cut_guid_8[2] = { "#GUID", "8" };
static const char *const cut_blob_0[2] = { "#Blob", "0" };
static const char *const cut_blob_8[2] = { "#Blob", "8" };

static const fixture fixtures[] = {
	/* II.24.2.1 storage signature */
	{ .name = "0 bytes (comscan_clb_open)", .ref = "II.24.2.1", .post = m_truncate,
	    .arg = U32(0), .flags = F_OPEN_ONLY, .code = "clb.header.truncated",
	    .cls = CL(TRUNCATED), .sev = ERR, .at = at_zero },
	{ .name = "byte-swapped signature BJSB (comscan_clb_open)", .ref = "II.24.2.1",
	    .post = m_signature, .arg = "BJSB", .flags = F_OPEN_ONLY,
	    .code = "clb.signature.bad", .cls = CL(BAD_SIGNATURE), .sev = ERR, .at = at_zero },
	{ .name = "PE metadata root starts XSJB", .ref = "II.24.2.1", .post = m_signature,
	    .arg = "XSJB", .flags = F_PE, .code = "clb.signature.bad", .cls = CL(BAD_SIGNATURE),
	    .sev = ERR, .at = at_zero },
	{ .name = "legacy complib signature COM+", .ref = "CoreCLR STORAGE_MAGIC_OLD_SIG",
	    .post = m_signature, .arg = "COM+", .code = "clb.signature.legacy-complib",
	    .cls = CL(LEGACY_FORMAT), .sev = ERR, .at = at_zero },
	{ .name = "the BSJB signature alone (4 bytes)", .ref = "II.24.2.1", .post = m_truncate,
	    .arg = U32(4), .code = "clb.header.truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "2-byte prefix BS", .ref = "II.24.2.1", .post = m_truncate, .arg = U32(2),
	    .code = "clb.header.truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "19 bytes", .ref = "II.24.2.1", .post = m_truncate, .arg = U32(19),
	    .code = "clb.header.version-out-of-bounds", .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "data ends inside the storage header", .ref = "II.24.2.1",
	    .post = m_cut_storage_header, .code = "clb.header.truncated", .cls = CL(TRUNCATED),
	    .sev = ERR, .at = at_storage_flags },
	{ .name = "storage version 1.0", .ref = "II.24.2.1", .post = m_storage_version,
	    .arg = (const uint32_t[]){ 1, 0 }, .code = "clb.header.version-unsupported",
	    .cls = CL(UNSUPPORTED_VERSION), .sev = ERR },
	{ .name = "storage version 0.19", .ref = "II.24.2.1", .post = m_storage_version,
	    .arg = (const uint32_t[]){ 0, 19 }, .code = "clb.header.version-unsupported",
	    .cls = CL(UNSUPPORTED_VERSION), .sev = ERR },
	{ .name = "Reserved = 1", .ref = "II.24.2.1", .post = m_storage_reserved,
	    .code = "clb.header.reserved-nonzero", .cls = CL(MALFORMED), .sev = WARN,
	    .verdict = V_HEALTHY },
	/* II.24.2.1 version-string length x */
	{ .name = "x = 0", .ref = "II.24.2.1", .post = m_version_len, .arg = U32(0),
	    .code = "clb.header.version-length-invalid", .cls = CL(MALFORMED), .sev = ERR,
	    .at = at_version_len },
	{ .name = "x = 1", .ref = "II.24.2.1", .post = m_version_len, .arg = U32(1),
	    .code = "clb.header.version-length-unaligned", .cls = CL(MALFORMED), .sev = ERR,
	    .at = at_version_len },
	{ .name = "x = 11", .ref = "II.24.2.1", .post = m_version_len, .arg = U32(11),
	    .code = "clb.header.version-length-unaligned", .cls = CL(MALFORMED), .sev = ERR,
	    .absent = "clb.header.version-length-invalid" },
	{ .name = "x = 256 (allowed; the padding then holds stream headers)", .ref = "II.24.2.1",
	    .post = m_version_len, .arg = U32(256), .code = "clb.header.version-padding-nonzero",
	    .cls = CL(MALFORMED), .sev = WARN, .absent = "clb.header.version-length-invalid" },
	{ .name = "x = 260", .ref = "II.24.2.1", .post = m_version_len, .arg = U32(260),
	    .code = "clb.header.version-length-invalid", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "x = 0xFFFFFFFC", .ref = "II.24.2.1", .post = m_version_len,
	    .arg = U32(0xFFFFFFFCu), .code = "clb.header.version-out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR, .at = at_version_len },
	{ .name = "x = 0xFFFFFFFF", .ref = "II.24.2.1", .post = m_version_len,
	    .arg = U32(0xFFFFFFFFu), .code = "clb.header.version-out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "x = bytes left + 4", .ref = "II.24.2.1", .post = m_version_len_rest,
	    .arg = (const int32_t[]){ 4 }, .code = "clb.header.version-out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "x = exactly the bytes left: no room for the storage header",
	    .ref = "II.24.2.1", .post = m_version_len_rest, .arg = (const int32_t[]){ 0 },
	    .code = "clb.header.truncated", .cls = CL(TRUNCATED), .sev = ERR,
	    .absent = "clb.header.version-out-of-bounds" },
	{ .name = "version string without NUL", .ref = "II.24.2.1", .post = m_version_no_nul,
	    .code = "clb.header.version-unterminated", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "version padding byte 0x5A", .ref = "II.24.2.1", .post = m_version_byte,
	    .arg = (const uint32_t[]){ 11, 0x5A }, .code = "clb.header.version-padding-nonzero",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "version string starts with 0xFF", .ref = "II.24.2.1", .post = m_version_byte,
	    .arg = (const uint32_t[]){ 0, 0xFF }, .code = "clb.header.version-bad-utf8",
	    .cls = CL(BAD_ENCODING), .sev = WARN, .verdict = V_HEALTHY },
	/* storage header flags, pad, STGHDR_EXTRADATA (CoreCLR mdfileformat.h) */
	{ .name = "storage flags 0x02", .ref = "II.24.2.1 Flags", .post = m_storage_flags,
	    .arg = U32(2), .code = "clb.header.flags-unknown", .cls = CL(MALFORMED), .sev = ERR,
	    .at = at_storage_flags },
	{ .name = "storage pad byte 1", .ref = "II.24.2.1 Flags", .post = m_storage_pad,
	    .code = "clb.header.pad-nonzero", .cls = CL(MALFORMED), .sev = WARN,
	    .verdict = V_HEALTHY, .at = at_storage_pad },
	{ .name = "extra data count 0xFFFFFFF0", .ref = "STGHDR_EXTRADATA", .pre = k_storage_extra,
	    .arg = (const uint32_t[]){ 8, 0xFFFFFFF0u }, .post = m_extra_count,
	    .code = "clb.header.extra-data-out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "data ends inside the extra-data count", .ref = "STGHDR_EXTRADATA",
	    .pre = k_storage_extra, .post = m_cut_extra_count, .arg = U32(8),
	    .code = "clb.header.extra-data-out-of-bounds", .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "extra data count 3", .ref = "STGHDR_EXTRADATA", .pre = k_storage_extra,
	    .arg = (const uint32_t[]){ 4, 3 }, .post = m_extra_count,
	    .code = "clb.header.extra-data-unaligned",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "extra data count 0 in a stand-alone catalog", .ref = "STGHDR_EXTRADATA",
	    .post = m_insert_empty_extra, .code = "clb.header.extra-data-present",
	    .cls = CL(LEGACY_FORMAT), .sev = NOTE, .verdict = V_HEALTHY },
	{ .name = "8 bytes of extra data in a stand-alone catalog", .ref = "STGHDR_EXTRADATA",
	    .pre = k_storage_extra, .arg = U32(8), .code = "clb.header.extra-data-present",
	    .cls = CL(LEGACY_FORMAT), .sev = NOTE, .verdict = V_HEALTHY },
	{ .name = "8 bytes of extra data in a PE image", .ref = "II.24.2.1 Flags",
	    .pre = k_storage_extra, .arg = U32(8), .flags = F_PE,
	    .code = "clb.header.extra-data-in-image", .cls = CL(MALFORMED), .sev = ERR,
	    .absent = "clb.header.extra-data-present" },
	/* II.24.2.2 stream headers */
	{ .name = "0 streams", .ref = "II.24.2.1 Streams", .post = m_stream_count, .arg = U32(0),
	    .code = "clb.streams.none", .cls = CL(MALFORMED), .sev = ERR, .at = at_stream_count },
	{ .name = "1 stream: only #~, no heaps", .ref = "II.24.2.1 Streams", .post = m_stream_count,
	    .arg = U32(1), .code = "clb.heap.missing", .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "5 streams, max_streams 2", .ref = "comscan_limits", .lim = { .max_streams = 2 },
	    .code = "clb.streams.limit-exceeded", .cls = CL(LIMIT_EXCEEDED), .sev = ERR,
	    .at = at_stream_count },
	{ .name = "0x7FFF streams (default max_streams)", .ref = "II.24.2.1 Streams",
	    .post = m_stream_count, .arg = U32(0x7FFF), .code = "clb.streams.limit-exceeded",
	    .cls = CL(LIMIT_EXCEEDED), .sev = ERR },
	{ .name = "0x7FFF streams, max_streams 0xFFFF", .ref = "II.24.2.2",
	    .post = m_stream_count, .arg = U32(0x7FFF), .lim = { .max_streams = 0xFFFF },
	    .code = "clb.stream.header-truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "0x8000 streams, max_streams 0xFFFF", .ref = "II.24.2.2",
	    .post = m_stream_count, .arg = U32(0x8000), .lim = { .max_streams = 0xFFFF },
	    .code = "clb.stream.header-truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "0xFFFF streams, max_streams 0xFFFF", .ref = "II.24.2.2",
	    .post = m_stream_count, .arg = U32(0xFFFF), .lim = { .max_streams = 0xFFFF },
	    .code = "clb.stream.header-truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "data ends inside a stream's offset/size", .ref = "II.24.2.2",
	    .post = m_cut_in_header, .arg = U32(6), .code = "clb.stream.header-truncated",
	    .cls = CL(TRUNCATED), .sev = ERR, .at = at_hdr_blob },
	{ .name = "data ends inside a stream name", .ref = "II.24.2.2", .post = m_cut_in_header,
	    .arg = U32(10), .code = "clb.stream.header-truncated", .cls = CL(TRUNCATED),
	    .sev = ERR },
	{ .name = "data ends inside a stream name's padding", .ref = "II.24.2.2",
	    .post = m_cut_in_name_pad, .code = "clb.stream.header-truncated",
	    .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "32-character stream name", .ref = "II.24.2.2", .pre = k_long_name,
	    .arg = U32(32), .code = "clb.stream.name-unterminated", .cls = CL(MALFORMED),
	    .sev = ERR },
	{ .name = "31-character stream name (allowed, unknown)", .ref = "II.24.2.2",
	    .pre = k_long_name, .arg = U32(31), .code = "clb.stream.unknown-name",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY,
	    .absent = "clb.stream.name-unterminated" },
	{ .name = "empty stream name", .ref = "II.24.2.2", .pre = k_extra_stream,
	    .arg = &xs_empty, .code = "clb.stream.name-empty", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#Blob offset past the end", .ref = "II.24.2.2", .post = m_blob_extent,
	    .arg = (const uint32_t[]){ 0x10000, 0 }, .code = "clb.stream.out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR, .at = at_hdr_blob },
	{ .name = "#Blob offset == data size, size 4", .ref = "II.24.2.2", .post = m_blob_extent,
	    .arg = (const uint32_t[]){ 0xFFFFFFFFu, 4 }, .code = "clb.stream.out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR, .at = at_hdr_blob },
	{ .name = "#Blob offset + size wraps 2^32", .ref = "II.24.2.2", .post = m_blob_wrap,
	    .code = "clb.stream.out-of-bounds", .cls = CL(OUT_OF_BOUNDS), .sev = ERR,
	    .at = at_hdr_blob },
	{ .name = "file cut 8 bytes into #GUID: #Blob starts past the end", .ref = "II.24.2.2",
	    .post = m_cut_in_data, .arg = cut_guid_8, .code = "clb.file.truncated",
	    .cls = CL(TRUNCATED), .sev = ERR, .at = at_data_end },
	{ .name = "file cut where #Blob starts", .ref = "II.24.2.2", .post = m_cut_in_data,
	    .arg = cut_blob_0, .code = "clb.file.truncated", .cls = CL(TRUNCATED), .sev = ERR,
	    .at = at_data_end },
	{ .name = "file cut 8 bytes into #Blob, the last stream", .ref = "II.24.2.2",
	    .post = m_cut_in_data, .arg = cut_blob_8, .code = "clb.stream.out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR, .at = at_hdr_blob },
	{ .name = "#US starts inside the stream headers", .ref = "II.24.2.2",
	    .post = m_us_offset_in_headers, .code = "clb.stream.overlaps-header",
	    .cls = CL(OVERLAP), .sev = ERR, .at = at_hdr_us },
	{ .name = "#US overlaps #Strings", .ref = "II.24.2.2 (CoreCLR PEDecoder)",
	    .post = m_us_overlaps_strings, .code = "clb.stream.overlap", .cls = CL(OVERLAP),
	    .sev = ERR, .at = at_hdr_us },
	{ .name = "#US size 0x36", .ref = "II.24.2.2", .post = m_us_size, .arg = U32(0x36),
	    .code = "clb.stream.size-unaligned", .cls = CL(MALFORMED), .sev = ERR,
	    .at = at_hdr_us_size },
	{ .name = "empty #JTD at an unaligned offset", .ref = "II.24.2.2",
	    .pre = k_uncompressed_jtd, .post = m_jtd_offset, .code = "clb.stream.offset-unaligned",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "stream named #Foo", .ref = "II.24.2.2", .pre = k_extra_stream, .arg = &xs_foo,
	    .code = "clb.stream.unknown-name", .cls = CL(MALFORMED), .sev = WARN,
	    .verdict = V_HEALTHY },
	{ .name = "#Blob renamed to the prefix #B", .ref = "II.24.2.2", .post = m_rename,
	    .arg = rn_blob_prefix, .code = "clb.stream.unknown-name", .cls = CL(MALFORMED),
	    .sev = WARN },
	{ .name = "#Blob renamed to the prefix #B: blob heap is missing", .ref = "II.24.2.2",
	    .post = m_rename, .arg = rn_blob_prefix, .code = "clb.heap.missing",
	    .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "#blob in a PE image (exact names)", .ref = "II.24.2.2", .post = m_rename,
	    .arg = rn_blob_lower, .flags = F_PE, .code = "clb.stream.unknown-name",
	    .cls = CL(MALFORMED), .sev = WARN, .absent = "clb.stream.name-case" },
	{ .name = "#blob in a PE image: blob heap is missing", .ref = "II.24.2.2",
	    .post = m_rename, .arg = rn_blob_lower, .flags = F_PE_PLUS, .code = "clb.heap.missing",
	    .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "#blob in a stand-alone catalog (complib: used)", .ref = "CoreCLR TiggerStorage",
	    .post = m_rename, .arg = rn_blob_lower, .code = "clb.stream.name-case",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY,
	    .absent = "clb.stream.unknown-name" },
	{ .name = "#guid in a stand-alone catalog", .ref = "CoreCLR TiggerStorage",
	    .post = m_rename, .arg = rn_guid_upper, .code = "clb.stream.name-case",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "duplicate #Strings (stand-alone)", .ref = "II.24.2.2",
	    .pre = k_duplicate_strings, .code = "clb.stream.duplicate", .cls = CL(DUPLICATE),
	    .sev = ERR },
	{ .name = "duplicate #Strings (PE32+)", .ref = "II.24.2.2", .pre = k_duplicate_strings,
	    .flags = F_PE_PLUS, .code = "clb.stream.duplicate", .cls = CL(DUPLICATE), .sev = ERR },
	{ .name = "#~ renamed #x", .ref = "II.24.2.6", .post = m_rename, .arg = rn_tables,
	    .code = "clb.stream.no-table-stream", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#~ and #- together", .ref = "II.24.2.6 (CoreCLR CheckFileFormat)",
	    .pre = k_extra_stream, .arg = &xs_uncomp, .code = "clb.stream.two-table-streams",
	    .cls = CL(INCONSISTENT), .sev = ERR },
	{ .name = "#JTD without #-", .ref = "SRM InitializeStreamReaders", .pre = k_extra_stream,
	    .arg = &xs_jtd, .code = "clb.stream.jtd-without-uncompressed",
	    .cls = CL(INCONSISTENT), .sev = ERR },
	{ .name = "#Schema stream", .ref = "CoreCLR mdcommon.h SCHEMA_STREAM",
	    .pre = k_extra_stream, .arg = &xs_schema, .code = "clb.schema.present",
	    .cls = CL(LEGACY_FORMAT), .sev = NOTE, .verdict = V_HEALTHY },
	/* II.24.2.3 - II.24.2.5 heaps */
	{ .name = "no #Strings heap", .ref = "II.24.2.3", .pre = k_omit, .arg = "#Strings",
	    .code = "clb.heap.missing", .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "no #Blob heap", .ref = "II.24.2.4", .pre = k_omit, .arg = "#Blob",
	    .code = "clb.heap.missing", .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "no #GUID heap", .ref = "II.24.2.5", .pre = k_omit, .arg = "#GUID",
	    .code = "clb.heap.missing", .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "#Strings of 0x100C4 bytes with 2-byte indexes", .ref = "II.24.2.6 HeapSizes",
	    .post = m_big_strings, .code = "clb.heap.index-width", .cls = CL(INCONSISTENT),
	    .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "#Strings starts with 'A'", .ref = "II.24.2.3", .post = m_strings_byte,
	    .arg = (const uint32_t[]){ 0, 'A' }, .code = "clb.strings.first-not-empty",
	    .cls = CL(MALFORMED), .sev = ERR, .at = at_strings },
	{ .name = "#Strings without a final NUL", .ref = "II.24.2.3", .post = m_strings_byte,
	    .arg = (const uint32_t[]){ 0xFFFFFFFFu, 'x' }, .code = "clb.strings.unterminated",
	    .cls = CL(MALFORMED), .sev = WARN },
	{ .name = "#Strings of size 0", .ref = "II.24.2.3", .post = m_strings_size, .arg = U32(0),
	    .code = "clb.strings.index-out-of-bounds", .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "#Strings of size 1", .ref = "II.24.2.3", .post = m_strings_size, .arg = U32(1),
	    .code = "clb.strings.index-out-of-bounds", .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "#Strings index == heap size", .ref = "II.24.2.3", .post = m_string_index,
	    .arg = U32(0), .code = "clb.strings.index-out-of-bounds", .cls = CL(OUT_OF_BOUNDS),
	    .sev = ERR },
	{ .name = "#Strings index into the unterminated tail", .ref = "II.24.2.3",
	    .post = m_string_index, .arg = U32(1), .code = "clb.strings.index-unterminated",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "string with overlong C0 AF", .ref = "II.24.2.3", .pre = k_raw_string,
	    .arg = BYTES("a\xC0\xAF"), .code = "clb.strings.bad-utf8", .cls = CL(BAD_ENCODING),
	    .sev = ERR },
	{ .name = "string with overlong E0 80 80", .ref = "II.24.2.3", .pre = k_raw_string,
	    .arg = BYTES("\xE0\x80\x80"), .code = "clb.strings.bad-utf8",
	    .cls = CL(BAD_ENCODING), .sev = ERR },
	{ .name = "string with surrogate ED A0 80", .ref = "II.24.2.3", .pre = k_raw_string,
	    .arg = BYTES("x\xED\xA0\x80y"), .code = "clb.strings.bad-utf8",
	    .cls = CL(BAD_ENCODING), .sev = ERR },
	{ .name = "string with a lone continuation byte", .ref = "II.24.2.3",
	    .pre = k_raw_string, .arg = BYTES("ab\x80"), .code = "clb.strings.bad-utf8",
	    .cls = CL(BAD_ENCODING), .sev = ERR },
	{ .name = "string with F4 90 80 80 (> U+10FFFF)", .ref = "II.24.2.3",
	    .pre = k_raw_string, .arg = BYTES("\xF4\x90\x80\x80"), .code = "clb.strings.bad-utf8",
	    .cls = CL(BAD_ENCODING), .sev = ERR },
	{ .name = "string with a cut sequence E2 82", .ref = "II.24.2.3", .pre = k_raw_string,
	    .arg = BYTES("\xE2\x82"), .code = "clb.strings.bad-utf8", .cls = CL(BAD_ENCODING),
	    .sev = ERR },
	{ .name = "index into the middle of C3 A9", .ref = "II.24.2.3", .pre = k_raw_string,
	    .arg = BYTES("+\xC3\xA9"), .code = "clb.strings.bad-utf8", .cls = CL(BAD_ENCODING),
	    .sev = ERR },
	{ .name = "#Blob starts with 1", .ref = "II.24.2.4", .post = m_blob_byte,
	    .arg = (const uint32_t[]){ 0, 1 }, .code = "clb.blob.first-not-empty",
	    .cls = CL(MALFORMED), .sev = ERR, .at = at_blob },
	{ .name = "#Blob index == heap size", .ref = "II.24.2.4", .post = m_blob_index_end,
	    .code = "clb.blob.index-out-of-bounds", .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "blob prefix E0", .ref = "II.23.2", .pre = k_raw_blob, .arg = BYTES("\xE0\0\0\0"),
	    .code = "clb.blob.bad-length", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "blob prefix FF", .ref = "II.23.2", .pre = k_raw_blob, .arg = BYTES("\xFF\x01"),
	    .code = "clb.blob.bad-length", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "blob prefix 80 at the heap's last byte", .ref = "II.23.2", .pre = k_raw_blob,
	    .arg = BYTES("\x80"), .code = "clb.blob.bad-length", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "blob prefix C0 00 00 at the heap's end", .ref = "II.23.2", .pre = k_raw_blob,
	    .arg = BYTES("\xC0\x00\x00"), .code = "clb.blob.bad-length", .cls = CL(MALFORMED),
	    .sev = ERR },
	{ .name = "blob length C0 FF FF FF past the heap end", .ref = "II.24.2.4",
	    .pre = k_raw_blob, .arg = BYTES("\xC0\xFF\xFF\xFF"), .code = "clb.blob.past-end",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "blob length 5 with 1 byte left", .ref = "II.24.2.4", .pre = k_raw_blob,
	    .arg = BYTES("\x05\x01"), .code = "clb.blob.past-end", .cls = CL(OUT_OF_BOUNDS),
	    .sev = ERR },
	{ .name = "blob length 5 as 80 05", .ref = "II.23.2", .pre = k_raw_blob,
	    .arg = BYTES("\x80\x05" "abcde"), .code = "clb.blob.non-minimal-length",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "blob length 5 as C0 00 00 05", .ref = "II.23.2", .pre = k_raw_blob,
	    .arg = BYTES("\xC0\x00\x00\x05" "abcde"), .code = "clb.blob.non-minimal-length",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "#US starts with 1", .ref = "II.24.2.4", .post = m_us_byte,
	    .arg = (const uint32_t[]){ 0, 1 }, .code = "clb.us.first-not-empty",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#US entry prefix E0", .ref = "II.23.2", .pre = k_raw_us, .arg = BYTES("\xE0\0"),
	    .code = "clb.us.bad-length", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#US entry prefix 80 at the heap's last byte", .ref = "II.23.2",
	    .pre = k_raw_us, .arg = BYTES("\x80"), .code = "clb.us.bad-length",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#US entry length 0x7F at the end", .ref = "II.24.2.4", .pre = k_raw_us,
	    .arg = BYTES("\x7F\0"), .code = "clb.us.past-end", .cls = CL(OUT_OF_BOUNDS),
	    .sev = ERR },
	{ .name = "#US entry length C0 FF FF FF", .ref = "II.24.2.4", .pre = k_raw_us,
	    .arg = BYTES("\xC0\xFF\xFF\xFF"), .code = "clb.us.past-end", .cls = CL(OUT_OF_BOUNDS),
	    .sev = ERR },
	{ .name = "#US entry of even length 2", .ref = "II.24.2.4", .pre = k_raw_us,
	    .arg = BYTES("\x02\x41\x00"), .code = "clb.us.even-length", .cls = CL(MALFORMED),
	    .sev = ERR },
	{ .name = "#US entry with terminal byte 2", .ref = "II.24.2.4", .pre = k_raw_us,
	    .arg = BYTES("\x03\x41\x00\x02"), .code = "clb.us.bad-terminal-byte",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#US \"A\" with terminal byte 1", .ref = "II.24.2.4", .pre = k_raw_us,
	    .arg = BYTES("\x03\x41\x00\x01"), .code = "clb.us.terminal-byte-mismatch",
	    .cls = CL(INCONSISTENT), .sev = NOTE, .verdict = V_HEALTHY },
	{ .name = "#US U+0100 with terminal byte 0", .ref = "II.24.2.4", .pre = k_raw_us,
	    .arg = BYTES("\x03\x00\x01\x00"), .code = "clb.us.terminal-byte-mismatch",
	    .cls = CL(INCONSISTENT), .sev = NOTE, .verdict = V_HEALTHY },
	{ .name = "#US \"'\" with terminal byte 0", .ref = "II.24.2.4", .pre = k_raw_us,
	    .arg = BYTES("\x03\x27\x00\x00"), .code = "clb.us.terminal-byte-mismatch",
	    .cls = CL(INCONSISTENT), .sev = NOTE, .verdict = V_HEALTHY },
	{ .name = "#GUID of 17 bytes (stream 20)", .ref = "II.24.2.5", .pre = k_guid_bytes,
	    .arg = BYTES("0123456789abcdefg"), .code = "clb.guid.size-unaligned",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#GUID size 15, Mvid index 1", .ref = "II.24.2.5", .post = m_guid_size,
	    .arg = U32(15), .code = "clb.guid.size-unaligned", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#GUID size 15: index 1 is past the GUIDs", .ref = "II.24.2.5",
	    .post = m_guid_size, .arg = U32(15), .code = "clb.guid.index-out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR, .at = at_mvid },
	{ .name = "#GUID size 0, Mvid index 1", .ref = "II.24.2.5", .post = m_guid_size,
	    .arg = U32(0), .code = "clb.guid.index-out-of-bounds", .cls = CL(OUT_OF_BOUNDS),
	    .sev = ERR, .at = at_mvid },
	{ .name = "Mvid index = GUID count + 1", .ref = "II.24.2.5", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_MODULE, 1, 2, 2 }, .code = "clb.guid.index-out-of-bounds",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR, .at = at_mvid },
	/* II.24.2.6 table stream header */
	{ .name = "table stream of 20 bytes", .ref = "II.24.2.6", .post = m_tables_size,
	    .arg = U32(20), .code = "clb.tables.truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "table stream ends inside Rows[]", .ref = "II.24.2.6", .post = m_tables_size,
	    .arg = U32(32), .code = "clb.tables.truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "HeapSizes 0x40 and the stream ends after Rows[]", .ref = "II.24.2.6 HeapSizes",
	    .post = m_extra_0x40_cut, .code = "clb.tables.truncated", .cls = CL(TRUNCATED),
	    .sev = ERR },
	{ .name = "HeapSizes 0x40 without its 4 bytes", .ref = "II.24.2.6 HeapSizes",
	    .post = m_extra_0x40_shift, .code = "clb.tables.data-truncated", .cls = CL(TRUNCATED),
	    .sev = ERR },
	{ .name = "table schema 3.0", .ref = "II.24.2.6", .post = m_tables_byte,
	    .arg = (const uint32_t[]){ 4, 3 }, .code = "clb.tables.version-unsupported",
	    .cls = CL(UNSUPPORTED_VERSION), .sev = ERR, .at = at_tables_version },
	{ .name = "table schema 2.1", .ref = "II.24.2.6", .post = m_tables_byte,
	    .arg = (const uint32_t[]){ 5, 1 }, .code = "clb.tables.version-unsupported",
	    .cls = CL(UNSUPPORTED_VERSION), .sev = ERR },
	{ .name = "table stream Reserved = 1", .ref = "II.24.2.6", .post = m_tables_reserved,
	    .code = "clb.tables.reserved-nonzero", .cls = CL(MALFORMED), .sev = WARN,
	    .verdict = V_HEALTHY },
	{ .name = "HeapSizes 0x10", .ref = "II.24.2.6 HeapSizes", .pre = k_heap_sizes,
	    .arg = U32(0x10), .code = "clb.tables.heap-sizes-unknown", .cls = CL(MALFORMED),
	    .sev = ERR, .at = at_heap_sizes },
	{ .name = "Valid bit 0x2D", .ref = "II.24.2.6 Valid", .pre = k_valid_extra,
	    .arg = U32(0x2D), .code = "clb.tables.unknown-table", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "Valid bit 0x3F", .ref = "II.24.2.6 Valid", .pre = k_valid_extra,
	    .arg = U32(0x3F), .code = "clb.tables.unknown-table", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "Valid bit 0x30 (Document) without #Pdb", .ref = "Portable PDB v1.0",
	    .pre = k_valid_extra, .arg = U32(0x30), .code = "clb.tables.unknown-table",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "schema 1.0 with GenericParam rows", .ref = "II.24.2.6 (CoreCLR SchemaPopulate)",
	    .post = m_tables_byte, .arg = (const uint32_t[]){ 4, 1 },
	    .code = "clb.tables.table-not-in-schema", .cls = CL(INCONSISTENT), .sev = ERR },
	{ .name = "row count 0x01000000", .ref = "II.22", .post = m_row_count,
	    .arg = (const uint32_t[]){ CLB_T_GENERICPARAMCONSTRAINT, 0x01000000 },
	    .code = "clb.tables.rows-too-many", .cls = CL(MALFORMED), .sev = ERR,
	    .at = at_rows_gpc },
	{ .name = "row count 0x01000000: rows do not fit", .ref = "II.24.2.6",
	    .post = m_row_count, .arg = (const uint32_t[]){ CLB_T_GENERICPARAMCONSTRAINT, 0x01000000 },
	    .code = "clb.tables.data-truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "#Pdb MethodDef count 0x01000000", .ref = "Portable PDB v1.0 #Pdb",
	    .base = base_pdb, .pre = k_pdb_rows, .arg = U32(0x01000000),
	    .code = "clb.tables.rows-too-many", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "max_table_rows 1", .ref = "comscan_limits", .lim = { .max_table_rows = 1 },
	    .code = "clb.tables.rows-limit", .cls = CL(LIMIT_EXCEEDED), .sev = ERR },
	{ .name = "Valid bit 0x21 with 0 rows", .ref = "II.24.2.6", .pre = k_valid_extra,
	    .arg = U32(CLB_T_ASSEMBLYPROCESSOR), .code = "clb.tables.empty-table",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "table stream 1 byte short of its rows", .ref = "II.24.2.6", .post = m_tables_fit,
	    .arg = (const int32_t[]){ -1 }, .code = "clb.tables.data-truncated",
	    .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "table stream exactly as long as its rows", .ref = "II.24.2.2",
	    .post = m_tables_fit, .arg = (const int32_t[]){ 0 }, .code = "clb.stream.size-unaligned",
	    .cls = CL(MALFORMED), .sev = ERR, .absent = "clb.tables.data-truncated" },
	{ .name = "no Module table", .ref = "II.22.30", .base = base_no_module,
	    .code = "clb.tables.module-count", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "two Module rows", .ref = "II.22.30", .pre = k_second_module,
	    .code = "clb.tables.module-count", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "FieldPtr row in #~", .ref = "II.24.2.6 (SRM)", .pre = k_one_col_rows,
	    .arg = (const uint32_t[]){ CLB_T_FIELDPTR, 1, 1 }, .code = "clb.tables.ptr-in-compressed",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "MethodPtr row in #~", .ref = "II.24.2.6 (SRM)", .pre = k_one_col_rows,
	    .arg = (const uint32_t[]){ CLB_T_METHODPTR, 1, 1 },
	    .code = "clb.tables.ptr-in-compressed", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "ParamPtr row in #~", .ref = "II.24.2.6 (SRM)", .pre = k_one_col_rows,
	    .arg = (const uint32_t[]){ CLB_T_PARAMPTR, 1, 1 }, .code = "clb.tables.ptr-in-compressed",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "EventPtr row in #~", .ref = "II.24.2.6 (SRM)", .pre = k_one_col_rows,
	    .arg = (const uint32_t[]){ CLB_T_EVENTPTR, 1, 1 }, .code = "clb.tables.ptr-in-compressed",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "PropertyPtr row in #~", .ref = "II.24.2.6 (SRM)", .pre = k_one_col_rows,
	    .arg = (const uint32_t[]){ CLB_T_PROPERTYPTR, 1, 1 },
	    .code = "clb.tables.ptr-in-compressed", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "ENCMap row in #~", .ref = "II.24.2.6 (SRM)", .pre = k_one_col_rows,
	    .arg = (const uint32_t[]){ CLB_T_ENCMAP, 0x04000001, 1 },
	    .code = "clb.tables.encmap-in-compressed", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#- with 2 FieldPtr rows and 1 Field", .ref = "II.24.2.6 (#-)",
	    .pre = k_uncompressed_fieldptr, .arg = U32(2), .code = "clb.tables.ptr-count-mismatch",
	    .cls = CL(INCONSISTENT), .sev = ERR },
	{ .name = "CustomAttribute rows swapped, Sorted bit set", .ref = "II.22.10",
	    .pre = k_swap_ca, .code = "clb.tables.unsorted", .cls = CL(INCONSISTENT), .sev = ERR,
	    .at = at_ca_row2 },
	{ .name = "GenericParam rows swapped, Sorted bit set", .ref = "II.22.20",
	    .pre = k_swap_generic, .code = "clb.tables.unsorted", .cls = CL(INCONSISTENT),
	    .sev = ERR },
	{ .name = "GenericParam Number decreasing for one Owner", .ref = "II.22.20",
	    .pre = k_generic_number_order, .code = "clb.tables.unsorted", .cls = CL(INCONSISTENT),
	    .sev = ERR },
	{ .name = "LocalScope Length ascending (must descend)", .ref = "Portable PDB v1.0 LocalScope",
	    .base = base_pdb, .pre = k_local_scope, .arg = U32(20), .code = "clb.tables.unsorted",
	    .cls = CL(INCONSISTENT), .sev = ERR },
	{ .name = "CustomAttribute Sorted bit clear", .ref = "II.22", .pre = k_clear_sorted,
	    .arg = U32(CLB_T_CUSTOMATTRIBUTE), .code = "clb.tables.sorted-bit-missing",
	    .cls = CL(INCONSISTENT), .sev = WARN, .verdict = V_HEALTHY },
	/* II.24.2.6 / II.22 cells */
	{ .name = "NestedClass.NestedClass = TypeDef rows + 1", .ref = "II.22.32", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_NESTEDCLASS, 1, 0, 4 }, .code = "clb.row.rid-out-of-range",
	    .cls = CL(DANGLING_REFERENCE), .sev = ERR, .at = at_nested },
	{ .name = "InterfaceImpl.Interface = TypeRef rows + 1", .ref = "II.24.2.6 coded index",
	    .pre = k_cell, .arg = (const uint32_t[]){ CLB_T_INTERFACEIMPL, 1, 1, (4 << 2) | 1 },
	    .code = "clb.row.rid-out-of-range", .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "NestedClass.EnclosingClass = 0", .ref = "II.22.32", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_NESTEDCLASS, 1, 1, 0 }, .code = "clb.row.rid-null",
	    .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "CustomAttribute.Parent = 0", .ref = "II.22.10", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_CUSTOMATTRIBUTE, 1, 0, 0 }, .code = "clb.row.rid-null",
	    .cls = CL(DANGLING_REFERENCE), .sev = ERR },
	{ .name = "CustomAttributeType tag 0", .ref = "II.24.2.6", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_CUSTOMATTRIBUTE, 1, 1, (1 << 3) | 0 },
	    .code = "clb.row.coded-tag-invalid", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "CustomAttributeType tag 1", .ref = "II.24.2.6", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_CUSTOMATTRIBUTE, 1, 1, (1 << 3) | 1 },
	    .code = "clb.row.coded-tag-invalid", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "CustomAttributeType tag 4", .ref = "II.24.2.6", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_CUSTOMATTRIBUTE, 1, 1, (1 << 3) | 4 },
	    .code = "clb.row.coded-tag-invalid", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "HasCustomAttribute tag 22", .ref = "II.24.2.6", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_CUSTOMATTRIBUTE, 1, 0, (1 << 5) | 22 },
	    .code = "clb.row.coded-tag-invalid", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "TypeDef.FieldList = 0", .ref = "II.22.37", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_TYPEDEF, 2, 4, 0 }, .code = "clb.row.list-out-of-range",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "TypeDef.FieldList = Field rows + 2", .ref = "II.22.37", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_TYPEDEF, 3, 4, 3 }, .code = "clb.row.list-out-of-range",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "0xFFFF fields and an empty run needing FieldList 0x10000",
	    .ref = "II.22.37 (roslyn #70857)", .pre = k_fields_0xffff,
	    .code = "clb.row.list-out-of-range", .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "EventMap.EventList = Event rows + 2", .ref = "II.22.12", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_EVENTMAP, 1, 1, 3 }, .code = "clb.row.list-out-of-range",
	    .cls = CL(OUT_OF_BOUNDS), .sev = ERR },
	{ .name = "TypeDef.MethodList decreasing", .ref = "II.22.37", .pre = k_list_decreasing,
	    .code = "clb.row.list-decreasing", .cls = CL(INCONSISTENT), .sev = ERR },
	{ .name = "Module.Mvid = 0", .ref = "II.22.30", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_MODULE, 1, 2, 0 }, .code = "clb.module.mvid-null",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY, .at = at_mvid },
	{ .name = "Module.EncId = 1 in #~", .ref = "II.22.30", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_MODULE, 1, 3, 1 }, .code = "clb.module.enc-id-nonzero",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	{ .name = "Module.EncBaseId = 1 in #~", .ref = "II.22.30", .pre = k_cell,
	    .arg = (const uint32_t[]){ CLB_T_MODULE, 1, 4, 1 }, .code = "clb.module.enc-id-nonzero",
	    .cls = CL(MALFORMED), .sev = WARN, .verdict = V_HEALTHY },
	/* Portable PDB v1.0 #Pdb stream */
	{ .name = "#Pdb of 16 bytes", .ref = "Portable PDB v1.0 #Pdb", .base = base_pdb,
	    .post = m_pdb_size, .arg = (const int32_t[]){ 16 }, .code = "clb.pdb.truncated",
	    .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "#Pdb missing its last row count", .ref = "Portable PDB v1.0 #Pdb",
	    .base = base_pdb, .post = m_pdb_size, .arg = (const int32_t[]){ -4 },
	    .code = "clb.pdb.truncated", .cls = CL(TRUNCATED), .sev = ERR },
	{ .name = "#Pdb entry point 0x02000001 (TypeDef)", .ref = "Portable PDB v1.0 #Pdb",
	    .base = base_pdb, .pre = k_pdb_entry, .arg = U32(0x02000001),
	    .code = "clb.pdb.bad-entry-point", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#Pdb entry point 0x06000000 (row 0)", .ref = "Portable PDB v1.0 #Pdb",
	    .base = base_pdb, .pre = k_pdb_entry, .arg = U32(0x06000000),
	    .code = "clb.pdb.bad-entry-point", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#Pdb entry point past the MethodDef rows", .ref = "Portable PDB v1.0 #Pdb",
	    .base = base_pdb, .pre = k_pdb_entry, .arg = U32(0x06000003),
	    .code = "clb.pdb.bad-entry-point", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#Pdb mask names FieldPtr", .ref = "Portable PDB v1.0 #Pdb", .base = base_pdb,
	    .pre = k_pdb_mask, .arg = U32(CLB_T_FIELDPTR), .code = "clb.pdb.bad-table-mask",
	    .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "#Pdb mask names Document (0x30)", .ref = "Portable PDB v1.0 #Pdb",
	    .base = base_pdb, .pre = k_pdb_mask, .arg = U32(CLB_T_DOCUMENT),
	    .code = "clb.pdb.bad-table-mask", .cls = CL(MALFORMED), .sev = ERR },
	{ .name = "portable PDB with a Module row", .ref = "Portable PDB v1.0 #~",
	    .base = base_pdb, .pre = k_pdb_module, .code = "clb.pdb.type-system-table",
	    .cls = CL(INCONSISTENT), .sev = ERR },
};

#define NFIXTURES (sizeof fixtures / sizeof fixtures[0])

/* ---- baselines: healthy inputs raise no warning or error ---------------------- */

typedef struct baseline {
	const char *name;
	void (*base)(mdw *w);
	void (*pre)(img *im, const void *arg);
	void (*post)(img *im, const void *arg);
	const void *arg;
	unsigned flags;
} baseline;

static void
k_extra_0x40(img *im, const void *arg)
{
	(void)arg;
	im->w.extra_data_0x40 = true;
}

/* Valid multi-byte UTF-8 strings: U+00E9, U+20AC, U+1F600. */
static void
k_good_utf8(img *im, const void *arg)
{
	(void)arg;
	mdw_set(&im->w, CLB_T_MODULEREF, 1, 0, mdw_string(&im->w, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
}

/* One ENCLog row in #~. */
static void
k_enclog(img *im, const void *arg)
{
	const uint32_t v[2] = { 0x04000001, 0 };
	(void)arg;
	mdw_row(&im->w, CLB_T_ENCLOG, v, 2);
}

/* #- may carry EncId and an unsorted-but-unmarked table. */
static void
k_uncompressed_enc(img *im, const void *arg)
{
	(void)arg;
	im->w.uncompressed = true;
	im->w.sorted &= ~BIT(CLB_T_CUSTOMATTRIBUTE);
	mdw_set(&im->w, CLB_T_MODULE, 1, 3, 1);
}

/* Sorted bits for absent tables, as in Mono's mscorlib (0x32, 0x36, 0x37). */
static void
k_sorted_absent(img *im, const void *arg)
{
	(void)arg;
	im->w.sorted |= BIT(0x32) | BIT(0x36) | BIT(0x37) | BIT(0x3F);
}

static const baseline baselines[] = {
	{ "sample module, stand-alone", NULL, NULL, NULL, NULL, 0 },
	{ "sample module in PE32", NULL, NULL, NULL, NULL, F_PE },
	{ "sample module in PE32+", NULL, NULL, NULL, NULL, F_PE_PLUS },
	{ "sample module with #-", NULL, k_uncompressed, NULL, NULL, 0 },
	{ "sample module with #- and #JTD (4-byte indexes)", NULL, k_uncompressed_jtd, NULL, NULL, 0 },
	{ "#- with EncId and Sorted bit clear", NULL, k_uncompressed_enc, NULL, NULL, 0 },
	{ "#- with 1 FieldPtr row for 1 Field", NULL, k_uncompressed_fieldptr, NULL, U32(1), 0 },
	{ "HeapSizes 0x40 with its 4 bytes", NULL, k_extra_0x40, NULL, NULL, 0 },
	{ "HeapSizes 0x08 | 0x20 | 0x80", NULL, k_heap_sizes, NULL, U32(0xA8), 0 },
	{ "ENCLog row in #~ (tolerated)", NULL, k_enclog, NULL, NULL, 0 },
	{ "Sorted bits for absent tables", NULL, k_sorted_absent, NULL, NULL, 0 },
	{ "table stream byte 7 = 0", NULL, NULL, m_tables_byte, (const uint32_t[]){ 7, 0 }, 0 },
	{ "table stream byte 7 = 16 (Mono System.Xml)", NULL, NULL, m_tables_byte,
	    (const uint32_t[]){ 7, 16 }, 0 },
	{ "#US at offset == data size with size 0", NULL, NULL, m_us_at_end_empty, NULL, 0 },
	{ "InterfaceImpl out of Interface order (erratum key)", NULL, k_interface_secondary, NULL,
	    NULL, 0 },
	{ "LocalScope Length descending", base_pdb, k_local_scope, NULL, U32(5), 0 },
	{ "valid multi-byte UTF-8 strings", NULL, k_good_utf8, NULL, NULL, 0 },
	{ "portable PDB", base_pdb, NULL, NULL, NULL, 0 },
	{ "portable PDB with entry point 0", base_pdb, k_pdb_entry, NULL, U32(0), 0 },
	{ "schema 1.0 module", base_v1_0, NULL, NULL, NULL, 0 },
	{ "schema 1.1 module with GenericParam.Kind", base_v1_1, NULL, NULL, NULL, 0 },
	{ "schema 1.0 module in PE32", base_v1_0, NULL, NULL, NULL, F_PE },
};

#define NBASELINES (sizeof baselines / sizeof baselines[0])

/* A healthy input raises no warning or error on either entry point. */
static void
run_baseline(void **state)
{
	const baseline *b = *state;
	fixture fx;
	comscan_report *r = NULL;
	comscan_clb *h = NULL;
	img im;

	memset(&fx, 0, sizeof fx);
	fx.base = b->base;
	fx.pre = b->pre;
	fx.post = b->post;
	fx.arg = b->arg;
	fx.flags = b->flags;
	fixture_input(&fx, &im);
	assert_int_equal(comscan_scan_buffer(im.p, im.n, NULL, &r), COMSCAN_OK);
	assert_int_equal(comscan_clb_open(im.p, im.n, NULL, &h), COMSCAN_OK);
	check_wellformed(comscan_report_findings(r), im.n);
	expect_clean(comscan_report_findings(r));
	expect_clean(comscan_clb_findings(h));
	expect_same_findings(comscan_report_findings(r), comscan_clb_findings(h));
	assert_int_equal(comscan_report_kind(r), b->flags ? COMSCAN_KIND_PE : COMSCAN_KIND_CLB);
	comscan_report_close(r);
	comscan_clb_close(h);
	img_free(&im);
}

/* ---- explicit tests ------------------------------------------------------- */

/* Scans an image and checks the report is well-formed. */
static void
scan_img(const img *im, const comscan_options *o, comscan_report **r)
{
	assert_int_equal(comscan_scan_buffer(im->p, im->n, o, r), COMSCAN_OK);
	assert_non_null(*r);
	check_wellformed(comscan_report_findings(*r), im->n);
}

/* The sample module raises no finding at all, not even a note. */
static void
test_sample_has_no_findings(void **state)
{
	comscan_report *r;
	img im;
	(void)state;
	memset(&im, 0, sizeof im);
	mdw_init(&im.w);
	mdw_sample_module(&im.w);
	img_build(&im);
	scan_img(&im, NULL, &r);
	assert_int_equal(comscan_findings_count(comscan_report_findings(r)), 0);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_CLB);
	comscan_report_close(r);
	img_free(&im);
}

/* max_findings 1 keeps one finding plus core.findings.limit-exceeded,
 * and the dropped error still decides the verdict and the classes. */
static void
test_findings_limit(void **state)
{
	static const uint32_t past_end[2] = { 0x10000, 0 };
	comscan_options o;
	comscan_report *r;
	const comscan_findings *f;
	img im;
	(void)state;
	memset(&im, 0, sizeof im);
	mdw_init(&im.w);
	mdw_sample_module(&im.w);
	img_build(&im);
	m_storage_reserved(&im, NULL);      /* kept: a warning (malformed)        */
	m_blob_extent(&im, past_end);       /* dropped: an error (out-of-bounds)  */
	comscan_options_init(&o);
	o.limits.max_findings = 1;
	scan_img(&im, &o, &r);
	f = comscan_report_findings(r);
	assert_int_equal(comscan_findings_count(f), 2);
	assert_string_equal(comscan_findings_at(f, 0)->code, "clb.header.reserved-nonzero");
	expect_code(f, "core.findings.limit-exceeded", CL(LIMIT_EXCEEDED), WARN);
	assert_string_equal(comscan_findings_at(f, 1)->code, "core.findings.limit-exceeded");
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_CORRUPT);
	assert_true(comscan_findings_classes(f) & (1u << CL(OUT_OF_BOUNDS)));
	assert_true(comscan_findings_classes(f) & (1u << CL(LIMIT_EXCEEDED)));
	assert_true(comscan_findings_tally(f, ERR) >= 1);
	comscan_report_close(r);
	img_free(&im);
}

/* Invalid limits are misuse, not findings. */
static void
test_bad_options(void **state)
{
	comscan_options o;
	comscan_report *r = (comscan_report *)(uintptr_t)1;
	comscan_clb *h = (comscan_clb *)(uintptr_t)1;
	static const uint8_t bsjb[4] = { 'B', 'S', 'J', 'B' };
	(void)state;
	comscan_options_init(&o);
	o.limits.max_streams = 0;
	assert_int_equal(comscan_scan_buffer(bsjb, 4, &o, &r), COMSCAN_ERR_INVALID);
	assert_null(r);
	assert_int_equal(comscan_clb_open(bsjb, 4, &o, &h), COMSCAN_ERR_INVALID);
	assert_null(h);
	comscan_options_init(&o);
	o.flags = 0x40000000u; /* no such flag */
	assert_int_equal(comscan_clb_open(bsjb, 4, &o, &h), COMSCAN_ERR_INVALID);
	assert_null(h);
	assert_int_equal(comscan_clb_open(NULL, 4, NULL, &h), COMSCAN_ERR_INVALID);
	assert_null(h);
}

/* complib takes the first of two #Strings, image readers the last
 * (II.24.2.2; CoreCLR TiggerStorage vs liteweightstgdb). */
static void
test_duplicate_which_wins(void **state)
{
	comscan_clb *h;
	comscan_clb_stream s;
	img im;
	size_t first, last;
	(void)state;
	memset(&im, 0, sizeof im);
	mdw_init(&im.w);
	mdw_sample_module(&im.w);
	k_duplicate_strings(&im, NULL);
	img_build(&im);
	first = sidx(&im, "#Strings");
	last = im.lay.nstreams - 1;
	assert_int_equal(comscan_clb_open(im.p, im.n, NULL, &h), COMSCAN_OK);
	assert_int_equal(comscan_clb_stream_at(h, first, &s), 0);
	assert_true(s.used);
	assert_int_equal(comscan_clb_stream_at(h, last, &s), 0);
	assert_string_equal(s.name, "#Strings");
	assert_false(s.used);
	expect_code(comscan_clb_findings(h), "clb.stream.duplicate", CL(DUPLICATE), ERR);
	comscan_clb_close(h);
	img_wrap_pe(&im, false);
	assert_int_equal(comscan_clb_open(im.p, im.n, NULL, &h), COMSCAN_OK);
	assert_int_equal(comscan_clb_stream_at(h, first, &s), 0);
	assert_false(s.used);
	assert_int_equal(comscan_clb_stream_at(h, last, &s), 0);
	assert_true(s.used);
	comscan_clb_close(h);
	img_free(&im);
}

/* "#blob" in a stand-alone catalog is used as #Blob (complib _stricmp). */
static void
test_name_case_is_used(void **state)
{
	comscan_clb *h;
	comscan_clb_stream s;
	img im;
	(void)state;
	memset(&im, 0, sizeof im);
	mdw_init(&im.w);
	mdw_sample_module(&im.w);
	img_build(&im);
	m_rename(&im, rn_blob_lower);
	assert_int_equal(comscan_clb_open(im.p, im.n, NULL, &h), COMSCAN_OK);
	assert_int_equal(comscan_clb_stream_at(h, sidx(&im, "#Blob"), &s), 0);
	assert_string_equal(s.name, "#blob");
	assert_true(s.used);
	expect_no_code(comscan_clb_findings(h), "clb.heap.missing");
	comscan_clb_close(h);
	img_free(&im);
}

/* With #~ and #-, #~ is the table stream used (CoreCLR RO). */
static void
test_two_table_streams_uses_compressed(void **state)
{
	comscan_clb *h;
	comscan_clb_info info;
	img im;
	(void)state;
	memset(&im, 0, sizeof im);
	mdw_init(&im.w);
	mdw_sample_module(&im.w);
	k_extra_stream(&im, &xs_uncomp);
	img_build(&im);
	assert_int_equal(comscan_clb_open(im.p, im.n, NULL, &h), COMSCAN_OK);
	comscan_clb_get_info(h, &info);
	assert_string_equal(info.table_stream, "#~");
	assert_true(info.has_tables);
	comscan_clb_close(h);
	img_free(&im);
}

/* Every clb.* code of the catalogue was asserted by an earlier test. */
static void
test_every_clb_code_observed(void **state)
{
	size_t i, missing = 0;
	(void)state;
	for (i = 0; i < comscan_code_count(); i++) {
		const comscan_code_info *c = comscan_code_at(i);
		assert_non_null(c);
		if (strncmp(c->code, "clb.", 4) != 0)
			continue;
		if (!was_observed(c->code)) {
			print_message("    never asserted: %s\n", c->code);
			missing++;
		}
	}
	assert_true(was_observed("core.findings.limit-exceeded"));
	assert_int_equal(missing, 0);
}

/* Runs the explicit tests, the baselines, the fixtures, then the coverage test. */
int
main(void)
{
	static const struct CMUnitTest head[] = {
		cmocka_unit_test(test_sample_has_no_findings),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_findings_limit),
		cmocka_unit_test(test_duplicate_which_wins),
		cmocka_unit_test(test_name_case_is_used),
		cmocka_unit_test(test_two_table_streams_uses_compressed),
	};
	static struct CMUnitTest tests[sizeof head / sizeof head[0] + NBASELINES + NFIXTURES + 1];
	size_t i, n = 0;

	for (i = 0; i < sizeof head / sizeof head[0]; i++)
		tests[n++] = head[i];
	for (i = 0; i < NBASELINES; i++)
		tests[n++] = (struct CMUnitTest){ baselines[i].name, run_baseline, NULL, NULL,
			(void *)(uintptr_t)&baselines[i] };
	for (i = 0; i < NFIXTURES; i++)
		tests[n++] = (struct CMUnitTest){ fixtures[i].name, run_fixture, NULL, NULL,
			(void *)(uintptr_t)&fixtures[i] };
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_every_clb_code_observed);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
