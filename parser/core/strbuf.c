/*
 * strbuf.c - growable strings and UTF-16 -> UTF-8 conversion.
 */
#include "core/strbuf.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

void
cs_sb_init(cs_strbuf *b, const comscan_allocator *a)
{
	memset(b, 0, sizeof *b);
	b->alloc = a;
}

void
cs_sb_free(cs_strbuf *b)
{
	cs_free(b->alloc, b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
cs_sb_clear(cs_strbuf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

bool
cs_sb_put(cs_strbuf *b, const char *s, size_t n)
{
	if (b->nomem || n >= SIZE_MAX - b->len ||
	    !cs_grow(b->alloc, (void **)&b->p, &b->cap, b->len + n + 1, 1)) {
		b->nomem = true;
		return false;
	}
	if (n && s != NULL) /* s == NULL: room for n bytes the caller fills */
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

bool
cs_sb_puts(cs_strbuf *b, const char *s)
{
	return cs_sb_put(b, s, strlen(s));
}

/* Appends code point cp as UTF-8. */
static bool
put_cp(cs_strbuf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	return cs_sb_put(b, u, n);
}

bool
cs_u16_escape(uint32_t u, int mode, char esc[8])
{
	if (u >= 0xD800 && u <= 0xDFFF)
		snprintf(esc, 8, "\\u%04X", (unsigned)u);
	else if (u == '\\' && mode == CS_U16_ESCAPED)
		snprintf(esc, 8, "\\\\");
	else if (u == '\t')
		snprintf(esc, 8, "\\t");
	else if (u == '\n')
		snprintf(esc, 8, "\\n");
	else if (u == '\r')
		snprintf(esc, 8, "\\r");
	else if (u < 0x20 || u == 0x7F)
		snprintf(esc, 8, "\\x%02X", (unsigned)u);
	else
		return false;
	return true;
}

/* Appends the escape of unit u (mode != PLAIN) when it needs one; false
 * when it needs none. */
static bool
put_escape(cs_strbuf *b, uint32_t u, int mode, bool *ok)
{
	char esc[8];
	if (!cs_u16_escape(u, mode, esc))
		return false;
	*ok = cs_sb_puts(b, esc);
	return true;
}

bool
cs_sb_put_u16(cs_strbuf *b, const uint16_t *s, size_t n, int mode)
{
	size_t i = 0;
	while (i < n) {
		uint32_t u = s[i];
		size_t run;
		bool ok = true;
		/* a run of printable ASCII needing no escape: one append */
		for (run = i; run < n && s[run] >= 0x20 && s[run] < 0x7F &&
		     (s[run] != '\\' || mode != CS_U16_ESCAPED); run++)
			;
		if (run > i) {
			size_t k, at = b->len;
			if (!cs_sb_put(b, NULL, run - i))
				return false;
			for (k = i; k < run; k++)
				b->p[at + k - i] = (char)s[k];
			i = run;
			continue;
		}
		if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
			u = 0x10000 + ((u - 0xD800) << 10) + (s[i + 1] - 0xDC00u);
			i += 2;
		} else {
			i++;
			if (u >= 0xD800 && u <= 0xDFFF && mode == CS_U16_PLAIN)
				u = 0xFFFD;
			else if (mode != CS_U16_PLAIN && put_escape(b, u, mode, &ok)) {
				if (!ok)
					return false;
				continue;
			}
		}
		if (!put_cp(b, u))
			return false;
	}
	return !b->nomem;
}

const char *
cs_sb_str(const cs_strbuf *b)
{
	return b->p && !b->nomem ? b->p : "";
}
