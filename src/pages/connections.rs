//! Sessions with the backends.

use leptos::prelude::*;

use crate::components::connection_status::ConnectionStatus;
use crate::state::connections::Product;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! {
        <h1>"Connections"</h1>
        <p class="lead">
            "Tokens are kept for this browser tab only, and are never put in a URL, the console "
            "or an error message."
        </p>
        {Product::ALL
            .into_iter()
            .map(|product| {
                view! {
                    <section class="card" aria-label=product.title()>
                        <h2>{product.title()}</h2>
                        <ConnectionStatus product/>
                    </section>
                }
            })
            .collect_view()}
    }
}
