/*
 * test_hivew.c - the test-only regf writer (tests/support/hivew.c) checked
 * three ways:
 *
 *   1. against published vectors: Marvin32 (.NET MarvinTests), the Hash-2
 *      of a real Windows 10 log entry, lh hashes and lf hints read from
 *      real hives (regipy's SYSTEM, NTUSER.DAT, UsrClass.dat; yarp's
 *      ExtendedASCIIHive, UpcaseHive);
 *   2. by an independent walker written here (its own checksum, upcase,
 *      hash, hint, order, count, refcount and ring checks) and an
 *      independent log replayer;
 *   3. by the external readers installed on the machine: reglookup,
 *      hivexml (libhivex-bin) and regfexport (libregf-utils) must list
 *      exactly the keys, values, types and data that were written.  A
 *      missing tool skips its test.  regfexport is never asked about
 *      resident data (libregf copies the last bytes, regf.md 0.1 item 1).
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/hivew.h"

/* ---- small buffers and strings -------------------------------------------- */

struct sb {
	char *p;
	size_t n, cap;
};

static void sb_put(struct sb *s, const void *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 64;
		while (cap < s->n + n + 1)
			cap *= 2;
		char *q = realloc(s->p, cap);
		assert_non_null(q);
		s->p = q;
		s->cap = cap;
	}
	if (n)
		memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
}

static void sb_puts(struct sb *s, const char *z)
{
	sb_put(s, z, strlen(z));
}

/* Appends n bytes readably: printable ASCII as is, the rest as \xHH. */
static void sb_canon(struct sb *s, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= 0x20 && p[i] < 0x7F && p[i] != '\\') {
			sb_put(s, &p[i], 1);
		} else {
			char b[8];
			snprintf(b, sizeof b, "\\x%02X", p[i]);
			sb_puts(s, b);
		}
	}
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* A list of canonical lines compared as sorted multisets. */
struct lines {
	char **v;
	size_t n, cap;
};

static void lines_add(struct lines *l, const char *z)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		assert_non_null(l->v);
	}
	l->v[l->n] = strdup(z);
	assert_non_null(l->v[l->n]);
	l->n++;
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Asserts that got and want hold the same lines (any order). */
static void lines_same(struct lines *got, struct lines *want, const char *what)
{
	qsort(got->v, got->n, sizeof *got->v, cmp_str);
	qsort(want->v, want->n, sizeof *want->v, cmp_str);
	size_t i = 0, j = 0;
	int bad = 0;
	while (i < got->n || j < want->n) {
		int c = i == got->n ? 1 : j == want->n ? -1 : strcmp(got->v[i], want->v[j]);
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		if (bad++ < 8)
			print_error("%s: %s %s\n", what, c < 0 ? "unexpected" : "missing",
			    c < 0 ? got->v[i] : want->v[j]);
		if (c < 0)
			i++;
		else
			j++;
	}
	assert_int_equal(bad, 0);
}

/* ---- running tools ------------------------------------------------------------- */

static bool have_tool(const char *name)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

/* Writes img to a new temporary file; path receives its name. */
static void temp_write(const hivew_img *img, char path[64])
{
	snprintf(path, 64, "/tmp/hivew-test-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_true(hivew_img_write(img, path));
}

/* Runs "tool args path" (stderr discarded); returns stdout and the exit
 * status (128 + signal when killed). */
static char *run_tool(const char *tool, const char *args, const char *path, int *status)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "%s %s '%s' 2>/dev/null", tool, args, path);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	struct sb out = { 0 };
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_put(&out, buf, n);
	int st = pclose(f);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	if (out.p == NULL)
		sb_puts(&out, "");
	return out.p;
}

/* Runs tool on img; returns its stdout. */
static char *run_on(const char *tool, const char *args, const hivew_img *img, int *status)
{
	char path[64];
	temp_write(img, path);
	char *out = run_tool(tool, args, path, status);
	unlink(path);
	return out;
}

/* ---- text conversions ------------------------------------------------------------ */

/* Appends the UTF-8 form of n units (pairs combined; lone surrogates are
 * not expected here). */
static void sb_utf8(struct sb *s, const uint16_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t c = u[i];
		if (c >= 0xD800 && c < 0xDC00 && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] < 0xE000)
			c = 0x10000 + ((c - 0xD800) << 10) + (u[++i] - 0xDC00);
		uint8_t b[4];
		size_t k;
		if (c < 0x80) {
			b[0] = (uint8_t)c;
			k = 1;
		} else if (c < 0x800) {
			b[0] = (uint8_t)(0xC0 | c >> 6);
			b[1] = (uint8_t)(0x80 | (c & 0x3F));
			k = 2;
		} else if (c < 0x10000) {
			b[0] = (uint8_t)(0xE0 | c >> 12);
			b[1] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
			b[2] = (uint8_t)(0x80 | (c & 0x3F));
			k = 3;
		} else {
			b[0] = (uint8_t)(0xF0 | c >> 18);
			b[1] = (uint8_t)(0x80 | (c >> 12 & 0x3F));
			b[2] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
			b[3] = (uint8_t)(0x80 | (c & 0x3F));
			k = 4;
		}
		sb_put(s, b, k);
	}
}

/* UTF-16LE bytes to units (n bytes, the odd last byte dropped). */
static size_t le_units(const uint8_t *p, size_t n, uint16_t *out, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i + 1 < n && k < max; i += 2)
		out[k++] = (uint16_t)(p[i] | p[i + 1] << 8);
	return k;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
	    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes reglookup's %XX quoting of n bytes at p. */
static void sb_unquote(struct sb *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;
		if (p[i] == '%' && i + 2 < n && (hi = hexval(p[i + 1])) >= 0 &&
		    (lo = hexval(p[i + 2])) >= 0) {
			uint8_t b = (uint8_t)(hi << 4 | lo);
			sb_put(s, &b, 1);
			i += 2;
		} else {
			sb_put(s, &p[i], 1);
		}
	}
}

/* Decodes XML entities of n bytes at p. */
static void sb_xml(struct sb *s, const char *p, size_t n)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = { { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
		     { "&apos;", "'" } };
	for (size_t i = 0; i < n; i++) {
		bool done = false;
		for (size_t e = 0; e < sizeof ents / sizeof ents[0] && !done; e++) {
			size_t el = strlen(ents[e].ent);
			if (i + el <= n && memcmp(p + i, ents[e].ent, el) == 0) {
				sb_puts(s, ents[e].ch);
				i += el - 1;
				done = true;
			}
		}
		if (!done)
			sb_put(s, &p[i], 1);
	}
}

/* Decodes base64 (whitespace ignored). */
static void sb_base64(struct sb *s, const char *p, size_t n)
{
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v;
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '+')
			v = 62;
		else if (c == '/')
			v = 63;
		else
			continue;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			uint8_t b = (uint8_t)(acc >> bits);
			sb_put(s, &b, 1);
		}
	}
}

/* ---- the model: what a test writes, and what each tool must print ------------- */

#define MAXK 96
#define MAXV 160

struct mkey {
	hivew_key k;
	int parent;
	uint16_t u[64];
	size_t n;
	bool comp;
	const char *cls;           /* ASCII class or NULL                   */
	const char *owner;         /* owner SID text of its sk              */
};

struct mval {
	int key;
	uint16_t u[64];
	size_t n;
	bool comp;
	uint32_t type;
	uint8_t *data;
	size_t len;
	bool resident;             /* stored resident: regfexport not asked */
};

struct model {
	hivew *h;
	struct mkey k[MAXK];
	size_t nk;
	struct mval v[MAXV];
	size_t nv;
};

static void model_init(struct model *m, const char *root)
{
	memset(m, 0, sizeof *m);
	m->h = hivew_new(root);
	struct mkey *r = &m->k[m->nk++];
	r->k = HIVEW_ROOT;
	r->parent = -1;
	for (size_t i = 0; root[i]; i++)
		r->u[r->n++] = (uint8_t)root[i];
	r->comp = true;
	r->owner = "S-1-5-32-544";
}

static void model_free(struct model *m)
{
	for (size_t i = 0; i < m->nv; i++)
		free(m->v[i].data);
	hivew_free(m->h);
}

static int m_key_units(struct model *m, int parent, const uint16_t *u, size_t n, bool comp)
{
	assert_true(m->nk < MAXK && n <= 64);
	struct mkey *k = &m->k[m->nk];
	k->k = hivew_key_add_units(m->h, m->k[parent].k, u, n, comp);
	k->parent = parent;
	memcpy(k->u, u, n * sizeof *u);
	k->n = n;
	k->comp = comp;
	k->owner = "S-1-5-32-544";
	return (int)m->nk++;
}

static int m_key(struct model *m, int parent, const char *latin1)
{
	uint16_t u[64];
	size_t n = strlen(latin1);
	for (size_t i = 0; i < n; i++)
		u[i] = (uint8_t)latin1[i];
	return m_key_units(m, parent, u, n, true);
}

static void m_val_units(struct model *m, int key, const uint16_t *u, size_t n, bool comp,
    uint32_t type, const void *p, size_t len)
{
	assert_true(m->nv < MAXV && n <= 64);
	struct mval *v = &m->v[m->nv++];
	v->key = key;
	memcpy(v->u, u, n * sizeof *u);
	v->n = n;
	v->comp = comp;
	v->type = type;
	v->data = malloc(len ? len : 1);
	assert_non_null(v->data);
	if (len)
		memcpy(v->data, p, len);
	v->len = len;
	v->resident = len <= 4;
	(void)hivew_value_add_units(m->h, m->k[key].k, u, n, comp, type, p, len);
}

static void m_val(struct model *m, int key, const char *name, uint32_t type, const void *p,
    size_t len)
{
	uint16_t u[64];
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++)
		u[i] = (uint8_t)name[i];
	m_val_units(m, key, u, n, true, type, p, len);
}

/* A REG_SZ-like value holding text (UTF-8 in, UTF-16LE with NUL out). */
static void m_sz(struct model *m, int key, const char *name, uint32_t type, const char *utf8)
{
	uint8_t buf[512];
	size_t n = 0;
	const uint8_t *p = (const uint8_t *)utf8;
	while (*p) {
		uint32_t c = *p++;
		if (c >= 0xE0) {
			c = (c & 0x0F) << 12 | (uint32_t)(p[0] & 0x3F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else if (c >= 0xC0) {
			c = (c & 0x1F) << 6 | (p[0] & 0x3F);
			p += 1;
		}
		buf[n++] = (uint8_t)c;
		buf[n++] = (uint8_t)(c >> 8);
	}
	buf[n++] = 0;
	buf[n++] = 0;
	m_val(m, key, name, type, buf, n);
}

/* reglookup's form of a name: compressed bytes, ASCII when every unit of a
 * UTF-16 name is ASCII, else the raw UTF-16LE bytes. */
static void rl_name(struct sb *s, const uint16_t *u, size_t n, bool comp)
{
	bool ascii = true;
	for (size_t i = 0; i < n; i++)
		if (u[i] >= 0x80)
			ascii = false;
	for (size_t i = 0; i < n; i++) {
		uint8_t b[2] = { (uint8_t)u[i], (uint8_t)(u[i] >> 8) };
		sb_put(s, b, comp || ascii ? 1 : 2);
	}
}

/* The path of key i: reglookup form (rl) or UTF-8 with the root (x). */
static void key_path(const struct model *m, int i, bool rl, struct sb *s)
{
	int chain[64], n = 0;
	for (int k = i; k >= 0; k = m->k[k].parent)
		chain[n++] = k;
	for (int j = n - 1; j >= 0; j--) {
		const struct mkey *k = &m->k[chain[j]];
		if (rl) {
			if (j == n - 1)
				continue; /* reglookup prints the root as "" */
			sb_puts(s, "/");
			rl_name(s, k->u, k->n, k->comp);
		} else {
			if (j != n - 1)
				sb_puts(s, "/");
			sb_utf8(s, k->u, k->n);
		}
	}
}

static const char *rl_type(uint32_t t, char buf[16])
{
	static const char *names[] = { "NONE", "SZ", "EXPAND_SZ", "BINARY", "DWORD", "DWORD_BE",
		"LINK", "MULTI_SZ", "RSRC_LIST", "RSRC_DESC", "RSRC_REQ_LIST", "QWORD" };
	if (t < sizeof names / sizeof names[0])
		return names[t];
	snprintf(buf, 16, "0x%08" PRIX32, t);
	return buf;
}

/* Whether data is a clean UTF-16LE string list of ASCII characters. */
static bool ascii_utf16(const uint8_t *p, size_t n)
{
	if (n % 2)
		return false;
	for (size_t i = 0; i < n; i += 2)
		if (p[i + 1] || p[i] >= 0x80)
			return false;
	return true;
}

/* reglookup's value text for v (after unquoting). */
static void rl_value(struct sb *s, const struct mval *v)
{
	const uint8_t *d = v->data;
	char b[32];
	if ((v->type == 1 || v->type == 2 || v->type == 6) && ascii_utf16(d, v->len)) {
		for (size_t i = 0; i + 1 < v->len && d[i]; i += 2)
			sb_put(s, &d[i], 1);
	} else if (v->type == 7 && ascii_utf16(d, v->len)) {
		bool first = true, start = true;
		for (size_t i = 0; i + 1 < v->len; i += 2) {
			if (d[i] == 0) {
				start = true;
				continue;
			}
			if (start && !first)
				sb_puts(s, "|");
			sb_put(s, &d[i], 1);
			start = false;
			first = false;
		}
	} else if (v->type == 4 && v->len == 4) {
		snprintf(b, sizeof b, "0x%08" PRIX32, (uint32_t)(d[0] | d[1] << 8 | d[2] << 16 |
		    (uint32_t)d[3] << 24));
		sb_puts(s, b);
	} else if (v->type == 5 && v->len == 4) {
		snprintf(b, sizeof b, "0x%08" PRIX32, (uint32_t)((uint32_t)d[0] << 24 |
		    d[1] << 16 | d[2] << 8 | d[3]));
		sb_puts(s, b);
	} else if (v->type == 11 && v->len == 8) {
		uint64_t q = 0;
		for (int i = 7; i >= 0; i--)
			q = q << 8 | d[i];
		snprintf(b, sizeof b, "0x%016" PRIX64, q);
		sb_puts(s, b);
	} else if (v->len == 0) {
		sb_puts(s, "(null)");
	} else {
		sb_put(s, d, v->len);
	}
}

/* Expected reglookup -s lines of the model. */
static void rl_expect(const struct model *m, struct lines *out, bool classes)
{
	for (size_t i = 0; i < m->nk; i++) {
		struct sb p = { 0 }, l = { 0 };
		key_path(m, (int)i, true, &p);
		sb_puts(&l, "K ");
		sb_canon(&l, (const uint8_t *)(p.n ? p.p : "/"), p.n ? p.n : 1);
		if (classes) {
			sb_puts(&l, " owner=");
			sb_puts(&l, m->k[i].owner);
			sb_puts(&l, " class=");
			sb_puts(&l, m->k[i].cls ? m->k[i].cls : "");
		}
		lines_add(out, l.p);
		free(p.p);
		free(l.p);
	}
	for (size_t i = 0; i < m->nv; i++) {
		const struct mval *v = &m->v[i];
		struct sb p = { 0 }, l = { 0 }, val = { 0 };
		char tb[16];
		key_path(m, v->key, true, &p);
		if (p.n == 0)
			sb_puts(&p, "/"); /* reglookup prints the root's values as //name */
		sb_puts(&p, "/");
		rl_name(&p, v->u, v->n, v->comp);
		rl_value(&val, v);
		sb_puts(&l, "V ");
		sb_canon(&l, (const uint8_t *)p.p, p.n);
		sb_puts(&l, " ");
		sb_puts(&l, rl_type(v->type, tb));
		sb_puts(&l, " ");
		sb_canon(&l, (const uint8_t *)(val.p ? val.p : ""), val.n);
		lines_add(out, l.p);
		free(p.p);
		free(l.p);
		free(val.p);
	}
}

/* Parses "reglookup -H [-s]" output into lines like rl_expect's. */
static void rl_parse(const char *text, struct lines *out, bool classes)
{
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		const char *f[10];
		size_t fl[10], nf = 0;
		const char *q = p;
		while (nf < 10) {
			const char *c = memchr(q, ',', len - (size_t)(q - p));
			f[nf] = q;
			fl[nf] = c ? (size_t)(c - q) : len - (size_t)(q - p);
			nf++;
			if (c == NULL)
				break;
			q = c + 1;
		}
		if (nf >= 3) {
			struct sb l = { 0 }, path = { 0 }, val = { 0 };
			sb_unquote(&path, f[0], fl[0]);
			bool key = fl[1] == 3 && memcmp(f[1], "KEY", 3) == 0;
			sb_puts(&l, key ? "K " : "V ");
			sb_canon(&l, (const uint8_t *)path.p, path.n);
			if (key && classes && nf >= 9) {
				struct sb cls = { 0 };
				sb_unquote(&cls, f[8], fl[8]);
				sb_puts(&l, " owner=");
				sb_put(&l, f[4], fl[4]);
				sb_puts(&l, " class=");
				sb_put(&l, cls.p ? cls.p : "", cls.n);
				free(cls.p);
			} else if (!key) {
				sb_puts(&l, " ");
				sb_put(&l, f[1], fl[1]);
				sb_puts(&l, " ");
				sb_unquote(&val, f[2], fl[2]);
				sb_canon(&l, (const uint8_t *)(val.p ? val.p : ""), val.n);
			}
			lines_add(out, l.p);
			free(l.p);
			free(path.p);
			free(val.p);
		}
		p += len + (eol ? 1 : 0);
	}
}

static const char *x_type(uint32_t t)
{
	static const char *names[] = { "none", "string", "expand", "binary", "int32", "int32",
		"link", "string-list", "resource-list", "resource-description",
		"resource-requirements", "int64" };
	return t < sizeof names / sizeof names[0] ? names[t] : "unknown";
}

/* hivexml's value text for v: decoded base64 bytes, UTF-8 strings (string
 * lists as each string + NUL), decimal integers. */
static void x_value(struct sb *s, const struct mval *v)
{
	uint16_t u[8192];
	const uint8_t *d = v->data;
	char b[32];
	if (v->type == 1 || v->type == 2 || v->type == 6) {
		size_t n = le_units(d, v->len, u, 8192), k = 0;
		while (k < n && u[k])
			k++;
		sb_utf8(s, u, k);
	} else if (v->type == 7) {
		size_t n = le_units(d, v->len, u, 8192);
		sb_utf8(s, u, n);
	} else if (v->type == 4 || v->type == 5) {
		uint32_t x = v->type == 4 ? le32(d)
		    : (uint32_t)((uint32_t)d[0] << 24 | d[1] << 16 | d[2] << 8 | d[3]);
		snprintf(b, sizeof b, "%" PRId32, (int32_t)x);
		sb_puts(s, b);
	} else if (v->type == 11) {
		uint64_t q = 0;
		for (int i = 7; i >= 0; i--)
			q = q << 8 | d[i];
		snprintf(b, sizeof b, "%" PRId64, (int64_t)q);
		sb_puts(s, b);
	} else {
		sb_put(s, d, v->len);
	}
}

static void x_expect(const struct model *m, struct lines *out)
{
	for (size_t i = 0; i < m->nk; i++) {
		struct sb p = { 0 }, l = { 0 };
		key_path(m, (int)i, false, &p);
		sb_puts(&l, "K ");
		sb_canon(&l, (const uint8_t *)p.p, p.n);
		lines_add(out, l.p);
		free(p.p);
		free(l.p);
	}
	for (size_t i = 0; i < m->nv; i++) {
		const struct mval *v = &m->v[i];
		struct sb p = { 0 }, l = { 0 }, val = { 0 };
		key_path(m, v->key, false, &p);
		sb_puts(&p, "/");
		if (v->n)
			sb_utf8(&p, v->u, v->n);
		else
			sb_puts(&p, "(default)");
		x_value(&val, v);
		sb_puts(&l, "V ");
		sb_canon(&l, (const uint8_t *)p.p, p.n);
		sb_puts(&l, " ");
		sb_puts(&l, x_type(v->type));
		sb_puts(&l, " ");
		sb_canon(&l, (const uint8_t *)(val.p ? val.p : ""), val.n);
		lines_add(out, l.p);
		free(p.p);
		free(l.p);
		free(val.p);
	}
}

/* Finds attribute name="..." in the tag [p, end); returns its raw text. */
static bool x_attr(const char *p, const char *end, const char *name, const char **v, size_t *n)
{
	size_t nl = strlen(name);
	for (const char *q = p + 1; q + nl + 2 < end; q++) {
		if (q[-1] == ' ' && memcmp(q, name, nl) == 0 && q[nl] == '=' && q[nl + 1] == '"') {
			const char *s = q + nl + 2, *e = memchr(s, '"', (size_t)(end - s));
			if (e == NULL)
				return false;
			*v = s;
			*n = (size_t)(e - s);
			return true;
		}
	}
	return false;
}

/* Parses hivexml output into lines like x_expect's. */
static void x_parse(const char *text, struct lines *out)
{
	struct sb path = { 0 };
	size_t stack[128], depth = 0;
	const char *p = text;
	while ((p = strchr(p, '<')) != NULL) {
		const char *end = strchr(p, '>');
		if (end == NULL)
			break;
		const char *v;
		size_t n;
		if (strncmp(p, "<node ", 6) == 0 && x_attr(p, end, "name", &v, &n)) {
			assert_true(depth < 128);
			stack[depth++] = path.n;
			if (depth > 1)
				sb_puts(&path, "/");
			sb_xml(&path, v, n);
			struct sb l = { 0 };
			sb_puts(&l, "K ");
			sb_canon(&l, (const uint8_t *)path.p, path.n);
			lines_add(out, l.p);
			free(l.p);
		} else if (strncmp(p, "</node>", 7) == 0) {
			assert_true(depth > 0);
			path.n = stack[--depth];
			path.p[path.n] = '\0';
		} else if (strncmp(p, "<value ", 7) == 0) {
			struct sb l = { 0 }, name = { 0 }, val = { 0 };
			const char *t;
			size_t tn;
			assert_true(x_attr(p, end, "type", &t, &tn));
			if (x_attr(p, end, "key", &v, &n))
				sb_xml(&name, v, n);
			else
				sb_puts(&name, "(default)");
			if (tn == 11 && memcmp(t, "string-list", 11) == 0) {
				const char *q = end;
				const char *stop = strstr(q, "</value>");
				while ((q = strstr(q, "<string>")) != NULL && q < stop) {
					const char *e = strstr(q, "</string>");
					sb_xml(&val, q + 8, (size_t)(e - q - 8));
					sb_put(&val, "", 1);
					q = e;
				}
			} else if (x_attr(p, end, "value", &v, &n)) {
				const char *enc;
				size_t en;
				if (x_attr(p, end, "encoding", &enc, &en))
					sb_base64(&val, v, n);
				else
					sb_xml(&val, v, n);
			}
			sb_puts(&l, "V ");
			sb_canon(&l, (const uint8_t *)path.p, path.n);
			sb_puts(&l, "/");
			sb_canon(&l, (const uint8_t *)name.p, name.n);
			sb_puts(&l, " ");
			sb_put(&l, t, tn);
			sb_puts(&l, " ");
			sb_canon(&l, (const uint8_t *)(val.p ? val.p : ""), val.n);
			lines_add(out, l.p);
			free(l.p);
			free(name.p);
			free(val.p);
		}
		p = end + 1;
	}
	assert_int_equal(depth, 0);
	free(path.p);
}

/* ---- the independent walker ------------------------------------------------------- */

/* Upcase written independently of hivew's: ASCII and Latin-1 only. */
static uint16_t my_upper(uint16_t c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7))
		return (uint16_t)(c - 32);
	if (c == 0xFF)
		return 0x178;
	if ((c >= 0x430 && c <= 0x44F) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2))
		return (uint16_t)(c - 32);
	if (c >= 0x450 && c <= 0x45F)
		return (uint16_t)(c - 80);
	return c;
}

struct walk {
	const uint8_t *d;
	size_t len;
	uint32_t hb, minor;
	uint8_t *slot;             /* per 8 bytes of hbins: 1 allocated, 2 free start */
	uint8_t *seen;             /* nk reached                                     */
	char err[200];
	size_t nkeys, nvals, depth, nbins, nfree;
	uint32_t sks[64], skrefs[64];
	size_t nsks;
};

static bool wfail(struct walk *w, const char *what, uint32_t at)
{
	if (w->err[0] == '\0')
		snprintf(w->err, sizeof w->err, "%s at 0x%" PRIX32, what, at);
	return false;
}

/* The data of the allocated cell at off, its payload size in *n. */
static const uint8_t *wcell(struct walk *w, uint32_t off, size_t *n, const char *what)
{
	if (off % 8 || off >= w->hb || w->slot[off / 8] != 1) {
		if (off % 8 == 0 && off < w->hb && w->slot[off / 8] == 2)
			(void)wfail(w, "reference to a free cell", off);
		(void)wfail(w, what, off);
		return NULL;
	}
	const uint8_t *c = w->d + 4096 + off;
	*n = (size_t)(-(int32_t)le32(c)) - 4;
	return c + 4;
}

/* Name units of an nk or vk. */
static size_t wname(const uint8_t *p, size_t len, bool comp, uint16_t *u, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < len && n < max; i += comp ? 1 : 2)
		u[n++] = comp ? p[i] : (uint16_t)(i + 1 < len ? le16(p + i) : p[i]);
	return n;
}

/* Base block and bins; fills the cell slots. */
static bool walk_file(struct walk *w)
{
	const uint8_t *d = w->d;
	if (w->len < 8192 || memcmp(d, "regf", 4))
		return wfail(w, "no base block", 0);
	uint32_t x = 0;
	for (size_t i = 0; i < 508; i += 4)
		x ^= le32(d + i);
	x = x == 0 ? 1 : x == 0xFFFFFFFF ? 0xFFFFFFFE : x;
	if (x != le32(d + 508))
		return wfail(w, "checksum", le32(d + 508));
	if (le32(d + 4) != le32(d + 8))
		return wfail(w, "sequence numbers differ", le32(d + 8));
	if (le32(d + 20) != 1 || le32(d + 28) != 0 || le32(d + 32) != 1 || le32(d + 44) != 1)
		return wfail(w, "base block field", 20);
	w->minor = le32(d + 24);
	w->hb = le32(d + 40);
	if (w->hb % 4096 || w->hb == 0)
		return wfail(w, "hbins size", w->hb);
	if (w->len < 4096 + (size_t)w->hb)
		return wfail(w, "truncated", (uint32_t)w->len);
	w->slot = calloc(w->hb / 8, 1);
	w->seen = calloc(w->hb / 8, 1);
	assert_true(w->slot && w->seen);
	for (uint32_t off = 0; off < w->hb;) {
		const uint8_t *b = d + 4096 + off;
		if (memcmp(b, "hbin", 4) || le32(b + 4) != off)
			return wfail(w, "hbin header", off);
		uint32_t size = le32(b + 8);
		if (size % 4096 || size == 0 || size > w->hb - off)
			return wfail(w, "hbin size", off);
		w->nbins++;
		uint32_t c = off + 32;
		while (c < off + size) {
			int32_t s = (int32_t)le32(d + 4096 + c);
			uint32_t abs = s < 0 ? (uint32_t)(-(int64_t)s) : (uint32_t)s;
			if (abs < 8 || abs % 8 || abs > off + size - c)
				return wfail(w, "cell size", c);
			w->slot[c / 8] = s < 0 ? 1 : 2;
			w->nfree += s > 0;
			c += abs;
		}
		off += size;
	}
	return true;
}

/* Collects the entries of a subkey list (li/lf/lh, or ri over them):
 * child nk offsets and, for lf/lh, the stored hint/hash and the kind. */
struct entry {
	uint32_t nk, hint;
	char kind;
};

static size_t walk_list(struct walk *w, uint32_t off, struct entry **out)
{
	size_t n, cap = 0, cnt = 0;
	struct entry *e = NULL;
	const uint8_t *c = wcell(w, off, &n, "subkey list");
	if (c == NULL || n < 4)
		return (size_t)(wfail(w, "subkey list", off), 0);
	uint32_t leaves[1024];
	size_t nleaves = 0;
	if (memcmp(c, "ri", 2) == 0) {
		uint16_t k = le16(c + 2);
		if (4 + 4 * (size_t)k > n || k > 1024)
			return (size_t)(wfail(w, "ri count", off), 0);
		for (size_t i = 0; i < k; i++)
			leaves[nleaves++] = le32(c + 4 + 4 * i);
	} else {
		leaves[nleaves++] = off;
	}
	for (size_t l = 0; l < nleaves; l++) {
		const uint8_t *lc = wcell(w, leaves[l], &n, "leaf");
		if (lc == NULL)
			break;
		char kind = memcmp(lc, "li", 2) == 0 ? 'i' : memcmp(lc, "lf", 2) == 0 ? 'f'
		    : memcmp(lc, "lh", 2) == 0 ? 'h' : memcmp(lc, "ri", 2) == 0 ? 'r' : '?';
		if (kind == 'r') {
			(void)wfail(w, "ri->ri", leaves[l]);
			break;
		}
		if (kind == '?') {
			(void)wfail(w, "leaf signature", leaves[l]);
			break;
		}
		size_t stride = kind == 'i' ? 4 : 8, k = le16(lc + 2);
		if (4 + stride * k > n) {
			(void)wfail(w, "leaf count", leaves[l]);
			break;
		}
		for (size_t i = 0; i < k; i++) {
			if (cnt == cap) {
				cap = cap ? 2 * cap : 16;
				e = realloc(e, cap * sizeof *e);
				assert_non_null(e);
			}
			e[cnt].nk = le32(lc + 4 + stride * i);
			e[cnt].hint = kind == 'i' ? 0 : le32(lc + 8 + stride * i);
			e[cnt].kind = kind;
			cnt++;
		}
	}
	*out = e;
	return cnt;
}

/* Checks one value; returns its data size. */
static uint32_t walk_value(struct walk *w, uint32_t off)
{
	size_t n;
	const uint8_t *v = wcell(w, off, &n, "vk");
	if (v == NULL)
		return 0;
	if (n < 20 || memcmp(v, "vk", 2))
		return (uint32_t)wfail(w, "vk signature", off);
	size_t nl = le16(v + 2);
	if (20 + nl > n)
		return (uint32_t)wfail(w, "vk name", off);
	uint32_t size = le32(v + 4), doff = le32(v + 8);
	if (size & 0x80000000u) {
		size &= 0x7FFFFFFF;
		if (size > 4)
			return (uint32_t)wfail(w, "resident size > 4", off);
		for (size_t i = size; i < 4; i++)
			if (v[8 + i])
				return (uint32_t)wfail(w, "resident padding", off);
		return size;
	}
	if (size == 0)
		return 0;
	const uint8_t *dc = wcell(w, doff, &n, "value data");
	if (dc == NULL)
		return size;
	if (size > 16344 && w->minor > 3) {
		if (n < 8 || memcmp(dc, "db", 2))
			return (uint32_t)wfail(w, "db signature", doff);
		size_t nseg = le16(dc + 2), ln, total = 0;
		const uint8_t *list = wcell(w, le32(dc + 4), &ln, "segment list");
		if (list == NULL)
			return size;
		if (4 * nseg > ln || nseg != (size + 16343) / 16344)
			return (uint32_t)wfail(w, "segment count", doff);
		for (size_t i = 0; i < nseg; i++) {
			size_t sn;
			if (wcell(w, le32(list + 4 * i), &sn, "segment") == NULL)
				return size;
			size_t want = size - total < 16344 ? size - total : 16344;
			if (sn < want + 4)
				return (uint32_t)wfail(w, "segment size", le32(list + 4 * i));
			total += want;
		}
	} else if (n < size) {
		return (uint32_t)wfail(w, "data cell too small", doff);
	}
	return size;
}

/* Walks the tree from the root without recursion. */
static bool walk_tree(struct walk *w)
{
	struct item {
		uint32_t nk, parent;
		size_t depth;
	};
	size_t cap = 64, top = 0;
	struct item *stack = malloc(cap * sizeof *stack);
	assert_non_null(stack);
	stack[top++] = (struct item){ le32(w->d + 36), 0xFFFFFFFF, 1 };
	while (top > 0 && w->err[0] == '\0') {
		struct item it = stack[--top];
		size_t n;
		const uint8_t *k = wcell(w, it.nk, &n, "nk");
		if (k == NULL)
			break;
		if (n < 76 || memcmp(k, "nk", 2)) {
			(void)wfail(w, "nk signature", it.nk);
			break;
		}
		uint16_t flags = le16(k + 2);
		bool root = it.parent == 0xFFFFFFFF;
		if (root && (flags & 0x0C) != 0x0C)
			(void)wfail(w, "root flags", it.nk);
		if (!root && le32(k + 16) != it.parent)
			(void)wfail(w, "parent field", it.nk);
		if (w->seen[it.nk / 8]) {
			(void)wfail(w, "key reached twice (cycle or shared)", it.nk);
			break;
		}
		w->seen[it.nk / 8] = 1;
		w->nkeys++;
		if (it.depth > w->depth)
			w->depth = it.depth;
		size_t nl = le16(k + 72);
		if (76 + nl > n) {
			(void)wfail(w, "nk name", it.nk);
			break;
		}
		/* subkeys */
		uint32_t nsub = le32(k + 20), list = le32(k + 28);
		uint32_t max_name = 0, max_cls = 0, max_vname = 0, max_vdata = 0;
		if (nsub == 0 && list != 0xFFFFFFFF)
			(void)wfail(w, "list without subkeys", it.nk);
		if (nsub) {
			struct entry *e = NULL;
			size_t ne = walk_list(w, list, &e);
			if (ne != nsub)
				(void)wfail(w, "subkey count", it.nk);
			uint16_t prev[512];
			size_t nprev = 0;
			for (size_t i = 0; i < ne && w->err[0] == '\0'; i++) {
				size_t cn;
				const uint8_t *c = wcell(w, e[i].nk, &cn, "child nk");
				if (c == NULL || cn < 76 || memcmp(c, "nk", 2)) {
					(void)wfail(w, "child nk", e[i].nk);
					break;
				}
				bool comp = le16(c + 2) & 0x20;
				uint16_t u[512];
				size_t un = wname(c + 76, le16(c + 72), comp, u, 512);
				if (2 * un > max_name)
					max_name = (uint32_t)(2 * un);
				if (le16(c + 74) > max_cls)
					max_cls = le16(c + 74);
				if (e[i].kind == 'h') {
					uint32_t h = 0;
					for (size_t j = 0; j < un; j++)
						h = 37 * h + my_upper(u[j]);
					if (h != e[i].hint)
						(void)wfail(w, "lh hash", e[i].nk);
				} else if (e[i].kind == 'f') {
					uint8_t hint[4] = { 0 };
					bool ok = true;
					for (size_t j = 0; j < un && j < 4; j++) {
						ok = ok && u[j] < 0x100;
						hint[j] = (uint8_t)u[j];
					}
					if (!ok)
						memset(hint, 0, 4);
					if (le32(hint) != e[i].hint)
						(void)wfail(w, "lf hint", e[i].nk);
				}
				if (i > 0) {
					int c2 = 0;
					for (size_t j = 0; j < un && j < nprev && c2 == 0; j++)
						c2 = my_upper(prev[j]) < my_upper(u[j]) ? -1
						    : my_upper(prev[j]) > my_upper(u[j]) ? 1 : 0;
					if (c2 == 0)
						c2 = nprev < un ? -1 : nprev > un ? 1 : 0;
					if (c2 == 0)
						(void)wfail(w, "duplicate subkey", e[i].nk);
					else if (c2 > 0)
						(void)wfail(w, "subkey order", e[i].nk);
				}
				memcpy(prev, u, un * sizeof *u);
				nprev = un;
				if (top == cap) {
					cap *= 2;
					stack = realloc(stack, cap * sizeof *stack);
					assert_non_null(stack);
				}
				stack[top++] = (struct item){ e[i].nk, it.nk, it.depth + 1 };
			}
			free(e);
		}
		/* values */
		uint32_t nv = le32(k + 36);
		if (nv) {
			size_t ln;
			const uint8_t *vl = wcell(w, le32(k + 40), &ln, "value list");
			if (vl == NULL || 4 * (size_t)nv > ln) {
				(void)wfail(w, "value list", it.nk);
				break;
			}
			for (size_t i = 0; i < nv && w->err[0] == '\0'; i++) {
				size_t vn;
				uint32_t size = walk_value(w, le32(vl + 4 * i));
				const uint8_t *v = wcell(w, le32(vl + 4 * i), &vn, "vk");
				if (v == NULL)
					break;
				uint32_t vnl = le16(v + 2);
				uint32_t units = le16(v + 16) & 1 ? vnl : vnl / 2;
				if (2 * units > max_vname)
					max_vname = 2 * units;
				if (size > max_vdata)
					max_vdata = size;
				w->nvals++;
			}
		}
		/* security and class */
		size_t sn;
		uint32_t sk = le32(k + 44);
		const uint8_t *s = wcell(w, sk, &sn, "sk");
		if (s == NULL || sn < 20 || memcmp(s, "sk", 2) || 20 + (size_t)le32(s + 16) > sn) {
			(void)wfail(w, "sk", sk);
			break;
		}
		size_t si = 0;
		while (si < w->nsks && w->sks[si] != sk)
			si++;
		if (si == w->nsks) {
			assert_true(w->nsks < 64);
			w->sks[w->nsks] = sk;
			w->skrefs[w->nsks++] = 0;
		}
		w->skrefs[si]++;
		uint16_t cl = le16(k + 74);
		if (cl) {
			size_t cn;
			if (wcell(w, le32(k + 48), &cn, "class") == NULL || cn < cl)
				(void)wfail(w, "class", it.nk);
		}
		if (w->err[0] == '\0' && (le32(k + 52) != max_name || le32(k + 56) != max_cls ||
		    le32(k + 60) != max_vname || le32(k + 64) != max_vdata))
			(void)wfail(w, "largest-field", it.nk);
	}
	free(stack);
	return w->err[0] == '\0';
}

/* Reference counts and the flink/blink ring of the sk records. */
static bool walk_sks(struct walk *w)
{
	for (size_t i = 0; i < w->nsks; i++) {
		size_t n;
		const uint8_t *s = wcell(w, w->sks[i], &n, "sk");
		if (s == NULL)
			return false;
		if (le32(s + 12) != w->skrefs[i])
			return wfail(w, "sk reference count", w->sks[i]);
		uint32_t next = le32(s + 4);
		const uint8_t *t = wcell(w, next, &n, "sk flink");
		if (t == NULL || memcmp(t, "sk", 2) || le32(t + 8) != w->sks[i])
			return wfail(w, "sk ring", w->sks[i]);
	}
	/* the ring from the first record visits every referenced one */
	if (w->nsks) {
		uint32_t at = w->sks[0];
		size_t steps = 0, found = 0;
		do {
			size_t n;
			const uint8_t *s = wcell(w, at, &n, "sk");
			if (s == NULL)
				return false;
			for (size_t i = 0; i < w->nsks; i++)
				found += w->sks[i] == at;
			at = le32(s + 4);
		} while (at != w->sks[0] && ++steps < 4096);
		if (found != w->nsks)
			return wfail(w, "sk ring misses a record", w->sks[0]);
	}
	return true;
}

/* Walks img; returns NULL when it is a valid hive, else the first problem
 * (static buffer in *w). */
static const char *walk(const hivew_img *img, struct walk *w)
{
	memset(w, 0, sizeof *w);
	w->d = img->data;
	w->len = img->len;
	if (walk_file(w) && walk_tree(w))
		(void)walk_sks(w);
	free(w->slot);
	free(w->seen);
	w->slot = w->seen = NULL;
	return w->err[0] ? w->err : NULL;
}

static void assert_valid(const hivew_img *img)
{
	struct walk w;
	const char *err = walk(img, &w);
	if (err)
		print_error("walker: %s\n", err);
	assert_null(err);
}

static void assert_invalid(const hivew_img *img, const char *what)
{
	struct walk w;
	const char *err = walk(img, &w);
	if (err == NULL || strstr(err, what) == NULL)
		print_error("walker: expected \"%s\", got \"%s\"\n", what, err ? err : "valid");
	assert_non_null(err);
	assert_non_null(strstr(err, what));
}

/* ---- published vectors ------------------------------------------------------------ */

static size_t unhex(const char *h, uint8_t *out)
{
	size_t n = 0;
	for (; h[0] && h[1]; h += 2) {
		unsigned v;
		assert_int_equal(sscanf(h, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
	}
	return n;
}

/* Marvin32 against .NET's MarvinTests (64-bit results hi:lo; the 32-bit
 * ComputeHash32 is lo ^ hi). */
static void test_marvin32_vectors(void **state)
{
	(void)state;
	static const struct {
		uint64_t seed;
		const char *hex;
		uint64_t want;
	} v[] = {
		{ 0x4FB61A001BDBCCull, "", 0x30ED35C100CD3C7Dull },
		{ 0x4FB61A001BDBCCull, "af", 0x48E73FC77D75DDC1ull },
		{ 0x4FB61A001BDBCCull, "e70f", 0xB5F6E1FC485DBFF8ull },
		{ 0x4FB61A001BDBCCull, "37f495", 0xF0B07C789B8CF7E8ull },
		{ 0x4FB61A001BDBCCull, "8642dc59", 0x7008F2E87E9CF556ull },
		{ 0x4FB61A001BDBCCull, "153fb79826", 0xE6C08C6DA2AFA997ull },
		{ 0x4FB61A001BDBCCull, "0932e6246c47", 0x6F04BF1A5EA24060ull },
		{ 0x4FB61A001BDBCCull, "ab427ea8d10fc7", 0xE11847E4F0678C41ull },
		{ 0x804FB61A001BDBCCull, "", 0x10A9D5D3996FD65Dull },
		{ 0x804FB61A001BDBCCull, "af", 0x68201F91960EBF91ull },
		{ 0x804FB61A001BDBCCull, "e70f", 0x64B581631F6AB378ull },
		{ 0x804FB61A001BDBCCull, "37f495", 0xE1F2DFA6E5131408ull },
		{ 0x804FB61A001BDBCCull, "8642dc59", 0x36289D9654FB49F6ull },
		{ 0x804FB61A001BDBCCull, "153fb79826", 0x0A06114B13464DBDull },
		{ 0x804FB61A001BDBCCull, "0932e6246c47", 0xD6DD5E40AD1BC2EDull },
		{ 0x804FB61A001BDBCCull, "ab427ea8d10fc7", 0xE203987DBA252FB3ull },
		{ 0x804FB61A801BDBCCull, "00", 0xA37FB0DA2ECAE06Cull },
		{ 0x804FB61A801BDBCCull, "FF", 0xFECEF370701AE054ull },
		{ 0x804FB61A801BDBCCull, "00FF", 0xA638E75700048880ull },
		{ 0x804FB61A801BDBCCull, "FF00", 0xBDFB46D969730E2Aull },
		{ 0x804FB61A801BDBCCull, "FF00FF", 0x9D8577C0FE0D30BFull },
		{ 0x804FB61A801BDBCCull, "00FF00", 0x4F9FBDDE15099497ull },
		{ 0x804FB61A801BDBCCull, "00FF00FF", 0x24EAA279D9A529CAull },
		{ 0x804FB61A801BDBCCull, "FF00FF00", 0xD3BEC7726B057943ull },
		{ 0x804FB61A801BDBCCull, "FF00FF00FF", 0x920B62BBCA3E0B72ull },
		{ 0x804FB61A801BDBCCull, "00FF00FF00", 0x1D7DDF9DFDF3C1BFull },
		{ 0x804FB61A801BDBCCull, "00FF00FF00FF", 0xEC21276A17E821A5ull },
		{ 0x804FB61A801BDBCCull, "FF00FF00FF00", 0x6911A53CA8C12254ull },
		{ 0x804FB61A801BDBCCull, "FF00FF00FF00FF", 0xFDFD187B1D3CE784ull },
		{ 0x804FB61A801BDBCCull, "00FF00FF00FF00", 0x71876F2EFB1B0EE8ull },
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t buf[16];
		size_t n = unhex(v[i].hex, buf);
		uint64_t h = hivew_marvin32(buf, n, v[i].seed);
		if (h != v[i].want)
			print_error("vector %zu: %016" PRIX64 " != %016" PRIX64 "\n", i, h, v[i].want);
		assert_true(h == v[i].want);
	}
	/* ComputeHash32 = lo ^ hi: Seed1 "" -> 0x302009BC, Seed3 "00" -> 0x8DB550B6 */
	uint64_t h = hivew_marvin32("", 0, 0x4FB61A001BDBCCull);
	assert_int_equal((uint32_t)h ^ (uint32_t)(h >> 32), 0x302009BCu);
	h = hivew_marvin32("\0", 1, 0x804FB61A801BDBCCull);
	assert_int_equal((uint32_t)h ^ (uint32_t)(h >> 32), 0x8DB550B6u);
}

/* The header of the first HvLE entry (sequence 287) of regipy's
 * UsrClass.dat.LOG1, written by Windows 10: its Hash-2 (bytes 32..39) is
 * the Marvin32 of bytes 0..31 with the registry seed.  Read with the other
 * byte order of the seed, the hash does not match. */
static void test_marvin32_windows_log(void **state)
{
	(void)state;
	static const uint8_t e[40] = {
		0x48, 0x76, 0x4C, 0x45, 0x00, 0x3E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x1F, 0x01, 0x00, 0x00, 0x00, 0x30, 0x2B, 0x00, 0x03, 0x00, 0x00, 0x00,
		0x79, 0xEC, 0x51, 0xCD, 0xCF, 0x89, 0x32, 0xEF, 0x35, 0x5E, 0x27, 0xA9,
		0x4D, 0x6C, 0x65, 0xED,
	};
	uint64_t want = le32(e + 32) | (uint64_t)le32(e + 36) << 32;
	assert_true(hivew_marvin32(e, 32, HIVEW_LOG_SEED) == want);
	assert_true(hivew_marvin32(e, 32, 0xC5554E7A884DEF82ull) != want);

	/* the whole log, when the fixture and xz are on this machine */
	const char *fixture = "/work/shared/realworld/hives/regipy/UsrClass.dat.LOG1.xz";
	if (access(fixture, R_OK) != 0 || !have_tool("xz"))
		return;
	char cmd[256];
	snprintf(cmd, sizeof cmd, "xz -dc '%s'", fixture);
	FILE *f = popen(cmd, "r");
	assert_non_null(f);
	struct sb b = { 0 };
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_put(&b, buf, n);
	assert_int_equal(pclose(f), 0);
	size_t off = 512, entries = 0;
	const uint8_t *d = (const uint8_t *)b.p;
	while (off + 40 <= b.n && memcmp(d + off, "HvLE", 4) == 0) {
		uint32_t size = le32(d + off + 4);
		assert_true(size >= 40 && off + size <= b.n);
		uint64_t h1 = le32(d + off + 24) | (uint64_t)le32(d + off + 28) << 32;
		assert_true(hivew_marvin32(d + off + 40, size - 40, HIVEW_LOG_SEED) == h1);
		off += size;
		entries++;
	}
	assert_int_equal(entries, 4);
	free(b.p);
}

/* lh hashes and lf hints as Windows wrote them in real hives. */
static void test_hash_hint_vectors(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint32_t hash;
	} lh[] = {
		{ "ComputerName", 0x3FCF8014 }, { "Language", 0xF3ECE324 },
		{ "Policies", 0xB25C5F90 }, { "Pid", 0x0001B6A1 },
	};
	for (size_t i = 0; i < sizeof lh / sizeof lh[0]; i++) {
		uint16_t u[32];
		size_t n = strlen(lh[i].name);
		for (size_t j = 0; j < n; j++)
			u[j] = (uint8_t)lh[i].name[j];
		assert_int_equal(hivew_lh_hash(u, n), lh[i].hash);
	}
	static const struct {
		const char *name;
		const char hint[5];
	} lf[] = {
		{ "Screen 1", "Scre" }, { "HandoffPriorities", "Hand" }, { "0", "0\0\0\0" },
		{ "d", "d\0\0\0" }, { "\xEBigenaar", "\xEBige" }, { "\xDF" "2", "\xDF" "2\0\0" },
	};
	for (size_t i = 0; i < sizeof lf / sizeof lf[0]; i++) {
		uint16_t u[32];
		uint8_t hint[4];
		size_t n = strlen(lf[i].name);
		for (size_t j = 0; j < n; j++)
			u[j] = (uint8_t)lf[i].name[j];
		hivew_lf_hint(u, n, hint);
		assert_memory_equal(hint, lf[i].hint, 4);
	}
	/* yarp's UnicodeHive: a Cyrillic UTF-16 name has a zero hint */
	uint16_t cyr[] = { 0x41F, 0x440, 0x438, 0x432, 0x435, 0x442 };
	uint8_t hint[4];
	hivew_lf_hint(cyr, 6, hint);
	assert_memory_equal(hint, "\0\0\0\0", 4);
	/* upcase rule */
	assert_int_equal(hivew_upcase('a'), 'A');
	assert_int_equal(hivew_upcase(0xE9), 0xC9);
	assert_int_equal(hivew_upcase(0xF7), 0xF7);
	assert_int_equal(hivew_upcase(0xFF), 0x178);
	assert_int_equal(hivew_upcase(0xDF), 0xDF);
	assert_int_equal(hivew_upcase(0xB5), 0xB5);
	assert_int_equal(hivew_upcase(0x44F), 0x42F);
	assert_int_equal(hivew_upcase(0x451), 0x401);
	assert_int_equal(hivew_upcase(0x3C2), 0x3C2);
	/* yarp's UpcaseHive order: ss1 < SS3 < \xDF 2 */
	uint16_t a[] = { 's', 's', '1' }, b[] = { 'S', 'S', '3' }, c[] = { 0xDF, '2' };
	assert_true(hivew_cmp(a, 3, b, 3) < 0);
	assert_true(hivew_cmp(b, 3, c, 2) < 0);
	assert_true(hivew_cmp(a, 2, a, 3) < 0);
	assert_int_equal(hivew_cmp(a, 3, (const uint16_t[]){ 'S', 'S', '1' }, 3), 0);
}

/* ---- the rich sample ------------------------------------------------------------------ */

static const uint8_t second_sd[] = {
	/* owner S-1-5-18, group S-1-5-18, no DACL */
	0x01, 0x00, 0x00, 0x80, 0x14, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
};

/* Data of n bytes from seed. */
static uint8_t *pattern(size_t n, unsigned seed)
{
	uint8_t *p = malloc(n ? n : 1);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed + (i >> 8));
	return p;
}

/* Builds the sample every tool test reads: every list kind, classes, two sk
 * records, resident data of 0..4 bytes, data of 5 bytes to 40 000 bytes
 * (big data above 16 344), Latin-1 and UTF-16 names, many types. */
static void build_sample(struct model *m, bool with_utf16_data)
{
	model_init(m, "ROOT");
	hivew *h = m->h;
	int kinds = m_key(m, 0, "Lists");
	static const struct {
		const char *name;
		hivew_list kind, leaf;
		unsigned per;
		int n;
	} lists[] = {
		{ "Li", HIVEW_LIST_LI, 0, 0, 6 },   { "Lf", HIVEW_LIST_LF, 0, 0, 6 },
		{ "Lh", HIVEW_LIST_LH, 0, 0, 6 },   { "RiLh", HIVEW_LIST_RI, HIVEW_LIST_LH, 3, 11 },
		{ "RiLi", HIVEW_LIST_RI, HIVEW_LIST_LI, 2, 7 },
		{ "RiLf", HIVEW_LIST_RI, HIVEW_LIST_LF, 4, 9 },
	};
	static const char *kid_names[] = { "zeta", "Alpha", "b", "\xC9t\xE9", "a\xFF", "BETA2",
		"m", "n0", "N1", "x", "Y", "q" };
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		int k = m_key(m, kinds, lists[i].name);
		if (lists[i].kind == HIVEW_LIST_RI)
			hivew_key_set_ri(h, m->k[k].k, lists[i].leaf, lists[i].per);
		else
			hivew_key_set_list(h, m->k[k].k, lists[i].kind);
		for (int j = 0; j < lists[i].n; j++)
			(void)m_key(m, k, kid_names[j]);
		/* a UTF-16 child in every list: hint 0 in lf, hash over units */
		uint16_t cyr[] = { 0x41A, 0x43B, 0x44E, 0x447 };
		(void)m_key_units(m, k, cyr, 4, false);
	}
	/* names */
	int names = m_key(m, 0, "Names");
	(void)m_key(m, names, "Caf\xE9 \xA9\xFF");
	uint16_t wide[] = { 'W', 'i', 'd', 'e' };
	(void)m_key_units(m, names, wide, 4, false);
	uint16_t greek[] = { 0x3B1, 0x3B2, 0x3B3, ' ', 0x10 + 0x20, 0xD83D, 0xDE00 };
	(void)m_key_units(m, names, greek, 7, false);
	/* classes and security */
	int cls = m_key(m, 0, "Classes");
	hivew_key_set_class(h, m->k[cls].k, "Shell");
	m->k[cls].cls = "Shell";
	int c2 = m_key(m, cls, "Inner");
	hivew_key_set_class(h, m->k[c2].k, "DefaultClass");
	m->k[c2].cls = "DefaultClass";
	hivew_sk sk = hivew_sk_add(h, second_sd, sizeof second_sd);
	int s1 = m_key(m, cls, "System1");
	int s2 = m_key(m, cls, "System2");
	hivew_key_set_sk(h, m->k[s1].k, sk);
	hivew_key_set_sk(h, m->k[s2].k, sk);
	m->k[s1].owner = m->k[s2].owner = "S-1-5-18";
	/* values */
	int vals = m_key(m, 0, "Values");
	static const uint8_t small[] = { 0x09, 0x04, 0x7F, 0x80 };
	for (size_t n = 0; n <= 4; n++) {
		char name[16];
		snprintf(name, sizeof name, "res%zu", n);
		m_val(m, vals, name, HIVEW_REG_BINARY, small, n);
	}
	m_val(m, vals, "", HIVEW_REG_BINARY, "\x01\x02\x03", 3);
	uint32_t dw = 42;
	uint8_t dwb[4] = { (uint8_t)dw, 0, 0, 0 };
	m_val(m, vals, "Count", HIVEW_REG_DWORD, dwb, 4);
	m_val(m, vals, "BigEndian", HIVEW_REG_DWORD_BE, "\x00\x00\x01\x02", 4);
	m_val(m, vals, "Quad", HIVEW_REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	m_sz(m, vals, "Text", HIVEW_REG_SZ, "hello, world");
	m_sz(m, vals, "Expand", HIVEW_REG_EXPAND_SZ, "%SystemRoot%\\x");
	m_val(m, vals, "Multi", HIVEW_REG_MULTI_SZ, "a\0\0\0b\0c\0\0\0\0\0", 12);
	m_val(m, vals, "None", HIVEW_REG_NONE, "\xFF\x00\x01\x02\x03", 5);
	m_val(m, vals, "Rsrc", 8, "\x01\x00\x00\x00\x02", 5);
	m_val(m, vals, "Odd", 0x12345, "abcdefgh", 8);
	m_val(m, vals, "High", 0xFFFF0012, "\x00\x01", 2);
	if (with_utf16_data)
		m_sz(m, vals, "Unicode", HIVEW_REG_SZ, "Gr\xC3\xBC\xC3\x9F" "e \xD0\xBA\xD0\xBB");
	uint16_t vname[] = { 0x43A, 'v' };
	m_val_units(m, vals, vname, 2, false, HIVEW_REG_BINARY, "\xAA\xBB\xCC\xDD\xEE", 5);
	m_val(m, vals, "Latin\xE9", HIVEW_REG_BINARY, "xyz", 3);
	static const size_t sizes[] = { 5, 100, 4096, 16344, 16345, 40000 };
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char name[16];
		snprintf(name, sizeof name, "data%zu", sizes[i]);
		uint8_t *p = pattern(sizes[i], (unsigned)i);
		m_val(m, vals, name, HIVEW_REG_BINARY, p, sizes[i]);
		free(p);
	}
	/* a root value and a key with many values */
	m_val(m, 0, "RootValue", HIVEW_REG_BINARY, "r", 1);
	int many = m_key(m, 0, "ManyValues");
	for (int i = 0; i < 40; i++) {
		char name[16];
		snprintf(name, sizeof name, "v%02d", 39 - i);
		uint8_t b[2] = { (uint8_t)i, (uint8_t)(i * 3) };
		m_val(m, many, name, HIVEW_REG_BINARY, b, 2);
	}
}

/* Every tool must agree with the model for this image. */
static void check_tools(const struct model *m, const hivew_img *img, bool rl_too, bool x_too)
{
	int st;
	if (rl_too && have_tool("reglookup")) {
		struct lines got = { 0 }, want = { 0 };
		char *out = run_on("reglookup", "-H -s", img, &st);
		assert_int_equal(st, 0);
		rl_parse(out, &got, true);
		rl_expect(m, &want, true);
		lines_same(&got, &want, "reglookup");
		lines_free(&got);
		lines_free(&want);
		free(out);
	}
	if (x_too && have_tool("hivexml")) {
		struct lines got = { 0 }, want = { 0 };
		char *out = run_on("hivexml", "", img, &st);
		assert_int_equal(st, 0);
		x_parse(out, &got);
		x_expect(m, &want);
		lines_same(&got, &want, "hivexml");
		lines_free(&got);
		lines_free(&want);
		free(out);
	}
}

/* The sample is valid for the walker and read exactly by reglookup and
 * hivexml; the variants (more bins, version 1.3) read the same. */
static void test_sample_tools(void **state)
{
	(void)state;
	if (!have_tool("reglookup") && !have_tool("hivexml"))
		skip();
	struct model m;
	build_sample(&m, true);
	hivew_img *img = hivew_build(m.h);
	assert_valid(img);
	struct walk w;
	(void)walk(img, &w);
	assert_int_equal(w.nkeys, m.nk);
	assert_int_equal(w.nvals, m.nv);
	assert_int_equal(w.nsks, 2);
	check_tools(&m, img, true, true);
	hivew_img_free(img);

	/* every cell in a bin of its own, then bins of mixed sizes */
	hivew_opts *o = hivew_options(m.h);
	o->cells_per_bin = 1;
	img = hivew_build(m.h);
	assert_valid(img);
	assert_true(hivew_nbins(img) > 100);
	check_tools(&m, img, true, true);
	hivew_img_free(img);
	static const uint32_t sizes[] = { 8192, 4096, 12288, 4096 };
	o->cells_per_bin = 5;
	o->bin_sizes = sizes;
	o->nbin_sizes = 4;
	img = hivew_build(m.h);
	assert_valid(img);
	assert_int_equal(hivew_bin_size(img, 0), 8192);
	assert_int_equal(hivew_bin_size(img, 2), 12288);
	check_tools(&m, img, true, true);
	hivew_img_free(img);

	/* version 1.4: big data already in db ([MS]: minor > 3); hivex reads it,
	 * reglookup and libregf only look for db from 1.5 on */
	o->cells_per_bin = 0;
	o->nbin_sizes = 0;
	o->minor = 4;
	img = hivew_build(m.h);
	assert_valid(img);
	check_tools(&m, img, false, true);
	hivew_img_free(img);

	/* version 1.3: lf by default, data above 16 344 bytes in one cell */
	o->cells_per_bin = 0;
	o->nbin_sizes = 0;
	o->minor = 3;
	img = hivew_build(m.h);
	assert_valid(img);
	check_tools(&m, img, true, true);
	hivew_img_free(img);
	model_free(&m);
}

/* regfexport: key paths, class names and value sizes (never resident data
 * bytes: libregf copies the last bytes of the offset field). */
static void test_sample_regfexport(void **state)
{
	(void)state;
	if (!have_tool("regfexport"))
		skip();
	struct model m;
	build_sample(&m, true);
	hivew_key_set_class(m.h, m.k[0].k, "Kl\xE4sse"); /* Latin-1 class, as UTF-8 */
	hivew_img *img = hivew_build(m.h);
	int st;
	char *out = run_on("regfexport", "", img, &st);
	assert_int_equal(st, 0);
	struct lines got = { 0 }, want = { 0 };
	char cur[1024] = "";
	for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
		struct sb l = { 0 };
		if (strncmp(line, "Key path: ", 10) == 0) {
			snprintf(cur, sizeof cur, "%s", line + 10);
			sb_puts(&l, "K ");
			sb_puts(&l, cur);
		} else if (strncmp(line, "Class name: ", 12) == 0) {
			sb_puts(&l, "C ");
			sb_puts(&l, cur);
			sb_puts(&l, " ");
			sb_puts(&l, line + 12);
		} else if (strncmp(line, "Data size: ", 11) == 0) {
			sb_puts(&l, "S ");
			sb_puts(&l, cur);
			sb_puts(&l, " ");
			sb_puts(&l, line + 11);
		} else {
			continue;
		}
		lines_add(&got, l.p);
		free(l.p);
	}
	for (size_t i = 0; i < m.nk; i++) {
		struct sb p = { 0 }, l = { 0 };
		key_path(&m, (int)i, false, &p);
		for (size_t j = 0; j < p.n; j++)
			if (p.p[j] == '/')
				p.p[j] = '\\';
		sb_puts(&l, "K ");
		sb_puts(&l, p.p);
		lines_add(&want, l.p);
		const char *cls = i == 0 ? "Kl\xC3\xA4sse" : m.k[i].cls;
		if (cls) {
			struct sb c = { 0 };
			sb_puts(&c, "C ");
			sb_puts(&c, p.p);
			sb_puts(&c, " ");
			sb_puts(&c, cls);
			lines_add(&want, c.p);
			free(c.p);
		}
		for (size_t v = 0; v < m.nv; v++) {
			if (m.v[v].key != (int)i)
				continue;
			char s[64];
			snprintf(s, sizeof s, "S %s %zu", p.p, m.v[v].len);
			lines_add(&want, s);
		}
		free(p.p);
		free(l.p);
	}
	lines_same(&got, &want, "regfexport");
	lines_free(&got);
	lines_free(&want);
	free(out);
	hivew_img_free(img);
	model_free(&m);
}

/* A UTF-16 name with unpaired surrogates is kept as raw units; reglookup
 * prints the raw UTF-16LE bytes.  (hivexml refuses such names: iconv.) */
static void test_unpaired_surrogates(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, "ROOT");
	uint16_t a[] = { 'x', 0xD800, 'y' }, b[] = { 0xDC00 }, c[] = { 'k', 0xDBFF };
	int k = m_key_units(&m, 0, a, 3, false);
	(void)m_key_units(&m, 0, b, 1, false);
	(void)m_key_units(&m, k, c, 2, false);
	m_val_units(&m, k, c, 2, false, HIVEW_REG_BINARY, "\x01\x02\x03\x04\x05", 5);
	hivew_img *img = hivew_build(m.h);
	assert_valid(img);
	uint32_t nk = hivew_cell_nk(img, m.k[1].k);
	assert_int_equal(hivew_cget16(img, nk, HIVEW_NK_FLAGS), 0);
	assert_int_equal(hivew_cget16(img, nk, HIVEW_NK_NAME_LEN), 6);
	assert_int_equal(hivew_cget16(img, nk, HIVEW_NK_NAME + 2), 0xD800);
	if (have_tool("reglookup")) {
		int st;
		char *out = run_on("reglookup", "-H", img, &st);
		assert_int_equal(st, 0);
		struct lines got = { 0 }, want = { 0 };
		rl_parse(out, &got, false);
		rl_expect(&m, &want, false);
		lines_same(&got, &want, "reglookup");
		lines_free(&got);
		lines_free(&want);
		free(out);
	}
	hivew_img_free(img);
	model_free(&m);
}

/* ---- structure details --------------------------------------------------------------- */

/* Header fields, checksum (independent XOR), bins and free cells. */
static void test_base_block(void **state)
{
	(void)state;
	hivew *h = hivew_new("ROOT");
	(void)hivew_key_add(h, HIVEW_ROOT, "A");
	hivew_img *img = hivew_build(h);
	assert_int_equal(img->len, 8192);
	assert_memory_equal(img->data, "regf", 4);
	assert_int_equal(hivew_get32(img, HIVEW_BB_SEQ1), 1);
	assert_int_equal(hivew_get32(img, HIVEW_BB_SEQ2), 1);
	assert_true(hivew_get64(img, HIVEW_BB_TIME) == HIVEW_TIMESTAMP);
	assert_int_equal(hivew_get32(img, HIVEW_BB_MAJOR), 1);
	assert_int_equal(hivew_get32(img, HIVEW_BB_MINOR), 5);
	assert_int_equal(hivew_get32(img, HIVEW_BB_TYPE), 0);
	assert_int_equal(hivew_get32(img, HIVEW_BB_FORMAT), 1);
	assert_int_equal(hivew_get32(img, HIVEW_BB_ROOT), 0x20);
	assert_int_equal(hivew_get32(img, HIVEW_BB_HBINS_SIZE), 4096);
	assert_int_equal(hivew_get32(img, HIVEW_BB_CLUSTER), 1);
	assert_int_equal(hivew_get16(img, HIVEW_BB_NAME), 'h');
	uint32_t x = 0;
	for (size_t i = 0; i < 508; i += 4)
		x ^= hivew_get32(img, i);
	assert_int_equal(hivew_get32(img, HIVEW_BB_CHECKSUM), x);
	assert_int_equal(hivew_checksum(img->data), x);
	/* hbin header, first-bin timestamp, trailing free cell */
	assert_memory_equal(img->data + 4096, "hbin", 4);
	assert_int_equal(hivew_get32(img, 4096 + HIVEW_HBIN_OFFSET), 0);
	assert_int_equal(hivew_get32(img, 4096 + HIVEW_HBIN_SIZE), 4096);
	assert_true(hivew_get64(img, 4096 + HIVEW_HBIN_TIME) == HIVEW_TIMESTAMP);
	assert_int_equal(hivew_nbins(img), 1);
	uint32_t fc = hivew_bin_free(img, 0);
	assert_true(fc != HIVEW_NIL);
	assert_int_equal(hivew_cell_size(img, fc), 4096 - (int32_t)fc);
	/* root nk */
	uint32_t root = hivew_cell_nk(img, HIVEW_ROOT);
	assert_int_equal(root, 0x20);
	assert_int_equal(hivew_cell_size(img, root), -88); /* 4 + 76 + "ROOT", 8-aligned */
	assert_int_equal(hivew_cget16(img, root, HIVEW_NK_FLAGS), 0x2C);
	assert_int_equal(hivew_cget32(img, root, HIVEW_NK_PARENT), HIVEW_NIL);
	assert_int_equal(hivew_cget32(img, root, HIVEW_NK_VOLATILE), HIVEW_NIL);
	assert_int_equal(hivew_cget32(img, root, HIVEW_NK_VALUES), HIVEW_NIL);
	assert_int_equal(hivew_cget32(img, root, HIVEW_NK_CLASS), HIVEW_NIL);
	assert_int_equal(hivew_cget32(img, root, HIVEW_NK_MAX_SUBKEY_NAME), 2);
	uint32_t a = hivew_cell_nk(img, 1);
	assert_int_equal(hivew_cget16(img, a, HIVEW_NK_FLAGS), 0x20);
	assert_int_equal(hivew_cget32(img, a, HIVEW_NK_PARENT), root);
	assert_int_equal(hivew_cget32(img, a, HIVEW_NK_SUBKEYS), HIVEW_NIL);
	assert_valid(img);
	/* the fix-ups: XOR 0 -> 1, XOR 0xFFFFFFFF -> 0xFFFFFFFE */
	hivew_force_xor(img, 0);
	assert_int_equal(hivew_get32(img, HIVEW_BB_CHECKSUM), 1);
	assert_valid(img);
	hivew_force_xor(img, 0xFFFFFFFF);
	assert_int_equal(hivew_get32(img, HIVEW_BB_CHECKSUM), 0xFFFFFFFE);
	assert_valid(img);
	hivew_put32(img, HIVEW_BB_CHECKSUM, 0xFFFFFFFF);
	assert_invalid(img, "checksum");
	hivew_img_free(img);
	/* other knobs */
	hivew_opts *o = hivew_options(h);
	o->minor = 3;
	o->seq1 = 7;
	o->seq2 = 6;
	o->root_parent = 0x7B0;
	img = hivew_build(h);
	assert_int_equal(hivew_get32(img, HIVEW_BB_MINOR), 3);
	assert_int_equal(hivew_get32(img, HIVEW_BB_SEQ1), 7);
	assert_int_equal(hivew_cget32(img, 0x20, HIVEW_NK_PARENT), 0x7B0);
	assert_invalid(img, "sequence");
	hivew_img_free(img);
	hivew_free(h);
}

/* Lists: kinds, hints, hashes, order, ri leaves, counts. */
static void test_lists(void **state)
{
	(void)state;
	hivew *h = hivew_new("R");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	static const char *names[] = { "zz", "Ab", "ab0", "\xE9t\xE9", "B", "a\xFF", "a" };
	for (size_t i = 0; i < 7; i++)
		(void)hivew_key_add(h, a, names[i]);
	hivew_key_set_ri(h, a, HIVEW_LIST_LF, 3);
	hivew_img *img = hivew_build(h);
	assert_valid(img);
	uint32_t ri = hivew_cell_ri(img, a);
	assert_int_equal(hivew_cell_list(img, a), ri);
	assert_memory_equal(img->data + hivew_cell_off(ri, 0), "ri", 2);
	assert_int_equal(hivew_cget16(img, ri, HIVEW_LIST_COUNT), 3);
	assert_int_equal(hivew_nleaves(img, a), 3);
	assert_int_equal(hivew_cget16(img, hivew_cell_leaf(img, a, 2), HIVEW_LIST_COUNT), 1);
	/* order: a, Ab, ab0, a\xFF (0x178 after B), B, zz, \xE9t\xE9 (0xC9 after Z) */
	static const int order[] = { 7, 2, 3, 6, 5, 1, 4 };
	for (size_t i = 0; i < 7; i++) {
		uint32_t leaf = hivew_cell_leaf(img, a, i / 3);
		assert_int_equal(hivew_cget32(img, leaf, HIVEW_LF_ENTRY(i % 3)),
		    hivew_cell_nk(img, 1 + (hivew_key)order[i]));
	}
	/* hints: the first (up to) four name bytes, NUL-padded */
	uint32_t leaf1 = hivew_cell_leaf(img, a, 1), leaf2 = hivew_cell_leaf(img, a, 2);
	assert_memory_equal(img->data + hivew_cell_off(leaf1, HIVEW_LF_HINT(1)), "B\0\0\0", 4);
	assert_memory_equal(img->data + hivew_cell_off(leaf2, HIVEW_LF_HINT(0)), "\xE9t\xE9\0", 4);
	hivew_img_free(img);

	/* li and lh, default kinds by version */
	hivew_key_set_list(h, a, HIVEW_LIST_DEFAULT);
	img = hivew_build(h);
	assert_memory_equal(img->data + hivew_cell_off(hivew_cell_list(img, a), 0), "lh", 2);
	uint32_t lh = hivew_cell_list(img, a);
	uint16_t u[] = { 'z', 'z' };
	assert_int_equal(hivew_cget32(img, lh, HIVEW_LF_HINT(5)), hivew_lh_hash(u, 2));
	assert_int_equal(hivew_cget32(img, lh, HIVEW_LF_HINT(5)), 37u * 'Z' + 'Z');
	hivew_img_free(img);
	hivew_options(h)->minor = 4;
	img = hivew_build(h);
	assert_memory_equal(img->data + hivew_cell_off(hivew_cell_list(img, a), 0), "lf", 2);
	hivew_img_free(img);
	hivew_options(h)->minor = 2;
	img = hivew_build(h);
	assert_memory_equal(img->data + hivew_cell_off(hivew_cell_list(img, a), 0), "li", 2);
	assert_int_equal(hivew_cell_size(img, hivew_cell_list(img, a)), -(int32_t)(4 + 4 + 28 + 4));
	hivew_img_free(img);
	hivew_free(h);
}

/* Values: resident layout, data cells, big data segments, storage modes. */
static void test_values(void **state)
{
	(void)state;
	hivew *h = hivew_new("R");
	hivew_value r[5];
	for (size_t n = 0; n <= 4; n++)
		r[n] = hivew_value_add(h, HIVEW_ROOT, "r", HIVEW_REG_BINARY, "\x11\x22\x33\x44", n);
	uint8_t *big = pattern(40000, 3);
	hivew_value b = hivew_value_add(h, HIVEW_ROOT, "big", HIVEW_REG_BINARY, big, 40000);
	hivew_value exact = hivew_value_add(h, HIVEW_ROOT, "exact", HIVEW_REG_BINARY, big, 16344);
	hivew_value cell = hivew_value_add(h, HIVEW_ROOT, "cell", HIVEW_REG_BINARY, "\x01\x02", 2);
	hivew_value_set_storage(h, cell, HIVEW_DATA_CELL);
	hivew_value dflt = hivew_value_add(h, HIVEW_ROOT, NULL, HIVEW_REG_SZ, "x\0\0", 4);
	hivew_img *img = hivew_build(h);
	for (size_t n = 0; n <= 4; n++) {
		uint32_t vk = hivew_cell_vk(img, r[n]);
		assert_int_equal(hivew_cget32(img, vk, HIVEW_VK_DATA_SIZE), 0x80000000u | n);
		uint8_t want[4] = { 0 };
		memcpy(want, "\x11\x22\x33\x44", n);
		assert_memory_equal(img->data + hivew_cell_off(vk, HIVEW_VK_DATA), want, 4);
		assert_int_equal(hivew_cell_data(img, r[n]), HIVEW_NIL);
		assert_int_equal(hivew_cget16(img, vk, HIVEW_VK_FLAGS), 1);
	}
	assert_int_equal(hivew_cget16(img, hivew_cell_vk(img, dflt), HIVEW_VK_NAME_LEN), 0);
	assert_int_equal(hivew_cget16(img, hivew_cell_vk(img, dflt), HIVEW_VK_FLAGS), 0);
	/* big data */
	uint32_t db = hivew_cell_data(img, b);
	assert_memory_equal(img->data + hivew_cell_off(db, 0), "db", 2);
	assert_int_equal(hivew_cell_size(img, db), -16);
	assert_int_equal(hivew_cget16(img, db, HIVEW_DB_COUNT), 3);
	assert_int_equal(hivew_nsegs(img, b), 3);
	assert_int_equal(hivew_cget32(img, db, HIVEW_DB_LIST), hivew_cell_seglist(img, b));
	size_t at = 0;
	for (size_t i = 0; i < 3; i++) {
		uint32_t seg = hivew_cell_seg(img, b, i);
		assert_int_equal(hivew_cget32(img, hivew_cell_seglist(img, b), 4 * i), seg);
		assert_int_equal(hivew_cell_size(img, seg), -16352);
		size_t n = 40000 - at < 16344 ? 40000 - at : 16344;
		assert_memory_equal(img->data + hivew_cell_off(seg, 0), big + at, n);
		at += n;
	}
	/* 16 344 bytes exactly: one cell; forced modes */
	assert_int_equal(hivew_cell_size(img, hivew_cell_data(img, exact)), -16352);
	assert_int_equal(hivew_cget32(img, hivew_cell_vk(img, cell), HIVEW_VK_DATA_SIZE), 2);
	assert_int_equal(hivew_cell_size(img, hivew_cell_data(img, cell)), -8);
	assert_valid(img);
	hivew_img_free(img);
	/* big data below the threshold is damage: readers take the db as data */
	hivew *h2 = hivew_new("R");
	hivew_value one = hivew_value_add(h2, HIVEW_ROOT, "one", HIVEW_REG_BINARY, big, 100);
	hivew_value_set_storage(h2, one, HIVEW_DATA_BIG);
	img = hivew_build(h2);
	assert_int_equal(hivew_nsegs(img, one), 1);
	assert_int_equal(hivew_cell_size(img, hivew_cell_seg(img, one, 0)), -16352);
	assert_invalid(img, "data cell too small");
	hivew_img_free(img);
	hivew_free(h2);
	/* minor 3: no db */
	hivew_options(h)->minor = 3;
	img = hivew_build(h);
	assert_int_equal(hivew_cell_size(img, hivew_cell_data(img, b)), -40008);
	assert_int_equal(hivew_cell_seglist(img, b), HIVEW_NIL);
	assert_true(hivew_bin_size(img, hivew_nbins(img) - 1) >= 40960 ||
	    hivew_nbins(img) >= 2);
	assert_valid(img);
	hivew_img_free(img);
	/* resident with size 5 is damage */
	hivew_options(h)->minor = 5;
	hivew_value five = hivew_value_add(h, HIVEW_ROOT, "five", HIVEW_REG_BINARY, "12345", 5);
	hivew_value_set_storage(h, five, HIVEW_DATA_RESIDENT);
	img = hivew_build(h);
	assert_int_equal(hivew_cget32(img, hivew_cell_vk(img, five), HIVEW_VK_DATA_SIZE),
	    0x80000005u);
	assert_invalid(img, "resident size > 4");
	hivew_img_free(img);
	free(big);
	hivew_free(h);
}

/* sk records: shared by keys, counts, ring in creation order. */
static void test_security(void **state)
{
	(void)state;
	hivew *h = hivew_new("R");
	hivew_sk s1 = hivew_sk_add(h, second_sd, sizeof second_sd);
	hivew_sk s2 = hivew_sk_add(h, second_sd, 20);
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	hivew_key b = hivew_key_add(h, HIVEW_ROOT, "b");
	(void)hivew_key_add(h, HIVEW_ROOT, "c");
	hivew_key_set_sk(h, a, s1);
	hivew_key_set_sk(h, b, s1);
	hivew_img *img = hivew_build(h);
	uint32_t c0 = hivew_cell_sk(img, hivew_sk_default(h)), c1 = hivew_cell_sk(img, s1),
		 c2 = hivew_cell_sk(img, s2);
	assert_int_equal(hivew_cget32(img, c0, HIVEW_SK_REFS), 2);
	assert_int_equal(hivew_cget32(img, c1, HIVEW_SK_REFS), 2);
	assert_int_equal(hivew_cget32(img, c2, HIVEW_SK_REFS), 0);
	assert_int_equal(hivew_cget32(img, c0, HIVEW_SK_FLINK), c1);
	assert_int_equal(hivew_cget32(img, c1, HIVEW_SK_FLINK), c2);
	assert_int_equal(hivew_cget32(img, c2, HIVEW_SK_FLINK), c0);
	assert_int_equal(hivew_cget32(img, c0, HIVEW_SK_BLINK), c2);
	assert_int_equal(hivew_cget32(img, c1, HIVEW_SK_DESC_SIZE), sizeof second_sd);
	assert_memory_equal(img->data + hivew_cell_off(c1, HIVEW_SK_DESC), second_sd,
	    sizeof second_sd);
	assert_int_equal(hivew_cget32(img, hivew_cell_nk(img, a), HIVEW_NK_SK), c1);
	assert_valid(img);
	hivew_cput32(img, c1, HIVEW_SK_REFS, 3);
	assert_invalid(img, "sk reference count");
	hivew_cput32(img, c1, HIVEW_SK_REFS, 2);
	hivew_cput32(img, c1, HIVEW_SK_BLINK, c1);
	assert_invalid(img, "sk ring");
	hivew_img_free(img);
	hivew_free(h);
}

/* Same calls, same bytes; dup is a deep copy. */
static void test_deterministic(void **state)
{
	(void)state;
	struct model m1, m2;
	build_sample(&m1, true);
	build_sample(&m2, true);
	hivew_img *a = hivew_build(m1.h), *b = hivew_build(m2.h), *c = hivew_build(m1.h);
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->data, b->data, a->len);
	assert_memory_equal(a->data, c->data, a->len);
	hivew_img *d = hivew_img_dup(a);
	assert_memory_equal(a->data, d->data, a->len);
	assert_int_equal(hivew_cell_vk(d, 3), hivew_cell_vk(a, 3));
	hivew_img_free(a);
	hivew_img_free(b);
	hivew_img_free(c);
	hivew_img_free(d);
	model_free(&m1);
	model_free(&m2);
}

/* 100 000 nested keys: one nk and one li per level, built fast, walked
 * without recursion; 600 levels read by hivexml. */
static void test_deep_chain(void **state)
{
	(void)state;
	hivew *h = hivew_new("R");
	hivew_key deep = hivew_key_chain(h, HIVEW_ROOT, "k", 100000);
	assert_int_equal(deep, 100000);
	hivew_img *img = hivew_build(h);
	assert_true(img->len < 12u * 1024 * 1024);
	struct walk w;
	const char *err = walk(img, &w);
	assert_null(err);
	assert_int_equal(w.nkeys, 100001);
	assert_int_equal(w.depth, 100001);
	assert_int_equal(hivew_cget32(img, hivew_cell_nk(img, deep), HIVEW_NK_PARENT),
	    hivew_cell_nk(img, deep - 1));
	hivew_img_free(img);
	hivew_free(h);

	if (!have_tool("hivexml"))
		return;
	h = hivew_new("R");
	(void)hivew_key_chain(h, HIVEW_ROOT, "k", 600);
	img = hivew_build(h);
	int st;
	char *out = run_on("hivexml", "", img, &st);
	assert_int_equal(st, 0);
	size_t nodes = 0;
	for (const char *p = out; (p = strstr(p, "<node ")) != NULL; p++)
		nodes++;
	assert_int_equal(nodes, 601);
	free(out);
	hivew_img_free(img);
	hivew_free(h);
}

/* ---- damage ----------------------------------------------------------------------------- */

/* Tree-level damage: cycles, DAGs, duplicates, order, shared lists, ri
 * nesting; confirmed by the walker and, where they notice, the tools. */
static void test_tree_damage(void **state)
{
	(void)state;
	int st;
	hivew *h = hivew_new("R");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	hivew_key b = hivew_key_add(h, HIVEW_ROOT, "b");
	hivew_key c = hivew_key_add(h, a, "c");
	(void)hivew_key_add(h, a, "d");
	hivew_img *img = hivew_build(h);
	assert_valid(img);
	hivew_img_free(img);

	/* self loop: a lists a */
	hivew *s = hivew_new("R");
	hivew_key sa = hivew_key_add(s, HIVEW_ROOT, "A");
	hivew_key_link(s, sa, sa);
	img = hivew_build(s);
	assert_int_equal(hivew_cget32(img, hivew_cell_nk(img, sa), HIVEW_NK_NSUBKEYS), 1);
	assert_int_equal(hivew_cget32(img, hivew_cell_list(img, sa), HIVEW_LF_ENTRY(0)),
	    hivew_cell_nk(img, sa));
	assert_invalid(img, "parent field");
	if (have_tool("hivexml")) {
		char *out = run_on("hivexml", "", img, &st);
		assert_int_not_equal(st, 0); /* ELOOP (regf.md 3.3) */
		free(out);
	}
	hivew_img_free(img);
	hivew_free(s);

	/* 2-cycle through a link to the parent */
	hivew_key_link(h, c, a);
	img = hivew_build(h);
	assert_invalid(img, "parent field");
	hivew_img_free(img);
	hivew_free(h);

	/* duplicate entry and DAG: b listed twice by root; c listed by b too */
	h = hivew_new("R");
	a = hivew_key_add(h, HIVEW_ROOT, "a");
	b = hivew_key_add(h, HIVEW_ROOT, "b");
	c = hivew_key_add(h, a, "c");
	hivew_key_link(h, HIVEW_ROOT, b);
	img = hivew_build(h);
	assert_int_equal(hivew_cget32(img, hivew_cell_nk(img, HIVEW_ROOT), HIVEW_NK_NSUBKEYS), 3);
	assert_invalid(img, "duplicate subkey");
	if (have_tool("reglookup")) {
		char *out = run_on("reglookup", "-H", img, &st);
		assert_int_equal(st, 0);
		const char *first = strstr(out, "/b,KEY");
		assert_non_null(first);
		assert_non_null(strstr(first + 1, "/b,KEY"));
		free(out);
	}
	hivew_img_free(img);
	hivew_free(h);

	/* shared list: b's list is a's (reglookup lists c under both) */
	h = hivew_new("R");
	a = hivew_key_add(h, HIVEW_ROOT, "a");
	b = hivew_key_add(h, HIVEW_ROOT, "b");
	(void)hivew_key_add(h, a, "c");
	hivew_key_share_list(h, b, a);
	img = hivew_build(h);
	assert_int_equal(hivew_cget32(img, hivew_cell_nk(img, b), HIVEW_NK_SUBKEYS),
	    hivew_cell_list(img, a));
	assert_int_equal(hivew_cget32(img, hivew_cell_nk(img, b), HIVEW_NK_NSUBKEYS), 1);
	assert_invalid(img, "parent field");
	if (have_tool("reglookup")) {
		char *out = run_on("reglookup", "-H", img, &st);
		assert_non_null(strstr(out, "/a/c,KEY"));
		assert_non_null(strstr(out, "/b/c,KEY"));
		free(out);
	}
	hivew_img_free(img);
	hivew_free(h);

	/* unsorted lists */
	h = hivew_new("R");
	for (int i = 0; i < 5; i++) {
		char n[4] = { (char)('a' + i), 0 };
		(void)hivew_key_add(h, HIVEW_ROOT, n);
	}
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_REVERSE);
	img = hivew_build(h);
	assert_invalid(img, "subkey order");
	hivew_img_free(img);
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_CREATION);
	img = hivew_build(h);
	assert_valid(img); /* created in order */
	hivew_img_free(img);

	/* ri -> ri nesting: tools still read every key */
	hivew_key_set_order(h, HIVEW_ROOT, HIVEW_ORDER_SORTED);
	hivew_key_set_ri(h, HIVEW_ROOT, HIVEW_LIST_LH, 2);
	hivew_key_set_ri_nest(h, HIVEW_ROOT, 2);
	img = hivew_build(h);
	uint32_t top = hivew_cell_list(img, HIVEW_ROOT);
	assert_int_equal(hivew_cget16(img, top, HIVEW_LIST_COUNT), 1);
	uint32_t mid = hivew_cget32(img, top, HIVEW_LI_ENTRY(0));
	assert_int_equal(hivew_cget32(img, mid, HIVEW_LI_ENTRY(0)), hivew_cell_ri(img, HIVEW_ROOT));
	assert_invalid(img, "ri->ri");
	if (have_tool("hivexml")) {
		char *out = run_on("hivexml", "", img, &st);
		assert_int_equal(st, 0);
		size_t nodes = 0;
		for (const char *p = out; (p = strstr(p, "<node ")) != NULL; p++)
			nodes++;
		assert_int_equal(nodes, 6);
		free(out);
	}
	hivew_img_free(img);
	hivew_free(h);
}

/* Raw-layer damage: hints, hashes, counts, free-cell references, bins,
 * checksum, truncation, trailing data. */
static void test_raw_damage(void **state)
{
	(void)state;
	int st;
	hivew *h = hivew_new("R");
	hivew_key f = hivew_key_add(h, HIVEW_ROOT, "f");
	hivew_key g = hivew_key_add(h, HIVEW_ROOT, "g");
	for (int i = 0; i < 3; i++) {
		char n[4] = { 'x', (char)('0' + i), 0 };
		(void)hivew_key_add(h, f, n);
		(void)hivew_key_add(h, g, n);
	}
	hivew_key_set_list(h, f, HIVEW_LIST_LF);
	hivew_value v = hivew_value_add(h, g, "v", HIVEW_REG_BINARY, "0123456789", 10);
	hivew_raw raw = hivew_raw_cell(h, "remnant", 7, false);
	hivew_raw raw2 = hivew_raw_cell(h, NULL, 24, true);
	hivew_img *base = hivew_build(h);
	assert_valid(base);
	assert_true(hivew_cell_size(base, hivew_cell_raw(base, raw)) == 16);
	assert_true(hivew_cell_size(base, hivew_cell_raw(base, raw2)) == -32);
	assert_memory_equal(base->data + hivew_cell_off(hivew_cell_raw(base, raw), 0), "remnant", 7);

	hivew_img *img = hivew_img_dup(base);
	hivew_cput32(img, hivew_cell_list(img, f), HIVEW_LF_HINT(1), 0x41414141);
	assert_invalid(img, "lf hint");
	hivew_img_free(img);

	img = hivew_img_dup(base);
	hivew_cput32(img, hivew_cell_list(img, g), HIVEW_LF_HINT(0), 1);
	assert_invalid(img, "lh hash");
	hivew_img_free(img);

	img = hivew_img_dup(base);
	hivew_cput32(img, hivew_cell_nk(img, g), HIVEW_NK_NSUBKEYS, 70001);
	assert_invalid(img, "subkey count");
	hivew_img_free(img);

	/* value data pointing at a free cell (the raw free cell) */
	img = hivew_img_dup(base);
	hivew_cput32(img, hivew_cell_vk(img, v), HIVEW_VK_DATA, hivew_cell_raw(img, raw));
	assert_invalid(img, "free cell");
	hivew_img_free(img);

	/* split the free tail of the bin: still valid */
	img = hivew_img_dup(base);
	uint32_t fc = hivew_bin_free(img, 0);
	uint32_t second = hivew_split_free(img, fc, 16);
	assert_int_equal(hivew_cell_size(img, fc), 16);
	assert_true(hivew_cell_size(img, second) > 0);
	assert_valid(img);
	/* an extra bin counted in the header: valid for every reader */
	uint32_t nb = hivew_append_bin(img, 8192, true);
	assert_int_equal(nb, 4096 + 32);
	assert_int_equal(hivew_get32(img, HIVEW_BB_HBINS_SIZE), 4096 + 8192);
	assert_valid(img);
	if (have_tool("hivexml")) {
		char *out = run_on("hivexml", "", img, &st);
		assert_int_equal(st, 0);
		free(out);
	}
	/* garbage, 0xFF and zero runs after the bins; truncation */
	size_t len = img->len;
	hivew_append_fill(img, 0xFF, 512);
	hivew_append_fill(img, 0, 4096);
	hivew_append_garbage(img, 100, 7);
	assert_int_equal(img->len, len + 512 + 4096 + 100);
	assert_int_equal(hivew_get8(img, len), 0xFF);
	assert_int_equal(hivew_get8(img, len + 512), 0);
	assert_valid(img); /* the walker stops at the hbins data size */
	hivew_truncate(img, 4096 + 4096 + 100);
	assert_invalid(img, "truncated");
	hivew_img_free(img);

	/* a 0xFF run inserted between bins moves the second bin */
	hivew_opts *o = hivew_options(h);
	o->cells_per_bin = 4;
	img = hivew_build(h);
	assert_true(hivew_nbins(img) >= 2);
	assert_valid(img);
	hivew_insert_fill(img, 4096 + hivew_bin_offset(img, 1), 0xFF, 512);
	assert_invalid(img, "hbin header");
	hivew_img_free(img);

	/* bad checksum: hivex refuses (regf.md 0.1 item 3), fixing it helps;
	 * XOR = 0 stored as 1 is valid per [MS] but hivex (no fix-ups) refuses */
	img = hivew_img_dup(base);
	hivew_put32(img, HIVEW_BB_CHECKSUM, hivew_get32(img, HIVEW_BB_CHECKSUM) ^ 1);
	assert_invalid(img, "checksum");
	if (have_tool("hivexml")) {
		char *out = run_on("hivexml", "", img, &st);
		assert_int_not_equal(st, 0);
		free(out);
		hivew_fix_checksum(img);
		out = run_on("hivexml", "", img, &st);
		assert_int_equal(st, 0);
		free(out);
		hivew_force_xor(img, 0);
		assert_valid(img);
		out = run_on("hivexml", "", img, &st);
		assert_int_not_equal(st, 0);
		free(out);
	}
	if (have_tool("reglookup")) {
		hivew_force_xor(img, 0);
		char *out = run_on("reglookup", "-H", img, &st);
		assert_int_equal(st, 0);
		assert_non_null(strstr(out, "/g/x2,KEY"));
		free(out);
	}
	hivew_img_free(img);

	/* root without KEY_HIVE_ENTRY via the tree API */
	hivew_key_set_flags(h, HIVEW_ROOT, 0x20);
	o->cells_per_bin = 0;
	img = hivew_build(h);
	assert_int_equal(hivew_cget16(img, hivew_cell_nk(img, HIVEW_ROOT), HIVEW_NK_FLAGS), 0x20);
	assert_invalid(img, "root flags");
	hivew_img_free(img);

	hivew_img_free(base);
	hivew_free(h);

	/* an ri whose elements repeat one leaf (fan-out), made from a raw
	 * cell patched after layout */
	h = hivew_new("R");
	for (int i = 0; i < 4; i++) {
		char n[4] = { (char)('a' + i), 0 };
		(void)hivew_key_add(h, HIVEW_ROOT, n);
	}
	hivew_raw fan = hivew_raw_cell(h, NULL, 4 + 4 * 8, true);
	img = hivew_build(h);
	uint32_t rc = hivew_cell_raw(img, fan), leaf = hivew_cell_list(img, HIVEW_ROOT);
	hivew_cput(img, rc, 0, "ri", 2);
	hivew_cput16(img, rc, HIVEW_LIST_COUNT, 8);
	for (size_t i = 0; i < 8; i++)
		hivew_cput32(img, rc, HIVEW_LI_ENTRY(i), leaf);
	hivew_cput32(img, hivew_cell_nk(img, HIVEW_ROOT), HIVEW_NK_SUBKEYS, rc);
	assert_invalid(img, "subkey count"); /* 32 entries for 4 subkeys */
	hivew_cput32(img, hivew_cell_nk(img, HIVEW_ROOT), HIVEW_NK_NSUBKEYS, 32);
	assert_invalid(img, "subkey order"); /* d, then a again */
	hivew_img_free(img);
	hivew_free(h);

	/* big data: segments swapped, short segment payload, count 0 */
	h = hivew_new("R");
	uint8_t *p = pattern(40000, 1);
	hivew_value bv = hivew_value_add(h, HIVEW_ROOT, "b", HIVEW_REG_BINARY, p, 40000);
	free(p);
	base = hivew_build(h);
	assert_valid(base);
	img = hivew_img_dup(base);
	uint32_t sl = hivew_cell_seglist(img, bv);
	hivew_cput32(img, sl, 0, hivew_cell_seg(img, bv, 1));
	hivew_cput32(img, sl, 4, hivew_cell_seg(img, bv, 0));
	assert_valid(img); /* structurally fine, data order wrong */
	hivew_cput16(img, hivew_cell_data(img, bv), HIVEW_DB_COUNT, 0);
	assert_invalid(img, "segment count");
	hivew_img_free(img);
	hivew_value_set_segment(h, bv, 16000);
	img = hivew_build(h);
	assert_int_equal(hivew_nsegs(img, bv), 3);
	assert_int_equal(hivew_cell_size(img, hivew_cell_seg(img, bv, 0)), -16008);
	assert_invalid(img, "segment size");
	hivew_img_free(img);
	hivew_img_free(base);
	hivew_free(h);
}

/* ---- transaction logs ---------------------------------------------------------------- */

/* Replays an old-format log onto primary (independent of hivew). */
static hivew_img *replay_old(const hivew_img *primary, const hivew_img *log)
{
	const uint8_t *l = log->data;
	assert_true(log->len >= 1024);
	assert_memory_equal(l, "regf", 4);
	assert_int_equal(le32(l + 28), 1);
	assert_int_equal(le32(l + 4), le32(l + 8));
	uint32_t x = 0;
	for (size_t i = 0; i < 508; i += 4)
		x ^= le32(l + i);
	assert_int_equal(le32(l + 508), x == 0 ? 1 : x == 0xFFFFFFFF ? 0xFFFFFFFE : x);
	assert_memory_equal(l + 512, "DIRT", 4);
	uint32_t hb = le32(l + 40);
	size_t bits = hb / 512, page = (516 + bits / 8 + 511) / 512 * 512;
	hivew_img *out = hivew_img_dup(primary);
	if (out->len < 4096 + (size_t)hb)
		hivew_append_fill(out, 0, 4096 + (size_t)hb - out->len);
	for (size_t b = 0; b < bits; b++) {
		uint8_t byte = l[516 + b / 8];
		assert_true(byte == 0 || byte == 0xFF);
		if (!(byte >> (b % 8) & 1))
			continue;
		assert_true(page + 512 <= log->len);
		memcpy(out->data + 4096 + 512 * b, l + page, 512);
		page += 512;
	}
	assert_int_equal(page, log->len);
	memcpy(out->data, l, 512);
	hivew_put32(out, HIVEW_BB_TYPE, 0);
	hivew_fix_checksum(out);
	return out;
}

/* Replays the HvLE entries of a new-format log from sequence seq on. */
static hivew_img *replay_new(const hivew_img *primary, const hivew_img *log, uint32_t seq,
    size_t *applied)
{
	const uint8_t *l = log->data;
	assert_int_equal(le32(l + 28), 6);
	assert_int_equal(le32(l + 4), le32(l + 8));
	hivew_img *out = hivew_img_dup(primary);
	size_t off = 512;
	*applied = 0;
	while (off + 40 <= log->len && memcmp(l + off, "HvLE", 4) == 0) {
		const uint8_t *e = l + off;
		uint32_t size = le32(e + 4), hb = le32(e + 16), n = le32(e + 20);
		if (size % 512 || size < 40 || off + size > log->len || hb % 4096)
			break;
		uint64_t h1 = le32(e + 24) | (uint64_t)le32(e + 28) << 32;
		uint64_t h2 = le32(e + 32) | (uint64_t)le32(e + 36) << 32;
		if (hivew_marvin32(e + 40, size - 40, HIVEW_LOG_SEED) != h1 ||
		    hivew_marvin32(e, 32, HIVEW_LOG_SEED) != h2 || le32(e + 12) != seq)
			break;
		if (out->len < 4096 + (size_t)hb)
			hivew_append_fill(out, 0, 4096 + (size_t)hb - out->len);
		size_t data = 40 + 8 * (size_t)n;
		for (size_t i = 0; i < n; i++) {
			uint32_t po = le32(e + 40 + 8 * i), ps = le32(e + 44 + 8 * i);
			assert_true(data + ps <= size && 4096 + (size_t)po + ps <= out->len);
			memcpy(out->data + 4096 + po, e + data, ps);
			data += ps;
		}
		hivew_put32(out, HIVEW_BB_HBINS_SIZE, hb);
		hivew_put32(out, HIVEW_BB_SEQ1, seq);
		hivew_put32(out, HIVEW_BB_SEQ2, seq);
		hivew_fix_checksum(out);
		(*applied)++;
		seq++;
		off += size;
	}
	return out;
}

/* The stale hive (two keys) and the target (many more, a bigger value
 * list, new bins) of the log tests. */
static void log_pair(hivew_img **stale, hivew_img **target)
{
	hivew *h = hivew_new("ROOT");
	hivew_key a = hivew_key_add(h, HIVEW_ROOT, "a");
	(void)hivew_key_add(h, HIVEW_ROOT, "b");
	hivew_options(h)->seq1 = hivew_options(h)->seq2 = 9;
	*stale = hivew_build(h);
	for (int i = 0; i < 200; i++) {
		char n[16];
		snprintf(n, sizeof n, "new%03d", i);
		(void)hivew_key_add(h, a, n);
	}
	uint8_t *p = pattern(30000, 5);
	(void)hivew_value_add(h, a, "blob", HIVEW_REG_BINARY, p, 30000);
	free(p);
	*target = hivew_build(h);
	hivew_free(h);
	assert_true((*target)->len > (*stale)->len);
}

static void test_log_old(void **state)
{
	(void)state;
	hivew_img *stale, *target, *primary, *log;
	log_pair(&stale, &target);
	hivew_dirty_pair(target, stale, 1, &primary, &log);
	/* dirty primary: seq 9/8, valid checksum, stale data */
	assert_int_equal(hivew_get32(primary, HIVEW_BB_SEQ1), 9);
	assert_int_equal(hivew_get32(primary, HIVEW_BB_SEQ2), 8);
	assert_int_equal(hivew_get32(primary, HIVEW_BB_CHECKSUM), hivew_checksum(primary->data));
	assert_invalid(primary, "sequence numbers differ");
	/* log: base block copy of type 1, seq 9/9, same timestamp */
	assert_int_equal(hivew_get32(log, HIVEW_BB_TYPE), 1);
	assert_int_equal(hivew_get32(log, HIVEW_BB_SEQ1), 9);
	assert_int_equal(hivew_get32(log, HIVEW_BB_SEQ2), 9);
	assert_true(hivew_get64(log, HIVEW_BB_TIME) == hivew_get64(primary, HIVEW_BB_TIME));
	assert_int_equal(hivew_get32(log, HIVEW_BB_HBINS_SIZE),
	    hivew_get32(target, HIVEW_BB_HBINS_SIZE));
	hivew_img *rec = replay_old(primary, log);
	assert_int_equal(rec->len, target->len);
	assert_memory_equal(rec->data + 4096, target->data + 4096, target->len - 4096);
	assert_valid(rec);
	if (have_tool("regfinfo")) {
		int st;
		char *out = run_on("regfinfo", "", log, &st);
		assert_non_null(strstr(out, "Transaction log (1)"));
		free(out);
	}
	hivew_img_free(rec);
	/* a log against no stale image carries every page */
	hivew_img *all = hivew_log_old(target, NULL);
	size_t hb = hivew_get32(target, HIVEW_BB_HBINS_SIZE);
	assert_int_equal(all->len, (516 + hb / 4096 + 511) / 512 * 512 + hb);
	hivew_img_free(all);
	hivew_img_free(primary);
	hivew_img_free(log);
	hivew_img_free(stale);
	hivew_img_free(target);

	/* hbins data above 2 080 768 bytes: the bitmap outgrows the first
	 * sector, so the pages start at 1536, not 1024 (regf.md 3.4) */
	hivew *h = hivew_new("ROOT");
	stale = hivew_build(h);
	uint8_t *p = pattern(2200000, 9);
	(void)hivew_value_add(h, HIVEW_ROOT, "huge", HIVEW_REG_BINARY, p, 2200000);
	free(p);
	target = hivew_build(h);
	hivew_free(h);
	assert_true(hivew_get32(target, HIVEW_BB_HBINS_SIZE) > 2080768);
	hivew_dirty_pair(target, stale, 1, &primary, &log);
	hb = hivew_get32(target, HIVEW_BB_HBINS_SIZE);
	assert_true(516 + hb / 4096 > 1024);
	assert_int_equal(log->len, 1536 + hb);
	rec = replay_old(primary, log);
	assert_memory_equal(rec->data + 4096, target->data + 4096, target->len - 4096);
	assert_valid(rec);
	hivew_img_free(rec);
	hivew_img_free(primary);
	hivew_img_free(log);
	hivew_img_free(stale);
	hivew_img_free(target);
}

static void test_log_new(void **state)
{
	(void)state;
	hivew_img *stale, *target, *primary, *log;
	log_pair(&stale, &target);
	hivew_dirty_pair(target, stale, 6, &primary, &log);
	assert_int_equal(hivew_get32(primary, HIVEW_BB_SEQ1), 9);
	assert_int_equal(hivew_get32(primary, HIVEW_BB_SEQ2), 8);
	assert_int_equal(hivew_get32(log, HIVEW_BB_TYPE), 6);
	assert_int_equal(hivew_get32(log, HIVEW_BB_SEQ1), 8);
	assert_int_equal(hivew_get32(log, HIVEW_BB_CHECKSUM), hivew_checksum(log->data));
	/* one entry at 512: sequence 8 (the primary's secondary) */
	assert_memory_equal(log->data + 512, "HvLE", 4);
	uint32_t size = hivew_get32(log, 512 + HIVEW_LE_SIZE);
	assert_int_equal(size % 512, 0);
	assert_int_equal(512 + size, log->len);
	assert_int_equal(hivew_get32(log, 512 + HIVEW_LE_SEQ), 8);
	assert_int_equal(hivew_get32(log, 512 + HIVEW_LE_HBINS_SIZE),
	    hivew_get32(target, HIVEW_BB_HBINS_SIZE));
	uint32_t n = hivew_get32(log, 512 + HIVEW_LE_NPAGES);
	assert_true(n >= 1);
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(hivew_get32(log, 512 + HIVEW_LE_REFS + 8 * i) % 4096, 0);
		assert_int_equal(hivew_get32(log, 512 + HIVEW_LE_REFS + 8 * i + 4) % 4096, 0);
	}
	size_t applied;
	hivew_img *rec = replay_new(primary, log, 8, &applied);
	assert_int_equal(applied, 1);
	assert_int_equal(rec->len, target->len);
	assert_memory_equal(rec->data + 4096, target->data + 4096, target->len - 4096);
	assert_valid(rec);
	hivew_img_free(rec);

	/* a second entry; then damage: Hash-1, Hash-2, sequence gap */
	size_t e2 = hivew_log_new_entry(log, target, NULL, 9);
	assert_int_equal(e2 % 512, 0);
	rec = replay_new(primary, log, 8, &applied);
	assert_int_equal(applied, 2);
	hivew_img_free(rec);
	hivew_put8(log, e2 + 100, (uint8_t)(hivew_get8(log, e2 + 100) ^ 1));
	rec = replay_new(primary, log, 8, &applied);
	assert_int_equal(applied, 1); /* Hash-1 now wrong */
	hivew_img_free(rec);
	hivew_log_rehash(log, e2);
	rec = replay_new(primary, log, 8, &applied);
	assert_int_equal(applied, 2);
	hivew_img_free(rec);
	hivew_put32(log, e2 + HIVEW_LE_SEQ, 11);
	rec = replay_new(primary, log, 8, &applied);
	assert_int_equal(applied, 1); /* Hash-2 covers the sequence number */
	hivew_img_free(rec);
	hivew_log_rehash(log, e2);
	rec = replay_new(primary, log, 8, &applied);
	assert_int_equal(applied, 1); /* gap 8 -> 11 */
	hivew_img_free(rec);

	/* explicit pages and zero pages */
	hivew_img *l2 = hivew_log_new(target, 3);
	uint8_t page[512];
	memset(page, 0xAB, sizeof page);
	hivew_page pg = { 4096, 512, page };
	size_t e = hivew_log_new_entry_pages(l2, 3, 0, 8192, &pg, 1);
	assert_int_equal(e, 512);
	assert_int_equal(hivew_get32(l2, e + HIVEW_LE_SIZE), 1024);
	assert_int_equal(hivew_get32(l2, e + 40), 4096);
	assert_int_equal(hivew_get8(l2, e + 48), 0xAB);
	e = hivew_log_new_entry_pages(l2, 4, 0, 8192, NULL, 0);
	assert_int_equal(e, 1536);
	assert_int_equal(hivew_get32(l2, e + HIVEW_LE_NPAGES), 0);
	hivew_img_free(l2);

	hivew_img_free(primary);
	hivew_img_free(log);
	hivew_img_free(stale);
	hivew_img_free(target);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marvin32_vectors),
		cmocka_unit_test(test_marvin32_windows_log),
		cmocka_unit_test(test_hash_hint_vectors),
		cmocka_unit_test(test_base_block),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_security),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_sample_tools),
		cmocka_unit_test(test_sample_regfexport),
		cmocka_unit_test(test_unpaired_surrogates),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_tree_damage),
		cmocka_unit_test(test_raw_damage),
		cmocka_unit_test(test_log_old),
		cmocka_unit_test(test_log_new),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
