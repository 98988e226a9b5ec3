/*
 * cmp-due - what is due or overdue at a given time, and the cron
 * escalation sweep (SPEC §6).
 *
 * Each open ticket's current stage comes from the one engine in
 * lib/deadline.c; this file only selects, sorts and prints.  The tickets
 * are sorted (most overdue first, ties by id), so the selected ones are
 * held in memory, packed (lib/pack.c).  --escalate raises each
 * ticket's escalation to the level it has reached, never lowers it, and
 * prints only the tickets whose level rose, so a cron job mails only news.
 * --explain prints how one ticket's deadlines were counted (lib/explain.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] = N_(
    "usage: cmp-due [-d DIR] [--soon DURATION | --all] [--escalate] [-q]\n"
    "               [--dry-run] [common options] [FILE...]\n"
    "       cmp-due [-d DIR] --explain ID [common options] [FILE...]\n");

static const char help[] = N_(
    "For each open ticket, its current stage (dispatch, handover, reply,\n"
    "resolve, feedback, visit), its deadline, how many minutes past it, the\n"
    "escalation level that makes and who must act: the fields due_stage,\n"
    "due_at, overdue_min, level and owner added to each record.  Reads the\n"
    "store's open tickets, or the FILEs (- is standard input).\n"
    "\n"
    "      --soon DURATION  also the tickets due within DURATION (30m, 4h, 1wd)\n"
    "      --all            every open ticket\n"
    "      --escalate       raise each ticket's escalation to its level (never\n"
    "                       lower), journal it, print only those that rose\n"
    "      --explain ID     how each deadline of ticket ID was counted: start,\n"
    "                       rule, every day skipped or counted, holds, result\n"
    "      --dry-run        with --escalate: print what it would print, change\n"
    "                       nothing\n"
    "  -q                   print nothing: the exit status says it all\n"
    "\n"
    "A ticket on hold (cmp-assign(1)) is listed with --all only, as due_stage\n"
    "held, its deadline moved on by the time held; it is never escalated.\n"
    "\n"
    "Exit status: 0 something selected (with --escalate: a level rose), 1\n"
    "nothing, 65 --explain of an unknown id, 75 the store lock was not\n"
    "obtained within --wait.\n"
    "\n");

enum { OPT_SOON = 0x200, OPT_ALL, OPT_ESCALATE, OPT_EXPLAIN };

static const char *const sets[] = { "escalation", "escalated_at", "updated_at", NULL };

/* One selected ticket, with what it owes. */
struct item {
	size_t at, id;		/* the ticket and its id, in the pack */
	int has;		/* has a current stage */
	struct due d;
};

struct duectx {
	struct common co;
	struct policy *pol;
	int all, quiet, escalate;
	struct duration soon;
	struct item *items;
	size_t n, cap;
	struct pack *pack;
};

/*
 * Whether D is selected: overdue, or due within --soon, or --all.  A held
 * ticket's clock stands still: it is listed with --all only.
 */
static int
wanted(const struct duectx *c, int has, const struct due *d)
{
	if (c->all)
		return 1;
	if (!has || d->held)
		return 0;
	if (c->co.now > d->at)
		return 1;
	return duration_is_set(&c->soon) && d->at <= duration_add(policy_calendar(c->pol), c->co.now, &c->soon);
}

static void
keep(struct duectx *c, const struct rec *t, int has, const struct due *d)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->items = xrealloc(c->items, c->cap * sizeof *c->items);
	}
	struct item *it = &c->items[c->n++];
	it->id = pack_text(c->pack, rec_str(t, "id"));
	it->at = pack_add(c->pack, t);
	it->has = has;
	it->d = *d;
}

/* Most overdue first, ties by id; tickets that owe nothing last. */
static const struct pack *sorted_pack;

static int
by_urgency(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->has != y->has)
		return y->has - x->has;
	if (x->has && x->d.overdue_min != y->d.overdue_min)
		return x->d.overdue_min > y->d.overdue_min ? -1 : 1;
	if (x->has && x->d.at != y->d.at)
		return x->d.at < y->d.at ? -1 : 1;
	return strcmp(pack_str(sorted_pack, x->id), pack_str(sorted_pack, y->id));
}

/* The escalation sweep's change: raise the level, never lower it. */
static int
escalate(void *arg, struct rec *t, const char *where)
{
	struct duectx *c = arg;
	struct due d;
	char now[TIMEBUF], level[32];

	(void)where;
	if (!due_of(c->pol, t, c->co.now, &d) || d.held || d.level <= ticket_count(t, "escalation"))
		return UPD_SAME;
	snprintf(level, sizeof level, "%ld", d.level);
	rec_set(t, "escalation", level);
	rec_set(t, "escalated_at", time_format(c->co.now, now));
	return UPD_CHANGED;
}

static void
escalated(void *arg, const struct rec *t)
{
	struct duectx *c = arg;
	struct due d;

	due_of(c->pol, t, c->co.now, &d);
	keep(c, t, 1, &d);
}

static void
print(struct duectx *c, enum fmt fmt, char **header, size_t nheader)
{
	static const char *const added[] = { "due_stage", "due_at", "overdue_min", "level", "owner" };
	struct writer *w = writer_new(stdout, fmt);
	struct buf err = { 0 };
	char buf[TIMEBUF];

	if (fmt == FMT_CSV) {
		/* JSON Lines input has no header: take the tickets' fields. */
		char **h = NULL;
		size_t k = 0;
		size_t np;
		char *const *packed = pack_names(c->pack, &np);
		for (size_t i = 0; i < nheader; i++)
			names_union(&h, &k, header[i]);
		for (size_t i = 0; !nheader && i < np; i++)
			names_union(&h, &k, packed[i]);
		for (size_t i = 0; i < 5; i++)
			names_union(&h, &k, added[i]);
		writer_set_header(w, h, k);
		names_free(h, k);
	}
	sorted_pack = c->pack;
	if (c->n > 1)
		qsort(c->items, c->n, sizeof *c->items, by_urgency);
	struct rec *t = rec_new();
	for (size_t i = 0; i < c->n; i++) {
		struct item *it = &c->items[i];
		pack_get(c->pack, it->at, t);
		char *min = it->has ? xasprintf("%lld", it->d.overdue_min) : xstrdup("");
		char *lvl = it->has ? xasprintf("%ld", it->d.level) : xstrdup("");
		rec_set(t, "due_stage", it->d.held ? "held" : it->has ? it->d.stage : "");
		rec_set(t, "due_at", it->has ? time_format(it->d.at, buf) : "");
		rec_set(t, "overdue_min", min);
		rec_set(t, "level", lvl);
		char *owner = xstrdup(it->has ? rec_str(t, it->d.owner) : "");
		rec_set(t, "owner", owner);
		free(owner);
		free(min);
		free(lvl);
		if (writer_put(w, t, &err) != 0)
			die(EX_DATAERR, "%s: %s", rec_str(t, "id"), err.s);
	}
	rec_free(t);
	writer_free(w);
	buf_free(&err);
}

/*
 * Read the open tickets of FILES (store or input) and keep the wanted
 * ones.  Return their encoding, and in *HEADER the CSV
 * header of the first file.
 */
static enum fmt
collect(struct duectx *c, char **files, size_t n, char ***header, size_t *nheader)
{
	struct stream *st = stream_open(files, n);
	struct rec *t = rec_new();
	struct due d;
	enum fmt fmt = stream_format(st) == FMT_JSONL ? FMT_JSONL : FMT_CSV;
	char **h = stream_header(st, nheader);

	*header = xcalloc(*nheader + 1, sizeof **header);
	for (size_t i = 0; i < *nheader; i++)
		(*header)[i] = xstrdup(h[i]);
	while (stream_next(st, t)) {
		const char *status = rec_str(t, "status");
		if (strcmp(status, "closed") == 0 || (c->co.where && !where_match(c->co.where, t)))
			continue;
		int has = due_of(c->pol, t, c->co.now, &d);
		if (wanted(c, has, &d))
			keep(c, t, has, &d);
	}
	rec_free(t);
	stream_close(st);
	return fmt;
}

/*
 * cmp-due --explain ID: find the ticket in FILES, or in the store (open
 * and archive), and explain each of its deadlines.
 */
static int
explain_ticket(struct duectx *c, const char *id, char **files, size_t nfiles)
{
	static char *stdin_only[] = { "-" };
	struct store *s = NULL;
	char **owned = NULL, *journal = NULL;

	if (c->co.store && !nfiles) {
		s = store_open(c->co.store, STORE_READ, c->co.wait, c->pol);
		owned = files = store_files(s, 1, &nfiles);
		journal = path_join(c->co.store, "journal.jsonl");
	} else if (!nfiles) {
		files = stdin_only;
		nfiles = 1;
	}
	struct stream *st = stream_open(files, nfiles);
	struct rec *t = rec_new();
	int found = 0;
	while (!found && stream_next(st, t))
		found = strcmp(rec_str(t, "id"), id) == 0;
	/* T borrows from the reader: keep a copy past its close. */
	struct rec *kept = rec_new();
	if (found)
		rec_copy(kept, t);
	rec_free(t);
	t = kept;
	stream_close(st);
	if (!found)
		die(EX_DATAERR, "%s: no such ticket", id);
	if (!deadline_explain(c->pol, t, c->co.now, journal, stdout))
		printf("%s has no deadline\n", id);
	store_close(s);
	fshut(stdout, "stdout");
	for (size_t i = 0; owned && i < nfiles; i++)
		free(owned[i]);
	free(owned);
	free(journal);
	rec_free(t);
	policy_free(c->pol);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "soon", required_argument, NULL, OPT_SOON },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "escalate", no_argument, NULL, OPT_ESCALATE },
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		DRY_RUN_OPTION,
		{ 0 }
	};
	struct duectx c = { 0 };
	const char *explain = NULL;
	int ch;

	setprogname(argv[0]);
	common_init(&c.co, usage);
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS "q", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_SOON:
			if (duration_parse(optarg, &c.soon) != 0 || !duration_is_set(&c.soon))
				usage_error(NULL, "--soon: \"%s\": expected a duration such as 30m, 4h, 2d or 1wd", optarg);
			break;
		case OPT_ALL: c.all = 1; break;
		case OPT_ESCALATE: c.escalate = 1; break;
		case OPT_EXPLAIN: explain = text_arg("--explain", optarg); break;
		case 'q': c.quiet = 1; break;
		default: common_option(&c.co, ch, optarg, help, argv);
		}
	}
	common_finish(&c.co);
	char **files = argv + optind;
	size_t nfiles = (size_t)(argc - optind);
	if (c.escalate && (!c.co.store || nfiles))
		usage_error(NULL, "--escalate changes a store: give -d DIR and no input files");
	if (c.co.dry_run && !c.escalate)
		usage_error(NULL, "--dry-run goes with --escalate: without it cmp-due changes nothing");
	if (c.escalate && (c.all || duration_is_set(&c.soon)))
		usage_error(NULL, "--escalate prints the tickets whose level rose: no --all or --soon");
	if (explain && (c.escalate || c.all || c.quiet || duration_is_set(&c.soon) || c.co.where))
		usage_error(NULL, "--explain prints one ticket's deadlines: no --escalate, --all, --soon, -q or --where");
	c.pol = policy_load(c.co.config, c.co.store);
	if (explain)
		return explain_ticket(&c, explain, files, nfiles);
	c.pack = pack_new();

	char **header = NULL, **owned = NULL;
	size_t nheader = 0;
	enum fmt fmt = FMT_CSV;
	if (c.escalate) {
		struct selection sel = { 0 };
		struct update u = { .co = &c.co, .pol = c.pol, .sel = &sel, .sets = sets,
			.change = escalate, .on_changed = escalated, .arg = &c, .prints_changed = 1 };
		update_run(&u);
		/*
		 * Print what the change saw, under its lock: opening the store
		 * again could time out (75) after the change was made.  Each
		 * kept ticket has the columns of the new open file.
		 */
		fmt = u.fmt;
		if (c.n > 0) {
			struct rec *t = rec_new();
			pack_get(c.pack, c.items[0].at, t);
			nheader = t->n;
			header = xcalloc(nheader + 1, sizeof *header);
			for (size_t i = 0; i < nheader; i++)
				header[i] = xstrdup(t->f[i].name);
			rec_free(t);
		}
	}
	static char *stdin_only[] = { "-" };
	struct store *s = NULL;
	if (c.escalate) {
		/* printed from what update_run kept */
	} else if (c.co.store && !nfiles) {
		s = store_open(c.co.store, STORE_READ, c.co.wait, c.pol);
		owned = files = store_files(s, 0, &nfiles);
		fmt = s->fmt;
	} else if (!nfiles) {
		files = stdin_only;
		nfiles = 1;
	}
	if (!c.escalate) {
		enum fmt got = collect(&c, files, nfiles, &header, &nheader);
		if (!s || nfiles)
			fmt = got;
	}
	store_close(s);
	if (c.co.out_fmt)
		fmt = c.co.out_fmt;
	if (!c.quiet)
		print(&c, fmt, header, nheader);
	fshut(stdout, "stdout");

	for (size_t i = 0; i < nheader; i++)
		free(header[i]);
	free(header);
	for (size_t i = 0; owned && i < nfiles; i++)
		free(owned[i]);
	free(owned);
	pack_free(c.pack);
	free(c.items);
	where_free(c.co.where);
	policy_free(c.pol);
	return c.n ? 0 : EX_NONE;
}
