/* xalloc: allocation that cannot fail silently. On exhaustion the process prints
 * "auditsim: out of memory" and exits 2: there is no sensible partial answer. */
#ifndef AUDITSIM_XALLOC_H
#define AUDITSIM_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap);

#endif
