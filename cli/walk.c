/*
 * walk.c - the regular files under a directory, for `comscan scan DIR`:
 * those directly in it, or with recursive set every one below it.  The
 * walk keeps an explicit stack of directories (no recursion, whatever the
 * depth) and follows no symbolic link to a directory, so it cannot loop;
 * a link to a regular file is a file.  Paths come back sorted, so output
 * does not depend on the order readdir returns.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int
cli_strings_push(cli_strings *a, char *s)
{
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		char **v = cap > SIZE_MAX / sizeof *v ? NULL : realloc(a->v, cap * sizeof *v);
		if (v == NULL) {
			free(s);
			return 0;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = s;
	return 1;
}

/* dir + "/" + name on the heap, or NULL. */
static char *
join(const char *dir, const char *name)
{
	size_t nd = strlen(dir), nn = strlen(name);
	char *s = malloc(nd + nn + 2);
	if (s == NULL)
		return NULL;
	memcpy(s, dir, nd);
	s[nd] = '/';
	memcpy(s + nd + 1, name, nn + 1);
	return s;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads one directory: files to *files, subdirectories to *dirs when
 * recursive (else counted in *skipped).  Returns 0, or -1 with a message
 * printed (an unreadable directory) or on exhausted memory. */
static int
read_one(const char *dir, int recursive, cli_strings *files, cli_strings *dirs, size_t *skipped)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ok = 1;
	if (d == NULL) {
		cli_path_error(dir, strerror(errno));
		return -1;
	}
	while (ok && (e = readdir(d)) != NULL) {
		struct stat lsb, sb;
		char *path;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		path = join(dir, e->d_name);
		if (path == NULL) {
			ok = 0;
			break;
		}
		if (lstat(path, &lsb) != 0 || (S_ISLNK(lsb.st_mode) && stat(path, &sb) != 0)) {
			cli_path_error(path, strerror(errno));
			free(path);
			continue;
		}
		if (!S_ISLNK(lsb.st_mode))
			sb = lsb;
		if (S_ISREG(sb.st_mode))
			ok = cli_strings_push(files, path);
		else if (S_ISDIR(lsb.st_mode) && recursive)
			ok = cli_strings_push(dirs, path);
		else {
			*skipped += S_ISDIR(sb.st_mode);
			free(path);
		}
	}
	closedir(d);
	if (!ok)
		fputs("comscan: out of memory\n", stderr);
	return ok ? 0 : -1;
}

int
cli_walk(const char *root, int recursive, char ***paths, size_t *npaths, size_t *skipped)
{
	cli_strings files = { NULL, 0, 0 }, dirs = { NULL, 0, 0 };
	int rc = 0;
	char *first = malloc(strlen(root) + 1);
	*paths = NULL;
	*npaths = 0;
	*skipped = 0;
	if (first == NULL || !cli_strings_push(&dirs, strcpy(first, root))) {
		fputs("comscan: out of memory\n", stderr);
		return -1;
	}
	while (dirs.n > 0) {
		char *dir = dirs.v[--dirs.n];
		if (read_one(dir, recursive, &files, &dirs, skipped) != 0)
			rc = -1;
		free(dir);
	}
	free(dirs.v);
	if (files.n > 1)
		qsort(files.v, files.n, sizeof *files.v, by_name);
	*paths = files.v;
	*npaths = files.n;
	return rc;
}

void
cli_walk_free(char **paths, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
