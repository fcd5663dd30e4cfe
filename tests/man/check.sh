#!/usr/bin/env bash
# Man page test: every page under doc/ builds with scdoc and renders without a single
# groff warning (-ww), every command `auditsim --help` lists has its page and is listed
# in auditsim(1), and each command's page and its --help define the same options: every
# option line of the help (a line starting with spaces then "-") is a term of the page's
# OPTIONS section, and every term there is in the help. So an option added to the code
# without its page fails here, and so does a page that keeps a removed one.
#   tests/man/check.sh AUDITSIM SOURCE_ROOT
set -uo pipefail
auditsim=$(realpath "${1:?usage: check.sh AUDITSIM SOURCE_ROOT}")
doc=$(realpath "${2:?usage: check.sh AUDITSIM SOURCE_ROOT}")/doc
for tool in scdoc groff; do
  if ! command -v "$tool" >/dev/null; then
    echo "skip: $tool is not installed (setup.sh installs it)"
    exit 77
  fi
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -s "$work/why" ] && sed 's/^/     /' "$work/why" | head -20; }

# Plain text of a built page, as man shows it, without bold or underline.
render() { groff -man -Tascii -P-c -P-b -P-o -P-u "$1" 2>/dev/null; }

# The option names (-o, --output) defined by option lines: the text before the first
# run of two spaces (where the description starts), split at commas and spaces.
options_of_lines() {
  sed -E 's/^ +//; s/  .*//' | tr ', ' '\n\n' | grep -E '^--?[A-Za-z][A-Za-z0-9-]*$' | sort -u
}

# Option lines of a command's --help.
help_options() { "$auditsim" "$1" --help | grep -E '^ +-' | options_of_lines; }

# Every option a command's --help names anywhere (diff's usage line is where its
# --profile is).
help_mentions() {
  "$auditsim" "$1" --help | grep -oE '(^|[] [(|,])--?[A-Za-z][A-Za-z0-9-]*' |
    sed -E 's/^[] [(|,]//' | sort -u
}

# Terms of the OPTIONS section of a rendered page: lines at the term indent (7 spaces)
# starting with "-".
page_options() {
  render "$1" | awk '/^[A-Z]/ { in_options = ($0 == "OPTIONS"); next }
    in_options && /^       -/' | options_of_lines
}

for scd in "$doc"/*.scd; do
  page=$(basename "$scd" .scd)
  : >"$work/why"
  if ! "$doc/scd-page.sh" scdoc "$scd" >"$work/$page" 2>"$work/why"; then
    fail "$page builds with scdoc"
    continue
  fi
  groff -man -ww -z "$work/$page" 2>"$work/why"
  if [ -s "$work/why" ]; then fail "$page renders without groff warnings"; else pass "$page renders without groff warnings"; fi
done

commands=$("$auditsim" --help | awk '/^commands:/ { listing = 1; next } listing && /^  [a-z]/ { print $1 } /^$/ { listing = 0 }')
if [ -z "$commands" ]; then
  echo "FAIL no commands read from auditsim --help"
  exit 1
fi
render "$work/auditsim.1" | awk '/^[A-Z]/ { listing = ($0 == "COMMANDS"); next } listing' >"$work/overview"
for cmd in $commands; do
  page=$work/auditsim-$cmd.1
  : >"$work/why"
  if [ ! -s "$page" ]; then
    echo "doc/auditsim-$cmd.1.scd is missing" >"$work/why"
    fail "$cmd has a page"
    continue
  fi
  pass "$cmd has a page"
  : >"$work/why"
  if grep -q "^       auditsim-$cmd(1)\$" "$work/overview"; then
    pass "auditsim(1)'s COMMANDS lists auditsim-$cmd(1)"
  else
    fail "auditsim(1)'s COMMANDS lists auditsim-$cmd(1)"
  fi
  help_options "$cmd" >"$work/help-$cmd"
  page_options "$page" >"$work/page-$cmd"
  if [ ! -s "$work/help-$cmd" ]; then
    echo "no option lines in auditsim $cmd --help" >"$work/why"
    fail "auditsim-$cmd(1) has the options of --help"
    continue
  fi
  comm -23 "$work/help-$cmd" "$work/page-$cmd" | sed 's/^/in --help, not in the page: /' >"$work/why"
  if [ -s "$work/why" ]; then fail "auditsim-$cmd(1) has every option of --help"; else pass "auditsim-$cmd(1) has every option of --help"; fi
  help_mentions "$cmd" >"$work/mentions-$cmd"
  comm -13 "$work/mentions-$cmd" "$work/page-$cmd" | grep -vx -e -h -e --help |
    sed 's/^/in the page, not in --help: /' >"$work/why"
  if [ -s "$work/why" ]; then fail "auditsim-$cmd(1) has no option --help lacks"; else pass "auditsim-$cmd(1) has no option --help lacks"; fi
done

echo
echo "man: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
