/*
 * encoding.c - text in a legacy encoding, turned into UTF-8 a line at a
 * time (SPEC §6, import).
 *
 * Old hotline logs come in GB18030 (or GBK, its subset) and Big5; iconv(3)
 * converts them.  Only encodings in which every ASCII byte stands for
 * itself are accepted, so that a line can be split at its newline and a
 * CSV at its commas and quotes before it is converted: a multibyte
 * character of these encodings never holds such a byte.
 *
 * A byte that is not valid in the encoding is never guessed at: it is
 * written as the four characters \xHH and the line is marked bad, so that
 * the record holding it is rejected and the rejects file still shows what
 * was there.  "auto" reads lines as ASCII until the first line with a byte
 * above 0x7F, and then settles on UTF-8 if that line is valid UTF-8, else
 * on GB18030.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmp.h"

struct decoder {
	char *name;		/* the encoding, as iconv names it; NULL while auto decides */
	int is_auto;
	int utf8;		/* no conversion, only validation */
	iconv_t cd;
	char *problem;		/* "bytes invalid in GB18030" */
};

/* Open a converter from NAME to UTF-8, or (iconv_t)-1. */
static iconv_t
open_cd(const char *name)
{
	return iconv_open("UTF-8", name);
}

/*
 * Does NAME keep ASCII as ASCII?  The bytes that matter to lines and CSV
 * are converted from UTF-8 to NAME and back; they must come out the same.
 */
static int
ascii_compatible(const char *name)
{
	static const char probe[] = "a,\"\r\n{}:\\ 0";
	iconv_t cd = iconv_open(name, "UTF-8");
	char out[64], *in = (char *)probe, *o = out;
	size_t inleft = sizeof probe - 1, oleft = sizeof out;

	if (cd == (iconv_t)-1)
		return 0;
	size_t r = iconv(cd, &in, &inleft, &o, &oleft);
	iconv_close(cd);
	return r != (size_t)-1 && inleft == 0 && (size_t)(o - out) == sizeof probe - 1 &&
	    memcmp(out, probe, sizeof probe - 1) == 0;
}

static void
settle(struct decoder *d, const char *name)
{
	d->name = xstrdup(name);
	d->utf8 = strcmp(name, "UTF-8") == 0;
	if (!d->utf8) {
		d->cd = open_cd(name);
		if (d->cd == (iconv_t)-1)
			die(EX_SOFTWARE, "iconv: %s:", name);
	}
	free(d->problem);
	d->problem = xasprintf(_("bytes invalid in %s"), name);
}

/*
 * A decoder from the encoding NAME (case does not matter: UTF-8, GB18030,
 * GBK, Big5, auto, or another ASCII-compatible encoding iconv knows), or
 * NULL with ERR saying why.
 */
struct decoder *
decoder_new(const char *name, struct buf *err)
{
	static const struct { const char *alias, *name; } known[] = {
		{ "UTF-8", "UTF-8" }, { "UTF8", "UTF-8" }, { "GB18030", "GB18030" },
		{ "GBK", "GBK" }, { "CP936", "GBK" }, { "BIG5", "BIG5" },
		{ "BIG-5", "BIG5" },
	};
	struct decoder *d = xcalloc(1, sizeof *d);

	d->cd = (iconv_t)-1;
	if (strcasecmp(name, "auto") == 0) {
		d->is_auto = 1;
		d->utf8 = 1;	/* ASCII until told otherwise */
		d->problem = xstrdup(_("bytes invalid in UTF-8"));
		return d;
	}
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (strcasecmp(name, known[i].alias) == 0) {
			settle(d, known[i].name);
			return d;
		}
	if (!*name || strchr(name, '/') || !ascii_compatible(name)) {
		buf_printf(err, _("\"%s\" is not an encoding iconv knows in which ASCII is ASCII (UTF-8, GB18030, GBK, Big5, auto)"), name);
		free(d);
		return NULL;
	}
	settle(d, name);
	return d;
}

void
decoder_free(struct decoder *d)
{
	if (!d)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	free(d->name);
	free(d->problem);
	free(d);
}

/* The encoding in use: NULL while "auto" has seen only ASCII. */
const char *
decoder_name(const struct decoder *d)
{
	return d->name;
}

int
decoder_is_auto(const struct decoder *d)
{
	return d->is_auto;
}

/* "bytes invalid in GB18030": what a bad line is told by. */
const char *
decoder_problem(const struct decoder *d)
{
	return d->problem;
}

static void
escape_byte(struct buf *out, unsigned char c)
{
	buf_printf(out, "\\x%02X", c);
}

/* UTF-8 checked, invalid bytes escaped; return 1 if there was one. */
static int
check_utf8(const char *s, size_t n, struct buf *out)
{
	int bad = 0;
	const char *end = s + n, *p;

	while ((p = utf8_invalid(s, (size_t)(end - s)))) {
		buf_add(out, s, (size_t)(p - s));
		escape_byte(out, (unsigned char)*p);
		s = p + 1;
		bad = 1;
	}
	buf_add(out, s, (size_t)(end - s));
	return bad;
}

static int
convert(struct decoder *d, const char *s, size_t n, struct buf *out)
{
	char *in = (char *)s;
	size_t inleft = n;
	int bad = 0;

	iconv(d->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		buf_grow(out, inleft * 4 + 16);
		char *o = out->s + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(d->cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->s);
		out->s[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL: a character cut short by the line's end. */
		escape_byte(out, (unsigned char)*in);
		in++;
		inleft--;
		bad = 1;
		iconv(d->cd, NULL, NULL, NULL, NULL);
	}
	return bad;
}

/*
 * The N bytes of line S, in UTF-8, appended to OUT.  Return 0, or 1 when
 * the line held bytes invalid in the encoding (each is in OUT as \xHH).
 */
int
decoder_line(struct decoder *d, const char *s, size_t n, struct buf *out)
{
	if (d->is_auto && !d->name) {
		size_t i = 0;
		while (i < n && (unsigned char)s[i] < 0x80)
			i++;
		if (i < n)
			settle(d, utf8_invalid(s, n) ? "GB18030" : "UTF-8");
	}
	if (d->utf8)
		return check_utf8(s, n, out);
	return convert(d, s, n, out);
}
