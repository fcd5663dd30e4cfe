#include "cli_limits.h"

#include <errno.h>
#include <sched.h>
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

long cli_default_jobs(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof set, &set) == 0)
		return CPU_COUNT(&set);
	return 1;
}

bool cli_apply_jobs_option(const char *command, const char *value, long *jobs)
{
	unsigned long long n;
	if (!parse_positive(value, &n) || n > 1024) {
		fprintf(stderr, "auditsim %s: --jobs needs a number from 1 to 1024\n", command);
		return false;
	}
	*jobs = (long)n;
	return true;
}

/* A whole number of 0 or more. */
static bool parse_count(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s || *end || *s == '-' || errno)
		return false;
	*out = v;
	return true;
}

bool cli_apply_volume_option(const char *command, int opt, const char *value,
                             rotation_flags *rotation, double *price_per_gb)
{
	if (opt == CLI_OPT_COMPRESS) {
		rotation->compress = true;
		return true;
	}
	if (opt == CLI_OPT_PRICE) {
		char *end;
		*price_per_gb = strtod(value, &end);
		if (end == value || *end || !(*price_per_gb >= 0)) {
			fprintf(stderr, "auditsim %s: --price-per-gb needs a number of 0 or more\n",
			        command);
			return false;
		}
		return true;
	}
	static const char *const names[] = { "--audit-log-maxsize", "--audit-log-maxbackup",
		                             "--audit-log-maxage" };
	uint64_t *counts[] = { &rotation->maxsize_mb, &rotation->maxbackup, &rotation->maxage_days };
	int which = opt - CLI_OPT_MAXSIZE;
	if (!parse_count(value, counts[which])) {
		fprintf(stderr, "auditsim %s: %s needs a whole number of 0 or more\n", command,
		        names[which]);
		return false;
	}
	return true;
}
