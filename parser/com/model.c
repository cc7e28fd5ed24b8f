/*
 * model.c - the comscan_com handle: reads each input dump into a tree,
 * collects its registrations, resolves them, and keeps a read-only view
 * whose strings all live in one arena the handle owns.
 */
#include <stdlib.h>
#include <string.h>

#include "com/model.h"
#include "core/ucase.h"
#include "core/alloc.h"
#include "core/memtree.h"
#include "regf/regf.h"
#include "regtext/regtext.h"
#include "scan/detect.h"
#include "scan/scan.h"

struct comscan_com {
	cs_ctx ctx;
	comscan_findings *findings;
	char *arena;                 /* every string of the model        */
	comscan_com_class *classes;  /* sorted by CLSID                  */
	size_t nclasses;
	com_progid *progids;         /* sorted by name (name_str valid)  */
	size_t nprogids;
	comscan_com3 com3;
};

size_t
com_intern(com_model *m, const char *s)
{
	size_t n = strlen(s) + 1, off = m->arena_len;
	if (n > SIZE_MAX - m->arena_len ||
	    !cs_grow(m->ctx->alloc, (void **)&m->arena, &m->arena_cap, m->arena_len + n, 1)) {
		m->ctx->nomem = true;
		return COM_NONE;
	}
	memcpy(m->arena + off, s, n);
	m->arena_len += n;
	return off;
}

void
com_source(com_model *m, uint32_t input)
{
	m->ctx->source = m->inputs[input].name ? m->inputs[input].name : "(input)";
}

/* Reads one input and collects its registrations. */
static void
add_input(com_model *m, uint32_t i)
{
	const comscan_com_input *in = &m->inputs[i];
	cs_cursor c;
	comscan_kind kind;
	cs_memtree *mt;
	cs_regtree t;
	com_source(m, i);
	cs_cur_init(&c, in->data, in->size);
	kind = cs_detect(&c);
	if (kind != COMSCAN_KIND_REG && kind != COMSCAN_KIND_REGF) {
		cs_scan_kind(m->ctx, kind, &c);
		cs_emit(m->ctx, CS_COM_INPUT_NOT_REGISTRY, COMSCAN_NO_OFFSET,
		    "input of kind %s holds no registrations", comscan_kind_name(kind));
		return;
	}
	mt = kind == COMSCAN_KIND_REG ? regtext_load(m->ctx, &c) : regf_load(m->ctx, &c);
	if (mt == NULL)
		return;
	t = cs_memtree_regtree(mt);
	com_collect(m, &t, i);
	cs_memtree_free(mt);
}

static const char *
str_or_null(const com_model *m, size_t off)
{
	return off == COM_NONE ? NULL : m->arena + off;
}

/* The public class view, pointing into the (now final) arena. */
static bool
publish(com_model *m, comscan_com *h)
{
	size_t i;
	h->classes = cs_ctx_calloc(m->ctx, m->nclasses ? m->nclasses : 1, sizeof *h->classes);
	if (h->classes == NULL)
		return false;
	for (i = 0; i < m->nclasses; i++) {
		const com_class *c = &m->classes[i];
		comscan_com_class *p = &h->classes[i];
		p->clsid = str_or_null(m, c->str[COM_S_CLSID]);
		p->view = str_or_null(m, c->str[COM_S_VIEW]);
		p->wow64 = c->wow64;
		p->effective = c->effective;
		p->name = str_or_null(m, c->str[COM_S_NAME]);
		p->inproc_server = str_or_null(m, c->str[COM_S_INPROC]);
		p->threading_model = str_or_null(m, c->str[COM_S_THREADING]);
		p->inproc_handler = str_or_null(m, c->str[COM_S_HANDLER]);
		p->local_server = str_or_null(m, c->str[COM_S_LOCAL]);
		p->progid = str_or_null(m, c->str[COM_S_PROGID]);
		p->version_independent_progid = str_or_null(m, c->str[COM_S_VIPROGID]);
		p->appid = str_or_null(m, c->str[COM_S_APPID]);
		p->typelib = str_or_null(m, c->str[COM_S_TYPELIB]);
		p->treat_as = str_or_null(m, c->str[COM_S_TREATAS]);
		p->source = str_or_null(m, c->str[COM_S_SOURCE]);
	}
	h->nclasses = m->nclasses;
	h->com3 = m->com3;
	h->com3.source = str_or_null(m, m->com3_source);
	h->com3.microsoft_present = m->microsoft;
	return true;
}

/* Frees the collection state; the arena and ProgIDs too unless kept. */
static void
model_free(com_model *m, bool keep)
{
	cs_ctx_free(m->ctx, m->classes);
	cs_ctx_free(m->ctx, m->appids);
	cs_ctx_free(m->ctx, m->ifaces);
	cs_ctx_free(m->ctx, m->typelibs);
	cs_ctx_free(m->ctx, m->units);
	cs_ctx_free(m->ctx, m->bytes);
	cs_sb_free(&m->sb);
	if (!keep) {
		cs_ctx_free(m->ctx, m->arena);
		cs_ctx_free(m->ctx, m->progids);
	}
}

comscan_status
comscan_com_build(const comscan_com_input *inputs, size_t n, const comscan_options *opts,
    comscan_com **out)
{
	comscan_com *h;
	com_model m;
	cs_ctx ctx;
	comscan_status st;
	size_t i;
	if (out != NULL)
		*out = NULL;
	if (inputs == NULL && n > 0)
		return COMSCAN_ERR_INVALID;
	for (i = 0; i < n; i++)
		if (inputs[i].data == NULL && inputs[i].size > 0)
			return COMSCAN_ERR_INVALID;
	st = cs_ctx_open(&ctx, NULL, 0, opts, out, sizeof *h, (void **)&h);
	if (st != COMSCAN_OK)
		return st;
	memset(&m, 0, sizeof m);
	m.ctx = &ctx;
	m.inputs = inputs;
	m.com3_source = COM_NONE;
	cs_sb_init(&m.sb, ctx.alloc);
	for (i = 0; i < n && i < UINT32_MAX && !ctx.nomem; i++)
		add_input(&m, (uint32_t)i);
	if (!ctx.nomem)
		com_resolve(&m);
	ctx.source = NULL;
	if (!ctx.nomem && publish(&m, h))
		h->findings = cs_ctx_take_findings(&ctx);
	if (h->findings == NULL) {
		model_free(&m, false);
		cs_ctx_free(&ctx, h->classes);
		cs_ctx_free(&ctx, h);
		cs_ctx_fini(&ctx);
		return COMSCAN_ERR_NOMEM;
	}
	h->arena = m.arena;
	h->progids = m.progids;
	h->nprogids = m.nprogids;
	model_free(&m, true);
	h->ctx = ctx;
	*out = h;
	return COMSCAN_OK;
}

void
comscan_com_close(comscan_com *model)
{
	cs_ctx ctx;
	if (model == NULL)
		return;
	ctx = model->ctx;
	cs_findings_free(model->findings);
	cs_ctx_free(&ctx, model->arena);
	cs_ctx_free(&ctx, model->classes);
	cs_ctx_free(&ctx, model->progids);
	cs_ctx_free(&ctx, model);
	cs_ctx_fini(&ctx);
}

const comscan_findings *
comscan_com_findings(const comscan_com *model)
{
	return model ? model->findings : NULL;
}

size_t
comscan_com_class_count(const comscan_com *model)
{
	return model ? model->nclasses : 0;
}

const comscan_com_class *
comscan_com_class_at(const comscan_com *model, size_t i)
{
	return model && i < model->nclasses ? &model->classes[i] : NULL;
}

const comscan_com_class *
comscan_com_class_find(const comscan_com *model, const char *clsid)
{
	char id[CS_GUID_LEN + 1];
	size_t lo = 0, hi, i;
	const comscan_com_class *other = NULL;
	if (model == NULL || clsid == NULL || !cs_guid_parse_str(clsid, id))
		return NULL;
	hi = model->nclasses;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(model->classes[mid].clsid, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < model->nclasses && strcmp(model->classes[i].clsid, id) == 0; i++) {
		if (!model->classes[i].effective)
			continue;
		if (!model->classes[i].wow64)
			return &model->classes[i];
		other = &model->classes[i];
	}
	return other;
}

const comscan_com_class *
comscan_com_progid_find(const comscan_com *model, const char *progid)
{
	const com_progid *p;
	if (model == NULL || progid == NULL)
		return NULL;
	p = com_progid_lookup(model->progids, model->nprogids, progid, false);
	return p ? comscan_com_class_find(model, p->clsid) : NULL;
}

void
comscan_com_get_com3(const comscan_com *model, comscan_com3 *out)
{
	memset(out, 0, sizeof *out);
	if (model != NULL)
		*out = model->com3;
}
