//! The page's side of the certificate worker (`src/bin/certlint-worker.rs`).
//!
//! Protocol ([`super::protocol`]): the worker sends [`Response::Ready`] once its wasm is running;
//! the page then sends a [`Request`] and gets back [`Response::Report`] or [`Response::Failed`]
//! with the request's id. Requests made before `Ready` wait in a queue.
//!
//! Life cycle: one worker at a time ([`EngineWorker`]); the Certificates page starts it when it
//! opens and ends it when it is left; a worker that fails or does not answer in time is replaced
//! and the check it held reports so.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};
use std::time::Duration;

use futures_channel::oneshot;
use js_sys::Array;
use leptos::prelude::{set_timeout, set_timeout_with_handle, TimeoutHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::protocol::{Assembled, Incoming, Request, Response};
use super::{Analysis, Analyzer, InputFile, Purpose};

/// Where Trunk puts the worker's loader (worker file names are not hashed).
pub const LOADER_URL: &str = "/certlint-worker_loader.js";

/// How long a request may wait for its answer, the worker's start included (fetching and
/// compiling the engine, then its warm-up). The largest input the page accepts (8 MB) is
/// analysed in well under a second; a worker that takes this long is stuck or gone.
pub const ANSWER_LIMIT: Duration = Duration::from_secs(30);

type Reply = Result<Analysis, String>;

/// The Certificates page's one certificate engine: a web worker started on first need, ended by
/// [`EngineWorker::stop`] (the page calls it when it is left), and replaced by a fresh one when
/// it fails (an error event: a panic aborts the worker's wasm) or leaves a request unanswered
/// for [`ANSWER_LIMIT`]. The requests it was working on fail with a message that says so.
#[derive(Clone)]
pub struct EngineWorker {
    engine: Rc<RefCell<Engine>>,
}

struct Engine {
    url: String,
    limit: Duration,
    client: Option<Client>,
    /// Workers started so far; each one's events carry its number, so that a late event of an
    /// ended worker is told apart from the current one's.
    started: u32,
}

/// One running worker and the requests it holds.
struct Client {
    worker: web_sys::Worker,
    number: u32,
    ready: bool,
    next_id: u32,
    queue: Vec<(JsValue, Array)>,
    pending: HashMap<u32, Pending>,
    /// Reports whose first parts arrived ([`Response::into_parts`]).
    incoming: HashMap<u32, Incoming>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

struct Pending {
    sender: oneshot::Sender<Reply>,
    timer: Option<TimeoutHandle>,
}

/// The worker analyzer of the app: the engine at [`LOADER_URL`].
pub fn analyzer() -> Analyzer {
    EngineWorker::new(LOADER_URL, ANSWER_LIMIT).analyzer()
}

impl EngineWorker {
    /// An engine whose worker script is `url` (tests give a script of their own); no worker
    /// starts before the first request or [`Self::prepare`].
    pub fn new(url: &str, limit: Duration) -> Self {
        Self {
            engine: Rc::new(RefCell::new(Engine {
                url: url.to_string(),
                limit,
                client: None,
                started: 0,
            })),
        }
    }

    /// This engine as the page's [`Analyzer`]: analyses, starts ahead on `prepare`, ends on
    /// `stop`.
    pub fn analyzer(&self) -> Analyzer {
        let run = self.clone();
        let prepare = self.clone();
        let stop = self.clone();
        Analyzer::new(move |files, now, purpose| {
            let receiver = run.request(&files, now, purpose);
            async move {
                receiver?
                    .await
                    .unwrap_or_else(|_| Err("the certificate engine was ended".into()))
            }
        })
        .with_prepare(move || prepare.prepare())
        .with_stop(move || stop.stop())
    }

    /// Starts the worker if none runs, so that it loads while the user picks files. A worker
    /// that cannot start is reported at the first analysis.
    pub fn prepare(&self) {
        let _ = Engine::running(&self.engine);
    }

    /// Ends the worker, if one runs; its requests fail.
    pub fn stop(&self) {
        let client = self.engine.borrow_mut().client.take();
        if let Some(client) = client {
            retire(client, "the certificate engine was ended");
        }
    }

    /// Whether a worker runs now.
    pub fn is_running(&self) -> bool {
        self.engine.borrow().client.is_some()
    }

    /// How many workers were started so far (one, unless one had to be replaced).
    pub fn workers_started(&self) -> u32 {
        self.engine.borrow().started
    }

    /// Ends the worker as a crash would, without telling this client: a terminated worker fires
    /// no event, so only the answer time limit notices (browser tests).
    pub fn terminate_silently(&self) {
        if let Some(client) = &self.engine.borrow().client {
            client.worker.terminate();
        }
    }

    fn request(
        &self,
        files: &[InputFile],
        now: i64,
        purpose: Purpose,
    ) -> Result<oneshot::Receiver<Reply>, String> {
        let number = Engine::running(&self.engine)?;
        let weak = Rc::downgrade(&self.engine);
        let mut engine = self.engine.borrow_mut();
        let limit = engine.limit;
        let client = engine
            .client
            .as_mut()
            .filter(|c| c.number == number)
            .ok_or_else(|| "the certificate engine could not start".to_string())?;
        client.next_id = client.next_id.wrapping_add(1);
        let id = client.next_id;
        let request = Request {
            id,
            now,
            purpose,
            files: files.to_vec(),
        };
        let message = request.to_js()?;
        let (sender, receiver) = oneshot::channel();
        let timer =
            set_timeout_with_handle(move || Engine::unanswered(&weak, number, id, limit), limit)
                .ok();
        client.pending.insert(id, Pending { sender, timer });
        if client.ready {
            if post(&client.worker, &message).is_err() {
                if let Some(pending) = client.pending.remove(&id) {
                    pending.clear_timer();
                }
                return Err("the certificate engine did not accept the input".into());
            }
        } else {
            client.queue.push(message);
        }
        Ok(receiver)
    }
}

impl Engine {
    /// The number of the running worker, started first if none runs.
    fn running(this: &Rc<RefCell<Engine>>) -> Result<u32, String> {
        let mut engine = this.borrow_mut();
        if let Some(client) = &engine.client {
            return Ok(client.number);
        }
        let number = engine.started.wrapping_add(1);
        let client = Client::start(&engine.url, number, Rc::downgrade(this))?;
        engine.started = number;
        engine.client = Some(client);
        Ok(number)
    }

    /// The current worker, if it is worker `number`.
    fn client(&mut self, number: u32) -> Option<&mut Client> {
        self.client.as_mut().filter(|c| c.number == number)
    }

    fn on_message(this: &Weak<RefCell<Engine>>, number: u32, data: JsValue) {
        let Some(this) = this.upgrade() else { return };
        let mut engine = this.borrow_mut();
        let Some(client) = engine.client(number) else {
            return;
        };
        // An unreadable message carries no id to answer: the request's time limit will.
        let Ok(response) = Response::from_js(&data) else {
            return;
        };
        let Some(id) = response.id() else {
            client.ready = true;
            for message in std::mem::take(&mut client.queue) {
                let _ = post(&client.worker, &message);
            }
            return;
        };
        if !client.pending.contains_key(&id) {
            return;
        }
        // A large report comes in parts, each read in the task of its own message.
        let assembled = match (response, client.incoming.remove(&id)) {
            (more @ Response::More { .. }, Some(incoming)) => incoming.with(more),
            (Response::More { .. }, None) => return,
            (first, _) => Incoming::begin(first),
        };
        let response = match assembled {
            Assembled::Complete(response) => response,
            Assembled::Waiting(incoming) => {
                client.incoming.insert(id, incoming);
                return;
            }
        };
        let Some(pending) = client.pending.remove(&id) else {
            return;
        };
        drop(engine);
        // What the page does with the answer (build the report's view) runs in a task of its
        // own: reading a large report here already takes tens of milliseconds.
        let reply = reply(response);
        set_timeout(move || pending.answer(reply), Duration::ZERO);
    }

    /// The worker failed (an uncaught error, a wasm trap, a script that did not load).
    fn on_error(this: &Weak<RefCell<Engine>>, number: u32, reason: String) {
        if let Some(this) = this.upgrade() {
            Engine::replace(&this, number, &reason);
        }
    }

    fn unanswered(this: &Weak<RefCell<Engine>>, number: u32, id: u32, limit: Duration) {
        let Some(this) = this.upgrade() else { return };
        let waiting = this
            .borrow_mut()
            .client(number)
            .is_some_and(|c| c.pending.contains_key(&id));
        if waiting {
            let reason = format!("it did not answer within {} s", limit.as_secs_f64());
            Engine::replace(&this, number, &reason);
        }
    }

    /// Ends worker `number` (if it is still the current one), fails its requests and, if it had
    /// been running, starts a fresh one at once so that the next check finds it warm. A worker
    /// that never got ready is not restarted here (no loop when the script cannot load): the
    /// next request tries again.
    fn replace(this: &Rc<RefCell<Engine>>, number: u32, reason: &str) {
        let client = {
            let mut engine = this.borrow_mut();
            if engine.client(number).is_none() {
                return;
            }
            engine.client.take()
        };
        let Some(client) = client else { return };
        let was_ready = client.ready;
        let message = if was_ready {
            format!(
                "the certificate engine stopped ({reason}) and was restarted; run the check again"
            )
        } else {
            format!(
                "the certificate engine could not start ({reason}); run the check again to retry"
            )
        };
        retire(client, &message);
        if was_ready {
            let _ = Engine::running(this);
        }
    }
}

/// Terminates `client`'s worker and fails its requests with `reason`. The client (with the
/// event handler that may be running now) is dropped after the current event.
fn retire(mut client: Client, reason: &str) {
    client.worker.terminate();
    client.worker.set_onmessage(None);
    client.worker.set_onerror(None);
    client.queue.clear();
    let pending: Vec<Pending> = client.pending.drain().map(|(_, p)| p).collect();
    wasm_bindgen_futures::spawn_local(async move { drop(client) });
    for request in pending {
        request.answer(Err(reason.to_string()));
    }
}

impl Pending {
    fn clear_timer(&self) {
        if let Some(timer) = &self.timer {
            timer.clear();
        }
    }

    fn answer(self, reply: Reply) {
        self.clear_timer();
        let _ = self.sender.send(reply);
    }
}

impl Client {
    fn start(url: &str, number: u32, engine: Weak<RefCell<Engine>>) -> Result<Self, String> {
        let worker = web_sys::Worker::new(url)
            .map_err(|_| "the certificate engine could not start in this browser".to_string())?;
        let on_message = {
            let engine = engine.clone();
            Closure::<dyn FnMut(_)>::new(move |event: web_sys::MessageEvent| {
                Engine::on_message(&engine, number, event.data());
            })
        };
        let on_error = Closure::<dyn FnMut(_)>::new(move |event: web_sys::Event| {
            event.prevent_default();
            // An uncaught error in the worker is an ErrorEvent; a script that could not be
            // loaded fires a plain Event.
            let reason = event
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "its script could not be loaded".to_string());
            Engine::on_error(&engine, number, reason);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Self {
            worker,
            number,
            ready: false,
            next_id: 0,
            queue: Vec::new(),
            pending: HashMap::new(),
            incoming: HashMap::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    }
}

/// Posts a request with its file buffers transferred (the page keeps its own copy of the bytes).
fn post(worker: &web_sys::Worker, (message, transfer): &(JsValue, Array)) -> Result<(), JsValue> {
    worker.post_message_with_transfer(message, transfer)
}

/// The analysis in a worker's answer, or why there is none.
fn reply(response: Response) -> Reply {
    match response {
        Response::Report {
            report,
            engine_ms,
            sources,
            webcrypto,
            ..
        } => Ok(Analysis {
            report: *report,
            engine_ms: format!("{engine_ms:.1}"),
            sources,
            webcrypto,
        }),
        Response::Failed { error, .. } => Err(error),
        Response::Ready | Response::More { .. } => {
            Err("the certificate engine answered nothing".into())
        }
    }
}
