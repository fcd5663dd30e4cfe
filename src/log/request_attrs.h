/* request_attrs: what kube-apiserver's policy saw for a recorded event (§10 of the
 * semantics): the authenticated user (never impersonatedUser), the logged verb, and for
 * resource requests the attributes of the request URL rather than the objectRef that
 * the create/update handlers fill in later from the body. */
#ifndef AUDITSIM_REQUEST_ATTRS_H
#define AUDITSIM_REQUEST_ATTRS_H

#include "event.h"
#include "request.h"
#include "request_info.h"
#include "stages.h"

/* Fills *out from ev as kube-apiserver `version` derives them from the URL. Strings point
 * into ev (valid until the reader moves on) and into scratch. */
void request_attrs_from_event(const audit_event *ev, kube_version version, request_attrs *out,
                              request_info_scratch *scratch);

/* Which flow wrote this event: a user-less ResponseStarted with 401 is a failed
 * authentication, one with 400 and the timeout message an invalid ?timeout=, a Panic
 * stage a panic; everything else the normal audit filter. */
request_flow event_flow(const audit_event *ev);

#endif
