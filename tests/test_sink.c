/* Sinks: each sink's arithmetic checked by hand (free allowance, tiers, GB and GiB,
 * retention past the included days, gzip-sized storage, the record envelope, the
 * --price-per-gb override), the loader's errors with their file:line:col, and the shipped
 * table (built in and data/sinks.yaml) loading. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sink.h"
#include "sink_table.h"
#include "test_util.h"

#define NEAR(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (double)(b), 1e-9 * (fabs((double)(b)) + 1))

/* One sink from YAML text; the table is returned through *table for freeing. */
static const sink *one_sink(const char *yaml, sink_table **table)
{
	diag_list diags;
	diag_list_init(&diags, "t.yaml");
	*table = sink_table_parse(yaml, strlen(yaml), &diags);
	if (!*table)
		diag_print(&diags, stderr);
	diag_list_free(&diags);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*table);
	return &(*table)->sinks[0];
}

/* The errors the loader gives for yaml, as printed. Freed by the caller. */
static char *errors_of(const char *yaml)
{
	diag_list diags;
	diag_list_init(&diags, "t.yaml");
	sink_table *t = sink_table_parse(yaml, strlen(yaml), &diags);
	CU_ASSERT_PTR_NULL(t);
	sink_table_free(t);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	diag_print(&diags, out);
	fclose(out);
	diag_list_free(&diags);
	return text;
}

#define ANALYTICS_ENTRY                                                                            \
	"- name: analytics\n"                                                                      \
	"  unit: GB\n"                                                                             \
	"  currency: USD\n"                                                                        \
	"  ingestion: [{price: 2.30}]\n"                                                           \
	"  freeUnitsPerMonth: 5\n"                                                                 \
	"  includedRetentionDays: 31\n"                                                            \
	"  retentionPricePerUnitMonth: 0.10\n"                                                     \
	"  storedSize: billed\n"                                                                   \
	"  bytesPerEvent: -140\n"
#define ANALYTICS "sinks:\n" ANALYTICS_ENTRY

static sink_usage usage(double events, double bytes, double gzip_bytes)
{
	return (sink_usage){ .events_per_day = events,
		             .bytes_per_day = bytes,
		             .gzip_bytes_per_day = gzip_bytes,
		             .retention_days = -1,
		             .price_per_gb = -1 };
}

static void test_free_allowance_and_envelope(void)
{
	sink_table *t;
	const sink *s = one_sink(ANALYTICS, &t);
	/* 10^6 events and 10^9 bytes a day: 10^9 - 1.4 * 10^8 = 8.6 * 10^8 billed
	 * bytes a day, 25.8 GB in 30 days; 5 free, 20.8 * 2.30 = 47.84; 31 days kept,
	 * 31 included */
	sink_usage u = usage(1e6, 1e9, 2e8);
	sink_cost c = sink_cost_of(s, &u);
	CU_ASSERT_STRING_EQUAL(c.name, "analytics");
	CU_ASSERT_STRING_EQUAL(c.unit, "GB");
	CU_ASSERT_STRING_EQUAL(c.currency, "USD");
	NEAR(c.units_per_month, 25.8);
	NEAR(c.ingestion_cost_per_month, 47.84);
	NEAR(c.retention_cost_per_month, 0);
	NEAR(c.retention_days, 31);
	NEAR(c.cost_per_month, 47.84);
	/* kept 91 days: 60 days past the 31 of 0.86 GB a day at 0.10 = 5.16 */
	u.retention_days = 91;
	c = sink_cost_of(s, &u);
	NEAR(c.retention_cost_per_month, 5.16);
	NEAR(c.cost_per_month, 53.0);
	/* under the free allowance: 0.1 GB a day is 3 GB in 30 days, nothing to pay
	 */
	u = usage(0, 1e8, 1e7);
	NEAR(sink_cost_of(s, &u).ingestion_cost_per_month, 0);
	/* an envelope larger than the lines bills nothing, not less */
	u = usage(1, 100, 50);
	NEAR(sink_cost_of(s, &u).units_per_month, 0);
	sink_table_free(t);
}

static void test_gib_and_price_override(void)
{
	sink_table *t;
	const sink *s =
	        one_sink("sinks:\n"
	                 "- {name: gcp, unit: GiB, currency: USD, ingestion: [{price: 0.5}],\n"
	                 "   freeUnitsPerMonth: 50, includedRetentionDays: 30,\n"
	                 "   retentionPricePerUnitMonth: 0.01, storedSize: billed,\n"
	                 "   bytesPerEvent: 0}\n",
	                 &t);
	/* 10 GiB a day: 300 GiB in 30 days; (300 - 50) * 0.50 = 125 */
	sink_usage u = usage(1e6, 10 * 1073741824.0, 0);
	sink_cost c = sink_cost_of(s, &u);
	CU_ASSERT_STRING_EQUAL(c.unit, "GiB");
	NEAR(c.units_per_month, 300);
	NEAR(c.ingestion_cost_per_month, 125);
	/* 400 days: 370 past the 30, of 10 GiB a day, at 0.01 per GiB-month = 37 */
	u.retention_days = 400;
	NEAR(sink_cost_of(s, &u).retention_cost_per_month, 37);
	NEAR(sink_cost_of(s, &u).cost_per_month, 162);
	/* --price-per-gb 1: 1 per 10^9 bytes is 1.073741824 per GiB; the 50 GiB stay
	 * free */
	u.price_per_gb = 1;
	NEAR(sink_cost_of(s, &u).ingestion_cost_per_month, 250 * 1.073741824);
	sink_table_free(t);
}

static void test_tiers(void)
{
	sink_table *t;
	const sink *s = one_sink("sinks:\n"
	                         "- name: vended\n"
	                         "  unit: GB\n"
	                         "  currency: USD\n"
	                         "  ingestion:\n"
	                         "  - {upTo: 10240, price: 0.50}\n"
	                         "  - {upTo: 30720, price: 0.25}\n"
	                         "  - {upTo: 51200, price: 0.10}\n"
	                         "  - {price: 0.05}\n"
	                         "  freeUnitsPerMonth: 5\n"
	                         "  includedRetentionDays: 0\n"
	                         "  retentionPricePerUnitMonth: 0\n"
	                         "  storedSize: billed\n"
	                         "  bytesPerEvent: 0\n",
	                         &t);
	CU_ASSERT_EQUAL(s->tier_count, 4);
	CU_ASSERT_TRUE(isinf(s->tiers[3].up_to));
	/* 2000 GB a day, 60 000 GB a month: 10 235 * 0.50 (the first 5 free) =
	 * 5117.5, 20 480 * 0.25 = 5120, 20 480 * 0.10 = 2048, 8800 * 0.05 = 440: 12
	 * 725.5 */
	sink_usage u = usage(0, 2e12, 0);
	sink_cost c = sink_cost_of(s, &u);
	NEAR(c.units_per_month, 60000);
	NEAR(c.ingestion_cost_per_month, 12725.5);
	/* 600 GB a month stays in the first tier: 595 * 0.50 */
	u = usage(0, 2e10, 0);
	NEAR(sink_cost_of(s, &u).ingestion_cost_per_month, 297.5);
	sink_table_free(t);
}

static void test_gzip_storage(void)
{
	sink_table *t;
	const sink *s =
	        one_sink("sinks:\n"
	                 "- {name: cw, unit: GB, currency: USD, ingestion: [{price: 0.5}],\n"
	                 "   freeUnitsPerMonth: 5, includedRetentionDays: 0,\n"
	                 "   retentionPricePerUnitMonth: 0.03, storedSize: gzip,\n"
	                 "   bytesPerEvent: 0}\n",
	                 &t);
	/* 1 GB a day compressing to 0.15 GB, kept 30 days: 0.15 * 30 * 0.03 = 0.135;
	 * ingestion (30 - 5) * 0.50 = 12.5 */
	sink_usage u = usage(1e6, 1e9, 1.5e8);
	u.retention_days = 30;
	sink_cost c = sink_cost_of(s, &u);
	NEAR(c.retention_cost_per_month, 0.135);
	NEAR(c.ingestion_cost_per_month, 12.5);
	NEAR(c.cost_per_month, 12.635);
	/* the sink's included days (0) when not overridden: nothing kept, nothing
	 * stored */
	u.retention_days = -1;
	NEAR(sink_cost_of(s, &u).retention_cost_per_month, 0);
	sink_table_free(t);
}

static void assert_error(const char *yaml, const char *expected)
{
	char *text = errors_of(yaml);
	if (!strstr(text, expected))
		fprintf(stderr, "\nwanted: %s\ngot: %s", expected, text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, expected));
	free(text);
}

static void test_loader_errors(void)
{
	assert_error("sinks:\n- name: a\n  unit: MB\n",
	             "t.yaml:3:9: error: sinks[0].unit: must be GB or GiB, not \"MB\"");
	assert_error(ANALYTICS "- name: b\n  unit: GB\n  ingestion: [{price: -1}]\n",
	             "t.yaml:13:23: error: sinks[1].ingestion[0]: must be 0 or more, not -1");
	assert_error(ANALYTICS "  colour: blue\n",
	             "t.yaml:11:3: error: sinks[0]: unknown key \"colour\" (name, "
	             "description,");
	assert_error("sinks:\n- name: a\n", "t.yaml:2:3: error: sinks[0]: missing unit");
	assert_error(ANALYTICS ANALYTICS_ENTRY,
	             "t.yaml:11:3: error: sinks[1].name: \"analytics\" is also "
	             "sinks[0]'s name");
	assert_error("sinks:\n- name: Azure Analytics\n",
	             "t.yaml:2:9: error: sinks[0].name: \"Azure Analytics\": use lower-case");
	assert_error(ANALYTICS
	             "  ingestion: [{upTo: 10, price: 1}, {upTo: 5, price: 1}, {price: 1}]\n",
	             "sinks[0]: duplicate key \"ingestion\"");
	assert_error("sinks:\n- {name: a, unit: GB, currency: USD, ingestion: [{upTo: 10, "
	             "price: 1}, "
	             "{upTo: 5, price: 1}, {price: 1}]}\n",
	             "t.yaml:2:79: error: sinks[0].ingestion[1]: upTo must be more than 10");
	assert_error("sinks:\n- {name: a, currency: dollars}\n",
	             "sinks[0].currency: \"dollars\" is not a currency code such as USD");
	assert_error("sinks: []\n",
	             "t.yaml:1:8: error: sinks: must be a list of one or more sinks");
	assert_error("other: 1\n", "t.yaml:1:1: error: unknown key \"other\" (sinks)");
	assert_error(ANALYTICS "  sources: [{figure: colour, read: today, thirdParty: no}]\n",
	             "sinks[0].sources[0]: figure \"colour\" is not a priced field of a sink");
}

static void test_shipped_table(void)
{
	static const char *const names[] = {
		"log-file",        "azure-analytics",         "azure-basic",
		"azure-auxiliary", "aws-cloudwatch-standard", "aws-cloudwatch-infrequent-access",
		"gcp-logging"
	};
	diag_list diags;
	diag_list_init(&diags, "sinks.yaml");
	sink_table *built_in = sink_table_builtin(&diags);
	sink_table *file = sink_table_load(SOURCE_ROOT "/data/sinks.yaml", &diags);
	diag_print(&diags, stderr);
	CU_ASSERT_EQUAL(diag_count(&diags, DIAG_ERROR), 0);
	diag_list_free(&diags);
	CU_ASSERT_PTR_NOT_NULL_FATAL(built_in);
	CU_ASSERT_PTR_NOT_NULL_FATAL(file);
	CU_ASSERT_EQUAL(built_in->count, 7);
	CU_ASSERT_EQUAL(file->count, built_in->count);
	for (size_t i = 0; i < 7; i++) {
		const sink *s = sink_table_find(built_in, names[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(s);
		CU_ASSERT_EQUAL(s->rotation, i == 0);
		CU_ASSERT_PTR_NOT_NULL(sink_table_find(file, names[i]));
	}
	CU_ASSERT_PTR_NULL(sink_table_find(built_in, "azure"));
	CU_ASSERT_EQUAL(sink_table_find(built_in, "gcp-logging")->unit, SINK_UNIT_GIB);
	NEAR(sink_table_find(built_in, "azure-analytics")->bytes_per_event, -140);
	sink_table_free(built_in);
	sink_table_free(file);
}

static void test_load_missing_file(void)
{
	diag_list diags;
	diag_list_init(&diags, "nowhere.yaml");
	CU_ASSERT_PTR_NULL(sink_table_load(SOURCE_ROOT "/data/nowhere.yaml", &diags));
	CU_ASSERT_EQUAL(diags.count, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(diags.items[0].message, "cannot read"));
	diag_list_free(&diags);
}

void register_tests(void)
{
	static const test_case cost_tests[] = {
		{ "free allowance, envelope, retention past the included days",
		  test_free_allowance_and_envelope },
		{ "GiB, and --price-per-gb per GiB", test_gib_and_price_override },
		{ "volume tiers", test_tiers },
		{ "storage billed on the gzip size", test_gzip_storage },
		{ NULL, NULL },
	};
	static const test_case table_tests[] = {
		{ "errors name file:line:col and the field", test_loader_errors },
		{ "the shipped table, built in and as a file", test_shipped_table },
		{ "a missing file", test_load_missing_file },
		{ NULL, NULL },
	};
	add_suite("sink cost", cost_tests);
	add_suite("sink table", table_tests);
}
