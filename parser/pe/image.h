/*
 * image.h - internal interface of the PE/COFF image parser: header
 * validation and the location of CLI metadata (ECMA-335 II.25).
 */
#ifndef COMSCAN_PE_IMAGE_H
#define COMSCAN_PE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"
#include "core/cursor.h"
#include "core/findings.h"

typedef struct pe_image {
	bool is_pe;                    /* a PE signature was found; info is set */
	comscan_pe_info info;
	comscan_pe_section *sections;  /* the section headers that were parsed  */
	size_t nsections;
	uint32_t file_alignment, section_alignment;
	size_t cli_dir_off;            /* file offset of data directory 14      */
	bool has_metadata;             /* metadata lies inside one section      */
	cs_cursor metadata;            /* window over the CLI metadata          */
} pe_image;

/* Validates the image headers in file and locates its CLI metadata.
 * Findings go to ctx; on ctx->nomem the image is incomplete. */
void pe_image_parse(cs_ctx *ctx, const cs_cursor *file, pe_image *img);
/* Frees what pe_image_parse allocated. */
void pe_image_free(cs_ctx *ctx, pe_image *img);

#endif /* COMSCAN_PE_IMAGE_H */
