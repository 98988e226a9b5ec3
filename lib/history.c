/*
 * history.c - a ticket brought in as it was (SPEC §6, import).
 *
 * A legacy log holds complaints in every state of their life: new, sent to
 * a department, solved, closed years ago.  An import takes any canonical
 * field but id and source, so that the history comes in as it happened;
 * this file makes such a row a ticket of cmp, and refuses the row when its
 * story cannot be true: a status the times contradict (closed without a
 * close time, solved yet still open), an event before the complaint was
 * received or later than now, a value outside its list.  Nothing is
 * guessed beyond what the rules of cmp would have set: defaults of a new
 * ticket, a status read from the times when the log has none, and the
 * deadlines of the policy where the log gives none.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/* The events of a ticket's life: none before receipt, none after now. */
static const char *const events[] = {
	"created_at", "dispatched_at", "assigned_at", "handed_at", "replied_at",
	"progress_at", "told_at", "escalated_at", "resolved_at", "feedback_at",
	"closed_at", NULL,
};

/* Pairs of events in the order they must have happened. */
static const char *const before[][2] = {
	{ "dispatched_at", "assigned_at" },
	{ "resolved_at", "feedback_at" },
	{ "resolved_at", "closed_at" },
};

static int
set(const struct rec *t, const char *field)
{
	return *rec_str(t, field) != '\0';
}

static int
whole_number(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* The time in FIELD (already ISO 8601: dates_normalise) into *OUT. */
static int
when(const struct rec *t, const char *field, time_t *out)
{
	const char *v = rec_str(t, field);

	return *v && time_parse(v, out) == 0;
}

/* The status the times tell, for a log that has none. */
static const char *
status_of(const struct rec *t)
{
	if (set(t, "closed_at"))
		return "closed";
	if (set(t, "resolved_at"))
		return "resolved";
	if (set(t, "dispatched_at") || set(t, "assigned_at") || set(t, "department"))
		return "assigned";
	return "new";
}

/* Does the status agree with the times?  0, or -1 with WHY. */
static int
check_status(const struct rec *t, struct buf *why)
{
	const char *st = rec_str(t, "status");

	if (strcmp(st, "closed") == 0) {
		if (!set(t, "closed_at")) {
			buf_printf(why, _("status closed without closed_at"));
			return -1;
		}
		return 0;
	}
	if (strcmp(st, "resolved") == 0) {
		if (!set(t, "resolved_at")) {
			buf_printf(why, _("status resolved without resolved_at"));
			return -1;
		}
	} else if (set(t, "resolved_at")) {
		buf_printf(why, _("resolved_at is set, but status is %s"), st);
		return -1;
	}
	if (set(t, "closed_at")) {
		buf_printf(why, _("closed_at is set, but status is %s"), st);
		return -1;
	}
	return 0;
}

/* Are the events in an order that can have happened?  0, or -1 with WHY. */
static int
check_times(const struct rec *t, time_t received, time_t now, struct buf *why)
{
	char nowbuf[TIMEBUF];
	time_t at, first;

	time_format(now, nowbuf);
	if (received > now) {
		buf_printf(why, _("received_at: %s is later than now (%s)"), rec_str(t, "received_at"), nowbuf);
		return -1;
	}
	for (size_t i = 0; events[i]; i++) {
		if (!when(t, events[i], &at))
			continue;
		if (at < received) {
			buf_printf(why, _("%s: %s is before received_at (%s)"), events[i], rec_str(t, events[i]),
			    rec_str(t, "received_at"));
			return -1;
		}
		if (at > now) {
			buf_printf(why, _("%s: %s is later than now (%s)"), events[i], rec_str(t, events[i]), nowbuf);
			return -1;
		}
	}
	for (size_t i = 0; i < sizeof before / sizeof *before; i++)
		if (when(t, before[i][0], &first) && when(t, before[i][1], &at) && at < first) {
			buf_printf(why, _("%s: %s is before %s (%s)"), before[i][1], rec_str(t, before[i][1]),
			    before[i][0], rec_str(t, before[i][0]));
			return -1;
		}
	return 0;
}

/* FIELD = FROM + the policy's KEY for T, where the log left it empty. */
static void
deadline(const struct policy *p, struct rec *t, const char *field, const char *key, time_t from)
{
	time_t at;
	char buf[TIMEBUF];

	if (!set(t, field) && deadline_after(p, t, key, from, &at))
		rec_set(t, field, time_format(at, buf));
}

/*
 * Make the mapped, time-normalised source row ROW (see import.c) the
 * ticket T, imported at NOW by ACTOR under the policy P: the canonical
 * fields in order, then ROW's others in its order.  Return 0, or -1 with
 * WHY saying what makes the row impossible.
 */
int
history_ticket(const struct policy *p, const struct rec *row, time_t now, const char *actor,
    struct rec *t, struct buf *why)
{
	char buf[TIMEBUF];
	time_t received;

	rec_clear(t);
	for (size_t i = 0; i < ncanonical_fields; i++)
		rec_add(t, canonical_fields[i], strlen(canonical_fields[i]), "", 0);
	/* ROW's names are unique (colmap_apply): its extra fields need no
	 * search, which would be quadratic in a log of a million columns. */
	for (size_t i = 0; i < row->n; i++)
		if (field_is_canonical(row->f[i].name))
			rec_setn(t, row->f[i].name, row->f[i].val, row->f[i].vlen);
		else
			rec_add(t, row->f[i].name, strlen(row->f[i].name), row->f[i].val, row->f[i].vlen);

	if (!when(t, "received_at", &received)) {
		buf_printf(why, _("received_at is empty: an imported complaint needs the time it came in"));
		return -1;
	}
	if (!set(t, "created_at"))
		rec_set(t, "created_at", rec_str(t, "received_at"));
	if (!set(t, "updated_at"))
		rec_set(t, "updated_at", time_format(now, buf));
	if (!set(t, "severity"))
		rec_set(t, "severity", "general");
	if (!set(t, "vip"))
		rec_set(t, "vip", "no");
	if (!set(t, "first_responder"))
		rec_set(t, "first_responder", actor);
	/* The first dispatch and the latest are one where the log has one. */
	if (!set(t, "dispatched_at") && set(t, "assigned_at"))
		rec_set(t, "dispatched_at", rec_str(t, "assigned_at"));
	if (!set(t, "assigned_at") && set(t, "dispatched_at"))
		rec_set(t, "assigned_at", rec_str(t, "dispatched_at"));
	if (!set(t, "dispatches"))
		rec_set(t, "dispatches", set(t, "dispatched_at") ? "1" : "0");
	static const char *const counts[] = { "dispatches", "returns", "reopens", "escalation" };
	for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
		if (!set(t, counts[i]))
			rec_set(t, counts[i], "0");
		else if (!whole_number(rec_str(t, counts[i]))) {
			buf_printf(why, _("%s: \"%s\" is not a whole number"), counts[i], rec_str(t, counts[i]));
			return -1;
		}
	}
	if (!set(t, "status"))
		rec_set(t, "status", status_of(t));
	for (size_t i = 0; i < t->n; i++) {
		const char *bad = policy_check_value(p, t->f[i].name, t->f[i].val);
		if (bad) {
			buf_printf(why, _("%s: \"%s\" is not one of %s"), t->f[i].name, t->f[i].val, bad);
			return -1;
		}
	}
	if (check_status(t, why) || check_times(t, received, now, why))
		return -1;
	deadline(p, t, "dispatch_due", "dispatch", received);
	deadline(p, t, "reply_due", "reply", received);
	deadline(p, t, "resolve_due", "resolve", received);
	time_t resolved;
	if (when(t, "resolved_at", &resolved))
		deadline(p, t, "feedback_due", "feedback", resolved);
	return 0;
}
