#!/usr/bin/env bash
# Install test: `meson install --destdir` into a temporary directory, then check that
# everything a Unix tool ships is there (binary, man pages, bash and zsh completion, the
# profiles) and that the installed binary, run from elsewhere with AUDITSIM_PROFILE_DIR
# unset, finds its own profiles rather than the source tree's.
#   tests/install/test_install.sh BUILD_DIR SOURCE_DIR
set -uo pipefail
build=$(realpath "${1:?usage: test_install.sh BUILD_DIR SOURCE_DIR}")
source_root=$(realpath "${2:?usage: test_install.sh BUILD_DIR SOURCE_DIR}")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  if "$@" >"$stage/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $what"
  else
    failed=$((failed + 1))
    echo "FAIL $what"
    sed 's/^/     /' "$stage/out" | head -20
  fi
}

if ! meson install -C "$build" --destdir "$stage/root" --no-rebuild >"$stage/install.log" 2>&1; then
  cat "$stage/install.log"
  echo "install: 0 passed, 1 failed"
  exit 1
fi
bin=$(find "$stage/root" -path '*/bin/auditsim' -type f | head -1)
prefix=$(dirname "$(dirname "$bin")")
share=$prefix/share

check "binary installed and executable" test -x "$bin"
check "--version" bash -c '"$0" --version | grep -Eq "^auditsim [0-9]+\.[0-9]+"' "$bin"
if command -v scdoc >/dev/null; then
  # auditsim(1), a page per command `auditsim --help` lists, and auditsim-scenario(5).
  pages="man1/auditsim.1 man5/auditsim-scenario.5"
  for cmd in $("$bin" --help | awk '/^commands:/ { l = 1; next } l && /^  [a-z]/ { print $1 } /^$/ { l = 0 }'); do
    pages="$pages man1/auditsim-$cmd.1"
  done
  for page in $pages; do
    check "man page $page installed" test -s "$share/man/$page"
  done
  check "every page of doc/ installed" bash -c \
    'test "$(ls "$0"/man1/auditsim*.1 "$0"/man5/auditsim*.5 | wc -l)" -eq "$(ls "$1"/doc/*.scd | wc -l)"' \
    "$share/man" "$source_root"
  check "man page renders" bash -c 'man -l "$0" 2>/dev/null | grep -q "simulate the kube-apiserver audit Policy" ||
    grep -q "simulate the kube-apiserver audit Policy" "$0"' "$share/man/man1/auditsim.1"
  check "man finds auditsim-scenario(5) in the installed tree" bash -c \
    'MANPATH="$0" man -w 5 auditsim-scenario | grep -q "man5/auditsim-scenario.5"' "$share/man"
else
  echo "skip man pages (scdoc not installed)"
fi
check "bash completion" bash -c 'source "$0" && complete -p auditsim' \
  "$share/bash-completion/completions/auditsim"
check "zsh completion" grep -q '^#compdef auditsim' "$share/zsh/site-functions/_auditsim"
for f in "$source_root"/policies/*.yaml; do
  check "profile $(basename "$f") installed" cmp -s "$f" "$share/auditsim/policies/$(basename "$f")"
done

# From another directory, without the variable: the installed binary must find the
# installed profiles (beside the binary), not the source tree's policies/.
cd "$stage"
unset AUDITSIM_PROFILE_DIR
check "auditsim profiles lists the installed profiles" bash -c '"$0" profiles | grep -q "^gke "' "$bin"
check "profiles come from the installed data directory" bash -c '
  file=$("$0" profiles -o json | grep -o "\"file\": *\"[^\"]*gke.yaml\"" | head -1)
  echo "$file"
  case "$file" in *"$1"/policies/*) exit 1 ;; *gke.yaml*) exit 0 ;; *) exit 1 ;; esac' \
  "$bin" "$source_root"
check "replay --profile gke runs from the installed binary" bash -c \
  '"$0" replay --summary --profile gke "$1" | grep -q "^requests: 437"' \
  "$bin" "$source_root/fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl"
check "sinks.yaml installed" cmp -s "$source_root/data/sinks.yaml" "$share/auditsim/sinks.yaml"
check "the installed binary prices sinks without the source tree" bash -c \
  '"$0" replay --summary --profile gke --sink gcp-logging "$1" | grep -q "^sink gcp-logging: "' \
  "$bin" "$source_root/fixtures/logs/audit2rbac-demo-original-v1beta1-2017.jsonl"
check "auditsim help report" bash -c '"$0" help report | grep -q "usage: auditsim report"' "$bin"

echo
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
