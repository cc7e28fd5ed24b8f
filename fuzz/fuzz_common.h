/*
 * fuzz_common.h - checks shared by the harnesses: API contracts that must
 * hold for any input.  A violated contract aborts (the one place a
 * harness may), so the fuzzer records the input.
 */
#ifndef COMSCAN_FUZZ_COMMON_H
#define COMSCAN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "support/json_check.h"

#define FUZZ_REQUIRE(cond)                                                            \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: contract violated: %s\n", __FILE__,   \
			    __LINE__, #cond);                                         \
			abort();                                                      \
		}                                                                     \
	} while (0)

/* A sink that counts bytes and checks nothing is written after a NUL. */
static inline int
fuzz_null_sink(void *ctx, const char *data, size_t len)
{
	size_t *total = ctx;
	FUZZ_REQUIRE(memchr(data, '\0', len) == NULL);
	*total += len;
	return 0;
}

/* How many findings have this code. */
static inline size_t
fuzz_count_code(const comscan_findings *fs, const char *code)
{
	size_t i, n = 0;
	for (i = 0; i < comscan_findings_count(fs); i++)
		n += strcmp(comscan_findings_at(fs, i)->code, code) == 0;
	return n;
}

/* True when the findings have one with this code. */
static inline int
fuzz_has_code(const comscan_findings *fs, const char *code)
{
	return fuzz_count_code(fs, code) > 0;
}

/* A growable output buffer for the renderers and writers. */
typedef struct fuzz_buf {
	char *p;
	size_t len, cap;
} fuzz_buf;

/* Appends to a fuzz_buf; aborts when memory runs out (a harness bug). */
static inline int
fuzz_buf_sink(void *ctx, const char *data, size_t len)
{
	fuzz_buf *b = ctx;
	if (len > b->cap - b->len) {
		size_t cap = b->cap ? b->cap : 4096;
		char *np;
		while (len > cap - b->len)
			cap *= 2;
		np = realloc(b->p, cap);
		FUZZ_REQUIRE(np != NULL);
		b->p = np, b->cap = cap;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

static inline void
fuzz_buf_free(fuzz_buf *b)
{
	free(b->p);
	b->p = NULL, b->len = b->cap = 0;
}

/* The buffer holds one valid JSON text (RFC 8259, UTF-8). */
static inline void
fuzz_require_json(const fuzz_buf *b)
{
	char err[128];
	if (!json_check(b->p ? b->p : "", b->len, err, sizeof err)) {
		fprintf(stderr, "invalid JSON: %s\n", err);
		FUZZ_REQUIRE(!"renderer wrote valid JSON");
	}
}

/* Every finding is in the catalogue with the catalogue's class, severity
 * (its compat severity when flags has COMSCAN_FLAG_REG_COMPAT) and
 * HRESULT, has a printable message, and the verdict matches the
 * severities. */
static inline void
fuzz_check_findings_mode(const comscan_findings *fs, uint32_t flags)
{
	size_t i, n = comscan_findings_count(fs), errors = 0;
	uint32_t classes = 0;
	for (i = 0; i < n; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		const comscan_code_info *info;
		const char *m;
		FUZZ_REQUIRE(f != NULL);
		info = f->info;
		FUZZ_REQUIRE(info != NULL && info->code == f->code);
		FUZZ_REQUIRE(info >= comscan_code_at(0) &&
		    info <= comscan_code_at(comscan_code_count() - 1));
		FUZZ_REQUIRE(info->cls == f->cls);
		FUZZ_REQUIRE(f->severity == ((flags & COMSCAN_FLAG_REG_COMPAT)
		                                ? info->compat_severity : info->severity));
		FUZZ_REQUIRE(info->hresult == f->hresult);
		FUZZ_REQUIRE(comscan_hresult_name(f->hresult) != NULL);
		FUZZ_REQUIRE(f->message != NULL && f->message[0] != '\0');
		for (m = f->message; *m; m++)
			FUZZ_REQUIRE(*m >= 0x20 && *m < 0x7F);
		if (f->severity == COMSCAN_SEVERITY_ERROR)
			errors++;
		if (f->severity != COMSCAN_SEVERITY_NOTE)
			classes |= 1u << f->cls;
	}
	FUZZ_REQUIRE(comscan_findings_at(fs, n) == NULL);
	/* the catalogue finds a code by name (one lookup per input: it is a
	 * linear search) */
	if (n > 0)
		FUZZ_REQUIRE(comscan_code_lookup(comscan_findings_at(fs, 0)->code) ==
		             comscan_findings_at(fs, 0)->info);
	FUZZ_REQUIRE((comscan_findings_classes(fs) & classes) == classes);
	FUZZ_REQUIRE(comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) >= errors);
	FUZZ_REQUIRE((comscan_findings_verdict(fs) == COMSCAN_VERDICT_CORRUPT) ==
	    (comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) > 0));
}

static inline void
fuzz_check_findings(const comscan_findings *fs)
{
	fuzz_check_findings_mode(fs, 0);
}

/* Renders a report as JSON and text; both must succeed, the JSON must be
 * valid and the text non-empty.
 * The path is taken from the input's first bytes (up to a NUL, at most
 * 32), so path escaping sees arbitrary bytes too. */
static inline void
fuzz_render(const comscan_report *r, const uint8_t *data, size_t size)
{
	char path[33];
	size_t total = 0, n = 0;
	fuzz_buf json = { NULL, 0, 0 };
	while (n < size && n < sizeof path - 1 && data[n] != 0) {
		path[n] = (char)data[n];
		n++;
	}
	path[n] = '\0';
	FUZZ_REQUIRE(comscan_render_json(r, path, fuzz_buf_sink, &json) == 0);
	FUZZ_REQUIRE(memchr(json.p, '\0', json.len) == NULL);
	fuzz_require_json(&json);
	fuzz_buf_free(&json);
	FUZZ_REQUIRE(comscan_render_text(r, path, fuzz_null_sink, &total) == 0);
	FUZZ_REQUIRE(total > 0);
}

#endif /* COMSCAN_FUZZ_COMMON_H */
