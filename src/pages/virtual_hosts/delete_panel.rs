//! Deleting a virtual host: SAP's four conditions confirmed one by one and the alias typed, so a
//! host is never deleted by a slip.

use leptos::html;
use leptos::prelude::*;

use crate::api::http::ApiRequest;
use crate::api::problem::Problem;
use crate::api::sap::{Operation, VirtualHost, VirtualHostForm, VirtualHostResult};
use crate::components::copy_curl::CopyCurl;
use crate::components::form_field::{SubmitButton, TextField};
use crate::components::request_outcome::RequestOutcome;

/// SAP Help's four conditions for deleting a virtual host.
const DELETE_CONDITIONS: [&str; 4] = [
    "No proxies are deployed on this virtual host.",
    "No proxies (including those in draft state) refer to this virtual host.",
    "No existing proxy revisions are linked to this virtual host.",
    "This virtual host is not marked as the Default.",
];

/// The delete request for `host`.
fn delete_request(host: &VirtualHost) -> ApiRequest {
    VirtualHostForm {
        operation: Operation::Delete,
        virtual_host_id: host.id.clone(),
        ..VirtualHostForm::default()
    }
    .request()
}

/// The panel for one host; it takes the focus when it opens.
#[component]
pub fn DeletePanel(
    host: VirtualHost,
    #[prop(into)] token: Signal<Option<String>>,
    send: Action<ApiRequest, Result<VirtualHostResult, Problem>>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let alias = host.alias();
    let is_default = host.is_default;
    let request = delete_request(&host);
    let conditions = RwSignal::new([false; 4]);
    let typed_alias = RwSignal::new(String::new());
    let pending = send.pending();
    let problem = Signal::derive(move || send.value().with(|r| r.clone().and_then(|r| r.err())));
    let can_delete = {
        let alias = alias.clone();
        Signal::derive(move || {
            !is_default
                && conditions.with(|c| c.iter().all(|c| *c))
                && typed_alias.with(|typed| typed.trim() == alias)
        })
    };
    let body = request.body.clone();
    let for_curl = Signal::derive({
        let request = request.clone();
        move || Some(request.clone())
    });
    let on_delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if can_delete.get_untracked() {
            send.dispatch(request.clone());
        }
    };
    let heading = NodeRef::<html::H2>::new();
    heading.on_load(|heading| {
        let _ = heading.focus();
    });
    view! {
        <section class="card delete-panel" aria-labelledby="vh-delete-heading" data-testid="vh-delete-panel">
            <h2 id="vh-delete-heading" tabindex="-1" node_ref=heading>"Delete "{alias.clone()}</h2>
            {if is_default {
                view! {
                    <p class="notice notice-error" role="alert" data-testid="vh-delete-refused">
                        "This is the default virtual host: SAP does not delete the default. "
                        "Make another host the default first (Edit → “Make this the default”)."
                    </p>
                }.into_any()
            } else {
                view! {
                    <form class="stack" on:submit=on_delete novalidate data-testid="vh-delete-form">
                        <fieldset>
                            <legend>"Before deleting, confirm each condition (SAP Help):"</legend>
                            {DELETE_CONDITIONS.iter().enumerate().map(|(i, text)| {
                                let id = format!("vh-delete-condition-{i}");
                                view! {
                                    <div class="field field-check">
                                        <input
                                            type="checkbox"
                                            id=id.clone()
                                            data-testid=id.clone()
                                            prop:checked=move || conditions.with(|c| c.get(i).copied().unwrap_or(false))
                                            on:change:target=move |ev| conditions.update(|c| {
                                                if let Some(condition) = c.get_mut(i) {
                                                    *condition = ev.target().checked();
                                                }
                                            })
                                        />
                                        <label for=id>{*text}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </fieldset>
                        <TextField
                            id="vh-delete-confirm"
                            label=format!("Type the alias “{alias}” to confirm")
                            value=typed_alias
                        />
                        <pre class="code-block" data-testid="vh-delete-preview">{body}</pre>
                        <div class="form-actions">
                            <SubmitButton
                                label="Delete virtual host"
                                busy_label="Deleting…"
                                pending=pending
                                disabled=Signal::derive(move || !can_delete.get())
                                class="button-danger"
                                testid="vh-delete-submit"
                            />
                            <button type="button" class="button" data-testid="vh-delete-cancel" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                        </div>
                        <CopyCurl request=for_curl token=token id="vh-delete-curl"/>
                    </form>
                }.into_any()
            }}
            <RequestOutcome
                pending=pending
                problem=problem
                pending_text="Deleting…"
                reconnect_href="#sap-connection"
                testid="vh-delete-outcome"
            />
        </section>
    }
}
