/*
 * fault.c - an LD_PRELOAD shim that makes the Nth write-path system call
 * of a cmp tool fail, to prove that a full disk or an I/O error at any
 * point leaves the store as it was (or, past the commit point, finished by
 * the next command): tests/125-faults.bats.
 *
 * Why at the system call level: glibc's stdio writes through its internal
 * __write, which an interposed write() never sees, so a shim of write,
 * fflush and fclose would miss every write a full stdio buffer makes on
 * its own.  Instead the constructor installs a seccomp filter that traps
 * (SIGSYS) the calls below; the handler counts them, fails the chosen one
 * with an errno, and performs every other one itself through a syscall
 * instruction of its own, which the filter lets through by its address.
 * Only x86-64; elsewhere, and in any program not named cmp-*, the shim
 * does nothing (tests check CMP_FAULT_LOG appears, and skip visibly).
 *
 * Trapped: write, pwrite64, writev, fsync, fdatasync, ftruncate, fchmod and
 * close on descriptors >= 3 (standard error must still carry the message;
 * /dev/full covers standard output), opening for writing or creating,
 * rename*, unlink*, mkdir*.  Counted (and so failed) only where the call
 * could fail in earnest (counts() below).
 *
 * Environment:
 *   CMP_FAULT_AT=N     fail the Nth trapped call (0 or unset: fail none)
 *   CMP_FAULT_LOG=F    append "N call errno path [path2]" per trapped call
 *   CMP_FAULT_ERRNO=E  the errno number to fail with (default: ENOSPC,
 *                      EIO or EFBIG for writes, in turn by N; EIO for
 *                      fsync, close, unlink; ENOSPC or EIO for the rest)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__x86_64__)

long fault_gadget(long nr, long a1, long a2, long a3, long a4, long a5, long a6);
extern char fault_gadget_ret[];

/* The one syscall instruction the filter lets through. */
__asm__(".text\n"
    ".globl fault_gadget\n"
    ".type fault_gadget,@function\n"
    "fault_gadget:\n"
    "	mov %rdi, %rax\n"
    "	mov %rsi, %rdi\n"
    "	mov %rdx, %rsi\n"
    "	mov %rcx, %rdx\n"
    "	mov %r8, %r10\n"
    "	mov %r9, %r8\n"
    "	mov 8(%rsp), %r9\n"
    "	syscall\n"
    ".globl fault_gadget_ret\n"
    "fault_gadget_ret:\n"
    "	ret\n"
    ".size fault_gadget, .-fault_gadget\n");

static long fault_at;
static long calls;
static int logfd = -1;
static int fixed_errno;

/* Async-signal-safe formatting into a line buffer. */
struct line { char s[8192]; size_t n; };

static void
put(struct line *l, const char *s)
{
	while (*s && l->n < sizeof l->s - 2)
		l->s[l->n++] = *s++;
}

static void
putnum(struct line *l, long v)
{
	char d[24];
	int k = 0;

	if (v < 0) {
		put(l, "-");
		v = -v;
	}
	do
		d[k++] = (char)('0' + v % 10);
	while ((v /= 10) && k < 23);
	while (k > 0 && l->n < sizeof l->s - 2)
		l->s[l->n++] = d[--k];
}

static void
putfd(struct line *l, long fd)
{
	char link[64] = "/proc/self/fd/", target[4096];
	struct line tmp = { .n = 0 };

	putnum(&tmp, fd);
	tmp.s[tmp.n] = '\0';
	strcat(link, tmp.s);
	long n = fault_gadget(SYS_readlinkat, AT_FDCWD, (long)link, (long)target, sizeof target - 1, 0, 0);
	if (n < 0) {
		put(l, "fd:");
		putnum(l, fd);
		return;
	}
	target[n] = '\0';
	put(l, target);
}

static const char *
name(long nr)
{
	switch (nr) {
	case SYS_write: return "write";
	case SYS_pwrite64: return "pwrite64";
	case SYS_writev: return "writev";
	case SYS_fsync: return "fsync";
	case SYS_fdatasync: return "fdatasync";
	case SYS_ftruncate: return "ftruncate";
	case SYS_fchmod: return "fchmod";
	case SYS_close: return "close";
	case SYS_open: return "open";
	case SYS_openat: return "openat";
	case SYS_creat: return "creat";
	case SYS_rename: return "rename";
	case SYS_renameat: return "renameat";
	case SYS_renameat2: return "renameat2";
	case SYS_unlink: return "unlink";
	case SYS_unlinkat: return "unlinkat";
	case SYS_mkdir: return "mkdir";
	case SYS_mkdirat: return "mkdirat";
	}
	return "?";
}

static int
errno_for(long nr, long n)
{
	static const int writes[] = { ENOSPC, EIO, EFBIG };
	static const int others[] = { ENOSPC, EIO };

	if (fixed_errno)
		return fixed_errno;
	switch (nr) {
	case SYS_write: case SYS_pwrite64: case SYS_writev:
		return writes[n % 3];
	case SYS_fsync: case SYS_fdatasync: case SYS_close:
	case SYS_unlink: case SYS_unlinkat:
		return EIO;
	}
	return others[n % 2];
}

/* Whether file PATH (relative to DIRFD) exists. */
static int
exists(long dirfd, long path)
{
	return fault_gadget(SYS_faccessat, dirfd, path, F_OK, 0, 0, 0) == 0;
}

/*
 * Whether the call could fail in earnest, so that it counts as a failure
 * point: not a close of anything but a file written to, nor an mkdir or
 * exclusive create of what exists (EEXIST comes first), nor an unlink of
 * what does not (ENOENT comes first).
 */
static int
counts(long nr, const long *a)
{
	switch (nr) {
	case SYS_close: {
		struct stat st;
		return (fault_gadget(SYS_fcntl, a[0], F_GETFL, 0, 0, 0, 0) & O_ACCMODE) != O_RDONLY &&
		    fault_gadget(SYS_fstat, a[0], (long)&st, 0, 0, 0, 0) == 0 && S_ISREG(st.st_mode);
	}
	case SYS_open:
		return (a[1] & O_CREAT) && !exists(AT_FDCWD, a[0]);
	case SYS_creat:
		return !exists(AT_FDCWD, a[0]);
	case SYS_openat:
		return (a[2] & O_CREAT) && !exists(a[0], a[1]);
	case SYS_mkdir:
		return !exists(AT_FDCWD, a[0]);
	case SYS_mkdirat:
		return !exists(a[0], a[1]);
	case SYS_unlink:
		return exists(AT_FDCWD, a[0]);
	case SYS_unlinkat:
		return exists(a[0], a[1]);
	}
	return 1;
}

/* Describe the call: its number, name, the errno injected (0: none), its files. */
static void
describe(struct line *l, long n, long nr, const long *a, int err)
{
	putnum(l, n);
	put(l, " ");
	put(l, name(nr));
	put(l, " ");
	putnum(l, err);
	put(l, " ");
	switch (nr) {
	case SYS_open: case SYS_creat: case SYS_rename: case SYS_unlink: case SYS_mkdir:
		put(l, (const char *)a[0]);
		if (nr == SYS_rename) {
			put(l, " ");
			put(l, (const char *)a[1]);
		}
		break;
	case SYS_openat: case SYS_unlinkat: case SYS_mkdirat:
		put(l, (const char *)a[1]);
		break;
	case SYS_renameat: case SYS_renameat2:
		put(l, (const char *)a[1]);
		put(l, " ");
		put(l, (const char *)a[3]);
		break;
	default:
		putfd(l, a[0]);
	}
	l->s[l->n++] = '\n';
}

static void
on_sigsys(int sig, siginfo_t *si, void *ctx)
{
	greg_t *g = ((ucontext_t *)ctx)->uc_mcontext.gregs;
	long nr = si->si_syscall;
	long a[6] = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] };
	int saved = errno;
	struct line l = { .n = 0 };
	int err = 0;

	(void)sig;
	if (((nr == SYS_write || nr == SYS_close) && a[0] == logfd) || !counts(nr, a)) {
		g[REG_RAX] = fault_gadget(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		return;
	}
	long n = ++calls;
	if (n == fault_at)
		err = errno_for(nr, n);
	if (logfd >= 0)
		describe(&l, n, nr, a, err);	/* before a close forgets the name */
	if (err) {
		if (nr == SYS_close)	/* Linux frees the descriptor even then */
			fault_gadget(nr, a[0], 0, 0, 0, 0, 0);
		g[REG_RAX] = -err;
	} else
		g[REG_RAX] = fault_gadget(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	if (logfd >= 0)
		fault_gadget(SYS_write, logfd, (long)l.s, (long)l.n, 0, 0, 0);
	errno = saved;
}

#define LD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define TRAP BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRAP)
#define ALLOW BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define IS(nr, skip_true, skip_false) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), (skip_true), (skip_false))

__attribute__((constructor)) static void
fault_init(void)
{
	const char *at = getenv("CMP_FAULT_AT"), *log = getenv("CMP_FAULT_LOG");
	const char *fe = getenv("CMP_FAULT_ERRNO");

	if (strncmp(program_invocation_short_name, "cmp-", 4) != 0)
		return;
	fault_at = at ? atol(at) : 0;
	fixed_errno = fe ? atoi(fe) : 0;
	if (log) {
		int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			_exit(71);
		logfd = fcntl(fd, F_DUPFD_CLOEXEC, 900);
		close(fd);
	}
	unsigned long ip = (unsigned long)fault_gadget_ret;
	struct sock_filter f[] = {
		LD(offsetof(struct seccomp_data, arch)),
		IS(AUDIT_ARCH_X86_64, 1, 0),
		ALLOW,
		LD(offsetof(struct seccomp_data, instruction_pointer)),
		IS((unsigned)ip, 0, 3),
		LD(offsetof(struct seccomp_data, instruction_pointer) + 4),
		IS((unsigned)(ip >> 32), 0, 1),
		ALLOW,
		LD(offsetof(struct seccomp_data, nr)),
		/* calls on a descriptor: jump to the fd test */
		IS(SYS_write, 19, 0),
		IS(SYS_pwrite64, 18, 0),
		IS(SYS_writev, 17, 0),
		IS(SYS_fsync, 16, 0),
		IS(SYS_fdatasync, 15, 0),
		IS(SYS_ftruncate, 14, 0),
		IS(SYS_fchmod, 13, 0),
		IS(SYS_close, 12, 0),
		/* opening: the flags test */
		IS(SYS_openat, 15, 0),
		IS(SYS_open, 18, 0),
		/* calls on a path: always */
		IS(SYS_creat, 7, 0),
		IS(SYS_rename, 6, 0),
		IS(SYS_renameat, 5, 0),
		IS(SYS_renameat2, 4, 0),
		IS(SYS_unlink, 3, 0),
		IS(SYS_unlinkat, 2, 0),
		IS(SYS_mkdir, 1, 0),
		IS(SYS_mkdirat, 0, 1),
		TRAP,
		ALLOW,
		/* fd test: args[0] >= 3 */
		LD(offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 3, 0, 1),
		TRAP,
		ALLOW,
		/* openat: flags in args[2] */
		LD(offsetof(struct seccomp_data, args[2])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_WRONLY | O_RDWR | O_CREAT | O_TRUNC, 0, 1),
		TRAP,
		ALLOW,
		/* open: flags in args[1] */
		LD(offsetof(struct seccomp_data, args[1])),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, O_WRONLY | O_RDWR | O_CREAT | O_TRUNC, 0, 1),
		TRAP,
		ALLOW,
	};
	struct sock_fprog prog = { sizeof f / sizeof *f, f };
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigfillset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) != 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)
		_exit(71);
}

#endif
