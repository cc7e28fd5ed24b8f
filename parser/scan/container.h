/*
 * container.h - a CLI metadata container: a stand-alone metadata root
 * (.clb) or a PE image that may embed one.  Sits above pe/ and clb/.
 */
#ifndef COMSCAN_SCAN_CONTAINER_H
#define COMSCAN_SCAN_CONTAINER_H

#include "clb/metadata.h"
#include "pe/image.h"

typedef struct cs_container {
	comscan_kind kind; /* COMSCAN_KIND_CLB, _PE or _UNKNOWN */
	pe_image pe;       /* valid when kind is PE             */
	clb_md md;         /* valid when has_md                 */
	bool has_md;
} cs_container;

/* Parses file as a PE ("MZ") or as a metadata root (anything else). */
void cs_container_parse(cs_ctx *ctx, const cs_cursor *file, cs_container *out);
void cs_container_free(cs_ctx *ctx, cs_container *c);

#endif /* COMSCAN_SCAN_CONTAINER_H */
