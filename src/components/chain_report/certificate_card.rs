//! Every field of one certificate, in a disclosure card.

use certlint::Certificate;
use leptos::prelude::*;

use crate::components::browser_actions::CopyButton;
use wasm_bindgen::JsCast;

/// One certificate. With `eager` off, the fields are built the first time the card is opened.
#[component]
pub fn CertificateCard(certificate: Certificate, eager: bool) -> impl IntoView {
    let opened = RwSignal::new(eager);
    let position = certificate.position;
    let summary = view! {
        <summary>
            <span class="badge badge-muted">{format!("#{position}")}</span>
            " "
            <span class="cert-role">{certificate.role.as_str()}</span>
            " "
            <strong>{certificate.subject.clone()}</strong>
        </summary>
    };
    let certificate = StoredValue::new(certificate);
    view! {
        <details
            class="cert-card"
            id=format!("cert-{position}")
            data-testid="certificate-card"
            on:toggle=move |event| {
                let open = event
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                    .is_some_and(|d| d.open());
                if open && !opened.get_untracked() {
                    opened.set(true);
                }
            }
        >
            {summary}
            {move || opened.get().then(|| certificate.with_value(|c| view! { <CertificateFields c=c.clone()/> }))}
        </details>
    }
}

/// Every field of the certificate.
#[component]
fn CertificateFields(c: Certificate) -> impl IntoView {
    let key = match (c.key.bits, &c.key.curve) {
        (_, Some(curve)) => format!("{} ({curve})", c.key.algorithm),
        (Some(bits), None) => format!("{} {bits} bits", c.key.algorithm),
        (None, None) => c.key.algorithm.clone(),
    };
    let validity_class = if c.days_left < 0 {
        "days-left days-expired"
    } else if c.days_left <= 30 {
        "days-left days-soon"
    } else {
        "days-left"
    };
    let constraints = match c.basic_constraints {
        Some(bc) if bc.ca => match bc.path_len {
            Some(n) => format!("CA, path length ≤ {n}"),
            None => "CA".to_string(),
        },
        Some(_) => "not a CA".to_string(),
        None => "none".to_string(),
    };
    let list = |items: &[String]| {
        if items.is_empty() {
            "—".to_string()
        } else {
            items.join(", ")
        }
    };
    view! {
            <dl class="fields">
                <dt>"Subject"</dt><dd>{c.subject.clone()}</dd>
                <dt>"Issuer"</dt><dd>{c.issuer.clone()}</dd>
                <dt>"Serial"</dt><dd><code>{c.serial.clone()}</code></dd>
                <dt>"Version"</dt><dd>{format!("v{}", c.version)}</dd>
                <dt>"Valid"</dt>
                <dd>
                    {format!("{} → {} ", c.not_before, c.not_after)}
                    <span class=validity_class>
                        {if c.days_left < 0 {
                            format!("expired {} days ago", -c.days_left)
                        } else {
                            format!("{} days left", c.days_left)
                        }}
                    </span>
                </dd>
                <dt>"Subject alternative names"</dt><dd>{list(&c.sans)}</dd>
                <dt>"Key"</dt><dd>{key}</dd>
                <dt>"Signature algorithm"</dt><dd>{c.signature_algorithm.clone()}</dd>
                <dt>"SHA-256 fingerprint"</dt>
                <dd class="fingerprint">
                    <code>{c.fingerprints.sha256.clone()}</code>
                    <CopyButton text=c.fingerprints.sha256.clone() label="Copy SHA-256 fingerprint"/>
                </dd>
                <dt>"SHA-1 fingerprint"</dt>
                <dd class="fingerprint">
                    <code>{c.fingerprints.sha1.clone()}</code>
                    <CopyButton text=c.fingerprints.sha1.clone() label="Copy SHA-1 fingerprint"/>
                </dd>
                <dt>"Subject key identifier"</dt><dd><code>{c.subject_key_id.clone().unwrap_or_else(|| "—".into())}</code></dd>
                <dt>"Authority key identifier"</dt><dd><code>{c.authority_key_id.clone().unwrap_or_else(|| "—".into())}</code></dd>
                <dt>"Basic constraints"</dt><dd>{constraints}</dd>
                <dt>"Key usage"</dt><dd>{list(&c.key_usage)}</dd>
                <dt>"Extended key usage"</dt><dd>{list(&c.extended_key_usage)}</dd>
                <dt>"Self-signed"</dt><dd>{if c.self_signed { "yes" } else { "no" }}</dd>
            </dl>
    }
}
