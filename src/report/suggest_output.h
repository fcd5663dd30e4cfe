/* suggest_output: the suggested policy as audit.k8s.io/v1 YAML, each rule under its
 * comment. Strings are written as JSON string literals (valid YAML double-quoted
 * scalars), lists in flow style, so the text is the same byte for byte for the same
 * suggestion. */
#ifndef AUDITSIM_SUGGEST_OUTPUT_H
#define AUDITSIM_SUGGEST_OUTPUT_H

#include <stdio.h>

#include "suggest.h"

/* header: lines put before apiVersion as comments (NULL: none); comments[i]: rule i's
 * comment, lines separated by '\n' (NULL or comments[i] NULL: none). */
void suggest_write_policy(FILE *out, const suggestion *s, const char *header,
                          const char *const *comments);

/* The same text, newly allocated (the caller frees it); *len its length. */
char *suggest_policy_text(const suggestion *s, size_t *len);

#endif
