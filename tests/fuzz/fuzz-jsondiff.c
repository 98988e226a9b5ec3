/*
 * fuzz-jsondiff.c - the JSON Lines fast path of jsonflat.c against
 * jansson, its reference (CMP_JSON=jansson).  Twice over: jsonflat_parse()
 * on the whole input must say "mine" exactly when jansson reads it as one
 * object of string, true, false and null values (keys without NUL), and
 * then give the same keys in order and the same values byte for byte
 * (a repeated key: jansson's rule, the last value in the first place);
 * and the input read as a file by the JSON Lines reader with each parser,
 * in step, as a tool and as an import reads it, must give the same
 * records, errors, lines and record texts.  The fast path is what every
 * tool runs, jansson what the suite was written against: any difference
 * is a finding.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

/* The text jsonl.c reads V as, if V is a scalar the fast path takes. */
static const char *
flat_text(json_t *v, size_t *n)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		*n = json_string_length(v);
		return json_string_value(v);
	case JSON_TRUE:
		*n = 4;
		return "true";
	case JSON_FALSE:
		*n = 5;
		return "false";
	case JSON_NULL:
		*n = 0;
		return "";
	default:
		return NULL;
	}
}

/* Whether jansson's object V is one the fast path should take. */
static int
flat_object(json_t *v)
{
	const char *key;
	size_t klen, n;
	json_t *val;

	if (!json_is_object(v))
		return 0;
	json_object_keylen_foreach(v, key, klen, val) {
		if (memchr(key, '\0', klen) || !flat_text(val, &n))
			return 0;
	}
	return 1;
}

/* Key or value I of F. */
static int
flat_is(const struct jsonflat *f, size_t i, const char *s, size_t n)
{
	return f->len[i] == n && memcmp(f->text.s + f->off[i], s, n) == 0 && f->text.s[f->off[i] + n] == '\0';
}

/* Whether key I of F is one of the keys before it. */
static int
repeat(const struct jsonflat *f, size_t i)
{
	for (size_t k = 0; k < i; k += 2)
		if (flat_is(f, i, f->text.s + f->off[k], f->len[k]))
			return 1;
	return 0;
}

/* S[0..N) through jsonflat_parse() and through json_loadb(): the same. */
static void
compare_parse(const char *s, size_t n)
{
	static struct jsonflat f;
	json_error_t e;
	int mine = jsonflat_parse(&f, s, n);

	fuzz_assert(!mine || f.n % 2 == 0);
	int nul = 0;
	for (size_t k = 1; mine && k < f.n; k += 2)
		nul |= memchr(f.text.s + f.off[k], '\0', f.len[k]) != NULL;
	fuzz_assert(!mine || f.nul == nul);
	if (utf8_invalid(s, n))
		return;		/* the caller's to refuse, before either */
	json_t *v = json_loadb(s, n, JSON_ALLOW_NUL, &e);
	fuzz_assert(mine == flat_object(v));
	if (mine) {
		/* Jansson's keys are the fast path's first places of each,
		 * in order, with the last value of each. */
		const char *key;
		size_t klen, i = 0, vlen;
		json_t *val;
		json_object_keylen_foreach(v, key, klen, val) {
			while (i < f.n && repeat(&f, i))
				i += 2;
			fuzz_assert(i < f.n && flat_is(&f, i, key, klen));
			size_t last = i;
			for (size_t k = i + 2; k < f.n; k += 2)
				if (flat_is(&f, k, key, klen))
					last = k;
			const char *text = flat_text(val, &vlen);
			fuzz_assert(flat_is(&f, last + 1, text, vlen));
			i += 2;
		}
		while (i < f.n && repeat(&f, i))
			i += 2;
		fuzz_assert(i == f.n);
	}
	json_decref(v);
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	compare_parse((const char *)data, size);
	const char *path = fuzz_file("in.jsonl", data, size);
	struct reader *peek = reader_open(path);
	enum fmt fmt = reader_format(peek);
	reader_close(peek);
	if (fmt != FMT_JSONL)
		return 0;
	fuzz_read_alike(path, NULL, "CMP_JSON", "jansson", "flat");
	fuzz_read_alike(path, "auto", "CMP_JSON", "jansson", "flat");
	return 0;
}
