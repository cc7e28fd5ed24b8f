/*
 * fuzz_registry_oom.h - the registry stages the allocation-failure
 * harnesses of both dump kinds share (fuzz_regtext_oom, fuzz_regf_oom):
 * open a registry handle, walk it, write it as TSV and as .reg, and dump
 * the TSV streamed.  Each stage must report the allocation that failed
 * during it (fuzz_oom.h) and leak nothing.
 */
#ifndef COMSCAN_FUZZ_REGISTRY_OOM_H
#define COMSCAN_FUZZ_REGISTRY_OOM_H

#include "fuzz_oom.h"

static inline int
fuzz_oom_visit(void *ctx, const comscan_registry_item *it)
{
	size_t *n = ctx;
	FUZZ_REQUIRE(it->path != NULL);
	(*n)++;
	return 0;
}

static inline int
fuzz_oom_sink(void *ctx, const char *data, size_t len)
{
	(void)data;
	*(size_t *)ctx += len;
	return 0;
}

/* Runs the registry stages on one dump: open (nothing more when it
 * fails), walk, TSV then .reg writer (the .reg one skipped when the TSV
 * one failed), streamed TSV; each failure reported as fuzz_oom.h
 * requires. */
static inline void
fuzz_oom_registry(fuzz_oom *f, const comscan_options *o, const uint8_t *data, size_t size)
{
	comscan_registry *reg = (comscan_registry *)1;
	comscan_report *streamed = (comscan_report *)1;
	size_t items = 0, bytes = 0;
	comscan_status st;

	if (FUZZ_OOM_STAGE(f, st, comscan_registry_open(data, size, o, &reg), reg))
		return;
	fuzz_check_findings_mode(comscan_registry_findings(reg), o->flags & COMSCAN_FLAG_REG_COMPAT);
	if (!fuzz_oom_result(f, comscan_registry_walk(reg, fuzz_oom_visit, &items)))
		FUZZ_REQUIRE(items == comscan_registry_key_count(reg) +
		                          comscan_registry_value_count(reg));
	if (!fuzz_oom_result(f, comscan_registry_write_tsv(reg, fuzz_oom_sink, &bytes)))
		(void)fuzz_oom_result(f, comscan_registry_write_reg(reg, fuzz_oom_sink, &bytes));
	comscan_registry_close(reg);

	st = comscan_registry_dump_tsv(data, size, o, fuzz_oom_sink, &bytes, &streamed);
	if (!fuzz_oom_status(f, st, streamed))
		fuzz_check_findings_mode(comscan_report_findings(streamed),
		    o->flags & COMSCAN_FLAG_REG_COMPAT);
	comscan_report_close(streamed);
}

#endif /* COMSCAN_FUZZ_REGISTRY_OOM_H */
