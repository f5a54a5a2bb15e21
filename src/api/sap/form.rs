//! The virtual host form: what the user typed, its validation, and the exact request body.
//!
//! Bodies follow SAP Help's samples field for field (CREATE, UPDATE, DELETE) and SAP's
//! custom-domain page (`isForCustomDomain`, `keyStoreName`, `keyStoreAlias`, a full host name).

use serde::Serialize;

use super::VIRTUAL_HOST_REQUESTS_PATH;
use crate::api::http::{ApiRequest, Method};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Operation {
    #[default]
    Create,
    Update,
    Delete,
}

impl Operation {
    pub fn as_str(self) -> &'static str {
        match self {
            Operation::Create => "CREATE",
            Operation::Update => "UPDATE",
            Operation::Delete => "DELETE",
        }
    }
}

/// The form as typed; every value is kept as text so nothing is lost on a failure.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VirtualHostForm {
    pub operation: Operation,
    /// Subdomain of the subaccount.
    pub account_id: String,
    /// The alias (default domain) or the full host name (custom domain).
    pub virtual_host_url: String,
    pub is_default: bool,
    pub client_auth: bool,
    pub custom_domain: bool,
    /// `ref://<reference>` or a keystore name.
    pub key_store: String,
    /// Alias of the key in the keystore (custom domain).
    pub key_store_alias: String,
    /// `ref://<reference>` or a truststore name.
    pub trust_store: String,
    /// For UPDATE and DELETE.
    pub virtual_host_id: String,
}

/// A form field that can carry a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    AccountId,
    VirtualHostUrl,
    KeyStore,
    KeyStoreAlias,
    TrustStore,
    VirtualHostId,
}

/// Messages at the fields; empty when the form can be sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<(Field, String)>);

impl FieldErrors {
    pub fn get(&self, field: Field) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.clone())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn add(&mut self, field: Field, message: impl Into<String>) {
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }
}

pub const ALIAS_MAX: usize = 63;
const HOST_NAME_MAX: usize = 253;
const STORE_NAME_MAX: usize = 255;

/// An alias (one DNS label): SAP's rule, as its 400 answers state it.
pub fn check_alias(alias: &str) -> Result<(), String> {
    if alias.is_empty() {
        return Err("Give the alias, e.g. prod-apis.".into());
    }
    let length = alias.chars().count();
    if length > ALIAS_MAX {
        return Err(format!(
            "The alias has {length} characters; at most {ALIAS_MAX} are allowed."
        ));
    }
    if let Some(bad) = alias
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        let shown = if bad == ' ' {
            "a space".to_string()
        } else {
            format!("“{bad}”")
        };
        return Err(format!(
            "Only letters, digits and hyphens are allowed; {shown} is not."
        ));
    }
    if alias.starts_with('-') || alias.ends_with('-') {
        return Err("The alias must not start or end with a hyphen.".into());
    }
    Ok(())
}

/// A custom domain's full host name: at least two labels, each by the alias rule.
pub fn check_host_name(host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err("Give the full host name, e.g. api.example.com.".into());
    }
    if host.contains("://") || host.contains('/') {
        return Err("Give the host name only, without https:// or a path.".into());
    }
    if host.len() > HOST_NAME_MAX {
        return Err(format!(
            "A host name has at most {HOST_NAME_MAX} characters."
        ));
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return Err(
            "A custom domain needs the full host name with its domain, e.g. api.example.com."
                .into(),
        );
    }
    for label in labels {
        if label.is_empty() {
            return Err("The host name has an empty part (two dots, or a dot at an end).".into());
        }
        check_alias(label).map_err(|e| format!("In “{label}”: {e}"))?;
    }
    Ok(())
}

/// A store as a virtual host names it: `ref://<reference name>` or a store name.
pub fn check_store(value: &str, what: &str) -> Result<(), String> {
    let name = match value.strip_prefix("ref://") {
        Some(reference) => {
            if reference.is_empty() {
                return Err(format!(
                    "After ref:// give the name of the certificate store reference to the {what}."
                ));
            }
            reference
        }
        None if value.contains("://") => {
            return Err(format!(
                "Give the {what} as ref://<reference name> or as the {what}'s name."
            ))
        }
        None => value,
    };
    if name.chars().any(char::is_whitespace) || name.contains('/') {
        return Err(format!(
            "A {what} name has no spaces or slashes; give ref://<reference name> or the {what}'s name."
        ));
    }
    if name.chars().count() > STORE_NAME_MAX {
        return Err(format!(
            "A {what} name has at most {STORE_NAME_MAX} characters."
        ));
    }
    Ok(())
}

/// Checks the form for its operation. Values are judged trimmed, as they are sent.
pub fn validate(form: &VirtualHostForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if form.operation != Operation::Create && form.virtual_host_id.trim().is_empty() {
        errors.add(
            Field::VirtualHostId,
            "Pick the virtual host in the list: its id is needed.",
        );
    }
    if form.operation == Operation::Delete {
        return errors;
    }
    let account = form.account_id.trim();
    if account.is_empty() {
        errors.add(
            Field::AccountId,
            "Give the subdomain of your subaccount (accountId).",
        );
    } else if let Err(e) = check_alias(account) {
        errors.add(Field::AccountId, format!("Not a subaccount subdomain: {e}"));
    }
    let url = form.virtual_host_url.trim();
    let checked = if form.custom_domain {
        check_host_name(url)
    } else if url.contains('.') {
        Err(
            "Give the alias only (e.g. prod-apis): SAP adds the tenant's domain. For a host \
             name of your own, tick “custom domain”."
                .into(),
        )
    } else {
        check_alias(url)
    };
    if let Err(e) = checked {
        errors.add(Field::VirtualHostUrl, e);
    }
    let key_store = form.key_store.trim();
    if key_store.is_empty() {
        if form.custom_domain {
            errors.add(
                Field::KeyStore,
                "A custom domain needs the keystore holding its certificate and private key.",
            );
        }
    } else if let Err(e) = check_store(key_store, "keystore") {
        errors.add(Field::KeyStore, e);
    }
    if form.custom_domain && form.key_store_alias.trim().is_empty() {
        errors.add(
            Field::KeyStoreAlias,
            "Give the alias of the key in the keystore (keyStoreAlias).",
        );
    }
    let trust_store = form.trust_store.trim();
    if form.client_auth {
        if trust_store.is_empty() {
            errors.add(
                Field::TrustStore,
                "Client authentication needs a truststore holding the client, intermediate and \
                 root certificates.",
            );
        } else if let Err(e) = check_store(trust_store, "truststore") {
            errors.add(Field::TrustStore, e);
        }
    }
    errors
}

/// The body, fields in SAP Help's order; absent ones are left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    account_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_host_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_default_virtual_host_request: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_client_auth_enabled: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_for_custom_domain: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_store: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_store_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key_store_alias: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trust_store: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    virtual_host_id: Option<&'a str>,
    operation: &'static str,
}

fn some_text(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

impl VirtualHostForm {
    /// The JSON body exactly as it is sent (pretty-printed, as the preview shows it).
    pub fn body(&self) -> String {
        let operation = self.operation.as_str();
        let id = some_text(&self.virtual_host_id);
        let body = if self.operation == Operation::Delete {
            Body {
                account_id: None,
                virtual_host_url: None,
                is_default_virtual_host_request: None,
                is_client_auth_enabled: None,
                is_for_custom_domain: None,
                key_store: None,
                key_store_name: None,
                key_store_alias: None,
                trust_store: None,
                virtual_host_id: id,
                operation,
            }
        } else {
            let key_store = some_text(&self.key_store);
            Body {
                account_id: some_text(&self.account_id),
                virtual_host_url: some_text(&self.virtual_host_url),
                is_default_virtual_host_request: Some(self.is_default),
                is_client_auth_enabled: Some(self.client_auth),
                is_for_custom_domain: self.custom_domain.then_some(true),
                // The default-domain samples call it keyStore, the custom-domain one keyStoreName.
                key_store: if self.custom_domain { None } else { key_store },
                key_store_name: if self.custom_domain { key_store } else { None },
                key_store_alias: if self.custom_domain {
                    some_text(&self.key_store_alias)
                } else {
                    None
                },
                trust_store: if self.client_auth {
                    some_text(&self.trust_store)
                } else {
                    None
                },
                virtual_host_id: if self.operation == Operation::Update {
                    id
                } else {
                    None
                },
                operation,
            }
        };
        serde_json::to_string_pretty(&body).unwrap_or_default()
    }

    /// The request for this form (valid or not: validation is the caller's step).
    pub fn request(&self) -> ApiRequest {
        ApiRequest {
            method: Method::Post,
            path: VIRTUAL_HOST_REQUESTS_PATH.into(),
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("Accept".into(), "application/json".into()),
            ],
            body: Some(self.body()),
        }
    }
}
