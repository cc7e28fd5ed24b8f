/*
 * hexlist.c - hex: and hex(N): values (regtext.md 1.7.3, 1.7.4, section 2).
 *
 *   tag       = "hex:" | "hex(" 1*8HEXDIG "):"          ; N is the value type
 *   list      = [ item *("," item) [","] ] [ *BLANK "\" *BLANK [";" ...] EOL cont ]
 *               [ *BLANK ";" comment ]
 *   item      = 1*2HEXDIG                              ; strict: no blanks, no 0x
 *   cont      = { blank-or-;-line } *BLANK item ...      ; first non-blank: a hex digit
 *
 * Continuation rules that Windows applies (1.7.3, pinned by Wine's tests
 * that also run on Windows):
 *   - the backslash must follow a comma (blanks between are fine), or the
 *     tag itself (hex(2):\);
 *   - empty lines and ; lines between continuation lines are skipped; a #
 *     line or any other first character drops the value AND consumes that
 *     line;
 *   - the end of the file right after ,\ keeps the bytes read so far;
 *   - a list without a final backslash ends at its line.
 *
 * String types (1, 2, 7): a UTF-16 file's bytes are UTF-16LE already; in
 * an 8-bit file the encoding is ambiguous (section 2) and decided by the
 * rule stated in regtext.hex.string-encoding.  Windows appends one NUL
 * character when the payload does not end in one.
 */
#include <string.h>

#include "regtext/regtext.h"

/* Reads the type of hex: or hex(N): at i (just after "hex"); moves *i
 * past the ':'.  False (reported) when the tag is malformed. */
static bool
parse_tag(rt_parser *p, const rt_line *l, size_t *i, uint32_t *type)
{
	const rt_text *t = &p->text;
	size_t k = *i, s;
	uint32_t v = 0;
	int d;
	if (k < l->end && rt_unit(t, k) == ':') {
		*type = 3; /* REG_BINARY */
		*i = k + 1;
		return true;
	}
	s = ++k; /* past '(' */
	while (k < l->end && (d = rt_hex_digit(rt_unit(t, k))) >= 0 && k - s < 9) {
		v = v << 4 | (uint32_t)d;
		k++;
	}
	if (k == s || k - s > 8 || !rt_match(t, k, l->end, "):")) {
		rt_report(p, CS_REG_HEX_BAD_TYPE, l, s,
		    "hex( needs 1 to 8 hex digits and ):; Windows drops the value");
		return false;
	}
	*type = v;
	*i = k + 2;
	return true;
}

/* Finds the next continuation line: skips empty and ; lines.  Returns 1
 * with *l set and *i at its first non-blank, 0 at the end of the file,
 * -1 (reported, line consumed) when the line cannot continue a list. */
static int
next_continuation(rt_parser *p, rt_line *l, size_t *i)
{
	const rt_text *t = &p->text;
	while (rt_next_line(p, l)) {
		size_t k = *i = l->start;
		while (k < l->end && rt_is_blank(rt_unit(t, k)))
			k++;
		while (l->end > k && rt_is_blank(rt_unit(t, l->end - 1)))
			l->end--;
		if (k == l->end || rt_unit(t, k) == ';')
			continue;
		*i = k;
		if (rt_hex_digit(rt_unit(t, k)) >= 0)
			return 1;
		rt_report(p, CS_REG_HEX_CONTINUATION, l, k,
		    "continuation line starts with %s; Windows drops the value and this line",
		    rt_unit(t, k) == '#' ? "#" : "no hex digit");
		return -1;
	}
	return 0;
}

/* The run of "hh," items at i (what regedit and hivex write), appended to
 * p->data; returns the index after it.  Anything else is left to the
 * general loop of parse_items. */
#define ITEMS_PER_CHUNK 64

/* Decodes the "hh," items at the start of c[0, take) (take a multiple of
 * 3) into out; returns the units consumed.  Eight items at a time without
 * branches (an invalid digit or a missing comma sets a flag), then item by
 * item for the group that has the first bad one.  One per unit width. */
static size_t
decode_items8(const uint8_t *c, size_t take, uint8_t *out)
{
	size_t k = 0, j;
	while (take - k >= 24) {
		unsigned bad = 0;
		for (j = 0; j < 24; j += 3) {
			unsigned hi = rt_nibble[c[k + j]], lo = rt_nibble[c[k + j + 1]];
			bad |= hi | lo | (c[k + j + 2] != ',' ? 0x10u : 0u);
			out[j / 3] = (uint8_t)(hi << 4 | (lo & 0xFu));
		}
		if (bad & 0x10u) /* a byte that is no digit, or a missing comma */
			break;
		k += 24, out += 8;
	}
	for (; k < take; k += 3) {
		int hi = rt_hex_digit(c[k]), lo = rt_hex_digit(c[k + 1]);
		if (hi < 0 || lo < 0 || c[k + 2] != ',')
			break;
		*out++ = (uint8_t)(hi << 4 | lo);
	}
	return k;
}

static size_t
decode_items16(const uint16_t *c, size_t take, uint8_t *out)
{
	size_t k;
	for (k = 0; k < take; k += 3) {
		int hi = rt_hex_digit(c[k]), lo = rt_hex_digit(c[k + 1]);
		if (hi < 0 || lo < 0 || c[k + 2] != ',')
			break;
		*out++ = (uint8_t)(hi << 4 | lo);
	}
	return k;
}

static size_t
comma_items(rt_parser *p, const rt_line *l, size_t i)
{
	/* read through the view ITEMS_PER_CHUNK items at a time */
	uint8_t bytes[3 * ITEMS_PER_CHUNK];
	uint16_t units[3 * ITEMS_PER_CHUNK];
	const cs_units *view = &p->text.u;
	for (;;) {
		size_t take = l->end - i, k;
		uint8_t *out;
		if (take > 3 * ITEMS_PER_CHUNK)
			take = 3 * ITEMS_PER_CHUNK;
		take -= take % 3;
		if (take == 0 || !rt_bytes_reserve(p, &p->data, take / 3))
			return i;
		out = p->data.p + p->data.len;
		if (view->width == 1) {
			if (!cs_units_copy8(view, i, take, bytes))
				return i;
			k = decode_items8(bytes, take, out);
		} else {
			if (!cs_units_copy(view, i, take, units))
				return i;
			k = decode_items16(units, take, out);
		}
		p->data.len += k / 3;
		i += k;
		if (k < take)
			return i;
	}
}

/* Parses the item list from i on, across continuation lines.  Leaves the
 * bytes in p->data.  False (reported) when Windows drops the value. */
static bool
parse_items(rt_parser *p, rt_line *l, size_t i)
{
	const rt_text *t = &p->text;
	bool after_comma = true, at_tag = true;
	p->data.len = 0;
	for (;;) {
		while (i < l->end) {
			uint16_t u = rt_unit(t, i);
			size_t k;
			if (after_comma) {
				size_t run = comma_items(p, l, i);
				if (run != i) {
					at_tag = false; /* after_comma stays: each item ended in ',' */
					i = run;
					continue;
				}
				if (p->stop)
					return false;
			}
			if (rt_hex_digit(u) >= 0) {
				uint8_t b = 0;
				for (k = i; k < l->end && rt_hex_digit(rt_unit(t, k)) >= 0; k++)
					b = (uint8_t)(b << 4 | rt_hex_digit(rt_unit(t, k)));
				if (!after_comma || k - i > 2) {
					rt_report(p, CS_REG_HEX_BAD_ITEM, l, i, "%s; Windows drops the value",
					    after_comma ? "hex item longer than 2 digits" : "hex items not separated by a comma");
					return false;
				}
				if (!rt_bytes_put(p, &p->data, &b, 1))
					return false;
				after_comma = at_tag = false;
				i = k;
			} else if (u == ',') {
				if (after_comma) {
					rt_report(p, CS_REG_HEX_BAD_ITEM, l, i, "empty hex item; Windows drops the value");
					return false;
				}
				after_comma = true;
				i++;
			} else if (rt_is_blank(u)) {
				for (k = i; k < l->end && rt_is_blank(rt_unit(t, k)); k++)
					;
				if (k < l->end && rt_unit(t, k) != '\\' && rt_unit(t, k) != ';') {
					rt_report(p, CS_REG_HEX_BAD_ITEM, l, i, "blank inside a hex list; Windows drops the value");
					return false;
				}
				i = k;
			} else if (u == ';') {
				return true; /* a comment ends the list */
			} else if (u == '\\') {
				int r;
				if (!after_comma && !at_tag) {
					rt_report(p, CS_REG_HEX_CONTINUATION, l, i,
					    "backslash not after a comma; Windows drops the value");
					return false;
				}
				for (k = i + 1; k < l->end && rt_is_blank(rt_unit(t, k)); k++)
					;
				if (k < l->end && rt_unit(t, k) != ';') {
					rt_report(p, CS_REG_HEX_CONTINUATION, l, k,
					    "text after the continuation backslash; Windows drops the value");
					return false;
				}
				r = next_continuation(p, l, &i);
				if (r < 0)
					return false;
				if (r == 0) {
					rt_report(p, CS_REG_HEX_EOF, l, l->end,
					    "the file ends after a continuation; the bytes so far are kept");
					return true;
				}
				at_tag = false;
			} else {
				rt_report(p, CS_REG_HEX_BAD_ITEM, l, i, "%s in a hex list; Windows drops the value",
				    u == '#' ? "# (not a comment here)" : "unexpected character");
				return false;
			}
		}
		return true; /* no backslash: the list ends at this line */
	}
}

/* Checks UTF-16LE bytes in p->data; appends a NUL unit when missing. */
static bool
finish_utf16(rt_parser *p, const rt_line *l)
{
	size_t n = p->data.len, k;
	bool bad = false;
	uint16_t nul = 0;
	if (n == 0)
		return true;
	if (n % 2 != 0) {
		rt_report(p, CS_REG_HEX_ODD, l, l->start,
		    "string-typed hex value of %zu bytes: not a whole number of UTF-16 units", n);
		return true;
	}
	for (k = 0; k + 1 < n && !bad; k += 2) {
		uint16_t u = (uint16_t)(p->data.p[k] | p->data.p[k + 1] << 8);
		if (u >= 0xD800 && u <= 0xDBFF) {
			uint16_t lo = k + 3 < n ? (uint16_t)(p->data.p[k + 2] | p->data.p[k + 3] << 8) : 0;
			if (lo >= 0xDC00 && lo <= 0xDFFF)
				k += 2;
			else
				bad = true;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			bad = true;
		}
	}
	if (bad)
		rt_report(p, CS_REG_HEX_SURROGATE, l, l->start,
		    "string-typed hex value holds an unpaired UTF-16 surrogate");
	if (p->data.p[n - 2] != 0 || p->data.p[n - 1] != 0) {
		rt_report(p, CS_REG_HEX_UNTERMINATED, l, l->start,
		    "string-typed hex value without a final NUL; Windows appends one");
		return rt_bytes_put(p, &p->data, &nul, 2);
	}
	return true;
}

/* Code-page bytes in p->data to UTF-16LE (Windows-1252 for CP_ACP). */
static bool
widen_codepage(rt_parser *p, const rt_line *l)
{
	rt_bytes wide = { NULL, 0, 0 };
	size_t k, n = p->data.len;
	bool ok = n <= SIZE_MAX / 2 - 1 && rt_bytes_reserve(p, &wide, 2 * n + 2);
	for (k = 0; k < n && ok; k++) {
		uint16_t u = (uint16_t)rt_cp1252(p->data.p[k]);
		wide.p[wide.len++] = (uint8_t)u;
		wide.p[wide.len++] = (uint8_t)(u >> 8);
	}
	if (ok && n > 0 && p->data.p[n - 1] != 0) {
		uint16_t nul = 0;
		rt_report(p, CS_REG_HEX_UNTERMINATED, l, l->start,
		    "string-typed hex value without a final NUL; Windows appends one");
		ok = rt_bytes_put(p, &wide, &nul, 2);
	}
	if (!ok) {
		cs_ctx_free(p->ctx, wide.p);
		return false;
	}
	cs_ctx_free(p->ctx, p->data.p);
	p->data = wide;
	return true;
}

/* True when an 8-bit file's payload is taken as UTF-16LE (the rule of
 * regtext.hex.string-encoding). */
static bool
looks_utf16(const rt_parser *p)
{
	size_t k;
	if (p->format != RT_FMT_V5 || p->data.len % 2 != 0)
		return false;
	for (k = 1; k < p->data.len; k += 2)
		if (p->data.p[k] == 0)
			return true;
	return false;
}

bool
rt_parse_hex(rt_parser *p, rt_line *l, size_t i, uint32_t *type)
{
	rt_line first = *l; /* findings about the whole value point at its first line */
	if (!parse_tag(p, l, &i, type) || !parse_items(p, l, i))
		return false;
	if (*type != 1 && *type != 2 && *type != 7)
		return true;
	if (p->text.enc == RT_ENC_UTF16)
		return finish_utf16(p, &first);
	if (p->format == RT_FMT_V5 && p->data.len > 0 && !p->noted_hex_encoding) {
		p->noted_hex_encoding = true;
		rt_report(p, CS_REG_HEX_ENCODING, &first, first.start,
		    "8-bit file with the 5.00 header: string-typed hex payloads are read as %s by "
		    "the stated rule", looks_utf16(p) ? "UTF-16LE" : "code-page text");
	}
	return looks_utf16(p) ? finish_utf16(p, &first) : widen_codepage(p, &first);
}
