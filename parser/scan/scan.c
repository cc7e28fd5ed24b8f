/*
 * scan.c - comscan_scan_buffer: detect the kind, run its parser, keep the
 * findings in a report that does not refer to the input.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "regf/regf.h"
#include "regtext/regtext.h"
#include "scan/container.h"
#include "scan/detect.h"
#include "scan/scan.h"

struct comscan_report {
	const comscan_allocator *alloc;
	comscan_kind kind;
	comscan_findings *findings;
};

/* Text placeholder: name the encoding and quote the start of line one. */
static void
report_text(cs_ctx *ctx, const cs_cursor *c)
{
	uint8_t head[48] = { 0 }, next = 0;
	char shown[200];
	size_t n = 0, skip = 0;
	bool cut;
	if (cs_cur_equals_at(c, 0, "\xFF\xFE", 2)) {
		cs_emit(ctx, CS_SCAN_TEXT_PLACEHOLDER, 0,
		    "%zu bytes of UTF-16LE text instead of a binary file", c->size);
		return;
	}
	if (cs_cur_equals_at(c, 0, "\xEF\xBB\xBF", 3))
		skip = 3;
	while (n < sizeof head && cs_cur_u8_at(c, skip + n, &head[n]) && head[n] != '\r' &&
	    head[n] != '\n')
		n++;
	cut = cs_cur_u8_at(c, skip + n, &next) && next != '\r' && next != '\n';
	cs_escape(shown, sizeof shown, head, n);
	cs_emit(ctx, CS_SCAN_TEXT_PLACEHOLDER, 0,
	    "%zu bytes of text instead of a binary file; first line: \"%s%s\"", c->size, shown,
	    cut ? "..." : "");
}

/* Unknown content: show the first bytes in hex. */
static void
report_unknown(cs_ctx *ctx, const cs_cursor *c)
{
	char hex[3 * 8 + 1];
	size_t i, o = 0;
	uint8_t b;
	for (i = 0; i < 8 && cs_cur_u8_at(c, i, &b); i++)
		o += (size_t)snprintf(hex + o, sizeof hex - o, "%s%02x", i ? " " : "", b);
	hex[o] = '\0';
	cs_emit(ctx, CS_SCAN_UNKNOWN_SIGNATURE, 0,
	    "%zu bytes with no known signature and not text; first bytes: %s", c->size, hex);
}

static bool
null_key(void *arg, const uint16_t *units, const rt_comp *comps, size_t ncomps, bool del,
    cs_regsource src)
{
	(void)arg, (void)units, (void)comps, (void)ncomps, (void)del, (void)src;
	return true;
}

static bool
null_value(void *arg, const uint16_t *name, size_t nlen, bool del, uint32_t type,
    const uint8_t *data, size_t size, cs_regsource src)
{
	(void)arg, (void)name, (void)nlen, (void)del, (void)type, (void)data, (void)size, (void)src;
	return true;
}

void
cs_scan_kind(cs_ctx *ctx, comscan_kind kind, const cs_cursor *c)
{
	cs_container container;
	switch (kind) {
	case COMSCAN_KIND_EMPTY:
		cs_emit(ctx, CS_SCAN_ZERO_BYTES, COMSCAN_NO_OFFSET, "file is empty (0 bytes)");
		break;
	case COMSCAN_KIND_TEXT:
		report_text(ctx, c);
		break;
	case COMSCAN_KIND_CLB:
	case COMSCAN_KIND_PE:
		cs_container_parse(ctx, c, &container);
		cs_container_free(ctx, &container);
		break;
	case COMSCAN_KIND_REGF: {
		/* the whole walk, nothing kept: a map of the cells and the stack */
		regf_visitor v = { NULL, false, NULL, NULL };
		regf_walk(ctx, c, &v);
		break;
	}
	case COMSCAN_KIND_REG: {
		/* scan streams: the operations go nowhere, memory stays flat */
		rt_sink sink = { NULL, null_key, null_value };
		regtext_parse(ctx, c, &sink);
		break;
	}
	default:
		report_unknown(ctx, c);
		break;
	}
}

comscan_report *
cs_report_from(cs_ctx *ctx, comscan_kind kind)
{
	comscan_report *r = cs_ctx_calloc(ctx, 1, sizeof *r);
	if (r != NULL) {
		r->alloc = ctx->alloc;
		r->kind = kind;
		r->findings = cs_ctx_take_findings(ctx);
		if (r->findings == NULL) {
			cs_ctx_free(ctx, r);
			r = NULL;
		}
	}
	cs_ctx_fini(ctx);
	return r;
}

/* comscan_scan_buffer, and the logs of a hive when with_logs is set. */
static comscan_status
scan(const void *data, size_t size, const comscan_buffer *logs, size_t nlogs, bool with_logs,
    const comscan_options *opts, comscan_report **out)
{
	comscan_report *r;
	cs_ctx ctx;
	cs_cursor c;
	size_t i;
	comscan_status st;
	if (out != NULL)
		*out = NULL;
	if (logs == NULL && nlogs > 0)
		return COMSCAN_ERR_INVALID;
	for (i = 0; i < nlogs; i++)
		if (logs[i].data == NULL && logs[i].size > 0)
			return COMSCAN_ERR_INVALID;
	st = cs_ctx_open(&ctx, data, size, opts, out, sizeof *r, (void **)&r);
	if (st != COMSCAN_OK)
		return st;
	cs_cur_init(&c, data, size);
	r->alloc = ctx.alloc;
	r->kind = cs_detect(&c);
	cs_scan_kind(&ctx, r->kind, &c);
	if (r->kind == COMSCAN_KIND_REGF && with_logs)
		regf_check_logs(&ctx, &c, logs, nlogs);
	r->findings = cs_ctx_take_findings(&ctx);
	if (r->findings == NULL) {
		cs_ctx_free(&ctx, r);
		cs_ctx_fini(&ctx);
		return COMSCAN_ERR_NOMEM;
	}
	*out = r;
	return COMSCAN_OK;
}

comscan_kind
comscan_report_kind(const comscan_report *r)
{
	return r ? r->kind : COMSCAN_KIND_UNKNOWN;
}

const comscan_findings *
comscan_report_findings(const comscan_report *r)
{
	return r ? r->findings : NULL;
}

void
comscan_report_close(comscan_report *r)
{
	if (r == NULL)
		return;
	cs_findings_free(r->findings);
	cs_free(r->alloc, r);
}

comscan_status
comscan_scan_buffer(const void *data, size_t size, const comscan_options *opts,
    comscan_report **out)
{
	return scan(data, size, NULL, 0, false, opts, out);
}

comscan_status
comscan_scan_hive(const void *data, size_t size, const comscan_buffer *logs, size_t nlogs,
    const comscan_options *opts, comscan_report **out)
{
	return scan(data, size, logs, nlogs, true, opts, out);
}
