/* fuzz_request_info: any bytes as "METHOD URL" (split at the first space, else the
 * whole input is the URL with an empty method). The parse must stay inside its inputs
 * and its scratch, and every attribute it fills must be readable. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "request_info.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t checksum;

static void touch(span s)
{
	for (size_t i = 0; i < s.len; i++)
		checksum += (unsigned char)s.ptr[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *bytes = (const char *)data;
	const char *space = memchr(bytes, ' ', size);
	size_t method_len = space ? (size_t)(space - bytes) : 0;
	size_t url_start = space ? method_len + 1 : 0;

	/* A copy of exactly the URL bytes, so that reading past them is caught. */
	char *url = malloc(size - url_start + 1);
	if (!url)
		abort();
	memcpy(url, bytes + url_start, size - url_start);
	span method = { bytes, method_len };
	span url_span = { url, size - url_start };

	request_info_scratch scratch = { 0 };
	request_attrs attrs;
	memset(&attrs, 0, sizeof attrs);
	if (request_info_parse(method, url_span, &attrs, &scratch)) {
		touch(attrs.verb);
		touch(attrs.api_group);
		touch(attrs.api_version);
		touch(attrs.resource);
		touch(attrs.subresource);
		touch(attrs.namespace_);
		touch(attrs.name);
		touch(attrs.path);
		const char *m = method_for_verb(attrs.verb, attrs.is_resource);
		if (m)
			checksum += strlen(m);
	}
	/* parse twice into the same scratch, as the replay loop does */
	request_info_parse(method, url_span, &attrs, &scratch);
	request_info_scratch_free(&scratch);
	free(url);
	return 0;
}
