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
