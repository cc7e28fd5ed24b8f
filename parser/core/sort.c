/*
 * sort.c - stable sorting through the context's allocator (sort.h).
 */
#include <stdint.h>
#include <string.h>

#include "core/sort.h"

#define SMALL 16u

/* Insertion sort of [lo, hi) elements of p; tmp holds one element. */
static void
insertion(uint8_t *p, size_t lo, size_t hi, size_t size, cs_cmp_r_fn cmp, void *arg, uint8_t *tmp)
{
	size_t i, j;
	for (i = lo + 1; i < hi; i++) {
		if (cmp(p + (i - 1) * size, p + i * size, arg) <= 0)
			continue;
		memcpy(tmp, p + i * size, size);
		for (j = i; j > lo && cmp(p + (j - 1) * size, tmp, arg) > 0; j--)
			memcpy(p + j * size, p + (j - 1) * size, size);
		memcpy(p + j * size, tmp, size);
	}
}

/* Merges the sorted runs [lo, mid) and [mid, hi) of src into dst. */
static void
merge(const uint8_t *src, uint8_t *dst, size_t lo, size_t mid, size_t hi, size_t size,
    cs_cmp_r_fn cmp, void *arg)
{
	size_t a = lo, b = mid, k = lo;
	while (a < mid && b < hi) {
		/* <= keeps the left run's element first: stability */
		if (cmp(src + a * size, src + b * size, arg) <= 0)
			memcpy(dst + k++ * size, src + a++ * size, size);
		else
			memcpy(dst + k++ * size, src + b++ * size, size);
	}
	memcpy(dst + k * size, src + a * size, (mid - a) * size);
	k += mid - a;
	memcpy(dst + k * size, src + b * size, (hi - b) * size);
}

/* cs_sort's comparison, called through cs_sort_r. */
typedef struct plain {
	cs_cmp_fn cmp;
} plain;

static int
call_plain(const void *a, const void *b, void *arg)
{
	return ((const plain *)arg)->cmp(a, b);
}

bool
cs_sort(cs_ctx *ctx, void *base, size_t n, size_t size, cs_cmp_fn cmp)
{
	plain p = { cmp };
	return cs_sort_r(ctx, base, n, size, call_plain, &p);
}

bool
cs_sort_r(cs_ctx *ctx, void *base, size_t n, size_t size, cs_cmp_r_fn cmp, void *arg)
{
	uint8_t *p = base, *buf, *src, *dst, one[64];
	size_t lo, width;
	if (n < 2 || size == 0)
		return true;
	if (n <= SMALL && size <= sizeof one) {
		insertion(p, 0, n, size, cmp, arg, one);
		return true;
	}
	buf = cs_ctx_calloc(ctx, n, size);
	if (buf == NULL)
		return false;
	/* runs of SMALL by insertion (buf's first element as the spare) */
	for (lo = 0; lo < n; lo += SMALL)
		insertion(p, lo, lo + SMALL < n ? lo + SMALL : n, size, cmp, arg, buf);
	src = p, dst = buf;
	for (width = SMALL; width < n; width *= 2) {
		uint8_t *t;
		for (lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = mid + width < n ? mid + width : n;
			merge(src, dst, lo, mid, hi, size, cmp, arg);
		}
		t = src, src = dst, dst = t;
	}
	if (src != p)
		memcpy(p, src, n * size);
	cs_ctx_free(ctx, buf);
	return true;
}
