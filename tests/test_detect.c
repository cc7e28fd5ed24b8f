/*
 * test_detect.c - kind detection by content (parser/scan/detect.c), the
 * scan.* findings (parser/scan/scan.c), argument and option checking of
 * the scanning entry points, and comscan_file_open and comscan_file_read
 * (parser/io/file.c).
 *
 * Each kind test asserts that comscan_detect_kind and the kind of a
 * comscan_scan_buffer report agree, then checks the finding that kind
 * raises.  Detection rules: detect.c header comment; ECMA-335 II.24.2.1
 * for "BSJB", II.25.2.1 for "MZ".
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "comscan/comscan.h"
#include "support/failalloc.h"

/* ---- helpers ------------------------------------------------------------------ */

/* A heap copy of exactly n bytes, so ASan sees any read past the input. */
static uint8_t *
copy_of(const void *p, size_t n)
{
	uint8_t *q = malloc(n ? n : 1);
	assert_non_null(q);
	if (n)
		memcpy(q, p, n);
	return q;
}

static void
dump(const comscan_findings *fs)
{
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		print_message("    %s (%s, %s): %s\n", f->code, comscan_class_name(f->cls),
		    comscan_severity_name(f->severity), f->message);
	}
}

/* Asserts comscan_detect_kind and comscan_scan_buffer both give kind for
 * the n bytes at p (scanned from an exact-size copy); returns the report. */
static comscan_report *
scan_kind(const void *p, size_t n, comscan_kind kind)
{
	uint8_t *q = copy_of(p, n);
	comscan_report *r = NULL;
	assert_int_equal(comscan_detect_kind(q, n), kind);
	assert_int_equal(comscan_scan_buffer(q, n, NULL, &r), COMSCAN_OK);
	assert_non_null(r);
	free(q); /* the report must not keep the input */
	if (comscan_report_kind(r) != kind) {
		dump(comscan_report_findings(r));
		fail_msg("report kind %s, expected %s", comscan_kind_name(comscan_report_kind(r)),
		    comscan_kind_name(kind));
	}
	return r;
}

/* The finding with code in r; fails unless it exists with class cls,
 * severity sev and, unless off is UINT64_MAX - 1, offset off. */
static const comscan_finding *
must_find(const comscan_report *r, const char *code, comscan_class cls, comscan_severity sev,
    uint64_t off)
{
	const comscan_findings *fs = comscan_report_findings(r);
	size_t i;
	for (i = 0; i < comscan_findings_count(fs); i++) {
		const comscan_finding *f = comscan_findings_at(fs, i);
		if (strcmp(f->code, code) != 0)
			continue;
		assert_int_equal(f->cls, cls);
		assert_int_equal(f->severity, sev);
		assert_ptr_equal(f->info, comscan_code_lookup(code));
		if (off != UINT64_MAX - 1)
			assert_int_equal(f->offset, off);
		assert_non_null(f->message);
		if (sev == COMSCAN_SEVERITY_ERROR)
			assert_int_equal(comscan_findings_verdict(fs), COMSCAN_VERDICT_CORRUPT);
		return f;
	}
	dump(fs);
	fail_msg("finding %s not raised", code);
	return NULL;
}

/* Scans a text input: kind text, one text-placeholder error at offset 0
 * whose message contains want (e.g. the quoted first line). */
static void
expect_text(const void *p, size_t n, const char *want)
{
	comscan_report *r = scan_kind(p, n, COMSCAN_KIND_TEXT);
	const comscan_finding *f = must_find(r, "scan.file.text-placeholder",
	    COMSCAN_CLASS_TEXT_PLACEHOLDER, COMSCAN_SEVERITY_ERROR, 0);
	char msg[768];
	assert_int_equal(comscan_findings_count(comscan_report_findings(r)), 1);
	snprintf(msg, sizeof msg, "%s", f->message);
	comscan_report_close(r);
	if (want != NULL && strstr(msg, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", msg, want);
}

/* Scans an unknown input: one unknown-signature error at offset 0 whose
 * message contains hex (the first bytes in hex). */
static void
expect_unknown(const void *p, size_t n, const char *hex)
{
	comscan_report *r = scan_kind(p, n, COMSCAN_KIND_UNKNOWN);
	const comscan_finding *f = must_find(r, "scan.file.unknown-signature",
	    COMSCAN_CLASS_BAD_SIGNATURE, COMSCAN_SEVERITY_ERROR, 0);
	char msg[768];
	assert_int_equal(comscan_findings_count(comscan_report_findings(r)), 1);
	snprintf(msg, sizeof msg, "%s", f->message);
	comscan_report_close(r);
	if (hex != NULL && strstr(msg, hex) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", msg, hex);
}

#define LIT(s) (s), (sizeof(s) - 1) /* a string literal's bytes without the NUL */

/* ---- empty ---------------------------------------------------------------------- */

/* Zero bytes are empty: one zero-byte-placeholder error with no offset. */
static void
test_empty(void **state)
{
	static const uint8_t one[1] = { 0 };
	comscan_report *r = NULL;
	const comscan_finding *f;
	(void)state;
	assert_int_equal(comscan_detect_kind(one, 0), COMSCAN_KIND_EMPTY);
	assert_int_equal(comscan_detect_kind(NULL, 0), COMSCAN_KIND_EMPTY);
	assert_int_equal(comscan_scan_buffer(one, 0, NULL, &r), COMSCAN_OK);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_EMPTY);
	f = must_find(r, "scan.file.zero-bytes", COMSCAN_CLASS_ZERO_BYTE_PLACEHOLDER,
	    COMSCAN_SEVERITY_ERROR, COMSCAN_NO_OFFSET);
	assert_int_equal(f->line, 0);
	assert_int_equal(comscan_findings_count(comscan_report_findings(r)), 1);
	assert_int_equal(comscan_findings_classes(comscan_report_findings(r)),
	    1u << COMSCAN_CLASS_ZERO_BYTE_PLACEHOLDER);
	comscan_report_close(r);
}

/* comscan_scan_buffer(NULL, 0) is allowed and reports an empty input. */
static void
test_scan_null_empty(void **state)
{
	comscan_report *r = NULL;
	(void)state;
	assert_int_equal(comscan_scan_buffer(NULL, 0, NULL, &r), COMSCAN_OK);
	assert_non_null(r);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_EMPTY);
	(void)must_find(r, "scan.file.zero-bytes", COMSCAN_CLASS_ZERO_BYTE_PLACEHOLDER,
	    COMSCAN_SEVERITY_ERROR, COMSCAN_NO_OFFSET);
	comscan_report_close(r);
}

/* ---- clb ------------------------------------------------------------------------ */

/* "BSJB" (II.24.2.1 storage signature) is a catalog, even with nothing after it. */
static void
test_bsjb(void **state)
{
	static const uint8_t bsjb[] = { 'B', 'S', 'J', 'B', 1, 0, 1, 0, 0, 0, 0, 0, 0xC, 0, 0, 0 };
	comscan_report *r;
	(void)state;
	r = scan_kind(bsjb, sizeof bsjb, COMSCAN_KIND_CLB);
	assert_int_equal(comscan_findings_verdict(comscan_report_findings(r)),
	    COMSCAN_VERDICT_CORRUPT);
	comscan_report_close(r);
	r = scan_kind(LIT("BSJB"), COMSCAN_KIND_CLB);
	(void)must_find(r, "clb.header.truncated", COMSCAN_CLASS_TRUNCATED, COMSCAN_SEVERITY_ERROR,
	    0);
	comscan_report_close(r);
}

/* "COM+" is a (legacy complib) catalog: legacy-complib error. */
static void
test_complus(void **state)
{
	comscan_report *r;
	(void)state;
	r = scan_kind(LIT("COM+\x01\x00\x00\x00 some more bytes"), COMSCAN_KIND_CLB);
	(void)must_find(r, "clb.signature.legacy-complib", COMSCAN_CLASS_LEGACY_FORMAT,
	    COMSCAN_SEVERITY_ERROR, 0);
	comscan_report_close(r);
}

/* "B", "BS", "BSJ": a catalog cut inside its signature (truncated header). */
static void
test_bsjb_prefixes(void **state)
{
	size_t n;
	(void)state;
	for (n = 1; n < 4; n++) {
		comscan_report *r = scan_kind("BSJB", n, COMSCAN_KIND_CLB);
		(void)must_find(r, "clb.header.truncated", COMSCAN_CLASS_TRUNCATED,
		    COMSCAN_SEVERITY_ERROR, 0);
		comscan_report_close(r);
	}
}

/* Two or three letters that merely start like "BSJB" but differ are text. */
static void
test_bsjb_lookalikes_are_text(void **state)
{
	(void)state;
	expect_text(LIT("BX"), "first line: \"BX\"");
	expect_text(LIT("BSX"), "first line: \"BSX\"");
	expect_text(LIT("BSjB"), "first line: \"BSjB\""); /* II.24.2.1: case matters */
}

/* ---- pe ------------------------------------------------------------------------- */

/* "MZ" alone is a PE image cut inside its DOS header (II.25.2.1). */
static void
test_mz_alone(void **state)
{
	comscan_report *r;
	(void)state;
	r = scan_kind(LIT("MZ"), COMSCAN_KIND_PE);
	(void)must_find(r, "pe.dos.truncated", COMSCAN_CLASS_TRUNCATED, COMSCAN_SEVERITY_ERROR, 0);
	comscan_report_close(r);
}

/* "M" alone is not a PE signature: it is one printable character of text. */
static void
test_m_alone(void **state)
{
	(void)state;
	expect_text(LIT("M"), "first line: \"M\"");
}

/* ---- text ----------------------------------------------------------------------- */

/* ASCII text with CRLF line ends: the message quotes line one only. */
static void
test_text_crlf(void **state)
{
	(void)state;
	expect_text(LIT("[Setup]\r\nkey=value\r\n"), "first line: \"[Setup]\"");
	expect_text(LIT("[Setup]\r\nkey=value\r\n"), "20 bytes of text");
}

/* ASCII text with LF line ends and tabs (a TAB is shown escaped). */
static void
test_text_lf_tabs(void **state)
{
	(void)state;
	expect_text(LIT("name\tvalue\nsecond\tline\n"), "first line: \"name\\x09value\"");
}

/* Text ending in the DOS end-of-file mark 0x1A (SUB) is still text. */
static void
test_text_trailing_sub(void **state)
{
	(void)state;
	expect_text(LIT("notes\r\n\r\n\x1A"), "first line: \"notes\"");
	expect_text(LIT("hello\x1A"), "first line: \"hello\\x1a\"");
}

/* Vertical tab and form feed are allowed control characters. */
static void
test_text_vt_ff(void **state)
{
	(void)state;
	expect_text(LIT("page one\fpage\vtwo"), NULL);
}

/* Windows-1252 text (bytes >= 0x80, as Notepad writes) is text; the
 * high bytes are shown escaped. */
static void
test_text_windows_1252(void **state)
{
	(void)state;
	expect_text(LIT("caf\xE9 cr\xE8me br\xFBl\xE9" "e\r\n\x80 5\r\n"),
	    "first line: \"caf\\xe9 cr\\xe8me br\\xfbl\\xe9e\"");
}

/* UTF-8 text with a BOM is text; the quoted line leaves the BOM out. */
static void
test_text_utf8_bom(void **state)
{
	(void)state;
	expect_text(LIT("\xEF\xBB\xBFhello w\xC3\xB6rld\r\nline 2\r\n"),
	    "first line: \"hello w\\xc3\\xb6rld\"");
	expect_text(LIT("\xEF\xBB\xBF" "abc"), "first line: \"abc\"");
}

/* A first line longer than the quote is cut and marked "...". */
static void
test_text_long_line_cut(void **state)
{
	char line[200];
	(void)state;
	memset(line, 'x', 100);
	memcpy(line + 100, "\r\n", 2);
	expect_text(line, 102, "xxxxxxxx...\"");
}

/* A first line of exactly 48 characters (the quote's capacity) is quoted
 * whole: nothing was cut, so no "..." may follow it. */
static void
test_text_line_exactly_quote_size(void **state)
{
	char line[64];
	char want[64];
	(void)state;
	memset(line, 'y', 48);
	memcpy(line + 48, "\r\n", 2);
	snprintf(want, sizeof want, "\"%.48s\"", line);
	expect_text(line, 50, want);
	expect_text(line, 48, want); /* the whole file is the one line */
}

/* UTF-16LE text after FF FE, with a surrogate pair (U+1F600) and CRLF. */
static void
test_text_utf16le(void **state)
{
	static const uint8_t u16[] = { 0xFF, 0xFE, 'h', 0, 'i', 0, ' ', 0, 0x3D, 0xD8, 0x00, 0xDE,
		0xE9, 0x00, 0x0D, 0, 0x0A, 0 };
	(void)state;
	expect_text(u16, sizeof u16, "UTF-16LE");
	expect_text(u16, 2, "UTF-16LE"); /* the BOM alone */
}

/* ---- unknown -------------------------------------------------------------------- */

/* UTF-16LE with an unpaired high surrogate (mid-text and final), a lone
 * low surrogate, or an odd byte count is not text. */
static void
test_utf16le_invalid(void **state)
{
	static const uint8_t high_mid[] = { 0xFF, 0xFE, 0x3D, 0xD8, 'A', 0 };
	static const uint8_t high_end[] = { 0xFF, 0xFE, 'A', 0, 0x3D, 0xD8 };
	static const uint8_t low_alone[] = { 0xFF, 0xFE, 0x00, 0xDE, 'A', 0 };
	static const uint8_t swapped[] = { 0xFF, 0xFE, 0x00, 0xDE, 0x3D, 0xD8 };
	static const uint8_t odd[] = { 0xFF, 0xFE, 'A', 0, 'B' };
	static const uint8_t control[] = { 0xFF, 0xFE, 'A', 0, 0x01, 0 };
	(void)state;
	expect_unknown(high_mid, sizeof high_mid, "ff fe 3d d8 41 00");
	expect_unknown(high_end, sizeof high_end, "ff fe 41 00 3d d8");
	expect_unknown(low_alone, sizeof low_alone, "ff fe 00 de");
	expect_unknown(swapped, sizeof swapped, "ff fe 00 de 3d d8");
	expect_unknown(odd, sizeof odd, "ff fe 41 00 42");
	expect_unknown(control, sizeof control, "ff fe 41 00 01 00");
}

/* Text with one NUL, 0x01 or 0x7F byte is binary: unknown, the first
 * bytes in hex. */
static void
test_binary_bytes(void **state)
{
	(void)state;
	expect_unknown(LIT("ab\x00" "cd"), "first bytes: 61 62 00 63 64");
	expect_unknown(LIT("ab\x01" "cd"), "first bytes: 61 62 01 63 64");
	expect_unknown(LIT("ab\x7F" "cd"), "first bytes: 61 62 7f 63 64");
	expect_unknown(LIT("\x00"), "first bytes: 00");
}

/* Only the first 8 bytes are shown in hex. */
static void
test_binary_hex_first_eight(void **state)
{
	comscan_report *r;
	const comscan_finding *f;
	(void)state;
	r = scan_kind(LIT("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09"), COMSCAN_KIND_UNKNOWN);
	f = must_find(r, "scan.file.unknown-signature", COMSCAN_CLASS_BAD_SIGNATURE,
	    COMSCAN_SEVERITY_ERROR, 0);
	assert_non_null(strstr(f->message, "10 bytes"));
	assert_non_null(strstr(f->message, "first bytes: 00 01 02 03 04 05 06 07"));
	assert_null(strstr(f->message, "07 08"));
	comscan_report_close(r);
}

/* An ELF header (7F 'E' 'L' 'F') is none of the known formats. */
static void
test_elf(void **state)
{
	uint8_t elf[64];
	(void)state;
	memset(elf, 0, sizeof elf);
	memcpy(elf, "\x7F" "ELF\x02\x01\x01\x00", 8);
	expect_unknown(elf, sizeof elf, "first bytes: 7f 45 4c 46 02 01 01 00");
}

/* ---- argument and option checking ----------------------------------------------- */

/* comscan_scan_buffer(NULL, 5) is misuse: INVALID and *out NULL;
 * comscan_detect_kind(NULL, 5) reads nothing and says unknown. */
static void
test_scan_null_data(void **state)
{
	comscan_report *r = (comscan_report *)&r; /* any non-NULL value */
	comscan_clb *clb = (comscan_clb *)&clb;
	(void)state;
	assert_int_equal(comscan_detect_kind(NULL, 5), COMSCAN_KIND_UNKNOWN);
	assert_int_equal(comscan_scan_buffer(NULL, 5, NULL, &r), COMSCAN_ERR_INVALID);
	assert_null(r);
	assert_int_equal(comscan_clb_open(NULL, 5, NULL, &clb), COMSCAN_ERR_INVALID);
	assert_null(clb);
}

/* out == NULL is misuse. */
static void
test_scan_null_out(void **state)
{
	(void)state;
	assert_int_equal(comscan_scan_buffer("MZ", 2, NULL, NULL), COMSCAN_ERR_INVALID);
	assert_int_equal(comscan_scan_buffer(NULL, 0, NULL, NULL), COMSCAN_ERR_INVALID);
	assert_int_equal(comscan_clb_open("BSJB", 4, NULL, NULL), COMSCAN_ERR_INVALID);
}

/* Scans "MZ" with o through both entry points; both must return INVALID
 * and set *out to NULL. */
static void
expect_invalid_options(const comscan_options *o)
{
	comscan_report *r = (comscan_report *)&r;
	comscan_clb *clb = (comscan_clb *)&clb;
	assert_int_equal(comscan_scan_buffer("MZ", 2, o, &r), COMSCAN_ERR_INVALID);
	assert_null(r);
	assert_int_equal(comscan_clb_open("MZ", 2, o, &clb), COMSCAN_ERR_INVALID);
	assert_null(clb);
}

/* flags != 0, max_findings == 0 and an allocator missing any function are
 * rejected; a complete allocator and the defaults are accepted. */
static void
test_bad_options(void **state)
{
	comscan_options o;
	failalloc fa;
	comscan_allocator a;
	comscan_report *r = NULL;
	(void)state;
	failalloc_init(&fa, FAILALLOC_NEVER);
	a = fa.a;
	comscan_options_init(&o);
	o.flags = 0x40000000u; /* no such flag */
	expect_invalid_options(&o);
	comscan_options_init(&o);
	o.flags = 0x80000000u;
	expect_invalid_options(&o);
	comscan_options_init(&o);
	o.limits.max_findings = 0;
	expect_invalid_options(&o);
	comscan_options_init(&o);
	o.allocator = &a;
	a.malloc_fn = NULL;
	expect_invalid_options(&o);
	a.malloc_fn = fa.a.malloc_fn, a.realloc_fn = NULL;
	expect_invalid_options(&o);
	a.realloc_fn = fa.a.realloc_fn, a.free_fn = NULL;
	expect_invalid_options(&o);
	a.free_fn = fa.a.free_fn;
	assert_int_equal(comscan_scan_buffer("MZ", 2, &o, &r), COMSCAN_OK);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_PE);
	comscan_report_close(r);
	assert_true(fa.calls > 0);
	assert_int_equal(fa.nlive, 0);
	assert_int_equal(fa.misuse, 0);
	failalloc_fini(&fa);
}

/* comscan_options_init gives the documented defaults. */
static void
test_options_defaults(void **state)
{
	comscan_options o;
	(void)state;
	memset(&o, 0xAB, sizeof o);
	comscan_options_init(&o);
	assert_null(o.allocator);
	assert_int_equal(o.flags, 0);
	assert_int_equal(o.limits.max_findings, COMSCAN_DEFAULT_MAX_FINDINGS);
	assert_int_equal(o.limits.max_streams, COMSCAN_DEFAULT_MAX_STREAMS);
	assert_int_equal(o.limits.max_pe_sections, COMSCAN_DEFAULT_MAX_PE_SECTIONS);
	assert_int_equal(o.limits.max_table_rows, COMSCAN_DEFAULT_MAX_TABLE_ROWS);
}

/* Every *_close(NULL) is a no-op. */
static void
test_close_null(void **state)
{
	(void)state;
	comscan_report_close(NULL);
	comscan_clb_close(NULL);
	comscan_file_close(NULL);
	assert_int_equal(comscan_report_kind(NULL), COMSCAN_KIND_UNKNOWN);
	assert_null(comscan_report_findings(NULL));
}

/* ---- files ---------------------------------------------------------------------- */

/* Writes n bytes to a new temporary file; returns its path in buf. */
static void
make_temp(char *buf, size_t cap, const void *p, size_t n)
{
	int fd;
	assert_true(cap > sizeof "/tmp/comscan-test-XXXXXX");
	strcpy(buf, "/tmp/comscan-test-XXXXXX");
	fd = mkstemp(buf);
	assert_true(fd >= 0);
	if (n)
		assert_int_equal(write(fd, p, n), (ssize_t)n);
	assert_int_equal(close(fd), 0);
}

/* A regular file maps to exactly its bytes, and scans like the buffer. */
static void
test_file_open_regular(void **state)
{
	static const char text[] = "MZ\x90\x00 not really an image\r\n";
	char path[64];
	comscan_file *f = NULL;
	comscan_report *r = NULL;
	(void)state;
	make_temp(path, sizeof path, text, sizeof text - 1);
	assert_int_equal(comscan_file_open(path, NULL, &f), COMSCAN_OK);
	assert_non_null(f);
	assert_int_equal(comscan_file_size(f), sizeof text - 1);
	assert_non_null(comscan_file_data(f));
	assert_memory_equal(comscan_file_data(f), text, sizeof text - 1);
	assert_int_equal(comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), NULL, &r),
	    COMSCAN_OK);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_PE);
	comscan_report_close(r);
	comscan_file_close(f);
	assert_int_equal(unlink(path), 0);
}

/* A file opened with a caller allocator maps the same bytes. */
static void
test_file_open_allocator(void **state)
{
	static const uint8_t bytes[] = { 'B', 'S', 'J', 'B', 0, 1, 2, 3 };
	failalloc fa;
	char path[64];
	comscan_file *f = NULL;
	(void)state;
	failalloc_init(&fa, FAILALLOC_NEVER);
	make_temp(path, sizeof path, bytes, sizeof bytes);
	assert_int_equal(comscan_file_open(path, &fa.a, &f), COMSCAN_OK);
	assert_int_equal(comscan_file_size(f), sizeof bytes);
	assert_memory_equal(comscan_file_data(f), bytes, sizeof bytes);
	comscan_file_close(f);
	assert_int_equal(fa.calls, 1);
	assert_int_equal(fa.nlive, 0);
	failalloc_fini(&fa);
	assert_int_equal(unlink(path), 0);
}

/* An empty file maps to data NULL and size 0, and scans as empty. */
static void
test_file_open_empty(void **state)
{
	char path[64];
	comscan_file *f = NULL;
	comscan_report *r = NULL;
	(void)state;
	make_temp(path, sizeof path, NULL, 0);
	assert_int_equal(comscan_file_open(path, NULL, &f), COMSCAN_OK);
	assert_non_null(f);
	assert_null(comscan_file_data(f));
	assert_int_equal(comscan_file_size(f), 0);
	assert_int_equal(comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), NULL, &r),
	    COMSCAN_OK);
	assert_int_equal(comscan_report_kind(r), COMSCAN_KIND_EMPTY);
	comscan_report_close(r);
	comscan_file_close(f);
	assert_int_equal(unlink(path), 0);
}

/* A directory and a character device are not regular files: NOT_FILE,
 * *out NULL. */
static void
test_file_open_not_file(void **state)
{
	comscan_file *f = (comscan_file *)&f;
	(void)state;
	assert_int_equal(comscan_file_open("/tmp", NULL, &f), COMSCAN_ERR_NOT_FILE);
	assert_null(f);
	assert_int_equal(errno, EISDIR);
	f = (comscan_file *)&f;
	assert_int_equal(comscan_file_open("/dev/null", NULL, &f), COMSCAN_ERR_NOT_FILE);
	assert_null(f);
}

/* A missing path is an I/O error with errno ENOENT and *out NULL. */
static void
test_file_open_missing(void **state)
{
	comscan_file *f = (comscan_file *)&f;
	(void)state;
	assert_int_equal(comscan_file_open("/tmp/comscan-test-does-not-exist/x.clb", NULL, &f),
	    COMSCAN_ERR_IO);
	assert_null(f);
	assert_int_equal(errno, ENOENT);
}

/* A stream of n bytes (written to a pipe by a child) read whole: the same
 * bytes, with every allocation through the caller's allocator; each
 * allocation failing in turn gives NOMEM, *out NULL and no leak. */
static void
test_file_read_stream(void **state)
{
	static uint8_t bytes[200000];
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof bytes; i++)
		bytes[i] = (uint8_t)(i * 7 + 3);
	for (k = 0;; k++) {
		failalloc fa;
		comscan_file *f = (comscan_file *)&f;
		comscan_status st;
		int fds[2];
		pid_t pid;
		assert_int_equal(pipe(fds), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			size_t off = 0;
			close(fds[0]);
			while (off < sizeof bytes) {
				ssize_t n = write(fds[1], bytes + off, sizeof bytes - off);
				if (n <= 0)
					_exit(1);
				off += (size_t)n;
			}
			_exit(0);
		}
		close(fds[1]);
		failalloc_init(&fa, k);
		st = comscan_file_read(fds[0], 0, &fa.a, &f);
		close(fds[0]);
		waitpid(pid, NULL, 0);
		if (fa.failed) {
			assert_int_equal(st, COMSCAN_ERR_NOMEM);
			assert_null(f);
		} else {
			assert_int_equal(st, COMSCAN_OK);
			assert_int_equal(comscan_file_size(f), sizeof bytes);
			assert_memory_equal(comscan_file_data(f), bytes, sizeof bytes);
			comscan_file_close(f);
		}
		assert_int_equal(fa.nlive, 0);
		assert_int_equal(fa.misuse, 0);
		failalloc_fini(&fa);
		if (!fa.failed)
			break;
	}
	assert_true(k >= 3); /* the handle and at least two growths */
}

/* A regular file given as the descriptor (a shell's < redirection) is
 * mapped, not copied: no allocation beyond the handle. */
static void
test_file_read_regular(void **state)
{
	static const uint8_t bytes[] = { 'B', 'S', 'J', 'B', 9, 8, 7 };
	failalloc fa;
	char path[64];
	comscan_file *f = NULL;
	int fd;
	(void)state;
	make_temp(path, sizeof path, bytes, sizeof bytes);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	failalloc_init(&fa, FAILALLOC_NEVER);
	assert_int_equal(comscan_file_read(fd, 0, &fa.a, &f), COMSCAN_OK);
	assert_int_equal(fa.calls, 1);
	assert_int_equal(comscan_file_size(f), sizeof bytes);
	assert_memory_equal(comscan_file_data(f), bytes, sizeof bytes);
	comscan_file_close(f);
	assert_int_equal(comscan_file_read(fd, 3, NULL, &f), COMSCAN_ERR_TOO_LARGE);
	assert_null(f);
	assert_int_equal(fa.nlive, 0);
	failalloc_fini(&fa);
	close(fd);
	assert_int_equal(unlink(path), 0);
}

/* An empty stream reads as size 0; a bad descriptor is an I/O error; a
 * negative one or NULL out is misuse; max_size is enforced exactly. */
static void
test_file_read_edges(void **state)
{
	comscan_file *f = (comscan_file *)&f;
	int fds[2];
	(void)state;
	assert_int_equal(pipe(fds), 0);
	close(fds[1]);
	assert_int_equal(comscan_file_read(fds[0], 0, NULL, &f), COMSCAN_OK);
	assert_int_equal(comscan_file_size(f), 0);
	comscan_file_close(f);
	close(fds[0]);
	f = (comscan_file *)&f;
	assert_int_equal(comscan_file_read(fds[0], 0, NULL, &f), COMSCAN_ERR_IO);
	assert_null(f);
	assert_int_equal(errno, EBADF);
	f = (comscan_file *)&f;
	assert_int_equal(comscan_file_read(-1, 0, NULL, &f), COMSCAN_ERR_INVALID);
	assert_null(f);
	assert_int_equal(comscan_file_read(0, 0, NULL, NULL), COMSCAN_ERR_INVALID);
	/* more than max_size bytes from a stream: TOO_LARGE; exactly max_size: OK */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "0123456789", 10), 10);
	close(fds[1]);
	f = (comscan_file *)&f;
	assert_int_equal(comscan_file_read(fds[0], 9, NULL, &f), COMSCAN_ERR_TOO_LARGE);
	assert_null(f);
	close(fds[0]);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "0123456789", 10), 10);
	close(fds[1]);
	assert_int_equal(comscan_file_read(fds[0], 10, NULL, &f), COMSCAN_OK);
	assert_int_equal(comscan_file_size(f), 10);
	comscan_file_close(f);
	close(fds[0]);
}

/* NULL path or NULL out is misuse. */
static void
test_file_open_misuse(void **state)
{
	comscan_file *f = (comscan_file *)&f;
	(void)state;
	assert_int_equal(comscan_file_open(NULL, NULL, &f), COMSCAN_ERR_INVALID);
	assert_null(f);
	assert_int_equal(comscan_file_open("/tmp", NULL, NULL), COMSCAN_ERR_INVALID);
	assert_null(comscan_file_data(NULL));
	assert_int_equal(comscan_file_size(NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_scan_null_empty),
		cmocka_unit_test(test_bsjb),
		cmocka_unit_test(test_complus),
		cmocka_unit_test(test_bsjb_prefixes),
		cmocka_unit_test(test_bsjb_lookalikes_are_text),
		cmocka_unit_test(test_mz_alone),
		cmocka_unit_test(test_m_alone),
		cmocka_unit_test(test_text_crlf),
		cmocka_unit_test(test_text_lf_tabs),
		cmocka_unit_test(test_text_trailing_sub),
		cmocka_unit_test(test_text_vt_ff),
		cmocka_unit_test(test_text_windows_1252),
		cmocka_unit_test(test_text_utf8_bom),
		cmocka_unit_test(test_text_long_line_cut),
		cmocka_unit_test(test_text_line_exactly_quote_size),
		cmocka_unit_test(test_text_utf16le),
		cmocka_unit_test(test_utf16le_invalid),
		cmocka_unit_test(test_binary_bytes),
		cmocka_unit_test(test_binary_hex_first_eight),
		cmocka_unit_test(test_elf),
		cmocka_unit_test(test_scan_null_data),
		cmocka_unit_test(test_scan_null_out),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_options_defaults),
		cmocka_unit_test(test_close_null),
		cmocka_unit_test(test_file_open_regular),
		cmocka_unit_test(test_file_open_allocator),
		cmocka_unit_test(test_file_open_empty),
		cmocka_unit_test(test_file_open_not_file),
		cmocka_unit_test(test_file_open_missing),
		cmocka_unit_test(test_file_open_misuse),
		cmocka_unit_test(test_file_read_stream),
		cmocka_unit_test(test_file_read_edges),
		cmocka_unit_test(test_file_read_regular),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
