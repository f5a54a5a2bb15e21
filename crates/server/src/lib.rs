//! `portal-server`: serves the built portal and, on the same origin, the backends it talks to —
//! emulated SAP API Management and Apinizer for demos and end-to-end tests (`--demo`), or real
//! tenants the same paths are forwarded to (`--upstream-*`).
//!
//! Paths: `/apiportal/…` and `/oauth/…` → SAP; `/apiops/…` → Apinizer; `/__demo/…` → demo
//! control (`--demo` only); `/__portal/backends` → which backend stands behind each product;
//! everything else → the portal's files with SPA fallback.

pub mod apinizer;
pub mod backend;
pub mod cli;
pub mod demo_control;
pub mod demo_data;
pub mod emulated_tokens;
pub mod request_log;
pub mod sap;
pub mod security;
pub mod static_files;
pub mod tls;
pub mod upstream;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tower::ServiceExt;

use apinizer::ApinizerEmulation;
use backend::{Backend, BackendChoice, Backends, Product};
use demo_control::DemoControl;
use sap::SapEmulation;

/// What the server serves and where each product's calls go.
#[derive(Debug, Clone)]
pub struct Config {
    /// Demo control endpoints under `/__demo/`.
    pub demo: bool,
    /// Trunk's output directory.
    pub dist: PathBuf,
    pub sap: BackendChoice,
    pub apinizer: BackendChoice,
    /// `exp - iat` of an SAP token (XSUAA: 43200 s).
    pub sap_token_lifetime_secs: u64,
    /// Lifetime of an exchanged Apinizer token (3600 s).
    pub apinizer_token_lifetime_secs: u64,
    /// With an SAP upstream: the service key's `tokenUrl`, where `/oauth/token` is forwarded.
    pub sap_token_url: Option<String>,
    /// Time limits for calls to upstreams.
    pub upstream_timeouts: upstream::Timeouts,
    /// The portal serves HTTPS itself (`--tls-cert`): HSTS, and only `https` origins are its own.
    pub tls: bool,
}

impl Config {
    /// Only the portal's files: no product has a backend (their paths answer 503 and say how to
    /// start the server), no demo control. The start of every other configuration.
    pub fn files_only(dist: impl Into<PathBuf>) -> Config {
        Config {
            demo: false,
            dist: dist.into(),
            sap: BackendChoice::Off,
            apinizer: BackendChoice::Off,
            sap_token_lifetime_secs: demo_data::SAP_TOKEN_LIFETIME_SECS + 1,
            apinizer_token_lifetime_secs: demo_data::APINIZER_TOKEN_LIFETIME_SECS,
            sap_token_url: None,
            upstream_timeouts: upstream::Timeouts::default(),
            tls: false,
        }
    }

    /// `portal-server --demo`: both products emulated, control endpoints on.
    pub fn demo(dist: impl Into<PathBuf>) -> Config {
        Config {
            demo: true,
            sap: BackendChoice::Emulated,
            apinizer: BackendChoice::Emulated,
            ..Config::files_only(dist)
        }
    }

    /// `--upstream-sap URL [--upstream-sap-token TOKEN_URL]`: SAP's paths forwarded to a tenant.
    pub fn forward_sap(self, url: impl Into<String>, token_url: Option<String>) -> Config {
        Config {
            sap: BackendChoice::Upstream(url.into()),
            sap_token_url: token_url,
            ..self
        }
    }

    /// `--upstream-apinizer URL`: Apinizer's paths forwarded to a console.
    pub fn forward_apinizer(self, url: impl Into<String>) -> Config {
        Config {
            apinizer: BackendChoice::Upstream(url.into()),
            ..self
        }
    }
}

/// The four areas of the origin, each its own router.
#[derive(Clone)]
struct Areas {
    sap: Router,
    apinizer: Router,
    demo: Router,
    portal_files: Router,
}

/// `path` is `prefix` or lies below it (`/apiops` and `/apiops/x`, not `/apiopsx`).
pub(crate) fn is_under(path: &str, prefix: &str) -> bool {
    path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Hands a request to its area by path prefix. Not axum's `nest_service`: a nested service sees
/// the path with the prefix stripped (axum's `Router::nest` docs), while the areas route on,
/// record (`/__demo/requests`), confine and forward the full documented path
/// (`/apiportal/api/1.0/…`); and one area answers two prefixes (`/apiportal`, `/oauth`). Each
/// area keeps its own fallback (SAP's OData 404, Apinizer's JSON 404, the app), which
/// `Router::merge` would refuse.
async fn dispatch(State(areas): State<Arc<Areas>>, request: Request) -> Response {
    let path = request.uri().path();
    let area = if is_under(path, "/apiportal") || is_under(path, "/oauth") {
        &areas.sap
    } else if is_under(path, "/apiops") {
        &areas.apinizer
    } else if is_under(path, "/__demo") {
        &areas.demo
    } else if is_under(path, "/__portal") {
        return backend::problem(StatusCode::NOT_FOUND, "not_found", "Not Found");
    } else {
        &areas.portal_files
    };
    match area.clone().oneshot(request).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

fn backend_of<S>(
    choice: &BackendChoice,
    emulation: impl FnOnce() -> S,
    upstream: impl FnOnce(String) -> upstream::Target,
) -> Backend<S> {
    match choice {
        BackendChoice::Off => Backend::Off,
        BackendChoice::Emulated => Backend::Emulated(emulation()),
        BackendChoice::Upstream(url) => {
            Backend::Upstream(upstream(url.trim_end_matches('/').to_string()))
        }
    }
}

fn emulation<S: Clone>(backend: &Backend<S>) -> Option<S> {
    match backend {
        Backend::Emulated(state) => Some(state.clone()),
        _ => None,
    }
}

/// The whole application.
pub fn router(config: &Config) -> Router {
    let sap_backend = backend_of(
        &config.sap,
        || SapEmulation::new(config.sap_token_lifetime_secs),
        |base| upstream::Target {
            product: "SAP API Management",
            base,
            prefixes: &["/apiportal/"],
            token_path: Some(sap::TOKEN_PATH),
            token_url: config.sap_token_url.clone(),
            token_flag: "--upstream-sap-token",
            timeouts: config.upstream_timeouts,
        },
    );
    let apinizer_backend = backend_of(
        &config.apinizer,
        || ApinizerEmulation::new(config.apinizer_token_lifetime_secs),
        |base| upstream::Target {
            product: "Apinizer",
            base,
            prefixes: &["/apiops/"],
            token_path: None,
            token_url: None,
            token_flag: "",
            timeouts: config.upstream_timeouts,
        },
    );
    let backends = Backends {
        sap: sap_backend.describe(),
        apinizer: apinizer_backend.describe(),
    };

    let mut sap_router = sap::router(&sap_backend);
    let mut apinizer_router = apinizer::router(&apinizer_backend);
    let demo_router = if config.demo {
        let control = DemoControl::new(emulation(&sap_backend), emulation(&apinizer_backend));
        if control.sap.is_some() {
            sap_router = sap_router.layer(middleware::from_fn_with_state(
                (control.clone(), Product::Sap),
                demo_control::intercept,
            ));
        }
        if control.apinizer.is_some() {
            apinizer_router = apinizer_router.layer(middleware::from_fn_with_state(
                (control.clone(), Product::Apinizer),
                demo_control::intercept,
            ));
        }
        demo_control::router(control)
    } else {
        Router::new().fallback(|| async {
            (
                StatusCode::NOT_FOUND,
                "The demo control endpoints exist only with --demo.",
            )
        })
    };

    // Read once: the files served and the script hashes of the app's policy come from it.
    let portal_files = Arc::new(static_files::Site::load(config.dist.clone()));
    let areas = Arc::new(Areas {
        sap: sap_router,
        apinizer: apinizer_router,
        demo: demo_router,
        portal_files: static_files::router(portal_files.clone()),
    });
    Router::new()
        .route(
            "/__portal/backends",
            get(move || {
                let backends = backends.clone();
                async move { backends }
            }),
        )
        .fallback(dispatch)
        .with_state(areas)
        .layer(middleware::from_fn_with_state(
            Arc::new(security::Hardening::new(
                &security::app_csp(&security::script_hashes_of(portal_files.index_html())),
                config.tls,
            )),
            security::harden,
        ))
        .layer(middleware::from_fn(request_log::log))
}

/// Serves `app` over plain HTTP on `listener` until `shutdown` completes; requests in flight are
/// finished first. Only requests whose `Host` names the listening address are answered, and only
/// same-origin ones when they change state.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, app, &Serving::default(), shutdown).await
}

/// How [`serve_with`] serves: TLS or not, and which host names besides the listening address.
#[derive(Default, Clone)]
pub struct Serving {
    /// `--tls-cert`/`--tls-key`: HTTPS.
    pub tls: Option<Arc<tls::ServerConfig>>,
    /// `--public-host`: names the portal is reached by (a proxy in front, a DNS name).
    pub public_hosts: Vec<String>,
}

/// [`serve`], with TLS and public host names.
pub async fn serve_with(
    listener: TcpListener,
    app: Router,
    serving: &Serving,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let site = Arc::new(security::Site {
        hosts: security::HostPolicy::new(listener.local_addr()?, &serving.public_hosts),
        tls: serving.tls.is_some(),
    });
    let app = app.layer(middleware::from_fn_with_state(site, security::check_site));
    match &serving.tls {
        None => {
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
        Some(config) => {
            let listener = tls::TlsListener::new(listener, config.clone())?;
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        }
    }
}

/// The lines printed at start-up with `--demo`: how to log in to the emulated backends.
pub fn demo_banner(origin: &str) -> String {
    let credentials = demo_control::credentials_json(origin);
    let service_key = demo_control::service_key_json(origin);
    let admin_service_key = demo_control::admin_service_key_json(origin);
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
    [
        "Demo credentials (also at GET /__demo/credentials):".to_owned(),
        format!("  SAP service key:            {service_key}"),
        format!(
            "  SAP bearer token (to 2100): {}",
            text(&credentials["sap"]["bearerToken"])
        ),
        format!("  SAP admin service key:      {admin_service_key}"),
        format!(
            "  SAP admin token (to 2100):  {}",
            text(&credentials["sap"]["adminBearerToken"])
        ),
        format!(
            "  (the admin key has {}: the demo lets only it read a store's certificates)",
            demo_data::SAP_CERTIFICATES_ROLE
        ),
        format!(
            "  Apinizer personal token:    {}",
            text(&credentials["apinizer"]["personalApiToken"])
        ),
        format!(
            "  Apinizer client id/secret:  {} / {}  (POST /apiops/auth/token)",
            text(&credentials["apinizer"]["clientId"]),
            text(&credentials["apinizer"]["clientSecret"])
        ),
    ]
    .join("\n")
}
