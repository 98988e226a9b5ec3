#!/usr/bin/env bats
# Privacy (SPEC §4, §6): every file a store ever holds is created 0600
# whatever the umask, and personal data is masked in every human-facing
# output, including tables and report breakdowns grouped by a personal
# field, unless --reveal.
load helper

# Four tickets of three callers, in November 2026.
make_tickets() {
	cat >t.csv <<'EOF'
id,received_at,name,phone,category,status
T1,2026-11-02T09:00:00+08:00,王小明,13811112222,network,new
T2,2026-11-03T09:00:00+08:00,王小明,13811112222,billing,new
T3,2026-11-04T09:00:00+08:00,赵六,13911113333,network,new
T4,2026-11-05T09:00:00+08:00,李四,,network,new
EOF
}

@test "every store file, archive and access log included, is 0600 and every directory 0700, whatever the umask" {
	umask 000
	cmp-new -d "$STORE" --summary a >/dev/null
	id=$(cmp-new -d "$STORE" --summary b)
	cmp-close -d "$STORE" --resolution done "$id" >/dev/null
	cmp-close -d "$STORE" --feedback phone --satisfaction satisfied "$id" >/dev/null
	cmp-ls -d "$STORE" --all --table --reveal "$id" >/dev/null
	run sh -c 'cd "$1" && find . -print0 | sort -z | xargs -0 stat -c "%a %n"' sh "$STORE"
	[ "$output" = "700 .
600 ./.lock
600 ./.seq
600 ./access.jsonl
700 ./archive
600 ./archive/2026-11.csv
600 ./journal.jsonl
600 ./open.csv" ]
}

@test "cmp-stats --table masks the keys of personal fields; the records keep them whole" {
	make_tickets
	run --separate-stderr cmp-stats --by name,phone --table t.csv
	[ "$status" -eq 0 ]
	[ "$(awk '{ print $1 "|" $2 }' <<<"$output")" = "name|phone
李*|1
王**|138****2222
赵*|139****3333" ]
	run grep -c '王小明\|13811112222' <<<"$output"
	[ "$output" = 0 ]
	run --separate-stderr cmp-stats --by name,phone --csv t.csv
	[ "$(cut -d, -f1-3 <<<"$output")" = "name,phone,count
李四,,1
王小明,13811112222,2
赵六,13911113333,1" ]
}

@test "a report broken down by phone counts each caller and masks the number unless --reveal" {
	make_tickets
	printf '[report]\nby = phone\n' >by-phone.conf
	run --separate-stderr cmp-report --config by-phone.conf --period 2026-11 --format md t.csv
	[ "$status" -eq 0 ]
	[ "$(grep -A7 '^### By Phone' <<<"$output" | sed -n '5,7p' | cut -d'|' -f2,3)" = " 138\*\*\*\*2222 | 2 
  | 1 
 139\*\*\*\*3333 | 1 " ]
	run grep -c '13811112222' <<<"$output"
	[ "$output" = 0 ]
	run --separate-stderr cmp-report --config by-phone.conf --period 2026-11 --format md --reveal t.csv
	[ "$status" -eq 0 ]
	[ "$(grep -A5 '^### By Phone' <<<"$output" | sed -n 5p | cut -d'|' -f2,3)" = " 13811112222 | 2 " ]
}

@test "a report's repeat count does not change when it is also broken down by phone" {
	make_tickets
	printf '[report]\nby = phone\n' >by-phone.conf
	run --separate-stderr cmp-report --period 2026-11 --format md t.csv
	plain=$(grep -F '| Repeat complaints |' <<<"$output")
	run --separate-stderr cmp-report --config by-phone.conf --period 2026-11 --format md t.csv
	[ "$(grep -F '| Repeat complaints |' <<<"$output")" = "$plain" ]
	[ "$(cut -d'|' -f3 <<<"$plain")" = " 1 " ]
}
