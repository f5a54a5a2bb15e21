//! For the truststore fields of the virtual host and proxy mTLS forms: a notice when the chain
//! checked last in this browser was weak or broken (the forms carry their own link to check one).

use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::chain_check::use_chain_check;

#[component]
pub fn ChainCheckNotice() -> impl IntoView {
    let last = use_chain_check().last();
    view! {
        {move || {
            last.get()
                .filter(|check| check.needs_attention())
                .map(|check| {
                    let what = if check.verdict == "error" { "broken" } else { "weak" };
                    view! {
                        <p class=format!("notice notice-{}", check.verdict) role="status" data-testid="chain-check-notice">
                            <strong>{format!("The chain you checked last is {what}")}</strong>
                            {check.leaf.map(|leaf| format!(" (leaf {leaf})"))}
                            {format!(
                                ": {} serious finding{}. ",
                                check.serious_findings,
                                if check.serious_findings == 1 { "" } else { "s" },
                            )}
                            <A href="/certificates" attr:target="_blank">"Open the Certificates page"</A>
                            " before putting it into a truststore."
                        </p>
                    }
                })
        }}
    }
}
