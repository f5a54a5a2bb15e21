//! The mTLS admin portal: a client-side rendered Leptos app.
//!
//! `App` holds the router; each route is one file in `pages/`. Request building and response
//! parsing live in `api/` (no view code), shared state (connections, history) in `state/`.

pub mod analysis;
pub mod api;
pub mod components;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::shell::{Footer, Header};
use pages::{
    certificates::CertificatesPage, connections::ConnectionsPage, not_found::NotFoundPage,
    overview::OverviewPage, proxy_mtls::ProxyMtlsPage, virtual_hosts::VirtualHostsPage,
};

/// The whole portal: shared state, header with navigation, the routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    state::provide_state();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <Header/>
            <main id="main" class="page" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=OverviewPage/>
                    <Route path=path!("/virtual-hosts") view=VirtualHostsPage/>
                    <Route path=path!("/proxy-mtls") view=ProxyMtlsPage/>
                    <Route path=path!("/certificates") view=CertificatesPage/>
                    <Route path=path!("/connections") view=ConnectionsPage/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
