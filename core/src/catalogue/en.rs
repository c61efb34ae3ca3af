//! English: the words the tiles were first written in, and what every unknown language gets.

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "BALANCE",
        Msg::HeaderBalanceSmall => "BALANCE",
        Msg::HeaderTopModels => "TOP MODELS",
        Msg::HeaderMonthlySpend => "30-DAY SPEND",
        Msg::HeaderSpikeAlert => "SPIKE ALERT",
        Msg::HeaderToday => "TODAY",
        Msg::HeaderTodaySmall => "TODAY",
        Msg::HeaderBudget => "BUDGET",
        Msg::HeaderBudgetSmall => "BUDGET",
        Msg::HeaderLowBalance => "LOW BALANCE",
        Msg::HeaderLowBalanceSmall => "LOW BALANCE",
        Msg::HeaderRunway => "RUNWAY",
        Msg::HeaderRunwaySmall => "RUNWAY",
        Msg::HeaderTopKeys => "TOP KEYS",
        Msg::HeaderModelsSmall => "MODELS",
        Msg::HeaderThirtyDaysSmall => "30 DAYS",
        Msg::HeaderSpikesSmall => "SPIKES",
        Msg::HeaderTodayUtc => "TODAY · UTC",
        Msg::HeaderAcknowledged => "ACKNOWLEDGED",
        Msg::HeaderSeen => "SEEN",
        Msg::HeaderThisWeek => "THIS WEEK",
        Msg::HeaderThisMonth => "THIS MONTH",
        Msg::HeaderYdayByModel => "YDAY BY MODEL",
        Msg::Period7D => "7D",
        Msg::Period30D => "30D",
        Msg::PeriodAllTime => "ALL TIME",
        Msg::Preparing => "Preparing…",
        Msg::NoKeyYet => "No key yet",
        Msg::InSettings => "In settings",
        Msg::AddItInSettings => "Add it in settings",
        Msg::CheckingKey => "Checking key…",
        Msg::KeyRejected => "Key rejected",
        Msg::TapForHelp => "Tap for help",
        Msg::WrongKeyType => "Wrong key type",
        Msg::NotManagementKey => "Not a Management key",
        Msg::NoAccount => "No account",
        Msg::PickOneInSettings => "Pick one in settings",
        Msg::Retrying => "Retrying",
        Msg::SourceActivity => "Activity",
        Msg::SourceApiKeys => "API keys",
        Msg::Offline => "Offline",
        Msg::CantReachOpenRouter => "Can't reach OpenRouter",
        Msg::OpenRouterTimedOut => "OpenRouter timed out",
        Msg::RateLimited => "Rate limited",
        Msg::RetryingSoon => "Retrying soon",
        Msg::OpenRouterError => "OpenRouter error",
        Msg::UnexpectedAnswer => "Unexpected answer",
        Msg::BadgeOffline => "offline",
        Msg::BadgeStale => "stale",
        Msg::NoSpendYday => "no spend yday",
        Msg::NoActivity => "No activity",
        Msg::InThirtyDays => "in 30 days",
        Msg::NoActivityYet => "No activity yet",
        Msg::InTheLastThirtyDays => "in the last 30 days",
        Msg::LastThirtyDays => "last 30 days",
        Msg::NoKeySpend => "No key spend",
        Msg::ThisMonth => "this month",
        Msg::NewDayUtc => "New day (UTC)",
        Msg::Updating => "Updating…",
        Msg::UtcDay => "UTC day",
        Msg::NoSpendLastWeek => "no spend last week",
        Msg::FromMonday => "from Monday (UTC)",
        Msg::FromTheFirst => "from the 1st (UTC)",
        Msg::VsUsualDay => "vs usual day",
        Msg::YdayVsUsualDay => "yday vs usual day",
        Msg::RoseMostYday => "rose most yday",
        Msg::GatheringBaseline => "Gathering baseline…",
        Msg::SeverityNormal => "Normal",
        Msg::SeveritySpike => "Spike",
        Msg::SeverityCritical => "Critical",
        Msg::NewThisWeek => "new this week",
        Msg::RunwayEmpty => "0 days",
        Msg::NoRecentSpend => "no recent spend",
        Msg::OverAYear => "> 1 year",
        Msg::UnderADay => "< 1 day",
        Msg::PickALimit => "Pick a limit",
        Msg::InSettingsLower => "in settings",
        Msg::KeyNotFound => "Key not found",
        Msg::PickAnotherInSettings => "Pick another in settings",
        Msg::WorkspaceNotFound => "Workspace not found",
        Msg::NoLimitSet => "No limit set",
        Msg::TapToSetOne => "Tap to set one",
        Msg::NoBudgetSet => "No budget set",
        Msg::KeyDisabled => "Key disabled",
        Msg::TapToOpenIt => "Tap to open it",
        Msg::CaptionLimit => "limit",
        Msg::CaptionReached => "reached",
        Msg::CaptionLeft => "left",
        Msg::CaptionSpent => "spent",
        Msg::NoReset => "no reset",
        Msg::IntervalDaily => "daily",
        Msg::IntervalWeekly => "weekly",
        Msg::IntervalMonthly => "monthly",
        Msg::IntervalLifetime => "lifetime",
        Msg::DefaultAccount => "Default",
        Msg::UnnamedModel => "(unnamed model)",
        Msg::NameBalance => "Balance",
        Msg::NameTopModels => "Top Models",
        Msg::NameMonthlySpend => "Monthly Spend",
        Msg::NameSpikeAlert => "Spike Alert",
        Msg::NameToday => "Today",
        Msg::NameBudget => "Budget",
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
        Phrase::HeaderUsed { span: s } => format!("USED · {}", span(s)),
        Phrase::HeaderUsedPercent { span: s } => format!("USED % · {}", span(s)),
        Phrase::HeaderSince { time } => format!("SINCE {time}"),
        Phrase::HeaderPlace { place, by_key } => {
            format!("#{place} {}", if by_key { "KEY" } else { "MODEL" })
        }
        Phrase::Below { amount } => format!("below {amount}"),
        Phrase::SourceRetrying { source } => format!("{}: retrying", text(source)),
        Phrase::RetryIn { minutes } => format!("Retry in {minutes} min"),
        Phrase::RetryInShort { minutes } => format!("In {minutes} min"),
        Phrase::BadgeWait { minutes } => format!("wait {minutes}m"),
        Phrase::Yday { amount } => format!("yday {amount}"),
        Phrase::YdayChange { amount, change } => format!("yday {amount} {change}"),
        Phrase::YdayNew { amount } => format!("yday {amount} · new"),
        Phrase::TodayAmount { amount } => format!("today {amount}"),
        Phrase::SinceTime { time } => format!("since {time}"),
        Phrase::ShareOfUsualDay { percent } => format!("{percent} of usual day"),
        Phrase::VsUsualWindow {
            weekday,
            from,
            to,
            utc,
        } => format!(
            "vs usual {} {from}–{to}{}",
            WEEKDAYS[weekday % 7],
            if utc { " UTC" } else { "" }
        ),
        Phrase::DaysOfThree { days } => format!("{days} of 3 days"),
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("LOW: {left} left · {below}"),
            None => format!("LOW: {left} left"),
        },
        Phrase::ItsUsualDay { ratio } => format!("{ratio} its usual day"),
        Phrase::YdayAndUsual { yday, usual } => format!("{yday} yday · usual day {usual}"),
        Phrase::RunwayDays { days } => format!("≈ {days} day{}", if days == 1 { "" } else { "s" }),
        Phrase::LimitReached { amount } => format!("{amount} limit reached"),
        Phrase::LeftOf { amount } => format!("left of {amount}"),
        Phrase::SpentOf { amount } => format!("spent of {amount}"),
        Phrase::Resets { when } => format!("resets {when}"),
    }
}

pub(super) const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub(super) fn day_month(day: u8, month: usize) -> String {
    format!("{day} {}", MONTHS[month])
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    format!("{weekday} {day} {}", MONTHS[month])
}
