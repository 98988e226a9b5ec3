/*
 * time.c - times as ISO 8601 text, and durations counted on a calendar.
 *
 * A time is a time_t.  Input takes full ISO 8601 with an offset or Z, and
 * the local forms "2026-11-22 09:30[:ss]" and "2026-11-22T09:30[:ss]" and a
 * bare date (its midnight), read in the local zone (TZ; Asia/Shanghai's
 * fixed UTC+8 when TZ is unset).  Impossible dates and times are refused,
 * never normalised.  Output is always "2026-11-22T09:30:00+08:00" in the
 * local zone.
 *
 * Durations (SPEC §5): 0, Nm, Nh, Nd (calendar days: the same clock time N
 * dates later), Nwd (working days, see calendar.c).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/*
 * China has kept UTC+8 without daylight saving since 1991; a POSIX rule
 * says that without needing tzdata on the machine.
 */
void
time_local_tz_default(void)
{
	const char *tz = getenv("TZ");

	if (!tz || !*tz)
		setenv("TZ", "CST-8", 1);
	tzset();
	local_time_reset();
}

static int
digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

/*
 * Parse S into *OUT.  Return 0, or -1 when S is not one of the accepted
 * forms or names an impossible date or time.
 */
int
time_parse(const char *s, time_t *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0;
	int has_off = 0, off = 0;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo))
		return -1;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
			return -1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec))
				return -1;
			if (*p == '.' || *p == ',') {	/* fractions are dropped */
				p++;
				if (!isdigit((unsigned char)*p))
					return -1;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (h > 23 || mi > 59 || sec > 59)
			return -1;
		if (*p == 'Z' || *p == 'z') {
			has_off = 1;
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
			if (digits(&p, 2, &oh))
				return -1;
			/* +08, +0800 or +08:00; a colon needs the minutes. */
			if (*p == ':' && !*++p)
				return -1;
			if (*p && digits(&p, 2, &om))
				return -1;
			if (oh > 14 || om > 59)
				return -1;
			has_off = 1;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p)
		return -1;
	if (has_off) {
		*out = (time_t)day_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
		return 0;
	}
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	    .tm_hour = h, .tm_min = mi, .tm_sec = sec, .tm_isdst = -1 };
	time_t t = local_mktime(&tm);
	/* A local time that does not exist (a daylight-saving gap) moves. */
	if (tm.tm_hour != h || tm.tm_min != mi || tm.tm_mday != d)
		return -1;
	*out = t;
	return 0;
}

/* Format T as ISO 8601 in the local zone with its offset; return OUT. */
char *
time_format(time_t t, char out[TIMEBUF])
{
	struct tm tm;
	long off;

	local_tm(t, &tm);
	off = tm.tm_gmtoff;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out, TIMEBUF, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec, sign, off / 3600, off / 60 % 60);
	return out;
}

/*
 * Parse a duration: "" (none: the stage does not exist), 0, Nm, Nh, Nd or
 * Nwd.  Return 0, or -1 when S is none of these.
 */
int
duration_parse(const char *s, struct duration *d)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	if (!*s) {
		d->unit = DUR_NONE;
		d->n = 0;
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	long n = strtol(s, &end, 10);
	if (errno || n > 100000)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (strcmp(end, "") == 0 && n == 0)
		d->unit = DUR_MIN;
	else if (strcmp(end, "m") == 0)
		d->unit = DUR_MIN;
	else if (strcmp(end, "h") == 0)
		d->unit = DUR_HOUR;
	else if (strcmp(end, "d") == 0)
		d->unit = DUR_DAY;
	else if (strcmp(end, "wd") == 0)
		d->unit = DUR_WDAY;
	else
		return -1;
	d->n = n;
	return 0;
}

/* D as cmp.conf writes it (15wd, 24h), into OUT of SIZE; "" for none. */
const char *
duration_format(const struct duration *d, char *out, size_t size)
{
	static const char *const unit[] = { "", "m", "h", "d", "wd" };

	if (d->unit == DUR_NONE)
		snprintf(out, size, "%s", "");
	else
		snprintf(out, size, "%ld%s", d->n, unit[d->unit]);
	return out;
}

int
duration_is_set(const struct duration *d)
{
	return d->unit != DUR_NONE;
}

/* T plus D; calendar days keep the local clock time. */
time_t
duration_add(struct calendar *cal, time_t t, const struct duration *d)
{
	switch (d->unit) {
	case DUR_MIN:
		return t + d->n * 60;
	case DUR_HOUR:
		return t + d->n * 3600;
	case DUR_DAY: {
		struct tm tm;
		local_tm(t, &tm);
		tm.tm_mday += (int)d->n;
		tm.tm_isdst = -1;
		return local_mktime(&tm);
	}
	case DUR_WDAY:
		return workdays_add(cal, t, d->n);
	case DUR_NONE:
		break;
	}
	return t;
}
