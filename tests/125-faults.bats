#!/usr/bin/env bats
# tests/125-faults.bats - a full disk or an I/O error at any point of a
# mutating command (SPEC §4, §7): for every failure point of each tool, the
# command stops with 74 (73 for a file it cannot create) and a message
# naming the file and the cause, and the store is byte-identical; or, past
# the commit point, the change is finished by the next reader, exactly as
# an undisturbed run leaves it, and the next command works.  Failures come
# from tests/fault/fault.so (built by make into the build directory: it
# fails the Nth write-path system call, below stdio) and from ulimit -f
# with SIGXFSZ ignored (EFBIG).  A read-only store refuses every tool (73).

load helper

SHIM=${CMP_BIN%/bin}/fault/fault.so

setup_file() {
	export BASE=$BATS_FILE_TMPDIR/base
	# 94 tickets (open.csv: some 40 kB, a dozen stdio buffers), some
	# dispatched, some resolved, and a legacy log.
	head -n 101 "$SAMPLE" >"$BATS_FILE_TMPDIR/sample.csv"
	cmp-new -d "$BASE" --now 2026-11-23T09:00 "$BATS_FILE_TMPDIR/sample.csv" >/dev/null
	cmp-assign -d "$BASE" --now 2026-11-23T09:10 --dept 网络部 --where category=network >/dev/null
	cmp-close -d "$BASE" --now 2026-11-23T09:20 --resolution 已处理 --where category=billing >/dev/null
	printf '来电号码,来电时间,内容,工单号\n13700000001,2026/11/20 08:00,信号差,L1\n13700000002,2026/11/21 09:30,多扣费,L2\n' \
	    >"$BATS_FILE_TMPDIR/legacy.csv"
}

teardown() {
	chmod -R u+w "$BATS_TEST_TMPDIR" 2>/dev/null || true
}

# Run "$@" with the shim: CMP_FAULT_AT=$at, log to $STORE.log.  Under ASan
# the sanitizer's runtime must come first in LD_PRELOAD.
with_shim() {
	local preload=$SHIM
	if [ "${CMP_SAN:-}" = 1 ]; then
		preload="$ASAN_LIB $SHIM"
		ASAN_OPTIONS=detect_leaks=0 CMP_FAULT_AT=$at CMP_FAULT_LOG=$STORE.log LD_PRELOAD=$preload "$@"
	else
		CMP_FAULT_AT=$at CMP_FAULT_LOG=$STORE.log LD_PRELOAD=$preload "$@"
	fi
}

# Skip, visibly, where the shim cannot work.
need_shim() {
	[ "$(uname -m)" = x86_64 ] || skip "tests/fault/fault.so works on x86-64 only (seccomp trap and its own syscall)"
	[ -f "$SHIM" ] || skip "$SHIM not built (make builds it)"
	if [ "${CMP_SAN:-}" = 1 ]; then
		ASAN_LIB=$(ldd "$CMP_BIN/cmp-new" | awk '/libasan/ { print $3 }')
		[ -f "$ASAN_LIB" ] || skip "the sanitized binaries link no libasan.so that LD_PRELOAD could put first"
	fi
	rm -rf "$STORE" "$STORE.log"
	cp -a "$BASE" "$STORE"
	at=0 with_shim cmp-assign -d "$STORE" --dept x --reason y C20261123-000001 >/dev/null 2>&1 || true
	[ -s "$STORE.log" ] || skip "the shim traps nothing here (seccomp refused?)"
}

# The store as the tools read it and the journal without its wall clock
# (nor the chain, which hashes it): what two runs of one command must
# agree on.  The chain is checked by cmp-ls --verify.
state() {
	cmp-ls -d "$1" --all --jsonl
	jq -c 'del(.time, .prev)' "$1/journal.jsonl"
	cat "$1/.seq"
}

# Fail the command "$@" (its store: $STORE, a copy of $BASE) at each of
# its failure points in turn, and check each outcome.  Prints a summary
# line to the TAP output.
every_failure() {
	local tool=$1 ref=$BATS_TEST_TMPDIR/ref
	local made=" (the change is made: the next command on the store completes it; do not repeat it)"
	need_shim
	rm -rf "$ref" "$STORE" "$STORE.log"
	cp -a "$BASE" "$ref"
	cp -a "$BASE" "$STORE"
	local before
	before=$(store_sum "$BASE")
	# The undisturbed run: the state to reach, and the failure points.
	at=0
	run --separate-stderr with_shim "$@"
	[ "$status" -eq 0 ] || [ "$status" -eq 1 ] || { echo "undisturbed: exit $status: $stderr"; return 1; }
	local want_status=$status
	state "$STORE" >want
	local points
	points=$(wc -l <"$STORE.log")
	cp "$STORE.log" points.log
	[ "$points" -gt 10 ]
	local same=0 after=0 spent=0 n
	for ((n = 1; n <= points; n++)); do
		rm -rf "$STORE" "$STORE.log"
		cp -a "$BASE" "$STORE"
		at=$n
		run --separate-stderr with_shim "$@"
		# The call that failed, its errno and its file(s).
		local -a log
		mapfile -t log <"$STORE.log"
		local call=${log[n - 1]} why
		read -r _ name err file file2 <<<"$call"
		case $err in
		5) why="Input/output error" ;;
		27) why="File too large" ;;
		28) why="No space left on device" ;;
		*) echo "point $n: nothing failed: $call"; return 1 ;;
		esac
		if [ "$status" -ne 74 ] && [ "$status" -ne 73 ]; then
			# Only the cleaning up of a spent temporary file may fail
			# unnoticed: the change is made; the next writer sweeps.
			[ "$status" -eq "$want_status" ] || { echo "point $n ($call): exit $status: $stderr"; return 1; }
			case "$name $file" in
			"close "*.new*|"unlink "*.new) ;;
			*) echo "point $n ($call): exit $status: $stderr"; return 1 ;;
			esac
			spent=$((spent + 1))
		else
			[ "$status" -eq 74 ] || [ "$status" -eq 73 ] || { echo "point $n ($call): exit $status: $stderr"; return 1; }
			# One line naming the file that failed and the cause.
			[ "${#stderr_lines[@]}" -eq 1 ] || { echo "point $n ($call): $stderr"; return 1; }
			[[ "$stderr" == "$tool: $file"* || ( -n "$file2" && "$stderr" == "$tool: $file2"* ) ]] ||
			    { echo "point $n ($call): the message names another file: $stderr"; return 1; }
			[[ "$stderr" == *": $why" || "$stderr" == *": $why$made" ]] || { echo "point $n ($call): not \"$why\": $stderr"; return 1; }
		fi
		if [ "$(store_sum "$STORE")" = "$before" ]; then
			# Not made, and not said to be.
			[[ "$stderr" != *"$made" ]] || { echo "point $n ($call): said made, store unchanged"; return 1; }
			same=$((same + 1))
			continue
		fi
		# Past the commit point a failure says the change is made.
		[ "$status" -eq 0 ] || [[ "$stderr" == *"$made" ]] || { echo "point $n ($call): made, not said: $stderr"; return 1; }
		[ "$status" -eq 0 ] || after=$((after + 1))
		# Past the commit point: a reader finishes the change, exactly.
		[ "$(state "$STORE")" = "$(cat want)" ] || { echo "point $n ($call): the store is neither old nor new"; return 1; }
		run --separate-stderr cmp-ls -d "$STORE" --verify
		[ "$status" -eq 0 ] || { echo "point $n ($call): cmp-ls --verify: exit $status: $stderr"; return 1; }
		run --separate-stderr cmp-new -d "$STORE" --summary next
		[ "$status" -eq 0 ] || { echo "point $n ($call): the next command: exit $status: $stderr"; return 1; }
		local left
		left=$(cd "$STORE" && find . -name '*.new' -o -name .pending)
		[ -z "$left" ] || { echo "point $n ($call): left $left"; return 1; }
	done
	echo "# $tool: $points failure points ($(awk '{ print $2 }' points.log | sort | uniq -c | awk '{ printf "%s%s %s", s, $1, $2; s = ", " }')): $same left the store byte-identical, $after failed after the commit point (finished by the next reader), $spent cleanups of spent files" >&3
}

@test "every failure point of cmp-new: 73/74 naming the file, the store as it was or finished" {
	printf 'summary\na\nb\nc\n' >batch.csv
	every_failure cmp-new -d "$STORE" batch.csv
}

@test "every failure point of cmp-new --import: the same" {
	every_failure cmp-new -d "$STORE" --import "$BATS_FILE_TMPDIR/legacy.csv" \
	    --map 'phone=来电号码,received_at=来电时间,summary=内容' --date-format '%Y/%m/%d %H:%M'
}

@test "every failure point of cmp-assign --dept on many tickets: the same" {
	every_failure cmp-assign -d "$STORE" --dept 客服部 --reason 转派 --where status=new
}

@test "every failure point of cmp-close --resolution: the same" {
	every_failure cmp-close -d "$STORE" --resolution 已解决 --where status=assigned
}

@test "every failure point of cmp-close to the archive (its first month): the same" {
	every_failure cmp-close -d "$STORE" --feedback phone --satisfaction satisfied --where status=resolved
}

@test "every failure point of cmp-due --escalate: the same" {
	every_failure cmp-due -d "$STORE" --escalate -q --now 2026-12-01T10:00
}

# ulimit -f with SIGXFSZ ignored: writes past the limit fail with EFBIG.
limited() {
	local blocks=$1
	shift
	bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$blocks" "$@"
}

@test "a file size limit (ulimit -f, EFBIG) at every power of two: 74 naming the file, store old or finished" {
	printf 'summary\na\nb\n' >batch.csv
	local before
	before=$(store_sum "$BASE")
	local -a cmds=(
		"cmp-new -d STORE batch.csv"
		"cmp-assign -d STORE --dept 客服部 --reason 转派 --where status=new"
		"cmp-close -d STORE --feedback phone --satisfaction satisfied --where status=resolved"
		"cmp-due -d STORE --escalate -q --now 2026-12-01T10:00"
	)
	local same=0 after=0 done=0
	local made=" (the change is made: the next command on the store completes it; do not repeat it)"
	for c in "${cmds[@]}"; do
		read -ra argv <<<"${c//STORE/$STORE.ref}"
		rm -rf "$STORE.ref"
		cp -a "$BASE" "$STORE.ref"
		"${argv[@]}" >/dev/null || [ $? -eq 1 ]
		want=$(state "$STORE.ref")
		read -ra argv <<<"${c//STORE/$STORE}"
		for k in 1 2 4 8 16 32 64 128 256 512 1024 2048; do
			rm -rf "$STORE"
			cp -a "$BASE" "$STORE"
			run --separate-stderr limited "$k" "${argv[@]}"
			if [ "$status" -eq 0 ]; then
				done=$((done + 1))
			else
				[ "$status" -eq 74 ] || { echo "$c, ulimit -f $k: exit $status: $stderr"; return 1; }
				[[ "$stderr" == "${argv[0]}: $STORE/"*": File too large" || "$stderr" == "${argv[0]}: $STORE/"*": File too large$made" ]] || { echo "$c, ulimit -f $k: $stderr"; return 1; }
			fi
			if [ "$(store_sum "$STORE")" = "$before" ]; then
				[ "$status" -ne 0 ]
				[[ "$stderr" != *"$made" ]]
				same=$((same + 1))
				continue
			fi
			[ "$status" -eq 0 ] || [[ "$stderr" == *"$made" ]] || { echo "$c, ulimit -f $k: made, not said: $stderr"; return 1; }
			[ "$status" -eq 0 ] || after=$((after + 1))
			[ "$(state "$STORE")" = "$want" ] || { echo "$c, ulimit -f $k: neither old nor new"; return 1; }
			run --separate-stderr cmp-new -d "$STORE" --summary next
			[ "$status" -eq 0 ]
			run --separate-stderr cmp-ls -d "$STORE" --verify
			[ "$status" -eq 0 ] || { echo "$c, ulimit -f $k: cmp-ls --verify: exit $status: $stderr"; return 1; }
		done
	done
	echo "# ulimit -f: 4 tools x 12 limits: $same left the store byte-identical, $after failed after the commit point, $done succeeded" >&3
	[ "$same" -gt 0 ]
	[ "$after" -gt 0 ]
	[ "$done" -gt 0 ]
}

# Run "$@" without root's power to write anywhere, so that modes count.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --bounding-set=-dac_override,-dac_read_search "$@"
	else
		"$@"
	fi
}

@test "a read-only store: every mutating tool stops with 73 naming the file, store byte-identical" {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --bounding-set=-dac_override true || skip "running as root without setpriv: file modes cannot be tested"
	fi
	cp -a "$BASE" "$STORE"
	chmod -R a-w "$STORE"
	before=$(store_sum "$STORE")
	printf 'summary\na\n' >batch.csv
	refused() {
		local file=$1
		shift
		run --separate-stderr as_user "$@"
		[ "$status" -eq 73 ] || { echo "$*: exit $status: $stderr"; return 1; }
		[ "$output" = "" ]
		[ "$stderr" = "$1: $STORE/$file: Permission denied" ] || { echo "$*: $stderr"; return 1; }
		[ "$(store_sum "$STORE")" = "$before" ]
	}
	refused .seq.new cmp-new -d "$STORE" batch.csv
	refused .import.new cmp-new -d "$STORE" --import "$BATS_FILE_TMPDIR/legacy.csv" \
	    --map 'phone=来电号码,received_at=来电时间,summary=内容' --date-format '%Y/%m/%d %H:%M'
	refused open.csv.new cmp-assign -d "$STORE" --dept 客服部 --reason 转派 --where status=new
	refused open.csv.new cmp-assign -d "$STORE" --note 已联系 C20261123-000001
	refused open.csv.new cmp-close -d "$STORE" --resolution 已解决 --where status=assigned
	refused open.csv.new cmp-close -d "$STORE" --feedback phone --satisfaction satisfied --where status=resolved
	refused open.csv.new cmp-due -d "$STORE" --escalate -q --now 2026-12-01T10:00
}
