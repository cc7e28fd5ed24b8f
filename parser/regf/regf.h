/*
 * regf.h - internal interface of the registry hive ("regf") parser.
 *
 * A hive is a 4096-byte base block followed by hive bins (regf.md 1.2-1.5):
 *
 *   base block  "regf", sequence numbers, version, file type, root cell,
 *               hive bins size, checksum of bytes 0..507     (base.c)
 *   hive bins   "hbin" headers of 32 bytes, then cells tiling the bin:
 *               int32 size (negative = allocated), 8-aligned   (cells.c)
 *   records     nk (keys) and their subkey lists li/lf/lh/ri  (keys.c, lists.c)
 *               value lists, vk, data cells, db big data      (values.c)
 *               sk security records in a ring                 (security.c)
 *
 * Every reference is a cell index: an offset into the hive bins data.
 * cells.c builds, once, a map of the 8-byte slots of the bins data that
 * says where each cell starts and whether it is allocated, and resolves
 * references against it, so a reference to anything but the start of an
 * allocated cell is a finding, never a read.  walk.c visits the key tree
 * depth-first with an explicit stack, marking each cell in the map when it
 * is first used: a key met again (a cycle, a second parent) is reported
 * and not followed, so the walk is linear in the hive's size.
 *
 * The walk reports each key and value to a visitor; scan passes one that
 * does nothing, the TSV dump one that writes lines, the registry handle
 * one that builds a cs_memtree (load.c).
 */
#ifndef COMSCAN_REGF_REGF_H
#define COMSCAN_REGF_REGF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/cursor.h"
#include "core/findings.h"
#include "core/memtree.h"
#include "core/regtree.h"

#define REGF_BASE_SIZE 4096u
#define REGF_MIN_FILE 8192u
#define REGF_NIL 0xFFFFFFFFu
#define REGF_SEGMENT 16344u /* big-data segment payload ([MS] big data) */

/* ---- base.c ------------------------------------------------------------------ */

typedef struct regf_base {
	uint32_t seq1, seq2;
	uint32_t major, minor;
	uint32_t file_type, file_format;
	uint32_t root;            /* cell index of the root nk */
	uint32_t bins_size;       /* declared hive bins data size */
	uint32_t clustering;
	uint32_t checksum, checksum_computed;
	uint16_t file_name[32];   /* UTF-16 units of the name field (offset 48) */
	size_t file_name_len;
	bool walkable;            /* a primary hive in a version comscan walks */
} regf_base;

/* Reads and checks the base block of the input (at least "regf" at 0);
 * reports what is wrong.  Sets base->walkable when the bins should be
 * read. */
void regf_base_parse(cs_ctx *ctx, const cs_cursor *file, regf_base *base);
/* The checksum of a 512-byte (or longer) base block, with the fix-ups. */
uint32_t regf_checksum(const cs_cursor *block);

/* ---- cellmap.c ------------------------------------------------------------- */

/* What the cell map says of an 8-byte slot of the hive bins data. */
enum { REGF_SLOT_NONE = 0, REGF_SLOT_FREE = 1, REGF_SLOT_ALLOC = 2, REGF_SLOT_USED = 3 };

typedef struct regf_mapblock {
	uint64_t starts[8];       /* bit per slot of the block's 512: a cell starts there */
	uint64_t meta;            /* bits 0-31: cells starting before the block; 32-58:
	                           * 3 x 9 bits, cells before words 2, 4, 6 inside it;
	                           * 63: a hive bin starts at the block */
} regf_mapblock;

typedef struct regf_cellmap {
	regf_mapblock *blocks;    /* one per 512 slots */
	uint64_t *cells;          /* 2 bits per cell in slot order: allocated, used */
	size_t nslots, ncells, capwords, last_slot;
} regf_cellmap;

/* An empty map of nslots slots; false on nomem. */
bool regf_map_init(cs_ctx *ctx, regf_cellmap *m, size_t nslots);
/* Records a cell starting at slot (slots strictly increasing from call to
 * call); false on nomem (ctx->nomem set). */
bool regf_map_add(cs_ctx *ctx, regf_cellmap *m, size_t slot, bool allocated);
/* Ends the adding; the map then covers min(nslots, its size) slots. */
void regf_map_finish(regf_cellmap *m, size_t nslots);
/* Records that a hive bin starts at slot (a multiple of 512: bins are
 * 4096-aligned). */
void regf_map_add_bin(regf_cellmap *m, size_t slot);
/* True when slot lies in the 32-byte header of a hive bin. */
bool regf_map_in_bin_header(const regf_cellmap *m, size_t slot);
/* REGF_SLOT_* of slot (NONE past the map). */
unsigned regf_map_state(const regf_cellmap *m, size_t slot);
/* REGF_SLOT_* of slot before the call; an allocated cell starting there
 * is marked used. */
unsigned regf_map_take(regf_cellmap *m, size_t slot);
/* Calls each for the slot of every allocated cell not used, in order. */
void regf_map_each_unused(const regf_cellmap *m, void (*each)(void *arg, size_t slot), void *arg);
void regf_map_free(cs_ctx *ctx, regf_cellmap *m);
/* A cache hint: slot's block will be read soon. */
void regf_map_prefetch(const regf_cellmap *m, size_t slot);

/* ---- cells.c ----------------------------------------------------------------- */

typedef struct regf_bin {
	uint32_t off, size;       /* in the hive bins data */
} regf_bin;

typedef struct regf_hive {
	cs_ctx *ctx;
	cs_cursor file;           /* the whole input */
	cs_cursor bins;           /* the hive bins data that is present */
	regf_base base;
	regf_cellmap map;         /* where the cells of the bins start */
	regf_bin *skipv;          /* regions skipped as damaged, in order */
	size_t nskips, capskips;
	bool has_lf, has_lh;      /* list kinds the version knows */
	bool big_data;            /* minor > 3: db records exist */
	bool trusted;             /* the base block's checksum held: its size is used */
	bool partial;             /* keys were left out of the walk (unreadable
	                           * lists or nodes, the depth limit): counts
	                           * over the tree are lower bounds */
} regf_hive;

/* Walks the hive bins and builds the cell map.  False only when memory
 * ran out (ctx->nomem). */
bool regf_cells_scan(regf_hive *h);
/* A cache hint: the cell at off and its map entry will be read soon. */
void regf_prefetch_cell(const regf_hive *h, uint32_t off);
void regf_cells_free(regf_hive *h);

/* How a reference resolves. */
typedef enum regf_ref {
	REGF_REF_OK = 0,          /* the start of an allocated cell */
	REGF_REF_NIL,             /* 0xFFFFFFFF */
	REGF_REF_PAST_END,        /* past the hive bins data */
	REGF_REF_DAMAGED,         /* into bins data skipped as damaged or padding */
	REGF_REF_HEADER,          /* into a hive bin header */
	REGF_REF_MID_CELL,        /* inside a cell */
	REGF_REF_FREE             /* the start of a free cell */
} regf_ref;

/* Resolves reference off without reporting: on REGF_REF_OK sets *cell
 * (the bytes after the size field) and *first_use, and marks the cell
 * used. */
regf_ref regf_resolve(regf_hive *h, uint32_t off, cs_cursor *cell, bool *first_use);
/* Why a reference is unusable, for messages ("points at a free cell"). */
const char *regf_ref_why(regf_ref r);

/* Resolves reference off (made by the record at file offset from, for a
 * finding's message: what) to the payload of an allocated cell.  On
 * success sets *cell (the bytes after the size field) and returns true;
 * *first_use tells whether this is the first reference to the cell (the
 * cell is marked used).  Otherwise reports why and returns false. */
bool regf_cell(regf_hive *h, uint32_t off, uint64_t from, const char *what, cs_cursor *cell,
    bool *first_use);
/* The payload of a cell regf_cell already resolved (no finding, no
 * marking); false when off is no allocated cell. */
bool regf_cell_again(const regf_hive *h, uint32_t off, cs_cursor *cell);
/* File offset of cell index off (for findings). */
uint64_t regf_abs(const regf_hive *h, uint32_t off);
/* Reports the allocated cells nothing used. */
void regf_cells_report_unused(regf_hive *h);

/* ---- keys.c ------------------------------------------------------------------- */

#define REGF_NK_FIXED 76u

/* A key node, as read from its cell. */
typedef struct regf_nk {
	uint32_t off;             /* its cell index */
	cs_cursor cell;
	uint16_t flags;
	uint32_t parent;
	uint32_t nsubkeys, subkeys;
	uint32_t nvolatile;
	uint32_t nvalues, values;
	uint32_t security, class_off;
	uint16_t name_len, class_len;
	bool name_ok;
} regf_nk;

/* A decoded name: UTF-16 units (a compressed name widened from Latin-1). */
typedef struct regf_name {
	uint16_t *p;
	size_t len, cap;
} regf_name;

/* Reads the key node in cell (cell index off).  Reports a bad signature
 * or a short cell and returns false; reports name problems and decodes
 * the name into *name (allocation failure: false, ctx->nomem). */
bool regf_nk_read(regf_hive *h, uint32_t off, const cs_cursor *cell, regf_nk *nk,
    regf_name *name);
/* Decodes again, without findings, the name of the key node at off (read
 * by regf_nk_read before); false on nomem. */
bool regf_nk_name_again(regf_hive *h, uint32_t off, regf_name *name);
/* Decodes n name bytes at byte off of cell into *name: Latin-1 when
 * compressed, else UTF-16LE (odd length and unpaired surrogates
 * reported against the record at file offset at, as what's name; not
 * reported when what is NULL).  False on nomem. */
bool regf_name_decode(regf_hive *h, const cs_cursor *cell, size_t off, size_t n, bool compressed,
    uint64_t at, const char *what, regf_name *name);
/* Checks the class name reference of a key. */
void regf_nk_check_class(regf_hive *h, const regf_nk *nk);

/* ---- lists.c ------------------------------------------------------------------ */

/* Iterates the key node offsets of a subkey list (li/lf/lh, or ri over
 * leaves); every list and leaf cell is resolved and checked once. */
typedef struct regf_listit {
	regf_hive *h;
	uint64_t owner;           /* file offset of the key, for findings */
	cs_cursor root;           /* the ri cell, when the list is an ri */
	uint32_t root_count, root_pos;
	bool in_ri;
	cs_cursor leaf;           /* the current leaf */
	uint32_t leaf_off, leaf_count, leaf_pos;
	uint16_t leaf_sig;
	uint32_t total;           /* elements returned so far */
	bool incomplete;          /* elements were left out (reported) */
} regf_listit;

/* A cache hint: the element ahead places after the next one will be
 * taken soon (its cell and map block are prefetched; within the current
 * leaf only). */
void regf_list_prefetch(const regf_listit *it, unsigned ahead);

/* Starts iterating the subkey list at cell index list (of the key at
 * file offset owner).  False when there is no usable list (reported). */
bool regf_list_begin(regf_hive *h, uint32_t list, uint64_t owner, regf_listit *it);
/* The next element: its nk cell index, and for lf/lh its hint or hash
 * (*kind: 'i', 'f', 'h').  False at the end. */
bool regf_list_next(regf_listit *it, uint32_t *nk, uint32_t *check, char *kind);
/* The lh hash of a name (upper-cased UTF-16 units). */
uint32_t regf_name_hash(const uint16_t *name, size_t n);
/* True when hint (4 bytes as an lf element holds them, little-endian) is
 * the hint of the name. */
bool regf_hint_ok(uint32_t hint, const uint16_t *name, size_t n);

/* ---- values.c ------------------------------------------------------------------ */

/* A value as the walk hands it on. */
typedef struct regf_value {
	const uint16_t *name;
	size_t name_len;
	uint32_t type;
	const uint8_t *data;      /* NULL when the visitor did not ask for data */
	size_t size;              /* the size the registry reports */
	uint64_t offset;          /* file offset of the vk cell */
} regf_value;

/* ---- walk.c -------------------------------------------------------------------- */

/* Receives the keys and values of the tree in pre-order (a key, its
 * values, its subkeys).  A callback returns false only when memory ran
 * out (or the sink failed); the walk then stops. */
typedef struct regf_visitor {
	void *arg;
	bool want_data;           /* assemble value data (else data is NULL) */
	bool (*key)(void *arg, size_t depth, const uint16_t *name, size_t n, uint64_t offset);
	bool (*value)(void *arg, const regf_value *v);
} regf_visitor;

/* Parses and walks the hive in file (kind regf), reporting every finding
 * to ctx and every key and value to v.  depth is 1 for the root. */
void regf_walk(cs_ctx *ctx, const cs_cursor *file, const regf_visitor *v);

/* A value's name hash and record, for the duplicate-name check. */
typedef struct regf_vname {
	uint32_t hash, off;
} regf_vname;

/* Buffers the walk reuses from key to key (no allocation per cell). */
typedef struct regf_scratch {
	regf_name name, other;    /* value names */
	uint8_t *data;            /* assembled value data */
	size_t data_cap;
	regf_vname *names;        /* the values of one key */
	size_t names_cap;
} regf_scratch;

/* Visits the values of key nk; false when the visitor stopped the walk
 * or memory ran out. */
bool regf_values_walk(regf_hive *h, const regf_nk *nk, const regf_visitor *v, regf_scratch *s);
void regf_scratch_free(regf_hive *h, regf_scratch *s);

/* ---- security.c ---------------------------------------------------------------- */

/* Counts references to sk records and checks them at the end. */
typedef struct regf_sktab {
	uint32_t *off;            /* open addressing on the cell index */
	uint32_t *refs;
	size_t cap, n;
} regf_sktab;

/* Checks the security record of key nk and counts the reference.  False
 * on nomem. */
bool regf_sk_use(regf_hive *h, regf_sktab *t, const regf_nk *nk);
/* Checks each used record's ring links and reference count. */
void regf_sk_finish(regf_hive *h, regf_sktab *t);
void regf_sk_free(regf_hive *h, regf_sktab *t);

/* ---- logs.c -------------------------------------------------------------------- */

/* Marvin32 (seed 0x82EF4D887A4E55C5) of n bytes at off of c, as the
 * 64-bit value a log entry stores. */
uint64_t regf_marvin32(const cs_cursor *c, size_t off, size_t n);
/* Checks the transaction logs of the hive in file and reports whether
 * they would bring a dirty hive up to date (their findings stamped with
 * their names). */
void regf_check_logs(cs_ctx *ctx, const cs_cursor *file, const comscan_buffer *logs, size_t nlogs);

/* ---- load.c -------------------------------------------------------------------- */

/* The key path a hive is mounted at in dumps and the COM model (from the
 * base block's file name, or ctx->regf_mount), as UTF-16 units with
 * names joined by '\'.  False on nomem. */
bool regf_mount_path(cs_ctx *ctx, const cs_cursor *file, regf_name *path);
/* Parses a hive into a sealed memtree (keys under the mount path); NULL
 * (ctx->nomem) on allocation failure. */
cs_memtree *regf_load(cs_ctx *ctx, const cs_cursor *file);

#endif /* COMSCAN_REGF_REGF_H */
