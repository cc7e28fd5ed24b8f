/*
 * fuzz_clb_oom.c - allocation-failure variant of fuzz_clb: the first input
 * byte picks which allocation fails (0 = the first); the rest is the
 * input.  Contracts: a failed allocation gives COMSCAN_ERR_NOMEM with
 * *out == NULL, success gives a handle; nothing leaks either way (LSan).
 */
#include "fuzz_common.h"

typedef struct failing {
	unsigned calls, fail_at;
	int failed;
} failing;

static void *
f_malloc(void *ctx, size_t n)
{
	failing *f = ctx;
	if (f->calls++ == f->fail_at) {
		f->failed = 1;
		return NULL;
	}
	return malloc(n);
}

static void *
f_realloc(void *ctx, void *p, size_t n)
{
	failing *f = ctx;
	if (f->calls++ == f->fail_at) {
		f->failed = 1;
		return NULL;
	}
	return realloc(p, n);
}

static void
f_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	failing f = { 0, 0, 0 };
	comscan_allocator a = { f_malloc, f_realloc, f_free, &f };
	comscan_options o;
	comscan_report *r = (comscan_report *)1;
	comscan_clb *clb = (comscan_clb *)1;
	comscan_status st;

	if (size < 1)
		return 0;
	comscan_options_init(&o);
	o.allocator = &a;
	f.fail_at = data[0];
	st = comscan_scan_buffer(data + 1, size - 1, &o, &r);
	FUZZ_REQUIRE(st == (f.failed ? COMSCAN_ERR_NOMEM : COMSCAN_OK));
	FUZZ_REQUIRE((st == COMSCAN_OK) == (r != NULL));
	if (r != NULL)
		fuzz_check_findings(comscan_report_findings(r));
	comscan_report_close(r);

	f.calls = 0, f.failed = 0;
	st = comscan_clb_open(data + 1, size - 1, &o, &clb);
	FUZZ_REQUIRE(st == (f.failed ? COMSCAN_ERR_NOMEM : COMSCAN_OK));
	FUZZ_REQUIRE((st == COMSCAN_OK) == (clb != NULL));
	comscan_clb_close(clb);
	return 0;
}
