/*
 * table.c - aligned text tables for people (--table).
 *
 * Columns are padded by display width, so Chinese text (two columns a
 * character) lines up with Latin text.  A cell is shown on one line (a
 * line break becomes "⏎") and cut to 40 columns with "…".  Rows are held
 * until printing, since the widths depend on all of them: a table is for
 * reading, not for a million rows (use records for that).  A cell a
 * spreadsheet would run as a formula gets a leading ', as --excel-safe
 * does: a table is for people, who paste it anywhere.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

#define MAX_CELL 40

struct table {
	size_t ncols;
	char **cells;	/* row-major, the header first */
	size_t nrows, cap;
	size_t *width;
};

static char *
one_line(const char *s)
{
	struct buf b = { 0 };
	size_t n = strlen(s);

	if (cell_is_formula(s, n))
		buf_addc(&b, '\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n')
			continue;
		if (s[i] == '\n' || s[i] == '\r')
			buf_adds(&b, "⏎");
		else if (s[i] == '\t')
			buf_addc(&b, ' ');
		else
			buf_addc(&b, s[i]);
	}
	if (utf8_width(b.s ? b.s : "", b.len) > MAX_CELL) {
		size_t keep = utf8_prefix_for_width(b.s, b.len, MAX_CELL - 1);
		b.len = keep;
		b.s[keep] = '\0';
		buf_adds(&b, "…");
	}
	return b.s ? b.s : xstrdup("");
}

struct table *
table_new(char **cols, size_t ncols)
{
	struct table *t = xcalloc(1, sizeof *t);

	t->ncols = ncols;
	t->width = xcalloc(ncols ? ncols : 1, sizeof *t->width);
	table_add(t, cols);
	return t;
}

/* Add a row of NCOLS cells (copied). */
void
table_add(struct table *t, char **cells)
{
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
	}
	for (size_t i = 0; i < t->ncols; i++) {
		char *c = one_line(cells[i]);
		size_t w = utf8_width(c, strlen(c));
		if (w > t->width[i])
			t->width[i] = w;
		t->cells[t->nrows * t->ncols + i] = c;
	}
	t->nrows++;
}

void
table_print(struct table *t, FILE *fp)
{
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t i = 0; i < t->ncols; i++) {
			const char *c = t->cells[r * t->ncols + i];
			fputs(c, fp);
			if (i + 1 < t->ncols)
				for (size_t w = utf8_width(c, strlen(c)); w < t->width[i] + 2; w++)
					putc(' ', fp);
		}
		putc('\n', fp);
	}
}

void
table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->width);
	free(t);
}
