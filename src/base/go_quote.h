/* go_quote: strings shown the way kube-apiserver's messages show them (Go's %q and
 * %#v, and json.Marshal, which apimachinery's field errors use for non-string values
 * since Kubernetes 1.34), so our field errors read exactly like upstream's. */
#ifndef AUDITSIM_GO_QUOTE_H
#define AUDITSIM_GO_QUOTE_H

#include <stddef.h>

/* Go's strconv.Quote of len bytes: "a\"b", \n \t escapes, \x00 for control bytes and
 * invalid UTF-8. Valid multi-byte UTF-8 is kept as is. Newly allocated; the caller frees. */
char *go_quote(const char *s, size_t len);

/* Go's %#v of a []string: []string{"a", "b"}. Newly allocated; the caller frees. */
char *go_string_slice(char *const *items, size_t count);

/* Go's encoding/json of a string (json.Marshal, HTML-safe, Go 1.22 or later): \" \\ \b
 * \f \n \r \t, \u00XX for other control bytes, \u003c \u003e \u0026 for < > &,
 * \u2028 \u2029, and \ufffd for each byte of invalid UTF-8. Newly allocated; the caller
 * frees. */
char *go_json_quote(const char *s, size_t len);

/* json.Marshal of a []string: ["a","b"]. Newly allocated; the caller frees. */
char *go_json_string_slice(char *const *items, size_t count);

#endif
