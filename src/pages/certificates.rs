//! Certificate chains, checked in the browser before they go into a truststore.

use leptos::prelude::*;

#[component]
pub fn CertificatesPage() -> impl IntoView {
    view! {
        <h1>"Certificates"</h1>
        <p class="lead">
            "Check a client certificate chain before it goes into a truststore. "
            "The analysis runs in this browser; nothing is uploaded."
        </p>
    }
}
