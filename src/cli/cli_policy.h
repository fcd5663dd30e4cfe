/* cli_policy: the POLICY argument every command takes — a file, or `--profile NAME` —
 * turned into a loaded, validated policy. Part of the binary, not the core library,
 * because profile_search_default() takes the data directories from the binary's own
 * build flags. */
#ifndef AUDITSIM_CLI_POLICY_H
#define AUDITSIM_CLI_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

#include "policy.h"
#include "policy_loader.h"

/* The file for a POLICY argument: arg itself, or the profile file when is_profile.
 * Returns a newly allocated path, or NULL after printing "auditsim COMMAND: why". */
char *cli_policy_path(const char *command, const char *arg, bool is_profile);

/* policy_open_with_source (source and source_len may be NULL: the text is then freed
 * here), except that a file that fails as a policy but looks like a LOG (an audit log, an
 * export, a scenario) gets one error saying so and that the policy comes first, in place
 * of the parser's complaints about the wrong kind of document. */
load_result cli_open_policy(const char *command, const char *path, policy *p, diag_list *diags,
                            char **source, size_t *source_len);

/* Loads and validates the file at path into *p (free it with policy_free whatever the
 * result) with cli_open_policy; every diagnostic, warnings included, goes to stderr. */
load_result cli_load_policy(const char *command, const char *path, policy *p);

#endif
