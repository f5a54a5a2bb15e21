//! The three `Management.svc` answers the audit reads, in OData v2 JSON (`{"d":{"results":[…]}}`,
//! or v1's `{"d":[…]}`): virtual hosts, certificate store references and a store's certificates.
//!
//! Every answer is hostile: a member of the wrong type counts as absent, an unknown member is
//! ignored, and a row without its key is left out (and counted), never a panic.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The lists the audit reads, under the tenant's API base (or the portal's origin).
pub const VIRTUAL_HOSTS_PATH: &str = "/apiportal/api/1.0/Management.svc/VirtualHosts";
pub const REFERENCES_PATH: &str = "/apiportal/api/1.0/Management.svc/CertificateStoreReferences";

/// `…/CertificateStores('<name>')/certificates`. The name is an OData v2 string literal (a quote
/// doubled, OData v2 URI Conventions §2.2.2) and then percent-encoded as a path segment (RFC
/// 3986 §3.3): a name from the tenant can never add a segment or a query.
pub fn certificates_path(store: &str) -> String {
    let literal = store.replace('\'', "''");
    let mut encoded = String::with_capacity(literal.len());
    for byte in literal.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~'".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("/apiportal/api/1.0/Management.svc/CertificateStores('{encoded}')/certificates")
}

/// Why an answer could not be read as a list at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    #[error("the answer is not JSON ({0})")]
    NotJson(String),
    #[error("the answer has no \"d\" member (not an OData v2 JSON answer)")]
    NoD,
    #[error("\"d\" holds no list of results")]
    NoResults,
}

/// A list read from an answer, with how many rows lacked their key and were left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows<T> {
    pub rows: Vec<T>,
    pub skipped: usize,
}

/// A row of `Management.svc/VirtualHosts` (entity type `apiportal.VirtualHost`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VirtualHost {
    pub id: String,
    /// Full host name (`virtual_host`).
    pub host: String,
    pub client_auth: bool,
    pub custom_domain: bool,
    /// A store name, or `ref://<reference>` (`trustStore`).
    pub trust_store: Option<String>,
    pub key_store_name: Option<String>,
    pub key_store_alias: Option<String>,
}

impl VirtualHost {
    /// The alias an administrator knows the host by: the first label of its name (the whole name
    /// for a custom domain), or the id when the name is missing.
    pub fn alias(&self) -> String {
        if self.host.is_empty() {
            return self.id.clone();
        }
        if self.custom_domain {
            return self.host.clone();
        }
        self.host.split('.').next().unwrap_or_default().to_string()
    }
}

/// A row of `Management.svc/CertificateStoreReferences`: reference `name` → store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoreReference {
    pub name: String,
    pub certificate_store_name: Option<String>,
}

/// What a certificate entry's `content` (`Edm.Binary`) held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Bytes of the certificate: DER, or PEM text (the engine reads both).
    Bytes(Vec<u8>),
    /// `null` or no member: the entry is judged from its metadata fields.
    Absent,
    /// Something that is neither base64 nor PEM text; the reason in words.
    Unreadable(String),
}

/// An entry of `CertificateStores('<name>')/certificates` (`apiportal.Certificate`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreCertificate {
    pub name: String,
    pub store_name: Option<String>,
    pub content: Content,
    pub format: Option<String>,
    pub valid_from: Option<String>,
    pub expiry_date: Option<String>,
    pub sign_alg_name: Option<String>,
    /// `Edm.String` in the metadata ("true"/"false"); a boolean is read too.
    pub is_valid: Option<bool>,
}

fn results(body: &str) -> Result<Vec<Value>, ReadError> {
    let body = body.trim_start_matches('\u{feff}');
    let value: Value = serde_json::from_str(body).map_err(|e| ReadError::NotJson(e.to_string()))?;
    let d = value.get("d").ok_or(ReadError::NoD)?;
    let list = d.get("results").unwrap_or(d);
    match list {
        Value::Array(rows) => Ok(rows.clone()),
        _ => Err(ReadError::NoResults),
    }
}

fn text(row: &Value, name: &str) -> Option<String> {
    row.get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

/// `Edm.Boolean`, also given as the strings "true"/"false" by some answers.
fn flag(row: &Value, name: &str) -> Option<bool> {
    match row.get(name)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn read_rows<T>(body: &str, read: impl Fn(&Value) -> Option<T>) -> Result<Rows<T>, ReadError> {
    let values = results(body)?;
    let mut rows = Vec::with_capacity(values.len());
    let mut skipped = 0usize;
    for value in &values {
        match read(value) {
            Some(row) => rows.push(row),
            None => skipped = skipped.saturating_add(1),
        }
    }
    Ok(Rows { rows, skipped })
}

/// Reads `Management.svc/VirtualHosts`.
pub fn parse_virtual_hosts(body: &str) -> Result<Rows<VirtualHost>, ReadError> {
    read_rows(body, |row| {
        Some(VirtualHost {
            id: text(row, "id").or_else(|| text(row, "name"))?,
            host: text(row, "virtual_host").unwrap_or_default(),
            client_auth: flag(row, "isClientAuthEnabled").unwrap_or(false),
            custom_domain: flag(row, "isForCustomDomain").unwrap_or(false),
            trust_store: text(row, "trustStore"),
            key_store_name: text(row, "keyStoreName"),
            key_store_alias: text(row, "keyStoreAlias"),
        })
    })
}

/// Reads `Management.svc/CertificateStoreReferences`.
pub fn parse_references(body: &str) -> Result<Rows<StoreReference>, ReadError> {
    read_rows(body, |row| {
        Some(StoreReference {
            name: text(row, "name")?,
            certificate_store_name: text(row, "certificateStoreName"),
        })
    })
}

/// Reads `CertificateStores('<name>')/certificates`.
pub fn parse_certificates(body: &str) -> Result<Rows<StoreCertificate>, ReadError> {
    read_rows(body, |row| {
        Some(StoreCertificate {
            name: text(row, "name")?,
            store_name: text(row, "storeName"),
            content: content(row.get("content")),
            format: text(row, "format"),
            valid_from: text(row, "validFrom"),
            expiry_date: text(row, "expiryDate"),
            sign_alg_name: text(row, "signAlgName"),
            is_valid: flag(row, "isValid"),
        })
    })
}

/// `Edm.Binary` in OData v2 JSON is base64 (RFC 4648 §4); the certificate inside may be DER or
/// PEM. PEM text given as is (not base64) is taken too.
fn content(value: Option<&Value>) -> Content {
    let text = match value {
        None | Some(Value::Null) => return Content::Absent,
        Some(Value::String(s)) => s.trim(),
        Some(_) => return Content::Unreadable("content is not a base64 string".into()),
    };
    if text.is_empty() {
        return Content::Absent;
    }
    if text.contains("-----BEGIN") {
        return Content::Bytes(text.as_bytes().to_vec());
    }
    // Line breaks are allowed inside long base64 (MIME style); padding may be missing.
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD
        .decode(&compact)
        .or_else(|_| STANDARD_NO_PAD.decode(compact.trim_end_matches('=')))
        .map(Content::Bytes)
        .unwrap_or_else(|e| Content::Unreadable(format!("content is not base64 ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_names_stay_inside_their_path_segment() {
        assert_eq!(
            certificates_path("ClientCAs"),
            "/apiportal/api/1.0/Management.svc/CertificateStores('ClientCAs')/certificates"
        );
        assert_eq!(
            certificates_path("it's/../x?y#z é"),
            "/apiportal/api/1.0/Management.svc/CertificateStores('it''s%2F..%2Fx%3Fy%23z%20%C3%A9')/certificates"
        );
    }

    #[test]
    fn virtual_hosts_as_the_tenant_lists_them() {
        let body = r#"{"d":{"results":[
            {"id":"a1","name":"a1","isClientAuthEnabled":true,"isForCustomDomain":false,
             "trustStore":"ref://clients","virtual_host":"mtls.apimanagement.eu10.hana.ondemand.com",
             "life_cycle":{"changed_at":"/Date(1)/"},"somethingNew":[1,2]},
            {"id":"b2","isClientAuthEnabled":"false","isForCustomDomain":"true",
             "keyStoreName":"ks","keyStoreAlias":"api","virtual_host":"api.example.com"},
            {"virtual_host":"no-id.example.com"},
            {"id":7,"name":"n3","isClientAuthEnabled":"maybe","trustStore":""}
        ]}}"#;
        let read = parse_virtual_hosts(body).expect("list");
        assert_eq!(read.skipped, 1);
        assert_eq!(read.rows.len(), 3);
        let first = &read.rows[0];
        assert!(first.client_auth && !first.custom_domain);
        assert_eq!(first.trust_store.as_deref(), Some("ref://clients"));
        assert_eq!(first.alias(), "mtls");
        let second = &read.rows[1];
        assert!(!second.client_auth && second.custom_domain);
        assert_eq!(second.alias(), "api.example.com");
        assert_eq!(second.key_store_alias.as_deref(), Some("api"));
        // A numeric id is not a string: the name stands in; "maybe" is not a boolean.
        let third = &read.rows[2];
        assert_eq!(third.id, "n3");
        assert!(!third.client_auth);
        assert_eq!(third.trust_store, None);
        assert_eq!(third.alias(), "n3");
    }

    #[test]
    fn odata_v1_lists_and_broken_answers() {
        let v1 = parse_references(r#"{"d":[{"name":"r","certificateStoreName":"s"}]}"#)
            .expect("v1 list");
        assert_eq!(v1.rows[0].certificate_store_name.as_deref(), Some("s"));
        assert!(matches!(
            parse_references("<html>"),
            Err(ReadError::NotJson(_))
        ));
        assert_eq!(parse_references(r#"{"error":{}}"#), Err(ReadError::NoD));
        assert_eq!(
            parse_references(r#"{"d":{"results":{"name":"x"}}}"#),
            Err(ReadError::NoResults)
        );
        assert_eq!(parse_references(r#"{"d":null}"#), Err(ReadError::NoResults));
        let no_store =
            parse_references(r#"{"d":{"results":[{"name":"r","certificateStoreName":null}]}}"#)
                .expect("list");
        assert_eq!(no_store.rows[0].certificate_store_name, None);
    }

    #[test]
    fn content_as_base64_der_base64_pem_raw_pem_null_and_garbage() {
        let der = [0x30u8, 0x82, 0x01, 0x0a, 0xff];
        let pem = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
        let body = serde_json::json!({"d":{"results":[
            {"name":"der","content": STANDARD.encode(der), "isValid":"true", "unknown":{"x":1}},
            {"name":"pem","content": STANDARD.encode(pem), "isValid": false},
            {"name":"raw","content": pem},
            {"name":"null","content": null, "expiryDate":"/Date(1700000000000)/", "signAlgName":"SHA1withRSA"},
            {"name":"absent"},
            {"name":"wrapped","content": format!("{}\r\n{}", &STANDARD.encode(der)[..4], &STANDARD.encode(der)[4..])},
            {"name":"unpadded","content": STANDARD_NO_PAD.encode(der)},
            {"name":"garbage","content":"***not base64***"},
            {"name":"number","content": 12},
            {"content":"AAAA"}
        ]}})
        .to_string();
        let read = parse_certificates(&body).expect("list");
        assert_eq!(read.skipped, 1);
        let by = |name: &str| {
            read.rows
                .iter()
                .find(|c| c.name == name)
                .unwrap_or_else(|| panic!("{name}"))
        };
        assert_eq!(by("der").content, Content::Bytes(der.to_vec()));
        assert_eq!(by("der").is_valid, Some(true));
        assert_eq!(by("pem").content, Content::Bytes(pem.as_bytes().to_vec()));
        assert_eq!(by("pem").is_valid, Some(false));
        assert_eq!(
            by("raw").content,
            Content::Bytes(pem.trim().as_bytes().to_vec())
        );
        assert_eq!(by("null").content, Content::Absent);
        assert_eq!(by("null").sign_alg_name.as_deref(), Some("SHA1withRSA"));
        assert_eq!(by("absent").content, Content::Absent);
        assert_eq!(by("wrapped").content, Content::Bytes(der.to_vec()));
        assert_eq!(by("unpadded").content, Content::Bytes(der.to_vec()));
        assert!(matches!(by("garbage").content, Content::Unreadable(_)));
        assert!(matches!(by("number").content, Content::Unreadable(_)));
    }
}
