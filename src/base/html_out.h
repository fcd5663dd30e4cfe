/* html_out: the small pieces every HTML writer needs — escaping untrusted text and
 * human-readable numbers. Everything that comes from a policy, a log or a file name goes
 * through html_escape before it reaches the page. */
#ifndef AUDITSIM_HTML_OUT_H
#define AUDITSIM_HTML_OUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Writes text with &, <, >, " and ' escaped; NUL bytes and other control characters
 * except tab and newline become U+FFFD, so no input can open a tag or end an attribute. */
void html_escape(FILE *out, const char *text, size_t len);
void html_escape_str(FILE *out, const char *text); /* NULL writes nothing */

/* "950 B", "12.3 kB", "1.21 MB", "3.40 GB" (SI units, as the rest of auditsim counts
 * GB). Writes into buf (at least 16 bytes) and returns it. */
const char *format_bytes(char *buf, size_t cap, double bytes);

/* "1,234,567": digits grouped for reading. Returns buf (at least 32 bytes). */
const char *format_count(char *buf, size_t cap, uint64_t n);

#endif
