#!/usr/bin/env bats
# tests/120-torture.bats - crash safety under kill -9 at random instants of
# random mutating commands (SPEC §4), by tests/torture: 200 rounds here
# (CMP_TORTURE_ROUNDS overrides; `make torture ROUNDS=2000` for long runs),
# and the cases it found, each pinned down.

load helper

@test "tests/torture: kill -9 in random commands, every round the store whole and agreeing with its journal" {
	rounds=${CMP_TORTURE_ROUNDS:-200}
	run --separate-stderr "$ROOT/tests/torture" "$rounds"
	[ "$stderr" = "" ] || echo "$stderr"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == "torture: $rounds rounds (seed "*") in "*"s: killed before the commit "*", after it "* ]]
	for l in "${lines[@]}"; do echo "# $l" >&3; done
}

@test "closing an imported ticket into an archive month that lacks its extra column widens the month" {
	cmp-new -d "$STORE" --summary one >/dev/null
	cmp-close -d "$STORE" --resolution r --feedback phone --satisfaction satisfied C20261123-000001 >/dev/null
	printf 'phone,summary,工单号,received_at\n13900000001,two,L7,2026-11-20T08:00\n' >log.csv
	cmp-new -d "$STORE" --import log.csv 2>/dev/null
	run --separate-stderr cmp-close -d "$STORE" --resolution r --feedback phone --satisfaction satisfied C20261123-000002
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = C20261123-000002 ]
	run --separate-stderr cmp-ls -d "$STORE" --all --fields id,工单号,status
	[ "$status" -eq 0 ]
	[ "$output" = "id,工单号,status
C20261123-000001,,closed
C20261123-000002,L7,closed" ]
	[ "$(head -n 1 "$STORE/archive/2026-11.csv" | tr ',' '\n' | tail -n 1)" = 工单号 ]
}

@test "the writer that finishes a pending change sweeps the other leftovers too" {
	cmp-new -d "$STORE" --summary one >/dev/null
	# A killed import's spool, and an intent with nothing left to do.
	printf 'spooled\n' >"$STORE/.import.new"
	printf 'cmp-pending 1\nend\n' >"$STORE/.pending"
	run --separate-stderr cmp-new -d "$STORE" --summary two
	[ "$status" -eq 0 ]
	[ "$output" = C20261123-000002 ]
	run ls -A "$STORE"
	[ "$output" = ".lock
.seq
journal.jsonl
open.csv" ]
}
