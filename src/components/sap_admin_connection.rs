//! The optional second SAP connection of the Audit page: an API portal administrator's service
//! key or token (role `APIPortal.Administrator`), used only to read store references and a
//! store's certificates when the usual connection is refused with 403.
//!
//! Same rules as the SAP connection: the secret leaves its field with every attempt and is never
//! stored; the token stays in the tab unless "remember on this device" is ticked.

use leptos::prelude::*;

use crate::api::audit::ADMIN_ROLE;
use crate::api::perform::perform;
use crate::api::problem::Problem;
use crate::api::sap::{parse_service_key, parse_token_response, token_request, ServiceKey};
use crate::components::form_field::{CheckboxField, SubmitButton, TextAreaField};
use crate::components::request_outcome::RequestOutcome;
use crate::components::session_summary::{format_time, pasted_token, session_for};
use crate::state::audit::use_audit_state;
use crate::state::clock;
use crate::state::connections::Product;
use crate::state::history::use_history;

#[component]
pub fn SapAdminConnection() -> impl IntoView {
    let state = use_audit_state();
    let history = use_history();
    let key_text = RwSignal::new(String::new());
    let key_error = RwSignal::new(None::<String>);
    let remember = RwSignal::new(false);

    let get_token = Action::new_local(move |key: &ServiceKey| {
        let request = token_request(key);
        let remembered = remember.get_untracked();
        async move {
            let response = perform(history, Product::SapApiManagement, &request, None)
                .await
                .map_err(Problem::from)?;
            let grant = parse_token_response(&response)?;
            state.sign_in_admin(session_for(
                &grant.access_token,
                grant.expires_in,
                remembered,
                clock::now(),
            ));
            Ok::<(), Problem>(())
        }
    });
    let pending = get_token.pending();
    let problem = Signal::derive(move || get_token.value().get().and_then(|r| r.err()));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = key_text.get_untracked();
        // The secret leaves the field whatever comes next.
        key_text.set(String::new());
        if text.trim_start().starts_with('{') {
            match parse_service_key(&text) {
                Ok(key) => {
                    key_error.set(None);
                    get_token.dispatch(key);
                }
                Err(message) => key_error.set(Some(message)),
            }
            return;
        }
        match pasted_token(&text, "administrator's service key or bearer token") {
            Ok(token) => {
                key_error.set(None);
                state.sign_in_admin(session_for(
                    &token,
                    None,
                    remember.get_untracked(),
                    clock::now(),
                ));
            }
            Err(message) => key_error.set(Some(message)),
        }
    };

    view! {
        <section class="card stack" id="sap-admin-connection" data-testid="sap-admin-connection" aria-labelledby="sap-admin-heading">
            <h2 id="sap-admin-heading">"API portal administrator connection (optional)"</h2>
            <p class="field-help">
                "Used only by the audit, only to read certificate store references and the "
                "certificates of a store when the SAP connection is refused. It needs a service "
                "key of the "<code>{ADMIN_ROLE}</code>" role."
            </p>
            {move || state.admin.get().map(|session| view! {
                <p data-testid="sap-admin-session">
                    "Connected"
                    {session.subject.map(|s| format!(" as {s}"))}
                    {session.expires_at.map(|at| format!(", until {}", format_time(at)))}
                    "."
                    " "
                    <button type="button" class="button button-small" on:click=move |_| state.sign_out_admin()>
                        "Sign out"
                    </button>
                </p>
            })}
            <form class="stack" on:submit=on_submit data-testid="sap-admin-form" novalidate>
                <TextAreaField
                    id="sap-admin-key"
                    label="Administrator's service key (JSON) or bearer token"
                    value=key_text
                    error=key_error
                    rows=4
                    help="Cleared from this field as soon as it is sent, whether the call succeeds or not; never stored."
                />
                <CheckboxField
                    id="sap-admin-remember"
                    label="Remember on this device"
                    checked=remember
                    help="Keeps the administrator's token in this browser's local storage until you sign out."
                />
                <SubmitButton label="Connect" busy_label="Getting a token…" pending=pending testid="sap-admin-connect"/>
            </form>
            <RequestOutcome
                pending=pending
                problem=problem
                pending_text="Asking for a token…"
                reconnect_href="#sap-admin-connection"
                testid="sap-admin-outcome"
                hint="The service key was cleared from the form (it holds the client secret): paste it again to retry."
            />
        </section>
    }
}
