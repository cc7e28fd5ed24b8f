/*
 * test_diagnose.c - the diagnosis of a Windows directory (comscan.h, last
 * section): comscan_diagnose over snapshots built in the test (an array of
 * comscan_diag_file plus .reg dumps written here, and the sample files of
 * corpus/samples and corpus/fuzz_pe read from disk), and comscan_windir_*
 * over the directories of corpus/snapshots and temporary directories.
 *
 * Covered, against the rules documented at the top of
 * parser/diagnose/rules.c and in the diagnose.* rows of codes.def:
 *  - every rule: the setup marker (zero, text, image, other content),
 *    clbcatq.dll (missing, zero, text, not an image, damaged), the catalogs
 *    (none, zero, text, truncated, not a complib, damaged; the highest
 *    number is current), REGDBVersion (dangling, out of range, not the
 *    newest, invalid, missing), COM3 missing, the catalog unregistered
 *    (and which server paths name clbcatq.dll), COM+ disabled,
 *    COMAdminCatalog and comadmin.dll, damaged / partial / absent
 *    registrations;
 *  - the ordering promise (conclusions first, most likely first) and the
 *    cause (the first error), checked on every diagnosis by invariants();
 *  - name matching (case, separators, rejected shapes, ambiguity);
 *  - misuse and NULL accessors; JSON and text rendering, sink errors;
 *  - allocation failure at every allocation (diagnose and windir_open);
 *  - comscan_windir_open on every snapshot, a missing directory, a FIFO,
 *    two spellings of System32.
 * Runs from the repository root.  Five tests pin bugs they found, fixed
 * in the same change: test_regdb_source_is_file (REGDBVersion findings
 * named a line, not the file), test_unnamed_dump ("(input)" vs
 * "(registration)"), test_server_also_per_user (a machine class also
 * registered per user was not seen), test_names_ambiguous_unread_hive (an
 * ambiguity warning about a hive not read), test_windir_errno (errno lost
 * below the top folder).
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "comscan/comscan.h"
#include "support/failalloc.h"
#include "support/json_check.h"
#include "support/json_dom.h"
#include "support/tbuf.h"

/* ======================================================================
 * sample files (read once per run)
 * ====================================================================== */

typedef struct blob {
	uint8_t *p;
	size_t n;
} blob;

static blob g_pe;        /* a healthy native image (clbcatq.dll sample) */
static blob g_pe_trunc;  /* an image cut inside its .text section       */
static blob g_clb;       /* a healthy catalog                           */
static blob g_clb_trunc; /* a truncated catalog                         */
static blob g_clb_bad;   /* a catalog with bad string indexes           */
static blob g_hive;      /* the SOFTWARE hive of healthy-hive           */
static blob g_hive_unreg; /* the SOFTWARE hive of q310412-method1       */

/* Reads a whole file; false when it cannot. */
static bool
load(const char *path, blob *b)
{
	FILE *f = fopen(path, "rb");
	long len;
	b->p = NULL;
	b->n = 0;
	if (f == NULL)
		return false;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return false;
	}
	b->n = (size_t)len;
	b->p = malloc(b->n ? b->n : 1);
	if (b->p == NULL || fread(b->p, 1, b->n, f) != b->n) {
		fclose(f);
		free(b->p);
		b->p = NULL;
		return false;
	}
	fclose(f);
	return true;
}

static int
group_setup(void **state)
{
	static const struct {
		const char *path;
		blob *b;
	} files[] = {
		{ "corpus/samples/clbcatq.dll", &g_pe },
		{ "corpus/fuzz_pe/pe-truncated.dll", &g_pe_trunc },
		{ "corpus/samples/healthy.clb", &g_clb },
		{ "corpus/samples/truncated.clb", &g_clb_trunc },
		{ "corpus/samples/corrupt-strings.clb", &g_clb_bad },
		{ "corpus/snapshots/healthy-hive/System32/config/SOFTWARE", &g_hive },
		{ "corpus/snapshots/q310412-method1/System32/config/SOFTWARE", &g_hive_unreg },
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (!load(files[i].path, files[i].b)) {
			fprintf(stderr, "test_diagnose: cannot read %s (run from the repository root)\n",
			    files[i].path);
			return -1;
		}
	}
	return 0;
}

static int
group_teardown(void **state)
{
	blob *all[] = { &g_pe, &g_pe_trunc, &g_clb, &g_clb_trunc, &g_clb_bad, &g_hive,
		&g_hive_unreg };
	size_t i;
	(void)state;
	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		free(all[i]->p);
		all[i]->p = NULL;
	}
	return 0;
}

/* ======================================================================
 * registrations (.reg text) and snapshots
 * ====================================================================== */

#define P_MARKER "System32\\~clbcatq.dll"
#define P_CATDLL "System32\\clbcatq.dll"
#define P_COMADMIN "System32\\com\\comadmin.dll"
#define P_SOFTWARE "System32\\config\\SOFTWARE"
#define P_CAT_C "Registration\\R00000000000C.clb"
#define P_CAT_D "Registration\\R00000000000D.clb"
#define P_CATALOGS "Registration\\R*.clb" /* where the catalogs are expected */
#define DUMP "machine.reg"

#define OLE_CLSID "{00020424-0000-0000-C000-000000000046}"
#define ADMIN_CLSID "{F618C514-DFB8-11D1-A2CF-00805FC79235}"
#define CAT_CLSID "{6B1D4E2A-3C5F-4A8B-9D2E-1F0A7C3B5EA1}"
#define OTHER_CLSID "{A0000000-0000-0000-0000-00000000000A}"
#define KEY_CLSID "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\CLSID\\"

/* The parts of a registration (bits of reg_make's parts). */
#define R_OLE 0x01u      /* a core OLE class (oleaut32.dll): a machine registration */
#define R_ADMIN 0x02u    /* COMAdminCatalog, served by comadmin.dll                 */
#define R_CAT 0x04u      /* a class served by clbcatq.dll                           */
#define R_COM3 0x08u     /* COM3 with REGDBVersion and COM+ Enabled                 */
#define R_COM3_NOVER 0x10u /* COM3 with COM+ Enabled only                          */
#define R_SYNTAX 0x20u   /* a line the .reg syntax does not allow                  */
#define R_MSFT 0x40u     /* a key under HKLM\SOFTWARE\Microsoft other than COM3     */
#define R_ALL (R_OLE | R_ADMIN | R_CAT | R_COM3)

#define REGDB_0D "0d,00,00,00,00,00,00,00"
#define REGDB_0C "0c,00,00,00,00,00,00,00"

/* A REGEDIT4 registration of the parts named; regdb is the REGDBVersion
 * hex list, enabled the COM+ Enabled dword. */
static void
reg_make(char *buf, size_t cap, unsigned parts, const char *regdb, unsigned enabled)
{
	int n = snprintf(buf, cap, "%s%s%s%s%s",
	    "REGEDIT4\n\n",
	    parts & R_OLE ? KEY_CLSID OLE_CLSID "\\InprocServer32]\n"
	                    "@=\"C:\\\\Windows\\\\System32\\\\oleaut32.dll\"\n\n" : "",
	    parts & R_ADMIN ? KEY_CLSID ADMIN_CLSID "]\n@=\"COMAdmin.COMAdminCatalog\"\n"
	                      KEY_CLSID ADMIN_CLSID "\\InprocServer32]\n"
	                      "@=\"C:\\\\Windows\\\\System32\\\\com\\\\comadmin.dll\"\n\n" : "",
	    parts & R_SYNTAX ? "this line is not part of any .reg syntax\n\n" : "",
	    parts & R_CAT ? KEY_CLSID CAT_CLSID "\\InprocServer32]\n"
	                    "@=\"C:\\\\Windows\\\\System32\\\\clbcatq.dll\"\n\n" : "");
	assert_true(n > 0 && (size_t)n < cap);
	if (parts & R_MSFT)
		n += snprintf(buf + n, cap - (size_t)n,
		    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
		    "\"CurrentBuild\"=\"19045\"\n\n");
	if (parts & R_COM3)
		n += snprintf(buf + n, cap - (size_t)n,
		    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\n"
		    "\"REGDBVersion\"=hex:%s\n\"COM+ Enabled\"=dword:%08x\n", regdb, enabled);
	else if (parts & R_COM3_NOVER)
		n += snprintf(buf + n, cap - (size_t)n,
		    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\n\"COM+ Enabled\"=dword:%08x\n",
		    enabled);
	assert_true((size_t)n < cap);
}

#define SNAP_MAX 24

/* A Windows directory in memory: its files and the dumps given. */
typedef struct snap {
	comscan_diag_file f[SNAP_MAX];
	size_t n;
	comscan_com_input dump[4];
	size_t nd;
	char reg[4][2048]; /* texts made by reg_make, one per dump */
} snap;

/* Puts (or replaces) the file at path. */
static void
put(snap *s, const char *path, const void *data, size_t size)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->f[i].path, path) == 0)
			break;
	if (i == s->n) {
		assert_true(s->n < SNAP_MAX);
		s->n++;
	}
	s->f[i].path = path;
	s->f[i].data = size ? data : NULL;
	s->f[i].size = size;
}

static void
put_blob(snap *s, const char *path, const blob *b)
{
	put(s, path, b->p, b->n);
}

static void
put_text(snap *s, const char *path, const char *text)
{
	put(s, path, text, strlen(text));
}

/* Removes the file at path (it must be there). */
static void
del(snap *s, const char *path)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->f[i].path, path) == 0)
			break;
	assert_true(i < s->n);
	memmove(&s->f[i], &s->f[i + 1], (s->n - i - 1) * sizeof s->f[0]);
	s->n--;
}

/* Adds a dump of a literal (or caller-owned) text. */
static void
dump_text(snap *s, const char *name, const char *text)
{
	assert_true(s->nd < 4);
	s->dump[s->nd].name = name;
	s->dump[s->nd].data = text;
	s->dump[s->nd].size = strlen(text);
	s->nd++;
}

/* Adds a dump made by reg_make. */
static void
dump_make(snap *s, const char *name, unsigned parts, const char *regdb, unsigned enabled)
{
	assert_true(s->nd < 4);
	reg_make(s->reg[s->nd], sizeof s->reg[0], parts, regdb, enabled);
	dump_text(s, name, s->reg[s->nd]);
}

/* clbcatq.dll, catalogs R..0C and R..0D, and a registration of parts
 * (none when parts is 0) naming R..0D, COM+ enabled. */
static void
snap_base(snap *s, unsigned parts)
{
	memset(s, 0, sizeof *s);
	put_blob(s, P_CATDLL, &g_pe);
	put_blob(s, P_CAT_C, &g_clb);
	put_blob(s, P_CAT_D, &g_clb);
	if (parts)
		dump_make(s, DUMP, parts, REGDB_0D, 1);
}

/* The healthy installation every rule test starts from. */
static void
snap_healthy(snap *s)
{
	snap_base(s, R_ALL);
}

/* ======================================================================
 * assertions on a diagnosis
 * ====================================================================== */

static const char *const roles[] = { "catalog", "regdb-catalog", "catalog-dll", "setup-marker",
	"comadmin-dll", "software-hive", "dump" };

static bool
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* What holds for every diagnosis: every finding names its input and
 * carries its catalogue row; the conclusions (diagnose.* and the COM3
 * findings the rules copy) come before the findings behind them; the
 * cause is the first error and the verdict follows the errors; the class
 * mask is that of the warnings and errors; every item row is well formed. */
static void
invariants(const comscan_diagnosis *d)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	size_t i, k, n = comscan_findings_count(fs);
	const comscan_finding *first_error = NULL;
	uint32_t mask = 0;
	bool detail = false;
	size_t kept_tally = comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR) +
	                    comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING) +
	                    comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE);
	assert_non_null(fs);
	for (i = 0; i < n; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		bool conclusion = starts(f->code, "diagnose.");
		assert_non_null(f->info);
		assert_ptr_equal(f->info, comscan_code_lookup(f->code));
		assert_int_equal(f->cls, f->info->cls);
		if (!starts(f->code, "core."))
			if (f->source == NULL)
				fail_msg("finding %zu (%s) names no input", i, f->code);
		if (conclusion && detail)
			fail_msg("conclusion %s at %zu comes after a detail finding", f->code, i);
		/* the cause: the first error conclusion (diagnose.*, or the
		 * COM3 finding the rules copy among them); details never */
		if (f->severity == COMSCAN_SEVERITY_ERROR && first_error == NULL && !detail &&
		    (conclusion || starts(f->code, "com.com3.")))
			first_error = f;
		if (!conclusion && !starts(f->code, "core.") && !starts(f->code, "com.com3."))
			detail = true;
		if (f->severity != COMSCAN_SEVERITY_NOTE)
			mask |= 1u << f->cls;
	}
	assert_ptr_equal(comscan_diagnosis_cause(d), first_error);
	assert_int_equal(comscan_diagnosis_failing(d), first_error != NULL);
	if (kept_tally == n) /* nothing dropped by max_findings */
		assert_int_equal(comscan_findings_classes(fs), mask);
	assert_null(comscan_findings_at(fs, n));
	for (i = 0; i < comscan_diagnosis_item_count(d); i++) {
		const comscan_diag_item *it = comscan_diagnosis_item_at(d, i);
		bool known = false;
		assert_non_null(it);
		assert_non_null(it->path);
		for (k = 0; k < sizeof roles / sizeof roles[0]; k++)
			known = known || strcmp(it->role, roles[k]) == 0;
		if (!known)
			fail_msg("item %zu has role %s", i, it->role);
		if (!it->present)
			assert_int_equal(it->size, 0);
	}
	assert_null(comscan_diagnosis_item_at(d, comscan_diagnosis_item_count(d)));
}

/* Diagnoses s with opts (NULL: defaults); asserts success and the
 * invariants. */
static comscan_diagnosis *
diagnose_opts(const snap *s, const comscan_options *opts)
{
	comscan_diagnosis *d = (comscan_diagnosis *)(uintptr_t)1;
	comscan_status st = comscan_diagnose(s->f, s->n, s->dump, s->nd, opts, &d);
	if (st != COMSCAN_OK)
		fail_msg("comscan_diagnose returned %d (%s)", (int)st, comscan_status_message(st));
	assert_non_null(d);
	invariants(d);
	return d;
}

static comscan_diagnosis *
diagnose(const snap *s)
{
	return diagnose_opts(s, NULL);
}

static size_t
count(const comscan_diagnosis *d, const char *code)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	size_t i, c = 0;
	for (i = 0; i < comscan_findings_count(fs); i++)
		c += strcmp(comscan_findings_at(fs, i)->code, code) == 0;
	return c;
}

/* Index of the first finding with code, or SIZE_MAX. */
static size_t
index_of(const comscan_diagnosis *d, const char *code)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++)
		if (strcmp(comscan_findings_at(fs, i)->code, code) == 0)
			return i;
	return SIZE_MAX;
}

/* The one finding with code; it names source and has its catalogue
 * severity (strict mode). */
static const comscan_finding *
expect1(const comscan_diagnosis *d, const char *code, const char *source)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	const comscan_finding *f;
	const comscan_code_info *info = comscan_code_lookup(code);
	if (info == NULL)
		fail_msg("%s is not in the catalogue", code);
	if (count(d, code) != 1)
		fail_msg("%s: %zu findings, want 1", code, count(d, code));
	f = comscan_findings_at(fs, index_of(d, code));
	assert_int_equal(f->severity, info->severity);
	assert_int_equal(f->cls, info->cls);
	assert_int_equal(f->hresult, info->hresult);
	if (source != NULL) {
		assert_non_null(f->source);
		assert_string_equal(f->source, source);
	}
	return f;
}

static void
expect_none(const comscan_diagnosis *d, const char *code)
{
	if (count(d, code) != 0)
		fail_msg("%s: %zu findings, want none", code, count(d, code));
}

/* The diagnosis fails and its cause is the one finding with code. */
static const comscan_finding *
expect_cause(const comscan_diagnosis *d, const char *code, const char *source)
{
	const comscan_finding *f = expect1(d, code, source);
	assert_int_equal(comscan_diagnosis_failing(d), 1);
	assert_ptr_equal(comscan_diagnosis_cause(d), f);
	return f;
}

static void
expect_healthy(const comscan_diagnosis *d)
{
	assert_int_equal(comscan_diagnosis_failing(d), 0);
	assert_null(comscan_diagnosis_cause(d));
	assert_int_equal(comscan_findings_tally(comscan_diagnosis_findings(d), COMSCAN_SEVERITY_ERROR),
	    0);
}

static uint32_t
classes(const comscan_diagnosis *d)
{
	return comscan_findings_classes(comscan_diagnosis_findings(d));
}

static size_t
nfindings(const comscan_diagnosis *d)
{
	return comscan_findings_count(comscan_diagnosis_findings(d));
}

#define BIT(c) (1u << COMSCAN_CLASS_##c)

/* The classes and error count of a file scanned on its own. */
static uint32_t
scan_classes(const void *p, size_t n, size_t *nerrors, size_t *nall)
{
	comscan_report *r = NULL;
	uint32_t mask;
	assert_int_equal(comscan_scan_buffer(p, n, NULL, &r), COMSCAN_OK);
	mask = comscan_findings_classes(comscan_report_findings(r));
	if (nerrors)
		*nerrors = comscan_findings_tally(comscan_report_findings(r), COMSCAN_SEVERITY_ERROR);
	if (nall)
		*nall = comscan_findings_count(comscan_report_findings(r));
	comscan_report_close(r);
	return mask;
}

/* Every finding of a file's own scan is copied, stamped with path: the
 * number of non-diagnose findings naming path equals that scan's count. */
static void
expect_details(const comscan_diagnosis *d, const char *path, const void *p, size_t n)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	size_t i, got = 0, want;
	scan_classes(p, n, NULL, &want);
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (!starts(f->code, "diagnose.") && f->source != NULL && strcmp(f->source, path) == 0)
			got++;
	}
	if (got != want)
		fail_msg("%s: %zu findings copied, its scan has %zu", path, got, want);
}

/* The item row of role (the only one), or NULL. */
static const comscan_diag_item *
item(const comscan_diagnosis *d, const char *role)
{
	const comscan_diag_item *found = NULL;
	size_t i;
	for (i = 0; i < comscan_diagnosis_item_count(d); i++) {
		const comscan_diag_item *it = comscan_diagnosis_item_at(d, i);
		if (strcmp(it->role, role) == 0) {
			if (found != NULL)
				fail_msg("two %s rows", role);
			found = it;
		}
	}
	return found;
}

/* The row of role is there, names path, and is present with kind/size. */
static const comscan_diag_item *
expect_item(const comscan_diagnosis *d, const char *role, const char *path, int present,
    comscan_kind kind, uint64_t size)
{
	const comscan_diag_item *it = item(d, role);
	if (it == NULL)
		fail_msg("no %s row", role);
	assert_string_equal(it->path, path);
	assert_int_equal(it->present, present);
	if (present) {
		assert_int_equal(it->kind, kind);
		assert_int_equal(it->size, size);
	}
	return it;
}

static bool
contains(const char *s, const char *needle)
{
	return strstr(s, needle) != NULL;
}

static const char text_placeholder[] =
    "This file is a placeholder created during COM+ setup.\r\n"
    "It should have been replaced by the real file.\r\n";

/* ======================================================================
 * healthy installations
 * ====================================================================== */

/* The healthy snapshot: no finding at all, and one row per file looked
 * for (the absent marker included; comadmin.dll and SOFTWARE only when
 * present; the regdb row only when it is another catalog). */
static void
test_healthy_reg(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	assert_int_equal(classes(d), 0);
	assert_int_equal(comscan_diagnosis_item_count(d), 4);
	expect_item(d, "setup-marker", P_MARKER, 0, COMSCAN_KIND_EMPTY, 0);
	assert_int_equal(expect_item(d, "catalog-dll", P_CATDLL, 1, COMSCAN_KIND_PE, g_pe.n)->verdict,
	    COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(expect_item(d, "catalog", P_CAT_D, 1, COMSCAN_KIND_CLB, g_clb.n)->verdict,
	    COMSCAN_VERDICT_HEALTHY);
	assert_int_equal(
	    expect_item(d, "dump", DUMP, 1, COMSCAN_KIND_REG, strlen(s.reg[0]))->verdict,
	    COMSCAN_VERDICT_HEALTHY);
	assert_null(item(d, "regdb-catalog"));
	assert_null(item(d, "comadmin-dll"));
	assert_null(item(d, "software-hive"));
	comscan_diagnosis_close(d);
}

/* Without dumps the registration is System32\config\SOFTWARE (mounted at
 * HKLM\SOFTWARE): the healthy-hive snapshot's hive gives no finding, and
 * its row is listed; a present comadmin.dll is listed too. */
static void
test_healthy_hive(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	put_blob(&s, P_SOFTWARE, &g_hive);
	put_blob(&s, P_COMADMIN, &g_pe);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	assert_int_equal(
	    expect_item(d, "software-hive", P_SOFTWARE, 1, COMSCAN_KIND_REGF, g_hive.n)->verdict,
	    COMSCAN_VERDICT_HEALTHY);
	expect_item(d, "comadmin-dll", P_COMADMIN, 1, COMSCAN_KIND_PE, g_pe.n);
	assert_null(item(d, "dump"));
	assert_int_equal(comscan_diagnosis_item_count(d), 5);
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * rule 1: the setup marker
 * ====================================================================== */

/* A zero-byte ~clbcatq.dll: setup-marker.zero-bytes is the cause and the
 * only finding (the marker's own scan is not copied); its row is there. */
static void
test_marker_zero(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_healthy(&s);
	put(&s, P_MARKER, NULL, 0);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.setup-marker.zero-bytes", P_MARKER);
	assert_int_equal(f->hresult, 0x80040154u);
	assert_int_equal(f->offset, COMSCAN_NO_OFFSET);
	assert_int_equal(classes(d), BIT(ZERO_BYTE_PLACEHOLDER));
	assert_int_equal(nfindings(d), 1);
	expect_item(d, "setup-marker", P_MARKER, 1, COMSCAN_KIND_EMPTY, 0);
	comscan_diagnosis_close(d);
}

/* A text ~clbcatq.dll: setup-marker.text, its size in the message. */
static void
test_marker_text(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	char size[32];
	(void)state;
	snap_healthy(&s);
	put_text(&s, P_MARKER, text_placeholder);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.setup-marker.text", P_MARKER);
	snprintf(size, sizeof size, "(%zu bytes)", strlen(text_placeholder));
	assert_true(contains(f->message, size));
	assert_int_equal(classes(d), BIT(TEXT_PLACEHOLDER));
	assert_int_equal(nfindings(d), 1);
	expect_none(d, "diagnose.setup-marker.zero-bytes");
	comscan_diagnosis_close(d);
}

/* An image as ~clbcatq.dll: a pending replacement (setup-marker.pending). */
static void
test_marker_image(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	put_blob(&s, P_MARKER, &g_pe);
	d = diagnose(&s);
	expect_cause(d, "diagnose.setup-marker.pending", P_MARKER);
	assert_int_equal(classes(d), BIT(INCONSISTENT));
	assert_int_equal(nfindings(d), 1);
	expect_item(d, "setup-marker", P_MARKER, 1, COMSCAN_KIND_PE, g_pe.n);
	comscan_diagnosis_close(d);
}

/* Other content (a BSJB catalog) as ~clbcatq.dll: setup-marker.present,
 * naming the kind found. */
static void
test_marker_other(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_healthy(&s);
	put_blob(&s, P_MARKER, &g_clb);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.setup-marker.present", P_MARKER);
	assert_true(contains(f->message, comscan_kind_name(COMSCAN_KIND_CLB)));
	assert_int_equal(classes(d), BIT(INCONSISTENT));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * rule 2: clbcatq.dll
 * ====================================================================== */

/* No clbcatq.dll: catalog-dll.missing, named by the expected path; the
 * row is listed absent under that path. */
static void
test_catdll_missing(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	del(&s, P_CATDLL);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-dll.missing", P_CATDLL);
	assert_int_equal(classes(d), BIT(DANGLING_REFERENCE));
	assert_int_equal(nfindings(d), 1);
	expect_item(d, "catalog-dll", P_CATDLL, 0, COMSCAN_KIND_EMPTY, 0);
	comscan_diagnosis_close(d);
}

/* A zero-byte clbcatq.dll: catalog-dll.zero-bytes, then the file's own
 * scan findings stamped with its path. */
static void
test_catdll_zero(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	put(&s, P_CATDLL, NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-dll.zero-bytes", P_CATDLL);
	assert_int_equal(classes(d), BIT(ZERO_BYTE_PLACEHOLDER) | scan_classes(NULL, 0, NULL, NULL));
	expect_details(d, P_CATDLL, NULL, 0);
	expect_item(d, "catalog-dll", P_CATDLL, 1, COMSCAN_KIND_EMPTY, 0);
	comscan_diagnosis_close(d);
}

/* A text clbcatq.dll: catalog-dll.text; details copied. */
static void
test_catdll_text(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	put_text(&s, P_CATDLL, text_placeholder);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-dll.text", P_CATDLL);
	assert_int_equal(classes(d), BIT(TEXT_PLACEHOLDER) |
	                                 scan_classes(text_placeholder, strlen(text_placeholder),
	                                     NULL, NULL));
	expect_details(d, P_CATDLL, text_placeholder, strlen(text_placeholder));
	comscan_diagnosis_close(d);
}

/* A BSJB catalog as clbcatq.dll: catalog-dll.not-an-image naming the
 * kind; a healthy catalog has no findings of its own to copy. */
static void
test_catdll_not_image(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_healthy(&s);
	put_blob(&s, P_CATDLL, &g_clb);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.catalog-dll.not-an-image", P_CATDLL);
	assert_true(contains(f->message, "clb"));
	assert_int_equal(classes(d), BIT(BAD_SIGNATURE));
	assert_int_equal(nfindings(d), 1);
	expect_item(d, "catalog-dll", P_CATDLL, 1, COMSCAN_KIND_CLB, g_clb.n);
	comscan_diagnosis_close(d);
}

/* A truncated image as clbcatq.dll: catalog-dll.damaged counting the
 * image's errors, its pe.* findings copied with the path; the row's
 * verdict is corrupt. */
static void
test_catdll_damaged(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	size_t nerr, nall;
	uint32_t own;
	char want[64];
	(void)state;
	own = scan_classes(g_pe_trunc.p, g_pe_trunc.n, &nerr, &nall);
	assert_true(nerr >= 2); /* the sample: raw data and CLI header out of the file */
	snap_healthy(&s);
	put_blob(&s, P_CATDLL, &g_pe_trunc);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.catalog-dll.damaged", P_CATDLL);
	snprintf(want, sizeof want, "with %zu errors", nerr);
	assert_true(contains(f->message, want));
	assert_int_equal(classes(d), BIT(MALFORMED) | own);
	assert_true(own & BIT(TRUNCATED));
	expect_details(d, P_CATDLL, g_pe_trunc.p, g_pe_trunc.n);
	assert_int_equal(nfindings(d), 1 + nall);
	assert_int_equal(expect_item(d, "catalog-dll", P_CATDLL, 1, COMSCAN_KIND_PE, g_pe_trunc.n)
	                     ->verdict,
	    COMSCAN_VERDICT_CORRUPT);
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * rule 4: the catalogs
 * ====================================================================== */

/* No catalog file: catalog.none (at the expected path) is the cause;
 * REGDBVersion then names a missing file too (dangling, "no catalog
 * exists"); no COM3 rule fires. */
static void
test_catalog_none(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_healthy(&s);
	del(&s, P_CAT_C);
	del(&s, P_CAT_D);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.none", P_CATALOGS);
	f = expect1(d, "diagnose.regdbversion.dangling", NULL);
	assert_true(contains(f->message, "no catalog exists"));
	assert_true(index_of(d, "diagnose.catalog.none") < index_of(d, "diagnose.regdbversion.dangling"));
	assert_int_equal(classes(d), BIT(DANGLING_REFERENCE));
	assert_int_equal(nfindings(d), 2);
	expect_item(d, "catalog", P_CATALOGS, 0, COMSCAN_KIND_EMPTY, 0);
	comscan_diagnosis_close(d);
}

/* The current catalog (R..0D) empty: catalog.zero-bytes on it; the older
 * healthy R..0C changes nothing. */
static void
test_catalog_zero(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	put(&s, P_CAT_D, NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.zero-bytes", P_CAT_D);
	assert_int_equal(classes(d), BIT(ZERO_BYTE_PLACEHOLDER));
	expect_details(d, P_CAT_D, NULL, 0);
	expect_none(d, "diagnose.regdbversion.dangling");
	expect_item(d, "catalog", P_CAT_D, 1, COMSCAN_KIND_EMPTY, 0);
	comscan_diagnosis_close(d);
}

/* The current catalog holds text: catalog.text. */
static void
test_catalog_text(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	put_text(&s, P_CAT_D, text_placeholder);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.text", P_CAT_D);
	assert_int_equal(classes(d), BIT(TEXT_PLACEHOLDER) |
	                                 scan_classes(text_placeholder, strlen(text_placeholder),
	                                     NULL, NULL));
	expect_details(d, P_CAT_D, text_placeholder, strlen(text_placeholder));
	comscan_diagnosis_close(d);
}

/* The current catalog truncated: catalog.truncated with its size and
 * error count; reported once although REGDBVersion names it too (its
 * details are copied once). */
static void
test_catalog_truncated(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	size_t nerr, nall;
	uint32_t own;
	char want[64];
	(void)state;
	own = scan_classes(g_clb_trunc.p, g_clb_trunc.n, &nerr, &nall);
	assert_true(own & BIT(TRUNCATED));
	snap_healthy(&s);
	put_blob(&s, P_CAT_D, &g_clb_trunc);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.catalog.truncated", P_CAT_D);
	snprintf(want, sizeof want, "(%zu bytes; %zu errors", g_clb_trunc.n, nerr);
	assert_true(contains(f->message, want));
	assert_int_equal(classes(d), BIT(TRUNCATED) | own);
	expect_details(d, P_CAT_D, g_clb_trunc.p, g_clb_trunc.n);
	assert_int_equal(nfindings(d), 1 + nall);
	expect_none(d, "diagnose.catalog.damaged");
	expect_none(d, "diagnose.regdbversion.not-newest");
	assert_null(item(d, "regdb-catalog"));
	assert_int_equal(expect_item(d, "catalog", P_CAT_D, 1, COMSCAN_KIND_CLB, g_clb_trunc.n)->verdict,
	    COMSCAN_VERDICT_CORRUPT);
	comscan_diagnosis_close(d);
}

/* An image as the current catalog: not a complib database
 * (catalog.damaged naming the kind). */
static void
test_catalog_not_clb(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_healthy(&s);
	put_blob(&s, P_CAT_D, &g_pe);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.catalog.damaged", P_CAT_D);
	assert_true(contains(f->message, "pe content"));
	assert_int_equal(classes(d), BIT(MALFORMED));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);
}

/* A complib database with errors but no truncation: catalog.damaged,
 * not catalog.truncated. */
static void
test_catalog_damaged_clb(void **state)
{
	snap s;
	comscan_diagnosis *d;
	uint32_t own;
	(void)state;
	own = scan_classes(g_clb_bad.p, g_clb_bad.n, NULL, NULL);
	assert_false(own & BIT(TRUNCATED));
	snap_healthy(&s);
	put_blob(&s, P_CAT_D, &g_clb_bad);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.damaged", P_CAT_D);
	expect_none(d, "diagnose.catalog.truncated");
	assert_int_equal(classes(d), BIT(MALFORMED) | own);
	expect_details(d, P_CAT_D, g_clb_bad.p, g_clb_bad.n);
	comscan_diagnosis_close(d);
}

/* Only Registration\R<12 hex digits>.clb is a catalog: other shapes are
 * not counted (catalog.none), not read, and REGDBVersion's R..0D (present
 * only under bad names) dangles. */
static void
test_catalog_bad_names(void **state)
{
	static const char *const bad[] = {
		"Registration\\R0000000000D.clb",    /* 11 digits          */
		"Registration\\R000000000000D.clb",  /* 13 digits          */
		"Registration\\R00000000000G.clb",   /* not hex            */
		"Registration\\X00000000000D.clb",   /* not R              */
		"Registration\\R00000000000D.clbx",  /* extension          */
		"Registration\\R00000000000D.cl",
		"Registration\\R00000000000D",
		"Registration\\sub\\R00000000000D.clb", /* deeper          */
		"Registration\\\\R00000000000D.clb", /* empty component    */
		"Registrations\\R00000000000D.clb",  /* other folder       */
		"R00000000000D.clb",                 /* no folder          */
		"x\\Registration\\R00000000000D.clb",
		"System32\\R00000000000D.clb",
	};
	snap s;
	comscan_diagnosis *d;
	size_t i;
	(void)state;
	snap_healthy(&s);
	del(&s, P_CAT_C);
	del(&s, P_CAT_D);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		put_blob(&s, bad[i], &g_clb_trunc);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.none", P_CATALOGS);
	expect1(d, "diagnose.regdbversion.dangling", NULL);
	expect_none(d, "diagnose.catalog.truncated");
	assert_int_equal(nfindings(d), 2);
	comscan_diagnosis_close(d);
}

/* The highest number is current: a damaged older catalog (R..0C) that
 * REGDBVersion does not name is not read. */
static void
test_catalog_older_damaged_ignored(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	put_blob(&s, P_CAT_C, &g_clb_trunc);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	expect_item(d, "catalog", P_CAT_D, 1, COMSCAN_KIND_CLB, g_clb.n);
	comscan_diagnosis_close(d);
}

/* The R and the extension in any case; the damaged R..0D spelled
 * "r00000000000d.CLB" is still the current catalog. */
static void
test_catalog_name_case(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	del(&s, P_CAT_D);
	put_blob(&s, "registration/r00000000000d.CLB", &g_clb_trunc);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.truncated", "registration/r00000000000d.CLB");
	expect_item(d, "catalog", "registration/r00000000000d.CLB", 1, COMSCAN_KIND_CLB,
	    g_clb_trunc.n);
	comscan_diagnosis_close(d);
}

/* Numbers compare as numbers, hex digits in any case: R..0B is newer
 * than R..0a although "a" sorts after "B" in bytes; R..100 newer than
 * R..0FF.  With REGDBVersion naming the newest, the damaged older one is
 * not read. */
static void
test_catalog_numeric_order(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	del(&s, P_CAT_C);
	del(&s, P_CAT_D);
	dump_make(&s, DUMP, R_ALL, "0b,00,00,00,00,00,00,00", 1);
	put_blob(&s, "Registration\\R00000000000a.clb", &g_clb_trunc);
	put_blob(&s, "Registration\\R00000000000B.clb", &g_clb);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	expect_item(d, "catalog", "Registration\\R00000000000B.clb", 1, COMSCAN_KIND_CLB, g_clb.n);
	comscan_diagnosis_close(d);

	snap_base(&s, 0);
	del(&s, P_CAT_C);
	del(&s, P_CAT_D);
	dump_make(&s, DUMP, R_ALL, "00,01,00,00,00,00,00,00", 1);
	put_blob(&s, "Registration\\R000000000100.clb", &g_clb_trunc);
	put_blob(&s, "Registration\\R0000000000FF.clb", &g_clb);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.truncated", "Registration\\R000000000100.clb");
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * rule 4: REGDBVersion
 * ====================================================================== */

/* REGDBVersion 0x0E with catalogs 0C and 0D: regdbversion.dangling naming
 * R00000000000E.clb, stamped with the registration's name (the COM3
 * key's place). */
static void
test_regdb_dangling(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, "0e,00,00,00,00,00,00,00", 1);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.regdbversion.dangling", NULL);
	assert_non_null(f->source);
	assert_true(starts(f->source, DUMP));
	assert_true(contains(f->message, "Registration\\R00000000000E.clb"));
	assert_false(contains(f->message, "no catalog exists"));
	assert_int_equal(f->hresult, 0x80080005u);
	assert_int_equal(classes(d), BIT(DANGLING_REFERENCE));
	assert_int_equal(nfindings(d), 1);
	expect_item(d, "catalog", P_CAT_D, 1, COMSCAN_KIND_CLB, g_clb.n);
	assert_null(item(d, "regdb-catalog"));
	comscan_diagnosis_close(d);
}

/* Findings about the registration name the dump exactly, as the copied
 * com.com3.disabled does. */
static void
test_regdb_source_is_file(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, "0e,00,00,00,00,00,00,00", 0);
	d = diagnose(&s);
	expect1(d, "com.com3.disabled", DUMP);
	expect1(d, "diagnose.regdbversion.dangling", DUMP);
	comscan_diagnosis_close(d);
	snap_base(&s, 0);
	put_blob(&s, P_SOFTWARE, &g_hive);
	del(&s, P_CAT_D); /* the hive names R..0D */
	d = diagnose(&s);
	expect1(d, "diagnose.regdbversion.dangling", P_SOFTWARE);
	comscan_diagnosis_close(d);
}

/* REGDBVersion above 12 hex digits (0x0001000000000000): out-of-range,
 * not dangling; the catalogs are still checked. */
static void
test_regdb_out_of_range(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, "00,00,00,00,00,00,01,00", 1);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.regdbversion.out-of-range", NULL);
	assert_true(starts(f->source, DUMP));
	assert_true(contains(f->message, "0x1000000000000"));
	expect_none(d, "diagnose.regdbversion.dangling");
	assert_int_equal(classes(d), BIT(MALFORMED));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);

	/* every bit set */
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, "ff,ff,ff,ff,ff,ff,ff,ff", 1);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.regdbversion.out-of-range", NULL);
	assert_true(contains(f->message, "0xFFFFFFFFFFFFFFFF"));
	comscan_diagnosis_close(d);
}

/* 0xFFFFFFFFFFFF is the largest number 12 digits write: in range; it
 * dangles without RFFFFFFFFFFFF.clb, and is healthy as the only (lower
 * case) catalog. */
static void
test_regdb_largest(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, "ff,ff,ff,ff,ff,ff,00,00", 1);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.regdbversion.dangling", NULL);
	assert_true(contains(f->message, "Registration\\RFFFFFFFFFFFF.clb"));
	expect_none(d, "diagnose.regdbversion.out-of-range");
	comscan_diagnosis_close(d);

	put_blob(&s, "Registration\\Rffffffffffff.clb", &g_clb);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	expect_item(d, "catalog", "Registration\\Rffffffffffff.clb", 1, COMSCAN_KIND_CLB, g_clb.n);
	comscan_diagnosis_close(d);
}

/* REGDBVersion naming the older existing R..0C: the not-newest warning on
 * that file (naming the newer one); healthy; the regdb-catalog row. */
static void
test_regdb_not_newest(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, REGDB_0C, 1);
	d = diagnose(&s);
	expect_healthy(d);
	f = expect1(d, "diagnose.regdbversion.not-newest", P_CAT_C);
	assert_true(contains(f->message, P_CAT_D));
	assert_int_equal(classes(d), BIT(INCONSISTENT));
	assert_int_equal(nfindings(d), 1);
	expect_item(d, "catalog", P_CAT_D, 1, COMSCAN_KIND_CLB, g_clb.n);
	expect_item(d, "regdb-catalog", P_CAT_C, 1, COMSCAN_KIND_CLB, g_clb.n);
	comscan_diagnosis_close(d);
}

/* ... and that older catalog damaged: also reported (catalog.truncated
 * on it, "REGDBVersion's" catalog), with its details; the current one is
 * healthy. */
static void
test_regdb_not_newest_damaged(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, REGDB_0C, 1);
	put_blob(&s, P_CAT_C, &g_clb_trunc);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.catalog.truncated", P_CAT_C);
	assert_true(contains(f->message, "older (REGDBVersion names it)"));
	expect1(d, "diagnose.regdbversion.not-newest", P_CAT_C);
	assert_true(index_of(d, "diagnose.regdbversion.not-newest") <
	            index_of(d, "diagnose.catalog.truncated"));
	expect_details(d, P_CAT_C, g_clb_trunc.p, g_clb_trunc.n);
	expect_details(d, P_CAT_D, g_clb.p, g_clb.n);
	assert_int_equal(classes(d), BIT(INCONSISTENT) | BIT(TRUNCATED) |
	                                 scan_classes(g_clb_trunc.p, g_clb_trunc.n, NULL, NULL));
	assert_int_equal(
	    expect_item(d, "regdb-catalog", P_CAT_C, 1, COMSCAN_KIND_CLB, g_clb_trunc.n)->verdict,
	    COMSCAN_VERDICT_CORRUPT);
	comscan_diagnosis_close(d);
}

/* COM3 without REGDBVersion while catalogs exist: the regdbversion.missing
 * warning counting them; healthy. */
static void
test_regdb_missing(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_OLE | R_ADMIN | R_CAT | R_COM3_NOVER, NULL, 1);
	d = diagnose(&s);
	expect_healthy(d);
	f = expect1(d, "diagnose.regdbversion.missing", NULL);
	assert_true(starts(f->source, DUMP));
	assert_true(contains(f->message, "2 catalog files"));
	expect_none(d, "diagnose.com3.missing");
	expect_none(d, "diagnose.regdbversion.dangling");
	assert_int_equal(classes(d), BIT(INCONSISTENT));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);
}

/* A REGDBVersion that is not 8 bytes: the model's
 * com.com3.regdbversion-invalid is a conclusion, copied once. */
static void
test_regdb_invalid(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, "0d,00", 1);
	d = diagnose(&s);
	expect_cause(d, "com.com3.regdbversion-invalid", DUMP);
	expect_none(d, "diagnose.regdbversion.dangling");
	expect_none(d, "diagnose.regdbversion.out-of-range");
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * rules 3, 5-8: what the registration says
 * ====================================================================== */

/* A machine registration without COM3 while catalogs exist: com3.missing,
 * stamped with the dump, counting the catalogs. */
static void
test_com3_missing(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_CAT | R_MSFT);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.com3.missing", DUMP);
	assert_true(contains(f->message, "2 catalog files exist"));
	expect_none(d, "diagnose.regdbversion.missing");
	assert_int_equal(classes(d), BIT(INCONSISTENT));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);
}

/* An export of the classes alone (no HKLM\SOFTWARE\Microsoft key, where
 * COM3 would be) says nothing about COM3: no com3.missing, healthy. */
static void
test_com3_outside_classes_export(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_CAT);
	d = diagnose(&s);
	expect_none(d, "diagnose.com3.missing");
	expect_healthy(d);
	comscan_diagnosis_close(d);
}

/* No com3.missing without catalog files (catalog.none instead), nor for a
 * partial registration (the partial note instead). */
static void
test_com3_missing_not_applied(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_CAT);
	del(&s, P_CAT_C);
	del(&s, P_CAT_D);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.none", P_CATALOGS);
	expect_none(d, "diagnose.com3.missing");
	comscan_diagnosis_close(d);

	snap_base(&s, R_ADMIN | R_CAT);
	d = diagnose(&s);
	expect_healthy(d);
	expect_none(d, "diagnose.com3.missing");
	expect1(d, "diagnose.registry.partial", DUMP);
	comscan_diagnosis_close(d);
}

/* A machine registration with no class served by clbcatq.dll (regsvr32
 * -u clbcatq.dll): catalog-classes.unregistered, stamped with the dump. */
static void
test_unregistered(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_COM3);
	d = diagnose(&s);
	f = expect_cause(d, "diagnose.catalog-classes.unregistered", DUMP);
	assert_int_equal(f->hresult, 0x80040154u);
	assert_int_equal(classes(d), BIT(UNREGISTERED));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);
}

/* A registration whose only catalog class is served by server (a .reg
 * string, escaped), under root (a key path below the root key). */
static comscan_diagnosis *
diagnose_server(snap *s, const char *root, const char *subkey, const char *server)
{
	char com3[512];
	int n;
	snap_base(s, 0);
	reg_make(com3, sizeof com3, R_COM3, REGDB_0D, 1);
	n = snprintf(s->reg[0], sizeof s->reg[0],
	    "%s[%s\\CLSID\\%s\\%s]\n@=\"%s\"\n\n%s", /* com3 starts with REGEDIT4 */
	    "REGEDIT4\n\n" KEY_CLSID OLE_CLSID "\\InprocServer32]\n"
	    "@=\"C:\\\\Windows\\\\System32\\\\oleaut32.dll\"\n\n"
	    KEY_CLSID ADMIN_CLSID "\\InprocServer32]\n@=\"comadmin.dll\"\n\n",
	    root, CAT_CLSID, subkey, server, com3 + strlen("REGEDIT4\n\n"));
	assert_true(n > 0 && (size_t)n < sizeof s->reg[0]);
	dump_text(s, DUMP, s->reg[0]);
	return diagnose(s);
}

/* clbcatq.dll is recognised at the end of a server path whatever its
 * directory, case, separators, quotes or trailing blanks. */
static void
test_server_names_recognised(void **state)
{
	static const char *const servers[] = {
		"C:\\\\Windows\\\\System32\\\\clbcatq.dll",
		"%SystemRoot%\\\\system32\\\\CLBCATQ.DLL",
		"\\\"C:\\\\Windows\\\\System32\\\\clbcatq.dll\\\"",
		"\\\"C:\\\\Program Files\\\\x\\\\ClbCatQ.Dll\\\"",
		"C:/Windows/System32/clbcatq.dll",
		"C:\\\\Windows/System32\\\\clbCATq.dll",
		"clbcatq.dll",
		"clbcatq.dll  ",
	};
	snap s;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof servers / sizeof servers[0]; i++) {
		comscan_diagnosis *d =
		    diagnose_server(&s, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes", "InprocServer32",
		        servers[i]);
		if (count(d, "diagnose.catalog-classes.unregistered") != 0)
			fail_msg("server %s not recognised as clbcatq.dll", servers[i]);
		expect_healthy(d);
		assert_int_equal(nfindings(d), 0);
		comscan_diagnosis_close(d);
	}
}

/* Other file names are not clbcatq.dll: notclbcatq.dll, clbcatq.dll.bak,
 * clbcatq.dl, a clbcatq.dll directory, an empty server. */
static void
test_server_names_rejected(void **state)
{
	static const char *const servers[] = {
		"C:\\\\Windows\\\\System32\\\\notclbcatq.dll",
		"notclbcatq.dll",
		"C:\\\\Windows\\\\System32\\\\clbcatq.dll.bak",
		"clbcatq.dl",
		"C:\\\\clbcatq.dll\\\\x.dll",
		"clbcatq.dll x",
		"",
	};
	snap s;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof servers / sizeof servers[0]; i++) {
		comscan_diagnosis *d =
		    diagnose_server(&s, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes", "InprocServer32",
		        servers[i]);
		if (count(d, "diagnose.catalog-classes.unregistered") != 1)
			fail_msg("server \"%s\" taken for clbcatq.dll", servers[i]);
		assert_int_equal(comscan_diagnosis_failing(d), 1);
		comscan_diagnosis_close(d);
	}
}

/* Which registrations count: HKEY_CLASSES_ROOT does; a per-user class or
 * a LocalServer32 of clbcatq.dll does not. */
static void
test_server_views(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	d = diagnose_server(&s, "HKEY_CLASSES_ROOT", "InprocServer32", "clbcatq.dll");
	expect_none(d, "diagnose.catalog-classes.unregistered");
	expect_healthy(d);
	comscan_diagnosis_close(d);
	d = diagnose_server(&s, "HKEY_CURRENT_USER\\Software\\Classes", "InprocServer32",
	    "clbcatq.dll");
	expect_cause(d, "diagnose.catalog-classes.unregistered", DUMP);
	comscan_diagnosis_close(d);
	d = diagnose_server(&s, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes", "LocalServer32",
	    "clbcatq.dll");
	expect_cause(d, "diagnose.catalog-classes.unregistered", DUMP);
	comscan_diagnosis_close(d);
}

/* No core OLE class: a partial export.  The note names the dump and the
 * class count; neither unregistered, com3.missing nor the COMAdmin
 * warning is raised, even when the catalog classes are absent too. */
static void
test_partial_registration(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, R_CAT | R_COM3);
	d = diagnose(&s);
	expect_healthy(d);
	f = expect1(d, "diagnose.registry.partial", DUMP);
	assert_true(contains(f->message, "(1 class in all)"));
	assert_int_equal(classes(d), 0); /* a note carries no class */
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);

	snap_base(&s, 0);
	dump_text(&s, DUMP, "REGEDIT4\n\n" KEY_CLSID OTHER_CLSID "\\InprocServer32]\n@=\"widget.dll\"\n");
	d = diagnose(&s);
	expect_healthy(d);
	expect1(d, "diagnose.registry.partial", DUMP);
	expect_none(d, "diagnose.catalog-classes.unregistered");
	expect_none(d, "diagnose.com3.missing");
	expect_none(d, "diagnose.comadmin.unregistered");
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);
}

/* Neither dumps nor SOFTWARE: the registry.none note at the hive's
 * expected path; only the file rules run. */
static void
test_no_registration(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	d = diagnose(&s);
	expect_healthy(d);
	expect1(d, "diagnose.registry.none", P_SOFTWARE);
	assert_int_equal(nfindings(d), 1);
	assert_int_equal(classes(d), 0);
	assert_null(item(d, "software-hive"));
	assert_null(item(d, "dump"));
	comscan_diagnosis_close(d);

	/* the file rules still apply */
	put(&s, P_MARKER, NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.setup-marker.zero-bytes", P_MARKER);
	expect1(d, "diagnose.registry.none", P_SOFTWARE);
	comscan_diagnosis_close(d);
}

/* COM+ Enabled = 0: the model's com.com3.disabled is the cause; it comes
 * before a catalog cause (rule 3 before rule 4). */
static void
test_disabled(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, REGDB_0D, 0);
	d = diagnose(&s);
	expect_cause(d, "com.com3.disabled", DUMP);
	assert_int_equal(classes(d), BIT(DISABLED));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);

	put_blob(&s, P_CAT_D, &g_clb_trunc);
	d = diagnose(&s);
	expect_cause(d, "com.com3.disabled", DUMP);
	expect1(d, "diagnose.catalog.truncated", P_CAT_D);
	assert_true(index_of(d, "com.com3.disabled") < index_of(d, "diagnose.catalog.truncated"));
	comscan_diagnosis_close(d);
}

/* COMAdminCatalog not registered: a warning only (healthy). */
static void
test_comadmin_unregistered(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, R_OLE | R_CAT | R_COM3);
	d = diagnose(&s);
	expect_healthy(d);
	f = expect1(d, "diagnose.comadmin.unregistered", DUMP);
	assert_true(contains(f->message, ADMIN_CLSID));
	assert_int_equal(classes(d), BIT(UNREGISTERED));
	assert_int_equal(nfindings(d), 1);
	comscan_diagnosis_close(d);
}

/* comadmin.dll empty / text / not an image / damaged: the matching
 * comadmin-dll.* error at its path, with its details; a healthy image
 * gives nothing. */
static void
test_comadmin_dll(void **state)
{
	static const char *const codes[] = { "diagnose.comadmin-dll.zero-bytes",
		"diagnose.comadmin-dll.text", "diagnose.comadmin-dll.not-an-image",
		"diagnose.comadmin-dll.damaged" };
	const blob contents[] = { { NULL, 0 },
		{ (uint8_t *)(uintptr_t)text_placeholder, sizeof text_placeholder - 1 }, g_clb,
		g_pe_trunc };
	snap s;
	comscan_diagnosis *d;
	size_t i;
	(void)state;
	for (i = 0; i < 4; i++) {
		snap_healthy(&s);
		put_blob(&s, P_COMADMIN, &contents[i]);
		d = diagnose(&s);
		expect_cause(d, codes[i], P_COMADMIN);
		assert_int_equal(classes(d), (1u << comscan_code_lookup(codes[i])->cls) |
		                                 scan_classes(contents[i].p, contents[i].n, NULL, NULL));
		expect_details(d, P_COMADMIN, contents[i].p, contents[i].n);
		expect_item(d, "comadmin-dll", P_COMADMIN, 1, comscan_detect_kind(contents[i].p,
		    contents[i].n), contents[i].n);
		comscan_diagnosis_close(d);
	}
	snap_healthy(&s);
	put_blob(&s, P_COMADMIN, &g_pe);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	comscan_diagnosis_close(d);
}

/* The number of errors and warnings a dump's own parse has (the
 * registration findings other than com.*), from comscan_com_build. */
static void
dump_damage(const char *text, size_t *nerr, size_t *nwarn)
{
	comscan_com_input in = { text, strlen(text), DUMP };
	comscan_com *m = NULL;
	const comscan_findings *fs;
	size_t i;
	assert_int_equal(comscan_com_build(&in, 1, NULL, &m), COMSCAN_OK);
	fs = comscan_com_findings(m);
	*nerr = *nwarn = 0;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (starts(f->code, "com."))
			continue;
		*nerr += f->severity == COMSCAN_SEVERITY_ERROR;
		*nwarn += f->severity == COMSCAN_SEVERITY_WARNING;
	}
	comscan_com_close(m);
}

/* A dump with a syntax error: the registry.damaged warning counts its
 * errors; the diagnosis stays healthy (only conclusions' errors decide),
 * while the dump's own row is corrupt. */
static void
test_registry_damaged(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	size_t nerr, nwarn;
	char want[96];
	(void)state;
	snap_base(&s, R_ALL | R_SYNTAX);
	dump_damage(s.reg[0], &nerr, &nwarn);
	assert_int_equal(nerr, 1);
	d = diagnose(&s);
	expect_healthy(d);
	f = expect1(d, "diagnose.registry.damaged", DUMP);
	snprintf(want, sizeof want, "%zu error and %zu warning%s", nerr, nwarn, nwarn == 1 ? "" : "s");
	assert_true(contains(f->message, want));
	assert_int_equal(classes(d), BIT(MALFORMED));
	assert_int_equal(expect_item(d, "dump", DUMP, 1, COMSCAN_KIND_REG, strlen(s.reg[0]))->verdict,
	    COMSCAN_VERDICT_CORRUPT);
	comscan_diagnosis_close(d);

	/* with a real cause, the cause stays the file rule's */
	put(&s, P_MARKER, NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.setup-marker.zero-bytes", P_MARKER);
	expect1(d, "diagnose.registry.damaged", DUMP);
	comscan_diagnosis_close(d);
}

/* Dumps, when given, replace the SOFTWARE hive: an unregistered hive with
 * a healthy dump is healthy, and the hive is not listed. */
static void
test_dumps_replace_hive(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	put_blob(&s, P_SOFTWARE, &g_hive_unreg);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-classes.unregistered", P_SOFTWARE);
	expect_item(d, "software-hive", P_SOFTWARE, 1, COMSCAN_KIND_REGF, g_hive_unreg.n);
	comscan_diagnosis_close(d);

	dump_make(&s, DUMP, R_ALL, REGDB_0D, 1);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	assert_null(item(d, "software-hive"));
	expect_item(d, "dump", DUMP, 1, COMSCAN_KIND_REG, strlen(s.reg[0]));
	comscan_diagnosis_close(d);
}

/* Two dumps are merged: the machine classes in one and COM3 and the
 * catalog classes in the other are healthy; each has its row; findings
 * about the merged registration name "(registration)". */
static void
test_two_dumps(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, "a.reg", R_OLE | R_ADMIN, NULL, 1);
	dump_make(&s, "b.reg", R_CAT | R_COM3, REGDB_0D, 1);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(nfindings(d), 0);
	assert_int_equal(comscan_diagnosis_item_count(d), 5);
	comscan_diagnosis_close(d);

	snap_base(&s, 0);
	dump_make(&s, "a.reg", R_OLE | R_ADMIN, NULL, 1);
	dump_make(&s, "b.reg", R_COM3, REGDB_0D, 1);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-classes.unregistered", "(registration)");
	comscan_diagnosis_close(d);
}

/* A single unnamed dump is named "(input)" everywhere. */
static void
test_unnamed_dump(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, NULL, R_OLE | R_ADMIN | R_COM3, REGDB_0D, 0);
	d = diagnose(&s);
	expect1(d, "com.com3.disabled", "(input)");
	expect_item(d, "dump", "(input)", 1, COMSCAN_KIND_REG, strlen(s.reg[0]));
	expect1(d, "diagnose.catalog-classes.unregistered", "(input)");
	comscan_diagnosis_close(d);
}

/* A damaged SOFTWARE hive: registry.damaged counts the errors and
 * warnings of its parse (as comscan_com_build reports them at that
 * mount); the hive's row is corrupt; no conclusion error comes of it. */
static void
test_registry_damaged_hive(void **state)
{
	comscan_com_input in;
	comscan_options o;
	comscan_com *m = NULL;
	const comscan_findings *fs;
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	blob hive;
	size_t i, nerr = 0, nwarn = 0;
	char want[96];
	(void)state;
	assert_true(load("corpus/samples/hive-damaged.hive", &hive));
	comscan_options_init(&o);
	o.regf_mount = "HKEY_LOCAL_MACHINE\\SOFTWARE";
	in.data = hive.p, in.size = hive.n, in.name = P_SOFTWARE;
	assert_int_equal(comscan_com_build(&in, 1, &o, &m), COMSCAN_OK);
	fs = comscan_com_findings(m);
	for (i = 0; i < comscan_findings_count(fs); i++) {
		f = comscan_findings_at(fs, i);
		if (!starts(f->code, "com.")) {
			nerr += f->severity == COMSCAN_SEVERITY_ERROR;
			nwarn += f->severity == COMSCAN_SEVERITY_WARNING;
		}
	}
	comscan_com_close(m);
	assert_true(nerr > 0);
	snap_base(&s, 0);
	put_blob(&s, P_SOFTWARE, &hive);
	d = diagnose(&s);
	f = expect1(d, "diagnose.registry.damaged", P_SOFTWARE);
	snprintf(want, sizeof want, "%zu error%s and %zu warning%s", nerr, nerr == 1 ? "" : "s",
	    nwarn, nwarn == 1 ? "" : "s");
	assert_true(contains(f->message, want));
	expect_healthy(d);
	assert_int_equal(
	    expect_item(d, "software-hive", P_SOFTWARE, 1, COMSCAN_KIND_REGF, hive.n)->verdict,
	    COMSCAN_VERDICT_CORRUPT);
	comscan_diagnosis_close(d);
	free(hive.p);
}

/* COM+ Enabled that is not a dword: the model's com.com3.enabled-invalid
 * warning is copied once; healthy. */
static void
test_enabled_invalid(void **state)
{
	static const char text[] =
	    "REGEDIT4\n\n"
	    KEY_CLSID OLE_CLSID "\\InprocServer32]\n@=\"oleaut32.dll\"\n\n"
	    KEY_CLSID ADMIN_CLSID "\\InprocServer32]\n@=\"comadmin.dll\"\n\n"
	    KEY_CLSID CAT_CLSID "\\InprocServer32]\n@=\"clbcatq.dll\"\n\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\n"
	    "\"REGDBVersion\"=hex:" REGDB_0D "\n\"COM+ Enabled\"=\"1\"\n";
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	dump_text(&s, DUMP, text);
	d = diagnose(&s);
	expect_healthy(d);
	expect1(d, "com.com3.enabled-invalid", DUMP);
	expect_none(d, "com.com3.disabled");
	assert_int_equal(nfindings(d), 1);
	assert_int_equal(classes(d), BIT(MALFORMED));
	comscan_diagnosis_close(d);
}

/* The model's findings about the catalog's classes (and COMAdminCatalog)
 * are copied after the conclusions; those about other classes are not. */
static void
test_catalog_class_findings(void **state)
{
	static const char text[] =
	    "REGEDIT4\n\n"
	    KEY_CLSID OLE_CLSID "\\InprocServer32]\n@=\"oleaut32.dll\"\n\n"
	    KEY_CLSID ADMIN_CLSID "\\InprocServer32]\n@=\"comadmin.dll\"\n\"ThreadingModel\"=\"Bogus\"\n\n"
	    KEY_CLSID CAT_CLSID "\\InprocServer32]\n@=\"clbcatq.dll\"\n\"ThreadingModel\"=\"Weird\"\n\n"
	    KEY_CLSID OTHER_CLSID "\\InprocServer32]\n@=\"widget.dll\"\n\"ThreadingModel\"=\"Odd\"\n\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\COM3]\n"
	    "\"REGDBVersion\"=hex:" REGDB_0D "\n\"COM+ Enabled\"=dword:00000001\n";
	const comscan_findings *fs;
	snap s;
	comscan_diagnosis *d;
	size_t i, cat = 0, admin = 0;
	(void)state;
	snap_base(&s, 0);
	dump_text(&s, DUMP, text);
	d = diagnose(&s);
	expect_healthy(d);
	assert_int_equal(count(d, "com.threading.invalid"), 2);
	fs = comscan_diagnosis_findings(d);
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (strcmp(f->code, "com.threading.invalid") != 0)
			continue;
		assert_string_equal(f->source, DUMP);
		assert_false(contains(f->message, OTHER_CLSID));
		cat += contains(f->message, CAT_CLSID);
		admin += contains(f->message, ADMIN_CLSID);
	}
	assert_int_equal(cat, 1);
	assert_int_equal(admin, 1);
	comscan_diagnosis_close(d);
}

/* A dump that is no registry dump: its com.input.* finding is copied with
 * its name after the conclusions (the partial note: it has no class); as
 * the only error it is the cause (comscan.h: failing when an error was
 * raised; the cause is the first error). */
static void
test_dump_not_registry(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, 0);
	s.dump[0].name = "junk.reg";
	s.dump[0].data = g_clb.p;
	s.dump[0].size = g_clb.n;
	s.nd = 1;
	d = diagnose(&s);
	expect1(d, "diagnose.registry.partial", "junk.reg");
	/* a detail: it does not decide the verdict (the CLI refuses such a
	 * dump before it gets here) */
	expect1(d, "com.input.not-registry", "junk.reg");
	assert_null(comscan_diagnosis_cause(d));
	assert_int_equal(comscan_diagnosis_failing(d), 0);
	assert_true(index_of(d, "diagnose.registry.partial") < index_of(d, "com.input.not-registry"));
	expect_none(d, "diagnose.registry.damaged");
	expect_item(d, "dump", "junk.reg", 1, COMSCAN_KIND_CLB, g_clb.n);
	comscan_diagnosis_close(d);
}

/* Appends a per-user registration of clsid (server clbcatq.dll or
 * oleaut32.dll) to the snapshot's first dump. */
static void
add_per_user(snap *s, const char *clsid, const char *server)
{
	char extra[512];
	int n = snprintf(extra, sizeof extra,
	    "[HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\%s\\InprocServer32]\n@=\"%s\"\n", clsid,
	    server);
	assert_true(n > 0 && strlen(s->reg[0]) + (size_t)n < sizeof s->reg[0]);
	strcat(s->reg[0], extra);
	s->dump[0].size = strlen(s->reg[0]);
}

/* HKLM classes also registered per user still count as the machine's. */
static void
test_server_also_per_user(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	/* the catalog class in HKLM and in HKCU, both clbcatq.dll: healthy */
	snap_healthy(&s);
	add_per_user(&s, CAT_CLSID, "C:\\\\Windows\\\\System32\\\\clbcatq.dll");
	d = diagnose(&s);
	expect_none(d, "diagnose.catalog-classes.unregistered");
	expect_healthy(d);
	comscan_diagnosis_close(d);
	/* no catalog class; the core OLE class in HKLM and in HKCU: still a
	 * machine registration, so the catalog is unregistered */
	snap_base(&s, R_OLE | R_ADMIN | R_COM3);
	add_per_user(&s, OLE_CLSID, "C:\\\\Windows\\\\System32\\\\oleaut32.dll");
	d = diagnose(&s);
	expect_none(d, "diagnose.registry.partial");
	expect_cause(d, "diagnose.catalog-classes.unregistered", DUMP);
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * ordering and the cause
 * ====================================================================== */

/* Several causes at once: the conclusions come in the rules' order
 * (marker, clbcatq.dll, catalog, unregistered, comadmin.dll), all before
 * the copied details; the cause is the marker. */
static void
test_order(void **state)
{
	static const char *const order[] = { "diagnose.setup-marker.text",
		"diagnose.catalog-dll.damaged", "diagnose.catalog.truncated",
		"diagnose.catalog-classes.unregistered", "diagnose.comadmin-dll.zero-bytes",
		"diagnose.registry.damaged" };
	const comscan_findings *fs;
	snap s;
	comscan_diagnosis *d;
	size_t i, first_detail = SIZE_MAX;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_COM3 | R_SYNTAX);
	put_text(&s, P_MARKER, text_placeholder);
	put_blob(&s, P_CATDLL, &g_pe_trunc);
	put_blob(&s, P_CAT_D, &g_clb_trunc);
	put(&s, P_COMADMIN, NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.setup-marker.text", P_MARKER);
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		expect1(d, order[i], NULL);
		assert_int_equal(index_of(d, order[i]), i);
	}
	fs = comscan_diagnosis_findings(d);
	for (i = 0; i < comscan_findings_count(fs); i++)
		if (!starts(comscan_findings_at(fs, i)->code, "diagnose.")) {
			first_detail = i;
			break;
		}
	assert_int_equal(first_detail, sizeof order / sizeof order[0]);
	expect_details(d, P_CATDLL, g_pe_trunc.p, g_pe_trunc.n);
	expect_details(d, P_CAT_D, g_clb_trunc.p, g_clb_trunc.n);
	expect_details(d, P_COMADMIN, NULL, 0);
	comscan_diagnosis_close(d);
}

/* The registration rules in order: clbcatq.dll missing (2), COM+
 * disabled (3), REGDBVersion dangling (4), unregistered (6), COMAdmin
 * unregistered (7), the registration's damage and an ambiguous name (8). */
static void
test_order_registration(void **state)
{
	static const char *const order[] = { "diagnose.catalog-dll.missing", "com.com3.disabled",
		"diagnose.regdbversion.dangling", "diagnose.catalog-classes.unregistered",
		"diagnose.comadmin.unregistered", "diagnose.registry.damaged",
		"diagnose.file.ambiguous" };
	snap s;
	comscan_diagnosis *d;
	size_t i;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_OLE | R_COM3 | R_SYNTAX, "0e,00,00,00,00,00,00,00", 0);
	del(&s, P_CATDLL);
	put_blob(&s, P_COMADMIN, &g_pe);
	put_blob(&s, "System32\\COM\\comadmin.dll", &g_pe);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-dll.missing", P_CATDLL);
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		expect1(d, order[i], NULL);
		assert_int_equal(index_of(d, order[i]), i);
	}
	assert_int_equal(nfindings(d), sizeof order / sizeof order[0]);
	assert_string_equal(comscan_findings_at(comscan_diagnosis_findings(d), 6)->source,
	    "System32\\COM\\comadmin.dll");
	comscan_diagnosis_close(d);
}

/* KB Q310412 both ways at once: the marker beats the unregistered
 * catalog, which is still reported after it. */
static void
test_marker_beats_unregistered(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_COM3);
	put(&s, P_MARKER, NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.setup-marker.zero-bytes", P_MARKER);
	expect1(d, "diagnose.catalog-classes.unregistered", DUMP);
	assert_int_equal(index_of(d, "diagnose.setup-marker.zero-bytes"), 0);
	assert_int_equal(classes(d), BIT(ZERO_BYTE_PLACEHOLDER) | BIT(UNREGISTERED));
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * name matching
 * ====================================================================== */

/* Names in any case, '/' or '\' or both: every file is found and named as
 * given (findings and rows). */
static void
test_names_any_case(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	memset(&s, 0, sizeof s);
	put_blob(&s, "system32/CLBCATQ.DLL", &g_pe);
	put_text(&s, "SYSTEM32\\~CLBCATQ.DLL", text_placeholder);
	put(&s, "SyStEm32\\COM/COMADMIN.DLL", NULL, 0);
	put_blob(&s, "system32/CONFIG\\software", &g_hive);
	put_blob(&s, "REGISTRATION/R00000000000D.CLB", &g_clb);
	d = diagnose(&s);
	expect_cause(d, "diagnose.setup-marker.text", "SYSTEM32\\~CLBCATQ.DLL");
	expect1(d, "diagnose.comadmin-dll.zero-bytes", "SyStEm32\\COM/COMADMIN.DLL");
	expect_none(d, "diagnose.catalog-dll.missing");
	expect_none(d, "diagnose.catalog.none");
	expect_none(d, "diagnose.registry.none");
	expect_item(d, "catalog-dll", "system32/CLBCATQ.DLL", 1, COMSCAN_KIND_PE, g_pe.n);
	expect_item(d, "setup-marker", "SYSTEM32\\~CLBCATQ.DLL", 1, COMSCAN_KIND_TEXT,
	    strlen(text_placeholder));
	expect_item(d, "software-hive", "system32/CONFIG\\software", 1, COMSCAN_KIND_REGF, g_hive.n);
	expect_item(d, "catalog", "REGISTRATION/R00000000000D.CLB", 1, COMSCAN_KIND_CLB, g_clb.n);
	expect_details(d, "SyStEm32\\COM/COMADMIN.DLL", NULL, 0);
	comscan_diagnosis_close(d);
}

/* Paths with extra or empty components, or a wrong folder, are not the
 * files looked for: clbcatq.dll is missing, no marker is seen. */
static void
test_names_rejected(void **state)
{
	static const char *const bad[] = {
		"x\\System32\\clbcatq.dll", "System32\\clbcatq.dll\\x", "System32\\\\clbcatq.dll",
		"\\System32\\clbcatq.dll", "System32\\clbcatq.dll\\", "System32/", "clbcatq.dll",
		"System32\\x\\clbcatq.dll", "System32\\com\\clbcatq.dll", "System32\\clbcatq.dl",
		"System32\\ clbcatq.dll", "System33\\~clbcatq.dll", "System32\\~clbcatq.dll\\",
		"System32\\\\~clbcatq.dll", "System32\\comadmin.dll", "",
	};
	snap s;
	comscan_diagnosis *d;
	size_t i;
	(void)state;
	snap_healthy(&s);
	del(&s, P_CATDLL);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		put(&s, bad[i], NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-dll.missing", P_CATDLL);
	assert_int_equal(nfindings(d), 1);
	expect_item(d, "setup-marker", P_MARKER, 0, COMSCAN_KIND_EMPTY, 0);
	assert_null(item(d, "comadmin-dll"));
	comscan_diagnosis_close(d);
}

/* Two clbcatq.dll differing only in case: the first in byte order
 * ("System32\CLBCATQ.DLL", the empty one, given second) is read, and
 * diagnose.file.ambiguous names the other. */
static void
test_names_ambiguous(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_healthy(&s);
	put(&s, "System32\\CLBCATQ.DLL", NULL, 0);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-dll.zero-bytes", "System32\\CLBCATQ.DLL");
	f = expect1(d, "diagnose.file.ambiguous", "System32\\CLBCATQ.DLL");
	assert_true(contains(f->message, P_CATDLL));
	assert_true(index_of(d, "diagnose.file.ambiguous") < index_of(d, "scan.file.zero-bytes"));
	expect_item(d, "catalog-dll", "System32\\CLBCATQ.DLL", 1, COMSCAN_KIND_EMPTY, 0);
	comscan_diagnosis_close(d);

	/* the other way round: the healthy one sorts first */
	snap_healthy(&s);
	put(&s, P_CATDLL, NULL, 0);
	put_blob(&s, "System32\\CLBCATQ.DLL", &g_pe);
	d = diagnose(&s);
	expect_healthy(d);
	f = expect1(d, "diagnose.file.ambiguous", "System32\\CLBCATQ.DLL");
	assert_true(contains(f->message, P_CATDLL));
	assert_int_equal(nfindings(d), 1);
	assert_int_equal(classes(d), BIT(INCONSISTENT));
	comscan_diagnosis_close(d);
}

/* Two spellings of the current catalog: the first in byte order is read
 * ("REGISTRATION\r..d.CLB", truncated); one ambiguity warning, although
 * REGDBVersion names the same number. */
static void
test_names_ambiguous_catalog(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_healthy(&s);
	put_blob(&s, "REGISTRATION\\r00000000000d.CLB", &g_clb_trunc);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog.truncated", "REGISTRATION\\r00000000000d.CLB");
	f = expect1(d, "diagnose.file.ambiguous", "REGISTRATION\\r00000000000d.CLB");
	assert_true(contains(f->message, P_CAT_D));
	expect_none(d, "diagnose.regdbversion.not-newest");
	comscan_diagnosis_close(d);
}

/* Two spellings of the older catalog REGDBVersion names: the warning on
 * the first in byte order, and one ambiguity warning for it. */
static void
test_names_ambiguous_regdb(void **state)
{
	snap s;
	comscan_diagnosis *d;
	const comscan_finding *f;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, DUMP, R_ALL, REGDB_0C, 1);
	put_blob(&s, "registration\\R00000000000C.clb", &g_clb_trunc);
	d = diagnose(&s);
	expect_healthy(d);
	expect1(d, "diagnose.regdbversion.not-newest", P_CAT_C);
	f = expect1(d, "diagnose.file.ambiguous", P_CAT_C);
	assert_true(contains(f->message, "registration\\R00000000000C.clb"));
	expect_item(d, "regdb-catalog", P_CAT_C, 1, COMSCAN_KIND_CLB, g_clb.n);
	comscan_diagnosis_close(d);
}

/* Two spellings of an unread SOFTWARE hive: no ambiguity warning. */
static void
test_names_ambiguous_unread_hive(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_healthy(&s);
	put_blob(&s, P_SOFTWARE, &g_hive);
	put_blob(&s, "System32\\config\\software", &g_hive_unreg);
	d = diagnose(&s);
	expect_healthy(d);
	expect_none(d, "diagnose.file.ambiguous");
	comscan_diagnosis_close(d);
}

/* ======================================================================
 * misuse
 * ====================================================================== */

/* Bad arguments: COMSCAN_ERR_INVALID with *out set to NULL. */
static void
test_misuse(void **state)
{
	comscan_diag_file f = { P_CATDLL, NULL, 0 };
	comscan_com_input in = { NULL, 0, "x.reg" };
	comscan_options o;
	comscan_diagnosis *d;
	(void)state;
	assert_int_equal(comscan_diagnose(&f, 1, NULL, 0, NULL, NULL), COMSCAN_ERR_INVALID);
	d = (comscan_diagnosis *)(uintptr_t)1;
	assert_int_equal(comscan_diagnose(NULL, 1, NULL, 0, NULL, &d), COMSCAN_ERR_INVALID);
	assert_null(d);
	f.path = NULL;
	d = (comscan_diagnosis *)(uintptr_t)1;
	assert_int_equal(comscan_diagnose(&f, 1, NULL, 0, NULL, &d), COMSCAN_ERR_INVALID);
	assert_null(d);
	f.path = P_CATDLL;
	f.size = 1;
	d = (comscan_diagnosis *)(uintptr_t)1;
	assert_int_equal(comscan_diagnose(&f, 1, NULL, 0, NULL, &d), COMSCAN_ERR_INVALID);
	assert_null(d);
	f.size = 0;
	d = (comscan_diagnosis *)(uintptr_t)1;
	assert_int_equal(comscan_diagnose(&f, 1, NULL, 1, NULL, &d), COMSCAN_ERR_INVALID);
	assert_null(d);
	in.size = 3;
	d = (comscan_diagnosis *)(uintptr_t)1;
	assert_int_equal(comscan_diagnose(&f, 1, &in, 1, NULL, &d), COMSCAN_ERR_INVALID);
	assert_null(d);
	/* an option no call accepts */
	comscan_options_init(&o);
	o.flags = 0x80000000u;
	d = (comscan_diagnosis *)(uintptr_t)1;
	assert_int_equal(comscan_diagnose(&f, 1, NULL, 0, &o, &d), COMSCAN_ERR_INVALID);
	assert_null(d);
	/* an allocator without its functions */
	{
		comscan_allocator bad = { NULL, NULL, NULL, NULL };
		comscan_options_init(&o);
		o.allocator = &bad;
		d = (comscan_diagnosis *)(uintptr_t)1;
		assert_int_equal(comscan_diagnose(&f, 1, NULL, 0, &o, &d), COMSCAN_ERR_INVALID);
		assert_null(d);
	}
	/* nothing at all is valid: every file is missing */
	assert_int_equal(comscan_diagnose(NULL, 0, NULL, 0, NULL, &d), COMSCAN_OK);
	invariants(d);
	expect_cause(d, "diagnose.catalog-dll.missing", P_CATDLL);
	expect1(d, "diagnose.catalog.none", P_CATALOGS);
	expect1(d, "diagnose.registry.none", P_SOFTWARE);
	comscan_diagnosis_close(d);
	/* a zero-length dump with data NULL is a dump (of nothing) */
	in.size = 0;
	assert_int_equal(comscan_diagnose(&f, 1, &in, 1, NULL, &d), COMSCAN_OK);
	invariants(d);
	comscan_diagnosis_close(d);
}

/* NULL handles: close is a no-op; accessors answer empty. */
static void
test_null_accessors(void **state)
{
	tbuf b = TBUF_INIT;
	size_t n = 99;
	(void)state;
	comscan_diagnosis_close(NULL);
	comscan_windir_close(NULL);
	assert_null(comscan_diagnosis_findings(NULL));
	assert_int_equal(comscan_diagnosis_failing(NULL), 0);
	assert_null(comscan_diagnosis_cause(NULL));
	assert_int_equal(comscan_diagnosis_item_count(NULL), 0);
	assert_null(comscan_diagnosis_item_at(NULL, 0));
	assert_int_not_equal(comscan_diagnosis_render_json(NULL, NULL, tbuf_sink, &b), 0);
	assert_int_not_equal(comscan_diagnosis_render_text(NULL, NULL, tbuf_sink, &b), 0);
	assert_int_equal(b.calls, 0);
	assert_null(comscan_windir_files(NULL, &n));
	assert_int_equal(n, 0);
	tbuf_free(&b);
}

/* ======================================================================
 * rendering
 * ====================================================================== */

/* Parses b as JSON (strictly valid first). */
static json_value *
parse_json(const tbuf *b)
{
	char err[128];
	json_value *v;
	if (!json_check(b->p, b->n, err, sizeof err))
		fail_msg("invalid JSON: %s\n%s", err, b->p);
	v = json_dom_parse(b->p, b->n);
	assert_non_null(v);
	return v;
}

/* The member key of o, present exactly once. */
static const json_value *
member(const json_value *o, const char *key)
{
	const json_value *v = json_dom_get(o, key);
	if (v == NULL || json_dom_key_count(o, key) != 1)
		fail_msg("member \"%s\" missing or repeated", key);
	return v;
}

static void
json_str_eq(const json_value *v, const char *s)
{
	assert_int_equal(v->type, JSON_STRING);
	assert_string_equal(v->str, s);
}

/* A finding object: its code, and "path" (never "source") for its input. */
static void
json_finding_eq(const json_value *o, const comscan_finding *f)
{
	assert_int_equal(o->type, JSON_OBJECT);
	json_str_eq(member(o, "code"), f->code);
	json_str_eq(member(o, "severity"), comscan_severity_name(f->severity));
	json_str_eq(member(o, "class"), comscan_class_name(f->cls));
	json_str_eq(member(o, "message"), f->message);
	assert_null(json_dom_get(o, "source"));
	if (f->source)
		json_str_eq(member(o, "path"), f->source);
	else
		assert_null(json_dom_get(o, "path"));
}

/* The JSON of d equals its accessors, key by key. */
static void
json_matches(const comscan_diagnosis *d, const char *windows_dir)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	const json_value *v, *a;
	json_value *root;
	tbuf b = TBUF_INIT;
	size_t i, k;
	assert_int_equal(comscan_diagnosis_render_json(d, windows_dir, tbuf_sink, &b), 0);
	root = parse_json(&b);
	assert_int_equal(root->type, JSON_OBJECT);
	v = member(root, "windows_dir");
	if (windows_dir)
		json_str_eq(v, windows_dir);
	else
		assert_int_equal(v->type, JSON_NULL);
	json_str_eq(member(root, "verdict"), comscan_diagnosis_failing(d) ? "failing" : "healthy");
	v = member(root, "cause");
	if (comscan_diagnosis_cause(d))
		json_finding_eq(v, comscan_diagnosis_cause(d));
	else
		assert_int_equal(v->type, JSON_NULL);
	a = member(root, "classes");
	assert_int_equal(a->type, JSON_ARRAY);
	for (i = 0, k = 0; i < COMSCAN_CLASS_COUNT; i++)
		if (comscan_findings_classes(fs) >> i & 1)
			json_str_eq(json_dom_at(a, k++), comscan_class_name((comscan_class)i));
	assert_int_equal(a->n, k);
	v = member(root, "counts");
	assert_int_equal((size_t)member(v, "error")->num,
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR));
	assert_int_equal((size_t)member(v, "warning")->num,
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING));
	assert_int_equal((size_t)member(v, "note")->num,
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE));
	a = member(root, "files");
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->n, comscan_diagnosis_item_count(d));
	for (i = 0; i < a->n; i++) {
		const comscan_diag_item *it = comscan_diagnosis_item_at(d, i);
		const json_value *o = json_dom_at(a, i);
		json_str_eq(member(o, "role"), it->role);
		json_str_eq(member(o, "path"), it->path);
		assert_int_equal(member(o, "present")->type, it->present ? JSON_TRUE : JSON_FALSE);
		if (it->present) {
			json_str_eq(member(o, "kind"), comscan_kind_name(it->kind));
			assert_int_equal((uint64_t)member(o, "size")->num, it->size);
			json_str_eq(member(o, "verdict"), comscan_verdict_name(it->verdict));
		} else {
			assert_int_equal(member(o, "kind")->type, JSON_NULL);
			assert_int_equal(member(o, "size")->type, JSON_NULL);
			assert_int_equal(member(o, "verdict")->type, JSON_NULL);
		}
	}
	a = member(root, "findings");
	assert_int_equal(a->type, JSON_ARRAY);
	assert_int_equal(a->n, comscan_findings_count(fs));
	for (i = 0; i < a->n; i++)
		json_finding_eq(json_dom_at(a, i), comscan_findings_at(fs, i));
	json_dom_free(root);
	tbuf_free(&b);
}

/* A failing diagnosis as JSON: valid, every key once, equal to the
 * accessors; findings and the cause carry "path". */
static void
test_render_json(void **state)
{
	snap s;
	comscan_diagnosis *d;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_COM3 | R_SYNTAX);
	put_text(&s, P_MARKER, text_placeholder);
	put_blob(&s, P_CAT_D, &g_clb_trunc);
	put(&s, "System32\\CLBCATQ.DLL", "\"quoted\"\\", 9);
	d = diagnose(&s);
	assert_int_equal(comscan_diagnosis_failing(d), 1);
	json_matches(d, "C:\\Windows \"x\"");
	json_matches(d, NULL);
	comscan_diagnosis_close(d);
}

/* Names that are not printable ASCII (a dump's name, the directory) are
 * escaped: the JSON stays valid UTF-8, the text has no control bytes. */
static void
test_render_odd_names(void **state)
{
	static const char odd[] = "odd\x01\xff\"\\\xc3\x28\x7f.reg";
	snap s;
	comscan_diagnosis *d;
	tbuf b = TBUF_INIT;
	char err[128];
	size_t i;
	(void)state;
	snap_base(&s, 0);
	dump_make(&s, odd, R_OLE | R_ADMIN | R_COM3, REGDB_0D, 1);
	d = diagnose(&s);
	expect_cause(d, "diagnose.catalog-classes.unregistered", odd);
	assert_int_equal(comscan_diagnosis_render_json(d, "C:\\\x80\n", tbuf_sink, &b), 0);
	if (!json_check(b.p, b.n, err, sizeof err))
		fail_msg("invalid JSON: %s", err);
	tbuf_free(&b);
	memset(&b, 0, sizeof b);
	assert_int_equal(comscan_diagnosis_render_text(d, "C:\\\x80\x1b", tbuf_sink, &b), 0);
	for (i = 0; i < b.n; i++)
		if ((unsigned char)b.p[i] < 0x20 && b.p[i] != '\n')
			fail_msg("control byte 0x%02x at %zu of the text report", (unsigned char)b.p[i], i);
	tbuf_free(&b);
	comscan_diagnosis_close(d);
}

/* A healthy diagnosis: verdict healthy, cause null, no classes. */
static void
test_render_json_healthy(void **state)
{
	snap s;
	comscan_diagnosis *d;
	tbuf b = TBUF_INIT;
	json_value *root;
	(void)state;
	snap_healthy(&s);
	d = diagnose(&s);
	json_matches(d, "/mnt/windows");
	assert_int_equal(comscan_diagnosis_render_json(d, NULL, tbuf_sink, &b), 0);
	root = parse_json(&b);
	json_str_eq(member(root, "verdict"), "healthy");
	assert_int_equal(member(root, "cause")->type, JSON_NULL);
	assert_int_equal(member(root, "classes")->n, 0);
	assert_int_equal(member(root, "findings")->n, 0);
	json_dom_free(root);
	tbuf_free(&b);
	comscan_diagnosis_close(d);
}

/* The text report: the verdict line, the cause's code and message, the
 * files; a healthy one says HEALTHY. */
static void
test_render_text(void **state)
{
	snap s;
	comscan_diagnosis *d;
	tbuf b = TBUF_INIT;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_COM3);
	put(&s, P_MARKER, NULL, 0);
	d = diagnose(&s);
	assert_int_equal(comscan_diagnosis_render_text(d, "C:\\Windows", tbuf_sink, &b), 0);
	assert_true(contains(tbuf_str(&b), "C:\\Windows"));
	assert_true(contains(tbuf_str(&b), "verdict: FAILING"));
	assert_false(contains(tbuf_str(&b), "verdict: HEALTHY"));
	assert_true(contains(tbuf_str(&b), "diagnose.setup-marker.zero-bytes"));
	assert_true(contains(tbuf_str(&b), comscan_diagnosis_cause(d)->message));
	assert_true(contains(tbuf_str(&b), "diagnose.catalog-classes.unregistered"));
	assert_true(contains(tbuf_str(&b), P_CAT_D));
	tbuf_free(&b);
	comscan_diagnosis_close(d);

	snap_healthy(&s);
	d = diagnose(&s);
	memset(&b, 0, sizeof b);
	assert_int_equal(comscan_diagnosis_render_text(d, NULL, tbuf_sink, &b), 0);
	assert_true(contains(tbuf_str(&b), "verdict: HEALTHY"));
	assert_false(contains(tbuf_str(&b), "FAILING"));
	tbuf_free(&b);
	comscan_diagnosis_close(d);
}

/* A sink error stops rendering and is returned, at whichever call it
 * happens; a NULL sink is refused. */
static void
test_render_sink_errors(void **state)
{
	int (*const render[2])(const comscan_diagnosis *, const char *, comscan_sink, void *) = {
		comscan_diagnosis_render_json, comscan_diagnosis_render_text
	};
	snap s;
	comscan_diagnosis *d;
	int r, k;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_COM3);
	put_text(&s, P_MARKER, text_placeholder);
	put_blob(&s, P_CAT_D, &g_clb_trunc);
	d = diagnose(&s);
	for (r = 0; r < 2; r++) {
		tbuf full = TBUF_INIT;
		assert_int_not_equal(render[r](d, NULL, NULL, NULL), 0);
		assert_int_equal(render[r](d, NULL, tbuf_sink, &full), 0);
		assert_true(full.calls >= 1);
		for (k = 1; k <= full.calls; k++) {
			tbuf b = TBUF_INIT;
			b.fail_at = k;
			b.fail_value = -1;
			assert_int_equal(render[r](d, "W", tbuf_sink, &b), -1);
			assert_int_equal(b.calls, k);
			tbuf_free(&b);
		}
		tbuf_free(&full);
	}
	comscan_diagnosis_close(d);
}

/* max_findings applies to the diagnosis: at most that many kept plus the
 * limit note, while the verdict and the classes still count every one. */
static void
test_max_findings(void **state)
{
	snap s;
	comscan_diagnosis *d;
	comscan_options o;
	comscan_diagnosis *full;
	(void)state;
	snap_base(&s, R_OLE | R_ADMIN | R_COM3);
	put_text(&s, P_MARKER, text_placeholder);
	put_blob(&s, P_CAT_D, &g_clb_trunc);
	full = diagnose(&s);
	comscan_options_init(&o);
	o.limits.max_findings = 2;
	d = diagnose_opts(&s, &o);
	/* the conclusions are all kept; max_findings caps the details */
	assert_int_equal(count(d, "diagnose.setup-marker.text"), 1);
	assert_int_equal(count(d, "diagnose.catalog.truncated"), 1);
	/* marker, catalog truncated, unregistered; two details; the limit */
	assert_int_equal(count(d, "diagnose.catalog-classes.unregistered"), 1);
	assert_int_equal(nfindings(d), 3 + 2 + 1);
	assert_int_equal(comscan_diagnosis_failing(d), 1);
	assert_string_equal(comscan_diagnosis_cause(d)->code, "diagnose.setup-marker.text");
	assert_int_equal(classes(d), classes(full) | BIT(LIMIT_EXCEEDED));
	json_matches(d, NULL);
	comscan_diagnosis_close(d);
	comscan_diagnosis_close(full);
}

/* ======================================================================
 * allocation failure
 * ====================================================================== */

static void
render_json(const comscan_diagnosis *d, tbuf *b)
{
	memset(b, 0, sizeof *b);
	assert_int_equal(comscan_diagnosis_render_json(d, NULL, tbuf_sink, b), 0);
}

/* Fails allocation k = 0, 1, ... until a diagnosis of s completes without
 * a failure.  A failed run returns COMSCAN_ERR_NOMEM with *out NULL (or,
 * having recovered, COMSCAN_OK with the same result as with malloc);
 * nothing leaks, the allocator contract holds. */
static void
oom_diagnose(const comscan_diag_file *files, size_t n, const comscan_com_input *dumps,
    size_t nd)
{
	comscan_diagnosis *ref = NULL;
	tbuf want;
	size_t k, nomem = 0;
	assert_int_equal(comscan_diagnose(files, n, dumps, nd, NULL, &ref), COMSCAN_OK);
	render_json(ref, &want);
	comscan_diagnosis_close(ref);
	for (k = 0;; k++) {
		failalloc fa;
		comscan_options o;
		comscan_diagnosis *d = (comscan_diagnosis *)(uintptr_t)1;
		comscan_status st;
		failalloc_init(&fa, k);
		comscan_options_init(&o);
		o.allocator = &fa.a;
		st = comscan_diagnose(files, n, dumps, nd, &o, &d);
		if (fa.failed && st == COMSCAN_ERR_NOMEM) {
			assert_null(d);
			nomem++;
		} else if (st == COMSCAN_OK) {
			tbuf got;
			assert_non_null(d);
			invariants(d);
			render_json(d, &got);
			if (strcmp(got.p, want.p) != 0)
				fail_msg("allocation %zu failed and the diagnosis differs:\n%s\nwant\n%s", k,
				    got.p, want.p);
			tbuf_free(&got);
			comscan_diagnosis_close(d);
		} else {
			fail_msg("allocation %zu: status %d (%s)", k, (int)st, comscan_status_message(st));
		}
		if (fa.nlive != 0)
			fail_msg("allocation %zu failed: %zu blocks leaked", k, fa.nlive);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
		if (!fa.failed)
			break;
		assert_true(k < 1000000);
	}
	assert_true(nomem > 10); /* the runs did fail on the way */
	tbuf_free(&want);
}

/* The in-memory snapshot that exercises most rules: marker, damaged
 * clbcatq.dll, a truncated current catalog, REGDBVersion naming an older
 * damaged catalog, an empty comadmin.dll, an ambiguous name, and a dump
 * with catalog classes and a syntax error. */
static void
test_oom_diagnose(void **state)
{
	snap s;
	(void)state;
	snap_base(&s, R_ALL | R_SYNTAX);
	s.nd = 0;
	dump_make(&s, DUMP, R_ALL | R_SYNTAX, REGDB_0C, 1);
	put_text(&s, P_MARKER, text_placeholder);
	put_blob(&s, P_CATDLL, &g_pe_trunc);
	put_blob(&s, P_CAT_D, &g_clb_trunc);
	put_blob(&s, P_CAT_C, &g_clb_bad);
	put(&s, P_COMADMIN, NULL, 0);
	put_blob(&s, "SYSTEM32\\clbcatq.dll", &g_pe);
	oom_diagnose(s.f, s.n, s.dump, s.nd);
}

/* The same through a hive: the files of q310412-method2-text as
 * comscan_windir_open lists them. */
static void
test_oom_diagnose_hive(void **state)
{
	comscan_windir *w = NULL;
	const comscan_diag_file *files;
	size_t n;
	(void)state;
	assert_int_equal(comscan_windir_open("corpus/snapshots/q310412-method2-text", 0, NULL, &w, NULL,
	                     0),
	    COMSCAN_OK);
	files = comscan_windir_files(w, &n);
	assert_int_equal(n, 5);
	oom_diagnose(files, n, NULL, 0);
	comscan_windir_close(w);
}

/* comscan_windir_open with allocation k failing: COMSCAN_ERR_NOMEM and
 * *out NULL, or OK with the full listing; no leak, no misuse. */
static void
test_oom_windir(void **state)
{
	size_t k, nomem = 0;
	(void)state;
	for (k = 0;; k++) {
		failalloc fa;
		comscan_windir *w = (comscan_windir *)(uintptr_t)1;
		comscan_status st;
		char failed[256];
		failalloc_init(&fa, k);
		st = comscan_windir_open("corpus/snapshots/q310412-method2-text", 0, &fa.a, &w, failed,
		    sizeof failed);
		if (fa.failed && st == COMSCAN_ERR_NOMEM) {
			assert_null(w);
			nomem++;
		} else if (st == COMSCAN_OK) {
			size_t n;
			comscan_windir_files(w, &n);
			assert_int_equal(n, 5);
			comscan_windir_close(w);
		} else {
			fail_msg("allocation %zu: status %d (%s)", k, (int)st, comscan_status_message(st));
		}
		if (fa.nlive != 0)
			fail_msg("allocation %zu failed: %zu blocks leaked", k, fa.nlive);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
		if (!fa.failed)
			break;
		assert_true(k < 100000);
	}
	assert_true(nomem > 5);
}

/* ======================================================================
 * comscan_windir
 * ====================================================================== */

/* What corpus/gen/gen_snap.c writes in each snapshot and what the
 * diagnosis must conclude (its table: the failure each one shows, and
 * the MANIFEST classes). */
typedef struct snap_row {
	const char *name;
	const char *system32; /* the folder's spelling */
	bool marker, catdll, hive;
	const char *cause;    /* NULL: healthy */
	uint32_t classes;
} snap_row;

static const snap_row snap_rows[] = {
	{ "healthy-hive", "System32", false, true, true, NULL, 0 },
	{ "healthy-reg", "system32", false, true, false, NULL, 0 },
	{ "q310412-method1", "System32", false, true, true, "diagnose.catalog-classes.unregistered",
	    BIT(UNREGISTERED) },
	{ "q310412-method1-reg", "System32", false, true, false,
	    "diagnose.catalog-classes.unregistered", BIT(UNREGISTERED) },
	{ "q310412-method2-text", "System32", true, true, true, "diagnose.setup-marker.text",
	    BIT(TEXT_PLACEHOLDER) },
	{ "q310412-method2-zero", "SYSTEM32", true, true, true, "diagnose.setup-marker.zero-bytes",
	    BIT(ZERO_BYTE_PLACEHOLDER) },
	{ "regdbversion-dangling", "System32", false, true, true, "diagnose.regdbversion.dangling",
	    BIT(DANGLING_REFERENCE) },
	{ "catalog-truncated", "System32", false, true, true, "diagnose.catalog.truncated",
	    BIT(TRUNCATED) | BIT(OUT_OF_BOUNDS) },
	{ "catalog-zero", "System32", false, true, true, "diagnose.catalog.zero-bytes",
	    BIT(ZERO_BYTE_PLACEHOLDER) },
	{ "catalog-dll-missing", "System32", false, false, true, "diagnose.catalog-dll.missing",
	    BIT(DANGLING_REFERENCE) },
	{ "complus-disabled", "System32", false, true, true, "com.com3.disabled", BIT(DISABLED) },
	{ "com3-missing", "System32", false, true, true, "diagnose.com3.missing", BIT(INCONSISTENT) },
};

/* Whether path (relative, '\'-joined) is listed once; its bytes equal the
 * file's on disk. */
static void
expect_listed(const char *dir, const comscan_diag_file *files, size_t n, const char *rel)
{
	char full[512];
	size_t i, hits = 0, k;
	blob b;
	for (i = 0; i < n; i++) {
		if (strcmp(files[i].path, rel) != 0)
			continue;
		hits++;
		snprintf(full, sizeof full, "%s/%s", dir, rel);
		for (k = strlen(dir); full[k]; k++)
			if (full[k] == '\\')
				full[k] = '/';
		assert_true(load(full, &b));
		assert_int_equal(files[i].size, b.n);
		if (b.n)
			assert_memory_equal(files[i].data, b.p, b.n);
		else
			assert_null(files[i].data);
		free(b.p);
	}
	if (hits != 1)
		fail_msg("%s: %s listed %zu times", dir, rel, hits);
}

/* Every snapshot: the files are listed with their on-disk spelling,
 * joined by '\', nothing else (registration.reg is not one of them); the
 * diagnosis of them (with registration.reg for the -reg ones) concludes
 * what gen_snap.c made the snapshot for. */
static void
test_windir_snapshots(void **state)
{
	size_t r;
	(void)state;
	for (r = 0; r < sizeof snap_rows / sizeof snap_rows[0]; r++) {
		const snap_row *row = &snap_rows[r];
		char dir[256], rel[320], failed[256];
		comscan_windir *w = NULL;
		const comscan_diag_file *files;
		comscan_diagnosis *d = NULL;
		comscan_com_input dump = { NULL, 0, NULL };
		blob reg = { NULL, 0 };
		size_t n, want = 2;
		snprintf(dir, sizeof dir, "corpus/snapshots/%s", row->name);
		assert_int_equal(comscan_windir_open(dir, 0, NULL, &w, failed, sizeof failed), COMSCAN_OK);
		assert_string_equal(failed, "");
		files = comscan_windir_files(w, &n);
		expect_listed(dir, files, n, "Registration\\R00000000000C.clb");
		expect_listed(dir, files, n, "Registration\\R00000000000D.clb");
		if (row->marker) {
			snprintf(rel, sizeof rel, "%s\\~clbcatq.dll", row->system32);
			expect_listed(dir, files, n, rel);
			want++;
		}
		if (row->catdll) {
			snprintf(rel, sizeof rel, "%s\\clbcatq.dll", row->system32);
			expect_listed(dir, files, n, rel);
			want++;
		}
		if (row->hive) {
			snprintf(rel, sizeof rel, "%s\\config\\SOFTWARE", row->system32);
			expect_listed(dir, files, n, rel);
			want++;
		}
		if (n != want)
			fail_msg("%s: %zu files listed, want %zu", row->name, n, want);
		if (!row->hive) {
			snprintf(rel, sizeof rel, "%s/registration.reg", dir);
			assert_true(load(rel, &reg));
			dump.data = reg.p;
			dump.size = reg.n;
			dump.name = "registration.reg";
		}
		assert_int_equal(comscan_diagnose(files, n, &dump, row->hive ? 0 : 1, NULL, &d),
		    COMSCAN_OK);
		invariants(d);
		if (row->cause == NULL) {
			expect_healthy(d);
			assert_int_equal(nfindings(d), 0);
		} else {
			assert_non_null(comscan_diagnosis_cause(d));
			if (strcmp(comscan_diagnosis_cause(d)->code, row->cause) != 0)
				fail_msg("%s: cause %s, want %s", row->name, comscan_diagnosis_cause(d)->code,
				    row->cause);
			expect1(d, row->cause, NULL);
		}
		if (classes(d) != row->classes)
			fail_msg("%s: classes 0x%x, want 0x%x", row->name, (unsigned)classes(d),
			    (unsigned)row->classes);
		comscan_diagnosis_close(d);
		free(reg.p);
		comscan_windir_close(w);
	}
}

/* A missing directory: COMSCAN_ERR_IO, *out NULL, failed_path names it
 * (cut to failed_cap); failed_cap 0 is allowed with failed_path NULL. */
static void
test_windir_missing(void **state)
{
	const char *dir = "corpus/snapshots/no-such-snapshot";
	comscan_windir *w = (comscan_windir *)(uintptr_t)1;
	char failed[256], small[8];
	(void)state;
	errno = 0;
	assert_int_equal(comscan_windir_open(dir, 0, NULL, &w, failed, sizeof failed), COMSCAN_ERR_IO);
	assert_int_equal(errno, ENOENT);
	assert_null(w);
	assert_string_equal(failed, dir);
	w = (comscan_windir *)(uintptr_t)1;
	assert_int_equal(comscan_windir_open(dir, 0, NULL, &w, small, sizeof small), COMSCAN_ERR_IO);
	assert_null(w);
	assert_string_equal(small, "corpus/");
	assert_int_equal(comscan_windir_open(dir, 0, NULL, &w, NULL, 0), COMSCAN_ERR_IO);
	assert_null(w);
	/* a regular file is no directory either */
	assert_int_equal(comscan_windir_open("corpus/samples/healthy.clb", 0, NULL, &w, failed,
	                     sizeof failed),
	    COMSCAN_ERR_IO);
	assert_string_equal(failed, "corpus/samples/healthy.clb");
}

/* Misuse of comscan_windir_open: COMSCAN_ERR_INVALID, *out NULL. */
static void
test_windir_misuse(void **state)
{
	comscan_windir *w = (comscan_windir *)(uintptr_t)1;
	char failed[16];
	(void)state;
	assert_int_equal(comscan_windir_open("corpus/snapshots/healthy-hive", 0, NULL, NULL, failed,
	                     sizeof failed),
	    COMSCAN_ERR_INVALID);
	assert_int_equal(comscan_windir_open(NULL, 0, NULL, &w, failed, sizeof failed),
	    COMSCAN_ERR_INVALID);
	assert_null(w);
	w = (comscan_windir *)(uintptr_t)1;
	assert_int_equal(comscan_windir_open("corpus/snapshots/healthy-hive", 0, NULL, &w, NULL, 4),
	    COMSCAN_ERR_INVALID);
	assert_null(w);
}

/* A temporary Windows directory. */
typedef struct tmpwin {
	char root[64];
	char made[16][128]; /* created paths, removed in reverse order */
	bool is_dir[16];
	size_t n;
} tmpwin;

static void
tmp_init(tmpwin *t)
{
	memset(t, 0, sizeof *t);
	snprintf(t->root, sizeof t->root, "/tmp/comscan-diag-XXXXXX");
	if (mkdtemp(t->root) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
}

static const char *
tmp_path(tmpwin *t, const char *rel, bool dir)
{
	char root[sizeof t->root]; /* a copy: the destination is in *t too */
	assert_true(t->n < 16);
	memcpy(root, t->root, sizeof root);
	snprintf(t->made[t->n], sizeof t->made[0], "%s/%s", root, rel);
	t->is_dir[t->n] = dir;
	return t->made[t->n++];
}

static void
tmp_mkdir(tmpwin *t, const char *rel)
{
	assert_int_equal(mkdir(tmp_path(t, rel, true), 0700), 0);
}

static void
tmp_file(tmpwin *t, const char *rel, const void *p, size_t n)
{
	FILE *f = fopen(tmp_path(t, rel, false), "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void
tmp_fifo(tmpwin *t, const char *rel)
{
	assert_int_equal(mkfifo(tmp_path(t, rel, false), 0600), 0);
}

static void
tmp_free(tmpwin *t)
{
	while (t->n > 0) {
		t->n--;
		if (t->is_dir[t->n])
			rmdir(t->made[t->n]);
		else
			unlink(t->made[t->n]);
	}
	rmdir(t->root);
}

/* A FIFO named System32/clbcatq.dll (it would block an open) and a
 * directory named ~clbcatq.dll are skipped: not an error, not listed;
 * Registration lists R<12 hex digits>.clb (in any case), not other names
 * (not backup.clb, which is not even mapped). */
static void
test_windir_special_files(void **state)
{
	tmpwin t;
	comscan_windir *w = NULL;
	const comscan_diag_file *files;
	comscan_diagnosis *d = NULL;
	size_t n;
	(void)state;
	tmp_init(&t);
	tmp_mkdir(&t, "System32");
	tmp_fifo(&t, "System32/clbcatq.dll");
	tmp_mkdir(&t, "System32/~clbcatq.dll");
	tmp_mkdir(&t, "Registration");
	tmp_file(&t, "Registration/R00000000000D.CLB", g_clb.p, g_clb.n);
	tmp_file(&t, "Registration/notes.txt", "x", 1);
	tmp_file(&t, "Registration/backup.clb", g_clb.p, g_clb.n);
	tmp_file(&t, "clbcatq.dll", g_pe.p, g_pe.n);
	assert_int_equal(comscan_windir_open(t.root, 0, NULL, &w, NULL, 0), COMSCAN_OK);
	files = comscan_windir_files(w, &n);
	assert_int_equal(n, 1);
	expect_listed(t.root, files, n, "Registration\\R00000000000D.CLB");
	assert_int_equal(comscan_diagnose(files, n, NULL, 0, NULL, &d), COMSCAN_OK);
	invariants(d);
	expect_cause(d, "diagnose.catalog-dll.missing", P_CATDLL);
	expect_none(d, "diagnose.catalog.none");
	expect_item(d, "setup-marker", P_MARKER, 0, COMSCAN_KIND_EMPTY, 0);
	comscan_diagnosis_close(d);
	comscan_windir_close(w);
	tmp_free(&t);
}

/* Makes a Windows directory whose Registration holds a healthy R..0C, a
 * dangling link R..0D and, when loop, a link to itself R..0E; *loop_path
 * gets the latter's full path. */
static void
tmp_links(tmpwin *t, bool loop, const char **loop_path)
{
	tmp_init(t);
	tmp_file(t, "system32", "x", 1);
	tmp_mkdir(t, "Registration");
	assert_int_equal(symlink("nowhere.clb", tmp_path(t, "Registration/R00000000000D.clb", false)),
	    0);
	tmp_file(t, "Registration/R00000000000C.clb", g_clb.p, g_clb.n);
	if (loop) {
		*loop_path = tmp_path(t, "Registration/R00000000000E.clb", false);
		assert_int_equal(symlink("R00000000000E.clb", *loop_path), 0);
	}
}

/* A dangling link is a missing file (skipped); a regular file named
 * System32 is no folder (skipped); an entry that exists but cannot be read
 * (a link to itself) is COMSCAN_ERR_IO with its full path in failed_path. */
static void
test_windir_unreadable(void **state)
{
	tmpwin t;
	comscan_windir *w = (comscan_windir *)(uintptr_t)1;
	const comscan_diag_file *files;
	char failed[256], want[256];
	const char *loop = NULL;
	comscan_status st;
	size_t n;
	(void)state;
	tmp_links(&t, false, &loop);
	st = comscan_windir_open(t.root, 0, NULL, &w, failed, sizeof failed);
	assert_int_equal(st, COMSCAN_OK);
	files = comscan_windir_files(w, &n);
	assert_int_equal(n, 1);
	expect_listed(t.root, files, n, "Registration\\R00000000000C.clb");
	comscan_windir_close(w);
	tmp_free(&t);

	tmp_links(&t, true, &loop);
	snprintf(want, sizeof want, "%s", loop);
	w = (comscan_windir *)(uintptr_t)1;
	st = comscan_windir_open(t.root, 0, NULL, &w, failed, sizeof failed);
	tmp_free(&t);
	assert_int_equal(st, COMSCAN_ERR_IO);
	assert_null(w);
	assert_string_equal(failed, want);
}

/* A link to itself in Registration: errno is ELOOP after the call. */
static void
test_windir_errno(void **state)
{
	tmpwin t;
	comscan_windir *w = NULL;
	const char *loop = NULL;
	comscan_status st;
	int err;
	(void)state;
	tmp_links(&t, true, &loop);
	errno = 0;
	st = comscan_windir_open(t.root, 0, NULL, &w, NULL, 0);
	err = errno;
	tmp_free(&t);
	assert_int_equal(st, COMSCAN_ERR_IO);
	assert_int_equal(err, ELOOP);
}

/* Both System32 and system32 (a case-sensitive copy): both clbcatq.dll are
 * listed, and the diagnosis reads the first in byte order and warns. */
static void
test_windir_both_cases(void **state)
{
	tmpwin t;
	comscan_windir *w = NULL;
	const comscan_diag_file *files;
	comscan_diagnosis *d = NULL;
	size_t n;
	(void)state;
	tmp_init(&t);
	tmp_mkdir(&t, "System32");
	tmp_mkdir(&t, "system32");
	tmp_file(&t, "System32/clbcatq.dll", g_pe.p, g_pe.n);
	tmp_file(&t, "system32/CLBCATQ.dll", "", 0);
	assert_int_equal(comscan_windir_open(t.root, 0, NULL, &w, NULL, 0), COMSCAN_OK);
	files = comscan_windir_files(w, &n);
	assert_int_equal(n, 2);
	expect_listed(t.root, files, n, "System32\\clbcatq.dll");
	expect_listed(t.root, files, n, "system32\\CLBCATQ.dll");
	assert_int_equal(comscan_diagnose(files, n, NULL, 0, NULL, &d), COMSCAN_OK);
	invariants(d);
	expect1(d, "diagnose.file.ambiguous", "System32\\clbcatq.dll");
	expect_none(d, "diagnose.catalog-dll.zero-bytes");
	expect_item(d, "catalog-dll", "System32\\clbcatq.dll", 1, COMSCAN_KIND_PE, g_pe.n);
	comscan_diagnosis_close(d);
	comscan_windir_close(w);
	tmp_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_healthy_reg),
		cmocka_unit_test(test_healthy_hive),
		cmocka_unit_test(test_marker_zero),
		cmocka_unit_test(test_marker_text),
		cmocka_unit_test(test_marker_image),
		cmocka_unit_test(test_marker_other),
		cmocka_unit_test(test_catdll_missing),
		cmocka_unit_test(test_catdll_zero),
		cmocka_unit_test(test_catdll_text),
		cmocka_unit_test(test_catdll_not_image),
		cmocka_unit_test(test_catdll_damaged),
		cmocka_unit_test(test_catalog_none),
		cmocka_unit_test(test_catalog_zero),
		cmocka_unit_test(test_catalog_text),
		cmocka_unit_test(test_catalog_truncated),
		cmocka_unit_test(test_catalog_not_clb),
		cmocka_unit_test(test_catalog_damaged_clb),
		cmocka_unit_test(test_catalog_bad_names),
		cmocka_unit_test(test_catalog_older_damaged_ignored),
		cmocka_unit_test(test_catalog_name_case),
		cmocka_unit_test(test_catalog_numeric_order),
		cmocka_unit_test(test_regdb_dangling),
		cmocka_unit_test(test_regdb_source_is_file),
		cmocka_unit_test(test_regdb_out_of_range),
		cmocka_unit_test(test_regdb_largest),
		cmocka_unit_test(test_regdb_not_newest),
		cmocka_unit_test(test_regdb_not_newest_damaged),
		cmocka_unit_test(test_regdb_missing),
		cmocka_unit_test(test_regdb_invalid),
		cmocka_unit_test(test_com3_missing),
		cmocka_unit_test(test_com3_outside_classes_export),
		cmocka_unit_test(test_com3_missing_not_applied),
		cmocka_unit_test(test_unregistered),
		cmocka_unit_test(test_server_names_recognised),
		cmocka_unit_test(test_server_names_rejected),
		cmocka_unit_test(test_server_views),
		cmocka_unit_test(test_partial_registration),
		cmocka_unit_test(test_no_registration),
		cmocka_unit_test(test_disabled),
		cmocka_unit_test(test_comadmin_unregistered),
		cmocka_unit_test(test_comadmin_dll),
		cmocka_unit_test(test_registry_damaged),
		cmocka_unit_test(test_dumps_replace_hive),
		cmocka_unit_test(test_two_dumps),
		cmocka_unit_test(test_unnamed_dump),
		cmocka_unit_test(test_registry_damaged_hive),
		cmocka_unit_test(test_enabled_invalid),
		cmocka_unit_test(test_catalog_class_findings),
		cmocka_unit_test(test_dump_not_registry),
		cmocka_unit_test(test_server_also_per_user),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_order_registration),
		cmocka_unit_test(test_marker_beats_unregistered),
		cmocka_unit_test(test_names_any_case),
		cmocka_unit_test(test_names_rejected),
		cmocka_unit_test(test_names_ambiguous),
		cmocka_unit_test(test_names_ambiguous_catalog),
		cmocka_unit_test(test_names_ambiguous_regdb),
		cmocka_unit_test(test_names_ambiguous_unread_hive),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_null_accessors),
		cmocka_unit_test(test_render_json),
		cmocka_unit_test(test_render_odd_names),
		cmocka_unit_test(test_render_json_healthy),
		cmocka_unit_test(test_render_text),
		cmocka_unit_test(test_render_sink_errors),
		cmocka_unit_test(test_max_findings),
		cmocka_unit_test(test_oom_diagnose),
		cmocka_unit_test(test_oom_diagnose_hive),
		cmocka_unit_test(test_oom_windir),
		cmocka_unit_test(test_windir_snapshots),
		cmocka_unit_test(test_windir_missing),
		cmocka_unit_test(test_windir_misuse),
		cmocka_unit_test(test_windir_special_files),
		cmocka_unit_test(test_windir_unreadable),
		cmocka_unit_test(test_windir_errno),
		cmocka_unit_test(test_windir_both_cases),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
