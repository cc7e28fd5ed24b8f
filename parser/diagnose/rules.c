/*
 * rules.c - the conclusions of the diagnosis (docs/diagnose.md), in the
 * order of how likely each cause is to be the one a user hit:
 *
 *   1. System32\~clbcatq.dll exists: COM+ setup did not finish (Q246499)
 *   2. System32\clbcatq.dll missing, empty, text, not an image, damaged
 *   3. COM3\"COM+ Enabled" = 0 (com.com3.disabled from the COM model)
 *   4. the catalogs: none; REGDBVersion invalid, out of range, naming a
 *      missing file (dangling) or not the newest; the current catalog (and
 *      the one REGDBVersion names) empty, text, truncated or damaged
 *   5. COM3 missing while catalogs exist            (machine registration)
 *   6. no class served by clbcatq.dll: unregistered (machine registration)
 *   7. COMAdminCatalog not registered; System32\com\comadmin.dll damaged
 *   8. the registration's own damage (counted), partial or absent
 *      registration, file names that differ only in case
 * then the findings behind them: those of each file read (stamped with its
 * path) and the COM model's findings about the catalog's classes.
 *
 * "Unregistered": no class of the native view (a WOW6432Node view serves
 * only 32-bit callers) has clbcatq.dll as its in-process server.
 *
 * "Machine registration": the merged dumps hold at least one class in
 * HKEY_LOCAL_MACHINE or HKEY_CLASSES_ROOT whose in-process server is a core
 * OLE library (ole32.dll, combase.dll, oleaut32.dll).  Every Windows
 * registers dozens of those; an export of one application's keys holds
 * none, so a partial export is never mistaken for an unregistered catalog.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/codes.h"
#include "diagnose/diagnose.h"

#define COMADMIN_CLSID "{F618C514-DFB8-11D1-A2CF-00805FC79235}"
/* Catalog classes whose COM model findings are copied (a filter only: the
 * unregistered rule counts every class) */
#define MAX_CATALOG_CLASSES 64

/* What the registration says about the catalog. */
typedef struct diag_survey {
	bool machine;          /* a machine registration (see above)    */
	size_t catalog_classes; /* native classes served by clbcatq.dll  */
	size_t catalog_wow64;   /* the same in the WOW6432Node views      */
	bool comadmin;          /* COMAdminCatalog is registered         */
	const char *clsids[MAX_CATALOG_CLASSES + 1]; /* catalog CLSIDs   */
	size_t nclsids;
	comscan_com3 com3;
} diag_survey;

/* Emits code about the file named source. */
static void
emit_as(diag_state *d, const char *source, cs_code code, const char *fmt, ...) CS_PRINTF(4, 5);

static void
emit_as(diag_state *d, const char *source, cs_code code, const char *fmt, ...)
{
	va_list ap;
	d->ctx->source = source;
	va_start(ap, fmt);
	cs_emit_v(d->ctx, code, COMSCAN_NO_OFFSET, 0, 0, fmt, ap);
	va_end(ap);
	d->ctx->source = NULL;
}

/* The path findings about role's file carry: its own, or where it was
 * expected. */
static const char *
role_path(const diag_state *d, diag_role role)
{
	return d->pick[role].path ? d->pick[role].path : diag_expected_path(role);
}

#define emit(d, role, ...) emit_as((d), role_path((d), (role)), __VA_ARGS__)

/* Adds a row to the report's file list; the path is copied. */
static void
add_item(diag_state *d, const char *role, const char *path, const comscan_diag_file *f,
    const comscan_report *r)
{
	comscan_diag_item *it;
	if (d->ctx->nomem)
		return;
	if (!cs_grow(d->ctx->alloc, (void **)&d->items, &d->items_cap, d->nitems + 1,
	        sizeof *d->items) ||
	    !cs_grow(d->ctx->alloc, (void **)&d->item_paths, &d->paths_cap, d->nitems + 1,
	        sizeof *d->item_paths)) {
		d->ctx->nomem = true;
		return;
	}
	it = &d->items[d->nitems];
	memset(it, 0, sizeof *it);
	it->role = role;
	d->item_paths[d->nitems] = cs_strdup(d->ctx->alloc, path);
	if (d->item_paths[d->nitems] == NULL) {
		d->ctx->nomem = true;
		return;
	}
	it->path = d->item_paths[d->nitems];
	d->nitems++;
	if (f != NULL) {
		it->present = 1;
		it->size = f->size;
		it->kind = r ? comscan_report_kind(r) : comscan_detect_kind(f->data, f->size);
		it->verdict = r ? comscan_findings_verdict(comscan_report_findings(r))
		                : COMSCAN_VERDICT_HEALTHY;
	}
}

/* Scans role's file once (its report is kept in the pick). */
static const comscan_report *
scan(diag_state *d, diag_role role)
{
	diag_pick *p = &d->pick[role];
	if (p->file == NULL || d->ctx->nomem)
		return NULL;
	if (p->report == NULL &&
	    comscan_scan_buffer(p->file->data, p->file->size, d->opts, &p->report) != COMSCAN_OK)
		d->ctx->nomem = true;
	return p->report;
}

static bool
corrupt(const comscan_report *r)
{
	return comscan_findings_verdict(comscan_report_findings(r)) == COMSCAN_VERDICT_CORRUPT;
}

static size_t
errors(const comscan_report *r)
{
	return comscan_findings_tally(comscan_report_findings(r), COMSCAN_SEVERITY_ERROR);
}

/* 1: the setup marker. */
static void
rule_marker(diag_state *d)
{
	const comscan_report *r = scan(d, DIAG_MARKER);
	uint64_t size = d->pick[DIAG_MARKER].file ? d->pick[DIAG_MARKER].file->size : 0;
	if (r == NULL)
		return;
	switch (comscan_report_kind(r)) {
	case COMSCAN_KIND_EMPTY:
		emit(d, DIAG_MARKER, CS_DIAG_MARKER_ZERO,
		    "~clbcatq.dll is a zero-byte placeholder: COM+ setup did not finish; catalog access fails (0x80040154 in Component Services, 0x80080005 from replication tools)");
		break;
	case COMSCAN_KIND_TEXT:
		emit(d, DIAG_MARKER, CS_DIAG_MARKER_TEXT,
		    "~clbcatq.dll is a text placeholder (%" PRIu64 " bytes): COM+ setup did not finish; catalog access fails (0x80040154, 0x80080005)", size);
		break;
	case COMSCAN_KIND_PE:
		emit(d, DIAG_MARKER, CS_DIAG_MARKER_PENDING,
		    "~clbcatq.dll is an image (%" PRIu64 " bytes): a replacement of clbcatq.dll is pending and COM+ setup did not finish", size);
		break;
	default:
		emit(d, DIAG_MARKER, CS_DIAG_MARKER_OTHER,
		    "~clbcatq.dll exists (%" PRIu64 " bytes of %s content): COM+ setup did not finish", size,
		    comscan_kind_name(comscan_report_kind(r)));
		break;
	}
}

/* The codes of an image check: empty, text, not an image, damaged. */
typedef struct image_codes {
	cs_code zero, text, not_image, damaged;
} image_codes;

/* 2 and 7: an image that must be a sane PE. */
static void
check_image(diag_state *d, diag_role role, const image_codes *c, const char *name)
{
	const comscan_report *r = scan(d, role);
	if (r == NULL)
		return;
	if (comscan_report_kind(r) == COMSCAN_KIND_EMPTY)
		emit(d, role, c->zero, "%s is empty (0 bytes)", name);
	else if (comscan_report_kind(r) == COMSCAN_KIND_TEXT)
		emit(d, role, c->text, "%s holds %" PRIu64 " bytes of text, not an image", name,
		    (uint64_t)d->pick[role].file->size);
	else if (comscan_report_kind(r) != COMSCAN_KIND_PE)
		emit(d, role, c->not_image, "%s is %s content, not an MZ/PE image", name,
		    comscan_kind_name(comscan_report_kind(r)));
	else if (corrupt(r))
		emit(d, role, c->damaged, "%s is an image with %zu error%s (listed below)", name,
		    errors(r), errors(r) == 1 ? "" : "s");
}

/* Copies the first of the COM model's findings with the code named as a
 * conclusion (COM3 is one key of the machine; its other findings, from
 * other dumps, follow with the details). */
static void
copy_model_code(diag_state *d, const char *code)
{
	const comscan_findings *fs = comscan_com_findings(d->model);
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (strcmp(f->code, code) == 0) {
			cs_emit_copy(d->ctx, f, NULL);
			return;
		}
	}
}

/* Whether the COM model raised a finding with the code named. */
static bool
model_has(const diag_state *d, const char *code)
{
	const comscan_findings *fs = comscan_com_findings(d->model);
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++)
		if (strcmp(comscan_findings_at(fs, i)->code, code) == 0)
			return true;
	return false;
}

/* The catalog name a number stands for. */
static void
catalog_name(char *buf, size_t cap, uint64_t number)
{
	snprintf(buf, cap, "Registration\\R%012" PRIX64 ".clb", number);
}

/* 4: what a catalog file holds (the current one, or REGDBVersion's). */
static void
check_catalog(diag_state *d, diag_role role, const char *which)
{
	const comscan_report *r = scan(d, role);
	if (r == NULL)
		return;
	if (comscan_report_kind(r) == COMSCAN_KIND_EMPTY)
		emit(d, role, CS_DIAG_CATALOG_ZERO, "the %s catalog is empty (0 bytes)", which);
	else if (comscan_report_kind(r) == COMSCAN_KIND_TEXT)
		emit(d, role, CS_DIAG_CATALOG_TEXT, "the %s catalog holds text, not a complib database",
		    which);
	else if (comscan_report_kind(r) != COMSCAN_KIND_CLB)
		emit(d, role, CS_DIAG_CATALOG_DAMAGED, "the %s catalog is %s content, not a complib (BSJB) database",
		    which, comscan_kind_name(comscan_report_kind(r)));
	else if (corrupt(r) && (comscan_findings_classes(comscan_report_findings(r)) >>
	                           COMSCAN_CLASS_TRUNCATED & 1))
		emit(d, role, CS_DIAG_CATALOG_TRUNCATED,
		    "the %s catalog is truncated (%" PRIu64 " bytes; %zu error%s listed below)", which,
		    (uint64_t)d->pick[role].file->size, errors(r), errors(r) == 1 ? "" : "s");
	else if (corrupt(r))
		emit(d, role, CS_DIAG_CATALOG_DAMAGED, "the %s catalog is damaged (%zu error%s listed below)",
		    which, errors(r), errors(r) == 1 ? "" : "s");
}

static const char *dump_of(const diag_state *d, const char *where);

/* 4: the catalog files and REGDBVersion. */
static void
rule_catalogs(diag_state *d, const diag_survey *s)
{
	char name[64];
	uint64_t regdb = 0;
	int k;
	if (d->model != NULL)
		copy_model_code(d, "com.com3.regdbversion-invalid");
	if (s->com3.has_regdb_version)
		for (k = 7; k >= 0; k--)
			regdb = regdb << 8 | s->com3.regdb_version[k];
	if (d->ncatalogs == 0)
		emit(d, DIAG_CATALOG, CS_DIAG_CATALOG_NONE,
		    "no catalog file: Registration holds no R<12 hex digits>.clb");
	if (s->com3.has_regdb_version && regdb > UINT64_C(0xFFFFFFFFFFFF)) {
		emit_as(d, dump_of(d, s->com3.source), CS_DIAG_REGDB_RANGE,
		    "REGDBVersion (COM3 at %s) is 0x%" PRIX64 ", more than 12 hex digits",
		    s->com3.source, regdb);
	} else if (s->com3.has_regdb_version && d->pick[DIAG_REGDB].file == NULL) {
		catalog_name(name, sizeof name, regdb);
		emit_as(d, dump_of(d, s->com3.source), CS_DIAG_REGDB_DANGLING,
		    "REGDBVersion (COM3 at %s) names %s, which does not exist%s", s->com3.source, name,
		    d->ncatalogs ? "" : " (no catalog exists)");
	}
	check_catalog(d, DIAG_CATALOG, "current");
	if (d->pick[DIAG_REGDB].file != NULL &&
	    d->pick[DIAG_REGDB].number != d->pick[DIAG_CATALOG].number) {
		emit(d, DIAG_REGDB, CS_DIAG_REGDB_NOT_NEWEST,
		    "REGDBVersion names this catalog, but %s is newer", d->pick[DIAG_CATALOG].path);
		check_catalog(d, DIAG_REGDB, "older (REGDBVersion names it)");
	}
	/* an invalid REGDBVersion was reported above: not "missing" too */
	if (s->com3.present && !s->com3.has_regdb_version && d->ncatalogs > 0 &&
	    !model_has(d, "com.com3.regdbversion-invalid"))
		emit_as(d, dump_of(d, s->com3.source), CS_DIAG_REGDB_MISSING,
		    "COM3 (at %s) has no REGDBVersion naming one of the %zu catalog file%s",
		    s->com3.source ? s->com3.source : "?", d->ncatalogs, d->ncatalogs == 1 ? "" : "s");
}

/* The name findings about the registration carry: the SOFTWARE hive's
 * path, the one dump's name ("(input)" when it has none, as the COM model
 * names it), or "(registration)" for several dumps. */
static const char *
registry_name(const diag_state *d)
{
	if (d->ndumps == 0)
		return d->pick[DIAG_SOFTWARE].path;
	if (d->ndumps == 1)
		return d->dumps[0].name ? d->dumps[0].name : "(input)";
	return "(registration)";
}

/* The name of the dump a COM model location ("NAME:LINE" or
 * "NAME@0xOFFSET") is in: the dump (or hive) whose name it starts with,
 * else registry_name. */
static const char *
dump_of(const diag_state *d, const char *where)
{
	size_t i, n;
	const char *name;
	for (i = 0; where != NULL && i <= d->ndumps; i++) {
		name = i < d->ndumps ? d->dumps[i].name : d->ndumps == 0 ? d->pick[DIAG_SOFTWARE].path
		                                                        : NULL;
		if (name == NULL)
			continue;
		n = strlen(name);
		if (strncmp(where, name, n) == 0 && (where[n] == ':' || where[n] == '@'))
			return name;
	}
	return registry_name(d);
}

/* 5-7: what the registration says (only for a machine registration). */
static void
rule_registration(diag_state *d, const diag_survey *s)
{
	if (d->model == NULL || !s->machine)
		return;
	const char *name = registry_name(d);
	/* COM3 can only be missing from a registration that holds
	 * HKLM\SOFTWARE\Microsoft: an export of the classes alone has none */
	if (!s->com3.present && s->com3.microsoft_present && d->ncatalogs > 0)
		emit_as(d, name, CS_DIAG_COM3_MISSING,
		    "no HKLM\\SOFTWARE\\Microsoft\\COM3 key, but %zu catalog file%s exist%s",
		    d->ncatalogs, d->ncatalogs == 1 ? "" : "s", d->ncatalogs == 1 ? "s" : "");
	if (s->catalog_classes == 0 && s->catalog_wow64 == 0)
		emit_as(d, name, CS_DIAG_UNREGISTERED,
		    "no class has clbcatq.dll as its InprocServer32: the COM+ catalog is unregistered (regsvr32 -u clbcatq.dll)");
	else if (s->catalog_classes == 0)
		emit_as(d, name, CS_DIAG_UNREGISTERED,
		    "only the 32-bit view (WOW6432Node) has classes served by clbcatq.dll (%zu): the native catalog is unregistered (regsvr32 -u of the native clbcatq.dll)",
		    s->catalog_wow64);
	if (!s->comadmin)
		emit_as(d, name, CS_DIAG_COMADMIN_UNREGISTERED,
		    "COMAdminCatalog " COMADMIN_CLSID " is not registered");
}

/* 8: the registration's own findings, counted (those other than com.*;
 * "at least" when the model kept only max_findings of them). */
static void
rule_registry_damage(diag_state *d)
{
	const comscan_findings *fs = comscan_com_findings(d->model);
	size_t i, nerr = 0, nwarn = 0;
	bool cut = false;
	if (d->model == NULL)
		return;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		cut |= strcmp(f->code, "core.findings.limit-exceeded") == 0;
		if (strncmp(f->code, "com.", 4) == 0 || strncmp(f->code, "core.", 5) == 0)
			continue;
		nerr += f->severity == COMSCAN_SEVERITY_ERROR;
		nwarn += f->severity == COMSCAN_SEVERITY_WARNING;
	}
	if (nerr == 0)
		return;
	emit_as(d, registry_name(d), CS_DIAG_REGISTRY_DAMAGED,
	    "the registration has %s%zu error%s and %zu warning%s of its own (comscan scan lists them); registrations were read where intact",
	    cut ? "at least " : "", nerr, nerr == 1 ? "" : "s", nwarn, nwarn == 1 ? "" : "s");
}

/* 8: notes on what could not be checked, and ambiguous names. */
static void
rule_coverage(diag_state *d, const diag_survey *s)
{
	int role;
	if (d->model == NULL)
		emit(d, DIAG_SOFTWARE, CS_DIAG_REGISTRY_NONE,
		    "no registration: the rules on REGDBVersion, COM3 and registered classes were not applied");
	else if (!s->machine)
		emit_as(d, registry_name(d), CS_DIAG_DUMPS_PARTIAL,
		    "the registration holds no core OLE class (%zu class%s in all): a partial export",
		    comscan_com_class_count(d->model), comscan_com_class_count(d->model) == 1 ? "" : "es");
	for (role = 0; role < DIAG_ROLE_COUNT; role++) {
		const diag_pick *p = &d->pick[role];
		if (p->other == NULL || (role == DIAG_REGDB && p->file == d->pick[DIAG_CATALOG].file) ||
		    (role == DIAG_SOFTWARE && d->ndumps > 0))
			continue;
		emit(d, (diag_role)role, CS_DIAG_FILE_AMBIGUOUS, "also present as %s", p->other->path);
	}
}

/* Whether a finding's message names one of the catalog's classes. */
static bool
about_catalog(const diag_survey *s, const comscan_finding *f)
{
	size_t i;
	for (i = 0; i < s->nclsids; i++)
		if (strstr(f->message, s->clsids[i]) != NULL)
			return true;
	return false;
}

/* Copies one detail; beyond max_findings details it is only counted. */
static void
copy_detail(diag_state *d, const comscan_finding *f, const char *source)
{
	if (d->details < d->max_details) {
		d->details++;
		cs_emit_copy(d->ctx, f, source);
	} else {
		cs_emit_dropped(d->ctx, f);
	}
}

/* The findings behind the conclusions: the files' own, then the COM
 * model's about the catalog's classes, its COM3 findings after the first
 * of each code, and those about its inputs. */
static void
copy_details(diag_state *d, const diag_survey *s)
{
	static const diag_role roles[] = { DIAG_CATDLL, DIAG_COMADMIN, DIAG_CATALOG, DIAG_REGDB };
	const char *com3_seen[3] = { NULL, NULL, NULL };
	const comscan_findings *fs;
	size_t k, i;
	for (k = 0; k < sizeof roles / sizeof roles[0]; k++) {
		const diag_pick *p = &d->pick[roles[k]];
		if (p->report == NULL || (roles[k] == DIAG_REGDB && p->file == d->pick[DIAG_CATALOG].file))
			continue;
		fs = comscan_report_findings(p->report);
		for (i = 0; i < comscan_findings_count(fs) && !d->ctx->nomem; i++)
			copy_detail(d, comscan_findings_at(fs, i), p->path);
	}
	if (d->model == NULL)
		return;
	fs = comscan_com_findings(d->model);
	for (i = 0; i < comscan_findings_count(fs) && !d->ctx->nomem; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (strncmp(f->code, "com.com3.", 9) == 0) {
			/* the first of each code is a conclusion already */
			for (k = 0; k < 3 && com3_seen[k] != NULL && com3_seen[k] != f->code; k++)
				;
			if (k < 3 && com3_seen[k] == NULL)
				com3_seen[k] = f->code;
			else
				copy_detail(d, f, NULL);
		} else if (strncmp(f->code, "com.input.", 10) == 0 ||
		           (strncmp(f->code, "com.", 4) == 0 && about_catalog(s, f))) {
			copy_detail(d, f, NULL);
		}
	}
}

/* Reads the model: machine registration, catalog classes, COMAdminCatalog. */
static void
survey(const diag_state *d, diag_survey *s)
{
	size_t i;
	memset(s, 0, sizeof *s);
	if (d->model == NULL)
		return;
	comscan_com_get_com3(d->model, &s->com3);
	s->clsids[s->nclsids++] = COMADMIN_CLSID;
	for (i = 0; i < comscan_com_class_count(d->model); i++) {
		const comscan_com_class *c = comscan_com_class_at(d->model, i);
		bool machine_view = strncmp(c->view, "HKEY_LOCAL_MACHINE", 18) == 0 ||
		                    strncmp(c->view, "HKEY_CLASSES_ROOT", 17) == 0;
		/* every machine registration counts, also one a per-user
		 * registration of the same CLSID overrides for its user */
		if (!machine_view)
			continue;
		if (diag_server_is(c->inproc_server, "ole32.dll") ||
		    diag_server_is(c->inproc_server, "combase.dll") ||
		    diag_server_is(c->inproc_server, "oleaut32.dll"))
			s->machine = true;
		if (strcmp(c->clsid, COMADMIN_CLSID) == 0)
			s->comadmin = true;
		if (diag_server_is(c->inproc_server, "clbcatq.dll")) {
			/* regsvr32 -u of the 64-bit DLL leaves the 32-bit
			 * registrations, and 64-bit callers still fail */
			if (c->wow64)
				s->catalog_wow64++;
			else
				s->catalog_classes++;
			if (s->nclsids < MAX_CATALOG_CLASSES + 1 &&
			    strcmp(s->clsids[s->nclsids - 1], c->clsid) != 0)
				s->clsids[s->nclsids++] = c->clsid;
		}
	}
}

/* The file list of the report. */
static void
list_items(diag_state *d)
{
	static const char *const names[DIAG_ROLE_COUNT] = { "setup-marker", "catalog-dll",
		"comadmin-dll", "software-hive", "catalog", "regdb-catalog" };
	static const diag_role order[] = { DIAG_MARKER, DIAG_CATDLL, DIAG_COMADMIN, DIAG_CATALOG,
		DIAG_REGDB, DIAG_SOFTWARE };
	size_t k, i;
	for (k = 0; k < sizeof order / sizeof order[0]; k++) {
		diag_role role = order[k];
		const diag_pick *p = &d->pick[role];
		if (role == DIAG_REGDB && (p->file == NULL || p->file == d->pick[DIAG_CATALOG].file))
			continue;
		if ((role == DIAG_COMADMIN || role == DIAG_SOFTWARE) && p->file == NULL)
			continue;
		if (role == DIAG_SOFTWARE && d->ndumps > 0)
			continue;
		add_item(d, names[role], p->path ? p->path : diag_expected_path(role), p->file,
		    p->report);
	}
	for (i = 0; i < d->ndumps; i++) {
		comscan_diag_file f = { d->dumps[i].name, d->dumps[i].data, d->dumps[i].size };
		add_item(d, "dump", d->dumps[i].name ? d->dumps[i].name : "(input)", &f, NULL);
	}
}

/* The registration rows (the SOFTWARE hive, or the dumps in input
 * order): corrupt when their parse raised an error.  The model reports
 * each input's parse findings together and in input order, so one pass
 * with a cursor over the rows finds each finding's row. */
static void
registry_verdicts(diag_state *d)
{
	const comscan_findings *fs = comscan_com_findings(d->model);
	size_t i, k = 0;
	while (k < d->nitems && strcmp(d->items[k].role, "software-hive") != 0 &&
	       strcmp(d->items[k].role, "dump") != 0)
		k++;
	for (i = 0; i < comscan_findings_count(fs) && k < d->nitems; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		size_t j;
		if (f->severity != COMSCAN_SEVERITY_ERROR || f->source == NULL ||
		    strncmp(f->code, "com.", 4) == 0 || strncmp(f->code, "core.", 5) == 0)
			continue;
		for (j = k; j < d->nitems && strcmp(f->source, d->items[j].path) != 0; j++)
			;
		if (j == d->nitems)
			continue;
		k = j;
		d->items[k].verdict = COMSCAN_VERDICT_CORRUPT;
	}
}

void
diag_run_rules(diag_state *d)
{
	static const image_codes catdll = { CS_DIAG_CATDLL_ZERO, CS_DIAG_CATDLL_TEXT,
		CS_DIAG_CATDLL_NOT_IMAGE, CS_DIAG_CATDLL_DAMAGED };
	static const image_codes comadmin = { CS_DIAG_COMADMIN_ZERO, CS_DIAG_COMADMIN_TEXT,
		CS_DIAG_COMADMIN_NOT_IMAGE, CS_DIAG_COMADMIN_DAMAGED };
	diag_survey s;
	survey(d, &s);
	rule_marker(d);
	if (d->pick[DIAG_CATDLL].file == NULL)
		emit(d, DIAG_CATDLL, CS_DIAG_CATDLL_MISSING, "clbcatq.dll does not exist");
	else
		check_image(d, DIAG_CATDLL, &catdll, "clbcatq.dll");
	if (d->model != NULL)
		copy_model_code(d, "com.com3.disabled");
	rule_catalogs(d, &s);
	rule_registration(d, &s);
	check_image(d, DIAG_COMADMIN, &comadmin, "comadmin.dll");
	if (d->model != NULL)
		copy_model_code(d, "com.com3.enabled-invalid");
	rule_registry_damage(d);
	rule_coverage(d, &s);
	d->conclusions = comscan_findings_count(d->ctx->findings);
	d->failing = comscan_findings_tally(d->ctx->findings, COMSCAN_SEVERITY_ERROR) > 0;
	copy_details(d, &s);
	list_items(d);
	if (d->model != NULL && !d->ctx->nomem)
		registry_verdicts(d);
}
