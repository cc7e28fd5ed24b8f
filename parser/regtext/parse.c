/*
 * parse.c - .reg files: encoding, header, and the line grammar
 * (regtext.md 1.1-1.11; rule numbers below refer to its sections).
 *
 *   file       = [BOM] header EOL { line EOL }          ; 1.1, 1.2
 *   header     = *BLANK ("REGEDIT4" | "Windows Registry Editor Version 5.00"
 *                        | "REGEDIT")                   ; exact, case-sensitive
 *   line       = *BLANK ( key-line | value-line | ";" comment | empty )
 *                                                       ; other lines: ignored by Windows, 1.3
 *   key-line   = "[" ["-"] root *("\" name) "]" *any     ; the LAST ']' closes, 1.5
 *   value-line = ("@" | quoted) *BLANK "=" *BLANK data   ; 1.6
 *   data       = "-" | quoted | "dword:" 1*8HEXDIG | hex-list   ; 1.7
 *   win31-line = "HKEY_CLASSES_ROOT" path [BLANKS] ["=" [SP]] text  ; 1.11
 *
 * Every line Windows would ignore or drop is a finding with its line and
 * column; what Windows keeps is passed to the sink in file order.  The
 * same parse serves both modes: COMSCAN_FLAG_REG_COMPAT accepts the
 * abbreviated roots and grades findings by what Windows does.
 */
#include <string.h>

#include "core/alloc.h"
#include "regtext/regtext.h"


static const struct {
	const char *name;
	const char *canonical;
	bool compat_only;
} roots[] = {
	{ "HKEY_LOCAL_MACHINE", "HKEY_LOCAL_MACHINE", false },
	{ "HKEY_CURRENT_USER", "HKEY_CURRENT_USER", false },
	{ "HKEY_CLASSES_ROOT", "HKEY_CLASSES_ROOT", false },
	{ "HKEY_USERS", "HKEY_USERS", false },
	{ "HKEY_CURRENT_CONFIG", "HKEY_CURRENT_CONFIG", false },
	{ "HKLM", "HKEY_LOCAL_MACHINE", true },
	{ "HKCU", "HKEY_CURRENT_USER", true },
	{ "HKCR", "HKEY_CLASSES_ROOT", true },
	{ "HKU", "HKEY_USERS", true },
	{ "HKCC", "HKEY_CURRENT_CONFIG", true },
	{ "HKEY_DYN_DATA", "HKEY_DYN_DATA", true },
};

static cs_regsource
source_of(const rt_parser *p, const rt_line *line)
{
	cs_regsource s = { rt_abs(&p->text, line->start), line->number };
	return s;
}

/* ---- encoding and header -------------------------------------------------------- */

/* Decides the encoding from the first bytes (1.1).  False when Windows
 * would reject the file for its encoding. */
static bool
detect_encoding(rt_parser *p, const cs_cursor *file)
{
	rt_text *t = &p->text;
	uint8_t b0 = 0, b1 = 1;
	t->file = *file;
	(void)cs_cur_u8_at(file, 0, &b0);
	(void)cs_cur_u8_at(file, 1, &b1);
	t->width = 1;
	t->enc = RT_ENC_ANSI;
	t->start = 0;
	if (b0 == 0xFF && b1 == 0xFE) {
		t->enc = RT_ENC_UTF16;
		t->width = 2;
		t->start = 2;
		if ((file->size - 2) % 2 != 0)
			cs_emit_at(p->ctx, CS_REG_ENC_ODD_BYTE, cs_cur_abs_at(file, file->size - 1), 0, 0,
			    "UTF-16 file of %zu bytes: the last byte is dropped", file->size);
	} else if (b0 == 0xFE && b1 == 0xFF) {
		cs_emit_at(p->ctx, CS_REG_ENC_UTF16_BE, 0, 1, 1,
		    "big-endian UTF-16 byte-order mark FE FF");
		return false;
	} else if (file->size >= 2 && b0 != 0 && b1 == 0) {
		cs_emit_at(p->ctx, CS_REG_ENC_UTF16_NO_BOM, 0, 1, 1,
		    "UTF-16 text without a byte-order mark");
		return false;
	} else if (cs_cur_equals_at(file, 0, "\xEF\xBB\xBF", 3)) {
		t->enc = RT_ENC_UTF8;
		t->start = 3;
		cs_emit_at(p->ctx, CS_REG_ENC_UTF8_BOM, 0, 1, 1, "UTF-8 byte-order mark");
	}
	if (!cs_cur_units(file, t->start, t->width, &t->u))
		return false; /* the BOM is longer than the file: cannot happen */
	t->nunits = t->u.n;
	return true;
}

/* Reads the header line (1.2).  False when nothing after it is imported. */
static bool
parse_header(rt_parser *p)
{
	const rt_text *t = &p->text;
	rt_line l;
	size_t i, e;
	if (!rt_next_line(p, &l)) {
		cs_emit_at(p->ctx, CS_REG_HEADER_INVALID, rt_abs(t, 0), 1, 1,
		    "the file has no header line");
		return false;
	}
	for (i = l.start; i < l.end && rt_is_blank(rt_unit(t, i)); i++)
		;
	for (e = l.end; e > i && rt_is_blank(rt_unit(t, e - 1)); e--)
		;
	if (e - i == 8 && rt_match(t, i, e, "REGEDIT4")) {
		p->format = RT_FMT_V4;
	} else if (e - i == 36 && rt_match(t, i, e, "Windows Registry Editor Version 5.00")) {
		p->format = RT_FMT_V5;
	} else if (e - i == 7 && rt_match(t, i, e, "REGEDIT")) {
		p->format = RT_FMT_WIN31;
		rt_report(p, CS_REG_HEADER_WIN31, &l, i, "Windows 3.1 REGEDIT header");
	} else if (rt_match(t, i, e, "REGEDIT")) {
		rt_report(p, CS_REG_HEADER_FUZZY, &l, i,
		    "header starts with REGEDIT but names no known version");
		return false;
	} else {
		rt_report(p, CS_REG_HEADER_INVALID, &l, i,
		    "first line is not REGEDIT4, Windows Registry Editor Version 5.00 or REGEDIT");
		return false;
	}
	if (e != l.end)
		rt_report(p, CS_REG_HEADER_TRAILING, &l, e, "header line ends in blanks");
	return true;
}

/* ---- shared pieces --------------------------------------------------------------- */

static size_t
skip_blanks(const rt_text *t, size_t i, size_t end)
{
	while (i < end && rt_is_blank(rt_unit(t, i)))
		i++;
	return i;
}

/* Appends the components of the key path [i, end) after "root\" to
 * p->path/p->comps (i == end + 1: the path is the root alone).  False
 * (reported) when the key cannot be opened. */
static bool
split_path(rt_parser *p, const rt_line *l, size_t i, size_t end)
{
	const rt_text *t = &p->text;
	bool reported_empty = false;
	while (i <= end) {
		size_t s = i, k;
		rt_comp c;
		c.off = p->path.len;
		for (k = s; k < end;) { /* the component's characters up to '\\' */
			uint32_t cp;
			size_t run = rt_put_plain(p, &p->path, k, end, '\\', '\\');
			if (run != k) {
				k = run;
				continue;
			}
			if (p->stop)
				return false;
			if (rt_unit(t, k) == '\\')
				break;
			rt_decode_char(p, l, &k, end, &cp);
			if (!rt_units_put(p, &p->path, cp))
				return false;
		}
		i = k;
		if (i == s) {
			/* 1.5: trailing or doubled backslashes are tolerated */
			if (!reported_empty)
				rt_report(p, CS_REG_KEY_EMPTY_COMPONENT, l, s, "empty key name component");
			reported_empty = true;
			i++;
			continue;
		}
		c.len = p->path.len - c.off;
		if (c.len > CS_REG_MAX_KEY_NAME) {
			rt_report(p, CS_REG_KEY_NAME_LONG, l, s,
			    "key name component of %zu characters; the registry allows 255", c.len);
			return false;
		}
		if (p->ncomps >= p->ctx->limits.max_key_depth) { /* the root is depth 1 */
			rt_report(p, CS_REG_KEY_TOO_DEEP, l, s,
			    "key nested deeper than %u levels (max_key_depth)",
			    (unsigned)p->ctx->limits.max_key_depth);
			return false;
		}
		if (!cs_grow(p->ctx->alloc, (void **)&p->comps, &p->capcomps, p->ncomps + 1,
			sizeof *p->comps)) {
			p->ctx->nomem = p->stop = true;
			return false;
		}
		p->comps[p->ncomps++] = c;
		i++;
	}
	return !p->stop;
}

/* Matches the root name [i, e) (1.5: case-insensitive); returns its
 * canonical name, or NULL with *reported set when an abbreviation was
 * reported and refused (strict mode). */
static const char *
match_root(rt_parser *p, const rt_line *l, size_t i, size_t e, bool *reported)
{
	const rt_text *t = &p->text;
	size_t k, n = e - i, j;
	*reported = false;
	for (k = 0; k < sizeof roots / sizeof roots[0]; k++) {
		const char *r = roots[k].name;
		if (strlen(r) != n)
			continue;
		for (j = 0; j < n; j++) {
			uint16_t u = rt_unit(t, i + j);
			if (u >= 'a' && u <= 'z')
				u = (uint16_t)(u - 32);
			if (u != (uint8_t)r[j])
				break;
		}
		if (j < n)
			continue;
		if (roots[k].compat_only) {
			rt_report(p, CS_REG_KEY_ABBREVIATED, l, i, "root %s%s", r,
			    p->compat ? " accepted, as reg.exe does" : " is not a full root name");
			*reported = !p->compat;
			if (!p->compat)
				return NULL;
		}
		return roots[k].canonical;
	}
	return NULL;
}

/* Puts the canonical root as component 0 of p->path. */
static bool
put_root(rt_parser *p, const char *root)
{
	rt_comp c = { 0, strlen(root) };
	size_t k;
	p->path.len = 0;
	p->ncomps = 0;
	for (k = 0; root[k]; k++)
		if (!rt_units_put(p, &p->path, (uint8_t)root[k]))
			return false;
	if (!cs_grow(p->ctx->alloc, (void **)&p->comps, &p->capcomps, 1, sizeof *p->comps)) {
		p->ctx->nomem = p->stop = true;
		return false;
	}
	p->comps[p->ncomps++] = c;
	return true;
}

/* ---- key lines ------------------------------------------------------------------- */

/* A key line: [path] or [-path] (1.5). */
static void
key_line(rt_parser *p, const rt_line *l, size_t i, size_t end)
{
	const rt_text *t = &p->text;
	size_t close, k, r;
	const char *root;
	bool del = false, refused;

	i++; /* '[' */
	if (i < end && rt_unit(t, i) == '-') {
		del = true;
		i++;
	}
	if (i < end && rt_is_blank(rt_unit(t, i))) {
		rt_report(p, CS_REG_KEY_BLANK, l, i, "blank after [%s; the key line is ignored",
		    del ? "-" : "");
		return;
	}
	for (close = end; close > i && rt_unit(t, close - 1) != ']'; close--)
		;
	if (close == i) {
		rt_report(p, CS_REG_KEY_UNTERMINATED, l, end > l->start ? end - 1 : end,
		    "key line without a closing ]; the line is ignored");
		return;
	}
	close--; /* index of the last ']' */
	k = skip_blanks(t, close + 1, end);
	if (k < end)
		rt_report(p, CS_REG_KEY_TRAILING, l, k, "text after the closing ] is ignored");
	for (r = i; r < close && rt_unit(t, r) != '\\'; r++)
		;
	p->have_key = false;
	root = match_root(p, l, i, r, &refused);
	if (root == NULL) {
		if (!refused)
			rt_report(p, CS_REG_KEY_BAD_ROOT, l, i,
			    "unknown root key; values up to the next key line are dropped");
		return;
	}
	if (!put_root(p, root) || !split_path(p, l, r + 1, close))
		return;
	if (del && p->ncomps == 1) {
		rt_report(p, CS_REG_KEY_DELETE_ROOT, l, i, "deletion of a root key");
		return;
	}
	if (!p->sink->key(p->sink->arg, p->path.p, p->comps, p->ncomps, del, source_of(p, l))) {
		p->ctx->nomem = p->stop = true;
		return;
	}
	p->have_key = !del;
}

/* ---- value lines ------------------------------------------------------------------ */

/* Parses a quoted string at unit *i (the opening quote) into buf with the
 * escapes of 1.7.1.  Returns 1 and moves *i past the closing quote; 0 when
 * there is no closing quote; -1 for a \0 escape.  Both reported. */
static int
parse_quoted(rt_parser *p, const rt_line *l, size_t *i, size_t end, rt_units *buf, bool is_name)
{
	const rt_text *t = &p->text;
	size_t k = *i + 1;
	buf->len = 0;
	while (k < end) {
		uint16_t u;
		uint32_t cp;
		size_t run = rt_put_plain(p, buf, k, end, '"', '\\');
		if (run != k) {
			k = run;
			continue;
		}
		if (p->stop)
			return -1;
		u = rt_unit(t, k);
		if (u == '"') {
			*i = k + 1;
			return 1;
		}
		if (u == '\\') {
			uint16_t e;
			if (k + 1 >= end)
				break;
			e = rt_unit(t, k + 1);
			if (e == '0') {
				rt_report(p, is_name ? CS_REG_VALUE_BAD_NAME : CS_REG_STRING_NUL_ESCAPE, l, k,
				    "\\0 escape; Windows rejects the value");
				return -1;
			}
			if (e != '\\' && e != '"' && e != 'n' && e != 'r')
				rt_report(p, CS_REG_STRING_ESCAPE, l, k,
				    "unknown escape \\%c; Windows keeps only the character",
				    e >= 0x20 && e < 0x7F ? (char)e : '?');
			k += 1;
			if (e == 'n' || e == 'r') {
				k += 1;
				if (!rt_units_put(p, buf, e == 'n' ? '\n' : '\r'))
					return -1;
				continue;
			}
		}
		rt_decode_char(p, l, &k, end, &cp);
		if (!rt_units_put(p, buf, cp))
			return -1;
	}
	rt_report(p, is_name ? CS_REG_VALUE_BAD_NAME : CS_REG_STRING_UNTERMINATED, l, *i,
	    "quoted %s without a closing quote on its line", is_name ? "name" : "string");
	return 0;
}

/* True when only blanks and an optional ; comment are left in [i, end). */
static bool
rest_is_comment(const rt_text *t, size_t i, size_t end)
{
	i = skip_blanks(t, i, end);
	return i == end || rt_unit(t, i) == ';';
}

/* "string" data: REG_SZ as UTF-16LE with one NUL. */
static bool
string_data(rt_parser *p, const rt_line *l, size_t i, size_t end)
{
	uint16_t nul = 0;
	if (parse_quoted(p, l, &i, end, &p->str, false) != 1)
		return false;
	if (!rest_is_comment(&p->text, i, end)) {
		rt_report(p, CS_REG_STRING_TRAILING, l, skip_blanks(&p->text, i, end),
		    "text after the closing quote; Windows drops the value");
		return false;
	}
	p->data.len = 0;
	return rt_bytes_put_units(p, &p->data, p->str.p, p->str.len) &&
	       rt_bytes_put(p, &p->data, &nul, 2);
}

/* dword: data, 1 to 8 hex digits (1.7.2). */
static bool
dword_data(rt_parser *p, const rt_line *l, size_t i, size_t end)
{
	const rt_text *t = &p->text;
	size_t s = skip_blanks(t, i, end), k = s;
	uint32_t v = 0;
	uint8_t le[4];
	int d;
	while (k < end && (d = rt_hex_digit(rt_unit(t, k))) >= 0 && k - s < 9) {
		v = v << 4 | (uint32_t)d;
		k++;
	}
	if (k == s || k - s > 8 || !rest_is_comment(t, k, end)) {
		rt_report(p, CS_REG_DWORD_INVALID, l, s,
		    "dword: needs 1 to 8 hex digits and then only blanks or a ; comment");
		return false;
	}
	le[0] = (uint8_t)v, le[1] = (uint8_t)(v >> 8), le[2] = (uint8_t)(v >> 16),
	le[3] = (uint8_t)(v >> 24);
	p->data.len = 0;
	return rt_bytes_put(p, &p->data, le, 4);
}

static bool
emit_value(rt_parser *p, const rt_line *l, bool del, uint32_t type)
{
	if (!del && p->data.len > p->ctx->limits.max_value_size) {
		rt_report(p, CS_REG_VALUE_TOO_LARGE, l, l->start,
		    "value of %zu bytes exceeds max_value_size (%u)", p->data.len,
		    (unsigned)p->ctx->limits.max_value_size);
		return true;
	}
	if (!p->sink->value(p->sink->arg, p->name.p, p->name.len, del, type, p->data.p,
		del ? 0 : p->data.len, source_of(p, l))) {
		p->ctx->nomem = p->stop = true;
		return false;
	}
	return true;
}

/* A value line: name = data (1.6, 1.7).  l may advance over hex
 * continuation lines. */
static void
value_line(rt_parser *p, rt_line *l, size_t i, size_t end)
{
	const rt_text *t = &p->text;
	uint32_t type = CS_REG_SZ;
	uint16_t u;

	while (end > i && rt_is_blank(rt_unit(t, end - 1)))
		end--; /* 1.7: trailing blanks of the line are trimmed */
	p->name.len = 0;
	if (rt_unit(t, i) == '@') {
		i++;
	} else if (parse_quoted(p, l, &i, end, &p->name, true) != 1) {
		return;
	}
	i = skip_blanks(t, i, end);
	if (i >= end || rt_unit(t, i) != '=') {
		rt_report(p, CS_REG_VALUE_BAD_NAME, l, i, "no = after the value name");
		return;
	}
	i = skip_blanks(t, i + 1, end);
	if (!p->have_key) {
		rt_report(p, CS_REG_VALUE_NO_KEY, l, l->start, "value line with no key open");
		return;
	}
	if (p->name.len > CS_REG_MAX_VALUE_NAME) {
		rt_report(p, CS_REG_VALUE_NAME_LONG, l, l->start,
		    "value name of %zu characters; the registry allows 16383", p->name.len);
		return;
	}
	u = i < end ? rt_unit(t, i) : 0;
	if (u == '-') {
		if (!rest_is_comment(t, i + 1, end)) {
			rt_report(p, CS_REG_VALUE_BAD_DELETE, l, i + 1, "text after - ; not deleted");
			return;
		}
		(void)emit_value(p, l, true, 0);
		return;
	}
	if (u == '"') {
		if (string_data(p, l, i, end))
			(void)emit_value(p, l, false, CS_REG_SZ);
		return;
	}
	if (rt_match(t, i, end, "dword:")) {
		if (dword_data(p, l, i + 6, end))
			(void)emit_value(p, l, false, CS_REG_DWORD);
		return;
	}
	if (rt_match(t, i, end, "hex") && i + 3 < end &&
	    (rt_unit(t, i + 3) == ':' || rt_unit(t, i + 3) == '(')) {
		rt_line hl = *l, first = *l;
		hl.end = end;
		if (rt_parse_hex(p, &hl, i + 3, &type)) {
			*l = hl;
			(void)emit_value(p, &first, false, type); /* its source: the first line */
		}
		return;
	}
	rt_report(p, CS_REG_VALUE_FORMAT, l, i, i < end ? "unrecognised data after =" : "no data after =");
}

/* One line of a REGEDIT4 or 5.00 file (1.3). */
static void
body_line(rt_parser *p, rt_line *l)
{
	const rt_text *t = &p->text;
	size_t end = l->end, i = skip_blanks(t, l->start, end);
	uint16_t u;
	if (i == end)
		return;
	u = rt_unit(t, i);
	switch (u) {
	case '[':
		key_line(p, l, i, end);
		break;
	case '@':
	case '"':
		value_line(p, l, i, end);
		break;
	case ';':
		break;
	case '#':
		rt_report(p, CS_REG_LINE_HASH, l, i, "line starts with #; Windows ignores it");
		break;
	case 0x1A:
		rt_report(p, CS_REG_LINE_EOF_MARKER, l, i, "DOS end-of-file mark 0x1A");
		break;
	default:
		rt_report(p, CS_REG_LINE_UNRECOGNIZED, l, i,
		    "line starts with neither [, @, \" nor ;; Windows ignores it");
		break;
	}
}

/* One line of a Windows 3.1 REGEDIT file (1.11). */
static void
win31_line(rt_parser *p, const rt_line *l)
{
	const rt_text *t = &p->text;
	size_t end = l->end, i = l->start, k, v;
	uint16_t nul = 0;
	/* 1.11: exactly HKEY_CLASSES_ROOT at column 1, then \ or the end of the key */
	if (!rt_match(t, i, end, "HKEY_CLASSES_ROOT") ||
	    (i + 17 < end && rt_unit(t, i + 17) != '\\' && !rt_is_blank(rt_unit(t, i + 17)))) {
		k = skip_blanks(t, i, end);
		if (k < end && rt_unit(t, k) != ';')
			rt_report(p, CS_REG_WIN31_UNRECOGNIZED, l, k,
			    "line does not start with HKEY_CLASSES_ROOT; Windows ignores it");
		return;
	}
	for (k = i; k < end && !rt_is_blank(rt_unit(t, k)); k++)
		;
	v = skip_blanks(t, k, end);
	if (v < end && rt_unit(t, v) == '=') {
		v++;
		if (v < end && rt_unit(t, v) == ' ')
			v++;
	}
	if (!put_root(p, "HKEY_CLASSES_ROOT") || !split_path(p, l, i + 18, k))
		return;
	if (!p->sink->key(p->sink->arg, p->path.p, p->comps, p->ncomps, false, source_of(p, l))) {
		p->ctx->nomem = p->stop = true;
		return;
	}
	p->str.len = 0;
	while (v < end) {
		uint32_t cp;
		rt_decode_char(p, l, &v, end, &cp);
		if (!rt_units_put(p, &p->str, cp))
			return;
	}
	p->data.len = 0;
	if (!rt_bytes_put_units(p, &p->data, p->str.p, p->str.len) ||
	    !rt_bytes_put(p, &p->data, &nul, 2))
		return;
	p->name.len = 0;
	p->have_key = true;
	(void)emit_value(p, l, false, CS_REG_SZ);
}

void
regtext_parse(cs_ctx *ctx, const cs_cursor *file, const rt_sink *sink)
{
	rt_parser p;
	rt_line l;
	memset(&p, 0, sizeof p);
	p.ctx = ctx;
	p.sink = sink;
	p.compat = (ctx->flags & COMSCAN_FLAG_REG_COMPAT) != 0;
	p.next_cr = p.next_lf = p.next_nul = SIZE_MAX;
	if (detect_encoding(&p, file) && parse_header(&p)) {
		while (!p.stop && !ctx->nomem && rt_next_line(&p, &l)) {
			if (p.format == RT_FMT_WIN31)
				win31_line(&p, &l);
			else
				body_line(&p, &l);
		}
	}
	cs_free(ctx->alloc, p.path.p);
	cs_free(ctx->alloc, p.name.p);
	cs_free(ctx->alloc, p.str.p);
	cs_free(ctx->alloc, p.comps);
	cs_free(ctx->alloc, p.data.p);
}
