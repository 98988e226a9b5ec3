/*
 * keyset.c - a set of SHA-256 digests: the sources an import has seen.
 *
 * Duplicate rows are found by their source (SPEC §6), which is any text;
 * the set keeps the 32-byte digest of each source instead, so its memory
 * is that of the number of distinct sources, whatever their length, and a
 * false match would need a SHA-256 collision.  Open addressing, grown at
 * half full; the digests are uniform, so their first bytes are the hash.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct keyset {
	unsigned char *keys;	/* cap digests */
	unsigned char *used;	/* cap flags */
	size_t n, cap;		/* cap a power of two */
};

struct keyset *
keyset_new(void)
{
	struct keyset *s = xcalloc(1, sizeof *s);

	s->cap = 1024;
	s->keys = xmalloc(s->cap * SHA256_LEN);
	s->used = xcalloc(s->cap, 1);
	return s;
}

void
keyset_free(struct keyset *s)
{
	if (!s)
		return;
	free(s->keys);
	free(s->used);
	free(s);
}

static size_t
slot_of(const struct keyset *s, const unsigned char *key)
{
	size_t h;

	memcpy(&h, key, sizeof h);
	size_t i = h & (s->cap - 1);
	while (s->used[i] && memcmp(s->keys + i * SHA256_LEN, key, SHA256_LEN) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void
grow(struct keyset *s)
{
	struct keyset old = *s;

	s->cap *= 2;
	s->keys = xmalloc(s->cap * SHA256_LEN);
	s->used = xcalloc(s->cap, 1);
	for (size_t i = 0; i < old.cap; i++)
		if (old.used[i]) {
			size_t j = slot_of(s, old.keys + i * SHA256_LEN);
			memcpy(s->keys + j * SHA256_LEN, old.keys + i * SHA256_LEN, SHA256_LEN);
			s->used[j] = 1;
		}
	free(old.keys);
	free(old.used);
}

/* Add the digest KEY; return 1 if it is new, 0 if the set had it. */
int
keyset_add(struct keyset *s, const unsigned char key[SHA256_LEN])
{
	if (2 * (s->n + 1) > s->cap)
		grow(s);
	size_t i = slot_of(s, key);
	if (s->used[i])
		return 0;
	memcpy(s->keys + i * SHA256_LEN, key, SHA256_LEN);
	s->used[i] = 1;
	s->n++;
	return 1;
}

/* Add the digest of the text S; return 1 if it is new, 0 if not. */
int
keyset_add_text(struct keyset *s, const char *text, size_t n)
{
	unsigned char d[SHA256_LEN];

	sha256_of(text, n, d);
	return keyset_add(s, d);
}
