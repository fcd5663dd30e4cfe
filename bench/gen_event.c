/* gen_event: one audit event line per request stage. */
#include "gen_event.h"

const char *const STAGE_NAMES[STAGE_COUNT] = { "RequestReceived", "ResponseStarted",
					       "ResponseComplete" };

/* objectRef: fields in Go order, empty ones omitted. At ResponseComplete create and update
 * handlers have filled name, uid and resourceVersion from the body. */
static void write_object_ref(gen_out *out, const gen_request *r, gen_stage stage)
{
	const object_ref *ref = &r->ref;
	bool filled = stage == STAGE_RESPONSE_COMPLETE;
	const char *name = ref->name;
	if (filled && r->fill == REF_FILL_NAME && name[0] == '\0')
		name = r->object_name;
	bool with_uid_rv = filled && r->fill == REF_FILL_UID_RV;
	out_lit(out, ",\"objectRef\":{\"resource\":\"");
	out_str(out, ref->resource);
	out_char(out, '"');
	if (ref->namespace[0]) {
		out_lit(out, ",\"namespace\":\"");
		out_str(out, ref->namespace);
		out_char(out, '"');
	}
	if (name[0]) {
		out_char(out, ',');
		out_kv(out, "name", name);
	}
	if (with_uid_rv) {
		out_lit(out, ",\"uid\":\"");
		out_str(out, r->object_uid);
		out_char(out, '"');
	}
	if (ref->api_group[0]) {
		out_lit(out, ",\"apiGroup\":\"");
		out_str(out, ref->api_group);
		out_char(out, '"');
	}
	out_lit(out, ",\"apiVersion\":\"");
	out_str(out, ref->api_version);
	out_char(out, '"');
	if (with_uid_rv) {
		out_lit(out, ",\"resourceVersion\":\"");
		out_str(out, r->resource_version);
		out_char(out, '"');
	}
	if (ref->subresource[0]) {
		out_lit(out, ",\"subresource\":\"");
		out_str(out, ref->subresource);
		out_char(out, '"');
	}
	out_char(out, '}');
}

static void write_bodies(gen_out *out, const event_format *format, const gen_request *r,
			 uint64_t stage_us)
{
	if (format->request_objects && r->request_body != BODY_NONE) {
		out_lit(out, ",\"requestObject\":");
		body_write(out, r, format->cluster, format->bodies, true, stage_us);
	}
	if (format->response_objects && r->response_body != BODY_NONE) {
		out_lit(out, ",\"responseObject\":");
		body_write(out, r, format->cluster, format->bodies, false, stage_us);
	}
}

static void write_annotations(gen_out *out, const gen_request *r)
{
	out_lit(out, ",\"annotations\":{");
	if (r->forbidden)
		out_lit(out, "\"authorization.k8s.io/decision\":\"forbid\","
			     "\"authorization.k8s.io/reason\":\"\"");
	else
		out_str(out, r->who->allow_annotations);
	if (r->extra_annotations) {
		out_char(out, ',');
		out_str(out, r->extra_annotations);
	}
	out_char(out, '}');
}

void event_write(gen_out *out, const event_format *format, const gen_request *r,
		 gen_stage stage, uint64_t stage_us)
{
	out_lit(out, "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"");
	out_str(out, format->level);
	out_lit(out, "\",\"auditID\":\"");
	out_mem(out, r->audit_id, 36);
	out_lit(out, "\",\"stage\":\"");
	out_str(out, STAGE_NAMES[stage]);
	out_lit(out, "\",\"requestURI\":\"");
	out_str(out, r->request_uri);
	out_lit(out, "\",\"verb\":\"");
	out_str(out, r->verb);
	out_lit(out, "\",");
	out_str(out, r->who->user_json);
	out_str(out, r->who->client_json);
	if (r->has_object_ref)
		write_object_ref(out, r, stage);
	if (stage != STAGE_REQUEST_RECEIVED) {
		out_lit(out, ",\"responseStatus\":");
		out_str(out, r->status_json);
	}
	if (stage == STAGE_RESPONSE_COMPLETE)
		write_bodies(out, format, r, stage_us);
	out_lit(out, ",\"requestReceivedTimestamp\":");
	out_time(out, r->received_us, true);
	out_lit(out, ",\"stageTimestamp\":");
	out_time(out, stage_us, true);
	if (stage != STAGE_REQUEST_RECEIVED)
		write_annotations(out, r);
	out_lit(out, "}\n");
}
