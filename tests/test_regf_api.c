/*
 * test_regf_api.c - a hive through the public API around the parser:
 * where it is mounted (parser/regf/load.c: the file name in the base
 * block, comscan_options.regf_mount, invalid mounts), the TSV of
 * comscan_registry_write_tsv and comscan_registry_dump_tsv (identical
 * for hives without equal names; exact text, escaping), the canonical .reg
 * a hive is exported as (it reads back to the same tree), the COM model
 * built from a SOFTWARE hive (the same classes and com.* findings as its
 * .reg export), and every allocation failure of scan, scan_hive,
 * registry_open, walk, write_tsv, write_reg, dump_tsv and com_build
 * (tests/support/failalloc: COMSCAN_ERR_NOMEM or -1, *out NULL, no live
 * block, no contract breach; then the same result as with malloc).
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
#include "support/hivew.h"
#include "support/regftest.h"
#include "support/tbuf.h"

#define MAX_CALLS 100000

/* ---- mounts ------------------------------------------------------------------------------ */

/* ROOT with subkey a holding the REG_SZ value v = "x"; the base block's
 * file name field holds the n units at name. */
static hivew_img *
named_hive(const uint16_t *name, size_t n)
{
	hivew *h = hivew_new("CMI-CreateHive{6A1C4018-979D-4291-A7DC-7AED1C75B67C}");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	hivew_img *img;
	size_t i;
	(void)hivew_value_add_sz(h, a, "v", "x");
	hivew_options(h)->file_name = "";
	img = hivew_build(h);
	hivew_free(h);
	assert_true(n <= 32);
	hivew_fill(img, HIVEW_BB_NAME, 0, 64);
	for (i = 0; i < n; i++)
		hivew_put16(img, HIVEW_BB_NAME + 2 * i, name[i]);
	hivew_fix_checksum(img);
	return img;
}

static hivew_img *
named_hive_ascii(const char *name)
{
	uint16_t u[32];
	size_t i, n = strlen(name);
	for (i = 0; i < n; i++)
		u[i] = (uint8_t)name[i];
	return named_hive(u, n);
}

/* The TSV of named_hive mounted at mount (ancestors first). */
static char *
mount_tsv(const char *mount)
{
	tbuf t = TBUF_INIT;
	const char *p;
	tbuf_puts(&t, "");
	for (p = strchr(mount, '\\'); p != NULL; p = strchr(p + 1, '\\')) {
		tbuf_puts(&t, "K\t");
		tbuf_put(&t, mount, (size_t)(p - mount));
		tbuf_puts(&t, "\n");
	}
	tbuf_printf(&t, "K\t%s\nK\t%s\\a\nV\t%s\\a\tv\tREG_SZ\t4\n", mount, mount, mount);
	return t.p;
}

/* Runs img and checks its TSV (both writers) against mount. */
static void
check_mount(const char *what, const hivew_img *img, const comscan_options *o, const char *mount)
{
	rft_result r;
	char *want = mount_tsv(mount);
	rft_run_keep(what, img->data, img->len, o, 0, &r);
	assert_int_equal(comscan_findings_count(comscan_report_findings(r.scan)), 0);
	if (strcmp(r.tsv, want) != 0) {
		print_message("%s: TSV\n%s--- expected\n%s---\n", what, r.tsv, want);
		fail_msg("%s: wrong mount", what);
	}
	free(want);
	rft_done(&r);
}

/* The mount table of load.c (Windows' hive list): names compared without
 * regard to case, the last path component of the field, NTUSER.DAT and
 * UsrClass.dat as suffixes; any other name under HKEY_LOCAL_MACHINE. */
static void
test_mount_names(void **state)
{
	static const struct {
		const char *name, *mount;
	} cases[] = {
		{ "SOFTWARE", "HKEY_LOCAL_MACHINE\\SOFTWARE" },
		{ "software", "HKEY_LOCAL_MACHINE\\SOFTWARE" },
		{ "\\Config\\SOFTWARE", "HKEY_LOCAL_MACHINE\\SOFTWARE" },
		{ "emRoot\\System32\\Config\\SOFTWARE", "HKEY_LOCAL_MACHINE\\SOFTWARE" },
		{ "SYSTEM", "HKEY_LOCAL_MACHINE\\SYSTEM" },
		{ "SAM", "HKEY_LOCAL_MACHINE\\SAM" },
		{ "Security", "HKEY_LOCAL_MACHINE\\SECURITY" },
		{ "COMPONENTS", "HKEY_LOCAL_MACHINE\\COMPONENTS" },
		{ "BCD", "HKEY_LOCAL_MACHINE\\BCD00000000" },
		{ "DEFAULT", "HKEY_USERS\\.DEFAULT" },
		{ "NTUSER.DAT", "HKEY_CURRENT_USER" },
		{ "ntuser.dat", "HKEY_CURRENT_USER" },
		{ "\\??\\C:\\Users\\x\\NTUSER.DAT", "HKEY_CURRENT_USER" },
		{ "xNTUSER.DAT", "HKEY_CURRENT_USER" },
		{ "UsrClass.dat", "HKEY_CURRENT_USER\\Software\\Classes" },
		{ "\\Microsoft\\Windows\\UsrClass.dat", "HKEY_CURRENT_USER\\Software\\Classes" },
		{ "MyUSRCLASS.DAT", "HKEY_CURRENT_USER\\Software\\Classes" },
		{ "SOFTWAREX", "HKEY_LOCAL_MACHINE\\SOFTWAREX" },
		{ "XSOFTWARE", "HKEY_LOCAL_MACHINE\\XSOFTWARE" },
		{ "NTUSER.DAT.LOG1", "HKEY_LOCAL_MACHINE\\NTUSER.DAT.LOG1" },
		{ "amcache.hve", "HKEY_LOCAL_MACHINE\\amcache.hve" },
		{ "C:\\x\\hivew.dat", "HKEY_LOCAL_MACHINE\\hivew.dat" },
		{ "", "HKEY_LOCAL_MACHINE\\HIVE" },
		{ "dir\\", "HKEY_LOCAL_MACHINE\\HIVE" },
		{ "\\", "HKEY_LOCAL_MACHINE\\HIVE" },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hivew_img *img = named_hive_ascii(cases[i].name);
		check_mount(cases[i].name, img, NULL, cases[i].mount);
		hivew_img_free(img);
	}
}

/* Names beyond ASCII: control characters become '_', other units are
 * kept (UTF-8 in the TSV); 32 units without a terminator are all used. */
static void
test_mount_unusual_names(void **state)
{
	static const uint16_t ctl[] = { 'a', 1, 'b', 0x1F }, latin[] = { 0xC4, '.', 'd', 'a', 't' };
	uint16_t full[32];
	char want[64];
	hivew_img *img;
	size_t i;
	(void)state;
	img = named_hive(ctl, 4);
	check_mount("control characters", img, NULL, "HKEY_LOCAL_MACHINE\\a_b_");
	hivew_img_free(img);
	img = named_hive(latin, 5);
	check_mount("Latin-1", img, NULL, "HKEY_LOCAL_MACHINE\\\xC3\x84.dat");
	hivew_img_free(img);
	for (i = 0; i < 32; i++)
		full[i] = (uint16_t)('A' + i % 26);
	img = named_hive(full, 32);
	snprintf(want, sizeof want, "HKEY_LOCAL_MACHINE\\");
	for (i = 0; i < 32; i++)
		want[19 + i] = (char)('A' + i % 26);
	want[51] = '\0';
	check_mount("32 units", img, NULL, want);
	/* the 33rd unit (offset 112, the RmId field) is not part of the name */
	hivew_put16(img, HIVEW_BB_NAME + 64, 'Z');
	hivew_fix_checksum(img);
	check_mount("32 units and more", img, NULL, want);
	hivew_img_free(img);
}

/* comscan_options.regf_mount overrides the name; an invalid one is a
 * usage error of every entry point (*out NULL). */
static void
test_mount_option(void **state)
{
	static const char *const good[] = { "HKEY_LOCAL_MACHINE\\SOFTWARE", "X",
		"HKEY_USERS\\S-1-5-21-1-2-3-1001_Classes", "a b\\c~d" };
	static const char *const bad[] = { "", "\\a", "a\\", "a\\\\b", "a\tb", "\xC3\xA4", "a\x7F" };
	hivew_img *img = named_hive_ascii("SYSTEM");
	comscan_options o;
	char *longest;
	size_t i;
	(void)state;
	comscan_options_init(&o);
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		o.regf_mount = good[i];
		check_mount(good[i], img, &o, good[i]);
	}
	longest = malloc(1026);
	assert_non_null(longest);
	memset(longest, 'm', 1024);
	longest[1024] = '\0';
	o.regf_mount = longest;
	check_mount("1024 characters", img, &o, longest);
	longest[1024] = 'm';
	longest[1025] = '\0';
	for (i = 0; i <= sizeof bad / sizeof bad[0]; i++) {
		comscan_report *rep = (comscan_report *)&o;
		comscan_registry *reg = (comscan_registry *)&o;
		comscan_com *com = (comscan_com *)&o;
		comscan_com_input in = { img->data, img->len, "h" };
		tbuf t = TBUF_INIT;
		o.regf_mount = i < sizeof bad / sizeof bad[0] ? bad[i] : longest;
		assert_int_equal(comscan_scan_buffer(img->data, img->len, &o, &rep), COMSCAN_ERR_INVALID);
		assert_null(rep);
		rep = (comscan_report *)&o;
		assert_int_equal(comscan_scan_hive(img->data, img->len, NULL, 0, &o, &rep),
		    COMSCAN_ERR_INVALID);
		assert_null(rep);
		assert_int_equal(comscan_registry_open(img->data, img->len, &o, &reg), COMSCAN_ERR_INVALID);
		assert_null(reg);
		rep = (comscan_report *)&o;
		assert_int_equal(comscan_registry_dump_tsv(img->data, img->len, &o, tbuf_sink, &t, &rep),
		    COMSCAN_ERR_INVALID);
		assert_null(rep);
		assert_null(t.p);
		assert_int_equal(comscan_com_build(&in, 1, &o, &com), COMSCAN_ERR_INVALID);
		assert_null(com);
	}
	free(longest);
	hivew_img_free(img);
}

/* ---- TSV and .reg ---------------------------------------------------------------------------- */

/* docs/tsv.md escaping, from a hive: TAB, LF, CR, other controls, DEL and
 * unpaired surrogates in key and value names, backslashes in value names;
 * types by name and as hex; sizes as the registry holds them. */
static void
test_tsv_exact(void **state)
{
	static const uint16_t tab[] = { 't', '\t', 'x' }, ctl[] = { 'c', 0x01, 0x7F },
			      sur[] = { 's', 0xDC00 }, vsur[] = { 0xD800 }, crlf[] = { '\r', '\n' };
	hivew *h = hivew_new("ROOT");
	hivew_key k1, k2, k3, k4;
	hivew_img *img;
	rft_result r;
	(void)state;
	hivew_options(h)->file_name = "UsrClass.dat";
	k1 = hivew_key_add_units(h, HIVEW_ROOT, tab, 3, true);
	k2 = hivew_key_add_units(h, HIVEW_ROOT, ctl, 3, true);
	k3 = hivew_key_add_units(h, HIVEW_ROOT, sur, 2, false);
	k4 = hivew_key_add_units(h, HIVEW_ROOT, crlf, 2, true);
	(void)hivew_value_add(h, k1, "a\\b", HIVEW_REG_DWORD, "\x01\x00\x00\x00", 4);
	(void)hivew_value_add_units(h, k1, vsur, 1, false, 0x12345u, "xyz", 3);
	(void)hivew_value_add(h, k2, NULL, HIVEW_REG_MULTI_SZ, "a\0\0\0\0\0", 6);
	(void)hivew_value_add(h, k3, "q", HIVEW_REG_QWORD, "12345678", 8);
	(void)hivew_value_add(h, k4, "n", HIVEW_REG_NONE, NULL, 0);
	img = hivew_build(h);
	rft_run_keep("escaping", img->data, img->len, NULL, 0, &r);
	assert_true(rft_findings_ok("escaping", comscan_report_findings(r.scan),
	    EXP(RF("nk.name-surrogate", AT(hivew_cell_nk(img, k3), 0)),
		RF("nk.name-surrogate", AT(hivew_cell_vk(img, 1), 0)))));
#define C "HKEY_CURRENT_USER\\Software\\Classes"
	assert_string_equal(r.tsv,
	    "K\tHKEY_CURRENT_USER\n"
	    "K\tHKEY_CURRENT_USER\\Software\n"
	    "K\t" C "\n"
	    "K\t" C "\\\\r\\n\n"
	    "V\t" C "\\\\r\\n\tn\tREG_NONE\t0\n"
	    "K\t" C "\\c\\x01\\x7F\n"
	    "V\t" C "\\c\\x01\\x7F\t\tREG_MULTI_SZ\t6\n"
	    "K\t" C "\\s\\uDC00\n"
	    "V\t" C "\\s\\uDC00\tq\tREG_QWORD\t8\n"
	    "K\t" C "\\t\\tx\n"
	    "V\t" C "\\t\\tx\ta\\\\b\tREG_DWORD\t4\n"
	    "V\t" C "\\t\\tx\t\\uD800\t0x12345\t3\n");
#undef C
	rft_done(&r);
	hivew_img_free(img);
	hivew_free(h);
}

/* The canonical .reg of a hive (comscan_registry_write_reg) reads back
 * as the same tree: every key, value, type and data byte. */
static void
test_reg_export_round_trip(void **state)
{
	hivew *h = hivew_new("ROOT");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a"), b;
	hivew_img *img;
	comscan_registry *reg = NULL, *back = NULL;
	tbuf t = TBUF_INIT;
	char *t1, *t2;
	uint8_t big[20000];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i * 31);
	hivew_options(h)->file_name = "SOFTWARE";
	b = hivew_key_add_utf8(h, a, "\xD0\x9A\xD0\xBB\xD1\x8E\xD1\x87"); /* UTF-16 name */
	(void)hivew_value_add_sz(h, a, NULL, "default");
	(void)hivew_value_add_sz(h, a, "s", "C:\\x.dll");
	(void)hivew_value_add_dword(h, a, "d", 0xDEADBEEFu);
	(void)hivew_value_add(h, a, "q", HIVEW_REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	(void)hivew_value_add(h, a, "e", HIVEW_REG_EXPAND_SZ, "%\0x\0%\0\0\0", 8);
	(void)hivew_value_add(h, a, "m", HIVEW_REG_MULTI_SZ, "a\0\0\0b\0\0\0\0\0", 10);
	(void)hivew_value_add(h, b, "big", HIVEW_REG_BINARY, big, sizeof big);
	(void)hivew_value_add(h, b, "t", 0x20000u, "\x01\x02\x03", 3);
	(void)hivew_value_add(h, b, "z", HIVEW_REG_BINARY, NULL, 0);
	img = hivew_build(h);
	assert_int_equal(comscan_registry_open(img->data, img->len, NULL, &reg), COMSCAN_OK);
	assert_int_equal(comscan_findings_count(comscan_registry_findings(reg)), 0);
	tbuf_puts(&t, "");
	assert_int_equal(comscan_registry_write_reg(reg, tbuf_sink, &t), 0);
	assert_true(t.n > 2 && (uint8_t)t.p[0] == 0xFF && (uint8_t)t.p[1] == 0xFE);
	assert_int_equal(comscan_registry_open(t.p, t.n, NULL, &back), COMSCAN_OK);
	assert_int_equal(comscan_registry_kind(back), COMSCAN_KIND_REG);
	assert_int_equal(comscan_findings_count(comscan_registry_findings(back)), 0);
	t1 = rft_dump(reg, false);
	t2 = rft_dump(back, false);
	assert_string_equal(t1, t2);
	assert_non_null(strstr(t1, "K HKEY_LOCAL_MACHINE\\SOFTWARE\\a\\\xD0\x9A\xD0\xBB\xD1\x8E\xD1\x87\n"));
	free(t1);
	free(t2);
	tbuf_free(&t);
	comscan_registry_close(reg);
	comscan_registry_close(back);
	hivew_img_free(img);
	hivew_free(h);
}

/* The hive's canonical .reg into *t, read back (strictly, with no
 * finding); the caller closes the handle and frees *t. */
static comscan_registry *
export_and_reopen(const hivew_img *img, tbuf *t)
{
	comscan_registry *reg = NULL, *back = NULL;
	assert_int_equal(comscan_registry_open(img->data, img->len, NULL, &reg), COMSCAN_OK);
	tbuf_puts(t, "");
	assert_int_equal(comscan_registry_write_reg(reg, tbuf_sink, t), 0);
	comscan_registry_close(reg);
	assert_int_equal(comscan_registry_open(t->p, t->n, NULL, &back), COMSCAN_OK);
	assert_int_equal(comscan_findings_count(comscan_registry_findings(back)), 0);
	return back;
}

/* Names a .reg line cannot hold are left out of the canonical .reg with a
 * comment line each, never written raw: a key name with CR LF that would
 * read as a key line of its own, a NUL, a backslash, an empty name (each
 * key taking its values and subkeys along), a value name with a NUL.  The
 * rest reads back exactly and the file reports nothing. */
static void
test_reg_export_leaves_out(void **state)
{
	static const uint16_t inject[] = { 'a', '\r', '\n', '[', 'H', 'K', 'E', 'Y', '_', 'C', 'U',
		'R', 'R', 'E', 'N', 'T', '_', 'U', 'S', 'E', 'R', '\\', 'E', ']' },
			      nul[] = { 'n', 0, 'x' }, vnul[] = { 'v', 0 }, crlf[] = { '\r', '\n' };
	hivew *h = hivew_new("ROOT");
	hivew_key ok = hivew_key_add(h, HIVEW_ROOT, "ok"), bad;
	hivew_img *img;
	comscan_registry *back;
	tbuf t = TBUF_INIT;
	char *dump;
	(void)state;
	hivew_options(h)->file_name = "SOFTWARE";
	(void)hivew_value_add_sz(h, ok, "v", "x");
	(void)hivew_value_add_units(h, ok, vnul, 2, true, HIVEW_REG_DWORD, "\1\0\0\0", 4);
	(void)hivew_value_add_units(h, ok, crlf, 2, true, HIVEW_REG_DWORD, "\2\0\0\0", 4);
	bad = hivew_key_add_units(h, HIVEW_ROOT, inject, sizeof inject / 2, true);
	(void)hivew_value_add_sz(h, bad, "w", "y");
	(void)hivew_key_add(h, bad, "child");
	(void)hivew_key_add_units(h, HIVEW_ROOT, nul, 3, true);
	(void)hivew_key_add(h, HIVEW_ROOT, "b\\c");
	(void)hivew_key_add_units(h, ok, NULL, 0, true);
	img = hivew_build(h);
	back = export_and_reopen(img, &t);
	dump = rft_dump(back, false);
	assert_string_equal(dump,
	    "K HKEY_LOCAL_MACHINE\n"
	    "K HKEY_LOCAL_MACHINE\\SOFTWARE\n"
	    "K HKEY_LOCAL_MACHINE\\SOFTWARE\\ok\n"
	    "V HKEY_LOCAL_MACHINE\\SOFTWARE\\ok|v|1|78000000\n"
	    "V HKEY_LOCAL_MACHINE\\SOFTWARE\\ok|\r\n|4|02000000\n");
	free(dump);
	tbuf_free(&t);
	comscan_registry_close(back);
	hivew_img_free(img);
	hivew_free(h);
}

/* The n bytes of UTF-16LE text at p as a C string, units above 0x7F as
 * '?' (the BOM too); the caller frees it. */
static char *
utf16_to_ascii(const char *p, size_t n)
{
	char *s = malloc(n / 2 + 1);
	size_t i;
	assert_non_null(s);
	for (i = 0; i + 1 < n; i += 2) {
		unsigned u = (unsigned char)p[i] | (unsigned char)p[i + 1] << 8;
		s[i / 2] = u < 0x80 && u != 0 ? (char)u : '?';
	}
	s[n / 2] = '\0';
	return s;
}

/* What an importer refuses is left out of the canonical .reg too, with
 * the reason: a key name of 256 characters (255 is written), a value
 * name of 16 384 (16 383 is written), keys deeper than 512 levels. */
static void
test_reg_export_leaves_out_limits(void **state)
{
	static char key255[256], key256[257], val16383[16384], val16384[16385];
	hivew *h = hivew_new("ROOT");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	hivew_img *img;
	comscan_registry *back;
	tbuf t = TBUF_INIT;
	char *text;
	(void)state;
	memset(key255, 'k', 255);
	memset(key256, 'K', 256);
	memset(val16383, 'v', 16383);
	memset(val16384, 'V', 16384);
	hivew_options(h)->file_name = "SOFTWARE";
	(void)hivew_key_add(h, a, key255);
	(void)hivew_key_add(h, a, key256);
	(void)hivew_value_add_dword(h, a, val16383, 1);
	(void)hivew_value_add_dword(h, a, val16384, 2);
	/* HKEY_LOCAL_MACHINE\SOFTWARE\a\d\d...: d at depths 4 to 600 */
	(void)hivew_key_chain(h, a, "d", 597);
	img = hivew_build(h);
	back = export_and_reopen(img, &t);
	/* HKLM, SOFTWARE, a, the 255-character key, d down to depth 512 */
	assert_int_equal(comscan_registry_key_count(back), 3 + 1 + 509);
	assert_int_equal(comscan_registry_value_count(back), 1);
	text = utf16_to_ascii(t.p, t.n);
	assert_non_null(strstr(text, "; comscan: key not written, with its values and subkeys (its "
	                             "name is longer than 255 characters): HKEY_LOCAL_MACHINE\\"
	                             "SOFTWARE\\a\\KKK"));
	assert_non_null(strstr(text, "; comscan: value not written (its name is longer than 16383 "
	                             "characters): VVV"));
	assert_non_null(strstr(text, "(it is nested deeper than 512 levels)"));
	free(text);
	tbuf_free(&t);
	comscan_registry_close(back);
	hivew_img_free(img);
	hivew_free(h);
}

/* dump_tsv: a failing sink gives COMSCAN_ERR_OUTPUT and no report; NULL
 * arguments are usage errors. */
static void
test_dump_tsv_errors(void **state)
{
	hivew_img *img = named_hive_ascii("SOFTWARE");
	comscan_report *rep = (comscan_report *)img;
	tbuf t = TBUF_INIT;
	(void)state;
	t.fail_at = 1;
	t.fail_value = 7;
	assert_int_equal(comscan_registry_dump_tsv(img->data, img->len, NULL, tbuf_sink, &t, &rep),
	    COMSCAN_ERR_OUTPUT);
	assert_null(rep);
	assert_true(t.calls >= 1);
	tbuf_free(&t);
	assert_int_equal(comscan_registry_dump_tsv(img->data, img->len, NULL, NULL, &t, &rep),
	    COMSCAN_ERR_INVALID);
	assert_null(rep);
	assert_int_equal(comscan_registry_dump_tsv(img->data, img->len, NULL, tbuf_sink, &t, NULL),
	    COMSCAN_ERR_INVALID);
	assert_int_equal(comscan_registry_dump_tsv(NULL, 5, NULL, tbuf_sink, &t, &rep),
	    COMSCAN_ERR_INVALID);
	assert_null(rep);
	hivew_img_free(img);
}

/* ---- the COM model ----------------------------------------------------------------------------- */

#define GA "{11111111-2222-3333-4444-555555555555}"
#define GB "{AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE}"
#define GW "{22222222-3333-4444-5555-666666666666}"
#define GN "{33333333-4444-5555-6666-777777777777}"
#define APP "{99999999-8888-7777-6666-555555555555}"

/* Registrations under HKEY_LOCAL_MACHINE\SOFTWARE: key path, value name
 * (NULL: the default value; "-": the key alone), REG_SZ text. */
static const struct regitem {
	const char *key, *name, *text;
} regs[] = {
	{ "Classes\\CLSID\\" GA, NULL, "Alpha" },
	{ "Classes\\CLSID\\" GA "\\InprocServer32", NULL, "C:\\Program Files\\alpha.dll" },
	{ "Classes\\CLSID\\" GA "\\InprocServer32", "ThreadingModel", "Both" },
	{ "Classes\\CLSID\\" GA "\\ProgID", NULL, "Alpha.Class.1" },
	{ "Classes\\CLSID\\" GA "\\VersionIndependentProgID", NULL, "Alpha.Class" },
	{ "Classes\\Alpha.Class.1\\CLSID", NULL, GA },
	{ "Classes\\CLSID\\" GB, NULL, "Beta" },
	{ "Classes\\CLSID\\" GB, "AppID", APP },
	{ "Classes\\CLSID\\" GB "\\LocalServer32", NULL, "\"C:\\beta.exe\" /automation" },
	{ "Classes\\CLSID\\" GN "\\InprocServer32", "-", NULL },
	{ "Classes\\WOW6432Node\\CLSID\\" GW, NULL, "Wide" },
	{ "Classes\\WOW6432Node\\CLSID\\" GW "\\InprocServer32", NULL, "C:\\x86\\wide.dll" },
	{ "Classes\\WOW6432Node\\CLSID\\" GW "\\InprocServer32", "ThreadingModel", "Apartment" },
	{ "Microsoft\\COM3", "COM+ Enabled", NULL }, /* a DWORD, see below */
};
#define NREGS (sizeof regs / sizeof regs[0])

/* The key of path below the root of h, created as needed (paths[] and
 * keys[] remember the n made so far). */
static hivew_key
key_at(hivew *h, const char *path, char paths[][160], hivew_key *keys, size_t *n)
{
	char buf[160];
	const char *p = path;
	hivew_key k = HIVEW_ROOT;
	size_t i;
	while (*p) {
		const char *e = strchr(p, '\\');
		size_t len = e ? (size_t)(e - path) : strlen(path);
		bool found = false;
		memcpy(buf, path, len);
		buf[len] = '\0';
		for (i = 0; i < *n && !found; i++)
			if (strcmp(paths[i], buf) == 0)
				k = keys[i], found = true;
		if (!found) {
			const char *name = strrchr(buf, '\\') ? strrchr(buf, '\\') + 1 : buf;
			k = hivew_key_add(h, k, name);
			strcpy(paths[*n], buf);
			keys[(*n)++] = k;
		}
		p = e ? e + 1 : path + len;
	}
	return k;
}

/* The registrations as a SOFTWARE hive. */
static hivew_img *
regs_hive(hivew **hp, hivew_key *keys, char paths[][160], size_t *nkeys)
{
	hivew *h = hivew_new("CMI-CreateHive{199DAFC2-6F16-4946-BF90-5A3FC3A60902}");
	size_t i;
	hivew_options(h)->file_name = "SOFTWARE";
	*nkeys = 0;
	for (i = 0; i < NREGS; i++) {
		hivew_key k = key_at(h, regs[i].key, paths, keys, nkeys);
		if (regs[i].name && strcmp(regs[i].name, "-") == 0)
			continue;
		if (regs[i].text == NULL)
			(void)hivew_value_add_dword(h, k, regs[i].name, 1);
		else
			(void)hivew_value_add_sz(h, k, regs[i].name, regs[i].text);
	}
	*hp = h;
	return hivew_build(h);
}

/* The same registrations as a version 5.00 .reg file (UTF-16LE, BOM). */
static uint8_t *
regs_text(size_t *len)
{
	tbuf t = TBUF_INIT;
	const char *last = "";
	uint8_t *u;
	size_t i, j;
	tbuf_puts(&t, "Windows Registry Editor Version 5.00\r\n");
	for (i = 0; i < NREGS; i++) {
		if (strcmp(regs[i].key, last) != 0)
			tbuf_printf(&t, "\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\%s]\r\n", regs[i].key);
		last = regs[i].key;
		if (regs[i].name && strcmp(regs[i].name, "-") == 0)
			continue;
		if (regs[i].name)
			tbuf_printf(&t, "\"%s\"=", regs[i].name);
		else
			tbuf_puts(&t, "@=");
		if (regs[i].text == NULL) {
			tbuf_puts(&t, "dword:00000001\r\n");
			continue;
		}
		tbuf_puts(&t, "\"");
		for (j = 0; regs[i].text[j]; j++) {
			if (regs[i].text[j] == '\\' || regs[i].text[j] == '"')
				tbuf_puts(&t, "\\");
			tbuf_put(&t, &regs[i].text[j], 1);
		}
		tbuf_puts(&t, "\"\r\n");
	}
	u = malloc(2 * t.n + 2);
	assert_non_null(u);
	u[0] = 0xFF;
	u[1] = 0xFE;
	for (i = 0; i < t.n; i++) {
		u[2 + 2 * i] = (uint8_t)t.p[i];
		u[3 + 2 * i] = 0;
	}
	*len = 2 * t.n + 2;
	tbuf_free(&t);
	return u;
}

static bool
same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The com.* codes of a model, sorted, one per line. */
static char *
com_codes(const comscan_com *m)
{
	const comscan_findings *fs = comscan_com_findings(m);
	const char *v[64];
	size_t n = 0, i, j;
	tbuf t = TBUF_INIT;
	tbuf_puts(&t, "");
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const char *c = comscan_findings_at(fs, i)->code;
		if (strncmp(c, "com.", 4) != 0)
			continue;
		assert_true(n < 64);
		for (j = n++; j > 0 && strcmp(v[j - 1], c) > 0; j--)
			v[j] = v[j - 1];
		v[j] = c;
	}
	for (i = 0; i < n; i++)
		tbuf_printf(&t, "%s\n", v[i]);
	return t.p;
}

/* A SOFTWARE hive registers exactly the classes (and raises the com.*
 * findings) of its .reg export, with sources at the CLSID keys' cells. */
static void
test_com_from_hive(void **state)
{
	hivew *h;
	hivew_key keys[64];
	char paths[64][160];
	size_t nkeys, len, i;
	hivew_img *img = regs_hive(&h, keys, paths, &nkeys);
	uint8_t *text = regs_text(&len);
	comscan_com_input hin = { img->data, img->len, "soft.hive" }, rin = { text, len, "soft.reg" };
	comscan_com *mh = NULL, *mr = NULL;
	const comscan_com_class *c;
	char *ch, *cr, src[64];
	comscan_com3 h3, r3;
	(void)state;
	assert_int_equal(comscan_com_build(&hin, 1, NULL, &mh), COMSCAN_OK);
	assert_int_equal(comscan_com_build(&rin, 1, NULL, &mr), COMSCAN_OK);
	assert_int_equal(comscan_com_class_count(mh), comscan_com_class_count(mr));
	assert_int_equal(comscan_com_class_count(mh), 4);
	for (i = 0; i < comscan_com_class_count(mh); i++) {
		const comscan_com_class *x = comscan_com_class_at(mh, i), *y = comscan_com_class_at(mr, i);
		assert_string_equal(x->clsid, y->clsid);
		assert_true(same_str(x->view, y->view));
		assert_int_equal(x->wow64, y->wow64);
		assert_int_equal(x->effective, y->effective);
		assert_true(same_str(x->name, y->name));
		assert_true(same_str(x->inproc_server, y->inproc_server));
		assert_true(same_str(x->threading_model, y->threading_model));
		assert_true(same_str(x->inproc_handler, y->inproc_handler));
		assert_true(same_str(x->local_server, y->local_server));
		assert_true(same_str(x->progid, y->progid));
		assert_true(same_str(x->version_independent_progid, y->version_independent_progid));
		assert_true(same_str(x->appid, y->appid));
		assert_true(same_str(x->typelib, y->typelib));
		assert_true(same_str(x->treat_as, y->treat_as));
		assert_true(strncmp(x->source, "soft.hive@0x", 12) == 0);
		assert_true(strncmp(y->source, "soft.reg:", 9) == 0);
	}
	c = comscan_com_class_find(mh, GA);
	assert_non_null(c);
	assert_string_equal(c->view, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes");
	assert_string_equal(c->name, "Alpha");
	assert_string_equal(c->inproc_server, "C:\\Program Files\\alpha.dll");
	assert_string_equal(c->threading_model, "Both");
	assert_string_equal(c->progid, "Alpha.Class.1");
	assert_string_equal(c->version_independent_progid, "Alpha.Class");
	for (i = 0; i < nkeys && strcmp(paths[i], "Classes\\CLSID\\" GA) != 0; i++)
		;
	assert_true(i < nkeys);
	snprintf(src, sizeof src, "soft.hive@0x%llx", (unsigned long long)AT(hivew_cell_nk(img, keys[i]), 0));
	assert_string_equal(c->source, src);
	assert_ptr_equal(comscan_com_progid_find(mh, "alpha.class.1"), c);
	c = comscan_com_class_find(mh, GB);
	assert_non_null(c);
	assert_string_equal(c->local_server, "\"C:\\beta.exe\" /automation");
	assert_string_equal(c->appid, APP);
	c = comscan_com_class_find(mh, GW);
	assert_non_null(c);
	assert_int_equal(c->wow64, 1);
	assert_string_equal(c->view, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\WOW6432Node");
	assert_string_equal(c->inproc_server, "C:\\x86\\wide.dll");
	comscan_com_get_com3(mh, &h3);
	comscan_com_get_com3(mr, &r3);
	assert_int_equal(h3.present, 1);
	assert_int_equal(h3.has_enabled, r3.has_enabled);
	assert_int_equal(h3.enabled, 1);
	assert_int_equal(r3.enabled, 1);
	ch = com_codes(mh);
	cr = com_codes(mr);
	assert_string_equal(ch, cr);
	assert_non_null(strstr(ch, "com.appid.dangling\n"));
	assert_non_null(strstr(ch, "com.server.no-path\n"));
	/* the hive's own findings: none */
	assert_int_equal(rft_count(comscan_com_findings(mh), "regf.cell.unreferenced"), 0);
	free(ch);
	free(cr);
	comscan_com_close(mh);
	comscan_com_close(mr);
	/* mounted elsewhere: no class under HKLM\SOFTWARE\Classes any more */
	{
		comscan_options o;
		comscan_options_init(&o);
		o.regf_mount = "HKEY_LOCAL_MACHINE\\OTHER";
		assert_int_equal(comscan_com_build(&hin, 1, &o, &mh), COMSCAN_OK);
		assert_int_equal(comscan_com_class_count(mh), 0);
		comscan_com_close(mh);
		/* or under HKEY_CURRENT_USER\Software, whose Classes is per-user */
		o.regf_mount = "HKEY_CURRENT_USER\\Software";
		assert_int_equal(comscan_com_build(&hin, 1, &o, &mh), COMSCAN_OK);
		c = comscan_com_class_find(mh, GA);
		assert_non_null(c);
		assert_string_equal(c->view, "HKEY_CURRENT_USER\\Software\\Classes");
		comscan_com_close(mh);
	}
	free(text);
	hivew_img_free(img);
	hivew_free(h);
}

/* A damaged hive's regf findings come with the model, stamped with the
 * input's name. */
static void
test_com_damaged_hive(void **state)
{
	hivew *h;
	hivew_key keys[64];
	char paths[64][160];
	size_t nkeys;
	hivew_img *img = regs_hive(&h, keys, paths, &nkeys);
	comscan_com_input in = { img->data, img->len, "bad.hive" };
	comscan_com *m = NULL;
	const comscan_findings *fs;
	(void)state;
	hivew_set_seq(img, 3, 2);
	hivew_put32(img, HIVEW_BB_CHECKSUM, 5);
	assert_int_equal(comscan_com_build(&in, 1, NULL, &m), COMSCAN_OK);
	fs = comscan_com_findings(m);
	assert_string_equal(comscan_findings_at(fs, 0)->code, "regf.base.bad-checksum");
	assert_string_equal(comscan_findings_at(fs, 0)->source, "bad.hive");
	assert_string_equal(comscan_findings_at(fs, 1)->code, "regf.base.dirty");
	assert_string_equal(comscan_findings_at(fs, 1)->source, "bad.hive");
	assert_int_equal(comscan_com_class_count(m), 4);
	comscan_com_close(m);
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- allocation failures ---------------------------------------------------------------------- */

/* The hive the failure loops run on: the registrations, big data, an ri
 * list, a class, two sk records, and findings (a duplicate value, an
 * unreferenced cell, a bad hash), so every growing list grows. */
static hivew_img *
oom_hive(void)
{
	hivew *h;
	hivew_key keys[64];
	char paths[64][160];
	size_t nkeys, i;
	hivew_img *img;
	hivew_key x;
	uint8_t big[20000];
	img = regs_hive(&h, keys, paths, &nkeys);
	hivew_img_free(img);
	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)i;
	x = hivew_key_add(h, HIVEW_ROOT, "x");
	for (i = 0; i < 40; i++) {
		char n[8];
		snprintf(n, sizeof n, "k%02zu", i);
		(void)hivew_value_add_dword(h, hivew_key_add(h, x, n), "v", (uint32_t)i);
	}
	hivew_key_set_ri(h, x, HIVEW_LIST_LF, 7);
	hivew_key_set_class(h, x, "class");
	hivew_key_set_sk(h, x, hivew_sk_add(h, "sd", 2));
	(void)hivew_value_add(h, x, "big", HIVEW_REG_BINARY, big, sizeof big);
	(void)hivew_value_add(h, x, "dup", HIVEW_REG_BINARY, "1", 1);
	(void)hivew_value_add(h, x, "DUP", HIVEW_REG_BINARY, "2", 1);
	(void)hivew_raw_cell(h, NULL, 40, true);
	img = hivew_build(h);
	hivew_cput32(img, hivew_cell_list(img, HIVEW_ROOT), HIVEW_LF_HINT(0), 0);
	hivew_free(h);
	return img;
}

/* Fails each allocation of one entry point in turn (which: 0 scan,
 * 1 scan_hive with a log, 2 registry_open, 3 dump_tsv, 4 com_build). */
static void
oom_loop(const char *what, int which, const hivew_img *img, const comscan_buffer *log)
{
	size_t k;
	void *ref = NULL;
	size_t ref_findings = 0;
	char *ref_text = NULL;
	comscan_com_input in = { img->data, img->len, "h" };
	/* the reference run */
	{
		comscan_report *rep = NULL;
		comscan_registry *reg = NULL;
		comscan_com *com = NULL;
		tbuf t = TBUF_INIT;
		tbuf_puts(&t, "");
		switch (which) {
		case 0:
			assert_int_equal(comscan_scan_buffer(img->data, img->len, NULL, &rep), COMSCAN_OK);
			break;
		case 1:
			assert_int_equal(comscan_scan_hive(img->data, img->len, log, 1, NULL, &rep), COMSCAN_OK);
			break;
		case 2:
			assert_int_equal(comscan_registry_open(img->data, img->len, NULL, &reg), COMSCAN_OK);
			ref_text = rft_dump(reg, true);
			ref_findings = comscan_findings_count(comscan_registry_findings(reg));
			comscan_registry_close(reg);
			break;
		case 3:
			assert_int_equal(comscan_registry_dump_tsv(img->data, img->len, NULL, tbuf_sink, &t, &rep),
			    COMSCAN_OK);
			ref_text = t.p;
			t.p = NULL;
			break;
		default:
			assert_int_equal(comscan_com_build(&in, 1, NULL, &com), COMSCAN_OK);
			ref_findings = comscan_findings_count(comscan_com_findings(com));
			ref = (void *)(uintptr_t)comscan_com_class_count(com);
			comscan_com_close(com);
			break;
		}
		if (rep != NULL) {
			ref_findings = comscan_findings_count(comscan_report_findings(rep));
			comscan_report_close(rep);
		}
		tbuf_free(&t);
		assert_true(ref_findings > 0);
	}
	for (k = 0; k < MAX_CALLS; k++) {
		failalloc fa;
		comscan_options o;
		comscan_report *rep = (comscan_report *)&fa;
		comscan_registry *reg = (comscan_registry *)&fa;
		comscan_com *com = (comscan_com *)&fa;
		comscan_status st;
		tbuf t = TBUF_INIT;
		void *out;
		failalloc_init(&fa, k);
		comscan_options_init(&o);
		o.allocator = &fa.a;
		tbuf_puts(&t, "");
		switch (which) {
		case 0:
			st = comscan_scan_buffer(img->data, img->len, &o, &rep);
			out = rep;
			break;
		case 1:
			st = comscan_scan_hive(img->data, img->len, log, 1, &o, &rep);
			out = rep;
			break;
		case 2:
			st = comscan_registry_open(img->data, img->len, &o, &reg);
			out = reg;
			break;
		case 3:
			st = comscan_registry_dump_tsv(img->data, img->len, &o, tbuf_sink, &t, &rep);
			out = rep;
			break;
		default:
			st = comscan_com_build(&in, 1, &o, &com);
			out = com;
			break;
		}
		if (st == COMSCAN_ERR_NOMEM) {
			if (out != NULL || !fa.failed || fa.nlive != 0 || fa.misuse != 0)
				fail_msg("%s: failing call %zu: out %p, failed %d, %zu live blocks, %zu misuses",
				    what, k, out, fa.failed, fa.nlive, fa.misuse);
			failalloc_fini(&fa);
			tbuf_free(&t);
			continue;
		}
		assert_int_equal(st, COMSCAN_OK);
		assert_false(fa.failed);
		assert_true(k > 0);
		fa.fail_at = FAILALLOC_NEVER;
		switch (which) {
		case 0:
		case 1:
			assert_int_equal(comscan_findings_count(comscan_report_findings(rep)), ref_findings);
			comscan_report_close(rep);
			break;
		case 2: {
			char *got = rft_dump(reg, true);
			assert_string_equal(got, ref_text);
			free(got);
			assert_int_equal(comscan_findings_count(comscan_registry_findings(reg)), ref_findings);
			comscan_registry_close(reg);
			break;
		}
		case 3:
			assert_string_equal(t.p, ref_text);
			assert_int_equal(comscan_findings_count(comscan_report_findings(rep)), ref_findings);
			comscan_report_close(rep);
			break;
		default:
			assert_int_equal(comscan_findings_count(comscan_com_findings(com)), ref_findings);
			assert_int_equal(comscan_com_class_count(com), (size_t)(uintptr_t)ref);
			comscan_com_close(com);
			break;
		}
		tbuf_free(&t);
		assert_int_equal(fa.nlive, 0);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
		print_message("    %s: %zu allocations\n", what, k);
		free(ref_text);
		return;
	}
	fail_msg("%s: more than %d allocations", what, MAX_CALLS);
}

static void
test_oom_entry_points(void **state)
{
	hivew_img *img = oom_hive();
	hivew_img *stale, *primary, *log;
	comscan_buffer lb;
	hivew *h = hivew_new("ROOT");
	(void)state;
	oom_loop("scan", 0, img, NULL);
	oom_loop("registry_open", 2, img, NULL);
	oom_loop("dump_tsv", 3, img, NULL);
	oom_loop("com_build", 4, img, NULL);
	{
		/* a mount name whose UTF-8 outgrows the path buffer's first
		 * allocation (fuzz_regf_oom once found the failure ignored) */
		static const uint16_t wide[] = { 'S', 'O', 'F', 'T', 0xFF00, 0xFFFF, 0xFFFF, 0xFFFF,
			0xF7, 0x4E2D, 0x6587, 0x30C6, 0x30B9, 0x30C8 };
		hivew_img *named = oom_hive();
		size_t i;
		hivew_fill(named, HIVEW_BB_NAME, 0, 64);
		for (i = 0; i < sizeof wide / sizeof wide[0]; i++)
			hivew_put16(named, HIVEW_BB_NAME + 2 * i, wide[i]);
		hivew_fix_checksum(named);
		oom_loop("dump_tsv, wide mount name", 3, named, NULL);
		hivew_img_free(named);
	}
	/* scan_hive: a dirty primary and a new-format log */
	stale = hivew_build(h);
	hivew_free(h);
	hivew_put32(img, HIVEW_BB_SEQ1, 1);
	hivew_fix_checksum(img);
	hivew_dirty_pair(img, stale, 6, &primary, &log);
	lb.data = log->data;
	lb.size = log->len;
	lb.name = "h.LOG1";
	oom_loop("scan_hive", 1, primary, &lb);
	hivew_img_free(stale);
	hivew_img_free(primary);
	hivew_img_free(log);
	hivew_img_free(img);
}

static int
count_visitor(void *ctx, const comscan_registry_item *it)
{
	(void)it;
	++*(size_t *)ctx;
	return 0;
}

static int
null_sink(void *ctx, const char *data, size_t len)
{
	(void)ctx, (void)data, (void)len;
	return 0;
}

/* Walking a hive's tree and writing it as TSV and .reg fail cleanly (-1,
 * nothing leaked) at every allocation, then succeed. */
static void
test_oom_walk_and_write(void **state)
{
	hivew_img *img = oom_hive();
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
		assert_int_equal(comscan_registry_open(img->data, img->len, &o, &reg), COMSCAN_OK);
		base = fa.nlive;
		for (k = 0; k < MAX_CALLS; k++) {
			size_t items = 0;
			int r;
			fa.fail_at = fa.calls + k;
			fa.failed = false;
			r = which == 0 ? comscan_registry_walk(reg, count_visitor, &items)
			    : which == 1 ? comscan_registry_write_tsv(reg, null_sink, NULL)
					 : comscan_registry_write_reg(reg, null_sink, NULL);
			assert_int_equal(fa.nlive, base);
			assert_int_equal(fa.misuse, 0);
			if (!fa.failed) {
				assert_int_equal(r, 0);
				if (which == 0)
					assert_int_equal(items,
					    comscan_registry_key_count(reg) + comscan_registry_value_count(reg));
				break;
			}
			assert_int_equal(r, -1);
		}
		assert_true(k < MAX_CALLS);
		comscan_registry_close(reg);
		assert_int_equal(fa.nlive, 0);
		failalloc_fini(&fa);
	}
	hivew_img_free(img);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mount_names),
		cmocka_unit_test(test_mount_unusual_names),
		cmocka_unit_test(test_mount_option),
		cmocka_unit_test(test_tsv_exact),
		cmocka_unit_test(test_reg_export_round_trip),
		cmocka_unit_test(test_reg_export_leaves_out),
		cmocka_unit_test(test_reg_export_leaves_out_limits),
		cmocka_unit_test(test_dump_tsv_errors),
		cmocka_unit_test(test_com_from_hive),
		cmocka_unit_test(test_com_damaged_hive),
		cmocka_unit_test(test_oom_entry_points),
		cmocka_unit_test(test_oom_walk_and_write),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
