//! The Apinizer section of the Connections page.

use leptos::prelude::*;

use crate::components::connection_status::ConnectionStatus;
use crate::state::connections::Product;

#[component]
pub fn ApinizerConnection() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="apinizer-connection-heading">
            <h2 id="apinizer-connection-heading">{Product::Apinizer.title()}</h2>
            <ConnectionStatus product=Product::Apinizer/>
        </section>
    }
}
