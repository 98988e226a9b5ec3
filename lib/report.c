/*
 * report.c - the figures of a period report (SPEC §6 cmp-report), gathered
 * in one pass over the tickets.
 *
 * Each ticket is placed by its time (received_at, else created_at) in the
 * period, the one before (环比) or the same one a year before (同比).  The
 * counts and rates are the statistics engine's (stats.c), so that a report
 * and cmp-stats never disagree: one group per period for the totals, and
 * for this period one stats per [report] by field and one by department
 * for the ranking.  What the engine does not give is gathered here: the
 * trend, tallies (categories, causes, measures, mass complaints), the rule
 * violations, and the short id lists a report names.
 *
 * Memory holds groups and lists capped at REPORT_IDS, except for what
 * exactness needs, as in stats.c: the hours of each ticket that met the
 * stage (the engine's exact median), and one small entry per complaint
 * with a phone or customer near the three periods, to find repeats.  The
 * report finds repeats itself, once for all three periods and with the
 * ids it lists; the engine's totals are handed tickets without their
 * phone and customer, and its breakdowns are told to skip repeats, so
 * that it keeps no second copy of those entries.
 */
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/* One complaint that may be, or be followed by, a repeat. */
struct contact {
	size_t who;		/* phone, else customer: its number in st->who */
	time_t at;
	uint64_t tie;		/* hash of the id: orders equal times, as stats.c */
	unsigned in;		/* bit k: inside period k */
	char *id;		/* inside this period only: to be named */
};

/* A ticket of this period that was returned (退单) at least once. */
struct returned {
	long returns;		/* its returns field */
	char *dept;		/* its department now */
	struct duration allowed;	/* [sla] return for it */
	time_t assigned;	/* while reading the journal: assigned_at then */
	int has_assigned;
	char *returning;	/* the department a return in the line took it from */
};

struct report_state {
	struct duration window;	/* [report] repeat_window */
	struct idset *who;
	struct contact *c;
	size_t nc, ccap;
	struct where *cases;
	long cluster_min;
	struct idset *returned_ids;
	struct returned *ret;
	size_t ret_cap;
	size_t vcap;		/* rows of r->viol */
};

/*
 * The lower bound of the 95% Wilson score interval of NUM successes in
 * DEN.  For NUM = 0 it is 0 exactly, but the subtraction of two nearly
 * equal terms can land just below: that would print as "-0.0%" and rank
 * below another 0, so it is clamped.
 */
static double
wilson_lower(long num, long den)
{
	const double z = 1.959963984540054;
	double n = (double)den, p = (double)num / n, v;

	if (den <= 0)
		return 0;
	v = (p + z * z / (2 * n) - z * sqrt((p * (1 - p) + z * z / (4 * n)) / n)) / (1 + z * z / n);
	return v > 0 ? v : 0;
}

static void
tally_init(struct tally *t)
{
	memset(t, 0, sizeof *t);
	t->keys = idset_new();
}

/* Count one for KEY; return its place in T. */
static size_t
tally_add(struct tally *t, const char *key, long n)
{
	size_t i = idset_put(t->keys, key);

	if (i >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		t->n = xrealloc(t->n, cap * sizeof *t->n);
		memset(t->n + t->cap, 0, (cap - t->cap) * sizeof *t->n);
		t->cap = cap;
	}
	t->n[i] += n;
	return i;
}

size_t
tally_len(const struct tally *t)
{
	return idset_count(t->keys);
}

/* The Ith key of T, most counted first (after report_finish). */
const char *
tally_key(const struct tally *t, size_t i)
{
	return idset_at(t->keys, t->order[i]);
}

long
tally_count(const struct tally *t, size_t i)
{
	return t->n[t->order[i]];
}

static const struct tally *sort_tally;

static int
tally_order(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	long nx = sort_tally->n[x], ny = sort_tally->n[y];

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(idset_at(sort_tally->keys, x), idset_at(sort_tally->keys, y));
}

static void
tally_sort(struct tally *t)
{
	size_t n = tally_len(t);

	t->order = xcalloc(n + 1, sizeof *t->order);
	for (size_t i = 0; i < n; i++)
		t->order[i] = i;
	sort_tally = t;
	if (n > 1)
		qsort(t->order, n, sizeof *t->order, tally_order);
}

static void
tally_free(struct tally *t)
{
	idset_free(t->keys);
	free(t->n);
	free(t->order);
}

/* Find the place of ID in L's sorted ids: where it is or would go. */
static size_t
idlist_place(const struct idlist *l, const char *id)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(l->id[mid], id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Count ID in L, keeping the REPORT_IDS smallest ids: ids begin with the
 * date of creation, so those are the first complaints, whatever order the
 * store's files are read in.  Return the place ID took, or -1.
 */
static long
idlist_add(struct idlist *l, const char *id)
{
	size_t at = idlist_place(l, id);

	l->total++;
	if (at >= REPORT_IDS)
		return -1;
	if (!l->id)
		l->id = xcalloc(REPORT_IDS, sizeof *l->id);
	if (l->n == REPORT_IDS)
		free(l->id[--l->n]);
	memmove(l->id + at + 1, l->id + at, (l->n - at) * sizeof *l->id);
	l->id[at] = xstrdup(id);
	l->n++;
	return (long)at;
}

static void
idlist_free(struct idlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->id[i]);
	free(l->id);
}

struct report *
report_new(struct policy *pol, const struct period *p, int stage, time_t now)
{
	struct report *r = xcalloc(1, sizeof *r);
	struct report_state *st = r->st = xcalloc(1, sizeof *st);
	static char *department[] = { "department" };

	r->pol = pol;
	r->per[0] = *p;
	period_previous(p, &r->per[1]);
	period_year_before(p, &r->per[2]);
	for (int k = 0; k < 3; k++) {
		r->workdays[k] = period_workdays(&r->per[k], policy_calendar(pol));
		r->total[k] = stats_new(pol, NULL, 0, stage);
	}
	r->stage = stage;
	r->now = now;
	r->by = policy_report_by(pol, &r->nby);
	r->breakdown = xcalloc(r->nby + 1, sizeof *r->breakdown);
	for (size_t i = 0; i < r->nby; i++) {
		r->breakdown[i] = stats_new(pol, &r->by[i], 1, stage);
		stats_no_repeats(r->breakdown[i]);
	}
	r->dept = stats_new(pol, department, 1, stage);
	stats_no_repeats(r->dept);
	r->ntrend = period_slots(p);
	r->trend = xcalloc(r->ntrend, sizeof *r->trend);
	tally_init(&r->category);
	tally_init(&r->causes);
	tally_init(&r->measures);
	tally_init(&r->clusters);
	tally_init(&r->vdept);
	policy_repeat_window(pol, &st->window);
	st->who = idset_new();
	st->returned_ids = idset_new();
	st->cluster_min = policy_cluster_min(pol);
	if (policy_cases(pol)) {
		struct buf err = { 0 };
		if (!(st->cases = where_parse(policy_cases(pol), &err)))
			die(EX_CONFIG, "[report] cases: %s", err.s);
	}
	return r;
}

/* The ticket's time: received_at, else created_at (as stats.c). */
static int
when(const struct rec *t, time_t *at)
{
	return ticket_time(t, "received_at", at) || ticket_time(t, "created_at", at);
}

/* Is T, made at AT, near enough to period P to be the complaint a repeat follows? */
static int
near(const struct report *r, const struct period *p, time_t at)
{
	return at < p->end && duration_add(policy_calendar(r->pol), at, &r->st->window) >= p->start;
}

static void
add_contact(struct report *r, const struct rec *t, time_t at, unsigned in)
{
	struct report_state *st = r->st;
	const char *who = *rec_str(t, "phone") ? rec_str(t, "phone") : rec_str(t, "customer");
	int wanted = 0;

	if (!*who)
		return;
	for (int k = 0; k < 3 && !wanted; k++)
		wanted = (in >> k & 1) || near(r, &r->per[k], at);
	if (!wanted)
		return;
	if (st->nc == st->ccap) {
		st->ccap = st->ccap ? st->ccap * 2 : 1024;
		st->c = xrealloc(st->c, st->ccap * sizeof *st->c);
	}
	st->c[st->nc++] = (struct contact){ idset_put(st->who, who), at, fnv1a64(rec_str(t, "id")), in,
	    in & 1 ? xstrdup(rec_str(t, "id")) : NULL };
}

/* Is the time in field LATE after the one in field DUE?  Both must be set. */
static int
later(const struct rec *t, const char *late, const char *due, int *checked)
{
	time_t a, b;

	if (!ticket_time(t, due, &b))
		return 0;
	(*checked)++;
	return ticket_time(t, late, &a) && a > b;
}

/* Is the time in field LATE after field FROM plus the policy's KEY? */
static int
later_than_rule(const struct report *r, const struct rec *t, const char *late, const char *from, const char *key, int *checked)
{
	time_t a, f, due;

	if (!ticket_time(t, from, &f) || !deadline_after(r->pol, t, key, f, &due))
		return 0;
	(*checked)++;
	return ticket_time(t, late, &a) && a > due;
}

/* The row of rule violations of department DEPT, made if new. */
static long *
viol_row(struct report *r, const char *dept)
{
	struct report_state *st = r->st;
	size_t i = tally_add(&r->vdept, dept, 0);

	if (i >= st->vcap) {
		size_t cap = r->vdept.cap;
		r->viol = xrealloc(r->viol, cap * sizeof *r->viol);
		memset(r->viol + st->vcap, 0, (cap - st->vcap) * sizeof *r->viol);
		st->vcap = cap;
	}
	return r->viol[i];
}

/* Count N of violation V for department DEPT, naming ticket ID. */
static void
violation(struct report *r, const char *dept, int v, const char *id, long n)
{
	viol_row(r, dept)[v] += n;
	if (id)
		idlist_add(&r->vids[v], id);
}

/* Has the resolve deadline passed, unresolved at NOW or resolved late? */
static int
overdue(const struct report *r, const struct rec *t)
{
	time_t due, done;

	if (!deadline_now(r->pol, t, "resolve_due", r->now, &due))
		return 0;
	if (ticket_time(t, "resolved_at", &done))
		return done > due;
	return r->now > due;
}

/* The rules of SPEC §5 checked after the fact, by the ticket's department. */
static void
violations(struct report *r, const struct rec *t)
{
	struct report_state *st = r->st;
	const char *dept = rec_str(t, "department"), *id = rec_str(t, "id");
	int c[RV_N] = { 0 };
	int v[RV_N] = { 0 };

	v[RV_REGISTER] = later_than_rule(r, t, "created_at", "received_at", "register", &c[RV_REGISTER]);
	v[RV_DISPATCH] = later(t, "dispatched_at", "dispatch_due", &c[RV_DISPATCH]);
	v[RV_HANDOVER] = later_than_rule(r, t, "handed_at", "assigned_at", "handover", &c[RV_HANDOVER]);
	v[RV_REPLY] = later(t, "replied_at", "reply_due", &c[RV_REPLY]);
	v[RV_FEEDBACK] = later(t, "feedback_at", "feedback_due", &c[RV_FEEDBACK]);
	v[RV_REDISPATCH] = ticket_count(t, "dispatches") > 1;
	c[RV_REDISPATCH] = c[RV_RETURNS] = 1;
	if ((c[RV_UNTOLD] = overdue(r, t)))
		v[RV_UNTOLD] = !*rec_str(t, "told_at");
	for (int k = 0; k < RV_N; k++) {
		r->checked[k] += c[k];
		if (v[k])
			violation(r, dept, k, id, 1);
	}
	tally_add(&r->vdept, dept, 1);	/* the department's tickets */
	viol_row(r, dept);		/* and its row, if it broke no rule */

	long returns = ticket_count(t, "returns");
	size_t known = idset_count(st->returned_ids);
	if (returns > 0 && idset_put(st->returned_ids, id) == known) {
		size_t i = known;
		if (i >= st->ret_cap) {
			st->ret_cap = st->ret_cap ? st->ret_cap * 2 : 16;
			st->ret = xrealloc(st->ret, st->ret_cap * sizeof *st->ret);
		}
		struct returned *ret = &st->ret[i];
		memset(ret, 0, sizeof *ret);
		ret->returns = returns;
		ret->dept = xstrdup(dept);
		policy_sla(r->pol, t, "return", &ret->allowed);
	}
}

/*
 * Keep ticket T among the typical cases shown if its id is one of the
 * REPORT_IDS smallest (the first complaints), and count it.
 */
static void
add_case(struct report *r, const struct rec *t)
{
	const char *id = rec_str(t, "id");
	size_t lo = 0, hi = r->ncases;

	r->cases_total++;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(rec_str(r->cases[mid], "id"), id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= REPORT_IDS)
		return;
	if (!r->cases)
		r->cases = xcalloc(REPORT_IDS, sizeof *r->cases);
	if (r->ncases == REPORT_IDS)
		rec_free(r->cases[--r->ncases]);
	memmove(r->cases + lo + 1, r->cases + lo, (r->ncases - lo) * sizeof *r->cases);
	r->cases[lo] = rec_new();
	rec_copy(r->cases[lo], t);
	r->ncases++;
}

/* A ticket of this period: everything but the engine's figures. */
static void
gather(struct report *r, const struct rec *t, time_t at)
{
	struct report_state *st = r->st;
	const char *id = rec_str(t, "id");
	char day[32];

	r->trend[period_slot(&r->per[0], at)]++;
	tally_add(&r->category, rec_str(t, "category"), 1);
	if (*rec_str(t, "cause"))
		tally_add(&r->causes, rec_str(t, "cause"), 1);
	if (*rec_str(t, "measures"))
		tally_add(&r->measures, rec_str(t, "measures"), 1);
	if (*rec_str(t, "region") && *rec_str(t, "category")) {
		char *key = xasprintf("%s\x1f%s\x1f%s", period_key("day", at, day), rec_str(t, "region"), rec_str(t, "category"));
		tally_add(&r->clusters, key, 1);
		free(key);
	}
	if (overdue(r, t))
		idlist_add(&r->overdue, id);
	if (ticket_count(t, "escalation") >= 1)
		idlist_add(&r->escalated, id);
	time_t held_at;
	long held = ticket_count(t, "held_min");
	if (ticket_time(t, "held_at", &held_at) && r->now > held_at)
		held += (long)((r->now - held_at) / 60);
	if (held > 0 || *rec_str(t, "held_at")) {
		idlist_add(&r->held, id);
		r->held_min += held;
	}
	if (st->cases && where_match(st->cases, t))
		add_case(r, t);
	violations(r, t);
}

/* Blank FIELD of T if it has one (never adds a field). */
static void
blank(struct rec *t, const char *field)
{
	if (rec_index(t, field) >= 0)
		rec_set(t, field, "");
}

/*
 * Count ticket T.  T is changed: its phone and customer are blanked once
 * the report and its breakdowns have seen them (see the top of this file).
 */
void
report_add(struct report *r, struct rec *t)
{
	time_t at;
	unsigned in = 0;

	if (!when(t, &at))
		return;
	for (int k = 0; k < 3; k++)
		in |= (unsigned)period_contains(&r->per[k], at) << k;
	add_contact(r, t, at, in);
	if (!in)
		return;
	if (in & 1) {
		gather(r, t, at);
		for (size_t i = 0; i < r->nby; i++)
			stats_add(r->breakdown[i], t);
		stats_add(r->dept, t);
	}
	blank(t, "phone");
	blank(t, "customer");
	for (int k = 0; k < 3; k++)
		if (in >> k & 1)
			stats_add(r->total[k], t);
}

/* A counter's value in the journal (empty or null is 0). */
static long
count_of(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *end ? 0 : n;
}

/*
 * Read the journal at PATH for when the returned tickets of this period
 * were returned and from which department: a return (returns going up)
 * later than the assigned_at then in force plus [sla] return is late.
 * The fields of a journal line come in record order, where department
 * (cleared by the return) precedes returns.  Without a journal (records
 * read from files) returns are counted by the ticket's department now,
 * and lateness cannot be told.
 */
void
report_journal(struct report *r, const char *path)
{
	struct report_state *st = r->st;
	struct journal_in *j = journal_open(path);
	struct rec *ch = rec_new();

	r->returns_timed = 1;
	while (idset_count(st->returned_ids) && journal_next(j, ch)) {
		const char *id = rec_str(ch, "id");
		if (!idset_has(st->returned_ids, id))
			continue;
		struct returned *ret = &st->ret[idset_put(st->returned_ids, id)];
		const char *field = rec_str(ch, "field"), *old = rec_str(ch, "old"), *new = rec_str(ch, "new");
		time_t t;
		if (strcmp(field, "assigned_at") == 0 && *new && time_parse(new, &t) == 0) {
			ret->assigned = t;
			ret->has_assigned = 1;
		} else if (strcmp(field, "department") == 0 && !*new) {
			free(ret->returning);
			ret->returning = xstrdup(old);
		} else if (strcmp(field, "returns") == 0 && count_of(new) > count_of(old)) {
			const char *at = *rec_str(ch, "now") ? rec_str(ch, "now") : rec_str(ch, "time");
			const char *dept = ret->returning ? ret->returning : "";
			violation(r, dept, RV_RETURNS, id, 1);
			if (duration_is_set(&ret->allowed) && ret->has_assigned && time_parse(at, &t) == 0) {
				r->checked[RV_RETURN_LATE]++;
				if (t > duration_add(policy_calendar(r->pol), ret->assigned, &ret->allowed))
					violation(r, dept, RV_RETURN_LATE, id, 1);
			}
		}
	}
	journal_close(j);
	rec_free(ch);
}

static int
contact_order(const void *a, const void *b)
{
	const struct contact *x = a, *y = b;

	if (x->who != y->who)
		return x->who < y->who ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (x->tie > y->tie) - (x->tie < y->tie);
}

/* Repeats, as stats.c counts them: a complaint soon after the same customer's last. */
static void
find_repeats(struct report *r)
{
	struct report_state *st = r->st;

	if (st->nc > 1)
		qsort(st->c, st->nc, sizeof *st->c, contact_order);
	for (size_t i = 1; i < st->nc; i++) {
		const struct contact *prev = &st->c[i - 1], *c = &st->c[i];
		if (!c->in || prev->who != c->who ||
		    duration_add(policy_calendar(r->pol), prev->at, &st->window) < c->at)
			continue;
		for (int k = 0; k < 3; k++)
			r->repeat[k] += c->in >> k & 1;
		if (c->id)
			idlist_add(&r->repeats, c->id);
	}
}

static const struct report *sort_report;

static int
rank_order(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (!x->place != !y->place)
		return x->place ? -1 : 1;
	if (x->place && x->lower != y->lower)
		return x->lower > y->lower ? -1 : 1;
	if (x->place && x->num * y->den != y->num * x->den)
		return x->num * y->den > y->num * x->den ? -1 : 1;
	if (x->g->n[SG_COUNT] != y->g->n[SG_COUNT])
		return x->g->n[SG_COUNT] > y->g->n[SG_COUNT] ? -1 : 1;
	return strcmp(x->g->keys[0], y->g->keys[0]);
}

/*
 * The department ranking (SPEC §9): by the Wilson lower bound of the
 * rank_by rate, so that a few lucky tickets do not top the list; a
 * department with fewer than rank_min tickets, none the rate counts, or
 * no department at all (not yet dispatched) is listed, not ranked.
 */
static void
rank_departments(struct report *r)
{
	const char *by = policy_rank_by(r->pol);
	long min = policy_rank_min(r->pol);

	r->nrank = stats_ngroups(r->dept);
	r->rank = xcalloc(r->nrank + 1, sizeof *r->rank);
	for (size_t i = 0; i < r->nrank; i++) {
		struct rank *k = &r->rank[i];
		k->g = stats_group(r->dept, i);
		if (strcmp(by, "resolved_rate") == 0)
			k->num = k->g->n[SG_RESOLVED], k->den = k->g->n[SG_COUNT];
		else if (strcmp(by, "satisfied_rate") == 0)
			k->num = k->g->n[SG_PLEASED], k->den = k->g->n[SG_RATED];
		else
			k->num = k->g->n[SG_ON_TIME], k->den = k->g->n[SG_MET];
		k->lower = wilson_lower(k->num, k->den);
		k->place = *k->g->keys[0] && k->g->n[SG_COUNT] >= min && k->den > 0;
	}
	sort_report = r;
	if (r->nrank > 1)
		qsort(r->rank, r->nrank, sizeof *r->rank, rank_order);
	for (size_t i = 0; i < r->nrank && r->rank[i].place; i++)
		r->rank[i].place = (long)++r->nranked;
}

/* After the last ticket (and the journal): repeats, ranking, orders. */
void
report_finish(struct report *r)
{
	struct report_state *st = r->st;

	find_repeats(r);
	for (int k = 0; k < 3; k++)
		stats_finish(r->total[k]);
	for (size_t i = 0; i < r->nby; i++)
		stats_finish(r->breakdown[i]);
	stats_finish(r->dept);
	rank_departments(r);
	if (!r->returns_timed)
		for (size_t i = 0; i < idset_count(st->returned_ids); i++)
			violation(r, st->ret[i].dept, RV_RETURNS, idset_at(st->returned_ids, i), st->ret[i].returns);
	tally_sort(&r->category);
	tally_sort(&r->causes);
	tally_sort(&r->measures);
	tally_sort(&r->vdept);
	/* Only the clusters big enough are kept to be shown. */
	struct tally big;
	tally_init(&big);
	for (size_t i = 0; st->cluster_min > 0 && i < tally_len(&r->clusters); i++)
		if (r->clusters.n[i] >= st->cluster_min)
			tally_add(&big, idset_at(r->clusters.keys, i), r->clusters.n[i]);
	tally_free(&r->clusters);
	r->clusters = big;
	tally_sort(&r->clusters);
}

void
report_free(struct report *r)
{
	struct report_state *st;

	if (!r)
		return;
	st = r->st;
	for (int k = 0; k < 3; k++)
		stats_free(r->total[k]);
	for (size_t i = 0; i < r->nby; i++)
		stats_free(r->breakdown[i]);
	free(r->breakdown);
	stats_free(r->dept);
	free(r->rank);
	free(r->trend);
	tally_free(&r->category);
	tally_free(&r->causes);
	tally_free(&r->measures);
	tally_free(&r->clusters);
	tally_free(&r->vdept);
	free(r->viol);
	idlist_free(&r->overdue);
	idlist_free(&r->escalated);
	idlist_free(&r->held);
	idlist_free(&r->repeats);
	for (int k = 0; k < RV_N; k++)
		idlist_free(&r->vids[k]);
	for (size_t i = 0; i < r->ncases; i++)
		rec_free(r->cases[i]);
	free(r->cases);
	for (size_t i = 0; i < st->nc; i++)
		free(st->c[i].id);
	free(st->c);
	idset_free(st->who);
	where_free(st->cases);
	for (size_t i = 0; i < idset_count(st->returned_ids); i++) {
		free(st->ret[i].dept);
		free(st->ret[i].returning);
	}
	free(st->ret);
	idset_free(st->returned_ids);
	free(st);
	free(r);
}
