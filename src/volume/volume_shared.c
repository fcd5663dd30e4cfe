/* volume_shared: what volumes fed the same events work out once per event (volume.h). */
#include <stdlib.h>
#include <string.h>

#include "timestamp.h"
#include "volume_internal.h"
#include "xalloc.h"

volume_shared *volume_shared_new(void)
{
	volume_shared *s = xcalloc(1, sizeof *s);
	for (int t = 0; t < TOP_COUNT; t++) {
		s->names[t].keys = xcalloc(SHARED_NAME_SLOTS, sizeof *s->names[t].keys);
		s->names[t].ids = xcalloc(SHARED_NAME_SLOTS, sizeof *s->names[t].ids);
	}
	return s;
}

void volume_shared_free(volume_shared *s)
{
	if (!s)
		return;
	for (int t = 0; t < TOP_COUNT; t++) {
		free(s->names[t].keys);
		free(s->names[t].ids);
	}
	free(s);
}

void volume_shared_begin_event(volume_shared *s, const audit_event *ev)
{
	s->ev = ev;
	s->parsed = 0;
	s->named = false;
}

bool volume_shared_seconds(volume_shared *s, int which, span ts, double *out)
{
	if (!(s->parsed & (1u << which))) {
		s->time_ok[which] = timestamp_seconds(ts, &s->seconds[which]);
		s->parsed |= 1u << which;
	}
	*out = s->seconds[which];
	return s->time_ok[which];
}

/* name's id in one table of names, a new one if there is room, else -1. */
static int32_t name_id(volume_shared *s, int table, span name)
{
	size_t n = volume_key_len(name), mask = SHARED_NAME_SLOTS - 1;
	char (*keys)[TOP_KEY_MAX] = s->names[table].keys;
	for (size_t i = volume_name_hash(name.ptr, n) & mask;; i = (i + 1) & mask) {
		if (!keys[i][0]) {
			/* three quarters full: later names are counted the ordinary way */
			if (s->names[table].used >= SHARED_NAME_IDS)
				return -1;
			memcpy(keys[i], name.ptr, n);
			keys[i][n] = '\0';
			return s->names[table].ids[i] = s->names[table].used++;
		}
		if (strncmp(keys[i], name.ptr, n) == 0 && keys[i][n] == '\0')
			return s->names[table].ids[i];
	}
}

const int32_t *volume_shared_ids(volume_shared *s, const volume_keys **keys)
{
	if (!s->named) {
		volume_keys_of(s->ev, &s->keys);
		for (int t = 0; t < TOP_COUNT; t++)
			s->ids[t] = name_id(s, t, s->keys.names[t]);
		s->named = true;
	}
	*keys = &s->keys;
	return s->ids;
}
