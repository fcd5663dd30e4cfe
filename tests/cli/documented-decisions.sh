#!/usr/bin/env bash
# usage: tests/cli/documented-decisions.sh PROFILE   (from the repository root, $AUDITSIM set)
#
# Replays fixtures/scenarios/profiles/PROFILE.yaml through `auditsim replay --profile PROFILE
# -o jsonl` and sets each request's decision beside the one its source documents. The
# expected decision is the "# expect: LEVEL rule N" comment written above the request in the
# scenario, from the profile's documentation (never from running auditsim); "rule -" means
# no rule matches. Prints one line per request and "N/N as documented"; exits 1 when a
# decision differs, 2 when the scenario and the replay do not line up.
set -euo pipefail
profile=${1:?usage: documented-decisions.sh PROFILE}
scenario=fixtures/scenarios/profiles/$profile.yaml

expected=$(sed -n 's/^ *# expect: \([A-Za-z]*\) rule \([0-9]*\|-\)[^0-9].*$/\1 rule \2/p' "$scenario")
actual=$("$AUDITSIM" replay --profile "$profile" -o jsonl "$scenario" | jq -r '
  def target:
    if .path then .path
    else .resource + (if .apiGroup != "" then "." + .apiGroup else "" end)
         + (if .subresource != "" then "/" + .subresource else "" end)
         + (if .namespace != "" or .name != "" then " " else "" end) + .namespace
         + (if .namespace != "" and .name != "" then "/" else "" end) + .name
    end;
  "\(.verb) \(target) (\(.user // "no user"))\t\(.level) rule \(.rule // "-")"')

if [ "$(printf '%s\n' "$expected" | wc -l)" != "$(printf '%s\n' "$actual" | wc -l)" ]; then
  echo "documented-decisions: $scenario: the # expect: comments and the requests do not pair up" >&2
  exit 2
fi

paste <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | awk -F'\t' '
  BEGIN { printf "%-3s %-24s %-24s %-9s %s\n", "#", "DOCUMENTED", "AUDITSIM", "", "REQUEST" }
  {
    same = ($1 == $3)
    agree += same
    printf "%-3d %-24s %-24s %-9s %s\n", NR - 1, $1, $3, same ? "same" : "DIFFERENT", $2
  }
  END { printf "%d/%d as documented\n", agree, NR; exit agree == NR ? 0 : 1 }'
