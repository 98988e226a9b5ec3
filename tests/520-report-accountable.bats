#!/usr/bin/env bats
# cmp-report's accountable sections (SPEC §6, §9) on a data set made so
# that each has something to show and something to leave out: a mass
# complaint of 5 named and one of 4 not, a typical case listed and
# another not, departments below a target marked, a ranking by resolution
# that reverses the one by on-time, rule violations with their ids, the
# analyst's notes; and every figure of a report, here and on the sample
# store, equal to what cmp-stats gives for the same period.
load helper

# Sixteen tickets; the report is for 2026-03 at 2026-04-10.  All times
# +08:00; "h" = hours from receipt to resolution, against resolve_due =
# receipt + 24h.
#
#   A1-A5  2026-03-02  朝阳区 network 网络部 hotline: a mass complaint (5)
#     A1 09:00 urgent 张三 13800000001  6h on   satisfied
#     A2 09:30                          48h late basic     cause 设备故障
#     A3 10:00 dispatched 10:45 > due 10:30: late dispatch; 10h on satisfied
#     A4 11:00                          26h late dissatisfied, reopened once, cause 设备故障
#     A5 12:00                          2h on
#   B1-B4  2026-03-03  海淀区 billing 市场部 hotline: 4, no mass complaint
#     B1 09:00 general 李四 13900000001 3h on satisfied, cause 计费错误
#     B2 10:00                          8h on
#     B3 11:00 unresolved, overdue, escalated to level 1, customer not told
#     B4 12:00 unresolved, overdue, customer told on 03-04
#   C1-C5  西城区 service 服务部 web: 3 on 03-04 and 2 on 03-05, no mass complaint
#     C1 03-04 09:00 phone of A1 (a repeat)  4h on satisfied
#     C2 03-04 10:00                          26h late satisfied
#     C3 03-04 11:00                          1h on
#     C4 03-05 09:00                          12h on basic
#     C5 03-05 10:00 unresolved, overdue, not told
#   P1 2026-02-10 (the month before), Y1 2025-03-10 (a year before): network, 2h on.
#
# Per department (resolved, on time of resolved; Wilson lower bounds):
#   网络部 5/5 (56.6%)  3/5 (23.1%)
#   市场部 2/4 (15.0%)  2/2 (34.2%)
#   服务部 4/5 (37.6%)  3/4 (30.1%)
make_data() {
	t() {	# id received region category department [extra JSON]
		jq -nc --arg id "$1" --arg at "$2" --arg region "$3" --arg cat "$4" --arg dept "$5" --argjson x "${6:-{\}}" '
			def plus(h): ($at | sub("\\+08:00$"; "Z") | fromdate) + h * 3600 | todate | sub("Z$"; "+08:00");
			{id: $id, received_at: $at, created_at: plus(1 / 60), channel: (if $cat == "service" then "web" else "hotline" end),
			 severity: "general", region: $region, category: $cat, department: $dept, status: "assigned",
			 resolve_due: plus(24)} + $x'
	}
	r() { printf '{"status":"closed","resolved_at":"%s"%s}' "$1" "${2:+,$2}"; }
	{
		t C20250310-000001 2025-03-10T09:00:00+08:00 朝阳区 network 网络部 "$(r 2025-03-10T11:00:00+08:00)"
		t C20260210-000001 2026-02-10T09:00:00+08:00 朝阳区 network 网络部 "$(r 2026-02-10T11:00:00+08:00)"
		t C20260302-000001 2026-03-02T09:00:00+08:00 朝阳区 network 网络部 "$(r 2026-03-02T15:00:00+08:00 '"severity":"urgent","name":"张三","phone":"13800000001","summary":"断网三天","resolution":"已修复","satisfaction":"satisfied"')"
		t C20260302-000002 2026-03-02T09:30:00+08:00 朝阳区 network 网络部 "$(r 2026-03-04T09:30:00+08:00 '"phone":"13800000002","satisfaction":"basic","cause":"设备故障"')"
		t C20260302-000003 2026-03-02T10:00:00+08:00 朝阳区 network 网络部 "$(r 2026-03-02T20:00:00+08:00 '"phone":"13800000003","dispatch_due":"2026-03-02T10:30:00+08:00","dispatched_at":"2026-03-02T10:45:00+08:00","satisfaction":"satisfied"')"
		t C20260302-000004 2026-03-02T11:00:00+08:00 朝阳区 network 网络部 "$(r 2026-03-03T13:00:00+08:00 '"phone":"13800000004","satisfaction":"dissatisfied","reopens":"1","cause":"设备故障"')"
		t C20260302-000005 2026-03-02T12:00:00+08:00 朝阳区 network 网络部 "$(r 2026-03-02T14:00:00+08:00 '"phone":"13800000005"')"
		t C20260303-000001 2026-03-03T09:00:00+08:00 海淀区 billing 市场部 "$(r 2026-03-03T12:00:00+08:00 '"name":"李四","phone":"13900000001","summary":"多扣费","satisfaction":"satisfied","cause":"计费错误"')"
		t C20260303-000002 2026-03-03T10:00:00+08:00 海淀区 billing 市场部 "$(r 2026-03-03T18:00:00+08:00 '"phone":"13900000002"')"
		t C20260303-000003 2026-03-03T11:00:00+08:00 海淀区 billing 市场部 '{"phone":"13900000003","escalation":"1"}'
		t C20260303-000004 2026-03-03T12:00:00+08:00 海淀区 billing 市场部 '{"phone":"13900000004","told_at":"2026-03-04T09:00:00+08:00"}'
		t C20260304-000001 2026-03-04T09:00:00+08:00 西城区 service 服务部 "$(r 2026-03-04T13:00:00+08:00 '"phone":"13800000001","satisfaction":"satisfied"')"
		t C20260304-000002 2026-03-04T10:00:00+08:00 西城区 service 服务部 "$(r 2026-03-05T12:00:00+08:00 '"satisfaction":"satisfied"')"
		t C20260304-000003 2026-03-04T11:00:00+08:00 西城区 service 服务部 "$(r 2026-03-04T12:00:00+08:00)"
		t C20260305-000001 2026-03-05T09:00:00+08:00 西城区 service 服务部 "$(r 2026-03-05T21:00:00+08:00 '"satisfaction":"basic"')"
		t C20260305-000002 2026-03-05T10:00:00+08:00 西城区 service 服务部 '{}'
	} >data.jsonl
	cat >rep.conf <<'EOF'
[report]
rank_min = 4
cases = severity=urgent
[targets]
on_time_rate = 0.7
resolved_rate = 0.6
EOF
	export CMP_NOW=2026-04-10T00:00:00+08:00
}

# The first line of a Markdown table in $output whose first cell is $1.
md_row() {
	awk -v p="| $1 |" 'index($0, p) == 1 { print; exit }' <<<"$output"
}

# The lines of $output from the heading $1 to the next heading of any level.
section() {
	awk -v h="$1" '$0 == h { f = 1; next } f && /^#/ { exit } f' <<<"$output"
}

# The body rows of the first table after the heading $1.
table_rows() {
	section "$1" | awk '/^\| / { if (++n > 2) print; next } n { exit }'
}

@test "mass complaints: 5 of one region and category on one day are named, 4 are not, nor 5 over two days" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(section '## Mass complaints')" = "
At least 5 tickets of one region and category on one day.

| Day | Region | Category | Tickets |
| --- | --- | --- | ---: |
| 2026-03-02 | 朝阳区 | network | 5 |" ]
	# cluster_min = 4 names the four of 海淀区 too, the 5 of 西城区 still not.
	{ cat rep.conf; printf '[report]\ncluster_min = 4\n'; } >four.conf
	run --separate-stderr cmp-report --config four.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$(table_rows '## Mass complaints')" = "| 2026-03-02 | 朝阳区 | network | 5 |
| 2026-03-03 | 海淀区 | billing | 4 |" ]
}

@test "typical cases: the urgent case is listed, masked; the general one with a name is not" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$(section '## Typical cases')" = '
Cases matching severity=urgent: 1

| Id | Received | Category | Department | Status | Name | Phone | Summary | Resolution |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| C20260302-000001 | 2026-03-02 | network | 网络部 | closed | 张\* | 138\*\*\*\*0001 | 断网三天 | 已修复 |' ]
	run grep -c 'C20260303-000001\|李\|13900000001\|多扣费' <<<"$output"
	[ "$output" = 0 ]
}

@test "targets: the department under the on-time target and the one under the resolution target are marked, the others not" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	# Totals: resolved 11/14 = 78.6%, on time 8/11 = 72.7%: both meet theirs.
	[ "$(md_row 'Resolution rate')" = "| Resolution rate | 78.6% | 100.0% | -21.4 pp | 100.0% | -21.4 pp |" ]
	[ "$(md_row 'On-time rate (resolve)')" = "| On-time rate (resolve) | 72.7% | 100.0% | -27.3 pp | 100.0% | -27.3 pp |" ]
	# 网络部 on time 3/5 = 60% < 70%; 市场部 resolved 2/4 = 50% < 60%.
	# Satisfied: 网络部 A1 A2 A3 of 4 rated = 75%, reopened A4 of 5 = 20%;
	# 服务部 C1 C2 C4 of 3 = 100%.
	# Equal counts go by the name's bytes: 服 (e6 9c) before 网 (e7).
	[ "$(table_rows '### By Department')" = "| 服务部 | 5 | 35.7% | 80.0% | 75.0% | 100.0% | 0.0% | 0 |
| 网络部 | 5 | 35.7% | 100.0% | 60.0% ▼ | 75.0% | 20.0% | 0 |
| 市场部 | 4 | 28.6% | 50.0% ▼ | 100.0% | 100.0% | 0.0% | 1 |" ]
	grep -Fqx '▼ misses a target: Resolution rate ≥ 60.0%, On-time rate ≥ 70.0%' <<<"$output"
	# In HTML the mark is also a class on the cell.
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format html data.jsonl
	[ "$status" -eq 0 ]
	grep -Fqx '<tr><td>市场部</td><td class="num">4</td><td class="num">28.6%</td><td class="num below">50.0% ▼</td><td class="num">100.0%</td><td class="num">100.0%</td><td class="num">0.0%</td><td class="num">1</td></tr>' <<<"$output"
	grep -Fqx '<tr><td>服务部</td><td class="num">5</td><td class="num">35.7%</td><td class="num">80.0%</td><td class="num">75.0%</td><td class="num">100.0%</td><td class="num">0.0%</td><td class="num">0</td></tr>' <<<"$output"
}

@test "the ranking by resolution reverses the ranking by on-time, as the data says" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	# On time: 市场部 2/2 (bound 34.2%) > 服务部 3/4 (30.1%) > 网络部 3/5 (23.1%).
	[ "$(table_rows '## Department ranking')" = "| 1 | 市场部 | 4 | 100.0% (2/2) | 34.2% |  |
| 2 | 服务部 | 5 | 75.0% (3/4) | 30.1% |  |
| 3 | 网络部 | 5 | 60.0% (3/5) ▼ | 23.1% |  |" ]
	grep -Fqx 'Bottom three, last first: 网络部, 服务部, 市场部' <<<"$output"
	# Resolved: 网络部 5/5 (56.6%) > 服务部 4/5 (37.6%) > 市场部 2/4 (15.0%).
	{ cat rep.conf; printf '[report]\nrank_by = resolved_rate\n'; } >resolved.conf
	run --separate-stderr cmp-report --config resolved.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	[ "$(table_rows '## Department ranking')" = "| 1 | 网络部 | 5 | 100.0% (5/5) | 56.6% |  |
| 2 | 服务部 | 5 | 80.0% (4/5) | 37.6% |  |
| 3 | 市场部 | 4 | 50.0% (2/4) ▼ | 15.0% |  |" ]
	grep -Fqx 'Bottom three, last first: 市场部, 服务部, 网络部' <<<"$output"
	# rank_min = 5 (the default 10 would rank none): 市场部's 4 are listed, not ranked.
	{ cat resolved.conf; printf '[report]\nrank_min = 5\n'; } >five.conf
	run --separate-stderr cmp-report --config five.conf --period 2026-03 --format md data.jsonl
	[ "$(table_rows '## Department ranking')" = "| 1 | 网络部 | 5 | 100.0% (5/5) | 56.6% |  |
| 2 | 服务部 | 5 | 80.0% (4/5) | 37.6% |  |
| — | 市场部 | 4 | 50.0% (2/4) ▼ | 15.0% | not ranked: fewer than 5 tickets |" ]
}

@test "rule violations by department, their ids in Markdown and HTML; notes escaped in HTML" {
	make_data
	printf '网络部朝阳区 3 月 2 日集中断网。\n\n建议：<b>扩容</b> & "复盘"\n' >notes.md
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format md --notes notes.md data.jsonl
	[ "$status" -eq 0 ]
	# A3 dispatched late.  Overdue (resolved late, or open past resolve_due)
	# and the customer never told: A2 A4 (网络部), B3 (B4 was told), C2 C5.
	# No reply, handover or feedback deadline anywhere: "—".
	[ "$(table_rows '## First-responder accountability: rule violations by department')" = "| 服务部 | 5 | 0 | 0 | — | — | — | — | 0 | 0 | 2 |
| 网络部 | 5 | 0 | 1 | — | — | — | — | 0 | 0 | 2 |
| 市场部 | 4 | 0 | 0 | — | — | — | — | 0 | 0 | 1 |
| Total | 14 | 0 | 1 | — | — | — | — | 0 | 0 | 5 |" ]
	grep -Fqx -- '- Late dispatch: C20260302-000003' <<<"$output"
	grep -Fqx -- '- Overdue, customer not told: C20260302-000002, C20260302-000004, C20260303-000003, C20260304-000002, C20260305-000002' <<<"$output"
	[ "${lines[-1]}" = '建议：<b>扩容</b> & "复盘"' ]
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format html --notes notes.md data.jsonl
	[ "$status" -eq 0 ]
	grep -Fq '<p class="ids"><strong>Late dispatch</strong>: <code>C20260302-000003</code></p>' <<<"$output"
	grep -Fq '建议：&lt;b&gt;扩容&lt;/b&gt; &amp; &quot;复盘&quot;' <<<"$output"
	run grep -c '<b>' <<<"$output"
	[ "$output" = 0 ]
}

# Check every figure of the Markdown report in $output for the month $1
# (2026-03) against cmp-stats over the same month, with the rest of the
# arguments ($CONF and the input: files, or -d STORE): the totals, each
# breakdown of [report] by ($BY), the ranking by $RANK_BY, the mass
# complaints, the trend, the causes, escalated and repeat complaints.
# Rates are recomputed from cmp-stats' counters (--partial) as the report
# prints them (100 * num / den, one decimal), and rows not marked ▼ must
# meet $TARGET_ON_TIME and $TARGET_RESOLVED.
same_as_stats() {
	local month=$1
	shift
	local from=$month-01 to
	to=$(date -d "$from +1 month" +%F)
	local report=$output
	# the partial's group counters, one line a group: key TAB counters
	groups() {
		cmp-stats "$@" --from "$from" --to "$to" --partial --jsonl |
			jq -r --arg f "${BY1:-}" 'select(.kind == "group") | [(if $f == "" then "" else .[$f] end), .count, .resolved, .met, .on_time, .rated, .pleased, .reopened, .escalated] | @tsv'
	}
	# shellcheck disable=SC2016 # an awk program
	local awk_row='
		function pct(n, d) { return d > 0 ? sprintf("%.1f%%", 100.0 * n / d) : "—" }
		function mark(n, d, t) { return (t != "" && d > 0 && n / d < t) ? " ▼" : "" }
		BEGIN { FS = "\t" }
		{ total += $2; line[NR] = $0 }
		END {
			for (i = 1; i <= NR; i++) {
				split(line[i], v, "\t")
				label = v[1] != "" ? v[1] : (field == "department" ? "(none)" : "(empty)")
				printf "%s\t%s\t| %s | %d | %s | %s%s | %s%s | %s | %s | %d |\n", v[2], v[1], label, v[2], pct(v[2], total),
				    pct(v[3], v[2]), mark(v[3], v[2], tres), pct(v[5], v[4]), mark(v[5], v[4], tot),
				    pct(v[7], v[6]), pct(v[8], v[3]), v[9]
			}
		}'
	local f heading
	for f in $BY; do
		heading=$(awk -v f="$f" 'BEGIN { print "### By " toupper(substr(f, 1, 1)) substr(f, 2) }')
		expected=$(BY1=$f groups --by "$f" "$@" | awk -v field="$f" -v tres="${TARGET_RESOLVED:-}" -v tot="${TARGET_ON_TIME:-}" "$awk_row" |
			LC_ALL=C sort -t "$(printf '\t')" -k1,1nr -k2,2 | cut -f3 | head -n 20)
		output=$report
		[ "$(table_rows "$heading")" = "$expected" ] || { echo "$heading differs from cmp-stats"; diff <(table_rows "$heading") <(echo "$expected"); return 1; }
	done
	# totals of the month
	read -r count resolved met on_time rated pleased reopened escalated < <(groups "$@" | cut -f2-)
	output=$report
	differs "$(md_row Complaints | cut -d'|' -f3)" " $count " count
	differs "$(md_row 'Resolution rate' | cut -d'|' -f3)" " $(awk -v n="$resolved" -v d="$count" -v t="${TARGET_RESOLVED:-}" \
	    'BEGIN { printf "%.1f%%%s", 100.0 * n / d, t != "" && n / d < t ? " ▼" : "" }') " resolved_rate
	differs "$(md_row 'On-time rate (resolve)' | cut -d'|' -f3)" " $(awk -v n="$on_time" -v d="$met" -v t="${TARGET_ON_TIME:-}" \
	    'BEGIN { if (d == 0) printf "—"; else printf "%.1f%%%s", 100.0 * n / d, t != "" && n / d < t ? " ▼" : "" }') " on_time_rate
	differs "$(md_row 'Satisfaction rate' | cut -d'|' -f3)" " $(awk -v n="$pleased" -v d="$rated" 'BEGIN { if (d == 0) printf "—"; else printf "%.1f%%", 100.0 * n / d }') " satisfied_rate
	differs "$(md_row 'Reopen rate' | cut -d'|' -f3)" " $(awk -v n="$reopened" -v d="$resolved" 'BEGIN { if (d == 0) printf "—"; else printf "%.1f%%", 100.0 * n / d }') " reopen_rate
	differs "$(md_row 'Escalated' | cut -d'|' -f3)" " $escalated " escalated
	local stats
	stats=$(cmp-stats "$@" --from "$from" --to "$to" --jsonl)
	differs "$(md_row 'Repeat complaints' | cut -d'|' -f3)" " $(jq -r .repeat <<<"$stats") " repeat
	# the median from the partial's seconds, not from hours_median's two
	# decimals, which could round differently to one
	differs "$(md_row 'Median hours (resolve)' | cut -d'|' -f3)" " $(cmp-stats "$@" --from "$from" --to "$to" --partial --jsonl |
		jq -r 'select(.kind == "group") | .seconds | split(" ") | map(tonumber) | sort | length as $n |
			if $n % 2 == 1 then .[($n - 1) / 2] else (.[$n / 2 - 1] + .[$n / 2]) / 2 end' |
		awk '{ printf "%.1f", $1 / 3600 }') " hours_median
	# the ranking: each department's rate and its fraction
	local dept n num den rate
	while IFS=$'\t' read -r dept n num den; do
		rate=$(awk -v n="$num" -v d="$den" 'BEGIN { if (d == 0) printf "—"; else printf "%.1f%% (%d/%d)", 100.0 * n / d, n, d }')
		grep -Fq "| $dept | $n | $rate" <<<"$(section '## Department ranking')" ||
			{ echo "ranking: $dept $n $rate"; return 1; }
	done < <(BY1=department groups --by department "$@" |
		awk -F'\t' -v by="$RANK_BY" '$1 != "" { print $1 "\t" $2 "\t" (by == "resolved_rate" ? $3 : $5) "\t" (by == "resolved_rate" ? $2 : $4) }')
	# mass complaints, trend, causes
	differs "$(table_rows '## Mass complaints')" "$(cmp-stats "$@" --from "$from" --to "$to" --by day,region,category --csv |
		awk -F, -v min="${CLUSTER_MIN:-5}" 'NR > 1 && $2 != "" && $3 != "" && $4 >= min { print $4 "\t" $1 "\t| " $1 " | " $2 " | " $3 " | " $4 " |" }' |
		LC_ALL=C sort -t "$(printf '\t')" -k1,1nr -k2,2 | cut -f3)" "mass complaints"
	differs "$(section '## Trend' | awk '/^[0-9]+ / { if ($NF > 0) print $1, $NF }')" \
	    "$(cmp-stats "$@" --from "$from" --to "$to" --by day --csv | awk -F, 'NR > 1 { print substr($1, 9) + 0, $2 }')" trend
	differs "$(table_rows '### Top causes' | cut -d'|' -f2,3 | LC_ALL=C sort)" \
	    "$(cmp-stats "$@" --from "$from" --to "$to" --by cause --csv | awk -F, 'NR > 1 && $1 != "" { print " " $1 " | " $2 " " }' | LC_ALL=C sort | head -n 10)" causes
}

# Fail, showing the difference, unless $1 (the report's) is $2 (cmp-stats'); $3 names it.
differs() {
	[ "$1" = "$2" ] || { echo "$3: the report's, then cmp-stats'"; diff <(echo "$1") <(echo "$2"); return 1; }
}

@test "every figure of the report is cmp-stats' over the same month" {
	make_data
	run --separate-stderr cmp-report --config rep.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	BY="category department channel region" RANK_BY=on_time_rate TARGET_ON_TIME=0.7 TARGET_RESOLVED=0.6 \
	    same_as_stats 2026-03 --config rep.conf data.jsonl
	{ cat rep.conf; printf '[report]\nrank_by = resolved_rate\nby = severity,cause,department\n'; } >resolved.conf
	run --separate-stderr cmp-report --config resolved.conf --period 2026-03 --format md data.jsonl
	[ "$status" -eq 0 ]
	BY="severity cause department" RANK_BY=resolved_rate TARGET_ON_TIME=0.7 TARGET_RESOLVED=0.6 \
	    same_as_stats 2026-03 --config resolved.conf data.jsonl
}

@test "the monthly report of the sample store: every figure is cmp-stats', and every section is there" {
	mkdir "$STORE"
	printf '[report]\nrank_by = resolved_rate\nrank_min = 10\ncases = severity=urgent\n[targets]\non_time_rate = 0.9\nresolved_rate = 0.5\n' >"$STORE/cmp.conf"
	cmp-new -d "$STORE" "$SAMPLE" >/dev/null
	cmp-assign -d "$STORE" --where category=network --dept 网络部 >/dev/null
	cmp-assign -d "$STORE" --where category=billing --dept 市场部 >/dev/null
	cmp-assign -d "$STORE" --where category=service --dept 服务部 >/dev/null
	cmp-close -d "$STORE" --where 'department=网络部,region~^(朝阳|海淀)' --resolution 已处理 >/dev/null
	cmp-close -d "$STORE" --where 'department=市场部,channel=hotline' --resolution 已退费 >/dev/null
	printf '本月结论。\n' >notes.md
	run --separate-stderr cmp-report -d "$STORE" --period 2026-11 --format md --notes notes.md
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(grep '^## ' <<<"$output")" = "## Totals and rates
## Trend
## Breakdowns
## Department ranking
## Causes and measures
## Overdue and escalated
## Repeat complaints
## Mass complaints
## Typical cases
## First-responder accountability: rule violations by department
## Analysis and recommendations" ]
	# 300 complaints in November's 21 working days; none before.
	[ "$(md_row 'Complaints per working day')" = '| Complaints per working day | 14.29 | 0.00 | — | 0.00 | — |' ]
	[ "$(table_rows '## Mass complaints')" = '| 2026-11-20 | 海淀区 | network | 5 |' ]
	grep -Fqx 'Cases matching severity=urgent: 14' <<<"$output"
	[ "$(table_rows '## Typical cases' | wc -l)" -eq 14 ]
	# Resolved: 网络部 36/87, 市场部 28/74, 服务部 0/45 (a bound of 0, not
	# "-0.0%" as the floating-point sum for 0 once printed).
	[ "$(table_rows '## Department ranking')" = '| 1 | 网络部 | 87 | 41.4% (36/87) ▼ | 31.6% |  |
| 2 | 市场部 | 74 | 37.8% (28/74) ▼ | 27.6% |  |
| 3 | 服务部 | 45 | 0.0% (0/45) ▼ | 0.0% |  |
| — | (none) | 94 | 0.0% (0/94) ▼ | 0.0% | not dispatched |' ]
	[ "${lines[-1]}" = '本月结论。' ]
	BY="category department channel region" RANK_BY=resolved_rate TARGET_ON_TIME=0.9 TARGET_RESOLVED=0.5 \
	    same_as_stats 2026-11 -d "$STORE"
}
