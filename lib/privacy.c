/*
 * privacy.c - personal data in human-facing output (SPEC §6).
 *
 * Masked forms keep just enough to recognise a ticket on the phone:
 *   phone    13812345678 -> 138****5678 (first 3 and last 4 digits)
 *   email    zhangwei@example.com -> z***@example.com
 *   name     张伟 -> 张*;  address 北京市朝阳区建国路88号 -> 北京市*** (3 chars)
 *   other    (e.g. summary) -> the first character, then ***
 * --reveal shows them; [privacy] reveal = GROUP limits it to members of
 * that Unix group (others get 77), and with a store every use is appended
 * to STORE/access.jsonl unless [privacy] log = none.
 */
#include <fcntl.h>
#include <grp.h>
#include <jansson.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

/* Byte length of the first N UTF-8 characters of S. */
static size_t
chars(const char *s, size_t n)
{
	const char *p = s;

	while (*p && n > 0) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		n--;
	}
	return (size_t)(p - s);
}

static void
stars(struct buf *out, size_t n)
{
	while (n--)
		buf_addc(out, '*');
}

/* Append the masked form of VAL (the value of FIELD) to OUT. */
void
mask_value(const char *field, const char *val, struct buf *out)
{
	size_t len = strlen(val);

	if (len == 0)
		return;
	if (strcmp(field, "phone") == 0) {
		if (len >= 8) {
			buf_add(out, val, 3);
			stars(out, len - 7);
			buf_adds(out, val + len - 4);
		} else
			stars(out, len);
	} else if (strcmp(field, "email") == 0) {
		const char *at = strchr(val, '@');
		buf_add(out, val, chars(val, 1));
		buf_adds(out, "***");
		if (at)
			buf_adds(out, at);
	} else if (strcmp(field, "name") == 0) {
		size_t first = chars(val, 1);
		buf_add(out, val, first);
		for (const char *p = val + first; *p; p += chars(p, 1))
			buf_addc(out, '*');
	} else if (strcmp(field, "address") == 0) {
		buf_add(out, val, chars(val, 3));
		buf_adds(out, "***");
	} else {
		buf_add(out, val, chars(val, 1));
		buf_adds(out, "***");
	}
}

/*
 * VAL as a person may see it in human-facing output: itself when REVEAL
 * or when policy P does not mask FIELD, else its masked form, built in
 * TMP.  The one rule every table and report follows.
 */
const char *
shown_value(const struct policy *p, int reveal, const char *field, const char *val, struct buf *tmp)
{
	if (reveal || !policy_is_masked(p, field))
		return val;
	buf_reset(tmp);
	mask_value(field, val, tmp);
	return tmp->s ? tmp->s : "";
}

/* Stop with 77 unless the user may --reveal under policy P. */
void
reveal_check(const struct policy *p)
{
	const char *group = policy_reveal_group(p);

	if (!group)
		return;
	struct group *g = getgrnam(group);
	if (!g)
		die(EX_NOPERM, "--reveal: the group \"%s\" of [privacy] reveal does not exist", group);
	if (getegid() == g->gr_gid || getgid() == g->gr_gid)
		return;
	int n = getgroups(0, NULL);
	gid_t *gs = xcalloc((size_t)(n > 0 ? n : 1), sizeof *gs);
	n = getgroups(n, gs);
	for (int i = 0; i < n; i++)
		if (gs[i] == g->gr_gid) {
			free(gs);
			return;
		}
	free(gs);
	die(EX_NOPERM, "--reveal: only members of the group \"%s\" may see personal data", group);
}

/*
 * Record in STORE/access.jsonl that ACTOR saw the personal data of the
 * tickets IDS (one a line) through TOOL.
 */
void
reveal_log(const char *store, const struct policy *p, const char *actor, const char *tool, const struct buf *ids)
{
	if (!store || !policy_log_reveal(p))
		return;
	json_t *o = json_object(), *a = json_array();
	char wall[TIMEBUF];
	const char *s = ids->s ? ids->s : "";

	while (*s) {
		size_t n = strcspn(s, "\n");
		json_array_append_new(a, json_stringn(s, n));
		s += n + (s[n] == '\n');
	}
	json_object_set_new(o, "time", json_string(time_format(time(NULL), wall)));
	json_object_set_new(o, "actor", json_string(actor));
	json_object_set_new(o, "tool", json_string(tool));
	json_object_set_new(o, "ids", a);
	char *line = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	char *path = path_join(store, "access.jsonl");
	int fd = create_file_mode(path, O_WRONLY | O_APPEND, policy_file_mode(p));
	size_t n = strlen(line);
	line[n] = '\n';
	if (fd < 0 || write(fd, line, n + 1) != (ssize_t)(n + 1) || fsync(fd) != 0)
		die(EX_IOERR, "%s: cannot record the access:", path);
	close(fd);
	free(line);
	free(path);
}
