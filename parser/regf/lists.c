/*
 * lists.c - subkey lists (regf.md 1.7; [MS] subkeys list).
 *
 *   li  "li" | count u16 | count x nk offset                 (index leaf)
 *   lf  "lf" | count u16 | count x (nk offset, name hint)    (fast leaf)
 *   lh  "lh" | count u16 | count x (nk offset, name hash)    (hash leaf)
 *   ri  "ri" | count u16 | count x leaf offset                (index root)
 *
 * An ri lists leaves, never another ri ([MS]; hivex recursed into nested
 * ri lists until CVE-2021-3622).  Counts are bounded by the cell before
 * any element is read, every list and leaf cell is resolved through the
 * cell map, and a list or leaf met a second time is reported and not
 * followed (a shared list would otherwise repeat a subtree).
 *
 * The hint of an lf element is the first four characters of the name
 * (NUL-padded; checked for ASCII names only: other characters go through
 * a code page the hive does not record);
 * the hash of an lh element is H = 37 * H + c over the upper-cased UTF-16
 * units of the name, modulo 2^32.
 */
#include "core/ucase.h"
#include "regf/regf.h"

uint32_t
regf_name_hash(const uint16_t *name, size_t n)
{
	uint32_t hash = 0;
	size_t k = 0;
	/* four units per step: 37^4 H + 37^3 c0 + 37^2 c1 + 37 c2 + c3 is the
	 * same value modulo 2^32, with a quarter of the dependent multiplies */
	for (; n - k >= 4; k += 4)
		hash = 1874161u * hash + 50653u * cs_upcase(name[k]) + 1369u * cs_upcase(name[k + 1]) +
		       37u * cs_upcase(name[k + 2]) + cs_upcase(name[k + 3]);
	for (; k < n; k++)
		hash = 37u * hash + cs_upcase(name[k]);
	return hash;
}

bool
regf_hint_ok(uint32_t hint, const uint16_t *name, size_t n)
{
	uint8_t want[4] = { 0, 0, 0, 0 };
	size_t k;
	for (k = 0; k < 4 && k < n; k++) {
		/* a character outside ASCII goes through the writer's code page
		 * ([MS]: "converted to extended ASCII if possible"), which the
		 * hive does not record: such hints are not checked */
		if (name[k] >= 0x80)
			return true;
		want[k] = (uint8_t)name[k];
	}
	return hint == ((uint32_t)want[0] | (uint32_t)want[1] << 8 | (uint32_t)want[2] << 16 |
	                   (uint32_t)want[3] << 24);
}

/* Bytes per element of a list with signature sig, or 0 when sig is no
 * list this hive's version has. */
static size_t
elem_size(const regf_hive *h, uint16_t sig)
{
	if (sig == ('l' | 'i' << 8) || sig == ('r' | 'i' << 8))
		return 4;
	if (sig == ('l' | 'f' << 8) && h->has_lf)
		return 8;
	if (sig == ('l' | 'h' << 8) && h->has_lh)
		return 8;
	return 0;
}

/* Resolves a list cell (first use only) and reads its signature and its
 * element count bounded by the cell.  False when it cannot be used. */
static bool
open_list(regf_hive *h, uint32_t off, uint64_t from, const char *what, cs_cursor *cell,
    uint16_t *sig, uint32_t *count, bool *cut)
{
	bool first;
	uint16_t n = 0;
	size_t esize, room;
	if (!regf_cell(h, off, from, what, cell, &first)) {
		h->partial = true;
		return false;
	}
	if (!first) {
		cs_emit(h->ctx, CS_REGF_LIST_SHARED, from,
		    "%s 0x%X is referenced a second time; it is not followed again", what, (unsigned)off);
		return false;
	}
	if (!cs_cur_u16_at(cell, 0, sig) || !cs_cur_u16_at(cell, 2, &n) ||
	    (esize = elem_size(h, *sig)) == 0) {
		uint8_t a = 0, b = 0;
		(void)cs_cur_u8_at(cell, 0, &a);
		(void)cs_cur_u8_at(cell, 1, &b);
		cs_emit(h->ctx, CS_REGF_LIST_SIGNATURE, regf_abs(h, off) + 4,
		    "%s 0x%X has signature 0x%02X%02X, not li, lf, lh or ri (hive version 1.%u)", what,
		    (unsigned)off, a, b, (unsigned)h->base.minor);
		h->partial = true;
		return false;
	}
	room = (cell->size - 4) / esize;
	*count = n;
	if (n > room) {
		cs_emit(h->ctx, CS_REGF_LIST_OVERFLOW, regf_abs(h, off) + 6,
		    "%s 0x%X counts %u elements; its cell holds %zu", what, (unsigned)off, (unsigned)n,
		    room);
		*count = (uint32_t)room;
		h->partial = true;
		*cut = true;
	}
	if (n == 0)
		cs_emit(h->ctx, CS_REGF_LIST_EMPTY, regf_abs(h, off) + 6, "%s 0x%X is empty", what,
		    (unsigned)off);
	return true;
}

bool
regf_list_begin(regf_hive *h, uint32_t list, uint64_t owner, regf_listit *it)
{
	cs_cursor cell;
	uint16_t sig = 0;
	uint32_t count = 0;
	it->h = h;
	it->owner = owner;
	it->in_ri = false;
	it->leaf_count = it->leaf_pos = it->root_count = it->root_pos = it->total = 0;
	it->incomplete = false;
	if (!open_list(h, list, owner + 28, "subkey list", &cell, &sig, &count, &it->incomplete))
		return false;
	if (sig == ('r' | 'i' << 8)) {
		it->in_ri = true;
		it->root = cell;
		it->root_count = count;
	} else {
		it->leaf = cell;
		it->leaf_off = list;
		it->leaf_sig = sig;
		it->leaf_count = count;
	}
	return true;
}

/* Opens the next leaf of the index root; false when none is left. */
static bool
next_leaf(regf_listit *it)
{
	while (it->root_pos < it->root_count) {
		uint32_t off = 0;
		uint16_t sig = 0;
		uint32_t count = 0;
		cs_cursor cell;
		(void)cs_cur_u32_at(&it->root, 4 + 4 * (size_t)it->root_pos, &off);
		it->root_pos++;
		if (!open_list(it->h, off, cs_cur_abs_at(&it->root, 4 + 4 * (size_t)(it->root_pos - 1)),
		        "leaf of an index root", &cell, &sig, &count, &it->incomplete)) {
			it->incomplete = true;
			continue;
		}
		if (sig == ('r' | 'i' << 8)) {
			cs_emit(it->h->ctx, CS_REGF_LIST_RI_NESTED, regf_abs(it->h, off) + 4,
			    "index root lists another index root (0x%X); it is not followed", (unsigned)off);
			it->h->partial = true;
			it->incomplete = true;
			continue;
		}
		it->leaf = cell;
		it->leaf_off = off;
		it->leaf_sig = sig;
		it->leaf_count = count;
		it->leaf_pos = 0;
		return true;
	}
	return false;
}

bool
regf_list_next(regf_listit *it, uint32_t *nk, uint32_t *check, char *kind)
{
	while (it->leaf_pos >= it->leaf_count) {
		if (!it->in_ri || !next_leaf(it))
			return false;
	}
	if (it->leaf_sig == ('l' | 'i' << 8)) {
		(void)cs_cur_u32_at(&it->leaf, 4 + 4 * (size_t)it->leaf_pos, nk);
		*check = 0;
		*kind = 'i';
	} else {
		(void)cs_cur_u32_at(&it->leaf, 4 + 8 * (size_t)it->leaf_pos, nk);
		(void)cs_cur_u32_at(&it->leaf, 8 + 8 * (size_t)it->leaf_pos, check);
		*kind = it->leaf_sig == ('l' | 'f' << 8) ? 'f' : 'h';
	}
	it->leaf_pos++;
	it->total++;
	return true;
}

void
regf_list_prefetch(const regf_listit *it, unsigned ahead)
{
	uint32_t pos = it->leaf_pos + ahead, off = REGF_NIL;
	if (pos >= it->leaf_count)
		return;
	(void)cs_cur_u32_at(&it->leaf, it->leaf_sig == ('l' | 'i' << 8) ? 4 + 4 * (size_t)pos
	                                                               : 4 + 8 * (size_t)pos,
	    &off);
	regf_prefetch_cell(it->h, off);
}
