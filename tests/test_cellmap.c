/*
 * test_cellmap.c - the hive cell map (parser/regf/cellmap.c) against a
 * plain array of slot states: random cell layouts across many rank blocks
 * (every word of a block and sub-count position, blocks full of cells, empty blocks),
 * first use and reuse, the unreferenced-cell iteration, a map shortened at
 * finish, the bin-start flags (bin headers told from the middle of a big
 * bin, surviving finish) and every allocation failing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "comscan/comscan.h"
#include "core/findings.h"
#include "regf/regf.h"
#include "support/failalloc.h"

#define NSLOTS 5000u /* ~10 rank blocks of 512 slots */

/* Deterministic xorshift32. */
static uint32_t
next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Fills the map and want[] with cells: density in 1/16 steps (16 = a
 * cell at every slot), allocated with probability 3/4. */
static void
fill(cs_ctx *ctx, regf_cellmap *m, unsigned *want, uint32_t seed, unsigned density)
{
	size_t slot;
	assert_true(regf_map_init(ctx, m, NSLOTS));
	for (slot = 0; slot < NSLOTS; slot++) {
		want[slot] = REGF_SLOT_NONE;
		/* an empty run and a full run of blocks test the directory edges */
		if (slot >= 1024 && slot < 1536)
			continue;
		if (!(slot >= 2048 && slot < 2560) && next_rand(&seed) % 16 >= density)
			continue;
		want[slot] = next_rand(&seed) % 4 ? REGF_SLOT_ALLOC : REGF_SLOT_FREE;
		assert_true(regf_map_add(ctx, m, slot, want[slot] == REGF_SLOT_ALLOC));
	}
	regf_map_finish(m, NSLOTS);
}

typedef struct seen {
	size_t n, slots[NSLOTS];
} seen;

static void
record(void *arg, size_t slot)
{
	seen *s = arg;
	s->slots[s->n++] = slot;
}

/* The map agrees with want[] slot by slot, before and after using half
 * the cells, and lists exactly the allocated unused ones. */
static void
test_matches_array(void **state)
{
	static unsigned want[NSLOTS];
	static seen got;
	unsigned density;
	(void)state;
	for (density = 1; density <= 16; density += 5) {
		cs_ctx ctx;
		regf_cellmap m;
		uint32_t seed = 0x9E3779B9u + density;
		size_t slot, n, k;
		assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
		fill(&ctx, &m, want, seed, density);
		for (slot = 0; slot < NSLOTS + 100; slot++)
			assert_int_equal(regf_map_state(&m, slot),
			    slot < NSLOTS ? want[slot] : REGF_SLOT_NONE);
		for (slot = 0; slot < NSLOTS; slot += 2) {
			unsigned before = want[slot];
			assert_int_equal(regf_map_take(&m, slot), before);
			if (before == REGF_SLOT_ALLOC)
				want[slot] = REGF_SLOT_USED;
			/* a second take sees the first */
			assert_int_equal(regf_map_take(&m, slot), want[slot]);
		}
		for (slot = 0; slot < NSLOTS; slot++)
			assert_int_equal(regf_map_state(&m, slot), want[slot]);
		got.n = 0;
		regf_map_each_unused(&m, record, &got);
		for (slot = 0, n = 0; slot < NSLOTS; slot++)
			if (want[slot] == REGF_SLOT_ALLOC) {
				assert_true(n < got.n);
				assert_int_equal(got.slots[n], slot);
				n++;
			}
		assert_int_equal(got.n, n);
		for (k = 0; k < NSLOTS; k++) /* the rest used: none listed */
			(void)regf_map_take(&m, k);
		got.n = 0;
		regf_map_each_unused(&m, record, &got);
		assert_int_equal(got.n, 0);
		regf_map_free(&ctx, &m);
		cs_ctx_fini(&ctx);
	}
}

/* Slots added out of order or past the map are ignored; finish with a
 * shorter length cuts the map. */
static void
test_order_and_shorten(void **state)
{
	cs_ctx ctx;
	regf_cellmap m;
	(void)state;
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	assert_true(regf_map_init(&ctx, &m, 1000));
	assert_true(regf_map_add(&ctx, &m, 10, true));
	assert_true(regf_map_add(&ctx, &m, 5, true));     /* out of order */
	assert_true(regf_map_add(&ctx, &m, 10, false));   /* repeated */
	assert_true(regf_map_add(&ctx, &m, 1000, true));  /* past the map */
	assert_true(regf_map_add(&ctx, &m, 700, false));
	regf_map_finish(&m, 600);
	assert_int_equal(regf_map_state(&m, 5), REGF_SLOT_NONE);
	assert_int_equal(regf_map_state(&m, 10), REGF_SLOT_ALLOC);
	assert_int_equal(regf_map_state(&m, 700), REGF_SLOT_NONE);
	assert_int_equal(m.nslots, 600);
	assert_int_equal(m.ncells, 2);
	regf_map_free(&ctx, &m);
	cs_ctx_fini(&ctx);
}

/* Bins at 0 (4 KiB), 4096 (12 KiB) and 16384: a slot is in a bin header
 * exactly in the first 32 bytes of each, not at 4096-multiples inside the
 * 12 KiB bin; misaligned bin starts and slots past the map are refused;
 * the flags do not disturb the ranks (cells in every word of a block). */
static void
test_bin_headers(void **state)
{
	cs_ctx ctx;
	regf_cellmap m;
	size_t slot, nslots = 20480 / 8;
	(void)state;
	assert_int_equal(cs_ctx_init(&ctx, NULL), COMSCAN_OK);
	assert_true(regf_map_init(&ctx, &m, nslots));
	regf_map_add_bin(&m, 0);
	regf_map_add_bin(&m, 4096 / 8);
	regf_map_add_bin(&m, 16384 / 8);
	regf_map_add_bin(&m, 8200 / 8);   /* not 4096-aligned: ignored */
	regf_map_add_bin(&m, nslots + 512); /* past the map: ignored */
	for (slot = 4; slot < nslots; slot += 5)
		assert_true(regf_map_add(&ctx, &m, slot, slot % 2 == 0));
	regf_map_finish(&m, nslots);
	for (slot = 0; slot < nslots + 600; slot++) {
		size_t off = slot * 8;
		bool header = slot < nslots && (off < 32 || (off >= 4096 && off < 4128) ||
		                                   (off >= 16384 && off < 16416));
		assert_int_equal(regf_map_in_bin_header(&m, slot), header);
		if (slot >= 4 && slot < nslots && (slot - 4) % 5 == 0)
			assert_int_equal(regf_map_state(&m, slot),
			    slot % 2 == 0 ? REGF_SLOT_ALLOC : REGF_SLOT_FREE);
		else
			assert_int_equal(regf_map_state(&m, slot), REGF_SLOT_NONE);
	}
	regf_map_free(&ctx, &m);
	cs_ctx_fini(&ctx);
}

/* Every allocation of init and add failing: false, ctx->nomem for add,
 * nothing leaked after free. */
static void
test_allocation_failures(void **state)
{
	size_t fail_at;
	(void)state;
	for (fail_at = 0; fail_at < 40; fail_at++) {
		failalloc fa;
		comscan_options opts;
		cs_ctx ctx;
		regf_cellmap m;
		size_t slot;
		bool ok;
		failalloc_init(&fa, fail_at);
		comscan_options_init(&opts);
		opts.allocator = &fa.a;
		if (cs_ctx_init(&ctx, &opts) != COMSCAN_OK) {
			failalloc_fini(&fa);
			continue;
		}
		ok = regf_map_init(&ctx, &m, 100000);
		for (slot = 0; ok && slot < 100000; slot += 3)
			ok = regf_map_add(&ctx, &m, slot, slot % 2 == 0);
		if (!ok)
			assert_true(fa.failed);
		else
			regf_map_finish(&m, 100000);
		regf_map_free(&ctx, &m);
		cs_ctx_fini(&ctx);
		assert_int_equal(fa.nlive, 0);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_array),
		cmocka_unit_test(test_order_and_shorten),
		cmocka_unit_test(test_bin_headers),
		cmocka_unit_test(test_allocation_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
