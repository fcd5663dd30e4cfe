/* list_options tests: what the query of a get without a name decides, through
 * request_info_parse as the tool uses it: list or watch, the name a metadata.name field
 * selector picks, and every list parameter (limit, timeoutSeconds, labelSelector,
 * fieldSelector) that must decode for that name to be kept. */
#include <CUnit/CUnit.h>

#include "request_info_checks.h"
#include "test_util.h"

/* ---- §4.4 get -> list / watch ---- */
PODS_LIST(test_no_query_is_list, "", "list", "")
PODS_LIST(test_bare_question_mark_is_list, "?", "list", "")
PODS_LIST(test_watch_true_is_watch, "?watch=true", "watch", "")
PODS_LIST(test_watch_1_is_watch, "?watch=1", "watch", "")
PODS_LIST(test_watch_empty_value_is_watch, "?watch=", "watch", "")
PODS_LIST(test_watch_without_equals_is_watch, "?watch", "watch", "")
PODS_LIST(test_watch_yes_is_watch, "?watch=yes", "watch", "")
PODS_LIST(test_watch_no_is_watch, "?watch=no", "watch", "")
PODS_LIST(test_watch_space_is_watch, "?watch=+", "watch", "")
PODS_LIST(test_watch_0_is_list, "?watch=0", "list", "")
PODS_LIST(test_watch_false_is_list, "?watch=false", "list", "")
PODS_LIST(test_watch_false_any_case_is_list, "?watch=FaLsE", "list", "")
PODS_LIST(test_watch_00_is_watch, "?watch=00", "watch", "")
PODS_LIST(test_watch_false_with_long_s_folds_to_list, "?watch=FAL%C5%BFE", "list", "")
PODS_LIST(test_watch_first_value_wins_true, "?watch=true&watch=false", "watch", "")
PODS_LIST(test_watch_first_value_wins_false, "?watch=false&watch=true", "list", "")
PODS_LIST(test_watch_key_is_case_sensitive, "?Watch=true", "list", "")
PODS_LIST(test_watch_value_is_percent_decoded, "?watch=fals%65", "list", "")
PODS_LIST(test_watch_key_is_percent_decoded, "?%77atch=1", "watch", "")
PODS_LIST(test_watch_pair_with_bad_escape_is_dropped, "?watch=%zz", "list", "")
PODS_LIST(test_watch_first_decodable_value_counts, "?watch=%zz&watch=1", "watch", "")
PODS_LIST(test_watch_pair_with_semicolon_is_dropped, "?watch=true;x=1", "list", "")
PODS_LIST(test_semicolon_pair_does_not_hide_others, "?a=1;b&watch=1", "watch", "")
PODS_LIST(test_empty_pairs_are_skipped, "?&&watch=1&", "watch", "")
PODS_LIST(test_other_parameters_do_not_matter, "?resourceVersion=0&allowWatchBookmarks=x&watch=1", "watch", "")
RESOURCE(test_name_in_path_wins_over_watch, "GET", "/api/v1/namespaces/a/pods/p?watch=true", "get", "", "v1",
         "a", "pods", "", "p")
RESOURCE(test_head_with_watch_is_watch, "HEAD", "/api/v1/pods?watch=1", "watch", "", "v1", "", "pods", "", "")
RESOURCE(test_namespaces_watch, "GET", "/api/v1/namespaces?watch=1", "watch", "", "v1", "", "namespaces", "",
         "")
RESOURCE(test_watch_query_ignored_on_named_subresource, "GET",
         "/api/v1/namespaces/a/pods/p/log?watch=1", "get", "", "v1", "a", "pods", "log", "p")

/* ---- §4.4 names from metadata.name field selectors ---- */
PODS_LIST(test_field_selector_encoded_equals_gives_name, "?fieldSelector=metadata.name%3Dfoo", "list", "foo")
PODS_LIST(test_field_selector_raw_equals_gives_name, "?fieldSelector=metadata.name=foo", "list", "foo")
PODS_LIST(test_field_selector_name_with_watch, "?fieldSelector=metadata.name%3Dfoo&watch=true", "watch", "foo")
PODS_LIST(test_field_selector_watch_first, "?watch=true&fieldSelector=metadata.name=name1", "watch", "name1")
PODS_LIST(test_field_selector_double_equals_gives_name, "?fieldSelector=metadata.name%3D%3Dfoo", "list", "foo")
PODS_LIST(test_field_selector_not_equals_gives_no_name, "?fieldSelector=metadata.name!%3Dfoo", "list", "")
PODS_LIST(test_field_selector_other_field_gives_no_name, "?fieldSelector=foo=bar", "list", "")
PODS_LIST(test_field_selector_among_other_terms, "?fieldSelector=metadata.namespace%3Dd,metadata.name%3Dfoo",
          "list", "foo")
PODS_LIST(test_field_selector_terms_sorted_first_wins, "?fieldSelector=metadata.name%3Db,metadata.name%3Da",
          "list", "a")
PODS_LIST(test_field_selector_sorted_as_raw_text, "?fieldSelector=metadata.name%3Db,metadata.name%3D%3Da",
          "list", "a")
PODS_LIST(test_field_selector_double_equals_sorts_before_letters,
          "?fieldSelector=metadata.name%3D%3Db,metadata.name%3Da", "list", "b")
PODS_LIST(test_field_selector_escaped_comma, "?fieldSelector=metadata.name%3Da%5C,b", "list", "a,b")
PODS_LIST(test_field_selector_escaped_equals, "?fieldSelector=metadata.name%3Dx%5C%3Dy", "list", "x=y")
PODS_LIST(test_field_selector_escaped_backslash, "?fieldSelector=metadata.name%3Dx%5C%5Cy", "list", "x\\y")
PODS_LIST(test_field_selector_unknown_escape_is_malformed, "?fieldSelector=metadata.name%3Da%5Cb", "list", "")
PODS_LIST(test_field_selector_trailing_backslash_is_malformed, "?fieldSelector=metadata.name%3Da%5C", "list", "")
PODS_LIST(test_field_selector_unescaped_equals_in_value_is_malformed, "?fieldSelector=metadata.name%3Da%3Db",
          "list", "")
PODS_LIST(test_field_selector_triple_equals_is_malformed, "?fieldSelector=metadata.name%3D%3D%3Da", "list", "")
PODS_LIST(test_field_selector_dot_is_not_a_name, "?fieldSelector=metadata.name%3D.", "list", "")
PODS_LIST(test_field_selector_dot_dot_is_not_a_name, "?fieldSelector=metadata.name%3D..", "list", "")
PODS_LIST(test_field_selector_three_dots_is_a_name, "?fieldSelector=metadata.name%3D...", "list", "...")
PODS_LIST(test_field_selector_slash_is_not_a_name, "?fieldSelector=metadata.name%3Da%2Fb", "list", "")
PODS_LIST(test_field_selector_percent_is_not_a_name, "?fieldSelector=metadata.name%3Da%25b", "list", "")
PODS_LIST(test_field_selector_empty_value_gives_no_name, "?fieldSelector=metadata.name%3D", "list", "")
PODS_LIST(test_field_selector_without_operator_is_malformed, "?fieldSelector=metadata.name", "list", "")
PODS_LIST(test_field_selector_malformed_keeps_watch, "?fieldSelector=metadata.name&watch=1", "watch", "")
PODS_LIST(test_field_selector_malformed_term_discards_name, "?fieldSelector=metadata.name=name1,foo", "list",
          "")
PODS_LIST(test_field_selector_malformed_term_with_watch, "?fieldSelector=metadata.name=name1,foo&watch=true",
          "watch", "")
PODS_LIST(test_field_selector_malformed_term_with_watch_false,
          "?fieldSelector=metadata.name=name1,foo&watch=false", "list", "")
PODS_LIST(test_field_selector_empty_terms_are_skipped, "?fieldSelector=,metadata.name%3Dfoo,", "list", "foo")
PODS_LIST(test_field_selector_field_is_not_trimmed, "?fieldSelector=+metadata.name%3Dfoo", "list", "")
PODS_LIST(test_field_selector_value_keeps_spaces, "?fieldSelector=metadata.name%3Dfoo+", "list", "foo ")
PODS_LIST(test_field_selector_first_parameter_wins,
          "?fieldSelector=foo%3Dbar&fieldSelector=metadata.name%3Dx", "list", "")
PODS_LIST(test_field_selector_keeps_invalid_utf8_without_escapes, "?fieldSelector=metadata.name%3D%FF", "list",
          "\xFF")
PODS_LIST(test_field_selector_escaped_value_replaces_invalid_utf8, "?fieldSelector=metadata.name%3D%FF%5C,",
          "list", "\xEF\xBF\xBD,")
PODS_LIST(test_field_selector_empty_is_valid, "?fieldSelector=&watch=1", "watch", "")
RESOURCE(test_field_selector_name_on_namespaces_keeps_empty_namespace, "GET",
         "/api/v1/namespaces?fieldSelector=metadata.name%3Dkube-system", "list", "", "v1", "", "namespaces", "",
         "kube-system")
RESOURCE(test_field_selector_name_on_cluster_scoped, "GET",
         "/apis/group/version/resource?fieldSelector=metadata.name=name1", "list", "group", "version", "",
         "resource", "", "name1")
RESOURCE(test_path_name_wins_over_field_selector, "GET",
         "/api/v1/namespaces/a/pods/p?fieldSelector=metadata.name%3Dq", "get", "", "v1", "a", "pods", "", "p")

/* ---- §4.4 any list parameter that fails to decode drops the selector name ---- */
PODS_LIST(test_limit_integer_keeps_name, "?limit=500&fieldSelector=metadata.name%3Dfoo", "list", "foo")
PODS_LIST(test_limit_non_integer_drops_name, "?limit=abc&fieldSelector=metadata.name%3Dfoo", "list", "")
PODS_LIST(test_limit_empty_drops_name, "?limit=&fieldSelector=metadata.name%3Dfoo", "list", "")
PODS_LIST(test_limit_negative_keeps_name, "?limit=-5&fieldSelector=metadata.name%3Dfoo", "list", "foo")
PODS_LIST(test_limit_plus_sign_keeps_name, "?limit=%2B5&fieldSelector=metadata.name%3Dfoo", "list", "foo")
PODS_LIST(test_limit_decimal_drops_name, "?limit=1.5&fieldSelector=metadata.name%3Dfoo", "list", "")
PODS_LIST(test_limit_int64_max_keeps_name, "?limit=9223372036854775807&fieldSelector=metadata.name%3Dfoo",
          "list", "foo")
PODS_LIST(test_limit_int64_min_keeps_name, "?limit=-9223372036854775808&fieldSelector=metadata.name%3Dfoo",
          "list", "foo")
PODS_LIST(test_limit_overflow_drops_name, "?limit=9223372036854775808&fieldSelector=metadata.name%3Dfoo",
          "list", "")
PODS_LIST(test_limit_only_first_value_counts, "?limit=5&limit=x&fieldSelector=metadata.name%3Dfoo", "list",
          "foo")
PODS_LIST(test_timeout_seconds_non_integer_drops_name, "?timeoutSeconds=1m&fieldSelector=metadata.name%3Dfoo",
          "list", "")
PODS_LIST(test_timeout_seconds_integer_keeps_name, "?timeoutSeconds=30&fieldSelector=metadata.name%3Dfoo",
          "list", "foo")
PODS_LIST(test_malformed_list_option_keeps_raw_watch, "?limit=x&watch=1&fieldSelector=metadata.name%3Dfoo",
          "watch", "")
PODS_LIST(test_malformed_list_option_keeps_raw_watch_false, "?limit=x&watch=false", "list", "")
PODS_LIST(test_malformed_list_option_lowercases_raw_watch, "?limit=x&watch=FALSE", "list", "")
PODS_LIST(test_malformed_list_option_long_s_is_not_false, "?limit=x&watch=fal%C5%BFe", "watch", "")
PODS_LIST(test_malformed_field_selector_long_s_is_not_false, "?fieldSelector=x&watch=fal%C5%BFe", "watch", "")
PODS_LIST(test_timeout_parameter_is_not_a_list_option, "?timeout=abc&fieldSelector=metadata.name%3Dfoo", "list",
          "foo")

/* ---- label selectors: a malformed one also drops the field-selector name ---- */
#define LABELS_VALID(fn, selector) \
	PODS_LIST(fn, "?labelSelector=" selector "&fieldSelector=metadata.name%3Dfoo", "list", "foo")
#define LABELS_MALFORMED(fn, selector) \
	PODS_LIST(fn, "?labelSelector=" selector "&fieldSelector=metadata.name%3Dfoo", "list", "")

LABELS_VALID(test_label_selector_empty_is_valid, "")
LABELS_VALID(test_label_selector_equals, "app=web")
LABELS_VALID(test_label_selector_double_equals, "app==web")
LABELS_VALID(test_label_selector_not_equals, "env!=prod")
LABELS_VALID(test_label_selector_exists, "app")
LABELS_VALID(test_label_selector_does_not_exist, "!app")
LABELS_VALID(test_label_selector_in, "app+in+(a,b)")
LABELS_VALID(test_label_selector_notin_empty_parens, "app+notin+()")
LABELS_VALID(test_label_selector_in_with_empty_entries, "x+in+(foo,,baz),y,z+notin+()")
LABELS_VALID(test_label_selector_in_trailing_comma, "x+in+(a,)")
LABELS_VALID(test_label_selector_in_leading_comma, "x+in+(,a)")
LABELS_VALID(test_label_selector_keywords_as_key_and_value, "in+in+(in,notin)")
LABELS_VALID(test_label_selector_greater_than_integer, "x>5")
LABELS_VALID(test_label_selector_less_than_integer, "x<10")
LABELS_VALID(test_label_selector_prefixed_key, "example.com/app=web")
LABELS_VALID(test_label_selector_empty_value, "app=")
LABELS_VALID(test_label_selector_spaces_around, "+app+=+web+,+tier+")
LABELS_VALID(test_label_selector_value_with_dots_and_dashes, "app=a.b-c_d")
LABELS_VALID(test_label_selector_nul_at_token_start_ends_it, "app+%00(((")
LABELS_MALFORMED(test_label_selector_nul_inside_word_splits_it, "app%00garbage")
LABELS_MALFORMED(test_label_selector_leading_operator, "=web")
LABELS_MALFORMED(test_label_selector_two_operators, "app=web=x")
LABELS_MALFORMED(test_label_selector_unclosed_set, "app+in+(a")
LABELS_MALFORMED(test_label_selector_set_without_parens, "app+in+a")
LABELS_MALFORMED(test_label_selector_set_values_without_comma, "a+in+(b+c)")
LABELS_MALFORMED(test_label_selector_key_starts_with_dash, "-app")
LABELS_MALFORMED(test_label_selector_value_starts_with_dash, "app=-web")
LABELS_MALFORMED(test_label_selector_greater_than_word, "x>a")
LABELS_MALFORMED(test_label_selector_less_than_negative, "x<-5")
LABELS_MALFORMED(test_label_selector_uppercase_prefix, "Example.com/app")
LABELS_MALFORMED(test_label_selector_empty_prefix, "/app")
LABELS_MALFORMED(test_label_selector_two_slashes, "a/b/c")
LABELS_MALFORMED(test_label_selector_trailing_comma, "app,")
LABELS_MALFORMED(test_label_selector_leading_comma, ",app")
LABELS_MALFORMED(test_label_selector_words_without_operator, "app+web")
LABELS_MALFORMED(test_label_selector_not_with_value, "!app=web")
LABELS_MALFORMED(test_label_selector_key_too_long,
                 "a234567890123456789012345678901234567890123456789012345678901234")
LABELS_MALFORMED(test_label_selector_value_too_long,
                 "a=a234567890123456789012345678901234567890123456789012345678901234")
LABELS_MALFORMED(test_label_selector_bang_alone, "!")
LABELS_MALFORMED(test_label_selector_set_with_operator, "a+in+(=)")
PODS_LIST(test_label_selector_malformed_keeps_watch, "?labelSelector=%3D&watch=1", "watch", "")

static const test_case list_watch_tests[] = {
	{ "no_query_is_list", test_no_query_is_list },
	{ "bare_question_mark_is_list", test_bare_question_mark_is_list },
	{ "watch_true_is_watch", test_watch_true_is_watch },
	{ "watch_1_is_watch", test_watch_1_is_watch },
	{ "watch_empty_value_is_watch", test_watch_empty_value_is_watch },
	{ "watch_without_equals_is_watch", test_watch_without_equals_is_watch },
	{ "watch_yes_is_watch", test_watch_yes_is_watch },
	{ "watch_no_is_watch", test_watch_no_is_watch },
	{ "watch_space_is_watch", test_watch_space_is_watch },
	{ "watch_0_is_list", test_watch_0_is_list },
	{ "watch_false_is_list", test_watch_false_is_list },
	{ "watch_false_any_case_is_list", test_watch_false_any_case_is_list },
	{ "watch_00_is_watch", test_watch_00_is_watch },
	{ "watch_false_with_long_s_folds_to_list", test_watch_false_with_long_s_folds_to_list },
	{ "watch_first_value_wins_true", test_watch_first_value_wins_true },
	{ "watch_first_value_wins_false", test_watch_first_value_wins_false },
	{ "watch_key_is_case_sensitive", test_watch_key_is_case_sensitive },
	{ "watch_value_is_percent_decoded", test_watch_value_is_percent_decoded },
	{ "watch_key_is_percent_decoded", test_watch_key_is_percent_decoded },
	{ "watch_pair_with_bad_escape_is_dropped", test_watch_pair_with_bad_escape_is_dropped },
	{ "watch_first_decodable_value_counts", test_watch_first_decodable_value_counts },
	{ "watch_pair_with_semicolon_is_dropped", test_watch_pair_with_semicolon_is_dropped },
	{ "semicolon_pair_does_not_hide_others", test_semicolon_pair_does_not_hide_others },
	{ "empty_pairs_are_skipped", test_empty_pairs_are_skipped },
	{ "other_parameters_do_not_matter", test_other_parameters_do_not_matter },
	{ "name_in_path_wins_over_watch", test_name_in_path_wins_over_watch },
	{ "head_with_watch_is_watch", test_head_with_watch_is_watch },
	{ "namespaces_watch", test_namespaces_watch },
	{ "watch_query_ignored_on_named_subresource", test_watch_query_ignored_on_named_subresource },
	{ NULL, NULL },
};

static const test_case field_selector_tests[] = {
	{ "field_selector_encoded_equals_gives_name", test_field_selector_encoded_equals_gives_name },
	{ "field_selector_raw_equals_gives_name", test_field_selector_raw_equals_gives_name },
	{ "field_selector_name_with_watch", test_field_selector_name_with_watch },
	{ "field_selector_watch_first", test_field_selector_watch_first },
	{ "field_selector_double_equals_gives_name", test_field_selector_double_equals_gives_name },
	{ "field_selector_not_equals_gives_no_name", test_field_selector_not_equals_gives_no_name },
	{ "field_selector_other_field_gives_no_name", test_field_selector_other_field_gives_no_name },
	{ "field_selector_among_other_terms", test_field_selector_among_other_terms },
	{ "field_selector_terms_sorted_first_wins", test_field_selector_terms_sorted_first_wins },
	{ "field_selector_sorted_as_raw_text", test_field_selector_sorted_as_raw_text },
	{ "field_selector_double_equals_sorts_before_letters", test_field_selector_double_equals_sorts_before_letters },
	{ "field_selector_escaped_comma", test_field_selector_escaped_comma },
	{ "field_selector_escaped_equals", test_field_selector_escaped_equals },
	{ "field_selector_escaped_backslash", test_field_selector_escaped_backslash },
	{ "field_selector_unknown_escape_is_malformed", test_field_selector_unknown_escape_is_malformed },
	{ "field_selector_trailing_backslash_is_malformed", test_field_selector_trailing_backslash_is_malformed },
	{ "field_selector_unescaped_equals_in_value_is_malformed", test_field_selector_unescaped_equals_in_value_is_malformed },
	{ "field_selector_triple_equals_is_malformed", test_field_selector_triple_equals_is_malformed },
	{ "field_selector_dot_is_not_a_name", test_field_selector_dot_is_not_a_name },
	{ "field_selector_dot_dot_is_not_a_name", test_field_selector_dot_dot_is_not_a_name },
	{ "field_selector_three_dots_is_a_name", test_field_selector_three_dots_is_a_name },
	{ "field_selector_slash_is_not_a_name", test_field_selector_slash_is_not_a_name },
	{ "field_selector_percent_is_not_a_name", test_field_selector_percent_is_not_a_name },
	{ "field_selector_empty_value_gives_no_name", test_field_selector_empty_value_gives_no_name },
	{ "field_selector_without_operator_is_malformed", test_field_selector_without_operator_is_malformed },
	{ "field_selector_malformed_keeps_watch", test_field_selector_malformed_keeps_watch },
	{ "field_selector_malformed_term_discards_name", test_field_selector_malformed_term_discards_name },
	{ "field_selector_malformed_term_with_watch", test_field_selector_malformed_term_with_watch },
	{ "field_selector_malformed_term_with_watch_false", test_field_selector_malformed_term_with_watch_false },
	{ "field_selector_empty_terms_are_skipped", test_field_selector_empty_terms_are_skipped },
	{ "field_selector_field_is_not_trimmed", test_field_selector_field_is_not_trimmed },
	{ "field_selector_value_keeps_spaces", test_field_selector_value_keeps_spaces },
	{ "field_selector_first_parameter_wins", test_field_selector_first_parameter_wins },
	{ "field_selector_keeps_invalid_utf8_without_escapes", test_field_selector_keeps_invalid_utf8_without_escapes },
	{ "field_selector_escaped_value_replaces_invalid_utf8", test_field_selector_escaped_value_replaces_invalid_utf8 },
	{ "field_selector_empty_is_valid", test_field_selector_empty_is_valid },
	{ "field_selector_name_on_namespaces_keeps_empty_namespace", test_field_selector_name_on_namespaces_keeps_empty_namespace },
	{ "field_selector_name_on_cluster_scoped", test_field_selector_name_on_cluster_scoped },
	{ "path_name_wins_over_field_selector", test_path_name_wins_over_field_selector },
	{ NULL, NULL },
};

static const test_case list_options_tests[] = {
	{ "limit_integer_keeps_name", test_limit_integer_keeps_name },
	{ "limit_non_integer_drops_name", test_limit_non_integer_drops_name },
	{ "limit_empty_drops_name", test_limit_empty_drops_name },
	{ "limit_negative_keeps_name", test_limit_negative_keeps_name },
	{ "limit_plus_sign_keeps_name", test_limit_plus_sign_keeps_name },
	{ "limit_decimal_drops_name", test_limit_decimal_drops_name },
	{ "limit_int64_max_keeps_name", test_limit_int64_max_keeps_name },
	{ "limit_int64_min_keeps_name", test_limit_int64_min_keeps_name },
	{ "limit_overflow_drops_name", test_limit_overflow_drops_name },
	{ "limit_only_first_value_counts", test_limit_only_first_value_counts },
	{ "timeout_seconds_non_integer_drops_name", test_timeout_seconds_non_integer_drops_name },
	{ "timeout_seconds_integer_keeps_name", test_timeout_seconds_integer_keeps_name },
	{ "malformed_list_option_keeps_raw_watch", test_malformed_list_option_keeps_raw_watch },
	{ "malformed_list_option_keeps_raw_watch_false", test_malformed_list_option_keeps_raw_watch_false },
	{ "malformed_list_option_lowercases_raw_watch", test_malformed_list_option_lowercases_raw_watch },
	{ "malformed_list_option_long_s_is_not_false", test_malformed_list_option_long_s_is_not_false },
	{ "malformed_field_selector_long_s_is_not_false", test_malformed_field_selector_long_s_is_not_false },
	{ "timeout_parameter_is_not_a_list_option", test_timeout_parameter_is_not_a_list_option },
	{ NULL, NULL },
};

static const test_case label_selector_tests[] = {
	{ "label_selector_empty_is_valid", test_label_selector_empty_is_valid },
	{ "label_selector_equals", test_label_selector_equals },
	{ "label_selector_double_equals", test_label_selector_double_equals },
	{ "label_selector_not_equals", test_label_selector_not_equals },
	{ "label_selector_exists", test_label_selector_exists },
	{ "label_selector_does_not_exist", test_label_selector_does_not_exist },
	{ "label_selector_in", test_label_selector_in },
	{ "label_selector_notin_empty_parens", test_label_selector_notin_empty_parens },
	{ "label_selector_in_with_empty_entries", test_label_selector_in_with_empty_entries },
	{ "label_selector_in_trailing_comma", test_label_selector_in_trailing_comma },
	{ "label_selector_in_leading_comma", test_label_selector_in_leading_comma },
	{ "label_selector_keywords_as_key_and_value", test_label_selector_keywords_as_key_and_value },
	{ "label_selector_greater_than_integer", test_label_selector_greater_than_integer },
	{ "label_selector_less_than_integer", test_label_selector_less_than_integer },
	{ "label_selector_prefixed_key", test_label_selector_prefixed_key },
	{ "label_selector_empty_value", test_label_selector_empty_value },
	{ "label_selector_spaces_around", test_label_selector_spaces_around },
	{ "label_selector_value_with_dots_and_dashes", test_label_selector_value_with_dots_and_dashes },
	{ "label_selector_nul_at_token_start_ends_it", test_label_selector_nul_at_token_start_ends_it },
	{ "label_selector_nul_inside_word_splits_it", test_label_selector_nul_inside_word_splits_it },
	{ "label_selector_leading_operator", test_label_selector_leading_operator },
	{ "label_selector_two_operators", test_label_selector_two_operators },
	{ "label_selector_unclosed_set", test_label_selector_unclosed_set },
	{ "label_selector_set_without_parens", test_label_selector_set_without_parens },
	{ "label_selector_set_values_without_comma", test_label_selector_set_values_without_comma },
	{ "label_selector_key_starts_with_dash", test_label_selector_key_starts_with_dash },
	{ "label_selector_value_starts_with_dash", test_label_selector_value_starts_with_dash },
	{ "label_selector_greater_than_word", test_label_selector_greater_than_word },
	{ "label_selector_less_than_negative", test_label_selector_less_than_negative },
	{ "label_selector_uppercase_prefix", test_label_selector_uppercase_prefix },
	{ "label_selector_empty_prefix", test_label_selector_empty_prefix },
	{ "label_selector_two_slashes", test_label_selector_two_slashes },
	{ "label_selector_trailing_comma", test_label_selector_trailing_comma },
	{ "label_selector_leading_comma", test_label_selector_leading_comma },
	{ "label_selector_words_without_operator", test_label_selector_words_without_operator },
	{ "label_selector_not_with_value", test_label_selector_not_with_value },
	{ "label_selector_key_too_long", test_label_selector_key_too_long },
	{ "label_selector_value_too_long", test_label_selector_value_too_long },
	{ "label_selector_bang_alone", test_label_selector_bang_alone },
	{ "label_selector_set_with_operator", test_label_selector_set_with_operator },
	{ "label_selector_malformed_keeps_watch", test_label_selector_malformed_keeps_watch },
	{ NULL, NULL },
};

void register_tests(void)
{
	add_suite("list_options: §4.4 get -> list / watch", list_watch_tests);
	add_suite("list_options: §4.4 names from metadata.name field selectors", field_selector_tests);
	add_suite("list_options: §4.4 any list parameter that fails to decode drops the selector name", list_options_tests);
	add_suite("list_options: label selectors: a malformed one also drops the field-selector name", label_selector_tests);
}
