//! Findings grouped by severity, most severe first.

use std::sync::Arc;

use leptos::prelude::*;

use crate::analysis::export::{severity_heading, SEVERITY_ORDER};
use crate::analysis::Analysis;
use crate::components::show_more::ShowMore;

use super::CardLinks;

/// Findings of one severity shown at first (a bundle of hundreds of unrelated certificates has
/// as many findings), and added by each "Show more".
const FINDINGS_STEP: usize = 20;

#[component]
pub fn FindingsBySeverity(analysis: Arc<Analysis>) -> impl IntoView {
    let links = use_context::<CardLinks>();
    let findings = &analysis.report.findings;
    let total = findings.len();
    // Each group lists its findings by index; a finding is copied when its item is built.
    let groups = SEVERITY_ORDER
        .into_iter()
        .filter_map(|severity| {
            let group: Vec<usize> = findings
                .iter()
                .enumerate()
                .filter(|(_, f)| f.severity == severity)
                .map(|(index, _)| index)
                .collect();
            (!group.is_empty()).then_some((severity, group))
        })
        .collect::<Vec<_>>();
    let item = move |index: usize| {
        analysis.report.findings.get(index).map(|f| {
            view! {
                <li class="finding" data-rule=f.rule.clone()>
                    <span class=format!("badge badge-{}", f.severity.as_str())>
                        {f.severity.as_str()}
                    </span>
                    " "
                    <strong>{f.title.clone()}</strong>
                    {f.certificate.map(|p| view! {
                        " — "
                        <a href=format!("#cert-{p}") on:click=CardLinks::on_click(links, p)>
                            {format!("certificate #{p}")}
                        </a>
                    })}
                    <p>{f.message.clone()}</p>
                    <p class="citation">
                        <code>{f.rule.clone()}</code>" · "{f.citation.clone()}
                    </p>
                </li>
            }
        })
    };
    view! {
        <section aria-labelledby="findings-heading" class="findings">
            <h2 id="findings-heading">"Findings"</h2>
            {(total == 0).then(|| view! { <p data-testid="no-findings">"No findings."</p> })}
            {groups
                .into_iter()
                .map(|(severity, group)| {
                    view! {
                        <section
                            class=format!("finding-group finding-group-{}", severity.as_str())
                            data-testid=format!("findings-{}", severity.as_str())
                        >
                            <h3>{format!("{} ({})", severity_heading(severity), group.len())}</h3>
                            <ShowMore
                                items=group
                                step=FINDINGS_STEP
                                noun="findings"
                                render=item.clone()
                            />
                        </section>
                    }
                })
                .collect_view()}
        </section>
    }
}
