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
comsplit_parts(const uint8_t *data, size_t size, comsplit_part *parts, size_t max)
{
	const size_t mlen = sizeof COMSPLIT_MARKER - 1;
	size_t n = 0, start = 0, i = 0;
	/* each candidate starts at a line feed (memchr), compared by hand: a
	 * memcmp per byte would be one libFuzzer memcmp hook per byte */
	while (n + 1 < max && i < size && mlen <= size - i) {
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
		parts[n].data = data + start, parts[n].size = i - start;
		n++;
		start = i += mlen;
	}
	parts[n].data = data + start, parts[n].size = size - start;
	return n + 1;
}

size_t
comsplit(const uint8_t *data, size_t size, comscan_com_input in[COMSPLIT_MAX])
{
	static const char *const names[COMSPLIT_MAX] = { "a.reg", "b.reg", "c.reg", "d.reg" };
	comsplit_part parts[COMSPLIT_MAX];
	size_t n = comsplit_parts(data, size, parts, COMSPLIT_MAX), i;
	for (i = 0; i < n; i++)
		in[i].data = parts[i].data, in[i].size = parts[i].size, in[i].name = names[i];
	return n;
}

size_t
snapsplit(const uint8_t *data, size_t size, snapsplit_snapshot *s)
{
	comsplit_part parts[SNAPSPLIT_MAX];
	size_t n = comsplit_parts(data, size, parts, SNAPSPLIT_MAX), i;
	s->nfiles = s->ndumps = 0;
	for (i = 0; i < n; i++) {
		const uint8_t *lf = memchr(parts[i].data, '\n', parts[i].size);
		size_t plen = lf ? (size_t)(lf - parts[i].data) : parts[i].size, k;
		const uint8_t *body = lf ? lf + 1 : parts[i].data + parts[i].size;
		size_t blen = parts[i].size - (size_t)(body - parts[i].data);
		char *path = s->paths[i];
		for (k = 0; k < plen && k + 1 < SNAPSPLIT_PATH && parts[i].data[k] != '\0'; k++)
			path[k] = (char)parts[i].data[k];
		path[k] = '\0';
		if (strncmp(path, "dump:", 5) == 0) {
			comscan_com_input *d = &s->dumps[s->ndumps++];
			d->name = path + 5, d->data = blen ? body : NULL, d->size = blen;
		} else {
			comscan_diag_file *f = &s->files[s->nfiles++];
			f->path = path, f->data = blen ? body : NULL, f->size = blen;
		}
	}
	return n;
}

bool
snapsplit_is_packed_path(const char *path)
{
	static const char *const dirs[] = {
		"corpus/fuzz_diagnose/", "corpus/regressions/fuzz_diagnose/",
		"corpus/fuzz_diagnose_oom/", "corpus/regressions/fuzz_diagnose_oom/",
	};
	size_t i;
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
		if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
			return true;
	return false;
}

size_t
seed_prefix_len(const char *path)
{
	const char *end = strrchr(path, '/'), *start = end;
	while (start != NULL && start > path && start[-1] != '/')
		start--;
	/* the folder's name: fuzz_..._oom */
	if (end == NULL || end - start < 9 || strncmp(start, "fuzz_", 5) != 0 ||
	    strncmp(end - 4, "_oom", 4) != 0)
		return 0;
	return 2;
}
