/* doc_print: a command's result document (a jansson tree) printed as `-o json` or `-o yaml`,
 * kubectl's pair: the same tree either way, so the two can never hold different figures.
 * JSON is indented by 2 with keys in insertion order; YAML is block style as kubectl prints
 * it (a list under a key is not indented further), strings quoted only where YAML would
 * read them as something else, numbers written exactly as the JSON has them. */
#ifndef AUDITSIM_DOC_PRINT_H
#define AUDITSIM_DOC_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

typedef enum { DOC_PRINT_JSON, DOC_PRINT_YAML } doc_print_format;

/* Sets *out from "json" or "yaml"; false for anything else. */
bool doc_print_format_of(const char *name, doc_print_format *out);

/* Writes doc, then a newline. Does not take the reference. */
void doc_print(FILE *out, const json_t *doc, doc_print_format format);

#endif
