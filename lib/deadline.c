/*
 * deadline.c - the stages of a ticket and their deadlines (SPEC §5).
 *
 * One engine for every tool: cmp-new sets the first deadlines, cmp-assign
 * and cmp-close count them anew where the rules say so (a reopening), and
 * cmp-due asks which stage a ticket is in, when it is due, how far past it
 * is, which escalation level that makes and who must act.  The durations
 * come from the policy, never from here.
 *
 * Holds (SPEC §9): while a ticket waits on the customer (held_at) its
 * deadlines are seen moved on by the hold so far; when the hold ends they
 * are stored moved on, so every reader of the stored deadlines (cmp-stats'
 * on-time counts, cmp-report) sees them as the hold left them.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/*
 * The time in FIELD of ticket T into *OUT: 1, or 0 when the field is
 * empty.  A value that is not a time is bad data: exit 65 naming the
 * ticket.
 */
int
ticket_time(const struct rec *t, const char *field, time_t *out)
{
	const char *v = rec_str(t, field);

	if (!*v)
		return 0;
	if (time_parse(v, out) != 0)
		die(EX_DATAERR, "%s: %s: \"%s\" is not a time", rec_str(t, "id"), field, v);
	return 1;
}

/*
 * FROM plus the policy's duration KEY for ticket T into *OUT; 0 when the
 * policy has no such stage for this ticket (an empty duration).
 */
int
deadline_after(const struct policy *p, const struct rec *t, const char *key, time_t from, time_t *out)
{
	struct duration d;

	policy_sla(p, t, key, &d);
	if (!duration_is_set(&d))
		return 0;
	*out = duration_add(policy_calendar(p), from, &d);
	return 1;
}

/* Set FIELD to FROM + KEY, or empty where the stage does not exist. */
static void
set_due(const struct policy *p, struct rec *t, const char *field, const char *key, time_t from)
{
	time_t at;
	char buf[TIMEBUF];

	rec_set(t, field, deadline_after(p, t, key, from, &at) ? time_format(at, buf) : "");
}

/* The deadlines of a new ticket, counted from its receipt. */
void
deadlines_new(const struct policy *p, struct rec *t, time_t received)
{
	set_due(p, t, "dispatch_due", "dispatch", received);
	set_due(p, t, "reply_due", "reply", received);
	set_due(p, t, "resolve_due", "resolve", received);
}

/*
 * The deadlines of a reopened ticket, counted from the reopening AT: the
 * customer is contacted again within revisit and the complaint solved
 * again within reresolve.
 */
void
deadlines_reopen(const struct policy *p, struct rec *t, time_t at)
{
	set_due(p, t, "reply_due", "revisit", at);
	set_due(p, t, "resolve_due", "reresolve", at);
}

/*
 * The deadlines of a ticket (SPEC §5): its stage, the field that stores
 * it (NULL: counted when asked), the policy key it is counted by (after a
 * reopening: rekey) and the event it is counted from.  cmp-due --explain
 * and the holds walk this table; the durations stay in the policy.
 */
const struct due_rule due_rules[] = {
	{ "dispatch", "dispatch_due", "dispatch", NULL, "received_at" },
	{ "handover", NULL, "handover", NULL, "assigned_at" },
	{ "reply", "reply_due", "reply", "revisit", "received_at" },
	{ "resolve", "resolve_due", "resolve", "reresolve", "received_at" },
	{ "feedback", "feedback_due", "feedback", NULL, "resolved_at" },
	{ "visit", NULL, "visit", NULL, "feedback_at" },
};
const size_t ndue_rules = sizeof due_rules / sizeof *due_rules;

/* The policy key R counts ticket T by: after a reopening, its rekey. */
const char *
due_key(const struct due_rule *r, const struct rec *t)
{
	return r->rekey && ticket_count(t, "reopens") > 0 ? r->rekey : r->key;
}

static const struct due_rule *
rule_of(const char *stage)
{
	for (size_t i = 0; i < ndue_rules; i++)
		if (strcmp(due_rules[i].stage, stage) == 0)
			return &due_rules[i];
	abort();
}

/*
 * DUE moved on by a hold from A to B, measured as the rule KEY of ticket
 * T counts: in working time (the hold's seconds on working days) for a
 * duration in working days, else in calendar time.  So a hold over a
 * weekend does not move a deadline of working days, which the weekend
 * did not bring nearer either.
 */
time_t
hold_shift(const struct policy *p, const struct rec *t, const char *key, time_t due, time_t a, time_t b)
{
	struct duration d;

	if (b <= a)
		return due;
	policy_sla(p, t, key, &d);
	if (d.unit == DUR_WDAY) {
		struct calendar *cal = policy_calendar(p);
		return worktime_add(cal, due, worktime_between(cal, a, b));
	}
	return due + (b - a);
}

/*
 * When the stage of rule R of T was met, into *AT: 0 while unmet.  A
 * ticket that is new again (returned) owes its dispatch still.
 */
int
due_met(const struct due_rule *r, const struct rec *t, time_t *at)
{
	static const char *const met[][2] = { { "dispatch", "assigned_at" },
		{ "reply", "replied_at" }, { "resolve", "resolved_at" },
		{ "feedback", "feedback_at" } };

	if (strcmp(r->stage, "dispatch") == 0 && strcmp(rec_str(t, "status"), "new") == 0)
		return 0;
	for (size_t i = 0; i < sizeof met / sizeof *met; i++)
		if (strcmp(met[i][0], r->stage) == 0)
			return ticket_time(t, met[i][1], at);
	return 0;
}

/*
 * End the running hold of T at NOW (cmp-assign --resume, or a resolution
 * or forced close of a held ticket): each stored deadline not met before
 * the hold began moves on by the time held (up to when it was met, if
 * that was during the hold), held_min grows by the minutes held and
 * held_at is cleared.  Nothing happens to a ticket not held.
 */
void
hold_end(const struct policy *p, struct rec *t, time_t now)
{
	time_t from, due, met;
	char buf[TIMEBUF];

	if (!ticket_time(t, "held_at", &from))
		return;
	for (size_t i = 0; i < ndue_rules; i++) {
		const struct due_rule *r = &due_rules[i];
		time_t end = now;
		if (!r->field || !ticket_time(t, r->field, &due))
			continue;
		if (due_met(r, t, &met)) {
			if (met < from)
				continue;
			if (met < end)
				end = met;
		}
		rec_set(t, r->field, time_format(hold_shift(p, t, due_key(r, t), due, from, end), buf));
	}
	long long min = now > from ? ((long long)now - from) / 60 : 0;
	char *v = xasprintf("%lld", min + ticket_count(t, "held_min"));
	rec_set(t, "held_min", v);
	free(v);
	rec_set(t, "held_at", "");
}

/*
 * The deadline stored in FIELD of T as it stands at NOW into *OUT: moved
 * on by a running hold, as cmp-due sees it.  Return 0 when it is empty.
 */
int
deadline_now(const struct policy *p, const struct rec *t, const char *field, time_t now, time_t *out)
{
	time_t held_at;

	if (!ticket_time(t, field, out))
		return 0;
	for (size_t i = 0; i < ndue_rules; i++) {
		const struct due_rule *r = &due_rules[i];
		time_t met;
		if (r->field && strcmp(r->field, field) == 0 && !due_met(r, t, &met) && ticket_time(t, "held_at", &held_at))
			*out = hold_shift(p, t, due_key(r, t), *out, held_at, now);
	}
	return 1;
}

/*
 * A candidate stage of T: its deadline from the field of its rule, or
 * from its event + its key; while T is held (HELD not NULL) the deadline
 * moves on by the time since *HELD, so the clock stands still.
 */
static void
consider(const struct policy *p, const struct rec *t, struct due *best, const char *stage,
    const char *owner, const time_t *held, time_t now)
{
	const struct due_rule *r = rule_of(stage);
	time_t at, from;

	if (r->field) {
		if (!ticket_time(t, r->field, &at))
			return;
	} else if (!ticket_time(t, r->from, &from) || !deadline_after(p, t, r->key, from, &at))
		return;
	if (held)
		at = hold_shift(p, t, due_key(r, t), at, *held, now);
	/* Ties go to the stage considered first: the earlier row of §5. */
	if (best->stage && at >= best->at)
		return;
	best->stage = stage;
	best->at = at;
	best->owner = owner;
}

/*
 * The current stage of the open ticket T at NOW into *D: which unmet
 * stage's deadline comes first, when it is, how many minutes past it NOW
 * is (negative before), the escalation level that makes, and the field
 * naming who must act.  A held ticket (held_at set) has D->held, and its
 * deadline moved on by the running hold (hold_shift), so holding never
 * makes it overdue nor more overdue.
 * Return 0 when the ticket owes nothing (no stage exists for it).
 */
int
due_of(struct policy *p, const struct rec *t, time_t now, struct due *d)
{
	const char *status = rec_str(t, "status");
	const char *by_dept = *rec_str(t, "assignee") ? "assignee" : "department";
	time_t held_at;
	const time_t *held = NULL;

	memset(d, 0, sizeof *d);
	if (ticket_time(t, "held_at", &held_at)) {
		held = &held_at;
		d->held = 1;
	}
	if (strcmp(status, "new") == 0)
		consider(p, t, d, "dispatch", "first_responder", held, now);
	else if (strcmp(status, "assigned") == 0) {
		if (!*rec_str(t, "assignee"))
			consider(p, t, d, "handover", "department", held, now);
		if (!*rec_str(t, "replied_at"))
			consider(p, t, d, "reply", by_dept, held, now);
		consider(p, t, d, "resolve", by_dept, held, now);
	} else if (strcmp(status, "resolved") == 0) {
		if (!*rec_str(t, "feedback_at"))
			consider(p, t, d, "feedback", "first_responder", held, now);
		else
			consider(p, t, d, "visit", "first_responder", held, now);
	}
	if (!d->stage)
		return 0;
	/* Whole minutes, rounded down: a deadline 30 s ahead is -1, not 0. */
	long long diff = (long long)now - (long long)d->at;
	d->overdue_min = diff >= 0 ? diff / 60 : -((-diff + 59) / 60);
	if (now > d->at) {
		size_t n;
		const struct level *lv = policy_levels(p, &n);
		for (size_t i = 0; i < n; i++)
			if (now >= duration_add(policy_calendar(p), d->at, &lv[i].d)) {
				d->level = lv[i].level;
				d->level_name = lv[i].name;
			}
	}
	return 1;
}

/*
 * Count again the deadlines of T not yet met, after a correction of what
 * they depend on (severity, category, vip, received_at or any field of a
 * [sla.FIELD.VALUE] section): as cmp-new would have set them.  A reopened
 * ticket's deadlines were counted from the reopening and stay.
 */
void
deadlines_recount(const struct policy *p, struct rec *t)
{
	time_t received;

	if (!ticket_time(t, "received_at", &received))
		return;
	if (!*rec_str(t, "dispatched_at"))
		set_due(p, t, "dispatch_due", "dispatch", received);
	if (ticket_count(t, "reopens") > 0)
		return;
	if (!*rec_str(t, "replied_at"))
		set_due(p, t, "reply_due", "reply", received);
	if (!*rec_str(t, "resolved_at"))
		set_due(p, t, "resolve_due", "resolve", received);
}
