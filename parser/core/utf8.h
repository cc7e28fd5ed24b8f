/*
 * utf8.h - strict UTF-8 decoding over a cursor (RFC 3629: no overlong
 * forms, no UTF-16 surrogates, nothing above U+10FFFF).
 */
#ifndef COMSCAN_CORE_UTF8_H
#define COMSCAN_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"

/* Printable ASCII (0x20-0x7E) without '"' and '\\', and the whole of it:
 * accept sets for strspn, which skips such runs in one library pass
 * (messages, names and paths written out are mostly plain). */
#define CS_PRINTABLE_NO_QUOTES                                                 \
	" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`"      \
	"abcdefghijklmnopqrstuvwxyz{|}~"
#define CS_PRINTABLE_ASCII CS_PRINTABLE_NO_QUOTES "\"\\"

/* Length (1-4) of the well-formed UTF-8 sequence starting at window
 * offset off of c, or 0 when the bytes there do not form one. */
static inline size_t
cs_utf8_seq_at(const cs_cursor *c, size_t off)
{
	uint8_t b0, b;
	size_t n, i;
	uint32_t cp, min;
	if (!cs_cur_u8_at(c, off, &b0))
		return 0;
	if (b0 < 0x80)
		return 1;
	if (b0 >= 0xC2 && b0 <= 0xDF)
		n = 2, cp = b0 & 0x1Fu, min = 0x80;
	else if (b0 >= 0xE0 && b0 <= 0xEF)
		n = 3, cp = b0 & 0x0Fu, min = 0x800;
	else if (b0 >= 0xF0 && b0 <= 0xF4)
		n = 4, cp = b0 & 0x07u, min = 0x10000;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if (!cs_cur_u8_at(c, off + i, &b) || (b & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (b & 0x3Fu);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* True when [off, off + len) of c is entirely well-formed UTF-8. */
static inline bool
cs_utf8_valid_range(const cs_cursor *c, size_t off, size_t len)
{
	size_t end, n;
	if (!cs_cur_has(c, off, len))
		return false;
	end = off + len;
	while (off < end) {
		n = cs_utf8_seq_at(c, off);
		if (n == 0 || n > end - off)
			return false;
		off += n;
	}
	return true;
}

#endif /* COMSCAN_CORE_UTF8_H */
