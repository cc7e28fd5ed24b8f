/*
 * keys.c - key nodes ("nk", regf.md 1.6; [MS] key node) and names.
 *
 *   off len  field                      off len  field
 *     0   2  "nk"                         36   4  number of values
 *     2   2  flags (1.6.1)                40   4  values list
 *     4   8  last written (FILETIME)      44   4  security (sk)
 *    16   4  parent                       48   4  class name
 *    20   4  number of subkeys            72   2  name length (bytes)
 *    24   4  number of volatile subkeys   74   2  class name length
 *    28   4  subkeys list                 76   n  name: Latin-1 when flag
 *    32   4  volatile subkeys list                  0x20 (KEY_COMP_NAME), else
 *                                                   UTF-16LE
 *
 * Names are decoded losslessly to UTF-16 units: a compressed name byte is
 * one unit below 256 (Latin-1, as Windows and hivex read it; libregf uses
 * a code page, regf.md 0.1), and unpaired surrogates are kept.
 */
#include "core/alloc.h"
#include "regf/regf.h"

#define KEY_VOLATILE 0x0001u
#define KEY_HIVE_EXIT 0x0002u
#define KEY_HIVE_ENTRY 0x0004u
#define KEY_COMP_NAME 0x0020u

/* Makes room for n units in *name; false on nomem. */
static bool
name_reserve(regf_hive *h, regf_name *name, size_t n)
{
	if (!cs_grow(h->ctx->alloc, (void **)&name->p, &name->cap, n + 1, sizeof *name->p)) {
		h->ctx->nomem = true;
		return false;
	}
	return true;
}

bool
regf_name_decode(regf_hive *h, const cs_cursor *cell, size_t off, size_t n, bool compressed,
    uint64_t at, const char *what, regf_name *name)
{
	size_t k, units = compressed ? n : n / 2;
	bool unpaired = false;
	cs_units view;
	name->len = 0;
	if (!name_reserve(h, name, units))
		return false;
	if (!compressed && n % 2 != 0 && what != NULL)
		cs_emit(h->ctx, CS_REGF_NK_NAME_ODD, at, "%s name of %zu bytes: odd for UTF-16", what, n);
	if (cs_cur_units(cell, off, compressed ? 1 : 2, &view) &&
	    cs_units_copy(&view, 0, units, name->p)) {
		name->len = units; /* the usual case: the name lies in the cell */
	} else {
		for (k = 0; k < units; k++) {
			uint8_t b = 0;
			uint16_t u = 0;
			if (compressed)
				(void)cs_cur_u8_at(cell, off + k, &b), u = b;
			else
				(void)cs_cur_u16_at(cell, off + 2 * k, &u);
			name->p[name->len++] = u;
		}
	}
	for (k = 0; !compressed && k < units; k++) {
		uint16_t u = name->p[k];
		if (u >= 0xD800 && u <= 0xDBFF && k + 1 < units && name->p[k + 1] >= 0xDC00 &&
		    name->p[k + 1] <= 0xDFFF)
			k++;
		else if (u >= 0xD800 && u <= 0xDFFF)
			unpaired = true;
	}
	if (unpaired && what != NULL)
		cs_emit(h->ctx, CS_REGF_NK_NAME_SURROGATE, at,
		    "%s name holds an unpaired UTF-16 surrogate (kept as it is)", what);
	return true;
}

/* Reads the fixed fields; the cell is known to hold them. */
static void
read_fixed(const cs_cursor *c, regf_nk *nk)
{
	(void)cs_cur_u16_at(c, 2, &nk->flags);
	(void)cs_cur_u32_at(c, 16, &nk->parent);
	(void)cs_cur_u32_at(c, 20, &nk->nsubkeys);
	(void)cs_cur_u32_at(c, 24, &nk->nvolatile);
	(void)cs_cur_u32_at(c, 28, &nk->subkeys);
	(void)cs_cur_u32_at(c, 36, &nk->nvalues);
	(void)cs_cur_u32_at(c, 40, &nk->values);
	(void)cs_cur_u32_at(c, 44, &nk->security);
	(void)cs_cur_u32_at(c, 48, &nk->class_off);
	(void)cs_cur_u16_at(c, 72, &nk->name_len);
	(void)cs_cur_u16_at(c, 74, &nk->class_len);
}

/* Reports what is odd about a name that decoded. */
static void
check_name(regf_hive *h, const regf_nk *nk, uint64_t at, const regf_name *name)
{
	size_t k;
	for (k = 0; k < name->len; k++) {
		if (name->p[k] == '\\') {
			cs_emit(h->ctx, CS_REGF_NK_NAME_BACKSLASH, at,
			    "key name contains a backslash at character %zu", k + 1);
			break;
		}
	}
	if (name->len > CS_REG_MAX_KEY_NAME)
		cs_emit(h->ctx, CS_REGF_NK_NAME_LONG, at, "key name of %zu characters (the limit is 255)",
		    name->len);
	if (nk->flags & (KEY_VOLATILE | KEY_HIVE_EXIT))
		cs_emit(h->ctx, CS_REGF_NK_FLAGS, at + 2, "key flags 0x%04X include %s", nk->flags,
		    nk->flags & KEY_VOLATILE ? "KEY_VOLATILE" : "KEY_HIVE_EXIT");
	if (nk->nvolatile != 0)
		cs_emit(h->ctx, CS_REGF_NK_VOLATILE, at + 24, "key has %u volatile subkeys on disk",
		    (unsigned)nk->nvolatile);
}

bool
regf_nk_read(regf_hive *h, uint32_t off, const cs_cursor *cell, regf_nk *nk, regf_name *name)
{
	uint64_t at = regf_abs(h, off) + 4;
	nk->off = off;
	nk->cell = *cell;
	nk->name_ok = false;
	if (!cs_cur_equals_at(cell, 0, "nk", 2)) {
		cs_emit(h->ctx, CS_REGF_NK_SIGNATURE, at, "cell 0x%X should be a key node ('nk')",
		    (unsigned)off);
		return false;
	}
	if (cell->size < REGF_NK_FIXED) {
		cs_emit(h->ctx, CS_REGF_NK_TRUNCATED, at,
		    "key node cell of %zu bytes; the fixed part needs %u", cell->size, REGF_NK_FIXED);
		return false;
	}
	read_fixed(cell, nk);
	if (nk->name_len > cell->size - REGF_NK_FIXED) {
		cs_emit(h->ctx, CS_REGF_NK_TRUNCATED, at + 72,
		    "key name of %u bytes runs past its cell (%zu bytes after the fixed part)",
		    (unsigned)nk->name_len, cell->size - REGF_NK_FIXED);
		return false;
	}
	if (nk->name_len == 0)
		cs_emit(h->ctx, CS_REGF_NK_NAME_EMPTY, at + 72, "key node 0x%X has an empty name",
		    (unsigned)off);
	if (!regf_name_decode(h, cell, REGF_NK_FIXED, nk->name_len, nk->flags & KEY_COMP_NAME, at,
	        "key", name))
		return false;
	check_name(h, nk, at, name);
	nk->name_ok = true;
	return true;
}

bool
regf_nk_name_again(regf_hive *h, uint32_t off, regf_name *name)
{
	cs_cursor cell;
	uint16_t flags = 0, len = 0;
	name->len = 0;
	if (!regf_cell_again(h, off, &cell) || !cs_cur_u16_at(&cell, 2, &flags) ||
	    !cs_cur_u16_at(&cell, 72, &len) || cell.size < REGF_NK_FIXED ||
	    len > cell.size - REGF_NK_FIXED)
		return true; /* read before: cannot happen; an empty name then */
	return regf_name_decode(h, &cell, REGF_NK_FIXED, len, flags & KEY_COMP_NAME, 0, NULL, name);
}

void
regf_nk_check_class(regf_hive *h, const regf_nk *nk)
{
	cs_cursor cell;
	bool first;
	uint64_t at = regf_abs(h, nk->off) + 4;
	regf_ref r;
	if (nk->class_len == 0)
		return; /* the offset may be anything then ([LY] class name) */
	/* the class name is informative only: a bad reference to it is a
	 * warning of its own, not a broken reference of the tree */
	r = regf_resolve(h, nk->class_off, &cell, &first);
	if (r != REGF_REF_OK) {
		cs_emit(h->ctx, CS_REGF_NK_CLASS, at + 48, "class name of %u bytes: reference 0x%X %s",
		    (unsigned)nk->class_len, (unsigned)nk->class_off, regf_ref_why(r));
		return;
	}
	if (nk->class_len > cell.size)
		cs_emit(h->ctx, CS_REGF_NK_CLASS, at + 74,
		    "class name of %u bytes in a cell of %zu bytes", (unsigned)nk->class_len, cell.size);
}
