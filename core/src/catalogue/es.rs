//! Español. Términos de docs/glossary.md: saldo, gasto, clave (clave API, clave de gestión para
//! la «Management Key» de OpenRouter), espacio de trabajo, límite, ajustes; «pulsa» para una tecla
//! de Stream Deck.

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "SALDO",
        Msg::HeaderBalanceSmall => "SALDO",
        Msg::HeaderTopModels => "TOP MODELOS",
        Msg::HeaderMonthlySpend => "GASTO 30 DÍAS",
        Msg::HeaderSpikeAlert => "ALERTA DE PICO",
        Msg::HeaderToday => "HOY",
        Msg::HeaderTodaySmall => "HOY",
        Msg::HeaderBudget => "PRESUPUESTO",
        Msg::HeaderBudgetSmall => "PRESUP.",
        Msg::HeaderLowBalance => "SALDO BAJO",
        Msg::HeaderLowBalanceSmall => "SALDO BAJO",
        Msg::HeaderRunway => "AUTONOMÍA",
        Msg::HeaderRunwaySmall => "DURACIÓN",
        Msg::HeaderTopKeys => "TOP CLAVES",
        Msg::HeaderModelsSmall => "MODELOS",
        Msg::HeaderThirtyDaysSmall => "30 DÍAS",
        Msg::HeaderSpikesSmall => "PICOS",
        Msg::HeaderTodayUtc => "HOY · UTC",
        Msg::HeaderAcknowledged => "RECONOCIDO",
        Msg::HeaderSeen => "VISTO",
        Msg::HeaderThisWeek => "ESTA SEMANA",
        Msg::HeaderThisMonth => "ESTE MES",
        Msg::HeaderYdayByModel => "AYER POR MODELO",
        Msg::Period7D => "7 D",
        Msg::Period30D => "30 D",
        Msg::PeriodAllTime => "TOTAL",
        Msg::Preparing => "Preparando…",
        Msg::NoKeyYet => "Aún sin clave",
        Msg::InSettings => "En ajustes",
        Msg::AddItInSettings => "Añádela en ajustes",
        Msg::CheckingKey => "Verificando clave…",
        Msg::KeyRejected => "Clave rechazada",
        Msg::TapForHelp => "Pulsa para ayuda",
        Msg::WrongKeyType => "No es de gestión",
        Msg::NotManagementKey => "No es clave de gestión",
        Msg::NoAccount => "Sin cuenta",
        Msg::PickOneInSettings => "Elige una en ajustes",
        Msg::Retrying => "Nuevo intento",
        Msg::SourceActivity => "Actividad",
        Msg::SourceApiKeys => "Claves API",
        Msg::Offline => "Sin conexión",
        Msg::CantReachOpenRouter => "OpenRouter inaccesible",
        Msg::OpenRouterTimedOut => "OpenRouter tardó demasiado",
        Msg::RateLimited => "Demasiadas peticiones",
        Msg::RetryingSoon => "Reintento en breve",
        Msg::OpenRouterError => "Error de OpenRouter",
        Msg::UnexpectedAnswer => "Respuesta inesperada",
        Msg::BadgeOffline => "sin red",
        Msg::BadgeStale => "desfasado",
        Msg::NoSpendYday => "sin gasto ayer",
        Msg::NoActivity => "Sin actividad",
        Msg::InThirtyDays => "en 30 días",
        Msg::NoActivityYet => "Sin actividad",
        Msg::InTheLastThirtyDays => "en los últimos 30 días",
        Msg::LastThirtyDays => "últimos 30 días",
        Msg::NoKeySpend => "Sin gasto",
        Msg::ThisMonth => "este mes",
        Msg::NewDayUtc => "Nuevo día (UTC)",
        Msg::Updating => "Actualizando…",
        Msg::UtcDay => "día UTC",
        Msg::NoSpendLastWeek => "sin gasto en 7 días",
        Msg::FromMonday => "desde el lunes (UTC)",
        Msg::FromTheFirst => "desde el día 1 (UTC)",
        Msg::VsUsualDay => "vs día habitual",
        Msg::YdayVsUsualDay => "ayer vs día habitual",
        Msg::RoseMostYday => "mayor subida ayer",
        Msg::GatheringBaseline => "Reuniendo datos…",
        Msg::SeverityNormal => "Normal",
        Msg::SeveritySpike => "Pico",
        Msg::SeverityCritical => "Crítico",
        Msg::NewThisWeek => "nuevo esta semana",
        Msg::RunwayEmpty => "0 días",
        Msg::NoRecentSpend => "sin gasto reciente",
        Msg::OverAYear => "> 1 año",
        Msg::UnderADay => "< 1 día",
        Msg::PickALimit => "Elige un límite",
        Msg::InSettingsLower => "en ajustes",
        Msg::KeyNotFound => "Clave no encontrada",
        Msg::PickAnotherInSettings => "Elige de nuevo",
        Msg::WorkspaceNotFound => "Espacio no encontrado",
        Msg::NoLimitSet => "Sin límite fijado",
        Msg::TapToSetOne => "Pulsa para fijarlo",
        Msg::NoBudgetSet => "Sin presupuesto",
        Msg::KeyDisabled => "Desactivada",
        Msg::TapToOpenIt => "Pulsa para abrirla",
        Msg::CaptionLimit => "límite",
        Msg::CaptionReached => "agotado",
        Msg::CaptionLeft => "restante",
        Msg::CaptionSpent => "gastado",
        Msg::NoReset => "sin reinicio",
        Msg::IntervalDaily => "diario",
        Msg::IntervalWeekly => "semanal",
        Msg::IntervalMonthly => "mensual",
        Msg::IntervalLifetime => "total",
        Msg::DefaultAccount => "Predeterminada",
        Msg::UnnamedModel => "(modelo sin nombre)",
        Msg::NameBalance => "Saldo",
        Msg::NameTopModels => "Top modelos",
        Msg::NameMonthlySpend => "Gasto mensual",
        Msg::NameSpikeAlert => "Alerta de pico",
        Msg::NameToday => "Hoy",
        Msg::NameBudget => "Presupuesto",
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
        Phrase::HeaderUsed { span: s } => format!("USADO · {}", span(s)),
        Phrase::HeaderUsedPercent { span: s } => format!("USADO % · {}", span(s)),
        Phrase::HeaderSince { time } => format!("DESDE {time}"),
        Phrase::HeaderPlace { place, by_key } => {
            format!("#{place} {}", if by_key { "CLAVE" } else { "MODELO" })
        }
        Phrase::Below { amount } => format!("menos de {amount}"),
        Phrase::SourceRetrying { source } => format!("{}: reintentando", text(source)),
        Phrase::RetryIn { minutes } => format!("Reintento en {minutes} min"),
        Phrase::RetryInShort { minutes } => format!("En {minutes} min"),
        Phrase::BadgeWait { minutes } => format!("en {minutes} min"),
        Phrase::Yday { amount } => format!("ayer {amount}"),
        Phrase::YdayChange { amount, change } => format!("ayer {amount} {change}"),
        Phrase::YdayNew { amount } => format!("ayer {amount} · nuevo"),
        Phrase::TodayAmount { amount } => format!("hoy {amount}"),
        Phrase::SinceTime { time } => format!("desde {time}"),
        Phrase::ShareOfUsualDay { percent } => format!("{percent} del día habitual"),
        Phrase::VsUsualWindow {
            weekday,
            from,
            to,
            utc,
        } => format!(
            "vs habitual {} {from}–{to} h{}",
            WEEKDAYS[weekday % 7],
            if utc { " UTC" } else { "" }
        ),
        Phrase::DaysOfThree { days } => format!("{days} de 3 días"),
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("BAJO: quedan {left} · {below}"),
            None => format!("BAJO: quedan {left}"),
        },
        Phrase::ItsUsualDay { ratio } => format!("{ratio} su día habitual"),
        Phrase::YdayAndUsual { yday, usual } => format!("ayer {yday} · habitual {usual}"),
        Phrase::RunwayDays { days } => format!("≈ {days} día{}", if days == 1 { "" } else { "s" }),
        Phrase::LimitReached { amount } => format!("límite {amount} agotado"),
        Phrase::LeftOf { amount } => format!("resto de {amount}"),
        Phrase::SpentOf { amount } => format!("gastado de {amount}"),
        Phrase::Resets { when } => format!("reinicio {when}"),
    }
}

/// CLDR's abbreviated weekdays.
pub(super) const WEEKDAYS: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];

/// CLDR's abbreviated months.
const MONTHS: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];

pub(super) fn day_month(day: u8, month: usize) -> String {
    format!("{day} {}", MONTHS[month])
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    format!("{weekday}, {day} {}", MONTHS[month])
}
