/*
 * heaps.c - the metadata heaps (ECMA-335 II.24.2.3 - II.24.2.5).
 *
 *   #Strings  NUL-terminated UTF-8 strings; byte 0 is the empty string.
 *             An index is any byte offset; what it starts must be valid
 *             UTF-8 up to a NUL inside the heap (II.24.2.3).
 *   #US       entries = compressed length (II.23.2) + UTF-16LE code units
 *             + one terminal byte (0 or 1 by the rule of II.24.2.4);
 *             byte 0 is the empty entry.  Referenced only from IL, so the
 *             heap is walked entry by entry.
 *   #Blob     entries = compressed length + bytes; byte 0 is the empty blob.
 *   #GUID     16-byte GUIDs, indexed from 1; 0 is the null GUID (II.24.2.5).
 *
 * Compressed lengths (II.23.2), big-endian:
 *   0bbbbbbb                 1 byte,  value <= 0x7F
 *   10bbbbbb x               2 bytes, value <= 0x3FFF
 *   110bbbbb x y z           4 bytes, value <= 0x1FFFFFFF
 *   111xxxxx                 invalid
 *
 * Index checks for table cells are O(1): #Strings gets a bitmap of valid
 * string starts, built once in one backward pass over the heap.
 */
#include <string.h>

#include "clb/metadata.h"
#include "core/alloc.h"
#include "core/utf8.h"

int
clb_compressed_u32_at(const cs_cursor *c, size_t off, uint32_t *value, size_t *prefix_len)
{
	uint8_t b0, b1, b2, b3;
	if (!cs_cur_u8_at(c, off, &b0))
		return -1;
	if ((b0 & 0x80) == 0) {
		*value = b0;
		*prefix_len = 1;
		return 0;
	}
	if ((b0 & 0xC0) == 0x80) {
		if (!cs_cur_u8_at(c, off + 1, &b1))
			return -1;
		*value = (uint32_t)(b0 & 0x3F) << 8 | b1;
		*prefix_len = 2;
		return 0;
	}
	if ((b0 & 0xE0) == 0xC0) {
		if (!cs_cur_u8_at(c, off + 1, &b1) || !cs_cur_u8_at(c, off + 2, &b2) ||
		    !cs_cur_u8_at(c, off + 3, &b3))
			return -1;
		*value = (uint32_t)(b0 & 0x1F) << 24 | (uint32_t)b1 << 16 | (uint32_t)b2 << 8 | b3;
		*prefix_len = 4;
		return 0;
	}
	return -1; /* 111xxxxx */
}

/* True when bit i of a bitmap is set. */
static bool
bit_get(const uint8_t *bits, size_t i)
{
	return (bits[i >> 3] >> (i & 7)) & 1;
}

static void
bit_set(uint8_t *bits, size_t i)
{
	bits[i >> 3] = (uint8_t)(bits[i >> 3] | 1u << (i & 7));
}

/* #Strings: first byte, final NUL, and the bitmap of valid string starts. */
static void
check_strings(cs_ctx *ctx, clb_md *md)
{
	const cs_cursor *h = &md->strings.cur;
	size_t last_nul, i;
	uint8_t b;

	if (!md->strings.present || h->size == 0)
		return;
	(void)cs_cur_u8_at(h, 0, &b);
	if (b != 0)
		cs_emit(ctx, CS_CLB_STRINGS_FIRST, cs_cur_abs_at(h, 0),
		    "#Strings starts with 0x%02X, not the empty string", b);
	(void)cs_cur_u8_at(h, h->size - 1, &b);
	if (b != 0)
		cs_emit(ctx, CS_CLB_STRINGS_UNTERMINATED, cs_cur_abs_at(h, h->size - 1),
		    "#Strings (0x%zX bytes) does not end with a NUL", h->size);
	if (!cs_cur_find_last_byte(h, 0, &last_nul))
		return; /* no index reaches a terminator: strings_reach stays 0 */
	md->strings_reach = last_nul + 1;
	md->string_ok = cs_ctx_calloc(ctx, (h->size + 7) / 8, 1);
	if (md->string_ok == NULL)
		return;
	/* Backward pass: a string at i is valid when its first character is
	 * well-formed and the string after it is valid; a NUL ends it. */
	i = md->strings_reach;
	while (i-- > 0) {
		size_t n;
		(void)cs_cur_u8_at(h, i, &b);
		if (b == 0) {
			bit_set(md->string_ok, i);
			continue;
		}
		n = cs_utf8_seq_at(h, i);
		if (n != 0 && i + n < md->strings_reach && bit_get(md->string_ok, i + n))
			bit_set(md->string_ok, i);
	}
}

clb_cell_issue
clb_string_ref(const clb_md *md, uint32_t index)
{
	if (index == 0)
		return CLB_CELL_OK;
	if (!md->strings.present)
		return CLB_CELL_HEAP_MISSING;
	if (index >= md->strings.cur.size)
		return CLB_CELL_STRING_OOB;
	if (index >= md->strings_reach)
		return CLB_CELL_STRING_UNTERMINATED;
	if (md->string_ok == NULL || !bit_get(md->string_ok, index))
		return CLB_CELL_STRING_UTF8;
	return CLB_CELL_OK;
}

clb_cell_issue
clb_blob_ref(const clb_md *md, uint32_t index)
{
	uint32_t len;
	size_t plen;
	if (index == 0)
		return CLB_CELL_OK;
	if (!md->blob.present)
		return CLB_CELL_HEAP_MISSING;
	if (index >= md->blob.cur.size)
		return CLB_CELL_BLOB_OOB;
	if (clb_compressed_u32_at(&md->blob.cur, index, &len, &plen) != 0)
		return CLB_CELL_BLOB_LENGTH;
	/* payload must end inside the heap (the check DNMD's try_get_blob lacks) */
	if (len > md->blob.cur.size - index - plen)
		return CLB_CELL_BLOB_PAST_END;
	if ((plen == 2 && len < 0x80) || (plen == 4 && len < 0x4000))
		return CLB_CELL_BLOB_NON_MINIMAL;
	return CLB_CELL_OK;
}

clb_cell_issue
clb_guid_ref(const clb_md *md, uint32_t index)
{
	if (index == 0)
		return CLB_CELL_OK;
	if (!md->guid.present)
		return CLB_CELL_HEAP_MISSING;
	if (index > md->guid.cur.size / 16)
		return CLB_CELL_GUID_OOB;
	return CLB_CELL_OK;
}

/* Terminal byte an #US entry of len bytes at off should have (II.24.2.4):
 * 1 when any code unit has a non-zero high byte or a low byte in
 * 0x01-0x08, 0x0E-0x1F, 0x27, 0x2D or 0x7F. */
static uint8_t
us_expected_terminal(const cs_cursor *h, size_t off, size_t len)
{
	size_t k;
	for (k = 0; k + 1 < len; k += 2) {
		uint8_t lo = 0, hi = 0;
		(void)cs_cur_u8_at(h, off + k, &lo);
		(void)cs_cur_u8_at(h, off + k + 1, &hi);
		if (hi != 0 || (lo >= 0x01 && lo <= 0x08) || (lo >= 0x0E && lo <= 0x1F) ||
		    lo == 0x27 || lo == 0x2D || lo == 0x7F)
			return 1;
	}
	return 0;
}

/* Counts one kind of #US entry problem and remembers the first one. */
typedef struct us_tally {
	size_t count;
	size_t first;
	uint8_t value;
} us_tally;

static void
us_note(us_tally *t, size_t off, uint8_t value)
{
	if (t->count++ == 0) {
		t->first = off;
		t->value = value;
	}
}

/* Walks #US entry by entry (II.24.2.4). */
static void
check_user_strings(cs_ctx *ctx, clb_md *md)
{
	const cs_cursor *h = &md->us.cur;
	us_tally even = { 0, 0, 0 }, term = { 0, 0, 0 }, mismatch = { 0, 0, 0 };
	size_t pos = 0, entries = 0;
	uint8_t b;

	if (!md->us.present || h->size == 0)
		return;
	(void)cs_cur_u8_at(h, 0, &b);
	if (b != 0)
		cs_emit(ctx, CS_CLB_US_FIRST, cs_cur_abs_at(h, 0),
		    "#US starts with 0x%02X, not the empty entry", b);
	while (pos < h->size) {
		uint32_t len;
		size_t plen;
		if (clb_compressed_u32_at(h, pos, &len, &plen) != 0) {
			(void)cs_cur_u8_at(h, pos, &b);
			cs_emit(ctx, CS_CLB_US_BAD_LENGTH, cs_cur_abs_at(h, pos),
			    "#US entry %zu at heap offset 0x%zX: invalid length prefix 0x%02X%s",
			    entries, pos, b, (b & 0xE0) == 0xE0 ? "" : " cut off by the heap end");
			break;
		}
		if (len > h->size - pos - plen) {
			cs_emit(ctx, CS_CLB_US_PAST_END, cs_cur_abs_at(h, pos),
			    "#US entry at heap offset 0x%zX declares %u bytes; %zu remain", pos, len,
			    h->size - pos - plen);
			break;
		}
		if (len > 0 && len % 2 == 0) {
			us_note(&even, pos, 0);
		} else if (len > 0) {
			uint8_t t = 0;
			(void)cs_cur_u8_at(h, pos + plen + len - 1, &t);
			if (t > 1)
				us_note(&term, pos, t);
			else if (t != us_expected_terminal(h, pos + plen, len - 1))
				us_note(&mismatch, pos, t);
		}
		pos += plen + len;
		entries++;
	}
	if (even.count)
		cs_emit(ctx, CS_CLB_US_EVEN, cs_cur_abs_at(h, even.first),
		    "%zu #US entries have an even byte count (first at heap offset 0x%zX)",
		    even.count, even.first);
	if (term.count)
		cs_emit(ctx, CS_CLB_US_TERMINAL, cs_cur_abs_at(h, term.first),
		    "%zu #US entries end in a terminal byte other than 0 or 1 (first at heap "
		    "offset 0x%zX: 0x%02X)", term.count, term.first, term.value);
	if (mismatch.count)
		cs_emit(ctx, CS_CLB_US_TERMINAL_MISMATCH, cs_cur_abs_at(h, mismatch.first),
		    "%zu #US entries have a terminal byte that contradicts their characters "
		    "(first at heap offset 0x%zX)", mismatch.count, mismatch.first);
}

/* #Blob and #GUID heap-level checks. */
static void
check_blob_guid(cs_ctx *ctx, clb_md *md)
{
	uint8_t b;
	if (md->blob.present && cs_cur_u8_at(&md->blob.cur, 0, &b) && b != 0)
		cs_emit(ctx, CS_CLB_BLOB_FIRST, cs_cur_abs_at(&md->blob.cur, 0),
		    "#Blob starts with 0x%02X, not the empty blob", b);
	if (md->guid.present && md->guid.cur.size % 16 != 0)
		cs_emit(ctx, CS_CLB_GUID_UNALIGNED, cs_cur_abs_at(&md->guid.cur, 0),
		    "#GUID size 0x%zX is not a multiple of 16", md->guid.cur.size);
}

void
clb_heaps_check(cs_ctx *ctx, clb_md *md)
{
	check_strings(ctx, md);
	check_user_strings(ctx, md);
	check_blob_guid(ctx, md);
}
