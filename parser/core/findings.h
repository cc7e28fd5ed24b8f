/*
 * findings.h - the one findings type, and the parse context every format
 * parser writes its findings through.
 *
 * A parser never prints and never stops at the first problem: it calls
 * cs_emit() and keeps going while it can do so safely.  Findings beyond
 * limits.max_findings are counted (severity tally, class mask, verdict) but
 * not kept; sealing the list appends one core.findings.limit-exceeded
 * finding that says how many were dropped.
 */
#ifndef COMSCAN_CORE_FINDINGS_H
#define COMSCAN_CORE_FINDINGS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"
#include "core/codes.h"

#if defined(__GNUC__) || defined(__clang__)
#define CS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CS_PRINTF(f, a)
#endif

/* State shared by one parse: allocator, limits, and the findings sink. */
typedef struct cs_ctx {
	const comscan_allocator *alloc; /* never NULL after cs_ctx_init        */
	comscan_limits limits;
	uint32_t flags;
	comscan_findings *findings;     /* owned until handed to a handle      */
	bool nomem;                     /* an allocation failed; abandon parse */
	const char *source;             /* input name stamped on findings, or NULL */
	const char *regf_mount;         /* comscan_options.regf_mount (borrowed) */
} cs_ctx;

/* Validates opts (NULL = defaults) and creates an empty findings list.
 * Returns COMSCAN_OK, COMSCAN_ERR_INVALID or COMSCAN_ERR_NOMEM. */
comscan_status cs_ctx_init(cs_ctx *ctx, const comscan_options *opts);
/* The common start of every public open/scan call: checks out and the
 * data pointer, sets *out to NULL, initialises ctx and allocates a zeroed
 * handle of handle_size bytes into *handle.  On any failure ctx holds
 * nothing and the status says why. */
comscan_status cs_ctx_open(cs_ctx *ctx, const void *data, size_t size, const comscan_options *opts,
    void *out, size_t handle_size, void **handle);
/* Frees what the context still owns (the findings unless taken). */
void cs_ctx_fini(cs_ctx *ctx);
/* Takes the findings list out of the context, sealed.  NULL on NOMEM. */
comscan_findings *cs_ctx_take_findings(cs_ctx *ctx);

/* Allocation through the context: NULL (and ctx->nomem set) on failure. */
void *cs_ctx_calloc(cs_ctx *ctx, size_t count, size_t elem);
void cs_ctx_free(cs_ctx *ctx, void *p);

/* Records finding `code` at input offset (COMSCAN_NO_OFFSET for none).
 * Returns false only when memory ran out (ctx->nomem is then set). */
bool cs_emit(cs_ctx *ctx, cs_code code, uint64_t offset, const char *fmt, ...) CS_PRINTF(4, 5);
/* The same with a 1-based text line and column (0 when unknown). */
bool cs_emit_at(cs_ctx *ctx, cs_code code, uint64_t offset, uint32_t line, uint32_t column,
    const char *fmt, ...) CS_PRINTF(6, 7);

/* cs_emit_at with a va_list. */
bool cs_emit_v(cs_ctx *ctx, cs_code code, uint64_t offset, uint32_t line, uint32_t column,
    const char *fmt, va_list ap) CS_PRINTF(6, 0);

/* Records a copy of finding src (kept with its severity, offsets and
 * message) under source, or under src->source when source is NULL.
 * Returns false only when memory ran out (ctx->nomem is then set). */
bool cs_emit_copy(cs_ctx *ctx, const comscan_finding *src, const char *source);

/* Makes the limit finding name max_findings (a caller that keeps more
 * than max_findings, as the diagnosis keeps its conclusions, says so). */
void cs_ctx_name_limit(cs_ctx *ctx, uint32_t max_findings);

/* Counts finding src as raised and dropped (a caller's own cap), as a
 * finding beyond max_findings is. */
void cs_emit_dropped(cs_ctx *ctx, const comscan_finding *src);

/* Frees a findings list (NULL is a no-op). */
void cs_findings_free(comscan_findings *f);

/* Writes n bytes of src into dst (capacity cap >= 1) as printable ASCII:
 * backslash becomes \\, '"' and non-printable bytes \xNN.  Always
 * NUL-terminates.  Output that does not fit is cut after the last whole
 * escape that leaves room for a trailing "..." (with cap < 4 it is empty).
 * Returns dst. */
char *cs_escape(char *dst, size_t cap, const uint8_t *src, size_t n);

#endif /* COMSCAN_CORE_FINDINGS_H */
