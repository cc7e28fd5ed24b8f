/*
 * replay_main.c - engine-less driver: runs a harness over files and
 * directories (recursively, sorted, skipping dot-files), each input twice,
 * from an exactly-sized heap copy so ASan sees one-past-the-end reads.
 * Prints "N passed, N failed"; exits 1 when anything could not be read.
 * A crash or a violated contract aborts the process, which also fails.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static unsigned passed, failed;

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *copy;
	size_t len = 0, cap = 0, n;
	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		failed++;
		return;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *nb = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (nb == NULL)
				abort();
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		failed++;
	} else {
		for (int i = 0; i < 2; i++) {
			copy = malloc(len ? len : 1);
			if (copy == NULL)
				abort();
			if (len)
				memcpy(copy, buf, len);
			LLVMFuzzerTestOneInput(copy, len);
			free(copy);
		}
		passed++;
	}
	free(buf);
	fclose(f);
}

static void
run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: cannot stat %s\n", path);
		failed++;
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		run_file(path);
		return;
	}
	d = opendir(path);
	if (d == NULL) {
		fprintf(stderr, "replay: cannot open directory %s\n", path);
		failed++;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
			if (nn == NULL)
				abort();
			names = nn;
		}
		names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
		if (names[n] == NULL)
			abort();
		sprintf(names[n], "%s/%s", path, e->d_name);
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, name_cmp);
	for (i = 0; i < n; i++) {
		run_path(names[i]);
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	int i;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		run_path(argv[i]);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
