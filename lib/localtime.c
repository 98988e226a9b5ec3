/*
 * localtime.c - local time conversions, fast.
 *
 * glibc's localtime_r(3) and mktime(3) re-parse the zone's POSIX rule
 * ("CST-8") on every call for a time after the zone's last transition,
 * which for Asia/Shanghai is every time since 1991: some 1,200
 * instructions a call, and cmp-due makes several per ticket.  The offset
 * of a UTC day is asked of libc once and kept (a small table of days);
 * a day in which the offset changes (a daylight-saving switch) is left to
 * libc for every time in it.  Leap-second zones ("right/...") are not
 * supported here, as nowhere in cmp.
 */
#include <string.h>
#include <time.h>

#include "cmp.h"

#define DAYS 1024	/* a power of two: about three years of days */

struct dayoff {
	long day;	/* UTC day number, 1970-01-01 is 0 */
	long off;	/* UTC offset all that day, seconds */
	int isdst, mixed, valid;
	const char *zone;
};

static struct dayoff days[DAYS];

static long
floor_div(long long a, long b)
{
	return (long)(a / b - (a % b < 0));
}

/* The offset of the UTC day of T. */
static const struct dayoff *
day_offset(time_t t)
{
	long day = floor_div(t, 86400);
	struct dayoff *e = &days[(unsigned long)day & (DAYS - 1)];

	if (!e->valid || e->day != day) {
		time_t t0 = (time_t)day * 86400, t1 = t0 + 86399;
		struct tm a, b;
		localtime_r(&t0, &a);
		localtime_r(&t1, &b);
		e->day = day;
		e->valid = 1;
		e->off = a.tm_gmtoff;
		e->isdst = a.tm_isdst;
		e->zone = a.tm_zone;
		e->mixed = a.tm_gmtoff != b.tm_gmtoff || a.tm_isdst != b.tm_isdst ||
		    !a.tm_zone != !b.tm_zone || (a.tm_zone && strcmp(a.tm_zone, b.tm_zone) != 0);
	}
	return e;
}

/* Forget the offsets kept: the zone (TZ) changed. */
void
local_time_reset(void)
{
	memset(days, 0, sizeof days);
}

/* localtime_r(3). */
void
local_tm(time_t t, struct tm *tm)
{
	const struct dayoff *e = day_offset(t);

	if (e->mixed) {
		localtime_r(&t, tm);
		return;
	}
	long long l = (long long)t + e->off;
	long day = floor_div(l, 86400), sec = (long)(l - (long long)day * 86400);
	int y, m, d;
	civil_from_day(day, &y, &m, &d);
	*tm = (struct tm){ .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
		.tm_hour = (int)(sec / 3600), .tm_min = (int)(sec / 60 % 60), .tm_sec = (int)(sec % 60),
		.tm_wday = weekday_of_day(day), .tm_yday = (int)(day - day_from_civil(y, 1, 1)),
		.tm_isdst = e->isdst, .tm_gmtoff = e->off, .tm_zone = e->zone };
}

/*
 * mktime(3) for TM with tm_isdst -1.  Fields in range that name a time on
 * a day without a switch are converted here; anything else (fields to be
 * normalised, a time in a switch's gap or overlap) goes to mktime.
 */
time_t
local_mktime(struct tm *tm)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (tm->tm_mon >= 0 && tm->tm_mon < 12 && tm->tm_mday >= 1 && tm->tm_mday <= mdays[tm->tm_mon] &&
	    tm->tm_hour >= 0 && tm->tm_hour < 24 && tm->tm_min >= 0 && tm->tm_min < 60 &&
	    tm->tm_sec >= 0 && tm->tm_sec < 60) {
		long long l = (long long)day_from_civil(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday) * 86400 +
		    tm->tm_hour * 3600 + tm->tm_min * 60 + tm->tm_sec;
		const struct dayoff *e = day_offset((time_t)l);
		if (!e->mixed) {
			time_t t = (time_t)(l - e->off);
			struct tm got;
			const struct dayoff *f = day_offset(t);
			if (!f->mixed) {
				local_tm(t, &got);
				if (got.tm_mday == tm->tm_mday && got.tm_hour == tm->tm_hour &&
				    got.tm_min == tm->tm_min && got.tm_sec == tm->tm_sec && got.tm_mon == tm->tm_mon) {
					*tm = got;
					return t;
				}
			}
		}
	}
	return mktime(tm);
}
