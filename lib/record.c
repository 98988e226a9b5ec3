/*
 * record.c - a ticket: an ordered list of named text fields.
 *
 * Order is kept because fields a tool does not know must pass through
 * unchanged and in order (SPEC §3).  A record is reused from one read to
 * the next: rec_clear() keeps every buffer, so a filter that streams a
 * million records allocates only for the first few.  Values carry their
 * length, so a NUL inside a JSON string value survives a round trip.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct rec *
rec_new(void)
{
	return xcalloc(1, sizeof(struct rec));
}

void
rec_free(struct rec *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->cap; i++) {
		free(r->f[i].name);
		free(r->f[i].val);
	}
	free(r->f);
	free(r);
}

void
rec_clear(struct rec *r)
{
	r->n = 0;
	r->line = 0;
}

static void
put(char **dst, size_t *cap, const char *s, size_t n)
{
	if (*cap < n + 1) {
		*cap = n + 1 < 16 ? 16 : n + 1;
		free(*dst);
		*dst = xmalloc(*cap);
	}
	memcpy(*dst, s, n);
	(*dst)[n] = '\0';
}

/* Append a field without looking for one of the same name (readers). */
void
rec_add(struct rec *r, const char *name, size_t nlen, const char *val, size_t vlen)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		r->f = xrealloc(r->f, cap * sizeof *r->f);
		memset(r->f + r->cap, 0, (cap - r->cap) * sizeof *r->f);
		r->cap = cap;
	}
	struct field *f = &r->f[r->n++];
	put(&f->name, &f->ncap, name, nlen);
	put(&f->val, &f->vcap, val, vlen);
	f->vlen = vlen;
}

int
rec_index(const struct rec *r, const char *name)
{
	/* The first byte first: most names differ there, and this is hot. */
	for (size_t i = 0; i < r->n; i++)
		if (r->f[i].name[0] == name[0] && strcmp(r->f[i].name, name) == 0)
			return (int)i;
	return -1;
}

/*
 * Set NAME to the N bytes of VAL (NUL bytes included), appending the field
 * when the record lacks it.
 */
void
rec_setn(struct rec *r, const char *name, const char *val, size_t n)
{
	int i = rec_index(r, name);

	if (i < 0) {
		rec_add(r, name, strlen(name), val, n);
		return;
	}
	struct field *f = &r->f[i];
	put(&f->val, &f->vcap, val, n);
	f->vlen = n;
}

/* Set NAME to the string VAL. */
void
rec_set(struct rec *r, const char *name, const char *val)
{
	rec_setn(r, name, val, strlen(val));
}

/* The value of NAME, or NULL when the record has no such field. */
const char *
rec_get(const struct rec *r, const char *name)
{
	int i = rec_index(r, name);
	return i < 0 ? NULL : r->f[i].val;
}

/* The value of NAME, or "" when the record has no such field. */
const char *
rec_str(const struct rec *r, const char *name)
{
	const char *v = rec_get(r, name);
	return v ? v : "";
}

void
rec_copy(struct rec *dst, const struct rec *src)
{
	rec_clear(dst);
	for (size_t i = 0; i < src->n; i++)
		rec_add(dst, src->f[i].name, strlen(src->f[i].name), src->f[i].val, src->f[i].vlen);
	dst->line = src->line;
}

/*
 * Whether A and B hold the same values, a field absent from one reading
 * as empty: a change that adds an empty field or rewrites a value with
 * itself is no change.
 */
int
rec_same_values(const struct rec *a, const struct rec *b)
{
	for (int pass = 0; pass < 2; pass++) {
		const struct rec *x = pass ? b : a, *y = pass ? a : b;
		for (size_t i = 0; i < x->n; i++) {
			int k = rec_index(y, x->f[i].name);
			size_t n = k < 0 ? 0 : y->f[k].vlen;
			if (n != x->f[i].vlen || (n && memcmp(x->f[i].val, y->f[k].val, n) != 0))
				return 0;
		}
	}
	return 1;
}

/*
 * Add a copy of NAME to the list *V of *N names unless it is there: the
 * union of the fields of several records or files, in order of first
 * appearance, as a CSV header needs.
 */
void
names_union(char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], name) == 0)
			return;
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = xstrdup(name);
}

void
names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
