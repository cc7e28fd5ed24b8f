/*
 * findings.c - the findings list: growth, limits, tallies and sealing.
 */
#include "core/findings.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/utf8.h"

/* A kept finding; message is an offset into the pool until sealed. */
typedef struct cs_finding_rec {
	comscan_finding pub;
	size_t msg_off;
	size_t src_off; /* SIZE_MAX: no source */
} cs_finding_rec;

struct comscan_findings {
	const comscan_allocator *alloc;
	uint32_t max_kept;
	uint32_t max_shown;  /* the limit the limit finding names */
	cs_finding_rec *items;
	size_t count, cap;
	char *pool; /* NUL-separated messages */
	size_t pool_len, pool_cap;
	size_t dropped;
	size_t tally[3]; /* by severity, kept and dropped */
	const char *last_source; /* the source whose copy is at last_source_off */
	size_t last_source_off;
	uint32_t classes;
	bool sealed;
};

static comscan_findings *
findings_new(const comscan_allocator *a, uint32_t max_kept)
{
	comscan_findings *f = cs_calloc(a, 1, sizeof *f);
	if (f == NULL)
		return NULL;
	f->alloc = a;
	f->max_kept = f->max_shown = max_kept;
	return f;
}

void
cs_findings_free(comscan_findings *f)
{
	if (f == NULL)
		return;
	cs_free(f->alloc, f->items);
	cs_free(f->alloc, f->pool);
	cs_free(f->alloc, f);
}

/* Appends msg (with its NUL) to the pool; stores its offset. */
static bool
pool_append(comscan_findings *f, const char *msg, size_t *off)
{
	size_t n = strlen(msg) + 1;
	if (n > SIZE_MAX - f->pool_len)
		return false;
	if (!cs_grow(f->alloc, (void **)&f->pool, &f->pool_cap, f->pool_len + n, 1))
		return false;
	memcpy(f->pool + f->pool_len, msg, n);
	*off = f->pool_len;
	f->pool_len += n;
	return true;
}

/* Keeps one finding; false on allocation failure (nothing changes). */
static bool
findings_keep(comscan_findings *f, const comscan_code_info *info, comscan_severity sev,
    uint64_t offset, uint32_t line, uint32_t column, const char *source, const char *msg)
{
	cs_finding_rec *r;
	size_t off, src = SIZE_MAX;
	if (!cs_grow(f->alloc, (void **)&f->items, &f->cap, f->count + 1, sizeof *f->items))
		return false;
	if (source != NULL) {
		/* consecutive findings of one input share one copy of its name */
		if (source != f->last_source) {
			if (!pool_append(f, source, &f->last_source_off))
				return false;
			f->last_source = source;
		}
		src = f->last_source_off;
	}
	if (!pool_append(f, msg, &off))
		return false;
	r = &f->items[f->count++];
	r->pub.code = info->code;
	r->pub.cls = info->cls;
	r->pub.severity = sev;
	r->pub.offset = offset;
	r->pub.line = line;
	r->pub.column = column;
	r->pub.hresult = info->hresult;
	r->pub.message = NULL;
	r->pub.info = info;
	r->pub.source = NULL;
	r->msg_off = off;
	r->src_off = src;
	return true;
}

/* Counts a finding in the tallies whether or not it is kept. */
static void
findings_count(comscan_findings *f, const comscan_code_info *info, comscan_severity sev)
{
	f->tally[sev]++;
	if (sev != COMSCAN_SEVERITY_NOTE)
		f->classes |= 1u << info->cls;
}

/* Replaces anything that is not printable ASCII with '?' (strspn skips
 * the printable runs: messages are mostly printable). */
static void
make_printable(char *s)
{
	static const char printable[] = CS_PRINTABLE_ASCII;
	for (s += strspn(s, printable); *s; s += strspn(s, printable))
		*s = '?';
}

bool
cs_emit_v(cs_ctx *ctx, cs_code code, uint64_t offset, uint32_t line, uint32_t column,
    const char *fmt, va_list ap)
{
	char msg[768];
	const comscan_code_info *info = cs_code_info(code);
	comscan_findings *f = ctx->findings;
	comscan_severity sev;
	int n;

	if (info == NULL || f == NULL || f->sealed)
		return true; /* internal misuse; never reached by input */
	sev = (ctx->flags & COMSCAN_FLAG_REG_COMPAT) ? info->compat_severity : info->severity;
	findings_count(f, info, sev);
	if (f->count >= f->max_kept) {
		f->dropped++;
		return true;
	}
	n = vsnprintf(msg, sizeof msg, fmt, ap);
	if (n < 0)
		strcpy(msg, info->code);
	else if ((size_t)n >= sizeof msg)
		memcpy(msg + sizeof msg - 4, "...", 4);
	make_printable(msg);
	if (!findings_keep(f, info, sev, offset, line, column, ctx->source, msg)) {
		ctx->nomem = true;
		return false;
	}
	return true;
}

void
cs_ctx_name_limit(cs_ctx *ctx, uint32_t max_findings)
{
	if (ctx->findings != NULL)
		ctx->findings->max_shown = max_findings;
}

void
cs_emit_dropped(cs_ctx *ctx, const comscan_finding *src)
{
	comscan_findings *f = ctx->findings;
	if (src == NULL || src->info == NULL || f == NULL || f->sealed)
		return; /* internal misuse; never reached by input */
	findings_count(f, src->info, src->severity);
	f->dropped++;
}

bool
cs_emit_copy(cs_ctx *ctx, const comscan_finding *src, const char *source)
{
	comscan_findings *f = ctx->findings;
	if (src == NULL || src->info == NULL || f == NULL || f->sealed)
		return true; /* internal misuse; never reached by input */
	findings_count(f, src->info, src->severity);
	if (f->count >= f->max_kept) {
		f->dropped++;
		return true;
	}
	/* the name is copied afresh: a pointer from another list may be reused */
	f->last_source = NULL;
	if (!findings_keep(f, src->info, src->severity, src->offset, src->line, src->column,
	        source ? source : src->source, src->message)) {
		ctx->nomem = true;
		return false;
	}
	return true;
}

bool
cs_emit(cs_ctx *ctx, cs_code code, uint64_t offset, const char *fmt, ...)
{
	va_list ap;
	bool ok;
	va_start(ap, fmt);
	ok = cs_emit_v(ctx, code, offset, 0, 0, fmt, ap);
	va_end(ap);
	return ok;
}

bool
cs_emit_at(cs_ctx *ctx, cs_code code, uint64_t offset, uint32_t line, uint32_t column,
    const char *fmt, ...)
{
	va_list ap;
	bool ok;
	va_start(ap, fmt);
	ok = cs_emit_v(ctx, code, offset, line, column, fmt, ap);
	va_end(ap);
	return ok;
}

/* Appends the limit finding when findings were dropped, then resolves
 * message offsets to pointers.  False on allocation failure. */
static bool
findings_seal(comscan_findings *f)
{
	size_t i;
	if (f->sealed)
		return true;
	if (f->dropped > 0) {
		const comscan_code_info *info = cs_code_info(CS_CORE_FINDINGS_LIMIT);
		char msg[160];
		snprintf(msg, sizeof msg,
		    "%zu further findings were counted but not kept (max_findings is %u)",
		    f->dropped, (unsigned)f->max_shown);
		if (!findings_keep(f, info, info->severity, COMSCAN_NO_OFFSET, 0, 0, NULL, msg))
			return false;
		findings_count(f, info, info->severity);
	}
	for (i = 0; i < f->count; i++) {
		f->items[i].pub.message = f->pool + f->items[i].msg_off;
		if (f->items[i].src_off != SIZE_MAX)
			f->items[i].pub.source = f->pool + f->items[i].src_off;
	}
	f->sealed = true;
	return true;
}

/* True for NULL or a key path of printable ASCII names joined by single
 * backslashes. */
static bool
mount_ok(const char *m)
{
	size_t i, comp = 0;
	if (m == NULL)
		return true;
	for (i = 0; m[i]; i++) {
		if (m[i] < 0x20 || m[i] > 0x7E)
			return false;
		if (m[i] == '\\') {
			if (comp == 0)
				return false;
			comp = 0;
		} else {
			comp++;
		}
	}
	return comp > 0 && i <= 1024;
}

comscan_status
cs_ctx_init(cs_ctx *ctx, const comscan_options *opts)
{
	comscan_options defaults;
	memset(ctx, 0, sizeof *ctx);
	if (opts == NULL) {
		comscan_options_init(&defaults);
		opts = &defaults;
	}
	if ((opts->flags & ~COMSCAN_FLAGS_ALL) != 0 || opts->limits.max_findings == 0 ||
	    opts->limits.max_streams == 0 || opts->limits.max_pe_sections == 0 ||
	    opts->limits.max_table_rows == 0 || opts->limits.max_key_depth == 0 ||
	    opts->limits.max_value_size == 0 || !mount_ok(opts->regf_mount))
		return COMSCAN_ERR_INVALID;
	if (opts->allocator != NULL &&
	    (opts->allocator->malloc_fn == NULL || opts->allocator->realloc_fn == NULL ||
		opts->allocator->free_fn == NULL))
		return COMSCAN_ERR_INVALID;
	ctx->alloc = cs_alloc_or_libc(opts->allocator);
	ctx->limits = opts->limits;
	ctx->flags = opts->flags;
	ctx->regf_mount = opts->regf_mount;
	ctx->findings = findings_new(ctx->alloc, opts->limits.max_findings);
	return ctx->findings ? COMSCAN_OK : COMSCAN_ERR_NOMEM;
}

comscan_status
cs_ctx_open(cs_ctx *ctx, const void *data, size_t size, const comscan_options *opts, void *out,
    size_t handle_size, void **handle)
{
	comscan_status st;
	if (out == NULL)
		return COMSCAN_ERR_INVALID;
	*(void **)out = NULL;
	if (data == NULL && size > 0)
		return COMSCAN_ERR_INVALID;
	st = cs_ctx_init(ctx, opts);
	if (st != COMSCAN_OK)
		return st;
	*handle = cs_ctx_calloc(ctx, 1, handle_size);
	if (*handle == NULL) {
		cs_ctx_fini(ctx);
		return COMSCAN_ERR_NOMEM;
	}
	return COMSCAN_OK;
}

void
cs_ctx_fini(cs_ctx *ctx)
{
	cs_findings_free(ctx->findings);
	ctx->findings = NULL;
}

comscan_findings *
cs_ctx_take_findings(cs_ctx *ctx)
{
	comscan_findings *f = ctx->findings;
	if (f == NULL || ctx->nomem || !findings_seal(f))
		return NULL;
	ctx->findings = NULL;
	return f;
}

void *
cs_ctx_calloc(cs_ctx *ctx, size_t count, size_t elem)
{
	void *p = cs_calloc(ctx->alloc, count, elem);
	if (p == NULL)
		ctx->nomem = true;
	return p;
}

void
cs_ctx_free(cs_ctx *ctx, void *p)
{
	cs_free(ctx->alloc, p);
}

char *
cs_escape(char *dst, size_t cap, const uint8_t *src, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, mark = 0, i;
	for (i = 0; i < n; i++) {
		uint8_t b = src[i];
		char piece[4];
		size_t len;
		if (b == '\\') {
			piece[0] = '\\', piece[1] = '\\', len = 2;
		} else if (b >= 0x20 && b < 0x7F && b != '"') {
			piece[0] = (char)b, len = 1;
		} else {
			piece[0] = '\\', piece[1] = 'x';
			piece[2] = hex[b >> 4], piece[3] = hex[b & 15], len = 4;
		}
		if (len >= cap - o) {
			/* does not fit: cut at the last whole piece that leaves room
			 * for the "..." mark (nothing fits below 4 bytes) */
			if (cap >= 4)
				memcpy(dst + mark, "...", 4);
			else
				dst[0] = '\0';
			return dst;
		}
		memcpy(dst + o, piece, len);
		o += len;
		if (cap >= 4 && o <= cap - 4)
			mark = o;
	}
	dst[o] = '\0';
	return dst;
}

/* ---- public accessors ---------------------------------------------------- */

size_t
comscan_findings_count(const comscan_findings *f)
{
	return f ? f->count : 0;
}

const comscan_finding *
comscan_findings_at(const comscan_findings *f, size_t i)
{
	if (f == NULL || i >= f->count || !f->sealed)
		return NULL;
	return &f->items[i].pub;
}

uint32_t
comscan_findings_classes(const comscan_findings *f)
{
	return f ? f->classes : 0;
}

comscan_verdict
comscan_findings_verdict(const comscan_findings *f)
{
	if (f == NULL || f->tally[COMSCAN_SEVERITY_ERROR] == 0)
		return COMSCAN_VERDICT_HEALTHY;
	return COMSCAN_VERDICT_CORRUPT;
}

size_t
comscan_findings_tally(const comscan_findings *f, comscan_severity severity)
{
	if (f == NULL || (unsigned)severity > COMSCAN_SEVERITY_ERROR)
		return 0;
	return f->tally[severity];
}

void
comscan_options_init(comscan_options *opts)
{
	memset(opts, 0, sizeof *opts);
	opts->allocator = NULL;
	opts->limits.max_findings = COMSCAN_DEFAULT_MAX_FINDINGS;
	opts->limits.max_streams = COMSCAN_DEFAULT_MAX_STREAMS;
	opts->limits.max_pe_sections = COMSCAN_DEFAULT_MAX_PE_SECTIONS;
	opts->limits.max_table_rows = COMSCAN_DEFAULT_MAX_TABLE_ROWS;
	opts->limits.max_key_depth = COMSCAN_DEFAULT_MAX_KEY_DEPTH;
	opts->limits.max_value_size = COMSCAN_DEFAULT_MAX_VALUE_SIZE;
	opts->flags = 0;
}
