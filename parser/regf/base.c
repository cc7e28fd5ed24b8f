/*
 * base.c - the base block of a hive (regf.md 1.2, 1.3; [MS] base block).
 *
 *   off  len  field
 *     0    4  "regf"
 *     4    4  primary sequence number     (incremented when a write starts)
 *     8    4  secondary sequence number   (incremented when it ends)
 *    20    4  major version (1)     24  4  minor version (3..6; 1, 2 = NT 3.x)
 *    28    4  file type (0 primary; 1, 2, 6 transaction logs)
 *    32    4  file format (1)       36  4  root cell index
 *    40    4  hive bins data size   44  4  clustering factor (1)
 *    48   64  file name (UTF-16, the tail of the hive's path)
 *   508    4  checksum: XOR of the dwords at 0..507; 0 is written as 1 and
 *             0xFFFFFFFF as 0xFFFFFFFE
 *
 * A bad checksum or unequal sequence numbers make the hive dirty: Windows
 * recovers it from its logs.  Neither stops comscan, which reports them
 * and reads on (hivex and libregf refuse such files; regf.md 0.1).
 */
#include <stdio.h>
#include <string.h>

#include "regf/regf.h"

uint32_t
regf_checksum(const cs_cursor *block)
{
	uint32_t sum = 0, d;
	size_t off;
	for (off = 0; off < 508; off += 4)
		if (cs_cur_u32_at(block, off, &d))
			sum ^= d;
	if (sum == 0xFFFFFFFFu)
		return 0xFFFFFFFEu;
	return sum == 0 ? 1 : sum;
}

/* The fields at their offsets; the caller knows the block is 512 bytes. */
static void
read_fields(const cs_cursor *f, regf_base *b)
{
	size_t k;
	(void)cs_cur_u32_at(f, 4, &b->seq1);
	(void)cs_cur_u32_at(f, 8, &b->seq2);
	(void)cs_cur_u32_at(f, 20, &b->major);
	(void)cs_cur_u32_at(f, 24, &b->minor);
	(void)cs_cur_u32_at(f, 28, &b->file_type);
	(void)cs_cur_u32_at(f, 32, &b->file_format);
	(void)cs_cur_u32_at(f, 36, &b->root);
	(void)cs_cur_u32_at(f, 40, &b->bins_size);
	(void)cs_cur_u32_at(f, 44, &b->clustering);
	(void)cs_cur_u32_at(f, 508, &b->checksum);
	for (k = 0; k < 32 && cs_cur_u16_at(f, 48 + 2 * k, &b->file_name[k]) && b->file_name[k]; k++)
		;
	b->file_name_len = k;
}

/* Checks the version fields; true when the layout is one comscan walks. */
static bool
check_version(cs_ctx *ctx, const regf_base *b)
{
	const char *why = b->checksum == b->checksum_computed
	                      ? ""
	                      : " (the base block failed its checksum: the field may be damaged)";
	if (b->major != 1 || b->minor == 0 || b->minor > 6) {
		cs_emit(ctx, CS_REGF_BASE_VERSION, 20, "hive format version %u.%u%s",
		    (unsigned)b->major, (unsigned)b->minor, why);
		return false;
	}
	if (b->minor <= 2) {
		cs_emit(ctx, CS_REGF_BASE_LEGACY, 24, "hive format version 1.%u (Windows NT 3.x)%s",
		    (unsigned)b->minor, why);
		return false;
	}
	return true;
}

void
regf_base_parse(cs_ctx *ctx, const cs_cursor *file, regf_base *b)
{
	cs_cursor block;
	bool version_ok;
	memset(b, 0, sizeof *b);
	if (!cs_cur_window(file, 0, 512, &block)) {
		cs_emit(ctx, CS_REGF_FILE_TOO_SMALL, 0,
		    "file of %zu bytes ends inside the base block (a hive needs at least 8192)",
		    file->size);
		return;
	}
	read_fields(&block, b);
	b->checksum_computed = regf_checksum(&block);
	if (file->size < REGF_MIN_FILE)
		cs_emit(ctx, CS_REGF_FILE_TOO_SMALL, 0,
		    "file of %zu bytes; a hive needs at least 8192 (base block and one hive bin)",
		    file->size);
	if (b->checksum != b->checksum_computed && !(ctx->flags & COMSCAN_FLAG_REGF_NO_CHECKSUM))
		cs_emit(ctx, CS_REGF_BASE_CHECKSUM, 508,
		    "base block checksum 0x%08X, computed 0x%08X", (unsigned)b->checksum,
		    (unsigned)b->checksum_computed);
	version_ok = check_version(ctx, b);
	if (b->file_type == 1 || b->file_type == 2 || b->file_type == 6) {
		cs_emit(ctx, CS_REGF_BASE_LOG_FILE, 28, "file type %u: a transaction log (%s format)",
		    (unsigned)b->file_type, b->file_type == 6 ? "new" : "old");
		return;
	}
	if (b->file_type != 0) {
		cs_emit(ctx, CS_REGF_BASE_FILE_TYPE, 28, "file type %u", (unsigned)b->file_type);
		return;
	}
	if (b->seq1 != b->seq2)
		cs_emit(ctx, CS_REGF_BASE_DIRTY, 4,
		    "primary sequence number %u, secondary %u: the last write did not complete",
		    (unsigned)b->seq1, (unsigned)b->seq2);
	if (b->file_format != 1)
		cs_emit(ctx, CS_REGF_BASE_FORMAT, 32, "file format %u", (unsigned)b->file_format);
	if (b->clustering != 1)
		cs_emit(ctx, CS_REGF_BASE_CLUSTERING, 44, "clustering factor %u",
		    (unsigned)b->clustering);
	b->walkable = version_ok;
}

/* Appends the name field to out (printable ASCII as is, '\\' doubled,
 * other units as \uXXXX); out holds 200 bytes, enough for 32 units. */
static void
escape_name(const regf_base *b, char out[200])
{
	size_t k, n = 0;
	for (k = 0; k < b->file_name_len; k++) {
		uint16_t u = b->file_name[k];
		if (u >= 0x20 && u < 0x7F && u != '\\')
			out[n++] = (char)u;
		else if (u == '\\')
			out[n++] = '\\', out[n++] = '\\';
		else
			n += (size_t)snprintf(out + n, 200 - n, "\\u%04X", (unsigned)u);
	}
	out[n] = '\0';
}

int
comscan_hive_get_info(const void *data, size_t size, comscan_hive_info *out)
{
	cs_cursor file, block;
	regf_base b;
	memset(out, 0, sizeof *out);
	cs_cur_init(&file, data, size);
	if (!cs_cur_equals_at(&file, 0, "regf", 4) || !cs_cur_window(&file, 0, 512, &block))
		return -1;
	memset(&b, 0, sizeof b);
	read_fields(&block, &b);
	out->seq1 = b.seq1;
	out->seq2 = b.seq2;
	(void)cs_cur_u64_at(&block, 12, &out->timestamp);
	out->major = b.major;
	out->minor = b.minor;
	out->file_type = b.file_type;
	out->file_format = b.file_format;
	out->root = b.root;
	out->bins_size = b.bins_size;
	out->clustering = b.clustering;
	out->checksum = b.checksum;
	out->checksum_computed = regf_checksum(&block);
	escape_name(&b, out->file_name);
	return 0;
}
