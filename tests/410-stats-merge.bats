#!/usr/bin/env bats
# cmp-stats --partial over shards, then --merge: byte for byte the output
# of one pass, on the shipped sample and on 10,000 generated tickets
# (tests/gen-tickets), for several --by, stages, ranges and --where; the
# shards dealt round robin or cut in four, so that a complaint and its
# repeat usually sit in different shards; by hand and through GNU
# parallel; partials as JSON Lines concatenated and sorted, as a
# map-reduce engine hands them to its reducer.
load helper

setup_file() {
	"$BATS_TEST_DIRNAME/gen-tickets" 10000 >"$BATS_FILE_TMPDIR/gen.csv"
	cmp-new --now 2026-11-23T10:00:00+08:00 --jsonl "$SAMPLE" >"$BATS_FILE_TMPDIR/sample.jsonl"
}

GEN=$BATS_FILE_TMPDIR/gen.csv

# Deal the records of CSV file $1 round robin into $2 shards shard.aa ...,
# each with the header.
deal_csv() {
	rm -f shard.*
	# shellcheck disable=SC2016 # the --filter's shell expands them
	tail -n +2 "$1" | H=$1 split -n r/"$2" --filter='{ head -n 1 "$H"; cat; } >"$FILE"' - shard.
}

# The sum of the repeats counted in each shard alone.
repeats_alone() {
	local s n=0
	for s in shard.??; do
		cmp-stats --jsonl "$s" >alone.jsonl
		n=$((n + $(jq -r .repeat alone.jsonl)))
	done
	echo "$n"
}

# cmp-stats ARGS over file $INPUT in one pass, and --partial ARGS over
# each shard.?? then --merge: the same bytes, and not nothing.
same_as_one_pass() {
	local s
	cmp-stats "$@" "$INPUT" >one.out
	for s in shard.??; do
		cmp-stats --partial "$@" "$s" >"$s.part"
	done
	cmp-stats --merge shard.??.part >merged.out
	[ -s one.out ]
	diff -u one.out merged.out
}

@test "the sample's 300 tickets: four shards merged are one pass" {
	INPUT=$BATS_FILE_TMPDIR/sample.jsonl
	split -n r/4 "$INPUT" shard.
	# Dealt round robin, the shards alone see fewer repeats than the whole
	# (6 of 13 today): some pairs are split between shards.
	run --separate-stderr cmp-stats --csv "$INPUT"
	local total=${lines[1]##*,}
	[ "$total" -gt 0 ]
	[ "$(repeats_alone)" -lt "$total" ]
	same_as_one_pass
	same_as_one_pass --by category --where 'region~区$'
	same_as_one_pass --by region,week --stage dispatch --from 2026-11-10 --to 2026-11-20
	[ "$(head -c 1 merged.out)" = "{" ]
}

@test "10,000 generated tickets: four shards merged are one pass, with --by, --stage, a range and --where" {
	INPUT=$GEN
	deal_csv "$GEN" 4
	[ "$(wc -l <shard.ad)" -eq 2501 ]
	run --separate-stderr cmp-stats "$GEN"
	[ "${lines[1]%%,*}" = 10000 ]
	[ "${lines[1]##*,}" = 1860 ]
	[ "$(repeats_alone)" -eq 507 ]
	same_as_one_pass
	same_as_one_pass --by department,month --stage dispatch
	same_as_one_pass --by severity,week --stage feedback --from 2026-03-01 --to 2026-04-01 \
	    --where 'status!=new,escalation>0'
	[ "$(wc -l <merged.out)" -eq 17 ]
}

@test "seven shards: the merge does not depend on the split" {
	INPUT=$GEN
	deal_csv "$GEN" 7
	same_as_one_pass --by department,month
	local parts=(shard.??.part)
	[ "${#parts[@]}" -eq 7 ]
	run --separate-stderr cmp-stats --merge --table shard.??.part
	[ "$status" -eq 0 ]
	[ "${lines[0]%%count*}" = "department  month    " ]
}

@test "GNU parallel: shards cut in four with their header, partials in parallel, then --merge" {
	tail -n +2 "$GEN" >body.csv
	# shellcheck disable=SC2016 # the --filter's shell expands them
	H=$GEN split -n l/4 --filter='{ head -n 1 "$H"; cat; } >"$FILE"' body.csv shard.
	[ "$(cat shard.?? | grep -c '^G')" -eq 10000 ]
	# Cut in four pieces of time, only the pairs across a cut are split:
	# 189 of the 1860, where dealing round robin split 1353.
	[ "$(repeats_alone)" -eq 1671 ]
	cmp-stats --by department,month --stage dispatch "$GEN" >one.out
	parallel cmp-stats --partial --by department,month --stage dispatch {} '>' {}.part ::: shard.??
	run --separate-stderr cmp-stats --merge shard.??.part
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat one.out)" ]
	# JSON Lines partials need no header, so parallel's outputs simply
	# concatenate.
	cmp-stats --by category --stage feedback "$GEN" >one.out
	parallel cmp-stats --partial --jsonl --by category --stage feedback ::: shard.?? >all.jsonl
	cmp-stats --merge --csv all.jsonl >merged.out
	diff -u one.out merged.out
}

@test "JSON Lines partials merge in any order, as a reducer gets them sorted" {
	deal_csv "$GEN" 4
	cmp-stats --by region,month --stage reply "$GEN" >one.out
	local s
	for s in shard.??; do
		cmp-stats --partial --jsonl --by region,month --stage reply "$s" >"$s.part"
	done
	sort shard.??.part >sorted.jsonl
	[ "$(head -c 10 sorted.jsonl)" = '{"kind":"c' ]
	cmp-stats --merge --csv sorted.jsonl >merged.out
	diff -u one.out merged.out
	# CSV and JSON Lines partials mix; the output is the first one's.
	cmp-stats --partial --by region,month --stage reply shard.aa >aa.csv
	cmp-stats --merge aa.csv shard.ab.part shard.ac.part shard.ad.part >merged.out
	diff -u one.out merged.out
	cmp-stats --merge - <sorted.jsonl >merged.out
	[ "$(head -c 11 merged.out)" = '{"region":"' ]
}
