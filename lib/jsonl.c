/*
 * jsonl.c - JSON Lines records through jansson, and the JSON Lines writer.
 *
 * One object a record.  An object normally sits on one line, but one that
 * spans lines (pretty-printed by jq, say) is read too: lines are gathered
 * until jansson has a whole value, and the record is reported by the line
 * where it starts.  Values are text: booleans are read as their JSON
 * text, numbers as the shortest text of their value (12.50 is "12.5", an
 * integer keeps its digits), null as empty; nested arrays and objects are
 * refused, as are top-level values that are not objects.  Duplicate keys
 * keep the last value (jansson's rule).  A NUL escaped inside a value
 * (\u0000) is kept; one inside a key is refused by jansson.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct jsonl_in {
	struct input *in;
	struct buf acc;		/* lines of the value being read */
	long depth;		/* of ACC's brackets, outside strings */
	int in_str, esc;	/* ACC ends inside a string, after a backslash */
	size_t tried;		/* ACC's length when last given to jansson */
	struct buf text;
	int at_eof;
	long start;		/* the line where ACC starts */
	int bad;		/* a line of ACC held bytes invalid in its encoding */
	int ref;		/* jansson reads every line (CMP_JSON=jansson) */
	struct jsonflat flat;	/* the fast path's last object */
	struct buf names;	/* its keys, NUL-ended, at noff: */
	size_t *noff, nnames;	/* the layout of the records before */
	unsigned long layout;
};

struct jsonl_in *
jsonl_in_new(struct input *in)
{
	struct jsonl_in *j = xcalloc(1, sizeof *j);
	const char *which = getenv("CMP_JSON");

	j->in = in;
	j->ref = which && strcmp(which, "jansson") == 0;
	return j;
}

void
jsonl_in_free(struct jsonl_in *j)
{
	if (!j)
		return;
	buf_free(&j->acc);
	buf_free(&j->text);
	jsonflat_free(&j->flat);
	buf_free(&j->names);
	free(j->noff);
	free(j);
}

/* The text of a scalar JSON value, or NULL for arrays and objects. */
static const char *
scalar_text(json_t *v, size_t *n, struct buf *tmp)
{
	buf_reset(tmp);
	switch (json_typeof(v)) {
	case JSON_STRING:
		*n = json_string_length(v);
		return json_string_value(v);
	case JSON_INTEGER:
		buf_printf(tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL: {
		/*
		 * The shortest text that reads back as the same double, so
		 * that 0.1 is "0.1", not jansson's 17 digits
		 * "0.10000000000000001" (its encoder's default precision);
		 * a whole number is written without exponent: 1e2 is "100".
		 */
		double x = json_real_value(v);
		char s[40];
		if (x > -1e15 && x < 1e15 && x == (double)(long long)x)
			snprintf(s, sizeof s, "%.0f", x);
		else
			for (int prec = 1; prec <= 17; prec++) {
				snprintf(s, sizeof s, "%.*g", prec, x);
				if (strtod(s, NULL) == x)
					break;
			}
		buf_adds(tmp, s);
		break;
	}
	case JSON_TRUE:
		buf_adds(tmp, "true");
		break;
	case JSON_FALSE:
		buf_adds(tmp, "false");
		break;
	case JSON_NULL:
		break;
	default:
		return NULL;
	}
	*n = tmp->len;
	return tmp->s ? tmp->s : "";
}

/* Follow the nesting of the N bytes of S, the latest line of the value. */
static void
scan(struct jsonl_in *j, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (j->esc)
			j->esc = 0;
		else if (j->in_str)
			j->in_str = s[i] != '"', j->esc = s[i] == '\\';
		else if (s[i] == '"')
			j->in_str = 1;
		else if (s[i] == '{' || s[i] == '[')
			j->depth++;
		else if (s[i] == '}' || s[i] == ']')
			j->depth--;
	}
}

/*
 * Whether ACC is worth handing to jansson now.  Parsing it again after
 * every line would be quadratic in the lines of a value (a pretty-printed
 * object of 200,000 fields took minutes): parse when its brackets close,
 * when a line ends inside a string (a raw newline there is an error), at
 * the end of input, and else each time it has doubled, so that garbage is
 * still found early.
 */
static int
worth_parsing(const struct jsonl_in *j)
{
	return j->at_eof || j->depth <= 0 || j->in_str || j->acc.len >= 2 * j->tried;
}

/*
 * Jansson's error TEXT without the text it quotes ("invalid token near
 * '13800138000x'"): messages name the line, never a value, which may be
 * personal data.  TEXT is cut in place and returned.
 */
char *
json_problem(char *text)
{
	char *near = strstr(text, " near '");

	if (near)
		*near = '\0';
	return text;
}

static int
all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* Whether the keys of the object just read are those of the records before. */
static int
same_names(const struct jsonl_in *j)
{
	const struct jsonflat *f = &j->flat;

	if (f->n / 2 != j->nnames || !j->layout)
		return 0;
	for (size_t i = 0; i < j->nnames; i++) {
		size_t len = f->len[2 * i];
		if (memcmp(f->text.s + f->off[2 * i], j->names.s + j->noff[i], len + 1) != 0)
			return 0;
	}
	return 1;
}

/*
 * Keep the keys of the object just read as the layout of the records to
 * come (rec_layout_new).  Return -1, keeping nothing, when a key repeats:
 * jansson's rule for that (the last value, in the first place) is its own.
 */
static int
new_names(struct jsonl_in *j)
{
	const struct jsonflat *f = &j->flat;
	size_t n = f->n / 2;
	struct idset *seen = idset_new();
	int dup = 0;

	for (size_t i = 0; i < n && !dup; i++)
		dup = !idset_add(seen, f->text.s + f->off[2 * i]);
	idset_free(seen);
	j->layout = 0;
	if (dup)
		return -1;
	buf_reset(&j->names);
	j->noff = xrealloc(j->noff, (n + 1) * sizeof *j->noff);
	for (size_t i = 0; i < n; i++) {
		j->noff[i] = j->names.len;
		buf_add(&j->names, f->text.s + f->off[2 * i], f->len[2 * i] + 1);
	}
	j->nnames = n;
	j->layout = rec_layout_new();
	return 0;
}

/*
 * The fast path (jsonflat.c): LINE, a whole line, as one flat object into
 * REC, borrowing from the reader.  Return 0 when jansson is to read it.
 */
static int
read_flat(struct jsonl_in *j, struct rec *rec, const char *line, size_t len)
{
	const struct jsonflat *f = &j->flat;

	if (j->ref || input_line_bad(j->in) || utf8_invalid(line, len) || !jsonflat_parse(&j->flat, line, len))
		return 0;
	if (!same_names(j) && new_names(j) != 0)
		return 0;
	rec_clear(rec);
	for (size_t i = 0; i < j->nnames; i++) {
		rec_borrow(rec, j->names.s + j->noff[i], f->text.s + f->off[2 * i + 1], f->len[2 * i + 1]);
		rec->f[i].clean = !f->nul;
	}
	rec->layout = j->layout;
	/* For jsonl_in_raw(), as jansson's path keeps it. */
	j->start = input_lineno(j->in);
	buf_add(&j->acc, line, len);
	rec->line = j->start;
	return 1;
}

/*
 * Read the next record into REC.  Return 1, 0 at the end, or -1 for a
 * bad record (ERR and *ERRLINE say what and where; reading goes on at the
 * line after the bad one).
 */
int
jsonl_in_next(struct jsonl_in *j, struct rec *rec, struct buf *err, long *errline)
{
	const char *line;
	size_t len;
	long start = 0;
	json_t *v = NULL;
	json_error_t e;

	buf_reset(&j->acc);
	j->bad = 0;
	j->depth = j->in_str = j->esc = 0;
	j->tried = 0;
	for (;;) {
		if (!input_line(j->in, &line, &len)) {
			if (j->acc.len == 0)
				return 0;
			j->at_eof = 1;
		} else {
			if (j->acc.len == 0 && all_space(line, len))
				continue;
			if (j->acc.len == 0 && read_flat(j, rec, line, len)) {
				*errline = rec->line;
				return 1;
			}
			const char *bom = NULL;
			if (j->acc.len == 0) {
				start = j->start = input_lineno(j->in);
				bom = input_stray_bom(line, len);
			}
			buf_add(&j->acc, line, len);
			scan(j, line, len);
			j->bad |= input_line_bad(j->in);
			if (bom) {
				buf_adds(err, bom);
				*errline = start;
				return -1;
			}
		}
		if (j->bad) {
			/* The \xHH in its place is no JSON: say what is wrong. */
			buf_adds(err, input_problem(j->in));
			*errline = start;
			return -1;
		}
		/* Any value, so that a valid scalar is refused below as "not
		 * a JSON object" rather than as bad JSON. */
		if (!worth_parsing(j))
			continue;
		j->tried = j->acc.len;
		v = json_loadb(j->acc.s, j->acc.len, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL, &e);
		if (v)
			break;
		/* Out of input in the middle of a value: it may go on below. */
		if (!j->at_eof && (size_t)e.position >= j->acc.len)
			continue;
		buf_printf(err, _("bad JSON: %s"), json_problem(e.text));
		*errline = start + (e.line > 0 ? e.line - 1 : 0);
		return -1;
	}
	*errline = start;
	if (!json_is_object(v)) {
		buf_printf(err, _("not a JSON object (a record is one object per line)"));
		json_decref(v);
		return -1;
	}
	size_t used = (size_t)e.position;
	if (!all_space(j->acc.s + used, j->acc.len - used)) {
		buf_printf(err, _("text after the JSON object"));
		json_decref(v);
		return -1;
	}
	rec_clear(rec);
	rec->line = start;
	const char *key;
	size_t klen;
	json_t *val;
	json_object_keylen_foreach(v, key, klen, val) {
		size_t n = 0;
		const char *s = scalar_text(val, &n, &j->text);
		if (!s) {
			buf_printf(err, _("field \"%s\" holds an array or object, not text"), key);
			json_decref(v);
			return -1;
		}
		rec_add(rec, key, klen, s, n);
	}
	json_decref(v);
	return 1;
}

/*
 * The text of the record jsonl_in_next() last returned or refused, and in
 * *LINE the line where it starts.
 */
const char *
jsonl_in_raw(const struct jsonl_in *j, size_t *n, long *line)
{
	*line = j->start;
	*n = j->acc.len;
	return j->acc.s ? j->acc.s : "";
}

/*
 * Write the N bytes of S (UTF-8) as a JSON string, escaped as jansson's
 * encoder does, so that output does not depend on which one wrote it.
 * By hand rather than through a json_t: an object of a million fields
 * would otherwise be built, hashed and freed for every record.
 */
static void
put_string(FILE *fp, const char *s, size_t n)
{
	size_t run = 0;

	putc('"', fp);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(s + run, 1, i - run, fp);
		run = i + 1;
		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\b': fputs("\\b", fp); break;
		case '\f': fputs("\\f", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default: fprintf(fp, "\\u%04X", c);
		}
	}
	fwrite(s + run, 1, n - run, fp);
	putc('"', fp);
}

/*
 * Write REC as one compact JSON object and a newline.  Its names and
 * values must be UTF-8 (writer_put checks).
 */
void
jsonl_put_rec(FILE *fp, const struct rec *r)
{
	putc('{', fp);
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			putc(',', fp);
		put_string(fp, r->f[i].name, strlen(r->f[i].name));
		putc(':', fp);
		put_string(fp, r->f[i].val, r->f[i].vlen);
	}
	fputs("}\n", fp);
}
