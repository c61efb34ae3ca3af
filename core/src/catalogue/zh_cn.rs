//! 简体中文。术语见 docs/glossary.md：余额、支出、密钥（API 密钥；OpenRouter 的 Management Key 为「管理密钥」）、工作区、限额、设置。

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "余额",
        Msg::HeaderBalanceSmall => "余额",
        Msg::HeaderTopModels => "模型排行",
        Msg::HeaderMonthlySpend => "30天支出",
        Msg::HeaderSpikeAlert => "支出激增",
        Msg::HeaderToday => "今日",
        Msg::HeaderTodaySmall => "今日",
        Msg::HeaderBudget => "预算",
        Msg::HeaderBudgetSmall => "预算",
        Msg::HeaderLowBalance => "余额不足",
        Msg::HeaderLowBalanceSmall => "余额不足",
        Msg::HeaderRunway => "可用天数",
        Msg::HeaderRunwaySmall => "可用天数",
        Msg::HeaderTopKeys => "密钥排行",
        Msg::HeaderModelsSmall => "模型",
        Msg::HeaderThirtyDaysSmall => "30天",
        Msg::HeaderSpikesSmall => "激增",
        Msg::HeaderTodayUtc => "今日 · UTC",
        Msg::HeaderAcknowledged => "已确认",
        Msg::HeaderSeen => "已读",
        Msg::HeaderThisWeek => "本周",
        Msg::HeaderThisMonth => "本月",
        Msg::HeaderYdayByModel => "昨日 · 按模型",
        Msg::Period7D => "7天",
        Msg::Period30D => "30天",
        Msg::PeriodAllTime => "全部",
        Msg::Preparing => "准备中…",
        Msg::NoKeyYet => "尚无密钥",
        Msg::InSettings => "在设置中",
        Msg::AddItInSettings => "请在设置中添加",
        Msg::CheckingKey => "验证密钥中…",
        Msg::KeyRejected => "密钥被拒绝",
        Msg::TapForHelp => "查看帮助",
        Msg::WrongKeyType => "非管理密钥",
        Msg::NotManagementKey => "不是管理密钥",
        Msg::NoAccount => "无账户",
        Msg::PickOneInSettings => "请在设置中选择",
        Msg::Retrying => "正在重试",
        Msg::SourceActivity => "活动",
        Msg::SourceApiKeys => "API 密钥",
        Msg::Offline => "离线",
        Msg::CantReachOpenRouter => "无法连接 OpenRouter",
        Msg::OpenRouterTimedOut => "OpenRouter 超时",
        Msg::RateLimited => "请求受限",
        Msg::RetryingSoon => "即将重试",
        Msg::OpenRouterError => "OpenRouter 错误",
        Msg::UnexpectedAnswer => "响应异常",
        Msg::BadgeOffline => "离线",
        Msg::BadgeStale => "未更新",
        Msg::NoSpendYday => "昨日无支出",
        Msg::NoActivity => "无活动",
        Msg::InThirtyDays => "30天内",
        Msg::NoActivityYet => "暂无活动",
        Msg::InTheLastThirtyDays => "最近30天内",
        Msg::LastThirtyDays => "最近30天",
        Msg::NoKeySpend => "密钥无支出",
        Msg::ThisMonth => "本月",
        Msg::NewDayUtc => "新的一天 (UTC)",
        Msg::Updating => "更新中…",
        Msg::UtcDay => "按UTC计",
        Msg::NoSpendLastWeek => "上周无支出",
        Msg::FromMonday => "自周一起 (UTC)",
        Msg::FromTheFirst => "自1日起 (UTC)",
        Msg::VsUsualDay => "对比平常日",
        Msg::YdayVsUsualDay => "昨日对比平常日",
        Msg::RoseMostYday => "昨日增幅最大",
        Msg::GatheringBaseline => "收集基准中…",
        Msg::SeverityNormal => "正常",
        Msg::SeveritySpike => "激增",
        Msg::SeverityCritical => "严重",
        Msg::NewThisWeek => "本周新增",
        Msg::RunwayEmpty => "0天",
        Msg::NoRecentSpend => "近期无支出",
        Msg::OverAYear => "超过1年",
        Msg::UnderADay => "不到1天",
        Msg::PickALimit => "选择限额",
        Msg::InSettingsLower => "在设置中",
        Msg::KeyNotFound => "找不到密钥",
        Msg::PickAnotherInSettings => "请在设置中另选",
        Msg::WorkspaceNotFound => "找不到工作区",
        Msg::NoLimitSet => "未设限额",
        Msg::TapToSetOne => "按下设置",
        Msg::NoBudgetSet => "未设预算",
        Msg::KeyDisabled => "密钥已停用",
        Msg::TapToOpenIt => "按下打开",
        Msg::CaptionLimit => "限额",
        Msg::CaptionReached => "已达限额",
        Msg::CaptionLeft => "剩余",
        Msg::CaptionSpent => "已用",
        Msg::NoReset => "不重置",
        Msg::IntervalDaily => "每日",
        Msg::IntervalWeekly => "每周",
        Msg::IntervalMonthly => "每月",
        Msg::IntervalLifetime => "永久",
        Msg::DefaultAccount => "默认",
        Msg::UnnamedModel => "(未命名模型)",
        Msg::NameBalance => "余额",
        Msg::NameTopModels => "模型排行",
        Msg::NameMonthlySpend => "月度支出",
        Msg::NameSpikeAlert => "支出激增",
        Msg::NameToday => "今日",
        Msg::NameBudget => "预算",
    }
}

fn span(s: Span) -> &'static str {
    text(match s {
        Span::Week => Msg::Period7D,
        Span::Month => Msg::Period30D,
        Span::All => Msg::PeriodAllTime,
    })
}

pub(super) fn say(p: Phrase<'_>) -> String {
    match p {
        Phrase::HeaderUsed { span: s } => format!("已用 · {}", span(s)),
        Phrase::HeaderUsedPercent { span: s } => format!("使用率 · {}", span(s)),
        Phrase::HeaderSince { time } => format!("{time}起"),
        Phrase::HeaderPlace { place, by_key } => {
            format!("第{place}{}", if by_key { "名 密钥" } else { "名 模型" })
        }
        Phrase::Below { amount } => format!("低于{amount}"),
        Phrase::SourceRetrying { source } => format!("{}：正在重试", text(source)),
        Phrase::RetryIn { minutes } => format!("{minutes}分钟后重试"),
        Phrase::RetryInShort { minutes } => format!("{minutes}分钟后"),
        Phrase::BadgeWait { minutes } => format!("等待{minutes}分"),
        Phrase::Yday { amount } => format!("昨日 {amount}"),
        Phrase::YdayChange { amount, change } => format!("昨日 {amount} {change}"),
        Phrase::YdayNew { amount } => format!("昨日 {amount} · 新"),
        Phrase::TodayAmount { amount } => format!("今日 {amount}"),
        Phrase::SinceTime { time } => format!("{time}起"),
        Phrase::ShareOfUsualDay { percent } => format!("平常日的{percent}"),
        Phrase::VsUsualWindow {
            weekday,
            from,
            to,
            utc,
        } => {
            let wd = WEEKDAYS[weekday % 7];
            let zone = if utc { " UTC" } else { "" };
            format!("对比平常{wd}{from}–{to}时{zone}")
        }
        Phrase::DaysOfThree { days } => format!("3天中有{days}天"),
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("余额不足：剩余{left} · {below}"),
            None => format!("余额不足：剩余{left}"),
        },
        Phrase::ItsUsualDay { ratio } => format!("平常日的{ratio}"),
        Phrase::YdayAndUsual { yday, usual } => format!("昨日 {yday} · 平常日 {usual}"),
        Phrase::RunwayDays { days } => format!("约{days}天"),
        Phrase::LimitReached { amount } => format!("已达限额{amount}"),
        Phrase::LeftOf { amount } => format!("{amount}中剩余"),
        Phrase::SpentOf { amount } => format!("{amount}中已用"),
        Phrase::Resets { when } => format!("{when}重置"),
    }
}

/// Weekdays as a date says them after a time or alone ("火曜", "화요일", "周二"); a date in
/// brackets takes the first character ("11月18日(火)").
pub(super) const WEEKDAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

pub(super) fn day_month(day: u8, month: usize) -> String {
    let m = month + 1;
    format!("{m}月{day}日")
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    let m = month + 1;
    let w = weekday;
    format!("{m}月{day}日{w}")
}
