//! The frame around every page: header with navigation, footer naming the backends.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::portal::{load_backends, BackendTarget};
use crate::state::connections::Product;

/// One entry of the main navigation.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
}

/// The main navigation, in the order an administrator works: connect, check, configure.
pub const NAV: [NavItem; 6] = [
    NavItem {
        href: "/",
        label: "Overview",
    },
    NavItem {
        href: "/virtual-hosts",
        label: "Virtual hosts",
    },
    NavItem {
        href: "/proxy-mtls",
        label: "Proxy mTLS",
    },
    NavItem {
        href: "/certificates",
        label: "Certificates",
    },
    NavItem {
        href: "/audit",
        label: "Audit",
    },
    NavItem {
        href: "/connections",
        label: "Connections",
    },
];

#[component]
pub fn Header() -> impl IntoView {
    view! {
        <header class="site-header">
            <A href="/" attr:class="brand">
                <svg class="brand-mark" viewBox="0 0 32 32" width="24" height="24" aria-hidden="true">
                    <path d="M16 2 4 7v8c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V7z" fill="currentColor"/>
                    <path
                        d="m11 16 3.5 3.5L21.5 12"
                        fill="none"
                        stroke="var(--surface)"
                        stroke-width="3"
                        stroke-linecap="round"
                        stroke-linejoin="round"
                    />
                </svg>
                <span class="brand-name">"mTLS Portal"</span>
            </A>
            <nav aria-label="Main">
                <ul class="nav-list">
                    {NAV
                        .iter()
                        .map(|item| {
                            view! {
                                <li>
                                    <A href=item.href attr:class="nav-link" exact=true>
                                        {item.label}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

#[component]
pub fn Footer() -> impl IntoView {
    let backends = LocalResource::new(load_backends);
    let describe = move |product: Product| {
        let target = match backends.get() {
            Some(Ok(Some(backends))) => match product {
                Product::SapApiManagement => backends.sap,
                Product::Apinizer => backends.apinizer,
            },
            _ => None,
        };
        match target {
            Some(BackendTarget::Demo) => "demo emulation on this server".to_string(),
            Some(target @ BackendTarget::Upstream { .. }) => {
                format!("forwarded to {}", target.describe())
            }
            None => "this origin".to_string(),
        }
    };
    view! {
        <footer class="site-footer">
            <p data-testid="backends">
                "Talks to "
                {Product::ALL
                    .into_iter()
                    .enumerate()
                    .map(|(i, product)| {
                        view! {
                            {(i > 0).then_some(" and ")}
                            <strong>{product.title()}</strong>
                            " at "
                            <code>{product.api_prefix()}</code>
                            " ("
                            <span data-testid=format!("backend-{}", product.api_prefix().trim_start_matches('/'))>
                                {move || describe(product)}
                            </span>
                            ")"
                        }
                    })
                    .collect_view()}
                ". Certificates are checked in this browser and never uploaded."
            </p>
        </footer>
    }
}
