/*
 * utf8.c - the two things cmp asks of UTF-8 text: is it valid (records are
 * UTF-8 by contract, SPEC §3), and how many terminal columns does it take
 * (Chinese characters take two; utf8proc knows the Unicode tables).
 */
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "cmp.h"

/*
 * Return a pointer to the first byte of S[0..N) that does not start a
 * valid, shortest-form UTF-8 sequence (surrogates and values past U+10FFFF
 * are invalid too), or NULL when all of it is valid.  Every field of every
 * record read goes through this, so it is written out rather than a call
 * of utf8proc_iterate() per character, with ASCII taken 8 bytes at a time;
 * it accepts exactly what utf8proc_iterate() does (RFC 3629), which the
 * fuzz target fuzz-csvdiff checks.
 */
const char *
utf8_invalid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		size_t left = (size_t)(end - p);
		uint64_t x;
		if (c < 0x80) {
			if (left >= 8 && (memcpy(&x, p, 8), (x & 0x8080808080808080u) == 0))
				p += 8;
			else
				p++;
		} else if (c >= 0xe0 && c <= 0xef) {	/* Chinese: first */
			if (left < 3 || (((p[1] & 0xc0) ^ 0x80) | ((p[2] & 0xc0) ^ 0x80)) ||
			    (c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f))
				return (const char *)p;	/* short, overlong or a surrogate */
			p += 3;
		} else if (c >= 0xc2 && c <= 0xdf) {
			if (left < 2 || (p[1] & 0xc0) != 0x80)
				return (const char *)p;
			p += 2;
		} else if (c >= 0xf0 && c <= 0xf4) {
			if (left < 4 || (((p[1] & 0xc0) ^ 0x80) | ((p[2] & 0xc0) ^ 0x80) | ((p[3] & 0xc0) ^ 0x80)) ||
			    (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
				return (const char *)p;	/* short, overlong or past U+10FFFF */
			p += 4;
		} else {
			return (const char *)p;
		}
	}
	return NULL;
}

static int
cp_width(utf8proc_int32_t cp)
{
	int w = utf8proc_charwidth(cp);
	return w < 0 ? 0 : w;
}

/* Display width of S[0..N); an invalid byte counts as one column. */
size_t
utf8_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t w = 0;

	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k <= 0) {
			w++;
			p++;
			continue;
		}
		w += (size_t)cp_width(cp);
		p += k;
	}
	return w;
}

/* Length in bytes of the longest prefix of S[0..N) no wider than WIDTH. */
size_t
utf8_prefix_for_width(const char *s, size_t n, size_t width)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t w = 0;

	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		size_t cw = 1;
		if (k <= 0)
			k = 1;
		else
			cw = (size_t)cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		p += k;
	}
	return (size_t)(p - (const unsigned char *)s);
}
