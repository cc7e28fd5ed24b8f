/*
 * metadata.c - runs the container checks in order: storage header and
 * stream directory, heaps, #Pdb, table stream.
 */
#include <string.h>

#include "clb/metadata.h"

void
clb_md_parse(cs_ctx *ctx, const cs_cursor *root, bool in_image, clb_md *md)
{
	memset(md, 0, sizeof *md);
	md->root = *root;
	md->in_image = in_image;
	for (int r = 0; r < CLB_ROLE_COUNT; r++)
		md->role_stream[r] = -1;
	clb_storage_parse(ctx, md);
	if (ctx->nomem || !md->has_root)
		return;
	clb_heaps_check(ctx, md);
	if (ctx->nomem)
		return;
	clb_pdb_parse(ctx, md);
	clb_tables_parse(ctx, md);
}

void
clb_md_free(cs_ctx *ctx, clb_md *md)
{
	cs_ctx_free(ctx, md->streams);
	cs_ctx_free(ctx, md->string_ok);
	md->streams = NULL;
	md->string_ok = NULL;
	md->nstreams = md->streams_cap = 0;
}
