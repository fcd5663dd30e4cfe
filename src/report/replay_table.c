/* replay_table: see replay_table.h. */
#include "replay_table.h"

#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "term.h"

#define TARGET_CLASSIC 44

static const char *const headers[RT_COLUMNS] = { "AUDIT-ID", "VERB", "USER", "TARGET",
	                                         "LEVEL", "RULE", "BYTES", "STAGES" };

void replay_table_layout(replay_table *t, size_t width, bool wide)
{
	/* natural, min, drop order; STAGES is last and unpadded, so its natural width is
	 * that of the longest usual value ("RequestReceived,ResponseComplete") */
	static const term_column columns[RT_COLUMNS] = {
		[RT_AUDIT_ID] = { 36, 36, 1 }, [RT_VERB] = { 16, 8, 0 },   [RT_USER] = { 32, 12, 0 },
		[RT_TARGET] = { 44, 16, 0 },   [RT_LEVEL] = { 15, 15, 0 }, [RT_RULE] = { 4, 4, 0 },
		[RT_BYTES] = { 0, 0, 0 },      [RT_STAGES] = { 32, 16, 0 },
	};
	*t = (replay_table){ .wide = wide, .cut = !wide && width > 0 };
	if (wide) {
		for (int c = 0; c < RT_COLUMNS; c++)
			t->width[c] = columns[c].natural;
		t->width[RT_BYTES] = 10;
		return;
	}
	/* one space between columns, two before STAGES: fit with 1 and keep a spare */
	term_fit_columns(columns, RT_COLUMNS, width ? width - 1 : 0, 1, t->width);
}

/* Bytes of text that fit in cols columns, ending on a UTF-8 character boundary. */
static size_t fitting_prefix(const char *text, size_t len, size_t cols)
{
	size_t n = len < cols ? len : cols;
	while (n > 0 && n < len && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Writes text in width columns: padded, or when cutting and too long, cut and ended in
 * "…" so a cut value never passes for a whole one; right-aligned for numbers. */
static void cell(FILE *out, const char *text, size_t len, int width, bool cut, bool right)
{
	bool cut_here = cut && len > (size_t)width && width > 0;
	if (cut_here)
		len = fitting_prefix(text, len, (size_t)width - 1);
	size_t shown = len + (cut_here ? 1 : 0);
	int pad = (size_t)width > shown ? width - (int)shown : 0;
	if (right)
		fprintf(out, "%*s", pad, "");
	fwrite(text, 1, len, out);
	if (cut_here)
		fputs("\u2026", out);
	if (!right)
		fprintf(out, "%*s", pad, "");
}

/* The separator before column c: two spaces before STAGES, one elsewhere. */
static void separator(FILE *out, int c, bool *first)
{
	if (!*first)
		fputs(c == RT_STAGES ? "  " : " ", out);
	*first = false;
}

void replay_table_header(FILE *out, const replay_table *t)
{
	bool first = true;
	for (int c = 0; c < RT_COLUMNS; c++) {
		if (t->width[c] == 0)
			continue;
		separator(out, c, &first);
		if (c == RT_STAGES)
			fputs(headers[c], out);
		else
			cell(out, headers[c], strlen(headers[c]), t->width[c], t->cut,
			     c == RT_RULE || c == RT_BYTES);
	}
	fputc('\n', out);
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

static void text_cell(FILE *out, const replay_table *t, int c, span text, bool *first)
{
	if (t->width[c] == 0)
		return;
	separator(out, c, first);
	bool cut = t->cut || (c == RT_TARGET && !t->wide);
	int width = c == RT_TARGET && !t->cut && !t->wide ? TARGET_CLASSIC : t->width[c];
	cell(out, text.ptr ? text.ptr : "", text.len, width, cut, false);
}

void replay_table_row(FILE *out, const replay_table *t, const replay_request *req)
{
	const request_attrs *a = &req->attrs;
	bool first = true;
	char *target = request_target(a);
	text_cell(out, t, RT_AUDIT_ID, req->audit_id, &first);
	text_cell(out, t, RT_VERB, a->verb, &first);
	text_cell(out, t, RT_USER, a->has_user ? a->user_name : span_of("<none>"), &first);
	text_cell(out, t, RT_TARGET, span_of(target), &first);
	text_cell(out, t, RT_LEVEL, span_of(level_name(req->decision.level)), &first);
	free(target);
	char number[32];
	if (req->decision.rule >= 0)
		snprintf(number, sizeof number, "%d", req->decision.rule);
	else
		snprintf(number, sizeof number, "-");
	separator(out, RT_RULE, &first);
	cell(out, number, strlen(number), t->width[RT_RULE], false, true);
	if (t->width[RT_BYTES]) {
		snprintf(number, sizeof number, "%llu", (unsigned long long)(req->bytes + req->modelled_bytes));
		separator(out, RT_BYTES, &first);
		cell(out, number, strlen(number), t->width[RT_BYTES], false, true);
	}
	char stages[96];
	size_t n = stage_list(stages, sizeof stages, req->stages);
	separator(out, RT_STAGES, &first);
	if (t->cut && n > (size_t)t->width[RT_STAGES])
		cell(out, stages, n, t->width[RT_STAGES], true, false);
	else
		fwrite(stages, 1, n, out);
	fputc('\n', out);
}
