#!/usr/bin/env bats
# make install / uninstall into a DESTDIR: binaries that find their share
# directory relative to themselves, man pages, completions.
load helper

@test "make install puts every file under DESTDIR/PREFIX and the binaries find share/cmp" {
	dest=$BATS_TEST_TMPDIR/dest
	run make -s -C "$ROOT" install SAN="${CMP_SAN:-}" DESTDIR="$dest" PREFIX=/opt/cmp
	[ "$status" -eq 0 ]
	for f in bin/cmp-new bin/cmp-ls share/cmp/cmp.conf share/cmp/calendars/cn.txt \
	    share/cmp/sample/tickets.csv share/locale/zh_CN/LC_MESSAGES/cmp.mo share/man/man1/cmp-new.1 share/man/man1/cmp-ls.1 \
	    share/man/man5/cmp.conf.5 share/man/man5/cmp-records.5 share/man/man5/cmp-store.5 \
	    share/man/man7/cmp.7 share/bash-completion/completions/cmp-new \
	    share/bash-completion/completions/cmp-ls share/zsh/site-functions/_cmp; do
		[ -f "$dest/opt/cmp/$f" ] || { echo "missing $f"; false; }
	done
	# The calendar is read from the installed share directory: 15 working
	# days over the Spring Festival of 2026.
	run --separate-stderr env PATH=/usr/bin:/bin "$dest/opt/cmp/bin/cmp-new" --jsonl \
	    --severity complex --received 2026-02-13T10:00 --now 2026-02-13T10:05 --summary x
	[ "$status" -eq 0 ]
	[ "$(jq -r .resolve_due <<<"$output")" = 2026-03-12T10:00:00+08:00 ]
	run make -s -C "$ROOT" uninstall SAN="${CMP_SAN:-}" DESTDIR="$dest" PREFIX=/opt/cmp
	[ "$status" -eq 0 ]
	[ "$(find "$dest" -type f | wc -l)" -eq 0 ]
}

@test "a moved share directory is found through CMP_SHAREDIR" {
	mkdir -p other/calendars
	printf '2026-11-24 off 测试假日\n' >other/calendars/cn.txt
	CMP_SHAREDIR=$PWD/other run --separate-stderr cmp-new --jsonl --received 2026-11-23T10:00 \
	    --severity complex --summary x --now 2026-11-23T10:00
	[ "$status" -eq 0 ]
	# Tuesday the 24th is off now: 15 working days end a day later than usual.
	[ "$(jq -r .resolve_due <<<"$output")" = 2026-12-15T10:00:00+08:00 ]
}
