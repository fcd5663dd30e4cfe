/* go_strconv: see go_strconv.h. */
#include "go_strconv.h"

#include <stdint.h>

bool go_parses_int64(span s)
{
	size_t i = 0;
	bool negative = false;
	if (s.len > 0 && (s.ptr[0] == '+' || s.ptr[0] == '-')) {
		negative = s.ptr[0] == '-';
		i = 1;
	}
	if (i == s.len)
		return false;
	uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t value = 0;
	for (; i < s.len; i++) {
		if (s.ptr[i] < '0' || s.ptr[i] > '9')
			return false;
		unsigned digit = (unsigned)(s.ptr[i] - '0');
		if (value > (limit - digit) / 10)
			return false;
		value = value * 10 + digit;
	}
	return true;
}
