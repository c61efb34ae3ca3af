//! 日本語。用語は docs/glossary.md：残高、利用額、キー（APIキー、OpenRouter の Management Key は「管理キー」）、ワークスペース、上限、設定。

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "残高",
        Msg::HeaderBalanceSmall => "残高",
        Msg::HeaderTopModels => "上位モデル",
        Msg::HeaderMonthlySpend => "30日間の利用額",
        Msg::HeaderSpikeAlert => "急増アラート",
        Msg::HeaderToday => "今日",
        Msg::HeaderTodaySmall => "今日",
        Msg::HeaderBudget => "予算",
        Msg::HeaderBudgetSmall => "予算",
        Msg::HeaderLowBalance => "残高不足",
        Msg::HeaderLowBalanceSmall => "残高不足",
        Msg::HeaderRunway => "残り日数",
        Msg::HeaderRunwaySmall => "残り日数",
        Msg::HeaderTopKeys => "上位キー",
        Msg::HeaderModelsSmall => "モデル",
        Msg::HeaderThirtyDaysSmall => "30日間",
        Msg::HeaderSpikesSmall => "急増",
        Msg::HeaderTodayUtc => "今日 · UTC",
        Msg::HeaderAcknowledged => "確認済み",
        Msg::HeaderSeen => "確認済",
        Msg::HeaderThisWeek => "今週",
        Msg::HeaderThisMonth => "今月",
        Msg::HeaderYdayByModel => "昨日 · モデル別",
        Msg::Period7D => "7日",
        Msg::Period30D => "30日",
        Msg::PeriodAllTime => "全期間",
        Msg::Preparing => "準備中…",
        Msg::NoKeyYet => "キー未設定",
        Msg::InSettings => "設定で",
        Msg::AddItInSettings => "設定で追加",
        Msg::CheckingKey => "キー確認中…",
        Msg::KeyRejected => "キーが拒否されました",
        Msg::TapForHelp => "ヘルプ表示",
        Msg::WrongKeyType => "キーの種類が違います",
        Msg::NotManagementKey => "管理キーではない",
        Msg::NoAccount => "アカウントなし",
        Msg::PickOneInSettings => "設定で選択",
        Msg::Retrying => "再試行中",
        Msg::SourceActivity => "アクティビティ",
        Msg::SourceApiKeys => "APIキー",
        Msg::Offline => "オフライン",
        Msg::CantReachOpenRouter => "OpenRouter 接続不可",
        Msg::OpenRouterTimedOut => "OpenRouter 応答なし",
        Msg::RateLimited => "リクエスト制限中",
        Msg::RetryingSoon => "まもなく再試行",
        Msg::OpenRouterError => "OpenRouterエラー",
        Msg::UnexpectedAnswer => "予期しない応答",
        Msg::BadgeOffline => "オフライン",
        Msg::BadgeStale => "未更新",
        Msg::NoSpendYday => "昨日は利用なし",
        Msg::NoActivity => "利用なし",
        Msg::InThirtyDays => "30日間",
        Msg::NoActivityYet => "まだ利用なし",
        Msg::InTheLastThirtyDays => "過去30日間",
        Msg::LastThirtyDays => "過去30日",
        Msg::NoKeySpend => "キーの利用なし",
        Msg::ThisMonth => "今月",
        Msg::NewDayUtc => "日付変更 (UTC)",
        Msg::Updating => "更新中…",
        Msg::UtcDay => "UTC基準",
        Msg::NoSpendLastWeek => "先週は利用なし",
        Msg::FromMonday => "月曜から (UTC)",
        Msg::FromTheFirst => "1日から (UTC)",
        Msg::VsUsualDay => "普段の1日と比較",
        Msg::YdayVsUsualDay => "昨日 vs 普段の1日",
        Msg::RoseMostYday => "昨日最も増加",
        Msg::GatheringBaseline => "基準データを収集中…",
        Msg::SeverityNormal => "通常",
        Msg::SeveritySpike => "急増",
        Msg::SeverityCritical => "危険",
        Msg::NewThisWeek => "今週新規",
        Msg::RunwayEmpty => "0日",
        Msg::NoRecentSpend => "最近の利用なし",
        Msg::OverAYear => "1年以上",
        Msg::UnderADay => "1日未満",
        Msg::PickALimit => "上限を選択",
        Msg::InSettingsLower => "設定で",
        Msg::KeyNotFound => "キーが見つかりません",
        Msg::PickAnotherInSettings => "設定で選び直す",
        Msg::WorkspaceNotFound => "ワークスペース不明",
        Msg::NoLimitSet => "上限未設定",
        Msg::TapToSetOne => "押すと設定",
        Msg::NoBudgetSet => "予算未設定",
        Msg::KeyDisabled => "キーは無効化済み",
        Msg::TapToOpenIt => "押すと開く",
        Msg::CaptionLimit => "上限",
        Msg::CaptionReached => "到達",
        Msg::CaptionLeft => "残り",
        Msg::CaptionSpent => "使用",
        Msg::NoReset => "リセットなし",
        Msg::IntervalDaily => "毎日",
        Msg::IntervalWeekly => "毎週",
        Msg::IntervalMonthly => "毎月",
        Msg::IntervalLifetime => "無期限",
        Msg::DefaultAccount => "デフォルト",
        Msg::UnnamedModel => "(名前のないモデル)",
        Msg::NameBalance => "残高",
        Msg::NameTopModels => "上位モデル",
        Msg::NameMonthlySpend => "月間利用額",
        Msg::NameSpikeAlert => "急増アラート",
        Msg::NameToday => "今日",
        Msg::NameBudget => "予算",
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
        Phrase::HeaderUsed { span: s } => format!("利用額 · {}", span(s)),
        Phrase::HeaderUsedPercent { span: s } => format!("利用率 · {}", span(s)),
        Phrase::HeaderSince { time } => format!("{time}から"),
        Phrase::HeaderPlace { place, by_key } => {
            format!(
                "{place}{}",
                if by_key {
                    "位 キー"
                } else {
                    "位 モデル"
                }
            )
        }
        Phrase::Below { amount } => format!("{amount}未満"),
        Phrase::SourceRetrying { source } => format!("{}：再試行中", text(source)),
        Phrase::RetryIn { minutes } => format!("{minutes}分後に再試行"),
        Phrase::RetryInShort { minutes } => format!("{minutes}分後"),
        Phrase::BadgeWait { minutes } => format!("待機{minutes}分"),
        Phrase::Yday { amount } => format!("昨日 {amount}"),
        Phrase::YdayChange { amount, change } => format!("昨日 {amount} {change}"),
        Phrase::YdayNew { amount } => format!("昨日 {amount} · 新規"),
        Phrase::TodayAmount { amount } => format!("今日 {amount}"),
        Phrase::SinceTime { time } => format!("{time}から"),
        Phrase::ShareOfUsualDay { percent } => format!("普段の1日比 {percent}"),
        Phrase::VsUsualWindow {
            weekday,
            from,
            to,
            utc,
        } => {
            let wd = WEEKDAYS[weekday % 7];
            let zone = if utc { " UTC" } else { "" };
            format!("普段の{wd}{from}–{to}時と比較{zone}")
        }
        Phrase::DaysOfThree { days } => format!("3日中{days}日"),
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("残高不足：残り{left} · {below}"),
            None => format!("残高不足：残り{left}"),
        },
        Phrase::ItsUsualDay { ratio } => format!("普段の{ratio}"),
        Phrase::YdayAndUsual { yday, usual } => format!("昨日 {yday} · 普段 {usual}"),
        Phrase::RunwayDays { days } => format!("約{days}日"),
        Phrase::LimitReached { amount } => format!("上限 {amount} 到達"),
        Phrase::LeftOf { amount } => format!("{amount}中の残り"),
        Phrase::SpentOf { amount } => format!("{amount}中の使用額"),
        Phrase::Resets { when } => format!("{when}リセット"),
    }
}

/// Weekdays as a date says them after a time or alone ("火曜", "화요일", "周二"); a date in
/// brackets takes the first character ("11月18日(火)").
pub(super) const WEEKDAYS: [&str; 7] = ["月曜", "火曜", "水曜", "木曜", "金曜", "土曜", "日曜"];

/// CLDR's numeric month and day ("Md": "12/1"): a reset date fits a key's line with it, where
/// "12月31日にリセット" does not.
pub(super) fn day_month(day: u8, month: usize) -> String {
    let m = month + 1;
    format!("{m}/{day}")
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    let m = month + 1;
    let w0: String = weekday.chars().take(1).collect();
    format!("{m}月{day}日({w0})")
}
