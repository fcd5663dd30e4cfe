/* csv_rows: see csv_rows.h. Field offsets are kept while the record's text may still move
 * (it grows by doubling) and turned into spans at the end. */
#include "csv_rows.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void csv_record_init(csv_record *rec) { *rec = (csv_record){ 0 }; }

void csv_record_free(csv_record *rec)
{
	free(rec->fields);
	free(rec->text);
	*rec = (csv_record){ 0 };
}

/* Makes room for n more bytes after the first len of the text. */
static void reserve_text(csv_record *rec, size_t len, size_t n)
{
	if (rec->text_cap - len >= n)
		return;
	size_t cap = rec->text_cap ? rec->text_cap * 2 : 4096;
	while (cap - len < n)
		cap *= 2;
	rec->text = xreallocarray(rec->text, cap, 1);
	rec->text_cap = cap;
}

/* Starts a field at text offset `at`; its length is set when it ends. */
static void begin_field(csv_record *rec, size_t at)
{
	if (rec->count == rec->cap) {
		rec->cap = rec->cap ? rec->cap * 2 : 32;
		rec->fields = xreallocarray(rec->fields, rec->cap, sizeof *rec->fields);
	}
	/* the offset rides in ptr until the text stops moving */
	rec->fields[rec->count++] = (span){ (const char *)(uintptr_t)at, 0 };
}

static void end_field(csv_record *rec, size_t len)
{
	span *f = &rec->fields[rec->count - 1];
	f->len = len - (size_t)(uintptr_t)f->ptr;
}

static csv_status invalid(csv_record *rec, const char *at, const char *why)
{
	rec->error_pos = at;
	rec->error = why;
	return CSV_INVALID;
}

/* The record is complete: offsets become spans into the text. */
static csv_status finish(csv_record *rec, const char *next_at, const char **next)
{
	for (size_t i = 0; i < rec->count; i++)
		rec->fields[i].ptr = rec->text + (size_t)(uintptr_t)rec->fields[i].ptr;
	*next = next_at;
	return CSV_RECORD;
}

/* Reads a quoted field whose opening quote is at *pp; *pp ends past the closing quote. */
static csv_status read_quoted(csv_record *rec, const char **pp, const char *end, size_t *len)
{
	const char *p = *pp + 1;
	for (;;) {
		const char *quote = memchr(p, '"', (size_t)(end - p));
		size_t run = (size_t)((quote ? quote : end) - p);
		reserve_text(rec, *len, run + 1);
		memcpy(rec->text + *len, p, run);
		*len += run;
		if (!quote || quote + 1 == end) {
			*pp = quote ? quote + 1 : end;
			return quote ? CSV_RECORD : CSV_INCOMPLETE; /* at the end: "" or closing? */
		}
		if (quote[1] != '"') {
			*pp = quote + 1;
			return CSV_RECORD;
		}
		rec->text[(*len)++] = '"';
		p = quote + 2;
	}
}

csv_status csv_read_record(csv_record *rec, const char *p, const char *end, bool final,
                           const char **next)
{
	rec->count = 0;
	size_t len = 0;
	for (;;) {
		begin_field(rec, len);
		if (p < end && *p == '"') {
			const char *open = p;
			csv_status st = read_quoted(rec, &p, end, &len);
			/* a quote last in the window may be closing or the first of "" */
			if (st == CSV_INCOMPLETE || (p == end && !final))
				return final ? invalid(rec, open, "quoted field not closed")
				             : CSV_INCOMPLETE;
			if (p < end && *p != ',' && *p != '\n' && *p != '\r')
				return invalid(rec, p, "expected ',' or a line break after a quoted field");
		} else {
			const char *stop = p;
			while (stop < end && *stop != ',' && *stop != '\n' && *stop != '\r') {
				if (*stop == '"')
					return invalid(rec, stop, "'\"' in a field that is not quoted");
				stop++;
			}
			reserve_text(rec, len, (size_t)(stop - p) + 1);
			memcpy(rec->text + len, p, (size_t)(stop - p));
			len += (size_t)(stop - p);
			p = stop;
		}
		end_field(rec, len);
		if (p == end)
			return final ? finish(rec, p, next) : CSV_INCOMPLETE;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\r') {
			if (p + 1 == end && !final)
				return CSV_INCOMPLETE;
			if (p + 1 < end && p[1] == '\n')
				p++;
		}
		return finish(rec, p + 1, next);
	}
}

bool csv_record_is_blank(const csv_record *rec)
{
	return rec->count == 1 && rec->fields[0].len == 0;
}
