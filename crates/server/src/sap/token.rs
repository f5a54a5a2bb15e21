//! XSUAA's client-credentials token endpoint: `POST /oauth/token?grant_type=client_credentials`
//! with HTTP Basic `clientId:clientSecret`, answered like the recorded capture.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Value};

use super::SapEmulation;
use crate::demo_data as demo;
use crate::emulated_tokens::{
    basic_credentials, hex_id, jwt_shaped, jwt_shaped_fixed, now_secs, secret_eq,
};

/// The recorded answer's field order: access_token, token_type, expires_in, scope, ext_attr, jti.
#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
    scope: String,
    ext_attr: Value,
    jti: String,
}

fn ext_attr() -> Value {
    json!({
        "enhancer": "XSUAA",
        "subaccountid": demo::SAP_ZONE_ID,
        "zdn": demo::SAP_SUBACCOUNT,
        "serviceinstanceid": demo::SAP_SERVICE_INSTANCE_ID,
    })
}

/// The two service keys of the demo's `apiportal-apiaccess` instance: `(clientId, clientSecret,
/// scopes)`.
const CLIENTS: [(&str, &str, [&str; 2]); 2] = [
    (
        demo::SAP_CLIENT_ID,
        demo::SAP_CLIENT_SECRET,
        demo::SAP_SCOPES,
    ),
    (
        demo::SAP_ADMIN_CLIENT_ID,
        demo::SAP_ADMIN_CLIENT_SECRET,
        demo::SAP_ADMIN_SCOPES,
    ),
];

fn scopes_of(client_id: &str) -> [&'static str; 2] {
    CLIENTS
        .iter()
        .find(|(id, _, _)| *id == client_id)
        .map(|(_, _, scopes)| *scopes)
        .unwrap_or(demo::SAP_SCOPES)
}

/// The claims of a client-credentials token, shaped like the recorded XSUAA tokens.
fn claims(client_id: &str, jti: &str, iat: u64, exp: u64) -> Value {
    let scopes = scopes_of(client_id);
    json!({
        "jti": jti,
        "ext_attr": ext_attr(),
        "sub": client_id,
        "authorities": scopes,
        "scope": scopes,
        "client_id": client_id,
        "cid": client_id,
        "azp": client_id,
        "grant_type": "client_credentials",
        "rev_sig": &jti[..8.min(jti.len())],
        "iat": iat,
        "exp": exp,
        "iss": demo::SAP_ISSUER,
        "zid": demo::SAP_ZONE_ID,
        "aud": [demo::SAP_XSAPPNAME, "uaa", client_id],
    })
}

/// The demo's ready-made token (valid until 2100); the same on every start.
pub fn ready_token() -> String {
    jwt_shaped_fixed(
        "RS256",
        &claims(
            demo::SAP_CLIENT_ID,
            demo::SAP_READY_TOKEN_JTI,
            demo::SAP_READY_TOKEN_IAT,
            demo::SAP_READY_TOKEN_EXP,
        ),
        "demo-ready-token-signature",
    )
}

/// The administrator key's ready-made token (valid until 2100); the same on every start.
pub fn admin_ready_token() -> String {
    jwt_shaped_fixed(
        "RS256",
        &claims(
            demo::SAP_ADMIN_CLIENT_ID,
            demo::SAP_ADMIN_READY_TOKEN_JTI,
            demo::SAP_READY_TOKEN_IAT,
            demo::SAP_READY_TOKEN_EXP,
        ),
        "demo-admin-ready-token-signature",
    )
}

/// A token the emulated XSUAA issued in 2025 and that has expired.
pub fn expired_token() -> String {
    jwt_shaped_fixed(
        "RS256",
        &claims(
            demo::SAP_CLIENT_ID,
            demo::SAP_EXPIRED_TOKEN_JTI,
            demo::SAP_EXPIRED_TOKEN_IAT,
            demo::SAP_EXPIRED_TOKEN_EXP,
        ),
        "demo-expired-token-signature",
    )
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// 401 as UAA answers bad client credentials.
pub fn bad_credentials() -> Response {
    let mut response = json_response(
        StatusCode::UNAUTHORIZED,
        json!({"error": "unauthorized", "error_description": "Bad credentials"}).to_string(),
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(
            "Basic realm=\"UAA/client\", error=\"unauthorized\", error_description=\"Bad credentials\"",
        ),
    );
    response
}

fn params(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("application/json"));
    // UAA reads form parameters only; a JSON body is ignored.
    if !is_json {
        out.extend(form_urlencoded::parse(body).into_owned());
    }
    out
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub async fn issue(
    State(state): State<Arc<SapEmulation>>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let params = params(&uri, &headers, &body);
    // UAA authenticates the client first (Basic, or client_id/client_secret as form parameters),
    // then looks at the grant.
    let credentials = basic_credentials(&headers).or_else(|| {
        Some((
            param(&params, "client_id")?.to_owned(),
            param(&params, "client_secret")?.to_owned(),
        ))
    });
    let Some((client_id, client_secret)) = credentials else {
        return bad_credentials();
    };
    // Every client's id and secret compared, always: the time taken does not tell which one
    // was wrong, nor which client was meant.
    let mut known = false;
    for (id, secret, _) in CLIENTS {
        let id_ok = secret_eq(&client_id, id);
        let secret_ok = secret_eq(&client_secret, secret);
        known |= id_ok & secret_ok;
    }
    if !known {
        return bad_credentials();
    }
    match param(&params, "grant_type") {
        Some("client_credentials") => {}
        Some(other) => {
            return json_response(
                StatusCode::BAD_REQUEST,
                json!({
                    "error": "unsupported_grant_type",
                    "error_description": format!("Unsupported grant type: {other}"),
                })
                .to_string(),
            )
        }
        None => {
            return json_response(
                StatusCode::BAD_REQUEST,
                json!({"error": "invalid_request", "error_description": "Missing grant type"})
                    .to_string(),
            )
        }
    }

    let iat = now_secs();
    let exp = iat + state.token_lifetime_secs;
    let jti = hex_id();
    let access_token = jwt_shaped("RS256", &claims(&client_id, &jti, iat, exp));
    state
        .tokens
        .remember(access_token.clone(), &client_id, Some(exp));
    let body = TokenResponse {
        access_token,
        token_type: "bearer",
        // XSUAA answers one second less than exp - iat (recorded: 43199 for 43200).
        expires_in: state.token_lifetime_secs.saturating_sub(1),
        scope: scopes_of(&client_id).join(" "),
        ext_attr: ext_attr(),
        jti,
    };
    json_response(
        StatusCode::OK,
        serde_json::to_string(&body).unwrap_or_default(),
    )
}
