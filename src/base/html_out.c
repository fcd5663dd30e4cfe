/* html_out: escaping and number formatting for the HTML report. */
#include "html_out.h"

#include <string.h>

void html_escape(FILE *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		switch (c) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			/* Control characters are not allowed in HTML text; show that something was there. */
			if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
				fputs("&#xFFFD;", out);
			else
				fputc(c, out);
		}
	}
}

void html_escape_str(FILE *out, const char *text)
{
	if (text)
		html_escape(out, text, strlen(text));
}

const char *format_bytes(char *buf, size_t cap, double bytes)
{
	static const char *const units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
	size_t u = 0;
	while (bytes >= 1000.0 && u + 1 < sizeof units / sizeof units[0]) {
		bytes /= 1000.0;
		u++;
	}
	if (u == 0)
		snprintf(buf, cap, "%.0f B", bytes);
	else
		snprintf(buf, cap, "%.*f %s", bytes < 10 ? 2 : bytes < 100 ? 1 : 0, bytes, units[u]);
	return buf;
}

const char *format_count(char *buf, size_t cap, uint64_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
	size_t o = 0;
	for (int i = 0; i < len && o + 1 < cap; i++) {
		if (i > 0 && (len - i) % 3 == 0 && o + 2 < cap)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}
