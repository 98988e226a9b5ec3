#!/usr/bin/env bats
# tests/016-json-differential.bats - the JSON Lines fast path of
# lib/jsonflat.c against jansson, the reference (CMP_JSON=jansson): the
# same bytes must give the same records, the same errors at the same
# lines and the same exit status, whichever parser ran.  Each input is
# read as a tool reads it (cmp-ls --jsonl and --csv, which stop at the
# first bad record) and as an import reads it (cmp-new --import, which
# goes on past bad records and keeps the text of each in --rejects,
# without and with a decoder).  Inputs: every file of
# ../shared/corpus/json-conformance, tests/gen-tickets as JSON Lines, the
# sample, and hand-written cases of every kind of trouble.  Since both
# parsers give the same output by design, the last tests prove the fast
# path does read lines: with jansson's json_loadb made to fail, a flat
# file still reads, and gives what jq gives.

load helper

# differ FILE: every reading of FILE alike under both parsers (read_alike).
differ() {
	read_alike CMP_JSON jansson flat "$1" \
	    "cmp-ls --jsonl $1" \
	    "cmp-ls --jsonl -" \
	    "cmp-ls --csv $1" \
	    "cmp-new --jsonl --import $1 --map received_at=a --rejects REJ" \
	    "cmp-new --jsonl --import $1 --map received_at=a --encoding auto --rejects REJ" \
	    "cmp-new --jsonl --import $1 --map received_at=a --encoding GB18030 --rejects REJ"
}

@test "json-conformance: every file reads alike through the fast path and jansson" {
	need_shared
	RUNS=0 n=0
	for f in "$SHARED"/corpus/json-conformance/*/*; do
		differ "$f"
		n=$((n + 1))
	done
	[ "$n" -eq "$(find "$SHARED/corpus/json-conformance" -mindepth 2 -type f | wc -l)" ]
	[ "$n" -ge 80 ]
	[ "$RUNS" -eq $((n * 6)) ]
}

@test "tests/gen-tickets and the sample, as JSON Lines, read alike through the fast path and jansson" {
	"$BATS_TEST_DIRNAME/gen-tickets" 3000 >gen.csv
	cmp-ls --jsonl gen.csv >gen.jsonl
	cmp-ls --jsonl "$SAMPLE" >sample.jsonl
	RUNS=0
	differ gen.jsonl
	differ sample.jsonl
	[ "$RUNS" -eq 12 ]
	run --separate-stderr cmp-ls --jsonl gen.jsonl
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 3000 ]
	[ "$output" = "$(cat gen.jsonl)" ]
}

# The hand-written cases, printf formats: \\ is one backslash of JSON.
CASES=(
	'{"a":"x\\"y\\\\z\\/w"}\n'
	'{"a":"\\b\\f\\n\\r\\t","b":"2019-03-01 08:00"}\n'
	'{"a":"\\u00e9\\u4e2d\\ud83d\\ude00","b":"\\u00E9\\u4E2D\\uD83D\\uDE00"}\n'
	'{"a":"\\u0041\\u007f\\u0080\\u07ff\\u0800\\uffff\\udbff\\udfff"}\n'
	'{"a":"\\ud83d"}\n{"a":"1"}\n'
	'{"a":"\\ude00"}\n{"a":"1"}\n'
	'{"a":"\\ud83dx"}\n'
	'{"a":"\\ud83d\\u0041"}\n'
	'{"a":"\\ud83d\\ud83d"}\n'
	'{"a":"\\ud83d\\"}\n'
	'{"a":"\\ud83d\\u"}\n'
	'{"a":"x\\u0000y","b":"2"}\n{"a":"3","b":"4"}\n'
	'{"a":"\\u0000"}\n'
	'{"a\\u0000b":"1"}\n{"a":"2"}\n'
	'{"\\u0000":"1"}\n'
	'{"a":"x\ty"}\n'
	'{"a":"x\001y"}\n{"a":"2"}\n'
	'{"a":"x\037y"}\n'
	'{"a":"x\177y"}\n'
	'{"a":"x\ny"}\n'
	'{"a":"x\ry"}\n'
	'{}\n{}\n'
	'{"a":"1"}\n{}\n{"a":"2"}\n'
	'{ }\n'
	'{\t}\n'
	'{"":"1"}\n{"":"2"}\n'
	'{"":""}\n'
	'{"a":"","b":""}\n'
	'{"a":true,"b":false,"c":null}\n{"a":null,"b":true,"c":false}\n'
	'{"a":nullx}\n'
	'{"a":truex}\n'
	'{"a":falsex}\n'
	'{"a":null1}\n'
	'{"a":true"x"}\n'
	'{"a":nul}\n'
	'{"a":tru}\n'
	'{"a":fals}\n'
	'{"a":True}\n'
	'{"a":NULL}\n'
	'{"a":null'
	'{"a":tru'
	'{"a":1}\n'
	'{"a":-0}\n'
	'{"a":1.50,"b":"2"}\n'
	'{"a":1e2}\n'
	'{"a":1E-2}\n'
	'{"a":0.1}\n'
	'{"a":-12.5e+3}\n'
	'{"a":123456789012345678901234567890}\n'
	'{"a":9223372036854775807}\n'
	'{"a":1e400}\n'
	'{"a":01}\n'
	'{"a":.5}\n'
	'{"a":+1}\n'
	'{"a":"1"}\n{"a":2}\n{"a":"3"}\n'
	'{"a":[1,2]}\n'
	'{"a":[]}\n'
	'{"a":{}}\n'
	'{"a":{"b":"c"}}\n'
	'{"a":"1"}\n[{"a":"1"}]\n'
	'{"a":"1"}\n"a"\n'
	'{"a":"1"}\n1\n'
	'{"a":"1"}\nnull\n'
	'{"a":"1","a":"2"}\n'
	'{"a":"1","b":"2","a":"3"}\n{"a":"1","b":"2"}\n'
	'{"a":"1","b":"2"}\n{"a":"1","a":"2"}\n{"a":"1","b":"2"}\n'
	'{"a":"1","b":"2"}\n{"a":"3","b":"4","a":"5"}\n'
	'{"":"1","":"2"}\n'
	' \t{ \t"a" \t: \t"1" \t, \t"b"\t:\ttrue\t,"c" :null ,"d": false } \t\n'
	'{"a":"1"}  \n\t{"a":"2"}\t\n'
	'{"a":"1"}\r\n{"a":"2"}\r\n'
	'{"a":"1"}\r\r\n{"a":"2"}\n'
	'{"a":"1"}\r{"a":"2"}\r'
	'{"a":"1"}\r\n\r\n\r\n{"a":"2"}\r\n'
	'{"a":"1"}x\n'
	'{"a":"1"}{"a":"2"}\n'
	'{"a":"1"},\n{"a":"2"}\n'
	'{"a":"1"}}\n'
	'{"a":"1"} //\n'
	'{"a":"1"}\n{"a":"2"} x\n{"a":"3"}\n'
	'{"a":"1",\n"b":"2"}\n{"a":"3","b":"4"}\n'
	'{\n  "a": "1",\n  "b": "2"\n}\n{"a":"3","b":"4"}\n'
	'{"a":\n"1"}\n'
	'{"a":"1"\n}\n'
	'{"a":"1",\n\n"b":\n2}\n'
	'{"a":"1",\n'
	'\xef\xbb\xbf{"a":"1"}\n{"a":"2"}\n'
	'{"a":"1"}\n\xef\xbb\xbf{"a":"2"}\n{"a":"3"}\n'
	'{"a":"1"}\n \xef\xbb\xbf{"a":"2"}\n'
	'{"a":"1"}\n{"a":"2"}\xef\xbb\xbf\n'
	'{"a":"\xef\xbb\xbf"}\n'
	'{"a":"\xff"}\n{"a":"ok"}\n'
	'{"a":"\xed\xa0\x80"}\n'
	'{"a":"\xf4\x90\x80\x80"}\n'
	'{"a":"\xe0\x80\x80"}\n'
	'{"a":"\xc0\xaf"}\n'
	'{"a":"\xc3"}\n{"a":"\xc3\xa9"}\n'
	'{"\xff":"1"}\n'
	'{"a":"1"}\xff\n'
	'{"a":"\xf0\x9f\x98\x80\xe4\xbd\xa0\xc3\xa9"}\n'
	'{"a":"2019-03-01 08:00","b":"\xd0\xc5\xba\xc5"}\n{"a":"2019-03-01 09:00","b":"\xff\xfe"}\n'
	'{"a":"2019-03-01 08:00","b":"\x84\x31\x95\x33"}\n'
	'{"a":"1","b":"2"}\n{"b":"3","a":"4"}\n'
	'{"a":"1","b":"2"}\n{"a":"3"}\n{"a":"5","b":"6"}\n'
	'{"a":"1","b":"2"}\n{"b":"3","a":"4"}\n{"a":"5","b":"6"}\n'
	'{"a":"1"}\n{"a":"2","b":"3"}\n{"a":"4"}\n'
	'{"a":"1","b":"2"}\n{"a":"3","c":"4"}\n{"a":"5","b":"6"}\n'
	'{"a":"1","b":"2"}\n{"a":"3","b":4}\n{"a":"5","b":"6"}\n'
	'{"a":"2019-03-01 08:00","b":"x"}\n{"b":"y","a":"2019-03-01 09:00"}\n{"a":"bad time"}\n'
	'{"a\\"b":"1","\\u00e9":"2","\\n":"3"}\n'
	'{"a":"1\n'
	'{"a":"1\\'
	'{"a":"1\\\n'
	'{"a":"\\x"}\n'
	'{"a":"\\u12"}\n'
	'{"a":"\\u12g4"}\n'
	'{"a":"\\U0041"}\n'
	'{"a":"\\'"'"'"}\n'
	'{"a" "1"}\n'
	'{"a":"1" "b":"2"}\n'
	'{"a":"1",}\n'
	'{,}\n'
	'{"a":}\n'
	'{"a"}\n'
	'{a:"1"}\n'
	"{'a':'1'}\n"
	'{"a":"1"'
	'{"a":"1"}'
	'{"a":"1",'
	'{"a":"1"}\n{'
	'{'
	'{"a":"1"}\x00\n'
	'{"a":"x\x00y"}\n'
	'{"a\x00":"1"}\n'
	'{"a":"1"}\v\n'
	'{"a":"1"}\f\n'
	'\n\n{"a":"1"}\n\n \t\n{"a":"2"}\n\n'
	'\r\n{"a":"1"}\r\n'
	'{"a":"1"}\n{"b":"2"}\n{"a":"1"}\n{"b":"2"}\n'
	'{"id":"7","source":"x","a":"2019-03-01 08:00"}\n'
)

@test "hand-written cases: escapes, surrogates, NUL, control characters, literals, numbers, nesting, duplicates, spacing, line ends, BOMs, bad UTF-8, layouts read alike" {
	RUNS=0 n=0
	for c in "${CASES[@]}"; do
		printf "$c" >case.jsonl
		differ case.jsonl || { printf 'case %d: %q\n' "$n" "$c"; false; }
		n=$((n + 1))
	done
	[ "$n" -eq "${#CASES[@]}" ]
	[ "$RUNS" -eq $((n * 6)) ]
}

@test "a wide object and huge values read alike" {
	RUNS=0
	{
		printf '{"a":"'
		head -c 3000000 /dev/zero | tr '\0' x
		printf '","b":"'
		for _ in $(seq 1000); do printf '\\n\\u00e9\\ud83d\\ude00\\"'; done
		printf '"}\n'
	} >huge.jsonl
	differ huge.jsonl
	seq 20000 | jq -cs 'map({key: "k\(.)", value: "v\(.)"}) | from_entries' >wide.jsonl
	seq 20000 | jq -cs 'map({key: "k\(.)", value: (if . % 3 == 0 then null else "v\(.)" end)}) | from_entries' >>wide.jsonl
	differ wide.jsonl
	[ "$RUNS" -eq 12 ]
	run --separate-stderr cmp-ls --jsonl huge.jsonl
	[ "$status" -eq 0 ]
	[ "$(jq '.a, .b | length' <<<"$output" | tr '\n' ' ')" = '3000000 4000 ' ]
}

# A json_loadb that says it was called and exits 99, preloaded in place
# of jansson's: a line the fast path takes never reaches it.
no_jansson() {
	[ "${CMP_SAN:-}" != 1 ] || skip "the sanitizer runtime must be loaded first: checked in the normal phase"
	printf '%s\n' '#include <stdio.h>' '#include <stdlib.h>' \
	    'void *json_loadb(const char *b, size_t n, size_t f, void *e)' \
	    '{ (void)b; (void)n; (void)f; (void)e; fputs("json_loadb\n", stderr); exit(99); }' >nj.c
	"${CC:-cc}" -shared -fPIC -o nj.so nj.c
}

@test "the cases are not vacuous: the fast path alone reads flat objects, as jq decodes them" {
	no_jansson
	printf '%s\n' \
	    '{"a":"x\"y\\z\/w","b":"\b\f\n\r\t\u0001","c":"\u00e9\u4e2d\ud83d\ude00"}' \
	    ' { "a" : true , "b":false,"c" :null }	' \
	    '{"b":"1","a":"2","c":"3"}' \
	    '{"a":"x\u0000y","":"","c":"\u007f"}' \
	    '{}' '' \
	    '{"a":"1","b":"2","c":"3"}' >flat.jsonl
	LD_PRELOAD=$PWD/nj.so run --separate-stderr cmp-ls --jsonl flat.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = '' ]
	[ "${lines[0]}" = '{"a":"x\"y\\z/w","b":"\b\f\n\r\t\u0001","c":"é中😀"}' ]
	[ "${lines[1]}" = '{"a":"true","b":"false","c":""}' ]
	[ "${lines[3]}" = $'{"a":"x\\u0000y","":"","c":"\x7f"}' ]
	[ "${#lines[@]}" -eq 6 ]
	# Every value as jq decodes it (jq writes DEL as \u007f: compared
	# as JSON, not as text).
	[ "$(jq -c . <<<"$output")" = "$(jq -c 'map_values(if . == null then "" else tostring end)' flat.jsonl)" ]
	# The preloaded json_loadb is the one called: jansson's path fails.
	CMP_JSON=jansson LD_PRELOAD=$PWD/nj.so run --separate-stderr cmp-ls --jsonl flat.jsonl
	[ "$status" -eq 99 ]
	[ "$stderr" = json_loadb ]
	[ "$output" = '' ]
}

@test "the cases are not vacuous: what the fast path leaves goes to jansson" {
	no_jansson
	for c in '{"a":1}' '{"a":"\ud83d"}' '{"a\u0000":"1"}' '{"a":"1","a":"2"}' '{"a":[]}' \
	    '{"a":nullx}' '{"a":"1"} x' $'{"a":"\xff"}' $'{"a":"\x01"}' '{"a":"1",'; do
		printf '{"a":"0"}\n%s\n' "$c" >one.jsonl
		LD_PRELOAD=$PWD/nj.so run --separate-stderr cmp-ls --jsonl one.jsonl
		[ "$status" -eq 99 ] || { echo "$c: $status"; false; }
		[ "$stderr" = json_loadb ]
		[ "$output" = '{"a":"0"}' ]
	done
	# A stray BOM is refused before jansson: still not the fast path's.
	printf '{"a":"0"}\n\xef\xbb\xbf{"a":"1"}\n' >bom.jsonl
	LD_PRELOAD=$PWD/nj.so run --separate-stderr cmp-ls --jsonl bom.jsonl
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-ls: bom.jsonl:2: a byte order mark (U+FEFF) in the middle of the input (files joined by cat? give each as an operand)' ]
	[ "$output" = '{"a":"0"}' ]
}
