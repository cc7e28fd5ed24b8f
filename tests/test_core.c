/*
 * test_core.c - unit tests of the core: the bounds-checked cursor, the
 * escaper, the findings list and its limits, the catalogue and the stable
 * names, options, allocation failure in the findings machinery, and the
 * stable sort.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "comscan/comscan.h"
#include "core/codes.h"
#include "core/cursor.h"
#include "core/findings.h"
#include "core/sort.h"
#include "support/failalloc.h"

/* ======================================================================
 * helpers
 * ====================================================================== */

static const uint8_t bytes8[8] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08 };

/* Asserts that two cursors have identical fields. */
static void
assert_cursor_eq(const cs_cursor *a, const cs_cursor *b)
{
	assert_ptr_equal(a->data, b->data);
	assert_int_equal(a->size, b->size);
	assert_int_equal(a->pos, b->pos);
	assert_int_equal(a->base, b->base);
}

/* A cursor over bytes8 with its position at pos and absolute base. */
static cs_cursor
cursor8(size_t pos, uint64_t base)
{
	cs_cursor c;
	cs_cur_init(&c, bytes8, sizeof bytes8);
	c.pos = pos;
	c.base = base;
	return c;
}

/* ======================================================================
 * cursor
 * ====================================================================== */

/* init: whole buffer, position 0, base 0; size 0 forces data NULL. */
static void
test_cur_init(void **state)
{
	cs_cursor c;
	(void)state;
	cs_cur_init(&c, bytes8, sizeof bytes8);
	assert_ptr_equal(c.data, bytes8);
	assert_int_equal(c.size, 8);
	assert_int_equal(c.pos, 0);
	assert_int_equal(c.base, 0);
	cs_cur_init(&c, bytes8, 0);
	assert_null(c.data);
	assert_int_equal(c.size, 0);
	cs_cur_init(&c, NULL, 0);
	assert_null(c.data);
	assert_int_equal(cs_cur_left(&c), 0);
}

/* left / abs / abs_at follow pos and base. */
static void
test_cur_left_abs(void **state)
{
	cs_cursor c = cursor8(3, 1000);
	(void)state;
	assert_int_equal(cs_cur_left(&c), 5);
	assert_int_equal(cs_cur_abs(&c), 1003);
	assert_int_equal(cs_cur_abs_at(&c, 0), 1000);
	assert_int_equal(cs_cur_abs_at(&c, 8), 1008);
	c.pos = 8;
	assert_int_equal(cs_cur_left(&c), 0);
	assert_int_equal(cs_cur_abs(&c), 1008);
}

/* has: boundaries at 0, size, size+1 and SIZE_MAX offsets and lengths. */
static void
test_cur_has(void **state)
{
	cs_cursor c = cursor8(0, 0), e;
	(void)state;
	assert_true(cs_cur_has(&c, 0, 0));
	assert_true(cs_cur_has(&c, 0, 8));
	assert_false(cs_cur_has(&c, 0, 9));
	assert_true(cs_cur_has(&c, 7, 1));
	assert_false(cs_cur_has(&c, 7, 2));
	assert_true(cs_cur_has(&c, 8, 0));
	assert_false(cs_cur_has(&c, 8, 1));
	assert_false(cs_cur_has(&c, 9, 0));
	assert_false(cs_cur_has(&c, SIZE_MAX, 0));
	assert_false(cs_cur_has(&c, SIZE_MAX, 1));
	assert_false(cs_cur_has(&c, 0, SIZE_MAX));
	assert_false(cs_cur_has(&c, 1, SIZE_MAX));
	assert_false(cs_cur_has(&c, 8, SIZE_MAX));
	assert_false(cs_cur_has(&c, SIZE_MAX, SIZE_MAX));
	cs_cur_init(&e, NULL, 0);
	assert_true(cs_cur_has(&e, 0, 0));
	assert_false(cs_cur_has(&e, 0, 1));
	assert_false(cs_cur_has(&e, 1, 0));
	assert_false(cs_cur_has(&e, SIZE_MAX, SIZE_MAX));
}

/* window: child over [off, off+len) with absolute base; failures leave
 * both cursors untouched; len 0 gives a NULL-data child. */
static void
test_cur_window(void **state)
{
	cs_cursor c = cursor8(2, 100), saved = c, w, ww, w0;
	uint8_t v = 0;
	(void)state;
	assert_true(cs_cur_window(&c, 2, 5, &w));
	assert_cursor_eq(&c, &saved);
	assert_ptr_equal(w.data, bytes8 + 2);
	assert_int_equal(w.size, 5);
	assert_int_equal(w.pos, 0);
	assert_int_equal(w.base, 102);
	assert_true(cs_cur_u8_at(&w, 0, &v));
	assert_int_equal(v, 0x03);
	/* a window of a window keeps absolute offsets */
	assert_true(cs_cur_window(&w, 1, 3, &ww));
	assert_int_equal(ww.base, 103);
	assert_int_equal(cs_cur_abs_at(&ww, 2), 105);
	assert_true(cs_cur_u8_at(&ww, 2, &v));
	assert_int_equal(v, 0x06);
	assert_false(cs_cur_has(&ww, 0, 4));
	assert_false(cs_cur_u8_at(&ww, 3, &v));
	/* whole window, empty window at the end */
	assert_true(cs_cur_window(&c, 0, 8, &w));
	assert_int_equal(w.size, 8);
	assert_true(cs_cur_window(&c, 8, 0, &w0));
	assert_null(w0.data);
	assert_int_equal(w0.size, 0);
	assert_int_equal(w0.base, 108);
	/* failures */
	w = saved;
	assert_false(cs_cur_window(&c, 0, 9, &w));
	assert_false(cs_cur_window(&c, 9, 0, &w));
	assert_false(cs_cur_window(&c, 4, 5, &w));
	assert_false(cs_cur_window(&c, SIZE_MAX, 1, &w));
	assert_false(cs_cur_window(&c, 1, SIZE_MAX, &w));
	assert_cursor_eq(&c, &saved);
	assert_cursor_eq(&w, &saved); /* child not written on failure */
}

/* sub: takes the next n bytes and advances; failure changes nothing. */
static void
test_cur_sub(void **state)
{
	cs_cursor c = cursor8(0, 50), s, s2, saved;
	uint16_t h = 0;
	(void)state;
	assert_true(cs_cur_skip(&c, 1));
	assert_true(cs_cur_sub(&c, 4, &s));
	assert_int_equal(c.pos, 5);
	assert_int_equal(s.base, 51);
	assert_int_equal(s.size, 4);
	assert_true(cs_cur_u16(&s, &h));
	assert_int_equal(h, 0x0302);
	assert_int_equal(cs_cur_abs(&s), 53);
	/* sub of a sub */
	assert_true(cs_cur_sub(&s, 2, &s2));
	assert_int_equal(s2.base, 53);
	assert_int_equal(s.pos, 4);
	saved = c;
	assert_false(cs_cur_sub(&c, 4, &s));
	assert_false(cs_cur_sub(&c, SIZE_MAX, &s));
	assert_cursor_eq(&c, &saved);
	assert_true(cs_cur_sub(&c, 3, &s));
	assert_int_equal(c.pos, 8);
	assert_true(cs_cur_sub(&c, 0, &s));
	assert_null(s.data);
	assert_int_equal(s.base, 58);
	assert_false(cs_cur_sub(&c, 1, &s));
	assert_int_equal(c.pos, 8);
}

/* seek and skip: up to size inclusive; SIZE_MAX and size+1 refused. */
static void
test_cur_seek_skip(void **state)
{
	cs_cursor c = cursor8(0, 0), saved;
	(void)state;
	assert_true(cs_cur_seek(&c, 8));
	assert_int_equal(c.pos, 8);
	assert_true(cs_cur_seek(&c, 0));
	assert_int_equal(c.pos, 0);
	saved = c;
	assert_false(cs_cur_seek(&c, 9));
	assert_false(cs_cur_seek(&c, SIZE_MAX));
	assert_cursor_eq(&c, &saved);
	assert_true(cs_cur_skip(&c, 0));
	assert_true(cs_cur_skip(&c, 3));
	assert_int_equal(c.pos, 3);
	saved = c;
	assert_false(cs_cur_skip(&c, 6));
	assert_false(cs_cur_skip(&c, SIZE_MAX));
	assert_cursor_eq(&c, &saved);
	assert_true(cs_cur_skip(&c, 5));
	assert_int_equal(c.pos, 8);
	assert_false(cs_cur_skip(&c, 1));
	assert_int_equal(c.pos, 8);
}

/* Random-access reads: little-endian, last fitting offset, one past it. */
static void
test_cur_reads_at(void **state)
{
	cs_cursor c = cursor8(5, 0), saved = c;
	uint8_t b = 0;
	uint16_t h = 0;
	uint32_t w = 0;
	uint64_t q = 0;
	(void)state;
	assert_true(cs_cur_u8_at(&c, 0, &b));
	assert_int_equal(b, 0x01);
	assert_true(cs_cur_u8_at(&c, 7, &b));
	assert_int_equal(b, 0x08);
	assert_false(cs_cur_u8_at(&c, 8, &b));
	assert_false(cs_cur_u8_at(&c, SIZE_MAX, &b));
	assert_true(cs_cur_u16_at(&c, 0, &h));
	assert_int_equal(h, 0x0201);
	assert_true(cs_cur_u16_at(&c, 6, &h));
	assert_int_equal(h, 0x0807);
	assert_false(cs_cur_u16_at(&c, 7, &h));
	assert_false(cs_cur_u16_at(&c, SIZE_MAX, &h));
	assert_false(cs_cur_u16_at(&c, SIZE_MAX - 1, &h));
	assert_true(cs_cur_u32_at(&c, 0, &w));
	assert_int_equal(w, 0x04030201u);
	assert_true(cs_cur_u32_at(&c, 4, &w));
	assert_int_equal(w, 0x08070605u);
	assert_false(cs_cur_u32_at(&c, 5, &w));
	assert_false(cs_cur_u32_at(&c, SIZE_MAX - 3, &w));
	assert_true(cs_cur_u64_at(&c, 0, &q));
	assert_true(q == 0x0807060504030201ull);
	assert_false(cs_cur_u64_at(&c, 1, &q));
	assert_false(cs_cur_u64_at(&c, SIZE_MAX - 7, &q));
	assert_cursor_eq(&c, &saved); /* random access never moves pos */
}

/* High bytes must not sign-extend. */
static void
test_cur_reads_high_bits(void **state)
{
	static const uint8_t ff[8] = { 0xFF, 0xFE, 0xFD, 0x80, 0x81, 0x82, 0x83, 0xF0 };
	cs_cursor c;
	uint16_t h = 0;
	uint32_t w = 0;
	uint64_t q = 0;
	(void)state;
	cs_cur_init(&c, ff, sizeof ff);
	assert_true(cs_cur_u16_at(&c, 0, &h));
	assert_int_equal(h, 0xFEFF);
	assert_true(cs_cur_u32_at(&c, 0, &w));
	assert_int_equal(w, 0x80FDFEFFu);
	assert_true(cs_cur_u64_at(&c, 0, &q));
	assert_true(q == 0xF083828180FDFEFFull);
}

/* uint_at: widths 1, 2, 4 only; bounds per width. */
static void
test_cur_uint_at(void **state)
{
	cs_cursor c = cursor8(0, 0);
	uint32_t v = 0xDEADBEEF;
	(void)state;
	assert_true(cs_cur_uint_at(&c, 1, 1, &v));
	assert_int_equal(v, 0x02);
	assert_true(cs_cur_uint_at(&c, 1, 2, &v));
	assert_int_equal(v, 0x0302);
	assert_true(cs_cur_uint_at(&c, 1, 4, &v));
	assert_int_equal(v, 0x05040302u);
	assert_true(cs_cur_uint_at(&c, 7, 1, &v));
	assert_int_equal(v, 0x08);
	assert_false(cs_cur_uint_at(&c, 7, 2, &v));
	assert_false(cs_cur_uint_at(&c, 5, 4, &v));
	assert_false(cs_cur_uint_at(&c, 8, 1, &v));
	v = 0xDEADBEEF;
	assert_false(cs_cur_uint_at(&c, 0, 0, &v));
	assert_false(cs_cur_uint_at(&c, 0, 3, &v));
	assert_false(cs_cur_uint_at(&c, 0, 8, &v));
	assert_int_equal(v, 0xDEADBEEF);
}

/* Sequential reads advance exactly their width; failure leaves pos. */
static void
test_cur_sequential(void **state)
{
	cs_cursor c = cursor8(0, 0), saved;
	uint8_t b = 0;
	uint16_t h = 0;
	uint32_t w = 0;
	uint64_t q = 0;
	(void)state;
	assert_true(cs_cur_u8(&c, &b));
	assert_int_equal(b, 0x01);
	assert_int_equal(c.pos, 1);
	assert_true(cs_cur_u16(&c, &h));
	assert_int_equal(h, 0x0302);
	assert_int_equal(c.pos, 3);
	assert_true(cs_cur_u32(&c, &w));
	assert_int_equal(w, 0x07060504u);
	assert_int_equal(c.pos, 7);
	saved = c;
	assert_false(cs_cur_u16(&c, &h));
	assert_false(cs_cur_u32(&c, &w));
	assert_false(cs_cur_u64(&c, &q));
	assert_cursor_eq(&c, &saved);
	assert_true(cs_cur_u8(&c, &b));
	assert_int_equal(b, 0x08);
	assert_false(cs_cur_u8(&c, &b));
	assert_int_equal(c.pos, 8);
	c = cursor8(0, 0);
	assert_true(cs_cur_u64(&c, &q));
	assert_true(q == 0x0807060504030201ull);
	assert_int_equal(c.pos, 8);
	assert_false(cs_cur_u64(&c, &q));
}

/* copy_at / equals_at: exact bounds, n == 0 allowed at size. */
static void
test_cur_copy_equals(void **state)
{
	cs_cursor c = cursor8(0, 0), saved = c;
	uint8_t dst[9];
	(void)state;
	memset(dst, 0xAA, sizeof dst);
	assert_true(cs_cur_copy_at(&c, 2, dst, 3));
	assert_memory_equal(dst, "\x03\x04\x05", 3);
	assert_int_equal(dst[3], 0xAA);
	assert_true(cs_cur_copy_at(&c, 0, dst, 8));
	assert_memory_equal(dst, bytes8, 8);
	assert_true(cs_cur_copy_at(&c, 8, dst, 0));
	memset(dst, 0xAA, sizeof dst);
	assert_false(cs_cur_copy_at(&c, 0, dst, 9));
	assert_false(cs_cur_copy_at(&c, 6, dst, 3));
	assert_false(cs_cur_copy_at(&c, 9, dst, 0));
	assert_false(cs_cur_copy_at(&c, SIZE_MAX, dst, 1));
	assert_false(cs_cur_copy_at(&c, 1, dst, SIZE_MAX));
	assert_int_equal(dst[0], 0xAA); /* nothing copied on failure */
	assert_true(cs_cur_equals_at(&c, 0, "\x01\x02", 2));
	assert_true(cs_cur_equals_at(&c, 6, "\x07\x08", 2));
	assert_false(cs_cur_equals_at(&c, 6, "\x07\x09", 2));
	assert_false(cs_cur_equals_at(&c, 7, "\x08\x00", 2));
	assert_true(cs_cur_equals_at(&c, 8, "", 0));
	assert_false(cs_cur_equals_at(&c, 9, "", 0));
	assert_false(cs_cur_equals_at(&c, SIZE_MAX, "x", 1));
	assert_cursor_eq(&c, &saved);
}

/* find_byte: first hit at or after off, limited by maxlen and size. */
static void
test_cur_find_byte(void **state)
{
	static const uint8_t d[8] = { 'a', 0, 'b', 0, 'c', 'c', 0, 'd' };
	cs_cursor c, w;
	size_t found = 99;
	(void)state;
	cs_cur_init(&c, d, sizeof d);
	assert_true(cs_cur_find_byte(&c, 0, SIZE_MAX, 0, &found));
	assert_int_equal(found, 1);
	assert_true(cs_cur_find_byte(&c, 1, SIZE_MAX, 0, &found));
	assert_int_equal(found, 1);
	assert_true(cs_cur_find_byte(&c, 2, SIZE_MAX, 0, &found));
	assert_int_equal(found, 3);
	assert_true(cs_cur_find_byte(&c, 4, 3, 0, &found));
	assert_int_equal(found, 6);
	found = 99;
	assert_false(cs_cur_find_byte(&c, 4, 2, 0, &found)); /* maxlen stops short */
	assert_false(cs_cur_find_byte(&c, 0, 0, 'a', &found));
	assert_true(cs_cur_find_byte(&c, 7, 1, 'd', &found));
	assert_int_equal(found, 7);
	assert_false(cs_cur_find_byte(&c, 0, SIZE_MAX, 'z', &found));
	assert_false(cs_cur_find_byte(&c, 8, SIZE_MAX, 'd', &found));
	assert_false(cs_cur_find_byte(&c, 9, SIZE_MAX, 'd', &found));
	assert_false(cs_cur_find_byte(&c, SIZE_MAX, SIZE_MAX, 'd', &found));
	assert_int_equal(found, 7);
	/* offsets are relative to the window, not the buffer */
	assert_true(cs_cur_window(&c, 2, 4, &w));
	assert_true(cs_cur_find_byte(&w, 0, SIZE_MAX, 'c', &found));
	assert_int_equal(found, 2);
	assert_false(cs_cur_find_byte(&w, 0, SIZE_MAX, 'd', &found)); /* outside */
}

/* find_last_byte: last occurrence, window-relative; none -> false. */
static void
test_cur_find_last_byte(void **state)
{
	static const uint8_t d[6] = { 'x', 'a', 'x', 'b', 'x', 'c' };
	cs_cursor c, w;
	size_t found = 99;
	(void)state;
	cs_cur_init(&c, d, sizeof d);
	assert_true(cs_cur_find_last_byte(&c, 'x', &found));
	assert_int_equal(found, 4);
	assert_true(cs_cur_find_last_byte(&c, 'c', &found));
	assert_int_equal(found, 5);
	assert_true(cs_cur_find_last_byte(&c, 'a', &found));
	assert_int_equal(found, 1);
	found = 99;
	assert_false(cs_cur_find_last_byte(&c, 'z', &found));
	assert_int_equal(found, 99);
	assert_true(cs_cur_window(&c, 0, 3, &w));
	assert_true(cs_cur_find_last_byte(&w, 'x', &found));
	assert_int_equal(found, 2);
	assert_false(cs_cur_find_last_byte(&w, 'c', &found));
	/* position is ignored */
	c.pos = 6;
	assert_true(cs_cur_find_last_byte(&c, 'x', &found));
	assert_int_equal(found, 4);
}

/* Every function on an empty cursor with NULL data fails or is a no-op. */
static void
test_cur_empty_null(void **state)
{
	cs_cursor c, saved, w;
	uint8_t b;
	uint16_t h;
	uint32_t v;
	uint64_t q;
	size_t found = 7;
	char dst[1];
	(void)state;
	cs_cur_init(&c, NULL, 0);
	saved = c;
	assert_int_equal(cs_cur_left(&c), 0);
	assert_int_equal(cs_cur_abs(&c), 0);
	assert_false(cs_cur_u8(&c, &b));
	assert_false(cs_cur_u16(&c, &h));
	assert_false(cs_cur_u32(&c, &v));
	assert_false(cs_cur_u64(&c, &q));
	assert_false(cs_cur_u8_at(&c, 0, &b));
	assert_false(cs_cur_uint_at(&c, 0, 1, &v));
	assert_false(cs_cur_skip(&c, 1));
	assert_false(cs_cur_seek(&c, 1));
	assert_false(cs_cur_find_byte(&c, 0, SIZE_MAX, 0, &found));
	assert_false(cs_cur_find_last_byte(&c, 0, &found));
	assert_int_equal(found, 7);
	assert_false(cs_cur_copy_at(&c, 0, dst, 1));
	assert_cursor_eq(&c, &saved);
	/* the zero-length operations succeed without touching memory */
	assert_true(cs_cur_skip(&c, 0));
	assert_true(cs_cur_seek(&c, 0));
	assert_true(cs_cur_copy_at(&c, 0, dst, 0));
	assert_true(cs_cur_equals_at(&c, 0, "", 0));
	assert_true(cs_cur_window(&c, 0, 0, &w));
	assert_null(w.data);
	assert_true(cs_cur_sub(&c, 0, &w));
	assert_null(w.data);
	assert_cursor_eq(&c, &saved);
}

/* ======================================================================
 * cs_escape
 * ====================================================================== */

/* Escapes the NUL-terminated src into a buffer of capacity cap. */
static const char *
esc(char *dst, size_t cap, const char *src)
{
	return cs_escape(dst, cap, (const uint8_t *)src, strlen(src));
}

/* Printable ASCII passes through unchanged. */
static void
test_escape_printable(void **state)
{
	char out[128];
	(void)state;
	assert_string_equal(esc(out, sizeof out, "Hello, World! ~{}[]#~'"),
	    "Hello, World! ~{}[]#~'");
	assert_string_equal(esc(out, sizeof out, ""), "");
	assert_ptr_equal(esc(out, sizeof out, "x"), out);
}

/* Backslash doubles; quote, controls, DEL and high bytes become \xNN. */
static void
test_escape_special(void **state)
{
	static const uint8_t raw[] = { 'a', '\\', 'b', '"', 0x00, 0x01, '\t', '\n', 0x1F, 0x7F,
		0x80, 0xFF, 'z' };
	char out[128];
	(void)state;
	assert_string_equal(cs_escape(out, sizeof out, raw, sizeof raw),
	    "a\\\\b\\x22\\x00\\x01\\x09\\x0a\\x1f\\x7f\\x80\\xffz");
	assert_string_equal(esc(out, sizeof out, " "), " ");
	assert_string_equal(esc(out, sizeof out, "~"), "~");
}

/* Output that fits exactly (length cap-1) is complete, without "...". */
static void
test_escape_exact_fit(void **state)
{
	char out[16];
	(void)state;
	memset(out, 'Z', sizeof out);
	assert_string_equal(esc(out, 6, "abcde"), "abcde");
	assert_string_equal(esc(out, 5, "\x01"), "\\x01");
	assert_string_equal(esc(out, 3, "\\"), "\\\\");
	assert_string_equal(esc(out, 2, "a"), "a");
	assert_string_equal(esc(out, 1, ""), "");
}

/* Too-small capacity: NUL-terminated within cap, marked with "...". */
static void
test_escape_truncated(void **state)
{
	char out[32];
	(void)state;
	memset(out, 'Z', sizeof out);
	assert_string_equal(esc(out, 6, "abcdef"), "ab...");
	assert_string_equal(esc(out, 8, "abcdefghijkl"), "abcd...");
	assert_string_equal(esc(out, 7, "ab\x01"), "ab\\x01");
	assert_string_equal(esc(out, 6, "ab\x01"), "ab...");
	assert_string_equal(esc(out, 5, "abcdef"), "a...");
	assert_string_equal(esc(out, 4, "abcd"), "...");
	memset(out, 'Z', sizeof out);
	assert_string_equal(esc(out, 4, "\x01"), "...");
	assert_int_equal(out[4], 'Z'); /* nothing written past cap */
}

/* Every truncated result is a prefix of the full escape plus "...". */
static void
test_escape_truncated_prefix(void **state)
{
	static const uint8_t raw[] = { 'A', 0x01, '\\', 'B', 0xFE, '"', 'C', 'D', 0x7F, 'E' };
	char full[128], out[64];
	size_t cap, flen;
	(void)state;
	cs_escape(full, sizeof full, raw, sizeof raw);
	flen = strlen(full);
	for (cap = 4; cap <= flen; cap++) {
		size_t len;
		memset(out, 'Z', sizeof out);
		cs_escape(out, cap, raw, sizeof raw);
		len = strlen(out);
		assert_true(len < cap);
		assert_true(len >= 3);
		assert_string_equal(out + len - 3, "...");
		assert_memory_equal(out, full, len - 3);
		assert_int_equal(out[cap], 'Z');
	}
	cs_escape(out, flen + 1, raw, sizeof raw);
	assert_string_equal(out, full);
}

/* Capacities 1..4 with input that does not fit: NUL within cap, no
 * overrun; cap 4 holds exactly "...". */
static void
test_escape_tiny_caps(void **state)
{
	char out[8];
	size_t cap;
	(void)state;
	for (cap = 1; cap <= 4; cap++) {
		memset(out, 'Z', sizeof out);
		cs_escape(out, cap, (const uint8_t *)"abcdefgh", 8);
		assert_true(strlen(out) < cap);
		assert_int_equal(out[cap], 'Z');
		if (cap == 4)
			assert_string_equal(out, "...");
		/* what does fit must be a prefix of "..." */
		assert_memory_equal(out, "...", strlen(out));
	}
	memset(out, 'Z', sizeof out);
	assert_string_equal(esc(out, 1, "a"), "");
	assert_int_equal(out[1], 'Z');
	esc(out, 3, "\x01");
	assert_true(strlen(out) < 3);
	assert_memory_equal(out, "...", strlen(out));
	assert_string_equal(esc(out, 4, "\x01"), "...");
	assert_string_equal(esc(out, 4, "abc"), "abc");
	assert_string_equal(esc(out, 3, "ab"), "ab");
	assert_string_equal(esc(out, 2, "a"), "a");
}

/* ======================================================================
 * findings through the internal context
 * ====================================================================== */

/* Options with the defaults and max_findings set to max. */
static comscan_options
opts_max(uint32_t max)
{
	comscan_options o;
	comscan_options_init(&o);
	o.limits.max_findings = max;
	return o;
}

/* cs_ctx_init(NULL) uses the defaults and an empty list. */
static void
test_ctx_init_defaults(void **state)
{
	cs_ctx ctx;
	comscan_findings *f;
	(void)state;
	memset(&ctx, 0x5A, sizeof ctx);
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	assert_non_null(ctx.alloc);
	assert_non_null(ctx.findings);
	assert_false(ctx.nomem);
	assert_int_equal(ctx.flags, 0);
	assert_int_equal(ctx.limits.max_findings, COMSCAN_DEFAULT_MAX_FINDINGS);
	assert_int_equal(ctx.limits.max_streams, COMSCAN_DEFAULT_MAX_STREAMS);
	assert_int_equal(ctx.limits.max_pe_sections, COMSCAN_DEFAULT_MAX_PE_SECTIONS);
	assert_int_equal(ctx.limits.max_table_rows, COMSCAN_DEFAULT_MAX_TABLE_ROWS);
	f = cs_ctx_take_findings(&ctx);
	assert_non_null(f);
	assert_null(ctx.findings);
	assert_int_equal(comscan_findings_count(f), 0);
	assert_null(comscan_findings_at(f, 0));
	assert_int_equal(comscan_findings_classes(f), 0);
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_ERROR), 0);
	cs_ctx_fini(&ctx); /* nothing left to free */
	cs_findings_free(f);
}

/* Custom options are copied; invalid ones give COMSCAN_ERR_INVALID. */
static void
test_ctx_init_custom(void **state)
{
	comscan_allocator half = { NULL, NULL, NULL, NULL };
	comscan_options o = opts_max(5);
	cs_ctx ctx;
	(void)state;
	o.limits.max_streams = 3;
	o.limits.max_pe_sections = 4;
	o.limits.max_table_rows = 6;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_OK);
	assert_int_equal(ctx.limits.max_findings, 5);
	assert_int_equal(ctx.limits.max_streams, 3);
	assert_int_equal(ctx.limits.max_pe_sections, 4);
	assert_int_equal(ctx.limits.max_table_rows, 6);
	cs_ctx_fini(&ctx);
	assert_null(ctx.findings);
	o = opts_max(0);
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_ERR_INVALID);
	assert_null(ctx.findings);
	o = opts_max(1);
	o.flags = 0x40000000u; /* no such flag */
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_ERR_INVALID);
	o = opts_max(1);
	o.limits.max_streams = 0;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_ERR_INVALID);
	o = opts_max(1);
	o.limits.max_pe_sections = 0;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_ERR_INVALID);
	o = opts_max(1);
	o.limits.max_table_rows = 0;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_ERR_INVALID);
	o = opts_max(1);
	o.allocator = &half;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_ERR_INVALID);
	cs_ctx_fini(&ctx);
}

/* Findings keep emission order and every field; messages formatted. */
static void
test_emit_order_fields(void **state)
{
	cs_ctx ctx;
	comscan_findings *f;
	const comscan_finding *a, *b, *c;
	(void)state;
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	assert_true(cs_emit(&ctx, CS_CLB_HEADER_TRUNCATED, 16, "value %d of %s at 0x%X", 42,
	    "nine", 0xBEEFu));
	assert_true(cs_emit(&ctx, CS_CLB_HEADER_RESERVED, COMSCAN_NO_OFFSET, "plain"));
	assert_true(cs_emit_at(&ctx, CS_CLB_EXTRA_PRESENT, 7, 3, 9, "%s", "at line"));
	f = cs_ctx_take_findings(&ctx);
	assert_non_null(f);
	assert_int_equal(comscan_findings_count(f), 3);
	a = comscan_findings_at(f, 0);
	b = comscan_findings_at(f, 1);
	c = comscan_findings_at(f, 2);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_null(comscan_findings_at(f, 3));
	assert_null(comscan_findings_at(f, SIZE_MAX));
	assert_string_equal(a->code, "clb.header.truncated");
	assert_int_equal(a->cls, COMSCAN_CLASS_TRUNCATED);
	assert_int_equal(a->severity, COMSCAN_SEVERITY_ERROR);
	assert_true(a->offset == 16);
	assert_int_equal(a->line, 0);
	assert_int_equal(a->column, 0);
	assert_int_equal(a->hresult, 0x8013110Eu);
	assert_string_equal(a->message, "value 42 of nine at 0xBEEF");
	assert_ptr_equal(a->info, comscan_code_lookup("clb.header.truncated"));
	assert_string_equal(b->code, "clb.header.reserved-nonzero");
	assert_true(b->offset == COMSCAN_NO_OFFSET);
	assert_int_equal(b->hresult, 0);
	assert_string_equal(b->message, "plain");
	assert_string_equal(c->code, "clb.header.extra-data-present");
	assert_int_equal(c->severity, COMSCAN_SEVERITY_NOTE);
	assert_true(c->offset == 7);
	assert_int_equal(c->line, 3);
	assert_int_equal(c->column, 9);
	assert_string_equal(c->message, "at line");
	cs_ctx_fini(&ctx);
	cs_findings_free(f);
}

/* Messages are made printable ASCII; overlong ones end in "...". */
static void
test_emit_message_printable(void **state)
{
	char big[2000];
	cs_ctx ctx;
	comscan_findings *f;
	const comscan_finding *m;
	size_t len;
	(void)state;
	memset(big, 'q', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	assert_true(cs_emit(&ctx, CS_CLB_HEADER_RESERVED, 0, "tab\there\x01%s\x7f|", "\xff\x80"));
	assert_true(cs_emit(&ctx, CS_CLB_HEADER_RESERVED, 0, "%s", big));
	assert_true(cs_emit(&ctx, CS_CLB_HEADER_RESERVED, 0, "%s", ""));
	f = cs_ctx_take_findings(&ctx);
	assert_non_null(f);
	assert_string_equal(comscan_findings_at(f, 0)->message, "tab?here????|");
	m = comscan_findings_at(f, 1);
	len = strlen(m->message);
	assert_true(len > 100 && len < sizeof big - 1);
	assert_string_equal(m->message + len - 3, "...");
	assert_true(strspn(m->message, "q") == len - 3);
	assert_string_equal(comscan_findings_at(f, 2)->message, "");
	cs_ctx_fini(&ctx);
	cs_findings_free(f);
}

/* Classes carry warnings and errors, not notes; tally per severity;
 * verdict corrupt iff an error. */
static void
test_emit_classes_tally_verdict(void **state)
{
	cs_ctx ctx;
	comscan_findings *f;
	(void)state;
	/* notes only */
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	cs_emit(&ctx, CS_CLB_EXTRA_PRESENT, 0, "n1");
	cs_emit(&ctx, CS_CLB_SCHEMA_PRESENT, 0, "n2");
	f = cs_ctx_take_findings(&ctx);
	assert_int_equal(comscan_findings_classes(f), 0);
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_NOTE), 2);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_WARNING), 0);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_ERROR), 0);
	cs_findings_free(f);
	/* a warning: class recorded, still healthy */
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	cs_emit(&ctx, CS_CLB_HEADER_RESERVED, 0, "w");
	cs_emit(&ctx, CS_CLB_EXTRA_PRESENT, 0, "n");
	f = cs_ctx_take_findings(&ctx);
	assert_int_equal(comscan_findings_classes(f), 1u << COMSCAN_CLASS_MALFORMED);
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_WARNING), 1);
	cs_findings_free(f);
	/* errors and warnings */
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	cs_emit(&ctx, CS_CLB_HEADER_RESERVED, 0, "w");
	cs_emit(&ctx, CS_CLB_STREAM_OOB, 0, "e1");
	cs_emit(&ctx, CS_SCAN_ZERO_BYTES, COMSCAN_NO_OFFSET, "e2");
	cs_emit(&ctx, CS_CLB_STREAM_OOB, 0, "e3");
	f = cs_ctx_take_findings(&ctx);
	assert_int_equal(comscan_findings_classes(f),
	    1u << COMSCAN_CLASS_MALFORMED | 1u << COMSCAN_CLASS_OUT_OF_BOUNDS |
	        1u << COMSCAN_CLASS_ZERO_BYTE_PLACEHOLDER);
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_CORRUPT);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_ERROR), 3);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_WARNING), 1);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_NOTE), 0);
	assert_int_equal(comscan_findings_tally(f, (comscan_severity)3), 0);
	assert_int_equal(comscan_findings_count(f), 4);
	cs_findings_free(f);
}

/* NULL findings: empty, healthy, no classes. */
static void
test_findings_null(void **state)
{
	(void)state;
	assert_int_equal(comscan_findings_count(NULL), 0);
	assert_null(comscan_findings_at(NULL, 0));
	assert_int_equal(comscan_findings_classes(NULL), 0);
	assert_int_equal(comscan_findings_verdict(NULL), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_findings_tally(NULL, COMSCAN_SEVERITY_ERROR), 0);
	cs_findings_free(NULL);
}

/* Exactly max_findings findings: all kept, no limit finding. */
static void
test_limit_exact(void **state)
{
	comscan_options o = opts_max(3);
	cs_ctx ctx;
	comscan_findings *f;
	int i;
	(void)state;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_OK);
	for (i = 0; i < 3; i++)
		assert_true(cs_emit(&ctx, CS_CLB_HEADER_RESERVED, (uint64_t)i, "w%d", i));
	f = cs_ctx_take_findings(&ctx);
	assert_int_equal(comscan_findings_count(f), 3);
	assert_string_equal(comscan_findings_at(f, 2)->message, "w2");
	assert_int_equal(comscan_findings_classes(f), 1u << COMSCAN_CLASS_MALFORMED);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_WARNING), 3);
	cs_findings_free(f);
}

/* Beyond max_findings: max kept plus one trailing limit finding naming
 * the dropped count; dropped findings still decide tally, classes and
 * verdict. */
static void
test_limit_exceeded(void **state)
{
	comscan_options o = opts_max(3);
	cs_ctx ctx;
	comscan_findings *f;
	const comscan_finding *last;
	int i;
	(void)state;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_OK);
	for (i = 0; i < 3; i++)
		assert_true(cs_emit(&ctx, CS_CLB_HEADER_RESERVED, (uint64_t)i, "kept %d", i));
	assert_true(cs_emit(&ctx, CS_CLB_HEADER_TRUNCATED, 10, "dropped error"));
	assert_true(cs_emit(&ctx, CS_CLB_EXTRA_PRESENT, 11, "dropped note"));
	assert_true(cs_emit(&ctx, CS_CLB_STREAM_OOB, 12, "dropped error 2"));
	assert_true(cs_emit(&ctx, CS_CLB_HEADER_RESERVED, 13, "dropped warning"));
	f = cs_ctx_take_findings(&ctx);
	assert_non_null(f);
	assert_int_equal(comscan_findings_count(f), 4);
	for (i = 0; i < 3; i++)
		assert_string_equal(comscan_findings_at(f, (size_t)i)->code,
		    "clb.header.reserved-nonzero");
	last = comscan_findings_at(f, 3);
	assert_string_equal(last->code, "core.findings.limit-exceeded");
	assert_int_equal(last->cls, COMSCAN_CLASS_LIMIT_EXCEEDED);
	assert_int_equal(last->severity, COMSCAN_SEVERITY_WARNING);
	assert_true(last->offset == COMSCAN_NO_OFFSET);
	assert_string_equal(last->message,
	    "4 further findings were counted but not kept (max_findings is 3)");
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_CORRUPT);
	assert_int_equal(comscan_findings_classes(f),
	    1u << COMSCAN_CLASS_MALFORMED | 1u << COMSCAN_CLASS_TRUNCATED |
	        1u << COMSCAN_CLASS_OUT_OF_BOUNDS | 1u << COMSCAN_CLASS_LIMIT_EXCEEDED);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_ERROR), 2);
	/* 4 reserved-nonzero + the limit finding itself */
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_WARNING), 5);
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_NOTE), 1);
	cs_ctx_fini(&ctx);
	cs_findings_free(f);
}

/* max_findings 1 with many emissions; the dropped count is exact. */
static void
test_limit_one(void **state)
{
	comscan_options o = opts_max(1);
	cs_ctx ctx;
	comscan_findings *f;
	int i;
	(void)state;
	assert_int_equal(cs_ctx_init(&ctx, &o), COMSCAN_OK);
	for (i = 0; i < 1000; i++)
		assert_true(cs_emit(&ctx, CS_CLB_EXTRA_PRESENT, 0, "note %d", i));
	f = cs_ctx_take_findings(&ctx);
	assert_int_equal(comscan_findings_count(f), 2);
	assert_string_equal(comscan_findings_at(f, 0)->message, "note 0");
	assert_string_equal(comscan_findings_at(f, 1)->message,
	    "999 further findings were counted but not kept (max_findings is 1)");
	assert_int_equal(comscan_findings_tally(f, COMSCAN_SEVERITY_NOTE), 1000);
	assert_int_equal(comscan_findings_verdict(f), COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(comscan_findings_classes(f), 1u << COMSCAN_CLASS_LIMIT_EXCEEDED);
	cs_findings_free(f);
}

/* Many findings (growth of items and message pool) keep their text. */
static void
test_emit_many(void **state)
{
	cs_ctx ctx;
	comscan_findings *f;
	char want[64];
	int i;
	(void)state;
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	for (i = 0; i < 5000; i++)
		assert_true(cs_emit(&ctx, CS_CLB_STREAM_OOB, (uint64_t)i * 3, "finding number %d", i));
	f = cs_ctx_take_findings(&ctx);
	assert_int_equal(comscan_findings_count(f), 5000);
	for (i = 0; i < 5000; i += 97) {
		const comscan_finding *x = comscan_findings_at(f, (size_t)i);
		snprintf(want, sizeof want, "finding number %d", i);
		assert_string_equal(x->message, want);
		assert_true(x->offset == (uint64_t)i * 3);
	}
	assert_string_equal(comscan_findings_at(f, 4999)->message, "finding number 4999");
	cs_findings_free(f);
}

/* ======================================================================
 * allocation failure
 * ====================================================================== */

/* One run: init, n emissions (varying message lengths), take.  Returns
 * whether the failing call was reached; asserts it was reported. */
static int
oom_run(long fail_at, uint32_t max_findings, int n)
{
	failalloc fa;
	bool failed;
	comscan_options o = opts_max(max_findings);
	comscan_findings *f = NULL;
	comscan_status st;
	cs_ctx ctx;
	int i;
	failalloc_init(&fa, (size_t)fail_at);
	o.allocator = &fa.a;
	st = cs_ctx_init(&ctx, &o);
	if (st != COMSCAN_OK) {
		assert_int_equal(st, COMSCAN_ERR_NOMEM);
		assert_true(fa.failed);
		assert_null(ctx.findings);
		cs_ctx_fini(&ctx);
		assert_int_equal(fa.nlive, 0);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
		return 1;
	}
	for (i = 0; i < n; i++) {
		size_t before = fa.calls;
		bool ok = cs_emit(&ctx, i % 3 ? CS_CLB_STREAM_OOB : CS_CLB_HEADER_RESERVED,
		    (uint64_t)i, "emission %d %.*s", i, i * 7, "padding padding padding padding "
		    "padding padding padding padding padding padding padding padding padding "
		    "padding padding padding padding padding padding padding padding padding");
		if (!ok) {
			assert_true(fa.failed);
			assert_true(fa.calls > before);
			assert_true(ctx.nomem);
		}
	}
	f = cs_ctx_take_findings(&ctx);
	if (fa.failed) {
		assert_null(f); /* a failure anywhere is reported by take */
	} else {
		assert_non_null(f);
		assert_false(ctx.nomem);
		assert_int_equal(comscan_findings_count(f),
		    (size_t)n > max_findings ? max_findings + 1u : (size_t)n);
	}
	cs_ctx_fini(&ctx);
	cs_findings_free(f);
	assert_int_equal(fa.nlive, 0);
	assert_int_equal(fa.misuse, 0);
	failed = fa.failed;
	failalloc_fini(&fa);
	return failed;
}

/* Fails allocation N = 0, 1, 2, ... until a run completes untouched. */
static void
test_oom_loop(void **state)
{
	long n;
	int runs = 0;
	(void)state;
	for (n = 0; n < 10000 && oom_run(n, COMSCAN_DEFAULT_MAX_FINDINGS, 40); n++)
		runs++;
	assert_true(runs >= 6); /* init, items and pool growth were all hit */
	assert_int_equal(oom_run(-1, COMSCAN_DEFAULT_MAX_FINDINGS, 40), 0);
}

/* The same with a limit, so sealing must allocate the limit finding. */
static void
test_oom_loop_limit(void **state)
{
	long n;
	int runs = 0;
	(void)state;
	for (n = 0; n < 10000 && oom_run(n, 8, 20); n++)
		runs++;
	assert_true(runs >= 4);
	for (n = 0; n < 10000 && oom_run(n, 1, 5); n++)
		runs++;
}

/* ======================================================================
 * catalogue
 * ====================================================================== */

/* True when s matches [a-z0-9-]+(\.[a-z0-9-]+)+ exactly. */
static int
dotted_code_ok(const char *s)
{
	size_t seg = 0, segments = 1;
	for (; *s; s++) {
		if (*s == '.') {
			if (seg == 0)
				return 0;
			segments++;
			seg = 0;
		} else if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-') {
			seg++;
		} else {
			return 0;
		}
	}
	return seg > 0 && segments >= 2;
}

/* The matcher itself rejects what it should. */
static void
test_dotted_matcher(void **state)
{
	(void)state;
	assert_true(dotted_code_ok("a.b"));
	assert_true(dotted_code_ok("clb.stream.out-of-bounds"));
	assert_false(dotted_code_ok("a"));
	assert_false(dotted_code_ok("a."));
	assert_false(dotted_code_ok(".a"));
	assert_false(dotted_code_ok("a..b"));
	assert_false(dotted_code_ok("A.b"));
	assert_false(dotted_code_ok("a_b.c"));
	assert_false(dotted_code_ok(""));
}

/* Every entry is well formed; codes are unique. */
static void
test_catalogue_entries(void **state)
{
	size_t n = comscan_code_count(), i, j;
	(void)state;
	assert_int_equal(n, CS_CODE_COUNT);
	assert_true(n > 50);
	assert_null(comscan_code_at(n));
	assert_null(comscan_code_at(SIZE_MAX));
	assert_null(cs_code_info(CS_CODE_COUNT));
	for (i = 0; i < n; i++) {
		const comscan_code_info *e = comscan_code_at(i);
		assert_non_null(e);
		assert_ptr_equal(e, cs_code_info((cs_code)i));
		if (!dotted_code_ok(e->code))
			fail_msg("code %zu '%s' is not dotted lowercase", i, e->code);
		assert_true((unsigned)e->cls < COMSCAN_CLASS_COUNT);
		assert_true((unsigned)e->severity <= COMSCAN_SEVERITY_ERROR);
		assert_non_null(e->meaning);
		assert_non_null(e->remedy);
		assert_true(strlen(e->meaning) > 0);
		assert_true(strlen(e->remedy) > 0);
		assert_non_null(e->hresult_name);
		if (e->hresult != 0) {
			if (strlen(e->hresult_name) == 0)
				fail_msg("%s: hresult 0x%08X without a name", e->code, e->hresult);
			assert_string_equal(e->hresult_name, comscan_hresult_name(e->hresult));
		} else {
			assert_string_equal(e->hresult_name, "");
		}
		assert_ptr_equal(comscan_code_lookup(e->code), e);
		for (j = 0; j < i; j++)
			if (strcmp(comscan_code_at(j)->code, e->code) == 0)
				fail_msg("duplicate code %s at %zu and %zu", e->code, j, i);
	}
	assert_string_equal(comscan_code_at(0)->code, "core.findings.limit-exceeded");
}

/* lookup: exact match only; NULL for unknown, prefixes and NULL. */
static void
test_catalogue_lookup(void **state)
{
	const comscan_code_info *e;
	(void)state;
	e = comscan_code_lookup("clb.stream.overlap");
	assert_non_null(e);
	assert_string_equal(e->code, "clb.stream.overlap");
	assert_int_equal(e->cls, COMSCAN_CLASS_OVERLAP);
	assert_int_equal(e->severity, COMSCAN_SEVERITY_ERROR);
	assert_int_equal(e->hresult, 0x8013110Eu);
	assert_string_equal(e->hresult_name, "CLDB_E_FILE_CORRUPT");
	e = comscan_code_lookup("scan.file.zero-bytes");
	assert_non_null(e);
	assert_int_equal(e->cls, COMSCAN_CLASS_ZERO_BYTE_PLACEHOLDER);
	assert_int_equal(e->hresult, 0);
	assert_null(comscan_code_lookup("clb.stream"));
	assert_null(comscan_code_lookup("clb.stream.overlap.x"));
	assert_null(comscan_code_lookup("CLB.STREAM.OVERLAP"));
	assert_null(comscan_code_lookup("no.such-code"));
	assert_null(comscan_code_lookup(""));
	assert_null(comscan_code_lookup(NULL));
}

/* Known HRESULT names; "" for unknown values including 0. */
static void
test_hresult_names(void **state)
{
	(void)state;
	assert_string_equal(comscan_hresult_name(0x8013110Eu), "CLDB_E_FILE_CORRUPT");
	assert_string_equal(comscan_hresult_name(0x80131107u), "CLDB_E_FILE_OLDVER");
	assert_string_equal(comscan_hresult_name(0x8007000Bu), "COR_E_BADIMAGEFORMAT");
	assert_string_equal(comscan_hresult_name(0x800700C1u), "ERROR_BAD_EXE_FORMAT");
	assert_string_equal(comscan_hresult_name(0), "");
	assert_string_equal(comscan_hresult_name(0xFFFFFFFFu), "");
	assert_string_equal(comscan_hresult_name(0x80131100u), "");
}

/* ======================================================================
 * names, status messages, options, version
 * ====================================================================== */

static const char *const class_spellings[COMSCAN_CLASS_COUNT] = {
	"zero-byte-placeholder", "text-placeholder", "bad-signature", "legacy-format",
	"unsupported-version", "truncated", "out-of-bounds", "overlap", "malformed", "syntax",
	"bad-encoding", "bad-checksum", "dangling-reference", "duplicate", "inconsistent",
	"cycle", "limit-exceeded", "dirty", "unregistered", "disabled"
};

/* Kind names exactly; "?" outside the enum. */
static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(comscan_kind_name(COMSCAN_KIND_EMPTY), "empty");
	assert_string_equal(comscan_kind_name(COMSCAN_KIND_TEXT), "text");
	assert_string_equal(comscan_kind_name(COMSCAN_KIND_CLB), "clb");
	assert_string_equal(comscan_kind_name(COMSCAN_KIND_PE), "pe");
	assert_string_equal(comscan_kind_name(COMSCAN_KIND_REG), "reg");
	assert_string_equal(comscan_kind_name(COMSCAN_KIND_REGF), "regf");
	assert_string_equal(comscan_kind_name(COMSCAN_KIND_UNKNOWN), "unknown");
	assert_int_equal(COMSCAN_KIND_UNKNOWN + 1, COMSCAN_KIND_COUNT);
	assert_string_equal(comscan_kind_name((comscan_kind)COMSCAN_KIND_COUNT), "?");
	assert_string_equal(comscan_kind_name((comscan_kind)-1), "?");
	assert_string_equal(comscan_kind_name((comscan_kind)1000), "?");
}

/* The 20 class spellings, in enum order; "?" outside. */
static void
test_class_names(void **state)
{
	unsigned c;
	(void)state;
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
		assert_string_equal(comscan_class_name((comscan_class)c), class_spellings[c]);
	assert_int_equal(COMSCAN_CLASS_DISABLED + 1, COMSCAN_CLASS_COUNT);
	assert_string_equal(comscan_class_name((comscan_class)COMSCAN_CLASS_COUNT), "?");
	assert_string_equal(comscan_class_name((comscan_class)-1), "?");
	assert_string_equal(comscan_class_name((comscan_class)31), "?");
}

/* docs/findings.md lists the same classes in its header. */
static void
test_class_names_match_docs(void **state)
{
	char want[1024], *doc;
	size_t o = 0, n;
	unsigned c;
	FILE *fp = fopen("docs/findings.md", "rb");
	(void)state;
	if (fp == NULL)
		fail_msg("cannot open docs/findings.md (run the tests from the repo root)");
	doc = malloc(1 << 20);
	assert_non_null(doc);
	n = fread(doc, 1, (1 << 20) - 1, fp);
	fclose(fp);
	doc[n] = '\0';
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
		o += (size_t)snprintf(want + o, sizeof want - o, "%s`%s`", c ? ", " : "",
		    class_spellings[c]);
	snprintf(want + o, sizeof want - o, ".\n");
	if (strstr(doc, want) == NULL)
		fail_msg("docs/findings.md does not list the classes as: %s", want);
	free(doc);
}

/* Severity and verdict names; "?" outside. */
static void
test_severity_verdict_names(void **state)
{
	(void)state;
	assert_string_equal(comscan_severity_name(COMSCAN_SEVERITY_NOTE), "note");
	assert_string_equal(comscan_severity_name(COMSCAN_SEVERITY_WARNING), "warning");
	assert_string_equal(comscan_severity_name(COMSCAN_SEVERITY_ERROR), "error");
	assert_string_equal(comscan_severity_name((comscan_severity)3), "?");
	assert_string_equal(comscan_severity_name((comscan_severity)-1), "?");
	assert_string_equal(comscan_verdict_name(COMSCAN_VERDICT_HEALTHY), "healthy");
	assert_string_equal(comscan_verdict_name(COMSCAN_VERDICT_CORRUPT), "corrupt");
	assert_string_equal(comscan_verdict_name((comscan_verdict)2), "?");
	assert_string_equal(comscan_verdict_name((comscan_verdict)-1), "?");
}

/* Every status has a distinct, non-empty message. */
static void
test_status_messages(void **state)
{
	comscan_status all[] = { COMSCAN_OK, COMSCAN_ERR_NOMEM, COMSCAN_ERR_INVALID,
		COMSCAN_ERR_IO, COMSCAN_ERR_NOT_FILE, COMSCAN_ERR_TOO_LARGE };
	size_t i, j, n = sizeof all / sizeof all[0];
	(void)state;
	for (i = 0; i < n; i++) {
		const char *m = comscan_status_message(all[i]);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
		for (j = 0; j < i; j++)
			assert_string_not_equal(m, comscan_status_message(all[j]));
	}
	assert_true(strlen(comscan_status_message((comscan_status)99)) > 0);
	assert_true(strlen(comscan_status_message((comscan_status)-1)) > 0);
}

/* options_init overwrites everything with the documented defaults. */
static void
test_options_init(void **state)
{
	comscan_options o;
	(void)state;
	memset(&o, 0xA5, sizeof o);
	comscan_options_init(&o);
	assert_null(o.allocator);
	assert_int_equal(o.flags, 0);
	assert_int_equal(o.limits.max_findings, COMSCAN_DEFAULT_MAX_FINDINGS);
	assert_int_equal(o.limits.max_streams, COMSCAN_DEFAULT_MAX_STREAMS);
	assert_int_equal(o.limits.max_pe_sections, COMSCAN_DEFAULT_MAX_PE_SECTIONS);
	assert_int_equal(o.limits.max_table_rows, COMSCAN_DEFAULT_MAX_TABLE_ROWS);
	assert_int_equal(o.limits.max_findings, 10000);
	assert_int_equal(o.limits.max_streams, 64);
	assert_int_equal(o.limits.max_pe_sections, 96);
	assert_int_equal(o.limits.max_table_rows, 0x00FFFFFF);
}

/* The linked library reports the header's version. */
static void
test_version(void **state)
{
	char want[32];
	(void)state;
	snprintf(want, sizeof want, "%d.%d.%d", COMSCAN_VERSION_MAJOR, COMSCAN_VERSION_MINOR,
	    COMSCAN_VERSION_PATCH);
	assert_string_equal(comscan_version(), COMSCAN_VERSION_STRING);
	assert_string_equal(comscan_version(), want);
}

/* ======================================================================
 * stable sort
 * ====================================================================== */

typedef struct keyed {
	uint32_t key, seq;
} keyed;

static int
keyed_cmp(const void *a, const void *b)
{
	const keyed *x = a, *y = b;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Sorted by key, equal keys in their first order, for every length up
 * to 300 (insertion-only, one run, uneven last runs) and few distinct keys. */
static void
test_sort_stable(void **state)
{
	static keyed v[300];
	size_t n, i;
	(void)state;
	for (n = 0; n <= 300; n += n < 40 ? 1 : 37) {
		cs_ctx ctx;
		uint32_t r = 12345;
		assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
		for (i = 0; i < n; i++) {
			r = r * 1103515245u + 12345u;
			v[i].key = (r >> 16) % 7, v[i].seq = (uint32_t)i;
		}
		assert_true(cs_sort(&ctx, v, n, sizeof *v, keyed_cmp));
		for (i = 1; i < n; i++) {
			assert_true(v[i - 1].key <= v[i].key);
			if (v[i - 1].key == v[i].key)
				assert_true(v[i - 1].seq < v[i].seq);
		}
		cs_ctx_fini(&ctx);
	}
}

/* The buffer of a long sort comes from the caller's allocator; when it
 * fails, the array is unchanged and the context says nomem. */
static void
test_sort_nomem(void **state)
{
	keyed v[100], copy[100];
	size_t i, fail_at;
	(void)state;
	for (i = 0; i < 100; i++)
		v[i].key = (uint32_t)(100 - i), v[i].seq = (uint32_t)i;
	memcpy(copy, v, sizeof v);
	for (fail_at = 0;; fail_at++) {
		failalloc fa;
		comscan_options opts;
		cs_ctx ctx;
		bool ok;
		failalloc_init(&fa, fail_at);
		comscan_options_init(&opts);
		opts.allocator = &fa.a;
		if (cs_ctx_init(&ctx, &opts) != COMSCAN_OK) {
			failalloc_fini(&fa);
			continue;
		}
		ok = cs_sort(&ctx, v, 100, sizeof *v, keyed_cmp);
		assert_int_equal(ok, !fa.failed);
		if (!ok) {
			assert_true(ctx.nomem);
			assert_memory_equal(v, copy, sizeof v);
		}
		cs_ctx_fini(&ctx);
		assert_int_equal(fa.nlive, 0);
		failalloc_fini(&fa);
		if (ok)
			break;
	}
	for (i = 0; i < 100; i++)
		assert_int_equal(v[i].key, i + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cur_init),
		cmocka_unit_test(test_cur_left_abs),
		cmocka_unit_test(test_cur_has),
		cmocka_unit_test(test_cur_window),
		cmocka_unit_test(test_cur_sub),
		cmocka_unit_test(test_cur_seek_skip),
		cmocka_unit_test(test_cur_reads_at),
		cmocka_unit_test(test_cur_reads_high_bits),
		cmocka_unit_test(test_cur_uint_at),
		cmocka_unit_test(test_cur_sequential),
		cmocka_unit_test(test_cur_copy_equals),
		cmocka_unit_test(test_cur_find_byte),
		cmocka_unit_test(test_cur_find_last_byte),
		cmocka_unit_test(test_cur_empty_null),
		cmocka_unit_test(test_escape_printable),
		cmocka_unit_test(test_escape_special),
		cmocka_unit_test(test_escape_exact_fit),
		cmocka_unit_test(test_escape_truncated),
		cmocka_unit_test(test_escape_truncated_prefix),
		cmocka_unit_test(test_escape_tiny_caps),
		cmocka_unit_test(test_ctx_init_defaults),
		cmocka_unit_test(test_ctx_init_custom),
		cmocka_unit_test(test_emit_order_fields),
		cmocka_unit_test(test_emit_message_printable),
		cmocka_unit_test(test_emit_classes_tally_verdict),
		cmocka_unit_test(test_findings_null),
		cmocka_unit_test(test_limit_exact),
		cmocka_unit_test(test_limit_exceeded),
		cmocka_unit_test(test_limit_one),
		cmocka_unit_test(test_emit_many),
		cmocka_unit_test(test_oom_loop),
		cmocka_unit_test(test_oom_loop_limit),
		cmocka_unit_test(test_dotted_matcher),
		cmocka_unit_test(test_catalogue_entries),
		cmocka_unit_test(test_catalogue_lookup),
		cmocka_unit_test(test_hresult_names),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_class_names_match_docs),
		cmocka_unit_test(test_severity_verdict_names),
		cmocka_unit_test(test_status_messages),
		cmocka_unit_test(test_options_init),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_sort_stable),
		cmocka_unit_test(test_sort_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
