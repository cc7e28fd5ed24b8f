/*
 * comscan.h - public API of libcomscan.
 *
 * libcomscan parses COM+ catalogs (.clb, the BSJB metadata container of
 * ECMA-335 Partition II section 24, also found inside PE files) strictly and
 * reports classified corruption findings.
 *
 * Conventions that hold for every function below:
 *  - Input bytes are borrowed, never copied whole.  A handle that keeps the
 *    input (comscan_clb) says so; the buffer must outlive that handle.
 *  - Every *_open / *_scan_* call sets *out on every path: a handle on
 *    COMSCAN_OK, NULL on any other status.
 *  - Every *_close(NULL) is a no-op.
 *  - Bad input is never an error status.  It yields a handle whose findings
 *    describe what is wrong.  Error statuses mean misuse (COMSCAN_ERR_INVALID),
 *    exhausted memory (COMSCAN_ERR_NOMEM) or failed file I/O.
 *  - Every allocation goes through the caller's comscan_allocator (NULL means
 *    the C library's malloc/realloc/free).  Handles keep a pointer to it: the
 *    allocator struct must outlive every handle created with it.
 *  - There is no global mutable state: distinct handles may be used from
 *    distinct threads at the same time; one handle is not internally locked.
 *  - Strings returned by accessors are NUL-terminated, printable ASCII unless
 *    stated otherwise, and owned by the handle they came from: valid until
 *    that handle is closed.
 */
#ifndef COMSCAN_COMSCAN_H
#define COMSCAN_COMSCAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COMSCAN_VERSION_MAJOR 0
#define COMSCAN_VERSION_MINOR 1
#define COMSCAN_VERSION_PATCH 0
#define COMSCAN_VERSION_STRING "0.1.0"

/* Returns COMSCAN_VERSION_STRING of the library actually linked. */
const char *comscan_version(void);

/* ------------------------------------------------------------------------
 * Status codes: what happened to the call, never what is wrong with input.
 * ------------------------------------------------------------------------ */
typedef enum comscan_status {
	COMSCAN_OK = 0,
	COMSCAN_ERR_NOMEM,    /* an allocation failed; nothing was returned     */
	COMSCAN_ERR_INVALID,  /* misuse: a NULL argument or a bad option value  */
	COMSCAN_ERR_IO,       /* a file could not be opened, read or mapped     */
	COMSCAN_ERR_NOT_FILE, /* the path names a directory or a special file   */
	COMSCAN_ERR_TOO_LARGE /* the file does not fit in the address space     */
} comscan_status;

/* A short English description of a status (static storage). */
const char *comscan_status_message(comscan_status status);

/* ------------------------------------------------------------------------
 * Allocator.  Every allocation the library makes goes through this.
 * malloc_fn and realloc_fn return NULL on failure; free_fn(ctx, NULL) must
 * be harmless.  realloc_fn is never called with ptr == NULL or size == 0.
 * ------------------------------------------------------------------------ */
typedef struct comscan_allocator {
	void *(*malloc_fn)(void *ctx, size_t size);
	void *(*realloc_fn)(void *ctx, void *ptr, size_t size);
	void (*free_fn)(void *ctx, void *ptr);
	void *ctx;
} comscan_allocator;

/* ------------------------------------------------------------------------
 * Resource limits.  Each is named, overridable and, when reached, reported
 * as a finding of class COMSCAN_CLASS_LIMIT_EXCEEDED (severity error: the
 * part beyond the limit was not verified).  Nothing is dropped silently.
 * ------------------------------------------------------------------------ */
#define COMSCAN_DEFAULT_MAX_FINDINGS 10000u     /* findings kept per input   */
#define COMSCAN_DEFAULT_MAX_STREAMS 64u         /* metadata stream headers   */
#define COMSCAN_DEFAULT_MAX_PE_SECTIONS 96u     /* PE section headers        */
#define COMSCAN_DEFAULT_MAX_TABLE_ROWS 0x00FFFFFFu /* rows checked per table */

typedef struct comscan_limits {
	uint32_t max_findings;    /* findings beyond this are counted, not kept */
	uint32_t max_streams;     /* stream headers beyond this are not parsed  */
	uint32_t max_pe_sections; /* sections beyond this are not parsed        */
	uint32_t max_table_rows;  /* rows beyond this in one table go unchecked */
} comscan_limits;

typedef struct comscan_options {
	const comscan_allocator *allocator; /* NULL: the C library's allocator */
	comscan_limits limits;
	uint32_t flags; /* reserved for COMSCAN_FLAG_* options; must be 0 today */
} comscan_options;

/* Fills *opts with the defaults above.  Passing NULL options to any call
 * means exactly these defaults. */
void comscan_options_init(comscan_options *opts);

/* ------------------------------------------------------------------------
 * Kinds, classes, severities, verdicts.
 * ------------------------------------------------------------------------ */
typedef enum comscan_kind {
	COMSCAN_KIND_EMPTY = 0, /* zero bytes                                   */
	COMSCAN_KIND_TEXT,      /* printable text where a binary file belongs  */
	COMSCAN_KIND_CLB,       /* BSJB (or legacy "COM+") metadata container  */
	COMSCAN_KIND_PE,        /* MZ/PE image (with or without CLI metadata)  */
	COMSCAN_KIND_REG,       /* .reg registry export (not parsed yet)       */
	COMSCAN_KIND_REGF,      /* regf registry hive (not parsed yet)         */
	COMSCAN_KIND_UNKNOWN    /* none of the above                            */
} comscan_kind;
#define COMSCAN_KIND_COUNT 7

/* The fixed corruption taxonomy.  Values and spellings are stable. */
typedef enum comscan_class {
	COMSCAN_CLASS_ZERO_BYTE_PLACEHOLDER = 0,
	COMSCAN_CLASS_TEXT_PLACEHOLDER,
	COMSCAN_CLASS_BAD_SIGNATURE,
	COMSCAN_CLASS_LEGACY_FORMAT,
	COMSCAN_CLASS_UNSUPPORTED_VERSION,
	COMSCAN_CLASS_TRUNCATED,
	COMSCAN_CLASS_OUT_OF_BOUNDS,
	COMSCAN_CLASS_OVERLAP,
	COMSCAN_CLASS_MALFORMED,
	COMSCAN_CLASS_SYNTAX,
	COMSCAN_CLASS_BAD_ENCODING,
	COMSCAN_CLASS_BAD_CHECKSUM,
	COMSCAN_CLASS_DANGLING_REFERENCE,
	COMSCAN_CLASS_DUPLICATE,
	COMSCAN_CLASS_INCONSISTENT,
	COMSCAN_CLASS_CYCLE,
	COMSCAN_CLASS_LIMIT_EXCEEDED,
	COMSCAN_CLASS_DIRTY,
	COMSCAN_CLASS_UNREGISTERED,
	COMSCAN_CLASS_DISABLED
} comscan_class;
#define COMSCAN_CLASS_COUNT 20

typedef enum comscan_severity {
	COMSCAN_SEVERITY_NOTE = 0, /* informational; no class is implied      */
	COMSCAN_SEVERITY_WARNING,  /* suspicious; the verdict stays healthy    */
	COMSCAN_SEVERITY_ERROR     /* corruption; the verdict becomes corrupt  */
} comscan_severity;

typedef enum comscan_verdict {
	COMSCAN_VERDICT_HEALTHY = 0, /* no finding of severity error */
	COMSCAN_VERDICT_CORRUPT
} comscan_verdict;

/* Stable spellings ("clb", "out-of-bounds", "error", "healthy"); static
 * storage; "?" for a value outside the enum. */
const char *comscan_kind_name(comscan_kind kind);
const char *comscan_class_name(comscan_class cls);
const char *comscan_severity_name(comscan_severity severity);
const char *comscan_verdict_name(comscan_verdict verdict);

/* ------------------------------------------------------------------------
 * The findings catalogue: every code the library can emit.  Codes are
 * added, never renamed.  docs/findings.md is generated from this table.
 * ------------------------------------------------------------------------ */
typedef struct comscan_code_info {
	const char *code;
	comscan_class cls;
	comscan_severity severity;
	uint32_t hresult;          /* 0 when no public source maps it to one */
	const char *hresult_name;  /* e.g. "CLDB_E_FILE_CORRUPT", or ""      */
	const char *meaning;       /* what the finding says about the input   */
	const char *remedy;        /* what a user can do about it             */
} comscan_code_info;

size_t comscan_code_count(void);
/* Entry i of the catalogue, or NULL when i is out of range. */
const comscan_code_info *comscan_code_at(size_t i);
/* The entry for a dotted code, or NULL when there is none. */
const comscan_code_info *comscan_code_lookup(const char *code);
/* Symbolic name of a known HRESULT ("" when unknown). */
const char *comscan_hresult_name(uint32_t hresult);

/* ------------------------------------------------------------------------
 * Findings.
 * ------------------------------------------------------------------------ */
#define COMSCAN_NO_OFFSET UINT64_MAX /* the finding has no byte position */

typedef struct comscan_finding {
	const char *code;          /* stable dotted code, e.g. "clb.stream.overlap" */
	comscan_class cls;         /* class from the taxonomy                      */
	comscan_severity severity;
	uint64_t offset;           /* byte offset in the input, or COMSCAN_NO_OFFSET */
	uint32_t line;             /* 1-based text line, 0 when not a text format  */
	uint32_t column;           /* 1-based text column, 0 when not applicable   */
	uint32_t hresult;          /* HRESULT a Windows user would see; 0 if none  */
	const char *message;       /* one line, printable ASCII                    */
	const comscan_code_info *info; /* catalogue entry: meaning, remedy (static) */
} comscan_finding;

/* An ordered, immutable list of findings owned by a report or handle. */
typedef struct comscan_findings comscan_findings;

size_t comscan_findings_count(const comscan_findings *findings);
/* Finding i (0-based), or NULL when i >= count. */
const comscan_finding *comscan_findings_at(const comscan_findings *findings, size_t i);
/* Bit (1u << cls) is set for every class carried by a warning or error
 * finding, including findings dropped by max_findings.  Notes carry none. */
uint32_t comscan_findings_classes(const comscan_findings *findings);
/* COMSCAN_VERDICT_CORRUPT when any error finding was raised (kept or not). */
comscan_verdict comscan_findings_verdict(const comscan_findings *findings);
/* Number of findings of a severity, kept or dropped. */
size_t comscan_findings_tally(const comscan_findings *findings, comscan_severity severity);

/* ------------------------------------------------------------------------
 * Scanning: detect a buffer's kind by content and run the right parser.
 * ------------------------------------------------------------------------ */
typedef struct comscan_report comscan_report;

/* Scans size bytes at data (data may be NULL when size is 0).  The report
 * does not keep data.  Returns COMSCAN_OK and a report for any input. */
comscan_status comscan_scan_buffer(const void *data, size_t size,
    const comscan_options *opts, comscan_report **out);
comscan_kind comscan_report_kind(const comscan_report *report);
/* The report's findings; owned by the report. */
const comscan_findings *comscan_report_findings(const comscan_report *report);
void comscan_report_close(comscan_report *report);

/* Detects the kind of a buffer by content alone (no findings, no memory). */
comscan_kind comscan_detect_kind(const void *data, size_t size);

/* ------------------------------------------------------------------------
 * Rendering.  The library formats; the caller's sink decides where bytes
 * go.  A sink returns 0 on success; a non-zero return stops rendering and
 * is returned by the render call.
 * ------------------------------------------------------------------------ */
typedef int (*comscan_sink)(void *ctx, const char *data, size_t len);

/* Writes one JSON object {"path":...,"kind":...,"verdict":...,"classes":[...],
 * "findings":[...]} (schema in docs/json.md).  path may be NULL. */
int comscan_render_json(const comscan_report *report, const char *path,
    comscan_sink sink, void *sink_ctx);
/* Writes the human-readable report: a header line, one line per finding
 * with offset and class, then a verdict line. */
int comscan_render_text(const comscan_report *report, const char *path,
    comscan_sink sink, void *sink_ctx);
/* Writes s as a JSON string literal (quotes included), escaping as needed. */
int comscan_render_json_string(const char *s, comscan_sink sink, void *sink_ctx);

/* ------------------------------------------------------------------------
 * Files: a read-only view of a regular file, memory-mapped (never read
 * whole into the heap).  Used by the command; available to callers.
 * ------------------------------------------------------------------------ */
typedef struct comscan_file comscan_file;

/* Opens and maps path.  Directories and special files give
 * COMSCAN_ERR_NOT_FILE; other failures COMSCAN_ERR_IO with errno set. */
comscan_status comscan_file_open(const char *path, const comscan_allocator *allocator,
    comscan_file **out);
/* The mapped bytes (NULL when the file is empty) and their count. */
const void *comscan_file_data(const comscan_file *file);
size_t comscan_file_size(const comscan_file *file);
void comscan_file_close(comscan_file *file);

/* ------------------------------------------------------------------------
 * COM+ catalog / CLI metadata container (.clb, or the same inside a PE).
 * The handle borrows data: it must stay valid and unchanged until
 * comscan_clb_close.
 * ------------------------------------------------------------------------ */
typedef struct comscan_clb comscan_clb;

/* Parses and validates a stand-alone container ("BSJB" or legacy "COM+")
 * or a PE image ("MZ"), eagerly: every check runs during open.  Any other
 * input yields a handle whose findings say the signature is wrong. */
comscan_status comscan_clb_open(const void *data, size_t size,
    const comscan_options *opts, comscan_clb **out);
void comscan_clb_close(comscan_clb *clb);
const comscan_findings *comscan_clb_findings(const comscan_clb *clb);
/* COMSCAN_KIND_CLB, COMSCAN_KIND_PE or COMSCAN_KIND_UNKNOWN. */
comscan_kind comscan_clb_kind(const comscan_clb *clb);

typedef struct comscan_clb_info {
	int has_metadata;          /* a metadata root was located and is BSJB    */
	uint64_t metadata_offset;  /* file offset of the metadata root           */
	uint64_t metadata_size;    /* bytes from the root to the container's end */
	uint16_t major, minor;     /* storage signature version                  */
	const char *version;       /* version string, escaped; "" when none      */
	uint8_t storage_flags;     /* STGHDR flags byte                          */
	uint32_t extra_data_size;  /* STGHDR_EXTRADATA byte count                */
	uint32_t stream_count;     /* stream headers parsed                      */
	int has_tables;            /* the table stream header was decoded       */
	const char *table_stream;  /* "#~" or "#-" when one lies inside the root */
	uint8_t tables_major, tables_minor;
	uint8_t heap_sizes;        /* HeapSizes byte                             */
	uint64_t valid_mask, sorted_mask;
} comscan_clb_info;
void comscan_clb_get_info(const comscan_clb *clb, comscan_clb_info *out);

typedef struct comscan_clb_stream {
	const char *name;     /* escaped stream name                          */
	uint32_t offset;      /* from the metadata root, as declared          */
	uint32_t size;        /* as declared                                  */
	uint64_t file_offset; /* metadata_offset + offset                     */
	int in_bounds;        /* the declared extent lies inside the metadata */
	int used;             /* the parser uses it for its role              */
} comscan_clb_stream;
size_t comscan_clb_stream_count(const comscan_clb *clb);
/* Fills *out for stream i; returns 0, or -1 when i is out of range. */
int comscan_clb_stream_at(const comscan_clb *clb, size_t i, comscan_clb_stream *out);

typedef struct comscan_clb_table {
	uint8_t id;           /* ECMA-335 table number, 0x00..0x3F            */
	const char *name;     /* "TypeDef", ...; "?" for an undefined table   */
	uint32_t rows;
	uint32_t row_size;    /* bytes per row, 0 when it could not be sized   */
	uint32_t columns;
	uint64_t file_offset; /* first row, or COMSCAN_NO_OFFSET               */
	int sorted;           /* its Sorted bit is set                         */
	int readable;         /* every row lies inside the table stream        */
} comscan_clb_table;
/* Tables whose Valid bit is set, in id order. */
size_t comscan_clb_table_count(const comscan_clb *clb);
int comscan_clb_table_at(const comscan_clb *clb, size_t i, comscan_clb_table *out);
/* Name of column col of table id under the schema in use, or NULL. */
const char *comscan_clb_column_name(const comscan_clb *clb, uint8_t table, uint32_t col);
typedef struct comscan_clb_column {
	const char *name;
	uint32_t offset; /* byte offset of the column inside a row */
	uint32_t width;  /* 2 or 4 bytes                           */
} comscan_clb_column;
/* Layout of column col of a sized table; 0, or -1 when there is none. */
int comscan_clb_column_at(const comscan_clb *clb, uint8_t table, uint32_t col,
    comscan_clb_column *out);
/* Raw value of a cell (row is 1-based, col 0-based).  Returns 0, or -1 when
 * the table is absent or unreadable or row/col is out of range. */
int comscan_clb_cell(const comscan_clb *clb, uint8_t table, uint32_t row, uint32_t col,
    uint32_t *value);

typedef struct comscan_pe_info {
	uint16_t machine;
	int pe32plus;              /* optional header magic 0x20B               */
	uint16_t section_count;    /* as declared in the COFF header            */
	uint32_t cli_rva, cli_size; /* data directory 14                        */
	int has_cli;               /* a CLI header was found and read           */
	uint16_t runtime_major, runtime_minor;
	uint32_t cli_flags;
	uint32_t metadata_rva, metadata_size;
} comscan_pe_info;
/* Fills *out and returns 0 when the input is a PE image; -1 otherwise. */
int comscan_clb_pe_info(const comscan_clb *clb, comscan_pe_info *out);

typedef struct comscan_pe_section {
	char name[40];             /* escaped to printable ASCII, NUL-terminated */
	uint32_t virtual_address, virtual_size;
	uint32_t raw_offset, raw_size;
	uint32_t characteristics;
} comscan_pe_section;
size_t comscan_clb_pe_section_count(const comscan_clb *clb);
int comscan_clb_pe_section_at(const comscan_clb *clb, size_t i, comscan_pe_section *out);

#ifdef __cplusplus
}
#endif

#endif /* COMSCAN_COMSCAN_H */
