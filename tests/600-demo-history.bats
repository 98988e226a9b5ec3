#!/usr/bin/env bats
# tools/demo-history: a store with 14 months of history (2025-10 ..
# 2026-11), made only by the tools at the times things happened (--now),
# for the reports' month-on-month and year-on-year figures.  Its figures
# are exact, and a second run gives the very same store.
#
# The whole history is about two thousand tool runs: two runs at once on
# the normal build take about half a minute on two cores.  Under the sanitizers a
# run costs ten times as much, so there only its first month is made
# (every kind of step happens in it) and the full history is checked on
# the normal build.
load helper

END=2026-11-21T09:00:00+08:00

setup_file() {
	export DEMO=$BATS_FILE_TMPDIR
	[ "${CMP_SAN:-0}" = 1 ] && return 0
	# the two runs share nothing: one proves the other
	CMP_BIN=$CMP_BIN "$ROOT/tools/demo-history" "$DEMO/a" >"$DEMO/a.out" 2>"$DEMO/a.err" &
	local a=$!
	CMP_BIN=$CMP_BIN "$ROOT/tools/demo-history" "$DEMO/b" >"$DEMO/b.out" 2>"$DEMO/b.err" &
	local b=$!
	local ra=0 rb=0
	wait "$a" || ra=$?
	wait "$b" || rb=$?
	echo "$ra" >"$DEMO/a.rc"
	echo "$rb" >"$DEMO/b.rc"
}

full() {
	[ "${CMP_SAN:-0}" != 1 ] || skip "the full history under the sanitizers takes minutes: checked on the normal build"
	A=$DEMO/a
	export CMP_NOW=$END
}

# The keys and one column of cmp-stats over the store A.
stat() {
	local col=$1
	shift
	cmp-stats -d "$A" "$@" | awk -F, -v c="$col" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $1 "," $k }'
}

# Columns of cmp-stats's total line over the store A.
total() {
	cmp-stats -d "$A" | awk -F, -v cols="$*" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ n = split(cols, w, " "); s = ""; for (i = 1; i <= n; i++) s = s (i > 1 ? " " : "") $c[w[i]]; print s }'
}

# How many tickets, open or archived, match a --where.
count() {
	cmp-ls -d "$A" --all --where "$1" --fields id --csv | tail -n +2 | wc -l
}

@test "gen-sample without options still makes the shipped sample, byte for byte" {
	[ "$("$ROOT/tools/gen-sample" | md5sum)" = "d0671bce41666d6ac27d5a27b7c8168e  -" ]
	"$ROOT/tools/gen-sample" | cmp - "$SAMPLE"
}

@test "gen-sample's options: a longer range, a mass complaint, usage errors" {
	run --separate-stderr "$ROOT/tools/gen-sample" --count 40 --from 2025-12-30 --to 2026-01-02 --seed 9 --mass 2026-01-01
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	printf '%s\n' "$output" >s.csv
	[ "$(cmp-ls --fields received_at s.csv | tail -n +2 | cut -c1-10 | sort -u | tr '\n' ' ')" = "2025-12-30 2025-12-31 2026-01-01 2026-01-02 " ]
	[ "$(cmp-ls --fields id s.csv | tail -n +2 | wc -l)" -eq 40 ]
	# the mass complaint: 6 to 9 network tickets of one region that day
	run cmp-stats --by day,region,category --where category=network s.csv
	[[ "$(printf '%s\n' "$output" | awk -F, '$1 == "2026-01-01" && $4 >= 6')" == 2026-01-01,*,network,* ]]
	for bad in "--count 0" "--from 2026-13-01" "--to 2025-12-01" "--mass 2027-01-01" "--seed x" "--bogus"; do
		run "$ROOT/tools/gen-sample" $bad
		[ "$status" -eq 64 ]
	done
}

@test "demo-history refuses an existing directory and bad options; --plan writes nothing" {
	mkdir there
	run "$ROOT/tools/demo-history" there
	[ "$status" -eq 73 ]
	run "$ROOT/tools/demo-history" --until tomorrow x
	[ "$status" -eq 64 ]
	run "$ROOT/tools/demo-history"
	[ "$status" -eq 64 ]
	run --separate-stderr "$ROOT/tools/demo-history" --plan x
	[ "$status" -eq 0 ]
	[ ! -e x ]
	[ "${lines[-1]}" = RUNS=2067 ]
	# every tool run says when it happens
	[ "$(printf '%s\n' "$output" | grep -Ec '^[nxe] 20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:00\+08:00( |$)')" -eq 2067 ]
}

@test "the first month runs clean (under the sanitizers too) and is the start of the full history" {
	run --separate-stderr "$ROOT/tools/demo-history" --until 2025-11-01 "$STORE"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "demo-history: $STORE: 117 tickets in 130 tool runs, up to 2025-11-01T00:00:00+08:00" ]
	run cmp-stats -d "$STORE" --by status
	[ "$(printf '%s\n' "$output" | cut -d, -f1,2 | tr '\n' ' ')" = "status,count assigned,9 closed,101 resolved,7 " ]
	[ "$(ls "$STORE/archive")" = 2025-10.csv ]
	[ "${CMP_SAN:-0}" != 1 ] || return 0
	# the same steps as the full history's first month, to the byte
	[ "$(cat "$DEMO/a.rc")" -eq 0 ]
	n=$(wc -l <"$STORE/journal.jsonl")
	cmp <(jq -c 'del(.time, .prev)' "$STORE/journal.jsonl") <(head -n "$n" "$DEMO/a/journal.jsonl" | jq -c 'del(.time, .prev)')
}

@test "the full history: 1500 tickets in 2067 tool runs, nothing on standard error" {
	full
	[ "$(cat "$DEMO/a.rc")" -eq 0 ]
	[ "$(cat "$DEMO/a.out")" = "demo-history: $A: 1500 tickets in 2067 tool runs, up to $END" ]
	[ ! -s "$DEMO/a.err" ]
	[ "$(total count open resolved closed)" = "1500 16 1434 1478" ]
}

@test "tickets in every state; 14 months in the archive" {
	full
	[ "$(stat count --by status | tr '\n' ' ')" = "assigned,13 closed,1478 new,3 resolved,6 " ]
	[ "$(ls "$A/archive" | tr '\n' ' ')" = "2025-10.csv 2025-11.csv 2025-12.csv 2026-01.csv 2026-02.csv 2026-03.csv 2026-04.csv 2026-05.csv 2026-06.csv 2026-07.csv 2026-08.csv 2026-09.csv 2026-10.csv 2026-11.csv " ]
	# received month by month, for 环比 and 同比
	[ "$(stat count --by month | tr '\n' ' ')" = "2025-10,119 2025-11,112 2025-12,110 2026-01,109 2026-02,100 2026-03,108 2026-04,117 2026-05,97 2026-06,113 2026-07,113 2026-08,93 2026-09,108 2026-10,124 2026-11,77 " ]
}

@test "returns and redispatches, reopenings, escalations, repeats, visits of every kind" {
	full
	[ "$(count 'returns>0')" -eq 71 ]
	[ "$(count 'dispatches>1')" -eq 71 ]
	[ "$(count 'reopens>0')" -eq 136 ]
	[ "$(count 'reopens>1')" -eq 12 ]
	[ "$(count 'escalation>0')" -eq 182 ]
	[ "$(count 'escalation>2')" -eq 21 ]
	[ "$(count 'satisfaction=satisfied')" -eq 1251 ]
	[ "$(count 'satisfaction=basic')" -eq 153 ]
	[ "$(count 'satisfaction=dissatisfied')" -eq 51 ]
	[ "$(count 'status=closed,satisfaction=')" -eq 24 ]	# forced: unreachable
	[ "$(count 'status=closed,dispatched_at=')" -eq 19 ]	# solved at first contact
	# and the rates of cmp-stats
	[ "$(total escalated repeat reopen_rate on_time_rate satisfied_rate)" = "182 65 0.0593 0.8828 0.9649" ]
	for stage in dispatch reply feedback; do
		printf '%s %s\n' $stage "$(cmp-stats -d "$A" --stage $stage | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $c["met"], $c["on_time"] }')"
	done >stages
	[ "$(cat stages)" = "$(printf '%s\n' 'dispatch 1478 1375' 'reply 350 277' 'feedback 1428 1304')" ]
}

@test "mass complaints: one in 2025-12, one in the report's month 2026-11" {
	full
	run cmp-stats -d "$A" --by day,region,category
	[ "$(printf '%s\n' "$output" | awk -F, 'NR > 1 && $4 >= 5 { print $1, $2, $3, $4 }' | tr '\n' ' ')" = "2025-12-09 海淀区 network 7 2026-11-12 丰台区 network 9 " ]
}

@test "nothing happened after the end, and the clock never went back" {
	full
	run sh -c "cmp-ls -d '$A' --all --jsonl | jq -r 'to_entries[] | select(.key | test(\"_at\$\")) | .value | select(. != \"\")' | sort | tail -n 1"
	[ "$output" = "$END" ]
	[ "$(jq -r .now "$A/journal.jsonl" | sort -c && jq -r .now "$A/journal.jsonl" | tail -n 1)" = "$END" ]
}

@test "a second run makes the very same store" {
	full
	[ "$(cat "$DEMO/b.rc")" -eq 0 ]
	cmp <(cmp-ls -d "$A" --all --jsonl) <(cmp-ls -d "$DEMO/b" --all --jsonl)
	cmp <(jq -c 'del(.time, .prev)' "$A/journal.jsonl") <(jq -c 'del(.time, .prev)' "$DEMO/b/journal.jsonl")
	# The wall clock differs, so the chain does; each verifies.
	run --separate-stderr cmp-ls -d "$A" --verify
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-ls -d "$DEMO/b" --verify
	[ "$status" -eq 0 ]
	cmp "$A/cmp.conf" "$DEMO/b/cmp.conf"
}

@test "the monthly report of the demo store has every section, each with something to show" {
	full
	printf 'November: the mass complaint of 12 Nov.\n' >notes.md
	run --separate-stderr cmp-report -d "$A" --period 2026-11 --format md --notes notes.md
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(grep '^## ' <<<"$output")" = "## Totals and rates
## Trend
## Breakdowns
## Department ranking
## Causes and measures
## Overdue and escalated
## Repeat complaints
## Mass complaints
## Typical cases
## First-responder accountability: rule violations by department
## Analysis and recommendations" ]
	# 77 complaints in 21 working days, 124 in October's 18 (国庆), 112 in 20.
	grep -Fqx '| Complaints per working day | 3.67 | 6.89 | -46.8% | 5.60 | -34.5% |' <<<"$output"
	grep -Fqx '| 1 | 市场部 | 12 | 100.0% (11/11) | 74.1% |  |' <<<"$output"
	[ "$(grep -c 'not ranked: fewer than 10 tickets |$' <<<"$output")" -eq 4 ]
	grep -Fqx '| 2026-11-12 | 丰台区 | network | 9 |' <<<"$output"
	grep -Fqx 'Cases matching reopens\>0: 3' <<<"$output"
	grep -Fqx '| Total | 77 | 2 | 6 | — | 1 | 5 | 0 | 3 | 3 | 7 |' <<<"$output"
	[ "${lines[-1]}" = 'November: the mass complaint of 12 Nov.' ]
}
