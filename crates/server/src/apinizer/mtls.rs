//! `PATCH …/apiProxies/{name}/settings/mtls/`: partial update of a proxy's mTLS settings.

use serde_json::{Map, Value};

use super::model::{MtlsSettings, Project};
use super::ApiError;

pub const PROTOCOLS: [&str; 5] = ["TLS_1_3", "TLS_1_2", "TLS_1_1", "TLS_1_0", "SSL_3_0"];
pub const HOSTNAME_VERIFIERS: [&str; 4] = ["NOOP", "DEFAULT", "STRICT", "BROWSER_COMPAT"];

/// The seed's fields, plus `deploy` / `deployTargetEnvironmentNameList` of the 2026 docs. Anything
/// else is refused (our choice: a typo must not pass silently as "leave unchanged").
const FIELDS: [&str; 7] = [
    "enabled",
    "keyStoreId",
    "trustStoreId",
    "supportedProtocolList",
    "hostnameVerifierType",
    "deploy",
    "deployTargetEnvironmentNameList",
];

/// A PATCH body. `None` = not sent = unchanged. A JSON `null` counts as not sent, as a Java DTO
/// with null checks would treat it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MtlsPatch {
    pub enabled: Option<bool>,
    pub key_store_id: Option<String>,
    pub trust_store_id: Option<String>,
    pub supported_protocol_list: Option<Vec<String>>,
    pub hostname_verifier_type: Option<String>,
    pub deploy: Option<bool>,
    pub deploy_targets: Option<Vec<String>>,
}

fn invalid(message: String) -> ApiError {
    ApiError::validation_failed(message)
}

fn bool_field(obj: &Map<String, Value>, name: &str) -> Result<Option<bool>, ApiError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(invalid(format!(
            "Field '{name}' must be a boolean, got {other}"
        ))),
    }
}

fn string_field(obj: &Map<String, Value>, name: &str) -> Result<Option<String>, ApiError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(invalid(format!(
            "Field '{name}' must be a string, got {other}"
        ))),
    }
}

fn string_list(
    obj: &Map<String, Value>,
    name: &str,
    allowed: Option<&[&str]>,
) -> Result<Option<Vec<String>>, ApiError> {
    let items = match obj.get(name) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(invalid(format!(
                "Field '{name}' must be an array of strings, got {other}"
            )))
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(s) = item else {
            return Err(invalid(format!(
                "Field '{name}' must be an array of strings, got element {item}"
            )));
        };
        if let Some(allowed) = allowed {
            if !allowed.contains(&s.as_str()) {
                return Err(invalid(format!(
                    "Invalid value '{s}' for field '{name}'. Allowed values: {}",
                    allowed.join(", ")
                )));
            }
        }
        out.push(s.clone());
    }
    Ok(Some(out))
}

pub fn parse(body: &[u8]) -> Result<MtlsPatch, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("Malformed JSON request body: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(ApiError::bad_request(
            "Request body must be a JSON object".to_owned(),
        ));
    };
    if let Some(unknown) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(invalid(format!(
            "Unknown field '{unknown}'. Allowed fields: {}",
            FIELDS[..5].join(", ")
        )));
    }
    let hostname_verifier_type = string_field(&obj, "hostnameVerifierType")?;
    if let Some(verifier) = &hostname_verifier_type {
        if !HOSTNAME_VERIFIERS.contains(&verifier.as_str()) {
            return Err(invalid(format!(
                "Invalid value '{verifier}' for field 'hostnameVerifierType'. Allowed values: {}",
                HOSTNAME_VERIFIERS.join(", ")
            )));
        }
    }
    Ok(MtlsPatch {
        enabled: bool_field(&obj, "enabled")?,
        key_store_id: string_field(&obj, "keyStoreId")?,
        trust_store_id: string_field(&obj, "trustStoreId")?,
        supported_protocol_list: string_list(&obj, "supportedProtocolList", Some(&PROTOCOLS))?,
        hostname_verifier_type,
        deploy: bool_field(&obj, "deploy")?,
        deploy_targets: string_list(&obj, "deployTargetEnvironmentNameList", None)?,
    })
}

/// The settings after the patch, or the 400 that refuses it. Nothing is stored here.
pub fn merged(
    project: &Project,
    current: &MtlsSettings,
    patch: &MtlsPatch,
) -> Result<MtlsSettings, ApiError> {
    let mut next = current.clone();
    if let Some(enabled) = patch.enabled {
        next.enabled = enabled;
    }
    if let Some(id) = &patch.key_store_id {
        next.key_store_id = Some(id.clone()).filter(|id| !id.is_empty());
    }
    if let Some(id) = &patch.trust_store_id {
        next.trust_store_id = Some(id.clone()).filter(|id| !id.is_empty());
    }
    if let Some(list) = &patch.supported_protocol_list {
        next.supported_protocol_list = list.clone();
    }
    if let Some(verifier) = &patch.hostname_verifier_type {
        next.hostname_verifier_type = verifier.clone();
    }
    // Checked on the result (our choice): enabling a proxy that already has a keystore needs none
    // in the body, enabling one without needs it.
    if next.enabled && next.key_store_id.is_none() {
        return Err(ApiError::bad_request(
            "KeyStore ID is required when mTLS is enabled".to_owned(),
        ));
    }
    // The docs require the stores to exist ("must be created/uploaded before use"); the keystore
    // name stands for its id here (the list shows no id). Message in Apinizer's "is not found!" style.
    for (label, id) in [
        ("KeyStore", &patch.key_store_id),
        ("TrustStore", &patch.trust_store_id),
    ] {
        if let Some(id) = id.as_deref().filter(|id| !id.is_empty()) {
            if !project.keystores.iter().any(|k| k.name == id) {
                return Err(ApiError::bad_request(format!(
                    "{label} ({id}) is not found!"
                )));
            }
        }
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apinizer::model::ApinizerData;

    fn patch(body: &str) -> Result<MtlsPatch, ApiError> {
        parse(body.as_bytes())
    }

    #[test]
    fn only_sent_fields_change() {
        let data = ApinizerData::seed();
        let project = &data.projects[0];
        let current = MtlsSettings {
            enabled: true,
            key_store_id: Some("payments-client-ks".into()),
            trust_store_id: Some("payments-trust-ks".into()),
            supported_protocol_list: vec!["TLS_1_2".into()],
            hostname_verifier_type: "STRICT".into(),
        };
        let next = merged(
            project,
            &current,
            &patch(r#"{"hostnameVerifierType":"DEFAULT"}"#).expect("ok"),
        )
        .expect("merged");
        assert_eq!(next.hostname_verifier_type, "DEFAULT");
        assert_eq!(next.supported_protocol_list, vec!["TLS_1_2".to_owned()]);
        assert_eq!(next.trust_store_id.as_deref(), Some("payments-trust-ks"));
        let next = merged(
            project,
            &current,
            &patch(r#"{"supportedProtocolList":[]}"#).expect("ok"),
        )
        .expect("merged");
        assert!(next.supported_protocol_list.is_empty());
    }

    #[test]
    fn refusals_name_the_field() {
        for (body, field) in [
            (r#"{"enabled":"yes"}"#, "enabled"),
            (r#"{"keyStoreId":5}"#, "keyStoreId"),
            (
                r#"{"supportedProtocolList":["TLS_1_4"]}"#,
                "supportedProtocolList",
            ),
            (
                r#"{"supportedProtocolList":"TLS_1_2"}"#,
                "supportedProtocolList",
            ),
            (
                r#"{"hostnameVerifierType":"LOOSE"}"#,
                "hostnameVerifierType",
            ),
            (r#"{"keystoreId":"x"}"#, "keystoreId"),
        ] {
            let error = patch(body).expect_err(body);
            assert_eq!(error.error, "validation_failed", "{body}");
            assert!(
                error.description.contains(field),
                "{body}: {}",
                error.description
            );
        }
        assert_eq!(patch("{").expect_err("bad json").error, "bad_request");
        assert_eq!(patch("[]").expect_err("not object").error, "bad_request");
    }

    #[test]
    fn enabling_needs_a_keystore_that_exists() {
        let data = ApinizerData::seed();
        let project = &data.projects[0];
        let none = MtlsSettings::default();
        let error = merged(project, &none, &patch(r#"{"enabled":true}"#).expect("ok"))
            .expect_err("no keystore");
        assert_eq!(
            error.description,
            "KeyStore ID is required when mTLS is enabled"
        );
        let error = merged(
            project,
            &none,
            &patch(r#"{"enabled":true,"keyStoreId":"partners-client-ks"}"#).expect("ok"),
        )
        .expect_err("other project's keystore");
        assert_eq!(error.error, "bad_request");
        assert!(merged(
            project,
            &none,
            &patch(r#"{"enabled":true,"keyStoreId":"payments-client-ks"}"#).expect("ok")
        )
        .is_ok());
    }
}
