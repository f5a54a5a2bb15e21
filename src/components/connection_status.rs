//! A one-line summary of the session with a backend.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::connections::{use_connections, Product};

/// "Connected as … until …" or "Not connected" with a link to the Connections page.
#[component]
pub fn ConnectionStatus(product: Product) -> impl IntoView {
    let session = use_connections().session(product);
    view! {
        <p class="connection-status" data-testid=format!("status-{}", product.api_prefix().trim_start_matches('/'))>
            <strong>{product.title()}": "</strong>
            {move || match session.get() {
                Some(session) => {
                    let who = session.subject.unwrap_or_else(|| "unknown subject".into());
                    view! { <span class="badge badge-ok">"Connected"</span>" as "{who} }.into_any()
                }
                None => {
                    view! {
                        <span class="badge badge-muted">"Not connected"</span>
                        " — "
                        <A href="/connections">"connect"</A>
                    }
                        .into_any()
                }
            }}
        </p>
    }
}
