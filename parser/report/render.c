/*
 * render.c - text and JSON rendering of a report into a caller's sink
 * (through report/out.c).  The library formats; it never writes to a file
 * descriptor itself.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "comscan/comscan.h"
#include "core/findings.h"
#include "report/out.h"
#include "report/render.h"

static void
out_hresult_json(out *o, uint32_t hr)
{
	if (hr == 0)
		out_str(o, "\"hresult\":null,\"hresult_name\":null");
	else
		out_fmt(o, "\"hresult\":\"0x%08" PRIX32 "\",\"hresult_name\":\"%s\"", hr,
		    comscan_hresult_name(hr));
}

void
cs_render_finding_json(out *o, const comscan_finding *f)
{
	cs_render_finding_json_as(o, f, "source");
}

void
cs_render_finding_json_as(out *o, const comscan_finding *f, const char *source_key)
{
	out_str(o, "{\"code\":");
	out_json_string(o, f->code);
	if (f->source) {
		out_fmt(o, ",\"%s\":", source_key);
		out_json_string(o, f->source);
	}
	out_fmt(o, ",\"class\":\"%s\",\"severity\":\"%s\",", comscan_class_name(f->cls),
	    comscan_severity_name(f->severity));
	if (f->offset == COMSCAN_NO_OFFSET)
		out_str(o, "\"offset\":null,");
	else
		out_fmt(o, "\"offset\":%" PRIu64 ",", f->offset);
	if (f->line)
		out_fmt(o, "\"line\":%" PRIu32 ",", f->line);
	else
		out_str(o, "\"line\":null,");
	if (f->column)
		out_fmt(o, "\"column\":%" PRIu32 ",", f->column);
	else
		out_str(o, "\"column\":null,");
	out_str(o, "\"message\":");
	out_json_string(o, f->message);
	out_str(o, ",");
	out_hresult_json(o, f->hresult);
	out_str(o, ",\"remedy\":");
	out_json_string(o, f->info->remedy);
	out_str(o, "}");
}

void
cs_render_classes(out *o, const comscan_findings *fs, bool json)
{
	uint32_t mask = comscan_findings_classes(fs);
	unsigned c;
	bool first = true;
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++) {
		if (!(mask >> c & 1))
			continue;
		if (json)
			out_fmt(o, "%s\"%s\"", first ? "" : ",", comscan_class_name((comscan_class)c));
		else
			out_fmt(o, "%s%s", first ? "" : ", ", comscan_class_name((comscan_class)c));
		first = false;
	}
}

int
comscan_render_json(const comscan_report *report, const char *path, comscan_sink sink,
    void *sink_ctx)
{
	const comscan_findings *fs = comscan_report_findings(report);
	out o;
	size_t i;
	if (report == NULL || sink == NULL)
		return -1;
	out_init(&o, sink, sink_ctx);
	out_str(&o, "{\"path\":");
	if (path)
		out_json_string(&o, path);
	else
		out_str(&o, "null");
	out_fmt(&o, ",\"kind\":\"%s\",\"verdict\":\"%s\",\"classes\":[",
	    comscan_kind_name(comscan_report_kind(report)),
	    comscan_verdict_name(comscan_findings_verdict(fs)));
	cs_render_classes(&o, fs, true);
	out_fmt(&o, "],\"counts\":{\"error\":%zu,\"warning\":%zu,\"note\":%zu},\"findings\":[",
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE));
	for (i = 0; i < comscan_findings_count(fs); i++) {
		if (i)
			out_str(&o, ",");
		cs_render_finding_json(&o, comscan_findings_at(fs, i));
	}
	out_str(&o, "]}");
	out_flush(&o);
	return o.err;
}

int
comscan_render_json_string(const char *s, comscan_sink sink, void *sink_ctx)
{
	out o;
	if (s == NULL || sink == NULL)
		return -1;
	out_init(&o, sink, sink_ctx);
	out_json_string(&o, s);
	out_flush(&o);
	return o.err;
}

/* Writes a path for people: printable ASCII kept, other bytes as \xNN. */
static void
out_text_path(out *o, const char *path)
{
	for (; *path; path++) {
		unsigned char b = (unsigned char)*path;
		if (b >= 0x20 && b < 0x7F)
			out_write(o, path, 1);
		else
			out_fmt(o, "\\x%02x", b);
	}
}

void
cs_render_remedy_list(out *o, const comscan_findings *fs, const char *skip, const char *heading,
    const char *bullet)
{
	const char *seen[64];
	size_t nseen = 0, i, j, printed = 0;
	if (skip != NULL)
		seen[nseen++] = skip;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		const char *remedy = f->info->remedy;
		bool dup = false;
		if (f->severity == COMSCAN_SEVERITY_NOTE)
			continue;
		for (j = 0; j < nseen && !dup; j++)
			dup = strcmp(seen[j], remedy) == 0;
		if (dup)
			continue;
		if (nseen < sizeof seen / sizeof seen[0])
			seen[nseen++] = remedy;
		if (printed++ == 0 && heading != NULL)
			out_str(o, heading);
		out_str(o, bullet);
		out_str(o, remedy);
		out_str(o, "\n");
	}
}

void
cs_render_remedies(out *o, const comscan_findings *fs)
{
	cs_render_remedy_list(o, fs, NULL, NULL, "  remedy: ");
}

void
cs_render_finding_text(out *o, const comscan_finding *f)
{
	out_fmt(o, "  %-7s ", comscan_severity_name(f->severity));
	if (f->source) {
		out_text(o, f->source);
		out_str(o, " ");
	}
	if (f->line && f->column)
		out_fmt(o, "line %" PRIu32 ":%" PRIu32 "  ", f->line, f->column);
	else if (f->line)
		out_fmt(o, "line %" PRIu32 "  ", f->line);
	else if (f->offset == COMSCAN_NO_OFFSET)
		out_str(o, "-           ");
	else
		out_fmt(o, "@0x%08" PRIx64 " ", f->offset);
	out_fmt(o, "%-19s %s: %s", comscan_class_name(f->cls), f->code, f->message);
	if (f->hresult)
		out_fmt(o, " [0x%08" PRIX32 " %s]", f->hresult, comscan_hresult_name(f->hresult));
	out_str(o, "\n");
}

void
cs_render_tally(out *o, const comscan_findings *fs)
{
	size_t ne = comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR);
	size_t nw = comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING);
	size_t nn = comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE);
	out_fmt(o, "%zu error%s, %zu warning%s, %zu note%s", ne, ne == 1 ? "" : "s", nw,
	    nw == 1 ? "" : "s", nn, nn == 1 ? "" : "s");
}

void
cs_render_findings_text(out *o, const comscan_findings *fs)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++)
		cs_render_finding_text(o, comscan_findings_at(fs, i));
	cs_render_remedies(o, fs);
	out_fmt(o, "  verdict: %s", comscan_verdict_name(comscan_findings_verdict(fs)));
	if (comscan_findings_classes(fs)) {
		out_str(o, " (");
		cs_render_classes(o, fs, false);
		out_str(o, ")");
	}
	out_str(o, "; ");
	cs_render_tally(o, fs);
	out_str(o, "\n");
}

int
comscan_render_text(const comscan_report *report, const char *path, comscan_sink sink,
    void *sink_ctx)
{
	out o;
	if (report == NULL || sink == NULL)
		return -1;
	out_init(&o, sink, sink_ctx);
	if (path)
		out_text_path(&o, path);
	else
		out_str(&o, "(buffer)");
	out_fmt(&o, ": %s\n", comscan_kind_name(comscan_report_kind(report)));
	cs_render_findings_text(&o, comscan_report_findings(report));
	out_flush(&o);
	return o.err;
}
