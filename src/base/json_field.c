/* json_field: see json_field.h. */
#include "json_field.h"

static bool u64_of(const json_t *v, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static bool double_of(const json_t *v, double *out)
{
	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

bool json_field_u64(const json_t *obj, const char *key, uint64_t *out)
{
	return u64_of(json_object_get(obj, key), out);
}

bool json_field_double(const json_t *obj, const char *key, double *out)
{
	return double_of(json_object_get(obj, key), out);
}

bool json_field_bool(const json_t *obj, const char *key, bool *out)
{
	const json_t *v = json_object_get(obj, key);
	if (!json_is_boolean(v))
		return false;
	*out = json_is_true(v);
	return true;
}

bool json_field_string(const json_t *obj, const char *key, const char **out)
{
	const json_t *v = json_object_get(obj, key);
	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	return true;
}

bool json_item_u64(const json_t *array, size_t i, uint64_t *out)
{
	return u64_of(json_array_get(array, i), out);
}

bool json_item_double(const json_t *array, size_t i, double *out)
{
	return double_of(json_array_get(array, i), out);
}
