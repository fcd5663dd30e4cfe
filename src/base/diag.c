#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void diag_list_init(diag_list *list, const char *file)
{
	memset(list, 0, sizeof *list);
	list->file = xstrdup(file ? file : "-");
}

void diag_list_free(diag_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].field);
		free(list->items[i].message);
		free(list->items[i].code);
	}
	free(list->items);
	free(list->file);
	memset(list, 0, sizeof *list);
}

diag *diag_addv(diag_list *list, diag_severity severity, source_pos pos, const char *field,
                const char *fmt, va_list ap)
{
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? list->capacity * 2 : 8;
		list->items = xreallocarray(list->items, list->capacity, sizeof *list->items);
	}
	diag *d = &list->items[list->count++];
	d->severity = severity;
	d->pos = pos;
	d->field = field ? xstrdup(field) : NULL;
	d->message = xvasprintf(fmt, ap);
	d->code = NULL;
	return d;
}

diag *diag_add(diag_list *list, diag_severity severity, source_pos pos, const char *field,
               const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag *d = diag_addv(list, severity, pos, field, fmt, ap);
	va_end(ap);
	return d;
}

size_t diag_count(const diag_list *list, diag_severity severity)
{
	size_t n = 0;
	for (size_t i = 0; i < list->count; i++)
		n += list->items[i].severity == severity;
	return n;
}

void diag_print_one(const diag_list *list, const diag *d, FILE *out)
{
	const char *sev = d->severity == DIAG_ERROR     ? "error" :
	                  d->severity == DIAG_WARNING ? "warning" :
	                                                "note";
	if (d->pos.line > 0)
		fprintf(out, "%s:%d:%d: %s: ", list->file, d->pos.line, d->pos.col, sev);
	else
		fprintf(out, "%s: %s: ", list->file, sev);
	if (d->field)
		fprintf(out, "%s: ", d->field);
	fprintf(out, "%s", d->message);
	if (d->code)
		fprintf(out, " [%s]", d->code);
	fputc('\n', out);
}

void diag_print(const diag_list *list, FILE *out)
{
	for (size_t i = 0; i < list->count; i++)
		diag_print_one(list, &list->items[i], out);
}
