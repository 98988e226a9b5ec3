/*
 * cmp-close - the end of a complaint (SPEC §6): the resolution with its
 * cause and measures, the feedback to the customer, the follow-up visit
 * (回访) that archives a satisfied ticket or reopens a dissatisfied one,
 * a forced close for a customer who cannot be reached, and a reopening
 * before the visit.
 *
 * The steps of one command apply in the order of the workflow
 * (resolution, feedback, visit), so a complaint solved at first contact
 * can be closed in one command.  A step the ticket's status does not allow
 * is refused, naming the ticket and its status, and nothing is changed.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] = N_(
    "usage: cmp-close [-d DIR] [--resolution TEXT [--cause C] [--measures M]\n"
    "                 [--responsible R]] [--feedback phone|sms|email]\n"
    "                 [--satisfaction satisfied|basic|dissatisfied] [--comment TEXT]\n"
    "                 [--force --reason R | --reopen --reason R] [-s FIELD=VALUE]...\n"
    "                 [--ids-from FILE] [--dry-run] [common options] [ID... | -]\n");

static const char help[] = N_(
    "Resolve, give feedback, record the follow-up visit, force-close or reopen\n"
    "the selected tickets.  With a store, select by ID, --ids-from or --where\n"
    "(- reads records from standard input instead) and the changed ids are\n"
    "printed; without one, every input record is changed and printed.\n"
    "\n"
    "      --resolution TEXT  solved (new or assigned -> resolved): resolved_at,\n"
    "                         feedback_due; with --cause, --measures and\n"
    "                         --responsible (policy [close] require)\n"
    "      --feedback CH      the result was told to the customer by phone, sms\n"
    "                         or email (resolved)\n"
    "      --satisfaction S   the visit (needs the feedback): satisfied or basic\n"
    "                         close and archive; dissatisfied reopens\n"
    "      --comment TEXT     what the customer said (opinion), with --feedback\n"
    "                         or --satisfaction\n"
    "      --force            close any open ticket without a visit (customer\n"
    "                         unreachable); needs --reason\n"
    "      --reopen           take a resolved ticket back before the visit;\n"
    "                         needs --reason\n"
    "      --reason TEXT      why, for --force and --reopen\n"
    "  -s FIELD=VALUE         set an extra (non-canonical) field, e.g. a rating\n"
    "      --ids-from FILE    select the ids in FILE (- is standard input)\n"
    "      --dry-run          print the changed tickets as they would become, as\n"
    "                         records, instead of their ids; change nothing\n"
    "\n"
    "Exit status: 0 done, 1 nothing selected, 64 usage, 65 a ticket whose\n"
    "status forbids the step (nothing is changed then).\n"
    "\n");

enum { OPT_RESOLUTION = 0x200, OPT_CAUSE, OPT_MEASURES, OPT_RESPONSIBLE,
	OPT_FEEDBACK, OPT_SATISFACTION, OPT_COMMENT, OPT_FORCE, OPT_REOPEN,
	OPT_REASON, OPT_IDS_FROM };

/* The fields the steps may add to a record that lacks them. */
static const char *const sets[] = { "status", "reason", "reply_due",
	"resolve_due", "replied_at", "resolved_at", "resolution", "cause",
	"measures", "responsible", "feedback_due", "feedback_at",
	"feedback_channel", "satisfaction", "opinion", "reopens", "closed_at",
	"updated_at", NULL };

struct closing {
	struct common co;
	struct policy *pol;
	const char *resolution, *cause, *measures, *responsible;
	const char *feedback, *satisfaction, *comment, *reason;
	int force, reopen;
	struct update *u;
	struct rec *extra;	/* -s fields */
	size_t selected;
	struct buf ids;
};

static void
resolve(struct closing *c, struct rec *t, const char *where, const char *now)
{
	const char *status = rec_str(t, "status");
	time_t due;
	char buf[TIMEBUF];

	if (strcmp(status, "new") != 0 && strcmp(status, "assigned") != 0)
		ticket_refuse(where, t, "only a new or assigned ticket can be resolved");
	rec_set(t, "resolution", c->resolution);
	if (c->cause)
		rec_set(t, "cause", c->cause);
	if (c->measures)
		rec_set(t, "measures", c->measures);
	if (c->responsible)
		rec_set(t, "responsible", c->responsible);
	size_t nreq;
	char **req = policy_close_require(c->pol, &nreq);
	struct buf missing = { 0 };
	for (size_t i = 0; i < nreq; i++)
		if (!*rec_str(t, req[i]))
			buf_printf(&missing, "%s%s", missing.len ? ", " : "", req[i]);
	if (missing.len)
		die(EX_DATAERR, "%s: the resolution needs %s ([close] require)", where, missing.s);
	hold_end(c->pol, t, c->co.now);	/* the customer is back: the clock ran until now */
	rec_set(t, "resolved_at", now);
	rec_set(t, "status", "resolved");
	rec_set(t, "feedback_due", deadline_after(c->pol, t, "feedback", c->co.now, &due) ? time_format(due, buf) : "");
}

static int
change(void *arg, struct rec *t, const char *where)
{
	struct closing *c = arg;
	const char *status = rec_str(t, "status");
	char now[TIMEBUF];

	c->selected++;
	time_format(c->co.now, now);
	if (strcmp(status, "new") != 0 && strcmp(status, "assigned") != 0 && strcmp(status, "resolved") != 0)
		ticket_refuse(where, t, "only an open ticket can be changed");
	for (size_t i = 0; i < c->extra->n; i++)
		rec_set(t, c->extra->f[i].name, c->extra->f[i].val);
	if (c->force) {
		hold_end(c->pol, t, c->co.now);
		rec_set(t, "reason", c->reason);
		rec_set(t, "status", "closed");
		rec_set(t, "closed_at", now);
		return UPD_ARCHIVE;
	}
	if (c->reopen) {
		if (strcmp(status, "resolved") != 0)
			ticket_refuse(where, t, "only a resolved ticket can be reopened");
		rec_set(t, "reason", c->reason);
		ticket_reopen(c->pol, t, c->co.now);
		return UPD_CHANGED;
	}
	if (c->resolution)
		resolve(c, t, where, now);
	if (c->feedback) {
		if (strcmp(rec_str(t, "status"), "resolved") != 0)
			ticket_refuse(where, t, "feedback follows the resolution");
		if (*rec_str(t, "feedback_at"))
			ticket_refuse(where, t, "feedback was given already at %s", rec_str(t, "feedback_at"));
		rec_set(t, "feedback_at", now);
		rec_set(t, "feedback_channel", c->feedback);
	}
	if (c->comment)
		rec_set(t, "opinion", c->comment);
	if (c->satisfaction) {
		if (strcmp(rec_str(t, "status"), "resolved") != 0)
			ticket_refuse(where, t, "the visit follows the resolution");
		if (!*rec_str(t, "feedback_at"))
			ticket_refuse(where, t, "the visit needs the feedback first (--feedback)");
		if (strcmp(c->satisfaction, "dissatisfied") == 0) {
			if (c->feedback)	/* journal it before the reopening clears it */
				update_step(c->u, t);
			rec_set(t, "satisfaction", c->satisfaction);
			ticket_reopen(c->pol, t, c->co.now);
			return UPD_CHANGED;
		}
		rec_set(t, "satisfaction", c->satisfaction);
		rec_set(t, "status", "closed");
		rec_set(t, "closed_at", now);
		return UPD_ARCHIVE;
	}
	return UPD_CHANGED;
}

static void
changed(void *arg, const struct rec *t)
{
	struct closing *c = arg;

	buf_adds(&c->ids, rec_str(t, "id"));
	buf_addc(&c->ids, '\n');
}

/* -s sets extra fields only: canonical ones have their own steps. */
static int
is_extra(const char *field)
{
	return !field_is_canonical(field) && !field_is_hold(field);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		DRY_RUN_OPTION,
		{ "resolution", required_argument, NULL, OPT_RESOLUTION },
		{ "cause", required_argument, NULL, OPT_CAUSE },
		{ "measures", required_argument, NULL, OPT_MEASURES },
		{ "responsible", required_argument, NULL, OPT_RESPONSIBLE },
		{ "feedback", required_argument, NULL, OPT_FEEDBACK },
		{ "satisfaction", required_argument, NULL, OPT_SATISFACTION },
		{ "comment", required_argument, NULL, OPT_COMMENT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "reopen", no_argument, NULL, OPT_REOPEN },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "ids-from", required_argument, NULL, OPT_IDS_FROM },
		{ 0 }
	};
	struct closing c = { 0 };
	const char *ids_from = NULL;
	int ch;

	setprogname(argv[0]);
	common_init(&c.co, usage);
	c.extra = rec_new();
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS "s:", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_RESOLUTION: c.resolution = text_arg("--resolution", optarg); break;
		case OPT_CAUSE: c.cause = text_arg("--cause", optarg); break;
		case OPT_MEASURES: c.measures = text_arg("--measures", optarg); break;
		case OPT_RESPONSIBLE: c.responsible = text_arg("--responsible", optarg); break;
		case OPT_FEEDBACK: c.feedback = text_arg("--feedback", optarg); break;
		case OPT_SATISFACTION: c.satisfaction = text_arg("--satisfaction", optarg); break;
		case OPT_COMMENT: c.comment = text_arg("--comment", optarg); break;
		case OPT_FORCE: c.force = 1; break;
		case OPT_REOPEN: c.reopen = 1; break;
		case OPT_REASON: c.reason = text_arg("--reason", optarg); break;
		case OPT_IDS_FROM: ids_from = optarg; break;
		case 's': set_option(c.extra, optarg, is_extra, _("a canonical field: only extra fields are set with -s")); break;
		default: common_option(&c.co, ch, optarg, help, argv);
		}
	}
	common_finish(&c.co);
	int steps = !!c.resolution || !!c.feedback || !!c.satisfaction;
	if (c.force + c.reopen + (steps > 0) > 1)
		usage_error(NULL, "--force, --reopen and the steps (--resolution, --feedback, --satisfaction) exclude each other");
	if (!steps && !c.force && !c.reopen && c.extra->n == 0)
		usage_error(NULL, "nothing to do: give --resolution, --feedback, --satisfaction, --force, --reopen or -s");
	if ((c.force || c.reopen) && (!c.reason || !*c.reason))
		usage_error(NULL, "%s needs --reason", c.force ? "--force" : "--reopen");
	if (c.reason && !c.force && !c.reopen)
		usage_error(NULL, "--reason goes with --force or --reopen");
	if ((c.cause || c.measures || c.responsible) && !c.resolution)
		usage_error(NULL, "--cause, --measures and --responsible go with --resolution");
	if (c.comment && !c.feedback && !c.satisfaction)
		usage_error(NULL, "--comment goes with --feedback or --satisfaction");
	if (c.resolution && !*c.resolution)
		usage_error(NULL, "--resolution: empty");
	c.pol = policy_load(c.co.config, c.co.store);
	check_option(c.pol, "--feedback", "feedback_channel", c.feedback);
	check_option(c.pol, "--satisfaction", "satisfaction", c.satisfaction);
	check_option(c.pol, "--cause", "cause", c.cause);
	check_option(c.pol, "--responsible", "responsible", c.responsible);
	for (size_t i = 0; i < c.extra->n; i++)
		check_option(c.pol, c.extra->f[i].name, c.extra->f[i].name, c.extra->f[i].val);

	struct selection sel;
	selection_parse(&sel, &c.co, argv + optind, (size_t)(argc - optind), ids_from);
	if (selection_empty(&sel, &c.co))
		usage_error(NULL, "no ticket selected: give ids, --ids-from or --where (nothing is changed by accident)");
	char **extra = xcalloc(c.extra->n + 1, sizeof *extra);
	for (size_t i = 0; i < c.extra->n; i++)
		extra[i] = c.extra->f[i].name;
	struct update u = { .co = &c.co, .pol = c.pol, .sel = &sel, .sets = sets,
		.extra = extra, .nextra = c.extra->n, .change = change, .on_changed = changed, .arg = &c };
	c.u = &u;
	update_run(&u);
	if (c.co.store && !sel.from_stdin && !c.co.dry_run)
		fwrite(c.ids.s ? c.ids.s : "", 1, c.ids.len, stdout);
	fshut(stdout, "stdout");

	free(extra);
	rec_free(c.extra);
	buf_free(&c.ids);
	idset_free(sel.ids);
	where_free(c.co.where);
	policy_free(c.pol);
	return c.selected ? 0 : EX_NONE;
}
