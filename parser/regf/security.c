/*
 * security.c - key security records ("sk", regf.md 1.11; [MS] key security).
 *
 *   "sk" | reserved u16 | flink u32 | blink u32 | reference count u32 |
 *   descriptor size u32 | self-relative security descriptor
 *
 * Many keys share one record.  Each record is resolved and checked the
 * first time a key refers to it; later keys only count the reference (in
 * an open-addressing table on the cell index, so a bad record is reported
 * once, however many keys use it).  After the walk each record's
 * reference count is compared with the keys that used it (when keys were
 * left out of the walk, only a count below that is reported), and its links
 * with its neighbours': the records form a ring in which flink's blink and
 * blink's flink are the record itself.
 */
#include <string.h>

#include "core/alloc.h"
#include "regf/regf.h"

#define SK_FIXED 20u
#define SK_BAD UINT32_MAX /* refs value of a record that failed its checks */

/* Index of off in the table (a free slot when absent). */
static size_t
slot_of(const regf_sktab *t, uint32_t off)
{
	size_t i = (off / 8 * 2654435761u) & (t->cap - 1);
	while (t->off[i] != REGF_NIL && t->off[i] != off)
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* Doubles the table; false on nomem. */
static bool
grow(regf_hive *h, regf_sktab *t)
{
	regf_sktab n;
	size_t i;
	n.cap = t->cap ? t->cap * 2 : 64;
	n.n = t->n;
	n.off = cs_ctx_calloc(h->ctx, n.cap, sizeof *n.off);
	n.refs = cs_ctx_calloc(h->ctx, n.cap, sizeof *n.refs);
	if (n.off == NULL || n.refs == NULL) {
		cs_ctx_free(h->ctx, n.off);
		cs_ctx_free(h->ctx, n.refs);
		return false;
	}
	memset(n.off, 0xFF, n.cap * sizeof *n.off);
	for (i = 0; i < t->cap; i++) {
		if (t->off[i] != REGF_NIL) {
			size_t j = slot_of(&n, t->off[i]);
			n.off[j] = t->off[i];
			n.refs[j] = t->refs[i];
		}
	}
	regf_sk_free(h, t);
	*t = n;
	return true;
}

/* Checks a record the first time a key uses it. */
static bool
check_record(regf_hive *h, uint32_t off, uint64_t from)
{
	cs_cursor cell;
	bool first;
	uint32_t dsize = 0;
	if (!regf_cell(h, off, from, "security record", &cell, &first))
		return false;
	if (!cs_cur_equals_at(&cell, 0, "sk", 2) || cell.size < SK_FIXED ||
	    !cs_cur_u32_at(&cell, 16, &dsize) || dsize > cell.size - SK_FIXED) {
		cs_emit(h->ctx, CS_REGF_SK_SIGNATURE, regf_abs(h, off) + 4,
		    "cell 0x%X is not a security record whose descriptor (%u bytes) fits its %zu bytes",
		    (unsigned)off, (unsigned)dsize, cell.size);
		return false;
	}
	return true;
}

bool
regf_sk_use(regf_hive *h, regf_sktab *t, const regf_nk *nk)
{
	size_t i;
	if ((t->n + 1) * 2 > t->cap && !grow(h, t))
		return false;
	i = slot_of(t, nk->security);
	if (t->off[i] == REGF_NIL) {
		t->off[i] = nk->security;
		t->refs[i] = check_record(h, nk->security, regf_abs(h, nk->off) + 4 + 44) ? 0 : SK_BAD;
		t->n++;
	}
	if (t->refs[i] != SK_BAD)
		t->refs[i]++;
	return !h->ctx->nomem;
}

/* True when the record at off links back to want through field at. */
static bool
links_back(const regf_hive *h, uint32_t off, size_t at, uint32_t want)
{
	cs_cursor cell;
	uint32_t v = REGF_NIL;
	return regf_cell_again(h, off, &cell) && cs_cur_equals_at(&cell, 0, "sk", 2) &&
	       cs_cur_u32_at(&cell, at, &v) && v == want;
}

void
regf_sk_finish(regf_hive *h, regf_sktab *t)
{
	size_t i;
	for (i = 0; i < t->cap; i++) {
		cs_cursor cell;
		uint32_t flink = 0, blink = 0, count = 0, off = t->off[i];
		if (off == REGF_NIL || t->refs[i] == SK_BAD || !regf_cell_again(h, off, &cell))
			continue;
		(void)cs_cur_u32_at(&cell, 4, &flink);
		(void)cs_cur_u32_at(&cell, 8, &blink);
		(void)cs_cur_u32_at(&cell, 12, &count);
		if (!links_back(h, flink, 8, off) || !links_back(h, blink, 4, off))
			cs_emit(h->ctx, CS_REGF_SK_RING, regf_abs(h, off) + 8,
			    "security record 0x%X: flink 0x%X and blink 0x%X do not both link back to it",
			    (unsigned)off, (unsigned)flink, (unsigned)blink);
		/* when keys were left out of the walk, only more users than
		 * the record counts is certain */
		if (h->partial ? count < t->refs[i] : count != t->refs[i])
			cs_emit(h->ctx, CS_REGF_SK_REFCOUNT, regf_abs(h, off) + 16,
			    "security record 0x%X counts %u references; %u keys of the tree use it",
			    (unsigned)off, (unsigned)count, (unsigned)t->refs[i]);
	}
}

void
regf_sk_free(regf_hive *h, regf_sktab *t)
{
	cs_ctx_free(h->ctx, t->off);
	cs_ctx_free(h->ctx, t->refs);
	memset(t, 0, sizeof *t);
}
