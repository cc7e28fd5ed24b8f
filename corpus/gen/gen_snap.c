/*
 * gen_snap.c - the Windows-directory snapshots of `comscan diagnose`
 * (corpus/snapshots/<name>/), one per failure the diagnosis names and two
 * healthy ones, each with a corpus/MANIFEST.tsv directory row: the path
 * (ending in '/'), the expected classes, and for the .reg variants the
 * dumps given with --reg (relative to the snapshot).
 *
 *   healthy-hive/            clbcatq.dll, catalogs R..0C and R..0D (the
 *                            current one, which REGDBVersion names), the
 *                            SOFTWARE hive with the catalog's classes
 *   healthy-reg/             the same with registration.reg instead
 *   q310412-method1/         regsvr32 -u clbcatq.dll: no catalog classes
 *   q310412-method1-reg/     the same, as a .reg export
 *   q310412-method2-text/    a text ~clbcatq.dll
 *   q310412-method2-zero/    a zero-byte ~clbcatq.dll
 *   regdbversion-dangling/   REGDBVersion names R..0E, which is absent
 *   catalog-truncated/       the current catalog cut inside its tables
 *   catalog-zero/            the current catalog is 0 bytes
 *   catalog-dll-missing/     no System32\clbcatq.dll
 *   complus-disabled/        COM+ Enabled = 0
 *   com3-missing/            catalogs exist, the COM3 key does not
 *
 * Each snapshot is also packed into one seed of fuzz_diagnose,
 * corpus/fuzz_diagnose/<name>.snap (support/comsplit.h, snapsplit), with
 * a MANIFEST row of the same classes, and into a seed of
 * fuzz_diagnose_oom (the same after two bytes naming a failing allocation).
 *
 * Windows spells the folders System32 and Registration; the snapshots use
 * other cases on purpose in two of them (names are matched as Windows
 * matches them).
 */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "gen.h"
#include "support/comsplit.h"
#include "support/hivew.h"
#include "support/mdw.h"

/* The parts of a snapshot. */
typedef struct snap {
	const char *name;
	const char *system32;      /* the folder's spelling                 */
	const char *marker;        /* ~clbcatq.dll content, or NULL: absent */
	size_t marker_len;
	bool catdll;               /* System32\clbcatq.dll present          */
	bool catalog_classes;      /* the hive registers clbcatq.dll's classes */
	bool com3;                 /* the hive has COM3                     */
	uint32_t enabled;          /* COM+ Enabled                          */
	uint8_t regdb;             /* REGDBVersion                          */
	int current;               /* R..0D.clb: 0 healthy, 1 truncated, 2 empty */
	bool reg;                  /* registration.reg instead of the hive  */
	const char *classes;       /* the MANIFEST row's expectation        */
} snap;

static const char text_marker[] =
    "This file is a placeholder created during COM+ setup.\r\n"
    "It should have been replaced by the real clbcatq.dll.\r\n";

/* The packed seed being built. */
static char *pack;
static size_t pack_len;
static FILE *pack_f;

/* Appends one part "PATH\nBYTES" to the packed seed. */
static void
pack_part(const char *path, const void *p, size_t n)
{
	if (pack_len > 0)
		fputs(COMSPLIT_MARKER, pack_f);
	fprintf(pack_f, "%s\n", path);
	if (n && fwrite(p, 1, n, pack_f) != n)
		abort();
	fflush(pack_f);
	pack_len = (size_t)ftell(pack_f);
}

/* Writes one file of snapshot s at rel_dir/name (folders '/'-separated)
 * and packs it (folders '\'-separated; the registration.reg dump as
 * "dump:registration.reg"). */
static void
put(const snap *s, const char *rel_dir, const char *name, const void *p, size_t n)
{
	char dir[512], path[512];
	size_t i;
	snprintf(dir, sizeof dir, "snapshots/%s%s%s", s->name, rel_dir[0] ? "/" : "", rel_dir);
	write_file(dir, name, p, n);
	snprintf(path, sizeof path, "%s%s%s%s", rel_dir[0] ? "" : (s->reg && strcmp(name,
	    "registration.reg") == 0 ? "dump:" : ""), rel_dir, rel_dir[0] ? "/" : "", name);
	for (i = 0; path[i]; i++)
		if (path[i] == '/')
			path[i] = '\\';
	pack_part(path, p, n);
}

/* The .reg export of a hive mounted at HKEY_LOCAL_MACHINE\SOFTWARE,
 * written by the library's own writer. */
static int
append(void *ctx, const char *data, size_t len)
{
	FILE *f = ctx;
	return fwrite(data, 1, len, f) == len ? 0 : -1;
}

static char *
export_reg(const hivew_img *img, size_t *len)
{
	comscan_options opts;
	comscan_registry *reg = NULL;
	char *buf = NULL;
	FILE *f;
	comscan_options_init(&opts);
	opts.regf_mount = "HKEY_LOCAL_MACHINE\\SOFTWARE";
	f = open_memstream(&buf, len);
	if (f == NULL || comscan_registry_open(img->data, img->len, &opts, &reg) != COMSCAN_OK ||
	    comscan_registry_write_reg(reg, append, f) != 0 || fclose(f) != 0) {
		fputs("gen_corpus: cannot export a snapshot hive\n", stderr);
		exit(2);
	}
	comscan_registry_close(reg);
	return buf;
}

static void
gen_snapshot(const snap *s, const uint8_t *pe, size_t pelen, const uint8_t *clb, size_t clblen,
    size_t clb_cut)
{
	char row[256], seed[128];
	hivew_img *img;
	pack = NULL;
	pack_len = 0;
	pack_f = open_memstream(&pack, &pack_len);
	if (pack_f == NULL)
		abort();
	if (s->marker != NULL)
		put(s, s->system32, "~clbcatq.dll", s->marker, s->marker_len);
	if (s->catdll)
		put(s, s->system32, "clbcatq.dll", pe, pelen);
	put(s, "Registration", "R00000000000C.clb", clb, clblen);
	put(s, "Registration", "R00000000000D.clb", clb,
	    s->current == 0 ? clblen : s->current == 1 ? clb_cut : 0);
	img = gen_machine_hive(s->catalog_classes, s->com3, s->enabled, s->regdb);
	if (s->reg) {
		size_t len;
		char *text = export_reg(img, &len);
		put(s, "", "registration.reg", text, len);
		free(text);
		snprintf(row, sizeof row, "%s\tregistration.reg", s->classes);
	} else {
		char dir[64];
		snprintf(dir, sizeof dir, "%s/config", s->system32);
		put(s, dir, "SOFTWARE", img->data, img->len);
		snprintf(row, sizeof row, "%s", s->classes);
	}
	hivew_img_free(img);
	{
		char dir[128];
		snprintf(dir, sizeof dir, "snapshots/%s", s->name);
		expect(dir, "", row);
	}
	if (fclose(pack_f) != 0)
		abort();
	snprintf(seed, sizeof seed, "%s.snap", s->name);
	write_file("fuzz_diagnose", seed, pack, pack_len);
	expect("fuzz_diagnose", seed, s->classes);
	write_oom_seed("fuzz_diagnose_oom", seed, pack, pack_len);
	free(pack);
}

/* ---- more fuzz_diagnose seeds: one per rule the snapshots leave out ---- */

/* A machine registration as REGEDIT4 text: the core OLE class, the
 * COMAdminCatalog class unless no_admin, the catalog class when catalog,
 * and COM3 with the given REGDBVersion hex list (NULL: none) unless
 * no_com3; extra is appended. */
static char *
machine_reg(bool catalog, bool no_admin, bool no_com3, const char *regdb, const char *extra)
{
	static char buf[4096];
	snprintf(buf, sizeof buf,
	    "REGEDIT4\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\{00020424-0000-0000-C000-000000000046}\\InprocServer32]\r\n"
	    "@=\"C:\\\\Windows\\\\System32\\\\oleaut32.dll\"\r\n\r\n"
	    "%s%s%s%s%s%s%s",
	    no_admin ? "" :
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\{F618C514-DFB8-11D1-A2CF-00805FC79235}\\InprocServer32]\r\n"
	    "@=\"C:\\\\Windows\\\\System32\\\\comadmin.dll\"\r\n\r\n",
	    !catalog ? "" :
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5EA1}\\InprocServer32]\r\n"
	    "@=\"C:\\\\Windows\\\\System32\\\\clbcatq.dll\"\r\n\r\n",
	    no_com3 ? "" : "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\r\n\"COM+ Enabled\"=dword:00000001\r\n",
	    !no_com3 && regdb ? "\"REGDBVersion\"=hex:" : "", !no_com3 && regdb ? regdb : "",
	    !no_com3 && regdb ? "\r\n" : "", extra ? extra : "");
	return buf;
}

/* One part of a seed being packed. */
typedef struct part {
	const char *path;
	const void *data;
	size_t size;
} part;

/* Packs parts into corpus/fuzz_diagnose/<name> with its row. */
static void
seed(const char *name, const part *parts, size_t n, const char *classes)
{
	size_t i;
	pack = NULL;
	pack_len = 0;
	pack_f = open_memstream(&pack, &pack_len);
	if (pack_f == NULL)
		abort();
	for (i = 0; i < n; i++)
		pack_part(parts[i].path, parts[i].data, parts[i].size);
	if (fclose(pack_f) != 0)
		abort();
	write_file("fuzz_diagnose", name, pack, pack_len);
	expect("fuzz_diagnose", name, classes);
	free(pack);
}

#define DLL "System32\\clbcatq.dll"
#define CAT "Registration\\R00000000000D.clb"
#define REG(r) { "dump:machine.reg", (r), strlen(r) }

/* The rules the snapshots do not reach, each in a small packed seed. */
static void
gen_rule_seeds(const uint8_t *pe, size_t pelen, const uint8_t *clb, size_t clblen, size_t cut)
{
	static const char text[] = "not a DLL\r\n";
	char *r;
	{
		r = machine_reg(true, false, false, "0d,00,00,00,00,00,00,00", NULL);
		part p[] = { { "System32\\~clbcatq.dll", pe, pelen }, { DLL, pe, pelen },
			{ CAT, clb, clblen }, REG(r) };
		seed("marker-image.snap", p, 4, "inconsistent");
	}
	{
		r = machine_reg(true, false, false, "0d,00,00,00,00,00,00,00", NULL);
		part p[] = { { "System32\\~clbcatq.dll", clb, clblen }, { DLL, text, sizeof text - 1 },
			{ CAT, pe, pelen }, { "System32\\com\\comadmin.dll", "", 0 }, REG(r) };
		seed("marker-other-dll-text.snap", p, 5,
		    "inconsistent,text-placeholder,malformed,zero-byte-placeholder");
	}
	{
		r = machine_reg(true, false, false, "0d,00,00,00,00,00,00,00", NULL);
		part p[] = { { DLL, clb, clblen }, { CAT, text, sizeof text - 1 },
			{ "System32\\com\\comadmin.dll", pe, cut < pelen ? cut : pelen }, REG(r) };
		seed("dll-not-image.snap", p, 4, "bad-signature,text-placeholder,malformed,truncated");
	}
	{
		r = machine_reg(true, true, false, "0c,00,00,00,00,00,00,00", NULL);
		part p[] = { { DLL, pe, 100 }, { CAT, clb, clblen },
			{ "Registration\\r00000000000c.CLB", clb, cut }, { "system32\\CLBCATQ.DLL", pe, pelen },
			{ "System32\\com\\comadmin.dll", text, sizeof text - 1 }, REG(r) };
		seed("dll-damaged-regdb-older.snap", p, 6,
		    "malformed,truncated,out-of-bounds,inconsistent,text-placeholder,unregistered");
	}
	{
		r = machine_reg(false, false, false, "ff,ff,ff,ff,ff,ff,ff,ff",
		    "\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\broken\r\n\"x\"=dword:1\r\n");
		part p[] = { { DLL, pe, pelen }, REG(r) };
		seed("regdb-range-no-catalog.snap", p, 2, "malformed,dangling-reference,unregistered");
	}
	{
		r = machine_reg(true, false, false, NULL, NULL);
		part p[] = { { DLL, pe, pelen }, { CAT, clb, clblen }, REG(r) };
		seed("regdb-missing.snap", p, 3, "inconsistent");
	}
	{
		r = machine_reg(true, false, false, "0d,00", NULL);
		part p[] = { { DLL, pe, pelen }, { CAT, clb, clblen }, REG(r),
			{ "dump:other.reg", "REGEDIT4\r\n", 10 } };
		seed("regdb-invalid-two-dumps.snap", p, 4, "malformed");
	}
	{
		static const char partial[] =
		    "REGEDIT4\r\n\r\n[HKEY_CLASSES_ROOT\\CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}\\LocalServer32]\r\n@=\"widget.exe\"\r\n";
		part p[] = { { DLL, pe, pelen }, { CAT, clb, clblen }, { "dump:app.reg", partial, sizeof partial - 1 },
			{ "dump:catalog.clb", clb, clblen } };
		seed("partial-and-not-registry.snap", p, 4, "bad-signature");
	}
	{
		part p[] = { { DLL, pe, pelen }, { CAT, clb, clblen }, { "Registration\\R00000000000D.CLB", clb, 0 },
			{ "Registration\\R0000000000ZZ.clb", clb, 0 }, { "Registration\\R00000000000E.clb\\x", clb, 0 } };
		seed("no-registry-ambiguous.snap", p, 5, "zero-byte-placeholder,inconsistent");
	}
}

void
gen_snapshots(void)
{
	/* the catalog DLL is a native image, the catalogs the sample metadata
	 * (cut inside its tables for catalog-truncated), as in gen_corpus.c */
	pew_opts native = { false, true, 0, 0, 0 };
	mdw_layout lay;
	mdw w;
	uint8_t *pe, *clb;
	size_t pelen, clblen;
	const size_t tl = sizeof text_marker - 1;
	const snap snaps[] = {
		{ "healthy-hive", "System32", NULL, 0, true, true, true, 1, 0x0D, 0, false, "healthy" },
		{ "healthy-reg", "system32", NULL, 0, true, true, true, 1, 0x0D, 0, true, "healthy" },
		{ "q310412-method1", "System32", NULL, 0, true, false, true, 1, 0x0D, 0, false,
		    "unregistered" },
		{ "q310412-method1-reg", "System32", NULL, 0, true, false, true, 1, 0x0D, 0, true,
		    "unregistered" },
		{ "q310412-method2-text", "System32", text_marker, tl, true, true, true, 1, 0x0D, 0,
		    false, "text-placeholder" },
		{ "q310412-method2-zero", "SYSTEM32", "", 0, true, true, true, 1, 0x0D, 0, false,
		    "zero-byte-placeholder" },
		{ "regdbversion-dangling", "System32", NULL, 0, true, true, true, 1, 0x0E, 0, false,
		    "dangling-reference" },
		{ "catalog-truncated", "System32", NULL, 0, true, true, true, 1, 0x0D, 1, false,
		    "truncated,out-of-bounds" },
		{ "catalog-zero", "System32", NULL, 0, true, true, true, 1, 0x0D, 2, false,
		    "zero-byte-placeholder" },
		{ "catalog-dll-missing", "System32", NULL, 0, false, true, true, 1, 0x0D, 0, false,
		    "dangling-reference" },
		{ "complus-disabled", "System32", NULL, 0, true, true, true, 0, 0x0D, 0, false,
		    "disabled" },
		{ "com3-missing", "System32", NULL, 0, true, true, false, 0, 0, 0, false,
		    "inconsistent" },
	};
	size_t i;
	mdw_init(&w);
	mdw_sample_module(&w);
	clb = mdw_build(&w, &clblen, &lay);
	mdw_free(&w);
	pe = pew_build(NULL, 0, &native, &pelen, NULL);
	for (i = 0; i < sizeof snaps / sizeof snaps[0]; i++)
		gen_snapshot(&snaps[i], pe, pelen, clb, clblen, lay.tables_off + 40);
	gen_rule_seeds(pe, pelen, clb, clblen, lay.tables_off + 40);
	free(pe);
	free(clb);
}
