/*
 * registry.c - the comscan_registry handle: a registry dump read into a
 * tree (regtext/ for .reg files), walked and written through the regtree
 * interface.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/regwalk.h"
#include "core/strbuf.h"
#include "regf/regf.h"
#include "regtext/regtext.h"
#include "report/out.h"
#include "report/regwrite.h"
#include "scan/detect.h"
#include "scan/scan.h"

struct comscan_registry {
	cs_ctx ctx;                 /* allocator and limits of the handle */
	comscan_findings *findings;
	comscan_kind kind;
	cs_memtree *mt;             /* sealed                              */
};

comscan_status
comscan_registry_open(const void *data, size_t size, const comscan_options *opts,
    comscan_registry **result)
{
	comscan_registry *h;
	cs_ctx ctx;
	cs_cursor file;
	comscan_status st = cs_ctx_open(&ctx, data, size, opts, result, sizeof *h, (void **)&h);
	if (st != COMSCAN_OK)
		return st;
	cs_cur_init(&file, data, size);
	h->kind = cs_detect(&file);
	if (h->kind == COMSCAN_KIND_REG) {
		h->mt = regtext_load(&ctx, &file);
	} else if (h->kind == COMSCAN_KIND_REGF) {
		h->mt = regf_load(&ctx, &file);
	} else {
		cs_scan_kind(&ctx, h->kind, &file);
		h->mt = cs_memtree_new(&ctx);
		if (h->mt != NULL && !cs_memtree_seal(h->mt))
			ctx.nomem = true;
	}
	if (h->mt != NULL)
		h->findings = cs_ctx_take_findings(&ctx);
	if (h->mt == NULL || h->findings == NULL) {
		cs_memtree_free(h->mt);
		cs_ctx_free(&ctx, h);
		cs_ctx_fini(&ctx);
		return COMSCAN_ERR_NOMEM;
	}
	h->ctx = ctx;
	*result = h;
	return COMSCAN_OK;
}

void
comscan_registry_close(comscan_registry *reg)
{
	cs_ctx ctx;
	if (reg == NULL)
		return;
	ctx = reg->ctx;
	cs_memtree_free(reg->mt);
	cs_findings_free(reg->findings);
	cs_ctx_free(&ctx, reg);
	cs_ctx_fini(&ctx);
}

comscan_kind
comscan_registry_kind(const comscan_registry *reg)
{
	return reg ? reg->kind : COMSCAN_KIND_UNKNOWN;
}

const comscan_findings *
comscan_registry_findings(const comscan_registry *reg)
{
	return reg ? reg->findings : NULL;
}

size_t
comscan_registry_key_count(const comscan_registry *reg)
{
	return reg ? cs_memtree_key_count(reg->mt) : 0;
}

size_t
comscan_registry_value_count(const comscan_registry *reg)
{
	return reg ? cs_memtree_value_count(reg->mt) : 0;
}

typedef struct walk_ctx {
	comscan_registry_visitor visitor;
	void *arg;
	const comscan_allocator *a;
	cs_strbuf path, name;
	uint16_t *units;
	size_t units_cap;
	uint8_t *data;
	size_t data_cap;
} walk_ctx;

/* Turns a walk item into a public item and calls the visitor. */
static int
walk_item(void *arg, const cs_regtree *t, const cs_regwalk_item *it)
{
	walk_ctx *w = arg;
	comscan_registry_item item;
	cs_regsource src;
	memset(&item, 0, sizeof item);
	cs_sb_clear(&w->path);
	if (!cs_sb_put_u16(&w->path, it->path, it->path_len, CS_U16_PLAIN))
		return -1;
	item.is_value = it->is_value;
	item.depth = it->depth;
	item.path = cs_sb_str(&w->path);
	if (it->is_value) {
		size_t n = t->ops->value_name(t->impl, it->ref, NULL, 0);
		size_t size = t->ops->value_data(t->impl, it->ref, NULL, 0);
		if (!cs_grow(w->a, (void **)&w->units, &w->units_cap, n + 1, sizeof *w->units) ||
		    !cs_grow(w->a, (void **)&w->data, &w->data_cap, size + 1, 1))
			return -1;
		(void)t->ops->value_name(t->impl, it->ref, w->units, n);
		cs_sb_clear(&w->name);
		cs_sb_puts(&w->name, "");
		if (!cs_sb_put_u16(&w->name, w->units, n, CS_U16_PLAIN))
			return -1;
		item.name = cs_sb_str(&w->name);
		item.type = t->ops->value_type(t->impl, it->ref);
		item.size = t->ops->value_data(t->impl, it->ref, w->data, size);
		item.data = w->data;
		src = t->ops->value_source(t->impl, it->ref);
	} else {
		src = t->ops->key_source(t->impl, it->ref);
	}
	item.offset = src.offset;
	item.line = src.line;
	return w->visitor(w->arg, &item);
}

int
comscan_registry_walk(const comscan_registry *reg, comscan_registry_visitor visitor, void *ctx)
{
	walk_ctx w;
	cs_regtree t;
	int r;
	if (reg == NULL || visitor == NULL)
		return -1;
	memset(&w, 0, sizeof w);
	w.visitor = visitor;
	w.arg = ctx;
	w.a = reg->ctx.alloc;
	cs_sb_init(&w.path, w.a);
	cs_sb_init(&w.name, w.a);
	t = cs_memtree_regtree(reg->mt);
	r = cs_regwalk(&t, w.a, SIZE_MAX, walk_item, &w, NULL);
	cs_sb_free(&w.path);
	cs_sb_free(&w.name);
	cs_free(w.a, w.units);
	cs_free(w.a, w.data);
	return r;
}

int
comscan_registry_write_tsv(const comscan_registry *reg, comscan_sink sink, void *ctx)
{
	cs_regtree t;
	if (reg == NULL || sink == NULL)
		return -1;
	t = cs_memtree_regtree(reg->mt);
	return cs_write_tsv(&t, reg->ctx.alloc, sink, ctx);
}

int
comscan_registry_write_reg(const comscan_registry *reg, comscan_sink sink, void *ctx)
{
	cs_regtree t;
	if (reg == NULL || sink == NULL)
		return -1;
	t = cs_memtree_regtree(reg->mt);
	return cs_write_reg(&t, reg->ctx.alloc, reg->ctx.limits.max_key_depth, sink, ctx);
}

/* ---- the TSV of a hive, streamed -------------------------------------------------- */

typedef struct tsv_stream {
	cs_ctx *ctx;
	const cs_cursor *file;
	out o;
	cs_strbuf line;
	cs_strbuf path;           /* the current key's path, escaped (docs/tsv.md) */
	size_t *ends;             /* ends[d]: path length at depth d */
	size_t ends_cap;
	bool failed;              /* the sink failed (o.err) or memory ran out */
} tsv_stream;

/* Writes the line in s->line; false when the walk must stop. */
static bool
flush_line(tsv_stream *s)
{
	if (s->line.nomem) {
		s->ctx->nomem = s->failed = true;
		return false;
	}
	out_write(&s->o, s->line.p, s->line.len);
	if (s->o.err != 0)
		s->failed = true;
	return !s->failed;
}

/* Puts the mount path in s->path and writes a key line for each of its
 * ancestors; ends[1] is its length. */
static bool
start_mount(tsv_stream *s)
{
	regf_name mount = { NULL, 0, 0 };
	size_t i;
	bool ok = regf_mount_path(s->ctx, s->file, &mount);
	cs_sb_clear(&s->path);
	for (i = 0; ok && i < mount.len; i++) {
		if (mount.p[i] == '\\') {
			cs_sb_clear(&s->path);
			ok = cs_sb_put_u16(&s->path, mount.p, i, CS_U16_PATH);
			cs_sb_clear(&s->line);
			cs_tsv_line(&s->line, s->path.p, s->path.len, NULL, 0, 0, 0);
			ok = ok && flush_line(s);
		}
	}
	if (ok) {
		cs_sb_clear(&s->path);
		ok = cs_sb_put_u16(&s->path, mount.p, mount.len, CS_U16_PATH);
		s->ends[1] = s->path.len;
	}
	if (!ok && !s->failed) /* not the sink: memory ran out */
		s->ctx->nomem = s->failed = true;
	cs_ctx_free(s->ctx, mount.p);
	return ok;
}

static bool
stream_key(void *arg, size_t depth, const uint16_t *name, size_t n, uint64_t offset)
{
	tsv_stream *s = arg;
	(void)offset;
	if (!cs_grow(s->ctx->alloc, (void **)&s->ends, &s->ends_cap, depth + 1, sizeof *s->ends)) {
		s->ctx->nomem = s->failed = true;
		return false;
	}
	if (depth == 1) {
		if (!start_mount(s))
			return false;
	} else {
		/* the parent's escaped path is a prefix of the buffer: cut, append */
		s->path.len = s->ends[depth - 1];
		if (!cs_sb_put(&s->path, "\\", 1) || !cs_sb_put_u16(&s->path, name, n, CS_U16_PATH)) {
			s->ctx->nomem = s->failed = true;
			return false;
		}
		s->ends[depth] = s->path.len;
	}
	s->ends[0] = s->ends[depth]; /* the path values belong to */
	cs_sb_clear(&s->line);
	cs_tsv_line(&s->line, s->path.p, s->ends[0], NULL, 0, 0, 0);
	return flush_line(s);
}

static bool
stream_value(void *arg, const regf_value *v)
{
	tsv_stream *s = arg;
	static const uint16_t none = 0;
	cs_sb_clear(&s->line);
	cs_tsv_line(&s->line, s->path.p, s->ends[0], v->name ? v->name : &none, v->name_len, v->type,
	    v->size);
	return flush_line(s);
}

/* Walks the hive in file, writing its TSV; false when the sink failed. */
static bool
stream_hive(cs_ctx *ctx, const cs_cursor *file, comscan_sink sink, void *sink_ctx)
{
	tsv_stream s;
	regf_visitor v = { NULL, false, stream_key, stream_value };
	memset(&s, 0, sizeof s);
	s.ctx = ctx;
	s.file = file;
	out_init(&s.o, sink, sink_ctx);
	cs_sb_init(&s.line, ctx->alloc);
	cs_sb_init(&s.path, ctx->alloc);
	v.arg = &s;
	regf_walk(ctx, file, &v);
	out_flush(&s.o);
	cs_sb_free(&s.line);
	cs_sb_free(&s.path);
	cs_ctx_free(ctx, s.ends);
	return s.o.err == 0;
}

/* The caller's sink, remembering whether it failed (a writer's -1 is
 * otherwise either the sink's or memory running out). */
typedef struct watched_sink {
	comscan_sink sink;
	void *ctx;
	bool failed;
} watched_sink;

static int
watched_write(void *arg, const char *data, size_t len)
{
	watched_sink *w = arg;
	int r = w->sink(w->ctx, data, len);
	if (r != 0)
		w->failed = true;
	return r;
}

comscan_status
comscan_registry_dump_tsv(const void *data, size_t size, const comscan_options *opts,
    comscan_sink sink, void *sink_ctx, comscan_report **report)
{
	cs_ctx ctx;
	cs_cursor file;
	comscan_kind kind;
	comscan_registry *reg = NULL;
	comscan_status st;
	watched_sink w = { sink, sink_ctx, false };
	bool written = true, nomem = false;
	if (report == NULL)
		return COMSCAN_ERR_INVALID;
	*report = NULL;
	if (sink == NULL || (data == NULL && size > 0))
		return COMSCAN_ERR_INVALID;
	cs_cur_init(&file, data, size);
	kind = cs_detect(&file);
	if (kind != COMSCAN_KIND_REGF) { /* a .reg file needs its tree; others have none */
		st = comscan_registry_open(data, size, opts, &reg);
		if (st != COMSCAN_OK)
			return st;
		written = comscan_registry_write_tsv(reg, watched_write, &w) == 0;
		nomem = !written && !w.failed;
		st = cs_ctx_init(&ctx, opts);
		if (st == COMSCAN_OK) {
			cs_findings_free(ctx.findings); /* the registry's findings instead */
			ctx.findings = reg->findings;
			reg->findings = NULL;
		}
		comscan_registry_close(reg);
		if (st != COMSCAN_OK)
			return st;
	} else {
		st = cs_ctx_init(&ctx, opts);
		if (st != COMSCAN_OK)
			return st;
		written = stream_hive(&ctx, &file, sink, sink_ctx);
	}
	if (ctx.nomem || nomem) {
		cs_ctx_fini(&ctx);
		return COMSCAN_ERR_NOMEM;
	}
	*report = cs_report_from(&ctx, kind);
	if (*report == NULL)
		return COMSCAN_ERR_NOMEM;
	if (!written) {
		comscan_report_close(*report);
		*report = NULL;
		return COMSCAN_ERR_OUTPUT;
	}
	return COMSCAN_OK;
}

