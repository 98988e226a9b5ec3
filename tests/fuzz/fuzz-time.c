/*
 * fuzz-time.c - times, durations and calendars (time.c, dates.c,
 * calendar.c).  The input is read twice:
 *
 *   - whole, as a calendar file ("2026-02-15 off 春节" lines), and when
 *     it loads, ten working days are counted on it;
 *   - by lines: a time (time_parse), a duration (duration_parse), then up
 *     to four strptime patterns of an import's --date-format, which read
 *     the first line again (date_parse).  A time and a duration read are
 *     added on the shipped calendar, share/cmp/calendars/cn.txt, working
 *     days included.
 *
 * A time read must format (time_format) to text that reads back as the
 * same time.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static struct calendar *cn;

static void
setup(void)
{
	struct buf err = { 0 };
	char *path = path_join(share_dir(), "calendars/cn.txt");

	cn = calendar_new(1u << 0 | 1u << 6, 0);
	if (calendar_load(cn, path, &err) != 0) {
		fprintf(stderr, "%s: %s\n", path, err.s);
		abort();
	}
	free(path);
}

static void
as_calendar(const uint8_t *data, size_t size)
{
	struct buf err = { 0 };
	struct calendar *cal = calendar_new(1u << 0 | 1u << 6, 0);
	const char *path = fuzz_file("calendar.txt", data, size);
	char out[TIMEBUF];

	int r = calendar_load(cal, path, &err);
	fuzz_assert(r == 0 || err.len);
	if (r == 0)
		time_format(workdays_add(cal, 1795397400, 10), out);	/* 2026-11-22 09:30 */
	calendar_free(cal);
	buf_free(&err);
}

/*
 * T formatted must read back as T, when the year it falls in locally can
 * be written in four digits, and is after 1901: before, Asia/Shanghai was
 * on local mean time, UTC+08:05:43, whose seconds an ISO 8601 offset
 * cannot carry.
 */
static void
check_format(time_t t)
{
	char out[TIMEBUF];
	time_t back;

	time_format(t, out);
	int y = atoi(out);
	if (out[4] == '-' && y > 1901)
		fuzz_assert(time_parse(out, &back) == 0 && back == t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_str(data, size), *rest = text;
	char *fmts[4];
	size_t nfmts = 0;
	struct duration d;
	time_t t;
	char out[TIMEBUF];

	if (!cn)
		setup();
	as_calendar(data, size);
	if (!text)
		return 0;
	const char *ts = strsep(&rest, "\n");
	const char *ds = rest ? strsep(&rest, "\n") : "";
	while (rest && nfmts < 4)
		fmts[nfmts++] = strsep(&rest, "\n");
	int have_t = time_parse(ts, &t) == 0;
	if (have_t)
		check_format(t);
	if (duration_parse(ds, &d) == 0 && have_t)
		time_format(duration_add(cn, t, &d), out);
	if (date_parse(fmts, nfmts, ts, &t) == 0)
		check_format(t);
	free(text);
	return 0;
}
