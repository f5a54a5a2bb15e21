//! The tenant's virtual hosts as a table, one row per host with its Edit and Delete buttons.

use leptos::html;
use leptos::prelude::*;

use crate::api::reading::format_utc_millis;
use crate::api::sap::VirtualHost;
use crate::components::audit_badge::AuditBadge;
use crate::components::show_more::{ShowMoreButtons, Shown};

use super::yes_no;

/// Rows shown at first, and added by each "Show more". A tenant's list can hold hundreds of
/// hosts: 500 rows built and laid out at once were tasks of 100–800 ms (Chromium, release build,
/// a busy 2-core machine), and every later change to the page (a keystroke in the form) paid for
/// the whole table again in layout and paint. 50 rows are a few milliseconds.
const ROWS_STEP: usize = 50;

/// The hosts in the order SAP listed them, the first [`ROWS_STEP`] shown and the rest a click
/// away. Rows are keyed on their position and content, so a reload that brings the same hosts
/// keeps every row as it is, and a changed host is redrawn.
#[component]
pub fn VirtualHostTable(
    #[prop(into)] hosts: Signal<Vec<VirtualHost>>,
    on_edit: Callback<VirtualHost>,
    on_delete: Callback<VirtualHost>,
) -> impl IntoView {
    let shown = Shown::new(ROWS_STEP, Signal::derive(move || hosts.with(Vec::len)));
    let body = NodeRef::<html::Tbody>::new();
    let rows = move || {
        let count = shown.count();
        hosts.with(|hosts| {
            hosts
                .iter()
                .take(count)
                .cloned()
                .enumerate()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="table-wrap hosts-table-wrap">
        <table class="data-table" data-testid="vh-table">
            <caption class="visually-hidden">"Virtual hosts of the tenant"</caption>
            <thead>
                <tr>
                    <th scope="col">"Alias"</th>
                    <th scope="col">"Host"</th>
                    <th scope="col">"Port"</th>
                    <th scope="col">"TLS"</th>
                    <th scope="col">"Client auth"</th>
                    <th scope="col">"Default"</th>
                    <th scope="col">"Keystore"</th>
                    <th scope="col">"Truststore"</th>
                    <th scope="col">"Changed"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody node_ref=body>
                <For
                    each=rows
                    key=|row| row.clone()
                    children=move |(_, host)| view! { <VirtualHostRow host on_edit on_delete/> }
                />
            </tbody>
        </table>
        </div>
        <ShowMoreButtons shown noun="virtual hosts" items=body testid="vh-show-more"/>
    }
}

#[component]
fn VirtualHostRow(
    host: VirtualHost,
    on_edit: Callback<VirtualHost>,
    on_delete: Callback<VirtualHost>,
) -> impl IntoView {
    let alias = host.alias();
    let keystore = match (&host.key_store_name, &host.key_store_alias) {
        (Some(name), Some(key)) => format!("{name} ({key})"),
        (Some(name), None) => name.clone(),
        _ => "—".into(),
    };
    let port = host.port.display(|p| Some(p.to_string()));
    let changed = host.changed_at.display(|ms| format_utc_millis(*ms));
    let trust_store = host.trust_store.clone().unwrap_or_else(|| "—".into());
    let (code, is_ssl, client_auth, is_default) = (
        host.host.clone(),
        host.is_ssl,
        host.client_auth,
        host.is_default,
    );
    let host = StoredValue::new(host);
    view! {
        <tr data-testid="vh-row" data-alias=alias.clone()>
            <td><strong>{alias.clone()}</strong></td>
            <td><code>{code}</code></td>
            <td data-testid="vh-cell-port">{port}</td>
            <td>{yes_no(is_ssl)}</td>
            <td data-testid="vh-cell-client-auth">{yes_no(client_auth)}</td>
            <td>{if is_default { view! { <span class="badge badge-ok">"default"</span> }.into_any() } else { "—".into_any() }}</td>
            <td>{keystore}</td>
            <td data-testid="vh-cell-trust-store">
                {trust_store.clone()}
                {client_auth.then(|| view! { <AuditBadge value=trust_store.clone()/> })}
            </td>
            <td data-testid="vh-cell-changed">{changed}</td>
            <td class="row-actions">
                <button
                    type="button"
                    class="button button-small"
                    data-testid="vh-edit"
                    aria-label=format!("Edit {alias}")
                    on:click=move |_| on_edit.run(host.get_value())
                >
                    "Edit"
                </button>
                <button
                    type="button"
                    class="button button-small button-danger"
                    data-testid="vh-delete"
                    aria-label=format!("Delete {alias}")
                    on:click=move |_| on_delete.run(host.get_value())
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}
