/*
 * logs.c - transaction logs of a dirty hive (regf.md 1.13, 2.7; [MS]
 * format of transaction log files).
 *
 *   old format (file type 1, 2; up to Windows 8.0)
 *     512-byte base block copy | "DIRT" | bitmap, one bit per 512-byte page
 *     of the hive bins data | the dirty pages, 512 bytes each, from the
 *     next 512-byte boundary
 *   new format (file type 6; Windows 8.1 on)
 *     512-byte base block copy | log entries from offset 512:
 *       "HvLE" | size (a multiple of 512) | flags | sequence number |
 *       hive bins data size | dirty page count | Hash-1 (8) | Hash-2 (8) |
 *       count x (offset, size) page references | the pages
 *     Hash-1 = Marvin32 of bytes 40 .. size-1 of the entry, Hash-2 =
 *     Marvin32 of bytes 0 .. 31, seed 0x82EF4D887A4E55C5
 *
 * A log is usable when its base block is valid and not itself dirty.  An
 * old-format log applies when its sequence number reaches the hive's
 * secondary one (or, for a hive whose base block is not trusted, when its
 * timestamp is not older than the first hive bin's, [MS] and yarp's
 * rule); new-format entries apply from
 * the hive's secondary sequence number on, and replay stops at the first
 * entry that fails its checks (a gap in the sequence, a bad hash).
 * comscan checks and reports; it does not replay.
 */
#include <string.h>

#include "regf/regf.h"

#define LOG_SEED 0x82EF4D887A4E55C5ull

static uint32_t
rotl32(uint32_t v, unsigned n)
{
	return v << n | v >> (32 - n);
}

/* One Marvin mixing round. */
static void
marvin_block(uint32_t *p0, uint32_t *p1)
{
	*p1 ^= *p0;
	*p0 = rotl32(*p0, 20);
	*p0 += *p1;
	*p1 = rotl32(*p1, 9);
	*p1 ^= *p0;
	*p0 = rotl32(*p0, 27);
	*p0 += *p1;
	*p1 = rotl32(*p1, 19);
}

uint64_t
regf_marvin32(const cs_cursor *c, size_t off, size_t n)
{
	uint32_t p0 = (uint32_t)LOG_SEED, p1 = (uint32_t)(LOG_SEED >> 32), v = 0, tail = 0x80;
	uint8_t b[3] = { 0, 0, 0 };
	size_t k = 0;
	for (; n - k >= 4; k += 4) {
		(void)cs_cur_u32_at(c, off + k, &v);
		p0 += v;
		marvin_block(&p0, &p1);
	}
	(void)cs_cur_copy_at(c, off + k, b, n - k);
	if (n - k == 1)
		tail = 0x8000u | b[0];
	else if (n - k == 2)
		tail = 0x800000u | b[0] | (uint32_t)b[1] << 8;
	else if (n - k == 3)
		tail = 0x80000000u | b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16;
	p0 += tail;
	marvin_block(&p0, &p1);
	marvin_block(&p0, &p1);
	return (uint64_t)p1 << 32 | p0;
}

/* The state of a hive the logs are compared with. */
typedef struct hive_state {
	bool dirty, trusted;
	uint32_t seq2;
	uint64_t stamp;           /* base block timestamp, or the first bin's when untrusted */
} hive_state;

/* Checks a log's own base block; true when it is usable. */
static bool
log_base(cs_ctx *ctx, const cs_cursor *log, uint32_t *type, uint32_t *seq1,
    uint64_t *stamp)
{
	cs_cursor block;
	uint32_t seq2 = 0, sum = 0;
	if (!cs_cur_window(log, 0, 512, &block) || !cs_cur_equals_at(log, 0, "regf", 4)) {
		cs_emit(ctx, CS_REGF_LOG_INVALID, 0, "not a transaction log (no 512-byte base block)");
		return false;
	}
	(void)cs_cur_u32_at(&block, 4, seq1);
	(void)cs_cur_u32_at(&block, 8, &seq2);
	(void)cs_cur_u64_at(&block, 12, stamp);
	(void)cs_cur_u32_at(&block, 28, type);
	(void)cs_cur_u32_at(&block, 508, &sum);
	if (*type != 1 && *type != 2 && *type != 6) {
		cs_emit(ctx, CS_REGF_LOG_INVALID, 28, "file type %u, not a log's (1, 2 or 6)",
		    (unsigned)*type);
		return false;
	}
	if (sum != regf_checksum(&block) || *seq1 != seq2) {
		cs_emit(ctx, CS_REGF_LOG_INVALID, sum != regf_checksum(&block) ? 508 : 4,
		    "the log's base block %s, so Windows does not use the log",
		    sum != regf_checksum(&block) ? "fails its checksum" : "is itself dirty");
		return false;
	}
	return true;
}

/* An old-format log: the dirty vector and its pages.  True when they are
 * whole. */
static bool
old_log(cs_ctx *ctx, const cs_cursor *log, size_t *pages)
{
	uint32_t bins = 0;
	size_t bitmap, start, k;
	(void)cs_cur_u32_at(log, 40, &bins);
	bitmap = bins / 4096; /* one bit per 512-byte page */
	if (!cs_cur_equals_at(log, 512, "DIRT", 4) || !cs_cur_has(log, 516, bitmap)) {
		cs_emit(ctx, CS_REGF_LOG_INVALID, 512, "no 'DIRT' dirty vector of %zu bytes at 512", bitmap);
		return false;
	}
	*pages = 0;
	for (k = 0; k < bitmap; k++) {
		uint8_t b = 0;
		(void)cs_cur_u8_at(log, 516 + k, &b);
		for (; b; b &= (uint8_t)(b - 1))
			(*pages)++;
	}
	start = (516 + bitmap + 511) / 512 * 512;
	if (!cs_cur_has(log, start, *pages * 512)) {
		cs_emit(ctx, CS_REGF_LOG_INVALID, 512, "%zu dirty pages from 0x%zX run past the log's end",
		    *pages, start);
		return false;
	}
	return true;
}

/* True when the entry e (size bytes, npages references from byte 40) has
 * page references that lie inside its hive bins data (bins bytes) and
 * pages that fit in the entry ([MS] dirty page references: offsets and
 * sizes of 512-byte multiples). */
static bool
pages_ok(const cs_cursor *e, uint32_t size, uint32_t bins, uint32_t npages)
{
	uint64_t total = 0;
	uint32_t k;
	for (k = 0; k < npages; k++) {
		uint32_t po = 0, ps = 0;
		(void)cs_cur_u32_at(e, 40 + 8 * (size_t)k, &po);
		(void)cs_cur_u32_at(e, 44 + 8 * (size_t)k, &ps);
		if (ps == 0 || ps % 512 != 0 || po % 512 != 0 || po > bins || ps > bins - po)
			return false;
		total += ps;
	}
	return total <= size - 40 - 8 * (uint64_t)npages;
}

/* The valid entries of a new-format log from the hive's secondary sequence
 * number on: the first and last sequence numbers (count 0 when none).
 * *broken tells that an entry failed its checks (reported). */
static size_t
new_log(cs_ctx *ctx, const cs_cursor *log, uint32_t from, uint32_t *first,
    uint32_t *last, bool *broken)
{
	size_t off = 512, count = 0;
	bool started = false;
	*broken = false;
	while (cs_cur_has(log, off, 40) && cs_cur_equals_at(log, off, "HvLE", 4)) {
		uint32_t size = 0, seq = 0, bins = 0, pages = 0;
		uint64_t h1 = 0, h2 = 0;
		cs_cursor e;
		(void)cs_cur_u32_at(log, off + 4, &size);
		(void)cs_cur_u32_at(log, off + 12, &seq);
		(void)cs_cur_u32_at(log, off + 16, &bins);
		(void)cs_cur_u32_at(log, off + 20, &pages);
		(void)cs_cur_u64_at(log, off + 24, &h1);
		(void)cs_cur_u64_at(log, off + 32, &h2);
		if (size < 512 || size % 512 != 0 || !cs_cur_window(log, off, size, &e) || bins < 4096 ||
		    bins % 4096 != 0 || pages == 0 || pages > (size - 40) / 8 ||
		    regf_marvin32(&e, 40, size - 40) != h1 || regf_marvin32(&e, 0, 32) != h2 ||
		    (started && seq != *last + 1) || !pages_ok(&e, size, bins, pages)) {
			cs_emit(ctx, CS_REGF_LOG_INVALID, off,
			    "the log entry at 0x%zX (sequence %u) fails its checks; replay stops there", off,
			    (unsigned)seq);
			*broken = true;
			break;
		}
		if (seq >= from) {
			if (!started)
				*first = seq;
			started = true;
			*last = seq;
			count++;
		}
		off += size;
	}
	return count;
}

/* One log: reports what it holds; true when it would bring the hive up
 * to date. */
static bool
one_log(cs_ctx *ctx, const hive_state *hs, const comscan_buffer *lb)
{
	cs_cursor log;
	uint32_t type = 0, seq1 = 0, first = 0, last = 0;
	uint64_t stamp = 0;
	size_t n;
	bool broken = false;
	cs_cur_init(&log, lb->data, lb->size);
	ctx->source = lb->name ? lb->name : "(log)";
	if (lb->size == 0) { /* Windows leaves the unused one of two logs empty */
		cs_emit(ctx, CS_REGF_LOG_STALE, 0, "the log is empty (unused)");
		return false;
	}
	if (!log_base(ctx, &log, &type, &seq1, &stamp))
		return false;
	if (type != 6) {
		if (!old_log(ctx, &log, &n))
			return false;
		cs_emit(ctx, CS_REGF_LOG_FOUND, 0, "old-format log, sequence %u, %zu dirty pages",
		    (unsigned)seq1, n);
		/* applicable when written for this hive state: its timestamp is
		 * the primary's ([MS] L636-637; the first bin's copy when the
		 * primary's base block is not trusted, and then not older) */
		if (hs->trusted ? seq1 < hs->seq2 || stamp != hs->stamp : stamp < hs->stamp) {
			cs_emit(ctx, CS_REGF_LOG_STALE, hs->trusted && seq1 >= hs->seq2 ? 12 : 4,
			    "the log %s", hs->trusted && seq1 >= hs->seq2
			                      ? "was written for another state of the hive (its timestamp differs)"
			                      : "is older than the hive's last flush");
			return false;
		}
		return true;
	}
	n = new_log(ctx, &log, hs->trusted ? hs->seq2 : 0, &first, &last, &broken);
	if (n == 0) {
		if (!broken) /* else the failing entry was reported */
			cs_emit(ctx, CS_REGF_LOG_STALE, 512,
			    "new-format log with no valid entry from sequence %u on", (unsigned)hs->seq2);
		return false;
	}
	cs_emit(ctx, CS_REGF_LOG_FOUND, 512, "new-format log, %zu %s (sequence %u to %u)", n,
	    n == 1 ? "entry" : "entries", (unsigned)first, (unsigned)last);
	return true;
}

void
regf_check_logs(cs_ctx *ctx, const cs_cursor *file, const comscan_buffer *logs, size_t nlogs)
{
	hive_state hs;
	size_t i, usable = 0;
	const char *source = ctx->source;
	cs_cursor block;
	uint32_t seq1 = 0, type = 0, sum = 0;
	/* the hive's base block again (its own findings are reported already) */
	if (!cs_cur_equals_at(file, 0, "regf", 4) || !cs_cur_window(file, 0, 512, &block))
		return; /* a fragment of a hive has no base block to compare */
	(void)cs_cur_u32_at(file, 4, &seq1);
	(void)cs_cur_u32_at(file, 8, &hs.seq2);
	(void)cs_cur_u32_at(file, 28, &type);
	(void)cs_cur_u32_at(file, 508, &sum);
	hs.trusted = sum == regf_checksum(&block);
	hs.dirty = !hs.trusted || seq1 != hs.seq2;
	hs.stamp = 0;
	if (hs.trusted)
		(void)cs_cur_u64_at(file, 12, &hs.stamp);
	else
		(void)cs_cur_u64_at(file, REGF_BASE_SIZE + 20, &hs.stamp); /* the first bin's copy */
	if (type != 0)
		return;
	for (i = 0; i < nlogs && !ctx->nomem; i++)
		usable += one_log(ctx, &hs, &logs[i]);
	ctx->source = source;
	if (!hs.dirty || ctx->nomem)
		return;
	if (usable > 0)
		cs_emit(ctx, CS_REGF_LOG_RECOVERS, 4,
		    "%zu of the %zu transaction logs hold changes since the last flush (secondary sequence "
		    "number %u): Windows replays them on load", usable, nlogs, (unsigned)hs.seq2);
	else
		cs_emit(ctx, CS_REGF_LOG_MISSING, 4,
		    "the hive is dirty and %s: the changes since its last flush are lost",
		    nlogs ? "none of its transaction logs is usable" : "no transaction log was found");
}
