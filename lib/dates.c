/*
 * dates.c - the times of a legacy log, in whatever form it wrote them.
 *
 * An import names the forms with strptime(3) patterns (--date-format,
 * repeatable), tried in order, then the ISO 8601 forms of time.c.  A
 * pattern only says how to read the text: the date and time read are
 * then checked as time.c checks its own, so that 2011-02-30, month 13 or
 * hour 25 are rejected, never rolled over into the next month or day as
 * mktime(3) would.  Text after what the pattern reads is refused too:
 * "03/01/2011 02:27:57 PM" is not read by "%m/%d/%Y" alone.  Fields the
 * pattern leaves out are the start of their unit (no day: the first, no
 * time: midnight); a pattern without a year reads nothing.  Times are in
 * the local zone (TZ) unless the pattern reads an offset (%z).
 *
 * Month and day names (%b, %a) and AM/PM (%p) are English: the tools never
 * set LC_TIME from the environment.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/* S read by the strptime pattern FMT into *OUT: 0, or -1. */
static int
by_pattern(const char *fmt, const char *s, time_t *out)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = INT_MIN;
	tm.tm_mday = 1;
	const char *end = strptime(s, fmt, &tm);
	if (!end || *end || tm.tm_year == INT_MIN)
		return -1;
	/* Hand the fields to time_parse(), which refuses impossible ones. */
	char iso[80];
	long long year = (long long)tm.tm_year + 1900;
	if (year < 0 || year > 9999 || tm.tm_mon < 0 || tm.tm_mon > 11)
		return -1;
	int n = snprintf(iso, sizeof iso, "%04lld-%02d-%02dT%02d:%02d:%02d", year,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (strstr(fmt, "%z")) {
		long off = tm.tm_gmtoff, a = off < 0 ? -off : off;
		snprintf(iso + n, sizeof iso - (size_t)n, "%c%02ld:%02ld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
	}
	return time_parse(iso, out);
}

/*
 * The time S into *OUT, read by the first of the N strptime patterns FMTS
 * that reads it whole, else by time_parse().  Return 0, or -1 when none
 * reads it or the date or time it names does not exist.
 */
int
date_parse(char *const *fmts, size_t n, const char *s, time_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (by_pattern(fmts[i], s, out) == 0)
			return 0;
	return time_parse(s, out);
}

/*
 * Every time field (field_is_time) of R that is not empty, read by
 * date_parse() and written back in ISO 8601 with the offset: 0, or -1
 * with WHY naming the first field that is not a time.
 */
int
dates_normalise(char *const *fmts, size_t n, struct rec *r, struct buf *why)
{
	char buf[TIMEBUF];

	for (size_t i = 0; i < r->n; i++) {
		struct field *f = &r->f[i];
		if (f->vlen == 0 || !field_is_time(f->name))
			continue;
		/* Spaces around a time are no part of it. */
		size_t a = 0, b = f->vlen;
		while (a < b && f->val[a] == ' ')
			a++;
		while (b > a && f->val[b - 1] == ' ')
			b--;
		if (a == b) {
			rec_set(r, f->name, "");
			continue;
		}
		char *v = xstrndup(f->val + a, b - a);
		time_t t;
		int bad = strlen(f->val) != f->vlen || date_parse(fmts, n, v, &t) != 0;
		free(v);
		if (bad) {
			buf_printf(why, _("%s: \"%s\" is not a date and time%s"), f->name, f->val,
			    n ? _(" in any --date-format") : _(" (give its form with --date-format)"));
			return -1;
		}
		rec_set(r, f->name, time_format(t, buf));
	}
	return 0;
}
