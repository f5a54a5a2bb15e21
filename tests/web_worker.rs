//! The certificate engine's worker client (src/analysis/worker.rs) with real web workers: one
//! worker, ended when the Certificates page is left, replaced when it crashes, is terminated or
//! leaves a request unanswered.
//!
//! The test page has no build of the engine's worker (Trunk makes it), so the workers here run a
//! stand-in script that speaks the same protocol: it answers with a report the engine made in
//! this test, hangs on a file named `hang` and throws (as a wasm trap would) on one named
//! `crash`. `make test-e2e` runs the real worker (tests/e2e/specs/certificates.spec.ts).
#![cfg(target_arch = "wasm32")]

mod support;

use std::time::Duration;

use leptos::prelude::*;
use mtls_portal::analysis::protocol::Response;
use mtls_portal::analysis::worker::EngineWorker;
use mtls_portal::analysis::{provide_analyzer, InputFile, Purpose};
use mtls_portal::pages::certificates::CertificatesPage;
use mtls_portal::state::provide_state;
use support::{eventually, Mounted};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const CHAIN: &[u8] = include_bytes!("../crates/certlint/tests/fixtures/chain-good.pem");
/// 2026-01-01, within the chain's validity.
const NOW: i64 = 1_767_225_600;

/// A blob URL of the stand-in worker script. Its answers are the protocol's own messages
/// ([`Response`]), serialised here; it reads a request's file names from the header JSON that
/// opens the request list.
fn stand_in_worker() -> String {
    let report = certlint::analyze_many(&[CHAIN], &certlint::Options::at(NOW));
    let ready = Response::Ready.to_json().expect("ready JSON");
    let ready = serde_json::to_string(&ready).expect("JS string");
    let answer = serde_json::to_value(answer_with(report)).expect("report JSON");
    let parts = serde_json::to_value(large_report().into_parts()).expect("parts JSON");
    let script = format!(
        "const READY = {ready};\n\
         const ANSWER = {answer};\n\
         const PARTS = {parts};\n\
         self.postMessage(READY);\n\
         self.onmessage = (event) => {{\n\
           const {{ id, names }} = JSON.parse(event.data[0]);\n\
           const name = names.length > 0 ? names[0] : '';\n\
           if (name === 'hang') return;\n\
           if (name === 'crash') throw new Error('engine crashed');\n\
           if (name === 'parts') {{\n\
             PARTS.forEach((part, i) => {{\n\
               if (i === PARTS.length - 1) {{\n\
                 const stray = {{ kind: 'more', data: {{ id: id + 1000, certificates: [], findings: [] }} }};\n\
                 self.postMessage(JSON.stringify(stray));\n\
               }}\n\
               self.postMessage(JSON.stringify({{ kind: part.kind, data: {{ ...part.data, id }} }}));\n\
             }});\n\
             return;\n\
           }}\n\
           self.postMessage(JSON.stringify({{ kind: ANSWER.kind, data: {{ ...ANSWER.data, id, sources: names }} }}));\n\
         }};\n"
    );
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(
        &js_sys::Array::of1(&script.into()),
        &options,
    )
    .expect("blob");
    web_sys::Url::create_object_url_with_blob(&blob).expect("blob URL")
}

/// A report of 250 certificates (copies of the chain's first, numbered), which the worker sends
/// in three messages.
fn large_report() -> Response {
    let mut report = certlint::analyze_many(&[CHAIN], &certlint::Options::at(NOW));
    let first = report.certificates.first().cloned().expect("a certificate");
    report.certificates = (1..=250)
        .map(|position| certlint::Certificate {
            position,
            ..first.clone()
        })
        .collect();
    answer_with(report)
}

/// The stand-in's answer carrying `report` (its id and sources are set per request).
fn answer_with(report: certlint::Report) -> Response {
    Response::Report {
        id: 0,
        report: Box::new(report),
        engine_ms: 1.0,
        webcrypto: Default::default(),
        sources: Vec::new(),
        parts: 1,
    }
}

fn file(name: &str) -> Vec<InputFile> {
    vec![InputFile {
        name: name.into(),
        bytes: CHAIN.to_vec(),
    }]
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[wasm_bindgen_test]
async fn a_terminated_worker_is_noticed_and_replaced() {
    let engine = EngineWorker::new(&stand_in_worker(), Duration::from_millis(400));
    let analyzer = engine.analyzer();
    let first = analyzer
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await;
    assert_eq!(first.map(|a| a.sources), Ok(vec!["chain.pem".to_string()]));
    assert_eq!(engine.workers_started(), 1);

    // Ended from outside, as the browser may end a worker: no event tells the page.
    engine.terminate_silently();
    let lost = analyzer
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await;
    let message = lost.expect_err("no answer from a terminated worker");
    assert_eq!(
        message,
        "the certificate engine stopped (it did not answer within 0.4 s) and was restarted; run \
         the check again"
    );
    assert!(engine.is_running());
    assert_eq!(engine.workers_started(), 2);

    let again = analyzer
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await;
    assert!(again.is_ok(), "{again:?}");
    assert_eq!(engine.workers_started(), 2);
    engine.stop();
    assert!(!engine.is_running());
}

#[wasm_bindgen_test]
async fn a_report_in_parts_reaches_the_page_whole_and_in_order() {
    let engine = EngineWorker::new(&stand_in_worker(), Duration::from_secs(20));
    let analysis = engine
        .analyzer()
        .analyze(file("parts"), NOW, Purpose::default())
        .await
        .expect("a report");
    let positions: Vec<usize> = analysis
        .report
        .certificates
        .iter()
        .map(|c| c.position)
        .collect();
    assert_eq!(positions, (1..=250).collect::<Vec<_>>());
    // The next request is answered as usual: nothing of the parts was left behind.
    let next = engine
        .analyzer()
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await
        .expect("a report");
    assert_eq!(next.report.certificates.len(), 3);
    engine.stop();
}

#[wasm_bindgen_test]
async fn a_crashing_worker_is_replaced_at_once() {
    let engine = EngineWorker::new(&stand_in_worker(), Duration::from_secs(20));
    let analyzer = engine.analyzer();
    let started = now_ms();
    let crashed = analyzer
        .analyze(file("crash"), NOW, Purpose::default())
        .await;
    let message = crashed.expect_err("a crash");
    assert!(
        message.starts_with("the certificate engine stopped (")
            && message.contains("engine crashed")
            && message.ends_with("and was restarted; run the check again"),
        "{message}"
    );
    // The error event, not the 20 s limit.
    assert!(now_ms() - started < 5_000.0);
    assert_eq!(engine.workers_started(), 2);
    assert!(analyzer
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await
        .is_ok());
    engine.stop();
}

#[wasm_bindgen_test]
async fn a_worker_that_does_not_answer_in_time_is_replaced() {
    let engine = EngineWorker::new(&stand_in_worker(), Duration::from_millis(300));
    let analyzer = engine.analyzer();
    let hung = analyzer
        .analyze(file("hang"), NOW, Purpose::default())
        .await;
    assert_eq!(
        hung.expect_err("the time limit"),
        "the certificate engine stopped (it did not answer within 0.3 s) and was restarted; run \
         the check again"
    );
    assert!(analyzer
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await
        .is_ok());
    assert_eq!(engine.workers_started(), 2);
    engine.stop();
}

#[wasm_bindgen_test]
async fn a_worker_that_cannot_load_is_not_restarted_in_a_loop() {
    let engine = EngineWorker::new("/no-such-worker.js", Duration::from_secs(20));
    let analyzer = engine.analyzer();
    let failed = analyzer
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await;
    let message = failed.expect_err("no worker");
    assert!(
        message.starts_with("the certificate engine could not start"),
        "{message}"
    );
    assert!(!engine.is_running());
    assert_eq!(engine.workers_started(), 1);
    // The next check tries again, once.
    assert!(analyzer
        .analyze(file("chain.pem"), NOW, Purpose::default())
        .await
        .is_err());
    assert_eq!(engine.workers_started(), 2);
}

fn paste_and_check(app: &Mounted, text: &str) {
    let area: web_sys::HtmlTextAreaElement = app
        .root
        .query_selector("[data-testid=pem-text]")
        .ok()
        .flatten()
        .expect("paste area")
        .unchecked_into();
    area.set_value(text);
    let input = web_sys::Event::new("input").expect("event");
    area.dispatch_event(&input).expect("dispatch");
    app.click("[data-testid=check]");
}

#[wasm_bindgen_test]
async fn the_page_keeps_one_worker_says_when_it_was_restarted_and_ends_it_when_left() {
    let engine = EngineWorker::new(&stand_in_worker(), Duration::from_millis(400));
    let analyzer = engine.analyzer();
    let app = Mounted::view(move || {
        provide_state();
        provide_analyzer(analyzer.clone());
        view! { <CertificatesPage/> }
    })
    .await;
    // Started when the page opened, before any input.
    assert!(engine.is_running());
    assert_eq!(engine.workers_started(), 1);

    let pem = String::from_utf8(CHAIN.to_vec()).expect("PEM");
    paste_and_check(&app, &pem);
    assert!(eventually(|| !app.text_of("[data-testid=verdict]").is_empty()).await);
    assert_eq!(
        engine.workers_started(),
        1,
        "the same worker for every check"
    );

    engine.terminate_silently();
    paste_and_check(&app, &pem);
    assert!(
        eventually(|| app
            .text_of("[data-testid=check-error]")
            .contains("was restarted; run the check again"))
        .await,
        "{}",
        app.text_of("[data-testid=result]")
    );
    assert_eq!(
        app.root
            .query_selector("[data-testid=check-error]")
            .ok()
            .flatten()
            .and_then(|e| e.get_attribute("role"))
            .as_deref(),
        Some("alert")
    );
    paste_and_check(&app, &pem);
    assert!(eventually(|| !app.text_of("[data-testid=verdict]").is_empty()).await);
    assert_eq!(engine.workers_started(), 2);

    // Leaving the page ends the worker.
    drop(app);
    assert!(!engine.is_running());
}
