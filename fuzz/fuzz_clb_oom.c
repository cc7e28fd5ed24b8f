/*
 * fuzz_clb_oom.c - allocation-failure variant of fuzz_clb (CLB and PE
 * inputs): the input's first two bytes pick which allocation fails
 * (fuzz_oom.h); the rest is the container.  Stages: scan, open, walk.
 * Contracts: fuzz_oom.h's; a handle that opened is fully walkable (every
 * stream, table, cell and section, fuzz_container.h).
 */
#include "fuzz_container.h"
#include "fuzz_oom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_oom f;
	comscan_status st;
	comscan_options o;
	comscan_report *r = (comscan_report *)1;
	comscan_clb *clb = (comscan_clb *)1;

	if (!fuzz_oom_init(&f, &o, &data, &size))
		return 0;
	if (!FUZZ_OOM_STAGE(&f, st, comscan_scan_buffer(data, size, &o, &r), r))
		fuzz_check_findings(comscan_report_findings(r));
	comscan_report_close(r);

	if (!FUZZ_OOM_STAGE(&f, st, comscan_clb_open(data, size, &o, &clb), clb)) {
		fuzz_check_findings(comscan_clb_findings(clb));
		walk_container(clb);
	}
	comscan_clb_close(clb);
	return 0;
}
