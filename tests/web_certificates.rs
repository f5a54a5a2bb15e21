//! The Certificates page in a real browser, with the engine run directly instead of in the web
//! worker (the test page has no worker script): each verdict, a private key, PKCS#7 and DER.
#![cfg(target_arch = "wasm32")]

mod support;

use leptos::prelude::*;
use mtls_portal::analysis::{provide_analyzer, Analysis, Analyzer, InputFile};
use mtls_portal::pages::certificates::CertificatesPage;
use mtls_portal::state::provide_state;
use support::{eventually, Mounted};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!("../crates/certlint/tests/fixtures/", $name))
    };
}

/// The page with an analyzer that calls the engine in this thread.
async fn page() -> Mounted {
    Mounted::view(|| {
        provide_state();
        provide_analyzer(Analyzer::new(
            |files: Vec<InputFile>, now, purpose| async move {
                let inputs: Vec<&[u8]> = files.iter().map(|f| f.bytes.as_slice()).collect();
                let options = certlint::Options {
                    purpose,
                    ..certlint::Options::at(now)
                };
                Ok(Analysis {
                    report: certlint::analyze_many(&inputs, &options),
                    engine_ms: "0.0".into(),
                    sources: files.iter().map(|f| f.name.clone()).collect(),
                    webcrypto: Default::default(),
                })
            },
        ));
        view! { <CertificatesPage/> }
    })
    .await
}

fn textarea(app: &Mounted) -> web_sys::HtmlTextAreaElement {
    app.root
        .query_selector("[data-testid=pem-text]")
        .ok()
        .flatten()
        .expect("paste area")
        .unchecked_into()
}

async fn paste_and_check(app: &Mounted, text: &str) -> String {
    let area = textarea(app);
    area.set_value(text);
    let input = web_sys::Event::new("input").expect("event");
    area.dispatch_event(&input).expect("dispatch");
    app.click("[data-testid=check]");
    verdict(app).await
}

async fn verdict(app: &Mounted) -> String {
    let found = eventually(|| {
        app.root
            .query_selector("[data-testid=verdict]")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    assert!(found, "a verdict appears");
    app.root
        .query_selector("[data-testid=verdict]")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-verdict"))
        .unwrap_or_default()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("PEM fixture")
}

#[wasm_bindgen_test]
async fn a_sound_chain_is_ok_with_every_link_verified() {
    let app = page().await;
    let verdict = paste_and_check(&app, &text(fixture!("chain-good.pem"))).await;
    assert_eq!(verdict, "ok");
    let links = app
        .root
        .query_selector_all("[data-testid=chain-link]")
        .expect("links");
    assert_eq!(links.length(), 3);
    for i in 0..links.length() {
        let text = links
            .item(i)
            .and_then(|n| n.text_content())
            .unwrap_or_default();
        assert!(text.contains("signature verified"), "link {i}: {text}");
    }
    assert_eq!(
        app.root
            .query_selector_all("[data-testid=certificate-card]")
            .expect("cards")
            .length(),
        3
    );
}

#[wasm_bindgen_test]
async fn each_verdict_is_shown_with_its_findings() {
    for (name, pem, expected, rule) in [
        (
            "reversed",
            text(fixture!("chain-reversed.pem")),
            "warning",
            "wrong_order",
        ),
        (
            "sha1",
            text(fixture!("sha1.pem")),
            "weak",
            "weak_signature_algorithm",
        ),
        (
            "truncated",
            text(fixture!("chain-truncated-block.pem")),
            "error",
            "unreadable_block",
        ),
    ] {
        let app = page().await;
        assert_eq!(paste_and_check(&app, &pem).await, expected, "{name}");
        let rules: Vec<String> = {
            let list = app
                .root
                .query_selector_all("[data-rule]")
                .expect("findings");
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
                .filter_map(|e| e.get_attribute("data-rule"))
                .collect()
        };
        assert!(
            rules.iter().any(|r| r.contains(rule)),
            "{name}: expected a {rule} finding in {rules:?}"
        );
    }
}

fn present(app: &Mounted, selector: &str) -> bool {
    app.root.query_selector(selector).ok().flatten().is_some()
}

#[wasm_bindgen_test]
async fn the_fixed_chain_is_offered_only_when_it_changes_the_bundle_and_says_how() {
    let app = page().await;
    assert_eq!(
        paste_and_check(&app, &text(fixture!("chain-good.pem"))).await,
        "ok"
    );
    assert!(
        !present(&app, "[data-testid=download-fixed]"),
        "ordered chain"
    );
    assert!(!present(&app, "[data-testid=fix-changes]"), "ordered chain");
    assert!(!present(&app, "[data-testid=fix-limit]"), "sound chain");

    for (name, pem, said) in [
        (
            "reversed",
            text(fixture!("chain-reversed.pem")),
            "Fixed chain: reordered leaf → root.",
        ),
        (
            "duplicate",
            text(fixture!("chain-duplicate.pem")),
            "Fixed chain: dropped 1 duplicate.",
        ),
        (
            "unrelated",
            text(fixture!("chain-unrelated.pem")),
            "Fixed chain: dropped 1 unrelated certificate not part of the chain.",
        ),
    ] {
        let app = page().await;
        paste_and_check(&app, &pem).await;
        assert!(present(&app, "[data-testid=download-fixed]"), "{name}");
        assert_eq!(app.text_of("[data-testid=fix-changes]"), said, "{name}");
    }
}

#[wasm_bindgen_test]
async fn a_broken_or_weak_chain_says_reordering_does_not_fix_it() {
    for (name, pem, verdict_wanted) in [
        ("broken", text(fixture!("broken-signature.pem")), "error"),
        ("weak", text(fixture!("sha1.pem")), "weak"),
    ] {
        let app = page().await;
        assert_eq!(paste_and_check(&app, &pem).await, verdict_wanted, "{name}");
        assert!(
            app.text_of("[data-testid=fix-limit]")
                .starts_with("Reordering does not fix this chain"),
            "{name}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_private_key_is_flagged_and_removed_from_the_paste_area() {
    let app = page().await;
    let verdict = paste_and_check(&app, &text(fixture!("chain-with-key.pem"))).await;
    assert_eq!(verdict, "error");
    assert!(app
        .text_of("[data-testid=private-key-alarm]")
        .contains("private key"));
    let left = textarea(&app).value();
    assert!(
        !left.contains("PRIVATE KEY"),
        "key text left in the paste area"
    );
    assert!(left.contains("BEGIN CERTIFICATE"), "certificates stay");
    assert!(app.text_of("[data-testid=key-removed]").contains("removed"));
}

#[wasm_bindgen_test]
async fn pkcs7_and_der_files_are_read() {
    for (name, bytes, verdict_wanted) in [
        ("chain.p7b", fixture!("chain.p7b").to_vec(), "ok"),
        ("leaf.der", fixture!("leaf.der").to_vec(), "warning"),
    ] {
        let app = page().await;
        let input: web_sys::HtmlInputElement = app
            .root
            .query_selector("[data-testid=file-input]")
            .ok()
            .flatten()
            .expect("file input")
            .unchecked_into();
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
        let file = web_sys::File::new_with_u8_array_sequence(&parts, name).expect("file");
        let transfer = web_sys::DataTransfer::new().expect("data transfer");
        transfer.items().add_with_file(&file).expect("add file");
        input.set_files(transfer.files().as_ref());
        input
            .dispatch_event(&web_sys::Event::new("change").expect("event"))
            .expect("dispatch");
        assert_eq!(verdict(&app).await, verdict_wanted, "{name}");
        assert!(
            app.text_of("[data-testid=verdict]").contains("read as"),
            "{name}"
        );
    }
}

#[wasm_bindgen_test]
async fn opening_the_page_gets_the_engine_ready_before_any_input() {
    let prepared = std::rc::Rc::new(std::cell::Cell::new(0));
    let count = prepared.clone();
    let _app = Mounted::view(move || {
        provide_state();
        provide_analyzer(
            Analyzer::new(|_files: Vec<InputFile>, _now, _purpose| async move {
                Err::<Analysis, _>("not used".to_string())
            })
            .with_prepare(move || count.set(count.get() + 1)),
        );
        view! { <CertificatesPage/> }
    })
    .await;
    assert_eq!(prepared.get(), 1);
}

/// The report of `n` certificates and as many findings (see `analysis_of`), mounted, with
/// every part built (a large report builds its parts in tasks of their own).
async fn report_of(n: usize) -> Mounted {
    let app = mounted_report(n).await;
    assert!(
        eventually(|| count(&app, "#certificates-heading") == 1).await,
        "the certificates part is built"
    );
    app
}

async fn mounted_report(n: usize) -> Mounted {
    let analysis = analysis_of(n);
    Mounted::view(move || {
        view! { <mtls_portal::components::chain_report::ChainReport analysis/> }
    })
    .await
}

/// A report of `n` certificates and as many findings, made from a real one.
fn analysis_of(n: usize) -> Analysis {
    let mut report = certlint::analyze(
        fixture!("chain-unrelated.pem"),
        &certlint::Options::at(1_767_225_600),
    );
    let certificate = report.certificates[0].clone();
    let finding = report.findings[0].clone();
    report.certificates = (1..=n)
        .map(|position| certlint::Certificate {
            position,
            ..certificate.clone()
        })
        .collect();
    report.findings = (1..=n)
        .map(|position| certlint::Finding {
            certificate: Some(position),
            ..finding.clone()
        })
        .collect();
    Analysis {
        report,
        engine_ms: "1.0".into(),
        sources: vec!["large.pem".into()],
        webcrypto: Default::default(),
    }
}

fn count(app: &Mounted, selector: &str) -> u32 {
    app.root
        .query_selector_all(selector)
        .map(|list| list.length())
        .unwrap_or(0)
}

#[wasm_bindgen_test]
async fn a_large_report_renders_in_steps_and_builds_card_fields_on_opening() {
    let app = report_of(120).await;
    assert_eq!(count(&app, "[data-testid=certificate-card]"), 50);
    assert_eq!(count(&app, "li.finding"), 20);
    // Fields of a large report wait until their card is opened.
    assert_eq!(count(&app, ".cert-card dl"), 0);
    let buttons = app
        .root
        .query_selector_all("[data-testid=show-more]")
        .expect("buttons");
    assert_eq!(buttons.length(), 2);
    let cards_button: web_sys::HtmlElement = buttons.item(1).expect("button").unchecked_into();
    assert_eq!(
        cards_button.text_content().unwrap_or_default(),
        "Show 50 more certificates (70 not shown yet)"
    );
    cards_button.click();
    leptos::task::tick().await;
    assert_eq!(count(&app, "[data-testid=certificate-card]"), 100);
    cards_button.click();
    leptos::task::tick().await;
    assert_eq!(count(&app, "[data-testid=certificate-card]"), 120);
    assert_eq!(count(&app, "[data-testid=show-more]"), 1);

    let card: web_sys::HtmlDetailsElement = app
        .root
        .query_selector("#cert-7")
        .ok()
        .flatten()
        .expect("card #7")
        .unchecked_into();
    card.set_open(true);
    card.dispatch_event(&web_sys::Event::new("toggle").expect("event"))
        .expect("toggle");
    leptos::task::tick().await;
    assert_eq!(count(&app, ".cert-card dl"), 1);
    assert!(card
        .text_content()
        .unwrap_or_default()
        .contains("SHA-256 fingerprint"));
}

#[wasm_bindgen_test]
async fn a_large_report_shows_its_verdict_first_and_builds_the_rest_in_later_tasks() {
    let app = mounted_report(900).await;
    // The verdict is in the page at once; findings, chain and cards follow, each in a later task.
    assert_eq!(count(&app, "[data-testid=verdict]"), 1);
    assert_eq!(count(&app, "[data-testid=export-json]"), 1);
    assert_eq!(count(&app, "[data-testid=certificate-card]"), 0);
    assert!(eventually(|| count(&app, "[data-testid=certificate-card]") == 50).await);
    assert_eq!(count(&app, "li.finding"), 20);
    assert_eq!(count(&app, "#chain-heading"), 1);
}

fn focused(app: &Mounted) -> Option<web_sys::Element> {
    let active = support::document().active_element()?;
    app.root.contains(Some(&active)).then_some(active)
}

#[wasm_bindgen_test]
async fn show_all_reveals_every_certificate_and_moves_the_focus_to_the_first_revealed() {
    let app = report_of(300).await;
    let cards_section = "section[aria-labelledby=certificates-heading]";
    let more = app.element(&format!("{cards_section} [data-testid=show-more]"));
    more.focus().expect("focus");
    more.click();
    leptos::task::tick().await;
    assert_eq!(count(&app, "[data-testid=certificate-card]"), 100);
    // The same button stays, with the focus on it.
    assert!(more.is_connected());
    assert_eq!(
        focused(&app).as_ref(),
        Some(more.unchecked_ref::<web_sys::Element>())
    );
    assert_eq!(
        more.text_content().unwrap_or_default(),
        "Show 50 more certificates (200 not shown yet)"
    );
    let all = app.element(&format!("{cards_section} [data-testid=show-more-all]"));
    assert_eq!(
        all.text_content().unwrap_or_default(),
        "Show all 300 certificates"
    );
    all.click();
    assert!(eventually(|| count(&app, "[data-testid=certificate-card]") == 300).await);
    assert_eq!(
        count(&app, &format!("{cards_section} [data-testid=show-more]")),
        0
    );
    // The focus is on the first card the click revealed, the 101st.
    let first_revealed = focused(&app)
        .and_then(|e| {
            e.query_selector("[data-testid=certificate-card]")
                .ok()
                .flatten()
        })
        .map(|card| card.id());
    assert_eq!(first_revealed.as_deref(), Some("cert-101"));
}

#[wasm_bindgen_test]
async fn a_link_to_a_certificate_not_shown_yet_shows_it_and_moves_the_focus_to_it() {
    let mut analysis = analysis_of(300);
    analysis.report.findings[0].certificate = Some(250);
    let app = Mounted::view(move || {
        view! { <mtls_portal::components::chain_report::ChainReport analysis/> }
    })
    .await;
    let link = "li.finding a[href='#cert-250']";
    assert!(
        eventually(|| count(&app, link) == 1).await,
        "the finding's link"
    );
    assert_eq!(count(&app, "#cert-250"), 0);
    let link = app.element(link);
    link.click();
    assert!(eventually(|| count(&app, "#cert-250") == 1).await);
    assert!(eventually(|| focused(&app).map(|e| e.id()).as_deref() == Some("cert-250")).await);
    // The cards up to that one, not all of them.
    assert_eq!(count(&app, "[data-testid=certificate-card]"), 250);
}

#[wasm_bindgen_test]
async fn a_small_report_has_every_field_in_the_page() {
    let app = report_of(3).await;
    assert_eq!(count(&app, ".cert-card dl"), 3);
    assert_eq!(count(&app, "[data-testid=show-more]"), 0);
}

fn rules(app: &Mounted) -> Vec<String> {
    let nodes = app.root.query_selector_all("[data-rule]").expect("rules");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-rule"))
        .collect()
}

#[wasm_bindgen_test]
async fn the_purpose_decides_which_leaf_belongs_and_a_new_choice_checks_again() {
    let app = page().await;
    // A leaf for TLS servers only: wrong in a client-certificate truststore (the default) ...
    let verdict = paste_and_check(&app, &text(fixture!("serverauth.pem"))).await;
    assert_eq!(verdict, "error");
    assert!(rules(&app).contains(&"leaf_wrong_purpose".to_string()));
    // ... right for a backend's server certificate; choosing that purpose checks again.
    app.click("[data-testid=purpose-server]");
    let rechecked = eventually(|| !rules(&app).contains(&"leaf_wrong_purpose".to_string())).await;
    assert!(
        rechecked,
        "checked again for the server purpose: {:?}",
        rules(&app)
    );
    assert_ne!(verdict_now(&app), "error");
    app.click("[data-testid=purpose-client]");
    let back = eventually(|| rules(&app).contains(&"leaf_wrong_purpose".to_string())).await;
    assert!(back, "checked again for the client purpose");
}

fn verdict_now(app: &Mounted) -> String {
    app.root
        .query_selector("[data-testid=verdict]")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-verdict"))
        .unwrap_or_default()
}
