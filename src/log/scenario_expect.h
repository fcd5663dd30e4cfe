/* scenario_expect: what a test file expects of one request (`expect:` under a request
 * entry) and where it is written, so `auditsim test --update` can rewrite only those
 * bytes. Every field is optional; a request without `expect:` is no test, and replay
 * ignores expectations altogether.
 *
 *   expect:
 *     level: Metadata                          # None, Metadata, Request, RequestResponse
 *     stages: [ResponseStarted, ResponseComplete]  # the stages written, [] for none
 *     rule: 3                                  # index of the deciding rule; none: no rule
 *     omitManagedFields: true
 *
 * Positions are byte offsets into the file's text (libyaml counts characters; the loader
 * converts), so an edit lands on the exact bytes of a value whatever precedes it. */
#ifndef AUDITSIM_SCENARIO_EXPECT_H
#define AUDITSIM_SCENARIO_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"

typedef enum {
	EXPECT_LEVEL,
	EXPECT_STAGES,
	EXPECT_RULE,
	EXPECT_OMIT_MANAGED_FIELDS,
	EXPECT_FIELD_COUNT
} expect_field;

#define EXPECT_BIT(f) (1u << (f))
#define EXPECT_ALL ((1u << EXPECT_FIELD_COUNT) - 1)

/* The key of each field ("omitManagedFields"). */
const char *expect_field_name(expect_field field);

/* Values of a decision, or of the part of one a test expects (fields says which). */
typedef struct {
	unsigned fields; /* EXPECT_BIT of each value given */
	audit_level level;
	stage_set stages;
	int rule; /* 0-based; -1: no rule matches */
	bool omit_managed_fields;
} expect_values;

/* Bytes [start, end) of the file. */
typedef struct {
	size_t start;
	size_t end;
} text_range;

/* Where a request's expectation is written, for rewriting it in place. */
typedef struct {
	bool written;                         /* the entry has an `expect:` key */
	text_range value[EXPECT_FIELD_COUNT]; /* each given field's value as written */
	int stages_item_col;                  /* stages as a block list: its items' column; 0: flow */
	text_range whole;                     /* an `expect:` with no field: the bytes after its ':' */
	size_t insert_at;                     /* no `expect:`: where a new key goes */
	int insert_col;                       /* its column in a block entry; 0 in a flow entry */
} expect_place;

/* "level Metadata, stages [RequestReceived, ResponseComplete], rule 3" for the fields
 * of v in `fields` (in expect_field order); "nothing" for none. Newly allocated. */
char *expect_values_text(const expect_values *v, unsigned fields);

#endif
