//! A small, forgiving reader for the `<m:properties>` of an OData v2 Atom entry.
//!
//! SAP's documented DELETE answer is not well-formed XML (`/link>` for `</link>`, a mistyped
//! namespace URI), and a strict parser rejects it whole. This reader looks only inside
//! `<m:properties>` and reads each property by its local name, ignoring namespace URIs, so it
//! reads that sample as well as correct answers. Nested properties (`life_cycle`) are flattened:
//! their children come out as their own names.

/// `(local name, value)` in document order; `None` for `m:null="true"` or an empty element.
pub type Properties = Vec<(String, Option<String>)>;

/// Reads the properties of the first `<…:properties>` element in `xml`.
///
/// Every cut is made with `split_once`/`get` at a delimiter found in the text, so no answer,
/// however malformed, can make it panic.
pub fn read_atom_properties(xml: &str) -> Result<Properties, String> {
    let start =
        find_open_tag(xml, "properties").ok_or("the XML answer holds no <m:properties> element")?;
    let rest = xml.get(start..).unwrap_or_default();
    // Past the opening tag itself.
    let (_, mut body) = rest
        .split_once('>')
        .ok_or("the <m:properties> element is cut off")?;
    if let Some(end) = find_close_tag(body, "properties") {
        body = body.get(..end).unwrap_or(body);
    }

    let mut properties = Properties::new();
    let mut cursor = body;
    while let Some((_, after_lt)) = cursor.split_once('<') {
        cursor = after_lt;
        if cursor.starts_with('/') || cursor.starts_with('!') || cursor.starts_with('?') {
            continue;
        }
        let (tag, after_tag) = cursor.split_once('>').ok_or("an element is cut off")?;
        cursor = after_tag;
        let qualified = tag.split_whitespace().next().unwrap_or("");
        let qualified = qualified.trim_end_matches('/');
        let local = qualified.rsplit(':').next().unwrap_or(qualified);
        if local.is_empty() {
            continue;
        }
        let is_null = tag.contains("null=\"true\"") || tag.contains("null='true'");
        if tag.ends_with('/') {
            properties.push((local.to_string(), None));
            continue;
        }
        // A leaf when its text runs up to its own closing tag; otherwise complex (read on).
        let (text, after_text) = cursor.split_once('<').unwrap_or((cursor, ""));
        let closing = format!("/{qualified}>");
        if let Some(after_close) = after_text.strip_prefix(closing.as_str()) {
            let text = unescape(text);
            let value = (!is_null && !text.is_empty()).then_some(text);
            properties.push((local.to_string(), value));
            cursor = after_close;
        }
    }
    if properties.is_empty() {
        return Err("the <m:properties> element holds no property".into());
    }
    Ok(properties)
}

/// Byte offset of the first `<prefix:local` or `<local` opening tag.
fn find_open_tag(xml: &str, local: &str) -> Option<usize> {
    xml.match_indices('<').map(|(at, _)| at).find(|&at| {
        let name: String = xml
            .get(at..)
            .unwrap_or_default()
            .chars()
            .skip(1)
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        name.rsplit(':').next() == Some(local)
    })
}

fn find_close_tag(xml: &str, local: &str) -> Option<usize> {
    xml.match_indices("</").map(|(at, _)| at).find(|&at| {
        let name: String = xml
            .get(at..)
            .unwrap_or_default()
            .chars()
            .skip(2)
            .take_while(|c| !c.is_whitespace() && *c != '>')
            .collect();
        name.rsplit(':').next() == Some(local)
    })
}

/// The five predefined entities and numeric references; anything else is kept as written.
pub fn unescape(text: &str) -> String {
    let text = text.trim();
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after_amp)) = rest.split_once('&') {
        out.push_str(before);
        // An entity name is short; a lone `&` further on is kept as written.
        let entity = after_amp
            .split_once(';')
            .filter(|(name, _)| name.len() < 10);
        let decoded = entity.and_then(|(name, after)| Some((decode_entity(name)?, after)));
        match decoded {
            Some((c, after)) => {
                out.push(c);
                rest = after;
            }
            None => {
                out.push('&');
                rest = after_amp;
            }
        }
    }
    out.push_str(rest);
    out
}

/// XML 1.0 §4.6 (predefined entities) and §4.1 (character references).
fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => name
            .strip_prefix("#x")
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32),
    }
}
