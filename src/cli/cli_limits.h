/* cli_limits: the reader limits every command that reads LOGs lets users raise
 * (--max-record-bytes, --max-depth). One definition, so that the reader's advice
 * "raise it with --max-record-bytes" holds for every command. */
#ifndef AUDITSIM_CLI_LIMITS_H
#define AUDITSIM_CLI_LIMITS_H

#include <getopt.h>
#include <stdbool.h>

#include "event_reader.h"

enum { CLI_OPT_MAX_RECORD = 0x4000, CLI_OPT_MAX_DEPTH };

/* Entries for a command's struct option array. */
#define CLI_LIMIT_LONGOPTS                                                                     \
	{ "max-record-bytes", required_argument, NULL, CLI_OPT_MAX_RECORD },                   \
	{ "max-depth", required_argument, NULL, CLI_OPT_MAX_DEPTH }

/* Lines for a command's usage text. */
#define CLI_LIMIT_HELP                                                                         \
	"      --max-record-bytes N  largest record accepted (default 64 MiB)\n"                \
	"      --max-depth N         deepest JSON nesting accepted (default 512)\n"

/* True when opt is one of the limit options. */
static inline bool cli_is_limit_option(int opt)
{
	return opt == CLI_OPT_MAX_RECORD || opt == CLI_OPT_MAX_DEPTH;
}

/* Sets the limit named by opt from value. Returns false after printing
 * "auditsim COMMAND: why" when value is not acceptable. */
bool cli_apply_limit_option(const char *command, int opt, const char *value,
                            event_reader_limits *limits);

#endif
