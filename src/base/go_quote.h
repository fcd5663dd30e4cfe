/* go_quote: strings shown the way kube-apiserver's messages show them (Go's %q and
 * %#v), so our field errors read exactly like upstream's. */
#ifndef AUDITSIM_GO_QUOTE_H
#define AUDITSIM_GO_QUOTE_H

#include <stddef.h>

/* Go's strconv.Quote of len bytes: "a\"b", \n \t escapes, \x00 for control bytes and
 * invalid UTF-8. Valid multi-byte UTF-8 is kept as is. Newly allocated; the caller frees. */
char *go_quote(const char *s, size_t len);

/* Go's %#v of a []string: []string{"a", "b"}. Newly allocated; the caller frees. */
char *go_string_slice(char *const *items, size_t count);

#endif
