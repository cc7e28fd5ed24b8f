/*
 * com.c - `comscan com [--json] [OPTIONS] FILE...`: the COM classes the
 * registry dumps register, with their servers, and every finding.
 * Exit status: 0 no error finding, 1 an error finding, 2 usage or I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define COM_USAGE "usage: comscan com [--json] [OPTIONS] FILE...\n" CLI_COMMON_USAGE

int
cmd_com(int argc, char **argv)
{
	comscan_options opts;
	comscan_file **files;
	comscan_com_input *inputs;
	comscan_com *model = NULL;
	comscan_status st;
	int json = 0, i, lim, nfiles, rc = EXIT_HEALTHY, k;
	if (cli_help(argc, argv, COM_USAGE))
		return EXIT_HEALTHY;
	comscan_options_init(&opts);
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if ((lim = cli_common_option(argc, argv, &i, &opts)) <= 0) {
			if (lim == 0)
				fprintf(stderr, "comscan com: unknown option '%s'\n", argv[i]);
			fputs(COM_USAGE, stderr);
			return EXIT_USAGE;
		}
	}
	nfiles = argc - i;
	if (nfiles <= 0) {
		fputs(COM_USAGE, stderr);
		return EXIT_USAGE;
	}
	if (!cli_stdin_once(argc, argv, i))
		return EXIT_USAGE;
	files = calloc((size_t)nfiles, sizeof *files);
	inputs = calloc((size_t)nfiles, sizeof *inputs);
	if (files == NULL || inputs == NULL) {
		fputs("comscan: out of memory\n", stderr);
		free(files);
		free(inputs);
		return EXIT_USAGE;
	}
	for (k = 0; k < nfiles; k++) {
		files[k] = cli_map(argv[i + k]);
		if (files[k] == NULL) {
			rc = EXIT_USAGE;
			continue;
		}
		inputs[k].data = comscan_file_data(files[k]);
		inputs[k].size = comscan_file_size(files[k]);
		inputs[k].name = argv[i + k];
	}
	if (rc == EXIT_HEALTHY) {
		st = comscan_com_build(inputs, (size_t)nfiles, &opts, &model);
		if (st != COMSCAN_OK) {
			fprintf(stderr, "comscan: %s\n", comscan_status_message(st));
			rc = EXIT_USAGE;
		} else {
			if (json) {
				comscan_com_render_json(model, cli_sink_file, stdout);
				fputs("\n", stdout);
			} else {
				if (cli_colour_wanted()) {
					cli_colour colour;
					cli_colour_init(&colour, stdout);
					comscan_com_render_text(model, cli_sink_colour, &colour);
					cli_colour_flush(&colour);
				} else {
					comscan_com_render_text(model, cli_sink_file, stdout);
				}
			}
			rc = comscan_findings_verdict(comscan_com_findings(model)) ==
			             COMSCAN_VERDICT_HEALTHY
			         ? EXIT_HEALTHY
			         : EXIT_CORRUPT;
		}
	}
	comscan_com_close(model);
	for (k = 0; k < nfiles; k++)
		comscan_file_close(files[k]);
	free(files);
	free(inputs);
	if (!cli_output_ok())
		return EXIT_USAGE;
	return rc;
}
