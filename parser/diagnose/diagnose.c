/*
 * diagnose.c - the comscan_diagnosis handle: finds the files of a Windows
 * directory the diagnosis reads (files.c), builds the COM model from the
 * dumps or the SOFTWARE hive, runs the rules (rules.c) and keeps their
 * findings and the list of files read.  Inputs are not kept.
 */
#include <string.h>

#include "core/alloc.h"
#include "diagnose/diagnose.h"

struct comscan_diagnosis {
	cs_ctx ctx;
	comscan_findings *findings;
	bool failing;        /* an error conclusion was raised        */
	size_t cause;        /* index of the first error conclusion, or
	                        SIZE_MAX                               */
	comscan_diag_item *items;
	char **item_paths;   /* items[i].path, owned */
	size_t nitems;
};

/* Where the SOFTWARE hive is mounted in the COM model. */
static const char software_mount[] = "HKEY_LOCAL_MACHINE\\SOFTWARE";

/* Whether the caller's arrays are usable. */
static bool
inputs_valid(const comscan_diag_file *files, size_t n, const comscan_com_input *dumps,
    size_t ndumps)
{
	size_t i;
	if ((files == NULL && n > 0) || (dumps == NULL && ndumps > 0))
		return false;
	for (i = 0; i < n; i++)
		if (files[i].path == NULL || (files[i].data == NULL && files[i].size > 0))
			return false;
	for (i = 0; i < ndumps; i++)
		if (dumps[i].data == NULL && dumps[i].size > 0)
			return false;
	return true;
}

/* Builds the COM model from the dumps, or else from the SOFTWARE hive. */
static void
build_model(diag_state *d)
{
	comscan_options opts;
	comscan_com_input hive;
	const diag_pick *p = &d->pick[DIAG_SOFTWARE];
	comscan_status st;
	if (d->ndumps > 0) {
		st = comscan_com_build(d->dumps, d->ndumps, d->opts, &d->model);
	} else if (p->file != NULL) {
		if (d->opts)
			opts = *d->opts;
		else
			comscan_options_init(&opts);
		opts.regf_mount = software_mount;
		hive.data = p->file->data;
		hive.size = p->file->size;
		hive.name = p->path;
		st = comscan_com_build(&hive, 1, &opts, &d->model);
	} else {
		return;
	}
	if (st != COMSCAN_OK)
		d->ctx->nomem = true;
}

/* Copies the path of every file found (findings and items name it). */
static void
copy_paths(diag_state *d)
{
	int role;
	for (role = 0; role < DIAG_ROLE_COUNT; role++) {
		diag_pick *p = &d->pick[role];
		if (p->file == NULL || d->ctx->nomem)
			continue;
		p->path = cs_strdup(d->ctx->alloc, p->file->path);
		if (p->path == NULL)
			d->ctx->nomem = true;
	}
}

/* Finds the files, builds the model, finds REGDBVersion's catalog. */
static void
gather(diag_state *d)
{
	comscan_com3 com3;
	uint64_t regdb = 0;
	int k;
	diag_find_files(d);
	copy_paths(d);
	if (!d->ctx->nomem)
		build_model(d);
	if (d->model == NULL)
		return;
	comscan_com_get_com3(d->model, &com3);
	if (!com3.has_regdb_version)
		return;
	for (k = 7; k >= 0; k--)
		regdb = regdb << 8 | com3.regdb_version[k];
	diag_find_regdb(d, regdb);
	if (d->pick[DIAG_REGDB].file != NULL) {
		d->pick[DIAG_REGDB].path = cs_strdup(d->ctx->alloc, d->pick[DIAG_REGDB].file->path);
		if (d->pick[DIAG_REGDB].path == NULL)
			d->ctx->nomem = true;
	}
}

/* Frees what the state holds; the items too unless kept. */
static void
state_free(diag_state *d, bool keep_items)
{
	int role;
	size_t i;
	for (role = 0; role < DIAG_ROLE_COUNT; role++) {
		comscan_report_close(d->pick[role].report);
		cs_ctx_free(d->ctx, d->pick[role].path);
	}
	comscan_com_close(d->model);
	if (!keep_items) {
		for (i = 0; i < d->nitems; i++)
			cs_ctx_free(d->ctx, d->item_paths[i]);
		cs_ctx_free(d->ctx, d->item_paths);
		cs_ctx_free(d->ctx, d->items);
	}
}

comscan_status
comscan_diagnose(const comscan_diag_file *files, size_t n, const comscan_com_input *dumps,
    size_t ndumps, const comscan_options *opts, comscan_diagnosis **out)
{
	comscan_diagnosis *h;
	comscan_options own;
	diag_state d;
	cs_ctx ctx;
	comscan_status st;
	size_t i;
	if (out != NULL)
		*out = NULL;
	if (!inputs_valid(files, n, dumps, ndumps))
		return COMSCAN_ERR_INVALID;
	/* room for the conclusions beyond max_findings (diagnose.h) */
	if (opts != NULL)
		own = *opts;
	else
		comscan_options_init(&own);
	memset(&d, 0, sizeof d);
	d.max_details = own.limits.max_findings;
	if (own.limits.max_findings > 0)
		own.limits.max_findings = own.limits.max_findings > UINT32_MAX - DIAG_MAX_CONCLUSIONS
		                              ? UINT32_MAX
		                              : own.limits.max_findings + DIAG_MAX_CONCLUSIONS;
	st = cs_ctx_open(&ctx, NULL, 0, &own, out, sizeof *h, (void **)&h);
	if (st != COMSCAN_OK)
		return st;
	cs_ctx_name_limit(&ctx, d.max_details);
	d.ctx = &ctx;
	d.opts = opts;
	d.files = files;
	d.nfiles = n;
	d.dumps = dumps;
	d.ndumps = ndumps;
	gather(&d);
	if (!ctx.nomem)
		diag_run_rules(&d);
	if (!ctx.nomem)
		h->findings = cs_ctx_take_findings(&ctx);
	if (h->findings == NULL) {
		state_free(&d, false);
		cs_ctx_free(&ctx, h);
		cs_ctx_fini(&ctx);
		return COMSCAN_ERR_NOMEM;
	}
	h->items = d.items;
	h->item_paths = d.item_paths;
	h->nitems = d.nitems;
	h->failing = d.failing;
	h->cause = SIZE_MAX;
	for (i = 0; i < d.conclusions && h->cause == SIZE_MAX; i++)
		if (comscan_findings_at(h->findings, i)->severity == COMSCAN_SEVERITY_ERROR)
			h->cause = i;
	state_free(&d, true);
	h->ctx = ctx;
	*out = h;
	return COMSCAN_OK;
}

void
comscan_diagnosis_close(comscan_diagnosis *h)
{
	cs_ctx ctx;
	size_t i;
	if (h == NULL)
		return;
	ctx = h->ctx;
	cs_findings_free(h->findings);
	for (i = 0; i < h->nitems; i++)
		cs_ctx_free(&ctx, h->item_paths[i]);
	cs_ctx_free(&ctx, h->item_paths);
	cs_ctx_free(&ctx, h->items);
	cs_ctx_free(&ctx, h);
	cs_ctx_fini(&ctx);
}

const comscan_findings *
comscan_diagnosis_findings(const comscan_diagnosis *h)
{
	return h ? h->findings : NULL;
}

int
comscan_diagnosis_failing(const comscan_diagnosis *h)
{
	return h != NULL && h->failing;
}

const comscan_finding *
comscan_diagnosis_cause(const comscan_diagnosis *h)
{
	return h != NULL && h->cause != SIZE_MAX ? comscan_findings_at(h->findings, h->cause) : NULL;
}

size_t
comscan_diagnosis_item_count(const comscan_diagnosis *h)
{
	return h ? h->nitems : 0;
}

const comscan_diag_item *
comscan_diagnosis_item_at(const comscan_diagnosis *h, size_t i)
{
	return h && i < h->nitems ? &h->items[i] : NULL;
}
