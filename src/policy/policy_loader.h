/* policy_loader: reads a Policy file the way kube-apiserver's policy reader does
 * (pkg/audit/policy/reader.go with apimachinery's serializer): `{`-first files as strict
 * JSON, everything else as YAML 1.1 (first document only), apiVersion/kind checks,
 * strict decoding with a lenient fallback, and type checks. Every value keeps its
 * line and column. Validation is separate (policy_validator.h). */
#ifndef AUDITSIM_POLICY_LOADER_H
#define AUDITSIM_POLICY_LOADER_H

#include <stddef.h>

#include "diag.h"
#include "kube_version.h"
#include "policy.h"

typedef enum {
	LOAD_OK = 0,       /* decoded into a Policy (warnings may have been added) */
	LOAD_INVALID = 1,  /* the file is not a loadable Policy: errors added to diags */
	LOAD_IO_ERROR = 2, /* the file could not be read: an error added to diags */
} load_result;

/* Decodes the file at path into *out (initialised by the call; free with policy_free
 * whatever the result). diags must have been initialised by the caller, normally with
 * the same path. Lenient-fallback complaints (unknown fields, duplicate keys) are added
 * as warnings and set out->lenient. */
load_result policy_load_file(const char *path, policy *out, diag_list *diags);

/* The same for bytes already in memory; `name` is used as out->file. */
load_result policy_load_buffer(const char *name, const char *data, size_t len, policy *out,
                               diag_list *diags);

/* policy_load_buffer as kube-apiserver `version` decodes: before 1.26 leniently only, so
 * out->lenient stays false and the warnings about unknown fields and duplicate keys say
 * that kube-apiserver drops them silently (policy_decode.h).
 * (policy_load_buffer and policy_load_file decode as the newest version.) */
load_result policy_load_buffer_for(const char *name, const char *data, size_t len,
                                   kube_version version, policy *out, diag_list *diags);

/* Loads and validates: what kube-apiserver (the newest version) does with
 * --audit-policy-file. Returns LOAD_INVALID when decoding or validation fails. */
load_result policy_open(const char *path, policy *out, diag_list *diags);

/* policy_open as kube-apiserver `version` does it, also handing over the file's text (the
 * caller frees *source) whenever the file could be read, so a command that shows the
 * policy's lines reads a FIFO or <(cmd) once. *source is left alone when the file could
 * not be read. */
load_result policy_open_with_source(const char *path, kube_version version, policy *out,
                                    diag_list *diags, char **source, size_t *source_len);

#endif
