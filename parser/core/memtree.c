/*
 * memtree.c - the in-memory registry tree (see memtree.h).
 *
 * Keys and values live in two arrays in creation order; names in one
 * array of UTF-16 units, data in one byte array.  Each key keeps its
 * children and values as singly linked lists in creation order, dead ones
 * included; sealing walks them once and lays the live ones out in two
 * index arrays so the read interface answers child_at/value_at in O(1).
 *
 * The name map is an AVL tree over (owner, kind, upper-cased name),
 * inserted and searched iteratively with an explicit path stack; its
 * height never exceeds 1.44 log2(n) + 2, well inside the stack.
 */
#include "core/memtree.h"

#include <string.h>

#include "core/alloc.h"
#include "core/ucase.h"

#define NIL UINT32_MAX
#define AVL_MAX_DEPTH 96 /* > 1.44 * log2(2^32) + 2 */

enum { KIND_KEY = 0, KIND_VALUE = 1 };

typedef struct mt_key {
	size_t name_off;
	uint32_t name_len;
	uint32_t parent;
	uint32_t first_child, last_child, next_sibling;
	uint32_t first_val, last_val;
	uint32_t kid_start, kid_count, val_start, val_count; /* set by seal */
	cs_regsource src;   /* the line that named it, else the one that created it */
	uint8_t alive, reachable;
	uint8_t named;      /* src is a line that named this key itself */
} mt_key;

typedef struct mt_val {
	size_t name_off;
	uint32_t name_len;
	uint32_t key;
	uint32_t type;
	size_t data_off, data_len;
	uint32_t next;
	cs_regsource src;
	uint8_t alive;
} mt_val;

typedef struct mt_node {
	uint32_t left, right;
	uint32_t target; /* key or value index */
	uint8_t height;
	uint8_t kind;
} mt_node;

struct cs_memtree {
	const comscan_allocator *alloc;
	mt_key *keys;
	size_t nkeys, capkeys;
	mt_val *vals;
	size_t nvals, capvals;
	uint16_t *units;
	size_t nunits, capunits;
	uint8_t *bytes;
	size_t nbytes, capbytes;
	mt_node *nodes;
	size_t nnodes, capnodes;
	uint32_t avl_root;
	bool sealed;
	uint32_t *kids, *vidx;
	size_t live_keys, live_vals;
};

/* ---- arenas ------------------------------------------------------------------- */

static bool
put_units(cs_memtree *t, const uint16_t *s, size_t n, size_t *off)
{
	if (n > SIZE_MAX - t->nunits ||
	    !cs_grow(t->alloc, (void **)&t->units, &t->capunits, t->nunits + n, sizeof *t->units))
		return false;
	if (n)
		memcpy(t->units + t->nunits, s, n * sizeof *s);
	*off = t->nunits;
	t->nunits += n;
	return true;
}

static bool
put_bytes(cs_memtree *t, const uint8_t *p, size_t n, size_t *off)
{
	if (n > SIZE_MAX - t->nbytes ||
	    !cs_grow(t->alloc, (void **)&t->bytes, &t->capbytes, t->nbytes + n, 1))
		return false;
	if (n)
		memcpy(t->bytes + t->nbytes, p, n);
	*off = t->nbytes;
	t->nbytes += n;
	return true;
}

/* ---- the AVL name map ---------------------------------------------------------- */

/* Owner and name of what node n maps to. */
static void
node_key(const cs_memtree *t, const mt_node *n, uint32_t *owner, const uint16_t **name, size_t *len)
{
	if (n->kind == KIND_KEY) {
		const mt_key *k = &t->keys[n->target];
		*owner = k->parent, *name = t->units + k->name_off, *len = k->name_len;
	} else {
		const mt_val *v = &t->vals[n->target];
		*owner = v->key, *name = t->units + v->name_off, *len = v->name_len;
	}
}

/* Orders (owner, kind, name) against node n. */
static int
node_cmp(const cs_memtree *t, uint32_t owner, uint8_t kind, const uint16_t *name, size_t len,
    const mt_node *n)
{
	uint32_t o;
	const uint16_t *nm;
	size_t nl;
	node_key(t, n, &o, &nm, &nl);
	if (owner != o)
		return owner < o ? -1 : 1;
	if (kind != n->kind)
		return kind < n->kind ? -1 : 1;
	return cs_ucmp_ci(name, len, nm, nl);
}

static uint8_t
height(const cs_memtree *t, uint32_t n)
{
	return n == NIL ? 0 : t->nodes[n].height;
}

static void
fix_height(cs_memtree *t, uint32_t n)
{
	uint8_t l = height(t, t->nodes[n].left), r = height(t, t->nodes[n].right);
	t->nodes[n].height = (uint8_t)((l > r ? l : r) + 1);
}

static uint32_t
rotate_right(cs_memtree *t, uint32_t y)
{
	uint32_t x = t->nodes[y].left;
	t->nodes[y].left = t->nodes[x].right;
	t->nodes[x].right = y;
	fix_height(t, y);
	fix_height(t, x);
	return x;
}

static uint32_t
rotate_left(cs_memtree *t, uint32_t x)
{
	uint32_t y = t->nodes[x].right;
	t->nodes[x].right = t->nodes[y].left;
	t->nodes[y].left = x;
	fix_height(t, x);
	fix_height(t, y);
	return y;
}

/* Restores the AVL balance at n; returns the subtree's new root. */
static uint32_t
rebalance(cs_memtree *t, uint32_t n)
{
	int bf;
	fix_height(t, n);
	bf = height(t, t->nodes[n].left) - height(t, t->nodes[n].right);
	if (bf > 1) {
		uint32_t l = t->nodes[n].left;
		if (height(t, t->nodes[l].left) < height(t, t->nodes[l].right))
			t->nodes[n].left = rotate_left(t, l);
		return rotate_right(t, n);
	}
	if (bf < -1) {
		uint32_t r = t->nodes[n].right;
		if (height(t, t->nodes[r].right) < height(t, t->nodes[r].left))
			t->nodes[n].right = rotate_right(t, r);
		return rotate_left(t, n);
	}
	return n;
}

/* The node mapping (owner, kind, name), or NIL. */
static uint32_t
map_find(const cs_memtree *t, uint32_t owner, uint8_t kind, const uint16_t *name, size_t len)
{
	uint32_t n = t->avl_root;
	while (n != NIL) {
		int c = node_cmp(t, owner, kind, name, len, &t->nodes[n]);
		if (c == 0)
			return n;
		n = c < 0 ? t->nodes[n].left : t->nodes[n].right;
	}
	return NIL;
}

/* Maps the name of target (of kind) to target, replacing an earlier
 * mapping of the same name.  False on allocation failure. */
static bool
map_put(cs_memtree *t, uint8_t kind, uint32_t target)
{
	uint32_t path[AVL_MAX_DEPTH], n = t->avl_root, owner, fresh;
	int dirs[AVL_MAX_DEPTH], depth = 0, c = 0;
	const uint16_t *name;
	size_t len;
	mt_node probe = { NIL, NIL, target, 1, kind };

	node_key(t, &probe, &owner, &name, &len);
	while (n != NIL) {
		c = node_cmp(t, owner, kind, name, len, &t->nodes[n]);
		if (c == 0) {
			t->nodes[n].target = target;
			return true;
		}
		path[depth] = n;
		dirs[depth++] = c;
		n = c < 0 ? t->nodes[n].left : t->nodes[n].right;
	}
	if (t->nnodes >= NIL - 1 ||
	    !cs_grow(t->alloc, (void **)&t->nodes, &t->capnodes, t->nnodes + 1, sizeof *t->nodes))
		return false;
	fresh = (uint32_t)t->nnodes++;
	t->nodes[fresh] = probe;
	/* attach, then rebalance from the parent up to the root */
	n = fresh;
	while (depth-- > 0) {
		uint32_t p = path[depth];
		if (dirs[depth] < 0)
			t->nodes[p].left = n;
		else
			t->nodes[p].right = n;
		n = rebalance(t, p);
	}
	t->avl_root = n;
	return true;
}

/* ---- building ----------------------------------------------------------------- */

/* Appends a key record; NIL on allocation failure. */
static uint32_t
new_key(cs_memtree *t, uint32_t parent, const uint16_t *name, size_t n, cs_regsource src)
{
	mt_key *k;
	size_t off;
	uint32_t id;
	if (t->nkeys >= NIL - 1 || n > UINT32_MAX || !put_units(t, name, n, &off) ||
	    !cs_grow(t->alloc, (void **)&t->keys, &t->capkeys, t->nkeys + 1, sizeof *t->keys))
		return NIL;
	id = (uint32_t)t->nkeys++;
	k = &t->keys[id];
	memset(k, 0, sizeof *k);
	k->name_off = off;
	k->name_len = (uint32_t)n;
	k->parent = parent;
	k->first_child = k->last_child = k->next_sibling = NIL;
	k->first_val = k->last_val = NIL;
	k->src = src;
	k->alive = 1;
	if (parent != NIL) {
		mt_key *p = &t->keys[parent];
		if (p->last_child == NIL)
			p->first_child = id;
		else
			t->keys[p->last_child].next_sibling = id;
		p->last_child = id;
	}
	return id;
}

cs_memtree *
cs_memtree_new(cs_ctx *ctx)
{
	cs_memtree *t = cs_ctx_calloc(ctx, 1, sizeof *t);
	cs_regsource none = { UINT64_MAX, 0 };
	if (t == NULL)
		return NULL;
	t->alloc = ctx->alloc;
	t->avl_root = NIL;
	if (new_key(t, NIL, NULL, 0, none) == NIL) {
		cs_memtree_free(t);
		ctx->nomem = true;
		return NULL;
	}
	return t;
}

void
cs_memtree_free(cs_memtree *t)
{
	if (t == NULL)
		return;
	cs_free(t->alloc, t->keys);
	cs_free(t->alloc, t->vals);
	cs_free(t->alloc, t->units);
	cs_free(t->alloc, t->bytes);
	cs_free(t->alloc, t->nodes);
	cs_free(t->alloc, t->kids);
	cs_free(t->alloc, t->vidx);
	cs_free(t->alloc, t);
}

cs_mtkey
cs_memtree_top(const cs_memtree *t)
{
	(void)t;
	return 0;
}

cs_mtkey
cs_memtree_child(cs_memtree *t, cs_mtkey parent, const uint16_t *name, size_t n, bool create,
    cs_regsource src)
{
	uint32_t node = map_find(t, parent, KIND_KEY, name, n), id;
	if (node != NIL && t->keys[t->nodes[node].target].alive)
		return t->nodes[node].target;
	if (!create)
		return CS_MTKEY_NONE;
	id = new_key(t, parent, name, n, src);
	if (id == NIL || !map_put(t, KIND_KEY, id))
		return CS_MTKEY_NONE;
	return id;
}

void
cs_memtree_name_key(cs_memtree *t, cs_mtkey key, cs_regsource src)
{
	if (key != 0 && key < t->nkeys && !t->keys[key].named) {
		t->keys[key].src = src;
		t->keys[key].named = 1;
	}
}

void
cs_memtree_delete_key(cs_memtree *t, cs_mtkey key)
{
	if (key != 0 && key < t->nkeys)
		t->keys[key].alive = 0;
}

bool
cs_memtree_set_value(cs_memtree *t, cs_mtkey key, const uint16_t *name, size_t n, uint32_t type,
    const uint8_t *data, size_t size, cs_regsource src, bool *replaced)
{
	uint32_t node = map_find(t, key, KIND_VALUE, name, n), id;
	size_t doff;
	mt_val *v;
	*replaced = false;
	if (!put_bytes(t, data, size, &doff))
		return false;
	if (node != NIL && t->vals[t->nodes[node].target].alive) {
		v = &t->vals[t->nodes[node].target]; /* RegSetValueEx overwrites in place */
		*replaced = true;
	} else {
		size_t off;
		mt_key *k = &t->keys[key];
		if (t->nvals >= NIL - 1 || n > UINT32_MAX || !put_units(t, name, n, &off) ||
		    !cs_grow(t->alloc, (void **)&t->vals, &t->capvals, t->nvals + 1, sizeof *t->vals))
			return false;
		id = (uint32_t)t->nvals++;
		v = &t->vals[id];
		memset(v, 0, sizeof *v);
		v->name_off = off;
		v->name_len = (uint32_t)n;
		v->key = key;
		v->next = NIL;
		v->alive = 1;
		if (k->last_val == NIL)
			k->first_val = id;
		else
			t->vals[k->last_val].next = id;
		k->last_val = id;
		if (!map_put(t, KIND_VALUE, id))
			return false;
	}
	v->type = type;
	v->data_off = doff;
	v->data_len = size;
	v->src = src;
	return true;
}

bool
cs_memtree_delete_value(cs_memtree *t, cs_mtkey key, const uint16_t *name, size_t n)
{
	uint32_t node = map_find(t, key, KIND_VALUE, name, n);
	if (node == NIL || !t->vals[t->nodes[node].target].alive)
		return false;
	t->vals[t->nodes[node].target].alive = 0;
	return true;
}

bool
cs_memtree_seal(cs_memtree *t)
{
	size_t k, nk = 0, nv = 0;
	if (t->sealed)
		return true;
	t->kids = cs_calloc(t->alloc, t->nkeys, sizeof *t->kids);
	t->vidx = cs_calloc(t->alloc, t->nvals ? t->nvals : 1, sizeof *t->vidx);
	if (t->kids == NULL || t->vidx == NULL)
		return false;
	/* parents precede children in creation order */
	for (k = 0; k < t->nkeys; k++) {
		mt_key *key = &t->keys[k];
		key->reachable = key->alive && (k == 0 || t->keys[key->parent].reachable);
	}
	for (k = 0; k < t->nkeys; k++) {
		mt_key *key = &t->keys[k];
		uint32_t c;
		if (!key->reachable)
			continue;
		key->kid_start = (uint32_t)nk;
		for (c = key->first_child; c != NIL; c = t->keys[c].next_sibling)
			if (t->keys[c].alive)
				t->kids[nk++] = c;
		key->kid_count = (uint32_t)(nk - key->kid_start);
		key->val_start = (uint32_t)nv;
		for (c = key->first_val; c != NIL; c = t->vals[c].next)
			if (t->vals[c].alive)
				t->vidx[nv++] = c;
		key->val_count = (uint32_t)(nv - key->val_start);
	}
	t->live_keys = nk;
	t->live_vals = nv;
	t->sealed = true;
	return true;
}

size_t
cs_memtree_key_count(const cs_memtree *t)
{
	return t->live_keys;
}

size_t
cs_memtree_value_count(const cs_memtree *t)
{
	return t->live_vals;
}

/* ---- the regtree read interface ------------------------------------------------- */

static bool
key_ok(const cs_memtree *t, cs_regref key)
{
	return key < t->nkeys && t->keys[key].reachable;
}

static cs_regref
rt_root(const void *impl)
{
	(void)impl;
	return 0;
}

static size_t
rt_child_count(const void *impl, cs_regref key)
{
	const cs_memtree *t = impl;
	return key_ok(t, key) ? t->keys[key].kid_count : 0;
}

static cs_regref
rt_child_at(const void *impl, cs_regref key, size_t i)
{
	const cs_memtree *t = impl;
	if (!key_ok(t, key) || i >= t->keys[key].kid_count)
		return CS_REGREF_NONE;
	return t->kids[t->keys[key].kid_start + i];
}

static cs_regref
rt_child_find(const void *impl, cs_regref key, const uint16_t *name, size_t n)
{
	const cs_memtree *t = impl;
	uint32_t node;
	if (!key_ok(t, key))
		return CS_REGREF_NONE;
	node = map_find(t, (uint32_t)key, KIND_KEY, name, n);
	if (node == NIL || !t->keys[t->nodes[node].target].alive)
		return CS_REGREF_NONE;
	return t->nodes[node].target;
}

static size_t
rt_value_count(const void *impl, cs_regref key)
{
	const cs_memtree *t = impl;
	return key_ok(t, key) ? t->keys[key].val_count : 0;
}

static cs_regref
rt_value_at(const void *impl, cs_regref key, size_t i)
{
	const cs_memtree *t = impl;
	if (!key_ok(t, key) || i >= t->keys[key].val_count)
		return CS_REGREF_NONE;
	return t->vidx[t->keys[key].val_start + i];
}

static cs_regref
rt_value_find(const void *impl, cs_regref key, const uint16_t *name, size_t n)
{
	const cs_memtree *t = impl;
	uint32_t node;
	if (!key_ok(t, key))
		return CS_REGREF_NONE;
	node = map_find(t, (uint32_t)key, KIND_VALUE, name, n);
	if (node == NIL || !t->vals[t->nodes[node].target].alive)
		return CS_REGREF_NONE;
	return t->nodes[node].target;
}

static size_t
copy_units(const cs_memtree *t, size_t off, size_t len, uint16_t *dst, size_t cap)
{
	if (cap)
		memcpy(dst, t->units + off, (len < cap ? len : cap) * sizeof *dst);
	return len;
}

static size_t
rt_key_name(const void *impl, cs_regref key, uint16_t *dst, size_t cap)
{
	const cs_memtree *t = impl;
	if (key >= t->nkeys)
		return 0;
	return copy_units(t, t->keys[key].name_off, t->keys[key].name_len, dst, cap);
}

static size_t
rt_value_name(const void *impl, cs_regref val, uint16_t *dst, size_t cap)
{
	const cs_memtree *t = impl;
	if (val >= t->nvals)
		return 0;
	return copy_units(t, t->vals[val].name_off, t->vals[val].name_len, dst, cap);
}

static uint32_t
rt_value_type(const void *impl, cs_regref val)
{
	const cs_memtree *t = impl;
	return val < t->nvals ? t->vals[val].type : 0;
}

static size_t
rt_value_data(const void *impl, cs_regref val, uint8_t *dst, size_t cap)
{
	const cs_memtree *t = impl;
	size_t len;
	if (val >= t->nvals)
		return 0;
	len = t->vals[val].data_len;
	if (cap && len)
		memcpy(dst, t->bytes + t->vals[val].data_off, len < cap ? len : cap);
	return len;
}

static cs_regsource
rt_key_source(const void *impl, cs_regref key)
{
	const cs_memtree *t = impl;
	cs_regsource none = { UINT64_MAX, 0 };
	return key < t->nkeys ? t->keys[key].src : none;
}

static cs_regsource
rt_value_source(const void *impl, cs_regref val)
{
	const cs_memtree *t = impl;
	cs_regsource none = { UINT64_MAX, 0 };
	return val < t->nvals ? t->vals[val].src : none;
}

static const cs_regtree_ops memtree_ops = {
	rt_root, rt_child_count, rt_child_at, rt_child_find, rt_value_count, rt_value_at,
	rt_value_find, rt_key_name, rt_value_name, rt_value_type, rt_value_data,
	rt_key_source, rt_value_source,
};

cs_regtree
cs_memtree_regtree(const cs_memtree *t)
{
	cs_regtree r = { &memtree_ops, t };
	return r;
}
