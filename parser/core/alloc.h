/*
 * alloc.h - every allocation of libcomscan goes through these wrappers,
 * which call the caller's comscan_allocator (or the C library's).
 *
 * Sizes are checked for overflow before any call (count * elem is refused
 * when it would wrap, as OpenBSD's reallocarray does).  No function here
 * sizes an allocation from input: callers check claimed counts against the
 * bytes that exist first.
 */
#ifndef COMSCAN_CORE_ALLOC_H
#define COMSCAN_CORE_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

#include "comscan/comscan.h"

/* The allocator to use: a itself, or the C library's when a is NULL. */
const comscan_allocator *cs_alloc_or_libc(const comscan_allocator *a);

/* n bytes (n may be 0: one byte is requested), or NULL. */
void *cs_malloc(const comscan_allocator *a, size_t n);
/* count * elem zeroed bytes, or NULL on overflow or failure. */
void *cs_calloc(const comscan_allocator *a, size_t count, size_t elem);
/* Frees p (NULL is a no-op). */
void cs_free(const comscan_allocator *a, void *p);
/* Grows *items so it holds at least need elements of elem bytes; capacity
 * at least doubles.  On failure *items and *cap are unchanged. */
bool cs_grow(const comscan_allocator *a, void **items, size_t *cap, size_t need, size_t elem);
/* A heap copy of the NUL-terminated string s, or NULL. */
char *cs_strdup(const comscan_allocator *a, const char *s);

#endif /* COMSCAN_CORE_ALLOC_H */
