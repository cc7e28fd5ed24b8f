/*
 * out.c - the buffered writer in front of a comscan_sink.
 *
 * JSON strings: valid UTF-8 is copied, '"', '\\' and control characters
 * are escaped (\n, \t, \u00XX); a byte that is not part of valid UTF-8
 * (possible only in a path) is written as the characters \\xNN so the
 * output stays valid JSON and the byte stays recoverable.
 */
#include "report/out.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/cursor.h"
#include "core/utf8.h"

void
out_init(out *o, comscan_sink sink, void *ctx)
{
	o->sink = sink;
	o->ctx = ctx;
	o->err = 0;
	o->len = 0;
}

void
out_flush(out *o)
{
	if (o->err == 0 && o->len > 0)
		o->err = o->sink(o->ctx, o->buf, o->len);
	o->len = 0;
}

void
out_write(out *o, const char *s, size_t n)
{
	while (n > 0 && o->err == 0) {
		size_t room = sizeof o->buf - o->len, k = n < room ? n : room;
		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
		if (o->len == sizeof o->buf)
			out_flush(o);
	}
}

void
out_str(out *o, const char *s)
{
	out_write(o, s, strlen(s));
}

void
out_fmt(out *o, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		out_write(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Bytes written as they are: printable ASCII for a terminal, and inside
 * a JSON string also without '"' and '\\'.  Runs of them are found with
 * strspn (one uninstrumented library pass; a byte loop here cost a fuzzer
 * a comparison callback per byte of every message). */
static const char plain_text[] = CS_PRINTABLE_ASCII;
static const char plain_json[] = CS_PRINTABLE_NO_QUOTES;

/* The end of the run of bytes of set starting at s[i]. */
static size_t
plain_run(const char *s, size_t i, const char *set)
{
	return i + strspn(s + i, set);
}

/* Writes s for a terminal: valid UTF-8 other than control characters
 * as it is; C0 and C1 controls, DEL and bytes outside valid UTF-8 as \xNN
 * (of the byte, or of the C1 code point), so no input string can move the
 * cursor or send an escape sequence. */
void
out_text(out *o, const char *s)
{
	cs_cursor c;
	size_t i = 0, n = strlen(s), seq, run;
	char esc[8];
	cs_cur_init(&c, s, n);
	while (i < n) {
		run = plain_run(s, i, plain_text);
		if (run > i) {
			out_write(o, s + i, run - i);
			i = run;
			continue;
		}
		seq = (uint8_t)s[i] >= 0x80 ? cs_utf8_seq_at(&c, i) : 0;
		if (seq == 2 && (uint8_t)s[i] == 0xC2 && (uint8_t)s[i + 1] < 0xA0) {
			snprintf(esc, sizeof esc, "\\x%02x", (uint8_t)s[i + 1]); /* C1 control */
			out_write(o, esc, 4);
		} else if (seq != 0) {
			out_write(o, s + i, seq);
		} else {
			snprintf(esc, sizeof esc, "\\x%02x", (uint8_t)s[i]);
			out_write(o, esc, 4);
			seq = 1;
		}
		i += seq;
	}
}

/* Writes s as a JSON string literal. */
void
out_json_string(out *o, const char *s)
{
	cs_cursor c;
	size_t i = 0, n = strlen(s);
	cs_cur_init(&c, s, n);
	out_write(o, "\"", 1);
	while (i < n) {
		uint8_t b = (uint8_t)s[i];
		size_t seq, run = plain_run(s, i, plain_json);
		char esc[8];
		if (run > i) {
			out_write(o, s + i, run - i);
			i = run;
			continue;
		}
		if (b == '"' || b == '\\') {
			esc[0] = '\\', esc[1] = (char)b;
			out_write(o, esc, 2);
			i++;
		} else if (b == '\n') {
			out_write(o, "\\n", 2), i++;
		} else if (b == '\t') {
			out_write(o, "\\t", 2), i++;
		} else if (b == '\r') {
			out_write(o, "\\r", 2), i++;
		} else if (b < 0x20 || b == 0x7F) {
			snprintf(esc, sizeof esc, "\\u%04x", b);
			out_write(o, esc, 6), i++;
		} else if (b < 0x80) {
			out_write(o, s + i, 1), i++;
		} else if ((seq = cs_utf8_seq_at(&c, i)) != 0) {
			out_write(o, s + i, seq), i += seq;
		} else {
			snprintf(esc, sizeof esc, "\\\\x%02x", b); /* the 5 characters \\xNN */
			out_write(o, esc, 5), i++;
		}
	}
	out_write(o, "\"", 1);
}

