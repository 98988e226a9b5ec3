/*
 * paths.c - where the shipped files are.
 *
 * Installed binaries find share/cmp relative to their own location
 * (PREFIX/bin/../share/cmp), so an install under any PREFIX or DESTDIR
 * works without rebuilding; the build tree is laid out the same way.
 * CMP_SHAREDIR overrides it.  The message catalogues are in share/locale
 * beside it.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmp.h"

char *
path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n && dir[n - 1] == '/')
		return xasprintf("%s%s", dir, name);
	return xasprintf("%s/%s", dir, name);
}

/* The directory of the shipped policy, calendars and samples. */
const char *
share_dir(void)
{
	static char *dir;
	char exe[PATH_MAX];

	if (dir)
		return dir;
	const char *env = getenv("CMP_SHAREDIR");
	if (env && *env)
		return dir = xstrdup(env);
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			dir = xasprintf("%s/../share/cmp", exe);
			if (access(dir, F_OK) == 0)
				return dir;
			free(dir);
		}
	}
	return dir = xstrdup(SHAREDIR);
}

/* The directory of the message catalogues: the locale directory beside share_dir(). */
const char *
locale_dir(void)
{
	static char *dir;

	if (!dir) {
		const char *share = share_dir();
		size_t n = strlen(share);
		while (n > 1 && share[n - 1] == '/')
			n--;
		while (n > 0 && share[n - 1] != '/')
			n--;
		dir = xasprintf("%.*slocale", (int)n, share);
	}
	return dir;
}
