/*
 * test_regtext_hex.c - string-typed hex values (hex(1), hex(2), hex(7)) in
 * the shapes that crash Wine's importer (regtext.md 1.8, Q23): no crash,
 * no sanitizer report, and the exact bytes the registry would hold, for
 * 0 to 3 bytes and for every length up to 64, in 8-bit REGEDIT4, 8-bit
 * 5.00 and UTF-16 files, in both modes.
 *
 * The expected bytes come from a model written here from the rules of
 * regtext.md 1.7.4 and section 2 and the text of regtext.hex.string-encoding:
 *   UTF-16 file: the bytes as they are; one NUL unit appended when the
 *     length is even, non-zero and the last unit is not NUL;
 *   8-bit REGEDIT4: each byte is a Windows-1252 character widened to UTF-16,
 *     one NUL appended when the last byte is not 0;
 *   8-bit 5.00: an even-length payload with a 00 at an odd position is
 *     UTF-16 (first rule), anything else code-page text (second rule).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comscan/comscan.h"
#include "support/regtext_build.h"

#define KEYA "[HKEY_CURRENT_USER\\a]\r\n"
#define F(code, line, col) { "regtext." code, line, col }
#define EXP(...) ((const rtb_exp[]){ __VA_ARGS__, { NULL, 0, 0 } })
#define NONE ((const rtb_exp[]){ { NULL, 0, 0 } })

enum enc { ENC_V4, ENC_V5, ENC_U16_V5, ENC_U16_V4 };
static const char *const enc_names[] = { "8-bit REGEDIT4", "8-bit 5.00", "UTF-16 5.00",
	"UTF-16 REGEDIT4" };

/* The input: header, key line, "a"=hex(type):payload on line 3. */
static rtb_bytes
make_input(enum enc e, unsigned type, const char *payload)
{
	char text[4096];
	int n = snprintf(text, sizeof text, "%s" KEYA "\"a\"=hex(%x):%s\r\n",
	    e == ENC_V4 || e == ENC_U16_V4 ? "REGEDIT4\r\n" : "Windows Registry Editor Version 5.00\r\n",
	    type, payload);
	assert_true(n > 0 && (size_t)n < sizeof text);
	if (e == ENC_U16_V5 || e == ENC_U16_V4)
		return rtb_utf16(text, (size_t)n, false, true);
	return rtb_copy(text, (size_t)n);
}

/* Opens the input in mode flags and returns value a's data; asserts its type. */
static uint8_t *
stored(const rtb_bytes *in, uint32_t flags, unsigned type, size_t *size, comscan_registry **out)
{
	comscan_registry *reg = rtb_open(in->p, in->n, flags, NULL);
	uint32_t t = 0;
	uint8_t *d = rtb_value(reg, "HKEY_CURRENT_USER\\a", "a", &t, size, NULL);
	assert_non_null(d);
	assert_int_equal(t, type);
	*out = reg;
	return d;
}

static void
assert_bytes(const char *what, const uint8_t *got, size_t n, const uint8_t *want, size_t m)
{
	size_t i;
	if (n == m && (n == 0 || memcmp(got, want, n) == 0))
		return;
	print_message("%s: got", what);
	for (i = 0; i < n; i++)
		print_message(" %02x", got[i]);
	print_message(", want");
	for (i = 0; i < m; i++)
		print_message(" %02x", want[i]);
	print_message("\n");
	fail_msg("%s: stored bytes differ", what);
}

/* One shape: payload (hex list text) in encoding e gives want (hex digits)
 * with the findings exp, in both modes, for types 1, 2 and 7. */
static void
shape(enum enc e, const char *payload, const char *want_hex, const rtb_exp *exp)
{
	static const unsigned types[] = { 1, 2, 7 };
	uint8_t want[64];
	size_t m = strlen(want_hex) / 2, i, k;
	for (i = 0; i < m; i++) {
		unsigned b;
		assert_int_equal(sscanf(want_hex + 2 * i, "%2x", &b), 1);
		want[i] = (uint8_t)b;
	}
	for (k = 0; k < 3; k++) {
		rtb_bytes in = make_input(e, types[k], payload);
		uint32_t flags;
		for (flags = 0; flags <= COMSCAN_FLAG_REG_COMPAT; flags += COMSCAN_FLAG_REG_COMPAT) {
			char what[160];
			comscan_registry *reg;
			size_t n;
			uint8_t *d;
			snprintf(what, sizeof what, "%s hex(%u):%s %s", enc_names[e], types[k], payload,
			    flags ? "compat" : "strict");
			d = stored(&in, flags, types[k], &n, &reg);
			rtb_check_findings(what, comscan_registry_findings(reg), flags, exp);
			comscan_registry_close(reg);
			assert_bytes(what, d, n, want, m);
			free(d);
			rtb_run(what, in.p, in.n, flags, NULL, exp, NULL); /* scan agrees */
		}
		rtb_free(&in);
	}
}

/* 1.8: 8-bit "a"=hex(2):41 (and hex(1), hex(7)) overflowed Wine's buffer by
 * one byte; here: widened to "A" plus one NUL unit */
static void
test_crash_8bit_one_byte(void **state)
{
	(void)state;
	shape(ENC_V4, "41", "41000000", EXP(F("hex.unterminated-string", 3, 1)));
	shape(ENC_V5, "41", "41000000",
	    EXP(F("hex.string-encoding", 3, 1), F("hex.unterminated-string", 3, 1)));
}

/* 1.8: UTF-16 "a"=hex(2):41,00 overflowed Wine's buffer by two bytes; here:
 * kept, one NUL unit appended */
static void
test_crash_utf16_unterminated(void **state)
{
	(void)state;
	shape(ENC_U16_V5, "41,00", "41000000", EXP(F("hex.unterminated-string", 3, 1)));
	shape(ENC_U16_V4, "41,00", "41000000", EXP(F("hex.unterminated-string", 3, 1)));
}

/* 1.8: UTF-16 odd-length "a"=hex(2):41 made Wine read far out of bounds;
 * here: kept as the one byte, reported */
static void
test_crash_utf16_odd(void **state)
{
	(void)state;
	shape(ENC_U16_V5, "41", "41", EXP(F("hex.odd-length", 3, 1)));
	shape(ENC_U16_V4, "41", "41", EXP(F("hex.odd-length", 3, 1)));
}

/* Q23: 0, 1, 2 and 3 bytes in 8-bit REGEDIT4 files */
static void
test_lengths_8bit_regedit4(void **state)
{
	(void)state;
	shape(ENC_V4, "", "", NONE);
	shape(ENC_V4, "41", "41000000", EXP(F("hex.unterminated-string", 3, 1)));
	shape(ENC_V4, "00", "0000", NONE);
	shape(ENC_V4, "41,00", "41000000", NONE);
	shape(ENC_V4, "00,41", "000041000000", EXP(F("hex.unterminated-string", 3, 1)));
	shape(ENC_V4, "41,42,43", "4100420043000000", EXP(F("hex.unterminated-string", 3, 1)));
	shape(ENC_V4, "41,42,00", "410042000000", NONE);
}

/* Q23: 0, 1, 2 and 3 bytes in 8-bit 5.00 files (regtext.hex.string-encoding) */
static void
test_lengths_8bit_v5(void **state)
{
	(void)state;
	shape(ENC_V5, "", "", NONE);
	shape(ENC_V5, "41", "41000000",
	    EXP(F("hex.string-encoding", 3, 1), F("hex.unterminated-string", 3, 1)));
	shape(ENC_V5, "00", "0000", EXP(F("hex.string-encoding", 3, 1)));
	shape(ENC_V5, "41,00", "41000000",
	    EXP(F("hex.string-encoding", 3, 1), F("hex.unterminated-string", 3, 1)));
	shape(ENC_V5, "00,00", "0000", EXP(F("hex.string-encoding", 3, 1)));
	shape(ENC_V5, "00,41", "000041000000",
	    EXP(F("hex.string-encoding", 3, 1), F("hex.unterminated-string", 3, 1)));
	shape(ENC_V5, "41,42,43", "4100420043000000",
	    EXP(F("hex.string-encoding", 3, 1), F("hex.unterminated-string", 3, 1)));
	shape(ENC_V5, "41,00,00", "410000000000", EXP(F("hex.string-encoding", 3, 1)));
}

/* Q23: 0, 1, 2 and 3 bytes in UTF-16 files */
static void
test_lengths_utf16(void **state)
{
	(void)state;
	shape(ENC_U16_V5, "", "", NONE);
	shape(ENC_U16_V5, "41", "41", EXP(F("hex.odd-length", 3, 1)));
	shape(ENC_U16_V5, "00", "00", EXP(F("hex.odd-length", 3, 1)));
	shape(ENC_U16_V5, "41,00", "41000000", EXP(F("hex.unterminated-string", 3, 1)));
	shape(ENC_U16_V5, "00,00", "0000", NONE);
	shape(ENC_U16_V5, "41,42,43", "414243", EXP(F("hex.odd-length", 3, 1)));
	shape(ENC_U16_V5, "41,00,00", "410000", EXP(F("hex.odd-length", 3, 1)));
	shape(ENC_U16_V5, "00,d8", "00d80000",
	    EXP(F("hex.invalid-utf16", 3, 1), F("hex.unterminated-string", 3, 1)));
	shape(ENC_U16_V5, "00,d8,00", "00d800", EXP(F("hex.odd-length", 3, 1)));
}

/* ---- every length up to 64, random bytes, against the model ------------------------- */

static uint32_t
next_rand(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* Windows-1252 0x80-0x9F (undefined bytes as C1 controls, as
 * MultiByteToWideChar gives them). */
static uint16_t
cp1252(uint8_t b)
{
	static const uint16_t high[32] = {
		0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
		0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
		0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
	};
	return b >= 0x80 && b < 0xA0 ? high[b - 0x80] : b;
}

/* The model of the header comment: the stored bytes for payload p[n]. */
static size_t
model(enum enc e, const uint8_t *p, size_t n, uint8_t *out)
{
	size_t k, m = 0;
	bool utf16 = e == ENC_U16_V5 || e == ENC_U16_V4;
	if (e == ENC_V5 && n % 2 == 0)
		for (k = 1; k < n; k += 2)
			if (p[k] == 0)
				utf16 = true;
	if (utf16) {
		memcpy(out, p, n);
		m = n;
		if (n > 0 && n % 2 == 0 && (p[n - 2] != 0 || p[n - 1] != 0))
			out[m++] = 0, out[m++] = 0;
		return m;
	}
	for (k = 0; k < n; k++) {
		uint16_t u = cp1252(p[k]);
		out[m++] = (uint8_t)u;
		out[m++] = (uint8_t)(u >> 8);
	}
	if (n > 0 && p[n - 1] != 0)
		out[m++] = 0, out[m++] = 0;
	return m;
}

/* Q23, 1.7.4: random string-typed payloads of 0 to 64 bytes (biased towards
 * 00 and surrogate bytes) in every encoding and mode store exactly what the
 * model says; findings are only the string-hex notes and warnings */
static void
test_random_payloads(void **state)
{
	static const unsigned types[] = { 1, 2, 7 };
	uint32_t seed = 0x2545F491u;
	size_t len, k, e, t;
	(void)state;
	for (len = 0; len <= 64; len++) {
		for (e = ENC_V4; e <= ENC_U16_V4; e++) {
			for (t = 0; t < 3; t++) {
				uint8_t p[64], want[160];
				char payload[64 * 3 + 1] = "";
				size_t m, n, i, o = 0;
				rtb_bytes in;
				for (k = 0; k < len; k++) {
					uint32_t r = next_rand(&seed);
					p[k] = (uint8_t)(r % 4 == 0 ? 0 : r % 4 == 1 ? 0xD8 + (r >> 8) % 8 : r >> 16);
					o += (size_t)snprintf(payload + o, sizeof payload - o, "%s%02x", k ? "," : "",
					    p[k]);
				}
				m = model((enum enc)e, p, len, want);
				in = make_input((enum enc)e, types[t], payload);
				for (i = 0; i < 2; i++) {
					uint32_t flags = i ? COMSCAN_FLAG_REG_COMPAT : 0;
					comscan_registry *reg;
					const comscan_findings *fs;
					uint8_t *d = stored(&in, flags, types[t], &n, &reg);
					char what[96];
					snprintf(what, sizeof what, "%s hex(%u) len %zu", enc_names[e], types[t], len);
					fs = comscan_registry_findings(reg);
					for (k = 0; k < comscan_findings_count(fs); k++) {
						const char *c = comscan_findings_at(fs, k)->code;
						if (strcmp(c, "regtext.hex.string-encoding") != 0 &&
						    strcmp(c, "regtext.hex.unterminated-string") != 0 &&
						    strcmp(c, "regtext.hex.odd-length") != 0 &&
						    strcmp(c, "regtext.hex.invalid-utf16") != 0)
							fail_msg("%s: unexpected finding %s", what, c);
					}
					comscan_registry_close(reg);
					assert_bytes(what, d, n, want, m);
					free(d);
				}
				rtb_free(&in);
			}
		}
	}
}

/* 1.7.3 with 1.8: a crash shape split over continuation lines and comments
 * stores the same bytes as on one line (positions: test_regtext.c) */
static void
test_crash_shape_continued(void **state)
{
	static const char t[] = "REGEDIT4\r\n" KEYA "\"a\"=hex(2):\\\r\n  ;c\r\n  41\r\n"
				"\"b\"=hex(7):41,\\\r\n\r\n  42,\\\r\n  43\r\n";
	uint32_t flags;
	(void)state;
	for (flags = 0; flags <= COMSCAN_FLAG_REG_COMPAT; flags += COMSCAN_FLAG_REG_COMPAT) {
		comscan_registry *reg = rtb_open(t, sizeof t - 1, flags, NULL);
		const comscan_findings *fs = comscan_registry_findings(reg);
		size_t n = comscan_findings_count(fs);
		char *d = rtb_dump(reg);
		const char *c0 = n > 0 ? comscan_findings_at(fs, 0)->code : "";
		const char *c1 = n > 1 ? comscan_findings_at(fs, 1)->code : "";
		comscan_registry_close(reg);
		assert_string_equal(d, "K HKEY_CURRENT_USER\nK HKEY_CURRENT_USER\\a\n"
				       "V HKEY_CURRENT_USER\\a|a|2|\"A\"\n"
				       "V HKEY_CURRENT_USER\\a|b|7|4100420043000000\n");
		free(d);
		assert_int_equal(n, 2);
		assert_string_equal(c0, "regtext.hex.unterminated-string");
		assert_string_equal(c1, "regtext.hex.unterminated-string");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crash_8bit_one_byte),
		cmocka_unit_test(test_crash_utf16_unterminated),
		cmocka_unit_test(test_crash_utf16_odd),
		cmocka_unit_test(test_lengths_8bit_regedit4),
		cmocka_unit_test(test_lengths_8bit_v5),
		cmocka_unit_test(test_lengths_utf16),
		cmocka_unit_test(test_random_payloads),
		cmocka_unit_test(test_crash_shape_continued),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
