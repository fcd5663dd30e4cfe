#include "json_out.h"

static void write_escape(FILE *out, unsigned char c)
{
	switch (c) {
	case '"': fputs("\\\"", out); break;
	case '\\': fputs("\\\\", out); break;
	case '\n': fputs("\\n", out); break;
	case '\r': fputs("\\r", out); break;
	case '\t': fputs("\\t", out); break;
	default: fprintf(out, "\\u%04x", c); break;
	}
}

void json_write_string(FILE *out, span s)
{
	fputc('"', out);
	size_t run = 0;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(s.ptr + run, 1, i - run, out);
		write_escape(out, c);
		run = i + 1;
	}
	if (s.len > run)
		fwrite(s.ptr + run, 1, s.len - run, out);
	fputc('"', out);
}

void json_write_stages(FILE *out, stage_set stages)
{
	fputc('[', out);
	const char *sep = "";
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (stages & STAGE_BIT(s)) {
			fprintf(out, "%s\"%s\"", sep, stage_name((audit_stage)s));
			sep = ",";
		}
	}
	fputc(']', out);
}
