/* auditsim emit POLICY LOG... [-o FILE]: the audit log kube-apiserver would have written
 * under POLICY for the recorded traffic. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_limits.h"
#include "cli_policy.h"
#include "log_feed.h"
#include "commands.h"
#include "emitter.h"
#include "log_source.h"
#include "policy_loader.h"
#include "replay.h"

typedef struct {
	const char *policy_path;
	const char *profile;
	const char *output; /* NULL: standard output */
	event_reader_limits limits;
	char **logs;
	int log_count;
} emit_options;

typedef struct {
	uint64_t requests;
	uint64_t modelled_requests;
} emit_counts;

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: auditsim emit [-o FILE] POLICY|--profile NAME LOG...\n"
	        "\n"
	        "Writes the audit log (JSON lines) that kube-apiserver's log backend would have\n"
	        "written under POLICY for the requests recorded in LOG: each stage the policy\n"
	        "writes, with the fields its level and stage carry, values copied byte for byte.\n"
	        "Bodies the recording does not hold cannot be written; replay models their size.\n"
	        "\n"
	        "  -o, --output FILE    write FILE (replaced only once complete) instead of stdout\n"
	        "      --profile NAME   a shipped profile (auditsim profiles) instead of POLICY\n"
	        CLI_LIMIT_HELP);
}

static int parse_options(int argc, char **argv, emit_options *o)
{
	enum { OPT_PROFILE = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, OPT_PROFILE },
		CLI_LIMIT_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	memset(o, 0, sizeof *o);
	o->limits = event_reader_default_limits();
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': o->output = optarg; break;
		case OPT_PROFILE: o->profile = optarg; break;
		case CLI_OPT_MAX_RECORD:
		case CLI_OPT_MAX_DEPTH:
			if (!cli_apply_limit_option("emit", c, optarg, &o->limits))
				return 2;
			break;
		case 'h': usage(stdout); return -1;
		default: usage(stderr); return 2;
		}
	}
	int policy_args = o->profile ? 0 : 1;
	if (argc - optind < policy_args + 1) {
		fprintf(stderr, "auditsim emit: need a POLICY (or --profile NAME) and at least one LOG\n");
		usage(stderr);
		return 2;
	}
	o->policy_path = o->profile ? NULL : argv[optind];
	o->logs = argv + optind + policy_args;
	o->log_count = argc - optind - policy_args;
	return 0;
}

static int load_policy(const emit_options *opts, policy *p)
{
	policy_init(p);
	char *path = opts->profile ? cli_policy_path("emit", opts->profile, true)
	                           : cli_policy_path("emit", opts->policy_path, false);
	if (!path)
		return 2;
	load_result res = cli_load_policy(path, p);
	free(path);
	return (int)res;
}

/* Overwriting a log being read would destroy the input half-way. */
static bool output_is_input(const emit_options *o)
{
	struct stat out_st, in_st;
	if (stat(o->output, &out_st) != 0)
		return false;
	for (int i = 0; i < o->log_count; i++) {
		if (stat(o->logs[i], &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
		    in_st.st_ino == out_st.st_ino)
			return true;
	}
	return false;
}

/* A temporary file next to the target, so the final rename stays on one file system and
 * the target is never seen half-written. *tmp_path is owned by the caller. */
static FILE *open_temporary(const char *target, const struct stat *existing, char **tmp_path)
{
	size_t n = strlen(target);
	*tmp_path = malloc(n + 16);
	if (!*tmp_path)
		return NULL;
	memcpy(*tmp_path, target, n);
	memcpy(*tmp_path + n, ".tmp-XXXXXX", 12);
	int fd = mkstemp(*tmp_path);
	if (fd < 0) {
		free(*tmp_path);
		*tmp_path = NULL;
		return NULL;
	}
	/* mkstemp makes 0600; a replaced file keeps its mode, a new log is an ordinary file
	 * and honours the umask (if this fails the file merely stays private) */
	mode_t mask = umask(0);
	umask(mask);
	(void)fchmod(fd, existing ? existing->st_mode & 07777 : 0666 & ~mask);
	FILE *f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(*tmp_path);
		free(*tmp_path);
		*tmp_path = NULL;
	}
	return f;
}

static void on_request(const replay_request *req, void *ctx)
{
	emit_counts *counts = ctx;
	counts->requests++;
	counts->modelled_requests += req->modelled_bytes > 0;
}

static void feed_event(const audit_event *ev, void *ctx) { replay_add_event(ctx, ev); }

/* Replays every log through the policy into out. Returns 0 or the exit code. */
static int emit_logs(const emit_options *opts, const policy *p, FILE *out)
{
	byte_sink sink = { .file = out };
	emit_counts counts = { 0 };
	emitter *em = emitter_new(&sink, 0);
	replay *r = replay_new(p, 0, on_request, &counts);
	replay_set_event_hook(r, emitter_on_event, em);
	size_t skipped = 0;
	int rc = log_feed(opts->logs, (size_t)opts->log_count, &opts->limits, feed_event, r, &skipped);
	replay_finish(r);
	replay_free(r);
	emitter_free(em);
	if (rc == 0 && counts.modelled_requests)
		fprintf(stderr, "auditsim emit: %llu of %llu requests need bodies the recording does "
		                "not hold (recorded below the policy's level); they are written "
		                "without them (see replay's modelled bytes)\n",
		        (unsigned long long)counts.modelled_requests,
		        (unsigned long long)counts.requests);
	if (rc == 0 && (sink.failed || fflush(out) != 0 || ferror(out))) {
		fprintf(stderr, "auditsim emit: cannot write output: %s\n", strerror(errno));
		rc = 2;
	}
	return rc;
}

/* A device, pipe or socket (/dev/null, /dev/full, a FIFO) is written in place: it cannot
 * be half-written as a file can, and renaming a temporary file over it would replace the
 * device node itself. */
static int emit_to_special(const emit_options *opts, const policy *p)
{
	FILE *out = fopen(opts->output, "w");
	if (!out) {
		fprintf(stderr, "auditsim emit: cannot open %s: %s\n", opts->output, strerror(errno));
		return 2;
	}
	int rc = emit_logs(opts, p, out);
	if (fclose(out) != 0 && rc == 0) {
		fprintf(stderr, "auditsim emit: cannot write %s: %s\n", opts->output, strerror(errno));
		rc = 2;
	}
	return rc;
}

/* Writes a temporary file beside target and renames it into place once complete, so an
 * existing target is untouched unless everything succeeded. */
static int emit_replacing(const emit_options *opts, const policy *p, const char *target,
                          const struct stat *existing)
{
	char *tmp = NULL;
	FILE *out = open_temporary(target, existing, &tmp);
	if (!out) {
		fprintf(stderr, "auditsim emit: cannot create a file next to %s: %s\n", target,
		        strerror(errno));
		return 2;
	}
	int rc = emit_logs(opts, p, out);
	if (fclose(out) != 0 && rc == 0) {
		fprintf(stderr, "auditsim emit: cannot write %s: %s\n", tmp, strerror(errno));
		rc = 2;
	}
	if (rc == 0 && rename(tmp, target) != 0) {
		fprintf(stderr, "auditsim emit: cannot rename %s to %s: %s\n", tmp, target,
		        strerror(errno));
		rc = 2;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int emit_to_file(const emit_options *opts, const policy *p)
{
	if (output_is_input(opts)) {
		fprintf(stderr, "auditsim emit: %s is one of the input logs; not overwriting it\n",
		        opts->output);
		return 2;
	}
	struct stat st;
	if (stat(opts->output, &st) != 0)
		return emit_replacing(opts, p, opts->output, NULL);
	if (S_ISDIR(st.st_mode)) {
		fprintf(stderr, "auditsim emit: cannot write %s: it is a directory\n", opts->output);
		return 2;
	}
	if (!S_ISREG(st.st_mode))
		return emit_to_special(opts, p);
	/* through a symbolic link, the file it names is replaced, not the link */
	char *target = realpath(opts->output, NULL);
	int rc = emit_replacing(opts, p, target ? target : opts->output, &st);
	free(target);
	return rc;
}

int cmd_emit(int argc, char **argv)
{
	emit_options opts;
	int rc = parse_options(argc, argv, &opts);
	if (rc)
		return rc < 0 ? 0 : rc;
	policy p;
	rc = load_policy(&opts, &p);
	if (rc == 0)
		rc = opts.output ? emit_to_file(&opts, &p) : emit_logs(&opts, &p, stdout);
	policy_free(&p);
	return rc;
}
