/*
 * jsonflat.c - the JSON Lines reader's fast path: one flat object.
 *
 * Nearly every line of a JSON Lines ticket file is one object whose
 * values are strings.  jansson builds a tree of it (a heap block per key
 * and value, a hash table per object): 85% of the time of cmp-stats on
 * such a file.  This reads exactly that shape, straight into one buffer:
 * an object of string, true, false and null values, with JSON's escapes.
 * Anything else (a number, a nested value, a NUL in a key, a lone
 * surrogate, a syntax error, text after the object) is "not mine": the
 * caller then gives the line to jansson, which stays the reference for
 * every record and every error (CMP_JSON=jansson makes it read all of
 * them; tests/fuzz/fuzz-jsondiff and tests/016-json-differential
 * compare the two).  The line's UTF-8 is the caller's to check.
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

static int
hex4(const char *p, const char *end, unsigned *out)
{
	unsigned v = 0;

	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct buf *b, unsigned cp)
{
	char s[4];
	size_t n;

	if (cp < 0x80)
		s[0] = (char)cp, n = 1;
	else if (cp < 0x800)
		s[0] = (char)(0xc0 | cp >> 6), s[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
	else if (cp < 0x10000)
		s[0] = (char)(0xe0 | cp >> 12), s[1] = (char)(0x80 | (cp >> 6 & 0x3f)),
		s[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
	else
		s[0] = (char)(0xf0 | cp >> 18), s[1] = (char)(0x80 | (cp >> 12 & 0x3f)),
		s[2] = (char)(0x80 | (cp >> 6 & 0x3f)), s[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
	buf_add(b, s, n);
}

/*
 * The string whose opening quote is before P, decoded onto B and NUL-ended;
 * return the byte after its closing quote, or NULL when it is not mine.
 * *NUL says whether it held \u0000.
 */
static const char *
string(const char *p, const char *end, struct buf *b, int *nul)
{
	*nul = 0;
	for (;;) {
		const char *q = p;
		while (q < end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20)
			q++;
		buf_add(b, p, (size_t)(q - p));
		if (q == end || (unsigned char)*q < 0x20)
			return NULL;	/* unterminated, or a raw control character */
		if (*q == '"') {
			buf_addc(b, '\0');
			return q + 1;
		}
		if (++q == end)
			return NULL;
		unsigned cp, lo;
		switch (*q++) {
		case '"': buf_addc(b, '"'); break;
		case '\\': buf_addc(b, '\\'); break;
		case '/': buf_addc(b, '/'); break;
		case 'b': buf_addc(b, '\b'); break;
		case 'f': buf_addc(b, '\f'); break;
		case 'n': buf_addc(b, '\n'); break;
		case 'r': buf_addc(b, '\r'); break;
		case 't': buf_addc(b, '\t'); break;
		case 'u':
			if (hex4(q, end, &cp) != 0)
				return NULL;
			q += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return NULL;	/* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (end - q < 6 || q[0] != '\\' || q[1] != 'u' || hex4(q + 2, end, &lo) != 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return NULL;
				q += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			*nul |= cp == 0;
			put_utf8(b, cp);
			break;
		default:
			return NULL;
		}
		p = q;
	}
}

/*
 * Read S[0..N) as one flat object into F: 1, or 0 when it is not mine
 * (see above).  Keys and values are in f->text, NUL-ended, at the offsets
 * of f->off, key and value alternately, with their lengths in f->len.
 */
int
jsonflat_parse(struct jsonflat *f, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	int nul;

	buf_reset(&f->text);
	f->n = 0;
	f->nul = 0;
	p = skip_space(p, end);
	if (p == end || *p++ != '{')
		return 0;
	p = skip_space(p, end);
	if (p < end && *p == '}')
		return skip_space(p + 1, end) == end;
	for (;;) {
		if (f->n + 2 > f->cap) {
			f->cap = f->cap ? f->cap * 2 : 128;
			f->off = xrealloc(f->off, f->cap * sizeof *f->off);
			f->len = xrealloc(f->len, f->cap * sizeof *f->len);
		}
		if (p == end || *p++ != '"')
			return 0;
		f->off[f->n] = f->text.len;
		if (!(p = string(p, end, &f->text, &nul)) || nul)
			return 0;	/* jansson refuses a NUL in a key */
		f->len[f->n] = f->text.len - 1 - f->off[f->n];
		f->n++;
		p = skip_space(p, end);
		if (p == end || *p++ != ':')
			return 0;
		p = skip_space(p, end);
		if (p == end)
			return 0;
		f->off[f->n] = f->text.len;
		if (*p == '"') {
			if (!(p = string(p + 1, end, &f->text, &nul)))
				return 0;
			f->nul |= nul;
		} else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
			buf_addc(&f->text, '\0');
			p += 4;
		} else if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
			buf_add(&f->text, "true", 5);
			p += 4;
		} else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
			buf_add(&f->text, "false", 6);
			p += 5;
		} else {
			return 0;	/* a number, an array, an object, or no JSON */
		}
		f->len[f->n] = f->text.len - 1 - f->off[f->n];
		f->n++;
		p = skip_space(p, end);
		if (p == end)
			return 0;
		if (*p == '}')
			return skip_space(p + 1, end) == end;
		if (*p++ != ',')
			return 0;
		p = skip_space(p, end);
	}
}

void
jsonflat_free(struct jsonflat *f)
{
	buf_free(&f->text);
	free(f->off);
	free(f->len);
}
