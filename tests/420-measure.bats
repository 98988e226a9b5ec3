#!/usr/bin/env bats
# What cmp-stats measures along the chain of handling (SPEC §6: share,
# resolved_rate, met, and --stage dispatch|reply|resolve|feedback), on
# eight tickets whose every time is known, with each figure worked out by
# hand; and who may see personal data (SPEC §6: [privacy] mask, reveal
# and access.jsonl), for cmp-ls, cmp-stats and cmp-report alike.
load helper

# Eight tickets of November 2026 (+08:00); hours from the stage's start to
# its end, "on" or "late" against its deadline ("=" at it: on time):
#
#        received  dispatch       reply              resolve        feedback (from resolved)
#   N1   11-02 09  .4  on         1 on               12 on          12 on         closed
#   N2   11-03 09  1   late       3 late             30 late        30 late       closed
#   N3   11-04 09  .5  =          (no reply_due)     6 on           not yet       resolved
#   N4   11-05 09  .1  on         due, not replied   -              -             assigned
#   B1   11-06 09  .2  on         2 =                24 =           1 on          closed
#   B2   11-09 09  -              -                  -              -             new
#   S1   (created 11-10 09)  .75 late  (none)        4 on           48 late       closed
#   O1   11-11 09  (solved at first contact)         .5 on          1 on          closed
#
# N = network, B = billing, S = service, O = other: 4, 2, 1 and 1 of 8,
# shares .5, .25, .125, .125 exactly.  No satisfaction, reopening,
# escalation or phone anywhere.
chain() {
	cat >chain.csv <<'CSV'
id,received_at,created_at,status,category,dispatched_at,dispatch_due,replied_at,reply_due,resolved_at,resolve_due,feedback_at,feedback_due
N1,2026-11-02T09:00:00+08:00,2026-11-02T09:01:00+08:00,closed,network,2026-11-02T09:24:00+08:00,2026-11-02T09:30:00+08:00,2026-11-02T10:00:00+08:00,2026-11-02T11:00:00+08:00,2026-11-02T21:00:00+08:00,2026-11-03T09:00:00+08:00,2026-11-03T09:00:00+08:00,2026-11-03T21:00:00+08:00
N2,2026-11-03T09:00:00+08:00,2026-11-03T09:01:00+08:00,closed,network,2026-11-03T10:00:00+08:00,2026-11-03T09:30:00+08:00,2026-11-03T12:00:00+08:00,2026-11-03T11:00:00+08:00,2026-11-04T15:00:00+08:00,2026-11-04T09:00:00+08:00,2026-11-05T21:00:00+08:00,2026-11-05T15:00:00+08:00
N3,2026-11-04T09:00:00+08:00,2026-11-04T09:01:00+08:00,resolved,network,2026-11-04T09:30:00+08:00,2026-11-04T09:30:00+08:00,2026-11-04T09:45:00+08:00,,2026-11-04T15:00:00+08:00,2026-11-05T09:00:00+08:00,,2026-11-05T15:00:00+08:00
N4,2026-11-05T09:00:00+08:00,2026-11-05T09:01:00+08:00,assigned,network,2026-11-05T09:06:00+08:00,2026-11-05T09:30:00+08:00,,2026-11-05T11:00:00+08:00,,2026-11-06T09:00:00+08:00,,
B1,2026-11-06T09:00:00+08:00,2026-11-06T09:00:00+08:00,closed,billing,2026-11-06T09:12:00+08:00,2026-11-06T09:30:00+08:00,2026-11-06T11:00:00+08:00,2026-11-06T11:00:00+08:00,2026-11-07T09:00:00+08:00,2026-11-07T09:00:00+08:00,2026-11-07T10:00:00+08:00,2026-11-08T09:00:00+08:00
B2,2026-11-09T09:00:00+08:00,2026-11-09T09:00:00+08:00,new,billing,,2026-11-09T09:30:00+08:00,,,,2026-11-10T09:00:00+08:00,,
S1,,2026-11-10T09:00:00+08:00,closed,service,2026-11-10T09:45:00+08:00,2026-11-10T09:30:00+08:00,,,2026-11-10T13:00:00+08:00,2026-11-11T09:00:00+08:00,2026-11-12T13:00:00+08:00,2026-11-11T13:00:00+08:00
O1,2026-11-11T09:00:00+08:00,2026-11-11T09:01:00+08:00,closed,other,,,,,2026-11-11T09:30:00+08:00,2026-11-12T09:00:00+08:00,2026-11-11T10:30:00+08:00,2026-11-12T09:30:00+08:00
CSV
}

HEAD=count,share,open,resolved,resolved_rate,closed,met,on_time,on_time_rate,hours_mean,hours_median,hours_p90,satisfied_rate,reopen_rate,escalated,repeat

@test "every --stage over the whole chain: met, on time, its rate and hours, by hand" {
	chain
	# The columns before met do not depend on the stage: 8 tickets, share
	# 1; open N4 B2; resolved N1 N2 N3 B1 S1 O1 = 6/8 = .75; closed 5.
	# Nobody rated (satisfied_rate empty), reopened 0 of 6.
	local same=8,1.0000,2,6,0.7500,5
	# dispatch: N1 .4 N2 1 N3 .5 N4 .1 B1 .2 S1 .75 (from created_at): met 6;
	#   late N2 S1: on time 4 (.6667); mean 2.95/6 = .49; median (.4 +
	#   .5) / 2 = .45; p90 rank ceil(5.4) = 6: 1.
	# reply: with a reply_due and replied: N1 1, N2 3 (late), B1 2 (at the
	#   deadline); N3 replied without a reply_due, N4 not replied: met 3,
	#   on time 2; mean 2, median 2, p90 rank 3: 3.
	# resolve: .5 4 6 12 24 30; late N2: met 6, on time 5 (.8333); mean
	#   76.5/6 = 12.75, median (6 + 12) / 2 = 9, p90 rank 6: 30.
	# feedback: from resolved_at: N1 12, N2 30 (late), B1 1, S1 48 (late),
	#   O1 1; N3 not yet: met 5, on time 3 (.6); mean 92/5 = 18.4, median
	#   12, p90 rank ceil(4.5) = 5: 48.
	local stage expected
	for stage in dispatch reply resolve feedback; do
		case $stage in
		dispatch) expected=6,4,0.6667,0.49,0.45,1.00;;
		reply) expected=3,2,0.6667,2.00,2.00,3.00;;
		resolve) expected=6,5,0.8333,12.75,9.00,30.00;;
		feedback) expected=5,3,0.6000,18.40,12.00,48.00;;
		esac
		run --separate-stderr cmp-stats --stage "$stage" chain.csv
		[ "$status" -eq 0 ]
		[ "$stderr" = "" ]
		[ "$output" = "$HEAD
$same,$expected,,0.0000,0,0" ] || { echo "--stage $stage: $output"; false; }
	done
	# The default is resolve.
	run --separate-stderr cmp-stats chain.csv
	[ "${lines[1]}" = "$same,6,5,0.8333,12.75,9.00,30.00,,0.0000,0,0" ]
}

@test "--by category: share and resolved_rate per group, and each stage per group" {
	chain
	# billing B1 B2: 2/8 = .25, open B2, resolved B1 (.5); network N1-N4:
	# .5, open N4, resolved 3 (.75); other O1 and service S1: .125 each,
	# resolved (1).  resolve: billing 24 (=); network 12, 30 (late), 6:
	# mean 16, median 12, p90 rank 3: 30; other .5; service 4.
	run --separate-stderr cmp-stats --by category chain.csv
	[ "$status" -eq 0 ]
	[ "$output" = "category,$HEAD
billing,2,0.2500,1,1,0.5000,1,1,1,1.0000,24.00,24.00,24.00,,0.0000,0,0
network,4,0.5000,1,3,0.7500,2,3,2,0.6667,16.00,12.00,30.00,,0.0000,0,0
other,1,0.1250,0,1,1.0000,1,1,1,1.0000,0.50,0.50,0.50,,0.0000,0,0
service,1,0.1250,0,1,1.0000,1,1,1,1.0000,4.00,4.00,4.00,,0.0000,0,0" ]
	# The shares are exact here, and add up to 1; so do the counts.
	run --separate-stderr cmp-stats --by category --jsonl chain.csv
	[ "$(jq -sc '[(map(.share | tonumber) | add), (map(.count | tonumber) | add)]' <<<"$output")" = "[1,8]" ]
	# dispatch: network .4 .5 .1 on, 1 late: 4, 3; mean 2/4 = .5, median
	# (.4 + .5) / 2 = .45, p90 rank 4: 1.  billing B1 .2; other O1 never
	# dispatched: met 0, rate and hours empty; service S1 .75 late.
	run --separate-stderr cmp-stats --by category --stage dispatch chain.csv
	[ "$status" -eq 0 ]
	[ "$(cut -d, -f1,8-13 <<<"$output")" = "category,met,on_time,on_time_rate,hours_mean,hours_median,hours_p90
billing,1,1,1.0000,0.20,0.20,0.20
network,4,3,0.7500,0.50,0.45,1.00
other,0,0,,,,
service,1,0,0.0000,0.75,0.75,0.75" ]
	# reply: billing B1 2 (=); network N1 1, N2 3 late (N3 has no
	# reply_due, N4 is not replied); other and service: no reply_due.
	run --separate-stderr cmp-stats --by category --stage reply chain.csv
	[ "$(cut -d, -f1,8-13 <<<"$output")" = "category,met,on_time,on_time_rate,hours_mean,hours_median,hours_p90
billing,1,1,1.0000,2.00,2.00,2.00
network,2,1,0.5000,2.00,2.00,3.00
other,0,0,,,,
service,0,0,,,," ]
	# feedback: billing B1 1; network N1 12, N2 30 late; other O1 1;
	# service S1 48 late.
	run --separate-stderr cmp-stats --by category --stage feedback chain.csv
	[ "$(cut -d, -f1,8-13 <<<"$output")" = "category,met,on_time,on_time_rate,hours_mean,hours_median,hours_p90
billing,1,1,1.0000,1.00,1.00,1.00
network,2,1,0.5000,21.00,21.00,30.00
other,1,1,1.0000,1.00,1.00,1.00
service,1,0,0.0000,48.00,48.00,48.00" ]
}

@test "the sample's shares add up to 1 but for rounding, and its counts to the tickets" {
	# 300 tickets in 8 categories and 16 regions: each share is rounded to
	# 4 decimals, so their sum is within half a unit of the 4th decimal
	# per group of 1.
	for by in category region category,region; do
		run --separate-stderr cmp-stats --by "$by" --jsonl "$SAMPLE"
		[ "$status" -eq 0 ]
		jq -se '(map(.count | tonumber) | add) == 300 and
			(((map(.share | tonumber) | add) - 1) | fabs) <= 0.00005 * length' <<<"$output"
	done
}

@test "--partial and --merge give one pass's share, which needs the grand total of every shard" {
	chain
	head -n 5 chain.csv >a.csv
	{ head -n 1 chain.csv; tail -n +6 chain.csv; } >b.csv
	for stage in dispatch reply resolve feedback; do
		cmp-stats --by category --stage "$stage" chain.csv >one.csv
		cmp-stats --by category --stage "$stage" --partial a.csv >a.part
		cmp-stats --by category --stage "$stage" --partial b.csv >b.part
		run --separate-stderr cmp-stats --merge a.part b.part
		[ "$status" -eq 0 ]
		[ "$output" = "$(cat one.csv)" ]
	done
	# Alone, shard a (N1-N4) is all network: a share of 1, not .5.
	run --separate-stderr cmp-stats --by category a.csv
	[ "$(cut -d, -f1-3 <<<"${lines[1]}")" = "network,4,1.0000" ]
	run --separate-stderr cmp-stats --merge b.part a.part
	[ "$(cut -d, -f1-3 <<<"$output")" = "category,count,share
billing,2,0.2500
network,4,0.5000
other,1,0.1250
service,1,0.1250" ]
}

@test "an unknown --stage is a usage error (64) in cmp-stats and cmp-report, with nothing on standard output" {
	chain
	for s in handover visit RESOLVE "" "resolve,reply"; do
		run --separate-stderr cmp-stats --stage "$s" chain.csv
		[ "$status" -eq 64 ] || { echo "cmp-stats --stage '$s': $status"; false; }
		[ "$output" = "" ]
		[ "${stderr%%$'\n'*}" = "cmp-stats: --stage: \"$s\" is not one of dispatch, reply, resolve, feedback" ]
		run --separate-stderr cmp-report --period 2026-11 --stage "$s" chain.csv
		[ "$status" -eq 64 ]
		[ "$output" = "" ]
		[ "${stderr%%$'\n'*}" = "cmp-report: --stage: \"$s\" is not one of dispatch, reply, resolve, feedback" ]
	done
}

# A store of two tickets with personal data, a typical case among them.
private_store() {
	mkdir "$STORE"
	printf '[report]\ncases = severity=urgent\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --channel hotline --name 王小明 --phone 13811112222 --email wxm@example.com \
	    --address 北京市朝阳区建国路88号 --severity urgent --category network --summary 家里断网三天 --received 2026-11-20T08:00 >/dev/null
	cmp-new -d "$STORE" --channel web --name 赵六 --phone 13911113333 --category billing --summary 多扣了话费 \
	    --received 2026-11-21T09:00 >/dev/null
}

# A group that exists and that the user running the tests is not in.
foreign_group() {
	local g gid
	for g in nogroup nobody nfsnobody; do
		gid=$(getent group "$g" | cut -d: -f3) || continue
		[ -n "$gid" ] || continue
		case " $(id -G) " in *" $gid "*) continue;; esac
		echo "$g"
		return 0
	done
	skip "no group here that the user is not in"
}

@test "--reveal by a user outside [privacy] reveal: 77, nothing shown, nothing logged; inside it: shown and logged" {
	private_store
	group=$(foreign_group)
	printf '[privacy]\nreveal = %s\n' "$group" >>"$STORE/cmp.conf"
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-ls -d "$STORE" --table --reveal --fields id,name,phone,summary
	[ "$status" -eq 77 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: --reveal: only members of the group \"$group\" may see personal data" ]
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11 --format md --reveal
	[ "$status" -eq 77 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-report: --reveal: only members of the group \"$group\" may see personal data" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	[ ! -e "$STORE/access.jsonl" ]
	# Without --reveal the same user sees the masked table.
	run --separate-stderr cmp-ls -d "$STORE" --table --fields id,name,phone
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "C20261123-000001  王**  138****2222" ]

	# The user's own group may.
	sed -i "s/^reveal = .*/reveal = $(id -gn)/" "$STORE/cmp.conf"
	run --separate-stderr cmp-ls -d "$STORE" --table --reveal --fields id,name,phone
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "C20261123-000001  王小明  13811112222" ]
	[ "$(wc -l <"$STORE/access.jsonl")" -eq 1 ]
}

@test "the access log: one line a --reveal with time, actor, tool and the ids shown, mode 0600; none with log = none" {
	private_store
	t0=$(date +%s)
	run --separate-stderr cmp-ls -d "$STORE" --actor auditor --table --reveal C20261123-000002
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-report -d "$STORE" --actor 李审计 --period 2026-11 --reveal
	[ "$status" -eq 0 ]
	t1=$(date +%s)
	[ "$(stat -c %a "$STORE/access.jsonl")" = 600 ]
	run jq -c '[keys, .actor, .tool, .ids]' "$STORE/access.jsonl"
	[ "$output" = '[["actor","ids","time","tool"],"auditor","cmp-ls",["C20261123-000002"]]
[["actor","ids","time","tool"],"李审计","cmp-report",["C20261123-000001"]]' ]
	# time: the wall clock (not --now), ISO 8601 with the offset
	while read -r t; do
		[[ "$t" =~ ^20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\+08:00$ ]]
		s=$(date -d "$t" +%s)
		[ "$s" -ge "$t0" ] && [ "$s" -le "$t1" ]
	done < <(jq -r .time "$STORE/access.jsonl")

	printf '[privacy]\nlog = none\n' >>"$STORE/cmp.conf"
	run --separate-stderr cmp-ls -d "$STORE" --table --reveal
	[ "$status" -eq 0 ]
	[ "$(wc -l <"$STORE/access.jsonl")" -eq 2 ]
}

@test "[privacy] mask = ...,summary: masked in cmp-ls --table, cmp-stats --table and reports; records complete" {
	private_store
	printf '[privacy]\nmask = name,phone,email,address,summary\n' >>"$STORE/cmp.conf"
	run --separate-stderr cmp-ls -d "$STORE" --table --fields id,name,phone,email,address,summary
	[ "$status" -eq 0 ]
	[ "$output" = "id                name  phone        email             address    summary
C20261123-000001  王**  138****2222  w***@example.com  北京市***  家***
C20261123-000002  赵*   139****3333                               多***" ]
	run --separate-stderr cmp-stats -d "$STORE" --by summary --table
	[ "$status" -eq 0 ]
	# (多 e5 a4 9a sorts before 家 e5 ae b6)
	[ "$(awk '{ print $1 "|" $2 "|" $3 }' <<<"$output")" = "summary|count|share
多***|1|0.5000
家***|1|0.5000" ]
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11 --format md
	[ "$status" -eq 0 ]
	grep -Fq '| C20261123-000001 | 2026-11-20 | network |  | new | 王\*\* | 138\*\*\*\*2222 | 家\*\*\* |  |' <<<"$output"
	run grep -c '家里断网三天\|王小明\|13811112222' <<<"$output"
	[ "$output" = 0 ]
	# The record streams keep everything, for pipelines.
	run --separate-stderr cmp-ls -d "$STORE" --jsonl C20261123-000001
	[ "$(jq -r '[.name, .phone, .email, .address, .summary] | join(" ")' <<<"$output")" = "王小明 13811112222 wxm@example.com 北京市朝阳区建国路88号 家里断网三天" ]
	run --separate-stderr cmp-stats -d "$STORE" --by summary --csv
	[ "$(cut -d, -f1,2 <<<"$output")" = "summary,count
多扣了话费,1
家里断网三天,1" ]
}

@test "a report with --reveal is logged even when it shows no case: a breakdown by phone reveals numbers" {
	private_store
	printf '[report]\nby = phone\ncases = severity=complex\n' >>"$STORE/cmp.conf"
	run --separate-stderr cmp-report -d "$STORE" --actor auditor --period 2026-11 --format md
	[ "$status" -eq 0 ]
	grep -Fqx '| 139\*\*\*\*3333 | 1 | 50.0% | 0.0% | — | — | — | 0 |' <<<"$output"
	[ ! -e "$STORE/access.jsonl" ]
	run --separate-stderr cmp-report -d "$STORE" --actor auditor --period 2026-11 --format md --reveal
	[ "$status" -eq 0 ]
	grep -Fqx '| 13911113333 | 1 | 50.0% | 0.0% | — | — | — | 0 |' <<<"$output"
	grep -Fqx 'Cases matching severity=complex: 0' <<<"$output"
	run jq -c '[.actor, .tool, .ids]' "$STORE/access.jsonl"
	[ "$output" = '["auditor","cmp-report",[]]' ]
}

# The man page $1 as text.
man_text() {
	command -v mandoc >/dev/null || skip "mandoc is not installed: the man pages are not read here"
	mandoc -Tutf8 "$ROOT/man/$1" | col -b | tr -s ' \n\t' ' '
}

@test "the man pages say what the columns, stages, sections and keys are, and that file modes keep records from the unauthorised" {
	text=$(man_text cmp-stats.1)
	for w in 'share' 'resolved_rate' 'met' 'on_time_rate' 'hours_p90' '--stage' 'dispatched_at' 'replied_at' 'feedback_at' '--partial' '--merge'; do
		grep -Fq -- "$w" <<<"$text" || { echo "cmp-stats(1) lacks $w"; false; }
	done
	text=$(man_text cmp-report.1)
	for w in 'rank_by' 'rank_min' 'Wilson' 'per working day' 'cluster_min' '[report] cases' '[targets]' '--notes' 'Late registration' 'Late dispatch' 'Late handover' 'Late first reply' 'Late feedback' 'Late returns' 'Redispatched' 'Overdue, customer not told' 'access.jsonl'; do
		grep -Fq -- "$w" <<<"$text" || { echo "cmp-report(1) lacks $w"; false; }
	done
	text=$(man_text cmp.conf.5)
	for w in 'rank_min = 10' 'rank_by = on_time_rate' 'by = category,department,channel,region' 'cases =' 'cluster_min = 5' '[targets]' 'mask = name,phone,email,address' 'reveal =' 'log = reveal'; do
		grep -Fq -- "$w" <<<"$text" || { echo "cmp.conf(5) lacks $w"; false; }
	done
	grep -Fq 'The file permissions of the store ([store] mode; cmp-store(5)) are what keep record streams from the unauthorised.' <<<"$text"
	grep -Fq 'The file modes are what keep personal data from the unauthorised.' <<<"$(man_text cmp-store.5)"
}
