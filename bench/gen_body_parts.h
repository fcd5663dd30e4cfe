/* gen_body_parts: what the body writers share (gen_body.c: metadata, small objects,
 * configmaps and secrets; gen_body_workloads.c: nodes, pods, workloads, slices, events).
 * Private to the generator's body files. */
#ifndef GEN_BODY_PARTS_H
#define GEN_BODY_PARTS_H

#include "gen_body.h"

typedef struct {
	gen_out *out;
	const gen_request *r;
	const gen_cluster *cluster;
	const gen_bodies *bodies;
	gen_rng rng;
	bool fresh;       /* as a client sends a new object: no uid, rv, managedFields, status */
	uint64_t now_us;  /* time of the stage being written */
	uint64_t created_us;
} body_ctx;

/* Opens "metadata":{ with name, generateName (if any), namespace, uid, resourceVersion,
 * creationTimestamp; the caller adds labels... and closes it with '}'. */
void meta_open(body_ctx *b, const char *name, const char *generate_name, const char *ns,
	       const char *uid);
/* Opens ,"managedFields":[ ; entries follow, the caller closes with ']'. */
void managed_fields_open(body_ctx *b);
/* One managedFields entry; fields_v1 is raw JSON, subresource may be "". */
void managed_field(body_ctx *b, bool first, const char *manager, const char *operation,
		   const char *api_version, const char *fields_v1, const char *subresource);
/* A random time between the object's creation and now, whole seconds. */
uint64_t time_since_created(body_ctx *b);

/* List wrapper: {"kind":kind,"apiVersion":..,"metadata":{"resourceVersion":..},"items":[
 * then item writers until size_hint bytes, then ]}. */
typedef void (*list_item_writer)(body_ctx *b, uint32_t index);
void write_list(body_ctx *b, const char *kind, const char *api_version, list_item_writer item,
		uint32_t first, uint32_t count);

void write_node(body_ctx *b);
void write_node_status_patch(body_ctx *b);
void write_pod(body_ctx *b, uint32_t pod_index, bool with_type);
void write_pod_status_patch(body_ctx *b);
void write_pod_list(body_ctx *b);
void write_workload(body_ctx *b, uint32_t app_index, bool with_type);
void write_workload_list(body_ctx *b);
void write_workload_patch(body_ctx *b);
void write_endpoint_slice(body_ctx *b);
void write_event(body_ctx *b);

#endif
