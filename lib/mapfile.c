/*
 * mapfile.c - how the columns of a legacy log become the fields of a
 * ticket (SPEC §6, import): --map on the command line, or a map file.
 *
 * A map says which source column each field comes from (one column may
 * feed several fields: a log's close time is both resolved_at and
 * closed_at), which source values stand for which of ours (电话 is
 * hotline), and which fields every row gets whatever it says (where the
 * log came from).  Columns it does not name are kept under their own
 * names, as extra fields.  id and source are never mapped: the store gives
 * ids, and the import derives source from the row.
 *
 * The map file (cmp-new(1) documents it):
 *
 *	# a comment (a whole line, also ;)
 *	[columns]		; FIELD = COLUMN
 *	received_at = 来电时间
 *	[values.channel]	; SOURCE VALUE = VALUE, * for any other
 *	电话 = hotline
 *	[constants]		; FIELD = VALUE
 *	source_system = hotline2019
 *	[options]		; encoding, date-format (repeatable), key, source-name
 *	date-format = %Y/%m/%d %H:%M
 *
 * Spaces around names and values are dropped; a name or value in double
 * quotes keeps them, and may hold '=' ("" is a quote inside).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct colmap *
colmap_new(void)
{
	return xcalloc(1, sizeof(struct colmap));
}

static void
free_pairs(struct colpair *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].field);
		free(v[i].from);
		free(v[i].to);
	}
	free(v);
}

void
colmap_free(struct colmap *m)
{
	if (!m)
		return;
	free_pairs(m->cols, m->ncols);
	free_pairs(m->vals, m->nvals);
	free_pairs(m->consts, m->nconsts);
	for (size_t i = 0; i < m->ndate_fmts; i++)
		free(m->date_fmts[i]);
	free(m->date_fmts);
	free(m->encoding);
	free(m->key);
	free(m->source_name);
	free(m);
}

static int
reserved(const char *field, struct buf *err)
{
	if (!*field) {
		buf_printf(err, _("a field with an empty name"));
		return 1;
	}
	if (strcmp(field, "id") == 0 || strcmp(field, "source") == 0) {
		buf_printf(err, _("%s cannot be mapped: the store gives ids, and the import derives source from the row"), field);
		return 1;
	}
	return 0;
}

/*
 * Add FIELD = FROM (-> TO) to V, replacing the entry with the same FIELD
 * (BY_FROM: the same FIELD and FROM): a later map overrides an earlier.
 */
static void
put_pair(struct colpair **v, size_t *n, const char *field, const char *from, const char *to, int by_from, int star)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].field, field) == 0 &&
		    (!by_from || (strcmp((*v)[i].from, from) == 0 && (*v)[i].star == star))) {
			free((*v)[i].from);
			free((*v)[i].to);
			(*v)[i].from = xstrdup(from);
			(*v)[i].to = to ? xstrdup(to) : NULL;
			return;
		}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = (struct colpair){ xstrdup(field), xstrdup(from), to ? xstrdup(to) : NULL, star };
}

/* FIELD comes from the source column COLUMN. */
static int
add_column(struct colmap *m, const char *field, const char *column, struct buf *err)
{
	if (reserved(field, err))
		return -1;
	put_pair(&m->cols, &m->ncols, field, column, NULL, 0, 0);
	return 0;
}

/* The value FROM of FIELD becomes TO (STAR: any value not listed). */
static int
add_value(struct colmap *m, const char *field, const char *from, const char *to, int star, struct buf *err)
{
	if (reserved(field, err))
		return -1;
	put_pair(&m->vals, &m->nvals, field, star ? "*" : from, to, 1, star);
	return 0;
}

static int
add_const(struct colmap *m, const char *field, const char *value, struct buf *err)
{
	if (reserved(field, err))
		return -1;
	put_pair(&m->consts, &m->nconsts, field, value, NULL, 0, 0);
	return 0;
}

static char *
trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/*
 * Add the inline map SPEC (--map): comma-separated FIELD=COLUMN, or
 * FIELD:SOURCE=VALUE for a value.  Return 0, or -1 with ERR saying why.
 */
int
colmap_inline(struct colmap *m, const char *spec, struct buf *err)
{
	const char *p = spec;

	while (*p) {
		size_t n = strcspn(p, ",");
		char *item = trimmed(p, n);
		p += n + (p[n] == ',');
		if (!*item) {
			free(item);
			continue;
		}
		char *eq = strchr(item, '=');
		int r;
		if (!eq) {
			buf_printf(err, _("\"%s\": expected FIELD=COLUMN or FIELD:VALUE=VALUE"), item);
			r = -1;
		} else {
			*eq = '\0';
			char *colon = strchr(item, ':');
			char *left = trimmed(item, colon ? (size_t)(colon - item) : strlen(item));
			char *right = trimmed(eq + 1, strlen(eq + 1));
			if (colon) {
				char *from = trimmed(colon + 1, strlen(colon + 1));
				r = add_value(m, left, from, right, strcmp(from, "*") == 0, err);
				free(from);
			} else
				r = add_column(m, left, right, err);
			free(left);
			free(right);
		}
		free(item);
		if (r)
			return -1;
	}
	return 0;
}

/*
 * One side of a map-file line from *P: quoted ("" for a quote; *QUOTED is
 * set) or up to STOP (or the end), spaces around it dropped.  NULL for a
 * bad quote.
 */
static char *
side(const char **p, int stop, int *quoted)
{
	const char *s = *p;

	while (*s == ' ' || *s == '\t')
		s++;
	*quoted = *s == '"';
	if (!*quoted) {
		const char *e = stop ? strchr(s, stop) : NULL;
		size_t n = e ? (size_t)(e - s) : strlen(s);
		*p = s + n;
		return trimmed(s, n);
	}
	struct buf b = { 0 };
	buf_add(&b, "", 0);
	for (s++;; s++) {
		if (!*s) {
			buf_free(&b);
			return NULL;
		}
		if (*s == '"') {
			if (s[1] != '"')
				break;
			s++;
		}
		buf_addc(&b, *s);
	}
	s++;
	while (*s == ' ' || *s == '\t')
		s++;
	*p = s;
	return b.s;
}

static int
option(struct colmap *m, const char *key, const char *value, struct buf *err)
{
	char **slot = NULL;

	if (strcmp(key, "date-format") == 0) {
		m->date_fmts = xrealloc(m->date_fmts, (m->ndate_fmts + 1) * sizeof *m->date_fmts);
		m->date_fmts[m->ndate_fmts++] = xstrdup(value);
		return 0;
	}
	if (strcmp(key, "encoding") == 0)
		slot = &m->encoding;
	else if (strcmp(key, "key") == 0)
		slot = &m->key;
	else if (strcmp(key, "source-name") == 0)
		slot = &m->source_name;
	else {
		buf_printf(err, _("unknown option \"%s\" (encoding, date-format, key, source-name)"), key);
		return -1;
	}
	free(*slot);
	*slot = xstrdup(value);
	return 0;
}

/*
 * Add the map file PATH (format above; - is standard input).  Return 0,
 * or -1 with ERR saying "PATH:LINE: problem"; a file that cannot be read
 * exits 66.
 */
int
colmap_load(struct colmap *m, const char *path, struct buf *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL, *section = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int r = 0;
	struct buf why = { 0 };

	if (!fp)
		die(EX_NOINPUT, "%s:", path);
	while (r == 0 && (len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		const char *p = line;
		if (lineno == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
			p += 3;
		/* Its names and values meet UTF-8 headers and go into tickets. */
		if (utf8_invalid(line, (size_t)len)) {
			buf_printf(&why, _("not UTF-8 text"));
			r = -1;
			break;
		}
		p += strspn(p, " \t");
		if (!*p || *p == '#' || *p == ';')
			continue;
		if (*p == '[') {
			const char *e = strchr(p, ']');
			if (!e || e[1 + strspn(e + 1, " \t")]) {
				buf_printf(&why, _("expected [section]"));
				r = -1;
				break;
			}
			free(section);
			section = trimmed(p + 1, (size_t)(e - p - 1));
			if (strcmp(section, "columns") != 0 && strcmp(section, "constants") != 0 &&
			    strcmp(section, "options") != 0 && strncmp(section, "values.", 7) != 0) {
				buf_printf(&why, _("unknown section [%s] (columns, values.FIELD, constants, options)"), section);
				r = -1;
			}
			continue;
		}
		int kq = 0, vq = 0;
		char *key = side(&p, '=', &kq), *value = NULL;
		if (key && *p == '=') {
			p++;
			value = side(&p, 0, &vq);
		}
		if (!key || !value || *p) {
			buf_printf(&why, _("expected NAME = VALUE (a quoted one ends with its quote)"));
			r = -1;
		} else if (!section) {
			buf_printf(&why, _("\"%s = %s\" is in no section"), key, value);
			r = -1;
		} else if (strcmp(section, "columns") == 0)
			r = add_column(m, key, value, &why);
		else if (strcmp(section, "constants") == 0)
			r = add_const(m, key, value, &why);
		else if (strcmp(section, "options") == 0)
			r = option(m, key, value, &why);
		else
			r = add_value(m, section + 7, key, value, !kq && strcmp(key, "*") == 0, &why);
		free(key);
		free(value);
	}
	if (r == 0 && ferror(fp))
		die(EX_IOERR, "%s:", path);
	if (r)
		buf_printf(err, "%s:%ld: %s", path, lineno, why.s);
	if (fp != stdin)
		fclose(fp);
	free(line);
	free(section);
	buf_free(&why);
	return r;
}

/* The fields column COLUMN feeds: how many, and the first at *FIRST. */
static size_t
mapped(const struct colmap *m, const char *column, size_t *first)
{
	size_t k = 0;

	for (size_t i = 0; i < m->ncols; i++)
		if (strcmp(m->cols[i].from, column) == 0 && k++ == 0)
			*first = i;
	return k;
}

/*
 * Note that field F comes from FROM (a column, or NULL: the constants):
 * NAMES is the set of the fields so far (a set: a log may have a million
 * columns), WHENCE where each came from, by its place in NAMES.
 */
static int
note(struct idset *names, const char ***whence, const char *f, const char *from, struct buf *err)
{
	long x = idset_find(names, f);

	if (x >= 0) {
		buf_printf(err, _("field \"%s\" would come both from "), f);
		if ((*whence)[x])
			buf_printf(err, _("column \"%s\""), (*whence)[x]);
		else
			buf_adds(err, _("the constants"));
		if (from)
			buf_printf(err, _(" and from column \"%s\""), from);
		else
			buf_adds(err, _(" and from the constants"));
		return -1;
	}
	size_t k = idset_put(names, f);
	if ((k & (k - 1)) == 0)	/* 0, 1, 2, 4...: double the room */
		*whence = xrealloc(*whence, (k ? 2 * k : 1) * sizeof **whence);
	(*whence)[k] = from;
	return 0;
}

/*
 * Check the map against the CSV header HDR: every column it names is
 * there, no column left unmapped is named id or source or nothing, and no
 * field would come from two places.  Return 0, or -1 with ERR saying why.
 */
int
colmap_check(const struct colmap *m, char **hdr, size_t n, struct buf *err)
{
	struct idset *names = idset_new();
	const char **whence = NULL;
	int r = 0;

	for (size_t i = 0; i < m->ncols && r == 0; i++) {
		size_t j;
		for (j = 0; j < n && strcmp(hdr[j], m->cols[i].from) != 0; j++)
			;
		if (j == n) {
			buf_printf(err, _("%s=%s: no column \"%s\" in the header"), m->cols[i].field, m->cols[i].from, m->cols[i].from);
			r = -1;
		}
	}
	for (size_t j = 0; j < n && r == 0; j++) {
		size_t first = 0;
		if (mapped(m, hdr[j], &first) == 0) {
			if (!*hdr[j]) {
				buf_printf(err, _("column %zu of the header has no name"), j + 1);
				r = -1;
			} else if (strcmp(hdr[j], "id") == 0 || strcmp(hdr[j], "source") == 0) {
				buf_printf(err, _("column \"%s\" would be the ticket's %s: map it to a field of its own (--map legacy_%s=%s)"),
				    hdr[j], hdr[j], hdr[j], hdr[j]);
				r = -1;
			} else
				r = note(names, &whence, hdr[j], hdr[j], err);
			continue;
		}
		for (size_t i = first; i < m->ncols && r == 0; i++)
			if (strcmp(m->cols[i].from, hdr[j]) == 0)
				r = note(names, &whence, m->cols[i].field, hdr[j], err);
	}
	for (size_t i = 0; i < m->nconsts && r == 0; i++)
		r = note(names, &whence, m->consts[i].field, NULL, err);
	idset_free(names);
	free(whence);
	return r;
}

/* Put FIELD = VAL into OUT; with CHECK, a field already there is an error. */
static int
put(struct rec *out, const char *field, const char *val, size_t n, int check, const char *whence, struct buf *why)
{
	if (check && rec_index(out, field) >= 0) {
		buf_printf(why, _("field \"%s\" would come from %s and from another column"), field, whence);
		return -1;
	}
	rec_add(out, field, strlen(field), val, n);
	return 0;
}

/*
 * The source row SRC as fields into OUT: mapped columns under their
 * fields, the others under their own names, then the constants; then the
 * value maps.  CHECKED says colmap_check() passed on SRC's columns (a
 * CSV); otherwise each row is checked here.  Return 0, or -1 with WHY.
 */
int
colmap_apply(const struct colmap *m, const struct rec *src, struct rec *out, int checked, struct buf *why)
{
	rec_clear(out);
	for (size_t j = 0; j < src->n; j++) {
		const struct field *c = &src->f[j];
		size_t first = 0, nm = mapped(m, c->name, &first);
		if (nm == 0) {
			if (!checked && (strcmp(c->name, "id") == 0 || strcmp(c->name, "source") == 0)) {
				buf_printf(why, _("field \"%s\" would be the ticket's %s: map it to a field of its own"), c->name, c->name);
				return -1;
			}
			if (put(out, c->name, c->val, c->vlen, !checked, c->name, why))
				return -1;
			continue;
		}
		for (size_t i = first; i < m->ncols; i++)
			if (strcmp(m->cols[i].from, c->name) == 0 &&
			    put(out, m->cols[i].field, c->val, c->vlen, !checked, c->name, why))
				return -1;
	}
	for (size_t i = 0; i < m->nconsts; i++)
		if (put(out, m->consts[i].field, m->consts[i].from, strlen(m->consts[i].from), !checked, "the constants", why))
			return -1;
	for (size_t i = 0; i < m->nvals; i++) {
		const char *field = m->vals[i].field;
		/* Each field once: at its first value-map entry. */
		size_t e;
		for (e = 0; e < i && strcmp(m->vals[e].field, field) != 0; e++)
			;
		int k = e == i ? rec_index(out, field) : -1;
		if (k < 0)
			continue;
		const char *to = NULL;
		for (size_t x = i; x < m->nvals && !to; x++)
			if (strcmp(m->vals[x].field, field) == 0 && !m->vals[x].star &&
			    out->f[k].vlen == strlen(m->vals[x].from) &&
			    strcmp(out->f[k].val, m->vals[x].from) == 0)
				to = m->vals[x].to;
		for (size_t x = i; x < m->nvals && !to; x++)
			if (strcmp(m->vals[x].field, field) == 0 && m->vals[x].star)
				to = m->vals[x].to;
		if (to)
			rec_set(out, field, to);
	}
	return 0;
}
