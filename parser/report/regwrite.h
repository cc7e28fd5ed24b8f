/*
 * regwrite.h - registry trees as TSV or as a canonical .reg file.
 */
#ifndef COMSCAN_REPORT_REGWRITE_H
#define COMSCAN_REPORT_REGWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "comscan/comscan.h"
#include "core/regtree.h"
#include "core/strbuf.h"

/* "REG_SZ", ... or "0x1234" for a type without a name. */
void cs_reg_type_name(uint32_t type, char *buf, size_t cap);
/* Appends one TSV line (docs/tsv.md) to sb: a key line "K\tpath" when
 * name is NULL, else a value line "V\tpath\tname\ttype\tsize"; path is
 * already escaped (cs_sb_put_u16 with CS_U16_PATH). */
void cs_tsv_line(cs_strbuf *sb, const char *path, size_t plen, const uint16_t *name, size_t nlen,
    uint32_t type, uint64_t size);
/* Return 0, -1 when memory ran out, or the sink's non-zero error.  The
 * .reg writer leaves out keys deeper than max_depth levels (a root key is
 * level 1), as a reader with that max_key_depth would refuse them. */
int cs_write_tsv(const cs_regtree *t, const comscan_allocator *a, comscan_sink sink, void *ctx);
int cs_write_reg(const cs_regtree *t, const comscan_allocator *a, size_t max_depth,
    comscan_sink sink, void *ctx);

#endif /* COMSCAN_REPORT_REGWRITE_H */
