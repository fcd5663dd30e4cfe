/* auditsim: simulate the kube-apiserver audit Policy offline.
 * The single table below maps each subcommand to its entry point. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli_args.h"
#include "closest_name.h"
#include "commands.h"

#ifndef AUDITSIM_VERSION
#define AUDITSIM_VERSION "dev"
#endif

typedef struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{ "check", cmd_check, "load and validate a Policy exactly as kube-apiserver does" },
	{ "replay", cmd_replay, "decide level, rule and stages for each recorded request" },
	{ "test", cmd_test, "check a policy's decisions against the expectations of test files" },
	{ "explain", cmd_explain, "show, rule by rule, how a policy decides one request" },
	{ "profiles", cmd_profiles, "list the shipped policy profiles and their assumptions" },
	{ "lint", cmd_lint, "find mistakes, dead rules and risky levels in a policy" },
	{ "diff", cmd_diff, "compare two policies' decisions on the same traffic" },
	{ "compare", cmd_compare, "N policies' levels, volume and security coverage side by side" },
	{ "emit", cmd_emit, "write the audit log a policy would produce for recorded traffic" },
	{ "report", cmd_report, "write a self-contained HTML report of a policy on recorded traffic" },
	{ "suggest", cmd_suggest, "the cheapest policy that still logs what the requirements ask" },
	{ "merge", cmd_merge, "merge partial summaries of shards of a recording (replay --partial)" },
};

static void print_usage(FILE *out)
{
	fprintf(out, "usage: auditsim COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nauditsim help COMMAND (or auditsim COMMAND --help) shows a command's options;\n"
	             "auditsim --version prints the version. See also man auditsim.\n");
}

/* A descriptor 0, 1 or 2 left closed by the caller would be taken by the next file
 * opened: with `2>&-`, emit's temporary file became descriptor 2 and diagnostics landed
 * in the emitted log. Each closed one is opened on /dev/null the wrong
 * way round (as gnulib's stdopen does): reading standard input or writing standard
 * output then fails with EBADF, as on the closed descriptor, and is reported. Returns
 * false when /dev/null cannot be opened. */
static bool open_closed_std_fds(void)
{
	for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		int got = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
		if (got != fd) {
			if (got >= 0)
				close(got);
			return false;
		}
	}
	return true;
}

/* Output that could not be written is an error even when the command did not notice:
 * `auditsim check p.yaml > /dev/full` must not exit 0. Commands leave standard output's
 * errors on the stream; this is the one place that reports them, once. fclose also
 * writes what is still buffered, and its errno says why the earlier writes failed. */
static int close_stdout(const char *command, int rc)
{
	bool failed_before = ferror(stdout);
	errno = 0;
	bool close_failed = fclose(stdout) != 0;
	if (!failed_before && !close_failed)
		return rc;
	cli_error(command, "cannot write standard output: %s", errno ? strerror(errno) : "write error");
	return EXIT_IO;
}

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	}
	return NULL;
}

/* "unknown command", with the closest command's name when the word looks like a typo. */
static int unknown_command(const char *name)
{
	enum { COMMANDS = sizeof commands / sizeof commands[0] };
	const char *names[COMMANDS];
	for (size_t i = 0; i < COMMANDS; i++)
		names[i] = commands[i].name;
	const char *near = closest_name(name, names, COMMANDS);
	if (near)
		cli_error(NULL, "unknown command \"%s\"; did you mean \"%s\"?", name, near);
	else
		cli_error(NULL, "unknown command \"%s\"", name);
	print_usage(stderr);
	return EXIT_USAGE;
}

/* `auditsim help COMMAND` is `auditsim COMMAND --help`, as in git. */
static int help_command(const char *name)
{
	const command *c = find_command(name);
	if (!c)
		return unknown_command(name);
	char *args[] = { (char *)c->name, "--help", NULL };
	return c->run(2, args);
}

/* Runs the command argv names; *name receives it once known. */
static int run(int argc, char **argv, const char **name)
{
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 && argc >= 3)
		return help_command(argv[2]);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("auditsim %s\n", AUDITSIM_VERSION);
		return EXIT_OK;
	}
	const command *c = find_command(argv[1]);
	if (c) {
		*name = c->name;
		return c->run(argc - 1, argv + 1);
	}
	return unknown_command(argv[1]);
}

int main(int argc, char **argv)
{
	if (!open_closed_std_fds())
		return EXIT_IO;
	/* A closed pipe (`auditsim replay ... | head -1`) ends the process quietly, as it
	 * does for cat or grep, even when the parent left SIGPIPE ignored. */
	signal(SIGPIPE, SIG_DFL);
	const char *name = NULL;
	int rc = run(argc, argv, &name);
	return close_stdout(name, rc);
}
