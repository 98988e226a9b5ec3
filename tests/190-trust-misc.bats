#!/usr/bin/env bats
# tests/190-trust-misc.bats - the trust features of SPEC §9 that are rules
# of the policy, checked through the tools themselves: [close] require
# (empty by default; the shipped mobile.conf sets cause,measures) and the
# calendar's coverage (a year it lacks is counted by weekends with one
# warning, or with [calendar] strict = yes refused, 78, before anything is
# written).  Fair ranking is 500-cmp-report's.

load helper

POLICIES=$ROOT/share/cmp/policies

@test "[close] require is empty by default: the built-in policy and the shipped cmp.conf resolve without cause or measures" {
	[ "$(grep -E '^require *=' "$ROOT/share/cmp/cmp.conf" | sed 's/ *;.*//')" = "require =" ]
	cmp-new -d "$STORE" --summary 信号差 >/dev/null
	cmp-new -d "$STORE" --summary 多扣费 >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 C20261123-000001
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000001 ]
	run --separate-stderr cmp-close -d "$STORE" --config "$ROOT/share/cmp/cmp.conf" --resolution 已处理 C20261123-000002
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000002 ]
	run cmp-ls -d "$STORE" --fields status,cause,measures --csv
	[ "$output" = "status,cause,measures
resolved,,
resolved,," ]
}

@test "the shipped mobile.conf requires cause and measures: a resolution without them is refused (65) naming them, nothing written" {
	[ "$(grep -E '^require *=' "$POLICIES/mobile.conf" | sed 's/ *;.*//')" = "require = cause,measures" ]
	mkdir "$STORE"
	cp "$POLICIES/mobile.conf" "$STORE/cmp.conf"
	cmp-new -d "$STORE" --channel hotline --summary 信号差 >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 C20261123-000001
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-close: C20261123-000001: the resolution needs cause, measures ([close] require)" ]
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --measures 巡检 C20261123-000001
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-close: C20261123-000001: the resolution needs cause ([close] require)" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --cause 设备故障 --measures 巡检 C20261123-000001
	[ "$status" -eq 0 ]
	run cmp-ls -d "$STORE" --fields status,cause,measures --csv
	[ "$output" = "status,cause,measures
resolved,设备故障,巡检" ]
}

@test "a deadline in a year the calendar lacks (2028) is counted by weekends, with one warning, through cmp-new and cmp-due" {
	run --separate-stderr cmp-new -d "$STORE" --severity complex --summary 信号差 --now 2028-03-01T09:00
	[ "$status" -eq 0 ]
	[ "$output" = C20280301-000001 ]
	[ "$stderr" = "cmp-new: calendar has no data for 2028: counting weekends only" ]
	run cmp-ls -d "$STORE" --fields resolve_due --csv
	# 15 working days from Wednesday 1 March: weekends only, no holiday.
	[ "$output" = "resolve_due
2028-03-22T09:00:00+08:00" ]
	# The escalation levels past the dispatch deadline are counted in
	# working days (1wd, 3wd): level 2 on Thursday 2 March, not yet 3.
	run --separate-stderr cmp-due -d "$STORE" --now 2028-03-03T09:00 --jsonl
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.due_stage, .due_at, .level] | join(" ")' <<<"$output")" = "dispatch 2028-03-01T09:30:00+08:00 2" ]
	[ "$stderr" = "cmp-due: calendar has no data for 2028: counting weekends only" ]
}

@test "a covered year counts its holidays and make-up days, with no warning" {
	# 15 working days from Friday 13 February 2026 skip the Spring Festival
	# (15-23 February) and count the make-up Saturdays 14 and 28 February.
	run --separate-stderr cmp-new -d "$STORE" --severity complex --summary 信号差 --now 2026-02-13T10:00
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run cmp-ls -d "$STORE" --fields resolve_due --csv
	[ "$output" = "resolve_due
2026-03-12T10:00:00+08:00" ]
}

@test "[calendar] strict = yes: a year the calendar lacks is a configuration error (78) in every tool, before the store is touched" {
	mkdir "$STORE"
	printf '[calendar]\nstrict = yes\n' >"$STORE/cmp.conf"
	run --separate-stderr cmp-new -d "$STORE" --severity complex --summary 信号差 --now 2028-03-01T09:00
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: calendar has no data for 2028 ([calendar] strict = yes)" ]
	[ "$(ls -A "$STORE")" = cmp.conf ]
	# A covered year is counted as usual.
	run --separate-stderr cmp-new -d "$STORE" --severity complex --summary 信号差 --now 2026-11-23T09:00
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	# A ticket of 2028 registered before the policy turned strict: its
	# escalation levels (1wd, 3wd past the deadline) cannot be counted.
	cmp-new -d "$STORE" --config /dev/null --summary 多扣费 --now 2028-03-01T09:00 2>/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-due -d "$STORE" --now 2028-03-03T09:00
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-due: calendar has no data for 2028 ([calendar] strict = yes)" ]
	run --separate-stderr cmp-due -d "$STORE" --escalate --now 2028-03-03T09:00
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-due: calendar has no data for 2028 ([calendar] strict = yes)" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	run --separate-stderr cmp-report -d "$STORE" --period 2028-03 --now 2028-04-01
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-report: calendar has no data for 2028 ([calendar] strict = yes)" ]
}

@test "cmp-report over a year the calendar lacks warns for each such year once, and still reports" {
	cmp-new -d "$STORE" --summary 信号差 --now 2026-11-23T09:00 >/dev/null
	run --separate-stderr cmp-report -d "$STORE" --period 2028-03 --now 2028-04-01
	[ "$status" -eq 0 ]
	[ "$stderr" = "cmp-report: calendar has no data for 2028: counting weekends only
cmp-report: calendar has no data for 2027: counting weekends only" ]
	[ "${#lines[@]}" -gt 5 ]
}
