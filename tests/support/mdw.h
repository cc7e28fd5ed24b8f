/*
 * mdw.h - test-only writer of CLI metadata images (ECMA-335 II.24) and of
 * PE images that carry them (II.25).  Used by the unit tests and by the
 * corpus generator to build healthy inputs that tests then damage.
 *
 * The writer sizes columns with its own code (not the library's), so a
 * sizing bug in one shows up as a disagreement with the other.  It aborts
 * on allocation failure: it is test code, never linked into the library.
 */
#ifndef COMSCAN_TESTS_MDW_H
#define COMSCAN_TESTS_MDW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MDW_MAX_STREAMS 16

/* A growable byte buffer. */
typedef struct mdw_buf {
	uint8_t *p;
	size_t len, cap;
} mdw_buf;

void mdw_buf_put(mdw_buf *b, const void *p, size_t n);
void mdw_buf_u8(mdw_buf *b, uint8_t v);
void mdw_buf_u16(mdw_buf *b, uint16_t v);
void mdw_buf_u32(mdw_buf *b, uint32_t v);
void mdw_buf_u64(mdw_buf *b, uint64_t v);
void mdw_buf_pad4(mdw_buf *b);
void mdw_buf_free(mdw_buf *b);

/* An extra stream to add verbatim (e.g. #Schema, an unknown name). */
typedef struct mdw_extra_stream {
	const char *name;
	const uint8_t *data;
	size_t len;
} mdw_extra_stream;

typedef struct mdw {
	mdw_buf strings, us, blob, guid;
	uint32_t rows[64];
	uint32_t *cells[64];      /* rows x ncols values, row-major          */
	size_t cells_cap[64];
	/* knobs */
	const char *version;      /* default "v4.0.30319"                    */
	uint8_t table_major, table_minor; /* default 2.0                   */
	uint8_t heap_sizes_extra; /* OR-ed into the computed HeapSizes       */
	bool extra_data_0x40;     /* write 4 bytes after Rows[] (sets 0x40)  */
	bool uncompressed;        /* name the table stream #- instead of #~  */
	bool jtd;                 /* add a #JTD stream (all indexes 4 bytes) */
	uint64_t sorted;          /* default: the ECMA sorted tables         */
	uint64_t valid_extra;     /* extra Valid bits (counts written as 0)  */
	uint32_t storage_extra;   /* STGHDR_EXTRADATA byte count (0: none)   */
	bool omit_guid, omit_blob, omit_us, omit_strings;
	mdw_extra_stream extra[4];
	size_t nextra;
	/* Portable PDB: when pdb is set a #Pdb stream is written with these */
	bool pdb;
	uint64_t pdb_tables;      /* ReferencedTypeSystemTables             */
	uint32_t pdb_rows[64];
	uint32_t pdb_entry;
} mdw;

/* Where things landed in the last built image (offsets from its start). */
typedef struct mdw_layout {
	size_t version_len_off;   /* the u32 version-string length          */
	size_t storage_hdr_off;   /* flags byte of the storage header       */
	size_t nstreams;
	size_t stream_hdr_off[MDW_MAX_STREAMS];
	char stream_name[MDW_MAX_STREAMS][32];
	size_t stream_off[MDW_MAX_STREAMS]; /* stream data                   */
	size_t stream_size[MDW_MAX_STREAMS];
	size_t tables_off;        /* start of the table stream              */
	size_t rows_off;          /* Rows[] of the table stream             */
	size_t table_off[64];     /* first row of each table                */
	uint32_t row_size[64];
	uint8_t col_off[64][9];
	uint8_t col_width[64][9];
} mdw_layout;

/* An empty image (every heap holds just its empty entry). */
void mdw_init(mdw *w);
void mdw_free(mdw *w);

/* Heap entries; return the index to store in a table cell. */
uint32_t mdw_string(mdw *w, const char *s);
uint32_t mdw_blob(mdw *w, const void *p, size_t n);
uint32_t mdw_guid(mdw *w, const uint8_t g[16]);
/* A #US entry from ASCII text (terminal byte per II.24.2.4). */
uint32_t mdw_user_string(mdw *w, const char *ascii);

/* Appends a row to table id; vals holds one value per column in II.22
 * order.  Returns the new row's 1-based id. */
uint32_t mdw_row(mdw *w, unsigned id, const uint32_t *vals, unsigned ncols);
/* Sets column col of a row (1-based) after the fact. */
void mdw_set(mdw *w, unsigned id, uint32_t row, unsigned col, uint32_t v);

/* Serializes the image; the caller frees the result with free(). */
uint8_t *mdw_build(const mdw *w, size_t *len, mdw_layout *lay);

/* A small, healthy module: Module, TypeRef, TypeDef (<Module> and one
 * class with a field, two methods, a param), MemberRef, Constant,
 * CustomAttribute, StandAloneSig, Property/PropertyMap,
 * Event/EventMap, MethodSemantics, NestedClass, GenericParam,
 * MethodSpec, GenericParamConstraint, InterfaceImpl, TypeSpec,
 * ModuleRef, ImplMap, FieldRVA, ClassLayout, FieldLayout, FieldMarshal,
 * DeclSecurity, MethodImpl, Assembly, AssemblyRef, File, ExportedType,
 * ManifestResource, and #US entries. */
void mdw_sample_module(mdw *w);

/* PE wrapper. */
typedef struct pew_opts {
	bool pe32plus;
	bool native;              /* no CLI header at all                    */
	uint16_t runtime_major;   /* default 2                               */
	uint16_t runtime_minor;   /* default 5                               */
	uint32_t cli_flags;       /* default 1 (ILONLY)                      */
} pew_opts;

typedef struct pew_layout {
	size_t lfanew;            /* e_lfanew value                          */
	size_t coff_off;
	size_t opt_off;
	size_t sections_off;
	size_t text_raw;          /* file offset of the .text section         */
	uint32_t text_rva;
	size_t cli_off;           /* CLI header (0 when native)              */
	size_t cli_dir_off;       /* data directory 14                       */
	size_t metadata_off;      /* metadata in the file (0 when native)    */
} pew_layout;

/* Wraps md (may be NULL when opts->native) in a PE image.  The caller
 * frees the result with free(). */
uint8_t *pew_build(const uint8_t *md, size_t md_len, const pew_opts *opts, size_t *len,
    pew_layout *lay);

/* Little-endian patch helpers for damaging images in tests. */
void put_u16(uint8_t *p, size_t off, uint16_t v);
void put_u32(uint8_t *p, size_t off, uint32_t v);
uint32_t get_u32(const uint8_t *p, size_t off);
uint16_t get_u16(const uint8_t *p, size_t off);

#endif /* COMSCAN_TESTS_MDW_H */
