/*
 * hivew.c - test-only regf writer (see hivew.h for the format summary and
 * every contract).  Building is three passes over a plan of cells: plan
 * (kind, owner, payload size of every cell, in layout order), layout (cell
 * indices, bins), write (contents, now that every index is known).  No
 * recursion anywhere, so a 100 000-deep chain costs one nk and one li per
 * level.
 */
#include "support/hivew.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NIL HIVEW_NIL

/* ---- plumbing ----------------------------------------------------------- */

/* Prints why and aborts: allocation failure or misuse by a test. */
static _Noreturn void die(const char *why)
{
	fprintf(stderr, "hivew: %s\n", why);
	abort();
}

/* Grows p (of *cap elements of size elem) to hold at least need; returns
 * the (possibly moved) array. */
static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return p;
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			die("size overflow");
		n *= 2;
	}
	void *q = realloc(p, n * elem);
	if (q == NULL)
		die("out of memory");
	*cap = n;
	return q;
}

/* calloc that aborts; n may be 0. */
static void *zalloc(size_t n, size_t elem)
{
	void *p = calloc(n ? n : 1, elem ? elem : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void wr64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Rounds n up to a multiple of a (a power of two). */
static size_t roundup(size_t n, size_t a)
{
	if (n > SIZE_MAX - a)
		die("size overflow");
	return (n + a - 1) & ~(a - 1);
}

/* ---- the tree ------------------------------------------------------------ */

struct hw_key {
	uint32_t parent;
	uint32_t name, nname;      /* units pool                              */
	uint32_t cls, ncls;        /* units pool                              */
	uint32_t first_edge, last_edge, nedges;
	uint32_t first_val, last_val, nvals;
	uint32_t sk;
	uint32_t share;            /* key whose list this one uses, or NIL    */
	uint32_t nest;             /* extra ri levels                         */
	uint32_t per_leaf;         /* ri leaf capacity                        */
	uint16_t flags;
	uint8_t comp, has_class, has_flags, kind, leaf_kind, order;
};

struct hw_edge {
	uint32_t key, next;
};

struct hw_val {
	uint32_t key, next;
	uint32_t name, nname;
	uint32_t type;
	uint32_t seg;              /* big-data segment payload                */
	size_t data, len;          /* bytes pool                              */
	uint16_t flags;
	uint8_t comp, has_flags, storage;
};

struct hw_sk {
	size_t desc, len;          /* bytes pool                              */
};

struct hw_raw {
	size_t data, len;          /* bytes pool (data NIL-like when zeros)   */
	uint8_t allocated, has_data;
};

struct hivew {
	hivew_opts o;
	struct hw_key *keys;
	size_t nkeys, ckeys;
	struct hw_edge *edges;
	size_t nedges, cedges;
	struct hw_val *vals;
	size_t nvals, cvals;
	struct hw_sk *sks;
	size_t nsks, csks;
	struct hw_raw *raws;
	size_t nraws, craws;
	uint16_t *units;
	size_t nunits, cunits;
	uint8_t *bytes;
	size_t nbytes, cbytes;
};

/* Stores n units in the pool; returns their position. */
static uint32_t put_units(hivew *h, const uint16_t *u, size_t n)
{
	if (n > UINT32_MAX - h->nunits)
		die("name pool overflow");
	h->units = grow(h->units, &h->cunits, h->nunits + n, sizeof *h->units);
	if (n)
		memcpy(h->units + h->nunits, u, n * sizeof *u);
	uint32_t at = (uint32_t)h->nunits;
	h->nunits += n;
	return at;
}

/* Stores n Latin-1 bytes as units; returns their position. */
static uint32_t put_latin1(hivew *h, const char *s, size_t n)
{
	if (n > UINT32_MAX - h->nunits)
		die("name pool overflow");
	h->units = grow(h->units, &h->cunits, h->nunits + n, sizeof *h->units);
	for (size_t i = 0; i < n; i++)
		h->units[h->nunits + i] = (uint8_t)s[i];
	uint32_t at = (uint32_t)h->nunits;
	h->nunits += n;
	return at;
}

/* Stores n bytes (zeros when p is NULL); returns their position. */
static size_t put_bytes(hivew *h, const void *p, size_t n)
{
	h->bytes = grow(h->bytes, &h->cbytes, h->nbytes + n, 1);
	if (n) {
		if (p)
			memcpy(h->bytes + h->nbytes, p, n);
		else
			memset(h->bytes + h->nbytes, 0, n);
	}
	size_t at = h->nbytes;
	h->nbytes += n;
	return at;
}

/* Self-relative SECURITY_DESCRIPTOR: revision 1, control SE_SELF_RELATIVE |
 * SE_DACL_PRESENT, DACL at 20 (one ACCESS_ALLOWED ACE, KEY_ALL_ACCESS,
 * S-1-1-0, container inherit), owner S-1-5-32-544 at 48, group S-1-5-18 at
 * 64. */
static const uint8_t default_sd[76] = {
	0x01, 0x00, 0x04, 0x80, 0x30, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
	/* ACL: revision 2, size 28, 1 ACE */
	0x02, 0x00, 0x1C, 0x00, 0x01, 0x00, 0x00, 0x00,
	/* ACE: type 0, flags 2, size 20, mask 0x000F003F, SID S-1-1-0 */
	0x00, 0x02, 0x14, 0x00, 0x3F, 0x00, 0x0F, 0x00,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	/* owner S-1-5-32-544 */
	0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00,
	0x20, 0x02, 0x00, 0x00,
	/* group S-1-5-18 */
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
};

/* Checks that k names a key of h. */
static struct hw_key *key_at(hivew *h, hivew_key k)
{
	if (k >= h->nkeys)
		die("no such key");
	return &h->keys[k];
}

static struct hw_val *val_at(hivew *h, hivew_value v)
{
	if (v >= h->nvals)
		die("no such value");
	return &h->vals[v];
}

/* Appends an edge parent -> target. */
static void add_edge(hivew *h, hivew_key parent, hivew_key target)
{
	if (h->nedges >= UINT32_MAX - 1)
		die("too many edges");
	h->edges = grow(h->edges, &h->cedges, h->nedges + 1, sizeof *h->edges);
	uint32_t e = (uint32_t)h->nedges++;
	h->edges[e].key = target;
	h->edges[e].next = NIL;
	struct hw_key *p = &h->keys[parent];
	if (p->first_edge == NIL)
		p->first_edge = e;
	else
		h->edges[p->last_edge].next = e;
	p->last_edge = e;
	p->nedges++;
}

/* Creates a key named by units already in the pool at name..name+n. */
static hivew_key new_key(hivew *h, uint32_t parent, uint32_t name, size_t n, bool comp)
{
	if (n > 0xFFFF / (comp ? 1 : 2))
		die("key name longer than the 16-bit length field");
	if (h->nkeys >= UINT32_MAX - 1)
		die("too many keys");
	h->keys = grow(h->keys, &h->ckeys, h->nkeys + 1, sizeof *h->keys);
	hivew_key k = (hivew_key)h->nkeys++;
	struct hw_key *kk = &h->keys[k];
	memset(kk, 0, sizeof *kk);
	kk->parent = parent;
	kk->name = name;
	kk->nname = (uint32_t)n;
	kk->comp = comp;
	kk->first_edge = kk->last_edge = NIL;
	kk->first_val = kk->last_val = NIL;
	kk->sk = 0;
	kk->share = NIL;
	kk->per_leaf = 512;
	if (parent != NIL)
		add_edge(h, parent, k);
	return k;
}

hivew *hivew_new(const char *root_name)
{
	hivew *h = zalloc(1, sizeof *h);
	h->o.major = 1;
	h->o.minor = 5;
	h->o.seq1 = h->o.seq2 = 1;
	h->o.timestamp = HIVEW_TIMESTAMP;
	h->o.file_format = 1;
	h->o.clustering = 1;
	h->o.root_parent = NIL;
	h->o.file_name = "hivew.dat";
	h->o.bin_size = 4096;
	(void)hivew_sk_add(h, default_sd, sizeof default_sd);
	if (root_name == NULL)
		root_name = "ROOT";
	size_t n = strlen(root_name);
	(void)new_key(h, NIL, put_latin1(h, root_name, n), n, true);
	return h;
}

void hivew_free(hivew *h)
{
	if (h == NULL)
		return;
	free(h->keys);
	free(h->edges);
	free(h->vals);
	free(h->sks);
	free(h->raws);
	free(h->units);
	free(h->bytes);
	free(h);
}

hivew_opts *hivew_options(hivew *h)
{
	return &h->o;
}

hivew_key hivew_key_add_n(hivew *h, hivew_key parent, const char *name, size_t len)
{
	(void)key_at(h, parent);
	return new_key(h, parent, put_latin1(h, name, len), len, true);
}

hivew_key hivew_key_add(hivew *h, hivew_key parent, const char *name)
{
	return hivew_key_add_n(h, parent, name, strlen(name));
}

hivew_key hivew_key_add_units(hivew *h, hivew_key parent, const uint16_t *units,
    size_t n, bool compressed)
{
	(void)key_at(h, parent);
	if (compressed)
		for (size_t i = 0; i < n; i++)
			if (units[i] > 0xFF)
				die("compressed name with a unit above 0xFF");
	return new_key(h, parent, put_units(h, units, n), n, compressed);
}

/* Decodes UTF-8 into units appended to the pool; returns the count and
 * whether every unit is below 0x100. */
static size_t utf8_units(hivew *h, const char *s, uint32_t *at, bool *latin1)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = 0;
	*at = (uint32_t)h->nunits;
	*latin1 = true;
	while (*p) {
		uint32_t c;
		int more;
		if (*p < 0x80) {
			c = *p;
			more = 0;
		} else if ((*p & 0xE0) == 0xC0) {
			c = *p & 0x1Fu;
			more = 1;
		} else if ((*p & 0xF0) == 0xE0) {
			c = *p & 0x0Fu;
			more = 2;
		} else if ((*p & 0xF8) == 0xF0) {
			c = *p & 0x07u;
			more = 3;
		} else {
			die("invalid UTF-8");
		}
		p++;
		for (int i = 0; i < more; i++, p++) {
			if ((*p & 0xC0) != 0x80)
				die("invalid UTF-8");
			c = c << 6 | (*p & 0x3Fu);
		}
		uint16_t u[2];
		size_t nu = 1;
		if (c >= 0x10000) {
			c -= 0x10000;
			u[0] = (uint16_t)(0xD800 + (c >> 10));
			u[1] = (uint16_t)(0xDC00 + (c & 0x3FF));
			nu = 2;
		} else {
			u[0] = (uint16_t)c;
		}
		for (size_t i = 0; i < nu; i++)
			if (u[i] > 0xFF)
				*latin1 = false;
		(void)put_units(h, u, nu);
		n += nu;
	}
	return n;
}

hivew_key hivew_key_add_utf8(hivew *h, hivew_key parent, const char *utf8)
{
	(void)key_at(h, parent);
	uint32_t at;
	bool latin1;
	size_t n = utf8_units(h, utf8, &at, &latin1);
	return new_key(h, parent, at, n, latin1);
}

hivew_key hivew_key_chain(hivew *h, hivew_key parent, const char *name, size_t n)
{
	(void)key_at(h, parent);
	size_t len = strlen(name);
	uint32_t at = put_latin1(h, name, len);
	hivew_key k = parent;
	for (size_t i = 0; i < n; i++)
		k = new_key(h, k, at, len, true);
	return k;
}

void hivew_key_link(hivew *h, hivew_key parent, hivew_key target)
{
	(void)key_at(h, parent);
	(void)key_at(h, target);
	add_edge(h, parent, target);
}

void hivew_key_set_class(hivew *h, hivew_key k, const char *latin1)
{
	(void)key_at(h, k);
	size_t n = strlen(latin1);
	if (n > 0x7FFF)
		die("class longer than the 16-bit length field");
	uint32_t at = put_latin1(h, latin1, n);
	struct hw_key *kk = key_at(h, k);
	kk->cls = at;
	kk->ncls = (uint32_t)n;
	kk->has_class = 1;
}

void hivew_key_set_class_units(hivew *h, hivew_key k, const uint16_t *units, size_t n)
{
	(void)key_at(h, k);
	if (n > 0x7FFF)
		die("class longer than the 16-bit length field");
	uint32_t at = put_units(h, units, n);
	struct hw_key *kk = key_at(h, k);
	kk->cls = at;
	kk->ncls = (uint32_t)n;
	kk->has_class = 1;
}

void hivew_key_set_list(hivew *h, hivew_key k, hivew_list kind)
{
	if (kind > HIVEW_LIST_RI)
		die("bad list kind");
	key_at(h, k)->kind = (uint8_t)kind;
}

void hivew_key_set_ri(hivew *h, hivew_key k, hivew_list leaf_kind, unsigned per_leaf)
{
	if (leaf_kind == HIVEW_LIST_RI || leaf_kind > HIVEW_LIST_RI)
		die("ri leaves must be li, lf or lh");
	if (per_leaf == 0 || per_leaf > 0xFFFF)
		die("ri leaf capacity must be 1..65535");
	struct hw_key *kk = key_at(h, k);
	kk->kind = HIVEW_LIST_RI;
	kk->leaf_kind = (uint8_t)leaf_kind;
	kk->per_leaf = per_leaf;
}

void hivew_key_set_ri_nest(hivew *h, hivew_key k, unsigned depth)
{
	key_at(h, k)->nest = depth;
}

void hivew_key_set_order(hivew *h, hivew_key k, hivew_order order)
{
	if (order > HIVEW_ORDER_REVERSE)
		die("bad order");
	key_at(h, k)->order = (uint8_t)order;
}

void hivew_key_share_list(hivew *h, hivew_key k, hivew_key other)
{
	(void)key_at(h, other);
	struct hw_key *kk = key_at(h, k);
	if (kk->nedges)
		die("a key sharing a list must have no subkeys of its own");
	if (k == other || h->keys[other].share != NIL)
		die("share a list with a key that owns one");
	kk->share = other;
}

void hivew_key_set_flags(hivew *h, hivew_key k, uint16_t flags)
{
	struct hw_key *kk = key_at(h, k);
	kk->flags = flags;
	kk->has_flags = 1;
}

void hivew_key_set_sk(hivew *h, hivew_key k, hivew_sk s)
{
	if (s >= h->nsks)
		die("no such sk");
	key_at(h, k)->sk = s;
}

/* Creates a value with its name already in the pool. */
static hivew_value new_value(hivew *h, hivew_key k, uint32_t name, size_t n, bool comp,
    uint32_t type, const void *p, size_t len)
{
	(void)key_at(h, k);
	if (n > 0xFFFF / (comp ? 1 : 2))
		die("value name longer than the 16-bit length field");
	if (len > 0x7FFFFFFF)
		die("value data larger than 2^31 - 1");
	if (p == NULL && len)
		die("value data missing");
	if (h->nvals >= UINT32_MAX - 1)
		die("too many values");
	h->vals = grow(h->vals, &h->cvals, h->nvals + 1, sizeof *h->vals);
	hivew_value v = (hivew_value)h->nvals++;
	struct hw_val *vv = &h->vals[v];
	memset(vv, 0, sizeof *vv);
	vv->key = k;
	vv->next = NIL;
	vv->name = name;
	vv->nname = (uint32_t)n;
	vv->comp = comp;
	vv->type = type;
	vv->seg = HIVEW_SEGMENT;
	vv->data = put_bytes(h, p, len);
	vv->len = len;
	struct hw_key *kk = &h->keys[k];
	if (kk->first_val == NIL)
		kk->first_val = v;
	else
		h->vals[kk->last_val].next = v;
	kk->last_val = v;
	kk->nvals++;
	return v;
}

hivew_value hivew_value_add(hivew *h, hivew_key k, const char *name, uint32_t type,
    const void *p, size_t len)
{
	size_t n = name ? strlen(name) : 0;
	uint32_t at = put_latin1(h, name ? name : "", n);
	return new_value(h, k, at, n, true, type, p, len);
}

hivew_value hivew_value_add_units(hivew *h, hivew_key k, const uint16_t *units,
    size_t n, bool compressed, uint32_t type, const void *p, size_t len)
{
	if (compressed)
		for (size_t i = 0; i < n; i++)
			if (units[i] > 0xFF)
				die("compressed name with a unit above 0xFF");
	return new_value(h, k, put_units(h, units, n), n, compressed, type, p, len);
}

hivew_value hivew_value_add_sz(hivew *h, hivew_key k, const char *name, const char *latin1)
{
	size_t n = strlen(latin1);
	uint8_t *buf = zalloc(2 * n + 2, 1);
	for (size_t i = 0; i < n; i++)
		buf[2 * i] = (uint8_t)latin1[i];
	hivew_value v = hivew_value_add(h, k, name, HIVEW_REG_SZ, buf, 2 * n + 2);
	free(buf);
	return v;
}

hivew_value hivew_value_add_dword(hivew *h, hivew_key k, const char *name, uint32_t v)
{
	uint8_t b[4];
	wr32(b, v);
	return hivew_value_add(h, k, name, HIVEW_REG_DWORD, b, 4);
}

void hivew_value_set_storage(hivew *h, hivew_value v, hivew_storage s)
{
	if (s > HIVEW_DATA_BIG)
		die("bad storage");
	val_at(h, v)->storage = (uint8_t)s;
}

void hivew_value_set_segment(hivew *h, hivew_value v, uint32_t payload)
{
	if (payload == 0 || payload > 0x7FFFFFF0u)
		die("bad segment payload");
	val_at(h, v)->seg = payload;
}

void hivew_value_set_flags(hivew *h, hivew_value v, uint16_t flags)
{
	struct hw_val *vv = val_at(h, v);
	vv->flags = flags;
	vv->has_flags = 1;
}

hivew_sk hivew_sk_default(hivew *h)
{
	(void)h;
	return 0;
}

hivew_sk hivew_sk_add(hivew *h, const void *desc, size_t len)
{
	if (len > 0x7FFFFFF0u)
		die("descriptor too large");
	h->sks = grow(h->sks, &h->csks, h->nsks + 1, sizeof *h->sks);
	hivew_sk s = (hivew_sk)h->nsks++;
	h->sks[s].desc = put_bytes(h, desc, len);
	h->sks[s].len = len;
	return s;
}

hivew_raw hivew_raw_cell(hivew *h, const void *p, size_t len, bool allocated)
{
	if (len > 0x7FFFFFF0u)
		die("raw cell too large");
	h->raws = grow(h->raws, &h->craws, h->nraws + 1, sizeof *h->raws);
	hivew_raw r = (hivew_raw)h->nraws++;
	h->raws[r].data = put_bytes(h, p, len);
	h->raws[r].len = len;
	h->raws[r].allocated = allocated;
	h->raws[r].has_data = p != NULL;
	return r;
}

/* ---- names: upcase, order, hint, hash ----------------------------------- */

uint16_t hivew_upcase(uint16_t c)
{
	if (c >= 'a' && c <= 'z')
		return (uint16_t)(c - 0x20);
	if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
		return (uint16_t)(c - 0x20);
	if (c == 0xFF)
		return 0x178;
	if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
		return (uint16_t)(c - 0x20);
	if (c >= 0x430 && c <= 0x44F)
		return (uint16_t)(c - 0x20);
	if (c >= 0x450 && c <= 0x45F)
		return (uint16_t)(c - 0x50);
	return c;
}

int hivew_cmp(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
	size_t n = na < nb ? na : nb;
	for (size_t i = 0; i < n; i++) {
		uint16_t x = hivew_upcase(a[i]), y = hivew_upcase(b[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return na < nb ? -1 : na > nb ? 1 : 0;
}

uint32_t hivew_lh_hash(const uint16_t *units, size_t n)
{
	uint32_t hash = 0;
	for (size_t i = 0; i < n; i++)
		hash = hash * 37u + hivew_upcase(units[i]);
	return hash;
}

void hivew_lf_hint(const uint16_t *units, size_t n, uint8_t out[4])
{
	memset(out, 0, 4);
	for (size_t i = 0; i < n && i < 4; i++) {
		if (units[i] > 0xFF) {
			memset(out, 0, 4);
			return;
		}
		out[i] = (uint8_t)units[i];
	}
}

/* ---- plan and layout ------------------------------------------------------ */

enum cell_kind {
	C_NK, C_CLASS, C_SK, C_VLIST, C_VK, C_DATA, C_DB, C_SEGLIST, C_SEG,
	C_LEAF, C_RI, C_NEST, C_RAW
};

struct hw_cell {
	uint32_t index;            /* cell index, after layout                */
	uint32_t size;             /* payload bytes (without the size field)  */
	uint32_t owner;            /* key, value, sk or raw                   */
	uint32_t a, b;             /* leaf: first entry, count; seg: number   */
	uint8_t kind;
};

struct hw_bin {
	uint32_t off, size, free;
};

/* Plan indices (positions in cells[]) per record, NIL when absent. */
struct hivew_map {
	struct hw_cell *cells;
	size_t ncells, ccells;
	size_t nkeys, nvals, nsks, nraws;
	uint32_t *key_nk, *key_class, *key_vlist, *key_list, *key_ri, *key_leaf0,
	    *key_nleaves;
	uint32_t *val_vk, *val_data, *val_seglist, *val_seg0, *val_nsegs;
	uint32_t *sk_cell, *raw_cell;
	struct hw_bin *bins;
	size_t nbins, cbins;
};

/* Work state of one build. */
struct build {
	const hivew *h;
	struct hivew_map *m;
	uint32_t *kids;            /* sorted list entries, per key at kid0     */
	size_t *kid0;
	uint32_t *sk_refs;
	uint8_t *leaf_kind;        /* resolved leaf kind per key               */
};

static uint32_t add_cell(struct hivew_map *m, enum cell_kind kind, uint32_t owner,
    size_t size, uint32_t a, uint32_t b)
{
	if (size > 0x7FFFFFF0u)
		die("cell too large");
	if (m->ncells >= UINT32_MAX - 1)
		die("too many cells");
	m->cells = grow(m->cells, &m->ccells, m->ncells + 1, sizeof *m->cells);
	struct hw_cell *c = &m->cells[m->ncells];
	c->index = NIL;
	c->size = (uint32_t)size;
	c->owner = owner;
	c->a = a;
	c->b = b;
	c->kind = (uint8_t)kind;
	return (uint32_t)m->ncells++;
}

/* The kind of the leaves of key k. */
static hivew_list resolve_leaf(const hivew *h, const struct hw_key *k)
{
	hivew_list kind = (hivew_list)(k->kind == HIVEW_LIST_RI ? k->leaf_kind : k->kind);
	if (kind == HIVEW_LIST_DEFAULT)
		kind = h->o.minor >= 5 ? HIVEW_LIST_LH : h->o.minor >= 3 ? HIVEW_LIST_LF
		    : HIVEW_LIST_LI;
	return kind;
}

/* Stable merge sort of kids[0..n) by name, using tmp[0..n). */
static void sort_kids(const hivew *h, uint32_t *kids, uint32_t *tmp, size_t n)
{
	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t i = lo, j = mid, o = lo;
			while (i < mid && j < hi) {
				const struct hw_key *x = &h->keys[kids[i]], *y = &h->keys[kids[j]];
				if (hivew_cmp(h->units + y->name, y->nname, h->units + x->name,
				    x->nname) < 0)
					tmp[o++] = kids[j++];
				else
					tmp[o++] = kids[i++];
			}
			while (i < mid)
				tmp[o++] = kids[i++];
			while (j < hi)
				tmp[o++] = kids[j++];
		}
		memcpy(kids, tmp, n * sizeof *kids);
	}
}

/* Fills b->kids with every key's list entries in their final order. */
static void order_kids(struct build *b)
{
	const hivew *h = b->h;
	b->kids = zalloc(h->nedges, sizeof *b->kids);
	b->kid0 = zalloc(h->nkeys, sizeof *b->kid0);
	uint32_t *tmp = zalloc(h->nedges, sizeof *tmp);
	size_t at = 0;
	for (size_t k = 0; k < h->nkeys; k++) {
		const struct hw_key *kk = &h->keys[k];
		b->kid0[k] = at;
		uint32_t *kids = b->kids + at;
		size_t n = 0;
		for (uint32_t e = kk->first_edge; e != NIL; e = h->edges[e].next)
			kids[n++] = h->edges[e].key;
		if (kk->order != HIVEW_ORDER_CREATION)
			sort_kids(h, kids, tmp, n);
		if (kk->order == HIVEW_ORDER_REVERSE)
			for (size_t i = 0; i < n / 2; i++) {
				uint32_t t = kids[i];
				kids[i] = kids[n - 1 - i];
				kids[n - 1 - i] = t;
			}
		at += n;
	}
	free(tmp);
}

/* Size of a name in bytes as stored. */
static size_t name_bytes(size_t n, bool comp)
{
	return comp ? n : 2 * n;
}

/* Decides where the data of v goes. */
static hivew_storage value_storage(const hivew *h, const struct hw_val *v)
{
	if (v->storage != HIVEW_DATA_AUTO)
		return (hivew_storage)v->storage;
	if (v->len <= 4)
		return HIVEW_DATA_RESIDENT;
	if (v->len > HIVEW_SEGMENT && h->o.minor > 3)
		return HIVEW_DATA_BIG;
	return HIVEW_DATA_CELL;
}

/* Pass 1: every cell in layout order. */
static void plan(struct build *b)
{
	const hivew *h = b->h;
	struct hivew_map *m = b->m;
	uint8_t *sk_done = zalloc(h->nsks, 1);
	b->leaf_kind = zalloc(h->nkeys, 1);
	for (size_t k = 0; k < h->nkeys; k++) {
		const struct hw_key *kk = &h->keys[k];
		uint32_t key = (uint32_t)k;
		m->key_nk[k] = add_cell(m, C_NK, key, 76 + name_bytes(kk->nname, kk->comp), 0, 0);
		if (kk->has_class && kk->ncls)
			m->key_class[k] = add_cell(m, C_CLASS, key, 2 * (size_t)kk->ncls, 0, 0);
		if (!sk_done[kk->sk]) {
			sk_done[kk->sk] = 1;
			m->sk_cell[kk->sk] = add_cell(m, C_SK, kk->sk, 20 + h->sks[kk->sk].len, 0, 0);
		}
		if (kk->nvals)
			m->key_vlist[k] = add_cell(m, C_VLIST, key, 4 * (size_t)kk->nvals, 0, 0);
		for (uint32_t v = kk->first_val; v != NIL; v = h->vals[v].next) {
			const struct hw_val *vv = &h->vals[v];
			m->val_vk[v] = add_cell(m, C_VK, v, 20 + name_bytes(vv->nname, vv->comp), 0, 0);
			switch (value_storage(h, vv)) {
			case HIVEW_DATA_CELL:
				m->val_data[v] = add_cell(m, C_DATA, v, vv->len, 0, 0);
				break;
			case HIVEW_DATA_BIG: {
				size_t nseg = (vv->len + vv->seg - 1) / vv->seg;
				if (nseg > 0xFFFF)
					die("big data needs more than 65535 segments");
				m->val_data[v] = add_cell(m, C_DB, v, 12, 0, 0);
				m->val_seglist[v] = add_cell(m, C_SEGLIST, v, 4 * nseg, 0, 0);
				m->val_nsegs[v] = (uint32_t)nseg;
				for (size_t i = 0; i < nseg; i++) {
					uint32_t c = add_cell(m, C_SEG, v, (size_t)vv->seg + 4,
					    (uint32_t)i, 0);
					if (i == 0)
						m->val_seg0[v] = c;
				}
				break;
			}
			default:
				break;
			}
		}
		hivew_list leaf = resolve_leaf(h, kk);
		b->leaf_kind[k] = (uint8_t)leaf;
		size_t n = kk->nedges;
		if (kk->share != NIL && (n || h->keys[kk->share].share != NIL))
			die("a key sharing a list must have no subkeys, and share an owned list");
		if (kk->share != NIL || n == 0)
			continue;
		size_t stride = leaf == HIVEW_LIST_LI ? 4 : 8;
		uint32_t top;
		if (kk->kind != HIVEW_LIST_RI) {
			if (n > 0xFFFF)
				die("more than 65535 subkeys in one leaf: use an ri list");
			top = add_cell(m, C_LEAF, key, 4 + stride * n, 0, (uint32_t)n);
			m->key_leaf0[k] = top;
			m->key_nleaves[k] = 1;
		} else {
			size_t per = kk->per_leaf, nleaves = (n + per - 1) / per;
			if (nleaves > 0xFFFF)
				die("more than 65535 leaves in one ri");
			for (size_t j = 0; j < nleaves; j++) {
				size_t cnt = n - j * per < per ? n - j * per : per;
				uint32_t c = add_cell(m, C_LEAF, key, 4 + stride * cnt,
				    (uint32_t)(j * per), (uint32_t)cnt);
				if (j == 0)
					m->key_leaf0[k] = c;
			}
			m->key_nleaves[k] = (uint32_t)nleaves;
			top = add_cell(m, C_RI, key, 4 + 4 * nleaves, 0, (uint32_t)nleaves);
			m->key_ri[k] = top;
		}
		for (uint32_t d = 0; d < kk->nest; d++)
			top = add_cell(m, C_NEST, key, 8, d, top);
		m->key_list[k] = top;
	}
	for (size_t r = 0; r < h->nraws; r++)
		m->raw_cell[r] = add_cell(m, C_RAW, (uint32_t)r, h->raws[r].len, 0, 0);
	for (size_t s = 0; s < h->nsks; s++)
		if (!sk_done[s])
			m->sk_cell[s] = add_cell(m, C_SK, (uint32_t)s, 20 + h->sks[s].len, 0, 0);
	free(sk_done);
}

/* The size of bin number i before any growth. */
static uint32_t bin_size_for(const hivew_opts *o, size_t i)
{
	uint32_t s = i < o->nbin_sizes ? o->bin_sizes[i] : o->bin_size;
	if (s < 4096 || s % 4096)
		die("bin sizes must be positive multiples of 4096");
	return s;
}

static void close_bin(struct hivew_map *m, uint32_t off, uint32_t size, uint32_t pos)
{
	m->bins = grow(m->bins, &m->cbins, m->nbins + 1, sizeof *m->bins);
	m->bins[m->nbins].off = off;
	m->bins[m->nbins].size = size;
	m->bins[m->nbins].free = pos < size ? off + pos : NIL;
	m->nbins++;
}

/* Pass 2: cell indices and bins; returns the hbins data size. */
static uint32_t layout(const hivew_opts *o, struct hivew_map *m)
{
	uint64_t start = 0;
	uint32_t size = bin_size_for(o, 0), pos = HIVEW_HBIN_HEADER, count = 0;
	for (size_t i = 0; i < m->ncells; i++) {
		struct hw_cell *c = &m->cells[i];
		uint32_t need = (uint32_t)roundup((size_t)c->size + 4, 8);
		if (count > 0 && ((uint64_t)pos + need > size ||
		    (o->cells_per_bin && count >= o->cells_per_bin))) {
			close_bin(m, (uint32_t)start, size, pos);
			start += size;
			size = bin_size_for(o, m->nbins);
			pos = HIVEW_HBIN_HEADER;
			count = 0;
		}
		if ((uint64_t)pos + need > size)
			size = (uint32_t)roundup((size_t)pos + need, 4096);
		if (start + size > 0x7FFFF000u)
			die("hive larger than 2 GiB");
		c->index = (uint32_t)start + pos;
		pos += need;
		count++;
	}
	close_bin(m, (uint32_t)start, size, pos);
	return (uint32_t)(start + size);
}

/* ---- images ----------------------------------------------------------------- */

static hivew_img *img_new(size_t len)
{
	hivew_img *img = zalloc(1, sizeof *img);
	img->data = zalloc(len, 1);
	img->len = len;
	img->cap = len ? len : 1;
	return img;
}

/* Bounds check for n bytes at off. */
static void need(const hivew_img *img, size_t off, size_t n)
{
	if (off > img->len || n > img->len - off) {
		fprintf(stderr, "hivew: access of %zu bytes at 0x%zx beyond the image (%zu bytes)\n",
		    n, off, img->len);
		abort();
	}
}

/* Resolves a plan index to a cell index. */
static uint32_t ci(const struct hivew_map *m, uint32_t plan_index)
{
	return plan_index == NIL ? NIL : m->cells[plan_index].index;
}

/* Pointer to the data of the cell with plan index p in image data d. */
static uint8_t *cell_data(uint8_t *d, const struct hivew_map *m, uint32_t p)
{
	return d + HIVEW_BASE + m->cells[p].index + 4;
}

/* Writes the base block fields into d[0..4095]. */
static void write_base(uint8_t *d, const hivew_opts *o, uint32_t root, uint32_t hbins)
{
	memcpy(d, "regf", 4);
	wr32(d + HIVEW_BB_SEQ1, o->seq1);
	wr32(d + HIVEW_BB_SEQ2, o->seq2);
	wr64(d + HIVEW_BB_TIME, o->timestamp);
	wr32(d + HIVEW_BB_MAJOR, o->major);
	wr32(d + HIVEW_BB_MINOR, o->minor);
	wr32(d + HIVEW_BB_TYPE, o->file_type);
	wr32(d + HIVEW_BB_FORMAT, o->file_format);
	wr32(d + HIVEW_BB_ROOT, root);
	wr32(d + HIVEW_BB_HBINS_SIZE, hbins);
	wr32(d + HIVEW_BB_CLUSTER, o->clustering);
	const char *name = o->file_name ? o->file_name : "";
	size_t n = strlen(name);
	if (n > 32)
		die("file name longer than 32 characters");
	for (size_t i = 0; i < n; i++)
		wr16(d + HIVEW_BB_NAME + 2 * i, (uint8_t)name[i]);
	wr32(d + HIVEW_BB_FLAGS, o->flags);
	wr32(d + HIVEW_BB_CHECKSUM, hivew_checksum(d));
}

/* Writes the nk of key k. */
static void write_nk(const struct build *b, uint8_t *d, uint32_t k)
{
	const hivew *h = b->h;
	const struct hivew_map *m = b->m;
	const struct hw_key *kk = &h->keys[k];
	uint8_t *p = cell_data(d, m, m->key_nk[k]);
	uint16_t flags = kk->has_flags ? kk->flags : (uint16_t)((kk->comp ? HIVEW_KEY_COMP_NAME : 0) |
	    (k == HIVEW_ROOT ? HIVEW_KEY_HIVE_ENTRY | HIVEW_KEY_NO_DELETE : 0));
	uint32_t owner = kk->share != NIL ? kk->share : k;
	const struct hw_key *lo = &h->keys[owner];
	const uint32_t *kids = b->kids + b->kid0[owner];
	uint32_t max_name = 0, max_cls = 0, max_vname = 0, max_vdata = 0;
	for (size_t i = 0; i < lo->nedges; i++) {
		const struct hw_key *c = &h->keys[kids[i]];
		if (2 * c->nname > max_name)
			max_name = 2 * c->nname;
		if (c->has_class && 2 * c->ncls > max_cls)
			max_cls = 2 * c->ncls;
	}
	for (uint32_t v = kk->first_val; v != NIL; v = h->vals[v].next) {
		if (2 * h->vals[v].nname > max_vname)
			max_vname = 2 * h->vals[v].nname;
		if (h->vals[v].len > max_vdata)
			max_vdata = (uint32_t)h->vals[v].len;
	}
	memcpy(p, "nk", 2);
	wr16(p + HIVEW_NK_FLAGS, flags);
	wr64(p + HIVEW_NK_TIME, h->o.timestamp);
	wr32(p + HIVEW_NK_PARENT, kk->parent == NIL ? h->o.root_parent : ci(m, m->key_nk[kk->parent]));
	wr32(p + HIVEW_NK_NSUBKEYS, lo->nedges);
	wr32(p + HIVEW_NK_SUBKEYS, lo->nedges ? ci(m, m->key_list[owner]) : NIL);
	wr32(p + HIVEW_NK_VOLATILE, NIL);
	wr32(p + HIVEW_NK_NVALUES, kk->nvals);
	wr32(p + HIVEW_NK_VALUES, ci(m, m->key_vlist[k]));
	wr32(p + HIVEW_NK_SK, ci(m, m->sk_cell[kk->sk]));
	wr32(p + HIVEW_NK_CLASS, ci(m, m->key_class[k]));
	wr32(p + HIVEW_NK_MAX_SUBKEY_NAME, max_name);
	wr32(p + HIVEW_NK_MAX_SUBKEY_CLASS, max_cls);
	wr32(p + HIVEW_NK_MAX_VALUE_NAME, max_vname);
	wr32(p + HIVEW_NK_MAX_VALUE_DATA, max_vdata);
	wr16(p + HIVEW_NK_NAME_LEN, (uint16_t)name_bytes(kk->nname, kk->comp));
	wr16(p + HIVEW_NK_CLASS_LEN, (uint16_t)(kk->has_class ? 2 * kk->ncls : 0));
	const uint16_t *u = h->units + kk->name;
	for (size_t i = 0; i < kk->nname; i++) {
		if (kk->comp)
			p[HIVEW_NK_NAME + i] = (uint8_t)u[i];
		else
			wr16(p + HIVEW_NK_NAME + 2 * i, u[i]);
	}
}

/* Writes the vk of value v (its data cells are written by write_cell). */
static void write_vk(const struct build *b, uint8_t *d, uint32_t v)
{
	const hivew *h = b->h;
	const struct hivew_map *m = b->m;
	const struct hw_val *vv = &h->vals[v];
	uint8_t *p = cell_data(d, m, m->val_vk[v]);
	const uint8_t *data = h->bytes + vv->data;
	memcpy(p, "vk", 2);
	wr16(p + HIVEW_VK_NAME_LEN, (uint16_t)name_bytes(vv->nname, vv->comp));
	if (value_storage(h, vv) == HIVEW_DATA_RESIDENT) {
		wr32(p + HIVEW_VK_DATA_SIZE, HIVEW_RESIDENT | (uint32_t)vv->len);
		memcpy(p + HIVEW_VK_DATA, data, vv->len < 4 ? vv->len : 4);
	} else {
		wr32(p + HIVEW_VK_DATA_SIZE, (uint32_t)vv->len);
		wr32(p + HIVEW_VK_DATA, ci(m, m->val_data[v]));
	}
	wr32(p + HIVEW_VK_TYPE, vv->type);
	wr16(p + HIVEW_VK_FLAGS, vv->has_flags ? vv->flags
	    : (uint16_t)(vv->comp && vv->nname ? HIVEW_VALUE_COMP_NAME : 0));
	const uint16_t *u = h->units + vv->name;
	for (size_t i = 0; i < vv->nname; i++) {
		if (vv->comp)
			p[HIVEW_VK_NAME + i] = (uint8_t)u[i];
		else
			wr16(p + HIVEW_VK_NAME + 2 * i, u[i]);
	}
}

/* Writes the leaf with plan index pi. */
static void write_leaf(const struct build *b, uint8_t *d, uint32_t pi)
{
	const hivew *h = b->h;
	const struct hivew_map *m = b->m;
	const struct hw_cell *c = &m->cells[pi];
	hivew_list kind = (hivew_list)b->leaf_kind[c->owner];
	uint8_t *p = cell_data(d, m, pi);
	memcpy(p, kind == HIVEW_LIST_LI ? "li" : kind == HIVEW_LIST_LF ? "lf" : "lh", 2);
	wr16(p + HIVEW_LIST_COUNT, (uint16_t)c->b);
	const uint32_t *kids = b->kids + b->kid0[c->owner] + c->a;
	for (size_t i = 0; i < c->b; i++) {
		const struct hw_key *k = &h->keys[kids[i]];
		uint32_t nk = ci(m, m->key_nk[kids[i]]);
		if (kind == HIVEW_LIST_LI) {
			wr32(p + HIVEW_LI_ENTRY(i), nk);
			continue;
		}
		wr32(p + HIVEW_LF_ENTRY(i), nk);
		if (kind == HIVEW_LIST_LF)
			hivew_lf_hint(h->units + k->name, k->nname, p + HIVEW_LF_HINT(i));
		else
			wr32(p + HIVEW_LF_HINT(i), hivew_lh_hash(h->units + k->name, k->nname));
	}
}

/* Writes the cell with plan index pi. */
static void write_cell(const struct build *b, uint8_t *d, uint32_t pi)
{
	const hivew *h = b->h;
	const struct hivew_map *m = b->m;
	const struct hw_cell *c = &m->cells[pi];
	uint32_t need_bytes = (uint32_t)roundup((size_t)c->size + 4, 8);
	uint8_t *cell = d + HIVEW_BASE + c->index;
	bool free_cell = c->kind == C_RAW && !h->raws[c->owner].allocated;
	wr32(cell, free_cell ? need_bytes : (uint32_t)-(int32_t)need_bytes);
	uint8_t *p = cell + 4;
	switch ((enum cell_kind)c->kind) {
	case C_NK:
		write_nk(b, d, c->owner);
		break;
	case C_CLASS: {
		const struct hw_key *k = &h->keys[c->owner];
		for (size_t i = 0; i < k->ncls; i++)
			wr16(p + 2 * i, h->units[k->cls + i]);
		break;
	}
	case C_SK: {
		uint32_t s = c->owner, n = (uint32_t)h->nsks;
		memcpy(p, "sk", 2);
		wr32(p + HIVEW_SK_FLINK, ci(m, m->sk_cell[(s + 1) % n]));
		wr32(p + HIVEW_SK_BLINK, ci(m, m->sk_cell[(s + n - 1) % n]));
		wr32(p + HIVEW_SK_REFS, b->sk_refs[s]);
		wr32(p + HIVEW_SK_DESC_SIZE, (uint32_t)h->sks[s].len);
		if (h->sks[s].len)
			memcpy(p + HIVEW_SK_DESC, h->bytes + h->sks[s].desc, h->sks[s].len);
		break;
	}
	case C_VLIST: {
		const struct hw_key *k = &h->keys[c->owner];
		size_t i = 0;
		for (uint32_t v = k->first_val; v != NIL; v = h->vals[v].next, i++)
			wr32(p + 4 * i, ci(m, m->val_vk[v]));
		break;
	}
	case C_VK:
		write_vk(b, d, c->owner);
		break;
	case C_DATA: {
		const struct hw_val *v = &h->vals[c->owner];
		if (v->len)
			memcpy(p, h->bytes + v->data, v->len);
		break;
	}
	case C_DB:
		memcpy(p, "db", 2);
		wr16(p + HIVEW_DB_COUNT, (uint16_t)m->val_nsegs[c->owner]);
		wr32(p + HIVEW_DB_LIST, ci(m, m->val_seglist[c->owner]));
		break;
	case C_SEGLIST:
		for (size_t i = 0; i < m->val_nsegs[c->owner]; i++)
			wr32(p + 4 * i, ci(m, m->val_seg0[c->owner] + (uint32_t)i));
		break;
	case C_SEG: {
		const struct hw_val *v = &h->vals[c->owner];
		size_t from = (size_t)c->a * v->seg;
		size_t n = v->len - from < v->seg ? v->len - from : v->seg;
		memcpy(p, h->bytes + v->data + from, n);
		break;
	}
	case C_LEAF:
		write_leaf(b, d, pi);
		break;
	case C_RI: {
		memcpy(p, "ri", 2);
		wr16(p + HIVEW_LIST_COUNT, (uint16_t)c->b);
		uint32_t leaf0 = m->key_leaf0[c->owner];
		for (size_t i = 0; i < c->b; i++)
			wr32(p + HIVEW_LI_ENTRY(i), ci(m, leaf0 + (uint32_t)i));
		break;
	}
	case C_NEST:
		memcpy(p, "ri", 2);
		wr16(p + HIVEW_LIST_COUNT, 1);
		wr32(p + HIVEW_LI_ENTRY(0), ci(m, c->b));
		break;
	case C_RAW: {
		const struct hw_raw *r = &h->raws[c->owner];
		if (r->has_data && r->len)
			memcpy(p, h->bytes + r->data, r->len);
		break;
	}
	}
}

/* Allocates the per-record tables of m, all NIL. */
static void map_tables(struct hivew_map *m, const hivew *h)
{
	m->nkeys = h->nkeys;
	m->nvals = h->nvals;
	m->nsks = h->nsks;
	m->nraws = h->nraws;
	uint32_t **kt[] = { &m->key_nk, &m->key_class, &m->key_vlist, &m->key_list,
		&m->key_ri, &m->key_leaf0, &m->key_nleaves };
	for (size_t i = 0; i < sizeof kt / sizeof kt[0]; i++) {
		*kt[i] = zalloc(h->nkeys, sizeof(uint32_t));
		for (size_t k = 0; k < h->nkeys; k++)
			(*kt[i])[k] = NIL;
	}
	uint32_t **vt[] = { &m->val_vk, &m->val_data, &m->val_seglist, &m->val_seg0,
		&m->val_nsegs };
	for (size_t i = 0; i < sizeof vt / sizeof vt[0]; i++) {
		*vt[i] = zalloc(h->nvals, sizeof(uint32_t));
		for (size_t v = 0; v < h->nvals; v++)
			(*vt[i])[v] = NIL;
	}
	m->sk_cell = zalloc(h->nsks, sizeof(uint32_t));
	for (size_t s = 0; s < h->nsks; s++)
		m->sk_cell[s] = NIL;
	m->raw_cell = zalloc(h->nraws, sizeof(uint32_t));
	for (size_t r = 0; r < h->nraws; r++)
		m->raw_cell[r] = NIL;
	for (size_t k = 0; k < h->nkeys; k++)
		m->key_nleaves[k] = 0;
	for (size_t v = 0; v < h->nvals; v++)
		m->val_nsegs[v] = 0;
}

static void map_free(struct hivew_map *m)
{
	if (m == NULL)
		return;
	free(m->cells);
	free(m->key_nk);
	free(m->key_class);
	free(m->key_vlist);
	free(m->key_list);
	free(m->key_ri);
	free(m->key_leaf0);
	free(m->key_nleaves);
	free(m->val_vk);
	free(m->val_data);
	free(m->val_seglist);
	free(m->val_seg0);
	free(m->val_nsegs);
	free(m->sk_cell);
	free(m->raw_cell);
	free(m->bins);
	free(m);
}

/* Copies n elements of size elem (NULL stays NULL). */
static void *dup_array(const void *p, size_t n, size_t elem)
{
	if (p == NULL)
		return NULL;
	void *q = zalloc(n, elem);
	if (n)
		memcpy(q, p, n * elem);
	return q;
}

static struct hivew_map *map_dup(const struct hivew_map *m)
{
	if (m == NULL)
		return NULL;
	struct hivew_map *c = zalloc(1, sizeof *c);
	*c = *m;
	c->cells = dup_array(m->cells, m->ncells, sizeof *m->cells);
	c->ccells = m->ncells;
	c->bins = dup_array(m->bins, m->nbins, sizeof *m->bins);
	c->cbins = m->nbins;
	c->key_nk = dup_array(m->key_nk, m->nkeys, 4);
	c->key_class = dup_array(m->key_class, m->nkeys, 4);
	c->key_vlist = dup_array(m->key_vlist, m->nkeys, 4);
	c->key_list = dup_array(m->key_list, m->nkeys, 4);
	c->key_ri = dup_array(m->key_ri, m->nkeys, 4);
	c->key_leaf0 = dup_array(m->key_leaf0, m->nkeys, 4);
	c->key_nleaves = dup_array(m->key_nleaves, m->nkeys, 4);
	c->val_vk = dup_array(m->val_vk, m->nvals, 4);
	c->val_data = dup_array(m->val_data, m->nvals, 4);
	c->val_seglist = dup_array(m->val_seglist, m->nvals, 4);
	c->val_seg0 = dup_array(m->val_seg0, m->nvals, 4);
	c->val_nsegs = dup_array(m->val_nsegs, m->nvals, 4);
	c->sk_cell = dup_array(m->sk_cell, m->nsks, 4);
	c->raw_cell = dup_array(m->raw_cell, m->nraws, 4);
	return c;
}

hivew_img *hivew_build(const hivew *h)
{
	struct build b;
	memset(&b, 0, sizeof b);
	b.h = h;
	b.m = zalloc(1, sizeof *b.m);
	map_tables(b.m, h);
	order_kids(&b);
	b.sk_refs = zalloc(h->nsks, sizeof *b.sk_refs);
	for (size_t k = 0; k < h->nkeys; k++)
		b.sk_refs[h->keys[k].sk]++;
	plan(&b);
	uint32_t hbins = layout(&h->o, b.m);
	hivew_img *img = img_new((size_t)HIVEW_BASE + hbins);
	uint8_t *d = img->data;
	for (size_t i = 0; i < b.m->nbins; i++) {
		const struct hw_bin *bin = &b.m->bins[i];
		uint8_t *p = d + HIVEW_BASE + bin->off;
		memcpy(p, "hbin", 4);
		wr32(p + HIVEW_HBIN_OFFSET, bin->off);
		wr32(p + HIVEW_HBIN_SIZE, bin->size);
		if (i == 0)
			wr64(p + HIVEW_HBIN_TIME, h->o.timestamp);
		if (bin->free != NIL)
			wr32(d + HIVEW_BASE + bin->free, bin->off + bin->size - bin->free);
	}
	for (size_t i = 0; i < b.m->ncells; i++)
		write_cell(&b, d, (uint32_t)i);
	write_base(d, &h->o, ci(b.m, b.m->key_nk[HIVEW_ROOT]), hbins);
	img->map = b.m;
	free(b.kids);
	free(b.kid0);
	free(b.sk_refs);
	free(b.leaf_kind);
	return img;
}

void hivew_img_free(hivew_img *img)
{
	if (img == NULL)
		return;
	map_free(img->map);
	free(img->data);
	free(img);
}

hivew_img *hivew_img_dup(const hivew_img *img)
{
	hivew_img *c = img_new(img->len);
	if (img->len)
		memcpy(c->data, img->data, img->len);
	c->map = map_dup(img->map);
	return c;
}

bool hivew_img_write(const hivew_img *img, const char *path)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return false;
	bool ok = fwrite(img->data, 1, img->len, f) == img->len;
	if (fclose(f) != 0)
		ok = false;
	return ok;
}

/* ---- map queries -------------------------------------------------------------- */

static const struct hivew_map *map_of(const hivew_img *img)
{
	if (img->map == NULL)
		die("image has no cell map (a log?)");
	return img->map;
}

/* Checks k against the image's keys. */
static const struct hivew_map *map_key(const hivew_img *img, hivew_key k)
{
	const struct hivew_map *m = map_of(img);
	if (k >= m->nkeys)
		die("no such key in the image");
	return m;
}

uint32_t hivew_cell_nk(const hivew_img *img, hivew_key k)
{
	const struct hivew_map *m = map_key(img, k);
	return ci(m, m->key_nk[k]);
}

uint32_t hivew_cell_class(const hivew_img *img, hivew_key k)
{
	const struct hivew_map *m = map_key(img, k);
	return ci(m, m->key_class[k]);
}

uint32_t hivew_cell_values(const hivew_img *img, hivew_key k)
{
	const struct hivew_map *m = map_key(img, k);
	return ci(m, m->key_vlist[k]);
}

uint32_t hivew_cell_list(const hivew_img *img, hivew_key k)
{
	const struct hivew_map *m = map_key(img, k);
	return ci(m, m->key_list[k]);
}

uint32_t hivew_cell_ri(const hivew_img *img, hivew_key k)
{
	const struct hivew_map *m = map_key(img, k);
	return ci(m, m->key_ri[k]);
}

size_t hivew_nleaves(const hivew_img *img, hivew_key k)
{
	return map_key(img, k)->key_nleaves[k];
}

uint32_t hivew_cell_leaf(const hivew_img *img, hivew_key k, size_t i)
{
	const struct hivew_map *m = map_of(img);
	if (i >= hivew_nleaves(img, k))
		return NIL;
	return ci(m, m->key_leaf0[k] + (uint32_t)i);
}

/* Checks v against the image's values. */
static const struct hivew_map *map_val(const hivew_img *img, hivew_value v)
{
	const struct hivew_map *m = map_of(img);
	if (v >= m->nvals)
		die("no such value in the image");
	return m;
}

uint32_t hivew_cell_vk(const hivew_img *img, hivew_value v)
{
	const struct hivew_map *m = map_val(img, v);
	return ci(m, m->val_vk[v]);
}

uint32_t hivew_cell_data(const hivew_img *img, hivew_value v)
{
	const struct hivew_map *m = map_val(img, v);
	return ci(m, m->val_data[v]);
}

uint32_t hivew_cell_seglist(const hivew_img *img, hivew_value v)
{
	const struct hivew_map *m = map_val(img, v);
	return ci(m, m->val_seglist[v]);
}

size_t hivew_nsegs(const hivew_img *img, hivew_value v)
{
	return map_val(img, v)->val_nsegs[v];
}

uint32_t hivew_cell_seg(const hivew_img *img, hivew_value v, size_t i)
{
	const struct hivew_map *m = map_val(img, v);
	if (i >= m->val_nsegs[v])
		return NIL;
	return ci(m, m->val_seg0[v] + (uint32_t)i);
}

uint32_t hivew_cell_sk(const hivew_img *img, hivew_sk s)
{
	const struct hivew_map *m = map_of(img);
	if (s >= m->nsks)
		die("no such sk in the image");
	return ci(m, m->sk_cell[s]);
}

uint32_t hivew_cell_raw(const hivew_img *img, hivew_raw r)
{
	const struct hivew_map *m = map_of(img);
	if (r >= m->nraws)
		die("no such raw cell in the image");
	return ci(m, m->raw_cell[r]);
}

size_t hivew_nbins(const hivew_img *img)
{
	return map_of(img)->nbins;
}

/* Checks bin number i. */
static const struct hw_bin *bin_at(const hivew_img *img, size_t i)
{
	const struct hivew_map *m = map_of(img);
	if (i >= m->nbins)
		die("no such bin");
	return &m->bins[i];
}

uint32_t hivew_bin_offset(const hivew_img *img, size_t i) { return bin_at(img, i)->off; }
uint32_t hivew_bin_size(const hivew_img *img, size_t i) { return bin_at(img, i)->size; }
uint32_t hivew_bin_free(const hivew_img *img, size_t i) { return bin_at(img, i)->free; }

/* ---- raw access ------------------------------------------------------------------ */

size_t hivew_cell_off(uint32_t cell, size_t field)
{
	return (size_t)HIVEW_BASE + cell + 4 + field;
}

uint8_t hivew_get8(const hivew_img *img, size_t off)
{
	need(img, off, 1);
	return img->data[off];
}

uint16_t hivew_get16(const hivew_img *img, size_t off)
{
	need(img, off, 2);
	return (uint16_t)(img->data[off] | img->data[off + 1] << 8);
}

uint32_t hivew_get32(const hivew_img *img, size_t off)
{
	need(img, off, 4);
	return rd32(img->data + off);
}

uint64_t hivew_get64(const hivew_img *img, size_t off)
{
	need(img, off, 8);
	return (uint64_t)rd32(img->data + off) | (uint64_t)rd32(img->data + off + 4) << 32;
}

void hivew_put8(hivew_img *img, size_t off, uint8_t v)
{
	need(img, off, 1);
	img->data[off] = v;
}

void hivew_put16(hivew_img *img, size_t off, uint16_t v)
{
	need(img, off, 2);
	wr16(img->data + off, v);
}

void hivew_put32(hivew_img *img, size_t off, uint32_t v)
{
	need(img, off, 4);
	wr32(img->data + off, v);
}

void hivew_put64(hivew_img *img, size_t off, uint64_t v)
{
	need(img, off, 8);
	wr64(img->data + off, v);
}

void hivew_put(hivew_img *img, size_t off, const void *p, size_t n)
{
	need(img, off, n);
	if (n)
		memcpy(img->data + off, p, n);
}

void hivew_fill(hivew_img *img, size_t off, uint8_t b, size_t n)
{
	need(img, off, n);
	if (n)
		memset(img->data + off, b, n);
}

void hivew_cput16(hivew_img *img, uint32_t cell, size_t field, uint16_t v)
{
	hivew_put16(img, hivew_cell_off(cell, field), v);
}

void hivew_cput32(hivew_img *img, uint32_t cell, size_t field, uint32_t v)
{
	hivew_put32(img, hivew_cell_off(cell, field), v);
}

void hivew_cput(hivew_img *img, uint32_t cell, size_t field, const void *p, size_t n)
{
	hivew_put(img, hivew_cell_off(cell, field), p, n);
}

uint16_t hivew_cget16(const hivew_img *img, uint32_t cell, size_t field)
{
	return hivew_get16(img, hivew_cell_off(cell, field));
}

uint32_t hivew_cget32(const hivew_img *img, uint32_t cell, size_t field)
{
	return hivew_get32(img, hivew_cell_off(cell, field));
}

int32_t hivew_cell_size(const hivew_img *img, uint32_t cell)
{
	uint32_t v = hivew_get32(img, (size_t)HIVEW_BASE + cell);
	return v > INT32_MAX ? -(int32_t)(~v) - 1 : (int32_t)v;
}

void hivew_set_cell_size(hivew_img *img, uint32_t cell, int32_t size)
{
	hivew_put32(img, (size_t)HIVEW_BASE + cell, (uint32_t)size);
}

uint32_t hivew_split_free(hivew_img *img, uint32_t cell, uint32_t first)
{
	int32_t size = hivew_cell_size(img, cell);
	if (size <= 0 || first % 8 || first < 8 || (uint32_t)size < first + 8)
		die("split_free needs a free cell at least first + 8 bytes long");
	hivew_set_cell_size(img, cell, (int32_t)first);
	hivew_set_cell_size(img, cell + first, size - (int32_t)first);
	return cell + first;
}

uint32_t hivew_checksum(const uint8_t *block)
{
	uint32_t x = 0;
	for (size_t i = 0; i < 508; i += 4)
		x ^= rd32(block + i);
	if (x == 0xFFFFFFFFu)
		return 0xFFFFFFFEu;
	if (x == 0)
		return 1;
	return x;
}

void hivew_fix_checksum(hivew_img *img)
{
	need(img, 0, 512);
	wr32(img->data + HIVEW_BB_CHECKSUM, hivew_checksum(img->data));
}

void hivew_force_xor(hivew_img *img, uint32_t raw)
{
	need(img, 0, 512);
	wr32(img->data + 504, 0);
	uint32_t x = 0;
	for (size_t i = 0; i < 508; i += 4)
		x ^= rd32(img->data + i);
	wr32(img->data + 504, x ^ raw);
	hivew_fix_checksum(img);
}

void hivew_set_seq(hivew_img *img, uint32_t primary, uint32_t secondary)
{
	hivew_put32(img, HIVEW_BB_SEQ1, primary);
	hivew_put32(img, HIVEW_BB_SEQ2, secondary);
	hivew_fix_checksum(img);
}

/* Makes room for n more bytes at the end; returns a pointer to them. */
static uint8_t *extend(hivew_img *img, size_t n)
{
	if (n > SIZE_MAX - img->len)
		die("size overflow");
	img->data = grow(img->data, &img->cap, img->len + n, 1);
	uint8_t *p = img->data + img->len;
	img->len += n;
	return p;
}

void hivew_append(hivew_img *img, const void *p, size_t n)
{
	uint8_t *q = extend(img, n);
	if (n)
		memcpy(q, p, n);
}

void hivew_append_fill(hivew_img *img, uint8_t b, size_t n)
{
	uint8_t *q = extend(img, n);
	if (n)
		memset(q, b, n);
}

void hivew_append_garbage(hivew_img *img, size_t n, uint32_t seed)
{
	uint8_t *q = extend(img, n);
	uint32_t x = seed ? seed : 0x9E3779B9u;
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		q[i] = (uint8_t)(x >> 24);
	}
}

void hivew_insert_fill(hivew_img *img, size_t off, uint8_t b, size_t n)
{
	need(img, off, 0);
	size_t old = img->len;
	(void)extend(img, n);
	memmove(img->data + off + n, img->data + off, old - off);
	if (n)
		memset(img->data + off, b, n);
}

uint32_t hivew_append_bin(hivew_img *img, uint32_t size, bool grow_hbins)
{
	if (size < 4096 || size % 4096)
		die("bin sizes must be positive multiples of 4096");
	if (img->len < HIVEW_BASE || img->len - HIVEW_BASE > 0x7FFFF000u - size)
		die("cannot append a bin here");
	uint32_t off = (uint32_t)(img->len - HIVEW_BASE);
	uint8_t *p = extend(img, size);
	memset(p, 0, size);
	memcpy(p, "hbin", 4);
	wr32(p + HIVEW_HBIN_OFFSET, off);
	wr32(p + HIVEW_HBIN_SIZE, size);
	wr32(p + HIVEW_HBIN_HEADER, size - HIVEW_HBIN_HEADER);
	if (grow_hbins) {
		hivew_put32(img, HIVEW_BB_HBINS_SIZE, hivew_get32(img, HIVEW_BB_HBINS_SIZE) + size);
		hivew_fix_checksum(img);
	}
	return off + HIVEW_HBIN_HEADER;
}

void hivew_truncate(hivew_img *img, size_t len)
{
	if (len > img->len)
		die("truncate cannot grow");
	img->len = len;
}

/* ---- transaction logs ------------------------------------------------------------- */

static uint32_t rotl32(uint32_t x, unsigned n)
{
	return x << n | x >> (32 - n);
}

/* One Marvin32 mixing round on the state (lo, hi). */
static void marvin_mix(uint32_t *lo, uint32_t *hi)
{
	*hi ^= *lo;
	*lo = rotl32(*lo, 20);
	*lo += *hi;
	*hi = rotl32(*hi, 9);
	*hi ^= *lo;
	*lo = rotl32(*lo, 27);
	*lo += *hi;
	*hi = rotl32(*hi, 19);
}

uint64_t hivew_marvin32(const void *p, size_t n, uint64_t seed)
{
	const uint8_t *b = p;
	uint32_t lo = (uint32_t)seed, hi = (uint32_t)(seed >> 32);
	for (; n >= 4; n -= 4, b += 4) {
		lo += rd32(b);
		marvin_mix(&lo, &hi);
	}
	uint32_t last = 0x80;
	for (size_t i = n; i > 0; i--)
		last = last << 8 | b[i - 1];
	lo += last;
	marvin_mix(&lo, &hi);
	marvin_mix(&lo, &hi);
	return (uint64_t)hi << 32 | lo;
}

/* The hbins data size a log describes, checked against the image. */
static uint32_t target_hbins(const hivew_img *target)
{
	need(target, 0, HIVEW_BASE);
	uint32_t hb = rd32(target->data + HIVEW_BB_HBINS_SIZE);
	if (hb % 4096)
		die("target hbins data size is not a multiple of 4096");
	need(target, HIVEW_BASE, hb);
	return hb;
}

/* Whether 4096-byte block i of target's hbins data differs from stale's. */
static bool block_dirty(const hivew_img *target, const hivew_img *stale, size_t i)
{
	size_t off = HIVEW_BASE + 4096 * i;
	if (stale == NULL || stale->len < off + 4096)
		return true;
	return memcmp(target->data + off, stale->data + off, 4096) != 0;
}

/* A 512-byte log base block from target's with type, seq1 = seq2 = seq. */
static hivew_img *log_base(const hivew_img *target, uint32_t type, uint32_t seq)
{
	need(target, 0, 512);
	hivew_img *log = img_new(512);
	memcpy(log->data, target->data, 512);
	wr32(log->data + HIVEW_BB_TYPE, type);
	wr32(log->data + HIVEW_BB_SEQ1, seq);
	wr32(log->data + HIVEW_BB_SEQ2, seq);
	hivew_fix_checksum(log);
	return log;
}

hivew_img *hivew_log_old(const hivew_img *target, const hivew_img *stale)
{
	uint32_t hb = target_hbins(target);
	hivew_img *log = log_base(target, 1, rd32(target->data + HIVEW_BB_SEQ1));
	size_t nblocks = hb / 4096, nbytes = hb / 512 / 8;
	hivew_append(log, "DIRT", 4);
	uint8_t *bitmap = extend(log, nbytes);
	memset(bitmap, 0, nbytes);
	for (size_t i = 0; i < nblocks; i++)
		if (block_dirty(target, stale, i))
			log->data[516 + i] = 0xFF; /* 8 pages of 512 bytes per block */
	hivew_append_fill(log, 0, roundup(log->len, 512) - log->len);
	for (size_t i = 0; i < nblocks; i++)
		if (log->data[516 + i])
			hivew_append(log, target->data + HIVEW_BASE + 4096 * i, 4096);
	return log;
}

hivew_img *hivew_log_new(const hivew_img *target, uint32_t seq)
{
	return log_base(target, 6, seq);
}

void hivew_log_rehash(hivew_img *log, size_t entry_off)
{
	uint32_t size = hivew_get32(log, entry_off + HIVEW_LE_SIZE);
	if (size < HIVEW_LE_REFS)
		die("log entry smaller than its header");
	need(log, entry_off, size);
	uint8_t *e = log->data + entry_off;
	wr64(e + HIVEW_LE_HASH1, hivew_marvin32(e + HIVEW_LE_REFS, size - HIVEW_LE_REFS,
	    HIVEW_LOG_SEED));
	wr64(e + HIVEW_LE_HASH2, hivew_marvin32(e, 32, HIVEW_LOG_SEED));
}

size_t hivew_log_new_entry_pages(hivew_img *log, uint32_t seq, uint32_t flags,
    uint32_t hbins_size, const hivew_page *pages, size_t npages)
{
	hivew_append_fill(log, 0, roundup(log->len, 512) - log->len);
	size_t off = log->len, size = HIVEW_LE_REFS;
	if (npages > (SIZE_MAX - size) / 8)
		die("too many pages");
	size += 8 * npages;
	for (size_t i = 0; i < npages; i++) {
		if (pages[i].size > SIZE_MAX - size)
			die("entry too large");
		size += pages[i].size;
	}
	size = roundup(size, 512);
	if (size > UINT32_MAX || npages > UINT32_MAX)
		die("entry too large");
	uint8_t *e = extend(log, size);
	memset(e, 0, size);
	memcpy(e, "HvLE", 4);
	wr32(e + HIVEW_LE_SIZE, (uint32_t)size);
	wr32(e + HIVEW_LE_FLAGS, flags);
	wr32(e + HIVEW_LE_SEQ, seq);
	wr32(e + HIVEW_LE_HBINS_SIZE, hbins_size);
	wr32(e + HIVEW_LE_NPAGES, (uint32_t)npages);
	uint8_t *q = e + HIVEW_LE_REFS + 8 * npages;
	for (size_t i = 0; i < npages; i++) {
		wr32(e + HIVEW_LE_REFS + 8 * i, pages[i].offset);
		wr32(e + HIVEW_LE_REFS + 8 * i + 4, pages[i].size);
		if (pages[i].size)
			memcpy(q, pages[i].data, pages[i].size);
		q += pages[i].size;
	}
	hivew_log_rehash(log, off);
	return off;
}

size_t hivew_log_new_entry(hivew_img *log, const hivew_img *target,
    const hivew_img *stale, uint32_t seq)
{
	uint32_t hb = target_hbins(target);
	size_t nblocks = hb / 4096, n = 0;
	hivew_page *pages = zalloc(nblocks, sizeof *pages);
	for (size_t i = 0; i < nblocks; i++) {
		if (!block_dirty(target, stale, i))
			continue;
		if (n > 0 && pages[n - 1].offset + pages[n - 1].size == 4096 * i) {
			pages[n - 1].size += 4096;
			continue;
		}
		pages[n].offset = (uint32_t)(4096 * i);
		pages[n].size = 4096;
		pages[n].data = target->data + HIVEW_BASE + 4096 * i;
		n++;
	}
	size_t off = hivew_log_new_entry_pages(log, seq, rd32(target->data + HIVEW_BB_FLAGS), hb,
	    pages, n);
	free(pages);
	return off;
}

void hivew_dirty_pair(const hivew_img *target, const hivew_img *stale, int format,
    hivew_img **primary, hivew_img **log)
{
	need(target, 0, HIVEW_BASE);
	if (stale == NULL)
		die("dirty_pair needs a stale image");
	uint32_t p = rd32(target->data + HIVEW_BB_SEQ1);
	if (p == 0)
		die("dirty_pair needs a target sequence number >= 1");
	hivew_img *prim = hivew_img_dup(stale);
	hivew_put64(prim, HIVEW_BB_TIME, hivew_get64(target, HIVEW_BB_TIME));
	hivew_set_seq(prim, p, p - 1);
	if (format == 1) {
		*log = hivew_log_old(target, stale);
	} else if (format == 6) {
		*log = hivew_log_new(target, p - 1);
		(void)hivew_log_new_entry(*log, target, stale, p - 1);
	} else {
		die("log format must be 1 or 6");
	}
	*primary = prim;
}
