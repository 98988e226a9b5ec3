/*
 * explain.c - how each deadline of a ticket was counted (cmp-due
 * --explain, SPEC §9), so that nobody has to take a deadline on trust.
 *
 * One line a step, each starting with the stage, so that the text is
 * stable and greppable: where the count starts and from which event, the
 * policy rule used, for working days every day skipped (weekend, or the
 * holiday by the calendar's name) and every day counted (make-up workdays
 * by name), the time holds added, and the result, which is the deadline
 * cmp-due checks.  The count is made again from the policy by the engine
 * of deadline.c; the walk over the days mirrors workdays_add.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char *const wdays[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

static long
day_of_time(time_t t, struct tm *tm)
{
	local_tm(t, tm);
	return day_from_civil(tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday);
}

/* "2026-02-15 Sun" */
static void
put_day(FILE *fp, long day)
{
	int y, m, d;

	civil_from_day(day, &y, &m, &d);
	fprintf(fp, "%04d-%02d-%02d %s", y, m, d, wdays[weekday_of_day(day)]);
}

/* A day that is not counted, and why: its holiday's name, or the weekend. */
static void
put_skip(FILE *fp, const char *stage, long day, const char *name)
{
	fprintf(fp, "%s skip ", stage);
	put_day(fp, day);
	if (name)
		fprintf(fp, " holiday%s%s\n", *name ? " " : "", name);
	else
		fprintf(fp, " weekend\n");
}

/* A counted day (N), named when the calendar makes it a make-up workday. */
static void
put_count(FILE *fp, const char *stage, const char *what, long n, long day, const char *name)
{
	fprintf(fp, "%s %s", stage, what);
	if (n >= 0)
		fprintf(fp, " %ld", n);
	fputc(' ', fp);
	put_day(fp, day);
	if (name)
		fprintf(fp, " make-up workday%s%s", *name ? " " : "", name);
	fputc('\n', fp);
}

/* The days of N working days from T, as workdays_add counts them. */
static void
walk_workdays(FILE *fp, const char *stage, struct calendar *cal, time_t t, long n)
{
	struct tm tm;
	const char *name;
	long day = day_of_time(t, &tm);

	while (!calendar_is_workday(cal, day, &name)) {
		put_skip(fp, stage, day, name);
		day++;
	}
	calendar_is_workday(cal, day, &name);
	put_count(fp, stage, "day0", -1, day, name);
	for (long i = 0; i < n;) {
		day++;
		if (calendar_is_workday(cal, day, &name))
			put_count(fp, stage, "workday", ++i, day, name);
		else
			put_skip(fp, stage, day, name);
	}
}

/*
 * When ticket T was last reopened, from the journal at PATH (NULL: none):
 * the "now" of the change that counted reopens, else its wall clock.
 */
static int
reopened_at(const char *path, const struct rec *t, time_t *out)
{
	int found = 0;

	if (!path)
		return 0;
	struct journal_in *j = journal_open(path);
	struct rec *ch = rec_new();
	while (journal_next(j, ch)) {
		if (strcmp(rec_str(ch, "field"), "reopens") != 0 || strcmp(rec_str(ch, "id"), rec_str(t, "id")) != 0)
			continue;
		const char *when = *rec_str(ch, "now") ? rec_str(ch, "now") : rec_str(ch, "time");
		found = time_parse(when, out) == 0;
	}
	rec_free(ch);
	journal_close(j);
	return found;
}

/* Explain the deadline of rule R of T; return 1 if it has one. */
static int
explain_one(struct policy *p, const struct rec *t, const struct due_rule *r, time_t now, const char *journal, FILE *fp)
{
	const char *key = due_key(r, t);
	struct duration d;
	struct buf rule = { 0 };
	time_t start, counted, stored, held_at, met;
	char buf[TIMEBUF], text[32];
	const char *from = r->from;

	if (r->field && !ticket_time(t, r->field, &stored))
		return 0;
	policy_sla_rule(p, t, key, &d, &rule);
	int reopened = r->rekey && key == r->rekey;
	if (reopened) {
		from = "reopening";
		if (!reopened_at(journal, t, &start)) {
			fprintf(fp, "%s start unknown: counted from the reopening, which no journal here tells\n", r->stage);
			fprintf(fp, "%s result %s %s\n", r->stage, time_format(stored, buf), r->field);
			buf_free(&rule);
			return 1;
		}
	} else if (!ticket_time(t, from, &start) || (!r->field && !duration_is_set(&d))) {
		buf_free(&rule);
		return 0;
	}
	fprintf(fp, "%s start %s %s\n", r->stage, time_format(start, buf), from);
	fprintf(fp, "%s rule %s\n", r->stage, rule.s);
	buf_free(&rule);
	if (!duration_is_set(&d)) {
		fprintf(fp, "%s result %s %s (set when the rule had a duration)\n", r->stage, time_format(stored, buf), r->field);
		return 1;
	}
	struct calendar *cal = policy_calendar(p);
	if (d.unit == DUR_WDAY)
		walk_workdays(fp, r->stage, cal, start, d.n);
	else
		fprintf(fp, "%s add %s%s\n", r->stage, duration_format(&d, text, sizeof text),
		    d.unit == DUR_DAY ? " calendar days, same clock time" : "");
	counted = duration_add(cal, start, &d);
	fprintf(fp, "%s counted %s\n", r->stage, time_format(counted, buf));
	const char *measure = d.unit == DUR_WDAY ? "working time" : "calendar time";
	time_t at = r->field ? stored : counted;
	if (r->field && stored != counted) {
		if (ticket_count(t, "held_min") > 0 && stored > counted) {
			long long secs = d.unit == DUR_WDAY ? worktime_between(cal, counted, stored) : (long long)(stored - counted);
			fprintf(fp, "%s hold +%lld min %s (held_min %ld)\n", r->stage, secs / 60, measure, ticket_count(t, "held_min"));
		} else
			fprintf(fp, "%s stored %s: counted under another policy, kept\n", r->stage, time_format(stored, buf));
	}
	/* A running hold moves the deadlines not yet met, as due_of does. */
	if (!due_met(r, t, &met) && ticket_time(t, "held_at", &held_at)) {
		time_t moved = hold_shift(p, t, key, at, held_at, now);
		long long secs = d.unit == DUR_WDAY ? worktime_between(cal, at, moved) : (long long)(moved - at);
		fprintf(fp, "%s hold +%lld min %s, held since %s\n", r->stage, secs / 60, measure, time_format(held_at, buf));
		at = moved;
	}
	fprintf(fp, "%s result %s%s%s\n", r->stage, time_format(at, buf), r->field ? " " : "", r->field ? r->field : "");
	return 1;
}

/*
 * Explain every deadline of ticket T at NOW on FP, one line a step;
 * JOURNAL (NULL: none) tells when a reopened ticket was reopened.
 * Return how many deadlines were explained.
 */
int
deadline_explain(struct policy *p, const struct rec *t, time_t now, const char *journal, FILE *fp)
{
	int n = 0;

	for (size_t i = 0; i < ndue_rules; i++)
		n += explain_one(p, t, &due_rules[i], now, journal, fp);
	return n;
}
