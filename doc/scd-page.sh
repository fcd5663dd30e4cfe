#!/bin/sh
# Builds one man page: expands the page's "include::FILE" lines (FILE under doc/include/:
# text that several pages share, such as the options every LOG-reading command has, kept
# in one place so the pages cannot disagree) and feeds the result to scdoc.
# scdoc's own ".nh" comes before ".TH", which turns hyphenation back on, so options
# were split at line ends ("--api- group"); ".nh" after ".TH" keeps them whole.
# doc/meson.build and tests/man/check.sh both build pages this way.
#   doc/scd-page.sh SCDOC PAGE.scd > PAGE.N
set -eu
scdoc=$1
page=$2
dir=$(dirname "$page")/include
expanded=$(awk -v dir="$dir" '
/^include::/ {
	file = dir "/" substr($0, 10)
	found = 0
	while ((getline line < file) > 0) { print line; found = 1 }
	close(file)
	if (!found) { print FILENAME ":" FNR ": cannot include " file > "/dev/stderr"; exit 1 }
	next
}
{ print }' "$page")
manpage=$(printf '%s\n' "$expanded" | "$scdoc")
printf '%s\n' "$manpage" | sed '/^\.TH /a .nh'
