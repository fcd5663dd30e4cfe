#include "cli_policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "diag.h"
#include "input_kind.h"
#include "profile.h"
#include "xalloc.h"

char *cli_policy_path(const char *command, const char *arg, bool is_profile)
{
	if (!is_profile)
		return xstrdup(arg);
	profile_search search = profile_search_default();
	char *error = NULL;
	char *path = profile_find(arg, &search, &error);
	if (!path)
		cli_error(command, "%s", error ? error : arg);
	free(error);
	return path;
}

/* Whether a file the policy reader refused is a LOG given in the policy's place. */
static bool is_misplaced_log(input_kind kind)
{
	return kind == INPUT_KIND_AUDIT_LOG || kind == INPUT_KIND_AZURE_EXPORT ||
	       kind == INPUT_KIND_CLOUD_LOGGING || kind == INPUT_KIND_SCENARIO;
}

int cli_parse_kube_version(const cli_command *cmd, const char *arg, kube_version *out)
{
	char *error = NULL;
	if (kube_version_parse(arg, out, &error))
		return 0;
	int rc = cli_usage_error(cmd, "--kube-version: %s", error);
	free(error);
	return rc;
}

load_result cli_open_policy(const char *command, const char *path, kube_version version,
                            policy *p, diag_list *diags, char **source, size_t *source_len)
{
	char *text = NULL;
	size_t len = 0;
	load_result res = policy_open_with_source(path, version, p, diags, &text, &len);
	input_kind kind = res == LOAD_INVALID && text ? input_kind_of(text, len) : INPUT_KIND_UNKNOWN;
	if (is_misplaced_log(kind)) {
		diag_list_free(diags);
		diag_list_init(diags, path);
		if (strcmp(command, "check") == 0)
			diag_add(diags, DIAG_ERROR, (source_pos){ 1, 1 }, NULL,
			         "this looks like %s, not a policy (check reads policies only)",
			         input_kind_description(kind));
		else
			diag_add(diags, DIAG_ERROR, (source_pos){ 1, 1 }, NULL,
			         "this looks like %s, not a policy: the policy comes first, then the "
			         "LOGs (auditsim %s %s LOG...)",
			         input_kind_description(kind), command,
			         strcmp(command, "diff") == 0 ? "POLICY_A POLICY_B" : "POLICY");
	}
	if (source) {
		*source = text;
		*source_len = len;
	} else {
		free(text);
	}
	return res;
}

load_result cli_load_policy(const char *command, const char *path, kube_version version,
                            policy *p)
{
	diag_list diags;
	diag_list_init(&diags, path);
	load_result res = cli_open_policy(command, path, version, p, &diags, NULL, NULL);
	diag_print(&diags, stderr);
	diag_list_free(&diags);
	return res;
}
