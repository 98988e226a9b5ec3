/*
 * ticket.c - the small steps of the workflow on one ticket, shared by the
 * tools that change tickets: counters, refusals that name the ticket and
 * its state, and the reopening (SPEC §6: a dissatisfied visit and
 * cmp-close --reopen reopen a ticket the same way).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/* The counter FIELD of T (empty reads as 0); bad data (65) if not a count. */
long
ticket_count(const struct rec *t, const char *field)
{
	const char *v = rec_str(t, field);
	char *end;

	if (!*v)
		return 0;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*end || errno || n < 0)
		die(EX_DATAERR, "%s: %s: \"%s\" is not a count", rec_str(t, "id"), field, v);
	return n;
}

/* Add one to the counter FIELD of T. */
void
ticket_bump(struct rec *t, const char *field)
{
	char *v = xasprintf("%ld", ticket_count(t, field) + 1);

	rec_set(t, field, v);
	free(v);
}

/*
 * Refuse a step on ticket T, named WHERE, that its state does not allow:
 * "WHERE: status S: why", exit 65.
 */
_Noreturn void
ticket_refuse(const char *where, const struct rec *t, const char *fmt, ...)
{
	va_list ap;
	char *why;

	va_start(ap, fmt);
	if (vasprintf(&why, _(fmt), ap) < 0)
		die(EX_OSERR, "out of memory");
	va_end(ap);
	die(EX_DATAERR, "%s: status %s: %s", where, *rec_str(t, "status") ? rec_str(t, "status") : _("(empty)"), why);
}

/*
 * Reopen T at NOW (二次处理): assigned again, reopens counted, the reply
 * and resolve deadlines counted anew from NOW, the resolution's times
 * cleared (the journal keeps them).
 */
void
ticket_reopen(const struct policy *p, struct rec *t, time_t now)
{
	rec_set(t, "status", "assigned");
	ticket_bump(t, "reopens");
	deadlines_reopen(p, t, now);
	rec_set(t, "replied_at", "");
	rec_set(t, "resolved_at", "");
	rec_set(t, "feedback_due", "");
	rec_set(t, "feedback_at", "");
}
