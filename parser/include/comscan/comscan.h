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
	COMSCAN_ERR_TOO_LARGE, /* the file does not fit in the address space    */
	COMSCAN_ERR_OUTPUT    /* the caller's sink reported an error            */
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
#define COMSCAN_DEFAULT_MAX_KEY_DEPTH 512u      /* registry nesting (Windows' limit) */
#define COMSCAN_DEFAULT_MAX_VALUE_SIZE (64u << 20) /* bytes of one .reg value  */

typedef struct comscan_limits {
	uint32_t max_findings;    /* findings beyond this are counted, not kept */
	uint32_t max_streams;     /* stream headers beyond this are not parsed  */
	uint32_t max_pe_sections; /* sections beyond this are not parsed        */
	uint32_t max_table_rows;  /* rows beyond this in one table go unchecked */
	uint32_t max_key_depth;   /* deeper registry keys are not followed      */
	uint32_t max_value_size;  /* larger .reg values are dropped             */
} comscan_limits;

typedef struct comscan_options {
	const comscan_allocator *allocator; /* NULL: the C library's allocator */
	comscan_limits limits;
	uint32_t flags; /* COMSCAN_FLAG_* bits; any other bit is invalid */
	/* Hives: the key path their root key is mounted at in dumps and the COM
	 * model, e.g. "HKEY_LOCAL_MACHINE\SOFTWARE" (ASCII, names joined by
	 * '\', none empty; borrowed during the call).  NULL: chosen from the
	 * file name the hive's base block records (SOFTWARE, SYSTEM, NTUSER.DAT,
	 * UsrClass.dat, ...; docs/findings.md "regf"). */
	const char *regf_mount;
} comscan_options;

/* Hives: do not verify the base block checksum (a mismatch is not
 * reported).  For fuzzing, so that mutations reach the hive bins. */
#define COMSCAN_FLAG_REGF_NO_CHECKSUM 0x00000002u
/* .reg files: Windows-compatible mode.  Accept exactly what the Windows
 * importer accepts (abbreviated roots such as HKLM, HKEY_DYN_DATA) and
 * grade findings by what Windows does: a line it ignores harmlessly is a
 * note, a value it drops is a warning.  Each finding then carries the
 * catalogue's compat_severity.  Default: strict mode. */
#define COMSCAN_FLAG_REG_COMPAT 0x00000001u
#define COMSCAN_FLAGS_ALL 0x00000003u

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
	COMSCAN_KIND_REG,       /* .reg registry export                        */
	COMSCAN_KIND_REGF,      /* regf registry hive (or a fragment of one)   */
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
	comscan_severity severity;        /* in strict mode (the default)         */
	comscan_severity compat_severity; /* with COMSCAN_FLAG_REG_COMPAT         */
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
	const char *source;        /* the input it is about, when a result covers
	                              several inputs (comscan_com); else NULL     */
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

/* A named input buffer (borrowed during the call). */
typedef struct comscan_buffer {
	const void *data;
	size_t size;
	const char *name;  /* how findings name it; NULL: "(log)" */
} comscan_buffer;

/* As comscan_scan_buffer, and for a hive also checks its transaction logs
 * (the files .LOG1, .LOG2 or .LOG next to it, given by the caller): each
 * log's validity, and whether they would bring a dirty hive up to date
 * (regf.log.* findings, stamped with the log's name; a dirty hive without
 * a usable log gets regf.log.missing).  For other kinds logs is ignored. */
comscan_status comscan_scan_hive(const void *data, size_t size, const comscan_buffer *logs,
    size_t nlogs, const comscan_options *opts, comscan_report **out);
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
/* Reads what descriptor fd gives (standard input): a regular file at its
 * start is mapped like any file; a stream (a pipe) is read to its end into
 * the heap, the one way input is copied whole, as a stream cannot be
 * mapped.  More than max_size bytes (0: COMSCAN_STREAM_MAX) is
 * COMSCAN_ERR_TOO_LARGE; other errors COMSCAN_ERR_IO (errno set) and
 * COMSCAN_ERR_NOMEM. */
#define COMSCAN_STREAM_MAX (SIZE_MAX > 0xFFFFFFFFu ? (size_t)0xFFFFFFFFu : SIZE_MAX / 4)
comscan_status comscan_file_read(int fd, size_t max_size, const comscan_allocator *allocator,
    comscan_file **out);
/* The mapped (or read) bytes and their count (the bytes may be NULL when
 * the count is 0). */
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

/* ------------------------------------------------------------------------
 * Registry dumps (.reg exports: REGEDIT4, 5.00, Windows 3.1 REGEDIT): the
 * tree left after applying every operation of the file in order, as
 * Windows' importer would (the last write wins, [-key] deletes a subtree).
 * The handle does not keep the input.  Any other kind of input gives a
 * handle with an empty tree and the findings `scan` would report.
 * ------------------------------------------------------------------------ */
typedef struct comscan_registry comscan_registry;

comscan_status comscan_registry_open(const void *data, size_t size,
    const comscan_options *opts, comscan_registry **out);
void comscan_registry_close(comscan_registry *reg);
comscan_kind comscan_registry_kind(const comscan_registry *reg);
const comscan_findings *comscan_registry_findings(const comscan_registry *reg);
/* Keys (root keys included) and values in the tree. */
size_t comscan_registry_key_count(const comscan_registry *reg);
size_t comscan_registry_value_count(const comscan_registry *reg);

typedef struct comscan_registry_item {
	int is_value;
	size_t depth;         /* 1 for a root key such as HKEY_LOCAL_MACHINE      */
	const char *path;     /* key path, UTF-8, names joined by '\'             */
	const char *name;     /* value name, UTF-8 ("" = the default); NULL: key  */
	uint32_t type;        /* REG_* type of a value                           */
	const uint8_t *data;  /* value data as the registry holds it             */
	size_t size;
	uint64_t offset;      /* where it came from in the input, or COMSCAN_NO_OFFSET */
	uint32_t line;        /* its .reg line; 0 for binary formats             */
} comscan_registry_item;

/* Called for every key and value; a non-zero return stops the walk.  The
 * item's pointers are valid during the call only.  Strings are UTF-8; an
 * unpaired UTF-16 surrogate in a name appears as U+FFFD. */
typedef int (*comscan_registry_visitor)(void *ctx, const comscan_registry_item *item);

/* Visits every key in pre-order (a key, its values, its subkeys), without
 * recursion.  Returns 0, the visitor's non-zero value, or -1 when memory
 * ran out. */
int comscan_registry_walk(const comscan_registry *reg, comscan_registry_visitor visitor,
    void *ctx);
/* One line per key "K\tpath" and per value "V\tpath\tname\ttype\tsize"
 * (docs/tsv.md).  Returns 0, -1 when memory ran out, or the sink's error. */
int comscan_registry_write_tsv(const comscan_registry *reg, comscan_sink sink, void *ctx);
/* A canonical "Windows Registry Editor Version 5.00" file, UTF-16LE with
 * a BOM and CRLF, as regedit writes it.  What a .reg file cannot hold (a
 * hive's key name that is empty, holds a NUL, CR, LF or backslash, or is
 * over 255 characters; a key deeper than the handle's max_key_depth, 512
 * by default; a value name holding a NUL or over 16383 characters) is left
 * out, a key with its values and subkeys, and a "; comscan: ... not
 * written (why): NAME" comment line in its place names it escaped: an
 * export never reads back as keys or values the registry does not have.
 * Same returns. */
int comscan_registry_write_reg(const comscan_registry *reg, comscan_sink sink, void *ctx);

/* Writes the TSV of a registry dump (docs/tsv.md) without keeping its
 * tree where the format allows: a hive is written while it is walked, in
 * memory of about its size / 64 (a map of its cells); a .reg file is read
 * into a tree first (its last write wins).  *report gets the findings of
 * the parse, as comscan_scan_buffer would report them (NULL on error).
 * Returns COMSCAN_OK, COMSCAN_ERR_OUTPUT when the sink failed, or
 * COMSCAN_ERR_NOMEM / COMSCAN_ERR_INVALID.  Where the hive breaks the
 * registry's rules the output differs from comscan_registry_write_tsv's:
 * a key with two subkeys of the same name (regf.key.duplicate-name) or two
 * values of the same name (regf.vk.duplicate-name) has both written, where
 * the tree merges them (one key; the first value's name with the last
 * one's data). */
comscan_status comscan_registry_dump_tsv(const void *data, size_t size,
    const comscan_options *opts, comscan_sink sink, void *sink_ctx, comscan_report **report);

/* ------------------------------------------------------------------------
 * Hive base block (regf.md 1.2): its fields as stored, for dumps and
 * forensic listings.  No check is made here; comscan_scan_buffer reports
 * what is wrong with them.
 * ------------------------------------------------------------------------ */
typedef struct comscan_hive_info {
	uint32_t seq1, seq2;         /* primary / secondary sequence numbers (4, 8) */
	uint64_t timestamp;          /* last written (12), FILETIME: 100 ns since 1601 */
	uint32_t major, minor;       /* format version (20, 24)                     */
	uint32_t file_type;          /* 0 primary; 1, 2, 6 transaction logs (28)    */
	uint32_t file_format;        /* 1 = direct memory load (32)                 */
	uint32_t root;               /* cell index of the root key (36)             */
	uint32_t bins_size;          /* declared hive bins data size (40)           */
	uint32_t clustering;         /* clustering factor (44)                      */
	uint32_t checksum;           /* as stored (508)                             */
	uint32_t checksum_computed;  /* XOR of the dwords at 0..507, with fix-ups   */
	char file_name[200];         /* the name field (48, up to 32 UTF-16 units):
	                              * printable ASCII as is, '\' doubled, any
	                              * other unit as \uXXXX; NUL-terminated      */
} comscan_hive_info;
/* Fills *out when data starts with "regf" and holds the 512 bytes of a
 * base block's fields; returns 0, or -1 (and zeroes *out) otherwise. */
int comscan_hive_get_info(const void *data, size_t size, comscan_hive_info *out);

/* ------------------------------------------------------------------------
 * The COM registration model: classes, ProgIDs, AppIDs, interfaces and
 * type libraries read from one or more registration dumps, merged across
 * HKEY_CLASSES_ROOT, HKLM\SOFTWARE\Classes, HKCU\Software\Classes,
 * HKEY_USERS and their WOW6432Node views, with provenance and consistency
 * findings (docs/findings.md, com.*).  Built once, then read-only.
 * ------------------------------------------------------------------------ */
typedef struct comscan_com_input {
	const void *data;  /* the dump's bytes (borrowed during the build only) */
	size_t size;
	const char *name;  /* how findings and sources name it (copied); NULL:
	                      "(input)"                                         */
} comscan_com_input;

/* The strings of a class are UTF-8 (key and value names may hold any
 * character; an unpaired UTF-16 surrogate appears as U+FFFD). */
typedef struct comscan_com_class {
	const char *clsid;         /* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}", upper case */
	const char *view;          /* e.g. "HKEY_LOCAL_MACHINE\SOFTWARE\Classes"          */
	int wow64;                 /* registered in a WOW6432Node (32-bit) view          */
	int effective;             /* the registration COM uses for this bitness         */
	const char *name;          /* default value of the CLSID key, or NULL            */
	const char *inproc_server; /* InprocServer32 default; "" when the key has none;
	                              NULL when there is no InprocServer32 key          */
	const char *threading_model;  /* NULL when absent                                */
	const char *inproc_handler;   /* same conventions as inproc_server               */
	const char *local_server;
	const char *progid;
	const char *version_independent_progid;
	const char *appid;         /* the AppID value as written, or NULL                */
	const char *typelib;
	const char *treat_as;
	const char *source;        /* "INPUT:LINE" or "INPUT@0xOFFSET" of the CLSID key  */
} comscan_com_class;

typedef struct comscan_com3 {
	int present;               /* HKLM\SOFTWARE\Microsoft\COM3 was in a dump       */
	int has_regdb_version;     /* REGDBVersion is an 8-byte REG_BINARY               */
	uint8_t regdb_version[8];
	int has_enabled;           /* "COM+ Enabled" is a REG_DWORD                      */
	uint32_t enabled;
	const char *source;        /* where the COM3 key was, or NULL                    */
	int microsoft_present;     /* a dump has HKLM\SOFTWARE\Microsoft (so it would
	                              hold COM3 if the machine had one)                */
} comscan_com3;

typedef struct comscan_com comscan_com;

/* Builds the model from n dumps.  Inputs are read during the call only.
 * Findings of each input's parse are included, stamped with its name. */
comscan_status comscan_com_build(const comscan_com_input *inputs, size_t n,
    const comscan_options *opts, comscan_com **out);
void comscan_com_close(comscan_com *model);
const comscan_findings *comscan_com_findings(const comscan_com *model);
/* Every registration, sorted by CLSID (native before WOW64, then by
 * precedence: per-user, HKEY_CLASSES_ROOT, machine; then a later input
 * before an earlier one, as importing the dumps in order would leave
 * them).  The first of each CLSID and bitness is the effective one. */
size_t comscan_com_class_count(const comscan_com *model);
const comscan_com_class *comscan_com_class_at(const comscan_com *model, size_t i);
/* The effective registration of a CLSID (any case, braced), native view
 * first; NULL when none. */
const comscan_com_class *comscan_com_class_find(const comscan_com *model, const char *clsid);
/* The effective class a ProgID names (case-insensitive), or NULL. */
const comscan_com_class *comscan_com_progid_find(const comscan_com *model, const char *progid);
void comscan_com_get_com3(const comscan_com *model, comscan_com3 *out);
/* {"classes":[...],"com3":{...},"verdict":...,"classes_found":[...],
 * "counts":{...},"findings":[...]} (docs/json.md). */
int comscan_com_render_json(const comscan_com *model, comscan_sink sink, void *sink_ctx);
/* The class listing and findings for people. */
int comscan_com_render_text(const comscan_com *model, comscan_sink sink, void *sink_ctx);

/* ------------------------------------------------------------------------
 * Diagnosis: why COM+ catalog access fails on a Windows installation
 * (KB Q310412, Q246499, Q315296; docs/diagnose.md).  It reads, from a
 * Windows directory, Registration\R<12 hex digits>.clb (the highest number
 * is the current catalog), System32\clbcatq.dll, System32\~clbcatq.dll,
 * System32\com\comadmin.dll and System32\config\SOFTWARE, and the COM
 * registrations of that hive or of the dumps the caller names instead.
 * ------------------------------------------------------------------------ */

/* One file of a Windows directory, by its path relative to that directory
 * ("System32\clbcatq.dll"; '\' or '/' between names; matched
 * case-insensitively, as Windows does). */
typedef struct comscan_diag_file {
	const char *path;
	const void *data;  /* borrowed during the call only; NULL when size is 0 */
	size_t size;
} comscan_diag_file;

typedef struct comscan_diagnosis comscan_diagnosis;

/* Diagnoses the n files of a Windows directory (those it does not read are
 * ignored).  The registrations come from the ndumps dumps (.reg or hive,
 * merged as comscan_com_build does) or, when ndumps is 0, from
 * System32\config\SOFTWARE mounted at HKEY_LOCAL_MACHINE\SOFTWARE.  Findings
 * name their file in comscan_finding.source.  Inputs are read during the
 * call only; the diagnosis keeps nothing of them. */
comscan_status comscan_diagnose(const comscan_diag_file *files, size_t n,
    const comscan_com_input *dumps, size_t ndumps, const comscan_options *opts,
    comscan_diagnosis **out);
void comscan_diagnosis_close(comscan_diagnosis *diagnosis);
/* Every finding: the causes the diagnosis concludes (diagnose.*) first, the
 * most likely first; then the findings of the files and dumps behind them. */
const comscan_findings *comscan_diagnosis_findings(const comscan_diagnosis *diagnosis);
/* 1 when COM+ catalog access is expected to fail (an error finding was
 * raised), 0 when the installation looks healthy. */
int comscan_diagnosis_failing(const comscan_diagnosis *diagnosis);
/* The first error finding (the most likely cause), or NULL when healthy. */
const comscan_finding *comscan_diagnosis_cause(const comscan_diagnosis *diagnosis);

/* What the diagnosis read: one row per file it looked for. */
typedef struct comscan_diag_item {
	const char *role;   /* "catalog", "regdb-catalog", "catalog-dll",
	                       "setup-marker", "comadmin-dll", "software-hive",
	                       "dump"                                          */
	const char *path;   /* the file as given, or the expected path when absent */
	int present;
	comscan_kind kind;  /* when present                                    */
	uint64_t size;      /* when present                                    */
	comscan_verdict verdict; /* of its own findings, when present          */
} comscan_diag_item;
size_t comscan_diagnosis_item_count(const comscan_diagnosis *diagnosis);
const comscan_diag_item *comscan_diagnosis_item_at(const comscan_diagnosis *diagnosis, size_t i);

/* {"verdict":"healthy"|"failing","cause":{finding}|null,"classes":[...],
 * "counts":{...},"files":[...],"findings":[{..., "path":...}]}
 * (docs/diagnose.md). */
int comscan_diagnosis_render_json(const comscan_diagnosis *diagnosis, const char *windows_dir,
    comscan_sink sink, void *sink_ctx);
/* The report for a Windows administrator: verdict, cause, symptom,
 * remedy, then the rest and the files read. */
int comscan_diagnosis_render_text(const comscan_diagnosis *diagnosis, const char *windows_dir,
    comscan_sink sink, void *sink_ctx);

/* The files of a Windows directory the diagnosis reads, found by
 * case-insensitive names and mapped read-only. */
typedef struct comscan_windir comscan_windir;
/* Leave System32\config\SOFTWARE unmapped (dumps given instead). */
#define COMSCAN_WINDIR_NO_HIVE 0x00000001u

/* Opens windows_dir (flags: COMSCAN_WINDIR_* bits).  Only the names the
 * diagnosis reads are taken (catalogs: R<12 hex digits>.clb); a folder
 * reached twice (two spellings linked to one folder) is read once.
 * A missing file is not an error (the diagnosis reports it); a directory
 * or file that exists but cannot be read is COMSCAN_ERR_IO (errno set)
 * and its path is copied to failed_path (failed_cap bytes, may be 0). */
comscan_status comscan_windir_open(const char *windows_dir, uint32_t flags,
    const comscan_allocator *allocator, comscan_windir **out, char *failed_path,
    size_t failed_cap);
/* The files found, paths relative to windows_dir; *n gets their count. */
const comscan_diag_file *comscan_windir_files(const comscan_windir *windir, size_t *n);
void comscan_windir_close(comscan_windir *windir);

#ifdef __cplusplus
}
#endif

#endif /* COMSCAN_COMSCAN_H */
