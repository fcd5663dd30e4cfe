/* fuzz_limits: the reader limits a fuzz input asks for. A first byte of 1 or 2 selects tiny
 * limits (a 64-byte record, or nesting 3) and is not part of the log, so that the limit
 * paths are reached; otherwise the whole input is the log. Shared by the event reader and
 * event pipe targets, so one corpus means the same to both. */
#ifndef AUDITSIM_FUZZ_LIMITS_H
#define AUDITSIM_FUZZ_LIMITS_H

#include <stddef.h>
#include <stdint.h>

#include "event_reader.h"

static inline event_reader_limits fuzz_limits(const uint8_t **data, size_t *size)
{
	event_reader_limits limits = { .max_record_bytes = (size_t)1 << 20, .max_depth = 64 };
	if (*size > 0 && ((*data)[0] == 1 || (*data)[0] == 2)) {
		if ((*data)[0] == 1)
			limits.max_record_bytes = 64;
		else
			limits.max_depth = 3;
		(*data)++;
		(*size)--;
	}
	return limits;
}

#endif
