/*
 * walk.c - the regular files under a directory, for `comscan scan DIR`:
 * those directly in it, or with recursive set every one below it.  The
 * walk keeps an explicit stack of directories (no recursion, whatever the
 * depth) and follows no symbolic link to a directory, so it cannot loop;
 * a link to a regular file is a file.  An entry that cannot be looked at
 * (no permission, a dangling or looping link, a path too long) is
 * returned as a file too, so that opening it reports the reason and
 * counts it unreadable; a directory that cannot be read is reported here
 * and counted.  Paths come back sorted, so output does not depend on the
 * order readdir returns.
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

/* Reads one directory: files (and entries that cannot be looked at) to
 * *files, subdirectories to *dirs when recursive, else counted in
 * *skipped (links to directories are never entered, and not counted).
 * Returns 0, or -1 with a message printed when the directory cannot be
 * read (entirely or from some entry on) or memory runs out. */
static int
read_one(const char *dir, int recursive, cli_strings *files, cli_strings *dirs, size_t *skipped)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ok = 1, rc = 0;
	if (d == NULL) {
		cli_path_error(dir, strerror(errno));
		return -1;
	}
	for (errno = 0; ok && (e = readdir(d)) != NULL; errno = 0) {
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
			/* opening it will say why it cannot be read */
			ok = cli_strings_push(files, path);
			continue;
		}
		if (!S_ISLNK(lsb.st_mode))
			sb = lsb;
		if (S_ISREG(sb.st_mode))
			ok = cli_strings_push(files, path);
		else if (S_ISDIR(lsb.st_mode) && recursive)
			ok = cli_strings_push(dirs, path);
		else {
			*skipped += S_ISDIR(lsb.st_mode);
			free(path);
		}
	}
	if (ok && errno != 0) {
		cli_path_error(dir, strerror(errno));
		rc = -1;
	}
	closedir(d);
	if (!ok)
		fputs("comscan: out of memory\n", stderr);
	return ok ? rc : -1;
}

int
cli_walk(const char *root, int recursive, char ***paths, size_t *npaths, size_t *skipped,
    size_t *unreadable)
{
	cli_strings files = { NULL, 0, 0 }, dirs = { NULL, 0, 0 };
	int rc = 0;
	char *first = malloc(strlen(root) + 1);
	*paths = NULL;
	*npaths = 0;
	*skipped = 0;
	*unreadable = 0;
	if (first == NULL || !cli_strings_push(&dirs, strcpy(first, root))) {
		fputs("comscan: out of memory\n", stderr);
		return -1;
	}
	while (dirs.n > 0) {
		char *dir = dirs.v[--dirs.n];
		if (read_one(dir, recursive, &files, &dirs, skipped) != 0) {
			rc = -1;
			++*unreadable;
		}
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
