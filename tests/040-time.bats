#!/usr/bin/env bats
# 040-time: reading times (SPEC §3).  ISO 8601 with an offset or Z, and
# the local forms "2026-11-22 09:30[:ss]", "2026-11-22T09:30[:ss]" and a
# bare date (its midnight) in the local zone (TZ; +08:00 when TZ is unset,
# as cmp(7) documents).  Output is always ISO 8601 with the local offset.
# Impossible dates and times are refused, never normalised.

load helper

@test "a time with an offset is kept as it is in +08:00" {
	run --separate-stderr cmp-unit parse 2026-11-22T09:30:00+08:00
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-22T09:30:00+08:00" ]
	[ "$stderr" = "" ]
}

@test "a time with another offset is converted to the local zone" {
	run --separate-stderr cmp-unit parse 2026-11-22T09:30:00-05:00 2026-11-22T09:30:00+05:30 2026-11-22T09:30:00+0530 2026-11-22T09:30:00+08 2026-11-22T09:30+01:00
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T22:30:00+08:00" ]
	[ "${lines[1]}" = "2026-11-22T12:00:00+08:00" ]
	[ "${lines[2]}" = "2026-11-22T12:00:00+08:00" ]
	[ "${lines[3]}" = "2026-11-22T09:30:00+08:00" ]
	[ "${lines[4]}" = "2026-11-22T16:30:00+08:00" ]
	[ "${#lines[@]}" -eq 5 ]
	[ "$stderr" = "" ]
}

@test "Z is UTC" {
	run --separate-stderr cmp-unit parse 2026-11-22T01:30:00Z 2026-11-21T20:00Z
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T09:30:00+08:00" ]
	[ "${lines[1]}" = "2026-11-22T04:00:00+08:00" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "an offset across midnight and the year end changes the date" {
	run --separate-stderr cmp-unit parse 2026-12-31T20:00:00Z 2027-01-01T00:30:00+09:00
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2027-01-01T04:00:00+08:00" ]
	[ "${lines[1]}" = "2026-12-31T23:30:00+08:00" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "fractions of a second are dropped" {
	run --separate-stderr cmp-unit parse 2026-11-22T09:30:15.875+08:00 2026-11-22T01:30:15,5Z
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T09:30:15+08:00" ]
	[ "${lines[1]}" = "2026-11-22T09:30:15+08:00" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "local forms with a space or a T, with or without seconds, read in TZ" {
	run --separate-stderr cmp-unit parse "2026-11-22 09:30" "2026-11-22 09:30:15" 2026-11-22T09:30 2026-11-22T09:30:15
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T09:30:00+08:00" ]
	[ "${lines[1]}" = "2026-11-22T09:30:15+08:00" ]
	[ "${lines[2]}" = "2026-11-22T09:30:00+08:00" ]
	[ "${lines[3]}" = "2026-11-22T09:30:15+08:00" ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$stderr" = "" ]
}

@test "a bare date is its midnight in the local zone" {
	run --separate-stderr cmp-unit parse 2026-11-22 2024-02-29
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T00:00:00+08:00" ]
	[ "${lines[1]}" = "2024-02-29T00:00:00+08:00" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "the first and last instants of a day are accepted" {
	run --separate-stderr cmp-unit parse "2026-11-22 00:00:00" "2026-11-22 23:59:59"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T00:00:00+08:00" ]
	[ "${lines[1]}" = "2026-11-22T23:59:59+08:00" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "impossible dates are refused, not normalised" {
	run --separate-stderr cmp-unit parse 2026-02-30 2026-02-29 2025-02-29 2100-02-29 2026-04-31 2026-13-01 2026-00-10 2026-11-00 2026-11-32
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 9 ]
	for i in 0 1 2 3 4 5 6 7 8; do
		[ "${lines[$i]}" = bad ] || { echo "argument $((i + 1)): ${lines[$i]}"; return 1; }
	done
	[ "$stderr" = "" ]
}

@test "impossible times of day are refused" {
	run --separate-stderr cmp-unit parse "2026-11-22 25:00" "2026-11-22 24:00" 2026-11-22T23:60 2026-11-22T09:30:60 2026-11-22T09:30:00+15:00 2026-11-22T09:30:00+08:60
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 6 ]
	for i in 0 1 2 3 4 5; do
		[ "${lines[$i]}" = bad ] || { echo "argument $((i + 1)): ${lines[$i]}"; return 1; }
	done
}

@test "text that is not one of the accepted forms is refused" {
	run --separate-stderr cmp-unit parse "" 20261122 2026-1-2 2026-11-22T9:30 2026-11-22T09 "2026-11-22  09:30" 2026-11-22T09:30:00+08:00x "2026-11-22 09:30 " 2026/11/22 "22/11/2026 09:30" yesterday 2026-11-22T09:30:00.+08:00
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 12 ]
	for i in $(seq 0 11); do
		[ "${lines[$i]}" = bad ] || { echo "argument $((i + 1)): ${lines[$i]}"; return 1; }
	done
}

@test "with TZ unset local times are +08:00 (CST-8, the documented default)" {
	unset TZ
	run --separate-stderr cmp-unit parse "2026-11-22 09:30" 2026-11-22T01:30:00Z 2026-07-01T12:00
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T09:30:00+08:00" ]
	[ "${lines[1]}" = "2026-11-22T09:30:00+08:00" ]
	[ "${lines[2]}" = "2026-07-01T12:00:00+08:00" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "$stderr" = "" ]
}

@test "with TZ empty local times are +08:00 too" {
	TZ= run --separate-stderr cmp-unit parse "2026-11-22 09:30"
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-22T09:30:00+08:00" ]
}

@test "another TZ reads local forms and writes every time in that zone" {
	TZ=UTC run --separate-stderr cmp-unit parse "2026-11-22 09:30" 2026-11-22T09:30:00+08:00
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T09:30:00+00:00" ]
	[ "${lines[1]}" = "2026-11-22T01:30:00+00:00" ]
	[ "${#lines[@]}" -eq 2 ]
	TZ=Asia/Kolkata run --separate-stderr cmp-unit parse 2026-11-22T09:30:00+08:00
	[ "$status" -eq 0 ]
	[ "$output" = "2026-11-22T07:00:00+05:30" ]
}

@test "a local time in a daylight-saving gap does not exist and is refused" {
	TZ=America/New_York run --separate-stderr cmp-unit parse "2026-03-08 02:30" "2026-03-08 03:30" "2026-07-01 12:00" "2026-12-01 12:00"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = bad ]
	[ "${lines[1]}" = "2026-03-08T03:30:00-04:00" ]
	[ "${lines[2]}" = "2026-07-01T12:00:00-04:00" ]
	[ "${lines[3]}" = "2026-12-01T12:00:00-05:00" ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "the same instant written three ways reads the same" {
	run --separate-stderr cmp-unit parse "2026-11-22 17:05:09" 2026-11-22T09:05:09Z 2026-11-22T04:05:09-05:00
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "2026-11-22T17:05:09+08:00" ]
	[ "${lines[1]}" = "2026-11-22T17:05:09+08:00" ]
	[ "${lines[2]}" = "2026-11-22T17:05:09+08:00" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "an offset colon needs its minutes; lowercase t and z are RFC 3339" {
	run --separate-stderr cmp-unit parse 2026-11-22T09:30:00+08: 2026-11-22t09:30:00z 2026-11-22T09:30:00+0530
	[ "$status" -eq 0 ]
	[ "$output" = "bad
2026-11-22T17:30:00+08:00
2026-11-22T12:00:00+08:00" ]
}
