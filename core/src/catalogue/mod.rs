//! Every word the core puts on a key or a strip, in the eight languages Stream Deck ships in.
//!
//! One catalogue keyed by message: [`Msg`] names each fixed text, [`Phrase`] each text with
//! something in it (an amount, a count, a weekday). Each language is a file of exhaustive
//! matches (`en.rs`, `de.rs`, …), so a message added here does not compile until every language
//! says it. Numbers, weekdays and months are written each language's way ([`numbers`],
//! [`weekday`], [`day_month`], [`short_date`]).
//!
//! This is a vocabulary floor: it imports nothing from the rest of the core, so the views (and
//! the shell's glyph test) can use it without a cycle. The views do not use it yet (issue 19:
//! the lead wires it in after the tile restructuring, issue 21); until then the English here is
//! held to the literals the views draw today by `english_is_todays_words`.
//!
//! Wording rules (docs/glossary.md): key-cap concision, the glossary's terms on every tile and in
//! the inspector, OpenRouter's own names for its things (Management key, workspace, credits),
//! Stream Deck's for its own (key, dial, settings).

mod de;
mod en;
mod es;
mod fr;
mod ja;
mod ko;
pub mod numbers;
mod zh_cn;
mod zh_tw;

pub use crate::lang::Lang;

/// Declares [`Msg`], its list, and each message's slot on the key in one table, so neither can
/// fall behind the other.
macro_rules! messages {
    ($($(#[$doc:meta])* $name:ident: $slot:ident,)*) => {
        /// A fixed text on a key or a strip.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($(#[$doc])* $name,)*
        }

        impl Msg {
            /// Every message, in declaration order.
            pub const ALL: &'static [Msg] = &[$(Msg::$name,)*];

            /// Where the message is drawn, which sets how long it may be.
            pub const fn slot(self) -> Slot {
                match self {
                    $(Msg::$name => Slot::$slot,)*
                }
            }
        }
    };
}

messages! {
    // Headers: the small capitals along a key's top edge (they may break at " · " or a space).
    /// "BALANCE"
    HeaderBalance: Header,
    /// "BALANCE" on a small key, where a badge's mark shares its line (de "CREDITS",
    /// OpenRouter's own word, where "GUTHABEN" and the mark do not fit).
    HeaderBalanceSmall: SmallHeader,
    /// "TOP MODELS"
    HeaderTopModels: Header,
    /// "30-DAY SPEND"
    HeaderMonthlySpend: Header,
    /// "SPIKE ALERT"
    HeaderSpikeAlert: Header,
    /// "TODAY"
    HeaderToday: Header,
    /// "TODAY" on a small key, where a long word does not fit (fr "CE JOUR").
    HeaderTodaySmall: SmallHeader,
    /// "BUDGET"
    HeaderBudget: Header,
    /// "BUDGET" on a small key, where a long word does not fit (es "PRESUP.").
    HeaderBudgetSmall: SmallHeader,
    /// "LOW BALANCE": the low-balance alarm's header.
    HeaderLowBalance: Header,
    /// "LOW BALANCE" on a small key, on two lines as in English (de "WENIG CREDITS", as its
    /// balance says "CREDITS" there).
    HeaderLowBalanceSmall: Header,
    /// "RUNWAY"
    HeaderRunway: Header,
    /// "RUNWAY" on a small key, where a long word does not fit (de "LAUFZEIT").
    HeaderRunwaySmall: SmallHeader,
    /// "TOP KEYS": Top Models ranking API keys.
    HeaderTopKeys: Header,
    /// "MODELS": Top Models on a small key.
    HeaderModelsSmall: SmallHeader,
    /// "30 DAYS": Monthly Spend on a small key.
    HeaderThirtyDaysSmall: SmallHeader,
    /// "SPIKES": Spike Alert on a small key.
    HeaderSpikesSmall: SmallHeader,
    /// "TODAY · UTC": the day's start here is not known.
    HeaderTodayUtc: Header,
    /// "ACKNOWLEDGED": a spike someone has seen.
    HeaderAcknowledged: Header,
    /// "SEEN": the same on a smaller key.
    HeaderSeen: SmallHeader,
    /// "THIS WEEK" (Today's dial).
    HeaderThisWeek: Header,
    /// "THIS MONTH" (Today's dial).
    HeaderThisMonth: Header,
    /// "YDAY BY MODEL" (Spike Alert's dial).
    HeaderYdayByModel: Header,
    /// "7D" in "USED · 7D".
    Period7D: Word,
    /// "30D" in "USED · 30D".
    Period30D: Word,
    /// "ALL TIME" in "USED · ALL TIME".
    PeriodAllTime: Header,

    // States without numbers: a headline (large, up to two lines) and a detail under it.
    /// "Preparing…"
    Preparing: Headline,
    /// "No key yet"
    NoKeyYet: Headline,
    /// "In settings" (detail on a small key)
    InSettings: Detail,
    /// "Add it in settings"
    AddItInSettings: Detail,
    /// "Checking key…"
    CheckingKey: Headline,
    /// "Key rejected"
    KeyRejected: Headline,
    /// "Tap for help"
    TapForHelp: Detail,
    /// "Wrong key type" (small key)
    WrongKeyType: Headline,
    /// "Not a Management key"
    NotManagementKey: Headline,
    /// "No account": the tile's account is no longer in the settings.
    NoAccount: Headline,
    /// "Pick one in settings"
    PickOneInSettings: Detail,
    /// "Retrying" (small key)
    Retrying: Detail,
    /// "Activity", the source in "Activity: retrying".
    SourceActivity: Label,
    /// "API keys", the source in "API keys: retrying".
    SourceApiKeys: Label,
    /// "Offline"
    Offline: Headline,
    /// "Can't reach OpenRouter"
    CantReachOpenRouter: Detail,
    /// "OpenRouter timed out"
    OpenRouterTimedOut: Detail,
    /// "Rate limited"
    RateLimited: Headline,
    /// "Retrying soon"
    RetryingSoon: Detail,
    /// "OpenRouter error"
    OpenRouterError: Headline,
    /// "Unexpected answer"
    UnexpectedAnswer: Headline,
    /// "offline": the corner badge on numbers an offline poll could not refresh.
    BadgeOffline: Badge,
    /// "stale": the corner badge on numbers a failed poll could not refresh.
    BadgeStale: Badge,

    // Lines under a number.
    /// "no spend yday"
    NoSpendYday: Line,
    /// "No activity" (small key)
    NoActivity: Headline,
    /// "in 30 days" (small key)
    InThirtyDays: Detail,
    /// "No activity yet"
    NoActivityYet: Headline,
    /// "in the last 30 days"
    InTheLastThirtyDays: Detail,
    /// "last 30 days" (Monthly Spend's strip)
    LastThirtyDays: StripLine,
    /// "No key spend": Top Keys with nothing spent this month.
    NoKeySpend: Headline,
    /// "this month"
    ThisMonth: Detail,
    /// "New day (UTC)": Today just after OpenRouter's midnight.
    NewDayUtc: Headline,
    /// "Updating…"
    Updating: Detail,
    /// "UTC day": when the day began is not known here.
    UtcDay: Line,
    /// "no spend last week": no usual day to compare with.
    NoSpendLastWeek: Line,
    /// "from Monday (UTC)" (Today's dial, this week)
    FromMonday: StripLine,
    /// "from the 1st (UTC)" (Today's dial, this month)
    FromTheFirst: StripLine,

    // Spike Alert.
    /// "vs usual day": today so far against a whole usual day.
    VsUsualDay: Basis,
    /// "yday vs usual day": yesterday against the week before.
    YdayVsUsualDay: Basis,
    /// "rose most yday": the model named under the verdict.
    RoseMostYday: Line,
    /// "Gathering baseline…"
    GatheringBaseline: Headline,
    /// "Normal"
    SeverityNormal: Verdict,
    /// "Spike"
    SeveritySpike: Verdict,
    /// "Critical"
    SeverityCritical: Verdict,
    /// "new this week": a model with no usual day of its own (dial).
    NewThisWeek: StripLine,

    // Runway.
    /// "0 days"
    RunwayEmpty: Line,
    /// "no recent spend"
    NoRecentSpend: Line,
    /// "> 1 year"
    OverAYear: Line,
    /// "< 1 day"
    UnderADay: Line,

    // Budget.
    /// "Pick a limit"
    PickALimit: Headline,
    /// "in settings" (under "Pick a limit")
    InSettingsLower: Detail,
    /// "Key not found"
    KeyNotFound: Headline,
    /// "Pick another in settings"
    PickAnotherInSettings: Detail,
    /// "Workspace not found"
    WorkspaceNotFound: Headline,
    /// "No limit set"
    NoLimitSet: Headline,
    /// "Tap to set one"
    TapToSetOne: Detail,
    /// "No budget set"
    NoBudgetSet: Headline,
    /// "Key disabled"
    KeyDisabled: Headline,
    /// "Tap to open it"
    TapToOpenIt: Detail,
    /// "limit": the caption under a limit's amount.
    CaptionLimit: Word,
    /// "reached" (small key)
    CaptionReached: Word,
    /// "left" (small key)
    CaptionLeft: Word,
    /// "spent" (small key)
    CaptionSpent: Word,
    /// "no reset": a lifetime limit.
    NoReset: Line,
    /// "daily"
    IntervalDaily: Word,
    /// "weekly"
    IntervalWeekly: Word,
    /// "monthly"
    IntervalMonthly: Word,
    /// "lifetime"
    IntervalLifetime: Word,

    // Names.
    /// "Default": the first account's name when it has none.
    DefaultAccount: Label,
    /// "(unnamed model)": activity without a model.
    UnnamedModel: Label,
    /// "Balance": the tile's name (action list, inspector).
    NameBalance: Label,
    /// "Top Models"
    NameTopModels: Label,
    /// "Monthly Spend"
    NameMonthlySpend: Label,
    /// "Spike Alert"
    NameSpikeAlert: Label,
    /// "Today"
    NameToday: Label,
    /// "Budget"
    NameBudget: Label,
}

/// Where a message is drawn; its room on a 144-unit key with the 12-unit floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// Capitals along the top edge; may break onto a second line at a space.
    Header,
    /// A header a small (72-pixel) key uses because the long one does not fit there.
    SmallHeader,
    /// A state's large words, up to two lines.
    Headline,
    /// The smaller line(s) under a headline.
    Detail,
    /// One line under a number (trend, runway).
    Line,
    /// The Spike Alert's "vs usual …" line: up to two lines at the floor.
    Basis,
    /// A line on the 200-unit strip only.
    StripLine,
    /// A word that sits beside something else.
    Word,
    /// A corner badge.
    Badge,
    /// The spike verdict beside its icon.
    Verdict,
    /// A name.
    Label,
}

impl Slot {
    /// What fits, in [`width`] units (about an average Latin letter; a CJK character is two).
    /// Measured against Inter on the 144-unit key: a header line holds about 15 capitals at 12
    /// units and breaks at a space onto a second (as "USED % · ALL TIME" does), a headline two
    /// lines of about 11 letters at 19 units (it may shrink to 14), a line under a number about
    /// 20 letters at 13, the spike's basis two lines at 12; the strip is 200 units wide. A translation may be as long as its English or as
    /// its slot's room, whichever is more: English is what fits today.
    pub const fn room(self) -> usize {
        match self {
            Slot::Header => 18,
            Slot::SmallHeader => 8,
            Slot::Headline => 24,
            Slot::Detail => 26,
            Slot::Line => 22,
            Slot::Basis => 30,
            Slot::StripLine => 32,
            Slot::Word => 12,
            Slot::Badge => 11,
            Slot::Verdict => 10,
            Slot::Label => 20,
        }
    }
}

/// Display width: 2 for East Asian wide and full-width characters, 0 for combining marks, 1 for
/// anything else. Used for the per-message budgets, not for drawing.
pub fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x0300..=0x036F | 0x200B..=0x200F => 0,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA960..=0xA97F
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// A message's budget in [`width`] units: its slot's room, or its English width if longer.
pub fn budget(msg: Msg) -> usize {
    msg.slot().room().max(width(en::text(msg)))
}

/// The text of `msg` in `lang`.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    match lang {
        Lang::En => en::text(msg),
        Lang::De => de::text(msg),
        Lang::Fr => fr::text(msg),
        Lang::Es => es::text(msg),
        Lang::Ja => ja::text(msg),
        Lang::Ko => ko::text(msg),
        Lang::ZhCn => zh_cn::text(msg),
        Lang::ZhTw => zh_tw::text(msg),
    }
}

/// The window a Balance tile's used amount covers, in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Week,
    Month,
    All,
}

/// A message with something in it. Amounts, percentages and ratios come in already written
/// (by [`numbers`], in the same language); counts and times as numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Phrase<'a> {
    /// "USED · 7D"
    HeaderUsed { span: Span },
    /// "USED % · 7D"
    HeaderUsedPercent { span: Span },
    /// "SINCE 01:00": Today's header when the day began here at 01:00.
    HeaderSince { time: &'a str },
    /// "#2 MODEL" / "#2 KEY": a small key's ranking header.
    HeaderPlace { place: usize, by_key: bool },
    /// "below $10": under the low-balance alarm.
    Below { amount: &'a str },
    /// "Activity: retrying"
    SourceRetrying { source: Msg },
    /// "Retry in 12 min"
    RetryIn { minutes: u64 },
    /// "In 12 min" (small key)
    RetryInShort { minutes: u64 },
    /// "wait 12m": the badge while OpenRouter makes us wait.
    BadgeWait { minutes: u64 },
    /// "yday $4.41"
    Yday { amount: &'a str },
    /// "yday $4.41 −13%": `change` is the signed percentage, written.
    YdayChange { amount: &'a str, change: &'a str },
    /// "yday $4.41 · new": no day before to compare with.
    YdayNew { amount: &'a str },
    /// "today $1.23"
    TodayAmount { amount: &'a str },
    /// "since 01:00"
    SinceTime { time: &'a str },
    /// "60% of usual day"
    ShareOfUsualDay { percent: &'a str },
    /// "vs usual Tue 10–11" (" UTC" after it when the machine's offset is not known);
    /// `weekday` 0 is Monday.
    VsUsualWindow {
        weekday: usize,
        from: u8,
        to: u8,
        utc: bool,
    },
    /// "2 of 3 days": days with spend while the baseline gathers.
    DaysOfThree { days: u32 },
    /// "LOW: $12 left · yday $4.41": the strip of a Balance under its alarm, turned.
    LowLeft {
        left: &'a str,
        below: Option<&'a str>,
    },
    /// "18× its usual day": one model's yesterday against its own usual day (dial).
    ItsUsualDay { ratio: &'a str },
    /// "$4.00 yday · usual day $1.00" (dial)
    YdayAndUsual { yday: &'a str, usual: &'a str },
    /// "≈ 12 days" of runway
    RunwayDays { days: u64 },
    /// "$50 limit reached"
    LimitReached { amount: &'a str },
    /// "left of $50"
    LeftOf { amount: &'a str },
    /// "spent of $50"
    SpentOf { amount: &'a str },
    /// "resets Mon", "resets 1 Jan", "resets 01:00": `when` is written by [`weekday`],
    /// [`day_month`] or as a time.
    Resets { when: &'a str },
}

impl Phrase<'_> {
    /// Where the phrase is drawn.
    pub const fn slot(&self) -> Slot {
        match self {
            Phrase::HeaderUsed { .. }
            | Phrase::HeaderUsedPercent { .. }
            | Phrase::HeaderSince { .. }
            | Phrase::HeaderPlace { .. } => Slot::Header,
            Phrase::SourceRetrying { .. }
            | Phrase::RetryIn { .. }
            | Phrase::RetryInShort { .. }
            | Phrase::DaysOfThree { .. } => Slot::Detail,
            Phrase::BadgeWait { .. } => Slot::Badge,
            Phrase::VsUsualWindow { .. } => Slot::Basis,
            Phrase::LowLeft { .. } | Phrase::ItsUsualDay { .. } | Phrase::YdayAndUsual { .. } => {
                Slot::StripLine
            }
            _ => Slot::Line,
        }
    }
}

/// The phrase in `lang`.
pub fn say(lang: Lang, phrase: Phrase<'_>) -> String {
    match lang {
        Lang::En => en::say(phrase),
        Lang::De => de::say(phrase),
        Lang::Fr => fr::say(phrase),
        Lang::Es => es::say(phrase),
        Lang::Ja => ja::say(phrase),
        Lang::Ko => ko::say(phrase),
        Lang::ZhCn => zh_cn::say(phrase),
        Lang::ZhTw => zh_tw::say(phrase),
    }
}

/// A weekday's short name, 0 being Monday (the `time` crate's and ISO's order): "Tue", "Di",
/// "mar.", "火", … Out of range wraps.
pub fn weekday(lang: Lang, monday_based: usize) -> &'static str {
    let names = match lang {
        Lang::En => &en::WEEKDAYS,
        Lang::De => &de::WEEKDAYS,
        Lang::Fr => &fr::WEEKDAYS,
        Lang::Es => &es::WEEKDAYS,
        Lang::Ja => &ja::WEEKDAYS,
        Lang::Ko => &ko::WEEKDAYS,
        Lang::ZhCn => &zh_cn::WEEKDAYS,
        Lang::ZhTw => &zh_tw::WEEKDAYS,
    };
    names[monday_based % 7]
}

/// A day of a month, `month` 1–12 (out of range wraps): "1 Jan", "1. Jan.", "1 janv.", "1月1日".
pub fn day_month(lang: Lang, day: u8, month: u8) -> String {
    let m = usize::from(month.clamp(1, 12) - 1);
    match lang {
        Lang::En => en::day_month(day, m),
        Lang::De => de::day_month(day, m),
        Lang::Fr => fr::day_month(day, m),
        Lang::Es => es::day_month(day, m),
        Lang::Ja => ja::day_month(day, m),
        Lang::Ko => ko::day_month(day, m),
        Lang::ZhCn => zh_cn::day_month(day, m),
        Lang::ZhTw => zh_tw::day_month(day, m),
    }
}

/// A date with its weekday (Monthly Spend's dial): "Tue 18 Nov", "Di., 18. Nov.", "11月18日(火)".
pub fn short_date(lang: Lang, weekday_monday_based: usize, day: u8, month: u8) -> String {
    let w = weekday(lang, weekday_monday_based);
    let m = usize::from(month.clamp(1, 12) - 1);
    match lang {
        Lang::En => en::short_date(w, day, m),
        Lang::De => de::short_date(w, day, m),
        Lang::Fr => fr::short_date(w, day, m),
        Lang::Es => es::short_date(w, day, m),
        Lang::Ja => ja::short_date(w, day, m),
        Lang::Ko => ko::short_date(w, day, m),
        Lang::ZhCn => zh_cn::short_date(w, day, m),
        Lang::ZhTw => zh_tw::short_date(w, day, m),
    }
}

/// Every text the catalogue can produce in `lang` with sample arguments: the fixed messages, each
/// phrase, every weekday and month, and numbers. The shell's glyph test walks it, so the font
/// subset can never fall behind the catalogue.
pub fn samples(lang: Lang) -> Vec<String> {
    let mut out: Vec<String> = Msg::ALL.iter().map(|m| text(lang, *m).to_owned()).collect();
    let money = numbers::money(lang, 1234.5);
    let pct = numbers::whole_percent(lang, -13.0);
    let ratio = numbers::ratio(lang, 3.4);
    for phrase in sample_phrases(&money, &pct, &ratio) {
        out.push(say(lang, phrase));
    }
    for d in 0..7 {
        out.push(weekday(lang, d).to_owned());
    }
    for m in 1..=12 {
        out.push(day_month(lang, 28, m));
        out.push(short_date(lang, usize::from(m) % 7, 28, m));
    }
    for usd in [
        0.0,
        0.00001,
        0.042,
        0.5,
        123.45,
        1234.4,
        -12.5,
        1.5e6,
        4.56e10,
        2e15,
        f64::NAN,
    ] {
        out.push(numbers::money(lang, usd));
        out.push(numbers::whole_money(lang, usd));
    }
    for v in [0.0, 0.01, 0.3, 45.2, 123.0, 1e5] {
        out.push(numbers::percent(lang, v));
        out.push(numbers::whole_percent(lang, -v));
    }
    for r in [0.8, 12.0, 1e4] {
        out.push(numbers::ratio(lang, r));
    }
    out
}

/// One of each phrase, with every variant's options.
fn sample_phrases<'a>(money: &'a str, pct: &'a str, ratio: &'a str) -> Vec<Phrase<'a>> {
    let mut out = vec![];
    for span in [Span::Week, Span::Month, Span::All] {
        out.push(Phrase::HeaderUsed { span });
        out.push(Phrase::HeaderUsedPercent { span });
    }
    out.extend([
        Phrase::HeaderSince { time: "01:00" },
        Phrase::HeaderPlace {
            place: 2,
            by_key: false,
        },
        Phrase::HeaderPlace {
            place: 6,
            by_key: true,
        },
        Phrase::Below { amount: money },
        Phrase::SourceRetrying {
            source: Msg::SourceActivity,
        },
        Phrase::SourceRetrying {
            source: Msg::SourceApiKeys,
        },
        Phrase::RetryIn { minutes: 12 },
        Phrase::RetryInShort { minutes: 60 },
        Phrase::BadgeWait { minutes: 12 },
        Phrase::Yday { amount: money },
        Phrase::YdayChange {
            amount: money,
            change: pct,
        },
        Phrase::YdayNew { amount: money },
        Phrase::TodayAmount { amount: money },
        Phrase::SinceTime { time: "23:30" },
        Phrase::ShareOfUsualDay { percent: pct },
        Phrase::DaysOfThree { days: 2 },
        Phrase::LowLeft {
            left: money,
            below: None,
        },
        Phrase::LowLeft {
            left: money,
            below: Some(money),
        },
        Phrase::ItsUsualDay { ratio },
        Phrase::YdayAndUsual {
            yday: money,
            usual: money,
        },
        Phrase::RunwayDays { days: 1 },
        Phrase::RunwayDays { days: 12 },
        Phrase::LimitReached { amount: money },
        Phrase::LeftOf { amount: money },
        Phrase::SpentOf { amount: money },
        Phrase::Resets { when: "01:00" },
    ]);
    for weekday in 0..7 {
        for utc in [false, true] {
            out.push(Phrase::VsUsualWindow {
                weekday,
                from: 23,
                to: 0,
                utc,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests;
