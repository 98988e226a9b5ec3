#!/usr/bin/env bats
# tests/100-cmp-new.bats - cmp-new: every option, what a new ticket holds
# (SPEC §3, §5, §6), what it writes to a store, and every way it refuses
# (SPEC §7).  Store safety under concurrency and crashes is 110-store.bats.

load helper

# The canonical fields of SPEC §3, in order.
CANON=id,received_at,created_at,channel,name,phone,email,address,customer,vip,region,location,product,category,severity,summary,expectation,source,status,first_responder,department,assignee,dispatched_at,assigned_at,handed_at,dispatches,returns,reason,dispatch_due,reply_due,resolve_due,replied_at,progress,progress_at,told_at,told_channel,eta,escalation,escalated_at,resolved_at,resolution,cause,measures,responsible,feedback_due,feedback_at,feedback_channel,satisfaction,opinion,reopens,closed_at,updated_at

USAGE1='usage: cmp-new [-d DIR] [--channel C] [--name N] [--phone P] [--email E]'

# "field=value" lines of each JSON object in $1, in the object's order.
fields() {
	jq -r 'to_entries[] | "\(.key)=\(.value)"' <<<"$1"
}

# Selected fields of each JSON object in $1, space-separated, a line each.
pick() {
	jq -r "[$2] | join(\" \")" <<<"$1"
}

# A usage error: exit 64, nothing on stdout, MESSAGE then the synopsis.
assert_usage() {
	[ "$status" -eq 64 ]
	[ "$output" = "" ]
	[ "${stderr_lines[0]}" = "$1" ]
	[ "${stderr_lines[1]}" = "$USAGE1" ]
}

# --- help and version ----------------------------------------------------

@test "--help prints the synopsis and every option to stdout and exits 0" {
	run --separate-stderr cmp-new --help
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${lines[0]}" = "$USAGE1" ]
	[[ "$output" == *"      --severity S    general (default), complex, urgent"* ]]
	[[ "$output" == *"  -s FIELD=VALUE      any intake field, or an extra field"* ]]
	[[ "$output" == *"      --wait SECONDS how long to wait for the store lock (default: 10)"* ]]
	for o in channel name phone email address customer vip region location \
	    product category severity summary expect received by \
	    dir config now actor csv jsonl wait help version; do
		[[ "$output" == *"--$o"* ]] || { echo "--$o is not in the help"; false; }
	done
}

@test "-h is --help" {
	run --separate-stderr cmp-new --help
	help=$output
	run --separate-stderr cmp-new -h
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "$help" ]
}

@test "--version prints the tool, the suite and the Makefile's version" {
	version=$(sed -n 's/^VERSION *= *//p' "$ROOT/Makefile")
	run --separate-stderr cmp-new --version
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "cmp-new (cmp) $version" ]
}

# --- a ticket from options, without a store ------------------------------

@test "every field option fills its field; the record has the canonical fields in order" {
	run --separate-stderr cmp-new --jsonl --channel hotline --name 张三 \
	    --phone 13800000000 --email zs@example.com --address '1 Road, Apt 2' \
	    --customer K42 --vip yes --region 东区 --location 营业厅 \
	    --product 5G套餐 --category billing --severity general \
	    --summary 'charged twice' --expect refund \
	    --received '2026-11-23 09:20' --by alice
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 1 ]
	diff -u - <(fields "$output") <<'EOF'
id=C20261123-000001
received_at=2026-11-23T09:20:00+08:00
created_at=2026-11-23T10:00:00+08:00
channel=hotline
name=张三
phone=13800000000
email=zs@example.com
address=1 Road, Apt 2
customer=K42
vip=yes
region=东区
location=营业厅
product=5G套餐
category=billing
severity=general
summary=charged twice
expectation=refund
source=
status=new
first_responder=alice
department=
assignee=
dispatched_at=
assigned_at=
handed_at=
dispatches=0
returns=0
reason=
dispatch_due=2026-11-23T09:50:00+08:00
reply_due=
resolve_due=2026-11-24T09:20:00+08:00
replied_at=
progress=
progress_at=
told_at=
told_channel=
eta=
escalation=0
escalated_at=
resolved_at=
resolution=
cause=
measures=
responsible=
feedback_due=
feedback_at=
feedback_channel=
satisfaction=
opinion=
reopens=0
closed_at=
updated_at=2026-11-23T10:00:00+08:00
EOF
}

@test "CSV is the default output: canonical header, quotes only where needed" {
	run --separate-stderr cmp-new --summary 'said "no", twice' --address 'Road 1' --by ann
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "$CANON" ]
	[ "${lines[1]}" = 'C20261123-000001,2026-11-23T10:00:00+08:00,2026-11-23T10:00:00+08:00,,,,,Road 1,,no,,,,,general,"said ""no"", twice",,,new,ann,,,,,,0,0,,2026-11-23T10:30:00+08:00,,2026-11-24T10:00:00+08:00,,,,,,,0,,,,,,,,,,,,0,,2026-11-23T10:00:00+08:00' ]
}

@test "defaults: received now, general, not VIP, first responder the actor, counters 0" {
	run --separate-stderr cmp-new --jsonl --actor bob --summary x
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(pick "$output" '.received_at, .created_at, .updated_at')" = "2026-11-23T10:00:00+08:00 2026-11-23T10:00:00+08:00 2026-11-23T10:00:00+08:00" ]
	[ "$(pick "$output" '.status, .severity, .vip, .first_responder')" = "new general no bob" ]
	[ "$(pick "$output" '.dispatches, .returns, .reopens, .escalation')" = "0 0 0 0" ]
}

@test "--by names the first responder even when --actor is given" {
	run --separate-stderr cmp-new --jsonl --actor bob --by 李四 --summary x
	[ "$status" -eq 0 ]
	[ "$(pick "$output" .first_responder)" = "李四" ]
}

@test "without --actor the first responder is the login name" {
	LOGNAME=zoe run --separate-stderr cmp-new --jsonl --summary x
	[ "$status" -eq 0 ]
	[ "$(pick "$output" .first_responder)" = "zoe" ]
}

@test "general: dispatch in 30m, no reply stage, resolve in 24h" {
	run --separate-stderr cmp-new --jsonl --severity general --summary x
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.dispatch_due, "[" + .reply_due + "]", .resolve_due')" = "2026-11-23T10:30:00+08:00 [] 2026-11-24T10:00:00+08:00" ]
}

@test "complex: reply in 72h, resolve in 15 working days" {
	# Monday 2026-11-23: 15 working days later is Monday 2026-12-14.
	run --separate-stderr cmp-new --jsonl --severity complex --summary x
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.dispatch_due, .reply_due, .resolve_due')" = "2026-11-23T10:30:00+08:00 2026-11-26T10:00:00+08:00 2026-12-14T10:00:00+08:00" ]
}

@test "urgent: reply in 2h, resolve in 24h" {
	run --separate-stderr cmp-new --jsonl --severity urgent --summary x
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.dispatch_due, .reply_due, .resolve_due')" = "2026-11-23T10:30:00+08:00 2026-11-23T12:00:00+08:00 2026-11-24T10:00:00+08:00" ]
}

@test "deadlines count from --received, given in any accepted form" {
	for t in '2026-11-23 08:15' '2026-11-23T08:15' '2026-11-23 08:15:00' \
	    '2026-11-23T08:15:00+08:00' '2026-11-23T00:15:00Z'; do
		run --separate-stderr cmp-new --jsonl --severity urgent --received "$t" --summary x
		[ "$status" -eq 0 ]
		[ "$(pick "$output" '.received_at, .created_at, .dispatch_due, .reply_due, .resolve_due')" = "2026-11-23T08:15:00+08:00 2026-11-23T10:00:00+08:00 2026-11-23T08:45:00+08:00 2026-11-23T10:15:00+08:00 2026-11-24T08:15:00+08:00" ]
	done
}

@test "--now sets created_at and the date of the id, over CMP_NOW" {
	run --separate-stderr cmp-new --jsonl --now '2026-12-01 08:00' --summary x
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(pick "$output" '.id, .received_at, .created_at, .dispatch_due')" = "C20261201-000001 2026-12-01T08:00:00+08:00 2026-12-01T08:00:00+08:00 2026-12-01T08:30:00+08:00" ]
}

@test "CMP_NOW is the time to act at when --now is not given" {
	CMP_NOW=2026-12-31T23:50:00+08:00 run --separate-stderr cmp-new --jsonl --summary x
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.id, .created_at, .dispatch_due')" = "C20261231-000001 2026-12-31T23:50:00+08:00 2027-01-01T00:20:00+08:00" ]
}

@test "-s sets intake fields; extra fields follow the canonical ones, in order" {
	run --separate-stderr cmp-new --jsonl -s channel=web -s summary=slow \
	    -s ref=HX-7 -s 工号=007 -s note= -s source=legacy:1
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(pick "$output" '.channel, .summary, .source')" = "web slow legacy:1" ]
	[ "$(jq -r 'keys_unsorted[49:] | join(",")' <<<"$output")" = "reopens,closed_at,updated_at,ref,工号,note" ]
	[ "$(pick "$output" '.ref, .["工号"], "[" + .note + "]"')" = "HX-7 007 []" ]
}

@test "a field option given twice: the last one counts" {
	run --separate-stderr cmp-new --jsonl --summary one --summary two -s ref=a -s ref=b
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.summary, .ref')" = "two b" ]
}

# --- records on input, without a store -----------------------------------


@test "CSV input: a ticket a record, ids from 1, extra columns after the canonical ones" {
	printf 'ref,summary,received_at,phone,id\nA1,no signal,2026-11-23 09:00,138,\nA2,"bill, wrong",,139,\n' >in.csv
	run --separate-stderr cmp-new --actor ann in.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$CANON,ref" ]
	[ "${lines[1]}" = 'C20261123-000001,2026-11-23T09:00:00+08:00,2026-11-23T10:00:00+08:00,,,138,,,,no,,,,,general,no signal,,,new,ann,,,,,,0,0,,2026-11-23T09:30:00+08:00,,2026-11-24T09:00:00+08:00,,,,,,,0,,,,,,,,,,,,0,,2026-11-23T10:00:00+08:00,A1' ]
	[ "${lines[2]}" = 'C20261123-000002,2026-11-23T10:00:00+08:00,2026-11-23T10:00:00+08:00,,,139,,,,no,,,,,general,"bill, wrong",,,new,ann,,,,,,0,0,,2026-11-23T10:30:00+08:00,,2026-11-24T10:00:00+08:00,,,,,,,0,,,,,,,,,,,,0,,2026-11-23T10:00:00+08:00,A2' ]
}

@test "field options apply to every input record, over the record's own value" {
	printf 'summary,channel,first_responder\na,web,kim\nb,,\n' >in.csv
	run --separate-stderr cmp-new --jsonl --actor ann --channel counter --severity urgent in.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(pick "$output" '.id, .summary, .channel, .severity, .reply_due, .first_responder')" = "C20261123-000001 a counter urgent 2026-11-23T12:00:00+08:00 kim
C20261123-000002 b counter urgent 2026-11-23T12:00:00+08:00 ann" ]
}

@test "JSON Lines in, JSON Lines out; extra fields pass through; non-strings read as text" {
	printf '%s\n' '{"summary":"a","extra":"e1","channel":"web","n":3,"ok":true,"vip":null}' \
	    '{"summary":"b","zz":"1"}' >in.jsonl
	run --separate-stderr cmp-new in.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(jq -r 'keys_unsorted[52:] | join(",")' <<<"${lines[0]}")" = "extra,n,ok" ]
	[ "$(jq -r 'keys_unsorted[52:] | join(",")' <<<"${lines[1]}")" = "zz" ]
	[ "$(pick "$output" '.id, .summary, .channel, .vip, .extra, .n, .ok')" = "C20261123-000001 a web no e1 3 true
C20261123-000002 b  no   " ]
}

@test "--csv writes CSV from JSON Lines: one header, the union of the extra fields" {
	printf '%s\n' '{"summary":"a","extra":"e1"}' '{"summary":"b","zz":"1"}' >in.jsonl
	run --separate-stderr cmp-new --csv in.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$CANON,extra,zz" ]
	[[ "${lines[1]}" == C20261123-000001,*,a,*,2026-11-23T10:00:00+08:00,e1, ]]
	[[ "${lines[2]}" == C20261123-000002,*,b,*,2026-11-23T10:00:00+08:00,,1 ]]
}

@test "--jsonl writes JSON Lines from CSV" {
	printf 'summary\r\nfrom csv\r\n' >in.csv
	run --separate-stderr cmp-new --jsonl in.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$(pick "$output" '.id, .summary')" = "C20261123-000001 from csv" ]
}

@test "several input files are one batch, numbered through" {
	printf 'summary\none\n' >a.csv
	printf 'summary,ref\ntwo,R2\n' >b.csv
	run --separate-stderr cmp-new a.csv b.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = "$CANON,ref" ]
	[[ "${lines[1]}" == C20261123-000001,*,one,*,2026-11-23T10:00:00+08:00, ]]
	[[ "${lines[2]}" == C20261123-000002,*,two,*,2026-11-23T10:00:00+08:00,R2 ]]
}

@test "- reads standard input, and so does no operand without a store" {
	printf '{"summary":"from stdin"}\n' >in.jsonl
	run --separate-stderr cmp-new - <in.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(pick "$output" '.id, .summary')" = "C20261123-000001 from stdin" ]
	run --separate-stderr cmp-new <in.jsonl
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$(pick "$output" '.id, .summary')" = "C20261123-000001 from stdin" ]
}

@test "empty input registers nothing and prints nothing" {
	run --separate-stderr cmp-new </dev/null
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "" ]
}

# --- with a store ---------------------------------------------------------

@test "with a store: only the new ids, one a line, numbered on from the store" {
	run --separate-stderr cmp-new -d "$STORE" --summary first
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "C20261123-000001" ]
	printf 'summary\ntwo\nthree\n' >in.csv
	run --separate-stderr cmp-new -d "$STORE" in.csv
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "C20261123-000002
C20261123-000003" ]
	run --separate-stderr cmp-new -d "$STORE" --now 2026-11-24T08:00:00+08:00 --summary next-day
	[ "$status" -eq 0 ]
	[ "$output" = "C20261124-000001" ]
}

@test "CMP_STORE names the store; -d overrides it" {
	CMP_STORE=$STORE run --separate-stderr cmp-new --summary a
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	[ -f "$STORE/open.csv" ]
	CMP_STORE=$STORE run --separate-stderr cmp-new -d other --summary b
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	[ -f other/open.csv ]
	[ "$(wc -l <"$STORE/open.csv")" -eq 2 ]
}

@test "--wait 0 takes a free store lock at once" {
	run --separate-stderr cmp-new -d "$STORE" --wait 0 --summary a
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "C20261123-000001" ]
}

@test "the store's open.csv holds exactly the record cmp-new prints without a store" {
	run --separate-stderr cmp-new --actor ann --channel web --summary 'a, b' -s ref=R1
	[ "$status" -eq 0 ]
	expected=$output
	run --separate-stderr cmp-new -d "$STORE" --actor ann --channel web --summary 'a, b' -s ref=R1
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	[ "$(cat "$STORE/open.csv")" = "$expected" ]
}

@test "a new extra field widens the store's CSV header; older rows get it empty" {
	cmp-new -d "$STORE" --summary a
	run --separate-stderr cmp-new -d "$STORE" --summary b -s ref=R2
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000002" ]
	run sed -n '1p;2s/.*,//p;3s/.*,//p' "$STORE/open.csv"
	[ "$output" = "$CANON,ref

R2" ]
}

@test "the journal has a line per new ticket: tool, actor, id, now, changes from null" {
	run --separate-stderr cmp-new -d "$STORE" --actor carol --channel web --summary noise
	[ "$status" -eq 0 ]
	[ "$output" = "C20261123-000001" ]
	[ "$(wc -l <"$STORE/journal.jsonl")" -eq 1 ]
	run jq -c 'keys_unsorted' "$STORE/journal.jsonl"
	[ "$output" = '["prev","time","now","actor","tool","id","changes"]' ]
	run jq -r .prev "$STORE/journal.jsonl"
	[ "$output" = 0000000000000000000000000000000000000000000000000000000000000000 ]
	run jq -r '[.tool, .actor, .id, .now] | join(" ")' "$STORE/journal.jsonl"
	[ "$output" = "cmp-new carol C20261123-000001 2026-11-23T10:00:00+08:00" ]
	run jq -r '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$")' "$STORE/journal.jsonl"
	[ "$output" = "true" ]
	run jq -c '.changes' "$STORE/journal.jsonl"
	[ "$output" = '{"id":[null,"C20261123-000001"],"received_at":[null,"2026-11-23T10:00:00+08:00"],"created_at":[null,"2026-11-23T10:00:00+08:00"],"channel":[null,"web"],"vip":[null,"no"],"severity":[null,"general"],"summary":[null,"noise"],"status":[null,"new"],"first_responder":[null,"carol"],"dispatches":[null,"0"],"returns":[null,"0"],"dispatch_due":[null,"2026-11-23T10:30:00+08:00"],"resolve_due":[null,"2026-11-24T10:00:00+08:00"],"escalation":[null,"0"],"reopens":[null,"0"],"updated_at":[null,"2026-11-23T10:00:00+08:00"]}' ]
}

@test "the journal's now: the given time in full form, or null without --now and CMP_NOW" {
	run --separate-stderr cmp-new -d "$STORE" --now '2026-11-23 11:00' --summary a
	[ "$status" -eq 0 ]
	run --separate-stderr env -u CMP_NOW cmp-new -d "$STORE" --summary b
	[ "$status" -eq 0 ]
	run jq -c '.now' "$STORE/journal.jsonl"
	[ "$output" = '"2026-11-23T11:00:00+08:00"
null' ]
}

@test "a batch journals each ticket in order" {
	printf 'summary,ref\na,1\nb,2\n' >in.csv
	run --separate-stderr cmp-new -d "$STORE" in.csv
	[ "$status" -eq 0 ]
	run jq -r '[.id, .changes.summary[1], .changes.ref[1]] | join(" ")' "$STORE/journal.jsonl"
	[ "$output" = "C20261123-000001 a 1
C20261123-000002 b 2" ]
}

@test "a batch with one bad record adds nothing to the store" {
	cmp-new -d "$STORE" --summary before
	before=$(store_sum "$STORE")
	printf 'summary,severity\nok,general\nbad,banana\nok2,urgent\n' >in.csv
	run --separate-stderr cmp-new -d "$STORE" in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.csv:3: severity: "banana" is not one of general, complex, urgent' ]
	[ "$(store_sum "$STORE")" = "$before" ]
}

@test "store files are 0600 and the directory 0700, whatever the umask" {
	umask 000
	run --separate-stderr cmp-new -d "$STORE" --summary a
	[ "$status" -eq 0 ]
	run stat -c '%a %n' "$STORE" "$STORE/.lock" "$STORE/.seq" "$STORE/journal.jsonl" "$STORE/open.csv"
	[ "$output" = "700 $STORE
600 $STORE/.lock
600 $STORE/.seq
600 $STORE/journal.jsonl
600 $STORE/open.csv" ]
}

@test "[store] mode = 0640 gives 0640 files and a 0750 directory, whatever the umask" {
	printf '[store]\nmode = 0640\n' >team.conf
	umask 077
	run --separate-stderr cmp-new -d "$STORE" --config team.conf --summary a
	[ "$status" -eq 0 ]
	run stat -c '%a %n' "$STORE" "$STORE/.lock" "$STORE/.seq" "$STORE/journal.jsonl" "$STORE/open.csv"
	[ "$output" = "750 $STORE
640 $STORE/.lock
640 $STORE/.seq
640 $STORE/journal.jsonl
640 $STORE/open.csv" ]
}

# --- policy ---------------------------------------------------------------

@test "STORE/cmp.conf: id_prefix and encoding = jsonl" {
	mkdir "$STORE"
	printf '[store]\nid_prefix = HX\nencoding = jsonl\n' >"$STORE/cmp.conf"
	run --separate-stderr cmp-new -d "$STORE" --summary a
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	[ "$output" = "HX20261123-000001" ]
	[ ! -e "$STORE/open.csv" ]
	run jq -r '[.id, .summary] | join(" ")' "$STORE/open.jsonl"
	[ "$output" = "HX20261123-000001 a" ]
}

@test "the id prefix applies without a store too" {
	printf '[store]\nid_prefix = T\n' >p.conf
	run --separate-stderr cmp-new --config p.conf --jsonl --summary a
	[ "$status" -eq 0 ]
	[ "$(pick "$output" .id)" = "T20261123-000001" ]
}

@test "--config is used instead of STORE/cmp.conf" {
	mkdir "$STORE"
	printf '[store]\nid_prefix = HX\n' >"$STORE/cmp.conf"
	printf '[store]\nid_prefix = K\n' >other.conf
	run --separate-stderr cmp-new -d "$STORE" --config other.conf --summary a
	[ "$status" -eq 0 ]
	[ "$output" = "K20261123-000001" ]
}

@test "[values] replaces a list of allowed values and adds lists for extra fields" {
	printf '[values]\nchannel = phone, walk-in\nattitude = 1,2,3\n' >v.conf
	run --separate-stderr cmp-new --config v.conf --jsonl --channel walk-in -s attitude=2 --summary a
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.channel, .attitude')" = "walk-in 2" ]
	run --separate-stderr cmp-new --config v.conf --channel hotline --summary a
	assert_usage 'cmp-new: channel: "hotline" is not one of phone, walk-in'
	run --separate-stderr cmp-new --config v.conf -s attitude=9 --summary a
	assert_usage 'cmp-new: attitude: "9" is not one of 1, 2, 3'
	printf 'summary,attitude\na,3\nb,4\n' >in.csv
	run --separate-stderr cmp-new --config v.conf in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.csv:3: attitude: "4" is not one of 1, 2, 3' ]
}

@test "[sla] and [sla.FIELD.VALUE] change the deadlines; category beats severity" {
	cat >sla.conf <<'EOF'
[sla]
dispatch = 10m
resolve = 48h
[sla.category.safety]
reply = 1h
resolve = 4h
[sla.channel.counter]
dispatch = 0
EOF
	run --separate-stderr cmp-new --config sla.conf --jsonl --summary a
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.dispatch_due, "[" + .reply_due + "]", .resolve_due')" = "2026-11-23T10:10:00+08:00 [] 2026-11-25T10:00:00+08:00" ]
	run --separate-stderr cmp-new --config sla.conf --jsonl --severity complex --category safety --summary a
	[ "$status" -eq 0 ]
	[ "$(pick "$output" '.dispatch_due, .reply_due, .resolve_due')" = "2026-11-23T10:10:00+08:00 2026-11-23T11:00:00+08:00 2026-11-23T14:00:00+08:00" ]
	run --separate-stderr cmp-new --config sla.conf --jsonl --channel counter --summary a
	[ "$status" -eq 0 ]
	[ "$(pick "$output" .dispatch_due)" = "2026-11-23T10:00:00+08:00" ]
}

# --- refusals -------------------------------------------------------------

@test "an unknown option is a usage error (64)" {
	run --separate-stderr cmp-new --bogus
	assert_usage "cmp-new: unknown option --bogus"
	run --separate-stderr cmp-new -x
	assert_usage "cmp-new: unknown option -x"
}

@test "an option without its value is a usage error (64)" {
	run --separate-stderr cmp-new --summary
	assert_usage "cmp-new: option --summary needs a value"
	run --separate-stderr cmp-new --summary x -s
	assert_usage "cmp-new: option -s needs a value"
}

@test "a bad --severity, --channel or --vip is a usage error naming field and value" {
	run --separate-stderr cmp-new --severity banana --summary x
	assert_usage 'cmp-new: severity: "banana" is not one of general, complex, urgent'
	run --separate-stderr cmp-new --channel fax --summary x
	assert_usage 'cmp-new: channel: "fax" is not one of hotline, web, app, email, sms, social, counter, letter, transfer, regulator'
	run --separate-stderr cmp-new --vip maybe --summary x
	assert_usage 'cmp-new: vip: "maybe" is not one of yes, no'
	run --separate-stderr cmp-new --category weather --summary x
	assert_usage 'cmp-new: category: "weather" is not one of network, billing, service, product, facility, safety, hygiene, other'
}

@test "a bad --now, CMP_NOW or --wait is a usage error (64)" {
	run --separate-stderr cmp-new --now yesterday --summary x
	assert_usage 'cmp-new: --now: "yesterday": expected a time such as 2026-11-22T09:30:00+08:00'
	run --separate-stderr cmp-new --now 2026-02-30T10:00:00+08:00 --summary x
	assert_usage 'cmp-new: --now: "2026-02-30T10:00:00+08:00": expected a time such as 2026-11-22T09:30:00+08:00'
	CMP_NOW=soon run --separate-stderr cmp-new --summary x
	assert_usage 'cmp-new: CMP_NOW: "soon": expected a time such as 2026-11-22T09:30:00+08:00'
	run --separate-stderr cmp-new --wait abc --summary x
	assert_usage 'cmp-new: --wait: "abc": expected a number of seconds'
	run --separate-stderr cmp-new --wait -1 --summary x
	assert_usage 'cmp-new: --wait: "-1": expected a number of seconds'
}

@test "a bad --received is a usage error (64): not a time, or later than now" {
	run --separate-stderr cmp-new --received garbage --summary x
	assert_usage 'cmp-new: received_at: "garbage" is not a time such as 2026-11-22T09:30:00+08:00'
	run --separate-stderr cmp-new --received '2026-11-23 10:01' --summary x
	assert_usage 'cmp-new: received_at: 2026-11-23 10:01 is later than now (2026-11-23T10:00:00+08:00)'
}

@test "-s cannot set a workflow field, the id, or a field without a name (64)" {
	run --separate-stderr cmp-new -s status=x --summary x
	assert_usage 'cmp-new: -s: field "status" is set by the workflow, not at registration'
	run --separate-stderr cmp-new -s id=C1 --summary x
	assert_usage 'cmp-new: -s: field "id" is set by the workflow, not at registration'
	run --separate-stderr cmp-new -s created_at=2026-11-23T09:00:00+08:00 --summary x
	assert_usage 'cmp-new: -s: field "created_at" is set by the workflow, not at registration'
	run --separate-stderr cmp-new -s summary --summary x
	assert_usage 'cmp-new: -s: "summary": expected FIELD=VALUE'
	run --separate-stderr cmp-new -s =v --summary x
	assert_usage 'cmp-new: -s: "=v": expected FIELD=VALUE'
}

@test "a record with a bad value is refused (65) with FILE:LINE, and nothing printed" {
	printf 'summary,channel\nok,web\nbad,fax\n' >in.csv
	run --separate-stderr cmp-new in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.csv:3: channel: "fax" is not one of hotline, web, app, email, sms, social, counter, letter, transfer, regulator' ]
	printf '{"summary":"ok"}\n{"summary":"bad","vip":"perhaps"}\n' >in.jsonl
	run --separate-stderr cmp-new in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.jsonl:2: vip: "perhaps" is not one of yes, no' ]
	printf 'summary,received_at\nok,\nbad,last tuesday\n' >t.csv
	run --separate-stderr cmp-new t.csv
	[ "$status" -eq 65 ]
	[ "$stderr" = 'cmp-new: t.csv:3: received_at: "last tuesday" is not a time such as 2026-11-22T09:30:00+08:00' ]
}

@test "a record with an id or a workflow field is refused (65); empty ones are ignored" {
	printf 'id,summary\n,fine\nX-1,a\n' >in.csv
	run --separate-stderr cmp-new in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.csv:3: field "id" is set by the workflow, not at registration (cmp-new gives the id)' ]
	printf '{"summary":"a","status":"","department":"x"}\n' >in.jsonl
	run --separate-stderr cmp-new in.jsonl
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.jsonl:1: field "department" is set by the workflow, not at registration' ]
}

@test "a record received later than now is refused (65)" {
	printf 'summary,received_at\nok,2026-11-23 09:59\nlate,2026-11-23T10:00:01+08:00\n' >in.csv
	run --separate-stderr cmp-new in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = 'cmp-new: in.csv:3: received_at: 2026-11-23T10:00:01+08:00 is later than now (2026-11-23T10:00:00+08:00)' ]
}

@test "malformed input is refused (65) with FILE:LINE" {
	printf 'summary,phone\n"abc,1\n' >in.csv
	run --separate-stderr cmp-new in.csv
	[ "$status" -eq 65 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: in.csv:2: unterminated quoted field" ]
}

@test "with a store and nothing to register: usage error (64); standard input is not read" {
	printf '{"summary":"on stdin"}\n' >in.jsonl
	run --separate-stderr cmp-new -d "$STORE" <in.jsonl
	assert_usage "cmp-new: nothing to register: give field options, or input files (- for standard input)"
	[ ! -e "$STORE" ]
}

@test "a missing input file is 66, and the store is left alone" {
	cmp-new -d "$STORE" --summary a
	before=$(store_sum "$STORE")
	run --separate-stderr cmp-new -d "$STORE" nofile.csv
	[ "$status" -eq 66 ]
	[ "$output" = "" ]
	[ "$stderr" = "cmp-new: nofile.csv: No such file or directory" ]
	[ "$(store_sum "$STORE")" = "$before" ]
	run --separate-stderr cmp-new nofile.csv
	[ "$status" -eq 66 ]
	[ "$stderr" = "cmp-new: nofile.csv: No such file or directory" ]
}

@test "a NUL byte escaped in a JSON value is kept whole" {
	printf '{"summary":"x\\u0000y"}\n' >nul.jsonl
	run --separate-stderr cmp-new --jsonl nul.jsonl
	[ "$status" -eq 0 ]
	[ "$(jq -c .summary <<<"$output")" = '"x\u0000y"' ]
}
