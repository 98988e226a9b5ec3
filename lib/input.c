/*
 * input.c - bytes in, one physical line at a time, of any length.
 *
 * Both record readers sit on this: it opens the file ("-" is standard
 * input), drops a leading UTF-8 BOM, counts physical lines for messages,
 * and lets reader.c look at the first non-blank byte to tell CSV from JSON
 * Lines without losing it.  An import may give it a decoder (encoding.c):
 * lines then come out in UTF-8, each marked when it held bytes invalid in
 * its encoding, and the bytes read so far are counted for a progress bar.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmp.h"

struct input {
	int fd;
	char *name;
	char *blk;	/* bytes read and not yet returned: [start, end) */
	size_t cap, start, end;
	int eof;
	long lineno;
	int pushed;	/* the current line is to be returned again */
	int first;	/* no line read yet: strip a BOM */
	struct decoder *dec;	/* or NULL: bytes as they are */
	struct buf text;	/* the current line, decoded */
	char *cur;	/* the current line: in BLK or TEXT */
	size_t curlen;
	int bad;	/* it held bytes invalid in the encoding */
	long long offset;	/* bytes read so far */
	long long size;	/* of a regular file, else -1 */
};

/*
 * Reads are this large, and lines are returned from the block in place:
 * no copy per line (getline(3) copies each out of stdio's buffer).
 */
#define INPUT_BLOCK (1024 * 1024)

/* Open PATH for reading ("-" is standard input); exit 66 if it cannot be. */
struct input *
input_open(const char *path)
{
	struct input *in = xcalloc(1, sizeof *in);
	struct stat st;

	if (strcmp(path, "-") == 0) {
		in->fd = STDIN_FILENO;
		in->name = xstrdup("(stdin)");
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0)
			die(EX_NOINPUT, "%s:", path);
		/* open(2) opens a directory; reading it fails later (74). */
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			die(EX_NOINPUT, "%s:", path);
		}
		in->name = xstrdup(path);
	}
	in->size = fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
	in->first = 1;
	return in;
}

void
input_close(struct input *in)
{
	if (!in)
		return;
	if (in->fd != STDIN_FILENO)
		close(in->fd);
	free(in->blk);
	free(in->name);
	buf_free(&in->text);
	free(in);
}

/*
 * Read every line through DEC (owned by the caller) from now on.  Call
 * before the first line is read.
 */
void
input_set_decoder(struct input *in, struct decoder *dec)
{
	in->dec = dec;
}

/* Did the line last returned hold bytes invalid in the encoding? */
int
input_line_bad(const struct input *in)
{
	return in->bad;
}

/* The problem of a bad line: "bytes invalid in GB18030". */
const char *
input_problem(const struct input *in)
{
	return in->dec ? decoder_problem(in->dec) : _("invalid UTF-8");
}

/* Bytes read so far, and the size of the input (-1: not a regular file). */
long long
input_offset(const struct input *in)
{
	return in->offset;
}

long long
input_size(const struct input *in)
{
	return in->size;
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

long
input_lineno(const struct input *in)
{
	return in->lineno;
}

/*
 * The next physical line of the block, reading more when it holds no
 * whole line: 1 with *LINE and *LEN set (valid until the next call), or 0
 * at the end of the input.  The last line may lack its newline.
 */
static int
next_raw_line(struct input *in, char **line, size_t *len)
{
	if (!in->blk) {
		in->cap = INPUT_BLOCK;
		in->blk = xmalloc(in->cap);
	}
	for (size_t scanned = 0;;) {
		/* No block before the first read: NULL + 0 is undefined. */
		char *s = in->blk + in->start;
		char *nl = in->end > in->start + scanned ? memchr(s + scanned, '\n', in->end - in->start - scanned) : NULL;
		if (nl || (in->eof && in->end > in->start)) {
			*line = s;
			*len = nl ? (size_t)(nl - s) + 1 : in->end - in->start;
			in->start += *len;
			return 1;
		}
		if (in->eof)
			return 0;
		/* Only the part after the bytes already searched is new. */
		scanned = in->end - in->start;
		if (in->start > 0) {
			memmove(in->blk, in->blk + in->start, scanned);
			in->start = 0;
			in->end = scanned;
		}
		if (in->cap - in->end < INPUT_BLOCK / 2) {
			in->cap *= 2;
			in->blk = xrealloc(in->blk, in->cap);
		}
		ssize_t got;
		do
			got = read(in->fd, in->blk + in->end, in->cap - in->end);
		while (got < 0 && errno == EINTR);
		if (got < 0)
			die(EX_IOERR, "%s:", in->name);
		if (got == 0)
			in->eof = 1;
		in->end += (size_t)got;
	}
}

/*
 * Point *LINE at the next physical line, newline included, and *LEN at its
 * length.  Return 1, or 0 at end of input; a read error exits 74.
 */
int
input_line(struct input *in, const char **line, size_t *len)
{
	if (in->pushed) {
		in->pushed = 0;
	} else {
		if (!next_raw_line(in, &in->cur, &in->curlen))
			return 0;
		in->lineno++;
		in->offset += (long long)in->curlen;
		if (in->dec) {
			buf_reset(&in->text);
			buf_add(&in->text, "", 0);
			in->bad = decoder_line(in->dec, in->cur, in->curlen, &in->text);
			in->cur = in->text.s;
			in->curlen = in->text.len;
		}
		/* After decoding, so that a GB18030 BOM (U+FEFF too) goes. */
		if (in->first && in->curlen >= 3 && memcmp(in->cur, "\xEF\xBB\xBF", 3) == 0) {
			in->cur += 3;
			in->curlen -= 3;
		}
		in->first = 0;
	}
	*line = in->cur;
	*len = in->curlen;
	return 1;
}

/*
 * The problem of a LINE that starts a record with a byte order mark, or
 * NULL.  A BOM opens a file: one at the start of a later record is most
 * likely a second file joined on with cat(1), and it would otherwise stick
 * to the first field (an id no one can type) or be bad JSON no one can see.
 */
const char *
input_stray_bom(const char *line, size_t len)
{
	if (len < 3 || memcmp(line, "\xEF\xBB\xBF", 3) != 0)
		return NULL;
	return _("a byte order mark (U+FEFF) in the middle of the input (files joined by cat? give each as an operand)");
}

/*
 * Tell the format from the first non-blank byte (SPEC §3: '{' is JSON
 * Lines, anything else CSV) and leave that line to be read again.  Blank
 * lines before it are consumed.  Empty input is FMT_NONE.
 */
int
input_peek_format(struct input *in)
{
	const char *line;
	size_t len;

	while (input_line(in, &line, &len)) {
		size_t i = strspn(line, " \t\r\n");
		if (i == len)
			continue;
		in->pushed = 1;
		return line[i] == '{' ? FMT_JSONL : FMT_CSV;
	}
	return FMT_NONE;
}
