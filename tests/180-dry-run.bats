#!/usr/bin/env bats
# tests/180-dry-run.bats - --dry-run on every mutating tool (SPEC §9): the
# records printed are those the real run then writes, byte for byte; the
# store is left as it was (every file's bytes, its mode, the list of
# files); a refused dry run fails as the refused change does; and a dry
# run takes no more than the readers' shared lock.

load helper

# Everything of the store $1 a change could touch: each path with its
# type, mode and size, then each file's SHA-256.
snap() {
	(cd "$1" && find . -printf '%p %y %m %s\n' | LC_ALL=C sort &&
	    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
}

# A store with three tickets: C20261123-000001 assigned to 网络部, 000002
# resolved (fed back, awaiting the visit), 000003 new.
three() {
	cmp-new -d "$STORE" --channel hotline --category network --severity urgent --summary '信号差' --received 2026-11-20T09:00 >/dev/null
	cmp-new -d "$STORE" --channel web --category billing --summary '多扣费' --received 2026-11-20T10:00 >/dev/null
	cmp-new -d "$STORE" --channel app --category service --summary '态度差' >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-20T09:10 C20261123-000001 >/dev/null
	cmp-close -d "$STORE" --resolution '已退费' --feedback phone --now 2026-11-21T10:00 C20261123-000002 >/dev/null
}

# The line of file $1 whose first field is the id $2.
row_of() {
	grep "^$2," "$1"
}

@test "cmp-new --dry-run on a store that does not exist yet makes nothing and prints what the real run writes" {
	run --separate-stderr cmp-new -d "$STORE" --dry-run --channel hotline --category network --summary '信号差'
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == C20261123-000001,2026-11-23T10:00:00+08:00,* ]]
	[ ! -e "$STORE" ]
	dry=$output
	run --separate-stderr cmp-new -d "$STORE" --channel hotline --category network --summary '信号差'
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000001 ]
	[ "$(cat "$STORE/open.csv")" = "$dry" ]
}

@test "cmp-new --dry-run of a batch: the store unchanged; the records are the rows the real run appends, ids and all" {
	three
	before=$(snap "$STORE")
	run --separate-stderr cmp-new -d "$STORE" --dry-run "$SAMPLE"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "$(head -n 1 "$STORE/open.csv")" ]
	[[ "${lines[1]}" == C20261123-000004,* ]]
	[ "$(snap "$STORE")" = "$before" ]
	printf '%s\n' "$output" >dry.csv
	run cmp-ls --fields id dry.csv
	[ "${#lines[@]}" -eq 301 ]
	[ "${lines[300]}" = C20261123-000303 ]
	n=$(wc -l <dry.csv)
	[ "$n" -eq 317 ]
	run --separate-stderr cmp-new -d "$STORE" "$SAMPLE"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 300 ]
	[ "$(tail -n 316 "$STORE/open.csv")" = "$(tail -n 316 dry.csv)" ]
}

@test "cmp-new --dry-run refuses what the real run refuses, with the same status and message" {
	three
	before=$(snap "$STORE")
	for args in "--severity banana --summary x" "-s status=closed --summary x" "--received 2027-01-01 --summary x"; do
		run --separate-stderr cmp-new -d "$STORE" $args
		real_status=$status real_err=$stderr
		run --separate-stderr cmp-new -d "$STORE" --dry-run $args
		echo "$args: $status $stderr"
		[ "$status" -eq "$real_status" ]
		[ "$stderr" = "$real_err" ]
		[ "$output" = "" ]
	done
	[ "$real_status" -eq 64 ]
	[ "$(snap "$STORE")" = "$before" ]
	printf 'channel,summary\nhotline,a\nbanana,b\n' >in.csv
	run --separate-stderr cmp-new -d "$STORE" --dry-run in.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-new: in.csv:3: channel: "banana" is not one of hotline, web, app, email, sms, social, counter, letter, transfer, regulator' ]
	[ "$output" = "" ]
	[ "$(snap "$STORE")" = "$before" ]
}

@test "cmp-new --import --dry-run: no spool or store file, the same summary, rejects and status; the records are those imported" {
	three
	printf '工单号,来电时间,主叫号码,内容\nHL1,2019/03/01 08:05,13800000001,信号差\nHL2,2019/13/01 09:10,13800000002,月份错\nHL3,2019/03/02 10:00,13800000003,多扣费\n' >log.csv
	set -- --import log.csv --map 'received_at=来电时间,phone=主叫号码,summary=内容' --date-format '%Y/%m/%d %H:%M' --channel hotline
	before=$(snap "$STORE")
	run --separate-stderr cmp-new -d "$STORE" --dry-run "$@" --rejects dry-rejects.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-new: log.csv: 3 read, 2 imported, 0 duplicates, 1 rejected" ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[1]}" == C20261123-000004,2019-03-01T08:05:00+08:00,* ]]
	[[ "${lines[2]}" == C20261123-000005,2019-03-02T10:00:00+08:00,* ]]
	[ "$(snap "$STORE")" = "$before" ]
	dry=$output
	run --separate-stderr cmp-new -d "$STORE" "$@" --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-new: log.csv: 3 read, 2 imported, 0 duplicates, 1 rejected" ]
	[ "$output" = "C20261123-000004
C20261123-000005" ]
	cmp dry-rejects.csv rejects.csv
	[ "$(head -n 1 "$STORE/open.csv")" = "${dry%%$'\n'*}" ]
	[ "$(tail -n 2 "$STORE/open.csv")" = "$(tail -n 2 <<<"$dry")" ]
	# Again: every row a duplicate, nothing to show.
	run --separate-stderr cmp-new -d "$STORE" --dry-run "$@"
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "${stderr##*$'\n'}" = "cmp-new: log.csv: 3 read, 0 imported, 2 duplicates, 1 rejected" ]
}

@test "cmp-assign --dry-run prints the records as the dispatch makes them, instead of their ids, and changes nothing" {
	three
	before=$(snap "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dry-run --dept 市场部 --to 李四 --now 2026-11-23T11:00 C20261123-000003
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "$(head -n 1 "$STORE/open.csv")" ]
	[[ "${lines[1]}" == *,assigned,*,市场部,李四,2026-11-23T11:00:00+08:00,2026-11-23T11:00:00+08:00,2026-11-23T11:00:00+08:00,1,0,* ]]
	[ "$(snap "$STORE")" = "$before" ]
	dry=${lines[1]}
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --to 李四 --now 2026-11-23T11:00 C20261123-000003
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000003 ]
	[ "$(row_of "$STORE/open.csv" C20261123-000003)" = "$dry" ]
}

@test "cmp-assign --dry-run --jsonl on a CSV store: the record cmp-ls --jsonl shows after the real run" {
	three
	run --separate-stderr cmp-assign -d "$STORE" --dry-run --jsonl --note '已联系' --told phone C20261123-000001
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(jq -r .told_channel <<<"$output")" = phone ]
	dry=$output
	cmp-assign -d "$STORE" --note '已联系' --told phone C20261123-000001
	run --separate-stderr cmp-ls -d "$STORE" --jsonl C20261123-000001
	[ "$output" = "$dry" ]
}

@test "cmp-assign --dry-run refused: the same status and message, nothing printed" {
	three
	before=$(snap "$STORE")
	for args in "--dept 市场部 C20261123-000001" "--dept 市场部 C20261123-000099" "--return --reason x C20261123-000003" "--dept 市场部"; do
		run --separate-stderr cmp-assign -d "$STORE" $args
		real_status=$status real_err=$stderr
		[ "$(snap "$STORE")" = "$before" ]
		run --separate-stderr cmp-assign -d "$STORE" --dry-run $args
		echo "$args: $real_status/$status $stderr"
		[ "$status" -eq "$real_status" ]
		[ "$stderr" = "$real_err" ]
		[ "$output" = "" ]
		[ "$(snap "$STORE")" = "$before" ]
	done
	[ "$real_status" -eq 64 ]
	run --separate-stderr cmp-assign -d "$STORE" --dry-run --return --reason x C20261123-000003
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-assign: C20261123-000003: status new: only an assigned ticket can be returned" ]
}

@test "cmp-close --dry-run of a visit that archives: the row the real run appends to the archive" {
	three
	before=$(snap "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --dry-run --satisfaction satisfied --comment '满意' C20261123-000002
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[1]}" == C20261123-000002,*,closed,*,satisfied,满意,0,2026-11-23T10:00:00+08:00,2026-11-23T10:00:00+08:00 ]]
	[ "$(snap "$STORE")" = "$before" ]
	[ ! -e "$STORE/archive" ]
	dry=$output
	run --separate-stderr cmp-close -d "$STORE" --satisfaction satisfied --comment '满意' C20261123-000002
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000002 ]
	[ "$(cat "$STORE/archive/2026-11.csv")" = "$dry" ]
}

@test "cmp-close --dry-run refused ([close] require, a closed ticket, a wrong step): same status and message" {
	three
	printf '[close]\nrequire = cause,measures\n' >"$STORE/cmp.conf"
	cmp-close -d "$STORE" --satisfaction basic C20261123-000002 >/dev/null
	before=$(snap "$STORE")
	for args in "--resolution ok C20261123-000001" "--resolution ok C20261123-000002" "--feedback sms C20261123-000003" "--force C20261123-000003"; do
		run --separate-stderr cmp-close -d "$STORE" $args
		real_status=$status real_err=$stderr
		run --separate-stderr cmp-close -d "$STORE" --dry-run $args
		echo "$args: $real_status/$status $stderr"
		[ "$status" -eq "$real_status" ]
		[ "$stderr" = "$real_err" ]
		[ "$output" = "" ]
		[ "$(snap "$STORE")" = "$before" ]
	done
	[ "$real_status" -eq 64 ]
	run --separate-stderr cmp-close -d "$STORE" --dry-run --resolution ok C20261123-000001
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-close: C20261123-000001: the resolution needs cause, measures ([close] require)" ]
}

@test "cmp-due --escalate --dry-run prints what the sweep prints and raises nothing; the real sweep then prints the same" {
	three
	before=$(snap "$STORE")
	run --separate-stderr cmp-due -d "$STORE" --escalate --dry-run --now 2026-11-25T12:00 --jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$(jq -r '[.id, .escalation, .level, .due_stage] | join(" ")' <<<"$output")" = "C20261123-000001 3 3 reply
C20261123-000003 2 2 dispatch
C20261123-000002 1 1 visit" ]
	[ "$(snap "$STORE")" = "$before" ]
	dry=$output
	run --separate-stderr cmp-due -d "$STORE" --escalate --now 2026-11-25T12:00 --jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "$dry" ]
	# Nothing left to raise: exit 1, dry or not.
	run --separate-stderr cmp-due -d "$STORE" --escalate --dry-run --now 2026-11-25T12:00
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	run --separate-stderr cmp-due -d "$STORE" --dry-run
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = "cmp-due: --dry-run goes with --escalate: without it cmp-due changes nothing" ]
}

@test "a dry run takes the readers' shared lock: it runs beside a reader, and waits for a writer as a change does" {
	three
	before=$(snap "$STORE")
	run --separate-stderr flock -s "$STORE/.lock" cmp-assign -d "$STORE" --wait 0.2 --dept 市场部 C20261123-000003
	[ "$status" -eq 75 ]
	run --separate-stderr flock -s "$STORE/.lock" cmp-assign -d "$STORE" --wait 0.2 --dry-run --dept 市场部 C20261123-000003
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr flock -x "$STORE/.lock" cmp-assign -d "$STORE" --wait 0.2 --dry-run --dept 市场部 C20261123-000003
	[ "$status" -eq 75 ]
	[ "$output" = "" ]
	run --separate-stderr flock -s "$STORE/.lock" cmp-new -d "$STORE" --wait 0.2 --dry-run --summary x
	[ "$status" -eq 0 ]
	run --separate-stderr flock -s "$STORE/.lock" cmp-due -d "$STORE" --wait 0.2 --dry-run --escalate --now 2026-11-25T12:00 -q
	[ "$status" -eq 0 ]
	[ "$(snap "$STORE")" = "$before" ]
}

@test "a dry run on a JSON Lines store prints JSON Lines, the lines the real run writes" {
	mkdir "$STORE"
	printf '[store]\nencoding = jsonl\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --channel sms --category other --summary '短信' >/dev/null
	before=$(snap "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --dry-run --resolution '已处理' C20261123-000001
	[ "$status" -eq 0 ]
	[ "$(jq -r .status <<<"$output")" = resolved ]
	[ "$(snap "$STORE")" = "$before" ]
	dry=$output
	cmp-close -d "$STORE" --resolution '已处理' C20261123-000001
	[ "$(cat "$STORE/open.jsonl")" = "$dry" ]
}

@test "--excel-safe guards a dry run's records as it guards any CSV on standard output" {
	cmp-new -d "$STORE" --summary '=1+1' >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --dry-run --excel-safe --dept 市场部 C20261123-000001
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == *,"'=1+1",* ]]
	run --separate-stderr cmp-assign -d "$STORE" --dry-run --dept 市场部 C20261123-000001
	[[ "${lines[1]}" == *,=1+1,* ]]
}

@test "without a store --dry-run changes nothing anyway: the filter's output is the same" {
	cmp-new "$SAMPLE" >in.csv
	run --separate-stderr cmp-assign --dept 市场部 --where category=billing in.csv
	[ "$status" -eq 0 ]
	real=$output
	run --separate-stderr cmp-assign --dry-run --dept 市场部 --where category=billing in.csv
	[ "$status" -eq 0 ]
	[ "$output" = "$real" ]
}
