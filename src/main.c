/* auditsim: simulate the kube-apiserver audit Policy offline.
 * The single table below maps each subcommand to its entry point. */
#include <stdio.h>
#include <string.h>

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
};

static void print_usage(FILE *out)
{
	fprintf(out, "usage: auditsim COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nauditsim COMMAND --help shows a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("auditsim %s\n", AUDITSIM_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "auditsim: unknown command \"%s\"\n", argv[1]);
	print_usage(stderr);
	return 2;
}
