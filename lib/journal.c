/*
 * journal.c - the journal line of one changed ticket (SPEC §4):
 * {"prev", "time", "now", "actor", "tool", "id", "changes": {"field": [old,
 * new]}}.  "time" is the wall clock; "now" the --now a test or replay gave,
 * else null.  A created ticket has null old values and lists its non-empty
 * fields; a changed one lists the fields whose value changed.
 *
 * "prev" chains the lines (SPEC §9): the SHA-256, in lower-case hex, of
 * the bytes of the line before it without its newline; the first line of
 * a journal has 64 zeros.  A writer learns the last line's hash under the
 * exclusive lock, after any crashed change is completed (journal_chain),
 * so the lines it appends follow the journal as it stands, and a change
 * applied again after a crash appends the same bytes at the same place.
 */
#include <errno.h>
#include <fcntl.h>
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

const char journal_origin[2 * SHA256_LEN + 1] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/*
 * Set CTX->prev to the hash of the last line of the journal of the store
 * DIR (the origin when there is none), to chain the lines the change
 * appends.  Call under the store's exclusive lock: the last line is read
 * backwards from the end, so the journal's size does not matter.
 */
void
journal_chain(struct journal_ctx *ctx, const char *dir)
{
	char *path = path_join(dir, "journal.jsonl");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char chunk[65536];

	memcpy(ctx->prev, journal_origin, sizeof ctx->prev);
	if (fd < 0) {
		if (errno != ENOENT)
			die(EX_IOERR, "%s:", path);
		free(path);
		return;
	}
	off_t end = lseek(fd, 0, SEEK_END), start = 0;
	if (end < 0)
		die(EX_IOERR, "%s:", path);
	if (end == 0) {
		close(fd);
		free(path);
		return;
	}
	/* The last line: to its newline, from the byte after the newline before. */
	if (pread(fd, chunk, 1, end - 1) != 1)
		die(EX_IOERR, "%s: read error:", path);
	if (chunk[0] == '\n')
		end--;
	for (off_t pos = end; pos > 0 && !start;) {
		size_t want = pos < (off_t)sizeof chunk ? (size_t)pos : sizeof chunk;
		pos -= (off_t)want;
		if (pread(fd, chunk, want, pos) != (ssize_t)want)
			die(EX_IOERR, "%s: read error:", path);
		for (size_t i = want; i-- > 0 && !start;)
			if (chunk[i] == '\n')
				start = pos + (off_t)i + 1;
	}
	struct sha256 h;
	unsigned char d[SHA256_LEN];
	sha256_begin(&h);
	for (off_t pos = start; pos < end;) {
		size_t want = end - pos < (off_t)sizeof chunk ? (size_t)(end - pos) : sizeof chunk;
		if (pread(fd, chunk, want, pos) != (ssize_t)want)
			die(EX_IOERR, "%s: read error:", path);
		sha256_add(&h, chunk, want);
		pos += (off_t)want;
	}
	sha256_end(&h, d);
	sha256_hex(d, ctx->prev);
	close(fd);
	free(path);
}

/*
 * Append the journal line for ticket ID going from OLD (NULL: created) to
 * NEW, chained to CTX->prev, which then becomes this line's hash.
 */
void
journal_line(struct buf *out, struct journal_ctx *ctx, const char *id, const struct rec *old, const struct rec *new)
{
	json_t *o = json_object(), *ch = json_object();
	char wall[TIMEBUF];
	unsigned char d[SHA256_LEN];

	json_object_set_new(o, "prev", json_string(ctx->prev));
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
	sha256_of(s, strlen(s), d);
	sha256_hex(d, ctx->prev);
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
