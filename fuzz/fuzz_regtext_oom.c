/*
 * fuzz_regtext_oom.c - allocation-failure variant of fuzz_regtext: the
 * input's first two bytes pick which allocation fails (fuzz_oom.h); the
 * rest is the .reg text, parsed in compat mode when its last byte is odd.
 * Stages: scan, then the registry stages of fuzz_registry_oom.h (open,
 * walk, TSV and .reg writers, streamed TSV).  Contracts: fuzz_oom.h's.
 */
#include "fuzz_registry_oom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_oom f;
	comscan_status st;
	comscan_options o;
	comscan_report *r = (comscan_report *)1;

	if (!fuzz_oom_init(&f, &o, &data, &size))
		return 0;
	o.flags = size && (data[size - 1] & 1) ? COMSCAN_FLAG_REG_COMPAT : 0;
	if (!FUZZ_OOM_STAGE(&f, st, comscan_scan_buffer(data, size, &o, &r), r))
		fuzz_check_findings_mode(comscan_report_findings(r), o.flags);
	comscan_report_close(r);
	fuzz_oom_registry(&f, &o, data, size);
	return 0;
}
