#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void strbuf_put(strbuf *b, const void *bytes, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->data = xreallocarray(b->data, b->cap, 1);
	}
	if (n)
		memcpy(b->data + b->len, bytes, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void strbuf_puts(strbuf *b, const char *s) { strbuf_put(b, s, strlen(s)); }

void strbuf_putc(strbuf *b, char c) { strbuf_put(b, &c, 1); }

void strbuf_truncate(strbuf *b, size_t len)
{
	if (!b->data || len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

const char *strbuf_str(const strbuf *b) { return b->data ? b->data : ""; }

char *strbuf_detach(strbuf *b)
{
	char *text = b->data ? b->data : xstrdup("");
	*b = (strbuf)STRBUF_INIT;
	return text;
}

void strbuf_free(strbuf *b)
{
	free(b->data);
	*b = (strbuf)STRBUF_INIT;
}
