/*
 * failalloc.c - the counting, failing, leak-tracking test allocator.
 */
#include "support/failalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True when this call is the one that must fail. */
static bool
should_fail(failalloc *fa)
{
	if (fa->calls++ != fa->fail_at)
		return false;
	fa->failed = true;
	return true;
}

static void
remember(failalloc *fa, void *p)
{
	if (fa->nlive == fa->cap) {
		void **n = realloc(fa->live, (fa->cap = fa->cap ? fa->cap * 2 : 64) * sizeof *n);
		if (n == NULL) {
			fputs("failalloc: out of memory\n", stderr);
			abort();
		}
		fa->live = n;
	}
	fa->live[fa->nlive++] = p;
}

/* Drops p from the live set; false when it was never handed out. */
static bool
forget(failalloc *fa, void *p)
{
	size_t i;
	for (i = fa->nlive; i-- > 0;) {
		if (fa->live[i] == p) {
			fa->live[i] = fa->live[--fa->nlive];
			return true;
		}
	}
	fa->misuse++;
	return false;
}

static void *
fa_malloc(void *ctx, size_t size)
{
	failalloc *fa = ctx;
	void *p;
	if (should_fail(fa))
		return NULL;
	p = malloc(size);
	if (p != NULL)
		remember(fa, p);
	return p;
}

static void *
fa_realloc(void *ctx, void *ptr, size_t size)
{
	failalloc *fa = ctx;
	void *p;
	if (ptr == NULL || size == 0)
		fa->misuse++;
	if (should_fail(fa))
		return NULL;
	if (ptr != NULL && !forget(fa, ptr))
		return NULL;
	p = realloc(ptr, size);
	remember(fa, p != NULL ? p : ptr);
	return p;
}

static void
fa_free(void *ctx, void *ptr)
{
	failalloc *fa = ctx;
	if (ptr == NULL || !forget(fa, ptr))
		return;
	free(ptr);
}

void
failalloc_init(failalloc *fa, size_t fail_at)
{
	memset(fa, 0, sizeof *fa);
	fa->a.malloc_fn = fa_malloc;
	fa->a.realloc_fn = fa_realloc;
	fa->a.free_fn = fa_free;
	fa->a.ctx = fa;
	fa->fail_at = fail_at;
}

void
failalloc_fini(failalloc *fa)
{
	free(fa->live);
	fa->live = NULL;
	fa->nlive = fa->cap = 0;
}
