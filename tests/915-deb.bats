#!/usr/bin/env bats
# 915-deb: debian/ builds an installable package.  A copy of the tree (the
# files git knows, edits and new files included, so the worktree is not
# dirtied) is built once with dpkg-buildpackage into a temporary parent
# directory; the .deb is unpacked with dpkg -x into a temporary root and
# its binaries run from there, finding ROOT/usr/share/cmp by their own
# location.  Skipped, visibly, where dpkg-buildpackage or debhelper is
# not installed (tools/deps installs them).
load helper

setup_file() {
	command -v dpkg-buildpackage >/dev/null || skip "dpkg-buildpackage is not installed: the package is not built here"
	command -v dh >/dev/null || skip "debhelper is not installed: the package is not built here"
	local top=$BATS_FILE_TMPDIR/pkg
	mkdir -p "$top/src"
	if git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) |
		    (cd "$ROOT" && tar -cf - --null -T -) | tar -xf - -C "$top/src"
	else
		cp -R "$ROOT/." "$top/src" && rm -rf "$top/src"/build*
	fi
	# The log is kept for a failing test to show.
	(cd "$top/src" && nice dpkg-buildpackage -us -uc -b) >"$top/build.log" 2>&1
	echo $? >"$top/status"
	dpkg -x "$top/cmp_0.1.0_$(dpkg --print-architecture).deb" "$top/root" 2>>"$top/build.log" || true
}

setup() {
	TOP=$BATS_FILE_TMPDIR/pkg
	DEB=$TOP/cmp_0.1.0_$(dpkg --print-architecture).deb
	R=$TOP/root
	export HOME=$BATS_TEST_TMPDIR
	cd "$BATS_TEST_TMPDIR" || return 1
}

@test "dpkg-buildpackage -us -uc -b builds cmp_0.1.0 beside the tree" {
	[ "$(cat "$TOP/status")" = 0 ] || { tail -n 30 "$TOP/build.log"; false; }
	[ -f "$DEB" ]
	run dpkg-deb -f "$DEB" Package Version Section
	[ "$status" -eq 0 ]
	[ "$output" = "Package: cmp
Version: 0.1.0
Section: utils" ]
	# The libraries of the Makefile are found by dh_shlibdeps.
	run dpkg-deb -f "$DEB" Depends
	for lib in libcsv3 libjansson4 libinih1 libutf8proc2 libssl3; do
		[[ "$output" == *"$lib "* ]] || { echo "Depends lacks $lib: $output"; false; }
	done
}

@test "apt would install it here: its dependencies are satisfiable" {
	command -v apt-get >/dev/null || skip "apt-get is not installed: installability is not checked here"
	run --separate-stderr apt-get install -s -q "$DEB"
	[ "$status" -eq 0 ] || { echo "$stderr"; false; }
	[[ "$output" == *"Inst cmp "* ]] || [[ "$output" == *"cmp is already the newest version"* ]]
}

@test "the package holds the tools, man pages, completions and share/cmp" {
	run dpkg-deb -c "$DEB"
	[ "$status" -eq 0 ]
	local f missing=
	for f in bin/cmp-new bin/cmp-assign bin/cmp-close bin/cmp-due bin/cmp-stats \
	    bin/cmp-report bin/cmp-ls share/man/man1/cmp-new.1.gz share/man/man1/cmp-ls.1.gz \
	    share/man/man1/cmp-report.1.gz share/man/man5/cmp.conf.5.gz \
	    share/man/man5/cmp-records.5.gz share/man/man5/cmp-store.5.gz \
	    share/man/man7/cmp.7.gz share/bash-completion/completions/cmp-new \
	    share/bash-completion/completions/cmp-stats share/zsh/site-functions/_cmp \
	    share/cmp/cmp.conf share/cmp/calendars/cn.txt share/cmp/sample/tickets.csv \
	    share/doc/cmp/copyright share/doc/cmp/README.md.gz; do
		grep -q " \./usr/$f\$" <<<"$output" || missing+=" $f"
	done
	echo "missing from the package:$missing"
	[ "$missing" = "" ]
	# Nothing of the build or the tests is shipped.
	run grep -cE 'cmp-unit|fault\.so|/build/' <<<"$output"
	[ "$output" = 0 ]
}

@test "the unpacked binaries run and read ROOT/usr/share/cmp" {
	[ -x "$R/usr/bin/cmp-new" ]
	run --separate-stderr env PATH=/usr/bin:/bin "$R/usr/bin/cmp-new" --version
	[ "$status" -eq 0 ]
	[ "$output" = "cmp-new (cmp) 0.1.0" ]
	run --separate-stderr "$R/usr/bin/cmp-report" --help
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "usage: cmp-report --period"* ]]
	# The shipped calendar: 15 working days over the Spring Festival.
	run --separate-stderr env PATH=/usr/bin:/bin "$R/usr/bin/cmp-new" --jsonl \
	    --severity complex --received 2026-02-13T10:00 --now 2026-02-13T10:05 --summary x
	[ "$status" -eq 0 ]
	[ "$(jq -r .resolve_due <<<"$output")" = 2026-03-12T10:00:00+08:00 ]
	# The shipped sample, counted by the packaged cmp-stats.
	run --separate-stderr "$R/usr/bin/cmp-stats" --csv "$R/usr/share/cmp/sample/tickets.csv"
	[ "$status" -eq 0 ]
	[ "${lines[1]%%,*}" = 300 ]
}

@test "the packaged bash completion registers every tool" {
	run bash -c '. "$1" && complete -p cmp-new cmp-ls cmp-stats' bash \
	    "$R/usr/share/bash-completion/completions/cmp-new"
	[ "$status" -eq 0 ]
	[ "$output" = "complete -F _cmp cmp-new
complete -F _cmp cmp-ls
complete -F _cmp cmp-stats" ]
}

@test "lintian reports no error or warning" {
	command -v lintian >/dev/null || skip "lintian is not installed: the package is not checked here"
	run --separate-stderr nice lintian --fail-on error,warning "$DEB"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}
