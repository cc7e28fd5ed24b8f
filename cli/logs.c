/*
 * logs.c - the transaction logs next to a hive: FILE.LOG1, FILE.LOG2 and
 * FILE.LOG, each tried with an upper-case and then a lower-case extension
 * (Windows writes them upper-case; copies are often lower-cased).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

size_t
cli_find_logs(const char *path, cli_logs *logs)
{
	static const char *const exts[] = { ".LOG1", ".log1", ".LOG2", ".log2", ".LOG", ".log" };
	size_t k, n = 0, len = strlen(path);
	memset(logs, 0, sizeof *logs);
	for (k = 0; k < sizeof exts / sizeof exts[0]; k++) {
		char *name;
		comscan_file *f = NULL;
		if (n > 0 && strcmp(logs->names[n - 1] + len, exts[k - 1]) == 0)
			continue; /* the upper-case spelling was found: skip the lower */
		name = malloc(len + 6);
		if (name == NULL)
			break;
		memcpy(name, path, len);
		strcpy(name + len, exts[k]);
		if (comscan_file_open(name, NULL, &f) != COMSCAN_OK) {
			free(name);
			continue;
		}
		logs->files[n] = f;
		logs->names[n] = name;
		logs->bufs[n].data = comscan_file_data(f);
		logs->bufs[n].size = comscan_file_size(f);
		logs->bufs[n].name = name;
		n++;
	}
	logs->n = n;
	return n;
}

void
cli_logs_close(cli_logs *logs)
{
	size_t k;
	for (k = 0; k < logs->n; k++) {
		comscan_file_close(logs->files[k]);
		free(logs->names[k]);
	}
	logs->n = 0;
}
