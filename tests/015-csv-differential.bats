#!/usr/bin/env bats
# tests/015-csv-differential.bats - the CSV scanner of lib/csv.c against
# libcsv, the reference (CMP_CSV=libcsv): the same bytes must give the
# same records, the same errors at the same lines and the same exit
# status, whichever parser ran.  Each input is read as a tool reads it
# (cmp-ls --jsonl, which stops at the first bad record) and as an import
# reads it (cmp-new --import, which goes on past bad records and keeps
# the text of each in --rejects, without and with a decoder).  Inputs:
# every file of ../shared/corpus/csv-conformance, tests/gen-tickets, the
# sample, and hand-written cases of every kind of trouble.

load helper

# differ FILE: every reading of FILE alike under both parsers (read_alike).
differ() {
	read_alike CMP_CSV libcsv scanner "$1" \
	    "cmp-ls --jsonl $1" \
	    "cmp-ls --jsonl -" \
	    "cmp-new --jsonl --import $1 --map received_at=a --rejects REJ" \
	    "cmp-new --jsonl --import $1 --map received_at=a --encoding auto --rejects REJ" \
	    "cmp-new --jsonl --import $1 --map received_at=a --encoding GB18030 --rejects REJ"
}

@test "csv-conformance: every file reads alike through the scanner and libcsv" {
	need_shared
	RUNS=0 n=0
	for f in "$SHARED"/corpus/csv-conformance/csvs/*; do
		differ "$f"
		n=$((n + 1))
	done
	[ "$n" -eq "$(find "$SHARED/corpus/csv-conformance/csvs" -type f | wc -l)" ]
	[ "$n" -ge 12 ]
	[ "$RUNS" -eq $((n * 5)) ]
}

@test "tests/gen-tickets and the sample read alike through the scanner and libcsv" {
	"$BATS_TEST_DIRNAME/gen-tickets" 3000 >gen.csv
	RUNS=0
	differ gen.csv
	differ "$SAMPLE"
	[ "$RUNS" -eq 10 ]
	# Not vacuous: the scanner read all 3000 tickets.
	run --separate-stderr cmp-ls --jsonl gen.csv
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3000 ]
}

# The hand-written cases: header a,b unless the case says otherwise.
CASES=(
	'a,b\n1,2\n'
	'a,b\r\n1,2\r\n3,4\r\n'
	'a,b\r1,2\r3,4\r'
	'a,b\r1,2\r3,4'
	'a,b\n1,2'
	'a,b\n\n\n1,2\n\r\n\r\n3,4\n\n'
	'\n\r\n  \na,b\n1,2\n'
	'\n\na,b\n1,2\n'
	'a,b\n"x""y",2\n'
	'a,b\n"x\ny",2\n'
	'a,b\n"x\r\ny",2\r\n'
	'a,b\n"x\n\ny",2\n'
	'a,b\n"x\r\r\ny",2\n'
	'a,b\n1,2\r"x\n\ny",3\n4,5\n'
	'a,b\n1,2\r3,"x\ny"\r5,6\n'
	'a,b\nx"y,2\n3,4\n'
	'a,b\n"x"y,2\n3,4\n'
	'a,b\n"x" ,2\n3,4\n'
	'a,b\n"x"\t,2\n'
	'a,b\n1,2\r3"x,4\n5,6\n'
	'a,b\n"x,2\n'
	'a,b\n1,"2\n3,4\n'
	'a,b\n1,"2'
	'a,b\n1,"2"'
	'a,b\n1,""'
	'a,b\n1,"'
	'a,b\n1,'
	'a,b\n1,\n'
	'a,b\n1,2,\n3,4\n'
	'a,b\n1\n3,4\n'
	'a,b\n,\n'
	'a\n""\n'
	'a\n\n""\n\n'
	'a,b\n 1 , 2 \n'
	'a,b\n" 1 "," 2"\n'
	'a,b\n"",""\n'
	'a,b\n"""",""""""\n'
	'a,b\n"a"",b\n'
	'a,b\n"a""\n",b\n'
	'a,b\n""x,2\n'
	'a,b\n"x"",2"\n'
	'\xef\xbb\xbfa,b\n1,2\n'
	'\xef\xbb\xbf\n\na,b\n1,2\n'
	'a,b\n\xef\xbb\xbf1,2\n3,4\n'
	'a,b\n1,2\n\xef\xbb\xbf'
	'a,b\n"x\n\xef\xbb\xbfy",2\n'
	'a,b\n1\x002,3\n4,5\n'
	'a,b\n"1\x002",3\n'
	'a,b\n1,2\x00\n'
	'a\x00,b\n1,2\n'
	'a,b\n1,\xff\n3,4\n'
	'a,b\n\xff,\xfe\n'
	'a,b\n1,\xed\xa0\x80\n'
	'a,b\n1,\xf4\x90\x80\x80\n'
	'a,b\n1,\xe0\x80\x80\n'
	'a,b\n1,\xc0\xaf\n'
	'a,b\n1,\xc3\n'
	'a,b\n1,\xc3,\xa9\n'
	'a,b\n"\xe4\xbd\n\xa0",2\n'
	'a,b\n1,2,\xff\n'
	'a,b\n1,\xf0\x9f\x98\x80\xe4\xbd\xa0\xc3\xa9\n'
	'a,\xff\n1,2\n'
	'a,a\n1,2\n'
	'a,b,a\n1,2,3\n'
	'a,"b\n'
	'"a"x,b\n1,2\n'
	'a,b"\n1,2\n'
	'a\n'
	'a,b\n'
	''
	'\n\n'
	'\r\n\r\n'
	' \n'
	'a,b\n\r'
	'a,b\n\r\r\r1,2'
	'a,b\r\n\r\n1,2\r\n\r\n'
	'"a\nb",c\n1,2\n'
	'"",b\n1,2\n'
	',\n1,2\n'
	'a,b\n"2019-03-01 08:00",x\n2019-03-01 09:00,"y\r\nz"\n'
	'a,b\n2019-03-01 08:00,\xd0\xc5\xba\xc5\n2019-03-01 09:00,\xff\xfe\n'
	'a,b\n2019-03-01 08:00,"\xd0\xc5\n\xba\xc5"\n'
	'a,b\n2019-03-01 08:00,\x84\x31\x95\x33\n'
	'{"a":1}\n'
)

@test "hand-written cases: quotes, line ends, blank lines, BOMs, strict errors, NUL, bad UTF-8, bad headers read alike" {
	RUNS=0 n=0
	for c in "${CASES[@]}"; do
		printf "$c" >case.csv
		differ case.csv || { printf 'case %d: %q\n' "$n" "$c"; false; }
		n=$((n + 1))
	done
	[ "$n" -eq "${#CASES[@]}" ]
	[ "$RUNS" -eq $((n * 5)) ]
}

@test "the cases are not vacuous: the scanner gives exact records and errors for some" {
	printf 'a,b\r1,2\r"x""\ny",3\n' >cr.csv
	run --separate-stderr cmp-ls --jsonl cr.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'{"a":"1","b":"2"}\n{"a":"x\\"\\ny","b":"3"}' ]
	printf 'a,b\n1,2\n"x"y,2\n' >bad.csv
	run --separate-stderr cmp-ls --jsonl bad.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-ls: bad.csv:3: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)' ]
	printf 'a,b\n1,\xff\n' >utf.csv
	run --separate-stderr cmp-ls --jsonl utf.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-ls: utf.csv:2: invalid UTF-8 in field "b"' ]
}

@test "huge fields, quoted and not, and a line of many fields read alike" {
	RUNS=0
	{
		printf 'a,b\n2019-03-01 08:00,'
		head -c 3000000 /dev/zero | tr '\0' x
		printf '\n2019-03-01 09:00,"'
		head -c 3000000 /dev/zero | tr '\0' '\n'
		printf '""'
		head -c 1000000 /dev/zero | tr '\0' ,
		printf '"\n'
	} >huge.csv
	differ huge.csv
	{
		seq -s , 1 20000
		seq -s , 20001 40000
	} >wide.csv
	sed -i '1s/^1,/a,/' wide.csv
	differ wide.csv
	[ "$RUNS" -eq 10 ]
	run --separate-stderr cmp-ls --jsonl huge.csv
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(jq '.b | length' <<<"$output" | tr '\n' ' ')" = '3000000 4000001 ' ]
}
