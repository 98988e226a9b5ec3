/*
 * fuzz-map.c - the import mapping (mapfile.c): the input's first line is
 * a --map spec, the rest a --map-file, read in that order as cmp-new
 * --import reads them.
 *
 * A map read is then used as an import uses it: checked against a header
 * of the columns it names (and one it does not), applied to a row of them
 * as a checked CSV row and as an unchecked JSON Lines row; its
 * date-format options read a few dates, its encoding opens a decoder.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void
use(const struct colmap *m)
{
	char **hdr = NULL;
	size_t n = 0;
	struct rec *row = rec_new(), *out = rec_new();
	struct buf err = { 0 };
	time_t t;

	for (size_t i = 0; i < m->ncols; i++)
		names_union(&hdr, &n, m->cols[i].from);
	names_union(&hdr, &n, "extra");
	for (size_t i = 0; i < n; i++)
		rec_set(row, hdr[i], i < m->nvals ? m->vals[i].from : "电话");
	int ok = colmap_check(m, hdr, n, &err) == 0;
	fuzz_assert(ok || err.len);
	buf_reset(&err);
	if (ok)
		fuzz_assert(colmap_apply(m, row, out, 1, &err) == 0);
	buf_reset(&err);
	fuzz_assert(colmap_apply(m, row, out, 0, &err) == 0 || err.len);
	date_parse(m->date_fmts, m->ndate_fmts, "2011/03/01 14:27", &t);
	date_parse(m->date_fmts, m->ndate_fmts, "03/01/2011 02:27:57 PM", &t);
	if (m->encoding) {
		buf_reset(&err);
		decoder_free(decoder_new(m->encoding, &err));
	}
	names_free(hdr, n);
	rec_free(row);
	rec_free(out);
	buf_free(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = { 0 };
	struct colmap *m = colmap_new();
	const uint8_t *nl = memchr(data, '\n', size);
	size_t speclen = nl ? (size_t)(nl - data) : size;
	char *spec = fuzz_str(data, speclen);

	if (spec && colmap_inline(m, spec, &err) != 0)
		fuzz_assert(err.len);
	else {
		const char *path = fuzz_file("in.map", nl ? nl + 1 : data + size, nl ? size - speclen - 1 : 0);
		if (colmap_load(m, path, &err) != 0)
			fuzz_assert(err.len);
		else
			use(m);
	}
	colmap_free(m);
	buf_free(&err);
	free(spec);
	return 0;
}
