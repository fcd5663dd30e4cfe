/* cli_policy: the POLICY argument every command takes — a file, or `--profile NAME` —
 * turned into a loaded, validated policy. Part of the binary, not the core library,
 * because profile_search_default() takes the data directories from the binary's own
 * build flags. */
#ifndef AUDITSIM_CLI_POLICY_H
#define AUDITSIM_CLI_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#include "cli_args.h"
#include "kube_version.h"
#include "policy.h"
#include "policy_loader.h"

/* --kube-version X.Y, for every command that loads a policy: one definition, so its help
 * line holds everywhere. The value goes to cli_open_policy/cli_load_policy and, for the
 * commands that read LOGs, to engine_options.kube_version. */
enum { CLI_OPT_KUBE_VERSION = 0x4800 };

#define CLI_KUBE_VERSION_LONGOPT { "kube-version", required_argument, NULL, CLI_OPT_KUBE_VERSION }

#define CLI_KUBE_VERSION_HELP                                                                  \
	"      --kube-version X.Y    load, validate and decide as kube-apiserver X.Y\n"          \
	"                            (1.24 to 1.37; default 1.37)\n"

/* --kube-version's argument into *out. Returns 0, or EXIT_USAGE after "auditsim COMMAND:
 * --kube-version: why" and the usage. */
int cli_parse_kube_version(const cli_command *cmd, const char *arg, kube_version *out);

/* The file for a POLICY argument: arg itself, or the profile file when is_profile.
 * Returns a newly allocated path, or NULL after printing "auditsim COMMAND: why". */
char *cli_policy_path(const char *command, const char *arg, bool is_profile);

/* policy_open_with_source for `version` (source and source_len may be NULL: the text is
 * then freed here), except that a file that fails as a policy but looks like a LOG (an audit log, an
 * export, a scenario) gets one error saying so and that the policy comes first, in place
 * of the parser's complaints about the wrong kind of document. */
load_result cli_open_policy(const char *command, const char *path, kube_version version,
                            policy *p, diag_list *diags, char **source, size_t *source_len);

/* Loads and validates the file at path as `version` does into *p (free it with policy_free
 * whatever the result) with cli_open_policy; every diagnostic, warnings included, goes to
 * stderr. */
load_result cli_load_policy(const char *command, const char *path, kube_version version,
                            policy *p);

#endif
