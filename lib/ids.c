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

/*
 * Draw COUNT ids for tickets created at NOW in the store S, as part of
 * the change C (which will write the new .seq).  Return them as an array
 * of COUNT strings.
 */
char **
ids_next(const struct store *s, const char *prefix, time_t now, struct commit *c, size_t count)
{
	struct seq *v = NULL;
	size_t k = 0;
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
			note(&v, &k, line, (size_t)(sp - line), strtol(sp + 1, NULL, 10));
		}
		free(line);
		fclose(fp);
	} else
		rebuild(s, &v, &k);

	char *key = id_day_key(prefix, now);
	note(&v, &k, key, strlen(key), 0);
	char **ids = xcalloc(count ? count : 1, sizeof *ids);
	for (size_t i = 0; i < k; i++)
		if (strcmp(v[i].key, key) == 0)
			for (size_t j = 0; j < count; j++)
				ids[j] = xasprintf("%s-%06ld", key, ++v[i].n);

	FILE *out = commit_replace(c, ".seq");
	for (size_t i = 0; i < k; i++) {
		fprintf(out, "%s %ld\n", v[i].key, v[i].n);
		free(v[i].key);
	}
	free(v);
	free(key);
	free(path);
	return ids;
}
