/* kube_version: the Kubernetes minor version whose kube-apiserver auditsim simulates
 * (--kube-version X.Y). Only 1.24 to 1.37 are known (doc: ../shared/reference
 * kube-versions.md); each version-dependent behaviour asks kube_version_at_least() about
 * the release that changed it, so a reader finds every switch by its minor number. A plain
 * value, passed down to whoever decides; the default is the newest, the baseline of
 * doc/semantics.md. */
#ifndef AUDITSIM_KUBE_VERSION_H
#define AUDITSIM_KUBE_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#define KUBE_VERSION_OLDEST_MINOR 24
#define KUBE_VERSION_NEWEST_MINOR 37

/* A zero value (minor 0) stands for the newest, so a struct that holds a version and is
 * zero-initialised behaves as today's kube-apiserver. */
typedef struct {
	int minor; /* Kubernetes 1.minor; 0: the newest */
} kube_version;

#define KUBE_VERSION_NEWEST ((kube_version){ KUBE_VERSION_NEWEST_MINOR })

/* Whether v includes what Kubernetes 1.minor changed. */
static inline bool kube_version_at_least(kube_version v, int minor)
{
	return v.minor == 0 || v.minor >= minor;
}

static inline bool kube_version_is_newest(kube_version v)
{
	return v.minor == 0 || v.minor == KUBE_VERSION_NEWEST_MINOR;
}

/* "1.30", "v1.30" or "1.30.2" (the patch is ignored: no audit change in range depends on
 * it). Returns false and sets *error (the caller frees it) for anything else or a version
 * outside 1.24 to 1.37; *out is then left alone. */
bool kube_version_parse(const char *text, kube_version *out, char **error);

/* "1.35" into buf (at least KUBE_VERSION_TEXT_MAX bytes); returns buf. */
#define KUBE_VERSION_TEXT_MAX 16
const char *kube_version_text(kube_version v, char *buf);

#endif
