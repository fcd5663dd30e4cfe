# bash completion for auditsim(1). Installed to bash-completion's completions dir, where
# it is loaded on first use of `auditsim`.

_auditsim_profiles()
{
	auditsim profiles 2>/dev/null | awk 'NR > 1 && !/^ / { print $1 }'
}

_auditsim()
{
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="check replay emit explain diff compare lint report profiles help"

	cmd=""
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi

	case $prev in
	--profile | --against-profile)
		COMPREPLY=($(compgen -W "$(_auditsim_profiles)" -- "$cur"))
		return ;;
	--sink)
		COMPREPLY=($(compgen -W "log-file azure-analytics azure-basic azure-auxiliary
			aws-cloudwatch-standard aws-cloudwatch-infrequent-access gcp-logging" -- "$cur"))
		return ;;
	-o | --output)
		case $cmd in
		replay) COMPREPLY=($(compgen -W "table wide jsonl json csv prom" -- "$cur")) ;;
		diff) COMPREPLY=($(compgen -W "text json csv" -- "$cur")) ;;
		compare) COMPREPLY=($(compgen -W "table json csv" -- "$cur")) ;;
		lint) COMPREPLY=($(compgen -W "text json github" -- "$cur")) ;;
		check | explain) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
		profiles) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
		report | emit) COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "warning error none" -- "$cur"))
		return ;;
	--flow)
		COMPREPLY=($(compgen -W "normal authn-failed invalid-timeout panic" -- "$cur"))
		return ;;
	--verb)
		COMPREPLY=($(compgen -W "get list watch create update patch delete deletecollection" -- "$cur"))
		return ;;
	esac

	local opts
	case $cmd in
	help) COMPREPLY=($(compgen -W "$commands" -- "$cur")); return ;;
	check) opts="-o --output -q --quiet --help" ;;
	replay) opts="-o --output --summary -j --jobs --profile --strict --max-record-bytes
		--max-depth --audit-log-maxsize --audit-log-maxbackup --audit-log-maxage
		--audit-log-compress --price-per-gb --sink --sinks --retention-days --help" ;;
	emit) opts="-o --output --profile --help" ;;
	explain) opts="--user --group --verb --api-group --api-version --resource --subresource
		--namespace --name --path --url --flow -o --output --profile --help" ;;
	diff) opts="-o --output --profile --top --samples --help" ;;
	compare) opts="-p --policy --profile -o --output -j --jobs --strict --max-record-bytes
		--max-depth --audit-log-maxsize --audit-log-maxbackup --audit-log-maxage
		--audit-log-compress --price-per-gb --help" ;;
	lint) opts="-o --output --strict --fail-on --sensitive --profile --top --help" ;;
	report) opts="-o --output --profile --against --against-profile --price-per-gb --help" ;;
	profiles) opts="-o --output --help" ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
		[[ $cmd == profiles ]] && COMPREPLY=($(compgen -W "$(_auditsim_profiles)" -- "$cur"))
	fi
}
complete -o filenames -F _auditsim auditsim
