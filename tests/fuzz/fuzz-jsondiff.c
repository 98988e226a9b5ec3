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

static void
same_rec(const struct rec *a, const struct rec *b)
{
	fuzz_assert(a->n == b->n && a->line == b->line);
	for (size_t i = 0; i < a->n; i++) {
		fuzz_assert(strcmp(a->f[i].name, b->f[i].name) == 0);
		fuzz_assert(a->f[i].vlen == b->f[i].vlen);
		fuzz_assert(memcmp(a->f[i].val, b->f[i].val, a->f[i].vlen + 1) == 0);
	}
}

/* Read PATH with both parsers in step, decoded by ENC (NULL: as a tool
 * reads it), and require the same of each at every step. */
static void
compare_read(const char *path, const char *enc)
{
	struct buf err = { 0 };
	struct decoder *dec[2] = { NULL, NULL };
	struct reader *r[2];
	struct rec *rec[2] = { rec_new(), rec_new() };
	int got[2];

	for (int i = 0; i < 2; i++) {
		setenv("CMP_JSON", i ? "flat" : "jansson", 1);
		if (enc) {
			dec[i] = decoder_new(enc, &err);
			fuzz_assert(dec[i] != NULL);
		}
		r[i] = enc ? reader_open_decoded(path, dec[i]) : reader_open(path);
	}
	unsetenv("CMP_JSON");
	do {
		for (int i = 0; i < 2; i++)
			got[i] = reader_next(r[i], rec[i]);
		fuzz_assert(got[0] == got[1]);
		fuzz_assert(strcmp(reader_error(r[0]), reader_error(r[1])) == 0);
		fuzz_assert(reader_error_line(r[0]) == reader_error_line(r[1]));
		if (got[0] == 1)
			same_rec(rec[0], rec[1]);
		size_t n[2];
		long line[2];
		const char *raw[2];
		for (int i = 0; i < 2; i++)
			raw[i] = reader_raw(r[i], &n[i], &line[i]);
		fuzz_assert(n[0] == n[1] && line[0] == line[1] && memcmp(raw[0], raw[1], n[0]) == 0);
	} while (got[0] != 0 && got[0] != -2);
	for (int i = 0; i < 2; i++) {
		rec_free(rec[i]);
		reader_close(r[i]);
		decoder_free(dec[i]);
	}
	buf_free(&err);
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
	compare_read(path, NULL);
	compare_read(path, "auto");
	return 0;
}
