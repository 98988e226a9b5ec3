#!/usr/bin/env bats
# cmp-report: exact figures of a hand-made data set, 环比 and 同比 across a
# year boundary and for quarters, the fair ranking, the rule violations
# (from records and from a store's journal), labels in English and
# Chinese, sections of txt and md, masking and --reveal, notes, errors.
load helper

# The data set: 17 tickets as JSON Lines, each with only the fields that
# matter, every time written out.  The report is for 2026-01 at
# CMP_NOW=2026-02-10, so the periods compared are:
#   2026-01 (21 working days: 22 weekdays - 元旦 1-2 Jan + 调休 Sun 4 Jan)
#   2025-12 (23 working days: no holiday)
#   2025-01 (19 working days: 23 weekdays - 元旦 and 4 days of 春节 + 调休 26 Jan)
# Names used below: Y1 Y2 (2025-01), P1 P2 P3 (2025-12), T1..T11 (2026-01),
# X1 (1 Feb 2026: in no month compared, but in 2026-Q1).
make_data() {
	cat >data.jsonl <<'EOF'
{"id":"C20250110-000001","received_at":"2025-01-10T09:00:00+08:00","created_at":"2025-01-10T09:05:00+08:00","status":"closed","department":"网络部","category":"network","region":"朝阳区","resolve_due":"2025-01-11T09:00:00+08:00","resolved_at":"2025-01-10T11:00:00+08:00","satisfaction":"satisfied"}
{"id":"C20250115-000001","received_at":"2025-01-15T09:00:00+08:00","created_at":"2025-01-15T09:05:00+08:00","status":"closed","department":"市场部","category":"billing","region":"海淀区","resolve_due":"2025-01-16T09:00:00+08:00","resolved_at":"2025-01-15T13:00:00+08:00","satisfaction":"satisfied"}
{"id":"C20251215-000001","received_at":"2025-12-15T09:00:00+08:00","created_at":"2025-12-15T09:05:00+08:00","phone":"13800000003","status":"closed","department":"网络部","category":"network","region":"朝阳区","resolve_due":"2025-12-16T09:00:00+08:00","resolved_at":"2025-12-15T15:00:00+08:00","satisfaction":"satisfied"}
{"id":"C20251220-000001","received_at":"2025-12-20T09:00:00+08:00","created_at":"2025-12-20T09:05:00+08:00","phone":"13900000099","status":"closed","department":"市场部","category":"billing","region":"海淀区","resolve_due":"2025-12-21T09:00:00+08:00","resolved_at":"2025-12-22T09:00:00+08:00","satisfaction":"satisfied"}
{"id":"C20251231-000001","received_at":"2025-12-31T23:30:00+08:00","created_at":"2025-12-31T23:35:00+08:00","phone":"13900000098","status":"assigned","department":"网络部","category":"network","region":"朝阳区","resolve_due":"2026-01-01T23:30:00+08:00","escalation":"1"}
{"id":"C20260101-000001","received_at":"2026-01-01T00:00:00+08:00","created_at":"2026-01-01T00:05:00+08:00","phone":"13700000010","status":"closed","department":"网络部","category":"service","region":"西城区","resolve_due":"2026-01-02T00:00:00+08:00","resolved_at":"2026-01-01T10:00:00+08:00","satisfaction":"satisfied"}
{"id":"C20260105-000001","received_at":"2026-01-05T09:00:00+08:00","created_at":"2026-01-05T09:05:00+08:00","phone":"13800000001","status":"closed","department":"网络部","category":"network","region":"朝阳区","dispatch_due":"2026-01-05T09:30:00+08:00","dispatched_at":"2026-01-05T09:20:00+08:00","assigned_at":"2026-01-05T09:20:00+08:00","handed_at":"2026-01-05T09:30:00+08:00","dispatches":"1","resolve_due":"2026-01-06T09:00:00+08:00","resolved_at":"2026-01-05T18:00:00+08:00","cause":"设备故障","measures":"更换设备","feedback_due":"2026-01-06T18:00:00+08:00","feedback_at":"2026-01-06T10:00:00+08:00","satisfaction":"satisfied"}
{"id":"C20260105-000002","received_at":"2026-01-05T10:00:00+08:00","created_at":"2026-01-05T10:30:00+08:00","phone":"13800000002","status":"closed","department":"网络部","category":"network","region":"朝阳区","dispatch_due":"2026-01-05T10:30:00+08:00","dispatched_at":"2026-01-05T10:45:00+08:00","assigned_at":"2026-01-05T10:45:00+08:00","dispatches":"1","resolve_due":"2026-01-06T10:00:00+08:00","resolved_at":"2026-01-07T10:00:00+08:00","escalation":"1","cause":"设备故障","measures":"更换设备","feedback_due":"2026-01-08T10:00:00+08:00","feedback_at":"2026-01-09T10:00:00+08:00","satisfaction":"basic"}
{"id":"C20260105-000003","received_at":"2026-01-05T11:00:00+08:00","created_at":"2026-01-05T11:01:00+08:00","phone":"13800000003","status":"resolved","department":"网络部","category":"network","region":"朝阳区","dispatched_at":"2026-01-05T11:10:00+08:00","assigned_at":"2026-01-06T15:00:00+08:00","dispatches":"2","resolve_due":"2026-01-08T12:00:00+08:00","resolved_at":"2026-01-08T10:00:00+08:00","reopens":"1","cause":"网络拥塞","measures":"扩容","satisfaction":"dissatisfied"}
{"id":"C20260106-000001","received_at":"2026-01-06T09:00:00+08:00","created_at":"2026-01-06T09:02:00+08:00","phone":"13800000001","status":"assigned","department":"网络部","category":"network","region":"海淀区","dispatched_at":"2026-01-06T09:10:00+08:00","assigned_at":"2026-01-06T09:10:00+08:00","reply_due":"2026-01-06T11:00:00+08:00","replied_at":"2026-01-06T12:00:00+08:00","resolve_due":"2026-01-07T09:00:00+08:00","told_at":"2026-01-07T08:00:00+08:00","escalation":"2"}
{"id":"C20260110-000001","received_at":"2026-01-10T09:00:00+08:00","created_at":"2026-01-10T09:03:00+08:00","name":"张三丰","phone":"13900000005","severity":"urgent","summary":"重复扣费三次","status":"closed","department":"市场部","category":"billing","region":"海淀区","dispatched_at":"2026-01-10T09:20:00+08:00","assigned_at":"2026-01-10T09:20:00+08:00","handed_at":"2026-01-10T10:00:00+08:00","resolve_due":"2026-01-11T09:00:00+08:00","resolved_at":"2026-01-10T15:00:00+08:00","resolution":"已退费","cause":"计费错误","measures":"退费","satisfaction":"satisfied"}
{"id":"C20260110-000002","received_at":"2026-01-10T10:00:00+08:00","created_at":"2026-01-10T10:01:00+08:00","phone":"13900000006","status":"closed","department":"市场部","category":"billing","region":"海淀区","returns":"1","resolve_due":"2026-01-11T10:00:00+08:00","resolved_at":"2026-01-11T09:00:00+08:00","cause":"计费错误","measures":"退费","satisfaction":"satisfied"}
{"id":"C20260110-000003","received_at":"2026-01-10T11:00:00+08:00","created_at":"2026-01-10T11:01:00+08:00","phone":"13900000007","status":"closed","department":"市场部","category":"billing","region":"海淀区","resolve_due":"2026-01-11T11:00:00+08:00","resolved_at":"2026-01-12T11:00:00+08:00","told_at":"2026-01-11T10:00:00+08:00","cause":"系统故障","satisfaction":"satisfied"}
{"id":"C20260115-000001","received_at":"2026-01-15T09:00:00+08:00","created_at":"2026-01-15T09:01:00+08:00","phone":"13600000011","status":"closed","department":"网络部","category":"network","region":"丰台区","resolve_due":"2026-01-16T09:00:00+08:00","resolved_at":"2026-01-15T10:00:00+08:00","satisfaction":"satisfied"}
{"id":"C20260120-000001","received_at":"2026-01-20T09:00:00+08:00","created_at":"2026-01-20T09:05:00+08:00","customer":"K001","status":"resolved","department":"服务部","category":"service","region":"西城区","resolve_due":"2026-01-21T09:00:00+08:00","resolved_at":"2026-01-20T12:00:00+08:00"}
{"id":"C20260125-000001","received_at":"2026-01-25T09:00:00+08:00","created_at":"2026-01-25T09:05:00+08:00","name":"李四","customer":"K001","severity":"urgent","summary":"无法登录","status":"new","category":"other","region":"东城区","dispatch_due":"2026-01-25T09:30:00+08:00","resolve_due":"2026-01-26T09:00:00+08:00"}
{"id":"C20260201-000001","received_at":"2026-02-01T00:00:00+08:00","created_at":"2026-02-01T00:05:00+08:00","phone":"13800000001","status":"new","category":"network","region":"朝阳区","resolve_due":"2026-02-02T00:00:00+08:00"}
EOF
	cat >rep.conf <<'EOF'
[sla]
handover = 30m
[report]
rank_min = 1
cluster_min = 3
cases = severity=urgent
[targets]
on_time_rate = 0.8
reopen_rate = 0.2
EOF
	export CMP_NOW=2026-02-10T00:00:00+08:00
}

# The first line of a Markdown table in $output whose first cell is $1.
md_row() {
	awk -v p="| $1 |" 'index($0, p) == 1 { print; exit }' <<<"$output"
}

@test "--period is required, and a period that is not a month, quarter or year is a usage error (64)" {
	make_data
	run --separate-stderr cmp-report data.jsonl
	[ "$status" -eq 64 ]
	[ "$output" = "" ]
	[[ "${stderr}" == *"--period is required"* ]]
	for p in 2026-13 2026-00 2026-Q0 2026-Q5 2026-1 26 2026-11-01 2026/11 Q4-2026 ""; do
		run --separate-stderr cmp-report --period "$p" data.jsonl
		[ "$status" -eq 64 ] || { echo "--period '$p': exit $status"; false; }
		[ "$output" = "" ]
		[[ "${lines[0]:-$stderr}" == *"--period: \"$p\": expected a month (2026-11), a quarter (2026-Q4) or a year (2026)"* ]]
	done
	run --separate-stderr cmp-report --period 2026-01 --format pdf data.jsonl
	[ "$status" -eq 64 ]
	run --separate-stderr cmp-report --period 2026-01 --stage visit data.jsonl
	[ "$status" -eq 64 ]
}

@test "totals of a month: exact figures, 环比 across the year boundary (2026-01 vs 2025-12) and 同比 (vs 2025-01)" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	# 2026-01: T1..T11 = 11 (X1 on 1 Feb 00:00 is out; T10 at 1 Jan 00:00 in;
	# P3 at 31 Dec 23:30 belongs to December).  2025-12: P1 P2 P3 = 3.
	# 2025-01: Y1 Y2 = 2.  11 vs 3: +8, 8/3 = +266.7%; 11 vs 2: +9, +450.0%.
	[ "$(md_row 'Figure')" = "| Figure | 2026-01 | 2025-12 | vs previous | 2025-01 | vs a year before |" ]
	[ "$(md_row 'Complaints')" = "| Complaints | 11 | 3 | +8 (+266.7%) | 2 | +9 (+450.0%) |" ]
	# 21, 23 and 19 working days (see make_data): 21-23 = -2 = -8.7%; +2 = +10.5%.
	[ "$(md_row 'Working days')" = "| Working days | 21 | 23 | -2 (-8.7%) | 19 | +2 (+10.5%) |" ]
	# Per working day 11/21 = 0.5238, 3/23 = 0.1304, 2/19 = 0.1053:
	# 0.5238/0.1304 - 1 = +301.6%; 0.5238/0.1053 - 1 = +397.6%.  The raw
	# change (+266.7%) understates it: December had two more working days.
	[ "$(md_row 'Complaints per working day')" = "| Complaints per working day | 0.52 | 0.13 | +301.6% | 0.11 | +397.6% |" ]
	# Resolved (resolved_at set): all but T4, T9 = 9/11 = 81.8%; December
	# P1 P2 = 2/3 = 66.7% (+15.2 pp); 2025-01 2/2 = 100.0% (-18.2 pp).
	[ "$(md_row 'Resolution rate')" = "| Resolution rate | 81.8% | 66.7% | +15.2 pp | 100.0% | -18.2 pp |" ]
	# On time (resolved_at <= resolve_due): of the 9, T2 and T7 are late:
	# 7/9 = 77.8%, below the 0.8 target (▼); December 1/2 = 50.0% (▼).
	[ "$(md_row 'On-time rate (resolve)')" = "| On-time rate (resolve) | 77.8% ▼ | 50.0% ▼ | +27.8 pp | 100.0% | -22.2 pp |" ]
	# Satisfaction: rated T1 T2(basic) T3(dissatisfied) T5 T6 T7 T10 T11 =
	# 8, pleased 7 = 87.5%; December 2/2; 2025-01 2/2.
	[ "$(md_row 'Satisfaction rate')" = "| Satisfaction rate | 87.5% | 100.0% | -12.5 pp | 100.0% | -12.5 pp |" ]
	# Reopened among the resolved: T3 = 1/9 = 11.1%, under the 0.2 ceiling.
	[ "$(md_row 'Reopen rate')" = "| Reopen rate | 11.1% | 0.0% | +11.1 pp | 0.0% | +11.1 pp |" ]
	# Hours received -> resolved: T11 1, T8 3, T5 6, T1 9, T10 10, T6 23,
	# T2 48, T7 48, T3 71: median 10.0.  December 6 and 48: 27.0.
	# 2025-01: 2 and 4: 3.0.
	[ "$(md_row 'Median hours (resolve)')" = "| Median hours (resolve) | 10.0 | 27.0 | -17.0 | 3.0 | +7.0 |" ]
	# Escalated: T2 (1), T4 (2); December P3.
	[ "$(md_row 'Escalated')" = "| Escalated | 2 | 1 | +1 (+100.0%) | 0 | +2 |" ]
	# Repeats within 30d: T3 after P1 (15 Dec, across the year boundary),
	# T4 after T1 (same phone), T9 after T8 (same customer K001).
	[ "$(md_row 'Repeat complaints')" = "| Repeat complaints | 3 | 0 | +3 | 0 | +3 |" ]
	grep -Fqx '▼ misses a target: On-time rate ≥ 80.0%, Reopen rate ≤ 20.0%' <<<"$output"
}

@test "the report's counts are cmp-stats' counts over the same month" {
	make_data
	run --separate-stderr cmp-stats --config rep.conf --from 2026-01-01 --to 2026-02-01 --jsonl data.jsonl
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.count, .resolved_rate, .on_time_rate, .satisfied_rate, .reopen_rate, .escalated, .repeat] | join(" ")' <<<"$output")" = "11 0.8182 0.7778 0.8750 0.1111 2 3" ]
}

@test "a quarter is compared with the quarter before (2026-Q1 vs 2025-Q4) and with 2025-Q1" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-Q1 --format md data.jsonl
	[ "$status" -eq 0 ]
	# 2026-Q1 = the 11 of January and X1 = 12; 2025-Q4 = P1 P2 P3; 2025-Q1 = Y1 Y2.
	[ "$(md_row 'Figure')" = "| Figure | 2026-Q1 | 2025-Q4 | vs previous | 2025-Q1 | vs a year before |" ]
	[ "$(md_row 'Complaints')" = "| Complaints | 12 | 3 | +9 (+300.0%) | 2 | +10 (+500.0%) |" ]
	# Working days: 2026-Q1 21 + 16 (Feb: 20 weekdays - 6 春节 + 2 调休) + 22 = 59;
	# 2025-Q4 18 (Oct: 23 - 6 国庆 + 1 调休) + 20 + 23 = 61;
	# 2025-Q1 19 + 19 (Feb: 20 - 2 春节 + 1 调休) + 21 = 59.
	[ "$(md_row 'Working days')" = "| Working days | 59 | 61 | -2 (-3.3%) | 59 | 0 (0.0%) |" ]
	# 12/59 = 0.2034, 3/61 = 0.0492, 2/59 = 0.0339.
	[ "$(md_row 'Complaints per working day')" = "| Complaints per working day | 0.20 | 0.05 | +313.6% | 0.03 | +500.0% |" ]
	# X1 is open: 9/12 resolved = 75.0%.
	[ "$(md_row 'Resolution rate')" = "| Resolution rate | 75.0% | 66.7% | +8.3 pp | 100.0% | -25.0 pp |" ]
	# X1 (1 Feb) repeats T4 (6 Jan, same phone) within 30 days: 4 repeats.
	[ "$(md_row 'Repeat complaints')" = "| Repeat complaints | 4 | 0 | +4 | 0 | +4 |" ]
	# The trend of a quarter is by month.
	grep -Fqx '**Complaints per month**' <<<"$output"
	grep -Eqx '2026-02 █+ 1' <<<"$output"
	grep -Fqx '2026-03 0' <<<"$output"
}

@test "a year is compared with the year before, both ways" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026 --format md data.jsonl
	[ "$status" -eq 0 ]
	# 2026: T1..T11 and X1 = 12; 2025: Y1 Y2 P1 P2 P3 = 5.
	[ "$(md_row 'Figure')" = "| Figure | 2026 | 2025 | vs previous | 2025 | vs a year before |" ]
	[ "$(md_row 'Complaints')" = "| Complaints | 12 | 5 | +7 (+140.0%) | 5 | +7 (+140.0%) |" ]
	grep -Fqx '2026-01 ████████████████████████████████████████ 11' <<<"$output"
}

@test "trend, breakdowns and targets: each group's rates, marked where they miss a target" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	# Days 5 and 10 have 3 complaints each, the most: a full bar.
	grep -Fqx '5  ████████████████████████████████████████ 3' <<<"$output"
	grep -Fqx '6  █████████████ 1' <<<"$output"
	grep -Fqx '31 0' <<<"$output"
	# network: T1 T2 T3 T4 T11; resolved 4 (not T4) = 80.0%; on time T1 T3
	# T11 of 4 = 75.0% ▼; satisfied T1 T2 T11 of 4 rated = 75.0%; reopened
	# T3 of 4 resolved = 25.0%, above the 0.2 ceiling: ▼.
	[ "$(md_row network)" = "| network | 5 | 45.5% | 80.0% | 75.0% ▼ | 75.0% | 25.0% ▼ | 2 |" ]
	# 网络部: T1 T2 T3 T4 T10 T11; reopened 1 of 5 = 20.0%: at the ceiling, not above.
	[ "$(md_row 网络部)" = "| 网络部 | 6 | 54.5% | 83.3% | 80.0% | 80.0% | 20.0% | 2 |" ]
	[ "$(md_row '(none)')" = "| (none) | 1 | 9.1% | 0.0% | — | — | — | 0 |" ]
	# No ticket has a channel: one empty group.
	[ "$(md_row '(empty)')" = "| (empty) | 11 | 100.0% | 81.8% | 77.8% ▼ | 87.5% | 11.1% | 2 |" ]
	[ "$(md_row 朝阳区)" = "| 朝阳区 | 3 | 27.3% | 100.0% | 66.7% ▼ | 66.7% | 33.3% ▼ | 1 |" ]
}

@test "departments are ranked by the Wilson lower bound, small ones listed but not ranked, bottom three named" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	# On time / met: 网络部 4/5 (T1 T3 T10 T11 of T1 T2 T3 T10 T11), 市场部
	# 2/3, 服务部 1/1.  Wilson lower bounds (z = 1.96): 4/5 0.3755, 2/3
	# 0.2077, 1/1 0.2065: 服务部's 100% of one ticket ranks last.
	[ "$(md_row 1)" = "| 1 | 网络部 | 6 | 80.0% (4/5) | 37.6% |  |" ]
	[ "$(md_row 2)" = "| 2 | 市场部 | 3 | 66.7% (2/3) ▼ | 20.8% |  |" ]
	[ "$(md_row 3)" = "| 3 | 服务部 | 1 | 100.0% (1/1) | 20.7% |  |" ]
	grep -Fqx "| — | (none) | 1 | — | — | not dispatched |" <<<"$output"
	grep -Fqx 'Bottom three, last first: 服务部, 市场部, 网络部' <<<"$output"

	# With rank_min = 3, 服务部 (1 ticket) is listed, not ranked.
	sed 's/^rank_min = 1$/rank_min = 3/' rep.conf >rank3.conf
	run --separate-stderr cmp-report --config rank3.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$(md_row 2)" = "| 2 | 市场部 | 3 | 66.7% (2/3) ▼ | 20.8% |  |" ]
	[ "$(grep -F '| 服务部 | 1 | 100.0% (1/1)' <<<"$output")" = "| — | 服务部 | 1 | 100.0% (1/1) | 20.7% | not ranked: fewer than 3 tickets |" ]
	grep -Fqx 'Bottom three, last first: 市场部, 网络部' <<<"$output"

	# rank_by = resolved_rate: 市场部 3/3 (bound 0.4385) before 网络部 5/6
	# (0.4365), 服务部 1/1 (0.2065) last.
	printf '[report]\nrank_by = resolved_rate\nrank_min = 1\n' >resolved.conf
	run --separate-stderr cmp-report --config resolved.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	grep -Fqx '| Rank | Department | Tickets | Resolution rate | Lower bound | Note |' <<<"$output"
	[ "$(md_row 1)" = "| 1 | 市场部 | 3 | 100.0% (3/3) | 43.9% |  |" ]
	[ "$(md_row 2)" = "| 2 | 网络部 | 6 | 83.3% (5/6) | 43.6% |  |" ]
	[ "$(md_row 3)" = "| 3 | 服务部 | 1 | 100.0% (1/1) | 20.7% |  |" ]
}

@test "causes, measures, overdue, escalated, repeats and mass complaints, with ids in Markdown" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	# Causes of the month: 计费错误 T5 T6, 设备故障 T1 T2, 系统故障 T7, 网络拥塞 T3.
	[ "$(md_row 计费错误)" = "| 计费错误 | 2 | 33.3% |" ]
	[ "$(md_row 设备故障)" = "| 设备故障 | 2 | 33.3% |" ]
	[ "$(md_row 网络拥塞)" = "| 网络拥塞 | 1 | 16.7% |" ]
	[ "$(md_row 退费)" = "| 退费 | 2 | 40.0% |" ]
	# Overdue at 10 Feb: T2 and T7 resolved late, T4 and T9 unresolved past due.
	grep -Fqx 'Overdue: the resolve deadline passed, unresolved or resolved late: 4' <<<"$output"
	grep -Fqx -- '- Tickets: C20260105-000002, C20260106-000001, C20260110-000003, C20260125-000001' <<<"$output"
	grep -Fqx 'Escalated: escalation level 1 or higher: 2' <<<"$output"
	grep -Fqx -- '- Tickets: C20260105-000002, C20260106-000001' <<<"$output"
	grep -Fqx "Repeat complaints: within 30d of the same customer's previous complaint: 3" <<<"$output"
	grep -Fqx -- '- Tickets: C20260105-000003, C20260106-000001, C20260125-000001' <<<"$output"
	# cluster_min = 3: T1 T2 T3 (朝阳区 network, 5 Jan) and T5 T6 T7 (海淀区 billing, 10 Jan).
	[ "$(md_row 2026-01-05)" = "| 2026-01-05 | 朝阳区 | network | 3 |" ]
	[ "$(md_row 2026-01-10)" = "| 2026-01-10 | 海淀区 | billing | 3 |" ]
}

@test "rule violations by department, from the records, with their ids" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	# T2: created 30 min after receipt (> 10m), dispatched 10:45 > 10:30,
	# feedback 9 Jan > 8 Jan, resolved late and never told.  T4: replied
	# 12:00 > 11:00.  T3: dispatched twice.  T5: handed over 40 min after
	# assignment (> 30m).  T6: returned once.  T9: overdue, not told.
	# Late returns need a store's journal: "—".
	grep -Fqx "| Department | Tickets | Late registration | Late dispatch | Late handover | Late first reply | Late feedback | Late returns | Returns | Redispatched | Overdue, customer not told |" <<<"$output"
	grep -Fqx "| 网络部 | 6 | 1 | 1 | 0 | 1 | 1 | — | 0 | 1 | 1 |" <<<"$output"
	grep -Fqx "| 市场部 | 3 | 0 | 0 | 1 | 0 | 0 | — | 1 | 0 | 0 |" <<<"$output"
	grep -Fqx "| (none) | 1 | 0 | 0 | 0 | 0 | 0 | — | 0 | 0 | 1 |" <<<"$output"
	grep -Fqx "| 服务部 | 1 | 0 | 0 | 0 | 0 | 0 | — | 0 | 0 | 0 |" <<<"$output"
	[ "$(md_row Total)" = "| Total | 11 | 1 | 1 | 1 | 1 | 1 | — | 1 | 1 | 2 |" ]
	grep -Fqx -- '- Late registration: C20260105-000002' <<<"$output"
	grep -Fqx -- '- Late handover: C20260110-000001' <<<"$output"
	grep -Fqx -- '- Late first reply: C20260106-000001' <<<"$output"
	grep -Fqx -- '- Returns: C20260110-000002' <<<"$output"
	grep -Fqx -- '- Redispatched: C20260105-000003' <<<"$output"
	grep -Fqx -- '- Overdue, customer not told: C20260105-000002, C20260125-000001' <<<"$output"
	grep -Fq 'Read from files, not a store' <<<"$output"
	# Without handover in the policy the column is "—".
	grep -v '^handover' rep.conf >nohandover.conf
	run --separate-stderr cmp-report --config nohandover.conf --period 2026-01 --format md data.jsonl
	[ "$(md_row Total)" = "| Total | 11 | 1 | 1 | — | 1 | 1 | — | 1 | 1 | 2 |" ]
}

@test "with a store, returns are timed from the journal and count for the department that returned them" {
	mkdir "$STORE"
	printf '[sla]\nreturn = 2h\n' >"$STORE/cmp.conf"
	CMP_NOW=2026-01-05T09:00:00+08:00 cmp-new -d "$STORE" --channel hotline --category network --summary 断网 --received 2026-01-05T08:55
	CMP_NOW=2026-01-05T09:00:00+08:00 cmp-new -d "$STORE" --channel web --category billing --summary 多扣费 --received 2026-01-05T08:56
	CMP_NOW=2026-01-05T09:10:00+08:00 cmp-assign -d "$STORE" --dept 网络部 C20260105-000001 C20260105-000002
	# Returned 50 minutes after the dispatch: in time (2h).
	CMP_NOW=2026-01-05T10:00:00+08:00 cmp-assign -d "$STORE" --return --reason 非本部门 C20260105-000001
	# Returned 2h50 after the dispatch: late.
	CMP_NOW=2026-01-05T12:00:00+08:00 cmp-assign -d "$STORE" --return --reason 非本部门 C20260105-000002
	CMP_NOW=2026-01-05T12:30:00+08:00 cmp-assign -d "$STORE" --dept 市场部 --reason 计费问题 C20260105-000002
	run --separate-stderr cmp-report -d "$STORE" --now 2026-01-06T12:00 --period 2026-01 --format md
	[ "$status" -eq 0 ]
	# Both returns are 网络部's, though one ticket is 市场部's now and the
	# other has no department; both are past resolve_due (24h) untold.
	grep -Fqx "| 网络部 | 0 | 0 | 0 | — | — | — | 1 | 2 | 0 | 0 |" <<<"$output"
	grep -Fqx "| 市场部 | 1 | 0 | 0 | — | — | — | 0 | 0 | 1 | 1 |" <<<"$output"
	grep -Fqx "| (none) | 1 | 0 | 0 | — | — | — | 0 | 0 | 0 | 1 |" <<<"$output"
	grep -Fqx -- '- Late returns: C20260105-000002' <<<"$output"
	grep -Fqx -- '- Returns: C20260105-000001, C20260105-000002' <<<"$output"
	run grep -c 'Read from files' <<<"$output"
	[ "$output" = 0 ]
}

@test "labels are Chinese when the locale is zh_CN (LC_ALL, else LC_MESSAGES, else LANG), English otherwise" {
	make_data
	run --separate-stderr env LC_ALL=zh_CN.UTF-8 cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "# 投诉分析报告 2026-01" ]
	[ "$(md_row 指标)" = "| 指标 | 2026-01 | 2025-12 | 环比 | 2025-01 | 同比 |" ]
	[ "$(md_row 投诉量)" = "| 投诉量 | 11 | 3 | +8 (+266.7%) | 2 | +9 (+450.0%) |" ]
	[ "$(md_row 问题解决率)" = "| 问题解决率 | 81.8% | 66.7% | +15.2个百分点 | 100.0% | -18.2个百分点 |" ]
	grep -Fqx '## 部门排名' <<<"$output"
	grep -Fqx '排名末三位（倒数第一起）：服务部、市场部、网络部' <<<"$output"
	[ "$(md_row 网络)" = "| 网络 | 5 | 45.5% | 80.0% | 75.0% ▼ | 75.0% | 25.0% ▼ | 2 |" ]
	for h in 总体情况 趋势 分类统计 原因与改进措施 超时与升级 重复投诉 大面积投诉 典型案例 首问责任：各部门违规情况; do
		grep -Fqx "## $h" <<<"$output" || { echo "no section $h"; false; }
	done
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 cmp-report --config rep.conf --period 2026-01 data.jsonl
	[ "${lines[0]}" = "投诉分析报告 2026-01" ]
	run --separate-stderr env LC_ALL= LC_MESSAGES=zh_CN.UTF-8 LANG=en_US.UTF-8 cmp-report --config rep.conf --period 2026-01 data.jsonl
	[ "${lines[0]}" = "投诉分析报告 2026-01" ]
	run --separate-stderr env LC_ALL=C.UTF-8 LANG=zh_CN.UTF-8 cmp-report --config rep.conf --period 2026-01 data.jsonl
	[ "${lines[0]}" = "Complaint report 2026-01" ]
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=zh_TW.UTF-8 cmp-report --config rep.conf --period 2026-01 data.jsonl
	[ "${lines[0]}" = "Complaint report 2026-01" ]
}

@test "txt and md have every section in order; txt aligns its tables and names no ids" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 data.jsonl
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "Complaint report 2026-01" ]
	[ "${lines[1]}" = "========================" ]
	[ "${lines[2]}" = "Period 2026-01-01 to 2026-01-31 · previous period 2025-12 · a year before 2025-01 · as of 2026-02-10T00:00:00+08:00" ]
	sections=$(awk 'prev != "" && /^-+$/ { print prev } { prev = $0 }' <<<"$output")
	[ "$sections" = "Totals and rates
Trend
Breakdowns
Department ranking
Causes and measures
Overdue and escalated
Repeat complaints
Mass complaints
Typical cases
First-responder accountability: rule violations by department" ]
	# Numbers right-aligned under their heading; Chinese two columns wide.
	grep -Fqx 'Complaints                       11        3  +8 (+266.7%)        2      +9 (+450.0%)' <<<"$output"
	grep -Fqx '网络部            6                  1              1              0                 1              1             —        0             1                           1' <<<"$output"
	# Counts, not ids, in text.
	grep -Fqx 'Overdue: the resolve deadline passed, unresolved or resolved late: 4' <<<"$output"
	run grep -c 'C20260106-000001' <<<"$output"
	[ "$output" = 0 ]

	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$(grep '^## ' <<<"$output")" = "## Totals and rates
## Trend
## Breakdowns
## Department ranking
## Causes and measures
## Overdue and escalated
## Repeat complaints
## Mass complaints
## Typical cases
## First-responder accountability: rule violations by department" ]
	[ "$(grep '^### ' <<<"$output")" = "### By Category
### By Department
### By Channel
### By Region
### Top causes
### Top improvement measures" ]
}

@test "typical cases: personal data masked, summary too when [privacy] mask says so; --reveal shows it" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --format md data.jsonl
	[ "$status" -eq 0 ]
	grep -Fqx 'Cases matching severity=urgent: 2' <<<"$output"
	[ "$(md_row C20260110-000001)" = '| C20260110-000001 | 2026-01-10 | billing | 市场部 | closed | 张\*\* | 139\*\*\*\*0005 | 重复扣费三次 | 已退费 |' ]
	[ "$(md_row C20260125-000001)" = '| C20260125-000001 | 2026-01-25 | other |  | new | 李\* |  | 无法登录 |  |' ]
	run grep -c '张三丰\|13900000005' <<<"$output"
	[ "$output" = 0 ]

	{ cat rep.conf; printf '[privacy]\nmask = name,phone,summary\n'; } >mask.conf
	run --separate-stderr cmp-report --config mask.conf --period 2026-01 data.jsonl
	[ "$status" -eq 0 ]
	grep -Eq '^C20260110-000001 +2026-01-10 +billing +市场部 +closed +张\*\* +139\*\*\*\*0005 +重\*\*\* +已退费$' <<<"$output"
	run grep -c '重复扣费三次' <<<"$output"
	[ "$output" = 0 ]

	run --separate-stderr cmp-report --config mask.conf --period 2026-01 --reveal data.jsonl
	[ "$status" -eq 0 ]
	grep -Eq '^C20260110-000001 +2026-01-10 +billing +市场部 +closed +张三丰 +13900000005 +重复扣费三次 +已退费$' <<<"$output"
}

@test "--reveal with a store is logged in access.jsonl before the report is written; a reveal group refuses others (77)" {
	mkdir "$STORE"
	printf '[report]\ncases = severity=urgent\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" --channel hotline --name 王小明 --phone 13811112222 --severity urgent --category network --summary 断网 --received 2026-11-20T08:00
	cmp-new -d "$STORE" --channel hotline --name 赵六 --phone 13811113333 --category billing --summary 多扣费 --received 2026-11-20T09:00
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11
	[ "$status" -eq 0 ]
	grep -Fq '王**' <<<"$output"
	[ ! -e "$STORE/access.jsonl" ]
	run --separate-stderr cmp-report -d "$STORE" --actor auditor --period 2026-11 --reveal
	[ "$status" -eq 0 ]
	grep -Fq '王小明' <<<"$output"
	grep -Fq '13811112222' <<<"$output"
	run jq -c '[.actor, .tool, .ids]' "$STORE/access.jsonl"
	[ "$output" = '["auditor","cmp-report",["C20261123-000001"]]' ]

	printf '[privacy]\nreveal = no-such-group-here\n' >>"$STORE/cmp.conf"
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11 --reveal
	[ "$status" -eq 77 ]
	[ "$output" = "" ]
	[ "$(wc -l <"$STORE/access.jsonl")" -eq 1 ]
}

@test "--notes: appended as written in txt and md, escaped in HTML; a missing file is 66" {
	make_data
	printf '本月网络类投诉集中在朝阳区。\n\n建议：<script>alert(1)</script> & 扩容\n' >notes.md
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --notes notes.md data.jsonl
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "建议：<script>alert(1)</script> & 扩容" ]
	grep -Fqx 'Analysis and recommendations' <<<"$output"
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --notes notes.md --format html data.jsonl
	[ "$status" -eq 0 ]
	grep -Fq '<p>建议：&lt;script&gt;alert(1)&lt;/script&gt; &amp; 扩容' <<<"$output"
	run grep -c '<script' <<<"$output"
	[ "$output" = 0 ]
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --notes missing.md data.jsonl
	[ "$status" -eq 66 ]
	[ "$output" = "" ]
	printf '\xff\xfe\n' >bad.md
	run --separate-stderr cmp-report --config rep.conf --period 2026-01 --notes bad.md data.jsonl
	[ "$status" -eq 65 ]
}

@test "ticket text cannot become markup in Markdown or HTML" {
	printf '%s\n' '{"id":"C20260110-000009","received_at":"2026-01-10T09:00:00+08:00","department":"<b>部|门</b>","category":"network","cause":"*a* | <i>"}' >evil.jsonl
	run --separate-stderr cmp-report --period 2026-01 --format html evil.jsonl
	[ "$status" -eq 0 ]
	grep -Fq '&lt;b&gt;部|门&lt;/b&gt;' <<<"$output"
	run grep -c '<b>\|<i>' <<<"$output"
	[ "$output" = 0 ]
	run --separate-stderr cmp-report --period 2026-01 --format md evil.jsonl
	[ "$status" -eq 0 ]
	grep -Fq '| \*a\* \| \<i\> | 1 | 100.0% |' <<<"$output"
}

@test "long id lists name the first 20 ids and count the rest" {
	cmp-new -d "$STORE" "$SAMPLE" >/dev/null
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11 --format md
	[ "$status" -eq 0 ]
	# The 300 sample complaints, none dispatched: 255 are past resolve_due at CMP_NOW.
	grep -Fqx 'Overdue: the resolve deadline passed, unresolved or resolved late: 255' <<<"$output"
	line=$(grep -m 1 -- '^- Tickets: ' <<<"$output")
	[[ "$line" == *" and 235 more" ]]
	[ "$(grep -o 'C2026[0-9]*-[0-9]*' <<<"$line" | wc -l)" -eq 20 ]
	[ "$(grep -o 'C2026[0-9]*-[0-9]*' <<<"$line" | sort -c && echo sorted)" = sorted ]
}

@test "output errors are reported (74) and an empty period still makes a report" {
	make_data
	run --separate-stderr bash -c 'cmp-report --config rep.conf --period 2026-01 data.jsonl >/dev/full'
	[ "$status" -eq 74 ]
	[[ "$stderr" == *"No space left on device"* ]]
	run --separate-stderr cmp-report --config rep.conf --period 2030-06 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$(md_row Complaints)" = "| Complaints | 0 | 0 | 0 | 0 | 0 |" ]
}
