/*
 * fuzz_regf.c - harness for the hive parser: scans the input, opens it as
 * a registry handle and walks every key and value, writes its TSV both
 * from the tree and streamed and its canonical .reg (read back), builds
 * the COM model from it, and checks its transaction logs.  The input is
 * a hive, optionally followed by up to three logs, each after the marker
 * of support/comsplit.h.  The base block checksum is not verified
 * (COMSCAN_FLAG_REGF_NO_CHECKSUM), so mutations reach the hive bins
 * instead of stopping at a bad checksum.
 *
 * Contracts checked, for any input:
 *   - scanning with the logs (when there are logs, or the hive is dirty)
 *     gives the findings of scanning without them, then only regf.log.*
 *     findings (and the findings cap's);
 *   - scan, open, the streamed TSV and the COM build succeed; findings
 *     agree with the catalogue; rendered JSON is valid;
 *   - scan, open and the streamed dump report the same findings;
 *   - the walk visits key_count keys and value_count values;
 *   - the streamed TSV equals the tree's TSV unless the hive has duplicate
 *     key or value names or unsorted lists (the tree merges equal names);
 *   - round trip: the tree's canonical .reg re-parses (strictly) into the
 *     same TSV but for what the writer left out, a comment line each, and
 *     reports only what .reg cannot say exactly (reg_cannot_say);
 *   - the COM model (built with the checksum verified) has its classes
 *     findable by their CLSID;
 *   - comscan_hive_get_info answers exactly for a 512-byte "regf" block.
 */
#include "fuzz_common.h"
#include "support/comsplit.h"

typedef struct counts {
	size_t keys, values;
} counts;

static int
count_item(void *arg, const comscan_registry_item *it)
{
	counts *c = arg;
	FUZZ_REQUIRE(it->path != NULL);
	if (it->is_value) {
		FUZZ_REQUIRE(it->name != NULL && (it->size == 0 || it->data != NULL));
		c->values++;
	} else {
		c->keys++;
	}
	return 0;
}

/* Two findings lists are the same, finding by finding. */
static void
same_findings(const comscan_findings *a, const comscan_findings *b)
{
	size_t i;
	FUZZ_REQUIRE(comscan_findings_count(a) == comscan_findings_count(b));
	for (i = 0; i < comscan_findings_count(a); i++) {
		const comscan_finding *x = comscan_findings_at(a, i), *y = comscan_findings_at(b, i);
		FUZZ_REQUIRE(x->info == y->info && x->offset == y->offset);
		FUZZ_REQUIRE(strcmp(x->message, y->message) == 0);
	}
}

/* The base block's fields as comscan_hive_get_info gives them: present
 * exactly when the input starts with "regf" and holds 512 bytes; the
 * name printable and terminated; the computed checksum fixed up. */
static int
check_info(const uint8_t *data, size_t size, comscan_hive_info *out)
{
	comscan_hive_info hi;
	const char *c;
	int ok = comscan_hive_get_info(data, size, &hi);
	FUZZ_REQUIRE((ok == 0) == (size >= 512 && memcmp(data, "regf", 4) == 0));
	FUZZ_REQUIRE(memchr(hi.file_name, '\0', sizeof hi.file_name) != NULL);
	for (c = hi.file_name; *c; c++)
		FUZZ_REQUIRE(*c >= 0x20 && *c < 0x7F);
	/* the fix-ups: a computed checksum is never 0 or 0xFFFFFFFF */
	FUZZ_REQUIRE(ok != 0 || (hi.checksum_computed != 0 && hi.checksum_computed != 0xFFFFFFFFu));
	*out = hi;
	return ok;
}

/* The COM model from the hive, built with the checksum verified (so a
 * failing checksum's path, an untrusted base block, is fuzzed too): every
 * class is found by its CLSID. */
static void
check_com(const uint8_t *data, size_t size, const comscan_options *o)
{
	comscan_com_input in = { data, size, "hive" };
	comscan_com *m = NULL;
	fuzz_buf json = { NULL, 0, 0 };
	size_t i;
	FUZZ_REQUIRE(comscan_com_build(&in, 1, o, &m) == COMSCAN_OK && m != NULL);
	fuzz_check_findings(comscan_com_findings(m));
	for (i = 0; i < comscan_com_class_count(m); i++) {
		const comscan_com_class *c = comscan_com_class_at(m, i);
		FUZZ_REQUIRE(comscan_com_class_find(m, c->clsid) != NULL);
	}
	FUZZ_REQUIRE(comscan_com_render_json(m, fuzz_buf_sink, &json) == 0);
	fuzz_require_json(&json);
	fuzz_buf_free(&json);
	comscan_com_close(m);
}

/* What a canonical .reg cannot say exactly of a hive, by the finding its
 * strict re-parse gives: string-typed data without a final NUL, which an
 * import completes (hex.unterminated-string: that value's size changes);
 * an unpaired UTF-16 surrogate in a name, which the text keeps but
 * reports (encoding.unpaired-surrogate), or in string-typed data written
 * as hex (hex.invalid-utf16), as is string-typed data of an odd length
 * (hex.odd-length).  What a .reg file cannot hold at all (names with a
 * NUL, CR, LF or backslash, empty or too long names, keys too deep) the
 * writer leaves out with a comment line each (report/regwrite.c). */
static const char *const reg_cannot_say[] = {
	"regtext.hex.unterminated-string", "regtext.encoding.unpaired-surrogate",
	"regtext.hex.invalid-utf16", "regtext.hex.odd-length",
};

static int
cannot_say(const char *code)
{
	size_t i;
	for (i = 0; i < sizeof reg_cannot_say / sizeof reg_cannot_say[0]; i++)
		if (strcmp(code, reg_cannot_say[i]) == 0)
			return 1;
	return 0;
}

/* Occurrences of ASCII text as UTF-16LE units in b. */
static size_t
count_utf16(const fuzz_buf *b, const char *ascii)
{
	size_t n = strlen(ascii), i, k, hits = 0;
	for (i = 0; b->len >= 2 * n && i <= b->len - 2 * n; i += 2) {
		for (k = 0; k < n && b->p[i + 2 * k] == ascii[k] && b->p[i + 2 * k + 1] == 0; k++)
			;
		hits += k == n;
	}
	return hits;
}

/* How many of all's lines sub leaves out, or -1 when sub's lines are not
 * an ordered subsequence of all's. */
static long
lines_left_over(const fuzz_buf *sub, const fuzz_buf *all)
{
	size_t i = 0, j = 0;
	long left = 0;
	while (j < all->len) {
		const char *a = all->p + j, *ae = memchr(a, '\n', all->len - j);
		size_t alen = ae ? (size_t)(ae - a) + 1 : all->len - j;
		const char *b = i < sub->len ? sub->p + i : NULL, *be;
		size_t blen = 0;
		if (b) {
			be = memchr(b, '\n', sub->len - i);
			blen = be ? (size_t)(be - b) + 1 : sub->len - i;
		}
		if (b && alen == blen && memcmp(a, b, alen) == 0)
			i += blen;
		else
			left++;
		j += alen;
	}
	return i == sub->len ? left : -1;
}

/* Round trip through the writer (hive -> tree -> canonical .reg -> tree):
 * the .reg re-parses strictly, reporting only what .reg cannot say
 * exactly; its tree is the hive's tree (same TSV) without the items the
 * writer left out, at least one per comment line, and all of it when
 * there is no comment line (unless a string's size changed). */
static void
check_reg_round_trip(const comscan_registry *reg, const fuzz_buf *tsv)
{
	comscan_options strict;
	comscan_registry *back = NULL;
	const comscan_findings *fs;
	fuzz_buf out = { NULL, 0, 0 }, tsv2 = { NULL, 0, 0 };
	size_t i, comments;
	long left;
	comscan_options_init(&strict);
	FUZZ_REQUIRE(comscan_registry_write_reg(reg, fuzz_buf_sink, &out) == 0);
	FUZZ_REQUIRE(comscan_registry_open(out.p, out.len, &strict, &back) == COMSCAN_OK &&
	             back != NULL);
	FUZZ_REQUIRE(comscan_registry_kind(back) == COMSCAN_KIND_REG);
	fs = comscan_registry_findings(back);
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (cannot_say(f->code))
			continue;
		fprintf(stderr, "canonical .reg of the hive, line %u: %s: %s\n", (unsigned)f->line,
		    f->code, f->message);
		FUZZ_REQUIRE(!"the hive's .reg reports only what .reg cannot say");
	}
	comments = count_utf16(&out, "\n; comscan: ");
	FUZZ_REQUIRE(comscan_registry_write_tsv(back, fuzz_buf_sink, &tsv2) == 0);
	if (!fuzz_has_code(fs, "regtext.hex.unterminated-string")) {
		left = lines_left_over(&tsv2, tsv);
		FUZZ_REQUIRE(left >= 0 && (size_t)left >= comments);
		if (comments == 0)
			FUZZ_REQUIRE(left == 0);
	}
	comscan_registry_close(back);
	fuzz_buf_free(&out);
	fuzz_buf_free(&tsv2);
}

/* The hive with its logs reports what it reports alone, then findings
 * about the logs. */
static void
check_logs(const comscan_findings *alone, const comscan_com_input *parts, size_t n,
    const comscan_options *o)
{
	static const char *const names[COMSPLIT_MAX - 1] = { "h.LOG1", "h.LOG2", "h.LOG" };
	comscan_buffer logs[COMSPLIT_MAX];
	comscan_report *r = NULL;
	const comscan_findings *fs;
	size_t i;
	for (i = 1; i < n; i++)
		logs[i - 1] = (comscan_buffer){ parts[i].data, parts[i].size, names[i - 1] };
	FUZZ_REQUIRE(comscan_scan_hive(parts[0].data, parts[0].size, logs, n - 1, o, &r) ==
	                 COMSCAN_OK &&
	             r != NULL);
	fs = comscan_report_findings(r);
	fuzz_check_findings(fs);
	FUZZ_REQUIRE(comscan_findings_count(fs) >= comscan_findings_count(alone));
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i), *g;
		if (i >= comscan_findings_count(alone)) {
			FUZZ_REQUIRE(strncmp(f->code, "regf.log.", 9) == 0 ||
			             strcmp(f->code, "core.findings.limit-exceeded") == 0);
			continue;
		}
		g = comscan_findings_at(alone, i);
		FUZZ_REQUIRE(f->info == g->info && f->offset == g->offset &&
		             strcmp(f->message, g->message) == 0);
	}
	comscan_report_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	comscan_com_input parts[COMSPLIT_MAX];
	size_t nparts = comsplit(data, size, parts);
	comscan_hive_info hi;
	comscan_options o;
	comscan_report *r = NULL, *streamed = NULL;
	comscan_registry *reg = NULL;
	fuzz_buf tree = { NULL, 0, 0 }, stream = { NULL, 0, 0 };
	counts c = { 0, 0 };

	comscan_options_init(&o);
	o.flags = COMSCAN_FLAG_REGF_NO_CHECKSUM;
	data = parts[0].data, size = parts[0].size;
	FUZZ_REQUIRE(comscan_scan_buffer(data, size, &o, &r) == COMSCAN_OK && r != NULL);
	fuzz_check_findings(comscan_report_findings(r));
	fuzz_render(r, data, size);
	/* without logs, scanning for them differs only for a dirty hive
	 * (unequal sequence numbers or a failing checksum: regf.log.missing);
	 * the parse is skipped otherwise */
	if (check_info(data, size, &hi) != 0)
		hi.seq1 = hi.seq2 = 0, hi.checksum = hi.checksum_computed = 0; /* no base block */
	if (nparts > 1 || hi.seq1 != hi.seq2 || hi.checksum != hi.checksum_computed)
		check_logs(comscan_report_findings(r), parts, nparts, &o);

	FUZZ_REQUIRE(comscan_registry_open(data, size, &o, &reg) == COMSCAN_OK && reg != NULL);
	FUZZ_REQUIRE(comscan_registry_kind(reg) == comscan_report_kind(r));
	same_findings(comscan_report_findings(r), comscan_registry_findings(reg));
	FUZZ_REQUIRE(comscan_registry_walk(reg, count_item, &c) == 0);
	FUZZ_REQUIRE(c.keys == comscan_registry_key_count(reg));
	FUZZ_REQUIRE(c.values == comscan_registry_value_count(reg));
	FUZZ_REQUIRE(comscan_registry_write_tsv(reg, fuzz_buf_sink, &tree) == 0);
	if (comscan_registry_kind(reg) == COMSCAN_KIND_REGF)
		check_reg_round_trip(reg, &tree);

	FUZZ_REQUIRE(comscan_registry_dump_tsv(data, size, &o, fuzz_buf_sink, &stream, &streamed) ==
	                 COMSCAN_OK &&
	             streamed != NULL);
	same_findings(comscan_report_findings(r), comscan_report_findings(streamed));
	/* the tree merges keys (and values) of equal names; the walk finds
	 * equal neighbours, so only a sorted hive without them must agree */
	if (comscan_report_kind(r) == COMSCAN_KIND_REGF &&
	    !fuzz_has_code(comscan_report_findings(r), "regf.key.duplicate-name") &&
	    !fuzz_has_code(comscan_report_findings(r), "regf.vk.duplicate-name") &&
	    !fuzz_has_code(comscan_report_findings(r), "regf.key.unsorted"))
		FUZZ_REQUIRE(tree.len == stream.len &&
		             (tree.len == 0 || memcmp(tree.p, stream.p, tree.len) == 0));
	o.flags &= ~COMSCAN_FLAG_REGF_NO_CHECKSUM;
	check_com(data, size, &o);

	fuzz_buf_free(&tree);
	fuzz_buf_free(&stream);
	comscan_report_close(streamed);
	comscan_registry_close(reg);
	comscan_report_close(r);
	return 0;
}
