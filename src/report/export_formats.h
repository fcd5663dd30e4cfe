/* export_formats: replay and diff results for other tools — CSV for spreadsheets and the
 * Prometheus text exposition format (version 0.0.4) for dashboards.
 *
 * CSV follows RFC 4180 (comma, CRLF-free: "\n" line ends, fields quoted when they hold a
 * comma, quote or newline). A text field that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or carriage return) gets a leading apostrophe: user and
 * resource names come from logs, which may be hostile. Numbers are never altered. */
#ifndef AUDITSIM_EXPORT_FORMATS_H
#define AUDITSIM_EXPORT_FORMATS_H

#include <stdio.h>

#include "diff.h"
#include "replay.h"
#include "summary.h"
#include "volume.h"

/* One CSV text field, quoted and guarded as above. */
void csv_field(FILE *out, span text);

/* replay -o csv: one row per request. Columns (stable, README): auditID, verb, user,
 * apiGroup, resource, subresource, namespace, name, path, level, rule, stages (joined by
 * ';'), bytes, modelledBytes, open, file, line. */
void export_request_csv_header(FILE *out);
void export_request_csv_row(FILE *out, const replay_request *req);

/* replay --summary -o csv: the policy's summary and volume (the figures of the replay
 * document) as one long table: dimension,name,level,line,requests,events,bytes, with
 * dimension one of total, level, stage, rule, unmatched, user, resource, verb, namespace;
 * cells that do not apply are empty. */
void export_summary_csv(FILE *out, const replay_summary *s, const volume_figures *vol);

/* replay -o prom: the same figures as Prometheus gauges, each family with HELP and TYPE
 * lines, every sample labelled policy="FILE". */
void export_prom(FILE *out, const replay_summary *s, const volume_figures *vol);

/* diff -o csv: one long table: table,a,b,requests,eventsA,eventsB,bytesA,bytesB with
 * table "levels" (a and b are levels; every cell of the transition matrix), "rules" (a
 * and b are rule indexes, empty when no rule matched) and "resources" (a is the resource). */
void export_diff_csv(FILE *out, const diff_report *r, size_t top);

#endif
