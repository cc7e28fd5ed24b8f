/*
 * json_check.c - strict, iterative JSON validator (RFC 8259, RFC 3629).
 * Written for the tests; shares no code with the library's renderer.
 */
#include "support/json_check.h"

#include <stdint.h>
#include <stdio.h>

/* What the parser expects next. */
typedef enum jstate {
	J_VALUE,          /* any value                                   */
	J_VALUE_OR_CLOSE, /* just after '[': a value or ']'              */
	J_KEY_OR_CLOSE,   /* just after '{': a key string or '}'         */
	J_KEY,            /* after ',' in an object: a key string         */
	J_AFTER_VALUE     /* ',' or the closing bracket, or end of text  */
} jstate;

typedef struct jp {
	const unsigned char *s;
	size_t n, i;
	char *err;
	size_t errcap;
	size_t depth;
	unsigned char stack[JSON_CHECK_MAX_DEPTH]; /* '[' or '{' per level */
} jp;

/* Records a failure at the current offset; always returns false. */
static bool
fail(jp *p, const char *why)
{
	if (p->err != NULL && p->errcap > 0)
		snprintf(p->err, p->errcap, "offset %zu: %s", p->i, why);
	return false;
}

/* Skips the four JSON whitespace characters. */
static void
skip_ws(jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
	    p->s[p->i] == '\r'))
		p->i++;
}

/* Value of hex digit c, or -1. */
static int
hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads "uXXXX" at p->i (the 'u' included) into *cp. */
static bool
read_u4(jp *p, uint32_t *cp)
{
	size_t k;
	uint32_t v = 0;
	if (p->n - p->i < 5 || p->s[p->i] != 'u')
		return fail(p, "bad \\u escape");
	for (k = 1; k <= 4; k++) {
		int h = hexval(p->s[p->i + k]);
		if (h < 0)
			return fail(p, "bad hex digit in \\u escape");
		v = v << 4 | (uint32_t)h;
	}
	p->i += 5;
	*cp = v;
	return true;
}

/* Validates a \u escape (after the backslash), pairing surrogates. */
static bool
read_unicode_escape(jp *p)
{
	uint32_t hi, lo;
	if (!read_u4(p, &hi))
		return false;
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return fail(p, "lone low surrogate in \\u escape");
	if (hi < 0xD800 || hi > 0xDBFF)
		return true;
	if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
		return fail(p, "high surrogate not followed by \\u low surrogate");
	p->i++;
	if (!read_u4(p, &lo))
		return false;
	if (lo < 0xDC00 || lo > 0xDFFF)
		return fail(p, "high surrogate not followed by a low surrogate");
	return true;
}

/* Validates one backslash escape starting at the backslash. */
static bool
read_escape(jp *p)
{
	unsigned char c;
	p->i++;
	if (p->i >= p->n)
		return fail(p, "unterminated escape");
	c = p->s[p->i];
	switch (c) {
	case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
		p->i++;
		return true;
	case 'u':
		return read_unicode_escape(p);
	default:
		return fail(p, "invalid escape character");
	}
}

/* Validates one well-formed UTF-8 sequence of 2-4 bytes at p->i. */
static bool
read_utf8(jp *p)
{
	unsigned char b0 = p->s[p->i];
	size_t len, k;
	uint32_t cp, min;
	if (b0 >= 0xC2 && b0 <= 0xDF)
		len = 2, cp = b0 & 0x1Fu, min = 0x80;
	else if (b0 >= 0xE0 && b0 <= 0xEF)
		len = 3, cp = b0 & 0x0Fu, min = 0x800;
	else if (b0 >= 0xF0 && b0 <= 0xF4)
		len = 4, cp = b0 & 0x07u, min = 0x10000;
	else
		return fail(p, "invalid UTF-8 lead byte");
	if (p->n - p->i < len)
		return fail(p, "truncated UTF-8 sequence");
	for (k = 1; k < len; k++) {
		unsigned char b = p->s[p->i + k];
		if ((b & 0xC0) != 0x80)
			return fail(p, "invalid UTF-8 continuation byte");
		cp = cp << 6 | (b & 0x3Fu);
	}
	if (cp < min)
		return fail(p, "overlong UTF-8 sequence");
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return fail(p, "UTF-8 encodes a surrogate or a value above U+10FFFF");
	p->i += len;
	return true;
}

/* Validates a string starting at its opening quote. */
static bool
read_string(jp *p)
{
	p->i++;
	for (;;) {
		unsigned char c;
		if (p->i >= p->n)
			return fail(p, "unterminated string");
		c = p->s[p->i];
		if (c == '"') {
			p->i++;
			return true;
		}
		if (c < 0x20)
			return fail(p, "unescaped control character in string");
		if (c == '\\') {
			if (!read_escape(p))
				return false;
		} else if (c < 0x80) {
			p->i++;
		} else if (!read_utf8(p)) {
			return false;
		}
	}
}

/* Skips a run of decimal digits; returns how many. */
static size_t
digits(jp *p)
{
	size_t start = p->i;
	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	return p->i - start;
}

/* Validates a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
read_number(jp *p)
{
	if (p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0') {
		p->i++;
	} else if (digits(p) == 0) {
		return fail(p, "number without digits");
	}
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (digits(p) == 0)
			return fail(p, "no digits after decimal point");
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (digits(p) == 0)
			return fail(p, "no digits in exponent");
	}
	return true;
}

/* Validates the literal word at p->i. */
static bool
read_literal(jp *p, const char *word, size_t len)
{
	size_t k;
	if (p->n - p->i < len)
		return fail(p, "truncated literal");
	for (k = 0; k < len; k++)
		if (p->s[p->i + k] != (unsigned char)word[k])
			return fail(p, "invalid literal");
	p->i += len;
	return true;
}

/* Opens a container; false when nesting is too deep. */
static bool
push(jp *p, unsigned char open)
{
	if (p->depth >= JSON_CHECK_MAX_DEPTH)
		return fail(p, "nesting too deep");
	p->stack[p->depth++] = open;
	p->i++;
	return true;
}

/* Reads one value start; sets *next to the state that follows it. */
static bool
read_value(jp *p, jstate *next)
{
	unsigned char c;
	if (p->i >= p->n)
		return fail(p, "unexpected end of input, expected a value");
	c = p->s[p->i];
	*next = J_AFTER_VALUE;
	switch (c) {
	case '{':
		*next = J_KEY_OR_CLOSE;
		return push(p, '{');
	case '[':
		*next = J_VALUE_OR_CLOSE;
		return push(p, '[');
	case '"':
		return read_string(p);
	case 't':
		return read_literal(p, "true", 4);
	case 'f':
		return read_literal(p, "false", 5);
	case 'n':
		return read_literal(p, "null", 4);
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return read_number(p);
		return fail(p, "unexpected character, expected a value");
	}
}

/* Reads an object key and its colon. */
static bool
read_key(jp *p)
{
	if (p->i >= p->n || p->s[p->i] != '"')
		return fail(p, "expected a string key");
	if (!read_string(p))
		return false;
	skip_ws(p);
	if (p->i >= p->n || p->s[p->i] != ':')
		return fail(p, "expected ':' after key");
	p->i++;
	return true;
}

/* Handles ',' or a closing bracket after a value inside a container. */
static bool
after_value(jp *p, jstate *st)
{
	unsigned char top = p->stack[p->depth - 1], c;
	if (p->i >= p->n)
		return fail(p, "unexpected end of input inside a container");
	c = p->s[p->i];
	if (c == ',') {
		p->i++;
		*st = top == '{' ? J_KEY : J_VALUE;
		return true;
	}
	if ((c == ']' && top == '[') || (c == '}' && top == '{')) {
		p->i++;
		p->depth--;
		*st = J_AFTER_VALUE;
		return true;
	}
	return fail(p, top == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
}

/* Runs one step of the state machine; *done is set at a complete text. */
static bool
step(jp *p, jstate *st, bool *done)
{
	skip_ws(p);
	switch (*st) {
	case J_VALUE_OR_CLOSE:
		if (p->i < p->n && p->s[p->i] == ']') {
			p->i++;
			p->depth--;
			*st = J_AFTER_VALUE;
			return true;
		}
		return read_value(p, st);
	case J_KEY_OR_CLOSE:
		if (p->i < p->n && p->s[p->i] == '}') {
			p->i++;
			p->depth--;
			*st = J_AFTER_VALUE;
			return true;
		}
		*st = J_VALUE;
		return read_key(p);
	case J_KEY:
		*st = J_VALUE;
		return read_key(p);
	case J_VALUE:
		return read_value(p, st);
	case J_AFTER_VALUE:
		if (p->depth > 0)
			return after_value(p, st);
		if (p->i != p->n)
			return fail(p, "trailing data after the JSON value");
		*done = true;
		return true;
	}
	return fail(p, "internal error: bad state");
}

bool
json_check(const char *s, size_t n, char *err, size_t errcap)
{
	jp p;
	jstate st = J_VALUE;
	bool done = false;
	p.s = (const unsigned char *)s;
	p.n = s ? n : 0;
	p.i = 0;
	p.err = err;
	p.errcap = errcap;
	p.depth = 0;
	if (err != NULL && errcap > 0)
		err[0] = '\0';
	while (!done)
		if (!step(&p, &st, &done))
			return false;
	return true;
}
