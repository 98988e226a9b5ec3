/*
 * gen.c - made-up but realistic complaint tickets for the benchmark
 * (bench/run), fast enough that a million rows take seconds.
 *
 *   gen [-s SEED] [-f csv|jsonl] [-k all|open|legacy] ROWS
 *
 * all:    every canonical field of SPEC §3 in order; a status mix of new,
 *         assigned, resolved and closed over 14 months received before
 *         NOW (2026-11-23T10:00:00+08:00, the tests' CMP_NOW), with the
 *         event times in order and never after NOW, and the deadlines of
 *         the built-in policy (15wd counted over weekends only: the
 *         holidays are the tools' business, not the data's).
 * open:   the same, only new and assigned tickets received in the last 60
 *         days: the input of cmp-due and the store of cmp-assign.
 * legacy: a legacy hotline log for cmp-new --import: Chinese column names,
 *         times as 2025/10/01 08:30:15, its own ticket number.
 *
 * Chinese text in the names, addresses, places and free text; about 5% of
 * the free-text fields hold an ASCII comma or a double quote, and about
 * 1.4% of the records a line break, so a reader must really know RFC 4180.
 * Everything comes from one splitmix64 stream seeded by -s and the times
 * are formatted by hand, so the output is byte-identical on every run and
 * every machine, whatever TZ or locale says.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NFIELDS (sizeof field_names / sizeof *field_names)

static const char *const field_names[] = {
	"id", "received_at", "created_at", "channel", "name", "phone", "email",
	"address", "customer", "vip", "region", "location", "product", "category",
	"severity", "summary", "expectation", "source", "status", "first_responder",
	"department", "assignee", "dispatched_at", "assigned_at", "handed_at",
	"dispatches", "returns", "reason", "dispatch_due", "reply_due", "resolve_due",
	"replied_at", "progress", "progress_at", "told_at", "told_channel", "eta",
	"escalation", "escalated_at", "resolved_at", "resolution", "cause",
	"measures", "responsible", "feedback_due", "feedback_at", "feedback_channel",
	"satisfaction", "opinion", "reopens", "closed_at", "updated_at",
};
enum {
	F_ID, F_RECEIVED, F_CREATED, F_CHANNEL, F_NAME, F_PHONE, F_EMAIL,
	F_ADDRESS, F_CUSTOMER, F_VIP, F_REGION, F_LOCATION, F_PRODUCT, F_CATEGORY,
	F_SEVERITY, F_SUMMARY, F_EXPECT, F_SOURCE, F_STATUS, F_FIRST, F_DEPT,
	F_ASSIGNEE, F_DISPATCHED, F_ASSIGNED, F_HANDED, F_DISPATCHES, F_RETURNS,
	F_REASON, F_DISPATCH_DUE, F_REPLY_DUE, F_RESOLVE_DUE, F_REPLIED,
	F_PROGRESS, F_PROGRESS_AT, F_TOLD, F_TOLD_CHANNEL, F_ETA, F_ESCALATION,
	F_ESCALATED, F_RESOLVED, F_RESOLUTION, F_CAUSE, F_MEASURES, F_RESPONSIBLE,
	F_FEEDBACK_DUE, F_FEEDBACK, F_FEEDBACK_CHANNEL, F_SATISFACTION, F_OPINION,
	F_REOPENS, F_CLOSED, F_UPDATED,
};

/* The legacy log's columns and the canonical fields they hold. */
static const char *const legacy_names[] = {
	"工单编号", "来电时间", "来电渠道", "客户姓名", "主叫号码", "电子邮箱",
	"联系地址", "客户编号", "是否VIP", "所属区域", "投诉地点", "产品名称",
	"投诉类别", "紧急程度", "投诉内容", "客户诉求",
};
static const int legacy_fields[] = {
	-1, F_RECEIVED, F_CHANNEL, F_NAME, F_PHONE, F_EMAIL, F_ADDRESS,
	F_CUSTOMER, F_VIP, F_REGION, F_LOCATION, F_PRODUCT, F_CATEGORY,
	F_SEVERITY, F_SUMMARY, F_EXPECT,
};

#define N(a) (sizeof a / sizeof *a)

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
};
static const char *const given[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇",
	"艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "鹏浩",
	"红", "建华", "晓东", "文", "婷", "志强",
};
static const char *const districts[] = {
	"东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区",
	"昌平区", "大兴区", "顺义区", "房山区", "门头沟区",
};
static const char *const roads[] = {
	"马家堡东路", "建国路", "中关村大街", "长安街", "望京西路", "学院路",
	"回龙观西大街", "新华大街", "京顺路", "丰台北路", "阜成路", "广渠路",
};
static const char *const estates[] = {
	"枫林苑", "阳光小区", "金地花园", "西山美庐", "翠微嘉园", "天通苑",
	"富力城", "万科城市花园", "和谐家园", "远洋山水",
};
static const char *const places[] = {
	"营业厅", "地铁10号线国贸站", "地铁4号线西单站", "小区地下车库",
	"自助服务终端", "客户家中", "公司写字楼", "火车站候车室", "商场三层",
	"公交站台",
};
static const char *const products[] = {
	"4G畅聊套餐", "5G智享套餐", "国际漫游", "宽带100M", "千兆光宽带",
	"亲情号码", "流量加油包", "固定电话", "IPTV电视", "手机终端", "积分兑换",
	"月票卡", "一卡通充值", "储值卡",
};

/* The categories, their weights, departments and phrases of complaint. */
struct cat {
	const char *name, *dept;
	int weight;
	const char *what[4];
};
static const struct cat cats[] = {
	{ "network", "网络部", 28, { "手机信号很差，室内经常无服务",
	    "宽带每天晚上断线好几次，已经报修三次没人处理",
	    "出国后已开通国际漫游，但手机一直无法注册网络，不能接打电话",
	    "5G信号显示满格但网速只有几十K，视频完全打不开" } },
	{ "billing", "市场部", 25, { "号码已经停机，每月还在产生月租",
	    "未经本人同意开通了增值业务并扣费",
	    "套餐变更后话费比原来高了一倍，营业员没有说明",
	    "充值后余额没有到账，客服说要等七个工作日" } },
	{ "service", "客服部", 15, { "营业员态度恶劣，不耐心解答问题",
	    "热线电话排队四十分钟无人接听",
	    "承诺回电但是三天都没有任何人联系",
	    "办理业务被要求反复提交相同材料" } },
	{ "product", "产品部", 10, { "新买的手机使用一周就无法开机",
	    "光猫经常死机需要重启，更换后问题依旧",
	    "积分兑换的礼品与宣传不符",
	    "机顶盒遥控器失灵，节目经常卡顿" } },
	{ "facility", "设施部", 8, { "自助终端吞卡，钱没有退回",
	    "营业厅空调坏了很久没人修",
	    "站台电梯停运一个月没有任何通知",
	    "无障碍通道被杂物堵住，轮椅无法通行" } },
	{ "safety", "安全部", 3, { "施工现场没有围挡，路人差点被砸伤",
	    "屏蔽门夹人后没有自动打开",
	    "营业厅地面湿滑，老人摔倒受伤" } },
	{ "hygiene", "卫生部", 3, { "洗手间长期无人打扫，气味难闻",
	    "座椅上有大量垃圾和污渍",
	    "饮水机的水有异味" } },
	{ "other", "客服部", 8, { "对新出台的业务规定有意见",
	    "要求提供近半年的详细通话记录",
	    "反映的问题不属于任何一类，请尽快协调" } },
};
static const char *const details[] = {
	"严重影响工作和生活", "已经多次反映仍未解决", "要求尽快给出处理结果",
	"家里老人因此无法与家人联系", "给本人造成了经济损失", "希望相关部门重视",
	"之前的工单号已经找不到了", "周围邻居也有同样的问题", "对处理速度非常不满意",
};
static const char *const expectations[] = {
	"退还费用并道歉", "尽快修复", "给出书面解释", "赔偿损失", "更换设备",
	"取消业务并退款", "上门处理", "处理相关责任人", "恢复原套餐",
};
static const char *const resolutions[] = {
	"已现场排查并更换故障设备，用户确认恢复正常",
	"已核实为系统计费错误，退还多收费用",
	"已对相关员工进行批评教育，并向用户致歉",
	"已安排工程师上门调试，信号恢复",
	"经核查业务为用户本人办理，已向用户解释清楚",
	"已协调相关部门限期整改",
};
static const char *const causes[] = {
	"服务态度", "设施设备故障", "管理不善", "系统计费错误", "网络覆盖不足",
	"其他",
};
static const char *const measures[] = {
	"加强员工服务规范培训", "增加基站覆盖", "完善计费核查流程",
	"建立设备定期巡检制度", "优化热线排班",
};
static const char *const progresses[] = {
	"已联系用户了解情况，正在排查", "已派工程师，预计明天上门",
	"等待系统部门核查计费记录", "已向上级申请退费审批",
};
static const char *const opinions[] = {
	"处理及时，态度很好", "问题解决了，但是等太久", "希望以后不要再发生",
	"还算满意", "没有根本解决问题",
};
static const char *const reasons[] = {
	"不属于本部门职责范围", "用户所在区域归其他分公司管理",
	"问题涉及计费，需市场部处理",
};

struct weighted { const char *v; int w; };
static const struct weighted channels[] = {
	{ "hotline", 40 }, { "app", 15 }, { "web", 12 }, { "sms", 6 },
	{ "email", 5 }, { "social", 8 }, { "counter", 6 }, { "letter", 2 },
	{ "transfer", 4 }, { "regulator", 2 },
};

static uint64_t rng;

/* splitmix64: tiny, fast, and the same everywhere. */
static uint64_t
next(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n). */
static long
rnd(long n)
{
	return (long)(next() % (uint64_t)n);
}

#define PICK(a) (a[rnd(N(a))])

static const char *
pick_weighted(const struct weighted *w, size_t n)
{
	int total = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i].w;
	long r = rnd(total);
	for (size_t i = 0; i < n; i++)
		if ((r -= w[i].w) < 0)
			return w[i].v;
	return w[n - 1].v;
}

static const struct cat *
pick_cat(void)
{
	long r = rnd(100);
	for (size_t i = 0; i < N(cats); i++)
		if ((r -= cats[i].weight) < 0)
			return &cats[i];
	return &cats[N(cats) - 1];
}

/* The civil date of day Z since 1970-01-01 (Howard Hinnant's algorithm). */
static void
civil_from_days(long z, long *y, long *m, long *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

#define CST (8 * 3600L)

/* Epoch seconds T as ISO 8601 in China Standard Time. */
static void
fmt_time(char *buf, long t)
{
	long lt = t + CST, y, m, d;
	long day = lt / 86400, s = lt % 86400;

	civil_from_days(day, &y, &m, &d);
	sprintf(buf, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld+08:00", y, m, d, s / 3600, s % 3600 / 60, s % 60);
}

/* Weekday of local day number DAY: 0 = Monday. */
static int
weekday(long day)
{
	return (int)(((day % 7) + 10) % 7);
}

/*
 * N working days after T, weekends only: the same clock time on the N-th
 * weekday after T's date; a T on a weekend first moves to 00:00 of the
 * next weekday, which is day 0 (SPEC §5).
 */
static long
add_wd(long t, int n)
{
	long lt = t + CST, day = lt / 86400, secs = lt % 86400;

	if (weekday(day) >= 5) {
		while (weekday(day) >= 5)
			day++;
		secs = 0;
	}
	while (n > 0) {
		day++;
		if (weekday(day) < 5)
			n--;
	}
	return day * 86400 + secs - CST;
}

/* One record's fields, each an owned slice of a scratch area. */
static char *val[NFIELDS];
static char area[NFIELDS][1024];

static void
set(int f, const char *s)
{
	val[f] = area[f];
	snprintf(area[f], sizeof area[f], "%s", s);
}

static void
set_time(int f, long t)
{
	val[f] = area[f];
	if (t <= 0)
		area[f][0] = '\0';
	else
		fmt_time(area[f], t);
}

/*
 * Free text for field F: the phrase S, sometimes with an ASCII comma or
 * a quoted remark (about 5% of fields), and a line break when NL.
 */
static void
set_text(int f, const char *s, int nl)
{
	char *p = area[f];
	size_t room = sizeof area[f];
	int n = snprintf(p, room, "%s", s);
	long r = rnd(100);

	if (r < 3)
		n += snprintf(p + n, room - n, "，涉及金额1,%03ld元", rnd(1000));
	else if (r < 5)
		n += snprintf(p + n, room - n, "，对方说\"马上处理\"");
	if (nl)
		snprintf(p + n, room - n, "\n补充：%s", PICK(details));
	val[f] = p;
}

/*
 * Fill the fields of ticket number I of ROWS in KIND, with the daily
 * sequence SEQ (indexed by local day since epoch) for its id.
 */
static void
make_ticket(long i, long rows, char kind, int *seq)
{
	static const long now = 1795399200;	/* 2026-11-23T10:00:00+08:00 */
	static const long base = 1759248000;	/* 2025-10-01T00:00:00+08:00 */
	long span = kind == 'o' ? 60 * 86400L : now - base - 86400;
	long start = kind == 'o' ? now - span : base;
	char buf[512];

	for (size_t f = 0; f < NFIELDS; f++) {
		val[f] = area[f];
		area[f][0] = '\0';
	}
	long recv = start + (long)((double)i * span / rows) + rnd(3600);
	long created = recv + (rnd(100) < 95 ? 30 + rnd(510) : 600 + rnd(3000));
	if (created > now)
		created = now;
	const struct cat *c = pick_cat();
	long sv = rnd(100);
	const char *sev = sv < 75 ? "general" : sv < 95 ? "complex" : "urgent";
	int nl = rnd(1000) < 14;

	/* The id: the date of creation and that day's sequence. */
	long cday = (created + CST) / 86400, y, m, d;
	civil_from_days(cday, &y, &m, &d);
	sprintf(buf, "C%04ld%02ld%02ld-%06d", y, m, d, ++seq[cday - base / 86400]);
	set(F_ID, buf);
	set_time(F_RECEIVED, recv);
	set_time(F_CREATED, created);
	set(F_CHANNEL, pick_weighted(channels, N(channels)));
	sprintf(buf, "%s%s", PICK(surnames), PICK(given));
	set(F_NAME, buf);
	if (rnd(100) < 92) {
		sprintf(buf, "1%ld%09ld", 3 + rnd(7), rnd(1000000000));
		set(F_PHONE, buf);
	}
	if (rnd(100) < 15) {
		sprintf(buf, "user%06ld@example.cn", rnd(1000000));
		set(F_EMAIL, buf);
	}
	const char *district = PICK(districts);
	if (rnd(100) < 70) {
		sprintf(buf, "北京市%s%s%ld号%s%ld-%ld0%ld", district, PICK(roads), 1 + rnd(200),
		    PICK(estates), 1 + rnd(30), 1 + rnd(30), 1 + rnd(6));
		set_text(F_ADDRESS, buf, 0);
	}
	if (rnd(100) < 50) {
		sprintf(buf, "A%08ld", rnd(100000000));
		set(F_CUSTOMER, buf);
	}
	set(F_VIP, rnd(100) < 5 ? "yes" : "no");
	set(F_REGION, district);
	if (rnd(100) < 40)
		set_text(F_LOCATION, PICK(places), 0);
	set(F_PRODUCT, PICK(products));
	set(F_CATEGORY, c->name);
	set(F_SEVERITY, sev);
	size_t nwhat = 0;
	while (nwhat < N(c->what) && c->what[nwhat])
		nwhat++;
	const char *what = c->what[rnd((long)nwhat)];
	if (rnd(2))
		sprintf(buf, "%s，%s。", what, PICK(details));
	else
		sprintf(buf, "%s。", what);
	set_text(F_SUMMARY, buf, nl);
	set_text(F_EXPECT, PICK(expectations), 0);
	if (rnd(100) < 15) {
		sprintf(buf, "hotline-2025:%016llx", (unsigned long long)next());
		set(F_SOURCE, buf);
	}
	sprintf(buf, "%s%s", PICK(surnames), PICK(given));
	set(F_FIRST, buf);

	/* The deadlines of the built-in policy. */
	set_time(F_DISPATCH_DUE, recv + 1800);
	if (sev[0] == 'c')
		set_time(F_REPLY_DUE, recv + 72 * 3600);
	else if (sev[0] == 'u')
		set_time(F_REPLY_DUE, recv + 2 * 3600);
	long resolve_due = sev[0] == 'c' ? add_wd(recv, 15) : recv + 24 * 3600;
	set_time(F_RESOLVE_DUE, resolve_due);

	/* How far the ticket got, and when each step happened. */
	long st = rnd(100);
	int stage = kind == 'o' ? (st < 20 ? 0 : 1) : st < 4 ? 0 : st < 18 ? 1 : st < 26 ? 2 : 3;
	long dispatched = created + 60 + rnd(rnd(100) < 85 ? 1500 : 7200);
	long assigned = dispatched, handed = 0, replied = 0, resolved = 0, feedback = 0, closed = 0;
	int redispatch = rnd(100) < 8, returned = rnd(100) < 3;
	if (redispatch)
		assigned += 1800 + rnd(4 * 3600);
	if (rnd(100) < 80)
		handed = assigned + 60 + rnd(3600);
	long took = sev[0] == 'c' ? 86400 + rnd(25 * 86400L)
	    : rnd(100) < 82 ? 1800 + rnd(22 * 3600L) : 24 * 3600 + rnd(72 * 3600L);
	resolved = recv + took;
	if (sev[0] != 'g' || rnd(100) < 60)
		replied = recv + (sev[0] == 'u' ? 600 + rnd(3 * 3600L) : 3600 + rnd(took - 1800 > 3600 ? took - 1800 : 3600));
	if (replied >= resolved)
		replied = resolved - 60;
	if (rnd(100) < 92)
		feedback = resolved + 600 + rnd(30 * 3600L);
	closed = (feedback ? feedback : resolved) + 3600 + rnd(3 * 86400L);
	if (stage >= 3 && closed > now)
		stage = 2;
	if (stage >= 2 && resolved > now)
		stage = 1;
	if (stage >= 1 && assigned > now)
		stage = 0;
	if (stage < 3)
		closed = 0;
	if (stage < 2 || feedback > now)
		feedback = stage < 2 ? 0 : feedback > now ? 0 : feedback;
	if (stage < 2)
		resolved = 0;
	if (stage < 1 || (handed && handed > now))
		handed = 0;
	if (stage < 1 || replied > now)
		replied = 0;
	if (stage == 0)
		dispatched = assigned = 0;

	const char *status = stage == 0 ? "new" : stage == 1 ? "assigned" : stage == 2 ? "resolved" : "closed";
	set(F_STATUS, status);
	set(F_DISPATCHES, stage == 0 ? "0" : redispatch ? "2" : "1");
	set(F_RETURNS, returned ? "1" : "0");
	if (returned || redispatch)
		set_text(F_REASON, PICK(reasons), 0);
	if (stage >= 1) {
		set(F_DEPT, rnd(100) < 90 ? c->dept : cats[rnd(N(cats))].dept);
		set_time(F_DISPATCHED, dispatched);
		set_time(F_ASSIGNED, assigned);
		if (handed) {
			sprintf(buf, "%s%s", PICK(surnames), PICK(given));
			set(F_ASSIGNEE, buf);
			set_time(F_HANDED, handed);
		}
	}
	long updated = stage >= 1 ? (handed > assigned ? handed : assigned) : created;
	if (replied) {
		set_time(F_REPLIED, replied);
		set_text(F_PROGRESS, PICK(progresses), 0);
		set_time(F_PROGRESS_AT, replied);
		if (replied > updated)
			updated = replied;
		if (rnd(100) < 50) {
			set_time(F_TOLD, replied);
			set(F_TOLD_CHANNEL, rnd(2) ? "phone" : "sms");
			if (rnd(100) < 40)
				set_time(F_ETA, replied + 86400 + rnd(5 * 86400L));
		}
	}
	/* Escalated: past its resolve deadline when solved, or now. */
	long late_by = (resolved ? resolved : now) - resolve_due;
	if (late_by > 0) {
		set(F_ESCALATION, late_by > 2 * 86400 ? "2" : "1");
		set_time(F_ESCALATED, resolve_due + 60 + rnd(600));
	} else
		set(F_ESCALATION, "0");
	int reopened = resolved && rnd(100) < 4;
	if (resolved) {
		set_time(F_RESOLVED, resolved);
		set_text(F_RESOLUTION, PICK(resolutions), 0);
		set(F_CAUSE, PICK(causes));
		set_text(F_MEASURES, PICK(measures), 0);
		set(F_RESPONSIBLE, c->dept);
		set_time(F_FEEDBACK_DUE, resolved + 86400);
		updated = resolved;
	}
	if (feedback) {
		set_time(F_FEEDBACK, feedback);
		set(F_FEEDBACK_CHANNEL, rnd(100) < 80 ? "phone" : rnd(2) ? "sms" : "email");
		updated = feedback;
	}
	if (closed) {
		long s = rnd(100);
		set(F_SATISFACTION, s < 72 ? "satisfied" : s < 94 ? "basic" : "dissatisfied");
		if (rnd(100) < 30)
			set_text(F_OPINION, PICK(opinions), 0);
		set_time(F_CLOSED, closed);
		updated = closed;
	}
	set(F_REOPENS, reopened ? "1" : "0");
	set_time(F_UPDATED, updated);
}

static char out[1 << 20];
static size_t outn;

static void
flush(void)
{
	if (fwrite(out, 1, outn, stdout) != outn) {
		perror("gen: write");
		exit(74);
	}
	outn = 0;
}

static void
put(const char *s, size_t n)
{
	if (outn + n > sizeof out)
		flush();
	memcpy(out + outn, s, n);
	outn += n;
}

/* S as a CSV field: quoted only where needed (SPEC §3). */
static void
put_csv(const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		put(s, strlen(s));
		return;
	}
	put("\"", 1);
	for (const char *q; (q = strchr(s, '"')); s = q + 1)
		put(s, (size_t)(q - s) + 1), put("\"", 1);
	put(s, strlen(s));
	put("\"", 1);
}

/* S as a JSON string. */
static void
put_json(const char *s)
{
	put("\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			put("\\\"", 2);
		else if (*s == '\\')
			put("\\\\", 2);
		else if (*s == '\n')
			put("\\n", 2);
		else
			put(s, 1);
	}
	put("\"", 1);
}

static void
usage(void)
{
	fputs("usage: gen [-s SEED] [-f csv|jsonl] [-k all|open|legacy] ROWS\n", stderr);
	exit(64);
}

int
main(int argc, char **argv)
{
	unsigned long long seed = 20261123;
	int jsonl = 0;
	char kind = 'a';
	int c;

	while ((c = getopt(argc, argv, "s:f:k:")) != -1) {
		switch (c) {
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'f':
			if (strcmp(optarg, "csv") && strcmp(optarg, "jsonl"))
				usage();
			jsonl = optarg[0] == 'j';
			break;
		case 'k':
			if (strcmp(optarg, "all") && strcmp(optarg, "open") && strcmp(optarg, "legacy"))
				usage();
			kind = optarg[0];
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	char *end;
	long rows = strtol(argv[optind], &end, 10);
	if (*end || rows < 1)
		usage();
	rng = seed;

	static int seq[800];
	const char *const *names = kind == 'l' ? legacy_names : field_names;
	size_t ncols = kind == 'l' ? N(legacy_names) : NFIELDS;
	if (!jsonl) {
		for (size_t k = 0; k < ncols; k++) {
			if (k)
				put(",", 1);
			put(names[k], strlen(names[k]));
		}
		put("\n", 1);
	}
	for (long i = 0; i < rows; i++) {
		make_ticket(i, rows, kind, seq);
		if (kind == 'l') {
			/* The log's times in its own form, its own number. */
			char t[64];
			long y, m, d, hh, mm, ss;
			sscanf(val[F_RECEIVED], "%ld-%ld-%ldT%ld:%ld:%ld", &y, &m, &d, &hh, &mm, &ss);
			sprintf(t, "%04ld/%02ld/%02ld %02ld:%02ld:%02ld", y, m, d, hh, mm, ss);
			set(F_RECEIVED, t);
			sprintf(t, "RX%08ld", i + 1);
			set(F_ID, t);
		}
		for (size_t k = 0; k < ncols; k++) {
			const char *v = val[kind == 'l' ? (legacy_fields[k] < 0 ? F_ID : legacy_fields[k]) : (int)k];
			if (jsonl) {
				put(k ? ",\"" : "{\"", 2);
				put(names[k], strlen(names[k]));
				put("\":", 2);
				put_json(v);
			} else {
				if (k)
					put(",", 1);
				put_csv(v);
			}
		}
		put(jsonl ? "}\n" : "\n", jsonl ? 2 : 1);
	}
	flush();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: write");
		return 74;
	}
	return 0;
}
