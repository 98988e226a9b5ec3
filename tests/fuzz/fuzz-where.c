/*
 * fuzz-where.c - --where expressions (where.c): the input is the text of
 * one option value (one with a NUL byte cannot be given, and is left out).
 *
 * An expression parsed is matched against a few tickets that hold times,
 * numbers, empty and absent fields, so that every operator and every kind
 * of comparison runs; one refused must say why.
 */
#include <stdlib.h>

#include "fuzz.h"

static struct rec *tickets[3];

static void
setup(void)
{
	static const char *const t[][2] = {
		{ "id", "C-20261122-0001" }, { "status", "new" },
		{ "received_at", "2026-11-22T09:30:00+08:00" }, { "resolve_due", "2026-12-01" },
		{ "reopen_count", "2" }, { "rating", "4.5" }, { "city", "上海" },
		{ "notes", "a,b\\c" }, { "empty", "" },
	};
	for (int i = 0; i < 3; i++)
		tickets[i] = rec_new();
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		rec_set(tickets[0], t[i][0], t[i][1]);
		if (i % 2)
			rec_set(tickets[1], t[i][0], t[i][1]);
		rec_set(tickets[2], t[i][0], i % 3 ? "10" : "2026-11-22 09:30");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf err = { 0 };
	char *expr = fuzz_str(data, size);

	if (!expr)
		return -1;
	if (!tickets[0])
		setup();
	struct where *w = where_parse(expr, &err);
	fuzz_assert(w || err.len);
	for (int i = 0; w && i < 3; i++)
		where_match(w, tickets[i]);
	where_free(w);
	buf_free(&err);
	free(expr);
	return 0;
}
