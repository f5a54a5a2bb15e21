//! SAP's error answers in words: OData JSON (`{"error":{"code","message":{"lang","value"}}}`),
//! OData XML (`<error><code/><message/></error>`), XSUAA's `{error, error_description}`, an
//! API proxy fault, an HTML page from something in front of the tenant, plain text, or nothing.

use serde_json::Value;

use super::atom::unescape;
use crate::api::challenge::{refusal, Refusal};
use crate::api::http::RawResponse;
use crate::api::problem::Problem;

/// What the status means before the body is read.
pub(super) fn status_words(status: u16) -> &'static str {
    match status {
        200..=299 => "The backend answered, but not as expected.",
        400 => "SAP API Management refused the request.",
        401 => "The token was refused (expired, revoked or not for this tenant).",
        403 => {
            "This service key's role may not do this (the self-service key needs the role \
                APIManagement.SelfService.Administrator)."
        }
        404 => "Nothing is found at this path.",
        408 | 504 => "The backend did not answer in time.",
        429 => "Too many requests: wait a moment and try again.",
        502 | 503 => "The portal server got no usable answer from the backend.",
        500..=599 => "The backend failed while processing the request.",
        _ => "The backend answered with an unexpected status.",
    }
}

/// The text between `<…name…>` and `</…name>`, any namespace prefix. Cuts only at delimiters
/// found in the text (`split_once`), so a malformed page cannot make it panic.
fn xml_text(xml: &str, local: &str) -> Option<String> {
    let mut rest = xml;
    while let Some((_, after_lt)) = rest.split_once('<') {
        let (tag, content) = after_lt.split_once('>')?;
        let name = tag.split_whitespace().next().unwrap_or("");
        if !name.starts_with('/') && name.rsplit(':').next() == Some(local) {
            let (text, _) = content.split_once("</")?;
            let text = unescape(text);
            return (!text.is_empty()).then_some(text);
        }
        rest = content;
    }
    None
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `limit` characters, with "…" when cut.
fn cut(text: &str, limit: usize) -> String {
    let mut chars = text.chars();
    let kept: String = chars.by_ref().take(limit).collect();
    if chars.next().is_some() {
        format!("{kept}…")
    } else {
        kept
    }
}

/// `(code, message)` from a JSON error body.
fn json_error(value: &Value) -> Option<(Option<String>, String)> {
    if let Some(error) = value.get("error") {
        if let Some(code) = error.as_str() {
            // XSUAA / OAuth: {"error": "...", "error_description": "..."}
            let text = value
                .get("error_description")
                .and_then(Value::as_str)
                .unwrap_or(code);
            return Some((Some(code.to_string()), text.to_string()));
        }
        let code = error.get("code").and_then(Value::as_str).map(String::from);
        let message = error.get("message").and_then(|m| {
            m.get("value")
                .and_then(Value::as_str)
                .or_else(|| m.as_str())
                .map(String::from)
        });
        if code.is_some() || message.is_some() {
            return Some((code, message.unwrap_or_default()));
        }
    }
    // An API proxy policy fault: {"fault":{"faultstring":"…","detail":{"errorcode":"…"}}}
    if let Some(fault) = value.get("fault") {
        let message = fault.get("faultstring").and_then(Value::as_str)?;
        let code = fault
            .get("detail")
            .and_then(|d| d.get("errorcode"))
            .and_then(Value::as_str)
            .map(String::from);
        return Some((code, message.to_string()));
    }
    None
}

/// Turns any answer into a problem: the status in words (for a 401, what its challenge says was
/// refused), then what the body says.
pub fn describe_error(response: &RawResponse) -> Problem {
    let status = response.status;
    let refused = refusal(response);
    let lead = match &refused {
        Some(Refusal::Login { realm }) => match realm {
            Some(realm) => format!("The client id or secret was refused (realm “{realm}”)."),
            None => "The client id or secret was refused.".to_string(),
        },
        Some(Refusal::Token {
            reason: Some(reason),
        }) => format!("The token was refused: {reason}."),
        _ => status_words(status).to_string(),
    };
    let body = response.body.trim_start_matches('\u{feff}').trim();
    let lower_type = response.content_type.to_ascii_lowercase();

    let (code, detail) = if body.is_empty() {
        (None, "The answer had no body.".to_string())
    } else if body.starts_with('{') || body.starts_with('[') {
        match serde_json::from_str::<Value>(body) {
            Ok(value) => match json_error(&value) {
                Some((code, message)) => (code, message),
                None => (None, format!("The answer was: {}", cut(body, 300))),
            },
            Err(_) => (
                None,
                "The answer is broken JSON (cut off or malformed).".to_string(),
            ),
        }
    } else if lower_type.contains("html")
        || body.get(..15).is_some_and(|s| {
            s.to_ascii_lowercase().starts_with("<!doctype html") || s.starts_with("<html")
        })
    {
        let title = xml_text(body, "title")
            .or_else(|| xml_text(body, "h1"))
            .map(|t| cut(&strip_tags(&t), 120));
        let what = match title {
            Some(title) => format!("an HTML page (“{title}”)"),
            None => "an HTML page".to_string(),
        };
        (
            None,
            format!(
                "The answer is {what}, not an API answer: a gateway, proxy or login page may \
                 stand in front of the tenant."
            ),
        )
    } else if body.starts_with('<') {
        let code = xml_text(body, "code");
        let message = xml_text(body, "message");
        match (&code, message) {
            (None, None) => (
                None,
                "The answer is XML the portal does not recognise.".to_string(),
            ),
            (_, message) => (code, message.unwrap_or_default()),
        }
    } else {
        (None, format!("The answer was: {}", cut(body, 300)))
    };

    // The portal server's own refusals, before anything reached the tenant.
    let lead = match code.as_deref() {
        Some("path_refused" | "method_not_allowed" | "request_too_large") => {
            "The portal server did not forward this request.".to_string()
        }
        _ => lead,
    };
    let message = if detail.is_empty() {
        lead
    } else {
        format!("{lead} {detail}")
    };
    match refused {
        Some(Refusal::Login { .. }) => Problem::login_refused(status, code, message),
        _ => Problem::answered(status, code, message),
    }
}
