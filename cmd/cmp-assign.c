/*
 * cmp-assign - the handling phase (SPEC §6): dispatch (派单), route by
 * the policy's rules, redispatch with a reason (二次派单), hand over inside
 * a department (交办), return with a reason (退单), progress notes
 * (处理进度) perhaps told to the customer, holds while waiting on the
 * customer (--hold, --resume), and corrections (-s).
 *
 * The first responder never changes: whoever registered the complaint
 * owns it until it is solved.  A return puts the ticket back to new
 * without restarting its clock.  With a store every change is one commit
 * and one journal line per ticket; without one this is a filter.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] = N_(
    "usage: cmp-assign [-d DIR] [--dept D [--to PERSON] | --to PERSON | --auto |\n"
    "                  --return | --hold | --resume] [--reason TEXT]\n"
    "                  [--note TEXT [--told CHANNEL]]\n"
    "                  [--eta TIME] [-s FIELD=VALUE]... [--ids-from FILE]\n"
    "                  [--dry-run] [common options] [ID... | -]\n");

static const char help[] = N_(
    "Dispatch the selected tickets to a department, hand them over to a\n"
    "person in it, route them by the policy's rules, or return them.  With a\n"
    "store, select by ID, --ids-from or --where (- reads records from standard\n"
    "input instead) and the changed ids are printed; without one, every input\n"
    "record is changed and printed.\n"
    "\n"
    "      --dept D         dispatch to department D (a new dispatch unless the\n"
    "                       ticket is assigned to D already)\n"
    "      --to PERSON      the person who takes it over (交办); alone, on an\n"
    "                       assigned ticket: a handover inside its department\n"
    "      --auto           route new tickets by [routing] (keyword in the\n"
    "                       summary, then [routing.FIELD], then category);\n"
    "                       those no rule matches are reported\n"
    "      --return         return an assigned ticket (退单): new again, counted\n"
    "      --hold           waiting on the customer: the clock stops (held_at)\n"
    "      --resume         the clock runs again: the deadlines not yet met move\n"
    "                       on by the time held (held_min counts it)\n"
    "      --reason TEXT    why: needed by --return, --hold and by every\n"
    "                       dispatch after the first (二次派单)\n"
    "      --note TEXT      a progress note (处理进度) on any open ticket; the\n"
    "                       first after receipt or a reopening meets the reply\n"
    "                       stage (with reply_by = told, only a told note)\n"
    "      --told CHANNEL   the note was given to the customer by phone, sms,\n"
    "                       email or counter\n"
    "      --eta TIME       the resolution time promised to the customer\n"
    "  -s FIELD=VALUE       correct an intake or extra field; the deadlines not\n"
    "                       yet met are counted again\n"
    "      --ids-from FILE  select the ids in FILE (- is standard input)\n"
    "      --dry-run        print the changed tickets as they would become, as\n"
    "                       records, instead of their ids; change nothing\n"
    "\n"
    "Exit status: 0 done, 1 nothing selected (--auto: nothing routed), 64 a\n"
    "missing --reason, 65 a ticket whose status forbids the step, or --hold\n"
    "on a held ticket, --resume on one not held (nothing is changed then).\n"
    "\n");

enum { OPT_DEPT = 0x200, OPT_TO, OPT_AUTO, OPT_RETURN, OPT_REASON, OPT_IDS_FROM,
	OPT_NOTE, OPT_TOLD, OPT_ETA, OPT_HOLD, OPT_RESUME };

/*
 * The fields each kind of step may add to a record that lacks them, so
 * that a filter's CSV output grows only by what the command can set.
 */
static const char *const dispatch_fields[] = { "status", "department", "assignee",
	"dispatched_at", "assigned_at", "handed_at", "dispatches", "returns",
	"reason", NULL };
static const char *const note_fields[] = { "progress", "progress_at",
	"replied_at", "told_at", "told_channel", "eta", NULL };
static const char *const correction_fields[] = { "dispatch_due", "reply_due",
	"resolve_due", NULL };
static const char *const hold_fields[] = { "held_at", "held_min", "reason",
	"dispatch_due", "reply_due", "resolve_due", NULL };

static void
add_fields(char ***v, size_t *n, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		names_union(v, n, names[i]);
}

/* -s corrects what was registered: intake fields and extra fields. */
static int
correctable(const char *field)
{
	return field_is_intake(field) || strcmp(field, "received_at") == 0 ||
	    (!field_is_canonical(field) && !field_is_hold(field));
}

struct assign {
	struct common co;
	struct policy *pol;
	const char *dept, *to, *reason;
	const char *note, *told, *eta;
	struct rec *set;	/* -s corrections */
	int autoroute, ret, hold, resume;
	size_t selected, unrouted;
	struct buf ids;		/* the changed tickets, to print */
};

/* Dispatch T to DEPT at NOW: a new dispatch unless it is there already. */
static int
dispatch(struct assign *a, struct rec *t, const char *where, const char *dept, const char *now)
{
	const char *status = rec_str(t, "status");

	if (strcmp(status, "assigned") == 0 && strcmp(rec_str(t, "department"), dept) == 0)
		return 0;
	long before = ticket_count(t, "dispatches");
	if (before > 0 && !a->reason)
		usage_error(NULL, "%s: dispatched before (to %s): a second dispatch (二次派单) needs --reason",
		    where, *rec_str(t, "department") ? rec_str(t, "department") : _("a department that returned it"));
	ticket_bump(t, "dispatches");
	rec_set(t, "department", dept);
	rec_set(t, "assigned_at", now);
	if (!*rec_str(t, "dispatched_at"))
		rec_set(t, "dispatched_at", now);
	rec_set(t, "status", "assigned");
	rec_set(t, "assignee", "");
	rec_set(t, "handed_at", "");
	if (before > 0)
		rec_set(t, "reason", a->reason);
	return 1;
}

/* Dispatch, hand over, route or return T, as the options say. */
static void
handle(struct assign *a, struct rec *t, const char *where, const char *now)
{
	const char *status = rec_str(t, "status");

	if (strcmp(status, "new") != 0 && strcmp(status, "assigned") != 0)
		ticket_refuse(where, t, "only a new or assigned ticket is dispatched");
	if (a->ret) {
		if (strcmp(status, "assigned") != 0)
			ticket_refuse(where, t, "only an assigned ticket can be returned");
		rec_set(t, "status", "new");
		ticket_bump(t, "returns");
		rec_set(t, "reason", a->reason);
		rec_set(t, "department", "");
		rec_set(t, "assignee", "");
		rec_set(t, "handed_at", "");
		return;
	}
	const char *dept = a->dept;
	int dispatched = 0;
	if (a->autoroute) {
		char *why = NULL;
		if (strcmp(status, "new") != 0)
			why = xasprintf(_("already assigned to %s"), rec_str(t, "department"));
		else if (ticket_count(t, "dispatches") > 0 && !a->reason)
			why = xstrdup(_("returned before; dispatch it with --reason"));
		else if (!(dept = policy_route(a->pol, t)))
			why = xstrdup(_("no routing rule matches"));
		if (why) {
			warnx("%s: not routed: %s", where, why);
			free(why);
			a->unrouted++;
			return;
		}
	}
	if (dept)
		dispatched = dispatch(a, t, where, dept, now);
	if (a->to) {
		if (strcmp(rec_str(t, "status"), "assigned") != 0)
			ticket_refuse(where, t, "a handover (--to) needs a dispatched ticket: give --dept too");
		if (dispatched || strcmp(rec_str(t, "assignee"), a->to) != 0) {
			rec_set(t, "assignee", a->to);
			rec_set(t, "handed_at", dispatched ? rec_str(t, "assigned_at") : now);
		}
	}
}

/*
 * Stop the clock of T at NOW (waiting on the customer), or start it
 * again: the deadlines move on by the time held (hold_end).
 */
static void
hold(struct assign *a, struct rec *t, const char *where, const char *now)
{
	const char *status = rec_str(t, "status");

	if (a->resume) {
		if (!*rec_str(t, "held_at"))
			ticket_refuse(where, t, "not held: nothing to resume");
		hold_end(a->pol, t, a->co.now);
		return;
	}
	if (strcmp(status, "new") != 0 && strcmp(status, "assigned") != 0)
		ticket_refuse(where, t, "only a new or assigned ticket is held (a resolved one waits on the customer in its feedback stage)");
	if (*rec_str(t, "held_at"))
		ticket_refuse(where, t, "held already since %s", rec_str(t, "held_at"));
	rec_set(t, "held_at", now);
	if (!*rec_str(t, "held_min"))
		rec_set(t, "held_min", "0");
	rec_set(t, "reason", a->reason);
}

/*
 * A progress note (处理进度), perhaps given to the customer: the first
 * note after receipt or a reopening meets the reply stage, or with
 * reply_by = told only a note told to the customer does.
 */
static void
note(struct assign *a, struct rec *t, const char *now)
{
	struct duration reply_by;

	if (a->note) {
		rec_set(t, "progress", a->note);
		rec_set(t, "progress_at", now);
	}
	if (a->told) {
		rec_set(t, "told_at", now);
		rec_set(t, "told_channel", a->told);
	}
	if (a->eta)
		rec_set(t, "eta", a->eta);
	policy_sla(a->pol, t, "reply_by", &reply_by);
	if (a->note && !*rec_str(t, "replied_at") && (reply_by.n == 0 || a->told))
		rec_set(t, "replied_at", now);
}

/*
 * Corrections (-s): intake and extra fields; the deadlines whose rule the
 * correction alters are counted again.  A deadline counted the same from
 * the ticket before and after the correction keeps its stored value, so
 * fixing a typo in the summary does not move deadlines to a policy
 * changed since the registration.  A deadline a hold moved (held_min) is
 * moved again by as much.
 */
/* Whether the rule KEY of T counts working days. */
static int
field_in_workdays(const struct policy *p, const struct rec *t, const char *key)
{
	struct duration d;

	policy_sla(p, t, key, &d);
	return d.unit == DUR_WDAY;
}

static void
correct(struct assign *a, struct rec *t)
{
	if (!a->set->n)
		return;
	struct rec *was = rec_new(), *is = rec_new(), *t0 = rec_new();
	rec_copy(was, t);
	rec_copy(t0, t);
	for (size_t i = 0; i < a->set->n; i++)
		rec_setn(t, a->set->f[i].name, a->set->f[i].val, a->set->f[i].vlen);
	rec_copy(is, t);
	deadlines_recount(a->pol, was);
	deadlines_recount(a->pol, is);
	for (size_t i = 0; i < ndue_rules; i++) {
		const struct due_rule *r = &due_rules[i];
		if (!r->field || strcmp(rec_str(was, r->field), rec_str(is, r->field)) == 0)
			continue;
		rec_set(t, r->field, rec_str(is, r->field));
		/* What past holds added to the deadline they add again,
		 * measured as the new rule counts. */
		time_t base, stored, now_base;
		char buf[TIMEBUF];
		long held = ticket_count(t0, "held_min");
		if (!held || !ticket_time(is, r->field, &now_base))
			continue;
		if (ticket_time(was, r->field, &base) && ticket_time(t0, r->field, &stored)) {
			if (stored > base)
				rec_set(t, r->field, time_format(hold_shift(a->pol, is, due_key(r, is), now_base, base, stored), buf));
		} else if (!field_in_workdays(a->pol, is, due_key(r, is)))
			/* A deadline the correction creates: the minutes held
			 * are all it can know of the holds. */
			rec_set(t, r->field, time_format(now_base + (time_t)held * 60, buf));
	}
	rec_free(t0);
	rec_free(was);
	rec_free(is);
}

static int
change(void *arg, struct rec *t, const char *where)
{
	struct assign *a = arg;
	const char *status = rec_str(t, "status");
	char now[TIMEBUF];

	a->selected++;
	time_format(a->co.now, now);
	if (strcmp(status, "new") != 0 && strcmp(status, "assigned") != 0 && strcmp(status, "resolved") != 0)
		ticket_refuse(where, t, "only an open ticket can be changed");
	correct(a, t);
	if (a->ret || a->dept || a->autoroute || a->to)
		handle(a, t, where, now);
	if (a->hold || a->resume)
		hold(a, t, where, now);
	note(a, t, now);
	return UPD_CHANGED;
}

static void
changed(void *arg, const struct rec *t)
{
	struct assign *a = arg;

	buf_adds(&a->ids, rec_str(t, "id"));
	buf_addc(&a->ids, '\n');
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		COMMON_LONG_OPTIONS,
		DRY_RUN_OPTION,
		{ "dept", required_argument, NULL, OPT_DEPT },
		{ "to", required_argument, NULL, OPT_TO },
		{ "auto", no_argument, NULL, OPT_AUTO },
		{ "return", no_argument, NULL, OPT_RETURN },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "ids-from", required_argument, NULL, OPT_IDS_FROM },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "told", required_argument, NULL, OPT_TOLD },
		{ "eta", required_argument, NULL, OPT_ETA },
		{ "hold", no_argument, NULL, OPT_HOLD },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ 0 }
	};
	struct assign a = { 0 };
	const char *ids_from = NULL;
	int ch;

	setprogname(argv[0]);
	common_init(&a.co, usage);
	a.set = rec_new();
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS "s:", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_DEPT: a.dept = text_arg("--dept", optarg); break;
		case OPT_TO: a.to = text_arg("--to", optarg); break;
		case OPT_AUTO: a.autoroute = 1; break;
		case OPT_RETURN: a.ret = 1; break;
		case OPT_REASON: a.reason = text_arg("--reason", optarg); break;
		case OPT_IDS_FROM: ids_from = optarg; break;
		case OPT_NOTE: a.note = text_arg("--note", optarg); break;
		case OPT_TOLD: a.told = text_arg("--told", optarg); break;
		case OPT_ETA: a.eta = text_arg("--eta", optarg); break;
		case OPT_HOLD: a.hold = 1; break;
		case OPT_RESUME: a.resume = 1; break;
		case 's':
			set_option(a.set, optarg, correctable, _("only intake and extra fields are corrected with -s"));
			break;
		default: common_option(&a.co, ch, optarg, help, argv);
		}
	}
	common_finish(&a.co);
	if (a.ret + a.autoroute + !!a.dept > 1)
		usage_error(NULL, "--dept, --auto and --return exclude each other");
	if (a.told && !a.note)
		usage_error(NULL, "--told says how a note was given: give --note too");
	if (!a.ret && !a.autoroute && !a.dept && !a.to && !a.note && !a.eta && !a.set->n && !a.hold && !a.resume)
		usage_error(NULL, "nothing to do: give --dept, --to, --auto, --return, --hold, --resume, --note, --eta or -s");
	if (a.hold && a.resume)
		usage_error(NULL, "--hold and --resume exclude each other");
	if ((a.hold || a.resume) && (a.ret || a.autoroute || a.dept || a.to))
		usage_error(NULL, "%s goes with --note, --told and --eta only, not with a dispatch, handover or return",
		    a.hold ? "--hold" : "--resume");
	if (a.hold && (!a.reason || !*a.reason))
		usage_error(NULL, "--hold needs --reason (why the customer is waited on)");
	if (a.resume && a.reason)
		usage_error(NULL, "--resume takes no --reason: the hold said why");
	if (a.note && !*a.note)
		usage_error(NULL, "--note: empty");
	if (a.ret && a.to)
		usage_error(NULL, "--return takes the ticket from its department: no --to");
	if (a.ret && (!a.reason || !*a.reason))
		usage_error(NULL, "--return needs --reason (退单 must say why)");
	if (a.reason && !*a.reason)
		usage_error(NULL, "--reason: empty");
	if ((a.dept && !*a.dept) || (a.to && !*a.to))
		usage_error(NULL, "%s: empty", a.dept && !*a.dept ? "--dept" : "--to");
	a.pol = policy_load(a.co.config, a.co.store);
	check_option(a.pol, "--dept", "department", a.dept);
	check_option(a.pol, "--told", "told_channel", a.told);
	char eta[TIMEBUF], received[TIMEBUF];
	time_t t;
	if (a.eta && time_parse(a.eta, &t) != 0)
		usage_error(NULL, "--eta: \"%s\": expected a time such as 2026-11-25T18:00", a.eta);
	if (a.eta)
		a.eta = time_format(t, eta);
	for (size_t i = 0; i < a.set->n; i++) {
		struct field *f = &a.set->f[i];
		check_option(a.pol, f->name, f->name, f->val);
		if (strcmp(f->name, "received_at") != 0)
			continue;
		if (time_parse(f->val, &t) != 0 || t > a.co.now)
			usage_error(NULL, "received_at: \"%s\": expected a time no later than now", f->val);
		rec_set(a.set, "received_at", time_format(t, received));
	}
	char **extra = NULL;
	size_t nextra = 0;
	if (a.dept || a.to || a.autoroute || a.ret)
		add_fields(&extra, &nextra, dispatch_fields);
	if (a.note || a.eta)
		add_fields(&extra, &nextra, note_fields);
	if (a.set->n)
		add_fields(&extra, &nextra, correction_fields);
	if (a.hold || a.resume)
		add_fields(&extra, &nextra, hold_fields);
	for (size_t i = 0; i < a.set->n; i++)
		names_union(&extra, &nextra, a.set->f[i].name);
	names_union(&extra, &nextra, "updated_at");

	struct selection sel;
	selection_parse(&sel, &a.co, argv + optind, (size_t)(argc - optind), ids_from);
	if (selection_empty(&sel, &a.co))
		usage_error(NULL, "no ticket selected: give ids, --ids-from or --where (nothing is changed by accident)");
	struct update u = { .co = &a.co, .pol = a.pol, .sel = &sel,
		.extra = extra, .nextra = nextra, .change = change, .on_changed = changed, .arg = &a };
	update_run(&u);
	if (a.co.store && !sel.from_stdin && !a.co.dry_run)
		fwrite(a.ids.s ? a.ids.s : "", 1, a.ids.len, stdout);
	fshut(stdout, "stdout");

	buf_free(&a.ids);
	names_free(extra, nextra);
	rec_free(a.set);
	idset_free(sel.ids);
	where_free(a.co.where);
	policy_free(a.pol);
	if (a.autoroute)
		return u.changed ? 0 : EX_NONE;
	return a.selected ? 0 : EX_NONE;
}
