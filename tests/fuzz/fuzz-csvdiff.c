/*
 * fuzz-csvdiff.c - the CSV scanner of csv.c against libcsv, its reference
 * (CMP_CSV=libcsv): the same input, read by both in step, must give the
 * same header, the same records (names, values, lengths, lines) and the
 * same errors at the same lines; read as an import reads it (through the
 * "auto" decoder), the same text of each record too.  The scanner is the
 * fast path every tool runs, libcsv the parser the suite was written
 * against: any difference is a finding.  utf8_invalid(), written out for
 * speed, must also find what utf8proc_iterate() finds, at the same byte.
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "fuzz.h"

/* The first invalid byte as utf8proc_iterate() sees it: the reference
 * for utf8.c's own loop. */
static const char *
utf8proc_invalid(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;

	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 0)
			return (const char *)p;
		p += k;
	}
	return NULL;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	fuzz_assert(utf8_invalid(s, size) == utf8proc_invalid(s, size));
	const char *path = fuzz_file("in.csv", data, size);
	struct reader *peek = reader_open(path);
	enum fmt fmt = reader_format(peek);
	reader_close(peek);
	if (fmt == FMT_JSONL)
		return -1;
	fuzz_read_alike(path, NULL, "CMP_CSV", "libcsv", "scanner");
	fuzz_read_alike(path, "auto", "CMP_CSV", "libcsv", "scanner");
	return 0;
}
