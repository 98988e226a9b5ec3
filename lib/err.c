/*
 * err.c - one way to speak to the user and to stop.
 *
 * Every message is "progname: text"; a text ending in ':' gets
 * strerror(errno) appended, as in sbase's eprintf.  die() exits with one of
 * the codes of SPEC §7 (sysexits.h names them).  Formats are translated
 * here, not at each call: the catalogue (po/, `make pot`) takes its
 * msgids from the format arguments of die(), warnx(), usage_error() and
 * the like, and a text that ends in ':' in English gets strerror however
 * its translation ends.  Temporary files a tool creates in the store are
 * registered here so that they are removed on every exit path and on the
 * usual signals; kill -9 leaves them for the next writer to sweep
 * (commit.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

const char *progname = "cmp";

static char **tmpfiles;
static size_t ntmpfiles;

void
setprogname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');
	progname = slash ? slash + 1 : argv0;
}

/* What die() adds to its message while set (die_also). */
static const char *die_tail;

/* The message: PROGNAME, FMT, strerror when FMT ends in ':', and TAIL. */
static void
vmsg_tail(const char *fmt, va_list ap, const char *tail)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, n ? _(fmt) : fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	if (tail)
		fprintf(stderr, " (%s)", _(tail));
	fputc('\n', stderr);
}

void
vmsg(const char *fmt, va_list ap)
{
	vmsg_tail(fmt, ap, NULL);
}

/*
 * While TEXT is set (NULL clears it), every die() message ends with it in
 * parentheses: once a store change has passed its commit point, a failure
 * must say that the change is made, or a script would repeat it.
 */
void
die_also(const char *text)
{
	die_tail = text;
}

void
warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

static void unlink_tmpfiles(void);

/*
 * NULL in every tool.  A fuzz target (tests/fuzz/) must go on after a
 * parser refuses its input, and a parser refuses by calling die(): the
 * target sets this to a function that longjmps back to it, called after
 * the message and instead of leaving.
 */
void (*die_hook)(int code);

_Noreturn void
die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg_tail(fmt, ap, die_tail);
	va_end(ap);
	if (die_hook)
		die_hook(code);
	leave(code);
}

/*
 * End a refused command with CODE: do what exit() would (flush every
 * stream, remove our temporary files), then leave without the exit
 * handlers.  A refusal ends the process in the middle of its work, and
 * LeakSanitizer would report what is still allocated or not, depending
 * on what the stack and open streams happen to hold.
 */
_Noreturn void
leave(int code)
{
	fflush(NULL);
	unlink_tmpfiles();
	_exit(code);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EX_OSERR, "out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die(EX_OSERR, "out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EX_OSERR, "out of memory");
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static void
unlink_tmpfiles(void)
{
	for (size_t i = 0; i < ntmpfiles; i++)
		if (tmpfiles[i])
			unlink(tmpfiles[i]);
}

static void
on_signal(int sig)
{
	unlink_tmpfiles();
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Remove PATH when the process exits or is stopped by SIGINT, SIGTERM,
 * SIGHUP or SIGPIPE, unless atexit_forget() is called for it first (the
 * file was renamed into place).
 */
void
atexit_unlink(const char *path)
{
	static int installed;

	if (!installed) {
		atexit(unlink_tmpfiles);
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		installed = 1;
	}
	tmpfiles = xrealloc(tmpfiles, (ntmpfiles + 1) * sizeof *tmpfiles);
	tmpfiles[ntmpfiles++] = xstrdup(path);
}

void
atexit_forget(const char *path)
{
	for (size_t i = 0; i < ntmpfiles; i++)
		if (tmpfiles[i] && strcmp(tmpfiles[i], path) == 0) {
			free(tmpfiles[i]);
			tmpfiles[i] = NULL;
		}
}
