/*
 * values.c - value lists, key values ("vk") and their data (regf.md 1.8-1.10).
 *
 *   value list  count x vk offset (count from the key node; no header)
 *   vk          "vk" | name length u16 | data size u32 | data offset u32 |
 *               type u32 | flags u16 (0x1: Latin-1 name) | spare u16 | name
 *   data size   bit 31 set: the data (at most 4 bytes) is resident in the
 *               FIRST bytes of the data offset field ([MS]; libregf reads
 *               the last bytes, regf.md 0.1); 0: no data
 *   data cell   the first `size` bytes of the cell; when size > 16344 in a
 *               version above 1.3 the cell is a big-data record:
 *   db          "db" | segment count u16 | segment list offset u32, the list
 *               holding count segment offsets; every segment but the last
 *               carries 16344 bytes ([MS] big data); the declared size is
 *               leading ([LY]): missing bytes are a finding
 *
 * Data is validated whether or not the visitor asks for it; it is copied
 * out (into the walk's reused buffer) only when it does.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/sort.h"
#include "core/ucase.h"
#include "regf/regf.h"

#define KEY_PREDEF_HANDLE 0x0040u
#define VALUE_COMP_NAME 0x0001u
#define VK_FIXED 20u

/* The bytes of one value being assembled. */
typedef struct vdata {
	uint64_t at;              /* file offset of the vk, for findings */
	uint32_t size;            /* declared size */
	size_t got;               /* bytes gathered */
	bool copy;                /* copy them into s->data */
} vdata;

static bool
data_reserve(regf_hive *h, regf_scratch *s, size_t n)
{
	if (!cs_grow(h->ctx->alloc, (void **)&s->data, &s->data_cap, n ? n : 1, 1)) {
		h->ctx->nomem = true;
		return false;
	}
	return true;
}

/* Appends n bytes at off of cell to the value's data. */
static void
gather(regf_scratch *s, vdata *d, const cs_cursor *cell, size_t off, size_t n)
{
	if (d->copy)
		(void)cs_cur_copy_at(cell, off, s->data + d->got, n);
	d->got += n;
}

/* The segments of a big-data record (cell db). */
static void
big_data(regf_hive *h, regf_scratch *s, vdata *d, const cs_cursor *db, uint32_t db_off)
{
	uint16_t count = 0;
	uint32_t list_off = 0, k;
	cs_cursor list;
	bool first, whole;
	size_t room;
	(void)cs_cur_u16_at(db, 2, &count);
	(void)cs_cur_u32_at(db, 4, &list_off);
	if (db->size < 8) {
		cs_emit(h->ctx, CS_REGF_DB_TRUNCATED, regf_abs(h, db_off) + 4,
		    "big-data record in a cell of %zu bytes: its segment list offset is cut",
		    db->size);
		return;
	}
	if (!regf_cell(h, list_off, regf_abs(h, db_off) + 8, "big-data segment list", &list, &first))
		return;
	if (!first)
		cs_emit(h->ctx, CS_REGF_VK_SHARED, regf_abs(h, db_off) + 8,
		    "big-data segment list 0x%X is used by another record too", (unsigned)list_off);
	room = list.size / 4;
	whole = count <= room;
	if (!whole) {
		cs_emit(h->ctx, CS_REGF_DB_OVERFLOW, regf_abs(h, db_off) + 6,
		    "big-data record counts %u segments; its segment list holds %zu", (unsigned)count, room);
		count = (uint16_t)room;
	}
	/* every listed segment is resolved (and counted as used); past a count
	 * larger than the list, only the segments the size needs */
	for (k = 0; k < count && (whole || d->got < d->size); k++) {
		uint32_t seg_off = 0;
		size_t take;
		cs_cursor seg;
		(void)cs_cur_u32_at(&list, 4 * (size_t)k, &seg_off);
		if (!regf_cell(h, seg_off, cs_cur_abs_at(&list, 4 * (size_t)k), "big-data segment", &seg,
		        &first))
			break;
		if (!first)
			cs_emit(h->ctx, CS_REGF_VK_SHARED, cs_cur_abs_at(&list, 4 * (size_t)k),
			    "big-data segment 0x%X is used a second time (listed twice, or by another "
			    "record)", (unsigned)seg_off);
		if (d->got >= d->size)
			continue; /* listed, not needed: the declared size leads ([LY]) */
		take = d->size - d->got < REGF_SEGMENT ? d->size - d->got : REGF_SEGMENT;
		if (seg.size < take) {
			cs_emit(h->ctx, CS_REGF_DB_SEGMENT, regf_abs(h, seg_off) + 4,
			    "big-data segment %u holds %zu bytes where %zu are needed", (unsigned)k + 1,
			    seg.size, take);
			take = seg.size;
		}
		gather(s, d, &seg, 0, take);
	}
	if (d->got < d->size)
		cs_emit(h->ctx, CS_REGF_DB_SEGMENT, d->at,
		    "big data of %u declared bytes: its segments hold %zu", (unsigned)d->size, d->got);
}

/* Gathers the data of a value whose data offset is off and size d->size. */
static void
value_data(regf_hive *h, regf_scratch *s, vdata *d, uint32_t off)
{
	cs_cursor cell;
	bool first;
	if (!regf_cell(h, off, d->at + 8, "value data", &cell, &first))
		return;
	if (!first)
		cs_emit(h->ctx, CS_REGF_VK_SHARED, d->at + 8,
		    "value data cell 0x%X is used by another value too", (unsigned)off);
	if (h->big_data && d->size > REGF_SEGMENT) {
		if (cs_cur_equals_at(&cell, 0, "db", 2)) {
			big_data(h, s, d, &cell, off);
			return;
		}
		cs_emit(h->ctx, CS_REGF_DB_SIGNATURE, d->at + 8,
		    "value of %u bytes: its data cell 0x%X is not a big-data record", (unsigned)d->size,
		    (unsigned)off);
	}
	if (d->size > cell.size) {
		if (!(h->big_data && d->size > REGF_SEGMENT)) /* else reported just above */
			cs_emit(h->ctx, CS_REGF_VK_DATA_SHORT, d->at + 4,
			    "value declares %u data bytes; its data cell holds %zu", (unsigned)d->size,
			    cell.size);
		gather(s, d, &cell, 0, cell.size);
		return;
	}
	gather(s, d, &cell, 0, d->size);
}

/* Reads one vk at cell index off and hands it to the visitor; false when
 * the walk must stop. */
static bool
one_value(regf_hive *h, const regf_visitor *v, regf_scratch *s, uint32_t off, uint64_t from,
    regf_vname *vn)
{
	cs_cursor cell;
	bool first;
	uint16_t nlen = 0, flags = 0;
	uint32_t raw = 0, doff = 0, type = 0;
	vdata d;
	regf_value val;
	vn->off = REGF_NIL;
	vn->hash = 0;
	if (!regf_cell(h, off, from, "value", &cell, &first))
		return true;
	d.at = regf_abs(h, off) + 4;
	if (!first)
		cs_emit(h->ctx, CS_REGF_VK_SHARED, d.at, "value record 0x%X is listed a second time",
		    (unsigned)off);
	if (!cs_cur_equals_at(&cell, 0, "vk", 2)) {
		cs_emit(h->ctx, CS_REGF_VK_SIGNATURE, d.at, "cell 0x%X should be a value ('vk')",
		    (unsigned)off);
		return true;
	}
	(void)cs_cur_u16_at(&cell, 2, &nlen);
	if (cell.size < VK_FIXED || nlen > cell.size - VK_FIXED) {
		cs_emit(h->ctx, CS_REGF_VK_TRUNCATED, d.at,
		    "value record of %zu bytes; its fixed part and %u-byte name need %u", cell.size,
		    (unsigned)nlen, VK_FIXED + nlen);
		return true;
	}
	(void)cs_cur_u32_at(&cell, 4, &raw);
	(void)cs_cur_u32_at(&cell, 8, &doff);
	(void)cs_cur_u32_at(&cell, 12, &type);
	(void)cs_cur_u16_at(&cell, 16, &flags);
	if (!regf_name_decode(h, &cell, VK_FIXED, nlen, flags & VALUE_COMP_NAME, d.at, "value",
	        &s->name))
		return false;
	vn->off = off;
	vn->hash = regf_name_hash(s->name.p, s->name.len);
	d.size = raw & 0x7FFFFFFFu;
	d.got = 0;
	d.copy = false;
	if (raw & 0x80000000u) {
		if (d.size > 4) {
			cs_emit(h->ctx, CS_REGF_VK_RESIDENT_SIZE, d.at + 4,
			    "resident value data of %u bytes (at most 4 fit)", (unsigned)d.size);
			d.size = 4;
		}
		d.copy = v->want_data && data_reserve(h, s, 4);
		gather(s, &d, &cell, 8, d.size);
	} else if (d.size > h->ctx->limits.max_value_size) {
		cs_emit(h->ctx, CS_REGF_VK_TOO_LARGE, d.at + 4,
		    "value of %u bytes exceeds max_value_size (%u); its data is not read", (unsigned)d.size,
		    (unsigned)h->ctx->limits.max_value_size);
		value_data(h, s, &d, doff); /* its cells are checked and counted as used */
		d.got = 0;
	} else if (d.size > 0) {
		d.copy = v->want_data && data_reserve(h, s, d.size);
		value_data(h, s, &d, doff);
	}
	if (h->ctx->nomem)
		return false;
	val.name = s->name.p;
	val.name_len = s->name.len;
	val.type = type;
	val.data = d.copy ? s->data : NULL;
	val.size = d.got;
	val.offset = d.at;
	return v->value == NULL || v->value(v->arg, &val);
}

/* Decodes again, without findings, the name of the vk at off (it was
 * read by one_value). */
static bool
name_of(regf_hive *h, uint32_t off, regf_name *name)
{
	cs_cursor cell;
	uint16_t nlen = 0, flags = 0;
	if (!regf_cell_again(h, off, &cell))
		return false;
	(void)cs_cur_u16_at(&cell, 2, &nlen);
	(void)cs_cur_u16_at(&cell, 16, &flags);
	return regf_name_decode(h, &cell, VK_FIXED, nlen, flags & VALUE_COMP_NAME, 0, NULL, name);
}

/* What the sort of a key's value names compares with. */
typedef struct vname_sort {
	regf_hive *h;
	regf_scratch *s;
} vname_sort;

/* Orders value records by name hash, then by upper-cased name (equal
 * hashes are easy to come by: the hash is the lh one), then by position;
 * records that could not be read go last. */
static int
vname_cmp(const void *a, const void *b, void *arg)
{
	const regf_vname *x = a, *y = b;
	vname_sort *vs = arg;
	int c;
	if (x->off == REGF_NIL || y->off == REGF_NIL)
		return (x->off == REGF_NIL) - (y->off == REGF_NIL);
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (!name_of(vs->h, x->off, &vs->s->name) || !name_of(vs->h, y->off, &vs->s->other))
		return 0; /* nomem: reported after the sort */
	c = cs_ucmp_ci(vs->s->name.p, vs->s->name.len, vs->s->other.p, vs->s->other.len);
	if (c != 0)
		return c;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* Reports values of one key with equal names: sorted by hash and name,
 * they are neighbours, in O(n log n) comparisons whatever the hashes. */
static bool
check_duplicates(regf_hive *h, regf_scratch *s, size_t n, uint64_t key_at)
{
	vname_sort vs = { h, s };
	size_t i;
	if (!cs_sort_r(h->ctx, s->names, n, sizeof *s->names, vname_cmp, &vs) || h->ctx->nomem)
		return false;
	for (i = 1; i < n; i++) {
		if (s->names[i].off == REGF_NIL || s->names[i].hash != s->names[i - 1].hash)
			continue;
		if (!name_of(h, s->names[i - 1].off, &s->name) || !name_of(h, s->names[i].off, &s->other))
			return !h->ctx->nomem;
		if (cs_ucmp_ci(s->name.p, s->name.len, s->other.p, s->other.len) == 0)
			cs_emit(h->ctx, CS_REGF_VK_DUPLICATE, regf_abs(h, s->names[i].off) + 4,
			    "key at 0x%llX has two values of the same name (records 0x%X and 0x%X)",
			    (unsigned long long)key_at, (unsigned)s->names[i - 1].off,
			    (unsigned)s->names[i].off);
	}
	return true;
}

bool
regf_values_walk(regf_hive *h, const regf_nk *nk, const regf_visitor *v, regf_scratch *s)
{
	uint64_t at = regf_abs(h, nk->off) + 4;
	uint32_t n = nk->flags & KEY_PREDEF_HANDLE ? 0 : nk->nvalues, k;
	cs_cursor list;
	bool first;
	if (n == 0)
		return true;
	if (!regf_cell(h, nk->values, at + 40, "value list", &list, &first))
		return true;
	if (!first)
		cs_emit(h->ctx, CS_REGF_VK_SHARED, at + 40, "value list 0x%X is used by another key too",
		    (unsigned)nk->values);
	if (n > list.size / 4) {
		cs_emit(h->ctx, CS_REGF_VLIST_OVERFLOW, at + 36,
		    "key counts %u values; its value list holds %zu", (unsigned)n, list.size / 4);
		n = (uint32_t)(list.size / 4);
	}
	if (!cs_grow(h->ctx->alloc, (void **)&s->names, &s->names_cap, n, sizeof *s->names)) {
		h->ctx->nomem = true;
		return false;
	}
	for (k = 0; k < n; k++) {
		uint32_t off = 0, ahead = REGF_NIL;
		if (k == 0) /* a cache hint for the first records, then one ahead */
			for (ahead = 0; ahead < 8 && ahead < n; ahead++)
				if (cs_cur_u32_at(&list, 4 * (size_t)ahead, &off))
					regf_prefetch_cell(h, off);
		if (k + 8 < n && cs_cur_u32_at(&list, 4 * ((size_t)k + 8), &ahead))
			regf_prefetch_cell(h, ahead);
		(void)cs_cur_u32_at(&list, 4 * (size_t)k, &off);
		if (!one_value(h, v, s, off, cs_cur_abs_at(&list, 4 * (size_t)k), &s->names[k]))
			return false;
	}
	return check_duplicates(h, s, n, at);
}

void
regf_scratch_free(regf_hive *h, regf_scratch *s)
{
	cs_ctx_free(h->ctx, s->name.p);
	cs_ctx_free(h->ctx, s->other.p);
	cs_ctx_free(h->ctx, s->data);
	cs_ctx_free(h->ctx, s->names);
	memset(s, 0, sizeof *s);
}
