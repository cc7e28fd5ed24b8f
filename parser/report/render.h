/*
 * render.h - pieces of the report renderers that other renderers reuse
 * (the COM model listing prints findings the same way).
 */
#ifndef COMSCAN_REPORT_RENDER_H
#define COMSCAN_REPORT_RENDER_H

#include <stdbool.h>

#include "comscan/comscan.h"
#include "report/out.h"

/* One finding as a JSON object. */
void cs_render_finding_json(out *o, const comscan_finding *f);
/* The same with the finding's source under key source_key. */
void cs_render_finding_json_as(out *o, const comscan_finding *f, const char *source_key);
/* The class names of fs: comma-separated, or JSON array elements. */
void cs_render_classes(out *o, const comscan_findings *fs, bool json);
/* One finding as a text line. */
void cs_render_finding_text(out *o, const comscan_finding *f);
/* Each distinct remedy of the warning and error findings, once. */
void cs_render_remedies(out *o, const comscan_findings *fs);
/* The same, each line bullet + remedy, leaving out the remedy skip (may be
 * NULL), with heading before the first line (may be NULL). */
void cs_render_remedy_list(out *o, const comscan_findings *fs, const char *skip, const char *heading,
    const char *bullet);
/* "N errors, N warnings, N notes" (dropped findings counted). */
void cs_render_tally(out *o, const comscan_findings *fs);
/* Every finding, the remedies and the verdict line. */
void cs_render_findings_text(out *o, const comscan_findings *fs);

#endif /* COMSCAN_REPORT_RENDER_H */
