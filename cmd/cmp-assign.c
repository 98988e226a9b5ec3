/*
 * cmp-assign - dispatch (派单), route by the policy's rules, redispatch
 * with a reason (二次派单), hand over inside a department (交办) and
 * return with a reason (退单): SPEC §6.
 *
 * The first responder never changes: whoever registered the complaint
 * owns it until it is solved.  A return puts the ticket back to new
 * without restarting its clock.  With a store every change is one commit
 * and one journal line per ticket; without one this is a filter.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char usage[] =
    "usage: cmp-assign [-d DIR] (--dept D [--to PERSON] | --to PERSON | --auto |\n"
    "                  --return) [--reason TEXT] [--ids-from FILE]\n"
    "                  [common options] [ID... | -]\n";

static const char help[] =
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
    "      --reason TEXT    why: needed by --return and by every dispatch after\n"
    "                       the first (二次派单)\n"
    "      --ids-from FILE  select the ids in FILE (- is standard input)\n"
    "\n"
    "Exit status: 0 done, 1 nothing selected (--auto: nothing routed), 64 a\n"
    "missing --reason, 65 a ticket whose status forbids the step (nothing\n"
    "is changed then).\n"
    "\n";

enum { OPT_DEPT = 0x200, OPT_TO, OPT_AUTO, OPT_RETURN, OPT_REASON, OPT_IDS_FROM };

/* The fields a dispatch or a return may add to a record that lacks them. */
static const char *const sets[] = { "status", "department", "assignee",
	"dispatched_at", "assigned_at", "handed_at", "dispatches", "returns",
	"reason", "updated_at", NULL };

struct assign {
	struct common co;
	struct policy *pol;
	const char *dept, *to, *reason;
	int autoroute, ret;
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
		    where, *rec_str(t, "department") ? rec_str(t, "department") : "a department that returned it");
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

static int
change(void *arg, struct rec *t, const char *where)
{
	struct assign *a = arg;
	const char *status = rec_str(t, "status");
	char now[TIMEBUF];
	int changed = 0;

	a->selected++;
	time_format(a->co.now, now);
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
		return UPD_CHANGED;
	}
	const char *dept = a->dept;
	if (a->autoroute) {
		if (strcmp(status, "new") != 0) {
			warnx("%s: not routed: already assigned to %s", where, rec_str(t, "department"));
			a->unrouted++;
			return UPD_SAME;
		}
		if (ticket_count(t, "dispatches") > 0 && !a->reason) {
			warnx("%s: not routed: returned before; dispatch it with --reason", where);
			a->unrouted++;
			return UPD_SAME;
		}
		dept = policy_route(a->pol, t);
		if (!dept) {
			warnx("%s: not routed: no routing rule matches", where);
			a->unrouted++;
			return UPD_SAME;
		}
	}
	if (dept)
		changed = dispatch(a, t, where, dept, now);
	if (a->to) {
		if (strcmp(rec_str(t, "status"), "assigned") != 0)
			ticket_refuse(where, t, "a handover (--to) needs a dispatched ticket: give --dept too");
		if (changed || strcmp(rec_str(t, "assignee"), a->to) != 0) {
			rec_set(t, "assignee", a->to);
			rec_set(t, "handed_at", changed ? rec_str(t, "assigned_at") : now);
			changed = 1;
		}
	}
	return changed ? UPD_CHANGED : UPD_SAME;
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
		{ "dept", required_argument, NULL, OPT_DEPT },
		{ "to", required_argument, NULL, OPT_TO },
		{ "auto", no_argument, NULL, OPT_AUTO },
		{ "return", no_argument, NULL, OPT_RETURN },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "ids-from", required_argument, NULL, OPT_IDS_FROM },
		{ 0 }
	};
	struct assign a = { 0 };
	const char *ids_from = NULL;
	int ch;

	setprogname(argv[0]);
	common_init(&a.co, usage);
	while ((ch = getopt_long(argc, argv, COMMON_SHORT_OPTIONS, longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_DEPT: a.dept = optarg; break;
		case OPT_TO: a.to = optarg; break;
		case OPT_AUTO: a.autoroute = 1; break;
		case OPT_RETURN: a.ret = 1; break;
		case OPT_REASON: a.reason = optarg; break;
		case OPT_IDS_FROM: ids_from = optarg; break;
		default: common_option(&a.co, ch, optarg, help, argv);
		}
	}
	common_finish(&a.co);
	if (a.ret + a.autoroute + !!a.dept > 1)
		usage_error(NULL, "--dept, --auto and --return exclude each other");
	if (!a.ret && !a.autoroute && !a.dept && !a.to)
		usage_error(NULL, "nothing to do: give --dept, --to, --auto or --return");
	if (a.ret && a.to)
		usage_error(NULL, "--return takes the ticket from its department: no --to");
	if (a.ret && (!a.reason || !*a.reason))
		usage_error(NULL, "--return needs --reason (退单 must say why)");
	if (a.reason && !*a.reason)
		usage_error(NULL, "--reason: empty");
	if ((a.dept && !*a.dept) || (a.to && !*a.to))
		usage_error(NULL, "%s: empty", a.dept && !*a.dept ? "--dept" : "--to");
	a.pol = policy_load(a.co.config, a.co.store);
	const char *bad = a.dept ? policy_check_value(a.pol, "department", a.dept) : NULL;
	if (bad)
		usage_error(NULL, "--dept: \"%s\" is not one of %s", a.dept, bad);

	struct selection sel;
	selection_parse(&sel, &a.co, argv + optind, (size_t)(argc - optind), ids_from);
	if (selection_empty(&sel, &a.co))
		usage_error(NULL, "no ticket selected: give ids, --ids-from or --where (nothing is changed by accident)");
	struct update u = { .co = &a.co, .pol = a.pol, .sel = &sel, .sets = sets,
		.change = change, .on_changed = changed, .arg = &a };
	update_run(&u);
	if (a.co.store && !sel.from_stdin)
		fwrite(a.ids.s ? a.ids.s : "", 1, a.ids.len, stdout);
	fshut(stdout, "stdout");

	buf_free(&a.ids);
	idset_free(sel.ids);
	where_free(a.co.where);
	policy_free(a.pol);
	if (a.autoroute)
		return u.changed ? 0 : EX_NONE;
	return a.selected ? 0 : EX_NONE;
}
