/*
 * fuzz_regtext.c - harness for the .reg parser and the registry tree, in
 * both modes (strict and COMSCAN_FLAG_REG_COMPAT): scans the input,
 * renders the report, opens it as a registry handle, walks the tree,
 * writes it as TSV and as a canonical .reg, and reads that back.
 *
 * Contracts checked, for any input:
 *   - scan and open succeed with a handle; findings agree with the
 *     catalogue (compat severities in compat mode); rendered JSON is valid;
 *   - a .reg input gives the same findings to scan (streaming) and to open
 *     (tree-building); any other kind gives an empty tree;
 *   - the walk visits key_count keys and value_count values, each value
 *     right after its key or a sibling value, depths consistent with paths;
 *   - the TSV has one K line per key and one V line per value, 1 or 4 tabs;
 *   - round trip: the canonical .reg re-parses (same mode) with no finding
 *     the original did not have (data-borne ones such as an unpaired
 *     surrogate remain),
 *     gives the same TSV and the same value bytes, and writing it again
 *     gives the same bytes (a fixpoint).
 */
#include "fuzz_common.h"

/* What a walk saw. */
typedef struct walk_state {
	size_t keys, values;
	uint64_t digest;     /* FNV-1a over every item                     */
	char *last_key;      /* path of the last key visited (heap copy)    */
} walk_state;

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

/* Number of '\' separators in a path, plus one. */
static size_t
path_depth(const char *path)
{
	size_t d = 1;
	for (; *path; path++)
		d += *path == '\\';
	return d;
}

static int
visit(void *arg, const comscan_registry_item *it)
{
	walk_state *w = arg;
	FUZZ_REQUIRE(it->path != NULL && it->path[0] != '\0');
	FUZZ_REQUIRE(it->depth >= 1 && it->depth == path_depth(it->path));
	w->digest = fnv(w->digest, it->path, strlen(it->path) + 1);
	if (!it->is_value) {
		FUZZ_REQUIRE(it->name == NULL);
		size_t n = strlen(it->path) + 1;
		free(w->last_key);
		w->last_key = malloc(n);
		FUZZ_REQUIRE(w->last_key != NULL);
		memcpy(w->last_key, it->path, n);
		w->keys++;
		return 0;
	}
	FUZZ_REQUIRE(it->name != NULL);
	FUZZ_REQUIRE(w->last_key != NULL && strcmp(w->last_key, it->path) == 0);
	FUZZ_REQUIRE(it->size == 0 || it->data != NULL);
	w->digest = fnv(w->digest, it->name, strlen(it->name) + 1);
	w->digest = fnv(w->digest, &it->type, sizeof it->type);
	w->digest = fnv(w->digest, &it->size, sizeof it->size);
	if (it->size)
		w->digest = fnv(w->digest, it->data, it->size);
	w->values++;
	return 0;
}

static uint64_t
walk_tree(const comscan_registry *reg)
{
	walk_state w = { 0, 0, 0xcbf29ce484222325ull, NULL };
	FUZZ_REQUIRE(comscan_registry_walk(reg, visit, &w) == 0);
	free(w.last_key);
	FUZZ_REQUIRE(w.keys == comscan_registry_key_count(reg));
	FUZZ_REQUIRE(w.values == comscan_registry_value_count(reg));
	return w.digest;
}

/* Checks the TSV's line shapes and counts; the caller frees *tsv. */
static void
check_tsv(const comscan_registry *reg, fuzz_buf *tsv)
{
	size_t i, keys = 0, values = 0, tabs = 0;
	FUZZ_REQUIRE(comscan_registry_write_tsv(reg, fuzz_buf_sink, tsv) == 0);
	FUZZ_REQUIRE(tsv->len == 0 || memchr(tsv->p, '\0', tsv->len) == NULL);
	for (i = 0; i < tsv->len; i++) {
		if (tsv->p[i] == '\t') {
			tabs++;
		} else if (tsv->p[i] == '\n') {
			FUZZ_REQUIRE(tabs == 1 || tabs == 4);
			tabs = 0;
		} else if (tsv->p[i] == '\r') {
			FUZZ_REQUIRE(!"a raw CR in the TSV");
		}
		if (i == 0 || tsv->p[i - 1] == '\n') {
			FUZZ_REQUIRE(tsv->p[i] == 'K' || tsv->p[i] == 'V');
			keys += tsv->p[i] == 'K';
			values += tsv->p[i] == 'V';
		}
	}
	FUZZ_REQUIRE(tsv->len == 0 || tsv->p[tsv->len - 1] == '\n');
	FUZZ_REQUIRE(keys == comscan_registry_key_count(reg));
	FUZZ_REQUIRE(values == comscan_registry_value_count(reg));
}



/* The canonical file reports nothing the original did not: what it can
 * still report comes from the data itself (an unpaired surrogate in a
 * name, an odd-length string payload, an HKEY_DYN_DATA root in compat
 * mode), never from how the writer spelled it. */
static void
require_clean(const comscan_findings *orig, const comscan_registry *back)
{
	const comscan_findings *fs = comscan_registry_findings(back);
	size_t i;
	if (fuzz_has_code(orig, "core.findings.limit-exceeded"))
		return; /* the original's list is incomplete */
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (fuzz_has_code(orig, f->code))
			continue;
		/* a string holding an unpaired surrogate, quoted in the original
		 * (the text's encoding finding, one per surrogate), is written as
		 * hex(1) (the hex payload's finding, one per value): the same
		 * data, so never more of these than the original had of those */
		if (strcmp(f->code, "regtext.hex.invalid-utf16") == 0 &&
		    fuzz_count_code(fs, "regtext.hex.invalid-utf16") <=
		        fuzz_count_code(orig, "regtext.hex.invalid-utf16") +
		            fuzz_count_code(orig, "regtext.encoding.unpaired-surrogate"))
			continue;
		fprintf(stderr, "canonical output: %s line %u: %s\n", f->code, (unsigned)f->line,
		    f->message);
		FUZZ_REQUIRE(!"the canonical .reg reports only what the original did");
	}
}

/* The canonical .reg of reg re-parses (in the same mode) into the same tree, and writing that tree again gives the same bytes. */
static void
check_round_trip(const comscan_registry *reg, const comscan_options *o, const fuzz_buf *tsv,
    uint64_t digest)
{
	fuzz_buf out = { NULL, 0, 0 }, again = { NULL, 0, 0 }, tsv2 = { NULL, 0, 0 };
	comscan_registry *back = NULL;
	FUZZ_REQUIRE(comscan_registry_write_reg(reg, fuzz_buf_sink, &out) == 0);
	FUZZ_REQUIRE(comscan_registry_open(out.p, out.len, o, &back) == COMSCAN_OK);
	FUZZ_REQUIRE(comscan_registry_kind(back) == COMSCAN_KIND_REG);
	require_clean(comscan_registry_findings(reg), back);
	check_tsv(back, &tsv2);
	FUZZ_REQUIRE(tsv2.len == tsv->len && (tsv->len == 0 || memcmp(tsv2.p, tsv->p, tsv->len) == 0));
	FUZZ_REQUIRE(walk_tree(back) == digest);
	FUZZ_REQUIRE(comscan_registry_write_reg(back, fuzz_buf_sink, &again) == 0);
	FUZZ_REQUIRE(again.len == out.len && memcmp(again.p, out.p, out.len) == 0);
	comscan_registry_close(back);
	fuzz_buf_free(&out);
	fuzz_buf_free(&again);
	fuzz_buf_free(&tsv2);
}

/* scan and open agree on the kind and, for a .reg input, on the findings. */
static void
check_same_findings(const comscan_report *r, const comscan_registry *reg)
{
	const comscan_findings *a = comscan_report_findings(r);
	const comscan_findings *b = comscan_registry_findings(reg);
	size_t i;
	FUZZ_REQUIRE(comscan_registry_kind(reg) == comscan_report_kind(r));
	FUZZ_REQUIRE(comscan_findings_count(a) == comscan_findings_count(b));
	for (i = 0; i < comscan_findings_count(a); i++) {
		const comscan_finding *fa = comscan_findings_at(a, i);
		const comscan_finding *fb = comscan_findings_at(b, i);
		FUZZ_REQUIRE(fa->info == fb->info && fa->offset == fb->offset);
		FUZZ_REQUIRE(fa->line == fb->line && fa->column == fb->column);
		FUZZ_REQUIRE(strcmp(fa->message, fb->message) == 0);
	}
}

static void
run_mode(const uint8_t *data, size_t size, uint32_t flags)
{
	comscan_options o;
	comscan_report *r = (comscan_report *)1;
	comscan_registry *reg = (comscan_registry *)1;
	fuzz_buf tsv = { NULL, 0, 0 };
	uint64_t digest;

	comscan_options_init(&o);
	o.flags = flags;
	FUZZ_REQUIRE(comscan_scan_buffer(data, size, &o, &r) == COMSCAN_OK && r != NULL);
	fuzz_check_findings_mode(comscan_report_findings(r), flags);
	fuzz_render(r, data, size);

	FUZZ_REQUIRE(comscan_registry_open(data, size, &o, &reg) == COMSCAN_OK && reg != NULL);
	fuzz_check_findings_mode(comscan_registry_findings(reg), flags);
	check_same_findings(r, reg);
	if (comscan_registry_kind(reg) != COMSCAN_KIND_REG)
		FUZZ_REQUIRE(comscan_registry_key_count(reg) == 0 &&
		    comscan_registry_value_count(reg) == 0);
	digest = walk_tree(reg);
	check_tsv(reg, &tsv);
	check_round_trip(reg, &o, &tsv, digest);
	fuzz_buf_free(&tsv);
	comscan_registry_close(reg);
	comscan_report_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run_mode(data, size, 0);
	run_mode(data, size, COMSCAN_FLAG_REG_COMPAT);
	return 0;
}
