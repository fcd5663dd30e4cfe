/* suggest_output: the suggested policy as audit.k8s.io/v1 YAML, each rule under its
 * comment. Strings are written as JSON string literals (valid YAML double-quoted
 * scalars), lists in flow style, so the text is the same byte for byte for the same
 * suggestion. */
#ifndef AUDITSIM_SUGGEST_OUTPUT_H
#define AUDITSIM_SUGGEST_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "suggest.h"

/* header: lines put before apiVersion as comments (NULL: none); comments[i]: rule i's
 * comment, lines separated by '\n' (NULL or comments[i] NULL: none). */
void suggest_write_policy(FILE *out, const suggestion *s, const char *header,
                          const char *const *comments);

/* One policy of the comparison. */
typedef struct {
	const char *name;
	uint64_t requests_failing; /* recorded requests that miss a requirement under it */
	double bytes;              /* per day when per_day, else of the recording */
} suggest_row;

/* What the summary says: the sources, one row per policy (the suggestion first) and,
 * with a budget, whether it is met. */
typedef struct {
	size_t requirement_count;
	const char *sources; /* "baseline security, file ours.yaml" */
	const suggest_row *rows;
	size_t row_count;
	bool per_day;
	bool budget_asked;
	double budget_gb;
	double costliest_bytes;          /* of the costliest requirement's rules */
	const requirement *costliest;    /* the requirement whose rules write the most */
} suggest_summary;

/* The summary's lines: a title, a table (policy, requests missing one, bytes/day) and
 * the budget's line. */
void suggest_write_summary(FILE *out, const suggest_summary *s);

/* Whether the budget of s is met (false when it cannot be told: no projection). */
bool suggest_budget_met(const suggest_summary *s);

/* The same text, newly allocated (the caller frees it); *len its length. */
char *suggest_policy_text(const suggestion *s, size_t *len);

#endif
