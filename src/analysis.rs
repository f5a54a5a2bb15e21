//! Certificate chain analysis for the Certificates page: the engine (`certlint`) runs in a web
//! worker, so a large or hostile input never freezes the page, and the page's own wasm stays
//! small. This module talks to the worker and prepares what the page shows and exports; it renders
//! nothing.

pub mod export;
pub mod input;
pub mod protocol;
pub mod webcrypto;
pub mod worker;

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

pub use certlint::{Purpose, Report};

/// One file or paste handed to the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A finished analysis.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub report: Report,
    /// Time the engine took, in milliseconds, as measured inside the worker.
    pub engine_ms: String,
    /// Names of the inputs, in the order they were analysed.
    pub sources: Vec<String>,
    /// ECDSA signatures the browser's WebCrypto verified for the engine, of those handed to it.
    pub webcrypto: webcrypto::HandedOver,
}

type AnalysisFuture = Pin<Box<dyn Future<Output = Result<Analysis, String>>>>;

/// Runs an analysis: the web worker in the app; tests may provide their own.
#[derive(Clone)]
pub struct Analyzer {
    run: Rc<dyn Fn(Vec<InputFile>, i64, Purpose) -> AnalysisFuture>,
    prepare: Rc<dyn Fn()>,
    stop: Rc<dyn Fn()>,
}

impl Analyzer {
    pub fn new<F, Fut>(run: F) -> Self
    where
        F: Fn(Vec<InputFile>, i64, Purpose) -> Fut + 'static,
        Fut: Future<Output = Result<Analysis, String>> + 'static,
    {
        Self {
            run: Rc::new(move |files, now, purpose| Box::pin(run(files, now, purpose))),
            prepare: Rc::new(|| {}),
            stop: Rc::new(|| {}),
        }
    }

    /// `prepare` runs when a page that will analyse opens, so that the engine is loading while
    /// the user picks files (the worker starts, fetches and compiles its wasm).
    pub fn with_prepare(mut self, prepare: impl Fn() + 'static) -> Self {
        self.prepare = Rc::new(prepare);
        self
    }

    /// `stop` runs when the page that analyses is left (the worker ends).
    pub fn with_stop(mut self, stop: impl Fn() + 'static) -> Self {
        self.stop = Rc::new(stop);
        self
    }

    /// Gets the engine ready ahead of the first analysis; failures show at that analysis.
    pub fn prepare(&self) {
        (self.prepare)()
    }

    /// Ends the engine's resources (the worker); a later analysis starts them again.
    pub fn stop(&self) {
        (self.stop)()
    }

    /// Analyses `files` as of `now_unix` (seconds), for the truststore `purpose`.
    pub fn analyze(
        &self,
        files: Vec<InputFile>,
        now_unix: i64,
        purpose: Purpose,
    ) -> AnalysisFuture {
        (self.run)(files, now_unix, purpose)
    }
}

/// The analyzer in context, or the web worker when none was provided.
pub fn use_analyzer() -> Analyzer {
    match use_context::<StoredValue<Analyzer, LocalStorage>>() {
        Some(stored) => stored.get_value(),
        None => {
            let analyzer = worker::analyzer();
            provide_context(StoredValue::new_local(analyzer.clone()));
            analyzer
        }
    }
}

/// Puts `analyzer` in context for the components below (tests use this to run the engine
/// directly, without a worker).
pub fn provide_analyzer(analyzer: Analyzer) {
    provide_context(StoredValue::new_local(analyzer));
}
