/*
 * regfdiff.c - differential check of the hive parser against hivex and
 * reglookup (tests/realworld/regf.sh runs it on the regipy hives).
 *
 *   regfdiff HIVE EXPORT.reg REGLOOKUP.txt MOUNT
 *
 * EXPORT.reg is `hivexregedit --export --prefix MOUNT HIVE '\'` (hivex,
 * the library behind hivexml, writing every value's raw bytes as hex),
 * read back with comscan's .reg parser; REGLOOKUP.txt is `reglookup -H
 * HIVE`; MOUNT is the key path comscan mounts the hive at (the export's
 * prefix).  Checked:
 *
 *   - hivex: the same keys, and the same values with the same type and
 *     the same data bytes (a string value without a final NUL in the hive
 *     gains one in the .reg import, as Windows' importer adds one; that
 *     difference is allowed and counted);
 *   - reglookup: the same key paths and value names with the same types,
 *     and the same data for REG_DWORD, REG_QWORD and REG_BINARY (the
 *     types reglookup prints losslessly: 0x%08X, 0x%016X, %XX-quoted).
 *
 * Prints what it compared; exits 1 on the first kind of mismatch (after
 * listing up to ten), 2 on usage or I/O errors.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"

typedef struct item {
	char *key;   /* "K\tpath" or "V\tpath\tname\ttype" */
	uint8_t *data;
	size_t size;
	uint32_t type;
	int is_value;
} item;

typedef struct list {
	item *v;
	size_t n, cap;
	size_t strip; /* bytes of mount prefix to drop from paths (reglookup) */
} list;

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL) {
		fputs("regfdiff: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);
	memcpy(p, s, n);
	return p;
}

static void
add(list *l, const char *key, const uint8_t *data, size_t size, uint32_t type, int is_value)
{
	item *it;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 1024;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (l->v == NULL)
			exit(2);
	}
	it = &l->v[l->n++];
	it->key = xstrdup(key);
	it->data = xmalloc(size);
	if (size)
		memcpy(it->data, data, size);
	it->size = size;
	it->type = type;
	it->is_value = is_value;
}

static void
free_list(list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].data);
	}
	free(l->v);
}

static int
item_cmp(const void *a, const void *b)
{
	return strcmp(((const item *)a)->key, ((const item *)b)->key);
}

static int
collect(void *arg, const comscan_registry_item *it)
{
	list *l = arg;
	char *k = xmalloc(strlen(it->path) + (it->name ? strlen(it->name) : 0) + 32);
	if (it->is_value)
		sprintf(k, "V\t%s\t%s\t%u", it->path, it->name, (unsigned)it->type);
	else
		sprintf(k, "K\t%s", it->path);
	add(l, k, it->data, it->size, it->type, it->is_value);
	free(k);
	return 0;
}

static uint8_t *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	size_t cap = 0;
	*n = 0;
	if (f == NULL) {
		perror(path);
		exit(2);
	}
	for (;;) {
		size_t got;
		if (*n == cap) {
			cap = cap ? 2 * cap : 1 << 20;
			p = realloc(p, cap);
			if (p == NULL)
				exit(2);
		}
		got = fread(p + *n, 1, cap - *n, f);
		*n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	return p;
}

/* Reads a dump with comscan into a sorted list. */
static void
load(const char *path, list *l)
{
	size_t n;
	uint8_t *p = slurp(path, &n);
	comscan_registry *r = NULL;
	if (comscan_registry_open(p, n, NULL, &r) != COMSCAN_OK ||
	    comscan_registry_walk(r, collect, l) != 0) {
		fprintf(stderr, "regfdiff: cannot read %s\n", path);
		exit(2);
	}
	comscan_registry_close(r);
	free(p);
	qsort(l->v, l->n, sizeof *l->v, item_cmp);
}

/* Windows-1252 bytes 0x80-0x9F as UTF-16 (the rest are Latin-1). */
static const uint16_t cp1252[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* True when the .reg import's data is what comscan's .reg rules make of
 * the hive's string bytes (regtext.md section 2): the bytes plus the NUL
 * Windows' importer appends to a string without one, or, for an odd
 * length, the bytes read as Windows-1252 text (the rule for 8-bit 5.00
 * files) plus that NUL. */
static int
import_rule(const item *hive, const item *reg)
{
	size_t k;
	int str = hive->type == 1 || hive->type == 2 || hive->type == 7;
	if (!str)
		return 0;
	if (reg->size == hive->size + 2 && memcmp(reg->data, hive->data, hive->size) == 0 &&
	    reg->data[hive->size] == 0 && reg->data[hive->size + 1] == 0)
		return 1;
	if (hive->size % 2 == 0 || reg->size < 2 * hive->size)
		return 0;
	for (k = 0; k < hive->size; k++) {
		uint8_t b = hive->data[k];
		uint16_t u = b >= 0x80 && b < 0xA0 ? cp1252[b - 0x80] : b;
		if (reg->data[2 * k] != (uint8_t)u || reg->data[2 * k + 1] != (uint8_t)(u >> 8))
			return 0;
	}
	return reg->size == 2 * hive->size + (hive->data[hive->size - 1] != 0 ? 2 : 0);
}

static int
compare_hivex(const list *h, const list *x)
{
	size_t i = 0, j = 0, bad = 0, nul = 0, values = 0;
	while (i < h->n || j < x->n) {
		int c = i == h->n ? 1 : j == x->n ? -1 : strcmp(h->v[i].key, x->v[j].key);
		if (c != 0) {
			if (bad++ < 10)
				printf("  hivex: %s only in %s\n", c < 0 ? h->v[i].key : x->v[j].key,
				    c < 0 ? "comscan's reading" : "hivex's export");
			c < 0 ? i++ : j++;
			continue;
		}
		if (h->v[i].is_value) {
			values++;
			if (h->v[i].size == x->v[j].size &&
			    memcmp(h->v[i].data, x->v[j].data, h->v[i].size) == 0) {
			} else if (import_rule(&h->v[i], &x->v[j])) {
				nul++;
			} else if (bad++ < 10) {
				printf("  hivex: data of %s differs (%zu vs %zu bytes)\n", h->v[i].key,
				    h->v[i].size, x->v[j].size);
			}
		}
		i++, j++;
	}
	printf("  hivex: %zu keys and values, %zu values compared byte for byte (%zu strings as the .reg "
	       "import rules change them)%s\n",
	    h->n, values, nul, bad ? ": MISMATCH" : "");
	return bad != 0;
}

/* ---- reglookup ------------------------------------------------------------------ */

static const struct {
	const char *name;
	uint32_t type;
} rl_types[] = {
	{ "NONE", 0 }, { "SZ", 1 }, { "EXPAND_SZ", 2 }, { "BINARY", 3 }, { "DWORD", 4 },
	{ "DWORD_BE", 5 }, { "LINK", 6 }, { "MULTI_SZ", 7 }, { "RSRC_LIST", 8 }, { "RSRC", 9 },
	{ "RSRC_REQ_LIST", 10 }, { "QWORD", 11 },
};

/* Decodes reglookup's %XX quoting in place; returns the length. */
static size_t
unquote(char *s)
{
	size_t i, o = 0;
	for (i = 0; s[i]; i++) {
		unsigned v;
		if (s[i] == '%' && s[i + 1] && s[i + 2] && sscanf(s + i + 1, "%2x", &v) == 1) {
			s[o++] = (char)v;
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	return o;
}

/* Parses one "path,type,value,mtime" line into list l. */
static void
rl_line(list *l, char *line)
{
	char *f[4], *p = line, *k;
	size_t n = 0, cut, dlen;
	uint32_t type = 0xFFFFFFFF;
	unsigned long long num;
	uint8_t data[8];
	for (n = 0; n < 4; n++) {
		f[n] = p;
		p = n < 3 ? strchr(p, ',') : NULL;
		if (n < 3 && p == NULL)
			return;
		if (p)
			*p++ = '\0';
	}
	k = xmalloc(strlen(f[0]) + 64);
	if (strcmp(f[1], "KEY") == 0) {
		unquote(f[0]);
		sprintf(k, "K\t%s", f[0]);
		add(l, k, NULL, 0, 0, 0);
		free(k);
		return;
	}
	for (n = 0; n < sizeof rl_types / sizeof rl_types[0]; n++)
		if (strcmp(f[1], rl_types[n].name) == 0)
			type = rl_types[n].type;
	if (type == 0xFFFFFFFF && sscanf(f[1], "0x%x", &type) != 1)
		type = 0xFFFFFFFF;
	/* the value name is the last path element */
	for (cut = strlen(f[0]); cut > 0 && f[0][cut - 1] != '/'; cut--)
		;
	f[0][cut > 0 ? cut - 1 : 0] = '\0';
	{
		char *name = f[0] + cut;
		unquote(f[0]);
		unquote(name);
		sprintf(k, "V\t%s\t%s\t%u", cut > 1 ? f[0] : "", name, (unsigned)type);
	}
	dlen = 0;
	if (type == 4 && sscanf(f[2], "0x%llx", &num) == 1) {
		for (n = 0; n < 4; n++)
			data[n] = (uint8_t)(num >> 8 * n);
		add(l, k, data, 4, type, 2);
	} else if (type == 11 && sscanf(f[2], "0x%llx", &num) == 1) {
		for (n = 0; n < 8; n++)
			data[n] = (uint8_t)(num >> 8 * n);
		add(l, k, data, 8, type, 2);
	} else if (type == 3) {
		dlen = strcmp(f[2], "(null)") == 0 ? 0 : unquote(f[2]); /* reglookup's empty data */
		add(l, k, (const uint8_t *)f[2], dlen, type, 2);
	} else {
		add(l, k, NULL, 0, type, 1); /* data not compared */
	}
	free(k);
}

/* Turns comscan's items into reglookup's shape: paths relative to the
 * hive's root with '/' separators (the mount prefix dropped). */
static void
to_reglookup(const list *h, list *out, const char *mount)
{
	size_t i, m = strlen(mount);
	for (i = 0; i < h->n; i++) {
		const char *key = h->v[i].key;
		const char *path = key + 2;
		char *k, *q;
		if (strncmp(path, mount, m) != 0 || (path[m] != '\0' && path[m] != '\\' && path[m] != '\t'))
			continue; /* a key of the mount prefix itself */
		k = xmalloc(strlen(key) + 2);
		sprintf(k, "%c\t%s%s", key[0], path[m] == '\0' || path[m] == '\t' ? "/" : "", path + m);
		for (q = k + 2; *q && *q != '\t'; q++)
			if (*q == '\\')
				*q = '/';
		if (!h->v[i].is_value && strcmp(k + 2, "/") == 0)
			k[2] = '/', k[3] = '\0';
		/* reglookup writes a value of the root key as /name */
		if (h->v[i].is_value && strncmp(k + 2, "/\t", 2) == 0)
			memmove(k + 2, k + 3, strlen(k + 3) + 1);
		add(out, k, h->v[i].data, h->v[i].size, h->v[i].type, h->v[i].is_value);
		free(k);
	}
	qsort(out->v, out->n, sizeof *out->v, item_cmp);
}

static int
compare_reglookup(const list *h, const list *r)
{
	size_t i = 0, j = 0, bad = 0, data = 0;
	while (i < h->n || j < r->n) {
		int c = i == h->n ? 1 : j == r->n ? -1 : strcmp(h->v[i].key, r->v[j].key);
		if (c != 0) {
			if (bad++ < 10)
				printf("  reglookup: %s only in %s\n", c < 0 ? h->v[i].key : r->v[j].key,
				    c < 0 ? "comscan" : "reglookup");
			c < 0 ? i++ : j++;
			continue;
		}
		if (r->v[j].is_value == 2) {
			data++;
			if ((h->v[i].size != r->v[j].size ||
			        memcmp(h->v[i].data, r->v[j].data, h->v[i].size) != 0) &&
			    bad++ < 10)
				printf("  reglookup: data of %s differs\n", h->v[i].key);
		}
		i++, j++;
	}
	printf("  reglookup: %zu keys and values by path, name and type; %zu values by data%s\n", r->n,
	    data, bad ? ": MISMATCH" : "");
	return bad != 0;
}

int
main(int argc, char **argv)
{
	list hive = { NULL, 0, 0, 0 }, hivex = { NULL, 0, 0, 0 }, rl = { NULL, 0, 0, 0 },
	     mine = { NULL, 0, 0, 0 };
	char *line = NULL, mount[1024];
	size_t cap = 0;
	FILE *f;
	int bad;
	if (argc != 5) {
		fputs("usage: regfdiff HIVE EXPORT.reg REGLOOKUP.txt MOUNT\n", stderr);
		return 2;
	}
	load(argv[1], &hive);
	load(argv[2], &hivex);
	bad = compare_hivex(&hive, &hivex);
	snprintf(mount, sizeof mount, "%s", argv[4]);
	f = fopen(argv[3], "r");
	if (f == NULL) {
		perror(argv[3]);
		return 2;
	}
	while (getline(&line, &cap, f) != -1) { /* lines of big values are long */
		line[strcspn(line, "\n")] = '\0';
		rl_line(&rl, line);
	}
	free(line);
	fclose(f);
	qsort(rl.v, rl.n, sizeof *rl.v, item_cmp);
	to_reglookup(&hive, &mine, mount);
	bad |= compare_reglookup(&mine, &rl);
	free_list(&hive);
	free_list(&hivex);
	free_list(&rl);
	free_list(&mine);
	return bad;
}
