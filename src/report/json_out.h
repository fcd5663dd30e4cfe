/* json_out: small helpers to write JSON text by hand on the hot path (per-request lines),
 * where building a jansson tree per request would cost more than the decision itself. */
#ifndef AUDITSIM_JSON_OUT_H
#define AUDITSIM_JSON_OUT_H

#include <stdio.h>

#include "policy.h"
#include "span.h"

/* Writes s as a JSON string literal (quotes included), escaping what JSON requires. */
void json_write_string(FILE *out, span s);
/* Writes a JSON array of stage names in emission order. */
void json_write_stages(FILE *out, stage_set stages);

#endif
