/*
 * opts.c - the options every tool shares (SPEC §6), parsed in one place.
 *
 * Each tool lists COMMON_LONG_OPTIONS in its getopt_long table and hands
 * every option it does not know itself to common_option().  Values are
 * checked here once: a bad --now or --wait is a usage error (64), as is an
 * unknown option, with the tool's synopsis on standard error.
 */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

const char common_help[] = N_(
    "Common options:\n"
    "  -d, --dir DIR      the store (default: $CMP_STORE)\n"
    "      --config FILE  the policy (default: DIR/cmp.conf, /etc/cmp/cmp.conf)\n"
    "      --now TIME     the time to act at (default: $CMP_NOW, else the clock)\n"
    "      --actor NAME   who acts, for the journal (default: the login name)\n"
    "      --csv, --jsonl the output encoding (default: that of the input)\n"
    "      --where EXPR   select: f=v f!=v f~regex f<v f>v f<=v f>=v f=, comma-separated\n"
    "      --wait SECONDS how long to wait for the store lock (default: 10)\n"
    "      --excel-safe   CSV output: a ' before each cell a spreadsheet would run\n"
    "                     as a formula (=, +, -, @, TAB or CR first; not a number)\n"
    "  -h, --help         show this help\n"
    "      --version      show the version\n");

static const char *tool_usage;

_Noreturn void
usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	fputs(_(usage ? usage : tool_usage), stderr);
	leave(EX_USAGE);
}

/*
 * ARG, the value of option OPT, which becomes a field or a journal entry:
 * UTF-8, like every record (SPEC §3), or a usage error.  The value is not
 * echoed: it may be personal data (--name, --phone).
 */
const char *
text_arg(const char *opt, const char *arg)
{
	if (utf8_invalid(arg, strlen(arg)))
		usage_error(NULL, "%s: the value is not UTF-8 text", opt);
	return arg;
}

/* A number of seconds, fractions allowed, or a usage error. */
double
parse_seconds(const char *s, const char *what)
{
	char *end;

	errno = 0;
	double d = strtod(s, &end);
	if (!*s || *end || errno || !(d >= 0) || d > 1e6)
		usage_error(NULL, "%s: \"%s\": expected a number of seconds", what, s);
	return d;
}

/*
 * Defaults from the environment; USAGE is the tool's synopsis.  Records
 * are UTF-8 whatever the locale says, so regular expressions (--where
 * f~re) match characters, not bytes: a locale that is not UTF-8 is
 * replaced by C.UTF-8 for character classification.  Only LC_CTYPE and
 * (labels_init) LC_MESSAGES follow the environment: numbers are written
 * the C way in every language, never with a decimal comma.
 */
void
common_init(struct common *c, const char *usage)
{
	memset(c, 0, sizeof *c);
	tool_usage = usage;
	if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
	labels_init();
	time_local_tz_default();
	c->store = getenv("CMP_STORE");
	if (c->store && !*c->store)
		c->store = NULL;
	c->now_str = getenv("CMP_NOW");
	if (c->now_str && !*c->now_str)
		c->now_str = NULL;
	c->wait = 10;
	c->actor = getenv("LOGNAME");
	if (!c->actor || !*c->actor)
		c->actor = getenv("USER");
	if (!c->actor || !*c->actor) {
		struct passwd *pw = getpwuid(getuid());
		c->actor = pw ? pw->pw_name : "unknown";
	}
	opterr = 0;
}

/*
 * Handle option OPT (with ARG) if it is a common one and return 1, or 0
 * for the tool to handle.  HELP is the tool's own help text; -h prints it.
 * getopt_long's '?' and ':' become usage errors here.
 */
int
common_option(struct common *c, int opt, const char *arg, const char *help, char **argv)
{
	switch (opt) {
	case 'd':
		c->store = arg;
		return 1;
	case 0x100:
		c->config = arg;
		return 1;
	case 0x101:
		c->now_str = arg;
		return 1;
	case 0x102:
		if (!*arg)
			usage_error(NULL, "--actor: empty name");
		c->actor = text_arg("--actor", arg);
		return 1;
	case 0x103:
		c->out_fmt = FMT_CSV;
		return 1;
	case 0x104:
		c->out_fmt = FMT_JSONL;
		return 1;
	case 0x105: {
		struct buf err = { 0 };
		where_free(c->where);
		c->where = where_parse(arg, &err);
		if (!c->where)
			usage_error(NULL, "--where: %s", err.s);
		return 1;
	}
	case 0x106:
		c->wait = parse_seconds(arg, "--wait");
		return 1;
	case 'h':
		fputs(_(tool_usage), stdout);
		fputs(_(help), stdout);
		fputs(_(common_help), stdout);
		fshut(stdout, "stdout");
		exit(0);
	case 0x108:
		writer_excel_safe();
		return 1;
	case 0x109:
		c->complete = arg;
		return 1;
	case 0x10a:
		c->dry_run = 1;
		return 1;
	case 0x107:
		printf("%s (cmp) %s\n", progname, CMP_VERSION);
		fshut(stdout, "stdout");
		exit(0);
	case ':':
		usage_error(NULL, "option %s needs a value", argv[optind - 1]);
	case '?':
		if (optopt && optopt < 0x100)
			usage_error(NULL, "unknown option -%c", optopt);
		usage_error(NULL, "unknown option %s", argv[optind - 1]);
	}
	return 0;
}

/*
 * --complete WHAT, hidden: the words a value may take, one a line, for
 * the shell completions (completions/), from the definitions the tools
 * themselves use rather than lists copied into the scripts (SPEC §5:
 * rules as data).  WHAT is "fields" (the canonical fields), "by" (those
 * and the derived keys of --by), "stages" (of --stage), or a field name:
 * the values the policy (--config, -d's cmp.conf, ...) allows for it.
 */
static _Noreturn void
complete(const struct common *c)
{
	const char *what = c->complete;
	int by = strcmp(what, "by") == 0;

	if (by || strcmp(what, "fields") == 0) {
		for (size_t i = 0; i < ncanonical_fields; i++)
			puts(canonical_fields[i]);
		for (const char *const *k = period_kinds; by && *k; k++)
			puts(*k);
	} else if (strcmp(what, "stages") == 0) {
		for (int i = 0; stats_stage_name(i); i++)
			puts(stats_stage_name(i));
	} else {
		struct policy *p = policy_load(c->config, c->store);
		policy_print_values(p, what, stdout);
		policy_free(p);
	}
	fshut(stdout, "stdout");
	exit(0);
}

/*
 * After the options: the time to act at, from --now, CMP_NOW or the clock.
 * A given time is kept in full form (offset included) for the journal, so
 * that a replay in another time zone reads the same instant.  --dry-run
 * (DRY_RUN_OPTION, the mutating tools') makes every change a dry run.
 */
void
common_finish(struct common *c)
{
	static char given[TIMEBUF];

	if (c->complete)
		complete(c);
	if (c->now_str) {
		/* Name where the bad time came from: a cron job's environment, say. */
		const char *from = c->now_str == getenv("CMP_NOW") ? "CMP_NOW" : "--now";
		if (time_parse(c->now_str, &c->now) != 0)
			usage_error(NULL, "%s: \"%s\": expected a time such as 2026-11-22T09:30:00+08:00", from, c->now_str);
		c->now_str = time_format(c->now, given);
	} else
		c->now = time(NULL);
	if (c->dry_run)
		commit_set_dry(c->out_fmt);
}

/*
 * -s FIELD=VALUE into the record INTO, for a tool that lets ALLOWED
 * fields be set that way; any other field is a usage error saying WHY.
 */
void
set_option(struct rec *into, const char *arg, int (*allowed)(const char *field), const char *why)
{
	const char *eq = strchr(arg, '=');

	if (!eq || eq == arg)
		usage_error(NULL, "-s: \"%s\": expected FIELD=VALUE", arg);
	text_arg("-s", arg);
	char *name = xstrndup(arg, (size_t)(eq - arg));
	if (!allowed(name))
		usage_error(NULL, "-s: \"%s\": %s", name, why);
	rec_set(into, name, eq + 1);
	free(name);
}

/* VALUE of option OPT checked against the policy's list for FIELD (64). */
void
check_option(const struct policy *p, const char *opt, const char *field, const char *value)
{
	const char *bad = value ? policy_check_value(p, field, value) : NULL;

	if (bad)
		usage_error(NULL, "%s: \"%s\" is not one of %s", opt, value, bad);
}

/*
 * The comma-separated names of option OPT's value LIST (--fields, --by),
 * *N of them; an empty name is a usage error.  Free with names_free().
 */
char **
option_names(const char *list, size_t *n, const char *opt)
{
	char **v = NULL;

	*n = 0;
	for (const char *s = list;;) {
		size_t len = strcspn(s, ",");
		if (len == 0)
			usage_error(NULL, "%s: \"%s\": an empty field name", opt, list);
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = xstrndup(s, len);
		if (!s[len])
			return v;
		s += len + 1;
	}
}
