/*
 * verify.c - cmp-ls --verify (SPEC §9): is the store what its journal
 * says, and is the journal what was written?
 *
 * Two passes, each streaming.  The journal, line by line: each line's
 * "prev" must be the SHA-256 of the line before it (of 64 zeros for the
 * first), and each change must start from the value the earlier lines
 * left (a created ticket from nothing); replaying the changes gives every
 * ticket's fields, held once per ticket, never the journal itself.  Then
 * the store, record by record, archive months oldest first, then the open
 * file: each record must be a ticket of the journal, once, in the file
 * its replayed state puts it in (closed: the archive month of closed_at),
 * with exactly the replayed values (an absent field is an empty one).
 * Last, every ticket of the journal must have had its record.
 *
 * The first disagreement stops with 65, naming the journal line or the
 * store record (file:line) and the field, values masked as in a table.
 * Lines written before the chain existed (no "prev") are accepted only as
 * a prefix, counted in the summary: the first chained line holds the hash
 * of the last of them, and replay checks them all; an unchained line after
 * a chained one is a break.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

/*
 * A ticket as the journal leaves it.  Its non-empty fields are packed in
 * one buffer, each as a field number (of verify.names) and a value length,
 * 4 bytes each, then the value: one allocation a ticket rather than two a
 * field: a store's tickets are held in a few times the size of their
 * records (95,024 tickets, 38 MB of records: 100 MB), never its journal.
 */
struct ticket {
	unsigned char *s;
	uint32_t len, cap;
	long created, last;	/* journal lines: the creation, the last change */
	size_t seen;		/* 1 + the store file its record was in; 0: none yet */
};

struct verify {
	const struct store *s;
	char *journal;		/* STORE/journal.jsonl */
	struct idset *ids;	/* ticket ids, numbering T */
	struct ticket *t;
	size_t cap;
	struct idset *names;	/* the field names the journal gives */
	struct buf q, mask;	/* a quoted value, and its masked form */
	struct verify_sum *sum;
};

/* The value of field number NAME (-1: none) of T, or NULL when empty; its length in *N. */
static const char *
field_get(const struct ticket *t, long name, uint32_t *n)
{
	for (uint32_t p = 0; name >= 0 && p < t->len;) {
		uint32_t k, l;
		memcpy(&k, t->s + p, 4);
		memcpy(&l, t->s + p + 4, 4);
		if (k == (uint32_t)name) {
			*n = l;
			return (const char *)t->s + p + 8;
		}
		p += 8 + l;
	}
	*n = 0;
	return NULL;
}

/* Set field number NAME of T to the N bytes of VAL. */
static void
field_set(struct ticket *t, uint32_t name, const char *val, size_t n)
{
	for (uint32_t p = 0; p < t->len;) {
		uint32_t k, l;
		memcpy(&k, t->s + p, 4);
		memcpy(&l, t->s + p + 4, 4);
		if (k == name && l == n) {
			memcpy(t->s + p + 8, val, n);
			return;
		}
		if (k == name) {
			memmove(t->s + p, t->s + p + 8 + l, t->len - p - 8 - l);
			t->len -= 8 + l;
			break;
		}
		p += 8 + l;
	}
	if (n == 0)
		return;		/* empty is absent */
	if (n > UINT32_MAX - 8 - t->len)
		die(EX_DATAERR, "a ticket of more than 4 GB");
	if (t->len + 8 + n > t->cap) {
		t->cap = t->len + 8 + (uint32_t)n + t->cap / 2;
		t->s = xrealloc(t->s, t->cap);
	}
	uint32_t l = (uint32_t)n;
	memcpy(t->s + t->len, &name, 4);
	memcpy(t->s + t->len + 4, &l, 4);
	memcpy(t->s + t->len + 8, val, n);
	t->len += 8 + l;
}

/* The N bytes of VAL of FIELD as a message shows them: masked as a table would, quoted. */
static const char *
quote(struct verify *v, const char *field, const char *val, size_t n)
{
	char *z = xstrndup(val ? val : "", val ? n : 0);
	const char *shown = shown_value(v->s->pol, 0, field, z, &v->mask);
	json_t *j = json_string_nocheck(shown);
	char *s = json_dumps(j, JSON_ENCODE_ANY);

	buf_reset(&v->q);
	buf_adds(&v->q, s ? s : "\"\"");
	free(s);
	free(z);
	json_decref(j);
	return v->q.s;
}

/* A value of a change: text, or null for none; 0 when it is neither. */
static int
change_value(json_t *j, const char **out, size_t *n)
{
	if (json_is_null(j)) {
		*out = "";
		*n = 0;
	} else if (json_is_string(j)) {
		*out = json_string_value(j);
		*n = json_string_length(j);
	} else
		return 0;
	return 1;
}

/* Replay the changes CH of line N for ticket ID. */
static void
replay(struct verify *v, long n, const char *id, json_t *ch)
{
	json_t *idpair = json_object_get(ch, "id");
	int creates = json_is_array(idpair) && json_is_null(json_array_get(idpair, 0));
	long k = idset_find(v->ids, id);

	if (creates && k >= 0)
		die(EX_DATAERR, "%s:%ld: %s: created again (first at line %ld)", v->journal, n, id, v->t[k].created);
	if (!creates && k < 0)
		die(EX_DATAERR, "%s:%ld: %s: changed, but no line before it creates it", v->journal, n, id);
	if (k < 0) {
		k = (long)idset_put(v->ids, id);
		if ((size_t)k >= v->cap) {
			v->cap = v->cap ? 2 * v->cap : 1024;
			v->t = xrealloc(v->t, v->cap * sizeof *v->t);
		}
		v->t[k] = (struct ticket){ NULL, 0, 0, n, n, 0 };
	}
	struct ticket *t = &v->t[k];
	const char *field;
	json_t *pair;
	json_object_foreach(ch, field, pair) {
		const char *old, *new;
		size_t nold, nnew;
		if (!json_is_array(pair) || json_array_size(pair) != 2 ||
		    !change_value(json_array_get(pair, 0), &old, &nold) ||
		    !change_value(json_array_get(pair, 1), &new, &nnew))
			die(EX_DATAERR, "%s:%ld: %s: %s: not a change [old, new] of texts", v->journal, n, id, field);
		size_t name = idset_put(v->names, field);
		uint32_t ncur;
		const char *cur = field_get(t, (long)name, &ncur);
		if (ncur != nold || memcmp(old, cur ? cur : "", nold) != 0) {
			char *was = xstrdup(quote(v, field, cur, ncur));
			die(EX_DATAERR, "%s:%ld: %s: %s: changed from %s, but the lines before it leave %s (line %ld)",
			    v->journal, n, id, field, quote(v, field, old, nold), was, t->last);
		}
		field_set(t, (uint32_t)name, new, nnew);
	}
	t->last = n;
}

/*
 * Stop at the break of the chain before line N of FP, whose "prev" is not
 * BEFORE, the hash of the line before it (the origin for the first); D is
 * line N's own hash.  The chain cannot say which side of a break was
 * touched, but the line after N often can: if it follows line N - 1, N was
 * put in; if it follows N, N is intact and N - 1 was changed or lines
 * after it removed; if it follows neither, N was changed itself.  The
 * message names that line.
 */
static _Noreturn void
broken(struct verify *v, FILE *fp, long n, const char *before, const unsigned char d[SHA256_LEN])
{
	char *line = NULL, self[2 * SHA256_LEN + 1];
	size_t cap = 0;
	ssize_t len = getline(&line, &cap, fp);
	json_t *o = len > 0 ? json_loadb(line, (size_t)len, 0, NULL) : NULL;
	const char *next = json_string_value(json_object_get(o, "prev"));

	sha256_hex(d, self);
	if (n == 1 && (!next || strcmp(next, self) == 0))
		die(EX_DATAERR, "%s:1: \"prev\" is not the origin (64 zeros): lines before it were removed", v->journal);
	if (next && strcmp(next, before) == 0)
		die(EX_DATAERR, "%s:%ld: put in: line %ld follows line %ld in the chain", v->journal, n, n + 1, n - 1);
	if (next && strcmp(next, self) == 0)
		die(EX_DATAERR, "%s:%ld: changed, or lines after it removed: line %ld's \"prev\" is not its SHA-256",
		    v->journal, n - 1, n);
	die(EX_DATAERR, "%s:%ld: changed or put in: its \"prev\" is not the SHA-256 of the line before it",
	    v->journal, n);
}

/* The first pass: the chain, and the tickets the journal gives. */
static void
read_journal(struct verify *v)
{
	FILE *fp = fopen(v->journal, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0;
	char want[2 * SHA256_LEN + 1];
	unsigned char d[SHA256_LEN];

	memcpy(want, journal_origin, sizeof want);
	if (!fp) {
		if (errno != ENOENT)
			die(EX_NOINPUT, "%s:", v->journal);
		return;		/* no change yet: the store must be empty */
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		n++;
		if (line[len - 1] != '\n')
			die(EX_DATAERR, "%s:%ld: the last line has no newline: cut short", v->journal, n);
		line[--len] = '\0';
		json_error_t err;
		json_t *o = json_loadb(line, (size_t)len, 0, &err);
		json_t *ch = o ? json_object_get(o, "changes") : NULL, *id = o ? json_object_get(o, "id") : NULL;
		if (!json_is_object(ch) || !json_is_string(id))
			die(EX_DATAERR, "%s:%ld: not a journal line%s%s", v->journal, n, o ? "" : ": ",
			    o ? "" : json_problem(err.text));
		json_t *prev = json_object_get(o, "prev");
		if (!prev && v->sum->lines == v->sum->unchained)
			v->sum->unchained++;
		else if (!prev)
			die(EX_DATAERR, "%s:%ld: no \"prev\" after chained lines: the chain is broken here", v->journal, n);
		sha256_of(line, (size_t)len, d);
		if (prev && (!json_is_string(prev) || strcmp(json_string_value(prev), want) != 0))
			broken(v, fp, n, want, d);
		sha256_hex(d, want);
		v->sum->lines++;
		replay(v, n, json_string_value(id), ch);
		json_decref(o);
	}
	if (ferror(fp))
		die(EX_IOERR, "%s:", v->journal);
	fclose(fp);
	free(line);
	memcpy(v->sum->head, want, sizeof want);
}

/* The file of the store, relative to it, where ticket T belongs. */
static char *
home(const struct verify *v, const struct ticket *t)
{
	const char *ext = v->s->fmt == FMT_JSONL ? "jsonl" : "csv";
	uint32_t ns, nc;
	const char *status = field_get(t, idset_find(v->names, "status"), &ns);
	const char *closed_at = field_get(t, idset_find(v->names, "closed_at"), &nc);
	char when[TIMEBUF];
	time_t closed;
	struct tm tm;

	if (!status || ns != 6 || memcmp(status, "closed", 6) != 0 || !closed_at || nc >= sizeof when)
		return xasprintf("open.%s", ext);
	memcpy(when, closed_at, nc);
	when[nc] = '\0';
	if (time_parse(when, &closed) != 0)
		return xasprintf("open.%s", ext);
	localtime_r(&closed, &tm);
	return xasprintf("archive/%04d-%02d.%s", tm.tm_year + 1900, tm.tm_mon + 1, ext);
}

/* Record R, read from FILE (REL in the store, the INDEXth), against the journal. */
static void
check_record(struct verify *v, const char *file, const char *rel, size_t index, const struct rec *r)
{
	const char *id = rec_str(r, "id");

	if (!*id)
		die(EX_DATAERR, "%s:%ld: a record without an id", file, r->line);
	long k = idset_find(v->ids, id);
	if (k < 0)
		die(EX_DATAERR, "%s:%ld: %s: no line of the journal creates it", file, r->line, id);
	struct ticket *t = &v->t[k];
	if (t->seen)
		die(EX_DATAERR, "%s:%ld: %s: a second record of the ticket", file, r->line, id);
	t->seen = index + 1;
	char *want = home(v, t);
	if (strcmp(want, rel) != 0)
		die(EX_DATAERR, "%s:%ld: %s: belongs in %s by the journal (line %ld)", file, r->line, id, want, t->last);
	free(want);
	for (size_t i = 0; i < r->n; i++) {
		const char *name = r->f[i].name;
		uint32_t nj;
		const char *j = field_get(t, idset_find(v->names, name), &nj);
		if (nj != r->f[i].vlen || memcmp(j ? j : "", r->f[i].val, nj) != 0) {
			char *is = xstrdup(quote(v, name, r->f[i].val, r->f[i].vlen));
			die(EX_DATAERR, "%s:%ld: %s: %s is %s, the journal says %s (line %ld)",
			    file, r->line, id, name, is, quote(v, name, j, nj), t->last);
		}
	}
	for (uint32_t p = 0; p < t->len;) {
		uint32_t k, l;
		memcpy(&k, t->s + p, 4);
		memcpy(&l, t->s + p + 4, 4);
		const char *name = idset_at(v->names, k);
		if (rec_index(r, name) < 0)
			die(EX_DATAERR, "%s:%ld: %s: %s is missing, the journal says %s (line %ld)",
			    file, r->line, id, name, quote(v, name, (const char *)t->s + p + 8, l), t->last);
		p += 8 + l;
	}
	if (v->s->fmt == FMT_JSONL ? strcmp(rel, "open.jsonl") == 0 : strcmp(rel, "open.csv") == 0)
		v->sum->open++;
	else
		v->sum->archived++;
}

/* The second pass: every record of the store, then the tickets without one. */
static void
read_store(struct verify *v)
{
	size_t nf;
	char **files = store_files(v->s, 1, &nf);
	struct rec *r = rec_new();

	for (size_t i = 0; i < nf; i++) {
		const char *base = strrchr(files[i], '/') + 1;
		int open = strcmp(files[i], v->s->open_path) == 0;
		char *rel = open ? xstrdup(base) : xasprintf("archive/%s", base);
		struct reader *rd = reader_open(files[i]);
		while (reader_next_or_die(rd, r) > 0)
			check_record(v, files[i], rel, i, r);
		reader_close(rd);
		free(rel);
	}
	for (size_t k = 0; k < idset_count(v->ids); k++)
		if (!v->t[k].seen) {
			char *want = home(v, &v->t[k]);
			char *path = path_join(v->s->dir, want);
			die(EX_DATAERR, "%s: %s: no record, but the journal has it (line %ld)", path, idset_at(v->ids, k),
			    v->t[k].last);
		}
	rec_free(r);
	for (size_t i = 0; i < nf; i++)
		free(files[i]);
	free(files);
}

/*
 * Check the store S (opened for reading) against its journal, as the top
 * of this file says: return with the figures in SUM, or stop with 65 at
 * the first disagreement.
 */
void
store_verify(const struct store *s, struct verify_sum *sum)
{
	struct verify v = { .s = s, .sum = sum };

	memset(sum, 0, sizeof *sum);
	v.journal = path_join(s->dir, "journal.jsonl");
	v.ids = idset_new();
	v.names = idset_new();
	read_journal(&v);
	if (!sum->lines)
		memcpy(sum->head, journal_origin, sizeof sum->head);
	read_store(&v);
	for (size_t k = 0; k < idset_count(v.ids); k++)
		free(v.t[k].s);
	free(v.t);
	idset_free(v.ids);
	idset_free(v.names);
	buf_free(&v.q);
	buf_free(&v.mask);
	free(v.journal);
}
