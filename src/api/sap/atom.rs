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
pub fn read_atom_properties(xml: &str) -> Result<Properties, String> {
    let start =
        find_open_tag(xml, "properties").ok_or("the XML answer holds no <m:properties> element")?;
    let rest = &xml[start..];
    // Past the opening tag itself.
    let open_end = rest
        .find('>')
        .ok_or("the <m:properties> element is cut off")?;
    let mut body = &rest[open_end + 1..];
    if let Some(end) = find_close_tag(body, "properties") {
        body = &body[..end];
    }

    let mut properties = Properties::new();
    let mut cursor = body;
    while let Some(lt) = cursor.find('<') {
        cursor = &cursor[lt + 1..];
        if cursor.starts_with('/') || cursor.starts_with('!') || cursor.starts_with('?') {
            continue;
        }
        let gt = cursor.find('>').ok_or("an element is cut off")?;
        let tag = &cursor[..gt];
        cursor = &cursor[gt + 1..];
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
        let text_end = cursor.find('<').unwrap_or(cursor.len());
        let closing = format!("</{qualified}>");
        if cursor[text_end..].starts_with(&closing) {
            let text = unescape(&cursor[..text_end]);
            let value = (!is_null && !text.is_empty()).then_some(text);
            properties.push((local.to_string(), value));
            cursor = &cursor[text_end + closing.len()..];
        }
    }
    if properties.is_empty() {
        return Err("the <m:properties> element holds no property".into());
    }
    Ok(properties)
}

/// Byte offset of the first `<prefix:local` or `<local` opening tag.
fn find_open_tag(xml: &str, local: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = xml[from..].find('<') {
        let at = from + i;
        let name: String = xml[at + 1..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        if name.rsplit(':').next() == Some(local) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn find_close_tag(xml: &str, local: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = xml[from..].find("</") {
        let at = from + i;
        let name: String = xml[at + 2..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>')
            .collect();
        if name.rsplit(':').next() == Some(local) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// The five predefined entities and numeric references; anything else is kept as written.
pub fn unescape(text: &str) -> String {
    let text = text.trim();
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
