/*
 * test_regtext.c - the .reg grammar of /work/shared/reference/regtext.md
 * section 1 (and 2 for hex string encodings), rule by rule, in both modes.
 *
 * Every case asserts the exact list of findings (code, class, severity in
 * strict mode and the catalogue's compat severity with
 * COMSCAN_FLAG_REG_COMPAT, line, column), the verdict, and the exact tree
 * (every key, value, type and data byte, via comscan_registry_walk).  Each
 * case also runs through comscan_scan_buffer, which must report the same
 * findings.  ASCII cases run twice more as UTF-16LE with a BOM, where
 * lines and columns are the same.
 *
 * The last test asserts that every regtext.* code of the catalogue was
 * observed by an earlier test of this binary (cmocka runs them in order).
 * Crash shapes, huge inputs, round trips, allocation failures and the
 * word-at-a-time reading paths live in test_regtext_{hex,big,roundtrip,
 * oom,units}.c; the helpers in support/regtext_build.c.
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

/* ---- shorthand --------------------------------------------------------------- */

#define R4 "REGEDIT4\r\n"
#define R5 "Windows Registry Editor Version 5.00\r\n"
#define HKCU "HKEY_CURRENT_USER"
#define KEYA "[HKEY_CURRENT_USER\\a]\r\n" /* line 2 of most inputs */
#define PA HKCU "\\a"
/* expected tree lines (see rtb_dump) */
#define K(p) "K " p "\n"
#define V(p, n, t, d) "V " p "|" n "|" #t "|" d "\n"
#define SZ(s) "\"" s "\""
#define TA K(HKCU) K(PA) /* the keys HKEY_CURRENT_USER and its subkey a */
/* expected findings */
#define F(code, line, col) { "regtext." code, line, col }
#define EXP(...) ((const rtb_exp[]){ __VA_ARGS__, { NULL, 0, 0 } })
#define NONE ((const rtb_exp[]){ { NULL, 0, 0 } })
/* run an 8-bit literal: ALL also as UTF-16LE; BOTH 8-bit only; both modes */
#define ALL(what, text, exp, dump) rtb_run_all(what, text, sizeof(text) - 1, exp, dump, dump)
#define BOTH(what, text, exp, dump) rtb_run_modes(what, text, sizeof(text) - 1, exp, dump, dump)
#define STRICT(what, text, exp, dump) rtb_run(what, text, sizeof(text) - 1, 0, NULL, exp, dump)
#define COMPAT(what, text, exp, dump) \
	rtb_run(what, text, sizeof(text) - 1, COMSCAN_FLAG_REG_COMPAT, NULL, exp, dump)

/* A heap string of n copies of c. */
static char *
repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* printf into a heap string. */
static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *
fmt(const char *f, ...)
{
	va_list ap;
	int n;
	char *s;
	va_start(ap, f);
	n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	assert_true(n >= 0);
	s = malloc((size_t)n + 1);
	assert_non_null(s);
	va_start(ap, f);
	vsnprintf(s, (size_t)n + 1, f, ap);
	va_end(ap);
	return s;
}

/* rtb_run_all on a heap string. */
static void
all_str(const char *what, const char *text, const rtb_exp *exp, const char *dump)
{
	rtb_run_all(what, text, strlen(text), exp, dump, dump);
}

/* text as UTF-16LE with a BOM in out (so a failing check leaks nothing);
 * returns the byte count. */
static size_t
utf16_into(const char *text, size_t n, uint8_t *out, size_t cap)
{
	rtb_bytes u = rtb_utf16(text, n, false, true);
	size_t len = u.n;
	assert_true(len <= cap);
	memcpy(out, u.p, len);
	rtb_free(&u);
	return len;
}

/* ---- the catalogue ---------------------------------------------------------------- */

/* codes.def: every regtext.* code has the class and strict/compat severities
 * this test file expects, and the test's copy names no code the library lacks */
static void
test_catalogue_matches_spec(void **state)
{
	size_t i, n = 0;
	(void)state;
	for (i = 0; i < comscan_code_count(); i++) {
		const comscan_code_info *c = comscan_code_at(i);
		const rtb_spec *s;
		if (strncmp(c->code, "regtext.", 8) != 0)
			continue;
		n++;
		s = rtb_spec_find(c->code);
		if (c->cls != s->cls || c->severity != s->strict || c->compat_severity != s->compat)
			fail_msg("%s: catalogue %s/%s/%s, test expects %s/%s/%s", c->code,
			    comscan_class_name(c->cls), comscan_severity_name(c->severity),
			    comscan_severity_name(c->compat_severity), comscan_class_name(s->cls),
			    comscan_severity_name(s->strict), comscan_severity_name(s->compat));
	}
	for (i = 0; i < rtb_spec_count(); i++)
		assert_non_null(comscan_code_lookup(rtb_spec_at(i)->code));
	assert_int_equal(n + 1, rtb_spec_count()); /* + core.findings.limit-exceeded */
}

/* ---- 1.2 header ------------------------------------------------------------------- */

/* 1.2: REGEDIT4 and the 5.00 header parse cleanly, leading blanks are skipped
 * and no blank line is needed after the header (RI:169-176, RI:205-221, RI:323-342) */
static void
test_header_exact(void **state)
{
	(void)state;
	ALL("REGEDIT4", R4 KEYA "\"x\"=\"y\"\r\n", NONE, TA V(PA, "x", 1, SZ("y")));
	ALL("5.00", R5 KEYA "\"x\"=\"y\"\r\n", NONE, TA V(PA, "x", 1, SZ("y")));
	ALL("leading blanks", " \t REGEDIT4\r\n" KEYA "\"x\"=\"y\"\r\n", NONE,
	    TA V(PA, "x", 1, SZ("y")));
}

/* 1.2, 1.11: the bare REGEDIT header selects the Windows 3.1 grammar (RI:163-167) */
static void
test_header_win31(void **state)
{
	(void)state;
	ALL("REGEDIT", "REGEDIT\r\nHKEY_CLASSES_ROOT\\a = b\r\n", EXP(F("header.win31", 1, 1)),
	    K("HKEY_CLASSES_ROOT") K("HKEY_CLASSES_ROOT\\a") V("HKEY_CLASSES_ROOT\\a", "", 1, SZ("b")));
}

/* 1.2: the header is case-sensitive and exact; any other first line rejects
 * the whole file (RI:155-161, RI:178-188, RI:229-241, RI:273-299, RI:1810-1812) */
static void
test_header_invalid(void **state)
{
	static const char *const bad[] = {
		"regedit4", "Regedit4", "REGEDIt4", "regedit", "Windows Registry Editor Version 4.00",
		"Windows Registry Editor Version 5", "WINDOWS REGISTRY EDITOR VERSION 5.00",
		"Windows Registry Editor version 5.00", "WINDOWS Registry Editor Version 5.00",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *text = fmt("%s\r\n" KEYA "\"x\"=\"y\"\r\n", bad[i]);
		all_str(bad[i], text, EXP(F("header.invalid", 1, 1)), "");
		free(text);
	}
	ALL("indented", "  regedit4\r\n" KEYA, EXP(F("header.invalid", 1, 3)), "");
}

/* 1.2: a blank line before the header makes the file invalid (RI:178-180,
 * RI:1714-1716, RI:1820-1822) */
static void
test_header_blank_first_line(void **state)
{
	(void)state;
	ALL("CRLF", "\r\nREGEDIT4\r\n" KEYA "\"x\"=\"y\"\r\n", EXP(F("header.invalid", 1, 1)), "");
	ALL("LF", "\nWindows Registry Editor Version 5.00\n" KEYA, EXP(F("header.invalid", 1, 1)), "");
}

/* 1.2: REGEDIT followed by anything but a known version is "fuzzy": nothing is
 * imported (RI:190-203, RI:223-271) */
static void
test_header_fuzzy(void **state)
{
	static const char *const fuzzy[] = {
		"REGEDIT5", "REGEDIT3", "REGEDIT9", "REGEDIT 4", "REGEDIT4 FOO", "REGEDIT4FOO",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof fuzzy / sizeof fuzzy[0]; i++) {
		char *text = fmt("%s\r\n" KEYA "\"x\"=\"y\"\r\n", fuzzy[i]);
		all_str(fuzzy[i], text, EXP(F("header.fuzzy", 1, 1)), "");
		free(text);
	}
}

/* 1.2, Q18: trailing blanks on the header line are a warning, the file is still
 * parsed (sserver.reg has "REGEDIT " and trailing blanks on every line) */
static void
test_header_trailing_blank(void **state)
{
	(void)state;
	ALL("REGEDIT4", "REGEDIT4  \r\n" KEYA "\"x\"=\"y\"\r\n",
	    EXP(F("header.trailing-blank", 1, 9)), TA V(PA, "x", 1, SZ("y")));
	ALL("tab", "REGEDIT4\t\r\n" KEYA "\"x\"=\"y\"\r\n", EXP(F("header.trailing-blank", 1, 9)),
	    TA V(PA, "x", 1, SZ("y")));
	ALL("5.00", "Windows Registry Editor Version 5.00 \r\n" KEYA "\"x\"=\"y\"\r\n",
	    EXP(F("header.trailing-blank", 1, 37)), TA V(PA, "x", 1, SZ("y")));
	ALL("sserver.reg", "REGEDIT \nHKEY_CLASSES_ROOT\\CLSID\\{5e9ddec7} = Simple Object Server \n",
	    EXP(F("header.win31", 1, 1), F("header.trailing-blank", 1, 8)),
	    K("HKEY_CLASSES_ROOT") K("HKEY_CLASSES_ROOT\\CLSID")
	    K("HKEY_CLASSES_ROOT\\CLSID\\{5e9ddec7}")
	    V("HKEY_CLASSES_ROOT\\CLSID\\{5e9ddec7}", "", 1, SZ("Simple Object Server ")));
}

/* 1.2: a header with no newline and nothing else is a healthy empty file
 * (RI:163-164, RI:1702-1706, RI:1804-1805) */
static void
test_header_only(void **state)
{
	(void)state;
	ALL("REGEDIT4", "REGEDIT4", NONE, "");
	ALL("REGEDIT4 CRLF", "REGEDIT4\r\n", NONE, "");
	ALL("5.00", "Windows Registry Editor Version 5.00", NONE, "");
	ALL("REGEDIT", "REGEDIT", EXP(F("header.win31", 1, 1)), "");
}

/* ---- 1.1 encodings ---------------------------------------------------------------- */

/* 1.1: UTF-16LE with a BOM, either header; names and data keep every unit,
 * surrogate pairs included (RI:1696-1790) */
static void
test_enc_utf16(void **state)
{
	static const char text[] = R4 "[HKEY_CURRENT_USER\\caf\xC3\xA9]\r\n"
	    "\"n\xC3\xA9\"=\"\xE2\x82\xAC\xF0\x9F\x98\x80\"\r\n";
	rtb_bytes u = rtb_utf16(text, sizeof text - 1, false, true);
	(void)state;
	rtb_run_modes("UTF-16 names", u.p, u.n, NONE,
	    K(HKCU) K(HKCU "\\caf\xC3\xA9") V(HKCU "\\caf\xC3\xA9", "n\xC3\xA9", 1, "ac203dd800de0000"),
	    K(HKCU) K(HKCU "\\caf\xC3\xA9") V(HKCU "\\caf\xC3\xA9", "n\xC3\xA9", 1, "ac203dd800de0000"));
	rtb_free(&u);
}

/* 1.1: UTF-16 without a BOM is rejected (RI:1688-1694, RI:1792-1798) */
static void
test_enc_utf16_no_bom(void **state)
{
	static const char t4[] = R4 KEYA "\"x\"=\"y\"\r\n", t5[] = R5 KEYA "\"x\"=\"y\"\r\n";
	rtb_bytes u4 = rtb_utf16(t4, sizeof t4 - 1, false, false);
	rtb_bytes u5 = rtb_utf16(t5, sizeof t5 - 1, false, false);
	(void)state;
	rtb_run_modes("REGEDIT4", u4.p, u4.n, EXP(F("encoding.utf16-no-bom", 1, 1)), "", "");
	rtb_run_modes("5.00", u5.p, u5.n, EXP(F("encoding.utf16-no-bom", 1, 1)), "", "");
	rtb_free(&u4);
	rtb_free(&u5);
}

/* 1.1: big-endian UTF-16 (FE FF) is read as 8-bit by Windows and rejected */
static void
test_enc_utf16_be(void **state)
{
	static const char t[] = R5 KEYA "\"x\"=\"y\"\r\n";
	rtb_bytes u = rtb_utf16(t, sizeof t - 1, true, true);
	(void)state;
	rtb_run_modes("UTF-16BE", u.p, u.n, EXP(F("encoding.utf16-be", 1, 1)), "", "");
	rtb_free(&u);
}

/* 1.1: a UTF-8 BOM is a note and the text is decoded as UTF-8 */
static void
test_enc_utf8_bom(void **state)
{
	(void)state;
	BOTH("UTF-8", "\xEF\xBB\xBF" R4 "[HKEY_CURRENT_USER\\caf\xC3\xA9]\r\n\"n\xC3\xA9\"=\"\xE2\x82\xAC\"\r\n",
	    EXP(F("encoding.utf8-bom", 1, 1)),
	    K(HKCU) K(HKCU "\\caf\xC3\xA9") V(HKCU "\\caf\xC3\xA9", "n\xC3\xA9", 1, "ac200000"));
	/* invalid UTF-8 after the BOM: each bad byte is an error, kept as Windows-1252 */
	BOTH("bad UTF-8", "\xEF\xBB\xBF" R4 KEYA "\"x\"=\"\xE9t\xE9\"\r\n",
	    EXP(F("encoding.utf8-bom", 1, 1), F("encoding.bad-utf8", 3, 6), F("encoding.bad-utf8", 3, 8)),
	    TA V(PA, "x", 1, "e9007400e9000000"));
}

/* 1.1: 8-bit non-ASCII is decoded as Windows-1252 (undefined bytes as C1
 * controls) with one note per file, at the first such byte */
static void
test_enc_ansi(void **state)
{
	(void)state;
	BOTH("REGEDIT4", R4 "[HKEY_CURRENT_USER\\caf\xE9]\r\n\"\x80\"=\"\xE9\x9F\x81\"\r\n",
	    EXP(F("encoding.ansi", 2, 23)),
	    K(HKCU) K(HKCU "\\caf\xC3\xA9")
	    V(HKCU "\\caf\xC3\xA9", "\xE2\x82\xAC", 1, "e900780181000000"));
	BOTH("5.00", R5 KEYA "\"x\"=\"\xFF\"\r\n", EXP(F("encoding.ansi", 3, 6)),
	    TA V(PA, "x", 1, "ff000000"));
}

/* 1.1: a UTF-16 file with an odd byte count drops the last byte (RP:1014) */
static void
test_enc_odd_byte(void **state)
{
	static const char t[] = R4 KEYA "\"x\"=\"y\"";
	rtb_bytes u = rtb_utf16(t, sizeof t - 1, false, true);
	comscan_registry *reg;
	const comscan_finding *f;
	(void)state;
	rtb_append(&u, "\x22", 1);
	rtb_run_modes("odd", u.p, u.n, EXP(F("encoding.odd-byte", 0, 0)),
	    TA V(PA, "x", 1, SZ("y")), TA V(PA, "x", 1, SZ("y")));
	reg = rtb_open(u.p, u.n, 0, NULL);
	f = comscan_findings_at(comscan_registry_findings(reg), 0);
	assert_int_equal(f->offset, u.n - 1);
	comscan_registry_close(reg);
	rtb_free(&u);
}

/* 1.1: an unpaired surrogate in a key, name or string is kept as it is and
 * reported; the walk shows U+FFFD, the TSV \uXXXX (docs/tsv.md) */
static void
test_enc_unpaired_surrogate(void **state)
{
	static const char t[] = R4 "[HKEY_CURRENT_USER\\s\xED\xAF\xBF]\r\n"
	    "\"a\xED\xA0\x80\"=\"b\xED\xB0\x80\"\r\n";
	rtb_bytes u = rtb_utf16(t, sizeof t - 1, false, true);
	comscan_registry *reg;
	char *tsv;
	(void)state;
	rtb_run_modes("surrogates", u.p, u.n,
	    EXP(F("encoding.unpaired-surrogate", 2, 21), F("encoding.unpaired-surrogate", 3, 3),
		F("encoding.unpaired-surrogate", 3, 8)),
	    K(HKCU) K(HKCU "\\s\xEF\xBF\xBD") V(HKCU "\\s\xEF\xBF\xBD", "a\xEF\xBF\xBD", 1, "620000dc0000"),
	    K(HKCU) K(HKCU "\\s\xEF\xBF\xBD") V(HKCU "\\s\xEF\xBF\xBD", "a\xEF\xBF\xBD", 1, "620000dc0000"));
	reg = rtb_open(u.p, u.n, 0, NULL);
	tsv = rtb_write_tsv(reg);
	assert_string_equal(tsv, "K\tHKEY_CURRENT_USER\nK\tHKEY_CURRENT_USER\\s\\uDBFF\n"
				 "V\tHKEY_CURRENT_USER\\s\\uDBFF\ta\\uD800\tREG_SZ\t6\n");
	free(tsv);
	comscan_registry_close(reg);
	rtb_free(&u);
}

/* ---- 1.1 line ends, EOF, NUL ---------------------------------------------------------- */

#define EOL_BODY(e) "[HKEY_CURRENT_USER\\a]" e "\"x\"=\"y\"" e "garbage" e "\"z\"=dword:1" e
#define EOL_TREE TA V(PA, "x", 1, SZ("y")) V(PA, "z", 4, "01000000")

/* 1.1: LF, CR LF and a lone CR each end a line (RE:294-312, RP:948-971) */
static void
test_eol_kinds(void **state)
{
	(void)state;
	ALL("CRLF", "REGEDIT4\r\n" EOL_BODY("\r\n"), EXP(F("line.unrecognized", 4, 1)), EOL_TREE);
	ALL("LF", "REGEDIT4\n" EOL_BODY("\n"), EXP(F("line.unrecognized", 4, 1)), EOL_TREE);
	ALL("CR", "REGEDIT4\r" EOL_BODY("\r"), EXP(F("line.unrecognized", 4, 1)), EOL_TREE);
	ALL("mixed", "REGEDIT4\n[HKEY_CURRENT_USER\\a]\r\n\"x\"=\"y\"\rgarbage\n\"z\"=dword:1\r\n",
	    EXP(F("line.unrecognized", 4, 1)), EOL_TREE);
	ALL("RE:304", "REGEDIT4\r\r[HKEY_CURRENT_USER\\a]\r\"TestValue4\"=\"DValue\"\r", NONE,
	    TA V(PA, "TestValue4", 1, SZ("DValue")));
}

/* 1.1: CR CR LF is a lone CR then CR LF: an extra empty line */
static void
test_eol_cr_cr_lf(void **state)
{
	(void)state;
	ALL("CRCRLF", "REGEDIT4\r\r\n[HKEY_CURRENT_USER\\a]\r\r\ngarbage\r\r\n\"x\"=\"y\"",
	    EXP(F("line.unrecognized", 5, 1)), TA V(PA, "x", 1, SZ("y")));
}

/* 1.1: the last line needs no terminator (RI:375-396) */
static void
test_eol_missing_final_newline(void **state)
{
	(void)state;
	ALL("string", R4 KEYA "\"Wine5\"=\"No newline\"", NONE, TA V(PA, "Wine5", 1, SZ("No newline")));
	ALL("after blank", R4 KEYA "\"Wine6\"=dword:00000050\r\n\r\n\"Wine7\"=\"No newline\"", NONE,
	    TA V(PA, "Wine6", 4, "50000000") V(PA, "Wine7", 1, SZ("No newline")));
	ALL("hex", R4 KEYA "\"h\"=hex:01,02", NONE, TA V(PA, "h", 3, "0102"));
	ALL("key", R4 "[HKEY_CURRENT_USER\\a]", NONE, TA);
}

/* 1.1, Q5: a line holding the DOS EOF mark 0x1A is ignored (AppMem.Reg) */
static void
test_eol_ctrl_z(void **state)
{
	(void)state;
	ALL("at end", R4 KEYA "\"x\"=\"y\"\r\n\x1A", EXP(F("line.eof-marker", 4, 1)),
	    TA V(PA, "x", 1, SZ("y")));
	ALL("mid file", R4 KEYA "\x1A\r\n  \x1A\r\n\"z\"=\"w\"\r\n",
	    EXP(F("line.eof-marker", 3, 1), F("line.eof-marker", 4, 3)), TA V(PA, "z", 1, SZ("w")));
}

/* 1.1: a NUL ends what is read of its line (RP:948-968, RP:1003-1021) */
static void
test_line_nul(void **state)
{
	(void)state;
	ALL("after value", R4 KEYA "\"x\"=\"y\"\0junk\r\n\"z\"=\"w\"\r\n", EXP(F("line.nul", 3, 8)),
	    TA V(PA, "x", 1, SZ("y")) V(PA, "z", 1, SZ("w")));
	ALL("in string", R4 KEYA "\"x\"=\"ab\0cd\"\r\n",
	    EXP(F("line.nul", 3, 8), F("string.unterminated", 3, 5)), TA);
	ALL("in key", R4 "[HKEY_CURRENT_USER\\b\0]\r\n",
	    EXP(F("line.nul", 2, 21), F("key.unterminated", 2, 20)), "");
	ALL("line start", R4 KEYA "\0\"x\"=\"y\"\r\n", EXP(F("line.nul", 3, 1)), TA);
	ALL("header", "REGEDIT4\0junk\r\n" KEYA, EXP(F("line.nul", 1, 9)), TA);
	ALL("win31", "REGEDIT\r\nHKEY_CLASSES_ROOT\\a = b\0c\r\n",
	    EXP(F("header.win31", 1, 1), F("line.nul", 2, 24)),
	    K("HKEY_CLASSES_ROOT") K("HKEY_CLASSES_ROOT\\a") V("HKEY_CLASSES_ROOT\\a", "", 1, SZ("b")));
}

/* 1.1, 1.7.3: a NUL in a hex continuation line ends that line too, as for
 * any other line: reported as line.nul, the bytes before it kept */
static void
test_line_nul_in_continuation(void **state)
{
	(void)state;
	ALL("continuation", R4 KEYA "\"a\"=hex:41,\\\r\n  42\0junk\r\n",
	    EXP(F("line.nul", 4, 5)), TA V(PA, "a", 3, "4142"));
}

/* ---- 1.3, 1.4 line classes and comments ------------------------------------------- */

/* 1.3, 1.4: # lines are ignored (reported), ; lines are silent, both may be
 * indented; # after data drops the value, ; keeps it (RI:437-453) */
static void
test_line_comments(void **state)
{
	(void)state;
	ALL("RI:437", R4 KEYA "#\"Comment1\"=\"Value 1\"\r\n;\"Comment2\"=\"Value 2\"\r\n"
			     "    #\"Comment3\"=\"Value 3\"\r\n    ;\"Comment4\"=\"Value 4\"\r\n"
			     "\"Wine19\"=\"Value 7\";\"Comment6\"=\"Value 6\"\r\n\t; tab\r\n",
	    EXP(F("line.hash-comment", 3, 1), F("line.hash-comment", 5, 5)),
	    TA V(PA, "Wine19", 1, SZ("Value 7")));
}

/* 1.4: a comment line ending in a backslash does not continue (RI:398-406) */
static void
test_line_comment_backslash(void **state)
{
	(void)state;
	ALL("RI:398", R4 KEYA "#comment\\\r\n\"Wine8\"=\"Line 1\"\r\n;comment\\\r\n\"Wine9\"=\"Line 2\"\r\n",
	    EXP(F("line.hash-comment", 3, 1)),
	    TA V(PA, "Wine8", 1, SZ("Line 1")) V(PA, "Wine9", 1, SZ("Line 2")));
}

/* 1.3: any other first character makes the line garbage, ignored by Windows
 * (RI:927-930, unquoted names of RI:683-706) */
static void
test_line_garbage(void **state)
{
	(void)state;
	ALL("garbage", R4 KEYA "foo\r\n  bar\r\n-\r\n=x\r\n]\r\nNameNoQuotes=\"Asdffdsa\"\r\n"
			      "NameNoBeginQuote\"=\"Asdffdsa\"\r\n\"x\"=\"y\"\r\n",
	    EXP(F("line.unrecognized", 3, 1), F("line.unrecognized", 4, 3), F("line.unrecognized", 5, 1),
		F("line.unrecognized", 6, 1), F("line.unrecognized", 7, 1), F("line.unrecognized", 8, 1),
		F("line.unrecognized", 9, 1)),
	    TA V(PA, "x", 1, SZ("y")));
}

/* 1.4: blank lines, even between the values of one key, keep the key open
 * (RI:344-354) */
static void
test_line_blank_keeps_key(void **state)
{
	(void)state;
	ALL("blank", R4 KEYA "\"x\"=\"1\"\r\n\r\n   \r\n\t\r\n\"y\"=\"2\"\r\n", NONE,
	    TA V(PA, "x", 1, SZ("1")) V(PA, "y", 1, SZ("2")));
}

/* 1.4: ; and # inside quotes are data (RI:455-477) */
static void
test_line_comment_chars_in_quotes(void **state)
{
	(void)state;
	ALL("quotes", R4 KEYA "\"Wine22\"=\"#comment1\"\r\n\"Wine23\"=\";comment2\"\r\n"
			     "\"Wine26\"=\"Value #comment5\"\r\n\"b;#\"=\"1\"\r\n",
	    NONE,
	    TA V(PA, "Wine22", 1, SZ("#comment1")) V(PA, "Wine23", 1, SZ(";comment2"))
		V(PA, "Wine26", 1, SZ("Value #comment5")) V(PA, "b;#", 1, SZ("1")));
}

/* ---- 1.5 key lines ---------------------------------------------------------------- */

/* 1.5, Q10: the LAST ] on the line closes the key name; text after it is
 * ignored (RP:648) */
static void
test_key_last_bracket(void **state)
{
	(void)state;
	ALL("last ]", R4 "[HKEY_CURRENT_USER\\x] junk\r\n\"v\"=\"1\"\r\n[HKEY_CURRENT_USER\\a] ;x]\r\n"
		      "\"w\"=\"2\"\r\n[HKEY_CURRENT_USER\\b]]\r\n[HKEY_CURRENT_USER\\c];x\r\n",
	    EXP(F("key.trailing-text", 2, 23), F("key.trailing-text", 7, 22)),
	    K(HKCU) K(HKCU "\\x") V(HKCU "\\x", "v", 1, SZ("1")) K(HKCU "\\a] ;x")
		V(HKCU "\\a] ;x", "w", 1, SZ("2")) K(HKCU "\\b]") K(HKCU "\\c"));
}

/* 1.5, 1.8: a key line without ] is ignored and the previous key stays open
 * (RI:932-935, RP:648-663); a line without [ is garbage (RI:927-930) */
static void
test_key_unterminated(void **state)
{
	(void)state;
	ALL("no ]", R4 KEYA "\"x\"=\"1\"\r\n[HKEY_CURRENT_USER\\b\r\n\"y\"=\"2\"\r\nHKEY_CURRENT_USER\\c]\r\n"
			    "\"z\"=\"3\"\r\n",
	    EXP(F("key.unterminated", 4, 20), F("line.unrecognized", 6, 1)),
	    TA V(PA, "x", 1, SZ("1")) V(PA, "y", 1, SZ("2")) V(PA, "z", 1, SZ("3")));
}

/* 1.5: a blank after [ or [- makes Windows ignore the key line; values keep
 * going to the previous key, and deletions do not happen (RI:937-945, RI:1003-1021) */
static void
test_key_blank_after_bracket(void **state)
{
	(void)state;
	ALL("blank", R4 KEYA "[ HKEY_CURRENT_USER\\b]\r\n\"x\"=\"1\"\r\n[\tHKEY_CURRENT_USER\\b]\r\n"
			     "[- HKEY_CURRENT_USER\\a]\r\n[-\tHKEY_CURRENT_USER\\a]\r\n[ -HKEY_CURRENT_USER\\a]\r\n"
			     "[\t-HKEY_CURRENT_USER\\a]\r\n\"y\"=\"2\"\r\n",
	    EXP(F("key.blank-after-bracket", 3, 2), F("key.blank-after-bracket", 5, 2),
		F("key.blank-after-bracket", 6, 3), F("key.blank-after-bracket", 7, 3),
		F("key.blank-after-bracket", 8, 2), F("key.blank-after-bracket", 9, 2)),
	    TA V(PA, "x", 1, SZ("1")) V(PA, "y", 1, SZ("2")));
}

/* 1.5: blanks before ] belong to the last component (RI:947-957) */
static void
test_key_blank_before_bracket(void **state)
{
	(void)state;
	ALL("Subkey1c ", R4 "[HKEY_CURRENT_USER\\Subkey1c ]\r\n\"x\"=\"1\"\r\n", NONE,
	    K(HKCU) K(HKCU "\\Subkey1c ") V(HKCU "\\Subkey1c ", "x", 1, SZ("1")));
	ALL("root + blank", R4 "[HKEY_CURRENT_USER ]\r\n\"x\"=\"1\"\r\n",
	    EXP(F("key.bad-root", 2, 2), F("value.no-key", 3, 1)), "");
}

/* 1.5, Q9: trailing and doubled backslashes are tolerated (RI:959-993) */
static void
test_key_backslashes(void **state)
{
	(void)state;
	ALL("backslashes", R4 "[HKEY_CURRENT_USER\\e\\]\r\n\"1\"=\"e\"\r\n[HKEY_CURRENT_USER\\f\\\\]\r\n"
			      "\"2\"=\"f\"\r\n[HKEY_CURRENT_USER\\g\\\\\\\\]\r\n\"3\"=\"g\"\r\n"
			      "[HKEY_CURRENT_USER\\h\\\\i]\r\n\"4\"=\"h\"\r\n[HKEY_CURRENT_USER\\]\r\n"
			      "\"5\"=\"root\"\r\n[HKEY_CURRENT_USER\\\\j]\r\n",
	    EXP(F("key.empty-component", 2, 22), F("key.empty-component", 4, 22),
		F("key.empty-component", 6, 22), F("key.empty-component", 8, 22),
		F("key.empty-component", 10, 20), F("key.empty-component", 12, 20)),
	    K(HKCU) V(HKCU, "5", 1, SZ("root")) K(HKCU "\\e") V(HKCU "\\e", "1", 1, SZ("e"))
		K(HKCU "\\f") V(HKCU "\\f", "2", 1, SZ("f")) K(HKCU "\\g") V(HKCU "\\g", "3", 1, SZ("g"))
		K(HKCU "\\h") K(HKCU "\\h\\i") V(HKCU "\\h\\i", "4", 1, SZ("h")) K(HKCU "\\j"));
}

/* 1.5: root names are case-insensitive, for creation and deletion
 * (RI:1030-1043) */
static void
test_key_root_case(void **state)
{
	(void)state;
	ALL("case", R4 "[hkey_CURRENT_user\\a]\r\n\"x\"=\"1\"\r\n[HKey_Local_Machine\\b]\r\n"
		    "[hkey_classes_root]\r\n[Hkey_Users\\u]\r\n[HKEY_current_config\\c]\r\n"
		    "[HKEY_CURRENT_USER\\d]\r\n[-hKeY_cUrReNt_UsEr\\d]\r\n",
	    NONE,
	    TA V(PA, "x", 1, SZ("1")) K("HKEY_LOCAL_MACHINE") K("HKEY_LOCAL_MACHINE\\b")
		K("HKEY_CLASSES_ROOT") K("HKEY_USERS") K("HKEY_USERS\\u") K("HKEY_CURRENT_CONFIG")
		K("HKEY_CURRENT_CONFIG\\c"));
}

/* 1.5, 1.8: an unknown root closes the current key: values up to the next
 * key line are dropped (RI:1059-1065, RE:3166-3171) */
static void
test_key_bad_root(void **state)
{
	(void)state;
	ALL("bad root", R4 KEYA "\"x\"=\"1\"\r\n[HKEY_CURRENT_USERS\\b]\r\n\"y\"=\"2\"\r\n@=\"3\"\r\n" KEYA
				"\"z\"=\"4\"\r\n[HKEY_PERFORMANCE_DATA\\x]\r\n[]\r\n[\\x]\r\n[SOFTWARE\\x]\r\n"
				"[HKEY_CURRENT_USER ]\r\n[HKLMX\\a]\r\n\"w\"=\"5\"\r\n",
	    EXP(F("key.bad-root", 4, 2), F("value.no-key", 5, 1), F("value.no-key", 6, 1),
		F("key.bad-root", 9, 2), F("key.bad-root", 10, 2), F("key.bad-root", 11, 2),
		F("key.bad-root", 12, 2), F("key.bad-root", 13, 2), F("key.bad-root", 14, 2),
		F("value.no-key", 15, 1)),
	    TA V(PA, "x", 1, SZ("1")) V(PA, "z", 1, SZ("4")));
}

/* 1.5: HKLM, HKCU, HKCR, HKU, HKCC and HKEY_DYN_DATA are refused in strict
 * mode (regedit) and accepted in compat mode (reg.exe, Wine reg import) */
static void
test_key_abbreviated_roots(void **state)
{
	static const char text[] = R4 "[HKLM\\s]\r\n\"a\"=\"1\"\r\n[HKCU\\s]\r\n\"b\"=\"2\"\r\n[HKCR\\s]\r\n"
				      "\"c\"=\"3\"\r\n[HKU\\s]\r\n\"d\"=\"4\"\r\n[HKCC\\s]\r\n\"e\"=\"5\"\r\n"
				      "[HKEY_DYN_DATA\\s]\r\n\"f\"=\"6\"\r\n[hklm\\t]\r\n\"g\"=\"7\"\r\n"
				      "[-HkCu\\s]\r\n";
	rtb_bytes u = rtb_utf16(text, sizeof text - 1, false, true);
	const rtb_exp *strict = EXP(F("key.abbreviated-root", 2, 2), F("value.no-key", 3, 1),
	    F("key.abbreviated-root", 4, 2), F("value.no-key", 5, 1), F("key.abbreviated-root", 6, 2),
	    F("value.no-key", 7, 1), F("key.abbreviated-root", 8, 2), F("value.no-key", 9, 1),
	    F("key.abbreviated-root", 10, 2), F("value.no-key", 11, 1), F("key.abbreviated-root", 12, 2),
	    F("value.no-key", 13, 1), F("key.abbreviated-root", 14, 2), F("value.no-key", 15, 1),
	    F("key.abbreviated-root", 16, 3));
	const rtb_exp *compat = EXP(F("key.abbreviated-root", 2, 2), F("key.abbreviated-root", 4, 2),
	    F("key.abbreviated-root", 6, 2), F("key.abbreviated-root", 8, 2),
	    F("key.abbreviated-root", 10, 2), F("key.abbreviated-root", 12, 2),
	    F("key.abbreviated-root", 14, 2), F("key.abbreviated-root", 16, 3));
	const char *tree = K("HKEY_LOCAL_MACHINE") K("HKEY_LOCAL_MACHINE\\s")
	    V("HKEY_LOCAL_MACHINE\\s", "a", 1, SZ("1")) K("HKEY_LOCAL_MACHINE\\t")
	    V("HKEY_LOCAL_MACHINE\\t", "g", 1, SZ("7")) K(HKCU) K("HKEY_CLASSES_ROOT")
	    K("HKEY_CLASSES_ROOT\\s") V("HKEY_CLASSES_ROOT\\s", "c", 1, SZ("3")) K("HKEY_USERS")
	    K("HKEY_USERS\\s") V("HKEY_USERS\\s", "d", 1, SZ("4")) K("HKEY_CURRENT_CONFIG")
	    K("HKEY_CURRENT_CONFIG\\s") V("HKEY_CURRENT_CONFIG\\s", "e", 1, SZ("5")) K("HKEY_DYN_DATA")
	    K("HKEY_DYN_DATA\\s") V("HKEY_DYN_DATA\\s", "f", 1, SZ("6"));
	(void)state;
	STRICT("abbreviated", text, strict, "");
	COMPAT("abbreviated", text, compat, tree);
	rtb_run("abbreviated UTF-16", u.p, u.n, 0, NULL, strict, "");
	rtb_run("abbreviated UTF-16", u.p, u.n, COMSCAN_FLAG_REG_COMPAT, NULL, compat, tree);
	rtb_free(&u);
}

/* 1.5: a key name component holds at most 255 characters (not bytes); a
 * longer one drops the key and its values */
static void
test_key_name_length(void **state)
{
	char *k255 = repeat('k', 255), *k256 = repeat('k', 256), *text, *tree;
	char e255[255 * 2 + 1] = "", e256[256 * 2 + 1] = "";
	size_t i;
	(void)state;
	text = fmt(R4 "[HKEY_CURRENT_USER\\%s]\r\n\"x\"=\"1\"\r\n[HKEY_CURRENT_USER\\a\\%s\\b]\r\n"
		      "\"y\"=\"2\"\r\n",
	    k255, k256);
	tree = fmt(K(HKCU) K(HKCU "\\%s") V(HKCU "\\%s", "x", 1, SZ("1")), k255, k255);
	all_str("255/256", text,
	    EXP(F("key.name-too-long", 4, 22), F("value.no-key", 5, 1)), tree);
	free(text);
	free(tree);
	/* UTF-8: 255 two-byte characters are 255 characters */
	for (i = 0; i < 255; i++)
		memcpy(e255 + 2 * i, "\xC3\xA9", 2), memcpy(e256 + 2 * i, "\xC3\xA9", 2);
	memcpy(e256 + 2 * 255, "\xC3\xA9", 2);
	text = fmt("\xEF\xBB\xBF" R4 "[HKEY_CURRENT_USER\\%s]\r\n[HKEY_CURRENT_USER\\%s]\r\n", e255, e256);
	tree = fmt(K(HKCU) K(HKCU "\\%s"), e255);
	rtb_run_modes("UTF-8 255", text, strlen(text),
	    EXP(F("encoding.utf8-bom", 1, 1), F("key.name-too-long", 3, 20)), tree, tree);
	free(text);
	free(tree);
	free(k255);
	free(k256);
}

/* limits.max_key_depth: a key deeper than the limit (the walk's depth, 1 for
 * a root key) is not imported, nor are its values */
static void
test_key_depth_limit(void **state)
{
	static const char text[] = R4 "[HKEY_CURRENT_USER\\a\\b]\r\n\"x\"=\"1\"\r\n"
				      "[HKEY_CURRENT_USER\\a\\b\\c]\r\n\"y\"=\"2\"\r\n"
				      "[HKEY_CURRENT_USER\\a\\b\\c\\d]\r\n\"z\"=\"3\"\r\n";
	const rtb_exp *exp = EXP(F("key.too-deep", 4, 24), F("value.no-key", 5, 1),
	    F("key.too-deep", 6, 24), F("value.no-key", 7, 1));
	comscan_options o;
	(void)state;
	comscan_options_init(&o);
	o.limits.max_key_depth = 3;
	rtb_run("depth 3", text, sizeof text - 1, 0, &o.limits, exp,
	    TA K(PA "\\b") V(PA "\\b", "x", 1, SZ("1")));
	rtb_run("depth 3", text, sizeof text - 1, COMSCAN_FLAG_REG_COMPAT, &o.limits, exp,
	    TA K(PA "\\b") V(PA "\\b", "x", 1, SZ("1")));
}

/* limits.max_key_depth default 512: a key 512 deep is imported, 513 is not */
static void
test_key_depth_default(void **state)
{
	static char text[4096];
	comscan_registry *reg;
	size_t i, n;
	(void)state;
	n = (size_t)snprintf(text, sizeof text, R4 "[HKEY_CURRENT_USER");
	for (i = 0; i < 511; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "\\a");
	n += (size_t)snprintf(text + n, sizeof text - n, "]\r\n[HKEY_LOCAL_MACHINE");
	for (i = 0; i < 512; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "\\a");
	n += (size_t)snprintf(text + n, sizeof text - n, "]\r\n");
	assert_true(n < sizeof text);
	reg = rtb_open(text, n, 0, NULL);
	i = comscan_registry_key_count(reg);
	comscan_registry_close(reg);
	assert_int_equal(i, 512);
	rtb_run_modes("512/513", text, n, EXP(F("key.too-deep", 3, 21 + 2 * 511)), NULL, NULL);
}

/* 1.5: [-key] deletes the subtree, silently succeeds when the key is absent,
 * and closes the current key (RP:1104, RI:1051-1057) */
static void
test_key_delete(void **state)
{
	(void)state;
	ALL("delete", R4 "[HKEY_CURRENT_USER\\a\\b\\c]\r\n\"x\"=\"1\"\r\n[HKEY_CURRENT_USER\\a\\d]\r\n"
		      "\"y\"=\"2\"\r\n[HKEY_CURRENT_USER\\e]\r\n[-HKEY_CURRENT_USER\\a\\b]\r\n\"z\"=\"3\"\r\n"
		      "[-HKEY_CURRENT_USER\\nope\\x]\r\n[-HKEY_LOCAL_MACHINE\\x]\r\n"
		      "[HKEY_CURRENT_USER\\a\\b]\r\n\"w\"=\"4\"\r\n",
	    EXP(F("value.no-key", 8, 1)),
	    TA K(PA "\\d") V(PA "\\d", "y", 1, SZ("2")) K(PA "\\b") V(PA "\\b", "w", 1, SZ("4"))
		K(HKCU "\\e"));
}

/* 1.5: the tree builder resolves the components a key line repeats from
 * the line before without a lookup (tree.c); the result is the same as
 * looking each up: a deleted key is not reused by the next line, names
 * differing only in case are one key, a repeated line is the same key,
 * and a line that shares part of the path creates the rest */
static void
test_key_path_reuse(void **state)
{
	(void)state;
	ALL("reuse", R4 "[HKEY_CURRENT_USER\\a\\b\\c]\r\n\"x\"=\"1\"\r\n"
		     "[-HKEY_CURRENT_USER\\a\\b]\r\n"
		     "[HKEY_CURRENT_USER\\a\\b\\c]\r\n\"y\"=\"2\"\r\n"
		     "[HKEY_CURRENT_USER\\A\\B\\d]\r\n\"z\"=\"3\"\r\n"
		     "[HKEY_CURRENT_USER\\A\\B\\d]\r\n\"w\"=\"4\"\r\n"
		     "[HKEY_CURRENT_USER\\a\\e\\f]\r\n"
		     "[HKEY_CURRENT_USER\\a\\b]\r\n\"v\"=\"5\"\r\n",
	    NONE,
	    TA K(PA "\\b") V(PA "\\b", "v", 1, SZ("5")) K(PA "\\b\\c") V(PA "\\b\\c", "y", 1, SZ("2"))
		K(PA "\\b\\d") V(PA "\\b\\d", "z", 1, SZ("3")) V(PA "\\b\\d", "w", 1, SZ("4"))
		K(PA "\\e") K(PA "\\e\\f"));
}

/* 1.5: deleting a root key, or a path naming no key under its root, is
 * refused (Wine regedit aborts; RP:1095-1102); an unknown root is bad-root */
static void
test_key_delete_root(void **state)
{
	(void)state;
	ALL("delete root", R4 KEYA "\"x\"=\"1\"\r\n[-HKEY_CURRENT_USER]\r\n\"y\"=\"2\"\r\n"
				   "[-HKEY_CURRENT_USER\\]\r\n[-HKEY_FOO\\x]\r\n[-]\r\n"
				   "[HKEY_CURRENT_USER\\b]\r\n\"z\"=\"3\"\r\n",
	    EXP(F("key.delete-root", 4, 3), F("value.no-key", 5, 1), F("key.empty-component", 6, 21),
		F("key.delete-root", 6, 3), F("key.bad-root", 7, 3), F("key.bad-root", 8, 3)),
	    TA V(PA, "x", 1, SZ("1")) K(HKCU "\\b") V(HKCU "\\b", "z", 1, SZ("3")));
}

/* ---- 1.6 value names ---------------------------------------------------------------- */

/* 1.6: @ and "" both name the default value; @=- deletes it (RI:633-639, RP:748) */
static void
test_name_default(void **state)
{
	(void)state;
	ALL("default", R4 KEYA "@=\"1\"\r\n\"\"=\"2\"\r\n\"Empty string\"=\"\"\r\n", NONE,
	    TA V(PA, "", 1, SZ("2")) V(PA, "Empty string", 1, SZ("")));
	ALL("delete default", R4 KEYA "@=\"1\"\r\n@=-\r\n\"\"=\"2\"\r\n\"\"=-\r\n", NONE, TA);
}

/* 1.6: \" and \\ in names (RI:736-743, RI:908-913, RI:1662-1670) */
static void
test_name_escapes(void **state)
{
	(void)state;
	ALL("escapes", R4 KEYA "\"double\\\"quote\"=\"1\"\r\n\"Wine\\\\31\"=\"2\"\r\n\"\\\\foo\\\\bar\"=\"3\"\r\n",
	    NONE,
	    TA V(PA, "double\"quote", 1, SZ("1")) V(PA, "Wine\\31", 1, SZ("2"))
		V(PA, "\\foo\\bar", 1, SZ("3")));
	ALL("unknown escape", R4 KEYA "\"a\\qb\"=\"x\"\r\n", EXP(F("string.unknown-escape", 3, 3)),
	    TA V(PA, "aqb", 1, SZ("x")));
}

/* 1.6, Q11, Q12: names may hold =, ;, quotes, @ and keep leading and trailing
 * blanks (RE:324-327, RI:917-923, RI:3319-3327) */
static void
test_name_chars(void **state)
{
	(void)state;
	ALL("chars", R4 KEYA "\"With=Equals\"=\"1\"\r\n\"123/\\\"4;'5\"=\"2\"\r\n\"  Wine6c  \"=\"3\"\r\n"
			     "\"@%SystemRoot%\\\\x.dll,-1#i\"=\"4\"\r\n",
	    NONE,
	    TA V(PA, "With=Equals", 1, SZ("1")) V(PA, "123/\"4;'5", 1, SZ("2"))
		V(PA, "  Wine6c  ", 1, SZ("3")) V(PA, "@%SystemRoot%\\x.dll,-1#i", 1, SZ("4")));
}

/* 1.6, Q16: blanks around = (RI:3307-3364, AppMem.Reg) */
static void
test_name_blanks_around_equals(void **state)
{
	(void)state;
	ALL("blanks", R4 KEYA "@  =  \"Test Value\"\r\n\"Wine5d\"    \t    =    \t    \"More whitespace\"\r\n"
			      "\"Library\" = \"appmem.dll\"\r\n[HKEY_CURRENT_USER\\b]\r\n"
			      "\t@\t=\tdword:\t00000008\t\r\n",
	    NONE,
	    TA V(PA, "", 1, SZ("Test Value")) V(PA, "Wine5d", 1, SZ("More whitespace"))
		V(PA, "Library", 1, SZ("appmem.dll")) K(HKCU "\\b") V(HKCU "\\b", "", 4, "08000000"));
}

/* 1.6: a name missing a quote, @ not followed by =, no =, or \0 in the name:
 * the line is ignored (RI:683-706, RP:714-738) */
static void
test_name_errors(void **state)
{
	(void)state;
	ALL("names", R4 KEYA "\"MissingQuote=1\r\n\"MixedQuotes=Asdffdsa\"\r\n\"NameNoEndQuote=\"Asdffdsa\"\r\n"
			     "@foo=\"x\"\r\n@ foo=\"x\"\r\n\"abc\" \"x\"\r\n\"abc\"\r\n\"a\\0b\"=\"x\"\r\n"
			     "\"ok\"=\"1\"\r\n",
	    EXP(F("value.bad-name", 3, 1), F("value.bad-name", 4, 23), F("value.bad-name", 5, 18),
		F("value.bad-name", 6, 2), F("value.bad-name", 7, 3), F("value.bad-name", 8, 7),
		F("value.bad-name", 9, 6), F("value.bad-name", 10, 3)),
	    TA V(PA, "ok", 1, SZ("1")));
}

/* 1.6: a name cannot continue on the next line (RI:758-768) */
static void
test_name_multiline(void **state)
{
	(void)state;
	ALL("multiline", R4 KEYA "\"Multi\r\nLine\"=\"x\"\r\n",
	    EXP(F("value.bad-name", 3, 1), F("line.unrecognized", 4, 1)), TA);
}

/* 1.6: a value name holds at most 16,383 characters (registry-element-size-limits) */
static void
test_name_length(void **state)
{
	char *n1 = repeat('n', 16383), *n2 = repeat('n', 16384), *text, *tree;
	(void)state;
	text = fmt(R4 KEYA "\"%s\"=\"1\"\r\n\"%s\"=\"2\"\r\n", n1, n2);
	tree = fmt(TA V(PA, "%s", 1, SZ("1")), n1);
	all_str("16383/16384", text, EXP(F("value.name-too-long", 4, 1)), tree);
	free(text);
	free(tree);
	free(n1);
	free(n2);
}

/* ---- 1.7 data: strings ---------------------------------------------------------------- */

/* 1.7.1: \\ \" \n \r escapes; "\\0" is the literal text \0 (RI:1629-1644) */
static void
test_str_escapes(void **state)
{
	(void)state;
	ALL("escapes", R4 KEYA "\"a\"=\"\\\\\"\r\n\"b\"=\"\\\"\"\r\n\"c\"=\"\\n\"\r\n\"d\"=\"\\r\"\r\n"
			       "\"e\"=\"\\\\0\"\r\n\"f\"=\"x\\\\y\\\"z\"\r\n",
	    NONE,
	    TA V(PA, "a", 1, SZ("\\")) V(PA, "b", 1, SZ("\"")) V(PA, "c", 1, "0a000000")
		V(PA, "d", 1, "0d000000") V(PA, "e", 1, SZ("\\0")) V(PA, "f", 1, SZ("x\\y\"z")));
}

/* 1.7.1: \0 rejects the value (RI:1646-1660) */
static void
test_str_nul_escape(void **state)
{
	(void)state;
	ALL("\\0", R4 KEYA "\"a\"=\"x\\0y\"\r\n\"b\"=\"\\0\"\r\n",
	    EXP(F("string.nul-escape", 3, 7), F("string.nul-escape", 4, 6)), TA);
}

/* 1.7.1, Q12: an unknown escape drops the backslash and keeps the character,
 * so kfdef.reg's %windir%\system32 loses its separators (RP:377-381) */
static void
test_str_unknown_escape(void **state)
{
	(void)state;
	ALL("kfdef", R4 KEYA "\"Icon\"=\"%windir%\\system32\\shell32.dll,-267\"\r\n\"t\"=\"a\\tb\"\r\n",
	    EXP(F("string.unknown-escape", 3, 17), F("string.unknown-escape", 3, 26),
		F("string.unknown-escape", 4, 7)),
	    TA V(PA, "Icon", 1, SZ("%windir%system32shell32.dll,-267")) V(PA, "t", 1, SZ("atb")));
}

/* 1.7.1, 1.4: after the closing quote only blanks and a ; comment may follow;
 * anything else, # included, drops the value (RI:408-416, RI:625-631, RI:653-663) */
static void
test_str_trailing_text(void **state)
{
	(void)state;
	ALL("trailing", R4 KEYA "\"Wine37a\"=\"foo\"bar\"\r\n\"Wine37b\"=\"foo\"\"bar\"\r\n"
				"\"Wine10\"=\"Value 1\"#comment\r\n\"Wine39c\"=\"Value3\"  #comment\r\n"
				"\"Wine39d\"=\"Value4\"\t\t#comment\r\n\"Wine11\"=\"Value 2\";comment\r\n"
				"\"Wine39a\"=\"Value1\"  ;comment\r\n\"Wine39b\"=\"Value2\"\t\t;comment\r\n"
				"\"sp\"=\"x\"   \r\n",
	    EXP(F("string.trailing-text", 3, 16), F("string.trailing-text", 4, 16),
		F("string.trailing-text", 5, 19), F("string.trailing-text", 6, 21),
		F("string.trailing-text", 7, 21)),
	    TA V(PA, "Wine11", 1, SZ("Value 2")) V(PA, "Wine39a", 1, SZ("Value1"))
		V(PA, "Wine39b", 1, SZ("Value2")) V(PA, "sp", 1, SZ("x")));
}

/* 1.7.1: no closing quote, or a string continued with a backslash, drops the
 * value (RI:671-675, RI:726-734) */
static void
test_str_unterminated(void **state)
{
	(void)state;
	ALL("unterminated", R4 KEYA "\"TestNoEndQuote\"=\"Asdffdsa\r\n\"b\"=\"Test \\\r\ncontinued\"\r\n"
				    "\"c\"=\"abc\\\"\r\n",
	    EXP(F("string.unterminated", 3, 18), F("string.unterminated", 4, 5),
		F("line.unrecognized", 5, 1), F("string.unterminated", 6, 5)),
	    TA);
}

/* 1.7.1: raw tabs and leading/trailing spaces inside the quotes are kept; ""
 * is REG_SZ of one NUL (RI:3319-3335, RI:633-638) */
static void
test_str_blanks_kept(void **state)
{
	(void)state;
	ALL("blanks", R4 KEYA "\"a\"=\"\t\tTwo\"\r\n\"b\"=\"trail  \"\r\n\"c\"=\"  lead\"\r\n\"e\"=\"\"\r\n",
	    NONE,
	    TA V(PA, "a", 1, "09000900540077006f000000") V(PA, "b", 1, SZ("trail  "))
		V(PA, "c", 1, SZ("  lead")) V(PA, "e", 1, SZ("")));
}

/* 1.7: the data must start with ", dword:, hex:, hex(N): or - (lower case);
 * anything else, or nothing, is ignored (RI:641-681, RP:302-345) */
static void
test_data_unknown_format(void **state)
{
	(void)state;
	ALL("formats", R4 KEYA "\"a\"=\r\n\"b\"=Asdffdsa\r\n\"c\"=Asdffdsa\"\r\n\"d\"=DWORD:1\r\n"
			       "\"e\"=Hex:00\r\n\"f\"=hex (2):00\r\n\"g\"=qword:1\r\n\"h\"=str:\"x\"\r\n"
			       "\"i\"=str(2):\"x\"\r\n\"j\"=hex\r\n\"k\"=  x\r\n\"Wine20\"=#\"Value 8\"\r\n"
			       "\"Wine21\"=;\"Value 9\"\r\n\"Test38b\"=\\\"\r\n\"l\"=   \r\n",
	    EXP(F("value.unknown-format", 3, 5), F("value.unknown-format", 4, 5),
		F("value.unknown-format", 5, 5), F("value.unknown-format", 6, 5),
		F("value.unknown-format", 7, 5), F("value.unknown-format", 8, 5),
		F("value.unknown-format", 9, 5), F("value.unknown-format", 10, 5),
		F("value.unknown-format", 11, 5), F("value.unknown-format", 12, 5),
		F("value.unknown-format", 13, 7), F("value.unknown-format", 14, 10),
		F("value.unknown-format", 15, 10), F("value.unknown-format", 16, 11),
		F("value.unknown-format", 17, 5)),
	    TA);
}

/* ---- 1.7.2 dword ---------------------------------------------------------------- */

/* 1.7.2: 1 to 8 hex digits of either case, blanks after the colon, a ;
 * comment; stored little-endian (RI:570-578, RI:612-621, RI:3345-3352) */
static void
test_dword_ok(void **state)
{
	(void)state;
	ALL("dword", R4 KEYA "\"a\"=dword:1\r\n\"b\"=dword:4444\r\n\"c\"=dword:ABCDEF01\r\n"
			     "\"d\"=dword:abcdef01\r\n\"e\"=dword:  00000008\r\n\"f\"=dword:\t\t00000008\r\n"
			     "\"g\"=dword:1234;5678\r\n\"h\"=dword:1234 ;5678\r\n\"i\"=dword:ffffffff\r\n"
			     "\"j\"=dword:00000000\r\n\"k\"=dword:0000000a \r\n",
	    NONE,
	    TA V(PA, "a", 4, "01000000") V(PA, "b", 4, "44440000") V(PA, "c", 4, "01efcdab")
		V(PA, "d", 4, "01efcdab") V(PA, "e", 4, "08000000") V(PA, "f", 4, "08000000")
		V(PA, "g", 4, "34120000") V(PA, "h", 4, "34120000") V(PA, "i", 4, "ffffffff")
		V(PA, "j", 4, "00000000") V(PA, "k", 4, "0a000000"));
}

/* 1.7.2: empty, 9 digits (even with leading zeros), trailing text, 0x, inner
 * blanks, # comments and continuations drop the value (RI:580-623, RI:726-734) */
static void
test_dword_invalid(void **state)
{
	(void)state;
	ALL("dword", R4 KEYA "\"a\"=dword:\r\n\"b\"=dword:hello\r\n\"c\"=dword:123456789\r\n"
			     "\"d\"=dword:012345678\r\n\"e\"=dword:000000001\r\n\"f\"=dword:12345678abc\r\n"
			     "\"g\"=dword:12345678 abc\r\n\"h\"=dword:0x123\r\n\"i\"=dword:123 456\r\n"
			     "\"j\"=dword:1234#5678\r\n\"k\"=dword:1234 #5678\r\n\"l\"=dword:1234\\\r\n"
			     "\"m\"=dword: 1 2\r\n\"n\"=dword:-1\r\n\"o\"=dword:1234\\\r\n  5678\r\n",
	    EXP(F("dword.invalid", 3, 11), F("dword.invalid", 4, 11), F("dword.invalid", 5, 11),
		F("dword.invalid", 6, 11), F("dword.invalid", 7, 11), F("dword.invalid", 8, 11),
		F("dword.invalid", 9, 11), F("dword.invalid", 10, 11), F("dword.invalid", 11, 11),
		F("dword.invalid", 12, 11), F("dword.invalid", 13, 11), F("dword.invalid", 14, 11),
		F("dword.invalid", 15, 12), F("dword.invalid", 16, 11), F("dword.invalid", 17, 11),
		F("line.unrecognized", 18, 3)),
	    TA);
}

/* ---- 1.7.3, 1.7.4 hex lists ------------------------------------------------------------ */

/* 1.7.4: hex: is REG_BINARY; hex(N): stores type N exactly, 1 to 8 hex
 * digits of either case, up to ffffffff (RI:1101-1128, RE:3684-3697) */
static void
test_hex_types(void **state)
{
	(void)state;
	ALL("types", R4 KEYA "\"b\"=hex:01,02\r\n\"n0\"=hex(0):01,02\r\n\"n3\"=hex(3):01\r\n"
			     "\"n4\"=hex(4):01,02,03,04\r\n\"n5\"=hex(5):01\r\n\"n6\"=hex(6):01\r\n"
			     "\"n8\"=hex(8):01\r\n\"n9\"=hex(9):01\r\n\"na\"=hex(a):01\r\n\"nAU\"=hex(A):01\r\n"
			     "\"nb\"=hex(b):01,02,03,04,05,06,07,08\r\n\"n10\"=hex(10):01\r\n"
			     "\"n100\"=hex(100):01\r\n\"n1000\"=hex(1000):01\r\n\"n7fff\"=hex(7fff):01\r\n"
			     "\"nffff\"=hex(ffff):01\r\n\"n7fffffff\"=hex(7fffffff):01\r\n"
			     "\"nffffffff\"=hex(ffffffff):01\r\n\"n3z\"=hex(00000003):01\r\n",
	    NONE,
	    TA V(PA, "b", 3, "0102") V(PA, "n0", 0, "0102") V(PA, "n3", 3, "01")
		V(PA, "n4", 4, "01020304") V(PA, "n5", 5, "01") V(PA, "n6", 6, "01") V(PA, "n8", 8, "01")
		V(PA, "n9", 9, "01") V(PA, "na", 10, "01") V(PA, "nAU", 10, "01")
		V(PA, "nb", 11, "0102030405060708") V(PA, "n10", 16, "01") V(PA, "n100", 256, "01")
		V(PA, "n1000", 4096, "01") V(PA, "n7fff", 32767, "01") V(PA, "nffff", 65535, "01")
		V(PA, "n7fffffff", 2147483647, "01") V(PA, "nffffffff", 4294967295, "01")
		V(PA, "n3z", 3, "01"));
}

/* 1.7.4: 9 digits, 0x, a sign, blanks, hex() and a missing ): are rejected
 * (RI:1101-1128; ReactOS PR #6063 for the 8-digit limit) */
static void
test_hex_bad_type(void **state)
{
	(void)state;
	ALL("bad type", R4 KEYA "\"a\"=hex(100000000):01\r\n\"b\"=hex(0x2):01\r\n\"c\"=hex(0X2):01\r\n"
				"\"d\"=hex(x2):01\r\n\"e\"=hex():01\r\n\"f\"=hex(000000002):01\r\n"
				"\"g\"=hex( 2):01\r\n\"h\"=hex(+2):01\r\n\"i\"=hex(2)01\r\n\"j\"=hex(2\r\n",
	    EXP(F("hex.bad-type", 3, 9), F("hex.bad-type", 4, 9), F("hex.bad-type", 5, 9),
		F("hex.bad-type", 6, 9), F("hex.bad-type", 7, 9), F("hex.bad-type", 8, 9),
		F("hex.bad-type", 9, 9), F("hex.bad-type", 10, 9), F("hex.bad-type", 11, 9),
		F("hex.bad-type", 12, 9)),
	    TA);
}

/* 1.7.3: an empty list is a zero-length value of that type, with no NUL
 * added for string types (RI:1607-1627, RE:3519-3529) */
static void
test_hex_empty(void **state)
{
#define EMPTY_BODY KEYA "\"a\"=hex:\r\n\"b\"=hex(2):\r\n\"c\"=hex(7):\r\n\"d\"=hex(0):\r\n" \
	"\"e\"=hex(100):\r\n\"f\"=hex(abcd):\r\n\"g\"=hex(4):\r\n\"h\"=hex(1):\r\n"          \
	"\"i\"=hex: ;c\r\n\"j\"=hex:;c\r\n"
#define EMPTY_TREE TA V(PA, "a", 3, "") V(PA, "b", 2, "") V(PA, "c", 7, "") V(PA, "d", 0, "") \
	V(PA, "e", 256, "") V(PA, "f", 43981, "") V(PA, "g", 4, "") V(PA, "h", 1, "")       \
	V(PA, "i", 3, "") V(PA, "j", 3, "")
	(void)state;
	ALL("REGEDIT4", R4 EMPTY_BODY, NONE, EMPTY_TREE);
	ALL("5.00", R5 EMPTY_BODY, NONE, EMPTY_TREE);
}

/* 1.7.3: a trailing comma is fine; without a backslash the list ends at its
 * line, so a following 77,88 line is garbage (rule 8, RI:883-904, RI:1140-1144) */
static void
test_hex_trailing_comma(void **state)
{
	(void)state;
	ALL("trailing comma", R4 KEYA "\"a\"=hex:25,50,\r\n\"b\"=hex(0):25,50,41,54,48,25,00,\r\n"
				      "\"Wine45i\"=hex:11,22,33,44,55,66,\r\n77,88\r\n"
				      "\"m\"=hex(0):4c,69,\\\r\n  63,6f,;comment\r\n  65,6e\r\n",
	    EXP(F("line.unrecognized", 6, 1), F("line.unrecognized", 9, 3)),
	    TA V(PA, "a", 3, "2550") V(PA, "b", 0, "25504154482500") V(PA, "Wine45i", 3, "112233445566")
		V(PA, "m", 0, "4c69636f"));
}

/* 1.7.3: items are 1 or 2 hex digits separated by single commas: empty
 * items, values above ff, blanks, 0x, # and other characters drop the value
 * (RI:1158-1165, RI:1514-1522, RI:1146-1156) */
static void
test_hex_items(void **state)
{
	(void)state;
	ALL("items", R4 KEYA "\"a\"=hex:63,,6f\r\n\"b\"=hex:25,50,100\r\n\"c\"=hex:25,1a4\r\n"
			     "\"d\"=hex:41, 42\r\n\"e\"=hex:41 ,42\r\n\"f\"=hex: 41\r\n\"g\"=hex:0x41\r\n"
			     "\"h\"=hex:041\r\n\"i\"=hex:41#c\r\n\"j\"=hex:41 #c\r\n\"k\"=hex:,41\r\n"
			     "\"l\"=hex:41,+2\r\n\"m\"=hex:41;c\r\n\"n\"=hex:41 ; c\r\n\"o\"=hex:AB,cD\r\n"
			     "\"p\"=hex:1,2,f\r\n\"q\"=hex:41,;c\r\n",
	    EXP(F("hex.bad-item", 3, 12), F("hex.bad-item", 4, 15), F("hex.bad-item", 5, 12),
		F("hex.bad-item", 6, 12), F("hex.bad-item", 7, 11), F("hex.bad-item", 8, 9),
		F("hex.bad-item", 9, 10), F("hex.bad-item", 10, 9), F("hex.bad-item", 11, 11),
		F("hex.bad-item", 12, 11), F("hex.bad-item", 13, 9), F("hex.bad-item", 14, 12)),
	    TA V(PA, "m", 3, "41") V(PA, "n", 3, "41") V(PA, "o", 3, "abcd") V(PA, "p", 3, "01020f")
		V(PA, "q", 3, "41"));
}

/* 1.7.3 rules 1, 2, 3, 6: a backslash after a comma (blanks between allowed)
 * or right after the tag continues; a ; comment may follow it; blank and ;
 * lines are skipped; continuations chain (RI:484-568, RI:1130-1138,
 * RI:1184-1198 Wine52l, RI:1388-1446, RE:3710) */
static void
test_hex_continuation_ok(void **state)
{
	(void)state;
	ALL("continuation", R4 KEYA "\"a\"=hex:41,42, \\\r\n  43\r\n\"b\"=hex(0):\\\r\n  41,42\r\n"
				    "\"c\"=hex:41,\\ ;comment\r\n  42,\\;#comment\r\n  43\r\n"
				    "\"d\"=hex:41,\\\r\n\r\n   \r\n  ;comment\r\n\t; more\r\n  42,\\\r\n\t43\r\n",
	    NONE,
	    TA V(PA, "a", 3, "414243") V(PA, "b", 0, "4142") V(PA, "c", 3, "414243")
		V(PA, "d", 3, "414243"));
}

/* 1.7.3 rules 1, 5: a backslash not after a comma drops the value (the next
 * line is then an ordinary, garbage line); hex(2):,\ is an empty item
 * (RI:502-528, RI:770-809, Wine52k) */
static void
test_hex_continuation_rule1(void **state)
{
	(void)state;
	ALL("rule 1", R4 KEYA "\"b\"=hex(0):4c,69,6e,65,20\\\r\n  00,00\r\n\"d\"=hex(0):,\\\r\n  41\r\n"
			      "\"e\"=hex:41 \\\r\n  42\r\n",
	    EXP(F("hex.bad-continuation", 3, 26), F("line.unrecognized", 4, 3), F("hex.bad-item", 5, 12),
		F("line.unrecognized", 6, 3), F("hex.bad-continuation", 7, 12),
		F("line.unrecognized", 8, 3)),
	    TA);
}

/* 1.7.3 rule 2: after the backslash only blanks and a ; comment; a backslash
 * inside the list is invalid (RI:540-558, RI:1167-1220) */
static void
test_hex_continuation_rule2(void **state)
{
	(void)state;
	ALL("rule 2", R4 KEYA "\"b\"=hex:41,\\#comment\r\n  42\r\n\"c\"=hex:25,48\\,4f\r\n"
			      "\"d\"=hex:25,48,\\4f\r\n\"e\"=hex:4\\f\r\n\"f\"=hex:25,50,\\,41\r\n",
	    EXP(F("hex.bad-continuation", 3, 13), F("line.unrecognized", 4, 3),
		F("hex.bad-continuation", 5, 14), F("hex.bad-continuation", 6, 16),
		F("hex.bad-continuation", 7, 10), F("hex.bad-continuation", 8, 16)),
	    TA);
}

/* 1.7.3 rule 3: a # line inside a continuation drops the value and is
 * consumed; the line after it is read as an ordinary line (RI:421-435 Wine14/15) */
static void
test_hex_continuation_hash_line(void **state)
{
	(void)state;
	ALL("Wine14", R4 KEYA "\"Wine14\"=hex(7):4c,69,6e,65,20,\\\r\n  #comment\r\n"
			      "  63,6f,6e,63,61,74,65,6e,61,74,69,6f,6e,00,00\r\n\"Wine15\"=\"A valid line\"\r\n",
	    EXP(F("hex.bad-continuation", 4, 3), F("line.unrecognized", 5, 3)),
	    TA V(PA, "Wine15", 1, SZ("A valid line")));
	ALL("# then value", R4 KEYA "\"h\"=hex:41,\\\r\n#\"x\"=\"1\"\r\n\"y\"=\"2\"\r\n",
	    EXP(F("hex.bad-continuation", 4, 1)), TA V(PA, "y", 1, SZ("2")));
}

/* 1.7.3 rules 4, 5, 6: a continuation line must start with a hex digit;
 * otherwise the value is dropped and that line is consumed, be it a value
 * line, @=, a key line, a leading comma or a lone backslash (RI:1222-1374,
 * RI:1376-1386, RI:1514-1521, RI:782-805) */
static void
test_hex_continuation_not_hex(void **state)
{
	(void)state;
	ALL("rule 4", R4 KEYA "\"Wine55a\"=hex:41,\\\r\n\"Wine55b\"=\"Test value\"\r\n\"c\"=hex:41,\\\r\n"
			      "@=\"default\"\r\n\"d\"=hex:41,\\\r\n[HKEY_CURRENT_USER\\b]\r\n\"e\"=\"in a\"\r\n"
			      "\"f\"=hex:41,\\\r\n  ,63\r\n\"g\"=hex:41,\\\r\n\\\r\n42\r\n\"h\"=hex:41,7\\\r\n"
			      "5,00\r\n",
	    EXP(F("hex.bad-continuation", 4, 1), F("hex.bad-continuation", 6, 1),
		F("hex.bad-continuation", 8, 1), F("hex.bad-continuation", 11, 3),
		F("hex.bad-continuation", 13, 1), F("line.unrecognized", 14, 1),
		F("hex.bad-continuation", 15, 13), F("line.unrecognized", 16, 1)),
	    TA V(PA, "e", 1, SZ("in a")));
}

/* 1.7.3 rule 7: the end of the file right after ,\ keeps the bytes so far;
 * without the comma the value is dropped (RI:1458-1512) */
static void
test_hex_continuation_eof(void **state)
{
	(void)state;
	ALL("Wine62a", R4 KEYA "\"Wine62a\"=hex(0):56,61,6c,75,65,\\",
	    EXP(F("hex.eof-continuation", 3, 34)), TA V(PA, "Wine62a", 0, "56616c7565"));
	ALL("Wine62a EOL", R4 KEYA "\"Wine62a\"=hex(0):56,61,6c,75,65,\\\r\n",
	    EXP(F("hex.eof-continuation", 3, 34)), TA V(PA, "Wine62a", 0, "56616c7565"));
	ALL("after comments", R4 KEYA "\"Wine62a\"=hex(0):56,61,6c,75,65,\\\r\n;c\r\n\r\n",
	    EXP(F("hex.eof-continuation", 5, 1)), TA V(PA, "Wine62a", 0, "56616c7565"));
	ALL("Wine62b", R4 KEYA "\"Wine62b\"=hex(0):56,61,6c,75,65\\",
	    EXP(F("hex.bad-continuation", 3, 32)), TA);
}

/* The walk reports a value's own line and offset: for a hex list continued
 * over several lines, the line holding its name */
static void
test_hex_continuation_value_line(void **state)
{
	static const char text[] = R4 KEYA "\"x\"=\"y\"\r\n\"h\"=hex:01,\\\r\n  02,\\\r\n  03\r\n"
				      "\"e\"=hex:04,\\\r\n;c\r\n";
	comscan_registry *reg = rtb_open(text, sizeof text - 1, 0, NULL);
	uint32_t lx = 0, lh = 0, le = 0;
	uint8_t *dx = rtb_value(reg, PA, "x", NULL, NULL, &lx);
	uint8_t *dh = rtb_value(reg, PA, "h", NULL, NULL, &lh);
	uint8_t *de = rtb_value(reg, PA, "e", NULL, NULL, &le);
	(void)state;
	comscan_registry_close(reg);
	assert_non_null(dx);
	assert_non_null(dh);
	assert_non_null(de);
	free(dx);
	free(dh);
	free(de);
	assert_int_equal(lx, 3);
	assert_int_equal(lh, 4);
	assert_int_equal(le, 7);
}

/* ---- section 2: string-typed hex values ---------------------------------------------- */

/* 1.7.4, 2: in a UTF-16 file hex(1/2/7) bytes are UTF-16LE as they are; one
 * NUL unit is appended when missing; odd lengths and unpaired surrogates are
 * kept and reported (RI:2351-2377, RI:1578-1605, 1.8 crash shapes) */
static void
test_hex_string_utf16(void **state)
{
	static const char t5[] = R5 KEYA "\"a\"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,00,00\r\n"
				    "\"b\"=hex(2):41,00\r\n\"c\"=hex(7):4c,00,00,00\r\n\"d\"=hex(1):41\r\n"
				    "\"e\"=hex(1):00,d8,41,00,00,00\r\n\"f\"=hex(1):3d,d8,00,de,00,00\r\n"
				    "\"g\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n\"h\"=hex(2):00,dc\r\n";
	static const char t4[] = R4 KEYA "\"b\"=hex(2):41,00\r\n\"c\"=hex(2):41\r\n";
	rtb_bytes u5 = rtb_utf16(t5, sizeof t5 - 1, false, true);
	rtb_bytes u4 = rtb_utf16(t4, sizeof t4 - 1, false, true);
	const char *tree5 = TA V(PA, "a", 2, SZ("%PATH%")) V(PA, "b", 2, SZ("A")) V(PA, "c", 7, "4c000000")
	    V(PA, "d", 1, "41") V(PA, "e", 1, "00d841000000") V(PA, "f", 1, "3dd800de0000")
		V(PA, "g", 7, "61000000620000000000") V(PA, "h", 2, "00dc0000");
	const char *tree4 = TA V(PA, "b", 2, SZ("A")) V(PA, "c", 2, "41");
	(void)state;
	rtb_run_modes("UTF-16 5.00", u5.p, u5.n,
	    EXP(F("hex.unterminated-string", 4, 1), F("hex.odd-length", 6, 1),
		F("hex.invalid-utf16", 7, 1), F("hex.invalid-utf16", 10, 1),
		F("hex.unterminated-string", 10, 1)),
	    tree5, tree5);
	rtb_run_modes("UTF-16 REGEDIT4", u4.p, u4.n,
	    EXP(F("hex.unterminated-string", 3, 1), F("hex.odd-length", 4, 1)), tree4, tree4);
	rtb_free(&u5);
	rtb_free(&u4);
}

/* 1.7.4, 2: in an 8-bit REGEDIT4 file hex(1/2/7) bytes are code-page text,
 * widened to UTF-16 with one NUL appended when missing (RI:811-839,
 * RI:1578-1605); no string-encoding note */
static void
test_hex_string_ansi_regedit4(void **state)
{
	(void)state;
	BOTH("REGEDIT4", R4 KEYA "\"a\"=hex(2):25,50,41,54,48,25,00\r\n\"b\"=hex(7):4c,69,6e,65\r\n"
				 "\"c\"=hex(7):4c,69,6e,65,00,00\r\n\"d\"=hex(1):80,00\r\n"
				 "\"e\"=hex(2):41,00,42,00\r\n",
	    EXP(F("hex.unterminated-string", 4, 1)),
	    TA V(PA, "a", 2, SZ("%PATH%")) V(PA, "b", 7, "4c0069006e0065000000")
		V(PA, "c", 7, "4c0069006e00650000000000") V(PA, "d", 1, "ac200000")
		V(PA, "e", 2, "4100000042000000"));
}

/* 2, regtext.hex.string-encoding: an 8-bit 5.00 file reads an even-length
 * payload with a 00 at an odd position as UTF-16LE, anything else as
 * code-page text; one note per file, at the first non-empty such value */
static void
test_hex_string_ansi_v5(void **state)
{
	(void)state;
	BOTH("5.00", R5 KEYA "\"z\"=hex(2):\r\n\"a\"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,00,00\r\n"
			     "\"b\"=hex(2):25,50,41,54,48,25,00\r\n\"c\"=hex(7):41,42\r\n\"d\"=hex(1):41,00\r\n"
			     "\"e\"=hex(2):00,41\r\n",
	    EXP(F("hex.string-encoding", 4, 1), F("hex.unterminated-string", 6, 1),
		F("hex.unterminated-string", 7, 1), F("hex.unterminated-string", 8, 1)),
	    TA V(PA, "z", 2, "") V(PA, "a", 2, SZ("%PATH%")) V(PA, "b", 2, SZ("%PATH%"))
		V(PA, "c", 7, "410042000000") V(PA, "d", 1, SZ("A")) V(PA, "e", 2, "000041000000"));
}

/* Findings about a continued hex value's data sit on the value's own line
 * (alarms.reg shape: 8-bit 5.00 hex(2) over two lines) */
static void
test_hex_findings_on_value_line(void **state)
{
	static const char t16[] = R5 KEYA "\"m\"=hex(2):41,00,\\\r\n  42,00\r\n";
	uint8_t u[2 * sizeof t16];
	size_t n = utf16_into(t16, sizeof t16 - 1, u, sizeof u);
	comscan_options o;
	(void)state;
	BOTH("8-bit 5.00", R5 KEYA "\"m\"=hex(2):25,00,50,00,\\\r\n  00,00\r\n",
	    EXP(F("hex.string-encoding", 3, 1)), TA V(PA, "m", 2, SZ("%P")));
	rtb_run_modes("UTF-16", u, n, EXP(F("hex.unterminated-string", 3, 1)),
	    TA V(PA, "m", 2, SZ("AB")), TA V(PA, "m", 2, SZ("AB")));
	comscan_options_init(&o);
	o.limits.max_value_size = 2;
	rtb_run("too large", u, n, 0, &o.limits,
	    EXP(F("hex.unterminated-string", 3, 1), F("value.too-large", 3, 1)), TA);
}

/* ---- 1.11 Windows 3.1 ---------------------------------------------------------------- */

#define HKCR "HKEY_CLASSES_ROOT"

/* 1.11: HKEY_CLASSES_ROOT at column 1, key up to the first blank, blanks, an
 * optional = and at most one space, then the default value with trailing
 * blanks kept; a missing value is "" (RE:1150-1202, RI:3516-3650) */
static void
test_win31_lines(void **state)
{
	(void)state;
	ALL("win31", "REGEDIT\r\n" HKCR "\\k0 = Value0\r\n" HKCR "\\k1 =  Value2\r\n" HKCR "\\k2 = Value3 \r\n"
		     HKCR "\\k3 Value4\r\n" HKCR "\\k4\r\n" HKCR "\\k5\\sub = x=y\r\n" HKCR "\\k6=v\r\n"
		     HKCR "\\k7\t=\tv\r\n" HKCR " = root\r\n" HKCR "\\k0 = again",
	    EXP(F("header.win31", 1, 1)),
	    K(HKCR) V(HKCR, "", 1, SZ("root")) K(HKCR "\\k0") V(HKCR "\\k0", "", 1, SZ("again"))
		K(HKCR "\\k1") V(HKCR "\\k1", "", 1, SZ(" Value2")) K(HKCR "\\k2")
		V(HKCR "\\k2", "", 1, SZ("Value3 ")) K(HKCR "\\k3") V(HKCR "\\k3", "", 1, SZ("Value4"))
		K(HKCR "\\k4") V(HKCR "\\k4", "", 1, SZ("")) K(HKCR "\\k5") K(HKCR "\\k5\\sub")
		V(HKCR "\\k5\\sub", "", 1, SZ("x=y")) K(HKCR "\\k6=v") V(HKCR "\\k6=v", "", 1, SZ(""))
		K(HKCR "\\k7") V(HKCR "\\k7", "", 1, "090076000000"));
}

/* 1.11: only lines starting exactly with HKEY_CLASSES_ROOT count; ; lines and
 * blank lines are silent, everything else is ignored (RE:2220-2269) */
static void
test_win31_ignored(void **state)
{
	(void)state;
	ALL("win31 ignored", "REGEDIT\r\n " HKCR "\\a = 1\r\nhkey_classes_root\\b = 2\r\n"
			     "Hkey_Classes_Root\\c = 3\r\n; comment\r\n   ; indented\r\n#x\r\n\r\n"
			     HKCR "X\\d = 4\r\n[" HKCR "\\e]\r\n\"x\"=\"y\"\r\n\t\r\n" HKCR "\\ok = 5\r\n",
	    EXP(F("header.win31", 1, 1), F("win31.unrecognized", 2, 2), F("win31.unrecognized", 3, 1),
		F("win31.unrecognized", 4, 1), F("win31.unrecognized", 7, 1),
		F("win31.unrecognized", 9, 1), F("win31.unrecognized", 10, 1),
		F("win31.unrecognized", 11, 1)),
	    K(HKCR) K(HKCR "\\ok") V(HKCR "\\ok", "", 1, SZ("5")));
}

/* ---- 1.7 value deletion, last write, no key, size limit ---------------------------- */

/* 1.7: "x"=- deletes; only blanks and a ; comment may follow the -
 * (RI:1085-1099); deleting an absent value is silent */
static void
test_value_delete(void **state)
{
	(void)state;
	ALL("delete", R4 KEYA "\"a\"=\"1\"\r\n\"b\"=\"2\"\r\n\"c\"=\"3\"\r\n\"d\"=\"4\"\r\n\"e\"=\"5\"\r\n"
			      "\"a\"=-\r\n\"b\"=- ;comment\r\n\"c\"=-junk\r\n\"d\"=- #comment\r\n"
			      "\"e\"=-\"Test\"\r\n\"nothere\"=-\r\n\"b\"=-;c\r\n\"f\" = - \r\n",
	    EXP(F("value.bad-delete", 10, 6), F("value.bad-delete", 11, 6), F("value.bad-delete", 12, 6)),
	    TA V(PA, "c", 1, SZ("3")) V(PA, "d", 1, SZ("4")) V(PA, "e", 1, SZ("5")));
}

/* 1.8, Q21: operations apply in file order, the last write wins, names and
 * keys compare case-insensitively and keep their first spelling */
static void
test_last_write_wins(void **state)
{
	(void)state;
	ALL("last write", R4 KEYA "\"a\"=\"1\"\r\n\"a\"=dword:2\r\n\"a\"=hex:03\r\n[HKEY_CURRENT_USER\\A]\r\n"
				  "\"b\"=\"x\"\r\n[hkey_current_user\\a]\r\n\"b\"=\"y\"\r\n"
				  "[HKEY_CURRENT_USER\\Foo]\r\n[HKEY_CURRENT_USER\\FOO\\bar]\r\n",
	    NONE, TA V(PA, "a", 3, "03") V(PA, "b", 1, SZ("y")) K(HKCU "\\Foo") K(HKCU "\\Foo\\bar"));
}

/* 1.8: a value line before any key line goes nowhere */
static void
test_value_no_key(void **state)
{
	(void)state;
	ALL("no key", R4 "\"a\"=\"1\"\r\n  @=\"2\"\r\n" KEYA "\"b\"=\"3\"\r\n",
	    EXP(F("value.no-key", 2, 1), F("value.no-key", 3, 1)), TA V(PA, "b", 1, SZ("3")));
}

/* limits.max_value_size: a value whose stored data is larger is not imported */
static void
test_value_too_large(void **state)
{
	static const char text[] = R4 KEYA "\"a\"=\"x\"\r\n\"b\"=\"xy\"\r\n\"c\"=dword:1\r\n"
				      "\"d\"=hex:01,02,03,04,05\r\n\"f\"=hex(2):41,42\r\n";
	const rtb_exp *exp = EXP(F("value.too-large", 4, 1), F("value.too-large", 6, 1),
	    F("hex.unterminated-string", 7, 1), F("value.too-large", 7, 1));
	comscan_options o;
	(void)state;
	comscan_options_init(&o);
	o.limits.max_value_size = 4;
	rtb_run("4 bytes", text, sizeof text - 1, 0, &o.limits, exp,
	    TA V(PA, "a", 1, SZ("x")) V(PA, "c", 4, "01000000"));
	rtb_run("4 bytes", text, sizeof text - 1, COMSCAN_FLAG_REG_COMPAT, &o.limits, exp,
	    TA V(PA, "a", 1, SZ("x")) V(PA, "c", 4, "01000000"));
}

/* limits.max_findings: findings beyond the limit are counted, not kept, and
 * the parse goes on (comscan.h "Nothing is dropped silently") */
static void
test_max_findings(void **state)
{
	static const char text[] = R4 KEYA "g1\r\ng2\r\ng3\r\ng4\r\ng5\r\n#h\r\n\"x\"=\"y\"\r\n";
	comscan_options o;
	comscan_registry *reg;
	const comscan_findings *fs;
	char *d;
	(void)state;
	comscan_options_init(&o);
	o.limits.max_findings = 2;
	reg = rtb_open(text, sizeof text - 1, 0, &o.limits);
	fs = comscan_registry_findings(reg);
	d = rtb_dump(reg);
	assert_int_equal(comscan_findings_count(fs), 3);
	assert_string_equal(comscan_findings_at(fs, 0)->code, "regtext.line.unrecognized");
	assert_int_equal(comscan_findings_at(fs, 1)->line, 4);
	assert_string_equal(comscan_findings_at(fs, 2)->code, "core.findings.limit-exceeded");
	assert_int_equal(comscan_findings_at(fs, 2)->severity, COMSCAN_SEVERITY_WARNING);
	assert_int_equal(comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR), 5);
	assert_int_equal(comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING), 2); /* #h, the limit */
	assert_int_equal(comscan_findings_verdict(fs), COMSCAN_VERDICT_CORRUPT);
	comscan_registry_close(reg);
	assert_string_equal(d, TA V(PA, "x", 1, SZ("y")));
	free(d);
}

/* ---- positions and the TSV writer --------------------------------------------------------- */

/* Findings and walk items carry byte offsets of the input (UTF-16: 2 per
 * unit after the 2-byte BOM) */
static void
test_offsets(void **state)
{
	static const char t[] = R4 KEYA "\"x\"=\"y\"\r\ngarbage\r\n";
	rtb_bytes u = rtb_utf16(t, sizeof t - 1, false, true);
	comscan_registry *r8 = rtb_open(t, sizeof t - 1, 0, NULL), *r16 = rtb_open(u.p, u.n, 0, NULL);
	const comscan_finding *f8 = comscan_findings_at(comscan_registry_findings(r8), 0);
	const comscan_finding *f16 = comscan_findings_at(comscan_registry_findings(r16), 0);
	(void)state;
	assert_non_null(f8);
	assert_non_null(f16);
	assert_int_equal(f8->offset, 42);
	assert_int_equal(f16->offset, 2 + 2 * 42);
	assert_int_equal(f8->line, 4);
	comscan_registry_close(r8);
	comscan_registry_close(r16);
	rtb_free(&u);
}

typedef struct src_ctx {
	const char *path, *name;
	uint64_t offset;
	uint32_t line;
} src_ctx;

static int
find_src(void *ctx, const comscan_registry_item *it)
{
	src_ctx *s = ctx;
	if (strcmp(it->path, s->path) != 0 || (it->name == NULL) != (s->name == NULL) ||
	    (it->name && strcmp(it->name, s->name) != 0))
		return 0;
	s->offset = it->offset;
	s->line = it->line;
	return 1;
}

/* Walk items name the line and offset they came from; a key created as a
 * parent takes the line of the first key line naming it, if any */
static void
test_item_sources(void **state)
{
	static const char t2[] = R4 "[HKEY_CURRENT_USER\\a\\b]\r\n[HKEY_CURRENT_USER\\a]\r\n"
				    "[HKEY_CURRENT_USER\\a]\r\n";
	comscan_registry *r2 = rtb_open(t2, sizeof t2 - 1, 0, NULL);
	src_ctx ka = { PA, NULL, 0, 0 }, kb = { PA "\\b", NULL, 0, 0 }, kr = { HKCU, NULL, 0, 0 };
	int wa = comscan_registry_walk(r2, find_src, &ka), wb = comscan_registry_walk(r2, find_src, &kb);
	int wr = comscan_registry_walk(r2, find_src, &kr);
	(void)state;
	comscan_registry_close(r2);
	assert_int_equal(wa + wb + wr, 3);
	assert_int_equal(kb.line, 2);
	assert_int_equal(ka.line, 3);
	assert_int_equal(ka.offset, 10 + 25);
	assert_int_equal(kr.line, 2);
}

/* Walk items name the line and offset they came from */
static void
test_item_sources_simple(void **state)
{
	static const char t[] = R4 KEYA "\"x\"=\"y\"\r\n";
	rtb_bytes u = rtb_utf16(t, sizeof t - 1, false, true);
	comscan_registry *r8 = rtb_open(t, sizeof t - 1, 0, NULL), *r16 = rtb_open(u.p, u.n, 0, NULL);
	src_ctx k = { PA, NULL, 0, 0 }, v = { PA, "x", 0, 0 };
	(void)state;
	assert_int_equal(comscan_registry_walk(r8, find_src, &k), 1);
	assert_int_equal(comscan_registry_walk(r8, find_src, &v), 1);
	assert_int_equal(k.offset, 10);
	assert_int_equal(k.line, 2);
	assert_int_equal(v.offset, 33);
	assert_int_equal(v.line, 3);
	assert_int_equal(comscan_registry_walk(r16, find_src, &k), 1);
	assert_int_equal(comscan_registry_walk(r16, find_src, &v), 1);
	assert_int_equal(k.offset, 22);
	assert_int_equal(v.offset, 68);
	comscan_registry_close(r8);
	comscan_registry_close(r16);
	rtb_free(&u);
}

/* docs/tsv.md: K and V lines, empty name for the default, escapes in names,
 * type names and 0x for others, sizes as stored; abbreviated roots in full */
static void
test_tsv(void **state)
{
	static const char t[] = R4 KEYA "@=\"x\"\r\n\"t\\\\n\"=dword:1\r\n\"tab\tx\"=hex(2):41,00\r\n"
				    "\"q\"=hex(ffff):\r\n\"b\"=hex(b):01,02,03,04,05,06,07,08\r\n";
	static const char c[] = R4 "[HKCR\\x]\r\n";
	comscan_registry *reg = rtb_open(t, sizeof t - 1, 0, NULL);
	char *tsv = rtb_write_tsv(reg);
	(void)state;
	assert_string_equal(tsv, "K\tHKEY_CURRENT_USER\nK\tHKEY_CURRENT_USER\\a\n"
				 "V\tHKEY_CURRENT_USER\\a\t\tREG_SZ\t4\n"
				 "V\tHKEY_CURRENT_USER\\a\tt\\\\n\tREG_DWORD\t4\n"
				 "V\tHKEY_CURRENT_USER\\a\ttab\\tx\tREG_EXPAND_SZ\t4\n"
				 "V\tHKEY_CURRENT_USER\\a\tq\t0xFFFF\t0\n"
				 "V\tHKEY_CURRENT_USER\\a\tb\tREG_QWORD\t8\n");
	free(tsv);
	comscan_registry_close(reg);
	reg = rtb_open(c, sizeof c - 1, COMSCAN_FLAG_REG_COMPAT, NULL);
	tsv = rtb_write_tsv(reg);
	assert_string_equal(tsv, "K\tHKEY_CLASSES_ROOT\nK\tHKEY_CLASSES_ROOT\\x\n");
	free(tsv);
	comscan_registry_close(reg);
}

/* ---- coverage ---------------------------------------------------------------------- */

/* Every regtext.* code of the catalogue was asserted by an earlier test */
static void
test_all_codes_observed(void **state)
{
	size_t i, missing = 0;
	(void)state;
	for (i = 0; i < comscan_code_count(); i++) {
		const comscan_code_info *c = comscan_code_at(i);
		if (strncmp(c->code, "regtext.", 8) == 0 && !rtb_observed(c->code)) {
			print_message("not observed: %s\n", c->code);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_matches_spec),
		cmocka_unit_test(test_header_exact),
		cmocka_unit_test(test_header_win31),
		cmocka_unit_test(test_header_invalid),
		cmocka_unit_test(test_header_blank_first_line),
		cmocka_unit_test(test_header_fuzzy),
		cmocka_unit_test(test_header_trailing_blank),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_enc_utf16),
		cmocka_unit_test(test_enc_utf16_no_bom),
		cmocka_unit_test(test_enc_utf16_be),
		cmocka_unit_test(test_enc_utf8_bom),
		cmocka_unit_test(test_enc_ansi),
		cmocka_unit_test(test_enc_odd_byte),
		cmocka_unit_test(test_enc_unpaired_surrogate),
		cmocka_unit_test(test_eol_kinds),
		cmocka_unit_test(test_eol_cr_cr_lf),
		cmocka_unit_test(test_eol_missing_final_newline),
		cmocka_unit_test(test_eol_ctrl_z),
		cmocka_unit_test(test_line_nul),
		cmocka_unit_test(test_line_nul_in_continuation),
		cmocka_unit_test(test_line_comments),
		cmocka_unit_test(test_line_comment_backslash),
		cmocka_unit_test(test_line_garbage),
		cmocka_unit_test(test_line_blank_keeps_key),
		cmocka_unit_test(test_line_comment_chars_in_quotes),
		cmocka_unit_test(test_key_last_bracket),
		cmocka_unit_test(test_key_unterminated),
		cmocka_unit_test(test_key_blank_after_bracket),
		cmocka_unit_test(test_key_blank_before_bracket),
		cmocka_unit_test(test_key_backslashes),
		cmocka_unit_test(test_key_root_case),
		cmocka_unit_test(test_key_bad_root),
		cmocka_unit_test(test_key_abbreviated_roots),
		cmocka_unit_test(test_key_name_length),
		cmocka_unit_test(test_key_depth_limit),
		cmocka_unit_test(test_key_depth_default),
		cmocka_unit_test(test_key_delete),
		cmocka_unit_test(test_key_path_reuse),
		cmocka_unit_test(test_key_delete_root),
		cmocka_unit_test(test_name_default),
		cmocka_unit_test(test_name_escapes),
		cmocka_unit_test(test_name_chars),
		cmocka_unit_test(test_name_blanks_around_equals),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_name_multiline),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_str_escapes),
		cmocka_unit_test(test_str_nul_escape),
		cmocka_unit_test(test_str_unknown_escape),
		cmocka_unit_test(test_str_trailing_text),
		cmocka_unit_test(test_str_unterminated),
		cmocka_unit_test(test_str_blanks_kept),
		cmocka_unit_test(test_data_unknown_format),
		cmocka_unit_test(test_dword_ok),
		cmocka_unit_test(test_dword_invalid),
		cmocka_unit_test(test_hex_types),
		cmocka_unit_test(test_hex_bad_type),
		cmocka_unit_test(test_hex_empty),
		cmocka_unit_test(test_hex_trailing_comma),
		cmocka_unit_test(test_hex_items),
		cmocka_unit_test(test_hex_continuation_ok),
		cmocka_unit_test(test_hex_continuation_rule1),
		cmocka_unit_test(test_hex_continuation_rule2),
		cmocka_unit_test(test_hex_continuation_hash_line),
		cmocka_unit_test(test_hex_continuation_not_hex),
		cmocka_unit_test(test_hex_continuation_eof),
		cmocka_unit_test(test_hex_continuation_value_line),
		cmocka_unit_test(test_hex_string_utf16),
		cmocka_unit_test(test_hex_string_ansi_regedit4),
		cmocka_unit_test(test_hex_string_ansi_v5),
		cmocka_unit_test(test_hex_findings_on_value_line),
		cmocka_unit_test(test_win31_lines),
		cmocka_unit_test(test_win31_ignored),
		cmocka_unit_test(test_value_delete),
		cmocka_unit_test(test_last_write_wins),
		cmocka_unit_test(test_value_no_key),
		cmocka_unit_test(test_value_too_large),
		cmocka_unit_test(test_max_findings),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_item_sources_simple),
		cmocka_unit_test(test_item_sources),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_all_codes_observed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
