/*
 * differential.c - comscan against Mono's metadata verifier on crafted
 * mutations of a real assembly (System.Xml.dll from Debian's mono packages).
 *
 * usage: differential ASSEMBLY OUTDIR
 *
 * Each mutation damages (or legitimately varies) one structure the way
 * clb.md says the readers disagree on, writes OUTDIR/<name>.dll, scans it
 * in-process with libcomscan and runs `pedump --verify metadata` on it.
 * Both outcomes must equal the expected ones in the table below; where the
 * two tools disagree the row names the reason, which docs/differential.md
 * explains.  An outcome nobody expected fails the test, so a behaviour
 * change in either tool shows up here.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "comscan/comscan.h"
#include "support/mdw.h"

/* Where the structures of the pristine assembly are. */
typedef struct layout {
	size_t md;        /* metadata root                        */
	size_t storage;   /* storage header (flags byte)          */
	size_t nstreams;
	size_t hdr[8];    /* stream header offsets                */
	char name[8][32];
	size_t soff[8];   /* stream data file offsets             */
	uint32_t ssize[8];
	size_t tables;    /* #~ stream                            */
	size_t tables_end;
	size_t data_end;  /* end of the last table's rows         */
	size_t rows_end;  /* end of Rows[]                        */
	comscan_clb_table t[64];
	comscan_clb_column col[64][9];
} layout;

static int
stream(const layout *L, const char *name)
{
	size_t i;
	for (i = 0; i < L->nstreams; i++)
		if (strcmp(L->name[i], name) == 0)
			return (int)i;
	return -1;
}

/* File offset of cell (table, row, col), 0 when absent. */
static size_t
cell(const layout *L, unsigned id, uint32_t row, unsigned col)
{
	if (L->t[id].rows < row || L->col[id][col].width == 0)
		return 0;
	return (size_t)L->t[id].file_offset + (size_t)(row - 1) * L->t[id].row_size +
	       L->col[id][col].offset;
}

static uint32_t
get_cell(const uint8_t *p, const layout *L, unsigned id, uint32_t row, unsigned col)
{
	size_t at = cell(L, id, row, col);
	return L->col[id][col].width == 2 ? get_u16(p, at) : get_u32(p, at);
}

static void
set_cell(uint8_t *p, const layout *L, unsigned id, uint32_t row, unsigned col, uint32_t v)
{
	size_t at = cell(L, id, row, col);
	if (L->col[id][col].width == 2)
		put_u16(p, at, (uint16_t)v);
	else
		put_u32(p, at, v);
}

/* ---- mutations ------------------------------------------------------------ */

static bool
m_baseline(uint8_t *p, size_t n, const layout *L)
{
	(void)p, (void)n, (void)L;
	return true;
}

/* II.24.2.1: a version length that is not a multiple of 4 */
static bool
m_version_length_11(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	put_u32(p, L->md + 12, 11);
	return true;
}

/* STGHDR_EXTRADATA set in image metadata, with no extra data */
static bool
m_storage_extradata(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	p[L->storage] |= 1;
	return true;
}

static bool
m_heapsizes_0x10(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	p[L->tables + 6] |= 0x10;
	return true;
}

static bool
m_heapsizes_0x40_missing(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	p[L->tables + 6] |= 0x40;
	return true;
}

/* HeapSizes 0x40 with its four bytes really present after Rows[]: the
 * rows move up by 4 inside the #~ stream's trailing padding. */
static bool
m_heapsizes_0x40_present(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	if (L->tables_end - L->data_end < 4)
		return false;
	memmove(p + L->rows_end + 4, p + L->rows_end, L->data_end - L->rows_end);
	put_u32(p, L->rows_end, 0);
	p[L->tables + 6] |= 0x40;
	return true;
}

/* #Blob entry of Field 1's signature claims 0x00FFFFFF bytes (clb.md F7) */
static bool
m_blob_past_end(uint8_t *p, size_t n, const layout *L)
{
	int b = stream(L, "#Blob");
	uint32_t idx;
	(void)n;
	if (b < 0 || L->t[0x04].rows == 0)
		return false;
	idx = get_cell(p, L, 0x04, 1, 2);
	if (idx + 4 > L->ssize[b])
		return false;
	p[L->soff[b] + idx] = 0xC0;
	p[L->soff[b] + idx + 1] = 0xFF;
	p[L->soff[b] + idx + 2] = 0xFF;
	p[L->soff[b] + idx + 3] = 0xFF;
	return true;
}

static bool
m_module_name_oob(uint8_t *p, size_t n, const layout *L)
{
	int s = stream(L, "#Strings");
	(void)n;
	if (s < 0)
		return false;
	set_cell(p, L, 0x00, 1, 1, L->ssize[s]);
	return true;
}

static bool
m_module_mvid_oob(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	set_cell(p, L, 0x00, 1, 2, 2);
	return true;
}

/* the last Rows[] entry above 0x00FFFFFF */
static bool
m_rows_above_24_bits(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	put_u32(p, L->rows_end - 4, 0x01000001);
	return true;
}

/* TypeDef.FieldList decreasing: the first row whose successor owns
 * fields gets a FieldList past its successor's */
static bool
m_fieldlist_decreasing(uint8_t *p, size_t n, const layout *L)
{
	uint32_t r;
	(void)n;
	for (r = 1; r + 1 <= L->t[0x02].rows; r++) {
		uint32_t next = get_cell(p, L, 0x02, r + 1, 4);
		if (next > get_cell(p, L, 0x02, r, 4) && next + 1 <= L->t[0x04].rows) {
			set_cell(p, L, 0x02, r, 4, next + 1);
			return true;
		}
	}
	return false;
}

/* CustomAttribute rows 1 and N swapped (Sorted bit stays set) */
static bool
m_custom_attribute_unsorted(uint8_t *p, size_t n, const layout *L)
{
	const comscan_clb_table *t = &L->t[0x0C];
	uint8_t tmp[64];
	size_t a, b;
	(void)n;
	if (t->rows < 2 || t->row_size > sizeof tmp)
		return false;
	a = cell(L, 0x0C, 1, 0);
	b = cell(L, 0x0C, t->rows, 0);
	if (get_cell(p, L, 0x0C, 1, 0) == get_cell(p, L, 0x0C, t->rows, 0))
		return false;
	memcpy(tmp, p + a, t->row_size);
	memcpy(p + a, p + b, t->row_size);
	memcpy(p + b, tmp, t->row_size);
	return true;
}

/* CustomAttribute.Type with the unused tag 0 (II.24.2.6) */
static bool
m_custom_attribute_tag0(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	if (L->t[0x0C].rows == 0)
		return false;
	set_cell(p, L, 0x0C, 1, 1, get_cell(p, L, 0x0C, 1, 1) & ~7u);
	return true;
}

/* TypeRef.ResolutionScope naming a row far past its table */
static bool
m_typeref_scope_oob(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	if (L->t[0x01].rows == 0)
		return false;
	set_cell(p, L, 0x01, 1, 0, (0x3000u << 2) | 2);
	return true;
}

/* #US overlapping #Strings */
static bool
m_stream_overlap(uint8_t *p, size_t n, const layout *L)
{
	int us = stream(L, "#US"), st = stream(L, "#Strings");
	(void)n;
	if (us < 0 || st < 0)
		return false;
	put_u32(p, L->hdr[us], get_u32(p, L->hdr[st]));
	return true;
}

/* "#Blob" renamed "#blob" in an image (exact names there) */
static bool
m_stream_lowercase_blob(uint8_t *p, size_t n, const layout *L)
{
	int b = stream(L, "#Blob");
	(void)n;
	if (b < 0)
		return false;
	p[L->hdr[b] + 9] = 'b';
	return true;
}

static bool
m_stream_past_end(uint8_t *p, size_t n, const layout *L)
{
	int b = stream(L, "#Blob");
	(void)n;
	if (b < 0)
		return false;
	put_u32(p, L->hdr[b] + 4, L->ssize[b] + 0x100000);
	return true;
}

/* #US first entry's terminal byte set to 2 (II.24.2.4) */
static bool
m_us_terminal_2(uint8_t *p, size_t n, const layout *L)
{
	int u = stream(L, "#US");
	uint8_t len;
	(void)n;
	if (u < 0 || L->ssize[u] < 3)
		return false;
	len = p[L->soff[u] + 1]; /* entry at offset 1, one-byte length */
	if (len == 0 || len >= 0x80 || len % 2 == 0)
		return false;
	p[L->soff[u] + 1 + len] = 2;
	return true;
}

static bool
m_strings_first_byte(uint8_t *p, size_t n, const layout *L)
{
	int s = stream(L, "#Strings");
	(void)n;
	if (s < 0)
		return false;
	p[L->soff[s]] = 'A';
	return true;
}

/* byte 7 of the table header (ECMA "always 1") = 0: ignored by readers */
static bool
m_table_byte7(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	p[L->tables + 7] = 0;
	return true;
}

/* Sorted bits for absent portable-PDB tables, as real mscorlib has */
static bool
m_sorted_absent(uint8_t *p, size_t n, const layout *L)
{
	(void)n;
	p[L->tables + 16 + 6] |= 0xC4; /* bits 0x32, 0x36, 0x37 */
	return true;
}

typedef struct mutation {
	const char *name;
	bool (*apply)(uint8_t *p, size_t n, const layout *L);
	bool comscan_corrupt;  /* expected verdict                          */
	int pedump;            /* expected: 0 passes, 1 fails                */
	const char *why;       /* reason when the two disagree (see docs)    */
} mutation;

static const mutation mutations[] = {
	{ "baseline", m_baseline, false, 0, NULL },
	{ "version-length-11", m_version_length_11, true, 0,
	    "Mono realigns the storage header to 4; CoreCLR reads it at 16+x (II.24.2.1 needs x%4==0)" },
	{ "storage-extradata-flag", m_storage_extradata, true, 0,
	    "Mono ignores the flags byte; CoreCLR's image loader requires 0" },
	{ "heapsizes-0x10", m_heapsizes_0x10, true, 1, NULL },
	{ "heapsizes-0x40-missing", m_heapsizes_0x40_missing, true, 1, NULL },
	{ "heapsizes-0x40-present", m_heapsizes_0x40_present, false, 1,
	    "Mono's verifier allows only HeapSizes bits 0-2; CoreCLR and SRM honour 0x40" },
	{ "blob-length-past-end", m_blob_past_end, true, 1, NULL },
	{ "module-name-out-of-bounds", m_module_name_oob, true, 1, NULL },
	{ "module-mvid-out-of-bounds", m_module_mvid_oob, true, 0,
	    "Mono compares a GUID index with the heap size - 8 (clb.md 2.3); CoreCLR returns CLDB_E_INDEX_NOTFOUND" },
	{ "rows-above-24-bits", m_rows_above_24_bits, true, 1, NULL },
	{ "typedef-fieldlist-decreasing", m_fieldlist_decreasing, true, 1, NULL },
	{ "customattribute-unsorted", m_custom_attribute_unsorted, true, 0,
	    "Mono does not check CustomAttribute order; CoreCLR and SRM binary-search a table whose Sorted bit is set" },
	{ "customattribute-type-tag-0", m_custom_attribute_tag0, true, 1, NULL },
	{ "typeref-scope-out-of-range", m_typeref_scope_oob, true, 1, NULL },
	{ "stream-overlap", m_stream_overlap, true, 0,
	    "Mono does not compare streams with each other; CoreCLR's image check rejects overlapping streams" },
	{ "stream-lowercase-blob", m_stream_lowercase_blob, true, 1, NULL },
	{ "stream-past-end", m_stream_past_end, true, 1, NULL },
	{ "us-terminal-byte-2", m_us_terminal_2, true, 0,
	    "Mono does not validate #US entries; II.24.2.4 allows only 0 or 1" },
	{ "strings-first-byte", m_strings_first_byte, true, 1, NULL },
	{ "table-header-byte7-zero", m_table_byte7, false, 0, NULL },
	{ "sorted-bits-absent-tables", m_sorted_absent, false, 0, NULL },
};

/* ---- driver ------------------------------------------------------------------ */

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long n;
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		return NULL;
	p = malloc((size_t)n + 1);
	if (p == NULL || fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* Finds the structures of the pristine image with the library itself. */
static bool
locate(const uint8_t *p, size_t n, layout *L)
{
	comscan_clb *clb = NULL;
	comscan_clb_info info;
	comscan_clb_table t;
	size_t i, pos;
	uint32_t x;
	memset(L, 0, sizeof *L);
	if (comscan_clb_open(p, n, NULL, &clb) != COMSCAN_OK)
		return false;
	comscan_clb_get_info(clb, &info);
	if (!info.has_metadata || !info.has_tables) {
		comscan_clb_close(clb);
		return false;
	}
	L->md = (size_t)info.metadata_offset;
	x = get_u32(p, L->md + 12);
	L->storage = L->md + 16 + x;
	L->nstreams = get_u16(p, L->storage + 2);
	pos = L->storage + 4;
	for (i = 0; i < L->nstreams && i < 8; i++) {
		L->hdr[i] = pos;
		L->soff[i] = L->md + get_u32(p, pos);
		L->ssize[i] = get_u32(p, pos + 4);
		snprintf(L->name[i], sizeof L->name[i], "%s", (const char *)p + pos + 8);
		pos += 8 + ((strlen(L->name[i]) + 1 + 3) & ~(size_t)3);
		if (strcmp(L->name[i], "#~") == 0) {
			L->tables = L->soff[i];
			L->tables_end = L->soff[i] + L->ssize[i];
		}
	}
	for (i = 0; comscan_clb_table_at(clb, i, &t) == 0; i++) {
		uint32_t c;
		L->t[t.id] = t;
		for (c = 0; c < t.columns && c < 9; c++)
			(void)comscan_clb_column_at(clb, t.id, c, &L->col[t.id][c]);
		L->data_end = (size_t)t.file_offset + (size_t)t.rows * t.row_size;
		L->rows_end = L->tables + 24 + 4 * (i + 1);
	}
	comscan_clb_close(clb);
	return L->tables != 0;
}

/* Exit status of pedump --verify metadata on path; 128+sig on a signal. */
static int
run_pedump(const char *path)
{
	char cmd[2048];
	int st;
	snprintf(cmd, sizeof cmd, "pedump --verify metadata '%s' >/dev/null 2>&1", path);
	st = system(cmd);
	if (st == -1)
		return -1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* First error code of a report, or "-". */
static const char *
first_error(const comscan_findings *fs)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++)
		if (comscan_findings_at(fs, i)->severity == COMSCAN_SEVERITY_ERROR)
			return comscan_findings_at(fs, i)->code;
	return "-";
}

int
main(int argc, char **argv)
{
	uint8_t *orig, *img;
	size_t n, i;
	layout L;
	int failures = 0;

	if (argc != 3) {
		fputs("usage: differential ASSEMBLY OUTDIR\n", stderr);
		return 2;
	}
	orig = slurp(argv[1], &n);
	if (orig == NULL || !locate(orig, n, &L)) {
		fprintf(stderr, "differential: cannot read or locate metadata in %s\n", argv[1]);
		return 2;
	}
	mkdir(argv[2], 0777);
	printf("   %-30s %-8s %-8s %-38s %s\n", "mutation", "comscan", "pedump", "first comscan error",
	    "agreement");
	for (i = 0; i < sizeof mutations / sizeof mutations[0]; i++) {
		const mutation *m = &mutations[i];
		comscan_report *r = NULL;
		char path[1024];
		FILE *f;
		bool corrupt;
		int pd;
		img = malloc(n);
		memcpy(img, orig, n);
		if (!m->apply(img, n, &L)) {
			printf("   %-30s not applicable to this assembly\n", m->name);
			free(img);
			continue;
		}
		snprintf(path, sizeof path, "%s/%s.dll", argv[2], m->name);
		f = fopen(path, "wb");
		if (f == NULL || fwrite(img, 1, n, f) != n || fclose(f) != 0) {
			fprintf(stderr, "differential: cannot write %s\n", path);
			return 2;
		}
		if (comscan_scan_buffer(img, n, NULL, &r) != COMSCAN_OK)
			return 2;
		corrupt = comscan_findings_verdict(comscan_report_findings(r)) == COMSCAN_VERDICT_CORRUPT;
		pd = run_pedump(path);
		printf("   %-30s %-8s %-8s %-38s %s\n", m->name, corrupt ? "corrupt" : "healthy",
		    pd == 0 ? "pass" : pd > 128 ? "CRASH" : "fail",
		    first_error(comscan_report_findings(r)),
		    (corrupt == (pd != 0)) ? "agree" : m->why ? m->why : "UNEXPLAINED");
		if (corrupt != m->comscan_corrupt) {
			printf("     unexpected comscan verdict for %s\n", m->name);
			failures++;
		}
		if ((pd != 0) != (m->pedump != 0)) {
			printf("     unexpected pedump result for %s (exit %d)\n", m->name, pd);
			failures++;
		}
		comscan_report_close(r);
		free(img);
	}
	free(orig);
	if (failures)
		printf("differential: %d unexpected outcomes\n", failures);
	else
		puts("== differential: every outcome as expected; disagreements are documented");
	return failures ? 1 : 0;
}
