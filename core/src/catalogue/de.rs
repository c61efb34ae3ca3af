//! Deutsch. Key-cap-knapp, Begriffe nach docs/glossary.md: Guthaben, Ausgaben, Key (wie
//! OpenRouter: API-Key, Management-Key; „Taste“ bleibt Stream Decks Wort), Workspace, Limit,
//! Einstellungen.

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "GUTHABEN",
        Msg::HeaderBalanceSmall => "CREDITS",
        Msg::HeaderTopModels => "TOP-MODELLE",
        Msg::HeaderMonthlySpend => "AUSGABEN 30 TAGE",
        Msg::HeaderSpikeAlert => "AUSGABEN-ALARM",
        Msg::HeaderToday => "HEUTE",
        Msg::HeaderTodaySmall => "HEUTE",
        Msg::HeaderBudget => "BUDGET",
        Msg::HeaderBudgetSmall => "BUDGET",
        Msg::HeaderLowBalance => "WENIG GUTHABEN",
        Msg::HeaderLowBalanceSmall => "WENIG CREDITS",
        Msg::HeaderRunway => "REICHWEITE",
        Msg::HeaderRunwaySmall => "LAUFZEIT",
        Msg::HeaderTopKeys => "TOP-KEYS",
        Msg::HeaderModelsSmall => "MODELLE",
        Msg::HeaderThirtyDaysSmall => "30 TAGE",
        Msg::HeaderSpikesSmall => "ALARM",
        Msg::HeaderTodayUtc => "HEUTE · UTC",
        Msg::HeaderAcknowledged => "BESTÄTIGT",
        Msg::HeaderSeen => "GESEHEN",
        Msg::HeaderThisWeek => "DIESE WOCHE",
        Msg::HeaderThisMonth => "DIESER MONAT",
        Msg::HeaderYdayByModel => "GESTERN JE MODELL",
        Msg::Period7D => "7T",
        Msg::Period30D => "30T",
        Msg::PeriodAllTime => "GESAMT",
        Msg::Preparing => "Wird geladen…",
        Msg::NoKeyYet => "Noch kein Key",
        Msg::InSettings => "Einrichten",
        Msg::AddItInSettings => "Key eintragen",
        Msg::CheckingKey => "Prüfe Key…",
        Msg::KeyRejected => "Key abgelehnt",
        Msg::TapForHelp => "Drücken für Hilfe",
        Msg::WrongKeyType => "Falscher Key-Typ",
        Msg::NotManagementKey => "Kein Management-Key",
        Msg::NoAccount => "Kein Konto",
        Msg::PickOneInSettings => "Konto wählen",
        Msg::Retrying => "Neuer Versuch",
        Msg::SourceActivity => "Aktivität",
        Msg::SourceApiKeys => "API-Keys",
        Msg::Offline => "Offline",
        Msg::CantReachOpenRouter => "Keine Verbindung",
        Msg::OpenRouterTimedOut => "OpenRouter antwortet nicht",
        Msg::RateLimited => "Zu viele Anfragen",
        Msg::RetryingSoon => "Gleich neuer Versuch",
        Msg::OpenRouterError => "Fehler bei OpenRouter",
        Msg::UnexpectedAnswer => "Unerwartete Antwort",
        Msg::BadgeOffline => "offline",
        Msg::BadgeStale => "veraltet",
        Msg::NoSpendYday => "gestern nichts",
        Msg::NoActivity => "Keine Aktivität",
        Msg::InThirtyDays => "in 30 Tagen",
        Msg::NoActivityYet => "Keine Aktivität",
        Msg::InTheLastThirtyDays => "in den letzten 30 Tagen",
        Msg::LastThirtyDays => "letzte 30 Tage",
        Msg::NoKeySpend => "Keine Ausgaben",
        Msg::ThisMonth => "diesen Monat",
        Msg::NewDayUtc => "Neuer Tag (UTC)",
        Msg::Updating => "Wird aktualisiert…",
        Msg::UtcDay => "UTC-Tag",
        Msg::NoSpendLastWeek => "letzte Woche nichts",
        Msg::FromMonday => "ab Montag (UTC)",
        Msg::FromTheFirst => "ab dem 1. (UTC)",
        Msg::VsUsualDay => "ggü. üblichem Tag",
        Msg::YdayVsUsualDay => "gestern ggü. üblichem Tag",
        Msg::RoseMostYday => "Top-Anstieg gestern",
        Msg::GatheringBaseline => "Sammle Daten…",
        Msg::SeverityNormal => "Normal",
        Msg::SeveritySpike => "Erhöht",
        Msg::SeverityCritical => "Kritisch",
        Msg::NewThisWeek => "neu diese Woche",
        Msg::RunwayEmpty => "0 Tage",
        Msg::NoRecentSpend => "zuletzt keine Ausgaben",
        Msg::OverAYear => "> 1 Jahr",
        Msg::UnderADay => "< 1 Tag",
        Msg::PickALimit => "Limit wählen",
        Msg::InSettingsLower => "in Einst.",
        Msg::KeyNotFound => "Key nicht gefunden",
        Msg::PickAnotherInSettings => "Anderen wählen",
        Msg::WorkspaceNotFound => "Workspace fehlt",
        Msg::NoLimitSet => "Kein Limit",
        Msg::TapToSetOne => "Drücken zum Setzen",
        Msg::NoBudgetSet => "Kein Budget",
        Msg::KeyDisabled => "Deaktiviert",
        Msg::TapToOpenIt => "Drücken zum Öffnen",
        Msg::CaptionLimit => "Limit",
        Msg::CaptionReached => "erreicht",
        Msg::CaptionLeft => "übrig",
        Msg::CaptionSpent => "verbraucht",
        Msg::NoReset => "ohne Reset",
        Msg::IntervalDaily => "täglich",
        Msg::IntervalWeekly => "wöchentlich",
        Msg::IntervalMonthly => "monatlich",
        Msg::IntervalLifetime => "gesamt",
        Msg::DefaultAccount => "Standard",
        Msg::UnnamedModel => "(Modell ohne Namen)",
        Msg::NameBalance => "Guthaben",
        Msg::NameTopModels => "Top-Modelle",
        Msg::NameMonthlySpend => "Monatsausgaben",
        Msg::NameSpikeAlert => "Ausgabenalarm",
        Msg::NameToday => "Heute",
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
        Phrase::HeaderUsed { span: s } => format!("VERBR. · {}", span(s)),
        Phrase::HeaderUsedPercent { span: s } => format!("VERBR. % · {}", span(s)),
        Phrase::HeaderSince { time } => format!("SEIT {time}"),
        Phrase::HeaderPlace { place, by_key } => {
            format!("#{place} {}", if by_key { "KEY" } else { "MODELL" })
        }
        Phrase::Below { amount } => format!("unter {amount}"),
        Phrase::SourceRetrying { source } => format!("{}: neuer Versuch", text(source)),
        Phrase::RetryIn { minutes } => format!("Neuer Versuch in {minutes} Min."),
        Phrase::RetryInShort { minutes } => format!("In {minutes} Min."),
        Phrase::BadgeWait { minutes } => format!("in {minutes} min"),
        Phrase::Yday { amount } => format!("gestern {amount}"),
        Phrase::YdayChange { amount, change } => format!("gestern {amount} {change}"),
        Phrase::YdayNew { amount } => format!("gestern {amount} · neu"),
        Phrase::TodayAmount { amount } => format!("heute {amount}"),
        Phrase::SinceTime { time } => format!("seit {time}"),
        Phrase::ShareOfUsualDay { percent } => format!("{percent} vom üblichen Tag"),
        Phrase::VsUsualWindow {
            weekday,
            from,
            to,
            utc,
        } => format!(
            "ggü. üblich {} {from}–{to}{}",
            WEEKDAYS[weekday % 7],
            if utc { " UTC" } else { "" }
        ),
        Phrase::DaysOfThree { days } => format!("{days} von 3 Tagen"),
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("NIEDRIG: {left} übrig · {below}"),
            None => format!("NIEDRIG: {left} übrig"),
        },
        Phrase::ItsUsualDay { ratio } => format!("{ratio} des Üblichen"),
        Phrase::YdayAndUsual { yday, usual } => format!("gestern {yday} · üblich {usual}"),
        Phrase::RunwayDays { days } => {
            format!("≈ {days} {}", if days == 1 { "Tag" } else { "Tage" })
        }
        Phrase::LimitReached { amount } => format!("Limit {amount} erreicht"),
        Phrase::LeftOf { amount } => format!("Rest von {amount}"),
        Phrase::SpentOf { amount } => format!("verbraucht von {amount}"),
        Phrase::Resets { when } => format!("neu ab {when}"),
    }
}

/// CLDR's abbreviated stand-alone weekdays.
pub(super) const WEEKDAYS: [&str; 7] = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"];

/// CLDR's abbreviated months in a date ("1. Jan.", "1. März").
const MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.",
];

pub(super) fn day_month(day: u8, month: usize) -> String {
    format!("{day}. {}", MONTHS[month])
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    format!("{weekday}., {day}. {}", MONTHS[month])
}
