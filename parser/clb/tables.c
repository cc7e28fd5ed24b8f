/*
 * tables.c - the table stream, #~ (compressed) or #- (uncompressed, EnC)
 * (ECMA-335 II.24.2.6; column definitions in II.22 via schema.c).
 *
 *   off    size  field
 *   0      4     Reserved (0)
 *   4      1     MajorVersion   2 (CoreCLR also reads 1.0 and 1.1)
 *   5      1     MinorVersion   0
 *   6      1     HeapSizes      0x01 #Strings, 0x02 #GUID, 0x04 #Blob indexes
 *                               are 4 bytes; 0x08 padding, 0x20 delta only,
 *                               0x80 has-delete (informational); 0x40: four
 *                               extra bytes follow Rows[]; 0x10 undefined
 *   7      1     Reserved (1; CoreCLR: log2 of the largest rid; ignored)
 *   8      8     Valid          bit t set: table t is present
 *   16     8     Sorted         bit t set: table t is sorted by its key
 *   24     4n    Rows[n]        one u32 per Valid bit, in table order
 *   [24+4n 4     extra data     when HeapSizes & 0x40]
 *   then the rows of every present table, in table order, unpadded.
 *
 * Widths (II.24.2.6): a heap index is 4 bytes when its HeapSizes bit is
 * set; a table index is 2 bytes when the target has < 2^16 rows; a coded
 * index with b tag bits is 2 bytes when every tagged table has < 2^(16-b)
 * rows.  With #JTD every table and coded index is 4 bytes (SRM, DNMD).
 * Sizes are computed in 64 bits, so no row count can wrap them.
 *
 * Every cell of every readable table is checked; problems are aggregated
 * per (table, column, problem) into one finding that names the first row.
 */
#include <stdio.h>
#include <string.h>

#include "clb/metadata.h"

#define HEAP_STRING_4 0x01u
#define HEAP_GUID_4 0x02u
#define HEAP_BLOB_4 0x04u
#define HEAP_UNDEFINED 0x10u
#define HEAP_EXTRA_DATA 0x40u
#define MAX_RID 0x00FFFFFFu /* largest row id a token holds (II.22) */

uint32_t
clb_target_rows(const clb_md *md, unsigned id)
{
	if (id >= CLB_TABLE_SLOTS)
		return 0;
	if (md->pdb && id < CLB_T_DOCUMENT)
		return md->ext_rows[id];
	return md->tables[id].rows;
}

static uint64_t
tabs(const clb_md *md, uint64_t off)
{
	return md->tstream.base + off;
}

/* Header, version and row counts.  Sets *data_off to the first row byte.
 * False when the stream cannot be decoded further. */
static bool
parse_header(cs_ctx *ctx, clb_md *md, size_t *data_off)
{
	const cs_cursor *t = &md->tstream;
	uint32_t reserved;
	size_t n, need;
	unsigned id;

	if (!cs_cur_u32_at(t, 0, &reserved) || !cs_cur_u8_at(t, 4, &md->t_major) ||
	    !cs_cur_u8_at(t, 5, &md->t_minor) || !cs_cur_u8_at(t, 6, &md->heap_sizes) ||
	    !cs_cur_u64_at(t, 8, &md->valid) || !cs_cur_u64_at(t, 16, &md->sorted)) {
		cs_emit(ctx, CS_CLB_TABLES_TRUNCATED, tabs(md, 0),
		    "table stream is 0x%zX bytes, shorter than its 24-byte header", t->size);
		return false;
	}
	if (md->t_major == 2 && md->t_minor == 0) {
		md->schema = CLB_SCHEMA_2_0;
	} else if (md->t_major == 1 && md->t_minor == 0) {
		md->schema = CLB_SCHEMA_1_0;
	} else if (md->t_major == 1 && md->t_minor == 1) {
		md->schema = CLB_SCHEMA_1_1;
	} else {
		cs_emit(ctx, CS_CLB_TABLES_VERSION, tabs(md, 4),
		    "table schema version %u.%u; only 2.0, 1.0 and 1.1 are defined",
		    md->t_major, md->t_minor);
		return false;
	}
	if (reserved != 0)
		cs_emit(ctx, CS_CLB_TABLES_RESERVED, tabs(md, 0),
		    "table stream Reserved is 0x%08X, not 0", reserved);
	if (md->heap_sizes & HEAP_UNDEFINED)
		cs_emit(ctx, CS_CLB_TABLES_HEAP_SIZES, tabs(md, 6),
		    "HeapSizes 0x%02X has the undefined bit 0x10 set", md->heap_sizes);
	for (n = 0, id = 0; id < CLB_TABLE_SLOTS; id++)
		n += (md->valid >> id) & 1;
	need = 24 + 4 * n + ((md->heap_sizes & HEAP_EXTRA_DATA) ? 4 : 0);
	if (need > t->size) {
		cs_emit(ctx, CS_CLB_TABLES_TRUNCATED, tabs(md, 24),
		    "table stream is 0x%zX bytes; its %zu row counts%s need 0x%zX", t->size, n,
		    (md->heap_sizes & HEAP_EXTRA_DATA) ? " and HeapSizes 0x40 extra data" : "",
		    need);
		return false;
	}
	*data_off = need;
	return true;
}

/* Reads Rows[] and decides each present table's schema.  Returns the
 * first table id that cannot be located (CLB_TABLE_SLOTS when none). */
static unsigned
declare_tables(cs_ctx *ctx, clb_md *md)
{
	unsigned id, unlocatable = CLB_TABLE_SLOTS;
	size_t off = 24;
	for (id = 0; id < CLB_TABLE_SLOTS; id++) {
		clb_table *tb = &md->tables[id];
		bool pdb_table = id >= CLB_T_DOCUMENT && id <= CLB_T_CUSTOMDEBUGINFORMATION;
		if (!(md->valid >> id & 1))
			continue;
		(void)cs_cur_u32_at(&md->tstream, off, &tb->rows); /* fits: parse_header */
		tb->present = true;
		tb->schema = clb_schema_table(md->schema, id, md->pdb);
		if (tb->schema == NULL) {
			if (pdb_table)
				cs_emit(ctx, CS_CLB_TABLES_UNKNOWN, tabs(md, 8),
				    "Valid marks portable-PDB table 0x%02X (%s) but there is no #Pdb "
				    "stream; tables from 0x%02X on cannot be located", id,
				    clb_schema_table_name(id), id);
			else if (clb_schema_known_anywhere(id))
				cs_emit(ctx, CS_CLB_TABLES_NOT_IN_SCHEMA, tabs(md, 8),
				    "Valid marks table 0x%02X (%s), which schema %u.%u does not "
				    "define; tables from 0x%02X on cannot be located", id,
				    clb_schema_table_name(id), md->t_major, md->t_minor, id);
			else
				cs_emit(ctx, CS_CLB_TABLES_UNKNOWN, tabs(md, 8),
				    "Valid marks undefined table 0x%02X; tables from 0x%02X on "
				    "cannot be located", id, id);
			if (id < unlocatable)
				unlocatable = id;
		}
		if (tb->rows > MAX_RID)
			cs_emit(ctx, CS_CLB_TABLES_ROWS_TOO_MANY, tabs(md, off),
			    "%s (0x%02X) declares 0x%X rows, above 0x00FFFFFF",
			    clb_schema_table_name(id), id, tb->rows);
		else if (tb->rows == 0)
			cs_emit(ctx, CS_CLB_TABLES_EMPTY, tabs(md, off),
			    "%s (0x%02X) is marked valid with 0 rows", clb_schema_table_name(id), id);
		off += 4;
	}
	return unlocatable;
}

/* Width in bytes of a column under this image's heap sizes and rows. */
static uint8_t
column_width(const clb_md *md, const clb_col *col)
{
	const clb_coded_index *ci;
	uint32_t max = 0;
	unsigned k;
	switch (col->kind) {
	case CLB_COL_U16:
	case CLB_COL_U8PAD:
		return 2;
	case CLB_COL_U32:
		return 4;
	case CLB_COL_STRING:
		return md->heap_sizes & HEAP_STRING_4 ? 4 : 2;
	case CLB_COL_GUID:
		return md->heap_sizes & HEAP_GUID_4 ? 4 : 2;
	case CLB_COL_BLOB:
		return md->heap_sizes & HEAP_BLOB_4 ? 4 : 2;
	case CLB_COL_RID:
	case CLB_COL_LIST:
		if (md->jtd)
			return 4;
		return clb_target_rows(md, col->ref) < 0x10000u ? 2 : 4;
	case CLB_COL_CODED:
		if (md->jtd)
			return 4;
		ci = clb_schema_coded(col->ref);
		for (k = 0; k < ci->ntags; k++)
			if (ci->tables[k] != CLB_NO_TABLE && clb_target_rows(md, ci->tables[k]) > max)
				max = clb_target_rows(md, ci->tables[k]);
		return (uint64_t)max < ((uint64_t)1 << (16 - ci->tag_bits)) ? 2 : 4;
	}
	return 4;
}

/* Lays out every locatable table and checks that its rows fit. */
static void
size_tables(cs_ctx *ctx, clb_md *md, size_t data_off, unsigned unlocatable)
{
	uint64_t off = data_off;
	unsigned id, c;
	for (id = 0; id < unlocatable; id++) {
		clb_table *tb = &md->tables[id];
		uint64_t bytes;
		if (!tb->present)
			continue;
		tb->row_size = 0;
		for (c = 0; c < tb->schema->ncols; c++) {
			tb->col_offset[c] = (uint8_t)tb->row_size;
			tb->col_width[c] = column_width(md, &tb->schema->cols[c]);
			tb->row_size += tb->col_width[c];
		}
		tb->start = off;
		tb->sized = true;
		bytes = (uint64_t)tb->rows * tb->row_size;
		if (bytes > md->tstream.size - off) {
			cs_emit(ctx, CS_CLB_TABLES_DATA_TRUNCATED, tabs(md, off),
			    "%s needs %u rows x %u bytes = 0x%llX bytes at stream offset 0x%llX; "
			    "the table stream has 0x%zX bytes", tb->schema->name, tb->rows,
			    tb->row_size, (unsigned long long)bytes, (unsigned long long)off,
			    md->tstream.size);
			return;
		}
		tb->readable = true;
		off += bytes;
	}
}

/* Per (column, issue) tally of one table's cells. */
typedef struct cell_tally {
	uint32_t count;
	uint32_t first_row;
	uint32_t first_value;
} cell_tally;

typedef struct table_pass {
	cell_tally tally[CLB_MAX_COLS][CLB_CELL_ISSUE_COUNT];
	uint32_t prev_list[CLB_MAX_COLS];
	uint32_t prev_key[CLB_MAX_SORT_KEYS];
	uint32_t unsorted, first_unsorted;
} table_pass;

/* Checks one table or coded index cell. */
static clb_cell_issue
check_reference(const clb_md *md, const clb_col *col, uint32_t v)
{
	const clb_coded_index *ci;
	unsigned tag;
	uint32_t rid, target;
	if (col->kind == CLB_COL_RID) {
		rid = v;
		target = col->ref;
	} else {
		ci = clb_schema_coded(col->ref);
		tag = v & ((1u << ci->tag_bits) - 1);
		rid = v >> ci->tag_bits;
		if (tag >= ci->ntags || ci->tables[tag] == CLB_NO_TABLE)
			return CLB_CELL_CODED_TAG;
		target = ci->tables[tag];
	}
	if (rid == 0)
		return (col->flags & CLB_COL_NULLABLE) ? CLB_CELL_OK : CLB_CELL_RID_NULL;
	return rid > clb_target_rows(md, target) ? CLB_CELL_RID_RANGE : CLB_CELL_OK;
}

/* Checks one cell value of column c; updates the list run state. */
static clb_cell_issue
check_cell(const clb_md *md, const clb_col *col, uint32_t v, uint32_t *prev_list)
{
	switch (col->kind) {
	case CLB_COL_STRING:
		return clb_string_ref(md, v);
	case CLB_COL_GUID:
		return clb_guid_ref(md, v);
	case CLB_COL_BLOB:
		return clb_blob_ref(md, v);
	case CLB_COL_RID:
	case CLB_COL_CODED:
		return check_reference(md, col, v);
	case CLB_COL_LIST:
		/* II.22: a run starts at v and ends before the next row's v or
		 * at the end of the target, so 1 <= v <= rows + 1, non-decreasing */
		if (v == 0 || (uint64_t)v > (uint64_t)clb_target_rows(md, col->ref) + 1)
			return CLB_CELL_LIST_RANGE;
		if (v < *prev_list)
			return CLB_CELL_LIST_DECREASING;
		*prev_list = v;
		return CLB_CELL_OK;
	default:
		return CLB_CELL_OK;
	}
}

/* True when row key cur sorts before prev under the table's keys. */
static bool
key_before(const clb_table_schema *s, const uint32_t *prev, const uint32_t *cur)
{
	unsigned k;
	for (k = 0; k < s->nkeys; k++) {
		if (cur[k] == prev[k])
			continue;
		return s->keys[k].descending ? cur[k] > prev[k] : cur[k] < prev[k];
	}
	return false;
}

/* Name of the heap a column indexes. */
static const char *
heap_name(uint8_t kind)
{
	return kind == CLB_COL_STRING ? "#Strings" : kind == CLB_COL_GUID ? "#GUID" : "#Blob";
}

/* Sentence fragment for an aggregated cell issue. */
static void
describe_issue(const clb_md *md, const clb_col *col, clb_cell_issue issue, char *buf, size_t cap)
{
	const clb_coded_index *ci = col->kind == CLB_COL_CODED ? clb_schema_coded(col->ref) : NULL;
	switch (issue) {
	case CLB_CELL_HEAP_MISSING:
		snprintf(buf, cap, "index the %s heap, which is absent or unusable", heap_name(col->kind));
		break;
	case CLB_CELL_STRING_OOB:
		snprintf(buf, cap, "index past the end of #Strings (0x%zX bytes)",
		    md->strings.cur.size);
		break;
	case CLB_CELL_STRING_UNTERMINATED:
		snprintf(buf, cap, "start strings with no NUL before the end of #Strings");
		break;
	case CLB_CELL_STRING_UTF8:
		snprintf(buf, cap, "start strings that are not valid UTF-8");
		break;
	case CLB_CELL_BLOB_OOB:
		snprintf(buf, cap, "index past the end of #Blob (0x%zX bytes)", md->blob.cur.size);
		break;
	case CLB_CELL_BLOB_LENGTH:
		snprintf(buf, cap, "start blobs with an invalid length prefix");
		break;
	case CLB_CELL_BLOB_PAST_END:
		snprintf(buf, cap, "start blobs whose length runs past the end of #Blob");
		break;
	case CLB_CELL_BLOB_NON_MINIMAL:
		snprintf(buf, cap, "start blobs whose length prefix is longer than needed");
		break;
	case CLB_CELL_GUID_OOB:
		snprintf(buf, cap, "index past the %zu GUIDs of #GUID", md->guid.cur.size / 16);
		break;
	case CLB_CELL_RID_RANGE:
		if (ci == NULL)
			snprintf(buf, cap, "name rows past the end of %s (%u rows)",
			    clb_schema_table_name(col->ref), clb_target_rows(md, col->ref));
		else
			snprintf(buf, cap, "name rows past the end of their %s target", ci->name);
		break;
	case CLB_CELL_RID_NULL:
		snprintf(buf, cap, "are null where a row is required");
		break;
	case CLB_CELL_CODED_TAG:
		snprintf(buf, cap, "have a %s tag that names no table", ci ? ci->name : "?");
		break;
	case CLB_CELL_LIST_RANGE:
		snprintf(buf, cap, "are outside 1..%llu (%s rows + 1)",
		    (unsigned long long)clb_target_rows(md, col->ref) + 1,
		    clb_schema_table_name(col->ref));
		break;
	case CLB_CELL_LIST_DECREASING:
		snprintf(buf, cap, "are smaller than the same column of the row before");
		break;
	default:
		snprintf(buf, cap, "are invalid");
		break;
	}
}

static const cs_code issue_code[CLB_CELL_ISSUE_COUNT] = {
	[CLB_CELL_OK] = CS_CODE_COUNT,
	[CLB_CELL_HEAP_MISSING] = CS_CLB_HEAP_MISSING,
	[CLB_CELL_STRING_OOB] = CS_CLB_STRINGS_INDEX_OOB,
	[CLB_CELL_STRING_UNTERMINATED] = CS_CLB_STRINGS_INDEX_UNTERMINATED,
	[CLB_CELL_STRING_UTF8] = CS_CLB_STRINGS_BAD_UTF8,
	[CLB_CELL_BLOB_OOB] = CS_CLB_BLOB_INDEX_OOB,
	[CLB_CELL_BLOB_LENGTH] = CS_CLB_BLOB_BAD_LENGTH,
	[CLB_CELL_BLOB_PAST_END] = CS_CLB_BLOB_PAST_END,
	[CLB_CELL_BLOB_NON_MINIMAL] = CS_CLB_BLOB_NON_MINIMAL,
	[CLB_CELL_GUID_OOB] = CS_CLB_GUID_INDEX_OOB,
	[CLB_CELL_RID_RANGE] = CS_CLB_ROW_RID_RANGE,
	[CLB_CELL_RID_NULL] = CS_CLB_ROW_RID_NULL,
	[CLB_CELL_CODED_TAG] = CS_CLB_ROW_CODED_TAG,
	[CLB_CELL_LIST_RANGE] = CS_CLB_ROW_LIST_RANGE,
	[CLB_CELL_LIST_DECREASING] = CS_CLB_ROW_LIST_DECREASING,
};

/* File offset of a cell. */
static uint64_t
cell_abs(const clb_md *md, const clb_table *tb, uint32_t row, unsigned col)
{
	return tabs(md, tb->start + (uint64_t)(row - 1) * tb->row_size + tb->col_offset[col]);
}

/* One finding per (column, issue) with the first offending row. */
static void
emit_tallies(cs_ctx *ctx, const clb_md *md, const clb_table *tb, const table_pass *p,
    uint32_t checked)
{
	const clb_table_schema *s = tb->schema;
	char what[160];
	unsigned c, i;
	for (c = 0; c < s->ncols; c++) {
		for (i = 1; i < CLB_CELL_ISSUE_COUNT; i++) {
			const cell_tally *t = &p->tally[c][i];
			if (t->count == 0)
				continue;
			describe_issue(md, &s->cols[c], (clb_cell_issue)i, what, sizeof what);
			cs_emit(ctx, issue_code[i], cell_abs(md, tb, t->first_row, c),
			    "%s.%s: %u of %u rows %s (first: row %u, value 0x%X)", s->name,
			    s->cols[c].name, t->count, checked, what, t->first_row, t->first_value);
		}
	}
}

/* Checks every cell and the key order of one readable table. */
static void
check_table_rows(cs_ctx *ctx, clb_md *md, unsigned id, table_pass *p)
{
	clb_table *tb = &md->tables[id];
	const clb_table_schema *s = tb->schema;
	uint32_t rows = tb->rows, row, key[CLB_MAX_SORT_KEYS];
	unsigned c, k;

	if (rows > ctx->limits.max_table_rows) {
		cs_emit(ctx, CS_CLB_TABLES_ROWS_LIMIT, tabs(md, tb->start),
		    "%s has %u rows; only the first %u (max_table_rows) are checked", s->name,
		    rows, (unsigned)ctx->limits.max_table_rows);
		rows = ctx->limits.max_table_rows;
	}
	memset(p, 0, sizeof *p);
	for (row = 1; row <= rows; row++) {
		size_t base = (size_t)(tb->start + (uint64_t)(row - 1) * tb->row_size);
		uint32_t vals[CLB_MAX_COLS];
		for (c = 0; c < s->ncols; c++) {
			clb_cell_issue issue;
			vals[c] = 0;
			(void)cs_cur_uint_at(&md->tstream, base + tb->col_offset[c], tb->col_width[c],
			    &vals[c]);
			issue = check_cell(md, &s->cols[c], vals[c], &p->prev_list[c]);
			if (issue != CLB_CELL_OK && p->tally[c][issue].count++ == 0) {
				p->tally[c][issue].first_row = row;
				p->tally[c][issue].first_value = vals[c];
			}
		}
		for (k = 0; k < s->nkeys; k++)
			key[k] = vals[s->keys[k].col];
		if (row > 1 && s->nkeys > 0 && key_before(s, p->prev_key, key) &&
		    p->unsorted++ == 0)
			p->first_unsorted = row;
		memcpy(p->prev_key, key, sizeof key);
	}
	emit_tallies(ctx, md, tb, p, rows);
	if (s->nkeys > 0 && p->unsorted > 0 && (md->sorted >> id & 1))
		cs_emit(ctx, CS_CLB_TABLES_UNSORTED, cell_abs(md, tb, p->first_unsorted, s->keys[0].col),
		    "%s is marked sorted but %u rows are out of %s order (first: row %u)", s->name,
		    p->unsorted, s->cols[s->keys[0].col].name, p->first_unsorted);
	if (s->nkeys > 0 && tb->rows > 0 && !(md->sorted >> id & 1) && !md->uncompressed)
		cs_emit(ctx, CS_CLB_TABLES_SORTED_BIT, tabs(md, 16),
		    "%s must be sorted by %s but its Sorted bit is clear (the rows are %s)",
		    s->name, s->cols[s->keys[0].col].name, p->unsorted ? "unsorted" : "in order");
}

/* Rules about which tables may appear and how many rows they have. */
static void
check_table_set(cs_ctx *ctx, clb_md *md)
{
	unsigned id;
	if (!md->pdb && md->tables[CLB_T_MODULE].rows != 1)
		cs_emit(ctx, CS_CLB_TABLES_MODULE_COUNT, tabs(md, 8),
		    "Module has %u rows; exactly 1 is required", md->tables[CLB_T_MODULE].rows);
	for (id = 0; id < CLB_TABLE_SLOTS; id++) {
		const clb_table *tb = &md->tables[id];
		unsigned target = clb_schema_ptr_target(id);
		if (!tb->present || tb->rows == 0)
			continue;
		if (md->pdb && id < CLB_T_DOCUMENT)
			cs_emit(ctx, CS_CLB_PDB_TYPE_SYSTEM_TABLE, tabs(md, 8),
			    "portable PDB holds type-system table %s (%u rows)",
			    clb_schema_table_name(id), tb->rows);
		if (target != CLB_NO_TABLE && !md->uncompressed)
			cs_emit(ctx, CS_CLB_TABLES_PTR_IN_COMPRESSED, tabs(md, 8),
			    "%s has %u rows in a #~ stream", clb_schema_table_name(id), tb->rows);
		else if (target != CLB_NO_TABLE && tb->rows != md->tables[target].rows)
			cs_emit(ctx, CS_CLB_TABLES_PTR_COUNT, tabs(md, 8),
			    "%s has %u rows but %s has %u", clb_schema_table_name(id), tb->rows,
			    clb_schema_table_name(target), md->tables[target].rows);
		if (id == CLB_T_ENCMAP && !md->uncompressed)
			cs_emit(ctx, CS_CLB_TABLES_ENCMAP_IN_COMPRESSED, tabs(md, 8),
			    "ENCMap has %u rows in a #~ stream", tb->rows);
	}
}

/* Module row rules (II.22.30) on the first Module row. */
static void
check_module_row(cs_ctx *ctx, clb_md *md)
{
	const clb_table *tb = &md->tables[CLB_T_MODULE];
	uint32_t mvid, enc, encbase;
	if (!tb->readable || tb->rows == 0)
		return;
	(void)clb_cell_value(md, CLB_T_MODULE, 1, 2, &mvid);
	(void)clb_cell_value(md, CLB_T_MODULE, 1, 3, &enc);
	(void)clb_cell_value(md, CLB_T_MODULE, 1, 4, &encbase);
	if (mvid == 0)
		cs_emit(ctx, CS_CLB_MODULE_MVID, cell_abs(md, tb, 1, 2), "Module.Mvid is null");
	if ((enc != 0 || encbase != 0) && !md->uncompressed)
		cs_emit(ctx, CS_CLB_MODULE_ENC, cell_abs(md, tb, 1, 3),
		    "Module.EncId is %u and Module.EncBaseId is %u in a #~ stream", enc, encbase);
}

/* Heaps larger than 64 KiB need their 4-byte index bit (II.24.2.6). */
static void
check_heap_widths(cs_ctx *ctx, clb_md *md)
{
	static const struct {
		uint8_t bit;
		const char *name;
	} w[] = { { HEAP_STRING_4, "#Strings" }, { HEAP_GUID_4, "#GUID" }, { HEAP_BLOB_4, "#Blob" } };
	const clb_heap *h[3] = { &md->strings, &md->guid, &md->blob };
	unsigned i;
	for (i = 0; i < 3; i++)
		if (h[i]->present && h[i]->cur.size > 0xFFFF && !(md->heap_sizes & w[i].bit))
			cs_emit(ctx, CS_CLB_HEAP_INDEX_WIDTH, tabs(md, 6),
			    "%s is 0x%zX bytes but HeapSizes 0x%02X keeps its indexes at 2 bytes "
			    "(reaching %s)", w[i].name, h[i]->cur.size, md->heap_sizes,
			    h[i] == &md->guid ? "its first 65535 GUIDs" : "its first 64 KiB");
}

void
clb_tables_parse(cs_ctx *ctx, clb_md *md)
{
	table_pass pass;
	size_t data_off;
	unsigned id, unlocatable;

	if (!md->has_tables || !parse_header(ctx, md, &data_off))
		return;
	md->tables_decoded = true;
	unlocatable = declare_tables(ctx, md);
	size_tables(ctx, md, data_off, unlocatable);
	check_table_set(ctx, md);
	check_heap_widths(ctx, md);
	for (id = 0; id < CLB_TABLE_SLOTS && !ctx->nomem; id++)
		if (md->tables[id].readable)
			check_table_rows(ctx, md, id, &pass);
	check_module_row(ctx, md);
}

bool
clb_cell_value(const clb_md *md, unsigned id, uint32_t row, unsigned col, uint32_t *value)
{
	const clb_table *tb;
	if (id >= CLB_TABLE_SLOTS)
		return false;
	tb = &md->tables[id];
	if (!tb->readable || row == 0 || row > tb->rows || col >= tb->schema->ncols)
		return false;
	return cs_cur_uint_at(&md->tstream,
	    (size_t)(tb->start + (uint64_t)(row - 1) * tb->row_size + tb->col_offset[col]),
	    tb->col_width[col], value);
}
