/*
 * csv.c - CSV records (RFC 4180), and the CSV field writer.
 *
 * Two parsers read CSV here, with one behaviour: a scanner of our own, the
 * default, which copies runs of plain bytes found 8 at a time or by
 * memchr(3) straight into the record; and libcsv, the reference, kept for
 * CMP_CSV=libcsv (cmp-records(5)), tests/015-csv-differential.bats and
 * the fuzz target fuzz-csvdiff, which require both to read every input
 * alike.  The scanner is libcsv's state machine in strict mode with no
 * space trimming, byte for byte.  Either parser is fed one physical line
 * at a time so that each record can be reported by the line where it
 * starts, even when a quoted field spans several lines.  It runs in strict mode: a quote inside an unquoted field,
 * text after a closing quote and an unterminated quote at the end are bad
 * records, never guessed at.  Spaces around fields are data (libcsv trims
 * them by default; we turn that off).  After a bad record the parser starts
 * afresh on the next line, so an importer can report it and go on; for it,
 * the text of each record (its physical lines) can be kept too, and a line
 * the input marks as badly encoded makes its record bad.
 */
#include <csv.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct row {
	struct buf data;	/* fields, each followed by a NUL */
	size_t *off, *len;
	size_t n, cap;
	long line;
	const char *problem;	/* static text, or NULL */
	size_t bad_field;	/* NO_FIELD: the problem is the line's */
	struct buf raw;		/* the record's lines, when kept */
	const char *whole;	/* or the one line that is the record */
	size_t whole_n;		/* exactly as a writer would write it */
};

#define NO_FIELD ((size_t)-1)

/* The scanner's states, libcsv's (ROW_NOT_BEGUN, FIELD_NOT_BEGUN,
 * FIELD_BEGUN unquoted or quoted, FIELD_MIGHT_HAVE_ENDED). */
enum scan_state { ROW_START, FIELD_START, IN_PLAIN, IN_QUOTED, QUOTE_SEEN };

struct csv_in {
	struct input *in;
	struct csv_parser p;
	struct row cur;		/* the record libcsv is building */
	struct row *q;		/* completed records not yet returned */
	size_t qhead, qlen, qcap;
	char **hdr;
	size_t nhdr;
	unsigned long layout;	/* the header's, for rec_index */
	int have_hdr, fatal, at_eof, between;
	long start;		/* line where the record being built starts */
	struct buf hdrerr;
	long hdrline;
	int keep_raw;
	struct buf errraw;	/* the text of a record libcsv refused */
	const struct buf *raw;	/* the text of the record last read */
	long rawline;		/* and the line where it starts */
	int ref;		/* libcsv parses, not the scanner */
	enum scan_state st;	/* the scanner's state */
	size_t fstart;		/* where the field being built starts in cur.data */
	const char *line;	/* the line being scanned, */
	size_t line_n;
	size_t rec_off;		/* where in it the record began (NO_FIELD: before it) */
	int canon;		/* no field of the record is quoted needlessly */
	int line_dirty;		/* the line being scanned holds a NUL or bad UTF-8 */
	int fdirty;		/* so may the field being built: check it */
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/*
 * libcsv grows its field buffer by a fixed block (128 bytes) at a time, so
 * a 100 MB field costs nearly a million reallocs, each of which may move
 * the whole buffer: minutes.  Asking realloc for the next power of two
 * makes the growth geometric; the calls in between leave the block where
 * it is, since it is already that large.
 */
static void *
csv_realloc(void *p, size_t n)
{
	size_t cap = 256;

	/* Already that large: a sanitizer's realloc would copy it anyway. */
	if (p && malloc_usable_size(p) >= n)
		return p;

	while (cap < n && cap <= SIZE_MAX / 2)
		cap *= 2;
	return realloc(p, cap < n ? n : cap);
}

static void
parser_init(struct csv_in *c)
{
	c->between = 1;
	c->st = ROW_START;
	c->fstart = 0;
	if (!c->ref)
		return;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		die(EX_OSERR, "out of memory");
	csv_set_space_func(&c->p, no_space);
	csv_set_realloc_func(&c->p, csv_realloc);
}

struct csv_in *
csv_in_new(struct input *in)
{
	struct csv_in *c = xcalloc(1, sizeof *c);

	const char *which = getenv("CMP_CSV");

	c->in = in;
	c->ref = which && strcmp(which, "libcsv") == 0;
	parser_init(c);
	return c;
}

static void
row_free(struct row *r)
{
	buf_free(&r->data);
	buf_free(&r->raw);
	free(r->off);
	free(r->len);
}

void
csv_in_free(struct csv_in *c)
{
	if (!c)
		return;
	if (c->ref)
		csv_free(&c->p);
	row_free(&c->cur);
	for (size_t i = 0; i < c->qcap; i++)
		row_free(&c->q[i]);
	free(c->q);
	for (size_t i = 0; i < c->nhdr; i++)
		free(c->hdr[i]);
	free(c->hdr);
	buf_free(&c->hdrerr);
	buf_free(&c->errraw);
	free(c);
}

/* Keep the text of each record, for csv_in_raw(). */
void
csv_in_keep_raw(struct csv_in *c)
{
	c->keep_raw = 1;
}

/*
 * The text of the record csv_in_next() last returned or refused, as it
 * was read (decoded, line ends included), and in *LINE the physical line
 * where it starts.  Empty unless csv_in_keep_raw() was called.
 */
const char *
csv_in_raw(const struct csv_in *c, size_t *n, long *line)
{
	*line = c->rawline;
	*n = c->raw ? c->raw->len : 0;
	return c->raw && c->raw->s ? c->raw->s : "";
}

static void
row_reset(struct row *r)
{
	buf_reset(&r->data);
	buf_reset(&r->raw);
	r->n = 0;
	r->problem = NULL;
	r->whole = NULL;
}

/* The field being built, cur.data from fstart on, is complete. */
static void
field_done(struct csv_in *c)
{
	struct row *r = &c->cur;
	size_t n = r->data.len - c->fstart;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->off = xrealloc(r->off, r->cap * sizeof *r->off);
		r->len = xrealloc(r->len, r->cap * sizeof *r->len);
	}
	if (!r->problem && n && c->fdirty) {
		const char *s = r->data.s + c->fstart;
		if (memchr(s, '\0', n))
			r->problem = _("NUL byte"), r->bad_field = r->n;
		else if (utf8_invalid(s, n))
			r->problem = _("invalid UTF-8"), r->bad_field = r->n;
	}
	r->off[r->n] = c->fstart;
	r->len[r->n] = n;
	buf_need(&r->data, 1);
	r->data.s[r->data.len++] = '\0';
	r->n++;
	c->fstart = r->data.len;
}

static void
on_field(void *s, size_t n, void *data)
{
	struct csv_in *c = data;

	c->fstart = c->cur.data.len;
	c->fdirty = 1;
	buf_add(&c->cur.data, s ? s : "", n);
	field_done(c);
}

static void
on_record(int term, void *data)
{
	struct csv_in *c = data;
	(void)term;

	if (c->qlen == c->qcap) {
		size_t cap = c->qcap ? c->qcap * 2 : 4;
		c->q = xrealloc(c->q, cap * sizeof *c->q);
		memset(c->q + c->qcap, 0, (cap - c->qcap) * sizeof *c->q);
		c->qcap = cap;
	}
	/* Swap buffers with the queue slot rather than copy the record. */
	struct row tmp = c->q[c->qlen];
	c->q[c->qlen] = c->cur;
	c->q[c->qlen].line = c->start;
	c->cur = tmp;
	row_reset(&c->cur);
	c->qlen++;
	c->st = ROW_START;
	c->fstart = 0;
}

#ifdef __SSE2__
#include <emmintrin.h>

/* The length of the run of S[0..N) before a quote, comma, CR or LF:
 * sixteen bytes at a time (SSE2 is in every x86-64). */
static size_t
plain_span(const char *s, size_t n)
{
	const __m128i quote = _mm_set1_epi8('"'), comma = _mm_set1_epi8(','),
	    cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	size_t i = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, comma)),
		    _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, lf)));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
	while (i < n && s[i] != '"' && s[i] != ',' && s[i] != '\r' && s[i] != '\n')
		i++;
	return i;
}
#else
/* Whether the 8 bytes of X hold the byte B (the classic zero-byte test). */
static inline uint64_t
has_byte(uint64_t x, unsigned char b)
{
	uint64_t y = x ^ (0x0101010101010101u * b);
	return (y - 0x0101010101010101u) & ~y & 0x8080808080808080u;
}

/* The length of the run of S[0..N) before a quote, comma, CR or LF. */
static size_t
plain_span(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t x;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		if (has_byte(x, '"') | has_byte(x, ',') | has_byte(x, '\r') | has_byte(x, '\n'))
			break;
	}
	while (i < n && s[i] != '"' && s[i] != ',' && s[i] != '\r' && s[i] != '\n')
		i++;
	return i;
}
#endif

/* The quoted field being closed needed no quotes: its record is not
 * written back as it was read. */
static void
needless_quotes(struct csv_in *c)
{
	size_t n = c->cur.data.len - c->fstart;

	if (plain_span(c->cur.data.s + c->fstart, n) == n)
		c->canon = 0;
}

/* A record ended with the REST bytes of its line to scan: the row
 * taking its place gets room for them (see scan). */
static void
row_done(struct csv_in *c, size_t rest)
{
	/*
	 * A record that is one whole line ending in LF, its quotes all
	 * needed, is what writer_put() would write for it: a store rewrite
	 * or a filter may copy the line (see rec.raw).
	 */
	if (rest == 0 && c->rec_off == 0 && c->canon && c->line[c->line_n - 1] == '\n') {
		c->cur.whole = c->line;
		c->cur.whole_n = c->line_n;
	}
	on_record(0, c);
	buf_need(&c->cur.data, 2 * rest + 2);
}

/*
 * The scanner: csv_parse() of libcsv in strict mode with no space
 * trimming.  CR and LF both end a record, an empty line (one ending right
 * after another) is skipped, a quote opens a quoted field only as its
 * first byte, and a quote in a quoted field must be doubled or followed by
 * a comma or a line end.  Return N, or less on a malformed record.
 *
 * A field is the bytes of lines cut at, and rid of, ASCII bytes (quotes,
 * commas, line ends), which never fall inside a UTF-8 sequence: when its
 * lines are valid UTF-8 without a NUL, so is it.  So the lines are
 * checked, one call each, and only the fields of a line that fails are
 * checked again to find the first bad one, as libcsv's path does.
 */
static size_t
scan(struct csv_in *c, const char *s, size_t n)
{
	struct buf *d = &c->cur.data;
	size_t i = 0, k;
	const char *q;

	c->line_dirty = memchr(s, '\0', n) || utf8_invalid(s, n);
	c->fdirty |= c->line_dirty;
	/* A line gives at most its bytes and a NUL per field, which are
	 * fewer than its bytes and one: no check per byte below. */
	buf_need(d, 2 * n + 2);
	c->line = s;
	c->line_n = n;
	if (c->st != ROW_START)
		c->rec_off = NO_FIELD;	/* a record from an earlier line */
	while (i < n) {
		char ch = s[i];
		switch (c->st) {
		case ROW_START:
		case FIELD_START:
			if (c->st == ROW_START) {
				c->rec_off = i;
				c->canon = 1;
			}
			c->fstart = d->len;
			c->fdirty = c->line_dirty;
			if (ch == '\r' || ch == '\n') {
				i++;
				if (c->st == FIELD_START) {
					field_done(c);
					row_done(c, n - i);
				}
			} else if (ch == ',') {
				i++;
				field_done(c);
				c->st = FIELD_START;
			} else if (ch == '"') {
				i++;
				c->st = IN_QUOTED;
			} else {
				c->st = IN_PLAIN;
			}
			break;
		case IN_PLAIN:
			k = plain_span(s + i, n - i);
			memcpy(d->s + d->len, s + i, k);
			d->len += k;
			i += k;
			if (i == n)
				break;
			if (s[i] == '"')
				return i;	/* a quote inside an unquoted field */
			field_done(c);
			if (s[i++] == ',')
				c->st = FIELD_START;
			else
				row_done(c, n - i);
			break;
		case IN_QUOTED:
			q = memchr(s + i, '"', n - i);
			k = q ? (size_t)(q - (s + i)) : n - i;
			memcpy(d->s + d->len, s + i, k);
			d->len += k;
			i += k;
			if (q) {
				i++;
				c->st = QUOTE_SEEN;
			}
			break;
		case QUOTE_SEEN:
			if (ch == '"') {
				d->s[d->len++] = '"';
				c->st = IN_QUOTED;
			} else if (ch == ',') {
				needless_quotes(c);
				field_done(c);
				c->st = FIELD_START;
			} else if (ch == '\r' || ch == '\n') {
				needless_quotes(c);
				field_done(c);
				row_done(c, n - i - 1);
			} else {
				return i;	/* text after a closing quote */
			}
			i++;
			break;
		}
	}
	return n;
}

/* The end of the input for the scanner, as csv_fini(): 0, or -1 when a
 * quoted field is still open. */
static int
scan_fini(struct csv_in *c)
{
	switch (c->st) {
	case IN_QUOTED:
		return -1;
	case FIELD_START:
		c->fstart = c->cur.data.len;
		/* FALLTHROUGH */
	case IN_PLAIN:
	case QUOTE_SEEN:
		field_done(c);
		on_record(0, c);
		break;
	case ROW_START:
		break;
	}
	return 0;
}

/* The record being built was refused: keep its text for csv_in_raw(). */
static void
keep_error_raw(struct csv_in *c)
{
	buf_reset(&c->errraw);
	buf_add(&c->errraw, c->cur.raw.s ? c->cur.raw.s : "", c->cur.raw.len);
	c->raw = &c->errraw;
	c->rawline = c->start;
}

/*
 * Feed lines to libcsv until a record is queued or the input ends.
 * Return 1 when the queue has a record, 0 at the end, -1 on a parse error
 * (ERR says what, *ERRLINE where; the parser is reset past that line).
 */
static int
fill(struct csv_in *c, struct buf *err, long *errline)
{
	const char *line;
	size_t len;

	while (c->qhead == c->qlen) {
		c->qhead = c->qlen = 0;
		if (c->at_eof)
			return 0;
		if (!input_line(c->in, &line, &len)) {
			c->at_eof = 1;
			if (c->ref ? csv_fini(&c->p, on_field, on_record, c) != 0 : scan_fini(c) != 0) {
				buf_printf(err, _("unterminated quoted field"));
				*errline = c->start;
				keep_error_raw(c);
				row_reset(&c->cur);
				return -1;
			}
			continue;
		}
		if (c->between) {
			if (strspn(line, "\r\n") == len)
				continue;	/* a blank line between records */
			c->start = input_lineno(c->in);
			c->between = 0;
			if ((c->cur.problem = input_stray_bom(line, len)))
				c->cur.bad_field = NO_FIELD;
		}
		if (c->keep_raw)
			buf_add(&c->cur.raw, line, len);
		if (input_line_bad(c->in) && !c->cur.problem) {
			c->cur.problem = input_problem(c->in);
			c->cur.bad_field = NO_FIELD;
		}
		size_t took = c->ref ? csv_parse(&c->p, line, len, on_field, on_record, c) : scan(c, line, len);
		if (took != len) {
			buf_printf(err, _("malformed CSV: %s (a quote inside an unquoted field, or text after a closing quote)"),
			    csv_strerror(c->ref ? csv_error(&c->p) : CSV_EPARSE));
			*errline = input_lineno(c->in);
			keep_error_raw(c);
			if (c->ref)
				csv_free(&c->p);
			parser_init(c);
			row_reset(&c->cur);
			c->qhead = c->qlen = 0;
			return -1;
		}
		if (c->qlen > 0)
			c->between = 1;
	}
	return 1;
}

/*
 * The header row: read it on first use.  Return the field names, or NULL
 * when the input is empty or the header is bad (then ERR says why).
 */
char **
csv_in_header(struct csv_in *c, size_t *n, struct buf *err, long *errline)
{
	if (!c->have_hdr) {
		c->have_hdr = 1;
		int got = fill(c, &c->hdrerr, &c->hdrline);
		if (got > 0) {
			struct row *r = &c->q[c->qhead++];
			c->hdrline = r->line;
			if (r->problem) {
				buf_printf(&c->hdrerr, _("%s in the header"), r->problem);
				got = -1;
			}
			c->nhdr = r->n;
			c->hdr = xcalloc(r->n, sizeof *c->hdr);
			for (size_t i = 0; i < r->n; i++)
				c->hdr[i] = xstrndup(r->data.s + r->off[i], r->len[i]);
			c->layout = rec_layout_new();
			/* A set, not pairs: a header may have a million names. */
			struct idset *seen = idset_new();
			for (size_t i = 0; got > 0 && i < r->n; i++)
				if (!idset_add(seen, c->hdr[i])) {
					buf_printf(&c->hdrerr, _("field \"%s\" appears twice in the header"), c->hdr[i]);
					got = -1;
				}
			idset_free(seen);
		}
		if (got < 0)
			c->fatal = 1;
	}
	if (c->fatal) {
		buf_adds(err, c->hdrerr.s);
		*errline = c->hdrline;
		return NULL;
	}
	*n = c->nhdr;
	return c->nhdr ? c->hdr : NULL;
}

/*
 * Read the next record into REC.  Return 1, 0 at the end, -1 for a bad
 * record (ERR and *ERRLINE say what and where; reading may go on), or -2
 * when nothing more can be read (a bad header).
 */
int
csv_in_next(struct csv_in *c, struct rec *rec, struct buf *err, long *errline)
{
	size_t nh;

	if (!csv_in_header(c, &nh, err, errline))
		return c->fatal ? -2 : 0;
	int got = fill(c, err, errline);
	if (got <= 0)
		return got;
	struct row *r = &c->q[c->qhead++];
	*errline = r->line;
	c->raw = &r->raw;
	c->rawline = r->line;
	if (r->problem && r->bad_field == NO_FIELD) {
		buf_adds(err, r->problem);
		return -1;
	}
	if (r->problem) {
		buf_printf(err, _("%s in field \"%s\""), r->problem,
		    r->bad_field < nh ? c->hdr[r->bad_field] : "(beyond the header)");
		return -1;
	}
	if (r->n != nh) {
		buf_printf(err, _("%zu field%s, but the header has %zu"), r->n, r->n == 1 ? "" : "s", nh);
		return -1;
	}
	/* Borrowed: the row stays in its queue slot until the next read. */
	rec_borrow_row(rec, c->hdr, r->data.s, r->off, r->len, nh);
	rec->layout = c->layout;
	rec->raw = r->whole;
	rec->rawlen = r->whole_n;
	rec->line = r->line;
	return 1;
}

/*
 * Write one CSV field, quoted only where RFC 4180 needs it.  ALONE says
 * the field is the only one of its row: an empty one is then written as ""
 * so that the row is not read back as a blank line.
 */
void
csv_put_field(FILE *fp, const char *s, size_t n, int alone)
{
	if (n == 0) {
		if (alone)
			fputs("\"\"", fp);
		return;
	}
	/* Writers are single-threaded: stdio's unlocked calls, a run at a time. */
	if (plain_span(s, n) == n) {
		fwrite_unlocked(s, 1, n, fp);
		return;
	}
	putc_unlocked('"', fp);
	for (size_t i = 0; i < n;) {
		const char *q = memchr(s + i, '"', n - i);
		size_t k = q ? (size_t)(q - s) + 1 - i : n - i;
		fwrite_unlocked(s + i, 1, k, fp);
		if (q)
			putc_unlocked('"', fp);
		i += k;
	}
	putc_unlocked('"', fp);
}
