/* list_options: the query of a get without a name, decoded as kube-apiserver decodes
 * metav1.ListOptions, reduced to what the audit policy can see: list or watch, and the
 * object name a metadata.name field selector picks. The name is taken only when every
 * list parameter decodes (limit, timeoutSeconds, labelSelector, fieldSelector), because
 * upstream resets the options when one does not. */
#ifndef AUDITSIM_LIST_OPTIONS_H
#define AUDITSIM_LIST_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "kube_version.h"
#include "span.h"

typedef struct {
	bool watch;    /* a watch parameter other than "0" or "false" */
	bool has_name; /* a metadata.name=X or ==X term, and every parameter decoded */
	span name;     /* X unescaped, maybe "" or "."; the caller decides if it is a name */
} list_options;

/* Decodes `query` (the raw bytes after '?') as kube-apiserver `version` does. Decoded bytes are written at *cursor,
 * which advances; at most 4 * query.len bytes are used. out->name points there, so it
 * lives as long as the caller's buffer. Never allocates; never fails (a malformed
 * query is a list without a name, as upstream answers it). */
void list_options_parse(span query, kube_version version, char **cursor, list_options *out);

#endif
