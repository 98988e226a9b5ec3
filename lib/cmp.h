/*
 * cmp.h - the whole of libcmp, one line a function, grouped by source file.
 *
 * Read it as the table of contents of the library: every concept a tool
 * needs (records, formats, time, calendar, policy, store, selection,
 * tables) lives in the lib/ file named in its heading, and the contract of
 * each function is written above its definition there.
 */
#ifndef CMP_H
#define CMP_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sysexits.h>
#include <time.h>
#include <getopt.h>
#include <libintl.h>

/* A message in the user's language (labels_init); N_ marks one for xgettext only. */
#define _(s) gettext(s)
#define N_(s) s

#define EX_NONE 1 /* nothing selected, like grep */

/* err.c: messages, exit codes, memory that never returns NULL */
extern const char *progname;
void setprogname(const char *argv0);
_Noreturn void die(int code, const char *fmt, ...);
_Noreturn void leave(int code);
extern void (*die_hook)(int code);
void warnx(const char *fmt, ...);
void vmsg(const char *fmt, va_list ap);
void die_also(const char *text);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...);
void atexit_unlink(const char *path);
void atexit_forget(const char *path);

/* buf.c: growable byte strings */
struct buf { char *s; size_t len, cap; };
void buf_grow(struct buf *b, size_t extra);
/* Room for EXTRA more bytes and the NUL, growing only when needed (hot). */
static inline void buf_need(struct buf *b, size_t extra) { if (b->len + extra + 1 > b->cap) buf_grow(b, extra); }
void buf_add(struct buf *b, const char *s, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* utf8.c: validity and display width of UTF-8 text */
const char *utf8_invalid(const char *s, size_t n);
size_t utf8_width(const char *s, size_t n);
size_t utf8_prefix_for_width(const char *s, size_t n, size_t width);

/* record.c: a ticket as an ordered list of named text fields */
struct field {
	char *name, *val;	/* NUL-ended; in nbuf/vbuf, or borrowed */
	size_t vlen;
	int clean;		/* a reader found both UTF-8, and no NUL in val */
	char *nbuf, *vbuf;	/* the field's own buffers */
	size_t ncap, vcap;
};
struct rec {
	struct field *f;
	size_t n, cap;
	long line;
	unsigned long layout;	/* its fields' order, from rec_layout_new(), or 0 */
	const char *raw;	/* or NULL: its CSV line, as read and as it would be */
	size_t rawlen;		/* written, while no field is set (see csv.c) */
};
unsigned long rec_layout_new(void);
struct rec *rec_new(void);
void rec_free(struct rec *r);
void rec_clear(struct rec *r);
void rec_add(struct rec *r, const char *name, size_t nlen, const char *val, size_t vlen);
void rec_borrow(struct rec *r, const char *name, const char *val, size_t vlen);
void rec_borrow_row(struct rec *r, char *const *names, const char *data, const size_t *off, const size_t *len, size_t n);
void rec_set(struct rec *r, const char *name, const char *val);
void rec_setn(struct rec *r, const char *name, const char *val, size_t n);
int rec_index(const struct rec *r, const char *name);
const char *rec_get(const struct rec *r, const char *name);
const char *rec_str(const struct rec *r, const char *name);
void rec_copy(struct rec *dst, const struct rec *src);
int rec_same_values(const struct rec *a, const struct rec *b);
void names_union(char ***v, size_t *n, const char *name);
void names_free(char **v, size_t n);

/* fields.c: the canonical fields of SPEC §3 and their kinds */
extern const char *const canonical_fields[];
extern const size_t ncanonical_fields;
int field_is_canonical(const char *name);
int field_is_time(const char *name);
int field_is_intake(const char *name);
int field_is_hold(const char *name);
int field_is_count(const char *name);

/* input.c: buffered byte input read by physical line, any length */
struct input;
struct input *input_open(const char *path);
void input_close(struct input *in);
const char *input_name(const struct input *in);
int input_line(struct input *in, const char **line, size_t *len);
int input_peek_format(struct input *in);
long input_lineno(const struct input *in);
struct decoder;
void input_set_decoder(struct input *in, struct decoder *dec);
int input_line_bad(const struct input *in);
const char *input_problem(const struct input *in);
long long input_offset(const struct input *in);
long long input_size(const struct input *in);
const char *input_stray_bom(const char *line, size_t len);

/* encoding.c: lines of a legacy encoding (GB18030, GBK, Big5) as UTF-8 */
struct decoder *decoder_new(const char *name, struct buf *err);
void decoder_free(struct decoder *d);
int decoder_line(struct decoder *d, const char *s, size_t n, struct buf *out);
const char *decoder_name(const struct decoder *d);
int decoder_is_auto(const struct decoder *d);
const char *decoder_problem(const struct decoder *d);

/* reader.c: records from CSV or JSON Lines, detected from the first byte */
enum fmt { FMT_NONE, FMT_CSV, FMT_JSONL };
struct reader;
struct reader *reader_open(const char *path);
void reader_close(struct reader *r);
enum fmt reader_format(const struct reader *r);
int reader_next(struct reader *r, struct rec *rec);
const char *reader_name(const struct reader *r);
const char *reader_error(const struct reader *r);
long reader_error_line(const struct reader *r);
int reader_next_or_die(struct reader *r, struct rec *rec);
char **reader_header(struct reader *r, size_t *n);
struct reader *reader_open_decoded(const char *path, struct decoder *dec);
const char *reader_raw(const struct reader *r, size_t *n, long *line);
const struct input *reader_input(const struct reader *r);

/* csv.c, jsonl.c: the two implementations behind reader.c and writer.c */
struct csv_in;
struct csv_in *csv_in_new(struct input *in);
void csv_in_free(struct csv_in *c);
int csv_in_next(struct csv_in *c, struct rec *rec, struct buf *err, long *errline);
char **csv_in_header(struct csv_in *c, size_t *n, struct buf *err, long *errline);
void csv_in_keep_raw(struct csv_in *c);
const char *csv_in_raw(const struct csv_in *c, size_t *n, long *line);
void csv_put_field(FILE *fp, const char *s, size_t n, int alone);
struct jsonflat { struct buf text; size_t *off, *len; size_t n, cap; int nul; };
int jsonflat_parse(struct jsonflat *f, const char *s, size_t n);
void jsonflat_free(struct jsonflat *f);
struct jsonl_in;
struct jsonl_in *jsonl_in_new(struct input *in);
void jsonl_in_free(struct jsonl_in *j);
int jsonl_in_next(struct jsonl_in *j, struct rec *rec, struct buf *err, long *errline);
const char *jsonl_in_raw(const struct jsonl_in *j, size_t *n, long *line);
char *json_problem(char *text);
void jsonl_put_rec(FILE *fp, const struct rec *r);

/* writer.c: records to CSV or JSON Lines */
struct writer;
struct writer *writer_new(FILE *fp, enum fmt fmt);
void writer_set_header(struct writer *w, char *const *names, size_t n);
void writer_omit_header(struct writer *w);
void writer_for_stdout(struct writer *w);
int writer_put(struct writer *w, const struct rec *r, struct buf *err);
void writer_free(struct writer *w);
void writer_excel_safe(void);
int cell_is_formula(const char *s, size_t n);
void fshut(FILE *fp, const char *name);

/* localtime.c: localtime_r and mktime without libc's cost per call */
void local_tm(time_t t, struct tm *tm);
time_t local_mktime(struct tm *tm);
void local_time_reset(void);

/* time.c: ISO 8601 times, durations, and counting them on a calendar */
enum dunit { DUR_NONE, DUR_MIN, DUR_HOUR, DUR_DAY, DUR_WDAY };
struct duration { long n; enum dunit unit; };
#define TIMEBUF 64 /* room for any time_format() result */
struct calendar;
int time_parse(const char *s, time_t *out);
char *time_format(time_t t, char out[TIMEBUF]);
int duration_parse(const char *s, struct duration *d);
int duration_is_set(const struct duration *d);
const char *duration_format(const struct duration *d, char *out, size_t size);
time_t duration_add(struct calendar *cal, time_t t, const struct duration *d);
void time_local_tz_default(void);

/* calendar.c: working days, weekends, holidays and make-up workdays */
struct calendar *calendar_new(unsigned weekend_mask, int strict);
void calendar_free(struct calendar *cal);
int calendar_load(struct calendar *cal, const char *path, struct buf *err);
int calendar_is_workday(struct calendar *cal, long day, const char **name);
int calendar_covers(const struct calendar *cal, int year);
long day_from_civil(int y, int m, int d);
void civil_from_day(long day, int *y, int *m, int *d);
int weekday_of_day(long day);
time_t workdays_add(struct calendar *cal, time_t t, long n);
long long worktime_between(struct calendar *cal, time_t a, time_t b);
time_t worktime_add(struct calendar *cal, time_t t, long long secs);

/* policy.c: cmp.conf, the rules as data (SPEC §5) */
struct policy;
struct policy *policy_load(const char *config, const char *store);
void policy_free(struct policy *p);
const char *policy_id_prefix(const struct policy *p);
enum fmt policy_encoding(const struct policy *p);
unsigned policy_file_mode(const struct policy *p);
struct calendar *policy_calendar(const struct policy *p);
int policy_sla(const struct policy *p, const struct rec *ticket, const char *key, struct duration *d);
int policy_sla_rule(const struct policy *p, const struct rec *ticket, const char *key, struct duration *d, struct buf *rule);
const char *policy_check_value(const struct policy *p, const char *field, const char *value);
void policy_print_values(const struct policy *p, const char *field, FILE *out);
int policy_is_masked(const struct policy *p, const char *field);
const char *policy_reveal_group(const struct policy *p);
int policy_log_reveal(const struct policy *p);
struct level { long level; struct duration d; char *name; };
const struct level *policy_levels(struct policy *p, size_t *n);
const char *policy_route(const struct policy *p, const struct rec *t);
char **policy_close_require(const struct policy *p, size_t *n);
const char *const *policy_values(const struct policy *p, const char *field, size_t *n);
const char *policy_values_field(const struct policy *p, size_t i);
void policy_repeat_window(const struct policy *p, struct duration *d);

/* deadline.c: the stages of a ticket and their deadlines (SPEC §5) */
struct due {
	const char *stage;	/* dispatch, handover, reply, resolve, feedback, visit */
	time_t at;
	long long overdue_min;	/* negative before the deadline */
	long level;		/* escalation level reached now, 0 = none */
	const char *level_name;
	const char *owner;	/* the field naming who must act */
	int held;		/* on hold: at moved on by the running hold */
};
struct due_rule { const char *stage, *field, *key, *rekey, *from; };
extern const struct due_rule due_rules[];
extern const size_t ndue_rules;
const char *due_key(const struct due_rule *r, const struct rec *t);
time_t hold_shift(const struct policy *p, const struct rec *t, const char *key, time_t due, time_t a, time_t b);
int due_met(const struct due_rule *r, const struct rec *t, time_t *at);
void hold_end(const struct policy *p, struct rec *t, time_t now);
int deadline_now(const struct policy *p, const struct rec *t, const char *field, time_t now, time_t *out);

/* explain.c: how each deadline of a ticket was counted (SPEC §9) */
int deadline_explain(struct policy *p, const struct rec *t, time_t now, const char *journal, FILE *fp);
int ticket_time(const struct rec *t, const char *field, time_t *out);
int deadline_after(const struct policy *p, const struct rec *t, const char *key, time_t from, time_t *out);
void deadlines_new(const struct policy *p, struct rec *t, time_t received);
void deadlines_reopen(const struct policy *p, struct rec *t, time_t at);
void deadlines_recount(const struct policy *p, struct rec *t);
int due_of(struct policy *p, const struct rec *t, time_t now, struct due *d);

/* ticket.c: the small steps of the workflow on one ticket */
long ticket_count(const struct rec *t, const char *field);
void ticket_bump(struct rec *t, const char *field);
_Noreturn void ticket_refuse(const char *where, const struct rec *t, const char *fmt, ...);
void ticket_reopen(const struct policy *p, struct rec *t, time_t now);

/* paths.c: where the shipped files are, relative to the binary */
const char *share_dir(void);
const char *locale_dir(void);
char *path_join(const char *dir, const char *name);

/* lock.c: the store lock, flock(2) on STORE/.lock */
int lock_store(const char *store, int exclusive, double wait_seconds, unsigned mode);
void lock_upgrade(int fd, const char *store, double wait_seconds);
void lock_downgrade(int fd);

/* commit.c: all-or-nothing changes to several store files */
struct commit;
struct commit *commit_begin(const char *store, unsigned mode);
FILE *commit_replace(struct commit *c, const char *file);
void commit_append(struct commit *c, const char *file, const char *data, size_t n);
FILE *commit_append_stream(struct commit *c, const char *file);
void commit_finish(struct commit *c);
FILE *fdopen_keep_errno(int fd, const char *mode, int *err);
void commit_abandon(struct commit *c);
void commit_recover(const char *store, unsigned mode);
int commit_pending(const char *store);
int create_file_mode(const char *path, int flags, unsigned mode);
void commit_set_dry(enum fmt show);
int commit_dry(enum fmt *show);
FILE *commit_shown(struct commit *c);

/* store.c: the store directory (SPEC §4) */
struct store {
	char *dir;
	int lockfd;
	enum fmt fmt;
	char *open_path;
	struct policy *pol;
	int dry;		/* a dry run's: opened as for reading */
	struct writer *show;	/* a dry run's records (store_show) */
};
enum store_access { STORE_READ, STORE_WRITE, STORE_CREATE };
struct store *store_open(const char *dir, enum store_access how, double wait, struct policy *pol);
void store_close(struct store *s);
char **store_files(const struct store *s, int with_archive, size_t *n);
char **store_union_header(char **files, size_t nfiles, size_t *n);
void store_add_records(struct store *s, struct commit *c, struct rec **recs, size_t n);
void store_show(struct store *s, struct commit *c, char *const *names, size_t n, const struct rec *t);
struct store_out;
struct store_out *store_out_begin(struct store *s, struct commit *c, const char *file, char *const *names, size_t n);
void store_out_put(struct store_out *o, const struct rec *t);
void store_out_end(struct store_out *o);

/* update.c: change tickets in the store, or as a filter */
enum { UPD_SAME, UPD_CHANGED, UPD_ARCHIVE };
struct run;
struct update {
	struct common *co;
	struct policy *pol;
	struct selection *sel;
	const char *const *sets;	/* fields the change may add, NULL-ended */
	char **extra;			/* and extra fields (-s) */
	size_t nextra;
	/* Change T (named WHERE in messages); UPD_SAME leaves it as it was. */
	int (*change)(void *arg, struct rec *t, const char *where);
	void (*on_changed)(void *arg, const struct rec *t);
	void *arg;
	int prints_changed;		/* the tool prints what changed: a dry run shows no more */
	size_t changed;
	enum fmt fmt;			/* set by update_run: the store's or input's */
	struct run *run;		/* private to update.c */
};
void update_run(struct update *u);
void update_step(struct update *u, const struct rec *t);

/* stats.c: grouped counts and rates, and partial aggregates that merge */
enum { SG_COUNT, SG_OPEN, SG_RESOLVED, SG_CLOSED, SG_MET, SG_ON_TIME,
	SG_ESCALATED, SG_RATED, SG_PLEASED, SG_REOPENED, SG_REPEAT, SG_N };
struct stats_group {
	char **keys;		/* the values of the --by fields */
	long n[SG_N];		/* the counters, by the SG_ names */
	double *secs;		/* seconds the stage took, sorted after stats_finish */
	size_t nsecs, secs_cap;
};
struct stats;
extern const char *const stats_columns[];
int stats_stage(const char *name);
const char *stats_stage_name(int stage);
const char *period_key(const char *kind, time_t t, char out[32]);
extern const char *const period_kinds[];
struct stats *stats_new(struct policy *pol, char **by, size_t nby, int stage);
void stats_no_repeats(struct stats *s);
void stats_range(struct stats *s, const time_t *from, const time_t *to);
void stats_add(struct stats *s, const struct rec *t);
void stats_merge(struct stats *s, const struct rec *r, const char *where);
void stats_finish(struct stats *s);
size_t stats_ngroups(const struct stats *s);
const struct stats_group *stats_group(const struct stats *s, size_t i);
long stats_total(const struct stats *s);
double stats_median(const struct stats_group *g);
double stats_p90(const struct stats_group *g);
void stats_row(const struct stats *s, size_t i, struct rec *out);
void stats_write_partial(const struct stats *s, struct writer *w);
char **stats_by(const struct stats *s, size_t *n);
void stats_free(struct stats *s);

/* stream.c: the records of several inputs, one after the other */
struct stream;
struct stream *stream_open(char **paths, size_t n);
void stream_close(struct stream *s);
enum fmt stream_format(struct stream *s);
int stream_next(struct stream *s, struct rec *rec);
const char *stream_name(const struct stream *s);
char **stream_header(struct stream *s, size_t *n);

/* ids.c: ticket ids unique within a store */
char *id_day_key(const char *prefix, time_t now);
char **ids_next(const struct store *s, const char *prefix, time_t now, struct commit *c, size_t count);
struct idseq;
struct idseq *idseq_open(const struct store *s, const char *prefix, time_t now);
const char *idseq_next(struct idseq *q);
const char *idseq_key(const struct idseq *q);
long idseq_last(const struct idseq *q);
void idseq_close(struct idseq *q, struct commit *c);

/* hash.c: SHA-256 by libcrypto */
#define SHA256_LEN 32
struct sha256 { void *ctx; };
void sha256_begin(struct sha256 *h);
void sha256_add(struct sha256 *h, const void *p, size_t n);
void sha256_end(struct sha256 *h, unsigned char out[SHA256_LEN]);
void sha256_of(const void *p, size_t n, unsigned char out[SHA256_LEN]);
char *sha256_hex(const unsigned char d[SHA256_LEN], char out[2 * SHA256_LEN + 1]);

/* keyset.c: a set of SHA-256 digests (the sources an import has seen) */
struct keyset;
struct keyset *keyset_new(void);
void keyset_free(struct keyset *s);
int keyset_add(struct keyset *s, const unsigned char key[SHA256_LEN]);
int keyset_add_text(struct keyset *s, const char *text, size_t n);

/* dates.c: times in the forms of a legacy log (strptime patterns) */
int date_parse(char *const *fmts, size_t n, const char *s, time_t *out);
int dates_normalise(char *const *fmts, size_t n, struct rec *r, struct buf *why);

/* mapfile.c: source columns to ticket fields (--map, --map-file) */
struct colpair { char *field, *from, *to; int star; };
struct colmap {
	struct colpair *cols;	/* field <- column (from) */
	struct colpair *vals;	/* field: value from -> to; star: any other */
	struct colpair *consts;	/* field = value (from) */
	size_t ncols, nvals, nconsts;
	char **date_fmts;	/* the [options] of a map file */
	size_t ndate_fmts;
	char *encoding, *key, *source_name;
};
struct colmap *colmap_new(void);
void colmap_free(struct colmap *m);
int colmap_inline(struct colmap *m, const char *spec, struct buf *err);
int colmap_load(struct colmap *m, const char *path, struct buf *err);
int colmap_check(const struct colmap *m, char **hdr, size_t n, struct buf *err);
int colmap_apply(const struct colmap *m, const struct rec *src, struct rec *out, int checked, struct buf *why);

/* history.c: an imported ticket as it was, checked */
int history_ticket(const struct policy *p, const struct rec *row, time_t now, const char *actor, struct rec *t, struct buf *why);

/* progress.c: a progress bar on standard error when it is a terminal */
struct progress;
struct progress *progress_new(long long total);
void progress_tick(struct progress *p, long rows, long long bytes);
void progress_read(struct progress *p, long rows, long long bytes);
void progress_write(struct progress *p, long done, long total);
void progress_done(struct progress *p);

/* import.c: cmp-new --import, a legacy log into the store */
struct import {
	const char *path;		/* the log, or "-" */
	char **map_files, **maps;	/* --map-file, --map: read in this order */
	size_t nmap_files, nmaps;
	/* The options below: NULL or none for the map files' [options]. */
	const char *encoding;		/* else UTF-8 */
	char **date_fmts;
	size_t ndate_fmts;
	const char *key;		/* comma-separated; else the whole row */
	const char *source_name;	/* else the log's base name */
	const char *rejects;		/* NULL: rejected rows on standard error */
	const struct rec *sets;		/* fields set on every row (options, -s) */
	struct common *co;
	struct policy *pol;
	long read, imported, duplicates, rejected;	/* the outcome */
};
int import_run(struct import *im);

/* schema.c: the fields of a record as JSON Schema (SPEC §9) */
void schema_print(const struct policy *p, FILE *fp);

/* journal.c: one line per changed ticket */
struct journal_ctx { const char *actor, *tool, *now_given; char prev[2 * SHA256_LEN + 1]; };
extern const char journal_origin[2 * SHA256_LEN + 1];
void journal_chain(struct journal_ctx *ctx, const char *dir);
void journal_line(struct buf *out, struct journal_ctx *ctx, const char *id, const struct rec *old, const struct rec *new);
struct journal_in;
struct journal_in *journal_open(const char *path);
int journal_next(struct journal_in *j, struct rec *change);
void journal_close(struct journal_in *j);

/* verify.c: the journal's chain, and the store it replays to (cmp-ls --verify) */
struct verify_sum { long lines, unchained, open, archived; char head[2 * SHA256_LEN + 1]; };
void store_verify(const struct store *s, struct verify_sum *sum);

/* where.c: --where expressions (SPEC §4) */
struct where;
struct where *where_parse(const char *expr, struct buf *err);
void where_free(struct where *w);
int where_match(const struct where *w, const struct rec *r);

/* pack.c: many records held compactly, read back borrowing */
struct pack;
struct pack *pack_new(void);
void pack_free(struct pack *p);
size_t pack_add(struct pack *p, const struct rec *r);
size_t pack_text(struct pack *p, const char *s);
const char *pack_str(const struct pack *p, size_t at);
void pack_get(const struct pack *p, size_t at, struct rec *r);
char *const *pack_names(const struct pack *p, size_t *n);

/* select.c: id operands and --ids-from */
struct idset;
uint64_t fnv1a64(const char *s);
struct idset *idset_new(void);
void idset_free(struct idset *s);
int idset_add(struct idset *s, const char *id);
size_t idset_put(struct idset *s, const char *id);
const char *idset_at(const struct idset *s, size_t i);
int idset_has(const struct idset *s, const char *id);
long idset_find(const struct idset *s, const char *id);
char *const *idset_order(const struct idset *s);
int idset_mark(struct idset *s, const char *id);
size_t idset_count(const struct idset *s);
const char *idset_next_unmarked(const struct idset *s, size_t *pos);
void idset_read_file(struct idset *s, const char *path);
struct common;
struct selection {
	struct idset *ids;	/* the tickets named, or NULL for any */
	int from_stdin;		/* "-" with a store: records on standard input */
	char **files;		/* without a store: the input files */
	size_t nfiles;
};
void selection_parse(struct selection *sel, const struct common *co, char **ops, size_t n, const char *ids_from);
int selection_empty(const struct selection *sel, const struct common *co);

/* privacy.c: masking personal data, and accounting for --reveal */
void mask_value(const char *field, const char *val, struct buf *out);
const char *shown_value(const struct policy *p, int reveal, const char *field, const char *val, struct buf *tmp);
void reveal_check(const struct policy *p);
void reveal_log(const char *store, const struct policy *p, const char *actor, const char *tool, const struct buf *ids);

/* table.c: aligned text tables, by display width */
struct table;
struct table *table_new(char **cols, size_t ncols);
void table_add(struct table *t, char **cells);
void table_print(struct table *t, FILE *fp);
void table_free(struct table *t);

/* opts.c: options every tool shares (SPEC §6) */
struct common {
	const char *store;
	const char *config;
	const char *now_str;
	time_t now;
	const char *actor;
	enum fmt out_fmt;
	struct where *where;
	double wait;
	const char *complete;	/* --complete WHAT, for the completions */
	int dry_run;
};
#define COMMON_LONG_OPTIONS \
	{"config", required_argument, NULL, 0x100}, \
	{"now", required_argument, NULL, 0x101}, \
	{"actor", required_argument, NULL, 0x102}, \
	{"csv", no_argument, NULL, 0x103}, \
	{"jsonl", no_argument, NULL, 0x104}, \
	{"where", required_argument, NULL, 0x105}, \
	{"wait", required_argument, NULL, 0x106}, \
	{"help", no_argument, NULL, 'h'}, \
	{"version", no_argument, NULL, 0x107}, \
	{"excel-safe", no_argument, NULL, 0x108}, \
	{"complete", required_argument, NULL, 0x109}, \
	{"dir", required_argument, NULL, 'd'}
#define COMMON_SHORT_OPTIONS ":d:h"
#define DRY_RUN_OPTION {"dry-run", no_argument, NULL, 0x10a}	/* the mutating tools' */
extern const char common_help[];
void common_init(struct common *c, const char *usage);
int common_option(struct common *c, int opt, const char *arg, const char *help, char **argv);
void common_finish(struct common *c);
_Noreturn void usage_error(const char *usage, const char *fmt, ...);
const char *text_arg(const char *opt, const char *arg);
double parse_seconds(const char *s, const char *what);
char **option_names(const char *list, size_t *n, const char *opt);
void set_option(struct rec *into, const char *arg, int (*allowed)(const char *field), const char *why);
void check_option(const struct policy *p, const char *opt, const char *field, const char *value);

/* policy.c, continued: the keys of [report] and [targets] (SPEC §5) */
long policy_rank_min(const struct policy *p);
const char *policy_rank_by(const struct policy *p);
char **policy_report_by(const struct policy *p, size_t *n);
const char *policy_cases(const struct policy *p);
long policy_cluster_min(const struct policy *p);
int policy_target(const struct policy *p, const char *rate, double *v);

/* period.c: the month, quarter or year of a report, and its neighbours */
enum period_kind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };
struct period {
	enum period_kind kind;
	int year, index;	/* month 1-12 or quarter 1-4; 0 for a year */
	time_t start, end;	/* local midnights; end exclusive */
	char name[16];		/* 2026-11, 2026-Q4, 2026 */
};
int period_parse(const char *s, struct period *p);
void period_previous(const struct period *p, struct period *out);
void period_year_before(const struct period *p, struct period *out);
int period_contains(const struct period *p, time_t t);
long period_workdays(const struct period *p, struct calendar *cal);
size_t period_slots(const struct period *p);
size_t period_slot(const struct period *p, time_t t);
void period_slot_name(const struct period *p, size_t i, char out[32]);

/* labels.c: the language (English or Chinese by the locale), the words of a report */
void labels_init(void);
int labels_chinese(void);
const char *L(const char *key);
const char *label_field(const char *field);
const char *label_value(const char *field, const char *value);

/* report.c: the figures of a period report, gathered in one pass (SPEC §6) */
#define REPORT_IDS 20	/* ids a list names; the others are counted */
enum { RV_REGISTER, RV_DISPATCH, RV_HANDOVER, RV_REPLY, RV_FEEDBACK,
	RV_RETURN_LATE, RV_RETURNS, RV_REDISPATCH, RV_UNTOLD, RV_N };
struct idlist { char **id; size_t n; long total; };	/* the first ids in id order */
struct tally { struct idset *keys; long *n; size_t cap, *order; };	/* most first */
struct rank {
	const struct stats_group *g;	/* the department's figures */
	long num, den;			/* the rank_by rate is num / den */
	double lower;			/* its Wilson lower bound (95%) */
	long place;			/* 1 = best; 0 = not ranked */
};
struct report_state;
struct report {
	struct policy *pol;
	struct period per[3];		/* this period, the one before, a year before */
	long workdays[3];
	int stage;			/* what on_time measures (stats_stage) */
	time_t now;
	struct stats *total[3];		/* each period as one group */
	long repeat[3];
	char **by;
	size_t nby;
	struct stats **breakdown;	/* this period, by each [report] by field */
	struct stats *dept;
	struct rank *rank;		/* ranked first, best first */
	size_t nrank, nranked;
	long *trend;			/* tickets per day (month) or month */
	size_t ntrend;
	struct tally category, causes, measures, clusters, vdept;
	long (*viol)[RV_N];		/* rule violations by vdept (tickets by department) */
	long checked[RV_N];		/* tickets each rule applied to */
	int returns_timed;		/* the journal told when returns were */
	struct idlist overdue, escalated, repeats, vids[RV_N];
	struct idlist held;		/* tickets with a hold, ended or running */
	long held_min;			/* the minutes they were held, to now */
	struct rec **cases;		/* the typical cases shown, by id */
	size_t ncases;
	long cases_total;
	struct report_state *st;
};
struct report *report_new(struct policy *pol, const struct period *p, int stage, time_t now);
void report_add(struct report *r, struct rec *t);
void report_journal(struct report *r, const char *path);
void report_finish(struct report *r);
void report_free(struct report *r);
size_t tally_len(const struct tally *t);
const char *tally_key(const struct tally *t, size_t i);
long tally_count(const struct tally *t, size_t i);

/* doc.c: a document of headings, tables, charts and lists, as txt or
 * Markdown; html.c: the same as one self-contained HTML file */
enum doc_fmt { DOC_TXT, DOC_MD, DOC_HTML };
struct doc_table {
	size_t ncols, nrows;
	const char **cols;
	char **cells;			/* nrows * ncols, row after row */
	unsigned char *marked;		/* per cell: misses a target; or NULL */
	const unsigned char *right;	/* per column: numbers, right-aligned */
};
enum doc_chart_kind { CHART_COLUMNS, CHART_BARS, CHART_RATES };
struct doc_chart {
	enum doc_chart_kind kind;	/* trend, counts, rates with a bound */
	const char *title, *id;
	size_t n;
	char **labels;
	double *values;
	double *bounds;			/* CHART_RATES: a tick per bar, or NULL */
	unsigned char *marked;		/* per bar: misses a target, or NULL */
	double target;			/* CHART_RATES: a line, or < 0 for none */
};
struct doc;
struct doc *doc_new(FILE *fp, enum doc_fmt fmt);
void doc_title(struct doc *d, const char *title, const char *subtitle);
void doc_section(struct doc *d, const char *title);
void doc_subsection(struct doc *d, const char *title);
void doc_text(struct doc *d, const char *text);
void doc_table(struct doc *d, const struct doc_table *t);
void doc_ids(struct doc *d, const char *label, const struct idlist *l);
void doc_chart(struct doc *d, const struct doc_chart *c);
void doc_verbatim(struct doc *d, const char *text);
void doc_end(struct doc *d);
struct doc_ops {
	void (*title)(FILE *, const char *, const char *);
	void (*section)(FILE *, int, const char *);
	void (*text)(FILE *, const char *);
	void (*table)(FILE *, const struct doc_table *);
	void (*ids)(FILE *, const char *, const struct idlist *);
	void (*chart)(FILE *, const struct doc_chart *);
	void (*verbatim)(FILE *, const char *);
	void (*end)(FILE *);
};
extern const struct doc_ops html_ops;

/* render.c: the sections of a period report, in order */
struct render_opts { int reveal; const char *notes; };
void report_render(const struct report *r, struct doc *d, const struct render_opts *o);

#endif
