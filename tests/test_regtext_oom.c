/*
 * test_regtext_oom.c - every allocation failure of the .reg parser.
 *
 * With tests/support/failalloc failing call N = 0, 1, 2, ... of
 * comscan_registry_open and comscan_scan_buffer on representative inputs:
 * COMSCAN_ERR_NOMEM with *out NULL and no live block until the first N
 * that no call reaches; that run gives COMSCAN_OK with exactly the tree and
 * findings of a run with the C library's allocator, and closing the handle
 * leaves no live block (fa.nlive == 0) and no contract breach (fa.misuse
 * == 0).  The same for comscan_registry_walk, write_tsv and write_reg on an
 * open handle: -1 while an allocation fails, nothing leaked; and for
 * comscan_registry_dump_tsv: COMSCAN_ERR_NOMEM, then the whole TSV.
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
#include "support/failalloc.h"
#include "support/regtext_build.h"

#define R4 "REGEDIT4\r\n"
#define R5 "Windows Registry Editor Version 5.00\r\n"
#define MAX_CALLS 100000 /* no input here needs nearly as many allocations */

/* ---- inputs ------------------------------------------------------------------------ */

/* UTF-16: keys, deletion, continuation, string hex, surrogates, findings. */
static const char text_utf16[] =
    R5 "[HKEY_CLASSES_ROOT\\CLSID\\{5FD3D285-0DD9-4362-8855-E0ABAACD4AF6}]\r\n@=\"Sample\"\r\n"
       "[HKEY_CLASSES_ROOT\\CLSID\\{5FD3D285-0DD9-4362-8855-E0ABAACD4AF6}\\InprocServer32]\r\n"
       "@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\\\r\n"
       "  00,5c,00,78,00,2e,00,64,00,6c,00,6c,00\r\n\"ThreadingModel\"=\"Both\"\r\n"
       "[HKEY_CURRENT_USER\\caf\xC3\xA9\\\xF0\x9F\x98\x80]\r\n\"s\xED\xA0\x80\"=\"x\"\r\n"
       "\"odd\"=hex(7):41\r\n[-HKEY_CURRENT_USER\\caf\xC3\xA9]\r\n[HKEY_CURRENT_USER\\b]\r\n"
       "\"a\"=\"1\"\r\n\"a\"=dword:2\r\n\"a\"=-\r\ngarbage\r\n[HKLM\\x]\r\n\"eof\"=hex:01,\\";

/* 8-bit 5.00 with many findings (the findings list grows), ANSI text and
 * both hex string decodings. */
static const char text_ansi[] =
    R5 "[HKEY_CURRENT_USER\\caf\xE9]\r\n\"\x80\"=\"\xE9\"\r\n\"u\"=hex(2):25,00,50,00,00,00\r\n"
       "\"c\"=hex(2):41,42,43\r\n\"n\"=hex(1):\r\n#1\r\n#2\r\n#3\r\n#4\r\n#5\r\n#6\r\n#7\r\n#8\r\n"
       "g1\r\ng2\r\ng3\r\ng4\r\ng5\r\ng6\r\ng7\r\ng8\r\ng9\r\ng10\r\ng11\r\ng12\r\ng13\r\ng14\r\n"
       "\"bad\"=dword:x\r\n\"s\"=\"%windir%\\system32\"\r\n[ HKEY_CURRENT_USER\\x]\r\n"
       "[HKEY_CURRENT_USER\\a\\\\b\\]\r\n\"h\"=hex:01,\\\r\n  ;c\r\n  02\r\n\x1A\r\n";

/* Windows 3.1 */
static const char text_win31[] = "REGEDIT \r\nHKEY_CLASSES_ROOT\\.ack = AutoClik.Document\r\n"
				  "HKEY_CLASSES_ROOT\\AutoClik.Document\\shell\\open\\command = AUTOCLIK.EXE %1\r\n"
				  " indented\r\nHKEY_CLASSES_ROOT = root\r\n";

/* ---- helpers ----------------------------------------------------------------------- */

/* The tree dump and findings count of a parse with the default allocator. */
static char *
reference(const void *data, size_t n, uint32_t flags, size_t *nfindings)
{
	comscan_registry *reg = NULL;
	comscan_options o;
	char *d;
	comscan_options_init(&o);
	o.flags = flags;
	assert_int_equal(comscan_registry_open(data, n, &o, &reg), COMSCAN_OK);
	d = rtb_dump(reg);
	*nfindings = comscan_findings_count(comscan_registry_findings(reg));
	comscan_registry_close(reg);
	return d;
}

/* Fails comscan_registry_open at every allocation in turn. */
static void
oom_open(const char *what, const void *data, size_t n, uint32_t flags)
{
	size_t k, want_findings;
	char *want = reference(data, n, flags, &want_findings);
	for (k = 0; k < MAX_CALLS; k++) {
		failalloc fa;
		comscan_options o;
		comscan_registry *reg;
		comscan_status st;
		char *got;
		failalloc_init(&fa, k);
		reg = (comscan_registry *)&fa; /* must be overwritten */
		comscan_options_init(&o);
		o.allocator = &fa.a;
		o.flags = flags;
		st = comscan_registry_open(data, n, &o, &reg);
		if (st == COMSCAN_ERR_NOMEM) {
			if (reg != NULL || !fa.failed || fa.nlive != 0 || fa.misuse != 0)
				fail_msg("%s: failing call %zu: out %p, failed %d, %zu live blocks, %zu misuses",
				    what, k, (void *)reg, fa.failed, fa.nlive, fa.misuse);
			failalloc_fini(&fa);
			continue;
		}
		assert_int_equal(st, COMSCAN_OK);
		if (fa.failed) {
			comscan_registry_close(reg);
			failalloc_fini(&fa);
			fail_msg("%s: allocation %zu failed but open succeeded", what, k);
		}
		assert_true(k > 0);
		fa.fail_at = FAILALLOC_NEVER; /* the walk below allocates too */
		got = rtb_dump(reg);
		assert_string_equal(got, want);
		assert_int_equal(comscan_findings_count(comscan_registry_findings(reg)), want_findings);
		free(got);
		comscan_registry_close(reg);
		assert_int_equal(fa.nlive, 0);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
		print_message("    %s: %zu allocations\n", what, k);
		free(want);
		return;
	}
	fail_msg("%s: more than %d allocations", what, MAX_CALLS);
}

/* Fails comscan_scan_buffer at every allocation in turn. */
static void
oom_scan(const char *what, const void *data, size_t n, uint32_t flags)
{
	size_t k;
	for (k = 0; k < MAX_CALLS; k++) {
		failalloc fa;
		comscan_options o;
		comscan_report *rep;
		comscan_status st;
		failalloc_init(&fa, k);
		rep = (comscan_report *)&fa;
		comscan_options_init(&o);
		o.allocator = &fa.a;
		o.flags = flags;
		st = comscan_scan_buffer(data, n, &o, &rep);
		if (st == COMSCAN_ERR_NOMEM) {
			if (rep != NULL || !fa.failed || fa.nlive != 0 || fa.misuse != 0)
				fail_msg("%s: failing call %zu: out %p, failed %d, %zu live blocks, %zu misuses",
				    what, k, (void *)rep, fa.failed, fa.nlive, fa.misuse);
			failalloc_fini(&fa);
			continue;
		}
		assert_int_equal(st, COMSCAN_OK);
		if (fa.failed) {
			comscan_report_close(rep);
			failalloc_fini(&fa);
			fail_msg("%s: allocation %zu failed but the scan succeeded", what, k);
		}
		assert_int_equal(comscan_report_kind(rep), COMSCAN_KIND_REG);
		comscan_report_close(rep);
		assert_int_equal(fa.nlive, 0);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
		return;
	}
	fail_msg("%s: more than %d allocations", what, MAX_CALLS);
}

static int
count_sink(void *ctx, const char *data, size_t len)
{
	(void)data;
	*(size_t *)ctx += len;
	return 0;
}

/* Fails comscan_registry_dump_tsv at every allocation in turn: NOMEM (not
 * the sink's COMSCAN_ERR_OUTPUT: fuzz_regtext_oom once found the writer's
 * failure reported as the sink's), then the full TSV. */
static void
oom_dump(const char *what, const void *data, size_t n)
{
	size_t k, want = 0;
	comscan_report *rep = NULL;
	assert_int_equal(comscan_registry_dump_tsv(data, n, NULL, count_sink, &want, &rep), COMSCAN_OK);
	comscan_report_close(rep);
	for (k = 0; k < MAX_CALLS; k++) {
		failalloc fa;
		comscan_options o;
		comscan_status st;
		size_t got = 0;
		failalloc_init(&fa, k);
		rep = (comscan_report *)&fa;
		comscan_options_init(&o);
		o.allocator = &fa.a;
		st = comscan_registry_dump_tsv(data, n, &o, count_sink, &got, &rep);
		if (fa.failed) {
			if (st != COMSCAN_ERR_NOMEM || rep != NULL || fa.nlive != 0 || fa.misuse != 0)
				fail_msg("%s: failing call %zu: status %d, out %p, %zu live blocks, %zu misuses",
				    what, k, (int)st, (void *)rep, fa.nlive, fa.misuse);
			failalloc_fini(&fa);
			continue;
		}
		assert_int_equal(st, COMSCAN_OK);
		assert_int_equal(got, want);
		comscan_report_close(rep);
		assert_int_equal(fa.nlive, 0);
		failalloc_fini(&fa);
		return;
	}
	fail_msg("%s: more than %d allocations", what, MAX_CALLS);
}

static void
oom_both(const char *what, const void *data, size_t n)
{
	oom_open(what, data, n, 0);
	oom_open(what, data, n, COMSCAN_FLAG_REG_COMPAT);
	oom_scan(what, data, n, 0);
	oom_scan(what, data, n, COMSCAN_FLAG_REG_COMPAT);
	oom_dump(what, data, n);
}

/* ---- tests ---------------------------------------------------------------------------- */

/* A UTF-16 file exercising keys, deletion, continuations, string hex and
 * the encoding warnings */
static void
test_oom_utf16(void **state)
{
	rtb_bytes u = rtb_utf16(text_utf16, sizeof text_utf16 - 1, false, true);
	(void)state;
	oom_both("UTF-16", u.p, u.n);
	rtb_free(&u);
}

/* An 8-bit 5.00 file with dozens of findings and both hex decodings */
static void
test_oom_ansi(void **state)
{
	(void)state;
	oom_both("ANSI", text_ansi, sizeof text_ansi - 1);
}

/* A Windows 3.1 file */
static void
test_oom_win31(void **state)
{
	(void)state;
	oom_both("win31", text_win31, sizeof text_win31 - 1);
}

/* Rejected files: nothing but findings (invalid header, UTF-16 without BOM) */
static void
test_oom_rejected(void **state)
{
	rtb_bytes u = rtb_utf16(R4 "[HKEY_CURRENT_USER\\a]\r\n", strlen(R4 "[HKEY_CURRENT_USER\\a]\r\n"), false,
	    false);
	(void)state;
	oom_both("invalid header", "regedit4\r\n[HKEY_CURRENT_USER\\a]\r\n", 33);
	oom_both("fuzzy header", "REGEDIT5\r\n", 10);
	oom_both("no BOM", u.p, u.n);
	rtb_free(&u);
}

/* Many keys and values: every growth step of the tree and the name map */
static void
test_oom_growth(void **state)
{
	char *text = malloc(64 * 1024);
	size_t i, o;
	(void)state;
	assert_non_null(text);
	o = (size_t)sprintf(text, R4);
	for (i = 0; i < 120; i++)
		o += (size_t)sprintf(text + o, "[HKEY_CURRENT_USER\\k%zu\\s]\r\n\"v%zu\"=\"%zu\"\r\n\"w\"=hex:%02zx\r\n",
		    i % 40, i, i, i);
	oom_open("growth", text, o, 0);
	oom_scan("growth", text, o, 0);
	free(text);
}

static int
noop_visitor(void *ctx, const comscan_registry_item *it)
{
	(void)it;
	++*(size_t *)ctx;
	return 0;
}

static int
noop_sink(void *ctx, const char *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	return 0;
}

/* Walk, TSV and .reg writing fail cleanly (-1, nothing leaked) at every
 * allocation, then succeed */
static void
test_oom_walk_and_write(void **state)
{
	rtb_bytes u = rtb_utf16(text_utf16, sizeof text_utf16 - 1, false, true);
	int which;
	(void)state;
	for (which = 0; which < 3; which++) {
		failalloc fa;
		comscan_options o;
		comscan_registry *reg = NULL;
		size_t k, base;
		failalloc_init(&fa, FAILALLOC_NEVER);
		comscan_options_init(&o);
		o.allocator = &fa.a;
		assert_int_equal(comscan_registry_open(u.p, u.n, &o, &reg), COMSCAN_OK);
		base = fa.nlive;
		for (k = 0; k < MAX_CALLS; k++) {
			size_t items = 0;
			int r;
			fa.fail_at = fa.calls + k;
			fa.failed = false;
			r = which == 0 ? comscan_registry_walk(reg, noop_visitor, &items)
			    : which == 1 ? comscan_registry_write_tsv(reg, noop_sink, NULL)
					 : comscan_registry_write_reg(reg, noop_sink, NULL);
			assert_int_equal(fa.nlive, base);
			assert_int_equal(fa.misuse, 0);
			if (!fa.failed) {
				assert_int_equal(r, 0);
				if (which == 0)
					assert_int_equal(items, comscan_registry_key_count(reg) +
						comscan_registry_value_count(reg));
				break;
			}
			assert_int_equal(r, -1);
		}
		comscan_registry_close(reg);
		assert_int_equal(fa.nlive, 0);
		failalloc_fini(&fa);
	}
	rtb_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oom_utf16),
		cmocka_unit_test(test_oom_ansi),
		cmocka_unit_test(test_oom_win31),
		cmocka_unit_test(test_oom_rejected),
		cmocka_unit_test(test_oom_growth),
		cmocka_unit_test(test_oom_walk_and_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
