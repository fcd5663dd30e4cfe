/* Builds policy rules and request attributes in memory for the checker and stages
 * tests, without the YAML loader. Everything is compound literals with automatic or
 * static storage: nothing to free.
 *
 *   policy_rule rule = RULE(LEVEL_METADATA, .verbs = LIST("get"),
 *                           RESOURCES(GR("", LIST("pods")), GR("apps", EMPTY_LIST)));
 *   request_attrs r = resource_request("get", "", "pods", "", "default", "p1");
 */
#ifndef AUDITSIM_TEST_POLICY_BUILDER_H
#define AUDITSIM_TEST_POLICY_BUILDER_H

#include <stddef.h>

#include "checker.h"
#include "policy.h"
#include "request.h"
#include "span.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A string_list of the given literals; use EMPTY_LIST for an absent or empty selector. */
#define LIST(...)                                                             \
	((string_list){ .items = (char *[]){ __VA_ARGS__ },                    \
	                .count = ARRAY_LEN(((char *[]){ __VA_ARGS__ })) })
#define EMPTY_LIST ((string_list){ 0 })

/* One GroupResources entry: group and resources, optionally resourceNames. */
#define GR(group_, resources_) \
	((group_resources){ .group = (group_), .resources = (resources_) })
#define GR_NAMES(group_, resources_, names_) \
	((group_resources){ .group = (group_), .resources = (resources_), .resource_names = (names_) })

/* A rule's `resources`: sets both the array and its count. */
#define RESOURCES(...)                                                        \
	.resources = (group_resources[]){ __VA_ARGS__ },                       \
	.resource_count = ARRAY_LEN(((group_resources[]){ __VA_ARGS__ }))

#define RULE(level_, ...) ((policy_rule){ .level = (level_), __VA_ARGS__ })

static inline request_attrs resource_request(const char *verb, const char *group,
                                             const char *resource, const char *subresource,
                                             const char *namespace_, const char *name)
{
	return (request_attrs){
		.has_user = true,
		.user_name = span_of("alice"),
		.verb = span_of(verb),
		.is_resource = true,
		.api_group = span_of(group),
		.api_version = span_of("v1"),
		.resource = span_of(resource),
		.subresource = span_of(subresource),
		.namespace_ = span_of(namespace_),
		.name = span_of(name),
	};
}

/* GET of the core pod `name` in `namespace_`: the checker tests' everyday request. */
static inline request_attrs get_pod(const char *namespace_, const char *name)
{
	return resource_request("get", "", "pods", "", namespace_, name);
}

static inline request_attrs non_resource_request(const char *verb, const char *path)
{
	return (request_attrs){
		.has_user = true,
		.user_name = span_of("alice"),
		.verb = span_of(verb),
		.is_resource = false,
		.path = span_of(path),
	};
}

static inline request_attrs with_user(request_attrs r, const char *name, const span *groups,
                                      size_t group_count)
{
	r.has_user = true;
	r.user_name = span_of(name);
	r.groups = groups;
	r.group_count = group_count;
	return r;
}

static inline request_attrs without_user(request_attrs r)
{
	r.has_user = false;
	r.user_name = (span){ 0 };
	r.groups = NULL;
	r.group_count = 0;
	return r;
}

/* A policy over the given rules, with no policy-wide omitStages or omitManagedFields. */
static inline policy policy_of(policy_rule *rules, size_t count)
{
	policy p = { 0 };
	p.rules = rules;
	p.rule_count = count;
	return p;
}

#endif
