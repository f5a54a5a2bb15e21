//! The SAP API Management section of the Connections page.

use leptos::prelude::*;

use crate::components::connection_status::ConnectionStatus;
use crate::state::connections::Product;

#[component]
pub fn SapConnection() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="sap-connection-heading">
            <h2 id="sap-connection-heading">{Product::SapApiManagement.title()}</h2>
            <ConnectionStatus product=Product::SapApiManagement/>
        </section>
    }
}
