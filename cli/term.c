/*
 * term.c - what the command does only for a person at a terminal:
 *
 *  - colour: the severity words and the verdict of text reports, when
 *    standard output is a terminal and NO_COLOR is not set (any value; see
 *    no-color.org), or when CLICOLOR_FORCE is set (for tests); NO_COLOR
 *    always wins.  A sink filter: it looks at the start of each line only.
 *  - progress: when a scan has run for more than a second and standard
 *    error is a terminal, one line on stderr says which file of how many
 *    is being read (SIGALRM once a second; the handler only write()s a
 *    line prepared beforehand), erased before a report is printed (the
 *    signal is blocked meanwhile, so the two never interleave) and when
 *    the scan ends.
 */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "cli.h"

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define GREEN "\033[32m"
#define DIM "\033[2m"
#define BOLD_RED "\033[1;31m"
#define RESET "\033[0m"

/* A line start that is coloured, and how. */
static const struct {
	const char *prefix, *before, *word, *after;
} marks[] = {
	{ "  error   ", "  ", RED "error" RESET, "   " },
	{ "  warning ", "  ", YELLOW "warning" RESET, " " },
	{ "  note    ", "  ", DIM "note" RESET, "    " },
	{ "verdict: FAILING", "verdict: ", BOLD_RED "FAILING" RESET, "" },
	{ "verdict: HEALTHY", "verdict: ", GREEN "HEALTHY" RESET, "" },
	{ "  verdict: corrupt", "  verdict: ", RED "corrupt" RESET, "" },
	{ "  verdict: healthy", "  verdict: ", GREEN "healthy" RESET, "" },
};

int
cli_colour_wanted(void)
{
	const char *no = getenv("NO_COLOR"), *force = getenv("CLICOLOR_FORCE");
	if (no != NULL && no[0] != '\0')
		return 0;
	if (force != NULL && force[0] != '\0' && strcmp(force, "0") != 0)
		return 1;
	return isatty(STDOUT_FILENO);
}

/* Whether some mark's prefix starts with the n bytes at p. */
static int
could_match(const char *p, size_t n)
{
	size_t k;
	for (k = 0; k < sizeof marks / sizeof marks[0]; k++)
		if (strlen(marks[k].prefix) >= n && memcmp(marks[k].prefix, p, n) == 0)
			return 1;
	return 0;
}

/* The mark whose whole prefix is the n bytes at p, or -1. */
static int
matches(const char *p, size_t n)
{
	size_t k;
	for (k = 0; k < sizeof marks / sizeof marks[0]; k++)
		if (strlen(marks[k].prefix) == n && memcmp(marks[k].prefix, p, n) == 0)
			return (int)k;
	return -1;
}

int
cli_sink_colour(void *ctx, const char *data, size_t len)
{
	cli_colour *c = ctx;
	size_t i;
	for (i = 0; i < len; i++) {
		char b = data[i];
		int k;
		if (!c->deciding) {
			if (fputc(b, c->f) == EOF)
				return -1;
			if (b == '\n')
				c->deciding = 1, c->n = 0;
			continue;
		}
		c->pend[c->n++] = b;
		if ((k = matches(c->pend, c->n)) >= 0) {
			fputs(marks[k].before, c->f);
			fputs(marks[k].word, c->f);
			fputs(marks[k].after, c->f);
			c->deciding = 0;
		} else if (b == '\n' || !could_match(c->pend, c->n) || c->n == sizeof c->pend) {
			if (fwrite(c->pend, 1, c->n, c->f) != c->n)
				return -1;
			c->deciding = b != '\n' ? 0 : 1;
			c->n = 0;
		}
	}
	return ferror(c->f) ? -1 : 0;
}

void
cli_colour_init(cli_colour *c, FILE *f)
{
	memset(c, 0, sizeof *c);
	c->f = f;
	c->deciding = 1;
}

void
cli_colour_flush(cli_colour *c)
{
	if (c->n > 0)
		fwrite(c->pend, 1, c->n, c->f);
	c->n = 0;
}

/* ---- progress ------------------------------------------------------------ */

static char progress_line[2][320];
static volatile sig_atomic_t progress_cur = -1; /* the line to show, or -1 */
static volatile sig_atomic_t progress_shown;
static int progress_on;

static void
on_alarm(int sig)
{
	int cur = progress_cur;
	(void)sig;
	if (cur < 0)
		return;
	/* write() is async-signal-safe; the line was prepared beforehand */
	if (write(STDERR_FILENO, progress_line[cur], strlen(progress_line[cur])) > 0)
		progress_shown = 1;
}

void
cli_progress_begin(void)
{
	struct sigaction sa;
	struct itimerval it = { { 1, 0 }, { 1, 0 } };
	if (!isatty(STDERR_FILENO))
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) != 0 || setitimer(ITIMER_REAL, &it, NULL) != 0)
		return;
	progress_on = 1;
}

void
cli_progress_file(size_t index, size_t total, const char *path, unsigned long long size)
{
	int next;
	if (!progress_on)
		return;
	next = progress_cur == 0 ? 1 : 0;
	snprintf(progress_line[next], sizeof progress_line[next],
	    "\rcomscan: file %zu of %zu, %.200s (%llu MB)\033[K", index + 1, total, path,
	    size >> 20);
	progress_cur = next;
}

void
cli_progress_pause(void)
{
	sigset_t set;
	if (!progress_on)
		return;
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (progress_shown && write(STDERR_FILENO, "\r\033[K", 4) > 0)
		progress_shown = 0;
}

void
cli_progress_resume(void)
{
	sigset_t set;
	if (!progress_on)
		return;
	sigemptyset(&set);
	sigaddset(&set, SIGALRM);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

void
cli_progress_end(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	if (!progress_on)
		return;
	setitimer(ITIMER_REAL, &off, NULL);
	progress_cur = -1;
	progress_on = 0;
	if (progress_shown && write(STDERR_FILENO, "\r\033[K", 4) < 0)
		return;
}
