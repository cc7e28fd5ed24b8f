/*
 * diagnose.c - `comscan diagnose [--json] [OPTIONS] WINDOWS_DIR
 * [--reg FILE]... [--hive FILE]...`: why COM+ catalog access fails on a
 * Windows installation (docs/diagnose.md).  Without --reg or --hive the
 * registrations come from WINDOWS_DIR/System32/config/SOFTWARE.
 * Exit status: 0 healthy, 1 failing, 2 usage or I/O error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DIAGNOSE_USAGE                                                                           \
	"usage: comscan diagnose [--json] [OPTIONS] WINDOWS_DIR [--reg FILE]... [--hive FILE]...\n" \
	"  WINDOWS_DIR       a Windows directory (a mounted image or a copy): Registration\\R*.clb,\n" \
	"                    System32\\clbcatq.dll, ~clbcatq.dll, com\\comadmin.dll, config\\SOFTWARE\n" \
	"  --reg FILE        a .reg export of the registration (instead of config\\SOFTWARE)\n" \
	"  --hive FILE       a SOFTWARE hive (instead of config\\SOFTWARE), mounted at\n" \
	"                    HKEY_LOCAL_MACHINE\\SOFTWARE unless --mount says otherwise\n" \
	"  (a FILE whose content is not a .reg export or a hive is a usage error)\n" CLI_COMMON_USAGE

/* The dumps named by --reg and --hive, mapped. */
typedef struct dumps {
	comscan_file **files;
	comscan_com_input *inputs;
	size_t n;
} dumps;

/* Parses the arguments; returns EXIT_HEALTHY or EXIT_USAGE. */
static int
parse(int argc, char **argv, comscan_options *opts, int *json, const char **dir, dumps *d)
{
	int i, lim, positional = 0;
	d->files = calloc((size_t)argc, sizeof *d->files);
	d->inputs = calloc((size_t)argc, sizeof *d->inputs);
	if (d->files == NULL || d->inputs == NULL) {
		fputs("comscan: out of memory\n", stderr);
		return EXIT_USAGE;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0 && !positional) {
			positional = 1;
		} else if (positional) {
			if (*dir != NULL) {
				fprintf(stderr, "comscan diagnose: one WINDOWS_DIR only ('%s' is a second)\n",
				    argv[i]);
				return EXIT_USAGE;
			}
			*dir = argv[i];
		} else if (strcmp(argv[i], "--json") == 0) {
			*json = 1;
		} else if (strcmp(argv[i], "--reg") == 0 || strcmp(argv[i], "--hive") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "comscan diagnose: %s needs a file\n", argv[i]);
				return EXIT_USAGE;
			}
			d->inputs[d->n].name = argv[++i];
			d->n++;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			if ((lim = cli_common_option(argc, argv, &i, opts)) <= 0) {
				if (lim == 0)
					fprintf(stderr, "comscan diagnose: unknown option '%s'\n", argv[i]);
				return EXIT_USAGE;
			}
		} else if (*dir == NULL) {
			*dir = argv[i];
		} else {
			fprintf(stderr, "comscan diagnose: one WINDOWS_DIR only ('%s' is a second)\n",
			    argv[i]);
			return EXIT_USAGE;
		}
	}
	if (*dir == NULL) {
		fputs("comscan diagnose: WINDOWS_DIR is missing\n", stderr);
		return EXIT_USAGE;
	}
	return cli_stdin_once(argc, argv, 1) ? EXIT_HEALTHY : EXIT_USAGE;
}

/* Maps every dump; EXIT_USAGE (messages printed) when one cannot be
 * read or is not a registration dump. */
static int
map_dumps(dumps *d)
{
	size_t k;
	int rc = EXIT_HEALTHY;
	for (k = 0; k < d->n; k++) {
		comscan_kind kind;
		d->files[k] = cli_map(d->inputs[k].name);
		if (d->files[k] == NULL) {
			rc = EXIT_USAGE;
			continue;
		}
		d->inputs[k].data = comscan_file_data(d->files[k]);
		d->inputs[k].size = comscan_file_size(d->files[k]);
		kind = comscan_detect_kind(d->inputs[k].data, d->inputs[k].size);
		if (kind != COMSCAN_KIND_REG && kind != COMSCAN_KIND_REGF) {
			char why[128];
			snprintf(why, sizeof why, "not a .reg export or a hive (its content is %s)",
			    comscan_kind_name(kind));
			cli_path_error(d->inputs[k].name, why);
			rc = EXIT_USAGE;
		}
	}
	return rc;
}

/* The text report, coloured for a terminal. */
static void
render_text(const comscan_diagnosis *diag, const char *dir)
{
	cli_colour colour;
	if (!cli_colour_wanted()) {
		comscan_diagnosis_render_text(diag, dir, cli_sink_file, stdout);
		return;
	}
	cli_colour_init(&colour, stdout);
	comscan_diagnosis_render_text(diag, dir, cli_sink_colour, &colour);
	cli_colour_flush(&colour);
}

/* Diagnoses and prints; returns the exit status. */
static int
run(const char *dir, const dumps *d, const comscan_options *opts, int json)
{
	char failed[4096];
	comscan_windir *w = NULL;
	comscan_diagnosis *diag = NULL;
	const comscan_diag_file *files;
	size_t n;
	comscan_status st = comscan_windir_open(dir, d->n ? COMSCAN_WINDIR_NO_HIVE : 0, NULL, &w,
	    failed, sizeof failed);
	int rc;
	if (st != COMSCAN_OK) {
		cli_path_error(failed, st == COMSCAN_ERR_IO || st == COMSCAN_ERR_NOT_FILE
		                           ? strerror(errno)
		                           : comscan_status_message(st));
		return EXIT_USAGE;
	}
	files = comscan_windir_files(w, &n);
	cli_progress_begin();
	cli_progress_file(0, 1, dir, 0);
	st = comscan_diagnose(files, n, d->inputs, d->n, opts, &diag);
	cli_progress_end();
	if (st != COMSCAN_OK) {
		fprintf(stderr, "comscan: %s\n", comscan_status_message(st));
		comscan_windir_close(w);
		return EXIT_USAGE;
	}
	if (json)
		comscan_diagnosis_render_json(diag, dir, cli_sink_file, stdout);
	else
		render_text(diag, dir);
	rc = comscan_diagnosis_failing(diag) ? EXIT_CORRUPT : EXIT_HEALTHY;
	comscan_diagnosis_close(diag);
	comscan_windir_close(w);
	return rc;
}

int
cmd_diagnose(int argc, char **argv)
{
	comscan_options opts;
	dumps d = { NULL, NULL, 0 };
	const char *dir = NULL;
	int json = 0, rc;
	size_t k;
	if (cli_help(argc, argv, DIAGNOSE_USAGE))
		return EXIT_HEALTHY;
	comscan_options_init(&opts);
	rc = parse(argc, argv, &opts, &json, &dir, &d);
	/* the hives given are SOFTWARE hives, whatever their base block says */
	if (opts.regf_mount == NULL)
		opts.regf_mount = "HKEY_LOCAL_MACHINE\\SOFTWARE";
	if (rc != EXIT_HEALTHY)
		fputs(DIAGNOSE_USAGE, stderr);
	else
		rc = map_dumps(&d);
	if (rc == EXIT_HEALTHY)
		rc = run(dir, &d, &opts, json);
	for (k = 0; k < d.n; k++)
		comscan_file_close(d.files[k]);
	free(d.files);
	free(d.inputs);
	if (!cli_output_ok())
		return EXIT_USAGE;
	return rc;
}
