/*
 * metadata.h - internal model of one decoded metadata container (the
 * BSJB metadata root of ECMA-335 II.24.2.1, stand-alone or inside a PE).
 *
 * clb_md_parse() runs every check eagerly and records findings in the
 * context; the model it leaves behind is what the dump and the cell
 * accessor read.  All input is read through the cursors stored here.
 */
#ifndef COMSCAN_CLB_METADATA_H
#define COMSCAN_CLB_METADATA_H

#include <stdbool.h>
#include <stdint.h>

#include "clb/schema.h"
#include "core/cursor.h"
#include "core/findings.h"

/* What a stream is used for, decided from its name (II.24.2.2). */
typedef enum clb_role {
	CLB_ROLE_UNKNOWN = 0,
	CLB_ROLE_TABLES,       /* #~ compressed table stream                 */
	CLB_ROLE_TABLES_UNCOMP,/* #- uncompressed (EnC) table stream         */
	CLB_ROLE_STRINGS,      /* #Strings                                   */
	CLB_ROLE_US,           /* #US                                        */
	CLB_ROLE_BLOB,         /* #Blob                                      */
	CLB_ROLE_GUID,         /* #GUID                                      */
	CLB_ROLE_SCHEMA,       /* #Schema (complib, not interpreted)         */
	CLB_ROLE_JTD,          /* #JTD (minimal EnC delta marker)            */
	CLB_ROLE_PDB,          /* #Pdb (Portable PDB)                        */
	CLB_ROLE_COUNT
} clb_role;

typedef struct clb_stream {
	char name[32];     /* raw name bytes up to the NUL (at most 31)       */
	char shown[132];   /* name escaped for messages and the dump          */
	uint32_t offset;   /* from the metadata root, as declared             */
	uint32_t size;     /* as declared                                     */
	uint64_t hdr_abs;  /* file offset of this stream header               */
	uint8_t role;      /* clb_role                                        */
	bool in_bounds;    /* [offset, offset + size) lies inside the root    */
	bool used;         /* selected for its role                           */
} clb_stream;

/* A heap: present when a usable stream holds it. */
typedef struct clb_heap {
	bool present;
	cs_cursor cur; /* window over the heap bytes */
} clb_heap;

/* Layout of one table under the sizes of this image. */
typedef struct clb_table {
	const clb_table_schema *schema; /* NULL: not defined for this image   */
	uint32_t rows;
	uint32_t row_size;
	uint8_t col_width[CLB_MAX_COLS];
	uint8_t col_offset[CLB_MAX_COLS];
	uint64_t start;   /* offset of row 1 in the table stream               */
	bool present;     /* Valid bit set                                     */
	bool sized;       /* schema known and located (row_size/start valid)   */
	bool readable;    /* every row lies inside the table stream           */
} clb_table;

typedef struct clb_md {
	cs_cursor root;        /* the metadata, from the BSJB signature on       */
	bool in_image;         /* inside a PE: image rules; else complib rules   */
	bool has_root;         /* a BSJB signature was found                     */

	uint16_t major, minor; /* storage signature version                       */
	char version[1028];    /* escaped version string                          */
	uint8_t flags;         /* storage header flags                            */
	uint32_t extra_size;   /* STGHDR_EXTRADATA byte count                     */
	size_t header_end;     /* end of the last stream header, from the root    */

	clb_stream *streams;   /* stream headers in file order                    */
	size_t nstreams, streams_cap;
	int role_stream[CLB_ROLE_COUNT]; /* index of the used stream, or -1       */

	clb_heap strings, us, blob, guid;
	uint8_t *string_ok;    /* bit i: a valid string starts at #Strings[i]     */
	size_t strings_reach;  /* indexes below this reach a NUL inside the heap  */

	/* #Pdb (Portable PDB): row counts of the referenced type-system tables */
	bool pdb;
	uint32_t ext_rows[CLB_TABLE_SLOTS];

	/* table stream */
	bool has_tables;       /* a table stream lies inside the metadata         */
	bool tables_decoded;   /* its header and row counts were read             */
	bool uncompressed;     /* #- rather than #~                                */
	bool jtd;              /* #JTD present: all table indexes are 4 bytes      */
	cs_cursor tstream;
	uint8_t t_major, t_minor, heap_sizes;
	uint64_t valid, sorted;
	clb_schema_version schema;
	clb_table tables[CLB_TABLE_SLOTS];
} clb_md;

/* Decodes and checks the metadata in root.  in_image selects the image
 * rules (exact stream names, flags 0) over the complib rules (names
 * case-insensitive, first match wins, STGHDR_EXTRADATA honoured).
 * Findings go to ctx; on ctx->nomem the model is incomplete. */
void clb_md_parse(cs_ctx *ctx, const cs_cursor *root, bool in_image, clb_md *md);
/* Frees what clb_md_parse allocated. */
void clb_md_free(cs_ctx *ctx, clb_md *md);

/* Parts of clb_md_parse, in the order it runs them. */
void clb_storage_parse(cs_ctx *ctx, clb_md *md);
void clb_heaps_check(cs_ctx *ctx, clb_md *md);
void clb_pdb_parse(cs_ctx *ctx, clb_md *md);
void clb_tables_parse(cs_ctx *ctx, clb_md *md);

/* Problems a single table cell can have; each maps to one finding code. */
typedef enum clb_cell_issue {
	CLB_CELL_OK = 0,
	CLB_CELL_HEAP_MISSING,
	CLB_CELL_STRING_OOB,
	CLB_CELL_STRING_UNTERMINATED,
	CLB_CELL_STRING_UTF8,
	CLB_CELL_BLOB_OOB,
	CLB_CELL_BLOB_LENGTH,
	CLB_CELL_BLOB_PAST_END,
	CLB_CELL_BLOB_NON_MINIMAL,
	CLB_CELL_GUID_OOB,
	CLB_CELL_RID_RANGE,
	CLB_CELL_RID_NULL,
	CLB_CELL_CODED_TAG,
	CLB_CELL_LIST_RANGE,
	CLB_CELL_LIST_DECREASING,
	CLB_CELL_ISSUE_COUNT
} clb_cell_issue;

/* Heap-index checks used by the table pass (heaps.c). */
clb_cell_issue clb_string_ref(const clb_md *md, uint32_t index);
clb_cell_issue clb_blob_ref(const clb_md *md, uint32_t index);
clb_cell_issue clb_guid_ref(const clb_md *md, uint32_t index);

/* Decodes an ECMA-335 II.23.2 compressed unsigned integer at window offset
 * off of c.  Returns 0 and sets *value, *prefix_len; -1 for a 111xxxxx
 * first byte or a prefix cut off by the end of the window. */
int clb_compressed_u32_at(const cs_cursor *c, size_t off, uint32_t *value, size_t *prefix_len);

/* Row count used to size and range-check indexes into table id: the
 * #Pdb count for type-system tables of a portable PDB, else rows. */
uint32_t clb_target_rows(const clb_md *md, unsigned id);

/* Reads the raw value of cell (row 1-based, col) of a readable table. */
bool clb_cell_value(const clb_md *md, unsigned id, uint32_t row, unsigned col, uint32_t *value);

#endif /* COMSCAN_CLB_METADATA_H */
