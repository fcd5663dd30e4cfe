#include "cli_limits.h"

#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "closest_name.h"
#include "duration.h"
#include "strbuf.h"
#include "xalloc.h"

#define MAX_DEPTH_ACCEPTED 100000
#define MAX_JOBS 1024
#define CLI_MAX_SCALE 1e6

/* Sets the limit named by opt (CLI_OPT_MAX_RECORD or CLI_OPT_MAX_DEPTH) from value.
 * Returns false after printing "auditsim COMMAND: why" when value is not acceptable. */
static bool apply_limit_option(const char *command, int opt, const char *value,
                               event_reader_limits *limits)
{
	uint64_t n;
	if (opt == CLI_OPT_MAX_RECORD) {
		if (!cli_parse_count(value, 1, SIZE_MAX, &n)) {
			cli_error(command, "--max-record-bytes needs a positive number, not \"%s\"", value);
			return false;
		}
		limits->max_record_bytes = (size_t)n;
		return true;
	}
	if (!cli_parse_count(value, 1, MAX_DEPTH_ACCEPTED, &n)) {
		cli_error(command, "--max-depth needs a number from 1 to %d, not \"%s\"",
		          MAX_DEPTH_ACCEPTED, value);
		return false;
	}
	limits->max_depth = (size_t)n;
	return true;
}

long cli_default_jobs(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set);
	return 1;
}

engine_options cli_engine_options(const char *command)
{
	engine_options o = engine_default_options();
	o.feed.jobs = cli_default_jobs();
	o.feed.command = command;
	return o;
}

/* Sets *jobs from value (1 to MAX_JOBS). Returns false after printing
 * "auditsim COMMAND: why". */
static bool apply_jobs_option(const char *command, const char *value, long *jobs)
{
	uint64_t n;
	if (!cli_parse_count(value, 1, MAX_JOBS, &n)) {
		cli_error(command, "--jobs needs a number from 1 to %d", MAX_JOBS);
		return false;
	}
	*jobs = (long)n;
	return true;
}

/* Sets the rotation flag or price named by opt (a CLI_VOLUME_LONGOPTS value) from value.
 * Returns false after printing why. */
static bool apply_volume_option(const char *command, int opt, const char *value,
                                rotation_flags *rotation, double *price_per_gb)
{
	if (opt == CLI_OPT_COMPRESS) {
		rotation->compress = true;
		return true;
	}
	if (opt == CLI_OPT_PRICE) {
		if (!cli_parse_nonnegative(value, price_per_gb)) {
			cli_error(command, "--price-per-gb needs a number of 0 or more");
			return false;
		}
		return true;
	}
	static const char *const names[] = { "--audit-log-maxsize", "--audit-log-maxbackup",
		                             "--audit-log-maxage" };
	uint64_t *counts[] = { &rotation->maxsize_mb, &rotation->maxbackup, &rotation->maxage_days };
	int which = opt - CLI_OPT_MAXSIZE;
	if (!cli_parse_count(value, 0, UINT64_MAX, counts[which])) {
		cli_error(command, "%s needs a whole number of 0 or more", names[which]);
		return false;
	}
	return true;
}

/* Sets --max-gap, --duration or --scale (opt) from value. Returns false after printing
 * "auditsim COMMAND: --duration: ..." when value is not acceptable. */
static bool apply_projection_option(const char *command, int opt, const char *value,
                                    projection_options *p)
{
	if (opt == CLI_OPT_SCALE) {
		if (!cli_parse_nonnegative(value, &p->scale) || !(p->scale > 0)) {
			cli_error(command, "--scale: \"%s\" is not a positive number", value);
			return false;
		}
		/* beyond a million times the traffic the figures stop meaning anything (and a
		 * large enough one overflows them to infinity) */
		if (p->scale > CLI_MAX_SCALE) {
			cli_error(command, "--scale: \"%s\" is more than %g times the traffic", value,
			          CLI_MAX_SCALE);
			return false;
		}
		return true;
	}
	const char *name = opt == CLI_OPT_MAX_GAP ? "--max-gap" : "--duration", *why;
	double seconds;
	bool parsed = opt == CLI_OPT_DURATION ? duration_parse_traffic(value, &seconds, &why)
	                                      : duration_parse(value, &seconds, &why);
	if (!parsed) {
		cli_error(command, "%s: \"%s\" %s", name, value, why);
		return false;
	}
	*(opt == CLI_OPT_MAX_GAP ? &p->max_gap_seconds : &p->duration_seconds) = seconds;
	return true;
}

/* Keeps --sink NAME (resolved by cli_choose_sinks, once --sinks is known), --sinks FILE
 * and --retention-days N. Returns false after printing why. */
static bool apply_sink_option(const char *command, int opt, const char *value,
                              engine_options *o)
{
	if (opt == CLI_OPT_SINKS) {
		o->sinks_file = value;
		return true;
	}
	if (opt == CLI_OPT_RETENTION_DAYS) {
		if (!cli_parse_nonnegative(value, &o->retention_days)) {
			cli_error(command, "--retention-days needs a number of 0 or more");
			return false;
		}
		return true;
	}
	for (size_t i = 0; i < o->sink_name_count; i++) {
		if (strcmp(o->sink_names[i], value) == 0)
			return true;
	}
	if (o->sink_name_count == VOLUME_MAX_SINKS) {
		cli_error(command, "at most %d --sink", VOLUME_MAX_SINKS);
		return false;
	}
	o->sink_names[o->sink_name_count++] = value;
	return true;
}

int cli_engine_option(const cli_command *cmd, int opt, const char *arg, engine_options *o)
{
	bool accepted;
	switch (opt) {
	case 'j': accepted = apply_jobs_option(cmd->name, arg, &o->feed.jobs); break;
	case CLI_OPT_MAX_RECORD:
	case CLI_OPT_MAX_DEPTH:
		accepted = apply_limit_option(cmd->name, opt, arg, &o->feed.limits);
		break;
	case CLI_OPT_MAXSIZE:
	case CLI_OPT_MAXBACKUP:
	case CLI_OPT_MAXAGE:
	case CLI_OPT_COMPRESS:
	case CLI_OPT_PRICE:
		accepted = apply_volume_option(cmd->name, opt, arg, &o->rotation, &o->price_per_gb);
		break;
	case CLI_OPT_SINK:
	case CLI_OPT_SINKS:
	case CLI_OPT_RETENTION_DAYS: accepted = apply_sink_option(cmd->name, opt, arg, o); break;
	case CLI_OPT_MAX_GAP:
	case CLI_OPT_DURATION:
	case CLI_OPT_SCALE:
		accepted = apply_projection_option(cmd->name, opt, arg, &o->projection);
		break;
	default: return cli_bad_option(cmd);
	}
	/* commands that show the volume only when asked (diff, lint) look at this */
	o->volume_asked |= opt != 'j' && opt != CLI_OPT_MAX_RECORD && opt != CLI_OPT_MAX_DEPTH;
	return accepted ? 0 : EXIT_USAGE;
}

/* "unknown sink \"NAME\"" with a suggestion and the known names. */
static void unknown_sink(const char *command, const char *name, const sink_table *t)
{
	const char **names = xcalloc(t->count, sizeof *names);
	strbuf known = STRBUF_INIT;
	for (size_t i = 0; i < t->count; i++) {
		names[i] = t->sinks[i].name;
		if (i)
			strbuf_puts(&known, ", ");
		strbuf_puts(&known, names[i]);
	}
	const char *near = closest_name(name, names, t->count);
	if (near)
		cli_error(command, "unknown sink \"%s\"; did you mean \"%s\"? (known: %s)", name, near,
		          strbuf_str(&known));
	else
		cli_error(command, "unknown sink \"%s\" (known: %s)", name, strbuf_str(&known));
	strbuf_free(&known);
	free(names);
}

/* o->sinks from the names given, or every sink of the table. */
static int resolve_sinks(const char *command, engine_options *o, const sink_table *t)
{
	o->sink_count = 0;
	if (o->sink_name_count == 0) {
		for (size_t i = 0; i < t->count && i < VOLUME_MAX_SINKS; i++)
			o->sinks[o->sink_count++] = &t->sinks[i];
		return 0;
	}
	for (size_t i = 0; i < o->sink_name_count; i++) {
		const sink *s = sink_table_find(t, o->sink_names[i]);
		if (!s) {
			unknown_sink(command, o->sink_names[i], t);
			return EXIT_USAGE;
		}
		o->sinks[o->sink_count++] = s;
	}
	return 0;
}

int cli_choose_sinks(const cli_command *cmd, engine_options *o, sink_table **table)
{
	*table = NULL;
	if (o->sink_name_count == 0 && !o->sinks_file)
		return 0;
	diag_list diags;
	diag_list_init(&diags, o->sinks_file ? o->sinks_file : "sinks.yaml (built in)");
	*table = o->sinks_file ? sink_table_load(o->sinks_file, &diags) : sink_table_builtin(&diags);
	int rc = 0;
	bool unreadable = diags.count && diags.items[0].pos.line == 0;
	if (!*table && unreadable) {
		cli_error(cmd->name, "%s", diags.items[0].message);
		rc = EXIT_IO;
	} else if (!*table) {
		diag_print(&diags, stderr);
		rc = EXIT_INPUT_WRONG;
	} else {
		rc = resolve_sinks(cmd->name, o, *table);
	}
	diag_list_free(&diags);
	if (rc) {
		sink_table_free(*table);
		*table = NULL;
	}
	return rc;
}
