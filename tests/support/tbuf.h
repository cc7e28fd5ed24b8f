/*
 * tbuf.h - a growable, always NUL-terminated byte string for tests, and
 * a comscan_sink that appends to one (optionally failing on a chosen
 * call, to test how writers pass a sink's error on).  An allocation
 * failure aborts the test program: tests do not test their own buffers.
 */
#ifndef COMSCAN_TESTS_TBUF_H
#define COMSCAN_TESTS_TBUF_H

#include <stddef.h>

typedef struct tbuf {
	char *p;          /* NUL-terminated once anything was put; NULL before */
	size_t n, cap;
	/* for tbuf_sink */
	int calls;        /* sink calls so far                                */
	int fail_at;      /* 1-based call that returns fail_value; 0: never   */
	int fail_value;
	size_t max_chunk; /* largest len passed to the sink                   */
} tbuf;

#define TBUF_INIT { NULL, 0, 0, 0, 0, 0, 0 }

void tbuf_put(tbuf *b, const void *s, size_t n);
void tbuf_puts(tbuf *b, const char *s);
void tbuf_printf(tbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* p, or "" when nothing was put. */
const char *tbuf_str(const tbuf *b);
void tbuf_free(tbuf *b);
/* A comscan_sink: ctx is a tbuf. */
int tbuf_sink(void *ctx, const char *data, size_t len);

#endif /* COMSCAN_TESTS_TBUF_H */
