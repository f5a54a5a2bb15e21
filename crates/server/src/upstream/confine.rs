//! Which request paths may leave for a tenant, and the URL they are sent to.
//!
//! Only the products' documented paths are forwarded, and only in a form no server along the way
//! can read as another path: dot segments (RFC 3986 §5.2.4 removes them, so `/apiops/../x` is
//! `/x`), and percent-encoded dots, slashes and backslashes (`%2e`, `%2f`, `%5c`, which a client
//! library or the tenant's server decodes and then resolves) are refused before anything is sent,
//! and so is an encoded `%` (`%252e` is `%2e` after one more decoding step). The tenant URL is the
//! configured base URL with the decoded segments appended one by one, each re-encoded.

/// Why a path is not forwarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not under the product's documented paths.
    NotDocumented,
    /// `.` or `..` as a segment (also with `;parameters`, as `..;` in some servers).
    DotSegment,
    /// `%2e`, `%2f`, `%5c`, `%25` or `%00` in any case, or a literal backslash.
    EncodedSeparator,
    /// A broken escape, bytes that are not UTF-8 once decoded, control characters, `//`.
    Malformed,
}

impl Refusal {
    pub fn describe(self) -> &'static str {
        match self {
            Refusal::NotDocumented => {
                "This path is not one of the product's documented API paths; the portal server \
                 forwards nothing else."
            }
            Refusal::DotSegment => {
                "The path contains a dot segment (. or ..); the portal server does not forward it."
            }
            Refusal::EncodedSeparator => {
                "The path contains an encoded dot, slash, backslash or percent sign (or a \
                 backslash); the portal server does not forward it."
            }
            Refusal::Malformed => "The path is malformed; the portal server does not forward it.",
        }
    }
}

/// Bytes whose percent-encoded form is refused: decoding them can change which path is meant.
fn is_refused_escape(byte: u8) -> bool {
    matches!(byte, b'.' | b'/' | b'\\' | b'%' | 0)
}

fn hex(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes `raw` (RFC 3986 §2.1), refusing the escapes of [`is_refused_escape`].
fn decode(raw: &str) -> Result<String, Refusal> {
    let mut out = Vec::with_capacity(raw.len());
    let mut bytes = raw.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'%' => {
                let high = bytes.next().and_then(hex).ok_or(Refusal::Malformed)?;
                let low = bytes.next().and_then(hex).ok_or(Refusal::Malformed)?;
                let decoded = (high << 4) | low;
                if is_refused_escape(decoded) {
                    return Err(Refusal::EncodedSeparator);
                }
                out.push(decoded);
            }
            b'\\' => return Err(Refusal::EncodedSeparator),
            _ if byte.is_ascii_control() || !byte.is_ascii() => return Err(Refusal::Malformed),
            _ => out.push(byte),
        }
    }
    let decoded = String::from_utf8(out).map_err(|_| Refusal::Malformed)?;
    if decoded.chars().any(char::is_control) {
        return Err(Refusal::Malformed);
    }
    Ok(decoded)
}

/// The decoded segments of `raw_path` (leading `/` removed; a trailing `/` is a last empty
/// segment), when it is `exact` or lies under one of `prefixes` (each ending in `/`).
pub fn confine(raw_path: &str, prefixes: &[&str], exact: &[&str]) -> Result<Vec<String>, Refusal> {
    let path = decode(raw_path)?;
    let Some(rest) = path.strip_prefix('/') else {
        return Err(Refusal::Malformed);
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        let name = segment.split(';').next().unwrap_or("");
        if !name.is_empty() && name.bytes().all(|b| b == b'.') {
            return Err(Refusal::DotSegment);
        }
        if segment.is_empty() && i != last {
            return Err(Refusal::Malformed);
        }
    }
    let documented = exact.contains(&path.as_str())
        || prefixes
            .iter()
            .any(|prefix| path.len() > prefix.len() && path.starts_with(prefix));
    if !documented {
        return Err(Refusal::NotDocumented);
    }
    Ok(segments.into_iter().map(str::to_owned).collect())
}

/// `base` with `segments` appended, each percent-encoded as a path segment (never parsed as a
/// path: a segment cannot add a `/`), and `query` as it came.
pub fn upstream_url(base: &str, segments: &[String], query: Option<&str>) -> Option<reqwest::Url> {
    let mut url = reqwest::Url::parse(base).ok()?;
    url.path_segments_mut()
        .ok()?
        .pop_if_empty()
        .extend(segments);
    url.set_query(query);
    url.set_fragment(None);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: [&str; 1] = ["/apiops/"];

    fn check(path: &str) -> Result<Vec<String>, Refusal> {
        confine(path, &PREFIXES, &["/oauth/token"])
    }

    #[test]
    fn documented_paths_pass_with_their_segments_decoded() {
        assert_eq!(
            check("/apiops/projects/My%20Project/apiProxies/p1/settings/mtls/"),
            Ok(vec![
                "apiops".into(),
                "projects".into(),
                "My Project".into(),
                "apiProxies".into(),
                "p1".into(),
                "settings".into(),
                "mtls".into(),
                "".into(),
            ])
        );
        assert!(check("/oauth/token").is_ok());
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for (path, why) in [
            ("/apiops/../secret.txt", Refusal::DotSegment),
            ("/apiops/./x", Refusal::DotSegment),
            ("/apiops/..;/secret.txt", Refusal::DotSegment),
            ("/apiops/..;jsessionid=1/x", Refusal::DotSegment),
            ("/apiops/x/...", Refusal::DotSegment),
            (
                "/apiops/%2e%2e/%2e%2e/secret.txt",
                Refusal::EncodedSeparator,
            ),
            ("/apiops/%2E%2E/secret.txt", Refusal::EncodedSeparator),
            ("/apiops/.%2e/secret.txt", Refusal::EncodedSeparator),
            ("/apiops/%252e%252e/secret.txt", Refusal::EncodedSeparator),
            ("/apiops/a%2fb", Refusal::EncodedSeparator),
            ("/apiops/a%2Fb", Refusal::EncodedSeparator),
            ("/apiops/a%5cb", Refusal::EncodedSeparator),
            ("/apiops/a%5C..%5Cb", Refusal::EncodedSeparator),
            ("/apiops/a\\..\\b", Refusal::EncodedSeparator),
            ("/apiops/a%00b", Refusal::EncodedSeparator),
            ("/apiops/a%2", Refusal::Malformed),
            ("/apiops/a%zz", Refusal::Malformed),
            ("/apiops/a%ff", Refusal::Malformed),
            ("/apiops/a%0ab", Refusal::Malformed),
            ("/apiops//x", Refusal::Malformed),
            ("apiops/x", Refusal::Malformed),
            ("/apiops/", Refusal::NotDocumented),
            ("/apiops", Refusal::NotDocumented),
            ("/apiopsx/y", Refusal::NotDocumented),
            ("/oauth/token/x", Refusal::NotDocumented),
            ("/oauth/authorize", Refusal::NotDocumented),
            ("/secret.txt", Refusal::NotDocumented),
        ] {
            assert_eq!(check(path), Err(why), "{path}");
        }
    }

    /// A store's certificates (`CertificateStores('<name>')/certificates`, read by the audit):
    /// quotes and parentheses are plain path characters (RFC 3986 §3.3 sub-delims), encoded or
    /// not; an encoded separator inside the name is refused like anywhere else.
    #[test]
    fn a_stores_certificates_pass_with_quotes_and_parentheses() {
        let sap = |path: &str| confine(path, &["/apiportal/"], &[]);
        let certificates = "/apiportal/api/1.0/Management.svc/CertificateStores('partner-truststore')/certificates";
        let segments = sap(certificates).expect("documented");
        assert_eq!(
            segments.get(4).map(String::as_str),
            Some("CertificateStores('partner-truststore')")
        );
        let url =
            upstream_url("https://tenant.example", &segments, Some("$format=json")).expect("url");
        assert_eq!(
            url.as_str(),
            format!("https://tenant.example{certificates}?$format=json")
        );
        let segments = sap(
            "/apiportal/api/1.0/Management.svc/CertificateStores(%27it''s%20ours%27)/certificates",
        )
        .expect("encoded quotes and a space");
        assert_eq!(
            segments.get(4).map(String::as_str),
            Some("CertificateStores('it''s ours')")
        );
        for path in [
            "/apiportal/api/1.0/Management.svc/CertificateStores('a%2F..%2Fb')/certificates",
            "/apiportal/api/1.0/Management.svc/CertificateStores('%2e%2e')/certificates",
            "/apiportal/api/1.0/Management.svc/CertificateStores('a%5cb')/certificates",
        ] {
            assert_eq!(sap(path), Err(Refusal::EncodedSeparator), "{path}");
        }
    }

    #[test]
    fn segments_are_appended_to_the_base_and_re_encoded() {
        let url = upstream_url(
            "https://tenant.example/base",
            &["apiops".into(), "a b".into(), "c?d#e".into(), "".into()],
            Some("x=1&y=%2F"),
        )
        .expect("url");
        assert_eq!(
            url.as_str(),
            "https://tenant.example/base/apiops/a%20b/c%3Fd%23e/?x=1&y=%2F"
        );
        let url = upstream_url("https://tenant.example", &["apiportal".into()], None).expect("url");
        assert_eq!(url.as_str(), "https://tenant.example/apiportal");
        assert!(upstream_url("not a url", &[], None).is_none());
    }
}
