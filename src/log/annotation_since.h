/* annotation_since: which audit annotations a kube-apiserver version can write
 * (kube-versions.md §7.2), so that `--kube-version` leaves out of a written event the
 * annotations a recording made by a newer kube-apiserver carries. Keys not listed (the
 * authorization decision, PodSecurity, webhook and the 1.24 latency keys) exist in every
 * version from 1.24. Pure; no allocation. */
#ifndef AUDITSIM_ANNOTATION_SINCE_H
#define AUDITSIM_ANNOTATION_SINCE_H

#include <stdbool.h>

#include "kube_version.h"
#include "span.h"

/* Whether kube-apiserver `version` has the annotation `key` at all. */
bool annotation_exists_in(span key, kube_version version);

#endif
