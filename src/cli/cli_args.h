/* cli_args: the argument mechanics every command shares, so that each cmd_*.c holds only
 * its own interface (its getopt table and help text):
 *   - messages: every diagnostic a command prints begins "auditsim COMMAND: " (cli_error);
 *     a usage error is that message followed by the command's usage on stderr;
 *   - getopt_long with getopt's own messages under the same prefix (cli_getopt);
 *   - numbers: whole numbers in a range, and non-negative reals;
 *   - the inputs: POLICY or --profile NAME (one or two of them), then LOG...
 * Usage errors return EXIT_USAGE; after --help, parsing returns CLI_HELP_SHOWN, which
 * cli_exit() turns into EXIT_OK. */
#ifndef AUDITSIM_CLI_ARGS_H
#define AUDITSIM_CLI_ARGS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exit_code.h"

typedef struct {
	const char *name;         /* "replay": the word after "auditsim " in every message */
	void (*usage)(FILE *out); /* the command's help text */
} cli_command;

/* What an argument parser returns after printing --help: the command is done. */
enum { CLI_HELP_SHOWN = -1 };

/* The exit code for what a parser returned: EXIT_OK after --help, else rc. */
static inline int cli_exit(int rc) { return rc == CLI_HELP_SHOWN ? EXIT_OK : rc; }

/* Prints "auditsim COMMAND: " (or "auditsim: " when command is NULL), the message and a
 * newline on stderr. */
void cli_error(const char *command, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* cli_error, then the command's usage on stderr. Returns EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --help: the usage on stdout. Returns CLI_HELP_SHOWN. */
int cli_help(const cli_command *cmd);

/* An option getopt refused (it has said why): the usage on stderr. Returns EXIT_USAGE. */
int cli_bad_option(const cli_command *cmd);

/* getopt_long (optind as usual), with getopt's messages about unknown options or missing
 * arguments beginning "auditsim COMMAND: " instead of the bare command name. */
int cli_getopt(const cli_command *cmd, int argc, char **argv, const char *optstring,
               const struct option *longopts);

/* A whole number from min to max written in decimal digits only (no sign, no space).
 * Returns false, leaving *out alone, for anything else. */
bool cli_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/* A finite real number of 0 or more ("0.5", "2e1"). Returns false for anything else. */
bool cli_parse_nonnegative(const char *s, double *out);

#define CLI_MAX_POLICIES 2

/* A POLICY argument: a file, or the name of a shipped profile (--profile NAME). */
typedef struct {
	const char *arg;
	bool is_profile;
} cli_policy_arg;

/* The inputs of a command that takes policies_wanted POLICYs (each a file or --profile
 * NAME), then LOGs. Arguments are taken in the order they come: with getopt's usual
 * reordering every --profile comes before the positionals, with the "-" optstring
 * (positionals as option 1) each stands where it is given. */
typedef struct {
	cli_policy_arg policies[CLI_MAX_POLICIES];
	size_t policy_count;
	size_t policies_wanted; /* 1, or 2 for diff */
	char **logs;            /* owned array (the strings are argv's) */
	size_t log_count;
} cli_inputs;

/* Room for every argument of argv; free with cli_inputs_free. */
void cli_inputs_init(cli_inputs *in, size_t policies_wanted, int argc);
void cli_inputs_free(cli_inputs *in);

/* Takes a positional (a POLICY while one is wanted, else a LOG) or a --profile NAME.
 * Returns 0, or EXIT_USAGE after a usage error for a --profile with every POLICY given. */
int cli_inputs_take(cli_inputs *in, const cli_command *cmd, char *arg, bool is_profile);

/* Takes argv[first..argc) as positionals, then checks that every POLICY is there and that
 * there are from min_logs to max_logs LOGs. Returns 0, or EXIT_USAGE after a usage
 * error. */
int cli_inputs_finish(cli_inputs *in, const cli_command *cmd, int argc, char **argv,
                      int first, size_t min_logs, size_t max_logs);

#endif
