/*
 * fuzz_diagnose.c - harness for the diagnosis of a Windows directory: the
 * input is a snapshot packed into one byte string (support/comsplit.h,
 * snapsplit: parts "PATH\nBYTES" split at the line ";;next-input;;"; a
 * PATH "dump:NAME" is a registration dump), diagnosed with the hive
 * checksum switched off (COMSCAN_FLAG_REGF_NO_CHECKSUM, so that mutations
 * reach the hive's cells); the last input byte's low bit selects
 * COMSCAN_FLAG_REG_COMPAT, and when the byte before it has its high bit
 * set, its low three bits + 1 are max_findings.  Every finding, file row
 * and rendering is read.
 *
 * Contracts checked, for any input: the diagnosis succeeds; findings agree
 * with the catalogue and each names its file (source; the limit finding
 * names none); the verdict is failing exactly when a conclusion
 * (diagnose.*) or the first COM3 finding is an error, and then the cause is
 * that error, kept even under a tiny max_findings; the diagnose.*
 * conclusions come before every detail finding; a present ~clbcatq.dll or
 * an absent clbcatq.dll means failing; every file row is well formed; the
 * JSON is valid; the text is not empty.
 */
#include "fuzz_common.h"
#include "support/comsplit.h"

/* The findings: sourced, conclusions first, verdict and cause agree. */
static void
check_findings(const comscan_diagnosis *d, uint32_t flags)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	const comscan_finding *cause = comscan_diagnosis_cause(d);
	size_t i, n = comscan_findings_count(fs);
	int details = 0, error_conclusion = 0;
	fuzz_check_findings_mode(fs, flags);
	for (i = 0; i < n; i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		int limit = strcmp(f->code, "core.findings.limit-exceeded") == 0;
		FUZZ_REQUIRE(f->source != NULL || limit);
		if (strncmp(f->code, "diagnose.", 9) == 0) {
			FUZZ_REQUIRE(!details);
			error_conclusion |= f->severity == COMSCAN_SEVERITY_ERROR;
		} else if (strncmp(f->code, "com.com3.", 9) != 0 && !limit) {
			details = 1;
		}
	}
	/* an error conclusion makes it failing, an error detail alone not */
	FUZZ_REQUIRE(!error_conclusion || comscan_diagnosis_failing(d));
	FUZZ_REQUIRE(comscan_diagnosis_failing(d) == (cause != NULL));
	FUZZ_REQUIRE(cause == NULL || cause->severity == COMSCAN_SEVERITY_ERROR);
	FUZZ_REQUIRE(cause == NULL || strncmp(cause->code, "diagnose.", 9) == 0 ||
	             strncmp(cause->code, "com.com3.", 9) == 0);
}

/* The file rows: well formed; the marker and the catalog DLL decide. */
static void
check_items(const comscan_diagnosis *d)
{
	size_t i, n = comscan_diagnosis_item_count(d);
	for (i = 0; i < n; i++) {
		const comscan_diag_item *it = comscan_diagnosis_item_at(d, i);
		FUZZ_REQUIRE(it != NULL && it->role != NULL && it->path != NULL);
		FUZZ_REQUIRE(!it->present || (unsigned)it->kind < COMSCAN_KIND_COUNT);
		if (strcmp(it->role, "setup-marker") == 0 && it->present)
			FUZZ_REQUIRE(comscan_diagnosis_failing(d));
		if (strcmp(it->role, "catalog-dll") == 0 && !it->present)
			FUZZ_REQUIRE(comscan_diagnosis_failing(d));
	}
	FUZZ_REQUIRE(comscan_diagnosis_item_at(d, n) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static snapsplit_snapshot s;
	comscan_options o;
	comscan_diagnosis *d = (comscan_diagnosis *)1;
	fuzz_buf json = { NULL, 0, 0 };
	size_t total = 0;

	comscan_options_init(&o);
	o.flags = COMSCAN_FLAG_REGF_NO_CHECKSUM |
	          (size && (data[size - 1] & 1) ? COMSCAN_FLAG_REG_COMPAT : 0);
	if (size >= 2 && (data[size - 2] & 0x80))
		o.limits.max_findings = 1u + (data[size - 2] & 7u);
	snapsplit(data, size, &s);
	FUZZ_REQUIRE(comscan_diagnose(s.files, s.nfiles, s.dumps, s.ndumps, &o, &d) == COMSCAN_OK &&
	             d != NULL);
	check_findings(d, o.flags);
	check_items(d);
	FUZZ_REQUIRE(comscan_diagnosis_render_json(d, "C:\\Windows", fuzz_buf_sink, &json) == 0);
	fuzz_require_json(&json);
	fuzz_buf_free(&json);
	FUZZ_REQUIRE(comscan_diagnosis_render_text(d, NULL, fuzz_null_sink, &total) == 0 && total > 0);
	comscan_diagnosis_close(d);
	return 0;
}
