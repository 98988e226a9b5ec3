/*
 * deadline.c - the stages of a ticket and their deadlines (SPEC §5).
 *
 * One engine for every tool: cmp-new sets the first deadlines, cmp-assign
 * and cmp-close count them anew where the rules say so (a reopening), and
 * cmp-due asks which stage a ticket is in, when it is due, how far past it
 * is, which escalation level that makes and who must act.  The durations
 * come from the policy, never from here.
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

/* A candidate stage of T: its deadline from FIELD, or from FROM + KEY. */
static void
consider(const struct policy *p, const struct rec *t, struct due *best, const char *stage,
    const char *field, const char *from_field, const char *key, const char *owner)
{
	time_t at, from;

	if (field) {
		if (!ticket_time(t, field, &at))
			return;
	} else if (!ticket_time(t, from_field, &from) || !deadline_after(p, t, key, from, &at))
		return;
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
 * naming who must act.
 * Return 0 when the ticket owes nothing (no stage exists for it).
 */
int
due_of(struct policy *p, const struct rec *t, time_t now, struct due *d)
{
	const char *status = rec_str(t, "status");
	const char *by_dept = *rec_str(t, "assignee") ? "assignee" : "department";

	memset(d, 0, sizeof *d);
	if (strcmp(status, "new") == 0)
		consider(p, t, d, "dispatch", "dispatch_due", NULL, NULL, "first_responder");
	else if (strcmp(status, "assigned") == 0) {
		if (!*rec_str(t, "assignee"))
			consider(p, t, d, "handover", NULL, "assigned_at", "handover", "department");
		if (!*rec_str(t, "replied_at"))
			consider(p, t, d, "reply", "reply_due", NULL, NULL, by_dept);
		consider(p, t, d, "resolve", "resolve_due", NULL, NULL, by_dept);
	} else if (strcmp(status, "resolved") == 0) {
		if (!*rec_str(t, "feedback_at"))
			consider(p, t, d, "feedback", "feedback_due", NULL, NULL, "first_responder");
		else
			consider(p, t, d, "visit", NULL, "feedback_at", "visit", "first_responder");
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
