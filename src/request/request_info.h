/* request_info: from an HTTP method and URL to policy attributes, as kube-apiserver's
 * RequestInfoFactory does (prefixes "api" (group-less) and "apis"). Mirrors
 * pkg/endpoints/request/requestinfo.go, including watch/list from the query, names from
 * metadata.name field selectors and deletecollection. */
#ifndef AUDITSIM_REQUEST_INFO_H
#define AUDITSIM_REQUEST_INFO_H

#include <stdbool.h>
#include <stddef.h>

#include "kube_version.h"
#include "request.h"
#include "span.h"

/* Scratch memory for the decoded path and the strings derived from it. The attributes
 * filled by request_info_parse point into it (and into `url`), so keep both alive
 * while the attributes are used. Reusable across calls without freeing. */
typedef struct {
	char *buf;
	size_t cap;
} request_info_scratch;

void request_info_scratch_free(request_info_scratch *s);

/* Fills the verb, is_resource, api_group, api_version, resource, subresource,
 * namespace_, name and path fields of *out from method ("GET", "POST", ...; compared
 * exactly, as kube-apiserver does: "get" is an unknown method, verb "" on a resource
 * path and "get" on a non-resource one) and url (path plus optional "?query"). Leaves the user fields alone.
 * Returns false when kube-apiserver would reject the URL before auditing (for example
 * "/api/v1/watch" with nothing after the verb); *out is then unspecified. */
bool request_info_parse(span method, span url, request_attrs *out, request_info_scratch *scratch);

/* request_info_parse as kube-apiserver `version` derives the attributes (the one
 * difference in range: a labelSelector "x in (a,,)" decodes from 1.35 only, and a list
 * parameter that does not decode drops the name a metadata.name field selector gives).
 * request_info_parse is this for the newest version. */
bool request_info_parse_for(span method, span url, kube_version version, request_attrs *out,
                            request_info_scratch *scratch);

/* The HTTP method kube-apiserver maps to a recorded verb ("create" -> "POST",
 * "list" -> "GET", ...); for non-resource verbs the uppercased verb. Returns a static
 * string or NULL for "" and unknown verbs. */
const char *method_for_verb(span verb, bool is_resource);

#endif
