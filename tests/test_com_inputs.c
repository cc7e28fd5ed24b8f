/*
 * test_com_inputs.c - the COM registration model (comscan_com_build) over
 * its inputs: several inputs merged with provenance ("NAME:LINE"), the
 * registry semantics the tree applies (last write wins, deletions),
 * inputs that are not registry dumps, misuse, HKLM\SOFTWARE\Microsoft\COM3
 * (regtext.md 5.4), a UTF-16LE 5.00 input, options (compat mode,
 * max_findings), a check that every com.* code of the catalogue can be
 * raised, allocation failure at every allocation, and the real-world
 * .reg files of ../shared/realworld/reg when they are there (skipped
 * otherwise).  Runs from the repository root.
 *
 * Discrepancies are disabled with #if 0 (DISCREPANCY n; see
 * test_com_model.c).
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "comscan/comscan.h"
#include "support/comtest.h"
#include "support/tbuf.h"
#include "support/failalloc.h"
#include "support/comtexts.h"

/* ======================================================================
 * several inputs, provenance
 * ====================================================================== */

static const char multi_a[] =
    R4
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
    "@=\"A from a\"\n"
    "\"AppID\"=\"" APP_1 "\"\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
    "@=\"a.dll\"\n"
    "[HKEY_CLASSES_ROOT\\B.Prog\\CLSID]\n"
    "@=\"" CLS_B "\"\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "\\InprocServer32]\n"
    "@=\"c-from-a.dll\"\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_D "\\InprocServer32]\n"
    "@=\"d.dll\"\n"
    "\"ThreadingModel\"=\"Weird\"\n";

static const char multi_b[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "; b registers the AppID of a, B for a's ProgID, C again and D the same\r\n"
    "[HKEY_CLASSES_ROOT\\AppID\\" APP_1 "]\r\n"
    "@=\"app\"\r\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\LocalServer32]\r\n"
    "@=\"b.exe\"\r\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "\\InprocServer32]\r\n"
    "@=\"c-from-b.dll\"\r\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_D "\\InprocServer32]\r\n"
    "@=\"d.dll\"\r\n"
    "[HKEY_CLASSES_ROOT\\Interface\\" IID_1 "\\ProxyStubClsid32]\r\n"
    "@=\"" CLS_MISSING "\"\r\n"
    "\"Bad\"=dword:123456789\r\n";

/* Inputs are merged: references resolve across them; every class and
 * finding names its input ("NAME:LINE"; finding source = NAME), including
 * the findings of each input's parse; within one view the later input's
 * registration is the effective one (as importing them in order). */
static void
test_multi_input(void **state)
{
	comscan_com_input in[2];
	comscan_com *m;
	const comscan_com_class *c;
	const comscan_finding *f;
	char src[64];
	size_t i;
	(void)state;
	in[0].data = multi_a, in[0].size = strlen(multi_a), in[0].name = "dir/a.reg";
	in[1].data = multi_b, in[1].size = strlen(multi_b), in[1].name = "b.reg";
	m = t_build(in, 2);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 6);
	c = t_get(m, CLS_A, HKCR);
	snprintf(src, sizeof src, "dir/a.reg:%u", (unsigned)t_line_of(multi_a, CLS_A "]"));
	assert_string_equal(c->source, src);
	c = t_get(m, CLS_B, HKCR);
	snprintf(src, sizeof src, "b.reg:%u", (unsigned)t_line_of(multi_b, CLS_B));
	assert_string_equal(c->source, src);
	assert_ptr_equal(comscan_com_progid_find(m, "B.Prog"), c);
	/* C: two registrations in HKEY_CLASSES_ROOT; b (the later input) wins */
	c = comscan_com_class_find(m, CLS_C);
	t_str_eq(c->inproc_server, "c-from-b.dll");
	snprintf(src, sizeof src, "b.reg:%u", (unsigned)t_line_of(multi_b, CLS_C));
	assert_string_equal(c->source, src);
	for (i = 0; i < comscan_com_class_count(m); i++) {
		const comscan_com_class *k = comscan_com_class_at(m, i);
		if (strcmp(k->clsid, CLS_C) == 0 && !k->effective) {
			t_str_eq(k->inproc_server, "c-from-a.dll");
			snprintf(src, sizeof src, "dir/a.reg:%u", (unsigned)t_line_of(multi_a, CLS_C));
			assert_string_equal(k->source, src);
		}
	}
	f = t_expect1(m, "com.class.conflict", multi_a, CLS_C, "dir/a.reg");
	/* D is identical in both: no conflict; its ThreadingModel finding is a's */
	t_expect1(m, "com.threading.invalid", multi_a, "Weird", "dir/a.reg");
	/* resolved across inputs: no appid/progid dangling */
	assert_int_equal(t_count(m, "com.appid.dangling"), 0);
	assert_int_equal(t_count(m, "com.progid.dangling"), 0);
	t_expect1(m, "com.interface.proxy-unregistered", multi_b, IID_1, "b.reg");
	/* the parse finding of b (a 9-digit dword is dropped) is stamped with b */
	f = NULL;
	for (i = 0; i < comscan_findings_count(comscan_com_findings(m)); i++) {
		const comscan_finding *g = comscan_findings_at(comscan_com_findings(m), i);
		if (strncmp(g->code, "regtext.", 8) == 0) {
			assert_null(f);
			f = g;
		}
	}
	assert_non_null(f);
	assert_non_null(f->source);
	assert_string_equal(f->source, "b.reg");
	assert_int_equal(f->line, t_line_of(multi_b, "123456789"));
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 4);
	comscan_com_close(m);
}

/* The same input given twice: every registration twice, identical, so
 * no conflict; the first input's are shadowed by the second's. */
static void
test_same_input_twice(void **state)
{
	comscan_com_input in[2];
	comscan_com *m;
	size_t i;
	(void)state;
	in[0].data = full_text, in[0].size = strlen(full_text), in[0].name = "one";
	in[1] = in[0];
	in[1].name = "two";
	m = t_build(in, 2);
	t_no_findings(m);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 4);
	for (i = 0; i < 4; i++) {
		const comscan_com_class *c = comscan_com_class_at(m, i);
		char src[64];
		snprintf(src, sizeof src, "%s:%u", i % 2 == 0 ? "two" : "one",
		    (unsigned)t_line_of(full_text, i < 2 ? CLS_A "]" : CLS_B "]"));
		assert_int_equal(c->effective, i % 2 == 0);
		assert_string_equal(c->source, src);
	}
	comscan_com_close(m);
}

/* The model is built from the tree the file leaves (comscan.h: the last
 * write wins, [-key] deletes a subtree, @=- deletes the default value). */
static void
test_reg_semantics(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"old.dll\"\n"
	    "\"ThreadingModel\"=\"Bogus\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\InprocServer32]\n"
	    "@=\"b.dll\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
	    "@=\"A\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"new.dll\"\n"
	    "\"ThreadingModel\"=\"Free\"\n"
	    "[-HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "]\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "\\LocalServer32]\n"
	    "@=\"c.exe\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "\\LocalServer32]\n"
	    "@=-\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_D "\\InprocServer32]\n"
	    "@=\"d.dll\"\n"
	    "[-HKEY_CLASSES_ROOT\\CLSID\\" CLS_D "\\InprocServer32]\n";
	comscan_com *m;
	const comscan_com_class *c;
	char src[64];
	(void)state;
	m = t_build1("s.reg", text);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 3);
	assert_null(comscan_com_class_find(m, CLS_B));
	c = comscan_com_class_find(m, CLS_A);
	t_str_eq(c->name, "A");
	t_str_eq(c->inproc_server, "new.dll");
	t_str_eq(c->threading_model, "Free");
	/* the line that names the CLSID key itself, not the earlier line
	 * that created it as a parent (core/memtree.h) */
	snprintf(src, sizeof src, "s.reg:%u",
	    (unsigned)t_line_of(text, "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]"));
	assert_string_equal(c->source, src);
	c = comscan_com_class_find(m, CLS_C);
	t_str_eq(c->local_server, "");
	/* the LocalServer32 key was created on its first line */
	t_expect1(m, "com.server.no-path", text, CLS_C "\\LocalServer32]\n@=\"c.exe", "s.reg");
	c = comscan_com_class_find(m, CLS_D);
	t_str_eq(c->inproc_server, NULL);
	t_expect1(m, "com.class.no-server", text, CLS_D "\\InprocServer32]\n@=", "s.reg");
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 2);
	comscan_com_close(m);
}

/* An input without a name still builds; its classes have a source. */
static void
test_unnamed_input(void **state)
{
	comscan_com_input in;
	comscan_com *m;
	const comscan_com_class *c;
	size_t n;
	(void)state;
	in.data = noserver_text, in.size = strlen(noserver_text), in.name = NULL;
	m = t_build(&in, 1);
	t_invariants(m);
	c = comscan_com_class_at(m, 0);
	n = strlen(c->source);
	assert_true(n > 2);
	assert_string_equal(c->source + n - 2, ":3");
	assert_int_equal(t_count(m, "com.class.no-server"), 5);
	comscan_com_close(m);
}

/* ======================================================================
 * inputs that are not registry dumps; misuse
 * ====================================================================== */

/* A CLB, plain text, an empty input and unknown bytes each give
 * com.input.not-registry (error, no offset, no line) after the scan's own
 * findings for that kind, all stamped with the input's name; a good input
 * beside them still contributes its classes. */
static void
test_not_registry(void **state)
{
	static const uint8_t unknown[] = { 0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00, 0x80 };
	static const char text[] = "hello, world\nthis is not a registry export\n";
	comscan_com_input in[5];
	comscan_com *m;
	const comscan_findings *fs;
	static const char *const names[] = { "catalog.clb", "notes.txt", "empty.reg", "junk.bin" };
	static const char *const first[] = { NULL, "scan.file.text-placeholder",
		"scan.file.zero-bytes", "scan.file.unknown-signature" };
	size_t i, k, notreg = 0;
	(void)state;
	in[0].data = "BSJB", in[0].size = 4, in[0].name = names[0];
	in[1].data = text, in[1].size = strlen(text), in[1].name = names[1];
	in[2].data = NULL, in[2].size = 0, in[2].name = names[2];
	in[3].data = unknown, in[3].size = sizeof unknown, in[3].name = names[3];
	in[4].data = full_text, in[4].size = strlen(full_text), in[4].name = "full.reg";
	m = t_build(in, 5);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 2);
	fs = comscan_com_findings(m);
	assert_int_equal(t_count(m, "com.input.not-registry"), 4);
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		assert_non_null(f->source);
		if (strcmp(f->code, "com.input.not-registry") != 0)
			continue;
		t_check_row(f);
		assert_int_equal(f->offset, COMSCAN_NO_OFFSET);
		assert_int_equal(f->line, 0);
		assert_int_equal(f->column, 0);
		assert_string_equal(f->source, names[notreg]);
		/* the scan's findings for that input come first, stamped the same */
		if (first[notreg] != NULL) {
			assert_true(i > 0);
			assert_string_equal(comscan_findings_at(fs, i - 1)->code, first[notreg]);
			assert_string_equal(comscan_findings_at(fs, i - 1)->source, names[notreg]);
		} else {
			size_t clb = 0;
			for (k = 0; k < i; k++) {
				const comscan_finding *g = comscan_findings_at(fs, k);
				if (strcmp(g->source, names[0]) == 0) {
					assert_int_equal(strncmp(g->code, "clb.", 4), 0);
					clb++;
				}
			}
			assert_true(clb >= 1);
		}
		notreg++;
	}
	assert_int_equal(notreg, 4);
	assert_int_equal(comscan_findings_verdict(fs), COMSCAN_VERDICT_CORRUPT);
	assert_true(comscan_findings_classes(fs) & 1u << COMSCAN_CLASS_BAD_SIGNATURE);
	/* no finding of the good input */
	for (i = 0; i < comscan_findings_count(fs); i++)
		assert_string_not_equal(comscan_findings_at(fs, i)->source, "full.reg");
	comscan_com_close(m);
}

/* Misuse and empty builds: *out always set; NULL-safe accessors. */
static void
test_misuse(void **state)
{
	comscan_com_input in[2];
	comscan_com *m = (comscan_com *)(uintptr_t)1;
	comscan_com3 c3;
	comscan_options o;
	(void)state;
	assert_int_equal(comscan_com_build(NULL, 1, NULL, &m), COMSCAN_ERR_INVALID);
	assert_null(m);
	in[0].data = NULL, in[0].size = 3, in[0].name = "x";
	m = (comscan_com *)(uintptr_t)1;
	assert_int_equal(comscan_com_build(in, 1, NULL, &m), COMSCAN_ERR_INVALID);
	assert_null(m);
	in[0].data = full_text, in[0].size = strlen(full_text);
	assert_int_equal(comscan_com_build(in, 1, NULL, NULL), COMSCAN_ERR_INVALID);
	comscan_options_init(&o);
	o.flags = 0x80000000u;
	m = (comscan_com *)(uintptr_t)1;
	assert_int_equal(comscan_com_build(in, 1, &o, &m), COMSCAN_ERR_INVALID);
	assert_null(m);

	m = (comscan_com *)(uintptr_t)1;
	assert_int_equal(comscan_com_build(NULL, 0, NULL, &m), COMSCAN_OK);
	assert_non_null(m);
	assert_int_equal(comscan_com_class_count(m), 0);
	assert_null(comscan_com_class_at(m, 0));
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 0);
	assert_int_equal(comscan_findings_verdict(comscan_com_findings(m)), COMSCAN_VERDICT_HEALTHY);
	assert_null(comscan_com_class_find(m, CLS_A));
	assert_null(comscan_com_progid_find(m, "x"));
	memset(&c3, 0xAA, sizeof c3);
	comscan_com_get_com3(m, &c3);
	assert_int_equal(c3.present, 0);
	assert_int_equal(c3.has_regdb_version, 0);
	assert_int_equal(c3.has_enabled, 0);
	assert_null(c3.source);
	comscan_com_close(m);

	/* NULL handle */
	comscan_com_close(NULL);
	assert_null(comscan_com_findings(NULL));
	assert_int_equal(comscan_com_class_count(NULL), 0);
	assert_null(comscan_com_class_at(NULL, 0));
	memset(&c3, 0xAA, sizeof c3);
	comscan_com_get_com3(NULL, &c3);
	assert_int_equal(c3.present, 0);
	assert_null(c3.source);
}

/* ======================================================================
 * HKLM\SOFTWARE\Microsoft\COM3 (regtext.md 5.4)
 * ====================================================================== */

/* Builds text and returns its COM3 view (the model in *out). */
static comscan_com3
com3_of(const char *text, comscan_com **out)
{
	comscan_com3 c3;
	*out = t_build1("c3.reg", text);
	memset(&c3, 0xAA, sizeof c3);
	comscan_com_get_com3(*out, &c3);
	return c3;
}

#define COM3_KEY "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\n"

/* REGDBVersion as an 8-byte REG_BINARY and COM+ Enabled as a REG_DWORD:
 * values, source, no finding; COM+ Enabled 0 is com.com3.disabled. */
static void
test_com3_valid(void **state)
{
	static const char ok[] =
	    R4 "; machine\n" COM3_KEY
	    "\"REGDBVersion\"=hex:0d,00,00,00,00,00,00,01\n"
	    "\"COM+ Enabled\"=dword:00000001\n"
	    "\"BuildNumber\"=dword:00001db0\n";
	static const char off[] =
	    R4 COM3_KEY
	    "\"COM+ Enabled\"=dword:00000000\n";
	static const char hex3[] =
	    R4 COM3_KEY
	    "\"REGDBVersion\"=hex(3):ff,fe,fd,fc,fb,fa,f9,f8\n"
	    "\"com+ enabled\"=hex(4):02,00,00,00\n";
	static const uint8_t v_ok[8] = { 0x0d, 0, 0, 0, 0, 0, 0, 0x01 };
	static const uint8_t v_hex3[8] = { 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8 };
	comscan_com *m;
	comscan_com3 c3;
	(void)state;
	c3 = com3_of(ok, &m);
	t_no_findings(m);
	assert_int_equal(c3.present, 1);
	assert_int_equal(c3.has_regdb_version, 1);
	assert_memory_equal(c3.regdb_version, v_ok, 8);
	assert_int_equal(c3.has_enabled, 1);
	assert_int_equal(c3.enabled, 1);
	assert_non_null(c3.source);
	assert_string_equal(c3.source, "c3.reg:4");
	assert_int_equal(comscan_com_class_count(m), 0);
	comscan_com_close(m);

	c3 = com3_of(off, &m);
	t_expect1(m, "com.com3.disabled", off, "COM+ Enabled", "c3.reg");
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 1);
	assert_int_equal(comscan_findings_verdict(comscan_com_findings(m)), COMSCAN_VERDICT_CORRUPT);
	assert_int_equal(c3.present, 1);
	assert_int_equal(c3.has_regdb_version, 0);
	assert_int_equal(c3.has_enabled, 1);
	assert_int_equal(c3.enabled, 0);
	assert_string_equal(c3.source, "c3.reg:3");
	comscan_com_close(m);

	c3 = com3_of(hex3, &m);
	t_no_findings(m);
	assert_int_equal(c3.has_regdb_version, 1);
	assert_memory_equal(c3.regdb_version, v_hex3, 8);
	assert_int_equal(c3.has_enabled, 1);
	assert_int_equal(c3.enabled, 2);
	comscan_com_close(m);
}

/* REGDBVersion of the wrong size or type: com.com3.regdbversion-invalid
 * (error) at the value's line; COM+ Enabled that is not a 4-byte
 * REG_DWORD: com.com3.enabled-invalid (warning). */
static void
test_com3_invalid(void **state)
{
	static const struct {
		const char *regdb;   /* value data text, or NULL */
		const char *enabled; /* value data text, or NULL */
	} cases[] = {
		{ "hex:0d,00,00,00,00,00,00", NULL },
		{ "hex:0d,00,00,00,00,00,00,00,00", NULL },
		{ "hex:", NULL },
		{ "hex(0):0d,00,00,00,00,00,00,00", NULL },
		{ "hex(b):0d,00,00,00,00,00,00,00", NULL },
		{ "dword:0000000d", NULL },
		{ "\"0d00000000000000\"", NULL },
		{ NULL, "\"1\"" },
		{ NULL, "hex(4):01,00" },
		{ NULL, "hex(4):01,00,00,00,00" },
		{ NULL, "hex(5):00,00,00,01" },
		{ NULL, "hex(b):01,00,00,00,00,00,00,00" },
		{ NULL, "hex:01,00,00,00" },
		{ "hex:01", "\"yes\"" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[512];
		comscan_com *m;
		comscan_com3 c3;
		size_t n = 0;
		snprintf(text, sizeof text, R4 COM3_KEY "%s%s%s%s%s%s",
		    cases[i].regdb ? "\"REGDBVersion\"=" : "", cases[i].regdb ? cases[i].regdb : "",
		    cases[i].regdb ? "\n" : "", cases[i].enabled ? "\"COM+ Enabled\"=" : "",
		    cases[i].enabled ? cases[i].enabled : "", cases[i].enabled ? "\n" : "");
		c3 = com3_of(text, &m);
		assert_int_equal(c3.present, 1);
		assert_int_equal(c3.has_regdb_version, 0);
		assert_int_equal(c3.has_enabled, 0);
		if (cases[i].regdb) {
			t_expect1(m, "com.com3.regdbversion-invalid", text, "REGDBVersion", "c3.reg");
			n++;
		}
		if (cases[i].enabled) {
			t_expect1(m, "com.com3.enabled-invalid", text, "COM+ Enabled", "c3.reg");
			n++;
		}
		assert_int_equal(comscan_findings_count(comscan_com_findings(m)), n);
		comscan_com_close(m);
	}
}

/* Every COM3 key of every input is checked: two inputs with COM+
 * disabled give two findings, each with its input's name. */
static void
test_com3_two_inputs(void **state)
{
	static const char a[] = R4 COM3_KEY "\"COM+ Enabled\"=dword:00000000\n";
	static const char b[] = R4 "\n" COM3_KEY "\"COM+ Enabled\"=dword:00000000\n"
	    "\"REGDBVersion\"=hex:01,02\n";
	comscan_com_input in[2];
	comscan_com *m;
	comscan_com3 c3;
	(void)state;
	in[0].data = a, in[0].size = strlen(a), in[0].name = "a.reg";
	in[1].data = b, in[1].size = strlen(b), in[1].name = "b.reg";
	m = t_build(in, 2);
	assert_int_equal(t_count(m, "com.com3.disabled"), 2);
	t_check_at(t_nth(m, "com.com3.disabled", 0), a, t_line_of(a, "COM+"), "a.reg");
	t_check_at(t_nth(m, "com.com3.disabled", 1), b, t_line_of(b, "COM+"), "b.reg");
	t_expect1(m, "com.com3.regdbversion-invalid", b, "REGDBVersion", "b.reg");
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 3);
	comscan_com_get_com3(m, &c3);
	assert_int_equal(c3.present, 1);
	assert_int_equal(c3.has_enabled, 1);
	assert_int_equal(c3.enabled, 0);
	comscan_com_close(m);
}

/* No COM3 key, or COM3 elsewhere: not present. */
static void
test_com3_absent(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\COM3]\n"
	    "\"COM+ Enabled\"=dword:00000000\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3x]\n"
	    "\"COM+ Enabled\"=dword:00000000\n"
	    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Microsoft\\COM3]\n"
	    "\"COM+ Enabled\"=dword:00000000\n";
	comscan_com *m;
	comscan_com3 c3 = com3_of(text, &m);
	(void)state;
	t_no_findings(m);
	assert_int_equal(c3.present, 0);
	assert_int_equal(c3.has_regdb_version, 0);
	assert_int_equal(c3.has_enabled, 0);
	assert_null(c3.source);
	comscan_com_close(m);
}

/* ======================================================================
 * a UTF-16LE "Windows Registry Editor Version 5.00" input
 * ====================================================================== */


/* UTF-16LE with BOM and CRLF (regtext.md 2): hex(2) UTF-16 payload over
 * continuation lines, non-ASCII (BMP and a surrogate pair) as UTF-8,
 * findings at the byte offset of their line in the UTF-16 file. */
static void
test_utf16_input(void **state)
{
	static const uint8_t v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	comscan_com_input in;
	comscan_com *m;
	const comscan_com_class *c;
	const comscan_finding *f;
	comscan_com3 c3;
	size_t len;
	uint8_t *data = t_utf16(u16_text, &len);
	uint32_t line;
	char src[64];
	(void)state;
	in.data = data, in.size = len, in.name = "u16.reg";
	m = t_build(&in, 1);
	free(data); /* inputs are borrowed during the build only */
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 1);
	c = comscan_com_class_at(m, 0);
	assert_string_equal(c->clsid, "{41DC5063-AFAF-47DF-86B3-4B2ED82A82CF}");
	assert_string_equal(c->view, HKLMC);
	t_str_eq(c->name, "Caf\xc3\xa9 \xe2\x98\x95 \xf0\x9f\x98\x80 \xe4\xb8\xad");
	t_str_eq(c->inproc_server, "%SystemRoot%\\system32\\SampleRM.dll");
	t_str_eq(c->threading_model, "Both");
	t_str_eq(c->local_server, "");
	assert_string_equal(c->source, "u16.reg:3");
	assert_ptr_equal(comscan_com_progid_find(m, "\xc3\x9c\x62\x65r.Prog"), c);
	assert_ptr_equal(comscan_com_progid_find(m, "\xc3\x9c\x42\x45R.PROG"), c);

	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 2);
	line = t_line_of(u16_text, "\\LocalServer32]");
	f = t_at_line(m, "com.server.no-path", line);
	t_check_row(f);
	assert_int_equal(f->offset, (uint64_t)t_line_off16(u16_text, line));
	assert_string_equal(f->source, "u16.reg");
	f = t_at_line(m, "com.threading.on-local-server", line);
	t_check_row(f);
	assert_int_equal(f->offset, (uint64_t)t_line_off16(u16_text, line));

	comscan_com_get_com3(m, &c3);
	assert_int_equal(c3.present, 1);
	assert_int_equal(c3.has_regdb_version, 1);
	assert_memory_equal(c3.regdb_version, v, 8);
	assert_int_equal(c3.enabled, 1);
	snprintf(src, sizeof src, "u16.reg:%u", (unsigned)t_line_of(u16_text, "\\COM3]"));
	assert_string_equal(c3.source, src);
	assert_string_equal(src, "u16.reg:17");
	comscan_com_close(m);
}

/* ======================================================================
 * options: compat mode, max_findings
 * ====================================================================== */

/* com.* severities do not change in Windows-compatible mode; the
 * max_findings limit keeps the first findings, counts the rest and
 * appends core.findings.limit-exceeded. */
static void
test_options(void **state)
{
	comscan_com_input in;
	comscan_options o;
	comscan_com *m, *all;
	const comscan_findings *fs, *fa;
	size_t i;
	(void)state;
	in.data = refs_text, in.size = strlen(refs_text), in.name = "r.reg";
	all = t_build(&in, 1);
	fa = comscan_com_findings(all);
	assert_int_equal(comscan_findings_count(fa), 10);

	comscan_options_init(&o);
	o.flags = COMSCAN_FLAG_REG_COMPAT;
	m = t_build_opts(&in, 1, &o);
	fs = comscan_com_findings(m);
	assert_int_equal(comscan_findings_count(fs), comscan_findings_count(fa));
	for (i = 0; i < comscan_findings_count(fs); i++) {
		assert_string_equal(comscan_findings_at(fs, i)->code, comscan_findings_at(fa, i)->code);
		assert_int_equal(comscan_findings_at(fs, i)->severity,
		    comscan_findings_at(fa, i)->severity);
	}
	comscan_com_close(m);

	comscan_options_init(&o);
	o.limits.max_findings = 3;
	m = t_build_opts(&in, 1, &o);
	fs = comscan_com_findings(m);
	assert_int_equal(comscan_findings_count(fs), 4);
	for (i = 0; i < 3; i++)
		assert_string_equal(comscan_findings_at(fs, i)->code, comscan_findings_at(fa, i)->code);
	assert_string_equal(comscan_findings_at(fs, 3)->code, "core.findings.limit-exceeded");
	assert_int_equal(comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING),
	    comscan_findings_tally(fa, COMSCAN_SEVERITY_WARNING) + 1);
	assert_int_equal(comscan_findings_classes(fs) & ~(1u << COMSCAN_CLASS_LIMIT_EXCEEDED),
	    comscan_findings_classes(fa));
	assert_int_equal(comscan_com_class_count(m), comscan_com_class_count(all));
	comscan_com_close(m);
	comscan_com_close(all);
}

/* ======================================================================
 * every com.* code can be raised
 * ====================================================================== */

/* One input per code family; together they raise every com.* code. */
static void
test_every_code(void **state)
{
	static const char com3_bad[] =
	    R4 COM3_KEY "\"REGDBVersion\"=hex:01\n\"COM+ Enabled\"=\"1\"\n";
	static const char com3_off[] = R4 COM3_KEY "\"COM+ Enabled\"=dword:00000000\n";
	const struct {
		const char *data;
		size_t size;
	} inputs[] = {
		{ "not a registry", 14 },
		{ guidkeys_text, sizeof guidkeys_text - 1 },
		{ guidvals_text, sizeof guidvals_text - 1 },
		{ servers_text, sizeof servers_text - 1 },
		{ noserver_text, sizeof noserver_text - 1 },
		{ refs_text, sizeof refs_text - 1 },
		{ prec_text, sizeof prec_text - 1 },
		{ com3_bad, sizeof com3_bad - 1 },
		{ com3_off, sizeof com3_off - 1 },
		{ "REGEDIT4\n[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\LocalServer32]\n@=\"x\"\n"
		  "\"ThreadingModel\"=\"Both\"\n[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\InprocServer32]\n"
		  "@=\"x\"\n\"ThreadingModel\"=\"x\"\n", 0 },
	};
	bool seen[N_COM_CODES] = { false };
	char missing[2048] = "";
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		comscan_com_input in;
		comscan_com *m;
		const comscan_findings *fs;
		in.data = inputs[i].data;
		in.size = inputs[i].size ? inputs[i].size : strlen(inputs[i].data);
		in.name = "every";
		m = t_build(&in, 1);
		fs = comscan_com_findings(m);
		for (k = 0; k < comscan_findings_count(fs); k++) {
			const comscan_finding *f = comscan_findings_at(fs, k);
			size_t r;
			if (strncmp(f->code, "com.", 4) != 0)
				continue;
			t_check_row(f);
			for (r = 0; r < N_COM_CODES; r++)
				if (strcmp(com_code_rows[r].code, f->code) == 0)
					seen[r] = true;
		}
		comscan_com_close(m);
	}
	/* every com.* code of the catalogue, not only of the expected rows */
	for (i = 0; i < comscan_code_count(); i++) {
		const char *code = comscan_code_at(i)->code;
		bool hit = false;
		if (strncmp(code, "com.", 4) != 0)
			continue;
		for (k = 0; k < N_COM_CODES; k++)
			if (strcmp(com_code_rows[k].code, code) == 0)
				hit = seen[k];
		if (!hit) {
			strncat(missing, " ", sizeof missing - strlen(missing) - 1);
			strncat(missing, code, sizeof missing - strlen(missing) - 1);
		}
	}
	if (missing[0] != '\0')
		fail_msg("com.* codes never raised:%s", missing);
}

/* ======================================================================
 * allocation failure
 * ====================================================================== */

static const char oom_c[] =
    R4
    "[HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\" CLS_A "\\InprocServer32]\n"
    "@=\"user.dll\"\n"
    "[HKEY_USERS\\S-1-5-21-7_Classes\\WOW6432Node\\CLSID\\" CLS_B "\\InprocServer32]\n"
    "@=\"\"\n"
    "[HKEY_USERS\\S-1-5-21-7\\Software\\Classes\\Dangling.Prog\\CLSID]\n"
    "@=\"" CLS_MISSING "\"\n"
    "[HKEY_CLASSES_ROOT\\Other.Prog\\CLSID]\n"
    "@=\"" CLS_F "\"\n";

/* The inputs of the OOM test: several views, every kind of record and
 * most findings, a UTF-16 input and a non-registry one.  No ProgID with a
 * malformed CLSID: that path crashes under allocation failure
 * (test_oom_bad_progid). */
static void
oom_inputs(comscan_com_input in[6], uint8_t **u16)
{
	size_t len;
	*u16 = t_utf16(u16_text, &len);
	in[0].data = full_text, in[0].size = strlen(full_text), in[0].name = "full.reg";
	in[1].data = refs_text, in[1].size = strlen(refs_text), in[1].name = "refs.reg";
	in[2].data = prec_text, in[2].size = strlen(prec_text), in[2].name = "prec.reg";
	in[3].data = *u16, in[3].size = len, in[3].name = "u16.reg";
	in[4].data = "BSJB", in[4].size = 4, in[4].name = "x.clb";
	in[5].data = oom_c, in[5].size = strlen(oom_c), in[5].name = "c.reg";
}

/* Renders a model's classes and findings into b (a fingerprint). */
static void
fingerprint(const comscan_com *m, tbuf *b)
{
	memset(b, 0, sizeof *b);
	assert_int_equal(comscan_com_render_json(m, tbuf_sink, b), 0);
}

/* One build with allocation k failing; returns whether that allocation
 * was reached.  A failed allocation gives COMSCAN_ERR_NOMEM and *out NULL
 * (comscan.h: "an allocation failed; nothing was returned"), never a
 * model with silently missing strings; a build the failure did not reach
 * equals want (the JSON of a build with malloc); nothing leaks and the
 * allocator contract holds either way. */
static bool
oom_once(const comscan_com_input *in, size_t n, size_t k, const char *what, const tbuf *want)
{
	failalloc fa;
	comscan_options o;
	comscan_com *m = (comscan_com *)(uintptr_t)1;
	comscan_status st;
	bool failed;
	failalloc_init(&fa, k);
	comscan_options_init(&o);
	o.allocator = &fa.a;
	st = comscan_com_build(in, n, &o, &m);
	failed = fa.failed;
	if (failed) {
		if (st != COMSCAN_ERR_NOMEM) {
			comscan_com_close(st == COMSCAN_OK ? m : NULL);
			fail_msg("%s: allocation %zu failed but the build returned %d (%s)", what, k,
			    (int)st, comscan_status_message(st));
		}
		assert_null(m);
	} else {
		tbuf got;
		assert_int_equal(st, COMSCAN_OK);
		assert_non_null(m);
		t_invariants(m);
		fingerprint(m, &got);
		assert_string_equal(got.p, want->p);
		tbuf_free(&got);
		memset(&got, 0, sizeof got);
		assert_int_equal(comscan_com_render_text(m, tbuf_sink, &got), 0);
		tbuf_free(&got);
		comscan_com_close(m);
	}
	if (fa.nlive != 0)
		fail_msg("%s: %zu blocks leaked when allocation %zu failed", what, fa.nlive, k);
	assert_int_equal(fa.misuse, 0);
	failalloc_fini(&fa);
	return failed;
}

/* Fails allocation k = 0, 1, 2, ... until a build completes untouched. */
static void
run_oom(const comscan_com_input *in, size_t n, const char *what)
{
	comscan_com *ref;
	tbuf want;
	size_t k;
	ref = t_build(in, n);
	fingerprint(ref, &want);
	comscan_com_close(ref);
	for (k = 0; oom_once(in, n, k, what, &want); k++)
		if (k > 200000)
			fail_msg("%s: no end to the allocations", what);
	assert_true(k > 10);
	tbuf_free(&want);
}

/* Every allocation of a small build and of a six-input build (several
 * views, every kind of record and finding, UTF-16, a non-registry
 * input).  Found failing before the model turned a failed scratch-string
 * allocation into ctx->nomem: allocation 27 of the small build returned
 * COMSCAN_OK with name NULL, inproc_server "", source "" and a false
 * com.server.bad-type (fixed in parser/com/collect.c while this test was
 * written). */
static void
test_oom(void **state)
{
	static const char small[] =
	    "REGEDIT4\n[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n@=\"Name\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n@=\"a.dll\"\n";
	comscan_com_input in[6];
	uint8_t *u16;
	(void)state;
	in[0].data = small, in[0].size = strlen(small), in[0].name = "t.reg";
	run_oom(in, 1, "small");
	oom_inputs(in, &u16);
	run_oom(in, 6, "six inputs");
	free(u16);
}

/* A crash once (comscan.h: a failed allocation gives COMSCAN_ERR_NOMEM):
 * collect_progids interned the ProgID's name and, when that allocation
 * failed and the ProgID's CLSID was not a braced GUID, still reported
 * "ProgID %s" with m->arena + p->name, i.e. arena + SIZE_MAX (UBSan:
 * pointer overflow; an out-of-bounds read without UBSan).  The name must be long enough that interning it grows
 * the arena: a 200-character ProgID whose CLSID is "nope" (with the code
 * as of this writing, failing the 28th of the build's 33 allocations). */
static void
test_oom_bad_progid(void **state)
{
	char name[201], text[512];
	comscan_com_input in;
	(void)state;
	memset(name, 'P', 200);
	name[200] = '\0';
	snprintf(text, sizeof text, R4 "[HKEY_CLASSES_ROOT\\%s\\CLSID]\n@=\"nope\"\n", name);
	in.data = text, in.size = strlen(text), in.name = "p.reg";
	run_oom(&in, 1, "bad ProgID");
}

/* ======================================================================
 * real-world .reg files (../shared/realworld/reg)
 * ====================================================================== */

#define RW_DIR "../shared/realworld/reg"
#define RW_MAX 256

typedef struct rw_set {
	char *paths[RW_MAX];
	size_t n;
} rw_set;

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects the .reg files below dir (any case of the extension). */
static void
rw_scan(rw_set *s, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	assert_non_null(d);
	assert_true(depth < 8);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		struct stat st;
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rw_scan(s, path, depth + 1);
		} else if (S_ISREG(st.st_mode) && n > 4 && e->d_name[n - 4] == '.' &&
		    (e->d_name[n - 3] | 0x20) == 'r' && (e->d_name[n - 2] | 0x20) == 'e' &&
		    (e->d_name[n - 1] | 0x20) == 'g') {
			assert_true(s->n < RW_MAX);
			s->paths[s->n] = strdup(path);
			assert_non_null(s->paths[s->n]);
			s->n++;
		}
	}
	closedir(d);
}

static bool
rw_present(void)
{
	struct stat st;
	return stat(RW_DIR, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The index of the file whose path ends with suffix. */
static size_t
rw_find(const rw_set *s, const char *suffix)
{
	size_t i, k = strlen(suffix);
	for (i = 0; i < s->n; i++) {
		size_t n = strlen(s->paths[i]);
		if (n >= k && strcmp(s->paths[i] + n - k, suffix) == 0)
			return i;
	}
	fail_msg("real-world file %s not found", suffix);
	return 0;
}

/* Number of com.* findings of one input (by source) with code. */
static size_t
count_src(const comscan_com *m, const char *code, const char *source)
{
	const comscan_findings *fs = comscan_com_findings(m);
	size_t i, n = 0;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		n += strcmp(f->code, code) == 0 && f->source && strcmp(f->source, source) == 0;
	}
	return n;
}

/* Facts read from the files by hand (regtext.md 4); returns 1 when path
 * is one of the files with facts. */
static int
rw_facts_one(const char *path, const comscan_com *m)
{
	char src[1100];
	const comscan_com_class *c;
	const char *base = strrchr(path, '/') + 1;
	if (strcmp(base, "Win7Samples__dataaccess__osp__vc__sampleosp_vc.reg") == 0) {
		assert_int_equal(comscan_com_class_count(m), 1);
		c = comscan_com_class_find(m, "{D54C0C30-0E70-11d1-B3AF-00AA00C1A924}");
		assert_non_null(c);
		assert_string_equal(c->clsid, "{D54C0C30-0E70-11D1-B3AF-00AA00C1A924}");
		assert_string_equal(c->view, HKCR);
		t_str_eq(c->name, "SampleOSP_VC");
		t_str_eq(c->inproc_server, "c:\\Program Files\\Common Files\\System\\OLE DB\\MSDAOSP.DLL");
		t_str_eq(c->threading_model, "Both");
		t_str_eq(c->progid, "SampleOSP_VC");
		t_str_eq(c->version_independent_progid, "SampleOSP_VC");
		snprintf(src, sizeof src, "%s:10", path);
		assert_string_equal(c->source, src);
		assert_ptr_equal(comscan_com_progid_find(m, "sampleosp_vc"), c);
		t_no_findings(m);
		return 1;
	} else if (strcmp(base, "SampleRM.reg") == 0) {
		assert_int_equal(comscan_com_class_count(m), 1);
		c = comscan_com_class_find(m, "{41DC5063-AFAF-47DF-86B3-4B2ED82A82CF}");
		assert_non_null(c);
		t_str_eq(c->name, "Sample Radio Manager");
		t_str_eq(c->inproc_server, "%SystemRoot%\\system32\\SampleRM.dll");
		t_str_eq(c->threading_model, "Both");
		snprintf(src, sizeof src, "%s:3", path);
		assert_string_equal(c->source, src);
		t_no_findings(m);
		return 1;
	} else if (strcmp(base, "Win7Samples__netds__nap__sampleshvui__shvui.reg") == 0) {
		c = comscan_com_class_find(m, "{230B2A03-BBB3-4D50-839B-74F095E2B53E}");
		assert_non_null(c);
		t_str_eq(c->local_server, "D:\\Windows\\System32\\shvcnfg.exe");
		t_str_eq(c->inproc_server, NULL);
		t_str_eq(c->threading_model, NULL);
		assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 1);
		assert_int_equal(t_nth(m, "com.threading.on-local-server", 0)->line, 6);
		return 1;
	} else if (strcmp(base,
	               "Win7Samples__winbase__DeviceFoundation__FunctionDiscovery__Provider__Install.reg") ==
	           0) {
		c = comscan_com_class_find(m, "{8C19066A-643A-4586-92B2-A785B90D766F}");
		assert_non_null(c);
		t_str_eq(c->name, "Function Discovery Provider Sample");
		t_str_eq(c->inproc_server, "C:\\Program Files\\Microsoft SDKs\\Windows\\v6.0\\Samples\\"
		                           "FunctionDiscoveryProvider\\Debug\\FDProviderSample.dll");
		t_str_eq(c->threading_model, "Free");
		t_str_eq(c->local_server, "C:\\Program Files\\Microsoft SDKs\\Windows\\v6.0\\Samples\\"
		                          "FunctionDiscoveryProvider\\Debug\\FDProviderHostSample.exe");
		t_str_eq(c->appid, "{71F70024-0C44-4a05-A918-651F41EF8548}");
		snprintf(src, sizeof src, "%s:20", path);
		assert_string_equal(c->source, src);
		assert_int_equal(t_count_prefix(m, "com."), 0);
		return 1;
	} else if (strcmp(base, "Win7Samples__dataaccess__osp__registerprovider.reg") == 0) {
		assert_int_equal(comscan_com_class_count(m), 0);
		assert_int_equal(t_count(m, "com.guid.malformed-key"), 1);
		assert_int_equal(t_nth(m, "com.guid.malformed-key", 0)->line, 9);
		assert_int_equal(t_count(m, "com.progid.bad-clsid"), 1);
		assert_int_equal(t_nth(m, "com.progid.bad-clsid", 0)->line, 6);
		return 1;
	} else if (strcmp(base, "VC2010Samples__MFC__ole__inproc__inproc.reg") == 0) {
		/* Windows 3.1 REGEDIT format */
		assert_int_equal(comscan_com_class_count(m), 2);
		c = comscan_com_class_find(m, "{7ACE7860-9A1C-11CD-9A90-00DD01113F12}");
		assert_non_null(c);
		t_str_eq(c->name, "MFC Variant Map");
		t_str_eq(c->inproc_server, "inproc.dll");
		t_str_eq(c->progid, "mfc.inproc.varmap");
		snprintf(src, sizeof src, "%s:8", path);
		assert_string_equal(c->source, src);
		assert_ptr_equal(comscan_com_progid_find(m, "MFC.Inproc.StrColl"),
		    comscan_com_class_find(m, "{BA0357C0-C377-11CD-9A90-00DD01113F12}"));
		assert_int_equal(t_count_prefix(m, "com."), 0);
		return 1;
	} else if (strcmp(base, "SpellCheckerProvider__cpp__localmachine.reg") == 0) {
		c = comscan_com_class_find(m, "{9AEC2879-1A82-4FEA-AA4F-60B98D3AC293}");
		assert_non_null(c);
		assert_string_equal(c->view, HKLMC);
		t_str_eq(c->appid, "{9AEC2879-1A82-4FEA-AA4F-60B98D3AC293}");
		assert_int_equal(t_count(m, "com.appid.dangling"), 1);
		assert_int_equal(t_nth(m, "com.appid.dangling", 0)->line, 6);
		return 1;
	}
	return 0;
}

/* Every real-world file alone, then all of them together: no crash,
 * invariants hold, the hand-checked facts are right, and the combined
 * model holds every registration of every file. */
static void
test_realworld(void **state)
{
	rw_set s;
	comscan_file *files[RW_MAX];
	comscan_com_input in[RW_MAX];
	comscan_com *m;
	size_t i, total = 0, ilm, icu, facts = 0;
	const comscan_com_class *c;
	(void)state;
	if (!rw_present()) {
		print_message("%s not found: skipped\n", RW_DIR);
		skip();
		return;
	}
	memset(&s, 0, sizeof s);
	rw_scan(&s, RW_DIR, 0);
	qsort(s.paths, s.n, sizeof s.paths[0], cmp_str);
	assert_true(s.n >= 70);
	for (i = 0; i < s.n; i++) {
		comscan_status st = comscan_file_open(s.paths[i], NULL, &files[i]);
		if (st != COMSCAN_OK)
			fail_msg("cannot open %s: %s", s.paths[i], comscan_status_message(st));
		in[i].data = comscan_file_data(files[i]);
		in[i].size = comscan_file_size(files[i]);
		in[i].name = s.paths[i];
		m = t_build(&in[i], 1);
		t_invariants(m);
		assert_int_equal(t_count(m, "com.input.not-registry"), 0);
		facts += (size_t)rw_facts_one(s.paths[i], m);
		total += comscan_com_class_count(m);
		comscan_com_close(m);
	}
	assert_int_equal(facts, 7); /* every file with facts was there */
	m = t_build(in, s.n);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), total);
	assert_int_equal(t_count(m, "com.input.not-registry"), 0);
	/* SpellChecker: the same class per machine and per user, identical */
	ilm = rw_find(&s, "/SpellCheckerProvider__cpp__localmachine.reg");
	icu = rw_find(&s, "/SpellCheckerProvider__cpp__currentuser.reg");
	c = comscan_com_class_find(m, "{9AEC2879-1A82-4FEA-AA4F-60B98D3AC293}");
	assert_non_null(c);
	assert_string_equal(c->view, HKCUC);
	assert_int_equal(strncmp(c->source, s.paths[icu], strlen(s.paths[icu])), 0);
	t_str_eq(c->inproc_server, "c:\\Program Files\\SampleSpellingProvider\\SampleSpellingProvider.dll");
	assert_non_null(t_class_in(m, "{9AEC2879-1A82-4FEA-AA4F-60B98D3AC293}", HKLMC));
	assert_false(t_class_in(m, "{9AEC2879-1A82-4FEA-AA4F-60B98D3AC293}", HKLMC)->effective);
	assert_int_equal(count_src(m, "com.class.conflict", s.paths[ilm]), 0);
	assert_int_equal(count_src(m, "com.appid.dangling", s.paths[ilm]), 1);
	assert_int_equal(count_src(m, "com.appid.dangling", s.paths[icu]), 1);
	/* {7ACE7860-...}: four Windows 3.1 files register it in HKCR; the
	 * last input (sorted paths: VC2010 MFC) is effective, the two
	 * ComTypeLibfor7 copies name another DLL (conflict, for this class and
	 * its sibling {BA0357C0-...}), the VC2008 MFC copy is identical (none) */
	c = comscan_com_class_find(m, "{7ACE7860-9A1C-11CD-9A90-00DD01113F12}");
	assert_non_null(c);
	t_str_eq(c->inproc_server, "inproc.dll");
	assert_non_null(strstr(c->source, "/VC2010Samples__MFC__ole__inproc__inproc.reg:8"));
	assert_int_equal(count_src(m, "com.class.conflict",
	    s.paths[rw_find(&s, "/VC2008Samples__ComTypeLibfor7__inproc__server__inproc.reg")]), 2);
	assert_int_equal(count_src(m, "com.class.conflict",
	    s.paths[rw_find(&s, "/VC2010Samples__ComTypeLibfor7__inproc__server__inproc.reg")]), 2);
	assert_int_equal(count_src(m, "com.class.conflict",
	    s.paths[rw_find(&s, "/VC2008Samples__MFC__ole__inproc__inproc.reg")]), 0);
	/* sampleosp: still found by ProgID among all the others */
	c = comscan_com_progid_find(m, "SampleOSP_VC");
	assert_non_null(c);
	assert_string_equal(c->clsid, "{D54C0C30-0E70-11D1-B3AF-00AA00C1A924}");
	comscan_com_close(m);
	for (i = 0; i < s.n; i++) {
		comscan_file_close(files[i]);
		free(s.paths[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multi_input),
		cmocka_unit_test(test_same_input_twice),
		cmocka_unit_test(test_reg_semantics),
		cmocka_unit_test(test_unnamed_input),
		cmocka_unit_test(test_not_registry),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_com3_valid),
		cmocka_unit_test(test_com3_invalid),
		cmocka_unit_test(test_com3_two_inputs),
		cmocka_unit_test(test_com3_absent),
		cmocka_unit_test(test_utf16_input),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_every_code),
		cmocka_unit_test(test_oom),
		cmocka_unit_test(test_realworld),
		cmocka_unit_test(test_oom_bad_progid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
