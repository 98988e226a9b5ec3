#!/usr/bin/env bats
# tests/700-import.bats - cmp-new --import (SPEC §6): a legacy hotline log
# in GB18030 with every kind of bad row, mapping, encodings, date forms,
# history, duplicates and re-import, the rejects file, the progress bar,
# and all or nothing under kill -9.  Real public data is 710-import-real.

load helper

# The example map of cmp-new(1), so that the page says what is tested.
map_from_man() {
	awk '/^# 2019 hotline log$/ { f = 1 } f && /^\.Ed$/ { exit } f' "$ROOT/man/cmp-new.1"
}

# legacy.csv: a 2019 hotline log in GB18030, made here with iconv(1).
# Line 1 is the header; the records start on lines 2 3 5 7 8 9 10 11 12
# 13 14 16 17:
#   2  imported (closed in March 2019)
#   3  imported, its summary spans lines 3-4
#   5  rejected: month 13 (spans lines 5-6)
#   7  rejected: 5 columns
#   8  duplicate of line 2
#   9  rejected: 30 February
#   10 rejected: hour 25
#   11 rejected: closed without a close time
#   12 rejected: closed before it was received
#   13 imported, in the second date form (closed in April 2019)
#   14 duplicate of line 3 (spans lines 14-15)
#   16 rejected: bytes that are not GB18030
#   17 rejected: the footer ("total"), 2 columns
legacy_log() {
	hotline_log_2019 legacy.csv
	map_from_man >legacy.map
}

SUMMARY='cmp-new: legacy.csv: 13 read, 3 imported, 2 duplicates, 8 rejected'

# "line: reason" of each row of the rejects file $1.
reject_lines() {
	cmp-ls --jsonl "$1" | jq -r '"\(.line): \(.reason)"'
}

# A UTF-8 log of hotline rows: header, then the lines given.
utf8_log() {
	printf '%s\n' 'no,time,phone,channel,summary' "$@" >log.csv
}

@test "the GB18030 log: exact counts, ids, and the rejected rows by the line they start on" {
	legacy_log
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "$output" = $'C20261123-000001\nC20261123-000002\nC20261123-000003' ]
	[ "$stderr" = "$SUMMARY" ]
	run reject_lines rejects.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '5: received_at: "2019/13/01 09:10" is not a date and time in any --date-format' ]
	[ "${lines[1]}" = '7: 5 fields, but the header has 7' ]
	[ "${lines[2]}" = '9: received_at: "2019/02/30 10:00" is not a date and time in any --date-format' ]
	[ "${lines[3]}" = '10: received_at: "2019/03/03 25:00" is not a date and time in any --date-format' ]
	[ "${lines[4]}" = '11: status closed without closed_at' ]
	[ "${lines[5]}" = '12: resolved_at: 2019-03-04T09:00:00+08:00 is before received_at (2019-03-05T12:00:00+08:00)' ]
	[ "${lines[6]}" = '16: bytes invalid in GB18030' ]
	[ "${lines[7]}" = '17: 2 fields, but the header has 7' ]
	[ "${#lines[@]}" -eq 8 ]
	[ "$(head -n 1 rejects.csv)" = line,reason,raw ]
}

@test "a rejected row's text: a record over two lines whole, bad bytes as \\xHH, in UTF-8" {
	legacy_log
	cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --rejects rejects.csv >/dev/null 2>&1 || true
	run cmp-ls --jsonl rejects.csv
	[ "$(jq -r 'select(.line == "5") | .raw' <<<"$output")" = $'HL0003,2019/13/01 09:10,13800000003,电话,"月份错\n两行",处理中,' ]
	[ "$(jq -r 'select(.line == "16") | .raw' <<<"$output")" = 'HL0010,2019/03/07 08:00,13800000010,\xFF\xFE,bad bytes,x,' ]
	[ "$(jq -r 'select(.line == "17") | .raw' <<<"$output")" = '合计,9' ]
}

@test "imported tickets keep their history: closed ones go to the archive month of closed_at" {
	legacy_log
	cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map >/dev/null 2>&1 || true
	[ "$(ls "$STORE/archive")" = $'2019-03.csv\n2019-04.csv' ]
	run cmp-ls -d "$STORE" --all --jsonl
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	run jq -r '[.id, .["工单号"], .status, .received_at, .channel, .phone, .resolved_at, .closed_at, .source_system] | join(" ")' <<<"$output"
	[ "${lines[0]}" = 'C20261123-000001 HL0001 closed 2019-03-01T08:05:00+08:00 hotline 13800000001 2019-03-02T10:00:00+08:00 2019-03-02T10:00:00+08:00 hotline2019' ]
	[ "${lines[1]}" = 'C20261123-000003 HL0009 closed 2019-03-06T13:30:00+08:00 web 13800000009 2019-04-10T09:00:00+08:00 2019-04-10T09:00:00+08:00 hotline2019' ]
	[ "${lines[2]}" = 'C20261123-000002 HL0002 assigned 2019-03-01T09:10:00+08:00 web 13800000002   hotline2019' ]
	run cmp-ls -d "$STORE" --jsonl C20261123-000002
	[ "$(jq -r .summary <<<"$output")" = $'多扣费，\n请退款' ]
	[ "$(jq -r .created_at <<<"$output")" = 2019-03-01T09:10:00+08:00 ]
	[ "$(jq -r .updated_at <<<"$output")" = 2026-11-23T10:00:00+08:00 ]
	[[ "$(jq -r .source <<<"$output")" =~ ^legacy\.csv:[0-9a-f]{64}$ ]]
	# The log's own number stays, as an extra field after the canonical ones.
	[ "$(head -n 1 "$STORE/open.csv")" = "id,received_at,created_at,channel,name,phone,email,address,customer,vip,region,location,product,category,severity,summary,expectation,source,status,first_responder,department,assignee,dispatched_at,assigned_at,handed_at,dispatches,returns,reason,dispatch_due,reply_due,resolve_due,replied_at,progress,progress_at,told_at,told_channel,eta,escalation,escalated_at,resolved_at,resolution,cause,measures,responsible,feedback_due,feedback_at,feedback_channel,satisfaction,opinion,reopens,closed_at,updated_at,工单号,source_system" ]
	# One journal line for each ticket created.
	run jq -r '[.tool, .id, .changes.status[1]] | join(" ")' "$STORE/journal.jsonl"
	[ "$output" = $'cmp-new C20261123-000001 closed\ncmp-new C20261123-000002 assigned\ncmp-new C20261123-000003 closed' ]
}

@test "re-import is a no-op: every row imported before is a duplicate, the store byte for byte the same" {
	legacy_log
	cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map >/dev/null 2>&1 || true
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: legacy.csv: 13 read, 0 imported, 5 duplicates, 8 rejected' ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "a log with no bad row exits 0; re-importing it too" {
	utf8_log 'A1,2019-03-01 08:00,139,hotline,x' 'A2,2019-03-02 08:00,139,web,y'
	run --separate-stderr cmp-new -d "$STORE" --import log.csv --map received_at=time
	[ "$status" -eq 0 ]
	[ "$stderr" = 'cmp-new: log.csv: 2 read, 2 imported, 0 duplicates, 0 rejected' ]
	run --separate-stderr cmp-new -d "$STORE" --import log.csv --map received_at=time
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: log.csv: 2 read, 0 imported, 2 duplicates, 0 rejected' ]
}

@test "--encoding auto reads GB18030 and says so; a UTF-8 log and an ASCII one as UTF-8" {
	legacy_log
	run --separate-stderr cmp-new --import legacy.csv --map-file legacy.map --encoding auto --rejects /dev/null
	[ "$status" -eq 65 ]
	[ "${stderr_lines[0]}" = 'cmp-new: legacy.csv: --encoding auto: read as GB18030' ]
	[ "${stderr_lines[1]}" = "$SUMMARY" ]
	iconv -f GB18030 -t UTF-8 -c legacy.csv >utf8.csv
	run --separate-stderr cmp-new --import utf8.csv --map-file legacy.map --encoding AUTO --rejects /dev/null
	[ "${stderr_lines[0]}" = 'cmp-new: utf8.csv: --encoding auto: read as UTF-8' ]
	[ "${stderr_lines[1]}" = 'cmp-new: utf8.csv: 13 read, 3 imported, 2 duplicates, 8 rejected' ]
	utf8_log 'A1,2019-03-01 08:00,139,hotline,x'
	run --separate-stderr cmp-new --import log.csv --map received_at=time --encoding auto
	[ "$status" -eq 0 ]
	[ "${stderr_lines[0]}" = 'cmp-new: log.csv: --encoding auto: read as UTF-8 (ASCII only)' ]
}

@test "a GB18030 log read as UTF-8 is refused at its header (65); nothing is created" {
	legacy_log
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --encoding UTF-8
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: legacy.csv:1: bytes invalid in UTF-8 in the header' ]
	[ ! -e "$STORE" ]
}

@test "GBK and Big5 logs; a byte-order mark is dropped in UTF-8 and in GB18030" {
	printf 'time,summary\n2019-03-01 08:00,信號差\n' >u.csv
	iconv -f UTF-8 -t GBK u.csv >gbk.csv
	iconv -f UTF-8 -t BIG5 u.csv >big5.csv
	{ printf '\xef\xbb\xbf'; cat u.csv; } >bom.csv
	{ printf '\x84\x31\x95\x33'; iconv -f UTF-8 -t GB18030 u.csv; } >gbbom.csv
	for f in gbk.csv:GBK big5.csv:Big5 bom.csv:UTF-8 gbbom.csv:gb18030; do
		run --separate-stderr cmp-new --jsonl --import "${f%%:*}" --encoding "${f#*:}" --map received_at=time
		[ "$status" -eq 0 ] || { echo "$f: $stderr"; false; }
		# A BOM left in place would make the first column "\ufefftime" (64).
		[ "$(jq -r '[.received_at, .summary] | join(" ")' <<<"$output")" = '2019-03-01T08:00:00+08:00 信號差' ]
	done
}

@test "--date-format: tried in order, then ISO 8601; impossible dates are rejected, not normalised" {
	utf8_log 'A1,03/01/2011 02:27:57 PM,1,web,x' 'A2,20110302 1330,1,web,x' 'A3,2011-03-03 09:00,1,web,x' \
	    'A4,02/29/2012 12:00:00 AM,1,web,x' 'A5,02/29/2011 12:00:00 AM,1,web,x' 'A6,13/01/2011 01:00:00 PM,1,web,x' \
	    'A7,20110301 2500,1,web,x' 'A8,03/01/2011 02:27:57 PM trailing,1,web,x' 'A9, 20110304 0700 ,1,web,x' \
	    'B1,2011-03-05T10:00:00Z,1,web,x'
	run --separate-stderr cmp-new --jsonl --import log.csv --map received_at=time \
	    --date-format '%m/%d/%Y %I:%M:%S %p' --date-format '%Y%m%d %H%M' --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "$(jq -r '[.no, .received_at] | join(" ")' <<<"$output")" = 'A1 2011-03-01T14:27:57+08:00
A2 2011-03-02T13:30:00+08:00
A3 2011-03-03T09:00:00+08:00
A4 2012-02-29T00:00:00+08:00
A9 2011-03-04T07:00:00+08:00
B1 2011-03-05T18:00:00+08:00' ]
	run reject_lines rejects.csv
	[ "$output" = '6: received_at: "02/29/2011 12:00:00 AM" is not a date and time in any --date-format
7: received_at: "13/01/2011 01:00:00 PM" is not a date and time in any --date-format
8: received_at: "20110301 2500" is not a date and time in any --date-format
9: received_at: "03/01/2011 02:27:57 PM trailing" is not a date and time in any --date-format' ]
}

@test "a time in no known form, without --date-format, says to give one" {
	utf8_log 'A1,2019/03/01 08:00,139,hotline,x'
	run --separate-stderr cmp-new --import log.csv --map received_at=time
	[ "$status" -eq 65 ]
	[ "${stderr_lines[0]}" = 'cmp-new: log.csv:2: received_at: "2019/03/01 08:00" is not a date and time (give its form with --date-format)' ]
	[ "${stderr_lines[1]}" = 'cmp-new: log.csv: 1 read, 0 imported, 0 duplicates, 1 rejected' ]
}

@test "id and source cannot be mapped or set (64); a column named id must be renamed" {
	legacy_log
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --map id=工单号
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --map: id cannot be mapped: the store gives ids, and the import derives source from the row' ]
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --map source=工单号
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --map: source cannot be mapped: the store gives ids, and the import derives source from the row' ]
	printf '[constants]\nsource = x\n' >bad.map
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file bad.map
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --map-file: bad.map:2: source cannot be mapped: the store gives ids, and the import derives source from the row' ]
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map -s id=1
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: -s: id cannot be set: the store gives ids, and the import derives source from the row' ]
	printf 'id,time\n7,2019-03-01 08:00\n' >ids.csv
	run --separate-stderr cmp-new -d "$STORE" --import ids.csv --map received_at=time
	[ "$status" -eq 64 ]
	[ "$stderr" = 'cmp-new: ids.csv: column "id" would be the ticket'"'"'s id: map it to a field of its own (--map legacy_id=id)' ]
	[ ! -e "$STORE" ]
	run --separate-stderr cmp-new --jsonl --import ids.csv --map received_at=time,legacy_id=id
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.id, .legacy_id] | join(" ")' <<<"$output")" = 'C20261123-000001 7' ]
}

@test "a map that does not fit the log is a usage error (64) before any row is read" {
	legacy_log
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --map phone=电话号码
	[ "$status" -eq 64 ]
	[ "$stderr" = 'cmp-new: legacy.csv: phone=电话号码: no column "电话号码" in the header' ]
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --map 工单号=内容
	[ "$status" -eq 64 ]
	[ "$stderr" = 'cmp-new: legacy.csv: field "工单号" would come both from column "工单号" and from column "内容"' ]
	printf '[constants]\nphone = 1\n' >c.map
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --map-file c.map
	[ "$status" -eq 64 ]
	[ "$stderr" = 'cmp-new: legacy.csv: field "phone" would come both from column "主叫号码" and from the constants' ]
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --key 流水号
	[ "$status" -eq 64 ]
	[ "$stderr" = 'cmp-new: legacy.csv: --key: no field or column "流水号"' ]
	[ ! -e "$STORE" ]
}

@test "a map file's errors name the file and line (64); a missing one is 66" {
	legacy_log
	printf '[columns]\nphone 主叫号码\n' >a.map
	printf '[colums]\n' >b.map
	printf 'phone = x\n' >c.map
	printf '[options]\nzone = x\n' >d.map
	printf '[values.channel]\n"电话 = hotline\n' >e.map
	for m in a b c d e; do
		run --separate-stderr cmp-new --import legacy.csv --map-file $m.map
		[ "$status" -eq 64 ] || { echo "$m: $status"; false; }
		msgs+=("${stderr_lines[0]}")
	done
	[ "${msgs[0]}" = 'cmp-new: --map-file: a.map:2: expected NAME = VALUE (a quoted one ends with its quote)' ]
	[ "${msgs[1]}" = 'cmp-new: --map-file: b.map:1: unknown section [colums] (columns, values.FIELD, constants, options)' ]
	[ "${msgs[2]}" = 'cmp-new: --map-file: c.map:1: "phone = x" is in no section' ]
	[ "${msgs[3]}" = 'cmp-new: --map-file: d.map:2: unknown option "zone" (encoding, date-format, key, source-name)' ]
	[ "${msgs[4]}" = 'cmp-new: --map-file: e.map:2: expected NAME = VALUE (a quoted one ends with its quote)' ]
	run --separate-stderr cmp-new --import legacy.csv --map-file no.map
	[ "$status" -eq 66 ]
	[ "$stderr" = 'cmp-new: no.map: No such file or directory' ]
	run --separate-stderr cmp-new --import legacy.csv --map 'phone'
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --map: "phone": expected FIELD=COLUMN or FIELD:VALUE=VALUE' ]
}

@test "value maps: inline and from a file, * for any other value, quotes keep spaces and '='" {
	utf8_log 'A1,2019-03-01 08:00,139,电话,x' 'A2,2019-03-01 08:00,139,Postal mail,x' \
	    'A3,2019-03-01 08:00,139, a=b ,x' 'A4,2019-03-01 08:00,139,传真,x' 'A5,2019-03-01 08:00,139,*,x'
	printf '%s\n' '[values.channel]' 'Postal mail = letter' '" a=b " = web' '"*" = sms' '* = transfer' >v.map
	run --separate-stderr cmp-new --jsonl --import log.csv --map-file v.map --map 'received_at=time, channel:电话=hotline'
	[ "$status" -eq 0 ]
	[ "$(jq -r .channel <<<"$output")" = $'hotline\nletter\nweb\ntransfer\nsms' ]
}

@test "--key: the log's own ticket number tells rows apart; a corrected row is still a duplicate" {
	utf8_log 'A1,2019-03-01 08:00,139,hotline,x' 'A2,2019-03-02 08:00,139,web,y'
	cmp-new -d "$STORE" --import log.csv --map received_at=time --key no >/dev/null 2>&1
	utf8_log 'A1,2019-03-01 08:00,139,hotline,x (corrected)' 'A3,2019-03-03 08:00,139,web,z'
	run --separate-stderr cmp-new -d "$STORE" --import log.csv --map received_at=time --key ' no '
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000003 ]
	[ "$stderr" = 'cmp-new: log.csv: 2 read, 1 imported, 1 duplicate, 0 rejected' ]
	# Without --key the whole row is hashed: another source for each.
	run --separate-stderr cmp-new -d "$STORE" --import log.csv --map received_at=time
	[ "$stderr" = 'cmp-new: log.csv: 2 read, 2 imported, 0 duplicates, 0 rejected' ]
	# A mapped column names its field.
	utf8_log 'A9,2019-03-09 08:00,139,hotline,x'
	run --separate-stderr cmp-new --jsonl --import log.csv --map received_at=time --key time
	[ "$status" -eq 0 ]
	key=$(printf '%s\0' received_at 2019-03-09T08:00:00+08:00 | sha256sum | cut -d ' ' -f 1)
	[ "$(jq -r .source <<<"$output")" = "log.csv:$key" ]
}

@test "the source is NAME:SHA-256 of the mapped row; --source-name, and stdin's name" {
	utf8_log 'A1,2019-03-01 08:00,139,电话,x'
	run --separate-stderr cmp-new --jsonl --import - --map received_at=time,channel:电话=hotline -s region=北京 <log.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = 'cmp-new: (stdin): 1 read, 1 imported, 0 duplicates, 0 rejected' ]
	key=$(printf '%s\0' no A1 received_at 2019-03-01T08:00:00+08:00 phone 139 channel hotline summary x region 北京 |
	    sha256sum | cut -d ' ' -f 1)
	[ "$(jq -r .source <<<"$output")" = "stdin:$key" ]
	run --separate-stderr cmp-new --jsonl --import log.csv --source-name hotline2019 --map received_at=time,channel:电话=hotline -s region=北京
	[ "$(jq -r .source <<<"$output")" = "hotline2019:$key" ]
	run --separate-stderr cmp-new --import log.csv --source-name '' --map received_at=time
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --source-name: empty name' ]
}

@test "a source already in the store, open or archived, is a duplicate, from any log" {
	utf8_log 'A1,2019-03-01 08:00,139,hotline,x'
	cmp-new -d "$STORE" --import log.csv --map received_at=time -s resolved_at='2019-03-02 08:00' -s closed_at='2019-03-02 08:00' >/dev/null 2>&1
	[ -f "$STORE/archive/2019-03.csv" ]
	cp log.csv other.csv
	run --separate-stderr cmp-new -d "$STORE" --import other.csv --source-name log.csv --map received_at=time \
	    -s resolved_at='2019-03-02 08:00' -s closed_at='2019-03-02 08:00'
	[ "$status" -eq 0 ]
	[ "$stderr" = 'cmp-new: other.csv: 1 read, 0 imported, 1 duplicate, 0 rejected' ]
}

@test "history: a status the times contradict, events out of order or in the future, bad counts are rejected" {
	printf '%s\n' 'no,time,status,dispatched,resolved,feedback,closed,dept,reopens,sat' \
	    'A1,2019-03-01 08:00,closed,,2019-03-02 08:00,,,,,' \
	    'A2,2019-03-01 08:00,resolved,,,,,,,' \
	    'A3,2019-03-01 08:00,assigned,,2019-03-02 08:00,,,,,' \
	    'A4,2019-03-01 08:00,resolved,,2019-03-02 08:00,,2019-03-03 08:00,,,' \
	    'A5,2019-03-01 08:00,new,,,,2019-03-03 08:00,,,' \
	    'A6,2019-03-01 08:00,,,2019-03-02 08:00,2019-03-01 09:00,,,,' \
	    'A7,2019-03-01 08:00,,2026-12-01 08:00,,,,,,' \
	    'A8,2026-12-01 08:00,,,,,,,,' \
	    'A9,2019-03-01 08:00,,,,,,,x,' \
	    'B1,2019-03-01 08:00,reopened,,,,,,,' \
	    'B2,2019-03-01 08:00,,,,,,,,happy' \
	    'B3,,,,,,,,,' \
	    'C1,2019-03-01 08:00,,,,,,,,' \
	    'C2,2019-03-01 08:00,,,,,,网络部,,' \
	    'C3,2019-03-01 08:00,,,2019-03-02 08:00,,,,,' \
	    'C4,2019-03-01 08:00,,2019-03-01 09:00,2019-03-02 08:00,2019-03-02 09:00,2019-03-03 08:00,网络部,1,satisfied' >h.csv
	run --separate-stderr cmp-new --jsonl --import h.csv --rejects rejects.csv \
	    --map received_at=time,dispatched_at=dispatched,resolved_at=resolved,feedback_at=feedback,closed_at=closed,department=dept,satisfaction=sat
	[ "$status" -eq 65 ]
	[ "$(jq -r '[.no, .status, .dispatches, .reopens] | join(" ")' <<<"$output")" = 'C1 new 0 0
C2 assigned 0 0
C3 resolved 0 0
C4 closed 1 1' ]
	run reject_lines rejects.csv
	[ "$output" = '2: status closed without closed_at
3: status resolved without resolved_at
4: resolved_at is set, but status is assigned
5: closed_at is set, but status is resolved
6: closed_at is set, but status is new
7: feedback_at: 2019-03-01T09:00:00+08:00 is before resolved_at (2019-03-02T08:00:00+08:00)
8: dispatched_at: 2026-12-01T08:00:00+08:00 is later than now (2026-11-23T10:00:00+08:00)
9: received_at: 2026-12-01T08:00:00+08:00 is later than now (2026-11-23T10:00:00+08:00)
10: reopens: "x" is not a whole number
11: status: "reopened" is not one of new, assigned, resolved, closed
12: satisfaction: "happy" is not one of satisfied, basic, dissatisfied
13: received_at is empty: an imported complaint needs the time it came in' ]
}

@test "deadlines the log lacks are counted by the policy; those it gives are kept" {
	printf '%s\n' 'time,due,resolved,severity' \
	    '2019-03-01 08:00,,,' \
	    '2019-03-01 08:00,2019-03-10 18:00,,' \
	    '2019-03-01 08:00,,2019-03-01 20:00,' \
	    '2019-03-01 08:00,,,complex' >d.csv
	run --separate-stderr cmp-new --jsonl --import d.csv --map received_at=time,resolve_due=due,resolved_at=resolved
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.dispatch_due, .reply_due, .resolve_due, .feedback_due] | join(" ")' <<<"$output")" = '2019-03-01T08:30:00+08:00  2019-03-02T08:00:00+08:00 
2019-03-01T08:30:00+08:00  2019-03-10T18:00:00+08:00 
2019-03-01T08:30:00+08:00  2019-03-02T08:00:00+08:00 2019-03-02T20:00:00+08:00
2019-03-01T08:30:00+08:00 2019-03-04T08:00:00+08:00 2019-03-22T08:00:00+08:00 ' ]
}

@test "field options and -s set fields on every row; a bad value is a usage error (64)" {
	utf8_log 'A1,2019-03-01 08:00,139,hotline,x'
	run --separate-stderr cmp-new --jsonl --import log.csv --map received_at=time --category network --by 李娜 -s status=new -s batch=7
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.category, .first_responder, .status, .batch] | join(" ")' <<<"$output")" = 'network 李娜 new 7' ]
	run --separate-stderr cmp-new --import log.csv --map received_at=time --severity banana
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: severity: "banana" is not one of general, complex, urgent' ]
}

@test "without --rejects each rejected row is named on standard error" {
	legacy_log
	run --separate-stderr cmp-new --import legacy.csv --map-file legacy.map
	[ "$status" -eq 65 ]
	[ "${#stderr_lines[@]}" -eq 9 ]
	[ "${stderr_lines[0]}" = 'cmp-new: legacy.csv:5: received_at: "2019/13/01 09:10" is not a date and time in any --date-format' ]
	[ "${stderr_lines[6]}" = 'cmp-new: legacy.csv:16: bytes invalid in GB18030' ]
	[ "${stderr_lines[8]}" = "$SUMMARY" ]
}

@test "without a store the tickets are printed, numbered from 1, in the log's encoding" {
	legacy_log
	run --separate-stderr cmp-new --import legacy.csv --map-file legacy.map --rejects /dev/null
	[ "$status" -eq 65 ]
	[ "${lines[0]}" = "id,received_at,created_at,channel,name,phone,email,address,customer,vip,region,location,product,category,severity,summary,expectation,source,status,first_responder,department,assignee,dispatched_at,assigned_at,handed_at,dispatches,returns,reason,dispatch_due,reply_due,resolve_due,replied_at,progress,progress_at,told_at,told_channel,eta,escalation,escalated_at,resolved_at,resolution,cause,measures,responsible,feedback_due,feedback_at,feedback_channel,satisfaction,opinion,reopens,closed_at,updated_at,工单号,source_system" ]
	[ "$(cmp-ls --jsonl - <<<"$output" | jq -r .id)" = $'C20261123-000001\nC20261123-000002\nC20261123-000003' ]
}

@test "JSON Lines logs: fields mapped, bad lines rejected with their text, numbers as text" {
	printf '%s\n' '{"no":"A1","time":"2019-03-01 08:00","kind":"电话","n":7}' \
	    '{"no":"A2","time":"2019-03-02 08:00","kind":"传真"}' \
	    'not json' \
	    '{"no":"A4","time":"2019-03-04 08:00","id":"x"}' \
	    '{"no":"A1","time":"2019-03-01 08:00","kind":"电话","n":7}' >log.jsonl
	run --separate-stderr cmp-new --import log.jsonl --map 'received_at=time,channel=kind,channel:电话=hotline' --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-new: log.jsonl: 5 read, 1 imported, 1 duplicate, 3 rejected' ]
	[ "$(jq -r '[.id, .no, .channel, .n] | join(" ")' <<<"$output")" = 'C20261123-000001 A1 hotline 7' ]
	run cmp-ls --jsonl rejects.csv
	[ "$(jq -r '[.line, .reason, .raw] | join("|")' <<<"$output")" = '2|channel: "传真" is not one of hotline, web, app, email, sms, social, counter, letter, transfer, regulator|{"no":"A2","time":"2019-03-02 08:00","kind":"传真"}
3|bad JSON: invalid token|not json
4|field "id" would be the ticket'"'"'s id: map it to a field of its own|{"no":"A4","time":"2019-03-04 08:00","id":"x"}' ]
}

@test "an archive month and an open file that lack the log's columns are rewritten, their rows kept" {
	cmp-new -d "$STORE" --summary 先登记 --received '2026-11-20 08:00' >/dev/null
	cmp-close -d "$STORE" --resolution 已解决 C20261123-000001 >/dev/null
	cmp-close -d "$STORE" --feedback phone --satisfaction satisfied C20261123-000001 >/dev/null
	cmp-new -d "$STORE" --summary 还开着 >/dev/null
	archived=$(cat "$STORE/archive/2026-11.csv")
	printf 'no,time,closed\nX1,2026-11-21 08:00,2026-11-21 09:00\nX2,2026-11-21 08:00,\n' >log.csv
	run --separate-stderr cmp-new -d "$STORE" --import log.csv --map received_at=time,resolved_at=closed,closed_at=closed
	[ "$status" -eq 0 ]
	[ "$output" = $'C20261123-000003\nC20261123-000004' ]
	run cmp-ls -d "$STORE" --all --jsonl
	[ "$(jq -r '[.id, .status, .no] | join(" ")' <<<"$output")" = 'C20261123-000001 closed 
C20261123-000003 closed X1
C20261123-000002 new 
C20261123-000004 new X2' ]
	[ "$(head -n 1 "$STORE/archive/2026-11.csv")" = "$(head -n 1 <<<"$archived"),no" ]
	# The row that was there is the same but for the new empty column.
	[ "$(sed -n 2p "$STORE/archive/2026-11.csv")" = "$(sed -n 2p <<<"$archived")," ]
}

@test "a JSON Lines store takes an import too" {
	mkdir -p "$STORE"
	printf '[store]\nencoding = jsonl\n' >"$STORE/cmp.conf"
	legacy_log
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --rejects /dev/null
	[ "$status" -eq 65 ]
	[ -f "$STORE/open.jsonl" ] && [ -f "$STORE/archive/2019-03.jsonl" ] && [ -f "$STORE/archive/2019-04.jsonl" ]
	[ "$(cmp-ls -d "$STORE" --all --jsonl | jq -r '.["工单号"]')" = $'HL0001\nHL0009\nHL0002' ]
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --rejects /dev/null
	[ "$stderr" = 'cmp-new: legacy.csv: 13 read, 0 imported, 5 duplicates, 8 rejected' ]
}

@test "usage: import options need --import, --import takes no other file, unknown encodings (64)" {
	run --separate-stderr cmp-new --map phone=x a.csv
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --map needs --import FILE' ]
	run --separate-stderr cmp-new --rejects r.csv --import
	[ "$status" -eq 64 ]
	utf8_log 'A1,2019-03-01 08:00,139,hotline,x'
	run --separate-stderr cmp-new --import log.csv other.csv
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --import reads one log: "other.csv" is one file too many' ]
	run --separate-stderr cmp-new --import log.csv --encoding UTF-16
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-new: --encoding: "UTF-16" is not an encoding iconv knows in which ASCII is ASCII (UTF-8, GB18030, GBK, Big5, auto)' ]
	run --separate-stderr cmp-new --import log.csv --encoding klingon
	[ "$status" -eq 64 ]
	run --separate-stderr cmp-new -d "$STORE" --import missing.csv
	[ "$status" -eq 66 ]
	[ "$stderr" = 'cmp-new: missing.csv: No such file or directory' ]
	[ ! -e "$STORE" ]
}

@test "a rejects file that cannot be created is 73; one that cannot be written is 74; the store is untouched" {
	legacy_log
	cmp-new -d "$STORE" --summary first >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --rejects nodir/rejects.csv
	[ "$status" -eq 73 ]
	[ "$stderr" = 'cmp-new: nodir/rejects.csv: No such file or directory' ]
	run --separate-stderr cmp-new -d "$STORE" --import legacy.csv --map-file legacy.map --rejects /dev/full
	[ "$status" -eq 74 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: /dev/full: write error: No space left on device' ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "a progress bar on a terminal: rows, rows/s, percent; nothing but the summary otherwise" {
	command -v script >/dev/null || skip "script(1) (util-linux) is not installed"
	legacy_log
	run script -qec "cmp-new -d '$STORE' --import legacy.csv --map-file legacy.map --rejects rejects.csv >/dev/null" /dev/null
	[ "$status" -eq 65 ]
	[[ "$output" == *$'\r''cmp-new: 13 rows, '*' rows/s, 100% [====================]'* ]]
	[[ "$output" == *$'\r''cmp-new: 13 rows read, writing 3 of 3 tickets'* ]]
	[[ "$output" == *"$SUMMARY"* ]]
	run --separate-stderr cmp-new --import legacy.csv --map-file legacy.map --rejects rejects.csv
	[ "$stderr" = "$SUMMARY" ]
}

# A log of $1 rows, 10 columns, every other one closed in March 2019.
big_log() {
	awk -v n="$1" 'BEGIN {
		print "no,time,phone,channel,summary,status,closed,a,b,c"
		for (i = 1; i <= n; i++)
			printf "N%07d,2019-03-%02d %02d:%02d,138%08d,hotline,第%d号：信号差,%s,%s,x,y,z\n",
			    i, 1 + i % 28, i % 24, i % 60, i, i, (i % 2 ? "closed" : "assigned"),
			    (i % 2 ? "2019-03-29 23:00" : "")
	}' >big.csv
}

# Tickets in the store, and distinct sources among them.
count_tickets() {
	cmp-ls -d "$STORE" --all --jsonl | jq -r .source | sort | uniq -c | awk '{ n += $1; d++ } END { print n + 0, d + 0 }'
}

@test "kill -9 at each stage of an import: the store as it was or whole; re-running imports each row once" {
	big_log 20000
	map=received_at=time,resolved_at=closed,closed_at=closed
	# Kill when the import has spooled rows, has begun writing, and
	# has written its intent; a stage the import ended before is fine.
	for stage in .import.new .append-0.new .pending.new .pending; do
		rm -rf "$STORE"
		cmp-new -d "$STORE" --import big.csv --map "$map" >/dev/null 2>&1 &
		pid=$!
		while [ ! -e "$STORE/$stage" ] && kill -0 $pid 2>/dev/null; do :; done
		kill -9 $pid 2>/dev/null || true
		wait $pid || true
		run count_tickets
		[ "$output" = "0 0" ] || [ "$output" = "20000 20000" ] || { echo "$stage: $output"; false; }
		run --separate-stderr cmp-new -d "$STORE" --import big.csv --map "$map"
		[ "$status" -eq 0 ]
		run count_tickets
		[ "$output" = "20000 20000" ] || { echo "$stage, re-run: $output"; false; }
		# No leftovers once a writer has been by.
		[ "$(ls -A "$STORE" | grep -c '\.new$\|^\.pending$')" -eq 0 ]
	done
	[ "$(cmp-ls -d "$STORE" --csv --fields id | tail -n 1)" = C20261123-020000 ]
}

@test "streaming: a log larger than the memory it may use is imported" {
	grep -q __asan_init "$CMP_BIN/cmp-new" && skip "AddressSanitizer reserves more address space than the limit"
	# 300,000 rows, 33 MB, under a 30 MB limit of address space: only the
	# set of sources may grow with the log, and these rows share one.
	awk 'BEGIN { print "no,time,summary"; for (i = 0; i < 300000; i++) print "A1,2019-03-01 08:00,第一行：信号差，经常掉线，请尽快处理，谢谢。后面还有很多很多很多的字" }' >same.csv
	[ "$(stat -c %s same.csv)" -gt 33000000 ]
	run --separate-stderr bash -c 'ulimit -v 30000 && exec cmp-new -d "$1" --import same.csv --map received_at=time' sh "$STORE"
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000001 ]
	[ "$stderr" = 'cmp-new: same.csv: 300000 read, 1 imported, 299999 duplicates, 0 rejected' ]
}
