/* event_fields: see event_fields.h. */
#include "event_fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

enum { ARENA_BLOCK_MIN = 64 * 1024 };

struct arena_block {
	arena_block *next;
	size_t cap, used;
	char data[];
};

/* Returns room for n bytes, reusing blocks kept from earlier events. */
static char *arena_alloc(event_fields *f, size_t n)
{
	while (f->arena_cur && f->arena_cur->cap - f->arena_cur->used < n) {
		if (!f->arena_cur->next)
			break;
		f->arena_cur = f->arena_cur->next;
	}
	if (!f->arena_cur || f->arena_cur->cap - f->arena_cur->used < n) {
		size_t cap = n > ARENA_BLOCK_MIN ? n : ARENA_BLOCK_MIN;
		arena_block *b = xmalloc(sizeof *b + cap);
		*b = (arena_block){ .cap = cap };
		if (f->arena_cur)
			f->arena_cur->next = b;
		else
			f->arena_head = b;
		f->arena_cur = b;
	}
	char *p = f->arena_cur->data + f->arena_cur->used;
	f->arena_cur->used += n;
	return p;
}

/* Gives back the unused end of the last allocation. */
static void arena_trim_last(event_fields *f, size_t unused) { f->arena_cur->used -= unused; }

void event_fields_init(event_fields *f) { *f = (event_fields){ 0 }; }

void event_fields_free(event_fields *f)
{
	for (arena_block *b = f->arena_head, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(f->groups);
	free(f->members);
	*f = (event_fields){ 0 };
}

void event_fields_begin(event_fields *f)
{
	for (arena_block *b = f->arena_head; b; b = b->next)
		b->used = 0;
	f->arena_cur = f->arena_head;
	memset(f->strings, 0, sizeof f->strings);
	f->group_count = 0;
	f->member_count = 0;
	f->has_user = f->has_impersonated_user = f->has_object_ref = false;
	f->has_proto_payload = false;
	f->response_code = 0;
	f->request_object = f->response_object = f->annotations = (span){ NULL, 0 };
	f->azure_log = f->azure_category = (span){ NULL, 0 };
	f->azure_log_field = NULL;
	f->has_problem = false;
	f->problem[0] = '\0';
	f->next_guess = 0;
}

static void problem(event_fields *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records the first thing wrong with the event; later ones add nothing useful. */
static void problem(event_fields *f, const char *fmt, ...)
{
	if (f->has_problem)
		return;
	f->has_problem = true;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->problem, sizeof f->problem, fmt, ap);
	va_end(ap);
}

/* Messages quote values, cut so that one silly value cannot flood the terminal. */
#define QUOTE_MAX 80
#define QUOTED(s) (int)((s).len < QUOTE_MAX ? (s).len : QUOTE_MAX), (s).ptr

static void wrong_type(event_fields *f, const char *path, span value, const char *expected)
{
	problem(f, "%s: expected %s, got %s", path, expected,
	        json_type_name(json_value_type(value)));
}

/* Decodes a string body into the arena. */
static span decode(event_fields *f, span body)
{
	size_t cap = JSON_DECODED_MAX(body.len);
	char *out = arena_alloc(f, cap);
	size_t len = json_string_decode(body, out, cap);
	arena_trim_last(f, cap - len);
	return (span){ out, len };
}

/* The decoded text of the string value just scanned by s: the body itself when it is
 * plain ASCII without escapes (most strings), else a copy decoded into the arena. */
static span string_text(event_fields *f, const json_scanner *s, span value)
{
	span body = json_string_body(value);
	return s->string_plain ? body : decode(f, body);
}

static void take_string(event_fields *f, const json_scanner *s, const char *path, field_id id,
                        span value)
{
	json_type type = json_value_type(value);
	if (type == JSON_TYPE_STRING)
		f->strings[id] = string_text(f, s, value);
	else if (type != JSON_TYPE_NULL)
		wrong_type(f, path, value, "a string");
}

/* Key comparison with the length known at compile time: no strlen, and a memcmp the
 * compiler inlines. */
#define key_is(key, literal)                                                               \
	((key).len == sizeof(literal) - 1 && memcmp((key).ptr, literal, sizeof(literal) - 1) == 0)

/* The keys of each object in the order kube-apiserver writes them (the Go struct order;
 * empty fields are left out). Reading a key that is the next one expected is a memcmp. */
static const json_key_guess event_keys[] = {
	JSON_KEY_GUESS("kind"), JSON_KEY_GUESS("apiVersion"), JSON_KEY_GUESS("level"),
	JSON_KEY_GUESS("auditID"), JSON_KEY_GUESS("stage"), JSON_KEY_GUESS("requestURI"),
	JSON_KEY_GUESS("verb"), JSON_KEY_GUESS("user"), JSON_KEY_GUESS("impersonatedUser"),
	JSON_KEY_GUESS("sourceIPs"), JSON_KEY_GUESS("userAgent"), JSON_KEY_GUESS("objectRef"),
	JSON_KEY_GUESS("responseStatus"), JSON_KEY_GUESS("requestObject"),
	JSON_KEY_GUESS("responseObject"), JSON_KEY_GUESS("requestReceivedTimestamp"),
	JSON_KEY_GUESS("stageTimestamp"), JSON_KEY_GUESS("annotations"),
};
static const json_key_guess user_keys[] = {
	JSON_KEY_GUESS("username"), JSON_KEY_GUESS("uid"), JSON_KEY_GUESS("groups"),
	JSON_KEY_GUESS("extra"),
};
static const json_key_guess object_ref_keys[] = {
	JSON_KEY_GUESS("resource"), JSON_KEY_GUESS("namespace"), JSON_KEY_GUESS("name"),
	JSON_KEY_GUESS("uid"), JSON_KEY_GUESS("apiGroup"), JSON_KEY_GUESS("apiVersion"),
	JSON_KEY_GUESS("resourceVersion"), JSON_KEY_GUESS("subresource"),
};
static const json_key_guess response_status_keys[] = {
	JSON_KEY_GUESS("metadata"), JSON_KEY_GUESS("status"), JSON_KEY_GUESS("message"),
	JSON_KEY_GUESS("reason"), JSON_KEY_GUESS("details"), JSON_KEY_GUESS("code"),
};

typedef struct {
	const json_key_guess *keys;
	size_t count;
} key_order;

#define KEY_ORDER(keys) ((key_order){ keys, sizeof keys / sizeof keys[0] })
#define NO_KEY_ORDER ((key_order){ NULL, 0 })

/* Nested objects are read in place, member by member, in the same pass that validates
 * them; a handler consumes the value of the member whose key it is given. */
typedef json_status member_handler(event_fields *f, json_scanner *s, json_iter *it, span key);

static json_status take_string_member(event_fields *f, json_scanner *s, json_iter *it,
                                       const char *path, field_id id)
{
	span value;
	json_status st = json_iter_value(s, it, &value);
	if (st == JSON_OK)
		take_string(f, s, path, id, value);
	return st;
}

/* Reads the object at it->pos with `handler`; *is_object says whether it was one (null and
 * other types are skipped, the latter reported). *raw gets the value's text. */
static json_status read_object(event_fields *f, json_scanner *s, json_iter *outer,
                               const char *path, member_handler *handler, key_order order,
                               span *raw, bool *is_object)
{
	const char *start = outer->pos;
	*is_object = *start == '{';
	if (!*is_object) {
		json_status st = json_iter_value(s, outer, raw);
		if (st == JSON_OK && json_value_type(*raw) != JSON_TYPE_NULL)
			wrong_type(f, path, *raw, "an object");
		return st;
	}
	json_iter it;
	span key;
	size_t next_guess = 0;
	json_status st = json_object_begin(s, start, outer->depth, &it);
	while (st == JSON_OK) {
		st = json_object_next_key_guess(s, &it, order.keys, order.count, &next_guess, &key);
		if (st == JSON_OK)
			st = handler(f, s, &it, it.key_escaped ? decode(f, key) : key);
	}
	if (st != JSON_END)
		return st;
	outer->pos = it.pos;
	*raw = (span){ start, (size_t)(it.pos - start) };
	return JSON_OK;
}

static void push_group(event_fields *f, span body)
{
	if (f->group_count == f->group_cap) {
		f->group_cap = f->group_cap ? f->group_cap * 2 : 16;
		f->groups = xreallocarray(f->groups, f->group_cap, sizeof *f->groups);
	}
	f->groups[f->group_count++] = body;
}

static json_status read_groups(event_fields *f, json_scanner *s, json_iter *outer)
{
	span value;
	f->group_count = 0; /* a slice is replaced, and null empties it, as in Go */
	if (*outer->pos != '[') {
		json_status st = json_iter_value(s, outer, &value);
		if (st == JSON_OK && json_value_type(value) != JSON_TYPE_NULL)
			wrong_type(f, "user.groups", value, "an array");
		return st;
	}
	json_iter it;
	json_status st = json_array_begin(s, outer->pos, outer->depth, &it);
	for (size_t i = 0; st == JSON_OK; i++) {
		st = json_array_next(s, &it, &value);
		if (st != JSON_OK)
			break;
		json_type type = json_value_type(value);
		if (type == JSON_TYPE_STRING)
			push_group(f, string_text(f, s, value));
		else if (type == JSON_TYPE_NULL)
			push_group(f, (span){ value.ptr, 0 });
		else
			problem(f, "user.groups[%zu]: expected a string, got %s", i,
			        json_type_name(type));
	}
	if (st != JSON_END)
		return st;
	outer->pos = it.pos;
	return JSON_OK;
}

static json_status user_member(event_fields *f, json_scanner *s, json_iter *it, span key)
{
	if (key_is(key, "groups"))
		return read_groups(f, s, it);
	if (key_is(key, "username"))
		return take_string_member(f, s, it, "user.username", FIELD_USER_NAME);
	return json_iter_value(s, it, NULL);
}

static json_status object_ref_member(event_fields *f, json_scanner *s, json_iter *it, span key)
{
#define OBJECT_REF_FIELD(literal, id)                                                     \
	if (key_is(key, literal))                                                         \
		return take_string_member(f, s, it, "objectRef." literal, id);
	OBJECT_REF_FIELD("resource", FIELD_OBJECT_RESOURCE);
	OBJECT_REF_FIELD("namespace", FIELD_OBJECT_NAMESPACE);
	OBJECT_REF_FIELD("name", FIELD_OBJECT_NAME);
	OBJECT_REF_FIELD("apiGroup", FIELD_OBJECT_API_GROUP);
	OBJECT_REF_FIELD("apiVersion", FIELD_OBJECT_API_VERSION);
	OBJECT_REF_FIELD("subresource", FIELD_OBJECT_SUBRESOURCE);
#undef OBJECT_REF_FIELD
	return json_iter_value(s, it, NULL);
}

static void take_response_code(event_fields *f, span value)
{
	long long code;
	json_type type = json_value_type(value);
	if (type == JSON_TYPE_NULL)
		return;
	if (type != JSON_TYPE_NUMBER) {
		wrong_type(f, "responseStatus.code", value, "an integer");
		return;
	}
	/* Status.code is an int32 in Go: 200.0 and 1e3 do not decode */
	if (!json_read_int(value, &code) || code < -2147483647LL - 1 || code > 2147483647LL) {
		problem(f, "responseStatus.code: expected a 32-bit integer, got %.*s", QUOTED(value));
		return;
	}
	f->response_code = code;
}

static json_status response_status_member(event_fields *f, json_scanner *s, json_iter *it,
                                          span key)
{
	if (key_is(key, "message"))
		return take_string_member(f, s, it, "responseStatus.message", FIELD_RESPONSE_MESSAGE);
	span value;
	json_status st = json_iter_value(s, it, &value);
	if (st == JSON_OK && key_is(key, "code"))
		take_response_code(f, value);
	return st;
}

/* annotations is a map[string]string: every value must be a string. */
static json_status annotation_member(event_fields *f, json_scanner *s, json_iter *it, span key)
{
	span value;
	json_status st = json_iter_value(s, it, &value);
	if (st != JSON_OK) /* value is unset, e.g. at the end of a read buffer (NEED_MORE) */
		return st;
	json_type type = json_value_type(value);
	if (type != JSON_TYPE_STRING && type != JSON_TYPE_NULL)
		problem(f, "annotations.%.*s: expected a string, got %s", QUOTED(key),
		        json_type_name(type));
	return st;
}

static json_status impersonated_user_member(event_fields *f, json_scanner *s, json_iter *it,
                                            span key)
{
	(void)f;
	(void)key;
	return json_iter_value(s, it, NULL);
}

static json_status properties_member(event_fields *f, json_scanner *s, json_iter *it, span key)
{
	span value;
	json_status st = json_iter_value(s, it, &value);
	if (st == JSON_OK && key_is(key, "log")) {
		f->azure_log = value;
		f->azure_log_field = "properties.log";
	}
	return st;
}

static void add_member(event_fields *f, span key, span value)
{
	if (f->member_count == f->member_cap) {
		f->member_cap = f->member_cap ? f->member_cap * 2 : 32;
		f->members = xreallocarray(f->members, f->member_cap, sizeof *f->members);
	}
	f->members[f->member_count++] = (event_member){ key, value };
}

/* Reads one top-level member's value by name. Called for every member of every event, so
 * names are told apart by length first. */
static json_status read_member(event_fields *f, json_scanner *s, json_iter *it, span key)
{
	span raw;
	bool is_object;
	json_status st;
#define STRING_FIELD(literal, id)                                                         \
	if (key_is(key, literal))                                                         \
		return take_string_member(f, s, it, literal, id);
#define OBJECT_FIELD(literal, handler, order, flag)                                       \
	if (key_is(key, literal)) {                                                       \
		st = read_object(f, s, it, literal, handler, order, &raw, &is_object);    \
		flag;                                                                     \
		return st;                                                                \
	}
	switch (key.len) {
	case 4:
		STRING_FIELD("kind", FIELD_KIND);
		STRING_FIELD("verb", FIELD_VERB);
		OBJECT_FIELD("user", user_member, KEY_ORDER(user_keys), f->has_user |= is_object);
		break;
	case 5:
		STRING_FIELD("level", FIELD_LEVEL);
		STRING_FIELD("stage", FIELD_STAGE);
		if (key_is(key, "log_s")) {
			f->azure_log = (span){ it->pos, 0 };
			f->azure_log_field = "log_s";
			st = json_iter_value(s, it, &f->azure_log);
			return st;
		}
		break;
	case 7:
		STRING_FIELD("auditID", FIELD_AUDIT_ID);
		break;
	case 8:
		/* an Azure record's category: "category" in Event Hub and storage exports,
		 * "Category" in AzureDiagnostics rows (no event member has 8 letters) */
		if (key_is(key, "category") || key_is(key, "Category")) {
			f->azure_category = (span){ it->pos, 0 };
			return json_iter_value(s, it, &f->azure_category);
		}
		break;
	case 9:
		STRING_FIELD("timestamp", FIELD_TIMESTAMP);
		OBJECT_FIELD("objectRef", object_ref_member, KEY_ORDER(object_ref_keys),
		             f->has_object_ref |= is_object);
		break;
	case 10:
		STRING_FIELD("apiVersion", FIELD_API_VERSION);
		STRING_FIELD("requestURI", FIELD_REQUEST_URI);
		OBJECT_FIELD("properties", properties_member, NO_KEY_ORDER, (void)0);
		break;
	case 11:
		OBJECT_FIELD("annotations", annotation_member, NO_KEY_ORDER,
		             f->annotations = is_object ? raw : f->annotations);
		break;
	case 14:
		STRING_FIELD("stageTimestamp", FIELD_STAGE_TIMESTAMP);
		OBJECT_FIELD("responseStatus", response_status_member,
		             KEY_ORDER(response_status_keys), (void)0);
		break;
	case 16:
		OBJECT_FIELD("impersonatedUser", impersonated_user_member, KEY_ORDER(user_keys),
		             f->has_impersonated_user |= is_object);
		break;
	case 24:
		STRING_FIELD("requestReceivedTimestamp", FIELD_REQUEST_RECEIVED_TIMESTAMP);
		break;
	default:
		break;
	}
#undef STRING_FIELD
#undef OBJECT_FIELD
	if ((st = json_iter_value(s, it, &raw)) != JSON_OK)
		return st;
	/* bodies are kept raw; null counts as absent */
	if (key_is(key, "requestObject") && json_value_type(raw) != JSON_TYPE_NULL)
		f->request_object = raw;
	else if (key_is(key, "responseObject") && json_value_type(raw) != JSON_TYPE_NULL)
		f->response_object = raw;
	else if (key_is(key, "protoPayload"))
		f->has_proto_payload = true;
	return JSON_OK;
}

json_status event_fields_next_key(event_fields *f, json_scanner *s, json_iter *it, span *key)
{
	return json_object_next_key_guess(s, it, event_keys, sizeof event_keys / sizeof event_keys[0],
	                                  &f->next_guess, key);
}

json_status event_fields_member(event_fields *f, json_scanner *s, json_iter *it, span key)
{
	/* keys are compared decoded, so "kin\u0064" is "kind" as it is for Go */
	if (it->key_escaped)
		key = decode(f, key);
	const char *value_start = it->pos;
	json_status st = read_member(f, s, it, key);
	if (st == JSON_OK)
		add_member(f, key, (span){ value_start, (size_t)(it->pos - value_start) });
	return st;
}

json_status event_fields_object(event_fields *f, json_scanner *s, const char *p, size_t depth,
                                const char **end)
{
	json_iter it;
	span key;
	json_status st = json_object_begin(s, p, depth, &it);
	while (st == JSON_OK) {
		st = event_fields_next_key(f, s, &it, &key);
		if (st == JSON_OK)
			st = event_fields_member(f, s, &it, key);
	}
	if (st == JSON_END) {
		*end = it.pos;
		return JSON_OK;
	}
	return st;
}

bool event_fields_is_azure_row(const event_fields *f)
{
	return f->azure_log.ptr && !f->strings[FIELD_AUDIT_ID].ptr && !f->strings[FIELD_KIND].ptr;
}

span event_fields_other_azure_category(const event_fields *f)
{
	span none = { NULL, 0 };
	if (!f->azure_category.ptr || f->strings[FIELD_AUDIT_ID].ptr || f->strings[FIELD_KIND].ptr ||
	    json_value_type(f->azure_category) != JSON_TYPE_STRING)
		return none;
	span name = json_string_body(f->azure_category);
	if (span_eq(name, "kube-audit") || span_eq(name, "kube-audit-admin"))
		return none;
	return name;
}

#define LITERAL(text) { text, sizeof(text) - 1 }

static const span levels[] = { LITERAL("None"), LITERAL("Metadata"), LITERAL("Request"),
	                       LITERAL("RequestResponse"), { NULL, 0 } };
static const span stages[] = { LITERAL("RequestReceived"), LITERAL("ResponseStarted"),
	                       LITERAL("ResponseComplete"), LITERAL("Panic"), { NULL, 0 } };
static const span api_versions[] = { LITERAL("audit.k8s.io/v1"), LITERAL("audit.k8s.io/v1beta1"),
	                             { NULL, 0 } };

static bool one_of(span value, const span *names)
{
	for (; names->ptr; names++)
		if (span_eq_span(value, *names))
			return true;
	return false;
}

/* A required field with a closed set of values. */
static void check_enum(event_fields *f, const char *name, span value, const span *allowed)
{
	if (!value.ptr)
		problem(f, "missing \"%s\"", name);
	else if (!one_of(value, allowed))
		problem(f, "unknown %s \"%.*s\"", name, QUOTED(value));
}

static void check_event(event_fields *f, const audit_event *ev)
{
	if (ev->kind.ptr && !key_is(ev->kind, "Event"))
		problem(f, "kind is \"%.*s\", not \"Event\"", QUOTED(ev->kind));
	if (ev->api_version.ptr && !one_of(ev->api_version, api_versions))
		problem(f, "apiVersion \"%.*s\" is not audit.k8s.io/v1 or v1beta1",
		        QUOTED(ev->api_version));
	if (!ev->audit_id.ptr && f->has_proto_payload)
		problem(f, "a Cloud Logging entry (protoPayload), not an audit.k8s.io event");
	if (!ev->audit_id.ptr)
		problem(f, "missing \"auditID\"");
	check_enum(f, "stage", ev->stage, stages);
	check_enum(f, "level", ev->level, levels);
	if (!ev->verb.ptr)
		problem(f, "missing \"verb\"");
}

bool event_fields_finish(event_fields *f, audit_event *out)
{
	const span *d = f->strings;
	*out = (audit_event){
		.members = f->members,
		.member_count = f->member_count,
		.kind = d[FIELD_KIND],
		.api_version = d[FIELD_API_VERSION],
		.level = d[FIELD_LEVEL],
		.audit_id = d[FIELD_AUDIT_ID],
		.stage = d[FIELD_STAGE],
		.request_uri = d[FIELD_REQUEST_URI],
		.verb = d[FIELD_VERB],
		.has_user = f->has_user,
		.user_name = d[FIELD_USER_NAME],
		.user_groups = f->group_count ? f->groups : NULL,
		.user_group_count = f->group_count,
		.has_impersonated_user = f->has_impersonated_user,
		.has_object_ref = f->has_object_ref,
		.object_resource = d[FIELD_OBJECT_RESOURCE],
		.object_namespace = d[FIELD_OBJECT_NAMESPACE],
		.object_name = d[FIELD_OBJECT_NAME],
		.object_api_group = d[FIELD_OBJECT_API_GROUP],
		.object_api_version = d[FIELD_OBJECT_API_VERSION],
		.object_subresource = d[FIELD_OBJECT_SUBRESOURCE],
		.response_code = (int)f->response_code,
		.response_message = d[FIELD_RESPONSE_MESSAGE],
		.request_received_timestamp = d[FIELD_REQUEST_RECEIVED_TIMESTAMP],
		.stage_timestamp = d[FIELD_STAGE_TIMESTAMP],
		.timestamp = d[FIELD_TIMESTAMP],
		.raw_request_object = f->request_object,
		.raw_response_object = f->response_object,
		.raw_annotations = f->annotations,
	};
	check_event(f, out);
	return !f->has_problem;
}
