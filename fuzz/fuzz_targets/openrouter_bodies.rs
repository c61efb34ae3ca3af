//! Any bytes, any status, any Retry-After: classification never panics, and whatever it accepts is
//! sane (finite, non-negative amounts).
#![no_main]
use libfuzzer_sys::fuzz_target;
use openbalance_core::openrouter::{classify, error_message, Endpoint, Fetched, MAX_MESSAGE_CHARS};

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let endpoint = [
        Endpoint::Credits,
        Endpoint::Activity,
        Endpoint::Key,
        Endpoint::Keys { offset: 0 },
    ][data[0] as usize % 4];
    let status = 100 + (u16::from(data[1]) * 2) % 500;
    let (header, body) = data[2..].split_at(data[2..].len().min(8));
    let retry_after = std::str::from_utf8(header).ok();
    // The error message for the log: bounded, and never a key.
    if let Some(message) = error_message(body) {
        assert!(message.chars().count() <= 3 * MAX_MESSAGE_CHARS);
        // Every `sk-or-` is the marker: no key (nor a cut one) survives.
        assert!(message.match_indices("sk-or-").all(|(at, _)| message[at..].starts_with("sk-or-[redacted]")));
    }
    match classify(endpoint, status, retry_after, body) {
        Ok(Fetched::Credits(c)) => assert!(c.total_credits.is_finite() && c.total_usage >= 0.0),
        Ok(Fetched::Activity(a)) => assert!(a.rows.iter().all(|r| r.usage.is_finite() && r.usage >= 0.0)),
        Ok(Fetched::Keys(page)) => assert!(page
            .keys
            .iter()
            .all(|k| [k.daily, k.weekly, k.monthly].iter().all(|v| v.is_finite() && *v >= 0.0))),
        Ok(Fetched::Key(_)) | Err(_) => {}
    }
});
