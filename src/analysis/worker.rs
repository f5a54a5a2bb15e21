//! The page's side of the certificate worker (`src/bin/certlint-worker.rs`).
//!
//! Protocol: the worker posts `{ready: true}` once its wasm is running; the page then posts
//! `{id, now, files: [{name, bytes: Uint8Array}]}` and gets back `{id, report: "<json>",
//! engine_ms, sources}` or `{id, error}`. Requests made before `ready` wait in a queue.
//! An optional `mode` selects the work: `"analyze"` (the default, used here) or `"parse"` (parse
//! only, for the browser benchmark in `bench/browser`), answered with `{id, engine_ms, count}`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures_channel::oneshot;
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{Analysis, Analyzer, InputFile};

/// Where Trunk puts the worker's loader (worker file names are not hashed).
pub const LOADER_URL: &str = "/certlint-worker_loader.js";

type Reply = Result<Analysis, String>;

#[derive(Default)]
struct Shared {
    ready: bool,
    failed: Option<String>,
    next_id: u32,
    queue: Vec<JsValue>,
    pending: HashMap<u32, oneshot::Sender<Reply>>,
}

/// The worker analyzer. The worker starts when the Certificates page opens (or on first use)
/// and is kept for the page's lifetime.
pub fn analyzer() -> Analyzer {
    let client: Rc<RefCell<Option<Client>>> = Rc::new(RefCell::new(None));
    let starting = client.clone();
    Analyzer::new(move |files, now| {
        let client = client.clone();
        async move {
            let receiver = started(&mut client.borrow_mut())?.request(&files, now)?;
            receiver
                .await
                .unwrap_or_else(|_| Err("the certificate engine stopped".into()))
        }
    })
    .with_prepare(move || {
        // A worker that cannot start is tried again, and reported, at the first analysis.
        let _ = started(&mut starting.borrow_mut());
    })
}

/// The client in `slot`, started first if there is none yet.
fn started(slot: &mut Option<Client>) -> Result<&Client, String> {
    if slot.is_none() {
        *slot = Some(Client::start()?);
    }
    slot.as_ref()
        .ok_or_else(|| "the certificate engine could not start".to_string())
}

struct Client {
    worker: web_sys::Worker,
    shared: Rc<RefCell<Shared>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl Client {
    fn start() -> Result<Self, String> {
        let worker = web_sys::Worker::new(LOADER_URL)
            .map_err(|_| "the certificate engine could not start in this browser".to_string())?;
        let shared = Rc::new(RefCell::new(Shared::default()));

        let on_message = {
            let shared = shared.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut(_)>::new(move |event: web_sys::MessageEvent| {
                handle_message(&shared, &worker, event.data());
            })
        };
        let on_error = {
            let shared = shared.clone();
            Closure::<dyn FnMut(_)>::new(move |event: web_sys::ErrorEvent| {
                event.prevent_default();
                let reason = format!("the certificate engine stopped: {}", event.message());
                fail_all(&shared, reason);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            shared,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    fn request(&self, files: &[InputFile], now: i64) -> Result<oneshot::Receiver<Reply>, String> {
        let mut shared = self.shared.borrow_mut();
        if let Some(reason) = &shared.failed {
            return Err(reason.clone());
        }
        shared.next_id = shared.next_id.wrapping_add(1);
        let id = shared.next_id;
        let message = encode_request(id, files, now);
        let (sender, receiver) = oneshot::channel();
        shared.pending.insert(id, sender);
        if shared.ready {
            self.worker
                .post_message(&message)
                .map_err(|_| "the certificate engine did not accept the input".to_string())?;
        } else {
            shared.queue.push(message);
        }
        Ok(receiver)
    }
}

fn encode_request(id: u32, files: &[InputFile], now: i64) -> JsValue {
    let message = Object::new();
    let list = Array::new();
    for file in files {
        let entry = Object::new();
        let _ = Reflect::set(&entry, &"name".into(), &file.name.as_str().into());
        let _ = Reflect::set(
            &entry,
            &"bytes".into(),
            &Uint8Array::from(file.bytes.as_slice()),
        );
        list.push(&entry);
    }
    let _ = Reflect::set(&message, &"id".into(), &id.into());
    let _ = Reflect::set(&message, &"now".into(), &(now as f64).into());
    let _ = Reflect::set(&message, &"files".into(), &list);
    message.into()
}

fn handle_message(shared: &Rc<RefCell<Shared>>, worker: &web_sys::Worker, data: JsValue) {
    let get = |key: &str| Reflect::get(&data, &key.into()).ok();
    if get("ready").and_then(|v| v.as_bool()) == Some(true) {
        let queued = {
            let mut shared = shared.borrow_mut();
            shared.ready = true;
            std::mem::take(&mut shared.queue)
        };
        for message in queued {
            let _ = worker.post_message(&message);
        }
        return;
    }
    let Some(id) = get("id").and_then(|v| v.as_f64()).map(|v| v as u32) else {
        return;
    };
    let Some(sender) = shared.borrow_mut().pending.remove(&id) else {
        return;
    };
    let sources = get("sources")
        .map(|v| {
            Array::from(&v)
                .iter()
                .filter_map(|s| s.as_string())
                .collect()
        })
        .unwrap_or_default();
    let reply = match (get("report").and_then(|v| v.as_string()), get("error")) {
        (Some(json), _) => serde_json::from_str(&json)
            .map(|report| Analysis {
                report,
                engine_ms: get("engine_ms")
                    .and_then(|v| v.as_f64())
                    .map(|ms| format!("{ms:.1}"))
                    .unwrap_or_default(),
                sources,
            })
            .map_err(|e| format!("the certificate engine answered something unreadable ({e})")),
        (None, Some(error)) => Err(error
            .as_string()
            .unwrap_or_else(|| "the certificate engine failed".into())),
        (None, None) => Err("the certificate engine answered nothing".into()),
    };
    let _ = sender.send(reply);
}

fn fail_all(shared: &Rc<RefCell<Shared>>, reason: String) {
    let pending = {
        let mut shared = shared.borrow_mut();
        shared.failed = Some(reason.clone());
        shared.queue.clear();
        std::mem::take(&mut shared.pending)
    };
    for (_, sender) in pending {
        let _ = sender.send(Err(reason.clone()));
    }
}
