/*
 * guid.h - the braced GUID string form COM uses for registry keys and
 * values: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, 38 characters, hex
 * digits of either case (StringFromGUID2 writes upper case; COM opens
 * keys by that canonical string, so braces and length matter).
 */
#ifndef COMSCAN_CORE_GUID_H
#define COMSCAN_CORE_GUID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CS_GUID_LEN 38

/* True when unit i of a 38-unit GUID string is a hyphen position. */
static inline bool
cs_guid_dash(size_t i)
{
	return i == 9 || i == 14 || i == 19 || i == 24;
}

/* Parses n UTF-16 units as a braced GUID; on success writes the upper-case
 * form and a NUL to out (39 bytes). */
static inline bool
cs_guid_parse_u16(const uint16_t *u, size_t n, char out[CS_GUID_LEN + 1])
{
	size_t i;
	if (n != CS_GUID_LEN || u[0] != '{' || u[CS_GUID_LEN - 1] != '}')
		return false;
	for (i = 1; i < CS_GUID_LEN - 1; i++) {
		uint16_t c = u[i];
		if (cs_guid_dash(i)) {
			if (c != '-')
				return false;
		} else if (c >= 'a' && c <= 'f') {
			c = (uint16_t)(c - 32);
		} else if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
			return false;
		}
		out[i] = (char)c;
	}
	out[0] = '{';
	out[CS_GUID_LEN - 1] = '}';
	out[CS_GUID_LEN] = '\0';
	return true;
}

/* The same for a NUL-terminated ASCII string. */
static inline bool
cs_guid_parse_str(const char *s, char out[CS_GUID_LEN + 1])
{
	uint16_t u[CS_GUID_LEN];
	size_t n;
	for (n = 0; n < CS_GUID_LEN && s[n]; n++)
		u[n] = (unsigned char)s[n];
	return s[n] == '\0' && cs_guid_parse_u16(u, n, out);
}

#endif /* COMSCAN_CORE_GUID_H */
