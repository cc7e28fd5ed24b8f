/*
 * container.c - the comscan_clb handle: a stand-alone metadata root or a
 * PE image, parsed by pe/ and clb/, with read access for callers.
 */
#include "scan/container.h"

#include <string.h>

#include "core/alloc.h"
#include "scan/detect.h"

struct comscan_clb {
	cs_ctx ctx;                 /* allocator and limits of the handle */
	comscan_findings *findings; /* sealed                             */
	cs_container c;
};

void
cs_container_parse(cs_ctx *ctx, const cs_cursor *file, cs_container *out)
{
	memset(out, 0, sizeof *out);
	if (cs_detect_mz(file)) {
		out->kind = COMSCAN_KIND_PE;
		pe_image_parse(ctx, file, &out->pe);
		if (ctx->nomem || !out->pe.has_metadata)
			return;
		clb_md_parse(ctx, &out->pe.metadata, true, &out->md);
		out->has_md = true;
		return;
	}
	out->kind = cs_detect_clb_signature(file) ? COMSCAN_KIND_CLB : COMSCAN_KIND_UNKNOWN;
	clb_md_parse(ctx, file, false, &out->md);
	out->has_md = true;
}

void
cs_container_free(cs_ctx *ctx, cs_container *c)
{
	if (c->has_md)
		clb_md_free(ctx, &c->md);
	pe_image_free(ctx, &c->pe);
	c->has_md = false;
}

comscan_status
comscan_clb_open(const void *data, size_t size, const comscan_options *opts, comscan_clb **out)
{
	comscan_clb *h;
	cs_ctx ctx;
	cs_cursor file;
	comscan_status st = cs_ctx_open(&ctx, data, size, opts, out, sizeof *h, (void **)&h);

	if (st != COMSCAN_OK)
		return st;
	cs_cur_init(&file, data, size);
	cs_container_parse(&ctx, &file, &h->c);
	h->findings = cs_ctx_take_findings(&ctx);
	if (h->findings == NULL) {
		cs_container_free(&ctx, &h->c);
		cs_ctx_free(&ctx, h);
		cs_ctx_fini(&ctx);
		return COMSCAN_ERR_NOMEM;
	}
	h->ctx = ctx;
	*out = h;
	return COMSCAN_OK;
}

void
comscan_clb_close(comscan_clb *clb)
{
	cs_ctx ctx;
	if (clb == NULL)
		return;
	ctx = clb->ctx;
	cs_container_free(&ctx, &clb->c);
	cs_findings_free(clb->findings);
	cs_ctx_free(&ctx, clb);
	cs_ctx_fini(&ctx);
}

const comscan_findings *
comscan_clb_findings(const comscan_clb *clb)
{
	return clb ? clb->findings : NULL;
}

comscan_kind
comscan_clb_kind(const comscan_clb *clb)
{
	return clb ? clb->c.kind : COMSCAN_KIND_UNKNOWN;
}

void
comscan_clb_get_info(const comscan_clb *clb, comscan_clb_info *out)
{
	const clb_md *md;
	int t;
	memset(out, 0, sizeof *out);
	out->version = "";
	out->table_stream = "";
	if (clb == NULL || !clb->c.has_md || !clb->c.md.has_root)
		return;
	md = &clb->c.md;
	out->has_metadata = 1;
	out->metadata_offset = md->root.base;
	out->metadata_size = md->root.size;
	out->major = md->major;
	out->minor = md->minor;
	out->version = md->version;
	out->storage_flags = md->flags;
	out->extra_data_size = md->extra_size;
	out->stream_count = (uint32_t)md->nstreams;
	out->has_tables = md->tables_decoded;
	t = md->role_stream[md->uncompressed ? CLB_ROLE_TABLES_UNCOMP : CLB_ROLE_TABLES];
	if (md->has_tables && t >= 0)
		out->table_stream = md->streams[t].shown;
	out->tables_major = md->t_major;
	out->tables_minor = md->t_minor;
	out->heap_sizes = md->heap_sizes;
	out->valid_mask = md->valid;
	out->sorted_mask = md->sorted;
}

size_t
comscan_clb_stream_count(const comscan_clb *clb)
{
	return clb && clb->c.has_md ? clb->c.md.nstreams : 0;
}

int
comscan_clb_stream_at(const comscan_clb *clb, size_t i, comscan_clb_stream *out)
{
	const clb_stream *s;
	if (i >= comscan_clb_stream_count(clb))
		return -1;
	s = &clb->c.md.streams[i];
	out->name = s->shown;
	out->offset = s->offset;
	out->size = s->size;
	out->file_offset = clb->c.md.root.base + s->offset;
	out->in_bounds = s->in_bounds;
	out->used = s->used;
	return 0;
}

/* The id of the i-th present table, or -1. */
static int
nth_table(const comscan_clb *clb, size_t i)
{
	unsigned id;
	if (clb == NULL || !clb->c.has_md)
		return -1;
	for (id = 0; id < CLB_TABLE_SLOTS; id++)
		if (clb->c.md.tables[id].present && i-- == 0)
			return (int)id;
	return -1;
}

size_t
comscan_clb_table_count(const comscan_clb *clb)
{
	size_t n = 0;
	unsigned id;
	if (clb == NULL || !clb->c.has_md)
		return 0;
	for (id = 0; id < CLB_TABLE_SLOTS; id++)
		n += clb->c.md.tables[id].present;
	return n;
}

int
comscan_clb_table_at(const comscan_clb *clb, size_t i, comscan_clb_table *out)
{
	int id = nth_table(clb, i);
	const clb_table *tb;
	if (id < 0)
		return -1;
	tb = &clb->c.md.tables[id];
	out->id = (uint8_t)id;
	out->name = clb_schema_table_name((unsigned)id);
	out->rows = tb->rows;
	out->row_size = tb->sized ? tb->row_size : 0;
	out->columns = tb->schema ? tb->schema->ncols : 0;
	out->file_offset = tb->sized ? clb->c.md.tstream.base + tb->start : COMSCAN_NO_OFFSET;
	out->sorted = (int)(clb->c.md.sorted >> id & 1);
	out->readable = tb->readable;
	return 0;
}

const char *
comscan_clb_column_name(const comscan_clb *clb, uint8_t table, uint32_t col)
{
	const clb_table_schema *s;
	if (clb == NULL || !clb->c.has_md || table >= CLB_TABLE_SLOTS)
		return NULL;
	s = clb->c.md.tables[table].schema;
	if (s == NULL || col >= s->ncols)
		return NULL;
	return s->cols[col].name;
}

int
comscan_clb_column_at(const comscan_clb *clb, uint8_t table, uint32_t col, comscan_clb_column *out)
{
	const clb_table *tb;
	if (clb == NULL || out == NULL || !clb->c.has_md || table >= CLB_TABLE_SLOTS)
		return -1;
	tb = &clb->c.md.tables[table];
	if (!tb->sized || col >= tb->schema->ncols)
		return -1;
	out->name = tb->schema->cols[col].name;
	out->offset = tb->col_offset[col];
	out->width = tb->col_width[col];
	return 0;
}

int
comscan_clb_cell(const comscan_clb *clb, uint8_t table, uint32_t row, uint32_t col,
    uint32_t *value)
{
	if (clb == NULL || value == NULL || !clb->c.has_md)
		return -1;
	return clb_cell_value(&clb->c.md, table, row, col, value) ? 0 : -1;
}

int
comscan_clb_pe_info(const comscan_clb *clb, comscan_pe_info *out)
{
	if (clb == NULL || clb->c.kind != COMSCAN_KIND_PE || !clb->c.pe.is_pe)
		return -1;
	*out = clb->c.pe.info;
	return 0;
}

size_t
comscan_clb_pe_section_count(const comscan_clb *clb)
{
	return clb && clb->c.kind == COMSCAN_KIND_PE ? clb->c.pe.nsections : 0;
}

int
comscan_clb_pe_section_at(const comscan_clb *clb, size_t i, comscan_pe_section *out)
{
	if (i >= comscan_clb_pe_section_count(clb))
		return -1;
	*out = clb->c.pe.sections[i];
	return 0;
}
