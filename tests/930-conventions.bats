#!/usr/bin/env bats
# 930-conventions: what a Unix user expects of every tool.  --help on
# standard output, exit 0; usage errors on standard error with the
# synopsis, exit 64, nothing on standard output; -- ends the options; -
# is standard input wherever a file is read; no colour ever (NO_COLOR
# holds trivially) and the one terminal control, cmp-new --import's
# progress line, only when standard error is a terminal.
load helper

TOOLS="cmp-new cmp-assign cmp-close cmp-due cmp-stats cmp-report cmp-ls"

# The arguments that make TOOL read its input files without a store and
# succeed: what each needs besides the files.
args_of() {
	case $1 in
	cmp-assign) echo --note n ;;
	cmp-close) echo --resolution done ;;
	cmp-due) echo --all ;;
	cmp-report) echo --period 2026-11 ;;
	*) ;;
	esac
}

# The input TOOL reads: intake records for cmp-new, tickets for the others.
input_of() {
	[ "$1" = cmp-new ] && echo "$SAMPLE" || echo tickets.csv
}

setup() {
	STORE=$BATS_TEST_TMPDIR/store
	export HOME=$BATS_TEST_TMPDIR
	cd "$BATS_TEST_TMPDIR" || return 1
	cmp-new "$SAMPLE" >tickets.csv
}

@test "--help, -h and --version: standard output, exit 0, nothing on standard error" {
	local t
	for t in $TOOLS; do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ] || { echo "$t: exit $status"; false; }
		[ "$stderr" = "" ]
		[[ "${lines[0]}" == "usage: $t "* ]] || { echo "$t: ${lines[0]}"; false; }
		[[ "$output" == *"  -h, --help         show this help"* ]]
		local help=$output
		run --separate-stderr "$t" -h
		[ "$status" -eq 0 ] && [ "$output" = "$help" ]
		# Options after --help are not looked at.
		run --separate-stderr "$t" --help --bogus
		[ "$status" -eq 0 ] && [ "$output" = "$help" ]
		run --separate-stderr "$t" --version
		[ "$status" -eq 0 ] && [ "$stderr" = "" ]
		[[ "$output" =~ ^$t\ \(cmp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	done
}

@test "usage errors: standard error names the problem and shows the usage, exit 64, no output" {
	local t
	for t in $TOOLS; do
		run --separate-stderr "$t" --bogus "$SAMPLE"
		[ "$status" -eq 64 ] || { echo "$t --bogus: exit $status"; false; }
		[ "$output" = "" ]
		[ "${stderr_lines[0]}" = "$t: unknown option --bogus" ]
		[[ "${stderr_lines[1]}" == "usage: $t "* ]]
		run --separate-stderr "$t" -Z "$SAMPLE"
		[ "$status" -eq 64 ] && [ "$output" = "" ]
		[ "${stderr_lines[0]}" = "$t: unknown option -Z" ]
		run --separate-stderr "$t" "$SAMPLE" --where
		[ "$status" -eq 64 ] && [ "$output" = "" ]
		[ "${stderr_lines[0]}" = "$t: option --where needs a value" ]
		run --separate-stderr "$t" --now yesterday "$SAMPLE"
		[ "$status" -eq 64 ] && [ "$output" = "" ]
		[[ "${stderr_lines[0]}" == "$t: --now: \"yesterday\": expected a time"* ]]
	done
}

@test "-- ends the options: a file named like an option is read after it" {
	local t
	for t in $TOOLS; do
		cp "$(input_of "$t")" ./-x.csv
		cp "$(input_of "$t")" ./--all
		run --separate-stderr "$t" $(args_of "$t") "$(input_of "$t")"
		[ "$status" -eq 0 ] || { echo "$t: exit $status: $stderr"; false; }
		local want=$output
		[ "${#lines[@]}" -gt 1 ]
		run --separate-stderr "$t" $(args_of "$t") -- -x.csv
		[ "$status" -eq 0 ] || { echo "$t -- -x.csv: exit $status: $stderr"; false; }
		[ "$output" = "$want" ]
		run --separate-stderr "$t" $(args_of "$t") -- --all
		[ "$status" -eq 0 ] && [ "$output" = "$want" ]
		run --separate-stderr "$t" $(args_of "$t") -x.csv
		[ "$status" -eq 64 ] && [ "${stderr_lines[0]}" = "$t: unknown option -x" ]
	done
}

@test "- is standard input for the input files of every tool" {
	local t
	for t in $TOOLS; do
		run --separate-stderr "$t" $(args_of "$t") "$(input_of "$t")"
		local want=$output
		run --separate-stderr "$t" $(args_of "$t") - <"$(input_of "$t")"
		[ "$status" -eq 0 ] || { echo "$t -: exit $status: $stderr"; false; }
		[ "$output" = "$want" ]
		# And without an operand and without a store, standard input too.
		run --separate-stderr "$t" $(args_of "$t") <"$(input_of "$t")"
		[ "$status" -eq 0 ] && [ "$output" = "$want" ]
	done
}

@test "- is standard input for --import, --map-file, --ids-from and --notes" {
	run --separate-stderr cmp-new -d "$STORE" --import - <"$SAMPLE"
	[ "$status" -eq 0 ] && [ "${#lines[@]}" -eq 300 ]
	[ "$stderr" = "cmp-new: (stdin): 300 read, 300 imported, 0 duplicates, 0 rejected" ]
	printf 'C20261123-000002\nC20261123-000001\n' >ids
	run --separate-stderr cmp-ls -d "$STORE" --ids-from - --fields id,severity <ids
	[ "$status" -eq 0 ]
	[ "$output" = "id,severity
C20261123-000001,general
C20261123-000002,general" ]
	# A map read from standard input renames a column.
	sed '1s/,region,/,district,/' "$SAMPLE" >log.csv
	run --separate-stderr cmp-new --jsonl --map-file - --import log.csv < <(printf '[columns]\nregion = district\n')
	[ "$status" -eq 0 ]
	[ "$(jq -r .region <<<"${lines[0]}")" = 丰台区 ]
	[ "$(jq -r 'has("district")' <<<"${lines[0]}")" = false ]
	echo '分析：本月投诉平稳。' >notes
	run --separate-stderr cmp-report --period 2026-11 --notes - "$SAMPLE" <notes
	[ "$status" -eq 0 ]
	[[ "$output" == *"分析：本月投诉平稳。"* ]]
}

@test "standard input is read once; --rejects - is refused rather than creating a file -" {
	run --separate-stderr cmp-new --map-file - --import - <"$SAMPLE"
	[ "$status" -eq 64 ] && [ "$output" = "" ]
	[ "${stderr_lines[0]}" = "cmp-new: --import and --map-file: standard input (-) can be read only once" ]
	run --separate-stderr cmp-new --rejects - --import "$SAMPLE"
	[ "$status" -eq 64 ] && [ "$output" = "" ]
	[ "${stderr_lines[0]}" = "cmp-new: --rejects: - would mix the rejected rows into standard output: name a file" ]
	[ ! -e ./- ]
}

@test "no colour, NO_COLOR or not: human output has no escape sequence" {
	local out
	run --separate-stderr cmp-ls --table "$SAMPLE"
	[ "$status" -eq 0 ]
	out=$output
	[[ "$out" != *$'\033'* ]]
	NO_COLOR=1 run --separate-stderr cmp-ls --table "$SAMPLE"
	[ "$output" = "$out" ]
	run --separate-stderr cmp-report --period 2026-11 "$SAMPLE"
	[[ "$output" != *$'\033'* ]] && [ "$stderr" = "" ]
	run --separate-stderr cmp-stats --by channel --table "$SAMPLE"
	[[ "$output" != *$'\033'* ]] && [ "$stderr" = "" ]
}

@test "the import's progress line is drawn only when standard error is a terminal" {
	command -v script >/dev/null || skip "script(1) is not installed: no terminal to try"
	# Not a terminal: the summary alone, no carriage return, no escape.
	run --separate-stderr cmp-new -d "$STORE" --import "$SAMPLE"
	[ "$status" -eq 0 ]
	[ "$stderr" = "cmp-new: $SAMPLE: 300 read, 300 imported, 0 duplicates, 0 rejected" ]
	# A terminal (script(1) gives one): the line is drawn, then wiped
	# before the summary.  It has no colour, so NO_COLOR leaves it.
	for nc in "" 1; do
		rm -rf "$STORE"
		NO_COLOR=$nc script -qec "cmp-new -d '$STORE' --import '$SAMPLE' >/dev/null" /dev/null </dev/null >tty.out
		run cat tty.out
		[[ "$output" == $'\r'"cmp-new: "*" rows, "*" rows/s, "*"%"* ]]
		[[ "$output" == *$'\r\033[K'"cmp-new: $SAMPLE: 300 read, 300 imported, 0 duplicates, 0 rejected"* ]]
		# Its only escape sequence is erase-to-end-of-line.
		[ "$(grep -o $'\033\\[[0-9;]*[A-Za-z]' tty.out | sort -u)" = $'\033[K' ]
	done
}
