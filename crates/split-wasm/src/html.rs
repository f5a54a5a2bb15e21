//! The edits to Trunk's `index.html` once its wasm and JS were replaced: the subresource
//! integrity of the replaced files, and a module preload of the chunk loader.
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
}
