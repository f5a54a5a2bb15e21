//! Apinizer API proxy mTLS settings: a partial update. The API cannot read the settings back and
//! changes only the fields sent, so every field starts as "leave unchanged" and the live preview
//! shows exactly the body that will be sent.
//!
//! The page composes the proxy's name and suggestions, the settings, the preview and the saved
//! notice; requests are sent from the handlers that ask for them.

mod preview;
mod protocols;
mod radio;
mod result;
mod state;
mod target;
mod verifier;

use leptos::prelude::*;

use crate::api::apinizer::{
    keystores_request, mtls_body_text, mtls_request, parse_keystores, parse_proxies, parse_update,
    proxies_request, validate, Field,
};
use crate::api::http::ApiRequest;
use crate::api::perform::perform;
use crate::api::problem::Problem;
use crate::components::apinizer_connection::ApinizerConnection;
use crate::components::chain_check_notice::ChainCheckNotice;
use crate::components::connection_status::ConnectionStatus;
use crate::components::form_field::{SubmitButton, TextField};
use crate::components::request_outcome::RequestOutcome;
use crate::state::connections::{use_connections, Product};
use crate::state::history::{use_history, History};

use preview::RequestPreview;
use protocols::ProtocolChoiceGroup;
use radio::Radio;
use result::{SavedNotice, Sent};
use state::{EnabledChoice, Messages, MtlsForm};
use target::{ProjectChoices, ProxyTarget};
use verifier::VerifierField;

const PRODUCT: Product = Product::Apinizer;

fn not_connected() -> Problem {
    Problem::local("Not connected to Apinizer: add a token in the connection section first.")
}

async fn send(history: History, request: ApiRequest, token: Option<String>) -> Result<(), Problem> {
    let token = token.ok_or_else(not_connected)?;
    let response = perform(history, PRODUCT, &request, Some(&token))
        .await
        .map_err(Problem::from)?;
    parse_update(&response)
}

/// Proxy names and keystores of a project, for suggestions; failures only cost the suggestions.
async fn load_choices(history: History, project: String, token: String) -> ProjectChoices {
    let proxies = match perform(history, PRODUCT, &proxies_request(&project), Some(&token)).await {
        Ok(response) => parse_proxies(&response),
        Err(error) => Err(error.into()),
    };
    let keystores =
        match perform(history, PRODUCT, &keystores_request(&project), Some(&token)).await {
            Ok(response) => parse_keystores(&response),
            Err(error) => Err(error.into()),
        };
    (proxies, keystores)
}

#[component]
pub fn ProxyMtlsPage() -> impl IntoView {
    let connections = use_connections();
    let history = use_history();
    let session = connections.session(PRODUCT);
    let token = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.token.clone())));

    let form = MtlsForm::new();
    let change = Memo::new(move |_| form.change());
    let confirmations = Memo::new(move |_| form.confirmations());
    let errors = Memo::new(move |_| {
        form.project.with(|project| {
            form.proxy.with(|proxy| {
                change.with(|change| validate(project, proxy, change, confirmations.get()))
            })
        })
    });
    let messages = Messages {
        errors,
        tried: form.tried,
    };
    let preview = Memo::new(move |_| change.with(mtls_body_text));
    let request = Memo::new(move |_| {
        form.project.with(|project| {
            form.proxy.with(|proxy| {
                (!project.trim().is_empty() && !proxy.trim().is_empty())
                    .then(|| change.with(|change| mtls_request(project, proxy, change)))
            })
        })
    });

    // Suggestions for the proxy and store fields, listed for the project typed.
    let choices = Action::new_local(move |(project, token): &(String, String)| {
        load_choices(history, project.clone(), token.clone())
    });
    let list_for_project = Callback::new(move |()| {
        let name = form.project.with_untracked(|p| p.trim().to_string());
        if let (false, Some(token)) = (name.is_empty(), token.get_untracked()) {
            choices.dispatch((name, token));
        }
    });
    let choices = Signal::derive(move || choices.value().get());

    let submit = Action::new_local(move |request: &ApiRequest| {
        send(history, request.clone(), token.get_untracked())
    });
    let pending = submit.pending();
    let problem = Signal::derive(move || submit.value().with(|r| r.clone().and_then(|r| r.err())));
    // What was sent, to confirm it in words once it worked.
    let sent = RwSignal::new(None::<Sent>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.tried.set(true);
        if pending.get_untracked() || !errors.with_untracked(Vec::is_empty) {
            return;
        }
        if let Some(request) = request.get_untracked() {
            sent.set(Some(Sent {
                project: form.project.get_untracked(),
                proxy: form.proxy.get_untracked(),
                change: change.get_untracked(),
            }));
            submit.dispatch(request);
        }
    };
    let saved = move || {
        submit
            .value()
            .with(|v| matches!(v, Some(Ok(()))))
            .then(|| sent.get().map(|sent| view! { <SavedNotice sent/> }))
    };

    // Opened when a token is missing or refused; never closed for the user.
    let connect_open = RwSignal::new(false);
    Effect::new(move |_| {
        if session.with(Option::is_none) || problem.get().is_some_and(|p| p.is_unauthorized()) {
            connect_open.set(true);
        }
    });
    let change_error = messages.of(Field::Change);

    view! {
        <h1>"Proxy mTLS"</h1>
        <p class="lead">
            "The mTLS settings an Apinizer API proxy uses towards its backend: keystore, "
            "truststore, protocols and hostname verification. Only the fields you set are sent."
        </p>
        <ConnectionStatus product=PRODUCT/>
        <details class="connect-inline" prop:open=move || connect_open.get()>
            <summary>"Connection and token"</summary>
            <ApinizerConnection/>
        </details>

        <form class="card stack" on:submit=on_submit novalidate data-testid="pm-form">
            <h2>"Change the mTLS settings of a proxy"</h2>
            <div class="notice notice-info">
                <p>
                    "Apinizer cannot show the current settings, and the change updates only the fields "
                    "you set: each field starts as "<em>"leave unchanged"</em>". Enabling mTLS turns the "
                    "proxy's connection pools off. The token's user needs the "<code>"ROLE_MANAGE_PROXIES"</code>
                    " permission."
                </p>
            </div>
            <div class="form-grid">
                <div class="stack">
                    <ProxyTarget form messages choices on_list=list_for_project/>
                    <fieldset class="choice-group" data-testid="pm-enabled">
                        <legend>"mTLS (enabled)"</legend>
                        {EnabledChoice::ALL.into_iter().map(|choice| view! {
                            <Radio name="pm-enabled" value=choice.as_str() label=choice.label() choice selected=form.enabled/>
                        }).collect_view()}
                    </fieldset>
                    <TextField
                        id="pm-key-store"
                        label="Keystore (keyStoreId)"
                        value=form.key_store
                        error=messages.of(Field::KeyStore)
                        list="pm-keystores"
                        placeholder="leave unchanged"
                        help="Holds the client certificate and its private key; required when enabling. Empty: left unchanged."
                    />
                    <TextField
                        id="pm-trust-store"
                        label="Truststore (trustStoreId)"
                        value=form.trust_store
                        list="pm-keystores"
                        placeholder="leave unchanged"
                        help="Optional: trusted certificates to validate the backend's server certificate. Empty: left unchanged."
                    >
                        <a class="field-link" href="/certificates?purpose=server" target="_blank" rel="noopener" data-testid="pm-check-chain">
                            "Check the chain for this truststore"
                        </a>
                        <ChainCheckNotice/>
                    </TextField>
                    <ProtocolChoiceGroup form messages/>
                    <VerifierField form messages/>
                    {move || change_error.get().map(|m| view! { <p class="field-error" role="alert" data-testid="pm-change-error">{m}</p> })}
                    <div class="form-actions">
                        <SubmitButton label="Send the change" busy_label="Sending…" pending=pending testid="pm-submit"/>
                    </div>
                </div>
                <RequestPreview body=preview request=request token=token/>
            </div>
            <RequestOutcome
                pending=pending
                problem=problem
                pending_text="Sending the mTLS settings…"
                reconnect_href="#apinizer-connection"
                testid="pm-outcome"
            />
            <div aria-live="polite">{saved}</div>
        </form>
    }
}
