/* report_blocks: see report_blocks.h. */
#include "report_blocks.h"

#include "html_out.h"

const char *level_colour(audit_level level)
{
	static const char *const colours[LEVEL_COUNT] = { "#8a94a1", "#4e79a7", "#e8871e", "#d1495b" };
	return level < LEVEL_COUNT ? colours[level] : "#8a94a1";
}

void write_level_badge(FILE *out, audit_level level)
{
	fprintf(out, "<span class=\"level\" style=\"background:%s\">%s</span>", level_colour(level),
	        level_name(level));
}

char side_letter(size_t side) { return (char)('A' + side); }

void open_sides(FILE *out, const report_input *in)
{
	const char *cls = in->side_count > 2 ? " many" : in->side_count > 1 ? " two" : "";
	fprintf(out, "<div class=\"sides%s\">\n", cls);
}

void open_side(FILE *out, const report_input *in, size_t side)
{
	fputs("<div class=\"side\">", out);
	if (in->side_count > 1) {
		fprintf(out, "<p class=\"side-title\">%c: <code>", side_letter(side));
		html_escape_str(out, in->sides[side].path);
		fputs("</code></p>", out);
	}
	fputc('\n', out);
}

void close_side(FILE *out) { fputs("</div>\n", out); }
void close_sides(FILE *out) { fputs("</div>\n", out); }

void write_side_heads(FILE *out, const report_input *in, const char *first)
{
	fprintf(out, "<tr><th>%s</th>", first);
	for (size_t i = 0; i < in->side_count; i++) {
		fputs("<th class=\"num side-head\">", out);
		if (in->side_count > 1)
			fprintf(out, "%c: ", side_letter(i));
		fputs("<code>", out);
		html_escape_str(out, in->sides[i].path);
		fputs("</code></th>", out);
	}
	fputs("</tr>\n", out);
}
