/* scenario: hand-written request lists (YAML) that stand in for a recording.
 *
 * Each entry of `requests:` is given by attributes (user, groups, verb, apiGroup,
 * apiVersion, resource, subresource, namespace, name, or path for a non-resource
 * request) or as `request: METHOD URL`. Either way it is resolved the same way: the
 * attributes are turned into the HTTP method and URL a client would send, and that URL
 * is parsed with request_info_parse, so a scenario request is exactly what
 * kube-apiserver's policy would see for that URL. An entry may also carry `expect:`,
 * what `auditsim test` checks the policy decides for it (scenario_expect.h), and the
 * file a top-level `expectInvalid:`; every other reader ignores both. The format is
 * documented in auditsim-scenario(5) (doc/auditsim-scenario.5.scd) and
 * fixtures/scenarios/README.md. */
#ifndef AUDITSIM_SCENARIO_H
#define AUDITSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "input.h"
#include "request.h"
#include "scenario_expect.h"
#include "stages.h"

/* The largest scenario file read. */
#define SCENARIO_MAX_BYTES ((size_t)16 << 20)

/* The keys of one request entry, as written. */
typedef enum {
	SPEC_USER,
	SPEC_GROUPS,
	SPEC_VERB,
	SPEC_API_GROUP,
	SPEC_API_VERSION,
	SPEC_RESOURCE,
	SPEC_SUBRESOURCE,
	SPEC_NAMESPACE,
	SPEC_NAME,
	SPEC_PATH,
	SPEC_REQUEST,
	SPEC_FLOW,
	SPEC_CODE,
	SPEC_COUNT,
	SPEC_FIELD_COUNT
} spec_field;

/* The scenario key of each field ("apiGroup", ...). */
const char *spec_field_name(spec_field field);

/* One request as written, before resolution. Strings are borrowed; NULL is absent.
 * A `user` that is absent or null means the request has no user. */
typedef struct {
	const char *value[SPEC_FIELD_COUNT]; /* SPEC_GROUPS unused: see groups */
	source_pos pos[SPEC_FIELD_COUNT];
	source_pos entry; /* the list entry */
	const char *const *groups;
	size_t group_count;
} request_spec;

/* A resolved request: what the policy sees and what its synthetic event holds. Owns
 * every string. */
typedef struct {
	source_pos pos;      /* the list entry */
	unsigned long count; /* repetitions */
	request_flow flow;
	int code; /* responseStatus.code of its event */

	bool has_user;
	char *user_name;
	char **groups; /* as written, then the groups kube-apiserver adds (§5) */
	span *group_spans;
	size_t group_count;

	char *method;      /* HTTP method */
	char *request_uri; /* path and query as sent */

	/* the attributes, exactly as request_info_parse derives them from method and URL */
	char *verb;
	bool is_resource;
	char *api_group;
	char *api_version;
	char *resource;
	char *subresource;
	char *namespace_;
	char *name;
	char *path;
	/* objectRef.name as kube-apiserver logs it: for a create, the name in the body,
	 * which the policy never sees (§7.2) */
	char *object_name;

	expect_values expect; /* what a test expects (fields 0: nothing) */
	expect_place expect_at;
} scenario_request;

typedef struct {
	char *file; /* as given */
	char *stem; /* base name without .yaml/.yml, for audit IDs */
	scenario_request *requests;
	size_t count;
	unsigned long long total; /* requests after repetition */
	double period_seconds;    /* `period:`, what the counts are per; 0: none declared */
	/* `expectInvalid: FIELD`: the policy must fail validation with an error at FIELD
	 * ("rules[2].level"); NULL when not given. `requests` may then be left out. */
	char *expect_invalid;
	source_pos expect_invalid_pos;
	text_range expect_invalid_range;
} scenario;

/* Resolves one spec. On failure returns false with *field set to the field at fault and
 * *message to a newly allocated explanation (the caller frees it); *out is then empty. */
bool scenario_resolve(const request_spec *spec, scenario_request *out, spec_field *field,
                      char **message);

/* A warning about a resolved request that kube-apiserver would treat otherwise than its
 * author likely meant — today a method not in upper case ("get /api/v1/pods": HTTP
 * methods are case-sensitive, so it is an unknown method, verb ""). Newly allocated
 * text, or NULL when there is nothing to say. */
char *scenario_request_warning(const scenario_request *req);

/* The attributes the policy sees; spans point into req. */
void scenario_request_attrs(const scenario_request *req, request_attrs *out);

void scenario_request_free(scenario_request *req);

/* Parses and resolves a scenario read to its end from `in` (which the caller still closes),
 * or held in memory; `name` is its file. Returns true with *out filled, or false after
 * adding positioned errors ("requests[3].verb: ...") to diags; *out is initialised either
 * way and freed with scenario_free. A scenario may be 16 MiB long; the whole text is read
 * into memory before it is parsed. */
bool scenario_load_input(const char *name, input *in, scenario *out, diag_list *diags);
bool scenario_load_buffer(const char *name, const char *data, size_t len, scenario *out,
                          diag_list *diags);

void scenario_free(scenario *s);

#endif
