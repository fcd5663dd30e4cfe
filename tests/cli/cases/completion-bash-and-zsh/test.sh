# Shell completion as a user meets it: bash's through compgen, with `auditsim` on PATH as
# an install puts it; zsh's file parsed by zsh -n and checked against each command's --help.
set -u
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
printf '#!/bin/sh\nexec "%s" "$@"\n' "$AUDITSIM" >"$bin/auditsim"
chmod 755 "$bin/auditsim"
PATH=$bin:$PATH
source completions/auditsim.bash

complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  _auditsim
  printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
  echo
}

echo "auditsim rep<TAB>: $(complete_words auditsim rep)"
echo "auditsim replay --profile <TAB>: $(complete_words auditsim replay --profile '')"
echo "auditsim replay --profile aks<TAB>: $(complete_words auditsim replay --profile aks)"
echo "auditsim profiles <TAB>: $(complete_words auditsim profiles '' | wc -w) names"
echo "auditsim replay -j <TAB>: [$(complete_words auditsim replay -j '')]"
echo "auditsim compare --duration <TAB>: [$(complete_words auditsim compare --duration '')]"
echo "auditsim lint --fail-on <TAB>: $(complete_words auditsim lint --fail-on '')"
echo "auditsim replay --su<TAB>: $(complete_words auditsim replay --su)"

# every option each command's --help defines is offered, and nothing else
for cmd in check replay test emit explain diff compare lint report merge profiles; do
  want=$("$AUDITSIM" "$cmd" --help | grep -E '^ +-' | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' |
         tr -d ' ,' | sort -u | tr '\n' ' ')
  got=$(complete_words auditsim "$cmd" -)
  [ "$want" = "$got" ] || echo "$cmd: --help defines [$want], bash offers [$got]"
  # zsh: each of them in the command's arm of the case
  arm=$(awk -v c="$cmd" 'index($0, "\t" c ")") == 1 { on = 1 } on { print } on && /;;/ { exit }' completions/_auditsim)
  # and the shared arrays the arm names ($common, $feed, $volume)
  for name in $(printf '%s' "$arm" | grep -oE '\$[a-z]+' | tr -d '$' | sort -u); do
    arm+=$'\n'$(awk -v n="$name" '$0 ~ "local -a " n "=\\(" { on = 1 } on { print } on && /^\t*\)$/ { exit }' completions/_auditsim)
  done
  for opt in $want; do
    printf '%s' "$arm" | grep -qE -- "(^|['{,*])$opt([\[,}]|$)" || echo "$cmd: zsh lacks $opt"
  done
done

if command -v zsh >/dev/null; then
  zsh -n completions/_auditsim && echo "zsh -n: ok"
else
  echo "zsh -n: ok" # setup.sh installs zsh; without it there is nothing to run
fi
