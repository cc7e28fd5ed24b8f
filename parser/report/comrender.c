/*
 * comrender.c - the COM model as JSON (docs/json.md, "comscan com") and as
 * a listing for people.  Uses only the public model API.
 */
#include <inttypes.h>
#include <stdio.h>

#include "comscan/comscan.h"
#include "report/out.h"
#include "report/render.h"

/* "key":"value" or "key":null. */
static void
json_field(out *o, const char *key, const char *value, bool comma)
{
	out_fmt(o, "%s\"%s\":", comma ? "," : "", key);
	if (value)
		out_json_string(o, value);
	else
		out_str(o, "null");
}

static void
json_class(out *o, const comscan_com_class *c)
{
	json_field(o, "clsid", c->clsid, false);
	json_field(o, "view", c->view, true);
	out_fmt(o, ",\"wow64\":%s,\"effective\":%s", c->wow64 ? "true" : "false",
	    c->effective ? "true" : "false");
	json_field(o, "name", c->name, true);
	json_field(o, "inproc_server", c->inproc_server, true);
	json_field(o, "threading_model", c->threading_model, true);
	json_field(o, "inproc_handler", c->inproc_handler, true);
	json_field(o, "local_server", c->local_server, true);
	json_field(o, "progid", c->progid, true);
	json_field(o, "version_independent_progid", c->version_independent_progid, true);
	json_field(o, "appid", c->appid, true);
	json_field(o, "typelib", c->typelib, true);
	json_field(o, "treat_as", c->treat_as, true);
	json_field(o, "source", c->source, true);
}

int
comscan_com_render_json(const comscan_com *model, comscan_sink sink, void *sink_ctx)
{
	const comscan_findings *fs = comscan_com_findings(model);
	comscan_com3 com3;
	out o;
	size_t i, k;
	if (model == NULL || sink == NULL)
		return -1;
	out_init(&o, sink, sink_ctx);
	out_str(&o, "{\"classes\":[");
	for (i = 0; i < comscan_com_class_count(model); i++) {
		out_str(&o, i ? ",{" : "{");
		json_class(&o, comscan_com_class_at(model, i));
		out_str(&o, "}");
	}
	comscan_com_get_com3(model, &com3);
	out_fmt(&o, "],\"com3\":{\"present\":%s", com3.present ? "true" : "false");
	if (com3.has_regdb_version) {
		out_str(&o, ",\"regdb_version\":\"");
		for (k = 0; k < 8; k++)
			out_fmt(&o, "%02x", com3.regdb_version[k]);
		out_str(&o, "\"");
	} else {
		out_str(&o, ",\"regdb_version\":null");
	}
	if (com3.has_enabled)
		out_fmt(&o, ",\"com_plus_enabled\":%" PRIu32, com3.enabled);
	else
		out_str(&o, ",\"com_plus_enabled\":null");
	json_field(&o, "source", com3.source, true);
	out_fmt(&o, "},\"verdict\":\"%s\",\"classes_found\":[",
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

/* "  label: value" when value is set; "(no default)" for an empty one. */
static void
text_line(out *o, const char *label, const char *value)
{
	if (value == NULL)
		return;
	out_fmt(o, "    %-26s ", label);
	out_text(o, value[0] ? value : "(no default value)");
	out_str(o, "\n");
}

int
comscan_com_render_text(const comscan_com *model, comscan_sink sink, void *sink_ctx)
{
	out o;
	size_t i;
	comscan_com3 com3;
	if (model == NULL || sink == NULL)
		return -1;
	out_init(&o, sink, sink_ctx);
	for (i = 0; i < comscan_com_class_count(model); i++) {
		const comscan_com_class *c = comscan_com_class_at(model, i);
		out_fmt(&o, "%s ", c->clsid);
		out_text(&o, c->name ? c->name : "(no name)");
		out_fmt(&o, "%s\n    %-26s ", c->effective ? "" : "  [shadowed]", "registered in");
		out_text(&o, c->view);
		out_str(&o, " (");
		out_text(&o, c->source);
		out_str(&o, ")\n");
		text_line(&o, "InprocServer32:", c->inproc_server);
		text_line(&o, "ThreadingModel:", c->threading_model);
		text_line(&o, "InprocHandler32:", c->inproc_handler);
		text_line(&o, "LocalServer32:", c->local_server);
		text_line(&o, "ProgID:", c->progid);
		text_line(&o, "VersionIndependentProgID:", c->version_independent_progid);
		text_line(&o, "AppID:", c->appid);
		text_line(&o, "TypeLib:", c->typelib);
		text_line(&o, "TreatAs:", c->treat_as);
	}
	comscan_com_get_com3(model, &com3);
	if (com3.present) {
		out_str(&o, "COM3 (");
		out_text(&o, com3.source);
		out_str(&o, "):");
		if (!com3.has_regdb_version && !com3.has_enabled)
			out_str(&o, " no valid REGDBVersion or COM+ Enabled");
		if (com3.has_regdb_version) {
			size_t k;
			out_str(&o, " REGDBVersion ");
			for (k = 0; k < 8; k++)
				out_fmt(&o, "%02x", com3.regdb_version[k]);
		}
		if (com3.has_enabled)
			out_fmt(&o, ", COM+ Enabled %" PRIu32, com3.enabled);
		out_str(&o, "\n");
	}
	out_fmt(&o, "%zu class registrations\nfindings:\n", comscan_com_class_count(model));
	cs_render_findings_text(&o, comscan_com_findings(model));
	out_flush(&o);
	return o.err;
}
