/*
 * gen_corpus.c - writes the reproducible generated inputs (`make corpus`):
 *
 *   corpus/samples/      the bundled samples the README's first command scans
 *   corpus/fuzz_clb/     seeds of the CLB/PE harness: every sample plus one
 *                        damaged image per finding class the parser reports
 *   corpus/fuzz_*_oom/   seeds of the allocation-failure harnesses: a sample
 *                        after two bytes saying which allocation fails (its
 *                        row: the classes of the seed it copies)
 *   corpus/fuzz_pe/      seeds of the PE harness: the same as fuzz_clb's (it
 *                        wraps metadata in a PE image)
 *   corpus/fuzz_regtext/ seeds of the .reg harness (gen_reg.c)
 *   corpus/fuzz_com/     seeds of the COM model harness (gen_reg.c, gen_regf.c)
 *   corpus/fuzz_regf/    seeds of the hive harness and the hive samples (gen_regf.c)
 *   corpus/snapshots/    Windows directories for comscan diagnose (gen_snap.c)
 *   corpus/MANIFEST.tsv  path<TAB>expected classes (or "healthy") per file,
 *                        and for registration dumps the COM model's classes;
 *                        then the rows of corpus/gen/promoted.tsv (seeds
 *                        promoted from campaigns by fuzz/promote.sh; run
 *                        from the repository root)
 *
 * Every file is built from fixed values (containers by the test writer,
 * tests/support/mdw.c), so running the generator twice gives identical
 * bytes.  The
 * expected classes of each file are listed in corpus/MANIFEST.tsv, which
 * `make test` checks against `comscan scan --json`.
 *
 * usage: gen_corpus CORPUS_DIR
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"
#include "clb/schema.h"
#include "support/mdw.h"

static const char *root;

void
write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char path[1024];
	FILE *f;
	size_t i, n0;
	snprintf(path, sizeof path, "%s/%s", root, dir);
	n0 = strlen(root) + 1;
	for (i = n0; ; i++) {
		if (path[i] == '/' || path[i] == '\0') {
			char c = path[i];
			path[i] = '\0';
			if (mkdir(path, 0777) != 0 && errno != EEXIST) {
				perror(path);
				exit(2);
			}
			path[i] = c;
			if (c == '\0')
				break;
		}
	}
	if (name[0] == '\0')
		return; /* the folder only */
	snprintf(path, sizeof path, "%s/%s/%s", root, dir, name);
	f = fopen(path, "wb");
	if (f == NULL || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

static FILE *manifest;

/* A path and its expected scan classes: the rows written so far, and the
 * _oom seeds written so far (classes NULL until write_oom_rows). */
typedef struct seed_row {
	char *path, *classes;
} seed_row;

typedef struct seed_rows {
	seed_row *v;
	size_t n, cap;
} seed_rows;

static seed_rows written, oom_seeds;

/* A heap copy of s, or of its first n bytes; exits when memory runs out. */
static char *
copy_of(const char *s, size_t n)
{
	char *c = malloc(n + 1);
	if (c == NULL)
		abort();
	memcpy(c, s, n);
	c[n] = '\0';
	return c;
}

static void
rows_add(seed_rows *r, const char *path, const char *classes)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->v = realloc(r->v, r->cap * sizeof *r->v);
		if (r->v == NULL)
			abort();
	}
	r->v[r->n].path = copy_of(path, strlen(path));
	/* the scan classes only: the COM column is the parent's */
	r->v[r->n].classes = classes ? copy_of(classes, strcspn(classes, "\t")) : NULL;
	r->n++;
}

void
expect(const char *dir, const char *name, const char *classes)
{
	char path[1024];
	snprintf(path, sizeof path, "corpus/%s/%s", dir, name);
	fprintf(manifest, "%s\t%s\n", path, classes);
	/* a directory row (name "") ends in '/' */
	rows_add(&written, path, classes);
}

/* The rows of the _oom seeds: each holds the input of the seed of the
 * same name in the folder without "_oom" after its two failure-index
 * bytes (tests/test_manifest.c reads it from there), so it has that
 * seed's scan classes (or, for fuzz_diagnose_oom, its diagnosis's). */
static void
write_oom_rows(void)
{
	size_t i, k;
	for (i = 0; i < oom_seeds.n; i++) {
		const char *p = oom_seeds.v[i].path, *oom = strstr(p, "_oom/");
		char parent[1024];
		if (oom == NULL)
			abort();
		snprintf(parent, sizeof parent, "%.*s%s", (int)(oom - p), p, oom + 4);
		for (k = 0; k < written.n && strcmp(written.v[k].path, parent) != 0; k++)
			;
		if (k == written.n) {
			fprintf(stderr, "gen_corpus: %s copies no seed with a row (%s)\n", p, parent);
			exit(2);
		}
		fprintf(manifest, "%s\t%s\n", p, written.v[k].classes);
	}
}

static void
rows_free(seed_rows *r)
{
	size_t i;
	for (i = 0; i < r->n; i++) {
		free(r->v[i].path);
		free(r->v[i].classes);
	}
	free(r->v);
}

void
write_oom_seed(const char *dir, const char *name, const void *p, size_t n)
{
	/* spread the failures over the first allocations: 3, 10, 17, ... */
	static unsigned next;
	unsigned fail_at = 3 + 7 * (next++ % 16);
	uint8_t *oom = malloc(n + 2);
	if (oom == NULL)
		abort();
	oom[0] = (uint8_t)fail_at, oom[1] = (uint8_t)(fail_at >> 8);
	if (n)
		memcpy(oom + 2, p, n);
	write_file(dir, name, oom, n + 2);
	free(oom);
	{
		char path[1024];
		snprintf(path, sizeof path, "corpus/%s/%s", dir, name);
		rows_add(&oom_seeds, path, NULL);
	}
}

/* A bundled sample; also a seed of the CLB, PE and CLB allocation-failure
 * harnesses (fuzz_pe wraps what is not a PE image in one). */
static void
write_sample(const char *name, const void *p, size_t n, const char *classes)
{
	write_file("samples", name, p, n);
	write_file("fuzz_clb", name, p, n);
	expect("samples", name, classes);
	expect("fuzz_clb", name, classes);
	write_file("fuzz_pe", name, p, n);
	expect("fuzz_pe", name, classes);
	write_oom_seed("fuzz_clb_oom", name, p, n);
}

/* A damaged seed of the CLB and PE harnesses. */
static void
write_seed(const char *name, const void *p, size_t n, const char *classes)
{
	write_file("fuzz_clb", name, p, n);
	expect("fuzz_clb", name, classes);
	write_file("fuzz_pe", name, p, n);
	expect("fuzz_pe", name, classes);
}

static uint8_t *
sample_clb(size_t *len, mdw_layout *lay)
{
	mdw w;
	uint8_t *p;
	mdw_init(&w);
	mdw_sample_module(&w);
	p = mdw_build(&w, len, lay);
	mdw_free(&w);
	return p;
}

/* Index of the stream named name in lay, or exit. */
static size_t
stream_index(const mdw_layout *lay, const char *name)
{
	size_t i;
	for (i = 0; i < lay->nstreams; i++)
		if (strcmp(lay->stream_name[i], name) == 0)
			return i;
	fprintf(stderr, "gen_corpus: no stream %s\n", name);
	exit(2);
}

static void
gen_samples(void)
{
	static const char text[] =
	    "This file is a placeholder created during COM+ setup.\r\n"
	    "It should have been replaced by the real clbcatq.dll.\r\n";
	static const uint8_t schema[64] = { 'c', 'a', 't', 'a', 'l', 'o', 'g', 0 };
	mdw_layout lay;
	pew_opts native = { false, true, 0, 0, 0 };
	uint8_t *md, *pe, *cut;
	size_t len, pelen, i;
	mdw w;

	md = sample_clb(&len, &lay);
	write_sample("healthy.clb", md, len, "healthy");

	pe = pew_build(md, len, NULL, &pelen, NULL);
	write_sample("healthy-assembly.dll", pe, pelen, "healthy");
	free(pe);

	/* a complib-style catalog: extra data in the storage header, #Schema */
	mdw_init(&w);
	mdw_sample_module(&w);
	w.storage_extra = 8;
	w.extra[w.nextra++] = (mdw_extra_stream){ "#Schema", schema, sizeof schema };
	cut = mdw_build(&w, &pelen, NULL);
	write_sample("healthy-complib.clb", cut, pelen, "healthy");
	free(cut);
	mdw_free(&w);

	/* a native DLL, as the real clbcatq.dll is */
	pe = pew_build(NULL, 0, &native, &pelen, NULL);
	write_sample("clbcatq.dll", pe, pelen, "healthy");
	free(pe);

	write_sample("placeholder-zero.dll", "", 0, "zero-byte-placeholder");
	write_sample("placeholder-text.dll", text, sizeof text - 1, "text-placeholder");

	/* a catalog cut inside its table stream */
	write_sample("truncated.clb", md, lay.tables_off + 40, "truncated,out-of-bounds");

	/* the legacy complib signature */
	cut = malloc(len);
	memcpy(cut, md, len);
	memcpy(cut, "COM+", 4);
	write_sample("legacy.clb", cut, len, "legacy-format");

	/* a catalog whose #Strings heap lost its second half */
	memcpy(cut, md, len);
	i = stream_index(&lay, "#Strings");
	put_u32(cut, lay.stream_hdr_off[i] + 4, 8);
	write_sample("corrupt-strings.clb", cut, len, "out-of-bounds,malformed");
	free(cut);
	free(md);
}

/* One damaged copy of the healthy catalog per mutation below. */
typedef struct seed {
	const char *name;
	void (*damage)(uint8_t *p, const mdw_layout *lay);
	const char *classes; /* expected, hand-checked against the intent */
} seed;

static void
d_signature(uint8_t *p, const mdw_layout *lay)
{
	(void)lay;
	memcpy(p, "BJSB", 4); /* byte-swapped: no known signature */
}

static void
d_version(uint8_t *p, const mdw_layout *lay)
{
	(void)lay;
	put_u16(p, 6, 0); /* storage version 1.0, II.24.2.1 */
}

static void
d_stream_oob(uint8_t *p, const mdw_layout *lay)
{
	put_u32(p, lay->stream_hdr_off[stream_index(lay, "#Blob")] + 4, 0x7FFFFFF0);
}

static void
d_stream_overlap(uint8_t *p, const mdw_layout *lay)
{
	size_t g = stream_index(lay, "#GUID"), b = stream_index(lay, "#Blob");
	put_u32(p, lay->stream_hdr_off[g], get_u32(p, lay->stream_hdr_off[b]));
	put_u32(p, lay->stream_hdr_off[g] + 4, 16);
}

static void
d_stream_duplicate(uint8_t *p, const mdw_layout *lay)
{
	/* "#Blob" and "#GUID" are both 8 bytes with padding, so only the name changes */
	memcpy(p + lay->stream_hdr_off[stream_index(lay, "#Blob")] + 8, "#GUID", 5);
}

static void
d_string_utf8(uint8_t *p, const mdw_layout *lay)
{
	size_t s = stream_index(lay, "#Strings");
	p[lay->stream_off[s] + 1] = 0xC0; /* overlong: II.24.2.3 requires UTF-8 */
	p[lay->stream_off[s] + 2] = 0x80;
}

static void
d_guid_index(uint8_t *p, const mdw_layout *lay)
{
	put_u16(p, lay->table_off[0x00] + lay->col_off[0x00][2], 9); /* Module.Mvid */
}

static void
d_rid_range(uint8_t *p, const mdw_layout *lay)
{
	put_u16(p, lay->table_off[0x29] + lay->col_off[0x29][1], 99); /* NestedClass.EnclosingClass */
}

static void
d_unsorted(uint8_t *p, const mdw_layout *lay)
{
	uint8_t tmp[16];
	size_t a = lay->table_off[0x0C], rs = lay->row_size[0x0C];
	memcpy(tmp, p + a, rs);
	memcpy(p + a, p + a + rs, rs);
	memcpy(p + a + rs, tmp, rs);
}

static void
d_stream_count(uint8_t *p, const mdw_layout *lay)
{
	put_u16(p, lay->storage_hdr_off + 2, 0xFFFF);
}


static const seed seeds[] = {
	{ "bad-signature.clb", d_signature, "bad-signature" },
	{ "version-1-0.clb", d_version, "unsupported-version" },
	{ "stream-out-of-bounds.clb", d_stream_oob, "out-of-bounds,dangling-reference" },
	{ "stream-overlap.clb", d_stream_overlap, "overlap" },
	{ "stream-duplicate.clb", d_stream_duplicate, "dangling-reference,duplicate" },
	{ "string-bad-utf8.clb", d_string_utf8, "bad-encoding" },
	{ "guid-index.clb", d_guid_index, "out-of-bounds" },
	{ "rid-out-of-range.clb", d_rid_range, "dangling-reference" },
	{ "unsorted.clb", d_unsorted, "inconsistent" },
	/* 0xFFFF headers: the first 64 (max_streams) are parsed, most of them
	 * from the bytes of the real streams */
	{ "stream-count-limit.clb", d_stream_count,
	    "out-of-bounds,overlap,malformed,duplicate,limit-exceeded" },
};

static void
gen_seeds(void)
{
	mdw_layout lay;
	pew_layout pl;
	pew_opts legacy = { false, false, 1, 0, 1 };
	size_t len, pelen, i;
	uint8_t *md = sample_clb(&len, &lay), *p, *pe;
	mdw w;

	for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		p = malloc(len);
		memcpy(p, md, len);
		seeds[i].damage(p, &lay);
		write_seed(seeds[i].name, p, len, seeds[i].classes);
		free(p);
	}

	/* a stand-alone portable PDB: #Pdb naming 2 TypeDef and 3 MethodDef
	 * rows of another file, entry point MethodDef 1 */
	mdw_init(&w);
	w.pdb = true;
	w.pdb_tables = (1u << CLB_T_TYPEDEF) | (1u << CLB_T_METHODDEF);
	w.pdb_rows[CLB_T_TYPEDEF] = 2;
	w.pdb_rows[CLB_T_METHODDEF] = 3;
	w.pdb_entry = 0x06000001;
	p = mdw_build(&w, &pelen, NULL);
	write_seed("portable-pdb.clb", p, pelen, "healthy");
	free(p);
	/* its entry point names a MethodDef row the counts do not have */
	w.pdb_entry = 0x06000009;
	p = mdw_build(&w, &pelen, NULL);
	write_seed("portable-pdb-entry.clb", p, pelen, "malformed");
	free(p);
	mdw_free(&w);

	/* no Module row (II.22.30 requires exactly one) */
	mdw_init(&w);
	mdw_sample_module(&w);
	w.rows[0x00] = 0;
	p = mdw_build(&w, &pelen, NULL);
	write_seed("module-missing.clb", p, pelen, "malformed");
	free(p);
	mdw_free(&w);

	/* PE shapes (ECMA-335 II.25) */
	pe = pew_build(md, len, NULL, &pelen, &pl);
	/* the section's raw data and the metadata both run past the cut */
	write_seed("pe-truncated.dll", pe, pl.metadata_off + 64, "truncated,out-of-bounds");
	p = malloc(pelen);
	memcpy(p, pe, pelen);
	put_u32(p, 0x3C, 0x7FFFFFF0);
	write_seed("pe-lfanew.dll", p, pelen, "out-of-bounds");
	memcpy(p, pe, pelen);
	memcpy(p + pl.lfanew, "NE\0\0", 4);
	write_seed("pe-dos-only.dll", p, pelen, "bad-signature");
	memcpy(p, pe, pelen);
	memcpy(p + pl.metadata_off, "XXXX", 4);
	write_seed("pe-metadata-signature.dll", p, pelen, "bad-signature");
	memcpy(p, pe, pelen);
	put_u32(p, pl.cli_dir_off, 0x00FF0000);
	write_seed("pe-cli-unmapped.dll", p, pelen, "out-of-bounds");
	free(p);
	free(pe);
	pe = pew_build(md, len, &legacy, &pelen, NULL);
	write_seed("pe-cli-runtime-1.dll", pe, pelen, "legacy-format");
	free(pe);
	free(md);
}

/* Copies the rows of seeds promoted from campaigns (corpus/gen/promoted.tsv,
 * written by fuzz/promote.sh; the seeds themselves are not generated). */
static void
append_promoted(void)
{
	char line[2048];
	FILE *f = fopen("corpus/gen/promoted.tsv", "r");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		if (line[0] != '#')
			fputs(line, manifest);
	fclose(f);
}

int
main(int argc, char **argv)
{
	char path[1024];
	if (argc != 2) {
		fputs("usage: gen_corpus CORPUS_DIR\n", stderr);
		return 2;
	}
	root = argv[1];
	snprintf(path, sizeof path, "%s/MANIFEST.tsv", root);
	manifest = fopen(path, "w");
	if (manifest == NULL) {
		perror(path);
		return 2;
	}
	fputs("# path\texpected scan classes (\"healthy\": no error or warning)[\tclasses of the COM\n"
	      "# model built from it (strict mode, parts split at \";;next-input;;\")] - written by\n"
	      "# corpus/gen/gen_corpus.c\n",
	    manifest);
	gen_samples();
	gen_seeds();
	gen_reg_corpus();
	gen_regf_corpus();
	gen_snapshots();
	write_oom_rows();
	append_promoted();
	rows_free(&written);
	rows_free(&oom_seeds);
	return fclose(manifest) == 0 ? 0 : 2;
}
