#!/usr/bin/env bats
# tests/110-store.bats - store safety (SPEC §4, lib/lock.c, lib/commit.c):
# concurrent writers lose nothing, kill -9 at any instant leaves every
# ticket exactly once, a refused command leaves every store file
# byte-identical, a committed change left by a crash is rolled forward, and
# configuration, output and permission failures stop with the right code.

load helper

teardown() {
	# A test that made a directory read-only must not leave it undeletable.
	chmod -R u+w "$BATS_TEST_TMPDIR" 2>/dev/null || true
}

# A CSV file of N records, summaries PREFIX1..PREFIXN.
batch() {
	printf 'summary\n'
	for i in $(seq "$1"); do
		printf '%s%s\n' "$2" "$i"
	done
}

# The ids C20261123-000001 .. C20261123-00000N, one a line.
ids_upto() {
	seq -f 'C20261123-%06g' "$1"
}

# Run "$@" without root's power to write anywhere, so that modes count.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --bounding-set=-dac_override,-dac_read_search "$@"
	else
		"$@"
	fi
}

# Skip, visibly, where file modes cannot be made to count.
need_modes() {
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null && setpriv --bounding-set=-dac_override true ||
		    skip "running as root without setpriv: file modes cannot be tested"
	fi
}

# Write cmp-new's standard output to /dev/full.
to_full() {
	cmp-new "$@" >/dev/full
}

# Wait until another process holds the store lock.
wait_locked() {
	while flock -n "$1/.lock" true; do
		sleep 0.01
	done
}

# --- concurrency ----------------------------------------------------------

@test "20 cmp-new at once, 10 tickets each: 200 tickets, ids 1 to 200, none lost" {
	batch 10 t >ten.csv
	pids=()
	for p in $(seq 20); do
		cmp-new -d "$STORE" ten.csv >"out.$p" 2>"err.$p" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	[ "$(cat err.*)" = "" ]
	[ "$(sort out.*)" = "$(ids_upto 200)" ]
	run --separate-stderr cmp-ls -d "$STORE" --jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 200 ]
	[ "$(jq -r .id <<<"$output" | sort)" = "$(ids_upto 200)" ]
	[ "$(jq -r .summary <<<"$output" | sort | uniq -c | awk '{print $1}' | sort -u)" = 20 ]
	[ "$(jq -r .id "$STORE/journal.jsonl" | sort)" = "$(ids_upto 200)" ]
	[ "$(cat "$STORE/.seq")" = "C20261123 200" ]
}

@test "10 writers of 10 runs each, some widening the CSV header: no change lost" {
	pids=()
	for p in $(seq 10); do
		(
			for r in $(seq 10); do
				if [ $((r % 5)) -eq 0 ]; then
					cmp-new -d "$STORE" --summary "p$p-r$r" -s "x$p=$r" || exit
				else
					cmp-new -d "$STORE" --summary "p$p-r$r" || exit
				fi
			done
		) >"out.$p" 2>"err.$p" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	[ "$(cat err.*)" = "" ]
	[ "$(sort out.*)" = "$(ids_upto 100)" ]
	run --separate-stderr cmp-ls -d "$STORE" --jsonl
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 100 ]
	[ "$(jq -r .id <<<"$output" | sort)" = "$(ids_upto 100)" ]
	[ "$(jq -r .summary <<<"$output" | sort -u | wc -l)" -eq 100 ]
	# Each widening run's extra field is on its own ticket only.
	[ "$(jq -r 'to_entries[] | select(.key | startswith("x")) | select(.value != "") | "\(.key)=\(.value)"' <<<"$output" | sort | wc -l)" -eq 20 ]
	[ "$(jq -r 'select(.x7 != "") | .summary' <<<"$output" | sort)" = "p7-r10
p7-r5" ]
}

# --- kill -9 --------------------------------------------------------------

@test "kill -9 at random instants: every ticket once, whole, and the store still works" {
	batch 10 k >ten.csv
	# Undisturbed runs first, to learn how long one takes (sanitizer
	# builds are slower): the kills fall anywhere within most of it.
	cmp-new -d "$STORE" ten.csv >printed
	t0=$(date +%s%N)
	cmp-new -d "$STORE" ten.csv >>printed
	span=$((($(date +%s%N) - t0) * 3 / 4000 + 1))
	# read -t on a FIFO nobody writes: a sleep without sleep(1)'s fork.
	mkfifo tick
	exec {tick}<>tick
	for round in $(seq 30); do
		# Every third round widens the CSV header, so open.csv is rewritten.
		cmp-new -d "$STORE" -s "x$((round % 3))=$round" ten.csv >>printed 2>"err.$round" &
		pid=$!
		r=$(((RANDOM * 32768 + RANDOM) % span))
		read -r -t "$(printf '%d.%06d' $((r / 1000000)) $((r % 1000000)))" -u "$tick" || true
		kill -9 "$pid" 2>/dev/null || true
		rc=0
		wait "$pid" 2>/dev/null || rc=$?	# no "Killed" notice from bash
		# Finished (0, nothing said) or killed (128 + 9); never failed.
		case $rc in
		0) [ ! -s "err.$round" ] ;;
		137) ;;
		*) echo "round $round: exit $rc: $(cat "err.$round")"; false ;;
		esac
		# Every other round a reader finishes any committed change (the
		# next writer does otherwise): the store agrees with its journal.
		if [ $((round % 2)) -eq 0 ]; then
			cmp-ls -d "$STORE" --jsonl >"seen.$round"
			[ "$(wc -l <"seen.$round")" -eq "$(wc -l <"$STORE/journal.jsonl")" ]
		fi
	done
	exec {tick}>&-
	run --separate-stderr cmp-ls -d "$STORE" --jsonl
	[ "$status" -eq 0 ]
	n=${#lines[@]}
	# Ids are drawn in the commit that adds the tickets: no gaps, no repeats.
	[ "$(jq -r .id <<<"$output" | sort)" = "$(ids_upto "$n")" ]
	[ "$(jq -r .id "$STORE/journal.jsonl" | sort)" = "$(ids_upto "$n")" ]
	# Every id printed is in the store.
	[ "$(sort printed | comm -23 - <(ids_upto "$n"))" = "" ]
	# No partial record: each has its first and last field and a summary.
	[ "$(jq -r 'select(.status != "new" or .updated_at != "2026-11-23T10:00:00+08:00" or .summary == "") | .id' <<<"$output")" = "" ]
	run --separate-stderr cmp-new -d "$STORE" --summary after
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "$(printf 'C20261123-%06d' $((n + 1)))" ]
	run --separate-stderr cmp-ls -d "$STORE" --jsonl "$output"
	[ "$status" -eq 0 ]
	[ "$(jq -r .summary <<<"$output")" = after ]
	run ls -A "$STORE"
	[ "$output" = ".lock
.seq
journal.jsonl
open.csv" ]
}

# --- failures leave the store as it was -----------------------------------

@test "a bad input record leaves every store file byte-identical (65)" {
	cmp-new -d "$STORE" --summary before
	before=$(store_sum "$STORE")
	printf '{"summary":"ok"}\n{"summary":"bad","severity":"banana"}\n' >in.jsonl
	run --separate-stderr cmp-new -d "$STORE" in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.jsonl:2: severity: "banana" is not one of general, complex, urgent' ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "a bad STORE/cmp.conf leaves every store file byte-identical (78)" {
	cmp-new -d "$STORE" --summary before
	printf '[sla]\nresolve = 2 days\n' >"$STORE/cmp.conf"
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-new -d "$STORE" --summary after
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: $STORE/cmp.conf:2: resolve: bad duration \"2 days\" (expected 0, 10m, 24h, 3d or 15wd)" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "a store locked by another process: 75 after --wait, store byte-identical" {
	cmp-new -d "$STORE" --summary before
	before=$(store_sum "$STORE")
	# As an administrator would during a backup; held well past --wait.
	flock "$STORE/.lock" sleep 1.5 &
	holder=$!
	wait_locked "$STORE"
	t0=$(date +%s%N)
	run --separate-stderr cmp-new -d "$STORE" --wait 0.2 --summary after
	took_ms=$((($(date +%s%N) - t0) / 1000000))
	wait "$holder"
	[ "$status" -eq 75 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: $STORE: the store is locked by another process (waited 0.2s; see --wait)" ]
	[ "$took_ms" -ge 200 ]
	[ "$took_ms" -lt 1500 ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "a writer waits for the lock within --wait, then writes" {
	cmp-new -d "$STORE" --summary before
	flock "$STORE/.lock" sleep 0.5 &
	holder=$!
	wait_locked "$STORE"
	run --separate-stderr cmp-new -d "$STORE" --wait 5 --summary after
	wait "$holder"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "C20261123-000002" ]
}

# --- configuration errors -------------------------------------------------

@test "an unknown section is a configuration error (78) naming file and line" {
	printf '# policy\n[bogus]\nx = 1\n' >bad.conf
	run --separate-stderr cmp-new --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: bad.conf:3: unknown section [bogus]" ]
	printf '[sla.compex]\nresolve = 1h\n' >bad.conf
	run --separate-stderr cmp-new --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$stderr" = "cmp-new: bad.conf:2: unknown section [sla.compex] (expected [sla.complex], [sla.urgent], [sla.vip] or [sla.FIELD.VALUE])" ]
}

@test "an unknown key is a configuration error (78)" {
	printf '[store]\nid_prefix = C\nprefix = X\n' >bad.conf
	run --separate-stderr cmp-new --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: bad.conf:3: unknown key "prefix" in [store]' ]
	printf '[sla]\nresolv = 24h\n' >bad.conf
	run --separate-stderr cmp-new --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$stderr" = 'cmp-new: bad.conf:2: unknown key "resolv" in an [sla] section' ]
}

@test "a bad duration is a configuration error (78)" {
	printf '[sla.urgent]\nreply = 2x\n' >bad.conf
	run --separate-stderr cmp-new --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: bad.conf:2: reply: bad duration "2x" (expected 0, 10m, 24h, 3d or 15wd)' ]
}

@test "a bad mode is a configuration error (78), and no store is made" {
	printf '[store]\nmode = 0644\n' >bad.conf
	run --separate-stderr cmp-new -d "$STORE" --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: bad.conf:2: mode: "0644": expected 0600, 0640 or 0660' ]
	[ ! -e "$STORE" ]
}

@test "an overlong line is a configuration error (78), not silently cut" {
	{
		printf '[values]\n'
		printf 'category = %s\n' "$(printf 'c%03d,' $(seq 60))"
	} >bad.conf
	run --separate-stderr cmp-new --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: bad.conf:2: line longer than 198 bytes (continue a long list on indented lines)" ]
}

@test "a line that is no INI is a configuration error (78); a missing --config too" {
	printf '[sla]\nresolve 24h\n' >bad.conf
	run --separate-stderr cmp-new --config bad.conf --summary x
	[ "$status" -eq 78 ]
	[ "$stderr" = "cmp-new: bad.conf:2: syntax error: expected [section], key = value, or a comment" ]
	run --separate-stderr cmp-new --config nope.conf --summary x
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: nope.conf: No such file or directory" ]
}

# --- output and permissions -----------------------------------------------

@test "writing to /dev/full is an I/O error (74)" {
	run --separate-stderr to_full --summary x
	[ "$status" -eq 74 ]
	[ "$stderr" = "cmp-new: stdout: write error: No space left on device" ]
	run --separate-stderr to_full --jsonl --summary x
	[ "$status" -eq 74 ]
	[ "$stderr" = "cmp-new: stdout: write error: No space left on device" ]
}

@test "a read-only store directory: a clear error (73), store byte-identical" {
	need_modes
	cmp-new -d "$STORE" --summary before
	before=$(store_sum "$STORE")
	chmod 555 "$STORE"
	run --separate-stderr as_user cmp-new -d "$STORE" --summary after
	[ "$status" -eq 73 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: $STORE/.seq.new: Permission denied" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	# Readers still read it.
	run --separate-stderr as_user cmp-ls -d "$STORE" --fields id,summary
	[ "$status" -eq 0 ]
	[ "$output" = "id,summary
C20261123-000001,before" ]
}

@test "a store that cannot be made: a clear error (73)" {
	need_modes
	mkdir locked
	chmod 555 locked
	run --separate-stderr as_user cmp-new -d locked/store --summary x
	[ "$status" -eq 73 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: locked/store: Permission denied" ]
	[ ! -e locked/store ]
}

# --- crash recovery ---------------------------------------------------------

# Leave in $STORE the committed but unapplied change that adds ticket 2
# ("two"), as a process killed just after the commit point would: the
# intent in .pending (lib/commit.c), the new .seq in .seq.new, and half of
# the open.csv append already written.  $STORE.ref gets the state after it.
pending_change() {
	cmp-new -d "$STORE" --summary one
	cp -a "$STORE" "$STORE.ref"
	cmp-new -d "$STORE.ref" --summary two
	local o j on jn
	o=$(stat -c %s "$STORE/open.csv")
	j=$(stat -c %s "$STORE/journal.jsonl")
	on=$(($(stat -c %s "$STORE.ref/open.csv") - o))
	jn=$(($(stat -c %s "$STORE.ref/journal.jsonl") - j))
	cp "$STORE.ref/.seq" "$STORE/.seq.new"
	{
		printf 'cmp-pending 1\nappend open.csv %d %d\n' "$o" "$on"
		tail -c "$on" "$STORE.ref/open.csv"
		printf 'append journal.jsonl %d %d\n' "$j" "$jn"
		tail -c "$jn" "$STORE.ref/journal.jsonl"
		printf 'rename .seq.new .seq\nend\n'
	} >"$STORE/.pending"
	tail -c "$on" "$STORE.ref/open.csv" | head -c 20 >>"$STORE/open.csv"
}

@test "a committed change left by a crash is rolled forward by the next writer" {
	pending_change
	run --separate-stderr cmp-new -d "$STORE" --summary three
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "C20261123-000003" ]
	[ "$(head -n 3 "$STORE/open.csv")" = "$(cat "$STORE.ref/open.csv")" ]
	[ "$(head -n 2 "$STORE/journal.jsonl")" = "$(cat "$STORE.ref/journal.jsonl")" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id,summary
	[ "$output" = "id,summary
C20261123-000001,one
C20261123-000002,two
C20261123-000003,three" ]
	[ "$(cat "$STORE/.seq")" = "C20261123 3" ]
	run ls -A "$STORE"
	[ "$output" = ".lock
.seq
journal.jsonl
open.csv" ]
}

@test "a committed change left by a crash is rolled forward by a reader" {
	pending_change
	run --separate-stderr cmp-ls -d "$STORE" --fields id,summary
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "id,summary
C20261123-000001,one
C20261123-000002,two" ]
	[ "$(store_sum "$STORE")" = "$(store_sum "$STORE.ref")" ]
}

@test "the leftovers of a change that never committed are swept, not applied" {
	cmp-new -d "$STORE" --summary one
	printf 'garbage\n' >"$STORE/open.csv.new"
	printf 'C20261123 99\n' >"$STORE/.seq.new"
	printf 'cmp-pending 1\nappend open.csv 0 5\n' >"$STORE/.pending.new"
	run --separate-stderr cmp-new -d "$STORE" --summary two
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000002" ]
	run ls -A "$STORE"
	[ "$output" = ".lock
.seq
journal.jsonl
open.csv" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id,summary
	[ "$output" = "id,summary
C20261123-000001,one
C20261123-000002,two" ]
}
