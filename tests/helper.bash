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

# hotline_log_2019 FILE: the legacy hotline log of cmp-new(1) and
# tests/700-import, in GB18030: every kind of row an import meets (a
# quoted line break, a bad month, short rows, duplicates, impossible
# dates and times, a second date form, bytes that are not GB18030, a
# footer).
hotline_log_2019() {
	{
		printf '工单号,来电时间,主叫号码,渠道,内容,状态,办结时间\n'
		printf 'HL0001,2019/03/01 08:05,13800000001,电话,信号差,已办结,2019/03/02 10:00\n'
		printf 'HL0002,2019/03/01 09:10,13800000002,网站,"多扣费，\n请退款",处理中,\n'
		printf 'HL0003,2019/13/01 09:10,13800000003,电话,"月份错\n两行",处理中,\n'
		printf 'HL0004,2019/03/02 10:00,13800000004,电话,列数不对\n'
		printf 'HL0001,2019/03/01 08:05,13800000001,电话,信号差,已办结,2019/03/02 10:00\n'
		printf 'HL0005,2019/02/30 10:00,13800000005,电话,二月三十日,处理中,\n'
		printf 'HL0006,2019/03/03 25:00,13800000006,电话,二十五点,处理中,\n'
		printf 'HL0007,2019/03/04 11:00,13800000007,电话,没有办结时间,已办结,\n'
		printf 'HL0008,2019/03/05 12:00,13800000008,电话,先办结后来电,已办结,2019/03/04 09:00\n'
		printf 'HL0009,20190306 1330,13800000009,网站,另一种日期格式,已办结,20190410 0900\n'
		printf 'HL0002,2019/03/01 09:10,13800000002,网站,"多扣费，\n请退款",处理中,\n'
	} | iconv -f UTF-8 -t GB18030 >"$1"
	printf 'HL0010,2019/03/07 08:00,13800000010,\xff\xfe,bad bytes,x,\n' >>"$1"
	printf '合计,9\n' | iconv -f UTF-8 -t GB18030 >>"$1"
}

# read_alike VAR REF FAST FILE CMD...: run each CMD (with REJ standing for
# its rejects file) with FILE as standard input, once with VAR=REF (the
# reference parser) and once with VAR=FAST (the fast path), and compare
# standard output, standard error, exit status and the rejects file byte
# for byte; print what differs and fail.  Counts the readings in $RUNS.
read_alike() {
	local var=$1 ref=$2 fast=$3 f=$4 cmd p rc x
	shift 4
	for cmd in "$@"; do
		for p in "$ref" "$fast"; do
			rm -f "rej.$p"
			rc=0
			# shellcheck disable=SC2086
			env "$var=$p" ${cmd//REJ/rej.$p} <"$f" >"out.$p" 2>"err.$p" || rc=$?
			echo "$rc" >"rc.$p"
			[ -e "rej.$p" ] || : >"rej.$p"
		done
		for x in out err rc rej; do
			if ! cmp -s "$x.$ref" "$x.$fast"; then
				echo "$f: $cmd: $x differs"
				diff "$x.$ref" "$x.$fast" | head -n 20
				return 1
			fi
		done
		RUNS=$((RUNS + 1))
	done
}
