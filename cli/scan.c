/*
 * scan.c - `comscan scan [--json] FILE...`: one report per file (a hive
 * with the transaction logs found next to it).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Scans one mapped file and prints its report.  Returns the exit status
 * this file contributes. */
static int
scan_one(const char *path, comscan_file *f, const comscan_options *opts, int json, int first)
{
	comscan_report *r = NULL;
	comscan_status st;
	cli_logs logs;
	int rc;
	/* a hive is scanned with the transaction logs next to it */
	if (comscan_detect_kind(comscan_file_data(f), comscan_file_size(f)) == COMSCAN_KIND_REGF) {
		cli_find_logs(path, &logs);
		st = comscan_scan_hive(comscan_file_data(f), comscan_file_size(f), logs.bufs, logs.n, opts,
		    &r);
		cli_logs_close(&logs);
	} else {
		st = comscan_scan_buffer(comscan_file_data(f), comscan_file_size(f), opts, &r);
	}
	if (st != COMSCAN_OK) {
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
		comscan_render_text(r, path, cli_sink_file, stdout);
	}
	rc = comscan_findings_verdict(comscan_report_findings(r)) == COMSCAN_VERDICT_HEALTHY
	         ? EXIT_HEALTHY
	         : EXIT_CORRUPT;
	comscan_report_close(r);
	return rc;
}

#define SCAN_USAGE "usage: comscan scan [--json] [OPTIONS] FILE...\n" CLI_COMMON_USAGE

int
cmd_scan(int argc, char **argv)
{
	int json = 0, i, worst = EXIT_HEALTHY, first = 1, lim;
	comscan_options opts;
	if (cli_help(argc, argv, SCAN_USAGE))
		return EXIT_HEALTHY;
	comscan_options_init(&opts);
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if ((lim = cli_common_option(argc, argv, &i, &opts)) != 0) {
			if (lim < 0)
				return EXIT_USAGE;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
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
		fputs("usage: comscan scan [--json] [OPTIONS] FILE...\n" CLI_COMMON_USAGE, stderr);
		return EXIT_USAGE;
	}
	if (json)
		fputs("{\"files\":[", stdout);
	for (; i < argc; i++) {
		comscan_file *f = cli_map(argv[i]);
		int rc;
		if (f == NULL) {
			if (json) {
				fputs(first ? "{\"path\":" : ",{\"path\":", stdout);
				comscan_render_json_string(argv[i], cli_sink_file, stdout);
				fputs(",\"error\":", stdout);
				comscan_render_json_string(cli_map_error(), cli_sink_file, stdout);
				fputs("}", stdout);
			}
			rc = EXIT_USAGE;
		} else {
			rc = scan_one(argv[i], f, &opts, json, first);
			comscan_file_close(f);
		}
		first = 0;
		if (rc > worst)
			worst = rc;
	}
	if (json)
		fputs("]}\n", stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "comscan: error writing output\n");
		return EXIT_USAGE;
	}
	return worst;
}
