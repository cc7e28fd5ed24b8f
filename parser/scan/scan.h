/*
 * scan.h - the dispatch from a detected kind to its parser.
 */
#ifndef COMSCAN_SCAN_SCAN_H
#define COMSCAN_SCAN_SCAN_H

#include "comscan/comscan.h"
#include "core/cursor.h"
#include "core/findings.h"

/* Runs the parser for kind over c, as `scan` does; findings go to ctx. */
void cs_scan_kind(cs_ctx *ctx, comscan_kind kind, const cs_cursor *c);
/* A report of kind holding the findings taken from ctx (which is then
 * finished); NULL when memory ran out (ctx finished too). */
comscan_report *cs_report_from(cs_ctx *ctx, comscan_kind kind);

#endif /* COMSCAN_SCAN_SCAN_H */
