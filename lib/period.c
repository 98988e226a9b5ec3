/*
 * period.c - the month, quarter or year a report covers (cmp-report
 * --period), and the two periods it is compared with: the one before (环比:
 * 2026-01 after 2025-12, 2026-Q1 after 2025-Q4) and the same one a year
 * earlier (同比).  Bounds are local midnights, so a period means what the
 * people reading the report mean by it in their time zone.
 */
#include <ctype.h>
#include <string.h>

#include "cmp.h"

/* Local midnight of Y-M-D; M may run past 12 (the next year's months). */
static time_t
midnight(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900 + (m - 1) / 12, .tm_mon = (m - 1) % 12,
	    .tm_mday = d, .tm_isdst = -1 };

	return local_mktime(&tm);
}

/* Fill in bounds and name of P from its kind, year and index. */
static void
period_make(struct period *p, enum period_kind kind, int year, int index)
{
	p->kind = kind;
	p->year = year;
	p->index = index;
	switch (kind) {
	case PERIOD_MONTH:
		p->start = midnight(year, index, 1);
		p->end = midnight(year, index + 1, 1);
		snprintf(p->name, sizeof p->name, "%04d-%02d", year, index);
		break;
	case PERIOD_QUARTER:
		p->start = midnight(year, 3 * index - 2, 1);
		p->end = midnight(year, 3 * index + 1, 1);
		snprintf(p->name, sizeof p->name, "%04d-Q%d", year, index);
		break;
	case PERIOD_YEAR:
		p->start = midnight(year, 1, 1);
		p->end = midnight(year + 1, 1, 1);
		snprintf(p->name, sizeof p->name, "%04d", year);
		break;
	}
}

static int
number(const char *s, size_t n, int *out)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Parse S (2026-11, 2026-Q4 or 2026) into *P.  Return 0, or -1 when S is
 * none of these forms or names no month or quarter.
 */
int
period_parse(const char *s, struct period *p)
{
	size_t n = strlen(s);
	int year, index;

	if (n < 4 || number(s, 4, &year) != 0 || year < 1901 || year > 9998)
		return -1;
	if (n == 4)
		period_make(p, PERIOD_YEAR, year, 0);
	else if (n == 7 && s[4] == '-' && number(s + 5, 2, &index) == 0 && index >= 1 && index <= 12)
		period_make(p, PERIOD_MONTH, year, index);
	else if (n == 7 && s[4] == '-' && (s[5] == 'Q' || s[5] == 'q') && number(s + 6, 1, &index) == 0 &&
	    index >= 1 && index <= 4)
		period_make(p, PERIOD_QUARTER, year, index);
	else
		return -1;
	return 0;
}

/* The period of the same kind just before P (环比). */
void
period_previous(const struct period *p, struct period *out)
{
	int last = p->kind == PERIOD_MONTH ? 12 : 4;

	if (p->kind == PERIOD_YEAR)
		period_make(out, PERIOD_YEAR, p->year - 1, 0);
	else if (p->index == 1)
		period_make(out, p->kind, p->year - 1, last);
	else
		period_make(out, p->kind, p->year, p->index - 1);
}

/* The same period a year before P (同比); for a year, the year before. */
void
period_year_before(const struct period *p, struct period *out)
{
	period_make(out, p->kind, p->year - 1, p->index);
}

int
period_contains(const struct period *p, time_t t)
{
	return t >= p->start && t < p->end;
}

/* The first day of P as a day number (calendar.c), and the day after its end. */
static void
days_of(const struct period *p, long *first, long *end)
{
	int months = p->kind == PERIOD_MONTH ? 1 : p->kind == PERIOD_QUARTER ? 3 : 12;
	int m = p->kind == PERIOD_MONTH ? p->index : p->kind == PERIOD_QUARTER ? 3 * p->index - 2 : 1;

	*first = day_from_civil(p->year, m, 1);
	m += months;
	*end = day_from_civil(p->year + (m - 1) / 12, (m - 1) % 12 + 1, 1);
}

/* The working days of P on calendar CAL (weekends, holidays, 调休). */
long
period_workdays(const struct period *p, struct calendar *cal)
{
	long first, end, n = 0;

	days_of(p, &first, &end);
	for (long d = first; d < end; d++)
		n += calendar_is_workday(cal, d, NULL);
	return n;
}

/* The points of P's trend: its days (a month) or its months (else). */
size_t
period_slots(const struct period *p)
{
	long first, end;

	if (p->kind == PERIOD_QUARTER)
		return 3;
	if (p->kind == PERIOD_YEAR)
		return 12;
	days_of(p, &first, &end);
	return (size_t)(end - first);
}

/* The trend point of time T inside P. */
size_t
period_slot(const struct period *p, time_t t)
{
	struct tm tm;

	local_tm(t, &tm);
	if (p->kind == PERIOD_MONTH)
		return (size_t)tm.tm_mday - 1;
	if (p->kind == PERIOD_QUARTER)
		return (size_t)(tm.tm_mon % 3);
	return (size_t)tm.tm_mon;
}

/* The name of trend point I of P: 2026-11-05 or 2026-11. */
void
period_slot_name(const struct period *p, size_t i, char out[32])
{
	if (p->kind == PERIOD_MONTH)
		snprintf(out, 32, "%s-%02zu", p->name, i + 1);
	else
		snprintf(out, 32, "%04d-%02zu", p->year,
		    (p->kind == PERIOD_QUARTER ? 3 * (size_t)p->index - 3 : 0) + i + 1);
}
