#!/usr/bin/env bats
# tests/340-workflow-safety.bats - the workflow tools on a shared store
# (SPEC §4): cmp-assign, cmp-close and cmp-new at once lose no change;
# kill -9 in the middle of a cmp-close of hundreds of tickets leaves each
# ticket exactly once, wholly before or wholly after (one command is one
# change), and the store usable; a refused transition leaves every store
# file byte-identical.

load helper

# The ids C20261123-000001 .. C20261123-00000N, one a line.
ids_upto() {
	seq -f 'C20261123-%06g' "$1"
}

# Milliseconds since the epoch.
ms() {
	echo $(($(date +%s%N) / 1000000))
}

@test "cmp-assign, cmp-close and cmp-new at once, each a chain of steps: no change lost" {
	printf 'summary\n' >ten.csv
	for i in $(seq 10); do printf 't%s\n' "$i" >>ten.csv; done
	cmp-new -d "$STORE" --now 2026-11-23T09:00 ten.csv >/dev/null
	pids=()
	# Ten workers, one ticket each, through dispatch, handover, resolution,
	# feedback and the visit: satisfied (even) or dissatisfied (odd).
	for i in $(seq 10); do
		id=$(printf 'C20261123-%06d' "$i")
		if [ $((i % 2)) -eq 0 ]; then visit=satisfied; else visit=dissatisfied; fi
		(
			cmp-assign -d "$STORE" --dept "D$i" "$id" &&
			cmp-assign -d "$STORE" --to "P$i" "$id" &&
			cmp-close -d "$STORE" --resolution "r$i" --cause "c$i" "$id" &&
			cmp-close -d "$STORE" --feedback phone --comment "o$i" "$id" &&
			cmp-close -d "$STORE" --satisfaction "$visit" -s "mark=$i" "$id"
		) >"out.w$i" 2>"err.w$i" &
		pids+=($!)
	done
	# Five registrars, four tickets each, one at a time.
	for p in $(seq 5); do
		(
			for r in $(seq 4); do
				cmp-new -d "$STORE" --summary "n$p-$r" || exit
			done
		) >"out.n$p" 2>"err.n$p" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	[ "$(cat err.*)" = "" ]
	for i in $(seq 10); do
		[ "$(sort -u "out.w$i")" = "$(printf 'C20261123-%06d' "$i")" ]
		[ "$(wc -l <"out.w$i")" -eq 5 ]
	done
	[ "$(sort out.n*)" = "$(seq -f 'C20261123-%06g' 11 30)" ]
	run --separate-stderr cmp-ls -d "$STORE" --all --jsonl
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 30 ]
	[ "$(jq -r .id <<<"$output" | sort)" = "$(ids_upto 30)" ]
	# Every step of every worker is there.
	[ "$(jq -r 'select(.summary | startswith("t")) | [.summary, .status, .department, .assignee, .resolution, .cause, .feedback_channel, .opinion, .satisfaction, .mark, .reopens] | join(" ")' <<<"$output" | sort -V)" = "$(
		for i in $(seq 10); do
			if [ $((i % 2)) -eq 0 ]; then
				echo "t$i closed D$i P$i r$i c$i phone o$i satisfied $i 0"
			else
				echo "t$i assigned D$i P$i r$i c$i phone o$i dissatisfied $i 1"
			fi
		done)" ]
	[ "$(jq -r 'select(.summary | startswith("n")) | .summary' <<<"$output" | sort)" = "$(for p in $(seq 5); do for r in $(seq 4); do echo "n$p-$r"; done; done)" ]
	# The journal: a line per registration and per step, each ticket's steps in order.
	[ "$(wc -l <"$STORE/journal.jsonl")" -eq $((10 + 5 * 10 + 20)) ]
	for i in 1 6; do
		[ "$(jq -r --arg id "$(printf 'C20261123-%06d' "$i")" 'select(.id == $id) | .tool' "$STORE/journal.jsonl" | tr '\n' ' ')" = "cmp-new cmp-assign cmp-assign cmp-close cmp-close cmp-close " ]
	done
	[ "$(cut -d, -f1 "$STORE/archive/2026-11.csv" | sort)" = "$(printf 'C20261123-%06d\n' 10 2 4 6 8 | sort)
id" ]
}

@test "kill -9 during cmp-close of 300 tickets: each ticket once, all or none closed, store usable" {
	base=$BATS_TEST_TMPDIR/base
	cmp-new -d "$base" --now 2026-11-23T09:00 "$SAMPLE" >/dev/null
	cmp-close -d "$base" --resolution 已处理 --feedback phone --now 2026-11-23T09:30 --where status=new >/dev/null
	n=$(wc -l <"$base/journal.jsonl")
	[ "$n" -eq 600 ]
	# How long a whole run takes here (the shorter of two), so that the
	# kills fall inside it.
	span=1000
	for t in 1 2; do
		cp -a "$base" "$BATS_TEST_TMPDIR/timed$t"
		t0=$(ms)
		cmp-close -d "$BATS_TEST_TMPDIR/timed$t" --satisfaction satisfied --where status=resolved >/dev/null
		t1=$(($(ms) - t0))
		[ "$t1" -ge "$span" ] || span=$((t1 > 0 ? t1 : 1))
	done
	before=0 committed=0 finished=0
	for round in $(seq 24); do
		s=$BATS_TEST_TMPDIR/r$round
		cp -a "$base" "$s"
		cmp-close -d "$s" --satisfaction satisfied --where status=resolved >"out.$round" 2>"err.$round" &
		pid=$!
		sleep "$(printf '0.%03d' $((RANDOM % (span + 1))))"
		kill -9 "$pid" 2>/dev/null || true
		rc=0
		wait "$pid" || rc=$?
		case $rc in
		0) [ ! -s "err.$round" ] ;;
		137) ;;
		*) echo "round $round: exit $rc: $(cat "err.$round")"; false ;;
		esac
		# Read through the tools: 300 tickets, each once, all in one state,
		# and a journal line for each closed one.
		cmp-ls -d "$s" --all --jsonl >seen
		state=$(jq -rs '[length, (map(.id) | unique | length), (map(.status) | unique | join(","))] | join(" ")' seen)
		case "$state $rc" in
		"300 300 resolved 137") before=$((before + 1)) closed=0 ;;
		"300 300 closed 137") committed=$((committed + 1)) closed=300 ;;
		"300 300 closed 0") finished=$((finished + 1)) closed=300 ;;
		*) echo "round $round: exit $rc, tickets, ids, states: $state"; false ;;
		esac
		[ "$(wc -l <"$s/journal.jsonl")" -eq $((n + closed)) ]
		# Home in on the end of the run, where the commit is: aim earlier
		# after a run that finished, later after one killed early.
		if [ "$rc" -eq 0 ]; then span=$((span * 3 / 4)); else span=$((span * 5 / 4 + 1)); fi
		# The store works on: the same command finishes the job (or finds
		# nothing left), each ticket journalled closed once, no leftovers.
		rc=0
		cmp-close -d "$s" --satisfaction satisfied --where status=resolved >/dev/null 2>"err2.$round" || rc=$?
		[ ! -s "err2.$round" ] || { echo "round $round: $(cat "err2.$round")"; false; }
		[ "$rc" -eq $((closed ? 1 : 0)) ]
		[ "$(jq -r 'select(.changes.status == ["resolved", "closed"]) | .id' "$s/journal.jsonl" | sort -u | wc -l)" -eq 300 ]
		[ "$(wc -l <"$s/journal.jsonl")" -eq $((n + 300)) ]
		[ ! -s "$s/open.csv" ]
		run ls -A "$s" "$s/archive"
		[ "$output" = "$s:
.lock
.seq
archive
journal.jsonl
open.csv

$s/archive:
2026-11.csv" ]
		rm -rf "$s"
	done
	echo "# kill -9: $before before the commit, $committed after it, $finished finished (last aim: $span ms)" >&3
}

@test "kill -9 during cmp-assign and cmp-due --escalate of 300 tickets: all or nothing, store usable" {
	base=$BATS_TEST_TMPDIR/base
	cmp-new -d "$base" --now 2026-11-23T09:00 "$SAMPLE" >/dev/null
	for round in $(seq 10); do
		s=$BATS_TEST_TMPDIR/r$round
		cp -a "$base" "$s"
		if [ $((round % 2)) -eq 0 ]; then
			cmp-assign -d "$s" --dept 客服部 --where status=new >/dev/null 2>"err.$round" &
		else
			cmp-due -d "$s" --escalate -q --now 2026-12-01T10:00 2>"err.$round" &
		fi
		pid=$!
		sleep "0.0$((RANDOM % 6))"
		kill -9 "$pid" 2>/dev/null || true
		rc=0
		wait "$pid" || rc=$?
		[ "$rc" -eq 0 ] || [ "$rc" -eq 137 ]
		[ ! -s "err.$round" ]
		cmp-ls -d "$s" --jsonl >"seen.$round"
		[ "$(jq -r .id "seen.$round" | sort -u | wc -l)" -eq 300 ]
		[ "$(jq -r .id "seen.$round" | wc -l)" -eq 300 ]
		states=$(jq -r '"\(.status) \(.escalation)"' "seen.$round" | sort | uniq -c | awk '{print $1, $2, $3}')
		case $states in
		"300 new 0"|"300 assigned 0"|"300 new 3") ;;
		*) echo "round $round: half a change: $states"; false ;;
		esac
		# A run that finished did its change.
		[ "$rc" -eq 137 ] || [ "$states" != "300 new 0" ]
		run --separate-stderr cmp-new -d "$s" --summary after
		[ "$status" -eq 0 ]
		[ "$output" = C20261123-000301 ]
		rm -rf "$s"
	done
}

@test "every refused transition leaves every store file byte-identical" {
	# N new, A assigned, R resolved, F fed back, X closed.
	printf 'summary\nN\nA\nR\nF\nX\n' >in.csv
	cmp-new -d "$STORE" --now 2026-11-23T09:00 in.csv >/dev/null
	N=C20261123-000001 A=C20261123-000002 R=C20261123-000003 F=C20261123-000004 X=C20261123-000005
	cmp-assign -d "$STORE" --dept 网络部 "$A" "$R" "$F" "$X" >/dev/null
	cmp-close -d "$STORE" --resolution r "$R" "$F" "$X" >/dev/null
	cmp-close -d "$STORE" --feedback phone "$F" "$X" >/dev/null
	cmp-close -d "$STORE" --satisfaction satisfied "$X" >/dev/null
	printf '[close]\nrequire = cause\n[values]\nattitude = 1,2,3\n' >strict.conf
	before=$(store_sum "$STORE")
	refused() {
		local code=$1 who=$2
		shift 2
		run --separate-stderr "$@"
		[ "$status" -eq "$code" ] || { echo "$*: exit $status: $stderr"; return 1; }
		[ "$output" = "" ] || { echo "$*: printed $output"; return 1; }
		[[ "$stderr" == *"$who"* ]] || { echo "$*: $stderr does not name $who"; return 1; }
		[ "$(store_sum "$STORE")" = "$before" ] || { echo "$*: the store changed"; return 1; }
	}
	refused 65 "$N" cmp-assign -d "$STORE" --to 张工 "$A" "$N"
	refused 65 "$N" cmp-assign -d "$STORE" --return --reason x "$A" "$N"
	refused 65 "$R" cmp-assign -d "$STORE" --dept 网络部 "$N" "$R"
	refused 65 "$F" cmp-assign -d "$STORE" --to 张工 "$A" "$F"
	refused 65 "$X" cmp-assign -d "$STORE" --dept 网络部 "$N" "$X"
	refused 65 "$X" cmp-assign -d "$STORE" --auto "$N" "$X"
	refused 64 "$A" cmp-assign -d "$STORE" --dept 市场部 "$N" "$A"
	refused 65 C20990101-000001 cmp-assign -d "$STORE" --dept 网络部 "$N" C20990101-000001
	refused 65 "$N" cmp-close -d "$STORE" --feedback phone "$R" "$N"
	refused 65 "$A" cmp-close -d "$STORE" --feedback phone "$R" "$A"
	refused 65 "$F" cmp-close -d "$STORE" --feedback phone "$R" "$F"
	refused 65 "$R" cmp-close -d "$STORE" --satisfaction satisfied "$F" "$R"
	refused 65 "$A" cmp-close -d "$STORE" --satisfaction dissatisfied "$F" "$A"
	refused 65 "$R" cmp-close -d "$STORE" --resolution again "$A" "$R"
	refused 65 "$F" cmp-close -d "$STORE" --resolution again "$A" "$F"
	refused 65 "$A" cmp-close -d "$STORE" --reopen --reason x "$R" "$A"
	refused 65 "$N" cmp-close -d "$STORE" --reopen --reason x "$F" "$N"
	refused 65 "$X" cmp-close -d "$STORE" --force --reason x "$N" "$X"
	refused 65 "$X" cmp-close -d "$STORE" --satisfaction satisfied "$F" "$X"
	refused 65 "$N" cmp-close -d "$STORE" --config strict.conf --resolution r --responsible 网络部 "$A" "$N"
	refused 64 attitude cmp-close -d "$STORE" --config strict.conf -s attitude=9 "$N"
	refused 64 severity cmp-close -d "$STORE" -s severity=urgent "$N"
	refused 64 selected cmp-close -d "$STORE" --force --reason x
	refused 64 selected cmp-assign -d "$STORE" --dept 网络部
	# Nothing to do is no change either.
	run --separate-stderr cmp-due -d "$STORE" --escalate --now 2026-11-23T09:10
	[ "$status" -eq 1 ]
	[ "$(store_sum "$STORE")" = "$before" ]
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}
