/*
 * mdw.c - test-only writer of metadata and PE images (see mdw.h).
 *
 * Column kinds come from the library's schema table (data, validated
 * against real assemblies); the widths, offsets and the container layout
 * are computed here independently of the parser.
 */
#include "support/mdw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clb/schema.h"

/* ---- byte buffers ------------------------------------------------------------ */

static void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL) {
		fputs("mdw: out of memory\n", stderr);
		abort();
	}
	return q;
}

void
mdw_buf_put(mdw_buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2 + 64;
		b->p = xrealloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

void
mdw_buf_u8(mdw_buf *b, uint8_t v)
{
	mdw_buf_put(b, &v, 1);
}

void
mdw_buf_u16(mdw_buf *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
	mdw_buf_put(b, x, 2);
}

void
mdw_buf_u32(mdw_buf *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
	mdw_buf_put(b, x, 4);
}

void
mdw_buf_u64(mdw_buf *b, uint64_t v)
{
	mdw_buf_u32(b, (uint32_t)v);
	mdw_buf_u32(b, (uint32_t)(v >> 32));
}

void
mdw_buf_pad4(mdw_buf *b)
{
	while (b->len % 4)
		mdw_buf_u8(b, 0);
}

void
mdw_buf_free(mdw_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

void
put_u16(uint8_t *p, size_t off, uint16_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

void
put_u32(uint8_t *p, size_t off, uint32_t v)
{
	put_u16(p, off, (uint16_t)v);
	put_u16(p, off + 2, (uint16_t)(v >> 16));
}

uint16_t
get_u16(const uint8_t *p, size_t off)
{
	return (uint16_t)(p[off] | p[off + 1] << 8);
}

uint32_t
get_u32(const uint8_t *p, size_t off)
{
	return (uint32_t)get_u16(p, off) | (uint32_t)get_u16(p, off + 2) << 16;
}

/* ---- heaps ----------------------------------------------------------------- */

/* ECMA-335 II.23.2 compressed unsigned integer, shortest form. */
static void
put_compressed(mdw_buf *b, uint32_t v)
{
	if (v < 0x80) {
		mdw_buf_u8(b, (uint8_t)v);
	} else if (v < 0x4000) {
		mdw_buf_u8(b, (uint8_t)(0x80 | v >> 8));
		mdw_buf_u8(b, (uint8_t)v);
	} else {
		mdw_buf_u8(b, (uint8_t)(0xC0 | v >> 24));
		mdw_buf_u8(b, (uint8_t)(v >> 16));
		mdw_buf_u8(b, (uint8_t)(v >> 8));
		mdw_buf_u8(b, (uint8_t)v);
	}
}

void
mdw_init(mdw *w)
{
	memset(w, 0, sizeof *w);
	w->version = "v4.0.30319";
	w->table_major = 2;
	w->table_minor = 0;
	/* the tables ECMA-335 II.22 requires sorted */
	w->sorted = 0x000016003301FA00ull;
	mdw_buf_u8(&w->strings, 0);
	mdw_buf_u8(&w->blob, 0);
	mdw_buf_u8(&w->us, 0);
}

void
mdw_free(mdw *w)
{
	unsigned i;
	mdw_buf_free(&w->strings);
	mdw_buf_free(&w->us);
	mdw_buf_free(&w->blob);
	mdw_buf_free(&w->guid);
	for (i = 0; i < 64; i++)
		free(w->cells[i]);
	memset(w, 0, sizeof *w);
}

uint32_t
mdw_string(mdw *w, const char *s)
{
	uint32_t at = (uint32_t)w->strings.len;
	mdw_buf_put(&w->strings, s, strlen(s) + 1);
	return at;
}

uint32_t
mdw_blob(mdw *w, const void *p, size_t n)
{
	uint32_t at = (uint32_t)w->blob.len;
	put_compressed(&w->blob, (uint32_t)n);
	mdw_buf_put(&w->blob, p, n);
	return at;
}

uint32_t
mdw_guid(mdw *w, const uint8_t g[16])
{
	mdw_buf_put(&w->guid, g, 16);
	return (uint32_t)(w->guid.len / 16);
}

uint32_t
mdw_user_string(mdw *w, const char *ascii)
{
	uint32_t at = (uint32_t)w->us.len;
	size_t n = strlen(ascii), i;
	uint8_t term = 0;
	put_compressed(&w->us, (uint32_t)(2 * n + 1));
	for (i = 0; i < n; i++) {
		uint8_t c = (uint8_t)ascii[i];
		mdw_buf_u16(&w->us, c);
		if ((c >= 0x01 && c <= 0x08) || (c >= 0x0E && c <= 0x1F) || c == 0x27 || c == 0x2D ||
		    c == 0x7F)
			term = 1;
	}
	mdw_buf_u8(&w->us, term);
	return at;
}

/* ---- tables ---------------------------------------------------------------- */

static unsigned
ncols_of(const mdw *w, unsigned id)
{
	clb_schema_version v = w->table_major == 1
	                           ? (w->table_minor == 1 ? CLB_SCHEMA_1_1 : CLB_SCHEMA_1_0)
	                           : CLB_SCHEMA_2_0;
	const clb_table_schema *s = clb_schema_table(v, id, true);
	return s ? s->ncols : 0;
}

uint32_t
mdw_row(mdw *w, unsigned id, const uint32_t *vals, unsigned ncols)
{
	unsigned n = ncols_of(w, id);
	size_t need = ((size_t)w->rows[id] + 1) * n;
	if (n == 0 || ncols != n) {
		fprintf(stderr, "mdw_row: table 0x%02x takes %u columns, got %u\n", id, n, ncols);
		abort();
	}
	if (need > w->cells_cap[id]) {
		w->cells_cap[id] = need * 2;
		w->cells[id] = xrealloc(w->cells[id], w->cells_cap[id] * sizeof(uint32_t));
	}
	memcpy(w->cells[id] + (size_t)w->rows[id] * n, vals, n * sizeof(uint32_t));
	return ++w->rows[id];
}

void
mdw_set(mdw *w, unsigned id, uint32_t row, unsigned col, uint32_t v)
{
	w->cells[id][(size_t)(row - 1) * ncols_of(w, id) + col] = v;
}

/* Rows of a table as index targets (the #Pdb counts for type-system
 * tables of a portable PDB). */
static uint32_t
target_rows(const mdw *w, unsigned id)
{
	if (w->pdb && id < 0x30)
		return w->pdb_rows[id];
	return w->rows[id];
}

/* II.24.2.6 column width, computed independently of the parser. */
static unsigned
width_of(const mdw *w, const clb_col *c, uint8_t heaps)
{
	const clb_coded_index *ci;
	uint32_t max = 0;
	unsigned k;
	switch (c->kind) {
	case CLB_COL_U16:
	case CLB_COL_U8PAD:
		return 2;
	case CLB_COL_U32:
		return 4;
	case CLB_COL_STRING:
		return heaps & 1 ? 4 : 2;
	case CLB_COL_GUID:
		return heaps & 2 ? 4 : 2;
	case CLB_COL_BLOB:
		return heaps & 4 ? 4 : 2;
	case CLB_COL_RID:
	case CLB_COL_LIST:
		return w->jtd || target_rows(w, c->ref) > 0xFFFF ? 4 : 2;
	default:
		ci = clb_schema_coded(c->ref);
		for (k = 0; k < ci->ntags; k++)
			if (ci->tables[k] != CLB_NO_TABLE && target_rows(w, ci->tables[k]) > max)
				max = target_rows(w, ci->tables[k]);
		return w->jtd || max >= (1u << (16 - ci->tag_bits)) ? 4 : 2;
	}
}

static void
put_width(mdw_buf *b, uint32_t v, unsigned width)
{
	if (width == 2)
		mdw_buf_u16(b, (uint16_t)v);
	else
		mdw_buf_u32(b, v);
}

/* Writes the table stream into t; records offsets relative to t. */
static void
build_tables(const mdw *w, mdw_buf *t, uint8_t heaps, mdw_layout *lay)
{
	clb_schema_version v = w->table_major == 1
	                           ? (w->table_minor == 1 ? CLB_SCHEMA_1_1 : CLB_SCHEMA_1_0)
	                           : CLB_SCHEMA_2_0;
	uint64_t valid = w->valid_extra;
	unsigned id, c;
	uint32_t r;
	for (id = 0; id < 64; id++)
		if (w->rows[id])
			valid |= (uint64_t)1 << id;
	mdw_buf_u32(t, 0);
	mdw_buf_u8(t, w->table_major);
	mdw_buf_u8(t, w->table_minor);
	mdw_buf_u8(t, (uint8_t)(heaps | w->heap_sizes_extra | (w->extra_data_0x40 ? 0x40 : 0)));
	mdw_buf_u8(t, 1);
	mdw_buf_u64(t, valid);
	mdw_buf_u64(t, w->sorted);
	lay->rows_off = t->len;
	for (id = 0; id < 64; id++)
		if (valid >> id & 1)
			mdw_buf_u32(t, w->rows[id]);
	if (w->extra_data_0x40)
		mdw_buf_u32(t, 0xC0FFEE);
	for (id = 0; id < 64; id++) {
		const clb_table_schema *s = clb_schema_table(v, id, true);
		unsigned off = 0;
		if (!w->rows[id] || s == NULL)
			continue;
		for (c = 0; c < s->ncols; c++) {
			lay->col_off[id][c] = (uint8_t)off;
			lay->col_width[id][c] = (uint8_t)width_of(w, &s->cols[c], heaps);
			off += lay->col_width[id][c];
		}
		lay->row_size[id] = off;
		lay->table_off[id] = t->len;
		for (r = 0; r < w->rows[id]; r++)
			for (c = 0; c < s->ncols; c++)
				put_width(t, w->cells[id][(size_t)r * s->ncols + c], lay->col_width[id][c]);
	}
	mdw_buf_pad4(t);
}

typedef struct stream_src {
	const char *name;
	const uint8_t *data;
	size_t len;
} stream_src;

uint8_t *
mdw_build(const mdw *w, size_t *len, mdw_layout *lay)
{
	mdw_buf strings = { 0 }, us = { 0 }, blob = { 0 }, tables = { 0 }, pdb = { 0 }, out = { 0 };
	stream_src src[MDW_MAX_STREAMS];
	mdw_layout scratch;
	size_t n = 0, i, vlen, hdr_size, data_off;
	uint8_t heaps = 0;
	unsigned id;

	if (lay == NULL)
		lay = &scratch;
	memset(lay, 0, sizeof *lay);
	/* heaps padded to 4 with empty entries */
	mdw_buf_put(&strings, w->strings.p, w->strings.len);
	mdw_buf_pad4(&strings);
	mdw_buf_put(&us, w->us.p, w->us.len);
	mdw_buf_pad4(&us);
	mdw_buf_put(&blob, w->blob.p, w->blob.len);
	mdw_buf_pad4(&blob);
	if (strings.len > 0xFFFF)
		heaps |= 1;
	if (w->guid.len > 0xFFFF) /* II.24.2.6: "Size of #GUID stream >= 2^16" */
		heaps |= 2;
	if (blob.len > 0xFFFF)
		heaps |= 4;
	build_tables(w, &tables, heaps, lay);
	if (w->pdb) {
		uint8_t id20[20];
		memset(id20, 0x5A, sizeof id20);
		mdw_buf_put(&pdb, id20, 20);
		mdw_buf_u32(&pdb, w->pdb_entry);
		mdw_buf_u64(&pdb, w->pdb_tables);
		for (id = 0; id < 64; id++)
			if (w->pdb_tables >> id & 1)
				mdw_buf_u32(&pdb, w->pdb_rows[id]);
	}

	src[n++] = (stream_src){ w->uncompressed ? "#-" : "#~", tables.p, tables.len };
	if (w->pdb)
		src[n++] = (stream_src){ "#Pdb", pdb.p, pdb.len };
	if (!w->omit_strings)
		src[n++] = (stream_src){ "#Strings", strings.p, strings.len };
	if (!w->omit_us)
		src[n++] = (stream_src){ "#US", us.p, us.len };
	if (!w->omit_guid)
		src[n++] = (stream_src){ "#GUID", w->guid.p, w->guid.len };
	if (!w->omit_blob)
		src[n++] = (stream_src){ "#Blob", blob.p, blob.len };
	if (w->jtd)
		src[n++] = (stream_src){ "#JTD", NULL, 0 };
	for (i = 0; i < w->nextra && n < MDW_MAX_STREAMS; i++)
		src[n++] = (stream_src){ w->extra[i].name, w->extra[i].data, w->extra[i].len };

	/* II.24.2.1 storage signature and header */
	vlen = (strlen(w->version) + 1 + 3) & ~(size_t)3;
	mdw_buf_put(&out, "BSJB", 4);
	mdw_buf_u16(&out, 1);
	mdw_buf_u16(&out, 1);
	mdw_buf_u32(&out, 0);
	lay->version_len_off = out.len;
	mdw_buf_u32(&out, (uint32_t)vlen);
	mdw_buf_put(&out, w->version, strlen(w->version));
	while (out.len < 16 + vlen)
		mdw_buf_u8(&out, 0);
	lay->storage_hdr_off = out.len;
	mdw_buf_u8(&out, w->storage_extra ? 1 : 0);
	mdw_buf_u8(&out, 0);
	mdw_buf_u16(&out, (uint16_t)n);
	if (w->storage_extra) {
		mdw_buf_u32(&out, w->storage_extra);
		for (i = 0; i < w->storage_extra; i++)
			mdw_buf_u8(&out, (uint8_t)i);
	}
	/* II.24.2.2 stream headers: sizes first, offsets patched below */
	hdr_size = out.len;
	for (i = 0; i < n; i++)
		hdr_size += 8 + ((strlen(src[i].name) + 1 + 3) & ~(size_t)3);
	data_off = hdr_size;
	lay->nstreams = n;
	for (i = 0; i < n; i++) {
		size_t padded = (src[i].len + 3) & ~(size_t)3;
		lay->stream_hdr_off[i] = out.len;
		snprintf(lay->stream_name[i], sizeof lay->stream_name[i], "%s", src[i].name);
		lay->stream_off[i] = data_off;
		lay->stream_size[i] = padded;
		mdw_buf_u32(&out, (uint32_t)data_off);
		mdw_buf_u32(&out, (uint32_t)padded);
		mdw_buf_put(&out, src[i].name, strlen(src[i].name) + 1);
		mdw_buf_pad4(&out);
		data_off += padded;
	}
	for (i = 0; i < n; i++) {
		mdw_buf_put(&out, src[i].data, src[i].len);
		mdw_buf_pad4(&out);
	}
	lay->tables_off = lay->stream_off[0];
	lay->rows_off += lay->tables_off;
	for (id = 0; id < 64; id++)
		if (lay->table_off[id])
			lay->table_off[id] += lay->tables_off;
	mdw_buf_free(&strings);
	mdw_buf_free(&us);
	mdw_buf_free(&blob);
	mdw_buf_free(&tables);
	mdw_buf_free(&pdb);
	*len = out.len;
	return out.p;
}

/* ---- the sample module ------------------------------------------------------ */

#define ROW(w, id, ...)                                                           \
	do {                                                                      \
		const uint32_t v_[] = { __VA_ARGS__ };                            \
		mdw_row((w), (id), v_, (unsigned)(sizeof v_ / sizeof v_[0]));     \
	} while (0)

void
mdw_sample_module(mdw *w)
{
	static const uint8_t mvid[16] = { 0x6d, 0x64, 0x77, 0x2d, 0x73, 0x61, 0x6d, 0x70,
		0x6c, 0x65, 0x2d, 0x6d, 0x76, 0x69, 0x64, 0x01 };
	static const uint8_t sig_field[] = { 0x06, 0x08 };
	static const uint8_t sig_ctor[] = { 0x20, 0x00, 0x01 };
	static const uint8_t sig_run[] = { 0x00, 0x01, 0x01, 0x08 };
	static const uint8_t const_i4[] = { 0x2a, 0, 0, 0 };
	static const uint8_t ca_blob[] = { 0x01, 0x00, 0x00, 0x00 };
	static const uint8_t marshal[] = { 0x08 };
	static const uint8_t perm[] = { '.', 0x00 };
	static const uint8_t sig_local[] = { 0x07, 0x01, 0x08 };
	static const uint8_t sig_prop[] = { 0x28, 0x00, 0x08 };
	static const uint8_t spec[] = { 0x15, 0x12, 0x05, 0x01, 0x08 };
	static const uint8_t inst[] = { 0x0a, 0x01, 0x08 };
	static const uint8_t token[] = { 0xb7, 0x7a, 0x5c, 0x56, 0x19, 0x34, 0xe0, 0x89 };
	static const uint8_t hash[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	uint32_t g = mdw_guid(w, mvid);
	uint32_t s_ctor = mdw_string(w, ".ctor");

	ROW(w, CLB_T_MODULE, 0, mdw_string(w, "sample.dll"), g, 0, 0);
	/* TypeRef: ResolutionScope = AssemblyRef 1 (tag 2) */
	ROW(w, CLB_T_TYPEREF, (1 << 2) | 2, mdw_string(w, "Object"), mdw_string(w, "System"));
	ROW(w, CLB_T_TYPEREF, (1 << 2) | 2, mdw_string(w, "Attribute"), mdw_string(w, "System"));
	ROW(w, CLB_T_TYPEREF, (1 << 2) | 2, mdw_string(w, "IDisposable"), mdw_string(w, "System"));
	/* TypeDef: <Module>, Sample (extends TypeRef 1), Inner (nested) */
	ROW(w, CLB_T_TYPEDEF, 0, mdw_string(w, "<Module>"), 0, 0, 1, 1);
	ROW(w, CLB_T_TYPEDEF, 0x00100001, mdw_string(w, "Sample"), mdw_string(w, "Demo"),
	    (1 << 2) | 1, 1, 1);
	ROW(w, CLB_T_TYPEDEF, 0x00100002, mdw_string(w, "Inner"), 0, (1 << 2) | 1, 2, 3);
	ROW(w, CLB_T_FIELD, 0x0001, mdw_string(w, "value"), mdw_blob(w, sig_field, sizeof sig_field));
	ROW(w, CLB_T_METHODDEF, 0, 0, 0x1886, s_ctor, mdw_blob(w, sig_ctor, sizeof sig_ctor), 1);
	ROW(w, CLB_T_METHODDEF, 0, 0, 0x0086, mdw_string(w, "Run"),
	    mdw_blob(w, sig_run, sizeof sig_run), 1);
	ROW(w, CLB_T_PARAM, 0, 1, mdw_string(w, "x"));
	/* InterfaceImpl: Sample implements TypeRef 3 */
	ROW(w, CLB_T_INTERFACEIMPL, 2, (3 << 2) | 1);
	/* MemberRef: Attribute::.ctor (MemberRefParent tag 1 = TypeRef) */
	ROW(w, CLB_T_MEMBERREF, (2 << 3) | 1, s_ctor, mdw_blob(w, sig_ctor, sizeof sig_ctor));
	/* Constant on Field 1 (HasConstant tag 0) */
	ROW(w, CLB_T_CONSTANT, 0x08, (1 << 2) | 0, mdw_blob(w, const_i4, sizeof const_i4));
	/* CustomAttribute, sorted by Parent: Assembly 1 (tag 14), TypeDef 2 (tag 3) */
	ROW(w, CLB_T_CUSTOMATTRIBUTE, (1 << 5) | 14, (1 << 3) | 3, mdw_blob(w, ca_blob, sizeof ca_blob));
	ROW(w, CLB_T_CUSTOMATTRIBUTE, (2 << 5) | 3, (1 << 3) | 3, mdw_blob(w, ca_blob, sizeof ca_blob));
	ROW(w, CLB_T_FIELDMARSHAL, (1 << 1) | 0, mdw_blob(w, marshal, sizeof marshal));
	ROW(w, CLB_T_DECLSECURITY, 2, (2 << 2) | 0, mdw_blob(w, perm, sizeof perm));
	ROW(w, CLB_T_CLASSLAYOUT, 8, 16, 2);
	ROW(w, CLB_T_FIELDLAYOUT, 0, 1);
	ROW(w, CLB_T_STANDALONESIG, mdw_blob(w, sig_local, sizeof sig_local));
	ROW(w, CLB_T_EVENTMAP, 2, 1);
	ROW(w, CLB_T_EVENT, 0, mdw_string(w, "Changed"), (1 << 2) | 1);
	ROW(w, CLB_T_PROPERTYMAP, 2, 1);
	ROW(w, CLB_T_PROPERTY, 0, mdw_string(w, "Value"), mdw_blob(w, sig_prop, sizeof sig_prop));
	/* MethodSemantics: Run is the getter of Property 1 (HasSemantics tag 1) */
	ROW(w, CLB_T_METHODSEMANTICS, 0x0002, 2, (1 << 1) | 1);
	/* MethodImpl: Sample, body MethodDef 2, declaration MemberRef 1 */
	ROW(w, CLB_T_METHODIMPL, 2, (2 << 1) | 0, (1 << 1) | 1);
	ROW(w, CLB_T_MODULEREF, mdw_string(w, "native.dll"));
	ROW(w, CLB_T_TYPESPEC, mdw_blob(w, spec, sizeof spec));
	/* ImplMap: MethodDef 2 (MemberForwarded tag 1) from ModuleRef 1 */
	ROW(w, CLB_T_IMPLMAP, 0x0100, (2 << 1) | 1, mdw_string(w, "Native"), 1);
	ROW(w, CLB_T_FIELDRVA, 0x2000, 1);
	ROW(w, CLB_T_ASSEMBLY, 0x8004, 1, 0, 0, 0, 0, 0, mdw_string(w, "sample"), 0);
	ROW(w, CLB_T_ASSEMBLYREF, 4, 0, 0, 0, 0, mdw_blob(w, token, sizeof token),
	    mdw_string(w, "mscorlib"), 0, 0);
	ROW(w, CLB_T_FILE, 0, mdw_string(w, "extra.netmodule"), mdw_blob(w, hash, sizeof hash));
	/* ExportedType forwarded to AssemblyRef 1 (Implementation tag 1) */
	ROW(w, CLB_T_EXPORTEDTYPE, 0x00200000, 0, mdw_string(w, "Forwarded"), mdw_string(w, "Demo"),
	    (1 << 2) | 1);
	ROW(w, CLB_T_MANIFESTRESOURCE, 0, 1, mdw_string(w, "res"), 0);
	ROW(w, CLB_T_NESTEDCLASS, 3, 2);
	/* GenericParam, sorted by Owner: TypeDef 2 (tag 0), MethodDef 2 (tag 1) */
	ROW(w, CLB_T_GENERICPARAM, 0, 0, (2 << 1) | 0, mdw_string(w, "T"));
	ROW(w, CLB_T_GENERICPARAM, 0, 0, (2 << 1) | 1, mdw_string(w, "U"));
	ROW(w, CLB_T_METHODSPEC, (2 << 1) | 0, mdw_blob(w, inst, sizeof inst));
	ROW(w, CLB_T_GENERICPARAMCONSTRAINT, 1, (3 << 2) | 1);
	mdw_user_string(w, "Hello, world!");
	mdw_user_string(w, "it's a test");
}

/* ---- PE wrapper -------------------------------------------------------------- */

#define FILE_ALIGN 0x200u
#define SECT_ALIGN 0x2000u
#define TEXT_RVA 0x2000u

static size_t
align_up(size_t v, size_t a)
{
	return (v + a - 1) & ~(a - 1);
}

uint8_t *
pew_build(const uint8_t *md, size_t md_len, const pew_opts *opts, size_t *len, pew_layout *lay)
{
	pew_opts defaults = { false, false, 2, 5, 1 };
	pew_layout scratch;
	size_t opt_size, text_size, raw_size, total, opt, dirs, sec;
	uint8_t *p;
	bool plus;

	if (opts == NULL)
		opts = &defaults;
	if (lay == NULL)
		lay = &scratch;
	memset(lay, 0, sizeof *lay);
	plus = opts->pe32plus;
	opt_size = plus ? 240 : 224;
	text_size = opts->native ? 16 : 72 + md_len;
	raw_size = align_up(text_size, FILE_ALIGN);
	total = FILE_ALIGN + raw_size;
	p = calloc(1, total);
	if (p == NULL)
		abort();

	/* DOS header (II.25.2.1) */
	p[0] = 'M', p[1] = 'Z';
	lay->lfanew = 0x80;
	put_u32(p, 0x3C, 0x80);
	memcpy(p + 0x80, "PE\0\0", 4);
	/* COFF header (II.25.2.2) */
	lay->coff_off = 0x84;
	put_u16(p, 0x84, plus ? 0x8664 : 0x014C);
	put_u16(p, 0x86, 1);
	put_u16(p, 0x84 + 16, (uint16_t)opt_size);
	put_u16(p, 0x84 + 18, plus ? 0x2022 : 0x2102);
	/* optional header (II.25.2.3) */
	opt = lay->opt_off = 0x84 + 20;
	put_u16(p, opt, plus ? 0x20B : 0x10B);
	p[opt + 2] = 8;
	put_u32(p, opt + 4, (uint32_t)raw_size);
	put_u32(p, opt + 20, TEXT_RVA);
	put_u32(p, opt + 32, SECT_ALIGN);
	put_u32(p, opt + 36, FILE_ALIGN);
	put_u16(p, opt + 40, 4);
	put_u16(p, opt + 48, 4);
	put_u32(p, opt + 56, (uint32_t)(TEXT_RVA + align_up(text_size, SECT_ALIGN)));
	put_u32(p, opt + 60, FILE_ALIGN);
	put_u16(p, opt + 68, 3);
	put_u16(p, opt + 70, 0x8540);
	if (plus) {
		put_u32(p, opt + 24, 0x00400000); /* ImageBase low half */
		put_u32(p, opt + 108, 16);
		dirs = opt + 112;
	} else {
		put_u32(p, opt + 28, 0x00400000);
		put_u32(p, opt + 92, 16);
		dirs = opt + 96;
	}
	lay->cli_dir_off = dirs + 8 * 14;
	if (!opts->native) {
		put_u32(p, dirs + 8 * 14, TEXT_RVA);
		put_u32(p, dirs + 8 * 14 + 4, 72);
	}
	/* one .text section (II.25.3) */
	sec = lay->sections_off = opt + opt_size;
	memcpy(p + sec, ".text", 5);
	put_u32(p, sec + 8, (uint32_t)text_size);
	put_u32(p, sec + 12, TEXT_RVA);
	put_u32(p, sec + 16, (uint32_t)raw_size);
	put_u32(p, sec + 20, FILE_ALIGN);
	put_u32(p, sec + 36, 0x60000020);
	lay->text_raw = FILE_ALIGN;
	lay->text_rva = TEXT_RVA;
	if (opts->native) {
		memset(p + FILE_ALIGN, 0xC3, 16); /* ret */
	} else {
		/* CLI header (II.25.3.3) followed by the metadata */
		size_t cli = lay->cli_off = FILE_ALIGN;
		put_u32(p, cli, 72);
		put_u16(p, cli + 4, opts->runtime_major ? opts->runtime_major : 2);
		put_u16(p, cli + 6, opts->runtime_major ? opts->runtime_minor : 5);
		put_u32(p, cli + 8, TEXT_RVA + 72);
		put_u32(p, cli + 12, (uint32_t)md_len);
		put_u32(p, cli + 16, opts->cli_flags ? opts->cli_flags : 1);
		memcpy(p + cli + 72, md, md_len);
		lay->metadata_off = cli + 72;
	}
	*len = total;
	return p;
}
