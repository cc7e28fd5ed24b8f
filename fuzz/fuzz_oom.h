/*
 * fuzz_oom.h - the failing allocator of the allocation-failure harnesses
 * (fuzz_*_oom.c).  The input's first two bytes (little-endian) say which
 * allocation fails, counted from 0 across the whole run of one input; the
 * rest is the input.  After the failure every later allocation succeeds
 * again, so each stage of a harness sees at most one failure.
 *
 * The allocator checks the contract comscan.h gives it (realloc_fn never
 * sees a NULL pointer or a zero size).
 *
 * Contract checked by each stage (fuzz_oom_status, fuzz_oom_result):
 * a stage during which the allocation failed reports it (COMSCAN_ERR_NOMEM
 * with *out == NULL, or -1 from a walk or writer), a stage during which
 * none failed succeeds; LeakSanitizer checks nothing leaks either way.
 */
#ifndef COMSCAN_FUZZ_OOM_H
#define COMSCAN_FUZZ_OOM_H

#include "fuzz_common.h"

typedef struct fuzz_oom {
	unsigned long calls;   /* allocations asked for so far             */
	unsigned long fail_at; /* the one that fails                        */
	int failed;            /* it failed during the current stage        */
	comscan_allocator alloc;
} fuzz_oom;

static inline void *
fuzz_oom_malloc(void *ctx, size_t n)
{
	fuzz_oom *f = ctx;
	if (f->calls++ == f->fail_at) {
		f->failed = 1;
		return NULL;
	}
	return malloc(n);
}

static inline void *
fuzz_oom_realloc(void *ctx, void *p, size_t n)
{
	fuzz_oom *f = ctx;
	/* comscan.h: realloc_fn is never called with ptr NULL or size 0 */
	FUZZ_REQUIRE(p != NULL && n != 0);
	if (f->calls++ == f->fail_at) {
		f->failed = 1;
		return NULL;
	}
	return realloc(p, n);
}

static inline void
fuzz_oom_free(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

/* Takes the failure index from the input's first two bytes and sets up
 * *f and *o (o->allocator); returns 0 when the input is too short. */
static inline int
fuzz_oom_init(fuzz_oom *f, comscan_options *o, const uint8_t **data, size_t *size)
{
	if (*size < 2)
		return 0;
	f->calls = 0;
	f->fail_at = (unsigned long)(*data)[0] | (unsigned long)(*data)[1] << 8;
	f->failed = 0;
	f->alloc.malloc_fn = fuzz_oom_malloc;
	f->alloc.realloc_fn = fuzz_oom_realloc;
	f->alloc.free_fn = fuzz_oom_free;
	f->alloc.ctx = f;
	comscan_options_init(o);
	o->allocator = &f->alloc;
	*data += 2, *size -= 2;
	return 1;
}

/* A constructor stage: NOMEM and no handle exactly when its allocation
 * failed, OK and a handle otherwise.  Returns 1 when the stage failed
 * (the harness stops), 0 when it succeeded.  Call it after the stage (not
 * with the stage as an argument: arguments are evaluated in no set order,
 * so out could be read before the call sets it); FUZZ_OOM_STAGE does. */
static inline int
fuzz_oom_status(fuzz_oom *f, comscan_status st, const void *out)
{
	int failed = f->failed;
	f->failed = 0;
	FUZZ_REQUIRE(st == (failed ? COMSCAN_ERR_NOMEM : COMSCAN_OK));
	FUZZ_REQUIRE((st == COMSCAN_OK) == (out != NULL));
	FUZZ_REQUIRE(comscan_status_message(st)[0] != '\0');
	return failed;
}

/* Runs call (a constructor setting out), keeps its status in st, then
 * checks it with fuzz_oom_status; the comma operator orders the two. */
#define FUZZ_OOM_STAGE(f, st, call, out) ((st) = (call), fuzz_oom_status((f), (st), (out)))

/* A walk or writer stage: -1 exactly when its allocation failed, 0
 * otherwise.  Returns 1 when the stage failed. */
static inline int
fuzz_oom_result(fuzz_oom *f, int rc)
{
	int failed = f->failed;
	f->failed = 0;
	FUZZ_REQUIRE(rc == (failed ? -1 : 0));
	return failed;
}

#endif /* COMSCAN_FUZZ_OOM_H */
