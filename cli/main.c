/*
 * main.c - comscan: strict parser and corruption classifier for COM+
 * catalogs (.clb) and CLI metadata in PE images.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: comscan scan [--json] [--recursive] [OPTIONS] FILE|DIR...\n"
    "       comscan dump [--format text|tsv|reg] [OPTIONS] FILE\n"
    "       comscan com [--json] [OPTIONS] FILE...\n"
    "       comscan diagnose [--json] [OPTIONS] WINDOWS_DIR [--reg FILE]... [--hive FILE]...\n"
    "       comscan codes [--markdown]\n"
    "       comscan --version | --help\n"
    "\n"
    "  scan   report the kind, verdict, classes and findings of each file (a DIR:\n"
    "         the files in it, -r below it, then a summary by kind and class)\n"
    "  dump   the structure of a catalog or image, or the keys and values of a\n"
    "         registry dump (tsv: one line per key and value; reg: canonical .reg)\n"
    "  com    the COM classes registered by registry dumps, and every finding\n"
    "  diagnose  why COM+ catalog access fails on a Windows directory (KB Q310412\n"
    "         family): exit 0 healthy, 1 failing, 2 usage or I/O error\n"
    "  codes  list every finding code (--markdown: the docs/findings.md table)\n"
    "\n"
    "OPTIONS (each reached limit is reported as a limit-exceeded finding):\n" CLI_COMMON_USAGE
    "\n"
    "A FILE of - is standard input.  comscan COMMAND --help shows one command's options.\n"
    "exit status: 0 every file healthy, 1 a file is corrupt, 2 usage or I/O error\n";

static char map_error[256];

int
cli_common_option(int argc, char **argv, int *i, comscan_options *opts)
{
	static const char *const names[] = { "--max-findings", "--max-streams", "--max-sections",
		"--max-rows", "--max-depth", "--max-value" };
	uint32_t *fields[] = { &opts->limits.max_findings, &opts->limits.max_streams,
		&opts->limits.max_pe_sections, &opts->limits.max_table_rows,
		&opts->limits.max_key_depth, &opts->limits.max_value_size };
	unsigned long v;
	char *end;
	size_t k;
	if (strcmp(argv[*i], "--compat") == 0) {
		opts->flags |= COMSCAN_FLAG_REG_COMPAT;
		return 1;
	}
	if (strcmp(argv[*i], "--mount") == 0) {
		comscan_options probe = *opts;
		comscan_report *r = NULL;
		if (*i + 1 >= argc) {
			fputs("comscan: --mount needs a key path\n", stderr);
			return -1;
		}
		probe.regf_mount = argv[*i + 1];
		/* the library says whether the path is acceptable */
		if (comscan_scan_buffer(NULL, 0, &probe, &r) != COMSCAN_OK) {
			fprintf(stderr, "comscan: --mount wants names joined by single backslashes "
			                "(printable ASCII), not '%s'\n", argv[*i + 1]);
			return -1;
		}
		comscan_report_close(r);
		opts->regf_mount = argv[*i + 1];
		*i += 1;
		return 1;
	}
	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (strcmp(argv[*i], names[k]) == 0)
			break;
	if (k == sizeof names / sizeof names[0])
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "comscan: %s needs a value\n", names[k]);
		return -1;
	}
	errno = 0;
	v = strtoul(argv[*i + 1], &end, 10);
	if (errno != 0 || *end != '\0' || argv[*i + 1][0] == '-' || v == 0 || v > UINT32_MAX) {
		fprintf(stderr, "comscan: %s wants a whole number from 1 to %lu, not '%s'\n",
		    names[k], (unsigned long)UINT32_MAX, argv[*i + 1]);
		return -1;
	}
	*fields[k] = (uint32_t)v;
	*i += 1;
	return 1;
}

int
cli_help(int argc, char **argv, const char *text)
{
	int i;
	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(text, stdout);
			return 1;
		}
	return 0;
}

int
cli_output_ok(void)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 1;
	fprintf(stderr, "comscan: error writing output: %s\n", strerror(errno ? errno : EIO));
	return 0;
}

int
cli_stdin_once(int argc, char **argv, int from)
{
	int i, n = 0;
	for (i = from; i < argc; i++)
		n += strcmp(argv[i], "-") == 0;
	if (n > 1)
		fputs("comscan: standard input (-) can be read only once\n", stderr);
	return n <= 1;
}

int
cli_sink_file(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, (FILE *)ctx) == len ? 0 : -1;
}

void
cli_put_path(FILE *f, const char *path)
{
	for (; *path; path++) {
		unsigned char b = (unsigned char)*path;
		if (b >= 0x20 && b < 0x7F)
			fputc(b, f);
		else
			fprintf(f, "\\x%02x", b);
	}
}

void
cli_path_error(const char *path, const char *reason)
{
	/* off the progress line, which is held back meanwhile */
	cli_progress_pause();
	fputs("comscan: ", stderr);
	cli_put_path(stderr, path);
	fprintf(stderr, ": %s\n", reason);
	cli_progress_resume();
}

comscan_file *
cli_map(const char *path)
{
	comscan_file *f = NULL;
	/* "-": standard input, read whole (a stream cannot be mapped) */
	comscan_status st = strcmp(path, "-") == 0 ? comscan_file_read(0, 0, NULL, &f)
	                                           : comscan_file_open(path, NULL, &f);
	if (st == COMSCAN_OK)
		return f;
	if (st == COMSCAN_ERR_NOT_FILE && errno != EISDIR)
		snprintf(map_error, sizeof map_error, "not a regular file");
	else if (st == COMSCAN_ERR_IO || st == COMSCAN_ERR_NOT_FILE)
		snprintf(map_error, sizeof map_error, "%s", strerror(errno));
	else
		snprintf(map_error, sizeof map_error, "%s", comscan_status_message(st));
	cli_path_error(path, map_error);
	return NULL;
}

const char *
cli_map_error(void)
{
	return map_error;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage, stdout);
		return EXIT_HEALTHY;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("comscan %s\n", comscan_version());
		return EXIT_HEALTHY;
	}
	if (strcmp(argv[1], "scan") == 0)
		return cmd_scan(argc - 1, argv + 1);
	if (strcmp(argv[1], "dump") == 0)
		return cmd_dump(argc - 1, argv + 1);
	if (strcmp(argv[1], "codes") == 0)
		return cmd_codes(argc - 1, argv + 1);
	if (strcmp(argv[1], "com") == 0)
		return cmd_com(argc - 1, argv + 1);
	if (strcmp(argv[1], "diagnose") == 0)
		return cmd_diagnose(argc - 1, argv + 1);
	fprintf(stderr, "comscan: unknown command '%s'\n%s", argv[1], usage);
	return EXIT_USAGE;
}
