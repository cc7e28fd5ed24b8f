/*
 * render.c - text and JSON rendering of a report into a caller's sink.
 * The library formats; it never writes to a file descriptor itself.
 *
 * JSON strings: valid UTF-8 is copied, '"', '\\' and control characters
 * are escaped (\n, \t, \u00XX); a byte that is not part of valid UTF-8
 * (possible only in a path) is written as the characters \\xNN so the
 * output stays valid JSON and the byte stays recoverable.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "comscan/comscan.h"
#include "core/findings.h"
#include "core/utf8.h"

/* A small output buffer in front of the sink. */
typedef struct out {
	comscan_sink sink;
	void *ctx;
	int err;
	size_t len;
	char buf[4096];
} out;

static void
out_flush(out *o)
{
	if (o->err == 0 && o->len > 0)
		o->err = o->sink(o->ctx, o->buf, o->len);
	o->len = 0;
}

static void
out_write(out *o, const char *s, size_t n)
{
	while (n > 0 && o->err == 0) {
		size_t room = sizeof o->buf - o->len, k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
		if (o->len == sizeof o->buf)
			out_flush(o);
	}
}

static void
out_str(out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

static void out_fmt(out *o, const char *fmt, ...) CS_PRINTF(2, 3);

static void
out_fmt(out *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		out_write(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Writes s as a JSON string literal. */
static void
out_json_string(out *o, const char *s)
{
	cs_cursor c;
	size_t i = 0, n = strlen(s);
	cs_cur_init(&c, s, n);
	out_write(o, "\"", 1);
	while (i < n) {
		uint8_t b = (uint8_t)s[i];
		size_t seq, run = i;
		char esc[8];
		while (run < n && (uint8_t)s[run] >= 0x20 && (uint8_t)s[run] < 0x7F && s[run] != '"' &&
		    s[run] != '\\')
			run++;
		if (run > i) {
			out_write(o, s + i, run - i);
			i = run;
			continue;
		}
		if (b == '"' || b == '\\') {
			esc[0] = '\\', esc[1] = (char)b;
			out_write(o, esc, 2);
			i++;
		} else if (b == '\n') {
			out_write(o, "\\n", 2), i++;
		} else if (b == '\t') {
			out_write(o, "\\t", 2), i++;
		} else if (b == '\r') {
			out_write(o, "\\r", 2), i++;
		} else if (b < 0x20 || b == 0x7F) {
			snprintf(esc, sizeof esc, "\\u%04x", b);
			out_write(o, esc, 6), i++;
		} else if (b < 0x80) {
			out_write(o, s + i, 1), i++;
		} else if ((seq = cs_utf8_seq_at(&c, i)) != 0) {
			out_write(o, s + i, seq), i += seq;
		} else {
			snprintf(esc, sizeof esc, "\\\\x%02x", b); /* the 5 characters \\xNN */
			out_write(o, esc, 5), i++;
		}
	}
	out_write(o, "\"", 1);
}

static void
out_hresult_json(out *o, uint32_t hr)
{
	if (hr == 0)
		out_str(o, "\"hresult\":null,\"hresult_name\":null");
	else
		out_fmt(o, "\"hresult\":\"0x%08" PRIX32 "\",\"hresult_name\":\"%s\"", hr,
		    comscan_hresult_name(hr));
}

static void
out_finding_json(out *o, const comscan_finding *f)
{
	out_str(o, "{\"code\":");
	out_json_string(o, f->code);
	out_fmt(o, ",\"class\":\"%s\",\"severity\":\"%s\",", comscan_class_name(f->cls),
	    comscan_severity_name(f->severity));
	if (f->offset == COMSCAN_NO_OFFSET)
		out_str(o, "\"offset\":null,");
	else
		out_fmt(o, "\"offset\":%" PRIu64 ",", f->offset);
	if (f->line)
		out_fmt(o, "\"line\":%" PRIu32 ",\"column\":%" PRIu32 ",", f->line, f->column);
	else
		out_str(o, "\"line\":null,\"column\":null,");
	out_str(o, "\"message\":");
	out_json_string(o, f->message);
	out_str(o, ",");
	out_hresult_json(o, f->hresult);
	out_str(o, ",\"remedy\":");
	out_json_string(o, f->info->remedy);
	out_str(o, "}");
}

/* Writes the class list of fs as comma-separated names, or JSON array
 * elements when json is set. */
static void
out_classes(out *o, const comscan_findings *fs, bool json)
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
	o.sink = sink, o.ctx = sink_ctx, o.err = 0, o.len = 0;
	out_str(&o, "{\"path\":");
	if (path)
		out_json_string(&o, path);
	else
		out_str(&o, "null");
	out_fmt(&o, ",\"kind\":\"%s\",\"verdict\":\"%s\",\"classes\":[",
	    comscan_kind_name(comscan_report_kind(report)),
	    comscan_verdict_name(comscan_findings_verdict(fs)));
	out_classes(&o, fs, true);
	out_fmt(&o, "],\"counts\":{\"error\":%zu,\"warning\":%zu,\"note\":%zu},\"findings\":[",
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING),
	    comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE));
	for (i = 0; i < comscan_findings_count(fs); i++) {
		if (i)
			out_str(&o, ",");
		out_finding_json(&o, comscan_findings_at(fs, i));
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
	o.sink = sink, o.ctx = sink_ctx, o.err = 0, o.len = 0;
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

/* Prints each distinct remedy of the warning and error findings once. */
static void
out_remedies(out *o, const comscan_findings *fs)
{
	const char *seen[64];
	size_t nseen = 0, i, j;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		const comscan_code_info *info = f->info;
		bool dup = false;
		if (f->severity == COMSCAN_SEVERITY_NOTE)
			continue;
		for (j = 0; j < nseen && !dup; j++)
			dup = seen[j] == info->remedy;
		if (dup)
			continue;
		if (nseen < sizeof seen / sizeof seen[0])
			seen[nseen++] = info->remedy;
		out_str(o, "  remedy: ");
		out_str(o, info->remedy);
		out_str(o, "\n");
	}
}

int
comscan_render_text(const comscan_report *report, const char *path, comscan_sink sink,
    void *sink_ctx)
{
	const comscan_findings *fs = comscan_report_findings(report);
	comscan_verdict verdict = comscan_findings_verdict(fs);
	size_t i, ne, nw, nn;
	out o;
	if (report == NULL || sink == NULL)
		return -1;
	o.sink = sink, o.ctx = sink_ctx, o.err = 0, o.len = 0;
	if (path)
		out_text_path(&o, path);
	else
		out_str(&o, "(buffer)");
	out_fmt(&o, ": %s\n", comscan_kind_name(comscan_report_kind(report)));
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		out_fmt(&o, "  %-7s ", comscan_severity_name(f->severity));
		if (f->line)
			out_fmt(&o, "line %" PRIu32 ":%" PRIu32 "  ", f->line, f->column);
		else if (f->offset == COMSCAN_NO_OFFSET)
			out_str(&o, "-           ");
		else
			out_fmt(&o, "@0x%08" PRIx64 " ", f->offset);
		out_fmt(&o, "%-19s %s: %s", comscan_class_name(f->cls), f->code, f->message);
		if (f->hresult)
			out_fmt(&o, " [0x%08" PRIX32 " %s]", f->hresult, comscan_hresult_name(f->hresult));
		out_str(&o, "\n");
	}
	out_remedies(&o, fs);
	ne = comscan_findings_tally(fs, COMSCAN_SEVERITY_ERROR);
	nw = comscan_findings_tally(fs, COMSCAN_SEVERITY_WARNING);
	nn = comscan_findings_tally(fs, COMSCAN_SEVERITY_NOTE);
	out_fmt(&o, "  verdict: %s", comscan_verdict_name(verdict));
	if (comscan_findings_classes(fs)) {
		out_str(&o, " (");
		out_classes(&o, fs, false);
		out_str(&o, ")");
	}
	out_fmt(&o, "; %zu error%s, %zu warning%s, %zu note%s\n", ne, ne == 1 ? "" : "s", nw,
	    nw == 1 ? "" : "s", nn, nn == 1 ? "" : "s");
	out_flush(&o);
	return o.err;
}
