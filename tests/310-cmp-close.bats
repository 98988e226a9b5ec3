#!/usr/bin/env bats
# tests/310-cmp-close.bats - cmp-close (SPEC §6): resolution with cause
# and measures, [close] require, feedback, the follow-up visit (回访) that
# archives or reopens (二次处理), --reopen, --force, extra fields, the
# filter without a store, and every refusal (SPEC §7) leaving the store
# byte-identical.

load helper

USAGE1='usage: cmp-close [-d DIR] [--resolution TEXT [--cause C] [--measures M]'

A=C20261123-000001	# general, dispatched to 网络部 at 09:40
B=C20261123-000002	# complex, new
C=C20261123-000003	# urgent, new

# Three tickets registered by alice at 09:30 on Monday 2026-11-23; A dispatched.
make_store() {
	cat >in.csv <<'CSV'
received_at,category,severity,summary
2026-11-23T09:00:00+08:00,network,general,信号差
2026-11-23T09:10:00+08:00,billing,complex,多扣费
2026-11-23T09:20:00+08:00,other,urgent,态度差
CSV
	cmp-new -d "$STORE" --now 2026-11-23T09:30 --by alice in.csv >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T09:40 "$A" >/dev/null
}

# The values of the jq expressions $2 of ticket $1 (open or archived), "|"-joined.
get() {
	cmp-ls -d "$STORE" --all --jsonl "$1" >"$BATS_TEST_TMPDIR/rec.jsonl" || return
	jq -r "[$2] | join(\"|\")" "$BATS_TEST_TMPDIR/rec.jsonl"
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

RESOLVED='.status, .resolved_at, .resolution, .cause, .measures, .responsible, .feedback_due'
VISIT='.status, .feedback_at, .feedback_channel, .satisfaction, .opinion, .closed_at'
REOPENED='.status, .reopens, .reply_due, .resolve_due, .replied_at, .resolved_at, .feedback_due, .feedback_at, .satisfaction'

@test "--help prints the synopsis and every option to stdout; --version" {
	run --separate-stderr cmp-close --help
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "$USAGE1" ]
	for o in --resolution --cause --measures --responsible --feedback --satisfaction --comment --force --reopen --reason -s --ids-from --dir --config --now --actor --csv --jsonl --where --wait; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
	done
	run --separate-stderr cmp-close --version
	[[ "$output" =~ ^cmp-close\ \(cmp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

# --- resolution ------------------------------------------------------------

@test "--resolution on an assigned ticket: resolved, resolved_at, feedback due in 24h, cause and measures" {
	make_store
	run --separate-stderr cmp-close -d "$STORE" --resolution 已更换基站板卡 --cause 设备故障 --measures 加强巡检 --responsible 网络部 --now 2026-11-23T15:00 "$A"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$RESOLVED")" = "resolved|2026-11-23T15:00:00+08:00|已更换基站板卡|设备故障|加强巡检|网络部|2026-11-24T15:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-close","2026-11-23T15:00:00+08:00","C20261123-000001",{"status":["assigned","resolved"],"resolved_at":["","2026-11-23T15:00:00+08:00"],"resolution":["","已更换基站板卡"],"cause":["","设备故障"],"measures":["","加强巡检"],"responsible":["","网络部"],"feedback_due":["","2026-11-24T15:00:00+08:00"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T15:00:00+08:00"]}]' ]
}

@test "--resolution on a new ticket (solved at first contact); [sla] feedback counts from it" {
	make_store
	printf '[sla]\nfeedback = 1wd\n' >"$STORE/cmp.conf"
	# Friday evening: the feedback is due the next working day, Monday.
	run --separate-stderr cmp-close -d "$STORE" --resolution 当场解释 --now 2026-11-27T18:00 "$B"
	[ "$status" -eq 0 ]
	[ "$(get "$B" "$RESOLVED, .department")" = "resolved|2026-11-27T18:00:00+08:00|当场解释||||2026-11-30T18:00:00+08:00|" ]
}

@test "[close] require: a resolution without the fields is refused (65) naming them" {
	make_store
	printf '[close]\nrequire = cause,measures\n' >"$STORE/cmp.conf"
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 "$A"
	assert_refused 65 "cmp-close: $A: the resolution needs cause, measures ([close] require)"
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --cause 设备故障 "$A"
	assert_refused 65 "cmp-close: $A: the resolution needs measures ([close] require)"
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --cause 设备故障 --measures 巡检 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" '.status, .cause, .measures')" = "resolved|设备故障|巡检" ]
}

@test "[values] cause: a cause outside the list is a usage error (64) naming the value" {
	make_store
	printf '[values]\ncause = 服务态度,设施设备故障,管理不善\n' >"$STORE/cmp.conf"
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --cause 设备坏了 "$A"
	assert_refused 64 'cmp-close: --cause: "设备坏了" is not one of 服务态度, 设施设备故障, 管理不善'
	[ "${stderr_lines[1]}" = "$USAGE1" ]
}

@test "--resolution is refused (65) on a resolved ticket and on a closed one" {
	make_store
	cmp-close -d "$STORE" --resolution r "$A" >/dev/null
	cmp-close -d "$STORE" --force --reason 联系不上 "$C" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --resolution again "$B" "$A"
	assert_refused 65 "cmp-close: $A: status resolved: only a new or assigned ticket can be resolved"
	run --separate-stderr cmp-close -d "$STORE" --resolution again "$C"
	assert_refused 65 "cmp-close: $C: closed: a closed ticket is never changed (register a new complaint)"
	run --separate-stderr cmp-close -d "$STORE" --resolution again C20990101-000001
	assert_refused 65 "cmp-close: C20990101-000001: no such ticket"
}

# --- feedback ----------------------------------------------------------------

@test "--feedback on a resolved ticket: feedback_at, channel; --comment is the opinion" {
	make_store
	cmp-close -d "$STORE" --resolution r --now 2026-11-23T15:00 "$A" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --feedback sms --comment 知道了 --now 2026-11-23T16:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$VISIT")" = "resolved|2026-11-23T16:00:00+08:00|sms||知道了|" ]
	[ "$(last_changes)" = '["cmp-close","2026-11-23T16:00:00+08:00","C20261123-000001",{"feedback_at":["","2026-11-23T16:00:00+08:00"],"feedback_channel":["","sms"],"opinion":["","知道了"],"updated_at":["2026-11-23T15:00:00+08:00","2026-11-23T16:00:00+08:00"]}]' ]
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --feedback phone "$A"
	assert_refused 65 "cmp-close: $A: status resolved: feedback was given already at 2026-11-23T16:00:00+08:00"
}

@test "--feedback before the resolution is refused (65); a bad channel is a usage error (64)" {
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --feedback phone "$A"
	assert_refused 65 "cmp-close: $A: status assigned: feedback follows the resolution"
	run --separate-stderr cmp-close -d "$STORE" --feedback fax "$A"
	assert_refused 64 'cmp-close: --feedback: "fax" is not one of phone, sms, email'
}

# --- the visit ----------------------------------------------------------------

@test "satisfied after the feedback: closed, closed_at, moved to archive/YYYY-MM, out of open" {
	make_store
	cmp-close -d "$STORE" --resolution r --feedback phone --now 2026-11-23T15:00 "$A" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied --comment 谢谢 --now 2026-11-25T10:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$VISIT")" = "closed|2026-11-23T15:00:00+08:00|phone|satisfied|谢谢|2026-11-25T10:00:00+08:00" ]
	[ "$(cut -d, -f1 "$STORE/open.csv")" = "id
$B
$C" ]
	[ "$(cut -d, -f1,19 "$STORE/archive/2026-11.csv")" = "id,status
$A,closed" ]
	[ "$(last_changes)" = '["cmp-close","2026-11-25T10:00:00+08:00","C20261123-000001",{"status":["resolved","closed"],"satisfaction":["","satisfied"],"opinion":["","谢谢"],"closed_at":["","2026-11-25T10:00:00+08:00"],"updated_at":["2026-11-23T15:00:00+08:00","2026-11-25T10:00:00+08:00"]}]' ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id "$A"
	[ "$status" -eq 65 ]
}

@test "basic (基本满意) closes too; the archive month is the local month of closed_at; archives are appended" {
	make_store
	cmp-close -d "$STORE" --resolution r --feedback phone --now 2026-11-23T15:00 "$A" "$B" "$C" >/dev/null
	cmp-close -d "$STORE" --satisfaction basic --now 2026-11-30T23:59:59 "$A" >/dev/null
	head=$(head -n 1 "$STORE/archive/2026-11.csv")
	# 00:30 on 1 December in Beijing is still 30 November in UTC.
	run --separate-stderr cmp-close -d "$STORE" --satisfaction basic --now 2026-12-01T00:30 "$B"
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied --now 2026-11-30T10:00 "$C"
	[ "$status" -eq 0 ]
	[ "$(cut -d, -f1 "$STORE/archive/2026-11.csv")" = "id
$A
$C" ]
	[ "$(head -n 1 "$STORE/archive/2026-11.csv")" = "$head" ]
	[ "$(cut -d, -f1 "$STORE/archive/2026-12.csv")" = "id
$B" ]
	[ "$(get "$B" '.status, .satisfaction, .closed_at')" = "closed|basic|2026-12-01T00:30:00+08:00" ]
	[ "$(cat "$STORE/open.csv")" = "" ]
}

@test "the visit needs the feedback first (65), or --feedback in the same command" {
	make_store
	cmp-close -d "$STORE" --resolution r --now 2026-11-23T15:00 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied "$A"
	assert_refused 65 "cmp-close: $A: status resolved: the visit needs the feedback first (--feedback)"
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied "$B"
	assert_refused 65 "cmp-close: $B: status new: the visit follows the resolution"
	run --separate-stderr cmp-close -d "$STORE" --satisfaction great "$A"
	assert_refused 64 'cmp-close: --satisfaction: "great" is not one of satisfied, basic, dissatisfied'
	run --separate-stderr cmp-close -d "$STORE" --feedback email --satisfaction satisfied --now 2026-11-24T09:00 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" "$VISIT")" = "closed|2026-11-24T09:00:00+08:00|email|satisfied||2026-11-24T09:00:00+08:00" ]
}

@test "resolution, feedback and visit in one command close a new ticket at first contact" {
	make_store
	run --separate-stderr cmp-close -d "$STORE" --resolution 当场解决 --feedback phone --satisfaction satisfied --now 2026-11-23T09:35 "$C"
	[ "$status" -eq 0 ]
	[ "$output" = "$C" ]
	[ "$(get "$C" "$RESOLVED")" = "closed|2026-11-23T09:35:00+08:00|当场解决||||2026-11-24T09:35:00+08:00" ]
	[ "$(get "$C" "$VISIT")" = "closed|2026-11-23T09:35:00+08:00|phone|satisfied||2026-11-23T09:35:00+08:00" ]
	[ "$(jq -c 'select(.tool == "cmp-close") | [.id, (.changes | keys)]' "$STORE/journal.jsonl")" = '["C20261123-000003",["closed_at","feedback_at","feedback_channel","feedback_due","resolution","resolved_at","satisfaction","status","updated_at"]]' ]
}

@test "dissatisfied reopens: assigned, reopens+1, reply and resolve due 48h from the visit, times cleared" {
	make_store
	cmp-close -d "$STORE" --resolution r --feedback phone --now 2026-11-23T15:00 "$A" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --satisfaction dissatisfied --comment 没修好 --now 2026-11-24T10:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$REOPENED, .opinion, .department, .assignee, .resolution")" = "assigned|1|2026-11-26T10:00:00+08:00|2026-11-26T10:00:00+08:00|||||dissatisfied|没修好|网络部|张工|r" ]
	# The journal keeps the cleared values.
	[ "$(last_changes)" = '["cmp-close","2026-11-24T10:00:00+08:00","C20261123-000001",{"status":["resolved","assigned"],"reply_due":["","2026-11-26T10:00:00+08:00"],"resolve_due":["2026-11-24T09:00:00+08:00","2026-11-26T10:00:00+08:00"],"resolved_at":["2026-11-23T15:00:00+08:00",""],"feedback_due":["2026-11-24T15:00:00+08:00",""],"feedback_at":["2026-11-23T15:00:00+08:00",""],"satisfaction":["","dissatisfied"],"opinion":["","没修好"],"reopens":["0","1"],"updated_at":["2026-11-23T15:00:00+08:00","2026-11-24T10:00:00+08:00"]}]' ]
	# Solved again, fed back, satisfied: the satisfaction is the last visit's.
	cmp-close -d "$STORE" --resolution r2 --feedback sms --now 2026-11-25T10:00 "$A" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied --now 2026-11-26T10:00 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" '.status, .reopens, .satisfaction, .resolution')" = "closed|1|satisfied|r2" ]
}

@test "revisit and reresolve from policy; working days across National Day" {
	make_store
	printf '[sla]\nrevisit = 24h\nreresolve = 3wd\n' >"$STORE/cmp.conf"
	cmp-close -d "$STORE" --resolution r --feedback phone --now 2026-09-29T10:00 "$A" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --satisfaction dissatisfied --now 2026-09-30T16:00 "$A"
	[ "$status" -eq 0 ]
	# 3 working days after Wednesday 30 September: 8, 9 and Saturday 10 October (调休).
	[ "$(get "$A" '.reply_due, .resolve_due')" = "2026-10-01T16:00:00+08:00|2026-10-10T16:00:00+08:00" ]
}

@test "--reopen --reason takes a resolved ticket back, as a dissatisfied visit would" {
	make_store
	cmp-close -d "$STORE" --resolution r --now 2026-11-23T15:00 "$A" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --reopen --reason 处理结果不合格 --now 2026-11-23T17:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$REOPENED, .reason")" = "assigned|1|2026-11-25T17:00:00+08:00|2026-11-25T17:00:00+08:00||||||处理结果不合格" ]
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --reopen --reason again "$A"
	assert_refused 65 "cmp-close: $A: status assigned: only a resolved ticket can be reopened"
	run --separate-stderr cmp-close -d "$STORE" --reopen "$A"
	assert_refused 64 "cmp-close: --reopen needs --reason"
}

@test "--force --reason closes any open ticket into the archive without a visit" {
	make_store
	cmp-close -d "$STORE" --resolution r "$C" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --force --reason 客户无法联系 --now 2026-11-28T10:00 "$A" "$B" "$C"
	[ "$status" -eq 0 ]
	[ "$output" = "$A
$B
$C" ]
	cmp-ls -d "$STORE" --all --jsonl >all.jsonl
	[ "$(jq -r '[.id, .status, .closed_at, .reason, .satisfaction] | join("|")' all.jsonl)" = "$A|closed|2026-11-28T10:00:00+08:00|客户无法联系|
$B|closed|2026-11-28T10:00:00+08:00|客户无法联系|
$C|closed|2026-11-28T10:00:00+08:00|客户无法联系|" ]
	[ "$(cat "$STORE/open.csv")" = "" ]
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --force --reason again "$A"
	assert_refused 65 "cmp-close: $A: closed: a closed ticket is never changed (register a new complaint)"
}

# --- extra fields ------------------------------------------------------------------

@test "-s sets extra fields, checked by [values]; canonical fields are refused (64)" {
	make_store
	printf '[values]\nattitude = 1,2,3,4,5\n' >"$STORE/cmp.conf"
	cmp-close -d "$STORE" --resolution r --feedback phone "$A" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied -s attitude=4 -s speed=快 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" '.status, .attitude, .speed')" = "closed|4|快" ]
	# The archive has the new columns; the open file too (ticket B alone).
	run --separate-stderr cmp-close -d "$STORE" -s attitude=2 "$B"
	[ "$status" -eq 0 ]
	[ "$(get "$B" '.status, .attitude')" = "new|2" ]
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" -s attitude=9 "$B"
	assert_refused 64 'cmp-close: attitude: "9" is not one of 1, 2, 3, 4, 5'
	run --separate-stderr cmp-close -d "$STORE" -s severity=urgent "$B"
	assert_refused 64 'cmp-close: -s: "severity": a canonical field: only extra fields are set with -s'
	run --separate-stderr cmp-close -d "$STORE" -s =4 "$B"
	assert_refused 64 'cmp-close: -s: "=4": expected FIELD=VALUE'
	run --separate-stderr cmp-close -d "$STORE" -s attitude "$B"
	assert_refused 64 'cmp-close: -s: "attitude": expected FIELD=VALUE'
}

# --- usage ------------------------------------------------------------------------

@test "bad usage (64): exclusive steps, misplaced options, empty values, no selection" {
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" "$A"
	assert_refused 64 "cmp-close: nothing to do: give --resolution, --feedback, --satisfaction, --force, --reopen or -s"
	run --separate-stderr cmp-close -d "$STORE" --force --reason x --resolution r "$A"
	assert_refused 64 "cmp-close: --force, --reopen and the steps (--resolution, --feedback, --satisfaction) exclude each other"
	run --separate-stderr cmp-close -d "$STORE" --force --reopen --reason x "$A"
	assert_refused 64 "cmp-close: --force, --reopen and the steps (--resolution, --feedback, --satisfaction) exclude each other"
	run --separate-stderr cmp-close -d "$STORE" --force "$A"
	assert_refused 64 "cmp-close: --force needs --reason"
	run --separate-stderr cmp-close -d "$STORE" --resolution r --reason x "$A"
	assert_refused 64 "cmp-close: --reason goes with --force or --reopen"
	run --separate-stderr cmp-close -d "$STORE" --feedback phone --cause x "$A"
	assert_refused 64 "cmp-close: --cause, --measures and --responsible go with --resolution"
	run --separate-stderr cmp-close -d "$STORE" --resolution r --comment x "$A"
	assert_refused 64 "cmp-close: --comment goes with --feedback or --satisfaction"
	run --separate-stderr cmp-close -d "$STORE" --resolution '' "$A"
	assert_refused 64 "cmp-close: --resolution: empty"
	run --separate-stderr cmp-close -d "$STORE" --resolution r
	assert_refused 64 "cmp-close: no ticket selected: give ids, --ids-from or --where (nothing is changed by accident)"
	run --separate-stderr cmp-close -d "$STORE" --resolution r --bogus "$A"
	assert_refused 64 "cmp-close: unknown option --bogus"
}

@test "one refused ticket stops the command: nothing is written (65)" {
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --resolution r --feedback phone --where 'status=new'
	[ "$status" -eq 0 ]
	after=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied "$B" "$C" "$A"
	before=$after
	assert_refused 65 "cmp-close: $A: status assigned: the visit follows the resolution"
	[ ! -e "$STORE/archive" ]
}

@test "--where and --ids-from select; nothing selected exits 1" {
	make_store
	printf '%s\n%s\n' "$B" "$C" >ids.txt
	run --separate-stderr cmp-close -d "$STORE" --resolution r --ids-from ids.txt
	[ "$status" -eq 0 ]
	[ "$output" = "$B
$C" ]
	run --separate-stderr cmp-close -d "$STORE" --feedback email --where 'severity=urgent'
	[ "$output" = "$C" ]
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --feedback email --where 'severity=none'
	assert_refused 1 ""
}

# --- without a store -------------------------------------------------------------

@test "without a store it is a filter: every record out, closed ones too, no archive" {
	make_store
	cmp-ls -d "$STORE" --fields id,status,feedback_at >t.csv
	run --separate-stderr cmp-close --resolution ok --feedback phone --satisfaction satisfied --where "id=$A" --now 2026-11-23T12:00 t.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "id,status,feedback_at,reason,reply_due,resolve_due,replied_at,resolved_at,resolution,cause,measures,responsible,feedback_due,feedback_channel,satisfaction,opinion,reopens,closed_at,updated_at
$A,closed,2026-11-23T12:00:00+08:00,,,,,2026-11-23T12:00:00+08:00,ok,,,,2026-11-24T12:00:00+08:00,phone,satisfied,,,2026-11-23T12:00:00+08:00,2026-11-23T12:00:00+08:00
$B,new,,,,,,,,,,,,,,,,,
$C,new,,,,,,,,,,,,,,,,," ]
	# A refused record in the filter names file and line (65).
	run --separate-stderr cmp-close --feedback phone t.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-close: t.csv:2: status assigned: feedback follows the resolution" ]
}
