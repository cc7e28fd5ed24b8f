/*
 * files.c - finds the files the diagnosis reads among the files of a
 * Windows directory.  Names are matched as Windows matches them: ASCII
 * letters without regard to case, '\' or '/' between names.
 *
 *   System32\~clbcatq.dll       the COM+ setup marker (KB Q246499)
 *   System32\clbcatq.dll        the COM+ configuration catalog DLL
 *   System32\com\comadmin.dll   the COM+ administration library
 *   System32\config\SOFTWARE    the hive of HKEY_LOCAL_MACHINE\SOFTWARE
 *   Registration\Rxxxxxxxxxxxx.clb   the catalogs: R, 12 hex digits, .clb;
 *                               the largest number is the current catalog
 *                               (COM+ REGDB VSS writer description,
 *                               regtext.md 5.4), REGDBVersion names one
 *
 * Two files that differ only in case (a copy on a case-sensitive file
 * system) are both candidates: the first in byte order of their paths is
 * read, and the other is kept so that the rules can say so.
 */
#include <string.h>

#include "diagnose/diagnose.h"

static const char *const role_paths[DIAG_ROLE_COUNT] = {
	"System32\\~clbcatq.dll", "System32\\clbcatq.dll", "System32\\com\\comadmin.dll",
	"System32\\config\\SOFTWARE", "Registration\\R*.clb", "Registration\\R*.clb"
};

const char *
diag_expected_path(diag_role role)
{
	return role_paths[role];
}

static char
fold(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

bool
diag_name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (fold(*a) != fold(*b))
			return false;
	return *a == *b;
}

/* Whether path is the components want[0..n) (case-insensitive). */
static bool
path_is(const char *path, const char *const *want, size_t n)
{
	size_t i, len;
	for (i = 0; i < n; i++) {
		len = strcspn(path, "\\/");
		if (len == 0 || strlen(want[i]) != len)
			return false;
		for (size_t k = 0; k < len; k++)
			if (fold(path[k]) != fold(want[i][k]))
				return false;
		path += len;
		if (i + 1 < n) {
			if (*path == '\0')
				return false;
			path++;
		}
	}
	return *path == '\0';
}

bool
diag_catalog_name(const char *name, uint64_t *number)
{
	uint64_t v = 0;
	size_t i;
	if (strlen(name) != 17 || fold(name[0]) != 'R' || !diag_name_eq(name + 13, ".clb"))
		return false;
	for (i = 1; i <= 12; i++) {
		char c = fold(name[i]);
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
			return false;
		v = v << 4 | (uint64_t)(c <= '9' ? c - '0' : c - 'A' + 10);
	}
	*number = v;
	return true;
}

/* Whether path is Registration\R<12 hex digits>.clb; *number gets them. */
static bool
catalog_number(const char *path, uint64_t *number)
{
	static const char *const dir[1] = { "Registration" };
	size_t len = strcspn(path, "\\/");
	char head[13];
	if (len != 12 || path[len] == '\0')
		return false;
	memcpy(head, path, 12);
	head[12] = '\0';
	return path_is(head, dir, 1) && diag_catalog_name(path + len + 1, number);
}

/* strcmp with '/' read as '\\' (both separate names). */
static int
path_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = *a == '/' ? '\\' : (unsigned char)*a;
		unsigned char y = *b == '/' ? '\\' : (unsigned char)*b;
		if (x != y || x == '\0')
			return x < y ? -1 : x > y;
	}
}

/* Offers f for pick p: the first path in byte order wins, a second match
 * is remembered. */
static void
offer(diag_pick *p, const comscan_diag_file *f)
{
	int order;
	if (p->file == NULL) {
		p->file = f;
		return;
	}
	/* the same path twice is one file named twice, not two files */
	order = path_cmp(f->path, p->file->path);
	if (order == 0)
		return;
	if (order < 0) {
		p->other = p->file;
		p->file = f;
	} else if (p->other == NULL || path_cmp(f->path, p->other->path) < 0) {
		p->other = f;
	}
}

bool
diag_server_is(const char *server, const char *name)
{
	size_t len, start = 0, i;
	if (server == NULL)
		return false;
	len = strlen(server);
	while (len > 0 && (server[len - 1] == ' ' || server[len - 1] == '"'))
		len--;
	for (i = 0; i < len; i++)
		if (server[i] == '\\' || server[i] == '/' || server[i] == '"')
			start = i + 1;
	if (len - start != strlen(name))
		return false;
	for (i = 0; i < len - start; i++)
		if (fold(server[start + i]) != fold(name[i]))
			return false;
	return true;
}

void
diag_find_regdb(diag_state *d, uint64_t regdb)
{
	size_t i;
	uint64_t n;
	for (i = 0; i < d->nfiles; i++)
		if (catalog_number(d->files[i].path, &n) && n == regdb) {
			d->pick[DIAG_REGDB].number = n;
			offer(&d->pick[DIAG_REGDB], &d->files[i]);
		}
}

void
diag_find_files(diag_state *d)
{
	static const char *const marker[] = { "System32", "~clbcatq.dll" };
	static const char *const catdll[] = { "System32", "clbcatq.dll" };
	static const char *const comadmin[] = { "System32", "com", "comadmin.dll" };
	static const char *const software[] = { "System32", "config", "SOFTWARE" };
	size_t i;
	d->ncatalogs = 0;
	for (i = 0; i < d->nfiles; i++) {
		const comscan_diag_file *f = &d->files[i];
		uint64_t n;
		if (path_is(f->path, marker, 2))
			offer(&d->pick[DIAG_MARKER], f);
		else if (path_is(f->path, catdll, 2))
			offer(&d->pick[DIAG_CATDLL], f);
		else if (path_is(f->path, comadmin, 3))
			offer(&d->pick[DIAG_COMADMIN], f);
		else if (path_is(f->path, software, 3))
			offer(&d->pick[DIAG_SOFTWARE], f);
		else if (catalog_number(f->path, &n)) {
			diag_pick *p = &d->pick[DIAG_CATALOG];
			d->ncatalogs++;
			if (p->file == NULL || n > p->number) {
				p->file = f;
				p->other = NULL;
				p->number = n;
			} else if (n == p->number) {
				offer(p, f);
			}
		}
	}
}
