/* url_unescape: Go's url.PathUnescape and url.QueryUnescape, for the request path
 * (request_info) and the query pairs (list_options). Never allocates. */
#ifndef AUDITSIM_URL_UNESCAPE_H
#define AUDITSIM_URL_UNESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

/* Go's url unescaping: every '%' needs two hex digits; with plus_is_space (query
 * components) '+' is a space. Writes at most raw.len bytes to dst and sets *out_len.
 * Returns false on a bad escape. */
bool url_unescape(span raw, bool plus_is_space, char *dst, size_t *out_len);

#endif
