/*
 * out.h - a small buffer in front of a caller's comscan_sink, shared by
 * every renderer (text, JSON, TSV, .reg).  The first sink error stops all
 * later writes and is kept in err.
 */
#ifndef COMSCAN_REPORT_OUT_H
#define COMSCAN_REPORT_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"
#include "core/findings.h"

typedef struct out {
	comscan_sink sink;
	void *ctx;
	int err;
	size_t len;
	char buf[4096];
} out;

void out_init(out *o, comscan_sink sink, void *ctx);
void out_flush(out *o);
void out_write(out *o, const char *s, size_t n);
void out_str(out *o, const char *s);
void out_fmt(out *o, const char *fmt, ...) CS_PRINTF(2, 3);
/* Writes s as a JSON string literal (see render.c for the escaping). */
void out_json_string(out *o, const char *s);
/* Writes s with control characters escaped as \xNN (for text reports). */
void out_text(out *o, const char *s);

#endif /* COMSCAN_REPORT_OUT_H */
