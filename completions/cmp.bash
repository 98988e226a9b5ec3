# bash completion for the cmp tools: cmp-new, cmp-assign, cmp-close,
# cmp-due, cmp-stats, cmp-report, cmp-ls (cmp(7)).
#
# One file for all of them.  bash-completion loads a completion by the
# command's name, so it is installed once under each tool's name (cmp-new,
# cmp-ls, ...) in $PREFIX/share/bash-completion/completions/; or source it
# from ~/.bashrc.
# It needs bash only, not the bash-completion package.
#
# Each tool's options are listed below: keep them in step with its --help.
# Values with a fixed list (severity, vip, channel, category, ...) complete
# from the default lists of cmp.conf(5); -d completes directories; field
# lists (--fields, --by, --where, -s) complete field names; the ticket ids
# of cmp-ls, cmp-assign and cmp-close complete from the store named by -d
# or CMP_STORE (open tickets, through cmp-ls, never waiting for the lock),
# other operands as files.

_cmp_fields='id received_at created_at channel name phone email address
customer vip region location product category severity summary expectation
source status first_responder department assignee dispatched_at assigned_at
handed_at dispatches returns reason dispatch_due reply_due resolve_due
replied_at progress progress_at told_at told_channel eta escalation
escalated_at resolved_at resolution cause measures responsible feedback_due
feedback_at feedback_channel satisfaction opinion reopens closed_at
updated_at'

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
		    --rejects ;;
	cmp-ls)
		echo --all --ids-from --fields --table --reveal --history --verify ;;
	cmp-assign)
		echo --dept --to --auto --return --reason --note --told --eta -s \
		    --ids-from ;;
	cmp-close)
		echo --resolution --cause --measures --responsible --feedback \
		    --satisfaction --comment --force --reopen --reason -s \
		    --ids-from ;;
	cmp-due)
		echo --soon --all --escalate -q ;;
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

# Complete the last item of the comma-separated list in $cur from WORDS.
_cmp_list()
{
	local prefix= item=$cur
	case $cur in *,*) prefix=${cur%,*},; item=${cur##*,} ;; esac
	COMPREPLY=($(compgen -P "$prefix" -W "$1" -- "$item"))
	compopt -o nospace 2>/dev/null
}

_cmp()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev= tool=${1##*/}
	local i w store=${CMP_STORE-} ids=0

	COMPREPLY=()
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
	# bash splits --opt=value at '=': complete the value of --opt.
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	fi

	# The store given on the line so far, for ticket ids.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-d|--dir)
			store=${COMP_WORDS[i+1]}
			[[ $store == = ]] && store=${COMP_WORDS[i+2]} ;;
		-d?*) store=${w#-d} ;;
		esac
	done
	store=${store/#\~/$HOME}

	case $prev in
	-d|--dir)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	--config|--ids-from|--notes|--import|--map-file|--rejects)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	--severity)
		COMPREPLY=($(compgen -W 'general complex urgent' -- "$cur"))
		return ;;
	--vip)
		COMPREPLY=($(compgen -W 'yes no' -- "$cur"))
		return ;;
	--channel)
		COMPREPLY=($(compgen -W 'hotline web app email sms social
		    counter letter transfer regulator' -- "$cur"))
		return ;;
	--category)
		COMPREPLY=($(compgen -W 'network billing service product
		    facility safety hygiene other' -- "$cur"))
		return ;;
	--told)
		COMPREPLY=($(compgen -W 'phone sms email counter' -- "$cur"))
		return ;;
	--encoding)
		COMPREPLY=($(compgen -W 'UTF-8 GB18030 GBK Big5 auto' -- "$cur"))
		return ;;
	--feedback)
		COMPREPLY=($(compgen -W 'phone sms email' -- "$cur"))
		return ;;
	--satisfaction)
		COMPREPLY=($(compgen -W 'satisfied basic dissatisfied' -- "$cur"))
		return ;;
	--stage)
		COMPREPLY=($(compgen -W 'dispatch reply resolve feedback' -- "$cur"))
		return ;;
	--format)
		COMPREPLY=($(compgen -W 'txt md html' -- "$cur"))
		return ;;
	--fields|--by)
		_cmp_list "$_cmp_fields day week month quarter year"
		return ;;
	--where)
		[[ $cur == *[=~\<\>]* ]] && return
		_cmp_list "$_cmp_fields"
		return ;;
	-s)
		[[ $cur == *=* ]] && return
		COMPREPLY=($(compgen -S = -W "$_cmp_fields" -- "$cur"))
		compopt -o nospace 2>/dev/null
		return ;;
	--now|--actor|--wait|--received|--by|--name|--phone|--email|\
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
			COMPREPLY=($(compgen -W "- $(cmp-ls -d "$store" --wait 0 \
			    --fields id --csv 2>/dev/null | tail -n +2)" -- "$cur"))
		fi
		return
	fi
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	compopt -o filenames 2>/dev/null
}

complete -F _cmp cmp-new cmp-assign cmp-close cmp-due cmp-stats cmp-report cmp-ls
