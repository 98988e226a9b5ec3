/*
 * html.c - a report as one self-contained HTML file (SPEC §6): the style
 * sheet, with a print style for PDF, and the charts as inline SVG, so
 * that the file can be mailed, archived or printed without a network, a
 * script or anything beside it.
 *
 * Every text that comes from tickets, the policy or the analyst's notes is
 * escaped; nothing a ticket says can become markup.  Charts are drawn to a
 * fixed coordinate system (viewBox) and scale with the page; each bar
 * carries a <title>, which a browser shows on hover.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

#define CHART_W 720		/* the width of every chart, in SVG units */
#define LABEL_W 170		/* room for the names left of bars */
#define ROW_H 24		/* one bar */

static const char style[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\","
    "system-ui,sans-serif;color:#222;margin:0;background:#fff;line-height:1.45}\n"
    "main{max-width:980px;margin:0 auto;padding:24px}\n"
    "h1{font-size:1.7em;margin:0 0 .2em}\n"
    "h2{font-size:1.3em;border-bottom:2px solid #4a7ab5;padding-bottom:.15em;margin-top:1.8em}\n"
    "h3{font-size:1.05em;margin-top:1.3em}\n"
    ".sub{color:#555;margin-top:0}\n"
    "table{border-collapse:collapse;margin:.6em 0 1em;font-size:.92em}\n"
    "th,td{border:1px solid #ccd;padding:3px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#eef2f8}\n"
    "td.num,th.num{text-align:right;white-space:nowrap}\n"
    ".below{color:#b52a1c;font-weight:bold}\n"
    ".ids code{font-size:.88em}\n"
    "figure.chart{margin:1em 0}\n"
    "figure.chart svg{max-width:100%;height:auto;display:block}\n"
    "figcaption{font-weight:bold;margin-bottom:.3em}\n"
    "svg text{font-size:11px;fill:#333}\n"
    "svg .bar{fill:#4a7ab5}\n"
    "svg .bar.below{fill:#c0392b}\n"
    "svg .frame{fill:#f7f9fc;stroke:#dde}\n"
    "svg .grid{stroke:#dde}\n"
    "svg .bound{stroke:#111;stroke-width:2}\n"
    "svg .target{stroke:#e67e22;stroke-width:2;stroke-dasharray:5 3}\n"
    ".notes p{white-space:pre-wrap}\n"
    "footer{color:#777;font-size:.85em;margin-top:3em}\n"
    "@page{size:A4;margin:15mm}\n"
    "@media print{\n"
    "body{font-size:10pt}\n"
    "main{max-width:none;padding:0}\n"
    "h2{break-after:avoid;page-break-after:avoid}\n"
    "h3{break-after:avoid;page-break-after:avoid}\n"
    "table{font-size:8.5pt}\n"
    "figure,tr{break-inside:avoid;page-break-inside:avoid}\n"
    "th{background:none}\n"
    "svg .frame{fill:none}\n"
    "footer{display:none}\n"
    "}\n";

/* S with the characters of HTML markup escaped. */
static void
esc(FILE *fp, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: putc(*s, fp);
		}
}

static void
html_title(FILE *fp, const char *title, const char *subtitle)
{
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
	    labels_chinese() ? "zh-CN" : "en");
	esc(fp, title);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<header>\n<h1>", style);
	esc(fp, title);
	fputs("</h1>\n<p class=\"sub\">", fp);
	esc(fp, subtitle);
	fputs("</p>\n</header>\n", fp);
}

static void
html_section(FILE *fp, int level, const char *title)
{
	fprintf(fp, "<h%d>", level + 1);
	esc(fp, title);
	fprintf(fp, "</h%d>\n", level + 1);
}

static void
html_text(FILE *fp, const char *text)
{
	fputs("<p>", fp);
	esc(fp, text);
	fputs("</p>\n", fp);
}

static void
html_table(FILE *fp, const struct doc_table *t)
{
	fputs("<table>\n<thead><tr>", fp);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs(t->right && t->right[c] ? "<th class=\"num\">" : "<th>", fp);
		esc(fp, t->cols[c]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("<tr>", fp);
		for (size_t c = 0; c < t->ncols; c++) {
			size_t i = r * t->ncols + c;
			int right = t->right && t->right[c], marked = t->marked && t->marked[i];
			fprintf(fp, "<td%s>", right && marked ? " class=\"num below\"" : right ? " class=\"num\"" :
			    marked ? " class=\"below\"" : "");
			esc(fp, t->cells[i]);
			if (marked)
				fputs(" ▼", fp);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}

static void
html_ids(FILE *fp, const char *label, const struct idlist *l)
{
	fputs("<p class=\"ids\"><strong>", fp);
	esc(fp, label);
	fputs("</strong>", fp);
	fputs(L("colon"), fp);
	for (size_t i = 0; i < l->n; i++) {
		fputs(i ? ", <code>" : "<code>", fp);
		esc(fp, l->id[i]);
		fputs("</code>", fp);
	}
	if (l->total > (long)l->n)
		fprintf(fp, "%s%s%ld%s", l->n ? " " : "", L("more.pre"), l->total - (long)l->n, L("more.post"));
	fputs("</p>\n", fp);
}

/* A label cut to fit LABEL_W: about 26 columns of 11px text. */
static void
short_label(FILE *fp, const char *s)
{
	size_t n = strlen(s), keep = utf8_prefix_for_width(s, n, 26);
	char *t = xstrndup(s, keep);

	esc(fp, t);
	if (keep < n)
		fputs("…", fp);
	free(t);
}

/* A round number at least MAX for the top of an axis: 1, 2 or 5 times 10^k. */
static double
nice_max(double max)
{
	double p = 1;

	if (max <= 1)
		return 1;
	while (p * 10 < max)
		p *= 10;
	return max <= 2 * p ? 2 * p : max <= 5 * p ? 5 * p : 10 * p;
}

static void
svg_open(FILE *fp, const struct doc_chart *c, int h)
{
	fprintf(fp, "<figure class=\"chart\" id=\"chart-%s\">\n<figcaption>", c->id);
	esc(fp, c->title);
	fprintf(fp, "</figcaption>\n<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
	    CHART_W, h, CHART_W, h);
	esc(fp, c->title);
	fputs("\">\n", fp);
}

static void
svg_close(FILE *fp)
{
	fputs("</svg>\n</figure>\n", fp);
}

static void
svg_value(FILE *fp, const struct doc_chart *c, size_t i)
{
	if (c->kind == CHART_RATES)
		fprintf(fp, "%.1f%%", 100 * c->values[i]);
	else
		fprintf(fp, "%.0f", c->values[i]);
}

/* The trend: a column per day or month, the value over each column. */
static void
columns(FILE *fp, const struct doc_chart *c)
{
	const int h = 260, left = 44, right = 12, top = 18, bottom = 34;
	double pw = CHART_W - left - right, ph = h - top - bottom;
	double max = 0, slot = pw / (double)c->n;

	for (size_t i = 0; i < c->n; i++)
		if (c->values[i] > max)
			max = c->values[i];
	max = nice_max(max);
	svg_open(fp, c, h);
	fprintf(fp, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\"/>\n", left, top, pw, ph);
	/* Gridlines at whole numbers: 5 steps where they divide the top, else 4, 2, 1. */
	int steps = 5;
	while (steps > 1 && (long)max % steps != 0)
		steps = steps == 5 ? 4 : steps == 4 ? 2 : 1;
	for (int k = 0; k <= steps; k++) {
		double y = top + ph - ph * k / steps;
		fprintf(fp, "<path class=\"grid\" d=\"M%d %.1fH%.0f\"/>"
		    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%ld</text>\n",
		    left, y, left + pw, left - 6, y + 4, (long)max * k / steps);
	}
	for (size_t i = 0; i < c->n; i++) {
		double x = left + slot * (double)i, bh = ph * c->values[i] / max;
		if (c->values[i] > 0) {
			fprintf(fp, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
			    x + slot * 0.15, top + ph - bh, slot * 0.7, bh);
			esc(fp, c->labels[i]);
			fputs(": ", fp);
			svg_value(fp, c, i);
			fprintf(fp, "</title></rect>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
			    x + slot / 2, top + ph - bh - 3);
			svg_value(fp, c, i);
			fputs("</text>\n", fp);
		}
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", x + slot / 2, h - bottom + 16);
		esc(fp, c->labels[i]);
		fputs("</text>\n", fp);
	}
	svg_close(fp);
}

/* Counts or rates as horizontal bars; rates with their bound and target. */
static void
bars(FILE *fp, const struct doc_chart *c)
{
	const int top = 10, bottom = c->kind == CHART_RATES ? 24 : 8, right = 70;
	int h = top + ROW_H * (int)c->n + bottom;
	double pw = CHART_W - LABEL_W - right, max = 0;

	for (size_t i = 0; i < c->n; i++)
		if (c->values[i] > max)
			max = c->values[i];
	max = c->kind == CHART_RATES ? 1 : nice_max(max);
	svg_open(fp, c, h);
	fprintf(fp, "<rect class=\"frame\" x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%d\"/>\n",
	    LABEL_W, top, pw, ROW_H * (int)c->n);
	for (size_t i = 0; i < c->n; i++) {
		double y = top + ROW_H * (double)i, w = pw * c->values[i] / max;
		int marked = c->marked && c->marked[i];
		fprintf(fp, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", LABEL_W - 6, y + ROW_H / 2.0 + 4);
		short_label(fp, c->labels[i]);
		fputs("</text>\n", fp);
		if (w > 0) {
			fprintf(fp, "<rect class=\"bar%s\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"><title>",
			    marked ? " below" : "", LABEL_W, y + 4, w, ROW_H - 8);
			esc(fp, c->labels[i]);
			fputs(": ", fp);
			svg_value(fp, c, i);
			fputs("</title></rect>\n", fp);
		}
		if (c->bounds)
			fprintf(fp, "<path class=\"bound\" d=\"M%.1f %.1fV%.1f\"><title>%s %.1f%%</title></path>\n",
			    LABEL_W + pw * c->bounds[i], y + 2, y + ROW_H - 2, L("rank.lower"), 100 * c->bounds[i]);
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\">", LABEL_W + w + 5, y + ROW_H / 2.0 + 4);
		svg_value(fp, c, i);
		fputs(marked ? " ▼</text>\n" : "</text>\n", fp);
	}
	if (c->kind == CHART_RATES) {
		for (int k = 0; k <= 4; k++)
			fprintf(fp, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d%%</text>\n",
			    LABEL_W + pw * k / 4, h - 8, 25 * k);
		if (c->target >= 0)
			fprintf(fp, "<path class=\"target\" d=\"M%.1f %dV%d\"/>\n", LABEL_W + pw * c->target, top,
			    top + ROW_H * (int)c->n);
	}
	svg_close(fp);
}

/* A chart with nothing to draw still takes its place, and says so. */
static void
empty_chart(FILE *fp, const struct doc_chart *c)
{
	svg_open(fp, c, 60);
	fprintf(fp, "<rect class=\"frame\" x=\"0\" y=\"0\" width=\"%d\" height=\"60\"/>\n"
	    "<text x=\"%d\" y=\"35\" text-anchor=\"middle\">", CHART_W, CHART_W / 2);
	esc(fp, L("chart.nodata"));
	fputs("</text>\n", fp);
	svg_close(fp);
}

static void
html_chart(FILE *fp, const struct doc_chart *c)
{
	if (c->n == 0)
		empty_chart(fp, c);
	else if (c->kind == CHART_COLUMNS)
		columns(fp, c);
	else
		bars(fp, c);
}

/* The analyst's notes: paragraphs at blank lines, each kept as written. */
static void
html_verbatim(FILE *fp, const char *text)
{
	fputs("<div class=\"notes\">\n", fp);
	while (*text) {
		const char *end = strstr(text, "\n\n");
		size_t n = end ? (size_t)(end - text) : strlen(text);
		char *para = xstrndup(text, n);
		if (strspn(para, " \t\r\n") < n) {
			fputs("<p>", fp);
			esc(fp, para + strspn(para, "\r\n"));
			fputs("</p>\n", fp);
		}
		free(para);
		text += n;
		text += strspn(text, "\n");
	}
	fputs("</div>\n", fp);
}

static void
html_end(FILE *fp)
{
	fputs("<footer>", fp);
	esc(fp, L("generated"));
	fputs("</footer>\n</main>\n</body>\n</html>\n", fp);
}

const struct doc_ops html_ops = { html_title, html_section, html_text, html_table,
	html_ids, html_chart, html_verbatim, html_end };
