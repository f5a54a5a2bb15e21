//! SAP API Management virtual hosts with mutual TLS.

use leptos::prelude::*;

use crate::components::connection_status::ConnectionStatus;
use crate::state::connections::Product;

#[component]
pub fn VirtualHostsPage() -> impl IntoView {
    view! {
        <h1>"Virtual hosts"</h1>
        <p class="lead">
            "Virtual hosts of SAP API Management, with client authentication (mutual TLS), "
            "keystore and truststore."
        </p>
        <ConnectionStatus product=Product::SapApiManagement/>
    }
}
