/*
 * writer.c - records out, as CSV or JSON Lines.
 *
 * A CSV stream has one header, taken from the first record unless the
 * caller sets it (a store with files of different columns sets the union).
 * A record that lacks a header field writes it empty; one with a field the
 * header lacks cannot be written as CSV without losing it, so it is
 * refused and the caller says so (--jsonl keeps every field).
 *
 * --excel-safe guards CSV on standard output against formula injection
 * (a cell "=HYPERLINK(...)" run by the spreadsheet that opens the file).
 * It is a property of standard output, never of a file: store files and
 * the journal are written elsewhere and stay exact.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct writer {
	FILE *fp;
	enum fmt fmt;
	int excel_safe;	/* neutralise formula cells (CSV on stdout) */
	char **hdr;
	size_t nhdr;
	int header_done;
	size_t *slot;	/* header position -> record index, reused */
	unsigned long layout;	/* of the record the slots were found for */
	size_t layout_n;
	int same_order;		/* its fields are the header's, in order */
};

static int excel_safe_stdout;

/* --excel-safe: CSV written to standard output from now on is neutralised. */
void
writer_excel_safe(void)
{
	excel_safe_stdout = 1;
}

/*
 * Whether a spreadsheet would take the cell S[0..N) for a formula: it
 * opens with =, +, -, @, TAB or CR, and is not a plain number (-12,
 * +3.5), which a spreadsheet reads as the number it is.
 */
int
cell_is_formula(const char *s, size_t n)
{
	if (n == 0 || !s[0] || !strchr("=+-@\t\r", s[0]))
		return 0;
	size_t i = s[0] == '+' || s[0] == '-', digits = 0, dots = 0;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !dots)
			dots++;
		else
			return 1;
	}
	return digits == 0;
}

/* The cell S as a spreadsheet should show it: with a leading ' if it is a formula. */
static void
put_cell(const struct writer *w, const char *s, size_t n, int alone)
{
	if (!w->excel_safe || !cell_is_formula(s, n)) {
		csv_put_field(w->fp, s, n, alone);
		return;
	}
	struct buf b = { 0 };
	buf_addc(&b, '\'');
	buf_add(&b, s, n);
	csv_put_field(w->fp, b.s, b.len, alone);
	buf_free(&b);
}

struct writer *
writer_new(FILE *fp, enum fmt fmt)
{
	struct writer *w = xcalloc(1, sizeof *w);

	w->fp = fp;
	w->fmt = fmt == FMT_NONE ? FMT_CSV : fmt;
	w->excel_safe = fp == stdout && excel_safe_stdout;
	return w;
}

/*
 * W writes to a spool that is copied to standard output later (a dry
 * run's records, commit.c): --excel-safe applies to it as to stdout.
 */
void
writer_for_stdout(struct writer *w)
{
	w->excel_safe = excel_safe_stdout;
}

void
writer_free(struct writer *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->nhdr; i++)
		free(w->hdr[i]);
	free(w->hdr);
	free(w->slot);
	free(w);
}

/* Fix the CSV header to NAMES instead of the first record's fields. */
void
writer_set_header(struct writer *w, char *const *names, size_t n)
{
	w->hdr = xcalloc(n, sizeof *w->hdr);
	for (size_t i = 0; i < n; i++)
		w->hdr[i] = xstrdup(names[i]);
	w->nhdr = n;
	w->slot = xcalloc(n, sizeof *w->slot);
}

/* Write no header: the records go after an existing one. */
void
writer_omit_header(struct writer *w)
{
	w->header_done = 1;
}

static int
starts_with_bom(const char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
}

/* S quoted whatever it holds. */
static void
put_quoted(FILE *fp, const char *s, size_t n)
{
	putc('"', fp);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			putc('"', fp);
		putc(s[i], fp);
	}
	putc('"', fp);
}

/*
 * The header opens the file, where a reader takes a line of blanks for
 * blank, '{' for JSON Lines and a BOM for no text (input.c): a first name
 * that starts with one of them is quoted, so that it reads back the same
 * (found by tests/fuzz).
 */
static void
put_header(struct writer *w)
{
	for (size_t i = 0; i < w->nhdr; i++) {
		const char *s = w->hdr[i];
		if (i)
			putc(',', w->fp);
		if (i == 0 && ((*s && strchr(" \t{", *s)) || starts_with_bom(s, strlen(s))))
			put_quoted(w->fp, s, strlen(s));
		else
			put_cell(w, s, strlen(s), w->nhdr == 1);
	}
	putc('\n', w->fp);
	w->header_done = 1;
}

/*
 * Find where each header name is in R (w->slot), or return -1 when R has
 * a field the header lacks (ERR says which).  A record of the layout of
 * the one before (rec_layout_new) has the same places: writer_put skips
 * this for it.
 */
static int
match_slots(struct writer *w, const struct rec *r, struct buf *err)
{
	size_t matched = 0;
	struct idset *names = NULL;	/* R's names, when its order is not the header's */

	w->layout = 0;
	for (size_t i = 0; i < w->nhdr; i++) {
		/*
		 * Records mostly have the header's order, or the order of the
		 * record before: try those first.  Else look the name up, in a
		 * set of R's names made once: a record may have a million.
		 */
		size_t k = w->slot[i];
		if (i < r->n && strcmp(r->f[i].name, w->hdr[i]) == 0)
			w->slot[i] = i;
		else if (!(k < r->n && strcmp(r->f[k].name, w->hdr[i]) == 0)) {
			if (!names) {
				names = idset_new();
				for (size_t j = 0; j < r->n; j++)
					idset_add(names, r->f[j].name);
			}
			/* A place in the set is an index of R unless R repeats a name. */
			long pos = idset_count(names) == r->n ? idset_find(names, w->hdr[i]) : rec_index(r, w->hdr[i]);
			w->slot[i] = pos < 0 ? (size_t)-1 : (size_t)pos;
		}
		if (w->slot[i] != (size_t)-1)
			matched++;
	}
	idset_free(names);
	if (matched < r->n) {
		/* A field the header lacks, unless R merely repeats a name. */
		names = idset_new();
		for (size_t j = 0; j < w->nhdr; j++)
			idset_add(names, w->hdr[j]);
		size_t i = 0;
		while (i < r->n && idset_has(names, r->f[i].name))
			i++;
		idset_free(names);
		if (i < r->n) {
			buf_printf(err, _("field \"%s\" is not in the CSV header (use --jsonl)"), r->f[i].name);
			return -1;
		}
	}
	w->layout = r->layout;
	w->layout_n = r->n;
	w->same_order = r->n == w->nhdr;
	for (size_t i = 0; w->same_order && i < w->nhdr; i++)
		w->same_order = w->slot[i] == i;
	return 0;
}

/*
 * Write REC.  Return 0, or -1 when it cannot be written without loss (ERR
 * says why: text that is not UTF-8, a field outside the CSV header, a NUL
 * byte in CSV).
 */
int
writer_put(struct writer *w, const struct rec *r, struct buf *err)
{
	/*
	 * Readers and options let only UTF-8 in; a value that is not would
	 * make output no reader takes back (SPEC §3), so it is refused.
	 */
	for (size_t i = 0; i < r->n; i++)
		if (!r->f[i].clean && (utf8_invalid(r->f[i].val, r->f[i].vlen) || utf8_invalid(r->f[i].name, strlen(r->f[i].name)))) {
			buf_printf(err, _("field \"%s\" is not UTF-8 text"), r->f[i].name);
			return -1;
		}
	if (w->fmt == FMT_JSONL) {
		jsonl_put_rec(w->fp, r);
		return 0;
	}
	if (!w->hdr) {
		char **names = xcalloc(r->n, sizeof *names);
		for (size_t i = 0; i < r->n; i++)
			names[i] = r->f[i].name;
		writer_set_header(w, names, r->n);
		free(names);
	}
	if (!w->header_done)
		put_header(w);
	if (!(r->layout && r->layout == w->layout && r->n == w->layout_n) && match_slots(w, r, err) != 0)
		return -1;
	/* A line read that no one changed, under the header it was read with. */
	if (r->raw && w->same_order && !w->excel_safe) {
		fwrite_unlocked(r->raw, 1, r->rawlen, w->fp);
		return 0;
	}
	for (size_t i = 0; i < w->nhdr; i++) {
		if (w->slot[i] != (size_t)-1) {
			const struct field *f = &r->f[w->slot[i]];
			if (!f->clean && memchr(f->val, '\0', f->vlen)) {
				buf_printf(err, _("field \"%s\" holds a NUL byte, which CSV cannot carry (use --jsonl)"), f->name);
				return -1;
			}
		}
	}
	for (size_t i = 0; i < w->nhdr; i++) {
		if (i)
			putc_unlocked(',', w->fp);
		if (w->slot[i] != (size_t)-1) {
			const struct field *f = &r->f[w->slot[i]];
			/* A BOM opening a later line is refused by readers (input.c). */
			if (i == 0 && starts_with_bom(f->val, f->vlen))
				put_quoted(w->fp, f->val, f->vlen);
			else
				put_cell(w, f->val, f->vlen, w->nhdr == 1);
		} else if (w->nhdr == 1)
			csv_put_field(w->fp, "", 0, 1);
	}
	putc_unlocked('\n', w->fp);
	return 0;
}

/*
 * Flush and close FP, named NAME in messages: an unwritten byte is an
 * error (74).  A reader that went away (EPIPE) is a quiet stop.
 */
void
fshut(FILE *fp, const char *name)
{
	int bad = fflush(fp) != 0 || ferror(fp);
	int e = errno;

	if (fp != stdout && fp != stderr)
		bad |= fclose(fp) != 0;
	if (bad) {
		if (e == EPIPE)
			leave(EX_IOERR);
		errno = e;
		die(EX_IOERR, "%s: write error:", name);
	}
}
