/*
 * fuzz_com.c - harness for the COM registration model: splits the input
 * into up to four dumps at the line ";;next-input;;" (support/comsplit.h;
 * seeds stay readable .reg files), builds the model from them, reads
 * every class, looks each one up by CLSID (upper and lower case) and
 * ProgID, and renders the model as JSON and text.  The last input byte's low bit
 * selects COMSCAN_FLAG_REG_COMPAT.
 *
 * Contracts checked, for any input: the build succeeds with a model;
 * findings agree with the catalogue; classes are sorted by CLSID, native
 * before WOW64, and every CLSID is the 38-character braced upper-case
 * form; each (CLSID, bitness) has exactly one effective registration and
 * class_find returns an effective one, native first; the JSON is valid.
 */
#include <ctype.h>

#include "fuzz_common.h"
#include "support/comsplit.h"

static int
is_canonical_guid(const char *s)
{
	size_t i;
	if (strlen(s) != 38 || s[0] != '{' || s[37] != '}')
		return 0;
	for (i = 1; i < 37; i++) {
		if (i == 9 || i == 14 || i == 19 || i == 24) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]) || islower((unsigned char)s[i])) {
			return 0;
		}
	}
	return 1;
}

/* Class i is well formed, in order after class i-1, and findable. */
static void
check_class(const comscan_com *m, size_t i, size_t *effective_in_group)
{
	const comscan_com_class *c = comscan_com_class_at(m, i), *prev, *found;
	char lower[39];
	size_t k;
	FUZZ_REQUIRE(c != NULL && c->clsid != NULL && is_canonical_guid(c->clsid));
	FUZZ_REQUIRE(c->view != NULL && c->source != NULL);
	prev = i ? comscan_com_class_at(m, i - 1) : NULL;
	if (prev == NULL || strcmp(prev->clsid, c->clsid) != 0 || prev->wow64 != c->wow64) {
		FUZZ_REQUIRE(prev == NULL || *effective_in_group == 1);
		FUZZ_REQUIRE(prev == NULL || strcmp(prev->clsid, c->clsid) < 0 ||
		    (strcmp(prev->clsid, c->clsid) == 0 && !prev->wow64 && c->wow64));
		*effective_in_group = 0;
	}
	*effective_in_group += c->effective != 0;
	found = comscan_com_class_find(m, c->clsid);
	FUZZ_REQUIRE(found != NULL && found->effective && strcmp(found->clsid, c->clsid) == 0);
	FUZZ_REQUIRE(!found->wow64 || c->wow64);
	for (k = 0; k < sizeof lower; k++)
		lower[k] = (char)tolower((unsigned char)c->clsid[k]);
	FUZZ_REQUIRE(comscan_com_class_find(m, lower) == found);
	if (c->progid != NULL) {
		found = comscan_com_progid_find(m, c->progid);
		FUZZ_REQUIRE(found == NULL || found->effective);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	comscan_com_input in[COMSPLIT_MAX];
	comscan_options o;
	comscan_com *m = (comscan_com *)1;
	comscan_com3 com3;
	fuzz_buf json = { NULL, 0, 0 };
	size_t n, i, total = 0, effective_in_group = 0;

	comscan_options_init(&o);
	o.flags = size && (data[size - 1] & 1) ? COMSCAN_FLAG_REG_COMPAT : 0;
	n = comsplit(data, size, in);
	FUZZ_REQUIRE(comscan_com_build(in, n, &o, &m) == COMSCAN_OK && m != NULL);
	fuzz_check_findings_mode(comscan_com_findings(m), o.flags);
	for (i = 0; i < comscan_com_class_count(m); i++)
		check_class(m, i, &effective_in_group);
	FUZZ_REQUIRE(i == 0 || effective_in_group == 1);
	FUZZ_REQUIRE(comscan_com_class_at(m, i) == NULL);
	comscan_com_get_com3(m, &com3);
	FUZZ_REQUIRE(!com3.present || com3.source != NULL);
	FUZZ_REQUIRE(comscan_com_render_json(m, fuzz_buf_sink, &json) == 0);
	fuzz_require_json(&json);
	fuzz_buf_free(&json);
	FUZZ_REQUIRE(comscan_com_render_text(m, fuzz_null_sink, &total) == 0 && total > 0);
	comscan_com_close(m);
	return 0;
}
