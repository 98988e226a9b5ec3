#!/usr/bin/env bats
# tests/300-cmp-assign.bats - cmp-assign (SPEC §6): dispatch (派单),
# handover inside a department (交办), redispatch with a reason (二次派单),
# return with a reason (退单), routing by policy (--auto), the first
# responder who never changes, the filter without a store, and every way it
# refuses (SPEC §7), each refusal leaving the store byte-identical.

load helper

USAGE1='usage: cmp-assign [-d DIR] [--dept D [--to PERSON] | --to PERSON | --auto |'

A=C20261123-000001	# network, general, received 09:00
B=C20261123-000002	# billing, complex, received 09:10
C=C20261123-000003	# other, urgent, received 09:20

# Three new tickets registered by alice at 09:30 on Monday 2026-11-23.
make_store() {
	cat >in.csv <<'CSV'
received_at,category,severity,region,summary
2026-11-23T09:00:00+08:00,network,general,朝阳区,信号差
2026-11-23T09:10:00+08:00,billing,complex,海淀区,多扣费
2026-11-23T09:20:00+08:00,other,urgent,朝阳区,态度差
CSV
	cmp-new -d "$STORE" --now 2026-11-23T09:30 --by alice in.csv >/dev/null
}

# The values of the jq expressions $2 of ticket $1 (open or archived), "|"-joined.
get() {
	cmp-ls -d "$STORE" --all --jsonl "$1" >"$BATS_TEST_TMPDIR/rec.jsonl" || return
	jq -r "[$2] | join(\"|\")" "$BATS_TEST_TMPDIR/rec.jsonl"
}

# The dispatch fields of ticket $1.
DISPATCH='.status, .department, .assignee, .dispatched_at, .assigned_at, .handed_at, .dispatches, .returns, .reason'

# The changes of the last journal line, compact.
last_changes() {
	tail -n 1 "$STORE/journal.jsonl" | jq -c '[.tool, .actor, .now, .id, .changes]'
}

# A refusal: STATUS, nothing on stdout, MESSAGE first on stderr, store as before.
assert_refused() {
	[ "$status" -eq "$1" ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "$2" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

# --- help ------------------------------------------------------------------

@test "--help prints the synopsis and every option to stdout; --version" {
	run --separate-stderr cmp-assign --help
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "$USAGE1" ]
	for o in --dept --to --auto --return --reason --ids-from --dir --config --now --actor --csv --jsonl --where --wait --help --version; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
	done
	run --separate-stderr cmp-assign --version
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^cmp-assign\ \(cmp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

# --- dispatch --------------------------------------------------------------

@test "--dept dispatches a new ticket: assigned, department, times, counted; prints the id" {
	make_store
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:40 --actor bob "$A"
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$DISPATCH, .first_responder, .updated_at")" = "assigned|网络部||2026-11-23T09:40:00+08:00|2026-11-23T09:40:00+08:00||1|0||alice|2026-11-23T09:40:00+08:00" ]
	# The deadlines set at registration stay.
	[ "$(get "$A" '.dispatch_due, .reply_due, .resolve_due')" = "2026-11-23T09:30:00+08:00||2026-11-24T09:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-assign","bob","2026-11-23T09:40:00+08:00","C20261123-000001",{"status":["new","assigned"],"department":["","网络部"],"dispatched_at":["","2026-11-23T09:40:00+08:00"],"assigned_at":["","2026-11-23T09:40:00+08:00"],"dispatches":["0","1"],"updated_at":["2026-11-23T09:30:00+08:00","2026-11-23T09:40:00+08:00"]}]' ]
	# The other tickets are untouched.
	[ "$(get "$B" "$DISPATCH")" = "new||||||0|0|" ]
}

@test "--dept with --to dispatches and hands over at once: handed_at = assigned_at" {
	make_store
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --to 李工 --now 2026-11-23T09:45 "$B"
	[ "$status" -eq 0 ]
	[ "$output" = "$B" ]
	[ "$(get "$B" "$DISPATCH")" = "assigned|市场部|李工|2026-11-23T09:45:00+08:00|2026-11-23T09:45:00+08:00|2026-11-23T09:45:00+08:00|1|0|" ]
}

@test "several ids are one command: each dispatched and journalled, ids in store order" {
	make_store
	run --separate-stderr cmp-assign -d "$STORE" --dept 客服部 --now 2026-11-23T09:40 "$C" "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A
$C" ]
	[ "$(jq -r 'select(.tool == "cmp-assign") | .id' "$STORE/journal.jsonl")" = "$A
$C" ]
	[ "$(get "$C" '.status, .department, .dispatches')" = "assigned|客服部|1" ]
}

@test "--dept naming the current department of an assigned ticket is no new dispatch" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:40 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T11:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	# Even with a reason: nothing to redispatch.
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --reason again --now 2026-11-23T11:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "--dept naming the current department with --to is a handover only" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:40 "$A" >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T10:05 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$DISPATCH")" = "assigned|网络部|张工|2026-11-23T09:40:00+08:00|2026-11-23T09:40:00+08:00|2026-11-23T10:05:00+08:00|1|0|" ]
}

# --- handover ----------------------------------------------------------------

@test "--to alone on an assigned ticket is the handover: assignee, handed_at = now" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:40 "$A" >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --to 张工 --now 2026-11-23T10:00 --actor 王经理 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$DISPATCH")" = "assigned|网络部|张工|2026-11-23T09:40:00+08:00|2026-11-23T09:40:00+08:00|2026-11-23T10:00:00+08:00|1|0|" ]
	[ "$(last_changes)" = '["cmp-assign","王经理","2026-11-23T10:00:00+08:00","C20261123-000001",{"assignee":["","张工"],"handed_at":["","2026-11-23T10:00:00+08:00"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:00:00+08:00"]}]' ]
	# To another person: handed over again; to the same person: nothing.
	run --separate-stderr cmp-assign -d "$STORE" --to 赵工 --now 2026-11-23T10:30 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" '.assignee, .handed_at, .dispatches')" = "赵工|2026-11-23T10:30:00+08:00|1" ]
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --to 赵工 --now 2026-11-23T11:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "--to alone on a new ticket is refused (65): dispatch it first" {
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --to 张工 "$A"
	assert_refused 65 "cmp-assign: $A: status new: a handover (--to) needs a dispatched ticket: give --dept too"
}

# --- redispatch ----------------------------------------------------------------

@test "a dispatch to another department needs --reason (64), and nothing is written" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T09:40 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --now 2026-11-23T10:00 "$A"
	assert_refused 64 "cmp-assign: $A: dispatched before (to 网络部): a second dispatch (二次派单) needs --reason"
	[ "${stderr_lines[1]}" = "$USAGE1" ]
	# One ticket needing a reason stops the whole command.
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --now 2026-11-23T10:00 "$B" "$A"
	assert_refused 64 "cmp-assign: $A: dispatched before (to 网络部): a second dispatch (二次派单) needs --reason"
}

@test "a redispatch with --reason: new department and assigned_at, first dispatch kept, counted, assignee cleared" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T09:40 "$A" >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --reason 属计费问题 --now 2026-11-23T10:00 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$DISPATCH, .first_responder")" = "assigned|市场部||2026-11-23T09:40:00+08:00|2026-11-23T10:00:00+08:00||2|0|属计费问题|alice" ]
	[ "$(last_changes)" = '["cmp-assign","'"$(id -un)"'","2026-11-23T10:00:00+08:00","C20261123-000001",{"department":["网络部","市场部"],"assignee":["张工",""],"assigned_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:00:00+08:00"],"handed_at":["2026-11-23T09:40:00+08:00",""],"dispatches":["1","2"],"reason":["","属计费问题"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:00:00+08:00"]}]' ]
	# With --to the new department's person takes it at once.
	run --separate-stderr cmp-assign -d "$STORE" --dept 客服部 --to 周工 --reason 服务问题 --now 2026-11-23T10:30 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" "$DISPATCH")" = "assigned|客服部|周工|2026-11-23T09:40:00+08:00|2026-11-23T10:30:00+08:00|2026-11-23T10:30:00+08:00|3|0|服务问题" ]
}

# --- return ------------------------------------------------------------------

@test "--return --reason: new again, counted, department and person cleared, clock not restarted" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 --to 张工 --now 2026-11-23T09:40 "$A" >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --return --reason 非本部门职责 --now 2026-11-23T10:10 --actor net "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$DISPATCH, .first_responder")" = "new|||2026-11-23T09:40:00+08:00|2026-11-23T09:40:00+08:00||1|1|非本部门职责|alice" ]
	[ "$(get "$A" '.dispatch_due, .reply_due, .resolve_due')" = "2026-11-23T09:30:00+08:00||2026-11-24T09:00:00+08:00" ]
	[ "$(last_changes)" = '["cmp-assign","net","2026-11-23T10:10:00+08:00","C20261123-000001",{"status":["assigned","new"],"department":["网络部",""],"assignee":["张工",""],"handed_at":["2026-11-23T09:40:00+08:00",""],"returns":["0","1"],"reason":["","非本部门职责"],"updated_at":["2026-11-23T09:40:00+08:00","2026-11-23T10:10:00+08:00"]}]' ]
}

@test "after a return every dispatch needs --reason, even to the same department" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T09:40 "$A" >/dev/null
	cmp-assign -d "$STORE" --return --reason 非本部门职责 --now 2026-11-23T10:10 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --now 2026-11-23T10:20 "$A"
	assert_refused 64 "cmp-assign: $A: dispatched before (to a department that returned it): a second dispatch (二次派单) needs --reason"
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --reason 计费问题 --now 2026-11-23T10:20 "$A"
	[ "$status" -eq 0 ]
	[ "$(get "$A" "$DISPATCH")" = "assigned|市场部||2026-11-23T09:40:00+08:00|2026-11-23T10:20:00+08:00||2|1|计费问题" ]
}

@test "--return needs --reason, takes no --to or --dept, and only an assigned ticket (64, 65)" {
	make_store
	cmp-assign -d "$STORE" --dept 网络部 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --return "$A"
	assert_refused 64 "cmp-assign: --return needs --reason (退单 must say why)"
	run --separate-stderr cmp-assign -d "$STORE" --return --reason '' "$A"
	assert_refused 64 "cmp-assign: --return needs --reason (退单 must say why)"
	run --separate-stderr cmp-assign -d "$STORE" --return --reason x --to 张工 "$A"
	assert_refused 64 "cmp-assign: --return takes the ticket from its department: no --to"
	run --separate-stderr cmp-assign -d "$STORE" --return --reason x --dept 市场部 "$A"
	assert_refused 64 "cmp-assign: --dept, --auto and --return exclude each other"
	run --separate-stderr cmp-assign -d "$STORE" --return --reason x "$A" "$B"
	assert_refused 65 "cmp-assign: $B: status new: only an assigned ticket can be returned"
}

# --- routing -----------------------------------------------------------------

@test "--auto routes new tickets by the default rules and names those it cannot route" {
	make_store
	run --separate-stderr cmp-assign -d "$STORE" --auto --now 2026-11-23T09:40 --where status=new
	[ "$status" -eq 0 ]
	[ "$output" = "$A
$B" ]
	[ "$stderr" = "cmp-assign: $C: not routed: no routing rule matches" ]
	[ "$(get "$A" '.status, .department, .dispatches')" = "assigned|网络部|1" ]
	[ "$(get "$B" '.status, .department, .dispatches')" = "assigned|市场部|1" ]
	[ "$(get "$C" '.status, .department, .dispatches')" = "new||0" ]
	# Nothing routed: exit 1, store unchanged.
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --auto "$C"
	assert_refused 1 "cmp-assign: $C: not routed: no routing rule matches"
}

@test "--auto: keyword in the summary, then [routing.FIELD] in file order, then category" {
	cat >route.conf <<'EOF'
[routing]
other = 客服部
[routing.region]
朝阳区 = 朝阳分公司
[routing.severity]
complex = 投诉组
urgent = 应急组
[routing.keyword]
扣费 = 计费中心
EOF
	cat >in.csv <<'CSV'
category,severity,region,summary
network,urgent,朝阳区,多扣费又断网
network,urgent,朝阳区,断网
network,urgent,海淀区,断网
other,general,海淀区,态度差
network,general,海淀区,断网
CSV
	cmp-new -d "$STORE" in.csv >/dev/null
	run --separate-stderr cmp-assign -d "$STORE" --config route.conf --auto --where status=new
	[ "$status" -eq 0 ]
	cmp-ls -d "$STORE" --jsonl >all.jsonl
	[ "$(jq -r '[.id, .status, .department] | join(" ")' all.jsonl)" = "C20261123-000001 assigned 计费中心
C20261123-000002 assigned 朝阳分公司
C20261123-000003 assigned 应急组
C20261123-000004 assigned 客服部
C20261123-000005 new " ]
	# A [routing] section in the policy replaces the defaults: network is not routed.
	[ "$stderr" = "cmp-assign: C20261123-000005: not routed: no routing rule matches" ]
}

@test "--auto leaves an assigned ticket alone and a returned one to a dispatch with --reason" {
	make_store
	cmp-assign -d "$STORE" --dept 客服部 "$C" >/dev/null
	cmp-assign -d "$STORE" --dept 网络部 "$A" >/dev/null
	cmp-assign -d "$STORE" --return --reason 不是网络问题 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --auto "$C" "$A"
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-assign: $A: not routed: returned before; dispatch it with --reason
cmp-assign: $C: not routed: already assigned to 客服部" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	run --separate-stderr cmp-assign -d "$STORE" --auto --reason 按规则重派 --now 2026-11-23T10:30 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
	[ "$(get "$A" "$DISPATCH")" = "assigned|网络部||2026-11-23T10:00:00+08:00|2026-11-23T10:30:00+08:00||2|1|按规则重派" ]
}

# --- refusals ------------------------------------------------------------------

@test "a resolved ticket is refused (65) naming its status; nothing is written" {
	make_store
	cmp-close -d "$STORE" --resolution 当场解决 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 "$B" "$A"
	assert_refused 65 "cmp-assign: $A: status resolved: only a new or assigned ticket is dispatched"
	[ "$(get "$B" .status)" = new ]
}

@test "a closed (archived) ticket is refused (65) by name; an unknown id too" {
	make_store
	cmp-close -d "$STORE" --force --reason 联系不上 "$A" >/dev/null
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 "$A" "$B"
	assert_refused 65 "cmp-assign: $A: closed: a closed ticket is never changed (register a new complaint)"
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 "$B" C20990101-000001
	assert_refused 65 "cmp-assign: C20990101-000001: no such ticket"
}

@test "with a store and no ids, --ids-from or --where: usage error (64); stdin is not read" {
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 <"$SAMPLE"
	assert_refused 64 "cmp-assign: no ticket selected: give ids, --ids-from or --where (nothing is changed by accident)"
	[ "${stderr_lines[1]}" = "$USAGE1" ]
}

@test "bad usage (64): nothing to do, exclusive options, empty values, unknown option, missing value" {
	make_store
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" "$A"
	assert_refused 64 "cmp-assign: nothing to do: give --dept, --to, --auto, --return, --hold, --resume, --note, --eta or -s"
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --auto "$A"
	assert_refused 64 "cmp-assign: --dept, --auto and --return exclude each other"
	run --separate-stderr cmp-assign -d "$STORE" --dept '' "$A"
	assert_refused 64 "cmp-assign: --dept: empty"
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --to '' "$A"
	assert_refused 64 "cmp-assign: --to: empty"
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --reason '' "$A"
	assert_refused 64 "cmp-assign: --reason: empty"
	run --separate-stderr cmp-assign -d "$STORE" --bogus "$A"
	assert_refused 64 "cmp-assign: unknown option --bogus"
	run --separate-stderr cmp-assign -d "$STORE" "$A" --dept
	assert_refused 64 "cmp-assign: option --dept needs a value"
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --now yesterday "$A"
	[ "$status" -eq 64 ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "[values] department limits --dept (64)" {
	make_store
	printf '[values]\ndepartment = 网络部,市场部\n' >"$STORE/cmp.conf"
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 后勤部 "$A"
	assert_refused 64 'cmp-assign: --dept: "后勤部" is not one of 网络部, 市场部'
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 "$A"
	[ "$status" -eq 0 ]
}

@test "a store locked by another process: 75 after --wait, store byte-identical" {
	make_store
	before=$(store_sum "$STORE")
	# This shell holds the lock, as an administrator's flock(1) would.
	exec {lock}<"$STORE/.lock"
	flock -x "$lock"
	run --separate-stderr cmp-assign -d "$STORE" --wait 0.2 --dept 网络部 "$A"
	exec {lock}<&-
	[ "$status" -eq 75 ]
	[ "$output" = "" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	run --separate-stderr cmp-assign -d "$STORE" --wait 0.2 --dept 网络部 "$A"
	[ "$status" -eq 0 ]
	[ "$output" = "$A" ]
}

# --- selection ------------------------------------------------------------------

@test "--where and --ids-from select; nothing selected exits 1 and writes nothing" {
	make_store
	run --separate-stderr cmp-assign -d "$STORE" --dept 朝阳分公司 --where 'region=朝阳区'
	[ "$status" -eq 0 ]
	[ "$output" = "$A
$C" ]
	printf '%s\n' "$B" >ids.txt
	run --separate-stderr cmp-assign -d "$STORE" --dept 市场部 --ids-from ids.txt
	[ "$output" = "$B" ]
	cmp-assign -d "$STORE" --return --reason x --ids-from - <ids.txt >/dev/null
	[ "$(get "$B" '.status, .returns')" = "new|1" ]
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --where 'region=西城区'
	assert_refused 1 ""
	[ "$stderr" = "" ]
}

# --- without a store --------------------------------------------------------------

@test "without a store it is a filter: every record out, the selected ones changed, no journal" {
	make_store
	cmp-ls -d "$STORE" --fields id,status,category,summary >tickets.csv
	run --separate-stderr cmp-assign --dept 网络部 --where category=network --now 2026-11-23T09:40 tickets.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "id,status,category,summary,department,assignee,dispatched_at,assigned_at,handed_at,dispatches,returns,reason,updated_at
$A,assigned,network,信号差,网络部,,2026-11-23T09:40:00+08:00,2026-11-23T09:40:00+08:00,,1,,,2026-11-23T09:40:00+08:00
$B,new,billing,多扣费,,,,,,,,,
$C,new,other,态度差,,,,,,,,," ]
	# Standard input with --auto; JSON Lines stay JSON Lines; unrouted named by line.
	cmp-ls -d "$STORE" --jsonl >tickets.jsonl
	run --separate-stderr cmp-assign --auto --now 2026-11-23T09:40 <tickets.jsonl
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.id, .status, .department] | join(" ")' <<<"$output")" = "$A assigned 网络部
$B assigned 市场部
$C new " ]
	[ "$stderr" = "cmp-assign: (stdin):3: not routed: no routing rule matches" ]
}

@test "- with a store reads records from standard input and leaves the store alone" {
	make_store
	cmp-ls -d "$STORE" >tickets.csv
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-assign -d "$STORE" --dept 网络部 --jsonl --where "id=$B" - <tickets.csv
	[ "$status" -eq 0 ]
	[ "$(jq -r '[.id, .status, .department] | join(" ")' <<<"$output")" = "$A new 
$B assigned 网络部
$C new " ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "a full output device is an I/O error (74)" {
	make_store
	cmp-ls -d "$STORE" >tickets.csv
	run --separate-stderr bash -c 'cmp-assign --dept x tickets.csv >/dev/full'
	[ "$status" -eq 74 ]
	[ "$stderr" = "cmp-assign: stdout: write error: No space left on device" ]
}
