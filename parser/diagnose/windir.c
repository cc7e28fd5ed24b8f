/*
 * windir.c - the files of a Windows directory that the diagnosis reads
 * (POSIX), named as files.c matches them.  Directory and file names are matched case-insensitively, as
 * Windows matches them; every match is taken, so a copy on a case-sensitive
 * file system that holds two spellings of one name shows both to the
 * diagnosis, which reports the ambiguity.
 *
 *   <dir>/System32/{clbcatq.dll, ~clbcatq.dll}
 *   <dir>/System32/com/comadmin.dll
 *   <dir>/System32/config/SOFTWARE
 *   <dir>/Registration/R<12 hex digits>.clb
 *
 * Entries that are neither regular files nor directories are skipped (a
 * FIFO would block the open).  A folder reached twice (two spellings
 * linked to one folder) is read once, by device and inode, so the work
 * stays linear in the entries that exist.  Files are
 * mapped (io/file.c), never read into the heap.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "comscan/comscan.h"
#include "core/alloc.h"
#include "diagnose/diagnose.h"

struct comscan_windir {
	const comscan_allocator *alloc;
	comscan_diag_file *files;
	comscan_file **maps;   /* files[i]'s mapping            */
	char **paths;          /* files[i].path, owned          */
	size_t n, cap, maps_cap, paths_cap;
	char *failed;          /* the path that failed, or NULL */
	int failed_errno;      /* errno of that failure         */
	uint32_t flags;        /* COMSCAN_WINDIR_*              */
	struct seen { dev_t dev; ino_t ino; } *seen; /* folders read  */
	size_t nseen, seen_cap;
};

/* a + sep + b on the heap, or NULL. */
static char *
join(const comscan_allocator *a, const char *x, char sep, const char *y)
{
	size_t nx = strlen(x), ny = strlen(y);
	char *s;
	if (nx > SIZE_MAX - ny - 2)
		return NULL;
	s = cs_malloc(a, nx + ny + 2);
	if (s == NULL)
		return NULL;
	memcpy(s, x, nx);
	s[nx] = sep;
	memcpy(s + nx + 1, y, ny + 1);
	return s;
}

/* Whether the folder sb was read already; records it when not (folders
 * are few: at most one per matching name on three fixed levels).  False
 * with w->failed unset when memory ran out (*nomem set). */
static bool
seen_before(comscan_windir *w, const struct stat *sb, bool *nomem)
{
	size_t i;
	for (i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == sb->st_dev && w->seen[i].ino == sb->st_ino)
			return true;
	if (!cs_grow(w->alloc, (void **)&w->seen, &w->seen_cap, w->nseen + 1, sizeof *w->seen)) {
		*nomem = true;
		return false;
	}
	w->seen[w->nseen].dev = sb->st_dev;
	w->seen[w->nseen].ino = sb->st_ino;
	w->nseen++;
	return false;
}

/* Remembers the path that failed (the first one) and returns status. */
static comscan_status
fail(comscan_windir *w, const char *path, comscan_status status)
{
	int saved = errno;
	if (w->failed == NULL) {
		w->failed_errno = saved;
		w->failed = cs_strdup(w->alloc, path);
		if (w->failed == NULL)
			return COMSCAN_ERR_NOMEM;
	}
	errno = saved;
	return status;
}

/* Maps full (a regular file) as rel. */
static comscan_status
add_file(comscan_windir *w, const char *full, const char *rel)
{
	comscan_file *f = NULL;
	comscan_status st;
	char *copy;
	if (!cs_grow(w->alloc, (void **)&w->files, &w->cap, w->n + 1, sizeof *w->files) ||
	    !cs_grow(w->alloc, (void **)&w->maps, &w->maps_cap, w->n + 1, sizeof *w->maps) ||
	    !cs_grow(w->alloc, (void **)&w->paths, &w->paths_cap, w->n + 1, sizeof *w->paths))
		return COMSCAN_ERR_NOMEM;
	copy = cs_strdup(w->alloc, rel);
	if (copy == NULL)
		return COMSCAN_ERR_NOMEM;
	st = comscan_file_open(full, w->alloc, &f);
	if (st != COMSCAN_OK) {
		cs_free(w->alloc, copy);
		return st == COMSCAN_ERR_NOMEM ? st : fail(w, full, st);
	}
	w->maps[w->n] = f;
	w->paths[w->n] = copy;
	w->files[w->n].path = copy;
	w->files[w->n].data = comscan_file_data(f);
	w->files[w->n].size = comscan_file_size(f);
	w->n++;
	return COMSCAN_OK;
}

/* The directory levels below the Windows directory that are read. */
typedef enum level { L_TOP, L_SYSTEM32, L_COM, L_CONFIG, L_REGISTRATION } level;

/* What entry `name` of a directory at level lv is: a file to map (1), a
 * directory to enter (*next set, 2) or neither (0). */
static int
classify(level lv, const char *name, level *next)
{
	uint64_t number;
	switch (lv) {
	case L_TOP:
		if (diag_name_eq(name, "System32"))
			return *next = L_SYSTEM32, 2;
		if (diag_name_eq(name, "Registration"))
			return *next = L_REGISTRATION, 2;
		return 0;
	case L_SYSTEM32:
		if (diag_name_eq(name, "clbcatq.dll") || diag_name_eq(name, "~clbcatq.dll"))
			return 1;
		if (diag_name_eq(name, "com"))
			return *next = L_COM, 2;
		if (diag_name_eq(name, "config"))
			return *next = L_CONFIG, 2;
		return 0;
	case L_COM:
		return diag_name_eq(name, "comadmin.dll");
	case L_CONFIG:
		return diag_name_eq(name, "SOFTWARE");
	case L_REGISTRATION:
		return diag_catalog_name(name, &number);
	}
	return 0;
}

/* Reads directory full (rel below the Windows directory, NULL at the top)
 * at level lv; the depth is fixed (at most three levels), so the
 * recursion is bounded by the code, not by input. */
static comscan_status
read_dir(comscan_windir *w, const char *full, const char *rel, level lv)
{
	comscan_status st = COMSCAN_OK;
	struct dirent *e;
	DIR *dir = opendir(full);
	if (dir == NULL)
		return fail(w, full, COMSCAN_ERR_IO);
	for (errno = 0; st == COMSCAN_OK && (e = readdir(dir)) != NULL; errno = 0) {
		struct stat sb;
		level next = lv;
		int what = classify(lv, e->d_name, &next);
		char *child_full, *child_rel;
		bool nomem = false;
		if (what == 0 || (lv == L_CONFIG && (w->flags & COMSCAN_WINDIR_NO_HIVE)))
			continue;
		child_full = join(w->alloc, full, '/', e->d_name);
		child_rel = rel ? join(w->alloc, rel, '\\', e->d_name) : cs_strdup(w->alloc, e->d_name);
		if (child_full == NULL || child_rel == NULL)
			st = COMSCAN_ERR_NOMEM;
		else if (stat(child_full, &sb) != 0)
			st = errno == ENOENT ? COMSCAN_OK : fail(w, child_full, COMSCAN_ERR_IO);
		else if (!(what == 1 && S_ISREG(sb.st_mode)) && !(what == 2 && S_ISDIR(sb.st_mode)))
			st = COMSCAN_OK;
		else if (what == 1)
			st = add_file(w, child_full, child_rel);
		else if (seen_before(w, &sb, &nomem) || nomem)
			st = nomem ? COMSCAN_ERR_NOMEM : COMSCAN_OK;
		else
			st = read_dir(w, child_full, child_rel, next);
		cs_free(w->alloc, child_full);
		cs_free(w->alloc, child_rel);
	}
	if (st == COMSCAN_OK && errno != 0)
		st = fail(w, full, COMSCAN_ERR_IO);
	closedir(dir);
	return st;
}

void
comscan_windir_close(comscan_windir *w)
{
	size_t i;
	if (w == NULL)
		return;
	for (i = 0; i < w->n; i++) {
		comscan_file_close(w->maps[i]);
		cs_free(w->alloc, w->paths[i]);
	}
	cs_free(w->alloc, w->files);
	cs_free(w->alloc, w->maps);
	cs_free(w->alloc, w->paths);
	cs_free(w->alloc, w->failed);
	cs_free(w->alloc, w->seen);
	cs_free(w->alloc, w);
}

comscan_status
comscan_windir_open(const char *windows_dir, uint32_t flags, const comscan_allocator *allocator,
    comscan_windir **out, char *failed_path, size_t failed_cap)
{
	comscan_windir *w;
	comscan_status st;
	if (out == NULL)
		return COMSCAN_ERR_INVALID;
	*out = NULL;
	if (failed_path != NULL && failed_cap > 0)
		failed_path[0] = '\0';
	if (windows_dir == NULL || (failed_path == NULL && failed_cap > 0) ||
	    (flags & ~COMSCAN_WINDIR_NO_HIVE) != 0)
		return COMSCAN_ERR_INVALID;
	allocator = cs_alloc_or_libc(allocator);
	w = cs_calloc(allocator, 1, sizeof *w);
	if (w == NULL)
		return COMSCAN_ERR_NOMEM;
	w->alloc = allocator;
	w->flags = flags;
	st = read_dir(w, windows_dir, NULL, L_TOP);
	if (st != COMSCAN_OK) {
		/* the walk may have cleared errno since: keep the failure's */
		int saved = w->failed_errno ? w->failed_errno : errno;
		if (st == COMSCAN_ERR_NOMEM)
			saved = ENOMEM;
		if (failed_path != NULL && failed_cap > 0)
			snprintf(failed_path, failed_cap, "%s", w->failed ? w->failed : windows_dir);
		comscan_windir_close(w);
		errno = saved;
		return st;
	}
	*out = w;
	return COMSCAN_OK;
}

const comscan_diag_file *
comscan_windir_files(const comscan_windir *w, size_t *n)
{
	if (n != NULL)
		*n = w ? w->n : 0;
	return w ? w->files : NULL;
}
