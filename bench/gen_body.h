/* gen_body: requestObject and responseObject JSON — Leases, Nodes, Pods, Deployments,
 * ConfigMaps, Secrets, lists and patches — written compact, in the field order
 * kube-apiserver's encoder uses, with sizes from a few hundred bytes to ~50 KB. */
#ifndef GEN_BODY_H
#define GEN_BODY_H

#include <stdbool.h>

#include "gen_cluster.h"
#include "gen_out.h"
#include "gen_request.h"

/* Text that bodies copy slices of (configmap data, base64 secret data), prepared once. */
typedef struct {
	char *text;
	uint32_t *bounds; /* offsets where a slice may start or end (never inside an escape) */
	uint32_t bound_count;
} body_filler;

typedef struct {
	body_filler dashboard; /* Grafana dashboard JSON, escaped as a JSON string's content */
	body_filler config;    /* application config files, escaped */
	char *base64;          /* random base64 characters */
	uint32_t base64_len;
} gen_bodies;

/* Prepares the filler text from seed. Exits on out of memory. */
void bodies_init(gen_bodies *bodies, uint64_t seed);
void bodies_free(gen_bodies *bodies);

/* Writes r's requestObject (is_request) or responseObject at time now_us. The object is
 * derived from r->body_seed alone, so it is the same whenever it is written. */
void body_write(gen_out *out, const gen_request *r, const gen_cluster *cluster,
		const gen_bodies *bodies, bool is_request, uint64_t now_us);

#endif
