#!/usr/bin/env bats
# tests/320-cmp-due.bats - cmp-due (SPEC §5, §6): each open ticket's
# current stage, deadline, minutes overdue, escalation level and owner;
# the deadlines of general, complex, urgent, VIP and category tickets,
# across the Spring Festival and National Day; --soon, --all, -q, the
# order, the exit status; and the escalation sweep (--escalate).

load helper

USAGE1='usage: cmp-due [-d DIR] [--soon DURATION | --all] [--escalate] [-q]'

# "id stage due_at overdue_min level owner" of every record of $1 (JSON Lines).
due() {
	jq -r '[.id, .due_stage, .due_at, .overdue_min, .level, .owner] | join(" ")' <<<"$1"
}

# The values of the jq expressions $2 of ticket $1 in the store, "|"-joined.
get() {
	cmp-ls -d "$STORE" --all --jsonl "$1" >"$BATS_TEST_TMPDIR/rec.jsonl" || return
	jq -r "[$2] | join(\"|\")" "$BATS_TEST_TMPDIR/rec.jsonl"
}

# Six tickets registered by alice at 09:00 on Monday 2026-11-23, one in
# each stage: new; assigned general, complex (handed to 张工), urgent;
# resolved; resolved and fed back.
six_stages() {
	cat >six.csv <<'CSV'
received_at,severity,summary
2026-11-23T09:00:00+08:00,general,new
2026-11-23T08:00:00+08:00,general,assigned general
2026-11-23T08:00:00+08:00,complex,assigned complex
2026-11-23T08:00:00+08:00,urgent,assigned urgent
2026-11-23T08:00:00+08:00,general,resolved
2026-11-23T08:00:00+08:00,general,fed back
CSV
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by alice six.csv >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:10 C20261123-00000{2,3,4,5,6} >/dev/null
	cmp-assign -d "$STORE" --to 张工 --now 2026-11-23T09:20 C20261123-000003 >/dev/null
	cmp-close -d "$STORE" --resolution r --now 2026-11-23T09:30 C20261123-00000{5,6} >/dev/null
	cmp-close -d "$STORE" --feedback phone --now 2026-11-23T09:40 C20261123-000006 >/dev/null
}

@test "--help prints the synopsis and every option to stdout; --version" {
	run --separate-stderr cmp-due --help
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "$USAGE1" ]
	for o in --soon --all --escalate -q --dir --config --now --actor --csv --jsonl --where --wait; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
	done
	run --separate-stderr cmp-due --version
	[[ "$output" =~ ^cmp-due\ \(cmp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

# --- stages ---------------------------------------------------------------------

@test "--all: each ticket's stage, deadline, overdue minutes, level and owner, most overdue first" {
	six_stages
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-23T11:00
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	# dispatch 30m from receipt, owned by the first responder; urgent reply
	# 2h; general resolve 24h; feedback 24h from the resolution; visit 2wd
	# from the feedback; complex reply 72h, owned by the person handed it.
	[ "$(due "$output")" = "C20261123-000001 dispatch 2026-11-23T09:30:00+08:00 90 1 alice
C20261123-000004 reply 2026-11-23T10:00:00+08:00 60 1 网络部
C20261123-000002 resolve 2026-11-24T08:00:00+08:00 -1260 0 网络部
C20261123-000005 feedback 2026-11-24T09:30:00+08:00 -1350 0 alice
C20261123-000006 visit 2026-11-25T09:40:00+08:00 -2800 0 alice
C20261123-000003 reply 2026-11-26T08:00:00+08:00 -4140 0 张工" ]
	# The record keeps its fields and gains five at the end.
	[ "$(jq -r 'keys_unsorted | .[-6:] | join(",")' <<<"${lines[0]}")" = "updated_at,due_stage,due_at,overdue_min,level,owner" ]
}

@test "by default only the overdue tickets, as CSV with the five fields added; exit 0" {
	six_stages
	run --separate-stderr cmp-due -d "$STORE" --now 2026-11-23T11:00
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == id,received_at,*,updated_at,due_stage,due_at,overdue_min,level,owner ]]
	[[ "${lines[1]}" == C20261123-000001,*,2026-11-23T09:00:00+08:00,dispatch,2026-11-23T09:30:00+08:00,90,1,alice ]]
	[[ "${lines[2]}" == C20261123-000004,*,reply,2026-11-23T10:00:00+08:00,60,1,网络部 ]]
}

@test "nothing overdue: exit 1 and nothing printed; -q prints nothing either way" {
	six_stages
	run --separate-stderr cmp-due -d "$STORE" --now 2026-11-23T09:20
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	run --separate-stderr cmp-due -d "$STORE" -q --now 2026-11-23T09:20
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	run --separate-stderr cmp-due -d "$STORE" -q --now 2026-11-23T11:00
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

@test "--soon adds the tickets due within the duration, the deadline included" {
	six_stages
	run --separate-stderr cmp-due -d "$STORE" --jsonl --soon 30m --now 2026-11-23T09:30
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "C20261123-000001 dispatch 2026-11-23T09:30:00+08:00 0 0 alice
C20261123-000004 reply 2026-11-23T10:00:00+08:00 -30 0 网络部" ]
	run --separate-stderr cmp-due -d "$STORE" --jsonl --soon 29m --now 2026-11-23T09:30
	[ "$(due "$output")" = "C20261123-000001 dispatch 2026-11-23T09:30:00+08:00 0 0 alice" ]
	# In working days: Monday 09:30 + 1wd is Tuesday 09:30.
	run --separate-stderr cmp-due -d "$STORE" --jsonl --soon 1wd --now 2026-11-23T09:30
	[ "$(jq -r .id <<<"$output" | tr '\n' ' ')" = "C20261123-000001 C20261123-000004 C20261123-000002 C20261123-000005 " ]
}

@test "overdue minutes are whole minutes rounded down; the level starts once the deadline has passed" {
	six_stages
	for t in 09:29:30=-1,0 09:30:00=0,0 09:30:30=0,1 09:31:00=1,1 09:31:59=1,1; do
		run --separate-stderr cmp-due -d "$STORE" --all --jsonl --where summary=new --now "2026-11-23T${t%=*}"
		[ "$status" -eq 0 ]
		[ "$(jq -r '[.overdue_min, .level] | join(",")' <<<"$output")" = "${t#*=}" ] || { echo "$t: $output"; false; }
	done
	# Exactly at the deadline it is not overdue yet.
	run --separate-stderr cmp-due -d "$STORE" --where summary=new --now 2026-11-23T09:30
	[ "$status" -eq 1 ]
	run --separate-stderr cmp-due -d "$STORE" --where summary=new --now 2026-11-23T09:30:01
	[ "$status" -eq 0 ]
}

@test "ties on overdue time are ordered by id" {
	printf 'received_at,summary\n2026-11-23T09:00:00+08:00,c\n2026-11-23T08:00:00+08:00,a\n2026-11-23T08:00:00+08:00,b\n' >in.csv
	cmp-new -d "$STORE" --now 2026-11-23T09:00 in.csv >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --jsonl --now 2026-11-23T10:00
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "C20261123-000002 dispatch 2026-11-23T08:30:00+08:00 90 1 $(id -un)
C20261123-000003 dispatch 2026-11-23T08:30:00+08:00 90 1 $(id -un)
C20261123-000001 dispatch 2026-11-23T09:30:00+08:00 30 1 $(id -un)" ]
}

@test "handover (policy): due 30m after the dispatch while no one took it; ties go to the earlier row" {
	mkdir "$STORE"
	printf '[sla]\nhandover = 30m\n[sla.urgent]\nreply = 40m\n' >"$STORE/cmp.conf"
	printf 'received_at,severity,summary\n2026-11-23T09:00:00+08:00,general,a\n2026-11-23T09:00:00+08:00,urgent,b\n2026-11-23T09:00:00+08:00,urgent,c\n' >in.csv
	cmp-new -d "$STORE" --now 2026-11-23T09:00 in.csv >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:10 C20261123-000001 C20261123-000003 >/dev/null
	cmp-assign -d "$STORE" --dept 市场部 --now 2026-11-23T09:20 C20261123-000002 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-23T10:00
	[ "$status" -eq 0 ]
	# b: handover 09:50 and reply 09:40 -> reply; c: both 09:40 -> handover.
	[ "$(due "$output")" = "C20261123-000001 handover 2026-11-23T09:40:00+08:00 20 1 网络部
C20261123-000002 reply 2026-11-23T09:40:00+08:00 20 1 市场部
C20261123-000003 handover 2026-11-23T09:40:00+08:00 20 1 网络部" ]
	# Once a person has it, the handover is met and the person owns the rest.
	cmp-assign -d "$STORE" --to 张工 --now 2026-11-23T09:45 C20261123-000001 C20261123-000003 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-23T10:00
	[ "$(due "$output")" = "C20261123-000002 reply 2026-11-23T09:40:00+08:00 20 1 市场部
C20261123-000003 reply 2026-11-23T09:40:00+08:00 20 1 张工
C20261123-000001 resolve 2026-11-24T09:00:00+08:00 -1380 0 张工" ]
}

@test "a ticket that owes nothing: listed with --all, empty due fields; never overdue" {
	mkdir "$STORE"
	printf '[sla]\nresolve =\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary x >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:10 C20261123-000001 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --now 2027-01-04T10:00
	[ "$status" -eq 1 ]
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-23T10:00
	[ "$status" -eq 0 ]
	[ "$(jq -c '[.id, .status, .due_stage, .due_at, .overdue_min, .level, .owner]' <<<"$output")" = '["C20261123-000001","assigned","","","","",""]' ]
}

# --- deadlines --------------------------------------------------------------------

@test "deadlines: general, complex, urgent; [sla.vip] over severity, [sla.category] over vip" {
	mkdir "$STORE"
	cat >"$STORE/cmp.conf" <<'EOF'
[sla.vip]
resolve = 12h
[sla.category.safety]
resolve = 4h
EOF
	cat >in.csv <<'CSV'
severity,vip,category,summary
general,no,network,general
complex,no,network,complex
urgent,no,network,urgent
general,yes,network,vip
complex,yes,network,vip complex
general,yes,safety,safety vip
urgent,no,safety,safety urgent
CSV
	cmp-new -d "$STORE" --now 2026-11-23T10:00 in.csv >/dev/null
	cmp-ls -d "$STORE" --jsonl >all.jsonl
	[ "$(jq -r '[.summary, .dispatch_due, .reply_due, .resolve_due] | join("|")' all.jsonl)" = "general|2026-11-23T10:30:00+08:00||2026-11-24T10:00:00+08:00
complex|2026-11-23T10:30:00+08:00|2026-11-26T10:00:00+08:00|2026-12-14T10:00:00+08:00
urgent|2026-11-23T10:30:00+08:00|2026-11-23T12:00:00+08:00|2026-11-24T10:00:00+08:00
vip|2026-11-23T10:30:00+08:00||2026-11-23T22:00:00+08:00
vip complex|2026-11-23T10:30:00+08:00|2026-11-26T10:00:00+08:00|2026-11-23T22:00:00+08:00
safety vip|2026-11-23T10:30:00+08:00||2026-11-23T14:00:00+08:00
safety urgent|2026-11-23T10:30:00+08:00|2026-11-23T12:00:00+08:00|2026-11-23T14:00:00+08:00" ]
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T10:10 --where status=new >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --jsonl --now 2026-11-24T09:00
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "C20261123-000003 reply 2026-11-23T12:00:00+08:00 1260 1 网络部
C20261123-000007 reply 2026-11-23T12:00:00+08:00 1260 1 网络部
C20261123-000006 resolve 2026-11-23T14:00:00+08:00 1140 1 网络部
C20261123-000004 resolve 2026-11-23T22:00:00+08:00 660 1 网络部
C20261123-000005 resolve 2026-11-23T22:00:00+08:00 660 1 网络部" ]
}

@test "15 working days across the Spring Festival; a receipt on a holiday counts from the next working day" {
	mkdir "$STORE"
	printf '[sla.complex]\nreply =\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-02-13T10:05 --received 2026-02-13T10:00 --severity complex --summary friday >/dev/null
	cmp-new -d "$STORE" --now 2026-02-15T11:05 --received 2026-02-15T11:00 --severity complex --summary holiday >/dev/null
	[ "$(get C20260213-000001 '.reply_due, .resolve_due')" = "|2026-03-12T10:00:00+08:00" ]
	[ "$(get C20260215-000001 '.reply_due, .resolve_due')" = "|2026-03-16T00:00:00+08:00" ]
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-02-24T09:00 --where status=new >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --jsonl --now 2026-03-12T10:01
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "C20260213-000001 resolve 2026-03-12T10:00:00+08:00 1 1 网络部" ]
}

@test "working days across National Day: 1wd from 30 September, and the make-up Saturday" {
	mkdir "$STORE"
	printf '[sla]\nresolve = 1wd\nfeedback = 1wd\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-09-30T16:00 --summary a >/dev/null
	cmp-new -d "$STORE" --now 2026-10-09T09:00 --summary b >/dev/null
	[ "$(get C20260930-000001 .resolve_due)" = "2026-10-08T16:00:00+08:00" ]
	[ "$(get C20261009-000001 .resolve_due)" = "2026-10-10T09:00:00+08:00" ]
	# The feedback (1wd) and the visit (2wd) count the same way.
	cmp-close -d "$STORE" --resolution r --now 2026-09-30T17:00 C20260930-000001 >/dev/null
	cmp-close -d "$STORE" --resolution r --feedback sms --now 2026-09-30T17:00 C20261009-000001 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-10-08T18:00
	[ "$(due "$output")" = "C20260930-000001 feedback 2026-10-08T17:00:00+08:00 60 1 $(id -un)
C20261009-000001 visit 2026-10-09T17:00:00+08:00 -1380 0 $(id -un)" ]
}

# --- levels and the escalation sweep ------------------------------------------------

@test "levels: 1 as the deadline passes, 2 after 1wd, 3 after 3wd, counted on the calendar" {
	# Due Friday 2026-02-13 10:00; 1wd later is the make-up Saturday 14th;
	# 3wd later is Wednesday 25th, after the Spring Festival.
	cmp-new -d "$STORE" --now 2026-02-13T09:30 --summary x >/dev/null
	for t in 2026-02-13T09:59:30=-1,0 2026-02-13T10:00:30=0,1 2026-02-14T09:59=1439,1 \
	    2026-02-14T10:00=1440,2 2026-02-24T10:00=15840,2 2026-02-25T09:59=17279,2 2026-02-25T10:00=17280,3; do
		run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now "${t%=*}"
		[ "$(jq -r '[.due_stage, .due_at, .overdue_min, .level] | join(",")' <<<"$output")" = "dispatch,2026-02-13T10:00:00+08:00,${t#*=}" ] || { echo "$t: $output"; false; }
	done
}

@test "[escalation] thresholds from policy" {
	mkdir "$STORE"
	printf '[escalation]\n1 = 1h 组长\n2 = 1d 主任\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary x >/dev/null
	for t in 2026-11-23T10:29=0 2026-11-23T10:30=1 2026-11-24T09:29=1 2026-11-24T09:30=2 2026-12-31T09:30=2; do
		run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now "${t%=*}"
		[ "$(jq -r .level <<<"$output")" = "${t#*=}" ] || { echo "$t: $output"; false; }
	done
}

@test "--escalate raises levels 0->1->2->3, prints only the tickets that rose, never lowers, twice is a no-op" {
	printf 'received_at,summary\n2026-02-13T09:30:00+08:00,one\n2026-02-13T11:30:00+08:00,two\n' >in.csv
	cmp-new -d "$STORE" --now 2026-02-13T11:30 in.csv >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --escalate --now 2026-02-13T10:00
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	sweep() {
		run --separate-stderr cmp-due -d "$STORE" --escalate --jsonl --actor cron --now "$1"
		[ "$status" -eq 0 ]
		[ "$stderr" = "" ]
		[ "$(jq -r '[.id, .overdue_min, .level, .escalation, .escalated_at] | join(" ")' <<<"$output")" = "$2" ]
	}
	sweep 2026-02-13T11:00 "C20260213-000001 60 1 1 2026-02-13T11:00:00+08:00"
	sweep 2026-02-13T12:30 "C20260213-000002 30 1 1 2026-02-13T12:30:00+08:00"
	# Again at the same time: nothing rose, exit 1, the store as it was.
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-due -d "$STORE" --escalate --now 2026-02-13T12:30
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	sweep 2026-02-14T10:00 "C20260213-000001 1440 2 2 2026-02-14T10:00:00+08:00"
	sweep 2026-02-14T12:00 "C20260213-000002 1440 2 2 2026-02-14T12:00:00+08:00"
	sweep 2026-02-25T12:00 "C20260213-000001 17400 3 3 2026-02-25T12:00:00+08:00
C20260213-000002 17280 3 3 2026-02-25T12:00:00+08:00"
	# An earlier time would give lower levels: nothing falls.
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-due -d "$STORE" --escalate --now 2026-02-13T11:00
	[ "$status" -eq 1 ]
	[ "$(store_sum "$STORE")" = "$before" ]
	[ "$(get C20260213-000001 '.escalation, .escalated_at')" = "3|2026-02-25T12:00:00+08:00" ]
	# The journal has each rise, with the sweep's time and actor.
	[ "$(jq -c 'select(.tool == "cmp-due") | [.actor, .now, .id, .changes.escalation]' "$STORE/journal.jsonl")" = '["cron","2026-02-13T11:00:00+08:00","C20260213-000001",["0","1"]]
["cron","2026-02-13T12:30:00+08:00","C20260213-000002",["0","1"]]
["cron","2026-02-14T10:00:00+08:00","C20260213-000001",["1","2"]]
["cron","2026-02-14T12:00:00+08:00","C20260213-000002",["1","2"]]
["cron","2026-02-25T12:00:00+08:00","C20260213-000001",["2","3"]]
["cron","2026-02-25T12:00:00+08:00","C20260213-000002",["2","3"]]' ]
	# The level reported is the one reached now; escalation the highest reached.
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-02-13T11:00
	[ "$(jq -r '[.id, .level, .escalation] | join(" ")' <<<"$output")" = "C20260213-000001 1 3
C20260213-000002 0 3" ]
}

@test "--escalate -q says it only by the exit status; --where limits the sweep" {
	printf 'received_at,summary\n2026-11-23T08:00:00+08:00,a\n2026-11-23T08:00:00+08:00,b\n' >in.csv
	cmp-new -d "$STORE" --now 2026-11-23T09:00 in.csv >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --escalate -q --where summary=b
	echo "status=$status out=$output err=$stderr"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(get C20261123-000001 .escalation)" = "0" ]
	[ "$(get C20261123-000002 .escalation)" = "1" ]
	run --separate-stderr cmp-due -d "$STORE" --escalate -q --where summary=b
	[ "$status" -eq 1 ]
}

# --- input and usage ----------------------------------------------------------------

@test "FILE operands and standard input are read instead of the store; closed records skipped" {
	six_stages
	cmp-ls -d "$STORE" >open.csv
	cmp-close -d "$STORE" --force --reason x C20261123-000001 >/dev/null
	cmp-ls -d "$STORE" --all --where status=closed --jsonl >closed.jsonl
	run --separate-stderr cmp-due --now 2026-11-23T11:00 --jsonl open.csv
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "C20261123-000001 dispatch 2026-11-23T09:30:00+08:00 90 1 alice
C20261123-000004 reply 2026-11-23T10:00:00+08:00 60 1 网络部" ]
	run --separate-stderr cmp-due --now 2026-11-23T11:00 <closed.jsonl
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	run --separate-stderr cmp-due -d "$STORE" --now 2026-11-23T11:00 --jsonl - <open.csv
	[ "$(jq -r .id <<<"$output" | tr '\n' ' ')" = "C20261123-000001 C20261123-000004 " ]
	run --separate-stderr cmp-due --now 2026-11-23T11:00 missing.csv
	[ "$status" -eq 66 ]
}

@test "bad usage (64): --soon, --now, --escalate without a store or with --all, --soon or files" {
	six_stages
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-due -d "$STORE" --soon banana
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-due: --soon: "banana": expected a duration such as 30m, 4h, 2d or 1wd' ]
	[ "${stderr_lines[1]}" = "$USAGE1" ]
	run --separate-stderr cmp-due -d "$STORE" --now tomorrow
	[ "$status" -eq 64 ]
	run --separate-stderr cmp-due --escalate
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-due: --escalate changes a store: give -d DIR and no input files" ]
	run --separate-stderr cmp-due -d "$STORE" --escalate six.csv
	[ "$status" -eq 64 ]
	run --separate-stderr cmp-due -d "$STORE" --escalate --all
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-due: --escalate prints the tickets whose level rose: no --all or --soon" ]
	run --separate-stderr cmp-due -d "$STORE" --escalate --soon 1h
	[ "$status" -eq 64 ]
	run --separate-stderr cmp-due -d "$STORE" --bogus
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-due: unknown option --bogus" ]
	[ "$output" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "--escalate on a locked store: 75 after --wait, store byte-identical" {
	six_stages
	before=$(store_sum "$STORE")
	# This shell holds the lock, as an administrator's flock(1) would.
	exec {lock}<"$STORE/.lock"
	flock -x "$lock"
	run --separate-stderr cmp-due -d "$STORE" --escalate --wait 0.2 --now 2026-11-23T11:00
	exec {lock}<&-
	[ "$status" -eq 75 ]
	[ "$output" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}
