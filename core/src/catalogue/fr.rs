//! Français. Termes de docs/glossary.md : solde, dépenses, clé (clé API, clé de gestion pour la
//! « Management Key » d'OpenRouter), espace de travail, limite, réglages ; « appuyer » pour une
//! touche Stream Deck.

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "SOLDE",
        Msg::HeaderBalanceSmall => "SOLDE",
        Msg::HeaderTopModels => "TOP MODÈLES",
        Msg::HeaderMonthlySpend => "DÉPENSES 30 J",
        Msg::HeaderSpikeAlert => "ALERTE PIC",
        Msg::HeaderToday => "AUJOURD’HUI",
        Msg::HeaderTodaySmall => "CE JOUR",
        Msg::HeaderBudget => "BUDGET",
        Msg::HeaderBudgetSmall => "BUDGET",
        Msg::HeaderLowBalance => "SOLDE BAS",
        Msg::HeaderLowBalanceSmall => "SOLDE BAS",
        Msg::HeaderRunway => "AUTONOMIE",
        Msg::HeaderRunwaySmall => "DURÉE",
        Msg::HeaderTopKeys => "TOP CLÉS",
        Msg::HeaderModelsSmall => "MODÈLES",
        Msg::HeaderThirtyDaysSmall => "30 JOURS",
        Msg::HeaderSpikesSmall => "PICS",
        Msg::HeaderTodayUtc => "AUJOURD’HUI · UTC",
        Msg::HeaderAcknowledged => "ACQUITTÉ",
        Msg::HeaderSeen => "VU",
        Msg::HeaderThisWeek => "CETTE SEMAINE",
        Msg::HeaderThisMonth => "CE MOIS-CI",
        Msg::HeaderYdayByModel => "HIER PAR MODÈLE",
        Msg::Period7D => "7 J",
        Msg::Period30D => "30 J",
        Msg::PeriodAllTime => "TOTAL",
        Msg::Preparing => "Préparation…",
        Msg::NoKeyYet => "Pas encore de clé",
        Msg::InSettings => "Dans les réglages",
        Msg::AddItInSettings => "Saisir dans les réglages",
        Msg::CheckingKey => "Vérification…",
        Msg::KeyRejected => "Clé refusée",
        Msg::TapForHelp => "Appuyer pour l’aide",
        Msg::WrongKeyType => "Mauvaise clé",
        Msg::NotManagementKey => "Pas une clé de gestion",
        Msg::NoAccount => "Aucun compte",
        Msg::PickOneInSettings => "Choisir dans les réglages",
        Msg::Retrying => "Nouvel essai",
        Msg::SourceActivity => "Activité",
        Msg::SourceApiKeys => "Clés API",
        Msg::Offline => "Hors ligne",
        Msg::CantReachOpenRouter => "OpenRouter injoignable",
        Msg::OpenRouterTimedOut => "OpenRouter ne répond pas",
        Msg::RateLimited => "Trop de requêtes",
        Msg::RetryingSoon => "Nouvel essai bientôt",
        Msg::OpenRouterError => "Erreur OpenRouter",
        Msg::UnexpectedAnswer => "Réponse inattendue",
        Msg::BadgeOffline => "hors ligne",
        Msg::BadgeStale => "obsolète",
        Msg::NoSpendYday => "rien dépensé hier",
        Msg::NoActivity => "Aucune activité",
        Msg::InThirtyDays => "en 30 jours",
        Msg::NoActivityYet => "Aucune activité",
        Msg::InTheLastThirtyDays => "sur les 30 derniers jours",
        Msg::LastThirtyDays => "30 derniers jours",
        Msg::NoKeySpend => "Aucune dépense",
        Msg::ThisMonth => "ce mois-ci",
        Msg::NewDayUtc => "Nouveau jour (UTC)",
        Msg::Updating => "Mise à jour…",
        Msg::UtcDay => "jour UTC",
        Msg::NoSpendLastWeek => "rien la semaine passée",
        Msg::FromMonday => "depuis lundi (UTC)",
        Msg::FromTheFirst => "depuis le 1er (UTC)",
        Msg::VsUsualDay => "vs jour habituel",
        Msg::YdayVsUsualDay => "hier vs jour habituel",
        Msg::RoseMostYday => "hausse max. hier",
        Msg::GatheringBaseline => "Collecte des données…",
        Msg::SeverityNormal => "Normal",
        Msg::SeveritySpike => "Pic",
        Msg::SeverityCritical => "Critique",
        Msg::NewThisWeek => "nouveau cette semaine",
        Msg::RunwayEmpty => "0 jour",
        Msg::NoRecentSpend => "aucune dépense récente",
        Msg::OverAYear => "> 1 an",
        Msg::UnderADay => "< 1 jour",
        Msg::PickALimit => "Choisir une limite",
        Msg::InSettingsLower => "dans les réglages",
        Msg::KeyNotFound => "Clé introuvable",
        Msg::PickAnotherInSettings => "Choisir à nouveau",
        Msg::WorkspaceNotFound => "Espace introuvable",
        Msg::NoLimitSet => "Aucune limite",
        Msg::TapToSetOne => "Appuyer pour définir",
        Msg::NoBudgetSet => "Aucun budget",
        Msg::KeyDisabled => "Désactivée",
        Msg::TapToOpenIt => "Appuyer pour l’ouvrir",
        Msg::CaptionLimit => "limite",
        Msg::CaptionReached => "atteinte",
        Msg::CaptionLeft => "restant",
        Msg::CaptionSpent => "dépensé",
        Msg::NoReset => "sans réinit.",
        Msg::IntervalDaily => "quotidien",
        Msg::IntervalWeekly => "hebdo",
        Msg::IntervalMonthly => "mensuel",
        Msg::IntervalLifetime => "à vie",
        Msg::DefaultAccount => "Par défaut",
        Msg::UnnamedModel => "(modèle sans nom)",
        Msg::NameBalance => "Solde",
        Msg::NameTopModels => "Top modèles",
        Msg::NameMonthlySpend => "Dépenses du mois",
        Msg::NameSpikeAlert => "Alerte de pic",
        Msg::NameToday => "Aujourd’hui",
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
        Phrase::HeaderUsed { span: s } => format!("UTILISÉ · {}", span(s)),
        Phrase::HeaderUsedPercent { span: s } => format!("UTILISÉ % · {}", span(s)),
        Phrase::HeaderSince { time } => format!("DEPUIS {time}"),
        Phrase::HeaderPlace { place, by_key } => {
            format!("#{place} {}", if by_key { "CLÉ" } else { "MODÈLE" })
        }
        Phrase::Below { amount } => format!("sous {amount}"),
        Phrase::SourceRetrying { source } => format!("{} : nouvel essai", text(source)),
        Phrase::RetryIn { minutes } => format!("Nouvel essai dans {minutes} min"),
        Phrase::RetryInShort { minutes } => format!("Dans {minutes} min"),
        Phrase::BadgeWait { minutes } => format!("dans {minutes} min"),
        Phrase::Yday { amount } => format!("hier {amount}"),
        Phrase::YdayChange { amount, change } => format!("hier {amount} {change}"),
        Phrase::YdayNew { amount } => format!("hier {amount} · nouv."),
        Phrase::TodayAmount { amount } => format!("auj. {amount}"),
        Phrase::SinceTime { time } => format!("depuis {time}"),
        Phrase::ShareOfUsualDay { percent } => format!("{percent} du jour habituel"),
        Phrase::VsUsualWindow {
            weekday,
            from,
            to,
            utc,
        } => format!(
            "vs habituel {} {from}–{to} h{}",
            WEEKDAYS[weekday % 7],
            if utc { " UTC" } else { "" }
        ),
        Phrase::DaysOfThree { days } => {
            format!("{days} jour{} sur 3", if days > 1 { "s" } else { "" })
        }
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("BAS : reste {left} · {below}"),
            None => format!("BAS : reste {left}"),
        },
        Phrase::ItsUsualDay { ratio } => format!("{ratio} son jour habituel"),
        Phrase::YdayAndUsual { yday, usual } => format!("hier {yday} · habituel {usual}"),
        Phrase::RunwayDays { days } => {
            format!("≈ {days} jour{}", if days > 1 { "s" } else { "" })
        }
        Phrase::LimitReached { amount } => format!("limite {amount} atteinte"),
        Phrase::LeftOf { amount } => format!("reste de {amount}"),
        Phrase::SpentOf { amount } => format!("dépensé sur {amount}"),
        Phrase::Resets { when } => format!("réinit. {when}"),
    }
}

/// CLDR's abbreviated weekdays.
pub(super) const WEEKDAYS: [&str; 7] = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."];

/// CLDR's abbreviated months.
const MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

pub(super) fn day_month(day: u8, month: usize) -> String {
    match day {
        1 => format!("1er {}", MONTHS[month]),
        _ => format!("{day} {}", MONTHS[month]),
    }
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    format!("{weekday} {}", day_month(day, month))
}
