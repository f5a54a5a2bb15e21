//! The built portal (Trunk's `dist/`): files with SPA fallback to index.html, compression
//! negotiated by `Accept-Encoding`, cache headers that suit Trunk's hashed file names, and
//! cross-origin isolation.
//!
//! Every file is read once, when the server starts, with its gzip and brotli forms: those
//! `crates/split-wasm` wrote beside it at build time (`NAME.gz`, `NAME.br`, at the highest
//! levels), or else compressed here once at a fast level. A request is then a map look-up and a
//! copy of a reference-counted buffer: no file system call, no compression per request. A dist
//! rebuilt while the server runs is seen after a restart.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const NO_CACHE: &str = "no-cache";

/// Extensions of files a page loads: a missing one is a 404, never index.html (a script answered
/// with HTML fails in confusing ways). Anything else unknown is a route of the app.
const ASSET_EXTENSIONS: [&str; 16] = [
    "js", "mjs", "wasm", "css", "map", "json", "png", "jpg", "jpeg", "gif", "svg", "ico", "webp",
    "woff", "woff2", "txt",
];

/// Content types by extension (the files Trunk writes and `public/` holds).
const CONTENT_TYPES: [(&str, &str); 17] = [
    ("html", "text/html; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("mjs", "text/javascript; charset=utf-8"),
    ("wasm", "application/wasm"),
    ("css", "text/css; charset=utf-8"),
    ("map", "application/json"),
    ("json", "application/json"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("ico", "image/x-icon"),
    ("webp", "image/webp"),
    ("woff", "font/woff"),
    ("woff2", "font/woff2"),
    ("txt", "text/plain; charset=utf-8"),
];

/// Files worth compressing; images other than SVG and fonts are compressed already.
const COMPRESSIBLE: [&str; 9] = [
    "html", "js", "mjs", "wasm", "css", "map", "json", "svg", "txt",
];

/// What the server reads of a dist folder at most: more is refused at start.
const MAX_DIST_BYTES: u64 = 256 * 1024 * 1024;
const MAX_DEPTH: usize = 8;

/// One file, ready to send.
struct File {
    identity: Bytes,
    gzip: Option<Bytes>,
    br: Option<Bytes>,
    content_type: HeaderValue,
    cache_control: &'static str,
    /// A strong validator: the length and a hash of the content (RFC 9110 §8.8.3).
    etag: HeaderValue,
}

/// The dist folder as read at start.
pub struct Site(Loaded);

enum Loaded {
    /// No index.html: the "not built" page (the APIs still work).
    NotBuilt(PathBuf),
    Built {
        /// URL path (`/x.js`, `/folder/y.wasm`) → file.
        files: HashMap<String, File>,
    },
}

impl Site {
    /// Reads every file of `dist` (see the module's header).
    pub fn load(dist: PathBuf) -> Site {
        Site(match load(&dist) {
            Ok(Some(files)) => Loaded::Built { files },
            Ok(None) => Loaded::NotBuilt(dist),
            Err(e) => {
                tracing::error!("cannot read {}: {e}", dist.display());
                Loaded::NotBuilt(dist)
            }
        })
    }

    /// The text of `index.html` as it is served; empty when the portal is not built.
    pub fn index_html(&self) -> &str {
        match &self.0 {
            Loaded::Built { files } => files
                .get("/index.html")
                .and_then(|index| std::str::from_utf8(&index.identity).ok())
                .unwrap_or(""),
            Loaded::NotBuilt(_) => "",
        }
    }
}

pub fn router(site: Arc<Site>) -> Router {
    Router::new().fallback(serve).with_state(site)
}

/// Every file under `dist`, or `None` when it has no index.html.
fn load(dist: &Path) -> std::io::Result<Option<HashMap<String, File>>> {
    if !dist.join("index.html").is_file() {
        return Ok(None);
    }
    let mut paths = Vec::new();
    let mut total = 0u64;
    collect(dist, "", 0, &mut paths, &mut total)?;
    let present: std::collections::HashSet<&str> =
        paths.iter().map(|(url, _)| url.as_str()).collect();
    let mut files = HashMap::new();
    for (url, path) in &paths {
        let ext = extension(url);
        // Precompressed forms are served with the file they belong to, not as files of their own.
        if (ext == "gz" || ext == "br")
            && url
                .rsplit_once('.')
                .is_some_and(|(original, _)| present.contains(original))
        {
            continue;
        }
        let identity = Bytes::from(std::fs::read(path)?);
        let precompressed = |suffix: &str| -> std::io::Result<Option<Bytes>> {
            let candidate = PathBuf::from(format!("{}.{suffix}", path.display()));
            if present.contains(format!("{url}.{suffix}").as_str()) {
                Ok(Some(Bytes::from(std::fs::read(candidate)?)))
            } else {
                Ok(None)
            }
        };
        let compressible = COMPRESSIBLE.contains(&ext.as_str()) && identity.len() >= 256;
        let (gzip, br) = if compressible {
            let gzip = match precompressed("gz")? {
                Some(bytes) => Some(bytes),
                None => Some(gzip_fast(&identity)?),
            };
            let br = match precompressed("br")? {
                Some(bytes) => Some(bytes),
                None => Some(brotli_fast(&identity)?),
            };
            (gzip, br)
        } else {
            (None, None)
        };
        let name = file_name(url);
        let cache_control = if name == "index.html" {
            NO_CACHE
        } else if is_hashed_name(name) || in_hashed_folder(url) {
            IMMUTABLE
        } else {
            NO_CACHE
        };
        let content_type = CONTENT_TYPES
            .iter()
            .find(|(e, _)| *e == ext)
            .map_or("application/octet-stream", |(_, t)| t);
        let etag = format!("\"{:x}-{:016x}\"", identity.len(), seahash::hash(&identity));
        files.insert(
            url.clone(),
            File {
                etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
                identity,
                gzip,
                br,
                content_type: HeaderValue::from_static(content_type),
                cache_control,
            },
        );
    }
    Ok(Some(files))
}

/// Regular files under `dir` as (URL path, file path); symbolic links are not followed.
fn collect(
    dir: &Path,
    prefix: &str,
    depth: usize,
    out: &mut Vec<(String, PathBuf)>,
    total: &mut u64,
) -> std::io::Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let url = format!("{prefix}/{name}");
        if kind.is_dir() {
            collect(&entry.path(), &url, depth + 1, out, total)?;
        } else if kind.is_file() {
            *total = total.saturating_add(entry.metadata()?.len());
            if *total > MAX_DIST_BYTES {
                return Err(std::io::Error::other(format!(
                    "more than {} MiB of files",
                    MAX_DIST_BYTES / (1024 * 1024)
                )));
            }
            out.push((url, entry.path()));
        }
    }
    Ok(())
}

fn gzip_fast(bytes: &[u8]) -> std::io::Result<Bytes> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(bytes)?;
    Ok(Bytes::from(encoder.finish()?))
}

fn brotli_fast(bytes: &[u8]) -> std::io::Result<Bytes> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 5,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(Bytes::from(out))
}

fn extension(url: &str) -> String {
    file_name(url)
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default()
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or("")
}

fn is_asset_path(path: &str) -> bool {
    ASSET_EXTENSIONS.contains(&extension(path).as_str())
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

async fn serve(State(site): State<Arc<Site>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let path = request.uri().path();
    let files = match &site.0 {
        Loaded::NotBuilt(dist) => return not_built(dist, path),
        Loaded::Built { files } => files,
    };
    let key = if path == "/" { "/index.html" } else { path };
    let file = match files.get(key) {
        Some(file) => file,
        None if is_asset_path(path) => {
            let mut response = StatusCode::NOT_FOUND.into_response();
            isolate(&mut response);
            return response;
        }
        // A route of the app (deep link or reload): the app decides what it shows.
        None => match files.get("/index.html") {
            Some(index) => index,
            None => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    let mut response = respond(file, request.headers(), request.method() == Method::HEAD);
    isolate(&mut response);
    response
}

/// The file in the encoding the client prefers among those it accepts, or 304 when its copy is
/// current (RFC 9110 §13.1.2).
fn respond(file: &File, request: &HeaderMap, head_only: bool) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, file.content_type.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(file.cache_control),
    );
    headers.insert(header::ETAG, file.etag.clone());
    if file.gzip.is_some() || file.br.is_some() {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    let current = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            let ours = file.etag.to_str().unwrap_or("");
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == "*" || t == ours)
        });
    if current {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().extend(headers);
        return response;
    }
    let accepted = |coding: &str| accepts(request, coding);
    let (body, coding) = match (&file.br, &file.gzip) {
        (Some(br), _) if accepted("br") => (br.clone(), Some("br")),
        (_, Some(gzip)) if accepted("gzip") => (gzip.clone(), Some("gzip")),
        _ => (file.identity.clone(), None),
    };
    if let Some(coding) = coding {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
    let mut response = if head_only {
        Response::new(Body::empty())
    } else {
        Response::new(Body::from(body))
    };
    response.headers_mut().extend(headers);
    response
}

/// `Accept-Encoding` lists `coding` with a non-zero weight (RFC 9110 §12.5.3).
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let zero = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .is_some_and(|q| q.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
            });
            name.eq_ignore_ascii_case(coding) && !zero
        })
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
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
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
