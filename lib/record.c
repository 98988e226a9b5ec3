/*
 * record.c - a ticket: an ordered list of named text fields.
 *
 * Order is kept because fields a tool does not know must pass through
 * unchanged and in order (SPEC §3).  A record is reused from one read to
 * the next: rec_clear() keeps every buffer, so a filter that streams a
 * million records allocates only for the first few.  Values carry their
 * length, so a NUL inside a JSON string value survives a round trip.
 *
 * A field's name and value either sit in the field's own buffers (nbuf,
 * vbuf) or are borrowed (rec_borrow): a reader points them into its own
 * row and header, which saves copying every byte of a million records a
 * second time.  A borrowed value lives until the reader's next read; a
 * record kept longer is a copy (rec_copy always copies).  Setting a field
 * writes into its own buffer, whatever it pointed to before.
 */
#include <stdint.h>
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
		free(r->f[i].nbuf);
		free(r->f[i].vbuf);
	}
	free(r->f);
	free(r);
}

void
rec_clear(struct rec *r)
{
	r->n = 0;
	r->line = 0;
	r->layout = 0;
	r->raw = NULL;
}

/*
 * A number for a new order of field names, never given before: a reader
 * gives its header one and marks each record it fills with it, so that
 * looking a name up in a million records of that header costs one search
 * (see rec_index).  rec_clear() and appending a field forget the mark.
 */
unsigned long
rec_layout_new(void)
{
	static unsigned long last;
	return ++last;
}

/* Copy the N bytes of S into the buffer *BUF (capacity *CAP), NUL-ended. */
static char *
put(char **buf, size_t *cap, const char *s, size_t n)
{
	if (*cap < n + 1) {
		*cap = n + 1 < 16 ? 16 : n + 1;
		free(*buf);
		*buf = xmalloc(*cap);
	}
	memcpy(*buf, s, n);
	(*buf)[n] = '\0';
	return *buf;
}

static struct field *
append(struct rec *r)
{
	r->layout = 0;	/* a name absent before may be there now */
	r->raw = NULL;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		r->f = xrealloc(r->f, cap * sizeof *r->f);
		memset(r->f + r->cap, 0, (cap - r->cap) * sizeof *r->f);
		r->cap = cap;
	}
	return &r->f[r->n++];
}

/* Append a copy of a field without looking for one of the same name. */
void
rec_add(struct rec *r, const char *name, size_t nlen, const char *val, size_t vlen)
{
	struct field *f = append(r);
	f->name = put(&f->nbuf, &f->ncap, name, nlen);
	f->val = put(&f->vbuf, &f->vcap, val, vlen);
	f->vlen = vlen;
	f->clean = 0;
}

/*
 * Append a field that borrows NAME and the VLEN bytes of VAL, which must
 * be followed by a NUL and outlive the record's use (readers, packs).
 */
void
rec_borrow(struct rec *r, const char *name, const char *val, size_t vlen)
{
	struct field *f = append(r);
	f->name = (char *)name;
	f->val = (char *)val;
	f->vlen = vlen;
	f->clean = 0;
}

/*
 * Clear R and fill it with N fields borrowing NAMES and, for field I,
 * the LEN[I] bytes at DATA + OFF[I] (NUL-ended): a reader's whole row in
 * one loop, since this runs for every field of every record read.  The
 * reader has checked names and values (UTF-8, no NUL): they are clean, and
 * a writer need not check them again.
 */
void
rec_borrow_row(struct rec *r, char *const *names, const char *data, const size_t *off, const size_t *len, size_t n)
{
	rec_clear(r);
	if (r->cap < n) {
		r->f = xrealloc(r->f, n * sizeof *r->f);
		memset(r->f + r->cap, 0, (n - r->cap) * sizeof *r->f);
		r->cap = n;
	}
	for (size_t i = 0; i < n; i++) {
		r->f[i].name = names[i];
		r->f[i].val = (char *)data + off[i];
		r->f[i].vlen = len[i];
		r->f[i].clean = 1;
	}
	r->n = n;
}

/*
 * Where NAME is in R, or -1.  Callers name fields with string constants,
 * so a small table indexed by the address of NAME remembers where it was
 * (or that it was not) in records of the same layout: the hot loops of
 * cmp-stats and cmp-due look up a dozen names in each of a million
 * records.  A hit is checked against a copy of the name (an address may
 * be reused), and appending a field forgets the layout (see append).
 */
int
rec_index(const struct rec *r, const char *name)
{
	static struct { char name[24]; unsigned long layout; int at; } seen[256];
	size_t slot = ((uintptr_t)name >> 3) % 256;

	if (r->layout && seen[slot].layout == r->layout && strcmp(seen[slot].name, name) == 0)
		return seen[slot].at;
	int at = -1;
	/* The first byte first: most names differ there. */
	for (size_t i = 0; i < r->n && at < 0; i++)
		if (r->f[i].name[0] == name[0] && strcmp(r->f[i].name, name) == 0)
			at = (int)i;
	size_t len = strlen(name);
	if (r->layout && len < sizeof seen[slot].name) {
		memcpy(seen[slot].name, name, len + 1);
		seen[slot].layout = r->layout;
		seen[slot].at = at;
	}
	return at;
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
	f->val = put(&f->vbuf, &f->vcap, val, n);
	f->vlen = n;
	f->clean = 0;
	r->raw = NULL;
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
