//! SAP API Management: virtual hosts through `Configuration.svc/VirtualHostRequests`, the lists of
//! `Management.svc`, and the XSUAA client-credentials token. Request building, validation and
//! response parsing only; no view code, no HTTP.
//!
//! Every call goes to the portal's own origin: the service key's `url` and `tokenUrl` name the
//! real tenant, which `portal-server --upstream-sap` reaches on the portal's behalf (neither SAP
//! service documents CORS). Only the token URL's path is used.

mod atom;
mod errors;
mod form;

pub use atom::read_atom_properties;
pub use errors::describe_error;
pub use form::{validate, Field, FieldErrors, Operation, VirtualHostForm};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde::Deserialize;
use serde_json::Value;

use super::http::{ApiRequest, Method, RawResponse};
use super::problem::Problem;
use super::reading::Reading;

pub const MANAGEMENT_PATH: &str = "/apiportal/api/1.0/Management.svc";
pub const VIRTUAL_HOSTS_PATH: &str = "/apiportal/api/1.0/Management.svc/VirtualHosts";
pub const CERTIFICATE_STORES_PATH: &str = "/apiportal/api/1.0/Management.svc/CertificateStores";
pub const CERTIFICATE_STORE_REFERENCES_PATH: &str =
    "/apiportal/api/1.0/Management.svc/CertificateStoreReferences";
pub const VIRTUAL_HOST_REQUESTS_PATH: &str =
    "/apiportal/operations/1.0/Configuration.svc/VirtualHostRequests";
/// XSUAA's token path; a service key's `tokenUrl` already ends in it.
pub const TOKEN_PATH: &str = "/oauth/token";

// ---------------------------------------------------------------------------------------------
// Service key and token

use audit::service_key::KeyProblem;
pub use audit::service_key::ServiceKey;

/// Reads a pasted service key (`audit::service_key`, shared with `portal-server audit`), and says
/// what is wrong in the page's words. The messages name missing fields, never a value.
pub fn parse_service_key(text: &str) -> Result<ServiceKey, String> {
    audit::service_key::parse(text).map_err(|problem| match problem {
        KeyProblem::NotJson(detail) => {
            format!("This is not JSON ({detail}). Paste the whole service key, from {{ to }}.")
        }
        KeyProblem::NotAnObject => "The service key must be a JSON object ({ … }).".into(),
        KeyProblem::CertificateKey => "This is an x509 service key (certificate and private \
             key). The portal never asks for a private key: create a service key with a client \
             secret instead."
            .into(),
        KeyProblem::Missing(names) => format!(
            "The service key lacks {}. It needs url, tokenUrl, clientId and clientSecret.",
            names.join(", ")
        ),
    })
}

/// The client-credentials call, on the portal's origin (`POST /oauth/token?grant_type=…`, HTTP
/// Basic). The secret is only in the Authorization header, which is never recorded or shown.
pub fn token_request(key: &ServiceKey) -> ApiRequest {
    let basic = STANDARD.encode(format!("{}:{}", key.client_id, key.client_secret));
    ApiRequest {
        method: Method::Post,
        path: format!("{TOKEN_PATH}?grant_type=client_credentials"),
        headers: vec![
            ("Accept".into(), "application/json".into()),
            ("Authorization".into(), format!("Basic {basic}")),
        ],
        body: None,
    }
}

/// What a token answer gave.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenGrant {
    pub access_token: String,
    /// Seconds from now, as the answer says.
    pub expires_in: Option<i64>,
}

impl std::fmt::Debug for TokenGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenGrant")
            .field("access_token", &"[hidden]")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

#[derive(Deserialize)]
struct TokenBody {
    access_token: Option<String>,
    expires_in: Option<f64>,
}

/// Reads XSUAA's answer: `{access_token, token_type: "bearer", expires_in, scope, jti, …}`.
pub fn parse_token_response(response: &RawResponse) -> Result<TokenGrant, Problem> {
    if response.status == 401 {
        // XSUAA answers a wrong client id or secret with 401 (RFC 6749 §5.2 `invalid_client`),
        // with or without the challenge the portal server passes on.
        let said = describe_error(&RawResponse {
            upstream_authenticate: None,
            ..response.clone()
        });
        let detail = said
            .message
            .strip_prefix(errors::status_words(401))
            .unwrap_or(&said.message)
            .trim()
            .trim_end_matches('.');
        let detail = if detail.is_empty() || detail == "The answer had no body" {
            String::new()
        } else {
            format!(" The token endpoint said: “{detail}”.")
        };
        return Err(Problem::login_refused(
            401,
            said.code,
            format!(
                "The client id or secret was refused.{detail} Check the service key's clientId \
                 and clientSecret, then paste the whole key again."
            ),
        ));
    }
    if !response.is_success() {
        return Err(describe_error(response));
    }
    let body: TokenBody = serde_json::from_str(&response.body).map_err(|_| {
        let mut problem = describe_error(response);
        problem.message = format!("The token answer could not be read: {}", problem.message);
        problem
    })?;
    match body.access_token.filter(|t| !t.trim().is_empty()) {
        Some(access_token) => Ok(TokenGrant {
            access_token,
            expires_in: body.expires_in.map(|s| s as i64),
        }),
        None => Err(Problem::answered(
            response.status,
            None,
            "The token answer holds no access_token.",
        )),
    }
}

/// The subaccount subdomain a token was issued for (XSUAA's `ext_attr.zdn`), to prefill
/// `accountId`. `None` for anything that is not such a JWT.
pub fn subdomain_from_token(token: &str) -> Option<String> {
    let payload = token.trim().split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    claims
        .get("ext_attr")?
        .get("zdn")?
        .as_str()
        .filter(|s| !s.is_empty())
        .map(String::from)
}

// ---------------------------------------------------------------------------------------------
// Lists of Management.svc

pub fn list_request(path: &str) -> ApiRequest {
    ApiRequest::get(path)
}

/// A row of `Management.svc/VirtualHosts`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct VirtualHost {
    /// The `virtualHostId` of requests.
    pub id: String,
    /// Full host name (`virtual_host`).
    pub host: String,
    pub port: Reading<i64>,
    pub is_default: bool,
    pub is_ssl: bool,
    pub client_auth: bool,
    pub custom_domain: bool,
    pub key_store_name: Option<String>,
    pub key_store_alias: Option<String>,
    pub trust_store: Option<String>,
    /// `life_cycle.changed_at`, Unix milliseconds.
    pub changed_at: Reading<i64>,
}

impl VirtualHost {
    /// The alias: the host name's first label (the whole name for a custom domain).
    pub fn alias(&self) -> String {
        if self.custom_domain {
            self.host.clone()
        } else {
            self.host.split('.').next().unwrap_or_default().to_string()
        }
    }
}

/// A row of `Management.svc/CertificateStores`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateStore {
    pub name: String,
    /// `KeyStore` / `TrustStore` (any case).
    pub store_type: String,
}

/// A row of `Management.svc/CertificateStoreReferences`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreReference {
    pub name: String,
    pub certificate_store_name: String,
    pub store_type: String,
}

impl CertificateStore {
    pub fn is_trust_store(&self) -> bool {
        self.store_type.eq_ignore_ascii_case("truststore")
    }
}

impl StoreReference {
    pub fn is_trust_store(&self) -> bool {
        self.store_type.eq_ignore_ascii_case("truststore")
    }

    /// How a virtual host request names it.
    pub fn as_store_value(&self) -> String {
        format!("ref://{}", self.name)
    }
}

/// `/Date(1707380514905)/` (slashes escaped or not) as milliseconds; `None` for anything else.
///
/// OData v2's JSON format writes `Edm.DateTime` as `"/Date(<ticks>)/"`, optionally with an
/// offset `±hhmm` after the milliseconds (OData v2 JSON Format, §"Primitive Types"). Read
/// without slicing by position: a backend's value may be empty or hold any character.
pub fn parse_odata_date(text: &str) -> Option<i64> {
    let inner = text
        .trim()
        .trim_matches(|c| c == '/' || c == '\\')
        .strip_prefix("Date(")?
        .strip_suffix(')')?;
    let (negative, unsigned) = match inner.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    // `/Date(ms+0000)/` carries an offset: the milliseconds are UTC either way.
    let (digits, offset) = match unsigned.find(['+', '-']) {
        Some(at) => unsigned.split_at_checked(at)?,
        None => (unsigned, ""),
    };
    let offset_ok = offset.is_empty()
        || offset
            .strip_prefix(['+', '-'])
            .is_some_and(|o| o.len() == 4 && o.bytes().all(|b| b.is_ascii_digit()));
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || !offset_ok {
        return None;
    }
    let millis: i64 = digits.parse().ok()?;
    if negative {
        millis.checked_neg()
    } else {
        Some(millis)
    }
}

fn str_of(value: &Value, name: &str) -> Option<String> {
    value.get(name).and_then(Value::as_str).map(String::from)
}

fn bool_of(value: &Value, name: &str) -> bool {
    match value.get(name) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

/// A whole number, given as a JSON number or a string of digits.
fn int_of(value: &Value, name: &str) -> Reading<i64> {
    Reading::from_present(value.get(name).filter(|v| !v.is_null()), |v| match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// The `results` of an OData v2 JSON feed (`{"d":{"results":[…]}}`, or v1's `{"d":[…]}`).
fn feed_results(response: &RawResponse, what: &str) -> Result<Vec<Value>, Problem> {
    if !response.is_success() {
        return Err(describe_error(response));
    }
    let unreadable = |detail: String| {
        let mut problem = describe_error(response);
        problem.message = format!("The list of {what} could not be read: {detail}");
        problem
    };
    let value: Value = serde_json::from_str(&response.body).map_err(|e| {
        let shape = describe_error(response).message;
        unreadable(format!("{shape} ({e})"))
    })?;
    let d = value
        .get("d")
        .ok_or_else(|| unreadable("the answer has no \"d\" member.".into()))?;
    let results = d.get("results").unwrap_or(d);
    results
        .as_array()
        .cloned()
        .ok_or_else(|| unreadable("\"d\" holds no list of results.".into()))
}

pub fn parse_virtual_hosts(response: &RawResponse) -> Result<Vec<VirtualHost>, Problem> {
    let rows = feed_results(response, "virtual hosts")?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let id = str_of(row, "id").or_else(|| str_of(row, "name"))?;
            Some(VirtualHost {
                id,
                host: str_of(row, "virtual_host").unwrap_or_default(),
                port: int_of(row, "virtual_port"),
                is_default: bool_of(row, "isDefault"),
                is_ssl: bool_of(row, "isSSL"),
                client_auth: bool_of(row, "isClientAuthEnabled"),
                custom_domain: bool_of(row, "isForCustomDomain"),
                key_store_name: str_of(row, "keyStoreName"),
                key_store_alias: str_of(row, "keyStoreAlias"),
                trust_store: str_of(row, "trustStore"),
                changed_at: Reading::from_present(
                    row.get("life_cycle")
                        .and_then(|l| l.get("changed_at"))
                        .filter(|v| !v.is_null()),
                    |v| v.as_str().and_then(parse_odata_date),
                ),
            })
        })
        .collect())
}

pub fn parse_certificate_stores(response: &RawResponse) -> Result<Vec<CertificateStore>, Problem> {
    let rows = feed_results(response, "certificate stores")?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            Some(CertificateStore {
                name: str_of(row, "name")?,
                store_type: str_of(row, "storeType").unwrap_or_default(),
            })
        })
        .collect())
}

pub fn parse_store_references(response: &RawResponse) -> Result<Vec<StoreReference>, Problem> {
    let rows = feed_results(response, "certificate store references")?;
    Ok(rows
        .iter()
        .filter_map(|row| {
            Some(StoreReference {
                name: str_of(row, "name")?,
                certificate_store_name: str_of(row, "certificateStoreName").unwrap_or_default(),
                store_type: str_of(row, "storeType").unwrap_or_default(),
            })
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// VirtualHostRequests answer

/// A `VirtualHostRequest` entity as the 201 answer carries it, read from OData JSON or Atom XML.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VirtualHostResult {
    /// Id of the request itself.
    pub id: Option<String>,
    pub account_id: Option<String>,
    pub operation: Option<String>,
    pub virtual_host_id: Option<String>,
    /// `COMPLETE`, or `None` (a DELETE answers without one).
    pub allocation_status: Option<String>,
    pub allocated_port: Option<i64>,
    /// Full host name; `None` after a DELETE.
    pub virtual_host_url: Option<String>,
    /// The DNS target of a custom domain.
    pub lb_host: Option<String>,
    pub is_tls: bool,
    pub client_auth: bool,
    pub is_default_request: bool,
    pub custom_domain: bool,
    pub key_store_name: Option<String>,
    pub key_store_alias: Option<String>,
    pub trust_store: Option<String>,
}

fn from_properties(get: impl Fn(&str) -> Option<String>) -> VirtualHostResult {
    let flag = |name: &str| get(name).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    VirtualHostResult {
        id: get("id"),
        account_id: get("accountId"),
        operation: get("operation"),
        virtual_host_id: get("virtualHostId"),
        allocation_status: get("allocationStatus"),
        allocated_port: get("allocatedPort").and_then(|p| p.trim().parse().ok()),
        virtual_host_url: get("virtualHostUrl"),
        lb_host: get("lbHost"),
        is_tls: flag("isTLS"),
        client_auth: flag("isClientAuthEnabled"),
        is_default_request: flag("isDefaultVirtualHostRequest"),
        custom_domain: flag("isForCustomDomain"),
        key_store_name: get("keyStoreName"),
        key_store_alias: get("keyStoreAlias"),
        trust_store: get("trustStore"),
    }
}

/// Reads the 201 answer of `VirtualHostRequests`, in OData JSON (`{"d":{…}}`) or Atom XML.
pub fn parse_request_result(response: &RawResponse) -> Result<VirtualHostResult, Problem> {
    if !response.is_success() {
        return Err(describe_error(response));
    }
    let body = response.body.trim_start_matches('\u{feff}').trim();
    let unreadable = |detail: String| {
        Problem::answered(
            response.status,
            None,
            format!(
                "The backend answered {} but the answer could not be read: {detail} The change \
                 may have been made: refresh the list to see.",
                response.status
            ),
        )
    };
    if body.starts_with('{') {
        let value: Value = serde_json::from_str(body)
            .map_err(|e| unreadable(format!("it is not complete JSON ({e}).")))?;
        let entity = value.get("d").unwrap_or(&value);
        if !entity.is_object() {
            return Err(unreadable("\"d\" is not an object.".into()));
        }
        return Ok(from_properties(|name| match entity.get(name)? {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }));
    }
    if body.starts_with('<') {
        let properties = read_atom_properties(body).map_err(|e| unreadable(format!("{e}.")))?;
        return Ok(from_properties(|name| {
            properties
                .iter()
                .find(|(key, _)| key == name)
                .and_then(|(_, value)| value.clone())
        }));
    }
    Err(unreadable(describe_error(response).message))
}

#[cfg(test)]
mod tests;
