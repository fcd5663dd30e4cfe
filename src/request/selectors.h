/* selectors: the labelSelector and fieldSelector of a list, with the grammars of
 * apimachinery's labels.Parse and fields.ParseSelector. They are validated, never
 * evaluated: all the audit policy can see of them is whether they parse (a list
 * parameter that does not resets the options upstream) and the name a metadata.name
 * field selector picks. Nothing here allocates. */
#ifndef AUDITSIM_SELECTORS_H
#define AUDITSIM_SELECTORS_H

#include <stdbool.h>
#include <stddef.h>

#include "kube_version.h"
#include "span.h"

/* True when labels.Parse of kube-apiserver `version` accepts the selector (already
 * URL-unescaped). Versions differ on empty entries of a value list: "x in (a,,)" parses
 * from 1.35 only. */
bool label_selector_is_valid(span selector, kube_version version);

/* Validates every term of a field selector and picks the metadata.name=X (or ==X) term
 * that sorts first as raw text, as upstream sorts the terms before looking for the
 * field. Sets *found, and *value to that term's still-escaped value (pointing into
 * selector). Returns false when the selector does not parse. */
bool field_selector_name_term(span selector, bool *found, span *value);

/* A term's value without its escapes. Upstream copies an escaped value rune by rune,
 * which turns each byte of invalid UTF-8 into U+FFFD; a value without backslashes is
 * returned as it is (pointing into v). Otherwise writes at most 3 * v.len bytes to dst
 * and returns a span there. */
span field_selector_unescape_value(span v, char *dst);

#endif
