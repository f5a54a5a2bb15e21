//! The report of a certificate chain check: verdict, private-key alarm, findings by severity,
//! the chain leaf → root, a card a certificate, and the downloads.

mod certificate_card;
mod chain_diagram;
mod findings;

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::analysis::{export, Analysis};
use crate::components::browser_actions::{download_text, focus_element};
use crate::components::show_more::{ShowMore, Shown};
use certificate_card::CertificateCard;
use certlint::Verdict;
use chain_diagram::ChainDiagram;
use findings::FindingsBySeverity;

/// Certificate cards shown at first, and added by each "Show more".
const CARDS_STEP: usize = 50;
/// Up to this many certificates, every card's fields are rendered with the report.
const EAGER_CARDS: usize = 25;

/// What the verdict means for the administrator, in one sentence.
pub fn verdict_sentence(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ok => "The chain is complete and sound: it can go into the truststore.",
        Verdict::Warning => "The chain is usable, but some things should be fixed.",
        Verdict::Weak => {
            "The chain uses deprecated cryptography: SAP API Management treats weak client certificate chains as deprecated."
        }
        Verdict::Error => "The chain is broken or unusable as given: fix it before configuring a truststore.",
    }
}

/// The parts of a report, in the order they are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Part {
    /// Verdict, private-key alarm and downloads.
    Verdict,
    Findings,
    Chain,
    Certificates,
}

impl Part {
    fn next(self) -> Option<Part> {
        match self {
            Part::Verdict => Some(Part::Findings),
            Part::Findings => Some(Part::Chain),
            Part::Chain => Some(Part::Certificates),
            Part::Certificates => None,
        }
    }
}

/// Opens the card of a certificate from a link to it (`#cert-N` in the findings and the chain):
/// a large report shows its cards in steps, and a link to a card not shown yet led nowhere. The
/// report's parts are built up to the cards, the cards up to this one, and the card is scrolled
/// to and focused.
#[derive(Clone, Copy)]
pub(crate) struct CardLinks {
    built: RwSignal<Part>,
    cards: Shown,
    /// The position of each card, in the order of the cards.
    positions: StoredValue<Vec<usize>>,
}

impl CardLinks {
    pub(crate) fn open(&self, position: usize) {
        self.built.set(Part::Certificates);
        if let Some(index) = self
            .positions
            .with_value(|all| all.iter().position(|p| *p == position))
        {
            self.cards.reveal_through(index);
        }
        focus_card(position, 30);
    }

    /// A link's click: opened here when the report provides the links, the browser's own
    /// navigation to the anchor otherwise.
    pub(crate) fn on_click(
        links: Option<CardLinks>,
        position: usize,
    ) -> impl Fn(leptos::ev::MouseEvent) + Copy {
        move |event| {
            if let Some(links) = links {
                event.prevent_default();
                links.open(position);
            }
        }
    }
}

/// Scrolls to the card of `position` and focuses it, once it is in the page: the parts and
/// cards it needs are built in tasks of their own, so it is looked for again every 16 ms, at most
/// `attempts` times.
fn focus_card(position: usize, attempts: u32) {
    let card = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("cert-{position}")))
        .and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok());
    match card {
        Some(card) => {
            card.scroll_into_view();
            focus_element(&card);
        }
        None if attempts > 0 => set_timeout(
            move || focus_card(position, attempts - 1),
            std::time::Duration::from_millis(16),
        ),
        None => {}
    }
}

/// The report of `analysis`. A large report is built part by part, each part in a task of its
/// own so the browser handles input and paints between them: the 900-certificate report built at
/// once was one task of 50–100 ms (Chromium, release build), over the 50 ms the RAIL model gives
/// a task. The verdict comes first.
#[component]
pub fn ChainReport(#[prop(into)] analysis: Arc<Analysis>) -> impl IntoView {
    let report = &analysis.report;
    let verdict = report.verdict;
    let count = report.certificates.len();
    // A small report has every field in the page (find-in-page sees fingerprints); a large one
    // builds a card's fields when it is opened.
    let eager = count <= EAGER_CARDS;
    let built = RwSignal::new(if eager {
        Part::Certificates
    } else {
        Part::Verdict
    });
    Effect::new(move |_| {
        if let Some(next) = built.get().next() {
            set_timeout(
                move || {
                    built.try_set(next);
                },
                std::time::Duration::ZERO,
            );
        }
    });
    let shows = move |part: Part| move || built.get() >= part;
    let cards_shown = Shown::new(CARDS_STEP, Signal::stored(count));
    provide_context(CardLinks {
        built,
        cards: cards_shown,
        positions: StoredValue::new(report.certificates.iter().map(|c| c.position).collect()),
    });
    let handed = analysis.webcrypto;
    let meta = format!(
        "{count} certificate{} read as {}; engine time {} ms.{}",
        if count == 1 { "" } else { "s" },
        report.input_form.as_str(),
        analysis.engine_ms,
        if handed.checks > 0 {
            format!(
                " {} of {} ECDSA signature checks verified by this browser's WebCrypto (the \
                 engine checks the rest).",
                handed.verified, handed.checks
            )
        } else {
            String::new()
        },
    );
    let keys = report
        .private_key_found
        .then(|| report.private_keys.iter().map(|k| k.kind.clone()).collect());
    let (findings, chain, cards) = (analysis.clone(), analysis.clone(), analysis.clone());
    // A card copies its certificate when it is built.
    let card = move |index: usize| {
        cards
            .report
            .certificates
            .get(index)
            .cloned()
            .map(|certificate| {
                view! { <li><CertificateCard certificate eager/></li> }
            })
    };
    view! {
        <section class="chain-report" aria-label="Chain report">
            <div
                class=format!("verdict verdict-{}", verdict.as_str())
                data-testid="verdict"
                data-verdict=verdict.as_str()
            >
                <strong class="verdict-word">{verdict.as_str().to_uppercase()}</strong>
                <span>{verdict_sentence(verdict)}</span>
                <span class="verdict-meta">{meta}</span>
            </div>
            {keys.map(|kinds| view! { <PrivateKeyAlarm kinds/> })}
            <ReportDownloads analysis=analysis.clone()/>
            <Show when=shows(Part::Findings)>
                <FindingsBySeverity analysis=findings.clone()/>
            </Show>
            <Show when=shows(Part::Chain)>
                <ChainDiagram analysis=chain.clone()/>
            </Show>
            <Show when=shows(Part::Certificates)>
                <section aria-labelledby="certificates-heading">
                    <h2 id="certificates-heading">"Certificates"</h2>
                    <ShowMore
                        items={(0..count).collect::<Vec<usize>>()}
                        step=CARDS_STEP
                        noun="certificates"
                        class="cert-cards"
                        shown=cards_shown
                        render=card.clone()
                    />
                </section>
            </Show>
        </section>
    }
}

/// The red banner for a private key found in the input.
#[component]
fn PrivateKeyAlarm(kinds: Vec<String>) -> impl IntoView {
    view! {
        <div class="alarm" role="alert" data-testid="private-key-alarm">
            <strong>"A private key was in the input (" {kinds.join(", ")} ")."</strong>
            " A truststore holds only certificates: whoever has this key can act as the client. "
            "The key was removed from the paste area, is not shown and was not kept. If it was "
            "shared or sent anywhere, treat it as exposed and have the certificate replaced."
        </div>
    }
}

/// Fixed bundle and report exports. The fixed chain is offered only when it differs from the
/// bundle as given, with what it changed; a chain that order cannot repair says so.
#[component]
fn ReportDownloads(analysis: Arc<Analysis>) -> impl IntoView {
    let changes = export::fix_changes(&analysis.report, analysis.sources.len());
    let fixed = analysis
        .report
        .fixed_pem
        .clone()
        .filter(|_| !changes.is_empty());
    let said = (!changes.is_empty()).then(|| {
        let said: Vec<String> = changes.iter().map(|c| c.describe()).collect();
        format!("Fixed chain: {}.", said.join("; "))
    });
    let limit = export::fix_limit(&analysis.report);
    // The exports are made when asked for, from the one copy of the report.
    let (for_json, for_markdown) = (analysis.clone(), analysis);
    view! {
        {said.map(|said| view! { <p class="fix-changes" id="fix-changes" data-testid="fix-changes">{said}</p> })}
        {limit.map(|limit| view! { <p class="fix-limit" data-testid="fix-limit">{limit}</p> })}
        <div class="downloads" role="group" aria-label="Downloads">
            {fixed.map(|pem| {
                view! {
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="download-fixed"
                        aria-describedby="fix-changes"
                        on:click=move |_| {
                            download_text("chain-leaf-to-root.pem", "application/x-pem-file", &pem);
                        }
                    >
                        "Download fixed chain (PEM)"
                    </button>
                }
            })}
            <button
                type="button"
                class="button"
                data-testid="export-json"
                on:click=move |_| {
                    download_text("chain-report.json", "application/json", &export::to_json(&for_json.report));
                }
            >
                "Export report (JSON)"
            </button>
            <button
                type="button"
                class="button"
                data-testid="export-markdown"
                on:click=move |_| {
                    let checked_at = crate::state::clock::now().iso_8601();
                    download_text(
                        "chain-report.md",
                        "text/markdown",
                        &export::to_markdown(&for_markdown.report, &for_markdown.sources, &checked_at),
                    );
                }
            >
                "Export report (Markdown)"
            </button>
        </div>
    }
}
