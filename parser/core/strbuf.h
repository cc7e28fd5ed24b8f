/*
 * strbuf.h - a growable NUL-terminated byte string, and UTF-16 -> UTF-8
 * conversion for registry names and strings.
 *
 * Modes of cs_sb_put_u16:
 *   CS_U16_PLAIN    UTF-8; an unpaired surrogate becomes U+FFFD (public API
 *                   strings: always valid UTF-8).
 *   CS_U16_ESCAPED  UTF-8 with \\ \t \n \r, \xNN for other control
 *                   characters, \uXXXX for unpaired surrogates (TSV fields:
 *                   lossless and one line; see docs/tsv.md).
 *   CS_U16_PATH     as CS_U16_ESCAPED, but a backslash stays single: it
 *                   separates key names (a hive's key name may hold one,
 *                   regf.nk.name-backslash, and then reads as two; the
 *                   escapes make paths for reading, docs/tsv.md).
 */
#ifndef COMSCAN_CORE_STRBUF_H
#define COMSCAN_CORE_STRBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"

typedef struct cs_strbuf {
	char *p;
	size_t len, cap;
	const comscan_allocator *alloc;
	bool nomem; /* an append failed; the string is incomplete */
} cs_strbuf;

enum { CS_U16_PLAIN, CS_U16_ESCAPED, CS_U16_PATH };

/* Writes into esc the escape of the UTF-16 unit u in mode (ESCAPED or
 * PATH, docs/tsv.md: a surrogate, a control character, a backslash in
 * ESCAPED mode) and returns true, or returns false when u needs none.
 * A caller checks for a surrogate pair first: each half would be escaped. */
bool cs_u16_escape(uint32_t u, int mode, char esc[8]);

void cs_sb_init(cs_strbuf *b, const comscan_allocator *a);
void cs_sb_free(cs_strbuf *b);
/* Empties the string (keeps the memory). */
void cs_sb_clear(cs_strbuf *b);
/* Appends n bytes of s; with s NULL, appends n bytes the caller then
 * writes at b->p + (b->len - n).  False on nomem. */
bool cs_sb_put(cs_strbuf *b, const char *s, size_t n);
bool cs_sb_puts(cs_strbuf *b, const char *s);
bool cs_sb_put_u16(cs_strbuf *b, const uint16_t *u, size_t n, int mode);
/* The string so far ("" when empty or after nomem). */
const char *cs_sb_str(const cs_strbuf *b);

#endif /* COMSCAN_CORE_STRBUF_H */
