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

#endif /* COMSCAN_SCAN_SCAN_H */
