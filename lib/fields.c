/*
 * fields.c - the canonical fields of a ticket (SPEC §3), in the order in
 * which cmp-new creates them, and what kind each one is.
 */
#include <string.h>

#include "cmp.h"

const char *const canonical_fields[] = {
	"id", "received_at", "created_at", "channel", "name", "phone", "email",
	"address", "customer", "vip", "region", "location", "product",
	"category", "severity", "summary", "expectation", "source", "status",
	"first_responder", "department", "assignee", "dispatched_at",
	"assigned_at", "handed_at", "dispatches", "returns", "reason",
	"dispatch_due", "reply_due", "resolve_due", "replied_at", "progress",
	"progress_at", "told_at", "told_channel", "eta", "escalation",
	"escalated_at", "resolved_at", "resolution", "cause", "measures",
	"responsible", "feedback_due", "feedback_at", "feedback_channel",
	"satisfaction", "opinion", "reopens", "closed_at", "updated_at",
};
const size_t ncanonical_fields = sizeof canonical_fields / sizeof *canonical_fields;

static int
in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

int
field_is_canonical(const char *name)
{
	for (size_t i = 0; i < ncanonical_fields; i++)
		if (strcmp(canonical_fields[i], name) == 0)
			return 1;
	return 0;
}

/* Fields holding a time, compared as times and normalised on input. */
int
field_is_time(const char *name)
{
	static const char *const times[] = {
		"received_at", "created_at", "dispatched_at", "assigned_at",
		"handed_at", "dispatch_due", "reply_due", "resolve_due",
		"replied_at", "progress_at", "told_at", "eta", "escalated_at",
		"resolved_at", "feedback_due", "feedback_at", "closed_at",
		"updated_at", "held_at", NULL,
	};
	return in_list(times, name);
}

/* Fields holding a count, empty read as 0 (ticket_count). */
int
field_is_count(const char *name)
{
	static const char *const counts[] = {
		"dispatches", "returns", "escalation", "reopens", "held_min", NULL,
	};
	return in_list(counts, name);
}

/*
 * The fields of a hold (SPEC §9), set only by cmp-assign --hold and
 * --resume: not in §3's list, so cmp-new does not create them, but no
 * extra field either, so no -s or input may set them.
 */
int
field_is_hold(const char *name)
{
	return strcmp(name, "held_at") == 0 || strcmp(name, "held_min") == 0;
}

/*
 * The intake fields: what a complaint says when it is registered
 * (channel … expectation of §3).  Only these, extra fields, received_at,
 * first_responder and source may come from cmp-new's input.
 */
int
field_is_intake(const char *name)
{
	static const char *const intake[] = {
		"channel", "name", "phone", "email", "address", "customer",
		"vip", "region", "location", "product", "category", "severity",
		"summary", "expectation", NULL,
	};
	return in_list(intake, name);
}
