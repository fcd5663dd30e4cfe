#include "cli_args.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "closest_name.h"
#include "xalloc.h"

static void verror(const char *command, const char *fmt, va_list ap)
{
	fprintf(stderr, "auditsim%s%s: ", command ? " " : "", command ? command : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *command, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(command, fmt, ap);
	va_end(ap);
}

int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(cmd->name, fmt, ap);
	va_end(ap);
	cmd->usage(stderr);
	return EXIT_USAGE;
}

int cli_help(const cli_command *cmd)
{
	cmd->usage(stdout);
	return CLI_HELP_SHOWN;
}

int cli_bad_option(const cli_command *cmd)
{
	cmd->usage(stderr);
	return EXIT_USAGE;
}

/* After getopt's "unrecognized option '--sumary'": the long option meant, if one is close. */
static void suggest_long_option(const cli_command *cmd, const char *arg,
                                const struct option *longopts)
{
	if (strncmp(arg, "--", 2) != 0)
		return;
	char word[64];
	size_t len = strcspn(arg + 2, "=");
	if (len == 0 || len >= sizeof word)
		return;
	memcpy(word, arg + 2, len);
	word[len] = '\0';
	size_t count = 0;
	while (longopts[count].name)
		count++;
	const char **names = xcalloc(count ? count : 1, sizeof *names);
	for (size_t i = 0; i < count; i++)
		names[i] = longopts[i].name;
	const char *near = closest_name(word, names, count);
	if (near)
		cli_error(cmd->name, "did you mean --%s?", near);
	free(names);
}

/* getopt names the program by argv[0], which for a command is its own name; for the
 * length of the call it is "auditsim COMMAND". */
int cli_getopt(const cli_command *cmd, int argc, char **argv, const char *optstring,
               const struct option *longopts)
{
	char prog[64];
	snprintf(prog, sizeof prog, "auditsim %s", cmd->name);
	char *name = argv[0];
	argv[0] = prog;
	int c = getopt_long(argc, argv, optstring, longopts, NULL);
	argv[0] = name;
	if (c == '?' && optopt == 0 && optind > 0 && optind <= argc)
		suggest_long_option(cmd, argv[optind - 1], longopts);
	return c;
}

bool cli_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	if (*s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (*end || errno || v < min || v > max)
		return false;
	*out = v;
	return true;
}

bool cli_parse_nonnegative(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= 0) || !isfinite(v))
		return false;
	*out = v;
	return true;
}

void cli_inputs_init(cli_inputs *in, size_t policies_wanted, int argc)
{
	*in = (cli_inputs){ .policies_wanted = policies_wanted };
	in->logs = xcalloc((size_t)argc + 1, sizeof *in->logs);
}

void cli_inputs_free(cli_inputs *in)
{
	free(in->logs);
	in->logs = NULL;
}

int cli_inputs_take(cli_inputs *in, const cli_command *cmd, char *arg, bool is_profile)
{
	if (in->policy_count < in->policies_wanted) {
		in->policies[in->policy_count++] = (cli_policy_arg){ arg, is_profile };
		return 0;
	}
	if (is_profile)
		return cli_usage_error(cmd, "%s: %s", in->policies_wanted == 1
		                                              ? "only one POLICY or --profile"
		                                              : "--profile after both policies",
		                       arg);
	in->logs[in->log_count++] = arg;
	return 0;
}

/* The usage error for missing or extra inputs, in the command's terms. */
static const char *inputs_wanted(const cli_inputs *in, size_t min_logs, size_t max_logs)
{
	if (in->policies_wanted == 2)
		return "need POLICY_A, POLICY_B and at least one LOG";
	if (max_logs == 0)
		return "need a POLICY or --profile NAME (one of them)";
	if (min_logs == 0)
		return "need a POLICY (or --profile NAME)";
	return "need a POLICY (or --profile NAME) and at least one LOG";
}

int cli_inputs_finish(cli_inputs *in, const cli_command *cmd, int argc, char **argv,
                      int first, size_t min_logs, size_t max_logs)
{
	for (int i = first; i < argc; i++)
		cli_inputs_take(in, cmd, argv[i], false);
	if (in->policy_count < in->policies_wanted || in->log_count < min_logs ||
	    in->log_count > max_logs)
		return cli_usage_error(cmd, "%s", inputs_wanted(in, min_logs, max_logs));
	return 0;
}
