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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The length of the run of S[0..N) before a quote, a backslash or a
 * control character: the plain text of a string, 16 bytes at a time. */
static size_t
plain_span(const char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
		    _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	while (i < n && s[i] != '"' && s[i] != '\\' && (unsigned char)s[i] >= 0x20)
		i++;
	return i;
}

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
put_utf8(char **o, unsigned cp)
{
	char *s = *o;
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
	*o += n;
}

/*
 * The string whose opening quote is before P, decoded at *O (which has
 * room: it is never longer than its text) and NUL-ended, *O moved past
 * it; return the byte after its closing quote, or NULL when it is not
 * mine.  *NUL says whether it held \u0000.
 */
static const char *
string(const char *p, const char *end, char **o, int *nul)
{
	*nul = 0;
	for (;;) {
		size_t k = plain_span(p, (size_t)(end - p));
		const char *q = p + k;
		memcpy(*o, p, k);
		*o += k;
		if (q == end || (unsigned char)*q < 0x20)
			return NULL;	/* unterminated, or a raw control character */
		if (*q == '"') {
			*(*o)++ = '\0';
			return q + 1;
		}
		if (++q == end)
			return NULL;
		unsigned cp, lo;
		switch (*q++) {
		case '"': *(*o)++ = '"'; break;
		case '\\': *(*o)++ = '\\'; break;
		case '/': *(*o)++ = '/'; break;
		case 'b': *(*o)++ = '\b'; break;
		case 'f': *(*o)++ = '\f'; break;
		case 'n': *(*o)++ = '\n'; break;
		case 'r': *(*o)++ = '\r'; break;
		case 't': *(*o)++ = '\t'; break;
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
			put_utf8(o, cp);
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

	/*
	 * Decoded, a key or value is never longer than its text (an escape
	 * is longer than its character, the quotes pay for the NUL, and
	 * "true" has its colon): the whole object fits in N + 1 bytes.
	 */
	buf_reset(&f->text);
	buf_need(&f->text, n + 16);
	char *base = f->text.s, *o = base;
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
		f->off[f->n] = (size_t)(o - base);
		if (!(p = string(p, end, &o, &nul)) || nul)
			return 0;	/* jansson refuses a NUL in a key */
		f->len[f->n] = (size_t)(o - base) - 1 - f->off[f->n];
		f->n++;
		p = skip_space(p, end);
		if (p == end || *p++ != ':')
			return 0;
		p = skip_space(p, end);
		if (p == end)
			return 0;
		f->off[f->n] = (size_t)(o - base);
		if (*p == '"') {
			if (!(p = string(p + 1, end, &o, &nul)))
				return 0;
			f->nul |= nul;
		} else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
			*o++ = '\0';
			p += 4;
		} else if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
			memcpy(o, "true", 5);
			o += 5;
			p += 4;
		} else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
			memcpy(o, "false", 6);
			o += 6;
			p += 5;
		} else {
			return 0;	/* a number, an array, an object, or no JSON */
		}
		f->len[f->n] = (size_t)(o - base) - 1 - f->off[f->n];
		f->n++;
		f->text.len = (size_t)(o - base);
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
