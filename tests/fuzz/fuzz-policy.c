/*
 * fuzz-policy.c - cmp.conf (policy.c, over inih): the input is a config
 * file given with --config, laid over the built-in defaults.
 *
 * policy_load() refuses a bad file with die(), which would end the
 * fuzzer; fuzz_catch_die() brings it back here instead, and policy.c
 * frees the policy before it dies, so no leak is excused.  A policy that
 * loads is then used on a ticket as the tools use it: deadlines set and
 * counted (working days on its calendar, and 250 of them, past the years
 * it covers), routing, escalation, the checks
 * of values and the keys of [report] and [targets].  [calendar] strict =
 * yes may refuse the ticket's year by die() too.
 */
#include <stdlib.h>

#include "fuzz.h"

static const char *const rates[] = { "on_time_rate", "resolved_rate",
	"satisfied_rate", "reopen_rate" };

static void
use(struct policy *p, struct rec *t)
{
	const time_t received = 1795397400;	/* 2026-11-22T09:30:00+08:00 */
	const struct duration far = { 250, DUR_WDAY };	/* past its calendar */
	struct due due;
	size_t n;
	double v;

	policy_route(p, t);
	duration_add(policy_calendar(p), received, &far);
	deadlines_new(p, t, received);
	policy_levels(p, &n);
	due_of(p, t, received + 40L * 86400, &due);
	deadlines_reopen(p, t, received + 86400);
	deadlines_recount(p, t);
	policy_check_value(p, "channel", "hotline");
	policy_check_value(p, "category", "");
	policy_is_masked(p, "phone");
	policy_close_require(p, &n);
	policy_report_by(p, &n);
	policy_cases(p);
	for (int i = 0; i < 4; i++)
		policy_target(p, rates[i], &v);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy *p;
	static struct rec *t;
	const char *path = fuzz_file("cmp.conf", data, size);

	fuzz_catch_die();
	if (setjmp(fuzz_died)) {
		policy_free(p);
		rec_free(t);
		p = NULL;
		t = NULL;
		return 0;
	}
	t = rec_new();
	rec_set(t, "received_at", "2026-11-22T09:30:00+08:00");
	rec_set(t, "category", "water");
	rec_set(t, "severity", "urgent");
	rec_set(t, "vip", "yes");
	rec_set(t, "status", "assigned");
	rec_set(t, "department", "水务");
	rec_set(t, "summary", "停水 three days");
	p = policy_load(path, NULL);
	use(p, t);
	policy_free(p);
	rec_free(t);
	p = NULL;
	t = NULL;
	return 0;
}
