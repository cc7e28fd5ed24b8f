/*
 * gen_regf.c - the hive part of the corpus generator:
 *
 *   corpus/samples/    com-software.hive (a SOFTWARE hive holding the
 *                      registrations of com-healthy.reg), com-unregistered.hive
 *                      (those of com-unregistered.reg), hive-damaged.hive (a
 *                      hive with a cycle, a bad reference and a bad hash),
 *                      hive-dirty.hive with hive-dirty.hive.LOG1 (a dirty
 *                      primary and the new-format log that recovers it)
 *   corpus/fuzz_regf/  every sample hive plus one valid hive per layout
 *                      choice (list kinds, versions, big data, names) and
 *                      one damaged hive per check of regf.md 2-3
 *   corpus/fuzz_com/   the two COM hives (the COM harness takes hives too)
 *
 * Hives come from the test-only writer (tests/support/hivew.c), which
 * writes valid hives by default; damage is patched into exact fields after
 * the build.  Paths below are relative to the hive's root key ('\'
 * separated); the SOFTWARE hive's "Classes" is what .reg files call
 * HKEY_LOCAL_MACHINE\SOFTWARE\Classes (and, merged, HKEY_CLASSES_ROOT).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "support/comsplit.h"
#include "support/hivew.h"

/* ---- building trees by path --------------------------------------------- */

#define MAX_PATHS 64

/* The keys made so far, by path, so that paths share their ancestors. */
typedef struct tree {
	hivew *h;
	char path[MAX_PATHS][160];
	hivew_key key[MAX_PATHS];
	size_t n;
} tree;

static void
tree_init(tree *t, const char *file_name)
{
	t->h = hivew_new(NULL);
	hivew_options(t->h)->file_name = file_name;
	t->n = 0;
}

/* The key at path (created with its missing ancestors). */
static hivew_key
key(tree *t, const char *path)
{
	char prefix[160];
	const char *p = path;
	hivew_key k = HIVEW_ROOT;
	size_t i;
	while (*p != '\0') {
		const char *end = strchr(p, '\\');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		if (len >= sizeof prefix)
			abort();
		memcpy(prefix, path, len);
		prefix[len] = '\0';
		for (i = 0; i < t->n && strcmp(t->path[i], prefix) != 0; i++)
			;
		if (i == t->n) {
			if (t->n == MAX_PATHS)
				abort();
			k = hivew_key_add(t->h, k, prefix + (p - path));
			snprintf(t->path[t->n], sizeof t->path[0], "%s", prefix);
			t->key[t->n++] = k;
		} else {
			k = t->key[i];
		}
		p = end ? end + 1 : p + strlen(p);
	}
	return k;
}

/* A REG_SZ value (name NULL = the default value) of the key at path. */
static void
sz(tree *t, const char *path, const char *name, const char *text)
{
	hivew_value_add_sz(t->h, key(t, path), name, text);
}

/* A REG_EXPAND_SZ value. */
static void
expand_sz(tree *t, const char *path, const char *name, const char *text)
{
	uint8_t buf[256];
	size_t n = strlen(text), i;
	if (2 * n + 2 > sizeof buf)
		abort();
	for (i = 0; i <= n; i++)
		buf[2 * i] = (uint8_t)text[i], buf[2 * i + 1] = 0;
	hivew_value_add(t->h, key(t, path), name, HIVEW_REG_EXPAND_SZ, buf, 2 * n + 2);
}

/* HKLM\SOFTWARE\Microsoft\COM3 with REGDBVersion regdb and COM+ Enabled. */
static void
com3_at(tree *t, uint32_t enabled, uint8_t number)
{
	uint8_t regdb[8] = { 0 };
	regdb[0] = number;
	hivew_value_add(t->h, key(t, "Microsoft\\COM3"), "REGDBVersion", HIVEW_REG_BINARY, regdb,
	    sizeof regdb);
	hivew_value_add_dword(t->h, key(t, "Microsoft\\COM3"), "COM+ Enabled", enabled);
}

/* COM3 naming catalog 13 (R00000000000D.clb). */
static void
com3(tree *t, uint32_t enabled)
{
	com3_at(t, enabled, 0x0d);
}

#define ADMIN "Classes\\CLSID\\{F618C514-DFB8-11D1-A2CF-00805FC79235}"
#define PSOA "Classes\\CLSID\\{00020424-0000-0000-C000-000000000046}"
#define WIDGET "Classes\\CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}"
#define WIDGET_APPID "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E92}"
#define WIDGET_TLB "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E93}"
#define WIDGET_IID "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E94}"
#define GADGET "Classes\\WOW6432Node\\CLSID\\{0F5C9D7B-2E41-4C6A-8B3D-5A7E9C1F2B60}"

/* The classes of com-healthy.reg (gen_reg.c) in a SOFTWARE hive. */
static void
healthy_classes(tree *t)
{
	tree_init(t, "SOFTWARE");
	sz(t, ADMIN, NULL, "COMAdmin.COMAdminCatalog");
	expand_sz(t, ADMIN "\\InprocServer32", NULL, "%SystemRoot%\\system32\\comadmin.dll");
	sz(t, ADMIN "\\InprocServer32", "ThreadingModel", "Both");
	sz(t, ADMIN "\\ProgID", NULL, "COMAdmin.COMAdminCatalog.1");
	sz(t, ADMIN "\\VersionIndependentProgID", NULL, "COMAdmin.COMAdminCatalog");
	sz(t, "Classes\\COMAdmin.COMAdminCatalog\\CLSID", NULL,
	    "{F618C514-DFB8-11D1-A2CF-00805FC79235}");
	sz(t, "Classes\\COMAdmin.COMAdminCatalog.1\\CLSID", NULL,
	    "{F618C514-DFB8-11D1-A2CF-00805FC79235}");
	sz(t, PSOA, NULL, "PSOAInterface");
	sz(t, PSOA "\\InprocServer32", NULL, "C:\\Windows\\System32\\oleaut32.dll");
	sz(t, PSOA "\\InprocServer32", "ThreadingModel", "Both");
	sz(t, WIDGET, NULL, "Contoso Widget");
	sz(t, WIDGET, "AppID", WIDGET_APPID);
	sz(t, WIDGET "\\LocalServer32", NULL,
	    "\"C:\\Program Files\\Contoso\\widget.exe\" /automation");
	sz(t, WIDGET "\\ProgID", NULL, "Contoso.Widget.1");
	sz(t, WIDGET "\\TypeLib", NULL, WIDGET_TLB);
	sz(t, "Classes\\Contoso.Widget.1\\CLSID", NULL, "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}");
	sz(t, "Classes\\AppID\\" WIDGET_APPID, NULL, "Contoso Widget");
	sz(t, "Classes\\TypeLib\\" WIDGET_TLB "\\1.0\\0\\win64", NULL,
	    "C:\\Program Files\\Contoso\\widget.tlb");
	sz(t, "Classes\\Interface\\" WIDGET_IID, NULL, "IContosoWidget");
	sz(t, "Classes\\Interface\\" WIDGET_IID "\\ProxyStubClsid32", NULL,
	    "{00020424-0000-0000-C000-000000000046}");
	sz(t, GADGET, NULL, "Contoso Gadget (32-bit)");
	sz(t, GADGET "\\InprocServer32", NULL, "C:\\Program Files (x86)\\Contoso\\gadget32.dll");
	sz(t, GADGET "\\InprocServer32", "ThreadingModel", "Apartment");
}

/* The registrations of com-healthy.reg (gen_reg.c), as a SOFTWARE hive. */
static void
healthy_software(tree *t)
{
	healthy_classes(t);
	com3(t, 1);
}

/* Two classes served by clbcatq.dll.  Which CLSIDs the real DLL registers
 * is not public (regtext.md 6), so these are synthetic; the diagnosis
 * looks at the server, not at the CLSIDs. */
#define CATALOG1 "Classes\\CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5EA1}"
#define CATALOG2 "Classes\\CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5EA2}"

hivew_img *
gen_machine_hive(bool catalog_classes, bool with_com3, uint32_t enabled, uint8_t regdb)
{
	tree t;
	hivew_img *img;
	healthy_classes(&t);
	if (catalog_classes) {
		sz(&t, CATALOG1, NULL, "COM+ catalog class 1 (synthetic)");
		expand_sz(&t, CATALOG1 "\\InprocServer32", NULL, "%SystemRoot%\\system32\\clbcatq.dll");
		sz(&t, CATALOG1 "\\InprocServer32", "ThreadingModel", "Both");
		sz(&t, CATALOG2, NULL, "COM+ catalog class 2 (synthetic)");
		expand_sz(&t, CATALOG2 "\\InprocServer32", NULL, "%SystemRoot%\\system32\\clbcatq.dll");
		sz(&t, CATALOG2 "\\InprocServer32", "ThreadingModel", "Both");
	}
	/* a machine's SOFTWARE hive always has Microsoft\ (so a missing COM3
	 * is missing, not outside the dump) */
	sz(&t, "Microsoft\\Windows NT\\CurrentVersion", "CurrentBuild", "19045");
	if (with_com3)
		com3_at(&t, enabled, regdb);
	img = hivew_build(t.h);
	hivew_free(t.h);
	return img;
}

/* The registrations of com-unregistered.reg, as a SOFTWARE hive. */
static void
unregistered_software(tree *t)
{
	tree_init(t, "SOFTWARE");
	sz(t, ADMIN, NULL, "COMAdmin.COMAdminCatalog");
	sz(t, ADMIN, "AppID", WIDGET_APPID);
	sz(t, ADMIN "\\ProgID", NULL, "COMAdmin.COMAdminCatalog.1");
	sz(t, "Classes\\COMAdmin.COMAdminCatalog.1\\CLSID", NULL,
	    "{F618C514-DFB8-11D1-A2CF-00805FC79235}");
	sz(t, "Classes\\Contoso.Widget.1\\CLSID", NULL, "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}");
	key(t, "Classes\\CLSID\\{0F5C9D7B-2E41-4C6A-8B3D-5A7E9C1F2B60}\\InprocServer32");
	com3(t, 0);
}

/* Writes img to dir/name with its expected classes (com: NULL = no column). */
static void
put(const char *dir, const char *name, const hivew_img *img, const char *scan, const char *com)
{
	char both[256];
	write_file(dir, name, img->data, img->len);
	if (com == NULL) {
		expect(dir, name, scan);
	} else {
		snprintf(both, sizeof both, "%s\t%s", scan, com);
		expect(dir, name, both);
	}
}

/* A seed of the hive harness. */
static void
seed(const char *name, const hivew_img *img, const char *scan)
{
	put("fuzz_regf", name, img, scan, NULL);
}

/* Builds t, writes it as a seed, frees both. */
static void
seed_tree(const char *name, hivew *h, const char *scan)
{
	hivew_img *img = hivew_build(h);
	seed(name, img, scan);
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- samples -------------------------------------------------------------- */

/* A sample hive: in samples/, fuzz_regf/ and fuzz_com/. */
static void
sample(const char *name, const hivew_img *img, const char *scan, const char *com)
{
	put("samples", name, img, scan, com);
	put("fuzz_regf", name, img, scan, com);
	put("fuzz_com", name, img, scan, com);
	write_oom_seed("fuzz_regf_oom", name, img->data, img->len);
	write_oom_seed("fuzz_com_oom", name, img->data, img->len);
}

/* A seed of fuzz_regf and fuzz_regf_oom holding a hive and its log after
 * the marker those harnesses split at (support/comsplit.h). */
static void
seed_with_log(const char *name, const hivew_img *hive, const hivew_img *log, const char *scan)
{
	const size_t mlen = sizeof COMSPLIT_MARKER - 1;
	size_t n = hive->len + mlen + log->len;
	uint8_t *p = malloc(n);
	if (p == NULL)
		abort();
	memcpy(p, hive->data, hive->len);
	memcpy(p + hive->len, COMSPLIT_MARKER, mlen);
	memcpy(p + hive->len + mlen, log->data, log->len);
	write_file("fuzz_regf", name, p, n);
	expect("fuzz_regf", name, scan);
	write_oom_seed("fuzz_regf_oom", name, p, n);
	free(p);
}

/* hive-damaged.hive: a key listing its own parent (cycle), a value list
 * entry in the middle of a cell, and an lh hash that does not match. */
static hivew_img *
damaged_hive(void)
{
	tree t;
	hivew_key widget, server;
	hivew_value blob;
	hivew_img *img;
	tree_init(&t, "SOFTWARE");
	widget = key(&t, "Contoso\\Widget");
	server = key(&t, "Contoso\\Widget\\Server");
	sz(&t, "Contoso\\Widget", "Version", "1.2");
	blob = hivew_value_add_dword(t.h, widget, "Retries", 3);
	key(&t, "Contoso\\Gadget");
	hivew_key_link(t.h, server, widget); /* Widget\Server\Widget = Widget */
	img = hivew_build(t.h);
	/* the second value list entry (Version, after Retries in creation order) */
	hivew_cput32(img, hivew_cell_values(img, widget), 4, hivew_cell_vk(img, blob) + 8);
	/* the lh hash of Contoso's first subkey ("Gadget") */
	hivew_cput32(img, hivew_cell_list(img, key(&t, "Contoso")), HIVEW_LF_HINT(0), 0x12345678);
	hivew_free(t.h);
	return img;
}

static void
gen_samples(void)
{
	tree t;
	hivew_img *img, *stale, *primary, *log;
	healthy_software(&t);
	img = hivew_build(t.h);
	sample("com-software.hive", img, "healthy", "healthy");
	hivew_img_free(img);
	hivew_free(t.h);

	unregistered_software(&t);
	img = hivew_build(t.h);
	sample("com-unregistered.hive", img, "healthy", "dangling-reference,unregistered,disabled");
	hivew_img_free(img);
	hivew_free(t.h);

	img = damaged_hive();
	put("samples", "hive-damaged.hive", img, "dangling-reference,inconsistent,cycle", NULL);
	seed("hive-damaged.hive", img, "dangling-reference,inconsistent,cycle");
	hivew_img_free(img);

	/* dirty: the primary was flushed before the Gadget registration; the
	 * new-format log holds it */
	healthy_software(&t);
	hivew_options(t.h)->seq1 = hivew_options(t.h)->seq2 = 7;
	img = hivew_build(t.h);
	hivew_free(t.h);
	unregistered_software(&t);
	hivew_options(t.h)->seq1 = hivew_options(t.h)->seq2 = 6;
	stale = hivew_build(t.h);
	hivew_free(t.h);
	hivew_dirty_pair(img, stale, 6, &primary, &log);
	put("samples", "hive-dirty.hive", primary, "dirty", NULL);
	put("samples", "hive-dirty.hive.LOG1", log, "healthy", NULL);
	seed("hive-dirty.hive", primary, "dirty");
	seed("hive-dirty.hive.LOG1", log, "healthy");
	seed_with_log("hive-dirty+new-log", primary, log, "dirty");
	hivew_img_free(primary);
	hivew_img_free(log);
	/* the same change kept by an old-format (DIRT) log */
	hivew_dirty_pair(img, stale, 1, &primary, &log);
	seed_with_log("hive-dirty+old-log", primary, log, "dirty");
	hivew_img_free(primary);
	hivew_img_free(log);
	hivew_img_free(stale);
	hivew_img_free(img);
}

/* ---- valid layouts --------------------------------------------------------- */

/* A tree of n keys "Key000".. under the root, each with one value. */
static hivew *
flat(size_t n)
{
	hivew *h = hivew_new(NULL);
	char name[16];
	size_t i;
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "Key%03zu", i);
		hivew_value_add_dword(h, hivew_key_add(h, HIVEW_ROOT, name), "Index", (uint32_t)i);
	}
	return h;
}

/* A tree whose root's list is of kind kind. */
static hivew *
flat_list(size_t n, hivew_list kind)
{
	hivew *h = flat(n);
	hivew_key_set_list(h, HIVEW_ROOT, kind);
	return h;
}

/* A tree of format version 1.minor. */
static hivew *
flat_version(unsigned minor)
{
	hivew *h = flat(6);
	hivew_options(h)->minor = minor;
	return h;
}

/* Values of every type and resident size 0..5. */
static hivew *
value_types(void)
{
	static const uint8_t bytes[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t multi[] = { 'a', 0, 0, 0, 'b', 0, 'c', 0, 0, 0, 0, 0 };
	static const char *const sizes[] = { "r0", "r1", "r2", "r3", "r4", "r5" };
	hivew *h = hivew_new(NULL);
	hivew_key k = hivew_key_add(h, HIVEW_ROOT, "Types");
	uint32_t type;
	size_t i;
	for (i = 0; i < 6; i++)
		hivew_value_add(h, k, sizes[i], HIVEW_REG_BINARY, bytes, i);
	hivew_value_add_sz(h, k, NULL, "default");
	hivew_value_add(h, k, "multi", HIVEW_REG_MULTI_SZ, multi, sizeof multi);
	hivew_value_add(h, k, "qword", HIVEW_REG_QWORD, bytes, 8);
	hivew_value_add(h, k, "dword-be", HIVEW_REG_DWORD_BE, bytes, 4);
	hivew_value_add(h, k, "link", HIVEW_REG_LINK, multi, 4);
	hivew_value_add(h, k, "none", HIVEW_REG_NONE, bytes, 3);
	type = 0x12345678;
	hivew_value_add(h, k, "odd-type", type, bytes, 8);
	return h;
}

/* Big data: values of 16 345 and 40 000 bytes (db lists of 2 and 3). */
static hivew *
big_data(void)
{
	hivew *h = hivew_new(NULL);
	hivew_key k = hivew_key_add(h, HIVEW_ROOT, "Big");
	uint8_t *p = malloc(40000);
	size_t i;
	if (p == NULL)
		abort();
	for (i = 0; i < 40000; i++)
		p[i] = (uint8_t)(i * 7);
	hivew_value_add(h, k, "just-over", HIVEW_REG_BINARY, p, HIVEW_SEGMENT + 1);
	hivew_value_add(h, k, "three", HIVEW_REG_BINARY, p, 40000);
	free(p);
	return h;
}

/* UTF-16 key and value names, classes, a second sk. */
static hivew *
names(void)
{
	static const uint16_t cyrillic[] = { 0x041A, 0x043B, 0x044E, 0x0447 };
	static const uint16_t greek[] = { 0x03A3, 0x03C2 };
	static const uint8_t desc[20] = { 1, 0, 4, 0x80 };
	hivew *h = hivew_new(NULL);
	hivew_key a = hivew_key_add_units(h, HIVEW_ROOT, cyrillic, 4, false);
	hivew_key b = hivew_key_add_utf8(h, HIVEW_ROOT, "caf\xc3\xa9");
	hivew_key c = hivew_key_add(h, HIVEW_ROOT, "Classy");
	hivew_value_add_units(h, a, greek, 2, false, HIVEW_REG_SZ, "x\0\0", 4);
	hivew_value_add_sz(h, b, "Latin-1 \xe9", "\xe9t\xe9");
	hivew_key_set_class(h, c, "ClassName");
	hivew_key_set_sk(h, c, hivew_sk_add(h, desc, sizeof desc));
	return h;
}

/* A UsrClass.dat with one healthy per-user registration (HKCU\Software\Classes). */
static hivew_img *
usrclass(void)
{
	tree t;
	hivew_img *img;
	tree_init(&t, "Microsoft\\Windows\\UsrClass.dat"); /* the path's tail, as Windows keeps it */
	sz(&t, "CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}", NULL, "Contoso Widget");
	sz(&t, "CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}\\InprocServer32", NULL,
	    "C:\\Users\\alice\\AppData\\Local\\Contoso\\widget.dll");
	sz(&t, "CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}\\InprocServer32", "ThreadingModel",
	    "Apartment");
	img = hivew_build(t.h);
	hivew_free(t.h);
	return img;
}

/* What the canonical .reg leaves out (report/regwrite.c), next to what
 * it writes: key names with CR LF and a key line, with a NUL, of 256
 * characters (and one of 255), value names with a NUL and of 16 384
 * characters (and one of 16 383). */
static hivew *
export_left_out(void)
{
	static const uint16_t inject[] = { 'x', '\r', '\n', '[', 'H', 'K', 'E', 'Y', '_', 'U', 'S',
		'E', 'R', 'S', '\\', 'y', ']' },
			      nul[] = { 'n', 0, 'x' };
	static char k255[256], k256[257], v16383[16384], v16384[16385];
	hivew *h = hivew_new(NULL);
	hivew_key keep = hivew_key_add(h, HIVEW_ROOT, "Keep"), k;
	memset(k255, 'k', 255);
	memset(k256, 'K', 256);
	memset(v16383, 'v', 16383);
	memset(v16384, 'V', 16384);
	(void)hivew_value_add_sz(h, keep, "s", "kept");
	(void)hivew_value_add_units(h, keep, nul, 3, true, HIVEW_REG_DWORD, "\1\0\0\0", 4);
	(void)hivew_value_add_dword(h, keep, v16383, 2);
	(void)hivew_value_add_dword(h, keep, v16384, 3);
	k = hivew_key_add_units(h, HIVEW_ROOT, inject, sizeof inject / 2, true);
	(void)hivew_value_add_sz(h, k, "w", "left out");
	(void)hivew_key_add(h, k, "Below");
	(void)hivew_key_add_units(h, HIVEW_ROOT, nul, 3, true);
	(void)hivew_key_add(h, HIVEW_ROOT, k255);
	(void)hivew_key_add(h, HIVEW_ROOT, k256);
	return h;
}

static void
gen_valid_seeds(void)
{
	hivew_img *img;
	seed_tree("list-li.hive", flat_list(5, HIVEW_LIST_LI), "healthy");
	seed_tree("list-lf.hive", flat_list(5, HIVEW_LIST_LF), "healthy");
	seed_tree("list-lh.hive", flat_list(5, HIVEW_LIST_LH), "healthy");
	{
		hivew *h = flat(12);
		hivew_key_set_ri(h, HIVEW_ROOT, HIVEW_LIST_LH, 4);
		seed_tree("list-ri.hive", h, "healthy");
	}
	seed_tree("version-1-3.hive", flat_version(3), "healthy");
	seed_tree("version-1-4.hive", flat_version(4), "healthy");
	seed_tree("version-1-6.hive", flat_version(6), "healthy");
	seed_tree("value-types.hive", value_types(), "healthy");
	seed_tree("big-data.hive", big_data(), "healthy");
	seed_tree("names.hive", names(), "healthy");
	seed_tree("export-left-out.hive", export_left_out(), "malformed");
	img = usrclass();
	put("fuzz_regf", "usrclass.hive", img, "healthy", "healthy");
	put("fuzz_com", "usrclass.hive", img, "healthy", "healthy");
	hivew_img_free(img);
}

/* ---- damaged hives: one per check (regf.md 2-3) ---------------------------- */

/* The tree the damaged seeds start from: Alpha (values Name, Count, Blob),
 * Beta with subkeys Gamma and Delta, Epsilon with big data; six cells per
 * bin, so that the hive has several bins. */
typedef struct base {
	hivew *h;
	hivew_key alpha, beta, gamma, delta, epsilon;
	hivew_value name, count, blob, big;
} base;

static void
base_init(base *b)
{
	static uint8_t blob[40];
	uint8_t *big = calloc(1, 20000);
	if (big == NULL)
		abort();
	b->h = hivew_new(NULL);
	hivew_options(b->h)->cells_per_bin = 6;
	b->alpha = hivew_key_add(b->h, HIVEW_ROOT, "Alpha");
	b->beta = hivew_key_add(b->h, HIVEW_ROOT, "Beta");
	b->gamma = hivew_key_add(b->h, b->beta, "Gamma");
	b->delta = hivew_key_add(b->h, b->beta, "Delta");
	b->epsilon = hivew_key_add(b->h, HIVEW_ROOT, "Epsilon");
	b->name = hivew_value_add_sz(b->h, b->alpha, "Name", "alpha");
	b->count = hivew_value_add_dword(b->h, b->alpha, "Count", 1);
	b->blob = hivew_value_add(b->h, b->alpha, "Blob", HIVEW_REG_BINARY, blob, sizeof blob);
	b->big = hivew_value_add(b->h, b->epsilon, "Big", HIVEW_REG_BINARY, big, 20000);
	free(big);
}

/* The base tree built; *b keeps the handles (b->h freed by the caller). */
static hivew_img *
base_build(base *b)
{
	base_init(b);
	return hivew_build(b->h);
}

/* Writes a damaged seed and frees it and its tree. */
static void
damaged(const char *name, base *b, hivew_img *img, const char *scan)
{
	seed(name, img, scan);
	hivew_img_free(img);
	hivew_free(b->h);
}

/* Seeds damaged in the base block and the bins. */
static void
gen_container_seeds(void)
{
	base b;
	hivew_img *img;

	img = base_build(&b);
	hivew_truncate(img, 4096);
	damaged("too-small.hive", &b, img, "truncated,out-of-bounds,dangling-reference");

	img = base_build(&b);
	hivew_truncate(img, 4096 + hivew_bin_offset(img, 2));
	damaged("bins-truncated.hive", &b, img, "truncated,out-of-bounds");

	img = base_build(&b);
	hivew_put32(img, HIVEW_BB_CHECKSUM, hivew_get32(img, HIVEW_BB_CHECKSUM) ^ 1);
	damaged("bad-checksum.hive", &b, img, "bad-checksum");

	img = base_build(&b);
	hivew_set_seq(img, 5, 4);
	damaged("dirty.hive", &b, img, "dirty");

	img = base_build(&b);
	hivew_force_xor(img, 0);
	damaged("checksum-fixup-0.hive", &b, img, "healthy");

	img = base_build(&b);
	hivew_force_xor(img, 0xFFFFFFFFu);
	damaged("checksum-fixup-ff.hive", &b, img, "healthy");

	img = base_build(&b);
	hivew_put32(img, HIVEW_BB_MAJOR, 2);
	hivew_fix_checksum(img);
	damaged("version-2-0.hive", &b, img, "unsupported-version");

	base_init(&b);
	hivew_options(b.h)->minor = 2;
	img = hivew_build(b.h);
	damaged("version-1-2.hive", &b, img, "legacy-format");

	img = base_build(&b);
	hivew_put32(img, HIVEW_BB_ROOT, 0x00ABCDE0);
	hivew_fix_checksum(img);
	damaged("root-past-end.hive", &b, img, "out-of-bounds,dangling-reference");

	img = base_build(&b);
	hivew_put(img, HIVEW_BASE + hivew_bin_offset(img, 1), "hbim", 4);
	damaged("hbin-signature.hive", &b, img, "malformed,dangling-reference");

	img = base_build(&b);
	hivew_put32(img, HIVEW_BASE + hivew_bin_offset(img, 1) + HIVEW_HBIN_OFFSET, 0x2000);
	damaged("hbin-offset.hive", &b, img, "inconsistent");

	img = base_build(&b);
	hivew_put32(img, HIVEW_BASE + hivew_bin_offset(img, hivew_nbins(img) - 1) + HIVEW_HBIN_SIZE,
	    0x10000);
	damaged("hbin-past-end.hive", &b, img, "out-of-bounds");

	img = base_build(&b);
	hivew_put32(img, HIVEW_BASE + hivew_bin_offset(img, 1) + HIVEW_HBIN_SIZE, 4000);
	damaged("hbin-bad-size.hive", &b, img, "malformed");

	img = base_build(&b);
	hivew_set_cell_size(img, hivew_bin_free(img, 0),
	    hivew_cell_size(img, hivew_bin_free(img, 0)) + 4096);
	damaged("cell-crosses-bin.hive", &b, img, "out-of-bounds");

	img = base_build(&b);
	hivew_set_cell_size(img, hivew_cell_nk(img, b.delta),
	    hivew_cell_size(img, hivew_cell_nk(img, b.delta)) + 4);
	damaged("cell-bad-size.hive", &b, img, "malformed,dangling-reference");

	img = base_build(&b);
	hivew_append_fill(img, 0, 8192);
	damaged("zeros-after-bins.hive", &b, img, "healthy");

	img = base_build(&b);
	hivew_truncate(img, HIVEW_BASE + hivew_bin_offset(img, 1) + 2000);
	damaged("truncated-mid-bin.hive", &b, img, "truncated,out-of-bounds");
}

/* Seeds damaged in references, records and lists. */
static void
gen_record_seeds(void)
{
	base b;
	hivew_img *img;
	uint32_t cell;

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_values(img, b.alpha), 0, hivew_cell_vk(img, b.name) + 8);
	damaged("ref-mid-cell.hive", &b, img, "dangling-reference");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_values(img, b.alpha), 0, hivew_bin_free(img, 0));
	damaged("ref-free-cell.hive", &b, img, "dangling-reference");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_values(img, b.alpha), 0, hivew_bin_offset(img, 1));
	damaged("ref-bin-header.hive", &b, img, "dangling-reference");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_values(img, b.alpha), 0, 0x7FFFFFF8);
	damaged("ref-past-end.hive", &b, img, "out-of-bounds");

	img = base_build(&b);
	hivew_cput(img, hivew_cell_nk(img, b.gamma), 0, "nl", 2);
	damaged("nk-signature.hive", &b, img, "malformed");

	img = base_build(&b);
	hivew_cput(img, hivew_cell_vk(img, b.count), 0, "vj", 2);
	damaged("vk-signature.hive", &b, img, "malformed");

	img = base_build(&b);
	hivew_cput(img, hivew_cell_list(img, b.beta), 0, "lx", 2);
	damaged("list-signature.hive", &b, img, "malformed");

	img = base_build(&b);
	hivew_cput(img, hivew_cell_sk(img, hivew_sk_default(b.h)), 0, "sj", 2);
	damaged("sk-signature.hive", &b, img, "malformed");

	img = base_build(&b);
	hivew_cput(img, hivew_cell_data(img, b.big), 0, "dc", 2);
	damaged("db-signature.hive", &b, img, "malformed");

	img = base_build(&b);
	hivew_cput16(img, hivew_cell_data(img, b.big), HIVEW_DB_COUNT, 200);
	damaged("db-count-past-list.hive", &b, img, "out-of-bounds");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_seglist(img, b.big), 4, hivew_cell_vk(img, b.name));
	damaged("db-bad-segment.hive", &b, img, "malformed,inconsistent");

	img = base_build(&b);
	hivew_cput16(img, hivew_cell_list(img, b.beta), HIVEW_LIST_COUNT, 300);
	hivew_cput32(img, hivew_cell_nk(img, b.beta), HIVEW_NK_NSUBKEYS, 300);
	damaged("list-count-past-cell.hive", &b, img, "out-of-bounds");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_nk(img, b.alpha), HIVEW_NK_NVALUES, 300);
	damaged("values-count-past-cell.hive", &b, img, "out-of-bounds");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_nk(img, b.beta), HIVEW_NK_NSUBKEYS, 3);
	damaged("subkey-count.hive", &b, img, "inconsistent");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_nk(img, b.gamma), HIVEW_NK_PARENT, hivew_cell_nk(img, b.alpha));
	damaged("parent-mismatch.hive", &b, img, "inconsistent");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_vk(img, b.count), HIVEW_VK_DATA_SIZE, HIVEW_RESIDENT | 5);
	damaged("resident-too-large.hive", &b, img, "malformed");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_vk(img, b.blob), HIVEW_VK_DATA_SIZE, 4000);
	damaged("data-past-cell.hive", &b, img, "truncated");

	img = base_build(&b);
	cell = hivew_cell_sk(img, hivew_sk_default(b.h));
	hivew_cput32(img, cell, HIVEW_SK_FLINK, hivew_cell_nk(img, b.alpha));
	damaged("sk-broken-ring.hive", &b, img, "inconsistent");

	img = base_build(&b);
	cell = hivew_cell_sk(img, hivew_sk_default(b.h));
	hivew_cput32(img, cell, HIVEW_SK_REFS, 99);
	damaged("sk-refcount.hive", &b, img, "inconsistent");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_nk(img, b.delta), HIVEW_NK_CLASS, 0x7FFFFFF8);
	hivew_cput16(img, hivew_cell_nk(img, b.delta), HIVEW_NK_CLASS_LEN, 8);
	damaged("class-invalid.hive", &b, img, "out-of-bounds");

	img = base_build(&b);
	hivew_cput16(img, hivew_cell_nk(img, b.delta), HIVEW_NK_NAME + 1, '\\');
	damaged("name-backslash.hive", &b, img, "malformed,inconsistent");
}

/* Seeds with cycles, shared structure, order, names and depth. */
static void
gen_tree_seeds(void)
{
	static const uint16_t surrogate[] = { 'k', 0xD800, 'x' };
	base b;
	hivew_img *img;
	hivew *h;
	hivew_key k;

	base_init(&b);
	hivew_key_link(b.h, b.alpha, b.alpha);
	damaged("cycle-self.hive", &b, hivew_build(b.h), "cycle");

	base_init(&b);
	hivew_key_link(b.h, b.gamma, b.beta);
	damaged("cycle-two.hive", &b, hivew_build(b.h), "cycle");

	h = hivew_new(NULL);
	k = hivew_key_chain(h, HIVEW_ROOT, "Link", 40);
	hivew_key_link(h, k, 1); /* the chain's first key */
	seed_tree("cycle-long.hive", h, "cycle");

	base_init(&b);
	hivew_key_share_list(b.h, b.alpha, b.beta);
	damaged("shared-list.hive", &b, hivew_build(b.h), "inconsistent");

	base_init(&b);
	hivew_key_link(b.h, b.alpha, b.gamma);
	damaged("two-parents.hive", &b, hivew_build(b.h), "inconsistent");

	h = hivew_new(NULL);
	hivew_key_chain(h, HIVEW_ROOT, "D", 511);
	seed_tree("depth-512.hive", h, "healthy");

	h = hivew_new(NULL);
	hivew_key_chain(h, HIVEW_ROOT, "D", 512);
	seed_tree("depth-513.hive", h, "limit-exceeded");

	base_init(&b);
	hivew_key_set_order(b.h, HIVEW_ROOT, HIVEW_ORDER_REVERSE);
	damaged("unsorted.hive", &b, hivew_build(b.h), "inconsistent");

	base_init(&b);
	hivew_key_add(b.h, b.beta, "GAMMA");
	damaged("duplicate-key.hive", &b, hivew_build(b.h), "duplicate");

	base_init(&b);
	hivew_value_add_dword(b.h, b.alpha, "COUNT", 2);
	damaged("duplicate-value.hive", &b, hivew_build(b.h), "duplicate");

	base_init(&b);
	hivew_key_set_list(b.h, b.beta, HIVEW_LIST_LF);
	img = hivew_build(b.h);
	hivew_cput32(img, hivew_cell_list(img, b.beta), HIVEW_LF_HINT(1), 0x41414141);
	damaged("bad-lf-hint.hive", &b, img, "inconsistent");

	img = base_build(&b);
	hivew_cput32(img, hivew_cell_list(img, b.beta), HIVEW_LF_HINT(0), 0x41414141);
	damaged("bad-lh-hash.hive", &b, img, "inconsistent");

	base_init(&b);
	hivew_key_set_ri(b.h, b.beta, HIVEW_LIST_LH, 1);
	hivew_key_set_ri_nest(b.h, b.beta, 1);
	damaged("ri-nested.hive", &b, hivew_build(b.h), "malformed");

	base_init(&b);
	hivew_key_add_units(b.h, b.beta, surrogate, 3, false);
	damaged("name-surrogate.hive", &b, hivew_build(b.h), "bad-encoding");
}

void
gen_regf_corpus(void)
{
	gen_samples();
	gen_valid_seeds();
	gen_container_seeds();
	gen_record_seeds();
	gen_tree_seeds();
}
