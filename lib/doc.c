/*
 * doc.c - a report as a document: a title, sections, paragraphs, tables,
 * charts, id lists and the analyst's own text, written as plain text or
 * Markdown here, and as HTML by html.c, behind one small set of calls.
 *
 * Plain text is for a terminal or an e-mail: tables aligned by display
 * width (a Chinese character takes two columns), charts as bars of "█",
 * and no id lists, which would drown the figures (SPEC §6: ids in Markdown
 * and HTML).  Markdown is GitHub's: pipe tables, charts as text bars in a
 * code block, data escaped so that it cannot become markup.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

#define BAR_WIDTH 40	/* columns of the longest bar in text */

struct doc {
	FILE *fp;
	const struct doc_ops *ops;
};

static size_t
width(const char *s)
{
	return utf8_width(s, strlen(s));
}

static void
pad(FILE *fp, size_t n)
{
	while (n--)
		putc(' ', fp);
}

/* S on one line: line breaks and tabs become spaces. */
static char *
one_line(const char *s)
{
	char *t = xstrdup(s);

	for (char *p = t; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	return t;
}

/* A table cell as shown: on one line, with the mark of a missed target. */
static char *
shown(const struct doc_table *t, size_t i)
{
	char *s = one_line(t->cells[i]);

	if (t->marked && t->marked[i]) {
		char *m = xasprintf("%s ▼", s);
		free(s);
		return m;
	}
	return s;
}

/* The value of bar I of C as text: a count, or a rate in per cent. */
static char *
chart_value(const struct doc_chart *c, size_t i)
{
	if (c->kind == CHART_RATES)
		return xasprintf("%.1f%%", 100 * c->values[i]);
	return xasprintf("%.0f", c->values[i]);
}

/* A chart as bars of text, one line a bar, shared by text and Markdown. */
static void
text_bars(FILE *fp, const struct doc_chart *c)
{
	double max = c->kind == CHART_RATES ? 1 : 0;
	size_t lw = 0;

	if (c->n == 0) {
		fprintf(fp, "(%s)\n", L("chart.nodata"));
		return;
	}
	for (size_t i = 0; i < c->n; i++) {
		if (c->values[i] > max)
			max = c->values[i];
		if (width(c->labels[i]) > lw)
			lw = width(c->labels[i]);
	}
	for (size_t i = 0; i < c->n; i++) {
		char *label = one_line(c->labels[i]);
		long n = max > 0 ? (long)(c->values[i] / max * BAR_WIDTH + 0.5) : 0;
		char *v = chart_value(c, i);
		fputs(label, fp);
		pad(fp, lw - width(label) + 1);
		for (long k = 0; k < n; k++)
			fputs("█", fp);
		fprintf(fp, "%s%s", n ? " " : "", v);
		if (c->bounds)
			fprintf(fp, " [%s %.1f%%]", L("rank.lower"), 100 * c->bounds[i]);
		if (c->marked && c->marked[i])
			fputs(" ▼", fp);
		putc('\n', fp);
		free(v);
		free(label);
	}
}

static void
txt_title(FILE *fp, const char *title, const char *subtitle)
{
	size_t n = width(title);

	fprintf(fp, "%s\n", title);
	while (n--)
		putc('=', fp);
	fprintf(fp, "\n%s\n\n", subtitle);
}

static void
txt_section(FILE *fp, int level, const char *title)
{
	size_t n = width(title);

	fprintf(fp, "%s\n", title);
	while (n--)
		putc(level == 1 ? '-' : '~', fp);
	fputs("\n\n", fp);
}

static void
txt_text(FILE *fp, const char *text)
{
	fprintf(fp, "%s\n\n", text);
}

static void
txt_table(FILE *fp, const struct doc_table *t)
{
	size_t *w = xcalloc(t->ncols, sizeof *w);
	char **s = xcalloc(t->nrows * t->ncols + 1, sizeof *s);

	for (size_t c = 0; c < t->ncols; c++)
		w[c] = width(t->cols[c]);
	for (size_t i = 0; i < t->nrows * t->ncols; i++) {
		s[i] = shown(t, i);
		if (width(s[i]) > w[i % t->ncols])
			w[i % t->ncols] = width(s[i]);
	}
	for (size_t r = 0; r <= t->nrows + 1; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = r == 0 ? t->cols[c] : r == 1 ? NULL : s[(r - 2) * t->ncols + c];
			int last = c + 1 == t->ncols;
			if (!v) {
				for (size_t k = 0; k < w[c]; k++)
					putc('-', fp);
				if (!last)
					fputs("  ", fp);
				continue;
			}
			size_t room = w[c] - width(v);
			if (t->right && t->right[c])
				pad(fp, room);
			fputs(v, fp);
			if (!last)
				pad(fp, (t->right && t->right[c] ? 0 : room) + 2);
		}
		putc('\n', fp);
	}
	putc('\n', fp);
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(s[i]);
	free(s);
	free(w);
}

static void
txt_ids(FILE *fp, const char *label, const struct idlist *l)
{
	(void)fp, (void)label, (void)l;	/* text reports give counts only */
}

static void
txt_chart(FILE *fp, const struct doc_chart *c)
{
	fprintf(fp, "%s\n\n", c->title);
	text_bars(fp, c);
	putc('\n', fp);
}

static void
txt_verbatim(FILE *fp, const char *text)
{
	size_t n = strlen(text);

	fputs(text, fp);
	if (n && text[n - 1] != '\n')
		putc('\n', fp);
}

static void
txt_end(FILE *fp)
{
	(void)fp;
}

static const struct doc_ops txt_ops = { txt_title, txt_section, txt_text, txt_table,
	txt_ids, txt_chart, txt_verbatim, txt_end };

/* S escaped for Markdown: characters that would start markup get a backslash. */
static void
md_put(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r' || *s == '\t') {
			putc(' ', fp);
			continue;
		}
		if (strchr("\\`*_[]<>|#~", *s))
			putc('\\', fp);
		putc(*s, fp);
	}
}

static void
md_title(FILE *fp, const char *title, const char *subtitle)
{
	fputs("# ", fp);
	md_put(fp, title);
	fputs("\n\n", fp);
	md_put(fp, subtitle);
	fputs("\n\n", fp);
}

static void
md_section(FILE *fp, int level, const char *title)
{
	fputs(level == 1 ? "## " : "### ", fp);
	md_put(fp, title);
	fputs("\n\n", fp);
}

static void
md_text(FILE *fp, const char *text)
{
	md_put(fp, text);
	fputs("\n\n", fp);
}

static void
md_table(FILE *fp, const struct doc_table *t)
{
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("| ", fp);
		md_put(fp, t->cols[c]);
		putc(' ', fp);
	}
	fputs("|\n", fp);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(t->right && t->right[c] ? "| ---: " : "| --- ", fp);
	fputs("|\n", fp);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			char *s = shown(t, r * t->ncols + c);
			fputs("| ", fp);
			md_put(fp, s);
			putc(' ', fp);
			free(s);
		}
		fputs("|\n", fp);
	}
	putc('\n', fp);
}

static void
md_ids(FILE *fp, const char *label, const struct idlist *l)
{
	fputs("- ", fp);
	md_put(fp, label);
	fputs(L("colon"), fp);
	for (size_t i = 0; i < l->n; i++) {
		fputs(i ? ", " : "", fp);
		md_put(fp, l->id[i]);
	}
	if (l->total > (long)l->n)
		fprintf(fp, "%s%s%ld%s", l->n ? " " : "", L("more.pre"), l->total - (long)l->n, L("more.post"));
	fputs("\n\n", fp);
}

static void
md_chart(FILE *fp, const struct doc_chart *c)
{
	fputs("**", fp);
	md_put(fp, c->title);
	fputs("**\n\n```text\n", fp);
	text_bars(fp, c);
	fputs("```\n\n", fp);
}

static void
md_end(FILE *fp)
{
	(void)fp;
}

static const struct doc_ops md_ops = { md_title, md_section, md_text, md_table,
	md_ids, md_chart, txt_verbatim, md_end };

/* A document in format FMT written to FP. */
struct doc *
doc_new(FILE *fp, enum doc_fmt fmt)
{
	struct doc *d = xcalloc(1, sizeof *d);

	d->fp = fp;
	d->ops = fmt == DOC_HTML ? &html_ops : fmt == DOC_MD ? &md_ops : &txt_ops;
	return d;
}

void
doc_title(struct doc *d, const char *title, const char *subtitle)
{
	d->ops->title(d->fp, title, subtitle);
}

void
doc_section(struct doc *d, const char *title)
{
	d->ops->section(d->fp, 1, title);
}

void
doc_subsection(struct doc *d, const char *title)
{
	d->ops->section(d->fp, 2, title);
}

void
doc_text(struct doc *d, const char *text)
{
	d->ops->text(d->fp, text);
}

/*
 * A cell of ticket data (a text column: numeric columns hold the report's
 * own figures, such as "+5 (+12.5%)") that a spreadsheet would run as a
 * formula is shown with a leading ', as --excel-safe does: reports are
 * copied into spreadsheets.
 */
void
doc_table(struct doc *d, const struct doc_table *t)
{
	struct doc_table safe = *t;
	size_t n = t->nrows * t->ncols;
	char **cells = xcalloc(n, sizeof *cells);

	for (size_t i = 0; i < n; i++) {
		const char *c = t->cells[i];
		int text = !t->right || !t->right[i % t->ncols];
		cells[i] = text && cell_is_formula(c, strlen(c)) ? xasprintf("'%s", c) : t->cells[i];
	}
	safe.cells = cells;
	d->ops->table(d->fp, &safe);
	for (size_t i = 0; i < n; i++)
		if (cells[i] != t->cells[i])
			free(cells[i]);
	free(cells);
}

/* The ids of L under LABEL (Markdown and HTML only). */
void
doc_ids(struct doc *d, const char *label, const struct idlist *l)
{
	d->ops->ids(d->fp, label, l);
}

void
doc_chart(struct doc *d, const struct doc_chart *c)
{
	d->ops->chart(d->fp, c);
}

/* The analyst's own text, as written (escaped in HTML). */
void
doc_verbatim(struct doc *d, const char *text)
{
	d->ops->verbatim(d->fp, text);
}

/* Finish the document and free D. */
void
doc_end(struct doc *d)
{
	d->ops->end(d->fp);
	free(d);
}
