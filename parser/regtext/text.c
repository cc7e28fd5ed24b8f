/*
 * text.c - .reg text as code units: lines and characters.
 *
 * Line ends (regtext.md 1.1): LF, CR LF and a lone CR each end a line;
 * CR LF counts once.  The last line needs no terminator.  In 8-bit files
 * the next CR and LF are found with memchr and remembered, so a file with
 * only one kind of terminator is never rescanned.  In UTF-16 files one
 * vectorised scan per line looks for CR, LF and NUL at once (separate
 * scans would read a CR LF file three times).
 *
 * Characters: UTF-16LE units are kept as they are (surrogate pairs
 * combined, unpaired ones kept and reported).  8-bit files with a UTF-8
 * BOM are decoded as UTF-8; without a BOM as Windows-1252, the ANSI code
 * page of the western Windows editions (the file does not record which
 * code page wrote it, so this is reported as a note).
 */
#include <stdarg.h>
#include <string.h>

#include "core/alloc.h"
#include "regtext/regtext.h"

/* Windows-1252 bytes 0x80-0x9F; the five undefined ones map to C1 controls,
 * as MultiByteToWideChar does. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

uint32_t
rt_cp1252(uint8_t b)
{
	return b >= 0x80 && b < 0xA0 ? cp1252_high[b - 0x80] : b;
}

void
rt_report(rt_parser *p, cs_code code, const rt_line *line, size_t i, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (!cs_emit_v(p->ctx, code, rt_abs(&p->text, i), line->number,
		(uint32_t)(i - line->start + 1), fmt, ap))
		p->stop = true;
	va_end(ap);
}

/* Unit index of the next unit b at or after from, or nunits; *cache
 * remembers it, so each kind of unit is searched for once per text. */
static size_t
next_byte(const rt_text *t, size_t from, uint8_t b, size_t *cache)
{
	if (*cache != SIZE_MAX && *cache >= from)
		return *cache;
	*cache = t->width == 1 ? cs_units_find_byte(&t->u, from, t->nunits, b)
	                       : cs_units_find2(&t->u, from, t->nunits, b, b);
	return *cache;
}

size_t
rt_next_nul(rt_parser *p, size_t from)
{
	return next_byte(&p->text, from, 0, &p->next_nul);
}

/* Unit index of the first CR or LF at or after from, or nunits. */
static size_t
find_eol(rt_parser *p, size_t from)
{
	const rt_text *t = &p->text;
	size_t cr = next_byte(t, from, '\r', &p->next_cr);
	size_t lf = next_byte(t, from, '\n', &p->next_lf);
	return cr < lf ? cr : lf;
}

bool
rt_next_line(rt_parser *p, rt_line *line)
{
	const rt_text *t = &p->text;
	size_t eol, nul = SIZE_MAX;
	if (p->pos >= t->nunits)
		return false;
	if (t->width == 1) {
		eol = find_eol(p, p->pos);
		nul = rt_next_nul(p, p->pos);
	} else {
		eol = cs_units_find3(&t->u, p->pos, t->nunits, '\r', '\n', 0);
		if (eol < t->nunits && rt_unit(t, eol) == 0) {
			nul = eol;
			eol = cs_units_find2(&t->u, nul, t->nunits, '\r', '\n');
		}
	}
	line->start = p->pos;
	line->end = eol;
	line->number = ++p->lineno;
	if (eol < p->text.nunits && rt_unit(&p->text, eol) == '\r' && eol + 1 < p->text.nunits &&
	    rt_unit(&p->text, eol + 1) == '\n')
		p->pos = eol + 2;
	else
		p->pos = eol + 1;
	/* 1.1: Windows reads a line as a C string, so it ends at a NUL */
	if (nul < eol) {
		rt_report(p, CS_REG_LINE_NUL, line, nul, "NUL character; the rest of the line is not read");
		line->end = nul;
	}
	return true;
}

/* Decodes one UTF-8 sequence at unit i (< end); 0 when invalid. */
static size_t
utf8_at(const rt_text *t, size_t i, size_t end, uint32_t *cp)
{
	uint8_t b0 = (uint8_t)rt_unit(t, i);
	size_t n, k;
	uint32_t v;
	if (b0 < 0xC2 || b0 > 0xF4)
		return 0;
	n = b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
	if (n > end - i)
		return 0;
	v = b0 & (n == 2 ? 0x1Fu : n == 3 ? 0x0Fu : 0x07u);
	for (k = 1; k < n; k++) {
		uint8_t b = (uint8_t)rt_unit(t, i + k);
		if ((b & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (b & 0x3Fu);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

size_t
rt_put_plain(rt_parser *p, rt_units *b, size_t i, size_t end, uint16_t a, uint16_t bb)
{
	/* an ASCII unit needs no decoding in any encoding (the others take
	 * rt_decode_char) */
	const rt_text *t = &p->text;
	size_t n = cs_units_span_ascii(&t->u, i, end, a, bb) - i;
	if (n == 0 || !rt_units_reserve(p, b, n) || !cs_units_copy(&t->u, i, n, b->p + b->len))
		return i;
	b->len += n;
	return i + n;
}

void
rt_decode_char(rt_parser *p, const rt_line *line, size_t *i, size_t end, uint32_t *cp)
{
	const rt_text *t = &p->text;
	uint16_t u = rt_unit(t, *i);
	size_t n;
	if (t->enc == RT_ENC_UTF16) {
		if (u >= 0xD800 && u <= 0xDBFF && *i + 1 < end) {
			uint16_t lo = rt_unit(t, *i + 1);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				*cp = 0x10000 + ((uint32_t)(u - 0xD800) << 10) + (lo - 0xDC00);
				*i += 2;
				return;
			}
		}
		if (u >= 0xD800 && u <= 0xDFFF)
			rt_report(p, CS_REG_ENC_SURROGATE, line, *i,
			    "unpaired surrogate U+%04X, kept as it is", u);
		*cp = u;
		*i += 1;
		return;
	}
	if (u < 0x80) {
		*cp = u;
		*i += 1;
		return;
	}
	if (t->enc == RT_ENC_UTF8) {
		n = utf8_at(t, *i, end, cp);
		if (n > 0) {
			*i += n;
			return;
		}
		rt_report(p, CS_REG_ENC_BAD_UTF8, line, *i,
		    "byte 0x%02X is not valid UTF-8; kept as Windows-1252", u);
	} else if (!p->noted_ansi) {
		p->noted_ansi = true;
		rt_report(p, CS_REG_ENC_ANSI, line, *i,
		    "first non-ASCII byte 0x%02X of an 8-bit file; decoded as Windows-1252", u);
	}
	*cp = rt_cp1252((uint8_t)u);
	*i += 1;
}

const int8_t rt_hex_values[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7,
	['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

#define NO_DIGIT16 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, \
	0x10, 0x10, 0x10, 0x10
#define NO_DIGIT64 NO_DIGIT16, NO_DIGIT16, NO_DIGIT16, NO_DIGIT16
const uint8_t rt_nibble[256] = {
	NO_DIGIT16, NO_DIGIT16, NO_DIGIT16,                                     /* 0x00-0x2F */
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,       /* 0x30-0x3F */
	0x10, 10, 11, 12, 13, 14, 15, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
	NO_DIGIT16,                                                             /* 0x50-0x5F */
	0x10, 10, 11, 12, 13, 14, 15, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x10,
	NO_DIGIT16,                                                             /* 0x70-0x7F */
	NO_DIGIT64, NO_DIGIT64,                                                 /* 0x80-0xFF */
};

bool
rt_units_grow(rt_parser *p, rt_units *b, size_t n)
{
	if (n > SIZE_MAX - b->len ||
	    !cs_grow(p->ctx->alloc, (void **)&b->p, &b->cap, b->len + n, sizeof *b->p)) {
		p->ctx->nomem = p->stop = true;
		return false;
	}
	return true;
}

bool
rt_bytes_grow(rt_parser *p, rt_bytes *b, size_t n)
{
	if (n > SIZE_MAX - b->len || !cs_grow(p->ctx->alloc, (void **)&b->p, &b->cap, b->len + n, 1)) {
		p->ctx->nomem = p->stop = true;
		return false;
	}
	return true;
}

bool
rt_match(const rt_text *t, size_t i, size_t end, const char *s)
{
	size_t n = strlen(s), k;
	if (n > end - i)
		return false;
	for (k = 0; k < n; k++)
		if (rt_unit(t, i + k) != (uint8_t)s[k])
			return false;
	return true;
}
