/* gen-audit-log: writes a large, realistic kube-apiserver audit log (JSON lines, as the
 * log backend writes it) from a fixed seed, for benchmarking auditsim.
 *
 * Requests arrive as a Poisson process (--rate per second) and are drawn from the traffic
 * mix in gen_traffic.c. Each request's RequestReceived event is written when it arrives;
 * its later stages wait in a time-ordered queue, so events of different requests interleave
 * as in a real log and a watch's ResponseComplete comes minutes after it started. When the
 * wanted size or event count is reached no new request starts and the ones in flight finish,
 * so every auditID has all its stages. */
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen_body.h"
#include "gen_cluster.h"
#include "gen_event.h"
#include "gen_out.h"
#include "gen_traffic.h"

#define OUTPUT_BUFFER (4u << 20)

typedef struct {
	uint64_t seed;
	double size_mb;   /* stop after about this many MB (10^6 bytes); 0: use events */
	uint64_t events;  /* stop after about this many events; 0: use size */
	const char *profile;
	double rate;      /* requests per second */
	uint32_t nodes;
	const char *output;
	bool stats;
} gen_options;

/* A later stage of a request in flight. */
typedef struct {
	uint64_t at_us;
	uint64_t seq; /* tie-break: equal times keep their scheduling order */
	uint32_t slot;
	uint32_t stage;
} pending_stage;

typedef struct {
	uint64_t events[STAGE_COUNT];
	uint64_t bytes[STAGE_COUNT];
	uint64_t class_requests[32];
	uint64_t class_bytes[32];
} gen_stats;

typedef struct {
	gen_out out;
	event_format format;
	gen_traffic traffic;
	gen_rng rng;
	gen_request *slots;
	uint32_t *free_slots;
	uint32_t slot_count, free_count;
	pending_stage *heap;
	size_t heap_len, heap_cap;
	uint64_t seq;
	uint64_t events_written;
	gen_stats stats;
} generator;

/* ---- pending stages: a binary min-heap on (at_us, seq) ---- */

static bool stage_before(const pending_stage *a, const pending_stage *b)
{
	return a->at_us != b->at_us ? a->at_us < b->at_us : a->seq < b->seq;
}

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p) {
		fputs("gen-audit-log: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static void heap_push(generator *g, uint64_t at_us, uint32_t slot, gen_stage stage)
{
	if (g->heap_len == g->heap_cap) {
		g->heap_cap = g->heap_cap ? g->heap_cap * 2 : 4096;
		g->heap = xrealloc(g->heap, g->heap_cap * sizeof *g->heap);
	}
	pending_stage item = { at_us, g->seq++, slot, stage };
	size_t i = g->heap_len++;
	while (i > 0 && stage_before(&item, &g->heap[(i - 1) / 2])) {
		g->heap[i] = g->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	g->heap[i] = item;
}

static pending_stage heap_pop(generator *g)
{
	pending_stage top = g->heap[0];
	pending_stage last = g->heap[--g->heap_len];
	size_t i = 0;
	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= g->heap_len)
			break;
		if (child + 1 < g->heap_len && stage_before(&g->heap[child + 1], &g->heap[child]))
			child++;
		if (!stage_before(&g->heap[child], &last))
			break;
		g->heap[i] = g->heap[child];
		i = child;
	}
	if (g->heap_len > 0)
		g->heap[i] = last;
	return top;
}

/* ---- request slots ---- */

static uint32_t slot_take(generator *g)
{
	if (g->free_count == 0) {
		uint32_t grown = g->slot_count ? g->slot_count * 2 : 1024;
		g->slots = xrealloc(g->slots, grown * sizeof *g->slots);
		g->free_slots = xrealloc(g->free_slots, grown * sizeof *g->free_slots);
		for (uint32_t i = grown; i > g->slot_count; i--)
			g->free_slots[g->free_count++] = i - 1;
		g->slot_count = grown;
	}
	return g->free_slots[--g->free_count];
}

static void slot_release(generator *g, uint32_t slot)
{
	g->free_slots[g->free_count++] = slot;
}

/* ---- writing ---- */

static void write_stage(generator *g, const gen_request *r, gen_stage stage, uint64_t at_us)
{
	uint64_t before = out_position(&g->out);
	event_write(&g->out, &g->format, r, stage, at_us);
	uint64_t bytes = out_position(&g->out) - before;
	g->events_written++;
	g->stats.events[stage]++;
	g->stats.bytes[stage] += bytes;
	g->stats.class_bytes[r->traffic_index] += bytes;
}

/* Writes every pending stage due at or before until_us, in time order. */
static void drain_until(generator *g, uint64_t until_us)
{
	while (g->heap_len > 0 && g->heap[0].at_us <= until_us) {
		pending_stage next = heap_pop(g);
		write_stage(g, &g->slots[next.slot], (gen_stage)next.stage, next.at_us);
		if (next.stage == STAGE_RESPONSE_COMPLETE)
			slot_release(g, next.slot);
	}
}

static void start_request(generator *g, uint64_t now_us)
{
	uint32_t slot = slot_take(g);
	gen_request *r = &g->slots[slot];
	memset(r, 0, sizeof *r);
	uuid_random(r->audit_id, &g->rng);
	r->received_us = now_us;
	traffic_build(r, &g->traffic);
	r->body_seed = rng_next(&g->rng);
	g->stats.class_requests[r->traffic_index]++;
	write_stage(g, r, STAGE_REQUEST_RECEIVED, now_us);
	uint64_t complete_at = now_us + (r->latency_us ? r->latency_us : 1);
	if (r->long_running) {
		uint64_t started_at = now_us + r->started_after_us;
		if (started_at >= complete_at)
			complete_at = started_at + 1;
		heap_push(g, started_at, slot, STAGE_RESPONSE_STARTED);
	}
	heap_push(g, complete_at, slot, STAGE_RESPONSE_COMPLETE);
}

/* True once the events written plus those still pending reach the wanted size. */
static bool target_reached(const generator *g, const gen_options *opt)
{
	if (opt->events > 0)
		return g->events_written + g->heap_len >= opt->events;
	uint64_t written = out_position(&g->out);
	double average = g->events_written ? (double)written / (double)g->events_written : 0;
	return (double)written + average * (double)g->heap_len >= opt->size_mb * 1e6;
}

static void generate(generator *g, const gen_options *opt, uint64_t epoch_us)
{
	double mean_gap_us = 1e6 / opt->rate;
	uint64_t now_us = epoch_us;
	while (!target_reached(g, opt)) {
		now_us += 1 + (uint64_t)(-log(1.0 - rng_unit(&g->rng)) * mean_gap_us);
		drain_until(g, now_us);
		start_request(g, now_us);
	}
	drain_until(g, UINT64_MAX);
}

/* ---- statistics (--stats) ---- */

static double percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0;
}

static void print_stage_table(const generator *g, uint64_t total_bytes)
{
	fputs("| level / stage | events | share of events | MB | share of bytes | avg bytes |\n"
	      "| --- | ---: | ---: | ---: | ---: | ---: |\n",
	      stderr);
	for (int s = 0; s < STAGE_COUNT; s++) {
		uint64_t events = g->stats.events[s], bytes = g->stats.bytes[s];
		fprintf(stderr, "| %s / %s | %llu | %.1f%% | %.1f | %.1f%% | %.0f |\n",
			g->format.level, STAGE_NAMES[s], (unsigned long long)events,
			percent(events, g->events_written), (double)bytes / 1e6,
			percent(bytes, total_bytes), events ? (double)bytes / (double)events : 0);
	}
}

static void print_class_table(const generator *g, uint64_t total_requests, uint64_t total_bytes)
{
	fputs("| traffic class | planned share | requests | share of requests | share of bytes |\n"
	      "| --- | ---: | ---: | ---: | ---: |\n",
	      stderr);
	for (uint32_t c = 0; c < TRAFFIC_MIX_COUNT; c++)
		fprintf(stderr, "| %s | %.1f%% | %llu | %.1f%% | %.1f%% |\n", TRAFFIC_MIX[c].name,
			TRAFFIC_MIX[c].permille / 10.0,
			(unsigned long long)g->stats.class_requests[c],
			percent(g->stats.class_requests[c], total_requests),
			percent(g->stats.class_bytes[c], total_bytes));
}

/* --stats: totals, then shares per stage and per traffic class, as Markdown. */
static void print_stats(const generator *g, double seconds)
{
	uint64_t total_bytes = 0, total_requests = 0;
	for (int s = 0; s < STAGE_COUNT; s++)
		total_bytes += g->stats.bytes[s];
	for (uint32_t c = 0; c < TRAFFIC_MIX_COUNT; c++)
		total_requests += g->stats.class_requests[c];
	double mb = (double)total_bytes / 1e6;
	fprintf(stderr, "gen-audit-log: %llu requests, %llu events, %.1f MB in %.2f s (%.0f MB/s)\n\n",
		(unsigned long long)total_requests, (unsigned long long)g->events_written, mb,
		seconds, seconds > 0 ? mb / seconds : 0);
	print_stage_table(g, total_bytes);
	fputc('\n', stderr);
	print_class_table(g, total_requests, total_bytes);
}

/* ---- options ---- */

static void usage(FILE *to)
{
	fputs("usage: gen-audit-log [--seed N] [--size MB | --events N]\n"
	      "                     [--profile metadata|request|requestresponse]\n"
	      "                     [--rate REQ_PER_S] [--nodes N] [--stats] [-o FILE]\n"
	      "\n"
	      "Writes a realistic kube-apiserver audit log (audit.k8s.io/v1 JSON lines) to stdout\n"
	      "or FILE. The same seed and options always give the same bytes.\n"
	      "  --seed N       PRNG seed (default 1)\n"
	      "  --size MB      stop after about MB x 10^6 bytes (default 100)\n"
	      "  --events N     stop after about N events instead\n"
	      "  --profile P    metadata (no bodies, default), request (requestObject) or\n"
	      "                 requestresponse (requestObject and responseObject)\n"
	      "  --rate R       requests per second of simulated time (default 200)\n"
	      "  --nodes N      nodes in the simulated cluster (default 100)\n"
	      "  --stats        print event/byte shares per stage and traffic class to stderr\n"
	      "  -o FILE        write to FILE instead of stdout\n",
	      to);
}

static bool parse_number(const char *text, double *value)
{
	char *end;
	*value = strtod(text, &end);
	return end != text && *end == '\0' && *value >= 0;
}

static bool set_profile(event_format *format, const char *profile)
{
	if (strcmp(profile, "metadata") == 0)
		*format = (event_format){ .level = "Metadata" };
	else if (strcmp(profile, "request") == 0)
		*format = (event_format){ .level = "Request", .request_objects = true };
	else if (strcmp(profile, "requestresponse") == 0)
		*format = (event_format){ .level = "RequestResponse", .request_objects = true,
					  .response_objects = true };
	else
		return false;
	return true;
}

/* Returns -1 to go on, else the exit code. */
static int parse_options(int argc, char **argv, gen_options *opt)
{
	static const struct option LONG_OPTIONS[] = {
		{ "seed", required_argument, NULL, 's' },  { "size", required_argument, NULL, 'S' },
		{ "events", required_argument, NULL, 'e' }, { "profile", required_argument, NULL, 'p' },
		{ "rate", required_argument, NULL, 'r' },  { "nodes", required_argument, NULL, 'n' },
		{ "stats", no_argument, NULL, 'x' },       { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	*opt = (gen_options){ .seed = 1, .size_mb = 100, .profile = "metadata", .rate = 200,
			      .nodes = 100 };
	int c;
	double value;
	while ((c = getopt_long(argc, argv, "o:h", LONG_OPTIONS, NULL)) != -1) {
		bool ok = true;
		switch (c) {
		case 's': opt->seed = strtoull(optarg, NULL, 10); break;
		case 'S': ok = parse_number(optarg, &opt->size_mb) && opt->size_mb > 0; break;
		case 'e': ok = parse_number(optarg, &value) && value >= 1; opt->events = (uint64_t)value; break;
		case 'p': opt->profile = optarg; break;
		case 'r': ok = parse_number(optarg, &opt->rate) && opt->rate > 0; break;
		case 'n': ok = parse_number(optarg, &value) && value >= 1 && value <= 10000;
			opt->nodes = (uint32_t)value; break;
		case 'x': opt->stats = true; break;
		case 'o': opt->output = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
		if (!ok) {
			fprintf(stderr, "gen-audit-log: invalid value \"%s\"\n", optarg);
			return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	gen_options opt;
	int code = parse_options(argc, argv, &opt);
	if (code >= 0)
		return code;
	generator g = { 0 };
	if (!set_profile(&g.format, opt.profile)) {
		fprintf(stderr, "gen-audit-log: unknown profile \"%s\"\n", opt.profile);
		return 2;
	}
	int fd = opt.output ? open(opt.output, O_WRONLY | O_CREAT | O_TRUNC, 0644) : STDOUT_FILENO;
	if (fd < 0 || !out_open(&g.out, fd, OUTPUT_BUFFER)) {
		perror(opt.output ? opt.output : "gen-audit-log");
		return 2;
	}
	gen_cluster cluster;
	gen_bodies bodies;
	rng_seed(&g.rng, opt.seed);
	cluster_build(&cluster, opt.nodes, &g.rng);
	bodies_init(&bodies, opt.seed);
	g.format.cluster = &cluster;
	g.format.bodies = &bodies;
	g.traffic = (gen_traffic){ .cluster = &cluster, .rng = &g.rng, .revision = 48000000 };
	double started = now_seconds();
	generate(&g, &opt, cluster.epoch_us);
	bool written = out_close(&g.out);
	double seconds = now_seconds() - started;
	if (opt.stats)
		print_stats(&g, seconds);
	if (!written || (opt.output && close(fd) != 0)) {
		perror(opt.output ? opt.output : "gen-audit-log: stdout");
		code = 2;
	} else {
		code = 0;
	}
	bodies_free(&bodies);
	cluster_free(&cluster);
	free(g.slots);
	free(g.free_slots);
	free(g.heap);
	return code;
}
