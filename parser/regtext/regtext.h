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
	size_t next_cr, next_lf; /* 8-bit: cached positions of the next CR/LF */
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
	uint8_t b = 0;
	uint16_t u = 0;
	if (t->width == 1) {
		(void)cs_cur_u8_at(&t->file, t->start + i, &b);
		return b;
	}
	(void)cs_cur_u16_at(&t->file, t->start + 2 * i, &u);
	return u;
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

static inline int
rt_hex_digit(uint16_t u)
{
	if (u >= '0' && u <= '9')
		return u - '0';
	if (u >= 'a' && u <= 'f')
		return u - 'a' + 10;
	if (u >= 'A' && u <= 'F')
		return u - 'A' + 10;
	return -1;
}

/* Reads the next line from p->pos; false at the end of the text. */
bool rt_next_line(rt_parser *p, rt_line *line);
/* Decodes the character at unit index *i (< end) of line into *cp and
 * advances *i past it, reporting encoding problems at line. */
void rt_decode_char(rt_parser *p, const rt_line *line, size_t *i, size_t end, uint32_t *cp);
/* The code point of a Windows-1252 byte. */
uint32_t rt_cp1252(uint8_t b);
/* Appends a character to a unit buffer (a surrogate pair above U+FFFF). */
bool rt_units_put(rt_parser *p, rt_units *b, uint32_t cp);
bool rt_bytes_put(rt_parser *p, rt_bytes *b, const void *src, size_t n);
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
