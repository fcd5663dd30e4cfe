/* commands: one entry point per subcommand, each in its own cmd_<name>.c file and
 * dispatched from the table in main.c. Each takes argv with argv[0] = the subcommand
 * name and returns the process exit code: 0 success, 1 the input is wrong (invalid
 * policy, findings), 2 usage or I/O error. */
#ifndef AUDITSIM_COMMANDS_H
#define AUDITSIM_COMMANDS_H

int cmd_check(int argc, char **argv);
int cmd_replay(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_emit(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
