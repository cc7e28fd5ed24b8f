/*
 * scan.c - `comscan scan [--json] [--recursive] FILE|DIR...`: one report
 * per file (a hive with the transaction logs found next to it); a
 * directory stands for the regular files in it (every one below it with
 * --recursive), and then a summary by kind and class ends the output.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

/* What the files scanned add up to (the summary after a directory). */
typedef struct tally {
	size_t files, healthy, corrupt, unreadable, skipped_dirs;
	size_t kinds[COMSCAN_KIND_COUNT];
	size_t classes[COMSCAN_CLASS_COUNT]; /* files with a finding of the class */
} tally;

/* Where text reports go: stdout, coloured for a terminal (term.c). */
static comscan_sink text_sink = cli_sink_file;
static void *text_ctx;

/* Counts one scanned file's kind, verdict and classes. */
static void
count(tally *t, const comscan_report *r)
{
	const comscan_findings *fs = comscan_report_findings(r);
	uint32_t mask = comscan_findings_classes(fs);
	unsigned c;
	t->files++;
	t->kinds[comscan_report_kind(r)]++;
	if (comscan_findings_verdict(fs) == COMSCAN_VERDICT_HEALTHY)
		t->healthy++;
	else
		t->corrupt++;
	for (c = 0; c < COMSCAN_CLASS_COUNT; c++)
		t->classes[c] += mask >> c & 1;
}

/* Scans one mapped file and prints its report.  Returns the exit status
 * this file contributes. */
static int
scan_one(const char *path, comscan_file *f, const comscan_options *opts, int json, int first,
    tally *t)
{
	comscan_report *r = NULL;
	comscan_status st;
	cli_logs logs;
	int rc;
	/* a hive is scanned with the transaction logs next to it */
	if (comscan_detect_kind(comscan_file_data(f), comscan_file_size(f)) == COMSCAN_KIND_REGF &&
	    strcmp(path, "-") != 0) {
		cli_find_logs(path, &logs);
		st = comscan_scan_hive(comscan_file_data(f), comscan_file_size(f), logs.bufs, logs.n, opts,
		    &r);
		cli_logs_close(&logs);
	} else {
		st = comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), opts, &r);
	}
	if (st != COMSCAN_OK) {
		t->unreadable++;
		cli_path_error(path, comscan_status_message(st));
		if (json) {
			fputs(first ? "" : ",", stdout);
			fputs("{\"path\":", stdout);
			comscan_render_json_string(path, cli_sink_file, stdout);
			printf(",\"error\":\"%s\"}", comscan_status_message(st));
		}
		return EXIT_USAGE;
	}
	if (json) {
		fputs(first ? "" : ",", stdout);
		comscan_render_json(r, path, cli_sink_file, stdout);
	} else {
		comscan_render_text(r, path, text_sink, text_ctx);
	}
	count(t, r);
	rc = comscan_findings_verdict(comscan_report_findings(r)) == COMSCAN_VERDICT_HEALTHY
	         ? EXIT_HEALTHY
	         : EXIT_CORRUPT;
	comscan_report_close(r);
	return rc;
}

#define SCAN_USAGE                                                                     \
	"usage: comscan scan [--json] [--recursive] [OPTIONS] FILE|DIR...\n"               \
	"  DIR               the regular files in it (--recursive, -r: every one below it,\n" \
	"                    following no link to a directory), then a summary by kind\n"  \
	"                    and class\n" CLI_COMMON_USAGE

/* Scans one path (a file) into the output; returns its exit status. */
static int
scan_path(const char *path, const comscan_options *opts, int json, int *first, tally *t)
{
	comscan_file *f = cli_map(path);
	int rc;
	if (f == NULL) {
		t->unreadable++;
		if (json) {
			fputs(*first ? "{\"path\":" : ",{\"path\":", stdout);
			comscan_render_json_string(path, cli_sink_file, stdout);
			fputs(",\"error\":", stdout);
			comscan_render_json_string(cli_map_error(), cli_sink_file, stdout);
			fputs("}", stdout);
		}
		rc = EXIT_USAGE;
	} else {
		rc = scan_one(path, f, opts, json, *first, t);
		comscan_file_close(f);
	}
	*first = 0;
	return rc;
}

/* Appends a heap copy of path to the paths to scan; 0 when memory runs
 * out. */
static int
add_target(cli_strings *t, const char *path)
{
	char *copy = malloc(strlen(path) + 1);
	return copy != NULL && cli_strings_push(t, strcpy(copy, path));
}

/* Adds the files a directory stands for; returns EXIT_USAGE when part of
 * it could not be read or memory ran out, else EXIT_HEALTHY. */
static int
add_dir(cli_strings *t, const char *dir, int recursive, tally *tl)
{
	char **paths;
	size_t n, k, skipped, unreadable;
	int rc = cli_walk(dir, recursive, &paths, &n, &skipped, &unreadable) == 0 ? EXIT_HEALTHY
	                                                                          : EXIT_USAGE;
	tl->skipped_dirs += skipped;
	tl->unreadable += unreadable;
	for (k = 0; k < n; k++)
		if (!add_target(t, paths[k])) {
			fputs("comscan: out of memory\n", stderr);
			rc = EXIT_USAGE;
			break;
		}
	cli_walk_free(paths, n);
	return rc;
}

/* The summary after a directory: files by verdict, kind and class. */
static void
print_summary(const tally *t, int json)
{
	unsigned k;
	int any = 0;
	if (json) {
		printf(",\"summary\":{\"files\":%zu,\"healthy\":%zu,\"corrupt\":%zu,\"unreadable\":%zu,"
		       "\"skipped_directories\":%zu,\"kinds\":{",
		    t->files, t->healthy, t->corrupt, t->unreadable, t->skipped_dirs);
		for (k = 0; k < COMSCAN_KIND_COUNT; k++)
			if (t->kinds[k])
				printf("%s\"%s\":%zu", any++ ? "," : "", comscan_kind_name((comscan_kind)k),
				    t->kinds[k]);
		fputs("},\"classes\":{", stdout);
		for (any = 0, k = 0; k < COMSCAN_CLASS_COUNT; k++)
			if (t->classes[k])
				printf("%s\"%s\":%zu", any++ ? "," : "", comscan_class_name((comscan_class)k),
				    t->classes[k]);
		fputs("}}", stdout);
		return;
	}
	printf("summary: %zu file%s scanned: %zu healthy, %zu corrupt; %zu unreadable", t->files,
	    t->files == 1 ? "" : "s", t->healthy, t->corrupt, t->unreadable);
	if (t->skipped_dirs)
		printf("; %zu subdirector%s not entered (--recursive enters them)", t->skipped_dirs,
		    t->skipped_dirs == 1 ? "y" : "ies");
	fputs("\n  kind                   files\n", stdout);
	for (k = 0; k < COMSCAN_KIND_COUNT; k++)
		if (t->kinds[k])
			printf("  %-22s %5zu\n", comscan_kind_name((comscan_kind)k), t->kinds[k]);
	if (t->files == 0)
		fputs("  (none)\n", stdout);
	fputs("  class                  files\n", stdout);
	for (k = 0; k < COMSCAN_CLASS_COUNT; k++)
		if (t->classes[k]) {
			printf("  %-22s %5zu\n", comscan_class_name((comscan_class)k), t->classes[k]);
			any = 1;
		}
	if (!any)
		fputs("  (none)\n", stdout);
}

int
cmd_scan(int argc, char **argv)
{
	int json = 0, recursive = 0, i, worst = EXIT_HEALTHY, first = 1, lim, dirs = 0;
	comscan_options opts;
	cli_strings todo = { NULL, 0, 0 };
	cli_colour colour;
	size_t k;
	tally t;
	if (cli_help(argc, argv, SCAN_USAGE))
		return EXIT_HEALTHY;
	memset(&t, 0, sizeof t);
	comscan_options_init(&opts);
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if ((lim = cli_common_option(argc, argv, &i, &opts)) != 0) {
			if (lim < 0)
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--recursive") == 0 || strcmp(argv[i], "-r") == 0) {
			recursive = 1;
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else {
			fprintf(stderr, "comscan scan: unknown option '%s'\n", argv[i]);
			fputs(SCAN_USAGE, stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		fputs(SCAN_USAGE, stderr);
		return EXIT_USAGE;
	}
	if (!cli_stdin_once(argc, argv, i))
		return EXIT_USAGE;
	for (; i < argc; i++) {
		struct stat sb;
		int rc = EXIT_HEALTHY;
		if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			dirs = 1;
			rc = add_dir(&todo, argv[i], recursive, &t);
		} else if (!add_target(&todo, argv[i])) {
			fputs("comscan: out of memory\n", stderr);
			rc = EXIT_USAGE;
		}
		if (rc > worst)
			worst = rc;
	}
	if (!json && cli_colour_wanted()) {
		cli_colour_init(&colour, stdout);
		text_sink = cli_sink_colour;
		text_ctx = &colour;
	} else {
		text_sink = cli_sink_file;
		text_ctx = stdout;
	}
	if (json)
		fputs("{\"files\":[", stdout);
	cli_progress_begin();
	for (k = 0; k < todo.n; k++) {
		struct stat sb;
		int rc;
		if (cli_progress_active())
			cli_progress_file(k, todo.n, todo.v[k],
			    stat(todo.v[k], &sb) == 0 ? (unsigned long long)sb.st_size : 0);
		rc = scan_path(todo.v[k], &opts, json, &first, &t);
		if (rc > worst)
			worst = rc;
		free(todo.v[k]);
	}
	cli_progress_end();
	free(todo.v);
	if (text_sink == cli_sink_colour)
		cli_colour_flush(&colour);
	if (json)
		fputs("]", stdout);
	if (dirs)
		print_summary(&t, json);
	if (json)
		fputs("}\n", stdout);
	if (!cli_output_ok())
		return EXIT_USAGE;
	return worst;
}
