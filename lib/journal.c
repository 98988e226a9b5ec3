/*
 * journal.c - the journal line of one changed ticket (SPEC §4):
 * {"time", "now", "actor", "tool", "id", "changes": {"field": [old, new]}}.
 * "time" is the wall clock; "now" the --now a test or replay gave, else
 * null.  A created ticket has null old values and lists its non-empty
 * fields; a changed one lists the fields whose value changed.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

static json_t *
text(const struct field *f)
{
	return json_stringn_nocheck(f->val, f->vlen);
}

/* Append the journal line for ticket ID going from OLD (NULL: created) to NEW. */
void
journal_line(struct buf *out, const struct journal_ctx *ctx, const char *id, const struct rec *old, const struct rec *new)
{
	json_t *o = json_object(), *ch = json_object();
	char wall[TIMEBUF];

	json_object_set_new(o, "time", json_string(time_format(time(NULL), wall)));
	json_object_set_new(o, "now", ctx->now_given ? json_string(ctx->now_given) : json_null());
	json_object_set_new(o, "actor", json_string(ctx->actor));
	json_object_set_new(o, "tool", json_string(ctx->tool));
	json_object_set_new(o, "id", json_string(id));
	for (size_t i = 0; i < new->n; i++) {
		const struct field *f = &new->f[i];
		int k = old ? rec_index(old, f->name) : -1;
		if (!old) {
			if (f->vlen == 0)
				continue;
		} else if (k >= 0 && old->f[k].vlen == f->vlen && memcmp(old->f[k].val, f->val, f->vlen) == 0)
			continue;
		json_t *pair = json_array();
		json_array_append_new(pair, k >= 0 ? text(&old->f[k]) : json_null());
		json_array_append_new(pair, text(f));
		json_object_set_new_nocheck(ch, f->name, pair);
	}
	json_object_set_new(o, "changes", ch);
	char *s = json_dumps(o, JSON_COMPACT);
	buf_adds(out, s);
	buf_addc(out, '\n');
	free(s);
	json_decref(o);
}

/*
 * Reading the journal back: one change at a time, as the record
 * id, time, now, actor, tool, field, old, new (null read as empty), so
 * that cmp-ls --history streams a journal of any size.
 */
struct journal_in {
	struct input *in;	/* NULL: no journal yet */
	json_t *line;		/* the line being read, or NULL */
	void *iter;		/* the next change of LINE */
};

/* Open the journal at PATH; a store without one has an empty history. */
struct journal_in *
journal_open(const char *path)
{
	struct journal_in *j = xcalloc(1, sizeof *j);

	if (access(path, F_OK) == 0)
		j->in = input_open(path);
	return j;
}

void
journal_close(struct journal_in *j)
{
	if (!j)
		return;
	json_decref(j->line);
	if (j->in)
		input_close(j->in);
	free(j);
}

static void
set_json(struct rec *r, const char *name, json_t *v)
{
	if (json_is_string(v)) {
		size_t n = strlen(name);
		rec_add(r, name, n, json_string_value(v), json_string_length(v));
	} else if (!v || json_is_null(v))
		rec_add(r, name, strlen(name), "", 0);
	else {
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		rec_add(r, name, strlen(name), s, strlen(s));
		free(s);
	}
}

/*
 * The next change into CHANGE: 1, or 0 at the end.  A line that is not a
 * journal line stops the tool with "journal.jsonl:LINE: problem" (65).
 */
int
journal_next(struct journal_in *j, struct rec *change)
{
	while (!j->iter) {
		const char *s;
		size_t n;
		json_error_t err;
		json_decref(j->line);
		j->line = NULL;
		if (!j->in || !input_line(j->in, &s, &n))
			return 0;
		if (strspn(s, " \t\r\n") == n)
			continue;
		j->line = json_loadb(s, n, 0, &err);
		json_t *ch = j->line ? json_object_get(j->line, "changes") : NULL;
		if (!json_is_object(ch) || !json_is_string(json_object_get(j->line, "id")))
			die(EX_DATAERR, "%s:%ld: not a journal line%s%s", input_name(j->in), input_lineno(j->in),
			    j->line ? "" : ": ", j->line ? "" : json_problem(err.text));
		j->iter = json_object_iter(ch);
	}
	const char *field = json_object_iter_key(j->iter);
	json_t *pair = json_object_iter_value(j->iter);
	rec_clear(change);
	set_json(change, "id", json_object_get(j->line, "id"));
	set_json(change, "time", json_object_get(j->line, "time"));
	set_json(change, "now", json_object_get(j->line, "now"));
	set_json(change, "actor", json_object_get(j->line, "actor"));
	set_json(change, "tool", json_object_get(j->line, "tool"));
	rec_add(change, "field", 5, field, strlen(field));
	set_json(change, "old", json_array_get(pair, 0));
	set_json(change, "new", json_array_get(pair, 1));
	j->iter = json_object_iter_next(json_object_get(j->line, "changes"), j->iter);
	return 1;
}
