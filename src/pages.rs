//! One file a route, and how each route's page reaches the browser.
//!
//! The overview and the 404 page come with the first download. Every other page is a lazy route:
//! in the release build (feature `split`, see `crates/split-wasm`) its code is cut out of the
//! main wasm into a chunk of its own, fetched the first time the route is opened, so the first
//! load stays small. Without the feature (tests, `make dev`) the same routes render the page
//! directly, through the same asynchronous path.

pub mod audit;
pub mod certificates;
pub mod connections;
pub mod not_found;
pub mod overview;
pub mod proxy_mtls;
pub mod virtual_hosts;

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// A route whose page is its own wasm chunk in the release build.
///
/// `lazy_page!(Route, chunk, Page)` defines `Route` (for `Lazy::<Route>::new()` in the router)
/// and a loader that is a split point named `chunk`. A chunk that cannot be fetched (the portal
/// server stopped, the network dropped) leaves a message on the page instead of taking the app
/// down, and the next visit of the route tries again.
macro_rules! lazy_page {
    ($route:ident, $chunk:ident, $page:path) => {
        #[doc = concat!("The lazily loaded route of `", stringify!($page), "`.")]
        pub struct $route;

        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            async fn view(_: Self) -> AnyView {
                match $chunk().await {
                    Ok(page) => page,
                    // The loader logs the cause to the console; the error carries no detail.
                    Err(_) => view! { <PageLoadError/> }.into_any(),
                }
            }
        }

        #[cfg(feature = "split")]
        #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page/> }.into_any())
        }

        #[cfg(not(feature = "split"))]
        async fn $chunk() -> Result<AnyView, SplitLoaderError> {
            Ok(view! { <$page/> }.into_any())
        }
    };
}

lazy_page!(
    CertificatesRoute,
    certificates,
    certificates::CertificatesPage
);
lazy_page!(AuditRoute, audit_page, audit::AuditPage);
lazy_page!(ConnectionsRoute, connections, connections::ConnectionsPage);
lazy_page!(ProxyMtlsRoute, proxy_mtls, proxy_mtls::ProxyMtlsPage);
lazy_page!(
    VirtualHostsRoute,
    virtual_hosts,
    virtual_hosts::VirtualHostsPage
);

/// Shown in place of a page whose code could not be fetched.
#[component]
fn PageLoadError() -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <h1>"This page did not load"</h1>
        <div class="notice notice-error" role="alert" data-testid="page-load-error">
            <p>
                "Its code could not be fetched from the portal server (the browser console has "
                "the details). Check that the server is running and the network is up, then try "
                "again. Connections and the request history are kept."
            </p>
            <button type="button" class="button" on:click=reload>"Try again"</button>
        </div>
    }
}
