/*
 * reader.c - records in, whatever their encoding.
 *
 * Commands see only this interface: open a file or "-", get records one at
 * a time.  The encoding is told from the first non-blank byte (SPEC §3)
 * and the work is done by csv.c or jsonl.c.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct reader {
	struct input *in;
	enum fmt fmt;
	struct csv_in *csv;
	struct jsonl_in *jsonl;
	struct buf err;
	long errline;
};

/* Open PATH ("-" is standard input); exit 66 if it cannot be read. */
struct reader *
reader_open(const char *path)
{
	return reader_open_decoded(path, NULL);
}

/*
 * Open PATH as reader_open() does, reading its lines through the decoder
 * DEC (NULL: none) and keeping the text of each record for reader_raw():
 * what an import needs.
 */
struct reader *
reader_open_decoded(const char *path, struct decoder *dec)
{
	struct reader *r = xcalloc(1, sizeof *r);

	r->in = input_open(path);
	if (dec)
		input_set_decoder(r->in, dec);
	r->fmt = input_peek_format(r->in);
	if (r->fmt == FMT_JSONL)
		r->jsonl = jsonl_in_new(r->in);
	else {
		r->csv = csv_in_new(r->in);
		if (dec)
			csv_in_keep_raw(r->csv);
	}
	return r;
}

/*
 * The text of the record reader_next() last returned or refused (for a
 * reader from reader_open_decoded), and in *LINE the physical line where
 * it starts.
 */
const char *
reader_raw(const struct reader *r, size_t *n, long *line)
{
	if (r->jsonl)
		return jsonl_in_raw(r->jsonl, n, line);
	if (r->csv)
		return csv_in_raw(r->csv, n, line);
	*n = 0;
	*line = 0;
	return "";
}

/* The input under R: its bytes read and size, for a progress bar. */
const struct input *
reader_input(const struct reader *r)
{
	return r->in;
}

void
reader_close(struct reader *r)
{
	if (!r)
		return;
	csv_in_free(r->csv);
	jsonl_in_free(r->jsonl);
	input_close(r->in);
	buf_free(&r->err);
	free(r);
}

/* FMT_CSV, FMT_JSONL, or FMT_NONE for an input with nothing in it. */
enum fmt
reader_format(const struct reader *r)
{
	return r->fmt;
}

const char *
reader_name(const struct reader *r)
{
	return input_name(r->in);
}

const char *
reader_error(const struct reader *r)
{
	return r->err.s ? r->err.s : "";
}

long
reader_error_line(const struct reader *r)
{
	return r->errline;
}

/*
 * Read the next record into REC: 1, 0 at the end, -1 for a bad record
 * (reader_error() and reader_error_line() say what and where; the next
 * call goes on after it), -2 when the input cannot be read further.
 */
int
reader_next(struct reader *r, struct rec *rec)
{
	buf_reset(&r->err);
	if (r->fmt == FMT_NONE)
		return 0;
	if (r->jsonl)
		return jsonl_in_next(r->jsonl, rec, &r->err, &r->errline);
	return csv_in_next(r->csv, rec, &r->err, &r->errline);
}

/* reader_next(), but a bad record stops the tool: FILE:LINE: problem, 65. */
int
reader_next_or_die(struct reader *r, struct rec *rec)
{
	int got = reader_next(r, rec);

	if (got < 0)
		die(EX_DATAERR, "%s:%ld: %s", reader_name(r), r->errline, reader_error(r));
	return got;
}

/*
 * The CSV header's field names (NULL for JSON Lines or an empty input); a
 * bad header stops the tool with 65.
 */
char **
reader_header(struct reader *r, size_t *n)
{
	if (!r->csv)
		return NULL;
	char **h = csv_in_header(r->csv, n, &r->err, &r->errline);
	if (!h && r->err.len)
		die(EX_DATAERR, "%s:%ld: %s", reader_name(r), r->errline, reader_error(r));
	return h;
}
