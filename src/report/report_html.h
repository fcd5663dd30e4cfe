/* report_html: the self-contained HTML report (`auditsim report`): one file with its CSS
 * inline and its charts as inline SVG, no script, no font, nothing fetched, so it opens
 * from a file or an e-mail attachment and prints (print CSS: no backgrounds lost, no
 * chart split across pages).
 *
 * Everything shown comes from the input (report_input.h: typed figures); every string from the policy, the logs
 * or the file names is HTML-escaped. The output does not depend on the time it is
 * written, so it can be compared in tests. */
#ifndef AUDITSIM_REPORT_HTML_H
#define AUDITSIM_REPORT_HTML_H

#include <stdio.h>

#include "report_input.h"

void report_write_html(FILE *out, const report_input *in);

#endif
