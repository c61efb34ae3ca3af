//! OpenRouter's wire formats, parsed purely: the shell hands over a status, a `Retry-After` header
//! and the body bytes, and gets back typed data or an [`ApiError`] that says what went wrong.

mod activity;
mod body;
mod credits;
mod error;
mod key_info;
mod keys;
mod response;
mod workspaces;

pub use activity::{activity_day, parse_activity, Activity, ActivityRow, Skipped, NO_MODEL};
pub use credits::{parse_credits, Credits};
pub use error::{ApiError, BodyError, RetryAfter};
pub use key_info::{parse_key_info, KeyInfo};
pub use keys::{
    parse_keys, KeyHash, KeyLimit, KeyRow, KeysPage, Usage, KEYS_PAGE, MAX_ROWS, UNNAMED_KEY,
};
pub use response::{
    classify, error_message, parse_retry_after, retry_after_millis, Endpoint, Fetched,
    MAX_MESSAGE_CHARS,
};
pub use workspaces::{
    parse_budgets, parse_workspaces, Budget, Budgets, Interval, Workspace, WorkspaceId,
    WorkspacesPage, WORKSPACES_PAGE,
};

/// The default API base; the shell may override it with `OPENBALANCE_API_BASE`.
pub const DEFAULT_API_BASE: &str = "https://openrouter.ai/api/v1";
