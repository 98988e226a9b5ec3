#!/usr/bin/env bats
# share/cmp/cmp-sweep-owners: each owner (cmp-due's owner field) is sent
# their own overdue tickets, by mail (CMP_MAILER) through an addresses
# file, or as JSON to a webhook (CMP_WEBHOOK) with curl; it only reads the
# store, says which owners it could not reach, and lets a busy store wait
# for the next run.  The mailer and curl are fakes on PATH.
load helper

SWEEP=$ROOT/share/cmp/cmp-sweep-owners

# A mailer that records its arguments (one line a message) and the messages.
fake_mail() {
	cat >mail.sh <<'SH'
#!/bin/sh
printf '%s\n' "$*" >>"$MAILBOX.args"
cat >>"$MAILBOX"
SH
	chmod +x mail.sh
	export CMP_MAILER=$PWD/mail.sh MAILBOX=$PWD/mailbox
}

# A curl on PATH that records its URL and the body it posts (--data-binary
# @FILE); it fails with curl's exit 22 when $CURL_FAIL names the owner.
fake_curl() {
	mkdir -p fakebin
	cat >fakebin/curl <<'SH'
#!/bin/sh
for a; do
	case $a in
	@*) body=${a#@} ;;
	esac
	last=$a
done
if [ -n "${CURL_FAIL:-}" ] && grep -q "\"owner\":\"$CURL_FAIL\"" "$body"; then
	echo "curl: (22) The requested URL returned error: 500" >&2
	exit 22
fi
printf '%s\n' "$*" | sed 's/@[^ ]*/@BODY/' >>"$POSTS.args"
cat "$body" >>"$POSTS"
SH
	chmod +x fakebin/curl
	PATH=$PWD/fakebin:$PATH
	export POSTS=$PWD/posts CMP_WEBHOOK=https://hooks.example.com/cmp
}

# Six tickets at 10:00 on Monday 2026-11-23, five of them overdue:
#   1 bob's, new (dispatch due 07:30)         owner bob     150 min
#   2 alice's, new (dispatch due 08:30)       owner alice    90
#   3 urgent, at 网络部 (reply due 09:00)      owner 网络部    60
#   4 urgent, handed to 张工 (reply due 09:30) owner 张工      30
#   5 alice's, new (dispatch due 08:40)       owner alice    80
#   6 new, dispatch due 10:20: not overdue
make_store() {
	cmp-new -d "$STORE" --by bob --received 2026-11-23T07:00 --summary 无信号 --now 2026-11-23T07:05 >/dev/null
	cmp-new -d "$STORE" --by alice --received 2026-11-23T08:00 --name 张三 --phone 13812345678 --summary 多扣费 --now 2026-11-23T08:05 >/dev/null
	cmp-new -d "$STORE" --by alice --received 2026-11-23T07:00 --severity urgent --summary 断网 --now 2026-11-23T07:05 >/dev/null
	cmp-new -d "$STORE" --by alice --received 2026-11-23T07:30 --severity urgent --summary 基站故障 --now 2026-11-23T07:35 >/dev/null
	cmp-new -d "$STORE" --by alice --received 2026-11-23T08:10 --summary 服务差 --now 2026-11-23T08:15 >/dev/null
	cmp-new -d "$STORE" --by alice --received 2026-11-23T09:50 --summary 刚来 --now 2026-11-23T09:55 >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T08:00 C20261123-000003 >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T08:00 C20261123-000004 >/dev/null
	cat >owners <<'EOF'
# who reads the overdue lists
alice   alice@example.com
网络部  net-duty@example.com
*       duty@example.com
EOF
}

HEADER="id                due_stage  due_at                     overdue_min  level  department  summary"

@test "each owner is mailed their own overdue list, most overdue first; the store is not changed" {
	fake_mail
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr "$SWEEP" "$STORE" owners
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "" ]
	[ "$(cat mailbox.args)" = "-s cmp: overdue complaints for bob in $STORE: 1 duty@example.com
-s cmp: overdue complaints for alice in $STORE: 2 alice@example.com
-s cmp: overdue complaints for 网络部 in $STORE: 1 net-duty@example.com
-s cmp: overdue complaints for 张工 in $STORE: 1 duty@example.com" ]
	[ "$(cat mailbox)" = "$HEADER
C20261123-000001  dispatch   2026-11-23T07:30:00+08:00  150          1                  无信号
$HEADER
C20261123-000002  dispatch   2026-11-23T08:30:00+08:00  90           1                  多扣费
C20261123-000005  dispatch   2026-11-23T08:40:00+08:00  80           1                  服务差
$HEADER
C20261123-000003  reply      2026-11-23T09:00:00+08:00  60           1      网络部      断网
$HEADER
C20261123-000004  reply      2026-11-23T09:30:00+08:00  30           1      网络部      基站故障" ]
	# It escalates nothing: cmp-sweep does that.
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "without an addresses file the owner's name is the address; the store's [privacy] masks the table" {
	fake_mail
	make_store
	printf '[privacy]\nmask = summary\n' >"$STORE/cmp.conf"
	run --separate-stderr "$SWEEP" "$STORE"
	[ "$status" -eq 0 ]
	[ "$(cat mailbox.args)" = "-s cmp: overdue complaints for bob in $STORE: 1 bob
-s cmp: overdue complaints for alice in $STORE: 2 alice
-s cmp: overdue complaints for 网络部 in $STORE: 1 网络部
-s cmp: overdue complaints for 张工 in $STORE: 1 张工" ]
	run grep -c -e 无信号 -e 多扣费 -e 断网 mailbox
	[ "$output" = 0 ]
}

@test "an owner without an address is named, the others are still mailed, and the sweep fails" {
	fake_mail
	make_store
	grep -v '^\*' owners >some
	run --separate-stderr "$SWEEP" "$STORE" some
	[ "$status" -eq 1 ]
	[ "$stderr" = "cmp-sweep-owners: bob: no address (add it to some)
cmp-sweep-owners: 张工: no address (add it to some)" ]
	[ "$(cat mailbox.args)" = "-s cmp: overdue complaints for alice in $STORE: 2 alice@example.com
-s cmp: overdue complaints for 网络部 in $STORE: 1 net-duty@example.com" ]
}

@test "a mailer that fails is named and makes the sweep fail; the other owners are mailed" {
	fake_mail
	make_store
	cat >mail.sh <<'SH'
#!/bin/sh
cat >/dev/null
case $* in *alice@*) exit 1 ;; esac
printf '%s\n' "$*" >>"$MAILBOX.args"
SH
	run --separate-stderr "$SWEEP" "$STORE" owners
	[ "$status" -eq 1 ]
	[ "$stderr" = "cmp-sweep-owners: alice: the mail to alice@example.com failed" ]
	[ "$(wc -l <mailbox.args)" -eq 3 ]
}

@test "an owner whose name has a comma or a backslash gets exactly their tickets" {
	fake_mail
	# Urgent, received at 07:00: the replies were due at 09:00.
	for s in a b c; do
		cmp-new -d "$STORE" --severity urgent --received 2026-11-23T07:00 --summary $s --now 2026-11-23T07:05 >/dev/null
	done
	cmp-assign -d "$STORE" --dept '网络部,一组' --now 2026-11-23T08:00 C20261123-000001 >/dev/null
	cmp-assign -d "$STORE" --dept '网络部' --now 2026-11-23T08:00 C20261123-000002 >/dev/null
	cmp-assign -d "$STORE" --dept 'a\b "q"' --now 2026-11-23T08:00 C20261123-000003 >/dev/null
	run --separate-stderr "$SWEEP" "$STORE"
	[ "$status" -eq 0 ]
	[ "$(cat mailbox.args)" = "-s cmp: overdue complaints for 网络部,一组 in $STORE: 1 网络部,一组
-s cmp: overdue complaints for 网络部 in $STORE: 1 网络部
-s cmp: overdue complaints for a\\b \"q\" in $STORE: 1 a\\b \"q\"" ]
	[ "$(grep -c '^C2026' mailbox)" -eq 3 ]
}

@test "CMP_WEBHOOK: one JSON POST per owner with curl, without personal data" {
	fake_curl
	make_store
	export CMP_MAILER=false
	run --separate-stderr "$SWEEP" "$STORE" owners
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(sort -u posts.args)" = "-fsS -X POST -H Content-Type: application/json --data-binary @BODY https://hooks.example.com/cmp" ]
	[ "$(jq -s -c --arg store "$STORE" '.[] | [.store == $store, .owner, .count, [.tickets[] | .id[-1:] + " " + .due_stage + " " + .overdue_min]]' posts)" = '[true,"bob",1,["1 dispatch 150"]]
[true,"alice",2,["2 dispatch 90","5 dispatch 80"]]
[true,"网络部",1,["3 reply 60"]]
[true,"张工",1,["4 reply 30"]]' ]
	[ "$(jq -s -c '[.[].tickets[] | keys_unsorted] | unique | .[]' posts)" = '["id","due_stage","due_at","overdue_min","level","owner","department","assignee","severity","category"]' ]
}

@test "a webhook that fails is named and makes the sweep fail; the other owners are posted" {
	fake_curl
	make_store
	CURL_FAIL=alice run --separate-stderr "$SWEEP" "$STORE"
	[ "$status" -eq 1 ]
	[ "$stderr" = "curl: (22) The requested URL returned error: 500
cmp-sweep-owners: alice: the webhook failed" ]
	[ "$(jq -s -r '.[].owner' posts)" = "bob
网络部
张工" ]
}

@test "nothing overdue: nothing sent, exit 0, silent" {
	fake_mail
	cmp-new -d "$STORE" --received 2026-11-23T09:50 --summary x --now 2026-11-23T09:55 >/dev/null
	run --separate-stderr "$SWEEP" "$STORE"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ ! -e mailbox ]
}

@test "a busy store is left for the next run (exit 0); a failing cmp-due or a bad call fails" {
	fake_mail
	make_store
	flock "$STORE/.lock" sleep 120 &
	holder=$!
	sleep 0.3
	sed 's/--wait 60/--wait 0.2/' "$SWEEP" >sweep
	chmod +x sweep
	run --separate-stderr ./sweep "$STORE" owners
	kill "$holder"
	[ "$status" -eq 0 ]
	[ "$stderr" = "cmp-due: $STORE: the store is locked by another process (waited 0.2s; see --wait)
cmp-sweep-owners: $STORE is busy; the next run retries" ]
	[ ! -e mailbox ]
	printf '[sla]\nbogus = 1\n' >"$STORE/cmp.conf"
	run --separate-stderr "$SWEEP" "$STORE" owners
	[ "$status" -eq 1 ]
	[ "$stderr" = "cmp-due: $STORE/cmp.conf:2: unknown key \"bogus\" in an [sla] section" ]
	run --separate-stderr "$SWEEP" "$STORE" missing
	[ "$status" -eq 66 ]
	[ "$stderr" = "cmp-sweep-owners: missing: cannot read the addresses" ]
	run --separate-stderr "$SWEEP" "$STORE" owners extra
	[ "$status" -eq 64 ]
	[ "$stderr" = "usage: cmp-sweep-owners STORE [ADDRESSES]" ]
	run --separate-stderr "$SWEEP"
	[ "$status" -eq 64 ]
	[ "$stderr" = "usage: cmp-sweep-owners STORE [ADDRESSES]" ]
	[ ! -e mailbox ]
}

@test "the cron example has the owners' sweep as a second, commented line" {
	[ "$(grep -c '^#30 8 \* \* 1-5  cmp  /usr/local/share/cmp/cmp-sweep-owners /var/lib/cmp/store /etc/cmp/owners$' "$ROOT/share/cmp/cron.example")" -eq 1 ]
	[ "$(grep -c '^[^#]' "$ROOT/share/cmp/cron.example" | tr -d ' ')" -eq 4 ]
	[ -x "$SWEEP" ]
	run sh -n "$SWEEP"
	[ "$status" -eq 0 ]
}
