/*
 * registry.c - the comscan_registry handle: a registry dump read into a
 * tree (regtext/ for .reg files), walked and written through the regtree
 * interface.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/regwalk.h"
#include "core/strbuf.h"
#include "regtext/regtext.h"
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
    comscan_registry **out)
{
	comscan_registry *h;
	cs_ctx ctx;
	cs_cursor file;
	comscan_status st = cs_ctx_open(&ctx, data, size, opts, out, sizeof *h, (void **)&h);
	if (st != COMSCAN_OK)
		return st;
	cs_cur_init(&file, data, size);
	h->kind = cs_detect(&file);
	if (h->kind == COMSCAN_KIND_REG) {
		h->mt = regtext_load(&ctx, &file);
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
	*out = h;
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
	return cs_write_reg(&t, reg->ctx.alloc, sink, ctx);
}
