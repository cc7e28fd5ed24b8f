/*
 * pdb.c - the #Pdb stream of a stand-alone Portable PDB ("Portable PDB
 * v1.0: Format Specification", section "#Pdb stream").
 *
 *   off  size  field
 *   0    20    PDB id
 *   20   4     EntryPoint: 0 or a MethodDef token (0x06xxxxxx, row != 0)
 *   24   8     ReferencedTypeSystemTables: bit vector, n bits set
 *   32   4n    TypeSystemTableRows: row count of each referenced table
 *
 * The row counts size and bound the indexes the debug tables make into
 * the type-system tables, which live in another file.
 */
#include "clb/metadata.h"

#define PDB_HEADER 32
#define TOKEN_METHODDEF 0x06u

void
clb_pdb_parse(cs_ctx *ctx, clb_md *md)
{
	int idx = md->role_stream[CLB_ROLE_PDB];
	const clb_stream *s;
	cs_cursor p;
	uint32_t entry;
	uint64_t mask, allowed = clb_schema_type_system_mask();
	size_t off = PDB_HEADER;
	unsigned id;

	if (idx < 0 || !md->streams[idx].in_bounds)
		return;
	s = &md->streams[idx];
	if (!cs_cur_window(&md->root, s->offset, s->size, &p))
		return;
	md->pdb = true;
	if (!cs_cur_u32_at(&p, 20, &entry) || !cs_cur_u64_at(&p, 24, &mask)) {
		cs_emit(ctx, CS_CLB_PDB_TRUNCATED, cs_cur_abs_at(&p, 0),
		    "#Pdb stream is 0x%zX bytes, shorter than its 32-byte header", p.size);
		return;
	}
	if (mask & ~allowed)
		cs_emit(ctx, CS_CLB_PDB_TABLE_MASK, cs_cur_abs_at(&p, 24),
		    "#Pdb ReferencedTypeSystemTables 0x%016llX names non-type-system tables "
		    "0x%016llX", (unsigned long long)mask, (unsigned long long)(mask & ~allowed));
	for (id = 0; id < CLB_TABLE_SLOTS; id++) {
		uint32_t rows;
		if (!(mask >> id & 1))
			continue;
		if (!cs_cur_u32_at(&p, off, &rows)) {
			cs_emit(ctx, CS_CLB_PDB_TRUNCATED, cs_cur_abs_at(&p, off),
			    "#Pdb stream ends before the row count of table 0x%02X", id);
			return;
		}
		if (rows > 0x00FFFFFFu)
			cs_emit(ctx, CS_CLB_TABLES_ROWS_TOO_MANY, cs_cur_abs_at(&p, off),
			    "#Pdb row count of %s is 0x%X, above 0x00FFFFFF",
			    clb_schema_table_name(id), rows);
		md->ext_rows[id] = rows;
		off += 4;
	}
	if (entry != 0 && ((entry >> 24) != TOKEN_METHODDEF || (entry & 0x00FFFFFFu) == 0 ||
			      (entry & 0x00FFFFFFu) > md->ext_rows[CLB_T_METHODDEF]))
		cs_emit(ctx, CS_CLB_PDB_ENTRY_POINT, cs_cur_abs_at(&p, 20),
		    "#Pdb entry point 0x%08X is not 0 or a MethodDef token within %u methods", entry,
		    md->ext_rows[CLB_T_METHODDEF]);
}
