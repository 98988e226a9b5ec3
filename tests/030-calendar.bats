#!/usr/bin/env bats
# 030-calendar: the working-day calendar and durations (SPEC §5).
#
# Every date of 2007-2026 is checked against the State Council notices
# (../shared/corpus/holidays-cn): a day the corpus lists is off when
# "isOffDay" is true and a (make-up) working day when it is false; any
# other day is a working day Monday to Friday and off on Saturday and
# Sunday.  Durations are checked with the examples SPEC §5 gives.

load helper

HOLIDAYS=$SHARED/corpus/holidays-cn

# "DATE work|off" for every date of 2007-01-01 .. 2026-12-31 (7305 days),
# as the corpus says it should be.
expected_days() {
	jq -rs '
	    [.[].days[]] | map({key: .date, value: .isOffDay}) | from_entries as $m
	    | range(0; 7305)
	    | (1167609600 + . * 86400) as $t
	    | ($t | strftime("%Y-%m-%d")) as $d
	    | ($t | strftime("%u") | tonumber) as $wd
	    | "\($d) \(if $m[$d] == true then "off"
	              elif $m[$d] == false then "work"
	              elif $wd >= 6 then "off" else "work" end)"
	' "$HOLIDAYS"/[0-9][0-9][0-9][0-9].json
}

@test "every date of 2007-2026 is a working day or not exactly as the State Council says" {
	need_shared
	expected=$(expected_days)
	mapfile -t dates < <(cut -d' ' -f1 <<<"$expected")
	[ "${#dates[@]}" -eq 7305 ]
	[ "${dates[0]}" = 2007-01-01 ]
	[ "${dates[7304]}" = 2026-12-31 ]
	run --separate-stderr cmp-unit workday "${dates[@]}"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 7305 ]
	# Drop the holiday names: this test is about work or off.
	got=$(sed 's/^\([^ ]* [a-z]*\).*/\1/' <<<"$output")
	diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$got")
}

@test "every day the corpus lists, of any year, carries its name and its status" {
	need_shared
	expected=$(jq -r '.days[] | "\(.date) \(if .isOffDay then "off \(.name)" else "work \(.name)调休" end)"' \
	    "$HOLIDAYS"/[0-9][0-9][0-9][0-9].json)
	mapfile -t dates < <(cut -d' ' -f1 <<<"$expected")
	# 2007's notice also moves 2006-12-30 and 2006-12-31.
	[ "${dates[0]}" = 2006-12-30 ]
	[ "${#dates[@]}" -eq 678 ]
	run --separate-stderr cmp-unit workday "${dates[@]}"
	[ "$status" -eq 0 ]
	# Those two days are not a notice for 2006 (see the last test).
	[ "$stderr" = "cmp-unit: calendar has no data for 2006: counting weekends only" ]
	diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$output")
}

@test "holidays, make-up workdays and ordinary days around the 2026 Spring Festival" {
	run --separate-stderr cmp-unit workday 2026-02-13 2026-02-14 2026-02-15 2026-02-23 2026-02-24 2026-02-28 2026-11-22 2026-11-23
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "2026-02-13 work" ]
	[ "${lines[1]}" = "2026-02-14 work 春节调休" ]
	[ "${lines[2]}" = "2026-02-15 off 春节" ]
	[ "${lines[3]}" = "2026-02-23 off 春节" ]
	[ "${lines[4]}" = "2026-02-24 work" ]
	[ "${lines[5]}" = "2026-02-28 work 春节调休" ]
	[ "${lines[6]}" = "2026-11-22 off" ]
	[ "${lines[7]}" = "2026-11-23 work" ]
	[ "${#lines[@]}" -eq 8 ]
}

@test "the shipped calendar is exactly what tools/gen-calendar makes of the corpus" {
	need_shared
	"$ROOT/tools/gen-calendar" "$HOLIDAYS" >cn.txt
	run cmp cn.txt "$ROOT/share/cmp/calendars/cn.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "15wd from Friday 2026-02-13 10:00 skips the Spring Festival and counts its make-up days" {
	run --separate-stderr cmp-unit add 2026-02-13T10:00+08:00 15wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-03-12T10:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "15wd from a holiday (2026-02-15 11:00) starts at 00:00 of the next working day" {
	run --separate-stderr cmp-unit add 2026-02-15T11:00 15wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-03-16T00:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "1wd from 2026-09-30 16:00 jumps the National Day week" {
	run --separate-stderr cmp-unit add 2026-09-30T16:00 1wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-10-08T16:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "1wd from 2026-10-09 09:00 lands on Saturday 2026-10-10, a make-up workday" {
	run --separate-stderr cmp-unit add 2026-10-09T09:00 1wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-10-10T09:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "0wd keeps a time on a working day and moves one on a weekend to the next working day" {
	run --separate-stderr cmp-unit add 2026-11-23T14:15:00+08:00 0wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-23T14:15:00+08:00" ]
	run --separate-stderr cmp-unit add 2026-11-21T14:15:00+08:00 0wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-23T00:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "2wd from a Friday evening is Tuesday at the same clock time" {
	run --separate-stderr cmp-unit add 2026-11-20T18:45:30+08:00 2wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-24T18:45:30+08:00" ]
	[ "$stderr" = "" ]
}

@test "minutes and hours are clock time, whatever the calendar" {
	run --separate-stderr cmp-unit add 2026-02-15T23:50:00+08:00 10m
	[ "$status" -eq 0 ]
	[ "$output" = "2026-02-16T00:00:00+08:00" ]
	run --separate-stderr cmp-unit add 2026-09-30T16:00:00+08:00 72h
	[ "$status" -eq 0 ]
	[ "$output" = "2026-10-03T16:00:00+08:00" ]
	run --separate-stderr cmp-unit add 2026-11-22T09:30:00+08:00 24h
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-23T09:30:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "calendar days keep the clock time and cross month and year ends" {
	run --separate-stderr cmp-unit add 2026-11-22T09:30:00+08:00 3d
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-25T09:30:00+08:00" ]
	run --separate-stderr cmp-unit add 2026-12-30T08:00:00+08:00 3d
	[ "$status" -eq 0 ]
	[ "$output" = "2027-01-02T08:00:00+08:00" ]
	run --separate-stderr cmp-unit add 2028-02-27T08:00:00+08:00 2d
	[ "$status" -eq 0 ]
	[ "$output" = "2028-02-29T08:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "a zero duration is the time itself" {
	run --separate-stderr cmp-unit add 2026-11-22T09:30:00+08:00 0
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-22T09:30:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "a duration that is not 0, Nm, Nh, Nd or Nwd is refused" {
	for d in 10 1w 3x -1d 1.5h wd; do
		run --separate-stderr cmp-unit add 2026-11-22T09:30:00+08:00 "$d"
		[ "$status" -eq 64 ] || { echo "duration $d: status $status"; return 1; }
		[ "$output" = "" ]
		[ "$stderr" = "cmp-unit: bad time or duration" ]
	done
}

@test "a year the calendar lacks (2028) is counted by weekends, with one warning" {
	run --separate-stderr cmp-unit add 2028-03-01T09:00:00+08:00 3wd
	[ "$status" -eq 0 ]
	[ "$output" = "2028-03-06T09:00:00+08:00" ]
	[ "$stderr" = "cmp-unit: calendar has no data for 2028: counting weekends only" ]
}

@test "the warning for a year without data comes once per run, however many days are asked" {
	run --separate-stderr cmp-unit workday 2028-01-01 2028-05-01 2028-10-02 2028-12-30
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2028-01-01 off" ]
	[ "${lines[1]}" = "2028-05-01 work" ]
	[ "${lines[2]}" = "2028-10-02 work" ]
	[ "${lines[3]}" = "2028-12-30 off" ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$stderr" = "cmp-unit: calendar has no data for 2028: counting weekends only" ]
}

@test "a working-day count that runs into a year without data warns for that year once" {
	run --separate-stderr cmp-unit add 2026-12-30T09:00:00+08:00 30wd
	[ "$status" -eq 0 ]
	[ "$output" = "2027-02-10T09:00:00+08:00" ]
	[ "$stderr" = "cmp-unit: calendar has no data for 2027: counting weekends only" ]
}

@test "a year beyond the calendar's range (9999) warns once too, not once a day (found by fuzzing)" {
	run --separate-stderr cmp-unit add 9999-03-01T09:00:00+08:00 30wd
	[ "$status" -eq 0 ]
	[ "$output" = "9999-04-12T09:00:00+08:00" ]
	[ "$stderr" = "cmp-unit: calendar has no data for 9999: counting weekends only" ]
	run --separate-stderr cmp-unit add 2500-12-30T09:00:00+08:00 5wd
	[ "$status" -eq 0 ]
	[ "$output" = "2501-01-06T09:00:00+08:00" ]
	[ "$stderr" = "cmp-unit: calendar has no data for 2500: counting weekends only
cmp-unit: calendar has no data for 2501: counting weekends only" ]
}

@test "a weekend of every day is a configuration error (78), not a working-day count that never ends" {
	printf '[calendar]\nweekend = sun, mon, tue, wed, thu, fri, sat\n' >all.conf
	CMP_UNIT_CONFIG=$PWD/all.conf run --separate-stderr timeout 10 cmp-unit add 2026-11-22T09:00:00+08:00 30wd
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-unit: $PWD/all.conf:2: weekend: \"sun, mon, tue, wed, thu, fri, sat\": every day off leaves no working day to count" ]
}

@test "with [calendar] strict = yes a year without data is a configuration error (78)" {
	printf '[calendar]\nstrict = yes\n' >strict.conf
	CMP_UNIT_CONFIG=$PWD/strict.conf run --separate-stderr cmp-unit add 2028-03-01T09:00:00+08:00 3wd
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-unit: calendar has no data for 2028 ([calendar] strict = yes)" ]
}

@test "with [calendar] strict = yes a covered year counts as usual" {
	printf '[calendar]\nstrict = yes\n' >strict.conf
	CMP_UNIT_CONFIG=$PWD/strict.conf run --separate-stderr cmp-unit add 2026-02-13T10:00:00+08:00 15wd
	[ "$status" -eq 0 ]
	[ "$output" = "2026-03-12T10:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "with [calendar] strict = yes durations that need no calendar still work in 2028" {
	printf '[calendar]\nstrict = yes\n' >strict.conf
	CMP_UNIT_CONFIG=$PWD/strict.conf run --separate-stderr cmp-unit add 2028-03-01T09:00:00+08:00 3d
	[ "$status" -eq 0 ]
	[ "$output" = "2028-03-04T09:00:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "a calendar file of one's own adds holidays and make-up days" {
	printf '# our own\n2026-11-23 off 公司周年\n2026-11-22 work 公司调休\n' >own.txt
	printf '[calendar]\nfile = cn\nfile = %s\n' "$PWD/own.txt" >own.conf
	CMP_UNIT_CONFIG=$PWD/own.conf run --separate-stderr cmp-unit workday 2026-11-22 2026-11-23 2026-11-24 2026-10-01
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22 work 公司调休" ]
	[ "${lines[1]}" = "2026-11-23 off 公司周年" ]
	[ "${lines[2]}" = "2026-11-24 work" ]
	[ "${lines[3]}" = "2026-10-01 off 国庆节" ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$stderr" = "" ]
}

@test "make-up workdays of late 2006 listed for 2007 do not make 2006 covered" {
	run --separate-stderr cmp-unit workday 2006-12-30 2006-05-01
	[ "$status" -eq 0 ]
	[ "$output" = "2006-12-30 work 元旦调休
2006-05-01 work" ]
	[ "$stderr" = "cmp-unit: calendar has no data for 2006: counting weekends only" ]
}
