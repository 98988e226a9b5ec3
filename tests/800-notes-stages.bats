#!/usr/bin/env bats
# tests/800-notes-stages.bats - progress notes (处理进度) and corrections
# in cmp-assign (--note, --told, --eta, -s), and the stages they move in
# cmp-due (SPEC §5, §6): reply until a note (or a told note with reply_by
# = told), then resolve; handover; reopening; the owner of each stage;
# the example policies of share/cmp/policies across National Day.  Every
# refusal leaves the store byte-identical.

load helper

A=C20261123-000001	# general, received 09:00
B=C20261123-000002	# complex, received 09:10
C=C20261123-000003	# urgent, received 09:20
POLICIES=$ROOT/share/cmp/policies

# Three tickets registered by alice at 09:30 on Monday 2026-11-23, all
# dispatched to 网络部 at 09:40.
make_store() {
	cat >in.csv <<'CSV'
received_at,category,severity,summary
2026-11-23T09:00:00+08:00,network,general,信号差
2026-11-23T09:10:00+08:00,billing,complex,多扣费
2026-11-23T09:20:00+08:00,other,urgent,态度差
CSV
	cmp-new -d "$STORE" --now 2026-11-23T09:30 --by alice in.csv >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:40 "$A" "$B" "$C" >/dev/null
}

# The values of the jq expressions $2 of ticket $1 (open or archived), "|"-joined.
get() {
	cmp-ls -d "$STORE" --all --jsonl "$1" >"$BATS_TEST_TMPDIR/rec.jsonl" || return
	jq -r "[$2] | join(\"|\")" "$BATS_TEST_TMPDIR/rec.jsonl"
}

# The changes of the last journal line, compact.
last_changes() {
	tail -n 1 "$STORE/journal.jsonl" | jq -c '[.tool, .now, .id, .changes]'
}

# "id stage due_at overdue_min level owner" of every record of $1 (JSON Lines).
due() {
	jq -r '[.id, .due_stage, .due_at, .overdue_min, .level, .owner] | join(" ")' <<<"$1"
}

# cmp-due --all at time $1, as due() lines.
due_at() {
	cmp-due -d "$STORE" --all --jsonl --now "$1" >"$BATS_TEST_TMPDIR/due.jsonl" || return
	due "$(cat "$BATS_TEST_TMPDIR/due.jsonl")"
}

# A refusal: STATUS, nothing on stdout, MESSAGE first on stderr, store as before.
assert_refused() {
	[ "$status" -eq "$1" ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "$2" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

NOTE='.progress, .progress_at, .replied_at, .told_at, .told_channel, .eta'

# --- notes ------------------------------------------------------------------

@test "--note: progress and progress_at, the first note sets replied_at; a journal line each" {
	make_store
	run --separate-stderr cmp-assign -d "$STORE" --note 已联系客户 --now 2026-11-23T10:00 --actor 张工 "$B"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "$B" ]
	[ "$(get "$B" "$NOTE")" = "已联系客户|2026-11-23T10:00:00+08:00|2026-11-23T10:00:00+08:00|||" ]
	[ "$(last_changes)" = '["cmp-assign","2026-11-23T10:00:00+08:00","C20261123-000002",{"replied_at":["","2026-11-23T10:00:00+08:00"],"progress":["","已联系客户"],"progress_at":["","2026-11-23T10:00:00+08:00"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:00:00+08:00"]}]' ]
	# A second note, told to the customer with a promised time: progress
	# moves, replied_at stays at the first note.
	run --separate-stderr cmp-assign -d "$STORE" --note 查明原因，待更换设备 --told phone --eta '2026-11-25 18:00' --now 2026-11-23T11:00 "$B"
	[ "$status" -eq 0 ]
	[ "$output" = "$B" ]
	[ "$(get "$B" "$NOTE")" = "查明原因，待更换设备|2026-11-23T11:00:00+08:00|2026-11-23T10:00:00+08:00|2026-11-23T11:00:00+08:00|phone|2026-11-25T18:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-assign","2026-11-23T11:00:00+08:00","C20261123-000002",{"progress":["已联系客户","查明原因，待更换设备"],"progress_at":["2026-11-23T10:00:00+08:00","2026-11-23T11:00:00+08:00"],"told_at":["","2026-11-23T11:00:00+08:00"],"told_channel":["","phone"],"eta":["","2026-11-25T18:00:00+08:00"],"updated_at":["2026-11-23T10:00:00+08:00","2026-11-23T11:00:00+08:00"]}]' ]
	# The ticket's history lists both notes, in order.
	run --separate-stderr cmp-ls -d "$STORE" --history --fields now,actor,field,new "$B"
	[ "$status" -eq 0 ]
	[ "$(grep ',progress,' <<<"$output")" = "2026-11-23T10:00:00+08:00,张工,progress,已联系客户
2026-11-23T11:00:00+08:00,$(id -un),progress,查明原因，待更换设备" ]
	[ "$(grep -c ',replied_at,' <<<"$output")" -eq 1 ]
}

@test "--eta alone records the promised time; a note combines with a dispatch" {
	make_store
	run --separate-stderr cmp-assign -d "$STORE" --eta 2026-11-26T12:00 --now 2026-11-23T10:00 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" "$NOTE")" = "|||||2026-11-26T12:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-assign","2026-11-23T10:00:00+08:00","C20261123-000001",{"eta":["","2026-11-26T12:00:00+08:00"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:00:00+08:00"]}]' ]
	# One command, one journal line: the handover and the note together.
	run --separate-stderr cmp-assign -d "$STORE" --to 张工 --note 已上门 --told counter --now 2026-11-23T10:30 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" ".assignee, .handed_at, $NOTE")" = "张工|2026-11-23T10:30:00+08:00|已上门|2026-11-23T10:30:00+08:00|2026-11-23T10:30:00+08:00|2026-11-23T10:30:00+08:00|counter|2026-11-26T12:00:00+08:00" ]
	[ "$(jq -r 'select(.now == "2026-11-23T10:30:00+08:00") | .id' "$STORE/journal.jsonl")" = "$A" ]
}

@test "a note on a new or a resolved ticket; a closed one is refused (65)" {
	make_store
	cmp-new -d "$STORE" --now 2026-11-23T10:00 --summary new >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --note 已记录 --now 2026-11-23T10:05 C20261123-000004
	[ "$status" -eq 0 ]
	[ "$(get C20261123-000004 '.status, .progress, .replied_at')" = "new|已记录|2026-11-23T10:05:00+08:00" ]
	cmp-close -d "$STORE" --resolution r --now 2026-11-23T11:00 "$A" >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --note 等待回访 --now 2026-11-23T11:30 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" '.status, .progress')" = "resolved|等待回访" ]
	cmp-close -d "$STORE" --feedback phone --satisfaction satisfied --now 2026-11-23T12:00 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --note late "$A"
	assert_refused 65 "cmp-assign: $A: closed: a closed ticket is never changed (register a new complaint)"
}

@test "bad notes are usage errors (64): --told without --note, a bad channel, a bad --eta, an empty note" {
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --told phone "$A"
	assert_refused 64 "cmp-assign: --told says how a note was given: give --note too"
	run --separate-stderr cmp-assign -d "$STORE" --note x --told fax "$A"
	assert_refused 64 'cmp-assign: --told: "fax" is not one of phone, sms, email, counter'
	run --separate-stderr cmp-assign -d "$STORE" --note x --eta 下周 "$A"
	assert_refused 64 'cmp-assign: --eta: "下周": expected a time such as 2026-11-25T18:00'
	run --separate-stderr cmp-assign -d "$STORE" --note '' "$A"
	assert_refused 64 "cmp-assign: --note: empty"
	run --separate-stderr cmp-assign -d "$STORE" --note x
	assert_refused 64 "cmp-assign: no ticket selected: give ids, --ids-from or --where (nothing is changed by accident)"
}

# --- the reply stage -------------------------------------------------------------

@test "reply_due by severity: general none, complex 72h, urgent 2h; reply until a note, then resolve" {
	make_store
	[ "$(get "$A" '.reply_due, .resolve_due')" = "|2026-11-24T09:00:00+08:00" ]
	[ "$(get "$B" '.reply_due, .resolve_due')" = "2026-11-26T09:10:00+08:00|2026-12-14T09:10:00+08:00" ]
	[ "$(get "$C" '.reply_due, .resolve_due')" = "2026-11-23T11:20:00+08:00|2026-11-24T09:20:00+08:00" ]
	[ "$(due_at 2026-11-23T10:00)" = "$C reply 2026-11-23T11:20:00+08:00 -80 0 网络部
$A resolve 2026-11-24T09:00:00+08:00 -1380 0 网络部
$B reply 2026-11-26T09:10:00+08:00 -4270 0 网络部" ]
	# The urgent reply is late: 40 minutes overdue at 12:00, level 1.
	run --separate-stderr cmp-due -d "$STORE" --jsonl --now 2026-11-23T12:00
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "$C reply 2026-11-23T11:20:00+08:00 40 1 网络部" ]
	# A note meets it (late: replied_at is after reply_due); resolve is next.
	cmp-assign -d "$STORE" --note 已致电客户 --now 2026-11-23T12:05 "$C" "$B" >/dev/null
	[ "$(get "$C" '.reply_due, .replied_at')" = "2026-11-23T11:20:00+08:00|2026-11-23T12:05:00+08:00" ]
	run --separate-stderr cmp-due -d "$STORE" --jsonl --now 2026-11-23T12:10
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$(due_at 2026-11-23T12:10)" = "$A resolve 2026-11-24T09:00:00+08:00 -1250 0 网络部
$C resolve 2026-11-24T09:20:00+08:00 -1270 0 网络部
$B resolve 2026-12-14T09:10:00+08:00 -30060 0 网络部" ]
}

@test "reply_by = told: only a note told to the customer meets the reply stage" {
	mkdir "$STORE"
	printf '[sla]\nreply_by = told\n' >"$STORE/cmp.conf"
	make_store
	cmp-assign -d "$STORE" --note 内部核查中 --now 2026-11-23T10:00 "$C" >/dev/null
	[ "$(get "$C" '.progress, .replied_at, .told_at')" = "内部核查中||" ]
	[ "$(due_at 2026-11-23T11:30 | grep "^$C")" = "$C reply 2026-11-23T11:20:00+08:00 10 1 网络部" ]
	cmp-assign -d "$STORE" --note 已短信告知处理进度 --told sms --now 2026-11-23T11:40 "$C" >/dev/null
	[ "$(get "$C" '.progress, .replied_at, .told_at, .told_channel')" = "已短信告知处理进度|2026-11-23T11:40:00+08:00|2026-11-23T11:40:00+08:00|sms" ]
	[ "$(due_at 2026-11-23T11:45 | grep "^$C")" = "$C resolve 2026-11-24T09:20:00+08:00 -1295 0 网络部" ]
	# A later told note moves told_at; replied_at stays at the first.
	cmp-assign -d "$STORE" --note 明日上门 --told phone --now 2026-11-23T15:00 "$C" >/dev/null
	[ "$(get "$C" '.replied_at, .told_at, .told_channel, .progress_at')" = "2026-11-23T11:40:00+08:00|2026-11-23T15:00:00+08:00|phone|2026-11-23T15:00:00+08:00" ]
}

# --- handover ----------------------------------------------------------------------

@test "handover = 30m: overdue while no one took it; --to alone moves the stage on; --dept --to at once" {
	mkdir "$STORE"
	printf '[sla]\nhandover = 30m\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by alice --summary a >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by alice --summary b >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:10 "$A" >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --jsonl --now 2026-11-23T09:55
	[ "$status" -eq 0 ]
	[ "$(due "$output")" = "$B dispatch 2026-11-23T09:30:00+08:00 25 1 alice
$A handover 2026-11-23T09:40:00+08:00 15 1 网络部" ]
	cmp-assign -d "$STORE" --to 张工 --now 2026-11-23T09:58 "$A" >/dev/null
	[ "$(due_at 2026-11-23T10:00 | grep "^$A")" = "$A resolve 2026-11-24T09:00:00+08:00 -1380 0 张工" ]
	# Dispatched and handed over in one command: the times are equal, no handover stage.
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --to 李工 --now 2026-11-23T10:00 "$B"
	[ "$status" -eq 0 ]
	[ "$(get "$B" '.assigned_at, .handed_at, .dispatched_at')" = "2026-11-23T10:00:00+08:00|2026-11-23T10:00:00+08:00|2026-11-23T10:00:00+08:00" ]
	[ "$(due_at 2026-11-23T10:40 | grep "^$B")" = "$B resolve 2026-11-24T09:00:00+08:00 -1340 0 李工" ]
}

@test "a redispatch keeps the first dispatched_at; the handover counts from the new assigned_at" {
	mkdir "$STORE"
	printf '[sla]\nhandover = 30m\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --summary a >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T09:10 "$A" >/dev/null
	cmp-assign -d "$STORE" --dept 市场部 --reason 属计费问题 --now 2026-11-23T09:50 "$A" >/dev/null
	[ "$(get "$A" '.dispatched_at, .assigned_at, .assignee, .handed_at, .dispatches')" = "2026-11-23T09:10:00+08:00|2026-11-23T09:50:00+08:00|||2" ]
	[ "$(due_at 2026-11-23T10:30)" = "$A handover 2026-11-23T10:20:00+08:00 10 1 市场部" ]
	# A second redispatch still keeps the first.
	cmp-assign -d "$STORE" --dept 客服部 --to 周工 --reason 服务问题 --now 2026-11-23T11:00 "$A" >/dev/null
	[ "$(get "$A" '.dispatched_at, .assigned_at, .handed_at, .dispatches')" = "2026-11-23T09:10:00+08:00|2026-11-23T11:00:00+08:00|2026-11-23T11:00:00+08:00|3" ]
}

# --- reopening -------------------------------------------------------------------------

@test "a dissatisfied visit reopens: replied_at cleared, reply due 48h later, a note, then resolve" {
	make_store
	cmp-assign -d "$STORE" --to 张工 --note 已联系 --now 2026-11-23T10:00 "$B" >/dev/null
	cmp-close -d "$STORE" --resolution 已退费 --feedback phone --now 2026-11-24T10:00 "$B" >/dev/null
	run --separate-stderr cmp-close -d "$STORE" --satisfaction dissatisfied --now 2026-11-25T10:00 "$B"
	[ "$status" -eq 0 ]
	[ "$(get "$B" '.status, .reopens, .replied_at, .reply_due, .resolve_due, .progress')" = "assigned|1||2026-11-27T10:00:00+08:00|2026-11-27T10:00:00+08:00|已联系" ]
	# The journal keeps the cleared reply.
	[ "$(last_changes | jq -c '.[3].replied_at')" = '["2026-11-23T10:00:00+08:00",""]' ]
	[ "$(due_at 2026-11-25T11:00)" = "$C reply 2026-11-23T11:20:00+08:00 2860 2 网络部
$A resolve 2026-11-24T09:00:00+08:00 1560 2 网络部
$B reply 2026-11-27T10:00:00+08:00 -2820 0 张工" ]
	[ "$(due_at 2026-11-27T10:30 | grep "^$B")" = "$B reply 2026-11-27T10:00:00+08:00 30 1 张工" ]
	# The first note after the reopening meets the reply again.
	cmp-assign -d "$STORE" --note 再次上门 --now 2026-11-27T10:40 "$B" >/dev/null
	[ "$(get "$B" '.replied_at')" = "2026-11-27T10:40:00+08:00" ]
	[ "$(due_at 2026-11-27T10:45 | grep "^$B")" = "$B resolve 2026-11-27T10:00:00+08:00 45 1 张工" ]
}

@test "--reopen --reason reopens as a visit would; without --reason 64; an assigned ticket 65" {
	make_store
	cmp-assign -d "$STORE" --note 已联系 --now 2026-11-23T10:00 "$A" >/dev/null
	cmp-close -d "$STORE" --resolution r --now 2026-11-23T15:00 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --reopen --now 2026-11-23T16:00 "$A"
	assert_refused 64 "cmp-close: --reopen needs --reason"
	run --separate-stderr cmp-close -d "$STORE" --reopen --reason 结果不合格 --now 2026-11-23T16:00 "$A" "$B"
	assert_refused 65 "cmp-close: $B: status assigned: only a resolved ticket can be reopened"
	run --separate-stderr cmp-close -d "$STORE" --reopen --reason 结果不合格 --now 2026-11-23T16:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" '.status, .reopens, .replied_at, .reply_due, .resolve_due, .resolved_at, .reason')" = "assigned|1||2026-11-25T16:00:00+08:00|2026-11-25T16:00:00+08:00||结果不合格" ]
	[ "$(due_at 2026-11-23T16:00 | grep "^$A")" = "$A reply 2026-11-25T16:00:00+08:00 -2880 0 网络部" ]
	cmp-assign -d "$STORE" --note 重新处理 --now 2026-11-23T17:00 "$A" >/dev/null
	[ "$(due_at 2026-11-23T17:00 | grep "^$A")" = "$A resolve 2026-11-25T16:00:00+08:00 -2820 0 网络部" ]
	# A correction keeps a reopened ticket's deadlines.
	cmp-assign -d "$STORE" -s severity=complex --now 2026-11-23T17:10 "$A" >/dev/null
	[ "$(get "$A" '.severity, .reply_due, .resolve_due')" = "complex|2026-11-25T16:00:00+08:00|2026-11-25T16:00:00+08:00" ]
}

# --- corrections (-s) ----------------------------------------------------------------

@test "-s severity=complex recounts reply_due (72h) and resolve_due (15wd); met deadlines stay" {
	make_store
	cmp-new -d "$STORE" --now 2026-11-23T10:00 --received 2026-11-23T09:50 --summary new >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" -s severity=complex --now 2026-11-23T10:10 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" '.severity, .dispatch_due, .reply_due, .resolve_due')" = "complex|2026-11-23T09:30:00+08:00|2026-11-26T09:00:00+08:00|2026-12-14T09:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-assign","2026-11-23T10:10:00+08:00","C20261123-000001",{"severity":["general","complex"],"reply_due":["","2026-11-26T09:00:00+08:00"],"resolve_due":["2026-11-24T09:00:00+08:00","2026-12-14T09:00:00+08:00"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:10:00+08:00"]}]' ]
	# Replied already: reply_due stays; urgent makes resolve 24h from receipt.
	cmp-assign -d "$STORE" --note 已联系 --now 2026-11-23T10:20 "$B" >/dev/null
	cmp-assign -d "$STORE" -s severity=urgent --now 2026-11-23T10:30 "$B" >/dev/null
	[ "$(get "$B" '.severity, .reply_due, .replied_at, .resolve_due')" = "urgent|2026-11-26T09:10:00+08:00|2026-11-23T10:20:00+08:00|2026-11-24T09:10:00+08:00" ]
	# Back to general: no reply stage for an unreplied ticket.
	cmp-assign -d "$STORE" -s severity=general --now 2026-11-23T10:40 "$C" >/dev/null
	[ "$(get "$C" '.reply_due, .resolve_due')" = "|2026-11-24T09:20:00+08:00" ]
	# A corrected receipt moves an undispatched ticket's dispatch_due.
	cmp-assign -d "$STORE" -s received_at='2026-11-23 09:20' --now 2026-11-23T10:50 C20261123-000004 >/dev/null
	[ "$(get C20261123-000004 '.received_at, .dispatch_due, .resolve_due')" = "2026-11-23T09:20:00+08:00|2026-11-23T09:50:00+08:00|2026-11-24T09:20:00+08:00" ]
	# Extra fields are set and kept.
	cmp-assign -d "$STORE" -s 工单来源=微博 --now 2026-11-23T11:00 "$A" >/dev/null
	[ "$(get "$A" '.["工单来源"]')" = 微博 ]
}

@test "-s that alters no deadline's rule moves no deadline, even under a policy changed since" {
	make_store
	printf '[sla]\nresolve = 48h\n' >"$STORE/cmp.conf"
	run --separate-stderr cmp-assign -d "$STORE" -s summary=信号很差 -s region=朝阳区 --now 2026-11-23T10:00 "$A"
	[ "$status" -eq 0 ]
	[ "$(last_changes)" = '["cmp-assign","2026-11-23T10:00:00+08:00","C20261123-000001",{"region":["","朝阳区"],"summary":["信号差","信号很差"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:00:00+08:00"]}]' ]
	# A reclassification is counted by the policy of now: urgent resolves in 24h.
	cmp-assign -d "$STORE" -s severity=urgent --now 2026-11-23T10:10 "$A" >/dev/null
	[ "$(get "$A" '.reply_due, .resolve_due')" = "2026-11-23T11:00:00+08:00|2026-11-24T09:00:00+08:00" ]
	cmp-assign -d "$STORE" -s severity=general --now 2026-11-23T10:20 "$A" >/dev/null
	[ "$(get "$A" '.reply_due, .resolve_due')" = "|2026-11-25T09:00:00+08:00" ]
}

@test "-s refuses canonical fields (64), values outside their list (64), a receipt in the future (64)" {
	make_store
	printf '[values]\nproduct = 宽带,手机卡\n' >"$STORE/cmp.conf"
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" -s status=x "$A"
	assert_refused 64 'cmp-assign: -s: "status": only intake and extra fields are corrected with -s'
	run --separate-stderr cmp-assign -d "$STORE" -s replied_at=2026-11-23T10:00 "$A"
	assert_refused 64 'cmp-assign: -s: "replied_at": only intake and extra fields are corrected with -s'
	run --separate-stderr cmp-assign -d "$STORE" -s cause=服务态度 "$A"
	assert_refused 64 'cmp-assign: -s: "cause": only intake and extra fields are corrected with -s'
	run --separate-stderr cmp-assign -d "$STORE" -s product=座机 "$A"
	assert_refused 64 'cmp-assign: product: "座机" is not one of 宽带, 手机卡'
	run --separate-stderr cmp-assign -d "$STORE" -s severity=紧急 "$A"
	assert_refused 64 'cmp-assign: severity: "紧急" is not one of general, complex, urgent'
	run --separate-stderr cmp-assign -d "$STORE" -s received_at=2026-11-24T09:00 "$A"
	assert_refused 64 'cmp-assign: received_at: "2026-11-24T09:00": expected a time no later than now'
	run --separate-stderr cmp-assign -d "$STORE" -s severity "$A"
	assert_refused 64 'cmp-assign: -s: "severity": expected FIELD=VALUE'
	run --separate-stderr cmp-assign -d "$STORE" -s product=宽带 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" .product)" = 宽带 ]
}

@test "[values] cause of metro.conf: a cause outside the list is refused, naming it" {
	make_store
	cp "$POLICIES/metro.conf" "$STORE/cmp.conf"
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --cause 天气原因 "$A"
	assert_refused 64 'cmp-close: --cause: "天气原因" is not one of 服务态度, 设施设备故障, 安全管理, 环境卫生, 管理不善, 其他'
	run --separate-stderr cmp-close -d "$STORE" --resolution 已处理 --cause 设施设备故障 --now 2026-11-23T12:00 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" '.status, .cause')" = "resolved|设施设备故障" ]
}

# --- per-field durations and routing ---------------------------------------------

@test "[sla.channel.counter]: dispatch = 0 due at receipt; register = 0 makes a late registration" {
	mkdir "$STORE"
	printf '[sla.channel.counter]\nregister = 0\ndispatch = 0\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-11-23T09:01 --received 2026-11-23T09:00 --channel counter --summary 现场 >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:01 --received 2026-11-23T09:00 --channel hotline --summary 来电 >/dev/null
	[ "$(get "$A" '.channel, .dispatch_due')" = "counter|2026-11-23T09:00:00+08:00" ]
	[ "$(get "$B" '.channel, .dispatch_due')" = "hotline|2026-11-23T09:30:00+08:00" ]
	[ "$(due_at 2026-11-23T09:10)" = "$A dispatch 2026-11-23T09:00:00+08:00 10 1 $(id -un)
$B dispatch 2026-11-23T09:30:00+08:00 -20 0 $(id -un)" ]
	# Registered a minute after receipt: late for the counter (0), not the hotline (10m).
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11 --format md --now 2026-11-23T10:00
	[ "$status" -eq 0 ]
	grep -Fqx -- "- Late registration: $A" <<<"$output"
}

@test "[routing.severity] urgent = 市场部 routes by --auto before the category; -s reclassifies first" {
	mkdir "$STORE"
	printf '[routing]\nnetwork = 网络部\n[routing.severity]\nurgent = 市场部\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --category network --severity urgent --summary a >/dev/null
	cmp-new -d "$STORE" --category network --summary b >/dev/null
	cmp-new -d "$STORE" --category network --summary c >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --auto "$A" "$B"
	[ "$status" -eq 0 ]
	[ "$(get "$A" '.department')" = 市场部 ]
	[ "$(get "$B" '.department')" = 网络部 ]
	run --separate-stderr cmp-assign -d "$STORE" -s severity=urgent --auto "$C"
	[ "$status" -eq 0 ]
	[ "$(get "$C" '.severity, .department, .reply_due')" = "urgent|市场部|2026-11-23T12:00:00+08:00" ]
}

# --- owners and order --------------------------------------------------------------

@test "cmp-due: the owner of each stage, and the order (most overdue first)" {
	mkdir "$STORE"
	printf '[sla]\nhandover = 30m\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by alice --summary dispatch >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by bob --summary handover >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by carol --severity complex --summary 'reply, person' >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --received 2026-11-23T08:00 --by dave --severity urgent --summary 'reply, department' >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by erin --summary resolve >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by frank --summary feedback >/dev/null
	cmp-new -d "$STORE" --now 2026-11-23T09:00 --by gina --summary visit >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:20 C20261123-000002 >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T09:10 C20261123-000003 >/dev/null
	cmp-assign -d "$STORE" --dept 市场部 --now 2026-11-23T09:45 C20261123-000004 >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 --to 李工 --now 2026-11-23T09:05 C20261123-000005 >/dev/null
	cmp-close -d "$STORE" --resolution r --now 2026-11-23T09:30 C20261123-000006 >/dev/null
	cmp-close -d "$STORE" --resolution r --feedback sms --now 2026-11-23T09:40 C20261123-000007 >/dev/null
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now 2026-11-23T12:00
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.id, .summary, .due_stage, .overdue_min, .owner] | join(" | ")' <<<"$output")" = "C20261123-000001 | dispatch | dispatch | 150 | alice
C20261123-000002 | handover | handover | 130 | 网络部
C20261123-000004 | reply, department | reply | 120 | 市场部
C20261123-000005 | resolve | resolve | -1260 | 李工
C20261123-000006 | feedback | feedback | -1290 | frank
C20261123-000007 | visit | visit | -2740 | gina
C20261123-000003 | reply, person | reply | -4140 | 张工" ]
	# By default only the overdue ones, in the same order.
	run --separate-stderr cmp-due -d "$STORE" --csv --now 2026-11-23T12:00
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(cut -d, -f1 <<<"$output" | tail -n 3)" = "C20261123-000001
C20261123-000002
C20261123-000004" ]
}

# --- the example policies (SPEC §5) --------------------------------------------------

# Register tickets received at 16:00 on Wednesday 30 September 2026, the
# eve of National Day (1-7 October off, 8 October a working day again,
# Saturday 10 October a make-up working day), under policy $1.
eve_of_national_day() {
	mkdir -p "$STORE"
	cp "$POLICIES/$1.conf" "$STORE/cmp.conf"
	printf 'severity,channel,summary\ngeneral,hotline,g\ncomplex,hotline,c\nurgent,hotline,u\ngeneral,counter,walk-in\n' >eve.csv
	cmp-new -d "$STORE" --now 2026-09-30T16:00 --by alice eve.csv >/dev/null
	cmp-ls -d "$STORE" --jsonl >eve.jsonl
	jq -r '[.summary, .dispatch_due, .reply_due, .resolve_due] | join(" ")' eve.jsonl
}

@test "every example policy loads in the tools; each key says the rule it follows" {
	for p in mobile metro consumer; do
		f=$POLICIES/$p.conf
		run --separate-stderr cmp-new --config "$f" --summary x
		[ "$status" -eq 0 ] || { echo "$p: $stderr"; false; }
		[ "$stderr" = "" ]
		printf '%s\n' "$output" >one.csv
		for tool in cmp-ls cmp-due; do
			run --separate-stderr "$tool" --config "$f" --all one.csv
			[ "$status" -eq 0 ] || { echo "$p $tool: $stderr"; false; }
			[ "$stderr" = "" ]
		done
		run --separate-stderr cmp-assign --config "$f" --dept 网络部 --note x one.csv
		[ "$status" -eq 0 ]
		run --separate-stderr cmp-close --config "$f" --resolution r --cause 其他 --measures m one.csv
		[ "$status" -eq 0 ]
		# Every "key = value" line carries a comment; no line is too long for the parser.
		run awk '/^[a-z_0-9]+ *=/ && !/ ; / { print FILENAME ":" FNR ": " $0 }' "$f"
		[ "$output" = "" ]
		run awk 'length($0) > 198 { print FILENAME ":" FNR }' "$f"
		[ "$output" = "" ]
		grep -q 'ours' "$f"
	done
}

@test "mobile.conf: 30m dispatch and handover, 24h, complex 72h/15wd, told replies, cause and measures" {
	run eve_of_national_day mobile
	[ "$status" -eq 0 ]
	[ "$output" = "g 2026-09-30T16:30:00+08:00  2026-10-01T16:00:00+08:00
c 2026-09-30T16:30:00+08:00 2026-10-03T16:00:00+08:00 2026-10-27T16:00:00+08:00
u 2026-09-30T16:30:00+08:00 2026-09-30T18:00:00+08:00 2026-10-01T16:00:00+08:00
walk-in 2026-09-30T16:30:00+08:00  2026-10-01T16:00:00+08:00" ]
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-09-30T16:20 C20260930-000002 >/dev/null
	[ "$(due_at 2026-09-30T17:00 | grep '^C20260930-000002')" = "C20260930-000002 handover 2026-09-30T16:50:00+08:00 10 1 网络部" ]
	# reply_by = told: a note alone does not meet the reply.
	cmp-assign -d "$STORE" --to 张工 --note 内部核查 --now 2026-09-30T17:00 C20260930-000002 >/dev/null
	[ "$(get C20260930-000002 .replied_at)" = "" ]
	cmp-assign -d "$STORE" --note 已告知客户 --told phone --now 2026-09-30T17:10 C20260930-000002 >/dev/null
	[ "$(get C20260930-000002 .replied_at)" = 2026-09-30T17:10:00+08:00 ]
	# [close] require = cause,measures.
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-close -d "$STORE" --resolution 已修复 --now 2026-09-30T18:00 C20260930-000002
	assert_refused 65 "cmp-close: C20260930-000002: the resolution needs cause, measures ([close] require)"
	cmp-close -d "$STORE" --resolution 已修复 --cause 设备故障 --measures 巡检 --now 2026-09-30T18:00 C20260930-000002 >/dev/null
	[ "$(get C20260930-000002 '.feedback_due')" = 2026-10-01T18:00:00+08:00 ]
	# Dissatisfied: contacted again within 48h.
	cmp-close -d "$STORE" --feedback phone --satisfaction dissatisfied --now 2026-10-01T10:00 C20260930-000002 >/dev/null
	[ "$(get C20260930-000002 '.reply_due, .resolve_due')" = "2026-10-03T10:00:00+08:00|2026-10-03T10:00:00+08:00" ]
}

@test "metro.conf: 1wd dispatch, 4wd reply, 15wd resolve, 1wd feedback and visit; walk-ins at once" {
	run eve_of_national_day metro
	[ "$status" -eq 0 ]
	# Urgent keeps the built-in 2h/24h: the metro rules set no urgent limits.
	[ "$output" = "g 2026-10-08T16:00:00+08:00 2026-10-12T16:00:00+08:00 2026-10-27T16:00:00+08:00
c 2026-10-08T16:00:00+08:00 2026-10-12T16:00:00+08:00 2026-10-27T16:00:00+08:00
u 2026-10-08T16:00:00+08:00 2026-09-30T18:00:00+08:00 2026-10-01T16:00:00+08:00
walk-in 2026-10-08T16:00:00+08:00 2026-10-12T16:00:00+08:00 2026-10-27T16:00:00+08:00" ]
	cmp-close -d "$STORE" --resolution 已处理 --cause 服务态度 --now 2026-09-30T17:00 C20260930-000001 >/dev/null
	[ "$(get C20260930-000001 .feedback_due)" = 2026-10-08T17:00:00+08:00 ]
	cmp-close -d "$STORE" --feedback sms --now 2026-10-09T09:00 C20260930-000001 >/dev/null
	[ "$(due_at 2026-10-09T09:00 | grep '^C20260930-000001')" = "C20260930-000001 visit 2026-10-10T09:00:00+08:00 -1440 0 alice" ]
	# Registered 5 minutes after receipt: late for a walk-in (0), not by phone (10m).
	cmp-new -d "$STORE" --now 2026-09-30T16:05 --received 2026-09-30T16:00 --channel counter --summary 站厅 >/dev/null
	cmp-new -d "$STORE" --now 2026-09-30T16:05 --received 2026-09-30T16:00 --channel hotline --summary 来电 >/dev/null
	run --separate-stderr cmp-report -d "$STORE" --period 2026-09 --format md --now 2026-10-09T09:00
	[ "$status" -eq 0 ]
	[ "$(grep -- '- Late registration' <<<"$output")" = "- Late registration: C20260930-000005" ]
}

@test "consumer.conf: our figures for the blanks: 3wd, complex 3wd/15wd, urgent 10m/2h/1wd, visit 3wd" {
	run eve_of_national_day consumer
	[ "$status" -eq 0 ]
	[ "$output" = "g 2026-09-30T16:30:00+08:00  2026-10-10T16:00:00+08:00
c 2026-09-30T16:30:00+08:00 2026-10-10T16:00:00+08:00 2026-10-27T16:00:00+08:00
u 2026-09-30T16:10:00+08:00 2026-09-30T18:00:00+08:00 2026-10-08T16:00:00+08:00
walk-in 2026-09-30T16:30:00+08:00  2026-10-10T16:00:00+08:00" ]
	# reply_by = told; the visit is due 3 wd after the feedback.
	cmp-assign -d "$STORE" --dept 客服部 --note 核实中 --now 2026-09-30T16:05 C20260930-000003 >/dev/null
	[ "$(get C20260930-000003 .replied_at)" = "" ]
	cmp-close -d "$STORE" --resolution 已退货 --feedback phone --now 2026-09-30T17:00 C20260930-000001 >/dev/null
	[ "$(due_at 2026-09-30T17:00 | grep '^C20260930-000001')" = "C20260930-000001 visit 2026-10-10T17:00:00+08:00 -14400 0 alice" ]
}
