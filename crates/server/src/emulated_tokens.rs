//! The bearer tokens of the emulated backends (`--demo`), not the portal server's own
//! authentication (it has none: it forwards what the page sends). Issuing JWT-shaped tokens,
//! remembering them with their expiry, checking a presented token in constant time, and the
//! Basic credentials of the emulated token endpoints.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use subtle::{Choice, ConstantTimeEq};

/// Seconds since the Unix epoch.
pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// What a request's `Authorization` header amounts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    /// Known and not expired; carries the client the token was issued to.
    Valid { client_id: String },
    /// No `Authorization: Bearer …` header at all.
    Missing,
    /// A token this backend never issued.
    Unknown,
    /// A token this backend issued whose expiry has passed.
    Expired,
}

#[derive(Debug, Clone)]
struct IssuedToken {
    token: String,
    client_id: String,
    /// Seconds since the epoch; `None` never expires (a personal API token).
    expires_at: Option<u64>,
}

/// The tokens one backend has issued. Lookups compare against every stored token in constant time,
/// so the time taken says nothing about how much of a guess matched.
#[derive(Debug, Default)]
pub struct TokenStore {
    tokens: Mutex<Vec<IssuedToken>>,
}

/// More than any demo or test run issues; beyond it the oldest expired tokens are dropped.
const MAX_TOKENS: usize = 10_000;

impl TokenStore {
    pub fn remember(&self, token: String, client_id: &str, expires_at: Option<u64>) {
        let mut tokens = self.lock();
        if tokens.len() >= MAX_TOKENS {
            let now = now_secs();
            tokens.retain(|t| t.expires_at.is_none_or(|exp| exp > now));
            if tokens.len() >= MAX_TOKENS {
                tokens.remove(0);
            }
        }
        tokens.push(IssuedToken {
            token,
            client_id: client_id.to_owned(),
            expires_at,
        });
    }

    pub fn check(&self, headers: &HeaderMap) -> TokenCheck {
        let Some(presented) = bearer_token(headers) else {
            return TokenCheck::Missing;
        };
        let now = now_secs();
        let tokens = self.lock();
        let mut found: Option<&IssuedToken> = None;
        let mut any = Choice::from(0);
        // No early exit: every stored token is compared whatever matched before.
        for stored in tokens.iter() {
            let hit = stored.token.as_bytes().ct_eq(presented.as_bytes());
            any |= hit;
            if bool::from(hit) {
                found = Some(stored);
            }
        }
        match found {
            Some(t) if bool::from(any) => {
                if t.expires_at.is_some_and(|exp| exp <= now) {
                    TokenCheck::Expired
                } else {
                    TokenCheck::Valid {
                        client_id: t.client_id.clone(),
                    }
                }
            }
            _ => TokenCheck::Unknown,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<IssuedToken>> {
        // A panic while holding the lock leaves a plain Vec behind: still usable.
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The token of `Authorization: Bearer <token>` (scheme case-insensitive), if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// `(user, password)` of `Authorization: Basic …`, if present and well-formed.
pub fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    // RFC 6749 2.3.1: client id and secret are form-encoded before Basic encoding.
    Some((form_decode(user), form_decode(password)))
}

fn form_decode(s: &str) -> String {
    form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_owned())
}

/// Constant-time equality of two secrets.
pub fn secret_eq(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// A JWT-shaped token: real base64url header and claims, a random signature part. The portal
/// decodes the claims without verifying; nothing verifies the signature.
pub fn jwt_shaped(alg: &str, claims: &serde_json::Value) -> String {
    let header = serde_json::json!({ "alg": alg, "typ": "JWT" });
    let signature = [
        uuid::Uuid::new_v4().into_bytes(),
        uuid::Uuid::new_v4().into_bytes(),
    ]
    .concat();
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// A fixed, deterministic JWT-shaped token (the demo's ready-made ones): same input, same token.
pub fn jwt_shaped_fixed(alg: &str, claims: &serde_json::Value, signature_seed: &str) -> String {
    let header = serde_json::json!({ "alg": alg, "typ": "JWT" });
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(signature_seed.repeat(2))
    )
}

/// A fresh 32-hex-digit id, as XSUAA's `jti`.
pub fn hex_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_auth(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(value).expect("header"),
        );
        headers
    }

    #[test]
    fn known_unknown_expired_and_missing_tokens() {
        let store = TokenStore::default();
        store.remember("good".into(), "me", Some(now_secs() + 60));
        store.remember("old".into(), "me", Some(now_secs().saturating_sub(1)));
        store.remember("forever".into(), "me", None);
        assert_eq!(
            store.check(&with_auth("Bearer good")),
            TokenCheck::Valid {
                client_id: "me".into()
            }
        );
        assert_eq!(
            store.check(&with_auth("bearer forever")),
            TokenCheck::Valid {
                client_id: "me".into()
            }
        );
        assert_eq!(store.check(&with_auth("Bearer old")), TokenCheck::Expired);
        assert_eq!(store.check(&with_auth("Bearer goo")), TokenCheck::Unknown);
        assert_eq!(
            store.check(&with_auth("Basic Z29vZA==")),
            TokenCheck::Missing
        );
        assert_eq!(store.check(&HeaderMap::new()), TokenCheck::Missing);
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        // "sb-x!b1|app!b2:s%3Acret" base64
        let encoded =
            base64::engine::general_purpose::STANDARD.encode("sb-x%21b1%7Capp%21b2:s%3Acret");
        let headers = with_auth(&format!("Basic {encoded}"));
        assert_eq!(
            basic_credentials(&headers),
            Some(("sb-x!b1|app!b2".into(), "s:cret".into()))
        );
    }

    #[test]
    fn jwt_shape_has_three_base64url_parts() {
        let token = jwt_shaped("RS256", &serde_json::json!({"exp": 1}));
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims = URL_SAFE_NO_PAD.decode(parts[1]).expect("base64url");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&claims).expect("json")["exp"],
            1
        );
    }
}
