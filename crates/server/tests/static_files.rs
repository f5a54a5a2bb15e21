//! The built portal: SPA fallback vs API 404s, content types, compression, cache headers.

mod common;

use std::path::{Path, PathBuf};

use axum::http::{Method, StatusCode};
use axum::Router;

use common::*;
use portal_server::Config;

const JS: &str = "mtls-portal-0123456789abcdef.js";
const WASM: &str = "mtls-portal-0123456789abcdef_bg.wasm";
const CSS: &str = "style-fedcba9876543210.css";
/// A chunk of the split wasm, in the folder named after the chunks' hash (crates/split-wasm).
const CHUNK: &str = "mtls-portal-chunks-00112233aabbccdd/split_certificates.wasm";
const INDEX: &str =
    "<!DOCTYPE html><html><head><title>mTLS portal</title></head><body></body></html>\n";

/// A Trunk-like dist directory, removed when dropped.
struct Dist(PathBuf);

impl Dist {
    fn new() -> Dist {
        let dir = std::env::temp_dir().join(format!("portal-server-dist-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dist");
        std::fs::write(dir.join("index.html"), INDEX).expect("index");
        std::fs::write(dir.join(JS), "export function start(){}\n".repeat(200)).expect("js");
        // A wasm module header followed by compressible padding.
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(std::iter::repeat_n(0u8, 64 * 1024));
        std::fs::write(dir.join(WASM), wasm).expect("wasm");
        std::fs::write(dir.join(CSS), "body { color: black; }\n".repeat(100)).expect("css");
        std::fs::create_dir_all(dir.join(CHUNK).parent().expect("folder")).expect("chunk folder");
        std::fs::write(dir.join(CHUNK), b"\0asm\x01\0\0\0").expect("chunk");
        std::fs::write(
            dir.join("favicon.svg"),
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .expect("svg");
        Dist(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Dist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn app_for(dist: &Dist) -> Router {
    portal_server::router(&Config::demo(dist.path()))
}

#[tokio::test]
async fn index_and_deep_links_get_the_app_uncached() {
    let dist = Dist::new();
    let app = app_for(&dist);
    for path in [
        "/",
        "/index.html",
        "/virtual-hosts",
        "/proxy-mtls/Payments/PaymentsAPI",
        "/no/such/page",
    ] {
        let reply = get(path).send(&app).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.text(), INDEX, "{path}");
        assert!(
            reply.header("content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(reply.header("cache-control"), "no-cache", "{path}");
    }
    let reply = call(Method::HEAD, "/virtual-hosts").send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.is_empty());
}

#[tokio::test]
async fn api_prefixes_never_fall_back_to_the_app() {
    let dist = Dist::new();
    let app = app_for(&dist);
    for path in [
        "/apiportal",
        "/apiportal/no-such-service",
        "/apiportal/api/1.0/Management.svc/Nope",
        "/apiops/nothing",
        "/oauth/authorize",
        "/__demo/nothing",
        "/__portal/nothing",
    ] {
        let reply = get(path).send(&app).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!reply.text().contains("<!DOCTYPE html>"), "{path}");
    }
    // A missing asset is a 404 too, not HTML posing as a script.
    let reply = get("/mtls-portal-ffffffffffffffff.js").send(&app).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hashed_assets_are_immutable_with_the_right_types() {
    let dist = Dist::new();
    let app = app_for(&dist);
    for (name, content_type) in [
        (WASM, "application/wasm"),
        (JS, "text/javascript"),
        (CSS, "text/css"),
        (CHUNK, "application/wasm"),
    ] {
        let reply = get(&format!("/{name}")).send(&app).await;
        assert_eq!(reply.status, StatusCode::OK, "{name}");
        assert!(
            reply.header("content-type").starts_with(content_type),
            "{name}: {}",
            reply.header("content-type")
        );
        assert_eq!(
            reply.header("cache-control"),
            "public, max-age=31536000, immutable",
            "{name}"
        );
    }
    let reply = get("/favicon.svg").send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn a_missing_chunk_is_a_404_not_the_app() {
    let dist = Dist::new();
    let app = app_for(&dist);
    let reply = get("/mtls-portal-chunks-00112233aabbccdd/split_gone.wasm")
        .send(&app)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_portal_is_cross_origin_isolated() {
    let dist = Dist::new();
    let app = app_for(&dist);
    for path in [
        "/",
        "/certificates",
        &format!("/{JS}"),
        &format!("/{CHUNK}"),
    ] {
        let reply = get(path).send(&app).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(
            reply.header("cross-origin-opener-policy"),
            "same-origin",
            "{path}"
        );
        assert_eq!(
            reply.header("cross-origin-embedder-policy"),
            "require-corp",
            "{path}"
        );
    }
}

#[tokio::test]
async fn responses_are_compressed_as_negotiated() {
    let dist = Dist::new();
    let app = app_for(&dist);
    let plain = get(&format!("/{WASM}")).send(&app).await;
    assert_eq!(plain.header("content-encoding"), "");
    for (accept, encoding) in [("gzip", "gzip"), ("br", "br"), ("gzip, deflate, br", "br")] {
        let reply = get(&format!("/{WASM}"))
            .header("accept-encoding", accept)
            .send(&app)
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        // tower-http prefers gzip on equal q-values unless only br is offered; accept either
        // when both were offered.
        let got = reply.header("content-encoding");
        if accept.contains(',') {
            assert!(got == "br" || got == "gzip", "{accept}: {got}");
        } else {
            assert_eq!(got, encoding, "{accept}");
        }
        assert!(
            reply.body.len() < plain.body.len() / 4,
            "{accept}: {} bytes",
            reply.body.len()
        );
        assert_eq!(reply.header("content-type"), "application/wasm");
        assert_eq!(
            reply.header("cache-control"),
            "public, max-age=31536000, immutable"
        );
    }
    let index = get("/virtual-hosts")
        .header("accept-encoding", "gzip")
        .send(&app)
        .await;
    assert_eq!(index.status, StatusCode::OK);
    assert_eq!(index.header("cache-control"), "no-cache");
}

#[tokio::test]
async fn a_missing_dist_gets_a_not_built_page_and_the_apis_still_work() {
    let app = app();
    let reply = get("/virtual-hosts").send(&app).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(reply.text().contains("make demo"));
    assert!(reply.header("content-type").starts_with("text/html"));
    let reply = get(VIRTUAL_HOSTS).sap().accept_json().send(&app).await;
    assert_eq!(reply.status, StatusCode::OK);
}

#[tokio::test]
async fn only_get_and_head_reach_the_files() {
    let dist = Dist::new();
    let app = app_for(&dist);
    let reply = post("/virtual-hosts").send(&app).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_build_time_compressed_forms_are_served_as_they_are() {
    let dist = Dist::new();
    // split-wasm writes NAME.br and NAME.gz beside a file; the server sends them untouched.
    std::fs::write(dist.path().join(format!("{JS}.br")), b"BROTLI-FROM-BUILD").expect("br");
    std::fs::write(dist.path().join(format!("{JS}.gz")), b"GZIP-FROM-BUILD").expect("gz");
    let app = app_for(&dist);
    let reply = get(&format!("/{JS}"))
        .header("accept-encoding", "gzip, br")
        .send(&app)
        .await;
    assert_eq!(reply.header("content-encoding"), "br");
    assert_eq!(reply.text(), "BROTLI-FROM-BUILD");
    assert_eq!(reply.header("vary"), "accept-encoding");
    let reply = get(&format!("/{JS}"))
        .header("accept-encoding", "gzip, br;q=0")
        .send(&app)
        .await;
    assert_eq!(reply.header("content-encoding"), "gzip");
    assert_eq!(reply.text(), "GZIP-FROM-BUILD");
    let reply = get(&format!("/{JS}"))
        .header("accept-encoding", "identity")
        .send(&app)
        .await;
    assert_eq!(reply.header("content-encoding"), "");
    assert!(reply.text().starts_with("export function start()"));
    assert_eq!(
        reply.header("content-type"),
        "text/javascript; charset=utf-8"
    );
}

#[tokio::test]
async fn a_current_copy_gets_304_and_head_gets_the_headers_only() {
    let dist = Dist::new();
    let app = app_for(&dist);
    let full = get(&format!("/{CSS}")).send(&app).await;
    let etag = full.header("etag");
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    let again = get(&format!("/{CSS}"))
        .header("if-none-match", &etag)
        .send(&app)
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    let changed = get(&format!("/{CSS}"))
        .header("if-none-match", "\"other\"")
        .send(&app)
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    let head = call(Method::HEAD, &format!("/{CSS}")).send(&app).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(head.header("content-length"), full.body.len().to_string());
}
