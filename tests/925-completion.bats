#!/usr/bin/env bats
# 925-completion: beyond the options (920-docs), the completions offer
# field names after --fields, --by, --where and -s, and the values of
# --severity, --channel, --satisfaction, --stage, --format and of f= in
# --where.  Names and values come from the tool itself (its hidden
# --complete), so they follow the policy in force: a store's cmp.conf
# changes them.  bash is driven as it drives a completion (COMP_LINE,
# COMP_POINT, COMP_WORDS split at =, COMP_CWORD) and COMPREPLY checked
# exactly; zsh's value functions are run with compadd and compset
# stood in for (no terminal here), when zsh is installed.
load helper

# What bash offers at the end of LINE for its tool: COMPREPLY, one a line.
# COMP_WORDS is split as bash splits it, = being a word of its own.
bash_complete() {
	bash -c '. "$1" || exit 1
		COMP_LINE=$2 COMP_POINT=${#2}
		read -ra COMP_WORDS <<<"${2//=/ = }"
		[[ $2 == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_cmp "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
		printf "%s\n" "${COMPREPLY[@]}"' bash "$ROOT/completions/cmp.bash" "$1"
}

@test "--complete prints field names, --by keys, stages and a field's values" {
	run --separate-stderr cmp-ls --complete fields
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 52 ]
	[ "${lines[0]}" = id ] && [ "${lines[51]}" = updated_at ]
	run --separate-stderr cmp-stats --complete by
	[ "${#lines[@]}" -eq 57 ]
	[ "${lines[*]: -5}" = "day week month quarter year" ]
	run --separate-stderr cmp-report --complete stages
	[ "$output" = $'dispatch\nreply\nresolve\nfeedback' ]
	run --separate-stderr cmp-new --complete severity
	[ "$output" = $'general\ncomplex\nurgent' ]
	run --separate-stderr cmp-close --complete satisfaction
	[ "$output" = $'satisfied\nbasic\ndissatisfied' ]
	run --separate-stderr cmp-new --complete summary
	[ "$status" -eq 0 ] && [ "$output" = "" ]
	run --separate-stderr cmp-new --config "$ROOT/share/cmp/policies/metro.conf" --complete cause
	[ "$output" = $'服务态度\n设施设备故障\n安全管理\n环境卫生\n管理不善\n其他' ]
}

@test "bash: the values of --severity, --channel, --satisfaction, --stage, --format" {
	run bash_complete 'cmp-new --severity '
	[ "$output" = $'general\ncomplex\nurgent' ]
	run bash_complete 'cmp-new --severity u'
	[ "$output" = urgent ]
	run bash_complete 'cmp-new --channel=we'
	[ "$output" = web ]
	run bash_complete 'cmp-new --channel s'
	[ "$output" = $'sms\nsocial' ]
	run bash_complete 'cmp-close --satisfaction '
	[ "$output" = $'satisfied\nbasic\ndissatisfied' ]
	run bash_complete 'cmp-assign --told '
	[ "$output" = $'phone\nsms\nemail\ncounter' ]
	run bash_complete 'cmp-stats --stage re'
	[ "$output" = $'reply\nresolve' ]
	run bash_complete 'cmp-report --format '
	[ "$output" = $'txt\nmd\nhtml' ]
	# cmp-new's --by is a person: nothing to offer.
	run bash_complete 'cmp-new --by '
	[ "$output" = "" ]
}

@test "bash: field names after --fields, --by, --where and -s; values after f=" {
	run bash_complete 'cmp-ls --fields id,sta'
	[ "$output" = id,status ]
	run bash_complete 'cmp-stats --by category,qu'
	[ "$output" = category,quarter ]
	run bash_complete 'cmp-stats --by re'
	[ "$output" = $'received_at\nregion\nreturns\nreason\nreply_due\nresolve_due\nreplied_at\nresolved_at\nresolution\nresponsible\nreopens' ]
	# bash keeps what precedes the last =.
	run bash_complete 'cmp-ls --where status=new,sev'
	[ "$output" = new,severity ]
	# bash replaces only what follows the last =.
	run bash_complete 'cmp-ls --where severity=u'
	[ "$output" = urgent ]
	run bash_complete 'cmp-ls --where status=new,channel!=l'
	[ "$output" = letter ]
	run bash_complete 'cmp-ls --where severity='
	[ "$output" = $'=general\n=complex\n=urgent' ]
	run bash_complete 'cmp-ls --where summary~x'
	[ "$output" = "" ]
	run bash_complete 'cmp-new -s vi'
	[ "$output" = vip= ]
	run bash_complete 'cmp-new -s vip=y'
	[ "$output" = yes ]
	run bash_complete 'cmp-close -s '
	[ "$output" = "" ]
}

@test "bash: a store's cmp.conf, or --config, changes the values offered" {
	mkdir -p "$STORE"
	printf '[values]\nchannel = hotline,wechat\ncategory = 票务,other\n' >"$STORE/cmp.conf"
	run bash_complete "cmp-new -d $STORE --channel "
	[ "$output" = $'hotline\nwechat' ]
	run bash_complete "cmp-ls -d $STORE --where category="
	[ "$output" = $'=票务\n=other' ]
	CMP_STORE=$STORE run bash_complete 'cmp-new --channel w'
	[ "$output" = wechat ]
	run bash_complete "cmp-new --config $ROOT/share/cmp/policies/metro.conf -s cause=环"
	[ "$output" = 环境卫生 ]
	# A policy that is wrong offers nothing, and says nothing.
	printf '[values]\nseverity = x\n' >"$STORE/cmp.conf"
	run --separate-stderr bash_complete "cmp-new -d $STORE --channel "
	[ "$status" -eq 0 ] && [ "$output" = "" ] && [ "$stderr" = "" ]
}

@test "bash: --format and --encoding offer what --help says" {
	run --separate-stderr cmp-report --help
	[[ "$output" == *"[--format txt|md|html]"* ]]
	run --separate-stderr cmp-new --help
	[[ "$output" == *"--encoding ENC  UTF-8 (default), GB18030, GBK, Big5, auto"* ]]
	run bash_complete 'cmp-new --encoding '
	[ "$output" = $'UTF-8\nGB18030\nGBK\nBig5\nauto' ]
}

# zsh: call a value function of completions/_cmp for the line's words
# ($1: the tool, $2: what is typed, $3...: the function and its
# arguments), with compadd and compset stood in for: prints the matches.
zsh_complete() {
	zsh -f -c '
		compadd() {
			local a= s= w
			while (( $# )); do
				case $1 in
				-a) a=$2; shift 2 ;;
				-S) s=$2; shift 2 ;;
				-q) shift ;;
				--) shift; break ;;
				*) break ;;
				esac
			done
			local -a list
			[[ -n $a ]] && list=(${(P)a}) || list=("$@")
			for w in $list; do [[ $w == ${PREFIX}* ]] && print -r -- "$IPREFIX$w$s"; done
		}
		compset() {
			local m=${(M)PREFIX##$~2}
			[[ -n $m ]] || return 1
			IPREFIX+=$m PREFIX=${PREFIX#$m}
		}
		_message() { print -r -- "(message) $*" }
		typeset -A opt_args
		source "$1" 2>/dev/null
		words=("$2") service=$2 PREFIX=$3 IPREFIX=
		shift 3
		"$@"' zsh "$ROOT/completions/_cmp" "$@"
}

@test "zsh: the same names and values from the tool" {
	command -v zsh >/dev/null || skip "zsh is not installed: its completion is not run here"
	run zsh_complete cmp-new '' _cmp_values severity
	[ "$output" = $'general\ncomplex\nurgent' ]
	run zsh_complete cmp-close d _cmp_values satisfaction
	[ "$output" = dissatisfied ]
	run zsh_complete cmp-stats re _cmp_values stages
	[ "$output" = $'reply\nresolve' ]
	run zsh_complete cmp-stats category,qu _cmp_fieldlist by
	[ "$output" = category,quarter, ]
	run zsh_complete cmp-ls 'status=new,severity=u' _cmp_where
	[ "$output" = status=new,severity=urgent ]
	run zsh_complete cmp-ls 'sev' _cmp_where
	[ "$output" = severity ]
	run zsh_complete cmp-new 'vip=' _cmp_set
	[ "$output" = $'vip=yes\nvip=no' ]
}
