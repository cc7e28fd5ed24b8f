/*
 * test_com_render.c - comscan_com_render_json and comscan_com_render_text
 * (parser/report/comrender.c): the JSON is checked with the independent
 * validator (tests/support/json_check.c), read back into a tree
 * (tests/support/json_dom.c) and compared value by value with the model
 * API; the keys of comscan.h and docs/json.md; string escaping (quotes,
 * backslashes, control characters, non-ASCII, invalid UTF-8 in input
 * names); the text listing; sink errors and misuse.
 *
 * Where the implementation disagrees with comscan.h or docs/json.md a
 * test would be kept and disabled with #if 0 (DISCREPANCY n, numbered
 * across test_com_model.c and test_com_inputs.c); none is left here.
 */
#include <inttypes.h>
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
#include "support/tbuf.h"
#include "support/json_check.h"
#include "support/json_dom.h"

#define CLS_A "{A0000000-0000-0000-0000-00000000000A}"
#define CLS_B "{B0000000-0000-0000-0000-00000000000B}"
#define CLS_C "{C0000000-0000-0000-0000-00000000000C}"
#define CLS_D "{D0000000-0000-0000-0000-00000000000D}"
#define CLS_MISSING "{DEADBEEF-0000-0000-0000-000000000000}"
#define APP_1 "{A9900000-0000-0000-0000-000000000001}"
#define LIB_1 "{7B000000-0000-0000-0000-000000000001}"
#define R4 "REGEDIT4\n\n"

/* ======================================================================
 * helpers
 * ====================================================================== */

/* Renders m as JSON, validates it, and reads it back. */
static json_value *
render_json(const comscan_com *m, tbuf *b)
{
	char err[200];
	json_value *v;
	memset(b, 0, sizeof *b);
	assert_int_equal(comscan_com_render_json(m, tbuf_sink, b), 0);
	assert_non_null(b->p);
	assert_int_equal(strlen(b->p), b->n); /* no NUL inside */
	if (!json_check(b->p, b->n, err, sizeof err))
		fail_msg("invalid JSON (%s): %.400s", err, b->p);
	v = json_dom_parse(b->p, b->n);
	assert_non_null(v);
	assert_int_equal(v->type, JSON_OBJECT);
	return v;
}

static void
render_text(const comscan_com *m, tbuf *b)
{
	memset(b, 0, sizeof *b);
	assert_int_equal(comscan_com_render_text(m, tbuf_sink, b), 0);
	assert_non_null(b->p);
	assert_int_equal(strlen(b->p), b->n);
}

/* Member key of object o, failing when absent, duplicated or of another
 * type (type < 0: any). */
static const json_value *
member(const json_value *o, const char *key, int type)
{
	const json_value *v = json_dom_get(o, key);
	if (v == NULL)
		fail_msg("JSON key \"%s\" missing", key);
	if (json_dom_key_count(o, key) != 1)
		fail_msg("JSON key \"%s\" repeated", key);
	if (type >= 0 && (int)v->type != type)
		fail_msg("JSON key \"%s\" has type %d, expected %d", key, (int)v->type, type);
	return v;
}

/* A JSON string-or-null member equal to want (NULL: JSON null). */
static void
assert_json_str(const json_value *o, const char *key, const char *want)
{
	const json_value *v = member(o, key, -1);
	if (want == NULL) {
		if (v->type != JSON_NULL)
			fail_msg("JSON \"%s\": expected null, got type %d", key, (int)v->type);
		return;
	}
	if (v->type != JSON_STRING)
		fail_msg("JSON \"%s\": expected the string \"%s\", got type %d", key, want, (int)v->type);
	assert_int_equal(v->len, strlen(want));
	assert_string_equal(v->str, want);
}

static void
assert_json_bool(const json_value *o, const char *key, int want)
{
	const json_value *v = member(o, key, -1);
	assert_int_equal(v->type, want ? JSON_TRUE : JSON_FALSE);
}

/* A JSON number member equal to want (exactly, as an integer literal). */
static void
assert_json_uint(const json_value *o, const char *key, uint64_t want)
{
	const json_value *v = member(o, key, JSON_NUMBER);
	char lit[32];
	snprintf(lit, sizeof lit, "%" PRIu64, want);
	assert_string_equal(v->str, lit);
}

/* The object keys are exactly the names in keys (each once), in order. */
static void
assert_keys(const json_value *o, const char *const *keys, size_t n)
{
	size_t i;
	assert_int_equal(o->type, JSON_OBJECT);
	if (o->n != n) {
		for (i = 0; i < o->n; i++)
			print_message("  key %zu: %s\n", i, o->keys[i]);
		fail_msg("object has %zu keys, expected %zu", o->n, n);
	}
	for (i = 0; i < n; i++)
		assert_string_equal(o->keys[i], keys[i]);
}

static const char *const class_keys[] = { "clsid", "view", "wow64", "effective", "name",
	"inproc_server", "threading_model", "inproc_handler", "local_server", "progid",
	"version_independent_progid", "appid", "typelib", "treat_as", "source" };

/* One JSON class object equals the API's registration. */
static void
assert_json_class(const json_value *o, const comscan_com_class *c)
{
	assert_keys(o, class_keys, sizeof class_keys / sizeof class_keys[0]);
	assert_json_str(o, "clsid", c->clsid);
	assert_json_str(o, "view", c->view);
	assert_json_bool(o, "wow64", c->wow64);
	assert_json_bool(o, "effective", c->effective);
	assert_json_str(o, "name", c->name);
	assert_json_str(o, "inproc_server", c->inproc_server);
	assert_json_str(o, "threading_model", c->threading_model);
	assert_json_str(o, "inproc_handler", c->inproc_handler);
	assert_json_str(o, "local_server", c->local_server);
	assert_json_str(o, "progid", c->progid);
	assert_json_str(o, "version_independent_progid", c->version_independent_progid);
	assert_json_str(o, "appid", c->appid);
	assert_json_str(o, "typelib", c->typelib);
	assert_json_str(o, "treat_as", c->treat_as);
	assert_json_str(o, "source", c->source);
}

/* One JSON finding equals the API's (docs/json.md FINDING, plus "source"
 * for a finding stamped with an input name). */
static void
assert_json_finding(const json_value *o, const comscan_finding *f)
{
	char hr[16];
	size_t n = 10;
	assert_json_str(o, "code", f->code);
	assert_json_str(o, "class", comscan_class_name(f->cls));
	assert_json_str(o, "severity", comscan_severity_name(f->severity));
	if (f->offset == COMSCAN_NO_OFFSET)
		assert_int_equal(member(o, "offset", -1)->type, JSON_NULL);
	else
		assert_json_uint(o, "offset", f->offset);
	if (f->line)
		assert_json_uint(o, "line", f->line);
	else
		assert_int_equal(member(o, "line", -1)->type, JSON_NULL);
	if (f->column)
		assert_json_uint(o, "column", f->column);
	else
		assert_int_equal(member(o, "column", -1)->type, JSON_NULL);
	assert_json_str(o, "message", f->message);
	if (f->hresult) {
		snprintf(hr, sizeof hr, "0x%08" PRIX32, f->hresult);
		assert_json_str(o, "hresult", hr);
		assert_json_str(o, "hresult_name", comscan_hresult_name(f->hresult));
	} else {
		assert_json_str(o, "hresult", NULL);
		assert_json_str(o, "hresult_name", NULL);
	}
	assert_json_str(o, "remedy", f->info->remedy);
	if (f->source) {
		assert_json_str(o, "source", f->source);
		n++;
	} else {
		assert_null(json_dom_get(o, "source"));
	}
	assert_int_equal(o->n, n);
}

/* The whole document equals the model: every class, COM3, verdict,
 * classes_found (the classes of the findings, as `scan --json` "classes"),
 * counts and every finding. */
static void
assert_json_model(const json_value *doc, const comscan_com *m)
{
	const comscan_findings *fs = comscan_com_findings(m);
	const json_value *classes = member(doc, "classes", JSON_ARRAY);
	const json_value *findings = member(doc, "findings", JSON_ARRAY);
	const json_value *com3 = member(doc, "com3", JSON_OBJECT);
	const json_value *counts = member(doc, "counts", JSON_OBJECT);
	const json_value *found = member(doc, "classes_found", JSON_ARRAY);
	static const char *const count_keys[] = { "error", "warning", "note" };
	comscan_com3 c3;
	size_t i, k = 0;
	unsigned cls;
	assert_int_equal(classes->n, comscan_com_class_count(m));
	for (i = 0; i < classes->n; i++)
		assert_json_class(json_dom_at(classes, i), comscan_com_class_at(m, i));
	assert_int_equal(findings->n, comscan_findings_count(fs));
	for (i = 0; i < findings->n; i++)
		assert_json_finding(json_dom_at(findings, i), comscan_findings_at(fs, i));
	assert_json_str(doc, "verdict", comscan_verdict_name(comscan_findings_verdict(fs)));
	assert_keys(counts, count_keys, 3);
	assert_json_uint(counts, "error", comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR));
	assert_json_uint(counts, "warning", comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING));
	assert_json_uint(counts, "note", comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE));
	for (cls = 0; cls < COMSCAN_CLASS_COUNT; cls++) {
		if (!(comscan_findings_classes(fs) >> cls & 1))
			continue;
		assert_true(k < found->n);
		assert_int_equal(json_dom_at(found, k)->type, JSON_STRING);
		assert_string_equal(json_dom_at(found, k)->str, comscan_class_name((comscan_class)cls));
		k++;
	}
	assert_int_equal(found->n, k);
	comscan_com_get_com3(m, &c3);
	assert_json_bool(com3, "present", c3.present);
	if (c3.has_regdb_version) {
		char hex[17];
		for (i = 0; i < 8; i++)
			snprintf(hex + 2 * i, 3, "%02x", c3.regdb_version[i]);
		assert_json_str(com3, "regdb_version", hex);
	} else {
		assert_json_str(com3, "regdb_version", NULL);
	}
	if (c3.has_enabled)
		assert_json_uint(com3, "com_plus_enabled", c3.enabled);
	else
		assert_int_equal(member(com3, "com_plus_enabled", -1)->type, JSON_NULL);
	assert_json_str(com3, "source", c3.source);
	assert_int_equal(com3->n, 4);
}

/* ======================================================================
 * the inputs
 * ====================================================================== */

static const char main_text[] =
    R4
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
    "@=\"Alpha\"\n"
    "\"AppID\"=\"" APP_1 "\"\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
    "@=\"C:\\\\Windows\\\\a.dll\"\n"
    "\"ThreadingModel\"=\"Both\"\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\LocalServer32]\n"
    "@=\"a.exe\"\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\ProgID]\n"
    "@=\"Alpha.1\"\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\TypeLib]\n"
    "@=\"" LIB_1 "\"\n"
    "[HKEY_CLASSES_ROOT\\Alpha.1\\CLSID]\n"
    "@=\"" CLS_A "\"\n"
    "[HKEY_CLASSES_ROOT\\AppID\\" APP_1 "]\n"
    "@=\"app\"\n"
    "[HKEY_CLASSES_ROOT\\TypeLib\\" LIB_1 "\\1.0\\0\\win32]\n"
    "@=\"a.tlb\"\n"
    "; B: an InprocServer32 key without a default (\"\"), per user and per machine\n"
    "[HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\" CLS_B "\\InprocServer32]\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CLS_B "\\InprocServer32]\n"
    "@=\"b.dll\"\n"
    "; C: no InprocServer32 key at all (null), 32-bit\n"
    "[HKEY_CLASSES_ROOT\\WOW6432Node\\CLSID\\" CLS_C "]\n"
    "@=\"Gamma\"\n"
    "\"AppID\"=\"" CLS_MISSING "\"\n"
    "[HKEY_CLASSES_ROOT\\WOW6432Node\\CLSID\\" CLS_C "\\TreatAs]\n"
    "@=\"" CLS_A "\"\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\n"
    "\"REGDBVersion\"=hex:0d,00,00,00,00,00,00,a0\n"
    "\"COM+ Enabled\"=dword:00000000\n";

/* ======================================================================
 * JSON
 * ====================================================================== */

/* The document is valid JSON and equals the model: classes with every
 * key of comscan.h (inproc_server as path, "" and null), COM3, verdict,
 * counts and findings (docs/json.md FINDING plus source). */
static void
test_json_document(void **state)
{
	static const char *const top_keys[] = { "classes", "com3", "verdict", "classes_found",
		"counts", "findings" };
	comscan_com *m;
	tbuf b;
	json_value *doc;
	const json_value *classes, *c;
	char src[64];
	size_t i;
	(void)state;
	m = t_build1("main.reg", main_text);
	doc = render_json(m, &b);
	/* exactly the keys comscan.h names, in its order */
	assert_keys(doc, top_keys, sizeof top_keys / sizeof top_keys[0]);
	assert_json_model(doc, m);
	/* independent of the API: the values written above */
	classes = member(doc, "classes", JSON_ARRAY);
	assert_int_equal(classes->n, 4);
	c = json_dom_at(classes, 0);
	assert_json_str(c, "clsid", CLS_A);
	assert_json_str(c, "view", "HKEY_CLASSES_ROOT");
	assert_json_bool(c, "wow64", 0);
	assert_json_bool(c, "effective", 1);
	assert_json_str(c, "name", "Alpha");
	assert_json_str(c, "inproc_server", "C:\\Windows\\a.dll");
	assert_json_str(c, "threading_model", "Both");
	assert_json_str(c, "inproc_handler", NULL);
	assert_json_str(c, "local_server", "a.exe");
	assert_json_str(c, "progid", "Alpha.1");
	assert_json_str(c, "version_independent_progid", NULL);
	assert_json_str(c, "appid", APP_1);
	assert_json_str(c, "typelib", LIB_1);
	assert_json_str(c, "treat_as", NULL);
	assert_json_str(c, "source", "main.reg:3");
	c = json_dom_at(classes, 1);
	assert_json_str(c, "clsid", CLS_B);
	assert_json_str(c, "view", "HKEY_CURRENT_USER\\Software\\Classes");
	assert_json_str(c, "inproc_server", "");
	assert_json_bool(c, "effective", 1);
	assert_json_str(c, "name", NULL);
	c = json_dom_at(classes, 2);
	assert_json_str(c, "view", "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes");
	assert_json_str(c, "inproc_server", "b.dll");
	assert_json_bool(c, "effective", 0);
	c = json_dom_at(classes, 3);
	assert_json_str(c, "clsid", CLS_C);
	assert_json_bool(c, "wow64", 1);
	assert_json_str(c, "inproc_server", NULL);
	assert_json_str(c, "treat_as", CLS_A);
	assert_json_str(c, "appid", CLS_MISSING);
	assert_json_str(member(doc, "com3", JSON_OBJECT), "regdb_version", "0d000000000000a0");
	assert_json_uint(member(doc, "com3", JSON_OBJECT), "com_plus_enabled", 0);
	assert_json_bool(member(doc, "com3", JSON_OBJECT), "present", 1);
	snprintf(src, sizeof src, "main.reg:%u", (unsigned)t_line_of(main_text, "\\COM3]"));
	assert_json_str(member(doc, "com3", JSON_OBJECT), "source", src);
	assert_json_str(doc, "verdict", "corrupt");
	/* findings: no-path (B user), conflict (B machine), appid.dangling (C),
	 * com3.disabled */
	assert_int_equal(member(doc, "findings", JSON_ARRAY)->n, 4);
	{
		const json_value *f = json_dom_at(member(doc, "findings", JSON_ARRAY), 0);
		assert_json_str(f, "code", "com.server.no-path");
		assert_json_str(f, "source", "main.reg");
		assert_json_str(f, "class", "unregistered");
		assert_json_str(f, "severity", "error");
		assert_json_uint(f, "line", t_line_of(main_text, "[HKEY_CURRENT_USER"));
		assert_json_uint(f, "offset", t_line_off(main_text, t_line_of(main_text, "[HKEY_CURRENT_USER")));
		assert_json_str(f, "column", NULL);
		assert_json_str(f, "hresult", "0x80040154");
		assert_json_str(f, "hresult_name", "REGDB_E_CLASSNOTREG");
	}
	{
		/* as `scan --json` "classes": taxonomy order, each once */
		const json_value *found = member(doc, "classes_found", JSON_ARRAY);
		static const char *const want[] = { "dangling-reference", "duplicate", "unregistered",
			"disabled" };
		assert_int_equal(found->n, 4);
		for (i = 0; i < 4; i++)
			assert_string_equal(json_dom_at(found, i)->str, want[i]);
	}
	{
		const json_value *counts = member(doc, "counts", JSON_OBJECT);
		assert_json_uint(counts, "error", 2);
		assert_json_uint(counts, "warning", 2);
		assert_json_uint(counts, "note", 0);
	}
	json_dom_free(doc);
	tbuf_free(&b);
	comscan_com_close(m);
}


/* An empty model: empty arrays, COM3 absent (all nulls), healthy. */
static void
test_json_empty(void **state)
{
	comscan_com *m = NULL;
	tbuf b;
	json_value *doc;
	const json_value *com3;
	(void)state;
	assert_int_equal(comscan_com_build(NULL, 0, NULL, &m), COMSCAN_OK);
	doc = render_json(m, &b);
	assert_json_model(doc, m);
	assert_int_equal(member(doc, "classes", JSON_ARRAY)->n, 0);
	assert_int_equal(member(doc, "findings", JSON_ARRAY)->n, 0);
	assert_int_equal(member(doc, "classes_found", JSON_ARRAY)->n, 0);
	assert_json_str(doc, "verdict", "healthy");
	com3 = member(doc, "com3", JSON_OBJECT);
	assert_json_bool(com3, "present", 0);
	assert_json_str(com3, "regdb_version", NULL);
	assert_json_str(com3, "source", NULL);
	assert_int_equal(member(com3, "com_plus_enabled", -1)->type, JSON_NULL);
	json_dom_free(doc);
	tbuf_free(&b);
	comscan_com_close(m);
}

/* Quotes, backslashes and control characters from the registry data are
 * escaped; the JSON decodes back to exactly the API strings. */
static void
test_json_escapes(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
	    "@=\"say \\\"hi\\\" C:\\\\dir\\\\ /x\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=hex(1):41,0a,42,0d,43,09,44,01,45,1f,46,7f,47,08,48,0c,49,00\n"
	    "\"ThreadingModel\"=\"Both\\\\\\\"\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\LocalServer32]\n"
	    "@=\"\\\"C:\\\\Program Files\\\\a.exe\\\" -Embedding\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\ProgID]\n"
	    "@=\"tab\there\"\n";
	comscan_com *m;
	tbuf b;
	json_value *doc;
	const json_value *c;
	const char *p;
	(void)state;
	m = t_build1("esc.reg", text);
	t_str_eq(comscan_com_class_at(m, 0)->name, "say \"hi\" C:\\dir\\ /x");
	t_str_eq(comscan_com_class_at(m, 0)->inproc_server, "A\nB\rC\tD\x01" "E\x1f" "F\x7f" "G\bH\fI");
	t_str_eq(comscan_com_class_at(m, 0)->threading_model, "Both\\\"");
	t_str_eq(comscan_com_class_at(m, 0)->local_server, "\"C:\\Program Files\\a.exe\" -Embedding");
	t_str_eq(comscan_com_class_at(m, 0)->progid, "tab\there");
	doc = render_json(m, &b);
	assert_json_model(doc, m);
	c = json_dom_at(member(doc, "classes", JSON_ARRAY), 0);
	assert_json_str(c, "name", "say \"hi\" C:\\dir\\ /x");
	/* the raw text: exactly these escapes */
	assert_non_null(strstr(b.p, "\"name\":\"say \\\"hi\\\" C:\\\\dir\\\\ /x\""));
	assert_non_null(strstr(b.p, "\"local_server\":\"\\\"C:\\\\Program Files\\\\a.exe\\\" -Embedding\""));
	assert_non_null(strstr(b.p, "\"progid\":\"tab\\there\""));
	assert_non_null(strstr(b.p, "\"threading_model\":\"Both\\\\\\\"\""));
	p = strstr(b.p, "\"inproc_server\":\"A\\nB\\rC\\tD\\u0001E\\u001");
	assert_non_null(p);
	/* no raw control character anywhere in the document */
	for (p = b.p; *p; p++)
		if ((unsigned char)*p < 0x20)
			fail_msg("raw control character 0x%02x at offset %zu", (unsigned char)*p,
			    (size_t)(p - b.p));
	json_dom_free(doc);
	tbuf_free(&b);
	comscan_com_close(m);
}

/* Non-ASCII: Windows-1252 bytes of an 8-bit file, UTF-8 after a UTF-8
 * BOM and UTF-16 text (with a surrogate pair) come out as UTF-8 and are copied into the JSON; an
 * unpaired surrogate becomes U+FFFD (strbuf.h: public API strings are
 * always valid UTF-8). */
static void
test_json_non_ascii(void **state)
{
	static const char ansi[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
	    "@=\"Caf\xe9 \x80 \xfc\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=\"C:\\\\Program Files\\\\M\xfcller\\\\a.dll\"\n";
	static const char u16[] =
	    "Windows Registry Editor Version 5.00\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "]\r\n"
	    "@=\"\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xce\xa9\"\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_B "\\InprocServer32]\r\n"
	    "@=hex(1):3d,d8,41,00,00,dc,42,00,00,00\r\n";
	static const char utf8[] =
	    "\xef\xbb\xbfREGEDIT4\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "]\n"
	    "@=\"na\xc3\xafve \xe2\x82\xac\"\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_C "\\LocalServer32]\n"
	    "@=\"c.exe\"\n";
	comscan_com_input in[3];
	comscan_com *m;
	tbuf b;
	json_value *doc;
	size_t len;
	uint8_t *w = t_utf16(u16, &len);
	const json_value *classes;
	(void)state;
	in[0].data = ansi, in[0].size = strlen(ansi), in[0].name = "ansi.reg";
	in[1].data = w, in[1].size = len, in[1].name = "u16.reg";
	in[2].data = utf8, in[2].size = strlen(utf8), in[2].name = "utf8.reg";
	m = t_build(in, 3);
	free(w);
	t_str_eq(comscan_com_class_find(m, CLS_A)->name, "Caf\xc3\xa9 \xe2\x82\xac \xc3\xbc");
	t_str_eq(comscan_com_class_find(m, CLS_A)->inproc_server,
	    "C:\\Program Files\\M\xc3\xbcller\\a.dll");
	t_str_eq(comscan_com_class_find(m, CLS_B)->name,
	    "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xce\xa9");
	t_str_eq(comscan_com_class_find(m, CLS_B)->inproc_server,
	    "\xef\xbf\xbd" "A" "\xef\xbf\xbd" "B");
	t_str_eq(comscan_com_class_find(m, CLS_C)->name, "na\xc3\xafve \xe2\x82\xac");
	doc = render_json(m, &b);
	assert_json_model(doc, m);
	classes = member(doc, "classes", JSON_ARRAY);
	assert_json_str(json_dom_at(classes, 0), "name", "Caf\xc3\xa9 \xe2\x82\xac \xc3\xbc");
	assert_json_str(json_dom_at(classes, 1), "name",
	    "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xce\xa9");
	/* copied as UTF-8, not \u-escaped (docs/json.md "Strings") */
	assert_non_null(strstr(b.p, "\"name\":\"Caf\xc3\xa9 \xe2\x82\xac \xc3\xbc\""));
	assert_non_null(strstr(b.p, "\xf0\x9f\x98\x80"));
	json_dom_free(doc);
	tbuf_free(&b);
	comscan_com_close(m);
}

/* Input names go into class and finding sources: quotes, backslashes and
 * control characters are escaped; a byte that is not valid UTF-8 is
 * written as the characters \\xNN (docs/json.md "Strings"). */
static void
test_json_source_names(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
	    "@=\"no server\"\n";
	comscan_com_input in[2];
	comscan_com *m;
	tbuf b;
	json_value *doc;
	const json_value *classes, *findings;
	(void)state;
	in[0].data = text, in[0].size = strlen(text), in[0].name = "C:\\dumps\\\"q\"\t.reg";
	in[1].data = text, in[1].size = strlen(text), in[1].name = "bad\xff\xc3\xa9.reg";
	m = t_build(in, 2);
	assert_int_equal(comscan_com_class_count(m), 2);
	/* the later input's registration comes first (it is the effective one) */
	assert_string_equal(comscan_com_class_at(m, 1)->source, "C:\\dumps\\\"q\"\t.reg:3");
	assert_string_equal(comscan_com_class_at(m, 0)->source, "bad\xff\xc3\xa9.reg:3");
	doc = render_json(m, &b);
	classes = member(doc, "classes", JSON_ARRAY);
	findings = member(doc, "findings", JSON_ARRAY);
	assert_json_str(json_dom_at(classes, 1), "source", "C:\\dumps\\\"q\"\t.reg:3");
	assert_non_null(strstr(b.p, "\"source\":\"C:\\\\dumps\\\\\\\"q\\\"\\t.reg:3\""));
	/* the invalid byte: the 5 characters \\xff; the valid sequence kept */
	assert_json_str(json_dom_at(classes, 0), "source", "bad\\xff\xc3\xa9.reg:3");
	assert_non_null(strstr(b.p, "\"source\":\"bad\\\\xff\xc3\xa9.reg:3\""));
	assert_int_equal(findings->n, 2); /* no-server twice, in class order */
	assert_json_str(json_dom_at(findings, 0), "source", "bad\\xff\xc3\xa9.reg");
	assert_json_str(json_dom_at(findings, 1), "source", "C:\\dumps\\\"q\"\t.reg");
	json_dom_free(doc);
	tbuf_free(&b);
	comscan_com_close(m);
}

/* Non-registry inputs: their scan findings and com.input.not-registry are
 * in the document with their source. */
static void
test_json_not_registry(void **state)
{
	comscan_com_input in[2];
	comscan_com *m;
	tbuf b;
	json_value *doc;
	const json_value *findings, *f;
	(void)state;
	in[0].data = "hello\n", in[0].size = 6, in[0].name = "a.txt";
	in[1].data = main_text, in[1].size = strlen(main_text), in[1].name = "main.reg";
	m = t_build(in, 2);
	doc = render_json(m, &b);
	assert_json_model(doc, m);
	findings = member(doc, "findings", JSON_ARRAY);
	f = json_dom_at(findings, 0);
	assert_json_str(f, "code", "scan.file.text-placeholder");
	assert_json_str(f, "source", "a.txt");
	f = json_dom_at(findings, 1);
	assert_json_str(f, "code", "com.input.not-registry");
	assert_json_str(f, "source", "a.txt");
	assert_json_str(f, "class", "bad-signature");
	assert_json_str(f, "severity", "error");
	assert_int_equal(member(f, "offset", -1)->type, JSON_NULL);
	assert_int_equal(member(f, "line", -1)->type, JSON_NULL);
	assert_json_str(f, "hresult", NULL);
	json_dom_free(doc);
	tbuf_free(&b);
	comscan_com_close(m);
}

/* A large merged model renders as one valid document equal to the API. */
static void
test_json_many(void **state)
{
	enum { N = 300 };
	char *text = malloc(N * 200 + 64);
	size_t len = 0, i;
	comscan_com *m;
	tbuf b;
	json_value *doc;
	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text + len, R4);
	for (i = 0; i < N; i++)
		len += (size_t)sprintf(text + len,
		    "[HKEY_%s\\CLSID\\{%08X-0000-0000-0000-%012X}\\InprocServer32]\n@=\"%s%zu.dll\"\n",
		    i % 3 == 0 ? "CLASSES_ROOT" : i % 3 == 1 ? "LOCAL_MACHINE\\SOFTWARE\\Classes"
		                                             : "CURRENT_USER\\Software\\Classes",
		    (unsigned)(i / 2), (unsigned)i, i % 7 ? "" : "x", i);
	m = t_build1("many.reg", text);
	free(text);
	t_invariants(m);
	assert_int_equal(comscan_com_class_count(m), N);
	doc = render_json(m, &b);
	assert_json_model(doc, m);
	json_dom_free(doc);
	tbuf_free(&b);
	comscan_com_close(m);
}

/* ======================================================================
 * text
 * ====================================================================== */

/* The listing has every class (CLSID, name, view, source, every field
 * that is set, "" as "(no default value)", shadowed registrations
 * marked), COM3, the class count, every finding (code, message, source)
 * and the verdict. */
static void
test_text_listing(void **state)
{
	comscan_com *m;
	tbuf b;
	size_t i;
	char line[512];
	const comscan_findings *fs;
	comscan_com3 c3;
	(void)state;
	m = t_build1("main.reg", main_text);
	render_text(m, &b);
	for (i = 0; i < comscan_com_class_count(m); i++) {
		const comscan_com_class *c = comscan_com_class_at(m, i);
		const char *fields[] = { c->inproc_server, c->threading_model, c->inproc_handler,
			c->local_server, c->progid, c->version_independent_progid, c->appid, c->typelib,
			c->treat_as };
		size_t k;
		snprintf(line, sizeof line, "%s %s%s\n", c->clsid, c->name ? c->name : "(no name)",
		    c->effective ? "" : "  [shadowed]");
		if (strstr(b.p, line) == NULL)
			fail_msg("class line missing: %s\n%s", line, b.p);
		snprintf(line, sizeof line, "%s (%s)\n", c->view, c->source);
		assert_non_null(strstr(b.p, line));
		for (k = 0; k < sizeof fields / sizeof fields[0]; k++) {
			if (fields[k] == NULL || fields[k][0] == '\0')
				continue;
			snprintf(line, sizeof line, " %s\n", fields[k]);
			if (strstr(b.p, line) == NULL)
				fail_msg("field value missing: %s", fields[k]);
		}
	}
	assert_non_null(strstr(b.p, "(no default value)\n")); /* B's per-user InprocServer32 */
	assert_non_null(strstr(b.p, CLS_B " (no name)\n"));
	assert_non_null(strstr(b.p, CLS_B " (no name)  [shadowed]\n"));
	assert_non_null(strstr(b.p, "C:\\Windows\\a.dll\n"));
	comscan_com_get_com3(m, &c3);
	snprintf(line, sizeof line, "COM3 (main.reg:%u): REGDBVersion 0d000000000000a0, COM+ Enabled 0\n",
	    (unsigned)t_line_of(main_text, "\\COM3]"));
	assert_non_null(strstr(b.p, line));
	assert_string_equal(c3.source, "main.reg:31");
	assert_non_null(strstr(b.p, "4 class registrations\n"));
	fs = comscan_com_findings(m);
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		snprintf(line, sizeof line, "%s: %s", f->code, f->message);
		if (strstr(b.p, line) == NULL)
			fail_msg("finding missing from the text: %s", line);
		snprintf(line, sizeof line, " %s line %u ", f->source, (unsigned)f->line);
		assert_non_null(strstr(b.p, line));
	}
	assert_non_null(strstr(b.p, "[0x80040154 REGDB_E_CLASSNOTREG]"));
	assert_non_null(strstr(b.p, "  verdict: corrupt ("));
	assert_non_null(strstr(b.p, "; 2 errors, 2 warnings, 0 notes\n"));
	tbuf_free(&b);
	comscan_com_close(m);
}

/* An empty model: no classes, "0 class registrations", healthy. */
static void
test_text_empty(void **state)
{
	comscan_com *m = NULL;
	tbuf b;
	(void)state;
	assert_int_equal(comscan_com_build(NULL, 0, NULL, &m), COMSCAN_OK);
	render_text(m, &b);
	assert_string_equal(b.p, "0 class registrations\nfindings:\n  verdict: healthy; 0 errors, "
	                         "0 warnings, 0 notes\n");
	tbuf_free(&b);
	comscan_com_close(m);
}

/* Registry strings are UTF-8 data (comscan.h) and keep their control
 * characters, but the text listing escapes them (\xNN), so a .reg file
 * cannot move the terminal's cursor or send an escape sequence: every
 * line of the listing is printable apart from its newline. */
static void
test_text_control_chars(void **state)
{
	static const char text[] =
	    R4
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "]\n"
	    "@=hex(1):4e,0a,4d,00\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" CLS_A "\\InprocServer32]\n"
	    "@=hex(1):41,0a,42,1b,5b,33,31,6d,00\n";
	comscan_com *m;
	tbuf b;
	const char *p;
	(void)state;
	m = t_build1("x\x1b[2J.reg", text);
	t_str_eq(comscan_com_class_at(m, 0)->name, "N\nM");
	t_str_eq(comscan_com_class_at(m, 0)->inproc_server, "A\nB\x1b[31m");
	render_text(m, &b);
	for (p = b.p; *p; p++)
		if (*p != '\n' && ((unsigned char)*p < 0x20 || *p == 0x7F))
			fail_msg("raw control character 0x%02x in the text listing", *p);
	assert_non_null(strstr(b.p, CLS_A " N\\x0aM\n"));
	assert_non_null(strstr(b.p, " A\\x0aB\\x1b[31m\n"));
	tbuf_free(&b);
	comscan_com_close(m);
}

/* ======================================================================
 * sinks and misuse
 * ====================================================================== */

/* A sink error stops rendering and is returned; NULL model or sink: -1. */
static void
test_render_sink_errors(void **state)
{
	comscan_com *m;
	tbuf b, full;
	int k;
	(void)state;
	m = t_build1("main.reg", main_text);
	assert_int_equal(comscan_com_render_json(NULL, tbuf_sink, &b), -1);
	assert_int_equal(comscan_com_render_json(m, NULL, &b), -1);
	assert_int_equal(comscan_com_render_text(NULL, tbuf_sink, &b), -1);
	assert_int_equal(comscan_com_render_text(m, NULL, &b), -1);
	memset(&full, 0, sizeof full);
	assert_int_equal(comscan_com_render_json(m, tbuf_sink, &full), 0);
	for (k = 1; k <= full.calls; k++) {
		memset(&b, 0, sizeof b);
		b.fail_at = k;
		b.fail_value = 40 + k;
		assert_int_equal(comscan_com_render_json(m, tbuf_sink, &b), 40 + k);
		assert_int_equal(b.calls, k); /* nothing after the failing call */
		tbuf_free(&b);
	}
	tbuf_free(&full);
	memset(&full, 0, sizeof full);
	assert_int_equal(comscan_com_render_text(m, tbuf_sink, &full), 0);
	for (k = 1; k <= full.calls; k++) {
		memset(&b, 0, sizeof b);
		b.fail_at = k;
		b.fail_value = -7;
		assert_int_equal(comscan_com_render_text(m, tbuf_sink, &b), -7);
		assert_int_equal(b.calls, k);
		tbuf_free(&b);
	}
	tbuf_free(&full);
	comscan_com_close(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_document),
		cmocka_unit_test(test_json_empty),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_non_ascii),
		cmocka_unit_test(test_json_source_names),
		cmocka_unit_test(test_json_not_registry),
		cmocka_unit_test(test_json_many),
		cmocka_unit_test(test_text_listing),
		cmocka_unit_test(test_text_empty),
		cmocka_unit_test(test_text_control_chars),
		cmocka_unit_test(test_render_sink_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
