//! Apinizer API Ops on the portal's origin: `/apiops/…`, answered as the seed document (and, where
//! it is silent, the 2025 docs) describe it: `{"success":true}` and `{error, error_description}`.

pub mod model;
pub mod mtls;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::Router;
use serde::Serialize;
use serde_json::json;

use crate::backend::{self, Backend};
use crate::demo_data as demo;
use crate::emulated_tokens::{hex_id, jwt_shaped, now_secs, secret_eq, TokenCheck, TokenStore};
use crate::upstream;
use model::ApinizerData;

pub const TOKEN_PATH: &str = "/apiops/auth/token";

#[derive(Debug)]
pub struct ApinizerEmulation {
    data: Mutex<ApinizerData>,
    pub tokens: TokenStore,
    pub token_lifetime_secs: u64,
}

impl ApinizerEmulation {
    pub fn new(token_lifetime_secs: u64) -> Arc<ApinizerEmulation> {
        let emulation = ApinizerEmulation {
            data: Mutex::new(ApinizerData::seed()),
            tokens: TokenStore::default(),
            token_lifetime_secs,
        };
        emulation.tokens.remember(
            demo::APINIZER_PERSONAL_TOKEN.to_owned(),
            demo::APINIZER_CLIENT_ID,
            None,
        );
        Arc::new(emulation)
    }

    pub fn data(&self) -> MutexGuard<'_, ApinizerData> {
        self.data.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Back to the seeded data; issued tokens stay valid.
    pub fn reset(&self) {
        *self.data() = ApinizerData::seed();
    }
}

type Shared = Arc<ApinizerEmulation>;

/// `{error, error_description}` with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: &'static str,
    pub description: String,
}

impl ApiError {
    pub fn bad_request(description: String) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: "bad_request",
            description,
        }
    }

    pub fn validation_failed(description: String) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            error: "validation_failed",
            description,
        }
    }

    pub fn not_found(description: String) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            error: "not_found",
            description,
        }
    }
}

/// Apinizer's content type (old docs: `application/json;charset=UTF-8`).
pub fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(
            self.status,
            json!({ "error": self.error, "error_description": self.description }).to_string(),
        )
    }
}

/// `{"success":true,"resultList":[…]}` in this field order (a `json!` map would sort it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ListEnvelope<T> {
    success: bool,
    result_list: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result_count: Option<usize>,
}

fn ok_json(body: &impl Serialize) -> Response {
    json_response(
        StatusCode::OK,
        serde_json::to_string(body).unwrap_or_default(),
    )
}

pub fn router(backend: &Backend<Shared>) -> Router {
    match backend {
        Backend::Emulated(state) => emulation_router(state.clone()),
        Backend::Off => Router::new()
            .fallback(|| async { backend::not_configured("Apinizer", "--upstream-apinizer") }),
        Backend::Upstream(target) => upstream::router(target.clone()),
    }
}

fn emulation_router(state: Shared) -> Router {
    let proxies = "/apiops/projects/{project}/apiProxies";
    // The docs spell every path with a trailing slash; both spellings are answered.
    Router::new()
        .route(TOKEN_PATH, post(issue_token))
        .route(&format!("{TOKEN_PATH}/"), post(issue_token))
        .route(&format!("{proxies}/"), get(list_proxies))
        .route(proxies, get(list_proxies))
        .route(&format!("{proxies}/{{proxy}}/"), get(get_proxy))
        .route(&format!("{proxies}/{{proxy}}"), get(get_proxy))
        .route(
            &format!("{proxies}/{{proxy}}/settings/mtls/"),
            patch(update_mtls),
        )
        .route(
            &format!("{proxies}/{{proxy}}/settings/mtls"),
            patch(update_mtls),
        )
        .route("/apiops/projects/{project}/keystores/", get(list_keystores))
        .route("/apiops/projects/{project}/keystores", get(list_keystores))
        .fallback(|| async {
            ApiError::not_found("No endpoint matches this path".to_owned()).into_response()
        })
        .with_state(state)
}

/// 401 for a missing, unknown or expired token. Missing and unknown: the seed's body exactly.
/// Expired: not in the seed; `token_expired` is a documented error code and "Token was expired!"
/// the 2026 docs' text.
pub fn unauthorized(check: &TokenCheck) -> Response {
    let (error, description) = match check {
        TokenCheck::Expired => ("token_expired", "Token was expired!"),
        _ => ("unauthorized_client", "Invalid token"),
    };
    ApiError {
        status: StatusCode::UNAUTHORIZED,
        error,
        description: description.to_owned(),
    }
    .into_response()
}

fn authorize(state: &ApinizerEmulation, headers: &HeaderMap) -> Result<(), Box<Response>> {
    match state.tokens.check(headers) {
        TokenCheck::Valid { .. } => Ok(()),
        other => Err(Box::new(unauthorized(&other))),
    }
}

fn project_not_found(name: &str) -> Response {
    ApiError::not_found(format!("Project ({name}) is not found!")).into_response()
}

fn proxy_not_found(name: &str) -> Response {
    ApiError::not_found(format!("ApiProxy (name: {name}) was not found!")).into_response()
}

/// The list shape is not documented: ours is the 2025 docs' keystore list envelope with the proxy
/// detail objects in it, plus `resultCount` as the openapi envelope has.
async fn list_proxies(
    State(state): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    let data = state.data();
    let Some(project) = data.project(&project) else {
        return project_not_found(&project);
    };
    let list: Vec<_> = project.proxies.iter().map(|p| p.view()).collect();
    ok_json(&ListEnvelope {
        success: true,
        result_count: Some(list.len()),
        result_list: list,
    })
}

async fn get_proxy(
    State(state): State<Shared>,
    Path((project, proxy)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    let data = state.data();
    let Some(project) = data.project(&project) else {
        return project_not_found(&project);
    };
    match project.proxies.iter().find(|p| p.name == proxy) {
        Some(found) => ok_json(&found.view()),
        None => proxy_not_found(&proxy),
    }
}

async fn list_keystores(
    State(state): State<Shared>,
    Path(project): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    let data = state.data();
    let Some(project) = data.project(&project) else {
        return project_not_found(&project);
    };
    let list: Vec<_> = project
        .keystores
        .iter()
        .map(|k| k.view(&project.id))
        .collect();
    ok_json(&ListEnvelope {
        success: true,
        result_list: list,
        result_count: None,
    })
}

async fn update_mtls(
    State(state): State<Shared>,
    Path((project_name, proxy_name)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(response) = authorize(&state, &headers) {
        return *response;
    }
    // As a Spring controller: the body is read (and refused if malformed) before the service
    // looks the project and proxy up.
    let patch = match mtls::parse(&body) {
        Ok(patch) => patch,
        Err(error) => return error.into_response(),
    };
    let mut data = state.data();
    let Some(project) = data.project_mut(&project_name) else {
        return project_not_found(&project_name);
    };
    let Some(index) = project.proxies.iter().position(|p| p.name == proxy_name) else {
        return proxy_not_found(&proxy_name);
    };
    let next = match mtls::merged(project, &project.proxies[index].mtls, &patch) {
        Ok(next) => next,
        Err(error) => return error.into_response(),
    };
    let proxy = &mut project.proxies[index];
    let targets: Vec<String> = match (&patch.deploy, &patch.deploy_targets) {
        (Some(true), Some(targets)) if !targets.is_empty() => targets.clone(),
        (Some(true), _) => proxy
            .deployments
            .iter()
            .map(|d| d.environment_name.clone())
            .collect(),
        _ => Vec::new(),
    };
    if let Some(unknown) = targets
        .iter()
        .find(|t| !proxy.deployments.iter().any(|d| &d.environment_name == *t))
    {
        return ApiError::bad_request(format!("Environment ({unknown}) is not found!"))
            .into_response();
    }
    proxy.mtls = next;
    // A settings change takes effect on the gateways with the next deployment.
    for deployment in &mut proxy.deployments {
        if targets.contains(&deployment.environment_name) {
            deployment.deployed = true;
            deployment.redeploy_required = false;
        } else if deployment.deployed {
            deployment.redeploy_required = true;
        }
    }
    if targets.is_empty() {
        ok_json(&json!({ "success": true }))
    } else {
        // Shape of the 2026 docs' deploy sample.
        let results: Vec<_> = targets
            .iter()
            .map(|env| json!({ "environmentName": env, "success": true, "message": "Deployment successful" }))
            .collect();
        ok_json(&json!({
            "success": true,
            "deploymentResult": { "success": true, "deploymentResults": results },
        }))
    }
}

#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    token_type: &'static str,
    expires_in: u64,
}

/// `POST /apiops/auth/token`, form `grant_type=client_credentials&client_id&client_secret`.
async fn issue_token(State(state): State<Shared>, body: Bytes) -> Response {
    let params: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    if param("grant_type") != Some("client_credentials") {
        return ApiError {
            status: StatusCode::BAD_REQUEST,
            error: "unsupported_grant_type",
            description: "GrantType value must be client_credentials!".to_owned(),
        }
        .into_response();
    }
    let id_ok = secret_eq(param("client_id").unwrap_or(""), demo::APINIZER_CLIENT_ID);
    let secret_ok = secret_eq(
        param("client_secret").unwrap_or(""),
        demo::APINIZER_CLIENT_SECRET,
    );
    if !(id_ok & secret_ok) {
        return ApiError {
            status: StatusCode::UNAUTHORIZED,
            error: "unauthorized_client",
            description: "Bad credentials".to_owned(),
        }
        .into_response();
    }
    let iat = now_secs();
    let exp = iat + state.token_lifetime_secs;
    let token = jwt_shaped(
        "HS512",
        &json!({ "sub": demo::APINIZER_CLIENT_ID, "jti": hex_id(), "iat": iat, "exp": exp, "iss": "apinizer" }),
    );
    state
        .tokens
        .remember(token.clone(), demo::APINIZER_CLIENT_ID, Some(exp));
    ok_json(&TokenResponse {
        access_token: token,
        token_type: "Bearer",
        expires_in: state.token_lifetime_secs,
    })
}
