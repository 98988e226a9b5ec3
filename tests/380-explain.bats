#!/usr/bin/env bats
# tests/380-explain.bats - cmp-due --explain ID (SPEC §9): how each
# deadline of a ticket was counted, one line a step: the start and its
# event, the policy rule, every day skipped (weekend, holiday by name) or
# counted (make-up workdays by name), the time holds added, the result.
# The expected lines are checked by hand against the State Council's 2026
# notice (../shared/corpus/holidays-cn/2026.json): 春节 off 02-15..02-23,
# make-up workdays Saturday 02-14 and Saturday 02-28.

load helper

# The 15wd count of the complex ticket received Friday 2026-02-13 10:00.
SPRING_RESOLVE='resolve start 2026-02-13T10:00:00+08:00 received_at
resolve rule [sla.severity.complex] resolve = 15wd
resolve day0 2026-02-13 Fri
resolve workday 1 2026-02-14 Sat make-up workday 春节调休
resolve skip 2026-02-15 Sun holiday 春节
resolve skip 2026-02-16 Mon holiday 春节
resolve skip 2026-02-17 Tue holiday 春节
resolve skip 2026-02-18 Wed holiday 春节
resolve skip 2026-02-19 Thu holiday 春节
resolve skip 2026-02-20 Fri holiday 春节
resolve skip 2026-02-21 Sat holiday 春节
resolve skip 2026-02-22 Sun holiday 春节
resolve skip 2026-02-23 Mon holiday 春节
resolve workday 2 2026-02-24 Tue
resolve workday 3 2026-02-25 Wed
resolve workday 4 2026-02-26 Thu
resolve workday 5 2026-02-27 Fri
resolve workday 6 2026-02-28 Sat make-up workday 春节调休
resolve skip 2026-03-01 Sun weekend
resolve workday 7 2026-03-02 Mon
resolve workday 8 2026-03-03 Tue
resolve workday 9 2026-03-04 Wed
resolve workday 10 2026-03-05 Thu
resolve workday 11 2026-03-06 Fri
resolve skip 2026-03-07 Sat weekend
resolve skip 2026-03-08 Sun weekend
resolve workday 12 2026-03-09 Mon
resolve workday 13 2026-03-10 Tue
resolve workday 14 2026-03-11 Wed
resolve workday 15 2026-03-12 Thu
resolve counted 2026-03-12T10:00:00+08:00'

spring() {
	cmp-new -d "$STORE" --now 2026-02-13T10:00 --severity complex --summary x >/dev/null
	cmp-assign -d "$STORE" --now 2026-02-13T10:20 --dept 网络部 C20260213-000001 >/dev/null
}

@test "--help names --explain; the usage shows it" {
	run --separate-stderr cmp-due --help
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "       cmp-due [-d DIR] --explain ID [common options] [FILE...]" ]
	[[ "$output" == *"      --explain ID     how each deadline of ticket ID was counted: start,"* ]]
}

@test "15 working days across the 2026 Spring Festival, line by line" {
	spring
	run --separate-stderr cmp-due -d "$STORE" --explain C20260213-000001 --now 2026-02-13T10:30
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "dispatch start 2026-02-13T10:00:00+08:00 received_at
dispatch rule [sla] dispatch = 30m
dispatch add 30m
dispatch counted 2026-02-13T10:30:00+08:00
dispatch result 2026-02-13T10:30:00+08:00 dispatch_due
reply start 2026-02-13T10:00:00+08:00 received_at
reply rule [sla.severity.complex] reply = 72h
reply add 72h
reply counted 2026-02-16T10:00:00+08:00
reply result 2026-02-16T10:00:00+08:00 reply_due
$SPRING_RESOLVE
resolve result 2026-03-12T10:00:00+08:00 resolve_due" ]
}

@test "a start on a holiday moves to 00:00 of the next working day, day 0 (SPEC §5: 15wd from 2026-02-15T11:00)" {
	cmp-new -d "$STORE" --now 2026-02-15T11:00 --received 2026-02-15T11:00 --severity complex --summary x >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --explain C20260215-000001 --now 2026-02-15T11:00
	[ "$status" -eq 0 ]
	run grep '^resolve ' <<<"$output"
	[ "$output" = "resolve start 2026-02-15T11:00:00+08:00 received_at
resolve rule [sla.severity.complex] resolve = 15wd
resolve skip 2026-02-15 Sun holiday 春节
resolve skip 2026-02-16 Mon holiday 春节
resolve skip 2026-02-17 Tue holiday 春节
resolve skip 2026-02-18 Wed holiday 春节
resolve skip 2026-02-19 Thu holiday 春节
resolve skip 2026-02-20 Fri holiday 春节
resolve skip 2026-02-21 Sat holiday 春节
resolve skip 2026-02-22 Sun holiday 春节
resolve skip 2026-02-23 Mon holiday 春节
resolve day0 2026-02-24 Tue
resolve workday 1 2026-02-25 Wed
resolve workday 2 2026-02-26 Thu
resolve workday 3 2026-02-27 Fri
resolve workday 4 2026-02-28 Sat make-up workday 春节调休
resolve skip 2026-03-01 Sun weekend
resolve workday 5 2026-03-02 Mon
resolve workday 6 2026-03-03 Tue
resolve workday 7 2026-03-04 Wed
resolve workday 8 2026-03-05 Thu
resolve workday 9 2026-03-06 Fri
resolve skip 2026-03-07 Sat weekend
resolve skip 2026-03-08 Sun weekend
resolve workday 10 2026-03-09 Mon
resolve workday 11 2026-03-10 Tue
resolve workday 12 2026-03-11 Wed
resolve workday 13 2026-03-12 Thu
resolve workday 14 2026-03-13 Fri
resolve skip 2026-03-14 Sat weekend
resolve skip 2026-03-15 Sun weekend
resolve workday 15 2026-03-16 Mon
resolve counted 2026-03-16T00:00:00+08:00
resolve result 2026-03-16T00:00:00+08:00 resolve_due" ]
}

@test "hour-based deadlines: start, rule, add, result" {
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary x >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --explain C20261123-000001
	[ "$status" -eq 0 ]
	[ "$output" = "dispatch start 2026-11-23T09:00:00+08:00 received_at
dispatch rule [sla] dispatch = 30m
dispatch add 30m
dispatch counted 2026-11-23T09:30:00+08:00
dispatch result 2026-11-23T09:30:00+08:00 dispatch_due
resolve start 2026-11-23T09:00:00+08:00 received_at
resolve rule [sla] resolve = 24h
resolve add 24h
resolve counted 2026-11-24T09:00:00+08:00
resolve result 2026-11-24T09:00:00+08:00 resolve_due" ]
}

@test "holds: the time a past hold added and a running hold's, as each rule counts; the result is cmp-due's deadline" {
	spring
	cmp-assign -d "$STORE" --now 2026-02-13T11:00 --hold --reason r C20260213-000001 >/dev/null
	cmp-assign -d "$STORE" --now 2026-02-25T10:00 --resume C20260213-000001 >/dev/null
	cmp-assign -d "$STORE" --now 2026-03-02T10:00 --hold --reason r C20260213-000001 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --explain C20260213-000001 --now 2026-03-03T10:00
	[ "$status" -eq 0 ]
	# Held 17220 min before (71 h of it on working days, see 370-holds),
	# and 24 h now, Monday to Tuesday: working time too.
	[ "$output" = "dispatch start 2026-02-13T10:00:00+08:00 received_at
dispatch rule [sla] dispatch = 30m
dispatch add 30m
dispatch counted 2026-02-13T10:30:00+08:00
dispatch result 2026-02-13T10:30:00+08:00 dispatch_due
reply start 2026-02-13T10:00:00+08:00 received_at
reply rule [sla.severity.complex] reply = 72h
reply add 72h
reply counted 2026-02-16T10:00:00+08:00
reply hold +17220 min calendar time (held_min 17220)
reply hold +1440 min calendar time, held since 2026-03-02T10:00:00+08:00
reply result 2026-03-01T09:00:00+08:00 reply_due
$SPRING_RESOLVE
resolve hold +4260 min working time (held_min 17220)
resolve hold +1440 min working time, held since 2026-03-02T10:00:00+08:00
resolve result 2026-03-18T09:00:00+08:00 resolve_due" ]
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-03-03T10:00
	[ "$(jq -r '[.due_stage, .due_at] | join(" ")' <<<"$output")" = "held 2026-03-01T09:00:00+08:00" ]
}

@test "a reopened ticket: counted from the reopening, which the journal tells; reresolve falls back to revisit" {
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary x >/dev/null
	cmp-assign -d "$STORE" --now 2026-11-23T09:10 --dept 网络部 C20261123-000001 >/dev/null
	cmp-close -d "$STORE" --now 2026-11-23T10:00 --resolution done C20261123-000001 >/dev/null
	cmp-close -d "$STORE" --now 2026-11-23T11:00 --reopen --reason 客户不认可 C20261123-000001 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --explain C20261123-000001 --now 2026-11-23T12:00
	[ "$status" -eq 0 ]
	run grep -v '^dispatch ' <<<"$output"
	[ "$output" = "reply start 2026-11-23T11:00:00+08:00 reopening
reply rule [sla] revisit = 48h
reply add 48h
reply counted 2026-11-25T11:00:00+08:00
reply result 2026-11-25T11:00:00+08:00 reply_due
resolve start 2026-11-23T11:00:00+08:00 reopening
resolve rule reresolve is empty: [sla] revisit = 48h
resolve add 48h
resolve counted 2026-11-25T11:00:00+08:00
resolve result 2026-11-25T11:00:00+08:00 resolve_due" ]
}

@test "an unknown id is refused (65); --explain with --all is a usage error (64)" {
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary x >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --explain C20261123-000009
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-due: C20261123-000009: no such ticket" ]
	run --separate-stderr cmp-due -d "$STORE" --explain C20261123-000001 --all
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-due: --explain prints one ticket's deadlines: no --escalate, --all, --soon, -q or --where" ]
}

@test "without a store the ticket is read from the input" {
	printf 'id,status,received_at,dispatch_due\nX1,new,2026-11-23T09:00:00+08:00,2026-11-23T09:30:00+08:00\n' >in.csv
	run --separate-stderr cmp-due --explain X1 in.csv
	[ "$status" -eq 0 ]
	[ "$output" = "dispatch start 2026-11-23T09:00:00+08:00 received_at
dispatch rule [sla] dispatch = 30m
dispatch add 30m
dispatch counted 2026-11-23T09:30:00+08:00
dispatch result 2026-11-23T09:30:00+08:00 dispatch_due" ]
}
