/*
 * tbuf.c - see tbuf.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/tbuf.h"

void
tbuf_put(tbuf *b, const void *s, size_t n)
{
	if (n + 1 > b->cap - b->n || b->p == NULL) {
		size_t cap = b->cap ? b->cap : 256;
		char *q;
		while (cap - b->n < n + 1)
			cap *= 2;
		q = realloc(b->p, cap);
		if (q == NULL) {
			fputs("tbuf: out of memory\n", stderr);
			abort();
		}
		b->p = q;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

void
tbuf_puts(tbuf *b, const char *s)
{
	tbuf_put(b, s, strlen(s));
}

void
tbuf_printf(tbuf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256], *big;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n < sizeof small) {
		tbuf_put(b, small, (size_t)n);
		return;
	}
	big = malloc((size_t)n + 1);
	if (big == NULL)
		abort();
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	tbuf_put(b, big, (size_t)n);
	free(big);
}

const char *
tbuf_str(const tbuf *b)
{
	return b->p ? b->p : "";
}

void
tbuf_free(tbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

int
tbuf_sink(void *ctx, const char *data, size_t len)
{
	tbuf *b = ctx;
	b->calls++;
	if (len > b->max_chunk)
		b->max_chunk = len;
	if (b->fail_at != 0 && b->calls == b->fail_at)
		return b->fail_value;
	tbuf_put(b, data, len);
	return 0;
}
