/* The reader half of kube-apiserver's pkg/audit/policy/reader.go: bytes -> document tree
 * -> apiVersion/kind recognition -> decoded Policy. */
#include "policy_loader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compression.h"
#include "file_read.h"
#include "go_quote.h"
#include "policy_decode.h"
#include "policy_validator.h"
#include "xalloc.h"
#include "yaml_doc.h"

#define AUDIT_GROUP "audit.k8s.io"
#define INTERNAL_VERSION "__internal"

typedef enum {
	TYPE_META_POLICY_V1,        /* audit.k8s.io/v1, kind Policy: decode the body */
	TYPE_META_UNKNOWN_VERSION,  /* no apiVersion: the "unknown group version" outcome */
	TYPE_META_FAILED,           /* a decoding error has been reported */
} type_meta_result;

typedef struct {
	const doc_pair *api_version;
	const doc_pair *kind;
} type_meta_pairs;

/* True when the ASCII names match ignoring case, as encoding/json matches field names
 * when kube-apiserver sniffs apiVersion and kind. */
static bool name_folds_to(const doc_pair *pair, const char *name)
{
	return pair->name_len == strlen(name) && strncasecmp(pair->name, name, pair->name_len) == 0;
}

/* Which of several case-variants encoding/json ends up with: the last it sees. A JSON
 * file is read in order; YAML is first re-encoded as a JSON object with sorted keys. */
static bool later_key_wins(const doc_pair *current, const doc_pair *candidate, doc_format format)
{
	if (!current || format == DOC_FORMAT_JSON)
		return true;
	size_t n = current->name_len < candidate->name_len ? current->name_len : candidate->name_len;
	int c = memcmp(candidate->name, current->name, n);
	return c > 0 || (c == 0 && candidate->name_len > current->name_len);
}

static type_meta_pairs find_type_meta(const doc_node *root, doc_format format)
{
	type_meta_pairs found = { 0 };
	for (size_t i = 0; i < root->pair_count; i++) {
		const doc_pair *pair = &root->pairs[i];
		if (pair->shadowed && format == DOC_FORMAT_YAML)
			continue;
		if (name_folds_to(pair, "apiVersion") && later_key_wins(found.api_version, pair, format))
			found.api_version = pair;
		else if (name_folds_to(pair, "kind") && later_key_wins(found.kind, pair, format))
			found.kind = pair;
	}
	return found;
}

/* The string value of apiVersion or kind; "" when absent or null, NULL on a type error. */
static const char *type_meta_string(const doc_pair *pair, const char *field, doc_format format,
                                    diag_list *diags)
{
	if (!pair || pair->value->kind == DOC_NULL)
		return "";
	if (pair->value->kind == DOC_STRING)
		return pair->value->text;
	diag_add(diags, DIAG_ERROR, pair->value->pos, field,
	         "couldn't get version/kind: expected a string, got %s",
	         doc_kind_name(pair->value, format));
	return NULL;
}

static source_pos pos_of(const doc_pair *pair, const doc_node *root)
{
	return pair ? pair->value->pos : root->pos;
}

static type_meta_result report_unregistered(const char *api_version, source_pos pos,
                                            diag_list *diags)
{
	char *quoted = go_quote(api_version, strlen(api_version));
	if (strcmp(api_version, AUDIT_GROUP "/v1beta1") == 0 ||
	    strcmp(api_version, AUDIT_GROUP "/v1alpha1") == 0)
		diag_add(diags, DIAG_ERROR, pos, "apiVersion",
		         "no kind \"Policy\" is registered for version %s: %s was removed in "
		         "Kubernetes 1.24; change apiVersion to audit.k8s.io/v1 (the fields are "
		         "the same)",
		         quoted, api_version);
	else
		diag_add(diags, DIAG_ERROR, pos, "apiVersion",
		         "no kind \"Policy\" is registered for version %s: the only supported "
		         "apiVersion is audit.k8s.io/v1",
		         quoted);
	free(quoted);
	return TYPE_META_FAILED;
}

/* apimachinery's recognizer and scheme lookup, reduced to the outcomes they can have for
 * a scheme that holds only audit.k8s.io/v1 and the internal version. */
static type_meta_result check_type_meta(const doc_node *root, doc_format format,
                                        diag_list *diags)
{
	type_meta_pairs pairs = find_type_meta(root, format);
	const char *api_version = type_meta_string(pairs.api_version, "apiVersion", format, diags);
	const char *kind = type_meta_string(pairs.kind, "kind", format, diags);
	if (!api_version || !kind)
		return TYPE_META_FAILED;
	const char *slash = strchr(api_version, '/');
	if (slash && strchr(slash + 1, '/')) {
		diag_add(diags, DIAG_ERROR, pos_of(pairs.api_version, root), "apiVersion",
		         "unexpected GroupVersion string: %s", api_version);
		return TYPE_META_FAILED;
	}
	if (*kind && strcmp(kind, "Policy") != 0) {
		char *quoted = go_quote(kind, strlen(kind));
		diag_add(diags, DIAG_ERROR, pos_of(pairs.kind, root), "kind",
		         "no kind %s is registered for an audit policy: kind must be Policy (or left "
		         "out)",
		         quoted);
		free(quoted);
		return TYPE_META_FAILED;
	}
	/* Missing parts default to the decoder's own type, the internal version. */
	size_t group_len = slash ? (size_t)(slash - api_version) : 0;
	const char *version = slash ? slash + 1 : api_version;
	bool audit_group = group_len == strlen(AUDIT_GROUP) &&
	                   strncmp(api_version, AUDIT_GROUP, group_len) == 0;
	if ((group_len == 0 && *version == '\0') || (audit_group && *version == '\0') ||
	    (audit_group && strcmp(version, INTERNAL_VERSION) == 0)) {
		diag_add(diags, DIAG_ERROR, pos_of(pairs.api_version, root), NULL,
		         "unknown group version field audit.k8s.io/__internal, Kind=Policy in policy: "
		         "apiVersion is missing or empty; it must be audit.k8s.io/v1");
		return TYPE_META_UNKNOWN_VERSION;
	}
	if (!audit_group || strcmp(version, "v1") != 0)
		return report_unregistered(api_version, pos_of(pairs.api_version, root), diags);
	return TYPE_META_POLICY_V1;
}

/* kube-apiserver decodes strictly first (falling back to lenient decoding with a
 * warning) since 1.26 (#113535); before, leniently only. */
static bool has_strict_pass(kube_version version) { return kube_version_at_least(version, 26); }

static load_result decode_document(const doc *document, kube_version version, policy *out,
                                   diag_list *diags)
{
	const doc_node *root = doc_root(document);
	doc_format format = doc_source_format(document);
	if (root->kind == DOC_NULL) {
		diag_add(diags, DIAG_ERROR, root->pos, NULL,
		         "unknown group version field audit.k8s.io/__internal, Kind=Policy in policy: "
		         "the file holds no document; it must be an audit.k8s.io/v1 Policy");
		return LOAD_INVALID;
	}
	if (root->kind != DOC_MAP) {
		diag_add(diags, DIAG_ERROR, root->pos, NULL,
		         "couldn't get version/kind: expected a map (a Policy object) at the top "
		         "level, got %s",
		         doc_kind_name(root, format));
		return LOAD_INVALID;
	}
	if (check_type_meta(root, format, diags) != TYPE_META_POLICY_V1)
		return LOAD_INVALID;
	return policy_decode(root, format, has_strict_pass(version), out, diags) ? LOAD_INVALID
	                                                                          : LOAD_OK;
}

load_result policy_load_buffer(const char *name, const char *data, size_t len, policy *out,
                               diag_list *diags)
{
	return policy_load_buffer_for(name, data, len, KUBE_VERSION_NEWEST, out, diags);
}

load_result policy_load_buffer_for(const char *name, const char *data, size_t len,
                                   kube_version version, policy *out, diag_list *diags)
{
	policy_init(out);
	out->file = xstrdup(name ? name : "-");
	doc *document = doc_parse(data, len, diags);
	if (!document)
		return LOAD_INVALID;
	load_result result = decode_document(document, version, out, diags);
	doc_free(document);
	return result;
}

/* policy_load_file, handing the file's bytes to the caller when source is not NULL (and
 * the file was read), so a FIFO or <(cmd) is read only once. */
static load_result load_file(const char *path, kube_version version, policy *out,
                             diag_list *diags, char **source, size_t *source_len)
{
	size_t len = 0;
	char *error = NULL;
	/* one byte over the limit is enough for the parser to name it */
	char *data = file_read_all(path, DOC_MAX_BYTES, &len, &error);
	load_result result = LOAD_OK;
	if (!data) {
		diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL, "%s", error);
		free(error);
		result = LOAD_IO_ERROR;
	}
	const char *compression = data ? compression_of(data, len) : NULL;
	if (compression) {
		/* kube-apiserver reads the policy as text: a compressed one is the wrong file */
		diag_add(diags, DIAG_ERROR, (source_pos){ 0, 0 }, NULL,
		         "the file is %s-compressed, not a policy: decompress it first (%s -dc %s "
		         "> policy.yaml)", compression, compression, path);
		free(data);
		result = LOAD_IO_ERROR;
	}
	if (result != LOAD_OK) {
		policy_init(out);
		out->file = xstrdup(path);
		return result;
	}
	result = policy_load_buffer_for(path, data, len, version, out, diags);
	if (source) {
		*source = data;
		*source_len = len;
	} else {
		free(data);
	}
	return result;
}

load_result policy_load_file(const char *path, policy *out, diag_list *diags)
{
	return load_file(path, KUBE_VERSION_NEWEST, out, diags, NULL, NULL);
}

load_result policy_open_with_source(const char *path, kube_version version, policy *out,
                                    diag_list *diags, char **source, size_t *source_len)
{
	load_result result = load_file(path, version, out, diags, source, source_len);
	if (result == LOAD_OK && !policy_validate_for(out, version, diags))
		result = LOAD_INVALID;
	return result;
}

load_result policy_open(const char *path, policy *out, diag_list *diags)
{
	return policy_open_with_source(path, KUBE_VERSION_NEWEST, out, diags, NULL, NULL);
}
