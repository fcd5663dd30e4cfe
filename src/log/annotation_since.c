#include "annotation_since.h"

typedef struct {
	const char *key;
	int since; /* the Kubernetes minor that added it */
} annotation_release;

/* §7.2 rows after 1.24; a ValidatingAdmissionPolicy's own `<policyName>/<key>` cannot be
 * told from other keys and is kept. */
static const annotation_release releases[] = {
	{ "validation.policy.admission.k8s.io/validation_failure", 27 }, /* #115973 */
	{ "apiserver.latency.k8s.io/decode-response-object", 30 },       /* #121512 */
	{ "authentication.kubernetes.io/issued-credential-id", 30 },     /* #123098 */
	{ "apiserver.latency.k8s.io/apf-queue-wait", 31 },               /* #123919 */
	{ "apiserver.k8s.io/unsafe-delete-ignore-read-error", 32 },      /* #127513 */
	{ "apiserver.latency.k8s.io/authorization", 33 },                /* #130571 */
	/* in the code from 1.33, but recorded after the event was written until 1.34 */
	{ "apiserver.latency.k8s.io/authentication", 34 }, /* #132163 */
	{ "apiserver.latency.k8s.io/impersonation", 36 },  /* #137523 */
};

bool annotation_exists_in(span key, kube_version version)
{
	for (size_t i = 0; i < sizeof releases / sizeof releases[0]; i++) {
		if (span_eq(key, releases[i].key))
			return kube_version_at_least(version, releases[i].since);
	}
	return true;
}
