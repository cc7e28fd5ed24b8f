/*
 * fuzz_container.h - the walk over everything a container handle exposes,
 * shared by fuzz_clb and fuzz_pe.
 */
#ifndef COMSCAN_FUZZ_CONTAINER_H
#define COMSCAN_FUZZ_CONTAINER_H

#include "fuzz_common.h"

static inline unsigned
popcount64(uint64_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Walks everything a container handle exposes. */
static inline void
walk_container(const comscan_clb *clb)
{
	comscan_clb_info info;
	comscan_clb_stream s;
	comscan_clb_table t;
	comscan_pe_info pi;
	comscan_pe_section sec;
	size_t i;
	uint32_t row, col, v;

	comscan_clb_get_info(clb, &info);
	FUZZ_REQUIRE(info.version != NULL && info.table_stream != NULL);
	/* a decoded table stream lists exactly the tables its Valid mask
	 * names; an undecoded one lists none */
	FUZZ_REQUIRE(comscan_clb_table_count(clb) ==
	    (info.has_tables ? (size_t)popcount64(info.valid_mask) : 0));
	for (i = 0; comscan_clb_stream_at(clb, i, &s) == 0; i++)
		FUZZ_REQUIRE(s.name != NULL);
	FUZZ_REQUIRE(i == comscan_clb_stream_count(clb));
	for (i = 0; comscan_clb_table_at(clb, i, &t) == 0; i++) {
		FUZZ_REQUIRE(t.name != NULL);
		if (!t.readable) {
			FUZZ_REQUIRE(comscan_clb_cell(clb, t.id, 1, 0, &v) != 0);
			continue;
		}
		for (row = 1; row <= t.rows; row++)
			for (col = 0; col < t.columns; col++)
				FUZZ_REQUIRE(comscan_clb_cell(clb, t.id, row, col, &v) == 0);
		FUZZ_REQUIRE(comscan_clb_cell(clb, t.id, t.rows + 1, 0, &v) != 0);
		FUZZ_REQUIRE(comscan_clb_cell(clb, t.id, 1, t.columns, &v) != 0);
		FUZZ_REQUIRE(t.columns == 0 || comscan_clb_column_name(clb, t.id, 0) != NULL);
	}
	FUZZ_REQUIRE(i == comscan_clb_table_count(clb));
	if (comscan_clb_pe_info(clb, &pi) == 0)
		for (i = 0; comscan_clb_pe_section_at(clb, i, &sec) == 0; i++)
			FUZZ_REQUIRE(memchr(sec.name, '\0', sizeof sec.name) != NULL);
}

#endif /* COMSCAN_FUZZ_CONTAINER_H */
