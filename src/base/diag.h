/* diag: positioned diagnostics ("file:line:col: error: field: message").
 * A diag_list owns copies of every string it is given. */
#ifndef AUDITSIM_DIAG_H
#define AUDITSIM_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
	int line; /* 1-based; 0 when unknown */
	int col;  /* 1-based; 0 when unknown */
} source_pos;

/* A note says what the policy's log will hold, not a mistake: nothing fails on it unless
 * asked (lint --fail-on note). */
typedef enum { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE } diag_severity;

typedef struct {
	diag_severity severity;
	source_pos pos;
	char *field;   /* Kubernetes field path such as "rules[3].level"; may be NULL */
	char *message; /* never NULL */
	char *code;    /* stable short code for warnings (lint); may be NULL */
} diag;

typedef struct {
	char *file; /* file name used in messages; owned */
	diag *items;
	size_t count;
	size_t capacity;
} diag_list;

/* Initialises an empty list for messages about `file` (copied). */
void diag_list_init(diag_list *list, const char *file);
void diag_list_free(diag_list *list);

/* Appends one diagnostic; `field` may be NULL. Returns the new entry. */
diag *diag_add(diag_list *list, diag_severity severity, source_pos pos, const char *field,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
diag *diag_addv(diag_list *list, diag_severity severity, source_pos pos, const char *field,
                const char *fmt, va_list ap);

size_t diag_count(const diag_list *list, diag_severity severity);

/* Writes "file:line:col: error: field: message" lines, in the order added. */
void diag_print(const diag_list *list, FILE *out);
/* Writes one diagnostic in the same format. */
void diag_print_one(const diag_list *list, const diag *d, FILE *out);

#endif
