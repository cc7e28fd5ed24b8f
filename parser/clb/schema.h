/*
 * schema.h - the ECMA-335 Partition II metadata table schema (II.22, with
 * the column widths of II.24.2.6) and the Portable PDB v1.0 debug tables.
 *
 * Table numbers are the token types of II.22; the reserved numbers 0x03,
 * 0x05, 0x07, 0x13, 0x16 (Ptr tables) and 0x1E, 0x1F (ENCLog, ENCMap) are
 * not in ECMA and take their columns from CoreCLR's schema.
 */
#ifndef COMSCAN_CLB_SCHEMA_H
#define COMSCAN_CLB_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#define CLB_TABLE_SLOTS 64   /* bits of the Valid mask                       */
#define CLB_MAX_COLS 9       /* Assembly and AssemblyRef have nine columns   */
#define CLB_MAX_SORT_KEYS 3  /* LocalScope: Method, StartOffset, Length     */

/* Table numbers used by name in the parser. */
enum {
	CLB_T_MODULE = 0x00, CLB_T_TYPEREF = 0x01, CLB_T_TYPEDEF = 0x02,
	CLB_T_FIELDPTR = 0x03, CLB_T_FIELD = 0x04, CLB_T_METHODPTR = 0x05,
	CLB_T_METHODDEF = 0x06, CLB_T_PARAMPTR = 0x07, CLB_T_PARAM = 0x08,
	CLB_T_INTERFACEIMPL = 0x09, CLB_T_MEMBERREF = 0x0A, CLB_T_CONSTANT = 0x0B,
	CLB_T_CUSTOMATTRIBUTE = 0x0C, CLB_T_FIELDMARSHAL = 0x0D,
	CLB_T_DECLSECURITY = 0x0E, CLB_T_CLASSLAYOUT = 0x0F,
	CLB_T_FIELDLAYOUT = 0x10, CLB_T_STANDALONESIG = 0x11, CLB_T_EVENTMAP = 0x12,
	CLB_T_EVENTPTR = 0x13, CLB_T_EVENT = 0x14, CLB_T_PROPERTYMAP = 0x15,
	CLB_T_PROPERTYPTR = 0x16, CLB_T_PROPERTY = 0x17,
	CLB_T_METHODSEMANTICS = 0x18, CLB_T_METHODIMPL = 0x19,
	CLB_T_MODULEREF = 0x1A, CLB_T_TYPESPEC = 0x1B, CLB_T_IMPLMAP = 0x1C,
	CLB_T_FIELDRVA = 0x1D, CLB_T_ENCLOG = 0x1E, CLB_T_ENCMAP = 0x1F,
	CLB_T_ASSEMBLY = 0x20, CLB_T_ASSEMBLYPROCESSOR = 0x21,
	CLB_T_ASSEMBLYOS = 0x22, CLB_T_ASSEMBLYREF = 0x23,
	CLB_T_ASSEMBLYREFPROCESSOR = 0x24, CLB_T_ASSEMBLYREFOS = 0x25,
	CLB_T_FILE = 0x26, CLB_T_EXPORTEDTYPE = 0x27,
	CLB_T_MANIFESTRESOURCE = 0x28, CLB_T_NESTEDCLASS = 0x29,
	CLB_T_GENERICPARAM = 0x2A, CLB_T_METHODSPEC = 0x2B,
	CLB_T_GENERICPARAMCONSTRAINT = 0x2C,
	CLB_T_DOCUMENT = 0x30, CLB_T_METHODDEBUGINFORMATION = 0x31,
	CLB_T_LOCALSCOPE = 0x32, CLB_T_LOCALVARIABLE = 0x33,
	CLB_T_LOCALCONSTANT = 0x34, CLB_T_IMPORTSCOPE = 0x35,
	CLB_T_STATEMACHINEMETHOD = 0x36, CLB_T_CUSTOMDEBUGINFORMATION = 0x37
};

/* What a column holds. */
typedef enum clb_col_kind {
	CLB_COL_U16,    /* 2-byte constant                                   */
	CLB_COL_U32,    /* 4-byte constant                                   */
	CLB_COL_U8PAD,  /* 1-byte constant + 1 padding byte (II.22.9)        */
	CLB_COL_STRING, /* #Strings index, 2 or 4 bytes by HeapSizes 0x01    */
	CLB_COL_GUID,   /* #GUID index (1-based), by HeapSizes 0x02          */
	CLB_COL_BLOB,   /* #Blob index, by HeapSizes 0x04                    */
	CLB_COL_RID,    /* simple index into table `ref`                     */
	CLB_COL_LIST,   /* first row of a run in table `ref` (1..rows+1)     */
	CLB_COL_CODED   /* coded index of kind `ref` (II.24.2.6)             */
} clb_col_kind;

#define CLB_COL_NULLABLE 0x01 /* row 0 (null) is allowed by II.22           */

typedef struct clb_col {
	const char *name;
	uint8_t kind;  /* clb_col_kind */
	uint8_t ref;   /* table number, or coded-index kind                 */
	uint8_t flags; /* CLB_COL_*                                          */
} clb_col;

typedef struct clb_sort_key {
	uint8_t col;
	bool descending;
} clb_sort_key;

typedef struct clb_table_schema {
	const char *name;
	uint8_t ncols;
	clb_col cols[CLB_MAX_COLS];
	uint8_t nkeys;                       /* 0: no required order       */
	clb_sort_key keys[CLB_MAX_SORT_KEYS];
} clb_table_schema;

/* Coded-index kinds (II.24.2.6). */
enum {
	CLB_CI_TYPEDEFORREF, CLB_CI_HASCONSTANT, CLB_CI_HASCUSTOMATTRIBUTE,
	CLB_CI_HASFIELDMARSHAL, CLB_CI_HASDECLSECURITY, CLB_CI_MEMBERREFPARENT,
	CLB_CI_HASSEMANTICS, CLB_CI_METHODDEFORREF, CLB_CI_MEMBERFORWARDED,
	CLB_CI_IMPLEMENTATION, CLB_CI_CUSTOMATTRIBUTETYPE, CLB_CI_RESOLUTIONSCOPE,
	CLB_CI_TYPEORMETHODDEF, CLB_CI_HASCUSTOMDEBUGINFORMATION,
	CLB_CI_COUNT
};

#define CLB_NO_TABLE 0xFF /* an unused tag */

typedef struct clb_coded_index {
	const char *name;
	uint8_t tag_bits;
	uint8_t ntags;
	uint8_t tables[27]; /* tag -> table number, CLB_NO_TABLE if unused */
} clb_coded_index;

/* Schema flavours (table stream MajorVersion.MinorVersion). */
typedef enum clb_schema_version {
	CLB_SCHEMA_1_0, /* tables 0x00..0x29                                */
	CLB_SCHEMA_1_1, /* 0x00..0x2C, GenericParam with an extra Kind column */
	CLB_SCHEMA_2_0  /* 0x00..0x2C (ECMA-335 6th edition)                */
} clb_schema_version;

/* The schema of table id under version v, or NULL when v has no such
 * table.  Portable PDB tables are returned only when pdb is true. */
const clb_table_schema *clb_schema_table(clb_schema_version v, unsigned id, bool pdb);
/* True when id is a table of the 2.0 schema or a Portable PDB table. */
bool clb_schema_known_anywhere(unsigned id);
/* Name of any known table id, or "?". */
const char *clb_schema_table_name(unsigned id);
const clb_coded_index *clb_schema_coded(unsigned kind);
/* Table that Ptr table id maps, or CLB_NO_TABLE when id is not a Ptr table. */
unsigned clb_schema_ptr_target(unsigned id);
/* Mask of the type-system tables a #Pdb stream may reference (ECMA tables
 * without the Ptr and EnC tables). */
uint64_t clb_schema_type_system_mask(void);

#endif /* COMSCAN_CLB_SCHEMA_H */
