/*
 * detect.h - kind detection by content (never by file name).
 */
#ifndef COMSCAN_SCAN_DETECT_H
#define COMSCAN_SCAN_DETECT_H

#include <stdbool.h>

#include "comscan/comscan.h"
#include "core/cursor.h"

/* The kind of the bytes in c. */
comscan_kind cs_detect(const cs_cursor *c);
/* True when c starts with a metadata-root signature ("BSJB" or "COM+"),
 * or is shorter than four bytes and a prefix of "BSJB". */
bool cs_detect_clb_signature(const cs_cursor *c);
/* True when c starts with "MZ". */
bool cs_detect_mz(const cs_cursor *c);

#endif /* COMSCAN_SCAN_DETECT_H */
