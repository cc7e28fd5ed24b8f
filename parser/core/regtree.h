/*
 * regtree.h - the one small interface through which registry data reaches
 * everything above the format parsers (the COM model, dumps).  A .reg
 * file (regtext/, materialised in core/memtree.c) and a regf hive (regf/,
 * read in place) both implement it, so nothing above them needs to know
 * which kind of dump it came from.
 *
 * Names and string data are UTF-16 code units, which holds both formats
 * losslessly (including unpaired surrogates from a hive).  Key and value
 * names compare case-insensitively (core/ucase.h), as the registry does.
 * References are opaque 64-bit numbers owned by the implementation.
 */
#ifndef COMSCAN_CORE_REGTREE_H
#define COMSCAN_CORE_REGTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t cs_regref;
#define CS_REGREF_NONE UINT64_MAX

/* The registry's name limits, in UTF-16 units (Microsoft, "Registry
 * element size limits"): what a .reg file may hold and what a hive should. */
#define CS_REG_MAX_KEY_NAME 255u
#define CS_REG_MAX_VALUE_NAME 16383u

/* Registry value types (winnt.h). */
enum {
	CS_REG_NONE = 0, CS_REG_SZ = 1, CS_REG_EXPAND_SZ = 2, CS_REG_BINARY = 3,
	CS_REG_DWORD = 4, CS_REG_DWORD_BIG_ENDIAN = 5, CS_REG_LINK = 6,
	CS_REG_MULTI_SZ = 7, CS_REG_RESOURCE_LIST = 8,
	CS_REG_FULL_RESOURCE_DESCRIPTOR = 9, CS_REG_RESOURCE_REQUIREMENTS_LIST = 10,
	CS_REG_QWORD = 11
};

/* Where a key or value came from: a byte offset, and a line for text. */
typedef struct cs_regsource {
	uint64_t offset; /* COMSCAN_NO_OFFSET when unknown */
	uint32_t line;   /* 1-based; 0 for binary formats */
} cs_regsource;

typedef struct cs_regtree_ops {
	/* The top key (for a .reg file: an unnamed key above the root keys). */
	cs_regref (*root)(const void *impl);
	size_t (*child_count)(const void *impl, cs_regref key);
	cs_regref (*child_at)(const void *impl, cs_regref key, size_t i);
	/* The child named name (n units, compared case-insensitively). */
	cs_regref (*child_find)(const void *impl, cs_regref key, const uint16_t *name, size_t n);
	size_t (*value_count)(const void *impl, cs_regref key);
	cs_regref (*value_at)(const void *impl, cs_regref key, size_t i);
	/* The value named name; n == 0 finds the default value. */
	cs_regref (*value_find)(const void *impl, cs_regref key, const uint16_t *name, size_t n);
	/* Copies up to cap units of the name into dst; returns its full length. */
	size_t (*key_name)(const void *impl, cs_regref key, uint16_t *dst, size_t cap);
	size_t (*value_name)(const void *impl, cs_regref val, uint16_t *dst, size_t cap);
	uint32_t (*value_type)(const void *impl, cs_regref val);
	/* Copies up to cap data bytes into dst; returns the full data size. */
	size_t (*value_data)(const void *impl, cs_regref val, uint8_t *dst, size_t cap);
	cs_regsource (*key_source)(const void *impl, cs_regref key);
	cs_regsource (*value_source)(const void *impl, cs_regref val);
} cs_regtree_ops;

typedef struct cs_regtree {
	const cs_regtree_ops *ops;
	const void *impl;
} cs_regtree;

#endif /* COMSCAN_CORE_REGTREE_H */
