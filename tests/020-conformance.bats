#!/usr/bin/env bats
# 020-conformance: the record readers against the shared conformance
# corpora (../shared/corpus): csv-spectrum for CSV (csv-conformance: each
# csvs/X.csv with its expected records in json/X.json), and JSONTestSuite's
# test_parsing for JSON (json-conformance: y_ must be accepted, n_ must be
# rejected, i_ either, never a crash).
#
# A JSON Lines record is one object of text values (SPEC §3), so a y_ file
# whose top-level value is valid JSON but not an object is refused as "not
# a JSON object", and that counts as correct; its value is then checked by
# reading it as a field of an object.  Documented exceptions:
# y_object_escaped_null_in_key (jansson refuses a NUL in a key) and
# n_structure_UTF8_BOM_no_data (a BOM and nothing else: an empty input, no
# records).
#
# Every corpus file is checked; loops collect the names of the files that
# fail and print them.

load helper

CSVC=$SHARED/corpus/csv-conformance
JSONC=$SHARED/corpus/json-conformance/test_parsing
NOT_OBJECT="not a JSON object (a record is one object per line)"

# The value of a JSON document that is one scalar or an array of one
# scalar, as a field "v" of a one-line object: ["x"] -> {"v":"x"}.
as_field() {
	local c
	c=$(<"$1")
	c=${c#\[}
	c=${c%\]}
	printf '{"v":%s}\n' "$c"
}

@test "csv-conformance: every case has its expected records" {
	need_shared
	local n=0
	for f in "$CSVC"/csvs/*.csv; do
		b=$(basename "$f" .csv)
		[ -f "$CSVC/json/$b.json" ] || { echo "$b: no json/$b.json"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -eq 12 ]
}

@test "csv-conformance: every valid case reads to exactly the expected records" {
	need_shared
	local failed=() n=0
	for f in "$CSVC"/csvs/*.csv; do
		b=$(basename "$f" .csv)
		# Not RFC 4180, and its expected JSON is of another file: see below.
		[ "$b" = location_coordinates ] && continue
		n=$((n + 1))
		run --separate-stderr cmp-ls --jsonl "$f"
		if [ "$status" -ne 0 ] || [ "$stderr" != "" ]; then
			failed+=("$b (status $status: $stderr)")
			continue
		fi
		# Key order matters (fields pass through in order): jq keeps it.
		got=$(jq -c . <<<"$output")
		want=$(jq -c '.[]' "$CSVC/json/$b.json")
		[ "$got" = "$want" ] || failed+=("$b: got $got, want $want")
	done
	[ "$n" -eq 11 ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "csv-conformance: every valid case reads the same from standard input" {
	need_shared
	local failed=()
	for f in "$CSVC"/csvs/*.csv; do
		b=$(basename "$f" .csv)
		[ "$b" = location_coordinates ] && continue
		run --separate-stderr cmp-ls --jsonl - <"$f"
		[ "$status" -eq 0 ] || { failed+=("$b (status $status)"); continue; }
		[ "$(jq -c . <<<"$output")" = "$(jq -c '.[]' "$CSVC/json/$b.json")" ] || failed+=("$b")
	done
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "csv-conformance: CRLF, quoted CRLF and no final newline, exactly" {
	need_shared
	run --separate-stderr cmp-ls --jsonl "$CSVC/csvs/newlines_crlf.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"a":"1","b":"2","c":"3"}' ]
	[ "${lines[1]}" = '{"a":"Once upon \r\na time","b":"5","c":"6"}' ]
	[ "${lines[2]}" = '{"a":"7","b":"8","c":"9"}' ]
	[ "${#lines[@]}" -eq 3 ]
	run --separate-stderr cmp-ls --jsonl "$CSVC/csvs/empty_crlf.csv"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = '{"a":"1","b":"","c":""}' ]
	[ "${lines[1]}" = '{"a":"2","b":"3","c":"4"}' ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$stderr" = "" ]
}

# location_coordinates.csv is not RFC 4180: its second field is unquoted
# and holds a bare '"' (37<U+FFFD>36'37.8"N ...), which RFC 4180 §2.5
# forbids ("If fields are not enclosed with double quotes, then double
# quotes may not appear inside the fields").  Its expected JSON cannot be
# what any reader makes of this file anyway: it is a lone object, not the
# array every other case has, and its phone number is 1234567890 where the
# CSV says 2095257564.  cmp reads CSV strictly and never guesses, so the
# record is refused, naming the line; the same data written as RFC 4180
# says (field quoted, quotes doubled) reads to the expected coordinates.
@test "csv-conformance: location_coordinates, a bare quote in an unquoted field, is refused" {
	need_shared
	run --separate-stderr cmp-ls --jsonl "$CSVC/csvs/location_coordinates.csv"
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: $CSVC/csvs/location_coordinates.csv:2: malformed CSV: error parsing data while strict checking enabled (a quote inside an unquoted field, or text after a closing quote)" ]
}

@test "csv-conformance: location_coordinates quoted as RFC 4180 says reads to the expected coordinates" {
	need_shared
	printf '%s\n' 'Contact Phone Number,Location Coordinates,Cities,Counties' \
	    $'2095257564,"37\xef\xbf\xbd36\'37.8""N 121\xef\xbf\xbd2\'17.9""W",Modesto,Stanislaus' >fixed.csv
	run --separate-stderr cmp-ls --jsonl fixed.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	want=$(jq -c '.["Contact Phone Number"] = "2095257564"' "$CSVC/json/location_coordinates.json")
	[ "$(jq -c . <<<"$output")" = "$want" ]
	[ "$(jq -r '.["Location Coordinates"]' <<<"$output")" = $'37\xef\xbf\xbd36\'37.8"N 121\xef\xbf\xbd2\'17.9"W' ]
}

@test "json-conformance: the corpus holds 40 y_, 35 n_ and 10 i_ cases" {
	need_shared
	y=("$JSONC"/y_*.json) n=("$JSONC"/n_*.json) i=("$JSONC"/i_*.json)
	[ "${#y[@]}" -eq 40 ]
	[ "${#n[@]}" -eq 35 ]
	[ "${#i[@]}" -eq 10 ]
}

@test "json-conformance: every y_ object is read as one record with its fields" {
	need_shared
	local failed=()
	while read -r b want; do
		run --separate-stderr cmp-unit json "$JSONC/$b.json"
		[ "$status" -eq 0 ] && [ "$output" = "$want" ] || failed+=("$b: $output")
	done <<-'EOF'
	y_object_duplicated_key ok 1 fields
	y_object_empty_key ok 1 fields
	y_object_extreme_numbers ok 2 fields
	y_object_string_unicode ok 1 fields
	y_object_with_newlines ok 1 fields
	EOF
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "json-conformance: the y_ objects read to exactly these records" {
	need_shared
	local failed=()
	while read -r b want; do
		run --separate-stderr cmp-ls "$JSONC/$b.json"
		[ "$status" -eq 0 ] && [ "$output" = "$want" ] && [ "$stderr" = "" ] || failed+=("$b: $output $stderr")
	done <<-'EOF'
	y_object_duplicated_key {"a":"c"}
	y_object_empty_key {"":"0"}
	y_object_extreme_numbers {"min":"-1e+28","max":"1e+28"}
	y_object_string_unicode {"title":"Полтора Землекопа"}
	y_object_with_newlines {"a":"b"}
	EOF
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "json-conformance: every other y_ file is valid JSON refused only as not an object" {
	need_shared
	local failed=() n=0
	for f in "$JSONC"/y_*.json; do
		b=$(basename "$f" .json)
		case $b in
		y_object_*) continue ;;
		esac
		n=$((n + 1))
		run --separate-stderr cmp-unit json "$f"
		[ "$status" -eq 0 ] && [ "$output" = "bad 1: $NOT_OBJECT" ] || failed+=("$b: $output")
	done
	[ "$n" -eq 34 ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "json-conformance: y_object_escaped_null_in_key is refused (jansson keeps no NUL in keys)" {
	need_shared
	run --separate-stderr cmp-unit json "$JSONC/y_object_escaped_null_in_key.json"
	[ "$status" -eq 0 ]
	[ "$output" = "bad 1: bad JSON: NUL byte in object key not supported" ]
	run --separate-stderr cmp-ls "$JSONC/y_object_escaped_null_in_key.json"
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: $JSONC/y_object_escaped_null_in_key.json:1: bad JSON: NUL byte in object key not supported" ]
}

@test "json-conformance: every y_ string, as a field value, reads to the text jq reads" {
	need_shared
	local failed=() n=0
	for f in "$JSONC"/y_string_*.json "$JSONC"/y_structure_lonely_string.json "$JSONC"/y_structure_trailing_newline.json; do
		b=$(basename "$f" .json)
		n=$((n + 1))
		as_field "$f" >"$b.jsonl"
		run --separate-stderr cmp-ls "$b.jsonl"
		if [ "$status" -ne 0 ]; then
			failed+=("$b (status $status: $stderr)")
			continue
		fi
		got=$(jq -c . <<<"$output")
		want=$(jq -c '{v: (if type == "array" then .[0] else . end)}' "$f")
		[ "$got" = "$want" ] || failed+=("$b: got $got, want $want")
	done
	[ "$n" -eq 24 ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "json-conformance: a NUL escaped in a value is kept, in JSON Lines" {
	need_shared
	as_field "$JSONC/y_string_null_escape.json" >nul.jsonl
	run --separate-stderr cmp-ls nul.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"v":"\u0000"}' ]
	[ "$stderr" = "" ]
}

@test "json-conformance: every y_ number, as a field value, reads as the text of its value" {
	need_shared
	local failed=() n=0
	while read -r b want; do
		n=$((n + 1))
		as_field "$JSONC/$b.json" >"$b.jsonl"
		run --separate-stderr cmp-ls "$b.jsonl"
		[ "$status" -eq 0 ] && [ "$output" = "$want" ] || failed+=("$b: $output $stderr")
	done <<-'EOF'
	y_number {"v":"1.23e+67"}
	y_number_0e+1 {"v":"0"}
	y_number_minus_zero {"v":"0"}
	y_number_negative_int {"v":"-123"}
	y_number_real_capital_e_neg_exp {"v":"0.01"}
	y_number_real_fraction_exponent {"v":"1.23456e+80"}
	y_number_simple_int {"v":"123"}
	y_number_simple_real {"v":"123.456789"}
	EOF
	# Every y_number file is in the table.
	ys=("$JSONC"/y_number*.json)
	[ "$n" -eq "${#ys[@]}" ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "json-conformance: y_array_heterogeneous and y_structure_whitespace_array are arrays, not records" {
	need_shared
	run --separate-stderr cmp-unit json "$JSONC/y_array_heterogeneous.json"
	[ "$status" -eq 0 ]
	[ "$output" = "bad 1: $NOT_OBJECT" ]
	run --separate-stderr cmp-unit json "$JSONC/y_structure_whitespace_array.json"
	[ "$status" -eq 0 ]
	[ "$output" = "bad 1: $NOT_OBJECT" ]
}

@test "json-conformance: every n_ file is refused, naming its line" {
	need_shared
	local failed=() n=0
	# Glob patterns of the whole output of cmp-unit json; the wording after
	# "bad JSON:" is jansson's.
	while read -r b want; do
		n=$((n + 1))
		run --separate-stderr cmp-unit json "$JSONC/$b.json"
		[ "$status" -eq 0 ] && [[ $output == $want ]] || failed+=("$b: $output")
		[[ $'\n'$output != *$'\n'"ok "* ]] || failed+=("$b: read as a record: $output")
	done <<-'EOF'
	n_array_extra_comma bad 1: bad JSON: *
	n_incomplete_true bad 1: bad JSON: invalid token
	n_number_+1 bad 1: bad JSON: invalid token
	n_number_-01 bad 1: bad JSON: *
	n_number_.2e-3 bad 1: bad JSON: invalid token
	n_number_0.e1 bad 1: bad JSON: *
	n_number_1_000 bad 1: bad JSON: *
	n_number_Inf bad 1: bad JSON: invalid token
	n_number_NaN bad 1: bad JSON: invalid token
	n_number_U+FF11_fullwidth_digit_one bad 1: bad JSON: *
	n_number_hex_1_digit bad 1: bad JSON: *
	n_number_real_without_fractional_part bad 1: bad JSON: *
	n_number_with_leading_zero bad 1: bad JSON: *
	n_object_key_with_single_quotes bad 1: bad JSON: *
	n_object_missing_value bad 1: bad JSON: *
	n_object_trailing_comma bad 1: bad JSON: *
	n_object_unquoted_key bad 1: bad JSON: *
	n_string_escape_x bad 1: bad JSON: invalid escape
	n_string_escaped_ctrl_char_tab bad 1: bad JSON: invalid escape
	n_string_incomplete_escape bad 1: bad JSON: *
	n_string_incomplete_surrogate bad 1: bad JSON: invalid escape
	n_string_invalid_backslash_esc bad 1: bad JSON: invalid escape
	n_string_invalid_unicode_escape bad 1: bad JSON: invalid escape
	n_string_invalid_utf8_after_escape bad 1: bad JSON: *
	n_string_single_quote bad 1: bad JSON: *
	n_string_start_escape_unclosed bad 1: bad JSON: *
	n_string_unescaped_ctrl_char bad 1: bad JSON: control character 0x0
	n_string_unescaped_newline bad 1: bad JSON: unexpected newline*
	n_string_unescaped_tab bad 1: bad JSON: control character 0x9
	n_string_unicode_CapitalU bad 1: bad JSON: invalid escape
	n_string_with_trailing_garbage bad 1: not a JSON object (a record is one object per line)
	n_structure_UTF8_BOM_no_data empty
	n_structure_null-byte-outside-string bad 1: bad JSON: *
	n_structure_object_with_trailing_garbage bad 1: text after the JSON object
	n_structure_unclosed_object bad 1: bad JSON: *
	EOF
	# Every n_ file is in the table.
	ns=("$JSONC"/n_*.json)
	[ "$n" -eq "${#ns[@]}" ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "json-conformance: a raw newline inside a string makes two bad lines of JSON Lines" {
	need_shared
	run --separate-stderr cmp-unit json "$JSONC/n_string_unescaped_newline.json"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "bad 1: bad JSON: unexpected newline" ]
	[ "${lines[1]}" = "bad 2: bad JSON: invalid token" ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "json-conformance: a BOM and no data is an empty input, no records" {
	need_shared
	run --separate-stderr cmp-unit json "$JSONC/n_structure_UTF8_BOM_no_data.json"
	[ "$status" -eq 0 ]
	[ "$output" = "empty" ]
	run --separate-stderr cmp-ls "$JSONC/n_structure_UTF8_BOM_no_data.json"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

@test "json-conformance: every n_ object is refused by cmp-ls with FILE:LINE and 65" {
	need_shared
	local failed=() n=0
	for f in "$JSONC"/n_object_*.json "$JSONC"/n_structure_unclosed_object.json "$JSONC"/n_structure_object_with_trailing_garbage.json; do
		b=$(basename "$f" .json)
		n=$((n + 1))
		run --separate-stderr cmp-ls "$f"
		[ "$status" -eq 65 ] && [ "$output" = "" ] && [[ $stderr == "cmp-ls: $f:1: "?* ]] || failed+=("$b: status $status: $stderr")
	done
	[ "$n" -eq 6 ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

# The implementation-defined cases, and cmp's choice for each: text that is
# not UTF-8 is refused (records are UTF-8, SPEC §3), a lone surrogate is
# refused, numbers beyond 64-bit integers or doubles are refused rather
# than changed, an underflow reads as 0, and a BOM before an object is
# skipped.
@test "json-conformance: the i_ cases, accepted or refused as documented" {
	need_shared
	local failed=() n=0
	while read -r b want; do
		n=$((n + 1))
		run --separate-stderr cmp-unit json "$JSONC/$b.json"
		[ "$status" -eq 0 ] && [[ $output == $want ]] || failed+=("$b: $output")
	done <<-'EOF'
	i_number_huge_exp bad 1: bad JSON: real number overflow
	i_number_real_underflow bad 1: not a JSON object (a record is one object per line)
	i_number_too_big_pos_int bad 1: bad JSON: too big integer
	i_string_UTF-16LE_with_BOM bad 1: bad JSON: unable to decode byte 0xff*
	i_string_invalid_utf-8 bad 1: bad JSON: unable to decode byte 0xff*
	i_string_iso_latin_1 bad 1: bad JSON: unable to decode byte 0xe9*
	i_string_lone_second_surrogate bad 1: bad JSON: invalid Unicode *
	i_string_overlong_sequence_2_bytes bad 1: bad JSON: unable to decode byte 0xc0*
	i_string_truncated-utf-8 bad 1: bad JSON: unable to decode byte 0xe0*
	i_structure_UTF-8_BOM_empty_object ok 0 fields
	EOF
	is=("$JSONC"/i_*.json)
	[ "$n" -eq "${#is[@]}" ]
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}

@test "json-conformance: i_ numbers as field values: too big refused, underflow 0" {
	need_shared
	as_field "$JSONC/i_number_real_underflow.json" >under.jsonl
	run --separate-stderr cmp-ls under.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = '{"v":"0"}' ]
	as_field "$JSONC/i_number_too_big_pos_int.json" >big.jsonl
	run --separate-stderr cmp-ls big.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-ls: big.jsonl:1: bad JSON: too big integer" ]
	as_field "$JSONC/i_number_huge_exp.json" >huge.jsonl
	run --separate-stderr cmp-ls huge.jsonl
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: huge.jsonl:1: bad JSON: real number overflow" ]
}

@test "json-conformance: a BOM before an object is skipped: an empty record" {
	need_shared
	run --separate-stderr cmp-ls "$JSONC/i_structure_UTF-8_BOM_empty_object.json"
	[ "$status" -eq 0 ]
	[ "$output" = "{}" ]
	[ "$stderr" = "" ]
}

@test "json-conformance: no corpus file crashes either reader" {
	need_shared
	local failed=()
	for f in "$JSONC"/*.json "$CSVC"/csvs/*.csv; do
		run --separate-stderr cmp-unit json "$f"
		[ "$status" -eq 0 ] || failed+=("cmp-unit json $(basename "$f"): status $status")
		# cmp-ls reads files not starting with '{' as CSV: any verdict
		# but a crash will do.
		run --separate-stderr cmp-ls "$f"
		case $status in
		0 | 1 | 65) ;;
		*) failed+=("cmp-ls $(basename "$f"): status $status") ;;
		esac
	done
	printf 'failed: %s\n' "${failed[@]}"
	[ "${#failed[@]}" -eq 0 ]
}
