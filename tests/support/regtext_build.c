/*
 * regtext_build.c - helpers for the .reg parser tests (see regtext_build.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/regtext_build.h"
#include "support/tbuf.h"

/* ---- inputs ---------------------------------------------------------------- */

rtb_bytes
rtb_copy(const void *p, size_t n)
{
	rtb_bytes b;
	b.p = malloc(n ? n : 1);
	assert_non_null(b.p);
	if (n)
		memcpy(b.p, p, n);
	b.n = n;
	b.cap = n ? n : 1;
	return b;
}

void
rtb_append(rtb_bytes *b, const void *p, size_t n)
{
	if (b->p == NULL || b->n + n + 1 > b->cap) {
		size_t cap = b->cap * 2 > 64 ? b->cap * 2 : 64;
		uint8_t *q;
		while (cap < b->n + n + 1)
			cap *= 2;
		q = realloc(b->p, cap);
		assert_non_null(q);
		b->p = q;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

void
rtb_free(rtb_bytes *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

static void
put_unit(rtb_bytes *b, uint32_t u, bool be)
{
	uint8_t two[2];
	two[be ? 1 : 0] = (uint8_t)(u & 0xFF);
	two[be ? 0 : 1] = (uint8_t)(u >> 8);
	rtb_append(b, two, 2);
}

rtb_bytes
rtb_utf16(const char *utf8, size_t n, bool big_endian, bool bom)
{
	rtb_bytes b = { NULL, 0, 0 };
	const uint8_t *s = (const uint8_t *)utf8;
	size_t i = 0;
	rtb_append(&b, "", 0);
	if (bom)
		put_unit(&b, 0xFEFF, big_endian);
	while (i < n) {
		uint32_t cp;
		size_t len, k;
		uint8_t c = s[i];
		if (c < 0x80) {
			cp = c, len = 1;
		} else if (c >= 0xC0 && c < 0xE0) {
			cp = c & 0x1Fu, len = 2;
		} else if (c >= 0xE0 && c < 0xF0) {
			cp = c & 0x0Fu, len = 3;
		} else if (c >= 0xF0 && c < 0xF8) {
			cp = c & 0x07u, len = 4;
		} else {
			fail_msg("rtb_utf16: byte 0x%02X at %zu is not UTF-8", c, i);
			return b;
		}
		if (len > n - i)
			fail_msg("rtb_utf16: truncated UTF-8 at %zu", i);
		for (k = 1; k < len; k++)
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		i += len;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			put_unit(&b, 0xD800 + (cp >> 10), big_endian);
			put_unit(&b, 0xDC00 + (cp & 0x3FF), big_endian);
		} else {
			put_unit(&b, cp, big_endian); /* lone surrogates pass through */
		}
	}
	return b;
}

/* ---- the expected grading: a copy of parser/core/codes.def ---------------------- */

#define N COMSCAN_SEVERITY_NOTE
#define W COMSCAN_SEVERITY_WARNING
#define E COMSCAN_SEVERITY_ERROR
static const rtb_spec spec[] = {
	{ "regtext.header.invalid", COMSCAN_CLASS_BAD_SIGNATURE, E, E },
	{ "regtext.header.fuzzy", COMSCAN_CLASS_UNSUPPORTED_VERSION, E, E },
	{ "regtext.header.trailing-blank", COMSCAN_CLASS_SYNTAX, W, W },
	{ "regtext.header.win31", COMSCAN_CLASS_LEGACY_FORMAT, N, N },
	{ "regtext.encoding.utf16-no-bom", COMSCAN_CLASS_BAD_ENCODING, E, E },
	{ "regtext.encoding.utf16-be", COMSCAN_CLASS_BAD_ENCODING, E, E },
	{ "regtext.encoding.utf8-bom", COMSCAN_CLASS_BAD_ENCODING, N, N },
	{ "regtext.encoding.odd-byte", COMSCAN_CLASS_BAD_ENCODING, W, W },
	{ "regtext.encoding.bad-utf8", COMSCAN_CLASS_BAD_ENCODING, E, E },
	{ "regtext.encoding.ansi", COMSCAN_CLASS_BAD_ENCODING, N, N },
	{ "regtext.encoding.unpaired-surrogate", COMSCAN_CLASS_BAD_ENCODING, W, W },
	{ "regtext.line.nul", COMSCAN_CLASS_BAD_ENCODING, E, E },
	{ "regtext.line.unrecognized", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.line.hash-comment", COMSCAN_CLASS_SYNTAX, W, N },
	{ "regtext.line.eof-marker", COMSCAN_CLASS_SYNTAX, N, N },
	{ "regtext.key.unterminated", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.key.blank-after-bracket", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.key.trailing-text", COMSCAN_CLASS_SYNTAX, W, N },
	{ "regtext.key.bad-root", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.key.abbreviated-root", COMSCAN_CLASS_SYNTAX, E, N },
	{ "regtext.key.empty-component", COMSCAN_CLASS_SYNTAX, W, N },
	{ "regtext.key.name-too-long", COMSCAN_CLASS_MALFORMED, E, W },
	{ "regtext.key.too-deep", COMSCAN_CLASS_LIMIT_EXCEEDED, E, E },
	{ "regtext.key.delete-root", COMSCAN_CLASS_SYNTAX, E, E },
	{ "regtext.value.no-key", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.value.bad-name", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.value.name-too-long", COMSCAN_CLASS_MALFORMED, E, W },
	{ "regtext.value.unknown-format", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.value.bad-delete", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.value.too-large", COMSCAN_CLASS_LIMIT_EXCEEDED, E, E },
	{ "regtext.string.unterminated", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.string.trailing-text", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.string.nul-escape", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.string.unknown-escape", COMSCAN_CLASS_SYNTAX, W, N },
	{ "regtext.dword.invalid", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.hex.bad-type", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.hex.bad-item", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.hex.bad-continuation", COMSCAN_CLASS_SYNTAX, E, W },
	{ "regtext.hex.eof-continuation", COMSCAN_CLASS_SYNTAX, N, N },
	{ "regtext.hex.odd-length", COMSCAN_CLASS_BAD_ENCODING, W, W },
	{ "regtext.hex.unterminated-string", COMSCAN_CLASS_MALFORMED, N, N },
	{ "regtext.hex.string-encoding", COMSCAN_CLASS_BAD_ENCODING, N, N },
	{ "regtext.hex.invalid-utf16", COMSCAN_CLASS_BAD_ENCODING, W, W },
	{ "regtext.win31.unrecognized", COMSCAN_CLASS_SYNTAX, E, W },
	/* codes of other parts that .reg inputs can raise */
	{ "core.findings.limit-exceeded", COMSCAN_CLASS_LIMIT_EXCEEDED, W, W },
};
#undef N
#undef W
#undef E

size_t
rtb_spec_count(void)
{
	return sizeof spec / sizeof spec[0];
}

const rtb_spec *
rtb_spec_at(size_t i)
{
	return i < rtb_spec_count() ? &spec[i] : NULL;
}

const rtb_spec *
rtb_spec_find(const char *code)
{
	size_t i;
	for (i = 0; i < rtb_spec_count(); i++)
		if (strcmp(spec[i].code, code) == 0)
			return &spec[i];
	fail_msg("no expected grading for code %s", code);
	return NULL;
}

/* ---- observed codes -------------------------------------------------------------- */

static const char *observed[256];
static size_t nobserved;

void
rtb_observe(const char *code)
{
	size_t i;
	for (i = 0; i < nobserved; i++)
		if (strcmp(observed[i], code) == 0)
			return;
	assert_true(nobserved < sizeof observed / sizeof observed[0]);
	observed[nobserved++] = code;
}

bool
rtb_observed(const char *code)
{
	size_t i;
	for (i = 0; i < nobserved; i++)
		if (strcmp(observed[i], code) == 0)
			return true;
	return false;
}

/* ---- findings ----------------------------------------------------------------------- */

void
rtb_print_findings(const comscan_findings *fs)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		print_message("    { \"%s\", %u, %u },  /* %s %s: %s */\n", f->code, (unsigned)f->line,
		    (unsigned)f->column, comscan_class_name(f->cls), comscan_severity_name(f->severity),
		    f->message);
	}
}

static void
print_expected(const rtb_exp *exp, uint32_t flags)
{
	for (; exp->code; exp++) {
		const rtb_spec *s = rtb_spec_find(exp->code);
		print_message("    { \"%s\", %u, %u },  /* %s %s */\n", exp->code, (unsigned)exp->line,
		    (unsigned)exp->column, comscan_class_name(s->cls),
		    comscan_severity_name((flags & COMSCAN_FLAG_REG_COMPAT) ? s->compat : s->strict));
	}
}

/* Compares fs with exp (see rtb_check_findings); prints the difference and
 * returns false instead of failing, so callers can release handles first.
 * A code counts as observed when the input raised it where a test expected
 * it, even if its position differs (that mismatch fails the test anyway). */
static bool
findings_ok(const char *what, const comscan_findings *fs, uint32_t flags, const rtb_exp *exp)
{
	size_t n = 0, i, j, tally[3] = { 0, 0, 0 };
	uint32_t classes = 0;
	bool ok = true, compat = (flags & COMSCAN_FLAG_REG_COMPAT) != 0;
	while (exp[n].code)
		n++;
	for (i = 0; i < n; i++)
		for (j = 0; j < comscan_findings_count(fs); j++)
			if (strcmp(comscan_findings_at(fs, j)->code, exp[i].code) == 0)
				rtb_observe(exp[i].code);
	if (comscan_findings_count(fs) != n)
		ok = false;
	for (i = 0; i < n; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		const rtb_spec *s = rtb_spec_find(exp[i].code);
		comscan_severity sev = compat ? s->compat : s->strict;
		if (ok && (strcmp(f->code, exp[i].code) != 0 || f->cls != s->cls || f->severity != sev ||
			      f->line != exp[i].line || f->column != exp[i].column || f->info == NULL ||
			      strcmp(f->info->code, f->code) != 0))
			ok = false;
		tally[sev]++;
		if (sev != COMSCAN_SEVERITY_NOTE)
			classes |= 1u << s->cls;
	}
	if (ok) {
		for (i = 0; i < 3; i++)
			if (comscan_findings_tally(fs, (comscan_severity)i) != tally[i])
				ok = false;
		if (comscan_findings_classes(fs) != classes ||
		    comscan_findings_verdict(fs) !=
			(tally[COMSCAN_SEVERITY_ERROR] ? COMSCAN_VERDICT_CORRUPT : COMSCAN_VERDICT_HEALTHY))
			ok = false;
	}
	if (!ok) {
		print_message("%s (%s mode): findings differ.\n  expected:\n", what,
		    compat ? "compat" : "strict");
		print_expected(exp, flags);
		print_message("  actual:\n");
		rtb_print_findings(fs);
	}
	return ok;
}

void
rtb_check_findings(const char *what, const comscan_findings *fs, uint32_t flags, const rtb_exp *exp)
{
	if (!findings_ok(what, fs, flags, exp))
		fail_msg("%s: findings differ", what);
}

/* ---- trees ------------------------------------------------------------------------ */

comscan_registry *
rtb_open(const void *p, size_t n, uint32_t flags, const comscan_limits *lim)
{
	comscan_options o;
	comscan_registry *reg = (comscan_registry *)&o; /* must be overwritten */
	rtb_bytes b = rtb_copy(p, n);
	comscan_options_init(&o);
	o.flags = flags;
	if (lim)
		o.limits = *lim;
	assert_int_equal(comscan_registry_open(b.p, b.n, &o, &reg), COMSCAN_OK);
	rtb_free(&b); /* the handle does not keep the input */
	assert_non_null(reg);
	if (comscan_registry_kind(reg) != COMSCAN_KIND_REG) {
		comscan_kind kind = comscan_registry_kind(reg);
		rtb_print_findings(comscan_registry_findings(reg));
		comscan_registry_close(reg);
		fail_msg("kind %s, expected reg", comscan_kind_name(kind));
	}
	return reg;
}

/* The dump being built, and what the walk counted. */
typedef struct sbuf {
	tbuf t;
	size_t keys, values;
} sbuf;

/* True when data is REG_SZ-shaped printable ASCII plus one NUL unit. */
static bool
plain_string(const uint8_t *d, size_t n)
{
	size_t k;
	if (n < 2 || n % 2 != 0 || d[n - 2] != 0 || d[n - 1] != 0)
		return false;
	for (k = 0; k + 2 < n; k += 2)
		if (d[k + 1] != 0 || d[k] < 0x20 || d[k] > 0x7E)
			return false;
	return true;
}

static int
dump_item(void *ctx, const comscan_registry_item *it)
{
	sbuf *b = ctx;
	char tmp[32];
	size_t k;
	assert_non_null(it->path);
	if (!it->is_value) {
		assert_null(it->name);
		b->keys++;
		tbuf_puts(&b->t, "K ");
		tbuf_puts(&b->t, it->path);
		tbuf_puts(&b->t, "\n");
		return 0;
	}
	b->values++;
	assert_non_null(it->name);
	tbuf_puts(&b->t, "V ");
	tbuf_puts(&b->t, it->path);
	tbuf_puts(&b->t, "|");
	tbuf_puts(&b->t, it->name);
	snprintf(tmp, sizeof tmp, "|%u|", (unsigned)it->type);
	tbuf_puts(&b->t, tmp);
	if ((it->type == 1 || it->type == 2) && plain_string(it->data, it->size)) {
		tbuf_puts(&b->t, "\"");
		for (k = 0; k + 2 < it->size; k += 2)
			tbuf_put(&b->t, (const char *)&it->data[k], 1);
		tbuf_puts(&b->t, "\"");
	} else {
		for (k = 0; k < it->size; k++) {
			snprintf(tmp, sizeof tmp, "%02x", it->data[k]);
			tbuf_puts(&b->t, tmp);
		}
	}
	tbuf_puts(&b->t, "\n");
	return 0;
}

char *
rtb_dump(const comscan_registry *reg)
{
	sbuf b = { TBUF_INIT, 0, 0 };
	tbuf_puts(&b.t, "");
	assert_int_equal(comscan_registry_walk(reg, dump_item, &b), 0);
	assert_int_equal(comscan_registry_key_count(reg), b.keys);
	assert_int_equal(comscan_registry_value_count(reg), b.values);
	return b.t.p;
}

static bool
dump_ok(const char *what, const comscan_registry *reg, const char *expected)
{
	char *d = rtb_dump(reg);
	bool ok = strcmp(d, expected) == 0;
	if (!ok)
		print_message("%s: tree differs.\n--- expected:\n%s--- actual:\n%s---\n", what, expected, d);
	free(d);
	return ok;
}

void
rtb_check_dump(const char *what, const comscan_registry *reg, const char *expected)
{
	if (!dump_ok(what, reg, expected))
		fail_msg("%s: tree differs", what);
}

typedef struct find_ctx {
	const char *path, *name;
	uint8_t *data;
	uint32_t type, line;
	size_t size;
	bool found;
} find_ctx;

static int
find_item(void *ctx, const comscan_registry_item *it)
{
	find_ctx *f = ctx;
	if (!it->is_value || strcmp(it->path, f->path) != 0 || strcmp(it->name, f->name) != 0)
		return 0;
	f->found = true;
	f->type = it->type;
	f->size = it->size;
	f->line = it->line;
	f->data = malloc(it->size ? it->size : 1);
	assert_non_null(f->data);
	if (it->size)
		memcpy(f->data, it->data, it->size);
	return 1;
}

uint8_t *
rtb_value(const comscan_registry *reg, const char *path, const char *name, uint32_t *type,
    size_t *size, uint32_t *line)
{
	find_ctx f;
	int r;
	memset(&f, 0, sizeof f);
	f.path = path;
	f.name = name;
	r = comscan_registry_walk(reg, find_item, &f);
	assert_int_equal(r, f.found ? 1 : 0);
	if (type)
		*type = f.type;
	if (size)
		*size = f.size;
	if (line)
		*line = f.line;
	return f.data;
}

static int
sink_bytes(void *ctx, const char *data, size_t len)
{
	rtb_append(ctx, data, len);
	return 0;
}

rtb_bytes
rtb_write_reg(const comscan_registry *reg)
{
	rtb_bytes b = { NULL, 0, 0 };
	rtb_append(&b, "", 0);
	assert_int_equal(comscan_registry_write_reg(reg, sink_bytes, &b), 0);
	return b;
}

char *
rtb_write_tsv(const comscan_registry *reg)
{
	rtb_bytes b = { NULL, 0, 0 };
	rtb_append(&b, "", 0);
	assert_int_equal(comscan_registry_write_tsv(reg, sink_bytes, &b), 0);
	b.p[b.n] = 0; /* rtb_append keeps one spare byte */
	return (char *)b.p;
}

/* ---- one-call checks ---------------------------------------------------------------- */

void
rtb_run(const char *what, const void *data, size_t n, uint32_t flags, const comscan_limits *lim,
    const rtb_exp *exp, const char *dump)
{
	comscan_registry *reg = rtb_open(data, n, flags, lim);
	comscan_report *rep = NULL;
	comscan_options o;
	rtb_bytes b;
	char label[200];
	bool ok;

	snprintf(label, sizeof label, "%s [%s, open]", what,
	    (flags & COMSCAN_FLAG_REG_COMPAT) ? "compat" : "strict");
	ok = findings_ok(label, comscan_registry_findings(reg), flags, exp);
	if (dump && !dump_ok(label, reg, dump))
		ok = false;
	comscan_registry_close(reg);
	if (!ok)
		fail_msg("%s: differs", label);

	comscan_options_init(&o);
	o.flags = flags;
	if (lim)
		o.limits = *lim;
	b = rtb_copy(data, n);
	assert_int_equal(comscan_scan_buffer(b.p, b.n, &o, &rep), COMSCAN_OK);
	rtb_free(&b);
	assert_int_equal(comscan_report_kind(rep), COMSCAN_KIND_REG);
	snprintf(label, sizeof label, "%s [%s, scan]", what,
	    (flags & COMSCAN_FLAG_REG_COMPAT) ? "compat" : "strict");
	ok = findings_ok(label, comscan_report_findings(rep), flags, exp);
	comscan_report_close(rep);
	if (!ok)
		fail_msg("%s: findings differ", label);
}

void
rtb_run_modes(const char *what, const void *data, size_t n, const rtb_exp *exp,
    const char *dump_strict, const char *dump_compat)
{
	rtb_run(what, data, n, 0, NULL, exp, dump_strict);
	rtb_run(what, data, n, COMSCAN_FLAG_REG_COMPAT, NULL, exp, dump_compat);
}

void
rtb_run_all(const char *what, const char *text, size_t n, const rtb_exp *exp,
    const char *dump_strict, const char *dump_compat)
{
	char label[200];
	rtb_bytes u;
	size_t k;
	for (k = 0; k < n; k++) /* the two encodings read the same text only for ASCII */
		if ((uint8_t)text[k] >= 0x80)
			fail_msg("%s: rtb_run_all needs ASCII text (byte %zu)", what, k);
	snprintf(label, sizeof label, "%s (8-bit)", what);
	rtb_run_modes(label, text, n, exp, dump_strict, dump_compat);
	u = rtb_utf16(text, n, false, true);
	snprintf(label, sizeof label, "%s (UTF-16LE)", what);
	rtb_run_modes(label, u.p, u.n, exp, dump_strict, dump_compat);
	rtb_free(&u);
}
