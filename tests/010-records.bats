#!/usr/bin/env bats
# 010-records: the CSV and JSON Lines readers and writers as users meet
# them (SPEC §3), through cmp-ls used as a filter without a store: it
# prints the records of its input unchanged, in the input's encoding
# unless --csv or --jsonl says otherwise.  CSV is RFC 4180 (a BOM and CRLF
# accepted; LF out, quotes only where needed); JSON Lines is one object of
# text values a record.  A bad record is "cmp-ls: FILE:LINE: problem" and
# exit 65; a missing input 66.

load helper

# Run CMD... with its standard output in the file OUT: for checks of the
# exact bytes, which $output (trailing newlines stripped) cannot give.
to_file() {
	local out=$1
	shift
	"$@" >"$out"
}

# --- detection and stdin ------------------------------------------------

@test "CSV in, the same CSV out" {
	printf 'id,summary\nC1,网络信号差\n' >in.csv
	run --separate-stderr to_file out.csv cmp-ls in.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run cmp out.csv in.csv
	[ "$status" -eq 0 ]
}

@test "JSON Lines in, the same JSON Lines out" {
	printf '{"id":"C1","summary":"网络信号差"}\n{"id":"C2","summary":"扣费"}\n' >in.jsonl
	run --separate-stderr to_file out.jsonl cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run cmp out.jsonl in.jsonl
	[ "$status" -eq 0 ]
}

@test "- is standard input, for CSV and for JSON Lines" {
	printf 'a,b\n1,2\n' >in.csv
	run --separate-stderr cmp-ls - <in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'a,b\n1,2' ]
	printf '{"a":"1"}\n' >in.jsonl
	run --separate-stderr cmp-ls - <in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"a":"1"}' ]
	[ "$stderr" = "" ]
}

@test "no operand reads standard input" {
	printf 'a\nx\n' >in.csv
	run --separate-stderr cmp-ls <in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'a\nx' ]
}

@test "blank lines before the first '{' do not hide JSON Lines" {
	printf '\n  \n\t{"a":"1"}\n\n{"a":"2"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'{"a":"1"}\n{"a":"2"}' ]
	[ "$stderr" = "" ]
}

@test "several input files are one stream, one CSV header, columns matched by name" {
	printf 'a,b\n1,2\n' >one.csv
	printf 'b,a\n4,3\n' >two.csv
	printf '{"b":"6","a":"5"}\n' >three.jsonl
	run --separate-stderr cmp-ls one.csv two.csv three.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'a,b\n1,2\n3,4\n5,6' ]
	[ "$stderr" = "" ]
}

# --- CSV input ----------------------------------------------------------

@test "a UTF-8 BOM and CRLF are accepted; the output has neither" {
	printf '\xef\xbb\xbfid,summary\r\nC1,信号差\r\nC2,"a\r\nb"\r\n' >in.csv
	run --separate-stderr to_file out.csv cmp-ls in.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	printf 'id,summary\nC1,信号差\nC2,"a\r\nb"\n' >want.csv
	run cmp out.csv want.csv
	[ "$status" -eq 0 ]
}

@test "a BOM is not part of the first field name" {
	printf '\xef\xbb\xbfid,summary\nC1,x\n' >in.csv
	run --separate-stderr cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "$output" = '{"id":"C1","summary":"x"}' ]
}

@test "a BOM before JSON Lines is skipped" {
	printf '\xef\xbb\xbf{"id":"C1"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"id":"C1"}' ]
	[ "$stderr" = "" ]
}

@test "quoted fields hold commas, doubled quotes, LF and CRLF" {
	printf 'a,b,c\n"x, y","say ""hi""","line1\nline2"\n"1\r\n2",,""\n' >in.csv
	run --separate-stderr cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"a":"x, y","b":"say \"hi\"","c":"line1\nline2"}' ]
	[ "${lines[1]}" = '{"a":"1\r\n2","b":"","c":""}' ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$stderr" = "" ]
}

@test "the last record may end without a newline" {
	printf 'a,b\n1,2\n3,"x\ny"' >in.csv
	run --separate-stderr cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'{"a":"1","b":"2"}\n{"a":"3","b":"x\\ny"}' ]
}

@test "spaces around fields are data" {
	printf 'a,b\n  1 , two  \n' >in.csv
	run --separate-stderr cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "$output" = '{"a":"  1 ","b":" two  "}' ]
}

@test "blank lines between CSV records are not records" {
	printf 'a,b\n\n1,2\n\r\n3,4\n\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'a,b\n1,2\n3,4' ]
	[ "$stderr" = "" ]
}

@test "CR-only line endings (old Mac) end records too" {
	printf 'a,b\r1,2\r3,4\r' >in.csv
	run --separate-stderr cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'{"a":"1","b":"2"}\n{"a":"3","b":"4"}' ]
	[ "$stderr" = "" ]
}

@test "a header with no records gives nothing, exit 1 (nothing selected)" {
	printf 'a,b\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

@test "an empty input gives nothing, exit 1" {
	: >empty.csv
	run --separate-stderr cmp-ls empty.csv
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

# --- CSV output ---------------------------------------------------------

@test "CSV output quotes only fields that need it, and uses LF" {
	printf 'a,b,c,d,e\n"plain","with space","x,y","say ""hi""","1\n2"\n"","CR\r\nLF",中文,"",\n' >in.csv
	run --separate-stderr to_file out.csv cmp-ls in.csv
	[ "$status" -eq 0 ]
	printf 'a,b,c,d,e\nplain,with space,"x,y","say ""hi""","1\n2"\n,"CR\r\nLF",中文,,\n' >want.csv
	run cmp out.csv want.csv
	[ "$status" -eq 0 ]
}

@test "a field holding a lone CR is quoted, so it reads back" {
	printf '{"a":"x\\ry","b":"1"}\n' >in.jsonl
	run --separate-stderr to_file out.csv cmp-ls --csv in.jsonl
	[ "$status" -eq 0 ]
	printf 'a,b\n"x\ry",1\n' >want.csv
	run cmp out.csv want.csv
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-ls --jsonl out.csv
	[ "$status" -eq 0 ]
	[ "$output" = '{"a":"x\ry","b":"1"}' ]
}

@test "an empty field alone on its line is written \"\", so it is not a blank line" {
	printf 'note\n""\nx\n""\n' >in.csv
	run --separate-stderr to_file out.csv cmp-ls in.csv
	[ "$status" -eq 0 ]
	run cmp out.csv in.csv
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'{"note":""}\n{"note":"x"}\n{"note":""}' ]
}

@test "from JSON Lines, a lone empty field and a lone empty name are written \"\"" {
	printf '{"":"x"}\n{"":""}\n' >in.jsonl
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'""\nx\n""' ]
	printf '{"a":"","b":""}\n' >two.jsonl
	run --separate-stderr cmp-ls --csv two.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'a,b\n,' ]
}

@test "header names are quoted where they need it" {
	printf '{"a,b":"1","say \\"x\\"":"2"}\n' >in.jsonl
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'"a,b","say ""x"""\n1,2' ]
}

# --- fields pass through ------------------------------------------------

@test "unknown fields pass through unchanged and in order, CSV to CSV" {
	printf 'zeta,id,工单来源,alpha,summary\nz,C1,外呼,a,x\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 0 ]
	[ "$output" = $'zeta,id,工单来源,alpha,summary\nz,C1,外呼,a,x' ]
}

@test "unknown fields keep their order from CSV to JSON Lines and back" {
	printf 'zeta,id,工单来源,alpha\nz,C1,外呼,a\n' >in.csv
	run --separate-stderr to_file out.jsonl cmp-ls --jsonl in.csv
	[ "$status" -eq 0 ]
	run cat out.jsonl
	[ "$output" = '{"zeta":"z","id":"C1","工单来源":"外呼","alpha":"a"}' ]
	run --separate-stderr cmp-ls --csv out.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'zeta,id,工单来源,alpha\nz,C1,外呼,a' ]
}

@test "JSON keys keep their order, in JSON Lines and as CSV columns" {
	printf '{"b":"1","a":"2","c":"3"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"b":"1","a":"2","c":"3"}' ]
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'b,a,c\n1,2,3' ]
}

@test "JSON Lines to CSV: columns of the first record; a missing field is empty, keys in any order" {
	printf '{"a":"1","b":"2"}\n{"b":"3","a":"4"}\n{"a":"5"}\n' >in.jsonl
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'a,b\n1,2\n4,3\n5,' ]
	[ "$stderr" = "" ]
}

@test "JSON Lines to CSV: a field the header lacks is refused, not dropped (65)" {
	printf '{"a":"1"}\n{"a":"2","b":"x"}\n' >in.jsonl
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = $'a\n1' ]
	[ "$stderr" = 'cmp-ls: in.jsonl:2: field "b" is not in the CSV header (use --jsonl)' ]
}

# --- JSON Lines values --------------------------------------------------

@test "numbers, booleans and null are read as text and empty" {
	printf '{"n":42,"neg":-7,"r":3.5,"amount":12.50,"small":0.1,"e":1e2,"t":true,"f":false,"z":null,"s":"42"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"n":"42","neg":"-7","r":"3.5","amount":"12.5","small":"0.1","e":"100","t":"true","f":"false","z":"","s":"42"}' ]
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'n,neg,r,amount,small,e,t,f,z,s\n42,-7,3.5,12.5,0.1,100,true,false,,42' ]
	[ "$stderr" = "" ]
}

@test "a 64-bit integer keeps all its digits" {
	printf '{"account":9007199254740993,"min":-9223372036854775808}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"account":"9007199254740993","min":"-9223372036854775808"}' ]
}

@test "JSON escapes are decoded; JSON Lines output escapes only what it must" {
	printf '{"t":"tab\\there\\r\\n","q":"\\"\\\\\\/","c":"\\u4e2d文","s":"\\ud834\\udd1e","u":"\\u001f"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"t":"tab\there\r\n","q":"\"\\/","c":"中文","s":"𝄞","u":"\u001F"}' ]
}

@test "a JSON object over several lines is one record" {
	printf '{\n  "id": "C1",\n  "summary": "多行"\n}\n{"id":"C2","summary":"x"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'{"id":"C1","summary":"多行"}\n{"id":"C2","summary":"x"}' ]
	[ "$stderr" = "" ]
}

@test "JSON Lines with CRLF line ends" {
	printf '{"a":"1"}\r\n{"a":"2"}\r\n' >in.jsonl
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = $'a\n1\n2' ]
}

@test "a duplicate JSON key keeps its last value" {
	printf '{"a":"1","b":"2","a":"3"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"a":"3","b":"2"}' ]
}

@test "a NUL escaped in a JSON value survives JSON Lines, and CSV refuses it (65)" {
	printf '{"a":"x\\u0000y"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"a":"x\u0000y"}' ]
	run --separate-stderr cmp-ls --csv in.jsonl
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-ls: in.jsonl:1: field "a" holds a NUL byte, which CSV cannot carry (use --jsonl)' ]
}

@test "an object as a value is refused (65)" {
	printf '{"a":"1"}\n{"a":{"x":"1"}}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = '{"a":"1"}' ]
	[ "$stderr" = 'cmp-ls: in.jsonl:2: field "a" holds an array or object, not text' ]
}

@test "an array as a value is refused (65)" {
	printf '{"tags":["a","b"]}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-ls: in.jsonl:1: field "tags" holds an array or object, not text' ]
}

@test "a nested value in a multi-line object is reported at the line the record starts" {
	printf '{"a":"1"}\n{\n  "a": "2",\n  "b": {"c": 1}\n}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-ls: in.jsonl:2: field "b" holds an array or object, not text' ]
}

# --- bad records: FILE:LINE: problem, 65 --------------------------------

@test "an unterminated quote is reported at the line its record starts" {
	printf 'a,b\n1,2\n3,"never closed\n4,5\n6,7\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: in.csv:3: unterminated quoted field" ]
	[ "$output" = $'a,b\n1,2' ]
}

@test "an unterminated quote in the header is reported at line 1" {
	printf '"a,b\n1,2\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: in.csv:1: unterminated quoted field" ]
}

@test "a JSON object cut short at the end of input is refused" {
	printf '{"a":"1"}\n{"a":"2"' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = '{"a":"1"}' ]
	[ "$stderr" = "cmp-ls: in.jsonl:2: bad JSON: '}' expected near end of file" ]
}

@test "a quote inside an unquoted field is refused" {
	printf 'a,b\n1,12"3\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: in.csv:2: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)" ]
}

@test "text after a closing quote is refused" {
	printf 'a,b\n1,"x"y\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: in.csv:2: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)" ]
}

@test "a record with more fields than the header is refused" {
	printf 'a,b\n1,2\n1,2,3\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = $'a,b\n1,2' ]
	[ "$stderr" = "cmp-ls: in.csv:3: 3 fields, but the header has 2" ]
}

@test "a record with fewer fields than the header is refused" {
	printf 'a,b,c\n1\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: in.csv:2: 1 field, but the header has 3" ]
}

@test "the line of a bad record counts the lines of quoted newlines before it" {
	printf 'a,b\n1,"x\n\ny"\n2,3,4\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: in.csv:5: 3 fields, but the header has 2" ]
}

@test "invalid UTF-8 in a CSV field is refused, naming the field" {
	printf 'a,summary\n1,caf\xe9\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-ls: in.csv:2: invalid UTF-8 in field "summary"' ]
}

@test "invalid UTF-8 in the CSV header is refused" {
	printf 'a,\xff\n1,2\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: in.csv:1: invalid UTF-8 in the header" ]
}

@test "an overlong UTF-8 encoding and a UTF-16 surrogate are invalid UTF-8" {
	printf 'a\n\xc0\xaf\n' >overlong.csv
	run --separate-stderr cmp-ls overlong.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-ls: overlong.csv:2: invalid UTF-8 in field "a"' ]
	printf 'a\n\xed\xa0\x80\n' >surrogate.csv
	run --separate-stderr cmp-ls surrogate.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-ls: surrogate.csv:2: invalid UTF-8 in field "a"' ]
}

@test "invalid UTF-8 in JSON Lines is refused" {
	printf '{"a":"1"}\n{"a":"caf\xe9"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = '{"a":"1"}' ]
	[ "$stderr" = "cmp-ls: in.jsonl:2: bad JSON: unable to decode byte 0xe9" ]
}

@test "a NUL byte in CSV is refused, naming the field" {
	printf 'a,b\n1,x\0y\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-ls: in.csv:2: NUL byte in field "b"' ]
}

@test "a raw NUL byte in JSON Lines is refused" {
	printf '{"a":"x\0y"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: in.jsonl:1: bad JSON: control character 0x0" ]
}

@test "a JSON line that is not an object is refused" {
	printf '{"a":"1"}\n["a","1"]\n' >array.jsonl
	run --separate-stderr cmp-ls array.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = '{"a":"1"}' ]
	[ "$stderr" = "cmp-ls: array.jsonl:2: not a JSON object (a record is one object per line)" ]
	printf '{"a":"1"}\n"a"\n' >string.jsonl
	run --separate-stderr cmp-ls string.jsonl
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: string.jsonl:2: not a JSON object (a record is one object per line)" ]
	printf '{"a":"1"}\n42\n' >number.jsonl
	run --separate-stderr cmp-ls number.jsonl
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: number.jsonl:2: not a JSON object (a record is one object per line)" ]
}

@test "two objects on one line are refused" {
	printf '{"a":"1"} {"a":"2"}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: in.jsonl:1: text after the JSON object" ]
}

@test "bad JSON is reported at its line" {
	printf '{"a":"1"}\n\n{"a":"2",}\n' >in.jsonl
	run --separate-stderr cmp-ls in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = '{"a":"1"}' ]
	[ "$stderr" = "cmp-ls: in.jsonl:3: bad JSON: string or '}' expected" ]
}

@test "a field twice in the CSV header is refused" {
	printf 'id,summary,id\n1,x,2\n' >in.csv
	run --separate-stderr cmp-ls in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-ls: in.csv:1: field "id" appears twice in the header' ]
}

@test "a bad record on standard input is named (stdin)" {
	printf 'a,b\n1,2,3\n' >in.csv
	run --separate-stderr cmp-ls - <in.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: (stdin):2: 3 fields, but the header has 2" ]
}

@test "a bad record in the second file names that file" {
	printf 'a\n1\n' >one.csv
	printf 'a\n2\n"3\n' >two.csv
	run --separate-stderr cmp-ls one.csv two.csv
	[ "$status" -eq 65 ]
	[ "$output" = $'a\n1\n2' ]
	[ "$stderr" = "cmp-ls: two.csv:3: unterminated quoted field" ]
}

# --- inputs that cannot be read -----------------------------------------

@test "a missing input file is 66, and nothing is printed" {
	run --separate-stderr cmp-ls missing.csv
	[ "$status" -eq 66 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: missing.csv: No such file or directory" ]
}

@test "a missing second file is 66" {
	printf 'a\n1\n' >one.csv
	run --separate-stderr cmp-ls one.csv missing.csv
	[ "$status" -eq 66 ]
	[ "$stderr" = "cmp-ls: missing.csv: No such file or directory" ]
}

@test "a directory as input is 66" {
	mkdir dir
	run --separate-stderr cmp-ls dir
	[ "$status" -eq 66 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: dir: Is a directory" ]
}

@test "an unreadable input file is 66" {
	[ "$(id -u)" -ne 0 ] || skip "root reads any file: not checked here"
	printf 'a\n1\n' >secret.csv
	chmod 000 secret.csv
	run --separate-stderr cmp-ls secret.csv
	[ "$status" -eq 66 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: secret.csv: Permission denied" ]
}

# --- round trips --------------------------------------------------------

@test "the sample: CSV to JSON Lines to CSV is byte-identical" {
	run --separate-stderr to_file sample.jsonl cmp-ls --jsonl "$SAMPLE"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	run wc -l <sample.jsonl
	[ "$output" -eq 300 ]
	run --separate-stderr to_file back.csv cmp-ls --csv sample.jsonl
	[ "$status" -eq 0 ]
	run cmp back.csv "$SAMPLE"
	[ "$status" -eq 0 ]
}

@test "the sample: CSV to CSV is byte-identical, and so is JSON Lines to JSON Lines" {
	run --separate-stderr to_file same.csv cmp-ls "$SAMPLE"
	[ "$status" -eq 0 ]
	run cmp same.csv "$SAMPLE"
	[ "$status" -eq 0 ]
	run --separate-stderr to_file sample.jsonl cmp-ls --jsonl "$SAMPLE"
	[ "$status" -eq 0 ]
	run --separate-stderr to_file same.jsonl cmp-ls sample.jsonl
	[ "$status" -eq 0 ]
	run cmp same.jsonl sample.jsonl
	[ "$status" -eq 0 ]
}

@test "the sample from standard input gives the same JSON Lines as from the file" {
	run --separate-stderr to_file file.jsonl cmp-ls --jsonl "$SAMPLE"
	[ "$status" -eq 0 ]
	run --separate-stderr to_file stdin.jsonl cmp-ls --jsonl - <"$SAMPLE"
	[ "$status" -eq 0 ]
	run cmp file.jsonl stdin.jsonl
	[ "$status" -eq 0 ]
}

@test "every valid csv-conformance file: CSV to JSON Lines to CSV gives the same CSV as CSV to CSV" {
	need_shared
	local failed=() n=0
	for f in "$SHARED"/corpus/csv-conformance/csvs/*.csv; do
		b=$(basename "$f" .csv)
		# Not RFC 4180 (a bare quote in an unquoted field): 020-conformance.
		[ "$b" = location_coordinates ] && continue
		n=$((n + 1))
		run --separate-stderr to_file "$b.out.csv" cmp-ls "$f"
		[ "$status" -eq 0 ] || { failed+=("$b: CSV to CSV: $status $stderr"); continue; }
		run --separate-stderr to_file "$b.jsonl" cmp-ls --jsonl "$f"
		[ "$status" -eq 0 ] || { failed+=("$b: CSV to JSON Lines: $status $stderr"); continue; }
		run --separate-stderr to_file "$b.back.csv" cmp-ls --csv "$b.jsonl"
		[ "$status" -eq 0 ] || { failed+=("$b: JSON Lines to CSV: $status $stderr"); continue; }
		cmp -s "$b.out.csv" "$b.back.csv" || failed+=("$b: CSV differs after JSON Lines")
		# The CSV cmp writes is a fixed point.
		run --separate-stderr to_file "$b.again.csv" cmp-ls "$b.out.csv"
		cmp -s "$b.out.csv" "$b.again.csv" || failed+=("$b: CSV output is not stable")
		# Where the input is already as cmp writes it, it is unchanged.
		case $b in
		simple | newlines | escaped_quotes | quotes_and_newlines | json)
			cmp -s "$f" "$b.out.csv" || failed+=("$b: not byte-identical to the input") ;;
		esac
	done
	[ "$n" -eq 11 ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "csv-conformance files not yet in cmp's form come out as expected" {
	need_shared
	C=$SHARED/corpus/csv-conformance/csvs
	run --separate-stderr cmp-ls "$C/empty_crlf.csv"
	[ "$status" -eq 0 ]
	[ "$output" = $'a,b,c\n1,,\n2,3,4' ]
	run --separate-stderr cmp-ls "$C/newlines_crlf.csv"
	[ "$status" -eq 0 ]
	[ "$output" = $'a,b,c\n1,2,3\n"Once upon \r\na time",5,6\n7,8,9' ]
	run --separate-stderr to_file comma.csv cmp-ls "$C/comma_in_quotes.csv"
	[ "$status" -eq 0 ]
	printf 'first,last,address,city,zip\nJohn,Doe,120 any st.,"Anytown, WW",08123\n' >want.csv
	run cmp comma.csv want.csv
	[ "$status" -eq 0 ]
}

# --- cmp-new writes both encodings alike --------------------------------

@test "cmp-new: the same ticket as CSV and as JSON Lines holds the same fields" {
	run --separate-stderr to_file new.csv cmp-new --actor 王芳 --channel hotline --name 张三 \
	    --summary '话费多扣, 还有"引号"' --severity complex -s 工单来源=外呼 --csv
	[ "$status" -eq 0 ]
	run --separate-stderr to_file new.jsonl cmp-new --actor 王芳 --channel hotline --name 张三 \
	    --summary '话费多扣, 还有"引号"' --severity complex -s 工单来源=外呼 --jsonl
	[ "$status" -eq 0 ]
	run --separate-stderr to_file back.csv cmp-ls --csv new.jsonl
	[ "$status" -eq 0 ]
	run cmp back.csv new.csv
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-ls --jsonl --fields id,summary,工单来源 new.csv
	[ "$status" -eq 0 ]
	[ "$output" = '{"id":"C20261123-000001","summary":"话费多扣, 还有\"引号\"","工单来源":"外呼"}' ]
}

@test "cmp-new: the sample as new tickets, CSV and JSON Lines, agree" {
	run --separate-stderr to_file new.csv cmp-new --actor 王芳 "$SAMPLE"
	[ "$status" -eq 0 ]
	run --separate-stderr to_file new.jsonl cmp-new --actor 王芳 --jsonl "$SAMPLE"
	[ "$status" -eq 0 ]
	run wc -l <new.jsonl
	[ "$output" -eq 300 ]
	run --separate-stderr to_file back.csv cmp-ls --csv new.jsonl
	[ "$status" -eq 0 ]
	run cmp back.csv new.csv
	[ "$status" -eq 0 ]
}

@test "a record whose first field starts with a BOM is written quoted, so that it reads back (found by fuzzing)" {
	printf 'id,b\n"\357\273\277x",1\n' >bom.csv
	run --separate-stderr to_file bom.out cmp-ls bom.csv
	[ "$status" -eq 0 ]
	run cmp bom.csv bom.out
	[ "$status" -eq 0 ]
	run --separate-stderr cmp-ls --where b=1 bom.out
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat bom.csv)" ]
}

@test "a first header name starting with a blank, { or a BOM is written quoted, so that it reads back (found by fuzzing)" {
	printf '" {x}",b\n1,2\n' >brace.csv
	printf '"\357\273\277a",b\n1,2\n' >bom.csv
	printf '" "\n1\n' >blank.csv
	for f in brace bom blank; do
		run --separate-stderr to_file "$f.out" cmp-ls "$f.csv"
		[ "$status" -eq 0 ]
		run cmp "$f.csv" "$f.out"
		[ "$status" -eq 0 ]
	done
}
