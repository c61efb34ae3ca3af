//! 繁體中文（台灣）。用語見 docs/glossary.md：餘額、支出、金鑰（API 金鑰；OpenRouter 的 Management Key 為「管理金鑰」）、工作區、限額、設定。

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "餘額",
        Msg::HeaderBalanceSmall => "餘額",
        Msg::HeaderTopModels => "模型排行",
        Msg::HeaderMonthlySpend => "30天支出",
        Msg::HeaderSpikeAlert => "支出激增",
        Msg::HeaderToday => "今日",
        Msg::HeaderTodaySmall => "今日",
        Msg::HeaderBudget => "預算",
        Msg::HeaderBudgetSmall => "預算",
        Msg::HeaderLowBalance => "餘額不足",
        Msg::HeaderLowBalanceSmall => "餘額不足",
        Msg::HeaderRunway => "可用天數",
        Msg::HeaderRunwaySmall => "可用天數",
        Msg::HeaderTopKeys => "金鑰排行",
        Msg::HeaderModelsSmall => "模型",
        Msg::HeaderThirtyDaysSmall => "30天",
        Msg::HeaderSpikesSmall => "激增",
        Msg::HeaderTodayUtc => "今日 · UTC",
        Msg::HeaderAcknowledged => "已確認",
        Msg::HeaderSeen => "已讀",
        Msg::HeaderThisWeek => "本週",
        Msg::HeaderThisMonth => "本月",
        Msg::HeaderYdayByModel => "昨日 · 依模型",
        Msg::Period7D => "7天",
        Msg::Period30D => "30天",
        Msg::PeriodAllTime => "全部",
        Msg::Preparing => "準備中…",
        Msg::NoKeyYet => "尚無金鑰",
        Msg::InSettings => "在設定中",
        Msg::AddItInSettings => "請在設定中新增",
        Msg::CheckingKey => "驗證金鑰中…",
        Msg::KeyRejected => "金鑰遭拒",
        Msg::TapForHelp => "查看說明",
        Msg::WrongKeyType => "非管理金鑰",
        Msg::NotManagementKey => "不是管理金鑰",
        Msg::NoAccount => "無帳戶",
        Msg::PickOneInSettings => "請在設定中選擇",
        Msg::Retrying => "正在重試",
        Msg::SourceActivity => "活動",
        Msg::SourceApiKeys => "API 金鑰",
        Msg::Offline => "離線",
        Msg::CantReachOpenRouter => "無法連線 OpenRouter",
        Msg::OpenRouterTimedOut => "OpenRouter 逾時",
        Msg::RateLimited => "請求受限",
        Msg::RetryingSoon => "即將重試",
        Msg::OpenRouterError => "OpenRouter 錯誤",
        Msg::UnexpectedAnswer => "回應異常",
        Msg::BadgeOffline => "離線",
        Msg::BadgeStale => "未更新",
        Msg::NoSpendYday => "昨日無支出",
        Msg::NoActivity => "無活動",
        Msg::InThirtyDays => "30天內",
        Msg::NoActivityYet => "尚無活動",
        Msg::InTheLastThirtyDays => "最近30天內",
        Msg::LastThirtyDays => "最近30天",
        Msg::NoKeySpend => "金鑰無支出",
        Msg::ThisMonth => "本月",
        Msg::NewDayUtc => "新的一天 (UTC)",
        Msg::Updating => "更新中…",
        Msg::UtcDay => "按UTC計",
        Msg::NoSpendLastWeek => "上週無支出",
        Msg::FromMonday => "自週一起 (UTC)",
        Msg::FromTheFirst => "自1日起 (UTC)",
        Msg::VsUsualDay => "對比平常日",
        Msg::YdayVsUsualDay => "昨日對比平常日",
        Msg::RoseMostYday => "昨日增幅最大",
        Msg::GatheringBaseline => "收集基準中…",
        Msg::SeverityNormal => "正常",
        Msg::SeveritySpike => "激增",
        Msg::SeverityCritical => "嚴重",
        Msg::NewThisWeek => "本週新增",
        Msg::RunwayEmpty => "0天",
        Msg::NoRecentSpend => "近期無支出",
        Msg::OverAYear => "超過1年",
        Msg::UnderADay => "不到1天",
        Msg::PickALimit => "選擇限額",
        Msg::InSettingsLower => "在設定中",
        Msg::KeyNotFound => "找不到金鑰",
        Msg::PickAnotherInSettings => "請在設定中另選",
        Msg::WorkspaceNotFound => "找不到工作區",
        Msg::NoLimitSet => "未設限額",
        Msg::TapToSetOne => "按下設定",
        Msg::NoBudgetSet => "未設預算",
        Msg::KeyDisabled => "金鑰已停用",
        Msg::TapToOpenIt => "按下開啟",
        Msg::CaptionLimit => "限額",
        Msg::CaptionReached => "已達限額",
        Msg::CaptionLeft => "剩餘",
        Msg::CaptionSpent => "已用",
        Msg::NoReset => "不重置",
        Msg::IntervalDaily => "每日",
        Msg::IntervalWeekly => "每週",
        Msg::IntervalMonthly => "每月",
        Msg::IntervalLifetime => "永久",
        Msg::DefaultAccount => "預設",
        Msg::UnnamedModel => "(未命名模型)",
        Msg::NameBalance => "餘額",
        Msg::NameTopModels => "模型排行",
        Msg::NameMonthlySpend => "每月支出",
        Msg::NameSpikeAlert => "支出激增",
        Msg::NameToday => "今日",
        Msg::NameBudget => "預算",
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
            format!("第{place}{}", if by_key { "名 金鑰" } else { "名 模型" })
        }
        Phrase::Below { amount } => format!("低於{amount}"),
        Phrase::SourceRetrying { source } => format!("{}：正在重試", text(source)),
        Phrase::RetryIn { minutes } => format!("{minutes}分鐘後重試"),
        Phrase::RetryInShort { minutes } => format!("{minutes}分鐘後"),
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
            format!("對比平常{wd}{from}–{to}時{zone}")
        }
        Phrase::DaysOfThree { days } => format!("3天中有{days}天"),
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("餘額不足：剩餘{left} · {below}"),
            None => format!("餘額不足：剩餘{left}"),
        },
        Phrase::ItsUsualDay { ratio } => format!("平常日的{ratio}"),
        Phrase::YdayAndUsual { yday, usual } => format!("昨日 {yday} · 平常日 {usual}"),
        Phrase::RunwayDays { days } => format!("約{days}天"),
        Phrase::LimitReached { amount } => format!("已達限額{amount}"),
        Phrase::LeftOf { amount } => format!("{amount}中剩餘"),
        Phrase::SpentOf { amount } => format!("{amount}中已用"),
        Phrase::Resets { when } => format!("{when}重置"),
    }
}

/// Weekdays as a date says them after a time or alone ("火曜", "화요일", "周二"); a date in
/// brackets takes the first character ("11月18日(火)").
pub(super) const WEEKDAYS: [&str; 7] = ["週一", "週二", "週三", "週四", "週五", "週六", "週日"];

pub(super) fn day_month(day: u8, month: usize) -> String {
    let m = month + 1;
    format!("{m}月{day}日")
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    let m = month + 1;
    let w = weekday;
    format!("{m}月{day}日{w}")
}
