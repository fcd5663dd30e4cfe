/* csv_rows: reads one RFC 4180 record at a time out of a window of bytes, for the
 * portal's CSV export of a Log Analytics query. Fields are separated by ',', records end
 * at CRLF or LF; a field in double quotes may hold commas, line breaks and "" for a quote.
 * The scanner keeps no state between records, so the caller may slide its window between
 * two calls: a record that runs past the window is CSV_INCOMPLETE and is read again whole
 * once more bytes are there.
 *
 * Fields are decoded (quotes and "" undone) into the record's own buffer, which grows to
 * the largest record and is reused: no allocation per record in the steady state. */
#ifndef AUDITSIM_CSV_ROWS_H
#define AUDITSIM_CSV_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "span.h"

typedef enum {
	CSV_RECORD,     /* a record was read; *next is past its line break */
	CSV_INCOMPLETE, /* the window ends inside the record (only when not final) */
	CSV_INVALID,    /* not RFC 4180 at error_pos: error says why */
} csv_status;

typedef struct {
	span *fields; /* decoded text of each field, in the record's buffer */
	size_t count, cap;
	char *text; /* the decoded fields, one after the other */
	size_t text_cap;
	const char *error_pos; /* CSV_INVALID: where, in the window */
	const char *error;     /* CSV_INVALID: static text */
} csv_record;

void csv_record_init(csv_record *rec);
void csv_record_free(csv_record *rec);

/* Reads the record starting at p, before end; final says that no byte follows end (the
 * last record may then lack its line break). The fields are valid until the next call.
 * Cost: one pass over the record's bytes. */
csv_status csv_read_record(csv_record *rec, const char *p, const char *end, bool final,
                           const char **next);

/* True when the record is one empty field: a blank line, which the reader passes over. */
bool csv_record_is_blank(const csv_record *rec);

#endif
