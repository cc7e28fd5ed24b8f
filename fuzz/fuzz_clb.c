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
#include "fuzz_container.h"

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
