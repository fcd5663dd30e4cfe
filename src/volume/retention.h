/* retention: the maths from a projection (projection.h) to what it costs — the
 * history kube-apiserver's rotation flags keep (lumberjack's rules) and the monthly cost.
 * Pure functions over plain values: no allocation, no state, constant cost. GB means 10^9
 * bytes; the rotation size is in MiB, as lumberjack counts it. */
#ifndef AUDITSIM_RETENTION_H
#define AUDITSIM_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "kube_version.h"
#include "projection.h"

#define RETENTION_GB PROJECTION_GB

/* kube-apiserver's --audit-log-* rotation flags (semantics §9). */
typedef struct {
	uint64_t maxsize_mb;  /* 0: no rotation, the file grows without limit */
	uint64_t maxbackup;   /* 0: keep every rotated file */
	uint64_t maxage_days; /* 0: keep files whatever their age */
	bool compress;
} rotation_flags;

/* A flag not given: rotation_flags_for() puts in the version's default. */
#define ROTATION_FLAG_UNSET UINT64_MAX

/* The defaults since Kubernetes 1.36: 100 MB, 100 backups, 366 days, no compression. */
rotation_flags rotation_defaults(void);

/* kube-apiserver `version`'s defaults (kube-versions §8): rotation_defaults() since 1.36;
 * before, maxsize 0, which lumberjack reads as 100 MB (so maxsize_mb is 100 here), and no
 * limit on backups or age. */
rotation_flags rotation_defaults_for(kube_version version);

/* The flags as kube-apiserver `version` applies them: each ROTATION_FLAG_UNSET becomes
 * the version's default, and before 1.36 a maxsize of 0 rotates at lumberjack's 100 MB
 * (since 1.36 it means no rotation). */
rotation_flags rotation_flags_for(rotation_flags given, kube_version version);

typedef struct {
	bool unlimited;      /* nothing ever removes history (no rotation, or no limits) */
	double days_min;     /* history right after a rotation: the backups alone */
	double days_max;     /* just before one: the backups and a full current file */
	double disk_bytes;   /* the files at most, with gzip-compressed backups if compress */
	bool limited_by_age; /* maxage cuts history before the size limits do */
} retention;

/* Days of history the rotated files hold at bytes_per_day; gzip_ratio (compressed /
 * plain) sizes compressed backups on disk. */
retention retention_of(const rotation_flags *flags, double bytes_per_day, double gzip_ratio);

/* What 30 days of the projected rate cost at price_per_gb ingested. */
double cost_per_30_days_of(const projection *rate, double price_per_gb);

#endif
