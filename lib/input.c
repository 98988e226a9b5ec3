/*
 * input.c - bytes in, one physical line at a time, of any length.
 *
 * Both record readers sit on this: it opens the file ("-" is standard
 * input), drops a leading UTF-8 BOM, counts physical lines for messages,
 * and lets reader.c look at the first non-blank byte to tell CSV from JSON
 * Lines without losing it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmp.h"

struct input {
	FILE *fp;
	char *name;
	char *line;
	size_t cap;
	ssize_t len;
	long lineno;
	int pushed;	/* the current line is to be returned again */
	int first;	/* no line read yet: strip a BOM */
};

/* Open PATH for reading ("-" is standard input); exit 66 if it cannot be. */
struct input *
input_open(const char *path)
{
	struct input *in = xcalloc(1, sizeof *in);

	if (strcmp(path, "-") == 0) {
		in->fp = stdin;
		in->name = xstrdup("(stdin)");
	} else {
		in->fp = fopen(path, "r");
		if (!in->fp)
			die(EX_NOINPUT, "%s:", path);
		/* fopen(3) opens a directory; reading it fails later (74). */
		struct stat st;
		if (fstat(fileno(in->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			die(EX_NOINPUT, "%s:", path);
		}
		in->name = xstrdup(path);
	}
	in->first = 1;
	return in;
}

void
input_close(struct input *in)
{
	if (!in)
		return;
	if (in->fp != stdin)
		fclose(in->fp);
	free(in->line);
	free(in->name);
	free(in);
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
 * Point *LINE at the next physical line, newline included, and *LEN at its
 * length.  Return 1, or 0 at end of input; a read error exits 74.
 */
int
input_line(struct input *in, const char **line, size_t *len)
{
	if (in->pushed) {
		in->pushed = 0;
	} else {
		errno = 0;
		in->len = getline(&in->line, &in->cap, in->fp);
		if (in->len < 0) {
			if (ferror(in->fp))
				die(EX_IOERR, "%s:", in->name);
			return 0;
		}
		in->lineno++;
		if (in->first && in->len >= 3 && memcmp(in->line, "\xEF\xBB\xBF", 3) == 0) {
			memmove(in->line, in->line + 3, (size_t)in->len - 2);
			in->len -= 3;
		}
		in->first = 0;
	}
	*line = in->line;
	*len = (size_t)in->len;
	return 1;
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
