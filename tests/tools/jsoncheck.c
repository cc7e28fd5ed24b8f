/*
 * jsoncheck.c - validates the JSON text on standard input.
 *
 *   jsoncheck < FILE    exit 0 when valid; else prints the reason on
 *                       stderr and exits 1 (2 when stdin cannot be read).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/json_check.h"

/* Reads all of fp into a malloc'd buffer; NULL on failure. */
static char *
read_all(FILE *fp, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		return NULL;
	for (;;) {
		size_t got;
		if (n == cap) {
			char *bigger = cap > (size_t)-1 / 2 ? NULL : realloc(buf, cap * 2);
			if (bigger == NULL) {
				free(buf);
				return NULL;
			}
			buf = bigger;
			cap *= 2;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

int
main(void)
{
	char err[256];
	size_t len = 0;
	char *buf = read_all(stdin, &len);
	int ok;
	if (buf == NULL) {
		fputs("jsoncheck: cannot read standard input\n", stderr);
		return 2;
	}
	ok = json_check(buf, len, err, sizeof err);
	free(buf);
	if (!ok) {
		fprintf(stderr, "jsoncheck: invalid JSON: %s\n", err);
		return 1;
	}
	return 0;
}
