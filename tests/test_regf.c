/*
 * test_regf.c - the regf.* findings catalogue against the hive parser.
 *
 *   1. The catalogue (parser/core/codes.def) and the tests' copy of it
 *      (tests/support/regftest.h) name the same regf.* codes with the same
 *      class and severity, in both directions.
 *   2. Every regf.* code of the catalogue is produced by at least one
 *      input: a minimal reproducer per code (a valid hive from
 *      tests/support/hivew with one field damaged, or a hive and its
 *      transaction log), scanned with comscan_scan_hive; the test fails
 *      listing every code no input produced.  Each reproducer must raise
 *      its code with the catalogue's class and severity, and comscan_scan_
 *      buffer and comscan_registry_open must agree on the hive's findings.
 *
 * The exact findings of each shape (offsets, cascades, trees) are asserted
 * in test_regf_{base,keys,values,logs,api}.c.
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

/* ---- 1. the catalogue ------------------------------------------------------------------ */

static void
test_catalogue_matches_copy(void **state)
{
	size_t i, n = 0;
	(void)state;
	for (i = 0; i < comscan_code_count(); i++) {
		const comscan_code_info *c = comscan_code_at(i);
		const rft_spec *s;
		if (strncmp(c->code, "regf.", 5) != 0)
			continue;
		n++;
		if (rft_spec_index(c->code) == RFT_NSPEC)
			fail_msg("%s is in the catalogue but not in regftest.h's copy", c->code);
		s = rft_spec_find(c->code);
		if (c->cls != s->cls || c->severity != s->sev || c->compat_severity != s->sev ||
		    c->hresult != 0)
			fail_msg("%s: catalogue %s/%s (compat %s, HRESULT 0x%08X), the copy says %s/%s", c->code,
			    comscan_class_name(c->cls), comscan_severity_name(c->severity),
			    comscan_severity_name(c->compat_severity), (unsigned)c->hresult,
			    comscan_class_name(s->cls), comscan_severity_name(s->sev));
		assert_true(strlen(c->meaning) > 20);
		assert_true(strlen(c->remedy) > 10);
	}
	for (i = 0; i < RFT_NSPEC; i++)
		if (comscan_code_lookup(rft_specs[i].code) == NULL)
			fail_msg("%s is in regftest.h's copy but not in the catalogue", rft_specs[i].code);
	assert_int_equal(n, RFT_NSPEC);
}

/* ---- 2. a reproducer per code ------------------------------------------------------------ */

/* An input: a hive, up to one log, options. */
typedef struct shape {
	hivew *h;
	hivew_img *img;
	hivew_img *log;
	comscan_options o;
	/* the sample's records */
	hivew_key a, b;
	hivew_value v, big;
	hivew_raw raw;
} shape;

/*
 * The base sample: ROOT with a and b; a has the class "cls", the values v
 * (REG_BINARY, 10 bytes in a data cell) and big (20000 bytes of big data)
 * and the subkey c; an allocated raw cell of 16 bytes is appended only
 * when a reproducer asks for it.
 */
static void
sample(shape *s, bool raw)
{
	uint8_t big[20000];
	size_t i;
	memset(s, 0, sizeof *s);
	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 3);
	comscan_options_init(&s->o);
	s->h = hivew_new("ROOT");
	s->a = hivew_key_add(s->h, HIVEW_ROOT, "a");
	s->b = hivew_key_add(s->h, HIVEW_ROOT, "b");
	(void)hivew_key_add(s->h, s->a, "c");
	hivew_key_set_class(s->h, s->a, "cls");
	s->v = hivew_value_add(s->h, s->a, "v", HIVEW_REG_BINARY, "0123456789", 10);
	s->big = hivew_value_add(s->h, s->a, "big", HIVEW_REG_BINARY, big, sizeof big);
	if (raw)
		s->raw = hivew_raw_cell(s->h, "0123456789abcdef", 16, true);
	s->img = hivew_build(s->h);
}

static void
shape_free(shape *s)
{
	hivew_img_free(s->img);
	hivew_img_free(s->log);
	hivew_free(s->h);
}

#define NK(k) hivew_cell_nk(s->img, (k))
#define VK(v) hivew_cell_vk(s->img, (v))

/* A dirty primary and a new-format log for the log codes; damage 0 none,
 * 1 a bad Hash-1, 2 a log older than the hive. */
static void
dirty_with_log(shape *s, int damage)
{
	hivew_img *stale, *target = s->img, *primary;
	hivew *h = hivew_new("ROOT");
	hivew_options(h)->seq1 = hivew_options(h)->seq2 = 5;
	stale = hivew_build(h);
	hivew_free(h);
	hivew_set_seq(target, 5, 5);
	hivew_dirty_pair(target, stale, 6, &primary, &s->log);
	if (damage == 1)
		hivew_put8(s->log, 512 + 100, (uint8_t)(hivew_get8(s->log, 512 + 100) ^ 1));
	if (damage == 2)
		hivew_set_seq(primary, 7, 6);
	hivew_img_free(stale);
	s->img = primary;
	hivew_img_free(target);
}

/* Builds the reproducer of code into s; false when there is none. */
static bool
reproduce(const char *code, shape *s)
{
	const char *c = code + 5; /* after "regf." */
	uint32_t x;
	sample(s, strcmp(c, "cell.unreferenced") == 0 || strcmp(c, "cell.bad-size") == 0 ||
		      strcmp(c, "nk.bad-signature") == 0 || strcmp(c, "list.empty") == 0 ||
		      strcmp(c, "vk.bad-signature") == 0);
	/* ---- file and base block */
	if (strcmp(c, "file.too-small") == 0)
		hivew_truncate(s->img, 4096);
	else if (strcmp(c, "file.no-base-block") == 0) {
		memmove(s->img->data, s->img->data + 4096, s->img->len - 4096);
		s->img->len -= 4096;
	}
	else if (strcmp(c, "base.bad-checksum") == 0)
		hivew_put32(s->img, HIVEW_BB_CHECKSUM, hivew_get32(s->img, HIVEW_BB_CHECKSUM) ^ 1);
	else if (strcmp(c, "base.dirty") == 0)
		hivew_set_seq(s->img, 2, 1);
	else if (strcmp(c, "base.version-unsupported") == 0)
		hivew_put32(s->img, HIVEW_BB_MINOR, 7), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.legacy-format") == 0)
		hivew_put32(s->img, HIVEW_BB_MINOR, 1), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.log-file") == 0)
		hivew_put32(s->img, HIVEW_BB_TYPE, 6), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.file-type-unknown") == 0)
		hivew_put32(s->img, HIVEW_BB_TYPE, 3), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.format-unknown") == 0)
		hivew_put32(s->img, HIVEW_BB_FORMAT, 2), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.clustering-factor") == 0)
		hivew_put32(s->img, HIVEW_BB_CLUSTER, 8), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.bins-size-invalid") == 0)
		hivew_put32(s->img, HIVEW_BB_HBINS_SIZE, 0), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.bins-truncated") == 0)
		hivew_put32(s->img, HIVEW_BB_HBINS_SIZE, (uint32_t)(s->img->len - 4096 + 4096)),
		    hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.remnant-data") == 0)
		(void)hivew_append_bin(s->img, 4096, false);
	else if (strcmp(c, "base.root-invalid") == 0)
		hivew_put32(s->img, HIVEW_BB_ROOT, HIVEW_NIL), hivew_fix_checksum(s->img);
	else if (strcmp(c, "base.root-not-entry") == 0)
		hivew_cput16(s->img, NK(HIVEW_ROOT), HIVEW_NK_FLAGS, 0x20);
	/* ---- bins and cells */
	else if (strcmp(c, "hbin.bad-signature") == 0 || strcmp(c, "hbin.padding-run") == 0) {
		if (c[5] == 'b')
			hivew_append_garbage(s->img, 4096, 1);
		else
			hivew_append_fill(s->img, 0, 4096);
		hivew_put32(s->img, HIVEW_BB_HBINS_SIZE, (uint32_t)(s->img->len - 4096));
		hivew_fix_checksum(s->img);
	} else if (strcmp(c, "hbin.offset-mismatch") == 0)
		hivew_put32(s->img, 4096 + HIVEW_HBIN_OFFSET, 0x1000);
	else if (strcmp(c, "hbin.bad-size") == 0)
		hivew_put32(s->img, 4096 + HIVEW_HBIN_SIZE, 0);
	else if (strcmp(c, "hbin.past-end") == 0)
		hivew_put32(s->img, 4096 + hivew_bin_offset(s->img, hivew_nbins(s->img) - 1) + HIVEW_HBIN_SIZE,
		    0x10000000);
	else if (strcmp(c, "cell.bad-size") == 0)
		hivew_set_cell_size(s->img, hivew_cell_raw(s->img, s->raw), 4);
	else if (strcmp(c, "cell.crosses-bin") == 0) {
		x = hivew_bin_free(s->img, 0);
		hivew_set_cell_size(s->img, x, hivew_cell_size(s->img, x) + 8);
	} else if (strcmp(c, "cell.unreferenced") == 0) {
		/* the raw cell is enough */
	}
	/* ---- references */
	else if (strcmp(c, "ref.nil") == 0)
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_VALUES, HIVEW_NIL);
	else if (strcmp(c, "ref.past-end") == 0)
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_VALUES, 0x7FFFF000);
	else if (strcmp(c, "ref.bin-header") == 0)
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_VALUES, 8);
	else if (strcmp(c, "ref.mid-cell") == 0)
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_VALUES, hivew_cell_values(s->img, s->a) + 8);
	else if (strcmp(c, "ref.free-cell") == 0)
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_VALUES, hivew_bin_free(s->img, 0));
	else if (strcmp(c, "ref.damaged-region") == 0) {
		/* zeros where a later bin stood */
		size_t last = hivew_nbins(s->img) - 1;
		x = hivew_bin_offset(s->img, last);
		hivew_fill(s->img, 4096 + x, 0, 4096);
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_VALUES, x + 64);
	}
	/* ---- key nodes */
	else if (strcmp(c, "nk.bad-signature") == 0)
		hivew_cput32(s->img, hivew_cell_list(s->img, HIVEW_ROOT), HIVEW_LF_ENTRY(0),
		    hivew_cell_raw(s->img, s->raw));
	else if (strcmp(c, "nk.truncated") == 0)
		hivew_cput16(s->img, NK(s->b), HIVEW_NK_NAME_LEN, 0xFFFF);
	else if (strcmp(c, "nk.name-empty") == 0)
		hivew_cput16(s->img, NK(s->b), HIVEW_NK_NAME_LEN, 0);
	else if (strcmp(c, "nk.name-odd-length") == 0)
		hivew_cput16(s->img, NK(s->b), HIVEW_NK_FLAGS, 0);
	else if (strcmp(c, "nk.name-surrogate") == 0) {
		hivew_cput16(s->img, NK(s->b), HIVEW_NK_FLAGS, 0);
		hivew_cput16(s->img, NK(s->b), HIVEW_NK_NAME_LEN, 2);
		hivew_cput16(s->img, NK(s->b), HIVEW_NK_NAME, 0xD800);
	} else if (strcmp(c, "nk.name-backslash") == 0)
		hivew_cput(s->img, NK(s->b), HIVEW_NK_NAME, "\\", 1);
	else if (strcmp(c, "nk.name-too-long") == 0) {
		uint16_t u[300];
		size_t i;
		hivew_img_free(s->img);
		for (i = 0; i < 300; i++)
			u[i] = 'n';
		(void)hivew_key_add_units(s->h, s->b, u, 300, true);
		s->img = hivew_build(s->h);
	} else if (strcmp(c, "nk.unexpected-flags") == 0)
		hivew_cput16(s->img, NK(s->b), HIVEW_NK_FLAGS, 0x21);
	else if (strcmp(c, "nk.parent-mismatch") == 0)
		hivew_cput32(s->img, NK(s->b), HIVEW_NK_PARENT, NK(s->a));
	else if (strcmp(c, "nk.subkey-count-mismatch") == 0)
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_NSUBKEYS, 2);
	else if (strcmp(c, "nk.volatile-on-disk") == 0)
		hivew_cput32(s->img, NK(s->b), HIVEW_NK_NVOLATILE, 1);
	else if (strcmp(c, "nk.class-invalid") == 0)
		hivew_cput16(s->img, NK(s->a), HIVEW_NK_CLASS_LEN, 0x100);
	/* ---- the tree */
	else if (strcmp(c, "key.cycle") == 0 || strcmp(c, "key.reached-twice") == 0 ||
		 strcmp(c, "key.unsorted") == 0 || strcmp(c, "key.duplicate-name") == 0 ||
		 strcmp(c, "list.shared") == 0 || strcmp(c, "list.ri-nested") == 0) {
		hivew_img_free(s->img);
		if (strcmp(c, "key.cycle") == 0)
			hivew_key_link(s->h, s->b, HIVEW_ROOT);
		else if (strcmp(c, "key.reached-twice") == 0)
			hivew_key_link(s->h, HIVEW_ROOT, s->b);
		else if (strcmp(c, "key.unsorted") == 0)
			hivew_key_set_order(s->h, HIVEW_ROOT, HIVEW_ORDER_REVERSE);
		else if (strcmp(c, "key.duplicate-name") == 0)
			(void)hivew_key_add(s->h, HIVEW_ROOT, "B");
		else if (strcmp(c, "list.shared") == 0)
			hivew_key_share_list(s->h, s->b, s->a);
		else
			hivew_key_set_ri_nest(s->h, HIVEW_ROOT, 2);
		s->img = hivew_build(s->h);
	} else if (strcmp(c, "key.too-deep") == 0)
		s->o.limits.max_key_depth = 2;
	/* ---- lists */
	else if (strcmp(c, "list.bad-signature") == 0)
		hivew_cput(s->img, hivew_cell_list(s->img, HIVEW_ROOT), 0, "xx", 2);
	else if (strcmp(c, "list.count-past-cell") == 0)
		hivew_cput16(s->img, hivew_cell_list(s->img, HIVEW_ROOT), HIVEW_LIST_COUNT, 100);
	else if (strcmp(c, "list.empty") == 0) {
		x = hivew_cell_raw(s->img, s->raw);
		hivew_cput(s->img, x, 0, "lh\0\0", 4);
		hivew_cput32(s->img, NK(s->b), HIVEW_NK_SUBKEYS, x);
	} else if (strcmp(c, "list.bad-hint") == 0) {
		hivew_img_free(s->img);
		hivew_key_set_list(s->h, HIVEW_ROOT, HIVEW_LIST_LF);
		s->img = hivew_build(s->h);
		hivew_cput32(s->img, hivew_cell_list(s->img, HIVEW_ROOT), HIVEW_LF_HINT(0), 0x41414141);
	} else if (strcmp(c, "list.bad-hash") == 0)
		hivew_cput32(s->img, hivew_cell_list(s->img, HIVEW_ROOT), HIVEW_LF_HINT(0), 1);
	/* ---- values */
	else if (strcmp(c, "values.count-past-cell") == 0)
		hivew_cput32(s->img, NK(s->a), HIVEW_NK_NVALUES, 1000);
	else if (strcmp(c, "vk.bad-signature") == 0)
		hivew_cput32(s->img, hivew_cell_values(s->img, s->a), 0, hivew_cell_raw(s->img, s->raw));
	else if (strcmp(c, "vk.truncated") == 0)
		hivew_cput16(s->img, VK(s->v), HIVEW_VK_NAME_LEN, 0x1000);
	else if (strcmp(c, "vk.duplicate-name") == 0) {
		/* v renamed "BIG": big's name, upper-cased */
		hivew_cput16(s->img, VK(s->v), HIVEW_VK_NAME_LEN, 3);
		hivew_cput(s->img, VK(s->v), HIVEW_VK_NAME, "BIG", 3);
	}
	else if (strcmp(c, "vk.shared") == 0)
		hivew_cput32(s->img, hivew_cell_values(s->img, s->a), 4, VK(s->v));
	else if (strcmp(c, "vk.resident-too-large") == 0)
		hivew_cput32(s->img, VK(s->v), HIVEW_VK_DATA_SIZE, 0x80000008u);
	else if (strcmp(c, "vk.data-past-cell") == 0)
		hivew_cput32(s->img, VK(s->v), HIVEW_VK_DATA_SIZE, 100);
	else if (strcmp(c, "vk.too-large") == 0)
		s->o.limits.max_value_size = 8;
	else if (strcmp(c, "db.bad-signature") == 0)
		hivew_cput(s->img, hivew_cell_data(s->img, s->big), 0, "xx", 2);
	else if (strcmp(c, "db.count-past-list") == 0)
		hivew_cput16(s->img, hivew_cell_data(s->img, s->big), HIVEW_DB_COUNT, 0xFFFF);
	else if (strcmp(c, "db.bad-segment") == 0)
		hivew_cput16(s->img, hivew_cell_data(s->img, s->big), HIVEW_DB_COUNT, 1);
	else if (strcmp(c, "db.truncated") == 0) {
		/* the 16-byte db cell cut to 8 (4 data bytes), the rest freed */
		x = hivew_cell_data(s->img, s->big);
		hivew_set_cell_size(s->img, x, -8);
		hivew_set_cell_size(s->img, x + 8, 8);
	}
	/* ---- security */
	else if (strcmp(c, "sk.bad-signature") == 0)
		hivew_cput(s->img, hivew_cell_sk(s->img, hivew_sk_default(s->h)), 0, "xx", 2);
	else if (strcmp(c, "sk.broken-ring") == 0)
		hivew_cput32(s->img, hivew_cell_sk(s->img, hivew_sk_default(s->h)), HIVEW_SK_FLINK, 0x20);
	else if (strcmp(c, "sk.refcount-mismatch") == 0)
		hivew_cput32(s->img, hivew_cell_sk(s->img, hivew_sk_default(s->h)), HIVEW_SK_REFS, 99);
	/* ---- logs */
	else if (strcmp(c, "log.found") == 0 || strcmp(c, "log.recovers") == 0)
		dirty_with_log(s, 0);
	else if (strcmp(c, "log.invalid") == 0)
		dirty_with_log(s, 1);
	else if (strcmp(c, "log.not-applicable") == 0 || strcmp(c, "log.missing") == 0)
		dirty_with_log(s, 2);
	else
		return false;
	return true;
}

/* Every regf.* code of the catalogue has a reproducer that raises it. */
static void
test_every_code_produced(void **state)
{
	char missing[4096] = "";
	size_t i, nmissing = 0;
	(void)state;
	for (i = 0; i < comscan_code_count(); i++) {
		const comscan_code_info *ci = comscan_code_at(i);
		shape s;
		comscan_report *scan = NULL, *hive = NULL;
		comscan_registry *reg = NULL;
		comscan_buffer lb;
		size_t j, hits = 0;
		uint8_t *copy;
		if (strncmp(ci->code, "regf.", 5) != 0)
			continue;
		if (!reproduce(ci->code, &s)) {
			shape_free(&s);
			nmissing++;
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing), " %s (no reproducer)",
			    ci->code);
			continue;
		}
		copy = rft_copy(s.img->data, s.img->len);
		if (s.log != NULL) {
			lb.data = s.log->data;
			lb.size = s.log->len;
			lb.name = "h.LOG1";
		}
		assert_int_equal(comscan_scan_hive(copy, s.img->len, &lb, s.log != NULL, &s.o, &hive),
		    COMSCAN_OK);
		assert_int_equal(comscan_scan_buffer(copy, s.img->len, &s.o, &scan), COMSCAN_OK);
		assert_int_equal(comscan_registry_open(copy, s.img->len, &s.o, &reg), COMSCAN_OK);
		free(copy);
		if (!rft_same_findings(comscan_report_findings(scan), comscan_registry_findings(reg))) {
			rft_print_findings(comscan_report_findings(scan));
			rft_print_findings(comscan_registry_findings(reg));
			fail_msg("%s: scan and registry_open differ", ci->code);
		}
		for (j = 0; j < comscan_findings_count(comscan_report_findings(hive)); j++) {
			const comscan_finding *f = comscan_findings_at(comscan_report_findings(hive), j);
			if (strcmp(f->code, ci->code) != 0)
				continue;
			hits++;
			assert_int_equal(f->cls, ci->cls);
			assert_int_equal(f->severity, ci->severity);
			assert_ptr_equal(f->info, ci);
		}
		if (hits == 0) {
			print_message("%s: the reproducer raised:\n", ci->code);
			rft_print_findings(comscan_report_findings(hive));
			nmissing++;
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing), " %s", ci->code);
		}
		comscan_report_close(scan);
		comscan_report_close(hive);
		comscan_registry_close(reg);
		shape_free(&s);
	}
	if (nmissing)
		fail_msg("%zu regf codes never produced:%s", nmissing, missing);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_matches_copy),
		cmocka_unit_test(test_every_code_produced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
