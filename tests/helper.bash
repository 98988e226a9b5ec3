# tests/helper.bash - loaded by every test file: the binaries under test on
# PATH, a fresh store per test, a fixed clock and time zone, and the
# shared corpus when it is beside the project.
bats_require_minimum_version 1.5.0

ROOT=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
: "${CMP_BIN:=$ROOT/build/bin}"
PATH="$CMP_BIN:$PATH"
export TZ=Asia/Shanghai
export CMP_NOW=2026-11-23T10:00:00+08:00
export LC_ALL=C.UTF-8
unset CMP_STORE CMP_SHAREDIR
SAMPLE=$ROOT/share/cmp/sample/tickets.csv
SHARED=$ROOT/../shared

setup() {
	STORE=$BATS_TEST_TMPDIR/store
	export HOME=$BATS_TEST_TMPDIR
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Skip, visibly, a test that needs ../shared when it is not there.
need_shared() {
	[ -d "$SHARED/corpus" ] || skip "../shared/corpus is absent (a lone clone): not checked here"
}

# A checksum of every file of a store, to prove a failed command left it
# byte-identical.
store_sum() {
	(cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
}
