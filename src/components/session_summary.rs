//! What both connection sections show about a session: whose token, when it expires, where it is
//! kept, and sign out. Also how a token becomes a session.

use leptos::prelude::*;

use crate::api::jwt::read_token;
use crate::api::reading::format_utc_millis;
use crate::state::clock::{self, Timestamp};
use crate::state::connections::{use_connections, Product, Session};

/// Unix seconds as `2026-11-23 15:46 UTC`. In Rust rather than through `Date.toISOString`,
/// which throws for a time out of its range (a token may claim any `exp`).
pub fn format_time(secs: i64) -> String {
    secs.checked_mul(1000)
        .and_then(format_utc_millis)
        .unwrap_or_else(|| "an unreadable time".into())
}

/// A session for `token`, with whatever its claims tell; `expires_in` (seconds from `now`) when
/// the token itself does not say.
pub fn session_for(
    token: &str,
    expires_in: Option<i64>,
    remembered: bool,
    now: Timestamp,
) -> Session {
    let info = read_token(token);
    let expires_at = info
        .as_ref()
        .and_then(|i| i.expires_at)
        .or_else(|| expires_in.map(|s| now.unix_seconds().saturating_add(s)));
    Session {
        token: token.to_string(),
        subject: info.and_then(|i| i.holder),
        expires_at,
        remembered,
    }
}

/// A pasted token without a leading "Bearer " and surrounding space.
pub fn clean_token(text: &str) -> String {
    let text = text.trim();
    let text = text
        .strip_prefix("Bearer ")
        .or_else(|| text.strip_prefix("bearer "))
        .unwrap_or(text);
    text.trim().to_string()
}

/// A pasted token, cleaned, or what is wrong with it (`what` names the token for the message).
pub fn pasted_token(text: &str, what: &str) -> Result<String, String> {
    let token = clean_token(text);
    if token.is_empty() {
        Err(format!("Paste the {what}."))
    } else if token.chars().any(char::is_whitespace) {
        Err(format!("A token has no spaces: paste the {what} only."))
    } else {
        Ok(token)
    }
}

/// The session of `product`, if any; test ids start with `testid` (e.g. `sap-token-holder`).
#[component]
pub fn SessionSummary(product: Product, #[prop(into)] testid: String) -> impl IntoView {
    let connections = use_connections();
    let session = connections.session(product);
    move || {
        let testid = testid.clone();
        // Read when the summary renders; it renders again when the session changes.
        let now = clock::now().unix_seconds();
        session.get().map(|s| {
            let holder = s
                .subject
                .clone()
                .unwrap_or_else(|| "unknown (the token is not a JWT)".into());
            let expiry = match s.expires_at {
                Some(at) if at <= now => {
                    view! { <span class="badge badge-error">"expired"</span>" at "{format_time(at)}" — get a new token" }
                        .into_any()
                }
                Some(at) => view! { {format_time(at)} }.into_any(),
                None => view! { "unknown" }.into_any(),
            };
            let kept = if s.remembered {
                "on this device (local storage) until you sign out"
            } else {
                "for this browser tab only (session storage)"
            };
            view! {
                <div class="session-info" data-testid=format!("{testid}-session")>
                    <dl class="facts">
                        <dt>"Token of"</dt>
                        <dd data-testid=format!("{testid}-token-holder")>{holder}</dd>
                        <dt>"Expires"</dt>
                        <dd data-testid=format!("{testid}-token-expiry")>{expiry}</dd>
                        <dt>"Kept"</dt>
                        <dd>{kept}</dd>
                    </dl>
                    <button
                        type="button"
                        class="button"
                        data-testid=format!("{testid}-sign-out")
                        on:click=move |_| connections.sign_out(product)
                    >
                        "Sign out"
                    </button>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_tokens_lose_the_bearer_prefix() {
        assert_eq!(clean_token("  Bearer abc.def.ghi \n"), "abc.def.ghi");
        assert_eq!(clean_token("abc"), "abc");
        assert_eq!(pasted_token(" Bearer a.b.c ", "token"), Ok("a.b.c".into()));
        assert!(pasted_token("  ", "token").is_err());
        assert!(pasted_token("two words", "token").is_err());
    }

    #[test]
    fn sessions_read_holder_and_expiry_from_the_token() {
        use base64::Engine;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(r#"{"client_id":"sb-demo","exp":4102444800}"#);
        let epoch = Timestamp::from_unix_millis(0);
        let session = session_for(&format!("h.{payload}.s"), Some(10), true, epoch);
        assert_eq!(session.subject.as_deref(), Some("sb-demo"));
        assert_eq!(session.expires_at, Some(4_102_444_800));
        assert!(session.remembered);
        let opaque = session_for("opaque", Some(60), false, epoch);
        assert_eq!(opaque.expires_at, Some(60));
        // A token that claims the end of time neither wraps nor stops the page.
        let endless = session_for("opaque", Some(i64::MAX), false, epoch);
        assert_eq!(endless.expires_at, Some(i64::MAX));
        let huge = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"exp":1e300}"#);
        let claimed = session_for(&format!("h.{huge}.s"), None, false, epoch);
        assert_eq!(claimed.expires_at, Some(i64::MAX));
    }

    #[test]
    fn times_are_shown_in_utc_and_impossible_ones_in_words() {
        assert_eq!(format_time(4_102_444_800), "2100-01-01 00:00 UTC");
        assert_eq!(format_time(i64::MAX), "an unreadable time");
        assert_eq!(format_time(i64::MIN), "an unreadable time");
    }
}
