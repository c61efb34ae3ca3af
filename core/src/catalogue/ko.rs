//! 한국어. 용어는 docs/glossary.md: 잔액, 사용액, 키 (API 키, OpenRouter의 Management Key는 「관리 키」), 워크스페이스, 한도, 설정.

use super::{Msg, Phrase, Span};

pub(super) fn text(m: Msg) -> &'static str {
    match m {
        Msg::HeaderBalance => "잔액",
        Msg::HeaderBalanceSmall => "잔액",
        Msg::HeaderTopModels => "상위 모델",
        Msg::HeaderMonthlySpend => "30일 사용액",
        Msg::HeaderSpikeAlert => "급증 알림",
        Msg::HeaderToday => "오늘",
        Msg::HeaderTodaySmall => "오늘",
        Msg::HeaderBudget => "예산",
        Msg::HeaderBudgetSmall => "예산",
        Msg::HeaderLowBalance => "잔액 부족",
        Msg::HeaderLowBalanceSmall => "잔액 부족",
        Msg::HeaderRunway => "남은 기간",
        Msg::HeaderRunwaySmall => "남은 날",
        Msg::HeaderTopKeys => "상위 키",
        Msg::HeaderModelsSmall => "모델",
        Msg::HeaderThirtyDaysSmall => "30일",
        Msg::HeaderSpikesSmall => "급증",
        Msg::HeaderTodayUtc => "오늘 · UTC",
        Msg::HeaderAcknowledged => "확인함",
        Msg::HeaderSeen => "확인",
        Msg::HeaderThisWeek => "이번 주",
        Msg::HeaderThisMonth => "이번 달",
        Msg::HeaderYdayByModel => "어제 · 모델별",
        Msg::Period7D => "7일",
        Msg::Period30D => "30일",
        Msg::PeriodAllTime => "전체",
        Msg::Preparing => "준비 중…",
        Msg::NoKeyYet => "아직 키 없음",
        Msg::InSettings => "설정에서",
        Msg::AddItInSettings => "설정에서 추가하세요",
        Msg::CheckingKey => "키 확인 중…",
        Msg::KeyRejected => "키 거부됨",
        Msg::TapForHelp => "눌러서 도움말 보기",
        Msg::WrongKeyType => "잘못된 키 유형",
        Msg::NotManagementKey => "관리 키가 아님",
        Msg::NoAccount => "계정 없음",
        Msg::PickOneInSettings => "설정에서 선택하세요",
        Msg::Retrying => "재시도 중",
        Msg::SourceActivity => "활동",
        Msg::SourceApiKeys => "API 키",
        Msg::Offline => "오프라인",
        Msg::CantReachOpenRouter => "OpenRouter 연결 불가",
        Msg::OpenRouterTimedOut => "OpenRouter 시간 초과",
        Msg::RateLimited => "요청 한도 초과",
        Msg::RetryingSoon => "곧 재시도",
        Msg::OpenRouterError => "OpenRouter 오류",
        Msg::UnexpectedAnswer => "예상치 못한 응답",
        Msg::BadgeOffline => "오프라인",
        Msg::BadgeStale => "오래됨",
        Msg::NoSpendYday => "어제 사용 없음",
        Msg::NoActivity => "사용 없음",
        Msg::InThirtyDays => "30일간",
        Msg::NoActivityYet => "아직 사용 없음",
        Msg::InTheLastThirtyDays => "최근 30일간",
        Msg::LastThirtyDays => "최근 30일",
        Msg::NoKeySpend => "키 사용 없음",
        Msg::ThisMonth => "이번 달",
        Msg::NewDayUtc => "날짜 변경 (UTC)",
        Msg::Updating => "업데이트 중…",
        Msg::UtcDay => "UTC 기준",
        Msg::NoSpendLastWeek => "지난주 사용 없음",
        Msg::FromMonday => "월요일부터 (UTC)",
        Msg::FromTheFirst => "1일부터 (UTC)",
        Msg::VsUsualDay => "평소 하루 대비",
        Msg::YdayVsUsualDay => "어제, 평소 하루 대비",
        Msg::RoseMostYday => "어제 최대 증가",
        Msg::GatheringBaseline => "기준 데이터 수집 중…",
        Msg::SeverityNormal => "정상",
        Msg::SeveritySpike => "급증",
        Msg::SeverityCritical => "위험",
        Msg::NewThisWeek => "이번 주 신규",
        Msg::RunwayEmpty => "0일",
        Msg::NoRecentSpend => "최근 사용 없음",
        Msg::OverAYear => "1년 이상",
        Msg::UnderADay => "1일 미만",
        Msg::PickALimit => "한도 선택",
        Msg::InSettingsLower => "설정에서",
        Msg::KeyNotFound => "키를 찾을 수 없음",
        Msg::PickAnotherInSettings => "설정에서 다시 선택",
        Msg::WorkspaceNotFound => "워크스페이스 없음",
        Msg::NoLimitSet => "한도 미설정",
        Msg::TapToSetOne => "눌러서 설정",
        Msg::NoBudgetSet => "예산 미설정",
        Msg::KeyDisabled => "키 비활성화됨",
        Msg::TapToOpenIt => "눌러서 열기",
        Msg::CaptionLimit => "한도",
        Msg::CaptionReached => "도달",
        Msg::CaptionLeft => "남음",
        Msg::CaptionSpent => "사용",
        Msg::NoReset => "초기화 없음",
        Msg::IntervalDaily => "매일",
        Msg::IntervalWeekly => "매주",
        Msg::IntervalMonthly => "매월",
        Msg::IntervalLifetime => "평생",
        Msg::DefaultAccount => "기본",
        Msg::UnnamedModel => "(이름 없는 모델)",
        Msg::NameBalance => "잔액",
        Msg::NameTopModels => "상위 모델",
        Msg::NameMonthlySpend => "월간 사용액",
        Msg::NameSpikeAlert => "급증 알림",
        Msg::NameToday => "오늘",
        Msg::NameBudget => "예산",
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
        Phrase::HeaderUsed { span: s } => format!("사용액 · {}", span(s)),
        Phrase::HeaderUsedPercent { span: s } => format!("사용률 · {}", span(s)),
        Phrase::HeaderSince { time } => format!("{time}부터"),
        Phrase::HeaderPlace { place, by_key } => {
            format!("{place}{}", if by_key { "위 키" } else { "위 모델" })
        }
        Phrase::Below { amount } => format!("{amount} 미만"),
        Phrase::SourceRetrying { source } => format!("{}: 재시도 중", text(source)),
        Phrase::RetryIn { minutes } => format!("{minutes}분 후 재시도"),
        Phrase::RetryInShort { minutes } => format!("{minutes}분 후"),
        Phrase::BadgeWait { minutes } => format!("대기 {minutes}분"),
        Phrase::Yday { amount } => format!("어제 {amount}"),
        Phrase::YdayChange { amount, change } => format!("어제 {amount} {change}"),
        Phrase::YdayNew { amount } => format!("어제 {amount} · 신규"),
        Phrase::TodayAmount { amount } => format!("오늘 {amount}"),
        Phrase::SinceTime { time } => format!("{time}부터"),
        Phrase::ShareOfUsualDay { percent } => format!("평소 하루의 {percent}"),
        Phrase::VsUsualWindow {
            weekday,
            from,
            to,
            utc,
        } => {
            let wd = WEEKDAYS[weekday % 7];
            let zone = if utc { " UTC" } else { "" };
            format!("평소 {wd} {from}–{to}시 대비{zone}")
        }
        Phrase::DaysOfThree { days } => format!("3일 중 {days}일"),
        Phrase::LowLeft { left, below } => match below {
            Some(below) => format!("부족: {left} 남음 · {below}"),
            None => format!("부족: {left} 남음"),
        },
        Phrase::ItsUsualDay { ratio } => format!("평소의 {ratio}"),
        Phrase::YdayAndUsual { yday, usual } => format!("어제 {yday} · 평소 하루 {usual}"),
        Phrase::RunwayDays { days } => format!("약 {days}일"),
        Phrase::LimitReached { amount } => format!("한도 {amount} 도달"),
        Phrase::LeftOf { amount } => format!("{amount} 중 남음"),
        Phrase::SpentOf { amount } => format!("{amount} 중 사용"),
        Phrase::Resets { when } => format!("{when} 초기화"),
    }
}

/// Weekdays as a date says them after a time or alone ("火曜", "화요일", "周二"); a date in
/// brackets takes the first character ("11月18日(火)").
pub(super) const WEEKDAYS: [&str; 7] = [
    "월요일",
    "화요일",
    "수요일",
    "목요일",
    "금요일",
    "토요일",
    "일요일",
];

pub(super) fn day_month(day: u8, month: usize) -> String {
    let m = month + 1;
    format!("{m}월 {day}일")
}

pub(super) fn short_date(weekday: &str, day: u8, month: usize) -> String {
    let m = month + 1;
    let w0: String = weekday.chars().take(1).collect();
    format!("{m}월 {day}일 ({w0})")
}
