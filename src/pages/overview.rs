//! The landing page: what the portal does and where each job starts.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::connection_status::ConnectionStatus;
use crate::state::connections::Product;

#[component]
pub fn OverviewPage() -> impl IntoView {
    view! {
        <h1>"Mutual TLS for your API gateways"</h1>
        <p class="lead">
            "Check a client certificate chain before it goes into a truststore, then configure "
            "mutual TLS on SAP API Management virtual hosts and Apinizer API proxies."
        </p>
        <section class="cards" aria-label="Jobs">
            <article class="card">
                <h2><A href="/certificates">"Certificates"</A></h2>
                <p>
                    "Paste or drop PEM, DER or PKCS#7. The chain is built, every signature checked and "
                    "weak or broken certificates flagged — in this browser, nothing is uploaded."
                </p>
            </article>
            <article class="card">
                <h2><A href="/virtual-hosts">"Virtual hosts"</A></h2>
                <p>
                    "List, create, update and delete SAP API Management virtual hosts with client "
                    "authentication, keystore and truststore."
                </p>
            </article>
            <article class="card">
                <h2><A href="/proxy-mtls">"Proxy mTLS"</A></h2>
                <p>
                    "Change the mTLS settings of an Apinizer API proxy: keystore, truststore, "
                    "protocols and hostname verification, sending only what you change."
                </p>
            </article>
        </section>
        <section aria-labelledby="connections-heading">
            <h2 id="connections-heading">"Connections"</h2>
            {Product::ALL.into_iter().map(|product| view! { <ConnectionStatus product/> }).collect_view()}
        </section>
    }
}
