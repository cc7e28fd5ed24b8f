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

/* Every finding is in the catalogue with the catalogue's class, severity
 * and HRESULT, has a printable message, and the verdict matches the
 * severities. */
static inline void
fuzz_check_findings(const comscan_findings *fs)
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
		FUZZ_REQUIRE(info->cls == f->cls && info->severity == f->severity);
		FUZZ_REQUIRE(info->hresult == f->hresult);
		FUZZ_REQUIRE(f->message != NULL && f->message[0] != '\0');
		for (m = f->message; *m; m++)
			FUZZ_REQUIRE(*m >= 0x20 && *m < 0x7F);
		if (f->severity == COMSCAN_SEVERITY_ERROR)
			errors++;
		if (f->severity != COMSCAN_SEVERITY_NOTE)
			classes |= 1u << f->cls;
	}
	FUZZ_REQUIRE(comscan_findings_at(fs, n) == NULL);
	FUZZ_REQUIRE((comscan_findings_classes(fs) & classes) == classes);
	FUZZ_REQUIRE(comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) >= errors);
	FUZZ_REQUIRE((comscan_findings_verdict(fs) == COMSCAN_VERDICT_CORRUPT) ==
	    (comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) > 0));
}

/* Renders a report as JSON and text; both must succeed and say something.
 * The path is taken from the input's first bytes (up to a NUL, at most
 * 32), so path escaping sees arbitrary bytes too. */
static inline void
fuzz_render(const comscan_report *r, const uint8_t *data, size_t size)
{
	char path[33];
	size_t total = 0, n = 0;
	while (n < size && n < sizeof path - 1 && data[n] != 0) {
		path[n] = (char)data[n];
		n++;
	}
	path[n] = '\0';
	FUZZ_REQUIRE(comscan_render_json(r, path, fuzz_null_sink, &total) == 0);
	FUZZ_REQUIRE(total > 0);
	total = 0;
	FUZZ_REQUIRE(comscan_render_text(r, path, fuzz_null_sink, &total) == 0);
	FUZZ_REQUIRE(total > 0);
}

#endif /* COMSCAN_FUZZ_COMMON_H */
