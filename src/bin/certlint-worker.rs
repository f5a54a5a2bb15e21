//! The certificate engine in a web worker (Trunk builds it with `data-type="worker"`), so that a
//! large or hostile input never blocks the page. Protocol: see `src/analysis/worker.rs`.
//!
//! A request may carry `mode: "parse"` (the browser benchmark, `bench/browser`): each file is then
//! only parsed (`certlint::parse_only`) and the reply is `{id, engine_ms, count}`, the number of
//! certificates read, with no report to serialise. Any other or no `mode` is a full analysis.

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
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    pub fn run() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let replies = scope.clone();
        let on_message = Closure::<dyn FnMut(_)>::new(move |event: MessageEvent| {
            let reply = answer(&event.data());
            let _ = replies.post_message(&reply);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        if !scope.location().search().contains("nowarmup") {
            warm_up();
        }
        let ready = Object::new();
        let _ = Reflect::set(&ready, &"ready".into(), &true.into());
        let _ = scope.post_message(&ready);
    }

    /// A valid 3-certificate P-256 chain (the engine's `chain-good.pem` test fixture), valid
    /// from 2020 to 2120.
    const WARM_UP_CHAIN: &[u8] = include_bytes!("warm-up-chain.pem");
    /// 2026-01-01, within the chain's validity; the result is thrown away.
    const WARM_UP_NOW: i64 = 1_767_225_600;

    /// One analysis before the worker reports ready. V8 compiles a wasm function the first time
    /// it runs and optimises it only after some use, so a fresh engine takes several times longer
    /// for its first chain than for the next; the page starts the worker when the Certificates
    /// page opens, so this happens while the user is still choosing files. The benchmark starts
    /// workers with `?nowarmup` to also measure the engine without it.
    fn warm_up() {
        let options = certlint::Options::at(WARM_UP_NOW);
        for _ in 0..2 {
            let report = certlint::analyze(WARM_UP_CHAIN, &options);
            let _ = serde_json::to_string(&report);
        }
    }

    fn answer(request: &JsValue) -> JsValue {
        let get = |key: &str| Reflect::get(request, &key.into()).ok();
        let reply = Object::new();
        let id = get("id").unwrap_or(JsValue::NULL);
        let _ = Reflect::set(&reply, &"id".into(), &id);
        let now = get("now").and_then(|v| v.as_f64()).map(|v| v as i64);
        // `client` or `server` (certlint::Purpose); absent: the client-certificate truststore.
        let purpose = match get("purpose").and_then(|v| v.as_string()) {
            None => Ok(certlint::Purpose::default()),
            Some(text) => text.parse::<certlint::Purpose>(),
        };
        let files: Vec<(String, Vec<u8>)> = get("files")
            .map(|list| {
                Array::from(&list)
                    .iter()
                    .map(|entry| {
                        let name = Reflect::get(&entry, &"name".into())
                            .ok()
                            .and_then(|v| v.as_string())
                            .unwrap_or_default();
                        let bytes = Reflect::get(&entry, &"bytes".into())
                            .ok()
                            .filter(|v| v.is_instance_of::<Uint8Array>())
                            .map(|v| Uint8Array::new(&v).to_vec())
                            .unwrap_or_default();
                        (name, bytes)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let Some(now) = now else {
            let _ = Reflect::set(&reply, &"error".into(), &"no current time was given".into());
            return reply.into();
        };
        let purpose = match purpose {
            Ok(purpose) => purpose,
            Err(reason) => {
                let _ = Reflect::set(&reply, &"error".into(), &reason.into());
                return reply.into();
            }
        };
        let options = certlint::Options {
            purpose,
            ..certlint::Options::at(now)
        };
        let clock = js_sys::global()
            .unchecked_into::<web_sys::WorkerGlobalScope>()
            .performance();
        let started = clock.as_ref().map(|c| c.now()).unwrap_or(0.0);
        if get("mode").and_then(|v| v.as_string()).as_deref() == Some("parse") {
            let count: usize = files
                .iter()
                .map(|(_, bytes)| certlint::parse_only(bytes, &options).certificates.len())
                .sum();
            let elapsed = clock.as_ref().map(|c| c.now() - started).unwrap_or(0.0);
            let _ = Reflect::set(&reply, &"engine_ms".into(), &elapsed.into());
            let _ = Reflect::set(&reply, &"count".into(), &(count as f64).into());
            return reply.into();
        }
        // Files dropped together are one bundle, each read in its own form (a DER leaf beside a
        // PEM file of intermediates).
        let inputs: Vec<&[u8]> = files.iter().map(|(_, bytes)| bytes.as_slice()).collect();
        let report = certlint::analyze_many(&inputs, &options);
        let elapsed = clock.as_ref().map(|c| c.now() - started).unwrap_or(0.0);
        match serde_json::to_string(&report) {
            Ok(json) => {
                let _ = Reflect::set(&reply, &"report".into(), &json.into());
                let _ = Reflect::set(&reply, &"engine_ms".into(), &elapsed.into());
                let sources = Array::new();
                for (name, _) in &files {
                    sources.push(&name.as_str().into());
                }
                let _ = Reflect::set(&reply, &"sources".into(), &sources);
            }
            Err(error) => {
                let _ = Reflect::set(&reply, &"error".into(), &error.to_string().into());
            }
        }
        reply.into()
    }
}
