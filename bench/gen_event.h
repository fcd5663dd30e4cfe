/* gen_event: writes one audit event line the way kube-apiserver's log backend does —
 * compact JSON, fields in the audit.k8s.io/v1 Event order, one line per stage. */
#ifndef GEN_EVENT_H
#define GEN_EVENT_H

#include <stdbool.h>

#include "gen_body.h"
#include "gen_out.h"
#include "gen_request.h"

typedef struct {
	const char *level;         /* "Metadata", "Request" or "RequestResponse" */
	bool request_objects;      /* level Request or above */
	bool response_objects;     /* level RequestResponse */
	const gen_cluster *cluster;
	const gen_bodies *bodies;
} event_format;

extern const char *const STAGE_NAMES[STAGE_COUNT];

/* Writes r's event for stage, which happens at stage_us, followed by '\n'. */
void event_write(gen_out *out, const event_format *format, const gen_request *r,
		 gen_stage stage, uint64_t stage_us);

#endif
