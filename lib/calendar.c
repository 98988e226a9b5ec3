/*
 * calendar.c - which dates are working days (SPEC §5).
 *
 * A date is a working day unless its weekday is a weekend day, except
 * where a calendar file says otherwise: "2026-02-15 off 春节" is a holiday,
 * "2026-02-14 work 春节调休" a make-up workday on a weekend.  The shipped
 * calendar (share/cmp/calendars/cn.txt) is generated from the State
 * Council's notices by tools/gen-calendar.  A year with no line in any
 * loaded file is not covered: it is counted by weekends alone, with one
 * warning (or, with [calendar] strict = yes, an error, 78).
 *
 * Dates are day numbers (days since 1970-01-01), from Howard Hinnant's
 * civil-calendar algorithms, so that stepping a day is adding one.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct calday {
	long day;
	size_t seq;	/* load order: of two entries for a day, the later wins */
	int work;
	char *name;
};

struct calendar {
	unsigned weekend;	/* bit i: weekday i (0 = Sunday) is off */
	int strict;
	struct calday *days;
	size_t n, cap;
	int sorted;
	unsigned char covered[512];	/* years 1900..2411 with data */
	unsigned char warned[512];
	int warned_outside;	/* the last year out of that range warned of */
};

long
day_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
civil_from_day(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* 0 = Sunday … 6 = Saturday. */
int
weekday_of_day(long day)
{
	long w = (day + 4) % 7;	/* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

struct calendar *
calendar_new(unsigned weekend_mask, int strict)
{
	struct calendar *cal = xcalloc(1, sizeof *cal);

	cal->weekend = weekend_mask;
	cal->strict = strict;
	cal->sorted = 1;
	cal->warned_outside = INT_MIN;
	return cal;
}

void
calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	for (size_t i = 0; i < cal->n; i++)
		free(cal->days[i].name);
	free(cal->days);
	free(cal);
}

static int
year_slot(int y)
{
	return y >= 1900 && y < 1900 + 512 ? y - 1900 : -1;
}

/*
 * Load the calendar file PATH.  Return 0, or the number of the first bad
 * line (ERR says what), or -1 when it cannot be opened (ERR has strerror).
 * A later file overrides an earlier one for the same date.
 */
int
calendar_load(struct calendar *cal, const char *path, struct buf *err)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int bad = 0;

	if (!fp) {
		buf_printf(err, _("%s: cannot open calendar:"), path);
		return -1;
	}
	while (!bad && (len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		char *p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		size_t dl = strcspn(p, " \t");
		char *kind = p + dl + strspn(p + dl, " \t");
		size_t kl = strcspn(kind, " \t");
		char *name = kind + kl + strspn(kind + kl, " \t");
		char date[11];
		time_t t;
		int y, m, d;
		if (dl != 10 || (memcpy(date, p, 10), date[10] = '\0', time_parse(date, &t) != 0)) {
			buf_printf(err, _("bad date \"%.*s\": expected YYYY-MM-DD off|work [name]"), (int)dl, p);
			bad = 1;
			break;
		}
		if (!((kl == 3 && strncmp(kind, "off", 3) == 0) || (kl == 4 && strncmp(kind, "work", 4) == 0))) {
			buf_printf(err, _("\"%.*s\": expected off or work after the date"), (int)kl, kind);
			bad = 1;
			break;
		}
		sscanf(date, "%d-%d-%d", &y, &m, &d);
		if (cal->n == cal->cap) {
			cal->cap = cal->cap ? cal->cap * 2 : 256;
			cal->days = xrealloc(cal->days, cal->cap * sizeof *cal->days);
		}
		struct calday *c = &cal->days[cal->n++];
		c->day = day_from_civil(y, m, d);
		c->seq = cal->n - 1;
		c->work = kind[0] == 'w';
		c->name = xstrdup(name);
		if (cal->n > 1 && c->day <= cal->days[cal->n - 2].day)
			cal->sorted = 0;
		/* A year is covered by its holidays: the notice for 2007 also
		 * lists make-up workdays of late 2006, which say nothing of 2006. */
		if (year_slot(y) >= 0 && !c->work)
			cal->covered[year_slot(y)] = 1;
	}
	if (!bad && ferror(fp)) {
		buf_printf(err, _("%s: read error:"), path);
		bad = -1;
	}
	free(line);
	fclose(fp);
	if (bad)
		return bad < 0 ? -1 : (int)lineno;
	return 0;
}

static int
cmp_day(const void *a, const void *b)
{
	const struct calday *x = a, *y = b;

	if (x->day != y->day)
		return (x->day > y->day) - (x->day < y->day);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

int
calendar_covers(const struct calendar *cal, int year)
{
	int s = year_slot(year);
	return s >= 0 && cal->covered[s];
}

static void
check_coverage(struct calendar *cal, int year)
{
	int s = year_slot(year);

	if (cal->n == 0 || calendar_covers(cal, year) || (s >= 0 && cal->warned[s]) ||
	    (s < 0 && cal->warned_outside == year))
		return;
	if (cal->strict)
		die(EX_CONFIG, "calendar has no data for %d ([calendar] strict = yes)", year);
	warnx("calendar has no data for %d: counting weekends only", year);
	if (s >= 0)
		cal->warned[s] = 1;
	else
		cal->warned_outside = year;
}

/*
 * Is DAY a working day?  *NAME, when not NULL, gets the calendar's name
 * for the day (a holiday or make-up workday) or NULL.
 */
int
calendar_is_workday(struct calendar *cal, long day, const char **name)
{
	int y, m, d;

	if (!cal->sorted) {
		if (cal->n > 1)
			qsort(cal->days, cal->n, sizeof *cal->days, cmp_day);
		cal->sorted = 1;
	}
	if (name)
		*name = NULL;
	civil_from_day(day, &y, &m, &d);
	check_coverage(cal, y);
	size_t lo = 0, hi = cal->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cal->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < cal->n && cal->days[lo].day == day) {
		while (lo + 1 < cal->n && cal->days[lo + 1].day == day)
			lo++;
		if (name)
			*name = cal->days[lo].name;
		return cal->days[lo].work;
	}
	return !(cal->weekend & (1u << weekday_of_day(day)));
}

/*
 * N working days from T (SPEC §5): the same clock time on the N-th working
 * day after T's date; a T on a non-working day first moves to 00:00 of the
 * next working day, which is day 0.
 */
time_t
workdays_add(struct calendar *cal, time_t t, long n)
{
	struct tm tm;

	local_tm(t, &tm);
	long day = day_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	if (!calendar_is_workday(cal, day, NULL)) {
		do
			day++;
		while (!calendar_is_workday(cal, day, NULL));
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	}
	while (n > 0) {
		day++;
		if (calendar_is_workday(cal, day, NULL))
			n--;
	}
	int y, m, d;
	civil_from_day(day, &y, &m, &d);
	struct tm r = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
	    .tm_hour = tm.tm_hour, .tm_min = tm.tm_min, .tm_sec = tm.tm_sec,
	    .tm_isdst = -1 };
	return local_mktime(&r);
}

/* The local midnight that starts DAY. */
static time_t
day_start(long day)
{
	int y, m, d;

	civil_from_day(day, &y, &m, &d);
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1 };
	return local_mktime(&tm);
}

static long
day_of(time_t t)
{
	struct tm tm;

	local_tm(t, &tm);
	return day_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/*
 * The working time between A and B: the seconds of [A, B) that fall on
 * working days (0 when B is not after A).  A hold measures in it how far
 * it moves a deadline counted in working days.
 */
long long
worktime_between(struct calendar *cal, time_t a, time_t b)
{
	long long secs = 0;

	while (a < b) {
		long day = day_of(a);
		time_t end = day_start(day + 1);
		if (end > b)
			end = b;
		if (calendar_is_workday(cal, day, NULL))
			secs += end - a;
		a = end;
	}
	return secs;
}

/*
 * T moved on by SECS seconds of working time: a T on a non-working day
 * first moves to 00:00 of the next working day, and a day's end is the
 * next working day's start, so the result always lies on a working day.
 */
time_t
worktime_add(struct calendar *cal, time_t t, long long secs)
{
	long day = day_of(t);

	if (secs <= 0)
		return t;
	for (;;) {
		if (!calendar_is_workday(cal, day, NULL)) {
			t = day_start(++day);
			continue;
		}
		time_t end = day_start(day + 1);
		if (secs < end - t)
			return t + (time_t)secs;
		secs -= end - t;
		t = end;
		day++;
	}
}
