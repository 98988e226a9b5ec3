/*
 * cmp-stats - grouped counts and rates (SPEC §6), as records or a table;
 * --partial and --merge split the counting of a huge archive over many
 * processes or machines with the same answer as one pass.
 *
 * The definitions live in lib/stats.c; this file reads the input, hands
 * each ticket (or partial record) over, and prints.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] = N_(
    "usage: cmp-stats [-d DIR] [--by F,...] [--from TIME] [--to TIME]\n"
    "                 [--stage dispatch|reply|resolve|feedback]\n"
    "                 [--table | --partial] [common options] [FILE...]\n"
    "       cmp-stats --merge [--table] [common options] [PARTIAL...]\n");

static const char help[] = N_(
    "Count tickets by groups: the store's open tickets and its whole archive,\n"
    "or the records of the FILEs (- is standard input).\n"
    "\n"
    "      --by F,...     group by these fields; day, week, month, quarter and\n"
    "                     year are derived from received_at (else created_at)\n"
    "      --from TIME    only tickets received at or after TIME (a date or a time)\n"
    "      --to TIME      only tickets received before TIME\n"
    "      --stage S      what met, on_time and hours_* measure: dispatch,\n"
    "                     reply, resolve (default) or feedback\n"
    "      --table        an aligned table for people\n"
    "      --partial      write mergeable partial aggregates instead\n"
    "      --merge        combine partial aggregates into the final figures\n"
    "\n"
    "Columns after the keys: count share open resolved resolved_rate closed\n"
    "met on_time on_time_rate hours_mean hours_median hours_p90\n"
    "satisfied_rate reopen_rate escalated repeat (see cmp-stats(1)).\n"
    "\n");

enum { OPT_BY = 0x200, OPT_FROM, OPT_TO, OPT_STAGE, OPT_TABLE, OPT_PARTIAL, OPT_MERGE };

/*
 * The --by keys: a key named twice, or like a column, would share one
 * field of the output record with it: the key lost, and a table reading
 * past the record's cells.
 */
static char **
split_keys(const char *list, size_t *n)
{
	char **v = option_names(list, n, "--by");

	for (size_t k = 0; k < *n; k++) {
		for (size_t i = 0; i < k; i++)
			if (strcmp(v[i], v[k]) == 0)
				usage_error(NULL, "--by: \"%s\" is named twice", v[i]);
		for (size_t i = 0; stats_columns[i]; i++)
			if (strcmp(stats_columns[i], v[k]) == 0)
				usage_error(NULL, "--by: \"%s\" is a column of the output", v[k]);
	}
	return v;
}

static time_t
parse_time_option(const char *opt, const char *arg)
{
	time_t t;

	if (time_parse(arg, &t) != 0)
		usage_error(NULL, "%s: \"%s\": expected a date or a time such as 2026-11-01 or 2026-11-22T09:30", opt, arg);
	return t;
}

/* The groups of S as a table for people: keys of personal fields
 * (--by phone) masked, as everywhere in human-facing output; the records
 * keep them whole. */
static void
print_table(const struct stats *s, const struct policy *pol)
{
	size_t nby;

	/* Nothing counted, nothing printed: as the records, and as cmp-ls --table. */
	if (stats_ngroups(s) == 0)
		return;
	char **by = stats_by(s, &nby);
	struct buf *masked = xcalloc(nby, sizeof *masked);	/* one a key: cells point into them */
	size_t ncols = nby;
	while (stats_columns[ncols - nby])
		ncols++;
	char **cols = xcalloc(ncols, sizeof *cols);
	for (size_t i = 0; i < ncols; i++)
		cols[i] = i < nby ? by[i] : (char *)stats_columns[i - nby];
	struct table *t = table_new(cols, ncols);
	struct rec *r = rec_new();
	char **cells = xcalloc(ncols, sizeof *cells);
	for (size_t g = 0; g < stats_ngroups(s); g++) {
		stats_row(s, g, r);
		for (size_t i = 0; i < ncols; i++)
			cells[i] = i < nby ? (char *)shown_value(pol, 0, cols[i], r->f[i].val, &masked[i]) : r->f[i].val;
		table_add(t, cells);
	}
	table_print(t, stdout);
	table_free(t);
	for (size_t i = 0; i < nby; i++)
		buf_free(&masked[i]);
	free(masked);
	free(cells);
	free(cols);
	rec_free(r);
}

static void
print_records(const struct stats *s, enum fmt fmt)
{
	struct writer *w = writer_new(stdout, fmt);
	struct rec *r = rec_new();
	struct buf err = { 0 };

	for (size_t g = 0; g < stats_ngroups(s); g++) {
		stats_row(s, g, r);
		if (writer_put(w, r, &err) != 0)
			die(EX_SOFTWARE, "%s", err.s);
	}
	writer_free(w);
	buf_free(&err);
	rec_free(r);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "by", required_argument, NULL, OPT_BY },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "table", no_argument, NULL, OPT_TABLE },
		{ "partial", no_argument, NULL, OPT_PARTIAL },
		{ "merge", no_argument, NULL, OPT_MERGE },
		{ 0 }
	};
	struct common co;
	char **by = NULL;
	size_t nby = 0;
	const char *from = NULL, *to = NULL;
	int stage = stats_stage("resolve"), stage_given = 0, table = 0, partial = 0, merge = 0, ch;

	setprogname(argv[0]);
	common_init(&co, usage);
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_BY:
			names_free(by, nby);
			by = split_keys(optarg, &nby);
			break;
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		case OPT_STAGE:
			if ((stage = stats_stage(optarg)) < 0)
				usage_error(NULL, "--stage: \"%s\" is not one of dispatch, reply, resolve, feedback", optarg);
			stage_given = 1;
			break;
		case OPT_TABLE: table = 1; break;
		case OPT_PARTIAL: partial = 1; break;
		case OPT_MERGE: merge = 1; break;
		default: common_option(&co, ch, optarg, help, argv);
		}
	}
	common_finish(&co);
	if (partial && (table || merge))
		usage_error(NULL, "--partial writes records for --merge: no --table or --merge");
	/* --stage too: the partials carry theirs, and one given here would be silently ignored. */
	if (merge && (by || stage_given || from || to || co.where))
		usage_error(NULL, "--merge takes --by, --stage, --from, --to and --where from the partials");
	time_t tfrom = from ? parse_time_option("--from", from) : 0;
	time_t tto = to ? parse_time_option("--to", to) : 0;
	struct policy *pol = policy_load(co.config, co.store);

	char **files = argv + optind, **owned = NULL;
	size_t nfiles = (size_t)(argc - optind);
	static char *stdin_only[] = { "-" };
	struct store *s = NULL;
	if (!nfiles && co.store && !merge) {
		s = store_open(co.store, STORE_READ, co.wait, pol);
		owned = files = store_files(s, 1, &nfiles);
	} else if (!nfiles) {
		files = stdin_only;
		nfiles = 1;
	}
	struct stats *st = merge ? stats_new(pol, NULL, 0, -1) : stats_new(pol, by, nby, stage);
	stats_range(st, from ? &tfrom : NULL, to ? &tto : NULL);
	struct stream *in = stream_open(files, nfiles);
	enum fmt fmt = s ? s->fmt : stream_format(in) == FMT_JSONL ? FMT_JSONL : FMT_CSV;
	struct rec *r = rec_new();
	while (stream_next(in, r)) {
		if (merge) {
			char *where = xasprintf("%s:%ld", stream_name(in), r->line);
			stats_merge(st, r, where);
			free(where);
		} else if (!co.where || where_match(co.where, r))
			stats_add(st, r);
	}
	rec_free(r);
	stream_close(in);
	store_close(s);
	if (co.out_fmt)
		fmt = co.out_fmt;

	if (partial) {
		struct writer *w = writer_new(stdout, fmt);
		stats_write_partial(st, w);
		writer_free(w);
	} else {
		stats_finish(st);
		if (table)
			print_table(st, pol);
		else
			print_records(st, fmt);
	}
	fshut(stdout, "stdout");

	stats_free(st);
	names_free(by, nby);
	for (size_t i = 0; owned && i < nfiles; i++)
		free(owned[i]);
	free(owned);
	where_free(co.where);
	policy_free(pol);
	return 0;
}
