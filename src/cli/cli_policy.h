/* cli_policy: the POLICY argument every command takes — a file, or `--profile NAME` —
 * turned into a loaded, validated policy. Part of the binary, not the core library,
 * because profile_search_default() takes the data directories from the binary's own
 * build flags. */
#ifndef AUDITSIM_CLI_POLICY_H
#define AUDITSIM_CLI_POLICY_H

#include <stdbool.h>

#include "policy.h"
#include "policy_loader.h"

/* The file for a POLICY argument: arg itself, or the profile file when is_profile.
 * Returns a newly allocated path, or NULL after printing "auditsim COMMAND: why". */
char *cli_policy_path(const char *command, const char *arg, bool is_profile);

/* Loads and validates the file at path into *p (free it with policy_free whatever the
 * result); every diagnostic, warnings included, goes to stderr. */
load_result cli_load_policy(const char *path, policy *p);

#endif
