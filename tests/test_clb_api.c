/*
 * test_clb_api.c - the comscan_clb accessors on healthy inputs: what
 * comscan_clb_get_info, _stream_at, _table_at, _cell, _column_name and
 * _pe_info return equals what mdw wrote (mdw sizes columns with its own
 * code, so a disagreement is a sizing bug in one of them).  Also the
 * column-width thresholds of II.24.2.6 for every coded index, the NULL
 * conventions of comscan.h, and the accessors on undecodable input.
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

#define BIT(id) ((uint64_t)1 << (id))

typedef struct img {
	mdw w;
	mdw_layout lay;
	uint8_t *p;
	size_t n;
	size_t md_len;
	pew_layout pl;
	size_t md_base;
} img;

/* An empty writer. */
static void
img_sample(img *im)
{
	memset(im, 0, sizeof *im);
	mdw_init(&im->w);
}

/* Serializes the writer (stand-alone). */
static void
img_build(img *im)
{
	free(im->p);
	im->p = mdw_build(&im->w, &im->n, &im->lay);
	im->md_len = im->n;
	im->md_base = 0;
}

/* Wraps the metadata in a PE32 or PE32+ image. */
static void
img_wrap(img *im, bool plus)
{
	pew_opts o = { plus, false, 2, 5, 1 };
	size_t len;
	uint8_t *pe = pew_build(im->p, im->n, &o, &len, &im->pl);
	free(im->p);
	im->p = pe;
	im->n = len;
	im->md_base = im->pl.metadata_off;
}

/* Frees the image and its writer. */
static void
img_free(img *im)
{
	free(im->p);
	mdw_free(&im->w);
}

/* comscan_clb_open on the image; must succeed. */
static comscan_clb *
open_img(const img *im)
{
	comscan_clb *h = NULL;
	assert_int_equal(comscan_clb_open(im->p, im->n, NULL, &h), COMSCAN_OK);
	assert_non_null(h);
	return h;
}

/* Asserts no warning and no error finding. */
static void
expect_clean(const comscan_clb *h)
{
	const comscan_findings *f = comscan_clb_findings(h);
	size_t i;
	if (comscan_findings_tally(f, COMSCAN_SEVERITY_WARNING) ||
	    comscan_findings_tally(f, COMSCAN_SEVERITY_ERROR)) {
		for (i = 0; i < comscan_findings_count(f); i++)
			print_message("    %s: %s\n", comscan_findings_at(f, i)->code,
			    comscan_findings_at(f, i)->message);
		fail_msg("expected a healthy input");
	}
}

/* Columns of table id under the writer's schema. */
static unsigned
ncols(const mdw *w, unsigned id)
{
	clb_schema_version v = w->table_major == 1
	                           ? (w->table_minor == 1 ? CLB_SCHEMA_1_1 : CLB_SCHEMA_1_0)
	                           : CLB_SCHEMA_2_0;
	return clb_schema_table(v, id, w->pdb)->ncols;
}

/* Tables, rows, row sizes, offsets and every cell equal what mdw wrote
 * (II.24.2.6: tables follow Rows[] in id order, packed). */
static void
expect_tables_match(const comscan_clb *h, const img *im)
{
	comscan_clb_table tb;
	size_t i = 0, count = 0;
	unsigned id;
	uint32_t r, c, v;
	for (id = 0; id < 64; id++)
		count += im->w.rows[id] != 0;
	assert_int_equal(comscan_clb_table_count(h), count);
	for (id = 0; id < 64; id++) {
		unsigned nc;
		if (!im->w.rows[id])
			continue;
		nc = ncols(&im->w, id);
		assert_int_equal(comscan_clb_table_at(h, i++, &tb), 0);
		assert_int_equal(tb.id, id);
		assert_string_equal(tb.name, clb_schema_table_name(id));
		assert_int_equal(tb.rows, im->w.rows[id]);
		assert_int_equal(tb.row_size, im->lay.row_size[id]);
		assert_int_equal(tb.columns, nc);
		assert_true(tb.file_offset == im->md_base + im->lay.table_off[id]);
		assert_int_equal(tb.sorted, (int)(im->w.sorted >> id & 1));
		assert_true(tb.readable);
		for (r = 1; r <= tb.rows; r++) {
			for (c = 0; c < nc; c++) {
				uint32_t want = im->w.cells[id][(size_t)(r - 1) * nc + c];
				if (im->lay.col_width[id][c] == 2)
					want &= 0xFFFF;
				assert_int_equal(comscan_clb_cell(h, (uint8_t)id, r, c, &v), 0);
				if (v != want)
					fail_msg("%s row %u col %u: 0x%X, mdw wrote 0x%X", tb.name, r, c, v,
					    want);
			}
		}
	}
	assert_int_equal(comscan_clb_table_at(h, i, &tb), -1);
}

/* Streams equal the layout (II.24.2.2) and are all used and in bounds. */
static void
expect_streams_match(const comscan_clb *h, const img *im)
{
	comscan_clb_stream s;
	size_t i;
	assert_int_equal(comscan_clb_stream_count(h), im->lay.nstreams);
	for (i = 0; i < im->lay.nstreams; i++) {
		assert_int_equal(comscan_clb_stream_at(h, i, &s), 0);
		assert_string_equal(s.name, im->lay.stream_name[i]);
		assert_int_equal(s.offset, im->lay.stream_off[i]);
		assert_int_equal(s.size, im->lay.stream_size[i]);
		assert_true(s.file_offset == im->md_base + im->lay.stream_off[i]);
		assert_true(s.in_bounds);
		assert_true(s.used);
	}
	assert_int_equal(comscan_clb_stream_at(h, i, &s), -1);
	assert_int_equal(comscan_clb_stream_at(h, (size_t)-1, &s), -1);
}

/* get_info on the sample: storage header (II.24.2.1) and table header
 * (II.24.2.6) fields as written. */
static void
expect_info_match(const comscan_clb *h, const img *im)
{
	comscan_clb_info info;
	uint64_t valid = 0;
	unsigned id;
	for (id = 0; id < 64; id++)
		if (im->w.rows[id])
			valid |= BIT(id);
	comscan_clb_get_info(h, &info);
	assert_true(info.has_metadata);
	assert_true(info.metadata_offset == im->md_base);
	assert_true(info.metadata_size == im->md_len);
	assert_int_equal(info.major, 1);
	assert_int_equal(info.minor, 1);
	assert_string_equal(info.version, im->w.version);
	assert_int_equal(info.storage_flags, im->w.storage_extra ? 1 : 0);
	assert_int_equal(info.extra_data_size, im->w.storage_extra);
	assert_int_equal(info.stream_count, im->lay.nstreams);
	assert_true(info.has_tables);
	assert_string_equal(info.table_stream, im->w.uncompressed ? "#-" : "#~");
	assert_int_equal(info.tables_major, im->w.table_major);
	assert_int_equal(info.tables_minor, im->w.table_minor);
	assert_int_equal(info.heap_sizes, im->w.heap_sizes_extra | (im->w.extra_data_0x40 ? 0x40 : 0));
	assert_true(info.valid_mask == valid);
	assert_true(info.sorted_mask == im->w.sorted);
}

/* Healthy, and info, streams, tables and cells equal what mdw wrote. */
static void
expect_all_match(const img *im)
{
	comscan_clb *h = open_img(im);
	expect_clean(h);
	expect_info_match(h, im);
	expect_streams_match(h, im);
	expect_tables_match(h, im);
	comscan_clb_close(h);
}

/* The sample module, stand-alone. */
static void
test_sample_standalone(void **state)
{
	comscan_clb *h;
	comscan_pe_info pi;
	img im;
	(void)state;
	img_sample(&im);
	mdw_sample_module(&im.w);
	img_build(&im);
	expect_all_match(&im);
	h = open_img(&im);
	assert_int_equal(comscan_clb_kind(h), COMSCAN_KIND_CLB);
	assert_int_equal(comscan_clb_pe_info(h, &pi), -1);
	assert_int_equal(comscan_clb_pe_section_count(h), 0);
	comscan_clb_close(h);
	img_free(&im);
}

/* The sample module in PE32 and PE32+: pe_info and the one section are
 * what pew_build wrote (II.25.2, II.25.3.3), the metadata tables equal. */
static void
check_pe(bool plus)
{
	comscan_clb *h;
	comscan_pe_info pi;
	comscan_pe_section sec;
	img im;
	img_sample(&im);
	mdw_sample_module(&im.w);
	img_build(&im);
	img_wrap(&im, plus);
	expect_all_match(&im);
	h = open_img(&im);
	assert_int_equal(comscan_clb_kind(h), COMSCAN_KIND_PE);
	assert_int_equal(comscan_clb_pe_info(h, &pi), 0);
	assert_int_equal(pi.machine, plus ? 0x8664 : 0x014C);
	assert_int_equal(pi.pe32plus, plus);
	assert_int_equal(pi.section_count, 1);
	assert_int_equal(pi.cli_rva, im.pl.text_rva);
	assert_int_equal(pi.cli_size, 72);
	assert_true(pi.has_cli);
	assert_int_equal(pi.runtime_major, 2);
	assert_int_equal(pi.runtime_minor, 5);
	assert_int_equal(pi.cli_flags, 1);
	assert_int_equal(pi.metadata_rva, im.pl.text_rva + 72);
	assert_int_equal(pi.metadata_size, im.md_len);
	assert_int_equal(comscan_clb_pe_section_count(h), 1);
	assert_int_equal(comscan_clb_pe_section_at(h, 0, &sec), 0);
	assert_string_equal(sec.name, ".text");
	assert_int_equal(sec.virtual_address, im.pl.text_rva);
	assert_int_equal(sec.virtual_size, 72 + im.md_len);
	assert_int_equal(sec.raw_offset, im.pl.text_raw);
	assert_int_equal(sec.raw_size, im.n - im.pl.text_raw);
	assert_int_equal(sec.characteristics, 0x60000020);
	assert_int_equal(comscan_clb_pe_section_at(h, 1, &sec), -1);
	comscan_clb_close(h);
	img_free(&im);
}

static void
test_sample_pe32(void **state)
{
	(void)state;
	check_pe(false);
}

static void
test_sample_pe32plus(void **state)
{
	(void)state;
	check_pe(true);
}

/* #- with #JTD: every table and coded index is 4 bytes (SRM, DNMD). */
static void
test_uncompressed_jtd(void **state)
{
	img im;
	(void)state;
	img_sample(&im);
	im.w.uncompressed = true;
	im.w.jtd = true;
	mdw_sample_module(&im.w);
	img_build(&im);
	assert_int_equal(im.lay.col_width[CLB_T_TYPEDEF][4], 4);
	expect_all_match(&im);
	img_free(&im);
}

/* STGHDR_EXTRADATA skipped like the complib reader; HeapSizes 0x40's four
 * bytes skipped (II.24.2.6 CLR EXTRA_DATA). */
static void
test_extra_data(void **state)
{
	img im;
	(void)state;
	img_sample(&im);
	im.w.storage_extra = 12;
	im.w.extra_data_0x40 = true;
	mdw_sample_module(&im.w);
	img_build(&im);
	expect_all_match(&im);
	img_free(&im);
}

/* Schema 1.1 GenericParam carries Kind as a fifth column. */
static void
test_schema_1_1(void **state)
{
	static const uint8_t g[16] = { 1 };
	comscan_clb *h;
	const uint32_t module[5] = { 0, 0, 1, 0, 0 };
	const uint32_t typedef_[6] = { 0, 0, 0, 0, 1, 1 };
	const uint32_t gp[5] = { 0, 0, (1 << 1) | 0, 0, (1 << 2) | 0 };
	img im;
	(void)state;
	img_sample(&im);
	im.w.table_major = 1;
	im.w.table_minor = 1;
	(void)mdw_guid(&im.w, g);
	mdw_row(&im.w, CLB_T_MODULE, module, 5);
	mdw_row(&im.w, CLB_T_TYPEDEF, typedef_, 6);
	mdw_row(&im.w, CLB_T_GENERICPARAM, gp, 5);
	img_build(&im);
	expect_all_match(&im);
	h = open_img(&im);
	assert_string_equal(comscan_clb_column_name(h, CLB_T_GENERICPARAM, 4), "Kind");
	assert_null(comscan_clb_column_name(h, CLB_T_GENERICPARAM, 5));
	comscan_clb_close(h);
	img_free(&im);
}

/* A portable PDB: debug tables sized by the #Pdb row counts. */
static void
test_pdb(void **state)
{
	static const uint8_t g[16] = { 7 };
	comscan_clb *h;
	uint32_t b, v;
	img im;
	(void)state;
	img_sample(&im);
	b = mdw_blob(&im.w, "\x01\x02", 2);
	im.w.pdb = true;
	im.w.pdb_tables = BIT(CLB_T_METHODDEF);
	im.w.pdb_rows[CLB_T_METHODDEF] = 0x10000; /* MethodDef indexes become 4 bytes */
	im.w.sorted |= BIT(CLB_T_STATEMACHINEMETHOD);
	{
		const uint32_t doc[4] = { b, mdw_guid(&im.w, g), b, 1 };
		const uint32_t smm[2] = { 0x10000, 5 };
		mdw_row(&im.w, CLB_T_DOCUMENT, doc, 4);
		mdw_row(&im.w, CLB_T_STATEMACHINEMETHOD, smm, 2);
	}
	img_build(&im);
	assert_int_equal(im.lay.col_width[CLB_T_STATEMACHINEMETHOD][0], 4);
	expect_all_match(&im);
	h = open_img(&im);
	assert_int_equal(comscan_clb_cell(h, CLB_T_STATEMACHINEMETHOD, 1, 0, &v), 0);
	assert_int_equal(v, 0x10000);
	assert_string_equal(comscan_clb_column_name(h, CLB_T_DOCUMENT, 3), "Language");
	comscan_clb_close(h);
	img_free(&im);
}

/* Column names follow II.22; absent tables and columns give NULL. */
static void
test_column_names(void **state)
{
	static const char *const module[5] = { "Generation", "Name", "Mvid", "EncId", "EncBaseId" };
	comscan_clb *h;
	uint32_t c;
	img im;
	(void)state;
	img_sample(&im);
	mdw_sample_module(&im.w);
	img_build(&im);
	h = open_img(&im);
	for (c = 0; c < 5; c++)
		assert_string_equal(comscan_clb_column_name(h, CLB_T_MODULE, c), module[c]);
	assert_null(comscan_clb_column_name(h, CLB_T_MODULE, 5));
	assert_string_equal(comscan_clb_column_name(h, CLB_T_TYPEDEF, 4), "FieldList");
	assert_string_equal(comscan_clb_column_name(h, CLB_T_CUSTOMATTRIBUTE, 1), "Type");
	assert_string_equal(comscan_clb_column_name(h, CLB_T_ASSEMBLYREF, 8), "HashValue");
	assert_null(comscan_clb_column_name(h, 0x40, 0));
	assert_null(comscan_clb_column_name(h, 0xFF, 0));
	assert_null(comscan_clb_column_name(h, 0x2D, 0));
	comscan_clb_close(h);
	img_free(&im);
}

/* comscan_clb_cell returns -1 outside the table: row 0, row rows + 1,
 * column count, absent or undefined tables, NULL value. */
static void
test_cell_outside(void **state)
{
	comscan_clb *h;
	uint32_t v = 0xDEADBEEF;
	img im;
	(void)state;
	img_sample(&im);
	mdw_sample_module(&im.w);
	img_build(&im);
	h = open_img(&im);
	assert_int_equal(comscan_clb_cell(h, CLB_T_TYPEDEF, 0, 0, &v), -1);
	assert_int_equal(comscan_clb_cell(h, CLB_T_TYPEDEF, 4, 0, &v), -1);
	assert_int_equal(comscan_clb_cell(h, CLB_T_TYPEDEF, 0xFFFFFFFFu, 0, &v), -1);
	assert_int_equal(comscan_clb_cell(h, CLB_T_TYPEDEF, 3, 6, &v), -1);
	assert_int_equal(comscan_clb_cell(h, CLB_T_TYPEDEF, 3, 0xFFFFFFFFu, &v), -1);
	assert_int_equal(comscan_clb_cell(h, CLB_T_FIELDPTR, 1, 0, &v), -1);
	assert_int_equal(comscan_clb_cell(h, 0x2D, 1, 0, &v), -1);
	assert_int_equal(comscan_clb_cell(h, 0x40, 1, 0, &v), -1);
	assert_int_equal(comscan_clb_cell(h, 0xFF, 1, 0, &v), -1);
	assert_int_equal(v, 0xDEADBEEF);
	assert_int_equal(comscan_clb_cell(h, CLB_T_TYPEDEF, 3, 5, NULL), -1);
	assert_int_equal(comscan_clb_cell(h, CLB_T_TYPEDEF, 3, 5, &v), 0);
	assert_int_equal(v, 3);
	comscan_clb_close(h);
	img_free(&im);
}

/* The NULL conventions of comscan.h: close(NULL) is a no-op, accessors
 * on NULL return empty values, open sets *out on every path. */
static void
test_null_handles(void **state)
{
	comscan_clb_info info;
	comscan_clb_stream s;
	comscan_clb_table t;
	comscan_pe_info pi;
	comscan_pe_section sec;
	comscan_clb *h = (comscan_clb *)(uintptr_t)1;
	uint32_t v;
	(void)state;
	comscan_clb_close(NULL);
	comscan_report_close(NULL);
	assert_null(comscan_clb_findings(NULL));
	assert_int_equal(comscan_clb_kind(NULL), COMSCAN_KIND_UNKNOWN);
	comscan_clb_get_info(NULL, &info);
	assert_false(info.has_metadata);
	assert_string_equal(info.version, "");
	assert_string_equal(info.table_stream, "");
	assert_int_equal(comscan_clb_stream_count(NULL), 0);
	assert_int_equal(comscan_clb_stream_at(NULL, 0, &s), -1);
	assert_int_equal(comscan_clb_table_count(NULL), 0);
	assert_int_equal(comscan_clb_table_at(NULL, 0, &t), -1);
	assert_null(comscan_clb_column_name(NULL, 0, 0));
	assert_int_equal(comscan_clb_cell(NULL, 0, 1, 0, &v), -1);
	assert_int_equal(comscan_clb_pe_info(NULL, &pi), -1);
	assert_int_equal(comscan_clb_pe_section_count(NULL), 0);
	assert_int_equal(comscan_clb_pe_section_at(NULL, 0, &sec), -1);
	assert_int_equal(comscan_clb_open(NULL, 1, NULL, &h), COMSCAN_ERR_INVALID);
	assert_null(h);
	assert_int_equal(comscan_clb_open("x", 1, NULL, NULL), COMSCAN_ERR_INVALID);
	assert_int_equal(comscan_clb_open(NULL, 0, NULL, &h), COMSCAN_OK);
	assert_non_null(h);
	comscan_clb_close(h);
}

/* Text is not a container: kind unknown, clb.signature.bad, no metadata. */
static void
test_open_text(void **state)
{
	static const char text[] = "not a catalog\n";
	comscan_clb *h;
	comscan_clb_info info;
	const comscan_findings *f;
	(void)state;
	assert_int_equal(comscan_clb_open(text, sizeof text - 1, NULL, &h), COMSCAN_OK);
	assert_int_equal(comscan_clb_kind(h), COMSCAN_KIND_UNKNOWN);
	f = comscan_clb_findings(h);
	assert_int_equal(comscan_findings_count(f), 1);
	assert_string_equal(comscan_findings_at(f, 0)->code, "clb.signature.bad");
	comscan_clb_get_info(h, &info);
	assert_false(info.has_metadata);
	assert_false(info.has_tables);
	assert_int_equal(comscan_clb_stream_count(h), 0);
	assert_int_equal(comscan_clb_table_count(h), 0);
	comscan_clb_close(h);
}

/* info.has_tables means "a table stream was decoded" (comscan.h): not
 * when its header is cut short or has an unsupported version (II.24.2.6). */
static void
test_has_tables_only_when_decoded(void **state)
{
	static const struct {
		const char *what;
		size_t at;    /* table stream byte, or SIZE_MAX: the stream size */
		uint32_t value;
	} cases[] = {
		{ "schema 3.0", 4, 3 },
		{ "schema 0.0", 4, 0 },
		{ "20-byte table stream", SIZE_MAX, 20 },
		{ "6-byte table stream", SIZE_MAX, 6 },
	};
	size_t k, wrong = 0;
	(void)state;
	for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		comscan_clb *h;
		comscan_clb_info info;
		size_t ntables;
		int stream_ok;
		img im;
		img_sample(&im);
		mdw_sample_module(&im.w);
		img_build(&im);
		if (cases[k].at == SIZE_MAX)
			put_u32(im.p, im.lay.stream_hdr_off[0] + 4, cases[k].value);
		else
			im.p[im.lay.tables_off + cases[k].at] = (uint8_t)cases[k].value;
		h = open_img(&im);
		comscan_clb_get_info(h, &info);
		ntables = comscan_clb_table_count(h);
		stream_ok = strcmp(info.table_stream, "#~") == 0;
		comscan_clb_close(h);
		img_free(&im);
		assert_true(stream_ok);
		assert_int_equal(ntables, 0);
		if (info.has_tables) {
			print_message("    %s: has_tables is 1 (tables %u.%u) but no table was "
				      "decoded\n", cases[k].what, info.tables_major, info.tables_minor);
			wrong++;
		}
	}
	assert_int_equal(wrong, 0);
}

/* Table i of the handle, found by id. */
static int
table_by_id(const comscan_clb *h, unsigned id, comscan_clb_table *out)
{
	size_t i;
	for (i = 0; i < comscan_clb_table_count(h); i++)
		if (comscan_clb_table_at(h, i, out) == 0 && out->id == id)
			return 0;
	return -1;
}

/* A Valid bit no schema defines (II.24.2.6) is listed but not sized or
 * readable; the tables before it still are. */
static void
test_unknown_table_accessors(void **state)
{
	comscan_clb *h;
	comscan_clb_table tb;
	uint32_t v;
	img im;
	(void)state;
	img_sample(&im);
	mdw_sample_module(&im.w);
	im.w.valid_extra = BIT(0x2D) | BIT(CLB_T_DOCUMENT);
	img_build(&im);
	h = open_img(&im);
	assert_int_equal(table_by_id(h, 0x2D, &tb), 0);
	assert_string_equal(tb.name, "?");
	assert_int_equal(tb.rows, 0);
	assert_int_equal(tb.row_size, 0);
	assert_int_equal(tb.columns, 0);
	assert_true(tb.file_offset == COMSCAN_NO_OFFSET);
	assert_false(tb.readable);
	assert_int_equal(comscan_clb_cell(h, 0x2D, 1, 0, &v), -1);
	assert_int_equal(table_by_id(h, CLB_T_DOCUMENT, &tb), 0);
	assert_string_equal(tb.name, "Document");
	assert_false(tb.readable);
	assert_int_equal(table_by_id(h, CLB_T_GENERICPARAMCONSTRAINT, &tb), 0);
	assert_true(tb.readable);
	assert_true(tb.file_offset == im.lay.table_off[CLB_T_GENERICPARAMCONSTRAINT]);
	assert_int_equal(comscan_clb_cell(h, CLB_T_GENERICPARAMCONSTRAINT, 1, 1, &v), 0);
	assert_int_equal(v, (3 << 2) | 1);
	comscan_clb_close(h);
	img_free(&im);
}

/* A table stream one byte short: the last table is sized but not
 * readable, its cells fail, the others read back (II.24.2.6). */
static void
test_short_table_stream_accessors(void **state)
{
	comscan_clb *h;
	comscan_clb_table tb;
	uint32_t v;
	size_t end;
	img im;
	(void)state;
	img_sample(&im);
	mdw_sample_module(&im.w);
	img_build(&im);
	end = im.lay.table_off[CLB_T_GENERICPARAMCONSTRAINT] +
	    im.lay.row_size[CLB_T_GENERICPARAMCONSTRAINT];
	put_u32(im.p, im.lay.stream_hdr_off[0] + 4, (uint32_t)(end - im.lay.tables_off - 1));
	h = open_img(&im);
	assert_int_equal(table_by_id(h, CLB_T_GENERICPARAMCONSTRAINT, &tb), 0);
	assert_false(tb.readable);
	assert_int_equal(tb.row_size, im.lay.row_size[CLB_T_GENERICPARAMCONSTRAINT]);
	assert_true(tb.file_offset == im.lay.table_off[CLB_T_GENERICPARAMCONSTRAINT]);
	assert_int_equal(comscan_clb_cell(h, CLB_T_GENERICPARAMCONSTRAINT, 1, 0, &v), -1);
	assert_int_equal(table_by_id(h, CLB_T_METHODSPEC, &tb), 0);
	assert_true(tb.readable);
	assert_int_equal(comscan_clb_cell(h, CLB_T_METHODSPEC, 1, 0, &v), 0);
	assert_int_equal(v, (2 << 1) | 0);
	comscan_clb_close(h);
	img_free(&im);
}

/* ---- II.24.2.6 column widths at their thresholds --------------------------------- */

typedef struct width_case {
	const char *what;
	unsigned table;         /* table that grows                       */
	uint32_t rows;          /* its total row count                    */
	unsigned probe_table;   /* a column whose width depends on it     */
	unsigned probe_col;
	unsigned width;         /* expected width of that column          */
} width_case;

/* One extra row for table id, valid under the sample module. */
static void
extra_row(mdw *w, unsigned id, uint32_t name, uint32_t sig)
{
	uint32_t v[6] = { 0, 0, 0, 0, 0, 0 };
	switch (id) {
	case CLB_T_TYPEREF:
		v[0] = (1 << 2) | 2, v[1] = name;
		break;
	case CLB_T_FIELD:
		v[0] = 1, v[1] = name, v[2] = sig;
		break;
	case CLB_T_METHODDEF:
		v[2] = 0x86, v[3] = name, v[4] = sig, v[5] = w->rows[CLB_T_PARAM] + 1;
		break;
	case CLB_T_PARAM:
		v[1] = 1, v[2] = name;
		break;
	case CLB_T_MEMBERREF:
		v[0] = (2 << 3) | 1, v[1] = name, v[2] = sig;
		break;
	case CLB_T_EVENT:
		v[1] = name;
		break;
	case CLB_T_MODULEREF:
		v[0] = name;
		break;
	case CLB_T_TYPESPEC:
		v[0] = sig;
		break;
	case CLB_T_FILE:
		v[1] = name, v[2] = sig;
		break;
	default:
		fail_msg("no row template for table 0x%02X", id);
	}
	mdw_row(w, id, v, ncols(w, id));
}

/* Grows one table to the case's row count and checks that the parser
 * sizes every column as mdw did, the probe column has the expected width
 * and every cell reads back. */
static void
check_width_case(const width_case *wc)
{
	static const uint8_t sig[2] = { 0x06, 0x08 };
	img im;
	uint32_t name, s, i;
	img_sample(&im);
	mdw_sample_module(&im.w);
	name = mdw_string(&im.w, "grown");
	s = mdw_blob(&im.w, sig, sizeof sig);
	for (i = im.w.rows[wc->table]; i < wc->rows; i++)
		extra_row(&im.w, wc->table, name, s);
	img_build(&im);
	if (im.lay.col_width[wc->probe_table][wc->probe_col] != wc->width)
		fail_msg("%s: mdw wrote width %u", wc->what,
		    im.lay.col_width[wc->probe_table][wc->probe_col]);
	expect_all_match(&im);
	img_free(&im);
}

static const width_case width_cases[] = {
	/* HasCustomAttribute, 5 tag bits: 2-byte iff every target < 2048 rows */
	{ "TypeRef 2047 -> CustomAttribute.Parent 2", CLB_T_TYPEREF, 2047, CLB_T_CUSTOMATTRIBUTE, 0, 2 },
	{ "TypeRef 2048 -> CustomAttribute.Parent 4", CLB_T_TYPEREF, 2048, CLB_T_CUSTOMATTRIBUTE, 0, 4 },
	/* MemberRefParent, 3 bits: 8192 */
	{ "ModuleRef 8191 -> MemberRef.Class 2", CLB_T_MODULEREF, 8191, CLB_T_MEMBERREF, 0, 2 },
	{ "ModuleRef 8192 -> MemberRef.Class 4", CLB_T_MODULEREF, 8192, CLB_T_MEMBERREF, 0, 4 },
	/* CustomAttributeType, 3 bits: 8192 (tags 0, 1, 4 unused) */
	{ "MemberRef 8191 -> CustomAttribute.Type 2", CLB_T_MEMBERREF, 8191, CLB_T_CUSTOMATTRIBUTE, 1, 2 },
	{ "MemberRef 8192 -> CustomAttribute.Type 4", CLB_T_MEMBERREF, 8192, CLB_T_CUSTOMATTRIBUTE, 1, 4 },
	/* ResolutionScope, TypeDefOrRef, 2 bits: 16384 */
	{ "TypeRef 16383 -> TypeRef.ResolutionScope 2", CLB_T_TYPEREF, 16383, CLB_T_TYPEREF, 0, 2 },
	{ "TypeRef 16384 -> TypeRef.ResolutionScope 4", CLB_T_TYPEREF, 16384, CLB_T_TYPEREF, 0, 4 },
	{ "TypeSpec 16383 -> InterfaceImpl.Interface 2", CLB_T_TYPESPEC, 16383, CLB_T_INTERFACEIMPL, 1, 2 },
	{ "TypeSpec 16384 -> InterfaceImpl.Interface 4", CLB_T_TYPESPEC, 16384, CLB_T_INTERFACEIMPL, 1, 4 },
	/* HasConstant, 2 bits: 16384 */
	{ "Param 16383 -> Constant.Parent 2", CLB_T_PARAM, 16383, CLB_T_CONSTANT, 1, 2 },
	{ "Param 16384 -> Constant.Parent 4", CLB_T_PARAM, 16384, CLB_T_CONSTANT, 1, 4 },
	/* Implementation, 2 bits: 16384 */
	{ "File 16383 -> ExportedType.Implementation 2", CLB_T_FILE, 16383, CLB_T_EXPORTEDTYPE, 4, 2 },
	{ "File 16384 -> ExportedType.Implementation 4", CLB_T_FILE, 16384, CLB_T_EXPORTEDTYPE, 4, 4 },
	/* HasDeclSecurity, 2 bits: 16384 */
	{ "MethodDef 16383 -> DeclSecurity.Parent 2", CLB_T_METHODDEF, 16383, CLB_T_DECLSECURITY, 1, 2 },
	{ "MethodDef 16384 -> DeclSecurity.Parent 4", CLB_T_METHODDEF, 16384, CLB_T_DECLSECURITY, 1, 4 },
	/* 1 tag bit: 32768 (HasFieldMarshal, HasSemantics, MethodDefOrRef,
	 * MemberForwarded, TypeOrMethodDef) */
	{ "Param 32767 -> FieldMarshal.Parent 2", CLB_T_PARAM, 32767, CLB_T_FIELDMARSHAL, 0, 2 },
	{ "Param 32768 -> FieldMarshal.Parent 4", CLB_T_PARAM, 32768, CLB_T_FIELDMARSHAL, 0, 4 },
	{ "Event 32767 -> MethodSemantics.Association 2", CLB_T_EVENT, 32767, CLB_T_METHODSEMANTICS, 2, 2 },
	{ "Event 32768 -> MethodSemantics.Association 4", CLB_T_EVENT, 32768, CLB_T_METHODSEMANTICS, 2, 4 },
	{ "MemberRef 32767 -> MethodImpl.MethodBody 2", CLB_T_MEMBERREF, 32767, CLB_T_METHODIMPL, 1, 2 },
	{ "MemberRef 32768 -> MethodImpl.MethodBody 4", CLB_T_MEMBERREF, 32768, CLB_T_METHODIMPL, 1, 4 },
	{ "Field 32767 -> ImplMap.MemberForwarded 2", CLB_T_FIELD, 32767, CLB_T_IMPLMAP, 1, 2 },
	{ "Field 32768 -> ImplMap.MemberForwarded 4", CLB_T_FIELD, 32768, CLB_T_IMPLMAP, 1, 4 },
	{ "MethodDef 32767 -> GenericParam.Owner 2", CLB_T_METHODDEF, 32767, CLB_T_GENERICPARAM, 2, 2 },
	{ "MethodDef 32768 -> GenericParam.Owner 4", CLB_T_METHODDEF, 32768, CLB_T_GENERICPARAM, 2, 4 },
	/* simple and list indexes: 2-byte iff rows < 0x10000 */
	{ "Field 0xFFFF -> FieldLayout.Field 2", CLB_T_FIELD, 0xFFFF, CLB_T_FIELDLAYOUT, 1, 2 },
	{ "Field 0x10000 -> FieldLayout.Field 4", CLB_T_FIELD, 0x10000, CLB_T_FIELDLAYOUT, 1, 4 },
	{ "Field 0x10000 -> TypeDef.FieldList 4", CLB_T_FIELD, 0x10000, CLB_T_TYPEDEF, 4, 4 },
	{ "Param 0xFFFF -> MethodDef.ParamList 2", CLB_T_PARAM, 0xFFFF, CLB_T_METHODDEF, 5, 2 },
	{ "Param 0x10000 -> MethodDef.ParamList 4", CLB_T_PARAM, 0x10000, CLB_T_METHODDEF, 5, 4 },
};

/* Runs one width case (state: the case). */
static void
run_width_case(void **state)
{
	check_width_case(*state);
}

/* Heaps past 0xFFFF bytes get 4-byte indexes (HeapSizes 0x01, 0x04). */
static void
test_big_heaps(void **state)
{
	static char big[0x10010];
	img im;
	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	img_sample(&im);
	mdw_sample_module(&im.w);
	mdw_set(&im.w, CLB_T_MODULEREF, 1, 0, mdw_string(&im.w, big));
	mdw_set(&im.w, CLB_T_TYPESPEC, 1, 0, mdw_blob(&im.w, big, sizeof big));
	im.w.heap_sizes_extra = 0;
	img_build(&im);
	assert_int_equal(im.lay.col_width[CLB_T_MODULEREF][0], 4);
	assert_int_equal(im.lay.col_width[CLB_T_TYPESPEC][0], 4);
	im.w.heap_sizes_extra = 0x05; /* what mdw computed, for expect_info_match */
	expect_all_match(&im);
	img_free(&im);
}

/* Runs the fixed tests, then one test per width case. */
int
main(void)
{
	static const struct CMUnitTest head[] = {
		cmocka_unit_test(test_sample_standalone),
		cmocka_unit_test(test_sample_pe32),
		cmocka_unit_test(test_sample_pe32plus),
		cmocka_unit_test(test_uncompressed_jtd),
		cmocka_unit_test(test_extra_data),
		cmocka_unit_test(test_schema_1_1),
		cmocka_unit_test(test_pdb),
		cmocka_unit_test(test_column_names),
		cmocka_unit_test(test_cell_outside),
		cmocka_unit_test(test_null_handles),
		cmocka_unit_test(test_open_text),
		cmocka_unit_test(test_unknown_table_accessors),
		cmocka_unit_test(test_short_table_stream_accessors),
		cmocka_unit_test(test_has_tables_only_when_decoded),
		cmocka_unit_test(test_big_heaps),
	};
	static struct CMUnitTest tests[sizeof head / sizeof head[0] +
	                               sizeof width_cases / sizeof width_cases[0]];
	size_t i, n = 0;
	for (i = 0; i < sizeof head / sizeof head[0]; i++)
		tests[n++] = head[i];
	for (i = 0; i < sizeof width_cases / sizeof width_cases[0]; i++)
		tests[n++] = (struct CMUnitTest){ width_cases[i].what, run_width_case, NULL, NULL,
			(void *)(uintptr_t)&width_cases[i] };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
