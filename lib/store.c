/*
 * store.c - a store directory (SPEC §4): open.csv or open.jsonl with every
 * ticket not yet closed, archive/YYYY-MM.* with the closed ones,
 * journal.jsonl, the optional cmp.conf, and our own .lock, .seq and
 * .pending.  This file knows the layout; lock.c and commit.c the
 * protocols.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmp.h"

static const char *
ext(enum fmt f)
{
	return f == FMT_JSONL ? "jsonl" : "csv";
}

/*
 * Open the store DIR for reading (STORE_READ: shared lock), writing
 * (STORE_WRITE: exclusive lock) or registering (STORE_CREATE: as
 * STORE_WRITE, and the directory is made if missing), waiting WAIT seconds
 * for the lock.  A missing store is 66 except for STORE_CREATE, so that a
 * mistyped -d never leaves an empty store behind.  A committed change left
 * unapplied by a crash is finished first.  For a dry run (commit.c) a
 * store to write is opened as for reading, and one to register that does
 * not exist reads as empty and is not made.
 */
struct store *
store_open(const char *dir, enum store_access how, double wait, struct policy *pol)
{
	struct store *s = xcalloc(1, sizeof *s);
	unsigned mode = policy_file_mode(pol);
	int dry = how != STORE_READ && commit_dry(NULL);
	int write = how != STORE_READ && !dry, missing = 0;
	struct stat st;

	s->dir = xstrdup(dir);
	s->pol = pol;
	s->dry = dry;
	if (stat(dir, &st) != 0) {
		if (how != STORE_CREATE || errno != ENOENT)
			die(EX_NOINPUT, "%s:", dir);
		unsigned dmode = mode | ((mode & 0444) >> 2);	/* x wherever r */
		if (dry)
			missing = 1;
		else if (mkdir(dir, dmode) == 0)
			chmod(dir, dmode);	/* the umask must not narrow what [store] mode shares */
		else if (errno != EEXIST)
			die(EX_CANTCREAT, "%s:", dir);
	} else if (!S_ISDIR(st.st_mode))
		die(EX_NOINPUT, "%s: not a directory", dir);
	s->lockfd = missing ? -1 : lock_store(dir, write, wait, mode);
	if (write)
		commit_recover(dir, mode);
	else if (s->lockfd >= 0 && commit_pending(dir)) {
		lock_upgrade(s->lockfd, dir, wait);
		commit_recover(dir, mode);
		lock_downgrade(s->lockfd);
	}
	char *jsonl = path_join(dir, "open.jsonl");
	char *csv = path_join(dir, "open.csv");
	if (access(jsonl, F_OK) == 0)
		s->fmt = FMT_JSONL;
	else if (access(csv, F_OK) == 0)
		s->fmt = FMT_CSV;
	else
		s->fmt = policy_encoding(pol);
	s->open_path = s->fmt == FMT_JSONL ? jsonl : csv;
	free(s->fmt == FMT_JSONL ? csv : jsonl);
	return s;
}

/* Release the lock (also released at exit). */
void
store_close(struct store *s)
{
	if (!s)
		return;
	if (s->lockfd >= 0)
		close(s->lockfd);
	writer_free(s->show);
	free(s->open_path);
	free(s->dir);
	free(s);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The store's record files in the order to read them: with WITH_ARCHIVE,
 * archive months oldest first, then the open tickets.  Only files that
 * exist are listed.  Free with free() on each and on the list.
 */
char **
store_files(const struct store *s, int with_archive, size_t *n)
{
	char **v = NULL;
	size_t k = 0;

	if (with_archive) {
		char *adir = path_join(s->dir, "archive");
		DIR *d = opendir(adir);
		struct dirent *e;
		const char *x = ext(s->fmt);
		while (d && (e = readdir(d))) {
			size_t len = strlen(e->d_name);
			if (len != 8 + strlen(x) || strcmp(e->d_name + 8, x) != 0 || e->d_name[7] != '.')
				continue;
			v = xrealloc(v, (k + 1) * sizeof *v);
			v[k++] = path_join(adir, e->d_name);
		}
		if (d)
			closedir(d);
		free(adir);
		if (k > 1)
			qsort(v, k, sizeof *v, cmp_str);
	}
	if (access(s->open_path, F_OK) == 0) {
		v = xrealloc(v, (k + 1) * sizeof *v);
		v[k++] = xstrdup(s->open_path);
	}
	*n = k;
	return v;
}

/*
 * The union of the CSV headers of FILES, in order of first appearance,
 * so that records of files written at different times share one header.
 * NULL (and *N = 0) when none of them is CSV with a header.
 */
char **
store_union_header(char **files, size_t nfiles, size_t *n)
{
	struct idset *u = idset_new();	/* a set: headers may be wide */

	for (size_t i = 0; i < nfiles; i++) {
		struct reader *r = reader_open(files[i]);
		size_t nh = 0;
		char **h = reader_header(r, &nh);
		for (size_t j = 0; h && j < nh; j++)
			idset_add(u, h[j]);
		reader_close(r);
	}
	*n = idset_count(u);
	char **v = *n ? xcalloc(*n, sizeof *v) : NULL;
	for (size_t i = 0; i < *n; i++)
		v[i] = xstrdup(idset_at(u, i));
	idset_free(u);
	return v;
}

/*
 * Add the new tickets RECS to the open file as part of the change C: an
 * append when the file can take them as they are (JSON Lines, or CSV whose
 * header has all their fields), else a rewrite under the wider header.
 */
void
store_add_records(struct store *s, struct commit *c, struct rec **recs, size_t n)
{
	const char *file = s->fmt == FMT_JSONL ? "open.jsonl" : "open.csv";
	struct idset *names = idset_new();	/* the header, widened: a set, for wide records */
	size_t old = 0;
	int exists = access(s->open_path, F_OK) == 0;
	struct buf err = { 0 };

	if (s->fmt == FMT_CSV && exists) {
		struct reader *r = reader_open(s->open_path);
		char **h = reader_header(r, &old);
		for (size_t i = 0; i < old; i++)
			idset_add(names, h[i]);
		reader_close(r);
	}
	for (size_t i = 0; i < n && s->fmt == FMT_CSV; i++)
		for (size_t f = 0; f < recs[i]->n; f++)
			idset_add(names, recs[i]->f[f].name);
	/* The file can take them as they are when they have no new field. */
	int append = !exists || idset_count(names) == old;
	char *const *hdr = idset_order(names);
	size_t nh = idset_count(names);

	if (append) {
		char *data = NULL;
		size_t len = 0;
		FILE *mem = open_memstream(&data, &len);
		struct writer *w = writer_new(mem, s->fmt);
		if (s->fmt == FMT_CSV)
			writer_set_header(w, hdr, nh);
		if (exists)	/* the file has its header already */
			writer_omit_header(w);
		for (size_t i = 0; i < n; i++)
			if (writer_put(w, recs[i], &err) != 0)
				die(EX_DATAERR, "%s", err.s);
		writer_free(w);
		fclose(mem);
		commit_append(c, file, data, len);
		free(data);
	} else {
		FILE *out = commit_replace(c, file);
		struct writer *w = writer_new(out, FMT_CSV);
		struct reader *r = reader_open(s->open_path);
		struct rec *old = rec_new();
		writer_set_header(w, hdr, nh);
		while (reader_next_or_die(r, old) > 0)
			if (writer_put(w, old, &err) != 0)
				die(EX_DATAERR, "%s:%ld: %s", s->open_path, old->line, err.s);
		for (size_t i = 0; i < n; i++)
			if (writer_put(w, recs[i], &err) != 0)
				die(EX_DATAERR, "%s", err.s);
		rec_free(old);
		reader_close(r);
		writer_free(w);
	}
	for (size_t i = 0; i < n; i++)
		store_show(s, c, hdr, nh, recs[i]);
	idset_free(names);
	buf_free(&err);
}

/*
 * A dry run of the change C shows the ticket T as the change would write
 * it, in the encoding asked for (--csv, --jsonl) or the store's; a CSV
 * stream under the header NAMES (N of them), the first call's.  Nothing
 * for a change that is made.
 */
void
store_show(struct store *s, struct commit *c, char *const *names, size_t n, const struct rec *t)
{
	enum fmt f;
	struct buf err = { 0 };

	if (!s->dry)
		return;
	commit_dry(&f);
	if (!s->show) {
		s->show = writer_new(commit_shown(c), f ? f : s->fmt);
		writer_for_stdout(s->show);
		if (n)
			writer_set_header(s->show, names, n);
	}
	if (writer_put(s->show, t, &err) != 0)
		die(EX_DATAERR, "%s: %s", rec_str(t, "id"), err.s);
	buf_free(&err);
}

/* Tickets added one at a time to one file of the store (store_out_begin). */
struct store_out {
	struct writer *w;
	char *file;
	struct buf err;
};

/*
 * Begin adding tickets, each with fields among NAMES (N of them), to FILE
 * of the store S (open.csv, archive/2026-11.csv, ...) as part of the change
 * C, for any number of tickets: they are written as they come, not held.
 * An append when the file can take them as they are (JSON Lines, no file
 * yet, or a CSV header that has all of NAMES); else the file is rewritten
 * under its header widened by the new names, its rows as they were.
 */
struct store_out *
store_out_begin(struct store *s, struct commit *c, const char *file, char *const *names, size_t n)
{
	struct store_out *o = xcalloc(1, sizeof *o);
	char *path = path_join(s->dir, file);
	struct reader *r = s->fmt == FMT_CSV && access(path, F_OK) == 0 ? reader_open(path) : NULL;
	size_t nh = 0;
	char **h = r ? reader_header(r, &nh) : NULL;
	struct idset *u = idset_new();	/* a set: headers may be wide */

	o->file = xstrdup(file);
	for (size_t i = 0; i < nh; i++)
		idset_add(u, h[i]);
	for (size_t i = 0; i < n; i++)
		idset_add(u, names[i]);
	char *const *hdr = idset_order(u);
	size_t k = idset_count(u);
	if (s->fmt == FMT_JSONL) {
		o->w = writer_new(commit_append_stream(c, file), FMT_JSONL);
	} else if (!h || k == nh) {
		o->w = writer_new(commit_append_stream(c, file), FMT_CSV);
		writer_set_header(o->w, hdr, k);
		if (h)
			writer_omit_header(o->w);
	} else {
		o->w = writer_new(commit_replace(c, file), FMT_CSV);
		writer_set_header(o->w, hdr, k);
		struct rec *old = rec_new();
		while (reader_next_or_die(r, old) > 0)
			store_out_put(o, old);
		rec_free(old);
	}
	reader_close(r);
	idset_free(u);
	free(path);
	return o;
}

void
store_out_put(struct store_out *o, const struct rec *t)
{
	if (writer_put(o->w, t, &o->err) != 0)
		die(EX_DATAERR, "%s: %s: %s", o->file, rec_str(t, "id"), o->err.s);
}

/* The last ticket is added (the change C commits them): free O. */
void
store_out_end(struct store_out *o)
{
	if (!o)
		return;
	writer_free(o->w);
	buf_free(&o->err);
	free(o->file);
	free(o);
}
