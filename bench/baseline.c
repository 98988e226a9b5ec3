/*
 * baseline.c - the speed of light for bench/run: the jobs the cmp tools
 * are timed on, done by the least code that still gets them right, so
 * that "how far is cmp from what the hardware allows" has an answer.
 *
 *   baseline group  FILE F1[,F2...]  count by fields (CSV: F...,count)
 *   baseline ontime FILE F           count, met, on_time, on_time_rate,
 *                                    hours_median of the resolve stage
 *   baseline filter FILE F=VALUE     the records whose F is VALUE, as read
 *   baseline due    FILE NOW         every ticket's current stage, sorted
 *                                    as cmp-due sorts (most overdue first)
 *   baseline cut    FILE F1[,F2...]  those fields, re-encoded as CSV
 *   baseline jgroup FILE F1[,F2...]  group on JSON Lines
 *
 * The CSV reader is a real RFC 4180 scanner: the file is mapped, a record
 * without a double quote is the span up to the next LF (found by memchr)
 * split at commas by memchr, and only a record holding a quote takes the
 * byte-by-byte path that follows quoted fields across line breaks.  Only
 * the fields a job needs are split.  Times are parsed from the ISO 8601
 * text (offset included) into epoch seconds; stages and on-time follow
 * SPEC §5/§6 (met by resolved_at, on time when resolved_at <= resolve_due
 * or there is no deadline; hours from received_at, else created_at).
 * What it leaves out, on purpose: the policy (cmp-due's handover and
 * visit stages, escalation levels, owners), JSON beyond one flat object a
 * line with the keys written "key":, and everything a user would need.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct field { const char *p; size_t n; int quoted; };

static void
die(const char *msg, const char *arg)
{
	fprintf(stderr, "baseline: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
	exit(65);
}

static void *
xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n)))
		die("out of memory", NULL);
	return p;
}

/* ---- output: one buffer, written in large blocks ---- */

static char obuf[1 << 18];
static size_t on;

static void
oflush(void)
{
	if (fwrite(obuf, 1, on, stdout) != on)
		die("write error", NULL);
	on = 0;
}

static void
out(const char *s, size_t n)
{
	if (n > sizeof obuf - on) {
		oflush();
		if (n > sizeof obuf) {
			if (fwrite(s, 1, n, stdout) != n)
				die("write error", NULL);
			return;
		}
	}
	memcpy(obuf + on, s, n);
	on += n;
}

static void
outs(const char *s)
{
	out(s, strlen(s));
}

/* S[0..N) as a CSV field, quoted only where needed. */
static void
out_csv(const char *s, size_t n)
{
	int q = 0;
	for (size_t i = 0; i < n; i++)
		q |= s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (!q) {
		out(s, n);
		return;
	}
	out("\"", 1);
	for (const char *q, *e = s + n; (q = memchr(s, '"', (size_t)(e - s))); s = q + 1, n = (size_t)(e - s)) {
		out(s, (size_t)(q - s) + 1);
		out("\"", 1);
	}
	out(s, n);
	out("\"", 1);
}

/* ---- input ---- */

static const char *
map(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;

	if (fd < 0 || fstat(fd, &st) != 0)
		die("cannot open", path);
	*len = (size_t)st.st_size;
	if (*len == 0)
		return "";
	void *p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		die("cannot map", path);
	madvise(p, *len, MADV_SEQUENTIAL);
	close(fd);
	return p;
}

struct rec { struct field *f; size_t n, cap; };

static void
add(struct rec *r, const char *p, size_t n, int quoted)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->f = xrealloc(r->f, r->cap * sizeof *r->f);
	}
	r->f[r->n++] = (struct field){ p, n, quoted };
}

/*
 * The record at P (before END) into R, its first NEED fields at least
 * (all of them when it holds a quote); return where the next one starts,
 * or NULL when it runs past END and more input may follow (!EOF).
 * Fields of a short record that are missing read as empty.
 */
static const char *
record(const char *p, const char *end, int eof, struct rec *r, size_t need)
{
	r->n = 0;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl && !eof)
		return NULL;
	const char *stop = nl ? nl : end;
	if (!memchr(p, '"', (size_t)(stop - p))) {
		const char *e = stop > p && stop[-1] == '\r' ? stop - 1 : stop;
		while (r->n < need) {
			const char *c = memchr(p, ',', (size_t)(e - p));
			add(r, p, (size_t)((c ? c : e) - p), 0);
			if (!c)
				break;
			p = c + 1;
		}
		stop = nl ? nl + 1 : end;
	} else {
		for (;;) {
			if (p < end && *p == '"') {
				const char *q = p + 1;
				for (;;) {
					q = memchr(q, '"', (size_t)(end - q));
					if (!q || (q + 1 == end && !eof))
						return eof ? (die("unterminated quoted field", NULL), NULL) : NULL;
					if (q + 1 < end && q[1] == '"')
						q += 2;
					else
						break;
				}
				add(r, p + 1, (size_t)(q - p - 1), 1);
				p = q + 1;
			} else {
				const char *q = p;
				while (q < end && *q != ',' && *q != '\n' && *q != '\r')
					q++;
				add(r, p, (size_t)(q - p), 0);
				p = q;
			}
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			if (p < end && *p == '\r')
				p++;
			if (p == end && !eof)
				return NULL;
			if (p < end && *p != '\n')
				die("text after a closing quote", NULL);
			stop = p < end ? p + 1 : end;
			break;
		}
	}
	while (need != SIZE_MAX && r->n < need)
		add(r, "", 0, 0);
	return stop;
}

/*
 * A file read in large blocks, record by record: a record never straddles
 * the buffer, which grows only for a record longer than itself.
 */
struct reader { int fd; char *buf; size_t cap, len, pos; int eof; };

static void
reader_open(struct reader *rd, const char *path)
{
	memset(rd, 0, sizeof *rd);
	if ((rd->fd = open(path, O_RDONLY)) < 0)
		die("cannot open", path);
	posix_fadvise(rd->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	rd->buf = xrealloc(NULL, rd->cap = 1 << 20);
}

/*
 * The next record into R (NEED fields at least), its bytes into *AT and
 * *N; 0 at the end of the file.  Without R, the next line.
 */
static int
next_record(struct reader *rd, struct rec *r, size_t need, const char **at, size_t *n)
{
	const char *nl;

	for (;;) {
		if (rd->pos < rd->len || rd->eof) {
			if (rd->pos == rd->len)
				return 0;
			const char *p = rd->buf + rd->pos;
			const char *e = r ? record(p, rd->buf + rd->len, rd->eof, r, need)
			    : (nl = memchr(p, '\n', rd->len - rd->pos)) ? nl + 1 : rd->eof ? rd->buf + rd->len : NULL;
			if (e) {
				*at = p;
				*n = (size_t)(e - p);
				rd->pos = (size_t)(e - rd->buf);
				return 1;
			}
		}
		memmove(rd->buf, rd->buf + rd->pos, rd->len - rd->pos);
		rd->len -= rd->pos;
		rd->pos = 0;
		if (rd->len > rd->cap / 2)
			rd->buf = xrealloc(rd->buf, rd->cap *= 2);
		ssize_t k = read(rd->fd, rd->buf + rd->len, rd->cap - rd->len);
		if (k < 0)
			die("read error", NULL);
		rd->len += (size_t)k;
		rd->eof = k == 0;
	}
}

/* Field F's value: a quoted field is unescaped into BUF. */
static const char *
value(const struct field *f, char **buf, size_t *cap, size_t *len)
{
	if (!f->quoted) {
		*len = f->n;
		return f->p;
	}
	if (*cap < f->n + 1)
		*buf = xrealloc(*buf, *cap = f->n + 1);
	size_t k = 0;
	for (size_t i = 0; i < f->n; i++) {
		(*buf)[k++] = f->p[i];
		i += f->p[i] == '"';
	}
	*len = k;
	return *buf;
}

/* The index of each of the comma-separated NAMES in header H. */
static size_t *
columns(const struct rec *h, const char *names, size_t *n, size_t *maxcol)
{
	size_t *col = NULL;
	*n = 0;
	*maxcol = 0;
	char *list = strdup(names), *save = NULL;
	for (char *name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		while (i < h->n && !(h->f[i].n == strlen(name) && memcmp(h->f[i].p, name, h->f[i].n) == 0))
			i++;
		if (i == h->n)
			die("no such column", name);
		col = xrealloc(col, (*n + 1) * sizeof *col);
		col[(*n)++] = i;
		if (i + 1 > *maxcol)
			*maxcol = i + 1;
	}
	free(list);
	return col;
}

/* ---- groups: an open-addressing hash table of keys ---- */

struct group {
	char *key;		/* the key fields, each ended by '\0' */
	size_t keylen;
	long count, met, on_time;
	long *secs;
	size_t nsecs, capsecs;
};
static struct group *groups;
static size_t ngroups, *slots, nslots;

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static struct group *
group_of(const char *key, size_t n)
{
	if (2 * (ngroups + 1) > nslots) {
		size_t ns = nslots ? 2 * nslots : 1024;
		size_t *s = xrealloc(NULL, ns * sizeof *s);
		for (size_t i = 0; i < ns; i++)
			s[i] = SIZE_MAX;
		for (size_t g = 0; g < ngroups; g++) {
			size_t i = fnv(groups[g].key, groups[g].keylen) & (ns - 1);
			while (s[i] != SIZE_MAX)
				i = (i + 1) & (ns - 1);
			s[i] = g;
		}
		free(slots);
		slots = s;
		nslots = ns;
	}
	size_t i = fnv(key, n) & (nslots - 1);
	for (; slots[i] != SIZE_MAX; i = (i + 1) & (nslots - 1)) {
		struct group *g = &groups[slots[i]];
		if (g->keylen == n && memcmp(g->key, key, n) == 0)
			return g;
	}
	groups = xrealloc(groups, (ngroups + 1) * sizeof *groups);
	struct group *g = &groups[ngroups];
	memset(g, 0, sizeof *g);
	g->key = xrealloc(NULL, n);
	memcpy(g->key, key, n);
	g->keylen = n;
	slots[i] = ngroups++;
	return g;
}

static int
group_order(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);
	return c ? c : (x->keylen > y->keylen) - (x->keylen < y->keylen);
}

/* The header NAMES (comma-separated) then one line per group. */
static void
print_keys(const struct group *g)
{
	for (const char *k = g->key; k < g->key + g->keylen; k += strlen(k) + 1) {
		if (k != g->key)
			out(",", 1);
		out_csv(k, strlen(k));
	}
}

/* The key of record R over columns COL[0..N) into *KEY (each ended by '\0'). */
static size_t
make_key(const struct rec *r, const size_t *col, size_t n, char **key, size_t *cap, char **ub, size_t *ucap)
{
	size_t len = 0;
	for (size_t k = 0; k < n; k++) {
		size_t vn;
		const char *v = value(&r->f[col[k]], ub, ucap, &vn);
		if (*cap < len + vn + 1)
			*key = xrealloc(*key, *cap = 2 * (len + vn + 1));
		memcpy(*key + len, v, vn);
		len += vn;
		(*key)[len++] = '\0';
	}
	return len;
}

/* ---- times ---- */

static long
days_from_civil(long y, long m, long d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static int
digits(const char *s, int n, long *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* ISO 8601 with an offset or Z (YYYY-MM-DDTHH:MM:SS±HH:MM) into epoch seconds. */
static long
parse_time(const char *s, size_t n)
{
	long y, mo, d, h, mi, se = 0, oh = 0, om = 0;
	size_t i = 16;

	if (n < 17 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi))
		die("not a time", strndup(s, n));
	if (s[16] == ':') {
		if (n < 19 || digits(s + 17, 2, &se))
			die("not a time", strndup(s, n));
		i = 19;
	}
	int sign = 0;
	if (i < n && s[i] == 'Z' && i + 1 == n)
		sign = 1;
	else if (i < n && (s[i] == '+' || s[i] == '-') && n - i == 6 && s[i + 3] == ':' &&
	    !digits(s + i + 1, 2, &oh) && !digits(s + i + 4, 2, &om))
		sign = s[i] == '+' ? 1 : -1;
	if (!sign)
		die("not a time with an offset", strndup(s, n));
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - sign * (oh * 3600 + om * 60);
}

/* ---- the jobs ---- */

static size_t *cols, ncols, need;
static struct rec rec;
static char *ubuf, *key;
static size_t ucap, keycap;
static struct reader rd;
static const char *at;
static size_t atn;

/* Open FILE, read its header and find the columns NAMES. */
static void
start(const char *file, const char *names)
{
	reader_open(&rd, file);
	if (!next_record(&rd, &rec, SIZE_MAX, &at, &atn))
		die("no header", file);
	cols = columns(&rec, names, &ncols, &need);
}

static int
job_group(const char *file, const char *names)
{
	start(file, names);
	while (next_record(&rd, &rec, need, &at, &atn))
		group_of(key, make_key(&rec, cols, ncols, &key, &keycap, &ubuf, &ucap))->count++;
	qsort(groups, ngroups, sizeof *groups, group_order);
	outs(names);
	outs(",count\n");
	for (size_t g = 0; g < ngroups; g++) {
		char n[32];
		print_keys(&groups[g]);
		out(n, (size_t)sprintf(n, ",%ld\n", groups[g].count));
	}
	return 0;
}

/* Swap-free quickselect: the K-th smallest of V[0..N) is V[K] after. */
static void
select_kth(long *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		long pivot = v[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				long t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;
	}
}

static double
median(long *v, size_t n)
{
	select_kth(v, n, n / 2);
	if (n % 2)
		return (double)v[n / 2];
	long lower = v[0];
	for (size_t i = 1; i < n / 2; i++)
		if (v[i] > lower)
			lower = v[i];
	return ((double)lower + (double)v[n / 2]) / 2;
}

static int
job_ontime(const char *file, const char *name)
{
	char names[256];
	snprintf(names, sizeof names, "%s,received_at,created_at,resolved_at,resolve_due", name);
	start(file, names);
	while (next_record(&rd, &rec, need, &at, &atn)) {
		struct group *g = group_of(key, make_key(&rec, cols, 1, &key, &keycap, &ubuf, &ucap));
		g->count++;
		const struct field *recv = &rec.f[cols[1]], *crt = &rec.f[cols[2]];
		const struct field *done = &rec.f[cols[3]], *due = &rec.f[cols[4]];
		if (!done->n)
			continue;
		long t = parse_time(done->p, done->n);
		g->met++;
		g->on_time += !due->n || t <= parse_time(due->p, due->n);
		const struct field *from = recv->n ? recv : crt;
		if (!from->n)
			continue;
		if (g->nsecs == g->capsecs)
			g->secs = xrealloc(g->secs, (g->capsecs = g->capsecs ? 2 * g->capsecs : 1024) * sizeof *g->secs);
		g->secs[g->nsecs++] = t - parse_time(from->p, from->n);
	}
	qsort(groups, ngroups, sizeof *groups, group_order);
	outs(name);
	outs(",count,met,on_time,on_time_rate,hours_median\n");
	for (size_t i = 0; i < ngroups; i++) {
		struct group *g = &groups[i];
		char n[128];
		int k = sprintf(n, ",%ld,%ld,%ld,", g->count, g->met, g->on_time);
		if (g->met)
			k += sprintf(n + k, "%.4f", (double)g->on_time / (double)g->met);
		n[k++] = ',';
		if (g->nsecs)
			k += sprintf(n + k, "%.2f", median(g->secs, g->nsecs) / 3600);
		n[k++] = '\n';
		print_keys(g);
		out(n, (size_t)k);
	}
	return 0;
}

static int
job_filter(const char *file, const char *expr)
{
	const char *eq = strchr(expr, '=');
	if (!eq)
		die("not FIELD=VALUE", expr);
	char *name = strndup(expr, (size_t)(eq - expr));
	const char *want = eq + 1;
	size_t wn = strlen(want);
	start(file, name);
	out(at, atn);
	while (next_record(&rd, &rec, need, &at, &atn)) {
		size_t vn;
		const char *v = value(&rec.f[cols[0]], &ubuf, &ucap, &vn);
		if (vn == wn && memcmp(v, want, wn) == 0)
			out(at, atn);
	}
	return 0;
}

struct due { const char *r; size_t n; const char *id; size_t idn; const char *stage; struct field at; long t, omin; int has; };

static int
due_order(const void *a, const void *b)
{
	const struct due *x = a, *y = b;
	if (x->has != y->has)
		return y->has - x->has;
	if (x->has && x->omin != y->omin)
		return x->omin > y->omin ? -1 : 1;
	if (x->has && x->t != y->t)
		return x->t < y->t ? -1 : 1;
	size_t n = x->idn < y->idn ? x->idn : y->idn;
	int c = memcmp(x->id, y->id, n);
	return c ? c : (x->idn > y->idn) - (x->idn < y->idn);
}

/* Keep the deadline in field F as D's stage S when it comes first. */
static void
consider(struct due *d, const char *s, const struct field *f)
{
	if (!f->n)
		return;
	long t = parse_time(f->p, f->n);
	if (d->has && t >= d->t)
		return;
	d->has = 1;
	d->stage = s;
	d->t = t;
	d->at = *f;
}

static int
job_due(const char *file, const char *when)
{
	long now = parse_time(when, strlen(when));
	size_t len;
	const char *p = map(file, &len), *end = p + len;
	const char *body = record(p, end, 1, &rec, SIZE_MAX);
	cols = columns(&rec, "id,status,dispatch_due,replied_at,reply_due,resolve_due,feedback_at,feedback_due", &ncols, &need);
	const char *h = body - 1;
	while (h > p && (h[-1] == '\r' || h[-1] == '\n'))
		h--;
	out(p, (size_t)(h - p));
	outs(",due_stage,due_at,overdue_min\n");
	struct due *v = NULL;
	size_t n = 0, cap = 0;
	for (p = body; p < end; ) {
		const char *r = p;
		p = record(p, end, 1, &rec, need);
		if (n == cap)
			v = xrealloc(v, (cap = cap ? 2 * cap : 65536) * sizeof *v);
		struct due *d = &v[n++];
		memset(d, 0, sizeof *d);
		d->r = r;
		d->n = (size_t)(p - r);
		while (d->n && (r[d->n - 1] == '\n' || r[d->n - 1] == '\r'))
			d->n--;
		d->id = rec.f[cols[0]].p;
		d->idn = rec.f[cols[0]].n;
		const struct field *st = &rec.f[cols[1]];
		if (st->n == 3 && memcmp(st->p, "new", 3) == 0)
			consider(d, "dispatch", &rec.f[cols[2]]);
		else if (st->n == 8 && memcmp(st->p, "assigned", 8) == 0) {
			if (!rec.f[cols[3]].n)
				consider(d, "reply", &rec.f[cols[4]]);
			consider(d, "resolve", &rec.f[cols[5]]);
		} else if (st->n == 8 && memcmp(st->p, "resolved", 8) == 0 && !rec.f[cols[6]].n)
			consider(d, "feedback", &rec.f[cols[7]]);
		if (d->has) {
			long diff = now - d->t;
			d->omin = diff >= 0 ? diff / 60 : -((-diff + 59) / 60);
		}
	}
	qsort(v, n, sizeof *v, due_order);
	for (size_t i = 0; i < n; i++) {
		char m[32];
		out(v[i].r, v[i].n);
		out(",", 1);
		if (v[i].has) {
			outs(v[i].stage);
			out(",", 1);
			out(v[i].at.p, v[i].at.n);
			out(m, (size_t)sprintf(m, ",%ld\n", v[i].omin));
		} else
			outs(",,\n");
	}
	return 0;
}

static int
job_cut(const char *file, const char *names)
{
	start(file, names);
	outs(names);
	outs("\n");
	while (next_record(&rd, &rec, need, &at, &atn)) {
		for (size_t k = 0; k < ncols; k++) {
			size_t vn;
			const char *v = value(&rec.f[cols[k]], &ubuf, &ucap, &vn);
			if (k)
				out(",", 1);
			out_csv(v, vn);
		}
		out("\n", 1);
	}
	return 0;
}

/*
 * The string value of "NAME": in the JSON object LINE[0..N) into *KEY at
 * LEN, unescaped (\uXXXX kept as written); missing or null reads as "".
 */
static size_t
json_value(const char *line, size_t n, const char *needle, size_t nn, size_t len)
{
	const char *p = memmem(line, n, needle, nn), *end = line + n;
	if (p) {
		p += nn;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == '"') {
			for (p++; p < end && *p != '"'; p++) {
				if (keycap < len + 2)
					key = xrealloc(key, keycap = 2 * (len + 2));
				if (*p == '\\' && p + 1 < end) {
					p++;
					key[len++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
				} else
					key[len++] = *p;
			}
		}
	}
	if (keycap < len + 1)
		key = xrealloc(key, keycap = 2 * (len + 1));
	key[len++] = '\0';
	return len;
}

static int
job_jgroup(const char *file, const char *names)
{
	size_t nk = 0;
	char *needles[16], *list = strdup(names), *save = NULL;
	for (char *f = strtok_r(list, ",", &save); f && nk < 16; f = strtok_r(NULL, ",", &save)) {
		needles[nk] = xrealloc(NULL, strlen(f) + 4);
		sprintf(needles[nk++], "\"%s\":", f);
	}
	reader_open(&rd, file);
	while (next_record(&rd, NULL, 0, &at, &atn)) {
		size_t k = 0;
		while (atn && (at[atn - 1] == '\n' || at[atn - 1] == '\r'))
			atn--;
		if (!atn)
			continue;
		for (size_t i = 0; i < nk; i++)
			k = json_value(at, atn, needles[i], strlen(needles[i]), k);
		group_of(key, k)->count++;
	}
	qsort(groups, ngroups, sizeof *groups, group_order);
	outs(names);
	outs(",count\n");
	for (size_t g = 0; g < ngroups; g++) {
		char n[32];
		print_keys(&groups[g]);
		out(n, (size_t)sprintf(n, ",%ld\n", groups[g].count));
	}
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct { const char *name; int (*run)(const char *, const char *); } jobs[] = {
		{ "group", job_group }, { "ontime", job_ontime }, { "filter", job_filter },
		{ "due", job_due }, { "cut", job_cut }, { "jgroup", job_jgroup },
	};
	if (argc != 4) {
		fputs("usage: baseline group|ontime|filter|due|cut|jgroup FILE ARG\n", stderr);
		return 64;
	}
	for (size_t i = 0; i < sizeof jobs / sizeof *jobs; i++)
		if (strcmp(argv[1], jobs[i].name) == 0) {
			int rc = jobs[i].run(argv[2], argv[3]);
			oflush();
			if (fflush(stdout) != 0 || ferror(stdout))
				die("write error", NULL);
			return rc;
		}
	fputs("baseline: unknown job\n", stderr);
	return 64;
}
