#!/usr/bin/env bats
# tests/170-verify.bats - the tamper-evident journal (SPEC §9): every line
# carries the SHA-256 of the line before it, and cmp-ls --verify checks the
# chain and that replaying the journal gives the open tickets and the
# archive.  A store made by the tools verifies; each kind of tampering
# (a journal line changed, removed, swapped, put in; a store record
# changed or removed; an archived one changed) is refused with 65 naming
# the first line that disagrees.

load helper

A=C20261120-000001
B=C20261120-000002
C=C20261120-000003
ZEROS=0000000000000000000000000000000000000000000000000000000000000000

# Three tickets: A dispatched, B dispatched then force-closed (archived),
# A and C escalated.  The journal has 8 lines: 1-3 created, 4-5 the
# dispatch, 6 the closing, 7-8 the escalation; open.csv has A (line 2)
# and C (line 3), archive/2026-11.csv has B (line 2).
build() {
	local i
	for i in 1 2 3; do
		cmp-new -d "$STORE" --now "2026-11-20T09:0$i" --channel hotline --phone "1381234567$i" \
		    --category network --summary "问题 $i" --by alice >/dev/null
	done
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-20T10:00 --actor bob "$A" "$B" >/dev/null
	cmp-close -d "$STORE" --force --reason 客户撤诉 --now 2026-11-20T11:00 "$B" >/dev/null
	cmp-due -d "$STORE" --escalate -q --now 2026-11-23T10:00
	[ "$(wc -l <"$STORE/journal.jsonl")" -eq 8 ]
	[ -f "$STORE/open.jsonl" ] && return
	[ "$(cut -d, -f1 "$STORE/open.csv" | tr '\n' ' ')" = "id $A $C " ]
	[ "$(cut -d, -f1 "$STORE/archive/2026-11.csv" | tr '\n' ' ')" = "id $B " ]
}

# The SHA-256 of line $1 of the journal, without its newline.
line_hash() {
	sed -n "$1p" "$STORE/journal.jsonl" | tr -d '\n' | sha256sum | cut -d' ' -f1
}

# Run cmp-ls --verify and expect 65 with exactly the message $1.
refused() {
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 65 ] || { echo "exit $status: $stderr"; return 1; }
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: $1" ] || { echo "got:  $stderr"; echo "want: cmp-ls: $1"; return 1; }
}

@test "a store made by cmp-new, cmp-assign, cmp-close and cmp-due --escalate verifies" {
	build
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "$STORE: verified: 8 journal lines, 0 before the chain; 3 tickets: 2 open, 1 archived; head $(line_hash 8)" ]
}

@test "the chain: prev is the first key, 64 zeros on line 1, then the SHA-256 of the line before" {
	build
	[ "$(head -n 1 "$STORE/journal.jsonl" | jq -r 'keys_unsorted[0] + " " + .prev')" = "prev $ZEROS" ]
	local n
	for n in 2 3 4 5 6 7 8; do
		[ "$(sed -n "${n}p" "$STORE/journal.jsonl" | jq -r .prev)" = "$(line_hash $((n - 1)))" ] ||
		    { echo "line $n"; return 1; }
	done
}

@test "an empty store verifies: no journal, no ticket, the head is the origin" {
	mkdir "$STORE"
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 0 ]
	[ "$output" = "$STORE: verified: 0 journal lines, 0 before the chain; 0 tickets: 0 open, 0 archived; head $ZEROS" ]
}

@test "a JSON Lines store verifies, and an edit of it is named" {
	mkdir "$STORE"
	printf '[store]\nencoding = jsonl\n' >"$STORE/cmp.conf"
	build
	[ -f "$STORE/open.jsonl" ]
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 0 ]
	[ "$output" = "$STORE: verified: 8 journal lines, 0 before the chain; 3 tickets: 2 open, 1 archived; head $(line_hash 8)" ]
	sed -i '2s/"问题 3"/"问题 9"/' "$STORE/open.jsonl"
	refused "$STORE/open.jsonl:2: $C: summary is \"问题 9\", the journal says \"问题 3\" (line 8)"
}

@test "one byte of a value changed in a journal line: that line is named" {
	build
	sed -i '4s/"网络部"\]/"网络郡"]/' "$STORE/journal.jsonl"
	refused "$STORE/journal.jsonl:4: changed, or lines after it removed: line 5's \"prev\" is not its SHA-256"
}

@test "a journal line removed: the line before the gap is named" {
	build
	sed -i '5d' "$STORE/journal.jsonl"
	refused "$STORE/journal.jsonl:4: changed, or lines after it removed: line 5's \"prev\" is not its SHA-256"
}

@test "the first journal line removed: the origin is missing" {
	build
	sed -i '1d' "$STORE/journal.jsonl"
	refused "$STORE/journal.jsonl:1: \"prev\" is not the origin (64 zeros): lines before it were removed"
}

@test "two journal lines swapped: the first out of place is named" {
	build
	sed -i '5{h;d};6G' "$STORE/journal.jsonl"
	refused "$STORE/journal.jsonl:5: put in: line 6 follows line 4 in the chain"
}

@test "a forged line appended with a copied prev: it is named" {
	build
	tail -n 1 "$STORE/journal.jsonl" | sed 's/"escalation":\["0","2"\]/"escalation":["2","3"]/' >forged
	cat forged >>"$STORE/journal.jsonl"
	refused "$STORE/journal.jsonl:9: changed or put in: its \"prev\" is not the SHA-256 of the line before it"
}

@test "a forged line appended with the right prev: the store disagrees, naming that line" {
	build
	printf '{"prev":"%s","time":"2026-11-23T10:00:00+08:00","now":null,"actor":"x","tool":"cmp-assign","id":"%s","changes":{"department":["网络部","法务部"]}}\n' \
	    "$(line_hash 8)" "$A" >>"$STORE/journal.jsonl"
	refused "$STORE/open.csv:2: $A: department is \"网络部\", the journal says \"法务部\" (line 9)"
}

@test "a forged line whose old value is not the ticket's: that line is named" {
	build
	printf '{"prev":"%s","time":"2026-11-23T10:00:00+08:00","now":null,"actor":"x","tool":"cmp-assign","id":"%s","changes":{"department":["客服部","法务部"]}}\n' \
	    "$(line_hash 8)" "$A" >>"$STORE/journal.jsonl"
	refused "$STORE/journal.jsonl:9: $A: department: changed from \"客服部\", but the lines before it leave \"网络部\" (line 7)"
}

@test "the journal's last line removed: its chain holds, the store disagrees" {
	build
	sed -i '8d' "$STORE/journal.jsonl"
	refused "$STORE/open.csv:3: $C: escalation is \"2\", the journal says \"0\" (line 3)"
}

@test "a store field edited: the record and the field are named" {
	build
	sed -i "2s/,网络部,/,市场部,/" "$STORE/open.csv"
	refused "$STORE/open.csv:2: $A: department is \"市场部\", the journal says \"网络部\" (line 7)"
}

@test "personal data in the message is masked as in a table" {
	build
	sed -i "3s/,13812345673,/,13812345679,/" "$STORE/open.csv"
	refused "$STORE/open.csv:3: $C: phone is \"138****5679\", the journal says \"138****5673\" (line 8)"
}

@test "a store record removed: the ticket and its file are named" {
	build
	sed -i '2d' "$STORE/open.csv"
	refused "$STORE/open.csv: $A: no record, but the journal has it (line 7)"
}

@test "a record put in by hand: it is named" {
	build
	sed -n '3p' "$STORE/open.csv" | sed "s/^$C,/C20261120-000004,/" >>"$STORE/open.csv"
	refused "$STORE/open.csv:4: C20261120-000004: no line of the journal creates it"
}

@test "an archived record edited: the archive's record is named" {
	build
	sed -i '2s/,客户撤诉,/,客户撤销,/' "$STORE/archive/2026-11.csv"
	refused "$STORE/archive/2026-11.csv:2: $B: reason is \"客户撤销\", the journal says \"客户撤诉\" (line 6)"
}

@test "an archived ticket moved back to the open file: it is named where it is" {
	build
	sed -n '2p' "$STORE/archive/2026-11.csv" >>"$STORE/open.csv"
	sed -i '2d' "$STORE/archive/2026-11.csv"
	refused "$STORE/open.csv:4: $B: belongs in archive/2026-11.csv by the journal (line 6)"
}

@test "a journal written before the chain: accepted as a prefix, counted; new lines chain from its last" {
	build
	sed -i 's/^{"prev":"[0-9a-f]*",/{/' "$STORE/journal.jsonl"
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 0 ]
	[ "$output" = "$STORE: verified: 8 journal lines, 8 before the chain; 3 tickets: 2 open, 1 archived; head $(line_hash 8)" ]
	local before
	before=$(line_hash 8)
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --now 2026-11-23T11:00 "$A"
	[ "$status" -eq 0 ]
	[ "$(sed -n 9p "$STORE/journal.jsonl" | jq -r .prev)" = "$before" ]
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 0 ]
	[ "$output" = "$STORE: verified: 9 journal lines, 8 before the chain; 3 tickets: 2 open, 1 archived; head $(line_hash 9)" ]
	# An unchained line after a chained one breaks the chain.
	sed -n 9p "$STORE/journal.jsonl" | sed 's/^{"prev":"[0-9a-f]*",/{/' >>"$STORE/journal.jsonl"
	refused "$STORE/journal.jsonl:10: no \"prev\" after chained lines: the chain is broken here"
}

@test "a batch chains each line to the one before it, also across an import" {
	head -n 21 "$SAMPLE" >batch.csv
	cmp-new -d "$STORE" batch.csv >/dev/null
	printf '来电号码,来电时间,内容\n13700000001,2026/11/20 08:00,信号差\n13700000002,2026/11/21 09:30,多扣费\n' >legacy.csv
	cmp-new -d "$STORE" --import legacy.csv --map 'phone=来电号码,received_at=来电时间,summary=内容' \
	    --date-format '%Y/%m/%d %H:%M' >/dev/null
	# 19 tickets (one summary spans two lines of the CSV), then 2 imported.
	[ "$(wc -l <"$STORE/journal.jsonl")" -eq 21 ]
	local n
	for n in $(seq 2 21); do
		[ "$(sed -n "${n}p" "$STORE/journal.jsonl" | jq -r .prev)" = "$(line_hash $((n - 1)))" ] ||
		    { echo "line $n"; return 1; }
	done
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 0 ]
	[ "$output" = "$STORE: verified: 21 journal lines, 0 before the chain; 21 tickets: 21 open, 0 archived; head $(line_hash 21)" ]
}

@test "a change committed but left by a crash is finished with its chain right" {
	build
	# The intent of a dispatch of C, as commit.c writes it, left unapplied.
	local size line
	size=$(stat -c %s "$STORE/journal.jsonl")
	line=$(printf '{"prev":"%s","time":"2026-11-23T10:05:00+08:00","now":null,"actor":"bob","tool":"cmp-assign","id":"%s","changes":{"status":["new","assigned"]}}' \
	    "$(line_hash 8)" "$C")
	sed "3s/,new,/,assigned,/" "$STORE/open.csv" >"$STORE/open.csv.new"
	printf 'cmp-pending 1\nappend journal.jsonl %s %s\n%s\nrename open.csv.new open.csv\nend\n' \
	    "$size" "$((${#line} + 1))" "$line" >"$STORE/.pending"
	# ${#line} counts characters: the line is ASCII.
	run --separate-stderr cmp-ls -d "$STORE" --verify
	[ "$status" -eq 0 ]
	[ "$output" = "$STORE: verified: 9 journal lines, 0 before the chain; 3 tickets: 2 open, 1 archived; head $(line_hash 9)" ]
	[ ! -e "$STORE/.pending" ]
}

@test "--verify: usage errors without a store or with a selection" {
	build
	run --separate-stderr cmp-ls --verify
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = "cmp-ls: --verify needs a store (-d DIR)" ]
	run --separate-stderr cmp-ls -d "$STORE" --verify "$A"
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = "cmp-ls: --verify checks the whole store: no selection, --all, --fields, --table or --history" ]
	run --separate-stderr cmp-ls -d "$STORE" --verify --all
	[ "$status" -eq 64 ]
}

@test "--verify >/dev/full fails with 74" {
	build
	run --separate-stderr bash -c 'cmp-ls -d "$1" --verify >/dev/full' _ "$STORE"
	[ "$status" -eq 74 ]
}
