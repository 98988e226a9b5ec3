/*
 * utf8.c - the two things cmp asks of UTF-8 text: is it valid (records are
 * UTF-8 by contract, SPEC §3), and how many terminal columns does it take
 * (Chinese characters take two; utf8proc knows the Unicode tables).
 */
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "cmp.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/*
 * Whether S[0..N) is valid UTF-8, sixteen bytes at a time: the lookup
 * method of Keiser and Lemire ("Validating UTF-8 in less than one
 * instruction per byte", 2021), as simdjson does it.  Each byte is
 * classified by its high nibble, the low nibble of the byte before and
 * the high nibble of the one before that (three table lookups, pshufb);
 * the AND of the three is the set of errors the pair shows; leads of 3-
 * and 4-byte sequences must be followed by exactly that many continuation
 * bytes.  A final block padded with zeros (ASCII) catches a sequence cut
 * short at the end.  SSSE3 is checked for at run time.
 */
enum {
	TOO_SHORT = 1 << 0, TOO_LONG = 1 << 1, OVERLONG_3 = 1 << 2, TOO_LARGE = 1 << 3,
	SURROGATE = 1 << 4, OVERLONG_2 = 1 << 5, TOO_LARGE_1000 = 1 << 6, OVERLONG_4 = 1 << 6,
	TWO_CONTS = 1 << 7, CARRY = TOO_SHORT | TOO_LONG | TWO_CONTS,
};

#define B(x) ((char)(x))	/* a table byte: 0x80 and up as char */

__attribute__((target("ssse3"))) static __m128i
block_errors(__m128i in, __m128i prev)
{
	const __m128i nib = _mm_set1_epi8(0x0f);
	const __m128i b1_high = _mm_setr_epi8(
	    B(TOO_LONG), B(TOO_LONG),
	    B(TOO_LONG), B(TOO_LONG),
	    B(TOO_LONG), B(TOO_LONG),
	    B(TOO_LONG), B(TOO_LONG),
	    B(TWO_CONTS), B(TWO_CONTS),
	    B(TWO_CONTS), B(TWO_CONTS),
	    B(TOO_SHORT | OVERLONG_2), B(TOO_SHORT),
	    B(TOO_SHORT | OVERLONG_3 | SURROGATE), B(TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4));
	const __m128i b1_low = _mm_setr_epi8(
	    B(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), B(CARRY | OVERLONG_2),
	    B(CARRY), B(CARRY),
	    B(CARRY | TOO_LARGE), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
	    B(CARRY | TOO_LARGE | TOO_LARGE_1000), B(CARRY | TOO_LARGE | TOO_LARGE_1000));
	const __m128i b2_high = _mm_setr_epi8(
	    B(TOO_SHORT), B(TOO_SHORT),
	    B(TOO_SHORT), B(TOO_SHORT),
	    B(TOO_SHORT), B(TOO_SHORT),
	    B(TOO_SHORT), B(TOO_SHORT),
	    B(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4), B(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
	    B(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE), B(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
	    B(TOO_SHORT), B(TOO_SHORT),
	    B(TOO_SHORT), B(TOO_SHORT));
	__m128i prev1 = _mm_alignr_epi8(in, prev, 15);
	__m128i sc = _mm_and_si128(_mm_and_si128(
	    _mm_shuffle_epi8(b1_high, _mm_and_si128(_mm_srli_epi16(prev1, 4), nib)),
	    _mm_shuffle_epi8(b1_low, _mm_and_si128(prev1, nib))),
	    _mm_shuffle_epi8(b2_high, _mm_and_si128(_mm_srli_epi16(in, 4), nib)));
	__m128i prev2 = _mm_alignr_epi8(in, prev, 14), prev3 = _mm_alignr_epi8(in, prev, 13);
	__m128i third = _mm_subs_epu8(prev2, _mm_set1_epi8((char)(0xe0 - 0x80)));
	__m128i fourth = _mm_subs_epu8(prev3, _mm_set1_epi8((char)(0xf0 - 0x80)));
	__m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
	return _mm_xor_si128(must23, sc);
}

__attribute__((target("ssse3"))) static int
valid_ssse3(const unsigned char *p, size_t n)
{
	__m128i prev = _mm_setzero_si128(), err = _mm_setzero_si128();
	unsigned char tail[16] = { 0 };
	size_t i = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i in = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
		err = _mm_or_si128(err, block_errors(in, prev));
		prev = in;
	}
	memcpy(tail, p + i, n - i);
	err = _mm_or_si128(err, block_errors(_mm_loadu_si128((const __m128i *)(const void *)tail), prev));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(err, _mm_setzero_si128())) == 0xffff;
}
#endif

/*
 * Return a pointer to the first byte of S[0..N) that does not start a
 * valid, shortest-form UTF-8 sequence (surrogates and values past U+10FFFF
 * are invalid too), or NULL when all of it is valid.  Every line of every
 * file read goes through this: a long text is checked sixteen bytes at a
 * time when the processor can (valid_ssse3), and only text found bad is
 * walked byte by byte to say where.  The walk takes ASCII 8 bytes at a
 * time; both accept exactly what utf8proc_iterate() does (RFC 3629),
 * which the fuzz target fuzz-csvdiff checks.
 */
const char *
utf8_invalid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

#if defined(__x86_64__) && defined(__GNUC__)
	static int simd = -1;
	if (simd < 0)
		simd = __builtin_cpu_supports("ssse3");
	if (n >= 32 && simd && valid_ssse3(p, n))
		return NULL;
#endif
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
