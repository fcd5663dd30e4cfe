/* output_file: where a command's `-o FILE` goes, written so that FILE only ever holds a
 * complete output and never replaces one of the command's inputs.
 *
 * - `-` is standard output, written directly. Its write errors are reported once, by
 *   main's close of standard output, so this module prints nothing for them.
 * - A regular file, or a name that does not exist yet, is written to a temporary file
 *   beside it (`FILE.tmp-XXXXXX`, same directory, so the rename stays on one file
 *   system) that is renamed over FILE only by output_file_finish(out, 0). Until then
 *   FILE is as it was (or absent). Through a symbolic link, the file the link names is
 *   replaced, not the link. A replaced file keeps its permission bits; a new one gets
 *   0666 & ~umask, as a file created by the shell would. (Owner, ACLs and other hard
 *   links to the old file are not carried over: the new file is a new inode.)
 * - A device, FIFO or socket (/dev/null, /dev/full, a named pipe) is opened and written
 *   in place: renaming over it would replace the device node.
 * - A directory is refused.
 *
 * While a temporary file exists, SIGINT, SIGTERM and SIGHUP remove it and then end the
 * process by the same signal (default action), so the exit status still shows the
 * signal. A signal the process was started with ignored stays ignored. This needs the
 * one piece of process-wide state outside main.c: the path the handler removes (a
 * handler takes no context). One temporary file at a time, from one thread.
 *
 * Every function that fails prints "auditsim COMMAND: why" on stderr first. */
#ifndef AUDITSIM_OUTPUT_FILE_H
#define AUDITSIM_OUTPUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* One file the command reads; role names it in the refusal ("policy", "log", …). */
typedef struct {
	const char *role;
	const char *path; /* "-" is standard input */
} output_input;

/* Whether target is none of the inputs, comparing files (st_dev, st_ino), so the same
 * file under another path, through a symbolic link or by a hard link counts. When it is
 * one, prints "auditsim COMMAND: -o TARGET is the ROLE PATH: refusing to overwrite an
 * input" and returns false. A target that does not exist is no input. Cost: one stat
 * per path. */
bool output_file_is_not_input(const char *command, const char *target,
                              const output_input *inputs, size_t count);

typedef struct output_file output_file;

/* Opens target as described above ("-": standard output). Returns the output, owned
 * by the caller until output_file_finish, or NULL after printing why. */
output_file *output_file_open(const char *command, const char *target);

/* The stream to write to. Valid until output_file_finish. */
FILE *output_file_stream(output_file *out);

/* Ends the output and frees out. rc is the command's exit code so far: 0 flushes and
 * closes the stream and renames the temporary file into place, returning 0, or 2 after
 * printing why (a write error found now included; the temporary file is then removed
 * and the target left as it was). Any other rc (the command failed and said why)
 * removes the temporary file and is returned as it is. Standard output is left open and
 * unflushed: main flushes, closes and reports it; a write error already seen returns 2. */
int output_file_finish(output_file *out, int rc);

#endif
