/*
 * render.c - the sections of a period report (SPEC §6 cmp-report), in
 * order, from the figures report.c gathered.
 *
 * This file decides what a reader sees and in which words (labels.c); it
 * never decides how it looks: everything goes through the document calls
 * of doc.c, which write text, Markdown or HTML.  Figures are formatted
 * here once, so the three formats always show the same numbers.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

#define BREAKDOWN_ROWS 20	/* groups a breakdown lists; the rest are summed */
#define TOP 10			/* causes and measures listed */

/* A rate of the statistics engine: which counters make it. */
struct ratedef { const char *name; int num, den; };
static const struct ratedef rates[] = {
	{ "resolved_rate", SG_RESOLVED, SG_COUNT },
	{ "on_time_rate", SG_ON_TIME, SG_MET },
	{ "satisfied_rate", SG_PLEASED, SG_RATED },
	{ "reopen_rate", SG_REOPENED, SG_RESOLVED },
};
enum { R_RESOLVED, R_ON_TIME, R_SATISFIED, R_REOPEN, NRATES };

/* A table being filled cell by cell, row after row. */
struct grid {
	struct doc_table t;
	size_t ncells, cap;
};

static void
grid_init(struct grid *g, const char **cols, size_t ncols, const unsigned char *right)
{
	memset(g, 0, sizeof *g);
	g->t.cols = cols;
	g->t.ncols = ncols;
	g->t.right = right;
}

/* Add the cell TEXT (taken over), marked when it misses a target. */
static void
cell(struct grid *g, char *text, int marked)
{
	if (g->ncells == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->t.cells = xrealloc(g->t.cells, g->cap * sizeof *g->t.cells);
		g->t.marked = xrealloc(g->t.marked, g->cap);
	}
	g->t.cells[g->ncells] = text;
	g->t.marked[g->ncells++] = (unsigned char)marked;
	g->t.nrows = g->ncells / g->t.ncols;
}

static void
cells(struct grid *g, const char *text)
{
	cell(g, xstrdup(text), 0);
}

static void
grid_put(struct doc *d, struct grid *g)
{
	doc_table(d, &g->t);
	for (size_t i = 0; i < g->ncells; i++)
		free(g->t.cells[i]);
	free(g->t.cells);
	free(g->t.marked);
}

static long
n_of(const struct stats_group *g, int k)
{
	return g ? g->n[k] : 0;
}

/* The group of a stats without --by: the whole period, or NULL if empty. */
static const struct stats_group *
whole(const struct stats *s)
{
	return stats_ngroups(s) ? stats_group(s, 0) : NULL;
}

static char *
pct(long num, long den)
{
	return den > 0 ? xasprintf("%.1f%%", 100.0 * (double)num / (double)den) : xstrdup("—");
}

/* Does NUM / DEN miss the [targets] of RATE?  reopen_rate is a ceiling. */
static int
misses(const struct report *r, const char *rate, long num, long den)
{
	double target, v = den > 0 ? (double)num / (double)den : 0;

	if (den <= 0 || !policy_target(r->pol, rate, &target))
		return 0;
	return strcmp(rate, "reopen_rate") == 0 ? v > target : v < target;
}

static void
rate_cell(struct grid *g, const struct report *r, int rate, const struct stats_group *grp)
{
	long num = n_of(grp, rates[rate].num), den = n_of(grp, rates[rate].den);

	cell(g, pct(num, den), misses(r, rates[rate].name, num, den));
}

/* The label of rate RATE, with the stage for on_time_rate. */
static char *
rate_label(const struct report *r, int rate)
{
	char key[48];

	snprintf(key, sizeof key, "rate.%s", rates[rate].name);
	if (rate == R_ON_TIME) {
		snprintf(key, sizeof key, "stage.%s", stats_stage_name(r->stage));
		return xasprintf("%s%s", L("rate.on_time_rate"), L(key));
	}
	return xstrdup(L(key));
}

static char *
count_change(long cur, long base)
{
	if (cur == base)
		return xstrdup(base ? "0 (0.0%)" : "0");
	if (base == 0)
		return xasprintf("%+ld", cur);
	return xasprintf("%+ld (%+.1f%%)", cur - base, 100.0 * (double)(cur - base) / (double)base);
}

static char *
rate_change(const struct stats_group *a, const struct stats_group *b, int rate)
{
	long an = n_of(a, rates[rate].num), ad = n_of(a, rates[rate].den);
	long bn = n_of(b, rates[rate].num), bd = n_of(b, rates[rate].den);

	if (ad <= 0 || bd <= 0)
		return xstrdup("—");
	return xasprintf("%+.1f%s", 100.0 * ((double)an / (double)ad - (double)bn / (double)bd), L("pp"));
}

static double
per_day(long n, long days)
{
	return days > 0 ? (double)n / (double)days : 0;
}

static char *
ratio_change(double cur, double base)
{
	return base > 0 ? xasprintf("%+.1f%%", 100.0 * (cur - base) / base) : xstrdup("—");
}

/* "30d", "15wd": a duration as written in cmp.conf. */
static char *
duration_text(const struct duration *d)
{
	static const char *const unit[] = { "", "m", "h", "d", "wd" };

	return xasprintf("%ld%s", d->n, unit[d->unit]);
}

/* The legend of the targets set, or NULL when there is none. */
static char *
targets_legend(const struct report *r)
{
	struct buf b = { 0 };
	double v;

	for (int i = 0; i < NRATES; i++) {
		if (!policy_target(r->pol, rates[i].name, &v))
			continue;
		char *label = i == R_ON_TIME ? xstrdup(L("rate.on_time_rate")) : rate_label(r, i);
		buf_printf(&b, "%s%s %s %.1f%%", b.len ? L("list.sep") : L("targets.legend"), label,
		    i == R_REOPEN ? "≤" : "≥", 100 * v);
		free(label);
	}
	return b.s;
}

static void
title(const struct report *r, struct doc *d)
{
	char first[32], last[32], now[TIMEBUF];
	char *t = xasprintf("%s %s", L("title"), r->per[0].name);
	char *sub = xasprintf("%s %s %s %s · %s %s · %s %s · %s %s", L("sub.period"),
	    period_key("day", r->per[0].start, first), L("sub.to"),
	    period_key("day", r->per[0].end - 1, last), L("sub.previous"), r->per[1].name,
	    L("sub.yearago"), r->per[2].name, L("sub.asof"), time_format(r->now, now));

	doc_title(d, t, sub);
	free(t);
	free(sub);
}

/* Totals and rates, with 环比 (raw and per working day) and 同比. */
static void
totals(const struct report *r, struct doc *d)
{
	const struct stats_group *g[3];
	static const unsigned char right[] = { 0, 1, 1, 1, 1, 1 };
	const char *cols[] = { L("totals.metric"), r->per[0].name, r->per[1].name, L("totals.mom"),
		r->per[2].name, L("totals.yoy") };
	struct grid t;

	for (int k = 0; k < 3; k++)
		g[k] = whole(r->total[k]);
	doc_section(d, L("sec.totals"));
	grid_init(&t, cols, 6, right);

	cells(&t, L("totals.count"));
	for (int k = 0; k < 3; k++) {
		cell(&t, xasprintf("%ld", n_of(g[k], SG_COUNT)), 0);
		if (k)
			cell(&t, count_change(n_of(g[0], SG_COUNT), n_of(g[k], SG_COUNT)), 0);
	}
	cells(&t, L("totals.workdays"));
	for (int k = 0; k < 3; k++) {
		cell(&t, xasprintf("%ld", r->workdays[k]), 0);
		if (k)
			cell(&t, count_change(r->workdays[0], r->workdays[k]), 0);
	}
	cells(&t, L("totals.perday"));
	for (int k = 0; k < 3; k++) {
		cell(&t, xasprintf("%.2f", per_day(n_of(g[k], SG_COUNT), r->workdays[k])), 0);
		if (k)
			cell(&t, ratio_change(per_day(n_of(g[0], SG_COUNT), r->workdays[0]),
			    per_day(n_of(g[k], SG_COUNT), r->workdays[k])), 0);
	}
	for (int i = 0; i < NRATES; i++) {
		cell(&t, rate_label(r, i), 0);
		for (int k = 0; k < 3; k++) {
			rate_cell(&t, r, i, g[k]);
			if (k)
				cell(&t, rate_change(g[0], g[k], i), 0);
		}
	}
	char key[48];
	snprintf(key, sizeof key, "stage.%s", stats_stage_name(r->stage));
	cell(&t, xasprintf("%s%s%s", L("totals.hours"), L(key), L("totals.hours.unit")), 0);
	double h[3];
	for (int k = 0; k < 3; k++) {
		int have = g[k] && g[k]->nsecs > 0;
		h[k] = have ? stats_median(g[k]) / 3600 : -1;
		cell(&t, have ? xasprintf("%.1f", h[k]) : xstrdup("—"), 0);
		if (k)
			cell(&t, h[0] >= 0 && h[k] >= 0 ? xasprintf("%+.1f", h[0] - h[k]) : xstrdup("—"), 0);
	}
	static const int counts[] = { SG_ESCALATED, -1 };
	static const char *const count_keys[] = { "totals.escalated", "totals.repeat" };
	for (int i = 0; i < 2; i++) {
		cells(&t, L(count_keys[i]));
		for (int k = 0; k < 3; k++) {
			long n = counts[i] >= 0 ? n_of(g[k], counts[i]) : r->repeat[k];
			long n0 = counts[i] >= 0 ? n_of(g[0], counts[i]) : r->repeat[0];
			cell(&t, xasprintf("%ld", n), 0);
			if (k)
				cell(&t, count_change(n0, n), 0);
		}
	}
	grid_put(d, &t);
	char *legend = targets_legend(r);
	if (legend)
		doc_text(d, legend);
	free(legend);
}

static void
trend(const struct report *r, struct doc *d)
{
	struct doc_chart c = { .kind = CHART_COLUMNS, .id = "trend", .n = r->ntrend, .target = -1 };

	doc_section(d, L("sec.trend"));
	c.title = L(r->per[0].kind == PERIOD_MONTH ? "trend.day" : "trend.month");
	c.labels = xcalloc(c.n + 1, sizeof *c.labels);
	c.values = xcalloc(c.n + 1, sizeof *c.values);
	for (size_t i = 0; i < c.n; i++) {
		char name[32];
		period_slot_name(&r->per[0], i, name);
		c.labels[i] = r->per[0].kind == PERIOD_MONTH ? xasprintf("%zu", i + 1) : xstrdup(name);
		c.values[i] = (double)r->trend[i];
	}
	doc_chart(d, &c);
	for (size_t i = 0; i < c.n; i++)
		free(c.labels[i]);
	free(c.labels);
	free(c.values);
}

static const char *
value_label(const char *field, const char *v)
{
	if (!*v)
		return L(strcmp(field, "department") == 0 ? "dept.none" : "empty");
	return label_value(field, v);
}

/* The counts by category, as bars. */
static void
category_chart(const struct report *r, struct doc *d)
{
	size_t n = tally_len(&r->category);
	struct doc_chart c = { .kind = CHART_BARS, .id = "category", .title = L("chart.category"), .target = -1 };

	c.n = n < BREAKDOWN_ROWS ? n : BREAKDOWN_ROWS;
	c.labels = xcalloc(c.n + 1, sizeof *c.labels);
	c.values = xcalloc(c.n + 1, sizeof *c.values);
	for (size_t i = 0; i < c.n; i++) {
		c.labels[i] = (char *)value_label("category", tally_key(&r->category, i));
		c.values[i] = (double)tally_count(&r->category, i);
	}
	doc_chart(d, &c);
	free(c.labels);
	free(c.values);
}

static const struct stats *sort_stats;

static int
by_count(const void *a, const void *b)
{
	const struct stats_group *x = stats_group(sort_stats, *(const size_t *)a);
	const struct stats_group *y = stats_group(sort_stats, *(const size_t *)b);

	if (x->n[SG_COUNT] != y->n[SG_COUNT])
		return x->n[SG_COUNT] > y->n[SG_COUNT] ? -1 : 1;
	return strcmp(x->keys[0], y->keys[0]);
}

/* One breakdown: the groups of field F, most tickets first; a personal
 * field (a breakdown by phone finds frequent callers) is masked. */
static void
breakdown(const struct report *r, struct doc *d, const char *f, const struct stats *s, const struct render_opts *o)
{
	static const unsigned char right[] = { 0, 1, 1, 1, 1, 1, 1, 1 };
	char *rl[NRATES];
	for (int i = 0; i < NRATES; i++)
		rl[i] = rate_label(r, i);
	const char *cols[] = { label_field(f), L("col.count"), L("col.share"), rl[R_RESOLVED], rl[R_ON_TIME],
		rl[R_SATISFIED], rl[R_REOPEN], L("totals.escalated") };
	size_t n = stats_ngroups(s);
	size_t *order = xcalloc(n + 1, sizeof *order);
	long total = stats_total(s), rest = 0;
	struct grid t;
	struct buf masked = { 0 };

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_stats = s;
	if (n > 1)
		qsort(order, n, sizeof *order, by_count);
	char *title = xasprintf("%s%s", L("by.pre"), label_field(f));
	doc_subsection(d, title);
	free(title);
	grid_init(&t, cols, 8, right);
	for (size_t i = 0; i < n; i++) {
		const struct stats_group *g = stats_group(s, order[i]);
		if (i >= BREAKDOWN_ROWS) {
			rest += g->n[SG_COUNT];
			continue;
		}
		if (policy_is_masked(r->pol, f))
			cells(&t, shown_value(r->pol, o->reveal, f, g->keys[0], &masked));
		else
			cells(&t, value_label(f, g->keys[0]));
		cell(&t, xasprintf("%ld", g->n[SG_COUNT]), 0);
		cell(&t, pct(g->n[SG_COUNT], total), 0);
		for (int k = 0; k < NRATES; k++)
			rate_cell(&t, r, k, g);
		cell(&t, xasprintf("%ld", g->n[SG_ESCALATED]), 0);
	}
	if (n > BREAKDOWN_ROWS) {
		cell(&t, xasprintf("%s%zu%s", L("rest.pre"), n - BREAKDOWN_ROWS, L("rest.post")), 0);
		cell(&t, xasprintf("%ld", rest), 0);
		cell(&t, pct(rest, total), 0);
		for (int k = 0; k < NRATES + 1; k++)
			cells(&t, "");
	}
	if (n == 0)
		doc_text(d, L("none"));
	else
		grid_put(d, &t);
	free(order);
	buf_free(&masked);
	for (int i = 0; i < NRATES; i++)
		free(rl[i]);
}

static void
breakdowns(const struct report *r, struct doc *d, const struct render_opts *o)
{
	doc_section(d, L("sec.breakdowns"));
	category_chart(r, d);
	for (size_t i = 0; i < r->nby; i++)
		breakdown(r, d, r->by[i], r->breakdown[i], o);
}

/* The department ranking (SPEC §9) and the bottom three. */
static void
ranking(const struct report *r, struct doc *d)
{
	const char *by = policy_rank_by(r->pol);
	int rate = strcmp(by, "resolved_rate") == 0 ? R_RESOLVED : strcmp(by, "satisfied_rate") == 0 ? R_SATISFIED : R_ON_TIME;
	char *rl = rate_label(r, rate);
	static const unsigned char right[] = { 1, 0, 1, 1, 1, 0 };
	const char *cols[] = { L("rank.place"), L("field.department"), L("col.count"), rl, L("rank.lower"), L("rank.note") };
	struct grid t;
	double target;

	doc_section(d, L("sec.ranking"));
	char *intro = xasprintf("%s%s%s%ld%s", L("rank.intro.pre"), rl, L("rank.intro.mid"),
	    policy_rank_min(r->pol), L("rank.intro.post"));
	doc_text(d, intro);
	free(intro);
	grid_init(&t, cols, 6, right);
	for (size_t i = 0; i < r->nrank; i++) {
		const struct rank *k = &r->rank[i];
		cell(&t, k->place ? xasprintf("%ld", k->place) : xstrdup("—"), 0);
		cells(&t, *k->g->keys[0] ? k->g->keys[0] : L("dept.none"));
		cell(&t, xasprintf("%ld", k->g->n[SG_COUNT]), 0);
		cell(&t, k->den ? xasprintf("%.1f%% (%ld/%ld)", 100.0 * (double)k->num / (double)k->den, k->num, k->den) :
		    xstrdup("—"), misses(r, by, k->num, k->den));
		cell(&t, k->den ? xasprintf("%.1f%%", 100 * k->lower) : xstrdup("—"), 0);
		if (k->place)
			cells(&t, "");
		else if (!*k->g->keys[0])
			cells(&t, L("rank.nodept"));
		else if (k->g->n[SG_COUNT] < policy_rank_min(r->pol))
			cell(&t, xasprintf("%s%ld%s", L("rank.few.pre"), policy_rank_min(r->pol), L("rank.few.post")), 0);
		else
			cells(&t, L("rank.norate"));
	}
	if (r->nrank)
		grid_put(d, &t);
	else
		doc_text(d, L("none"));

	if (r->nranked) {
		struct buf b = { 0 };
		size_t bottom = r->nranked < 3 ? r->nranked : 3;
		buf_adds(&b, L("rank.bottom"));
		for (size_t i = 0; i < bottom; i++)
			buf_printf(&b, "%s%s", i ? L("list.sep") : "", r->rank[r->nranked - 1 - i].g->keys[0]);
		doc_text(d, b.s);
		buf_free(&b);
	} else if (r->nrank)
		doc_text(d, L("rank.noranked"));

	struct doc_chart c = { .kind = CHART_RATES, .id = "ranking", .title = rl, .n = r->nranked, .target = -1 };
	c.labels = xcalloc(c.n + 1, sizeof *c.labels);
	c.values = xcalloc(c.n + 1, sizeof *c.values);
	c.bounds = xcalloc(c.n + 1, sizeof *c.bounds);
	c.marked = xcalloc(c.n + 1, 1);
	for (size_t i = 0; i < c.n; i++) {
		const struct rank *k = &r->rank[i];
		c.labels[i] = k->g->keys[0];
		c.values[i] = (double)k->num / (double)k->den;
		c.bounds[i] = k->lower;
		c.marked[i] = (unsigned char)misses(r, by, k->num, k->den);
	}
	if (policy_target(r->pol, by, &target))
		c.target = target;
	doc_chart(d, &c);
	free(c.labels);
	free(c.values);
	free(c.bounds);
	free(c.marked);
	free(rl);
}

/* The first TOP keys of a tally, with their share of all counted. */
static void
top(struct doc *d, const char *heading, const char *field, const struct tally *t)
{
	static const unsigned char right[] = { 0, 1, 1 };
	const char *cols[] = { label_field(field), L("col.count"), L("col.share") };
	size_t n = tally_len(t);
	long all = 0;
	struct grid g;

	doc_subsection(d, heading);
	if (!n) {
		doc_text(d, L("none"));
		return;
	}
	for (size_t i = 0; i < n; i++)
		all += tally_count(t, i);
	grid_init(&g, cols, 3, right);
	for (size_t i = 0; i < n && i < TOP; i++) {
		cells(&g, tally_key(t, i));
		cell(&g, xasprintf("%ld", tally_count(t, i)), 0);
		cell(&g, pct(tally_count(t, i), all), 0);
	}
	grid_put(d, &g);
}

static void
causes(const struct report *r, struct doc *d)
{
	doc_section(d, L("sec.causes"));
	top(d, L("causes.top"), "cause", &r->causes);
	top(d, L("measures.top"), "measures", &r->measures);
}

/* A count and what it counts, then the ids (in Markdown and HTML). */
static void
counted(struct doc *d, const char *what, const struct idlist *l)
{
	char *line = xasprintf("%s%s%ld", what, L("colon"), l->total);

	doc_text(d, line);
	if (l->total)
		doc_ids(d, L("ids"), l);
	free(line);
}

static void
overdue(const struct report *r, struct doc *d)
{
	doc_section(d, L("sec.overdue"));
	counted(d, L("overdue.what"), &r->overdue);
	counted(d, L("escalated.what"), &r->escalated);
	/* Said only when there were holds: most periods have none. */
	if (r->held.total) {
		char *what = xasprintf("%s%.1f%s", L("held.pre"), r->held_min / 60.0, L("held.post"));
		counted(d, what, &r->held);
		free(what);
	}
}

static void
repeats(const struct report *r, struct doc *d)
{
	struct duration w;

	policy_repeat_window(r->pol, &w);
	char *win = duration_text(&w);
	char *what = xasprintf("%s%s%s", L("repeat.pre"), win, L("repeat.post"));
	doc_section(d, L("sec.repeat"));
	counted(d, what, &r->repeats);
	free(what);
	free(win);
}

static void
clusters(const struct report *r, struct doc *d)
{
	static const unsigned char right[] = { 0, 0, 0, 1 };
	const char *cols[] = { L("col.day"), label_field("region"), label_field("category"), L("col.count") };
	long min = policy_cluster_min(r->pol);
	struct grid t;

	doc_section(d, L("sec.clusters"));
	if (min <= 0) {
		doc_text(d, L("clusters.off"));
		return;
	}
	char *intro = xasprintf("%s%ld%s", L("clusters.pre"), min, L("clusters.post"));
	doc_text(d, intro);
	free(intro);
	if (!tally_len(&r->clusters)) {
		doc_text(d, L("none"));
		return;
	}
	grid_init(&t, cols, 4, right);
	for (size_t i = 0; i < tally_len(&r->clusters); i++) {
		const char *k = tally_key(&r->clusters, i);
		size_t a = strcspn(k, "\x1f"), b = strcspn(k + a + 1, "\x1f");
		cell(&t, xstrndup(k, a), 0);
		cell(&t, xstrndup(k + a + 1, b), 0);
		cells(&t, value_label("category", k + a + 1 + b + 1));
		cell(&t, xasprintf("%ld", tally_count(&r->clusters, i)), 0);
	}
	grid_put(d, &t);
}

/* The typical cases, personal data masked unless --reveal (logged). */
static void
cases(const struct report *r, struct doc *d, const struct render_opts *o)
{
	static const char *const fields[] = { "id", "received_at", "category", "department", "status",
		"name", "phone", "summary", "resolution" };
	enum { NF = sizeof fields / sizeof *fields };
	static const unsigned char right[NF] = { 0 };
	const char *cols[NF];
	struct buf masked = { 0 };
	struct grid t;

	doc_section(d, L("sec.cases"));
	if (!policy_cases(r->pol)) {
		doc_text(d, L("cases.unset"));
		return;
	}
	char *intro = xasprintf("%s%s%s%ld", L("cases.pre"), policy_cases(r->pol), L("colon"), r->cases_total);
	doc_text(d, intro);
	free(intro);
	if (!r->ncases)
		return;
	for (size_t i = 0; i < NF; i++)
		cols[i] = label_field(fields[i]);
	grid_init(&t, cols, NF, right);
	for (size_t i = 0; i < r->ncases; i++) {
		const struct rec *c = r->cases[i];
		for (size_t f = 0; f < NF; f++) {
			const char *v = rec_str(c, fields[f]);
			if (strcmp(fields[f], "received_at") == 0)
				cell(&t, xstrndup(v, 10), 0);
			else if (policy_is_masked(r->pol, fields[f]))
				cells(&t, shown_value(r->pol, o->reveal, fields[f], v, &masked));
			else if (strcmp(fields[f], "category") == 0 || strcmp(fields[f], "status") == 0)
				cells(&t, *v ? label_value(fields[f], v) : "");
			else
				cells(&t, v);
		}
	}
	grid_put(d, &t);
	if (r->cases_total > (long)r->ncases) {
		char *more = xasprintf("%s%ld%s", L("more.pre"), r->cases_total - (long)r->ncases, L("more.post"));
		doc_text(d, more);
		free(more);
	}
	buf_free(&masked);
}

static const char *const viol_keys[RV_N] = { "viol.register", "viol.dispatch", "viol.handover",
	"viol.reply", "viol.feedback", "viol.return_late", "viol.returns", "viol.redispatch", "viol.untold" };

/* First-responder accountability: the rules checked after the fact. */
static void
violations(const struct report *r, struct doc *d)
{
	static const unsigned char right[RV_N + 2] = { 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	const char *cols[RV_N + 2];
	long sum[RV_N] = { 0 }, tickets = 0;
	struct grid t;

	doc_section(d, L("sec.violations"));
	doc_text(d, L("viol.intro"));
	cols[0] = L("field.department");
	cols[1] = L("col.count");
	for (int k = 0; k < RV_N; k++)
		cols[k + 2] = L(viol_keys[k]);
	grid_init(&t, cols, RV_N + 2, right);
	for (size_t i = 0; i < tally_len(&r->vdept); i++) {
		const char *dept = tally_key(&r->vdept, i);
		const long *row = r->viol[r->vdept.order[i]];
		cells(&t, *dept ? dept : L("dept.none"));
		cell(&t, xasprintf("%ld", tally_count(&r->vdept, i)), 0);
		tickets += tally_count(&r->vdept, i);
		for (int k = 0; k < RV_N; k++) {
			sum[k] += row[k];
			cell(&t, r->checked[k] || row[k] ? xasprintf("%ld", row[k]) : xstrdup("—"), 0);
		}
	}
	cells(&t, L("total"));
	cell(&t, xasprintf("%ld", tickets), 0);
	for (int k = 0; k < RV_N; k++)
		cell(&t, r->checked[k] || sum[k] ? xasprintf("%ld", sum[k]) : xstrdup("—"), 0);
	grid_put(d, &t);
	if (!r->returns_timed)
		doc_text(d, L("viol.nojournal"));
	for (int k = 0; k < RV_N; k++)
		if (r->vids[k].total)
			doc_ids(d, L(viol_keys[k]), &r->vids[k]);
}

/*
 * Write report R to D, and free D.  Personal data (only the typical cases
 * show any) is masked unless O->reveal.
 */
void
report_render(const struct report *r, struct doc *d, const struct render_opts *o)
{
	title(r, d);
	totals(r, d);
	trend(r, d);
	breakdowns(r, d, o);
	ranking(r, d);
	causes(r, d);
	overdue(r, d);
	repeats(r, d);
	clusters(r, d);
	cases(r, d, o);
	violations(r, d);
	if (o->notes) {
		doc_section(d, L("sec.notes"));
		doc_verbatim(d, o->notes);
	}
	doc_end(d);
}
