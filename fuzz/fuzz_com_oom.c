/*
 * fuzz_com_oom.c - allocation-failure variant of fuzz_com: the input's
 * first two bytes pick which allocation fails (fuzz_oom.h); the rest is
 * up to four dumps of either kind split as fuzz_com splits them, in compat
 * mode when the last byte is odd.  Stages: the COM model build; then every
 * class looked up by CLSID and ProgID, the COM3 settings, the JSON and
 * text renderings.
 * Contracts: fuzz_oom.h's.
 */
#include "fuzz_oom.h"
#include "support/comsplit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_oom f;
	comscan_status st;
	comscan_options o;
	comscan_com *m = (comscan_com *)1;
	comscan_com_input in[COMSPLIT_MAX];
	comscan_com3 com3;
	size_t n, i, bytes = 0;

	if (!fuzz_oom_init(&f, &o, &data, &size))
		return 0;
	o.flags = size && (data[size - 1] & 1) ? COMSCAN_FLAG_REG_COMPAT : 0;
	n = comsplit(data, size, in);
	if (!FUZZ_OOM_STAGE(&f, st, comscan_com_build(in, n, &o, &m), m)) {
		fuzz_check_findings_mode(comscan_com_findings(m), o.flags);
		for (i = 0; i < comscan_com_class_count(m); i++) {
			const comscan_com_class *c = comscan_com_class_at(m, i);
			FUZZ_REQUIRE(comscan_com_class_find(m, c->clsid) != NULL);
			if (c->progid != NULL)
				(void)comscan_com_progid_find(m, c->progid);
		}
		comscan_com_get_com3(m, &com3);
		if (!fuzz_oom_result(&f, comscan_com_render_json(m, fuzz_null_sink, &bytes)))
			(void)fuzz_oom_result(&f, comscan_com_render_text(m, fuzz_null_sink, &bytes));
	}
	comscan_com_close(m);
	return 0;
}
