/* volume_output: a finished volume (volume_finish) as the replay summary shows it — the
 * text tables and the JSON members (README: replay -o json). Both read the volume through
 * volume_figures_of only, so they cost what it costs plus the printing. */
#ifndef AUDITSIM_VOLUME_OUTPUT_H
#define AUDITSIM_VOLUME_OUTPUT_H

#include <jansson.h>
#include <stdio.h>

#include "volume.h"

/* Prints the totals, gzip size, time span, retention, cost and the level, stage, rule and
 * top tables to out. */
void volume_print_text(const volume *v, FILE *out);
/* The projection line and what follows from it (retention, cost, one line per sink), as
 * volume_print_text prints them: for commands that show a volume's rate alone. */
void volume_print_projection(const volume *v, FILE *out);
/* Adds the volume members to the replay summary document (README: replay -o json),
 * built from volume_figures_of; doc owns the new "volume" object. */
void volume_add_json(const volume *v, json_t *doc);

#endif
