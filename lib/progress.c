/*
 * progress.c - a progress bar on standard error, for a long import.
 *
 * Only when standard error is a terminal: a log file or a cron mail gets
 * no carriage returns, and a pipe is silent (SPEC §6).  One line, drawn
 * over itself at most ten times a second: the rows read, the rows per
 * second, and, when the input is a file of known size, the share of its
 * bytes read and a bar; then, while the tickets are written to the store,
 * how many of them are.  The line is wiped when the work is done, so the
 * summary that follows stands alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cmp.h"

struct progress {
	long long total;	/* bytes, or -1 when unknown */
	double start, last;	/* seconds on the monotonic clock */
	int drawn;
	long rows;		/* read, once writing has begun */
};

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A progress bar for an input of TOTAL bytes (-1: unknown), or NULL when
 * standard error is not a terminal.  progress_*() take NULL and do
 * nothing with it.
 */
struct progress *
progress_new(long long total)
{
	if (!isatty(STDERR_FILENO))
		return NULL;
	struct progress *p = xcalloc(1, sizeof *p);
	p->total = total;
	p->start = p->last = seconds();
	return p;
}

static void
draw(struct progress *p, long rows, long long bytes, double now)
{
	double dt = now - p->start;
	long rate = dt > 0 ? (long)(rows / dt) : 0;

	fprintf(stderr, "\r%s: ", progname);
	fprintf(stderr, _("%ld rows, %ld rows/s"), rows, rate);
	if (p->total > 0) {
		int pct = (int)(bytes * 100 / p->total);
		int fill = pct / 5;
		if (pct > 100)
			pct = 100, fill = 20;
		fprintf(stderr, ", %3d%% [%.*s%*s]", pct, fill, "====================", 20 - fill, "");
	}
	fputs("\033[K", stderr);
	fflush(stderr);
	p->drawn = 1;
	p->last = now;
}

/* ROWS rows and BYTES bytes read so far: redraw if it is time to. */
void
progress_tick(struct progress *p, long rows, long long bytes)
{
	if (!p)
		return;
	/* The clock is cheap, but not free: look at it every 64 rows. */
	if (p->drawn && rows % 64 != 0)
		return;
	double now = seconds();
	if (!p->drawn || now - p->last >= 0.1)
		draw(p, rows, bytes, now);
}

/* Every row is read (ROWS, BYTES): draw it so; what follows is writing. */
void
progress_read(struct progress *p, long rows, long long bytes)
{
	if (!p)
		return;
	draw(p, rows, bytes, seconds());
	p->rows = rows;
}

/* DONE of TOTAL tickets written to the store. */
void
progress_write(struct progress *p, long done, long total)
{
	if (!p || (done % 64 != 0 && done != total))
		return;
	double now = seconds();
	if (now - p->last < 0.1 && done != total)
		return;
	fprintf(stderr, "\r%s: ", progname);
	fprintf(stderr, _("%ld rows read, writing %ld of %ld tickets"), p->rows, done, total);
	fputs("\033[K", stderr);
	fflush(stderr);
	p->last = now;
}

/* The work is done: wipe the line, free P. */
void
progress_done(struct progress *p)
{
	if (!p)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	free(p);
}
