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
static inline span string_text(event_fields *f, const json_scanner *s, span value)
{
	span body = { value.ptr + 1, value.len - 2 }; /* a validated string: in quotes */
	return s->string_plain ? body : decode(f, body);
}

static inline void take_string(event_fields *f, const json_scanner *s, const char *path,
                               field_id id, span value)
{
	if (value.ptr[0] == '"')
		f->strings[id] = string_text(f, s, value);
	else if (json_value_type(value) != JSON_TYPE_NULL)
		wrong_type(f, path, value, "a string");
}

/* Key comparison with the length known at compile time: no strlen, and a memcmp the
 * compiler inlines. */
#define key_is(key, literal)                                                               \
	((key).len == sizeof(literal) - 1 && memcmp((key).ptr, literal, sizeof(literal) - 1) == 0)

/* Each object's known members have fixed slots: their place in the list of keys, which
 * is the order kube-apiserver writes them in (the Go struct order; empty fields are left
 * out). A key that is the next one expected is a word compare or two and names its slot
 * at once (json_object_next_key_guess); any other key is looked up by name. */
enum {
	EV_KIND, EV_API_VERSION, EV_LEVEL, EV_AUDIT_ID, EV_STAGE, EV_REQUEST_URI, EV_VERB, EV_USER,
	EV_IMPERSONATED_USER, EV_SOURCE_IPS, EV_USER_AGENT, EV_OBJECT_REF, EV_RESPONSE_STATUS,
	EV_REQUEST_OBJECT, EV_RESPONSE_OBJECT, EV_REQUEST_RECEIVED_TIMESTAMP, EV_STAGE_TIMESTAMP,
	EV_ANNOTATIONS,
	/* not in an Event: the members of Azure records and Cloud Logging entries */
	EV_TIMESTAMP, EV_LOG_S, EV_CATEGORY, EV_CATEGORY_UPPER, EV_PROPERTIES, EV_PROTO_PAYLOAD,
	EV_SLOTS
};
static const json_key_guess event_keys[EV_SLOTS] = {
	[EV_KIND] = JSON_KEY_GUESS("kind"),
	[EV_API_VERSION] = JSON_KEY_GUESS("apiVersion"),
	[EV_LEVEL] = JSON_KEY_GUESS("level"),
	[EV_AUDIT_ID] = JSON_KEY_GUESS("auditID"),
	[EV_STAGE] = JSON_KEY_GUESS("stage"),
	[EV_REQUEST_URI] = JSON_KEY_GUESS("requestURI"),
	[EV_VERB] = JSON_KEY_GUESS("verb"),
	[EV_USER] = JSON_KEY_GUESS("user"),
	[EV_IMPERSONATED_USER] = JSON_KEY_GUESS("impersonatedUser"),
	[EV_SOURCE_IPS] = JSON_KEY_GUESS("sourceIPs"),
	[EV_USER_AGENT] = JSON_KEY_GUESS("userAgent"),
	[EV_OBJECT_REF] = JSON_KEY_GUESS("objectRef"),
	[EV_RESPONSE_STATUS] = JSON_KEY_GUESS("responseStatus"),
	[EV_REQUEST_OBJECT] = JSON_KEY_GUESS("requestObject"),
	[EV_RESPONSE_OBJECT] = JSON_KEY_GUESS("responseObject"),
	[EV_REQUEST_RECEIVED_TIMESTAMP] = JSON_KEY_GUESS("requestReceivedTimestamp"),
	[EV_STAGE_TIMESTAMP] = JSON_KEY_GUESS("stageTimestamp"),
	[EV_ANNOTATIONS] = JSON_KEY_GUESS("annotations"),
	[EV_TIMESTAMP] = JSON_KEY_GUESS("timestamp"),
	[EV_LOG_S] = JSON_KEY_GUESS("log_s"),
	/* an Azure record's category: "category" in Event Hub and storage exports,
	 * "Category" in AzureDiagnostics rows */
	[EV_CATEGORY] = JSON_KEY_GUESS("category"),
	[EV_CATEGORY_UPPER] = JSON_KEY_GUESS("Category"),
	[EV_PROPERTIES] = JSON_KEY_GUESS("properties"),
	[EV_PROTO_PAYLOAD] = JSON_KEY_GUESS("protoPayload"),
};

enum { USER_USERNAME, USER_UID, USER_GROUPS, USER_EXTRA, USER_SLOTS };
static const json_key_guess user_keys[USER_SLOTS] = {
	[USER_USERNAME] = JSON_KEY_GUESS("username"),
	[USER_UID] = JSON_KEY_GUESS("uid"),
	[USER_GROUPS] = JSON_KEY_GUESS("groups"),
	[USER_EXTRA] = JSON_KEY_GUESS("extra"),
};

enum {
	REF_RESOURCE, REF_NAMESPACE, REF_NAME, REF_UID, REF_API_GROUP, REF_API_VERSION,
	REF_RESOURCE_VERSION, REF_SUBRESOURCE, REF_SLOTS
};
static const json_key_guess object_ref_keys[REF_SLOTS] = {
	[REF_RESOURCE] = JSON_KEY_GUESS("resource"),
	[REF_NAMESPACE] = JSON_KEY_GUESS("namespace"),
	[REF_NAME] = JSON_KEY_GUESS("name"),
	[REF_UID] = JSON_KEY_GUESS("uid"),
	[REF_API_GROUP] = JSON_KEY_GUESS("apiGroup"),
	[REF_API_VERSION] = JSON_KEY_GUESS("apiVersion"),
	[REF_RESOURCE_VERSION] = JSON_KEY_GUESS("resourceVersion"),
	[REF_SUBRESOURCE] = JSON_KEY_GUESS("subresource"),
};

enum { STATUS_METADATA, STATUS_STATUS, STATUS_MESSAGE, STATUS_REASON, STATUS_DETAILS,
       STATUS_CODE, STATUS_SLOTS };
static const json_key_guess response_status_keys[STATUS_SLOTS] = {
	[STATUS_METADATA] = JSON_KEY_GUESS("metadata"),
	[STATUS_STATUS] = JSON_KEY_GUESS("status"),
	[STATUS_MESSAGE] = JSON_KEY_GUESS("message"),
	[STATUS_REASON] = JSON_KEY_GUESS("reason"),
	[STATUS_DETAILS] = JSON_KEY_GUESS("details"),
	[STATUS_CODE] = JSON_KEY_GUESS("code"),
};

enum { PROPERTIES_LOG, PROPERTIES_SLOTS };
static const json_key_guess properties_keys[PROPERTIES_SLOTS] = {
	[PROPERTIES_LOG] = JSON_KEY_GUESS("log"),
};

/* An object's known keys: the first `guessed` are the ones writers put in this order,
 * guessed as they come; the others (Azure's and Cloud Logging's, whose order varies) are
 * only looked up. A guess that matched further down the list would make every later key
 * of the Event miss its guess. */
typedef struct {
	const json_key_guess *keys;
	size_t guessed, count;
} key_order;

#define KEY_ORDER(keys) ((key_order){ keys, sizeof keys / sizeof keys[0], sizeof keys / sizeof keys[0] })
#define NO_KEY_ORDER ((key_order){ NULL, 0, 0 })

/* The slot of a (decoded) key that was not guessed, or order.count when it has none. */
static size_t slot_named(key_order order, span key)
{
	for (size_t i = 0; i < order.count; i++) {
		const json_key_guess *g = &order.keys[i];
		/* g->text is "\"name\":" */
		if (g->len - 3 == key.len && key.len > 0 && g->text[1] == key.ptr[0] &&
		    memcmp(g->text + 1, key.ptr, key.len) == 0)
			return i;
	}
	return order.count;
}

/* Reads the next key with the guesses of `order`: *key is as written, *decoded is the key
 * decoded (the same span unless it has escapes; the two may be one variable) and *slot its
 * slot (order.count when it has none). */
static json_status next_key_slot(event_fields *f, json_scanner *s, json_iter *it, key_order order,
                                 size_t *next_guess, span *key, span *decoded, size_t *slot)
{
	size_t before = *next_guess;
	json_status st = json_object_next_key_guess(s, it, order.keys, order.guessed, next_guess, key);
	if (st != JSON_OK)
		return st;
	if (*next_guess != before) { /* guessed: the guess that matched is the one before */
		*decoded = *key;
		*slot = *next_guess - 1;
		return JSON_OK;
	}
	/* keys are compared decoded, so "kin\u0064" is "kind" as it is for Go */
	*decoded = it->key_escaped ? decode(f, *key) : *key;
	*slot = slot_named(order, *decoded);
	return JSON_OK;
}

/* Nested objects are read in place, member by member, in the same pass that validates
 * them; a handler consumes the value of the member in `slot` (of the object's key order;
 * the order's count for an unknown key), whose decoded key it is given. */
typedef json_status member_handler(event_fields *f, json_scanner *s, json_iter *it, span key,
                                   size_t slot);

static inline json_status take_string_member(event_fields *f, json_scanner *s, json_iter *it,
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
	size_t next_guess = 0, slot;
	json_status st = json_object_begin(s, start, outer->depth, &it);
	while (st == JSON_OK) {
		st = next_key_slot(f, s, &it, order, &next_guess, &key, &key, &slot);
		if (st == JSON_OK)
			st = handler(f, s, &it, key, slot);
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

static json_status user_member(event_fields *f, json_scanner *s, json_iter *it, span key,
                               size_t slot)
{
	(void)key;
	switch (slot) {
	case USER_USERNAME:
		return take_string_member(f, s, it, "user.username", FIELD_USER_NAME);
	case USER_GROUPS:
		return read_groups(f, s, it);
	default:
		return json_iter_value(s, it, NULL);
	}
}

static json_status object_ref_member(event_fields *f, json_scanner *s, json_iter *it, span key,
                                     size_t slot)
{
	(void)key;
	switch (slot) {
#define OBJECT_REF_FIELD(slot, literal, id)                                               \
	case slot:                                                                        \
		return take_string_member(f, s, it, "objectRef." literal, id);
	OBJECT_REF_FIELD(REF_RESOURCE, "resource", FIELD_OBJECT_RESOURCE)
	OBJECT_REF_FIELD(REF_NAMESPACE, "namespace", FIELD_OBJECT_NAMESPACE)
	OBJECT_REF_FIELD(REF_NAME, "name", FIELD_OBJECT_NAME)
	OBJECT_REF_FIELD(REF_API_GROUP, "apiGroup", FIELD_OBJECT_API_GROUP)
	OBJECT_REF_FIELD(REF_API_VERSION, "apiVersion", FIELD_OBJECT_API_VERSION)
	OBJECT_REF_FIELD(REF_SUBRESOURCE, "subresource", FIELD_OBJECT_SUBRESOURCE)
#undef OBJECT_REF_FIELD
	default:
		return json_iter_value(s, it, NULL);
	}
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
                                          span key, size_t slot)
{
	(void)key;
	if (slot == STATUS_MESSAGE)
		return take_string_member(f, s, it, "responseStatus.message", FIELD_RESPONSE_MESSAGE);
	span value;
	json_status st = json_iter_value(s, it, &value);
	if (st == JSON_OK && slot == STATUS_CODE)
		take_response_code(f, value);
	return st;
}

/* annotations is a map[string]string: every value must be a string. */
static json_status annotation_member(event_fields *f, json_scanner *s, json_iter *it, span key,
                                     size_t slot)
{
	(void)slot;
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
                                            span key, size_t slot)
{
	(void)f;
	(void)key;
	(void)slot;
	return json_iter_value(s, it, NULL);
}

static json_status properties_member(event_fields *f, json_scanner *s, json_iter *it, span key,
                                     size_t slot)
{
	(void)key;
	span value;
	json_status st = json_iter_value(s, it, &value);
	if (st == JSON_OK && slot == PROPERTIES_LOG) {
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

/* Reads the value of the top-level member in `slot`. */
static json_status read_member(event_fields *f, json_scanner *s, json_iter *it, size_t slot)
{
	span raw;
	bool is_object;
	json_status st;
#define STRING_FIELD(slot, literal, id)                                                   \
	case slot:                                                                        \
		return take_string_member(f, s, it, literal, id);
#define OBJECT_FIELD(slot, literal, handler, order, flag)                                 \
	case slot:                                                                        \
		st = read_object(f, s, it, literal, handler, order, &raw, &is_object);    \
		flag;                                                                     \
		return st;
	switch (slot) {
	STRING_FIELD(EV_KIND, "kind", FIELD_KIND)
	STRING_FIELD(EV_API_VERSION, "apiVersion", FIELD_API_VERSION)
	STRING_FIELD(EV_LEVEL, "level", FIELD_LEVEL)
	STRING_FIELD(EV_AUDIT_ID, "auditID", FIELD_AUDIT_ID)
	STRING_FIELD(EV_STAGE, "stage", FIELD_STAGE)
	STRING_FIELD(EV_REQUEST_URI, "requestURI", FIELD_REQUEST_URI)
	STRING_FIELD(EV_VERB, "verb", FIELD_VERB)
	STRING_FIELD(EV_REQUEST_RECEIVED_TIMESTAMP, "requestReceivedTimestamp",
	             FIELD_REQUEST_RECEIVED_TIMESTAMP)
	STRING_FIELD(EV_STAGE_TIMESTAMP, "stageTimestamp", FIELD_STAGE_TIMESTAMP)
	STRING_FIELD(EV_TIMESTAMP, "timestamp", FIELD_TIMESTAMP)
	OBJECT_FIELD(EV_USER, "user", user_member, KEY_ORDER(user_keys), f->has_user |= is_object)
	OBJECT_FIELD(EV_IMPERSONATED_USER, "impersonatedUser", impersonated_user_member,
	             KEY_ORDER(user_keys), f->has_impersonated_user |= is_object)
	OBJECT_FIELD(EV_OBJECT_REF, "objectRef", object_ref_member, KEY_ORDER(object_ref_keys),
	             f->has_object_ref |= is_object)
	OBJECT_FIELD(EV_RESPONSE_STATUS, "responseStatus", response_status_member,
	             KEY_ORDER(response_status_keys), (void)0)
	OBJECT_FIELD(EV_ANNOTATIONS, "annotations", annotation_member, NO_KEY_ORDER,
	             f->annotations = is_object ? raw : f->annotations)
	OBJECT_FIELD(EV_PROPERTIES, "properties", properties_member, KEY_ORDER(properties_keys),
	             (void)0)
	case EV_LOG_S:
		f->azure_log = (span){ it->pos, 0 };
		f->azure_log_field = "log_s";
		return json_iter_value(s, it, &f->azure_log);
	case EV_CATEGORY:
	case EV_CATEGORY_UPPER:
		f->azure_category = (span){ it->pos, 0 };
		return json_iter_value(s, it, &f->azure_category);
	default:
		break;
	}
#undef STRING_FIELD
#undef OBJECT_FIELD
	if ((st = json_iter_value(s, it, &raw)) != JSON_OK)
		return st;
	/* bodies are kept raw; null counts as absent */
	if (slot == EV_REQUEST_OBJECT && json_value_type(raw) != JSON_TYPE_NULL)
		f->request_object = raw;
	else if (slot == EV_RESPONSE_OBJECT && json_value_type(raw) != JSON_TYPE_NULL)
		f->response_object = raw;
	else if (slot == EV_PROTO_PAYLOAD)
		f->has_proto_payload = true;
	return JSON_OK;
}

json_status event_fields_next_key(event_fields *f, json_scanner *s, json_iter *it, span *key)
{
	const key_order order = { event_keys, EV_ANNOTATIONS + 1, EV_SLOTS };
	return next_key_slot(f, s, it, order, &f->next_guess, key, &f->key, &f->slot);
}

json_status event_fields_member(event_fields *f, json_scanner *s, json_iter *it)
{
	const char *value_start = it->pos;
	json_status st = read_member(f, s, it, f->slot);
	if (st == JSON_OK)
		add_member(f, f->key, (span){ value_start, (size_t)(it->pos - value_start) });
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
			st = event_fields_member(f, s, &it);
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
