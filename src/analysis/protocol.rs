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
use certlint::{Certificate, Finding, Purpose, Report};

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
        /// How many messages carry this report: this one, then `parts − 1` [`Response::More`]
        /// with the rest of its certificates and findings, in order ([`Response::into_parts`]).
        #[serde(default = "one")]
        parts: u32,
    },
    /// More certificates and findings of the report of request `id`.
    More {
        id: u32,
        certificates: Vec<Certificate>,
        findings: Vec<Finding>,
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
            Response::Report { id, .. }
            | Response::More { id, .. }
            | Response::Failed { id, .. } => Some(*id),
        }
    }

    /// The messages that carry this response. A report with more than [`PART_SIZE`] certificates
    /// or findings goes in several, so that the page reads each in a task of its own: read in one
    /// go, the answer for 900 certificates held the page for 60–70 ms.
    pub fn into_parts(self) -> Vec<Response> {
        let Response::Report {
            id,
            mut report,
            engine_ms,
            webcrypto,
            sources,
            ..
        } = self
        else {
            return vec![self];
        };
        let mut certificates = std::mem::take(&mut report.certificates).into_iter();
        let mut findings = std::mem::take(&mut report.findings).into_iter();
        report.certificates = certificates.by_ref().take(PART_SIZE).collect();
        report.findings = findings.by_ref().take(PART_SIZE).collect();
        let mut more = Vec::new();
        while certificates.len() > 0 || findings.len() > 0 {
            more.push(Response::More {
                id,
                certificates: certificates.by_ref().take(PART_SIZE).collect(),
                findings: findings.by_ref().take(PART_SIZE).collect(),
            });
        }
        let parts = u32::try_from(more.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        let mut all = vec![Response::Report {
            id,
            report,
            engine_ms,
            webcrypto,
            sources,
            parts,
        }];
        all.extend(more);
        all
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

/// Certificates and findings a message of a report carries at most.
pub const PART_SIZE: usize = 100;

/// More parts than a report of the engine's largest input can need (1 000 certificates, as many
/// findings again and some): a worker announcing more is not believed.
const MAX_PARTS: u32 = 64;

fn one() -> u32 {
    1
}

/// A report arriving in parts ([`Response::into_parts`]), on the page.
#[derive(Debug)]
pub struct Incoming {
    report: Response,
    missing: u32,
}

/// What a part of a report makes.
#[derive(Debug)]
pub enum Assembled {
    /// The whole response.
    Complete(Response),
    /// Still waiting for parts.
    Waiting(Incoming),
}

impl Incoming {
    /// Starts with the first message of a response: complete unless it is a report that said
    /// more parts follow. A part count beyond [`MAX_PARTS`] makes the answer a failure.
    pub fn begin(first: Response) -> Assembled {
        match first {
            Response::Report { id, parts, .. } if parts > MAX_PARTS => {
                Assembled::Complete(Response::Failed {
                    id,
                    error: format!("the certificate engine announced a report in {parts} parts"),
                })
            }
            Response::Report { parts, .. } if parts > 1 => Assembled::Waiting(Incoming {
                report: first,
                missing: parts - 1,
            }),
            other => Assembled::Complete(other),
        }
    }

    /// Adds the next part (a [`Response::More`] of the same request; anything else is ignored).
    pub fn with(mut self, part: Response) -> Assembled {
        if let (
            Response::Report { id, report, .. },
            Response::More {
                id: more_id,
                certificates,
                findings,
            },
        ) = (&mut self.report, part)
        {
            if *id == more_id {
                report.certificates.extend(certificates);
                report.findings.extend(findings);
                self.missing = self.missing.saturating_sub(1);
            }
        }
        if self.missing == 0 {
            Assembled::Complete(self.report)
        } else {
            Assembled::Waiting(self)
        }
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
                parts: 1,
            },
            Response::More {
                id: 7,
                certificates: Vec::new(),
                findings: Vec::new(),
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

    const CHAIN: &[u8] = include_bytes!("../../crates/certlint/tests/fixtures/chain-good.pem");

    /// A report of `certificates` certificates and `findings` findings (copies of a chain's).
    fn report_of(certificates: usize, findings: usize) -> Response {
        let mut report = certlint::analyze(CHAIN, &certlint::Options::at(1_767_225_600));
        let certificate = report.certificates.first().cloned().expect("a certificate");
        let finding = certlint::analyze(b"junk", &certlint::Options::at(0))
            .findings
            .first()
            .cloned()
            .expect("a finding");
        report.certificates = (0..certificates)
            .map(|position| certlint::Certificate {
                position,
                ..certificate.clone()
            })
            .collect();
        report.findings = vec![finding; findings];
        Response::Report {
            id: 3,
            report: Box::new(report),
            engine_ms: 2.0,
            webcrypto: HandedOver::default(),
            sources: vec!["bundle.pem".into()],
            parts: 1,
        }
    }

    /// Each part through the wire form, then put together as the page does.
    fn assemble(parts: Vec<Response>) -> Option<Response> {
        let mut wire = parts.into_iter().map(|part| {
            Response::from_json(&part.to_json().expect("serialises")).expect("reads back")
        });
        let mut state = Incoming::begin(wire.next()?);
        for part in wire {
            state = match state {
                Assembled::Waiting(incoming) => incoming.with(part),
                Assembled::Complete(_) => panic!("a part after the report was complete"),
            };
        }
        match state {
            Assembled::Complete(response) => Some(response),
            Assembled::Waiting(_) => None,
        }
    }

    #[test]
    fn a_large_report_travels_in_parts_and_is_put_back_together() {
        for (certificates, findings, expected_parts) in [
            (250, 130, 3),
            (900, 901, 10),
            (100, 100, 1),
            (3, 0, 1),
            (0, 0, 1),
        ] {
            let whole = report_of(certificates, findings);
            let parts = whole.clone().into_parts();
            assert_eq!(parts.len(), expected_parts, "{certificates}/{findings}");
            for part in &parts {
                let (c, f) = match part {
                    Response::Report { report, .. } => {
                        (report.certificates.len(), report.findings.len())
                    }
                    Response::More {
                        certificates,
                        findings,
                        ..
                    } => (certificates.len(), findings.len()),
                    _ => panic!("not a part of a report"),
                };
                assert!(c <= PART_SIZE && f <= PART_SIZE);
            }
            let Some(Response::Report { report, parts, .. }) = assemble(parts) else {
                panic!("not put together");
            };
            assert_eq!(usize::try_from(parts).ok(), Some(expected_parts));
            let Response::Report {
                report: expected, ..
            } = whole
            else {
                unreachable!()
            };
            assert_eq!(report, expected);
        }
        // Other answers are one message.
        let failed = Response::Failed {
            id: 1,
            error: "no".into(),
        };
        assert_eq!(failed.clone().into_parts(), vec![failed]);
    }

    #[test]
    fn parts_of_another_request_or_too_many_parts_are_not_believed() {
        let parts = report_of(250, 0).into_parts();
        let mut parts = parts.into_iter();
        let Some(first) = parts.next() else {
            panic!("no part")
        };
        let Assembled::Waiting(incoming) = Incoming::begin(first) else {
            panic!("complete after one part of three");
        };
        let stranger = Response::More {
            id: 99,
            certificates: Vec::new(),
            findings: Vec::new(),
        };
        let Assembled::Waiting(incoming) = incoming.with(stranger) else {
            panic!("another request's part completed this one");
        };
        let Assembled::Waiting(incoming) = incoming.with(Response::Ready) else {
            panic!("a Ready completed a report");
        };
        let Some(second) = parts.next() else {
            panic!("no second part")
        };
        assert!(matches!(incoming.with(second), Assembled::Waiting(_)));

        let Response::Report {
            id,
            report,
            engine_ms,
            webcrypto,
            sources,
            ..
        } = report_of(1, 0)
        else {
            unreachable!()
        };
        let boastful = Response::Report {
            id,
            report,
            engine_ms,
            webcrypto,
            sources,
            parts: 1_000_000,
        };
        assert!(matches!(
            Incoming::begin(boastful),
            Assembled::Complete(Response::Failed { id: 3, .. })
        ));
    }
}
