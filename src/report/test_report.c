/* test_report: text, TAP 13 and JUnit XML for `auditsim test`. */
#include "test_report.h"

#include <stdlib.h>
#include <string.h>

#include "go_quote.h"
#include "html_out.h"
#include "xalloc.h"

static char *location(const expectation_case *c)
{
	return xasprintf("%s:%d:%d", c->file, c->pos.line, c->pos.col);
}

/* "FILE:L:C: NAME: expected level Metadata; got level Request (rules[7] at policy
 * line 40)". Newly allocated. */
static char *failure_line(const expectation_case *c)
{
	char *at = location(c);
	char *line = xasprintf("%s: %s: expected %s; got %s%s%s%s", at, c->name, c->expected,
	                       c->actual, c->decided_by ? " (" : "",
	                       c->decided_by ? c->decided_by : "", c->decided_by ? ")" : "");
	free(at);
	return line;
}

void test_report_text(FILE *out, const expectation_results *r)
{
	for (size_t i = 0; i < r->count; i++) {
		const expectation_case *c = &r->cases[i];
		if (c->passed)
			continue;
		char *line = failure_line(c);
		fprintf(out, "%s\n", line);
		free(line);
	}
	fprintf(out, "tests: %zu passed, %zu failed\n", r->count - r->failed, r->failed);
}

/* A YAML double-quoted scalar (Go's quoting is a subset of YAML's escapes). */
static void put_yaml_string(FILE *out, const char *key, const char *value)
{
	char *quoted = go_quote(value, strlen(value));
	fprintf(out, "  %s: %s\n", key, quoted);
	free(quoted);
}

void test_report_tap(FILE *out, const expectation_results *r)
{
	fprintf(out, "TAP version 13\n1..%zu\n", r->count);
	for (size_t i = 0; i < r->count; i++) {
		const expectation_case *c = &r->cases[i];
		char *at = location(c);
		fprintf(out, "%s %zu - %s ", c->passed ? "ok" : "not ok", i + 1, at);
		/* '#' would start a TAP directive (a skip or a to-do mark) in the description */
		char *description = xasprintf("%s: %s", c->name, c->expected);
		for (const char *p = description; *p; p++)
			fputc(*p == '#' ? '_' : *p, out);
		fputc('\n', out);
		free(description);
		if (!c->passed) {
			fputs("  ---\n", out);
			put_yaml_string(out, "message", "expectation not met");
			put_yaml_string(out, "at", at);
			put_yaml_string(out, "expected", c->expected);
			put_yaml_string(out, "got", c->actual);
			if (c->decided_by)
				put_yaml_string(out, "decided_by", c->decided_by);
			fputs("  ...\n", out);
		}
		free(at);
	}
}

static size_t failures_in(const expectation_results *r, size_t from, size_t to)
{
	size_t n = 0;
	for (size_t i = from; i < to; i++)
		n += !r->cases[i].passed;
	return n;
}

static void put_testcase(FILE *out, const expectation_case *c)
{
	fputs("    <testcase classname=\"", out);
	html_escape_str(out, c->file);
	fputs("\" name=\"", out);
	html_escape_str(out, c->name);
	fprintf(out, " (line %d)\"", c->pos.line);
	if (c->passed) {
		fputs("/>\n", out);
		return;
	}
	fputs(">\n      <failure type=\"expectation\" message=\"expected ", out);
	html_escape_str(out, c->expected);
	fputs("; got ", out);
	html_escape_str(out, c->actual);
	fputs("\">", out);
	char *line = failure_line(c);
	html_escape_str(out, line);
	free(line);
	fputs("</failure>\n    </testcase>\n", out);
}

/* Cases come grouped by file, in the order the files were given. */
void test_report_junit(FILE *out, const expectation_results *r)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"auditsim test\" tests=\"%zu\" failures=\"%zu\">\n",
	        r->count, r->failed);
	for (size_t from = 0; from < r->count;) {
		size_t to = from;
		while (to < r->count && strcmp(r->cases[to].file, r->cases[from].file) == 0)
			to++;
		fputs("  <testsuite name=\"", out);
		html_escape_str(out, r->cases[from].file);
		fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
		        to - from, failures_in(r, from, to));
		for (size_t i = from; i < to; i++)
			put_testcase(out, &r->cases[i]);
		fputs("  </testsuite>\n", out);
		from = to;
	}
	fputs("</testsuites>\n", out);
}
