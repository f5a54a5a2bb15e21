//! Apinizer API proxy mTLS settings: a partial update. The API cannot read the settings back and
//! changes only the fields sent, so every field starts as "leave unchanged" and the live preview
//! shows exactly the body that will be sent.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::apinizer::{
    keystores_request, mtls_body_text, mtls_request, parse_keystores, parse_proxies, parse_update,
    proxies_request, validate, Confirmations, Field, HostnameVerifier, KeystoreSummary, MtlsChange,
    Protocol, ProtocolChoice,
};
use crate::api::http::ApiRequest;
use crate::api::perform::perform;
use crate::api::problem::Problem;
use crate::components::apinizer_connection::ApinizerConnection;
use crate::components::chain_check_notice::ChainCheckNotice;
use crate::components::connection_status::ConnectionStatus;
use crate::components::copy_curl::CopyCurl;
use crate::components::form_field::{CheckboxField, SubmitButton, TextField};
use crate::components::request_outcome::RequestOutcome;
use crate::state::connections::{use_connections, Product};
use crate::state::history::{use_history, History};

const PRODUCT: Product = Product::Apinizer;
const UNCHANGED: &str = "unchanged";

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
async fn load_choices(
    history: History,
    project: String,
    token: String,
) -> (
    Result<Vec<String>, Problem>,
    Result<Vec<KeystoreSummary>, Problem>,
) {
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

/// Words for the fields a successful change set.
fn changed_fields(change: &MtlsChange) -> String {
    let mut parts = Vec::new();
    if let Some(enabled) = change.enabled {
        parts.push(if enabled {
            "mTLS enabled".to_string()
        } else {
            "mTLS disabled".to_string()
        });
    }
    if let Some(id) = &change.key_store_id {
        parts.push(format!("keystore {id}"));
    }
    if let Some(id) = &change.trust_store_id {
        parts.push(format!("truststore {id}"));
    }
    match &change.protocols {
        ProtocolChoice::Unchanged => {}
        ProtocolChoice::All => parts.push("all protocols".into()),
        ProtocolChoice::Only(list) => parts.push(format!(
            "protocols {}",
            list.iter()
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if let Some(v) = change.verifier {
        parts.push(format!("hostname verifier {}", v.as_str()));
    }
    parts.join("; ")
}

#[component]
pub fn ProxyMtlsPage() -> impl IntoView {
    let connections = use_connections();
    let history = use_history();
    let session = connections.session(PRODUCT);
    let token = Signal::derive(move || session.get().map(|s| s.token));

    let project = RwSignal::new(String::new());
    let proxy = RwSignal::new(String::new());
    let enabled = RwSignal::new(UNCHANGED.to_string());
    let key_store = RwSignal::new(String::new());
    let trust_store = RwSignal::new(String::new());
    let protocol_mode = RwSignal::new(UNCHANGED.to_string());
    let protocols: HashMap<Protocol, RwSignal<bool>> = Protocol::ALL
        .into_iter()
        .map(|p| {
            (
                p,
                RwSignal::new(matches!(p, Protocol::Tls12 | Protocol::Tls13)),
            )
        })
        .collect();
    let protocols = StoredValue::new(protocols);
    let verifier = RwSignal::new(UNCHANGED.to_string());
    let confirm_noop = RwSignal::new(false);
    let confirm_legacy = RwSignal::new(false);
    let confirm_all = RwSignal::new(false);
    let tried = RwSignal::new(false);

    let change = Memo::new(move |_| {
        let text = |s: RwSignal<String>| {
            let v = s.get();
            (!v.trim().is_empty()).then(|| v.trim().to_string())
        };
        MtlsChange {
            enabled: match enabled.get().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            key_store_id: text(key_store),
            trust_store_id: text(trust_store),
            protocols: match protocol_mode.get().as_str() {
                "all" => ProtocolChoice::All,
                "only" => ProtocolChoice::Only(
                    Protocol::ALL
                        .into_iter()
                        .filter(|p| protocols.with_value(|m| m.get(p).is_some_and(|s| s.get())))
                        .collect(),
                ),
                _ => ProtocolChoice::Unchanged,
            },
            verifier: HostnameVerifier::from_api(&verifier.get()),
        }
    });
    let confirmations = Memo::new(move |_| Confirmations {
        noop_verifier: confirm_noop.get(),
        legacy_protocols: confirm_legacy.get(),
        all_protocols: confirm_all.get(),
    });
    let errors = Memo::new(move |_| {
        validate(
            &project.get(),
            &proxy.get(),
            &change.get(),
            confirmations.get(),
        )
    });
    let error_of = move |field: Field| {
        Signal::derive(move || {
            if !tried.get() {
                return None;
            }
            errors
                .get()
                .into_iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m)
        })
    };
    let preview = Memo::new(move |_| mtls_body_text(&change.get()));
    let request = Signal::derive(move || {
        let (project, proxy) = (project.get(), proxy.get());
        (!project.trim().is_empty() && !proxy.trim().is_empty())
            .then(|| mtls_request(&project, &proxy, &change.get()))
    });

    // Suggestions for the proxy and store fields, loaded for the project typed.
    let choices = Action::new_local(move |(project, token): &(String, String)| {
        load_choices(history, project.clone(), token.clone())
    });
    let load_for_project = move || {
        let name = project.get_untracked().trim().to_string();
        if let (false, Some(token)) = (name.is_empty(), token.get_untracked()) {
            choices.dispatch((name, token));
        }
    };
    let proxy_names = move || {
        choices
            .value()
            .get()
            .and_then(|(p, _)| p.ok())
            .unwrap_or_default()
    };
    let keystores = move || {
        choices
            .value()
            .get()
            .and_then(|(_, k)| k.ok())
            .unwrap_or_default()
    };
    let choice_notice = move || {
        choices.value().get().and_then(|(proxies, _)| proxies.err()).map(|p| {
            view! {
                <p class="field-help" data-testid="pm-choices-problem">
                    {format!("Proxies could not be listed ({}): {} Type the name instead.", p.headline(), p.message)}
                </p>
            }
        })
    };

    let submit = Action::new_local(move |request: &ApiRequest| {
        send(history, request.clone(), token.get_untracked())
    });
    let pending = submit.pending();
    let problem = Signal::derive(move || submit.value().get().and_then(|r| r.err()));
    // What was sent, to confirm it in words once it worked.
    let sent = RwSignal::new(None::<(String, String, MtlsChange)>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if pending.get_untracked() || !errors.get_untracked().is_empty() {
            return;
        }
        if let Some(request) = request.get_untracked() {
            sent.set(Some((
                project.get_untracked(),
                proxy.get_untracked(),
                change.get_untracked(),
            )));
            submit.dispatch(request);
        }
    };
    let success = move || {
        matches!(submit.value().get(), Some(Ok(()))).then(|| {
            sent.get().map(|(project, proxy, change)| view! {
                <div class="notice notice-ok" role="status" data-testid="pm-success">
                    <strong>{format!("Saved: the mTLS settings of {proxy} in {project} were updated.")}</strong>
                    <p>{format!("Changed: {}. Everything else was left as it was.", changed_fields(&change))}</p>
                </div>
            })
        })
    };

    let connect_open = RwSignal::new(false);
    Effect::new(move |_| {
        if session.get().is_none() || problem.get().is_some_and(|p| p.is_unauthorized()) {
            connect_open.set(true);
        }
    });

    let radio = move |name: &'static str,
                      value: &'static str,
                      label: &'static str,
                      signal: RwSignal<String>| {
        let id = format!("{name}-{value}");
        let (label_for, test_id) = (id.clone(), id.clone());
        view! {
            <label class="choice" for=label_for>
                <input
                    type="radio"
                    id=id
                    data-testid=test_id
                    name=name
                    value=value
                    prop:checked=move || signal.get() == value
                    on:change=move |_| signal.set(value.to_string())
                />
                " "{label}
            </label>
        }
    };
    let needs_noop_confirmation = move || verifier.get() == "NOOP";
    let needs_legacy_confirmation = move || {
        protocol_mode.get() == "only"
            && Protocol::ALL
                .into_iter()
                .filter(|p| p.is_legacy())
                .any(|p| protocols.with_value(|m| m.get(&p).is_some_and(|s| s.get())))
    };

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
                    <TextField
                        id="pm-project"
                        label="Project"
                        value=project
                        error=error_of(Field::Project)
                        required=true
                        help="The project's name, as in the Apinizer console."
                    >
                        <button type="button" class="button button-small field-action" data-testid="pm-load" on:click=move |_| load_for_project()>
                            "List its proxies and keystores"
                        </button>
                    </TextField>
                    <TextField
                        id="pm-proxy"
                        label="API proxy"
                        value=proxy
                        error=error_of(Field::Proxy)
                        list="pm-proxies"
                        required=true
                        help="Pick from the list or type the name."
                    />
                    {choice_notice}
                    <datalist id="pm-proxies">
                        {move || proxy_names().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                    <datalist id="pm-keystores">
                        {move || keystores().into_iter().map(|k| {
                            let label = match (&k.description, k.environments.is_empty()) {
                                (Some(d), false) => format!("{d} — {}", k.environments.join(", ")),
                                (Some(d), true) => d.clone(),
                                (None, _) => k.environments.join(", "),
                            };
                            view! { <option value=k.id.clone() label=label></option> }
                        }).collect_view()}
                    </datalist>

                    <fieldset class="choice-group" data-testid="pm-enabled">
                        <legend>"mTLS (enabled)"</legend>
                        {radio("pm-enabled", UNCHANGED, "leave unchanged", enabled)}
                        {radio("pm-enabled", "true", "enable", enabled)}
                        {radio("pm-enabled", "false", "disable", enabled)}
                    </fieldset>
                    <TextField
                        id="pm-key-store"
                        label="Keystore (keyStoreId)"
                        value=key_store
                        error=error_of(Field::KeyStore)
                        list="pm-keystores"
                        placeholder="leave unchanged"
                        help="Holds the client certificate and its private key; required when enabling. Empty: left unchanged."
                    />
                    <TextField
                        id="pm-trust-store"
                        label="Truststore (trustStoreId)"
                        value=trust_store
                        list="pm-keystores"
                        placeholder="leave unchanged"
                        help="Optional: trusted certificates to validate the backend's server certificate. Empty: left unchanged."
                    >
                        <a class="field-link" href="/certificates?purpose=server" target="_blank" rel="noopener" data-testid="pm-check-chain">
                            "Check the chain for this truststore"
                        </a>
                        <ChainCheckNotice/>
                    </TextField>

                    <fieldset class="choice-group" data-testid="pm-protocols">
                        <legend>"Protocols (supportedProtocolList)"</legend>
                        {radio("pm-protocols", UNCHANGED, "leave unchanged", protocol_mode)}
                        {radio("pm-protocols", "only", "only these:", protocol_mode)}
                        <Show when=move || protocol_mode.get() == "only">
                            <div class="choices-indented">
                                {Protocol::ALL.into_iter().map(|p| {
                                    let checked = protocols.with_value(|m| m.get(&p).copied());
                                    checked.map(|checked| view! {
                                        <CheckboxField id=format!("pm-protocol-{}", p.as_str()) label=p.label() checked/>
                                    })
                                }).collect_view()}
                            </div>
                        </Show>
                        {radio("pm-protocols", "all", "all protocols (an empty list)", protocol_mode)}
                        <p class="field-help">"Recommended: TLS 1.2 and TLS 1.3."</p>
                        <Show when=needs_legacy_confirmation>
                            <CheckboxField
                                id="pm-confirm-legacy"
                                label="I confirm the backend needs SSL 3.0, TLS 1.0 or TLS 1.1"
                                checked=confirm_legacy
                                help="These protocols are deprecated (RFC 8996) and open to known attacks."
                            />
                        </Show>
                        <Show when=move || protocol_mode.get() == "all">
                            <CheckboxField
                                id="pm-confirm-all"
                                label="I confirm: allow every protocol, SSL 3.0 included"
                                checked=confirm_all
                            />
                        </Show>
                        {move || error_of(Field::Protocols).get().map(|m| view! { <p class="field-error" role="alert" data-testid="pm-protocols-error">{m}</p> })}
                    </fieldset>

                    <div class="field">
                        <label for="pm-verifier">"Hostname verification (hostnameVerifierType)"</label>
                        <select
                            id="pm-verifier"
                            data-testid="pm-verifier"
                            prop:value=move || verifier.get()
                            on:change:target=move |ev| verifier.set(ev.target().value())
                        >
                            <option value=UNCHANGED>"leave unchanged"</option>
                            {HostnameVerifier::ALL.into_iter().map(|v| view! { <option value=v.as_str()>{v.as_str()}</option> }).collect_view()}
                        </select>
                        <p class="field-help" data-testid="pm-verifier-help">
                            {move || HostnameVerifier::from_api(&verifier.get())
                                .map(|v| v.explanation())
                                .unwrap_or("Left as it is. The API's default is NOOP (no verification).")}
                        </p>
                        <Show when=needs_noop_confirmation>
                            <CheckboxField
                                id="pm-confirm-noop"
                                label="I confirm: no hostname verification (not for production)"
                                checked=confirm_noop
                            />
                        </Show>
                        {move || error_of(Field::Verifier).get().map(|m| view! { <p class="field-error" role="alert" data-testid="pm-verifier-error">{m}</p> })}
                    </div>
                    {move || error_of(Field::Change).get().map(|m| view! { <p class="field-error" role="alert" data-testid="pm-change-error">{m}</p> })}
                    <div class="form-actions">
                        <SubmitButton label="Send the change" busy_label="Sending…" pending=pending testid="pm-submit"/>
                    </div>
                </div>
                <div class="stack">
                    <h3>"Request body"</h3>
                    <p class="field-help">
                        "Sent as "<code>"PATCH "{move || request.get().map(|r| r.path).unwrap_or_else(|| "/apiops/projects/{project}/apiProxies/{proxy}/settings/mtls/".into())}</code>
                        ", exactly as shown:"
                    </p>
                    <pre class="code-block" data-testid="pm-preview">{move || preview.get()}</pre>
                    <CopyCurl request=request token=token id="pm-curl"/>
                </div>
            </div>
            <RequestOutcome
                pending=pending
                problem=problem
                pending_text="Sending the mTLS settings…"
                reconnect_href="#apinizer-connection"
                testid="pm-outcome"
            />
            <div aria-live="polite">{success}</div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_names_every_field_sent() {
        let change = MtlsChange {
            enabled: Some(true),
            key_store_id: Some("ks".into()),
            protocols: ProtocolChoice::Only(vec![Protocol::Tls13]),
            verifier: Some(HostnameVerifier::Strict),
            ..MtlsChange::default()
        };
        assert_eq!(
            changed_fields(&change),
            "mTLS enabled; keystore ks; protocols TLS_1_3; hostname verifier STRICT"
        );
        let all = MtlsChange {
            protocols: ProtocolChoice::All,
            ..MtlsChange::default()
        };
        assert_eq!(changed_fields(&all), "all protocols");
    }
}
