#!/usr/bin/env bats
# tests/185-schema.bats - cmp-ls --schema (SPEC §9): the fields of a record
# as JSON Schema, their types and the values the policy in effect allows.
# A validator other than cmp (Debian's python3-jsonschema) checks the
# shipped sample, as registered and worked on, against it, and rejects a
# record with a value outside a list.

load helper

# Debian's validator (python3-jsonschema, in tools/deps), or a visible skip.
need_validator() {
	PY=
	for p in /usr/bin/python3 python3; do
		if "$p" -c 'import jsonschema' 2>/dev/null; then
			PY=$p
			break
		fi
	done
	[ -n "$PY" ] || skip "python3-jsonschema is not installed (tools/deps installs it)"
}

# Validate each record of the JSON Lines file $2 against the schema $1 with
# the jsonschema command line (one instance a file).
validate() {
	rm -rf recs && mkdir recs
	split -l 1 -a 5 "$2" recs/r.
	local args=() f
	for f in recs/r.*; do
		args+=(-i "$f")
	done
	"$PY" -m jsonschema "${args[@]}" "$1"
}

@test "--schema is a JSON Schema (2020-12) of every canonical field, times and counts by pattern, lists as enums" {
	run --separate-stderr cmp-ls --schema
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	printf '%s\n' "$output" >schema.json
	[ "$(jq -r '."$schema"' schema.json)" = https://json-schema.org/draft/2020-12/schema ]
	# The canonical fields, in order: the header of a new record.
	cmp-new --summary x >new.csv
	[ "$(jq -r '.properties | keys_unsorted | join(",")' schema.json)" = "$(head -n 1 new.csv)" ]
	[ "$(jq -r '.properties | keys_unsorted | .[0:3] | join(",")' schema.json)" = id,received_at,created_at ]
	[ "$(jq -c .properties.severity schema.json)" = '{"type":"string","enum":["","general","complex","urgent"]}' ]
	[ "$(jq -c .properties.status.enum schema.json)" = '["","new","assigned","resolved","closed"]' ]
	[ "$(jq -c .properties.channel.enum schema.json)" = '["","hotline","web","app","email","sms","social","counter","letter","transfer","regulator"]' ]
	[ "$(jq -c .properties.category.enum schema.json)" = '["","network","billing","service","product","facility","safety","hygiene","other"]' ]
	[ "$(jq -r .properties.resolve_due.pattern schema.json)" = '^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})$' ]
	[ "$(jq -r .properties.reopens.pattern schema.json)" = '^[0-9]*$' ]
	[ "$(jq -c .properties.summary schema.json)" = '{"type":"string"}' ]
	[ "$(jq -c .additionalProperties schema.json)" = '{"type":"string"}' ]
	[ "$(jq -c .required schema.json)" = '["id","status"]' ]
}

@test "the shipped sample, registered, dispatched, closed and archived, validates; a severity banana does not" {
	need_validator
	cmp-new -d "$STORE" --now 2026-11-21T09:00 "$SAMPLE" >/dev/null
	cmp-assign -d "$STORE" --auto --where category=network --now 2026-11-21T10:00 >/dev/null
	cmp-close -d "$STORE" --resolution 已处理 --feedback phone --satisfaction satisfied --where category=network >/dev/null
	cmp-ls -d "$STORE" --schema >schema.json
	cmp-ls -d "$STORE" --all --jsonl >all.jsonl
	[ "$(wc -l <all.jsonl)" -eq 300 ]
	[ "$(jq -r 'select(.status == "closed") | .id' all.jsonl | wc -l)" -gt 0 ]
	run --separate-stderr validate schema.json all.jsonl
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	head -n 1 all.jsonl | jq -c '.severity = "banana"' >bad.jsonl
	run --separate-stderr validate schema.json bad.jsonl
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"banana: 'banana' is not one of ['', 'general', 'complex', 'urgent']"* ]]
	head -n 1 all.jsonl | jq -c '.resolve_due = "tomorrow"' >bad.jsonl
	run --separate-stderr validate schema.json bad.jsonl
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"tomorrow: 'tomorrow' does not match"* ]]
}

@test "the policy's own lists are the schema's: a custom category and an extra field's values" {
	need_validator
	mkdir "$STORE"
	printf '[values]\ncategory = network,noise\nattitude = 1,2,3\ndepartment = 网络部,市场部\n' >"$STORE/cmp.conf"
	run --separate-stderr cmp-ls -d "$STORE" --schema
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" >schema.json
	[ "$(jq -c .properties.category.enum schema.json)" = '["","network","noise"]' ]
	[ "$(jq -c .properties.attitude.enum schema.json)" = '["","1","2","3"]' ]
	[ "$(jq -c .properties.department.enum schema.json)" = '["","网络部","市场部"]' ]
	cmp-new -d "$STORE" --category noise --summary '楼下施工噪音' >/dev/null
	cmp-ls -d "$STORE" --jsonl >noise.jsonl
	run --separate-stderr validate schema.json noise.jsonl
	[ "$status" -eq 0 ]
	cmp-ls --schema >default.json
	run --separate-stderr validate default.json noise.jsonl
	[ "$status" -eq 1 ]
	[[ "$stderr" == *"noise: 'noise' is not one of"* ]]
	# --config names the policy as for every tool.
	run --separate-stderr cmp-ls --schema --config "$STORE/cmp.conf"
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat schema.json)" ]
}

@test "--schema selects nothing: with ids, --where or --all it is a usage error (64); a bad policy is 78" {
	for args in "--schema C20261123-000001" "--schema --where status=new" "--schema --all" "--schema --table"; do
		run --separate-stderr cmp-ls $args
		echo "$args: $status"
		[ "$status" -eq 64 ]
		[ "$output" = "" ]
		[ "${stderr%%$'\n'*}" = "cmp-ls: --schema describes records: it selects none" ]
	done
	printf '[values]\nseverity = a,b\n' >bad.conf
	run --separate-stderr cmp-ls --schema --config bad.conf
	[ "$status" -eq 78 ]
	[ "$output" = "" ]
}

@test "--schema to a full disk is an I/O error (74)" {
	run --separate-stderr bash -c 'cmp-ls --schema >/dev/full'
	[ "$status" -eq 74 ]
}
