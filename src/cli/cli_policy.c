#include "cli_policy.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli_args.h"
#include "diag.h"
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

load_result cli_load_policy(const char *path, policy *p)
{
	diag_list diags;
	diag_list_init(&diags, path);
	load_result res = policy_open(path, p, &diags);
	diag_print(&diags, stderr);
	diag_list_free(&diags);
	return res;
}
