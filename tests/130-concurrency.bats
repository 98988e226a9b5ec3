#!/usr/bin/env bats
# tests/130-concurrency.bats - 32 writers of mixed tools on one store for
# CMP_CONCURRENCY_SECONDS (default 10), with a short --wait so that some
# give up (75), and readers meanwhile (SPEC §4): every command that exited
# 0 has its change in the journal exactly once, every one that exited 75
# none; no id twice; every read is whole, each id once, and the count of
# tickets never falls.  Each command is known by a text of its own (the
# summary, the note, the resolution) or, for cmp-due --escalate, by its
# --now, which the journal keeps.

load helper

@test "32 writers (cmp-new, cmp-assign --note, cmp-close, cmp-due --escalate) and 2 readers at once: nothing lost, nothing twice" {
	secs=${CMP_CONCURRENCY_SECONDS:-10}
	cmp-new -d "$STORE" --now 2026-11-23T09:00 "$SAMPLE" >/dev/null
	n0=$(cmp-ls -d "$STORE" --all --fields id | tail -n +2 | wc -l)
	[ "$n0" -eq 300 ]
	end=$((SECONDS + secs))
	# Writer W runs one kind of command after another until the end, and
	# logs "kind key exit" for each.
	writer() {
		local w=$1 c=0 rc kind key mine=0
		while [ $SECONDS -lt $end ]; do
			c=$((c + 1)) rc=0
			case $((w % 4)) in
			0)
				kind=new key="w$w-c$c"
				cmp-new -d "$STORE" --wait 0.2 --summary "$key" >/dev/null 2>>"err.$w" || rc=$? ;;
			1)
				kind=note key="w$w-c$c"
				cmp-assign -d "$STORE" --wait 0.2 --note "$key" \
				    "$(printf 'C20261123-%06d' $((1 + RANDOM % 200)))" >/dev/null 2>>"err.$w" || rc=$? ;;
			2)
				# Each closer resolves tickets of its own, 201-296,
				# one a command; then registers.
				if [ $mine -lt 12 ]; then
					kind=close key="w$w-c$c"
					cmp-close -d "$STORE" --wait 0.2 --resolution "$key" \
					    "$(printf 'C20261123-%06d' $((201 + w / 4 * 12 + mine)))" >/dev/null 2>>"err.$w" || rc=$?
					[ $rc -eq 0 ] && mine=$((mine + 1))
				else
					kind=new key="w$w-c$c"
					cmp-new -d "$STORE" --wait 0.2 --summary "$key" >/dev/null 2>>"err.$w" || rc=$?
				fi ;;
			3)
				# A --now of its own: day by writer, minute by command.
				kind=due key=$(printf '2026-12-%02dT%02d:%02d:00+08:00' $((1 + w / 4)) $((c / 60 % 24)) $((c % 60)))
				cmp-due -d "$STORE" --wait 0.2 --escalate -q --now "$key" 2>>"err.$w" || rc=$? ;;
			esac
			echo "$kind $key $rc" >>"log.$w"
		done
	}
	# A reader lists every ticket again and again, each list kept.
	reader() {
		local r=$1 k=0
		while [ $k -eq 0 ] || [ $SECONDS -lt $end ]; do
			k=$((k + 1))
			cmp-ls -d "$STORE" --all --jsonl --fields id >"read.$r.$k" 2>>"err.r$r" ||
				echo "exit $?" >>"err.r$r"
		done
	}
	pids=()
	reader 1 &
	pids+=($!)
	reader 2 &
	pids+=($!)
	for w in $(seq 0 31); do
		writer "$w" &
		pids+=($!)
	done
	for pid in "${pids[@]}"; do
		wait "$pid"
	done
	# Nothing said but "locked" (75).
	[ "$(cat err.* | grep -v ': the store is locked by another process (waited 0.2s; see --wait)$')" = "" ]
	cat log.* >all.log
	# Only 0 and 75 (and 1: cmp-due found nothing to raise).
	[ "$(awk '$3 != 0 && $3 != 75 && !($1 == "due" && $3 == 1)' all.log)" = "" ]
	# How many journal lines each command left: created tickets by
	# summary, notes, resolutions; cmp-due's by --now (and no ticket twice
	# for one --now).
	jq -r 'if .tool == "cmp-new" then (.changes.summary[1] | select(startswith("w")) | "new \(.)")
	    elif .changes.progress then "note \(.changes.progress[1])"
	    elif .changes.resolution then "close \(.changes.resolution[1])"
	    elif .tool == "cmp-due" then "due \(.now) \(.id)"
	    else "other \(.tool)" end' "$STORE/journal.jsonl" >journal.keys
	[ "$(grep -c '^other' journal.keys)" -eq 0 ]
	[ "$(grep '^due' journal.keys | sort | uniq -d)" = "" ]
	# Every command: exit 0 with one line (cmp-due: one or more), else none.
	bad=$(awk 'NR == FNR { n[$1 " " $2]++; next }
	    { k = $1 " " $2; c = n[k] + 0
	      if ($3 == 0 && $1 != "due" && c != 1) print k ": exit 0, " c " journal lines"
	      else if ($3 == 0 && $1 == "due" && c < 1) print k ": exit 0, no journal line"
	      else if ($3 != 0 && c != 0) print k ": exit " $3 ", " c " journal lines"
	      seen[k] = 1 }
	    END { for (k in n) if (!(k in seen)) print k ": in the journal, never run" }' journal.keys all.log)
	[ "$bad" = "" ] || { echo "$bad"; false; }
	# Ids: each once, the journal created exactly the store's.
	run --separate-stderr cmp-ls -d "$STORE" --all --jsonl --fields id
	[ "$status" -eq 0 ]
	[ "$(jq -r .id <<<"$output" | sort | uniq -d)" = "" ]
	[ "$(jq -r .id <<<"$output" | sort)" = "$(jq -r 'select(.changes.id) | .id' "$STORE/journal.jsonl" | sort)" ]
	created=$(awk '$1 == "new" && $3 == 0' all.log | wc -l)
	[ "${#lines[@]}" -eq $((300 + created)) ]
	# Every read whole, ids once, never fewer than the read before.
	last=0 reads=0
	for r in 1 2; do
		last=0
		for f in $(ls read.$r.* | sort -t. -k3 -n); do
			n=$(jq -r .id "$f" | sort -u | wc -l) || { echo "$f: not JSON Lines"; false; }
			[ "$n" -eq "$(wc -l <"$f")" ] || { echo "$f: an id twice"; false; }
			[ "$n" -ge "$last" ] || { echo "$f: $n tickets after $last"; false; }
			last=$n reads=$((reads + 1))
		done
	done
	[ "$reads" -gt 2 ]
	echo "# $secs s, 32 writers: $(wc -l <all.log) commands; exit codes: $(awk '{ print $1 ":" $3 }' all.log | sort | uniq -c | awk '{ printf "%s%s=%s", s, $2, $1; s = " " }'); $reads whole reads by 2 readers, $((300 + created)) tickets" >&3
}
