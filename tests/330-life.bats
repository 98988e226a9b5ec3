#!/usr/bin/env bats
# tests/330-life.bats - one complaint's whole life through the tools, as
# the source rules describe it: registered, dispatched, returned with a
# reason (退单), dispatched again with a reason (二次派单), resolved, fed
# back, found unsatisfactory at the visit and reopened (二次处理), resolved
# again, fed back, satisfied and archived (归档).  After each step cmp-due
# names the stage and who owes it; at the end the journal, through
# cmp-ls --history, holds every step, field by field.

load helper

ID=C20261123-000001

# "stage due_at overdue_min level owner" of the ticket at time $1.
stage_at() {
	run --separate-stderr cmp-due -d "$STORE" --all --jsonl --now "$1"
	[ "$status" -eq 0 ] || return
	jq -r '[.due_stage, .due_at, .overdue_min, .level, .owner] | join(" ")' <<<"$output"
}

# Run one step of the life: the tool must print the id and say nothing else.
step() {
	run --separate-stderr "$@"
	[ "$status" -eq 0 ] || { echo "$*: exit $status: $stderr"; return 1; }
	[ "$output" = "$ID" ]
	[ "$stderr" = "" ]
}

@test "a complaint's life, new to archived, each step in cmp-due and in the journal" {
	# Monday 2026-11-23: a call at 08:50, registered by alice at 09:00.
	step cmp-new -d "$STORE" --now 2026-11-23T09:00 --received 2026-11-23T08:50 --channel hotline \
	    --phone 13812345678 --category network --summary 套餐被多扣费 --by alice --actor alice
	[ "$(stage_at 2026-11-23T09:05)" = "dispatch 2026-11-23T09:20:00+08:00 -15 0 alice" ]

	# Routed by category to 网络部, which owes the resolution by 08:50 tomorrow.
	step cmp-assign -d "$STORE" --auto --now 2026-11-23T09:10 --actor bob "$ID"
	[ "$(stage_at 2026-11-23T09:10)" = "resolve 2026-11-24T08:50:00+08:00 -1420 0 网络部" ]

	# 网络部 returns it with a reason: new again, and the dispatch clock was
	# not restarted, so it is 40 minutes late on alice's desk.
	step cmp-assign -d "$STORE" --return --reason 非本部门职责 --now 2026-11-23T10:00 --actor net "$ID"
	[ "$(stage_at 2026-11-23T10:00)" = "dispatch 2026-11-23T09:20:00+08:00 40 1 alice" ]

	# The second dispatch must say why; it goes straight to 李工 of 市场部.
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --to 李工 --now 2026-11-23T10:20 --actor bob "$ID"
	[ "$status" -eq 64 ]
	step cmp-assign -d "$STORE" --dept 市场部 --to 李工 --reason 套餐计费问题 --now 2026-11-23T10:20 --actor bob "$ID"
	[ "$(stage_at 2026-11-23T10:20)" = "resolve 2026-11-24T08:50:00+08:00 -1350 0 李工" ]

	# Resolved with cause and measures; alice owes the feedback within 24h.
	step cmp-close -d "$STORE" --resolution 已退还多扣费用 --cause 计费错误 --measures 核对计费规则 \
	    --responsible 市场部 --now 2026-11-23T15:00 --actor li "$ID"
	[ "$(stage_at 2026-11-23T15:00)" = "feedback 2026-11-24T15:00:00+08:00 -1440 0 alice" ]

	# Fed back by phone; the visit is due 2 working days later.
	step cmp-close -d "$STORE" --feedback phone --now 2026-11-23T16:00 --actor alice "$ID"
	[ "$(stage_at 2026-11-23T16:00)" = "visit 2026-11-25T16:00:00+08:00 -2880 0 alice" ]

	# Dissatisfied at the visit: reopened, contact again within 48h.
	step cmp-close -d "$STORE" --satisfaction dissatisfied --comment 还差一个月 --now 2026-11-24T10:00 --actor alice "$ID"
	[ "$(stage_at 2026-11-24T10:00)" = "reply 2026-11-26T10:00:00+08:00 -2880 0 李工" ]

	# Solved again, fed back by SMS, satisfied: archived.
	step cmp-close -d "$STORE" --resolution 补退上月费用 --cause 计费错误 --measures 人工复核 --now 2026-11-25T10:00 --actor li "$ID"
	[ "$(stage_at 2026-11-25T10:00)" = "feedback 2026-11-26T10:00:00+08:00 -1440 0 alice" ]
	step cmp-close -d "$STORE" --feedback sms --now 2026-11-25T11:00 --actor alice "$ID"
	[ "$(stage_at 2026-11-25T11:00)" = "visit 2026-11-27T11:00:00+08:00 -2880 0 alice" ]
	step cmp-close -d "$STORE" --satisfaction satisfied --comment 满意 --now 2026-11-26T10:00 --actor alice "$ID"

	# Nothing is open any more; the ticket is in the November archive.
	run --separate-stderr cmp-due -d "$STORE" --all --now 2026-11-26T10:00
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$(cat "$STORE/open.csv")" = "" ]
	[ "$(cut -d, -f1 "$STORE/archive/2026-11.csv")" = "id
$ID" ]
	run --separate-stderr cmp-ls -d "$STORE" --all --jsonl "$ID"
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.status, .first_responder, .department, .assignee, .dispatches, .returns, .reason, .reopens, .resolution, .measures, .feedback_channel, .satisfaction, .opinion, .closed_at] | join("|")' <<<"$output")" = "closed|alice|市场部|李工|2|1|套餐计费问题|1|补退上月费用|人工复核|sms|satisfied|满意|2026-11-26T10:00:00+08:00" ]

	# The whole life in the journal, in order, field by field.
	run --separate-stderr cmp-ls -d "$STORE" --history --jsonl "$ID"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(jq -r 'select(.id != "'"$ID"'" or .time == "") | .id' <<<"$output")" = "" ]
	[ "$(jq -r '[.now, .actor, .tool, .field, .old, .new] | join("|")' <<<"$output")" = "\
2026-11-23T09:00:00+08:00|alice|cmp-new|id||C20261123-000001
2026-11-23T09:00:00+08:00|alice|cmp-new|received_at||2026-11-23T08:50:00+08:00
2026-11-23T09:00:00+08:00|alice|cmp-new|created_at||2026-11-23T09:00:00+08:00
2026-11-23T09:00:00+08:00|alice|cmp-new|channel||hotline
2026-11-23T09:00:00+08:00|alice|cmp-new|phone||13812345678
2026-11-23T09:00:00+08:00|alice|cmp-new|vip||no
2026-11-23T09:00:00+08:00|alice|cmp-new|category||network
2026-11-23T09:00:00+08:00|alice|cmp-new|severity||general
2026-11-23T09:00:00+08:00|alice|cmp-new|summary||套餐被多扣费
2026-11-23T09:00:00+08:00|alice|cmp-new|status||new
2026-11-23T09:00:00+08:00|alice|cmp-new|first_responder||alice
2026-11-23T09:00:00+08:00|alice|cmp-new|dispatches||0
2026-11-23T09:00:00+08:00|alice|cmp-new|returns||0
2026-11-23T09:00:00+08:00|alice|cmp-new|dispatch_due||2026-11-23T09:20:00+08:00
2026-11-23T09:00:00+08:00|alice|cmp-new|resolve_due||2026-11-24T08:50:00+08:00
2026-11-23T09:00:00+08:00|alice|cmp-new|escalation||0
2026-11-23T09:00:00+08:00|alice|cmp-new|reopens||0
2026-11-23T09:00:00+08:00|alice|cmp-new|updated_at||2026-11-23T09:00:00+08:00
2026-11-23T09:10:00+08:00|bob|cmp-assign|status|new|assigned
2026-11-23T09:10:00+08:00|bob|cmp-assign|department||网络部
2026-11-23T09:10:00+08:00|bob|cmp-assign|dispatched_at||2026-11-23T09:10:00+08:00
2026-11-23T09:10:00+08:00|bob|cmp-assign|assigned_at||2026-11-23T09:10:00+08:00
2026-11-23T09:10:00+08:00|bob|cmp-assign|dispatches|0|1
2026-11-23T09:10:00+08:00|bob|cmp-assign|updated_at|2026-11-23T09:00:00+08:00|2026-11-23T09:10:00+08:00
2026-11-23T10:00:00+08:00|net|cmp-assign|status|assigned|new
2026-11-23T10:00:00+08:00|net|cmp-assign|department|网络部|
2026-11-23T10:00:00+08:00|net|cmp-assign|returns|0|1
2026-11-23T10:00:00+08:00|net|cmp-assign|reason||非本部门职责
2026-11-23T10:00:00+08:00|net|cmp-assign|updated_at|2026-11-23T09:10:00+08:00|2026-11-23T10:00:00+08:00
2026-11-23T10:20:00+08:00|bob|cmp-assign|status|new|assigned
2026-11-23T10:20:00+08:00|bob|cmp-assign|department||市场部
2026-11-23T10:20:00+08:00|bob|cmp-assign|assignee||李工
2026-11-23T10:20:00+08:00|bob|cmp-assign|assigned_at|2026-11-23T09:10:00+08:00|2026-11-23T10:20:00+08:00
2026-11-23T10:20:00+08:00|bob|cmp-assign|handed_at||2026-11-23T10:20:00+08:00
2026-11-23T10:20:00+08:00|bob|cmp-assign|dispatches|1|2
2026-11-23T10:20:00+08:00|bob|cmp-assign|reason|非本部门职责|套餐计费问题
2026-11-23T10:20:00+08:00|bob|cmp-assign|updated_at|2026-11-23T10:00:00+08:00|2026-11-23T10:20:00+08:00
2026-11-23T15:00:00+08:00|li|cmp-close|status|assigned|resolved
2026-11-23T15:00:00+08:00|li|cmp-close|resolved_at||2026-11-23T15:00:00+08:00
2026-11-23T15:00:00+08:00|li|cmp-close|resolution||已退还多扣费用
2026-11-23T15:00:00+08:00|li|cmp-close|cause||计费错误
2026-11-23T15:00:00+08:00|li|cmp-close|measures||核对计费规则
2026-11-23T15:00:00+08:00|li|cmp-close|responsible||市场部
2026-11-23T15:00:00+08:00|li|cmp-close|feedback_due||2026-11-24T15:00:00+08:00
2026-11-23T15:00:00+08:00|li|cmp-close|updated_at|2026-11-23T10:20:00+08:00|2026-11-23T15:00:00+08:00
2026-11-23T16:00:00+08:00|alice|cmp-close|feedback_at||2026-11-23T16:00:00+08:00
2026-11-23T16:00:00+08:00|alice|cmp-close|feedback_channel||phone
2026-11-23T16:00:00+08:00|alice|cmp-close|updated_at|2026-11-23T15:00:00+08:00|2026-11-23T16:00:00+08:00
2026-11-24T10:00:00+08:00|alice|cmp-close|status|resolved|assigned
2026-11-24T10:00:00+08:00|alice|cmp-close|reply_due||2026-11-26T10:00:00+08:00
2026-11-24T10:00:00+08:00|alice|cmp-close|resolve_due|2026-11-24T08:50:00+08:00|2026-11-26T10:00:00+08:00
2026-11-24T10:00:00+08:00|alice|cmp-close|resolved_at|2026-11-23T15:00:00+08:00|
2026-11-24T10:00:00+08:00|alice|cmp-close|feedback_due|2026-11-24T15:00:00+08:00|
2026-11-24T10:00:00+08:00|alice|cmp-close|feedback_at|2026-11-23T16:00:00+08:00|
2026-11-24T10:00:00+08:00|alice|cmp-close|satisfaction||dissatisfied
2026-11-24T10:00:00+08:00|alice|cmp-close|opinion||还差一个月
2026-11-24T10:00:00+08:00|alice|cmp-close|reopens|0|1
2026-11-24T10:00:00+08:00|alice|cmp-close|updated_at|2026-11-23T16:00:00+08:00|2026-11-24T10:00:00+08:00
2026-11-25T10:00:00+08:00|li|cmp-close|status|assigned|resolved
2026-11-25T10:00:00+08:00|li|cmp-close|resolved_at||2026-11-25T10:00:00+08:00
2026-11-25T10:00:00+08:00|li|cmp-close|resolution|已退还多扣费用|补退上月费用
2026-11-25T10:00:00+08:00|li|cmp-close|measures|核对计费规则|人工复核
2026-11-25T10:00:00+08:00|li|cmp-close|feedback_due||2026-11-26T10:00:00+08:00
2026-11-25T10:00:00+08:00|li|cmp-close|updated_at|2026-11-24T10:00:00+08:00|2026-11-25T10:00:00+08:00
2026-11-25T11:00:00+08:00|alice|cmp-close|feedback_at||2026-11-25T11:00:00+08:00
2026-11-25T11:00:00+08:00|alice|cmp-close|feedback_channel|phone|sms
2026-11-25T11:00:00+08:00|alice|cmp-close|updated_at|2026-11-25T10:00:00+08:00|2026-11-25T11:00:00+08:00
2026-11-26T10:00:00+08:00|alice|cmp-close|status|resolved|closed
2026-11-26T10:00:00+08:00|alice|cmp-close|satisfaction|dissatisfied|satisfied
2026-11-26T10:00:00+08:00|alice|cmp-close|opinion|还差一个月|满意
2026-11-26T10:00:00+08:00|alice|cmp-close|closed_at||2026-11-26T10:00:00+08:00
2026-11-26T10:00:00+08:00|alice|cmp-close|updated_at|2026-11-25T11:00:00+08:00|2026-11-26T10:00:00+08:00" ]
	# One journal line per step: 1 registration, 3 dispatch steps, 6 closing steps.
	[ "$(jq -r .tool "$STORE/journal.jsonl" | uniq -c | awk '{print $1, $2}')" = "1 cmp-new
3 cmp-assign
6 cmp-close" ]
}

@test "the same life in a JSON Lines store: the archive is archive/YYYY-MM.jsonl" {
	mkdir "$STORE"
	printf '[store]\nencoding = jsonl\n' >"$STORE/cmp.conf"
	ID=C20261130-000001
	step cmp-new -d "$STORE" --now 2026-11-30T09:00 --category billing --summary 多扣费
	step cmp-assign -d "$STORE" --auto --now 2026-11-30T09:10 "$ID"
	step cmp-assign -d "$STORE" --return --reason 不是计费问题 --now 2026-11-30T09:20 "$ID"
	step cmp-assign -d "$STORE" --dept 客服部 --reason 服务态度 --now 2026-11-30T09:30 "$ID"
	step cmp-close -d "$STORE" --resolution 已道歉 --feedback phone --now 2026-11-30T10:00 "$ID"
	step cmp-close -d "$STORE" --satisfaction dissatisfied --now 2026-11-30T11:00 "$ID"
	step cmp-close -d "$STORE" --resolution 补偿话费 --feedback sms --now 2026-12-01T10:00 "$ID"
	step cmp-close -d "$STORE" --satisfaction basic --now 2026-12-02T10:00 "$ID"
	[ "$(cat "$STORE/open.jsonl")" = "" ]
	[ "$(jq -r '[.id, .status, .department, .dispatches, .returns, .reopens, .satisfaction, .closed_at] | join("|")' "$STORE/archive/2026-12.jsonl")" = "$ID|closed|客服部|2|1|1|basic|2026-12-02T10:00:00+08:00" ]
	[ ! -e "$STORE/archive/2026-11.jsonl" ]
	run --separate-stderr cmp-ls -d "$STORE" --history --jsonl "$ID"
	[ "$(jq -r 'select(.field == "status") | "\(.tool) \(.old)->\(.new)"' <<<"$output")" = "cmp-new ->new
cmp-assign new->assigned
cmp-assign assigned->new
cmp-assign new->assigned
cmp-close assigned->resolved
cmp-close resolved->assigned
cmp-close assigned->resolved
cmp-close resolved->closed" ]
}
