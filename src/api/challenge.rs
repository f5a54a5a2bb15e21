//! The authentication challenge of a 401, in words.
//!
//! A backend's `WWW-Authenticate` (RFC 9110 §11.6.1) never reaches the page as such: with
//! `Basic` the browser would hold the 401 for its own login prompt, which the page cannot see.
//! `portal-server` passes the challenge on as `X-Portal-Upstream-Authenticate` instead, and the
//! page says what was refused: the client id and secret (a login), or the token.

use super::http::RawResponse;

/// The response header `portal-server` moves `WWW-Authenticate` to.
pub const UPSTREAM_AUTHENTICATE: &str = "x-portal-upstream-authenticate";

/// The first challenge of a `WWW-Authenticate` value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Challenge {
    /// The auth-scheme, as written (`Basic`, `Bearer`, …).
    pub scheme: String,
    pub realm: Option<String>,
    /// RFC 6750 §3: `error` and `error_description` of a Bearer challenge (XSUAA sends them with
    /// Basic too).
    pub error: Option<String>,
    pub error_description: Option<String>,
}

impl Challenge {
    /// A scheme that asks for a user name and password (or client id and secret), not a token.
    pub fn asks_for_login(&self) -> bool {
        !self.scheme.eq_ignore_ascii_case("bearer")
    }
}

/// Reads the first challenge: `scheme [token68 | param=value, …]` (RFC 9110 §11.2, §11.6.1;
/// quoted values per §5.6.4). Parameters of a later challenge are not mixed in.
pub fn parse_challenge(value: &str) -> Option<Challenge> {
    let value = value.trim_start();
    let scheme_end = value
        .find(|c: char| c.is_whitespace() || c == ',')
        .unwrap_or(value.len());
    let (scheme, mut rest) = value.split_at_checked(scheme_end)?;
    if scheme.is_empty() || scheme.contains('=') {
        return None;
    }
    let mut challenge = Challenge {
        scheme: scheme.to_string(),
        ..Challenge::default()
    };
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        let Some((name, after_name)) = rest.split_once('=') else {
            break;
        };
        let name = name.trim();
        // A name with a space in it is the next challenge's scheme and its first parameter.
        if name.is_empty() || name.contains(char::is_whitespace) {
            break;
        }
        let after_name = after_name.trim_start();
        let (param, after_value) = match after_name.strip_prefix('"') {
            Some(quoted) => read_quoted(quoted),
            None => {
                let end = after_name.find(',').unwrap_or(after_name.len());
                let (token, after) = after_name.split_at_checked(end)?;
                (token.trim().to_string(), after)
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "realm" => challenge.realm = Some(param),
            "error" => challenge.error = Some(param),
            "error_description" => challenge.error_description = Some(param),
            _ => {}
        }
        rest = after_value;
    }
    Some(challenge)
}

/// A quoted-string's content (after its opening quote) and what follows its closing quote; an
/// unterminated one runs to the end.
fn read_quoted(text: &str) -> (String, &str) {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => return (value, text.get(at + 1..).unwrap_or_default()),
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    value.push(escaped);
                }
            }
            other => value.push(other),
        }
    }
    (value, "")
}

/// What a 401 refused, as far as its challenge tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A login (client id and secret, user name and password) was refused.
    Login { realm: Option<String> },
    /// A token was refused; `reason` is the backend's description, if it gave one.
    Token { reason: Option<String> },
}

/// The refusal of a 401 carrying the challenge header; `None` for any other answer.
pub fn refusal(response: &RawResponse) -> Option<Refusal> {
    if response.status != 401 {
        return None;
    }
    let challenge = parse_challenge(response.upstream_authenticate.as_deref()?)?;
    let reason = challenge
        .error_description
        .clone()
        .or_else(|| challenge.error.clone())
        .filter(|r| !r.trim().is_empty());
    Some(if challenge.asks_for_login() {
        Refusal::Login {
            realm: challenge.realm,
        }
    } else {
        Refusal::Token { reason }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unauthorized(challenge: Option<&str>) -> RawResponse {
        RawResponse {
            status: 401,
            content_type: "application/json".into(),
            body: String::new(),
            upstream_authenticate: challenge.map(String::from),
        }
    }

    #[test]
    fn reads_xsuaas_basic_challenge() {
        let challenge = parse_challenge(
            r#"Basic realm="UAA/client", error="unauthorized", error_description="Bad credentials""#,
        )
        .expect("challenge");
        assert_eq!(challenge.scheme, "Basic");
        assert_eq!(challenge.realm.as_deref(), Some("UAA/client"));
        assert_eq!(challenge.error.as_deref(), Some("unauthorized"));
        assert_eq!(
            challenge.error_description.as_deref(),
            Some("Bad credentials")
        );
        assert!(challenge.asks_for_login());
    }

    #[test]
    fn reads_bearer_tokens_quotes_and_only_the_first_challenge() {
        let challenge =
            parse_challenge(r#"Bearer realm="a \"b\"", error=invalid_token, Basic realm="second""#)
                .expect("challenge");
        assert_eq!(challenge.realm.as_deref(), Some(r#"a "b""#));
        assert_eq!(challenge.error.as_deref(), Some("invalid_token"));
        assert!(!challenge.asks_for_login());
        assert_eq!(
            parse_challenge("Negotiate").map(|c| c.scheme),
            Some("Negotiate".into())
        );
        assert_eq!(
            parse_challenge(r#"basic realm="cut"#).and_then(|c| c.realm),
            Some("cut".into())
        );
        for broken in ["", "   ", "=x", "realm=\"x\""] {
            assert_eq!(parse_challenge(broken), None, "{broken:?}");
        }
        // Whatever the bytes, no panic.
        for odd in [
            "é=\"",
            "Basic é",
            "Basic a=\"\\",
            "Basic a=,b",
            "Basic ,,,=,",
        ] {
            let _ = parse_challenge(odd);
        }
    }

    #[test]
    fn a_401_with_a_login_challenge_is_a_refused_login() {
        assert_eq!(
            refusal(&unauthorized(Some(r#"Basic realm="UAA/client""#))),
            Some(Refusal::Login {
                realm: Some("UAA/client".into())
            })
        );
        assert_eq!(
            refusal(&unauthorized(Some(
                r#"Bearer error="invalid_token", error_description="The token expired""#
            ))),
            Some(Refusal::Token {
                reason: Some("The token expired".into())
            })
        );
        assert_eq!(refusal(&unauthorized(None)), None);
        let mut forbidden = unauthorized(Some("Basic"));
        forbidden.status = 403;
        assert_eq!(refusal(&forbidden), None);
    }
}
