/*
 * walk.c - the key tree of a hive, depth-first, with an explicit stack
 * (regf.md 2.3-2.6, 7).
 *
 * From the root key named by the base block, each key's subkey list is
 * followed element by element.  A key is visited the first time the walk
 * meets its cell; met again, it is a cycle when it is on the stack (the
 * key itself or an ancestor) and otherwise a key with a second parent,
 * and in both cases not followed, so the walk visits each cell at most
 * once and ends in time linear in the hive's size whatever the lists say
 * (tools that recurse without a visited set loop or crash, regf.md 3.3).
 * The stack is capped at max_key_depth (512, the registry's limit).
 *
 * Checked on the way, per key: its parent field names the key whose list
 * holds it (yarp's rule), its number of subkeys equals its list's length,
 * its siblings are in upper-cased order without duplicates, its lf hint
 * or lh hash matches its name, and its values, class and security record
 * (values.c, keys.c, security.c).  After the walk: security reference
 * counts and links, and allocated cells nothing used.
 */
#include <string.h>

#include "core/alloc.h"
#include "core/sort.h"
#include "core/ucase.h"
#include "regf/regf.h"

#define KEY_HIVE_ENTRY 0x0004u
#define PREFETCH_AHEAD 8u /* subkeys whose cells are requested before use */

/* A subkey of the key being walked: its node and its place in the list. */
typedef struct sibling {
	uint32_t off, pos;        /* node; element number in the list */
	uint32_t seq;             /* order read (check_sibling compared seq - 1 and seq) */
} sibling;

typedef struct frame {
	regf_nk nk;
	regf_listit it;
	bool has_list;
	regf_name prev;           /* the previous subkey's name */
	bool have_prev, unsorted_reported;
	sibling *sib;             /* the subkeys read, for duplicates in an */
	size_t nsib, capsib;      /* unsorted list (reused frame to frame) */
} frame;

typedef struct walker {
	regf_hive h;
	const regf_visitor *v;
	frame *stack;
	size_t depth, cap;        /* stack[0 .. depth) are in use */
	size_t inited;            /* frames whose prev buffer is initialised */
	bool stopped;             /* the visitor stopped the walk */
	regf_name name;           /* the key being read */
	regf_scratch scratch;
	regf_sktab sk;
	size_t too_deep;          /* subtrees left out at the depth limit */
	uint64_t too_deep_at;
	regf_name cmp_a, cmp_b;   /* names compared by the duplicate check */
} walker;

/* The per-key checks and visits after its node was read; false when the
 * walk must stop. */
static bool
visit_key(walker *w, const regf_nk *nk)
{
	regf_hive *h = &w->h;
	if (w->v->key != NULL &&
	    !w->v->key(w->v->arg, w->depth + 1, w->name.p, w->name.len, regf_abs(h, nk->off) + 4))
		return false;
	regf_nk_check_class(h, nk);
	if (!regf_sk_use(h, &w->sk, nk))
		return false;
	return regf_values_walk(h, nk, w->v, &w->scratch) && !h->ctx->nomem;
}

/* Pushes a visited key; false on nomem. */
static bool
push(walker *w, const regf_nk *nk)
{
	frame *f;
	if (!cs_grow(w->h.ctx->alloc, (void **)&w->stack, &w->cap, w->depth + 1, sizeof *w->stack)) {
		w->h.ctx->nomem = true;
		return false;
	}
	f = &w->stack[w->depth];
	if (w->depth == w->inited) { /* a frame never used: its buffers are new */
		memset(&f->prev, 0, sizeof f->prev);
		f->sib = NULL;
		f->capsib = 0;
		w->inited++;
	}
	f->nsib = 0;
	f->nk = *nk;
	f->have_prev = f->unsorted_reported = false;
	f->has_list = (nk->nsubkeys != 0 || nk->subkeys != REGF_NIL) &&
	              regf_list_begin(&w->h, nk->subkeys, regf_abs(&w->h, nk->off) + 4, &f->it);
	if (f->has_list) {
		unsigned k;
		for (k = 0; k < PREFETCH_AHEAD; k++) /* step() keeps this distance */
			regf_list_prefetch(&f->it, k);
	}
	w->depth++;
	return true;
}

/* Orders siblings by upper-cased name, then by the order they were read. */
static int
sibling_cmp(const void *a, const void *b, void *arg)
{
	walker *w = arg;
	const sibling *x = a, *y = b;
	int c;
	if (!regf_nk_name_again(&w->h, x->off, &w->cmp_a) ||
	    !regf_nk_name_again(&w->h, y->off, &w->cmp_b))
		return 0; /* nomem: the walk stops after the sort */
	c = cs_ucmp_ci(w->cmp_a.p, w->cmp_a.len, w->cmp_b.p, w->cmp_b.len);
	if (c != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Equal names in an unsorted list that are not neighbours in it (the
 * neighbours were reported as they were read): sorted by name, in
 * O(n log n) name comparisons whatever the names' hashes. */
static void
check_far_duplicates(walker *w, frame *f)
{
	regf_hive *h = &w->h;
	size_t i;
	if (f->nsib < 3 || !cs_sort_r(h->ctx, f->sib, f->nsib, sizeof *f->sib, sibling_cmp, w))
		return;
	for (i = 1; i < f->nsib && !h->ctx->nomem; i++) {
		const sibling *x = &f->sib[i - 1], *y = &f->sib[i];
		if (y->seq - x->seq == 1 || x->seq - y->seq == 1)
			continue; /* reported when read */
		if (!regf_nk_name_again(h, x->off, &w->cmp_a) || !regf_nk_name_again(h, y->off, &w->cmp_b))
			return;
		if (cs_ucmp_ci(w->cmp_a.p, w->cmp_a.len, w->cmp_b.p, w->cmp_b.len) == 0)
			cs_emit(h->ctx, CS_REGF_KEY_DUPLICATE, regf_abs(h, y->off) + 4,
			    "key at 0x%llX has two subkeys of the same name (elements %u and %u of its "
			    "unsorted list)",
			    (unsigned long long)(regf_abs(h, f->nk.off) + 4),
			    (unsigned)(x->pos < y->pos ? x->pos : y->pos) + 1,
			    (unsigned)(x->pos < y->pos ? y->pos : x->pos) + 1);
	}
}

/* Ends the key on top of the stack: its subkey count against its list,
 * and duplicates anywhere in it when it is not sorted. */
static void
pop(walker *w)
{
	frame *f = &w->stack[w->depth - 1];
	if (f->unsorted_reported)
		check_far_duplicates(w, f);
	/* (a list that could not be used, or read whole, was reported
	 * already: its count is then no evidence) */
	if (f->has_list && !f->it.incomplete && f->it.total != f->nk.nsubkeys)
		cs_emit(w->h.ctx, CS_REGF_NK_SUBKEY_COUNT, regf_abs(&w->h, f->nk.off) + 4 + 20,
		    "key counts %u subkeys; its subkey list holds %u", (unsigned)f->nk.nsubkeys,
		    (unsigned)f->it.total);
	w->depth--;
}

/* True when cell index off is a key on the stack. */
static bool
on_stack(const walker *w, uint32_t off)
{
	size_t i;
	for (i = 0; i < w->depth; i++)
		if (w->stack[i].nk.off == off)
			return true;
	return false;
}

/* Checks a subkey against its list element and its previous sibling. */
static void
check_sibling(walker *w, frame *f, const regf_nk *nk, uint32_t check, char kind, uint64_t at)
{
	regf_hive *h = &w->h;
	if (kind == 'h' && check != regf_name_hash(w->name.p, w->name.len))
		cs_emit(h->ctx, CS_REGF_LIST_HASH, at, "hash leaf says 0x%08X, the name's hash is 0x%08X",
		    (unsigned)check, (unsigned)regf_name_hash(w->name.p, w->name.len));
	if (kind == 'f' && !regf_hint_ok(check, w->name.p, w->name.len))
		cs_emit(h->ctx, CS_REGF_LIST_HINT, at, "fast leaf hint 0x%08X does not match the name",
		    (unsigned)check);
	if (f->have_prev) {
		int c = cs_ucmp_ci(f->prev.p, f->prev.len, w->name.p, w->name.len);
		if (c == 0)
			cs_emit(h->ctx, CS_REGF_KEY_DUPLICATE, at,
			    "key at 0x%llX has two subkeys of the same name",
			    (unsigned long long)(regf_abs(h, f->nk.off) + 4));
		else if (c > 0 && !f->unsorted_reported) {
			f->unsorted_reported = true;
			cs_emit(h->ctx, CS_REGF_KEY_UNSORTED, at,
			    "subkey list of the key at 0x%llX is not in upper-cased name order",
			    (unsigned long long)(regf_abs(h, f->nk.off) + 4));
		}
	}
	if (nk->parent != f->nk.off)
		cs_emit(h->ctx, CS_REGF_NK_PARENT, regf_abs(h, nk->off) + 4 + 16,
		    "key's parent field is 0x%X; it is listed under 0x%X", (unsigned)nk->parent,
		    (unsigned)f->nk.off);
	if (nk->flags & KEY_HIVE_ENTRY)
		cs_emit(h->ctx, CS_REGF_NK_FLAGS, regf_abs(h, nk->off) + 4 + 2,
		    "key flags 0x%04X mark a subkey as a hive's root (KEY_HIVE_ENTRY)", nk->flags);
}

/* Remembers the name just read as the frame's previous sibling (by
 * swapping buffers). */
static bool
keep_name(walker *w, frame *f)
{
	regf_name tmp = f->prev;
	f->prev = w->name;
	w->name = tmp;
	f->have_prev = true;
	return true;
}

/* Records a subkey read from f's list; false on nomem. */
static bool
add_sibling(walker *w, frame *f, uint32_t off)
{
	if (!cs_grow(w->h.ctx->alloc, (void **)&f->sib, &f->capsib, f->nsib + 1, sizeof *f->sib)) {
		w->h.ctx->nomem = true;
		return false;
	}
	f->sib[f->nsib].off = off;
	f->sib[f->nsib].pos = f->it.total - 1; /* the element just taken */
	f->sib[f->nsib].seq = (uint32_t)f->nsib;
	f->nsib++;
	return true;
}

/* Takes the next subkey of the key on top of the stack; false when the
 * walk must stop. */
static bool
step(walker *w)
{
	regf_hive *h = &w->h;
	frame *f = &w->stack[w->depth - 1];
	uint32_t off, check;
	char kind;
	cs_cursor cell;
	regf_nk nk;
	bool first;
	uint64_t at;
	if (f->has_list)
		regf_list_prefetch(&f->it, PREFETCH_AHEAD); /* hides the latency of far cells */
	if (!f->has_list || !regf_list_next(&f->it, &off, &check, &kind)) {
		pop(w);
		return true;
	}
	at = regf_abs(h, f->it.leaf_off) + 4;
	if (!regf_cell(h, off, at, "subkey", &cell, &first)) {
		h->partial = true;
		return true;
	}
	if (!first && !cs_cur_equals_at(&cell, 0, "nk", 2)) {
		/* a record met before that is no key: the element is bad, it
		 * does not make a second path to a key */
		(void)regf_nk_read(h, off, &cell, &nk, &w->name);
		h->partial = true;
		return !h->ctx->nomem;
	}
	if (!first) {
		bool cycle = on_stack(w, off);
		cs_emit(h->ctx, cycle ? CS_REGF_KEY_CYCLE : CS_REGF_KEY_SHARED, at,
		    cycle ? "key 0x%X lists 0x%X, which is itself or one of its ancestors"
		          : "key 0x%X lists 0x%X, a key already met elsewhere in the tree",
		    (unsigned)f->nk.off, (unsigned)off);
		return true;
	}
	if (!regf_nk_read(h, off, &cell, &nk, &w->name)) {
		h->partial = true;
		return !h->ctx->nomem;
	}
	check_sibling(w, f, &nk, check, kind, at);
	if (!add_sibling(w, f, off))
		return false;
	if (w->depth >= h->ctx->limits.max_key_depth) {
		if (w->too_deep++ == 0)
			w->too_deep_at = regf_abs(h, off) + 4;
		h->partial = true;
		return keep_name(w, f);
	}
	if (!visit_key(w, &nk))
		return false;
	keep_name(w, f);
	return push(w, &nk);
}

/* Reads and visits the root key; false when there is none. */
static bool
root(walker *w)
{
	regf_hive *h = &w->h;
	cs_cursor cell;
	regf_nk nk;
	bool first;
	if (!regf_cell(h, h->base.root, 36, "root key", &cell, &first) ||
	    !regf_nk_read(h, h->base.root, &cell, &nk, &w->name)) {
		if (!h->ctx->nomem)
			cs_emit(h->ctx, CS_REGF_BASE_ROOT, 36,
			    "the root cell 0x%X is no usable key node; nothing can be walked",
			    (unsigned)h->base.root);
		return false;
	}
	if (!(nk.flags & KEY_HIVE_ENTRY))
		cs_emit(h->ctx, CS_REGF_BASE_ROOT_FLAG, regf_abs(h, nk.off) + 4 + 2,
		    "root key flags 0x%04X lack KEY_HIVE_ENTRY (0x4)", nk.flags);
	return visit_key(w, &nk) && push(w, &nk);
}

static void
walker_free(walker *w)
{
	size_t i;
	for (i = 0; i < w->inited; i++) {
		cs_ctx_free(w->h.ctx, w->stack[i].prev.p);
		cs_ctx_free(w->h.ctx, w->stack[i].sib);
	}
	cs_ctx_free(w->h.ctx, w->cmp_a.p);
	cs_ctx_free(w->h.ctx, w->cmp_b.p);
	cs_ctx_free(w->h.ctx, w->stack);
	cs_ctx_free(w->h.ctx, w->name.p);
	regf_scratch_free(&w->h, &w->scratch);
	regf_sk_free(&w->h, &w->sk);
	regf_cells_free(&w->h);
}

void
regf_walk(cs_ctx *ctx, const cs_cursor *file, const regf_visitor *v)
{
	walker w;
	memset(&w, 0, sizeof w);
	w.h.ctx = ctx;
	w.h.file = *file;
	w.v = v;
	if (!cs_cur_equals_at(file, 0, "regf", 4)) {
		cs_emit(ctx, CS_REGF_FILE_NO_BASE_BLOCK, 0,
		    "the file starts with a hive bin, not a base block: a fragment of a hive");
		return;
	}
	regf_base_parse(ctx, file, &w.h.base);
	if (!w.h.base.walkable)
		return;
	/* li in every version, lf from 1.3, lh from 1.5 ([MS] subkeys list;
	 * regf.md 1.7): every real 1.3 hive holds lf lists only */
	w.h.has_lf = w.h.base.minor >= 3;
	w.h.has_lh = w.h.base.minor >= 5;
	w.h.big_data = w.h.base.minor > 3;
	w.h.trusted = w.h.base.checksum == w.h.base.checksum_computed ||
	              (ctx->flags & COMSCAN_FLAG_REGF_NO_CHECKSUM);
	if (regf_cells_scan(&w.h) && root(&w)) {
		while (w.depth > 0 && !ctx->nomem)
			if (!step(&w)) {
				w.stopped = true;
				break;
			}
	}
	if (!ctx->nomem && !w.stopped) {
		if (w.too_deep)
			cs_emit(ctx, CS_REGF_KEY_TOO_DEEP, w.too_deep_at,
			    "%zu keys lie deeper than max_key_depth (%u); they and their subtrees are not walked",
			    w.too_deep, (unsigned)ctx->limits.max_key_depth);
		regf_sk_finish(&w.h, &w.sk);
		/* after a partial walk, cells below the keys left out are not
		 * "used by no key": the count would mislead */
		if (!w.h.partial)
			regf_cells_report_unused(&w.h);
	}
	walker_free(&w);
}
