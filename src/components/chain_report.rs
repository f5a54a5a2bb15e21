//! The report of a certificate chain check: verdict, private-key alarm, findings by severity,
//! the chain leaf → root, a card a certificate, and the downloads.

mod certificate_card;
mod chain_diagram;
mod findings;

use leptos::prelude::*;

use crate::analysis::{export, Analysis};
use crate::components::browser_actions::download_text;
use crate::components::show_more::ShowMore;
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

#[component]
pub fn ChainReport(analysis: Analysis) -> impl IntoView {
    let report = analysis.report.clone();
    let verdict = report.verdict;
    let certificates = report.certificates.clone();
    let count = certificates.len();
    // A small report has every field in the page (find-in-page sees fingerprints); a large one
    // builds a card's fields when it is opened.
    let eager = count <= EAGER_CARDS;
    view! {
        <section class="chain-report" aria-label="Chain report">
            <div
                class=format!("verdict verdict-{}", verdict.as_str())
                data-testid="verdict"
                data-verdict=verdict.as_str()
            >
                <strong class="verdict-word">{verdict.as_str().to_uppercase()}</strong>
                <span>{verdict_sentence(verdict)}</span>
                <span class="verdict-meta">
                    {format!(
                        "{count} certificate{} read as {}; engine time {} ms.",
                        if count == 1 { "" } else { "s" },
                        report.input_form.as_str(),
                        analysis.engine_ms,
                    )}
                </span>
            </div>
            {report.private_key_found.then(|| view! { <PrivateKeyAlarm kinds=report.private_keys.iter().map(|k| k.kind.clone()).collect()/> })}
            <ReportDownloads analysis=analysis.clone()/>
            <FindingsBySeverity findings=report.findings.clone()/>
            <ChainDiagram report=report.clone()/>
            <section aria-labelledby="certificates-heading">
                <h2 id="certificates-heading">"Certificates"</h2>
                <ShowMore
                    items=certificates
                    step=CARDS_STEP
                    noun="certificates"
                    class="cert-cards"
                    render=move |certificate| view! { <li><CertificateCard certificate eager/></li> }
                />
            </section>
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
fn ReportDownloads(analysis: Analysis) -> impl IntoView {
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
    let report_json = analysis.report.clone();
    let report_md = analysis.report.clone();
    let sources = analysis.sources.clone();
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
                    download_text("chain-report.json", "application/json", &export::to_json(&report_json));
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
                        &export::to_markdown(&report_md, &sources, &checked_at),
                    );
                }
            >
                "Export report (Markdown)"
            </button>
        </div>
    }
}
