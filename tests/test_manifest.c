/*
 * test_manifest.c - every row of corpus/MANIFEST.tsv is reported exactly as
 * listed: the class set of the file's report equals the expected comma
 * list ("healthy" means a healthy verdict and no class at all); where a
 * row has a third column, so does the COM model built from the file (its
 * parts split as the COM harness splits them); and every file of the
 * generated corpus directories and of corpus/regressions/ has a row (in
 * corpus/MANIFEST.tsv, generated, or corpus/regressions/MANIFEST.tsv,
 * written by hand).  A row whose path ends in '/' is a Windows-directory
 * snapshot: its diagnosis (comscan_windir_open, comscan_diagnose) has the
 * listed classes, and its third column, when present, names the dumps
 * given as --reg (comma list, relative to the snapshot).  The rows of
 * fuzz_diagnose seeds (packed snapshots) list the classes of their
 * diagnosis; a seed of an allocation-failure harness (fuzz_*_oom/) is
 * read after its two failure-index bytes (the parent harness's input).
 * Runs from the repository root (make test does).
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "comscan/comscan.h"
#include "support/comsplit.h"

#define MAX_ROWS 16384

typedef struct row {
	char path[512];
	char classes[512];
	char com[512]; /* "" when the row has no COM column; for a snapshot,
	                  the dumps given with --reg */
} row;

static row rows[MAX_ROWS];
static size_t nrows;

/* Class mask of a comma list of class names; -1 on an unknown name. */
static long
parse_classes(const char *list)
{
	char buf[512], *tok, *save = NULL;
	long mask = 0;
	unsigned c;
	if (strcmp(list, "healthy") == 0)
		return 0;
	snprintf(buf, sizeof buf, "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
			if (strcmp(tok, comscan_class_name((comscan_class)c)) == 0)
				break;
		if (c == COMSCAN_CLASS_COUNT)
			return -1;
		mask |= 1L << c;
	}
	return mask;
}

/* Appends the rows of one manifest file to rows[]; false when it cannot
 * be read. */
static bool
load_file(const char *path)
{
	char line[1200];
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return false;
	while (fgets(line, sizeof line, f) != NULL && nrows < MAX_ROWS) {
		char *classes = strchr(line, '\t'), *com, *nl = strchr(line, '\n');
		if (line[0] == '#' || classes == NULL)
			continue;
		if (nl)
			*nl = '\0';
		*classes++ = '\0';
		com = strchr(classes, '\t');
		if (com != NULL)
			*com++ = '\0';
		snprintf(rows[nrows].path, sizeof rows[nrows].path, "%s", line);
		snprintf(rows[nrows].classes, sizeof rows[nrows].classes, "%s", classes);
		snprintf(rows[nrows].com, sizeof rows[nrows].com, "%s", com ? com : "");
		nrows++;
	}
	fclose(f);
	return true;
}

/* Reads the generated corpus/MANIFEST.tsv and the hand-written
 * corpus/regressions/MANIFEST.tsv into rows[]. */
static int
load_manifest(void **state)
{
	(void)state;
	if (!load_file("corpus/MANIFEST.tsv") || !load_file("corpus/regressions/MANIFEST.tsv"))
		return -1;
	return nrows > 0 ? 0 : -1;
}

/* True when the findings have exactly the classes of the list; prints a
 * mismatch. */
static int
classes_match(const char *what, const row *r, const char *list, const comscan_findings *fs)
{
	long want = parse_classes(list);
	uint32_t got = comscan_findings_classes(fs);
	unsigned c;
	assert_true(want >= 0);
	if ((long)got == want &&
	    (want != 0 || comscan_findings_verdict(fs) == COMSCAN_VERDICT_HEALTHY))
		return 1;
	fprintf(stderr, "MANIFEST mismatch (%s): %s: expected %s, got", what, r->path, list);
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
		if (got >> c & 1)
			fprintf(stderr, " %s", comscan_class_name((comscan_class)c));
	fprintf(stderr, "\n");
	return 0;
}

/* The COM model built from the row's input has the row's COM classes. */
static int
com_matches(const row *r, const uint8_t *data, size_t size)
{
	comscan_com_input in[COMSPLIT_MAX];
	comscan_com *m = NULL;
	size_t n = comsplit(data, size, in);
	int ok;
	assert_int_equal(comscan_com_build(in, n, NULL, &m), COMSCAN_OK);
	ok = classes_match("com", r, r->com, comscan_com_findings(m));
	comscan_com_close(m);
	return ok;
}

/* The diagnosis of a snapshot row has the row's classes. */
static int
diagnosis_matches(const row *r)
{
	comscan_windir *w = NULL;
	comscan_diagnosis *d = NULL;
	comscan_file *dumps[8] = { NULL };
	comscan_com_input in[8];
	char names[8][600], list[512], *tok, *save = NULL;
	const comscan_diag_file *files;
	size_t n, ndumps = 0, k;
	int ok;
	assert_int_equal(comscan_windir_open(r->path, 0, NULL, &w, NULL, 0), COMSCAN_OK);
	snprintf(list, sizeof list, "%s", r->com);
	for (tok = strtok_r(list, ",", &save); tok && ndumps < 8; tok = strtok_r(NULL, ",", &save)) {
		snprintf(names[ndumps], sizeof names[0], "%s%s", r->path, tok);
		assert_int_equal(comscan_file_open(names[ndumps], NULL, &dumps[ndumps]), COMSCAN_OK);
		in[ndumps].data = comscan_file_data(dumps[ndumps]);
		in[ndumps].size = comscan_file_size(dumps[ndumps]);
		in[ndumps].name = names[ndumps];
		ndumps++;
	}
	files = comscan_windir_files(w, &n);
	assert_int_equal(comscan_diagnose(files, n, in, ndumps, NULL, &d), COMSCAN_OK);
	ok = classes_match("diagnose", r, r->classes, comscan_diagnosis_findings(d));
	assert_int_equal(comscan_diagnosis_failing(d), strcmp(r->classes, "healthy") != 0);
	comscan_diagnosis_close(d);
	for (k = 0; k < ndumps; k++)
		comscan_file_close(dumps[k]);
	comscan_windir_close(w);
	return ok;
}

/* The diagnosis of a packed snapshot (a fuzz_diagnose seed) has the row's
 * classes. */
static int
packed_matches(const row *r, const uint8_t *data, size_t size)
{
	static snapsplit_snapshot snap;
	comscan_diagnosis *d = NULL;
	int ok;
	snapsplit(data, size, &snap);
	assert_int_equal(comscan_diagnose(snap.files, snap.nfiles, snap.dumps, snap.ndumps, NULL, &d),
	    COMSCAN_OK);
	ok = classes_match("diagnose", r, r->classes, comscan_diagnosis_findings(d));
	comscan_diagnosis_close(d);
	return ok;
}

/* Every row's report (and COM model, or diagnosis) has exactly the listed
 * classes. */
static void
test_rows_as_listed(void **state)
{
	size_t i, bad = 0;
	(void)state;
	for (i = 0; i < nrows; i++) {
		comscan_file *f = NULL;
		comscan_report *r = NULL;
		const uint8_t *data;
		size_t len = strlen(rows[i].path), size, skip;
		if (len > 0 && rows[i].path[len - 1] == '/') {
			bad += !diagnosis_matches(&rows[i]);
			continue;
		}
		assert_int_equal(comscan_file_open(rows[i].path, NULL, &f), COMSCAN_OK);
		data = comscan_file_data(f);
		size = comscan_file_size(f);
		skip = seed_prefix_len(rows[i].path);
		skip = skip < size ? skip : size; /* an _oom seed's input follows its failure index */
		if (skip > 0)
			data += skip, size -= skip;
		if (snapsplit_is_packed_path(rows[i].path)) {
			bad += !packed_matches(&rows[i], data, size);
			comscan_file_close(f);
			continue;
		}
		assert_int_equal(comscan_scan_buffer(data, size, NULL, &r), COMSCAN_OK);
		bad += !classes_match("scan", &rows[i], rows[i].classes, comscan_report_findings(r));
		if (rows[i].com[0] != '\0')
			bad += !com_matches(&rows[i], data, size);
		comscan_report_close(r);
		comscan_file_close(f);
	}
	assert_int_equal(bad, 0);
}

/* True when path has a manifest row (a snapshot's row ends in '/'). */
static int
listed(const char *path)
{
	size_t i;
	size_t n = strlen(path);
	for (i = 0; i < nrows; i++)
		if (strcmp(rows[i].path, path) == 0 ||
		    (strncmp(rows[i].path, path, n) == 0 && strcmp(rows[i].path + n, "/") == 0))
			return 1;
	return 0;
}

/* Every file in the directory has a row. */
static void
check_dir_listed(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t missing = 0;
	if (d == NULL && strncmp(dir, "corpus/regressions/", 19) == 0)
		return; /* no reproducer yet (git keeps no empty folder) */
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[600];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (!listed(path)) {
			fprintf(stderr, "not in corpus/MANIFEST.tsv: %s\n", path);
			missing++;
		}
	}
	closedir(d);
	assert_int_equal(missing, 0);
}

/* No seed or sample escapes the manifest. */
static void
test_every_file_listed(void **state)
{
	(void)state;
	check_dir_listed("corpus/samples");
	check_dir_listed("corpus/fuzz_clb");
	check_dir_listed("corpus/fuzz_pe");
	check_dir_listed("corpus/fuzz_regtext");
	check_dir_listed("corpus/fuzz_com");
	check_dir_listed("corpus/fuzz_regf");
	check_dir_listed("corpus/snapshots");
	check_dir_listed("corpus/fuzz_diagnose");
	check_dir_listed("corpus/regressions/fuzz_diagnose");
	check_dir_listed("corpus/regressions/fuzz_clb");
	check_dir_listed("corpus/regressions/fuzz_pe");
	check_dir_listed("corpus/regressions/fuzz_regtext");
	check_dir_listed("corpus/regressions/fuzz_com");
	check_dir_listed("corpus/regressions/fuzz_regf");
	check_dir_listed("corpus/fuzz_clb_oom");
	check_dir_listed("corpus/fuzz_regtext_oom");
	check_dir_listed("corpus/fuzz_com_oom");
	check_dir_listed("corpus/fuzz_regf_oom");
	check_dir_listed("corpus/fuzz_diagnose_oom");
	check_dir_listed("corpus/regressions/fuzz_clb_oom");
	check_dir_listed("corpus/regressions/fuzz_regtext_oom");
	check_dir_listed("corpus/regressions/fuzz_com_oom");
	check_dir_listed("corpus/regressions/fuzz_regf_oom");
	check_dir_listed("corpus/regressions/fuzz_diagnose_oom");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_as_listed),
		cmocka_unit_test(test_every_file_listed),
	};
	return cmocka_run_group_tests(tests, load_manifest, NULL);
}
