/*
 * stats.c - grouped counts and rates of tickets (SPEC §6 cmp-stats), and
 * the mergeable partial aggregates that let a huge archive be counted in
 * pieces.
 *
 * One entry per group, never per row, except for what exactness needs:
 * the seconds each ticket took for its stage (an exact median and p90
 * need every value) and, for repeat complaints, one small entry per
 * ticket with a phone or customer (who, when, which group), since the
 * earlier complaint may come in any order and from any piece.  A partial
 * aggregate carries exactly those, so merging partials gives the answer of
 * one pass, whatever the split.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char *const stage_names[] = { "dispatch", "reply", "resolve", "feedback" };

/* What each --stage measures (SPEC §6): met when set, deadline, from -> to. */
struct stage_fields { const char *met, *due, *from, *to; };
static const struct stage_fields stage_fields[] = {
	{ "dispatched_at", "dispatch_due", "received_at", "dispatched_at" },
	{ "replied_at", "reply_due", "received_at", "replied_at" },
	{ "resolved_at", "resolve_due", "received_at", "resolved_at" },
	{ "feedback_at", "feedback_due", "resolved_at", "feedback_at" },
};

const char *const stats_columns[] = { "count", "share", "open", "resolved",
	"resolved_rate", "closed", "met", "on_time", "on_time_rate",
	"hours_mean", "hours_median", "hours_p90", "satisfied_rate",
	"reopen_rate", "escalated", "repeat", NULL };

/* The counters of a partial aggregate, in its column order. */
static const char *const counter_names[] = { "count", "open", "resolved",
	"closed", "met", "on_time", "escalated", "rated", "pleased",
	"reopened", NULL };

/* One earlier-complaint candidate: who complained, when, in which group. */
struct contact {
	size_t who;
	time_t at;
	uint64_t tie;		/* the ticket id's hash: orders equal times */
	long group;		/* -1: outside --from/--to, only looked back at */
};

struct stats {
	struct policy *pol;
	char **by;
	size_t nby;
	int stage;
	int has_from, has_to;
	time_t from, to;
	int no_repeats;		/* see stats_no_repeats */
	struct idset *keys;	/* joined keys -> group */
	struct stats_group *g;
	size_t ng;
	struct idset *who;	/* phone or customer -> number */
	struct contact *c;
	size_t nc, ccap;
	size_t *order;		/* groups sorted by key, after stats_finish */
	struct buf key;
};

int
stats_stage(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(stage_names[i], name) == 0)
			return i;
	return -1;
}

/* The name of STAGE, or NULL past the last one (--complete lists them). */
const char *
stats_stage_name(int stage)
{
	return stage >= 0 && stage < 4 ? stage_names[stage] : NULL;
}

/* The ticket's time for grouping and --from/--to: received, else created. */
static int
ticket_when(const struct rec *t, time_t *at)
{
	return ticket_time(t, "received_at", at) || ticket_time(t, "created_at", at);
}

/* The derived keys of --by, for --complete: those period_key() makes. */
const char *const period_kinds[] = { "day", "week", "month", "quarter", "year", NULL };

/*
 * The derived key KIND (day, week, month, quarter, year) of time T into
 * OUT; NULL when KIND is not one.
 */
const char *
period_key(const char *kind, time_t t, char out[32])
{
	struct tm tm;

	local_tm(t, &tm);
	if (strcmp(kind, "day") == 0)
		strftime(out, 32, "%Y-%m-%d", &tm);
	else if (strcmp(kind, "week") == 0)
		strftime(out, 32, "%G-W%V", &tm);
	else if (strcmp(kind, "month") == 0)
		strftime(out, 32, "%Y-%m", &tm);
	else if (strcmp(kind, "quarter") == 0)
		snprintf(out, 32, "%04d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
	else if (strcmp(kind, "year") == 0)
		snprintf(out, 32, "%04d", tm.tm_year + 1900);
	else
		return NULL;
	return out;
}

struct stats *
stats_new(struct policy *pol, char **by, size_t nby, int stage)
{
	struct stats *s = xcalloc(1, sizeof *s);

	s->pol = pol;
	s->by = xcalloc(nby + 1, sizeof *s->by);
	for (size_t i = 0; i < nby; i++)
		s->by[i] = xstrdup(by[i]);
	s->nby = nby;
	s->stage = stage;
	s->keys = idset_new();
	s->who = idset_new();
	return s;
}

/*
 * Do not count repeats: a caller that never shows the repeat column (the
 * report's breakdowns) spares one entry per ticket with a phone.
 */
void
stats_no_repeats(struct stats *s)
{
	s->no_repeats = 1;
}

/* Count only tickets from FROM (inclusive) and before TO (exclusive). */
void
stats_range(struct stats *s, const time_t *from, const time_t *to)
{
	if ((s->has_from = from != NULL))
		s->from = *from;
	if ((s->has_to = to != NULL))
		s->to = *to;
}

/* The group of the keys joined in S->key, made if new. */
static struct stats_group *
group_of(struct stats *s, char *const *keys, long *index)
{
	size_t i = idset_put(s->keys, s->key.s ? s->key.s : "");

	if (i == s->ng) {
		s->g = xrealloc(s->g, (s->ng + 1) * sizeof *s->g);
		struct stats_group *g = &s->g[s->ng++];
		memset(g, 0, sizeof *g);
		g->keys = xcalloc(s->nby + 1, sizeof *g->keys);
		for (size_t k = 0; k < s->nby; k++)
			g->keys[k] = xstrdup(keys[k]);
	}
	*index = (long)i;
	return &s->g[i];
}

static void
join_keys(struct stats *s, char *const *keys)
{
	buf_reset(&s->key);
	for (size_t k = 0; k < s->nby; k++) {
		if (k)
			buf_addc(&s->key, '\x1f');
		buf_adds(&s->key, keys[k]);
	}
}

static void
add_contact(struct stats *s, const char *who, time_t at, uint64_t tie, long group)
{
	if (s->nc == s->ccap) {
		s->ccap = s->ccap ? s->ccap * 2 : 1024;
		s->c = xrealloc(s->c, s->ccap * sizeof *s->c);
	}
	s->c[s->nc++] = (struct contact){ idset_put(s->who, who), at, tie, group };
}

static void
add_seconds(struct stats_group *g, double secs)
{
	if (g->nsecs == g->secs_cap) {
		g->secs_cap = g->secs_cap ? g->secs_cap * 2 : 16;
		g->secs = xrealloc(g->secs, g->secs_cap * sizeof *g->secs);
	}
	g->secs[g->nsecs++] = secs;
}

/* Count ticket T. */
void
stats_add(struct stats *s, const struct rec *t)
{
	time_t at = 0;
	int timed = ticket_when(t, &at);
	int inside = (!s->has_from || (timed && at >= s->from)) && (!s->has_to || (timed && at < s->to));
	const char *who = *rec_str(t, "phone") ? rec_str(t, "phone") : rec_str(t, "customer");
	long gi = -1;

	if (inside) {
		char **keys = xcalloc(s->nby + 1, sizeof *keys);
		char buf[32];
		for (size_t k = 0; k < s->nby; k++) {
			const char *d = timed ? period_key(s->by[k], at, buf) : NULL;
			keys[k] = xstrdup(d ? d : period_key(s->by[k], 0, buf) ? "" : rec_str(t, s->by[k]));
		}
		join_keys(s, keys);
		struct stats_group *g = group_of(s, keys, &gi);
		for (size_t k = 0; k < s->nby; k++)
			free(keys[k]);
		free(keys);

		const char *status = rec_str(t, "status");
		g->n[SG_COUNT]++;
		g->n[SG_OPEN] += strcmp(status, "new") == 0 || strcmp(status, "assigned") == 0;
		int resolved = *rec_str(t, "resolved_at") != '\0';
		g->n[SG_RESOLVED] += resolved;
		g->n[SG_CLOSED] += strcmp(status, "closed") == 0;
		g->n[SG_ESCALATED] += ticket_count(t, "escalation") >= 1;
		const char *sat = rec_str(t, "satisfaction");
		g->n[SG_RATED] += *sat != '\0';
		g->n[SG_PLEASED] += strcmp(sat, "satisfied") == 0 || strcmp(sat, "basic") == 0;
		g->n[SG_REOPENED] += resolved && ticket_count(t, "reopens") > 0;

		const struct stage_fields *f = &stage_fields[s->stage];
		time_t done, from, due;
		if (ticket_time(t, f->met, &done) && (s->stage != 1 || *rec_str(t, f->due))) {
			g->n[SG_MET]++;
			g->n[SG_ON_TIME] += !ticket_time(t, f->due, &due) || done <= due;
			int has_from = strcmp(f->from, "received_at") == 0 ? ticket_when(t, &from) : ticket_time(t, f->from, &from);
			if (has_from)
				add_seconds(g, difftime(done, from));
		}
	}
	if (*who && timed && !s->no_repeats)
		add_contact(s, who, at, fnv1a64(rec_str(t, "id")), gi);
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

static int
double_order(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static const struct stats *sort_stats;

static int
group_order(const void *a, const void *b)
{
	const struct stats_group *x = &sort_stats->g[*(const size_t *)a];
	const struct stats_group *y = &sort_stats->g[*(const size_t *)b];

	for (size_t k = 0; k < sort_stats->nby; k++) {
		int c = strcmp(x->keys[k], y->keys[k]);
		if (c)
			return c;
	}
	return 0;
}

/*
 * After the last ticket or partial: count the repeat complaints (a ticket
 * whose phone, else customer, is on a ticket received within [report]
 * repeat_window before it; ties in time go by the ids' hash), sort each
 * group's seconds and the groups by key.
 */
void
stats_finish(struct stats *s)
{
	struct duration window;

	policy_repeat_window(s->pol, &window);
	if (s->nc > 1)
		qsort(s->c, s->nc, sizeof *s->c, contact_order);
	for (size_t i = 1; i < s->nc; i++) {
		const struct contact *prev = &s->c[i - 1], *c = &s->c[i];
		if (c->group >= 0 && prev->who == c->who &&
		    duration_add(policy_calendar(s->pol), prev->at, &window) >= c->at)
			s->g[c->group].n[SG_REPEAT]++;
	}
	for (size_t i = 0; i < s->ng; i++)
		if (s->g[i].nsecs > 1)
			qsort(s->g[i].secs, s->g[i].nsecs, sizeof *s->g[i].secs, double_order);
	s->order = xcalloc(s->ng + 1, sizeof *s->order);
	for (size_t i = 0; i < s->ng; i++)
		s->order[i] = i;
	sort_stats = s;
	if (s->ng > 1)
		qsort(s->order, s->ng, sizeof *s->order, group_order);
}

size_t
stats_ngroups(const struct stats *s)
{
	return s->ng;
}

/* The Ith group in key order (after stats_finish). */
const struct stats_group *
stats_group(const struct stats *s, size_t i)
{
	return &s->g[s->order[i]];
}

/* Tickets counted in every group: the denominator of share. */
long
stats_total(const struct stats *s)
{
	long n = 0;

	for (size_t i = 0; i < s->ng; i++)
		n += s->g[i].n[SG_COUNT];
	return n;
}

static void
put_rate(struct rec *out, const char *name, double num, double den)
{
	char buf[32];

	if (den > 0)
		snprintf(buf, sizeof buf, "%.4f", num / den);
	else
		buf[0] = '\0';
	rec_set(out, name, buf);
}

static void
put_hours(struct rec *out, const char *name, int have, double secs)
{
	char buf[32];

	if (have)
		snprintf(buf, sizeof buf, "%.2f", secs / 3600);
	else
		buf[0] = '\0';
	rec_set(out, name, buf);
}

static void
put_long(struct rec *out, const char *name, long n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%ld", n);
	rec_set(out, name, buf);
}

/* The exact median: the middle value, or the mean of the two middle ones. */
double
stats_median(const struct stats_group *g)
{
	size_t n = g->nsecs;

	return n % 2 ? g->secs[n / 2] : (g->secs[n / 2 - 1] + g->secs[n / 2]) / 2;
}

/* The 90th percentile by nearest rank: the ceil(0.9 n)-th smallest value. */
double
stats_p90(const struct stats_group *g)
{
	size_t rank = (g->nsecs * 9 + 9) / 10;

	return g->secs[rank - 1];
}

/* The output record of the Ith group: its keys, then stats_columns. */
void
stats_row(const struct stats *s, size_t i, struct rec *out)
{
	const struct stats_group *g = stats_group(s, i);
	double sum = 0;

	rec_clear(out);
	for (size_t k = 0; k < s->nby; k++)
		rec_set(out, s->by[k], g->keys[k]);
	put_long(out, "count", g->n[SG_COUNT]);
	put_rate(out, "share", (double)g->n[SG_COUNT], (double)stats_total(s));
	put_long(out, "open", g->n[SG_OPEN]);
	put_long(out, "resolved", g->n[SG_RESOLVED]);
	put_rate(out, "resolved_rate", (double)g->n[SG_RESOLVED], (double)g->n[SG_COUNT]);
	put_long(out, "closed", g->n[SG_CLOSED]);
	put_long(out, "met", g->n[SG_MET]);
	put_long(out, "on_time", g->n[SG_ON_TIME]);
	put_rate(out, "on_time_rate", (double)g->n[SG_ON_TIME], (double)g->n[SG_MET]);
	for (size_t k = 0; k < g->nsecs; k++)
		sum += g->secs[k];
	put_hours(out, "hours_mean", g->nsecs > 0, g->nsecs ? sum / (double)g->nsecs : 0);
	put_hours(out, "hours_median", g->nsecs > 0, g->nsecs ? stats_median(g) : 0);
	put_hours(out, "hours_p90", g->nsecs > 0, g->nsecs ? stats_p90(g) : 0);
	put_rate(out, "satisfied_rate", (double)g->n[SG_PLEASED], (double)g->n[SG_RATED]);
	put_rate(out, "reopen_rate", (double)g->n[SG_REOPENED], (double)g->n[SG_RESOLVED]);
	put_long(out, "escalated", g->n[SG_ESCALATED]);
	put_long(out, "repeat", g->n[SG_REPEAT]);
}

/*
 * The partial aggregate, as records to W: a "group" record per group
 * (keys, counters, the seconds of its stage) and a "contact" record per
 * repeat candidate.  Each record names the --by fields and the stage, so
 * that --merge needs neither and refuses partials that do not fit.  A --by
 * field named like a field of the record is a usage error (exit 64).
 */
void
stats_write_partial(const struct stats *s, struct writer *w)
{
	static const char *const head[] = { "kind", "by", "stage" };
	static const char *const tail[] = { "seconds", "who", "at", "tie", "in" };
	struct rec *r = rec_new();
	struct buf by = { 0 }, secs = { 0 }, err = { 0 };
	char buf[64];

	/*
	 * A key named like a field of the partial record would overwrite it
	 * (or be overwritten), and the merge would count garbage: refuse it
	 * as a usage error (64) before writing anything.
	 */
	for (size_t k = 0; k < s->nby; k++) {
		int clash = 0;
		for (size_t i = 0; i < 3; i++)
			clash |= strcmp(s->by[k], head[i]) == 0;
		for (size_t i = 0; i < 5; i++)
			clash |= strcmp(s->by[k], tail[i]) == 0;
		for (size_t i = 0; counter_names[i]; i++)
			clash |= strcmp(s->by[k], counter_names[i]) == 0;
		if (clash)
			die(EX_USAGE, "--by: \"%s\" is a field of the --partial record: not a key of one", s->by[k]);
	}
	for (size_t k = 0; k < s->nby; k++)
		buf_printf(&by, "%s%s", k ? "," : "", s->by[k]);
	char **header = NULL;
	size_t nh = 0;
	for (size_t i = 0; i < 3; i++)
		names_union(&header, &nh, head[i]);
	for (size_t k = 0; k < s->nby; k++)
		names_union(&header, &nh, s->by[k]);
	for (size_t i = 0; counter_names[i]; i++)
		names_union(&header, &nh, counter_names[i]);
	for (size_t i = 0; i < 5; i++)
		names_union(&header, &nh, tail[i]);
	writer_set_header(w, header, nh);
	names_free(header, nh);

	for (size_t i = 0; i < s->ng + s->nc; i++) {
		int is_group = i < s->ng;
		const struct stats_group *g = is_group ? &s->g[i] : s->c[i - s->ng].group >= 0 ? &s->g[s->c[i - s->ng].group] : NULL;
		rec_clear(r);
		rec_set(r, "kind", is_group ? "group" : "contact");
		rec_set(r, "by", by.s ? by.s : "");
		rec_set(r, "stage", stage_names[s->stage]);
		for (size_t k = 0; k < s->nby; k++)
			rec_set(r, s->by[k], g ? g->keys[k] : "");
		buf_reset(&secs);
		for (size_t k = 0; is_group && counter_names[k]; k++)
			put_long(r, counter_names[k], g->n[k]);
		for (size_t k = 0; is_group && k < g->nsecs; k++)
			buf_printf(&secs, "%s%.0f", k ? " " : "", g->secs[k]);
		rec_set(r, "seconds", secs.s ? secs.s : "");
		if (!is_group) {
			const struct contact *c = &s->c[i - s->ng];
			rec_set(r, "who", idset_at(s->who, c->who));
			snprintf(buf, sizeof buf, "%lld", (long long)c->at);
			rec_set(r, "at", buf);
			snprintf(buf, sizeof buf, "%016llx", (unsigned long long)c->tie);
			rec_set(r, "tie", buf);
			rec_set(r, "in", c->group >= 0 ? "1" : "0");
		}
		if (writer_put(w, r, &err) != 0)
			die(EX_SOFTWARE, "partial: %s", err.s);
	}
	buf_free(&by);
	buf_free(&secs);
	buf_free(&err);
	rec_free(r);
}

static long long
partial_number(const struct rec *r, const char *field, const char *where)
{
	const char *v = rec_str(r, field);
	char *end;
	long long n = strtoll(v, &end, 10);

	if (!*v || *end)
		die(EX_DATAERR, "%s: %s: \"%s\" is not a number (not a cmp-stats --partial?)", where, field, v);
	return n;
}

/*
 * Add the partial record R (from cmp-stats --partial), named WHERE in
 * messages.  The first record fixes --by and the stage when S was made
 * without them (stats_new with NBY 0 and a negative STAGE).
 */
void
stats_merge(struct stats *s, const struct rec *r, const char *where)
{
	const char *kind = rec_str(r, "kind");
	int stage = stats_stage(rec_str(r, "stage"));
	struct buf by = { 0 };

	if (strcmp(kind, "group") != 0 && strcmp(kind, "contact") != 0)
		die(EX_DATAERR, "%s: not a cmp-stats --partial record (kind \"%s\")", where, kind);
	if (stage < 0)
		die(EX_DATAERR, "%s: stage \"%s\" is not one of dispatch, reply, resolve, feedback", where, rec_str(r, "stage"));
	if (s->stage < 0) {
		s->stage = stage;
		const char *list = rec_str(r, "by");
		while (*list) {
			size_t n = strcspn(list, ",");
			s->by = xrealloc(s->by, (s->nby + 2) * sizeof *s->by);
			s->by[s->nby++] = xstrndup(list, n);
			s->by[s->nby] = NULL;
			list += n + (list[n] == ',');
		}
	}
	for (size_t k = 0; k < s->nby; k++)
		buf_printf(&by, "%s%s", k ? "," : "", s->by[k]);
	if (stage != s->stage || strcmp(by.s ? by.s : "", rec_str(r, "by")) != 0)
		die(EX_DATAERR, "%s: a partial of --by %s --stage %s does not merge with --by %s --stage %s",
		    where, rec_str(r, "by"), rec_str(r, "stage"), by.s ? by.s : "", stage_names[s->stage]);
	buf_free(&by);

	char **keys = xcalloc(s->nby + 1, sizeof *keys);
	for (size_t k = 0; k < s->nby; k++)
		keys[k] = (char *)rec_str(r, s->by[k]);
	long gi = -1;
	if (strcmp(kind, "group") == 0 || strcmp(rec_str(r, "in"), "1") == 0) {
		join_keys(s, keys);
		struct stats_group *g = group_of(s, keys, &gi);
		for (size_t k = 0; strcmp(kind, "group") == 0 && counter_names[k]; k++)
			g->n[k] += (long)partial_number(r, counter_names[k], where);
		for (const char *p = rec_str(r, "seconds"); *p;) {
			char *end;
			double v = strtod(p, &end);
			if (end == p)
				die(EX_DATAERR, "%s: seconds: not a list of numbers", where);
			add_seconds(g, v);
			p = end + strspn(end, " ");
		}
	}
	free(keys);
	if (strcmp(kind, "contact") == 0)
		add_contact(s, rec_str(r, "who"), (time_t)partial_number(r, "at", where),
		    strtoull(rec_str(r, "tie"), NULL, 16), gi);
}

/* The --by fields of S (after a merge, those of the partials). */
char **
stats_by(const struct stats *s, size_t *n)
{
	*n = s->nby;
	return s->by;
}

void
stats_free(struct stats *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ng; i++) {
		for (size_t k = 0; k < s->nby; k++)
			free(s->g[i].keys[k]);
		free(s->g[i].keys);
		free(s->g[i].secs);
	}
	for (size_t k = 0; k < s->nby; k++)
		free(s->by[k]);
	free(s->by);
	free(s->g);
	free(s->c);
	free(s->order);
	idset_free(s->keys);
	idset_free(s->who);
	buf_free(&s->key);
	free(s);
}
