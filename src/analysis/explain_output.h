/* explain_output: the text and JSON forms of an explanation (auditsim explain). The JSON
 * field names are documented in the README and stable. */
#ifndef AUDITSIM_EXPLAIN_OUTPUT_H
#define AUDITSIM_EXPLAIN_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "doc_print.h"
#include "explain.h"
#include "scenario.h"

typedef struct {
	const policy *policy;
	const scenario_request *request;
	const request_attrs *attrs;
	const policy_explanation *explanation;
} explain_view;

/* For a reader; colour adds ANSI colours (the caller decides: a terminal, no NO_COLOR). */
void explain_print_text(FILE *out, const explain_view *v, bool colour);
/* One indented JSON document. */
void explain_print_json(FILE *out, const explain_view *v, doc_print_format format);

#endif
