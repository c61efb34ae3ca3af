//! The catalogue's promises: every message in every language, English as the tiles draw it
//! today, every translation within its message's room, and nothing left in English by accident.

use super::*;
use crate::action::Action;

/// Every fixed message with the literal the views drew before they took their words from the
/// catalogue: English stays byte for byte what it was (the goldens and replays hold the rest).
const ENGLISH: &[(Msg, &str)] = &[
    (Msg::HeaderBalance, "BALANCE"),
    (Msg::HeaderTopModels, "TOP MODELS"),
    (Msg::HeaderMonthlySpend, "30-DAY SPEND"),
    (Msg::HeaderSpikeAlert, "SPIKE ALERT"),
    (Msg::HeaderToday, "TODAY"),
    (Msg::HeaderTodaySmall, "TODAY"),
    (Msg::HeaderBalanceSmall, "BALANCE"),
    (Msg::HeaderBudget, "BUDGET"),
    (Msg::HeaderBudgetSmall, "BUDGET"),
    (Msg::HeaderLowBalance, "LOW BALANCE"),
    (Msg::HeaderLowBalanceSmall, "LOW BALANCE"),
    (Msg::HeaderRunway, "RUNWAY"),
    (Msg::HeaderRunwaySmall, "RUNWAY"),
    (Msg::HeaderTopKeys, "TOP KEYS"),
    (Msg::HeaderModelsSmall, "MODELS"),
    (Msg::HeaderThirtyDaysSmall, "30 DAYS"),
    (Msg::HeaderSpikesSmall, "SPIKES"),
    (Msg::HeaderTodayUtc, "TODAY · UTC"),
    (Msg::HeaderAcknowledged, "ACKNOWLEDGED"),
    (Msg::HeaderSeen, "SEEN"),
    (Msg::HeaderThisWeek, "THIS WEEK"),
    (Msg::HeaderThisMonth, "THIS MONTH"),
    (Msg::HeaderYdayByModel, "YDAY BY MODEL"),
    (Msg::Period7D, "7D"),
    (Msg::Period30D, "30D"),
    (Msg::PeriodAllTime, "ALL TIME"),
    (Msg::Preparing, "Preparing…"),
    (Msg::NoKeyYet, "No key yet"),
    (Msg::InSettings, "In settings"),
    (Msg::AddItInSettings, "Add it in settings"),
    (Msg::CheckingKey, "Checking key…"),
    (Msg::KeyRejected, "Key rejected"),
    (Msg::TapForHelp, "Tap for help"),
    (Msg::WrongKeyType, "Wrong key type"),
    (Msg::NotManagementKey, "Not a Management key"),
    (Msg::NoAccount, "No account"),
    (Msg::PickOneInSettings, "Pick one in settings"),
    (Msg::Retrying, "Retrying"),
    (Msg::SourceActivity, "Activity"),
    (Msg::SourceApiKeys, "API keys"),
    (Msg::Offline, "Offline"),
    (Msg::CantReachOpenRouter, "Can't reach OpenRouter"),
    (Msg::OpenRouterTimedOut, "OpenRouter timed out"),
    (Msg::RateLimited, "Rate limited"),
    (Msg::RetryingSoon, "Retrying soon"),
    (Msg::OpenRouterError, "OpenRouter error"),
    (Msg::UnexpectedAnswer, "Unexpected answer"),
    (Msg::BadgeOffline, "offline"),
    (Msg::BadgeStale, "stale"),
    (Msg::NoSpendYday, "no spend yday"),
    (Msg::NoActivity, "No activity"),
    (Msg::InThirtyDays, "in 30 days"),
    (Msg::NoActivityYet, "No activity yet"),
    (Msg::InTheLastThirtyDays, "in the last 30 days"),
    (Msg::LastThirtyDays, "last 30 days"),
    (Msg::NoKeySpend, "No key spend"),
    (Msg::ThisMonth, "this month"),
    (Msg::NewDayUtc, "New day (UTC)"),
    (Msg::Updating, "Updating…"),
    (Msg::UtcDay, "UTC day"),
    (Msg::NoSpendLastWeek, "no spend last week"),
    (Msg::FromMonday, "from Monday (UTC)"),
    (Msg::FromTheFirst, "from the 1st (UTC)"),
    (Msg::VsUsualDay, "vs usual day"),
    (Msg::YdayVsUsualDay, "yday vs usual day"),
    (Msg::RoseMostYday, "rose most yday"),
    (Msg::GatheringBaseline, "Gathering baseline…"),
    (Msg::SeverityNormal, "Normal"),
    (Msg::SeveritySpike, "Spike"),
    (Msg::SeverityCritical, "Critical"),
    (Msg::NewThisWeek, "new this week"),
    (Msg::RunwayEmpty, "0 days"),
    (Msg::NoRecentSpend, "no recent spend"),
    (Msg::OverAYear, "> 1 year"),
    (Msg::UnderADay, "< 1 day"),
    (Msg::PickALimit, "Pick a limit"),
    (Msg::InSettingsLower, "in settings"),
    (Msg::KeyNotFound, "Key not found"),
    (Msg::PickAnotherInSettings, "Pick another in settings"),
    (Msg::WorkspaceNotFound, "Workspace not found"),
    (Msg::NoLimitSet, "No limit set"),
    (Msg::TapToSetOne, "Tap to set one"),
    (Msg::NoBudgetSet, "No budget set"),
    (Msg::KeyDisabled, "Key disabled"),
    (Msg::TapToOpenIt, "Tap to open it"),
    (Msg::CaptionLimit, "limit"),
    (Msg::CaptionReached, "reached"),
    (Msg::CaptionLeft, "left"),
    (Msg::CaptionSpent, "spent"),
    (Msg::NoReset, "no reset"),
    (Msg::IntervalDaily, "daily"),
    (Msg::IntervalWeekly, "weekly"),
    (Msg::IntervalMonthly, "monthly"),
    (Msg::IntervalLifetime, "lifetime"),
    (Msg::DefaultAccount, "Default"),
    (Msg::UnnamedModel, "(unnamed model)"),
    (Msg::NameBalance, "Balance"),
    (Msg::NameTopModels, "Top Models"),
    (Msg::NameMonthlySpend, "Monthly Spend"),
    (Msg::NameSpikeAlert, "Spike Alert"),
    (Msg::NameToday, "Today"),
    (Msg::NameBudget, "Budget"),
];

/// The tiles' code (`src/tile/`), read from the source tree, without comments, the test modules at
/// the end of a file, and the descriptors (the manifest's English: names, and the header drawn on
/// the bundle's still image before the plugin runs).
fn tile_sources() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tile");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    let mut out = String::new();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let code = std::fs::read_to_string(path).unwrap_or_default();
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        let code = match code.split_once("pub const DESCRIPTOR") {
            Some((before, after)) => {
                format!("{before}{}", after.split_once("\n};").map_or("", |x| x.1))
            }
            None => code.to_owned(),
        };
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn english_is_todays_words() {
    assert_eq!(
        ENGLISH.len(),
        Msg::ALL.len(),
        "every message is listed once"
    );
    for (msg, literal) in ENGLISH {
        assert_eq!(text(Lang::En, *msg), *literal, "{msg:?}");
    }
}

/// The views say their words through the catalogue: none of its English is left as a literal in
/// the tiles' code (comments and tests aside), where it would stay English in every language.
#[test]
fn the_tiles_take_their_words_from_the_catalogue() {
    let sources = tile_sources();
    assert!(sources.contains("fn body("), "the tiles' code was read");
    for (msg, literal) in ENGLISH {
        let quoted = format!("\"{literal}\"");
        assert!(
            !sources.contains(&quoted),
            "{msg:?}: {quoted} is drawn by a tile as a literal; say it with the catalogue"
        );
    }
}

/// Phrases with arguments, against what the views format today (the same code where the core
/// exposes it, else the literal pattern).
#[test]
fn english_phrases_are_todays_words() {
    use crate::money::{dollars, ratio as ratio_en, whole_percent as pct_en};
    fn en(p: Phrase<'_>) -> String {
        say(Lang::En, p)
    }
    assert_eq!(en(Phrase::HeaderUsed { span: Span::Week }), "USED · 7D");
    assert_eq!(
        en(Phrase::HeaderUsed { span: Span::All }),
        "USED · ALL TIME"
    );
    assert_eq!(
        en(Phrase::HeaderUsedPercent { span: Span::Month }),
        "USED % · 30D"
    );
    assert_eq!(en(Phrase::HeaderSince { time: "01:00" }), "SINCE 01:00");
    assert_eq!(
        en(Phrase::HeaderPlace {
            place: 2,
            by_key: false
        }),
        "#2 MODEL"
    );
    assert_eq!(
        en(Phrase::HeaderPlace {
            place: 1,
            by_key: true
        }),
        "#1 KEY"
    );
    let ten = numbers::whole_money(Lang::En, 10.0);
    assert_eq!(ten, "$10");
    assert_eq!(en(Phrase::Below { amount: &ten }), "below $10");
    assert_eq!(
        en(Phrase::SourceRetrying {
            source: Msg::SourceActivity
        }),
        "Activity: retrying"
    );
    assert_eq!(en(Phrase::RetryIn { minutes: 12 }), "Retry in 12 min");
    assert_eq!(en(Phrase::RetryInShort { minutes: 12 }), "In 12 min");
    assert_eq!(en(Phrase::BadgeWait { minutes: 12 }), "wait 12m");
    let amount = dollars(4.41);
    let change = format!("−{}", pct_en(13.0));
    assert_eq!(en(Phrase::Yday { amount: &amount }), "yday $4.41");
    assert_eq!(
        en(Phrase::YdayChange {
            amount: &amount,
            change: &change
        }),
        "yday $4.41 −13%"
    );
    assert_eq!(en(Phrase::YdayNew { amount: &amount }), "yday $4.41 · new");
    assert_eq!(en(Phrase::TodayAmount { amount: &amount }), "today $4.41");
    assert_eq!(en(Phrase::SinceTime { time: "01:00" }), "since 01:00");
    assert_eq!(
        en(Phrase::ShareOfUsualDay {
            percent: &pct_en(60.0)
        }),
        "60% of usual day"
    );
    // The Spike Alert's basis, as `tile/spike_alert.rs` wrote it.
    assert_eq!(
        en(Phrase::VsUsualWindow {
            weekday: 1,
            from: 10,
            to: 11,
            utc: false
        }),
        "vs usual Tue 10–11"
    );
    assert_eq!(
        en(Phrase::VsUsualWindow {
            weekday: 6,
            from: 23,
            to: 0,
            utc: true
        }),
        "vs usual Sun 23–0 UTC"
    );
    assert_eq!(en(Phrase::DaysOfThree { days: 2 }), "2 of 3 days");
    assert_eq!(
        en(Phrase::LowLeft {
            left: "$12.00",
            below: None
        }),
        "LOW: $12.00 left"
    );
    assert_eq!(
        en(Phrase::LowLeft {
            left: "$12.00",
            below: Some("yday $4.41")
        }),
        "LOW: $12.00 left · yday $4.41"
    );
    assert_eq!(
        en(Phrase::ItsUsualDay {
            ratio: &ratio_en(18.0)
        }),
        "18× its usual day"
    );
    assert_eq!(
        en(Phrase::YdayAndUsual {
            yday: "$4.00",
            usual: "$1.00"
        }),
        "$4.00 yday · usual day $1.00"
    );
    // Runway (runway.rs holds its words to these in its own tests: the catalogue is a floor
    // below it and does not import it).
    assert_eq!(en(Phrase::RunwayDays { days: 1 }), "≈ 1 day");
    assert_eq!(en(Phrase::RunwayDays { days: 12 }), "≈ 12 days");
    assert_eq!(
        en(Phrase::LimitReached { amount: "$50" }),
        "$50 limit reached"
    );
    assert_eq!(en(Phrase::LeftOf { amount: "$50" }), "left of $50");
    assert_eq!(en(Phrase::SpentOf { amount: "$50" }), "spent of $50");
    assert_eq!(
        en(Phrase::Resets {
            when: weekday(Lang::En, 0)
        }),
        "resets Mon"
    );
    assert_eq!(
        en(Phrase::Resets {
            when: &day_month(Lang::En, 1, 1)
        }),
        "resets 1 Jan"
    );
    // Dates, as the timestamp module's English said them before the catalogue.
    assert_eq!(short_date(Lang::En, 1, 18, 11), "Tue 18 Nov");
    assert_eq!(short_date(Lang::En, 3, 1, 1), "Thu 1 Jan");
    assert_eq!(day_month(Lang::En, 18, 11), "18 Nov");
    // The tiles' names and default headers, against the descriptors.
    let names = [
        (Action::Balance, Msg::NameBalance, Msg::HeaderBalance),
        (Action::TopModels, Msg::NameTopModels, Msg::HeaderTopModels),
        (
            Action::MonthlySpend,
            Msg::NameMonthlySpend,
            Msg::HeaderMonthlySpend,
        ),
        (
            Action::SpikeAlert,
            Msg::NameSpikeAlert,
            Msg::HeaderSpikeAlert,
        ),
        (Action::Today, Msg::NameToday, Msg::HeaderToday),
        (Action::Budget, Msg::NameBudget, Msg::HeaderBudget),
    ];
    assert_eq!(names.len(), Action::ALL.len());
    for (action, name, header) in names {
        assert_eq!(action.descriptor().name, text(Lang::En, name));
        assert_eq!(action.descriptor().header, text(Lang::En, header));
    }
    assert_eq!(
        crate::openrouter::NO_MODEL,
        text(Lang::En, Msg::UnnamedModel)
    );
    assert_eq!(
        crate::account_id::DEFAULT_LABEL,
        text(Lang::En, Msg::DefaultAccount)
    );
}

#[test]
fn every_message_is_said_in_every_language() {
    for lang in Lang::ALL {
        for msg in Msg::ALL {
            let t = text(lang, *msg);
            assert!(!t.trim().is_empty(), "{lang:?} {msg:?} is empty");
            assert_eq!(t, t.trim(), "{lang:?} {msg:?} has spaces around it");
        }
        for s in samples(lang) {
            assert!(!s.trim().is_empty(), "{lang:?}: an empty phrase");
            assert!(!s.contains("{}"), "{lang:?}: {s:?} has a hole");
        }
    }
}

#[test]
fn every_translation_fits_its_messages_room() {
    let mut over = vec![];
    for lang in Lang::ALL {
        for msg in Msg::ALL {
            let t = text(lang, *msg);
            if width(t) > budget(*msg) {
                over.push(format!(
                    "{lang:?} {msg:?}: {t:?} is {} > {}",
                    width(t),
                    budget(*msg)
                ));
            }
        }
        let money = numbers::money(lang, 1234.5);
        let english_money = numbers::money(Lang::En, 1234.5);
        let pct = numbers::whole_percent(lang, -13.0);
        let ratio = numbers::ratio(lang, 18.0);
        let english = sample_phrases(&english_money, "−13%", "18×");
        for (p, e) in sample_phrases(&money, &pct, &ratio)
            .into_iter()
            .zip(english)
        {
            let t = say(lang, p);
            let room = p.slot().room().max(width(&say(Lang::En, e)));
            // A written amount may be a character or two longer than English's.
            let slack = width(&money).saturating_sub(width(&english_money));
            if width(&t) > room + slack {
                over.push(format!("{lang:?} {p:?}: {t:?} is {} > {room}", width(&t)));
            }
        }
    }
    assert!(
        over.is_empty(),
        "too long for the key:\n{}",
        over.join("\n")
    );
}

#[test]
fn headers_are_capitals_where_the_script_has_them() {
    for lang in Lang::ALL {
        for msg in Msg::ALL
            .iter()
            .filter(|m| matches!(m.slot(), Slot::Header | Slot::SmallHeader))
        {
            let t = text(lang, *msg);
            assert_eq!(t, t.to_uppercase(), "{lang:?} {msg:?}");
        }
    }
}

/// Words that are the same in English and another language on purpose; anything else equal to
/// English is a message someone forgot to translate.
fn same_as_english_on_purpose(lang: Lang, msg: Msg) -> bool {
    use Msg::*;
    match lang {
        Lang::En => true,
        Lang::De => matches!(
            msg,
            HeaderBudget
                | HeaderBudgetSmall
                | Offline
                | BadgeOffline
                | SeverityNormal
                | NameBudget
                | CaptionLimit
        ),
        Lang::Fr => matches!(
            msg,
            HeaderBudget | HeaderBudgetSmall | SeverityNormal | NameBudget
        ),
        Lang::Es => matches!(msg, SeverityNormal),
        _ => false,
    }
}

#[test]
fn nothing_is_left_in_english_by_accident() {
    for lang in Lang::ALL {
        for msg in Msg::ALL {
            if text(lang, *msg) == text(Lang::En, *msg) {
                assert!(
                    same_as_english_on_purpose(lang, *msg),
                    "{lang:?} {msg:?} is English"
                );
            }
        }
    }
}

#[test]
fn weekdays_and_months_are_distinct_and_wrap() {
    for lang in Lang::ALL {
        let days: std::collections::BTreeSet<_> = (0..7).map(|d| weekday(lang, d)).collect();
        assert_eq!(days.len(), 7, "{lang:?}");
        let months: std::collections::BTreeSet<_> =
            (1..=12).map(|m| day_month(lang, 1, m)).collect();
        assert_eq!(months.len(), 12, "{lang:?}");
        assert_eq!(weekday(lang, 7), weekday(lang, 0));
        assert_eq!(day_month(lang, 1, 0), day_month(lang, 1, 1));
        assert_eq!(day_month(lang, 1, 13), day_month(lang, 1, 12));
    }
    assert_eq!(short_date(Lang::De, 1, 18, 11), "Di., 18. Nov.");
    assert_eq!(short_date(Lang::Fr, 0, 1, 1), "lun. 1er janv.");
    assert_eq!(short_date(Lang::Ja, 1, 18, 11), "11月18日(火)");
    assert_eq!(short_date(Lang::Ko, 1, 18, 11), "11월 18일 (화)");
    assert_eq!(short_date(Lang::ZhCn, 1, 18, 11), "11月18日周二");
    assert_eq!(short_date(Lang::ZhTw, 1, 18, 11), "11月18日週二");
    assert_eq!(
        say(
            Lang::De,
            Phrase::Resets {
                when: weekday(Lang::De, 0)
            }
        ),
        "neu ab Mo"
    );
    assert_eq!(
        say(
            Lang::Ja,
            Phrase::VsUsualWindow {
                weekday: 1,
                from: 10,
                to: 11,
                utc: false
            }
        ),
        "普段の火曜10–11時と比較"
    );
}

#[test]
fn the_severity_words_differ_within_each_language() {
    for lang in Lang::ALL {
        let words: std::collections::BTreeSet<_> = [
            Msg::SeverityNormal,
            Msg::SeveritySpike,
            Msg::SeverityCritical,
        ]
        .iter()
        .map(|m| text(lang, *m))
        .collect();
        assert_eq!(words.len(), 3, "{lang:?}");
    }
}

#[test]
fn widths_count_east_asian_characters_double() {
    assert_eq!(width("BALANCE"), 7);
    assert_eq!(width("残高"), 4);
    assert_eq!(width("잔액 부족"), 9);
    assert_eq!(width("e\u{301}"), 1);
}
