/*
 * test_regtext_big.c - .reg inputs of unusual size (regtext.md 1.1 "Line
 * length: unbounded", Q8: hivex writes lines of 592,349 characters):
 * very long hex, string and garbage lines, a key deeper than the default
 * max_key_depth, a key thousands of levels deep walked and written without
 * recursion, and 200,000 values under one key, 100,000 keys under one
 * parent and 100,000 rewrites of 1,000 names (the AVL name map of
 * core/memtree.c).  Each test stays well under a second under ASan.
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
#include "support/regtext_build.h"
#include "support/tbuf.h"

#define R4 "REGEDIT4\r\n"
#define KEYA "[HKEY_CURRENT_USER\\a]\r\n"
#define PA "HKEY_CURRENT_USER\\a"
#define F(code, line, col) { "regtext." code, line, col }
#define EXP(...) ((const rtb_exp[]){ __VA_ARGS__, { NULL, 0, 0 } })
#define NONE ((const rtb_exp[]){ { NULL, 0, 0 } })


/* ---- long lines ---------------------------------------------------------------- */

/* Q8: a hex line of 600,007 characters (200,000 items) is one value with
 * every byte in place, in 8-bit and UTF-16 files */
static void
test_long_hex_line(void **state)
{
	tbuf b = TBUF_INIT;
	size_t i, size = 0;
	uint32_t type = 0, line = 0;
	uint8_t *d;
	int pass;
	(void)state;
	tbuf_puts(&b, R4 KEYA "\"h\"=hex:");
	for (i = 0; i < 200000; i++)
		tbuf_printf(&b, i + 1 < 200000 ? "%02x," : "%02x\r\n", (unsigned)((i * 7 + i / 256) & 0xFF));
	assert_int_equal(b.n - strlen(R4 KEYA) - 2, 600007);
	for (pass = 0; pass < 2; pass++) {
		rtb_bytes in = pass ? rtb_utf16(b.p, b.n, false, true) : rtb_copy(b.p, b.n);
		comscan_registry *reg = rtb_open(in.p, in.n, 0, NULL);
		rtb_free(&in);
		rtb_check_findings("long hex", comscan_registry_findings(reg), 0, NONE);
		d = rtb_value(reg, PA, "h", &type, &size, &line);
		comscan_registry_close(reg);
		assert_non_null(d);
		assert_int_equal(type, 3);
		assert_int_equal(line, 3);
		assert_int_equal(size, 200000);
		for (i = 0; i < 200000; i++)
			if (d[i] != (uint8_t)((i * 7 + i / 256) & 0xFF))
				fail_msg("byte %zu is %02x", i, d[i]);
		free(d);
	}
	free(b.p);
}

/* 1.3: a garbage line of 1,000,000 characters is one finding; the key stays
 * open for the next value */
static void
test_long_garbage_line(void **state)
{
	tbuf b = TBUF_INIT;
	char *x = malloc(1000000);
	rtb_bytes u;
	(void)state;
	assert_non_null(x);
	memset(x, 'x', 1000000);
	tbuf_puts(&b, R4 KEYA);
	tbuf_put(&b, x, 1000000);
	tbuf_puts(&b, "\r\n\"v\"=\"1\"\r\n");
	free(x);
	rtb_run_modes("garbage", b.p, b.n, EXP(F("line.unrecognized", 3, 1)),
	    "K HKEY_CURRENT_USER\nK " PA "\nV " PA "|v|1|\"1\"\n",
	    "K HKEY_CURRENT_USER\nK " PA "\nV " PA "|v|1|\"1\"\n");
	u = rtb_utf16(b.p, b.n, false, true);
	rtb_run("garbage UTF-16", u.p, u.n, 0, NULL, EXP(F("line.unrecognized", 3, 1)),
	    "K HKEY_CURRENT_USER\nK " PA "\nV " PA "|v|1|\"1\"\n");
	rtb_free(&u);
	free(b.p);
}

/* Q8: a quoted string of 300,000 characters is REG_SZ of 600,002 bytes */
static void
test_long_string_line(void **state)
{
	tbuf b = TBUF_INIT;
	size_t i, size = 0;
	uint8_t *d;
	comscan_registry *reg;
	(void)state;
	tbuf_puts(&b, R4 KEYA "\"s\"=\"");
	for (i = 0; i < 300000; i++)
		tbuf_put(&b, &"abcdefghijklmnopqrstuvwxyz"[i % 26], 1);
	tbuf_puts(&b, "\"\r\n");
	reg = rtb_open(b.p, b.n, 0, NULL);
	rtb_check_findings("long string", comscan_registry_findings(reg), 0, NONE);
	d = rtb_value(reg, PA, "s", NULL, &size, NULL);
	comscan_registry_close(reg);
	assert_non_null(d);
	assert_int_equal(size, 600002);
	for (i = 0; i < 300000; i++)
		if (d[2 * i] != (uint8_t)('a' + i % 26) || d[2 * i + 1] != 0)
			fail_msg("unit %zu", i);
	assert_int_equal(d[600000] | d[600001], 0);
	free(d);
	free(b.p);
}

/* ---- depth ------------------------------------------------------------------------ */

typedef struct depth_ctx {
	size_t max_depth, keys;
} depth_ctx;

static int
depth_item(void *ctx, const comscan_registry_item *it)
{
	depth_ctx *c = ctx;
	if (!it->is_value) {
		c->keys++;
		if (it->depth > c->max_depth)
			c->max_depth = it->depth;
	}
	return 0;
}

/* limits.max_key_depth (default 512): a key 600 levels deep is refused with
 * regtext.key.too-deep, its values go nowhere, nothing near 600 levels is
 * built (the exact boundary: test_regtext.c test_key_depth_*) */
static void
test_deep_key_600(void **state)
{
	tbuf b = TBUF_INIT;
	size_t i;
	comscan_registry *reg;
	const comscan_findings *fs;
	const comscan_finding *f0, *f1;
	depth_ctx c = { 0, 0 };
	(void)state;
	tbuf_puts(&b, R4 "[HKEY_CURRENT_USER");
	for (i = 0; i < 599; i++)
		tbuf_puts(&b, "\\a");
	tbuf_puts(&b, "]\r\n\"v\"=\"1\"\r\n");
	reg = rtb_open(b.p, b.n, 0, NULL);
	fs = comscan_registry_findings(reg);
	assert_int_equal(comscan_findings_count(fs), 2);
	f0 = comscan_findings_at(fs, 0);
	f1 = comscan_findings_at(fs, 1);
	assert_string_equal(f0->code, "regtext.key.too-deep");
	assert_int_equal(f0->cls, COMSCAN_CLASS_LIMIT_EXCEEDED);
	assert_int_equal(f0->severity, COMSCAN_SEVERITY_ERROR);
	assert_int_equal(f0->line, 2);
	assert_string_equal(f1->code, "regtext.value.no-key");
	assert_int_equal(f1->line, 3);
	assert_int_equal(comscan_registry_value_count(reg), 0);
	assert_int_equal(comscan_registry_walk(reg, depth_item, &c), 0);
	assert_true(c.max_depth < 600);
	assert_int_equal(c.keys, comscan_registry_key_count(reg));
	comscan_registry_close(reg);
	free(b.p);
}

static int
count_sink(void *ctx, const char *data, size_t len)
{
	(void)data;
	*(size_t *)ctx += len;
	return 0;
}

/* A key 3,000 levels deep (max_key_depth raised) is built, walked and
 * written as TSV and .reg without recursion */
static void
test_deep_key_walk(void **state)
{
	tbuf b = TBUF_INIT;
	size_t i, tsv = 0, reg_bytes = 0;
	comscan_options o;
	comscan_registry *reg;
	depth_ctx c = { 0, 0 };
	(void)state;
	comscan_options_init(&o);
	o.limits.max_key_depth = 4000;
	tbuf_puts(&b, R4 "[HKEY_CURRENT_USER");
	for (i = 0; i < 2999; i++)
		tbuf_puts(&b, "\\k");
	tbuf_puts(&b, "]\r\n@=\"deep\"\r\n");
	reg = rtb_open(b.p, b.n, 0, &o.limits);
	rtb_check_findings("deep", comscan_registry_findings(reg), 0, NONE);
	assert_int_equal(comscan_registry_key_count(reg), 3000);
	assert_int_equal(comscan_registry_walk(reg, depth_item, &c), 0);
	assert_int_equal(c.max_depth, 3000);
	assert_int_equal(comscan_registry_write_tsv(reg, count_sink, &tsv), 0);
	assert_int_equal(comscan_registry_write_reg(reg, count_sink, &reg_bytes), 0);
	/* TSV: "K\t" + path + "\n" per key, path of depth d = 17 + 2(d-1) chars;
	 * then "V\t" path "\t" "" "\tREG_SZ\t10\n" for the default value */
	assert_int_equal(tsv, (size_t)3000 * 3 + 3000 * 17 + 2999 * 3000 +
	    (2 + (17 + 2 * 2999) + 1 + 1 + 6 + 1 + 2 + 1));
	assert_true(reg_bytes > 2 * 2999 * 3000);
	comscan_registry_close(reg);
	free(b.p);
}

/* ---- many keys and values ---------------------------------------------------------- */

typedef struct seq_ctx {
	size_t i;
	const char *fail;
} seq_ctx;

static uint32_t
mix(size_t i)
{
	return (uint32_t)(i * 2654435761u);
}

static int
values_item(void *ctx, const comscan_registry_item *it)
{
	seq_ctx *c = ctx;
	char name[16];
	uint32_t v;
	if (!it->is_value)
		return 0;
	snprintf(name, sizeof name, "v%06zu", c->i);
	v = mix(c->i);
	if (strcmp(it->name, name) != 0 || it->type != 4 || it->size != 4 ||
	    memcmp(it->data, (uint8_t[]){ (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
				 (uint8_t)(v >> 24) }, 4) != 0 ||
	    it->line != c->i + 3) {
		c->fail = "value out of order or wrong";
		return 1;
	}
	c->i++;
	return 0;
}

/* 200,000 value lines under one key: all kept, in file order, exact data */
static void
test_many_values(void **state)
{
	tbuf b = TBUF_INIT;
	size_t i;
	comscan_registry *reg;
	comscan_report *rep = NULL;
	seq_ctx c = { 0, NULL };
	(void)state;
	tbuf_puts(&b, R4 KEYA);
	for (i = 0; i < 200000; i++)
		tbuf_printf(&b, "\"v%06zu\"=dword:%08x\r\n", i, (unsigned)mix(i));
	reg = rtb_open(b.p, b.n, 0, NULL);
	rtb_check_findings("values", comscan_registry_findings(reg), 0, NONE);
	assert_int_equal(comscan_registry_value_count(reg), 200000);
	assert_int_equal(comscan_registry_key_count(reg), 2);
	assert_int_equal(comscan_registry_walk(reg, values_item, &c), 0);
	comscan_registry_close(reg);
	assert_null(c.fail);
	assert_int_equal(c.i, 200000);
	assert_int_equal(comscan_scan_buffer(b.p, b.n, NULL, &rep), COMSCAN_OK);
	assert_int_equal(comscan_findings_count(comscan_report_findings(rep)), 0);
	comscan_report_close(rep);
	free(b.p);
}

static int
keys_item(void *ctx, const comscan_registry_item *it)
{
	seq_ctx *c = ctx;
	char path[64];
	if (it->is_value || it->depth != 3)
		return 0;
	snprintf(path, sizeof path, "HKEY_CURRENT_USER\\p\\k%06u", (unsigned)(c->i * 7919 % 100000));
	if (strcmp(it->path, path) != 0) {
		c->fail = "key out of order or misnamed";
		return 1;
	}
	c->i++;
	return 0;
}

/* 100,000 keys under one parent, created in a scrambled name order (k * 7919
 * mod 100,000, a permutation): all
 * kept, walked in creation order */
static void
test_many_keys(void **state)
{
	tbuf b = TBUF_INIT;
	size_t i;
	comscan_registry *reg;
	seq_ctx c = { 0, NULL };
	(void)state;
	tbuf_puts(&b, R4);
	for (i = 0; i < 100000; i++)
		tbuf_printf(&b, "[HKEY_CURRENT_USER\\p\\k%06u]\r\n", (unsigned)(i * 7919 % 100000));
	reg = rtb_open(b.p, b.n, 0, NULL);
	rtb_check_findings("keys", comscan_registry_findings(reg), 0, NONE);
	assert_int_equal(comscan_registry_key_count(reg), 100002);
	assert_int_equal(comscan_registry_walk(reg, keys_item, &c), 0);
	comscan_registry_close(reg);
	assert_null(c.fail);
	assert_int_equal(c.i, 100000);
	free(b.p);
}

/* 1.8: 100,000 writes to 1,000 names in varying case keep 1,000 values with
 * the last data; deleting every other one leaves 500 */
static void
test_many_rewrites(void **state)
{
	tbuf b = TBUF_INIT;
	size_t i;
	comscan_registry *reg;
	(void)state;
	tbuf_puts(&b, R4 KEYA);
	for (i = 0; i < 100000; i++)
		tbuf_printf(&b, "\"%s%03zu\"=dword:%08zx\r\n", (i / 1000) % 2 ? "NAME" : "name", i % 1000, i);
	for (i = 0; i < 1000; i += 2)
		tbuf_printf(&b, "\"Name%03zu\"=-\r\n", i);
	reg = rtb_open(b.p, b.n, 0, NULL);
	rtb_check_findings("rewrites", comscan_registry_findings(reg), 0, NONE);
	assert_int_equal(comscan_registry_value_count(reg), 500);
	for (i = 1; i < 1000; i += 2) {
		char name[16];
		size_t size = 0;
		uint8_t *d;
		uint32_t want = (uint32_t)(99000 + i);
		snprintf(name, sizeof name, "name%03zu", i); /* first spelling kept */
		d = rtb_value(reg, PA, name, NULL, &size, NULL);
		if (d == NULL) {
			comscan_registry_close(reg);
			fail_msg("value %s missing", name);
		}
		assert_int_equal(size, 4);
		assert_int_equal((uint32_t)(d[0] | d[1] << 8 | d[2] << 16 | (uint32_t)d[3] << 24), want);
		free(d);
	}
	comscan_registry_close(reg);
	free(b.p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_hex_line),
		cmocka_unit_test(test_long_garbage_line),
		cmocka_unit_test(test_long_string_line),
		cmocka_unit_test(test_deep_key_600),
		cmocka_unit_test(test_deep_key_walk),
		cmocka_unit_test(test_many_values),
		cmocka_unit_test(test_many_keys),
		cmocka_unit_test(test_many_rewrites),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
