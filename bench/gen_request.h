/* gen_request: one generated API request — everything needed to write each of its audit
 * stages, which may be minutes apart. The traffic mix fills it; the event writer and the
 * body writer read it. */
#ifndef GEN_REQUEST_H
#define GEN_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "gen_cluster.h"

typedef enum {
	STAGE_REQUEST_RECEIVED,
	STAGE_RESPONSE_STARTED,
	STAGE_RESPONSE_COMPLETE,
	STAGE_COUNT
} gen_stage;

/* The JSON object logged as requestObject or responseObject. */
typedef enum {
	BODY_NONE,
	BODY_LEASE,
	BODY_NODE,
	BODY_NODE_STATUS_PATCH,
	BODY_POD,
	BODY_POD_STATUS_PATCH,
	BODY_POD_LIST,
	BODY_WORKLOAD, /* Deployment or ReplicaSet, after objectRef.resource */
	BODY_WORKLOAD_LIST,
	BODY_WORKLOAD_PATCH,
	BODY_ENDPOINT_SLICE,
	BODY_EVENT,
	BODY_CONFIGMAP,
	BODY_CONFIGMAP_LIST,
	BODY_SECRET,
	BODY_SECRET_LIST,
	BODY_TOKEN_REQUEST,
	BODY_DELETE_OPTIONS,
	BODY_STATUS, /* the Status in status_json, as an object */
} body_kind;

/* Which objectRef fields kube-apiserver fills from the decoded body after
 * RequestReceived (create and update handlers). */
typedef enum {
	REF_FILL_NONE,
	REF_FILL_NAME,    /* create: the name from the body */
	REF_FILL_UID_RV,  /* update: uid and resourceVersion from the body */
} ref_fill;

typedef struct {
	const char *resource;
	const char *namespace;   /* "" when cluster-scoped or all namespaces */
	const char *api_group;   /* "" for the core group */
	const char *api_version;
	const char *subresource; /* "" when none */
	char name[96];           /* from the URL (or a metadata.name field selector) */
} object_ref;

typedef struct {
	char audit_id[37];
	char request_uri[1024]; /* already JSON-escaped */
	const char *verb;
	const gen_identity *who;
	bool has_object_ref;
	object_ref ref;
	ref_fill fill;
	char object_name[96]; /* name of the object the bodies describe */
	char object_uid[37];
	char resource_version[16];
	uint32_t subject;     /* index of the pod, app or node the bodies describe */
	uint32_t size_hint;   /* bytes wanted for sized bodies (configmaps, lists) */
	uint16_t code;
	char status_json[1024]; /* responseStatus value */
	bool forbidden;
	const char *extra_annotations; /* sorted after the authorization.k8s.io keys, or NULL */
	body_kind request_body;
	body_kind response_body;
	uint64_t body_seed;
	bool long_running;
	uint32_t started_after_us;  /* long-running: ResponseStarted after RequestReceived */
	uint64_t latency_us;        /* ResponseComplete after RequestReceived */
	uint64_t received_us;
	const char *traffic_class;  /* name of the mix entry that built it, for --stats */
	uint32_t traffic_index;
} gen_request;

#endif
