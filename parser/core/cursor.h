/*
 * cursor.h - the one bounds-checked reader of input bytes.
 *
 * No other code in libcomscan dereferences input.  A cursor is a window
 * [data, data + size) over the caller's buffer with a read position, plus
 * the absolute offset of data[0] in the whole input so that every finding
 * can name a file offset.
 *
 * Rules every function here follows:
 *  - lengths and offsets are checked by subtraction against what is left
 *    (n > size - pos), never by forming a pointer past the window;
 *  - on failure a function returns false and leaves the cursor unchanged;
 *  - multi-byte integers are little-endian (ECMA-335 II.24, PE/COFF, regf).
 */
#ifndef COMSCAN_CORE_CURSOR_H
#define COMSCAN_CORE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct cs_cursor {
	const uint8_t *data; /* first byte of the window (NULL when size is 0) */
	size_t size;         /* bytes in the window                            */
	size_t pos;          /* read position, 0 <= pos <= size                */
	uint64_t base;       /* absolute input offset of data[0]               */
} cs_cursor;

/* Makes a cursor over a whole input buffer. */
static inline void
cs_cur_init(cs_cursor *c, const void *data, size_t size)
{
	c->data = size ? (const uint8_t *)data : NULL;
	c->size = size;
	c->pos = 0;
	c->base = 0;
}

/* Bytes between the read position and the end of the window. */
static inline size_t
cs_cur_left(const cs_cursor *c)
{
	return c->size - c->pos;
}

/* Absolute input offset of the read position. */
static inline uint64_t
cs_cur_abs(const cs_cursor *c)
{
	return c->base + c->pos;
}

/* Absolute input offset of window offset off (off may equal size). */
static inline uint64_t
cs_cur_abs_at(const cs_cursor *c, size_t off)
{
	return c->base + off;
}

/* True when [off, off + len) lies inside the window. */
static inline bool
cs_cur_has(const cs_cursor *c, size_t off, size_t len)
{
	return off <= c->size && len <= c->size - off;
}

/* Child window over [off, off + len) of c; c itself is not moved. */
static inline bool
cs_cur_window(const cs_cursor *c, size_t off, size_t len, cs_cursor *child)
{
	if (!cs_cur_has(c, off, len))
		return false;
	child->data = len ? c->data + off : NULL;
	child->size = len;
	child->pos = 0;
	child->base = c->base + off;
	return true;
}

/* Child window over the next n bytes; advances c past them. */
static inline bool
cs_cur_sub(cs_cursor *c, size_t n, cs_cursor *child)
{
	if (!cs_cur_window(c, c->pos, n, child))
		return false;
	c->pos += n;
	return true;
}

/* Moves the read position to window offset off (off may equal size). */
static inline bool
cs_cur_seek(cs_cursor *c, size_t off)
{
	if (off > c->size)
		return false;
	c->pos = off;
	return true;
}

/* Advances the read position by n bytes. */
static inline bool
cs_cur_skip(cs_cursor *c, size_t n)
{
	if (n > cs_cur_left(c))
		return false;
	c->pos += n;
	return true;
}

/* Random-access reads at window offset off; the position is not used. */
static inline bool
cs_cur_u8_at(const cs_cursor *c, size_t off, uint8_t *v)
{
	if (!cs_cur_has(c, off, 1))
		return false;
	*v = c->data[off];
	return true;
}

static inline bool
cs_cur_u16_at(const cs_cursor *c, size_t off, uint16_t *v)
{
	if (!cs_cur_has(c, off, 2))
		return false;
	*v = (uint16_t)(c->data[off] | (unsigned)c->data[off + 1] << 8);
	return true;
}

static inline bool
cs_cur_u32_at(const cs_cursor *c, size_t off, uint32_t *v)
{
	if (!cs_cur_has(c, off, 4))
		return false;
	*v = (uint32_t)c->data[off] | (uint32_t)c->data[off + 1] << 8 |
	    (uint32_t)c->data[off + 2] << 16 | (uint32_t)c->data[off + 3] << 24;
	return true;
}

static inline bool
cs_cur_u64_at(const cs_cursor *c, size_t off, uint64_t *v)
{
	uint32_t lo = 0, hi = 0;
	if (!cs_cur_has(c, off, 8))
		return false;
	(void)cs_cur_u32_at(c, off, &lo);
	(void)cs_cur_u32_at(c, off + 4, &hi);
	*v = (uint64_t)hi << 32 | lo;
	return true;
}

/* Reads an unsigned little-endian integer of width 1, 2 or 4 bytes. */
static inline bool
cs_cur_uint_at(const cs_cursor *c, size_t off, unsigned width, uint32_t *v)
{
	uint8_t b;
	uint16_t h;
	switch (width) {
	case 1:
		if (!cs_cur_u8_at(c, off, &b))
			return false;
		*v = b;
		return true;
	case 2:
		if (!cs_cur_u16_at(c, off, &h))
			return false;
		*v = h;
		return true;
	case 4:
		return cs_cur_u32_at(c, off, v);
	default:
		return false;
	}
}

/* Sequential reads at the position; advance on success. */
static inline bool
cs_cur_u8(cs_cursor *c, uint8_t *v)
{
	if (!cs_cur_u8_at(c, c->pos, v))
		return false;
	c->pos += 1;
	return true;
}

static inline bool
cs_cur_u16(cs_cursor *c, uint16_t *v)
{
	if (!cs_cur_u16_at(c, c->pos, v))
		return false;
	c->pos += 2;
	return true;
}

static inline bool
cs_cur_u32(cs_cursor *c, uint32_t *v)
{
	if (!cs_cur_u32_at(c, c->pos, v))
		return false;
	c->pos += 4;
	return true;
}

static inline bool
cs_cur_u64(cs_cursor *c, uint64_t *v)
{
	if (!cs_cur_u64_at(c, c->pos, v))
		return false;
	c->pos += 8;
	return true;
}

/* Copies n bytes at window offset off into dst. */
static inline bool
cs_cur_copy_at(const cs_cursor *c, size_t off, void *dst, size_t n)
{
	if (!cs_cur_has(c, off, n))
		return false;
	if (n)
		memcpy(dst, c->data + off, n);
	return true;
}

/* True when the n bytes at window offset off equal bytes. */
static inline bool
cs_cur_equals_at(const cs_cursor *c, size_t off, const void *bytes, size_t n)
{
	if (!cs_cur_has(c, off, n))
		return false;
	return n == 0 || memcmp(c->data + off, bytes, n) == 0;
}

/* Finds the first byte b in [off, off + min(maxlen, size - off)).  Stores
 * its window offset in *found and returns true, or returns false. */
static inline bool
cs_cur_find_byte(const cs_cursor *c, size_t off, size_t maxlen, uint8_t b, size_t *found)
{
	const uint8_t *hit;
	size_t span;
	if (off >= c->size)
		return false;
	span = c->size - off;
	if (maxlen < span)
		span = maxlen;
	hit = memchr(c->data + off, b, span);
	if (hit == NULL)
		return false;
	*found = (size_t)(hit - c->data);
	return true;
}

/* Finds the last byte b in the window.  Stores its offset and returns true,
 * or returns false when b does not occur. */
static inline bool
cs_cur_find_last_byte(const cs_cursor *c, uint8_t b, size_t *found)
{
	size_t i = c->size;
	while (i > 0) {
		i--;
		if (c->data[i] == b) {
			*found = i;
			return true;
		}
	}
	return false;
}

/* A hint that the byte at off will be read soon (a cache prefetch; no
 * read, no effect on any result; nothing when off is outside c). */
static inline void
cs_cur_prefetch(const cs_cursor *c, size_t off)
{
#if defined(__GNUC__) || defined(__clang__)
	if (off < c->size)
		__builtin_prefetch(c->data + off);
#else
	(void)c, (void)off;
#endif
}

/* ---- code-unit views (text formats) ------------------------------------------
 * A view of n code units of 1 byte, or 2 bytes little-endian (UTF-16LE),
 * at a window offset.  Making it checks the whole extent against the
 * window once; each read then checks its index (i < n) and yields 0 past
 * the end, so a text parser's inner loops stay bounds-checked without
 * re-deriving offsets for every character. */
typedef struct cs_units {
	const uint8_t *p; /* first byte of unit 0 (NULL when n is 0) */
	size_t n;         /* units in the view                       */
	unsigned width;   /* 1 or 2                                   */
} cs_units;

/* The view of the whole units at [off, size) of c (a trailing odd byte is
 * left out when width is 2).  False when off > size or width is not 1 or 2. */
static inline bool
cs_cur_units(const cs_cursor *c, size_t off, unsigned width, cs_units *view)
{
	if (off > c->size || (width != 1 && width != 2))
		return false;
	view->width = width;
	view->n = (c->size - off) / width;
	view->p = view->n ? c->data + off : NULL;
	return true;
}

/* Unit i, or 0 when i >= n. */
static inline uint16_t
cs_units_at(const cs_units *u, size_t i)
{
	if (i >= u->n)
		return 0;
	if (u->width == 1)
		return u->p[i];
	return (uint16_t)(u->p[2 * i] | u->p[2 * i + 1] << 8);
}

/* The 16-bit-lane fast paths read UTF-16LE units as little-endian lanes;
 * other hosts (or compilers that do not say) take the unit-by-unit loops. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define CS_UNITS_LE_LANES 1
#else
#define CS_UNITS_LE_LANES 0
#endif

/* True when one of the four 16-bit lanes of v is zero. */
static inline bool
cs_swar_zero16(uint64_t v)
{
	return ((v - 0x0001000100010001ull) & ~v & 0x8000800080008000ull) != 0;
}

/* Index of the first unit in [from, to) that is a or b, or to (to is
 * clamped to n).  UTF-16 views test four units per step. */
static inline size_t
cs_units_find2(const cs_units *u, size_t from, size_t to, uint16_t a, uint16_t b)
{
	size_t i = from;
	if (to > u->n)
		to = u->n;
	if (u->width == 1) {
		for (; i < to; i++)
			if (u->p[i] == a || u->p[i] == b)
				return i;
		return to;
	}
	if (CS_UNITS_LE_LANES && i < to) {
		const uint64_t la = 0x0001000100010001ull * a, lb = 0x0001000100010001ull * b;
		while (to - i >= 4) {
			uint64_t v;
			memcpy(&v, u->p + 2 * i, 8); /* units i..i+3, little-endian lanes */
			if (cs_swar_zero16(v ^ la) || cs_swar_zero16(v ^ lb))
				break;
			i += 4;
		}
	}
	for (; i < to; i++) {
		uint16_t v = (uint16_t)(u->p[2 * i] | u->p[2 * i + 1] << 8);
		if (v == a || v == b)
			return i;
	}
	return to;
}

/* Index of the first unit in [from, to) that is a, b or c, or to (to is
 * clamped to n).  UTF-16 views test eight units per step where the
 * compiler has vector extensions (GCC, clang: SSE2 on x86-64, NEON on
 * arm64), four (SWAR) elsewhere; 8-bit views one byte per step. */
static inline size_t
cs_units_find3(const cs_units *u, size_t from, size_t to, uint16_t a, uint16_t b, uint16_t c)
{
	size_t i = from;
	if (to > u->n)
		to = u->n;
	if (CS_UNITS_LE_LANES && u->width == 2 && i < to) {
#if defined(__GNUC__)
		typedef uint16_t v8u16 __attribute__((vector_size(16)));
		typedef int16_t v8i16 __attribute__((vector_size(16)));
		const v8u16 va = { a, a, a, a, a, a, a, a }, vb = { b, b, b, b, b, b, b, b },
		            vc = { c, c, c, c, c, c, c, c };
		while (to - i >= 8) {
			v8u16 v;
			v8i16 hit;
			uint64_t h[2];
			memcpy(&v, u->p + 2 * i, 16); /* units i..i+7, little-endian lanes */
			hit = (v == va) | (v == vb) | (v == vc);
			memcpy(h, &hit, 16);
			if ((h[0] | h[1]) != 0)
				break;
			i += 8;
		}
#else
		const uint64_t la = 0x0001000100010001ull * a, lb = 0x0001000100010001ull * b,
		               lc = 0x0001000100010001ull * c;
		while (to - i >= 4) {
			uint64_t v;
			memcpy(&v, u->p + 2 * i, 8);
			if (cs_swar_zero16(v ^ la) || cs_swar_zero16(v ^ lb) || cs_swar_zero16(v ^ lc))
				break;
			i += 4;
		}
#endif
	}
	for (; i < to; i++) {
		uint16_t v = u->width == 1 ? u->p[i] : (uint16_t)(u->p[2 * i] | u->p[2 * i + 1] << 8);
		if (v == a || v == b || v == c)
			return i;
	}
	return to;
}

/* True when one of the eight byte lanes of v is zero. */
static inline bool
cs_swar_zero8(uint64_t v)
{
	return ((v - 0x0101010101010101ull) & ~v & 0x8080808080808080ull) != 0;
}

/* Index of the first unit in [from, to) that is not ASCII (>= 0x80) or is
 * a or b (both ASCII), or to (to is clamped to n).  Eight bytes per step. */
static inline size_t
cs_units_span_ascii(const cs_units *u, size_t from, size_t to, uint8_t a, uint8_t b)
{
	size_t i = from, per = 8 / u->width;
	uint64_t la, lb, high;
	if (to > u->n)
		to = u->n;
	if (u->width == 1) {
		la = 0x0101010101010101ull * a, lb = 0x0101010101010101ull * b;
		high = 0x8080808080808080ull;
	} else {
		la = 0x0001000100010001ull * a, lb = 0x0001000100010001ull * b;
		high = 0xFF80FF80FF80FF80ull; /* any bit from 0x80 up in a lane */
	}
	/* 8-bit lanes: any order will do; 16-bit lanes: little-endian only */
	while ((u->width == 1 || CS_UNITS_LE_LANES) && i < to && to - i >= per) {
		uint64_t v;
		memcpy(&v, u->p + u->width * i, 8);
		if ((v & high) != 0)
			break;
		if (u->width == 1 ? cs_swar_zero8(v ^ la) || cs_swar_zero8(v ^ lb)
		                  : cs_swar_zero16(v ^ la) || cs_swar_zero16(v ^ lb))
			break;
		i += per;
	}
	for (; i < to; i++) {
		uint16_t v = u->width == 1 ? u->p[i] : (uint16_t)(u->p[2 * i] | u->p[2 * i + 1] << 8);
		if (v >= 0x80 || v == a || v == b)
			return i;
	}
	return to;
}

/* Four bytes (the low half of v) widened to four 16-bit lanes. */
static inline uint64_t
cs_swar_widen4(uint64_t v)
{
	v &= 0xFFFFFFFFull;
	v = (v | v << 16) & 0x0000FFFF0000FFFFull;
	return (v | v << 8) & 0x00FF00FF00FF00FFull;
}

/* Copies the bytes of 8-bit units [from, from + n) to dst; false (nothing
 * copied) unless the view is 8-bit and the range lies inside it. */
static inline bool
cs_units_copy8(const cs_units *u, size_t from, size_t n, uint8_t *dst)
{
	if (u->width != 1 || from > u->n || n > u->n - from)
		return false;
	if (n)
		memcpy(dst, u->p + from, n);
	return true;
}

/* Copies units [from, from + n) to dst; false (nothing copied) unless the
 * range lies inside the view. */
static inline bool
cs_units_copy(const cs_units *u, size_t from, size_t n, uint16_t *dst)
{
	size_t k;
	if (from > u->n || n > u->n - from)
		return false;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (u->width == 1) {
		k = 0;
		for (; n - k >= 8; k += 8) { /* eight bytes widened per step */
			uint64_t v, w[2];
			memcpy(&v, u->p + from + k, 8);
			w[0] = cs_swar_widen4(v), w[1] = cs_swar_widen4(v >> 32);
			memcpy(dst + k, w, 16);
		}
		for (; k < n; k++)
			dst[k] = u->p[from + k];
		return true;
	}
	if (n)
		memcpy(dst, u->p + 2 * from, 2 * n); /* UTF-16LE is the host's order */
#else
	if (u->width == 1) {
		for (k = 0; k < n; k++)
			dst[k] = u->p[from + k];
		return true;
	}
	for (k = 0; k < n; k++)
		dst[k] = (uint16_t)(u->p[2 * (from + k)] | u->p[2 * (from + k) + 1] << 8);
#endif
	return true;
}

/* Index of the first 8-bit unit equal to b in [from, to), or to (memchr). */
static inline size_t
cs_units_find_byte(const cs_units *u, size_t from, size_t to, uint8_t b)
{
	const uint8_t *hit;
	if (to > u->n)
		to = u->n;
	if (u->width != 1 || from >= to)
		return to;
	hit = memchr(u->p + from, b, to - from);
	return hit ? (size_t)(hit - u->p) : to;
}

#endif /* COMSCAN_CORE_CURSOR_H */
