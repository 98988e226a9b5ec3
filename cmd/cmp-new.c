/*
 * cmp-new - register complaints (SPEC §6).
 *
 * One ticket from field options, or one for each record of the input
 * files; field options then apply to every record.  Each ticket gets an
 * id, created_at, status new, its first responder and the deadlines of the
 * policy.  With a store the batch is added all or nothing and the new ids
 * are printed; without one the new records are printed.  --import brings
 * in a legacy log instead (lib/import.c): mapped, decoded, its history
 * kept, its bad rows rejected and its duplicates skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] = N_(
    "usage: cmp-new [-d DIR] [--channel C] [--name N] [--phone P] [--email E]\n"
    "               [--address A] [--customer C] [--vip yes|no] [--region R]\n"
    "               [--location L] [--product P] [--category C]\n"
    "               [--severity general|complex|urgent] [--summary TEXT]\n"
    "               [--expect TEXT] [--received TIME] [--by PERSON]\n"
    "               [-s FIELD=VALUE]... [--dry-run] [common options] [FILE...]\n"
    "       cmp-new --import FILE [--map SPEC]... [--map-file FILE]...\n"
    "               [--encoding ENC] [--date-format FMT]... [--key COLS]\n"
    "               [--source-name NAME] [--rejects FILE] [field options]\n"
    "               [-s FIELD=VALUE]... [--dry-run] [common options]\n");

static const char help[] = N_(
    "Register complaints: one from the field options, or one for each record\n"
    "of the FILEs (- is standard input; CSV or JSON Lines).  Field options\n"
    "then set those fields on every record.  With a store, prints the new ids;\n"
    "without one, the new records (ids numbered from 1, unique in that output).\n"
    "\n"
    "      --dry-run       with a store: print the new tickets as they would be\n"
    "                      registered (ids included) and change nothing\n"
    "\n"
    "Field options:\n"
    "      --channel C     hotline, web, app, email, sms, social, counter,\n"
    "                      letter, transfer, regulator (policy [values])\n"
    "      --name, --phone, --email, --address, --customer  who complains\n"
    "      --vip yes|no    a VIP customer (default: no)\n"
    "      --region, --location, --product  where and about what\n"
    "      --category C    network, billing, service, product, facility,\n"
    "                      safety, hygiene, other (policy [values])\n"
    "      --severity S    general (default), complex, urgent\n"
    "      --summary TEXT  the complaint;  --expect TEXT  what the customer wants\n"
    "      --received TIME when it was received (default: now)\n"
    "      --by PERSON     the first responder (default: the actor)\n"
    "  -s FIELD=VALUE      any intake field, or an extra field\n"
    "\n"
    "Import of a legacy log, CSV or JSON Lines (these options override the\n"
    "[options] of a map file; field options set fields on every row):\n"
    "      --import FILE   import FILE (- is standard input): rows that are\n"
    "                      wrong are rejected, rows imported before skipped\n"
    "      --map SPEC      FIELD=COLUMN,... and FIELD:VALUE=VALUE,...\n"
    "      --map-file FILE columns, values, constants and options (cmp-new(1));\n"
    "                      repeatable\n"
    "      --encoding ENC  UTF-8 (default), GB18030, GBK, Big5, auto\n"
    "      --date-format FMT  a strptime(3) form of the log's times; repeatable\n"
    "      --key COLS      the fields that tell rows apart (default: all)\n"
    "      --source-name NAME  the log's name in source (default: its base name)\n"
    "      --rejects FILE  the rejected rows as CSV: line,reason,raw\n"
    "  -s FIELD=VALUE      any field but id and source, on every row\n"
    "\n");

/* Option name -> canonical field. */
static const struct { const char *opt, *field; } field_opts[] = {
	{ "channel", "channel" }, { "name", "name" }, { "phone", "phone" },
	{ "email", "email" }, { "address", "address" },
	{ "customer", "customer" }, { "vip", "vip" }, { "region", "region" },
	{ "location", "location" }, { "product", "product" },
	{ "category", "category" }, { "severity", "severity" },
	{ "summary", "summary" }, { "expect", "expectation" },
	{ "received", "received_at" }, { "by", "first_responder" },
};
#define NFIELD_OPTS (sizeof field_opts / sizeof *field_opts)

/* Fields cmp-new takes from its input besides intake and extra fields. */
static int
accepted(const char *f)
{
	return field_is_intake(f) || (!field_is_canonical(f) && !field_is_hold(f)) ||
	    strcmp(f, "received_at") == 0 || strcmp(f, "first_responder") == 0 ||
	    strcmp(f, "source") == 0;
}

/* Fields an import may set on every row: any but id and source. */
static int
importable(const char *f)
{
	return strcmp(f, "id") != 0 && strcmp(f, "source") != 0;
}

struct ctx {
	struct common co;
	struct policy *pol;
	struct rec *opts;	/* fields given by option */
};

/*
 * Report a problem with the ticket from WHERE: a usage error (64) for
 * fields given by option, bad data (65) for input records.
 */
static _Noreturn void
refuse(const char *where, const char *fmt, const char *a, const char *b)
{
	char *msg = xasprintf(_(fmt), a, b);

	if (!where)
		usage_error(NULL, "%s", msg);
	die(EX_DATAERR, "%s: %s", where, msg);
}

/*
 * The new ticket for input record IN (NULL: from options alone); WHERE
 * names it in messages ("FILE:LINE", or NULL for options).
 */
static struct rec *
make_ticket(struct ctx *c, const struct rec *in, const char *where)
{
	struct rec *t = rec_new();
	char now[TIMEBUF];

	for (size_t i = 0; i < ncanonical_fields; i++)
		rec_add(t, canonical_fields[i], strlen(canonical_fields[i]), "", 0);
	for (int pass = 0; pass < 2; pass++) {
		const struct rec *src = pass == 0 ? in : c->opts;
		for (size_t i = 0; src && i < src->n; i++) {
			const struct field *f = &src->f[i];
			if (!accepted(f->name)) {
				if (f->vlen == 0)
					continue;
				refuse(pass ? NULL : where, "field \"%s\" is set by the workflow, not at registration%s",
				    f->name, strcmp(f->name, "id") == 0 ? _(" (cmp-new gives the id)") : "");
			}
			if (!*f->name)
				refuse(pass ? NULL : where, "a field with an empty name%s%s", "", "");
			/* An input's names are unique: its extra fields need no
			 * search (a record may have a million). */
			if (pass == 0 && !field_is_canonical(f->name))
				rec_add(t, f->name, strlen(f->name), f->val, f->vlen);
			else
				rec_setn(t, f->name, f->val, f->vlen);
		}
	}
	time_format(c->co.now, now);
	if (!*rec_str(t, "severity"))
		rec_set(t, "severity", "general");
	if (!*rec_str(t, "vip"))
		rec_set(t, "vip", "no");
	for (size_t i = 0; i < t->n; i++) {
		const char *bad = policy_check_value(c->pol, t->f[i].name, t->f[i].val);
		if (bad) {
			char *msg = xasprintf(_("\"%s\" is not one of %s"), t->f[i].val, bad);
			refuse(where, "%s: %s", t->f[i].name, msg);
		}
	}
	time_t received = c->co.now;
	const char *r = rec_str(t, "received_at");
	if (*r && time_parse(r, &received) != 0)
		refuse(where, "received_at: \"%s\" is not a time such as 2026-11-22T09:30:00+08:00%s", r, "");
	if (received > c->co.now)
		refuse(where, "received_at: %s is later than now (%s)", r, now);
	char rbuf[TIMEBUF];
	rec_set(t, "received_at", time_format(received, rbuf));
	rec_set(t, "created_at", now);
	rec_set(t, "updated_at", now);
	rec_set(t, "status", "new");
	if (!*rec_str(t, "first_responder"))
		rec_set(t, "first_responder", c->co.actor);
	rec_set(t, "dispatches", "0");
	rec_set(t, "returns", "0");
	rec_set(t, "reopens", "0");
	rec_set(t, "escalation", "0");
	deadlines_new(c->pol, t, received);
	return t;
}

static void
parse_set(struct rec *opts, const char *arg, int import)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		usage_error(NULL, "-s: \"%s\": expected FIELD=VALUE", arg);
	char *name = xstrndup(arg, (size_t)(eq - arg));
	if (import && !importable(name))
		usage_error(NULL, "-s: %s cannot be set: the store gives ids, and the import derives source from the row", name);
	if (!import && !accepted(name))
		usage_error(NULL, "-s: field \"%s\" is set by the workflow, not at registration", name);
	rec_set(opts, name, eq + 1);
	free(name);
}

static void
push(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* Add the tickets to the store: all or nothing; print their ids (a dry run: the tickets). */
static void
register_in_store(struct ctx *c, struct rec **tickets, size_t n)
{
	struct store *s = store_open(c->co.store, STORE_CREATE, c->co.wait, c->pol);
	struct commit *cm = commit_begin(s->dir, policy_file_mode(c->pol));
	char **ids = ids_next(s, policy_id_prefix(c->pol), c->co.now, cm, n);
	struct journal_ctx jc = { c->co.actor, progname, c->co.now_str, "" };
	struct buf journal = { 0 };

	journal_chain(&jc, s->dir);

	for (size_t i = 0; i < n; i++) {
		rec_set(tickets[i], "id", ids[i]);
		journal_line(&journal, &jc, ids[i], NULL, tickets[i]);
	}
	store_add_records(s, cm, tickets, n);
	commit_append(cm, "journal.jsonl", journal.s ? journal.s : "", journal.len);
	commit_finish(cm);
	for (size_t i = 0; i < n; i++) {
		if (!s->dry)
			puts(ids[i]);
		free(ids[i]);
	}
	free(ids);
	buf_free(&journal);
	store_close(s);
}

/*
 * Input records may carry different extra fields (JSON Lines, or several
 * CSV files), but CSV output has one header: the union of the tickets'
 * fields in order of first appearance, so that none is refused half-way
 * through the output.  Tickets mostly share one layout: try the same
 * position first.
 */
static void
union_header(struct writer *w, struct rec **tickets, size_t n)
{
	struct idset *names = idset_new();	/* a set: records may be wide */

	for (size_t i = 0; i < n; i++)
		for (size_t f = 0; f < tickets[i]->n; f++)
			idset_add(names, tickets[i]->f[f].name);
	writer_set_header(w, idset_order(names), idset_count(names));
	idset_free(names);
}

int
main(int argc, char **argv)
{
	static struct option longopts[NFIELD_OPTS + 32] = { COMMON_LONG_OPTIONS, DRY_RUN_OPTION };
	static const char *const import_longopts[] = {
		"import", "map", "map-file", "encoding", "date-format", "key",
		"source-name", "rejects",
	};
	struct ctx c = { 0 };
	struct import im = { .co = &c.co };
	const char *import_opt = NULL;	/* an import option given, for a usage error */
	char **sets = NULL;
	size_t nsets = 0;
	int ch;

	setprogname(argv[0]);
	common_init(&c.co, usage);
	size_t nl = 0;
	while (longopts[nl].name)
		nl++;
	for (size_t i = 0; i < NFIELD_OPTS; i++)
		longopts[nl++] = (struct option){ field_opts[i].opt, required_argument, NULL, 0x200 + (int)i };
	for (size_t i = 0; i < sizeof import_longopts / sizeof *import_longopts; i++)
		longopts[nl++] = (struct option){ import_longopts[i], required_argument, NULL, 0x300 + (int)i };
	c.opts = rec_new();
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS "s:", longopts, NULL)) != -1) {
		if (ch >= 0x200 && ch < 0x200 + (int)NFIELD_OPTS) {
			char opt[64];
			snprintf(opt, sizeof opt, "--%s", field_opts[ch - 0x200].opt);
			rec_set(c.opts, field_opts[ch - 0x200].field, text_arg(opt, optarg));
		}
		else if (ch == 's')
			push(&sets, &nsets, (char *)text_arg("-s", optarg));
		else if (ch >= 0x300 && ch < 0x300 + (int)(sizeof import_longopts / sizeof *import_longopts)) {
			if (ch != 0x300 && !import_opt)
				import_opt = import_longopts[ch - 0x300];
			switch (ch - 0x300) {
			case 0: im.path = optarg; break;
			case 1: push(&im.maps, &im.nmaps, (char *)text_arg("--map", optarg)); break;
			case 2: push(&im.map_files, &im.nmap_files, optarg); break;
			case 3: im.encoding = optarg; break;
			case 4: push(&im.date_fmts, &im.ndate_fmts, optarg); break;
			case 5: im.key = text_arg("--key", optarg); break;
			case 6: im.source_name = text_arg("--source-name", optarg); break;
			case 7: im.rejects = optarg; break;
			}
		} else
			common_option(&c.co, ch, optarg, help, argv);
	}
	common_finish(&c.co);
	for (size_t i = 0; i < nsets; i++)
		parse_set(c.opts, sets[i], im.path != NULL);
	free(sets);
	char **files = argv + optind;
	size_t nfiles = (size_t)(argc - optind);
	static char *stdin_only[] = { "-" };
	if (import_opt && !im.path)
		usage_error(NULL, "--%s needs --import FILE", import_opt);
	if (im.path) {
		if (nfiles > 0)
			usage_error(NULL, "--import reads one log: \"%s\" is one file too many", files[0]);
		/* Standard input is read once; standard output has the ids or records. */
		size_t nstdin = strcmp(im.path, "-") == 0;
		for (size_t i = 0; i < im.nmap_files; i++)
			nstdin += strcmp(im.map_files[i], "-") == 0;
		if (nstdin > 1)
			usage_error(NULL, "--import and --map-file: standard input (-) can be read only once");
		if (im.rejects && strcmp(im.rejects, "-") == 0)
			usage_error(NULL, "--rejects: - would mix the rejected rows into standard output: name a file");
		c.pol = policy_load(c.co.config, c.co.store);
		for (size_t i = 0; i < c.opts->n; i++) {
			const char *bad = policy_check_value(c.pol, c.opts->f[i].name, c.opts->f[i].val);
			if (bad)
				usage_error(NULL, "%s: \"%s\" is not one of %s", c.opts->f[i].name, c.opts->f[i].val, bad);
		}
		im.pol = c.pol;
		im.sets = c.opts;
		int status = import_run(&im);
		free(im.maps);
		free(im.map_files);
		free(im.date_fmts);
		rec_free(c.opts);
		policy_free(c.pol);
		fshut(stdout, "stdout");
		return status;
	}
	if (nfiles == 0 && c.opts->n == 0) {
		if (c.co.store)
			usage_error(NULL, "nothing to register: give field options, or input files (- for standard input)");
		files = stdin_only;
		nfiles = 1;
	}
	c.pol = policy_load(c.co.config, c.co.store);

	struct rec **tickets = NULL;
	size_t n = 0;
	enum fmt fmt = FMT_CSV;
	if (nfiles == 0) {
		tickets = xmalloc(sizeof *tickets);
		tickets[n++] = make_ticket(&c, NULL, NULL);
	} else {
		struct stream *st = stream_open(files, nfiles);
		struct rec *in = rec_new();
		if (stream_format(st) != FMT_NONE)
			fmt = stream_format(st);
		while (stream_next(st, in)) {
			char *where = xasprintf("%s:%ld", stream_name(st), in->line);
			tickets = xrealloc(tickets, (n + 1) * sizeof *tickets);
			tickets[n++] = make_ticket(&c, in, where);
			free(where);
		}
		rec_free(in);
		stream_close(st);
	}
	if (c.co.store) {
		if (n > 0)
			register_in_store(&c, tickets, n);
	} else {
		enum fmt out = c.co.out_fmt ? c.co.out_fmt : fmt;
		struct writer *w = writer_new(stdout, out);
		struct buf err = { 0 };
		char *key = id_day_key(policy_id_prefix(c.pol), c.co.now);
		for (size_t i = 0; i < n; i++) {
			char *id = xasprintf("%s-%06zu", key, i + 1);
			rec_set(tickets[i], "id", id);
			free(id);
		}
		if (out == FMT_CSV)
			union_header(w, tickets, n);
		for (size_t i = 0; i < n; i++)
			if (writer_put(w, tickets[i], &err) != 0)
				die(EX_DATAERR, "%s", err.s);
		writer_free(w);
		buf_free(&err);
		free(key);
	}
	for (size_t i = 0; i < n; i++)
		rec_free(tickets[i]);
	free(tickets);
	rec_free(c.opts);
	policy_free(c.pol);
	fshut(stdout, "stdout");
	return 0;
}
