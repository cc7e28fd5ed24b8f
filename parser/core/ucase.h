/*
 * ucase.h - case-insensitive comparison of registry names (UTF-16 code
 * units), as the registry compares key and value names.
 *
 * Windows upper-cases with its NLS table (RtlUpcaseUnicodeChar); comscan
 * uses Unicode's simple upper-case mappings (core/ucase.c), which agree
 * with it for ASCII and Latin-1 and may differ in a few other characters.
 */
#ifndef COMSCAN_CORE_UCASE_H
#define COMSCAN_CORE_UCASE_H

#include <stddef.h>
#include <stdint.h>

/* Upper-case form of a unit from U+0080 up (core/ucase.c). */
uint16_t cs_upcase_table(uint16_t u);

/* Upper-case form of one code unit. */
static inline uint16_t
cs_upcase(uint16_t u)
{
	if (u < 0x80)
		return u >= 'a' && u <= 'z' ? (uint16_t)(u - 32) : u;
	return cs_upcase_table(u);
}

/* Three-way case-insensitive comparison of two unit strings. */
static inline int
cs_ucmp_ci(const uint16_t *a, size_t na, const uint16_t *b, size_t nb)
{
	size_t i, n = na < nb ? na : nb;
	for (i = 0; i < n; i++) {
		uint16_t x = cs_upcase(a[i]), y = cs_upcase(b[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return na < nb ? -1 : na > nb;
}

/* True when unit string a equals the ASCII string s, ignoring case. */
static inline int
cs_ueq_ascii_ci(const uint16_t *a, size_t na, const char *s)
{
	size_t i;
	for (i = 0; i < na; i++, s++)
		if (*s == '\0' || cs_upcase(a[i]) != cs_upcase((uint16_t)(unsigned char)*s))
			return 0;
	return *s == '\0';
}

/* ASCII case-insensitive order of two NUL-terminated strings (stream
 * names, ProgIDs, ThreadingModel values: ASCII by definition). */
static inline int
cs_ascii_icmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y || x == 0)
			return x - y;
	}
}

#endif /* COMSCAN_CORE_UCASE_H */
