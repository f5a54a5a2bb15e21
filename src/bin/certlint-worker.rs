//! The certificate engine in a web worker (Trunk builds it with `data-type="worker"`), so that a
//! large or hostile input never blocks the page. The messages are those of
//! `mtls_portal::analysis::protocol`, shared with the page's side (`src/analysis/worker.rs`).

#[cfg(target_arch = "wasm32")]
fn main() {
    worker::run();
}

/// Natively there is no worker: `certlint` is the command-line tool.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("certlint-worker runs in a browser; use the certlint command instead");
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use mtls_portal::analysis::protocol::{Request, Response};
    use mtls_portal::analysis::webcrypto;
    use mtls_portal::state::clock::monotonic_ms;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    pub fn run() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let replies = scope.clone();
        // Each request is answered when its analysis ends; the page pairs answers by id.
        let on_message = Closure::<dyn FnMut(_)>::new(move |event: MessageEvent| {
            let replies = replies.clone();
            wasm_bindgen_futures::spawn_local(async move {
                // A large report goes in several messages, one after the other.
                for part in answer(&event.data()).await.into_parts() {
                    send(&replies, &part);
                }
            });
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        wasm_bindgen_futures::spawn_local(async move {
            if !scope.location().search().contains("nowarmup") {
                warm_up().await;
            }
            send(&scope, &Response::Ready);
        });
    }

    fn send(scope: &DedicatedWorkerGlobalScope, response: &Response) {
        let json = response.to_json().unwrap_or_else(|error| {
            // Only a report can fail to serialise; its request still gets an answer.
            let failed = Response::Failed {
                id: response.id().unwrap_or(0),
                error,
            };
            failed.to_json().unwrap_or_default()
        });
        let _ = scope.post_message(&json.into());
    }

    /// A valid 3-certificate P-256 chain (the engine's `chain-good.pem` test fixture), valid
    /// from 2020 to 2120.
    const WARM_UP_CHAIN: &[u8] = include_bytes!("warm-up-chain.pem");
    /// 2026-01-01, within the chain's validity; the result is thrown away.
    const WARM_UP_NOW: i64 = 1_767_225_600;

    /// Analyses before the worker reports ready, by both ways an analysis verifies signatures:
    /// the engine's own verifier and WebCrypto. V8 compiles a wasm function the first time it
    /// runs and optimises it only after some use, so a fresh engine takes several times longer
    /// for its first chain than for the next; the page starts the worker when the Certificates
    /// page opens, so this happens while the user is still choosing files. The benchmark starts
    /// workers with `?nowarmup` to also measure the engine without it.
    async fn warm_up() {
        let options = certlint::Options::at(WARM_UP_NOW);
        let report = certlint::analyze(WARM_UP_CHAIN, &options);
        let _ = serde_json::to_string(&report);
        let (report, _) = webcrypto::analyze(&[WARM_UP_CHAIN], &options).await;
        let _ = serde_json::to_string(&report);
    }

    async fn answer(message: &JsValue) -> Response {
        let request = match Request::from_js(message) {
            Ok(request) => request,
            // Without a readable request there is no id to answer; the page's time limit
            // reports it.
            Err(error) => return Response::Failed { id: 0, error },
        };
        let options = certlint::Options {
            purpose: request.purpose,
            ..certlint::Options::at(request.now)
        };
        let started = monotonic_ms();
        // Files dropped together are one bundle, each read in its own form (a DER leaf beside a
        // PEM file of intermediates).
        let inputs: Vec<&[u8]> = request.files.iter().map(|f| f.bytes.as_slice()).collect();
        let (report, webcrypto) = webcrypto::analyze(&inputs, &options).await;
        let engine_ms = monotonic_ms() - started;
        Response::Report {
            id: request.id,
            report: Box::new(report),
            engine_ms,
            webcrypto,
            parts: 1,
            sources: request.files.into_iter().map(|f| f.name).collect(),
        }
    }
}
