#!/usr/bin/env bats
# tests/140-hostile.bats - hostile input: bytes that are not UTF-8, NUL
# bytes, a 100 MB field, a million columns, JSON nested 100,000 deep, stray
# byte order marks, binary files.  Each is refused with "tool: FILE:LINE:
# problem" and exit 65, or read exactly; never a crash (exit >= 128), a
# hang (every run is under timeout) or a record cut short.  A refusal
# leaves a store byte for byte as it was.  Also --excel-safe (spreadsheet
# formula injection) and the rule that no message quotes personal data.
# The big inputs are made in $BATS_FILE_TMPDIR, never committed.

load helper

# Seconds any one run may take: the sanitizer build is several times slower.
T=60
[ "${CMP_SAN:-0}" = 1 ] && T=240

BIG=100000000	# bytes of the big field
WIDE=1000000	# columns of the wide record

setup_file() {
	cd "$BATS_FILE_TMPDIR" || return 1
	head -c "$BIG" /dev/zero | tr '\0' x >field
	{ printf 'id,summary\nC1,'; cat field; printf '\n'; } >big.csv
	{ printf '{"id":"C1","summary":"'; cat field; printf '"}\n'; } >big.jsonl
	{ printf 'summary\n'; cat field; printf '\n'; } >summary.csv
	awk -v n="$WIDE" 'BEGIN {
		ORS = ""; print "channel"; for (i = 1; i <= n; i++) print ",c" i; print "\n"
		print "hotline"; for (i = 1; i <= n; i++) print "," i; print "\n" }' >wide.csv
	awk -v n="$WIDE" 'BEGIN {
		ORS = ""; print "{\"channel\":\"hotline\""
		for (i = 1; i <= n; i++) print ",\"c" i "\":\"" i "\""; print "}\n" }' >wide.jsonl
}

# Run a tool under timeout, as bats' run does, with standard output into
# the file $1 (too big for $output).
run_to() {
	local out=$1
	shift
	run --separate-stderr timeout "$T" sh -c 'out=$1; shift; exec "$@" >"$out"' sh "$out" "$@"
}

# A store with one ticket in it, and its checksum in $BEFORE.
one_ticket_store() {
	run --separate-stderr cmp-new -d "$STORE" --channel hotline --name 王五 --phone 13900000000 --summary ok
	[ "$status" -eq 0 ]
	BEFORE=$(store_sum "$STORE")
}

# The last run refused bad data: exit 65, nothing on stdout, exactly the
# message $1 on stderr, and the store as it was.
refused() {
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "$1" ]
	if [ -n "${BEFORE-}" ]; then
		[ "$(store_sum "$STORE")" = "$BEFORE" ]
	fi
}

# --- bytes that are not text --------------------------------------------------

@test "invalid UTF-8 in a CSV field is refused by every reader, the store unchanged" {
	printf 'id,summary\nC1,a\377b\n' >in.csv
	run --separate-stderr timeout "$T" cmp-ls in.csv
	refused 'cmp-ls: in.csv:2: invalid UTF-8 in field "summary"'
	run --separate-stderr timeout "$T" cmp-stats in.csv
	refused 'cmp-stats: in.csv:2: invalid UTF-8 in field "summary"'
	printf 'channel,summary\nhotline,a\377b\n' >new.csv
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" new.csv
	refused 'cmp-new: new.csv:2: invalid UTF-8 in field "summary"'
}

@test "invalid UTF-8 in JSON Lines is refused, naming the line and no text" {
	printf '{"channel":"web"}\n{"channel":"web","summary":"a\377b"}\n' >in.jsonl
	run --separate-stderr timeout "$T" cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = '{"channel":"web"}' ]
	[ "$stderr" = 'cmp-ls: in.jsonl:2: bad JSON: unable to decode byte 0xff' ]
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" in.jsonl
	refused 'cmp-new: in.jsonl:2: bad JSON: unable to decode byte 0xff'
}

@test "an import rejects a row that is not UTF-8 and imports nothing of it" {
	printf 'caller,when,text\n1380,2026-11-20 10:00,a\377b\n' >log.csv
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" --import log.csv --map phone=caller,summary=text,received_at=when
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "cmp-new: log.csv:2: bytes invalid in UTF-8" ]
	[ "${stderr_lines[1]}" = "cmp-new: log.csv: 1 read, 0 imported, 0 duplicates, 1 rejected" ]
	[ "$(store_sum "$STORE")" = "$BEFORE" ]
}

@test "a value given by option that is not UTF-8 is a usage error, not a crash or a cut record" {
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" --channel hotline --summary $'a\xffb'
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-new: --summary: the value is not UTF-8 text" ]
	[ "$(store_sum "$STORE")" = "$BEFORE" ]
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" --actor $'\xff' --channel hotline
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-new: --actor: the value is not UTF-8 text" ]
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" -s $'x=\xff' --channel hotline
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-new: -s: the value is not UTF-8 text" ]
	[ "$(store_sum "$STORE")" = "$BEFORE" ]
	run --separate-stderr timeout "$T" cmp-new --jsonl --channel hotline --summary $'a\xffb'
	[ "$status" -eq 64 ]
	[ "$output" = "" ]
}

@test "raw NUL bytes are refused in CSV and in JSON Lines" {
	printf 'id,summary\nC1,a\0b\n' >in.csv
	run --separate-stderr timeout "$T" cmp-ls in.csv
	refused 'cmp-ls: in.csv:2: NUL byte in field "summary"'
	run --separate-stderr timeout "$T" cmp-stats in.csv
	refused 'cmp-stats: in.csv:2: NUL byte in field "summary"'
	printf '{"id":"C1","summary":"a\0b"}\n' >in.jsonl
	run --separate-stderr timeout "$T" cmp-ls in.jsonl
	refused 'cmp-ls: in.jsonl:1: bad JSON: control character 0x0'
	printf 'channel,summary\nhotline,a\0b\n' >new.csv
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" new.csv
	refused 'cmp-new: new.csv:2: NUL byte in field "summary"'
}

@test "a binary file is refused by every reader, the store unchanged" {
	run --separate-stderr timeout "$T" cmp-ls /bin/ls
	refused 'cmp-ls: /bin/ls:1: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)'
	run --separate-stderr timeout "$T" cmp-stats /bin/ls
	refused 'cmp-stats: /bin/ls:1: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)'
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" /bin/ls
	refused 'cmp-new: /bin/ls:1: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)'
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" --import /bin/ls --map phone=x
	refused 'cmp-new: /bin/ls:1: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)'
}

# --- size ----------------------------------------------------------------------

@test "a 100 MB CSV field comes through cmp-ls whole, in bounded memory" {
	local limit=
	# Address space, not RSS: 6 times the field.  ASan reserves terabytes.
	[ "${CMP_SAN:-0}" = 1 ] || limit="ulimit -v 600000;"
	run --separate-stderr timeout "$T" bash -c "$limit"' exec cmp-ls "$1" >out.csv' bash "$BATS_FILE_TMPDIR/big.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(stat -c %s out.csv)" -eq $((BIG + 15)) ]
	cmp out.csv "$BATS_FILE_TMPDIR/big.csv"
	run_to out.jsonl cmp-ls --jsonl "$BATS_FILE_TMPDIR/big.csv"
	[ "$status" -eq 0 ]
	cmp out.jsonl "$BATS_FILE_TMPDIR/big.jsonl"
}

@test "a 100 MB JSON Lines field (one huge line) comes through cmp-ls whole" {
	run_to out.jsonl cmp-ls "$BATS_FILE_TMPDIR/big.jsonl"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	cmp out.jsonl "$BATS_FILE_TMPDIR/big.jsonl"
}

@test "a 100 MB field goes into a store and out again whole; cmp-stats counts it" {
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" --channel hotline "$BATS_FILE_TMPDIR/summary.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	run_to out.csv cmp-ls -d "$STORE" --fields summary
	[ "$status" -eq 0 ]
	cmp out.csv "$BATS_FILE_TMPDIR/summary.csv"
	run --separate-stderr timeout "$T" cmp-stats "$BATS_FILE_TMPDIR/big.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1,1.0000,0,0,0.0000,0,0,0,,,,,,,0,0" ]
}

@test "an import carries a 100 MB field into the store whole" {
	{ printf 'caller,when,text\n1380,2026-11-20 10:00,'; cat "$BATS_FILE_TMPDIR/field"; printf '\n'; } >log.csv
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" --import log.csv --map phone=caller,summary=text,received_at=when --channel hotline
	[ "$status" -eq 0 ]
	[ "$stderr" = "cmp-new: log.csv: 1 read, 1 imported, 0 duplicates, 0 rejected" ]
	run_to out.csv cmp-ls -d "$STORE" --fields summary
	[ "$status" -eq 0 ]
	cmp out.csv "$BATS_FILE_TMPDIR/summary.csv"
}

@test "a header of a million names: cmp-ls passes every column through" {
	run_to out.csv cmp-ls "$BATS_FILE_TMPDIR/wide.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	cmp out.csv "$BATS_FILE_TMPDIR/wide.csv"
	run_to out.jsonl cmp-ls --jsonl "$BATS_FILE_TMPDIR/wide.csv"
	[ "$status" -eq 0 ]
	cmp out.jsonl "$BATS_FILE_TMPDIR/wide.jsonl"
}

@test "a JSON object of a million keys: cmp-ls passes every field through" {
	run_to out.jsonl cmp-ls "$BATS_FILE_TMPDIR/wide.jsonl"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	cmp out.jsonl "$BATS_FILE_TMPDIR/wide.jsonl"
	run --separate-stderr timeout "$T" cmp-ls --where c999999=999999 --fields channel,c1000000 "$BATS_FILE_TMPDIR/wide.jsonl"
	[ "$status" -eq 0 ]
	[ "$output" = '{"channel":"hotline","c1000000":"1000000"}' ]
}

@test "a million columns go into a store (CSV, then JSON Lines) and cmp-stats counts them" {
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" "$BATS_FILE_TMPDIR/wide.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" "$BATS_FILE_TMPDIR/wide.jsonl"
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000002" ]
	run --separate-stderr timeout "$T" cmp-ls -d "$STORE" --fields id,channel,c1,c1000000
	[ "$status" -eq 0 ]
	[ "$output" = $'id,channel,c1,c1000000\nC20261123-000001,hotline,1,1000000\nC20261123-000002,hotline,1,1000000' ]
	run --separate-stderr timeout "$T" cmp-stats --by c1000000 -d "$STORE"
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "1000000,2,1.0000,2,0,0.0000,0,0,0,,,,,,,0,0" ]
}

@test "an import of a log of a million columns keeps them all" {
	awk -v n="$WIDE" 'BEGIN {
		ORS = ""; print "when"; for (i = 1; i <= n; i++) print ",c" i; print "\n"
		print "2026-11-20 10:00"; for (i = 1; i <= n; i++) print "," i; print "\n" }' >log.csv
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" --import log.csv --map received_at=when,phone=c1 --channel hotline
	[ "$status" -eq 0 ]
	[ "$stderr" = "cmp-new: log.csv: 1 read, 1 imported, 0 duplicates, 0 rejected" ]
	run --separate-stderr timeout "$T" cmp-ls -d "$STORE" --fields phone,c2,c1000000
	[ "$status" -eq 0 ]
	[ "$output" = $'phone,c2,c1000000\n1,2,1000000' ]
}

@test "a header name of 100 kB passes through" {
	# Long, but short enough for one argument of --fields (128 kB at most).
	head -c 100000 /dev/zero | tr '\0' n >name
	{ printf 'channel,'; cat name; printf '\nhotline,v\n'; } >in.csv
	run_to out.csv cmp-ls in.csv
	[ "$status" -eq 0 ]
	cmp out.csv in.csv
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" in.csv
	[ "$status" -eq 0 ]
	run --separate-stderr timeout "$T" cmp-ls -d "$STORE" --fields "channel,$(cat name)" --jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "{\"channel\":\"hotline\",\"$(cat name)\":\"v\"}" ]
}

# --- JSON nesting ---------------------------------------------------------------

@test "JSON nested 100,000 deep is refused at once, on one line or on many" {
	{ printf '{"a":'; head -c 100000 /dev/zero | tr '\0' '['; printf '\n'; } >deep.jsonl
	run --separate-stderr timeout "$T" cmp-ls deep.jsonl
	refused 'cmp-ls: deep.jsonl:1: bad JSON: maximum parsing depth reached'
	{ printf '{"a":\n'; head -c 100000 /dev/zero | tr '\0' '[' | fold -w 1; echo; } >deep.jsonl
	run --separate-stderr timeout "$T" cmp-ls deep.jsonl
	refused 'cmp-ls: deep.jsonl:2049: bad JSON: maximum parsing depth reached'
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" deep.jsonl
	refused 'cmp-new: deep.jsonl:2049: bad JSON: maximum parsing depth reached'
	run --separate-stderr timeout "$T" cmp-stats deep.jsonl
	refused 'cmp-stats: deep.jsonl:2049: bad JSON: maximum parsing depth reached'
}

@test "an object pretty-printed over 200,000 lines is read in linear time" {
	awk 'BEGIN { print "{"; for (i = 1; i <= 200000; i++) print "  \"c" i "\": \"" i "\","; print "  \"z\": \"1\"\n}" }' >pretty.jsonl
	awk 'BEGIN { ORS = ""; print "{"; for (i = 1; i <= 200000; i++) print "\"c" i "\":\"" i "\","; print "\"z\":\"1\"}\n" }' >want.jsonl
	run_to out.jsonl cmp-ls pretty.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	cmp out.jsonl want.jsonl
}

# --- shapes of CSV ----------------------------------------------------------------

@test "an unbalanced quote at the end of a CSV is refused, naming where the record starts" {
	printf 'id,summary\nC1,x\nC2,"open\nmore\n' >in.csv
	run --separate-stderr timeout "$T" cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = $'id,summary\nC1,x' ]
	[ "$stderr" = 'cmp-ls: in.csv:3: unterminated quoted field' ]
	run --separate-stderr timeout "$T" cmp-stats in.csv
	refused 'cmp-stats: in.csv:3: unterminated quoted field'
	printf 'channel,summary\nhotline,"open\n' >new.csv
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" new.csv
	refused 'cmp-new: new.csv:2: unterminated quoted field'
}

@test "CRLF and LF mixed in one file read the same; output is LF" {
	printf 'id,summary\r\nC1,x\nC2,"two\r\nlines"\r\nC3,y\n' >in.csv
	run --separate-stderr timeout "$T" cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'{"id":"C1","summary":"x"}\n{"id":"C2","summary":"two\\r\\nlines"}\n{"id":"C3","summary":"y"}' ]
	run --separate-stderr timeout "$T" cmp-ls in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'id,summary\nC1,x\nC2,"two\r\nlines"\nC3,y' ]
}

@test "a byte order mark at the start of a later line is refused, in CSV and JSON Lines" {
	printf 'id,summary\nC1,x\n\357\273\277C2,y\n' >in.csv
	run --separate-stderr timeout "$T" cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = $'id,summary\nC1,x' ]
	[ "$stderr" = 'cmp-ls: in.csv:3: a byte order mark (U+FEFF) in the middle of the input (files joined by cat? give each as an operand)' ]
	printf '{"id":"C1"}\n\357\273\277{"id":"C2"}\n' >in.jsonl
	run --separate-stderr timeout "$T" cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = '{"id":"C1"}' ]
	[ "$stderr" = 'cmp-ls: in.jsonl:2: a byte order mark (U+FEFF) in the middle of the input (files joined by cat? give each as an operand)' ]
	printf 'channel\nhotline\n\357\273\277hotline\n' >new.csv
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" new.csv
	refused 'cmp-new: new.csv:3: a byte order mark (U+FEFF) in the middle of the input (files joined by cat? give each as an operand)'
}

@test "a byte order mark opening a second input file is dropped" {
	printf 'id,summary\nC1,x\n' >a.csv
	printf '\357\273\277id,summary\nC2,y\n' >b.csv
	run --separate-stderr timeout "$T" cmp-ls a.csv b.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'id,summary\nC1,x\nC2,y' ]
	printf '{"id":"C1"}\n' >a.jsonl
	printf '\357\273\277{"id":"C2"}\n' >b.jsonl
	run --separate-stderr timeout "$T" cmp-ls a.jsonl b.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'{"id":"C1"}\n{"id":"C2"}' ]
	printf '\357\273\277channel\nweb\n' >c.csv
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" c.csv c.csv
	[ "$status" -eq 0 ]
	run --separate-stderr timeout "$T" cmp-ls -d "$STORE" --fields id,channel
	[ "$output" = $'id,channel\nC20261123-000001,web\nC20261123-000002,web' ]
}

@test "an empty header name passes through a filter; cmp-new refuses it" {
	printf 'id,,summary\nC1,x,y\n' >in.csv
	run --separate-stderr timeout "$T" cmp-ls in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'id,,summary\nC1,x,y' ]
	run --separate-stderr timeout "$T" cmp-ls --jsonl in.csv
	[ "$output" = '{"id":"C1","":"x","summary":"y"}' ]
	printf 'channel,\nhotline,x\n' >new.csv
	one_ticket_store
	run --separate-stderr timeout "$T" cmp-new -d "$STORE" new.csv
	refused 'cmp-new: new.csv:2: a field with an empty name'
}

@test "a file of only newlines, or a header that is only a BOM, holds no records" {
	printf '\n\n\n' >nl.csv
	printf '\357\273\277\n' >bom.csv
	one_ticket_store
	for f in nl.csv bom.csv; do
		run --separate-stderr timeout "$T" cmp-ls "$f"
		[ "$status" -eq 1 ]
		[ "$output" = "" ]
		[ "$stderr" = "" ]
		run --separate-stderr timeout "$T" cmp-stats "$f"
		[ "$status" -eq 0 ]
		[ "$output" = "" ]
		run --separate-stderr timeout "$T" cmp-new -d "$STORE" "$f"
		[ "$status" -eq 0 ]
		[ "$output" = "" ]
		[ "$(store_sum "$STORE")" = "$BEFORE" ]
	done
}

# --- spreadsheet formulas ---------------------------------------------------------

@test "--excel-safe: CSV cells a spreadsheet would run get a leading ', numbers do not" {
	printf 'id,name,summary,n\nC1,=1+2,+3.5,-12\nC2,@SUM(A1),"\tx",-1-2\nC3,-,+,"\rq"\n' >in.csv
	run --separate-stderr cmp-ls --excel-safe in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'id,name,summary,n\nC1,\'=1+2,+3.5,-12\nC2,\'@SUM(A1),\'\tx,\'-1-2\nC3,\'-,\'+,"\'\rq"' ]
	run --separate-stderr cmp-ls --excel-safe --jsonl in.csv
	[ "$output" = $'{"id":"C1","name":"=1+2","summary":"+3.5","n":"-12"}\n{"id":"C2","name":"@SUM(A1)","summary":"\\tx","n":"-1-2"}\n{"id":"C3","name":"-","summary":"+","n":"\\rq"}' ]
	run --separate-stderr cmp-ls in.csv
	[ "$output" = $'id,name,summary,n\nC1,=1+2,+3.5,-12\nC2,@SUM(A1),\tx,-1-2\nC3,-,+,"\rq"' ]
}

@test "--excel-safe is in every tool's --help" {
	for t in cmp-new cmp-assign cmp-close cmp-due cmp-stats cmp-ls cmp-report; do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ]
		[[ "$output" == *"      --excel-safe   CSV output: a ' before each cell a spreadsheet would run"* ]]
	done
}

@test "--excel-safe changes standard output, never the store or the journal" {
	run --separate-stderr cmp-new --excel-safe --channel hotline --name =cmd --summary @x --now 2026-11-23T10:00:00+08:00 --actor a --csv
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\nC20261123-000001,2026-11-23T10:00:00+08:00,2026-11-23T10:00:00+08:00,hotline,\'=cmd,'* ]]
	run --separate-stderr cmp-new -d "$STORE" --excel-safe --channel hotline --name =cmd --summary @x
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-ls -d "$STORE" --fields name,summary
	[ "$output" = $'name,summary\n=cmd,@x' ]
	[ "$(jq -r '.changes.name[1] + " " + .changes.summary[1]' "$STORE/journal.jsonl")" = "=cmd @x" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields name,summary --excel-safe
	[ "$output" = $'name,summary\n\'=cmd,\'@x' ]
	run --separate-stderr cmp-stats -d "$STORE" --by summary --excel-safe
	[ "${lines[1]}" = "'@x,1,1.0000,1,0,0.0000,0,0,0,,,,,,,0,0" ]
}

@test "--table always neutralises formula cells" {
	printf 'id,department,summary\nC1,"=HYPERLINK(""x"")",-5\nC2,+,plain\n' >in.csv
	run --separate-stderr cmp-ls --table --fields id,department,summary in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'id  department        summary\nC1  \'=HYPERLINK("x")  -5\nC2  \'+                plain' ]
}

@test "report tables always neutralise formula cells of ticket data, not the figures" {
	printf 'id,received_at,created_at,status,department,category,channel,region\n' >in.csv
	printf 'C1,2026-11-02T09:00:00+08:00,2026-11-02T09:00:00+08:00,new,"=HYPERLINK(""x"")",other,web,@r\n' >>in.csv
	local f q rest
	for f in txt md html; do
		run --separate-stderr cmp-report --period 2026-11 --format "$f" in.csv
		[ "$status" -eq 0 ]
		q="'"
		[ "$f" = html ] && q='&#39;'
		# Each @r has its quote, and so does each =HYPERLINK.
		[[ "$output" == *"$q@r"* ]]
		rest=${output//"$q@r"/}
		[[ "$rest" != *@r* ]]
		rest=${output//"$q=HYPERLINK"/}
		[[ "$output" == *"$q=HYPERLINK"* && "$rest" != *=HYPERLINK* ]]
	done
	run --separate-stderr cmp-report --period 2026-11 --format md in.csv
	[[ "$output" == *"| '=HYPERLINK(\"x\") | 1 | 100.0% | 0.0% |"* ]]
}

# --- personal data in messages -----------------------------------------------------

@test "no message quotes a name or a phone number of a bad record" {
	one_ticket_store
	printf 'name,phone,channel\n张三,13800138000,banana\n' >bad.csv
	printf '{"name":"张三","phone":13800138000x}\n' >bad.jsonl
	printf 'name,phone,channel\n张三,13800138000,hotline,x\n' >wide.csv
	printf 'name,phone,channel\n张三,"13800138000\n' >open.csv
	printf 'name,phone,channel\n张三,\377,hotline\n' >enc.csv
	for f in bad.csv bad.jsonl wide.csv open.csv enc.csv; do
		run --separate-stderr timeout "$T" cmp-new -d "$STORE" "$f"
		[ "$status" -eq 65 ]
		[[ "$stderr" == "cmp-new: $f:2: "* || "$stderr" == "cmp-new: $f:1: "* ]]
		[[ "$stderr" != *张三* ]]
		[[ "$stderr" != *13800138000* ]]
		[ "$(store_sum "$STORE")" = "$BEFORE" ]
	done
	run --separate-stderr cmp-new -d "$STORE" bad.csv
	[ "$stderr" = 'cmp-new: bad.csv:2: channel: "banana" is not one of hotline, web, app, email, sms, social, counter, letter, transfer, regulator' ]
	run --separate-stderr cmp-new -d "$STORE" bad.jsonl
	[ "$stderr" = "cmp-new: bad.jsonl:1: bad JSON: '}' expected" ]
	printf 'caller,who,when\n13800138000,张三,yesterday\n' >log.csv
	run --separate-stderr cmp-new -d "$STORE" --import log.csv --map phone=caller,name=who,received_at=when --channel hotline
	[ "$status" -eq 65 ]
	[[ "$stderr" != *张三* ]]
	[[ "$stderr" != *13800138000* ]]
}
