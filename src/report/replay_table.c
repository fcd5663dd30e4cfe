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
static void cell(FILE *out, const char *text, int width, bool cut, bool right, bool pad)
{
	size_t len = strlen(text), cols = text_columns(text, len);
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

static char *span_text(span s) { return xstrndup(s.ptr ? s.ptr : "", s.len); }

static row_text row_of(const replay_request *req)
{
	const request_attrs *a = &req->attrs;
	row_text r;
	r.cell[RT_AUDIT_ID] = span_text(req->audit_id);
	r.cell[RT_VERB] = span_text(a->verb);
	r.cell[RT_USER] = a->has_user ? span_text(a->user_name) : xstrdup("<none>");
	r.cell[RT_TARGET] = request_target(a);
	r.cell[RT_LEVEL] = xstrdup(level_name(req->decision.level));
	r.cell[RT_RULE] = req->decision.rule >= 0 ? xasprintf("%d", req->decision.rule) : xstrdup("-");
	r.cell[RT_BYTES] = xasprintf("%llu", (unsigned long long)(req->bytes + req->modelled_bytes));
	char stages[96];
	stage_list(stages, sizeof stages, req->stages);
	r.cell[RT_STAGES] = xstrdup(stages);
	return r;
}

static void row_free(row_text *r)
{
	for (int c = 0; c < RT_COLUMNS; c++)
		free(r->cell[c]);
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

static void write_cells(const replay_table *t, const char *const *cells)
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
	if (t->header && t->held_count)
		write_cells(t, headers);
	for (size_t i = 0; i < t->held_count; i++) {
		write_cells(t, (const char *const *)t->held[i].cell);
		row_free(&t->held[i]);
	}
	t->held_count = 0;
}

void replay_table_add(replay_table *t, const replay_request *req)
{
	row_text r = row_of(req);
	t->rows++;
	if (!t->sized) {
		t->held[t->held_count++] = r;
		if (t->held_count == REPLAY_TABLE_SIZING_ROWS)
			flush_held(t);
		return;
	}
	write_cells(t, (const char *const *)r.cell);
	row_free(&r);
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
