//! Any bytes, any status, any Retry-After: classification never panics, and whatever it accepts is
//! sane (finite, non-negative amounts).
#![no_main]
use libfuzzer_sys::fuzz_target;
use openbalance_core::openrouter::{
    classify, error_message, Endpoint, Fetched, WorkspaceId, MAX_MESSAGE_CHARS, MAX_ROWS,
};

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let workspace = WorkspaceId::parse("550e8400-e29b-41d4-a716-446655440000");
    let endpoint = match data[0] % 6 {
        0 => Endpoint::Credits,
        1 => Endpoint::Activity,
        2 => Endpoint::Key,
        3 => Endpoint::Keys { offset: 0, workspace: None },
        4 => Endpoint::Workspaces { offset: 0 },
        _ => match workspace {
            Some(workspace) => Endpoint::Budgets { workspace },
            None => return,
        },
    };
    let status = 100 + (u16::from(data[1]) * 2) % 500;
    let (header, body) = data[2..].split_at(data[2..].len().min(8));
    let retry_after = std::str::from_utf8(header).ok();
    // The error message for the log: bounded, and never a key.
    if let Some(message) = error_message(body) {
        assert!(message.chars().count() <= 3 * MAX_MESSAGE_CHARS);
        // Every `sk-or-` is the marker: no key (nor a cut one) survives.
        assert!(message.match_indices("sk-or-").all(|(at, _)| message[at..].starts_with("sk-or-[redacted]")));
    }
    let sane = |v: f64| v.is_finite() && v >= 0.0;
    match classify(&endpoint, status, retry_after, body) {
        Ok(Fetched::Credits(c)) => assert!(c.total_credits.is_finite() && c.total_usage >= 0.0),
        Ok(Fetched::Activity(a)) => assert!(a.rows.iter().all(|r| sane(r.usage))),
        Ok(Fetched::Keys(page)) => {
            // A page keeps a bounded few, whatever it lists; never a key in a hash.
            assert!(page.keys.len() <= MAX_ROWS);
            assert!(page.keys.iter().all(|k| {
                let u = k.usage;
                [u.daily, u.weekly, u.monthly, u.total].into_iter().all(sane)
                    && k.limit.as_ref().is_none_or(|l| sane(l.limit))
                    && k.hash.as_ref().is_none_or(|h| !h.as_str().starts_with("sk-"))
            }));
        }
        Ok(Fetched::Budgets(b)) => assert!(b.budgets.iter().all(|b| sane(b.limit))),
        Ok(Fetched::Workspaces(_)) | Ok(Fetched::Key(_)) | Err(_) => {}
    }
});
