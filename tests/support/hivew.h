/*
 * hivew.h - test-only writer of Windows registry hives ("regf") and of
 * their transaction logs.  Tests and corpus seeds build a small hive in
 * memory (valid by default), serialise it, then damage exact fields.
 * Test code: it aborts with a message on allocation failure or misuse and
 * is never linked into the library.  No global state; the same calls give
 * the same bytes.
 *
 * Format written (/work/shared/reference/regf.md section 1; field offsets
 * of cells are from the start of the cell data, after the 4-byte size):
 *
 *   file     = base block (4096 bytes) + hive bins data (hbins, back to back)
 *   base     "regf", seq1 = seq2 (1), timestamp HIVEW_TIMESTAMP, version
 *            1.5, type 0, format 1, root cell index, hbins data size,
 *            clustering factor 1, file name "hivew.dat" (UTF-16LE),
 *            checksum at 508 = XOR of the dwords of bytes 0..507 with the
 *            fix-ups 0 -> 1 and 0xFFFFFFFF -> 0xFFFFFFFE (1.2, 1.3)
 *   hbin     "hbin", offset of the bin from the start of the hbins data,
 *            size (a multiple of 4096, 4096 unless a cell needs more),
 *            first bin's timestamp = base block timestamp (1.4); cells
 *            tile it from +32, each 8-aligned with a negative (allocated)
 *            size; the space left at the end of a bin is one free cell
 *            (positive size) (1.5)
 *   cell index = offset from the start of the hbins data (file offset -
 *            4096); 0xFFFFFFFF (HIVEW_NIL) = none
 *   nk (1.6) flags 0x20 (KEY_COMP_NAME) for a Latin-1 name, 0 for a UTF-16
 *            one; the root adds KEY_HIVE_ENTRY|KEY_NO_DELETE (0x2C for a
 *            Latin-1 root name).  Root's parent field: 0xFFFFFFFF by default
 *            (regf.md says it has no meaning on disk; real hives carry an
 *            arbitrary master-hive cell index there, e.g. 0x7B0 in regipy's
 *            NTUSER.DAT; hivew_opts.root_parent changes it).  Volatile
 *            count 0, volatile list 0xFFFFFFFF; absent lists/class are NIL.
 *            Largest subkey name / value name = longest name in UTF-16
 *            bytes (units * 2); largest subkey class = longest class length
 *            of the subkeys; largest value data = longest data size.
 *   lists (1.7) li / lf (hint = first 4 name units as bytes, NUL-padded; all
 *            four bytes 0 when one of them is >= 0x100 -- matches every lf
 *            entry of regipy's and yarp's hives except a compressed U+009F,
 *            which Windows hinted as 0x81 in yarp's CompHive: Windows
 *            converts U+0080..U+009F through a code page, not followed
 *            here) / lh (hash H = 37*H + upcase(unit) mod 2^32 over the
 *            UTF-16 units) / ri over leaves.  Default kind: lh for minor >= 5, lf for minor 3
 *            and 4, li below.  Entries are sorted by hivew_cmp (below).
 *   vk (1.8) name Latin-1 with flag VALUE_COMP_NAME (1) or UTF-16 (flag 0);
 *            data of 0..4 bytes resident: size field = 0x80000000 | size,
 *            data in the FIRST bytes of the offset field, the rest zero (a
 *            zero-length value is 0x80000000 / 0, as Windows writes it);
 *            5..16344 bytes (or any size when minor <= 3) in one cell;
 *            above 16344 with minor > 3: big data (1.10) "db", segment
 *            count, segment-list cell, 4 zero bytes; segment list = cell
 *            indices; each segment carries 16344 bytes (the last one the
 *            rest) in a cell of 16352 bytes as Windows allocates it, so
 *            cell size - 8 = 16344 (hivex's rule) holds for every segment.
 *   sk (1.11) "sk", 0, flink (+4), blink (+8), reference count (= keys
 *            pointing at it), descriptor size, descriptor.  Every sk of the
 *            hive is in one ring in creation order (unreferenced records
 *            too, with count 0).  Every key points at an sk:
 *            hivew_sk_default() unless hivew_key_set_sk() says another.
 *   class (1.12) UTF-16LE units in a cell of their own.
 *
 * Sort order and upcase rule (hivew_upcase, documented subset of Windows'
 * RtlUpcaseUnicodeChar table): a-z -> A-Z; U+00E0..U+00FE except U+00F7 ->
 * -0x20; U+00FF -> U+0178; Greek U+03B1..U+03C9 except U+03C2 -> -0x20;
 * Cyrillic U+0430..U+044F -> -0x20 and U+0450..U+045F -> -0x50; every
 * other unit (U+00B5 and U+00DF included, as on Windows 10) is unchanged.
 * Names compare unit by unit after upcasing (unsigned 16-bit order), a
 * proper prefix first; equal names keep their creation order.  Surrogates
 * are units like any other (hashes per unit, as [MS] says).
 *
 * Layout: cells are laid out key by key in creation order: nk, class, sk
 * (at its first use), values list, then per value vk and its data (data
 * cell, or db, segment list, segments), then the subkey list (leaves, ri,
 * extra ri nesting), then raw cells (hivew_raw_cell) after every key, then
 * unreferenced sk records.  A cell that does not fit in the rest of a bin
 * starts the next bin; a bin grows (in 4096 steps) when one cell needs it.
 *
 * Transaction logs (1.13): old format = 512-byte copy of the base block
 * (type 1, seq1 = seq2, checksum recomputed), "DIRT" at 512 and a bitmap
 * with one bit per 512-byte page of the hbins data (LSB first), the dirty
 * pages from the next 512-byte boundary.  New format = 512-byte copy (type
 * 6), then "HvLE" entries at 512-byte boundaries: size (multiple of 512),
 * flags, sequence number, hbins data size, page count, Hash-1 (8 bytes,
 * Marvin32 of entry bytes 40..size-1), Hash-2 (8 bytes, Marvin32 of entry
 * bytes 0..31, so it covers Hash-1), then
 * (offset, size) references, then the pages.  Dirty data is tracked in
 * 4096-byte blocks as Windows does.  Marvin32 here is the 64-bit variant
 * (state lo = seed bits 0..31, hi = bits 32..63; for each 4-byte LE word
 * w: lo += w, then the mix; the 0..3 tail bytes followed by a 0x80 byte
 * form one last word, added and mixed the same way; then one more mix;
 * result hi << 32 | lo), stored little-endian.  The seed is HIVEW_LOG_SEED
 * = 0x82EF4D887A4E55C5 (lo 0x7A4E55C5, hi 0x82EF4D88): the 64-bit value
 * the Windows kernel hands to SymCryptMarvin32ExpandSeed, and the one that
 * reproduces the hashes of a real Windows 10 log (regipy's
 * UsrClass.dat.LOG1; test_hivew.c checks both).  regf.md 1.13's bytes
 * "82 EF 4D 88 7A 4E 55 C5" are that constant written most significant
 * byte first; read little-endian (0xC5554E7A884DEF82, the decimal
 * 14219357686671994754 [MS] gives) they produce hashes Windows rejects.
 */
#ifndef COMSCAN_TESTS_HIVEW_H
#define COMSCAN_TESTS_HIVEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIVEW_NIL 0xFFFFFFFFu
#define HIVEW_TIMESTAMP UINT64_C(132223104000000000) /* 2020-01-01T00:00:00Z */
#define HIVEW_LOG_SEED UINT64_C(0x82EF4D887A4E55C5)
#define HIVEW_SEGMENT 16344u          /* big-data segment payload       */
#define HIVEW_BASE 4096u              /* base block size                */

/* base block fields (file offsets) */
#define HIVEW_BB_SEQ1 4
#define HIVEW_BB_SEQ2 8
#define HIVEW_BB_TIME 12
#define HIVEW_BB_MAJOR 20
#define HIVEW_BB_MINOR 24
#define HIVEW_BB_TYPE 28
#define HIVEW_BB_FORMAT 32
#define HIVEW_BB_ROOT 36
#define HIVEW_BB_HBINS_SIZE 40
#define HIVEW_BB_CLUSTER 44
#define HIVEW_BB_NAME 48
#define HIVEW_BB_FLAGS 144
#define HIVEW_BB_CHECKSUM 508
/* hbin header fields (from the start of the bin) */
#define HIVEW_HBIN_OFFSET 4
#define HIVEW_HBIN_SIZE 8
#define HIVEW_HBIN_TIME 20
#define HIVEW_HBIN_HEADER 32
/* nk fields (cell data) */
#define HIVEW_NK_FLAGS 2
#define HIVEW_NK_TIME 4
#define HIVEW_NK_ACCESS 12
#define HIVEW_NK_PARENT 16
#define HIVEW_NK_NSUBKEYS 20
#define HIVEW_NK_NVOLATILE 24
#define HIVEW_NK_SUBKEYS 28
#define HIVEW_NK_VOLATILE 32
#define HIVEW_NK_NVALUES 36
#define HIVEW_NK_VALUES 40
#define HIVEW_NK_SK 44
#define HIVEW_NK_CLASS 48
#define HIVEW_NK_MAX_SUBKEY_NAME 52
#define HIVEW_NK_MAX_SUBKEY_CLASS 56
#define HIVEW_NK_MAX_VALUE_NAME 60
#define HIVEW_NK_MAX_VALUE_DATA 64
#define HIVEW_NK_WORKVAR 68
#define HIVEW_NK_NAME_LEN 72
#define HIVEW_NK_CLASS_LEN 74
#define HIVEW_NK_NAME 76
/* nk flags */
#define HIVEW_KEY_HIVE_ENTRY 0x0004
#define HIVEW_KEY_NO_DELETE 0x0008
#define HIVEW_KEY_COMP_NAME 0x0020
/* vk fields (cell data) */
#define HIVEW_VK_NAME_LEN 2
#define HIVEW_VK_DATA_SIZE 4
#define HIVEW_VK_DATA 8
#define HIVEW_VK_TYPE 12
#define HIVEW_VK_FLAGS 16
#define HIVEW_VK_SPARE 18
#define HIVEW_VK_NAME 20
#define HIVEW_VALUE_COMP_NAME 0x0001
#define HIVEW_RESIDENT 0x80000000u
/* sk fields (cell data) */
#define HIVEW_SK_FLINK 4
#define HIVEW_SK_BLINK 8
#define HIVEW_SK_REFS 12
#define HIVEW_SK_DESC_SIZE 16
#define HIVEW_SK_DESC 20
/* db fields (cell data) */
#define HIVEW_DB_COUNT 2
#define HIVEW_DB_LIST 4
/* subkey lists (cell data): signature, 16-bit count, entries */
#define HIVEW_LIST_COUNT 2
#define HIVEW_LI_ENTRY(i) (4 + 4 * (size_t)(i))   /* li and ri elements  */
#define HIVEW_LF_ENTRY(i) (4 + 8 * (size_t)(i))   /* lf/lh: nk offset    */
#define HIVEW_LF_HINT(i) (8 + 8 * (size_t)(i))    /* lf hint, lh hash    */
/* new-format log entry fields (from the start of the entry) */
#define HIVEW_LE_SIZE 4
#define HIVEW_LE_FLAGS 8
#define HIVEW_LE_SEQ 12
#define HIVEW_LE_HBINS_SIZE 16
#define HIVEW_LE_NPAGES 20
#define HIVEW_LE_HASH1 24
#define HIVEW_LE_HASH2 32
#define HIVEW_LE_REFS 40

/* registry value types used by the tests (any 32-bit number is accepted) */
#define HIVEW_REG_NONE 0
#define HIVEW_REG_SZ 1
#define HIVEW_REG_EXPAND_SZ 2
#define HIVEW_REG_BINARY 3
#define HIVEW_REG_DWORD 4
#define HIVEW_REG_DWORD_BE 5
#define HIVEW_REG_LINK 6
#define HIVEW_REG_MULTI_SZ 7
#define HIVEW_REG_QWORD 11

typedef struct hivew hivew;   /* the tree under construction            */
typedef uint32_t hivew_key;   /* a key of it (the root is HIVEW_ROOT)    */
typedef uint32_t hivew_value; /* a value of it                           */
typedef uint32_t hivew_sk;    /* a security record of it                 */
typedef uint32_t hivew_raw;   /* a raw cell of it                        */
#define HIVEW_ROOT 0u

/* Subkey list kinds. */
typedef enum hivew_list {
	HIVEW_LIST_DEFAULT = 0, /* lh/lf/li by minor version (see above)     */
	HIVEW_LIST_LI,
	HIVEW_LIST_LF,
	HIVEW_LIST_LH,
	HIVEW_LIST_RI           /* ri over leaves (hivew_key_set_ri)         */
} hivew_list;

/* Subkey list entry order. */
typedef enum hivew_order {
	HIVEW_ORDER_SORTED = 0, /* hivew_cmp order (valid)                   */
	HIVEW_ORDER_CREATION,   /* as added (unsorted unless added in order) */
	HIVEW_ORDER_REVERSE     /* sorted, then reversed                     */
} hivew_order;

/* Where a value's data goes. */
typedef enum hivew_storage {
	HIVEW_DATA_AUTO = 0,    /* resident <= 4, cell, db > 16344 (minor>3) */
	HIVEW_DATA_RESIDENT,    /* size field 0x80000000|size, first <= 4 bytes */
	HIVEW_DATA_CELL,        /* one data cell, whatever the size          */
	HIVEW_DATA_BIG          /* db + segment list + segments, any size    */
} hivew_storage;

/* Base block and layout knobs; hivew_options() returns the builder's copy,
 * which hivew_build() reads.  Defaults in brackets. */
typedef struct hivew_opts {
	uint32_t major, minor;      /* [1, 5]                                */
	uint32_t seq1, seq2;        /* [1, 1]                                */
	uint64_t timestamp;         /* base block, first hbin, nk [HIVEW_TIMESTAMP] */
	uint32_t file_type;         /* [0]                                   */
	uint32_t file_format;       /* [1]                                   */
	uint32_t clustering;        /* [1]                                   */
	uint32_t flags;             /* base block +144 [0]                   */
	uint32_t root_parent;       /* root nk parent field [HIVEW_NIL]      */
	const char *file_name;      /* ASCII, <= 31 chars ["hivew.dat"]      */
	uint32_t bin_size;          /* default bin size, multiple of 4096 [4096] */
	const uint32_t *bin_sizes;  /* sizes of bins 0..nbin_sizes-1 [none]  */
	size_t nbin_sizes;
	uint32_t cells_per_bin;     /* start a new bin after N cells [0: no limit] */
} hivew_opts;

/* A page of a new-format log entry. */
typedef struct hivew_page {
	uint32_t offset;            /* in the hbins data                     */
	uint32_t size;              /* bytes (a multiple of 512 normally)    */
	const uint8_t *data;
} hivew_page;

/* A serialised hive or log.  data/len are the file; the map (private)
 * holds the cell index of every record for the hivew_cell_* queries. */
typedef struct hivew_img {
	uint8_t *data;
	size_t len, cap;
	struct hivew_map *map;      /* NULL for logs                          */
} hivew_img;

/* ---- building the tree ------------------------------------------------ */

/* A new tree whose root key is named root_name (Latin-1, compressed;
 * NULL gives "ROOT"), with the default sk record. */
hivew *hivew_new(const char *root_name);
/* Frees the tree (NULL is a no-op); images built from it stay valid. */
void hivew_free(hivew *h);
/* The knobs of h (modify before hivew_build). */
hivew_opts *hivew_options(hivew *h);

/* Adds a subkey of parent named by a NUL-terminated Latin-1 string, stored
 * compressed (KEY_COMP_NAME). */
hivew_key hivew_key_add(hivew *h, hivew_key parent, const char *name);
/* Same with an explicit length (names may contain NUL bytes). */
hivew_key hivew_key_add_n(hivew *h, hivew_key parent, const char *name, size_t len);
/* Adds a subkey named by n UTF-16 units stored as given: compressed (every
 * unit must be < 0x100) or UTF-16LE (unpaired surrogates kept as is). */
hivew_key hivew_key_add_units(hivew *h, hivew_key parent, const uint16_t *units,
    size_t n, bool compressed);
/* Adds a subkey named by UTF-8 text: compressed when every character is
 * below U+0100 (as Windows does), else UTF-16LE. */
hivew_key hivew_key_add_utf8(hivew *h, hivew_key parent, const char *utf8);
/* Adds n nested keys named name below parent (one per level); returns the
 * deepest.  Cheap enough for n = 100 000. */
hivew_key hivew_key_chain(hivew *h, hivew_key parent, const char *name, size_t n);
/* Adds target as one more entry of parent's subkey list without changing
 * target's own parent: a link to itself or an ancestor makes a cycle, a
 * second link makes a duplicate, a link elsewhere a DAG.  Links count in
 * the subkey count, the largest-name fields and the sort like subkeys. */
void hivew_key_link(hivew *h, hivew_key parent, hivew_key target);
/* The key's class name: Latin-1 text stored as UTF-16LE units. */
void hivew_key_set_class(hivew *h, hivew_key k, const char *latin1);
/* The key's class name as n UTF-16 units. */
void hivew_key_set_class_units(hivew *h, hivew_key k, const uint16_t *units, size_t n);
/* The kind of the key's subkey list (HIVEW_LIST_RI: leaves of the default
 * leaf kind holding 512 entries each unless hivew_key_set_ri says). */
void hivew_key_set_list(hivew *h, hivew_key k, hivew_list kind);
/* An ri list whose leaves are of leaf_kind and hold per_leaf entries. */
void hivew_key_set_ri(hivew *h, hivew_key k, hivew_list leaf_kind, unsigned per_leaf);
/* Wraps the key's subkey list in depth extra one-element ri cells (ri->ri). */
void hivew_key_set_ri_nest(hivew *h, hivew_key k, unsigned depth);
/* The order of the key's subkey list entries. */
void hivew_key_set_order(hivew *h, hivew_key k, hivew_order order);
/* Makes k's subkey list field and count those of other's list (k must have
 * no subkeys of its own): a list shared by two keys. */
void hivew_key_share_list(hivew *h, hivew_key k, hivew_key other);
/* Writes exactly these nk flags instead of the computed ones. */
void hivew_key_set_flags(hivew *h, hivew_key k, uint16_t flags);
/* The sk record the key points at. */
void hivew_key_set_sk(hivew *h, hivew_key k, hivew_sk s);

/* Adds a value named by Latin-1 text (NULL or "" = the default value) of
 * any type with len bytes of data (p may be NULL when len is 0). */
hivew_value hivew_value_add(hivew *h, hivew_key k, const char *name, uint32_t type,
    const void *p, size_t len);
/* Same with a name of n UTF-16 units, stored compressed or as UTF-16LE. */
hivew_value hivew_value_add_units(hivew *h, hivew_key k, const uint16_t *units,
    size_t n, bool compressed, uint32_t type, const void *p, size_t len);
/* A REG_SZ value holding Latin-1 text as UTF-16LE with its terminator. */
hivew_value hivew_value_add_sz(hivew *h, hivew_key k, const char *name, const char *latin1);
/* A REG_DWORD value (4 bytes little-endian, resident). */
hivew_value hivew_value_add_dword(hivew *h, hivew_key k, const char *name, uint32_t v);
/* Where the value's data goes (see hivew_storage). */
void hivew_value_set_storage(hivew *h, hivew_value v, hivew_storage s);
/* Big data segment payload (default HIVEW_SEGMENT): segments of that size,
 * each in a cell of payload + 8 bytes rounded up to 8. */
void hivew_value_set_segment(hivew *h, hivew_value v, uint32_t payload);
/* Writes exactly these vk flags instead of the computed ones. */
void hivew_value_set_flags(hivew *h, hivew_value v, uint16_t flags);

/* The sk record every key uses unless told otherwise (a self-relative
 * descriptor: owner S-1-5-32-544, group S-1-5-18, a DACL granting KEY_ALL_ACCESS
 * (0xF003F) to S-1-1-0). */
hivew_sk hivew_sk_default(hivew *h);
/* Adds an sk record holding len bytes of descriptor. */
hivew_sk hivew_sk_add(hivew *h, const void *desc, size_t len);

/* Adds a cell of len bytes (a copy of p, or zeros when p is NULL) after
 * the tree's cells: allocated (negative size) or free (positive size).
 * Its cell index is known after hivew_build; patch it then. */
hivew_raw hivew_raw_cell(hivew *h, const void *p, size_t len, bool allocated);

/* Upcases one UTF-16 unit by the rule above. */
uint16_t hivew_upcase(uint16_t c);
/* Compares two names (units) by the rule above: <0, 0, >0. */
int hivew_cmp(const uint16_t *a, size_t na, const uint16_t *b, size_t nb);
/* The lh hash of a name. */
uint32_t hivew_lh_hash(const uint16_t *units, size_t n);
/* The lf hint of a name (4 bytes written to out). */
void hivew_lf_hint(const uint16_t *units, size_t n, uint8_t out[4]);

/* ---- serialising -------------------------------------------------------- */

/* Lays out and serialises the tree into a new image (valid hive, correct
 * checksum).  h is not modified; building twice gives the same bytes. */
hivew_img *hivew_build(const hivew *h);
/* Frees an image (NULL is a no-op). */
void hivew_img_free(hivew_img *img);
/* A copy of an image (with its map). */
hivew_img *hivew_img_dup(const hivew_img *img);
/* Writes the image to path; false on I/O error. */
bool hivew_img_write(const hivew_img *img, const char *path);

/* Cell indices of the records (HIVEW_NIL when the record does not exist). */
uint32_t hivew_cell_nk(const hivew_img *img, hivew_key k);
uint32_t hivew_cell_class(const hivew_img *img, hivew_key k);
uint32_t hivew_cell_values(const hivew_img *img, hivew_key k);   /* value list  */
uint32_t hivew_cell_list(const hivew_img *img, hivew_key k);     /* nk +28      */
uint32_t hivew_cell_ri(const hivew_img *img, hivew_key k);       /* innermost ri */
size_t hivew_nleaves(const hivew_img *img, hivew_key k);
uint32_t hivew_cell_leaf(const hivew_img *img, hivew_key k, size_t i);
uint32_t hivew_cell_vk(const hivew_img *img, hivew_value v);
uint32_t hivew_cell_data(const hivew_img *img, hivew_value v);   /* data or db  */
uint32_t hivew_cell_seglist(const hivew_img *img, hivew_value v);
size_t hivew_nsegs(const hivew_img *img, hivew_value v);
uint32_t hivew_cell_seg(const hivew_img *img, hivew_value v, size_t i);
uint32_t hivew_cell_sk(const hivew_img *img, hivew_sk s);
uint32_t hivew_cell_raw(const hivew_img *img, hivew_raw r);
/* The hbins of the image as built: count, offset (cell index of the bin
 * header), size, and the free cell that fills its end (HIVEW_NIL if none). */
size_t hivew_nbins(const hivew_img *img);
uint32_t hivew_bin_offset(const hivew_img *img, size_t i);
uint32_t hivew_bin_size(const hivew_img *img, size_t i);
uint32_t hivew_bin_free(const hivew_img *img, size_t i);

/* ---- raw access and damage (every write checks bounds and aborts) ------ */

/* File offset of a field of a cell's data (after its 4-byte size). */
size_t hivew_cell_off(uint32_t cell, size_t field);
uint8_t hivew_get8(const hivew_img *img, size_t off);
uint16_t hivew_get16(const hivew_img *img, size_t off);
uint32_t hivew_get32(const hivew_img *img, size_t off);
uint64_t hivew_get64(const hivew_img *img, size_t off);
void hivew_put8(hivew_img *img, size_t off, uint8_t v);
void hivew_put16(hivew_img *img, size_t off, uint16_t v);
void hivew_put32(hivew_img *img, size_t off, uint32_t v);
void hivew_put64(hivew_img *img, size_t off, uint64_t v);
void hivew_put(hivew_img *img, size_t off, const void *p, size_t n);
/* Fills n bytes at off with byte b. */
void hivew_fill(hivew_img *img, size_t off, uint8_t b, size_t n);
/* Field writes into cell data: file offset hivew_cell_off(cell, field). */
void hivew_cput16(hivew_img *img, uint32_t cell, size_t field, uint16_t v);
void hivew_cput32(hivew_img *img, uint32_t cell, size_t field, uint32_t v);
void hivew_cput(hivew_img *img, uint32_t cell, size_t field, const void *p, size_t n);
uint16_t hivew_cget16(const hivew_img *img, uint32_t cell, size_t field);
uint32_t hivew_cget32(const hivew_img *img, uint32_t cell, size_t field);
/* The size field of a cell (negative = allocated). */
int32_t hivew_cell_size(const hivew_img *img, uint32_t cell);
void hivew_set_cell_size(hivew_img *img, uint32_t cell, int32_t size);
/* Splits the free cell at cell into a free cell of first bytes and a free
 * cell holding the rest (both multiples of 8, >= 8); returns the second. */
uint32_t hivew_split_free(hivew_img *img, uint32_t cell, uint32_t first);

/* The checksum of a base block (bytes 0..507 of block) with the fix-ups. */
uint32_t hivew_checksum(const uint8_t *block);
/* Writes the correct checksum into the image's base block (offset 0). */
void hivew_fix_checksum(hivew_img *img);
/* Sets the reserved dword at 504 so that the plain XOR of bytes 0..507
 * equals raw (0 or 0xFFFFFFFF exercise the fix-ups), then fixes the
 * checksum. */
void hivew_force_xor(hivew_img *img, uint32_t raw);
/* Makes the primary dirty: seq1 = primary, seq2 = secondary, checksum fixed. */
void hivew_set_seq(hivew_img *img, uint32_t primary, uint32_t secondary);

/* Appends n bytes (copy of p), n copies of byte b, or n bytes of
 * deterministic garbage from seed (xorshift) at the end of the file. */
void hivew_append(hivew_img *img, const void *p, size_t n);
void hivew_append_fill(hivew_img *img, uint8_t b, size_t n);
void hivew_append_garbage(hivew_img *img, size_t n, uint32_t seed);
/* Inserts n copies of b at file offset off (what follows moves: hbin
 * offsets and cell indices after off no longer match). */
void hivew_insert_fill(hivew_img *img, size_t off, uint8_t b, size_t n);
/* Appends an hbin of size bytes (multiple of 4096) holding one free cell,
 * offset field = its position; if grow, adds size to the hbins data size
 * and fixes the checksum.  Returns the free cell's index. */
uint32_t hivew_append_bin(hivew_img *img, uint32_t size, bool grow);
/* Cuts the file to len bytes (len <= current length). */
void hivew_truncate(hivew_img *img, size_t len);

/* ---- transaction logs --------------------------------------------------- */

/* Marvin32 (64-bit result, see above) of n bytes with seed. */
uint64_t hivew_marvin32(const void *p, size_t n, uint64_t seed);
/* Old-format log (type 1) bringing stale up to target: base block = target's
 * first 512 bytes with type 1, seq1 = seq2 = target's seq1, checksum; DIRT
 * bitmap over target's hbins data marking every 4096-byte block that
 * differs from stale or lies beyond it (every block when stale is NULL). */
hivew_img *hivew_log_old(const hivew_img *target, const hivew_img *stale);
/* A new-format log (type 6) with no entries yet: base block = target's
 * first 512 bytes with type 6, seq1 = seq2 = seq, checksum. */
hivew_img *hivew_log_new(const hivew_img *target, uint32_t seq);
/* Appends an HvLE entry (sequence seq, target's flags and hbins data size)
 * carrying target's 4096-byte blocks that differ from stale (all when stale
 * is NULL), adjacent blocks merged into one reference.  Returns the
 * entry's file offset. */
size_t hivew_log_new_entry(hivew_img *log, const hivew_img *target,
    const hivew_img *stale, uint32_t seq);
/* Appends an HvLE entry with explicit fields and pages; returns its offset. */
size_t hivew_log_new_entry_pages(hivew_img *log, uint32_t seq, uint32_t flags,
    uint32_t hbins_size, const hivew_page *pages, size_t npages);
/* Recomputes Hash-1 then Hash-2 of the entry at off (after patching it). */
void hivew_log_rehash(hivew_img *log, size_t entry_off);
/* A dirty primary and the log (format 1 = old, 6 = new) that brings it up
 * to target.  The primary is stale's bytes with seq1 = P, seq2 = P - 1
 * (P = target's seq1, must be >= 1) and a valid checksum.  Old log: seq
 * P/P, same timestamp.  New log: base block seq P-1/P-1, one entry with
 * sequence P-1 (the primary's secondary, as in Windows' own dirty hives). */
void hivew_dirty_pair(const hivew_img *target, const hivew_img *stale, int format,
    hivew_img **primary, hivew_img **log);

#endif
