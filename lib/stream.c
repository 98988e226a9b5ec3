/*
 * stream.c - the records of several inputs, one after the other.
 *
 * A tool's input is a list of files (operands, or the store's archive and
 * open files); this reads them in order as one stream of records.  A bad
 * record stops the tool with "FILE:LINE: problem" and exit 65.
 */
#include <stdlib.h>

#include "cmp.h"

struct stream {
	char **paths;
	size_t n, i;
	struct reader *r;
	enum fmt first_fmt;
};

struct stream *
stream_open(char **paths, size_t n)
{
	struct stream *s = xcalloc(1, sizeof *s);

	s->paths = paths;
	s->n = n;
	return s;
}

void
stream_close(struct stream *s)
{
	if (!s)
		return;
	reader_close(s->r);
	free(s);
}

/* Open the next file if need be; return 0 when there is none. */
static int
advance(struct stream *s)
{
	while (!s->r) {
		if (s->i == s->n)
			return 0;
		s->r = reader_open(s->paths[s->i++]);
		if (s->first_fmt == FMT_NONE)
			s->first_fmt = reader_format(s->r);
	}
	return 1;
}

/* The encoding of the first input that has anything in it. */
enum fmt
stream_format(struct stream *s)
{
	while (s->first_fmt == FMT_NONE && advance(s)) {
		if (reader_format(s->r) == FMT_NONE) {
			reader_close(s->r);
			s->r = NULL;
		}
	}
	return s->first_fmt;
}

/* The next record into REC: 1, or 0 when every input is read. */
int
stream_next(struct stream *s, struct rec *rec)
{
	while (advance(s)) {
		if (reader_next_or_die(s->r, rec) > 0)
			return 1;
		reader_close(s->r);
		s->r = NULL;
	}
	return 0;
}

/* The name of the input the last record came from. */
const char *
stream_name(const struct stream *s)
{
	return s->r ? reader_name(s->r) : "";
}

/*
 * The CSV header of the first input that has anything in it, or NULL
 * (JSON Lines, or no input at all).
 */
char **
stream_header(struct stream *s, size_t *n)
{
	*n = 0;
	if (stream_format(s) != FMT_CSV)
		return NULL;
	return reader_header(s->r, n);
}
