/*
 * failalloc.h - the test allocator: counts malloc_fn/realloc_fn calls,
 * fails call number fail_at, remembers every live block, and records any
 * breach of the comscan_allocator contract (realloc_fn with NULL or size
 * 0, free or realloc of a block it did not hand out).
 */
#ifndef COMSCAN_TESTS_FAILALLOC_H
#define COMSCAN_TESTS_FAILALLOC_H

#include <stdbool.h>
#include <stddef.h>

#include "comscan/comscan.h"

#define FAILALLOC_NEVER ((size_t)-1)

typedef struct failalloc {
	comscan_allocator a; /* give &fa->a to comscan_options.allocator       */
	size_t calls;        /* malloc_fn and realloc_fn calls so far          */
	size_t fail_at;      /* the call (0-based) that returns NULL           */
	bool failed;         /* that call happened                             */
	size_t misuse;       /* contract breaches seen                         */
	void **live;         /* blocks handed out and not yet freed            */
	size_t nlive, cap;
} failalloc;

/* Sets up fa to fail call fail_at (FAILALLOC_NEVER: none). */
void failalloc_init(failalloc *fa, size_t fail_at);
/* Forgets the bookkeeping (not the blocks: a test asserts nlive == 0). */
void failalloc_fini(failalloc *fa);

#endif /* COMSCAN_TESTS_FAILALLOC_H */
