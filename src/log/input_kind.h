/* input_kind: what a file that failed to read as one thing most likely is instead — an
 * audit log, an Azure or Google Cloud export, a scenario, a Policy or gzip data — so that
 * `replay LOG POLICY` says "the policy comes first" rather than a parser's complaint about
 * the wrong kind of document. A guess from the first bytes: it is only asked after the
 * proper reader has refused the file, so it never turns a good file away. Pure function of
 * the text, cost linear in at most INPUT_KIND_SNIFF bytes. */
#ifndef AUDITSIM_INPUT_KIND_H
#define AUDITSIM_INPUT_KIND_H

#include <stddef.h>

#define INPUT_KIND_SNIFF 65536

typedef enum {
	INPUT_KIND_UNKNOWN,
	INPUT_KIND_GZIP,
	INPUT_KIND_AUDIT_LOG,     /* audit.k8s.io Events: JSON lines, an EventList */
	INPUT_KIND_AZURE_EXPORT,  /* AKS diagnostic records (category, properties.log) */
	INPUT_KIND_CLOUD_LOGGING, /* Google Cloud Logging entries (protoPayload) */
	INPUT_KIND_POLICY,        /* an audit.k8s.io Policy, YAML or JSON */
	INPUT_KIND_SCENARIO,      /* an auditsim scenario (requests:) */
} input_kind;

input_kind input_kind_of(const char *data, size_t len);

/* "an audit log (audit.k8s.io events)" and so on; "" for INPUT_KIND_UNKNOWN. */
const char *input_kind_description(input_kind kind);

#endif
