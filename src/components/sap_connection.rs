//! The SAP API Management section of the Connections page (also offered on the Virtual hosts
//! page when a token is missing or refused): a service key's client-credentials call, or a
//! pasted bearer token; whose token it is and when it expires; sign out.
//!
//! The client secret stays in the text field only until the call is made: the field is cleared
//! with every attempt, failed ones included; it is never stored. The token goes to session storage, or to local storage when the
//! user ticks "remember on this device". It is never put in a URL, the console or a message.

use leptos::prelude::*;

use crate::api::perform::perform;
use crate::api::problem::Problem;
use crate::api::sap::{parse_service_key, parse_token_response, token_request, ServiceKey};
use crate::components::connection_status::ConnectionStatus;
use crate::components::form_field::{
    CheckboxField, InputType, SubmitButton, TextAreaField, TextField,
};
use crate::components::request_outcome::RequestOutcome;
use crate::components::session_summary::{pasted_token, session_for, SessionSummary};
use crate::state::clock;
use crate::state::connections::{use_connections, Product};
use crate::state::history::use_history;

const PRODUCT: Product = Product::SapApiManagement;

#[component]
pub fn SapConnection() -> impl IntoView {
    let connections = use_connections();
    let history = use_history();

    let key_text = RwSignal::new(String::new());
    let key_error = RwSignal::new(None::<String>);
    let bearer_text = RwSignal::new(String::new());
    let bearer_error = RwSignal::new(None::<String>);
    let remember = RwSignal::new(false);
    let tenant_url = RwSignal::new(None::<String>);

    let get_token = Action::new_local(move |key: &ServiceKey| {
        let request = token_request(key);
        let remembered = remember.get_untracked();
        async move {
            let response = perform(history, PRODUCT, &request, None)
                .await
                .map_err(Problem::from)?;
            let grant = parse_token_response(&response)?;
            connections.sign_in(
                PRODUCT,
                session_for(
                    &grant.access_token,
                    grant.expires_in,
                    remembered,
                    clock::now(),
                ),
            );
            Ok::<(), Problem>(())
        }
    });
    let token_pending = get_token.pending();
    let token_problem = Signal::derive(move || get_token.value().get().and_then(|r| r.err()));

    let on_key_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match parse_service_key(&key_text.get_untracked()) {
            Ok(key) => {
                key_error.set(None);
                tenant_url.set(Some(key.url.clone()));
                // The secret is in the request now: it leaves the page whatever the answer (a
                // retry means pasting the key again).
                key_text.set(String::new());
                get_token.dispatch(key);
            }
            Err(message) => key_error.set(Some(message)),
        }
    };
    let on_bearer_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = match pasted_token(
            &bearer_text.get_untracked(),
            "bearer token (the access_token value)",
        ) {
            Ok(token) => token,
            Err(message) => {
                bearer_error.set(Some(message));
                return;
            }
        };
        bearer_error.set(None);
        connections.sign_in(
            PRODUCT,
            session_for(&token, None, remember.get_untracked(), clock::now()),
        );
        bearer_text.set(String::new());
    };

    view! {
        <section class="card connection" id="sap-connection" aria-labelledby="sap-connection-heading">
            <h2 id="sap-connection-heading">{PRODUCT.title()}</h2>
            <ConnectionStatus product=PRODUCT/>
            <SessionSummary product=PRODUCT testid="sap"/>
            <p class="field-help">
                "Every call goes to this portal's own address: the token request is sent to "
                <code>"/oauth/token"</code>
                " here, and the portal server forwards it to the service key's token URL (for a "
                "real tenant, start it with "<code>"--upstream-sap"</code>")."
            </p>
            <div class="connection-methods">
                <form class="stack" on:submit=on_key_submit data-testid="sap-key-form" novalidate>
                    <h3>"With a service key"</h3>
                    <TextAreaField
                        id="sap-service-key"
                        label="Service key (JSON of the apiportal-apiaccess instance)"
                        value=key_text
                        error=key_error
                        rows=6
                        placeholder=r#"{"url": "…", "tokenUrl": "…/oauth/token", "clientId": "…", "clientSecret": "…"}"#
                        help="Needs url, tokenUrl, clientId and clientSecret. The key is cleared from this field as soon as it is sent, whether the call succeeds or not; it is never stored."
                    />
                    {move || tenant_url.get().map(|url| view! {
                        <p class="field-help" data-testid="sap-tenant-url">"Tenant API (for information): "<code>{url}</code></p>
                    })}
                    <SubmitButton label="Get token" busy_label="Getting a token…" pending=token_pending testid="sap-get-token"/>
                </form>
                <form class="stack" on:submit=on_bearer_submit data-testid="sap-bearer-form" novalidate>
                    <h3>"With a bearer token"</h3>
                    <TextField
                        id="sap-bearer-token"
                        label="Bearer token"
                        value=bearer_text
                        error=bearer_error
                        input_type=InputType::Password
                        help="The access_token of a client-credentials call you made yourself."
                    />
                    <button type="submit" class="button" data-testid="sap-use-token">"Use this token"</button>
                </form>
            </div>
            <CheckboxField
                id="sap-remember"
                label="Remember on this device"
                checked=remember
                help="Keeps the token, and the request history, in this browser's local storage until you sign out, also after the tab is closed. Unticked, both are forgotten when this tab closes. Tick it only on a device nobody else uses."
            />
            <RequestOutcome
                pending=token_pending
                problem=token_problem
                pending_text="Asking for a token…"
                reconnect_href="#sap-connection"
                testid="sap-token-outcome"
                hint="The service key was cleared from the form (it holds the client secret): paste it again to retry."
            />
        </section>
    }
}
