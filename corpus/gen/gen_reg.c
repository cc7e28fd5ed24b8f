/*
 * gen_reg.c - the registration-dump part of the corpus generator:
 *
 *   corpus/samples/       three .reg samples (a healthy registration, an
 *                         unregistered catalog, a damaged export)
 *   corpus/fuzz_regtext/  every sample plus one file per .reg grammar
 *                         rule, encoding and quirk (regtext.md 1-3),
 *                         including the shapes that crash Wine's importer
 *   corpus/fuzz_com/      every sample plus multi-view, multi-input and
 *                         compat-mode registrations (regtext.md 5)
 *
 * The texts are ASCII literals; utf16() turns one into a UTF-16LE file
 * with a BOM, as regedit writes version 5.00.  All GUIDs other than the
 * COMAdminCatalog CLSID (regtext.md 6) and PSOAInterface are synthetic.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* Writes n bytes at p to dir/name, and for a sample directory also as a
 * seed of the matching allocation-failure harness. */
static void
put_bytes(const char *dir, const char *name, const void *p, size_t n)
{
	write_file(dir, name, p, n);
	if (strcmp(dir, "fuzz_regtext") == 0)
		write_oom_seed("fuzz_regtext_oom", name, p, n);
	else if (strcmp(dir, "fuzz_com") == 0)
		write_oom_seed("fuzz_com_oom", name, p, n);
}

/* The 8-bit bytes of text, as given. */
static void
put8(const char *dir, const char *name, const char *text, size_t n)
{
	put_bytes(dir, name, text, n);
}

/* text (ASCII, n bytes) as UTF-16LE with a BOM. */
static void
put16(const char *dir, const char *name, const char *text, size_t n)
{
	uint8_t *p = malloc(2 * n + 2);
	size_t i;
	if (p == NULL)
		abort();
	p[0] = 0xFF, p[1] = 0xFE;
	for (i = 0; i < n; i++)
		p[2 + 2 * i] = (uint8_t)text[i], p[3 + 2 * i] = 0;
	put_bytes(dir, name, p, 2 * n + 2);
	free(p);
}

typedef void (*putter)(const char *, const char *, const char *, size_t);

/* A sample: in samples/, fuzz_regtext/ and fuzz_com/. */
static void
sample(const char *name, putter put, const char *text, const char *scan, const char *com)
{
	static const char *const dirs[] = { "samples", "fuzz_regtext", "fuzz_com" };
	char both[256];
	size_t i;
	snprintf(both, sizeof both, "%s\t%s", scan, com);
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		put(dirs[i], name, text, strlen(text));
		expect(dirs[i], name, both);
	}
}

/* A seed of one harness; com == NULL leaves the COM column out. */
static void
seed(const char *dir, const char *name, putter put, const char *text, size_t n,
    const char *scan, const char *com)
{
	char both[256];
	put(dir, name, text, n);
	if (com == NULL) {
		expect(dir, name, scan);
	} else {
		snprintf(both, sizeof both, "%s\t%s", scan, com);
		expect(dir, name, both);
	}
}

#define RT(name, put, text, scan) \
	seed("fuzz_regtext", name, put, text, sizeof text - 1, scan, NULL)
#define CM(name, put, text, scan, com) \
	seed("fuzz_com", name, put, text, sizeof text - 1, scan, com)

/* ---- samples ------------------------------------------------------------------ */

#define CATALOG "{F618C514-DFB8-11D1-A2CF-00805FC79235}"
#define PSOA    "{00020424-0000-0000-C000-000000000046}"
#define WIDGET  "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E91}"
#define WAPPID  "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E92}"
#define WLIBID  "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E93}"
#define WIID    "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5E94}"
#define GADGET  "{0F5C9D7B-2E41-4C6A-8B3D-5A7E9C1F2B60}"

/* A healthy machine: classes in every server form, a ProgID pair, an
 * AppID, a type library, an interface with its proxy/stub class, a
 * 32-bit class, and COM+ enabled with a catalog version. */
static const char com_healthy[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "; comscan sample: a healthy COM registration (synthetic data)\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CATALOG "]\r\n"
    "@=\"COMAdmin.COMAdminCatalog\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CATALOG "\\InprocServer32]\r\n"
    "@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\\\r\n"
    "  00,5c,00,73,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,63,00,6f,00,\\\r\n"
    "  6d,00,61,00,64,00,6d,00,69,00,6e,00,2e,00,64,00,6c,00,6c,00,00,00\r\n"
    "\"ThreadingModel\"=\"Both\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CATALOG "\\ProgID]\r\n"
    "@=\"COMAdmin.COMAdminCatalog.1\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CATALOG "\\VersionIndependentProgID]\r\n"
    "@=\"COMAdmin.COMAdminCatalog\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\COMAdmin.COMAdminCatalog\\CLSID]\r\n"
    "@=\"" CATALOG "\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\COMAdmin.COMAdminCatalog.1\\CLSID]\r\n"
    "@=\"" CATALOG "\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" PSOA "]\r\n"
    "@=\"PSOAInterface\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" PSOA "\\InprocServer32]\r\n"
    "@=\"C:\\\\Windows\\\\System32\\\\oleaut32.dll\"\r\n"
    "\"ThreadingModel\"=\"Both\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "]\r\n"
    "@=\"Contoso Widget\"\r\n"
    "\"AppID\"=\"" WAPPID "\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "\\LocalServer32]\r\n"
    "@=\"\\\"C:\\\\Program Files\\\\Contoso\\\\widget.exe\\\" /automation\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "\\ProgID]\r\n"
    "@=\"Contoso.Widget.1\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "\\TypeLib]\r\n"
    "@=\"" WLIBID "\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\Contoso.Widget.1\\CLSID]\r\n"
    "@=\"" WIDGET "\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\AppID\\" WAPPID "]\r\n"
    "@=\"Contoso Widget\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\TypeLib\\" WLIBID "\\1.0\\0\\win64]\r\n"
    "@=\"C:\\\\Program Files\\\\Contoso\\\\widget.tlb\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\Interface\\" WIID "]\r\n"
    "@=\"IContosoWidget\"\r\n"
    "\r\n"
    "[HKEY_CLASSES_ROOT\\Interface\\" WIID "\\ProxyStubClsid32]\r\n"
    "@=\"" PSOA "\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\CLSID\\" GADGET "]\r\n"
    "@=\"Contoso Gadget (32-bit)\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\CLSID\\" GADGET "\\InprocServer32]\r\n"
    "@=\"C:\\\\Program Files (x86)\\\\Contoso\\\\gadget32.dll\"\r\n"
    "\"ThreadingModel\"=\"Apartment\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\r\n"
    "\"REGDBVersion\"=hex:0d,00,00,00,00,00,00,00\r\n"
    "\"COM+ Enabled\"=dword:00000001\r\n"
    "\r\n";

/* What `regsvr32 -u` and a half-finished COM+ setup leave: CLSID keys
 * without a server, a ProgID whose class is gone, an AppID value naming
 * no AppID key, and COM+ switched off (KB 246499, regtext.md 5.4). */
static const char com_unregistered[] =
    "REGEDIT4\r\n"
    "\r\n"
    "; comscan sample: an unregistered COM+ catalog (synthetic data)\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CATALOG "]\r\n"
    "@=\"COMAdmin.COMAdminCatalog\"\r\n"
    "\"AppID\"=\"" WAPPID "\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" CATALOG "\\ProgID]\r\n"
    "@=\"COMAdmin.COMAdminCatalog.1\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\COMAdmin.COMAdminCatalog.1\\CLSID]\r\n"
    "@=\"" CATALOG "\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Contoso.Widget.1\\CLSID]\r\n"
    "@=\"" WIDGET "\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" GADGET "\\InprocServer32]\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\r\n"
    "\"REGDBVersion\"=hex:0d,00,00,00,00,00,00,00\r\n"
    "\"COM+ Enabled\"=dword:00000000\r\n"
    "\r\n";

/* An export damaged in transit: an unterminated key line, a bad dword,
 * an invalid threading model, a malformed CLSID key and a file cut in
 * the middle of a hex continuation. */
static const char registry_damaged[] =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "; comscan sample: a damaged registry export (synthetic data)\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" WIDGET "\\InprocServer32]\r\n"
    "@=\"C:\\\\Program Files\\\\Contoso\\\\widget.dll\"\r\n"
    "\"ThreadingModel\"=\"Apartmnet\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\{6B1D4E2A-3C5F-4A8B-9D2E}\\LocalServer32]\r\n"
    "@=\"C:\\\\Program Files\\\\Contoso\\\\widget.exe\"\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\r\n"
    "\"Retries\"=dword:1234567890\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Widget]\r\n"
    "\"Blob\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,\\\r\n"
    "  15,16,17,18,19,1a,1b,1c,1d,1e,1f,\\\r\n";

static void
gen_samples(void)
{
	sample("com-healthy.reg", put16, com_healthy, "healthy", "healthy");
	sample("com-unregistered.reg", put8, com_unregistered, "healthy",
	    "dangling-reference,unregistered,disabled");
	sample("registry-damaged.reg", put8, registry_damaged, "syntax",
	    "syntax,malformed");
}

/* ---- fuzz_regtext seeds: one per grammar rule and quirk ------------------------ */

static void
gen_regtext_seeds(void)
{
	char deep[4096];
	size_t i, n;

	RT("v4-types.reg", put8,
	    "REGEDIT4\r\n\r\n"
	    "; every value form of REGEDIT4 (regtext.md 1.6-1.7)\r\n"
	    "[HKEY_CURRENT_USER\\Software\\comscan]\r\n"
	    "@=\"default\"\r\n"
	    "\"quote\\\"and\\\\backslash\"=\"a \\\"b\\\" c\\\\d\"\r\n"
	    "\"ansi\"=\"caf\xe9 \x80\"\r\n"
	    "\"dword\"=dword:0000002a\r\n"
	    "\"short\"=dword:1\r\n"
	    "\"binary\"=hex:de,ad,be,ef\r\n"
	    "\"none\"=hex(0):\r\n"
	    "\"expand\"=hex(2):25,54,45,4d,50,25,00\r\n"
	    "\"multi\"=hex(7):61,00,62,00,00\r\n"
	    "\"qword\"=hex(b):01,00,00,00,00,00,00,00\r\n"
	    "\"big\"=hex(100):01\r\n"
	    "\"cont\"=hex:01,02,\\\r\n"
	    "  ; a comment between continuation lines\r\n"
	    "  03,04\r\n"
	    "\"gone\"=-\r\n"
	    "\r\n"
	    "[HKEY_CURRENT_USER\\Software\\comscan\\child]\r\n"
	    "[-HKEY_CURRENT_USER\\Software\\comscan\\child]\r\n",
	    "healthy");
	RT("v5-8bit-utf16-hex.reg", put8,
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "; the section 2 ambiguity: UTF-16 payloads in an 8-bit 5.00 file\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\comscan]\r\n"
	    "\"path\"=hex(2):25,00,54,00,45,00,4d,00,50,00,25,00,00,00\r\n"
	    "\"list\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n",
	    "healthy");
	RT("win31.reg", put8,
	    "REGEDIT\r\n"
	    "HKEY_CLASSES_ROOT\\.cmsc = comscan.file\r\n"
	    "HKEY_CLASSES_ROOT\\comscan.file\\shell\\open\\command = notepad.exe %1\r\n",
	    "healthy");
	RT("line-ends.reg", put8,
	    "REGEDIT4\n\n[HKEY_CURRENT_USER\\Software\\lf]\n\"a\"=\"1\"\r"
	    "[HKEY_CURRENT_USER\\Software\\cr]\r\"b\"=dword:2\r\x1a",
	    "healthy");
	RT("no-final-newline.reg", put16,
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_USERS\\.DEFAULT\\Software\\comscan]\r\n\"v\"=\"x\"",
	    "healthy");
	RT("syntax.reg", put8,
	    "REGEDIT4\r\n"
	    "\"early\"=\"value before any key\"\r\n"
	    "[HKEY_CURRENT_USER\\Software\\open\r\n"
	    "[ HKEY_CURRENT_USER\\Software\\blank]\r\n"
	    "[HKEY_NOWHERE\\x]\r\n"
	    "[HKEY_CURRENT_USER\\Software\\ok] trailing\r\n"
	    "\"s\"=\"unterminated\r\n"
	    "\"t\"=\"text\" after\r\n"
	    "\"d\"=dword:xyz\r\n"
	    "\"h\"=hex:0g\r\n"
	    "\"f\"=float:1.0\r\n"
	    "name without quotes=\"x\"\r\n"
	    "# not a comment\r\n",
	    "syntax");
	RT("abbreviated-root.reg", put8,
	    "REGEDIT4\r\n\r\n[HKLM\\SOFTWARE\\comscan]\r\n\"a\"=\"1\"\r\n"
	    "[HKEY_DYN_DATA\\PerfStats]\r\n",
	    "syntax");
	RT("utf8-bad.reg", put8,
	    "\xef\xbb\xbfWindows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_CURRENT_USER\\Software\\comscan]\r\n\"a\"=\"\xff\xfe\"\r\n",
	    "bad-encoding");
	RT("utf16-no-bom.reg", put8,
	    "W\0i\0n\0d\0o\0w\0s\0 \0R\0e\0g\0i\0s\0t\0r\0y\0 \0E\0d\0i\0t\0o\0r\0 \0"
	    "V\0e\0r\0s\0i\0o\0n\0 \0" "5\0.\0" "0\0" "0\0\r\0\n\0",
	    "bad-encoding");
	RT("utf16-be.reg", put8,
	    "\xfe\xff\0W\0i\0n\0d\0o\0w\0s\0 \0R\0e\0g\0i\0s\0t\0r\0y\0 \0E\0d\0i\0t\0o\0r\0 "
	    "\0V\0e\0r\0s\0i\0o\0n\0 \0" "5\0.\0" "0\0" "0\0\r\0\n",
	    "bad-encoding");
	RT("utf16-odd-byte.reg", put8,
	    "\xff\xfeW\0i\0n\0d\0o\0w\0s\0 \0R\0e\0g\0i\0s\0t\0r\0y\0 \0E\0d\0i\0t\0o\0r\0 \0"
	    "V\0e\0r\0s\0i\0o\0n\0 \0" "5\0.\0" "0\0" "0\0\r\0\n\0[\0H\0K\0E\0Y\0_\0U\0S\0E\0R\0S\0]\0"
	    "\r\0\n\0\x41",
	    "bad-encoding");
	RT("utf16-unpaired-surrogate.reg", put8,
	    "\xff\xfeW\0i\0n\0d\0o\0w\0s\0 \0R\0e\0g\0i\0s\0t\0r\0y\0 \0E\0d\0i\0t\0o\0r\0 \0"
	    "V\0e\0r\0s\0i\0o\0n\0 \0" "5\0.\0" "0\0" "0\0\r\0\n\0[\0H\0K\0E\0Y\0_\0U\0S\0E\0R\0S\0"
	    "\\\0\x01\xd8]\0\r\0\n\0",
	    "bad-encoding");
	RT("nul-in-line.reg", put8,
	    "REGEDIT4\r\n[HKEY_CURRENT_USER\\Soft\0ware]\r\n", "syntax,bad-encoding");
	/* Wine's importer overruns a heap buffer on an 8-bit hex(2) payload
	 * and reads past an odd-length UTF-16 one (regtext.md 1.10). */
	RT("wine-hex2-8bit-v4.reg", put8,
	    "REGEDIT4\r\n[HKEY_CURRENT_USER\\Software\\wine]\r\n\"a\"=hex(2):41\r\n", "healthy");
	RT("wine-hex2-8bit-v5.reg", put8,
	    "Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\Software\\wine]\r\n"
	    "\"a\"=hex(2):41\r\n",
	    "healthy");
	RT("wine-odd-utf16.reg", put16,
	    "Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\Software\\wine]\r\n"
	    "\"a\"=hex(2):41,00,42\r\n\"b\"=hex(7):41\r\n\"c\"=hex(1):00,d8,00,00\r\n",
	    "bad-encoding");
	RT("eof-continuation.reg", put8,
	    "REGEDIT4\r\n[HKEY_CURRENT_USER\\Software\\cut]\r\n\"a\"=hex:01,02,\\\r\n", "healthy");
	RT("header-fuzzy.reg", put8, "REGEDIT5\r\n\r\n[HKEY_CURRENT_USER\\Software]\r\n",
	    "unsupported-version");
	RT("header-version-6.reg", put8,
	    "Windows Registry Editor Version 6.00\r\n\r\n[HKEY_CURRENT_USER\\Software]\r\n",
	    "bad-signature");
	RT("text-placeholder.reg", put8, "this file was left here by setup\r\n",
	    "text-placeholder");
	RT("bad-signature.reg", put8, "\x01\x02\x03\x04REGEDIT4\r\n\x00\xff", "bad-signature");

	/* keys deeper than max_key_depth (512) */
	n = (size_t)snprintf(deep, sizeof deep, "REGEDIT4\r\n[HKEY_CURRENT_USER");
	for (i = 0; i < 600; i++)
		n += (size_t)snprintf(deep + n, sizeof deep - n, "\\k");
	n += (size_t)snprintf(deep + n, sizeof deep - n, "]\r\n\"v\"=\"deep\"\r\n");
	/* the key line is refused, so its value line has no key (syntax) */
	seed("fuzz_regtext", "deep-key.reg", put8, deep, n, "syntax,limit-exceeded", NULL);
}

/* ---- fuzz_com seeds ------------------------------------------------------------- */

static void
gen_com_seeds(void)
{
	/* one class in four views: per-user wins HKCR's merge, WOW6432Node is
	 * its own bitness; the machine copy disagrees with the per-user one */
	CM("views.reg", put8,
	    "REGEDIT4\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" WIDGET "\\InprocServer32]\r\n"
	    "@=\"C:\\\\machine\\\\widget.dll\"\r\n\"ThreadingModel\"=\"Both\"\r\n"
	    "[HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\" WIDGET "\\InprocServer32]\r\n"
	    "@=\"C:\\\\Users\\\\u\\\\widget.dll\"\r\n\"ThreadingModel\"=\"Apartment\"\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "\\InprocServer32]\r\n"
	    "@=\"C:\\\\machine\\\\widget.dll\"\r\n\"ThreadingModel\"=\"Both\"\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\WOW6432Node\\CLSID\\" WIDGET "\\InprocServer32]\r\n"
	    "@=\"C:\\\\x86\\\\widget.dll\"\r\n"
	    "[HKEY_USERS\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\" GADGET "\\LocalServer32]\r\n"
	    "@=\"gadget.exe\"\r\n",
	    "healthy", "duplicate");
	CM("references.reg", put8,
	    "REGEDIT4\r\n\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "]\r\n"
	    "\"AppID\"=\"not-a-guid\"\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "\\InprocServer32]\r\n"
	    "@=\"\"\r\n\"ThreadingModel\"=\"Apartment\"\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "\\TreatAs]\r\n@=\"" GADGET "\"\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\" WIDGET "\\ProgID]\r\n@=\"Contoso.Gadget\"\r\n"
	    "[HKEY_CLASSES_ROOT\\Contoso.Gadget\\CLSID]\r\n@=\"" GADGET "\"\r\n"
	    "[HKEY_CLASSES_ROOT\\Contoso.Broken\\CLSID]\r\n@=\"{oops}\"\r\n"
	    "[HKEY_CLASSES_ROOT\\Interface\\" WIID "\\ProxyStubClsid32]\r\n@=\"" PSOA "\"\r\n"
	    "[HKEY_CLASSES_ROOT\\TypeLib\\" WLIBID "\\1.0\\0\\win32]\r\n"
	    "[HKEY_CLASSES_ROOT\\CLSID\\{6b1d4e2a3c5f4a8b9d2e1f0a7c3b5e91}]\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\r\n"
	    "\"REGDBVersion\"=hex:01,02\r\n\"COM+ Enabled\"=\"1\"\r\n",
	    "healthy", "unregistered,malformed,dangling-reference,inconsistent");
	CM("two-inputs.reg", put8,
	    "REGEDIT4\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\" WIDGET "\\LocalServer32]\r\n"
	    "@=\"widget.exe\"\r\n"
	    "\n;;next-input;;\n"
	    "Windows Registry Editor Version 5.00\r\n\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Contoso.Widget\\CLSID]\r\n"
	    "@=\"" WIDGET "\"\r\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\Contoso.Gadget\\CLSID]\r\n"
	    "@=\"" GADGET "\"\r\n",
	    "syntax", "dangling-reference");
	/* ends with ']' (odd): the harness builds it in compat mode */
	CM("compat-abbreviated.reg", put8,
	    "REGEDIT4\r\n\r\n[HKCR\\CLSID\\" GADGET "\\InprocServer32]\r\n@=\"g.dll\"\r\n"
	    "[HKCR\\CLSID\\" GADGET "]",
	    "syntax", "syntax");
}

void
gen_reg_corpus(void)
{
	gen_samples();
	gen_regtext_seeds();
	gen_com_seeds();
}
