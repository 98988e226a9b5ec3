#!/usr/bin/env bats
# The README's examples run as written (against the binaries under test).
load helper

# The shell block under the heading "## A short tour".
tour() {
	awk '/^## A short tour/ { t = 1 } t && /^```sh/ { f = 1; next } f && /^```/ { exit } f' "$ROOT/README.md"
}

@test "the README's tour runs and prints what it promises" {
	tour | sed 's|^PATH=\$PWD/build/bin:|PATH=$CMP_BIN:|' >tour.sh
	[ "$(grep -c 'CMP_BIN' tour.sh)" -eq 1 ]
	cd "$ROOT"
	run --separate-stderr bash -e "$BATS_TEST_TMPDIR/tour.sh"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = C20261121-000001 ]
	[ "${lines[1]}" = 300 ]
	[ "${lines[2]}" = "id                received_at                name  phone        summary" ]
	[[ "$output" == *"    122 hotline"* ]]
	# The life of C20261121-000001 ends archived, as satisfied.
	[[ "$output" == *"2026-11-24T10:00:00+08:00,cmp-close,satisfaction,satisfied
2026-11-24T10:00:00+08:00,cmp-close,closed_at,2026-11-24T10:00:00+08:00
"* ]]
	[[ "$output" == *"id                due_stage  overdue_min  level  owner"* ]]
	[ "${lines[-1]}" = 2026-12-10T11:35:32+08:00 ]
}

# The shell blocks under "## Why trust cmp", in order, as one script.  A
# block right after a line "<!-- not yet built: ... -->" is left out: its
# feature is being built on another branch, and the line goes when it is
# merged (the next test says how many are left out).
trust() {
	awk '/^## / { t = ($0 == "## Why trust cmp") }
		t && /^<!-- not yet built:/ { pending = 1 }
		t && /^```sh/ { f = 1; next }
		f && /^```/ { f = 0; pending = 0; next }
		f && !pending' "$ROOT/README.md"
}

@test "the README's trust examples run and show what they promise" {
	trust | sed 's|^PATH=\$PWD/build/bin:|PATH=$CMP_BIN:|' >trust.sh
	[ "$(grep -c 'CMP_BIN' trust.sh)" -eq 1 ]
	cd "$ROOT"
	run --separate-stderr bash -e "$BATS_TEST_TMPDIR/trust.sh"
	[ "$status" -eq 0 ]
	# The setup: the new ticket's id, printed again by the dispatch.
	[ "${lines[0]}" = C20260930-000001 ]
	# The dry run's record, and the ticket left as it was.
	[[ "$output" == *"
resolved 2026-10-14T15:00:00+08:00
status
assigned
exit 65
"* ]]
	[[ "$stderr" == *"cmp-close: C20260930-000001: the resolution needs cause, measures ([close] require)"* ]]
	# The ranking: 客服部's 4 of 5 on time is not ranked; 网络部's 5 of 23
	# ranks above 市场部's 3 of 14 by the lower bound.
	[[ "$output" == *"
   1  网络部           87            21.7% (5/23)         9.7%  
   2  市场部           74            21.4% (3/14)         7.6%  
   —  (none)          134                       —            —  not dispatched
   —  客服部            5             80.0% (4/5)        37.6%  not ranked: fewer than 10 tickets
"* ]]
	[[ "$output" == *'
{"type":"string","enum":["","general","complex","urgent"]}
C20280301-000001
exit 78' ]]
	[[ "$stderr" == *"cmp-new: calendar has no data for 2028: counting weekends only
cmp-new: calendar has no data for 2028 ([calendar] strict = yes)" ]]
}

@test "the README's trust examples are all built (none marked not yet built)" {
	local pending
	pending=$(grep '^<!-- not yet built:' "$ROOT/README.md" | sed 's/^<!-- not yet built: \(.*\) -->$/\1/' | paste -sd ';' -)
	[ -z "$pending" ] || skip "marked not yet built, left out of the test above: $pending"
}
