/*
 * comtest.h - helpers shared by the COM model tests (test_com_model.c,
 * test_com_render.c): building a model from .reg texts written in the
 * test, looking findings up by code, computing the expected line and
 * byte offset of a line independently of the parser, UTF-16LE encoding,
 * and the expected catalogue rows of every com.* code
 * (copied by hand from parser/core/codes.def, so a change there shows up
 * as a failing test).
 *
 * Header-only (static inline) because it uses cmocka, which the other
 * programs linked with tests/support/ objects do not link.  Include it
 * after <cmocka.h>.
 */
#ifndef COMSCAN_TESTS_COMTEST_H
#define COMSCAN_TESTS_COMTEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"

/* ======================================================================
 * the expected catalogue rows (parser/core/codes.def, section "com")
 * ====================================================================== */

#define HR_CLASSNOTREG 0x80040154u  /* REGDB_E_CLASSNOTREG */
#define HR_IIDNOTREG 0x80040155u    /* REGDB_E_IIDNOTREG   */
#define HR_CLASSSTRING 0x800401F3u  /* CO_E_CLASSSTRING    */

typedef struct com_code_row {
	const char *code;
	comscan_class cls;
	comscan_severity sev;
	uint32_t hresult;
	const char *hresult_name; /* "" when none */
} com_code_row;

static const com_code_row com_code_rows[] = {
	{ "com.input.not-registry", COMSCAN_CLASS_BAD_SIGNATURE, COMSCAN_SEVERITY_ERROR, 0, "" },
	{ "com.guid.malformed-key", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.class.no-server", COMSCAN_CLASS_UNREGISTERED, COMSCAN_SEVERITY_WARNING, HR_CLASSNOTREG,
	    "REGDB_E_CLASSNOTREG" },
	{ "com.server.no-path", COMSCAN_CLASS_UNREGISTERED, COMSCAN_SEVERITY_ERROR, HR_CLASSNOTREG,
	    "REGDB_E_CLASSNOTREG" },
	{ "com.server.bad-type", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_ERROR, 0, "" },
	{ "com.threading.invalid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.threading.on-local-server", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_NOTE, 0, "" },
	{ "com.progid.bad-clsid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_ERROR, HR_CLASSSTRING,
	    "CO_E_CLASSSTRING" },
	{ "com.progid.dangling", COMSCAN_CLASS_DANGLING_REFERENCE, COMSCAN_SEVERITY_WARNING,
	    HR_CLASSNOTREG, "REGDB_E_CLASSNOTREG" },
	{ "com.class.progid-mismatch", COMSCAN_CLASS_INCONSISTENT, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.appid.bad-guid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_ERROR, 0, "" },
	{ "com.appid.dangling", COMSCAN_CLASS_DANGLING_REFERENCE, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.treatas.bad-guid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_ERROR, 0, "" },
	{ "com.treatas.dangling", COMSCAN_CLASS_DANGLING_REFERENCE, COMSCAN_SEVERITY_WARNING,
	    HR_CLASSNOTREG, "REGDB_E_CLASSNOTREG" },
	{ "com.interface.bad-proxy-guid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_ERROR,
	    HR_IIDNOTREG, "REGDB_E_IIDNOTREG" },
	{ "com.interface.proxy-unregistered", COMSCAN_CLASS_DANGLING_REFERENCE,
	    COMSCAN_SEVERITY_WARNING, HR_IIDNOTREG, "REGDB_E_IIDNOTREG" },
	{ "com.typelib.no-path", COMSCAN_CLASS_UNREGISTERED, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.typelib.dangling", COMSCAN_CLASS_DANGLING_REFERENCE, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.class.conflict", COMSCAN_CLASS_DUPLICATE, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.com3.regdbversion-invalid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_ERROR, 0, "" },
	{ "com.com3.disabled", COMSCAN_CLASS_DISABLED, COMSCAN_SEVERITY_ERROR, 0, "" },
	{ "com.com3.enabled-invalid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_WARNING, 0, "" },
	{ "com.typelib.bad-guid", COMSCAN_CLASS_MALFORMED, COMSCAN_SEVERITY_WARNING, 0, "" },
};
#define N_COM_CODES (sizeof com_code_rows / sizeof com_code_rows[0])

/* The expected row of a com.* code; fails the test when there is none. */
static inline const com_code_row *
com_row(const char *code)
{
	size_t i;
	for (i = 0; i < N_COM_CODES; i++)
		if (strcmp(com_code_rows[i].code, code) == 0)
			return &com_code_rows[i];
	fail_msg("no expected catalogue row for %s", code);
	return NULL;
}

/* ======================================================================
 * text positions, computed from the test's own text
 * ====================================================================== */

/* Byte offset of the start of 1-based line `line` of an 8-bit text
 * (LF, CRLF or lone CR end a line). */
static inline size_t
t_line_off(const char *text, uint32_t line)
{
	size_t i = 0;
	uint32_t l = 1;
	while (l < line) {
		if (text[i] == '\0')
			fail_msg("text has fewer than %u lines", (unsigned)line);
		if (text[i] == '\r') {
			l++;
			i += text[i + 1] == '\n' ? 2 : 1;
		} else if (text[i] == '\n') {
			l++;
			i++;
		} else {
			i++;
		}
	}
	return i;
}

/* 1-based line of the first line that contains needle; fails when none
 * or when a second line also contains it (the needle must pin one line). */
static inline uint32_t
t_line_of(const char *text, const char *needle)
{
	const char *p = strstr(text, needle), *q;
	uint32_t l = 1;
	if (p == NULL) {
		fail_msg("needle not in text: %s", needle);
		return 0;
	}
	q = strstr(p + 1, needle);
	if (q != NULL)
		fail_msg("needle not unique in text: %s", needle);
	for (q = text; q < p; q++)
		if (*q == '\n' || (*q == '\r' && q[1] != '\n'))
			l++;
	return l;
}

/* ======================================================================
 * UTF-16LE
 * ====================================================================== */

/* Decodes one UTF-8 sequence at *s (assumed valid); advances *s. */
static inline uint32_t
t_utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	size_t n, k;
	if (p[0] < 0x80)
		cp = p[0], n = 1;
	else if (p[0] < 0xE0)
		cp = p[0] & 0x1Fu, n = 2;
	else if (p[0] < 0xF0)
		cp = p[0] & 0x0Fu, n = 3;
	else
		cp = p[0] & 0x07u, n = 4;
	for (k = 1; k < n; k++)
		cp = cp << 6 | (p[k] & 0x3Fu);
	*s += n;
	return cp;
}

/* BOM + UTF-16LE of a UTF-8 text; malloc'd, *len set. */
static inline uint8_t *
t_utf16(const char *utf8, size_t *len)
{
	size_t cap = 2 + strlen(utf8) * 4, n = 0;
	uint8_t *b = malloc(cap);
	const char *s = utf8;
	assert_non_null(b);
	b[n++] = 0xFF;
	b[n++] = 0xFE;
	while (*s) {
		uint32_t cp = t_utf8_next(&s);
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000, hi = 0xD800 + (v >> 10), lo = 0xDC00 + (v & 0x3FF);
			b[n++] = (uint8_t)hi, b[n++] = (uint8_t)(hi >> 8);
			b[n++] = (uint8_t)lo, b[n++] = (uint8_t)(lo >> 8);
		} else {
			b[n++] = (uint8_t)cp, b[n++] = (uint8_t)(cp >> 8);
		}
	}
	*len = n;
	return b;
}

/* Byte offset, in the t_utf16 encoding of utf8, of the start of line. */
static inline size_t
t_line_off16(const char *utf8, uint32_t line)
{
	size_t units = 0;
	const char *s = utf8, *end = utf8 + t_line_off(utf8, line);
	while (s < end) {
		uint32_t cp = t_utf8_next(&s);
		units += cp >= 0x10000 ? 2 : 1;
	}
	return 2 + 2 * units;
}

/* ======================================================================
 * building models
 * ====================================================================== */

/* Builds a model from n inputs with opts (NULL: defaults); asserts OK. */
static inline comscan_com *
t_build_opts(const comscan_com_input *in, size_t n, const comscan_options *opts)
{
	comscan_com *m = (comscan_com *)(uintptr_t)1;
	assert_int_equal(comscan_com_build(in, n, opts, &m), COMSCAN_OK);
	assert_non_null(m);
	return m;
}

static inline comscan_com *
t_build(const comscan_com_input *in, size_t n)
{
	return t_build_opts(in, n, NULL);
}

/* One 8-bit .reg text named name. */
static inline comscan_com *
t_build1(const char *name, const char *text)
{
	comscan_com_input in;
	in.data = text;
	in.size = strlen(text);
	in.name = name;
	return t_build(&in, 1);
}

/* ======================================================================
 * findings
 * ====================================================================== */

/* Number of findings of the model with code. */
static inline size_t
t_count(const comscan_com *m, const char *code)
{
	const comscan_findings *fs = comscan_com_findings(m);
	size_t i, n = 0;
	for (i = 0; i < comscan_findings_count(fs); i++)
		n += strcmp(comscan_findings_at(fs, i)->code, code) == 0;
	return n;
}

/* Number of findings whose code starts with prefix. */
static inline size_t
t_count_prefix(const comscan_com *m, const char *prefix)
{
	const comscan_findings *fs = comscan_com_findings(m);
	size_t i, n = 0, k = strlen(prefix);
	for (i = 0; i < comscan_findings_count(fs); i++)
		n += strncmp(comscan_findings_at(fs, i)->code, prefix, k) == 0;
	return n;
}

/* Prints every finding (for failure diagnostics). */
static inline void
t_dump(const comscan_com *m)
{
	const comscan_findings *fs = comscan_com_findings(m);
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		print_message("  finding %zu: %s line %u off %lld src %s: %s\n", i, f->code,
		    (unsigned)f->line, f->offset == COMSCAN_NO_OFFSET ? -1LL : (long long)f->offset,
		    f->source ? f->source : "(null)", f->message);
	}
}

/* The k-th (0-based) finding with code; fails when there is none. */
static inline const comscan_finding *
t_nth(const comscan_com *m, const char *code, size_t k)
{
	const comscan_findings *fs = comscan_com_findings(m);
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (strcmp(f->code, code) == 0 && k-- == 0)
			return f;
	}
	t_dump(m);
	fail_msg("finding %s not raised (or too few)", code);
	return NULL;
}

/* The finding with code at 1-based line (8-bit text); fails when none. */
static inline const comscan_finding *
t_at_line(const comscan_com *m, const char *code, uint32_t line)
{
	const comscan_findings *fs = comscan_com_findings(m);
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (strcmp(f->code, code) == 0 && f->line == line)
			return f;
	}
	t_dump(m);
	fail_msg("finding %s not raised at line %u", code, (unsigned)line);
	return NULL;
}

/* Asserts a com.* finding's catalogue fields (class, severity, HRESULT,
 * info) against the expected rows. */
static inline void
t_check_row(const comscan_finding *f)
{
	const com_code_row *r = com_row(f->code);
	assert_int_equal(f->cls, r->cls);
	assert_int_equal(f->severity, r->sev);
	assert_int_equal(f->hresult, r->hresult);
	assert_non_null(f->info);
	assert_string_equal(f->info->code, f->code);
	assert_int_equal(f->info->hresult, r->hresult);
	assert_string_equal(f->info->hresult_name, r->hresult_name);
	assert_non_null(f->message);
}

/* Asserts finding f of an 8-bit text: catalogue fields, line, byte offset
 * of that line's start, no column, and source (the input name). */
static inline void
t_check_at(const comscan_finding *f, const char *text, uint32_t line, const char *source)
{
	t_check_row(f);
	assert_int_equal(f->line, line);
	assert_int_equal(f->column, 0);
	assert_int_equal(f->offset, (uint64_t)t_line_off(text, line));
	if (source == NULL)
		assert_null(f->source);
	else {
		assert_non_null(f->source);
		assert_string_equal(f->source, source);
	}
}

/* The one finding with code in the model, checked at the line that holds
 * needle in text; fails unless exactly one was raised. */
static inline const comscan_finding *
t_expect1(const comscan_com *m, const char *code, const char *text, const char *needle,
    const char *source)
{
	const comscan_finding *f;
	if (t_count(m, code) != 1) {
		t_dump(m);
		fail_msg("%s raised %zu times, expected once", code, t_count(m, code));
	}
	f = t_nth(m, code, 0);
	t_check_at(f, text, t_line_of(text, needle), source);
	return f;
}

/* Fails, listing them, when the model has any finding. */
static inline void
t_no_findings(const comscan_com *m)
{
	if (comscan_findings_count(comscan_com_findings(m)) != 0) {
		t_dump(m);
		fail_msg("expected no findings, got %zu",
		    comscan_findings_count(comscan_com_findings(m)));
	}
}

/* ======================================================================
 * classes
 * ====================================================================== */

/* Asserts an optional string field: NULL expects NULL. */
#define t_str_eq(got, want)                                                   \
	do {                                                                  \
		const char *t_g_ = (got), *t_w_ = (want);                     \
		if (t_w_ == NULL) {                                           \
			if (t_g_ != NULL)                                     \
				fail_msg("%s: expected NULL, got \"%s\"", #got, t_g_); \
		} else {                                                      \
			if (t_g_ == NULL)                                     \
				fail_msg("%s: expected \"%s\", got NULL", #got, t_w_); \
			assert_string_equal(t_g_, t_w_);                      \
		}                                                             \
	} while (0)

/* Precedence rank of a view name (header: per-user, HKCR, machine). */
static inline int
t_view_rank(const char *view)
{
	if (strncmp(view, "HKEY_CURRENT_USER\\", 18) == 0 || strncmp(view, "HKEY_USERS\\", 11) == 0)
		return 0;
	if (strncmp(view, "HKEY_CLASSES_ROOT", 17) == 0)
		return 1;
	if (strncmp(view, "HKEY_LOCAL_MACHINE\\", 19) == 0)
		return 2;
	fail_msg("unexpected view %s", view);
	return -1;
}

/* True when s is the canonical upper-case braced 38-character GUID. */
static inline bool
t_canonical_guid(const char *s)
{
	size_t i;
	if (strlen(s) != 38 || s[0] != '{' || s[37] != '}')
		return false;
	for (i = 1; i < 37; i++) {
		char c = s[i];
		if (i == 9 || i == 14 || i == 19 || i == 24) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
			return false;
		}
	}
	return true;
}

/* The header's invariants of the class list: canonical CLSIDs, sorted by
 * CLSID, native before WOW64, then per-user, HKCR, machine; exactly one
 * effective registration per (CLSID, bitness), the first; class_find
 * returns the native effective one when there is one; wow64 matches the
 * view name; every class has a view and a source. */
static inline void
t_invariants(const comscan_com *m)
{
	size_t i, n = comscan_com_class_count(m);
	for (i = 0; i < n; i++) {
		const comscan_com_class *c = comscan_com_class_at(m, i), *p;
		const comscan_com_class *found;
		assert_non_null(c);
		assert_non_null(c->clsid);
		assert_non_null(c->view);
		assert_non_null(c->source);
		if (!t_canonical_guid(c->clsid))
			fail_msg("class %zu: clsid %s is not canonical", i, c->clsid);
		assert_int_equal(c->wow64 != 0, strstr(c->view, "WOW6432Node") != NULL);
		if (i == 0) {
			assert_true(c->effective);
		} else {
			int cmp;
			p = comscan_com_class_at(m, i - 1);
			cmp = strcmp(p->clsid, c->clsid);
			if (cmp > 0)
				fail_msg("class %zu: %s sorted after %s", i, c->clsid, p->clsid);
			if (cmp < 0) {
				assert_true(c->effective);
			} else if (p->wow64 != c->wow64) {
				assert_false(p->wow64);
				assert_true(c->effective);
			} else {
				if (t_view_rank(p->view) > t_view_rank(c->view))
					fail_msg("class %zu (%s): view %s sorted after %s", i, c->clsid,
					    c->view, p->view);
				assert_false(c->effective);
			}
		}
		found = comscan_com_class_find(m, c->clsid);
		assert_non_null(found);
		assert_string_equal(found->clsid, c->clsid);
		assert_true(found->effective);
		if (found->wow64) {
			/* only when the CLSID has no native registration */
			size_t k;
			for (k = 0; k < n; k++) {
				const comscan_com_class *o = comscan_com_class_at(m, k);
				if (strcmp(o->clsid, c->clsid) == 0 && !o->wow64)
					fail_msg("class_find(%s) returned a WOW64 registration", c->clsid);
			}
		}
	}
	assert_null(comscan_com_class_at(m, n));
}

/* The registration of clsid (canonical) in view, or NULL. */
static inline const comscan_com_class *
t_class_in(const comscan_com *m, const char *clsid, const char *view)
{
	size_t i;
	for (i = 0; i < comscan_com_class_count(m); i++) {
		const comscan_com_class *c = comscan_com_class_at(m, i);
		if (strcmp(c->clsid, clsid) == 0 && strcmp(c->view, view) == 0)
			return c;
	}
	return NULL;
}

/* Like t_class_in, failing when absent. */
static inline const comscan_com_class *
t_get(const comscan_com *m, const char *clsid, const char *view)
{
	const comscan_com_class *c = t_class_in(m, clsid, view);
	if (c == NULL)
		fail_msg("%s is not registered in %s", clsid, view);
	return c;
}

#endif /* COMSCAN_TESTS_COMTEST_H */
