/*
 * labels.c - every word a report prints, in English and Chinese, in one
 * table, so that a translation is checked in one place and no label is
 * hard-coded where the report is laid out.
 *
 * The language is the locale's, as POSIX looks it up for messages: the
 * first of LC_ALL, LC_MESSAGES and LANG that is set and not empty;
 * Chinese when it starts with zh_CN, English otherwise.  GNU's LANGUAGE
 * comes first when set, unless that locale is C (C.UTF-8 too) or POSIX,
 * as in gettext; its first entry decides.  The same choice turns the messages'
 * catalogue (po/zh_CN.po) on or off, so that a report and the errors
 * around it never differ in language.  Only the words depend on it:
 * numbers, dates and ids are written the same way in both.
 * Labels are whole phrases or the two parts around a number ("pre" and
 * "post"), because word order differs between the languages.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cmp.h"

struct label { const char *key, *en, *zh; };

static const struct label labels[] = {
	{ "title", "Complaint report", "投诉分析报告" },
	{ "sub.period", "Period", "统计期" },
	{ "sub.to", "to", "至" },
	{ "sub.previous", "previous period", "环比" },
	{ "sub.yearago", "a year before", "同比" },
	{ "sub.asof", "as of", "截至" },

	{ "sec.totals", "Totals and rates", "总体情况" },
	{ "sec.trend", "Trend", "趋势" },
	{ "sec.breakdowns", "Breakdowns", "分类统计" },
	{ "sec.ranking", "Department ranking", "部门排名" },
	{ "sec.causes", "Causes and measures", "原因与改进措施" },
	{ "sec.overdue", "Overdue and escalated", "超时与升级" },
	{ "sec.repeat", "Repeat complaints", "重复投诉" },
	{ "sec.clusters", "Mass complaints", "大面积投诉" },
	{ "sec.cases", "Typical cases", "典型案例" },
	{ "sec.violations", "First-responder accountability: rule violations by department", "首问责任：各部门违规情况" },
	{ "sec.notes", "Analysis and recommendations", "分析与建议" },

	{ "totals.metric", "Figure", "指标" },
	{ "totals.mom", "vs previous", "环比" },
	{ "totals.yoy", "vs a year before", "同比" },
	{ "totals.count", "Complaints", "投诉量" },
	{ "totals.workdays", "Working days", "工作日" },
	{ "totals.perday", "Complaints per working day", "工作日日均投诉量" },
	{ "totals.hours", "Median hours", "用时中位数" },
	{ "totals.hours.unit", "", "/小时" },
	{ "totals.escalated", "Escalated", "升级投诉" },
	{ "totals.repeat", "Repeat complaints", "重复投诉" },
	{ "rate.resolved_rate", "Resolution rate", "问题解决率" },
	{ "rate.on_time_rate", "On-time rate", "处理及时率" },
	{ "rate.satisfied_rate", "Satisfaction rate", "满意率" },
	{ "rate.reopen_rate", "Reopen rate", "重开率" },
	{ "stage.dispatch", " (dispatch)", "（派单）" },
	{ "stage.reply", " (first reply)", "（首次答复）" },
	{ "stage.resolve", " (resolve)", "（解决）" },
	{ "stage.feedback", " (feedback)", "（反馈）" },
	{ "pp", " pp", "个百分点" },
	{ "targets.legend", "▼ misses a target: ", "▼ 未达目标：" },

	{ "trend.day", "Complaints per day", "每日投诉量" },
	{ "trend.month", "Complaints per month", "每月投诉量" },
	{ "chart.category", "Complaints by category", "各类别投诉量" },
	{ "chart.nodata", "No data", "无数据" },
	{ "by.pre", "By ", "按" },
	{ "col.count", "Tickets", "件数" },
	{ "col.share", "Share", "占比" },
	{ "col.day", "Day", "日期" },
	{ "rest.pre", "(", "（其余 " },
	{ "rest.post", " more groups)", " 组）" },

	{ "rank.intro.pre", "Ranked by the Wilson lower bound (95%) of the ", "按" },
	{ "rank.intro.mid", ", so that a few lucky tickets cannot top or bottom the list. Departments with fewer than ",
	  "的威尔逊置信下限（95%）排名，以免少量工单因偶然因素居首或垫底；件数少于 " },
	{ "rank.intro.post", " tickets are listed, not ranked.", " 件的部门只列出，不排名。" },
	{ "rank.place", "Rank", "名次" },
	{ "rank.lower", "Lower bound", "置信下限" },
	{ "rank.note", "Note", "说明" },
	{ "rank.few.pre", "not ranked: fewer than ", "不排名：少于 " },
	{ "rank.few.post", " tickets", " 件" },
	{ "rank.nodept", "not dispatched", "未派单" },
	{ "rank.norate", "not ranked: no ticket the rate counts", "不排名：无可计算的工单" },
	{ "rank.bottom", "Bottom three, last first: ", "排名末三位（倒数第一起）：" },
	{ "rank.noranked", "No department had enough tickets to be ranked.", "没有部门达到排名所需件数。" },

	{ "causes.top", "Top causes", "主要原因" },
	{ "measures.top", "Top improvement measures", "主要改进措施" },
	{ "overdue.what", "Overdue: the resolve deadline passed, unresolved or resolved late",
	  "超时：超过解决时限未解决或逾期解决" },
	{ "escalated.what", "Escalated: escalation level 1 or higher", "升级：升级级别 1 级及以上" },
	{ "held.pre", "Held waiting on the customer (", "等待客户而挂起（共 " },
	{ "held.post", " hours in all, deadlines moved by it)", " 小时，时限相应顺延）" },
	{ "repeat.pre", "Repeat complaints: within ", "重复投诉：同一客户 " },
	{ "repeat.post", " of the same customer's previous complaint", " 内再次投诉" },
	{ "clusters.pre", "At least ", "同一地区、同一类别同一天至少 " },
	{ "clusters.post", " tickets of one region and category on one day.", " 件。" },
	{ "clusters.off", "Not reported ([report] cluster_min = 0).", "未统计（[report] cluster_min = 0）。" },
	{ "cases.unset", "None chosen: set [report] cases in cmp.conf.", "未设定：请在 cmp.conf 中设置 [report] cases。" },
	{ "cases.pre", "Cases matching ", "符合条件 " },

	{ "viol.intro",
	  "Each ticket of the period counts under its department now (not yet dispatched: none); a return counts under the department that returned it. A dash: no ticket the rule applies to.",
	  "本期工单按当前所属部门统计（未派单的单列）；退单计入退回的部门。“—”表示没有适用该规则的工单。" },
	{ "viol.register", "Late registration", "登记超时" },
	{ "viol.dispatch", "Late dispatch", "派单超时" },
	{ "viol.handover", "Late handover", "交办超时" },
	{ "viol.reply", "Late first reply", "首次答复超时" },
	{ "viol.feedback", "Late feedback", "反馈超时" },
	{ "viol.return_late", "Late returns", "退单超时" },
	{ "viol.returns", "Returns", "退单" },
	{ "viol.redispatch", "Redispatched", "二次派单" },
	{ "viol.untold", "Overdue, customer not told", "超时未告知客户" },
	{ "viol.nojournal",
	  "Read from files, not a store: returns count under the ticket's department now, and their lateness is not known.",
	  "数据来自文件而非工单库：退单按当前部门统计，退单是否超时无法判断。" },

	{ "dept.none", "(none)", "（无）" },
	{ "empty", "(empty)", "（空）" },
	{ "none", "None.", "无。" },
	{ "total", "Total", "合计" },
	{ "colon", ": ", "：" },
	{ "list.sep", ", ", "、" },
	{ "ids", "Tickets", "工单" },
	{ "more.pre", "and ", "等，另有 " },
	{ "more.post", " more", " 件" },
	{ "generated", "Made by cmp-report", "由 cmp-report 生成" },

	{ "field.id", "Id", "编号" },
	{ "field.received_at", "Received", "受理时间" },
	{ "field.category", "Category", "类别" },
	{ "field.department", "Department", "部门" },
	{ "field.channel", "Channel", "渠道" },
	{ "field.region", "Region", "地区" },
	{ "field.status", "Status", "状态" },
	{ "field.name", "Name", "姓名" },
	{ "field.phone", "Phone", "电话" },
	{ "field.summary", "Summary", "投诉内容" },
	{ "field.resolution", "Resolution", "处理结果" },
	{ "field.cause", "Cause", "原因" },
	{ "field.measures", "Measures", "改进措施" },
	{ "field.product", "Product", "产品" },
	{ "field.responsible", "Responsible party", "责任方" },
	{ "field.severity", "Severity", "严重程度" },
	{ "field.customer", "Customer", "客户" },
	{ "field.location", "Location", "地点" },
	{ "field.first_responder", "First responder", "首问责任人" },
};

/* Values shown in Chinese; in English the values are shown as they are. */
static const struct label values_zh[] = {
	{ "category", "network", "网络" }, { "category", "billing", "计费" },
	{ "category", "service", "服务" }, { "category", "product", "产品" },
	{ "category", "facility", "设施设备" }, { "category", "safety", "安全" },
	{ "category", "hygiene", "环境卫生" }, { "category", "other", "其他" },
	{ "channel", "hotline", "热线" }, { "channel", "web", "网站" },
	{ "channel", "app", "客户端" }, { "channel", "email", "电子邮件" },
	{ "channel", "sms", "短信" }, { "channel", "social", "社交媒体" },
	{ "channel", "counter", "营业厅" }, { "channel", "letter", "信函" },
	{ "channel", "transfer", "员工转办" }, { "channel", "regulator", "监管转办" },
	{ "severity", "general", "一般" }, { "severity", "complex", "复杂" },
	{ "severity", "urgent", "紧急" },
	{ "status", "new", "新建" }, { "status", "assigned", "处理中" },
	{ "status", "resolved", "已解决" }, { "status", "closed", "已归档" },
	{ "vip", "yes", "是" }, { "vip", "no", "否" },
	{ "satisfaction", "satisfied", "满意" }, { "satisfaction", "basic", "基本满意" },
	{ "satisfaction", "dissatisfied", "不满意" },
};

static int chinese;

/* Is the language of the environment Chinese?  (See the top of this file.) */
static int
env_chinese(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *loc = NULL, *language = getenv("LANGUAGE");

	for (size_t i = 0; i < 3 && !loc; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			loc = v;
	}
	if (!loc)
		return 0;
	if (language && *language && strcmp(loc, "POSIX") != 0 &&
	    strcmp(loc, "C") != 0 && strncmp(loc, "C.", 2) != 0)
		return strncmp(language, "zh_CN", 5) == 0;
	return strncmp(loc, "zh_CN", 5) == 0;
}

/*
 * Choose the language from the environment, for the labels and the
 * messages.  English keeps LC_MESSAGES at "C", where gettext returns
 * every text as it is.  Chinese takes the locale's LC_MESSAGES, or
 * zh_CN.UTF-8 when that is not installed; without either the messages
 * stay English while the labels, which need no locale, are Chinese.
 * The catalogue is read as UTF-8, as records are (common_init).
 */
void
labels_init(void)
{
	chinese = env_chinese();
	if (!chinese)
		return;
	if (!setlocale(LC_MESSAGES, ""))
		setlocale(LC_MESSAGES, "zh_CN.UTF-8");
	bindtextdomain("cmp", locale_dir());
	bind_textdomain_codeset("cmp", "UTF-8");
	textdomain("cmp");
}

int
labels_chinese(void)
{
	return chinese;
}

/* The label KEY in the chosen language; a key not in the table is a bug. */
const char *
L(const char *key)
{
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(labels[i].key, key) == 0)
			return chinese ? labels[i].zh : labels[i].en;
	die(EX_SOFTWARE, "no label \"%s\"", key);
}

/* The name of FIELD for people: a label where there is one, else FIELD. */
const char *
label_field(const char *field)
{
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strncmp(labels[i].key, "field.", 6) == 0 && strcmp(labels[i].key + 6, field) == 0)
			return chinese ? labels[i].zh : labels[i].en;
	return field;
}

/* VALUE of FIELD for people: in Chinese for cmp's own values, else as is. */
const char *
label_value(const char *field, const char *value)
{
	for (size_t i = 0; chinese && i < sizeof values_zh / sizeof *values_zh; i++)
		if (strcmp(values_zh[i].key, field) == 0 && strcmp(values_zh[i].en, value) == 0)
			return values_zh[i].zh;
	return value;
}
