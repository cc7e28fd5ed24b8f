/*
 * test_regf_keys.c - references and the key tree of a hive (regf.md 1.6,
 * 1.7, 2.2 rows 16-17, 2.3, 2.4, 2.6, 3.1-3.4): every kind of reference
 * (root, subkey list, leaf, subkey, value list, value, value data,
 * big-data segment list, segment, security record; class names are in
 * test_regf_values.c) pointing
 * mid-cell, at a free cell, into a bin header, past the end and at nil;
 * the root key; key names; flags; subkey counts; list kinds, counts,
 * nesting (CVE-2021-3622) and sharing; cycles, keys with two parents and
 * parent fields; depth (512, and 100 000 levels without recursion);
 * order, duplicates, lf hints and lh hashes.
 *
 * Every case asserts the exact findings (code, offset, class, severity)
 * through scan, registry_open and dump_tsv, and the exact tree
 * (tests/support/regftest.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comscan/comscan.h"
#include "support/hivew.h"
#include "support/regftest.h"
#include "support/tbuf.h"

/* ---- the reference sample ---------------------------------------------------------- */

#define BIG_LEN 20000u

/*
 * ROOT (default sk) with subkeys a and b.  a has the class "cls", its own
 * sk s1, the values v (REG_BINARY "0123456789", a data cell) and big
 * (BIG_LEN bytes of big data: db, a list of 2 segments) and the subkeys c
 * and d in an ri over two one-element lh leaves; c and d share the sk s2.
 * Layout order: root nk, sk0, root lh, a nk, class, s1, a's value list,
 * vk v, v's data, vk big, db, segment list, segment 0, segment 1, leaf 0,
 * leaf 1, ri, c nk, s2, d nk, b nk.
 */
typedef struct refs {
	hivew *h;
	hivew_img *img;
	hivew_key a, b, c, d;
	hivew_value v, big;
	hivew_sk s1, s2;
	uint8_t data[BIG_LEN];
	/* cell indices */
	uint32_t root, root_lh, na, nb, nc, nd, cls, sk0, sk1, sk2, vlist, vk_v, data_v, vk_big, db,
	    seglist, seg0, seg1, leaf0, leaf1, ri;
} refs;

static void
refs_new(refs *r)
{
	size_t i;
	memset(r, 0, sizeof *r);
	for (i = 0; i < BIG_LEN; i++)
		r->data[i] = (uint8_t)(i * 13 + 1);
	r->h = hivew_new("ROOT");
	r->s1 = hivew_sk_add(r->h, "s1-descriptor", 13);
	r->s2 = hivew_sk_add(r->h, "s2-descriptor", 13);
	r->a = hivew_key_add(r->h, HIVEW_ROOT, "a");
	r->c = hivew_key_add(r->h, r->a, "c");
	r->d = hivew_key_add(r->h, r->a, "d");
	r->b = hivew_key_add(r->h, HIVEW_ROOT, "b");
	hivew_key_set_class(r->h, r->a, "cls");
	hivew_key_set_sk(r->h, r->a, r->s1);
	hivew_key_set_sk(r->h, r->c, r->s2);
	hivew_key_set_sk(r->h, r->d, r->s2);
	hivew_key_set_ri(r->h, r->a, HIVEW_LIST_LH, 1);
	r->v = hivew_value_add(r->h, r->a, "v", HIVEW_REG_BINARY, "0123456789", 10);
	r->big = hivew_value_add(r->h, r->a, "big", HIVEW_REG_BINARY, r->data, BIG_LEN);
	r->img = hivew_build(r->h);
	r->root = hivew_cell_nk(r->img, HIVEW_ROOT);
	r->root_lh = hivew_cell_list(r->img, HIVEW_ROOT);
	r->na = hivew_cell_nk(r->img, r->a);
	r->nb = hivew_cell_nk(r->img, r->b);
	r->nc = hivew_cell_nk(r->img, r->c);
	r->nd = hivew_cell_nk(r->img, r->d);
	r->cls = hivew_cell_class(r->img, r->a);
	r->sk0 = hivew_cell_sk(r->img, hivew_sk_default(r->h));
	r->sk1 = hivew_cell_sk(r->img, r->s1);
	r->sk2 = hivew_cell_sk(r->img, r->s2);
	r->vlist = hivew_cell_values(r->img, r->a);
	r->vk_v = hivew_cell_vk(r->img, r->v);
	r->data_v = hivew_cell_data(r->img, r->v);
	r->vk_big = hivew_cell_vk(r->img, r->big);
	r->db = hivew_cell_data(r->img, r->big);
	r->seglist = hivew_cell_seglist(r->img, r->big);
	r->seg0 = hivew_cell_seg(r->img, r->big, 0);
	r->seg1 = hivew_cell_seg(r->img, r->big, 1);
	r->leaf0 = hivew_cell_leaf(r->img, r->a, 0);
	r->leaf1 = hivew_cell_leaf(r->img, r->a, 1);
	r->ri = hivew_cell_ri(r->img, r->a);
	assert_int_equal(r->root, 0x20);
	assert_int_equal(hivew_nsegs(r->img, r->big), 2);
	assert_int_equal(hivew_nleaves(r->img, r->a), 2);
	assert_int_equal(hivew_cell_list(r->img, r->a), r->ri);
	/* layout order, which the unreferenced-cell findings depend on */
	assert_true(r->root_lh < r->na && r->na < r->cls && r->cls < r->sk1 && r->sk1 < r->vlist);
	assert_true(r->vlist < r->vk_v && r->vk_v < r->data_v && r->data_v < r->vk_big);
	assert_true(r->vk_big < r->db && r->db < r->seglist && r->seglist < r->seg0);
	assert_true(r->seg0 < r->seg1 && r->seg1 < r->leaf0 && r->leaf0 < r->leaf1);
	assert_true(r->leaf1 < r->ri && r->ri < r->nc && r->nc < r->sk2 && r->sk2 < r->nd);
	assert_true(r->nd < r->nb);
}

static void
refs_free(refs *r)
{
	hivew_img_free(r->img);
	hivew_free(r->h);
}

/* Parts of the sample's tree that a damage removes. */
enum {
	NO_V = 1, V_EMPTY = 2, NO_BIG = 4, BIG_EMPTY = 8, NO_C = 16, NO_D = 32, NO_A_VALUES = 64,
	NO_KEYS = 128
};

/* The sample's tree without the parts named by lose. */
static char *
refs_tree(const refs *r, unsigned lose)
{
	tbuf t = TBUF_INIT;
	size_t i;
	tbuf_puts(&t, "");
	if (lose & NO_KEYS)
		return t.p;
	tbuf_puts(&t, RFT_TOPK KL("\\a"));
	if (!(lose & (NO_V | NO_A_VALUES)))
		tbuf_puts(&t, lose & V_EMPTY ? VL("\\a", "v", 3, "")
					     : VL("\\a", "v", 3, "30313233343536373839"));
	if (!(lose & (NO_BIG | NO_A_VALUES))) {
		tbuf_puts(&t, "V " RFT_TOP "\\a|big|3|");
		for (i = 0; !(lose & BIG_EMPTY) && i < BIG_LEN; i++)
			tbuf_printf(&t, "%02x", r->data[i]);
		tbuf_puts(&t, "\n");
	}
	if (!(lose & NO_C))
		tbuf_puts(&t, KL("\\a\\c"));
	if (!(lose & NO_D))
		tbuf_puts(&t, KL("\\a\\d"));
	tbuf_puts(&t, KL("\\b"));
	return t.p;
}

static void
test_refs_valid(void **state)
{
	refs r;
	char *tree;
	(void)state;
	refs_new(&r);
	tree = refs_tree(&r, 0);
	rft_run("reference sample", r.img, NOF, tree);
	free(tree);
	refs_free(&r);
}

/* The bad targets of a reference. */
enum { T_MID, T_FREE, T_HEADER, T_HEADER2, T_PAST, T_NIL, T_COUNT };
static const char *const target_code[T_COUNT] = { "regf.ref.mid-cell", "regf.ref.free-cell",
	"regf.ref.bin-header", "regf.ref.bin-header", "regf.ref.past-end", "regf.ref.nil" };

/* The bad value of target t for a reference to cell orig. */
static uint32_t
target_value(const refs *r, int t, uint32_t orig)
{
	size_t i;
	switch (t) {
	case T_MID:
		return orig + 8;
	case T_FREE:
		for (i = 0; i < hivew_nbins(r->img); i++)
			if (hivew_bin_free(r->img, i) != HIVEW_NIL)
				return hivew_bin_free(r->img, i);
		fail_msg("no free cell");
		return 0;
	case T_HEADER:
		return 0x10;
	case T_HEADER2: /* the header of the last bin */
		return hivew_bin_offset(r->img, hivew_nbins(r->img) - 1) + 0x18;
	case T_PAST:
		return (uint32_t)(r->img->len - HIVEW_BASE) + 0x1000;
	default:
		return HIVEW_NIL;
	}
}

/* One kind of reference: where it is stored (file offset), the cell it
 * names, where its finding points (and its code when that is not the
 * target's), and what its loss costs. */
typedef struct refkind {
	const char *name;
	const char *code;      /* NULL: the target's ref.* code */
	size_t field;          /* file offset of the 4-byte reference */
	uint32_t orig;         /* the cell it names */
	uint64_t at;           /* the offset of the reference finding */
	rft_exp extra[3];      /* findings after it (offsets filled in) */
	unsigned lose;
} refkind;

/* Fills k[] with every kind of reference of the sample; returns the count. */
static size_t
refkinds(const refs *r, refkind *k)
{
	size_t n = 0;
#define KIND(nm, fld, org, at_, lose_, ...)                                            \
	do {                                                                           \
		const rft_exp e_[] = { __VA_ARGS__, { NULL, 0, NULL } };               \
		k[n].name = nm;                                                        \
		k[n].code = NULL;                                                      \
		k[n].field = fld;                                                      \
		k[n].orig = org;                                                       \
		k[n].at = at_;                                                         \
		memset(k[n].extra, 0, sizeof k[n].extra);                              \
		memcpy(k[n].extra, e_, sizeof e_ < sizeof k[n].extra ? sizeof e_ : sizeof k[n].extra); \
		k[n].lose = lose_;                                                     \
		n++;                                                                   \
	} while (0)
	KIND("root", HIVEW_BB_ROOT, r->root, 36, NO_KEYS, RF("base.root-invalid", 36),
	    RF("cell.unreferenced", CELL(r->root)));
	/* keys lost: the walk is partial, so no cell.unreferenced, and a's
	 * count is not held against an index root read in part (the
	 * catalogue's cell.unreferenced and nk.subkey-count-mismatch) */
	KIND("subkey list", AT(r->na, HIVEW_NK_SUBKEYS), r->ri, AT(r->na, HIVEW_NK_SUBKEYS),
	    NO_C | NO_D, { NULL, 0, NULL });
	KIND("leaf", AT(r->ri, HIVEW_LI_ENTRY(0)), r->leaf0, AT(r->ri, HIVEW_LI_ENTRY(0)), NO_C,
	    { NULL, 0, NULL });
	KIND("subkey", AT(r->leaf0, HIVEW_LF_ENTRY(0)), r->nc, AT(r->leaf0, 0), NO_C,
	    { NULL, 0, NULL });
	KIND("value list", AT(r->na, HIVEW_NK_VALUES), r->vlist, AT(r->na, HIVEW_NK_VALUES),
	    NO_A_VALUES, RF("cell.unreferenced", CELL(r->vlist)));
	KIND("value", AT(r->vlist, 0), r->vk_v, AT(r->vlist, 0), NO_V,
	    RF("cell.unreferenced", CELL(r->vk_v)));
	KIND("value data", AT(r->vk_v, HIVEW_VK_DATA), r->data_v, AT(r->vk_v, HIVEW_VK_DATA), V_EMPTY,
	    RF("cell.unreferenced", CELL(r->data_v)));
	KIND("segment list", AT(r->db, HIVEW_DB_LIST), r->seglist, AT(r->db, HIVEW_DB_LIST),
	    BIG_EMPTY, RF("cell.unreferenced", CELL(r->seglist)));
	KIND("segment", AT(r->seglist, 0), r->seg0, AT(r->seglist, 0), BIG_EMPTY,
	    RF("db.bad-segment", AT(r->vk_big, 0)), RF("cell.unreferenced", CELL(r->seg0)));
	KIND("security", AT(r->na, HIVEW_NK_SK), r->sk1, AT(r->na, HIVEW_NK_SK), 0,
	    RF("cell.unreferenced", CELL(r->sk1)));
	/* the class name is informative only: whatever the target, the
	 * catalogue's nk.class-invalid (a warning), not a ref.* error */
	KIND("class", AT(r->na, HIVEW_NK_CLASS), r->cls, AT(r->na, HIVEW_NK_CLASS), 0,
	    RF("cell.unreferenced", CELL(r->cls)));
	k[n - 1].code = "regf.nk.class-invalid";
#undef KIND
	return n;
}

/* regf.md 2.2 rows 16-17 and 3.4: every kind of reference x every bad
 * target.  Each is one finding at the reference (the code naming what the
 * target is; nk.class-invalid for a class name), then what the lost record
 * costs: big data with no bytes, the orphaned cells (one note, only when
 * no key was lost: after a partial walk the note is not given). */
static void
test_refs_matrix(void **state)
{
	refs r;
	refkind k[16];
	size_t nk, i;
	int t;
	(void)state;
	refs_new(&r);
	nk = refkinds(&r, k);
	assert_int_equal(nk, 11);
	for (i = 0; i < nk; i++) {
		char *tree = refs_tree(&r, k[i].lose);
		assert_int_equal(hivew_get32(r.img, k[i].field), k[i].orig);
		for (t = 0; t < T_COUNT; t++) {
			hivew_img *img = hivew_img_dup(r.img);
			rft_exp e[5];
			size_t j;
			char what[96];
			memset(e, 0, sizeof e);
			e[0].code = k[i].code ? k[i].code : target_code[t];
			e[0].offset = k[i].at;
			for (j = 0; j < 3 && k[i].extra[j].code; j++)
				e[1 + j] = k[i].extra[j];
			hivew_put32(img, k[i].field, target_value(&r, t, k[i].orig));
			if (k[i].field < 512)
				hivew_fix_checksum(img);
			snprintf(what, sizeof what, "%s -> %s", k[i].name, target_code[t]);
			rft_run(what, img, e, tree);
			hivew_img_free(img);
		}
		free(tree);
	}
	refs_free(&r);
}

/* References that may be nil: no subkeys, no values, no data, no class. */
static void
test_refs_optional_nil(void **state)
{
	refs r;
	hivew_img *img;
	char *tree;
	(void)state;
	refs_new(&r);
	/* no subkey list with a count of 0 */
	img = hivew_img_dup(r.img);
	hivew_cput32(img, r.na, HIVEW_NK_SUBKEYS, HIVEW_NIL);
	hivew_cput32(img, r.na, HIVEW_NK_NSUBKEYS, 0);
	tree = refs_tree(&r, NO_C | NO_D);
	rft_run("no subkeys", img, EXP(RF("cell.unreferenced", CELL(r.leaf0))), tree);
	free(tree);
	hivew_img_free(img);
	/* no values: the count decides, whatever the list field holds */
	img = hivew_img_dup(r.img);
	hivew_cput32(img, r.na, HIVEW_NK_NVALUES, 0);
	tree = refs_tree(&r, NO_A_VALUES);
	rft_run("no values", img, EXP(RF("cell.unreferenced", CELL(r.vlist))), tree);
	hivew_cput32(img, r.na, HIVEW_NK_VALUES, 0x12345);
	rft_run("no values, garbage list field", img, EXP(RF("cell.unreferenced", CELL(r.vlist))),
	    tree);
	free(tree);
	hivew_img_free(img);
	/* no data: size 0, any offset */
	img = hivew_img_dup(r.img);
	hivew_cput32(img, r.vk_v, HIVEW_VK_DATA_SIZE, 0);
	hivew_cput32(img, r.vk_v, HIVEW_VK_DATA, HIVEW_NIL);
	tree = refs_tree(&r, V_EMPTY);
	rft_run("no data", img, EXP(RF("cell.unreferenced", CELL(r.data_v))), tree);
	hivew_cput32(img, r.vk_v, HIVEW_VK_DATA, 3);
	rft_run("no data, odd offset", img, EXP(RF("cell.unreferenced", CELL(r.data_v))), tree);
	free(tree);
	hivew_img_free(img);
	/* no class: length 0, any offset ([LY] class name) */
	img = hivew_img_dup(r.img);
	hivew_cput16(img, r.na, HIVEW_NK_CLASS_LEN, 0);
	hivew_cput32(img, r.na, HIVEW_NK_CLASS, 0);
	tree = refs_tree(&r, 0);
	rft_run("no class, offset 0", img, EXP(RF("cell.unreferenced", CELL(r.cls))), tree);
	free(tree);
	hivew_img_free(img);
	refs_free(&r);
}

/* ---- the root key ----------------------------------------------------------------------- */

/* ROOT with the leaf keys a and b (lh list). */
static hivew_img *
ab_img(hivew **hp, hivew_key *a, hivew_key *b)
{
	hivew *h = hivew_new("ROOT");
	hivew_img *img;
	*a = hivew_key_add(h, HIVEW_ROOT, "a");
	*b = hivew_key_add(h, HIVEW_ROOT, "b");
	img = hivew_build(h);
	*hp = h;
	return img;
}

#define AB_TREE RFT_TOPK KL("\\a") KL("\\b")

/* Root not an nk, free, without KEY_HIVE_ENTRY, truncated (regf.md 2.1 row
 * 10, 3.4). */
static void
test_root(void **state)
{
	hivew *h;
	hivew_key a, b;
	hivew_img *img = ab_img(&h, &a, &b), *x;
	uint32_t sk = hivew_cell_sk(img, hivew_sk_default(h));
	(void)state;
	rft_run("ab", img, NOF, AB_TREE);
	/* the root offset names the sk record: not a key node */
	x = hivew_img_dup(img);
	hivew_put32(x, HIVEW_BB_ROOT, sk);
	hivew_fix_checksum(x);
	rft_run("root is an sk", x,
	    EXP(RF("nk.bad-signature", AT(sk, 0)), RF("base.root-invalid", 36),
		RF("cell.unreferenced", CELL(0x20))),
	    "");
	hivew_img_free(x);
	/* the root offset names a (a key node, but not flagged as the root) */
	x = hivew_img_dup(img);
	hivew_put32(x, HIVEW_BB_ROOT, hivew_cell_nk(img, a));
	hivew_fix_checksum(x);
	rft_run("root is a", x,
	    EXP(RF("base.root-not-entry", AT(hivew_cell_nk(img, a), HIVEW_NK_FLAGS)),
		RF("sk.refcount-mismatch", AT(sk, HIVEW_SK_REFS)), RF("cell.unreferenced", CELL(0x20))),
	    RFT_TOPK);
	hivew_img_free(x);
	/* the root cell freed */
	x = hivew_img_dup(img);
	hivew_set_cell_size(x, 0x20, -hivew_cell_size(x, 0x20));
	rft_run("root free", x,
	    EXP(RF("ref.free-cell", 36), RF("base.root-invalid", 36), RF("cell.unreferenced", CELL(sk))),
	    "");
	hivew_img_free(x);
	/* flags without KEY_HIVE_ENTRY (yarp's DeletedTreeNoRootFlagHive) */
	x = hivew_img_dup(img);
	hivew_cput16(x, 0x20, HIVEW_NK_FLAGS, 0x20);
	rft_run("root flags 0x20", x, EXP(RF("base.root-not-entry", AT(0x20, HIVEW_NK_FLAGS))),
	    AB_TREE);
	hivew_cput16(x, 0x20, HIVEW_NK_FLAGS, 0x2D); /* + KEY_VOLATILE */
	rft_run("root flags 0x2D", x, EXP(RF("nk.unexpected-flags", AT(0x20, HIVEW_NK_FLAGS))),
	    AB_TREE);
	hivew_img_free(x);
	/* the root's signature, size and name */
	x = hivew_img_dup(img);
	hivew_cput(x, 0x20, 0, "kn", 2);
	rft_run("root signature", x,
	    EXP(RF("nk.bad-signature", AT(0x20, 0)), RF("base.root-invalid", 36),
		RF("cell.unreferenced", CELL(sk))),
	    "");
	hivew_img_free(x);
	x = hivew_img_dup(img);
	hivew_cput16(x, 0x20, HIVEW_NK_NAME_LEN, 9); /* the cell holds 8 name bytes */
	rft_run("root name past its cell", x,
	    EXP(RF("nk.truncated", AT(0x20, HIVEW_NK_NAME_LEN)), RF("base.root-invalid", 36),
		RF("cell.unreferenced", CELL(sk))),
	    "");
	hivew_cput16(x, 0x20, HIVEW_NK_NAME_LEN, 8);
	rft_run("root name fills its cell", x, NOF, AB_TREE); /* the root's own name is not shown */
	hivew_img_free(x);
	x = hivew_img_dup(img);
	hivew_set_cell_size(x, 0x20, -72); /* 68 bytes: no room for the fixed part */
	hivew_set_cell_size(x, 0x20 + 72, 16);
	rft_run("root cell of 72 bytes", x,
	    EXP(RF("nk.truncated", AT(0x20, 0)), RF("base.root-invalid", 36),
		RF("cell.unreferenced", CELL(sk))),
	    "");
	hivew_img_free(x);
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- key names ----------------------------------------------------------------------------- */

/* ROOT with one subkey named by units (compressed or UTF-16), in an li
 * list (no hash to disagree with a damaged name). */
static hivew_img *
one_key(const uint16_t *u, size_t n, bool comp, hivew_list kind, uint32_t *nk)
{
	hivew *h = hivew_new("ROOT");
	hivew_key k = hivew_key_add_units(h, HIVEW_ROOT, u, n, comp);
	hivew_img *img;
	hivew_key_set_list(h, HIVEW_ROOT, kind);
	img = hivew_build(h);
	*nk = hivew_cell_nk(img, k);
	hivew_free(h);
	return img;
}

/* Names ([MS] key node; regf.md 2.3 rows 20-23, 3.4): empty, past the
 * cell, odd UTF-16 length, unpaired and truncated surrogates, a valid
 * pair, a backslash, longer than 255 characters. */
static void
test_key_names(void **state)
{
	static const uint16_t xy[] = { 'x', 'y', 0x3A9 }, hi[] = { 'x', 0xD800 },
			      lo[] = { 0xDC00, 'y' }, pair[] = { 'p', 0xD801, 0xDC00 },
			      bs[] = { 'a', '\\', 'b' };
	uint16_t long_name[256];
	hivew_img *img;
	uint32_t nk;
	size_t i;
	tbuf tree = TBUF_INIT;
	(void)state;
	/* empty */
	img = one_key(xy, 1, true, HIVEW_LIST_LI, &nk);
	rft_run("name x", img, NOF, RFT_TOPK KL("\\x"));
	hivew_cput16(img, nk, HIVEW_NK_NAME_LEN, 0);
	rft_run("empty name", img, EXP(RF("nk.name-empty", AT(nk, HIVEW_NK_NAME_LEN))),
	    RFT_TOPK KL("\\"));
	/* past the cell: the key is not used */
	hivew_cput16(img, nk, HIVEW_NK_NAME_LEN, (uint16_t)(-hivew_cell_size(img, nk) - 4 - 76 + 1));
	rft_run("name past the cell", img, EXP(RF("nk.truncated", AT(nk, HIVEW_NK_NAME_LEN))),
	    RFT_TOPK);
	hivew_cput16(img, nk, HIVEW_NK_NAME_LEN, 0xFFFF);
	rft_run("name of 0xFFFF bytes", img, EXP(RF("nk.truncated", AT(nk, HIVEW_NK_NAME_LEN))),
	    RFT_TOPK);
	hivew_img_free(img);
	/* odd UTF-16 length: the last byte is dropped */
	img = one_key(xy, 3, false, HIVEW_LIST_LI, &nk);
	rft_run("UTF-16 name", img, NOF, RFT_TOPK KL("\\xy\xCE\xA9"));
	hivew_cput16(img, nk, HIVEW_NK_NAME_LEN, 5);
	rft_run("odd UTF-16 length", img, EXP(RF("nk.name-odd-length", AT(nk, 0))), RFT_TOPK KL("\\xy"));
	hivew_cput16(img, nk, HIVEW_NK_NAME_LEN, 1);
	rft_run("one byte of UTF-16", img,
	    EXP(RF("nk.name-odd-length", AT(nk, 0))), RFT_TOPK KL("\\"));
	hivew_img_free(img);
	/* surrogates (lh hashes per unit agree) */
	img = one_key(hi, 2, false, HIVEW_LIST_LH, &nk);
	rft_run("truncated pair", img, EXP(RF("nk.name-surrogate", AT(nk, 0))),
	    RFT_TOPK KL("\\x\xEF\xBF\xBD"));
	hivew_img_free(img);
	img = one_key(lo, 2, false, HIVEW_LIST_LH, &nk);
	rft_run("lone low surrogate", img, EXP(RF("nk.name-surrogate", AT(nk, 0))),
	    RFT_TOPK KL("\\\xEF\xBF\xBDy"));
	hivew_img_free(img);
	img = one_key(pair, 3, false, HIVEW_LIST_LH, &nk);
	rft_run("valid pair", img, NOF, RFT_TOPK KL("\\p\xF0\x90\x90\x80"));
	/* the odd length cuts the pair in half */
	hivew_cput16(img, nk, HIVEW_NK_NAME_LEN, 5);
	hivew_cput32(img, hivew_cell_list(img, HIVEW_ROOT), HIVEW_LF_HINT(0),
	    hivew_lh_hash(pair, 2));
	rft_run("pair cut by an odd length", img,
	    EXP(RF("nk.name-odd-length", AT(nk, 0)), RF("nk.name-surrogate", AT(nk, 0))),
	    RFT_TOPK KL("\\p\xEF\xBF\xBD"));
	hivew_img_free(img);
	/* a backslash */
	img = one_key(bs, 3, true, HIVEW_LIST_LH, &nk);
	rft_run("backslash", img, EXP(RF("nk.name-backslash", AT(nk, 0))), RFT_TOPK KL("\\a\\b"));
	hivew_img_free(img);
	/* 255 and 256 characters */
	for (i = 0; i < 256; i++)
		long_name[i] = (uint16_t)('a' + i % 26);
	tbuf_puts(&tree, RFT_TOPK "K " RFT_TOP "\\");
	for (i = 0; i < 255; i++)
		tbuf_printf(&tree, "%c", (char)('a' + i % 26));
	tbuf_puts(&tree, "\n");
	img = one_key(long_name, 255, true, HIVEW_LIST_LH, &nk);
	rft_run("255 characters", img, NOF, tree.p);
	hivew_img_free(img);
	img = one_key(long_name, 256, true, HIVEW_LIST_LH, &nk);
	tree.p[--tree.n] = '\0';
	tbuf_puts(&tree, "v\n");
	rft_run("256 characters", img, EXP(RF("nk.name-too-long", AT(nk, 0))), tree.p);
	hivew_img_free(img);
	tbuf_free(&tree);
}

/* Flags ([MS] key node flags; regf.md 1.6.1, 2.3 row 24): KEY_VOLATILE
 * and KEY_HIVE_EXIT are not expected on disk, KEY_HIVE_ENTRY only on the
 * root (notes); other bits are legal (0x1000 on 122 keys of regipy's
 * SYSTEM); KEY_PREDEF_HANDLE means the value count is a handle. */
static void
test_key_flags(void **state)
{
	static const struct {
		uint16_t flags;
		int notes;
	} cases[] = {
		{ 0x0020, 0 }, { 0x0021, 1 }, { 0x0022, 1 }, { 0x0024, 1 }, { 0x0025, 2 }, { 0x0027, 2 },
		{ 0x0028, 0 }, { 0x0030, 0 }, { 0x00A0, 0 }, { 0x0120, 0 }, { 0x0220, 0 },
		{ 0x1020, 0 }, { 0xF020, 0 },
	};
	hivew *h;
	hivew_key a, b;
	hivew_img *img = ab_img(&h, &a, &b);
	uint32_t na = hivew_cell_nk(img, a);
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rft_exp e[3] = { RF("nk.unexpected-flags", AT(na, HIVEW_NK_FLAGS)),
			RF("nk.unexpected-flags", AT(na, HIVEW_NK_FLAGS)), { NULL, 0, NULL } };
		char what[32];
		e[cases[i].notes].code = NULL;
		hivew_cput16(img, na, HIVEW_NK_FLAGS, cases[i].flags);
		snprintf(what, sizeof what, "flags 0x%04X", cases[i].flags);
		rft_run(what, img, e, AB_TREE);
	}
	hivew_cput16(img, na, HIVEW_NK_FLAGS, 0x20);
	/* volatile subkeys on disk (regipy's UsrClass.dat): a note; the
	 * volatile list (0x80001B90 there) is never followed */
	hivew_cput32(img, na, HIVEW_NK_NVOLATILE, 3);
	hivew_cput32(img, na, HIVEW_NK_VOLATILE, 0x80001B90u);
	rft_run("volatile subkeys", img, EXP(RF("nk.volatile-on-disk", AT(na, HIVEW_NK_NVOLATILE))),
	    AB_TREE);
	hivew_cput32(img, na, HIVEW_NK_NVOLATILE, 0);
	rft_run("volatile list alone", img, NOF, AB_TREE);
	/* KEY_PREDEF_HANDLE: the value count is a handle, no values */
	hivew_cput16(img, na, HIVEW_NK_FLAGS, 0x60);
	hivew_cput32(img, na, HIVEW_NK_NVALUES, 0x80000002u);
	hivew_cput32(img, na, HIVEW_NK_VALUES, 0x12345);
	rft_run("predefined handle", img, NOF, AB_TREE);
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- subkey counts and lists -------------------------------------------------------------- */

/* ROOT with a (subkeys c and d) and b. */
typedef struct acd {
	hivew *h;
	hivew_img *img;
	hivew_key a, b, c, d;
	uint32_t na, root_list, a_list, sk;
} acd;

static void
acd_new(acd *t, hivew_list kind, uint32_t minor)
{
	t->h = hivew_new("ROOT");
	hivew_options(t->h)->minor = minor;
	t->a = hivew_key_add(t->h, HIVEW_ROOT, "a");
	t->b = hivew_key_add(t->h, HIVEW_ROOT, "b");
	t->c = hivew_key_add(t->h, t->a, "c");
	t->d = hivew_key_add(t->h, t->a, "d");
	hivew_key_set_list(t->h, t->a, kind);
	t->img = hivew_build(t->h);
	t->na = hivew_cell_nk(t->img, t->a);
	t->root_list = hivew_cell_list(t->img, HIVEW_ROOT);
	t->a_list = hivew_cell_list(t->img, t->a);
	t->sk = hivew_cell_sk(t->img, hivew_sk_default(t->h));
}

static void
acd_free(acd *t)
{
	hivew_img_free(t->img);
	hivew_free(t->h);
}

#define ACD_TREE RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\a\\d") KL("\\b")
#define AB_ONLY RFT_TOPK KL("\\a") KL("\\b")

/* The number of subkeys against the list (regf.md 2.3 row 26, 3.4: both
 * directions, and more than hivex's 70 000); a list with a count of 0. */
static void
test_subkey_count(void **state)
{
	static const uint32_t counts[] = { 0, 1, 3, 70001, 0xFFFFFFFFu };
	acd t;
	size_t i;
	(void)state;
	acd_new(&t, HIVEW_LIST_DEFAULT, 5);
	rft_run("acd", t.img, NOF, ACD_TREE);
	for (i = 0; i < sizeof counts / sizeof counts[0]; i++) {
		hivew_cput32(t.img, t.na, HIVEW_NK_NSUBKEYS, counts[i]);
		rft_run("subkey count", t.img,
		    EXP(RF("nk.subkey-count-mismatch", AT(t.na, HIVEW_NK_NSUBKEYS))), ACD_TREE);
	}
	/* a count and no list: the list is unreadable, so the walk is
	 * partial (no cell.unreferenced for a's orphaned list and keys) */
	hivew_cput32(t.img, t.na, HIVEW_NK_NSUBKEYS, 2);
	hivew_cput32(t.img, t.na, HIVEW_NK_SUBKEYS, HIVEW_NIL);
	rft_run("count 2, no list", t.img, EXP(RF("ref.nil", AT(t.na, HIVEW_NK_SUBKEYS))), AB_ONLY);
	acd_free(&t);
}

/* List counts bounded by the cell (regf.md 2.4 row 32): the elements the
 * cell holds are used. */
static void
test_list_overflow(void **state)
{
	acd t;
	(void)state;
	/* lh of 2 entries: a 24-byte cell holds exactly 2 */
	acd_new(&t, HIVEW_LIST_LH, 5);
	assert_int_equal(hivew_cell_size(t.img, t.a_list), -24);
	hivew_cput16(t.img, t.a_list, HIVEW_LIST_COUNT, 3);
	rft_run("lh counts 3", t.img, EXP(RF("list.count-past-cell", AT(t.a_list, 2))), ACD_TREE);
	hivew_cput16(t.img, t.a_list, HIVEW_LIST_COUNT, 0xFFFF);
	rft_run("lh counts 65535", t.img, EXP(RF("list.count-past-cell", AT(t.a_list, 2))), ACD_TREE);
	/* the key counts what the list claims, or anything else: a list not
	 * read whole is no evidence against the key's count (no
	 * nk.subkey-count-mismatch) */
	hivew_cput32(t.img, t.na, HIVEW_NK_NSUBKEYS, 0xFFFF);
	rft_run("lh and key count 65535", t.img, EXP(RF("list.count-past-cell", AT(t.a_list, 2))),
	    ACD_TREE);
	hivew_cput32(t.img, t.na, HIVEW_NK_NSUBKEYS, 7);
	rft_run("lh counts 65535, key 7", t.img, EXP(RF("list.count-past-cell", AT(t.a_list, 2))),
	    ACD_TREE);
	/* the lh cell cut to one element (the rest a free cell): d is lost,
	 * the walk is partial, so neither a count mismatch nor the orphaned d
	 * (cell.unreferenced) is reported */
	hivew_cput32(t.img, t.na, HIVEW_NK_NSUBKEYS, 2);
	hivew_cput16(t.img, t.a_list, HIVEW_LIST_COUNT, 2);
	hivew_set_cell_size(t.img, t.a_list, -16);
	hivew_set_cell_size(t.img, t.a_list + 16, 8);
	rft_run("lh of 2 in a cell of 1", t.img, EXP(RF("list.count-past-cell", AT(t.a_list, 2))),
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b"));
	acd_free(&t);
	/* li of 2 entries: a 16-byte cell holds exactly 2 */
	acd_new(&t, HIVEW_LIST_LI, 5);
	assert_int_equal(hivew_cell_size(t.img, t.a_list), -16);
	hivew_cput16(t.img, t.a_list, HIVEW_LIST_COUNT, 3);
	rft_run("li counts 3", t.img, EXP(RF("list.count-past-cell", AT(t.a_list, 2))), ACD_TREE);
	acd_free(&t);
	/* lf in 1.3 */
	acd_new(&t, HIVEW_LIST_LF, 3);
	hivew_cput16(t.img, t.a_list, HIVEW_LIST_COUNT, 9);
	rft_run("lf counts 9", t.img, EXP(RF("list.count-past-cell", AT(t.a_list, 2))), ACD_TREE);
	acd_free(&t);
}

/* Empty lists (regf.md 2.4 row 33: yarp rejects them, Windows deletes
 * them) and cells that are no list. */
static void
test_list_empty_and_kinds(void **state)
{
	static const char sigs[4][5] = { "li\0\0", "lf\0\0", "lh\0\0", "ri\0\0" };
	size_t i;
	(void)state;
	for (i = 0; i < 4; i++) {
		hivew *h = hivew_new("ROOT");
		hivew_key b = hivew_key_add(h, HIVEW_ROOT, "b");
		hivew_raw raw = hivew_raw_cell(h, sigs[i], 4, true);
		hivew_img *img = hivew_build(h);
		uint32_t nb = hivew_cell_nk(img, b), rc = hivew_cell_raw(img, raw);
		hivew_cput32(img, nb, HIVEW_NK_SUBKEYS, rc);
		rft_run("empty list, count 0", img, EXP(RF("list.empty", AT(rc, 2))),
		    RFT_TOPK KL("\\b"));
		hivew_cput32(img, nb, HIVEW_NK_NSUBKEYS, 1);
		rft_run("empty list, count 1", img,
		    EXP(RF("list.empty", AT(rc, 2)), RF("nk.subkey-count-mismatch", AT(nb, HIVEW_NK_NSUBKEYS))),
		    RFT_TOPK KL("\\b"));
		/* not a list signature */
		hivew_cput(img, rc, 0, "xx", 2);
		rft_run("no list", img, EXP(RF("list.bad-signature", AT(rc, 0))), RFT_TOPK KL("\\b"));
		hivew_img_free(img);
		hivew_free(h);
	}
}

/* List kinds by version ([MS] subkeys list; regf.md 1.7): li in any
 * version, lf from 1.3, lh from 1.5. */
static void
test_list_versions(void **state)
{
	static const struct {
		hivew_list kind;
		uint32_t minor;
	} ok[] = { { HIVEW_LIST_LI, 3 }, { HIVEW_LIST_LI, 5 }, { HIVEW_LIST_LF, 3 },
		{ HIVEW_LIST_LF, 4 }, { HIVEW_LIST_LF, 5 }, { HIVEW_LIST_LH, 5 }, { HIVEW_LIST_LH, 6 },
		{ HIVEW_LIST_RI, 3 }, { HIVEW_LIST_RI, 6 } };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		acd t;
		acd_new(&t, ok[i].kind, ok[i].minor);
		rft_run("list kind", t.img, NOF, ACD_TREE);
		acd_free(&t);
	}
	/* lh in 1.3 and 1.4 (regf.md 1.7, [MS]: lh when the minor version is
	 * above 4): list.bad-signature, a's subkeys lost and the walk partial
	 * (no cell.unreferenced for them) */
	for (i = 3; i <= 4; i++) {
		acd t;
		acd_new(&t, HIVEW_LIST_LH, (uint32_t)i);
		assert_memory_equal(t.img->data + AT(t.a_list, 0), "lh", 2);
		rft_run("lh before 1.5", t.img, EXP(RF("list.bad-signature", AT(t.a_list, 0))), AB_ONLY);
		acd_free(&t);
	}
}

/* A subkey list shared by two keys (yarp's BadListHive; regf.md 2.4 row
 * 39): followed once. */
static void
test_list_shared(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	hivew_key b = hivew_key_add(h, HIVEW_ROOT, "b");
	hivew_img *img;
	(void)state;
	(void)hivew_key_add(h, a, "c");
	hivew_key_share_list(h, b, a);
	img = hivew_build(h);
	rft_run("shared list", img,
	    EXP(RF("list.shared", AT(hivew_cell_nk(img, b), HIVEW_NK_SUBKEYS))),
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b"));
	hivew_img_free(img);
	hivew_free(h);
}

/* A leaf element naming a cell that is no key node; a key node too small.
 * The key is lost, so the walk is partial: a (orphaned) is not noted as
 * cell.unreferenced. */
static void
test_leaf_to_non_nk(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	hivew_raw raw, small;
	hivew_img *img, *x;
	uint32_t lh, rc, sc, na, sk;
	(void)state;
	(void)hivew_key_add(h, HIVEW_ROOT, "b");
	raw = hivew_raw_cell(h, "vk-and-not-a-key", 16, true);
	small = hivew_raw_cell(h, "nk\x20\0", 4, true);
	img = hivew_build(h);
	lh = hivew_cell_list(img, HIVEW_ROOT);
	rc = hivew_cell_raw(img, raw);
	sc = hivew_cell_raw(img, small);
	na = hivew_cell_nk(img, a);
	sk = hivew_cell_sk(img, hivew_sk_default(h));
	assert_int_equal(hivew_cget32(img, lh, HIVEW_LF_ENTRY(0)), na); /* a, replaced below */
	x = hivew_img_dup(img);
	hivew_cput32(x, lh, HIVEW_LF_ENTRY(0), rc);
	rft_run("leaf -> raw cell", x, EXP(RF("nk.bad-signature", AT(rc, 0))), RFT_TOPK KL("\\b"));
	/* a cell already used that is no key node (the root's sk record,
	 * read when the root was visited; the leaf itself): nk.bad-signature
	 * at that cell, not key.reached-twice (the catalogue: "A cell that
	 * should hold a key node does not start with 'nk'") */
	hivew_cput32(x, lh, HIVEW_LF_ENTRY(0), sk);
	rft_run("leaf -> sk", x, EXP(RF("nk.bad-signature", AT(sk, 0))), RFT_TOPK KL("\\b"));
	hivew_cput32(x, lh, HIVEW_LF_ENTRY(0), lh);
	rft_run("leaf -> itself", x, EXP(RF("nk.bad-signature", AT(lh, 0))), RFT_TOPK KL("\\b"));
	hivew_cput32(x, lh, HIVEW_LF_ENTRY(0), sc);
	rft_run("leaf -> 8-byte nk", x, EXP(RF("nk.truncated", AT(sc, 0))), RFT_TOPK KL("\\b"));
	hivew_img_free(x);
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- index roots ---------------------------------------------------------------------------- */

/* ROOT with five subkeys a..e. */
static hivew *
five_keys(void)
{
	hivew *h = hivew_new("ROOT");
	int i;
	for (i = 0; i < 5; i++) {
		char n[2] = { (char)('a' + i), 0 };
		(void)hivew_key_add(h, HIVEW_ROOT, n);
	}
	return h;
}

#define FIVE_TREE RFT_TOPK KL("\\a") KL("\\b") KL("\\c") KL("\\d") KL("\\e")

/* ri over leaves; its count bounded by its cell; an ri naming a key node. */
static void
test_ri(void **state)
{
	hivew *h = five_keys();
	hivew_img *img;
	uint32_t ri;
	(void)state;
	hivew_key_set_ri(h, HIVEW_ROOT, HIVEW_LIST_LF, 2);
	img = hivew_build(h);
	ri = hivew_cell_ri(img, HIVEW_ROOT);
	assert_int_equal(hivew_nleaves(img, HIVEW_ROOT), 3);
	rft_run("ri of 3 lf leaves", img, NOF, FIVE_TREE);
	/* 3 elements in a 24-byte cell: room for 4, the fourth (padding, 0)
	 * a reference into the bin header */
	assert_int_equal(hivew_cell_size(img, ri), -24);
	hivew_cput16(img, ri, HIVEW_LIST_COUNT, 4);
	rft_run("ri counts 4", img, EXP(RF("ref.bin-header", AT(ri, HIVEW_LI_ENTRY(3)))), FIVE_TREE);
	hivew_cput16(img, ri, HIVEW_LIST_COUNT, 5);
	rft_run("ri counts 5", img,
	    EXP(RF("list.count-past-cell", AT(ri, 2)), RF("ref.bin-header", AT(ri, HIVEW_LI_ENTRY(3)))),
	    FIVE_TREE);
	/* an ri element naming a key node: the leaf cannot be opened, so the
	 * list is not read whole (no nk.subkey-count-mismatch for the 4 keys
	 * read of 5) and the walk is partial (no cell.unreferenced for the
	 * orphaned third leaf) */
	hivew_cput16(img, ri, HIVEW_LIST_COUNT, 3);
	hivew_cput32(img, ri, HIVEW_LI_ENTRY(2), hivew_cell_nk(img, 5));
	rft_run("ri -> nk", img, EXP(RF("list.bad-signature", AT(hivew_cell_nk(img, 5), 0))),
	    RFT_TOPK KL("\\a") KL("\\b") KL("\\c") KL("\\d"));
	/* an ri element naming a leaf already used (listed twice): list.shared
	 * and the list not read whole (no count mismatch); no key is left out
	 * of the walk, which is complete: e and its leaf are orphaned
	 * (cell.unreferenced) and the sk record counts e (refcount-mismatch) */
	hivew_cput32(img, ri, HIVEW_LI_ENTRY(2), hivew_cell_leaf(img, HIVEW_ROOT, 0));
	rft_run("ri -> first leaf again", img,
	    EXP(RF("list.shared", AT(ri, HIVEW_LI_ENTRY(2))),
		RF("sk.refcount-mismatch", AT(hivew_cell_sk(img, hivew_sk_default(h)), HIVEW_SK_REFS)),
		RF("cell.unreferenced", CELL(hivew_cell_leaf(img, HIVEW_ROOT, 2)))),
	    RFT_TOPK KL("\\a") KL("\\b") KL("\\c") KL("\\d"));
	hivew_img_free(img);
	/* one ri over one lh: valid */
	hivew_key_set_list(h, HIVEW_ROOT, HIVEW_LIST_LH);
	hivew_key_set_ri_nest(h, HIVEW_ROOT, 1);
	img = hivew_build(h);
	rft_run("ri over lh", img, NOF, FIVE_TREE);
	hivew_img_free(img);
	hivew_free(h);
}

/* ri -> ri (CVE-2021-3622: hivex recursed into nested index roots until
 * the stack overflowed): 2, 33 and 1000 levels.  The nested ri is
 * reported and not followed; the keys below it are lost, so the root's
 * count is not held against the list and the walk is partial (no
 * cell.unreferenced). */
static void
test_ri_nested(void **state)
{
	static const unsigned depths[] = { 2, 3, 33, 1000 };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof depths / sizeof depths[0]; i++) {
		hivew *h = five_keys();
		hivew_img *img;
		uint32_t top, mid, lh;
		hivew_key_set_list(h, HIVEW_ROOT, HIVEW_LIST_LH);
		hivew_key_set_ri_nest(h, HIVEW_ROOT, depths[i]);
		img = hivew_build(h);
		top = hivew_cell_list(img, HIVEW_ROOT);
		mid = hivew_cget32(img, top, HIVEW_LI_ENTRY(0));
		lh = hivew_cell_leaf(img, HIVEW_ROOT, 0);
		assert_memory_equal(img->data + AT(mid, 0), "ri", 2);
		assert_memory_equal(img->data + AT(lh, 0), "lh", 2); /* the keys' leaf, lost */
		assert_int_equal(hivew_cget32(img, 0x20, HIVEW_NK_NSUBKEYS), 5);
		rft_run("ri -> ri", img, EXP(RF("list.ri-nested", AT(mid, 0))), RFT_TOPK);
		hivew_img_free(img);
		hivew_free(h);
	}
	/* an ri whose second element is an ri */
	{
		hivew *h = five_keys();
		hivew_img *img;
		uint32_t ri, inner;
		hivew_key_set_ri(h, HIVEW_ROOT, HIVEW_LIST_LH, 3);
		hivew_key_set_ri_nest(h, HIVEW_ROOT, 1);
		img = hivew_build(h);
		inner = hivew_cell_ri(img, HIVEW_ROOT);
		ri = hivew_cell_list(img, HIVEW_ROOT);
		assert_int_not_equal(ri, inner);
		rft_run("ri -> ri -> lh", img, EXP(RF("list.ri-nested", AT(inner, 0))), RFT_TOPK);
		hivew_img_free(img);
		hivew_free(h);
	}
}

/* An ri repeating one leaf 8 times (fan-out: each repetition would
 * repeat the subtree): followed once. */
static void
test_ri_duplicate_leaves(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_raw fan;
	hivew_img *img;
	uint32_t rc, leaf;
	size_t i;
	rft_exp e[8];
	(void)state;
	for (i = 0; i < 4; i++) {
		char n[2] = { (char)('a' + i), 0 };
		(void)hivew_key_add(h, HIVEW_ROOT, n);
	}
	fan = hivew_raw_cell(h, NULL, 4 + 4 * 8, true);
	img = hivew_build(h);
	rc = hivew_cell_raw(img, fan);
	leaf = hivew_cell_list(img, HIVEW_ROOT);
	hivew_cput(img, rc, 0, "ri", 2);
	hivew_cput16(img, rc, HIVEW_LIST_COUNT, 8);
	for (i = 0; i < 8; i++)
		hivew_cput32(img, rc, HIVEW_LI_ENTRY(i), leaf);
	hivew_cput32(img, 0x20, HIVEW_NK_SUBKEYS, rc);
	memset(e, 0, sizeof e);
	for (i = 1; i < 8; i++) {
		e[i - 1].code = "regf.list.shared";
		e[i - 1].offset = AT(rc, HIVEW_LI_ENTRY(i));
	}
	rft_run("ri with one leaf 8 times", img, e,
	    RFT_TOPK KL("\\a") KL("\\b") KL("\\c") KL("\\d"));
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- cycles, second parents, parent fields -------------------------------------------------- */

/* The path of the key at depth n of a chain of "k" keys below the root. */
static void
chain_tree(tbuf *t, size_t depth)
{
	tbuf path = TBUF_INIT;
	size_t i;
	tbuf_puts(t, RFT_TOPK);
	tbuf_puts(&path, RFT_TOP);
	for (i = 2; i <= depth; i++) {
		tbuf_puts(&path, "\\k");
		tbuf_printf(t, "K %s\n", path.p);
	}
	tbuf_free(&path);
}

/* Cycles (regf.md 0.1 item 4, 3.3 loop.hive): a key listing itself, its
 * parent, a far ancestor, the root. */
static void
test_cycles(void **state)
{
	hivew *h;
	hivew_key a, c, k1, deep;
	hivew_img *img;
	tbuf tree = TBUF_INIT;
	(void)state;
	/* self loop */
	h = hivew_new("ROOT");
	a = hivew_key_add(h, HIVEW_ROOT, "A");
	hivew_key_link(h, a, a);
	img = hivew_build(h);
	rft_run("self loop", img, EXP(RF("key.cycle", AT(hivew_cell_list(img, a), 0))),
	    RFT_TOPK KL("\\A"));
	hivew_img_free(img);
	hivew_free(h);
	/* two keys */
	h = hivew_new("ROOT");
	a = hivew_key_add(h, HIVEW_ROOT, "a");
	c = hivew_key_add(h, a, "c");
	hivew_key_link(h, c, a);
	img = hivew_build(h);
	rft_run("2-cycle", img, EXP(RF("key.cycle", AT(hivew_cell_list(img, c), 0))),
	    RFT_TOPK KL("\\a") KL("\\a\\c"));
	hivew_img_free(img);
	hivew_free(h);
	/* 50 keys, and back to the root */
	h = hivew_new("ROOT");
	k1 = hivew_key_add(h, HIVEW_ROOT, "k");
	deep = hivew_key_chain(h, k1, "k", 49);
	hivew_key_link(h, deep, k1);
	hivew_key_link(h, deep, HIVEW_ROOT);
	img = hivew_build(h);
	chain_tree(&tree, 51);
	/* k sorts before ROOT: both links are cycles */
	rft_run("50-cycle", img,
	    EXP(RF("key.cycle", AT(hivew_cell_list(img, deep), 0)),
		RF("key.cycle", AT(hivew_cell_list(img, deep), 0))),
	    tree.p);
	tbuf_free(&tree);
	hivew_img_free(img);
	hivew_free(h);
}

/* A key with two parents (a DAG; yarp's BadSubkeyHive) or listed twice by
 * one; parent fields that do not name the listing key (regf.md 2.3 row
 * 25), also when they form a cycle of their own. */
static void
test_second_parents(void **state)
{
	hivew *h;
	hivew_key a, b, c, d;
	hivew_img *img, *x;
	uint32_t na, nc;
	(void)state;
	h = hivew_new("ROOT");
	a = hivew_key_add(h, HIVEW_ROOT, "a");
	b = hivew_key_add(h, HIVEW_ROOT, "b");
	c = hivew_key_add(h, a, "c");
	d = hivew_key_add(h, b, "d");
	img = hivew_build(h);
	na = hivew_cell_nk(img, a);
	nc = hivew_cell_nk(img, c);
	rft_run("tree", img, NOF,
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b") KL("\\b\\d"));
	/* parent fields */
	x = hivew_img_dup(img);
	hivew_cput32(x, nc, HIVEW_NK_PARENT, hivew_cell_nk(img, b));
	rft_run("c's parent is b", x, EXP(RF("nk.parent-mismatch", AT(nc, HIVEW_NK_PARENT))),
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b") KL("\\b\\d"));
	/* a parent-pointer cycle: a's parent c, c's parent a */
	hivew_cput32(x, nc, HIVEW_NK_PARENT, na);
	hivew_cput32(x, na, HIVEW_NK_PARENT, nc);
	rft_run("parent-pointer cycle", x, EXP(RF("nk.parent-mismatch", AT(na, HIVEW_NK_PARENT))),
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b") KL("\\b\\d"));
	hivew_cput32(x, na, HIVEW_NK_PARENT, HIVEW_NIL);
	rft_run("parent nil", x, EXP(RF("nk.parent-mismatch", AT(na, HIVEW_NK_PARENT))),
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b") KL("\\b\\d"));
	hivew_img_free(x);
	/* the root's parent field means nothing on disk ([MS]) */
	x = hivew_img_dup(img);
	hivew_cput32(x, 0x20, HIVEW_NK_PARENT, 0x7B0);
	rft_run("root parent 0x7B0", x, NOF,
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b") KL("\\b\\d"));
	hivew_img_free(x);
	hivew_img_free(img);
	/* b lists c too: met second under b */
	hivew_key_link(h, b, c);
	img = hivew_build(h);
	rft_run("c under a and b", img,
	    EXP(RF("key.reached-twice", AT(hivew_cell_list(img, b), 0))),
	    RFT_TOPK KL("\\a") KL("\\a\\c") KL("\\b") KL("\\b\\d"));
	hivew_img_free(img);
	hivew_free(h);
	/* a lists d (b's): met first under a, with the wrong parent */
	h = hivew_new("ROOT");
	a = hivew_key_add(h, HIVEW_ROOT, "a");
	b = hivew_key_add(h, HIVEW_ROOT, "b");
	d = hivew_key_add(h, b, "d");
	hivew_key_link(h, a, d);
	img = hivew_build(h);
	rft_run("d under a and b", img,
	    EXP(RF("nk.parent-mismatch", AT(hivew_cell_nk(img, d), HIVEW_NK_PARENT)),
		RF("key.reached-twice", AT(hivew_cell_list(img, b), 0))),
	    RFT_TOPK KL("\\a") KL("\\a\\d") KL("\\b"));
	hivew_img_free(img);
	hivew_free(h);
	/* the root lists b twice */
	h = hivew_new("ROOT");
	(void)hivew_key_add(h, HIVEW_ROOT, "a");
	b = hivew_key_add(h, HIVEW_ROOT, "b");
	hivew_key_link(h, HIVEW_ROOT, b);
	img = hivew_build(h);
	rft_run("b listed twice", img,
	    EXP(RF("key.reached-twice", AT(hivew_cell_list(img, HIVEW_ROOT), 0))),
	    RFT_TOPK KL("\\a") KL("\\b"));
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- depth ------------------------------------------------------------------------------------ */

/* Runs a hive whose keys go deeper than the limit: exactly one finding,
 * key.too-deep at the first key left out, and the tree down to the limit.
 * The keys below the limit are referenced by the tree, which the walk
 * only did not follow: the walk is partial, so no cell.unreferenced (the
 * catalogue's "nothing in the key tree refers to"). */
static void
check_too_deep(const char *what, const hivew_img *img, const comscan_options *o, uint64_t at,
    const char *tree)
{
	rft_run_opts(what, img->data, img->len, o, 0, EXP(RF("key.too-deep", at)), tree);
}

/* Depth (regf.md 1.14, 3.3): max_key_depth 512 with the root at depth 1:
 * 511 and 512 levels are walked, the key at 513 is reported (once) and
 * left out with its subtree. */
static void
test_depth_limit(void **state)
{
	static const size_t depths[] = { 511, 512 };
	size_t i;
	comscan_options o;
	(void)state;
	for (i = 0; i < 2; i++) {
		hivew *h = hivew_new("ROOT");
		hivew_img *img;
		tbuf t = TBUF_INIT;
		(void)hivew_key_chain(h, HIVEW_ROOT, "k", depths[i] - 1);
		img = hivew_build(h);
		chain_tree(&t, depths[i]);
		rft_run("depth within the limit", img, NOF, t.p);
		tbuf_free(&t);
		hivew_img_free(img);
		hivew_free(h);
	}
	{
		hivew *h = hivew_new("ROOT");
		hivew_key deep = hivew_key_chain(h, HIVEW_ROOT, "k", 512);
		hivew_img *img = hivew_build(h);
		tbuf t = TBUF_INIT;
		chain_tree(&t, 512);
		rft_run("depth 513", img, EXP(RF("key.too-deep", AT(hivew_cell_nk(img, deep), 0))), t.p);
		tbuf_free(&t);
		/* the limit is an option; the key at the limit + 1 is read
		 * (its name, flags and list entry are checked), not visited */
		comscan_options_init(&o);
		o.limits.max_key_depth = 3;
		t = (tbuf)TBUF_INIT;
		chain_tree(&t, 3);
		check_too_deep("max_key_depth 3", img, &o, AT(hivew_cell_nk(img, 3), 0), t.p);
		tbuf_free(&t);
		o.limits.max_key_depth = 1;
		check_too_deep("max_key_depth 1", img, &o, AT(hivew_cell_nk(img, 1), 0), RFT_TOPK);
		hivew_img_free(img);
		hivew_free(h);
	}
}

/* 100 000 nested keys (regf.md 3.3 deep100k.hive: hivexml, regfexport and
 * yarp crash): walked iteratively in linear time, one too-deep finding. */
static void
test_depth_100000(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_key deep = hivew_key_chain(h, HIVEW_ROOT, "k", 100000);
	hivew_img *img = hivew_build(h);
	tbuf t = TBUF_INIT;
	clock_t c0;
	uint32_t cut = hivew_cell_nk(img, 512);
	(void)state;
	(void)deep;
	chain_tree(&t, 512);
	c0 = clock();
	/* the 99 488 keys below the limit: no cell.unreferenced (partial walk) */
	check_too_deep("depth 100001", img, NULL, AT(cut, 0), t.p);
	assert_true((double)(clock() - c0) / CLOCKS_PER_SEC < 5.0);
	tbuf_free(&t);
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- order, duplicates, hints, hashes --------------------------------------------------------- */

/* Sorted lists ([MS]: by upper-cased name; yarp's WrongOrderHive): one
 * finding per list however many pairs are out of order. */
static void
test_order(void **state)
{
	hivew *h = five_keys();
	hivew_img *img;
	(void)state;
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_REVERSE);
	img = hivew_build(h);
	rft_run("reversed", img,
	    EXP(RF("key.unsorted", AT(hivew_cell_list(img, HIVEW_ROOT), 0))),
	    RFT_TOPK KL("\\e") KL("\\d") KL("\\c") KL("\\b") KL("\\a"));
	hivew_img_free(img);
	hivew_free(h);
	/* upper-cased order: "a" < "B" < "c" < "_" is wrong ("_" 0x5F sorts
	 * after "C" 0x43 but before "c" 0x63 would if case mattered) */
	h = hivew_new("ROOT");
	(void)hivew_key_add(h, HIVEW_ROOT, "B");
	(void)hivew_key_add(h, HIVEW_ROOT, "a");
	(void)hivew_key_add(h, HIVEW_ROOT, "c");
	(void)hivew_key_add(h, HIVEW_ROOT, "_");
	(void)hivew_key_add(h, HIVEW_ROOT, "\xE9"); /* upper case 0xC9, after '_' */
	img = hivew_build(h);
	rft_run("upper-cased order", img, NOF,
	    RFT_TOPK KL("\\a") KL("\\B") KL("\\c") KL("\\_") KL("\\\xC3\xA9"));
	hivew_img_free(img);
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_CREATION);
	img = hivew_build(h);
	rft_run("creation order", img,
	    EXP(RF("key.unsorted", AT(hivew_cell_list(img, HIVEW_ROOT), 0))),
	    RFT_TOPK KL("\\B") KL("\\a") KL("\\c") KL("\\_") KL("\\\xC3\xA9"));
	hivew_img_free(img);
	hivew_free(h);
}

/* Two subkeys of one name (yarp's DuplicateSubkeysHive), compared
 * case-insensitively; the tree shows one key (dump_tsv writes both). */
static void
test_duplicate_subkeys(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_img *img;
	hivew_key dup;
	(void)state;
	(void)hivew_key_add(h, HIVEW_ROOT, "a");
	(void)hivew_key_add(h, HIVEW_ROOT, "b");
	(void)hivew_key_add(h, HIVEW_ROOT, "B");
	img = hivew_build(h);
	rft_run_f("b and B", img, RFT_NO_TSV,
	    EXP(RF("key.duplicate-name", AT(hivew_cell_list(img, HIVEW_ROOT), 0))),
	    RFT_TOPK KL("\\a") KL("\\b"));
	hivew_img_free(img);
	hivew_free(h);
	/* equal names apart in an unsorted list (the catalogue's
	 * key.duplicate-name): reported after the list, at the later one's nk */
	h = hivew_new("ROOT");
	(void)hivew_key_add(h, HIVEW_ROOT, "a");
	(void)hivew_key_add(h, HIVEW_ROOT, "b");
	dup = hivew_key_add(h, HIVEW_ROOT, "A");
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_CREATION);
	img = hivew_build(h);
	rft_run_f("a, b, A", img, RFT_NO_TSV,
	    EXP(RF("key.unsorted", AT(hivew_cell_list(img, HIVEW_ROOT), 0)),
		RF("key.duplicate-name", AT(hivew_cell_nk(img, dup), 0))),
	    RFT_TOPK KL("\\a") KL("\\b"));
	hivew_img_free(img);
	hivew_free(h);
}

/* Duplicates in unsorted lists (the catalogue's key.duplicate-name):
 * neighbours are reported as they are read, at the list, and only once;
 * names apart are found after the list (sorted by name, whatever their
 * hashes), each at the nk of the one read later; the elements are counted
 * across the leaves of an index root. */
static void
test_duplicate_subkeys_unsorted(void **state)
{
	hivew *h;
	hivew_key k[6];
	hivew_img *img;
	uint32_t list;
	rft_result r;
	const comscan_findings *fs;
	(void)state;
	/* b, a, A: a and A neighbours, reported once */
	h = hivew_new("ROOT");
	(void)hivew_key_add(h, HIVEW_ROOT, "b");
	(void)hivew_key_add(h, HIVEW_ROOT, "a");
	(void)hivew_key_add(h, HIVEW_ROOT, "A");
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_CREATION);
	img = hivew_build(h);
	list = hivew_cell_list(img, HIVEW_ROOT);
	rft_run_f("b, a, A", img, RFT_NO_TSV,
	    EXP(RF("key.unsorted", AT(list, 0)), RF("key.duplicate-name", AT(list, 0))),
	    RFT_TOPK KL("\\b") KL("\\a"));
	hivew_img_free(img);
	hivew_free(h);
	/* x, a, y, A, z, a: three equal names apart, two findings (elements 2
	 * and 4, 4 and 6), in an ri over one-element lh leaves */
	h = hivew_new("ROOT");
	k[0] = hivew_key_add(h, HIVEW_ROOT, "x");
	k[1] = hivew_key_add(h, HIVEW_ROOT, "a");
	k[2] = hivew_key_add(h, HIVEW_ROOT, "y");
	k[3] = hivew_key_add(h, HIVEW_ROOT, "A");
	k[4] = hivew_key_add(h, HIVEW_ROOT, "z");
	k[5] = hivew_key_add(h, HIVEW_ROOT, "a");
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_CREATION);
	hivew_key_set_ri(h, HIVEW_ROOT, HIVEW_LIST_LH, 1);
	img = hivew_build(h);
	assert_int_equal(hivew_nleaves(img, HIVEW_ROOT), 6);
	rft_run_keep("x, a, y, A, z, a", img->data, img->len, NULL, RFT_NO_TSV, &r);
	fs = comscan_report_findings(r.scan);
	assert_true(rft_findings_ok("x, a, y, A, z, a", fs,
	    EXP(RF("key.unsorted", AT(hivew_cell_leaf(img, HIVEW_ROOT, 1), 0)),
		RF("key.duplicate-name", AT(hivew_cell_nk(img, k[3]), 0)),
		RF("key.duplicate-name", AT(hivew_cell_nk(img, k[5]), 0)))));
	assert_non_null(strstr(comscan_findings_at(fs, 1)->message, "(elements 2 and 4 of its unsorted list)"));
	assert_non_null(strstr(comscan_findings_at(fs, 2)->message, "(elements 4 and 6 of its unsorted list)"));
	assert_string_equal(r.tree, RFT_TOPK KL("\\x") KL("\\a") KL("\\y") KL("\\z"));
	rft_done(&r);
	hivew_img_free(img);
	/* the same names sorted: a, a, A neighbours (two findings as read,
	 * none after the list, which is sorted) */
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_SORTED);
	img = hivew_build(h);
	rft_run_f("a, A, a, x, y, z", img, RFT_NO_TSV,
	    EXP(RF("key.duplicate-name", AT(hivew_cell_leaf(img, HIVEW_ROOT, 1), 0)),
		RF("key.duplicate-name", AT(hivew_cell_leaf(img, HIVEW_ROOT, 2), 0))),
	    RFT_TOPK KL("\\a") KL("\\x") KL("\\y") KL("\\z"));
	hivew_img_free(img);
	hivew_free(h);
}

/* lf hints and lh hashes ([MS] fast leaf, hash leaf; regf.md 2.4 row 38). */
static void
test_hints_and_hashes(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_img *img;
	uint32_t lf, lh;
	(void)state;
	(void)hivew_key_add(h, HIVEW_ROOT, "d");
	(void)hivew_key_add(h, HIVEW_ROOT, "HandoffPriorities");
	(void)hivew_key_add(h, HIVEW_ROOT, "\xEBigenaar");
	hivew_key_set_list(h, HIVEW_ROOT, HIVEW_LIST_LF);
	img = hivew_build(h);
	lf = hivew_cell_list(img, HIVEW_ROOT);
#define HT RFT_TOPK KL("\\d") KL("\\HandoffPriorities") KL("\\\xC3\xAB" "igenaar")
	rft_run("lf", img, NOF, HT);
	hivew_cput(img, lf, HIVEW_LF_HINT(0), "dX\0\0", 4);
	rft_run("hint dX", img, EXP(RF("list.bad-hint", AT(lf, 0))), HT);
	hivew_cput(img, lf, HIVEW_LF_HINT(0), "d\0\0\0", 4);
	hivew_cput(img, lf, HIVEW_LF_HINT(1), "hand", 4);
	rft_run("hint hand", img, EXP(RF("list.bad-hint", AT(lf, 0))), HT);
	hivew_cput(img, lf, HIVEW_LF_HINT(1), "Hand", 4);
	/* a hint of a name with a non-ASCII first four characters goes
	 * through a code page the hive does not record: not checked */
	hivew_cput(img, lf, HIVEW_LF_HINT(2), "\x81igw", 4);
	rft_run("hint of a Latin-1 name", img, NOF, HT);
	hivew_img_free(img);
	hivew_key_set_list(h, HIVEW_ROOT, HIVEW_LIST_LH);
	img = hivew_build(h);
	lh = hivew_cell_list(img, HIVEW_ROOT);
	rft_run("lh", img, NOF, HT);
	hivew_cput32(img, lh, HIVEW_LF_HINT(1), hivew_cget32(img, lh, HIVEW_LF_HINT(1)) + 1);
	rft_run("bad hash", img, EXP(RF("list.bad-hash", AT(lh, 0))), HT);
	hivew_cput32(img, lh, HIVEW_LF_HINT(0), 0);
	rft_run("two bad hashes", img,
	    EXP(RF("list.bad-hash", AT(lh, 0)), RF("list.bad-hash", AT(lh, 0))), HT);
#undef HT
	hivew_img_free(img);
	hivew_free(h);
}

/* 300 keys with a security record each: the table of records grows past
 * its first 64 slots (regf/security.c) and every record is checked once,
 * none reported; a key sharing the 150th record finds it after the growth. */
static void
test_many_security_records(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_img *img;
	hivew_sk shared = 0;
	hivew_key k;
	char name[16];
	unsigned i;
	(void)state;
	for (i = 0; i < 300; i++) {
		hivew_sk s;
		snprintf(name, sizeof name, "k%03u", i);
		k = hivew_key_add(h, HIVEW_ROOT, name);
		snprintf(name, sizeof name, "desc%03u", i);
		s = hivew_sk_add(h, name, 7);
		hivew_key_set_sk(h, k, s);
		if (i == 150)
			shared = s;
	}
	k = hivew_key_add(h, HIVEW_ROOT, "shares");
	hivew_key_set_sk(h, k, shared);
	img = hivew_build(h);
	rft_run("300 security records", img, NOF, NULL);
	hivew_img_free(img);
	hivew_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs_valid),
		cmocka_unit_test(test_many_security_records),
		cmocka_unit_test(test_refs_matrix),
		cmocka_unit_test(test_refs_optional_nil),
		cmocka_unit_test(test_root),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_key_flags),
		cmocka_unit_test(test_subkey_count),
		cmocka_unit_test(test_list_overflow),
		cmocka_unit_test(test_list_empty_and_kinds),
		cmocka_unit_test(test_list_versions),
		cmocka_unit_test(test_list_shared),
		cmocka_unit_test(test_leaf_to_non_nk),
		cmocka_unit_test(test_ri),
		cmocka_unit_test(test_ri_nested),
		cmocka_unit_test(test_ri_duplicate_leaves),
		cmocka_unit_test(test_cycles),
		cmocka_unit_test(test_second_parents),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_depth_100000),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_duplicate_subkeys),
		cmocka_unit_test(test_duplicate_subkeys_unsorted),
		cmocka_unit_test(test_hints_and_hashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
