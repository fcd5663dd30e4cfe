/* expectation: one test per request expectation, compared field by field. */
#include "expectation.h"

#include <stdlib.h>
#include <string.h>

#include "checker.h"
#include "stages.h"
#include "strbuf.h"
#include "xalloc.h"

expect_values expectation_actual(const policy *p, const scenario_request *req)
{
	request_attrs attrs;
	scenario_request_attrs(req, &attrs);
	audit_decision d = evaluate_policy_rule(p, &attrs);
	return (expect_values){
		.fields = EXPECT_ALL,
		.level = d.level,
		.stages = decision_stages(&d, req->flow, request_is_long_running(&attrs)),
		.rule = d.rule,
		.omit_managed_fields = d.omit_managed_fields,
	};
}

unsigned expectation_mismatches(const expect_values *expected, const expect_values *actual)
{
	unsigned differ = 0;
	if (expected->level != actual->level)
		differ |= EXPECT_BIT(EXPECT_LEVEL);
	if (expected->stages != actual->stages)
		differ |= EXPECT_BIT(EXPECT_STAGES);
	if (expected->rule != actual->rule)
		differ |= EXPECT_BIT(EXPECT_RULE);
	if (expected->omit_managed_fields != actual->omit_managed_fields)
		differ |= EXPECT_BIT(EXPECT_OMIT_MANAGED_FIELDS);
	return differ & expected->fields;
}

bool expectation_invalid_met(const diag_list *diags, const char *field)
{
	for (size_t i = 0; i < diags->count; i++) {
		const diag *d = &diags->items[i];
		if (d->severity == DIAG_ERROR && d->field && strcmp(d->field, field) == 0)
			return true;
	}
	return false;
}

/* "get pods.apps/status shop/web (alice)", "get /healthz (no user)". */
static char *request_name(size_t index, const scenario_request *q)
{
	strbuf b = STRBUF_INIT;
	char *head = xasprintf("requests[%zu]: %s ", index, q->verb[0] ? q->verb : "\"\"");
	strbuf_puts(&b, head);
	free(head);
	if (!q->is_resource) {
		strbuf_puts(&b, q->path);
	} else {
		strbuf_puts(&b, q->resource);
		if (q->api_group[0]) {
			strbuf_putc(&b, '.');
			strbuf_puts(&b, q->api_group);
		}
		if (q->subresource[0]) {
			strbuf_putc(&b, '/');
			strbuf_puts(&b, q->subresource);
		}
		if (q->namespace_[0] || q->name[0])
			strbuf_putc(&b, ' ');
		strbuf_puts(&b, q->namespace_);
		if (q->namespace_[0] && q->name[0])
			strbuf_putc(&b, '/');
		strbuf_puts(&b, q->name);
	}
	char *tail = xasprintf(" (%s)", q->has_user ? q->user_name : "no user");
	strbuf_puts(&b, tail);
	free(tail);
	return strbuf_detach(&b);
}

static char *rule_text(const policy *p, int rule)
{
	if (rule < 0)
		return xstrdup("no rule (level None)");
	return xasprintf("rules[%d] at policy line %d", rule, p->rules[rule].pos.line);
}

/* The first error of an invalid policy, for tests it keeps from running. */
static char *first_error(const diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		const diag *d = &diags->items[i];
		if (d->severity == DIAG_ERROR)
			return xasprintf("the policy is invalid (%s%s%s)", d->field ? d->field : "",
			                 d->field ? ": " : "", d->message);
	}
	return xstrdup("the policy is invalid");
}

static expectation_case *add_case(expectation_results *r)
{
	r->cases = xreallocarray(r->cases, r->count + 1, sizeof *r->cases);
	expectation_case *c = &r->cases[r->count++];
	memset(c, 0, sizeof *c);
	return c;
}

static void finish_case(expectation_results *r, expectation_case *c, bool passed)
{
	c->passed = passed;
	if (!passed)
		r->failed++;
}

static void check_request(const tested_policy *tp, const scenario *s, size_t index,
                          expectation_results *r)
{
	const scenario_request *q = &s->requests[index];
	expectation_case *c = add_case(r);
	c->file = xstrdup(s->file);
	c->pos = q->pos;
	c->name = request_name(index, q);
	c->expected = expect_values_text(&q->expect, q->expect.fields);
	if (!tp->p) {
		c->actual = first_error(tp->diags);
		finish_case(r, c, false);
		return;
	}
	expect_values actual = expectation_actual(tp->p, q);
	c->actual = expect_values_text(&actual, q->expect.fields);
	c->decided_by = rule_text(tp->p, actual.rule);
	finish_case(r, c, expectation_mismatches(&q->expect, &actual) == 0);
}

/* What validation said, as the fields it named: "errors at rules[1].verbs, rules[3]". */
static char *validation_outcome(const diag_list *diags, bool valid)
{
	if (valid)
		return xstrdup("the policy is valid");
	strbuf b = STRBUF_INIT;
	strbuf_puts(&b, "errors at");
	for (size_t i = 0; i < diags->count; i++) {
		const diag *d = &diags->items[i];
		if (d->severity != DIAG_ERROR)
			continue;
		strbuf_puts(&b, b.len > 9 ? ", " : " ");
		strbuf_puts(&b, d->field ? d->field : "(the document)");
	}
	return strbuf_detach(&b);
}

static void check_invalid(const tested_policy *tp, const scenario *s, expectation_results *r)
{
	expectation_case *c = add_case(r);
	c->file = xstrdup(s->file);
	c->pos = s->expect_invalid_pos;
	c->name = xasprintf("expectInvalid: %s", s->expect_invalid);
	c->expected = xasprintf("an error at %s", s->expect_invalid);
	c->actual = validation_outcome(tp->diags, tp->p != NULL);
	finish_case(r, c, !tp->p && expectation_invalid_met(tp->diags, s->expect_invalid));
}

void expectation_check_scenario(const tested_policy *tp, const scenario *s,
                                 expectation_results *results)
{
	if (s->expect_invalid)
		check_invalid(tp, s, results);
	for (size_t i = 0; i < s->count; i++) {
		if (s->requests[i].expect.fields)
			check_request(tp, s, i, results);
	}
}

void expectation_results_free(expectation_results *results)
{
	for (size_t i = 0; i < results->count; i++) {
		expectation_case *c = &results->cases[i];
		free(c->file);
		free(c->name);
		free(c->expected);
		free(c->actual);
		free(c->decided_by);
	}
	free(results->cases);
	memset(results, 0, sizeof *results);
}
