/*
 * detect.c - kind detection by content.
 *
 * Order of the rules (first match wins):
 *   0 bytes                                   -> empty
 *   "BSJB" or "COM+" at 0, or a 1-3 byte
 *   prefix of "BSJB" (a truncated catalog)    -> clb
 *   "MZ" at 0                                 -> pe
 *   "regf" (a hive) or "hbin" (a hive
 *   fragment) at 0                            -> regf
 *   a .reg header (below)                     -> reg
 *   text (below)                              -> text
 *   anything else                             -> unknown
 *
 * Text: every character is printable or one of TAB, LF, VT, FF, CR and
 * SUB (0x1A, the DOS end-of-file mark).  Bytes from 0x80 up count as
 * printable, since Notepad writes the ANSI code page.  A UTF-16LE BOM
 * (FF FE) switches to 16-bit units, which must also pair their surrogates.
 *
 * A .reg header: after an optional BOM (UTF-16LE, UTF-16BE or UTF-8),
 * blanks and empty lines, a line starts with "REGEDIT" or "Windows
 * Registry Editor", compared without regard to case; UTF-16 without a BOM
 * counts too.  (Windows rejects a header that is not on the first line,
 * regtext.md 1.2; such a file is still a damaged .reg, not a text file.)  The comparison is loose on purpose: the .reg parser then says
 * exactly what Windows would make of a header that is not exact.
 */
#include "scan/detect.h"

static bool
allowed_control(uint32_t ch)
{
	return ch == 0x09 || ch == 0x0A || ch == 0x0B || ch == 0x0C || ch == 0x0D || ch == 0x1A;
}

static bool
text_char(uint32_t ch)
{
	if (ch < 0x20)
		return allowed_control(ch);
	return ch != 0x7F;
}

/* 8-bit text (ANSI or UTF-8) from window offset off on. */
static bool
is_text8(const cs_cursor *c, size_t off)
{
	uint8_t b;
	for (; cs_cur_u8_at(c, off, &b); off++)
		if (!text_char(b))
			return false;
	return true;
}

/* UTF-16LE text after a BOM: printable units, surrogates paired. */
static bool
is_text16(const cs_cursor *c)
{
	size_t off = 2;
	uint16_t u, lo;
	if (c->size % 2 != 0)
		return false;
	for (; cs_cur_u16_at(c, off, &u); off += 2) {
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (!cs_cur_u16_at(c, off + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
				return false;
			off += 2;
		} else if ((u >= 0xDC00 && u <= 0xDFFF) || !text_char(u)) {
			return false;
		}
	}
	return true;
}

/* True when the text at byte off, in units of width bytes (big-endian
 * when be), starts with blanks and line ends and then one of the .reg
 * header words. */
static bool
reg_header_at(const cs_cursor *c, size_t off, unsigned width, bool be)
{
	static const char *const words[] = { "regedit", "windows registry editor" };
	size_t w, k, i = off;
	for (;;) {
		uint16_t u = 0;
		uint8_t a = 0, b = 0;
		if (!cs_cur_u8_at(c, i, &a) || (width == 2 && !cs_cur_u8_at(c, i + 1, &b)))
			return false;
		u = width == 1 ? a : be ? (uint16_t)(a << 8 | b) : (uint16_t)(b << 8 | a);
		if (u != ' ' && u != '\t' && u != '\r' && u != '\n')
			break;
		i += width;
	}
	for (w = 0; w < sizeof words / sizeof words[0]; w++) {
		for (k = 0; words[w][k]; k++) {
			uint8_t a = 0, b = 0;
			uint16_t u;
			size_t at = i + k * width;
			if (!cs_cur_u8_at(c, at, &a) || (width == 2 && !cs_cur_u8_at(c, at + 1, &b)))
				break;
			u = width == 1 ? a : be ? (uint16_t)(a << 8 | b) : (uint16_t)(b << 8 | a);
			if (u >= 'A' && u <= 'Z')
				u = (uint16_t)(u + 32);
			if (u != (uint8_t)words[w][k])
				break;
		}
		if (words[w][k] == '\0')
			return true;
	}
	return false;
}

/* True when c holds a .reg file (see above). */
static bool
is_reg(const cs_cursor *c)
{
	if (cs_cur_equals_at(c, 0, "\xFF\xFE", 2))
		return reg_header_at(c, 2, 2, false);
	if (cs_cur_equals_at(c, 0, "\xFE\xFF", 2))
		return reg_header_at(c, 2, 2, true);
	if (cs_cur_equals_at(c, 0, "\xEF\xBB\xBF", 3))
		return reg_header_at(c, 3, 1, false);
	return reg_header_at(c, 0, 1, false) || reg_header_at(c, 0, 2, false);
}

bool
cs_detect_clb_signature(const cs_cursor *c)
{
	static const uint8_t bsjb[4] = { 'B', 'S', 'J', 'B' };
	if (cs_cur_equals_at(c, 0, "BSJB", 4) || cs_cur_equals_at(c, 0, "COM+", 4))
		return true;
	return c->size > 0 && c->size < 4 && cs_cur_equals_at(c, 0, bsjb, c->size);
}

bool
cs_detect_mz(const cs_cursor *c)
{
	return cs_cur_equals_at(c, 0, "MZ", 2);
}

comscan_kind
cs_detect(const cs_cursor *c)
{
	if (c->size == 0)
		return COMSCAN_KIND_EMPTY;
	if (cs_detect_clb_signature(c))
		return COMSCAN_KIND_CLB;
	if (cs_detect_mz(c))
		return COMSCAN_KIND_PE;
	/* a hive, or a fragment of one that starts at a hive bin (regf.md 1.2, 1.4) */
	if (cs_cur_equals_at(c, 0, "regf", 4) || cs_cur_equals_at(c, 0, "hbin", 4))
		return COMSCAN_KIND_REGF;
	if (is_reg(c))
		return COMSCAN_KIND_REG;
	if (cs_cur_equals_at(c, 0, "\xFF\xFE", 2))
		return is_text16(c) ? COMSCAN_KIND_TEXT : COMSCAN_KIND_UNKNOWN;
	return is_text8(c, 0) ? COMSCAN_KIND_TEXT : COMSCAN_KIND_UNKNOWN;
}

comscan_kind
comscan_detect_kind(const void *data, size_t size)
{
	cs_cursor c;
	if (data == NULL && size > 0)
		return COMSCAN_KIND_UNKNOWN;
	cs_cur_init(&c, data, size);
	return cs_detect(&c);
}
