/*
 * test_regtext_units.c - the .reg reader's word-at-a-time paths
 * (core/cursor.h cs_units_*, regtext rt_put_plain, the "hh," item runs of
 * hexlist.c) against the plain grammar of regtext.md section 1:
 *   - UTF-16 units whose low or high byte is a syntax character (U+015C has
 *     low byte '\', U+0122 '"', U+010A LF, U+010D CR, U+0100 NUL, U+2C00 a
 *     high ','...) are ordinary characters in key names, value names, string
 *     data and Windows 3.1 lines, at every position around an 8-unit word;
 *   - in UTF-16 files a NUL unit, CR LF, LF and a lone CR at every position
 *     around an 8-unit word end a line (the fused CR/LF/NUL scan);
 *   - 8-bit bytes from 0x80 up at every position are Windows-1252 text;
 *   - escapes at every position of a quoted string;
 *   - hex item runs of 0 to 140 items (across the 8-item groups and the
 *     64-item chunks) followed by every kind of item or error.
 * Expected trees and findings follow from section 1 alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "support/regtext_build.h"
#include "support/tbuf.h"

#define R4 "REGEDIT4\r\n"
#define R5 "Windows Registry Editor Version 5.00\r\n"
#define HKCU "HKEY_CURRENT_USER"
#define F(code, line, col) { "regtext." code, line, col }
#define EXP(...) ((const rtb_exp[]){ __VA_ARGS__, { NULL, 0, 0 } })
#define NONE ((const rtb_exp[]){ { NULL, 0, 0 } })

/* Appends code point cp (BMP, no surrogate) as UTF-8. */
static void
put_cp(tbuf *s, uint32_t cp)
{
	char b[3];
	if (cp < 0x80) {
		b[0] = (char)cp;
		tbuf_put(s, b, 1);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6), b[1] = (char)(0x80 | (cp & 0x3F));
		tbuf_put(s, b, 2);
	} else {
		b[0] = (char)(0xE0 | cp >> 12), b[1] = (char)(0x80 | (cp >> 6 & 0x3F)),
		b[2] = (char)(0x80 | (cp & 0x3F));
		tbuf_put(s, b, 3);
	}
}

static void
put_n(tbuf *s, char c, size_t n)
{
	while (n--)
		tbuf_put(s, &c, 1);
}

/* Appends the UTF-16LE hex of n copies of c, then cp, then tail (ASCII). */
static void
put_units_hex(tbuf *s, char c, size_t n, uint32_t cp, const char *tail)
{
	size_t k;
	for (k = 0; k < n; k++)
		tbuf_printf(s, "%02x00", (unsigned)(uint8_t)c);
	tbuf_printf(s, "%02x%02x", (unsigned)(cp & 0xFF), (unsigned)(cp >> 8));
	for (; *tail; tail++)
		tbuf_printf(s, "%02x00", (unsigned)(uint8_t)*tail);
}

/* ---- UTF-16 units that contain syntax bytes ------------------------------------------ */

static const uint32_t confusable[] = {
	0x0100, /* low byte NUL          */
	0x010A, /* low byte LF           */
	0x010D, /* low byte CR           */
	0x0122, /* low byte "            */
	0x015C, /* low byte \            */
	0x015D, /* low byte ]            */
	0x013B, /* low byte ;            */
	0x0A0D, /* CR LF bytes swapped   */
	0x0D0A, /* LF CR bytes swapped   */
	0x2C00, /* high byte ,           */
	0x5C22, /* high \, low "         */
	0x0141, /* low byte A (hex digit) */
	0xFF3D, /* fullwidth ]           */
};

/* 1.1, 1.5-1.7.1, 1.11: a UTF-16 unit is one character whatever its bytes;
 * at every position from 0 to 17 in a key name, a value name and string
 * data (and a Windows 3.1 key and value) it is stored as that unit */
static void
test_utf16_confusable_units(void **state)
{
	size_t c, p;
	(void)state;
	for (c = 0; c < sizeof confusable / sizeof confusable[0]; c++) {
		for (p = 0; p <= 17; p++) {
			uint32_t cp = confusable[c];
			tbuf text = TBUF_INIT, key = TBUF_INIT, name = TBUF_INIT;
			tbuf dump = TBUF_INIT, w31 = TBUF_INIT, wdump = TBUF_INIT;
			rtb_bytes u;
			char what[64];
			/* key component k..k<cp>c, value name n a..a<cp>z, data b..b<cp>y */
			put_n(&key, 'k', p), put_cp(&key, cp), tbuf_puts(&key, "c");
			tbuf_puts(&name, "n"), put_n(&name, 'a', p), put_cp(&name, cp), tbuf_puts(&name, "z");
			tbuf_puts(&text, R5 "[" HKCU "\\");
			tbuf_put(&text, key.p, key.n);
			tbuf_puts(&text, "]\r\n\"");
			tbuf_put(&text, name.p, name.n);
			tbuf_puts(&text, "\"=\"");
			put_n(&text, 'b', p), put_cp(&text, cp), tbuf_puts(&text, "y\"\r\n");
			tbuf_puts(&dump, "K " HKCU "\nK " HKCU "\\");
			tbuf_put(&dump, key.p, key.n);
			tbuf_puts(&dump, "\nV " HKCU "\\");
			tbuf_put(&dump, key.p, key.n);
			tbuf_puts(&dump, "|");
			tbuf_put(&dump, name.p, name.n);
			tbuf_puts(&dump, "|1|");
			put_units_hex(&dump, 'b', p, cp, "y");
			tbuf_puts(&dump, "0000\n");
			snprintf(what, sizeof what, "U+%04X at %zu", (unsigned)cp, p);
			u = rtb_utf16(text.p, text.n, false, true);
			rtb_run_modes(what, u.p, u.n, NONE, dump.p, dump.p);
			rtb_free(&u);
			/* Windows 3.1: HKEY_CLASSES_ROOT\key = value */
			tbuf_puts(&w31, "REGEDIT\r\nHKEY_CLASSES_ROOT\\");
			tbuf_put(&w31, key.p, key.n);
			tbuf_puts(&w31, " = ");
			put_n(&w31, 'b', p), put_cp(&w31, cp), tbuf_puts(&w31, "y\r\n");
			tbuf_puts(&wdump, "K HKEY_CLASSES_ROOT\nK HKEY_CLASSES_ROOT\\");
			tbuf_put(&wdump, key.p, key.n);
			tbuf_puts(&wdump, "\nV HKEY_CLASSES_ROOT\\");
			tbuf_put(&wdump, key.p, key.n);
			tbuf_puts(&wdump, "||1|");
			put_units_hex(&wdump, 'b', p, cp, "y");
			tbuf_puts(&wdump, "0000\n");
			u = rtb_utf16(w31.p, w31.n, false, true);
			rtb_run_modes(what, u.p, u.n, EXP(F("header.win31", 1, 1)), wdump.p, wdump.p);
			rtb_free(&u);
			free(text.p), free(key.p), free(name.p), free(dump.p), free(w31.p), free(wdump.p);
		}
	}
}

/* 1.1: in a UTF-16 file a NUL unit ends what is read of a line, and CR LF,
 * LF and a lone CR end the line, at every position from 0 to 17 (line ends
 * at every position around an 8-unit word follow): the value before the
 * NUL is kept, the junk after it (a quote and '=' included) is not read,
 * and the next two lines are values */
static void
test_utf16_line_ends_everywhere(void **state)
{
	static const char *const ends[] = { "\r\n", "\n", "\r" };
	size_t e, p;
	(void)state;
	for (e = 0; e < sizeof ends / sizeof ends[0]; e++) {
		for (p = 0; p <= 17; p++) {
			tbuf text = TBUF_INIT, dump = TBUF_INIT;
			rtb_bytes u;
			char what[64];
			tbuf_puts(&text, R5 "[" HKCU "\\k]\r\n\"v\"=\"");
			put_n(&text, 'b', p);
			tbuf_puts(&text, "\"");
			tbuf_put(&text, "\0", 1);
			tbuf_puts(&text, "junk\"=\"");
			tbuf_puts(&text, ends[e]);
			tbuf_puts(&text, "\"w\"=\"x\"");
			tbuf_puts(&text, ends[e]);
			tbuf_puts(&text, "\"y\"=\"z\"");
			tbuf_puts(&text, ends[e]);
			tbuf_puts(&dump, "K " HKCU "\nK " HKCU "\\k\nV " HKCU "\\k|v|1|\"");
			put_n(&dump, 'b', p);
			tbuf_puts(&dump, "\"\nV " HKCU "\\k|w|1|\"x\"\nV " HKCU "\\k|y|1|\"z\"\n");
			snprintf(what, sizeof what, "NUL at %zu, line end %zu", p, e);
			u = rtb_utf16(text.p, text.n, false, true);
			rtb_run_modes(what, u.p, u.n, EXP(F("line.nul", 3, 7 + (int)p)), dump.p, dump.p);
			rtb_free(&u);
			free(text.p), free(dump.p);
		}
	}
}

/* 1.7.3: a UTF-16 unit whose low byte is a hex digit or a comma is neither */
static void
test_utf16_confusable_hex(void **state)
{
	static const uint32_t bad[] = { 0x0141, 0x0130, 0x012C, 0x2C2C, 0x3030 };
	size_t c, n;
	(void)state;
	for (c = 0; c < sizeof bad / sizeof bad[0]; c++) {
		for (n = 0; n <= 20; n++) {
			tbuf text = TBUF_INIT;
			rtb_bytes u;
			char what[64];
			size_t k;
			tbuf_puts(&text, R5 "[" HKCU "\\a]\r\n\"h\"=hex:");
			for (k = 0; k < n; k++)
				tbuf_printf(&text, "%02x,", (unsigned)k);
			tbuf_puts(&text, "4"), put_cp(&text, bad[c]), tbuf_puts(&text, ",00\r\n");
			snprintf(what, sizeof what, "U+%04X after %zu items", (unsigned)bad[c], n);
			u = rtb_utf16(text.p, text.n, false, true);
			rtb_run_modes(what, u.p, u.n, EXP(F("hex.bad-item", 3, (uint32_t)(10 + 3 * n))),
			    "K " HKCU "\nK " HKCU "\\a\n", "K " HKCU "\nK " HKCU "\\a\n");
			rtb_free(&u);
			free(text.p);
		}
	}
}

/* ---- 8-bit bytes from 0x80 up --------------------------------------------------------- */

/* 1.1: a byte from 0x80 up at every position from 0 to 17 of a key name, a
 * value name and string data is one Windows-1252 character (one note per
 * file, at the first such byte) */
static void
test_ansi_bytes_everywhere(void **state)
{
	static const struct {
		uint8_t b;
		uint16_t u;
	} bytes[] = { { 0x80, 0x20AC }, { 0x9C, 0x0153 }, { 0xA0, 0x00A0 }, { 0xDC, 0x00DC }, { 0xFF, 0x00FF } };
	size_t c, p;
	(void)state;
	for (c = 0; c < sizeof bytes / sizeof bytes[0]; c++) {
		for (p = 0; p <= 17; p++) {
			tbuf text = TBUF_INIT, dump = TBUF_INIT, key = TBUF_INIT;
			tbuf name = TBUF_INIT;
			char what[64];
			char b = (char)bytes[c].b;
			put_n(&key, 'k', p), put_cp(&key, bytes[c].u), tbuf_puts(&key, "c");
			tbuf_puts(&name, "n"), put_n(&name, 'a', p), put_cp(&name, bytes[c].u), tbuf_puts(&name, "z");
			tbuf_puts(&text, R4 "[" HKCU "\\");
			put_n(&text, 'k', p), tbuf_put(&text, &b, 1), tbuf_puts(&text, "c]\r\n\"n");
			put_n(&text, 'a', p), tbuf_put(&text, &b, 1), tbuf_puts(&text, "z\"=\"");
			put_n(&text, 'b', p), tbuf_put(&text, &b, 1), tbuf_puts(&text, "y\"\r\n");
			tbuf_puts(&dump, "K " HKCU "\nK " HKCU "\\");
			tbuf_put(&dump, key.p, key.n);
			tbuf_puts(&dump, "\nV " HKCU "\\");
			tbuf_put(&dump, key.p, key.n);
			tbuf_puts(&dump, "|");
			tbuf_put(&dump, name.p, name.n);
			tbuf_puts(&dump, "|1|");
			put_units_hex(&dump, 'b', p, bytes[c].u, "y");
			tbuf_puts(&dump, "0000\n");
			snprintf(what, sizeof what, "byte %02X at %zu", bytes[c].b, p);
			rtb_run_modes(what, text.p, text.n, EXP(F("encoding.ansi", 2, (uint32_t)(20 + p))), dump.p,
			    dump.p);
			free(text.p), free(dump.p), free(key.p), free(name.p);
		}
	}
}

/* ---- escapes at every position -------------------------------------------------------- */

/* 1.7.1: \\ and \" at every position from 0 to 20 of a quoted name and
 * string, and an unknown escape \q (the q is kept) */
static void
test_escapes_everywhere(void **state)
{
	static const struct {
		const char *esc;
		char c;
		bool warn;
	} escs[] = { { "\\\\", '\\', false }, { "\\\"", '"', false }, { "\\q", 'q', true } };
	size_t e, p;
	(void)state;
	for (e = 0; e < 3; e++) {
		for (p = 0; p <= 20; p++) {
			tbuf text = TBUF_INIT, dump = TBUF_INIT;
			char what[64];
			rtb_bytes u;
			tbuf_puts(&text, R4 "[" HKCU "\\a]\r\n\"");
			put_n(&text, 'n', p), tbuf_puts(&text, escs[e].esc), tbuf_puts(&text, "m\"=\"");
			put_n(&text, 'd', p), tbuf_puts(&text, escs[e].esc), tbuf_puts(&text, "e\"\r\n");
			tbuf_puts(&dump, "K " HKCU "\nK " HKCU "\\a\nV " HKCU "\\a|");
			put_n(&dump, 'n', p), tbuf_put(&dump, &escs[e].c, 1), tbuf_puts(&dump, "m|1|\"");
			put_n(&dump, 'd', p), tbuf_put(&dump, &escs[e].c, 1), tbuf_puts(&dump, "e\"\n");
			snprintf(what, sizeof what, "%s at %zu", escs[e].esc, p);
			if (escs[e].warn) {
				rtb_run_modes(what, text.p, text.n,
				    EXP(F("string.unknown-escape", 3, (uint32_t)(2 + p)),
					F("string.unknown-escape", 3, (uint32_t)(2 + p + 4 + 1 + p + 1))),
				    dump.p, dump.p);
			} else {
				rtb_run_modes(what, text.p, text.n, NONE, dump.p, dump.p);
			}
			u = rtb_utf16(text.p, text.n, false, true);
			if (escs[e].warn)
				rtb_run_modes(what, u.p, u.n,
				    EXP(F("string.unknown-escape", 3, (uint32_t)(2 + p)),
					F("string.unknown-escape", 3, (uint32_t)(2 + p + 4 + 1 + p + 1))),
				    dump.p, dump.p);
			else
				rtb_run_modes(what, u.p, u.n, NONE, dump.p, dump.p);
			rtb_free(&u);
			free(text.p), free(dump.p);
		}
	}
}

/* ---- hex item runs ---------------------------------------------------------------------- */

/* What follows N good "hh," items on the line, and what it gives. */
typedef struct tail_case {
	const char *tail;  /* text after the N items                             */
	const char *extra; /* bytes (hex) added after the N items, or NULL: dropped */
	const char *code;  /* the finding at the tail's first character, or NULL  */
	size_t col_off;    /* its column offset from the tail's start             */
} tail_case;

/* 1.7.3: runs of 0 to 140 good items followed by a final item, a single
 * digit, upper case, a comment, a continuation, or a bad item, empty item,
 * three digits, blank, # or other character: same result as item by item */
static void
test_hex_runs(void **state)
{
	static const tail_case tails[] = {
		{ "", "", NULL, 0 },
		{ "7f", "7f", NULL, 0 },
		{ "4,5", "0405", NULL, 0 },
		{ "AB,cD", "abcd", NULL, 0 },
		{ "ff ;c", "ff", NULL, 0 },
		{ ";c", "", NULL, 0 },
		{ "\\\r\n  ee", "ee", NULL, 0 },
		{ "zz", NULL, "regtext.hex.bad-item", 0 },
		{ "41,zz", NULL, "regtext.hex.bad-item", 3 },
		{ ",", NULL, "regtext.hex.bad-item", 0 },
		{ "123,", NULL, "regtext.hex.bad-item", 0 },
		{ "12 ,", NULL, "regtext.hex.bad-item", 2 },
		{ "12#", NULL, "regtext.hex.bad-item", 2 },
		{ "1g,", NULL, "regtext.hex.bad-item", 1 },
		{ "12\\", NULL, "regtext.hex.bad-continuation", 2 },
		{ "12,\x01", NULL, "regtext.hex.bad-item", 3 },
	};
	size_t n, t;
	int enc;
	(void)state;
	for (n = 0; n <= 140; n++) {
		for (t = 0; t < sizeof tails / sizeof tails[0]; t++) {
			tbuf text = TBUF_INIT, dump = TBUF_INIT;
			char what[64];
			size_t k;
			tbuf_puts(&text, R4 "[" HKCU "\\a]\r\n\"h\"=hex:");
			tbuf_puts(&dump, "K " HKCU "\nK " HKCU "\\a\n");
			if (tails[t].extra) {
				tbuf_puts(&dump, "V " HKCU "\\a|h|3|");
				for (k = 0; k < n; k++)
					tbuf_printf(&dump, "%02x", (unsigned)((k * 37 + 11) & 0xFF));
				tbuf_puts(&dump, tails[t].extra);
				tbuf_puts(&dump, "\n");
			}
			for (k = 0; k < n; k++)
				tbuf_printf(&text, k % 3 ? "%02x," : "%02X,", (unsigned)((k * 37 + 11) & 0xFF));
			tbuf_puts(&text, tails[t].tail);
			tbuf_puts(&text, "\r\n");
			snprintf(what, sizeof what, "%zu items + \"%s\"", n, tails[t].tail);
			for (enc = 0; enc < 2; enc++) {
				rtb_bytes u = enc ? rtb_utf16(text.p, text.n, false, true) : rtb_copy(text.p, text.n);
				if (tails[t].code) {
					rtb_exp exp[2] = { { tails[t].code, 3, (uint32_t)(9 + 3 * n + tails[t].col_off) },
						{ NULL, 0, 0 } };
					rtb_run(what, u.p, u.n, 0, NULL, exp, dump.p);
				} else {
					rtb_run(what, u.p, u.n, 0, NULL, NONE, dump.p);
				}
				rtb_free(&u);
			}
			free(text.p), free(dump.p);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf16_confusable_units),
		cmocka_unit_test(test_utf16_confusable_hex),
		cmocka_unit_test(test_utf16_line_ends_everywhere),
		cmocka_unit_test(test_ansi_bytes_everywhere),
		cmocka_unit_test(test_escapes_everywhere),
		cmocka_unit_test(test_hex_runs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
