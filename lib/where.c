/*
 * where.c - --where expressions (SPEC §4).
 *
 * Conditions separated by commas, all of which must hold:
 *   f=v  f!=v  f~regex (POSIX extended)  f<v  f>v  f<=v  f>=v  f= (empty)
 * A backslash makes the next character plain (\, is a comma inside a
 * value).  An absent field reads as empty.  The orders compare times as
 * times when both sides are times (a bare date is its midnight), numbers as
 * numbers when both are numbers, else bytes; an empty value is never less
 * or greater than anything, so "resolve_due<2026-12-01" skips tickets that
 * have no such deadline.
 */
#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

enum op { OP_EQ, OP_NE, OP_RE, OP_LT, OP_GT, OP_LE, OP_GE };

struct cond {
	char *field, *value;
	enum op op;
	regex_t re;
	int is_time, is_num;
	time_t t;
	double num;
};

struct where {
	struct cond *c;
	size_t n;
};

static int
as_number(const char *s, double *out)
{
	char *end;

	if (!*s)
		return 0;
	*out = strtod(s, &end);
	return *end == '\0';
}

/*
 * glibc's regcomp() writes a repeated part out once per repetition ("a+"
 * is "aa*", "a{1,3}" is "a(a(a)?)?") before it builds its automaton, and
 * takes time that grows much faster than what it wrote when repetitions
 * are stacked: "x{1,32767}" takes half a minute, "a*++++++++++++" or
 * "(((x*)*)*){1,1000}" as long, "a++++++++++++++++++++++++++++" or
 * "((a{255}){255}){255}" gigabytes too (found by tests/fuzz).  So the
 * size of RE written out is estimated first (each atom once,
 * alternatives added up) and a pattern beyond RE_MAX_SIZE, or with a
 * repetition of a repetition of a repetition, is refused: no --where
 * needs one.  Brackets and escapes are single atoms; a malformed pattern
 * is left for regcomp() to refuse.
 */
#define RE_MAX_SIZE 2000
#define RE_MAX_STACK 2	/* "(a+)*" is two repetitions stacked */
#define RE_MAX_DEPTH 50

static int
re_too_big(const char *re)
{
	/* Per open group: the size of its alternatives so far and of the
	 * current one; of the current one's last atom (what a repetition
	 * repeats) its size and the repetitions stacked on it; the most
	 * repetitions stacked on anything in the group. */
	struct { double alts, cur, last; int reps, maxreps; } g[RE_MAX_DEPTH + 1];
	int d = 0;

	memset(g, 0, sizeof g[0]);
	for (const char *p = re; *p; p++) {
		double atom = 1, times;
		int reps = 0;
		char *end;
		if (g[d].alts + g[d].cur > RE_MAX_SIZE)
			return 1;
		switch (*p) {
		case '(':
			if (d == RE_MAX_DEPTH)
				return 1;
			d++;
			memset(&g[d], 0, sizeof g[d]);
			continue;
		case ')':
			if (d == 0)
				break;
			atom = 1 + g[d].alts + g[d].cur;	/* "()" is a node too */
			reps = g[d].maxreps;
			d--;
			break;
		case '|':
			g[d].alts += g[d].cur;
			g[d].cur = g[d].last = 0;
			g[d].reps = 0;
			continue;
		case '*':
		case '?':
		case '+':
		case '{':
			times = *p == '+' ? 2 : 1;
			if (*p == '{') {
				/* {n}, {n,}, {n,m}, and glibc's {,m} */
				/* glibc reads "\," in a bound as "," (found by tests/fuzz). */
				end = (char *)p + 1;
				end += end[0] == '\\' && end[1] == ',';
				if (!isdigit((unsigned char)*end) && *end != ',')
					break;
				times = isdigit((unsigned char)*end) ? (double)strtol(end, &end, 10) : 0;
				end += end[0] == '\\' && end[1] == ',';
				if (*end == ',')
					times = isdigit((unsigned char)end[1]) ? (double)strtol(end + 1, &end, 10) : times + 1;
				if (*end != '}')
					break;
				p = end;
			}
			g[d].cur += g[d].last * (times - 1);
			g[d].last *= times;
			if (++g[d].reps > RE_MAX_STACK)
				return 1;
			if (g[d].reps > g[d].maxreps)
				g[d].maxreps = g[d].reps;
			continue;
		case '[':
			/* To the closing ']', which may come first or after '^', and
			 * past [:class:], [=equivalence=] and [.collating.] names. */
			p += p[1] == '^';
			p += p[1] == ']';
			while (p[1] && p[1] != ']') {
				p++;
				if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
					const char *close = strchr(p + 2, p[1]);
					if (close && close[1] == ']')
						p = close + 1;
				}
			}
			if (p[1])
				p++;
			break;
		case '\\':
			if (p[1])
				p++;
			break;
		}
		g[d].last = atom;
		g[d].cur += atom;
		g[d].reps = reps;
		if (reps > g[d].maxreps)
			g[d].maxreps = reps;
	}
	for (; d >= 0; d--)
		if (g[d].alts + g[d].cur > RE_MAX_SIZE)
			return 1;
	return 0;
}

static int
parse_cond(struct cond *c, const char *s, struct buf *err)
{
	size_t n = strcspn(s, "=!~<>");

	if (n == 0 || !s[n]) {
		buf_printf(err, _("\"%s\": expected FIELD=VALUE, FIELD!=VALUE, FIELD~REGEX, FIELD<VALUE or FIELD>VALUE"), s);
		return -1;
	}
	c->field = xstrndup(s, n);
	const char *p = s + n;
	if (p[0] == '!' && p[1] == '=')
		c->op = OP_NE, p += 2;
	else if (p[0] == '<' && p[1] == '=')
		c->op = OP_LE, p += 2;
	else if (p[0] == '>' && p[1] == '=')
		c->op = OP_GE, p += 2;
	else if (*p == '=')
		c->op = OP_EQ, p++;
	else if (*p == '~')
		c->op = OP_RE, p++;
	else if (*p == '<')
		c->op = OP_LT, p++;
	else if (*p == '>')
		c->op = OP_GT, p++;
	else {
		buf_printf(err, _("\"%s\": \"!\" must be followed by \"=\""), s);
		return -1;
	}
	c->value = xstrdup(p);
	if (c->op == OP_RE && re_too_big(c->value)) {
		buf_printf(err, _("\"%s\": regular expression too large once its repetitions are written out (over %d), or with repetitions stacked %d deep"), s, RE_MAX_SIZE, RE_MAX_STACK + 1);
		c->op = OP_EQ;
		return -1;
	}
	if (c->op == OP_RE) {
		int e = regcomp(&c->re, c->value, REG_EXTENDED | REG_NOSUB);
		if (e) {
			char msg[256];
			regerror(e, &c->re, msg, sizeof msg);
			buf_printf(err, _("\"%s\": bad regular expression: %s"), s, msg);
			c->op = OP_EQ;
			return -1;
		}
	}
	c->is_time = time_parse(c->value, &c->t) == 0;
	c->is_num = as_number(c->value, &c->num);
	return 0;
}

/* Parse EXPR; NULL with ERR set when it is malformed. */
struct where *
where_parse(const char *expr, struct buf *err)
{
	struct where *w = xcalloc(1, sizeof *w);
	struct buf part = { 0 };
	const char *p = expr;

	for (;;) {
		buf_reset(&part);
		while (*p && *p != ',') {
			if (*p == '\\' && p[1])
				p++;
			buf_addc(&part, *p++);
		}
		if (part.len == 0 && !*p && w->n > 0)
			break;
		w->c = xrealloc(w->c, (w->n + 1) * sizeof *w->c);
		memset(&w->c[w->n], 0, sizeof *w->c);
		if (parse_cond(&w->c[w->n++], part.s ? part.s : "", err) != 0) {
			buf_free(&part);
			where_free(w);
			return NULL;
		}
		if (!*p)
			break;
		p++;
	}
	buf_free(&part);
	return w;
}

void
where_free(struct where *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++) {
		if (w->c[i].op == OP_RE)
			regfree(&w->c[i].re);
		free(w->c[i].field);
		free(w->c[i].value);
	}
	free(w->c);
	free(w);
}

static int
order(const struct cond *c, const char *v)
{
	time_t t;
	double d;

	if (c->is_time && time_parse(v, &t) == 0)
		return (t > c->t) - (t < c->t);
	if (c->is_num && as_number(v, &d))
		return (d > c->num) - (d < c->num);
	int r = strcmp(v, c->value);
	return (r > 0) - (r < 0);
}

static int
match(const struct cond *c, const char *v)
{
	switch (c->op) {
	case OP_EQ:
		return strcmp(v, c->value) == 0;
	case OP_NE:
		return strcmp(v, c->value) != 0;
	case OP_RE:
		return regexec(&c->re, v, 0, NULL, 0) == 0;
	default:
		break;
	}
	if (!*v)
		return 0;
	int o = order(c, v);
	switch (c->op) {
	case OP_LT:
		return o < 0;
	case OP_GT:
		return o > 0;
	case OP_LE:
		return o <= 0;
	case OP_GE:
		return o >= 0;
	default:
		return 0;
	}
}

/* Does R meet every condition of W?  (A NULL W selects everything.) */
int
where_match(const struct where *w, const struct rec *r)
{
	if (!w)
		return 1;
	for (size_t i = 0; i < w->n; i++)
		if (!match(&w->c[i], rec_str(r, w->c[i].field)))
			return 0;
	return 1;
}
