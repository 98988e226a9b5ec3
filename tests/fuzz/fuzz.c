/*
 * fuzz.c - the helpers of fuzz.h, linked into every target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

jmp_buf fuzz_died;
static char *dir;
static char *paths[8];
static const char *names[8];

static void
remove_dir(void)
{
	for (size_t i = 0; i < 8 && paths[i]; i++)
		unlink(paths[i]);
	rmdir(dir);
}

/* Quiet, fixed and local: the zone and clock every target runs under. */
void
fuzz_init(void)
{
	if (dir)
		return;
	setprogname("cmp-fuzz");
	setenv("TZ", "Asia/Shanghai", 1);
	time_local_tz_default();
	const char *t = getenv("TMPDIR");
	char *d = xasprintf("%s/cmp-fuzz.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(d)) {
		perror(d);
		abort();
	}
	dir = d;
	atexit(remove_dir);
}

/*
 * The input written to the file NAME of the target's temporary directory:
 * its path, good until the next call with the same NAME.  The directory
 * is removed when the target ends normally.
 */
const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	size_t i;

	fuzz_init();
	for (i = 0; i < 8 && names[i] && strcmp(names[i], name) != 0; i++)
		;
	if (i == 8)
		abort();
	if (!names[i]) {
		names[i] = name;
		paths[i] = path_join(dir, name);
	}
	FILE *fp = fopen(paths[i], "w");
	if (!fp || fwrite(data, 1, size, fp) != size || fclose(fp) != 0) {
		perror(paths[i]);
		abort();
	}
	return paths[i];
}

/* The input as a C string (free it), or NULL when it holds a NUL byte,
 * which no argument or option value can. */
char *
fuzz_str(const uint8_t *data, size_t size)
{
	if (memchr(data, '\0', size))
		return NULL;
	return xstrndup((const char *)data, size);
}

static void
back_from_die(int code)
{
	(void)code;
	longjmp(fuzz_died, 1);
}

/*
 * Come back to setjmp(fuzz_died) from a die() that refuses the input,
 * rather than exit: the target goes on with the next input.
 */
void
fuzz_catch_die(void)
{
	die_hook = back_from_die;
}

_Noreturn void
fuzz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: fuzz_assert(%s) failed\n", file, line, what);
	abort();
}

/*
 * Read PATH as an import does, decoded ("auto") with each record's text
 * kept: the text is never longer than said, the line never 0.  Decoded,
 * the input may read as CSV whatever it was: -2 is a bad header.
 */
void
fuzz_read_decoded(const char *path)
{
	struct buf err = { 0 };
	struct decoder *dec = decoder_new("auto", &err);
	struct reader *r = reader_open_decoded(path, dec);
	struct rec *rec = rec_new();
	size_t n;
	long line;
	int got;

	while ((got = reader_next(r, rec)) != 0 && got != -2) {
		const char *raw = reader_raw(r, &n, &line);
		fuzz_assert(strlen(raw) <= n && line > 0);
	}
	rec_free(rec);
	reader_close(r);
	decoder_free(dec);
	buf_free(&err);
}

static void
same_rec(const struct rec *a, const struct rec *b)
{
	fuzz_assert(a->n == b->n && a->line == b->line);
	for (size_t i = 0; i < a->n; i++) {
		fuzz_assert(strcmp(a->f[i].name, b->f[i].name) == 0);
		fuzz_assert(a->f[i].vlen == b->f[i].vlen);
		fuzz_assert(memcmp(a->f[i].val, b->f[i].val, a->f[i].vlen + 1) == 0);
	}
}

/*
 * Read PATH with both parsers in step, decoded by ENC (NULL: as a tool
 * reads it), and require the same of each at every step: the reference
 * when the environment variable VAR is REF, the fast path when it is
 * FAST (CMP_CSV libcsv/scanner, CMP_JSON jansson/flat).
 */
void
fuzz_read_alike(const char *path, const char *enc, const char *var, const char *ref, const char *fast)
{
	struct buf err = { 0 };
	struct decoder *dec[2] = { NULL, NULL };
	struct reader *r[2];
	struct rec *rec[2] = { rec_new(), rec_new() };
	int got[2];

	for (int i = 0; i < 2; i++) {
		setenv(var, i ? fast : ref, 1);
		if (enc) {
			dec[i] = decoder_new(enc, &err);
			fuzz_assert(dec[i] != NULL);
		}
		r[i] = enc ? reader_open_decoded(path, dec[i]) : reader_open(path);
	}
	unsetenv(var);
	fuzz_assert(reader_format(r[0]) == reader_format(r[1]));
	do {
		for (int i = 0; i < 2; i++)
			got[i] = reader_next(r[i], rec[i]);
		fuzz_assert(got[0] == got[1]);
		fuzz_assert(strcmp(reader_error(r[0]), reader_error(r[1])) == 0);
		fuzz_assert(reader_error_line(r[0]) == reader_error_line(r[1]));
		if (got[0] == 1)
			same_rec(rec[0], rec[1]);
		size_t n[2];
		long line[2];
		const char *raw[2];
		for (int i = 0; i < 2; i++)
			raw[i] = reader_raw(r[i], &n[i], &line[i]);
		fuzz_assert(n[0] == n[1] && line[0] == line[1] && memcmp(raw[0], raw[1], n[0]) == 0);
	} while (got[0] != 0 && got[0] != -2);
	if (got[0] == 0) {
		size_t nh[2] = { 0, 0 };
		char **h[2];
		for (int i = 0; i < 2; i++)
			h[i] = reader_header(r[i], &nh[i]);
		fuzz_assert(nh[0] == nh[1] && (h[0] == NULL) == (h[1] == NULL));
		for (size_t i = 0; h[0] && i < nh[0]; i++)
			fuzz_assert(strcmp(h[0][i], h[1][i]) == 0);
	}
	for (int i = 0; i < 2; i++) {
		rec_free(rec[i]);
		reader_close(r[i]);
		decoder_free(dec[i]);
	}
	buf_free(&err);
}
