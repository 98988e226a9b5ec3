#!/usr/bin/env bats
# 920-docs: the documentation keeps up with the tools.  Every long option a
# tool's --help prints is in its man page, in the bash completion and in
# the zsh completion; every man page is clean under mandoc -Tlint; the
# pages named in SEE ALSO exist.  A failure names what is missing.
load helper

# The tools under test: every cmp-* in $CMP_BIN except cmp-unit, the
# driver of tests/unit, which is neither installed nor documented.
tools() {
	local t
	for t in "$CMP_BIN"/cmp-*; do
		t=${t##*/}
		[ "$t" = cmp-unit ] || echo "$t"
	done
}

# The long options in the text $1 (a --help), one a line, sorted.
long_options() {
	grep -o -- '--[a-z][a-z-]*' <<<"$1" | sort -u
}

# Does man page $1 document option $2 (--name)?  mdoc writes an option as
# an argument of a macro line (".Fl -name", ".Fl -csv , -jsonl"); a tool's
# own option ($3 = own) must head an entry of a list (".It Fl -name Ar x"),
# a common option may be in the paragraph that lists them.
in_man() {
	local lines='^\.'
	[ "${3-}" = own ] && lines='^\.It '
	grep -Eq -- "$lines.*[[:space:]]-${2#--}([[:space:]]|\$)" "$1"
}

# The long options of a --help text $1, one a line, sorted: those listed
# under "Common options:" (common), or the others (own).
help_options() {
	local common
	common=$(long_options "$(sed -n '/^Common options:/,$p' <<<"$1")")
	if [ "$2" = common ]; then
		[ -z "$common" ] || echo "$common"
	else
		comm -23 <(long_options "$1") <(echo "$common")
	fi
}

# The options the bash completion offers after "TOOL -", one a line: the
# completion function run as bash-completion runs it.
bash_offers() {
	bash -c '. "$1" || exit 1
		complete -p "$2" >/dev/null 2>&1 || { echo "(not registered)"; exit 0; }
		COMP_WORDS=("$2" -); COMP_CWORD=1
		_cmp "$2" - "$2"
		printf "%s\n" "${COMPREPLY[@]}"' bash "$ROOT/completions/cmp.bash" "$1"
}

# The long options the zsh completion declares for TOOL, one a line: the
# common array and the TOOL) branch of _cmp, with the descriptions
# ([...]) and the exclusion and value lists ((...)) taken out.
zsh_offers() {
	if ! head -n 1 "$ROOT/completions/_cmp" | grep -Eq "^#compdef( .*)? $1( |\$)"; then
		echo "(not registered)"
		return
	fi
	awk -v tool="$1" '
		$0 == "local -a common=(" { c = 1 }
		c && $0 == ")" { c = 0 }
		$0 == tool ")" { t = 1 }
		t && /;;/ { t = 0 }
		c || t' "$ROOT/completions/_cmp" |
	    sed -e 's/\[[^]]*\]//g' -e 's/([^)]*)//g' | grep -o -- '--[a-z][a-z-]*' | sort -u
}

# The references of man page $1's SEE ALSO, "name section" a line.
see_also() {
	awk '/^\.Sh / { s = ($0 == ".Sh SEE ALSO") } s && /^\.Xr / { print $2, $3 }' "$1"
}

# Is NAME SECTION one of this project's pages (not cmp(1), the system's)?
ours() {
	case $1 in
	cmp-*|cmp.*) return 0 ;;
	cmp) [ "$2" = 7 ] ;;
	*) return 1 ;;
	esac
}

@test "the tools under test are there" {
	run tools
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 1 ]
	[[ " ${lines[*]} " == *" cmp-new "* ]]
}

@test "every long option of every tool's --help is in its man page" {
	local t o missing=
	for t in $(tools); do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ] || { echo "$t --help: exit $status"; false; }
		[ -f "$ROOT/man/$t.1" ] || { missing+=" $t(no man/$t.1)"; continue; }
		for o in $(help_options "$output" own); do
			in_man "$ROOT/man/$t.1" "$o" own || missing+=" $t:$o"
		done
		for o in $(help_options "$output" common); do
			in_man "$ROOT/man/$t.1" "$o" || missing+=" $t:$o"
		done
	done
	echo "missing from the man pages:$missing"
	[ "$missing" = "" ]
}

@test "every long option of every tool's --help is completed by bash" {
	local t o missing= offers
	for t in $(tools); do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ] || { echo "$t --help: exit $status"; false; }
		offers=$(bash_offers "$t")
		[ "$offers" != "(not registered)" ] || { missing+=" $t(not registered)"; continue; }
		for o in $(long_options "$output"); do
			grep -qx -- "$o" <<<"$offers" || missing+=" $t:$o"
		done
	done
	echo "missing from completions/cmp.bash:$missing"
	[ "$missing" = "" ]
}

@test "every long option of every tool's --help is completed by zsh" {
	local t o missing= offers
	for t in $(tools); do
		run --separate-stderr "$t" --help
		[ "$status" -eq 0 ] || { echo "$t --help: exit $status"; false; }
		offers=$(zsh_offers "$t")
		[ "$offers" != "(not registered)" ] || { missing+=" $t(not in #compdef)"; continue; }
		for o in $(long_options "$output"); do
			grep -qx -- "$o" <<<"$offers" || missing+=" $t:$o"
		done
	done
	echo "missing from completions/_cmp:$missing"
	[ "$missing" = "" ]
}

@test "every man page is clean under mandoc -Tlint -W warning" {
	command -v mandoc >/dev/null || skip "mandoc is not installed: the man pages are not linted here"
	local m bad=
	for m in "$ROOT"/man/*.[157]; do
		run --separate-stderr mandoc -Tlint -W warning "$m"
		if [ "$status" -ne 0 ] || [ "$output$stderr" != "" ]; then
			bad+="${m##*/}: exit $status: $output$stderr"$'\n'
		fi
	done
	printf '%s' "$bad"
	[ "$bad" = "" ]
}

@test "SEE ALSO names only pages of this project that exist" {
	local m name sec dangling=
	for m in "$ROOT"/man/*.[157]; do
		while read -r name sec; do
			ours "$name" "$sec" || continue
			[ -f "$ROOT/man/$name.$sec" ] && continue
			# A tool of SPEC §2 not built yet may be named ahead of its
			# page; the next test lists those.
			[ "$sec" = 1 ] && [ ! -e "$CMP_BIN/$name" ] && continue
			dangling+=" ${m##*/}:$name($sec)"
		done < <(see_also "$m")
	done
	echo "named in SEE ALSO, not in man/:$dangling"
	[ "$dangling" = "" ]
}

@test "SEE ALSO names no tool that is not built yet" {
	local m name sec pending=
	for m in "$ROOT"/man/*.[157]; do
		while read -r name sec; do
			ours "$name" "$sec" && [ "$sec" = 1 ] && [ ! -f "$ROOT/man/$name.$sec" ] &&
			    [ ! -e "$CMP_BIN/$name" ] || continue
			[[ " $pending " == *" $name($sec) "* ]] || pending+=" $name($sec)"
		done < <(see_also "$m")
	done
	[ "$pending" = "" ] || skip "tools named in SEE ALSO, neither built nor documented yet:$pending"
}

@test "SEE ALSO names system pages that are installed" {
	command -v man >/dev/null || skip "man is not installed: the system pages are not checked here"
	local m name sec absent=
	for m in "$ROOT"/man/*.[157]; do
		while read -r name sec; do
			ours "$name" "$sec" && continue
			man -w "$sec" "$name" >/dev/null 2>&1 && continue
			[[ " $absent " == *" $name($sec) "* ]] || absent+=" $name($sec)"
		done < <(see_also "$m")
	done
	# A page missing here may be in a package this machine lacks
	# (manpages, manpages-dev): say which, without failing.
	[ "$absent" = "" ] || skip "system pages named in SEE ALSO, not installed here:$absent"
}
