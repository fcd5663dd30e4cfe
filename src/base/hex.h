/* hex: the one definition of a hexadecimal digit's value, for the JSON readers' \u
 * escapes and URL %XX escapes. Inline: the event scanner calls it per byte. */
#ifndef AUDITSIM_HEX_H
#define AUDITSIM_HEX_H

/* The value of c as a hex digit (0-9, a-f, A-F), or -1 when it is not one. */
static inline int hex_digit_value(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20; /* 'A'-'F' to 'a'-'f'; nothing else lands there */
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

#endif
