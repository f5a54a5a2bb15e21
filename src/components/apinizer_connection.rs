//! The Apinizer section of the Connections page (also offered on the Proxy mTLS page when a token
//! is missing or refused): a personal API access token, or a user name and password exchanged at
//! `/apiops/auth/token`. The password stays in its field only until that call is made: it is
//! cleared with every attempt, failed ones included; it is never stored. Token storage as for SAP: the tab's session storage unless "remember on
//! this device" is ticked.

use leptos::prelude::*;

use crate::api::apinizer::{parse_token, token_request};
use crate::api::perform::perform;
use crate::api::portal::{load_backends, BackendTarget};
use crate::api::problem::Problem;
use crate::components::connection_status::ConnectionStatus;
use crate::components::form_field::{CheckboxField, InputType, SubmitButton, TextField};
use crate::components::request_outcome::RequestOutcome;
use crate::components::session_summary::{pasted_token, session_for, SessionSummary};
use crate::state::clock;
use crate::state::connections::{use_connections, Product, Session};
use crate::state::history::use_history;

const PRODUCT: Product = Product::Apinizer;

/// A personal API access token is opaque: say what it is rather than "unknown".
fn named(mut session: Session, what: &str) -> Session {
    if session.subject.is_none() {
        session.subject = Some(what.to_string());
    }
    session
}

#[component]
pub fn ApinizerConnection() -> impl IntoView {
    let connections = use_connections();
    let history = use_history();

    let personal = RwSignal::new(String::new());
    let personal_error = RwSignal::new(None::<String>);
    let user = RwSignal::new(String::new());
    let user_error = RwSignal::new(None::<String>);
    let password = RwSignal::new(String::new());
    let password_error = RwSignal::new(None::<String>);
    let remember = RwSignal::new(false);

    let exchange = Action::new_local(move |credentials: &(String, String)| {
        let request = token_request(&credentials.0, &credentials.1);
        let who = credentials.0.clone();
        let remembered = remember.get_untracked();
        async move {
            let response = perform(history, PRODUCT, &request, None)
                .await
                .map_err(Problem::from)?;
            let grant = parse_token(&response)?;
            let session = session_for(
                &grant.access_token,
                grant.expires_in,
                remembered,
                clock::now(),
            );
            connections.sign_in(PRODUCT, named(session, &who));
            Ok::<(), Problem>(())
        }
    });
    let exchange_pending = exchange.pending();
    let exchange_problem = Signal::derive(move || exchange.value().get().and_then(|r| r.err()));

    let on_personal = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = match pasted_token(&personal.get_untracked(), "personal API access token") {
            Ok(token) => token,
            Err(message) => {
                personal_error.set(Some(message));
                return;
            }
        };
        personal_error.set(None);
        let session = session_for(&token, None, remember.get_untracked(), clock::now());
        connections.sign_in(PRODUCT, named(session, "personal API access token"));
        personal.set(String::new());
    };
    let on_exchange = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = user.get_untracked().trim().to_string();
        let secret = password.get_untracked();
        user_error.set(name.is_empty().then(|| "Enter the user name.".to_string()));
        password_error.set(secret.is_empty().then(|| "Enter the password.".to_string()));
        if !name.is_empty() && !secret.is_empty() {
            // The password is in the request now: it leaves the page whatever the answer.
            password.set(String::new());
            exchange.dispatch((name, secret));
        }
    };

    let backends = LocalResource::new(load_backends);
    let console = move || match backends.get() {
        Some(Ok(Some(b))) => match b.apinizer {
            Some(BackendTarget::Upstream { url }) => format!("forwards them to {url}"),
            Some(BackendTarget::Demo) => "answers them with its demo emulation".to_string(),
            None => "has no Apinizer console configured".to_string(),
        },
        _ => "forwards them to the console it was started with".to_string(),
    };

    view! {
        <section class="card connection" id="apinizer-connection" aria-labelledby="apinizer-connection-heading">
            <h2 id="apinizer-connection-heading">{PRODUCT.title()}</h2>
            <ConnectionStatus product=PRODUCT/>
            <SessionSummary product=PRODUCT testid="apinizer"/>
            <p class="field-help" data-testid="apinizer-console">
                "Calls go to "<code>"/apiops/…"</code>" on this portal's own address; the portal server "
                {console} "."
            </p>
            <div class="connection-methods">
                <form class="stack" on:submit=on_personal data-testid="apinizer-token-form" novalidate>
                    <h3>"With a personal API access token"</h3>
                    <TextField
                        id="apinizer-personal-token"
                        label="Personal API access token"
                        value=personal
                        error=personal_error
                        input_type=InputType::Password
                        help="Created in the Apinizer console under your user's API access tokens."
                    />
                    <button type="submit" class="button" data-testid="apinizer-use-token">"Use this token"</button>
                </form>
                <form class="stack" on:submit=on_exchange data-testid="apinizer-login-form" novalidate>
                    <h3>"With user name and password"</h3>
                    <TextField id="apinizer-user" label="User name (client_id)" value=user error=user_error/>
                    <TextField
                        id="apinizer-password"
                        label="Password (client_secret)"
                        value=password
                        error=password_error
                        input_type=InputType::Password
                        help="Exchanged once at /apiops/auth/token for a token; cleared from this field as soon as it is sent, whether the exchange succeeds or not; never stored."
                    />
                    <SubmitButton label="Get token" busy_label="Getting a token…" pending=exchange_pending testid="apinizer-get-token"/>
                </form>
            </div>
            <CheckboxField
                id="apinizer-remember"
                label="Remember on this device"
                checked=remember
                help="Keeps the token, and the request history, in this browser's local storage until you sign out, also after the tab is closed. Unticked, both are forgotten when this tab closes. Tick it only on a device nobody else uses."
            />
            <RequestOutcome
                pending=exchange_pending
                problem=exchange_problem
                pending_text="Asking for a token…"
                reconnect_href="#apinizer-connection"
                testid="apinizer-token-outcome"
                hint="The password was cleared from the form: enter it again to retry."
            />
        </section>
    }
}
