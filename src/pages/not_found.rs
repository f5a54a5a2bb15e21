//! Any path the router does not know.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let pathname = use_location().pathname;
    view! {
        <h1>"Page not found"</h1>
        <p data-testid="not-found">
            "There is no page at "<code>{move || pathname.get()}</code>". "
            <A href="/">"Go to the overview"</A>"."
        </p>
    }
}
