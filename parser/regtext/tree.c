/*
 * tree.c - applies the operations of a .reg file to a memtree, in file
 * order, as Windows' importer applies them to the registry: a key line
 * creates the key and its missing parents, [-key] deletes the subtree and
 * closes the current key, "name"=- deletes a value, and a value written
 * twice keeps the last data.
 *
 * Key lines repeat their parents' path ([A\B], then [A\B\C]...), so the
 * keys the last key line resolved are remembered with its components: the
 * components a new line repeats unit for unit resolve to the same keys
 * without a name lookup, and a line costs time in its length, not its
 * depth times the tree's height (a chain of d keys written out in full is
 * d^2/2 components).  A deletion forgets them (it may kill those keys).
 */
#include <string.h>

#include "core/alloc.h"
#include "regtext/regtext.h"

typedef struct tree_builder {
	cs_ctx *ctx;
	cs_memtree *t;
	cs_mtkey current; /* CS_MTKEY_NONE: no key open */
	/* the last key line's components and the keys they resolved to */
	uint16_t *prev_units;
	size_t cap_prev_units;
	rt_comp *prev_comps;
	cs_mtkey *prev_keys;
	size_t nprev, cap_prev_comps, cap_prev_keys;
} tree_builder;

/* The number of leading components of the new line that the last key line
 * had, unit for unit. */
static size_t
shared_prefix(const tree_builder *b, const uint16_t *units, const rt_comp *comps, size_t ncomps)
{
	size_t i;
	for (i = 0; i < ncomps && i < b->nprev; i++) {
		const rt_comp *a = &b->prev_comps[i];
		if (a->len != comps[i].len ||
		    memcmp(b->prev_units + a->off, units + comps[i].off, a->len * sizeof *units) != 0)
			break;
	}
	return i;
}

/* Remembers the line's components, whose keys on_key left in
 * prev_keys[0 .. ncomps); false on nomem. */
static bool
remember(tree_builder *b, const uint16_t *units, const rt_comp *comps, size_t ncomps)
{
	size_t nunits = ncomps ? comps[ncomps - 1].off + comps[ncomps - 1].len : 0;
	const comscan_allocator *a = b->ctx->alloc;
	b->nprev = 0;
	if (!cs_grow(a, (void **)&b->prev_units, &b->cap_prev_units, nunits, sizeof *units) ||
	    !cs_grow(a, (void **)&b->prev_comps, &b->cap_prev_comps, ncomps, sizeof *comps))
		return false;
	if (nunits)
		memcpy(b->prev_units, units, nunits * sizeof *units);
	if (ncomps)
		memcpy(b->prev_comps, comps, ncomps * sizeof *comps);
	b->nprev = ncomps;
	return true;
}

static bool
on_key(void *arg, const uint16_t *units, const rt_comp *comps, size_t ncomps, bool del,
    cs_regsource src)
{
	tree_builder *b = arg;
	cs_mtkey k = cs_memtree_top(b->t);
	size_t i = del ? 0 : shared_prefix(b, units, comps, ncomps);
	b->current = CS_MTKEY_NONE;
	if (i > 0)
		k = b->prev_keys[i - 1];
	if (!del)
		b->nprev = i; /* what follows the shared prefix is overwritten */
	/* the keys resolved go to prev_keys, past the shared prefix */
	if (!del && !cs_grow(b->ctx->alloc, (void **)&b->prev_keys, &b->cap_prev_keys, ncomps,
	                sizeof *b->prev_keys))
		return false;
	for (; i < ncomps && k != CS_MTKEY_NONE; i++) {
		cs_mtkey next = cs_memtree_child(b->t, k, units + comps[i].off, comps[i].len, !del, src);
		if (next == CS_MTKEY_NONE && !del)
			return false; /* out of memory */
		k = next;
		if (!del)
			b->prev_keys[i] = k;
	}
	if (del) {
		b->nprev = 0;
		if (k != CS_MTKEY_NONE)
			cs_memtree_delete_key(b->t, k);
		return true;
	}
	cs_memtree_name_key(b->t, k, src);
	b->current = k;
	return remember(b, units, comps, ncomps);
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
	memset(&b, 0, sizeof b);
	b.ctx = ctx;
	b.t = cs_memtree_new(ctx);
	b.current = CS_MTKEY_NONE;
	if (b.t == NULL)
		return NULL;
	regtext_parse(ctx, file, &sink);
	cs_ctx_free(ctx, b.prev_units);
	cs_ctx_free(ctx, b.prev_comps);
	cs_ctx_free(ctx, b.prev_keys);
	if (ctx->nomem || !cs_memtree_seal(b.t)) {
		ctx->nomem = true;
		cs_memtree_free(b.t);
		return NULL;
	}
	return b.t;
}
