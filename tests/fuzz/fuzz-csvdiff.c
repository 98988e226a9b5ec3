/*
 * fuzz-csvdiff.c - the CSV scanner of csv.c against libcsv, its reference
 * (CMP_CSV=libcsv): the same input, read by both in step, must give the
 * same header, the same records (names, values, lengths, lines) and the
 * same errors at the same lines; read as an import reads it (through the
 * "auto" decoder), the same text of each record too.  The scanner is the
 * fast path every tool runs, libcsv the parser the suite was written
 * against: any difference is a finding.  utf8_invalid(), written out for
 * speed, must also find what utf8proc_iterate() finds, at the same byte.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fuzz.h"

/* The first invalid byte as utf8proc_iterate() sees it: the reference
 * for utf8.c's own loop. */
static const char *
utf8proc_invalid(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;

	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 0)
			return (const char *)p;
		p += k;
	}
	return NULL;
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

/* Read PATH with both parsers in step, decoded by ENC (NULL: as a tool
 * reads it), and require the same of each at every step. */
static void
compare(const char *path, const char *enc)
{
	struct buf err = { 0 };
	struct decoder *dec[2] = { NULL, NULL };
	struct reader *r[2];
	struct rec *rec[2] = { rec_new(), rec_new() };
	int got[2];

	for (int i = 0; i < 2; i++) {
		setenv("CMP_CSV", i ? "scanner" : "libcsv", 1);
		if (enc) {
			dec[i] = decoder_new(enc, &err);
			fuzz_assert(dec[i] != NULL);
		}
		r[i] = enc ? reader_open_decoded(path, dec[i]) : reader_open(path);
	}
	unsetenv("CMP_CSV");
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	fuzz_assert(utf8_invalid(s, size) == utf8proc_invalid(s, size));
	const char *path = fuzz_file("in.csv", data, size);
	struct reader *peek = reader_open(path);
	enum fmt fmt = reader_format(peek);
	reader_close(peek);
	if (fmt == FMT_JSONL)
		return -1;
	compare(path, NULL);
	compare(path, "auto");
	return 0;
}
