//! What SAP answered to a create, update or delete request.

use leptos::prelude::*;

use crate::api::sap::{Operation, VirtualHostResult};

use super::yes_no;

/// The 201 answer in words, with the DNS step a custom domain still needs.
#[component]
pub fn ResultPanel(result: VirtualHostResult, operation: Operation) -> impl IntoView {
    let custom = result.custom_domain;
    let dns_hint = match (&result.lb_host, &result.virtual_host_url) {
        (Some(lb), Some(host)) if custom => Some(format!(
            "Create a DNS CNAME record from {host} to {lb}, so that calls to your domain reach API Management."
        )),
        (Some(lb), None) if custom => Some(format!("Point your domain's DNS (CNAME) to {lb}.")),
        _ => None,
    };
    let done = match operation {
        Operation::Create => "Virtual host created.",
        Operation::Update => "Virtual host updated.",
        Operation::Delete => "Virtual host deleted.",
    };
    let or_dash = |value: Option<String>| value.unwrap_or_else(|| "—".into());
    view! {
        <div class="notice notice-ok result-panel" role="status" data-testid="vh-result">
            <p class="notice-title"><strong>{done}</strong></p>
            {(operation == Operation::Update).then(|| view! {
                <p data-testid="vh-redeploy-notice">
                    "APIs in products that use this virtual host must be redeployed and republished "
                    "for the change to reach them."
                </p>
            })}
            <dl class="facts">
                <dt>"allocationStatus"</dt>
                <dd data-testid="vh-result-status">{result.allocation_status.unwrap_or_else(|| "none (a delete answers without one)".into())}</dd>
                <dt>"virtualHostId"</dt>
                <dd><code data-testid="vh-result-id">{or_dash(result.virtual_host_id)}</code></dd>
                <dt>"Host"</dt>
                <dd><code data-testid="vh-result-host">{or_dash(result.virtual_host_url)}</code></dd>
                <dt>"lbHost"</dt>
                <dd><code>{or_dash(result.lb_host)}</code></dd>
                <dt>"TLS (isTLS)"</dt>
                <dd>{yes_no(result.is_tls)}</dd>
                <dt>"Client authentication"</dt>
                <dd data-testid="vh-result-client-auth">{yes_no(result.client_auth)}</dd>
                <dt>"Truststore"</dt>
                <dd>{or_dash(result.trust_store)}</dd>
            </dl>
            {dns_hint.map(|hint| view! { <p class="notice-hint" data-testid="vh-dns-hint">{hint}</p> })}
        </div>
    }
}
