/* retention: see retention.h. */
#include "retention.h"

#include <math.h> /* INFINITY */

#define MIB 1048576.0

/* lumberjack's size when MaxSize is 0 (its defaultMaxSize), in MiB */
#define LUMBERJACK_DEFAULT_MAXSIZE_MB 100

rotation_flags rotation_defaults(void) { return rotation_defaults_for(KUBE_VERSION_NEWEST); }

/* #136478 (1.36) gave the flags defaults and made maxsize 0 mean a plain append. */
static bool maxsize_zero_rotates(kube_version version) { return !kube_version_at_least(version, 36); }

rotation_flags rotation_defaults_for(kube_version version)
{
	if (maxsize_zero_rotates(version))
		return (rotation_flags){ .maxsize_mb = LUMBERJACK_DEFAULT_MAXSIZE_MB };
	return (rotation_flags){ .maxsize_mb = 100, .maxbackup = 100, .maxage_days = 366 };
}

rotation_flags rotation_flags_for(rotation_flags given, kube_version version)
{
	rotation_flags defaults = rotation_defaults_for(version);
	rotation_flags f = given;
	if (f.maxsize_mb == ROTATION_FLAG_UNSET)
		f.maxsize_mb = defaults.maxsize_mb;
	if (f.maxbackup == ROTATION_FLAG_UNSET)
		f.maxbackup = defaults.maxbackup;
	if (f.maxage_days == ROTATION_FLAG_UNSET)
		f.maxage_days = defaults.maxage_days;
	if (f.maxsize_mb == 0 && maxsize_zero_rotates(version))
		f.maxsize_mb = LUMBERJACK_DEFAULT_MAXSIZE_MB;
	return f;
}

/* lumberjack (kube-apiserver's rotation): the current file grows to maxsize and is then
 * renamed to a timestamped backup; backups beyond maxbackup, or older than maxage days,
 * are removed, and compressed after rotation when compress is set. */
retention retention_of(const rotation_flags *f, double bytes_per_day, double gzip_ratio)
{
	retention r = { 0 };
	bool no_count_limit = f->maxbackup == 0, no_age_limit = f->maxage_days == 0;
	if (f->maxsize_mb == 0 || (no_count_limit && no_age_limit) || !(bytes_per_day > 0)) {
		r.unlimited = true;
		return r;
	}
	double file_bytes = (double)f->maxsize_mb * MIB, file_days = file_bytes / bytes_per_day;
	double by_count = no_count_limit ? INFINITY : (double)f->maxbackup * file_days;
	double by_age = no_age_limit ? INFINITY : (double)f->maxage_days;
	r.limited_by_age = by_age < by_count;
	r.days_min = r.limited_by_age ? by_age : by_count;
	r.days_max = r.days_min + file_days;
	double backups = r.days_min / file_days;
	if (!no_count_limit && backups > (double)f->maxbackup)
		backups = (double)f->maxbackup;
	double whole = (double)(uint64_t)backups; /* round up without libm */
	backups = whole < backups - 1e-9 ? whole + 1 : whole;
	r.disk_bytes = file_bytes + backups * file_bytes * (f->compress ? gzip_ratio : 1.0);
	return r;
}

double cost_per_30_days_of(const projection *rate, double price_per_gb)
{
	return rate->gb_per_30_days * price_per_gb;
}
