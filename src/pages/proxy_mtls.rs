//! Apinizer API proxy mTLS settings.

use leptos::prelude::*;

use crate::components::connection_status::ConnectionStatus;
use crate::state::connections::Product;

#[component]
pub fn ProxyMtlsPage() -> impl IntoView {
    view! {
        <h1>"Proxy mTLS"</h1>
        <p class="lead">
            "The mTLS settings an Apinizer API proxy uses towards its backend: keystore, "
            "truststore, protocols and hostname verification."
        </p>
        <ConnectionStatus product=Product::Apinizer/>
    }
}
