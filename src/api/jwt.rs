//! Reading a bearer token's claims to show whose it is and when it expires.
//!
//! Nothing here verifies a signature: the backend does that. The token itself is never part of
//! what this module returns, so its output is safe to show.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

/// What the portal shows about a token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenInfo {
    /// The best name for the holder: user name, email, client id or subject, in that order.
    pub holder: Option<String>,
    /// Expiry (`exp`), Unix seconds.
    pub expires_at: Option<i64>,
    /// Issue time (`iat`), Unix seconds.
    pub issued_at: Option<i64>,
    /// Issuer (`iss`).
    pub issuer: Option<String>,
    /// Scopes, whether the token lists them as an array or a space-separated string.
    pub scopes: Vec<String>,
}

#[derive(Deserialize)]
struct Claims {
    user_name: Option<String>,
    email: Option<String>,
    client_id: Option<String>,
    sub: Option<String>,
    exp: Option<f64>,
    iat: Option<f64>,
    iss: Option<String>,
    scope: Option<Scope>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scope {
    List(Vec<String>),
    Spaced(String),
}

/// Reads the claims of a JWT; `None` for an opaque token (e.g. an Apinizer personal API token).
pub fn read_token(token: &str) -> Option<TokenInfo> {
    let mut parts = token.trim().split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    // Some issuers pad base64url; the JWT spec says not to. Accept both.
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Claims = serde_json::from_slice(&bytes).ok()?;
    let scopes = match claims.scope {
        Some(Scope::List(list)) => list,
        Some(Scope::Spaced(text)) => text.split_whitespace().map(String::from).collect(),
        None => Vec::new(),
    };
    Some(TokenInfo {
        holder: claims
            .user_name
            .or(claims.email)
            .or(claims.client_id)
            .or(claims.sub),
        expires_at: claims.exp.map(|t| t as i64),
        issued_at: claims.iat.map(|t| t as i64),
        issuer: claims.iss,
        scopes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // The access token of recorded/sap-xsuaa-token-client-credentials-200.txt (a real XSUAA answer).
    const XSUAA: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiJmNTk2YzMxY2ExOWI0ODNiOTYwZGU2OWUzNzYyMDE3MCIsImV4dF9hdHRyIjp7ImVuaGFuY2VyIjoiWFNVQUEiLCJzZXJ2aWNlaW5zdGFuY2VpZCI6ImQxZDMxNWRjLTkwNTAtNDkxYi05NThkLWE0ZWE1MzgzNjM2YSJ9LCJzdWIiOiJzYi1kMWQzMTVkYy05MDUwLTQ5MWItOTU4ZC1hNGVhNTM4MzYzNmEhYjM1fGVkLXNiLWV4Y2lzZV9kdXR5IWIzNSIsImF1dGhvcml0aWVzIjpbInVhYS5yZXNvdXJjZSJdLCJzY29wZSI6WyJ1YWEucmVzb3VyY2UiXSwiY2xpZW50X2lkIjoic2ItZDFkMzE1ZGMtOTA1MC00OTFiLTk1OGQtYTRlYTUzODM2MzZhIWIzNXxlZC1zYi1leGNpc2VfZHV0eSFiMzUiLCJjaWQiOiJzYi1kMWQzMTVkYy05MDUwLTQ5MWItOTU4ZC1hNGVhNTM4MzYzNmEhYjM1fGVkLXNiLWV4Y2lzZV9kdXR5IWIzNSIsImF6cCI6InNiLWQxZDMxNWRjLTkwNTAtNDkxYi05NThkLWE0ZWE1MzgzNjM2YSFiMzV8ZWQtc2ItZXhjaXNlX2R1dHkhYjM1IiwiZ3JhbnRfdHlwZSI6ImNsaWVudF9jcmVkZW50aWFscyIsInJldl9zaWciOiIxNjcyMWYwNSIsImlhdCI6MTUwNDA4NTczNywiZXhwIjoxNTA0MTI4OTM3LCJpc3MiOiJodHRwOi8vc2FwLWljZi5sb2NhbGhvc3Q6ODA4MC91YWEvb2F1dGgvdG9rZW4iLCJ6aWQiOiJzYXAtaWNmIiwiYXVkIjpbInVhYSIsInNiLWQxZDMxNWRjLTkwNTAtNDkxYi05NThkLWE0ZWE1MzgzNjM2YSFiMzV8ZWQtc2ItZXhjaXNlX2R1dHkhYjM1Il19.SIGNATURE-REDACTED";

    #[test]
    fn reads_a_real_xsuaa_client_credentials_token() {
        let info = read_token(XSUAA).expect("a JWT");
        assert_eq!(
            info.holder.as_deref(),
            Some("sb-d1d315dc-9050-491b-958d-a4ea5383636a!b35|ed-sb-excise_duty!b35")
        );
        assert_eq!(info.expires_at, Some(1_504_128_937));
        assert_eq!(info.issued_at, Some(1_504_085_737));
        assert_eq!(info.scopes, ["uaa.resource"]);
    }

    #[test]
    fn prefers_the_user_name_and_reads_spaced_scopes() {
        let payload =
            URL_SAFE_NO_PAD.encode(r#"{"user_name":"ada@example.com","sub":"x","scope":"a b"}"#);
        let info = read_token(&format!("h.{payload}.s")).expect("a JWT");
        assert_eq!(info.holder.as_deref(), Some("ada@example.com"));
        assert_eq!(info.scopes, ["a", "b"]);
        assert_eq!(info.expires_at, None);
    }

    #[test]
    fn opaque_or_broken_tokens_are_not_read() {
        for token in ["demo-apinizer-token", "a.b", "a.!!!.c", "a.e30.c.d", ""] {
            assert_eq!(read_token(token), None, "{token}");
        }
        // `{}` is a valid but empty claim set.
        assert_eq!(read_token("a.e30.c"), Some(TokenInfo::default()));
    }
}
