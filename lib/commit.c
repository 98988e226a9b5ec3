/*
 * commit.c - one command, one all-or-nothing change to the store.
 *
 * Contract: a change is a set of whole-file replacements (open.csv, .seq)
 * and appends (journal.jsonl, archive/YYYY-MM.csv, or open.csv itself when
 * only new rows are added).  Appends are held in memory, or, for an import
 * of any size, in a temporary .append-N.new file of the store, which the
 * intent then names instead of holding the bytes.  Under the exclusive
 * store lock:
 *
 *   1. each replacement is written to FILE.new in the store (and each
 *      append spooled to a file, to its .append-N.new), flushed, fsynced
 *      and closed;
 *   2. the intent - every append's data (or the name of its .append-N.new)
 *      with the size its file has now, and every rename - is written to
 *      .pending.new, fsynced, and renamed to .pending; the directory is
 *      fsynced.  This rename is the commit point: before it the store is
 *      unchanged, after it the change is made, whatever happens next;
 *   3. the intent is applied: each appended file is cut back to its
 *      recorded size (undoing any half-written earlier attempt) and the
 *      data written and fsynced; each FILE.new is renamed over FILE; the
 *      directory is fsynced; .pending is removed, then the .append-N.new
 *      files.
 *
 * Applying is idempotent, so after a crash (kill -9, power cut) the next
 * process to take the lock finishes a committed change (commit_recover)
 * and sweeps away the .new files of one that never committed.  Readers see
 * either the old state or the new one, never a half.  Every file created
 * gets the store's mode (0600 unless [store] mode widens it) whatever the
 * umask.  A failure before the commit point (disk full, say) exits 74 with
 * the store as it was.
 *
 * A dry run (--dry-run, SPEC §9) makes the change nowhere: its files are
 * streams that discard what they get, so that the whole change runs,
 * refusals and all, and no intent is written.  The records it would write
 * are gathered instead (commit_shown, store_show) and printed at what
 * would have been the commit point, so that a refused dry run prints
 * nothing, as a refused change does.  store.c opens the store for it as a
 * reader does.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmp.h"

/* ERR: the errno of FP's first failed write, apart: the arrays move. */
struct replacement { char *file, *tmp; FILE *fp; int fd, *err; };
struct appendage {
	char *file;
	struct buf data;	/* the bytes to append, in memory ... */
	FILE *fp;		/* ... or in the temporary file TMP */
	char *tmp;
	char *fpbuf;
	int fd;			/* FP's descriptor (fileno() knows none) */
	int *err;		/* of FP's first failed write */
};

#define APPEND_BUFSIZE (256 * 1024)

static void write_all(int fd, const char *data, size_t n, const char *name);

struct commit {
	char *store;
	unsigned mode;
	int dry;		/* a dry run: nothing is written */
	FILE *shown;		/* a dry run's records, printed at the end */
	struct replacement *rep;
	size_t nrep;
	struct appendage *app;
	size_t napp;
};

/*
 * Open PATH with FLAGS, creating it with MODE exactly (not masked by the
 * umask) if it does not exist.  Return the descriptor or -1.
 */
int
create_file_mode(const char *path, int flags, unsigned mode)
{
	int fd = open(path, flags | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd >= 0) {
		if (fchmod(fd, mode) != 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	if (errno != EEXIST || (flags & O_EXCL))
		return -1;
	return open(path, flags | O_CLOEXEC);
}

/*
 * A stdio stream on FD that keeps in *ERR the errno of its first failed
 * write.  glibc's stdio sets only the error flag when a full buffer fails
 * to go out, and by the time the caller checks with fflush or ferror,
 * errno says something else ("write error: Success"): the message must
 * name the cause, a full disk or an I/O error.  fileno() of the stream is
 * -1: the caller keeps FD to fsync it.
 */
struct fdcookie { int fd; int *err; };

static ssize_t
cookie_read(void *cookie, char *data, size_t n)
{
	struct fdcookie *k = cookie;
	ssize_t r;

	while ((r = read(k->fd, data, n)) < 0 && errno == EINTR)
		;
	return r;
}

static ssize_t
cookie_write(void *cookie, const char *data, size_t n)
{
	struct fdcookie *k = cookie;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(k->fd, data + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			if (!*k->err)
				*k->err = errno;
			break;
		}
		done += (size_t)w;
	}
	return (ssize_t)done;	/* short: stdio sets the error flag */
}

static int
cookie_seek(void *cookie, off64_t *off, int whence)
{
	struct fdcookie *k = cookie;
	off_t r = lseek(k->fd, (off_t)*off, whence);

	if (r < 0)
		return -1;
	*off = r;
	return 0;
}

static int
cookie_close(void *cookie)
{
	struct fdcookie *k = cookie;
	int r = close(k->fd);

	if (r != 0 && !*k->err)
		*k->err = errno;
	free(k);
	return r;
}

FILE *
fdopen_keep_errno(int fd, const char *mode, int *err)
{
	struct fdcookie *k = xmalloc(sizeof *k);
	cookie_io_functions_t io = { cookie_read, cookie_write, cookie_seek, cookie_close };

	*err = 0;
	k->fd = fd;
	k->err = err;
	FILE *fp = fopencookie(k, mode, io);
	if (!fp)
		free(k);
	return fp;
}

/* Die with CODE for the write to NAME that failed, with its cause ERR if known. */
static _Noreturn void
write_failed(int err, const char *fmt, const char *name)
{
	if (err)
		errno = err;
	die(EX_IOERR, fmt, name);
}

static void
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 || fsync(fd) != 0)
		die(EX_IOERR, "%s: cannot sync directory:", dir);
	close(fd);
}

static int dry_run;
static enum fmt dry_fmt;

/*
 * --dry-run: every change this process begins from now on is a dry run,
 * its records shown in SHOW (FMT_NONE: the store's encoding).
 */
void
commit_set_dry(enum fmt show)
{
	dry_run = 1;
	dry_fmt = show;
}

/* Whether changes are dry runs; *SHOW (if not NULL) the encoding to show. */
int
commit_dry(enum fmt *show)
{
	if (show)
		*show = dry_fmt;
	return dry_run;
}

/* A dry run's stand-in for a file: what is written to it goes nowhere. */
static ssize_t
discard_write(void *cookie, const char *data, size_t n)
{
	(void)cookie;
	(void)data;
	return (ssize_t)n;
}

static FILE *
discarding(void)
{
	cookie_io_functions_t io = { NULL, discard_write, NULL, NULL };
	FILE *fp = fopencookie(NULL, "w", io);

	if (!fp)
		die(EX_OSERR, "fopencookie:");
	return fp;
}

struct commit *
commit_begin(const char *store, unsigned mode)
{
	struct commit *c = xcalloc(1, sizeof *c);

	c->store = xstrdup(store);
	c->mode = mode;
	c->dry = dry_run;
	return c;
}

/*
 * The stream a dry run's records go to (store_show), outside the store:
 * an unnamed temporary file, for an import of any size.
 */
FILE *
commit_shown(struct commit *c)
{
	if (!c->shown && !(c->shown = tmpfile()))
		die(EX_CANTCREAT, "tmpfile:");
	return c->shown;
}

/*
 * A stream to write the new content of FILE (relative to the store) to;
 * it replaces FILE when the change is finished.  It keeps FILE's mode.
 */
FILE *
commit_replace(struct commit *c, const char *file)
{
	if (c->dry) {
		c->rep = xrealloc(c->rep, (c->nrep + 1) * sizeof *c->rep);
		struct replacement *r = &c->rep[c->nrep++];
		*r = (struct replacement){ xstrdup(file), NULL, discarding(), -1, NULL };
		return r->fp;
	}
	char *path = path_join(c->store, file);
	char *tmp = xasprintf("%s.new", path);
	struct stat st;
	unsigned mode = stat(path, &st) == 0 ? (st.st_mode & 0777) : c->mode;

	unlink(tmp);
	atexit_unlink(tmp);
	int fd = create_file_mode(tmp, O_WRONLY | O_TRUNC | O_EXCL, mode);
	if (fd < 0)
		die(EX_CANTCREAT, "%s:", tmp);
	c->rep = xrealloc(c->rep, (c->nrep + 1) * sizeof *c->rep);
	struct replacement *r = &c->rep[c->nrep++];
	*r = (struct replacement){ xstrdup(file), tmp, NULL, fd, xcalloc(1, sizeof *r->err) };
	if (!(r->fp = fdopen_keep_errno(fd, "w", r->err)))
		die(EX_OSERR, "%s:", tmp);
	free(path);
	return r->fp;
}

static struct appendage *
appendage(struct commit *c, const char *file)
{
	for (size_t i = 0; i < c->napp; i++)
		if (strcmp(c->app[i].file, file) == 0)
			return &c->app[i];
	c->app = xrealloc(c->app, (c->napp + 1) * sizeof *c->app);
	struct appendage *a = &c->app[c->napp++];
	memset(a, 0, sizeof *a);
	a->file = xstrdup(file);
	return a;
}

/* Add N bytes of DATA to the end of FILE (relative to the store). */
void
commit_append(struct commit *c, const char *file, const char *data, size_t n)
{
	struct appendage *a = appendage(c, file);

	if (c->dry)
		return;
	if (a->fp)
		fwrite(data, 1, n, a->fp);	/* checked in commit_finish */
	else
		buf_add(&a->data, data, n);
}

/*
 * A stream to write what is to be added to the end of FILE (relative to
 * the store), for more than memory should hold: it goes to a temporary
 * file in the store, which the intent names when the change is finished
 * (and which is swept like the others if the change never commits).
 */
FILE *
commit_append_stream(struct commit *c, const char *file)
{
	struct appendage *a = appendage(c, file);

	if (a->fp)
		return a->fp;
	if (c->dry) {
		buf_free(&a->data);
		return a->fp = discarding();
	}
	char *name = xasprintf(".append-%zu.new", (size_t)(a - c->app));
	a->tmp = path_join(c->store, name);
	free(name);
	unlink(a->tmp);
	atexit_unlink(a->tmp);
	int fd = create_file_mode(a->tmp, O_RDWR | O_EXCL, c->mode);
	if (fd < 0)
		die(EX_CANTCREAT, "%s:", a->tmp);
	a->fd = fd;
	a->err = xcalloc(1, sizeof *a->err);
	if (!(a->fp = fdopen_keep_errno(fd, "w+", a->err)))
		die(EX_OSERR, "%s:", a->tmp);
	a->fpbuf = xmalloc(APPEND_BUFSIZE);	/* fewer, larger writes */
	setvbuf(a->fp, a->fpbuf, _IOFBF, APPEND_BUFSIZE);
	fwrite(a->data.s ? a->data.s : "", 1, a->data.len, a->fp);
	buf_free(&a->data);
	return a->fp;
}

static void
write_all(int fd, const char *data, size_t n, const char *name)
{
	while (n > 0) {
		ssize_t w = write(fd, data, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die(EX_IOERR, "%s: write error:", name);
		}
		data += w;
		n -= (size_t)w;
	}
}

static unsigned
dir_mode(unsigned mode)
{
	return mode | ((mode & 0444) >> 2);	/* x wherever r */
}

/*
 * Cut FILE (relative to STORE) back to SIZE bytes and append the next N
 * bytes of SRC (named SRCNAME) to it, durably.
 */
static void
append_to(const char *store, const char *file, long long size, FILE *src, const char *srcname, long long n, unsigned mode)
{
	char *path = path_join(store, file);
	char *slash = strrchr(path, '/');

	*slash = '\0';
	if (mkdir(path, dir_mode(mode)) == 0)
		chmod(path, dir_mode(mode));
	else if (errno != EEXIST)
		die(EX_IOERR, "%s:", path);	/* not the file's ENOENT: the cause */
	*slash = '/';
	int fd = create_file_mode(path, O_WRONLY, mode);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0)
		die(EX_IOERR, "%s:", path);
	if (st.st_size < size)
		die(EX_IOERR, "%s: shorter than when the change was committed (was the store edited by hand?)", path);
	if (ftruncate(fd, (off_t)size) != 0 || lseek(fd, 0, SEEK_END) < 0)
		die(EX_IOERR, "%s:", path);
	char chunk[65536];
	while (n > 0) {
		size_t want = n < (long long)sizeof chunk ? (size_t)n : sizeof chunk;
		size_t got = fread(chunk, 1, want, src);
		if (got != want)
			die(EX_IOERR, "%s: truncated intent", srcname);
		write_all(fd, chunk, got, path);
		n -= (long long)got;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		die(EX_IOERR, "%s: cannot sync:", path);
	free(path);
}

/* Apply the intent in STORE/.pending (step 3 of the contract). */
static void
apply(const char *store, unsigned mode)
{
	char *pending = path_join(store, ".pending");
	FILE *fp = fopen(pending, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int done = 0;

	if (!fp)
		die(EX_IOERR, "%s:", pending);
	char **spent = NULL;	/* the temporary files appended from */
	size_t nspent = 0;

	while (!done && (len = getline(&line, &cap, fp)) > 0) {
		char file[4096], to[4096], from[4096];
		long long size, n;
		int k;
		if (strcmp(line, "cmp-pending 1\n") == 0)
			continue;
		if (strcmp(line, "end\n") == 0) {
			done = 1;
		} else if ((k = sscanf(line, "append %4095s %lld %lld from %4095s", file, &size, &n, from)) >= 3 &&
		    size >= 0 && n >= 0) {
			FILE *src = fp;
			char *srcname = pending;
			if (k == 4) {
				srcname = path_join(store, from);
				if (!(src = fopen(srcname, "r")))
					die(EX_IOERR, "%s:", srcname);
				spent = xrealloc(spent, (nspent + 1) * sizeof *spent);
				spent[nspent++] = srcname;
			}
			append_to(store, file, size, src, srcname, n, mode);
			if (k == 4)
				fclose(src);
		} else if (sscanf(line, "rename %4095s %4095s", file, to) == 2) {
			char *from = path_join(store, file), *dest = path_join(store, to);
			if (rename(from, dest) != 0 && errno != ENOENT)
				die(EX_IOERR, "%s:", from);
			atexit_forget(from);
			free(from);
			free(dest);
		} else
			die(EX_IOERR, "%s: corrupt intent line: %s", pending, line);
	}
	if (!done)
		die(EX_IOERR, "%s: incomplete intent", pending);
	free(line);
	fclose(fp);
	fsync_dir(store);
	if (unlink(pending) != 0)
		die(EX_IOERR, "%s:", pending);
	fsync_dir(store);
	for (size_t i = 0; i < nspent; i++) {
		unlink(spent[i]);
		atexit_forget(spent[i]);
		free(spent[i]);
	}
	free(spent);
	free(pending);
}

int
commit_pending(const char *store)
{
	char *pending = path_join(store, ".pending");
	int r = access(pending, F_OK) == 0;

	free(pending);
	return r;
}

/* Remove the .new files in DIR: leftovers of a change that never committed. */
static void
sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 4 && strcmp(e->d_name + n - 4, ".new") == 0) {
			char *p = path_join(dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

/*
 * Under the exclusive lock: finish a change that committed but was not
 * applied, then sweep the leftovers of any that never committed (or of
 * the committed one's own work: an import's spool, which no intent names).
 */
void
commit_recover(const char *store, unsigned mode)
{
	if (commit_pending(store))
		apply(store, mode);
	sweep(store);
	/* An import may rewrite an archive month (store_out_begin). */
	char *archive = path_join(store, "archive");
	sweep(archive);
	free(archive);
}

/* Close and remove the temporary files of the appends; free them. */
static void
free_appendages(struct commit *c)
{
	for (size_t i = 0; i < c->napp; i++) {
		struct appendage *a = &c->app[i];
		if (a->fp && !a->tmp)	/* a dry run's */
			fclose(a->fp);
		else if (a->fp) {
			fclose(a->fp);
			free(a->fpbuf);
			unlink(a->tmp);	/* if apply() has not */
			atexit_forget(a->tmp);
			free(a->tmp);
			free(a->err);	/* after fclose: the stream writes to it */
		}
		free(a->file);
		buf_free(&a->data);
	}
	free(c->app);
}

static void
commit_free(struct commit *c)
{
	for (size_t i = 0; i < c->nrep; i++) {
		free(c->rep[i].file);
		free(c->rep[i].tmp);
		free(c->rep[i].err);
	}
	free_appendages(c);
	if (c->shown)
		fclose(c->shown);
	free(c->rep);
	free(c->store);
	free(c);
}

/*
 * A dry run's commit point: nothing is written; the records the change
 * would have written are printed on standard output.
 */
static void
finish_dry(struct commit *c)
{
	char chunk[65536];
	size_t n;

	for (size_t i = 0; i < c->nrep; i++)
		fclose(c->rep[i].fp);
	if (c->shown) {
		if (fflush(c->shown) != 0 || ferror(c->shown))
			die(EX_IOERR, "tmpfile: write error:");
		rewind(c->shown);
		while ((n = fread(chunk, 1, sizeof chunk, c->shown)) > 0)
			fwrite(chunk, 1, n, stdout);	/* checked by fshut */
		if (ferror(c->shown))
			die(EX_IOERR, "tmpfile: read error:");
	}
	commit_free(c);
}

/* Make the change durable, all of it or none of it (the contract above). */
void
commit_finish(struct commit *c)
{
	if (c->dry) {
		finish_dry(c);
		return;
	}
	for (size_t i = 0; i < c->nrep; i++) {
		struct replacement *r = &c->rep[i];
		if (fflush(r->fp) != 0 || ferror(r->fp))
			write_failed(*r->err, "%s: write error:", r->tmp);
		if (fsync(r->fd) != 0)
			die(EX_IOERR, "%s: write error:", r->tmp);
		if (fclose(r->fp) != 0)
			write_failed(*r->err, "%s: write error:", r->tmp);
	}
	char *pnew = path_join(c->store, ".pending.new");
	unlink(pnew);
	atexit_unlink(pnew);
	int fd = create_file_mode(pnew, O_WRONLY | O_EXCL, c->mode);
	if (fd < 0)
		die(EX_CANTCREAT, "%s:", pnew);
	struct buf head = { 0 };
	buf_adds(&head, "cmp-pending 1\n");
	for (size_t i = 0; i < c->napp; i++) {
		struct appendage *a = &c->app[i];
		char *path = path_join(c->store, a->file);
		struct stat st;
		long long size = stat(path, &st) == 0 ? (long long)st.st_size : 0;
		if (a->fp) {
			/* The intent names the temporary file: it must last. */
			long long n;
			if (fflush(a->fp) != 0 || ferror(a->fp) || (n = (long long)ftello(a->fp)) < 0)
				write_failed(*a->err, "%s: write error:", a->tmp);
			if (fsync(a->fd) != 0)
				die(EX_IOERR, "%s: write error:", a->tmp);
			buf_printf(&head, "append %s %lld %lld from %s\n", a->file, size, n, strrchr(a->tmp, '/') + 1);
			write_all(fd, head.s, head.len, pnew);
		} else {
			buf_printf(&head, "append %s %lld %zu\n", a->file, size, a->data.len);
			write_all(fd, head.s, head.len, pnew);
			write_all(fd, a->data.s, a->data.len, pnew);
		}
		buf_reset(&head);
		free(path);
	}
	for (size_t i = 0; i < c->nrep; i++)
		buf_printf(&head, "rename %s.new %s\n", c->rep[i].file, c->rep[i].file);
	buf_adds(&head, "end\n");
	write_all(fd, head.s, head.len, pnew);
	if (fsync(fd) != 0 || close(fd) != 0)
		die(EX_IOERR, "%s: write error:", pnew);
	char *pending = path_join(c->store, ".pending");
	if (rename(pnew, pending) != 0)
		die(EX_IOERR, "%s:", pending);
	/*
	 * The intent is in place: whatever fails from here on, the next
	 * command that opens the store completes the change.  The exit is
	 * still 74 (the disk needs care), but the message says the change is
	 * made, so that nobody repeats it.
	 */
	die_also("the change is made: the next command on the store completes it; do not repeat it");
	/* From here on the .new files belong to the intent: keep them. */
	atexit_forget(pnew);
	for (size_t i = 0; i < c->nrep; i++)
		atexit_forget(c->rep[i].tmp);
	for (size_t i = 0; i < c->napp; i++)
		if (c->app[i].fp)
			atexit_forget(c->app[i].tmp);
	fsync_dir(c->store);	/* the commit point */
	apply(c->store, c->mode);
	die_also(NULL);

	buf_free(&head);
	free(pending);
	free(pnew);
	commit_free(c);
}

/* Give up a change that has nothing to write: the store stays as it was. */
void
commit_abandon(struct commit *c)
{
	for (size_t i = 0; i < c->nrep; i++) {
		fclose(c->rep[i].fp);
		if (c->rep[i].tmp) {	/* not a dry run's */
			unlink(c->rep[i].tmp);
			atexit_forget(c->rep[i].tmp);
		}
	}
	commit_free(c);
}
