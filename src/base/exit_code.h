/* exit_code: the process exit codes every command returns (README, *Exit codes*), named
 * here because the layers below the commands (log_feed, the engine, the output file)
 * return them too. A signal's 128+N is the kernel's, not ours. */
#ifndef AUDITSIM_EXIT_CODE_H
#define AUDITSIM_EXIT_CODE_H

typedef enum {
	EXIT_OK = 0,          /* success; for diff: no request changed */
	EXIT_INPUT_WRONG = 1, /* an invalid policy, a bad record with --strict, findings with
	                       * lint --fail-on; for diff: some request changed */
	EXIT_USAGE = 2,       /* the command line is wrong */
	EXIT_IO = 2,          /* a file missing, unreadable or unwritable; the same code */
} exit_code;

#endif
