/*
 * comsplit.c - see comsplit.h.
 */
#include <string.h>

#include "support/comsplit.h"

/* The marker starts at data[i] (mlen <= size - i). */
static int
marker_at(const uint8_t *data, size_t i, size_t mlen)
{
	size_t k;
	for (k = 0; k < mlen; k++)
		if (data[i + k] != (uint8_t)COMSPLIT_MARKER[k])
			return 0;
	return 1;
}

size_t
comsplit(const uint8_t *data, size_t size, comscan_com_input in[COMSPLIT_MAX])
{
	static const char *const names[COMSPLIT_MAX] = { "a.reg", "b.reg", "c.reg", "d.reg" };
	const size_t mlen = sizeof COMSPLIT_MARKER - 1;
	size_t n = 0, start = 0, i = 0;
	/* each candidate starts at a line feed (memchr), compared by hand: a
	 * memcmp per byte would be one libFuzzer memcmp hook per byte */
	while (n + 1 < COMSPLIT_MAX && i < size && mlen <= size - i) {
		const uint8_t *lf = memchr(data + i, '\n', size - i);
		if (lf == NULL)
			break;
		i = (size_t)(lf - data);
		if (mlen > size - i)
			break;
		if (!marker_at(data, i, mlen)) {
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
