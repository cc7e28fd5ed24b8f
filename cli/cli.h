/*
 * cli.h - shared pieces of the comscan command.  The command only parses
 * options and prints: every byte of input is read by the library.
 */
#ifndef COMSCAN_CLI_H
#define COMSCAN_CLI_H

#include <stdio.h>

#include "comscan/comscan.h"

/* Exit statuses (documented in README and comscan --help). */
#define EXIT_HEALTHY 0
#define EXIT_CORRUPT 1
#define EXIT_USAGE 2

/* A comscan_sink that writes to the FILE * in ctx. */
int cli_sink_file(void *ctx, const char *data, size_t len);

/* Writes path to f for people: printable ASCII kept, other bytes \xNN. */
void cli_put_path(FILE *f, const char *path);
/* Prints "comscan: PATH: reason" to stderr, PATH escaped. */
void cli_path_error(const char *path, const char *reason);

/* Whether the arguments of a subcommand (argv[1..argc), up to a "--")
 * ask for its help (--help or -h); if so, prints usage to stdout. */
int cli_help(int argc, char **argv, const char *usage);

/* Colour for a person at a terminal (term.c): whether to use it, and a
 * sink filter that colours the severity words and verdicts of text
 * reports on their way to f. */
int cli_colour_wanted(void);
typedef struct cli_colour {
	FILE *f;
	char pend[24]; /* the start of a line, until it is decided */
	size_t n;
	int deciding;  /* at a line start, prefix not decided yet  */
} cli_colour;
void cli_colour_init(cli_colour *c, FILE *f);
int cli_sink_colour(void *ctx, const char *data, size_t len);
void cli_colour_flush(cli_colour *c);
/* A progress line on stderr (a terminal) while a scan runs longer than a
 * second: begin, one call per file, end (which erases it). */
void cli_progress_begin(void);
void cli_progress_file(size_t index, size_t total, const char *path, unsigned long long size);
void cli_progress_end(void);
/* Whether a progress line may show (begin found a terminal for it). */
int cli_progress_active(void);
/* Around an error message: erases the progress line and holds it back. */
void cli_progress_pause(void);
void cli_progress_resume(void);

/* Flushes stdout; false (with "comscan: error writing output: reason" on
 * stderr) when writing failed. */
int cli_output_ok(void);

/* Whether "-" (standard input) appears at most once in argv[from..argc);
 * prints why not. */
int cli_stdin_once(int argc, char **argv, int from);

/* Maps path; on failure prints "comscan: PATH: reason" to stderr and
 * returns NULL. */
comscan_file *cli_map(const char *path);
/* The reason a map failed, for JSON error entries. */
const char *cli_map_error(void);

/* Parses an option shared by the commands (--compat and the limits
 * --max-findings N, --max-streams N, --max-sections N, --max-rows N,
 * --max-depth N, --max-value N) at argv[*i] into opts, advancing *i.
 * Returns 1 when argv[*i] was one, 0 when it is not, -1 on a bad value
 * (message printed). */
int cli_common_option(int argc, char **argv, int *i, comscan_options *opts);
#define CLI_COMMON_USAGE \
	"  --compat          .reg files: Windows-compatible mode (what Windows' importer accepts)\n" \
	"  --max-findings N  findings kept per file (default 10000)\n" \
	"  --max-streams N   metadata stream headers parsed (default 64)\n" \
	"  --max-sections N  PE section headers parsed (default 96)\n" \
	"  --max-rows N      rows checked per metadata table (default 16777215)\n" \
	"  --max-depth N     registry key nesting followed (default 512)\n" \
	"  --max-value N     bytes of one .reg value or hive value (default 67108864)\n" \
	"  --mount KEY       hives: the key path their root is mounted at in dumps and the COM\n" \
	"                    model (default: from the hive's file name, e.g. HKEY_LOCAL_MACHINE\\SOFTWARE)\n"

/* The transaction logs found next to a hive. */
typedef struct cli_logs {
	comscan_file *files[3];
	char *names[3];
	comscan_buffer bufs[3];
	size_t n;
} cli_logs;
/* Maps PATH.LOG1, PATH.LOG2 and PATH.LOG where they exist; returns how
 * many.  Close with cli_logs_close. */
size_t cli_find_logs(const char *path, cli_logs *logs);
void cli_logs_close(cli_logs *logs);

/* A growable array of heap strings (walk.c). */
typedef struct cli_strings {
	char **v;
	size_t n, cap;
} cli_strings;
/* Appends s (taken); 0 when memory runs out (s is then freed), else 1. */
int cli_strings_push(cli_strings *a, char *s);

/* The regular files in directory root (every one below it when
 * recursive; symbolic links to directories are not followed), with the
 * entries that could not be looked at, sorted, in *paths (free with
 * cli_walk_free); *skipped counts the subdirectories left out,
 * *unreadable the directories that could not be read.  Returns 0, or -1
 * when a directory could not be read or memory ran out (messages printed;
 * the files found are still returned). */
int cli_walk(const char *root, int recursive, char ***paths, size_t *npaths, size_t *skipped,
    size_t *unreadable);
void cli_walk_free(char **paths, size_t n);

int cmd_scan(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_codes(int argc, char **argv);
int cmd_diagnose(int argc, char **argv);
int cmd_com(int argc, char **argv);

#endif /* COMSCAN_CLI_H */
