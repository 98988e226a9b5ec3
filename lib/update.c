/*
 * update.c - change tickets: the loop every mutating tool shares.
 *
 * With a store (SPEC §4): under the exclusive lock, the open file is read
 * one ticket at a time and written anew; each selected ticket goes through
 * the tool's change, and a changed one gets updated_at and a journal line,
 * or moves to archive/YYYY-MM by its closed_at (under the month's header,
 * widened if the ticket brings a field it lacks: an imported log's extra
 * column, say).  The new open file, the archive rows and the journal lines
 * are one commit (commit.c): all of it or none; a dry run shows each
 * changed ticket instead (store_show).  A ticket named but not open is refused, a closed one by name,
 * and then nothing at all is written.
 *
 * Without a store (or with "-"), it is a filter: every record of the input
 * is written to standard output, the selected ones changed.
 *
 * The CSV header of what is written is known before the first record: the
 * input's, then the canonical fields and the fields the tool declares it may
 * set, so that no record is refused half-way.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

/*
 * One archive month touched by this change: its tickets are held until the
 * end, when the fields they bring are known, so that the month's file is
 * appended to, or rewritten under a header widened by them (store_out_begin).
 */
struct month {
	char *file;		/* archive/2026-11.csv */
	struct rec **recs;
	size_t n;
};

struct run {
	struct update *u;
	struct month *months;
	size_t nmonths;
	char **header;		/* the CSV header of the output */
	size_t nheader;
	struct buf journal;
	struct journal_ctx jc;	/* chains the lines of JOURNAL */
	struct rec *old;	/* the ticket as last journaled */
	int stepped;		/* update_step journaled part of this change */
	struct buf err;
};

/* The output header: the input's, then the fields we may add. */
static void
make_header(struct run *r, char **in, size_t nin, int canonical)
{
	for (size_t i = 0; i < nin; i++)
		names_union(&r->header, &r->nheader, in[i]);
	for (size_t i = 0; canonical && i < ncanonical_fields; i++)
		names_union(&r->header, &r->nheader, canonical_fields[i]);
	for (size_t i = 0; r->u->sets && r->u->sets[i]; i++)
		names_union(&r->header, &r->nheader, r->u->sets[i]);
	for (size_t i = 0; i < r->u->nextra; i++)
		names_union(&r->header, &r->nheader, r->u->extra[i]);
}

static int
selected(struct update *u, const struct rec *t)
{
	if (u->sel->ids && !idset_mark(u->sel->ids, rec_str(t, "id")))
		return 0;
	return !u->co->where || where_match(u->co->where, t);
}

/* Hold closed ticket T for its archive month. */
static void
archive_later(struct run *r, struct store *s, const struct rec *t)
{
	time_t closed;
	struct tm tm;
	struct month *m = NULL;

	if (!ticket_time(t, "closed_at", &closed))
		die(EX_SOFTWARE, "%s: archived without closed_at", rec_str(t, "id"));
	local_tm(closed, &tm);
	char *file = xasprintf("archive/%04d-%02d.%s", tm.tm_year + 1900, tm.tm_mon + 1,
	    s->fmt == FMT_JSONL ? "jsonl" : "csv");
	for (size_t i = 0; i < r->nmonths && !m; i++)
		if (strcmp(r->months[i].file, file) == 0)
			m = &r->months[i];
	if (m)
		free(file);
	else {
		r->months = xrealloc(r->months, (r->nmonths + 1) * sizeof *r->months);
		m = &r->months[r->nmonths++];
		*m = (struct month){ file, NULL, 0 };
	}
	m->recs = xrealloc(m->recs, (m->n + 1) * sizeof *m->recs);
	m->recs[m->n] = rec_new();
	rec_copy(m->recs[m->n++], t);
}

/* Add the tickets held for month M to its file as part of the change C. */
static void
archive_month(struct store *s, struct commit *c, struct month *m)
{
	struct idset *names = idset_new();	/* a set: a month may get many tickets */

	for (size_t i = 0; i < m->n; i++)
		for (size_t f = 0; f < m->recs[i]->n; f++)
			idset_add(names, m->recs[i]->f[f].name);
	struct store_out *o = store_out_begin(s, c, m->file, idset_order(names), idset_count(names));
	for (size_t i = 0; i < m->n; i++) {
		store_out_put(o, m->recs[i]);
		rec_free(m->recs[i]);
	}
	store_out_end(o);
	idset_free(names);
	free(m->recs);
	free(m->file);
}

/*
 * Put the selected ticket T through the change; return what became of it.
 * WHERE names it in messages.
 */
static int
change_one(struct run *r, struct rec *t, const char *where)
{
	struct update *u = r->u;
	char now[TIMEBUF];

	rec_copy(r->old, t);
	r->stepped = 0;
	int what = u->change(u->arg, t, where);
	if (what == UPD_SAME || (!r->stepped && rec_same_values(r->old, t)))
		return UPD_SAME;
	rec_set(t, "updated_at", time_format(u->co->now, now));
	update_step(u, t);
	u->changed++;
	if (u->on_changed)
		u->on_changed(u->arg, t);
	return what;
}

/*
 * Journal the change of T made so far as a line of its own.  A change
 * calls this between steps when a later step undoes what an earlier one
 * recorded (feedback given, then a dissatisfied visit that reopens and
 * clears it): the journal keeps both, as SPEC §6 asks.
 */
void
update_step(struct update *u, const struct rec *t)
{
	struct run *r = u->run;

	if (!u->co->store || u->sel->from_stdin || rec_same_values(r->old, t))
		return;
	journal_line(&r->journal, &r->jc, rec_str(t, "id"), r->old, t);
	rec_copy(r->old, t);
	r->stepped = 1;
}

/* Name every ticket asked for and not open; return whether there was one. */
static int
refuse_unknown(struct update *u, struct store *s)
{
	size_t pos = 0;
	const char *id;
	int any = 0;
	struct idset *closed = idset_new();

	if (u->sel->ids && idset_next_unmarked(u->sel->ids, &pos)) {
		size_t nf;
		char **files = store_files(s, 1, &nf);
		struct stream *st = stream_open(files, nf);
		struct rec *t = rec_new();
		while (stream_next(st, t))
			if (strcmp(rec_str(t, "status"), "closed") == 0)
				idset_add(closed, rec_str(t, "id"));
		rec_free(t);
		stream_close(st);
		for (size_t i = 0; i < nf; i++)
			free(files[i]);
		free(files);
	}
	pos = 0;
	while (u->sel->ids && (id = idset_next_unmarked(u->sel->ids, &pos))) {
		if (idset_has(closed, id))
			warnx("%s: closed: a closed ticket is never changed (register a new complaint)", id);
		else
			warnx("%s: no such ticket", id);
		any = 1;
	}
	idset_free(closed);
	return any;
}

static void
in_store(struct run *r)
{
	struct update *u = r->u;
	struct store *s = store_open(u->co->store, STORE_WRITE, u->co->wait, u->pol);
	u->fmt = s->fmt;
	r->jc = (struct journal_ctx){ u->co->actor, progname, u->co->now_str, "" };
	journal_chain(&r->jc, s->dir);
	struct commit *c = commit_begin(s->dir, policy_file_mode(u->pol));
	size_t nf;
	char **files = store_files(s, 0, &nf);
	size_t nh = 0;
	char **h = s->fmt == FMT_CSV ? store_union_header(files, nf, &nh) : NULL;

	make_header(r, h, nh, 1);
	for (size_t i = 0; i < nh; i++)
		free(h[i]);
	free(h);
	const char *open_file = s->fmt == FMT_JSONL ? "open.jsonl" : "open.csv";
	struct writer *w = writer_new(commit_replace(c, open_file), s->fmt);
	writer_set_header(w, r->header, r->nheader);
	struct stream *st = stream_open(files, nf);
	struct rec *t = rec_new();
	while (stream_next(st, t)) {
		int what = UPD_SAME;
		if (selected(u, t)) {
			char *where = xasprintf("%s", rec_str(t, "id"));
			what = change_one(r, t, where);
			free(where);
		}
		if (what != UPD_SAME && !u->prints_changed)
			store_show(s, c, r->header, r->nheader, t);
		if (what == UPD_ARCHIVE)
			archive_later(r, s, t);
		else if (writer_put(w, t, &r->err) != 0)
			die(EX_DATAERR, "%s: %s", rec_str(t, "id"), r->err.s);
	}
	rec_free(t);
	stream_close(st);
	if (refuse_unknown(u, s))
		leave(EX_DATAERR);
	writer_free(w);
	if (u->changed) {
		for (size_t i = 0; i < r->nmonths; i++)
			archive_month(s, c, &r->months[i]);
		commit_append(c, "journal.jsonl", r->journal.s, r->journal.len);
		commit_finish(c);
	} else
		commit_abandon(c);
	for (size_t i = 0; i < nf; i++)
		free(files[i]);
	free(files);
	store_close(s);
}

/*
 * The filter: every input record out, the selected ones changed.  JSON
 * Lines has no header: CSV output then takes the first record's fields.
 */
static void
as_filter(struct run *r, char **inputs, size_t n)
{
	struct update *u = r->u;
	struct stream *st = stream_open(inputs, n);
	enum fmt fmt = u->co->out_fmt ? u->co->out_fmt : stream_format(st);
	struct writer *w = writer_new(stdout, fmt);
	size_t nh = 0;
	char **h = stream_header(st, &nh);
	struct rec *t = rec_new();
	int more = stream_next(st, t);

	if (!h && more) {
		h = xcalloc(t->n, sizeof *h);
		for (size_t i = 0; i < t->n; i++)
			h[nh++] = t->f[i].name;
		make_header(r, h, nh, 0);
		free(h);
	} else
		make_header(r, h, nh, 0);
	if (fmt != FMT_JSONL)
		writer_set_header(w, r->header, r->nheader);
	for (; more; more = stream_next(st, t)) {
		if (selected(u, t)) {
			char *where = xasprintf("%s:%ld", stream_name(st), t->line);
			change_one(r, t, where);
			free(where);
		}
		if (writer_put(w, t, &r->err) != 0)
			die(EX_DATAERR, "%s:%ld: %s", stream_name(st), t->line, r->err.s);
	}
	size_t pos = 0;
	const char *id;
	int unknown = 0;
	while (u->sel->ids && (id = idset_next_unmarked(u->sel->ids, &pos))) {
		warnx("%s: no such ticket in the input", id);
		unknown = 1;
	}
	if (unknown)
		leave(EX_DATAERR);
	writer_free(w);
	rec_free(t);
	stream_close(st);
}

/*
 * Run the update U (see cmp.h): on the store, or as a filter over the
 * input files of the selection, or standard input where "-" stands for
 * the store.
 */
void
update_run(struct update *u)
{
	struct run r = { .u = u };
	static char *stdin_only[] = { "-" };

	u->run = &r;
	r.old = rec_new();
	if (u->co->store && !u->sel->from_stdin)
		in_store(&r);
	else if (u->sel->from_stdin)
		as_filter(&r, stdin_only, 1);
	else
		as_filter(&r, u->sel->files, u->sel->nfiles);
	names_free(r.header, r.nheader);
	free(r.months);
	buf_free(&r.journal);
	buf_free(&r.err);
	rec_free(r.old);
}
