/* url_unescape: see url_unescape.h. */
#include "url_unescape.h"

#include "hex.h"

/* Go's url.PathUnescape / QueryUnescape: a '%' without two hex digits fails the whole
 * component rather than passing through, because that is what decides which query
 * pairs upstream drops. */
bool url_unescape(span raw, bool plus_is_space, char *dst, size_t *out_len)
{
	size_t n = 0;
	for (size_t i = 0; i < raw.len; i++) {
		char c = raw.ptr[i];
		if (c == '%') {
			if (i + 2 >= raw.len)
				return false;
			int hi = hex_digit_value((unsigned char)raw.ptr[i + 1]),
			    lo = hex_digit_value((unsigned char)raw.ptr[i + 2]);
			if (hi < 0 || lo < 0)
				return false;
			dst[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			dst[n++] = (plus_is_space && c == '+') ? ' ' : c;
		}
	}
	*out_len = n;
	return true;
}
