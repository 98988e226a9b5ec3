#!/usr/bin/env bats
# The workflow tools on JSON Lines: a JSON Lines store through a whole
# life, filters that convert to CSV, and a mistyped store that is never
# created.
load helper

@test "a JSON Lines store goes through dispatch, resolution and archive" {
	printf '[store]\nencoding = jsonl\n' >jsonl.conf
	run --separate-stderr cmp-new -d "$STORE" --config jsonl.conf --summary 信号差 --category network
	[ "$output" = C20261123-000001 ]
	cmp-assign -d "$STORE" --config jsonl.conf --auto C20261123-000001
	cmp-close -d "$STORE" --config jsonl.conf --now 2026-11-23T11:00 --resolution 已修复 --feedback sms --satisfaction basic C20261123-000001
	[ -s "$STORE/archive/2026-11.jsonl" ]
	[ ! -s "$STORE/open.jsonl" ]
	run --separate-stderr jq -r '[.department, .status, .satisfaction, .closed_at] | join(",")' "$STORE/archive/2026-11.jsonl"
	[ "$output" = "网络部,closed,basic,2026-11-23T11:00:00+08:00" ]
}

@test "filters write CSV from JSON Lines input under the first record's fields" {
	cmp-new --jsonl --summary a -s ward=7 >t.jsonl
	run --separate-stderr cmp-assign --dept 客服部 --csv t.jsonl
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == id,received_at,*,updated_at,ward ]]
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr cmp-ls --fields id,department,ward,status <<<"$output"
	[ "$output" = "id,department,ward,status
C20261123-000001,客服部,7,assigned" ]
}

@test "cmp-due writes CSV from a JSON Lines store" {
	printf '[store]\nencoding = jsonl\n' >jsonl.conf
	cmp-new -d "$STORE" --config jsonl.conf --received 2026-11-23T09:00 --summary x >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --config jsonl.conf --csv
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-ls --fields id,due_stage,overdue_min,level <<<"$output"
	[ "$output" = "id,due_stage,overdue_min,level
C20261123-000001,dispatch,30,1" ]
}

@test "only cmp-new creates a store: the other tools exit 66 and create nothing" {
	for cmd in "cmp-assign --dept X C1" "cmp-close --force --reason x C1" "cmp-due --escalate" "cmp-due" "cmp-ls"; do
		run --separate-stderr $cmd -d "$BATS_TEST_TMPDIR/typo"
		[ "$status" -eq 66 ] || { echo "$cmd: $status"; false; }
		[ "$stderr" = "${cmd%% *}: $BATS_TEST_TMPDIR/typo: No such file or directory" ]
		[ ! -e "$BATS_TEST_TMPDIR/typo" ]
	done
}

@test "a change that changes nothing is neither printed nor journaled" {
	cmp-new -d "$STORE" --summary x >/dev/null
	cmp-close -d "$STORE" -s rating=5 C20261123-000001
	lines_before=$(wc -l <"$STORE/journal.jsonl")
	run --separate-stderr cmp-close -d "$STORE" -s rating=5 C20261123-000001
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(wc -l <"$STORE/journal.jsonl")" -eq "$lines_before" ]
}

@test "feedback and a dissatisfied visit in one command keep the feedback in the journal" {
	cmp-new -d "$STORE" --summary x >/dev/null
	cmp-close -d "$STORE" --resolution ok C20261123-000001 >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --now 2026-11-23T11:00 --feedback phone --satisfaction dissatisfied C20261123-000001
	[ "$status" -eq 0 ]
	run --separate-stderr jq -c 'select(.now == "2026-11-23T11:00:00+08:00") | .changes.feedback_at' "$STORE/journal.jsonl"
	[ "$output" = '["","2026-11-23T11:00:00+08:00"]
["2026-11-23T11:00:00+08:00",""]' ]
}
