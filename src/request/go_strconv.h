/* go_strconv: the parts of Go's strconv that decide whether a request parameter
 * decodes (limit and timeoutSeconds of a list, the value of a label selector's < and >). */
#ifndef AUDITSIM_GO_STRCONV_H
#define AUDITSIM_GO_STRCONV_H

#include <stdbool.h>

#include "span.h"

/* True when strconv.ParseInt(s, 10, 64) succeeds: an optional sign, then decimal
 * digits, within int64. */
bool go_parses_int64(span s);

#endif
