/*
 * json_dom.c - the test-only JSON tree reader (see json_dom.h).
 */
#include "support/json_dom.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct jd_parser {
	const char *s;
	size_t n, i;
} jd_parser;

static json_value *jd_value(jd_parser *p, unsigned depth);

static void
jd_ws(jd_parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
	    p->s[p->i] == '\r'))
		p->i++;
}

static json_value *
jd_new(json_type t)
{
	json_value *v = calloc(1, sizeof *v);
	if (v != NULL)
		v->type = t;
	return v;
}

/* Appends n bytes to a growing buffer; false on allocation failure. */
static bool
jd_put(char **buf, size_t *len, size_t *cap, const char *b, size_t n)
{
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 32;
		char *q;
		while (c < *len + n + 1)
			c *= 2;
		q = realloc(*buf, c);
		if (q == NULL)
			return false;
		*buf = q;
		*cap = c;
	}
	memcpy(*buf + *len, b, n);
	*len += n;
	(*buf)[*len] = '\0';
	return true;
}

/* Four hex digits at p->i; -1 when they are not there. */
static long
jd_hex4(jd_parser *p)
{
	long v = 0;
	size_t k;
	if (p->n - p->i < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		char c = p->s[p->i + k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	p->i += 4;
	return v;
}

/* UTF-8 of code point cp into out; returns its length. */
static size_t
jd_utf8(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* A string literal at p->i (the opening quote); decoded into *out. */
static bool
jd_string(jd_parser *p, char **out, size_t *outlen)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	if (p->i >= p->n || p->s[p->i] != '"')
		return false;
	p->i++;
	if (!jd_put(&buf, &len, &cap, "", 0))
		return false;
	while (p->i < p->n && p->s[p->i] != '"') {
		char c = p->s[p->i++], u8[4];
		const char *one = &c;
		size_t k = 1;
		if (c == '\\') {
			if (p->i >= p->n)
				goto bad;
			c = p->s[p->i++];
			switch (c) {
			case '"': case '\\': case '/': break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'u': {
				long hi = jd_hex4(p), lo;
				uint32_t cp;
				if (hi < 0)
					goto bad;
				cp = (uint32_t)hi;
				if (hi >= 0xD800 && hi <= 0xDBFF) {
					if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
						goto bad;
					p->i += 2;
					lo = jd_hex4(p);
					if (lo < 0xDC00 || lo > 0xDFFF)
						goto bad;
					cp = 0x10000 + (((uint32_t)hi - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
				}
				k = jd_utf8(cp, u8);
				one = u8;
				break;
			}
			default:
				goto bad;
			}
		}
		if (!jd_put(&buf, &len, &cap, one, k))
			goto bad;
	}
	if (p->i >= p->n)
		goto bad;
	p->i++;
	*out = buf;
	*outlen = len;
	return true;
bad:
	free(buf);
	return false;
}

static json_value *
jd_number(jd_parser *p)
{
	size_t start = p->i;
	json_value *v;
	char *end;
	while (p->i < p->n && strchr("+-0123456789.eE", p->s[p->i]) != NULL)
		p->i++;
	if (p->i == start || (v = jd_new(JSON_NUMBER)) == NULL)
		return NULL;
	v->str = malloc(p->i - start + 1);
	if (v->str == NULL) {
		free(v);
		return NULL;
	}
	memcpy(v->str, p->s + start, p->i - start);
	v->str[p->i - start] = '\0';
	v->len = p->i - start;
	v->num = strtod(v->str, &end);
	if (*end != '\0') {
		json_dom_free(v);
		return NULL;
	}
	return v;
}

/* Appends item (and key, for objects) to container v. */
static bool
jd_push(json_value *v, json_value *item, char *key)
{
	json_value **items = realloc(v->items, (v->n + 1) * sizeof *items);
	if (items == NULL)
		return false;
	v->items = items;
	if (v->type == JSON_OBJECT) {
		char **keys = realloc(v->keys, (v->n + 1) * sizeof *keys);
		if (keys == NULL)
			return false;
		v->keys = keys;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return true;
}

static json_value *
jd_container(jd_parser *p, unsigned depth)
{
	bool obj = p->s[p->i] == '{';
	char close = obj ? '}' : ']';
	json_value *v = jd_new(obj ? JSON_OBJECT : JSON_ARRAY);
	if (v == NULL)
		return NULL;
	p->i++;
	jd_ws(p);
	if (p->i < p->n && p->s[p->i] == close) {
		p->i++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		size_t klen;
		json_value *item;
		jd_ws(p);
		if (obj) {
			if (!jd_string(p, &key, &klen))
				goto bad;
			jd_ws(p);
			if (p->i >= p->n || p->s[p->i] != ':') {
				free(key);
				goto bad;
			}
			p->i++;
		}
		item = jd_value(p, depth + 1);
		if (item == NULL || !jd_push(v, item, key)) {
			json_dom_free(item);
			free(key);
			goto bad;
		}
		jd_ws(p);
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == close) {
			p->i++;
			return v;
		}
		goto bad;
	}
bad:
	json_dom_free(v);
	return NULL;
}

static bool
jd_word(jd_parser *p, const char *w)
{
	size_t k = strlen(w);
	if (p->n - p->i < k || memcmp(p->s + p->i, w, k) != 0)
		return false;
	p->i += k;
	return true;
}

static json_value *
jd_value(jd_parser *p, unsigned depth)
{
	json_value *v;
	if (depth > JSON_DOM_MAX_DEPTH)
		return NULL;
	jd_ws(p);
	if (p->i >= p->n)
		return NULL;
	switch (p->s[p->i]) {
	case '{':
	case '[':
		return jd_container(p, depth);
	case '"':
		if ((v = jd_new(JSON_STRING)) == NULL)
			return NULL;
		if (!jd_string(p, &v->str, &v->len)) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
		return jd_word(p, "true") ? jd_new(JSON_TRUE) : NULL;
	case 'f':
		return jd_word(p, "false") ? jd_new(JSON_FALSE) : NULL;
	case 'n':
		return jd_word(p, "null") ? jd_new(JSON_NULL) : NULL;
	default:
		return jd_number(p);
	}
}

json_value *
json_dom_parse(const char *s, size_t n)
{
	jd_parser p = { s, n, 0 };
	json_value *v;
	if (s == NULL)
		return NULL;
	v = jd_value(&p, 0);
	if (v == NULL)
		return NULL;
	jd_ws(&p);
	if (p.i != p.n) {
		json_dom_free(v);
		return NULL;
	}
	return v;
}

void
json_dom_free(json_value *v)
{
	size_t i;
	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		json_dom_free(v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

const json_value *
json_dom_get(const json_value *v, const char *key)
{
	size_t i;
	if (v == NULL || v->type != JSON_OBJECT)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return v->items[i];
	return NULL;
}

const json_value *
json_dom_at(const json_value *v, size_t i)
{
	if (v == NULL || v->type != JSON_ARRAY || i >= v->n)
		return NULL;
	return v->items[i];
}

size_t
json_dom_key_count(const json_value *v, const char *key)
{
	size_t i, c = 0;
	if (v == NULL || v->type != JSON_OBJECT)
		return 0;
	for (i = 0; i < v->n; i++)
		c += strcmp(v->keys[i], key) == 0;
	return c;
}
