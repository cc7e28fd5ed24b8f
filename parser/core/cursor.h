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
	uint32_t lo, hi;
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

#endif /* COMSCAN_CORE_CURSOR_H */
