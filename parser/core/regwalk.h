/*
 * regwalk.h - visits every key and value of a registry tree in pre-order
 * (a key, its values, then its subkeys), iteratively with an explicit
 * stack: the depth of the input never reaches the C stack.
 */
#ifndef COMSCAN_CORE_REGWALK_H
#define COMSCAN_CORE_REGWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"
#include "core/regtree.h"

typedef struct cs_regwalk_item {
	bool is_value;
	cs_regref ref;         /* the key, or the value                       */
	const uint16_t *path;  /* the key's path, names joined by '\'          */
	size_t path_len;
	size_t depth;          /* 1 for the children of the top key            */
} cs_regwalk_item;

/* Called for every key (is_value false) and value; a non-zero return
 * stops the walk and is returned by cs_regwalk. */
typedef int (*cs_regwalk_fn)(void *arg, const cs_regtree *t, const cs_regwalk_item *item);

/* Walks t below its top key, which is not visited itself.  Keys deeper
 * than max_depth are not entered; their number is added to *skipped.
 * Returns 0, the callback's non-zero value, or -1 when memory ran out. */
int cs_regwalk(const cs_regtree *t, const comscan_allocator *a, size_t max_depth, cs_regwalk_fn fn,
    void *arg, size_t *skipped);

#endif /* COMSCAN_CORE_REGWALK_H */
