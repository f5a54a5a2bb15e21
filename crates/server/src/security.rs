//! What the server refuses before anything is routed, and what every answer carries.
//!
//! - `Host` must name this server (DNS rebinding: a page of another site whose name resolves to
//!   127.0.0.1 would otherwise reach a developer's portal and its demo credentials).
//! - State-changing requests must come from the portal's own origin (cross-site request forgery,
//!   `/__demo/…` included; OWASP ASVS 4.0.3 §4.2.2 / §13.2.3).
//! - Every answer: `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`, framing
//!   refused, a Content-Security-Policy (the app's strict one for the portal's files, a sandbox
//!   for every API answer, which is data and never a document), HSTS when served over TLS.
//! - `WWW-Authenticate` with a scheme the browser answers with its own login prompt (Basic, Digest,
//!   Negotiate, NTLM) never reaches the page: the browser held a 401 of SAP's token endpoint for a
//!   prompt the page cannot see. The challenge travels on as `X-Portal-Upstream-Authenticate`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

/// The header that carries an upstream's (or the emulation's) `WWW-Authenticate` to the page.
pub const UPSTREAM_AUTHENTICATE: HeaderName =
    HeaderName::from_static("x-portal-upstream-authenticate");

/// Every API answer (forwarded, emulated, control): data only, never rendered as a document of
/// the portal's origin, whatever its content type claims.
pub const API_CSP: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

/// HSTS for a year when the portal itself serves HTTPS (RFC 6797 §6.1). Subdomains are not the
/// portal's to speak for.
pub const HSTS: &str = "max-age=31536000";

/// Paths answered by an API (or the server's own JSON), not by the portal's files.
const API_PREFIXES: [&str; 5] = ["/apiportal", "/oauth", "/apiops", "/__demo", "/__portal"];

/// Longest request target accepted (path and query), in bytes; longer is 414 (RFC 9110 §15.5.15).
pub const MAX_TARGET_BYTES: usize = 8 * 1024;

/// The Content-Security-Policy of the app: scripts from the portal's origin and the hashes of
/// the inline bootstrap Trunk writes into `index.html` (computed at build time by
/// `crates/split-wasm`), WebAssembly compilation, nothing inline otherwise, no plugins, no
/// `<base>`, no framing, forms only to the portal.
pub fn app_csp(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self'");
    for hash in script_hashes {
        script_src.push_str(" '");
        script_src.push_str(hash);
        script_src.push('\'');
    }
    format!(
        "default-src 'self'; script-src {script_src} 'wasm-unsafe-eval'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The script hashes `crates/split-wasm` wrote into `index.html`'s CSP `<meta>`: every
/// `'sha256-…'`, `'sha384-…'` or `'sha512-…'` source of its `script-src`. None when the page has
/// no such meta (not built by `trunk build --release`, or not built at all).
pub fn script_hashes_of(index_html: &str) -> Vec<String> {
    let Some(content) = csp_meta_content(index_html) else {
        return Vec::new();
    };
    content
        .split(';')
        .map(str::trim)
        .filter_map(|directive| directive.strip_prefix("script-src "))
        .flat_map(str::split_ascii_whitespace)
        .filter_map(|source| source.strip_prefix('\'')?.strip_suffix('\''))
        .filter(|source| is_hash_source(source))
        .map(str::to_owned)
        .collect()
}

fn is_hash_source(source: &str) -> bool {
    ["sha256-", "sha384-", "sha512-"].iter().any(|prefix| {
        source.strip_prefix(prefix).is_some_and(|b64| {
            !b64.is_empty()
                && b64
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
        })
    })
}

/// The `content` of `<meta http-equiv="Content-Security-Policy" content="…">`, as split-wasm
/// writes it (double quotes, this attribute order).
fn csp_meta_content(html: &str) -> Option<&str> {
    const START: &str = r#"<meta http-equiv="Content-Security-Policy" content=""#;
    let from = html.find(START)? + START.len();
    let rest = html.get(from..)?;
    rest.get(..rest.find('"')?)
}

/// Which `Host` values name this server.
#[derive(Debug, Clone)]
pub struct HostPolicy {
    listen: SocketAddr,
    /// `--public-host` values, lower case: `name` (any port: a proxy in front) or `name:port`.
    names: Vec<String>,
}

impl HostPolicy {
    pub fn new(listen: SocketAddr, names: &[String]) -> Self {
        HostPolicy {
            listen,
            names: names.iter().map(|n| n.to_ascii_lowercase()).collect(),
        }
    }

    /// RFC 9110 §7.2: `Host = uri-host [ ":" port ]`. An IP literal is accepted when it is the
    /// address listened on (any loopback address for a loopback server, any address for one on
    /// 0.0.0.0 or [::] — an IP literal cannot be rebound); `localhost` for a loopback server; any
    /// other name only when given with `--public-host`.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        if self.names.contains(&host) {
            return true;
        }
        let Some((name, port)) = split_host_port(&host) else {
            return false;
        };
        if self.names.iter().any(|n| n == name) {
            return true;
        }
        let port_matches = match port {
            Some(port) => port == self.listen.port(),
            None => matches!(self.listen.port(), 80 | 443),
        };
        if !port_matches {
            return false;
        }
        let listen_ip = self.listen.ip();
        let name = name.trim_end_matches('.');
        if name == "localhost" {
            return listen_ip.is_loopback() || listen_ip.is_unspecified();
        }
        let literal = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        match literal.parse::<IpAddr>() {
            Ok(ip) => {
                ip == listen_ip
                    || listen_ip.is_unspecified()
                    || (listen_ip.is_loopback() && ip.is_loopback())
            }
            Err(_) => false,
        }
    }
}

/// `name[:port]` or `[v6][:port]`; `None` when the port is not a number.
fn split_host_port(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (name, rest) = host.split_at(end + 1);
        match rest.strip_prefix(':') {
            Some(port) => (name, Some(port)),
            None if rest.is_empty() => (name, None),
            None => return None,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return None;
    }
    match port {
        Some(port) => Some((name, Some(port.parse().ok()?))),
        None => Some((name, None)),
    }
}

/// The authority the request was addressed to: `Host`, or the URI's authority (HTTP/2).
fn authority_of(request: &Request) -> Option<String> {
    request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.as_str().to_owned()))
}

/// What [`check_site`] knows: which host names are this server's, and whether it serves HTTPS.
#[derive(Debug, Clone)]
pub struct Site {
    pub hosts: HostPolicy,
    /// Only `https` origins are the portal's own.
    pub tls: bool,
}

/// Refuses a request whose `Host` does not name this server (421 Misdirected Request,
/// RFC 9110 §15.5.20), and one that changes state from a page of another origin (403).
pub async fn check_site(State(site): State<Arc<Site>>, request: Request, next: Next) -> Response {
    let host = authority_of(&request).filter(|host| site.hosts.allows(host));
    let Some(host) = host else {
        let mut response = refusal(
            StatusCode::MISDIRECTED_REQUEST,
            "This portal server does not answer to that host name. Open it at the address it \
             printed when it started, or start it with --public-host NAME.",
        );
        common_headers(response.headers_mut(), None);
        return response;
    };
    if let Err(reason) = same_origin_for_state_change(&request, &host, &site) {
        let mut response = refusal(StatusCode::FORBIDDEN, reason);
        common_headers(response.headers_mut(), None);
        return response;
    }
    next.run(request).await
}

/// What [`harden`] needs to know about the server.
#[derive(Debug, Clone)]
pub struct Hardening {
    /// The app's Content-Security-Policy ([`app_csp`]).
    pub app_csp: HeaderValue,
    /// The portal serves HTTPS itself: HSTS.
    pub tls: bool,
}

impl Hardening {
    pub fn new(app_csp: &str, tls: bool) -> Self {
        Hardening {
            app_csp: HeaderValue::from_str(app_csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'")),
            tls,
        }
    }
}

/// The layer in front of every route: oversized targets refused, the security headers on every
/// answer.
pub async fn harden(
    State(hardening): State<Arc<Hardening>>,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api_path(request.uri().path());
    let csp = if api {
        HeaderValue::from_static(API_CSP)
    } else {
        hardening.app_csp.clone()
    };
    let target_len = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    let mut response = if target_len > MAX_TARGET_BYTES {
        refusal(
            StatusCode::URI_TOO_LONG,
            "The request's path and query are longer than this portal server accepts.",
        )
    } else {
        next.run(request).await
    };
    move_browser_challenges(response.headers_mut());
    common_headers(response.headers_mut(), Some(csp));
    if hardening.tls {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

fn is_api_path(path: &str) -> bool {
    API_PREFIXES
        .iter()
        .any(|prefix| crate::is_under(path, prefix))
}

/// The headers every answer carries. `csp` `None`: the API sandbox.
fn common_headers(headers: &mut HeaderMap, csp: Option<HeaderValue>) {
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        csp.unwrap_or(HeaderValue::from_static(API_CSP)),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // For browsers without CSP frame-ancestors.
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // No other origin may embed what the portal answers, even without reading it.
    headers.insert(
        HeaderName::from_static("cross-origin-resource-policy"),
        HeaderValue::from_static("same-origin"),
    );
}

/// Moves challenges that would make the browser show its own login prompt to
/// [`UPSTREAM_AUTHENTICATE`]; `Bearer` challenges stay (no prompt) and are copied too, so the page
/// reads one header whatever the scheme.
fn move_browser_challenges(headers: &mut HeaderMap) {
    let challenges: Vec<HeaderValue> = headers
        .get_all(header::WWW_AUTHENTICATE)
        .iter()
        .cloned()
        .collect();
    if challenges.is_empty() {
        return;
    }
    let prompting = challenges.iter().any(|value| {
        let scheme = value
            .to_str()
            .unwrap_or("")
            .split_ascii_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(',');
        !scheme.eq_ignore_ascii_case("bearer")
    });
    if prompting {
        headers.remove(header::WWW_AUTHENTICATE);
    }
    for value in challenges {
        headers.append(UPSTREAM_AUTHENTICATE, value);
    }
}

/// Cross-site request forgery: a request that changes state is refused when the browser says it
/// comes from another origin (`Origin`, or `Sec-Fetch-Site` where `Origin` is absent). The
/// portal's origins are the `host` addressed and the names of [`HostPolicy`] (`make dev`: Trunk's
/// own address in front of this server). Requests with neither header come from programs, not
/// from a page of another site. OWASP ASVS 4.0.3 §13.2.3.
fn same_origin_for_state_change(
    request: &Request,
    host: &str,
    site: &Site,
) -> Result<(), &'static str> {
    const CROSS_SITE: &str = "Refused: this request changes state and comes from a page of \
                              another origin.";
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return Ok(());
    }
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("null");
        return match origin.split_once("://") {
            Some((scheme, authority))
                if (scheme == "https" || (scheme == "http" && !site.tls))
                    && (authority.eq_ignore_ascii_case(host) || site.hosts.allows(authority)) =>
            {
                Ok(())
            }
            _ => Err(CROSS_SITE),
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        None | Some("same-origin") | Some("none") => Ok(()),
        Some(_) => Err(CROSS_SITE),
    }
}

/// A refusal in words, as the API errors are shaped (`{error, error_description}` is what the page
/// reads from every backend).
fn refusal(status: StatusCode, description: &str) -> Response {
    let code = status
        .canonical_reason()
        .unwrap_or("refused")
        .to_ascii_lowercase()
        .replace(' ', "_");
    let mut response = crate::backend::problem(status, &code, description);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(listen: &str, names: &[&str]) -> HostPolicy {
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        HostPolicy::new(listen.parse().expect("address"), &names)
    }

    #[test]
    fn a_loopback_server_answers_to_loopback_names_on_its_port_only() {
        let p = policy("127.0.0.1:8080", &[]);
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST:8080",
            "[::1]:8080",
            "127.0.0.2:8080",
        ] {
            assert!(p.allows(host), "{host}");
        }
        for host in [
            "evil.example:8080",
            "127.0.0.1:8081",
            "127.0.0.1",
            "localhost",
            "10.0.0.1:8080",
            "",
            ":8080",
            "127.0.0.1:80:80",
            "[::1]x:8080",
            "localhost.evil.example:8080",
        ] {
            assert!(!p.allows(host), "{host}");
        }
    }

    #[test]
    fn names_given_with_the_flag_are_accepted_with_any_port_or_the_one_given() {
        let p = policy(
            "0.0.0.0:8443",
            &["portal.example.com", "Other.Example:9000"],
        );
        assert!(p.allows("portal.example.com"));
        assert!(p.allows("PORTAL.example.com:443"));
        assert!(p.allows("other.example:9000"));
        assert!(!p.allows("other.example:9001"));
        assert!(!p.allows("portal.example.com.evil.example"));
        // An IP literal cannot be rebound: any address of a server on 0.0.0.0, on its port.
        assert!(p.allows("192.0.2.7:8443"));
        assert!(!p.allows("192.0.2.7:8080"));
    }

    #[test]
    fn a_server_on_one_address_answers_to_that_address() {
        let p = policy("192.0.2.10:443", &[]);
        assert!(p.allows("192.0.2.10"));
        assert!(p.allows("192.0.2.10:443"));
        assert!(!p.allows("192.0.2.11"));
        assert!(!p.allows("localhost:443"));
    }

    #[test]
    fn the_app_policy_is_strict_and_carries_the_build_hashes() {
        let html = r#"<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-AbC+/9=' 'sha256-<x>' 'unsafe-inline' 'wasm-unsafe-eval'"></head>"#;
        let hashes = script_hashes_of(html);
        assert_eq!(hashes, vec!["sha256-AbC+/9=".to_string()]);
        let csp = app_csp(&hashes);
        assert!(csp.contains("script-src 'self' 'sha256-AbC+/9=' 'wasm-unsafe-eval';"));
        for required in [
            "default-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ] {
            assert!(csp.contains(required), "{required}");
        }
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(script_hashes_of("<html></html>").is_empty());
    }

    #[test]
    fn only_prompting_challenges_leave_www_authenticate() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"UAA/client\""),
        );
        move_browser_challenges(&mut headers);
        assert!(headers.get(header::WWW_AUTHENTICATE).is_none());
        assert_eq!(
            headers.get(UPSTREAM_AUTHENTICATE),
            Some(&HeaderValue::from_static("Basic realm=\"UAA/client\""))
        );

        let mut headers = HeaderMap::new();
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
        move_browser_challenges(&mut headers);
        assert!(headers.get(header::WWW_AUTHENTICATE).is_some());
        assert!(headers.get(UPSTREAM_AUTHENTICATE).is_some());

        for scheme in ["basic", "Digest realm=x", "Negotiate", "NTLM", "Basic,"] {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_str(scheme).expect("value"),
            );
            move_browser_challenges(&mut headers);
            assert!(headers.get(header::WWW_AUTHENTICATE).is_none(), "{scheme}");
        }
    }

    #[test]
    fn api_paths() {
        assert!(is_api_path("/apiops/projects"));
        assert!(is_api_path("/__demo"));
        assert!(is_api_path("/oauth/token"));
        assert!(!is_api_path("/apiopsx"));
        assert!(!is_api_path("/"));
        assert!(!is_api_path("/certificates"));
    }
}
