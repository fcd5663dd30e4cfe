/* scenario_expect: the names and the text of expected values. Reading them from a
 * scenario is scenario_expect_read.c's. */
#include "scenario_expect.h"

#include <stdio.h>

#include "strbuf.h"

static const char *const field_names[EXPECT_FIELD_COUNT] = {
	"level",
	"stages",
	"rule",
	"omitManagedFields",
};

const char *expect_field_name(expect_field field)
{
	return (unsigned)field < EXPECT_FIELD_COUNT ? field_names[field] : "?";
}

static void put_stages(strbuf *b, stage_set stages)
{
	strbuf_putc(b, '[');
	const char *sep = "";
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s)) {
			strbuf_puts(b, sep);
			strbuf_puts(b, stage_name((audit_stage)s));
			sep = ", ";
		}
	}
	strbuf_putc(b, ']');
}

char *expect_values_text(const expect_values *v, unsigned fields)
{
	strbuf b = STRBUF_INIT;
	for (int f = 0; f < EXPECT_FIELD_COUNT; f++) {
		if (!(fields & EXPECT_BIT(f)))
			continue;
		if (b.len)
			strbuf_puts(&b, ", ");
		strbuf_puts(&b, field_names[f]);
		strbuf_putc(&b, ' ');
		char number[24];
		switch ((expect_field)f) {
		case EXPECT_LEVEL: strbuf_puts(&b, level_name(v->level)); break;
		case EXPECT_STAGES: put_stages(&b, v->stages); break;
		case EXPECT_RULE:
			snprintf(number, sizeof number, "%d", v->rule);
			strbuf_puts(&b, v->rule < 0 ? "none" : number);
			break;
		case EXPECT_OMIT_MANAGED_FIELDS:
			strbuf_puts(&b, v->omit_managed_fields ? "true" : "false");
			break;
		case EXPECT_FIELD_COUNT: break;
		}
	}
	if (!b.len)
		strbuf_puts(&b, "nothing");
	return strbuf_detach(&b);
}
