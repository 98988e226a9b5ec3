/*
 * cmp-ls - select and print tickets (SPEC §6): the ad-hoc query tool.
 *
 * With a store the operands are ticket ids ("-": the records on standard
 * input instead of the store); without one they are input files.  The
 * selected records are streamed out as records, or gathered into a table
 * for people (masked unless --reveal), or replaced by their journal
 * history; or, with --verify, the store is checked against its journal
 * (verify.c).  Exit 1 when nothing is selected, like grep.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] = N_(
    "usage: cmp-ls [-d DIR] [--all] [--where EXPR] [--ids-from FILE]\n"
    "              [--fields F,...] [--table [--reveal]] [--history]\n"
    "              [common options] [ID... | -]\n"
    "       cmp-ls [-d DIR] --verify\n"
    "       cmp-ls [--where EXPR] [--fields F,...] [--table] [FILE...]\n"
    "       cmp-ls --schema [-d DIR] [--config FILE]\n");

static const char help[] = N_(
    "Print the selected tickets: the open ones of the store (--all: and the\n"
    "archive), or the records of the FILEs (- is standard input) without a\n"
    "store.  With a store the operands are ticket ids, and - reads records\n"
    "from standard input instead of the store.\n"
    "\n"
    "      --all            include the archive (closed tickets)\n"
    "      --ids-from FILE  select the ids in FILE (- is standard input): one\n"
    "                       a line, or records with an id field\n"
    "      --fields F,...   print only these fields, in this order\n"
    "      --table          an aligned table for people; personal data masked\n"
    "                       (default fields: id,received_at,status,severity,\n"
    "                       category,channel,name,phone,department,summary)\n"
    "      --reveal         show personal data in the table (logged)\n"
    "      --history        the journal's changes of the selected tickets, as\n"
    "                       records id,time,now,actor,tool,field,old,new\n"
    "      --schema         print the fields of a record, their types and the\n"
    "                       values the policy allows, as JSON Schema\n"
    "      --verify         check the journal's hash chain, and that replaying\n"
    "                       it gives the open tickets and the archive; print a\n"
    "                       summary, or name the first line that disagrees (65)\n"
    "\n"
    "Exit status: 0 something selected (--verify: the store is as its journal\n"
    "says), 1 nothing, 65 an unknown id or a disagreement.\n"
    "\n");

static const char default_table_fields[] =
    "id,received_at,status,severity,category,channel,name,phone,department,summary";

enum { OPT_ALL = 0x200, OPT_IDS_FROM, OPT_FIELDS, OPT_TABLE, OPT_REVEAL, OPT_HISTORY,
	OPT_SCHEMA, OPT_VERIFY };

struct ls {
	struct common co;
	struct policy *pol;
	int all, table, reveal, history, schema, verify;
	char **fields;		/* --fields, or NULL for every field */
	size_t nfields;
	struct idset *ids;	/* named tickets, or NULL for any */
	size_t selected;
};

static int
selected(struct ls *l, const struct rec *r)
{
	if (l->ids && !idset_mark(l->ids, rec_str(r, "id")))
		return 0;
	return !l->co.where || where_match(l->co.where, r);
}

/* R cut down to the --fields, in their order; absent fields are empty. */
static const struct rec *
project(struct ls *l, const struct rec *r, struct rec *out)
{
	if (!l->fields)
		return r;
	rec_clear(out);
	for (size_t i = 0; i < l->nfields; i++) {
		int k = rec_index(r, l->fields[i]);
		rec_add(out, l->fields[i], strlen(l->fields[i]), k < 0 ? "" : r->f[k].val, k < 0 ? 0 : r->f[k].vlen);
	}
	return out;
}

/* The records of ST that are selected, as records in encoding FMT. */
static void
print_records(struct ls *l, struct stream *st, enum fmt fmt, char **header, size_t nheader)
{
	struct writer *w = writer_new(stdout, fmt);
	struct rec *r = rec_new(), *proj = rec_new();
	struct buf err = { 0 };

	if (l->fields)
		writer_set_header(w, l->fields, l->nfields);
	else if (header)
		writer_set_header(w, header, nheader);
	while (stream_next(st, r)) {
		if (!selected(l, r))
			continue;
		l->selected++;
		if (writer_put(w, project(l, r, proj), &err) != 0)
			die(EX_DATAERR, "%s:%ld: %s", stream_name(st), r->line, err.s);
	}
	writer_free(w);
	buf_free(&err);
	rec_free(proj);
	rec_free(r);
}

/*
 * The selected records of ST as a table for people: personal data masked
 * unless --reveal, whose use on a store is recorded with the ids shown.
 */
static void
print_table(struct ls *l, struct stream *st)
{
	if (!l->fields)
		l->fields = option_names(default_table_fields, &l->nfields, "--fields");
	struct table *t = table_new(l->fields, l->nfields);
	char **cells = xcalloc(l->nfields, sizeof *cells);
	struct rec *r = rec_new();
	struct buf shown = { 0 }, masked = { 0 };

	while (stream_next(st, r)) {
		if (!selected(l, r))
			continue;
		l->selected++;
		buf_adds(&shown, rec_str(r, "id"));
		buf_addc(&shown, '\n');
		for (size_t i = 0; i < l->nfields; i++) {
			const char *v = rec_str(r, l->fields[i]);
			cells[i] = xstrdup(shown_value(l->pol, l->reveal, l->fields[i], v, &masked));
		}
		table_add(t, cells);
		for (size_t i = 0; i < l->nfields; i++)
			free(cells[i]);
	}
	if (l->reveal && l->co.store && l->selected)
		reveal_log(l->co.store, l->pol, l->co.actor, progname, &shown);
	if (l->selected)
		table_print(t, stdout);
	buf_free(&shown);
	buf_free(&masked);
	rec_free(r);
	free(cells);
	table_free(t);
}

/*
 * The journal's changes of the tickets of ST that are selected (every
 * ticket, when nothing narrows the selection), in journal order.
 */
static void
print_history(struct ls *l, struct stream *st, const char *journal, enum fmt fmt)
{
	struct idset *chosen = NULL;
	struct rec *r = rec_new();

	if (l->ids || l->co.where) {
		chosen = idset_new();
		while (stream_next(st, r))
			if (selected(l, r))
				idset_add(chosen, rec_str(r, "id"));
	}
	struct journal_in *j = journal_open(journal);
	struct writer *w = writer_new(stdout, fmt);
	struct buf err = { 0 };
	struct rec *proj = rec_new();
	while (journal_next(j, r)) {
		if (chosen && !idset_has(chosen, rec_str(r, "id")))
			continue;
		l->selected++;
		if (writer_put(w, project(l, r, proj), &err) != 0)
			die(EX_DATAERR, "%s: %s", journal, err.s);
	}
	writer_free(w);
	journal_close(j);
	idset_free(chosen);
	buf_free(&err);
	rec_free(proj);
	rec_free(r);
}

/*
 * --verify: the store against its journal; the summary on standard output
 * (a result that can be kept, with the last line's hash to compare with
 * later), the first disagreement as a message and 65.
 */
static int
verify(struct ls *l)
{
	struct store *s = store_open(l->co.store, STORE_READ, l->co.wait, l->pol);
	struct verify_sum sum;

	store_verify(s, &sum);
	printf("%s: verified: %ld journal lines, %ld before the chain; %ld tickets: %ld open, %ld archived; head %s\n",
	    s->dir, sum.lines, sum.unchained, sum.open + sum.archived, sum.open, sum.archived, sum.head);
	store_close(s);
	fshut(stdout, "stdout");
	policy_free(l->pol);
	return 0;
}

/* Report the named tickets never found; return whether there were any. */
static int
report_unknown(const struct ls *l)
{
	size_t pos = 0;
	const char *id;
	int any = 0;

	while (l->ids && (id = idset_next_unmarked(l->ids, &pos))) {
		warnx("%s: no such ticket", id);
		any = 1;
	}
	return any;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		{ "all", no_argument, NULL, OPT_ALL },
		{ "ids-from", required_argument, NULL, OPT_IDS_FROM },
		{ "fields", required_argument, NULL, OPT_FIELDS },
		{ "table", no_argument, NULL, OPT_TABLE },
		{ "reveal", no_argument, NULL, OPT_REVEAL },
		{ "history", no_argument, NULL, OPT_HISTORY },
		{ "schema", no_argument, NULL, OPT_SCHEMA },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ 0 }
	};
	struct ls l = { 0 };
	const char *ids_from = NULL;
	int ch;

	setprogname(argv[0]);
	common_init(&l.co, usage);
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_ALL: l.all = 1; break;
		case OPT_IDS_FROM: ids_from = optarg; break;
		case OPT_FIELDS:
			for (size_t i = 0; i < l.nfields; i++)
				free(l.fields[i]);
			free(l.fields);
			l.fields = option_names(optarg, &l.nfields, "--fields");
			break;
		case OPT_TABLE: l.table = 1; break;
		case OPT_REVEAL: l.reveal = 1; break;
		case OPT_HISTORY: l.history = 1; break;
		case OPT_SCHEMA: l.schema = 1; break;
		case OPT_VERIFY: l.verify = 1; break;
		default: common_option(&l.co, ch, optarg, help, argv);
		}
	}
	common_finish(&l.co);
	if (l.reveal && !l.table)
		usage_error(NULL, "--reveal goes with --table (records are always complete)");
	if (l.history && l.table)
		usage_error(NULL, "--history prints records, not a table");
	if (l.history && !l.co.store)
		usage_error(NULL, "--history needs a store (-d DIR)");
	if (l.schema && (optind < argc || l.all || l.table || l.history || l.fields || l.co.where || ids_from || l.verify))
		usage_error(NULL, "--schema describes records: it selects none");
	if (l.verify && (l.all || l.table || l.history || l.fields || ids_from || l.co.where || optind < argc))
		usage_error(NULL, "--verify checks the whole store: no selection, --all, --fields, --table or --history");
	if (l.verify && !l.co.store)
		usage_error(NULL, "--verify needs a store (-d DIR)");
	l.pol = policy_load(l.co.config, l.co.store);
	if (l.schema) {
		schema_print(l.pol, stdout);
		fshut(stdout, "stdout");
		policy_free(l.pol);
		return 0;
	}
	if (l.verify)
		return verify(&l);
	if (l.reveal)
		reveal_check(l.pol);

	struct selection sel;
	selection_parse(&sel, &l.co, argv + optind, (size_t)(argc - optind), ids_from);
	l.ids = sel.ids;
	if (sel.from_stdin && l.history)
		usage_error(NULL, "--history reads the store, not standard input");
	char **files = sel.files;
	size_t nfiles = sel.nfiles;
	static char *stdin_only[] = { "-" };

	struct store *s = NULL;
	char **header = NULL;
	size_t nheader = 0;
	enum fmt fmt;
	char **owned = NULL;
	if (l.co.store && !sel.from_stdin) {
		s = store_open(l.co.store, STORE_READ, l.co.wait, l.pol);
		owned = files = store_files(s, l.all || l.history, &nfiles);
		if (s->fmt == FMT_CSV)
			header = store_union_header(files, nfiles, &nheader);
		fmt = s->fmt;
	} else if (l.co.store) {
		files = stdin_only;
		nfiles = 1;
	}
	struct stream *st = stream_open(files, nfiles);
	if (!s)
		fmt = stream_format(st) == FMT_JSONL ? FMT_JSONL : FMT_CSV;
	if (l.co.out_fmt)
		fmt = l.co.out_fmt;

	if (l.history) {
		char *journal = path_join(s->dir, "journal.jsonl");
		print_history(&l, st, journal, fmt);
		free(journal);
	} else if (l.table)
		print_table(&l, st);
	else
		print_records(&l, st, fmt, header, nheader);
	stream_close(st);
	store_close(s);
	fshut(stdout, "stdout");

	int unknown = report_unknown(&l);
	for (size_t i = 0; i < nheader; i++)
		free(header[i]);
	free(header);
	for (size_t i = 0; i < nfiles && owned; i++)
		free(owned[i]);
	free(owned);
	for (size_t i = 0; i < l.nfields; i++)
		free(l.fields[i]);
	free(l.fields);
	idset_free(l.ids);
	where_free(l.co.where);
	policy_free(l.pol);
	if (unknown)
		return EX_DATAERR;
	return l.selected ? 0 : EX_NONE;
}
