/*
 * regtext.h - internal interface of the .reg parser (REGEDIT4,
 * "Windows Registry Editor Version 5.00", Windows 3.1 REGEDIT).
 *
 * The parser streams: it reads the input through the cursor, line by
 * line, without copying it, and reports each key line and value line to a
 * sink as an operation in file order.  `scan` passes a sink that does
 * nothing (memory stays flat whatever the file size); `dump` and `com`
 * pass one that builds a cs_memtree (regtext/tree.c).
 */
#ifndef COMSCAN_REGTEXT_REGTEXT_H
#define COMSCAN_REGTEXT_REGTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/cursor.h"
#include "core/findings.h"
#include "core/memtree.h"
#include "core/regtree.h"

/* How the file's text is encoded. */
typedef enum rt_encoding {
	RT_ENC_ANSI,  /* 8-bit, no BOM: decoded as Windows-1252       */
	RT_ENC_UTF8,  /* 8-bit with a UTF-8 BOM                        */
	RT_ENC_UTF16  /* UTF-16LE with a BOM                           */
} rt_encoding;

/* The text as code units, read through the cursor. */
typedef struct rt_text {
	cs_cursor file;     /* the whole input                          */
	size_t start;       /* byte offset of unit 0 (after the BOM)    */
	size_t nunits;      /* units after the BOM                      */
	unsigned width;     /* 1 (8-bit) or 2 (UTF-16)                  */
	cs_units u;         /* the nunits units, read through the view  */
	rt_encoding enc;
} rt_text;

/* One line: units [start, end) without its terminator. */
typedef struct rt_line {
	size_t start, end;
	uint32_t number;    /* 1-based */
} rt_line;

/* A key path: components as unit ranges of units[]; component 0 is the
 * canonical root name ("HKEY_LOCAL_MACHINE", ...). */
typedef struct rt_comp {
	size_t off, len;
} rt_comp;

/* Receives the operations of the file in order.  A callback returns false
 * only when memory ran out; the parse then stops. */
typedef struct rt_sink {
	void *arg;
	bool (*key)(void *arg, const uint16_t *units, const rt_comp *comps, size_t ncomps,
	    bool del, cs_regsource src);
	bool (*value)(void *arg, const uint16_t *name, size_t nlen, bool del, uint32_t type,
	    const uint8_t *data, size_t size, cs_regsource src);
} rt_sink;

typedef enum rt_format { RT_FMT_V4, RT_FMT_V5, RT_FMT_WIN31 } rt_format;

/* Growable scratch buffers of the parser. */
typedef struct rt_units {
	uint16_t *p;
	size_t len, cap;
} rt_units;

typedef struct rt_bytes {
	uint8_t *p;
	size_t len, cap;
} rt_bytes;

typedef struct rt_parser {
	cs_ctx *ctx;
	rt_text text;
	const rt_sink *sink;
	bool compat;
	rt_format format;
	bool have_key;        /* values go to the last key opened        */
	size_t pos;           /* unit index of the next line              */
	uint32_t lineno;      /* number of the last line read             */
	rt_units path, name, str;
	rt_comp *comps;
	size_t ncomps, capcomps;
	rt_bytes data;
	bool noted_ansi, noted_hex_encoding;
	size_t next_cr, next_lf, next_nul; /* cached positions of the next CR, LF, NUL */
	bool stop;            /* nomem: abandon the parse                 */
} rt_parser;

/* Parses the .reg file in file and reports its operations to sink.
 * Findings go to ctx (graded by COMSCAN_FLAG_REG_COMPAT). */
void regtext_parse(cs_ctx *ctx, const cs_cursor *file, const rt_sink *sink);

/* Parses a .reg file into a sealed memtree; NULL (ctx->nomem) on
 * allocation failure.  Findings go to ctx. */
cs_memtree *regtext_load(cs_ctx *ctx, const cs_cursor *file);

/* ---- text.c ------------------------------------------------------------------ */

/* The code unit at index i (0 past the end, which callers never ask). */
static inline uint16_t
rt_unit(const rt_text *t, size_t i)
{
	return cs_units_at(&t->u, i);
}

/* File offset of unit i. */
static inline uint64_t
rt_abs(const rt_text *t, size_t i)
{
	return cs_cur_abs_at(&t->file, t->start + i * t->width);
}

static inline bool
rt_is_blank(uint16_t u)
{
	return u == ' ' || u == '\t';
}

/* One more than each byte's value as a hex digit; 0 when it is none. */
extern const int8_t rt_hex_values[256];
/* Each byte's value as a hex digit; 0x10 when it is none. */
extern const uint8_t rt_nibble[256];

/* The value of u as a hex digit, or -1. */
static inline int
rt_hex_digit(uint16_t u)
{
	return u < 256 ? rt_hex_values[u] - 1 : -1;
}

/* Unit index of the first NUL at or after from, or nunits (cached, so the
 * text is searched once however many lines ask). */
size_t rt_next_nul(rt_parser *p, size_t from);
/* Reads the next line from p->pos, ending it at a NUL (reported); false
 * at the end of the text. */
bool rt_next_line(rt_parser *p, rt_line *line);
/* Decodes the character at unit index *i (< end) of line into *cp and
 * advances *i past it, reporting encoding problems at line. */
void rt_decode_char(rt_parser *p, const rt_line *line, size_t *i, size_t end, uint32_t *cp);
/* Appends the run of units from i (< end) that decode to themselves (an
 * 8-bit unit below 0x80, a UTF-16 unit that is no surrogate) and are
 * neither a nor b; returns the index after the run (i when there is
 * none, or when memory ran out: p->stop). */
size_t rt_put_plain(rt_parser *p, rt_units *b, size_t i, size_t end, uint16_t a, uint16_t bb);
/* The code point of a Windows-1252 byte. */
uint32_t rt_cp1252(uint8_t b);
/* Makes room for n more units or bytes; false (p->stop, nomem) when
 * memory ran out. */
bool rt_units_grow(rt_parser *p, rt_units *b, size_t n);
bool rt_bytes_grow(rt_parser *p, rt_bytes *b, size_t n);

static inline bool
rt_units_reserve(rt_parser *p, rt_units *b, size_t n)
{
	return n <= b->cap - b->len || rt_units_grow(p, b, n);
}

static inline bool
rt_bytes_reserve(rt_parser *p, rt_bytes *b, size_t n)
{
	return n <= b->cap - b->len || rt_bytes_grow(p, b, n);
}

/* Appends a character to a unit buffer (a surrogate pair above U+FFFF). */
static inline bool
rt_units_put(rt_parser *p, rt_units *b, uint32_t cp)
{
	if (!rt_units_reserve(p, b, 2))
		return false;
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		b->p[b->len++] = (uint16_t)(0xD800 + (cp >> 10));
		b->p[b->len++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
	} else {
		b->p[b->len++] = (uint16_t)cp;
	}
	return true;
}

static inline bool
rt_bytes_put(rt_parser *p, rt_bytes *b, const void *src, size_t n)
{
	if (!rt_bytes_reserve(p, b, n))
		return false;
	if (n)
		memcpy(b->p + b->len, src, n);
	b->len += n;
	return true;
}

/* Appends units as UTF-16LE bytes. */
static inline bool
rt_bytes_put_units(rt_parser *p, rt_bytes *b, const uint16_t *u, size_t n)
{
	size_t k;
	if (n > SIZE_MAX / 2 || !rt_bytes_reserve(p, b, 2 * n))
		return false;
	for (k = 0; k < n; k++) {
		b->p[b->len++] = (uint8_t)u[k];
		b->p[b->len++] = (uint8_t)(u[k] >> 8);
	}
	return true;
}
/* True when units [i, i+n) equal the ASCII string s exactly. */
bool rt_match(const rt_text *t, size_t i, size_t end, const char *s);
/* A finding at unit i of line. */
void rt_report(rt_parser *p, cs_code code, const rt_line *line, size_t i, const char *fmt, ...)
    CS_PRINTF(5, 6);

/* ---- hexlist.c ------------------------------------------------------------- */

/* Parses the data of a hex: or hex(N): value starting at unit i of line
 * (just after "hex"); may consume continuation lines.  On success stores
 * the registry type and bytes in p->data and returns true. */
bool rt_parse_hex(rt_parser *p, rt_line *line, size_t i, uint32_t *type);

#endif /* COMSCAN_REGTEXT_REGTEXT_H */
