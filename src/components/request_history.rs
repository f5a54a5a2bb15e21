//! The last requests made from this browser (time, product, method, path, status, bodies),
//! newest first, with a button to clear them. Shared: shown on the Connections page below both
//! products' sections, and usable on any page (optionally for one product only).
//!
//! Bodies are stored scrubbed of tokens and secrets (see `state::history`); headers are never kept.
//! Where they are stored follows the sessions: the tab's session storage, or local storage while
//! a token is remembered on this device.

use leptos::prelude::*;

use crate::state::connections::Product;
use crate::state::history::use_history;

#[component]
pub fn RequestHistory(
    /// Show only this product's requests.
    #[prop(optional)]
    product: Option<Product>,
) -> impl IntoView {
    let history = use_history();
    let entries = history.entries();
    let shown = Memo::new(move |_| {
        entries
            .get()
            .into_iter()
            .filter(|e| product.is_none_or(|p| e.product == p.title()))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="card request-history" aria-labelledby="request-history-heading" data-testid="request-history">
            <div class="section-head">
                <h2 id="request-history-heading">"Request history"</h2>
                <button
                    type="button"
                    class="button"
                    data-testid="history-clear"
                    disabled=move || shown.get().is_empty()
                    on:click=move |_| history.clear()
                >
                    "Clear history"
                </button>
            </div>
            <p class="field-help">
                "The last 50 requests made from this browser, kept for this tab only unless a token "
                "is remembered on this device. Tokens, client secrets, passwords and any field named "
                "like a key or credential are never recorded."
            </p>
            <Show
                when=move || !shown.get().is_empty()
                fallback=|| view! { <p data-testid="history-empty">"No requests yet."</p> }
            >
                <ol class="history-list">
                    <For
                        each=move || shown.get().into_iter().enumerate()
                        key=|(i, e)| (*i, e.at.clone(), e.path.clone())
                        let:item
                    >
                        {
                            let (_, entry) = item;
                            let status = entry
                                .status
                                .map(|s| s.to_string())
                                .unwrap_or_else(|| "no answer".into());
                            let ok = entry.status.is_some_and(|s| (200..300).contains(&s));
                            view! {
                                <li class="history-entry" data-testid="history-entry">
                                    <details>
                                        <summary>
                                            <time>{entry.at.clone()}</time>" "
                                            <span class="history-product">{entry.product.clone()}</span>" "
                                            <code>{entry.method.clone()}" "{entry.path.clone()}</code>" "
                                            <span class=if ok { "badge badge-ok" } else { "badge badge-error" }>
                                                {status}
                                            </span>
                                        </summary>
                                        {entry.request_body.clone().map(|body| view! {
                                            <p class="field-help">"Request body"</p>
                                            <pre class="code-block">{body}</pre>
                                        })}
                                        {entry.response_body.clone().map(|body| view! {
                                            <p class="field-help">"Answer"</p>
                                            <pre class="code-block">{body}</pre>
                                        })}
                                    </details>
                                </li>
                            }
                        }
                    </For>
                </ol>
            </Show>
        </section>
    }
}
