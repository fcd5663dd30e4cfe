/* commands: one entry point per subcommand, each in its own cmd_<name>.c file and
 * dispatched from the table in main.c. Each takes argv with argv[0] = the subcommand
 * name and returns the process exit code (exit_code.h): EXIT_OK, EXIT_INPUT_WRONG (invalid
 * policy, findings), EXIT_USAGE or EXIT_IO. Their mechanics (messages, getopt, numbers,
 * POLICY and LOG arguments) are in cli_args.h. */
#ifndef AUDITSIM_COMMANDS_H
#define AUDITSIM_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_emit(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
