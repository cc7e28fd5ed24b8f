/*
 * classes.c - prints, for each file, "path<TAB>classes" as
 * tests/test_manifest.c checks them: the classes of comscan_scan_buffer's
 * findings with default options (no transaction logs, unlike the CLI's
 * scan of a hive), comma-separated in class order, or "healthy".  Used by
 * fuzz/promote.sh to write the MANIFEST rows of promoted seeds.
 *
 * usage: classes FILE...   (exit 2 when a file cannot be read)
 */
#include <stdio.h>

#include "comscan/comscan.h"

/* Prints one file's row; 0, or -1 when it cannot be read. */
static int
print_row(const char *path)
{
	comscan_file *f = NULL;
	comscan_report *r = NULL;
	uint32_t classes;
	unsigned c;
	const char *sep = "";
	if (comscan_file_open(path, NULL, &f) != COMSCAN_OK) {
		fprintf(stderr, "classes: cannot read %s\n", path);
		return -1;
	}
	if (comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), NULL, &r) != COMSCAN_OK) {
		comscan_file_close(f);
		fprintf(stderr, "classes: cannot scan %s\n", path);
		return -1;
	}
	classes = comscan_findings_classes(comscan_report_findings(r));
	printf("%s\t", path);
	if (classes == 0)
		printf("healthy");
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
		if (classes >> c & 1) {
			printf("%s%s", sep, comscan_class_name((comscan_class)c));
			sep = ",";
		}
	printf("\n");
	comscan_report_close(r);
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
