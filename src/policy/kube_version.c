#include "kube_version.h"

#include <stdio.h>
#include <stdlib.h>

#include "xalloc.h"

#define SUPPORTED "supported: 1.24 to 1.37"

/* Decimal digits at *p, at most 4 (no version number is longer); -1 when none. */
static int read_number(const char **p)
{
	int value = 0, digits = 0;
	while (**p >= '0' && **p <= '9' && digits < 4) {
		value = value * 10 + (**p - '0');
		(*p)++;
		digits++;
	}
	return digits ? value : -1;
}

bool kube_version_parse(const char *text, kube_version *out, char **error)
{
	const char *p = text + (text[0] == 'v');
	int major = read_number(&p);
	int minor = *p == '.' ? (p++, read_number(&p)) : -1;
	if (minor >= 0 && *p == '.') {
		p++;
		if (read_number(&p) < 0)
			minor = -1;
	}
	if (major < 0 || minor < 0 || *p != '\0') {
		*error = xasprintf("\"%s\" is not a Kubernetes version X.Y (" SUPPORTED ")", text);
		return false;
	}
	if (major != 1 || minor < KUBE_VERSION_OLDEST_MINOR || minor > KUBE_VERSION_NEWEST_MINOR) {
		*error = xasprintf("Kubernetes %d.%d is not simulated (" SUPPORTED ")", major, minor);
		return false;
	}
	out->minor = minor;
	return true;
}

const char *kube_version_text(kube_version v, char *buf)
{
	snprintf(buf, KUBE_VERSION_TEXT_MAX, "1.%d", v.minor ? v.minor : KUBE_VERSION_NEWEST_MINOR);
	return buf;
}
