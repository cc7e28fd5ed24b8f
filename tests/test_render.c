/*
 * test_render.c - JSON and text rendering of scan reports (render.c),
 * over the bundled samples and crafted buffers, checked with the
 * independent validator in tests/support/json_check.c (itself tested
 * first).  Run from the repository root: samples are read from
 * corpus/samples/.
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
#include "support/json_check.h"
#include "support/tbuf.h"

/* ======================================================================
 * helpers (the recording sink is support/tbuf.h)
 * ====================================================================== */

/* Number of non-overlapping occurrences of needle in hay. */
static size_t
count_substr(const char *hay, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	const char *p = hay;
	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += k;
	}
	return n;
}

/* Fails the test with the validator's reason when buf is not JSON. */
static void
assert_json(const char *buf, size_t len)
{
	char err[200];
	if (!json_check(buf, len, err, sizeof err))
		fail_msg("invalid JSON (%s): %.300s", err, buf);
}

/* ======================================================================
 * reports
 * ====================================================================== */

static const char *const sample_names[] = {
	"clbcatq.dll", "corrupt-strings.clb", "healthy-assembly.dll", "healthy-complib.clb",
	"healthy.clb", "legacy.clb", "placeholder-text.dll", "placeholder-zero.dll",
	"truncated.clb",
};
#define NSAMPLES (sizeof sample_names / sizeof sample_names[0])

/* Scans corpus/samples/NAME with opts; the caller closes the report. */
static comscan_report *
scan_sample(const char *name, const comscan_options *opts, char *path, size_t pathcap)
{
	comscan_file *f = NULL;
	comscan_report *r = NULL;
	comscan_status st;
	snprintf(path, pathcap, "corpus/samples/%s", name);
	st = comscan_file_open(path, NULL, &f);
	if (st != COMSCAN_OK)
		fail_msg("cannot open %s: %s (run from the repo root)", path,
		    comscan_status_message(st));
	assert_int_equal(comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), opts, &r),
	    COMSCAN_OK);
	assert_non_null(r);
	comscan_file_close(f);
	return r;
}

/* Scans a crafted buffer. */
static comscan_report *
scan_mem(const void *data, size_t size)
{
	comscan_report *r = NULL;
	assert_int_equal(comscan_scan_buffer(data, size, NULL, &r), COMSCAN_OK);
	assert_non_null(r);
	return r;
}

/* Renders r as JSON into b (fresh), asserting success and validity. */
static void
render_json(const comscan_report *r, const char *path, tbuf *b)
{
	memset(b, 0, sizeof *b);
	assert_int_equal(comscan_render_json(r, path, tbuf_sink, b), 0);
	assert_non_null(b->p);
	assert_int_equal(strlen(b->p), b->n); /* no NUL bytes inside */
	assert_json(b->p, b->n);
}

/* Renders r as text into b (fresh), asserting success. */
static void
render_text(const comscan_report *r, const char *path, tbuf *b)
{
	memset(b, 0, sizeof *b);
	assert_int_equal(comscan_render_text(r, path, tbuf_sink, b), 0);
	assert_non_null(b->p);
	assert_int_equal(strlen(b->p), b->n);
}

/* ======================================================================
 * an independent JSON writer for the expected documents
 * ====================================================================== */

/* Appends s as a JSON string; s must be printable ASCII. */
static void
exp_str(tbuf *b, const char *s)
{
	tbuf_put(b, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c > 0x7E)
			fail_msg("exp_str: non-printable byte 0x%02x", c);
		if (c == '"' || c == '\\')
			tbuf_put(b, "\\", 1);
		tbuf_put(b, s, 1);
	}
	tbuf_put(b, "\"", 1);
}

/* Appends the expected JSON object of one finding. */
static void
exp_finding(tbuf *b, const comscan_finding *f)
{
	tbuf_puts(b, "{\"code\":");
	exp_str(b, f->code);
	tbuf_printf(b, ",\"class\":\"%s\",\"severity\":\"%s\",\"offset\":",
	    comscan_class_name(f->cls), comscan_severity_name(f->severity));
	if (f->offset == COMSCAN_NO_OFFSET)
		tbuf_puts(b, "null");
	else
		tbuf_printf(b, "%" PRIu64, f->offset);
	if (f->line)
		tbuf_printf(b, ",\"line\":%" PRIu32 ",\"column\":%" PRIu32, f->line, f->column);
	else
		tbuf_puts(b, ",\"line\":null,\"column\":null");
	tbuf_puts(b, ",\"message\":");
	exp_str(b, f->message);
	if (f->hresult)
		tbuf_printf(b, ",\"hresult\":\"0x%08" PRIX32 "\",\"hresult_name\":\"%s\"", f->hresult,
		    comscan_hresult_name(f->hresult));
	else
		tbuf_puts(b, ",\"hresult\":null,\"hresult_name\":null");
	tbuf_puts(b, ",\"remedy\":");
	exp_str(b, f->info->remedy);
	tbuf_puts(b, "}");
}

/* The whole expected document for r under an ASCII path (or NULL). */
static void
exp_report(tbuf *b, const comscan_report *r, const char *path)
{
	const comscan_findings *fs = comscan_report_findings(r);
	uint32_t mask = comscan_findings_classes(fs);
	unsigned c;
	size_t i;
	int first = 1;
	memset(b, 0, sizeof *b);
	tbuf_puts(b, "{\"path\":");
	if (path)
		exp_str(b, path);
	else
		tbuf_puts(b, "null");
	tbuf_printf(b, ",\"kind\":\"%s\",\"verdict\":\"%s\",\"classes\":[",
	    comscan_kind_name(comscan_report_kind(r)),
	    comscan_verdict_name(comscan_findings_verdict(fs)));
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++) {
		if (mask >> c & 1) {
			tbuf_printf(b, "%s\"%s\"", first ? "" : ",", comscan_class_name((comscan_class)c));
			first = 0;
		}
	}
	tbuf_printf(b, "],\"counts\":{\"error\":%zu,\"warning\":%zu,\"note\":%zu},\"findings\":[",
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE));
	for (i = 0; i < comscan_findings_count(fs); i++) {
		if (i)
			tbuf_puts(b, ",");
		exp_finding(b, comscan_findings_at(fs, i));
	}
	tbuf_puts(b, "]}");
}

/* Every "hresult":"..." value is 0x plus 8 uppercase hex digits. */
static void
assert_hresults_upper(const char *json)
{
	const char *p = json;
	while ((p = strstr(p, "\"hresult\":\"")) != NULL) {
		int k;
		p += strlen("\"hresult\":\"");
		assert_memory_equal(p, "0x", 2);
		for (k = 2; k < 10; k++)
			if (!((p[k] >= '0' && p[k] <= '9') || (p[k] >= 'A' && p[k] <= 'F')))
				fail_msg("hresult not uppercase hex: %.12s", p);
		assert_int_equal(p[10], '"');
	}
}

/* ======================================================================
 * json_check self-tests
 * ====================================================================== */

typedef struct jcase {
	const char *s;
	size_t n; /* 0: strlen(s) */
} jcase;

/* Validity of one case. */
static bool
jc_ok(const jcase *c)
{
	char err[128];
	return json_check(c->s, c->n ? c->n : strlen(c->s), err, sizeof err);
}

/* Well-formed texts are accepted. */
static void
test_jsoncheck_accepts(void **state)
{
	static const jcase good[] = {
		{ "{}", 0 }, { "[]", 0 }, { " \t\r\n[ ]\n", 0 }, { "0", 0 }, { "-0", 0 },
		{ "1.5e10", 0 }, { "-12.25E-3", 0 }, { "1e+2", 0 }, { "true", 0 }, { "false", 0 },
		{ "null", 0 }, { "\"\"", 0 }, { "\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\"", 0 },
		{ "\"\\u0000\\u001f\\u00E9\\uFFFF\"", 0 }, { "\"\\ud83d\\ude00\"", 0 },
		{ "\"\\uDBFF\\uDFFF\"", 0 }, { "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"", 0 },
		{ "\"\xef\xbf\xbf\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80\"", 0 },
		{ "{\"a\":[1,{\"b\":null}],\"c\":{}}", 0 }, { "[[[[[]]]]]", 0 },
		{ "{\"\":0,\"\":1}", 0 }, { "\"\x7f\"", 0 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!jc_ok(&good[i]))
			fail_msg("rejected valid JSON #%zu: %s", i, good[i].s);
}

/* Malformed texts are rejected. */
static void
test_jsoncheck_rejects(void **state)
{
	static const jcase bad[] = {
		{ "", 0 }, { " ", 0 }, { "[", 0 }, { "]", 0 }, { "{", 0 }, { "[1,]", 0 },
		{ "[,1]", 0 }, { "{\"a\":1,}", 0 }, { "{\"a\"}", 0 }, { "{\"a\" 1}", 0 },
		{ "{a:1}", 0 }, { "{1:1}", 0 }, { "[1 2]", 0 }, { "[1}", 0 }, { "{\"a\":1]", 0 },
		{ "01", 0 }, { "-", 0 }, { "+1", 0 }, { "1.", 0 }, { ".5", 0 }, { "1e", 0 },
		{ "1e+", 0 }, { "0x10", 0 }, { "NaN", 0 }, { "Infinity", 0 }, { "tru", 0 },
		{ "nul", 0 }, { "True", 0 }, { "\"abc", 0 }, { "\"\\x41\"", 0 }, { "\"\\u12\"", 0 },
		{ "\"\\u12G4\"", 0 }, { "\"\\ud800\"", 0 }, { "\"\\ud800\\u0041\"", 0 },
		{ "\"\\udc00\"", 0 }, { "\"\\ud800x\"", 0 }, { "\"a\tb\"", 0 }, { "\"a\nb\"", 0 },
		{ "\"\x01\"", 0 }, { "\"\x1f\"", 0 }, { "\"\xff\"", 0 }, { "\"\x80\"", 0 },
		{ "\"\xc0\xaf\"", 0 }, { "\"\xc1\xbf\"", 0 }, { "\"\xe0\x80\xaf\"", 0 },
		{ "\"\xed\xa0\x80\"", 0 }, { "\"\xf4\x90\x80\x80\"", 0 }, { "\"\xf5\x80\x80\x80\"", 0 },
		{ "\"\xe2\x82\"", 0 }, { "\"\xc3\"", 0 }, { "\"\xe2\x28\xa1\"", 0 },
		{ "{} {}", 0 }, { "[]x", 0 }, { "1 2", 0 }, { "\xef\xbb\xbf{}", 0 },
		{ "\"a\0b\"", 5 }, { "[]\0", 3 }, { "\0", 1 }, { "'a'", 0 }, { "[1,,2]", 0 },
		{ "{\"a\"::1}", 0 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (jc_ok(&bad[i]))
			fail_msg("accepted invalid JSON #%zu: %s", i, bad[i].s);
}

/* Errors carry an offset; NULL err with errcap 0 is allowed. */
static void
test_jsoncheck_error_text(void **state)
{
	char err[64];
	(void)state;
	assert_false(json_check("[1,]", 4, err, sizeof err));
	assert_string_equal(err, "offset 3: unexpected character, expected a value");
	assert_false(json_check("[1]x", 4, NULL, 0));
	assert_true(json_check("[1]", 3, NULL, 0));
	assert_false(json_check(NULL, 0, err, sizeof err));
	assert_false(json_check("{}", 1, err, 4)); /* truncated message still NUL-terminated */
	assert_true(strlen(err) < 4);
}

/* Nesting is bounded by an explicit stack, not the C stack. */
static void
test_jsoncheck_deep(void **state)
{
	size_t depth = 1000000, i;
	char *s = malloc(2 * depth);
	(void)state;
	assert_non_null(s);
	for (i = 0; i < JSON_CHECK_MAX_DEPTH; i++) {
		s[i] = '[';
		s[2 * JSON_CHECK_MAX_DEPTH - 1 - i] = ']';
	}
	assert_true(json_check(s, 2 * JSON_CHECK_MAX_DEPTH, NULL, 0));
	for (i = 0; i < depth; i++) {
		s[i] = '[';
		s[2 * depth - 1 - i] = ']';
	}
	assert_false(json_check(s, 2 * depth, NULL, 0));
	memset(s, '{', depth);
	assert_false(json_check(s, depth, NULL, 0));
	free(s);
}

/* ======================================================================
 * JSON rendering
 * ====================================================================== */

/* Every sample renders to exactly the expected, valid document. */
static void
test_json_samples_exact(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		char path[256];
		tbuf got, want;
		comscan_report *r = scan_sample(sample_names[i], NULL, path, sizeof path);
		render_json(r, path, &got);
		exp_report(&want, r, path);
		if (strcmp(got.p, want.p) != 0)
			fail_msg("%s: JSON differs\n got: %s\nwant: %s", path, got.p, want.p);
		assert_hresults_upper(got.p);
		assert_int_equal(count_substr(got.p, "{\"code\":"),
		    comscan_findings_count(comscan_report_findings(r)));
		tbuf_free(&got);
		tbuf_free(&want);
		comscan_report_close(r);
	}
}

/* The documented keys, by name, in the big corrupt sample. */
static void
test_json_keys_present(void **state)
{
	static const char *const top[] = { "{\"path\":\"", ",\"kind\":\"clb\"",
		",\"verdict\":\"corrupt\"", ",\"classes\":[", ",\"counts\":{\"error\":",
		",\"warning\":", ",\"note\":", ",\"findings\":[{" };
	static const char *const per[] = { "{\"code\":\"", ",\"class\":\"", ",\"severity\":\"",
		",\"offset\":", ",\"line\":", ",\"column\":", ",\"message\":\"", ",\"hresult\":",
		",\"hresult_name\":", ",\"remedy\":\"" };
	char path[256];
	tbuf got;
	size_t i, n;
	comscan_report *r = scan_sample("corrupt-strings.clb", NULL, path, sizeof path);
	(void)state;
	render_json(r, path, &got);
	n = comscan_findings_count(comscan_report_findings(r));
	assert_true(n >= 2);
	for (i = 0; i < sizeof top / sizeof top[0]; i++)
		if (strstr(got.p, top[i]) == NULL)
			fail_msg("missing %s", top[i]);
	for (i = 0; i < sizeof per / sizeof per[0]; i++)
		if (count_substr(got.p, per[i]) != n)
			fail_msg("key %s appears %zu times, want %zu", per[i],
			    count_substr(got.p, per[i]), n);
	assert_true(strstr(got.p, "\"hresult\":\"0x8013110E\",\"hresult_name\":"
	                          "\"CLDB_E_FILE_CORRUPT\"") != NULL);
	assert_true(got.n > 4096); /* exercised more than one buffer flush */
	assert_true(got.calls >= 2);
	assert_true(got.max_chunk <= 4096);
	tbuf_free(&got);
	comscan_report_close(r);
}

/* The empty buffer: exact document, "offset":null, hresult null. */
static void
test_json_empty_buffer(void **state)
{
	tbuf got;
	comscan_report *r = scan_mem(NULL, 0);
	const char *want_head =
	    "{\"path\":null,\"kind\":\"empty\",\"verdict\":\"corrupt\","
	    "\"classes\":[\"zero-byte-placeholder\"],"
	    "\"counts\":{\"error\":1,\"warning\":0,\"note\":0},"
	    "\"findings\":[{\"code\":\"scan.file.zero-bytes\",\"class\":\"zero-byte-placeholder\","
	    "\"severity\":\"error\",\"offset\":null,\"line\":null,\"column\":null,"
	    "\"message\":\"file is empty (0 bytes)\",\"hresult\":null,\"hresult_name\":null,"
	    "\"remedy\":\"Delete the placeholder and restore the real file from backup or "
	    "installation media; for %windir%\\\\system32\\\\~clbcatq.dll follow KB Q310412 "
	    "method 2.\"}]}";
	(void)state;
	render_json(r, NULL, &got);
	assert_string_equal(got.p, want_head);
	tbuf_free(&got);
	comscan_report_close(r);
}

/* Crafted text, unknown and truncated inputs render exactly. */
static void
test_json_crafted(void **state)
{
	static const uint8_t unknown[] = { 0x00, 0x01, 0x02, 0xFF, 0x10 };
	tbuf got;
	comscan_report *r;
	(void)state;
	r = scan_mem("say \"hi\"\\\n", 10);
	render_json(r, "t.dll", &got);
	assert_non_null(strstr(got.p, "\"kind\":\"text\""));
	assert_non_null(strstr(got.p,
	    "\"message\":\"10 bytes of text instead of a binary file; first line: "
	    "\\\"say \\\\x22hi\\\\x22\\\\\\\\\\\"\""));
	assert_non_null(strstr(got.p, "\"offset\":0,"));
	tbuf_free(&got);
	comscan_report_close(r);

	r = scan_mem(unknown, sizeof unknown);
	render_json(r, "u.bin", &got);
	assert_non_null(strstr(got.p, "\"kind\":\"unknown\",\"verdict\":\"corrupt\","
	                              "\"classes\":[\"bad-signature\"]"));
	assert_non_null(strstr(got.p, "first bytes: 00 01 02 ff 10\""));
	tbuf_free(&got);
	comscan_report_close(r);

	r = scan_mem("MZ", 2);
	render_json(r, "m.dll", &got);
	assert_non_null(strstr(got.p, "\"code\":\"pe.dos.truncated\""));
	assert_non_null(strstr(got.p, "\"hresult\":\"0x800700C1\",\"hresult_name\":"
	                              "\"ERROR_BAD_EXE_FORMAT\""));
	assert_hresults_upper(got.p);
	tbuf_free(&got);
	comscan_report_close(r);
}

/* With max_findings 2 the trailing limit finding has "offset":null and
 * the counts still include what was dropped. */
static void
test_json_limit(void **state)
{
	comscan_options o;
	char path[256];
	tbuf got, want;
	comscan_report *r;
	const comscan_findings *fs;
	(void)state;
	comscan_options_init(&o);
	o.limits.max_findings = 2;
	r = scan_sample("corrupt-strings.clb", &o, path, sizeof path);
	fs = comscan_report_findings(r);
	assert_int_equal(comscan_findings_count(fs), 3);
	assert_true(comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) > 2);
	render_json(r, path, &got);
	exp_report(&want, r, path);
	assert_string_equal(got.p, want.p);
	assert_non_null(strstr(got.p, "{\"code\":\"core.findings.limit-exceeded\","
	                              "\"class\":\"limit-exceeded\",\"severity\":\"warning\","
	                              "\"offset\":null,"));
	assert_non_null(strstr(got.p, "\"limit-exceeded\"]")); /* last class listed */
	tbuf_free(&got);
	tbuf_free(&want);
	comscan_report_close(r);
}

/* Renders an empty-buffer report under path; returns the "path" value
 * (everything between "path": and ,"kind"), caller frees. */
static char *
json_path_value(const char *path)
{
	tbuf got;
	comscan_report *r = scan_mem(NULL, 0);
	const char *start, *end;
	char *v;
	memset(&got, 0, sizeof got);
	assert_int_equal(comscan_render_json(r, path, tbuf_sink, &got), 0);
	comscan_report_close(r);
	if (strlen(got.p) != got.n) {
		char shown[256];
		size_t at = strlen(got.p), total = got.n;
		snprintf(shown, sizeof shown, "%s", got.p);
		tbuf_free(&got); /* no leak reports on top of the failure */
		fail_msg("JSON for path holds a NUL byte at offset %zu of %zu: %s", at, total, shown);
	}
	start = got.p + strlen("{\"path\":");
	assert_memory_equal(got.p, "{\"path\":", 8);
	end = strstr(start, ",\"kind\":\"empty\"");
	if (end == NULL)
		fail_msg("no kind after path in %s", got.p);
	v = malloc((size_t)(end - start) + 1);
	assert_non_null(v);
	memcpy(v, start, (size_t)(end - start));
	v[end - start] = '\0';
	assert_json(got.p, got.n); /* the whole document stays valid */
	tbuf_free(&got);
	return v;
}

/* Paths with quotes, backslashes and control characters. */
static void
test_json_path_specials(void **state)
{
	char *v;
	(void)state;
	v = json_path_value("dir\\sub/\"q\"\t\n\r\x01\x1f\x7f.clb");
	assert_string_equal(v,
	    "\"dir\\\\sub/\\\"q\\\"\\t\\n\\r\\u0001\\u001f\\u007f.clb\"");
	free(v);
	v = json_path_value("");
	assert_string_equal(v, "\"\"");
	free(v);
	v = json_path_value("caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x98\x80");
	assert_string_equal(v, "\"caf\xc3\xa9/\xe2\x82\xac/\xf0\x9f\x98\x80\"");
	free(v);
}

/* Bytes that are not valid UTF-8 become the characters \\xNN. */
static void
test_json_path_invalid_utf8(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "a\xff" "b", "\"a\\\\xffb\"" },
		{ "\x80", "\"\\\\x80\"" },
		{ "\xc0\xaf", "\"\\\\xc0\\\\xaf\"" },
		{ "\xed\xa0\x80", "\"\\\\xed\\\\xa0\\\\x80\"" },
		{ "x\xe2\x82", "\"x\\\\xe2\\\\x82\"" },
		{ "\xf5\x80\x80\x80", "\"\\\\xf5\\\\x80\\\\x80\\\\x80\"" },
		{ "\xc3\xa9\xc3", "\"\xc3\xa9\\\\xc3\"" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *v = json_path_value(cases[i].in);
		if (strcmp(v, cases[i].want) != 0)
			fail_msg("case %zu: got %s want %s", i, v, cases[i].want);
		free(v);
	}
}

/* A NULL path renders as null. */
static void
test_json_null_path(void **state)
{
	tbuf got;
	comscan_report *r = scan_mem("BSJB", 4);
	(void)state;
	render_json(r, NULL, &got);
	assert_memory_equal(got.p, "{\"path\":null,\"kind\":\"clb\",", 26);
	tbuf_free(&got);
	comscan_report_close(r);
}

/* A sink's non-zero return stops rendering and is returned. */
static void
test_json_sink_stops(void **state)
{
	char path[256];
	tbuf b;
	comscan_report *r = scan_sample("corrupt-strings.clb", NULL, path, sizeof path);
	(void)state;
	memset(&b, 0, sizeof b);
	b.fail_at = 1;
	b.fail_value = 7;
	assert_int_equal(comscan_render_json(r, path, tbuf_sink, &b), 7);
	assert_int_equal(b.calls, 1);
	assert_int_equal(b.n, 0);
	tbuf_free(&b);
	b.fail_at = 2;
	b.fail_value = -3;
	assert_int_equal(comscan_render_json(r, path, tbuf_sink, &b), -3);
	assert_int_equal(b.calls, 2);
	assert_true(b.n > 0 && b.n <= 4096);
	tbuf_free(&b);
	b.fail_at = 1;
	b.fail_value = 42;
	assert_int_equal(comscan_render_text(r, path, tbuf_sink, &b), 42);
	assert_int_equal(b.calls, 1);
	tbuf_free(&b);
	b.fail_at = 1;
	b.fail_value = 9;
	assert_int_equal(comscan_render_json_string("abc", tbuf_sink, &b), 9);
	assert_int_equal(b.calls, 1);
	tbuf_free(&b);
	comscan_report_close(r);
}

/* Misuse returns -1 without calling the sink. */
static void
test_render_misuse(void **state)
{
	tbuf b;
	comscan_report *r = scan_mem(NULL, 0);
	(void)state;
	memset(&b, 0, sizeof b);
	assert_int_equal(comscan_render_json(NULL, "p", tbuf_sink, &b), -1);
	assert_int_equal(comscan_render_text(NULL, "p", tbuf_sink, &b), -1);
	assert_int_equal(comscan_render_json(r, "p", NULL, &b), -1);
	assert_int_equal(comscan_render_text(r, "p", NULL, &b), -1);
	assert_int_equal(comscan_render_json_string(NULL, tbuf_sink, &b), -1);
	assert_int_equal(comscan_render_json_string("x", NULL, &b), -1);
	assert_int_equal(b.calls, 0);
	comscan_report_close(r);
}

/* Renders s with comscan_render_json_string; caller frees. */
static char *
json_string(const char *s, size_t *len)
{
	tbuf b;
	memset(&b, 0, sizeof b);
	assert_int_equal(comscan_render_json_string(s, tbuf_sink, &b), 0);
	*len = b.n;
	return b.p;
}

/* render_json_string: exact escapes, valid JSON, long strings. */
static void
test_json_string(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain text", "\"plain text\"" },
		{ "q\"b\\s/", "\"q\\\"b\\\\s/\"" },
		{ "\n\t\r\b\f", "\"\\n\\t\\r\\u0008\\u000c\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
		{ "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"" },
		{ "\xfe", "\"\\\\xfe\"" },
	};
	char *big = NULL, *out;
	size_t i, len;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		out = json_string(cases[i].in, &len);
		if (strlen(out) != len) {
			size_t at = strlen(out);
			free(out);
			free(big);
			fail_msg("case %zu: output holds a NUL byte at offset %zu of %zu", i, at, len);
		}
		if (len != strlen(cases[i].want) || memcmp(out, cases[i].want, len) != 0)
			fail_msg("case %zu: got %.*s want %s", i, (int)len, out, cases[i].want);
		assert_json(out, len);
		free(out);
	}
	/* 10000 quotes: 20002 bytes across several flushes */
	big = malloc(10001);
	assert_non_null(big);
	memset(big, '"', 10000);
	big[10000] = '\0';
	out = json_string(big, &len);
	assert_int_equal(len, 20002);
	assert_json(out, len);
	for (i = 1; i + 1 < len; i += 2)
		assert_memory_equal(out + i, "\\\"", 2);
	free(out);
	free(big);
}

/* ======================================================================
 * text rendering
 * ====================================================================== */

/* Splits b's text into lines (modifies it); returns the count. */
static size_t
split_lines(char *text, char **lines, size_t max)
{
	size_t n = 0;
	char *p = text, *nl;
	while (*p && n < max) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			fail_msg("text output does not end with a newline: %s", p);
		*nl = '\0';
		lines[n++] = p;
		p = nl + 1;
	}
	assert_true(*p == '\0');
	return n;
}

/* The expected line of a finding (documented layout). */
static void
exp_text_line(char *dst, size_t cap, const comscan_finding *f)
{
	char off[32], hr[96] = "";
	if (f->offset == COMSCAN_NO_OFFSET)
		snprintf(off, sizeof off, "-          ");
	else
		snprintf(off, sizeof off, "@0x%08" PRIx64, f->offset);
	if (f->hresult)
		snprintf(hr, sizeof hr, " [0x%08" PRIX32 " %s]", f->hresult,
		    comscan_hresult_name(f->hresult));
	snprintf(dst, cap, "  %-7s %s %-19s %s: %s%s", comscan_severity_name(f->severity), off,
	    comscan_class_name(f->cls), f->code, f->message, hr);
}

/* The expected verdict line from the findings API. */
static void
exp_verdict_line(char *dst, size_t cap, const comscan_findings *fs)
{
	size_t ne = comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR);
	size_t nw = comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING);
	size_t nn = comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE);
	uint32_t mask = comscan_findings_classes(fs);
	size_t o;
	unsigned c;
	int first = 1;
	o = (size_t)snprintf(dst, cap, "  verdict: %s",
	    comscan_verdict_name(comscan_findings_verdict(fs)));
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++) {
		if (mask >> c & 1) {
			o += (size_t)snprintf(dst + o, cap - o, "%s%s", first ? " (" : ", ",
			    comscan_class_name((comscan_class)c));
			first = 0;
		}
	}
	if (!first)
		o += (size_t)snprintf(dst + o, cap - o, ")");
	snprintf(dst + o, cap - o, "; %zu error%s, %zu warning%s, %zu note%s", ne,
	    ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s", nn, nn == 1 ? "" : "s");
}

/* Number of distinct remedies among warning and error findings. */
static size_t
distinct_remedies(const comscan_findings *fs)
{
	const char *seen[64];
	size_t n = 0, i, j;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		int dup = 0;
		if (f->severity == COMSCAN_SEVERITY_NOTE)
			continue;
		for (j = 0; j < n; j++)
			dup |= strcmp(seen[j], f->info->remedy) == 0;
		if (!dup && n < 64)
			seen[n++] = f->info->remedy;
	}
	return n;
}

/* Checks the full text report of r under an ASCII path. */
static void
check_text_report(const comscan_report *r, const char *path)
{
	const comscan_findings *fs = comscan_report_findings(r);
	size_t nf = comscan_findings_count(fs), nrem = distinct_remedies(fs), n, i, j;
	char *lines[512], want[2048];
	tbuf got;
	render_text(r, path, &got);
	n = split_lines(got.p, lines, 512);
	assert_int_equal(n, 1 + nf + nrem + 1);
	snprintf(want, sizeof want, "%s: %s", path ? path : "(buffer)",
	    comscan_kind_name(comscan_report_kind(r)));
	assert_string_equal(lines[0], want);
	for (i = 0; i < nf; i++) {
		exp_text_line(want, sizeof want, comscan_findings_at(fs, i));
		if (strcmp(lines[1 + i], want) != 0)
			fail_msg("finding line %zu:\n got: %s\nwant: %s", i, lines[1 + i], want);
	}
	for (i = 0; i < nrem; i++) {
		const char *rem = lines[1 + nf + i];
		assert_memory_equal(rem, "  remedy: ", 10);
		for (j = 0; j < i; j++)
			assert_string_not_equal(rem, lines[1 + nf + j]); /* deduplicated */
	}
	exp_verdict_line(want, sizeof want, fs);
	assert_string_equal(lines[n - 1], want);
	tbuf_free(&got);
}

/* Every sample's text report has the documented shape. */
static void
test_text_samples(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < NSAMPLES; i++) {
		char path[256];
		comscan_report *r = scan_sample(sample_names[i], NULL, path, sizeof path);
		check_text_report(r, path);
		comscan_report_close(r);
	}
}

/* Exact text of the zero-byte placeholder, with '-' for no offset. */
static void
test_text_empty_exact(void **state)
{
	tbuf got;
	comscan_report *r = scan_mem(NULL, 0);
	(void)state;
	render_text(r, NULL, &got);
	assert_string_equal(got.p,
	    "(buffer): empty\n"
	    "  error   -           zero-byte-placeholder scan.file.zero-bytes: file is empty (0 bytes)\n"
	    "  remedy: Delete the placeholder and restore the real file from backup or installation "
	    "media; for %windir%\\system32\\~clbcatq.dll follow KB Q310412 method 2.\n"
	    "  verdict: corrupt (zero-byte-placeholder); 1 error, 0 warnings, 0 notes\n");
	tbuf_free(&got);
	comscan_report_close(r);
}

/* Offsets print as @0x%08x; HRESULTs follow the message. */
static void
test_text_offset_and_hresult(void **state)
{
	tbuf got;
	comscan_report *r = scan_mem("COM+\x01\x00\x01\x00", 8);
	(void)state;
	render_text(r, "legacy.clb", &got);
	assert_non_null(strstr(got.p, "\n  error   @0x00000000 legacy-format       "
	                              "clb.signature.legacy-complib: "));
	assert_non_null(strstr(got.p, " [0x80131107 CLDB_E_FILE_OLDVER]\n"));
	assert_non_null(strstr(got.p, "\n  verdict: corrupt (legacy-format); 1 error, 0 warnings, "
	                              "0 notes\n"));
	tbuf_free(&got);
	comscan_report_close(r);
}

/* Remedies print once each, notes contribute none. */
static void
test_text_remedies_dedup(void **state)
{
	char path[256];
	tbuf got;
	comscan_report *r = scan_sample("corrupt-strings.clb", NULL, path, sizeof path);
	const comscan_findings *fs = comscan_report_findings(r);
	const comscan_code_info *clb = comscan_code_lookup("clb.strings.index-out-of-bounds");
	(void)state;
	assert_true(comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) >= 2);
	render_text(r, path, &got);
	assert_int_equal(count_substr(got.p, clb->remedy), 1);
	assert_int_equal(count_substr(got.p, "  remedy: "), distinct_remedies(fs));
	tbuf_free(&got);
	comscan_report_close(r);
	r = scan_sample("healthy-complib.clb", NULL, path, sizeof path);
	fs = comscan_report_findings(r);
	assert_true(comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE) > 0);
	render_text(r, path, &got);
	assert_int_equal(count_substr(got.p, "  remedy: "), 0);
	assert_non_null(strstr(got.p, "  verdict: healthy; 0 errors, 0 warnings, "));
	tbuf_free(&got);
	comscan_report_close(r);
}

/* Text paths: printable ASCII kept, every other byte as \xNN. */
static void
test_text_path_escaped(void **state)
{
	tbuf got;
	comscan_report *r = scan_mem(NULL, 0);
	(void)state;
	render_text(r, "a\tb\xff\xc3\xa9\"\\.dll", &got);
	assert_true(strchr(got.p, '\n') != NULL);
	*strchr(got.p, '\n') = '\0';
	assert_string_equal(got.p, "a\\x09b\\xff\\xc3\\xa9\"\\.dll: empty");
	tbuf_free(&got);
	comscan_report_close(r);
}

/* A limit finding renders with '-' and the verdict names the class. */
static void
test_text_limit(void **state)
{
	comscan_options o;
	char path[256];
	tbuf got;
	comscan_report *r;
	(void)state;
	comscan_options_init(&o);
	o.limits.max_findings = 1;
	r = scan_sample("corrupt-strings.clb", &o, path, sizeof path);
	check_text_report(r, path);
	render_text(r, path, &got);
	assert_non_null(strstr(got.p, "  warning -           limit-exceeded      "
	                              "core.findings.limit-exceeded: "));
	assert_non_null(strstr(got.p, "limit-exceeded); "));
	tbuf_free(&got);
	comscan_report_close(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsoncheck_accepts),
		cmocka_unit_test(test_jsoncheck_rejects),
		cmocka_unit_test(test_jsoncheck_error_text),
		cmocka_unit_test(test_jsoncheck_deep),
		cmocka_unit_test(test_json_samples_exact),
		cmocka_unit_test(test_json_keys_present),
		cmocka_unit_test(test_json_empty_buffer),
		cmocka_unit_test(test_json_crafted),
		cmocka_unit_test(test_json_limit),
		cmocka_unit_test(test_json_path_specials),
		cmocka_unit_test(test_json_path_invalid_utf8),
		cmocka_unit_test(test_json_null_path),
		cmocka_unit_test(test_json_sink_stops),
		cmocka_unit_test(test_render_misuse),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_text_samples),
		cmocka_unit_test(test_text_empty_exact),
		cmocka_unit_test(test_text_offset_and_hresult),
		cmocka_unit_test(test_text_remedies_dedup),
		cmocka_unit_test(test_text_path_escaped),
		cmocka_unit_test(test_text_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
