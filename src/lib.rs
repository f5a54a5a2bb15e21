//! The mTLS admin portal: a client-side rendered Leptos app.
//!
//! `App` holds the router; each route is one file in `pages/`. Request building and response
//! parsing live in `api/` (no view code), shared state (connections, history) in `state/`.

pub mod analysis;
pub mod api;
pub mod components;
pub mod js_json;
pub mod pages;
pub mod panic_banner;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy};

use components::shell::{Footer, Header};
use pages::{
    not_found::NotFoundPage, overview::OverviewPage, AuditRoute, CertificatesRoute,
    ConnectionsRoute, ProxyMtlsRoute, VirtualHostsRoute,
};

/// The whole portal: shared state, header with navigation, the routed page, footer. Pages other
/// than the overview are lazy routes (see `pages`).
#[component]
pub fn App() -> impl IntoView {
    state::provide_state();
    // True while a navigation waits for its page (a lazy page's chunk on first visit).
    let (routing, set_routing) = signal(false);
    let main = NodeRef::<leptos::html::Main>::new();
    // The router would take "#main" for a navigation; the skip link's job is the focus
    // (WCAG 2.4.1 Bypass Blocks), so it moves it into the main content itself.
    let skip_to_main = move |event: leptos::ev::MouseEvent| {
        event.prevent_default();
        if let Some(main) = main.get() {
            let _ = main.focus();
        }
    };
    view! {
        <Router set_is_routing=set_routing>
            <a class="skip-link" href="#main" on:click=skip_to_main>"Skip to content"</a>
            {move || routing.get().then(|| view! { <div class="route-progress" aria-hidden="true"></div> })}
            <Header/>
            <main id="main" node_ref=main class="page" tabindex="-1" aria-busy=move || routing.get().to_string()>
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=OverviewPage/>
                    <Route path=path!("/virtual-hosts") view={Lazy::<VirtualHostsRoute>::new()}/>
                    <Route path=path!("/proxy-mtls") view={Lazy::<ProxyMtlsRoute>::new()}/>
                    <Route path=path!("/certificates") view={Lazy::<CertificatesRoute>::new()}/>
                    <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()}/>
                    <Route path=path!("/connections") view={Lazy::<ConnectionsRoute>::new()}/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
