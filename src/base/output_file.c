/* output_file: see output_file.h. */
#include "output_file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

#define SYMLINK_HOPS_MAX 40 /* as the kernel's MAXSYMLINKS */

struct output_file {
	const char *command;
	const char *target; /* as the user gave it, for messages */
	char *final_path;   /* where the temporary file is renamed to; owned */
	char *temp_path;    /* NULL when written in place or to stdout; owned */
	FILE *stream;
};

/* The temporary file a signal must remove; the only state a signal handler can reach.
 * Lock-free atomic, so the handler may read it (C17 7.14.1.1). */
static _Atomic(char *) temp_to_remove;

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void fail(const char *command, const char *target, const char *why)
{
	fprintf(stderr, "auditsim %s: cannot write %s: %s\n", command, target, why);
}

bool output_file_is_not_input(const char *command, const char *target,
                              const output_input *inputs, size_t count)
{
	struct stat out_st, in_st;
	if (strcmp(target, "-") == 0 || stat(target, &out_st) != 0)
		return true;
	for (size_t i = 0; i < count; i++) {
		const char *path = inputs[i].path;
		int got = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &in_st) : stat(path, &in_st);
		if (got == 0 && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino) {
			fprintf(stderr, "auditsim %s: -o %s is the %s %s: refusing to overwrite an input\n",
			        command, target, inputs[i].role, path);
			return false;
		}
	}
	return true;
}

/* Async-signal-safe: unlink, signal and raise are. The disposition is already the
 * default (SA_RESETHAND) and the signal is blocked while this runs, so the raised
 * signal ends the process as soon as the handler returns. */
static void remove_temp_and_reraise(int sig)
{
	char *path = atomic_exchange(&temp_to_remove, NULL);
	if (path)
		unlink(path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_cleanup_handlers(void)
{
	struct sigaction action = { .sa_handler = remove_temp_and_reraise,
		                    .sa_flags = SA_RESETHAND };
	sigemptyset(&action.sa_mask);
	for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
		struct sigaction old;
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
			sigaction(cleanup_signals[i], &action, NULL);
	}
}

/* Blocks the cleanup signals in this thread, so that creating or renaming the temporary
 * file and (un)registering it happen as one step; *old receives the mask to restore. */
static void block_cleanup_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++)
		sigaddset(&set, cleanup_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

/* The text of the symbolic link at path; owned by the caller, NULL on error. */
static char *read_link(const char *path, size_t size_hint)
{
	size_t cap = size_hint + 1 > 64 ? size_hint + 1 : 64;
	for (;;) {
		char *buf = xmalloc(cap);
		ssize_t n = readlink(path, buf, cap);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		cap *= 2;
	}
}

/* The name a chain of symbolic links at path ends at, whether that file exists or not
 * (a dangling link's file is created). Links in the directories on the way need no
 * following: rename resolves them. Returns a path owned by the caller, or NULL with
 * errno set. */
static char *follow_links(const char *path)
{
	char *current = xstrdup(path);
	for (int hops = 0; hops <= SYMLINK_HOPS_MAX; hops++) {
		struct stat st;
		if (lstat(current, &st) != 0 || !S_ISLNK(st.st_mode))
			return current;
		char *link = read_link(current, (size_t)st.st_size);
		if (!link) {
			free(current);
			return NULL;
		}
		char *slash = strrchr(current, '/');
		char *next = link[0] == '/' || !slash
		                     ? xstrdup(link)
		                     : xasprintf("%.*s/%s", (int)(slash - current), current, link);
		free(link);
		free(current);
		current = next;
	}
	free(current);
	errno = ELOOP;
	return NULL;
}

/* The permission bits a new file gets from open(…, 0666): the umask, read by setting it
 * and back (no other thread creates files meanwhile). */
static mode_t new_file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* Creates and registers out->temp_path beside out->final_path with the given mode.
 * Returns false with errno set. */
static bool open_temporary(output_file *out, mode_t mode)
{
	install_cleanup_handlers();
	out->temp_path = xasprintf("%s.tmp-XXXXXX", out->final_path);
	sigset_t old;
	block_cleanup_signals(&old);
	int fd = mkostemp(out->temp_path, O_CLOEXEC);
	if (fd >= 0)
		atomic_store(&temp_to_remove, out->temp_path);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		int saved = errno;
		free(out->temp_path); /* nothing was created: discard must not unlink the name */
		out->temp_path = NULL;
		return errno = saved, false;
	}
	/* mkstemp makes 0600; if fchmod fails the output merely stays private */
	(void)fchmod(fd, mode);
	out->stream = fdopen(fd, "w");
	if (out->stream)
		return true;
	int saved = errno;
	close(fd);
	return errno = saved, false;
}

/* Removes the temporary file (if any) and frees out. */
static void discard(output_file *out)
{
	if (out->temp_path) {
		sigset_t old;
		block_cleanup_signals(&old);
		atomic_store(&temp_to_remove, NULL);
		unlink(out->temp_path);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	free(out->temp_path);
	free(out->final_path);
	free(out);
}

/* Opens a regular file's temporary, or a device or pipe in place. */
static bool open_file(output_file *out, const struct stat *existing)
{
	if (existing && !S_ISREG(existing->st_mode)) {
		out->stream = fopen(out->target, "w");
		return out->stream != NULL;
	}
	out->final_path = follow_links(out->target);
	if (!out->final_path)
		return false;
	return open_temporary(out, existing ? existing->st_mode & 07777 : new_file_mode());
}

output_file *output_file_open(const char *command, const char *target)
{
	output_file *out = xcalloc(1, sizeof *out);
	out->command = command;
	out->target = target;
	if (strcmp(target, "-") == 0) {
		out->stream = stdout;
		return out;
	}
	struct stat st;
	bool exists = stat(target, &st) == 0;
	if (!exists && errno != ENOENT)
		fail(command, target, strerror(errno));
	else if (exists && S_ISDIR(st.st_mode))
		fail(command, target, "it is a directory");
	else if (open_file(out, exists ? &st : NULL))
		return out;
	else
		fail(command, target, strerror(errno));
	discard(out);
	return NULL;
}

FILE *output_file_stream(output_file *out) { return out->stream; }

/* Flushes and closes a file stream; false with errno set (0: an earlier write error
 * whose cause is gone) when anything written was lost. */
static bool close_stream(FILE *stream)
{
	bool failed_before = ferror(stream);
	errno = 0;
	bool close_failed = fclose(stream) != 0;
	return !failed_before && !close_failed;
}

int output_file_finish(output_file *out, int rc)
{
	if (out->stream == stdout) {
		/* main flushes, closes and reports standard output; a flush here would drop
		 * what failed and with it the reason */
		if (ferror(stdout))
			rc = 2;
		discard(out);
		return rc;
	}
	if (!close_stream(out->stream) && rc == 0) {
		fail(out->command, out->target, errno ? strerror(errno) : "write error");
		rc = 2;
	}
	if (rc == 0 && out->temp_path) {
		sigset_t old;
		block_cleanup_signals(&old);
		if (rename(out->temp_path, out->final_path) == 0) {
			atomic_store(&temp_to_remove, NULL);
			free(out->temp_path);
			out->temp_path = NULL;
		} else {
			fprintf(stderr, "auditsim %s: cannot rename %s to %s: %s\n", out->command,
			        out->temp_path, out->final_path, strerror(errno));
			rc = 2;
		}
		pthread_sigmask(SIG_SETMASK, &old, NULL);
	}
	discard(out);
	return rc;
}
