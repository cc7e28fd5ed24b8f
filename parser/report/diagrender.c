/*
 * diagrender.c - the diagnosis of a Windows directory as JSON and as a
 * report for a Windows administrator (docs/diagnose.md shows both).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "comscan/comscan.h"
#include "report/out.h"
#include "report/render.h"

static void
json_counts(out *o, const comscan_findings *fs)
{
	out_fmt(o, "\"counts\":{\"error\":%zu,\"warning\":%zu,\"note\":%zu}",
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE));
}

static void
json_item(out *o, const comscan_diag_item *it)
{
	out_str(o, "{\"role\":");
	out_json_string(o, it->role);
	out_str(o, ",\"path\":");
	out_json_string(o, it->path);
	if (it->present)
		out_fmt(o, ",\"present\":true,\"kind\":\"%s\",\"size\":%" PRIu64 ",\"verdict\":\"%s\"}",
		    comscan_kind_name(it->kind), it->size, comscan_verdict_name(it->verdict));
	else
		out_str(o, ",\"present\":false,\"kind\":null,\"size\":null,\"verdict\":null}");
}

int
comscan_diagnosis_render_json(const comscan_diagnosis *d, const char *windows_dir,
    comscan_sink sink, void *sink_ctx)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	const comscan_finding *cause = comscan_diagnosis_cause(d);
	out o;
	size_t i;
	if (d == NULL || sink == NULL)
		return -1;
	out_init(&o, sink, sink_ctx);
	out_str(&o, "{\"windows_dir\":");
	if (windows_dir)
		out_json_string(&o, windows_dir);
	else
		out_str(&o, "null");
	out_fmt(&o, ",\"verdict\":\"%s\",\"cause\":",
	    comscan_diagnosis_failing(d) ? "failing" : "healthy");
	if (cause)
		cs_render_finding_json_as(&o, cause, "path");
	else
		out_str(&o, "null");
	out_str(&o, ",\"classes\":[");
	cs_render_classes(&o, fs, true);
	out_str(&o, "],");
	json_counts(&o, fs);
	out_str(&o, ",\"files\":[");
	for (i = 0; i < comscan_diagnosis_item_count(d); i++) {
		if (i)
			out_str(&o, ",");
		json_item(&o, comscan_diagnosis_item_at(d, i));
	}
	out_str(&o, "],\"findings\":[");
	for (i = 0; i < comscan_findings_count(fs); i++) {
		if (i)
			out_str(&o, ",");
		cs_render_finding_json_as(&o, comscan_findings_at(fs, i), "path");
	}
	out_str(&o, "]}\n");
	out_flush(&o);
	return o.err;
}

/* The cause, spelled out: what, where, symptom, why, what to do. */
static void
text_cause(out *o, const comscan_finding *f)
{
	out_str(o, "\nMost likely cause:\n  ");
	if (f->source) {
		out_text(o, f->source);
		out_str(o, ": ");
	}
	out_text(o, f->message);
	out_fmt(o, "\n  class:   %s (%s)\n", comscan_class_name(f->cls), f->code);
	if (f->hresult)
		out_fmt(o, "  symptom: 0x%08" PRIX32 " %s\n", f->hresult, comscan_hresult_name(f->hresult));
	out_str(o, "  why:     ");
	out_str(o, f->info->meaning);
	out_str(o, "\n  remedy:  ");
	out_str(o, f->info->remedy);
	out_str(o, " (guidance; comscan changes nothing)\n");
}

static void
text_item(out *o, const comscan_diag_item *it)
{
	out_fmt(o, "  %-14s ", it->role);
	out_text(o, it->path);
	if (it->present)
		out_fmt(o, "  (%s, %" PRIu64 " bytes, %s)\n", comscan_kind_name(it->kind), it->size,
		    comscan_verdict_name(it->verdict));
	else
		out_str(o, "  (absent)\n");
}

int
comscan_diagnosis_render_text(const comscan_diagnosis *d, const char *windows_dir,
    comscan_sink sink, void *sink_ctx)
{
	const comscan_findings *fs = comscan_diagnosis_findings(d);
	const comscan_finding *cause = comscan_diagnosis_cause(d);
	out o;
	size_t i, n = comscan_findings_count(fs);
	if (d == NULL || sink == NULL)
		return -1;
	out_init(&o, sink, sink_ctx);
	out_str(&o, "COM+ diagnosis of ");
	out_text(&o, windows_dir ? windows_dir : "(files)");
	if (comscan_diagnosis_failing(d))
		out_str(&o, "\nverdict: FAILING - COM+ catalog access is expected to fail\n");
	else
		out_str(&o, "\nverdict: HEALTHY - no cause of a COM+ catalog failure was found\n");
	if (cause)
		text_cause(&o, cause);
	if (n > (cause ? 1u : 0u)) {
		out_str(&o, cause ? "\nAlso found:\n" : "\nFindings:\n");
		for (i = 0; i < n; i++)
			if (comscan_findings_at(fs, i) != cause)
				cs_render_finding_text(&o, comscan_findings_at(fs, i));
	}
	out_str(&o, "\nFiles looked for:\n");
	for (i = 0; i < comscan_diagnosis_item_count(d); i++)
		text_item(&o, comscan_diagnosis_item_at(d, i));
	/* the remedies of the other warnings and errors, each once (the
	 * cause's is shown with it) */
	cs_render_remedy_list(&o, fs, cause ? cause->info->remedy : NULL,
	    cause ? "\nAlso to do (guidance; comscan changes nothing):\n"
	          : "\nWhat to do (guidance; comscan changes nothing):\n",
	    "  - ");
	out_str(&o, "\nclasses: ");
	if (comscan_findings_classes(fs))
		cs_render_classes(&o, fs, false);
	else
		out_str(&o, "none");
	out_str(&o, "; ");
	cs_render_tally(&o, fs);
	out_str(&o, "\n");
	out_flush(&o);
	return o.err;
}
