/*
 * fuzz-csv.c - the CSV record reader (reader.c, csv.c, input.c), as every
 * tool reads a file: the input is a CSV file.
 *
 * Besides not crashing, what it reads must survive a round trip: the
 * header and the good records, written back by writer.c, read again as
 * the same header and records.  The same bytes are then read as an import
 * reads them, through the "auto" decoder (encoding.c) with the text of
 * each record kept.  An input taken for JSON Lines (its first non-blank
 * byte is '{') is fuzz-jsonl's and is left out of the corpus.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* Every good record of PATH into *RECS (and how many), the header into
 * *HDR: reader_next()'s last return. */
static int
read_all(const char *path, struct rec ***recs, size_t *n, char ***hdr, size_t *nhdr)
{
	struct reader *r = reader_open(path);
	struct rec *rec = rec_new();
	int got;

	*n = *nhdr = 0;
	*hdr = NULL;
	while ((got = reader_next(r, rec)) != 0 && got != -2) {
		fuzz_assert(got == 1 || *reader_error(r));
		if (got < 0)
			continue;
		*recs = xrealloc(*recs, (*n + 1) * sizeof **recs);
		(*recs)[*n] = rec_new();
		rec_copy((*recs)[(*n)++], rec);
	}
	if (got == 0 && reader_format(r) == FMT_CSV) {
		char **h = reader_header(r, nhdr);
		*hdr = xcalloc(*nhdr, sizeof **hdr);
		for (size_t i = 0; i < *nhdr; i++)
			(*hdr)[i] = xstrdup(h[i]);
	}
	rec_free(rec);
	reader_close(r);
	return got;
}

static void
free_all(struct rec **recs, size_t n, char **hdr, size_t nhdr)
{
	for (size_t i = 0; i < n; i++)
		rec_free(recs[i]);
	free(recs);
	names_free(hdr, nhdr);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec **recs = NULL, **again = NULL;
	char **hdr, **hdr2;
	size_t n, n2, nhdr, nhdr2;
	const char *path = fuzz_file("in.csv", data, size);

	struct reader *peek = reader_open(path);
	enum fmt fmt = reader_format(peek);
	reader_close(peek);
	if (fmt == FMT_JSONL)
		return -1;
	if (read_all(path, &recs, &n, &hdr, &nhdr) == 0 && nhdr) {
		struct buf err = { 0 };
		char *text;
		size_t len;
		FILE *fp = open_memstream(&text, &len);
		struct writer *w = writer_new(fp, FMT_CSV);
		writer_set_header(w, hdr, nhdr);
		for (size_t i = 0; i < n; i++)
			fuzz_assert(writer_put(w, recs[i], &err) == 0);
		if (n == 0) {
			/* The header goes out with a first record: an empty one,
			 * which reads back as a row of empty fields. */
			struct rec *none = rec_new();
			writer_put(w, none, &err);
			rec_free(none);
		}
		writer_free(w);
		fclose(fp);
		const char *path2 = fuzz_file("out.csv", (const uint8_t *)text, len);
		fuzz_assert(read_all(path2, &again, &n2, &hdr2, &nhdr2) == 0);
		fuzz_assert(nhdr2 == nhdr);
		for (size_t i = 0; i < nhdr; i++)
			fuzz_assert(strcmp(hdr[i], hdr2[i]) == 0);
		fuzz_assert(n2 == n + (n == 0));
		for (size_t i = 0; i < n; i++)
			fuzz_assert(again[i]->n == recs[i]->n && rec_same_values(again[i], recs[i]));
		free_all(again, n2, hdr2, nhdr2);
		free(text);
		buf_free(&err);
	}
	free_all(recs, n, hdr, nhdr);
	fuzz_read_decoded(path);
	return 0;
}
