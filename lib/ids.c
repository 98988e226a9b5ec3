/*
 * ids.c - ticket ids, unique within a store: PREFIX, the date of creation
 * and a daily sequence (C20261122-000042).
 *
 * The last number given for each prefix and date is kept in STORE/.seq,
 * one "C20261122 42" line each, and replaced in the same commit as the
 * tickets it numbers, under the store lock: two cmp-new processes never
 * draw the same number, and a crash never reuses one.  A store whose .seq
 * is lost has it rebuilt from the ids in the open file and the archive.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

struct seq { char *key; long n; };

static void
note(struct seq **v, size_t *k, const char *key, size_t klen, long n)
{
	for (size_t i = 0; i < *k; i++)
		if (strlen((*v)[i].key) == klen && strncmp((*v)[i].key, key, klen) == 0) {
			if (n > (*v)[i].n)
				(*v)[i].n = n;
			return;
		}
	*v = xrealloc(*v, (*k + 1) * sizeof **v);
	(*v)[(*k)++] = (struct seq){ xstrndup(key, klen), n };
}

/* Rebuild the counters from the ids in the store: "PREFIX8DIGITS-N". */
static void
rebuild(const struct store *s, struct seq **v, size_t *k)
{
	size_t nf;
	char **files = store_files(s, 1, &nf);
	struct stream *st = stream_open(files, nf);
	struct rec *r = rec_new();

	while (stream_next(st, r)) {
		const char *id = rec_str(r, "id");
		const char *dash = strrchr(id, '-');
		if (!dash || dash - id < 8 || !dash[1] || strspn(dash + 1, "0123456789") != strlen(dash + 1))
			continue;
		if (strspn(dash - 8, "0123456789") < 8)
			continue;
		note(v, k, id, (size_t)(dash - id), strtol(dash + 1, NULL, 10));
	}
	rec_free(r);
	stream_close(st);
	for (size_t i = 0; i < nf; i++)
		free(files[i]);
	free(files);
}

/* The part of an id before the sequence: PREFIX and NOW's local date. */
char *
id_day_key(const char *prefix, time_t now)
{
	struct tm tm;

	localtime_r(&now, &tm);
	return xasprintf("%s%04d%02d%02d", prefix, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The counters of a store, and the one being drawn from. */
struct idseq {
	struct seq *v;
	size_t k;
	size_t cur;		/* index of today's counter in V */
	char *id;		/* the id last drawn */
};

/*
 * Start drawing ids for tickets created at NOW in the store S, under its
 * exclusive lock: read STORE/.seq (or rebuild it from the store's ids).
 */
struct idseq *
idseq_open(const struct store *s, const char *prefix, time_t now)
{
	struct idseq *q = xcalloc(1, sizeof *q);
	char *path = path_join(s->dir, ".seq");
	FILE *fp = fopen(path, "r");

	if (fp) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;
		while ((len = getline(&line, &cap, fp)) > 0) {
			char *sp = strchr(line, ' ');
			if (!sp)
				die(EX_DATAERR, "%s: corrupt line: %s", path, line);
			note(&q->v, &q->k, line, (size_t)(sp - line), strtol(sp + 1, NULL, 10));
		}
		free(line);
		fclose(fp);
	} else
		rebuild(s, &q->v, &q->k);
	char *key = id_day_key(prefix, now);
	note(&q->v, &q->k, key, strlen(key), 0);
	for (q->cur = 0; strcmp(q->v[q->cur].key, key) != 0; q->cur++)
		;
	free(key);
	free(path);
	return q;
}

/* The next id; the text stays valid until the next call. */
const char *
idseq_next(struct idseq *q)
{
	free(q->id);
	q->id = xasprintf("%s-%06ld", q->v[q->cur].key, ++q->v[q->cur].n);
	return q->id;
}

/* The part of the ids before the sequence, and the last number drawn. */
const char *
idseq_key(const struct idseq *q)
{
	return q->v[q->cur].key;
}

long
idseq_last(const struct idseq *q)
{
	return q->v[q->cur].n;
}

/* Write the counters as the new .seq in the change C; free Q. */
void
idseq_close(struct idseq *q, struct commit *c)
{
	FILE *out = commit_replace(c, ".seq");

	for (size_t i = 0; i < q->k; i++) {
		fprintf(out, "%s %ld\n", q->v[i].key, q->v[i].n);
		free(q->v[i].key);
	}
	free(q->v);
	free(q->id);
	free(q);
}

/*
 * Draw COUNT ids for tickets created at NOW in the store S, as part of
 * the change C (which will write the new .seq).  Return them as an array
 * of COUNT strings.
 */
char **
ids_next(const struct store *s, const char *prefix, time_t now, struct commit *c, size_t count)
{
	struct idseq *q = idseq_open(s, prefix, now);
	char **ids = xcalloc(count ? count : 1, sizeof *ids);

	for (size_t j = 0; j < count; j++)
		ids[j] = xstrdup(idseq_next(q));
	idseq_close(q, c);
	return ids;
}
