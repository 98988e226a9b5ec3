/*
 * lock.c - the store lock (SPEC §4).
 *
 * Contract: every process that reads or writes a store holds flock(2) on
 * STORE/.lock from before its first read of a store file until its last
 * write is durable: writers exclusively, readers shared.  The kernel drops
 * the lock when the process dies, however it dies, so kill -9 never leaves
 * a stale lock and no lock file is ever removed.  An administrator can hold
 * it with flock(1) (e.g. `flock STORE/.lock tar czf …`) to freeze the store.
 * A process that cannot get the lock within --wait seconds stops with 75,
 * having changed nothing, so cron can simply retry.  A reader that finds a
 * committed change not yet applied (commit.c) upgrades to an exclusive lock
 * to finish it, then goes back to shared.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "cmp.h"

static double
monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
take(int fd, int op, const char *store, double wait)
{
	double deadline = monotonic() + wait;
	long pause_ns = 1000000;

	while (flock(fd, op | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			die(EX_IOERR, "%s/.lock: cannot lock:", store);
		if (monotonic() >= deadline)
			die(EX_TEMPFAIL, "%s: the store is locked by another process (waited %gs; see --wait)", store, wait);
		struct timespec ts = { 0, pause_ns };
		nanosleep(&ts, NULL);
		if (pause_ns < 50000000)
			pause_ns *= 2;
	}
}

/*
 * Lock STORE, exclusively or shared, waiting up to WAIT seconds.  Return
 * the descriptor that holds the lock (kept open until exit), or -1 for a
 * reader of a store whose lock file cannot be created (a read-only copy,
 * which no one can write either).
 */
int
lock_store(const char *store, int exclusive, double wait, unsigned mode)
{
	char *path = path_join(store, ".lock");
	int fd = create_file_mode(path, O_RDONLY, mode);

	if (fd < 0 && !exclusive && (errno == EACCES || errno == EROFS))
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (!exclusive && (errno == EACCES || errno == EROFS || errno == ENOENT)) {
			free(path);
			return -1;
		}
		die(exclusive ? EX_CANTCREAT : EX_NOINPUT, "%s:", path);
	}
	free(path);
	take(fd, exclusive ? LOCK_EX : LOCK_SH, store, wait);
	return fd;
}

/* Turn a shared lock into an exclusive one (to finish a pending change). */
void
lock_upgrade(int fd, const char *store, double wait)
{
	take(fd, LOCK_EX, store, wait);
}

void
lock_downgrade(int fd)
{
	flock(fd, LOCK_SH);
}
