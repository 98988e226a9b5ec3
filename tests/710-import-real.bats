#!/usr/bin/env bats
# tests/710-import-real.bats - cmp-new --import on real public complaint
# data (../shared/corpus/real, see SOURCES.md there) with the maps shipped
# in share/cmp/maps: the CFPB sample cut off in its last record, NYC 311
# service requests whose on-time figures are computed here again from the
# raw file with jq, re-import, and the README's "Real data" section.

load helper

REAL=$SHARED/corpus/real
MAPS=$ROOT/share/cmp/maps
CFPB=$REAL/cfpb/complaints-2023-sample.csv
NYC=$REAL/nyc-311/311_subset.micro.csv
NYC2013=$REAL/nyc-311/311-service-requests.sample.csv

@test "CFPB: every whole record is imported; the last, cut off mid-field, is rejected by its line" {
	need_shared
	run --separate-stderr cmp-new -d "$STORE" --import "$CFPB" --map-file "$MAPS/cfpb.map" --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "${#lines[@]}" -eq 2067 ]
	[ "$stderr" = "cmp-new: $CFPB: 2068 read, 2067 imported, 0 duplicates, 1 rejected" ]
	run cmp-ls --jsonl rejects.csv
	[ "$(jq -r '[.line, .reason, .raw] | join("|")' <<<"$output")" = '3302|unterminated quoted field|2023-07-17,"Credit reporting, credit repair services, ' ]
	# Each record once, by the bureau's own number, with its fields mapped.
	run cmp-ls -d "$STORE" --jsonl
	[ "$(jq -r '.["Complaint ID"]' <<<"$output" | sort -u | wc -l)" -eq 2067 ]
	[ "$(jq -r .channel <<<"$output" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')" = 'hotline=41 letter=9 regulator=17 web=2000 ' ]
	[ "$(jq -r 'select(.["Complaint ID"] == "7523056") | [.received_at, .status, .department, .region, .dispatched_at, .source_system] | join("|")' <<<"$output")" = '2023-08-25T00:00:00+08:00|assigned|EQUIFAX, INC.|FL|2023-08-25T00:00:00+08:00|cfpb' ]
	[[ "$(jq -r .source <<<"$output" | head -n 1)" =~ ^cfpb:[0-9a-f]{64}$ ]]
}

@test "NYC 311: cmp-stats on-time figures equal those computed from the raw file with jq" {
	need_shared
	# The log has no zone; jq's mktime reads times as UTC, so cmp does too.
	export TZ=UTC
	run --separate-stderr cmp-new -d "$STORE" --import "$NYC" --map-file "$MAPS/nyc-311.map" --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-new: $NYC: 2000 read, 1998 imported, 0 duplicates, 2 rejected" ]
	[ "$(cut -d , -f 1 rejects.csv | tail -n +2 | tr '\n' ' ')" = '1074 1604 ' ]
	# Independently: split the CSV (no line breaks inside its quotes), drop
	# the rows whose status their times contradict, take the Due Date or
	# else the policy's 24 hours, and count by agency: rows, solved, solved
	# by the deadline.
	cat >on_time.jq <<-'EOF'
	def fields: [scan("(?:^|,)(\"(?:[^\"]|\"\")*\"|[^,]*)") | .[0]
		| if startswith("\"") then .[1:-1] | gsub("\"\""; "\"") else . end];
	def time: if . == "" then null else strptime("%m/%d/%Y %I:%M:%S %p") | mktime end;
	split("\n") | .[1:] | map(select(length > 0) | fields
		| {created: (.[1] | time), closed: (.[2] | time), agency: .[3],
		   status: {"Closed": "closed", "Open": "new", "Assigned": "assigned", "Pending": "assigned"}[.[19]],
		   due: (.[20] | time)})
	| map(select(if .status == "closed" then .closed != null and .closed >= .created else .closed == null end))
	| map(.due //= .created + 86400)
	| (group_by(.agency)[] | [.[0].agency, length, (map(select(.closed)) | length),
		(map(select(.closed and .closed <= .due)) | length)]),
	  ["", length, (map(select(.closed)) | length), (map(select(.closed and .closed <= .due)) | length)]
	| map(tostring) | join(",")
	EOF
	run jq -R -s -r -f on_time.jq "$NYC"
	[ "$status" -eq 0 ]
	expected=$output
	[ "${#lines[@]}" -eq 14 ]
	run cmp-stats -d "$STORE" --by department --jsonl
	[ "$status" -eq 0 ]
	by_dept=$(jq -r '[.department, .count, .met, .on_time] | map(tostring) | join(",")' <<<"$output")
	run cmp-stats -d "$STORE" --jsonl
	total=$(jq -r '["", .count, .met, .on_time] | map(tostring) | join(",")' <<<"$output")
	[ "$by_dept"$'\n'"$total" = "$expected" ]
	[ "$total" = ,1998,1956,1650 ]
	# The rate is on_time / met, to 4 places.
	[ "$(jq -r .on_time_rate <<<"$output")" = 0.8436 ]
}

@test "NYC 311 of 2013, another schema, with the same map; closed requests archived by month" {
	need_shared
	export TZ=America/New_York
	run --separate-stderr cmp-new -d "$STORE" --import "$NYC2013" --map-file "$MAPS/nyc-311.map" --rejects rejects.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-new: $NYC2013: 199 read, 197 imported, 0 duplicates, 2 rejected" ]
	[ "$(cut -d , -f 1-2 rejects.csv | tail -n +2)" = $'72,"resolved_at is set\n74,"resolved_at is set' ]
	[ "$(ls "$STORE/archive")" = 2013-10.csv ]
	run cmp-ls -d "$STORE" --all --jsonl
	[ "$(jq -r .status <<<"$output" | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')" = 'assigned=23 closed=83 new=91 ' ]
	[ "$(jq -r 'select(.["Unique Key"] == "26589651") | [.received_at, .status, .department, .category, .product, .resolve_due] | join("|")' <<<"$output")" = '2013-10-31T02:08:41-04:00|assigned|NYPD|other|Noise - Street/Sidewalk|2013-10-31T10:08:41-04:00' ]
}

@test "real data: importing again is a no-op" {
	need_shared
	cmp-new -d "$STORE" --import "$CFPB" --map-file "$MAPS/cfpb.map" >/dev/null 2>&1 || true
	cmp-new -d "$STORE" --import "$NYC" --map-file "$MAPS/nyc-311.map" >/dev/null 2>&1 || true
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-new -d "$STORE" --import "$NYC" --map-file "$MAPS/nyc-311.map" --rejects /dev/null
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: $NYC: 2000 read, 0 imported, 1998 duplicates, 2 rejected" ]
	run --separate-stderr cmp-new -d "$STORE" --import "$CFPB" --map-file "$MAPS/cfpb.map" --rejects /dev/null
	[ "$stderr" = "cmp-new: $CFPB: 2068 read, 0 imported, 2067 duplicates, 1 rejected" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

# The blocks of the README's "Real data" section: the commands (sh) and
# what they print (text).
readme_block() {
	awk -v kind="$1" '/^## / { s = ($0 == "## Real data") } s && $0 == "```" kind { f = 1; next }
		f && /^```/ { exit } f' "$ROOT/README.md"
}

@test "the README's Real data section runs as written and prints what it shows" {
	need_shared
	readme_block sh | sed 's|^PATH=\$PWD/build/bin:|PATH=$CMP_BIN:|' >real.sh
	[ "$(grep -c 'CMP_BIN' real.sh)" -eq 1 ]
	cd "$ROOT"
	# Its mktemp -d goes under the test's directory, removed with it.
	TMPDIR=$BATS_TEST_TMPDIR run bash "$BATS_TEST_TMPDIR/real.sh"
	[ "$status" -eq 0 ]
	[ "$(sed 's/ *$//' <<<"$output")" = "$(readme_block text)" ]
}

@test "a period report over imported NYC 311 data runs, in every format" {
	need_shared
	export TZ=America/New_York
	run --separate-stderr cmp-new -d "$STORE" --import "$SHARED/corpus/real/nyc-311/311_subset.micro.csv" \
	    --map-file "$ROOT/share/cmp/maps/nyc-311.map" --rejects rejects.csv
	for f in txt md html; do
		run --separate-stderr cmp-report -d "$STORE" --period 2011 --format $f
		[ "$status" -eq 0 ] || { echo "$f: $status $stderr"; false; }
		[ "$stderr" = "" ]
	done
	run --separate-stderr cmp-report -d "$STORE" --period 2011 --format md
	[ "${lines[0]}" = "# Complaint report 2011" ]
	[[ "$output" == *"| Complaints | 1998 | 0 | +1998 | 0 | +1998 |"* ]]
	[[ "$output" == *"| Resolution rate | 97.9% | — | — | — | — |"* ]]
}
