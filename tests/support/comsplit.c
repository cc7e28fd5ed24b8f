/*
 * comsplit.c - see comsplit.h.
 */
#include <string.h>

#include "support/comsplit.h"

size_t
comsplit(const uint8_t *data, size_t size, comscan_com_input in[COMSPLIT_MAX])
{
	static const char *const names[COMSPLIT_MAX] = { "a.reg", "b.reg", "c.reg", "d.reg" };
	const size_t mlen = sizeof COMSPLIT_MARKER - 1;
	size_t n = 0, start = 0, i = 0;
	while (n + 1 < COMSPLIT_MAX && i < size && mlen <= size - i) {
		if (memcmp(data + i, COMSPLIT_MARKER, mlen) != 0) {
			i++;
			continue;
		}
		in[n].data = data + start, in[n].size = i - start, in[n].name = names[n];
		n++;
		start = i += mlen;
	}
	in[n].data = data + start, in[n].size = size - start, in[n].name = names[n];
	return n + 1;
}
