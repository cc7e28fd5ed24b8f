/*
 * cellmap.c - which 8-byte slots of the hive bins data start a cell, which
 * of those cells are allocated and which the walk has used (regf.md 2.2).
 *
 * Cells are 8-aligned, so a cell start is a slot (offset / 8).  The map
 * keeps one bit per slot ("a cell starts here") and two bits per cell,
 * indexed by the cell's rank (the number of cells starting before it):
 * "allocated" and "used".  Slots come in blocks of 512 (4 KiB of bins
 * data): a block holds its 512 start bits and one word of metadata: the
 * cells starting before it (a hive has at most 2^29 cells: 4 GiB of bins
 * data / 8), the cells starting before its words 2, 4 and 6 inside it
 * (9 bits each), and whether a hive bin starts there (bins are
 * 4096-aligned, regf.md 2.1, so a block is a bin's first or not; this
 * answers "is this offset in a bin header" without a list of bins).  A
 * rank is then read from one block with at most two popcounts, the state
 * from one more word.  Memory: 72 bytes per 4 KiB of bins (1/56) plus 2
 * bits per cell (cells are rarely under 32 bytes), against 1/32 for a
 * flat 2-bit-per-slot map: "file + 8 MB" for a 250 MB hive depends on it
 * (bench/regf.sh).
 *
 * Cells are added in increasing slot order (the bins are scanned front to
 * back), so a cell's rank at the time it is added is its final rank and
 * its bits are appended; the directory is computed once, at the end.
 */
#include <string.h>

#include "core/alloc.h"
#include "regf/regf.h"

#define BLOCK_SLOTS 512u /* slots per block */
#define WORDS 8u         /* 64-bit words of start bits per block */
#define META_RANK UINT64_C(0xFFFFFFFF)
#define META_SUB_SHIFT 32u /* 9 bits each: cells before words 2, 4, 6 */
#define META_BIN (UINT64_C(1) << 63)

/* Number of set bits of w (portable: no libgcc call, no -mpopcnt). */
static unsigned
popcount64(uint64_t w)
{
	w = w - ((w >> 1) & UINT64_C(0x5555555555555555));
	w = (w & UINT64_C(0x3333333333333333)) + ((w >> 2) & UINT64_C(0x3333333333333333));
	w = (w + (w >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
	return (unsigned)((w * UINT64_C(0x0101010101010101)) >> 56);
}

/* Index of the lowest set bit of w (w != 0). */
static unsigned
lowest_bit(uint64_t w)
{
	return popcount64((w & (0 - w)) - 1);
}

/* True when slot starts a cell (slot < nslots). */
static bool
starts_at(const regf_cellmap *m, size_t slot)
{
	return (m->blocks[slot / BLOCK_SLOTS].starts[slot / 64 % WORDS] >> (slot % 64)) & 1u;
}

/* The two bits of the cell of rank r: bit 0 allocated, bit 1 used. */
static unsigned
cell_bits(const regf_cellmap *m, size_t r)
{
	return (unsigned)(m->cells[r / 32] >> (2 * (r % 32))) & 3u;
}

bool
regf_map_init(cs_ctx *ctx, regf_cellmap *m, size_t nslots)
{
	memset(m, 0, sizeof *m);
	m->nslots = nslots;
	m->blocks = cs_ctx_calloc(ctx, nslots / BLOCK_SLOTS + 1, sizeof *m->blocks);
	return m->blocks != NULL;
}

/* Makes room for one more cell's bits; a word is zeroed when its first
 * cell is added (so capacity not yet needed is never touched).  False on
 * nomem. */
static bool
grow_cells(cs_ctx *ctx, regf_cellmap *m)
{
	if (m->ncells / 32 >= m->capwords &&
	    !cs_grow(ctx->alloc, (void **)&m->cells, &m->capwords, m->ncells / 32 + 1,
	        sizeof *m->cells))
		return false;
	if (m->ncells % 32 == 0)
		m->cells[m->ncells / 32] = 0;
	return true;
}

bool
regf_map_add(cs_ctx *ctx, regf_cellmap *m, size_t slot, bool allocated)
{
	if (slot >= m->nslots || (m->ncells > 0 && slot <= m->last_slot))
		return true; /* outside the map or out of order: cannot happen */
	if (!grow_cells(ctx, m)) {
		ctx->nomem = true;
		return false;
	}
	m->blocks[slot / BLOCK_SLOTS].starts[slot / 64 % WORDS] |= UINT64_C(1) << (slot % 64);
	if (allocated)
		m->cells[m->ncells / 32] |= UINT64_C(1) << (2 * (m->ncells % 32));
	m->last_slot = slot;
	m->ncells++;
	return true;
}

void
regf_map_finish(regf_cellmap *m, size_t nslots)
{
	size_t b, k, nblocks = m->nslots / BLOCK_SLOTS + 1;
	uint64_t total = 0;
	if (nslots < m->nslots)
		m->nslots = nslots;
	for (b = 0; b < nblocks; b++) {
		regf_mapblock *blk = &m->blocks[b];
		unsigned inside = 0;
		blk->meta = (blk->meta & META_BIN) | (total & META_RANK);
		for (k = 0; k < WORDS; k++) {
			if (k > 0 && k % 2 == 0)
				blk->meta |= (uint64_t)inside << (META_SUB_SHIFT + 9 * (k / 2 - 1));
			inside += popcount64(blk->starts[k]);
		}
		total += inside;
	}
}

void
regf_map_add_bin(regf_cellmap *m, size_t slot)
{
	if (slot < m->nslots && slot % BLOCK_SLOTS == 0)
		m->blocks[slot / BLOCK_SLOTS].meta |= META_BIN;
}

bool
regf_map_in_bin_header(const regf_cellmap *m, size_t slot)
{
	/* the header is the bin's first 32 bytes: its first 4 slots */
	return slot < m->nslots && slot % BLOCK_SLOTS < 4 &&
	       (m->blocks[slot / BLOCK_SLOTS].meta & META_BIN) != 0;
}

/* The rank of the cell starting at slot: the cells starting before it. */
static size_t
rank_of(const regf_cellmap *m, size_t slot)
{
	const regf_mapblock *blk = &m->blocks[slot / BLOCK_SLOTS];
	size_t k = slot / 64 % WORDS, r = (size_t)(blk->meta & META_RANK);
	if (k >= 2)
		r += (size_t)(blk->meta >> (META_SUB_SHIFT + 9 * (k / 2 - 1))) & 0x1FFu;
	if (k % 2 == 1)
		r += popcount64(blk->starts[k - 1]);
	return r + popcount64(blk->starts[k] & ((UINT64_C(1) << (slot % 64)) - 1));
}

/* REGF_SLOT_* of a cell's two bits. */
static unsigned
state_of(unsigned bits)
{
	if (bits & 2u)
		return REGF_SLOT_USED;
	return bits & 1u ? REGF_SLOT_ALLOC : REGF_SLOT_FREE;
}

unsigned
regf_map_state(const regf_cellmap *m, size_t slot)
{
	if (slot >= m->nslots || !starts_at(m, slot))
		return REGF_SLOT_NONE;
	return state_of(cell_bits(m, rank_of(m, slot)));
}

unsigned
regf_map_take(regf_cellmap *m, size_t slot)
{
	size_t r;
	unsigned state;
	if (slot >= m->nslots || !starts_at(m, slot))
		return REGF_SLOT_NONE;
	r = rank_of(m, slot);
	state = state_of(cell_bits(m, r));
	if (state != REGF_SLOT_FREE)
		m->cells[r / 32] |= UINT64_C(2) << (2 * (r % 32));
	return state;
}

void
regf_map_prefetch(const regf_cellmap *m, size_t slot)
{
#if defined(__GNUC__) || defined(__clang__)
	if (slot < m->nslots)
		__builtin_prefetch(&m->blocks[slot / BLOCK_SLOTS]);
#else
	(void)m, (void)slot;
#endif
}

void
regf_map_each_unused(const regf_cellmap *m, void (*each)(void *arg, size_t slot), void *arg)
{
	size_t w, r = 0;
	for (w = 0; w <= m->nslots / 64 && r < m->ncells; w++) {
		uint64_t bits = m->blocks[w / WORDS].starts[w % WORDS];
		while (bits != 0) {
			unsigned b = lowest_bit(bits);
			bits &= bits - 1; /* clears the lowest set bit */
			if (cell_bits(m, r) == 1u) /* allocated, not used */
				each(arg, w * 64 + b);
			r++;
		}
	}
}

void
regf_map_free(cs_ctx *ctx, regf_cellmap *m)
{
	cs_ctx_free(ctx, m->blocks);
	cs_ctx_free(ctx, m->cells);
	memset(m, 0, sizeof *m);
}
