/* expectation_update: collects one edit per value to rewrite, at the byte ranges the
 * scenario reader recorded, then splices them into the text in order. */
#include "expectation_update.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

typedef struct {
	text_range at;
	char *text; /* owned */
} edit;

typedef struct {
	edit *items;
	size_t count;
} edit_list;

static void add_edit(edit_list *edits, text_range at, char *text)
{
	edits->items = xreallocarray(edits->items, edits->count + 1, sizeof *edits->items);
	edits->items[edits->count++] = (edit){ at, text };
}

/* The value in the quotes the old one was written in. */
static char *quoted_like(const char *text, text_range old, const char *value)
{
	char quote = old.end > old.start ? text[old.start] : 0;
	if (quote == '"' || quote == '\'')
		return xasprintf("%c%s%c", quote, value, quote);
	return xstrdup(value);
}

/* "[A, B]", or block items "- A\n<indent>- B" when the list was written as a block. */
static char *stages_text(stage_set stages, int item_col)
{
	strbuf b = STRBUF_INIT;
	bool block = item_col > 0 && stages != 0;
	if (!block)
		strbuf_putc(&b, '[');
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (!(stages & STAGE_BIT(s)))
			continue;
		if (block && b.len) {
			strbuf_putc(&b, '\n');
			for (int i = 1; i < item_col; i++)
				strbuf_putc(&b, ' ');
		}
		if (block)
			strbuf_puts(&b, "- ");
		else if (b.len > 1)
			strbuf_puts(&b, ", ");
		strbuf_puts(&b, stage_name((audit_stage)s));
	}
	if (!block)
		strbuf_putc(&b, ']');
	return strbuf_detach(&b);
}

static char *field_text(const char *text, const expect_place *place, expect_field f,
                        const expect_values *actual)
{
	char rule[24];
	switch (f) {
	case EXPECT_LEVEL: return quoted_like(text, place->value[f], level_name(actual->level));
	case EXPECT_STAGES: return stages_text(actual->stages, place->stages_item_col);
	case EXPECT_RULE:
		snprintf(rule, sizeof rule, "%d", actual->rule);
		return quoted_like(text, place->value[f], actual->rule < 0 ? "none" : rule);
	case EXPECT_OMIT_MANAGED_FIELDS:
		return quoted_like(text, place->value[f], actual->omit_managed_fields ? "true" : "false");
	case EXPECT_FIELD_COUNT: break;
	}
	return xstrdup("");
}

static char *new_expectation(const expect_values *actual)
{
	char rule[24];
	snprintf(rule, sizeof rule, "%d", actual->rule);
	return xasprintf("{level: %s, rule: %s}", level_name(actual->level),
	                 actual->rule < 0 ? "none" : rule);
}

/* The edits for one request; returns how many. */
static size_t request_edits(const char *text, size_t len, const scenario_request *q,
                            const expect_values *actual, edit_list *edits)
{
	const expect_place *place = &q->expect_at;
	if (!place->written) {
		char *value = new_expectation(actual);
		char *line = place->insert_col == 0
		                     ? xasprintf(", expect: %s", value)
		                     : xasprintf("%s%*sexpect: %s\n",
		                                 place->insert_at == len && len && text[len - 1] != '\n'
		                                         ? "\n"
		                                         : "",
		                                 place->insert_col - 1, "", value);
		free(value);
		add_edit(edits, (text_range){ place->insert_at, place->insert_at }, line);
		return 1;
	}
	if (!q->expect.fields) {
		char *value = new_expectation(actual);
		add_edit(edits, place->whole, xasprintf(" %s", value));
		free(value);
		return 1;
	}
	unsigned differ = expectation_mismatches(&q->expect, actual);
	size_t n = 0;
	for (int f = 0; f < EXPECT_FIELD_COUNT; f++) {
		if (differ & EXPECT_BIT(f)) {
			add_edit(edits, place->value[f], field_text(text, place, (expect_field)f, actual));
			n++;
		}
	}
	return n;
}

static const char *first_error_field(const diag_list *diags)
{
	for (size_t i = 0; diags && i < diags->count; i++) {
		if (diags->items[i].severity == DIAG_ERROR && diags->items[i].field)
			return diags->items[i].field;
	}
	return NULL;
}

static size_t invalid_edit(const scenario *s, const expect_values *actual,
                           const diag_list *policy_diags, edit_list *edits)
{
	const char *field = first_error_field(policy_diags);
	if (!s->expect_invalid || actual || !field ||
	    expectation_invalid_met(policy_diags, s->expect_invalid))
		return 0;
	strbuf b = STRBUF_INIT;
	strbuf_putc(&b, '"');
	for (const char *c = field; *c; c++) {
		if (*c == '"' || *c == '\\')
			strbuf_putc(&b, '\\');
		strbuf_putc(&b, *c);
	}
	strbuf_putc(&b, '"');
	add_edit(edits, s->expect_invalid_range, strbuf_detach(&b));
	return 1;
}

static int by_start(const void *a, const void *b)
{
	const edit *x = a, *y = b;
	return x->at.start < y->at.start ? -1 : x->at.start > y->at.start;
}

char *expectation_update(const char *text, size_t len, const scenario *s,
                         const expect_values *actual, const diag_list *policy_diags,
                         size_t *out_len, size_t *changes)
{
	edit_list edits = { NULL, 0 };
	*changes = invalid_edit(s, actual, policy_diags, &edits);
	for (size_t i = 0; actual && i < s->count; i++)
		*changes += request_edits(text, len, &s->requests[i], &actual[i], &edits);
	qsort(edits.items, edits.count, sizeof *edits.items, by_start);
	strbuf b = STRBUF_INIT;
	size_t done = 0;
	for (size_t i = 0; i < edits.count; i++) {
		const edit *e = &edits.items[i];
		if (e->at.start >= done && e->at.end <= len) { /* ranges never overlap; kept safe */
			strbuf_put(&b, text + done, e->at.start - done);
			strbuf_puts(&b, e->text);
			done = e->at.end;
		}
		free(e->text);
	}
	strbuf_put(&b, text + done, len - done);
	free(edits.items);
	*out_len = b.len;
	if (!b.data)
		strbuf_puts(&b, "");
	return strbuf_detach(&b);
}
