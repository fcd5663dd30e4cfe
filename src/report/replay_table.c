/* replay_table: see replay_table.h. */
#include "replay_table.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "term.h"
#include "xalloc.h"

#define TARGET_CLASSIC 44

static const char *const headers[RT_COLUMNS] = { "AUDIT-ID", "VERB", "USER", "TARGET",
	                                         "LEVEL", "RULE", "BYTES", "STAGES" };

/* One row's cells, as text. */
typedef struct {
	char *cell[RT_COLUMNS];
} row_text;

struct replay_table {
	FILE *out;
	size_t term_width; /* 0: not a terminal */
	bool wide, header;
	bool sized;        /* widths measured and the held-back rows written */
	int width[RT_COLUMNS]; /* 0: hidden */
	bool cut[RT_COLUMNS];  /* cut a longer value to the width, ending in "…" */
	row_text held[REPLAY_TABLE_SIZING_ROWS];
	size_t held_count;
	uint64_t rows;
};

replay_table *replay_table_new(FILE *out, size_t width, bool wide, bool header)
{
	replay_table *t = xcalloc(1, sizeof *t);
	*t = (replay_table){ .out = out, .term_width = width, .wide = wide, .header = header };
	return t;
}

/* Characters (code points) of UTF-8 text: the columns it takes on a terminal, as far as a
 * table of names and paths needs (no wide or combining characters assumed). */
static size_t text_columns(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

/* Bytes of the first `cols` characters of s. */
static size_t prefix_bytes(const char *s, size_t len, size_t cols)
{
	size_t i = 0;
	for (size_t seen = 0; i < len; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && seen++ == cols)
			break;
	}
	return i;
}

/* Writes text in `width` columns: padded (right-aligned for numbers), or, when cut and too
 * long, its first width-1 characters and "…", so a cut value never passes for a whole one. */
static void cell(FILE *out, span value, int width, bool cut, bool right, bool pad)
{
	const char *text = value.ptr ? value.ptr : "";
	size_t len = value.len, cols = text_columns(text, len);
	bool cut_here = cut && width > 0 && cols > (size_t)width;
	if (cut_here) {
		len = prefix_bytes(text, len, (size_t)width - 1);
		cols = (size_t)width;
	}
	int fill = pad && (size_t)width > cols ? width - (int)cols : 0;
	if (right)
		fprintf(out, "%*s", fill, "");
	fwrite(text, 1, len, out);
	if (cut_here)
		fputs("\u2026", out);
	if (!right)
		fprintf(out, "%*s", fill, "");
}

static size_t stage_list(char *buf, size_t cap, stage_set stages)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s))
			n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? "," : "",
			                      stage_name((audit_stage)s));
	}
	if (n == 0)
		n = (size_t)snprintf(buf, cap, "-");
	return n;
}

/* Buffers for a request's numeric and stage cells. */
typedef struct {
	char rule[24], bytes[24], stages[96];
} cell_buffers;

/* A request's cells, pointing into the request, target (request_target's) and *buf: rows
 * written once the widths are known allocate nothing else. */
static void cells_of(const replay_request *req, const char *target, cell_buffers *buf,
                     span *cells)
{
	const request_attrs *a = &req->attrs;
	cells[RT_AUDIT_ID] = req->audit_id;
	cells[RT_VERB] = a->verb;
	cells[RT_USER] = a->has_user ? a->user_name : span_of("<none>");
	cells[RT_TARGET] = span_of(target);
	cells[RT_LEVEL] = span_of(level_name(req->decision.level));
	if (req->decision.rule >= 0)
		snprintf(buf->rule, sizeof buf->rule, "%d", req->decision.rule);
	else
		snprintf(buf->rule, sizeof buf->rule, "-");
	cells[RT_RULE] = span_of(buf->rule);
	snprintf(buf->bytes, sizeof buf->bytes, "%llu",
	         (unsigned long long)(req->bytes + req->modelled_bytes));
	cells[RT_BYTES] = span_of(buf->bytes);
	stage_list(buf->stages, sizeof buf->stages, req->stages);
	cells[RT_STAGES] = span_of(buf->stages);
}

/* A held-back row keeps copies: the request is gone by the time the row is written. */
static row_text held_row(const span *cells)
{
	row_text r;
	for (int c = 0; c < RT_COLUMNS; c++)
		r.cell[c] = xstrndup(cells[c].ptr ? cells[c].ptr : "", cells[c].len);
	return r;
}

static void row_free(row_text *r)
{
	for (int c = 0; c < RT_COLUMNS; c++)
		free(r->cell[c]);
}

static void row_cells(const row_text *r, span *cells)
{
	for (int c = 0; c < RT_COLUMNS; c++)
		cells[c] = span_of(r->cell[c]);
}

/* The widest value of each column among the held-back rows and the header. */
static void content_widths(const replay_table *t, int *content)
{
	for (int c = 0; c < RT_COLUMNS; c++)
		content[c] = (int)strlen(headers[c]);
	for (size_t i = 0; i < t->held_count; i++)
		for (int c = 0; c < RT_COLUMNS; c++) {
			const char *v = t->held[i].cell[c];
			int n = (int)text_columns(v, strlen(v));
			content[c] = n > content[c] ? n : content[c];
		}
}

/* The widths: as the content, BYTES only in wide; TARGET cut at 44 unless wide; on a
 * terminal, fitted (AUDIT-ID dropped first, then the others cut to their minimum). */
static void size_columns(replay_table *t)
{
	int content[RT_COLUMNS];
	content_widths(t, content);
	content[RT_BYTES] = t->wide ? content[RT_BYTES] : 0;
	if (t->wide) {
		memcpy(t->width, content, sizeof t->width);
		return;
	}
	if (content[RT_TARGET] > TARGET_CLASSIC)
		content[RT_TARGET] = TARGET_CLASSIC;
	t->cut[RT_TARGET] = true;
	if (t->term_width == 0) {
		memcpy(t->width, content, sizeof t->width);
		return;
	}
	/* minimum, drop order: what each column keeps before the next gives way */
	static const int min[RT_COLUMNS] = { 36, 8, 12, 16, 15, 4, 0, 16 };
	term_column cols[RT_COLUMNS];
	for (int c = 0; c < RT_COLUMNS; c++)
		cols[c] = (term_column){ content[c], content[c] < min[c] ? content[c] : min[c],
			                 c == RT_AUDIT_ID };
	/* one space between columns, two before STAGES: fit with 1 and keep a spare */
	term_fit_columns(cols, RT_COLUMNS, t->term_width - 1, 1, t->width);
	for (int c = 0; c < RT_COLUMNS; c++)
		t->cut[c] = true;
}

/* The separator before column c: two spaces before STAGES, one elsewhere. */
static void separator(FILE *out, int c, bool *first)
{
	if (!*first)
		fputs(c == RT_STAGES ? "  " : " ", out);
	*first = false;
}

static void write_cells(const replay_table *t, const span *cells)
{
	bool first = true;
	for (int c = 0; c < RT_COLUMNS; c++) {
		if (t->width[c] == 0)
			continue;
		separator(t->out, c, &first);
		/* STAGES is last: not padded; RULE and BYTES are numbers: right-aligned */
		cell(t->out, cells[c], t->width[c], t->cut[c], c == RT_RULE || c == RT_BYTES,
		     c != RT_STAGES);
	}
	fputc('\n', t->out);
}

/* Measures the widths and writes the header and the rows held back. */
static void flush_held(replay_table *t)
{
	size_columns(t);
	t->sized = true;
	span cells[RT_COLUMNS];
	if (t->header && t->held_count) {
		for (int c = 0; c < RT_COLUMNS; c++)
			cells[c] = span_of(headers[c]);
		write_cells(t, cells);
	}
	for (size_t i = 0; i < t->held_count; i++) {
		row_cells(&t->held[i], cells);
		write_cells(t, cells);
		row_free(&t->held[i]);
	}
	t->held_count = 0;
}

void replay_table_add(replay_table *t, const replay_request *req)
{
	char *target = request_target(&req->attrs);
	cell_buffers buf;
	span cells[RT_COLUMNS];
	cells_of(req, target, &buf, cells);
	t->rows++;
	if (!t->sized) {
		t->held[t->held_count++] = held_row(cells);
		if (t->held_count == REPLAY_TABLE_SIZING_ROWS)
			flush_held(t);
	} else {
		write_cells(t, cells);
	}
	free(target);
}

bool replay_table_finish(replay_table *t)
{
	if (!t->sized)
		flush_held(t);
	return t->rows > 0;
}

void replay_table_free(replay_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->held_count; i++)
		row_free(&t->held[i]);
	free(t);
}
