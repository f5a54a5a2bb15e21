//! The `apiportal-apiaccess` service key: read the same way by the portal's SAP connection (a key
//! pasted in the page) and by `portal-server audit` (a key in a file), so that both accept the
//! same keys and refuse the same ones.

use serde_json::Value;

/// The parts of a service key the portal uses.
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceKey {
    /// API base of the tenant, without a trailing `/`.
    pub url: String,
    pub token_url: String,
    pub client_id: String,
    pub client_secret: String,
}

// The secret never reaches a log or a message, not even a debug one.
impl std::fmt::Debug for ServiceKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServiceKey")
            .field("url", &self.url)
            .field("token_url", &self.token_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"[hidden]")
            .finish()
    }
}

/// Why a text is not a usable service key. No variant carries a value of the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyProblem {
    #[error("the service key is not JSON ({0})")]
    NotJson(String),
    #[error("the service key is not a JSON object")]
    NotAnObject,
    /// An x509 key (certificate and private key): the portal never takes a private key.
    #[error(
        "this is an x509 service key (certificate and private key); use one with a client secret"
    )]
    CertificateKey,
    /// The members that are missing or empty, by their documented names.
    #[error("the service key lacks {}; it needs url, tokenUrl, clientId and clientSecret", .0.join(", "))]
    Missing(Vec<&'static str>),
}

/// Reads a service key's JSON, also wrapped in `credentials` as the BTP cockpit sometimes shows
/// it; member names in the spellings keys come with (`tokenUrl`, `tokenurl`, `token_url`…).
pub fn parse(text: &str) -> Result<ServiceKey, KeyProblem> {
    let value: Value =
        serde_json::from_str(text.trim()).map_err(|e| KeyProblem::NotJson(e.to_string()))?;
    let Value::Object(mut object) = value else {
        return Err(KeyProblem::NotAnObject);
    };
    if let Some(Value::Object(inner)) = object.remove("credentials") {
        object = inner;
    }
    if object.contains_key("privateKey") || object.contains_key("certificate") {
        return Err(KeyProblem::CertificateKey);
    }
    let field = |names: &[&str]| {
        names.iter().find_map(|name| {
            object
                .get(*name)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        })
    };
    let url = field(&["url"]);
    let token_url = field(&["tokenUrl", "tokenurl", "token_url"]);
    let client_id = field(&["clientId", "clientid", "client_id"]);
    let client_secret = field(&["clientSecret", "clientsecret", "client_secret"]);
    match (url, token_url, client_id, client_secret) {
        (Some(url), Some(token_url), Some(client_id), Some(client_secret)) => Ok(ServiceKey {
            url: url.trim_end_matches('/').to_string(),
            token_url,
            client_id,
            client_secret,
        }),
        (url, token_url, client_id, client_secret) => Err(KeyProblem::Missing(
            [
                ("url", url.is_none()),
                ("tokenUrl", token_url.is_none()),
                ("clientId", client_id.is_none()),
                ("clientSecret", client_secret.is_none()),
            ]
            .into_iter()
            .filter_map(|(name, absent)| absent.then_some(name))
            .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_read_in_every_spelling_and_the_secret_is_never_shown() {
        let key = parse(
            r#"{"credentials":{"url":"https://t.example/","tokenurl":"https://a.example/oauth/token","clientid":"id","clientsecret":"s3cret"}}"#,
        )
        .expect("key");
        assert_eq!(key.url, "https://t.example");
        assert_eq!(key.token_url, "https://a.example/oauth/token");
        assert_eq!(
            (key.client_id.as_str(), key.client_secret.as_str()),
            ("id", "s3cret")
        );
        assert!(!format!("{key:?}").contains("s3cret"));
        let camel = parse(r#"{"url":"u","tokenUrl":"t","clientId":"c","clientSecret":"s"}"#);
        assert!(camel.is_ok());
    }

    #[test]
    fn problems_name_members_never_values() {
        let missing = parse(r#"{"url":"u","clientSecret":"hidden-value","clientId":"  "}"#)
            .expect_err("incomplete");
        assert_eq!(missing, KeyProblem::Missing(vec!["tokenUrl", "clientId"]));
        assert!(!missing.to_string().contains("hidden-value"));
        assert!(matches!(parse("not json"), Err(KeyProblem::NotJson(_))));
        assert_eq!(parse("[1]"), Err(KeyProblem::NotAnObject));
        assert_eq!(
            parse(r#"{"url":"u","certificate":"c","privateKey":"k"}"#),
            Err(KeyProblem::CertificateKey)
        );
    }
}
