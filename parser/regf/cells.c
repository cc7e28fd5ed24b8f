/*
 * cells.c - hive bins, cells and references (regf.md 1.4, 1.5, 2.2).
 *
 *   hive bin  "hbin" | offset u32 | size u32 (multiple of 4096) | 20 bytes
 *   cell      size i32 (negative: allocated, positive: free; |size| a
 *             multiple of 8, at least 8) | payload
 *
 * Cells tile each bin from byte 32 to its end.  The scan records, in a
 * map of the 8-byte slots of the hive bins data, where each cell starts
 * and whether it is allocated; a reference is then honoured only
 * when it names the start of an allocated cell (hivex and yarp do the
 * same; reglookup and regipy follow any offset, libregf free cells too).
 * The same map records the first use of each cell, which is what the
 * walk's visited set, the shared-record checks and the unreferenced-cell
 * count read.  The map (cellmap.c) is the scan's one sizeable allocation:
 * about size / 64 bytes for a hive of `size` bytes, plus 2 bits per cell.
 */
#include <string.h>

#include "core/alloc.h"
#include "regf/regf.h"

#define BIN_HEADER 32u

uint64_t
regf_abs(const regf_hive *h, uint32_t off)
{
	return cs_cur_abs_at(&h->bins, 0) + off;
}

/* Chooses how many bytes of hive bins data to read (regf.md 2.1 row 9). */
static size_t
bins_length(regf_hive *h)
{
	size_t present = h->file.size > REGF_BASE_SIZE ? h->file.size - REGF_BASE_SIZE : 0;
	uint32_t declared = h->base.bins_size;
	if (!h->trusted) {
		/* a base block that failed its checksum is not trusted: the hive
		 * bins data is what the file holds, up to the first gap (as
		 * Windows and yarp read a dirty hive) */
	} else if (declared == 0 || declared % 4096 != 0) {
		cs_emit(h->ctx, CS_REGF_BASE_BINS_SIZE, 40,
		    "hive bins data size 0x%X; the %zu bytes after the base block are read instead",
		    (unsigned)declared, present);
		declared = 0;
	} else if (declared > present) {
		cs_emit(h->ctx, CS_REGF_BASE_BINS_TRUNCATED, 40,
		    "the base block declares 0x%X bytes of hive bins, the file holds 0x%zX", (unsigned)declared,
		    present);
	} else if (present - declared >= 8) {
		cs_emit(h->ctx, CS_REGF_BASE_REMNANT, REGF_BASE_SIZE + (uint64_t)declared,
		    "%zu bytes after the declared hive bins data", present - declared);
		present = declared;
	}
	/* cell indexes are 32-bit: nothing beyond 4 GiB can be referenced */
	if (present > 0xFFFFFFF8u)
		present = 0xFFFFFFF8u;
	return present - present % 8;
}

/* True when the bytes [off, end) of the bins are all zero or all 0xFF. */
static bool
uniform_run(const regf_hive *h, size_t off, size_t end)
{
	uint8_t first = 0, b;
	size_t i;
	if (!cs_cur_u8_at(&h->bins, off, &first) || (first != 0 && first != 0xFF))
		return false;
	for (i = off + 1; i < end; i++)
		if (!cs_cur_u8_at(&h->bins, i, &b) || b != first)
			return false;
	return true;
}

/* The next 4096-aligned offset at or after from that holds "hbin", or
 * len. */
static size_t
next_bin(const regf_hive *h, size_t from, size_t len)
{
	for (; from < len; from += 4096)
		if (cs_cur_equals_at(&h->bins, from, "hbin", 4))
			return from;
	return len;
}

/* Appends the range [off, off + size) to *v (n used, cap allocated);
 * false on nomem. */
static bool
add_range(regf_hive *h, regf_bin **v, size_t *n, size_t *cap, size_t off, size_t size)
{
	if (!cs_grow(h->ctx->alloc, (void **)v, cap, *n + 1, sizeof **v)) {
		h->ctx->nomem = true;
		return false;
	}
	(*v)[*n].off = (uint32_t)off;
	(*v)[*n].size = (uint32_t)size;
	(*n)++;
	return true;
}

/* Records a region skipped as damaged (references into it are told
 * apart from references inside a cell). */
static void
add_skip(regf_hive *h, size_t off, size_t size)
{
	(void)add_range(h, &h->skipv, &h->nskips, &h->capskips, off, size);
}

/* Marks the cells of the bin [off, off + size). */
static void
scan_cells(regf_hive *h, size_t off, size_t size)
{
	size_t c = off + BIN_HEADER, end = off + size;
	while (end - c >= 8) {
		uint32_t raw = 0;
		int64_t sz;
		uint64_t mag;
		(void)cs_cur_u32_at(&h->bins, c, &raw);
		sz = (int32_t)raw;
		mag = sz < 0 ? (uint64_t)-sz : (uint64_t)sz;
		if (mag < 8 || mag % 8 != 0) {
			cs_emit(h->ctx, CS_REGF_CELL_SIZE, regf_abs(h, (uint32_t)c),
			    "cell at 0x%zX has size %d; the rest of its hive bin (0x%zX bytes) is skipped", c,
			    (int)sz, end - c);
			add_skip(h, c, end - c);
			return;
		}
		if (mag > end - c) {
			cs_emit(h->ctx, CS_REGF_CELL_CROSSES_BIN, regf_abs(h, (uint32_t)c),
			    "cell at 0x%zX of %llu bytes runs 0x%llX bytes past its hive bin's end", c,
			    (unsigned long long)mag, (unsigned long long)(mag - (end - c)));
			add_skip(h, c, end - c);
			return;
		}
		if (!regf_map_add(h->ctx, &h->map, c / 8, sz < 0))
			return;
		c += (size_t)mag;
	}
}

/* One hive bin at pos (its signature checked); returns its size. */
static size_t
read_bin(regf_hive *h, size_t pos, size_t len)
{
	uint32_t boff = 0, bsize = 0;
	size_t size;
	(void)cs_cur_u32_at(&h->bins, pos + 4, &boff);
	(void)cs_cur_u32_at(&h->bins, pos + 8, &bsize);
	if (boff != pos)
		cs_emit(h->ctx, CS_REGF_HBIN_OFFSET, regf_abs(h, (uint32_t)pos) + 4,
		    "hive bin at 0x%zX says it is at 0x%X", pos, (unsigned)boff);
	size = bsize;
	if (bsize < 4096 || bsize % 4096 != 0) {
		cs_emit(h->ctx, CS_REGF_HBIN_SIZE, regf_abs(h, (uint32_t)pos) + 8,
		    "hive bin at 0x%zX has size 0x%X", pos, (unsigned)bsize);
		size = 4096;
	}
	if (size > len - pos) {
		cs_emit(h->ctx, CS_REGF_HBIN_PAST_END, regf_abs(h, (uint32_t)pos) + 8,
		    "hive bin at 0x%zX of size 0x%zX runs 0x%zX bytes past the end of the hive bins data",
		    pos, size, size - (len - pos));
		size = len - pos;
	}
	regf_map_add_bin(&h->map, pos / 8);
	scan_cells(h, pos, size);
	return size;
}

bool
regf_cells_scan(regf_hive *h)
{
	size_t len, pos = 0;
	cs_cur_init(&h->bins, NULL, 0);
	len = bins_length(h);
	if (!cs_cur_window(&h->file, REGF_BASE_SIZE, len, &h->bins))
		return true;
	if (!regf_map_init(h->ctx, &h->map, len / 8))
		return false;
	while (pos < len && !h->ctx->nomem) {
		size_t next;
		if (len - pos >= BIN_HEADER && cs_cur_equals_at(&h->bins, pos, "hbin", 4)) {
			pos += read_bin(h, pos, len);
			continue;
		}
		if (cs_cur_equals_at(&h->bins, pos, "hbin", 4)) { /* the data ends in its header */
			cs_emit(h->ctx, CS_REGF_HBIN_PAST_END, regf_abs(h, (uint32_t)pos),
			    "hive bin at 0x%zX: the hive bins data ends %zu bytes into its 32-byte header",
			    pos, len - pos);
			add_skip(h, pos, len - pos);
			break;
		}
		if (!h->trusted) {
			cs_emit(h->ctx, CS_REGF_BASE_REMNANT, regf_abs(h, (uint32_t)pos),
			    "the hive bins end at 0x%zX (taken from the file: the base block is not trusted); "
			    "0x%zX bytes follow", pos, len - pos);
			len = pos;
			break;
		}
		next = next_bin(h, pos + 4096 <= len ? pos + 4096 : len, len);
		if (uniform_run(h, pos, next))
			cs_emit(h->ctx, CS_REGF_HBIN_PADDING, regf_abs(h, (uint32_t)pos),
			    "0x%zX bytes of padding at 0x%zX where a hive bin would start", next - pos, pos);
		else
			cs_emit(h->ctx, CS_REGF_HBIN_SIGNATURE, regf_abs(h, (uint32_t)pos),
			    "no hive bin at 0x%zX; 0x%zX bytes up to the next one are skipped", pos, next - pos);
		add_skip(h, pos, next - pos); /* padding or damage: no cells */
		pos = next;
	}
	regf_map_finish(&h->map, len / 8);
	return !h->ctx->nomem;
}

void
regf_cells_free(regf_hive *h)
{
	regf_map_free(h->ctx, &h->map);
	cs_ctx_free(h->ctx, h->skipv);
	h->skipv = NULL;
	h->nskips = h->capskips = 0;
}

/* The last of the n ranges (sorted by start) starting at or before off,
 * or NULL. */
static const regf_bin *
range_before(const regf_bin *v, size_t n, uint32_t off)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? &v[lo - 1] : NULL;
}

/* True when off lies in a region skipped as damaged. */
static bool
in_skipped(const regf_hive *h, uint32_t off)
{
	const regf_bin *r = range_before(h->skipv, h->nskips, off);
	return r != NULL && off - r->off < r->size;
}

regf_ref
regf_resolve(regf_hive *h, uint32_t off, cs_cursor *cell, bool *first_use)
{
	unsigned state;
	uint32_t raw = 0;
	*first_use = false;
	if (off == REGF_NIL)
		return REGF_REF_NIL;
	if (off / 8 >= h->map.nslots)
		return REGF_REF_PAST_END;
	state = off % 8 == 0 ? regf_map_take(&h->map, off / 8) : REGF_SLOT_NONE;
	if (state == REGF_SLOT_NONE) {
		if (in_skipped(h, off))
			return REGF_REF_DAMAGED;
		return regf_map_in_bin_header(&h->map, off / 8) ? REGF_REF_HEADER : REGF_REF_MID_CELL;
	}
	if (state == REGF_SLOT_FREE)
		return REGF_REF_FREE;
	(void)cs_cur_u32_at(&h->bins, off, &raw);
	/* the scan checked that the cell lies inside its bin */
	(void)cs_cur_window(&h->bins, (size_t)off + 4, (size_t)(-(int64_t)(int32_t)raw) - 4, cell);
	*first_use = state == REGF_SLOT_ALLOC;
	return REGF_REF_OK;
}

const char *
regf_ref_why(regf_ref r)
{
	switch (r) {
	case REGF_REF_NIL: return "is 0xFFFFFFFF (none)";
	case REGF_REF_PAST_END: return "lies past the end of the hive bins data";
	case REGF_REF_DAMAGED: return "points into hive bins data that holds no cells (reported above)";
	case REGF_REF_HEADER: return "points into a hive bin header";
	case REGF_REF_MID_CELL: return "points inside a cell, not at its start";
	case REGF_REF_FREE: return "points at a free cell";
	case REGF_REF_OK: break;
	}
	return "is usable";
}

bool
regf_cell(regf_hive *h, uint32_t off, uint64_t from, const char *what, cs_cursor *cell,
    bool *first_use)
{
	static const cs_code codes[] = {
		[REGF_REF_NIL] = CS_REGF_REF_NIL,
		[REGF_REF_PAST_END] = CS_REGF_REF_PAST_END,
		[REGF_REF_DAMAGED] = CS_REGF_REF_DAMAGED,
		[REGF_REF_HEADER] = CS_REGF_REF_HEADER,
		[REGF_REF_MID_CELL] = CS_REGF_REF_MID_CELL,
		[REGF_REF_FREE] = CS_REGF_REF_FREE,
	};
	regf_ref r = regf_resolve(h, off, cell, first_use);
	if (r == REGF_REF_OK)
		return true;
	if (r == REGF_REF_NIL)
		cs_emit(h->ctx, codes[r], from, "%s: the reference %s", what, regf_ref_why(r));
	else if (r == REGF_REF_PAST_END)
		cs_emit(h->ctx, codes[r], from, "%s: reference 0x%X %s (0x%zX)", what, (unsigned)off,
		    regf_ref_why(r), h->map.nslots * 8);
	else
		cs_emit(h->ctx, codes[r], from, "%s: reference 0x%X %s", what, (unsigned)off,
		    regf_ref_why(r));
	return false;
}

bool
regf_cell_again(const regf_hive *h, uint32_t off, cs_cursor *cell)
{
	uint32_t raw = 0;
	if (off % 8 != 0 || regf_map_state(&h->map, off / 8) < REGF_SLOT_ALLOC)
		return false;
	(void)cs_cur_u32_at(&h->bins, off, &raw);
	return cs_cur_window(&h->bins, (size_t)off + 4, (size_t)(-(int64_t)(int32_t)raw) - 4, cell);
}

/* Tally of the allocated cells nothing used. */
typedef struct unused {
	const regf_hive *h;
	size_t count, first;
	uint64_t bytes;
} unused;

static void
count_unused(void *arg, size_t slot)
{
	unused *u = arg;
	uint32_t raw = 0;
	(void)cs_cur_u32_at(&u->h->bins, slot * 8, &raw);
	u->bytes += (uint64_t)(-(int64_t)(int32_t)raw);
	if (u->count++ == 0)
		u->first = slot * 8;
}

void
regf_cells_report_unused(regf_hive *h)
{
	unused u = { h, 0, 0, 0 };
	regf_map_each_unused(&h->map, count_unused, &u);
	if (u.count > 0)
		cs_emit(h->ctx, CS_REGF_CELL_UNREFERENCED, regf_abs(h, (uint32_t)u.first),
		    "%zu allocated cells (%llu bytes) are used by no key of the tree; the first at 0x%zX",
		    u.count, (unsigned long long)u.bytes, u.first);
}

void
regf_prefetch_cell(const regf_hive *h, uint32_t off)
{
	cs_cur_prefetch(&h->bins, off);
	regf_map_prefetch(&h->map, off / 8);
}
