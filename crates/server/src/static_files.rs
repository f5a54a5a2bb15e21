//! The built portal (Trunk's `dist/`): files with SPA fallback to index.html, compression
//! negotiated by `Accept-Encoding`, cache headers that suit Trunk's hashed file names, and
//! cross-origin isolation.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_CACHE: &str = "no-cache";

/// Extensions of files a page loads: a missing one is a 404, never index.html (a script answered
/// with HTML fails in confusing ways). Anything else unknown is a route of the app.
const ASSET_EXTENSIONS: [&str; 16] = [
    "js", "mjs", "wasm", "css", "map", "json", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp",
    "woff", "woff2", "txt",
];

pub fn router(dist: PathBuf) -> Router {
    Router::new()
        .fallback(serve)
        .with_state(Arc::new(dist))
        // Brotli at tower-http's default quality (4), not brotli's slow 11; wasm is compressed too.
        .layer(CompressionLayer::new().gzip(true).br(true))
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or("")
}

fn is_asset_path(path: &str) -> bool {
    file_name(path)
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// Trunk's `filehash = true` names: `<stem>-<hex hash>[_bg].<ext>`, e.g.
/// `mtls-portal-3f2a9c0b1d4e5f67_bg.wasm`, `style-0a1b2c3d4e5f6789.css`.
pub fn is_hashed_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(prefix, hash)| {
        !prefix.is_empty()
            && (12..=16).contains(&hash.len())
            && hash
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

/// A file under a folder with a hashed name (`mtls-portal-chunks-<hash>/chunk_5.wasm`, written by
/// `crates/split-wasm`) never changes either.
fn in_hashed_folder(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').rsplit('/');
    segments.next();
    segments.next().is_some_and(is_hashed_name)
}

/// Cross-origin isolation (COOP + COEP) for everything the portal serves: the page shares its
/// process with no other site's windows and loads nothing from other origins without their
/// consent. It also gives the certificate worker fine-grained timers for its timings.
fn isolate(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-embedder-policy",
        HeaderValue::from_static("require-corp"),
    );
}

fn set_cache(response: &mut Response, value: &'static str) {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
}

async fn serve(State(dist): State<Arc<PathBuf>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = request.uri().path().to_owned();
    let index = dist.join("index.html");
    if !index.is_file() {
        return not_built(&dist, &path);
    }

    let served = ServeDir::new(dist.as_path())
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(clone_head(&request))
        .await;
    let response = match served {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if response.status() == StatusCode::NOT_FOUND && !is_asset_path(&path) {
        // A route of the app (deep link or reload): the app decides what it shows.
        return serve_index(&index, request).await;
    }
    let mut response = response;
    isolate(&mut response);
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let name = file_name(&path);
        if name.is_empty() || name == "index.html" {
            set_cache(&mut response, NO_CACHE);
        } else if is_hashed_name(name) || in_hashed_folder(&path) {
            set_cache(&mut response, IMMUTABLE);
        } else {
            set_cache(&mut response, NO_CACHE);
        }
    }
    response
}

/// A copy of the request without its body (GET and HEAD carry none), so it can be sent twice.
fn clone_head(request: &Request) -> Request {
    let mut copy = Request::new(Body::empty());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    copy
}

async fn serve_index(index: &Path, request: Request) -> Response {
    let served = ServeFile::new(index).oneshot(request).await;
    let mut response = match served {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    isolate(&mut response);
    set_cache(&mut response, NO_CACHE);
    response
}

fn not_built(dist: &Path, path: &str) -> Response {
    if is_asset_path(path) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Portal not built</title></head>\
         <body><h1>The portal is not built</h1><p>No <code>index.html</code> in <code>{}</code>. \
         Run <code>make demo</code> to build the portal and serve it; the backend APIs on this \
         server work already.</p></body></html>\n",
        crate::sap::odata::xml_escape(&dist.display().to_string())
    );
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, Html(page)).into_response();
    set_cache(&mut response, NO_CACHE);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names() {
        assert!(is_hashed_name("mtls-portal-3f2a9c0b1d4e5f67_bg.wasm"));
        assert!(is_hashed_name("mtls-portal-3f2a9c0b1d4e5f67.js"));
        assert!(is_hashed_name("style-0a1b2c3d4e5f6789.css"));
        assert!(!is_hashed_name("index.html"));
        assert!(!is_hashed_name("favicon.svg"));
        assert!(!is_hashed_name("mtls-portal.js"));
        assert!(!is_hashed_name("-3f2a9c0b1d4e5f67.js"));
    }

    #[test]
    fn files_in_hashed_folders() {
        assert!(in_hashed_folder(
            "/mtls-portal-chunks-c93543673a844bb4/chunk_5.wasm"
        ));
        assert!(in_hashed_folder(
            "/mtls-portal-chunks-c93543673a844bb4/__wasm_split.js"
        ));
        assert!(!in_hashed_folder("/public/chunk_5.wasm"));
        assert!(!in_hashed_folder("/chunk_5.wasm"));
        assert!(!in_hashed_folder("/a-c93543673a844bb4/b/chunk_5.wasm"));
    }

    #[test]
    fn asset_paths() {
        assert!(is_asset_path("/missing-abc.js"));
        assert!(is_asset_path("/x/y.WASM"));
        assert!(!is_asset_path("/virtual-hosts"));
        assert!(!is_asset_path("/virtual-hosts/api.example.com"));
    }
}
