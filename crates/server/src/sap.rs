//! SAP API Management on the portal's origin: `/apiportal/…` (Management.svc lists and a store's
//! certificates, Configuration.svc/VirtualHostRequests) and XSUAA's `/oauth/token`.

pub mod certificates;
pub mod model;
pub mod odata;
pub mod token;
pub mod virtual_host_requests;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::backend::{self, Backend};
use crate::demo_data as demo;
use crate::emulated_tokens::{now_ms, TokenCheck, TokenStore};
use crate::upstream;
use certificates::StoredCertificate;
use model::SapData;
use odata::{Format, ODataError};

pub const MANAGEMENT_PATH: &str = "/apiportal/api/1.0/Management.svc";
pub const CONFIGURATION_PATH: &str = "/apiportal/operations/1.0/Configuration.svc";
pub const TOKEN_PATH: &str = "/oauth/token";

/// The emulated tenant: its data and the tokens its XSUAA issued.
#[derive(Debug)]
pub struct SapEmulation {
    data: Mutex<SapData>,
    /// The custom domain's keystore entry, made at start and kept across resets.
    custom_domain_certificate: Option<StoredCertificate>,
    pub tokens: TokenStore,
    /// Seconds from `iat` to `exp` of an issued token (XSUAA: 43200, answered as `expires_in: 43199`).
    pub token_lifetime_secs: u64,
}

impl SapEmulation {
    pub fn new(token_lifetime_secs: u64) -> Arc<SapEmulation> {
        let custom_domain_certificate =
            match certificates::custom_domain_entry(time::OffsetDateTime::now_utc()) {
                Ok(entry) => Some(entry),
                Err(e) => {
                    tracing::warn!("{e}; the demo keystore stays empty");
                    None
                }
            };
        let emulation = SapEmulation {
            data: Mutex::new(SapData::seed(custom_domain_certificate.as_ref())),
            custom_domain_certificate,
            tokens: TokenStore::default(),
            token_lifetime_secs,
        };
        emulation.tokens.remember(
            token::ready_token(),
            demo::SAP_CLIENT_ID,
            Some(demo::SAP_READY_TOKEN_EXP),
        );
        emulation.tokens.remember(
            token::admin_ready_token(),
            demo::SAP_ADMIN_CLIENT_ID,
            Some(demo::SAP_READY_TOKEN_EXP),
        );
        emulation.tokens.remember(
            token::expired_token(),
            demo::SAP_CLIENT_ID,
            Some(demo::SAP_EXPIRED_TOKEN_EXP),
        );
        Arc::new(emulation)
    }

    pub fn data(&self) -> MutexGuard<'_, SapData> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Back to the seeded data. Issued tokens stay valid, so a client stays logged in.
    pub fn reset(&self) {
        *self.data() = SapData::seed(self.custom_domain_certificate.as_ref());
    }
}

type Shared = Arc<SapEmulation>;

/// The router for SAP's paths, whatever stands behind them.
pub fn router(backend: &Backend<Shared>) -> Router {
    match backend {
        Backend::Emulated(state) => emulation_router(state.clone()),
        Backend::Off => Router::new()
            .fallback(|| async { backend::not_configured("SAP API Management", "--upstream-sap") }),
        Backend::Upstream(target) => upstream::router(target.clone()),
    }
}

fn emulation_router(state: Shared) -> Router {
    let m = MANAGEMENT_PATH;
    let c = CONFIGURATION_PATH;
    Router::new()
        .route(&format!("{m}/VirtualHosts"), get(list_virtual_hosts))
        .route(&format!("{m}/VirtualHosts/"), get(list_virtual_hosts))
        .route(&format!("{m}/CertificateStores"), get(list_stores))
        .route(&format!("{m}/CertificateStores/"), get(list_stores))
        .route(
            &format!("{m}/CertificateStoreReferences"),
            get(list_references),
        )
        .route(
            &format!("{m}/CertificateStoreReferences/"),
            get(list_references),
        )
        .route(&format!("{m}/{{segment}}"), get(single_entity))
        .route(
            &format!("{m}/{{segment}}/certificates"),
            get(store_certificates),
        )
        .route(
            &format!("{m}/{{segment}}/certificates/"),
            get(store_certificates),
        )
        .route(
            &format!("{c}/VirtualHostRequests"),
            post(virtual_host_request),
        )
        .route(&format!("{c}/$metadata"), get(configuration_metadata))
        .route(TOKEN_PATH, post(token::issue))
        .fallback(not_found)
        .with_state(state)
}

/// `http://<Host>`: entity URIs point back at the origin the client used.
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// SAP's answer to a missing, unknown or expired bearer token. The real body is not recorded:
/// this follows RFC 6750 and the Spring-style `{error, error_description}` SAP's Java services send.
/// Always JSON: the check happens before the OData layer.
pub fn unauthorized(check: &TokenCheck) -> Response {
    let (challenge, description) = match check {
        TokenCheck::Missing => (
            "Bearer".to_owned(),
            "Full authentication is required to access this resource",
        ),
        TokenCheck::Expired => (
            "Bearer error=\"invalid_token\", error_description=\"The access token expired\""
                .to_owned(),
            "The access token expired",
        ),
        _ => (
            "Bearer error=\"invalid_token\", error_description=\"The access token is invalid\""
                .to_owned(),
            "The access token is invalid",
        ),
    };
    let error = if matches!(check, TokenCheck::Missing) {
        "unauthorized"
    } else {
        "invalid_token"
    };
    let mut response = (
        StatusCode::UNAUTHORIZED,
        serde_json::json!({ "error": error, "error_description": description }).to_string(),
    )
        .into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&challenge) {
        headers.insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// The calling client, or the 401 to answer.
fn authorize(state: &SapEmulation, headers: &HeaderMap) -> Result<String, Box<Response>> {
    match state.tokens.check(headers) {
        TokenCheck::Valid { client_id } => Ok(client_id),
        other => Err(Box::new(unauthorized(&other))),
    }
}

async fn list_virtual_hosts(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    let root = format!("{}{MANAGEMENT_PATH}", origin(&headers));
    let entities: Vec<_> = state.data().hosts.iter().map(|h| h.entity(&root)).collect();
    let format = Format::negotiate(&headers, uri.query());
    odata::feed_response(format, &root, "VirtualHosts", &entities, now_ms())
}

async fn list_stores(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    let root = format!("{}{MANAGEMENT_PATH}", origin(&headers));
    let entities: Vec<_> = state
        .data()
        .stores
        .iter()
        .map(|s| s.entity(&root))
        .collect();
    let format = Format::negotiate(&headers, uri.query());
    odata::feed_response(format, &root, "CertificateStores", &entities, now_ms())
}

async fn list_references(State(state): State<Shared>, headers: HeaderMap, uri: Uri) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    let root = format!("{}{MANAGEMENT_PATH}", origin(&headers));
    let entities: Vec<_> = state
        .data()
        .references
        .iter()
        .map(|r| r.entity(&root))
        .collect();
    let format = Format::negotiate(&headers, uri.query());
    odata::feed_response(
        format,
        &root,
        "CertificateStoreReferences",
        &entities,
        now_ms(),
    )
}

/// `VirtualHosts('<id>')` and the like. Observed: the self-service key may read the list but not a
/// single entity (403). The same is chosen for the store sets. The 403 body is not recorded.
async fn single_entity(
    State(state): State<Shared>,
    Path(segment): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let format = Format::negotiate(&headers, uri.query());
    let set = segment.split('(').next().unwrap_or("");
    let known = [
        "VirtualHosts",
        "CertificateStores",
        "CertificateStoreReferences",
    ];
    // Unknown paths are 404 without a token, as everywhere else under /apiportal/.
    if !known.contains(&set) || !segment.ends_with(')') {
        return not_found_error(&segment).render(format);
    }
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    ODataError {
        status: StatusCode::FORBIDDEN,
        code: "FORBIDDEN",
        message: format!(
            "You are not authorized to read {segment}: this key may read the {set} collection only."
        ),
    }
    .render(format)
}

/// The store named by `CertificateStores('<name>')` or `CertificateStores(name='<name>')`.
fn store_key(segment: &str) -> Option<String> {
    let key = segment
        .strip_prefix("CertificateStores(")?
        .strip_suffix(')')?;
    let literal = key.strip_prefix("name=").unwrap_or(key);
    odata::parse_string_literal(literal)
}

/// `CertificateStores('<name>')/certificates`. Who may read it is not published; the emulation
/// lets only a key with [`demo::SAP_CERTIFICATES_ROLE`] read it and answers any other key 403
/// naming that role (an assumption, stated in the README's demo section).
async fn store_certificates(
    State(state): State<Shared>,
    Path(segment): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let format = Format::negotiate(&headers, uri.query());
    // Unknown paths are 404 without a token, as everywhere else under /apiportal/.
    let Some(store) = store_key(&segment) else {
        return not_found_error(&format!("{segment}/certificates")).render(format);
    };
    let caller = match authorize(&state, &headers) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    if caller != demo::SAP_ADMIN_CLIENT_ID {
        return ODataError {
            status: StatusCode::FORBIDDEN,
            code: "FORBIDDEN",
            message: format!(
                "You are not authorized to read the certificates of {segment}: this requires the \
                 role {}; the token's client has {}.",
                demo::SAP_CERTIFICATES_ROLE,
                demo::SAP_SELF_SERVICE_ROLE
            ),
        }
        .render(format);
    }
    let root = format!("{}{MANAGEMENT_PATH}", origin(&headers));
    let now = now_secs_i64();
    let entities = match state.data().store(&store) {
        Some(found) => found
            .certificates
            .iter()
            .map(|c| c.entity(&root, now))
            .collect::<Vec<_>>(),
        None => {
            return ODataError {
                status: StatusCode::NOT_FOUND,
                code: "NOT_FOUND",
                message: format!("Could not find the certificate store {segment}."),
            }
            .render(format)
        }
    };
    let set = format!(
        "CertificateStores({})/certificates",
        odata::string_literal(&store)
    );
    odata::feed_response(format, &root, &set, &entities, now_ms())
}

fn now_secs_i64() -> i64 {
    i64::try_from(crate::emulated_tokens::now_secs()).unwrap_or(i64::MAX)
}

/// Observed: Configuration.svc does not serve its $metadata to the apiportal-apiaccess keys.
async fn configuration_metadata(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    ODataError {
        status: StatusCode::FORBIDDEN,
        code: "FORBIDDEN",
        message: "You are not authorized to read the metadata of Configuration.svc.".to_owned(),
    }
    .render(Format::negotiate(&headers, uri.query()))
}

async fn virtual_host_request(
    State(state): State<Shared>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let format = Format::negotiate(&headers, uri.query());
    let caller = match authorize(&state, &headers) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let now = now_ms();
    let result = virtual_host_requests::apply(&mut state.data(), &body, &caller, now);
    match result {
        Ok(request) => {
            let root = format!("{}{CONFIGURATION_PATH}", origin(&headers));
            odata::entry_response(StatusCode::CREATED, format, &request.entity(&root), now)
        }
        Err(error) => error.render(format),
    }
}

fn not_found_error(segment: &str) -> ODataError {
    ODataError {
        status: StatusCode::NOT_FOUND,
        code: "NOT_FOUND",
        message: format!("Could not find an entity set or function import for '{segment}'."),
    }
}

async fn not_found(headers: HeaderMap, uri: Uri) -> Response {
    if uri.path().starts_with("/oauth/") || uri.path() == "/oauth" {
        let mut response = (
            StatusCode::NOT_FOUND,
            serde_json::json!({"error": "not_found", "error_description": "Not Found"}).to_string(),
        )
            .into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        );
        return response;
    }
    let segment = uri.path().rsplit('/').next().unwrap_or("");
    not_found_error(segment).render(Format::negotiate(&headers, uri.query()))
}
