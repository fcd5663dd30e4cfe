/* volume: projections, retention and compression with numbers checked by hand. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <string.h>

#include "policy.h"
#include "test_util.h"
#include "volume.h"

#define NEAR(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9 * (fabs(b) + 1))

static void test_timestamps(void)
{
	double t;
	CU_ASSERT_TRUE(timestamp_seconds(span_of("1970-01-02T00:00:01.5Z"), &t));
	NEAR(t, 86401.5);
	/* 2025-01-01 is day 20089 since 1970: 20089 * 86400 */
	CU_ASSERT_TRUE(timestamp_seconds(span_of("2025-01-01T00:00:00Z"), &t));
	NEAR(t, 1735689600.0);
	CU_ASSERT_FALSE(timestamp_seconds(span_of("2025-01-01 00:00:00Z"), &t));
	CU_ASSERT_FALSE(timestamp_seconds(span_of("2025-01-01T00:00:00+01:00"), &t));
}

static void test_projection(void)
{
	/* one day of 86400 events and 10^9 bytes: 1 event/s, 1 GB/day, 30 GB/30 days */
	projection p = projection_of(86400, 1000000000ull, 86400.0);
	CU_ASSERT_TRUE(p.known);
	NEAR(p.events_per_second, 1.0);
	NEAR(p.gb_per_day, 1.0);
	NEAR(p.gb_per_30_days, 30.0);
	/* 600 events, 3 MB in 10 minutes: 1 ev/s, 0.432 GB/day */
	p = projection_of(600, 3000000, 600.0);
	NEAR(p.gb_per_day, 0.432);
	CU_ASSERT_FALSE(projection_of(1, 100, 0).known);
}

static void test_retention_defaults(void)
{
	/* 100 backups of 100 MiB = 10 485 760 000 bytes: 10.48576 days at 1 GB/day, plus
	 * the current file (0.1048576 days) just before a rotation */
	rotation_flags f = rotation_defaults();
	CU_ASSERT_EQUAL(f.maxsize_mb, 100);
	CU_ASSERT_EQUAL(f.maxbackup, 100);
	CU_ASSERT_EQUAL(f.maxage_days, 366);
	CU_ASSERT_FALSE(f.compress);
	retention r = retention_of(&f, 1e9, 1.0);
	CU_ASSERT_FALSE(r.unlimited);
	CU_ASSERT_FALSE(r.limited_by_age);
	NEAR(r.days_min, 10.48576);
	NEAR(r.days_max, 10.5906176);
	NEAR(r.disk_bytes, 101 * 104857600.0);
}

static void test_retention_limits(void)
{
	rotation_flags f = rotation_defaults();
	f.maxage_days = 5; /* the age limit comes first at 1 GB/day */
	retention r = retention_of(&f, 1e9, 1.0);
	CU_ASSERT_TRUE(r.limited_by_age);
	NEAR(r.days_min, 5.0);
	/* 5 days = 5e9 bytes = 47.68 files: 48 backups kept, plus the current file */
	NEAR(r.disk_bytes, 49 * 104857600.0);

	f = (rotation_flags){ .maxsize_mb = 100, .maxbackup = 10, .compress = true };
	r = retention_of(&f, 1e9, 0.1);
	NEAR(r.days_min, 1.048576);
	/* current file plain, 10 backups at a tenth of their size */
	NEAR(r.disk_bytes, 104857600.0 + 10 * 104857600.0 * 0.1);

	f = (rotation_flags){ .maxsize_mb = 0, .maxbackup = 100, .maxage_days = 366 };
	CU_ASSERT_TRUE(retention_of(&f, 1e9, 1.0).unlimited);
	f = (rotation_flags){ .maxsize_mb = 100 };
	CU_ASSERT_TRUE(retention_of(&f, 1e9, 1.0).unlimited);
}

static void test_gzip_measured(void)
{
	policy p;
	policy_init(&p);
	volume *v = volume_new(&p);
	volume_finish(v);
	/* an empty gzip member: 10-byte header, an empty final block (2 bytes), CRC and size */
	CU_ASSERT_EQUAL(volume_gzip_bytes(v), 20);
	volume_free(v);

	v = volume_new(&p);
	static const char line[] = "{\"kind\":\"Event\",\"level\":\"Metadata\"}\n";
	for (int i = 0; i < 10000; i++)
		volume_tap(line, sizeof line - 1, v);
	volume_finish(v);
	/* 370 000 bytes of one repeated line deflate to well under 1% */
	CU_ASSERT_TRUE(volume_gzip_bytes(v) > 20);
	CU_ASSERT_TRUE(volume_gzip_bytes(v) < 3700);
	volume_free(v);
	policy_free(&p);
}

void register_tests(void)
{
	static const test_case tests[] = {
		{ "timestamps", test_timestamps },
		{ "projection", test_projection },
		{ "retention with the 1.36 defaults", test_retention_defaults },
		{ "retention limited by age, count, compression", test_retention_limits },
		{ "gzip size is measured", test_gzip_measured },
		{ NULL, NULL },
	};
	add_suite("volume", tests);
}
