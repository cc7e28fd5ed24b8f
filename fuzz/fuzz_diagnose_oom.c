/*
 * fuzz_diagnose_oom.c - allocation-failure variant of fuzz_diagnose: the
 * input's first two bytes pick which allocation fails (fuzz_oom.h); the
 * rest is a packed snapshot split as fuzz_diagnose splits it, diagnosed
 * with the hive checksum off and in compat mode when the last byte is
 * odd.  Stages: the diagnosis (file scans, COM model, rules); then every
 * finding and file row, the JSON and text renderings.
 * Contracts: fuzz_oom.h's.
 */
#include "fuzz_oom.h"
#include "support/comsplit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static snapsplit_snapshot s;
	fuzz_oom f;
	comscan_status st;
	comscan_options o;
	comscan_diagnosis *d = (comscan_diagnosis *)1;
	size_t i, bytes = 0;

	if (!fuzz_oom_init(&f, &o, &data, &size))
		return 0;
	o.flags = COMSCAN_FLAG_REGF_NO_CHECKSUM |
	          (size && (data[size - 1] & 1) ? COMSCAN_FLAG_REG_COMPAT : 0);
	snapsplit(data, size, &s);
	if (!FUZZ_OOM_STAGE(&f, st, comscan_diagnose(s.files, s.nfiles, s.dumps, s.ndumps, &o, &d),
	        d)) {
		fuzz_check_findings_mode(comscan_diagnosis_findings(d), o.flags);
		for (i = 0; i < comscan_diagnosis_item_count(d); i++)
			FUZZ_REQUIRE(comscan_diagnosis_item_at(d, i)->path != NULL);
		if (!fuzz_oom_result(&f, comscan_diagnosis_render_json(d, NULL, fuzz_null_sink, &bytes)))
			(void)fuzz_oom_result(&f, comscan_diagnosis_render_text(d, NULL, fuzz_null_sink, &bytes));
	}
	comscan_diagnosis_close(d);
	return 0;
}
