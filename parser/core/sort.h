/*
 * sort.h - a stable sort whose only allocation goes through the context
 * (the C library's qsort may call malloc behind the caller's allocator, and
 * glibc's does for arrays over a few kilobytes).
 */
#ifndef COMSCAN_CORE_SORT_H
#define COMSCAN_CORE_SORT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/findings.h"

typedef int (*cs_cmp_fn)(const void *a, const void *b);
typedef int (*cs_cmp_r_fn)(const void *a, const void *b, void *arg);

/* Sorts n elements of size bytes at base by cmp, keeping equal elements
 * in their order: insertion sort up to 16 elements (no allocation), else a
 * bottom-up merge sort with a buffer of n * size bytes.  False (base
 * unchanged, ctx->nomem set) when the buffer cannot be had. */
bool cs_sort(cs_ctx *ctx, void *base, size_t n, size_t size, cs_cmp_fn cmp);
/* The same with a comparison that takes arg. */
bool cs_sort_r(cs_ctx *ctx, void *base, size_t n, size_t size, cs_cmp_r_fn cmp, void *arg);

#endif /* COMSCAN_CORE_SORT_H */
