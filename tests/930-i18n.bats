#!/usr/bin/env bats
# Chinese messages through gettext (po/zh_CN.po): one error and the first
# line of --help of every tool, in English and in Chinese; a report's
# labels chosen by the same switch; a catalogue that msgfmt accepts and
# that translates every message the sources have.
load helper

# Skip, visibly, a test that needs the zh_CN.UTF-8 locale (tools/deps
# generates it).
need_zh() {
	locale -a 2>/dev/null | grep -Eqix 'zh_CN\.utf-?8' ||
	    skip "the zh_CN.UTF-8 locale is not installed (tools/deps generates it)"
}

# Run TOOL ARGS... in English (C.UTF-8) and in Chinese (LANG=zh_CN.UTF-8,
# LC_ALL unset), keeping the first line of standard error of each.
both() {
	run --separate-stderr env LC_ALL=C.UTF-8 "$@"
	en_status=$status en=${stderr_lines[0]}
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$@"
	zh_status=$status zh=${stderr_lines[0]}
}

# The first line of --help in English and in Chinese.
help_first() {
	run --separate-stderr env LC_ALL=C.UTF-8 "$1" --help
	[ "$status" -eq 0 ]
	en=${lines[0]}
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$1" --help
	[ "$status" -eq 0 ]
	zh=${lines[0]}
}

@test "cmp-new: an error and --help in English and in Chinese" {
	need_zh
	both cmp-new --received tomorrow --summary x
	[ "$en_status" -eq 64 ] && [ "$zh_status" -eq 64 ]
	[ "$en" = 'cmp-new: received_at: "tomorrow" is not a time such as 2026-11-22T09:30:00+08:00' ]
	[ "$zh" = 'cmp-new: received_at: "tomorrow" 不是时间，应如 2026-11-22T09:30:00+08:00' ]
	help_first cmp-new
	[ "$en" = "usage: cmp-new [-d DIR] [--channel C] [--name N] [--phone P] [--email E]" ]
	[ "$zh" = "用法：cmp-new [-d DIR] [--channel C] [--name N] [--phone P] [--email E]" ]
}

@test "cmp-assign: an error and --help in English and in Chinese" {
	need_zh
	both cmp-assign -d "$STORE" C20261123-000001
	[ "$en_status" -eq 64 ] && [ "$zh_status" -eq 64 ]
	[ "$en" = "cmp-assign: nothing to do: give --dept, --to, --auto, --return, --hold, --resume, --note, --eta or -s" ]
	[ "$zh" = "cmp-assign: 无事可做: 请给出 --dept、--to、--auto、--return、--hold、--resume、--note、--eta 或 -s" ]
	help_first cmp-assign
	[ "$en" = "usage: cmp-assign [-d DIR] [--dept D [--to PERSON] | --to PERSON | --auto |" ]
	[ "$zh" = "用法：cmp-assign [-d DIR] [--dept D [--to PERSON] | --to PERSON | --auto |" ]
}

@test "cmp-close: an error and --help in English and in Chinese" {
	need_zh
	cmp-new -d "$STORE" --summary x >/dev/null
	both cmp-close -d "$STORE" --feedback phone C20261123-000001
	[ "$en_status" -eq 65 ] && [ "$zh_status" -eq 65 ]
	[ "$en" = "cmp-close: C20261123-000001: status new: feedback follows the resolution" ]
	[ "$zh" = "cmp-close: C20261123-000001: 状态 new: 反馈须在办结之后" ]
	help_first cmp-close
	[ "$en" = "usage: cmp-close [-d DIR] [--resolution TEXT [--cause C] [--measures M]" ]
	[ "$zh" = "用法：cmp-close [-d DIR] [--resolution TEXT [--cause C] [--measures M]" ]
}

@test "cmp-due: an error and --help in English and in Chinese" {
	need_zh
	both cmp-due --soon xyz
	[ "$en_status" -eq 64 ] && [ "$zh_status" -eq 64 ]
	[ "$en" = 'cmp-due: --soon: "xyz": expected a duration such as 30m, 4h, 2d or 1wd' ]
	[ "$zh" = 'cmp-due: --soon: "xyz": 应为时长，如 30m、4h、2d 或 1wd' ]
	help_first cmp-due
	[ "$en" = "usage: cmp-due [-d DIR] [--soon DURATION | --all] [--escalate] [-q]" ]
	[ "$zh" = "用法：cmp-due [-d DIR] [--soon DURATION | --all] [--escalate] [-q]" ]
}

@test "cmp-stats: an error and --help in English and in Chinese" {
	need_zh
	both cmp-stats --stage foo
	[ "$en_status" -eq 64 ] && [ "$zh_status" -eq 64 ]
	[ "$en" = 'cmp-stats: --stage: "foo" is not one of dispatch, reply, resolve, feedback' ]
	[ "$zh" = 'cmp-stats: --stage: "foo" 不是 dispatch、reply、resolve、feedback 之一' ]
	help_first cmp-stats
	[ "$en" = "usage: cmp-stats [-d DIR] [--by F,...] [--from TIME] [--to TIME]" ]
	[ "$zh" = "用法：cmp-stats [-d DIR] [--by F,...] [--from TIME] [--to TIME]" ]
}

@test "cmp-ls: an error and --help in English and in Chinese" {
	need_zh
	both cmp-ls --history --table
	[ "$en_status" -eq 64 ] && [ "$zh_status" -eq 64 ]
	[ "$en" = "cmp-ls: --history prints records, not a table" ]
	[ "$zh" = "cmp-ls: --history 输出记录，不输出表格" ]
	help_first cmp-ls
	[ "$en" = "usage: cmp-ls [-d DIR] [--all] [--where EXPR] [--ids-from FILE]" ]
	[ "$zh" = "用法：cmp-ls [-d DIR] [--all] [--where EXPR] [--ids-from FILE]" ]
}

@test "cmp-report: an error and --help in English and in Chinese" {
	need_zh
	both cmp-report
	[ "$en_status" -eq 64 ] && [ "$zh_status" -eq 64 ]
	[ "$en" = "cmp-report: --period is required (2026-11, 2026-Q4 or 2026)" ]
	[ "$zh" = "cmp-report: 必须给出 --period（2026-11、2026-Q4 或 2026）" ]
	help_first cmp-report
	[ "$en" = "usage: cmp-report --period YYYY-MM|YYYY-Qn|YYYY [--format txt|md|html]" ]
	[ "$zh" = "用法：cmp-report --period YYYY-MM|YYYY-Qn|YYYY [--format txt|md|html]" ]
}

@test "a usage error prints the synopsis in the same language, the strerror too" {
	need_zh
	run --separate-stderr env LC_ALL=zh_CN.UTF-8 cmp-ls --bogus
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-ls: 未知的选项 --bogus" ]
	[ "${stderr_lines[3]}" = "             [通用选项] [ID... | -]" ]
	[ "${stderr_lines[4]}" = "      cmp-ls [-d DIR] --verify" ]
	[ "${stderr_lines[5]}" = "      cmp-ls [--where EXPR] [--fields F,...] [--table] [FILE...]" ]
	run --separate-stderr env LC_ALL=zh_CN.UTF-8 cmp-ls -d nowhere
	[ "$status" -eq 66 ]
	[ "$stderr" = "cmp-ls: nowhere: 没有那个文件或目录" ]
}

@test "LANGUAGE=zh_CN picks Chinese over a UTF-8 locale, not over C" {
	need_zh
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=en_US.UTF-8 LANGUAGE=zh_CN:en cmp-report
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-report: 必须给出 --period（2026-11、2026-Q4 或 2026）" ]
	run --separate-stderr env LC_ALL=C.UTF-8 LANGUAGE=zh_CN cmp-report
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-report: --period is required (2026-11, 2026-Q4 or 2026)" ]
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 LANGUAGE=en cmp-report
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = "cmp-report: --period is required (2026-11, 2026-Q4 or 2026)" ]
}

@test "under zh_CN a report's table has Chinese labels and C numbers" {
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 cmp-report --period 2026-11 --format md "$SAMPLE"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "# 投诉分析报告 2026-11" ]
	grep -Fqx "| 指标 | 2026-11 | 2026-10 | 环比 | 2025-11 | 同比 |" <<<"$output"
	grep -Fqx "| 工作日日均投诉量 | 14.29 | 0.00 | — | 0.00 | — |" <<<"$output"
	# LANGUAGE switches the labels with the messages.
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=C.UTF-8 LANGUAGE=zh_CN cmp-report --period 2026-11 --format md "$SAMPLE"
	[ "${lines[0]}" = "# Complaint report 2026-11" ]
}

@test "an installed tool finds its catalogue beside share/cmp" {
	need_zh
	dest=$BATS_TEST_TMPDIR/dest
	run make -s -C "$ROOT" install SAN="${CMP_SAN:-}" DESTDIR="$dest" PREFIX=/opt/cmp
	[ "$status" -eq 0 ]
	run --separate-stderr env LC_ALL= LC_MESSAGES= LANG=zh_CN.UTF-8 "$dest/opt/cmp/bin/cmp-due" --soon xyz
	[ "$status" -eq 64 ]
	[ "${stderr_lines[0]}" = 'cmp-due: --soon: "xyz": 应为时长，如 30m、4h、2d 或 1wd' ]
	run make -s -C "$ROOT" uninstall SAN="${CMP_SAN:-}" DESTDIR="$dest" PREFIX=/opt/cmp
	[ "$status" -eq 0 ]
	[ ! -e "$dest/opt/cmp/share/locale/zh_CN/LC_MESSAGES/cmp.mo" ]
}

@test "po/zh_CN.po passes msgfmt --check" {
	run msgfmt --check -o /dev/null "$ROOT/po/zh_CN.po"
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "every message of the sources has a translation, none fuzzy, and po/cmp.pot is current" {
	run make -s -C "$ROOT" pot POT="$BATS_TEST_TMPDIR/fresh.pot"
	[ "$status" -eq 0 ]
	[ "$(grep -c '^msgid' fresh.pot)" -gt 200 ]
	# msgcmp counts an untranslated or fuzzy entry of the .po as missing.
	run msgcmp "$ROOT/po/zh_CN.po" fresh.pot
	[ "$status" -eq 0 ]
	run msgattrib --only-fuzzy --no-obsolete "$ROOT/po/zh_CN.po"
	[ "$output" = "" ]
	run msgattrib --untranslated --no-obsolete "$ROOT/po/zh_CN.po"
	[ "$output" = "" ]
	# The committed template has the same messages as the sources.
	run msgcmp --use-untranslated "$ROOT/po/cmp.pot" fresh.pot
	[ "$status" -eq 0 ]
	run msgcmp --use-untranslated fresh.pot "$ROOT/po/cmp.pot"
	[ "$status" -eq 0 ]
}
