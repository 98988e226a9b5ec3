#!/usr/bin/env bats
# tests/370-holds.bats - holds (SPEC §9): cmp-assign --hold --reason stops
# a ticket's clock, --resume starts it again; the deadlines not yet met
# move on by the time held (calendar time for a rule in hours, working
# time for one in working days); while held cmp-due shows the ticket as
# held, never more overdue, and no sweep escalates it; the refusals; a
# resolution ends the hold; the journal records every change.

load helper

# The values of the jq expressions $2 of ticket $1 in the store, "|"-joined.
get() {
	cmp-ls -d "$STORE" --all --jsonl "$1" >"$BATS_TEST_TMPDIR/rec.jsonl" || return
	jq -r "[$2] | join(\"|\")" "$BATS_TEST_TMPDIR/rec.jsonl"
}

# "id stage due_at overdue_min level owner" of every record of $1 (JSON Lines).
due() {
	jq -r '[.id, .due_stage, .due_at, .overdue_min, .level, .owner] | join(" ")' <<<"$1"
}

# The changes of the last journal line, compact.
last_changes() {
	tail -n 1 "$STORE/journal.jsonl" | jq -c '[.tool, .now, .id, .changes]'
}

# A refusal: STATUS, nothing on stdout, MESSAGE first on stderr, store as before.
assert_refused() {
	[ "$status" -eq "$1" ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "$2" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

# A general ticket (resolve 24h) received Monday 2026-11-23 09:00 and
# dispatched at 09:10: dispatch_due 09:30, resolve_due Tuesday 09:00.
general() {
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by alice --summary 信号差 >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T09:10 --dept 网络部 C20261123-000001 >/dev/null
}

@test "--help names --hold and --resume" {
	run --separate-stderr cmp-assign --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"      --hold           waiting on the customer: the clock stops (held_at)"* ]]
	[[ "$output" == *"      --resume         the clock runs again: the deadlines not yet met move"* ]]
}

@test "--hold --reason: held_at = now, held_min 0, the reason kept, journalled; the id printed" {
	general
	run --separate-stderr cmp-assign -d "$STORE" --now 2026-11-23T10:00 --hold --reason 等客户补充照片 C20261123-000001
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	[ "$stderr" = "" ]
	[ "$(get C20261123-000001 '.held_at, .held_min, .reason, .resolve_due')" = \
	    "2026-11-23T10:00:00+08:00|0|等客户补充照片|2026-11-24T09:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-assign","2026-11-23T10:00:00+08:00","C20261123-000001",{"reason":["","等客户补充照片"],"updated_at":["2026-11-23T09:10:00+08:00","2026-11-23T10:00:00+08:00"],"held_at":[null,"2026-11-23T10:00:00+08:00"],"held_min":[null,"0"]}]' ]
}

@test "while held the clock stands still: cmp-due --all shows held, the deadline moved on, overdue_min frozen; not listed by default" {
	general
	cmp-assign -d "$STORE" --now 2026-11-23T10:00 --hold --reason r C20261123-000001 >/dev/null
	for now in 2026-11-23T10:00 2026-11-24T12:00 2026-11-30T10:00; do
		run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now "$now"
		[ "$status" -eq 0 ]
		[ "$stderr" = "" ]
		# resolve_due 11-24T09:00 was 23 h (1380 min) ahead when the hold began.
		[ "$(due "$output" | cut -d' ' -f1,2,4,5,6)" = "C20261123-000001 held -1380 0 网络部" ]
	done
	[ "$(due "$output" | cut -d' ' -f3)" = "2026-12-01T09:00:00+08:00" ]
	run --separate-stderr cmp-due -d "$STORE" --now 2026-11-30T10:00
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "--resume: the deadlines not yet met move on by the time held (calendar time for 24h); held_min counts it" {
	general
	cmp-assign -d "$STORE" --now 2026-11-23T10:00 --hold --reason r C20261123-000001 >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --now 2026-11-24T12:00 --resume C20261123-000001
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	# 26 h held: resolve_due 11-24T09:00 + 26 h; dispatch_due was met before the hold.
	[ "$(get C20261123-000001 '.held_at, .held_min, .dispatch_due, .resolve_due')" = \
	    "|1560|2026-11-23T09:30:00+08:00|2026-11-25T11:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-assign","2026-11-24T12:00:00+08:00","C20261123-000001",{"resolve_due":["2026-11-24T09:00:00+08:00","2026-11-25T11:00:00+08:00"],"updated_at":["2026-11-23T10:00:00+08:00","2026-11-24T12:00:00+08:00"],"held_at":["2026-11-23T10:00:00+08:00",""],"held_min":["0","1560"]}]' ]
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-25T12:00
	[ "$(due "$output")" = "C20261123-000001 resolve 2026-11-25T11:00:00+08:00 60 1 网络部" ]
	# A second hold adds to held_min.
	cmp-assign -d "$STORE" --now 2026-11-25T12:00 --hold --reason again C20261123-000001 >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-25T12:30 --resume C20261123-000001 >/dev/null
	[ "$(get C20261123-000001 '.held_min, .resolve_due')" = "1590|2026-11-25T11:30:00+08:00" ]
}

@test "a hold on a new ticket moves dispatch_due" {
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary x >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T09:10 --hold --reason r C20261123-000001 >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T11:10 --resume C20261123-000001 >/dev/null
	[ "$(get C20261123-000001 '.held_min, .dispatch_due, .resolve_due')" = \
	    "120|2026-11-23T11:30:00+08:00|2026-11-24T11:00:00+08:00" ]
}

@test "working days: a hold across the Spring Festival moves a 15wd deadline by the working time held, a 72h one by the calendar time" {
	cmp-new -d "$STORE" --now 2026-02-13T10:00 --severity complex --summary x >/dev/null
	cmp-assign -d "$STORE" --now 2026-02-13T10:20 --dept 网络部 C20260213-000001 >/dev/null
	[ "$(get C20260213-000001 '.reply_due, .resolve_due')" = "2026-02-16T10:00:00+08:00|2026-03-12T10:00:00+08:00" ]
	cmp-assign -d "$STORE" --now 2026-02-13T11:00 --hold --reason r C20260213-000001 >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --now 2026-02-25T10:00 --resume C20260213-000001
	[ "$status" -eq 0 ]
	# Held 11 d 23 h = 17220 min.  Working time held: Fri 02-13 13 h, the
	# make-up Saturday 02-14 24 h, 02-15..23 off (春节), Tue 02-24 24 h,
	# Wed 02-25 10 h = 71 h.  03-12 10:00 + 71 h of working days: 14 h
	# to Thursday's end, Friday 24 h, the weekend skipped, Monday 24 h,
	# then 9 h on Tuesday 03-17.
	[ "$(get C20260213-000001 '.held_min, .reply_due, .resolve_due')" = \
	    "17220|2026-02-28T09:00:00+08:00|2026-03-17T09:00:00+08:00" ]
}

@test "a hold over a weekend does not move a working-day deadline" {
	cmp-new -d "$STORE" --now 2026-11-20T10:00 --severity complex --summary x >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-20T10:00 --dept 网络部 C20261120-000001 >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-21T00:00 --hold --reason r C20261120-000001 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-22T18:00
	# reply_due Monday 10:00 was 58 h ahead when the hold began; moved on
	# by the 42 h held so far, as 72h counts (calendar time).
	[ "$(due "$output")" = "C20261120-000001 held 2026-11-25T04:00:00+08:00 -3480 0 网络部" ]
	cmp-assign -d "$STORE" --now 2026-11-23T00:00 --resume C20261120-000001 >/dev/null
	# reply 72h: + 48 h; resolve 15wd (2026-12-11T10:00): not moved.
	[ "$(get C20261120-000001 '.held_min, .reply_due, .resolve_due')" = \
	    "2880|2026-11-25T10:00:00+08:00|2026-12-11T10:00:00+08:00" ]
}

@test "an overdue ticket held is not more overdue, and the sweep does not escalate it" {
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary held >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary running >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T09:10 --dept 网络部 C20261123-00000{1,2} >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-24T10:00 --hold --reason r C20261123-000001 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-26T10:00
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "C20261123-000002 resolve 2026-11-24T09:00:00+08:00 2940 2 网络部
C20261123-000001 held 2026-11-26T09:00:00+08:00 60 1 网络部" ]
	run --separate-stderr cmp-due -d "$STORE" --escalate --jsonl --now 2026-11-26T10:00
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.id, .escalation] | join(" ")' <<<"$output")" = "C20261123-000002 2" ]
	[ "$(get C20261123-000001 '.escalation')" = "0" ]
	run --separate-stderr cmp-due -d "$STORE" --escalate --jsonl --now 2026-11-30T10:00
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.id, .escalation] | join(" ")' <<<"$output")" = "C20261123-000002 3" ]
	[ "$(get C20261123-000001 '.escalation')" = "0" ]
}

@test "the cron sweep skips a held ticket" {
	cat >mail.sh <<'SH'
#!/bin/sh
cat >>"$MAILBOX"
SH
	chmod +x mail.sh
	export CMP_MAILER=$PWD/mail.sh MAILBOX=$PWD/mailbox
	cmp-new -d "$STORE" --received 2026-11-23T08:00 --summary 信号差 >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T08:10 --hold --reason r C20261123-000001 >/dev/null
	run --separate-stderr "$ROOT/share/cmp/cmp-sweep" "$STORE" duty@example.com
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ ! -e mailbox ]
}

@test "refusals: --hold without --reason (64), --hold on a held ticket and --resume on one not held (65); nothing written" {
	general
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --hold C20261123-000001
	assert_refused 64 "cmp-assign: --hold needs --reason (why the customer is waited on)"
	run --separate-stderr cmp-assign -d "$STORE" --resume C20261123-000001
	assert_refused 65 "cmp-assign: C20261123-000001: status assigned: not held: nothing to resume"
	cmp-assign -d "$STORE" --now 2026-11-23T10:00 --hold --reason r C20261123-000001 >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --hold --reason again C20261123-000001
	assert_refused 65 "cmp-assign: C20261123-000001: status assigned: held already since 2026-11-23T10:00:00+08:00"
	run --separate-stderr cmp-assign -d "$STORE" --hold --resume --reason r C20261123-000001
	assert_refused 64 "cmp-assign: --hold and --resume exclude each other"
	run --separate-stderr cmp-assign -d "$STORE" --resume --dept 市场部 --reason r C20261123-000001
	assert_refused 64 "cmp-assign: --resume goes with --note, --told and --eta only, not with a dispatch, handover or return"
	run --separate-stderr cmp-assign -d "$STORE" --resume --reason r C20261123-000001
	assert_refused 64 "cmp-assign: --resume takes no --reason: the hold said why"
	run --separate-stderr cmp-assign -d "$STORE" -s held_at= C20261123-000001
	assert_refused 64 'cmp-assign: -s: "held_at": only intake and extra fields are corrected with -s'
	run --separate-stderr cmp-close -d "$STORE" -s held_min=0 C20261123-000001
	assert_refused 64 'cmp-close: -s: "held_min": a canonical field: only extra fields are set with -s'
}

@test "a resolved ticket is not held (65)" {
	general
	cmp-close -d "$STORE" --now 2026-11-23T11:00 --resolution done C20261123-000001 >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --hold --reason r C20261123-000001
	assert_refused 65 "cmp-assign: C20261123-000001: status resolved: only a new or assigned ticket is held (a resolved one waits on the customer in its feedback stage)"
}

@test "a resolution ends the hold: the time held counts, so the ticket resolved is on time" {
	general
	cmp-assign -d "$STORE" --now 2026-11-23T10:00 --hold --reason r C20261123-000001 >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --now 2026-11-25T10:00 --resolution done C20261123-000001
	[ "$status" -eq 0 ]
	[ "$(get C20261123-000001 '.status, .held_at, .held_min, .resolve_due, .resolved_at')" = \
	    "resolved||2880|2026-11-26T09:00:00+08:00|2026-11-25T10:00:00+08:00" ]
	run --separate-stderr cmp-stats -d "$STORE" --jsonl
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.count, .met, .on_time] | join(" ")' <<<"$output")" = "1 1 1" ]
}

@test "a correction (-s severity) counts the deadlines again and keeps the time held" {
	general
	cmp-assign -d "$STORE" --now 2026-11-23T10:00 --hold --reason r C20261123-000001 >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T12:00 --resume C20261123-000001 >/dev/null
	[ "$(get C20261123-000001 '.resolve_due')" = "2026-11-24T11:00:00+08:00" ]
	cmp-assign -d "$STORE" --now 2026-11-23T12:00 -s severity=urgent C20261123-000001 >/dev/null
	# urgent: reply 2h, a new deadline, + the 120 min held; resolve 24h
	# as before, kept with its hold.
	[ "$(get C20261123-000001 '.reply_due, .resolve_due')" = "2026-11-23T13:00:00+08:00|2026-11-24T11:00:00+08:00" ]
}

@test "without a store --hold is a filter: the hold's fields appended" {
	printf 'id,status,received_at,resolve_due\nX1,assigned,2026-11-23T09:00:00+08:00,2026-11-24T09:00:00+08:00\n' >in.csv
	run --separate-stderr cmp-assign --now 2026-11-23T10:00 --hold --reason r in.csv
	[ "$status" -eq 0 ]
	[ "$output" = "id,status,received_at,resolve_due,held_at,held_min,reason,dispatch_due,reply_due,updated_at
X1,assigned,2026-11-23T09:00:00+08:00,2026-11-24T09:00:00+08:00,2026-11-23T10:00:00+08:00,0,r,,,2026-11-23T10:00:00+08:00" ]
}

@test "the report counts the holds and their hours; a held ticket is not overdue in it" {
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary a >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary b >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T09:10 --dept 网络部 C20261123-00000{1,2} >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T10:00 --hold --reason r C20261123-000001 >/dev/null
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11 --now 2026-11-24T12:00 --format md
	[ "$status" -eq 0 ]
	[[ "$output" == *"Overdue: the resolve deadline passed, unresolved or resolved late: 1

- Tickets: C20261123-000002"* ]]
	[[ "$output" == *"Held waiting on the customer (26.0 hours in all, deadlines moved by it): 1

- Tickets: C20261123-000001"* ]]
	# No hold in the period: no such line.
	cmp-assign -d "$STORE" --now 2026-11-24T12:00 --resume C20261123-000001 >/dev/null
	run --separate-stderr cmp-report -d "$STORE" --period 2026-10 --now 2026-11-24T12:00 --format md
	[ "$status" -eq 0 ]
	[[ "$output" != *"Held"* ]]
}
