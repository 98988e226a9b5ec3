/*
 * pack.c - records packed end to end in one buffer.
 *
 * For a tool that must hold many records at once (cmp-due sorts its
 * worklist, a change holds the tickets it archives until its commit), a
 * copied struct rec costs a heap block per field: a million tickets of
 * fifty fields were 6 GB and most of cmp-due's time in malloc.  Packed, a
 * record costs its bytes and two or three more per field; field names are
 * kept once.  A record is read back borrowing from the pack.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct pack {
	struct buf data;	/* per record: layout, n, then per field
				 * name * 2 + clean, length, bytes, NUL */
	struct idset *names;
	unsigned long layout;	/* of the record last added: */
	size_t *idx, nidx;	/* its names' places in NAMES */
};

struct pack *
pack_new(void)
{
	struct pack *p = xcalloc(1, sizeof *p);
	p->names = idset_new();
	return p;
}

void
pack_free(struct pack *p)
{
	if (!p)
		return;
	buf_free(&p->data);
	idset_free(p->names);
	free(p->idx);
	free(p);
}

/* Unsigned LEB128: seven bits a byte, most numbers here fit in one. */
static void
put_num(struct buf *b, size_t v)
{
	buf_need(b, 10);
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		b->s[b->len++] = (char)(c | (v ? 0x80 : 0));
	} while (v);
	b->s[b->len] = '\0';
}

static size_t
get_num(const char **s)
{
	size_t v = 0;
	unsigned shift = 0;
	unsigned char c;

	do {
		c = (unsigned char)*(*s)++;
		v |= (size_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return v;
}

/*
 * Add a copy of R; return where it is, for pack_get().  The records of one
 * reader have one layout: their names are looked up once.
 */
size_t
pack_add(struct pack *p, const struct rec *r)
{
	size_t at = p->data.len;

	if (!r->layout || r->layout != p->layout || r->n != p->nidx) {
		p->idx = xrealloc(p->idx, (r->n + 1) * sizeof *p->idx);
		for (size_t i = 0; i < r->n; i++)
			p->idx[i] = idset_put(p->names, r->f[i].name);
		p->layout = r->layout;
		p->nidx = r->n;
	}
	put_num(&p->data, r->layout);
	put_num(&p->data, r->n);
	for (size_t i = 0; i < r->n; i++) {
		put_num(&p->data, p->idx[i] * 2 + (r->f[i].clean != 0));
		put_num(&p->data, r->f[i].vlen);
		buf_add(&p->data, r->f[i].val, r->f[i].vlen);
		buf_addc(&p->data, '\0');
	}
	return at;
}

/* Add a copy of the string S; return where it is, for pack_str(). */
size_t
pack_text(struct pack *p, const char *s)
{
	size_t at = p->data.len;

	buf_add(&p->data, s, strlen(s));
	buf_addc(&p->data, '\0');
	return at;
}

const char *
pack_str(const struct pack *p, size_t at)
{
	return p->data.s + at;
}

/*
 * The record added at AT, into R.  It borrows from the pack: valid until
 * the next pack_add() or pack_text().
 */
void
pack_get(const struct pack *p, size_t at, struct rec *r)
{
	const char *s = p->data.s + at;
	unsigned long layout = get_num(&s);
	size_t n = get_num(&s);

	rec_clear(r);
	for (size_t i = 0; i < n; i++) {
		size_t k = get_num(&s);
		size_t len = get_num(&s);
		rec_borrow(r, idset_at(p->names, k / 2), s, len);
		r->f[i].clean = k % 2;
		s += len + 1;
	}
	r->layout = layout;
}

/* Every field name of the records added, in order of first appearance. */
char *const *
pack_names(const struct pack *p, size_t *n)
{
	*n = idset_count(p->names);
	return idset_order(p->names);
}
