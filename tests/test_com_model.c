/*
 * test_com_model.c - the COM registration model (parser/com/, the
 * comscan_com_* API) built from .reg texts written in the tests
 * (tests/support/comtexts.h): the catalogue rows of every com.* code,
 * the layout of regtext.md section 5.2, the inproc_server conventions of
 * comscan.h, threading models, server keys, malformed GUID keys and
 * values, references between registrations, the class views and their
 * precedence (5.1); every finding with the class, severity and HRESULT of
 * parser/core/codes.def at the right line and byte offset.
 * test_com_inputs.c covers inputs (several, UTF-16, non-registry), COM3,
 * options, allocation failure and the real-world files;
 * test_com_render.c the JSON and text output.
 *
 * Where the implementation disagrees with regtext.md, codes.def or
 * comscan.h the test stays as the reference says and is disabled with
 * #if 0 and a comment naming the discrepancy (DISCREPANCY n, numbered
 * across the three files).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "comscan/comscan.h"
#include "support/comtest.h"
#include "support/comtexts.h"

/* ======================================================================
 * the catalogue
 * ====================================================================== */

/* Every com.* code of the catalogue has exactly the class, severity,
 * compat severity and HRESULT codes.def gives it, and the set of com.*
 * codes is exactly the expected one (22 codes). */
static void
test_catalogue_rows(void **state)
{
	size_t i, seen = 0;
	(void)state;
	for (i = 0; i < comscan_code_count(); i++) {
		const comscan_code_info *ci = comscan_code_at(i);
		const com_code_row *r;
		if (strncmp(ci->code, "com.", 4) != 0)
			continue;
		seen++;
		r = com_row(ci->code);
		assert_int_equal(ci->cls, r->cls);
		assert_int_equal(ci->severity, r->sev);
		assert_int_equal(ci->compat_severity, r->sev);
		assert_int_equal(ci->hresult, r->hresult);
		assert_string_equal(ci->hresult_name, r->hresult_name);
		assert_string_equal(comscan_hresult_name(ci->hresult), r->hresult_name);
		assert_true(strlen(ci->meaning) > 20);
		assert_true(strlen(ci->remedy) > 10);
		assert_ptr_equal(comscan_code_lookup(ci->code), ci);
	}
	assert_int_equal(seen, N_COM_CODES);
	for (i = 0; i < N_COM_CODES; i++)
		assert_non_null(comscan_code_lookup(com_code_rows[i].code));
}

/* ======================================================================
 * layout (regtext.md 5.2)
 * ====================================================================== */


/* A complete, consistent registration: every field exactly, no finding. */
static void
test_layout_full(void **state)
{
	comscan_com *m;
	const comscan_com_class *a, *b;
	char src[64];
	(void)state;
	m = t_build1("full.reg", full_text);
	t_no_findings(m);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 2);
	a = comscan_com_class_at(m, 0);
	b = comscan_com_class_at(m, 1);
	assert_string_equal(a->clsid, CLS_A);
	assert_string_equal(a->view, "HKEY_CLASSES_ROOT");
	assert_int_equal(a->wow64, 0);
	assert_int_equal(a->effective, 1);
	t_str_eq(a->name, "Full Class");
	t_str_eq(a->inproc_server, "C:\\Windows\\full.dll");
	t_str_eq(a->threading_model, "Apartment");
	t_str_eq(a->inproc_handler, "ole32.dll");
	t_str_eq(a->local_server, "\"C:\\Program Files\\full.exe\" /automation");
	t_str_eq(a->progid, "Full.Class.1");
	t_str_eq(a->version_independent_progid, "Full.Class");
	t_str_eq(a->appid, APP_1);
	t_str_eq(a->typelib, LIB_1);
	t_str_eq(a->treat_as, CLS_B);
	snprintf(src, sizeof src, "full.reg:%u", (unsigned)t_line_of(full_text, CLS_A "]"));
	assert_string_equal(a->source, src);
	assert_string_equal(src, "full.reg:3");

	assert_string_equal(b->clsid, CLS_B);
	t_str_eq(b->name, "Target");
	t_str_eq(b->inproc_server, "target.dll");
	t_str_eq(b->threading_model, NULL);
	t_str_eq(b->inproc_handler, NULL);
	t_str_eq(b->local_server, NULL);
	t_str_eq(b->progid, NULL);
	t_str_eq(b->version_independent_progid, NULL);
	t_str_eq(b->appid, NULL);
	t_str_eq(b->typelib, NULL);
	t_str_eq(b->treat_as, NULL);
	snprintf(src, sizeof src, "full.reg:%u", (unsigned)t_line_of(full_text, CLS_B "]"));
	assert_string_equal(b->source, src);

	/* lookups */
	assert_ptr_equal(comscan_com_class_find(m, CLS_A), a);
	assert_ptr_equal(comscan_com_class_find(m, CLS_B), b);
	assert_ptr_equal(comscan_com_progid_find(m, "Full.Class.1"), a);
	assert_ptr_equal(comscan_com_progid_find(m, "full.class.1"), a);
	assert_ptr_equal(comscan_com_progid_find(m, "FULL.CLASS"), a);
	assert_null(comscan_com_progid_find(m, "Full.Class.2"));
	assert_null(comscan_com_progid_find(m, "Full.Clas"));
	assert_null(comscan_com_progid_find(m, ".full")); /* an extension, not a ProgID */
	assert_null(comscan_com_progid_find(m, "CLSID"));
	assert_null(comscan_com_progid_find(m, ""));
	comscan_com_close(m);
}

/* InprocServer32's default as REG_EXPAND_SZ (hex(2)) in an 8-bit REGEDIT4
 * file (code-page bytes, with and without a terminator) is kept verbatim,
 * not expanded; REG_SZ written as hex(1) is a string too; key and value
 * names are matched case-insensitively (regtext.md Q13: InProcServer32,
 * ProgId). */
static void
test_layout_expand_sz_and_case(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InProcServer32]\n"
	    "@=hex(2):25,53,79,73,74,65,6d,52,6f,6f,74,25,5c,61,2e,64,6c,6c,00\n"
	    "\"threadingmodel\"=\"Both\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\inprocserver32]\n"
	    "@=hex(2):25,50,46,25,5c,62,2e,64,6c,6c\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\ProgId]\n"
	    "@=\"B.Prog\"\n"
	    "[hkey_classes_root\\clsid\\" CLS_C "\\INPROCSERVER32]\n"
	    "@=hex(1):63,2e,64,6c,6c,00\n"
	    "[HKEY_CLASSES_ROOT\\clsid\\" CLS_C "\\versionindependentprogid]\n"
	    "@=\"C.Prog\"\n";
	comscan_com *m;
	const comscan_com_class *c;
	(void)state;
	m = t_build1("x.reg", text);
	/* the only finding is the parser's note on the unterminated hex(2) */
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 1);
	assert_int_equal(t_count_prefix(m, "com."), 0);
	assert_int_equal(t_nth(m, "regtext.hex.unterminated-string", 0)->line,
	    t_line_of(text, "@=hex(2):25,50"));
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 3);
	c = t_get(m, CLS_A, HKCR);
	t_str_eq(c->inproc_server, "%SystemRoot%\\a.dll");
	t_str_eq(c->threading_model, "Both");
	t_str_eq(c->name, NULL);
	c = t_get(m, CLS_B, HKCR);
	t_str_eq(c->inproc_server, "%PF%\\b.dll");
	t_str_eq(c->progid, "B.Prog");
	c = t_get(m, CLS_C, HKCR);
	t_str_eq(c->inproc_server, "c.dll");
	t_str_eq(c->version_independent_progid, "C.Prog");
	comscan_com_close(m);
}

/* ThreadingModel: the four documented models in any case are accepted
 * and kept as written; anything else is com.threading.invalid at the
 * value's line (inprocserver32.md; regtext.md 5.3 item 2). */
static void
test_threading_models(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000001-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"1.dll\"\n"
	    "\"ThreadingModel\"=\"Apartment\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000002-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"2.dll\"\n"
	    "\"ThreadingModel\"=\"free\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000003-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"3.dll\"\n"
	    "\"ThreadingModel\"=\"BOTH\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000004-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"4.dll\"\n"
	    "\"ThreadingModel\"=\"nEuTrAl\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000005-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"5.dll\"\n"
	    "\"ThreadingModel\"=\"Single\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000006-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"6.dll\"\n"
	    "\"ThreadingModel\"=\"\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000007-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"7.dll\"\n"
	    "\"ThreadingModel\"=dword:00000001\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000008-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"8.dll\"\n"
	    "\"ThreadingModel\"=\"Apartment \"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{00000009-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"9.dll\"\n"
	    "\"ThreadingModel\"=\"Apartment;Free\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{0000000A-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"a.dll\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{0000000B-0000-0000-0000-000000000000}\\InprocServer32]\n"
	    "@=\"b.dll\"\n"
	    "\"ThreadingModel\"=hex(7):42,6f,74,68,00,00\n";
	static const struct {
		const char *id;
		const char *model; /* NULL: absent */
		int invalid;
		const char *needle; /* the value line, for invalid ones */
	} want[] = {
		{ "{00000001-0000-0000-0000-000000000000}", "Apartment", 0, NULL },
		{ "{00000002-0000-0000-0000-000000000000}", "free", 0, NULL },
		{ "{00000003-0000-0000-0000-000000000000}", "BOTH", 0, NULL },
		{ "{00000004-0000-0000-0000-000000000000}", "nEuTrAl", 0, NULL },
		{ "{00000005-0000-0000-0000-000000000000}", "Single", 1, "\"Single\"" },
		{ "{00000006-0000-0000-0000-000000000000}", "", 1, "=\"\"\n" },
		{ "{00000007-0000-0000-0000-000000000000}", NULL, 1, "=dword:00000001" },
		{ "{00000008-0000-0000-0000-000000000000}", "Apartment ", 1, "\"Apartment \"" },
		{ "{00000009-0000-0000-0000-000000000000}", "Apartment;Free", 1, "Apartment;Free" },
		{ "{0000000A-0000-0000-0000-000000000000}", NULL, 0, NULL },
		{ "{0000000B-0000-0000-0000-000000000000}", NULL, 1, "hex(7):42" },
	};
	comscan_com *m;
	size_t i, invalid = 0;
	(void)state;
	m = t_build1("tm.reg", text);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const comscan_com_class *c = t_get(m, want[i].id, HKCR);
		t_str_eq(c->threading_model, want[i].model);
		if (want[i].invalid) {
			const comscan_finding *f = t_at_line(m, "com.threading.invalid",
			    t_line_of(text, want[i].needle));
			t_check_at(f, text, t_line_of(text, want[i].needle), "tm.reg");
			assert_non_null(strstr(f->message, want[i].id));
			invalid++;
		}
	}
	assert_int_equal(t_count(m, "com.threading.invalid"), invalid);
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), invalid);
	comscan_com_close(m);
}

/* regtext.md 5.3 item 2 (Wine apartment.c:1008-1031): a ThreadingModel
 * that is not REG_SZ means the main STA, as an invalid one does (the model
 * once accepted a REG_EXPAND_SZ "Both" silently). */
static void
test_threading_expand_sz(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"a.dll\"\n"
	    "\"ThreadingModel\"=hex(2):42,6f,74,68,00\n";
	comscan_com *m;
	(void)state;
	m = t_build1("x.reg", text);
	t_expect1(m, "com.threading.invalid", text, "hex(2):42", "x.reg");
	comscan_com_close(m);
}

/* ======================================================================
 * server keys: the inproc_server convention of comscan.h
 * ====================================================================== */


/* "" when the server key has no (or an empty) default, NULL when there is
 * no key; com.server.no-path (REGDB_E_CLASSNOTREG, error) at the key's
 * line; com.server.bad-type at the value's line for a default that is not
 * REG_SZ/REG_EXPAND_SZ. */
static void
test_server_conventions(void **state)
{
	static const struct {
		const char *id;
		const char *inproc, *handler, *local;
		const char *code;   /* finding, or NULL */
		const char *needle; /* its line */
	} want[] = {
		{ "{00000001-0000-0000-0000-000000000000}", NULL, NULL, "one.exe", NULL, NULL },
		{ "{00000002-0000-0000-0000-000000000000}", "", NULL, NULL, "com.server.no-path",
		    "000000000000}\\InprocServer32]\n\"ThreadingModel\"" },
		{ "{00000003-0000-0000-0000-000000000000}", "", NULL, NULL, "com.server.no-path",
		    "{00000003-0000-0000-0000-000000000000}\\InprocServer32]" },
		{ "{00000004-0000-0000-0000-000000000000}", "", NULL, NULL, "com.server.bad-type",
		    "@=dword:00000000" },
		{ "{00000005-0000-0000-0000-000000000000}", NULL, NULL, "", "com.server.no-path",
		    "{00000005-0000-0000-0000-000000000000}\\LocalServer32]" },
		{ "{00000006-0000-0000-0000-000000000000}", NULL, "", NULL, "com.server.bad-type",
		    "@=hex(7):6f" },
		{ "{00000007-0000-0000-0000-000000000000}", "", NULL, NULL, "com.server.no-path",
		    "{00000007-0000-0000-0000-000000000000}\\InprocServer32]" },
		{ "{00000008-0000-0000-0000-000000000000}", "", NULL, NULL, "com.server.bad-type",
		    "@=hex:63" },
		{ "{00000009-0000-0000-0000-000000000000}", NULL, "", NULL, "com.server.no-path",
		    "{00000009-0000-0000-0000-000000000000}\\InprocHandler32]" },
		{ "{0000000A-0000-0000-0000-000000000000}", NULL, NULL, "", "com.server.no-path",
		    "{0000000A-0000-0000-0000-000000000000}\\LocalServer32]" },
	};
	comscan_com *m;
	size_t i, nopath = 0, badtype = 0;
	(void)state;
	m = t_build1("srv.reg", servers_text);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const comscan_com_class *c = t_get(m, want[i].id, HKCR);
		t_str_eq(c->inproc_server, want[i].inproc);
		t_str_eq(c->inproc_handler, want[i].handler);
		t_str_eq(c->local_server, want[i].local);
		if (want[i].code != NULL) {
			/* the needle starts on the line the finding is about */
			uint32_t line = t_line_of(servers_text, want[i].needle);
			const comscan_finding *f = t_at_line(m, want[i].code, line);
			t_check_at(f, servers_text, line, "srv.reg");
			assert_non_null(strstr(f->message, want[i].id));
			if (strcmp(want[i].code, "com.server.no-path") == 0)
				nopath++;
			else
				badtype++;
		}
	}
	assert_int_equal(t_count(m, "com.server.no-path"), nopath);
	assert_int_equal(t_count(m, "com.server.bad-type"), badtype);
	/* a class with a server key, even a broken one, is not "no server" */
	assert_int_equal(t_count(m, "com.class.no-server"), 0);
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), nopath + badtype);
	comscan_com_close(m);
}

/* ThreadingModel under LocalServer32 is a note (regtext.md Q20, shvui.reg)
 * at the LocalServer32 key's line; not checked as a threading model. */
static void
test_threading_on_local_server(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
	    "@=\"x\"\n"
	    "\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\LocalServer32]\n"
	    "@=\"D:\\\\Windows\\\\System32\\\\shvcnfg.exe\"\n"
	    "\"ThreadingModel\"=\"Bogus\"\n";
	comscan_com *m;
	const comscan_com_class *c;
	const comscan_finding *f;
	(void)state;
	m = t_build1("ls.reg", text);
	f = t_expect1(m, "com.threading.on-local-server", text, "\\LocalServer32]", "ls.reg");
	assert_non_null(strstr(f->message, CLS_A));
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 1);
	assert_int_equal(comscan_findings_verdict(comscan_com_findings(m)), COMSCAN_VERDICT_HEALTHY);
	c = t_get(m, CLS_A, HKCR);
	t_str_eq(c->local_server, "D:\\Windows\\System32\\shvcnfg.exe");
	t_str_eq(c->threading_model, NULL);
	t_str_eq(c->inproc_server, NULL);
	comscan_com_close(m);
}

/* ======================================================================
 * com.class.no-server and what counts as a server
 * ====================================================================== */


/* No InprocServer32, InprocHandler32, LocalServer32, valid TreatAs, nor an
 * AppID with LocalService or DllSurrogate: com.class.no-server (warning,
 * REGDB_E_CLASSNOTREG) at the CLSID key's line (for a CLSID key created
 * only by a subkey line, that line). */
static void
test_class_no_server(void **state)
{
	static const struct {
		const char *id;
		const char *needle; /* NULL: no finding */
	} want[] = {
		{ "{00000001-0000-0000-0000-000000000000}", "{00000001-0000-0000-0000-000000000000}]" },
		{ "{00000002-0000-0000-0000-000000000000}", NULL },
		{ "{00000003-0000-0000-0000-000000000000}", NULL },
		{ "{00000004-0000-0000-0000-000000000000}", NULL },
		{ "{00000005-0000-0000-0000-000000000000}", "{00000005-0000-0000-0000-000000000000}]" },
		{ "{00000006-0000-0000-0000-000000000000}", "{00000006-0000-0000-0000-000000000000}\\" },
		{ "{00000007-0000-0000-0000-000000000000}", "{00000007-0000-0000-0000-000000000000}\\" },
		{ "{00000008-0000-0000-0000-000000000000}", NULL },
		{ "{00000009-0000-0000-0000-000000000000}", "{00000009-0000-0000-0000-000000000000}\\" },
	};
	comscan_com *m;
	size_t i, n = 0;
	char src[64];
	(void)state;
	m = t_build1("ns.reg", noserver_text);
	t_invariants(m);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const comscan_com_class *c = t_get(m, want[i].id, HKCR);
		if (want[i].needle == NULL)
			continue;
		{
			uint32_t line = t_line_of(noserver_text, want[i].needle);
			const comscan_finding *f = t_at_line(m, "com.class.no-server", line);
			t_check_at(f, noserver_text, line, "ns.reg");
			assert_non_null(strstr(f->message, want[i].id));
			snprintf(src, sizeof src, "ns.reg:%u", (unsigned)line);
			assert_string_equal(c->source, src);
			n++;
		}
	}
	assert_int_equal(t_count(m, "com.class.no-server"), n);
	assert_int_equal(n, 5);
	/* the malformed TreatAs of 9 is reported as such; nothing else: the
	 * AppIDs and the TreatAs target exist */
	t_expect1(m, "com.treatas.bad-guid", noserver_text, "not a CLSID", "ns.reg");
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), n + 1);
	comscan_com_close(m);
}

/* ======================================================================
 * GUID forms
 * ====================================================================== */


/* CLSID, AppID, Interface and TypeLib keys must be the braced 38-character
 * GUID (regtext.md 5.3 item 1: braces and the 38-character form matter,
 * case does not): lower and mixed case are accepted and canonicalised;
 * everything else is com.guid.malformed-key at the key's line and is not
 * a class.  AppID\<exe name> with an AppID value is not malformed. */
static void
test_guid_keys(void **state)
{
	static const char *const bad[] = {
		"CLSID\\C0000000-0000-0000-0000-00000000000C\\",
		"CLSID\\{C0000000-0000-0000-0000-00000000000C\\",
		"CLSID\\{C0000000-0000-0000-0000-00000000000CC}",
		"CLSID\\{C0000000-0000-0000-0000-0000000000C}",
		"CLSID\\{G0000000",
		"CLSID\\{C00000000-000-",
		"CLSID\\{{C0000000",
		"CLSID\\(C0000000",
		"0000000C} \\",
		"CLSID\\{C0000000 0000",
		"CLSID\\<INSERT:",
		"CLSID\\{0x000000",
		"AppID\\{C0000000",
		"Interface\\IFoo",
		"TypeLib\\{7B000000",
	};
	comscan_com *m;
	size_t i;
	(void)state;
	m = t_build1("g.reg", guidkeys_text);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), 2);
	assert_string_equal(comscan_com_class_at(m, 0)->clsid, CLS_A);
	t_str_eq(comscan_com_class_at(m, 0)->inproc_server, "lower.dll");
	assert_string_equal(comscan_com_class_at(m, 1)->clsid, CLS_B);
	t_str_eq(comscan_com_class_at(m, 1)->inproc_server, "mixed.dll");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		uint32_t line = t_line_of(guidkeys_text, bad[i]);
		t_check_at(t_at_line(m, "com.guid.malformed-key", line), guidkeys_text, line, "g.reg");
	}
	assert_int_equal(t_count(m, "com.guid.malformed-key"), sizeof bad / sizeof bad[0]);
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), sizeof bad / sizeof bad[0]);
	/* the message names the offending key, escaped */
	assert_non_null(strstr(t_at_line(m, "com.guid.malformed-key",
	    t_line_of(guidkeys_text, "CLSID\\<INSERT:"))->message, "<INSERT:  GUID for OLE DB Provider>"));
	comscan_com_close(m);
}

/* class_find: any case, braced (comscan.h); unbraced, padded, unknown or
 * NULL ids give NULL. */
static void
test_class_find_forms(void **state)
{
	comscan_com *m;
	const comscan_com_class *a;
	(void)state;
	m = t_build1("full.reg", full_text);
	a = comscan_com_class_find(m, CLS_A);
	assert_non_null(a);
	assert_ptr_equal(comscan_com_class_find(m, "{a0000000-0000-0000-0000-00000000000a}"), a);
	assert_ptr_equal(comscan_com_class_find(m, "{A0000000-0000-0000-0000-00000000000a}"), a);
	assert_null(comscan_com_class_find(m, "A0000000-0000-0000-0000-00000000000A"));
	assert_null(comscan_com_class_find(m, " " CLS_A));
	assert_null(comscan_com_class_find(m, CLS_A " "));
	assert_null(comscan_com_class_find(m, "{A0000000-0000-0000-0000-00000000000A"));
	assert_null(comscan_com_class_find(m, CLS_MISSING));
	assert_null(comscan_com_class_find(m, ""));
	assert_null(comscan_com_class_find(m, NULL));
	assert_null(comscan_com_class_find(NULL, CLS_A));
	assert_null(comscan_com_progid_find(m, NULL));
	assert_null(comscan_com_progid_find(NULL, "Full.Class"));
	comscan_com_close(m);
}


/* GUID-valued data: an AppID value, TreatAs, ProxyStubClsid32 and
 * <ProgID>\CLSID must hold a braced GUID (lower case is fine); otherwise
 * com.appid.bad-guid / com.treatas.bad-guid at the value's line,
 * com.interface.bad-proxy-guid (REGDB_E_IIDNOTREG) and
 * com.progid.bad-clsid (CO_E_CLASSSTRING) at the key's line.  A malformed
 * reference is not also reported as dangling; the fields keep the data as
 * written.  A class's TypeLib that is not a braced GUID is
 * com.typelib.bad-guid (warning) at the value's line. */
static void
test_guid_values(void **state)
{
	const char *t = guidvals_text;
	comscan_com *m;
	const comscan_com_class *c;
	(void)state;
	m = t_build1("v.reg", t);
	t_invariants(m);
	t_check_at(t_at_line(m, "com.appid.bad-guid", t_line_of(t, "\"A9900000-0000")), t,
	    t_line_of(t, "\"A9900000-0000"), "v.reg");
	assert_int_equal(t_count(m, "com.appid.bad-guid"), 1);
	t_check_at(t_at_line(m, "com.treatas.bad-guid", t_line_of(t, "not a guid")), t,
	    t_line_of(t, "not a guid"), "v.reg");
	t_check_at(t_at_line(m, "com.treatas.bad-guid", t_line_of(t, "TreatAs]\n@=\"\"") + 1), t,
	    t_line_of(t, "TreatAs]\n@=\"\"") + 1, "v.reg");
	assert_int_equal(t_count(m, "com.treatas.bad-guid"), 2);
	t_check_at(t_at_line(m, "com.interface.bad-proxy-guid", t_line_of(t, IID_1 "\\Proxy")), t,
	    t_line_of(t, IID_1 "\\Proxy"), "v.reg");
	t_check_at(t_at_line(m, "com.interface.bad-proxy-guid", t_line_of(t, IID_2 "\\Proxy")), t,
	    t_line_of(t, IID_2 "\\Proxy"), "v.reg");
	t_check_at(t_at_line(m, "com.interface.bad-proxy-guid", t_line_of(t, IID_4 "\\Proxy")), t,
	    t_line_of(t, IID_4 "\\Proxy"), "v.reg");
	assert_int_equal(t_count(m, "com.interface.bad-proxy-guid"), 3);
	t_check_at(t_at_line(m, "com.progid.bad-clsid", t_line_of(t, "Bad.Prog.1")), t,
	    t_line_of(t, "Bad.Prog.1"), "v.reg");
	t_check_at(t_at_line(m, "com.progid.bad-clsid", t_line_of(t, "Bad.Prog.2")), t,
	    t_line_of(t, "Bad.Prog.2"), "v.reg");
	t_check_at(t_at_line(m, "com.progid.bad-clsid", t_line_of(t, "Bad.Prog.3")), t,
	    t_line_of(t, "Bad.Prog.3"), "v.reg");
	t_check_at(t_at_line(m, "com.progid.bad-clsid", t_line_of(t, "Bad.Prog.4")), t,
	    t_line_of(t, "Bad.Prog.4"), "v.reg");
	assert_int_equal(t_count(m, "com.progid.bad-clsid"), 4);
	assert_non_null(strstr(t_nth(m, "com.progid.bad-clsid", 0)->message, "Bad.Prog."));
	t_expect1(m, "com.typelib.bad-guid", t, "LIBID-nope", "v.reg");
	/* nothing else: lower-case references resolve, malformed ones do not dangle */
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 1 + 2 + 3 + 4 + 1);

	c = t_get(m, CLS_A, HKCR);
	t_str_eq(c->appid, "A9900000-0000-0000-0000-000000000001");
	t_str_eq(c->treat_as, "not a guid");
	c = t_get(m, CLS_B, HKCR);
	t_str_eq(c->appid, "{a9900000-0000-0000-0000-000000000001}");
	t_str_eq(c->treat_as, "{c0000000-0000-0000-0000-00000000000c}");
	t_str_eq(c->typelib, "{7b000000-0000-0000-0000-000000000001}");
	c = t_get(m, CLS_C, HKCR);
	t_str_eq(c->typelib, "LIBID-nope");
	c = t_get(m, CLS_D, HKCR);
	t_str_eq(c->treat_as, "");
	assert_ptr_equal(comscan_com_progid_find(m, "good.prog"), t_get(m, CLS_C, HKCR));
	assert_null(comscan_com_progid_find(m, "Bad.Prog.1"));
	assert_null(comscan_com_progid_find(m, "NoClsid.Prog"));
	comscan_com_close(m);
}

/* GUID-valued data that is not a string at all: the AppID value, the
 * TreatAs and TypeLib defaults as REG_DWORD are reported like malformed
 * strings (codes.def: "does not hold a braced GUID"), at the value's
 * line; the fields stay NULL. */
static void
test_guid_values_not_strings(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"a.dll\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\TypeLib]\n"
	    "@=hex:01,02\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\InprocServer32]\n"
	    "@=\"b.dll\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\TreatAs]\n"
	    "@=dword:00000001\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "]\n"
	    "\"AppID\"=dword:00000002\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "\\InprocServer32]\n"
	    "@=\"c.dll\"\n";
	comscan_com *m;
	(void)state;
	m = t_build1("x.reg", text);
	t_expect1(m, "com.treatas.bad-guid", text, "dword:00000001", "x.reg");
	t_expect1(m, "com.appid.bad-guid", text, "dword:00000002", "x.reg");
	t_expect1(m, "com.typelib.bad-guid", text, "hex:01,02", "x.reg");
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 3);
	t_str_eq(t_get(m, CLS_A, HKCR)->typelib, NULL);
	t_str_eq(t_get(m, CLS_B, HKCR)->treat_as, NULL);
	t_str_eq(t_get(m, CLS_C, HKCR)->appid, NULL);
	comscan_com_close(m);
}

/* codes.def: com.treatas.bad-guid "A class's TreatAs key does not hold a
 * braced GUID": a TreatAs (or TypeLib) key without a default value holds
 * none, as <ProgID>\CLSID and ProxyStubClsid32 without one do
 * (test_guid_values); this was once not reported. */
static void
test_guid_keys_without_default(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"a.dll\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\TreatAs]\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\TypeLib]\n";
	comscan_com *m;
	(void)state;
	m = t_build1("x.reg", text);
	t_expect1(m, "com.treatas.bad-guid", text, "\\TreatAs]", "x.reg");
	t_expect1(m, "com.typelib.bad-guid", text, "\\TypeLib]", "x.reg");
	comscan_com_close(m);
}

/* ======================================================================
 * references between registrations
 * ====================================================================== */


/* Dangling references: AppID (com.appid.dangling), TreatAs
 * (com.treatas.dangling, REGDB_E_CLASSNOTREG), TypeLib
 * (com.typelib.dangling), all at the class's CLSID key line; a ProgID
 * naming an unregistered CLSID (com.progid.dangling, REGDB_E_CLASSNOTREG,
 * at <ProgID>\CLSID); ProxyStubClsid32 naming a class without an
 * InprocServer32 (com.interface.proxy-unregistered, REGDB_E_IIDNOTREG, at
 * ProxyStubClsid32); a class whose ProgID maps to another CLSID
 * (com.class.progid-mismatch); type library platform keys without a path
 * (com.typelib.no-path at the win32/win64 key). */
static void
test_references(void **state)
{
	const char *t = refs_text;
	comscan_com *m;
	const comscan_finding *f;
	(void)state;
	m = t_build1("r.reg", t);
	t_invariants(m);
	f = t_expect1(m, "com.appid.dangling", t, CLS_A "]", "r.reg");
	assert_non_null(strstr(f->message, CLS_MISSING));
	f = t_expect1(m, "com.treatas.dangling", t, CLS_B "]", "r.reg");
	assert_non_null(strstr(f->message, CLS_MISSING));
	f = t_expect1(m, "com.typelib.dangling", t, CLS_C "]", "r.reg");
	assert_non_null(strstr(f->message, "{7B000000-0000-0000-0000-0000000000FF}"));
	f = t_expect1(m, "com.progid.dangling", t, "Dangling.Prog", "r.reg");
	assert_non_null(strstr(f->message, CLS_MISSING));
	f = t_expect1(m, "com.class.progid-mismatch", t, CLS_D "]", "r.reg");
	assert_non_null(strstr(f->message, "E.Prog"));
	assert_non_null(strstr(f->message, CLS_E));
	assert_int_equal(t_count(m, "com.interface.proxy-unregistered"), 2);
	t_check_at(t_at_line(m, "com.interface.proxy-unregistered", t_line_of(t, IID_1 "\\Proxy")),
	    t, t_line_of(t, IID_1 "\\Proxy"), "r.reg");
	t_check_at(t_at_line(m, "com.interface.proxy-unregistered", t_line_of(t, IID_2 "\\Proxy")),
	    t, t_line_of(t, IID_2 "\\Proxy"), "r.reg");
	assert_int_equal(t_count(m, "com.typelib.no-path"), 3);
	t_check_at(t_at_line(m, "com.typelib.no-path", t_line_of(t, "1.0\\0\\win32")), t,
	    t_line_of(t, "1.0\\0\\win32"), "r.reg");
	t_check_at(t_at_line(m, "com.typelib.no-path", t_line_of(t, "1.0\\0\\win64")), t,
	    t_line_of(t, "1.0\\0\\win64"), "r.reg");
	t_check_at(t_at_line(m, "com.typelib.no-path", t_line_of(t, "2.0\\409\\win32")), t,
	    t_line_of(t, "2.0\\409\\win32"), "r.reg");
	/* B has TreatAs, so no no-server; nothing else */
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 1 + 1 + 1 + 1 + 1 + 2 + 3);
	assert_ptr_equal(comscan_com_progid_find(m, "E.Prog"), t_get(m, CLS_E, HKCR));
	assert_ptr_equal(comscan_com_progid_find(m, "d.prog"), t_get(m, CLS_D, HKCR));
	assert_null(comscan_com_progid_find(m, "Dangling.Prog"));
	comscan_com_close(m);
}

/* ======================================================================
 * views and precedence (regtext.md 5.1)
 * ====================================================================== */

static const char views_text[] =
    R4
    "[HKEY_CLASSES_ROOT\\CLSID\\{00000001-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"1.dll\"\n"
    "[HKEY_CLASSES_ROOT\\WOW6432Node\\CLSID\\{00000002-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"2.dll\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\{00000003-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"3.dll\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\CLSID\\{00000004-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"4.dll\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Classes\\CLSID\\{00000005-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"5.dll\"\n"
    "[HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\{00000006-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"6.dll\"\n"
    "[HKEY_CURRENT_USER\\Software\\Classes\\WOW6432Node\\CLSID\\{00000007-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"7.dll\"\n"
    "[HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Classes\\CLSID\\{00000008-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"8.dll\"\n"
    "[HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Classes\\WOW6432Node\\CLSID\\{00000009-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"9.dll\"\n"
    "[HKEY_USERS\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{0000000A-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"a.dll\"\n"
    "[HKEY_USERS\\S-1-5-21-1-2-3-1001_Classes\\WOW6432Node\\CLSID\\{0000000B-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"b.dll\"\n"
    "[hkey_local_machine\\software\\classes\\clsid\\{0000000C-0000-0000-0000-000000000000}\\inprocserver32]\n"
    "@=\"c.dll\"\n"
    "; not class views\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Spelling\\CLSID\\{0000000D-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"d.dll\"\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\CLSID\\{0000000E-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"e.dll\"\n"
    "[HKEY_CURRENT_CONFIG\\Software\\Classes\\CLSID\\{0000000F-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"f.dll\"\n"
    "[HKEY_CURRENT_USER\\CLSID\\{00000010-0000-0000-0000-000000000000}\\InprocServer32]\n"
    "@=\"10.dll\"\n";

/* Every classes view of comscan.h and model.h, with its view name and
 * WOW64 flag; keys elsewhere are not classes. */
static void
test_views(void **state)
{
	static const struct {
		const char *id, *view;
		int wow64;
	} want[] = {
		{ "{00000001-0000-0000-0000-000000000000}", "HKEY_CLASSES_ROOT", 0 },
		{ "{00000002-0000-0000-0000-000000000000}", "HKEY_CLASSES_ROOT\\WOW6432Node", 1 },
		{ "{00000003-0000-0000-0000-000000000000}", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes", 0 },
		{ "{00000004-0000-0000-0000-000000000000}",
		    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\WOW6432Node", 1 },
		{ "{00000005-0000-0000-0000-000000000000}",
		    "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Classes", 1 },
		{ "{00000006-0000-0000-0000-000000000000}", "HKEY_CURRENT_USER\\Software\\Classes", 0 },
		{ "{00000007-0000-0000-0000-000000000000}",
		    "HKEY_CURRENT_USER\\Software\\Classes\\WOW6432Node", 1 },
		{ "{00000008-0000-0000-0000-000000000000}",
		    "HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Classes", 0 },
		{ "{00000009-0000-0000-0000-000000000000}",
		    "HKEY_USERS\\S-1-5-21-1-2-3-1001\\Software\\Classes\\WOW6432Node", 1 },
		{ "{0000000A-0000-0000-0000-000000000000}", "HKEY_USERS\\S-1-5-21-1-2-3-1001_Classes", 0 },
		{ "{0000000B-0000-0000-0000-000000000000}",
		    "HKEY_USERS\\S-1-5-21-1-2-3-1001_Classes\\WOW6432Node", 1 },
		{ "{0000000C-0000-0000-0000-000000000000}", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes", 0 },
	};
	comscan_com *m;
	size_t i;
	char src[64], dll[16];
	(void)state;
	m = t_build1("views.reg", views_text);
	t_no_findings(m);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const comscan_com_class *c = comscan_com_class_at(m, i);
		assert_string_equal(c->clsid, want[i].id);
		assert_string_equal(c->view, want[i].view);
		assert_int_equal(c->wow64, want[i].wow64);
		assert_int_equal(c->effective, 1);
		snprintf(dll, sizeof dll, "%x.dll", (unsigned)(i + 1));
		t_str_eq(c->inproc_server, dll);
		snprintf(src, sizeof src, "views.reg:%u", (unsigned)t_line_of(views_text, want[i].id));
		assert_string_equal(c->source, src);
		assert_ptr_equal(comscan_com_class_find(m, want[i].id), c);
	}
	for (i = 0xD; i <= 0x10; i++) {
		char id[64];
		snprintf(id, sizeof id, "{%08X-0000-0000-0000-000000000000}", (unsigned)i);
		assert_null(comscan_com_class_find(m, id));
	}
	comscan_com_close(m);
}


/* Per-user before HKEY_CLASSES_ROOT before machine for each bitness;
 * native before WOW64; only the first of each (CLSID, bitness) is
 * effective; com.class.conflict (warning, no HRESULT) at each losing
 * registration whose InprocServer32, InprocHandler32 or LocalServer32
 * differs; identical servers are no conflict;
 * class_find returns the effective native registration, else the WOW64
 * one. */
static void
test_precedence(void **state)
{
	const char *t = prec_text;
	static const struct {
		const char *id, *view, *inproc, *local;
		int effective;
	} want[] = {
		{ CLS_A, HKCUC, "user.dll", NULL, 1 },
		{ CLS_A, HKCR, "merged.dll", NULL, 0 },
		{ CLS_A, HKLMC, "machine.dll", NULL, 0 },
		{ CLS_A, HKCUC "\\WOW6432Node", "user32.dll", NULL, 1 },
		{ CLS_A, "HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Classes", "machine32.dll", NULL, 0 },
		{ CLS_B, HKCUC, "same.dll", NULL, 1 },
		{ CLS_B, HKLMC, "SAME.DLL", NULL, 0 },
		{ CLS_C, HKCR "\\WOW6432Node", NULL, "c32.exe", 1 },
		{ CLS_D, HKCUC, "", NULL, 1 },
		{ CLS_D, HKLMC, "shell.dll", NULL, 0 },
		{ CLS_E, "HKEY_USERS\\S-1-5-21-9\\Software\\Classes", NULL, "e-user.exe /x", 1 },
		{ CLS_E, HKCR, NULL, "e.exe", 0 },
		{ CLS_F, HKCR, "f.dll", NULL, 1 },
		{ CLS_F, HKLMC, "f.dll", NULL, 0 },
	};
	comscan_com *m;
	size_t i;
	const comscan_finding *f;
	(void)state;
	m = t_build1("p.reg", t);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), sizeof want / sizeof want[0]);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const comscan_com_class *c = comscan_com_class_at(m, i);
		assert_string_equal(c->clsid, want[i].id);
		assert_string_equal(c->view, want[i].view);
		t_str_eq(c->inproc_server, want[i].inproc);
		t_str_eq(c->local_server, want[i].local);
		assert_int_equal(c->effective, want[i].effective);
	}
	assert_ptr_equal(comscan_com_class_find(m, CLS_A), comscan_com_class_at(m, 0));
	assert_ptr_equal(comscan_com_class_find(m, CLS_B), comscan_com_class_at(m, 5));
	t_str_eq(comscan_com_class_find(m, CLS_B)->name, "user name");
	t_str_eq(comscan_com_class_find(m, CLS_B)->threading_model, "Apartment");
	assert_ptr_equal(comscan_com_class_find(m, CLS_C), comscan_com_class_at(m, 7));
	assert_int_equal(comscan_com_class_find(m, CLS_C)->wow64, 1);
	assert_ptr_equal(comscan_com_class_find(m, CLS_D), comscan_com_class_at(m, 8));
	assert_ptr_equal(comscan_com_class_find(m, CLS_E), comscan_com_class_at(m, 10));

	/* conflicts: A (HKCR, HKLM, HKLM 32-bit), D (HKLM), E (HKCR), F (HKLM:
	 * InprocHandler32 differs); B's paths differ in case only (Windows
	 * paths compare without regard to case): no conflict */
	assert_int_equal(t_count(m, "com.class.conflict"), 6);
	f = t_at_line(m, "com.class.conflict",
	    t_line_of(t, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CLS_F "\\InprocServer32"));
	t_check_at(f, t, f->line, "p.reg");
	t_str_eq(comscan_com_class_find(m, CLS_F)->inproc_handler, "ole32.dll");
	f = t_at_line(m, "com.class.conflict", t_line_of(t, "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A));
	t_check_at(f, t, f->line, "p.reg");
	assert_non_null(strstr(f->message, CLS_A));
	assert_non_null(strstr(f->message, HKCUC));
	f = t_at_line(m, "com.class.conflict",
	    t_line_of(t, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CLS_A));
	t_check_at(f, t, f->line, "p.reg");
	f = t_at_line(m, "com.class.conflict",
	    t_line_of(t, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Classes\\CLSID\\" CLS_A));
	t_check_at(f, t, f->line, "p.reg");
	assert_non_null(strstr(f->message, HKCUC "\\WOW6432Node"));
	f = t_at_line(m, "com.class.conflict",
	    t_line_of(t, "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CLS_D));
	t_check_at(f, t, f->line, "p.reg");
	f = t_at_line(m, "com.class.conflict", t_line_of(t, "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_E));
	t_check_at(f, t, f->line, "p.reg");
	/* the per-user empty InprocServer32 is also no-path */
	t_expect1(m, "com.server.no-path", t, "[HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\" CLS_D,
	    "p.reg");
	assert_int_equal(comscan_findings_count(comscan_com_findings(m)), 6 + 1);
	comscan_com_close(m);
}

/* A ProgID registered per user, in HKCR and per machine with different
 * CLSIDs resolves through the per-user registration (regtext.md 5.1:
 * "user entries win"; comscan.h: "The effective class a ProgID
 * names"), whatever the order in the file. */
static void
test_progid_precedence(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Dup.Prog\\CLSID]\n"
	    "@=\"" CLS_B "\"\n"
	    "[HKEY_CURRENT_USER\\Software\\Classes\\Dup.Prog\\CLSID]\n"
	    "@=\"" CLS_A "\"\n"
	    "[HKEY_CLASSES_ROOT\\Dup.Prog\\CLSID]\n"
	    "@=\"" CLS_C "\"\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"a.dll\"\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CLS_B "\\InprocServer32]\n"
	    "@=\"b.dll\"\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CLS_C "\\InprocServer32]\n"
	    "@=\"c.dll\"\n";
	comscan_com *m;
	(void)state;
	m = t_build1("x.reg", text);
	assert_non_null(comscan_com_progid_find(m, "Dup.Prog"));
	assert_string_equal(comscan_com_progid_find(m, "Dup.Prog")->clsid, CLS_A);
	comscan_com_close(m);
}

/* Same ProgID in two views naming the same CLSID: found, no finding. */
static void
test_progid_views(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Dup.Prog\\CLSID]\n"
	    "@=\"" CLS_A "\"\n"
	    "[HKEY_CURRENT_USER\\Software\\Classes\\Dup.Prog\\CLSID]\n"
	    "@=\"" CLS_A "\"\n"
	    "[HKEY_CLASSES_ROOT\\WOW6432Node\\Dup.Prog\\CLSID]\n"
	    "@=\"" CLS_A "\"\n"
	    "[HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"a.dll\"\n"
	    "[HKEY_USERS\\S-1-5-18_Classes\\Other.Prog\\CLSID]\n"
	    "@=\"" CLS_A "\"\n";
	comscan_com *m;
	(void)state;
	m = t_build1("x.reg", text);
	t_no_findings(m);
	assert_ptr_equal(comscan_com_progid_find(m, "dup.prog"), t_get(m, CLS_A, HKCUC));
	assert_ptr_equal(comscan_com_progid_find(m, "OTHER.PROG"), t_get(m, CLS_A, HKCUC));
	comscan_com_close(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_rows),
		cmocka_unit_test(test_layout_full),
		cmocka_unit_test(test_layout_expand_sz_and_case),
		cmocka_unit_test(test_threading_models),
		cmocka_unit_test(test_server_conventions),
		cmocka_unit_test(test_threading_on_local_server),
		cmocka_unit_test(test_class_no_server),
		cmocka_unit_test(test_guid_keys),
		cmocka_unit_test(test_class_find_forms),
		cmocka_unit_test(test_guid_values),
		cmocka_unit_test(test_guid_values_not_strings),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_views),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_progid_precedence),
		cmocka_unit_test(test_progid_views),
		cmocka_unit_test(test_threading_expand_sz),
		cmocka_unit_test(test_guid_keys_without_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
