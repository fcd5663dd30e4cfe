# bash completion for auditsim(1). Installed to bash-completion's completions dir, where
# it is loaded on first use of `auditsim`. Each command's options are read from its own
# --help, so the completion offers exactly what the installed binary accepts.

_auditsim_profiles()
{
	auditsim profiles --names 2>/dev/null
}

# The options a command's --help defines: the lines that start with an option.
_auditsim_options()
{
	auditsim "$1" --help 2>/dev/null |
		grep -E '^ +-' | grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,' | sort -u
}

_auditsim()
{
	local cur prev cmd i
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}
	local commands="check replay test emit explain diff compare suggest lint report merge profiles help"

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
	--baseline)
		COMPREPLY=($(compgen -W "security cis minimal" -- "$cur"))
		return ;;
	--profile | --against-profile)
		COMPREPLY=($(compgen -W "$(_auditsim_profiles)" -- "$cur"))
		return ;;
	--sink)
		COMPREPLY=($(compgen -W "log-file azure-analytics azure-basic azure-auxiliary
			aws-cloudwatch-standard aws-cloudwatch-infrequent-access gcp-logging" -- "$cur"))
		return ;;
	-o | --output)
		case $cmd in
		replay) COMPREPLY=($(compgen -W "table wide jsonl json yaml csv prom" -- "$cur")) ;;
		diff) COMPREPLY=($(compgen -W "text json yaml csv" -- "$cur")) ;;
		compare) COMPREPLY=($(compgen -W "table json yaml csv" -- "$cur")) ;;
		lint) COMPREPLY=($(compgen -W "text json yaml github" -- "$cur")) ;;
		check | explain) COMPREPLY=($(compgen -W "text json yaml" -- "$cur")) ;;
		merge) COMPREPLY=($(compgen -W "json yaml" -- "$cur")) ;;
		profiles) COMPREPLY=($(compgen -W "table json yaml" -- "$cur")) ;;
		test) COMPREPLY=($(compgen -W "text tap junit" -- "$cur")) ;;
		report | emit | suggest) COMPREPLY=($(compgen -f -- "$cur")) ;;
		esac
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W "warning error note none" -- "$cur"))
		return ;;
	--kube-version)
		COMPREPLY=($(compgen -W "$(seq -f '1.%g' 24 37)" -- "$cur"))
		return ;;
	--flow)
		COMPREPLY=($(compgen -W "normal authn-failed invalid-timeout panic" -- "$cur"))
		return ;;
	--verb)
		COMPREPLY=($(compgen -W "get list watch create update patch delete deletecollection proxy" -- "$cur"))
		return ;;
	# a number, a duration, a name or a list: nothing to offer, and never file names
	-j | --jobs | --top | --samples | --max-record-bytes | --max-depth | \
	--audit-log-maxsize | --audit-log-maxbackup | --audit-log-maxage | --price-per-gb | \
	--retention-days | --max-gap | --duration | --scale | --sensitive | --user | --group | \
	--api-group | --api-version | --resource | --subresource | --namespace | --name | \
	--path | --url)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_auditsim_options "$cmd")" -- "$cur"))
	elif [[ $cmd == profiles ]]; then
		COMPREPLY=($(compgen -W "$(_auditsim_profiles)" -- "$cur"))
	elif [[ $cmd == help ]]; then
		COMPREPLY=($(compgen -W "$commands" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -F _auditsim auditsim
