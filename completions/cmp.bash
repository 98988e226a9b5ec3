# bash completion for the cmp tools: cmp-new, cmp-assign, cmp-close,
# cmp-due, cmp-stats, cmp-report, cmp-ls (cmp(7)).
#
# One file for all of them.  bash-completion loads a completion by the
# command's name, so it is installed once under each tool's name (cmp-new,
# cmp-ls, ...) in $PREFIX/share/bash-completion/completions/; or source it
# from ~/.bashrc.
# It needs bash only, not the bash-completion package.
#
# Each tool's options are listed below: keep them in step with its --help
# (tests/920-docs checks).  Field names (--fields, --by, --where, -s) and
# the values of fields with a list (--severity, --channel, --satisfaction,
# ..., and f= in --where) are asked of the tool itself, through its hidden
# option --complete, so they are those of the policy in force (-d's
# cmp.conf, --config, /etc/cmp/cmp.conf, the built-in defaults) and never
# a copy that falls behind.  The words of a tool's own syntax (--format,
# --encoding) are listed here, as its options are.  -d completes
# directories; the ticket ids of cmp-ls, cmp-assign and cmp-close complete
# from the store named by -d or CMP_STORE (open tickets, through cmp-ls,
# never waiting for the lock), other operands as files.

_cmp_common='-d --dir --config --now --actor --csv --jsonl --where --wait
--excel-safe -h --help --version'

# The options of TOOL beyond the common ones.
_cmp_options()
{
	case $1 in
	cmp-new)
		echo --channel --name --phone --email --address --customer \
		    --vip --region --location --product --category --severity \
		    --summary --expect --received --by -s --import --map \
		    --map-file --encoding --date-format --key --source-name \
		    --rejects --dry-run ;;
	cmp-ls)
		echo --all --ids-from --fields --table --reveal --history --schema --verify ;;
	cmp-assign)
		echo --dept --to --auto --return --hold --resume --reason --note \
		    --told --eta -s --ids-from --dry-run ;;
	cmp-close)
		echo --resolution --cause --measures --responsible --feedback \
		    --satisfaction --comment --force --reopen --reason -s \
		    --ids-from --dry-run ;;
	cmp-due)
		echo --soon --all --escalate --explain --dry-run -q ;;
	cmp-stats)
		echo --by --from --to --stage --table --partial --merge ;;
	cmp-report)
		echo --period --format --notes --reveal --stage ;;
	esac
}

# Do TOOL's operands name tickets (with a store) rather than files?
_cmp_takes_ids()
{
	case $1 in cmp-ls|cmp-assign|cmp-close) return 0 ;; esac
	return 1
}

# The words WHAT (fields, by, stages, or a field's values) from the tool
# being completed, under the store and policy named on the line so far.
_cmp_ask()
{
	local -a args=()
	[[ -n $store ]] && args+=(-d "$store")
	[[ -n $config ]] && args+=(--config "$config")
	"$cmd" "${args[@]}" --complete "$1" 2>/dev/null
}

# Complete the last item of the comma-separated list in $cur from WORDS.
_cmp_list()
{
	local prefix= item=$cur
	case $cur in *,*) prefix=${cur%,*},; item=${cur##*,} ;; esac
	COMPREPLY=($(compgen -P "$prefix" -W "$1" -- "$item"))
	compopt -o nospace 2>/dev/null
}

# The words that complete $cur (after $prev) for $tool, into COMPREPLY:
# whole words as typed, --where's severity=urgent, say.
_cmp_reply()
{
	local v

	case $prev in
	-d|--dir)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	--config|--ids-from|--notes|--import|--map-file|--rejects)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	--severity|--vip|--channel|--category|--satisfaction)
		COMPREPLY=($(compgen -W "$(_cmp_ask "${prev#--}")" -- "$cur"))
		return ;;
	--told|--feedback)
		COMPREPLY=($(compgen -W "$(_cmp_ask "${prev#--}_channel")" -- "$cur"))
		return ;;
	--stage)
		COMPREPLY=($(compgen -W "$(_cmp_ask stages)" -- "$cur"))
		return ;;
	--encoding)
		COMPREPLY=($(compgen -W 'UTF-8 GB18030 GBK Big5 auto' -- "$cur"))
		return ;;
	--format)
		COMPREPLY=($(compgen -W 'txt md html' -- "$cur"))
		return ;;
	--fields)
		_cmp_list "$(_cmp_ask fields)"
		return ;;
	--where)
		# After f= (or f!=): the values of f, when it has a list.
		v=${cur##*,}
		if [[ $v == *=* ]]; then
			v=${v%%=*}
			v=${v%!}
			[[ $v == *[~\<\>]* ]] && return
			COMPREPLY=($(compgen -P "${cur%=*}=" -W "$(_cmp_ask "$v")" -- "${cur##*=}"))
			return
		fi
		[[ $v == *[~\<\>]* ]] && return
		_cmp_list "$(_cmp_ask fields)"
		return ;;
	-s)
		if [[ $cur == *=* ]]; then
			COMPREPLY=($(compgen -P "${cur%%=*}=" -W "$(_cmp_ask "${cur%%=*}")" -- "${cur#*=}"))
			return
		fi
		# cmp-close sets extra fields only: no name to offer.
		[[ $tool == cmp-close ]] && return
		COMPREPLY=($(compgen -S = -W "$(_cmp_ask fields)" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	--by)
		# cmp-stats groups by fields; cmp-new's --by names a person.
		[[ $tool == cmp-stats ]] && _cmp_list "$(_cmp_ask by)"
		return ;;
	--now|--actor|--wait|--received|--name|--phone|--email|\
	--address|--customer|--region|--location|--product|--summary|\
	--expect|--dept|--to|--reason|--note|--eta|--resolution|--cause|\
	--measures|--responsible|--comment|--soon|--explain|--from|--period|\
	--map|--date-format|--key|--source-name)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$_cmp_common $(_cmp_options "$tool")" -- "$cur"))
		return
	fi
	if _cmp_takes_ids "$tool" && [[ -n $store ]]; then
		if [[ -d $store ]]; then
			COMPREPLY=($(compgen -W "- $("${cmd%"$tool"}cmp-ls" -d "$store" --wait 0 \
			    --fields id --csv 2>/dev/null | tail -n +2)" -- "$cur"))
		fi
		return
	fi
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	compopt -o filenames 2>/dev/null
}

_cmp()
{
	local cur prev= tool=${1##*/} cmd=${1/#\~/$HOME}
	local i w store=${CMP_STORE-} config= head keep

	COMPREPLY=()
	# bash splits words at the characters of COMP_WORDBREAKS (= and :
	# among them) and replaces only what follows the last of them.  The
	# word as typed is taken from the line (--where severity=ur,
	# --channel=we), completed whole, and only that part handed back.
	cur=${COMP_WORDS[COMP_CWORD]}
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
	keep=
	if [[ -n ${COMP_LINE+set} ]]; then
		w=${COMP_LINE:0:COMP_POINT}
		cur=${w##*[[:space:]]}
		w=${w%"$cur"}
		w=${w%"${w##*[![:space:]]}"}
		prev=${w##*[[:space:]]}
		for ((i = ${#cur}; i > 0; i--)); do
			if [[ $COMP_WORDBREAKS == *"${cur:i-1:1}"* ]]; then
				keep=${cur:0:i}
				break
			fi
		done
	fi
	head=
	if [[ $cur == --*=* ]]; then
		head=${cur%%=*}=
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	# The store and policy given on the line so far.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-d|--dir)
			store=${COMP_WORDS[i+1]}
			[[ $store == = ]] && store=${COMP_WORDS[i+2]} ;;
		-d?*) store=${w#-d} ;;
		--config)
			config=${COMP_WORDS[i+1]}
			[[ $config == = ]] && config=${COMP_WORDS[i+2]} ;;
		esac
	done
	store=${store/#\~/$HOME}
	config=${config/#\~/$HOME}

	_cmp_reply
	if [[ -n $head$keep ]]; then
		for i in "${!COMPREPLY[@]}"; do
			w=$head${COMPREPLY[i]}
			COMPREPLY[i]=${w#"$keep"}
		done
	fi
}

complete -F _cmp cmp-new cmp-assign cmp-close cmp-due cmp-stats cmp-report cmp-ls
