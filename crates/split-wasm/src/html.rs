//! The edits to Trunk's `index.html` once its wasm and JS were replaced: the subresource
//! integrity of the replaced files, a module preload of the chunk loader, and the
//! Content-Security-Policy that allows Trunk's inline bootstrap script by its hash and nothing
//! else inline.
//!
//! Trunk writes the page minified in release builds (`href=/x.js integrity=sha384-…`) and with
//! quoted attributes otherwise (`href="/x.js" integrity="sha384-…"`); both are read here. Only
//! `<link>` tags are touched: that is where Trunk puts the preloads it hashed.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum HtmlError {
    #[error("index.html has no <link> to {0}: it was not written by this Trunk build")]
    NoLink(String),
    #[error("index.html has an unterminated <link> tag")]
    Unterminated,
    #[error("index.html has an unterminated <script> element")]
    UnterminatedScript,
    #[error("index.html has no <meta charset> or <head> to put the Content-Security-Policy after")]
    NoHead,
}

/// One attribute of a tag: its name, and where its value sits in the tag text (without quotes).
struct Attribute<'a> {
    name: &'a str,
    value: Option<(usize, usize)>,
}

/// The attributes of `tag`, the text between `<link` and its `>`.
fn attributes(tag: &str) -> Vec<Attribute<'_>> {
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'=' {
            i += 1;
        }
        if start == i {
            break;
        }
        let name = &tag[start..i];
        let mut value = None;
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let from = i + 1;
                let to = tag[from..]
                    .bytes()
                    .position(|b| b == quote)
                    .map_or(bytes.len(), |p| from + p);
                value = Some((from, to));
                i = (to + 1).min(bytes.len());
            } else {
                let from = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = Some((from, i));
            }
        }
        out.push(Attribute { name, value });
    }
    out
}

/// Every `<link …>` in `html`, as the byte range of the text between `<link` and `>`.
fn link_tags(html: &str) -> Result<Vec<(usize, usize)>, HtmlError> {
    let mut tags = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find("<link") {
        let start = from + at + "<link".len();
        let end = html[start..]
            .find('>')
            .map(|p| start + p)
            .ok_or(HtmlError::Unterminated)?;
        tags.push((start, end));
        from = end;
    }
    Ok(tags)
}

fn value_of<'a>(tag: &'a str, attribute: &Attribute<'_>) -> Option<&'a str> {
    attribute.value.map(|(from, to)| &tag[from..to])
}

/// Sets the `integrity` of every `<link>` whose `href` is `href` to `integrity`. A link Trunk
/// wrote without integrity (`data-integrity="none"`) keeps none. Errors when no link has `href`.
pub fn set_integrity(html: &str, href: &str, integrity: &str) -> Result<String, HtmlError> {
    let mut edits = Vec::new();
    let mut found = false;
    for (start, end) in link_tags(html)? {
        let tag = &html[start..end];
        let attrs = attributes(tag);
        if !attrs
            .iter()
            .any(|a| a.name == "href" && value_of(tag, a) == Some(href))
        {
            continue;
        }
        found = true;
        if let Some((from, to)) = attrs
            .iter()
            .find(|a| a.name == "integrity")
            .and_then(|a| a.value)
        {
            edits.push((start + from, start + to));
        }
    }
    if !found {
        return Err(HtmlError::NoLink(href.to_string()));
    }
    let mut out = html.to_string();
    for (from, to) in edits.into_iter().rev() {
        out.replace_range(from..to, integrity);
    }
    Ok(out)
}

/// Adds `<link rel="modulepreload" href=… integrity=… crossorigin>` right after the link whose
/// `href` is `after`, so the browser fetches a module the main JS imports without waiting for it.
pub fn add_modulepreload(
    html: &str,
    after: &str,
    href: &str,
    integrity: &str,
) -> Result<String, HtmlError> {
    let end = link_tags(html)?
        .into_iter()
        .find(|&(start, end)| {
            let tag = &html[start..end];
            attributes(tag)
                .iter()
                .any(|a| a.name == "href" && value_of(tag, a) == Some(after))
        })
        .map(|(_, end)| end)
        .ok_or_else(|| HtmlError::NoLink(after.to_string()))?;
    let mut out = html.to_string();
    out.insert_str(
        end + 1,
        &format!(
            r#"<link rel="modulepreload" href="{href}" integrity="{integrity}" crossorigin="anonymous">"#
        ),
    );
    Ok(out)
}

/// The text of every inline `<script>` (one without `src`), exactly as the browser hashes it for
/// CSP (CSP Level 3 §8.4: the element's text content, UTF-8 encoded).
pub fn inline_scripts(html: &str) -> Result<Vec<&str>, HtmlError> {
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(at) = html.get(from..).and_then(|rest| rest.find("<script")) {
        let tag_start = from + at + "<script".len();
        let tag_end = html
            .get(tag_start..)
            .and_then(|rest| rest.find('>'))
            .map(|p| tag_start + p)
            .ok_or(HtmlError::UnterminatedScript)?;
        let tag = html.get(tag_start..tag_end).unwrap_or("");
        let body_start = tag_end + 1;
        let body_end = html
            .get(body_start..)
            .and_then(|rest| rest.find("</script"))
            .map(|p| body_start + p)
            .ok_or(HtmlError::UnterminatedScript)?;
        if !attributes(tag).iter().any(|a| a.name == "src") {
            scripts.push(html.get(body_start..body_end).unwrap_or(""));
        }
        from = body_end;
    }
    Ok(scripts)
}

/// The page's policy: scripts from the portal's origin plus `script_hashes` (CSP source
/// expressions such as `'sha256-…'`), WebAssembly compilation, nothing else inline or from
/// elsewhere. `portal-server` sends the same policy as a header, with the hashes read from here
/// and `frame-ancestors 'none'`, which a `<meta>` cannot carry (CSP Level 3 §6.4.1).
pub fn csp_policy(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self'");
    for hash in script_hashes {
        script_src.push(' ');
        script_src.push_str(hash);
    }
    format!(
        "default-src 'self'; script-src {script_src} 'wasm-unsafe-eval'; worker-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// Puts `<meta http-equiv="Content-Security-Policy" content="{policy}">` first in the head (after
/// `<meta charset>`, which must stay within the first 1024 bytes), before any script it governs.
/// An earlier policy meta written by this step is replaced.
pub fn set_csp_meta(html: &str, policy: &str) -> Result<String, HtmlError> {
    const META: &str = r#"<meta http-equiv="Content-Security-Policy" content=""#;
    let mut html = html.to_string();
    if let Some(start) = html.find(META) {
        if let Some(end) = html.get(start..).and_then(|rest| rest.find('>')) {
            html.replace_range(start..start + end + 1, "");
        }
    }
    let lower = html.to_ascii_lowercase();
    let after = lower
        .find("<meta charset")
        .or_else(|| lower.find("<head"))
        .and_then(|at| lower.get(at..)?.find('>').map(|end| at + end + 1))
        .ok_or(HtmlError::NoHead)?;
    html.insert_str(after, &format!("{META}{policy}\">"));
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIFIED: &str = "<link href=/main-1.css integrity=sha384-css rel=stylesheet>\
        <link crossorigin href=/app-ab.js integrity=sha384-oldjs rel=modulepreload>\
        <link as=fetch crossorigin href=/app-ab_bg.wasm integrity=sha384-oldwasm rel=preload type=application/wasm>";

    const QUOTED: &str = r#"<link rel="modulepreload" href="/app-ab.js" crossorigin="anonymous" integrity="sha384-oldjs"/>
<link rel="preload" href="/app-ab_bg.wasm" crossorigin="anonymous" integrity="sha384-oldwasm" as="fetch" type="application/wasm"/>"#;

    #[test]
    fn replaces_the_integrity_of_the_named_file_only_in_minified_html() {
        let html = set_integrity(MINIFIED, "/app-ab.js", "sha384-NEW").unwrap();
        assert!(html.contains("href=/app-ab.js integrity=sha384-NEW rel=modulepreload"));
        assert!(html.contains("integrity=sha384-oldwasm"));
        assert!(html.contains("integrity=sha384-css"));
    }

    #[test]
    fn replaces_the_integrity_in_quoted_html() {
        let html = set_integrity(QUOTED, "/app-ab_bg.wasm", "sha384-W").unwrap();
        assert!(
            html.contains(r#"href="/app-ab_bg.wasm" crossorigin="anonymous" integrity="sha384-W""#)
        );
        assert!(html.contains(r#"integrity="sha384-oldjs""#));
    }

    #[test]
    fn a_link_without_integrity_keeps_none() {
        let html = "<link rel=modulepreload href=/app-ab.js>";
        assert_eq!(set_integrity(html, "/app-ab.js", "sha384-X").unwrap(), html);
    }

    #[test]
    fn a_missing_link_is_an_error_not_a_silent_no_op() {
        assert_eq!(
            set_integrity(MINIFIED, "/other.js", "sha384-X"),
            Err(HtmlError::NoLink("/other.js".into()))
        );
        // A file name that only starts like the one linked does not count.
        assert!(set_integrity(MINIFIED, "/app-a", "sha384-X").is_err());
    }

    #[test]
    fn adds_the_preload_right_after_the_main_module() {
        let html = add_modulepreload(
            MINIFIED,
            "/app-ab.js",
            "/chunks-1/__wasm_split.js",
            "sha384-L",
        )
        .unwrap();
        assert!(html.contains(
            r#"rel=modulepreload><link rel="modulepreload" href="/chunks-1/__wasm_split.js" integrity="sha384-L" crossorigin="anonymous"><link as=fetch"#
        ));
    }

    #[test]
    fn an_unterminated_tag_is_reported() {
        assert_eq!(
            set_integrity("<link href=/a.js", "/a.js", "x"),
            Err(HtmlError::Unterminated)
        );
    }

    const TRUNK_PAGE: &str = "<!doctype html><html lang=en><meta charset=utf-8><title>x</title>\
        <link href=/app-ab.js rel=modulepreload>\
        <script type=module>import init from '/app-ab.js';await init();</script>\
        <script src=/other.js></script></html>";

    #[test]
    fn inline_scripts_are_found_and_scripts_with_src_skipped() {
        assert_eq!(
            inline_scripts(TRUNK_PAGE).unwrap(),
            vec!["import init from '/app-ab.js';await init();"]
        );
        assert_eq!(
            inline_scripts("<script>never closed"),
            Err(HtmlError::UnterminatedScript)
        );
        assert!(inline_scripts("<p>none</p>").unwrap().is_empty());
    }

    #[test]
    fn the_policy_meta_goes_right_after_the_charset_and_replaces_an_earlier_one() {
        let policy = csp_policy(&["'sha256-abc='".to_string()]);
        assert_eq!(
            policy,
            "default-src 'self'; script-src 'self' 'sha256-abc=' 'wasm-unsafe-eval'; \
             worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
        );
        let once = set_csp_meta(TRUNK_PAGE, &policy).unwrap();
        assert!(once.contains(&format!(
            r#"<meta charset=utf-8><meta http-equiv="Content-Security-Policy" content="{policy}"><title>"#
        )));
        let twice = set_csp_meta(&once, "default-src 'none'").unwrap();
        assert_eq!(twice.matches("Content-Security-Policy").count(), 1);
        assert!(twice.contains(r#"content="default-src 'none'">"#));
        let quoted = set_csp_meta("<html><head>\n<meta charset=\"utf-8\" />", "x").unwrap();
        assert!(quoted.ends_with(
            r#"<meta charset="utf-8" /><meta http-equiv="Content-Security-Policy" content="x">"#
        ));
        assert_eq!(set_csp_meta("<p>", "x"), Err(HtmlError::NoHead));
    }
}
