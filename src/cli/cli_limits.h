/* cli_limits: the options every command that reads LOGs shares — the reader limits
 * (--max-record-bytes, --max-depth), -j/--jobs and, for the commands that show volume
 * (replay, report), kube-apiserver's rotation flags, --price-per-gb and the projection's
 * --duration, --max-gap and --scale. One definition,
 * so that the reader's advice "raise it with --max-record-bytes" and each help line hold
 * for every command. */
#ifndef AUDITSIM_CLI_LIMITS_H
#define AUDITSIM_CLI_LIMITS_H

#include <getopt.h>
#include <stdbool.h>

#include "cli_args.h"
#include "event_reader.h"
#include "run.h"
#include "sink_table.h"
#include "volume.h"

enum {
	CLI_OPT_MAX_RECORD = 0x4000,
	CLI_OPT_MAX_DEPTH,
	CLI_OPT_MAXSIZE,
	CLI_OPT_MAXBACKUP,
	CLI_OPT_MAXAGE,
	CLI_OPT_COMPRESS,
	CLI_OPT_PRICE,
	CLI_OPT_SINK,
	CLI_OPT_SINKS,
	CLI_OPT_RETENTION_DAYS,
	CLI_OPT_MAX_GAP,
	CLI_OPT_DURATION,
	CLI_OPT_SCALE,
};

/* Entries for a command's struct option array. */
#define CLI_LIMIT_LONGOPTS                                                                     \
	{ "max-record-bytes", required_argument, NULL, CLI_OPT_MAX_RECORD },                   \
	{ "max-depth", required_argument, NULL, CLI_OPT_MAX_DEPTH }

/* Lines for a command's usage text. */
#define CLI_LIMIT_HELP                                                                         \
	"      --max-record-bytes N  largest record accepted (default 64 MiB)\n"                \
	"      --max-depth N         deepest JSON nesting accepted (default 512)\n"

/* -j N (add "j:" to the optstring). */
#define CLI_JOBS_LONGOPT { "jobs", required_argument, NULL, 'j' }
#define CLI_JOBS_HELP                                                                          \
	"  -j, --jobs N             threads: 1 reads and decides in one; N >= 2 read\n"      \
	"                           and scan the LOGs in N, one more decides in input\n"    \
	"                           order (default: the cores available); the output\n"   \
	"                           is the same, byte for byte\n"

#define CLI_VOLUME_LONGOPTS                                                                    \
	{ "audit-log-maxsize", required_argument, NULL, CLI_OPT_MAXSIZE },                     \
	{ "audit-log-maxbackup", required_argument, NULL, CLI_OPT_MAXBACKUP },                 \
	{ "audit-log-maxage", required_argument, NULL, CLI_OPT_MAXAGE },                       \
	{ "audit-log-compress", no_argument, NULL, CLI_OPT_COMPRESS },                         \
	{ "price-per-gb", required_argument, NULL, CLI_OPT_PRICE },                            \
	{ "max-gap", required_argument, NULL, CLI_OPT_MAX_GAP },                               \
	{ "duration", required_argument, NULL, CLI_OPT_DURATION },                             \
	{ "scale", required_argument, NULL, CLI_OPT_SCALE }

#define CLI_VOLUME_HELP                                                                        \
	"Volume (bytes as `auditsim emit` writes them; kube-apiserver's flags, defaults since\n" \
	"1.36 in brackets):\n"                                                                  \
	"      --audit-log-maxsize MB      rotation size [100]; 0: no rotation\n"                \
	"      --audit-log-maxbackup N     rotated files kept [100]; 0: all\n"                   \
	"      --audit-log-maxage DAYS     days rotated files are kept [366]; 0: forever\n"      \
	"      --audit-log-compress        rotated files are gzip-compressed\n"                  \
	"      --price-per-gb X            adds the cost of 30 days of ingestion at X per GB\n"     \
	"Projection per day (durations as 90s, 30m, 1h30m, 24h, 7d):\n"                        \
	"      --duration D                the LOGs hold D of traffic (else: a scenario's\n"    \
	"                                  period, or the time the timestamps cover)\n"         \
	"      --max-gap D                 timestamps: gaps longer than D are not traffic [10m]\n" \
	"      --scale N                   project N times the traffic [1]\n"

/* Where the log lands and what that costs (data/sinks.yaml), for the commands that print
 * the volume's text and JSON (replay). */
#define CLI_SINK_LONGOPTS                                                                      \
	{ "sink", required_argument, NULL, CLI_OPT_SINK },                                     \
	{ "sinks", required_argument, NULL, CLI_OPT_SINKS },                                   \
	{ "retention-days", required_argument, NULL, CLI_OPT_RETENTION_DAYS }

#define CLI_SINK_HELP                                                                          \
	"Destinations (30 days of the projected rate, priced from data/sinks.yaml):\n"           \
	"      --sink NAME                 price the log where it lands (repeatable): log-file,\n" \
	"                                  azure-analytics, azure-basic, azure-auxiliary,\n"      \
	"                                  aws-cloudwatch-standard,\n"                            \
	"                                  aws-cloudwatch-infrequent-access, gcp-logging;\n"      \
	"                                  without it, the log file as above\n"                  \
	"      --sinks FILE                the sinks from FILE instead (alone: all of them)\n"   \
	"      --retention-days N          days kept at every sink [each sink's included days]\n"

/* The cores this process may run on: the default of -j. */
long cli_default_jobs(void);

/* The engine's defaults for a command: -j's default, and the reader's messages under
 * "auditsim COMMAND: ". */
engine_options cli_engine_options(const char *command);

/* The default arm of a log-reading command's getopt switch: sets the option opt names
 * (-j, CLI_LIMIT_LONGOPTS, CLI_VOLUME_LONGOPTS) in *o from arg. Returns 0 when it did;
 * EXIT_USAGE after "auditsim COMMAND: why" when arg is not acceptable, or after the usage
 * when opt is none of them (an option getopt refused, see cli_bad_option). */
int cli_engine_option(const cli_command *cmd, int opt, const char *arg, engine_options *o);

/* After the options: loads the sink table (--sinks FILE, or the built-in one) and sets
 * o->sinks from --sink (every sink of FILE when --sinks came alone). *table gets the table,
 * which the caller frees after the engine (sink_table_free); NULL when no sink was asked
 * for. Returns 0, EXIT_INPUT_WRONG after FILE's errors, or EXIT_USAGE after "unknown
 * sink" with the known names. */
int cli_choose_sinks(const cli_command *cmd, engine_options *o, sink_table **table);

#endif
