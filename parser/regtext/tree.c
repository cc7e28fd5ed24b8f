/*
 * tree.c - applies the operations of a .reg file to a memtree, in file
 * order, as Windows' importer applies them to the registry: a key line
 * creates the key and its missing parents, [-key] deletes the subtree and
 * closes the current key, "name"=- deletes a value, and a value written
 * twice keeps the last data.
 */
#include "regtext/regtext.h"

typedef struct tree_builder {
	cs_memtree *t;
	cs_mtkey current; /* CS_MTKEY_NONE: no key open */
} tree_builder;

static bool
on_key(void *arg, const uint16_t *units, const rt_comp *comps, size_t ncomps, bool del,
    cs_regsource src)
{
	tree_builder *b = arg;
	cs_mtkey k = cs_memtree_top(b->t);
	size_t i;
	b->current = CS_MTKEY_NONE;
	for (i = 0; i < ncomps && k != CS_MTKEY_NONE; i++) {
		cs_mtkey next = cs_memtree_child(b->t, k, units + comps[i].off, comps[i].len, !del, src);
		if (next == CS_MTKEY_NONE && !del)
			return false; /* out of memory */
		k = next;
	}
	if (del) {
		if (k != CS_MTKEY_NONE)
			cs_memtree_delete_key(b->t, k);
		return true;
	}
	cs_memtree_name_key(b->t, k, src);
	b->current = k;
	return true;
}

static bool
on_value(void *arg, const uint16_t *name, size_t nlen, bool del, uint32_t type,
    const uint8_t *data, size_t size, cs_regsource src)
{
	tree_builder *b = arg;
	bool replaced;
	if (b->current == CS_MTKEY_NONE)
		return true;
	if (del) {
		(void)cs_memtree_delete_value(b->t, b->current, name, nlen);
		return true;
	}
	return cs_memtree_set_value(b->t, b->current, name, nlen, type, data, size, src, &replaced);
}

cs_memtree *
regtext_load(cs_ctx *ctx, const cs_cursor *file)
{
	tree_builder b;
	rt_sink sink = { &b, on_key, on_value };
	b.t = cs_memtree_new(ctx);
	b.current = CS_MTKEY_NONE;
	if (b.t == NULL)
		return NULL;
	regtext_parse(ctx, file, &sink);
	if (ctx->nomem || !cs_memtree_seal(b.t)) {
		ctx->nomem = true;
		cs_memtree_free(b.t);
		return NULL;
	}
	return b.t;
}
