/* json_field: typed members of a parsed JSON object (jansson), for documents auditsim
 * writes and reads back (the partial summaries of `replay --partial` and `merge`). Each
 * reader returns false when the member is missing or of another type, and then leaves
 * *out alone, so one `ok &= ...` chain checks a whole object. */
#ifndef AUDITSIM_JSON_FIELD_H
#define AUDITSIM_JSON_FIELD_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* A non-negative integer. */
bool json_field_u64(const json_t *obj, const char *key, uint64_t *out);
/* A number, integer or real. */
bool json_field_double(const json_t *obj, const char *key, double *out);
bool json_field_bool(const json_t *obj, const char *key, bool *out);
/* A string; *out is borrowed from obj. */
bool json_field_string(const json_t *obj, const char *key, const char **out);

/* Element i of an array as a non-negative integer / a number. */
bool json_item_u64(const json_t *array, size_t i, uint64_t *out);
bool json_item_double(const json_t *array, size_t i, double *out);

#endif
