#!/usr/bin/env bats
# share/cmp/cmp-sweep: the cron/systemd escalation sweep mails only news,
# stays quiet when nothing rose, and lets a busy store wait for the next run.
load helper

# A mailer that records its arguments and the message.
fake_mail() {
	cat >mail.sh <<'SH'
#!/bin/sh
printf '%s\n' "$*" >>"$MAILBOX.args"
cat >>"$MAILBOX"
SH
	chmod +x mail.sh
	export CMP_MAILER=$PWD/mail.sh MAILBOX=$PWD/mailbox
}

@test "the sweep mails the escalated tickets once, masked, then stays quiet" {
	fake_mail
	cmp-new -d "$STORE" --actor ops --received 2026-11-23T08:00 --name 张三 --phone 13812345678 --summary 信号差 >/dev/null
	run --separate-stderr "$ROOT/share/cmp/cmp-sweep" "$STORE" duty@example.com
	[ "$status" -eq 0 ]
	[ "$(cat mailbox.args)" = "-s cmp: complaints escalated in $STORE duty@example.com" ]
	[ "$(sed -n 1p mailbox)" = "id                due_stage  due_at                     overdue_min  level  owner  department  summary" ]
	[ "$(sed -n 2p mailbox)" = "C20261123-000001  dispatch   2026-11-23T08:30:00+08:00  90           1      ops                信号差" ]
	rm mailbox mailbox.args
	run --separate-stderr "$ROOT/share/cmp/cmp-sweep" "$STORE" duty@example.com
	[ "$status" -eq 0 ]
	[ ! -e mailbox ]
	[ "$stderr" = "" ]
}

@test "a busy store is left for the next run, with a note and exit 0" {
	fake_mail
	cmp-new -d "$STORE" --received 2026-11-23T08:00 --summary x >/dev/null
	before=$(store_sum "$STORE")
	flock "$STORE/.lock" sleep 120 &
	holder=$!
	sleep 0.3
	# cmp-sweep waits 60 s for the lock: make the wait short for the test.
	sed 's/--wait 60/--wait 0.2/' "$ROOT/share/cmp/cmp-sweep" >sweep
	chmod +x sweep
	run --separate-stderr ./sweep "$STORE" duty@example.com
	kill "$holder"
	[ "$status" -eq 0 ]
	[ "$stderr" = "cmp-due: $STORE: the store is locked by another process (waited 0.2s; see --wait)
cmp-sweep: $STORE is busy; the next run retries" ]
	[ ! -e mailbox ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "a failing sweep exits non-zero with cmp-due's message" {
	fake_mail
	mkdir "$STORE"
	printf '[sla]\nbogus = 1\n' >"$STORE/cmp.conf"
	run --separate-stderr "$ROOT/share/cmp/cmp-sweep" "$STORE" duty@example.com
	[ "$status" -eq 1 ]
	[ "$stderr" = "cmp-due: $STORE/cmp.conf:2: unknown key \"bogus\" in an [sla] section" ]
}

@test "the cron and systemd examples call the shipped sweep every 5 minutes" {
	[ "$(grep -c '^\*/5 \* \* \* \*  cmp  /usr/local/share/cmp/cmp-sweep ' "$ROOT/share/cmp/cron.example")" -eq 1 ]
	[ "$(grep -c '^OnCalendar=\*:0/5$' "$ROOT/share/cmp/systemd/cmp-sweep.timer")" -eq 1 ]
	[ "$(grep -c '^ExecStart=/usr/local/share/cmp/cmp-sweep ' "$ROOT/share/cmp/systemd/cmp-sweep.service")" -eq 1 ]
}

@test "a mailer that fails makes the sweep fail" {
	cmp-new -d "$STORE" --received 2026-11-23T08:00 --summary x >/dev/null
	CMP_MAILER=false run --separate-stderr "$ROOT/share/cmp/cmp-sweep" "$STORE" duty@example.com
	[ "$status" -eq 1 ]
}

@test "the sweep reads the store it is given, whatever CMP_STORE names" {
	cmp-new -d "$STORE" --actor ops --received 2026-11-23T08:00 --summary 信号差 >/dev/null
	cat >mail.sh <<'SH'
#!/bin/sh
cat >"$MAILBOX"
SH
	chmod +x mail.sh
	CMP_STORE=$BATS_TEST_TMPDIR/elsewhere CMP_MAILER=$PWD/mail.sh MAILBOX=$PWD/mailbox \
	    run --separate-stderr "$ROOT/share/cmp/cmp-sweep" "$STORE" duty@example.com
	[ "$status" -eq 0 ]
	[ "$(sed -n 2p mailbox | cut -c1-16)" = C20261123-000001 ]
}
