/* gen_traffic: the traffic mix — which clients send which requests, in what shares.
 * Each entry of TRAFFIC_MIX builds one request of its kind; bench/README.md explains the
 * shares. */
#ifndef GEN_TRAFFIC_H
#define GEN_TRAFFIC_H

#include <stdint.h>

#include "gen_cluster.h"
#include "gen_request.h"
#include "gen_rng.h"

typedef struct {
	const gen_cluster *cluster;
	gen_rng *rng;
	uint64_t revision; /* etcd revision: resourceVersion of the next write */
} gen_traffic;

typedef void (*traffic_builder)(gen_request *request, gen_traffic *traffic);

typedef struct {
	const char *name;
	uint32_t permille; /* share of requests, out of 1000 */
	traffic_builder build;
} traffic_class;

extern const traffic_class TRAFFIC_MIX[];
extern const uint32_t TRAFFIC_MIX_COUNT;

/* Picks a class by share and fills request with everything except auditID, received time
 * and body seed. Returns the class index. */
uint32_t traffic_build(gen_request *request, gen_traffic *traffic);

#endif
