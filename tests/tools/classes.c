/*
 * classes.c - prints, for each file, "path<TAB>classes" as
 * tests/test_manifest.c checks them: the classes of comscan_scan_buffer's
 * findings with default options (no transaction logs, unlike the CLI's
 * scan of a hive), comma-separated in class order, or "healthy"; for a
 * seed of fuzz_diagnose (a packed snapshot, under corpus/fuzz_diagnose/ or
 * corpus/regressions/fuzz_diagnose/) the classes of its diagnosis, as the
 * manifest test computes them; a seed of an allocation-failure harness
 * (a folder fuzz_*_oom/) is read after its two failure-index bytes.
 * Used by fuzz/promote.sh to write the MANIFEST rows of promoted seeds.
 *
 * usage: classes FILE...   (exit 2 when a file cannot be read)
 */
#include <stdio.h>
#include "comscan/comscan.h"
#include "support/comsplit.h"

/* The classes of the findings of path's bytes: of their scan, or of the
 * diagnosis of the snapshot they pack; -1 when that fails. */
static long
classes_of(const char *path, const comscan_file *f)
{
	static snapsplit_snapshot snap;
	const uint8_t *data = comscan_file_data(f);
	size_t size = comscan_file_size(f), skip = seed_prefix_len(path);
	uint32_t classes;
	skip = skip < size ? skip : size;
	if (skip > 0)
		data += skip, size -= skip;
	if (snapsplit_is_packed_path(path)) {
		comscan_diagnosis *d = NULL;
		snapsplit(data, size, &snap);
		if (comscan_diagnose(snap.files, snap.nfiles, snap.dumps, snap.ndumps, NULL, &d) !=
		    COMSCAN_OK)
			return -1;
		classes = comscan_findings_classes(comscan_diagnosis_findings(d));
		comscan_diagnosis_close(d);
	} else {
		comscan_report *r = NULL;
		if (comscan_scan_buffer(data, size, NULL, &r) !=
		    COMSCAN_OK)
			return -1;
		classes = comscan_findings_classes(comscan_report_findings(r));
		comscan_report_close(r);
	}
	return (long)classes;
}

/* Prints one file's row; 0, or -1 when it cannot be read. */
static int
print_row(const char *path)
{
	comscan_file *f = NULL;
	long classes;
	unsigned c;
	const char *sep = "";
	if (comscan_file_open(path, NULL, &f) != COMSCAN_OK) {
		fprintf(stderr, "classes: cannot read %s\n", path);
		return -1;
	}
	classes = classes_of(path, f);
	if (classes < 0) {
		comscan_file_close(f);
		fprintf(stderr, "classes: cannot scan %s\n", path);
		return -1;
	}
	printf("%s\t", path);
	if (classes == 0)
		printf("healthy");
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
		if (classes >> c & 1) {
			printf("%s%s", sep, comscan_class_name((comscan_class)c));
			sep = ",";
		}
	printf("\n");
	comscan_file_close(f);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, status = 0;
	for (i = 1; i < argc; i++)
		if (print_row(argv[i]) != 0)
			status = 2;
	return status;
}
