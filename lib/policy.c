/*
 * policy.c - cmp.conf: the rules of a complaint centre as data (SPEC §5).
 *
 * The built-in defaults are the shipped share/cmp/cmp.conf, compiled in
 * (tools/embed), and parsed by the same code as a user's file, which is
 * laid over them: a key the file sets replaces the default, a list key
 * given again (or continued on an indented line) extends its list, and a
 * [routing…] or [escalation] section in the file replaces that part of the
 * defaults as a whole.  Which file: --config, else STORE/cmp.conf, else
 * /etc/cmp/cmp.conf, else the defaults alone.
 *
 * inih does the INI syntax.  Its Debian build has a fixed line buffer and
 * silently cuts longer lines, so lines are fed through our own reader,
 * which refuses an over-long line instead and counts lines for messages
 * (the Debian build does not pass line numbers to the handler).  Every
 * problem stops the tool with "FILE:LINE: problem" and exit 78.
 */
#include <ctype.h>
#include <ini.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

extern const char default_conf[];

enum sla_key { SLA_REGISTER, SLA_RETURN, SLA_DISPATCH, SLA_HANDOVER, SLA_REPLY,
	SLA_RESOLVE, SLA_FEEDBACK, SLA_VISIT, SLA_REVISIT, SLA_RERESOLVE,
	SLA_REPLY_BY, NSLA };
static const char *const sla_names[NSLA] = { "register", "return", "dispatch",
	"handover", "reply", "resolve", "feedback", "visit", "revisit",
	"reresolve", "reply_by" };

struct slaset {
	struct duration d[NSLA];	/* reply_by: n = 1 for "told" */
	unsigned char set[NSLA];
};

/* Precedence of [sla.FIELD.VALUE] sections, highest first (SPEC §5). */
enum { PRIO_CATEGORY, PRIO_OTHER, PRIO_VIP, PRIO_SEVERITY, NPRIO };

struct slaover {
	char *field, *value;
	int prio;
	struct slaset s;
};

struct list { char *key; char **v; size_t n; };

struct route { char *field; char *value; char *dept; };	/* field NULL: keyword */

struct policy {
	char id_prefix[33];
	enum fmt encoding;
	unsigned mode;
	unsigned weekend;
	struct list cal_files;
	char *cal_base;		/* directory that relative calendar paths are in */
	int cal_strict;
	struct calendar *cal;
	struct list *values;
	size_t nvalues;
	struct slaset sla;
	struct slaover *over;
	size_t nover;
	struct level *levels;
	size_t nlevels;
	struct route *routes;
	size_t nroutes;
	struct list require, mask, report_by;
	char *reveal_group;
	int log_reveal;
	long rank_min, cluster_min;
	char rank_by[32];
	char *cases;
	struct duration repeat_window;
	double targets[4];
	unsigned char target_set[4];
};

static const char *const target_names[4] = { "on_time_rate", "resolved_rate",
	"satisfied_rate", "reopen_rate" };

/* Parsing state of one file. */
struct parse {
	struct policy *p;
	const char *name;	/* for messages */
	int is_default;
	FILE *fp;
	const char *str;	/* the built-in text instead of a file */
	char *line;
	size_t linecap;
	long lineno;
	struct buf err;
	long errline;
	struct list seen;	/* "section\nkey" set by this file */
	int routing_cleared, levels_cleared;
};

static void
list_free(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->key);
	l->v = NULL;
	l->n = 0;
}

static void
list_push(struct list *l, const char *s, size_t n)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

static int
list_has(const struct list *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

/* Split a comma-separated VALUE into L, trimming spaces, skipping empties. */
static void
list_split(struct list *l, const char *value)
{
	const char *p = value;

	while (*p) {
		size_t n = strcspn(p, ",");
		const char *s = p, *e = p + n;
		while (s < e && isspace((unsigned char)*s))
			s++;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s)
			list_push(l, s, (size_t)(e - s));
		p += n;
		if (*p == ',')
			p++;
	}
}

static int
fail(struct parse *ps, const char *fmt, ...)
{
	fmt = _(fmt);
	if (ps->err.len == 0) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		buf_grow(&ps->err, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(ps->err.s, (size_t)n + 1, fmt, ap);
		va_end(ap);
		ps->err.len = (size_t)n;
		ps->errline = ps->lineno;
	}
	return 0;
}

/* Is this the first time this file sets SECTION/KEY?  (List keys replace then.) */
static int
first_in_file(struct parse *ps, const char *section, const char *key)
{
	char *k = xasprintf("%s\n%s", section, key);
	int first = !list_has(&ps->seen, k);

	if (first)
		list_push(&ps->seen, k, strlen(k));
	free(k);
	return first;
}

static void
set_list(struct parse *ps, struct list *l, const char *section, const char *key, const char *value)
{
	if (first_in_file(ps, section, key)) {
		char *keep = l->key;
		l->key = NULL;
		list_free(l);
		l->key = keep;
	}
	list_split(l, value);
}

static int
parse_yesno(struct parse *ps, const char *key, const char *value, int *out)
{
	if (strcmp(value, "yes") == 0)
		*out = 1;
	else if (strcmp(value, "no") == 0)
		*out = 0;
	else
		return fail(ps, "%s: \"%s\": expected yes or no", key, value);
	return 1;
}

static int
parse_count(struct parse *ps, const char *key, const char *value, long *out)
{
	char *end;
	long n = strtol(value, &end, 10);

	if (!isdigit((unsigned char)*value) || *end || n < 0 || n > INT_MAX)
		return fail(ps, "%s: \"%s\": expected a whole number", key, value);
	*out = n;
	return 1;
}

static int
sla_key_index(const char *name)
{
	for (int i = 0; i < NSLA; i++)
		if (strcmp(sla_names[i], name) == 0)
			return i;
	return -1;
}

static int
set_sla(struct parse *ps, struct slaset *s, const char *key, const char *value)
{
	int k = sla_key_index(key);

	if (k < 0)
		return fail(ps, "unknown key \"%s\" in an [sla] section", key);
	if (k == SLA_REPLY_BY) {
		if (strcmp(value, "note") != 0 && strcmp(value, "told") != 0)
			return fail(ps, "reply_by: \"%s\": expected note or told", value);
		s->d[k].unit = DUR_MIN;
		s->d[k].n = value[0] == 't';
	} else if (duration_parse(value, &s->d[k]) != 0)
		return fail(ps, "%s: bad duration \"%s\" (expected 0, 10m, 24h, 3d or 15wd)", key, value);
	s->set[k] = 1;
	return 1;
}

static struct slaover *
find_over(struct policy *p, const char *field, const char *value)
{
	for (size_t i = 0; i < p->nover; i++)
		if (strcmp(p->over[i].field, field) == 0 && strcmp(p->over[i].value, value) == 0)
			return &p->over[i];
	p->over = xrealloc(p->over, (p->nover + 1) * sizeof *p->over);
	struct slaover *o = &p->over[p->nover++];
	memset(o, 0, sizeof *o);
	o->field = xstrdup(field);
	o->value = xstrdup(value);
	o->prio = strcmp(field, "category") == 0 ? PRIO_CATEGORY :
	    strcmp(field, "vip") == 0 ? PRIO_VIP :
	    strcmp(field, "severity") == 0 ? PRIO_SEVERITY : PRIO_OTHER;
	return o;
}

static int
sla_section(struct parse *ps, const char *section, const char *key, const char *value)
{
	const char *rest = section + 4;	/* after "sla." */
	const char *dot = strchr(rest, '.');
	char *field;
	const char *val;

	if (!dot) {
		if (strcmp(rest, "vip") == 0)
			field = xstrdup("vip"), val = "yes";
		else if (strcmp(rest, "general") == 0 || strcmp(rest, "complex") == 0 || strcmp(rest, "urgent") == 0)
			field = xstrdup("severity"), val = rest;
		else
			return fail(ps, "unknown section [%s] (expected [sla.complex], [sla.urgent], [sla.vip] or [sla.FIELD.VALUE])", section);
	} else {
		field = xstrndup(rest, (size_t)(dot - rest));
		val = dot + 1;
		if (!*field || !*val) {
			free(field);
			return fail(ps, "bad section [%s]: expected [sla.FIELD.VALUE]", section);
		}
	}
	struct slaover *o = find_over(ps->p, field, val);
	free(field);
	return set_sla(ps, &o->s, key, value);
}

static int
weekend_mask(struct parse *ps, const char *value, unsigned *mask)
{
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	struct list l = { 0 };
	int ok = 1;

	list_split(&l, value);
	*mask = 0;
	for (size_t i = 0; i < l.n && ok; i++) {
		int d;
		for (d = 0; d < 7; d++)
			if (strcmp(l.v[i], days[d]) == 0)
				break;
		if (d == 7)
			ok = fail(ps, "weekend: \"%s\": expected sun, mon, tue, wed, thu, fri or sat", l.v[i]);
		else
			*mask |= 1u << d;
	}
	list_free(&l);
	/* No working day would be found after the calendar's last one. */
	if (ok && *mask == 0x7f)
		ok = fail(ps, "weekend: \"%s\": every day off leaves no working day to count", value);
	return ok;
}

static void
clear_routes(struct policy *p)
{
	for (size_t i = 0; i < p->nroutes; i++) {
		free(p->routes[i].field);
		free(p->routes[i].value);
		free(p->routes[i].dept);
	}
	free(p->routes);
	p->routes = NULL;
	p->nroutes = 0;
}

static void
clear_levels(struct policy *p)
{
	for (size_t i = 0; i < p->nlevels; i++)
		free(p->levels[i].name);
	free(p->levels);
	p->levels = NULL;
	p->nlevels = 0;
}

static int
routing(struct parse *ps, const char *section, const char *key, const char *value)
{
	struct policy *p = ps->p;
	const char *field = "category";

	if (!ps->is_default && !ps->routing_cleared) {
		clear_routes(p);
		ps->routing_cleared = 1;
	}
	if (section[7] == '.') {
		field = section + 8;
		if (!*field)
			return fail(ps, "bad section [%s]: expected [routing.FIELD]", section);
	}
	if (!*value)
		return fail(ps, "%s: no department given", key);
	p->routes = xrealloc(p->routes, (p->nroutes + 1) * sizeof *p->routes);
	struct route *r = &p->routes[p->nroutes++];
	r->field = strcmp(field, "keyword") == 0 ? NULL : xstrdup(field);
	r->value = xstrdup(key);
	r->dept = xstrdup(value);
	return 1;
}

static int
escalation(struct parse *ps, const char *key, const char *value)
{
	struct policy *p = ps->p;
	long level;
	char *end;

	if (!ps->is_default && !ps->levels_cleared) {
		clear_levels(p);
		ps->levels_cleared = 1;
	}
	level = strtol(key, &end, 10);
	if (!isdigit((unsigned char)*key) || *end || level < 1 || level > 99)
		return fail(ps, "escalation level \"%s\": expected a number from 1 to 99", key);
	size_t n = strcspn(value, " \t");
	char *dur = xstrndup(value, n);
	struct duration d;
	int bad = duration_parse(dur, &d) != 0 || !duration_is_set(&d);
	free(dur);
	if (bad)
		return fail(ps, "escalation level %ld: \"%s\": expected a threshold (0, 10m, 24h, 3d or 1wd) and a name", level, value);
	const char *name = value + n + strspn(value + n, " \t");
	for (size_t i = 0; i < p->nlevels; i++)
		if (p->levels[i].level == level) {
			free(p->levels[i].name);
			p->levels[i].d = d;
			p->levels[i].name = xstrdup(name);
			return 1;
		}
	p->levels = xrealloc(p->levels, (p->nlevels + 1) * sizeof *p->levels);
	p->levels[p->nlevels++] = (struct level){ level, d, xstrdup(name) };
	return 1;
}

static const char *const fixed_values[][5] = {
	{ "severity", "general", "complex", "urgent", NULL },
	{ "vip", "yes", "no", NULL },
	{ "status", "new", "assigned", "resolved", "closed" },
	{ "satisfaction", "satisfied", "basic", "dissatisfied", NULL },
	{ "feedback_channel", "phone", "sms", "email", NULL },
	{ "told_channel", "phone", "sms", "email", "counter" },
};

static int
values(struct parse *ps, const char *key, const char *value)
{
	struct policy *p = ps->p;

	for (size_t i = 0; i < sizeof fixed_values / sizeof *fixed_values; i++)
		if (strcmp(fixed_values[i][0], key) == 0)
			return fail(ps, "the values of %s are fixed by cmp and cannot be set", key);
	if (field_is_time(key) || strcmp(key, "id") == 0)
		return fail(ps, "%s is not a field with a list of values", key);
	struct list *l = NULL;
	for (size_t i = 0; i < p->nvalues; i++)
		if (strcmp(p->values[i].key, key) == 0)
			l = &p->values[i];
	if (!l) {
		p->values = xrealloc(p->values, (p->nvalues + 1) * sizeof *p->values);
		l = &p->values[p->nvalues++];
		memset(l, 0, sizeof *l);
		l->key = xstrdup(key);
	}
	set_list(ps, l, "values", key, value);
	return 1;
}

static int
store_key(struct parse *ps, const char *key, const char *value)
{
	struct policy *p = ps->p;

	if (strcmp(key, "id_prefix") == 0) {
		size_t n = strlen(value);
		if (n >= sizeof p->id_prefix || strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != n)
			return fail(ps, "id_prefix: \"%s\": expected up to 32 letters, digits, - or _", value);
		memcpy(p->id_prefix, value, n + 1);
	} else if (strcmp(key, "encoding") == 0) {
		if (strcmp(value, "csv") == 0)
			p->encoding = FMT_CSV;
		else if (strcmp(value, "jsonl") == 0)
			p->encoding = FMT_JSONL;
		else
			return fail(ps, "encoding: \"%s\": expected csv or jsonl", value);
	} else if (strcmp(key, "mode") == 0) {
		if (strcmp(value, "0600") == 0)
			p->mode = 0600;
		else if (strcmp(value, "0640") == 0)
			p->mode = 0640;
		else if (strcmp(value, "0660") == 0)
			p->mode = 0660;
		else
			return fail(ps, "mode: \"%s\": expected 0600, 0640 or 0660", value);
	} else
		return fail(ps, "unknown key \"%s\" in [store]", key);
	return 1;
}

static int
calendar_key(struct parse *ps, const char *key, const char *value)
{
	struct policy *p = ps->p;

	if (strcmp(key, "weekend") == 0)
		return weekend_mask(ps, value, &p->weekend);
	if (strcmp(key, "strict") == 0)
		return parse_yesno(ps, key, value, &p->cal_strict);
	if (strcmp(key, "file") == 0) {
		if (first_in_file(ps, "calendar", "file")) {
			list_free(&p->cal_files);
			free(p->cal_base);
			p->cal_base = NULL;
			if (!ps->is_default) {
				char *slash = strrchr(ps->name, '/');
				p->cal_base = slash ? xstrndup(ps->name, (size_t)(slash - ps->name)) : xstrdup(".");
			}
		}
		list_split(&p->cal_files, value);
		return 1;
	}
	return fail(ps, "unknown key \"%s\" in [calendar]", key);
}

static int
privacy_key(struct parse *ps, const char *key, const char *value)
{
	struct policy *p = ps->p;

	if (strcmp(key, "mask") == 0)
		set_list(ps, &p->mask, "privacy", key, value);
	else if (strcmp(key, "reveal") == 0) {
		free(p->reveal_group);
		p->reveal_group = *value ? xstrdup(value) : NULL;
	} else if (strcmp(key, "log") == 0) {
		if (strcmp(value, "reveal") != 0 && strcmp(value, "none") != 0)
			return fail(ps, "log: \"%s\": expected reveal or none", value);
		p->log_reveal = value[0] == 'r';
	} else
		return fail(ps, "unknown key \"%s\" in [privacy]", key);
	return 1;
}

static int
report_key(struct parse *ps, const char *key, const char *value)
{
	struct policy *p = ps->p;

	if (strcmp(key, "rank_min") == 0)
		return parse_count(ps, key, value, &p->rank_min);
	if (strcmp(key, "cluster_min") == 0)
		return parse_count(ps, key, value, &p->cluster_min);
	if (strcmp(key, "rank_by") == 0) {
		if (strcmp(value, "on_time_rate") != 0 && strcmp(value, "resolved_rate") != 0 && strcmp(value, "satisfied_rate") != 0)
			return fail(ps, "rank_by: \"%s\": expected on_time_rate, resolved_rate or satisfied_rate", value);
		snprintf(p->rank_by, sizeof p->rank_by, "%s", value);
		return 1;
	}
	if (strcmp(key, "by") == 0) {
		set_list(ps, &p->report_by, "report", key, value);
		return 1;
	}
	if (strcmp(key, "cases") == 0) {
		struct buf err = { 0 };
		if (*value) {
			struct where *w = where_parse(value, &err);
			if (!w) {
				fail(ps, "cases: %s", err.s);
				buf_free(&err);
				return 0;
			}
			where_free(w);
		}
		free(p->cases);
		p->cases = xstrdup(value);
		return 1;
	}
	if (strcmp(key, "repeat_window") == 0) {
		if (duration_parse(value, &p->repeat_window) != 0 || !duration_is_set(&p->repeat_window))
			return fail(ps, "repeat_window: bad duration \"%s\"", value);
		return 1;
	}
	return fail(ps, "unknown key \"%s\" in [report]", key);
}

static int
target_key(struct parse *ps, const char *key, const char *value)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(key, target_names[i]) == 0) {
			char *end;
			double v = strtod(value, &end);
			if (end == value || *end || !(v >= 0 && v <= 1))
				return fail(ps, "%s: \"%s\": expected a rate from 0 to 1", key, value);
			ps->p->targets[i] = v;
			ps->p->target_set[i] = 1;
			return 1;
		}
	return fail(ps, "unknown key \"%s\" in [targets] (expected on_time_rate, resolved_rate, satisfied_rate or reopen_rate)", key);
}

static int
handler(void *user, const char *section, const char *key, const char *value)
{
	struct parse *ps = user;
	struct policy *p = ps->p;

	if (ps->err.len)
		return 0;
	if (strcmp(section, "store") == 0)
		return store_key(ps, key, value);
	if (strcmp(section, "calendar") == 0)
		return calendar_key(ps, key, value);
	if (strcmp(section, "values") == 0)
		return values(ps, key, value);
	if (strcmp(section, "sla") == 0)
		return set_sla(ps, &p->sla, key, value);
	if (strncmp(section, "sla.", 4) == 0)
		return sla_section(ps, section, key, value);
	if (strcmp(section, "escalation") == 0)
		return escalation(ps, key, value);
	if (strcmp(section, "routing") == 0 || strncmp(section, "routing.", 8) == 0)
		return routing(ps, section, key, value);
	if (strcmp(section, "close") == 0) {
		if (strcmp(key, "require") != 0)
			return fail(ps, "unknown key \"%s\" in [close]", key);
		set_list(ps, &p->require, "close", key, value);
		return 1;
	}
	if (strcmp(section, "privacy") == 0)
		return privacy_key(ps, key, value);
	if (strcmp(section, "report") == 0)
		return report_key(ps, key, value);
	if (strcmp(section, "targets") == 0)
		return target_key(ps, key, value);
	if (!*section)
		return fail(ps, "key \"%s\" outside any section", key);
	return fail(ps, "unknown section [%s]", section);
}

/*
 * inih's line reader: the next line of the file or built-in text, or NULL
 * at the end.  A line longer than inih's buffer is an error, not cut.
 */
static char *
read_line(char *str, int num, void *stream)
{
	struct parse *ps = stream;
	size_t n;
	const char *src;

	if (ps->err.len)
		return NULL;
	if (ps->fp) {
		ssize_t len = getline(&ps->line, &ps->linecap, ps->fp);
		if (len < 0)
			return NULL;
		src = ps->line;
		n = (size_t)len;
	} else {
		if (!*ps->str)
			return NULL;
		src = ps->str;
		n = strcspn(src, "\n");
		if (src[n] == '\n')
			n++;
		ps->str += n;
	}
	ps->lineno++;
	if (n > (size_t)num - 1) {
		fail(ps, "line longer than %d bytes (continue a long list on indented lines)", num - 2);
		return NULL;
	}
	/* Names of departments, values and the like go into tickets. */
	if (utf8_invalid(src, n) || memchr(src, '\0', n)) {
		fail(ps, "not UTF-8 text");
		return NULL;
	}
	memcpy(str, src, n);
	str[n] = '\0';
	return str;
}

/*
 * Parse one file (FP) or the built-in text (STR) over P.  Return 0, or -1
 * with MSG saying "NAME:LINE: problem".
 */
static int
parse_one(struct policy *p, const char *name, FILE *fp, const char *str, struct buf *msg)
{
	struct parse ps = { .p = p, .name = name, .fp = fp, .str = str, .is_default = str != NULL };

	int r = ini_parse_stream(read_line, &ps, handler, &ps);
	if (!ps.err.len && r > 0) {
		ps.lineno = r;
		fail(&ps, "syntax error: expected [section], key = value, or a comment");
	}
	if (!ps.err.len && fp && ferror(fp))
		die(EX_CONFIG, "%s: read error:", name);
	r = ps.err.len ? -1 : 0;
	if (r)
		buf_printf(msg, "%s:%ld: %s", name, ps.errline, ps.err.s);
	ps.seen.key = NULL;
	list_free(&ps.seen);
	buf_free(&ps.err);
	free(ps.line);
	return r;
}

/*
 * Stop on a bad policy, exit 78, with nothing of it left allocated (a
 * fuzz target comes back from die() and goes on): MSG is static.
 */
static _Noreturn void
refuse(struct policy *p, const struct buf *msg)
{
	policy_free(p);
	die(EX_CONFIG, "%s", msg->s);
}

static void
load_calendar(struct policy *p, struct buf *msg)
{
	p->cal = calendar_new(p->weekend, p->cal_strict);
	for (size_t i = 0; i < p->cal_files.n; i++) {
		const char *f = p->cal_files.v[i];
		char *path;
		if (!strchr(f, '/')) {
			char *dir = path_join(share_dir(), "calendars");
			char *file = xasprintf("%s.txt", f);
			path = path_join(dir, file);
			free(dir);
			free(file);
		} else if (f[0] != '/' && p->cal_base)
			path = path_join(p->cal_base, f);
		else
			path = xstrdup(f);
		struct buf err = { 0 };
		int r = calendar_load(p->cal, path, &err);
		if (r < 0)
			buf_adds(msg, err.s);
		if (r > 0)
			buf_printf(msg, "%s:%d: %s", path, r, err.s);
		free(path);
		buf_free(&err);
		if (r)
			refuse(p, msg);
	}
}

/*
 * The policy for a tool: built-in defaults, overlaid by CONFIG if given
 * (it must exist), else by STORE/cmp.conf or /etc/cmp/cmp.conf if one
 * exists.  Any problem exits 78.
 */
struct policy *
policy_load(const char *config, const char *store)
{
	static struct buf msg;
	struct policy *p = xcalloc(1, sizeof *p);
	char *path = NULL;

	buf_reset(&msg);
	if (parse_one(p, "built-in defaults", NULL, default_conf, &msg))
		refuse(p, &msg);
	if (config)
		path = xstrdup(config);
	else if (store && (path = path_join(store, "cmp.conf")) && access(path, F_OK) != 0) {
		free(path);
		path = NULL;
	}
	if (!path && !config && access("/etc/cmp/cmp.conf", F_OK) == 0)
		path = xstrdup("/etc/cmp/cmp.conf");
	if (path) {
		FILE *fp = fopen(path, "r");
		if (!fp)
			die(EX_CONFIG, "%s:", path);
		int r = parse_one(p, path, fp, NULL, &msg);
		fclose(fp);
		free(path);
		if (r)
			refuse(p, &msg);
	}
	load_calendar(p, &msg);
	return p;
}

void
policy_free(struct policy *p)
{
	if (!p)
		return;
	calendar_free(p->cal);
	list_free(&p->cal_files);
	free(p->cal_base);
	for (size_t i = 0; i < p->nvalues; i++)
		list_free(&p->values[i]);
	free(p->values);
	for (size_t i = 0; i < p->nover; i++) {
		free(p->over[i].field);
		free(p->over[i].value);
	}
	free(p->over);
	clear_levels(p);
	clear_routes(p);
	list_free(&p->require);
	list_free(&p->mask);
	list_free(&p->report_by);
	free(p->reveal_group);
	free(p->cases);
	free(p);
}

const char *
policy_id_prefix(const struct policy *p)
{
	return p->id_prefix;
}

enum fmt
policy_encoding(const struct policy *p)
{
	return p->encoding;
}

unsigned
policy_file_mode(const struct policy *p)
{
	return p->mode;
}

struct calendar *
policy_calendar(const struct policy *p)
{
	return p->cal;
}

/* The duration of key K for T into *D; *FROM, if not NULL, gets the
 * section that gave it (NULL: [sla]). */
static int
lookup(const struct policy *p, const struct rec *t, int k, struct duration *d, const struct slaover **from)
{
	if (from)
		*from = NULL;
	for (int prio = 0; prio < NPRIO; prio++)
		for (size_t i = 0; i < p->nover; i++) {
			const struct slaover *o = &p->over[i];
			if (o->prio != prio || !o->s.set[k])
				continue;
			const char *v = rec_str(t, o->field);
			if (prio == PRIO_VIP && !*v)
				v = "no";
			if (prio == PRIO_SEVERITY && !*v)
				v = "general";
			if (strcmp(v, o->value) == 0) {
				*d = o->s.d[k];
				if (from)
					*from = o;
				return 1;
			}
		}
	if (p->sla.set[k]) {
		*d = p->sla.d[k];
		return 1;
	}
	d->unit = DUR_NONE;
	return 0;
}

/*
 * The duration of KEY (register, dispatch, reply, resolve, …) for TICKET,
 * by the precedence of SPEC §5; D's unit is DUR_NONE where the stage does
 * not exist.  reresolve falls back to revisit.  "reply_by" gives n = 1 for
 * told, 0 for note.  Return -1 for an unknown key.
 */
int
policy_sla(const struct policy *p, const struct rec *ticket, const char *key, struct duration *d)
{
	int k = sla_key_index(key);

	if (k < 0)
		return -1;
	lookup(p, ticket, k, d, NULL);
	if (k == SLA_RERESOLVE && !duration_is_set(d))
		lookup(p, ticket, SLA_REVISIT, d, NULL);
	return 0;
}

/*
 * As policy_sla, and the rule that gave the duration, as the policy
 * file writes it, appended to RULE: "[sla.severity.complex] resolve =
 * 15wd", or "[sla] reresolve is empty: [sla] revisit = 48h".
 */
int
policy_sla_rule(const struct policy *p, const struct rec *ticket, const char *key, struct duration *d, struct buf *rule)
{
	int k = sla_key_index(key);
	const struct slaover *o;
	char text[32];

	if (k < 0)
		return -1;
	lookup(p, ticket, k, d, &o);
	if (k == SLA_RERESOLVE && !duration_is_set(d)) {
		buf_printf(rule, "reresolve is empty: ");
		k = SLA_REVISIT;
		lookup(p, ticket, k, d, &o);
	}
	if (o)
		buf_printf(rule, "[sla.%s.%s] ", o->field, o->value);
	else
		buf_adds(rule, "[sla] ");
	buf_printf(rule, "%s = %s", sla_names[k], duration_format(d, text, sizeof text));
	return 0;
}

/*
 * Check VALUE against the values allowed for FIELD: cmp's fixed lists
 * (severity, vip, status, …) and the policy's [values].  Return NULL when
 * it is allowed (an empty value always is), else the allowed values as
 * text for the message (valid until the next call).
 */
const char *
policy_check_value(const struct policy *p, const char *field, const char *value)
{
	static struct buf msg;

	if (!*value)
		return NULL;
	buf_reset(&msg);
	for (size_t i = 0; i < sizeof fixed_values / sizeof *fixed_values; i++) {
		if (strcmp(fixed_values[i][0], field) != 0)
			continue;
		for (int j = 1; j < 5 && fixed_values[i][j]; j++) {
			if (strcmp(fixed_values[i][j], value) == 0)
				return NULL;
			buf_printf(&msg, "%s%s", j > 1 ? ", " : "", fixed_values[i][j]);
		}
		return msg.s;
	}
	for (size_t i = 0; i < p->nvalues; i++) {
		if (strcmp(p->values[i].key, field) != 0)
			continue;
		if (list_has(&p->values[i], value))
			return NULL;
		for (size_t j = 0; j < p->values[i].n; j++)
			buf_printf(&msg, "%s%s", j ? ", " : "", p->values[i].v[j]);
		return msg.len ? msg.s : "(none)";
	}
	return NULL;
}

/*
 * The values allowed for FIELD, one a line on OUT, as policy_check_value
 * knows them: nothing for a field without a list.  For --complete.
 */
void
policy_print_values(const struct policy *p, const char *field, FILE *out)
{
	for (size_t i = 0; i < sizeof fixed_values / sizeof *fixed_values; i++)
		if (strcmp(fixed_values[i][0], field) == 0) {
			for (int j = 1; j < 5 && fixed_values[i][j]; j++)
				fprintf(out, "%s\n", fixed_values[i][j]);
			return;
		}
	for (size_t i = 0; i < p->nvalues; i++)
		if (strcmp(p->values[i].key, field) == 0)
			for (size_t j = 0; j < p->values[i].n; j++)
				fprintf(out, "%s\n", p->values[i].v[j]);
}

/*
 * The values allowed for FIELD, *N of them (the list policy_check_value
 * checks against), or NULL when any value is: for the schema of cmp-ls
 * --schema, which must say what the tools accept.
 */
const char *const *
policy_values(const struct policy *p, const char *field, size_t *n)
{
	for (size_t i = 0; i < sizeof fixed_values / sizeof *fixed_values; i++) {
		if (strcmp(fixed_values[i][0], field) != 0)
			continue;
		for (*n = 0; *n < 4 && fixed_values[i][*n + 1]; ++*n)
			;
		return &fixed_values[i][1];
	}
	for (size_t i = 0; i < p->nvalues; i++)
		if (strcmp(p->values[i].key, field) == 0) {
			*n = p->values[i].n;
			return (const char *const *)p->values[i].v;
		}
	*n = 0;
	return NULL;
}

/* The I-th field [values] lists, in the order of the policy; NULL after the last. */
const char *
policy_values_field(const struct policy *p, size_t i)
{
	return i < p->nvalues ? p->values[i].key : NULL;
}

int
policy_is_masked(const struct policy *p, const char *field)
{
	return list_has(&p->mask, field);
}

const char *
policy_reveal_group(const struct policy *p)
{
	return p->reveal_group;
}

int
policy_log_reveal(const struct policy *p)
{
	return p->log_reveal;
}

static int
level_order(const void *a, const void *b)
{
	const struct level *x = a, *y = b;

	return (x->level > y->level) - (x->level < y->level);
}

/*
 * The escalation levels of [escalation], lowest first: *N of them, each a
 * level number, its threshold past the deadline and who is told.
 */
const struct level *
policy_levels(struct policy *p, size_t *n)
{
	if (p->nlevels > 1)
		qsort(p->levels, p->nlevels, sizeof *p->levels, level_order);
	*n = p->nlevels;
	return p->levels;
}

static int
route_matches(const struct route *r, const struct rec *t)
{
	if (!r->field)
		return strstr(rec_str(t, "summary"), r->value) != NULL;
	return strcmp(rec_str(t, r->field), r->value) == 0;
}

/*
 * The department the routing rules give ticket T, or NULL: a keyword in
 * the summary first, then [routing.FIELD] sections in file order, then
 * the category ([routing]) - the first match wins (SPEC §5).
 */
const char *
policy_route(const struct policy *p, const struct rec *t)
{
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < p->nroutes; i++) {
			const struct route *r = &p->routes[i];
			int kind = !r->field ? 0 : strcmp(r->field, "category") != 0 ? 1 : 2;
			if (kind == pass && route_matches(r, t))
				return r->dept;
		}
	return NULL;
}

/* The fields cmp-close --resolution needs ([close] require). */
char **
policy_close_require(const struct policy *p, size_t *n)
{
	*n = p->require.n;
	return p->require.v;
}

/* How soon after another a complaint is a repeat ([report] repeat_window). */
void
policy_repeat_window(const struct policy *p, struct duration *d)
{
	*d = p->repeat_window;
}

/* Departments with fewer tickets than this are not ranked ([report] rank_min). */
long
policy_rank_min(const struct policy *p)
{
	return p->rank_min;
}

/* The rate departments are ranked by ([report] rank_by), e.g. on_time_rate. */
const char *
policy_rank_by(const struct policy *p)
{
	return p->rank_by;
}

/* The fields the report breaks its figures down by ([report] by). */
char **
policy_report_by(const struct policy *p, size_t *n)
{
	*n = p->report_by.n;
	return p->report_by.v;
}

/* The --where expression of the typical cases ([report] cases), or NULL. */
const char *
policy_cases(const struct policy *p)
{
	return p->cases && *p->cases ? p->cases : NULL;
}

/* Tickets of one region, category and day that make a mass complaint. */
long
policy_cluster_min(const struct policy *p)
{
	return p->cluster_min;
}

/*
 * The target of RATE (on_time_rate, resolved_rate, satisfied_rate or
 * reopen_rate) into *V: 1 when [targets] sets one, else 0.
 */
int
policy_target(const struct policy *p, const char *rate, double *v)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(target_names[i], rate) == 0 && p->target_set[i]) {
			*v = p->targets[i];
			return 1;
		}
	return 0;
}
