//! `POST Configuration.svc/VirtualHostRequests`: CREATE, UPDATE and DELETE of a virtual host with
//! the validation and error codes observed on tenants.
//!
//! Codes marked "observed" were seen on a real tenant; every other code and every message text is
//! our choice (SAP publishes neither), named in the same `VHR_…` style.

use serde_json::{Map, Value};

use super::model::{Allocation, SapData, StoreKind, VirtualHost, VirtualHostRequest};
use super::odata::ODataError;
use crate::demo_data as demo;

/// Observed: an alias of more than 63 characters.
pub const ALIAS_TOO_LONG: &str = "VHR_VIRTUALHOST_ALIAS_LENGTH_GREATER_THAN_63_CHARS";
/// Observed: "only Alphanumerics and hyphens", no leading or trailing hyphen.
pub const ALIAS_FORMAT_INVALID: &str = "VHR_VIRTUALHOST_ALIAS_FORMAT_INVALID";
/// Observed: client authentication without a truststore.
pub const TRUST_STORE_MISSING: &str = "VHR_VIRTUALHOST_TRUST_STORE_MISSING";
/// Observed: a truststore (here also: a keystore) that does not exist.
pub const CREATE_ERROR: &str = "VIRTUAL_HOST_CREATE_ERROR";
/// Observed, with this exact message: an unknown or already deleted virtualHostId.
pub const NO_COMPLETED_RECORD: &str = "VHR_NO_COMPLETED_RECORD_FOUND";
/// Our choice: a duplicate alias is refused with 400 on tenants, the code is not published.
pub const ALIAS_EXISTS: &str = "VHR_VIRTUALHOST_ALIAS_ALREADY_EXISTS";
/// Our choice: CREATE without virtualHostUrl.
pub const ALIAS_MISSING: &str = "VHR_VIRTUALHOST_ALIAS_MISSING";
/// Our choice: UPDATE or DELETE without virtualHostId.
pub const ID_MISSING: &str = "VHR_VIRTUALHOST_ID_MISSING";
/// Our choice: a custom domain without keyStoreName (or keyStore).
pub const KEY_STORE_MISSING: &str = "VHR_VIRTUALHOST_KEY_STORE_MISSING";
/// Our choice: a custom domain without keyStoreAlias.
pub const KEY_STORE_ALIAS_MISSING: &str = "VHR_VIRTUALHOST_KEY_STORE_ALIAS_MISSING";
/// Our choice: DELETE of the default virtual host (SAP Help: "not marked as the Default").
pub const DEFAULT_NOT_DELETABLE: &str = "VHR_DEFAULT_VIRTUALHOST_DELETION_NOT_ALLOWED";
/// Our choice: DELETE of a host a proxy (draft, deployed or revision) refers to.
pub const IN_USE: &str = "VHR_VIRTUALHOST_REFERENCED_BY_API_PROXY";
/// Our choice: an operation other than CREATE, UPDATE, DELETE.
pub const INVALID_OPERATION: &str = "VHR_INVALID_OPERATION";
/// Our choice: a body that is not a JSON object, a property of the wrong type, or a property the
/// entity type does not have.
pub const INVALID_PAYLOAD: &str = "VHR_INVALID_REQUEST_PAYLOAD";

/// Properties a request may carry: the documented request fields plus the entity's own (read-only
/// ones are accepted and ignored, so an answer can be sent back as it came). Anything else is
/// refused, as an OData service refuses a property its entity type does not have.
const KNOWN_PROPERTIES: [&str; 20] = [
    "accountId",
    "virtualHostUrl",
    "isDefaultVirtualHostRequest",
    "isClientAuthEnabled",
    "keyStore",
    "trustStore",
    "virtualHostId",
    "operation",
    "isForCustomDomain",
    "keyStoreName",
    "keyStoreAlias",
    "id",
    "allocatedPort",
    "allocationStatus",
    "clusterName",
    "isForNonSni",
    "isTLS",
    "lbHost",
    "life_cycle",
    "__metadata",
];

/// A request body, with each property's presence kept: UPDATE changes only what was sent.
#[derive(Debug, Default)]
struct Body {
    account_id: Option<String>,
    virtual_host_url: Option<String>,
    is_default_request: Option<bool>,
    client_auth: Option<bool>,
    key_store: Option<String>,
    key_store_alias: Option<String>,
    trust_store: Option<String>,
    virtual_host_id: Option<String>,
    operation: Option<String>,
    is_for_custom_domain: Option<bool>,
}

fn payload_error(message: String) -> ODataError {
    ODataError::bad_request(INVALID_PAYLOAD, message)
}

fn string_field(obj: &Map<String, Value>, name: &str) -> Result<Option<String>, ODataError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(payload_error(format!(
            "The property '{name}' must be a string."
        ))),
    }
}

fn bool_field(obj: &Map<String, Value>, name: &str) -> Result<Option<bool>, ODataError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(payload_error(format!(
            "The property '{name}' must be a boolean (true or false)."
        ))),
    }
}

fn parse(body: &[u8]) -> Result<Body, ODataError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| payload_error(format!("The request body is not valid JSON: {e}.")))?;
    let Value::Object(obj) = value else {
        return Err(payload_error(
            "The request body must be a JSON object.".to_owned(),
        ));
    };
    if let Some(unknown) = obj.keys().find(|k| !KNOWN_PROPERTIES.contains(&k.as_str())) {
        return Err(payload_error(format!(
            "The entity type 'apimgmtconfiguration.VirtualHostRequest' has no property '{unknown}'."
        )));
    }
    // keyStoreName is the entity's field, keyStore the default-domain request's: one value.
    let key_store = match string_field(&obj, "keyStoreName")? {
        Some(name) => Some(name),
        None => string_field(&obj, "keyStore")?,
    };
    Ok(Body {
        account_id: string_field(&obj, "accountId")?,
        virtual_host_url: string_field(&obj, "virtualHostUrl")?,
        is_default_request: bool_field(&obj, "isDefaultVirtualHostRequest")?,
        client_auth: bool_field(&obj, "isClientAuthEnabled")?,
        key_store,
        key_store_alias: string_field(&obj, "keyStoreAlias")?,
        trust_store: string_field(&obj, "trustStore")?,
        virtual_host_id: string_field(&obj, "virtualHostId")?,
        operation: string_field(&obj, "operation")?,
        is_for_custom_domain: bool_field(&obj, "isForCustomDomain")?,
    })
}

/// An alias (one DNS label): at most 63 characters of letters, digits and hyphens, no hyphen at
/// either end.
fn check_label(label: &str) -> Result<(), ODataError> {
    if label.chars().count() > 63 {
        return Err(ODataError::bad_request(
            ALIAS_TOO_LONG,
            format!("The virtual host alias '{label}' is longer than 63 characters."),
        ));
    }
    let valid = !label.is_empty()
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !label.starts_with('-')
        && !label.ends_with('-');
    if valid {
        Ok(())
    } else {
        Err(ODataError::bad_request(
            ALIAS_FORMAT_INVALID,
            format!(
                "The virtual host alias '{label}' is invalid: only Alphanumerics and hyphens are \
                 allowed, and it must not start or end with a hyphen."
            ),
        ))
    }
}

/// The full host name a request's `virtualHostUrl` stands for.
fn full_host(url: &str, custom_domain: bool) -> Result<String, ODataError> {
    if custom_domain {
        // A full host name: dot-separated labels, each an alias by the same rule, at least two.
        let labels: Vec<&str> = url.split('.').collect();
        if labels.len() < 2 || url.len() > 253 {
            return Err(ODataError::bad_request(
                ALIAS_FORMAT_INVALID,
                format!(
                    "The custom domain '{url}' is not a valid host name: give the full host name, \
                     for example api.example.com."
                ),
            ));
        }
        for label in labels {
            check_label(label)?;
        }
        Ok(url.to_owned())
    } else {
        check_label(url)?;
        Ok(format!("{url}.{}", demo::SAP_HOST_DOMAIN))
    }
}

fn check_unique(data: &SapData, host: &str, except_id: Option<&str>) -> Result<(), ODataError> {
    let taken = data
        .hosts
        .iter()
        .any(|h| h.host.eq_ignore_ascii_case(host) && Some(h.id.as_str()) != except_id);
    if taken {
        Err(ODataError::bad_request(
            ALIAS_EXISTS,
            format!("A virtual host with the host name '{host}' already exists."),
        ))
    } else {
        Ok(())
    }
}

fn check_store(data: &SapData, value: &str, kind: StoreKind) -> Result<(), ODataError> {
    if data.store_exists(value, kind) {
        return Ok(());
    }
    let what = match kind {
        StoreKind::Key => "keystore",
        StoreKind::Trust => "truststore",
    };
    let hint = if value.starts_with("ref://") {
        format!("no certificate store reference of type {what} has that name")
    } else {
        format!("no {what} has that name")
    };
    Err(ODataError::bad_request(
        CREATE_ERROR,
        format!(
            "The virtual host could not be saved: the {what} '{value}' does not exist ({hint})."
        ),
    ))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.trim().is_empty())
}

fn unknown_id(id: &str) -> ODataError {
    // Observed message, verbatim.
    ODataError::bad_request(
        NO_COMPLETED_RECORD,
        format!("Could not locate previous status for the virtual host id {id}."),
    )
}

fn required_id(body: &Body, operation: &str) -> Result<String, ODataError> {
    non_empty(body.virtual_host_id.clone()).ok_or_else(|| {
        ODataError::bad_request(
            ID_MISSING,
            format!("The virtualHostId is required for the operation {operation}."),
        )
    })
}

/// Applies one request to the tenant's data; on success the answer to send with 201.
pub fn apply(
    data: &mut SapData,
    body: &[u8],
    caller: &str,
    now_ms: u64,
) -> Result<VirtualHostRequest, ODataError> {
    let body = parse(body)?;
    match body.operation.as_deref() {
        Some("CREATE") => create(data, body, caller, now_ms),
        Some("UPDATE") => update(data, body, caller, now_ms),
        Some("DELETE") => delete(data, body, caller, now_ms),
        other => Err(ODataError::bad_request(
            INVALID_OPERATION,
            match other {
                Some(op) => {
                    format!("The operation '{op}' is not supported: use CREATE, UPDATE or DELETE.")
                }
                None => "The operation is missing: use CREATE, UPDATE or DELETE.".to_owned(),
            },
        )),
    }
}

fn account(body: &Body) -> String {
    // Not checked against the subaccount: SAP's samples echo a placeholder accountId unchanged.
    body.account_id
        .clone()
        .unwrap_or_else(|| demo::SAP_SUBACCOUNT.to_owned())
}

fn make_default(data: &mut SapData, id: &str) {
    // Our reading of isDefaultVirtualHostRequest: true makes the host the tenant's default (there
    // is always exactly one); false never takes the default away.
    for host in &mut data.hosts {
        host.is_default = host.id == id;
    }
}

fn answer(
    host: &VirtualHost,
    body: &Body,
    operation: &'static str,
    caller: &str,
    now_ms: u64,
) -> VirtualHostRequest {
    VirtualHostRequest {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account(body),
        operation,
        virtual_host_id: host.id.clone(),
        allocated: Some(Allocation {
            host: host.host.clone(),
            lb_host: host
                .is_for_custom_domain
                .then(|| demo::SAP_LB_HOST.to_owned()),
        }),
        client_auth: host.client_auth,
        is_default_request: body.is_default_request.unwrap_or(false),
        is_for_custom_domain: host.is_for_custom_domain,
        key_store_alias: host.key_store_alias.clone(),
        key_store_name: host.key_store_name.clone(),
        trust_store: host.trust_store.clone(),
        at: now_ms,
        by: caller.to_owned(),
    }
}

fn create(
    data: &mut SapData,
    body: Body,
    caller: &str,
    now_ms: u64,
) -> Result<VirtualHostRequest, ODataError> {
    let custom_domain = body.is_for_custom_domain.unwrap_or(false);
    let url = body.virtual_host_url.clone().ok_or_else(|| {
        ODataError::bad_request(
            ALIAS_MISSING,
            "The virtualHostUrl (the alias of the virtual host) is required.",
        )
    })?;
    let host_name = full_host(&url, custom_domain)?;
    check_unique(data, &host_name, None)?;

    let client_auth = body.client_auth.unwrap_or(false);
    let trust_store = if client_auth {
        let store = non_empty(body.trust_store.clone()).ok_or_else(|| {
            ODataError::bad_request(
                TRUST_STORE_MISSING,
                "A truststore is required when client authentication (isClientAuthEnabled) is enabled.",
            )
        })?;
        check_store(data, &store, StoreKind::Trust)?;
        Some(store)
    } else {
        // Without client authentication a truststore has no use; SAP keeps none.
        None
    };

    let key_store = non_empty(body.key_store.clone());
    let key_store_alias = non_empty(body.key_store_alias.clone());
    if custom_domain {
        if key_store.is_none() {
            return Err(ODataError::bad_request(
                KEY_STORE_MISSING,
                "A custom domain needs the keystore (keyStoreName) holding its certificate and key.",
            ));
        }
        if key_store_alias.is_none() {
            return Err(ODataError::bad_request(
                KEY_STORE_ALIAS_MISSING,
                "A custom domain needs the alias (keyStoreAlias) of its key in the keystore.",
            ));
        }
    }
    if let Some(store) = &key_store {
        check_store(data, store, StoreKind::Key)?;
    }

    let host = VirtualHost {
        id: uuid::Uuid::new_v4().to_string(),
        host: host_name,
        is_default: false,
        is_for_custom_domain: custom_domain,
        client_auth,
        key_store_name: key_store,
        key_store_alias,
        trust_store,
        used_by_proxy: None,
        created_at: now_ms,
        created_by: caller.to_owned(),
        changed_at: now_ms,
        changed_by: caller.to_owned(),
    };
    let id = host.id.clone();
    data.hosts.push(host);
    if body.is_default_request == Some(true) {
        make_default(data, &id);
    }
    let host = data.host(&id).ok_or_else(|| unknown_id(&id))?;
    Ok(answer(host, &body, "CREATE", caller, now_ms))
}

fn update(
    data: &mut SapData,
    body: Body,
    caller: &str,
    now_ms: u64,
) -> Result<VirtualHostRequest, ODataError> {
    let id = required_id(&body, "UPDATE")?;
    let mut host = data.host(&id).cloned().ok_or_else(|| unknown_id(&id))?;

    // A host stays what it is: isForCustomDomain in an UPDATE is not used to convert it.
    if let Some(url) = &body.virtual_host_url {
        let host_name = full_host(url, host.is_for_custom_domain)?;
        check_unique(data, &host_name, Some(&id))?;
        host.host = host_name;
    }

    // Observed: fields not sent keep their value; isClientAuthEnabled false switches mutual TLS off
    // and clears the truststore; an UPDATE without the TLS fields keeps mutual TLS.
    match body.client_auth {
        Some(false) => {
            host.client_auth = false;
            host.trust_store = None;
        }
        Some(true) => {
            let store = non_empty(body.trust_store.clone())
                .or(host.trust_store.clone())
                .ok_or_else(|| {
                    ODataError::bad_request(
                        TRUST_STORE_MISSING,
                        "A truststore is required when client authentication (isClientAuthEnabled) is enabled.",
                    )
                })?;
            if body.trust_store.is_some() {
                check_store(data, &store, StoreKind::Trust)?;
            }
            host.client_auth = true;
            host.trust_store = Some(store);
        }
        None => {
            if host.client_auth {
                if let Some(store) = non_empty(body.trust_store.clone()) {
                    check_store(data, &store, StoreKind::Trust)?;
                    host.trust_store = Some(store);
                }
            }
        }
    }

    if let Some(store) = non_empty(body.key_store.clone()) {
        check_store(data, &store, StoreKind::Key)?;
        host.key_store_name = Some(store);
    }
    if let Some(alias) = non_empty(body.key_store_alias.clone()) {
        host.key_store_alias = Some(alias);
    }

    host.changed_at = now_ms;
    host.changed_by = caller.to_owned();
    if let Some(slot) = data.hosts.iter_mut().find(|h| h.id == id) {
        *slot = host;
    }
    if body.is_default_request == Some(true) {
        make_default(data, &id);
    }
    let host = data.host(&id).ok_or_else(|| unknown_id(&id))?;
    Ok(answer(host, &body, "UPDATE", caller, now_ms))
}

fn delete(
    data: &mut SapData,
    body: Body,
    caller: &str,
    now_ms: u64,
) -> Result<VirtualHostRequest, ODataError> {
    let id = required_id(&body, "DELETE")?;
    let host = data.host(&id).ok_or_else(|| unknown_id(&id))?;
    if host.is_default {
        return Err(ODataError::bad_request(
            DEFAULT_NOT_DELETABLE,
            format!(
                "The virtual host {id} ({}) is the default virtual host and cannot be deleted.",
                host.host
            ),
        ));
    }
    if let Some(proxy) = &host.used_by_proxy {
        return Err(ODataError::bad_request(
            IN_USE,
            format!(
                "The virtual host {id} ({}) cannot be deleted: the API proxy '{proxy}' refers to it. \
                 Undeploy the proxy and remove the virtual host from it and from its revisions first.",
                host.host
            ),
        ));
    }
    data.hosts.retain(|h| h.id != id);
    // As SAP's DELETE sample: no allocation, flags false, stores null.
    Ok(VirtualHostRequest {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account(&body),
        operation: "DELETE",
        virtual_host_id: id,
        allocated: None,
        client_auth: false,
        is_default_request: false,
        is_for_custom_domain: false,
        key_store_alias: None,
        key_store_name: None,
        trust_store: None,
        at: now_ms,
        by: caller.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(data: &mut SapData, body: Value) -> Result<VirtualHostRequest, ODataError> {
        apply(data, body.to_string().as_bytes(), "tester", 1)
    }

    fn code(result: Result<VirtualHostRequest, ODataError>) -> &'static str {
        match result {
            Ok(_) => "OK",
            Err(e) => e.code,
        }
    }

    #[test]
    fn alias_rules() {
        assert!(check_label("prod-apis").is_ok());
        assert!(check_label(&"a".repeat(63)).is_ok());
        assert_eq!(
            check_label(&"a".repeat(64)).map_err(|e| e.code),
            Err(ALIAS_TOO_LONG)
        );
        for bad in ["-x", "x-", "a_b", "a.b", "", "ä"] {
            assert_eq!(
                check_label(bad).map_err(|e| e.code),
                Err(ALIAS_FORMAT_INVALID),
                "{bad}"
            );
        }
        assert!(full_host("api.example.com", true).is_ok());
        assert!(full_host("localhost", true).is_err());
        assert!(full_host("api..example.com", true).is_err());
    }

    #[test]
    fn update_keeps_unsent_fields_and_switching_off_clears_the_truststore() {
        let mut data = SapData::seed(None);
        let id = data.hosts[1].id.clone();
        let answer = run(
            &mut data,
            serde_json::json!({"operation":"UPDATE","virtualHostId":id,"virtualHostUrl":"prod-apis-2"}),
        )
        .expect("update");
        assert!(answer.client_auth);
        assert_eq!(
            answer.trust_store.as_deref(),
            Some("ref://partner-truststore-ref")
        );
        let answer = run(
            &mut data,
            serde_json::json!({"operation":"UPDATE","virtualHostId":id,"isClientAuthEnabled":false}),
        )
        .expect("update");
        assert!(!answer.client_auth);
        assert_eq!(answer.trust_store, None);
        assert_eq!(data.hosts[1].trust_store, None);
        assert!(data.hosts[1].host.starts_with("prod-apis-2."));
        assert_eq!(
            code(run(
                &mut data,
                serde_json::json!({"operation":"UPDATE","virtualHostId":id,"isClientAuthEnabled":true})
            )),
            TRUST_STORE_MISSING
        );
    }

    #[test]
    fn errors_by_case() {
        let mut data = SapData::seed(None);
        let cases = [
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"sandbox"}),
                ALIAS_EXISTS,
            ),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"SANDBOX"}),
                ALIAS_EXISTS,
            ),
            (serde_json::json!({"operation":"CREATE"}), ALIAS_MISSING),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"x","isClientAuthEnabled":true}),
                TRUST_STORE_MISSING,
            ),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"x","isClientAuthEnabled":true,"trustStore":"ref://demo-keystore-ref"}),
                CREATE_ERROR,
            ),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"x","keyStore":"partner-truststore"}),
                CREATE_ERROR,
            ),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"a.example.com","isForCustomDomain":true}),
                KEY_STORE_MISSING,
            ),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"a.example.com","isForCustomDomain":true,"keyStoreName":"demo-keystore"}),
                KEY_STORE_ALIAS_MISSING,
            ),
            (serde_json::json!({"operation":"UPDATE"}), ID_MISSING),
            (
                serde_json::json!({"operation":"DELETE","virtualHostId":""}),
                ID_MISSING,
            ),
            (
                serde_json::json!({"operation":"DELETE","virtualHostId":"nope"}),
                NO_COMPLETED_RECORD,
            ),
            (serde_json::json!({"operation":"PATCH"}), INVALID_OPERATION),
            (serde_json::json!({"virtualHostUrl":"x"}), INVALID_OPERATION),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"x","isClientAuthEnabled":"yes"}),
                INVALID_PAYLOAD,
            ),
            (
                serde_json::json!({"operation":"CREATE","virtualHostUrl":"x","truststore":"a"}),
                INVALID_PAYLOAD,
            ),
            (serde_json::json!(["CREATE"]), INVALID_PAYLOAD),
        ];
        for (body, expected) in cases {
            assert_eq!(code(run(&mut data, body.clone())), expected, "{body}");
        }
        assert_eq!(data, SapData::seed(None), "failed requests change nothing");
    }

    #[test]
    fn default_and_referenced_hosts_cannot_be_deleted() {
        let mut data = SapData::seed(None);
        let default_id = data.hosts[0].id.clone();
        let used_id = data.hosts[2].id.clone();
        let free_id = data.hosts[3].id.clone();
        let delete = |id: &str| serde_json::json!({"operation":"DELETE","virtualHostId":id});
        assert_eq!(
            code(run(&mut data, delete(&default_id))),
            DEFAULT_NOT_DELETABLE
        );
        assert_eq!(code(run(&mut data, delete(&used_id))), IN_USE);
        assert_eq!(code(run(&mut data, delete(&free_id))), "OK");
        assert_eq!(code(run(&mut data, delete(&free_id))), NO_COMPLETED_RECORD);
    }
}
