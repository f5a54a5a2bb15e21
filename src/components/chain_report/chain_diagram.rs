//! The chain leaf → … → root as boxes with the state of each link between them.

use std::sync::Arc;

use certlint::SignatureStatus;
use leptos::prelude::*;

use crate::analysis::export::link_words;
use crate::analysis::Analysis;

use super::CardLinks;

/// Common name if the subject has one, else the whole subject.
pub fn short_name(subject: &str) -> String {
    subject
        .split(',')
        .map(str::trim)
        .find_map(|rdn| rdn.strip_prefix("CN="))
        .unwrap_or(subject)
        .to_string()
}

#[component]
pub fn ChainDiagram(analysis: Arc<Analysis>) -> impl IntoView {
    let links = use_context::<CardLinks>();
    let report = &analysis.report;
    let steps = report
        .chain
        .iter()
        .map(|position| {
            let certificate = report.certificates.iter().find(|c| c.position == *position);
            let name = certificate
                .map(|c| short_name(&c.subject))
                .unwrap_or_else(|| "?".into());
            let role = certificate.map(|c| c.role.as_str()).unwrap_or("");
            let link = report.links.iter().find(|l| l.child == *position).cloned();
            (*position, name, role, link)
        })
        .collect::<Vec<_>>();
    let root_missing = !report.root_present && !steps.is_empty();
    view! {
        <section aria-labelledby="chain-heading">
            <h2 id="chain-heading">"Chain, leaf → root"</h2>
            {steps.is_empty().then(|| view! { <p>"No chain could be built from this input."</p> })}
            <ol class="chain" data-testid="chain">
                {steps
                    .into_iter()
                    .map(|(position, name, role, link)| {
                        let (class, words, reason) = match link.as_ref().map(|l| &l.signature) {
                            Some(status @ SignatureStatus::Verified) => ("link-verified", link_words(status), String::new()),
                            Some(status @ SignatureStatus::Broken(why)) => ("link-broken", link_words(status), why.to_string()),
                            Some(status @ SignatureStatus::NotVerified(why)) => ("link-unverified", link_words(status), why.to_string()),
                            None => ("link-unverified", "not verified", String::new()),
                        };
                        let issuer_missing = link.as_ref().is_some_and(|l| l.issuer.is_none());
                        let self_signed = link.as_ref().is_some_and(|l| l.issuer == Some(l.child));
                        view! {
                            <li class="chain-step" data-position=position>
                                <a
                                    class="chain-node"
                                    href=format!("#cert-{position}")
                                    on:click=CardLinks::on_click(links, position)
                                >
                                    <span class="chain-role">{role}</span>
                                    <span class="chain-name">{name}</span>
                                    <span class="chain-position">{format!("#{position}")}</span>
                                </a>
                                <div
                                    class=format!("chain-link {class}{}", if self_signed { " chain-link-self" } else { "" })
                                    data-testid="chain-link"
                                >
                                    {if issuer_missing {
                                        "issuer missing from the input".to_string()
                                    } else if self_signed {
                                        format!("self-signed, signature {words}")
                                    } else {
                                        format!("signed by the certificate below, signature {words}")
                                    }}
                                    {(!reason.is_empty()).then(|| view! { <span class="chain-reason">{format!(" ({reason})")}</span> })}
                                </div>
                            </li>
                        }
                    })
                    .collect_view()}
                {root_missing.then(|| view! {
                    <li class="chain-step">
                        <div class="chain-node chain-node-missing" data-testid="root-missing">
                            <span class="chain-role">"root"</span>
                            <span class="chain-name">"missing from the input"</span>
                        </div>
                    </li>
                })}
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::short_name;

    #[test]
    fn prefers_the_common_name() {
        assert_eq!(
            short_name("C=DE, O=Example, CN=Example Root CA"),
            "Example Root CA"
        );
        assert_eq!(short_name("O=No Common Name"), "O=No Common Name");
    }
}
