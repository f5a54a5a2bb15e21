//! OData v2 as SAP API Management speaks it: entities rendered as verbose JSON (`{"d":…}`) or as
//! Atom XML, errors as JSON or XML, chosen by `Accept` / `$format`.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::ser::{Serialize, SerializeMap, Serializer};
use time::macros::format_description;
use time::OffsetDateTime;

pub const JSON_CONTENT_TYPE: &str = "application/json;charset=utf-8";
pub const ENTRY_CONTENT_TYPE: &str = "application/atom+xml;type=entry;charset=utf-8";
pub const FEED_CONTENT_TYPE: &str = "application/atom+xml;type=feed;charset=utf-8";
pub const XML_CONTENT_TYPE: &str = "application/xml;charset=utf-8";

const NS_ATOM: &str = "http://www.w3.org/2005/Atom";
const NS_METADATA: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata";
const NS_DATA: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices";
const NS_SCHEME: &str = "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme";

/// The representation a client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Atom,
}

impl Format {
    /// `$format=json` wins; otherwise JSON when `Accept` names `application/json`, else Atom — an
    /// OData v2 service's default (SAP's DELETE sample was sent without `Accept: application/json`
    /// and answered Atom).
    pub fn negotiate(headers: &HeaderMap, query: Option<&str>) -> Format {
        if let Some(query) = query {
            for (key, value) in form_urlencoded::parse(query.as_bytes()) {
                if key == "$format" {
                    return if value.eq_ignore_ascii_case("json") {
                        Format::Json
                    } else {
                        Format::Atom
                    };
                }
            }
        }
        let accepts_json = headers
            .get_all(header::ACCEPT)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let media = item.split(';').next().unwrap_or("").trim();
                media.eq_ignore_ascii_case("application/json")
            });
        if accepts_json {
            Format::Json
        } else {
            Format::Atom
        }
    }
}

/// A property value of an entity.
#[derive(Debug, Clone, PartialEq)]
pub enum Prop {
    Str(Option<String>),
    Bool(bool),
    Int32(i64),
    /// Milliseconds since the epoch: `/Date(ms)/` in JSON, `2025-09-18T05:07:17.976` in Atom.
    DateTime(u64),
    Complex {
        type_name: &'static str,
        props: Vec<(&'static str, Prop)>,
    },
}

impl Prop {
    pub fn str(value: impl Into<String>) -> Prop {
        Prop::Str(Some(value.into()))
    }

    pub fn opt(value: Option<&str>) -> Prop {
        Prop::Str(value.map(str::to_owned))
    }
}

/// An entity of an entity set, with its properties in the order SAP sends them.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Absolute service root, e.g. `http://host/apiportal/api/1.0/Management.svc`.
    pub service_root: String,
    pub set: &'static str,
    pub type_name: &'static str,
    /// The key predicate as it appears inside the URI's parentheses: `'…'`, or
    /// `name='…',storeName='…'` for a compound key (OData v2 URI Conventions §2.2.2).
    pub key: String,
    pub props: Vec<(&'static str, Prop)>,
}

impl Entity {
    pub fn relative_uri(&self) -> String {
        format!("{}({})", self.set, self.key)
    }

    pub fn uri(&self) -> String {
        format!("{}/{}", self.service_root, self.relative_uri())
    }
}

/// An OData v2 string literal: quoted, a quote inside doubled (URI Conventions §2.2.2).
pub fn string_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The value of a string literal `'…'`, or `None` when `text` is not one.
pub fn parse_string_literal(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    // Inside, a quote comes only doubled.
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

struct JsonMetadata<'a> {
    uri: Option<String>,
    type_name: &'a str,
}

impl Serialize for JsonMetadata<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(uri) = &self.uri {
            map.serialize_entry("id", uri)?;
            map.serialize_entry("uri", uri)?;
        }
        map.serialize_entry("type", self.type_name)?;
        map.end()
    }
}

impl Serialize for Prop {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Prop::Str(value) => value.serialize(serializer),
            Prop::Bool(value) => value.serialize(serializer),
            Prop::Int32(value) => value.serialize(serializer),
            Prop::DateTime(ms) => format!("/Date({ms})/").serialize(serializer),
            Prop::Complex { type_name, props } => {
                let mut map = serializer.serialize_map(None)?;
                map.serialize_entry(
                    "__metadata",
                    &JsonMetadata {
                        uri: None,
                        type_name,
                    },
                )?;
                for (name, value) in props {
                    map.serialize_entry(name, value)?;
                }
                map.end()
            }
        }
    }
}

impl Serialize for Entity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry(
            "__metadata",
            &JsonMetadata {
                uri: Some(self.uri()),
                type_name: self.type_name,
            },
        )?;
        for (name, value) in &self.props {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

// Wrappers rather than `json!`: a `serde_json::Value` map would sort the properties.
#[derive(serde::Serialize)]
struct D<T> {
    d: T,
}

#[derive(serde::Serialize)]
struct Results<'a> {
    results: &'a [Entity],
}

/// `{"d":{…}}`
pub fn json_entry(entity: &Entity) -> String {
    serde_json::to_string(&D { d: entity }).unwrap_or_default()
}

/// `{"d":{"results":[…]}}`
pub fn json_feed(entities: &[Entity]) -> String {
    serde_json::to_string(&D {
        d: Results { results: entities },
    })
    .unwrap_or_default()
}

/// Escapes text for element content and double-quoted attributes. Apostrophes stay as they are,
/// as in SAP's `VirtualHostRequests('…')`.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn datetime(ms: u64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()
}

/// `Edm.DateTime` in Atom: `2025-09-18T05:07:17.976`, no zone (as SAP sends it).
pub fn atom_datetime(ms: u64) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]");
    datetime(ms)
        .and_then(|dt| dt.format(&format).ok())
        .unwrap_or_default()
}

/// Atom `<updated>`: the same with `Z`.
pub fn atom_updated(ms: u64) -> String {
    format!("{}Z", atom_datetime(ms))
}

fn push_props(out: &mut String, props: &[(&'static str, Prop)], indent: &str) {
    for (name, value) in props {
        match value {
            Prop::Str(None) => {
                out.push_str(&format!("{indent}<d:{name} m:null=\"true\"></d:{name}>\n"));
            }
            Prop::Str(Some(text)) => {
                out.push_str(&format!(
                    "{indent}<d:{name}>{}</d:{name}>\n",
                    xml_escape(text)
                ));
            }
            Prop::Bool(b) => out.push_str(&format!("{indent}<d:{name}>{b}</d:{name}>\n")),
            Prop::Int32(n) => out.push_str(&format!("{indent}<d:{name}>{n}</d:{name}>\n")),
            Prop::DateTime(ms) => out.push_str(&format!(
                "{indent}<d:{name}>{}</d:{name}>\n",
                atom_datetime(*ms)
            )),
            Prop::Complex { type_name, props } => {
                out.push_str(&format!("{indent}<d:{name} m:type=\"{type_name}\">\n"));
                push_props(out, props, &format!("{indent}  "));
                out.push_str(&format!("{indent}</d:{name}>\n"));
            }
        }
    }
}

fn push_entry_body(out: &mut String, entity: &Entity, updated_ms: u64, indent: &str) {
    let title = entity.set;
    let type_short = entity
        .type_name
        .rsplit('.')
        .next()
        .unwrap_or(entity.type_name);
    out.push_str(&format!("{indent}<id>{}</id>\n", xml_escape(&entity.uri())));
    out.push_str(&format!("{indent}<title type=\"text\">{title}</title>\n"));
    out.push_str(&format!(
        "{indent}<updated>{}</updated>\n",
        atom_updated(updated_ms)
    ));
    out.push_str(&format!(
        "{indent}<category term=\"{}\" scheme=\"{NS_SCHEME}\"></category>\n",
        entity.type_name
    ));
    out.push_str(&format!(
        "{indent}<link href=\"{}\" rel=\"edit\" title=\"{type_short}\"></link>\n",
        xml_escape(&entity.relative_uri())
    ));
    out.push_str(&format!("{indent}<content type=\"application/xml\">\n"));
    out.push_str(&format!("{indent}  <m:properties>\n"));
    push_props(out, &entity.props, &format!("{indent}    "));
    out.push_str(&format!("{indent}  </m:properties>\n"));
    out.push_str(&format!("{indent}</content>\n"));
}

/// A single Atom `<entry>`, shaped like SAP's DELETE sample (with the correct namespaces).
pub fn atom_entry(entity: &Entity, updated_ms: u64) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<entry xmlns=\"{NS_ATOM}\" xmlns:m=\"{NS_METADATA}\" xmlns:d=\"{NS_DATA}\" xml:base=\"{}\">\n",
        xml_escape(&entity.service_root)
    ));
    push_entry_body(&mut out, entity, updated_ms, "  ");
    out.push_str("</entry>\n");
    out
}

/// An Atom `<feed>` of a whole entity set.
pub fn atom_feed(service_root: &str, set: &str, entities: &[Entity], updated_ms: u64) -> String {
    let set = xml_escape(set);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"{NS_ATOM}\" xmlns:m=\"{NS_METADATA}\" xmlns:d=\"{NS_DATA}\" xml:base=\"{}\">\n",
        xml_escape(service_root)
    ));
    out.push_str(&format!("  <id>{}/{set}</id>\n", xml_escape(service_root)));
    out.push_str(&format!("  <title type=\"text\">{set}</title>\n"));
    out.push_str(&format!(
        "  <updated>{}</updated>\n",
        atom_updated(updated_ms)
    ));
    out.push_str(&format!(
        "  <link href=\"{set}\" rel=\"self\" title=\"{set}\"></link>\n"
    ));
    for entity in entities {
        out.push_str("  <entry>\n");
        push_entry_body(&mut out, entity, updated_ms, "    ");
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

fn with_headers(status: StatusCode, content_type: &'static str, body: String) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert("dataserviceversion", HeaderValue::from_static("1.0"));
    response
}

/// One entity, 200 or 201, in the negotiated format.
pub fn entry_response(
    status: StatusCode,
    format: Format,
    entity: &Entity,
    now_ms: u64,
) -> Response {
    match format {
        Format::Json => with_headers(status, JSON_CONTENT_TYPE, json_entry(entity)),
        Format::Atom => with_headers(status, ENTRY_CONTENT_TYPE, atom_entry(entity, now_ms)),
    }
}

/// A whole entity set, 200, in the negotiated format.
pub fn feed_response(
    format: Format,
    service_root: &str,
    set: &str,
    entities: &[Entity],
    now_ms: u64,
) -> Response {
    match format {
        Format::Json => with_headers(StatusCode::OK, JSON_CONTENT_TYPE, json_feed(entities)),
        Format::Atom => with_headers(
            StatusCode::OK,
            FEED_CONTENT_TYPE,
            atom_feed(service_root, set, entities, now_ms),
        ),
    }
}

/// An OData v2 error: `{"error":{"code","message":{"lang","value"}}}` or its XML form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ODataError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ODataError {
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ODataError {
        ODataError {
            status: StatusCode::BAD_REQUEST,
            code,
            message: message.into(),
        }
    }

    pub fn render(&self, format: Format) -> Response {
        match format {
            Format::Json => with_headers(
                self.status,
                JSON_CONTENT_TYPE,
                serde_json::json!({
                    "error": {
                        "code": self.code,
                        "message": { "lang": "en", "value": self.message },
                    }
                })
                .to_string(),
            ),
            Format::Atom => with_headers(
                self.status,
                XML_CONTENT_TYPE,
                format!(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<error xmlns=\"{NS_METADATA}\">\n  \
                     <code>{}</code>\n  <message xml:lang=\"en\">{}</message>\n</error>\n",
                    xml_escape(self.code),
                    xml_escape(&self.message)
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_render_like_sap() {
        assert_eq!(atom_datetime(1_758_172_037_976), "2025-09-18T05:07:17.976");
        assert_eq!(atom_updated(1_758_172_038_571), "2025-09-18T05:07:18.571Z");
        assert_eq!(
            serde_json::to_string(&Prop::DateTime(1_707_380_514_905)).expect("json"),
            "\"/Date(1707380514905)/\""
        );
    }

    #[test]
    fn json_keeps_property_order() {
        let entity = Entity {
            service_root: "http://h/svc".into(),
            set: "Things",
            type_name: "ns.Thing",
            key: "'k'".into(),
            props: vec![("zeta", Prop::Bool(true)), ("alpha", Prop::Str(None))],
        };
        assert_eq!(
            json_entry(&entity),
            r#"{"d":{"__metadata":{"id":"http://h/svc/Things('k')","uri":"http://h/svc/Things('k')","type":"ns.Thing"},"zeta":true,"alpha":null}}"#
        );
    }

    #[test]
    fn negotiation() {
        let mut headers = HeaderMap::new();
        assert_eq!(Format::negotiate(&headers, None), Format::Atom);
        assert_eq!(
            Format::negotiate(&headers, Some("$format=json")),
            Format::Json
        );
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/plain, application/json;q=0.9"),
        );
        assert_eq!(Format::negotiate(&headers, None), Format::Json);
        assert_eq!(
            Format::negotiate(&headers, Some("$format=atom")),
            Format::Atom
        );
    }
}
