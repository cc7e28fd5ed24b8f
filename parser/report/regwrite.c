/*
 * regwrite.c - writes a registry tree as TSV or as a canonical .reg file.
 *
 * TSV (docs/tsv.md): one line per key and per value, in pre-order:
 *   K <TAB> path
 *   V <TAB> path <TAB> name <TAB> type <TAB> size
 * UTF-8; paths and names escaped (core/strbuf.h CS_U16_PATH, CS_U16_ESCAPED)
 * so every line stays one line and nothing is lost.
 *
 * .reg: what regedit writes for "Windows Registry Editor Version 5.00":
 * UTF-16LE with a BOM, CRLF, a blank line before each key, "name"="text"
 * for a REG_SZ of well-formed UTF-16 that round-trips as a string, dword:xxxxxxxx for a 4-byte
 * REG_DWORD, hex: / hex(N): otherwise, wrapped with ,\ before column 80
 * and continued after two blanks (regtext.md 1.7.3 "Export format").
 * What a .reg file cannot hold is not written (a hive's key name with a
 * NUL, CR, LF or backslash, empty, or over 255 characters; a key deeper
 * than max_key_depth; a value name with a NUL or over 16383 characters): a
 * ';' comment line (1.4) says what was left out and why, the name
 * escaped, so no name can end a line early and make the rest of it read
 * as keys or values of its own, and nothing is written that an importer
 * refuses.  A key left out takes its values and subkeys along.
 */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/regwalk.h"
#include "core/strbuf.h"
#include "report/out.h"
#include "report/regwrite.h"

static const char *const type_names[] = {
	"REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
	"REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
	"REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
};

void
cs_reg_type_name(uint32_t type, char *buf, size_t cap)
{
	if (type < sizeof type_names / sizeof type_names[0])
		snprintf(buf, cap, "%s", type_names[type]);
	else
		snprintf(buf, cap, "0x%X", (unsigned)type);
}

/* Scratch shared by both writers. */
typedef struct writer {
	out o;
	const comscan_allocator *a;
	cs_strbuf sb, path;
	uint16_t *name;
	size_t name_cap;
	uint8_t *data;
	size_t data_cap;
	size_t max_depth;  /* .reg: deeper keys are left out               */
	size_t skip_depth; /* .reg: depth of the key being left out, or 0 */
	bool nomem;
} writer;

/* The name of a value into w->name; returns its length. */
static size_t
value_name(writer *w, const cs_regtree *t, cs_regref v)
{
	size_t n = t->ops->value_name(t->impl, v, NULL, 0);
	if (!cs_grow(w->a, (void **)&w->name, &w->name_cap, n + 1, sizeof *w->name)) {
		w->nomem = true;
		return 0;
	}
	return t->ops->value_name(t->impl, v, w->name, n);
}

/* The data of a value into w->data; returns its size. */
static size_t
value_data(writer *w, const cs_regtree *t, cs_regref v)
{
	size_t n = t->ops->value_data(t->impl, v, NULL, 0);
	if (!cs_grow(w->a, (void **)&w->data, &w->data_cap, n + 1, 1)) {
		w->nomem = true;
		return 0;
	}
	return t->ops->value_data(t->impl, v, w->data, n);
}

/* ---- TSV ----------------------------------------------------------------------- */

void
cs_tsv_line(cs_strbuf *sb, const char *path, size_t plen, const uint16_t *name, size_t nlen,
    uint32_t type, uint64_t size)
{
	char tname[40], num[32];
	cs_sb_puts(sb, name ? "V\t" : "K\t");
	cs_sb_put(sb, path, plen);
	if (name != NULL) {
		cs_sb_puts(sb, "\t");
		cs_sb_put_u16(sb, name, nlen, CS_U16_ESCAPED);
		cs_reg_type_name(type, tname, sizeof tname);
		snprintf(num, sizeof num, "\t%llu", (unsigned long long)size);
		cs_sb_puts(sb, "\t");
		cs_sb_puts(sb, tname);
		cs_sb_puts(sb, num);
	}
	cs_sb_puts(sb, "\n");
}

static int
tsv_item(void *arg, const cs_regtree *t, const cs_regwalk_item *it)
{
	writer *w = arg;
	static const uint16_t none = 0;
	size_t n = 0;
	cs_sb_clear(&w->sb);
	cs_sb_clear(&w->path);
	cs_sb_put_u16(&w->path, it->path, it->path_len, CS_U16_PATH);
	if (it->is_value)
		n = value_name(w, t, it->ref);
	cs_tsv_line(&w->sb, w->path.p ? w->path.p : "", w->path.len,
	    it->is_value ? (w->name ? w->name : &none) : NULL,
	    n, it->is_value ? t->ops->value_type(t->impl, it->ref) : 0,
	    it->is_value ? t->ops->value_data(t->impl, it->ref, NULL, 0) : 0);
	if (w->sb.nomem || w->path.nomem || w->nomem)
		return -1;
	out_write(&w->o, w->sb.p, w->sb.len);
	return w->o.err;
}

/* ---- .reg ------------------------------------------------------------------------ */

/* Writes n characters as UTF-16LE, a chunk at a time: the code units u,
 * or the ASCII text s when u is NULL. */
static void
put_text(writer *w, const uint16_t *u, const char *s, size_t n)
{
	char le[512];
	size_t done = 0;
	while (done < n) {
		size_t k = n - done < sizeof le / 2 ? n - done : sizeof le / 2, i;
		for (i = 0; i < k; i++) {
			unsigned c = u != NULL ? u[done + i] : (unsigned char)s[done + i];
			le[2 * i] = (char)(c & 0xFF);
			le[2 * i + 1] = (char)(c >> 8);
		}
		out_write(&w->o, le, 2 * k);
		done += k;
	}
}

static void
put_units(writer *w, const uint16_t *u, size_t n)
{
	put_text(w, u, NULL, n);
}

static void
put_ascii_n(writer *w, const char *s, size_t n)
{
	put_text(w, NULL, s, n);
}

/* Writes ASCII text as UTF-16LE. */
static void
put_ascii(writer *w, const char *s)
{
	put_ascii_n(w, s, strlen(s));
}

/* Writes units into a comment line, escaped as TSV paths are (core/
 * strbuf.h, docs/tsv.md), so the line stays one line of valid UTF-16. */
static void
put_comment_units(writer *w, const uint16_t *u, size_t n)
{
	char esc[8];
	size_t i;
	for (i = 0; i < n; i++) {
		bool pair = u[i] >= 0xD800 && u[i] <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 &&
		            u[i + 1] <= 0xDFFF;
		if (pair) {
			put_units(w, &u[i], 2);
			i++;
		} else if (cs_u16_escape(u[i], CS_U16_PATH, esc)) {
			put_ascii(w, esc);
		} else {
			put_units(w, &u[i], 1);
		}
	}
}

/* True when no unit of u[0..len) is a NUL or one of the ASCII characters
 * of set. */
static bool
none_of(const uint16_t *u, size_t len, const char *set)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (u[i] < 0x80 && memchr(set, (int)u[i], strlen(set) + 1) != NULL)
			return false;
	return true;
}

/* Writes units as the inside of a quoted .reg string (1.7.1 escapes),
 * each run without an escape at once. */
static void
put_quoted(writer *w, const uint16_t *u, size_t n)
{
	size_t i, run = 0;
	put_ascii(w, "\"");
	for (i = 0; i < n; i++) {
		const char *esc = u[i] == '\\' ? "\\\\" :
		                  u[i] == '"'  ? "\\\"" :
		                  u[i] == '\n' ? "\\n" :
		                  u[i] == '\r' ? "\\r" : NULL;
		if (esc == NULL)
			continue;
		if (i > run)
			put_units(w, u + run, i - run);
		put_ascii(w, esc);
		run = i + 1;
	}
	if (n > run)
		put_units(w, u + run, n - run);
	put_ascii(w, "\"");
}

/* True when REG_SZ data is exactly a string of well-formed UTF-16 without
 * CR or LF plus one NUL, so "..." holds it, any importer reads it back as
 * the same bytes, and the file's text stays valid UTF-16 (anything else
 * is written hex(1):). */
static bool
quotable(const uint8_t *d, size_t n)
{
	size_t k;
	if (n < 2 || n % 2 != 0 || d[n - 2] != 0 || d[n - 1] != 0)
		return false;
	for (k = 0; k + 2 < n; k += 2) {
		unsigned u = (unsigned)(d[k] | d[k + 1] << 8);
		if (u == 0)
			return false;
		if (u == '\n' || u == '\r')
			return false; /* \n and \r escapes are Wine's, unpinned on Windows (1.7.1) */
		if (u >= 0xDC00 && u <= 0xDFFF)
			return false; /* a low surrogate not after a high one */
		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned next = k + 4 < n ? (unsigned)(d[k + 2] | d[k + 3] << 8) : 0;
			if (next < 0xDC00 || next > 0xDFFF)
				return false;
			k += 2; /* the pair's low half */
		}
	}
	return true;
}

/* Writes a hex list wrapped as regedit does (regtext.md 1.7.3, export
 * format): after an item's comma, once the line is 77 characters long,
 * "\" ends it and the next starts with two blanks (25 items a line). */
static void
put_hex(writer *w, const uint8_t *d, size_t n, size_t col)
{
	static const char digits[] = "0123456789abcdef";
	char txt[256];
	size_t k, len = 0;
	for (k = 0; k < n; k++) {
		txt[len++] = digits[d[k] >> 4];
		txt[len++] = digits[d[k] & 15];
		if (k + 1 == n)
			break;
		txt[len++] = ',';
		col += 3;
		if (col >= 77) {
			memcpy(txt + len, "\\\r\n  ", 5);
			len += 5;
			col = 2;
		}
		if (len > sizeof txt - 8) { /* room for the next item and a wrap */
			put_ascii_n(w, txt, len);
			len = 0;
		}
	}
	put_ascii_n(w, txt, len);
}

/* Writes into why[cap] why a .reg file cannot hold the key named by the
 * n units of name at depth (1 for a root key); false when it can: a key
 * line ends at a CR, LF or NUL, a backslash or an empty name would read
 * back as other keys (regtext.md 1.5), and a reader refuses a name longer
 * than the registry allows or a key deeper than its max_key_depth. */
static bool
key_unwritable(const writer *w, const uint16_t *name, size_t n, size_t depth, char *why,
    size_t cap)
{
	if (n == 0 || !none_of(name, n, "\r\n\\"))
		snprintf(why, cap, "its name is empty or holds a NUL, CR, LF or backslash");
	else if (n > CS_REG_MAX_KEY_NAME)
		snprintf(why, cap, "its name is longer than %u characters", CS_REG_MAX_KEY_NAME);
	else if (depth > w->max_depth)
		snprintf(why, cap, "it is nested deeper than %zu levels", w->max_depth);
	else
		return false;
	return true;
}

/* Writes a key line, or leaves the key out (with its values and
 * subkeys) with a comment line saying why. */
static int
reg_key(writer *w, const cs_regtree *t, const cs_regwalk_item *it)
{
	size_t n = t->ops->key_name(t->impl, it->ref, NULL, 0);
	char why[80];
	if (w->skip_depth != 0 && it->depth > w->skip_depth)
		return 0; /* below a key left out */
	w->skip_depth = 0;
	if (!cs_grow(w->a, (void **)&w->name, &w->name_cap, n + 1, sizeof *w->name))
		return -1;
	n = t->ops->key_name(t->impl, it->ref, w->name, n);
	if (key_unwritable(w, w->name, n, it->depth, why, sizeof why)) {
		w->skip_depth = it->depth;
		put_ascii(w, "\r\n; comscan: key not written, with its values and subkeys (");
		put_ascii(w, why);
		put_ascii(w, "): ");
		put_comment_units(w, it->path, it->path_len);
		put_ascii(w, "\r\n");
		return w->o.err;
	}
	put_ascii(w, "\r\n[");
	put_units(w, it->path, it->path_len);
	put_ascii(w, "]\r\n");
	return w->o.err;
}

static int
reg_item(void *arg, const cs_regtree *t, const cs_regwalk_item *it)
{
	writer *w = arg;
	uint32_t type;
	size_t n, size, col;
	char tag[24];
	if (!it->is_value)
		return reg_key(w, t, it);
	if (w->skip_depth != 0)
		return 0; /* a value of a key left out: values follow their key */
	n = value_name(w, t, it->ref);
	size = value_data(w, t, it->ref);
	if (w->nomem)
		return -1;
	if (!none_of(w->name, n, "") || n > CS_REG_MAX_VALUE_NAME) {
		/* a NUL ends the line for importers that read C strings */
		put_ascii(w, n > CS_REG_MAX_VALUE_NAME ?
		                 "; comscan: value not written (its name is longer than 16383 "
		                 "characters): " :
		                 "; comscan: value not written (its name holds a NUL): ");
		put_comment_units(w, w->name, n);
		put_ascii(w, "\r\n");
		return w->o.err;
	}
	type = t->ops->value_type(t->impl, it->ref);
	if (n == 0) {
		put_ascii(w, "@=");
		col = 2;
	} else {
		put_quoted(w, w->name, n);
		put_ascii(w, "=");
		col = n + 3;
	}
	if (type == 1 && quotable(w->data, size)) {
		size_t k, units = size / 2 - 1;
		if (!cs_grow(w->a, (void **)&w->name, &w->name_cap, units + 1, sizeof *w->name))
			return -1;
		for (k = 0; k < units; k++)
			w->name[k] = (uint16_t)(w->data[2 * k] | w->data[2 * k + 1] << 8);
		put_quoted(w, w->name, units);
	} else if (type == 4 && size == 4) {
		snprintf(tag, sizeof tag, "dword:%08x",
		    (unsigned)(w->data[0] | w->data[1] << 8 | w->data[2] << 16 | (uint32_t)w->data[3] << 24));
		put_ascii(w, tag);
	} else {
		if (type == 3)
			snprintf(tag, sizeof tag, "hex:");
		else
			snprintf(tag, sizeof tag, "hex(%x):", (unsigned)type);
		put_ascii(w, tag);
		put_hex(w, w->data, size, col + strlen(tag));
	}
	put_ascii(w, "\r\n");
	return w->o.err;
}

/* Runs a writer over t: prologue (BOM + header for .reg), walk, flush. */
static int
write_tree(const cs_regtree *t, const comscan_allocator *a, bool reg, size_t max_depth,
    comscan_sink sink, void *ctx)
{
	writer w;
	int r;
	memset(&w, 0, sizeof w);
	w.max_depth = max_depth;
	out_init(&w.o, sink, ctx);
	w.a = cs_alloc_or_libc(a);
	cs_sb_init(&w.sb, w.a);
	cs_sb_init(&w.path, w.a);
	if (reg) {
		out_write(&w.o, "\xFF\xFE", 2);
		put_ascii(&w, "Windows Registry Editor Version 5.00\r\n");
	}
	r = cs_regwalk(t, w.a, SIZE_MAX, reg ? reg_item : tsv_item, &w, NULL);
	if (reg && r == 0)
		put_ascii(&w, "\r\n");
	out_flush(&w.o);
	cs_sb_free(&w.sb);
	cs_sb_free(&w.path);
	cs_free(w.a, w.name);
	cs_free(w.a, w.data);
	return r != 0 ? r : w.o.err;
}

int
cs_write_tsv(const cs_regtree *t, const comscan_allocator *a, comscan_sink sink, void *ctx)
{
	return write_tree(t, a, false, SIZE_MAX, sink, ctx);
}

int
cs_write_reg(const cs_regtree *t, const comscan_allocator *a, size_t max_depth,
    comscan_sink sink, void *ctx)
{
	return write_tree(t, a, true, max_depth, sink, ctx);
}
