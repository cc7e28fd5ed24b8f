/*
 * memtree.h - a registry tree held in memory, built by applying the
 * operations of a .reg file in order (create key, set value, delete value,
 * delete subtree; the last write wins), then sealed and read through the
 * regtree interface.
 *
 * Lookups by name go through one AVL map keyed by (parent, kind, name
 * folded to upper case), so every lookup and insert costs O(log n) in the
 * worst case whatever the names are; no hash table can be driven
 * quadratic by crafted names.  Deleted keys and values are marked dead,
 * never freed one by one; memory stays bounded by the input.
 */
#ifndef COMSCAN_CORE_MEMTREE_H
#define COMSCAN_CORE_MEMTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/findings.h"
#include "core/regtree.h"

typedef struct cs_memtree cs_memtree;
typedef uint32_t cs_mtkey;
#define CS_MTKEY_NONE UINT32_MAX

/* A new tree holding only the unnamed top key; NULL (ctx->nomem) on
 * allocation failure. */
cs_memtree *cs_memtree_new(cs_ctx *ctx);
void cs_memtree_free(cs_memtree *t);
/* The unnamed top key. */
cs_mtkey cs_memtree_top(const cs_memtree *t);
/* The live child of parent named name, created when create is set and
 * it is absent.  CS_MTKEY_NONE when absent (or on nomem). */
cs_mtkey cs_memtree_child(cs_memtree *t, cs_mtkey parent, const uint16_t *name, size_t n,
    bool create, cs_regsource src);
/* Records src as where key itself was named (a key line), unless an
 * earlier line already named it; until then a key's source is the line
 * that created it as a parent. */
void cs_memtree_name_key(cs_memtree *t, cs_mtkey key, cs_regsource src);
/* Deletes key and everything below it. */
void cs_memtree_delete_key(cs_memtree *t, cs_mtkey key);
/* Sets (creates or replaces) a value.  Returns false on nomem; *replaced
 * tells whether a live value of that name existed. */
bool cs_memtree_set_value(cs_memtree *t, cs_mtkey key, const uint16_t *name, size_t n,
    uint32_t type, const uint8_t *data, size_t size, cs_regsource src, bool *replaced);
/* Deletes a value; false when there was none. */
bool cs_memtree_delete_value(cs_memtree *t, cs_mtkey key, const uint16_t *name, size_t n);
/* Ends building: compacts the live children and values.  False on nomem.
 * Only a sealed tree may be read through cs_memtree_regtree. */
bool cs_memtree_seal(cs_memtree *t);
/* The read interface of a sealed tree. */
cs_regtree cs_memtree_regtree(const cs_memtree *t);
/* Live keys and values in a sealed tree, the top key excluded. */
size_t cs_memtree_key_count(const cs_memtree *t);
size_t cs_memtree_value_count(const cs_memtree *t);

#endif /* COMSCAN_CORE_MEMTREE_H */
