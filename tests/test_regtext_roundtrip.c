/*
 * test_regtext_roundtrip.c - comscan_registry_write_reg as a fixpoint.
 *
 * For crafted inputs and every file of ../shared/realworld/reg/ (when that
 * directory exists): parse -> write_reg -> parse the output again (strict
 * mode); the two trees are identical (every key path, value name, type and
 * data byte, in walk order), the output re-parses with zero findings, and
 * writing the second tree gives the same bytes again.  The output is
 * checked against the export format of regtext.md 1.7.3 ("Export format"):
 * UTF-16LE with a BOM, the 5.00 header, CRLF only, a blank line before each
 * key, hex continuation lines of two blanks and at most 25 items.  The
 * last test checks the handle's contract (misuse, NULL, stopping sinks).
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "comscan/comscan.h"
#include "support/regtext_build.h"

#define R4 "REGEDIT4\r\n"
#define R5 "Windows Registry Editor Version 5.00\r\n"
#define REALWORLD "../shared/realworld/reg"

/* ---- the export format ---------------------------------------------------------- */

/* Checks out (UTF-16LE) against regedit's export format; returns false and
 * prints why when it does not match. */
static bool
format_ok(const char *what, const rtb_bytes *out)
{
	static const char header[] = "Windows Registry Editor Version 5.00";
	size_t nunits, i, start, lineno = 0;
	bool prev_continued = false, prev_blank = false;
	if (out->n < 2 || out->p[0] != 0xFF || out->p[1] != 0xFE || out->n % 2 != 0) {
		print_message("%s: no UTF-16LE BOM or odd size\n", what);
		return false;
	}
	nunits = (out->n - 2) / 2;
#define U(k) ((uint16_t)(out->p[2 + 2 * (k)] | out->p[3 + 2 * (k)] << 8))
	for (start = 0, i = 0; i < nunits; i++) {
		size_t len, k;
		if (U(i) == '\n') {
			print_message("%s: bare LF at unit %zu\n", what, i);
			return false;
		}
		if (U(i) != '\r')
			continue;
		if (i + 1 >= nunits || U(i + 1) != '\n') {
			print_message("%s: bare CR at unit %zu\n", what, i);
			return false;
		}
		len = i - start;
		lineno++;
		if (lineno == 1) {
			for (k = 0; k < len && header[k] && U(start + k) == (uint8_t)header[k]; k++)
				;
			if (k != len || len != sizeof header - 1) {
				print_message("%s: bad header line\n", what);
				return false;
			}
		} else if (prev_continued) {
			/* "  " then items "xx," ... with at most 25 items */
			size_t items = 0;
			if (len < 4 || U(start) != ' ' || U(start + 1) != ' ' || U(start + 2) == ' ' ||
			    len > 78) {
				print_message("%s: line %zu: bad continuation line\n", what, lineno);
				return false;
			}
			for (k = start + 2; k < start + len; k++)
				items += U(k) == ',';
			if (U(start + len - 1) != '\\')
				items++;
			if (items > 25) {
				print_message("%s: line %zu: %zu items\n", what, lineno, items);
				return false;
			}
		} else if (len > 0 && U(start) == '[' && !prev_blank) {
			print_message("%s: line %zu: no blank line before the key\n", what, lineno);
			return false;
		}
		prev_continued = lineno > 1 && len > 0 && U(start + len - 1) == '\\';
		if (prev_continued && (len < 2 || U(start + len - 2) != ',')) {
			print_message("%s: line %zu: backslash not after a comma\n", what, lineno);
			return false;
		}
		prev_blank = len == 0;
		start = i + 2;
		i++;
	}
#undef U
	if (start != nunits || !prev_blank) {
		print_message("%s: does not end with CRLF and a blank line\n", what);
		return false;
	}
	return true;
}

/* ---- the round trip ------------------------------------------------------------ */

/* parse(data, flags) -> write -> parse (strict) -> write: same tree, no
 * findings, same bytes.  Returns false (printed) on any difference. */
static bool
roundtrip_ok(const char *what, const void *data, size_t n, uint32_t flags)
{
	comscan_registry *r1 = rtb_open(data, n, flags, NULL), *r2;
	rtb_bytes out1 = rtb_write_reg(r1), out2;
	char *d1 = rtb_dump(r1), *d2;
	bool ok = true;
	comscan_registry_close(r1);
	r2 = rtb_open(out1.p, out1.n, 0, NULL);
	d2 = rtb_dump(r2);
	out2 = rtb_write_reg(r2);
	if (comscan_findings_count(comscan_registry_findings(r2)) != 0) {
		print_message("%s: the canonical output has findings:\n", what);
		rtb_print_findings(comscan_registry_findings(r2));
		ok = false;
	}
	comscan_registry_close(r2);
	if (strcmp(d1, d2) != 0) {
		print_message("%s: trees differ\n--- first:\n%s--- second:\n%s---\n", what, d1, d2);
		ok = false;
	}
	if (out1.n != out2.n || memcmp(out1.p, out2.p, out1.n) != 0) {
		print_message("%s: write_reg is not a fixpoint (%zu vs %zu bytes)\n", what, out1.n, out2.n);
		ok = false;
	}
	if (!format_ok(what, &out1))
		ok = false;
	free(d1);
	free(d2);
	rtb_free(&out1);
	rtb_free(&out2);
	return ok;
}

static void
roundtrip(const char *what, const void *data, size_t n, uint32_t flags)
{
	if (!roundtrip_ok(what, data, n, flags))
		fail_msg("%s: round trip failed", what);
}

/* 8-bit text and the same as UTF-16LE, both modes. */
static void
roundtrip_text(const char *what, const char *text)
{
	rtb_bytes u = rtb_utf16(text, strlen(text), false, true);
	bool ok = roundtrip_ok(what, text, strlen(text), 0) &&
	    roundtrip_ok(what, text, strlen(text), COMSCAN_FLAG_REG_COMPAT) &&
	    roundtrip_ok(what, u.p, u.n, 0) && roundtrip_ok(what, u.p, u.n, COMSCAN_FLAG_REG_COMPAT);
	rtb_free(&u);
	if (!ok)
		fail_msg("%s: round trip failed", what);
}

/* ---- crafted inputs ---------------------------------------------------------------- */

/* A COM registration of the kind regtext.md section 5 describes */
static void
test_roundtrip_com(void **state)
{
	(void)state;
	roundtrip_text("com", R5 "[HKEY_CLASSES_ROOT\\CLSID\\{5FD3D285-0DD9-4362-8855-E0ABAACD4AF6}]\r\n"
				 "@=\"Sample Provider\"\r\n\"AppID\"=\"{9AEC2879-0000-0000-0000-000000000000}\"\r\n"
				 "[HKEY_CLASSES_ROOT\\CLSID\\{5FD3D285-0DD9-4362-8855-E0ABAACD4AF6}\\InprocServer32]\r\n"
				 "@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\\\r\n"
				 "  00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,78,00,2e,00,\\\r\n"
				 "  64,00,6c,00,6c,00,00,00\r\n\"ThreadingModel\"=\"Both\"\r\n"
				 "[HKEY_CLASSES_ROOT\\Sample.Provider\\CLSID]\r\n"
				 "@=\"{5FD3D285-0DD9-4362-8855-E0ABAACD4AF6}\"\r\n");
}

/* Every type tag, empty values, dword and non-4-byte REG_DWORD, long binary
 * data wrapped over several lines (1.7.2-1.7.4) */
static void
test_roundtrip_types(void **state)
{
	char text[8192];
	size_t i, o;
	(void)state;
	o = (size_t)snprintf(text, sizeof text,
	    R4 "[HKEY_LOCAL_MACHINE\\t]\r\n\"n0\"=hex(0):01\r\n\"sz\"=\"x\"\r\n\"n1\"=hex(1):41,00,00,00,42,00,00,00\r\n"
	       "\"n1e\"=hex(1):\r\n\"n2\"=hex(2):25,50,25,00\r\n\"n3\"=hex:\r\n\"n4\"=dword:00000001\r\n"
	       "\"n4s\"=hex(4):01,02\r\n\"n4e\"=hex(4):\r\n\"n5\"=hex(5):00,00,00,01\r\n\"n6\"=hex(6):41,00\r\n"
	       "\"n7\"=hex(7):61,00,62,00,00,00\r\n\"n8\"=hex(8):01\r\n\"n9\"=hex(9):01\r\n\"na\"=hex(a):01\r\n"
	       "\"nb\"=hex(b):01,02,03,04,05,06,07,08\r\n\"n100\"=hex(100):\r\n\"nmax\"=hex(ffffffff):ff\r\n"
	       "\"long\"=hex:");
	for (i = 0; i < 200; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%02x%s", (unsigned)i, i < 199 ? "," : "\r\n");
	assert_true(o < sizeof text);
	roundtrip_text("types", text);
}

/* Names and strings that need escapes or look like syntax: \ " CR LF tab,
 * = ; # [ ] @ and blanks (1.6, 1.7.1) */
static void
test_roundtrip_escapes(void **state)
{
	(void)state;
	roundtrip_text("escapes", R4 "[HKEY_CURRENT_USER\\a]\r\n@=\"default\"\r\n\"\"=\"default 2\"\r\n"
				     "\"q\\\"uote\"=\"say \\\"hi\\\"\"\r\n\"back\\\\slash\\\\\"=\"C:\\\\Windows\\\\\"\r\n"
				     "\"crlf\"=\"a\\r\\nb\\n\\r\"\r\n\"tab\tname\"=\"tab\tdata\"\r\n"
				     "\"=;#[]@\"=\";#[]@=\"\r\n\"  blanks  \"=\"  blanks  \"\r\n\"@lead\"=\"\"\r\n"
				     "\"looks\\\\n\"=\"\\\\n\\\\0\\\\r\"\r\n");
}

/* Key names with ], ;, blanks, a blank last component, implicit parents,
 * deletion and re-creation, case variants (1.5, Q9, Q10, Q21) */
static void
test_roundtrip_keys(void **state)
{
	(void)state;
	roundtrip_text("keys", R4 "[HKEY_CURRENT_USER\\a] ;x]\r\n\"v\"=\"1\"\r\n[HKEY_CURRENT_USER\\b]]\r\n"
				  "[HKEY_CURRENT_USER\\{6bba3851-0000};2\\ \\x y ]\r\n[HKEY_USERS\\deep\\a\\b\\c\\d\\e]\r\n"
				  "@=\"deep\"\r\n[HKEY_CURRENT_USER\\gone\\sub]\r\n\"x\"=\"1\"\r\n"
				  "[-HKEY_CURRENT_USER\\gone]\r\n[HKEY_CURRENT_USER\\Gone]\r\n\"y\"=\"2\"\r\n"
				  "[HKEY_CURRENT_USER\\GONE\\New]\r\n[HKEY_CURRENT_CONFIG]\r\n[hkey_classes_root\\.txt]\r\n"
				  "@=\"txtfile\"\r\n");
}

/* UTF-16 and code-page text: non-ASCII names and data, surrogate pairs, and
 * the 8-bit decodings (1.1, section 2) */
static void
test_roundtrip_encodings(void **state)
{
	static const char u[] = R5 "[HKEY_CURRENT_USER\\caf\xC3\xA9\\\xE6\x97\xA5\xE6\x9C\xAC]\r\n"
				   "\"n\xC3\xA9\"=\"\xE2\x82\xAC \xF0\x9F\x98\x80\"\r\n"
				   "\"m\"=hex(7):3d,d8,00,de,00,00,00,00\r\n";
	rtb_bytes w = rtb_utf16(u, sizeof u - 1, false, true);
	(void)state;
	roundtrip("UTF-16", w.p, w.n, 0);
	rtb_free(&w);
	roundtrip("UTF-8 BOM", "\xEF\xBB\xBF" R4 "[HKEY_CURRENT_USER\\caf\xC3\xA9]\r\n\"\xC3\xA9\"=\"\xC3\xA9\"\r\n",
	    strlen("\xEF\xBB\xBF" R4 "[HKEY_CURRENT_USER\\caf\xC3\xA9]\r\n\"\xC3\xA9\"=\"\xC3\xA9\"\r\n"), 0);
	roundtrip("ANSI", R4 "[HKEY_CURRENT_USER\\caf\xE9]\r\n\"\x80\"=\"\x9F\xFF\"\r\n\"h\"=hex(2):e9,80,00\r\n",
	    strlen(R4 "[HKEY_CURRENT_USER\\caf\xE9]\r\n\"\x80\"=\"\x9F\xFF\"\r\n\"h\"=hex(2):e9,80,00\r\n"), 0);
	roundtrip_text("8-bit 5.00", R5 "[HKEY_CURRENT_USER\\a]\r\n\"u\"=hex(2):25,00,50,00,00,00\r\n"
					"\"c\"=hex(7):41,42\r\n");
}

/* Win3.1 files and files full of findings: the tree, not the text, is what
 * round-trips (1.11, 1.8) */
static void
test_roundtrip_odd_inputs(void **state)
{
	(void)state;
	roundtrip_text("win31", "REGEDIT\r\nHKEY_CLASSES_ROOT\\.ack = AutoClik.Document\r\n"
				"HKEY_CLASSES_ROOT\\AutoClik.Document\\shell\\open\\command = AUTOCLIK.EXE %1 \r\n"
				"HKEY_CLASSES_ROOT = root\r\n");
	roundtrip_text("findings", R4 "garbage\r\n[HKEY_CURRENT_USER\\a\\\\b\\]\r\n#x\r\n\"s\"=\"%windir%\\system32\"\r\n"
				   "\"d\"=dword:1 ; c\r\n\"bad\"=dword:x\r\n\"h\"=hex:01,\\\r\n  ;c\r\n\r\n  02\r\n"
				   "[HKEY_FOO]\r\n\"lost\"=\"1\"\r\n[HKEY_CURRENT_USER\\a\\b]\r\n\"x\"=-\r\n\x1A");
	roundtrip_text("empty", R5);
	roundtrip_text("compat roots", R4 "[HKLM\\SOFTWARE\\Classes\\x]\r\n@=\"1\"\r\n[HKCU\\y]\r\n[HKCR\\z]\r\n"
				       "[HKU\\u]\r\n[HKCC\\c]\r\n");
}

/* Long names: a 16,383-character value name and 255-character key names
 * (the writer's wrapping column starts after the name) */
static void
test_roundtrip_long_names(void **state)
{
	char *text = malloc(20000), *p;
	size_t i;
	(void)state;
	assert_non_null(text);
	p = text + sprintf(text, R4 "[HKEY_CURRENT_USER\\");
	for (i = 0; i < 255; i++)
		*p++ = (char)('a' + i % 26);
	p += sprintf(p, "]\r\n\"");
	for (i = 0; i < 16383; i++)
		*p++ = 'n';
	sprintf(p, "\"=hex:01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,17,18,19,1a,1b,1c,1d,1e\r\n");
	roundtrip_text("long names", text);
	free(text);
}

/* ---- real-world files ---------------------------------------------------------------- */

static bool
read_file(const char *path, rtb_bytes *out)
{
	FILE *f = fopen(path, "rb");
	uint8_t tmp[4096];
	size_t n;
	out->p = NULL;
	out->n = out->cap = 0;
	if (f == NULL)
		return false;
	rtb_append(out, "", 0);
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		rtb_append(out, tmp, n);
	fclose(f);
	return true;
}

static bool
is_reg_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && (strcmp(name + n - 4, ".reg") == 0 || strcmp(name + n - 4, ".Reg") == 0 ||
			    strcmp(name + n - 4, ".REG") == 0);
}

/* Walks dir recursively; round-trips every .reg file in both modes.
 * Returns the number of files; *failed counts failures. */
static size_t
roundtrip_dir(const char *dir, size_t *failed)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t count = 0;
	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			count += roundtrip_dir(path, failed);
		} else if (S_ISREG(st.st_mode) && is_reg_name(e->d_name)) {
			rtb_bytes b;
			assert_true(read_file(path, &b));
			if (!roundtrip_ok(path, b.p, b.n, 0) ||
			    !roundtrip_ok(path, b.p, b.n, COMSCAN_FLAG_REG_COMPAT))
				(*failed)++;
			rtb_free(&b);
			count++;
		}
	}
	closedir(d);
	return count;
}

/* Section 4: every public .reg file of ../shared/realworld/reg round-trips */
static void
test_roundtrip_realworld(void **state)
{
	struct stat st;
	size_t failed = 0, n;
	(void)state;
	if (stat(REALWORLD, &st) != 0 || !S_ISDIR(st.st_mode)) {
		print_message("note: %s not found (run from the repository root next to ../shared); "
			      "real-world round trips skipped\n",
		    REALWORLD);
		skip();
		return;
	}
	n = roundtrip_dir(REALWORLD, &failed);
	print_message("note: %zu real-world files round-tripped, %zu failed\n", n, failed);
	assert_true(n > 0);
	assert_int_equal(failed, 0);
}

/* The writer's own format on a small tree, byte for byte (regedit's
 * layout: regtext.md 1.7.3 export format, RE:3481-3506) */
static void
test_write_reg_exact(void **state)
{
	static const char in[] = R4 "[HKEY_CURRENT_USER\\a]\r\n@=\"x\"\r\n\"d\"=dword:0000002a\r\n"
				    "\"b\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,17,"
				    "18,19,1a,1b,1c,1d\r\n";
	static const char want[] = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER]\r\n\r\n"
				   "[HKEY_CURRENT_USER\\a]\r\n@=\"x\"\r\n\"d\"=dword:0000002a\r\n"
				   "\"b\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,\\\r\n"
				   "  17,18,19,1a,1b,1c,1d\r\n\r\n";
	comscan_registry *reg = rtb_open(in, sizeof in - 1, 0, NULL);
	rtb_bytes out = rtb_write_reg(reg);
	rtb_bytes exp = rtb_utf16(want, sizeof want - 1, false, true);
	(void)state;
	comscan_registry_close(reg);
	if (out.n != exp.n || memcmp(out.p, exp.p, out.n) != 0) {
		size_t i;
		print_message("got:\n");
		for (i = 2; i + 1 < out.n; i += 2)
			print_message("%c", out.p[i]);
		print_message("\n");
	}
	assert_int_equal(out.n, exp.n);
	assert_memory_equal(out.p, exp.p, out.n);
	rtb_free(&out);
	rtb_free(&exp);
}

/* Hex lists wrap as regedit wraps them (1.7.3 "Export format"): after an
 * item's comma once the line is 77 characters long, so continuation lines
 * hold two blanks and 25 items and the first line holds as many as its
 * prefix leaves room for.  The expected lines are copied from real regedit
 * exports (../shared/realworld/reg, PROVENANCE.md): L2SecExt.reg,
 * alarms.reg (5.00 files stored as 8-bit text) and SampleRM.reg (UTF-16).
 * Prefix lengths 0, 1 and 2 mod 3 are all here: comscan once wrapped one
 * item early for 0 and 1. */
static const char launch_permission[] =
    "\"LaunchPermission\"=hex:01,00,04,80,70,00,00,00,80,00,00,00,00,00,00,00,14,00,\\\r\n"
    "  00,00,02,00,5c,00,04,00,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,00,\\\r\n"
    "  05,12,00,00,00,00,00,18,00,1f,00,00,00,01,02,00,00,00,00,00,05,20,00,00,00,\\\r\n"
    "  20,02,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,00,05,04,00,00,00,00,\\\r\n"
    "  00,14,00,0b,00,00,00,01,01,00,00,00,00,00,05,13,00,00,00,01,02,00,00,00,00,\\\r\n"
    "  00,05,20,00,00,00,20,02,00,00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,\\\r\n"
    "  00\r\n";
static const char alarms_icon[] =
    "\"Icon\"=hex(2):25,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,46,00,69,00,6c,\\\r\n"
    "  00,65,00,73,00,25,00,5c,00,4d,00,69,00,63,00,72,00,6f,00,73,00,6f,00,66,00,\\\r\n"
    "  74,00,20,00,53,00,44,00,4b,00,73,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,\\\r\n"
    "  00,73,00,5c,00,76,00,37,00,2e,00,30,00,5c,00,53,00,61,00,6d,00,70,00,6c,00,\\\r\n"
    "  65,00,73,00,5c,00,57,00,69,00,6e,00,55,00,49,00,5c,00,53,00,69,00,64,00,65,\\\r\n"
    "  00,53,00,68,00,6f,00,77,00,5c,00,41,00,6c,00,61,00,72,00,6d,00,73,00,5c,00,\\\r\n"
    "  41,00,6c,00,61,00,72,00,6d,00,73,00,2e,00,69,00,63,00,6f,00,00,00\r\n";
static const char alarms_endpoints[] =
    "\"Endpoints\"=hex(7):7b,00,41,00,39,00,41,00,35,00,33,00,35,00,33,00,46,00,2d,00,\\\r\n"
    "  32,00,44,00,34,00,42,00,2d,00,34,00,37,00,63,00,65,00,2d,00,39,00,33,00,45,\\\r\n"
    "  00,45,00,2d,00,37,00,35,00,39,00,46,00,33,00,41,00,37,00,44,00,44,00,41,00,\\\r\n"
    "  34,00,46,00,7d,00,00,00,00,00\r\n";
static const char samplerm_inproc[] =
    "@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\\\r\n"
    "  00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,53,00,61,00,\\\r\n"
    "  6d,00,70,00,6c,00,65,00,52,00,4d,00,2e,00,64,00,6c,00,6c,00,00,00\r\n";

/* Parses "5.00 header, one key, value_lines", writes it back, and asserts
 * the output holds value_lines unchanged (in UTF-16LE). */
static void
expect_value_lines_kept(const char *what, const char *value_lines)
{
	rtb_bytes in = { NULL, 0, 0 }, want, out;
	static const char head[] = R5 "\r\n[HKEY_CURRENT_USER\\a]\r\n";
	comscan_registry *r;
	size_t i;
	bool found = false;
	rtb_append(&in, head, sizeof head - 1);
	rtb_append(&in, value_lines, strlen(value_lines));
	r = rtb_open(in.p, in.n, 0, NULL);
	assert_int_equal(comscan_registry_value_count(r), 1);
	out = rtb_write_reg(r);
	want = rtb_utf16(value_lines, strlen(value_lines), false, false);
	for (i = 0; !found && want.n <= out.n && i <= out.n - want.n; i += 2)
		found = memcmp(out.p + i, want.p, want.n) == 0;
	if (!found) {
		print_message("--- want\n%s--- got\n", value_lines);
		for (i = 2; i + 1 < out.n; i += 2)
			print_message("%c", out.p[i]);
		fail_msg("%s: regedit's lines are not reproduced", what);
	}
	rtb_free(&out);
	rtb_free(&want);
	rtb_free(&in);
	comscan_registry_close(r);
}

static void
test_write_reg_wrapping(void **state)
{
	(void)state;
	expect_value_lines_kept("L2SecExt LaunchPermission", launch_permission); /* prefix 2 mod 3 */
	expect_value_lines_kept("alarms Icon", alarms_icon);                     /* 2 mod 3 */
	expect_value_lines_kept("alarms Endpoints", alarms_endpoints);           /* 1 mod 3 */
	expect_value_lines_kept("SampleRM InProcServer32", samplerm_inproc);     /* 0 mod 3 */
}

/* ---- the handle's contract (comscan.h) ---------------------------------------------- */

static int
stop_sink(void *ctx, const char *data, size_t len)
{
	(void)data, (void)len;
	return ++*(int *)ctx == 1 ? 7 : 0; /* output may come in one call */
}

static int
stop_visitor(void *ctx, const comscan_registry_item *it)
{
	(void)it;
	return ++*(int *)ctx == 3 ? 42 : 0;
}

/* comscan.h: misuse gives COMSCAN_ERR_INVALID or -1, NULL handles are
 * harmless, other kinds give an empty tree, a sink's or visitor's non-zero
 * return stops and is returned */
static void
test_registry_api(void **state)
{
	static const char text[] = R4 "[HKEY_CURRENT_USER\\a]\r\n\"x\"=\"y\"\r\n";
	comscan_registry *reg = (comscan_registry *)&reg;
	comscan_options o;
	int n = 0;
	(void)state;
	assert_int_equal(comscan_registry_open(NULL, 5, NULL, &reg), COMSCAN_ERR_INVALID);
	assert_null(reg);
	assert_int_equal(comscan_registry_open(text, sizeof text - 1, NULL, NULL), COMSCAN_ERR_INVALID);
	comscan_options_init(&o);
	o.flags = 0x80000000u;
	reg = (comscan_registry *)&reg;
	assert_int_equal(comscan_registry_open(text, sizeof text - 1, &o, &reg), COMSCAN_ERR_INVALID);
	assert_null(reg);
	comscan_registry_close(NULL);
	assert_int_equal(comscan_registry_kind(NULL), COMSCAN_KIND_UNKNOWN);
	assert_null(comscan_registry_findings(NULL));
	assert_int_equal(comscan_registry_key_count(NULL), 0);
	assert_int_equal(comscan_registry_value_count(NULL), 0);
	assert_int_equal(comscan_registry_walk(NULL, stop_visitor, &n), -1);
	/* an empty input and a PE: empty trees */
	assert_int_equal(comscan_registry_open(NULL, 0, NULL, &reg), COMSCAN_OK);
	assert_int_equal(comscan_registry_kind(reg), COMSCAN_KIND_EMPTY);
	assert_int_equal(comscan_registry_key_count(reg), 0);
	comscan_registry_close(reg);
	assert_int_equal(comscan_registry_open("MZ\0\0", 4, NULL, &reg), COMSCAN_OK);
	assert_int_equal(comscan_registry_kind(reg), COMSCAN_KIND_PE);
	assert_int_equal(comscan_registry_key_count(reg) + comscan_registry_value_count(reg), 0);
	comscan_registry_close(reg);
	/* stops */
	reg = rtb_open(text, sizeof text - 1, 0, NULL);
	assert_int_equal(comscan_registry_walk(reg, NULL, NULL), -1);
	assert_int_equal(comscan_registry_write_tsv(reg, NULL, NULL), -1);
	assert_int_equal(comscan_registry_write_reg(reg, NULL, NULL), -1);
	assert_int_equal(comscan_registry_walk(reg, stop_visitor, &n), 42);
	assert_int_equal(n, 3);
	n = 0;
	assert_int_equal(comscan_registry_write_reg(reg, stop_sink, &n), 7);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(comscan_registry_write_tsv(reg, stop_sink, &n), 7);
	assert_int_equal(n, 1);
	comscan_registry_close(reg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip_com),
		cmocka_unit_test(test_roundtrip_types),
		cmocka_unit_test(test_roundtrip_escapes),
		cmocka_unit_test(test_roundtrip_keys),
		cmocka_unit_test(test_roundtrip_encodings),
		cmocka_unit_test(test_roundtrip_odd_inputs),
		cmocka_unit_test(test_roundtrip_long_names),
		cmocka_unit_test(test_roundtrip_realworld),
		cmocka_unit_test(test_write_reg_exact),
		cmocka_unit_test(test_write_reg_wrapping),
		cmocka_unit_test(test_registry_api),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
