//! Sessions with the backends, and the requests made from this browser.

use leptos::prelude::*;

use crate::components::apinizer_connection::ApinizerConnection;
use crate::components::request_history::RequestHistory;
use crate::components::sap_connection::SapConnection;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! {
        <h1>"Connections"</h1>
        <p class="lead">
            "Tokens are kept for this browser tab only unless you choose otherwise, and are never "
            "put in a URL, the console or an error message."
        </p>
        <SapConnection/>
        <ApinizerConnection/>
        <RequestHistory/>
    }
}
