/*
 * import.c - a legacy hotline log into the store (SPEC §6, cmp-new
 * --import), all of it or none of it, in one pass over a file of any size.
 *
 * Each row is read (decoded from its encoding: encoding.c), its columns
 * mapped (mapfile.c), its times read in the log's forms (dates.c), its
 * source computed, and made a ticket as it was (history.c).  A row that
 * fails any step is rejected: it goes to the rejects file with the line
 * where it starts, why, and its text, and the import goes on.  A row whose
 * source the store or the file has already given is a duplicate: skipped
 * and counted, so that importing a log again changes nothing.
 *
 * The source is NAME:KEY, KEY the SHA-256 (hash.c) of the row after
 * mapping and time normalisation: each field, extra columns included (or
 * only the --key fields), as its name, a NUL, its value and a NUL, in the
 * row's order.  The times are hashed as normalised, so that a log that
 * writes them differently the next time is still known.
 *
 * The tickets are spooled to a file in the store while the log is read,
 * because what is written depends on all of them: the ids are drawn once
 * their number is known, and a CSV file's header must have every field of
 * every ticket before the first is written.  Then, still under the store
 * lock held from the start, they are written as one commit (commit.c): the
 * open tickets, the closed ones to the archive month of their closed_at,
 * a journal line each, the id counters.  Memory holds one row at a time
 * and the set of sources seen (keyset.c); a kill -9 at any point leaves
 * the store as it was or with the whole import in it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

/* Big buffers for the spool: all of an import is written and read back. */
#define IO_BUFSIZE (256 * 1024)

/* The fields of the tickets bound for one file: open, or an archive month. */
struct target {
	char *file;		/* open.csv, archive/2011-03.csv */
	struct idset *names;
	struct store_out *out;
};

struct run {
	struct import *im;
	struct colmap *map;	/* the map files, then --map */
	char **date_fmts;	/* the options in force: given, or the map's */
	size_t ndate_fmts;
	char **key;		/* the --key fields; none: the whole row */
	size_t nkey;
	struct reader *r;
	struct decoder *dec;
	const char *name;	/* the input, in messages */
	char *source_name;
	int checked;		/* colmap_check passed on a CSV header */
	struct keyset *seen;
	FILE *rejects;
	FILE *spool;
	char *spool_path;
	char *spoolbuf;		/* its stdio buffer */
	int spool_err;		/* the errno of its first failed write */
	struct target *targets;	/* the open file and archive months, as met */
	size_t ntargets;
	struct idset *all;	/* the fields of every ticket (no store: CSV output) */
	struct rec *row, *mapped, *t;
	struct buf why, source, block;
};

/* --- the spool: tickets as length-prefixed fields, read back in order --- */

/*
 * A ticket is one block: its length, then each field as the lengths of
 * its name and value and their bytes.  One write and one read a ticket.
 */
static void
spool_put(struct run *u, const struct rec *t)
{
	struct buf *b = &u->block;
	uint64_t total = 0;

	buf_reset(b);
	buf_add(b, (const char *)&total, sizeof total);
	for (size_t i = 0; i < t->n; i++) {
		uint64_t len[2] = { strlen(t->f[i].name), t->f[i].vlen };
		buf_add(b, (const char *)len, sizeof len);
		buf_add(b, t->f[i].name, (size_t)len[0]);
		buf_add(b, t->f[i].val, (size_t)len[1]);
	}
	total = b->len - sizeof total;
	memcpy(b->s, &total, sizeof total);
	fwrite(b->s, 1, b->len, u->spool);
}

/* The next spooled ticket into T: 1, or 0 at the end. */
static int
spool_get(struct run *u, struct rec *t)
{
	struct buf *b = &u->block;
	uint64_t total;

	if (fread(&total, sizeof total, 1, u->spool) != 1) {
		if (ferror(u->spool))
			die(EX_IOERR, "%s: read error:", u->spool_path);
		return 0;
	}
	buf_reset(b);
	buf_grow(b, (size_t)total);
	if (total && fread(b->s, 1, (size_t)total, u->spool) != total)
		die(EX_IOERR, "%s: read error:", u->spool_path);
	rec_clear(t);
	for (const char *p = b->s, *end = b->s + total; p < end;) {
		uint64_t len[2];
		memcpy(len, p, sizeof len);
		p += sizeof len;
		rec_add(t, p, (size_t)len[0], p + len[0], (size_t)len[1]);
		p += len[0] + len[1];
	}
	return 1;
}

/*
 * The spool: in the store, where the next writer sweeps it with the other
 * .new files if this one dies; without a store, or for a dry run, which
 * leaves the store as it is, in TMPDIR.
 */
static void
spool_open(struct run *u, const struct store *s)
{
	if (s && !s->dry) {
		u->spool_path = path_join(s->dir, ".import.new");
		unlink(u->spool_path);
		atexit_unlink(u->spool_path);
		int fd = create_file_mode(u->spool_path, O_RDWR | O_EXCL, policy_file_mode(u->im->pol));
		u->spool = fd < 0 ? NULL : fdopen_keep_errno(fd, "w+", &u->spool_err);
	} else {
		const char *dir = getenv("TMPDIR");
		u->spool_path = xasprintf("%s/cmp-import.XXXXXX", dir && *dir ? dir : "/tmp");
		int fd = mkstemp(u->spool_path);
		if (fd >= 0)
			atexit_unlink(u->spool_path);
		u->spool = fd < 0 ? NULL : fdopen_keep_errno(fd, "w+", &u->spool_err);
	}
	if (!u->spool)
		die(EX_CANTCREAT, "%s:", u->spool_path);
	u->spoolbuf = xmalloc(IO_BUFSIZE);
	setvbuf(u->spool, u->spoolbuf, _IOFBF, IO_BUFSIZE);
}

/* --- rows ----------------------------------------------------------------- */

/*
 * Add the fields of T to the set *V, in order of first appearance: a set,
 * for a log may have a great many columns.
 */
static void
note_names(struct idset **v, const struct rec *t)
{
	if (!*v)
		*v = idset_new();
	for (size_t i = 0; i < t->n; i++)
		idset_add(*v, t->f[i].name);
}

/* The target of ticket T: the open file, or the archive month of its closed_at. */
static struct target *
target_of(struct run *u, const struct rec *t, enum fmt fmt)
{
	const char *ext = fmt == FMT_JSONL ? "jsonl" : "csv";
	time_t closed;
	struct tm tm;
	char file[64];

	if (strcmp(rec_str(t, "status"), "closed") != 0 || time_parse(rec_str(t, "closed_at"), &closed) != 0)
		snprintf(file, sizeof file, "open.%s", ext);
	else {
		local_tm(closed, &tm);
		snprintf(file, sizeof file, "archive/%04d-%02d.%s", tm.tm_year + 1900, tm.tm_mon + 1, ext);
	}
	for (size_t i = 0; i < u->ntargets; i++)
		if (strcmp(u->targets[i].file, file) == 0)
			return &u->targets[i];
	u->targets = xrealloc(u->targets, (u->ntargets + 1) * sizeof *u->targets);
	struct target *g = &u->targets[u->ntargets++];
	memset(g, 0, sizeof *g);
	g->file = xstrdup(file);
	return g;
}

/* The field KEY of ROW, or of the field a map gives the column KEY to. */
static int
key_index(const struct run *u, const struct rec *row, const char *key)
{
	int k = rec_index(row, key);

	for (size_t i = 0; k < 0 && i < u->map->ncols; i++)
		if (strcmp(u->map->cols[i].from, key) == 0)
			k = rec_index(row, u->map->cols[i].field);
	return k;
}

/* The source of the mapped row ROW into u->source: 0, or -1 with u->why. */
static int
source_of(struct run *u, const struct rec *row)
{
	struct sha256 h;
	unsigned char d[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];

	sha256_begin(&h);
	for (size_t i = 0; i < (u->nkey ? u->nkey : row->n); i++) {
		int k = (int)i;
		if (u->nkey && (k = key_index(u, row, u->key[i])) < 0) {
			sha256_end(&h, d);
			buf_printf(&u->why, _("--key: no field \"%s\""), u->key[i]);
			return -1;
		}
		const struct field *f = &row->f[k];
		sha256_add(&h, f->name, strlen(f->name) + 1);
		sha256_add(&h, f->val, f->vlen);
		sha256_add(&h, "", 1);
	}
	sha256_end(&h, d);
	buf_reset(&u->source);
	buf_printf(&u->source, "%s:%s", u->source_name, sha256_hex(d, hex));
	return 0;
}

/* Write the rejected row's line, WHY and text to the rejects file, or say it. */
static void
reject(struct run *u, long line, const char *why)
{
	size_t n;
	long l;
	const char *raw = reader_raw(u->r, &n, &l);

	u->im->rejected++;
	if (l > 0)
		line = l;
	if (!u->rejects) {
		warnx("%s:%ld: %s", u->name, line, why);
		return;
	}
	/* The text without its line end: the CSV field is the record. */
	if (n && raw[n - 1] == '\n')
		n--;
	if (n && raw[n - 1] == '\r')
		n--;
	fprintf(u->rejects, "%ld,", line);
	csv_put_field(u->rejects, why, strlen(why), 0);
	putc(',', u->rejects);
	csv_put_field(u->rejects, raw, n, 0);
	putc('\n', u->rejects);
}

/* A row read whole: import it, reject it, or count it a duplicate. */
static void
one_row(struct run *u, enum fmt store_fmt)
{
	struct import *im = u->im;

	buf_reset(&u->why);
	if (colmap_apply(u->map, u->row, u->mapped, u->checked, &u->why) != 0)
		goto bad;
	for (size_t i = 0; im->sets && i < im->sets->n; i++)
		rec_setn(u->mapped, im->sets->f[i].name, im->sets->f[i].val, im->sets->f[i].vlen);
	if (dates_normalise(u->date_fmts, u->ndate_fmts, u->mapped, &u->why) != 0 ||
	    source_of(u, u->mapped) != 0 ||
	    history_ticket(im->pol, u->mapped, im->co->now, im->co->actor, u->t, &u->why) != 0)
		goto bad;
	rec_set(u->t, "source", u->source.s);
	if (!keyset_add_text(u->seen, u->source.s, u->source.len)) {
		im->duplicates++;
		return;
	}
	spool_put(u, u->t);
	struct target *g = target_of(u, u->t, store_fmt);
	note_names(&g->names, u->t);
	note_names(&u->all, u->t);
	im->imported++;
	return;
bad:
	reject(u, u->row->line, u->why.s);
}

/* The sources of every ticket of the store S, open and archived. */
static void
store_sources(struct run *u, const struct store *s)
{
	size_t nf;
	char **files = store_files(s, 1, &nf);
	struct stream *st = stream_open(files, nf);
	struct rec *t = rec_new();

	while (stream_next(st, t)) {
		const char *src = rec_str(t, "source");
		if (*src)
			keyset_add_text(u->seen, src, strlen(src));
	}
	rec_free(t);
	stream_close(st);
	for (size_t i = 0; i < nf; i++)
		free(files[i]);
	free(files);
}

/*
 * Check the map and the --key fields against the CSV header before a row
 * is read: a map that does not fit the log is a usage error (64).
 */
static void
check_header(struct run *u)
{
	size_t n;
	char **hdr = reader_header(u->r, &n);
	struct buf err = { 0 };

	if (!hdr)
		return;
	if (colmap_check(u->map, hdr, n, &err) != 0)
		die(EX_USAGE, "%s: %s", u->name, err.s);
	u->checked = 1;
	struct rec *empty = rec_new();
	for (size_t i = 0; i < n; i++)
		rec_add(empty, hdr[i], strlen(hdr[i]), "", 0);
	colmap_apply(u->map, empty, u->mapped, 1, &err);
	for (size_t i = 0; i < u->nkey; i++)
		if (key_index(u, u->mapped, u->key[i]) < 0 &&
		    !(u->im->sets && rec_get(u->im->sets, u->key[i])))
			die(EX_USAGE, "%s: --key: no field or column \"%s\"", u->name, u->key[i]);
	rec_free(empty);
	buf_free(&err);
}

static char *
base_name(const char *path)
{
	if (strcmp(path, "-") == 0)
		return xstrdup("stdin");
	const char *slash = strrchr(path, '/');
	return xstrdup(slash ? slash + 1 : path);
}

/* --- writing ---------------------------------------------------------------- */

/*
 * The spooled tickets into the store S: one commit, their ids printed
 * after it; a dry run shows the tickets instead, under the header of
 * every field they have.
 */
static void
write_store(struct run *u, struct store *s, struct commit *c, struct progress *bar)
{
	struct import *im = u->im;
	struct idseq *q = idseq_open(s, policy_id_prefix(im->pol), im->co->now);
	long first = idseq_last(q) + 1;
	FILE *jf = commit_append_stream(c, "journal.jsonl");
	struct journal_ctx jc = { im->co->actor, progname, im->co->now_str, "" };
	struct buf line = { 0 };
	long done = 0;

	journal_chain(&jc, s->dir);

	rewind(u->spool);
	while (spool_get(u, u->t)) {
		progress_write(bar, ++done, im->imported);
		const char *id = idseq_next(q);
		rec_set(u->t, "id", id);
		buf_reset(&line);
		journal_line(&line, &jc, id, NULL, u->t);
		fwrite(line.s, 1, line.len, jf);
		struct target *g = target_of(u, u->t, s->fmt);
		if (!g->out)
			g->out = store_out_begin(s, c, g->file, idset_order(g->names), idset_count(g->names));
		store_out_put(g->out, u->t);
		store_show(s, c, idset_order(u->all), idset_count(u->all), u->t);
	}
	for (size_t i = 0; i < u->ntargets; i++) {
		store_out_end(u->targets[i].out);
		u->targets[i].out = NULL;
	}
	char *key = xstrdup(idseq_key(q));
	long last = idseq_last(q);
	idseq_close(q, c);
	commit_finish(c);
	for (long n = first; n <= last && !s->dry; n++)
		printf("%s-%06ld\n", key, n);
	free(key);
	buf_free(&line);
}

/* Without a store: the tickets on standard output, ids numbered from 1. */
static void
write_stdout(struct run *u)
{
	struct import *im = u->im;
	enum fmt fmt = im->co->out_fmt ? im->co->out_fmt : reader_format(u->r);
	struct writer *w = writer_new(stdout, fmt);
	char *key = id_day_key(policy_id_prefix(im->pol), im->co->now);
	struct buf err = { 0 };
	char id[64];

	if (fmt != FMT_JSONL && u->all)
		writer_set_header(w, idset_order(u->all), idset_count(u->all));
	rewind(u->spool);
	for (long n = 1; spool_get(u, u->t); n++) {
		snprintf(id, sizeof id, "%.40s-%06ld", key, n);
		rec_set(u->t, "id", id);
		if (writer_put(w, u->t, &err) != 0)
			die(EX_SOFTWARE, "%s", err.s);
	}
	writer_free(w);
	free(key);
	buf_free(&err);
}

/* COLS, comma-separated, as names without the spaces around them. */
static char **
split_names(const char *cols, size_t *n)
{
	char **v = NULL;

	*n = 0;
	for (const char *p = cols; *p;) {
		size_t len = strcspn(p, ",");
		const char *a = p, *b = p + len;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (b > a) {
			v = xrealloc(v, (*n + 1) * sizeof *v);
			v[(*n)++] = xstrndup(a, (size_t)(b - a));
		}
		p += len + (p[len] == ',');
	}
	if (*n == 0)
		usage_error(NULL, "--key: \"%s\": no field named", cols);
	return v;
}

/*
 * The map (the map files, then --map: a later one overrides) and the
 * options in force: those given, else those of the map files' [options].
 * A map or an option that cannot be used is a usage error (64).
 */
static void
options(struct run *u, struct buf *err)
{
	struct import *im = u->im;

	u->map = colmap_new();
	for (size_t i = 0; i < im->nmap_files; i++)
		if (colmap_load(u->map, im->map_files[i], err) != 0)
			usage_error(NULL, "--map-file: %s", err->s);
	for (size_t i = 0; i < im->nmaps; i++)
		if (colmap_inline(u->map, im->maps[i], err) != 0)
			usage_error(NULL, "--map: %s", err->s);
	const char *enc = im->encoding ? im->encoding : u->map->encoding;
	u->dec = decoder_new(enc ? enc : "UTF-8", err);
	if (!u->dec)
		usage_error(NULL, "--encoding: %s", err->s);
	u->date_fmts = im->ndate_fmts ? im->date_fmts : u->map->date_fmts;
	u->ndate_fmts = im->ndate_fmts ? im->ndate_fmts : u->map->ndate_fmts;
	const char *key = im->key ? im->key : u->map->key;
	if (key)
		u->key = split_names(key, &u->nkey);
	const char *name = im->source_name ? im->source_name : u->map->source_name;
	if (name && !*name)
		usage_error(NULL, "--source-name: empty name");
	u->source_name = name ? xstrdup(name) : base_name(im->path);
	/* The name goes into every ticket's source, which is UTF-8 text. */
	if (utf8_invalid(u->source_name, strlen(u->source_name)))
		usage_error(NULL, "%s: the source name is not UTF-8 text: give --source-name", name ? _("the map file") : im->path);
}

/*
 * Run the import IM (see cmp.h).  Return the exit status: 0, or 65 when a
 * row was rejected (the valid rows are imported all the same).  Problems
 * that stop the import exit from here with the store as it was.
 */
int
import_run(struct import *im)
{
	struct run u = { .im = im };
	struct buf err = { 0 };

	options(&u, &err);
	u.r = reader_open_decoded(im->path, u.dec);
	u.name = reader_name(u.r);
	u.row = rec_new();
	u.mapped = rec_new();
	u.t = rec_new();
	check_header(&u);
	if (im->rejects) {
		u.rejects = fopen(im->rejects, "w");
		if (!u.rejects)
			die(EX_CANTCREAT, "%s:", im->rejects);
		fputs("line,reason,raw\n", u.rejects);
	}
	struct store *s = NULL;
	struct commit *c = NULL;
	u.seen = keyset_new();
	if (im->co->store) {
		s = store_open(im->co->store, STORE_CREATE, im->co->wait, im->pol);
		c = commit_begin(s->dir, policy_file_mode(im->pol));
		store_sources(&u, s);
	}
	spool_open(&u, s);
	enum fmt store_fmt = s ? s->fmt : FMT_CSV;

	const struct input *in = reader_input(u.r);
	struct progress *bar = progress_new(input_size(in));
	int got;
	while ((got = reader_next(u.r, u.row)) != 0) {
		if (got == -2)
			die(EX_DATAERR, "%s:%ld: %s", u.name, reader_error_line(u.r), reader_error(u.r));
		im->read++;
		if (got < 0)
			reject(&u, reader_error_line(u.r), reader_error(u.r));
		else
			one_row(&u, store_fmt);
		progress_tick(bar, im->read, input_offset(in));
	}
	progress_read(bar, im->read, input_offset(in));
	if (u.rejects && (fflush(u.rejects) != 0 || ferror(u.rejects) || fclose(u.rejects) != 0))
		die(EX_IOERR, "%s: write error:", im->rejects);
	if (fflush(u.spool) != 0 || ferror(u.spool)) {
		if (u.spool_err)
			errno = u.spool_err;
		die(EX_IOERR, "%s: write error:", u.spool_path);
	}

	if (s && im->imported > 0)
		write_store(&u, s, c, bar);
	else if (s)
		commit_abandon(c);
	else
		write_stdout(&u);
	progress_done(bar);
	fclose(u.spool);
	free(u.spoolbuf);
	unlink(u.spool_path);
	atexit_forget(u.spool_path);

	if (decoder_is_auto(u.dec))
		warnx("%s: --encoding auto: read as %s", u.name,
		    decoder_name(u.dec) ? decoder_name(u.dec) : "UTF-8 (ASCII only)");
	warnx("%s: %ld read, %ld imported, %ld duplicate%s, %ld rejected", u.name, im->read,
	    im->imported, im->duplicates, im->duplicates == 1 ? "" : "s", im->rejected);

	for (size_t i = 0; i < u.ntargets; i++) {
		idset_free(u.targets[i].names);
		free(u.targets[i].file);
	}
	free(u.targets);
	idset_free(u.all);
	store_close(s);
	reader_close(u.r);
	decoder_free(u.dec);
	colmap_free(u.map);
	for (size_t i = 0; i < u.nkey; i++)
		free(u.key[i]);
	free(u.key);
	keyset_free(u.seen);
	rec_free(u.row);
	rec_free(u.mapped);
	rec_free(u.t);
	buf_free(&u.why);
	buf_free(&u.source);
	buf_free(&u.block);
	buf_free(&err);
	free(u.spool_path);
	free(u.source_name);
	return im->rejected ? EX_DATAERR : 0;
}
