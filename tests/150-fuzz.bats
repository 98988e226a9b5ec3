#!/usr/bin/env bats
# tests/150-fuzz.bats - the libFuzzer targets of tests/fuzz/ (one per
# parser): built with clang (make fuzz-build, into build-fuzz/), each run
# for CMP_FUZZ_SECONDS (default 30) with libFuzzer's seed CMP_FUZZ_SEED
# (default 1: the same exploration every run) on a corpus seeded in a temporary
# directory, and every input of tests/fuzz/regress/TARGET, each a finding
# once fixed, replayed through its target.  Skipped, visibly, without
# clang and libFuzzer, and in the sanitizer phase of the suite (CMP_SAN=1):
# the fuzz build is sanitized itself, so fuzzing runs once, in the normal
# phase.  The plain tests of the findings are in the files of their topics.

load helper

# Skip unless fuzzing can and should run here.
need_fuzz() {
	[ "${CMP_SAN:-}" != 1 ] || skip "fuzzing runs once, in the normal phase"
	[ ! -e "$BATS_FILE_TMPDIR/no-fuzz" ] || skip "$(cat "$BATS_FILE_TMPDIR/no-fuzz")"
}

setup_file() {
	if ! command -v clang >/dev/null; then
		echo "clang is not installed (tools/deps)" >"$BATS_FILE_TMPDIR/no-fuzz"
		return 0
	fi
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d && n; }\n' \
	    >"$BATS_FILE_TMPDIR/probe.c"
	if ! clang -fsanitize=fuzzer -o "$BATS_FILE_TMPDIR/probe" "$BATS_FILE_TMPDIR/probe.c" 2>/dev/null; then
		echo "clang has no libFuzzer (libclang-rt-14-dev, tools/deps)" >"$BATS_FILE_TMPDIR/no-fuzz"
	fi
}

# fuzz TARGET: run it for CMP_FUZZ_SECONDS, and say how it ended.
fuzz() {
	FUZZ_SEED=${CMP_FUZZ_SEED:-1} run --separate-stderr "$ROOT/tests/fuzz/run" -c "$BATS_FILE_TMPDIR/corpus" "${CMP_FUZZ_SECONDS:-30}" "$1"
	if [ "$status" -ne 0 ]; then
		echo "$output"
		cat "$ROOT/build-fuzz/$1.log"
	fi
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^$1:\ [0-9]+\ runs,\ corpus\ [0-9]+\ inputs$ ]]
}

@test "the fuzz targets build with clang, ASan, UBSan and libFuzzer" {
	need_fuzz
	run make -C "$ROOT" -s fuzz-build
	echo "$output"
	[ "$status" -eq 0 ]
	for t in csv csvdiff jsonl jsondiff where time policy map; do
		[ -x "$ROOT/build-fuzz/fuzz-$t" ]
	done
}

@test "every finding of tests/fuzz/regress replays through its target without a crash, hang or leak" {
	need_fuzz
	n=0
	for t in csv csvdiff jsonl jsondiff where time policy map; do
		set -- "$ROOT/tests/fuzz/regress/$t"/*
		[ -e "$1" ] || continue
		run "$ROOT/build-fuzz/fuzz-$t" -timeout=10 "$@"
		[ "$status" -eq 0 ] || { echo "$output"; false; }
		n=$((n + $#))
	done
	[ "$n" -ge 8 ]
}

@test "fuzz-csv: the CSV reader, and its round trip through the writer" {
	need_fuzz
	fuzz csv
}

@test "fuzz-csvdiff: the CSV scanner against libcsv, record by record" {
	need_fuzz
	fuzz csvdiff
}

@test "fuzz-jsondiff: the JSON Lines fast path against jansson, object by object and record by record" {
	need_fuzz
	fuzz jsondiff
}

@test "fuzz-jsonl: the JSON Lines reader, and its round trip through the writer" {
	need_fuzz
	fuzz jsonl
}

@test "fuzz-where: --where expressions" {
	need_fuzz
	fuzz where
}

@test "fuzz-time: times, durations, strptime patterns and calendar files" {
	need_fuzz
	fuzz time
}

@test "fuzz-policy: cmp.conf, and the policy it makes at work" {
	need_fuzz
	fuzz policy
}

@test "fuzz-map: --map and --map-file, and the map at work" {
	need_fuzz
	fuzz map
}
