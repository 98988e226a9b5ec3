#!/usr/bin/env bats
# 925-completion: beyond the options (920-docs), the completions offer
# field names after --fields, --by, --where and -s, and the values of
# --severity, --channel, --satisfaction, --stage, --format and of f= in
# --where.  Names and values come from the tool itself (its hidden
# --complete), so they follow the policy in force: a store's cmp.conf
# changes them.  bash is driven as it drives a completion (COMP_LINE,
# COMP_POINT, COMP_WORDS split at =, COMP_CWORD) and COMPREPLY checked
# exactly; then bash and zsh run on a terminal (zsh's zpty, when zsh is
# installed) and the lines they complete are checked.
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
	[ "$output" = $'general\ncomplex\nurgent' ]
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
	[ "$output" = $'票务\nother' ]
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

# What the completion of shell $1 makes of each LINE ($2...) on a real
# terminal (tests/complete-pty), one a line.
on_terminal() {
	local shell=$1 comp=$ROOT/completions/cmp.bash
	shift
	[ "$shell" = zsh ] && comp=$ROOT/completions
	timeout 60 "$ROOT/tests/complete-pty" "$shell" "$comp" "$@"
}

@test "bash on a terminal: readline completes the lines as the user sees them" {
	command -v zsh >/dev/null || skip "zsh is not installed: no terminal to drive (tests/complete-pty)"
	run on_terminal bash 'cmp-new --channel=we' 'cmp-ls --where severity=u' \
	    'cmp-ls --where status=new,channel=so' 'cmp-stats --by category,qu' \
	    'cmp-new -s vip=y' 'cmp-new --sev' 'cmp-close --satisfaction d'
	[ "$status" -eq 0 ]
	[ "$output" = "cmp-new --channel=web 
cmp-ls --where severity=urgent 
cmp-ls --where status=new,channel=social 
cmp-stats --by category,quarter
cmp-new -s vip=yes 
cmp-new --severity 
cmp-close --satisfaction dissatisfied " ]
}

@test "zsh on a terminal: the same names and values from the tool" {
	command -v zsh >/dev/null || skip "zsh is not installed: its completion is not run here"
	mkdir -p "$STORE"
	printf '[values]\nchannel = hotline,wechat\n' >"$STORE/cmp.conf"
	run on_terminal zsh 'cmp-new --channel=we' 'cmp-ls --where severity=u' \
	    'cmp-ls --where status=new,channel=so' 'cmp-stats --by category,qu' \
	    'cmp-ls --fields id,sta' 'cmp-new -s vip=y' 'cmp-close --satisfaction d' \
	    'cmp-stats --stage rep' 'cmp-assign --told co' 'cmp-report --format h' \
	    "cmp-new -d $STORE --channel w"
	[ "$status" -eq 0 ]
	[ "$output" = "cmp-new --channel=web
cmp-ls --where severity=urgent
cmp-ls --where status=new,channel=social
cmp-stats --by category,quarter
cmp-ls --fields id,status
cmp-new -s vip=yes
cmp-close --satisfaction dissatisfied
cmp-stats --stage reply
cmp-assign --told counter
cmp-report --format html
cmp-new -d $STORE --channel wechat" ]
}
