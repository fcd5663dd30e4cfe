#include "cli_limits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_DEPTH_ACCEPTED 100000

/* A whole positive number and nothing else. */
static bool parse_positive(const char *s, unsigned long long *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || *end || v == 0 || errno || *s == '-')
		return false;
	*out = v;
	return true;
}

bool cli_apply_limit_option(const char *command, int opt, const char *value,
                            event_reader_limits *limits)
{
	unsigned long long n;
	if (opt == CLI_OPT_MAX_RECORD) {
		if (!parse_positive(value, &n)) {
			fprintf(stderr, "auditsim %s: --max-record-bytes needs a positive number, not \"%s\"\n",
			        command, value);
			return false;
		}
		limits->max_record_bytes = (size_t)n;
		return true;
	}
	if (!parse_positive(value, &n) || n > MAX_DEPTH_ACCEPTED) {
		fprintf(stderr, "auditsim %s: --max-depth needs a number from 1 to %d, not \"%s\"\n",
		        command, MAX_DEPTH_ACCEPTED, value);
		return false;
	}
	limits->max_depth = (size_t)n;
	return true;
}
