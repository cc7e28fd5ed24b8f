/*
 * term.c - what the command does only for a person at a terminal:
 *
 *  - colour: the severity words and the verdict of text reports, when
 *    standard output is a terminal and NO_COLOR is not set (any value; see
 *    no-color.org), or when CLICOLOR_FORCE is set (for tests); NO_COLOR
 *    always wins.  A sink filter: it looks at the start of each line only.
 *  - progress: when a scan has run for more than a second, standard error
 *    is a terminal this process owns the foreground of, and standard
 *    output goes elsewhere (a file, a pipe: the reports themselves show
 *    progress otherwise), one line on stderr says which file of how many
 *    is being read: SIGALRM once a second, whose handler only write()s a
 *    line prepared beforehand (the path escaped and cut to the terminal's
 *    width).  The line is erased before an error message and when the
 *    scan ends, with the signal blocked meanwhile so the two never mix.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <termios.h>
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
	const char *term = getenv("TERM");
	if (no != NULL && no[0] != '\0')
		return 0;
	if (force != NULL && force[0] != '\0' && strcmp(force, "0") != 0)
		return 1;
	return isatty(STDOUT_FILENO) && !(term != NULL && strcmp(term, "dumb") == 0);
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

static char progress_line[2][360];
static volatile sig_atomic_t progress_cur = -1; /* the line to show, or -1 */
static volatile sig_atomic_t progress_shown;
static int progress_on;

static size_t progress_width = 80;

static void
on_alarm(int sig)
{
	int cur = progress_cur, saved = errno;
	(void)sig;
	/* write() is async-signal-safe; the line was prepared beforehand */
	if (cur >= 0 && write(STDERR_FILENO, progress_line[cur], strlen(progress_line[cur])) > 0)
		progress_shown = 1;
	errno = saved;
}

/* Whether a progress line helps: stderr a terminal whose foreground we
 * hold, stdout not that same terminal, TERM not dumb. */
static int
progress_wanted(void)
{
	struct stat out, err;
	const char *term = getenv("TERM");
	if (!isatty(STDERR_FILENO) || tcgetpgrp(STDERR_FILENO) != getpgrp())
		return 0;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return 0;
	if (isatty(STDOUT_FILENO) && fstat(STDOUT_FILENO, &out) == 0 &&
	    fstat(STDERR_FILENO, &err) == 0 && out.st_rdev == err.st_rdev)
		return 0;
	return 1;
}

void
cli_progress_begin(void)
{
	struct sigaction sa;
	struct itimerval it = { { 1, 0 }, { 1, 0 } };
	struct winsize ws;
	if (!progress_wanted())
		return;
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		progress_width = ws.ws_col;
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
	char head[64], shown[256];
	size_t room, n, k, len = strlen(path);
	int next;
	if (!progress_on)
		return;
	next = progress_cur == 0 ? 1 : 0;
	n = (size_t)snprintf(head, sizeof head, "comscan: file %zu of %zu (%llu MB) ", index + 1,
	    total, size >> 20);
	/* the path's tail, printable ASCII only, within the terminal's width */
	room = progress_width > n + 1 ? progress_width - n - 1 : 0;
	if (room > sizeof shown - 1)
		room = sizeof shown - 1;
	for (k = 0; k < room && k < len; k++) {
		char c = path[len - (len < room ? len : room) + k];
		shown[k] = c >= 0x20 && c < 0x7F ? c : '?';
	}
	shown[k] = '\0';
	snprintf(progress_line[next], sizeof progress_line[next], "\r%s%s\033[K", head, shown);
	progress_cur = next;
}

int
cli_progress_active(void)
{
	return progress_on;
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
