#!/usr/bin/env bats
# cmp-ls: selection by id, --ids-from and --where; --fields; --table with
# masking and --reveal; --all; --history; exit codes.
load helper

# Four tickets with known content in a fresh store, ids C20261123-00000[1-4].
make_store() {
	cat >in.csv <<'CSV'
received_at,channel,name,phone,email,address,region,category,severity,summary,ward
2026-11-23T08:00:00+08:00,hotline,张三,13812345678,zhang@example.com,北京市朝阳区建国路1号,朝阳区,network,general,信号差,A
2026-11-23T08:30:00+08:00,web,李小四,13900001111,li@example.com,北京市海淀区中关村1号,海淀区,billing,urgent,"多扣费, 两次",B
2026-11-22T09:00:00+08:00,app,王五,,,,朝阳区,network,complex,"掉线
又掉线",A
2026-11-23T09:59:00+08:00,email,Ann Lee,+8613700002222,ann@example.org,Room 5,西城区,other,general,late,
CSV
	run --separate-stderr cmp-new -d "$STORE" in.csv
	[ "$status" -eq 0 ]
}

@test "cmp-ls with a store prints its open tickets as records in the store's encoding" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --fields id,severity
	[ "$status" -eq 0 ]
	[ "$output" = "id,severity
C20261123-000001,general
C20261123-000002,urgent
C20261123-000003,complex
C20261123-000004,general" ]
}

@test "cmp-ls prints whole records with unknown fields after the canonical ones" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --jsonl C20261123-000001
	[ "$status" -eq 0 ]
	[ "$(jq -r '.ward' <<<"$output")" = A ]
	[ "$(jq -r 'keys_unsorted | .[-1]' <<<"$output")" = ward ]
	[ "$(jq -r 'keys_unsorted | .[0:3] | join(",")' <<<"$output")" = id,received_at,created_at ]
}

@test "id operands select those tickets, in store order" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --fields id C20261123-000004 C20261123-000002
	[ "$status" -eq 0 ]
	[ "$output" = "id
C20261123-000002
C20261123-000004" ]
}

@test "an unknown id is named, the others still print, exit 65" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --fields id C20261123-000001 C20990101-000001
	[ "$status" -eq 65 ]
	[ "$output" = "id
C20261123-000001" ]
	[ "$stderr" = "cmp-ls: C20990101-000001: no such ticket" ]
}

@test "--ids-from reads one id a line, or records with an id field, or stdin" {
	make_store
	printf 'C20261123-000003\nC20261123-000001\n' >ids.txt
	run --separate-stderr cmp-ls -d "$STORE" --fields id --ids-from ids.txt
	[ "$status" -eq 0 ]
	[ "$output" = "id
C20261123-000001
C20261123-000003" ]
	cmp-ls -d "$STORE" --where severity=urgent >sel.csv
	run --separate-stderr cmp-ls -d "$STORE" --fields id --ids-from sel.csv
	[ "$output" = "id
C20261123-000002" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id --ids-from - <ids.txt
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = C20261123-000003 ]
}

@test "--where: equality, inequality, regex, empty" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --fields id --where 'region=朝阳区,severity!=complex'
	[ "$output" = "id
C20261123-000001" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id --where 'summary~^(信号|late)'
	[ "$output" = "id
C20261123-000001
C20261123-000004" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id --where 'phone='
	[ "$output" = "id
C20261123-000003" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id --where 'summary=多扣费\, 两次'
	[ "$output" = "id
C20261123-000002" ]
}

@test "--where: times compare as times across offsets, numbers as numbers" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --fields id --where 'received_at<2026-11-23T00:30:00Z'
	[ "$output" = "id
C20261123-000001
C20261123-000003" ]
	run --separate-stderr cmp-ls -d "$STORE" --fields id --where 'received_at>=2026-11-23 08:30,received_at<=2026-11-23T09:59'
	[ "$output" = "id
C20261123-000002
C20261123-000004" ]
	printf 'id,n\na,9\nb,10\nc,\n' >n.csv
	run --separate-stderr cmp-ls --where 'n>9' n.csv
	[ "$output" = "id,n
b,10" ]
	run --separate-stderr cmp-ls --where 'n<10' n.csv
	[ "$output" = "id,n
a,9" ]
}

@test "a bad --where is a usage error" {
	run --separate-stderr cmp-ls --where 'region' /dev/null
	[ "$status" -eq 64 ]
	[[ "$stderr" == "cmp-ls: --where: \"region\": expected FIELD=VALUE"* ]]
	run --separate-stderr cmp-ls --where 'summary~(' /dev/null
	[ "$status" -eq 64 ]
}

@test "nothing selected exits 1 and prints nothing" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --where severity=none --fields id
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "" ]
}

@test "--table aligns by display width and masks personal data" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --table --fields id,name,phone,email,address,summary
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id                name     phone            email             address    summary" ]
	[ "${lines[1]}" = "C20261123-000001  张*      138****5678      z***@example.com  北京市***  信号差" ]
	[ "${lines[2]}" = "C20261123-000002  李**     139****1111      l***@example.com  北京市***  多扣费, 两次" ]
	[ "${lines[3]}" = "C20261123-000003  王*                                                    掉线⏎又掉线" ]
	# A masked +86 number starts like a formula: neutralised, as every cell.
	[ "${lines[4]}" = "C20261123-000004  A******  '+86*******2222  a***@example.org  Roo***     late" ]
	[ ! -e "$STORE/access.jsonl" ]
}

@test "--table default columns, and long cells cut at 40 columns" {
	long=$(printf '很%.0s' $(seq 30))
	run --separate-stderr cmp-new --now 2026-11-23T10:00 --summary "$long" --name 赵六
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >one.csv
	run --separate-stderr cmp-ls --table one.csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id                received_at                status  severity  category  channel  name  phone  department  summary" ]
	[ "${lines[1]}" = "C20261123-000001  2026-11-23T10:00:00+08:00  new     general                      赵*                      $(printf '很%.0s' $(seq 19))…" ]
}

@test "--reveal shows personal data and is logged in access.jsonl" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --table --reveal --fields id,phone --actor auditor --where region=朝阳区
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "C20261123-000001  13812345678" ]
	[ "$(jq -c '[.actor, .tool, .ids]' "$STORE/access.jsonl")" = '["auditor","cmp-ls",["C20261123-000001","C20261123-000003"]]' ]
	[ "$(stat -c %a "$STORE/access.jsonl")" = 600 ]
}

@test "--reveal without a store shows the data and logs nothing" {
	make_store
	cmp-ls -d "$STORE" >all.csv
	run --separate-stderr cmp-ls --table --reveal --fields name all.csv
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "张三" ]
	[ ! -e access.jsonl ]
}

@test "[privacy] log = none keeps --reveal out of access.jsonl; mask adds fields" {
	make_store
	printf '[privacy]\nlog = none\nmask = summary\n' >"$STORE/cmp.conf"
	run --separate-stderr cmp-ls -d "$STORE" --table --fields name,summary C20261123-000001
	[ "${lines[1]}" = "张三  信***" ]
	run --separate-stderr cmp-ls -d "$STORE" --table --reveal --fields name,summary C20261123-000001
	[ "$status" -eq 0 ]
	[ ! -e "$STORE/access.jsonl" ]
}

@test "--reveal by a user outside the [privacy] reveal group exits 77" {
	make_store
	printf '[privacy]\nreveal = cmp-nobody-group\n' >"$STORE/cmp.conf"
	run --separate-stderr cmp-ls -d "$STORE" --table --reveal
	[ "$status" -eq 77 ]
	[[ "$stderr" == *'"cmp-nobody-group"'* ]]
	[ "$output" = "" ]
	group=$(id -gn)
	printf '[privacy]\nreveal = %s\n' "$group" >"$STORE/cmp.conf"
	run --separate-stderr cmp-ls -d "$STORE" --table --reveal --fields phone C20261123-000002
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = 13900001111 ]
}

@test "--reveal without --table is a usage error" {
	run --separate-stderr cmp-ls --reveal /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-ls: --reveal goes with --table (records are always complete)" ]
}

@test "--all adds the archive, oldest month first, under one CSV header" {
	make_store
	mkdir "$STORE/archive"
	printf 'id,status,closed_at,rating\nC20261001-000001,closed,2026-10-05T10:00:00+08:00,5\n' >"$STORE/archive/2026-10.csv"
	printf 'id,status,closed_at\nC20260901-000001,closed,2026-09-05T10:00:00+08:00\n' >"$STORE/archive/2026-09.csv"
	run --separate-stderr cmp-ls -d "$STORE" --fields id,status --where status=closed
	[ "$status" -eq 1 ]
	run --separate-stderr cmp-ls -d "$STORE" --all --where status=closed
	[ "$status" -eq 0 ]
	# One header for all: the fields in order of first appearance, archive first.
	[[ "${lines[0]}" == "id,status,closed_at,rating,received_at,created_at,"*",updated_at,ward" ]]
	run --separate-stderr cmp-ls -d "$STORE" --all --where status=closed --fields id,rating
	[ "$output" = "id,rating
C20260901-000001,
C20261001-000001,5" ]
	run --separate-stderr cmp-ls -d "$STORE" --all --fields id C20261001-000001
	[ "$output" = "id
C20261001-000001" ]
}

@test "- with a store reads records from standard input instead of the store" {
	make_store
	printf 'id,severity\nX1,urgent\nX2,general\n' >other.csv
	run --separate-stderr cmp-ls -d "$STORE" --where severity=urgent - <other.csv
	[ "$status" -eq 0 ]
	[ "$output" = "id,severity
X1,urgent" ]
}

@test "with a store, standard input is not read unless - says so" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --fields id --where severity=urgent <"$SAMPLE"
	[ "$output" = "id
C20261123-000002" ]
}

@test "without a store, operands are files and no operand is standard input" {
	printf 'id,a\n1,x\n' >f1.csv
	printf 'id,a\n2,y\n' >f2.csv
	run --separate-stderr cmp-ls f1.csv f2.csv
	[ "$output" = "id,a
1,x
2,y" ]
	run --separate-stderr cmp-ls --jsonl <f2.csv
	[ "$output" = '{"id":"2","a":"y"}' ]
	run --separate-stderr cmp-ls missing.csv
	[ "$status" -eq 66 ]
	[[ "$stderr" == "cmp-ls: missing.csv: No such file or directory" ]]
}

@test "CMP_STORE names the store; a missing store is 66" {
	make_store
	CMP_STORE=$STORE run --separate-stderr cmp-ls --fields id C20261123-000003
	[ "$output" = "id
C20261123-000003" ]
	run --separate-stderr cmp-ls -d "$BATS_TEST_TMPDIR/none"
	[ "$status" -eq 66 ]
}

@test "--history lists a ticket's journal changes in order" {
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --history --actor x C20261123-000004
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "id,time,now,actor,tool,field,old,new" ]
	[ "$(printf '%s\n' "${lines[@]}" | cut -d, -f3-8 | sed -n '2p;3p;$p')" = "2026-11-23T10:00:00+08:00,$(id -un),cmp-new,id,,C20261123-000004
2026-11-23T10:00:00+08:00,$(id -un),cmp-new,received_at,,2026-11-23T09:59:00+08:00
2026-11-23T10:00:00+08:00,$(id -un),cmp-new,updated_at,,2026-11-23T10:00:00+08:00" ]
	run --separate-stderr cmp-ls -d "$STORE" --history --jsonl --where severity=urgent
	[ "$(jq -r '.id' <<<"$output" | sort -u)" = C20261123-000002 ]
	[ "$(jq -r 'select(.field=="summary") | .new' <<<"$output")" = "多扣费, 两次" ]
}

@test "--history without a store, or with --table, is a usage error" {
	run --separate-stderr cmp-ls --history /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-ls: --history needs a store (-d DIR)" ]
	make_store
	run --separate-stderr cmp-ls -d "$STORE" --history --table
	[ "$status" -eq 64 ]
}

@test "a CSV output that cannot hold a later record's fields says so, exit 65" {
	printf '{"id":"1"}\n{"id":"2","extra":"x"}\n' >two.jsonl
	run --separate-stderr cmp-ls --csv two.jsonl
	[ "$status" -eq 65 ]
	[ "$stderr" = "cmp-ls: two.jsonl:2: field \"extra\" is not in the CSV header (use --jsonl)" ]
	run --separate-stderr cmp-ls --csv --fields id,extra two.jsonl
	[ "$output" = "id,extra
1,
2,x" ]
}

@test "--help prints the synopsis and every option to stdout; --version" {
	run --separate-stderr cmp-ls --help
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "usage: cmp-ls [-d DIR] [--all] [--where EXPR] [--ids-from FILE]" ]
	for o in --all --ids-from --fields --table --reveal --history --dir --config --now --actor --csv --jsonl --where --wait --help --version; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
	done
	run --separate-stderr cmp-ls --version
	[[ "$output" =~ ^cmp-ls\ \(cmp\)\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "an unknown option or a missing value is a usage error with the synopsis" {
	run --separate-stderr cmp-ls --bogus
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-ls: unknown option --bogus" ]
	[ "${stderr_lines[1]}" = "usage: cmp-ls [-d DIR] [--all] [--where EXPR] [--ids-from FILE]" ]
	run --separate-stderr cmp-ls --fields
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-ls: option --fields needs a value" ]
	run --separate-stderr cmp-ls --fields 'id,,x' /dev/null
	[ "$status" -eq 64 ]
}

@test "a full output device is an I/O error (74)" {
	make_store
	run --separate-stderr bash -c 'cmp-ls -d "$1" >/dev/full' _ "$STORE"
	[ "$status" -eq 74 ]
	[ "$stderr" = "cmp-ls: stdout: write error: No space left on device" ]
}

@test "a reader waits for a writer's lock, then exits 75" {
	make_store
	flock "$STORE/.lock" sleep 3 &
	sleep 0.3
	run --separate-stderr cmp-ls -d "$STORE" --wait 0.2
	[ "$status" -eq 75 ]
	[[ "$stderr" == "cmp-ls: $STORE"*lock* ]]
	kill %1 2>/dev/null || true
	wait || true
}

@test "--where regular expressions match characters, whatever the locale" {
	printf 'id,s\n1,信号\n2,ab\n3,abc\n' >r.csv
	LC_ALL=C run --separate-stderr cmp-ls --fields id --where 's~^.{2}$' r.csv
	[ "$status" -eq 0 ]
	[ "$output" = "id
1
2" ]
}

@test "a --where regular expression glibc would take minutes to compile is refused at once (found by fuzzing)" {
	for re in 'x{1\,32767}' 'x{\,32767}' 'o++++++++++++++++++++++++++++++' '(((x*)*)*){1\,1000}' 'x*+{1\,999}' '((){55}){255}'; do
		run --separate-stderr timeout 10 cmp-ls --where "summary~$re" /dev/null
		[ "$status" -eq 64 ]
		[ "$output" = "" ]
		[ "${stderr%%$'\n'*}" = "cmp-ls: --where: \"summary~${re//\\/}\": regular expression too large once its repetitions are written out (over 2000), or with repetitions stacked 3 deep" ]
	done
	# "\\\," in --where is "\," in the pattern, which glibc reads as "," in a bound.
	run --separate-stderr timeout 10 cmp-ls --where 'summary~x{1\\\,32767}' /dev/null
	[ "$status" -eq 64 ]
	[ "${stderr%%$'\n'*}" = 'cmp-ls: --where: "summary~x{1\,32767}": regular expression too large once its repetitions are written out (over 2000), or with repetitions stacked 3 deep' ]
	printf 'id,s\n1,123-456-\n2,1234\n' >r.csv
	run --separate-stderr cmp-ls --fields id --where 's~^([0-9]{3}-)+$,s~[0-9]{1\,1999}' r.csv
	[ "$status" -eq 0 ]
	[ "$output" = "id
1" ]
}
