/*
 * cmp-unit - the library's calendar and time functions on the command
 * line, so that tests can check them directly:
 *   cmp-unit workday DATE...        "DATE work|off [name]" per date
 *   cmp-unit add TIME DURATION      TIME + DURATION on the shipped calendar
 *   cmp-unit parse TIME...          the normalised time, or "bad"
 *   cmp-unit json FILE              each JSON record of FILE: "ok N fields",
 *                                   or "bad LINE: problem"
 */
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

int
main(int argc, char **argv)
{
	setprogname(argv[0]);
	time_local_tz_default();
	if (argc < 3)
		die(EX_USAGE, "usage: cmp-unit workday|add|parse|json ARGS");
	struct policy *pol = policy_load(getenv("CMP_UNIT_CONFIG"), NULL);
	struct calendar *cal = policy_calendar(pol);
	char out[TIMEBUF];

	if (strcmp(argv[1], "workday") == 0) {
		for (int i = 2; i < argc; i++) {
			int y, m, d;
			const char *name;
			if (sscanf(argv[i], "%d-%d-%d", &y, &m, &d) != 3)
				die(EX_USAGE, "%s: not a date", argv[i]);
			int w = calendar_is_workday(cal, day_from_civil(y, m, d), &name);
			printf("%s %s%s%s\n", argv[i], w ? "work" : "off", name ? " " : "", name ? name : "");
		}
	} else if (strcmp(argv[1], "add") == 0 && argc == 4) {
		time_t t;
		struct duration d;
		if (time_parse(argv[2], &t) != 0 || duration_parse(argv[3], &d) != 0)
			die(EX_USAGE, "bad time or duration");
		printf("%s\n", time_format(duration_add(cal, t, &d), out));
	} else if (strcmp(argv[1], "parse") == 0) {
		for (int i = 2; i < argc; i++) {
			time_t t;
			puts(time_parse(argv[i], &t) == 0 ? time_format(t, out) : "bad");
		}
	} else if (strcmp(argv[1], "json") == 0) {
		struct input *in = input_open(argv[2]);
		struct jsonl_in *j = jsonl_in_new(in);
		struct rec *r = rec_new();
		struct buf err = { 0 };
		long line;
		int got;
		if (input_peek_format(in) == FMT_NONE)
			puts("empty");
		while ((got = jsonl_in_next(j, r, &err, &line)) != 0) {
			if (got > 0)
				printf("ok %zu fields\n", r->n);
			else
				printf("bad %ld: %s\n", line, err.s);
			buf_reset(&err);
		}
		buf_free(&err);
		rec_free(r);
		jsonl_in_free(j);
		input_close(in);
	} else
		die(EX_USAGE, "unknown command %s", argv[1]);
	policy_free(pol);
	fshut(stdout, "stdout");
	return 0;
}
