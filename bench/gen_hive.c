/*
 * gen_hive.c - writes the synthetic SOFTWARE hive bench/regf.sh measures:
 * N COM class registrations shaped like those of a real SOFTWARE hive.
 *
 *   usage: gen_hive N OUT
 *
 * Per registration i (GUIDs derived from i, so the same N gives the same
 * bytes):
 *   Classes\CLSID\{guid}                 @ = "Contoso Component i"
 *     InprocServer32                     @ = REG_EXPAND_SZ path, ThreadingModel
 *     ProgID                             @ = "Contoso.Component<i>.1"
 *     Implemented Categories\{cat}       (no values)
 *   Classes\Contoso.Component<i>.1\CLSID  @ = "{guid}"
 *   Classes\Interface\{iid}              @ = name, ProxyStubClsid32\@, NumMethods
 *   Classes\TypeLib\{tlb}\1.0            @ = name, 0\win32\@ = path, FLAGS\@, HELPDIR\@
 *   Microsoft\Contoso\Component<i>       Settings = 512-byte REG_BINARY,
 *                                        Version = REG_DWORD, Paths =
 *                                        REG_MULTI_SZ, Option00..23 =
 *                                        REG_SZ; every 64th one a
 *                                        20 000-byte value (big data)
 * about 6 KB per registration.  Large parents use ri lists of lh leaves of
 * 500 entries, as Windows splits lists that outgrow one leaf; no key has
 * more than N + 4 subkeys (hivex refuses keys with more than 70 000).
 * The hive is valid: comscan scan reports nothing, hivexml, reglookup and
 * regfexport read it whole.
 * Built with the test-only hive writer (tests/support/hivew.c), in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/hivew.h"

/* A GUID string for (kind, i), e.g. {0000002A-0001-4C6F-8B3D-5A7E9C1F2B60}. */
static void
guid(char out[40], unsigned kind, unsigned long i)
{
	snprintf(out, 40, "{%08lX-%04X-4C6F-8B3D-%012lX}", i, kind, (i * 2654435761ul) & 0xFFFFFFFFFFFFul);
}

/* A REG_EXPAND_SZ / REG_MULTI_SZ payload from ASCII text (UTF-16LE). */
static size_t
utf16(uint8_t *out, const char *text, size_t n)
{
	size_t k;
	for (k = 0; k < n; k++)
		out[2 * k] = (uint8_t)text[k], out[2 * k + 1] = 0;
	return 2 * n;
}

/* Adds registration i. */
typedef struct parents {
	hivew_key classes, clsids, ifaces, typelibs, vendor;
} parents;

/* Adds the type library of registration i. */
static void
add_typelib(hivew *h, const parents *p, unsigned long i)
{
	char tlb[40], text[160];
	hivew_key k;
	guid(tlb, 4, i);
	k = hivew_key_add(h, hivew_key_add(h, p->typelibs, tlb), "1.0");
	snprintf(text, sizeof text, "Contoso Component %lu Type Library", i);
	hivew_value_add_sz(h, k, NULL, text);
	snprintf(text, sizeof text, "C:\\Program Files\\Contoso\\component%lu.tlb", i);
	hivew_value_add_sz(h, hivew_key_add(h, hivew_key_add(h, k, "0"), "win32"), NULL, text);
	hivew_value_add_sz(h, hivew_key_add(h, k, "FLAGS"), NULL, "0");
	hivew_value_add_sz(h, hivew_key_add(h, k, "HELPDIR"), NULL, "C:\\Program Files\\Contoso");
}

/* Adds registration i. */
static void
add_registration(hivew *h, const parents *p, unsigned long i, const uint8_t *big)
{
	hivew_key clsids = p->clsids, classes = p->classes, ifaces = p->ifaces, vendor = p->vendor;
	char g[40], iid[40], cat[40], text[160], progid[64];
	uint8_t buf[512];
	hivew_key k, s;
	size_t n;
	guid(g, 1, i);
	guid(iid, 2, i);
	guid(cat, 3, i % 16);
	snprintf(progid, sizeof progid, "Contoso.Component%lu.1", i);

	k = hivew_key_add(h, clsids, g);
	snprintf(text, sizeof text, "Contoso Component %lu", i);
	hivew_value_add_sz(h, k, NULL, text);
	s = hivew_key_add(h, k, "InprocServer32");
	n = (size_t)snprintf(text, sizeof text, "%%ProgramFiles%%\\Contoso\\component%lu.dll", i);
	n = utf16(buf, text, n + 1);
	hivew_value_add(h, s, NULL, HIVEW_REG_EXPAND_SZ, buf, n);
	hivew_value_add_sz(h, s, "ThreadingModel", i % 3 ? "Both" : "Apartment");
	hivew_value_add_sz(h, hivew_key_add(h, k, "ProgID"), NULL, progid);
	hivew_key_add(h, hivew_key_add(h, k, "Implemented Categories"), cat);

	hivew_value_add_sz(h, hivew_key_add(h, hivew_key_add(h, classes, progid), "CLSID"), NULL, g);

	k = hivew_key_add(h, ifaces, iid);
	snprintf(text, sizeof text, "IContosoComponent%lu", i);
	hivew_value_add_sz(h, k, NULL, text);
	hivew_value_add_sz(h, hivew_key_add(h, k, "ProxyStubClsid32"), NULL,
	    "{00020424-0000-0000-C000-000000000046}");
	hivew_value_add_sz(h, hivew_key_add(h, k, "NumMethods"), NULL, "7");

	snprintf(text, sizeof text, "Component%lu", i);
	k = hivew_key_add(h, vendor, text);
	for (n = 0; n < 512; n++)
		buf[n] = (uint8_t)(i + n * 31);
	hivew_value_add(h, k, "Settings", HIVEW_REG_BINARY, buf, 512);
	for (n = 0; n < 24; n++) {
		char name[16];
		snprintf(name, sizeof name, "Option%02zu", n);
		snprintf(text, sizeof text, "value %zu of component %lu: enabled, level %lu", n, i,
		    (unsigned long)((i * 7 + n) % 10));
		hivew_value_add_sz(h, k, name, text);
	}
	hivew_value_add_dword(h, k, "Version", (uint32_t)(0x00010000u + i));
	n = utf16(buf, "C:\\Contoso\\bin\0C:\\Contoso\\lib\0\0", 31);
	hivew_value_add(h, k, "Paths", HIVEW_REG_MULTI_SZ, buf, n);
	if (i % 64 == 0)
		hivew_value_add(h, k, "Manifest", HIVEW_REG_BINARY, big, 20000);
	add_typelib(h, p, i);
}

int
main(int argc, char **argv)
{
	hivew *h;
	parents p;
	hivew_img *img;
	unsigned long n, i;
	uint8_t *big;
	if (argc != 3 || (n = strtoul(argv[1], NULL, 10)) == 0) {
		fputs("usage: gen_hive N OUT\n", stderr);
		return 2;
	}
	big = malloc(20000);
	if (big == NULL)
		return 2;
	for (i = 0; i < 20000; i++)
		big[i] = (uint8_t)(i * 7 + 3);
	h = hivew_new("CMI-CreateHive{199DAFC2-6F16-4946-BF90-5A3FC3A60902}");
	hivew_options(h)->file_name = "SOFTWARE";
	p.classes = hivew_key_add(h, HIVEW_ROOT, "Classes");
	p.clsids = hivew_key_add(h, p.classes, "CLSID");
	p.ifaces = hivew_key_add(h, p.classes, "Interface");
	p.typelibs = hivew_key_add(h, p.classes, "TypeLib");
	p.vendor = hivew_key_add(h, hivew_key_add(h, HIVEW_ROOT, "Microsoft"), "Contoso");
	hivew_key_set_ri(h, p.classes, HIVEW_LIST_LH, 500);
	hivew_key_set_ri(h, p.clsids, HIVEW_LIST_LH, 500);
	hivew_key_set_ri(h, p.ifaces, HIVEW_LIST_LH, 500);
	hivew_key_set_ri(h, p.typelibs, HIVEW_LIST_LH, 500);
	hivew_key_set_ri(h, p.vendor, HIVEW_LIST_LH, 500);
	for (i = 0; i < n; i++)
		add_registration(h, &p, i, big);
	img = hivew_build(h);
	hivew_free(h);
	free(big);
	if (!hivew_img_write(img, argv[2])) {
		perror(argv[2]);
		hivew_img_free(img);
		return 2;
	}
	hivew_img_free(img);
	return 0;
}
