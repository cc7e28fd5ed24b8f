/*
 * fuzz_regf_oom.c - allocation-failure variant of fuzz_regf: the input's
 * first two bytes pick which allocation fails (fuzz_oom.h); the rest is a
 * hive, optionally followed by its transaction logs, each after the
 * marker of support/comsplit.h.  The checksum is not verified.  Stages:
 * scan with the logs, the registry stages of fuzz_registry_oom.h (open,
 * walk, TSV and .reg writers, streamed TSV), the COM model.
 * Contracts: fuzz_oom.h's.
 */
#include "fuzz_registry_oom.h"
#include "support/comsplit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_oom f;
	comscan_status st;
	comscan_options o;
	comscan_report *r = (comscan_report *)1;
	comscan_com *m = (comscan_com *)1;
	comscan_com_input parts[COMSPLIT_MAX];
	comscan_buffer logs[COMSPLIT_MAX];
	size_t n, i;

	if (!fuzz_oom_init(&f, &o, &data, &size))
		return 0;
	o.flags = COMSCAN_FLAG_REGF_NO_CHECKSUM;
	n = comsplit(data, size, parts);
	for (i = 1; i < n; i++)
		logs[i - 1] = (comscan_buffer){ parts[i].data, parts[i].size, "hive.LOG1" };
	st = comscan_scan_hive(parts[0].data, parts[0].size, logs, n - 1, &o, &r);
	if (!fuzz_oom_status(&f, st, r))
		fuzz_check_findings(comscan_report_findings(r));
	comscan_report_close(r);
	fuzz_oom_registry(&f, &o, parts[0].data, parts[0].size);

	parts[0].name = "hive";
	if (!FUZZ_OOM_STAGE(&f, st, comscan_com_build(parts, 1, &o, &m), m))
		fuzz_check_findings(comscan_com_findings(m));
	comscan_com_close(m);
	return 0;
}
