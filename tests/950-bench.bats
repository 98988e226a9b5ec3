#!/usr/bin/env bats
# tests/950-bench.bats - the benchmark's small mode (bench/run on 10,000
# generated tickets, one run of each command): every job's table is
# written, and the answers it times are right - cmp's equal the C
# baseline's, the baseline's equal sqlite3's and Miller's.  Timings are
# never asserted: the machine is shared.  The report goes to the test's
# own directory, never to bench/RESULTS.md.

load helper

setup_file() {
	BENCH_OUT=$BATS_FILE_TMPDIR/RESULTS.md
	export BENCH_OUT
	command -v hyperfine >/dev/null || return 0
	command -v cc >/dev/null || return 0
	mkdir -p "$BATS_FILE_TMPDIR/bin"
	cc -std=c17 -O2 -Wall -Wextra -D_GNU_SOURCE -o "$BATS_FILE_TMPDIR/bin/gen" "$ROOT/bench/gen.c"
	cc -std=c17 -O2 -Wall -Wextra -D_GNU_SOURCE -o "$BATS_FILE_TMPDIR/bin/baseline" "$ROOT/bench/baseline.c"
	local rc=0
	BENCH_BIN=$BATS_FILE_TMPDIR/bin "$ROOT/bench/run" -n 10000 -r 1 -w 0 \
	    -d "$BATS_FILE_TMPDIR/data" -o "$BENCH_OUT" > "$BATS_FILE_TMPDIR/run.log" 2>&1 || rc=$?
	echo "$rc" > "$BATS_FILE_TMPDIR/status"
}

# Skip, visibly, when the bench could not run here.
need_bench() {
	command -v hyperfine >/dev/null || skip "hyperfine is not installed (tools/deps): no bench"
	command -v cc >/dev/null || skip "no C compiler: no bench"
}

# The check line LABEL of the report must say agree; skip when the tool
# TOOL it needs is not installed.
agrees() {
	local label=$1 tool=${2:-}
	if [ -n "$tool" ] && ! command -v "$tool" >/dev/null; then
		echo "# $tool is not installed: \"$label\" not checked" >&3
		return 0
	fi
	grep -qxF "| $label | agree |" "$BENCH_OUT" || grep -qxF "| $label | agree (to the last digit) |" "$BENCH_OUT" || {
		echo "not agreed: $label"
		grep -F "| $label |" "$BENCH_OUT"
		return 1
	}
}

@test "bench/run exits 0 and writes the report" {
	need_bench
	run cat "$BATS_FILE_TMPDIR/status"
	[ "$output" = 0 ] || cat "$BATS_FILE_TMPDIR/run.log"
	[ "$output" = 0 ]
	[ -s "$BENCH_OUT" ]
	[ ! -e "$BATS_FILE_TMPDIR/data/RESULTS.md" ]
}

@test "the report has every job's table, every command's row and the targets" {
	need_bench
	for j in group ontime filter due import jsonl pipe assign writers floor; do
		grep -q "^## $j: " "$BENCH_OUT" || { echo "no table for $j"; return 1; }
	done
	grep -q '^| command | median s | rows/s | MB/s | peak RSS MB | × baseline | × cmp |$' "$BENCH_OUT"
	for c in '`cmp-stats --by category,department tickets-10000.csv`' \
	    '`cmp-stats --by category tickets-10000.csv`' \
	    '`cmp-ls --where category=network tickets-10000.csv`' \
	    '`cmp-due --all open-10000.csv`' \
	    '`cmp-stats --by category,department tickets-10000.jsonl`' \
	    '`cat tickets-10000.csv \| cmp-stats --by category,department`' \
	    '`baseline group tickets-10000.csv category,department`' \
	    '`baseline ontime tickets-10000.csv category`' \
	    '`baseline filter tickets-10000.csv category=network`' \
	    '`baseline due open-10000.csv 2026-11-23T10:00:00+08:00`' \
	    '`grep network tickets-10000.csv`' '`cat tickets-10000.csv`' '`wc -l tickets-10000.csv`'; do
		grep -qF "| $c" "$BENCH_OUT" || { echo "no row for $c"; return 1; }
	done
	grep -qF '| `cmp-new --import legacy-10000.csv --map ' "$BENCH_OUT"
	grep -qF '| `cmp-assign -d astore --dept 网络部 --to 张伟 C' "$BENCH_OUT"
	grep -qF '| `bench/run --writers wstore 5`' "$BENCH_OUT"
	# A tool that is missing is a visible skip, never a silent gap.
	for t in mlr sqlite3 gawk jq; do
		if ! command -v $t >/dev/null; then
			grep -qF "skip: $t is not installed" "$BENCH_OUT"
		fi
	done
	# No command failed.
	run grep -c ' (exit [0-9]*:' "$BENCH_OUT"
	[ "$output" = 0 ]
	grep -q '^| group count ≤ 1.5× the C baseline | [0-9.]*× | ' "$BENCH_OUT" ||
	    { grep -F -e '| group' -e 'hyperfine' "$BENCH_OUT"; return 1; }
	grep -q '^| cmp-assign on 10000 open tickets < 0.3 s | [0-9.]* s | ' "$BENCH_OUT"
}

@test "cmp's answers equal the C baseline's" {
	need_bench
	agrees "group: cmp = baseline"
	agrees "ontime: cmp = baseline (count, met, on_time, rate, median)"
	agrees "filter: cmp = baseline (byte for byte)"
	agrees "due: cmp-due --all = baseline (id, stage, due_at, overdue_min, in order)"
	agrees "jsonl: cmp = CSV baseline"
	agrees "jsonl: baseline = CSV baseline"
	agrees "pipe: from a pipe = from the file"
	agrees "import: cmp-new imported every row"
	grep -qE '^\| assign: C[0-9]{8}-[0-9]{6} dispatched, one journal line \| agree \|$' "$BENCH_OUT"
	agrees "writers: 40 tickets, ids unique"
}

@test "the baseline's answers equal sqlite3's, Miller's and jq's" {
	need_bench
	agrees "group: sqlite3 = baseline" sqlite3
	agrees "group: mlr = baseline" mlr
	agrees "ontime: sqlite3 = baseline (rate, median)" sqlite3
	agrees "ontime: mlr = baseline (rate, median)" mlr
	agrees "filter: mlr = baseline (byte for byte)" mlr
	agrees "due: mlr overdue set = baseline's" mlr
	agrees "due: sqlite3 overdue set = baseline's" sqlite3
	agrees "import: cmp-new = mlr (工单编号, received_at, phone)" mlr
	agrees "jsonl: jq = CSV baseline" jq
}

@test "the group counts are the same from cmp-stats, the baseline and sqlite3" {
	need_bench
	command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
	d=$BATS_FILE_TMPDIR/data
	b=$BATS_FILE_TMPDIR/bin/baseline
	"$b" group "$d/tickets-10000.csv" category,department > base.csv
	run --separate-stderr cmp-stats --by category,department "$d/tickets-10000.csv"
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" > cmp.csv
	"$b" cut cmp.csv category,department,count > cmp3.csv
	sqlite3 -csv -header :memory: ".import $d/tickets-10000.csv t" \
	    'SELECT category, department, count(*) AS count FROM t GROUP BY 1, 2' > sql.csv
	"$b" cut sql.csv category,department,count | LC_ALL=C sort > sql3.csv
	LC_ALL=C sort base.csv > base3.csv
	LC_ALL=C sort cmp3.csv > cmp3s.csv
	cmp base3.csv cmp3s.csv
	cmp base3.csv sql3.csv
	# every ticket counted once: 10000 (plus the header line)
	run awk -F, 'NR > 1 { n += $NF } END { print n }' base.csv
	[ "$output" = 10000 ]
}

@test "gen is deterministic and writes SPEC §3's fields in order, with hard CSV in it" {
	need_bench
	g=$BATS_FILE_TMPDIR/bin/gen
	"$g" 2000 > a.csv
	"$g" 2000 > b.csv
	cmp a.csv b.csv
	"$g" -s 7 2000 > c.csv
	run cmp -s a.csv c.csv
	[ "$status" -eq 1 ]
	run head -n 1 a.csv
	[ "$output" = "id,received_at,created_at,channel,name,phone,email,address,customer,vip,region,location,product,category,severity,summary,expectation,source,status,first_responder,department,assignee,dispatched_at,assigned_at,handed_at,dispatches,returns,reason,dispatch_due,reply_due,resolve_due,replied_at,progress,progress_at,told_at,told_channel,eta,escalation,escalated_at,resolved_at,resolution,cause,measures,responsible,feedback_due,feedback_at,feedback_channel,satisfaction,opinion,reopens,closed_at,updated_at" ]
	# 2000 records, some over several lines, some with quotes, every status
	"$BATS_FILE_TMPDIR/bin/baseline" cut a.csv id,status > ids.csv
	run wc -l < ids.csv
	[ "$output" -eq 2001 ]
	run wc -l < a.csv
	[ "$output" -gt 2001 ]
	grep -q '""' a.csv
	for s in new assigned resolved closed; do
		grep -q ",$s\$" ids.csv
	done
	# the JSON Lines form holds the same tickets
	"$g" -f jsonl 2000 > a.jsonl
	run jq -r .id a.jsonl
	[ "$output" = "$(tail -n +2 ids.csv | cut -d, -f1)" ]
	# the open kind holds only open tickets
	"$g" -k open 500 > o.csv
	run sh -c "'$BATS_FILE_TMPDIR/bin/baseline' cut o.csv status | tail -n +2 | sort -u"
	[ "$output" = "$(printf 'assigned\nnew')" ]
}
