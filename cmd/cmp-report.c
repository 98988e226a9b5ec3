/*
 * cmp-report - the period report for people (SPEC §6): totals and rates
 * against the period before and the year before, breakdowns, the fair
 * department ranking, trend, causes, overdue and repeat complaints, mass
 * complaints, typical cases and rule violations, as text, Markdown or one
 * self-contained HTML file with charts.
 *
 * The figures are gathered by lib/report.c in one pass over the tickets,
 * laid out by lib/render.c and written by lib/doc.c and lib/html.c; this
 * file reads the options and the input, and accounts for --reveal.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] = N_(
    "usage: cmp-report --period YYYY-MM|YYYY-Qn|YYYY [--format txt|md|html]\n"
    "                  [--notes FILE] [--reveal] [--stage STAGE]\n"
    "                  [common options] [FILE...]\n");

static const char help[] = N_(
    "Write the report of a month, quarter or year: the store's open tickets and\n"
    "its whole archive, or the records of the FILEs (- is standard input).\n"
    "Labels and messages are Chinese when the locale (LANGUAGE, LC_ALL,\n"
    "LC_MESSAGES, LANG) is zh_CN.\n"
    "\n"
    "      --period P     2026-11, 2026-Q4 or 2026 (required); compared with the\n"
    "                     period before (环比) and the same one a year before (同比)\n"
    "      --format F     txt (default), md, or html (one file, with charts)\n"
    "      --notes FILE   the analyst's analysis and recommendations, appended\n"
    "      --reveal       show the typical cases' personal data (logged)\n"
    "      --stage S      what the on-time rate measures: dispatch, reply,\n"
    "                     resolve (default) or feedback\n"
    "\n");

enum { OPT_PERIOD = 0x200, OPT_FORMAT, OPT_NOTES, OPT_REVEAL, OPT_STAGE };

/* The whole of the notes file PATH, which must be UTF-8 text. */
static char *
read_notes(const char *path)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct buf b = { 0 };
	char chunk[8192];
	size_t n;

	if (!fp)
		die(EX_NOINPUT, "%s:", path);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp))
		die(EX_IOERR, "%s: read error:", path);
	if (fp != stdin)
		fclose(fp);
	if (!b.s)
		return xstrdup("");
	if (memchr(b.s, '\0', b.len) || utf8_invalid(b.s, b.len))
		die(EX_DATAERR, "%s: the notes are not UTF-8 text", path);
	return b.s;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "notes", required_argument, NULL, OPT_NOTES },
		{ "reveal", no_argument, NULL, OPT_REVEAL },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ 0 }
	};
	struct common co;
	struct period period;
	const char *period_arg = NULL, *notes_path = NULL;
	enum doc_fmt fmt = DOC_TXT;
	int stage = stats_stage("resolve"), reveal = 0, ch;

	setprogname(argv[0]);
	common_init(&co, usage);
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_PERIOD: period_arg = optarg; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "txt") == 0)
				fmt = DOC_TXT;
			else if (strcmp(optarg, "md") == 0)
				fmt = DOC_MD;
			else if (strcmp(optarg, "html") == 0)
				fmt = DOC_HTML;
			else
				usage_error(NULL, "--format: \"%s\" is not one of txt, md, html", optarg);
			break;
		case OPT_NOTES: notes_path = optarg; break;
		case OPT_REVEAL: reveal = 1; break;
		case OPT_STAGE:
			if ((stage = stats_stage(optarg)) < 0)
				usage_error(NULL, "--stage: \"%s\" is not one of dispatch, reply, resolve, feedback", optarg);
			break;
		default: common_option(&co, ch, optarg, help, argv);
		}
	}
	common_finish(&co);
	if (!period_arg)
		usage_error(NULL, "--period is required (2026-11, 2026-Q4 or 2026)");
	if (period_parse(period_arg, &period) != 0)
		usage_error(NULL, "--period: \"%s\": expected a month (2026-11), a quarter (2026-Q4) or a year (2026)", period_arg);
	struct policy *pol = policy_load(co.config, co.store);
	if (reveal)
		reveal_check(pol);
	char *notes = notes_path ? read_notes(notes_path) : NULL;

	char **files = argv + optind, **owned = NULL;
	size_t nfiles = (size_t)(argc - optind);
	static char *stdin_only[] = { "-" };
	struct store *s = NULL;
	if (!nfiles && co.store) {
		s = store_open(co.store, STORE_READ, co.wait, pol);
		owned = files = store_files(s, 1, &nfiles);
	} else if (!nfiles) {
		files = stdin_only;
		nfiles = 1;
	}
	struct report *r = report_new(pol, &period, stage, co.now);
	struct stream *in = stream_open(files, nfiles);
	struct rec *t = rec_new();
	while (stream_next(in, t))
		if (!co.where || where_match(co.where, t))
			report_add(r, t);
	rec_free(t);
	stream_close(in);
	if (s) {
		char *journal = path_join(s->dir, "journal.jsonl");
		report_journal(r, journal);
		free(journal);
	}
	store_close(s);
	report_finish(r);

	/*
	 * With a store, every use of --reveal is logged before anything is
	 * shown, with the ids of the typical cases shown; a breakdown by a
	 * personal field (by = phone) reveals it too, so a report showing no
	 * case is logged as well, with no ids.
	 */
	struct buf shown = { 0 };
	for (size_t i = 0; reveal && i < r->ncases; i++)
		buf_printf(&shown, "%s\n", rec_str(r->cases[i], "id"));
	if (co.store && reveal)
		reveal_log(co.store, pol, co.actor, progname, &shown);

	struct render_opts o = { reveal, notes };
	report_render(r, doc_new(stdout, fmt), &o);
	fshut(stdout, "stdout");

	buf_free(&shown);
	report_free(r);
	free(notes);
	for (size_t i = 0; owned && i < nfiles; i++)
		free(owned[i]);
	free(owned);
	where_free(co.where);
	policy_free(pol);
	return 0;
}
