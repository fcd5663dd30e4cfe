/* Helpers shared by the event reader tests: read a text or file to the end and keep what
 * each call gave, copied out of the reader. */
#ifndef AUDITSIM_READER_HELPERS_H
#define AUDITSIM_READER_HELPERS_H

#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_reader.h"

#define FIXTURE(name) SOURCE_ROOT "/fixtures/reader/" name
#define LOG_FIXTURE(name) SOURCE_ROOT "/fixtures/logs/" name

/* A minimal valid event line with the given auditID. */
#define EVENT(id)                                                                          \
	"{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\","   \
	"\"auditID\":\"" id "\",\"stage\":\"ResponseComplete\",\"requestURI\":\"/api\","   \
	"\"verb\":\"get\",\"user\":{\"username\":\"u\"}}"

/* What one event_reader_next() call gave, copied out of the reader. */
typedef struct {
	event_read_status status;
	size_t line;
	char text[400]; /* the auditID of an event, or the message */
} outcome;

typedef struct {
	outcome items[64];
	size_t count;
	size_t events, skipped, errors;
} outcomes;

static inline void copy_span(char *out, size_t cap, span s)
{
	size_t n = s.len < cap - 1 ? s.len : cap - 1;
	if (n)
		memcpy(out, s.ptr, n);
	out[n] = '\0';
}

/* Reads everything; keeps the first 64 outcomes and counts all of them. */
static inline void drain(event_reader *r, outcomes *out)
{
	memset(out, 0, sizeof *out);
	audit_event ev;
	const char *message;
	for (;;) {
		event_read_status st = event_reader_next(r, &ev, &message);
		if (st == EVENT_READ_EOF)
			break;
		outcome *o = out->count < 64 ? &out->items[out->count++] : NULL;
		if (o) {
			o->status = st;
			if (st == EVENT_READ_EVENT) {
				o->line = ev.line;
				copy_span(o->text, sizeof o->text, ev.audit_id);
			} else {
				copy_span(o->text, sizeof o->text, span_of(message));
			}
		}
		out->events += st == EVENT_READ_EVENT;
		out->skipped += st == EVENT_READ_SKIPPED;
		if (st == EVENT_READ_ERROR) {
			out->errors++;
			break;
		}
	}
}

static inline void read_text(const char *name, const char *text, size_t len,
                      const event_reader_limits *limits, outcomes *out)
{
	/* an exact-size copy, so that the sanitizers see any read past the end */
	char *copy = malloc(len ? len : 1);
	memcpy(copy, text, len);
	event_reader *r = event_reader_open_memory(name, copy, len, limits);
	drain(r, out);
	event_reader_close(r);
	free(copy);
}

static inline void read_string(const char *text, outcomes *out)
{
	read_text("log.jsonl", text, strlen(text), NULL, out);
}

static inline void read_path(const char *path, outcomes *out)
{
	char *error = NULL;
	event_reader *r = event_reader_open(path, NULL, &error);
	CU_ASSERT_PTR_NOT_NULL_FATAL(r);
	drain(r, out);
	event_reader_close(r);
}

static inline void assert_event(const outcomes *o, size_t i, size_t line, const char *audit_id)
{
	CU_ASSERT_FATAL(i < o->count);
	CU_ASSERT_EQUAL(o->items[i].status, EVENT_READ_EVENT);
	CU_ASSERT_EQUAL(o->items[i].line, line);
	CU_ASSERT_STRING_EQUAL(o->items[i].text, audit_id);
}

static inline void assert_skipped(const outcomes *o, size_t i, const char *message)
{
	CU_ASSERT_FATAL(i < o->count);
	CU_ASSERT_EQUAL(o->items[i].status, EVENT_READ_SKIPPED);
	if (strcmp(o->items[i].text, message) != 0)
		fprintf(stderr, "\n  got:      %s\n  expected: %s\n", o->items[i].text, message);
	CU_ASSERT_STRING_EQUAL(o->items[i].text, message);
}

/* Opens the text and reads its first record, which must be an event. */
typedef struct {
	char *copy;
	event_reader *reader;
	audit_event ev;
} first_event;

static inline bool open_first(first_event *fe, const char *text)
{
	size_t len = strlen(text);
	fe->copy = malloc(len);
	memcpy(fe->copy, text, len);
	fe->reader = event_reader_open_memory("log.jsonl", fe->copy, len, NULL);
	const char *message;
	event_read_status st = event_reader_next(fe->reader, &fe->ev, &message);
	if (st != EVENT_READ_EVENT)
		fprintf(stderr, "\n  %s\n", message ? message : "(eof)");
	return st == EVENT_READ_EVENT;
}

static inline void close_first(first_event *fe)
{
	event_reader_close(fe->reader);
	free(fe->copy);
}

#endif
