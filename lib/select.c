/*
 * select.c - tickets named by id: operands and --ids-from (SPEC §4).
 *
 * A small hash set of ids, each with a mark, so that a tool can tell
 * which named tickets it never found ("unknown id", 65).  --ids-from reads
 * one id a line, or records with an id field (CSV or JSON Lines), so the
 * output of cmp-ls or cmp-due can be fed back in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct idset {
	char **ids;		/* slots, NULL when free */
	size_t *pos;		/* each slot's place in ORDER */
	unsigned char *mark;
	char **order;		/* in the order added, for messages */
	size_t cap, n;
};

/* FNV-1a: the hash of the set, and the tie-breaker of equal times in stats. */
uint64_t
fnv1a64(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

struct idset *
idset_new(void)
{
	struct idset *s = xcalloc(1, sizeof *s);

	s->cap = 64;
	s->ids = xcalloc(s->cap, sizeof *s->ids);
	s->pos = xcalloc(s->cap, sizeof *s->pos);
	s->mark = xcalloc(s->cap, 1);
	s->order = xcalloc(s->cap / 2, sizeof *s->order);
	return s;
}

void
idset_free(struct idset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++)
		free(s->ids[i]);
	free(s->ids);
	free(s->pos);
	free(s->mark);
	free(s->order);
	free(s);
}

static size_t
slot(const struct idset *s, const char *id)
{
	size_t i = fnv1a64(id) & (s->cap - 1);

	while (s->ids[i] && strcmp(s->ids[i], id) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void
grow(struct idset *s)
{
	struct idset old = *s;

	s->cap *= 2;
	s->ids = xcalloc(s->cap, sizeof *s->ids);
	s->pos = xcalloc(s->cap, sizeof *s->pos);
	s->mark = xcalloc(s->cap, 1);
	for (size_t i = 0; i < old.cap; i++)
		if (old.ids[i]) {
			size_t j = slot(s, old.ids[i]);
			s->ids[j] = old.ids[i];
			s->pos[j] = old.pos[i];
			s->mark[j] = old.mark[i];
		}
	free(old.ids);
	free(old.pos);
	free(old.mark);
	s->order = xrealloc(s->order, s->cap / 2 * sizeof *s->order);
}

/*
 * The place of ID in the order of adding, adding it if it is new: so the
 * set is also a map from strings to dense numbers (groups, customers).
 */
size_t
idset_put(struct idset *s, const char *id)
{
	if ((s->n + 1) * 2 > s->cap)
		grow(s);
	size_t i = slot(s, id);
	if (s->ids[i])
		return s->pos[i];
	s->ids[i] = xstrdup(id);
	s->pos[i] = s->n;
	/* ORDER has room for CAP / 2 entries: it grows when the slots do. */
	s->order[s->n++] = s->ids[i];
	return s->pos[i];
}

/* Add ID; return 1 if it was new. */
int
idset_add(struct idset *s, const char *id)
{
	size_t n = s->n;

	idset_put(s, id);
	return s->n > n;
}

/* The Ith id added. */
const char *
idset_at(const struct idset *s, size_t i)
{
	return s->order[i];
}

/* The place of ID in the order of adding, or -1 when it is not in S. */
long
idset_find(const struct idset *s, const char *id)
{
	size_t i = slot(s, id);

	return s->ids[i] ? (long)s->pos[i] : -1;
}

/* Every id, in the order added: idset_count() of them, owned by S. */
char *const *
idset_order(const struct idset *s)
{
	return s->order;
}

int
idset_has(const struct idset *s, const char *id)
{
	return s->ids[slot(s, id)] != NULL;
}

/* Mark ID as found; return 1 if it is in the set. */
int
idset_mark(struct idset *s, const char *id)
{
	size_t i = slot(s, id);

	if (!s->ids[i])
		return 0;
	s->mark[i] = 1;
	return 1;
}

size_t
idset_count(const struct idset *s)
{
	return s->n;
}

/*
 * The next id, in the order they were added, that was never marked, or
 * NULL; *POS (start at 0) keeps the place between calls.
 */
const char *
idset_next_unmarked(const struct idset *s, size_t *pos)
{
	while (*pos < s->n) {
		const char *id = s->order[(*pos)++];
		if (!s->mark[slot(s, id)])
			return id;
	}
	return NULL;
}

/*
 * Add the ids in PATH ("-": standard input): records with an "id" field,
 * or else one id a line (read as a one-column CSV without a header).
 */
void
idset_read_file(struct idset *s, const char *path)
{
	struct reader *r = reader_open(path);
	struct rec *rec = rec_new();
	size_t nh = 0;
	char **h = reader_header(r, &nh);
	int plain = 0;

	if (h) {
		size_t i;
		for (i = 0; i < nh && strcmp(h[i], "id") != 0; i++)
			;
		if (i == nh) {
			if (nh != 1)
				die(EX_DATAERR, "%s:1: no id field, and not one id a line", reader_name(r));
			plain = 1;
			if (*h[0])
				idset_add(s, h[0]);
		}
	}
	while (reader_next_or_die(r, rec) > 0) {
		const char *id = plain ? rec->f[0].val : rec_str(rec, "id");
		if (*id)
			idset_add(s, id);
	}
	rec_free(rec);
	reader_close(r);
}

/*
 * What the operands of cmp-ls, cmp-assign and cmp-close select (SPEC §4):
 * with a store, ticket ids, and "-" for the records on standard input
 * instead of the store; without one, input files (none: standard input).
 * --ids-from FILE adds ids.  Reading standard input twice is a usage error.
 */
void
selection_parse(struct selection *sel, const struct common *co, char **ops, size_t n, const char *ids_from)
{
	static char *stdin_only[] = { "-" };
	int stdin_is_records = 0;

	memset(sel, 0, sizeof *sel);
	if (co->store) {
		for (size_t i = 0; i < n; i++) {
			if (strcmp(ops[i], "-") == 0) {
				sel->from_stdin = stdin_is_records = 1;
				continue;
			}
			if (!sel->ids)
				sel->ids = idset_new();
			idset_add(sel->ids, ops[i]);
		}
	} else {
		sel->files = n ? ops : stdin_only;
		sel->nfiles = n ? n : 1;
		for (size_t i = 0; i < sel->nfiles; i++)
			stdin_is_records |= strcmp(sel->files[i], "-") == 0;
	}
	if (ids_from) {
		if (strcmp(ids_from, "-") == 0 && stdin_is_records)
			usage_error(NULL, "--ids-from -: standard input is already the records");
		if (!sel->ids)
			sel->ids = idset_new();
		idset_read_file(sel->ids, ids_from);
	}
}

/* Whether a store is named but nothing in it is selected (SPEC §4: 64). */
int
selection_empty(const struct selection *sel, const struct common *co)
{
	return co->store && !sel->from_stdin && !sel->ids && !co->where;
}
