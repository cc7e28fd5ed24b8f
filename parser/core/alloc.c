/*
 * alloc.c - allocation wrappers over the caller-replaceable allocator.
 */
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *
libc_malloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void *
libc_realloc(void *ctx, void *ptr, size_t size)
{
	(void)ctx;
	return realloc(ptr, size);
}

static void
libc_free(void *ctx, void *ptr)
{
	(void)ctx;
	free(ptr);
}

static const comscan_allocator libc_allocator = {
	libc_malloc, libc_realloc, libc_free, NULL
};

const comscan_allocator *
cs_alloc_or_libc(const comscan_allocator *a)
{
	return a ? a : &libc_allocator;
}

void *
cs_malloc(const comscan_allocator *a, size_t n)
{
	a = cs_alloc_or_libc(a);
	return a->malloc_fn(a->ctx, n ? n : 1);
}

void *
cs_calloc(const comscan_allocator *a, size_t count, size_t elem)
{
	void *p;
	if (elem != 0 && count > SIZE_MAX / elem)
		return NULL;
	p = cs_malloc(a, count * elem);
	if (p != NULL && count * elem > 0)
		memset(p, 0, count * elem);
	return p;
}

void
cs_free(const comscan_allocator *a, void *p)
{
	if (p == NULL)
		return;
	a = cs_alloc_or_libc(a);
	a->free_fn(a->ctx, p);
}

bool
cs_grow(const comscan_allocator *a, void **items, size_t *cap, size_t need, size_t elem)
{
	size_t newcap;
	void *p;
	if (need <= *cap)
		return true;
	newcap = *cap ? *cap : 8;
	while (newcap < need) {
		if (newcap > SIZE_MAX / 2)
			return false;
		newcap *= 2;
	}
	if (elem == 0 || newcap > SIZE_MAX / elem)
		return false;
	a = cs_alloc_or_libc(a);
	if (*items == NULL)
		p = a->malloc_fn(a->ctx, newcap * elem);
	else
		p = a->realloc_fn(a->ctx, *items, newcap * elem);
	if (p == NULL)
		return false;
	*items = p;
	*cap = newcap;
	return true;
}

char *
cs_strdup(const comscan_allocator *a, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = cs_malloc(a, n);
	if (p != NULL)
		memcpy(p, s, n);
	return p;
}
