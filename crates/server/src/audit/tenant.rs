//! The audit's reads from the tenant: client-credentials tokens for the service keys, and GETs of
//! `Management.svc` with the self-service key first and the administrator key on 403.

use std::time::Duration;

use audit::{odata, StoreCertificate};
use serde_json::Value;

/// The role of the key the portal works with (writes virtual hosts).
pub const SELF_SERVICE_ROLE: &str = "APIManagement.SelfService.Administrator";
/// The role documented for certificate store references; the audit's second key.
pub const ADMIN_ROLE: &str = "APIPortal.Administrator";

/// Answers larger than this are refused (the portal server forwards at most 8 MiB too).
const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

pub use audit::service_key::ServiceKey;

/// A signed-in client of the tenant.
struct Session {
    base: String,
    token: String,
}

pub struct Tenant {
    http: reqwest::Client,
    main: Session,
    admin: Option<Session>,
}

impl Tenant {
    /// Gets a token for each key (client credentials, RFC 6749 §4.4).
    pub async fn connect(key: ServiceKey, admin: Option<ServiceKey>) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| format!("cannot start an HTTP client: {e}"))?;
        let main = session(&http, &key, "service key").await?;
        let admin = match admin {
            Some(key) => Some(session(&http, &key, "administrator service key").await?),
            None => None,
        };
        Ok(Self { http, main, admin })
    }

    /// GETs a list with the service key; on 403, with the administrator key when
    /// `admin_may_read` and one was given.
    pub async fn read_list(&self, path: &str, admin_may_read: bool) -> Result<String, String> {
        let (status, body) = get(&self.http, &self.main, path).await?;
        if status == 403 && admin_may_read {
            if let Some(admin) = &self.admin {
                let (status, body) = get(&self.http, admin, path).await?;
                return answer(status, body, path, true);
            }
        }
        answer(status, body, path, false)
    }

    /// A store's certificates; the reason in words when they cannot be read.
    pub async fn read_store(&self, store: &str) -> Result<Vec<StoreCertificate>, String> {
        let path = odata::certificates_path(store);
        let body = self.read_list(&path, true).await.map_err(|e| {
            if e.starts_with("HTTP 403") && self.admin.is_none() {
                format!(
                    "{e} Reading the certificates of store {store:?} needs the {ADMIN_ROLE} role, \
                     which the service key ({SELF_SERVICE_ROLE}) lacks: give \
                     --admin-service-key with a key of that role."
                )
            } else {
                e
            }
        })?;
        odata::parse_certificates(&body)
            .map(|read| read.rows)
            .map_err(|e| format!("The certificates of store {store:?} could not be read: {e}."))
    }
}

async fn session(http: &reqwest::Client, key: &ServiceKey, what: &str) -> Result<Session, String> {
    let response = http
        .post(&key.token_url)
        .query(&[("grant_type", "client_credentials")])
        .basic_auth(&key.client_id, Some(&key.client_secret))
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| {
            format!(
                "the token URL of the {what} did not answer: {}",
                without_url(&e)
            )
        })?;
    let status = response.status().as_u16();
    let body = limited_text(response).await?;
    if status == 401 {
        return Err(format!(
            "the {what}'s client id or secret was refused (HTTP 401 from its token URL)"
        ));
    }
    if !(200..300).contains(&status) {
        return Err(format!("the {what}'s token URL answered HTTP {status}"));
    }
    let token = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| v.get("access_token")?.as_str().map(String::from))
        .filter(|t| !t.is_empty())
        .ok_or_else(|| format!("the {what}'s token answer holds no access_token"))?;
    Ok(Session {
        base: key.url.clone(),
        token,
    })
}

async fn get(
    http: &reqwest::Client,
    session: &Session,
    path: &str,
) -> Result<(u16, String), String> {
    let response = http
        .get(format!("{}{path}", session.base))
        .bearer_auth(&session.token)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|e| format!("{path}: no answer ({})", without_url(&e)))?;
    let status = response.status().as_u16();
    Ok((status, limited_text(response).await?))
}

/// A 2xx body, or the status and the tenant's message in words.
fn answer(status: u16, body: String, path: &str, with_admin: bool) -> Result<String, String> {
    if (200..300).contains(&status) {
        return Ok(body);
    }
    let said = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| {
            let error = v.get("error")?;
            error
                .get("message")
                .and_then(|m| m.get("value").or(Some(m)))
                .and_then(Value::as_str)
                .or_else(|| error.as_str())
                .map(String::from)
        })
        .map(|m| {
            format!(
                " The tenant said: {:?}.",
                m.chars().take(300).collect::<String>()
            )
        })
        .unwrap_or_default();
    let key = if with_admin {
        " (also with the administrator key)"
    } else {
        ""
    };
    Err(format!("HTTP {status} for {path}{key}.{said}"))
}

async fn limited_text(mut response: reqwest::Response) -> Result<String, String> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("the answer broke off ({})", without_url(&e)))?
    {
        if bytes.len().saturating_add(chunk.len()) > MAX_ANSWER_BYTES {
            return Err("the answer is larger than 8 MiB".into());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// reqwest's error without the URL (the path is said separately; a URL never holds a secret
/// here, but the message stays short).
fn without_url(error: &reqwest::Error) -> String {
    let mut source: Option<&dyn std::error::Error> = Some(error);
    let mut last = error.to_string();
    while let Some(e) = source {
        last = e.to_string();
        source = e.source();
    }
    if error.is_timeout() {
        "time limit reached".into()
    } else {
        last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_said_with_the_tenants_words() {
        let body = r#"{"error":{"code":"Forbidden","message":{"lang":"en","value":"no role"}}}"#;
        let said = answer(403, body.into(), "/p", false).expect_err("403");
        assert!(
            said.starts_with("HTTP 403 for /p.") && said.contains("no role"),
            "{said}"
        );
        assert!(answer(403, String::new(), "/p", true)
            .expect_err("403")
            .contains("also with the administrator key"));
        assert_eq!(answer(200, "x".into(), "/p", false), Ok("x".into()));
    }
}
