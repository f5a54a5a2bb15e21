//! The messages between the page (`worker.rs`) and the certificate worker
//! (`src/bin/certlint-worker.rs`): one type per direction, [`Request`] and [`Response`], and
//! their one wire form, so that no key is spelled on both sides.
//!
//! Wire form. A request is a JS array: the JSON of [`RequestHeader`] (id, time, purpose, file
//! names) followed by one `Uint8Array` per file, whose buffers are transferred, not copied. A
//! response is the JSON string of [`Response`]: a report crosses as one string, copied once,
//! where a JS object is built and read back with a call across the wasm boundary per field.
//! Measured in a worker on the 900-certificate bundle's report (serialise, structured clone,
//! deserialise; `bench/browser`, "report transport", median of 7, Chromium, a loaded 2-core
//! machine): JSON string 33 ms, `serde-wasm-bindgen` object (JSON-compatible) 73 ms. The file
//! bytes travel as transferred typed arrays: in JSON each byte would take up to four characters.

use serde::{Deserialize, Serialize};

use super::webcrypto::HandedOver;
use super::InputFile;
use certlint::{Purpose, Report};

/// Page → worker: analyse `files` as one bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub id: u32,
    /// Unix seconds (the engine never reads a clock).
    pub now: i64,
    pub purpose: Purpose,
    pub files: Vec<InputFile>,
}

/// The JSON part of a [`Request`]; `names[i]` is the name of the `i`-th byte array.
#[derive(Serialize, Deserialize)]
struct RequestHeader {
    id: u32,
    now: i64,
    purpose: Purpose,
    names: Vec<String>,
}

/// Worker → page: `{"kind": "report", "data": {…}}`.
///
/// Adjacently tagged, the tag first: serde reads the kind and then the data straight from the
/// text. Internally tagged (`{"kind": "report", "id": …}`), it would first buffer the whole
/// message into a tree of its own to find the tag and then read that tree again; for the
/// 900-certificate report that was half of the page's time reading the answer (1.8 ms against
/// 3.6 ms natively; 50 ms of a 70 ms task in Chromium the first time the page reads a report).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Response {
    /// The worker's wasm runs (and has warmed its engine up); requests may be sent.
    Ready,
    /// The analysis of request `id`.
    Report {
        id: u32,
        /// Boxed: the other messages are a few bytes.
        report: Box<Report>,
        /// Time the engine took inside the worker, in milliseconds (WebCrypto's part included).
        engine_ms: f64,
        /// The signatures WebCrypto verified for the engine (`webcrypto.rs`).
        webcrypto: HandedOver,
        /// The names of the inputs, in the order they were analysed.
        sources: Vec<String>,
    },
    /// Request `id` could not be analysed (not a problem of the certificates: those are
    /// findings in a report).
    Failed { id: u32, error: String },
}

impl Response {
    /// The request this answers; `None` for [`Response::Ready`].
    pub fn id(&self) -> Option<u32> {
        match self {
            Response::Ready => None,
            Response::Report { id, .. } | Response::Failed { id, .. } => Some(*id),
        }
    }

    /// The wire form: a JSON string.
    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string(self).map_err(|e| format!("the report cannot be sent ({e})"))
    }

    /// Reads the wire form; a message that is not one says so.
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("the certificate engine answered something unreadable ({e})"))
    }
}

/// The JS side of the wire form (compiled natively too, as the rest of the page is).
mod wire {
    use super::{Request, RequestHeader, Response};
    use crate::analysis::InputFile;
    use js_sys::{Array, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};

    impl Request {
        /// The wire form and the buffers to transfer with it (`postMessage(message, transfer)`).
        pub fn to_js(&self) -> Result<(JsValue, Array), String> {
            let header = RequestHeader {
                id: self.id,
                now: self.now,
                purpose: self.purpose,
                names: self.files.iter().map(|f| f.name.clone()).collect(),
            };
            let json = serde_json::to_string(&header)
                .map_err(|e| format!("the request cannot be sent ({e})"))?;
            let message = Array::of1(&json.into());
            let transfer = Array::new();
            for file in &self.files {
                let bytes = Uint8Array::from(file.bytes.as_slice());
                transfer.push(&bytes.buffer());
                message.push(&bytes);
            }
            Ok((message.into(), transfer))
        }

        /// Reads the wire form (in the worker).
        pub fn from_js(message: &JsValue) -> Result<Self, String> {
            let list = message
                .dyn_ref::<Array>()
                .ok_or("the request is not a list")?;
            let header: RequestHeader = list
                .get(0)
                .as_string()
                .ok_or("the request has no header")
                .and_then(|json| {
                    serde_json::from_str(&json).map_err(|_| "the request header is unreadable")
                })?;
            if list.length()
                != u32::try_from(header.names.len())
                    .unwrap_or(u32::MAX)
                    .saturating_add(1)
            {
                return Err("the request's names and files do not pair up".into());
            }
            let files = header
                .names
                .into_iter()
                .zip(list.iter().skip(1))
                .map(|(name, bytes)| {
                    bytes
                        .dyn_into::<Uint8Array>()
                        .map(|bytes| InputFile {
                            name,
                            bytes: bytes.to_vec(),
                        })
                        .map_err(|_| "a file of the request is not bytes".to_string())
                })
                .collect::<Result<_, _>>()?;
            Ok(Request {
                id: header.id,
                now: header.now,
                purpose: header.purpose,
                files,
            })
        }
    }

    impl Response {
        /// Reads a message event's data (on the page).
        pub fn from_js(data: &JsValue) -> Result<Self, String> {
            data.as_string()
                .ok_or_else(|| "the certificate engine answered something unreadable".to_string())
                .and_then(|json| Self::from_json(&json))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_round_trip_through_their_wire_form() {
        let report = certlint::analyze(b"not a certificate", &certlint::Options::at(0));
        for response in [
            Response::Ready,
            Response::Report {
                id: 7,
                report: Box::new(report),
                engine_ms: 1.5,
                webcrypto: HandedOver {
                    checks: 3,
                    verified: 2,
                    ms: 0.4,
                },
                sources: vec!["a.pem".into()],
            },
            Response::Failed {
                id: 8,
                error: "no".into(),
            },
        ] {
            let json = response.to_json().expect("serialises");
            // The tag before the data, so the data is read without buffering.
            if let Response::Report { .. } = response {
                assert!(
                    json.starts_with(r#"{"kind":"report","data":{"id":7,"#),
                    "{json}"
                );
            }
            assert_eq!(Response::from_json(&json).as_ref(), Ok(&response));
        }
        assert_eq!(Response::Ready.id(), None);
        assert!(Response::from_json("{\"kind\":\"report\",\"data\":{\"id\":1}}").is_err());
        assert_eq!(
            Response::from_json("{\"kind\":\"ready\"}").ok(),
            Some(Response::Ready)
        );
        assert!(Response::from_json("{\"kind\":\"shutdown\"}").is_err());
    }
}
