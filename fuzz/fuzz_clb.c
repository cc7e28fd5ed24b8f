/*
 * fuzz_clb.c - harness for the CLB/PE container parser: scans the input,
 * renders the report, opens it as a container handle and walks every
 * stream, table, cell and section the handle exposes.
 *
 * Contracts checked: scan and open always succeed with a handle; findings
 * agree with the catalogue; the verdict agrees with the severities; scan
 * and the handle report the same findings; every readable table's cells
 * can be read and nothing past them can.
 */
#include "fuzz_common.h"

static unsigned
popcount64(uint64_t v)
{
	unsigned n = 0;
	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Walks everything a container handle exposes. */
static void
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	comscan_report *r = (comscan_report *)1;
	comscan_clb *clb = (comscan_clb *)1;
	const comscan_findings *a, *b;
	size_t i;

	FUZZ_REQUIRE(comscan_scan_buffer(data, size, NULL, &r) == COMSCAN_OK && r != NULL);
	a = comscan_report_findings(r);
	fuzz_check_findings(a);
	fuzz_render(r, data, size);

	FUZZ_REQUIRE(comscan_clb_open(data, size, NULL, &clb) == COMSCAN_OK && clb != NULL);
	b = comscan_clb_findings(clb);
	fuzz_check_findings(b);
	walk_container(clb);
	if (comscan_report_kind(r) == COMSCAN_KIND_CLB || comscan_report_kind(r) == COMSCAN_KIND_PE) {
		FUZZ_REQUIRE(comscan_clb_kind(clb) == comscan_report_kind(r));
		FUZZ_REQUIRE(comscan_findings_count(a) == comscan_findings_count(b));
		for (i = 0; i < comscan_findings_count(a); i++)
			FUZZ_REQUIRE(strcmp(comscan_findings_at(a, i)->message,
			                 comscan_findings_at(b, i)->message) == 0);
	}
	comscan_clb_close(clb);
	comscan_report_close(r);
	return 0;
}
