/*
 * test_regf_base.c - the outer layers of a hive (regf.md 1.2-1.5, 2.1,
 * 2.2, 3.1, 3.4): the base block (size, checksum and its fix-ups,
 * sequence numbers, versions, file types, format, clustering factor,
 * hive bins data size), the hive bins (signature, offset, size, padding
 * runs, garbage), the cells (sizes, cells crossing their bin, unreferenced
 * cells), hive fragments, and every truncation of small valid hives.
 *
 * Every case builds a valid hive with tests/support/hivew, damages exact
 * fields, and asserts the exact findings (code, offset, class, severity)
 * through comscan_scan_buffer, comscan_registry_open and
 * comscan_registry_dump_tsv (tests/support/regftest.h), and the exact tree
 * the registry handle holds (every key, value, type and data byte).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "support/hivew.h"
#include "support/regftest.h"

/* ---- the sample hive ------------------------------------------------------------ */

/*
 * ROOT (flags 0x2C) with subkeys a and b (an lh list); a has the values
 * d (REG_DWORD 0x11223344, resident) and bin (10 bytes in a data cell) and
 * the subkey c.  Cells in layout order (cell index):
 *   0x020 root nk   0x078 sk   root lh   a nk   a's value list   vk d
 *   vk bin   bin's data   a's lh   b nk   c nk   (free rest of the bin)
 * One 4096-byte bin: 8192 bytes in all.
 */
typedef struct sample {
	hivew *h;
	hivew_key a, b, c;
	hivew_value d, bin;
} sample;

static void
sample_new(sample *s)
{
	s->h = hivew_new("ROOT");
	s->a = hivew_key_add(s->h, HIVEW_ROOT, "a");
	s->b = hivew_key_add(s->h, HIVEW_ROOT, "b");
	s->c = hivew_key_add(s->h, s->a, "c");
	s->d = hivew_value_add_dword(s->h, s->a, "d", 0x11223344);
	s->bin = hivew_value_add(s->h, s->a, "bin", HIVEW_REG_BINARY, "0123456789", 10);
}

#define SAMPLE_TREE                                                                                 \
	RFT_TOPK KL("\\a") VL("\\a", "d", 4, "44332211") VL("\\a", "bin", 3, "30313233343536373839") \
	    KL("\\a\\c") KL("\\b")
/* the same with the root alone */
#define ROOT_ONLY RFT_TOPK

static hivew_img *
sample_img(void)
{
	sample s;
	hivew_img *img;
	sample_new(&s);
	img = hivew_build(s.h);
	hivew_free(s.h);
	return img;
}

/* ---- a valid hive ------------------------------------------------------------------ */

/* The sample: no finding; the tree with the offset of every record (the nk
 * or vk cell's data; the mount's ancestor keys have none). */
static void
test_valid_sample(void **state)
{
	sample s;
	hivew_img *img;
	char tree[2048];
	(void)state;
	sample_new(&s);
	img = hivew_build(s.h);
	assert_int_equal(img->len, 8192);
	assert_int_equal(hivew_cell_nk(img, HIVEW_ROOT), 0x20);
	snprintf(tree, sizeof tree,
	    "K HKEY_LOCAL_MACHINE @-\n"
	    "K " RFT_TOP " @%llu\n"
	    "K " RFT_TOP "\\a @%llu\n"
	    "V " RFT_TOP "\\a|d|4|44332211 @%llu\n"
	    "V " RFT_TOP "\\a|bin|3|30313233343536373839 @%llu\n"
	    "K " RFT_TOP "\\a\\c @%llu\n"
	    "K " RFT_TOP "\\b @%llu\n",
	    (unsigned long long)AT(0x20, 0), (unsigned long long)AT(hivew_cell_nk(img, s.a), 0),
	    (unsigned long long)AT(hivew_cell_vk(img, s.d), 0),
	    (unsigned long long)AT(hivew_cell_vk(img, s.bin), 0),
	    (unsigned long long)AT(hivew_cell_nk(img, s.c), 0),
	    (unsigned long long)AT(hivew_cell_nk(img, s.b), 0));
	rft_run_f("sample", img, RFT_OFFSETS, NOF, tree);
	rft_run("sample", img, NOF, SAMPLE_TREE);
	hivew_img_free(img);
	hivew_free(s.h);
}

/* ---- the base block ------------------------------------------------------------------ */

/* [MS] checksum fix-ups: a base block whose dwords XOR to 0 stores 1, one
 * whose dwords XOR to 0xFFFFFFFF stores 0xFFFFFFFE; both are valid and must
 * be accepted without a finding (regf.md 1.3; hivex, libregf and
 * reglookup get this wrong). */
static void
test_checksum_fixups(void **state)
{
	hivew_img *img = sample_img();
	(void)state;
	hivew_force_xor(img, 0);
	assert_int_equal(hivew_get32(img, HIVEW_BB_CHECKSUM), 1);
	rft_run("xor 0", img, NOF, SAMPLE_TREE);
	hivew_force_xor(img, 0xFFFFFFFFu);
	assert_int_equal(hivew_get32(img, HIVEW_BB_CHECKSUM), 0xFFFFFFFEu);
	rft_run("xor 0xFFFFFFFF", img, NOF, SAMPLE_TREE);
	/* the raw XOR stored instead of the fixed-up value is a bad checksum */
	hivew_put32(img, HIVEW_BB_CHECKSUM, 0);
	rft_run("xor 0 stored as 0", img, EXP(RF("base.bad-checksum", 508)), SAMPLE_TREE);
	hivew_force_xor(img, 0xFFFFFFFFu);
	hivew_put32(img, HIVEW_BB_CHECKSUM, 0xFFFFFFFFu);
	rft_run("xor 0xFFFFFFFF stored as is", img, EXP(RF("base.bad-checksum", 508)), SAMPLE_TREE);
	hivew_img_free(img);
}

/* A bad checksum is reported (a warning: the hive is dirty, [MS]), never
 * fatal: the hive is walked, its hive bins taken from the file rather than
 * from the untrusted size field; COMSCAN_FLAG_REGF_NO_CHECKSUM skips the
 * check and trusts the fields. */
static void
test_checksum_bad(void **state)
{
	hivew_img *img = sample_img();
	comscan_options o;
	(void)state;
	hivew_put32(img, HIVEW_BB_CHECKSUM, hivew_get32(img, HIVEW_BB_CHECKSUM) ^ 0x100);
	rft_run("bad checksum", img, EXP(RF("base.bad-checksum", 508)), SAMPLE_TREE);
	comscan_options_init(&o);
	o.flags = COMSCAN_FLAG_REGF_NO_CHECKSUM;
	rft_run_opts("bad checksum, not checked", img->data, img->len, &o, 0, NOF, SAMPLE_TREE);
	/* untrusted: the size field is not used, so 0 there is not reported;
	 * what follows the last bin ends the bins (a note) */
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 0);
	rft_run("bad checksum, size 0", img, EXP(RF("base.bad-checksum", 508)), SAMPLE_TREE);
	hivew_append_garbage(img, 100, 5);
	rft_run("bad checksum, garbage after the bins", img,
	    EXP(RF("base.bad-checksum", 508), RF("base.remnant-data", 8192)), SAMPLE_TREE);
	/* trusted (checked off): the size field is used and reported */
	rft_run_opts("size 0, not checked", img->data, img->len, &o, 0,
	    EXP(RF("base.bins-size-invalid", 40), RF("hbin.bad-signature", 8192)), SAMPLE_TREE);
	hivew_img_free(img);
}

/* EffectiveSizeHive's shape (regf.md 5): a hive of two bins whose base
 * block counts only the first.  With a bad checksum the size field is not
 * trusted and both bins are read; with a good one the second bin is
 * remnant data and the keys in it are references past the end. */
static void
test_checksum_effective_size(void **state)
{
	sample s;
	hivew_img *img;
	uint32_t root_lh, a_lh;
	(void)state;
	sample_new(&s);
	hivew_options(s.h)->cells_per_bin = 9; /* b and c in the second bin */
	img = hivew_build(s.h);
	assert_int_equal(hivew_nbins(img), 2);
	assert_int_equal(hivew_cell_nk(img, s.b), 4096 + 32);
	root_lh = hivew_cell_list(img, HIVEW_ROOT);
	a_lh = hivew_cell_list(img, s.a);
	rft_run("two bins", img, NOF, SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 4096);
	rft_run("size counts one bin, bad checksum", img, EXP(RF("base.bad-checksum", 508)),
	    SAMPLE_TREE);
	hivew_fix_checksum(img);
	rft_run("size counts one bin", img,
	    EXP(RF("base.remnant-data", 8192), RF("ref.past-end", AT(a_lh, 0)),
		RF("ref.past-end", AT(root_lh, 0))),
	    RFT_TOPK KL("\\a") VL("\\a", "d", 4, "44332211")
		VL("\\a", "bin", 3, "30313233343536373839"));
	hivew_img_free(img);
	hivew_free(s.h);
}

/* Unequal sequence numbers: dirty (a warning), walked as it is. */
static void
test_sequence_numbers(void **state)
{
	hivew_img *img = sample_img();
	(void)state;
	hivew_set_seq(img, 5, 4);
	rft_run("seq 5/4", img, EXP(RF("base.dirty", 4)), SAMPLE_TREE);
	hivew_set_seq(img, 4, 5);
	rft_run("seq 4/5", img, EXP(RF("base.dirty", 4)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_CHECKSUM, 7);
	rft_run("seq 4/5, bad checksum", img,
	    EXP(RF("base.bad-checksum", 508), RF("base.dirty", 4)), SAMPLE_TREE);
	hivew_set_seq(img, 0, 0);
	rft_run("seq 0/0", img, NOF, SAMPLE_TREE);
	hivew_img_free(img);
}

/* Versions ([MS] format versions): 1.3 to 1.6 are walked; 1.1 and 1.2 are
 * the NT 3.x layout (legacy, recognised, not walked); anything else is
 * unsupported and not walked. */
static void
test_versions(void **state)
{
	static const struct {
		uint32_t major, minor;
		const char *code; /* NULL: walked */
		uint64_t at;
	} cases[] = {
		{ 1, 3, NULL, 0 }, { 1, 4, NULL, 0 }, { 1, 5, NULL, 0 }, { 1, 6, NULL, 0 },
		{ 1, 1, "regf.base.legacy-format", 24 }, { 1, 2, "regf.base.legacy-format", 24 },
		{ 1, 0, "regf.base.version-unsupported", 20 },
		{ 1, 7, "regf.base.version-unsupported", 20 },
		{ 1, 0xFFFFFFFFu, "regf.base.version-unsupported", 20 },
		{ 2, 5, "regf.base.version-unsupported", 20 },
		{ 2, 0, "regf.base.version-unsupported", 20 },
		{ 0, 5, "regf.base.version-unsupported", 20 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sample s;
		hivew_img *img;
		char what[64];
		sample_new(&s);
		hivew_options(s.h)->major = cases[i].major;
		hivew_options(s.h)->minor = cases[i].minor;
		img = hivew_build(s.h);
		snprintf(what, sizeof what, "version %u.%u", (unsigned)cases[i].major,
		    (unsigned)cases[i].minor);
		if (cases[i].code == NULL) {
			rft_run(what, img, NOF, SAMPLE_TREE);
		} else {
			rft_exp e[2] = { { cases[i].code, cases[i].at, NULL }, { NULL, 0, NULL } };
			rft_run(what, img, e, "");
		}
		hivew_img_free(img);
		hivew_free(s.h);
	}
}

/* File types ([MS] base block, regf.md 1.2): 1, 2 and 6 are transaction
 * logs (a note; nothing is walked); any other but 0 is unknown (an error). */
static void
test_file_types(void **state)
{
	static const uint32_t logs[] = { 1, 2, 6 }, others[] = { 3, 4, 5, 7, 0x100, 0xFFFFFFFFu };
	size_t i;
	hivew_img *img = sample_img();
	(void)state;
	for (i = 0; i < sizeof logs / sizeof logs[0]; i++) {
		hivew_put32(img, HIVEW_BB_TYPE, logs[i]);
		hivew_fix_checksum(img);
		rft_run("log file type", img, EXP(RF("base.log-file", 28)), "");
	}
	for (i = 0; i < sizeof others / sizeof others[0]; i++) {
		hivew_put32(img, HIVEW_BB_TYPE, others[i]);
		hivew_fix_checksum(img);
		rft_run("unknown file type", img, EXP(RF("base.file-type-unknown", 28)), "");
	}
	/* the version is checked first; a log is not dirty (its own seq) */
	hivew_put32(img, HIVEW_BB_TYPE, 6);
	hivew_put32(img, HIVEW_BB_MINOR, 9);
	hivew_set_seq(img, 3, 2);
	rft_run("log of version 1.9", img,
	    EXP(RF("base.version-unsupported", 20), RF("base.log-file", 28)), "");
	hivew_img_free(img);
}

/* File format ([MS]: 1) and clustering factor (1): warnings; walked. */
static void
test_format_and_clustering(void **state)
{
	hivew_img *img = sample_img();
	(void)state;
	hivew_put32(img, HIVEW_BB_FORMAT, 0);
	hivew_fix_checksum(img);
	rft_run("format 0", img, EXP(RF("base.format-unknown", 32)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_FORMAT, 2);
	hivew_put32(img, HIVEW_BB_CLUSTER, 8);
	hivew_fix_checksum(img);
	rft_run("format 2, clustering 8", img,
	    EXP(RF("base.format-unknown", 32), RF("base.clustering-factor", 44)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_FORMAT, 1);
	hivew_put32(img, HIVEW_BB_CLUSTER, 0);
	hivew_set_seq(img, 2, 1);
	rft_run("clustering 0, dirty", img,
	    EXP(RF("base.dirty", 4), RF("base.clustering-factor", 44)), SAMPLE_TREE);
	hivew_img_free(img);
}

/* The hive bins data size ([MS] base block; regf.md 2.1 row 9): 0 or not a
 * multiple of 4096 (the file's bins are used), more than the file holds
 * (truncated), less than the file holds (a note for 8 or more bytes of
 * remnant data, which is not read). */
static void
test_bins_size(void **state)
{
	hivew_img *img = sample_img();
	(void)state;
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 0);
	hivew_fix_checksum(img);
	rft_run("size 0", img, EXP(RF("base.bins-size-invalid", 40)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 4097);
	hivew_fix_checksum(img);
	rft_run("size 4097", img, EXP(RF("base.bins-size-invalid", 40)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 2048);
	hivew_fix_checksum(img);
	rft_run("size 2048", img, EXP(RF("base.bins-size-invalid", 40)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 8192);
	hivew_fix_checksum(img);
	rft_run("size 8192 of 4096", img, EXP(RF("base.bins-truncated", 40)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 0xFFFFF000u);
	hivew_fix_checksum(img);
	rft_run("size 0xFFFFF000", img, EXP(RF("base.bins-truncated", 40)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 4096);
	hivew_fix_checksum(img);
	hivew_append_fill(img, 0xAB, 7);
	rft_run("7 bytes after the bins", img, NOF, SAMPLE_TREE);
	hivew_append_fill(img, 0xAB, 1);
	rft_run("8 bytes after the bins", img, EXP(RF("base.remnant-data", 8192)), SAMPLE_TREE);
	hivew_truncate(img, 8192);
	(void)hivew_append_bin(img, 4096, false);
	rft_run("an uncounted bin", img, EXP(RF("base.remnant-data", 8192)), SAMPLE_TREE);
	hivew_img_free(img);
}

/* ---- hive bins --------------------------------------------------------------------------- */

/* The bin header ([MS] hive bin; regf.md 2.2 rows 12, 13; CVE-2014-9273):
 * size 0, below 4096 or not a multiple of it (4096 assumed), a size past
 * the end of the file (the cells up to the end are used), an offset field
 * that is not the bin's position. */
static void
test_hbin_header(void **state)
{
	static const uint32_t bad_sizes[] = { 0, 32, 4095, 4097, 6000, 0xFFFFFFFFu };
	size_t i;
	hivew_img *img;
	(void)state;
	for (i = 0; i < sizeof bad_sizes / sizeof bad_sizes[0]; i++) {
		img = sample_img();
		hivew_put32(img, 4096 + HIVEW_HBIN_SIZE, bad_sizes[i]);
		rft_run("bin size", img, EXP(RF("hbin.bad-size", 4104)), SAMPLE_TREE);
		hivew_img_free(img);
	}
	/* CVE-2014-9273: a bin running past the end of the file */
	img = sample_img();
	hivew_put32(img, 4096 + HIVEW_HBIN_SIZE, 8192);
	rft_run("bin past the end", img, EXP(RF("hbin.past-end", 4104)), SAMPLE_TREE);
	hivew_put32(img, 4096 + HIVEW_HBIN_SIZE, 0x7FFFF000u);
	rft_run("bin of 2 GiB", img, EXP(RF("hbin.past-end", 4104)), SAMPLE_TREE);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 8192);
	hivew_put32(img, 4096 + HIVEW_HBIN_SIZE, 8192);
	hivew_fix_checksum(img);
	rft_run("bin and base block past the end", img,
	    EXP(RF("base.bins-truncated", 40), RF("hbin.past-end", 4104)), SAMPLE_TREE);
	hivew_img_free(img);
	/* the offset field */
	img = sample_img();
	hivew_put32(img, 4096 + HIVEW_HBIN_OFFSET, 4096);
	rft_run("bin offset 4096 at 0", img, EXP(RF("hbin.offset-mismatch", 4100)), SAMPLE_TREE);
	hivew_put32(img, 4096 + HIVEW_HBIN_OFFSET, 0xFFFFFFFFu);
	hivew_put32(img, 4096 + HIVEW_HBIN_SIZE, 0);
	rft_run("bin offset and size", img,
	    EXP(RF("hbin.offset-mismatch", 4100), RF("hbin.bad-size", 4104)), SAMPLE_TREE);
	hivew_img_free(img);
}

/*
 * Four leaf keys k0..k3 under the root, laid out three cells per bin:
 *   bin 0 (0x0000): root nk, sk, root lh
 *   bin 1 (0x1000): k0, k1, k2
 *   bin 2 (0x2000): k3
 */
typedef struct three {
	hivew *h;
	hivew_img *img;
	uint32_t lh, sk;
} three;

static void
three_new(three *t)
{
	int i;
	t->h = hivew_new("ROOT");
	for (i = 0; i < 4; i++) {
		char n[3] = { 'k', (char)('0' + i), 0 };
		(void)hivew_key_add(t->h, HIVEW_ROOT, n);
	}
	hivew_options(t->h)->cells_per_bin = 3;
	t->img = hivew_build(t->h);
	assert_int_equal(hivew_nbins(t->img), 3);
	assert_int_equal(hivew_cell_nk(t->img, 1), 0x1020);
	assert_int_equal(hivew_cell_nk(t->img, 4), 0x2020);
	t->lh = hivew_cell_list(t->img, HIVEW_ROOT);
	t->sk = hivew_cell_sk(t->img, hivew_sk_default(t->h));
}

static void
three_free(three *t)
{
	hivew_img_free(t->img);
	hivew_free(t->h);
}

#define THREE_TREE RFT_TOPK KL("\\k0") KL("\\k1") KL("\\k2") KL("\\k3")

/* Bin 1 and 2 headers: size, offset; a size that swallows the next bin. */
static void
test_hbin_later_bins(void **state)
{
	three t;
	(void)state;
	three_new(&t);
	rft_run("three bins", t.img, NOF, THREE_TREE);
	hivew_put32(t.img, 4096 + 0x1000 + HIVEW_HBIN_OFFSET, 0);
	rft_run("bin 1 offset", t.img, EXP(RF("hbin.offset-mismatch", 4096 + 0x1004)), THREE_TREE);
	hivew_put32(t.img, 4096 + 0x1000 + HIVEW_HBIN_OFFSET, 0x1000);
	hivew_put32(t.img, 4096 + 0x2000 + HIVEW_HBIN_SIZE, 0);
	rft_run("bin 2 size 0", t.img, EXP(RF("hbin.bad-size", 4096 + 0x2008)), THREE_TREE);
	/* bin 1 claims 8192 bytes: bin 2's header is read as a cell of its
	 * bin, 0x6E696268 bytes long ("hbin" as a size), and k3 is lost */
	hivew_put32(t.img, 4096 + 0x2000 + HIVEW_HBIN_SIZE, 4096);
	hivew_put32(t.img, 4096 + 0x1000 + HIVEW_HBIN_SIZE, 8192);
	rft_run("bin 1 swallows bin 2", t.img,
	    EXP(RF("cell.crosses-bin", CELL(0x2000)), RF("ref.damaged-region", AT(t.lh, 0))),
	    RFT_TOPK KL("\\k0") KL("\\k1") KL("\\k2"));
	three_free(&t);
}

/* "hbin" missing mid-file (regf.md 3.4; [LY] zero-filled tails and 0xFF
 * runs): a page of 0xFF or of zeros where a bin should be is a note; other
 * bytes are an error.  Either way the scan resumes at the next 4096-byte
 * boundary holding "hbin", and references into the skipped bytes are
 * references to no cell. */
static void
test_hbin_missing(void **state)
{
	static const struct {
		int fill; /* byte, or -1 for garbage */
		const char *code;
	} cases[] = {
		{ 0xFF, "regf.hbin.padding-run" },
		{ 0x00, "regf.hbin.padding-run" },
		{ -1, "regf.hbin.bad-signature" },
		{ 0x41, "regf.hbin.bad-signature" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		three t;
		rft_exp e[5] = { { cases[i].code, CELL(0x1000), NULL },
			{ "regf.ref.damaged-region", 0, NULL }, { "regf.ref.damaged-region", 0, NULL },
			{ "regf.ref.damaged-region", 0, NULL }, { NULL, 0, NULL } };
		three_new(&t);
		e[1].offset = e[2].offset = e[3].offset = AT(t.lh, 0);
		if (cases[i].fill >= 0) {
			hivew_fill(t.img, 4096 + 0x1000, (uint8_t)cases[i].fill, 4096);
		} else {
			hivew_img *g = hivew_build(t.h);
			hivew_truncate(g, 4096);
			hivew_append_garbage(g, 4096, 99);
			hivew_put(t.img, 4096 + 0x1000, g->data + 4096, 4096);
			hivew_img_free(g);
		}
		rft_run("bin 1 missing", t.img, e, RFT_TOPK KL("\\k3"));
		three_free(&t);
	}
}

/* Zero, 0xFF and garbage tails counted in the hive bins data size. */
static void
test_hbin_tails(void **state)
{
	static const struct {
		int fill;
		size_t n;
		const char *code;
	} cases[] = {
		{ 0x00, 4096, "regf.hbin.padding-run" }, { 0x00, 3 * 4096, "regf.hbin.padding-run" },
		{ 0xFF, 4096, "regf.hbin.padding-run" }, { -1, 4096, "regf.hbin.bad-signature" },
		{ -1, 8192, "regf.hbin.bad-signature" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hivew_img *img = sample_img();
		rft_exp e[2] = { { cases[i].code, 8192, NULL }, { NULL, 0, NULL } };
		if (cases[i].fill >= 0)
			hivew_append_fill(img, (uint8_t)cases[i].fill, cases[i].n);
		else
			hivew_append_garbage(img, cases[i].n, 3);
		hivew_put32(img, HIVEW_BB_HBINS_SIZE, (uint32_t)(4096 + cases[i].n));
		hivew_fix_checksum(img);
		rft_run("tail", img, e, SAMPLE_TREE);
		hivew_img_free(img);
	}
}

/* A garbage page followed by a bin: the bin after it is found. */
static void
test_hbin_resync(void **state)
{
	hivew_img *img = sample_img();
	uint32_t fc;
	(void)state;
	hivew_append_garbage(img, 4096, 11);
	fc = hivew_append_bin(img, 4096, false);
	assert_int_equal(fc, 0x2000 + 32);
	hivew_put32(img, HIVEW_BB_HBINS_SIZE, 3 * 4096);
	hivew_fix_checksum(img);
	rft_run("garbage between bins", img, EXP(RF("hbin.bad-signature", 8192)), SAMPLE_TREE);
	hivew_img_free(img);
}

/* A 512-byte run of 0xFF inserted between two bins, counted in the hive
 * bins data size (which then is no multiple of 4096), moves the bins after
 * it off their 4096-byte positions.  Bins are looked for at 4096-byte
 * steps only, as Windows ([MS] hive bin: its offset field must equal its
 * position) and hivex do; moved bins are not re-aligned (the 0xFF runs of
 * real images, [LY] corruption scenarios and regf.md 0.1 item 7, replace
 * sectors in place and shift nothing: test_hbin_ff_sector).  So the
 * size is invalid, the page at 0x1000 and everything after it are
 * skipped, and the root's four subkeys point into them; the walk is then
 * partial, so neither cell.unreferenced nor the sk count is reported. */
static void
test_hbin_ff_run_512(void **state)
{
	three t;
	(void)state;
	three_new(&t);
	hivew_insert_fill(t.img, 4096 + 0x1000, 0xFF, 512);
	hivew_put32(t.img, HIVEW_BB_HBINS_SIZE, 3 * 4096 + 512);
	hivew_fix_checksum(t.img);
	assert_memory_equal(t.img->data + 4096 + 0x1200, "hbin", 4); /* bin 1, moved */
	rft_run("512-byte 0xFF run inserted", t.img,
	    EXP(RF("base.bins-size-invalid", 40), RF("hbin.bad-signature", CELL(0x1000)),
		RF("ref.damaged-region", AT(t.lh, 0)), RF("ref.damaged-region", AT(t.lh, 0)),
		RF("ref.damaged-region", AT(t.lh, 0)), RF("ref.damaged-region", AT(t.lh, 0))),
	    ROOT_ONLY);
	three_free(&t);
}

/* A 512-byte run of 0xFF that replaces the first sector of bin 1 in place
 * (the rest of the page as it was, or garbage): no "hbin" at 0x1000, and
 * the page is no uniform padding, so hbin.bad-signature for that page; bin
 * 2 after it is found, and only k0..k2 (in bin 1) are lost. */
static void
test_hbin_ff_sector(void **state)
{
	int garbage;
	(void)state;
	for (garbage = 0; garbage < 2; garbage++) {
		three t;
		three_new(&t);
		hivew_fill(t.img, 4096 + 0x1000, 0xFF, 512);
		if (garbage) {
			hivew_img *g = hivew_build(t.h);
			hivew_truncate(g, 4096);
			hivew_append_garbage(g, 4096 - 512, 17);
			hivew_put(t.img, 4096 + 0x1200, g->data + 4096, 4096 - 512);
			hivew_img_free(g);
		}
		rft_run(garbage ? "0xFF sector, then garbage" : "0xFF sector in bin 1", t.img,
		    EXP(RF("hbin.bad-signature", CELL(0x1000)), RF("ref.damaged-region", AT(t.lh, 0)),
			RF("ref.damaged-region", AT(t.lh, 0)), RF("ref.damaged-region", AT(t.lh, 0))),
		    RFT_TOPK KL("\\k3"));
		three_free(&t);
	}
}

/* ---- cells ------------------------------------------------------------------------------- */

/* An allocated raw cell r of 24 bytes after the sample's cells, then the
 * free rest of the bin. */
typedef struct rawcell {
	hivew_img *img;
	uint32_t r, fc;
} rawcell;

static void
rawcell_new(rawcell *c)
{
	sample s;
	hivew_raw raw;
	sample_new(&s);
	raw = hivew_raw_cell(s.h, "0123456789abcdefghij", 20, true);
	c->img = hivew_build(s.h);
	c->r = hivew_cell_raw(c->img, raw);
	c->fc = hivew_bin_free(c->img, 0);
	assert_int_equal(hivew_cell_size(c->img, c->r), -24);
	assert_int_equal(c->fc, c->r + 24);
	hivew_free(s.h);
}

/* Cell sizes ([MS] cell; regf.md 2.2 row 14, 3.4): 0, 4, not a multiple
 * of 8 (the rest of the bin is skipped), 0x80000000 and 0x7FFFFFF8 (cells
 * past the bin's end, CVE-2021-3504), the last cell crossing the bin. */
static void
test_cell_sizes(void **state)
{
	static const struct {
		uint32_t size;
		const char *code;
	} cases[] = {
		{ 0, "regf.cell.bad-size" }, { 4, "regf.cell.bad-size" },
		{ (uint32_t)-4, "regf.cell.bad-size" }, { (uint32_t)-28, "regf.cell.bad-size" },
		{ 12, "regf.cell.bad-size" }, { 1, "regf.cell.bad-size" },
		{ 0x80000000u, "regf.cell.crosses-bin" }, { 0x7FFFFFF8u, "regf.cell.crosses-bin" },
		{ (uint32_t)-4096, "regf.cell.crosses-bin" }, { 0x80000008u, "regf.cell.crosses-bin" },
	};
	size_t i;
	rawcell c;
	(void)state;
	rawcell_new(&c);
	rft_run("raw cell", c.img, EXP(RF("cell.unreferenced", CELL(c.r))), SAMPLE_TREE);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rft_exp e[2] = { { cases[i].code, CELL(c.r), NULL }, { NULL, 0, NULL } };
		hivew_img *img = hivew_img_dup(c.img);
		hivew_set_cell_size(img, c.r, (int32_t)cases[i].size);
		rft_run("cell size", img, e, SAMPLE_TREE);
		hivew_img_free(img);
	}
	/* the last cell of the bin 8 bytes too long */
	hivew_set_cell_size(c.img, c.fc, hivew_cell_size(c.img, c.fc) + 8);
	rft_run("last cell crosses the bin", c.img,
	    EXP(RF("cell.crosses-bin", CELL(c.fc)), RF("cell.unreferenced", CELL(c.r))), SAMPLE_TREE);
	/* ... or allocated and exactly the bin: fine, but unreferenced */
	hivew_set_cell_size(c.img, c.fc, -(hivew_cell_size(c.img, c.fc) - 8));
	rft_run("last cell allocated", c.img, EXP(RF("cell.unreferenced", CELL(c.r))), SAMPLE_TREE);
	/* smallest cells: 8 bytes */
	hivew_set_cell_size(c.img, c.fc, -hivew_cell_size(c.img, c.fc));
	(void)hivew_split_free(c.img, c.fc, 8);
	(void)hivew_split_free(c.img, c.fc + 8, 8);
	hivew_set_cell_size(c.img, c.fc + 8, -8);
	rft_run("8-byte cells", c.img,
	    EXP(RF("cell.unreferenced", CELL(c.r))), SAMPLE_TREE);
	hivew_img_free(c.img);
}

/* A bad cell in the middle of the tree: the rest of its bin is skipped, so
 * every record after it is a reference to no cell. */
static void
test_cell_size_mid_tree(void **state)
{
	sample s;
	hivew_img *img;
	uint32_t root_lh, a, vl;
	(void)state;
	sample_new(&s);
	img = hivew_build(s.h);
	root_lh = hivew_cell_list(img, HIVEW_ROOT);
	a = hivew_cell_nk(img, s.a);
	vl = hivew_cell_values(img, s.a);
	/* vk d's size field 0: vk d, vk bin, its data, a's lh, b and c are
	 * lost (a and its value list come before it) */
	hivew_set_cell_size(img, hivew_cell_vk(img, s.d), 0);
	rft_run("vk cell size 0", img,
	    EXP(RF("cell.bad-size", CELL(hivew_cell_vk(img, s.d))),
		RF("ref.damaged-region", AT(vl, 0)), RF("ref.damaged-region", AT(vl, 4)),
		RF("ref.damaged-region", AT(a, HIVEW_NK_SUBKEYS)),
		RF("ref.damaged-region", AT(root_lh, 0))),
	    RFT_TOPK KL("\\a"));
	hivew_img_free(img);
	hivew_free(s.h);
}

/* Unreferenced allocated cells ([MS]; yarp's HealedHive): one note for
 * all of them, at the first. */
static void
test_unreferenced(void **state)
{
	sample s;
	hivew_raw r1, r2;
	hivew_img *img;
	(void)state;
	sample_new(&s);
	r1 = hivew_raw_cell(s.h, NULL, 100, true);
	(void)hivew_raw_cell(s.h, "free", 4, false);
	r2 = hivew_raw_cell(s.h, NULL, 4, true);
	img = hivew_build(s.h);
	rft_run("two leaked cells", img, EXP(RF("cell.unreferenced", CELL(hivew_cell_raw(img, r1)))),
	    SAMPLE_TREE);
	/* free the first: the second is reported */
	hivew_set_cell_size(img, hivew_cell_raw(img, r1), 104);
	rft_run("one leaked cell", img, EXP(RF("cell.unreferenced", CELL(hivew_cell_raw(img, r2)))),
	    SAMPLE_TREE);
	hivew_img_free(img);
	hivew_free(s.h);
}

/* ---- files that are not whole hives -------------------------------------------------- */

/* A hive fragment starting with a bin (yarp's SqliteFragment), and files
 * too short for a hive (CVE-2014-9273). */
static void
test_small_files(void **state)
{
	hivew_img *img = sample_img();
	rft_result r;
	(void)state;
	rft_run_opts("fragment", img->data + 4096, 4096, NULL, 0, EXP(RF("file.no-base-block", 0)),
	    "");
	rft_run_opts("fragment of 4 bytes", "hbin", 4, NULL, 0, EXP(RF("file.no-base-block", 0)), "");
	rft_run_opts("base block, 100 bytes", img->data, 100, NULL, 0,
	    EXP(RF("file.too-small", 0)), "");
	rft_run_opts("base block, 511 bytes", img->data, 511, NULL, 0,
	    EXP(RF("file.too-small", 0)), "");
	rft_run_opts("base block, 512 bytes", img->data, 512, NULL, 0,
	    EXP(RF("file.too-small", 0), RF("base.bins-truncated", 40), RF("ref.past-end", 36),
		RF("base.root-invalid", 36)),
	    "");
	rft_run_opts("base block, 4096 bytes", img->data, 4096, NULL, 0,
	    EXP(RF("file.too-small", 0), RF("base.bins-truncated", 40), RF("ref.past-end", 36),
		RF("base.root-invalid", 36)),
	    "");
	/* one byte short of 8192: the last cell of the bin is cut */
	rft_run_opts("8191 bytes", img->data, 8191, NULL, 0,
	    EXP(RF("file.too-small", 0), RF("base.bins-truncated", 40), RF("hbin.past-end", 4104),
		RF("cell.crosses-bin", CELL(hivew_bin_free(img, 0)))),
	    SAMPLE_TREE);
	/* "regf" and nothing else */
	rft_run_keep("4 bytes", "regf", 4, NULL, 0, &r);
	assert_true(rft_findings_ok("4 bytes", comscan_report_findings(r.scan),
	    EXP(RF("file.too-small", 0))));
	rft_done(&r);
	hivew_img_free(img);
}

/* Every prefix of a small valid hive (regf.md 3.4, style.md habit 10): no
 * crash, ASan-clean, the same findings from scan, registry_open and
 * dump_tsv, and only the classes a cut file can explain: truncated,
 * out-of-bounds, and the references and counts the cut breaks. */
static void
check_prefixes(const hivew_img *img, size_t step)
{
	const uint32_t allowed = 1u << COMSCAN_CLASS_TRUNCATED | 1u << COMSCAN_CLASS_OUT_OF_BOUNDS |
	                         1u << COMSCAN_CLASS_DANGLING_REFERENCE |
	                         1u << COMSCAN_CLASS_INCONSISTENT;
	size_t n;
	for (n = 0; n <= img->len; n = n + step > img->len && n < img->len ? img->len : n + step) {
		rft_result r;
		const comscan_findings *fs;
		char what[64];
		size_t i;
		snprintf(what, sizeof what, "prefix of %zu bytes", n);
		if (n < 4) { /* not even "regf": another kind */
			comscan_report *rep = NULL;
			assert_int_equal(comscan_scan_buffer(img->data, n, NULL, &rep), COMSCAN_OK);
			assert_int_not_equal(comscan_report_kind(rep), COMSCAN_KIND_REGF);
			comscan_report_close(rep);
			continue;
		}
		rft_run_keep(what, img->data, n, NULL, 0, &r);
		fs = comscan_report_findings(r.scan);
		if (n == img->len) {
			assert_int_equal(comscan_findings_count(fs), 0);
			rft_done(&r);
			continue;
		}
		assert_int_equal(comscan_findings_verdict(fs), COMSCAN_VERDICT_CORRUPT);
		assert_true(comscan_findings_classes(fs) & (1u << COMSCAN_CLASS_TRUNCATED));
		for (i = 0; i < comscan_findings_count(fs); i++) {
			const comscan_finding *f = comscan_findings_at(fs, i);
			/* big data whose segments are cut holds fewer bytes than
			 * declared: db.bad-segment (malformed) says so (a cut
			 * inside a bin header is hbin.past-end, out-of-bounds:
			 * test_cut_bin_header) */
			if (f->severity == COMSCAN_SEVERITY_NOTE || (allowed & 1u << f->cls) ||
			    strcmp(f->code, "regf.db.bad-segment") == 0)
				continue;
			rft_print_findings(fs);
			rft_done(&r);
			fail_msg("%s: unexpected class", what);
		}
		assert_int_equal(rft_count(fs, "regf.file.too-small"), n < 8192);
		assert_int_equal(rft_count(fs, "regf.base.bins-truncated"), n >= 512);
		for (i = 0; i < comscan_findings_count(fs); i++)
			assert_true(comscan_findings_at(fs, i)->offset < n);
		rft_done(&r);
	}
}

/* A file cut inside the header of a bin, after its "hbin" signature. */
static void
test_cut_bin_header(void **state)
{
	hivew_img *img = sample_img();
	(void)state;
	/* cut before the signature: no bin data at all */
	rft_run_opts("cut at 4100", img->data, 4100, NULL, 0,
	    EXP(RF("file.too-small", 0), RF("base.bins-truncated", 40), RF("ref.past-end", 36),
		RF("base.root-invalid", 36)),
	    "");
	/* 8 to 31 bytes of a bin remain, starting with "hbin": the bin runs
	 * past the end (the catalogue's hbin.past-end, at the bin), it is not
	 * a missing signature; the root lies past the data that remains */
	rft_run_opts("cut at 4104", img->data, 4104, NULL, 0,
	    EXP(RF("file.too-small", 0), RF("base.bins-truncated", 40), RF("hbin.past-end", 4096),
		RF("ref.past-end", 36), RF("base.root-invalid", 36)),
	    "");
	rft_run_opts("cut at 4120", img->data, 4120, NULL, 0,
	    EXP(RF("file.too-small", 0), RF("base.bins-truncated", 40), RF("hbin.past-end", 4096),
		RF("ref.past-end", 36), RF("base.root-invalid", 36)),
	    "");
	/* the same in the header of the last of three bins: k3 is lost */
	{
		three t;
		three_new(&t);
		rft_run_opts("cut 16 bytes into bin 2", t.img->data, 4096 + 0x2000 + 16, NULL, 0,
		    EXP(RF("base.bins-truncated", 40), RF("hbin.past-end", CELL(0x2000)),
			RF("ref.past-end", AT(t.lh, 0))),
		    RFT_TOPK KL("\\k0") KL("\\k1") KL("\\k2"));
		three_free(&t);
	}
	hivew_img_free(img);
}

static void
test_every_prefix(void **state)
{
	hivew_img *img = sample_img();
	sample s;
	uint8_t big[20000];
	size_t i;
	(void)state;
	check_prefixes(img, 1);
	hivew_img_free(img);
	/* three bins, big data, an ri list, classes: every 8th byte */
	sample_new(&s);
	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 7);
	(void)hivew_value_add(s.h, s.b, "big", HIVEW_REG_BINARY, big, sizeof big);
	hivew_key_set_class(s.h, s.b, "cls");
	hivew_key_set_ri(s.h, HIVEW_ROOT, HIVEW_LIST_LH, 1);
	img = hivew_build(s.h);
	assert_true(hivew_nbins(img) >= 3);
	check_prefixes(img, 8);
	hivew_img_free(img);
	hivew_free(s.h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_sample),
		cmocka_unit_test(test_checksum_fixups),
		cmocka_unit_test(test_checksum_bad),
		cmocka_unit_test(test_checksum_effective_size),
		cmocka_unit_test(test_sequence_numbers),
		cmocka_unit_test(test_versions),
		cmocka_unit_test(test_file_types),
		cmocka_unit_test(test_format_and_clustering),
		cmocka_unit_test(test_bins_size),
		cmocka_unit_test(test_hbin_header),
		cmocka_unit_test(test_hbin_later_bins),
		cmocka_unit_test(test_hbin_missing),
		cmocka_unit_test(test_hbin_tails),
		cmocka_unit_test(test_hbin_resync),
		cmocka_unit_test(test_hbin_ff_run_512),
		cmocka_unit_test(test_hbin_ff_sector),
		cmocka_unit_test(test_cell_sizes),
		cmocka_unit_test(test_cell_size_mid_tree),
		cmocka_unit_test(test_unreferenced),
		cmocka_unit_test(test_small_files),
		cmocka_unit_test(test_cut_bin_header),
		cmocka_unit_test(test_every_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
