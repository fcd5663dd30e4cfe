/* lint_finding: the shape of lint's findings. */
#include "lint_finding.h"

#include <stdarg.h>
#include <stdlib.h>

#include "xalloc.h"

void add_finding(diag_list *out, diag_severity severity, const char *code, source_pos pos,
                 const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag *d = diag_addv(out, severity, pos, field, fmt, ap);
	va_end(ap);
	d->code = xstrdup(code);
}

source_pos rule_pos(const policy_rule *rule)
{
	return rule->pos.line > 0 ? rule->pos : rule->level_pos;
}

source_pos level_pos(const policy_rule *rule)
{
	return rule->level_pos.line > 0 ? rule->level_pos : rule->pos;
}

char *rule_field(size_t index) { return xasprintf("rules[%zu]", index); }

char *target_name(const coverage_target *t)
{
	return xasprintf("%s%s%s%s%s", t->resource, *t->group ? "." : "", t->group,
	                 *t->subresource ? "/" : "", t->subresource);
}

char *list_append(char *list, const char *item)
{
	char *grown = xasprintf("%s%s%s", list ? list : "", list ? ", " : "", item);
	free(list);
	return grown;
}

char *traffic_note(const lint_tally *traffic, int rule, tally_kind kind)
{
	if (!traffic)
		return xstrdup("");
	tally_figure f = lint_tally_of(traffic, rule, kind);
	return xasprintf("; in the logs: %llu of the %llu requests, %llu bytes under this policy",
	                 (unsigned long long)f.requests,
	                 (unsigned long long)lint_tally_requests(traffic),
	                 (unsigned long long)f.bytes);
}
