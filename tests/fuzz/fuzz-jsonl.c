/*
 * fuzz-jsonl.c - the JSON Lines record reader (reader.c, jsonl.c,
 * input.c): the input is a file whose first non-blank byte is '{' (others
 * are CSV, fuzz-csv's, and left out of the corpus).
 *
 * Besides not crashing, the good records must survive a round trip:
 * written back by writer.c, read again as the same fields and values.
 * The same bytes are then read as an import reads them, through the
 * "auto" decoder with the text of each record kept.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The good records of PATH into *RECS (and how many); return the number
 * of records refused. */
static size_t
read_all(const char *path, struct rec ***recs, size_t *n)
{
	struct reader *r = reader_open(path);
	struct rec *rec = rec_new();
	size_t bad = 0;
	int got;

	*n = 0;
	while ((got = reader_next(r, rec)) != 0) {
		fuzz_assert(got == 1 || (got == -1 && *reader_error(r) && reader_error_line(r) > 0));
		if (got < 0) {
			bad++;
			continue;
		}
		*recs = xrealloc(*recs, (*n + 1) * sizeof **recs);
		(*recs)[*n] = rec_new();
		rec_copy((*recs)[(*n)++], rec);
	}
	rec_free(rec);
	reader_close(r);
	return bad;
}

static void
free_all(struct rec **recs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rec_free(recs[i]);
	free(recs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec **recs = NULL, **again = NULL;
	size_t n, n2;
	const char *path = fuzz_file("in.jsonl", data, size);

	struct reader *peek = reader_open(path);
	enum fmt fmt = reader_format(peek);
	reader_close(peek);
	if (fmt != FMT_JSONL)
		return -1;
	read_all(path, &recs, &n);
	if (n) {
		struct buf err = { 0 };
		char *text;
		size_t len;
		FILE *fp = open_memstream(&text, &len);
		struct writer *w = writer_new(fp, FMT_JSONL);
		for (size_t i = 0; i < n; i++)
			fuzz_assert(writer_put(w, recs[i], &err) == 0);
		writer_free(w);
		fclose(fp);
		const char *path2 = fuzz_file("out.jsonl", (const uint8_t *)text, len);
		fuzz_assert(read_all(path2, &again, &n2) == 0);
		fuzz_assert(n2 == n);
		for (size_t i = 0; i < n; i++)
			fuzz_assert(again[i]->n == recs[i]->n && rec_same_values(again[i], recs[i]));
		free_all(again, n2);
		free(text);
		buf_free(&err);
	}
	free_all(recs, n);
	fuzz_read_decoded(path);
	return 0;
}
