/*
 * test_manifest.c - every row of corpus/MANIFEST.tsv is reported exactly as
 * listed: the class set of the file's report equals the expected comma
 * list ("healthy" means a healthy verdict and no class at all), and every
 * file of corpus/samples/ and corpus/fuzz_clb/ has a row.
 * Runs from the repository root (make test does).
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "comscan/comscan.h"

#define MAX_ROWS 1024

typedef struct row {
	char path[512];
	char classes[512];
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

/* Reads corpus/MANIFEST.tsv into rows[]. */
static int
load_manifest(void **state)
{
	char line[1200];
	FILE *f = fopen("corpus/MANIFEST.tsv", "r");
	(void)state;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL && nrows < MAX_ROWS) {
		char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
		if (line[0] == '#' || tab == NULL)
			continue;
		if (nl)
			*nl = '\0';
		*tab = '\0';
		snprintf(rows[nrows].path, sizeof rows[nrows].path, "%s", line);
		snprintf(rows[nrows].classes, sizeof rows[nrows].classes, "%s", tab + 1);
		nrows++;
	}
	fclose(f);
	return nrows > 0 ? 0 : -1;
}

/* Every row's report has exactly the listed classes. */
static void
test_rows_as_listed(void **state)
{
	size_t i, bad = 0;
	(void)state;
	for (i = 0; i < nrows; i++) {
		comscan_file *f = NULL;
		comscan_report *r = NULL;
		long want = parse_classes(rows[i].classes);
		uint32_t got;
		assert_true(want >= 0);
		assert_int_equal(comscan_file_open(rows[i].path, NULL, &f), COMSCAN_OK);
		assert_int_equal(comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), NULL, &r),
		    COMSCAN_OK);
		got = comscan_findings_classes(comscan_report_findings(r));
		if ((long)got != want || (want == 0 && comscan_findings_verdict(comscan_report_findings(r)) !=
		                                           COMSCAN_VERDICT_HEALTHY)) {
			unsigned c;
			fprintf(stderr, "MANIFEST mismatch: %s: expected %s, got", rows[i].path,
			    rows[i].classes);
			for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
				if (got >> c & 1)
					fprintf(stderr, " %s", comscan_class_name((comscan_class)c));
			fprintf(stderr, "\n");
			bad++;
		}
		comscan_report_close(r);
		comscan_file_close(f);
	}
	assert_int_equal(bad, 0);
}

/* True when path has a manifest row. */
static int
listed(const char *path)
{
	size_t i;
	for (i = 0; i < nrows; i++)
		if (strcmp(rows[i].path, path) == 0)
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
