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
