//! The create and update form, with the live preview of the exact body it sends.

use leptos::html;
use leptos::prelude::*;

use crate::api::http::ApiRequest;
use crate::api::problem::Problem;
use crate::api::sap::{
    validate, CertificateStore, Field, Operation, StoreReference, VirtualHost, VirtualHostForm,
    VirtualHostResult,
};
use crate::components::audit_badge::AuditWarning;
use crate::components::chain_check_notice::ChainCheckNotice;
use crate::components::copy_curl::CopyCurl;
use crate::components::form_field::{CheckboxField, SubmitButton, TextField};
use crate::components::request_outcome::RequestOutcome;

use super::result::ResultPanel;

/// What the list of stores and references gave for the suggestions; each part may have failed.
pub type StoreChoices = (
    Result<Vec<CertificateStore>, Problem>,
    Result<Vec<StoreReference>, Problem>,
);

/// What a sent form gives: the operation it was, and SAP's answer.
pub type FormOutcome = (Operation, Result<VirtualHostResult, Problem>);

/// The form's fields, each its own signal so every value survives any failure.
#[derive(Clone, Copy)]
pub struct FormState {
    operation: RwSignal<Operation>,
    pub account_id: RwSignal<String>,
    virtual_host_url: RwSignal<String>,
    is_default: RwSignal<bool>,
    client_auth: RwSignal<bool>,
    custom_domain: RwSignal<bool>,
    key_store: RwSignal<String>,
    key_store_alias: RwSignal<String>,
    trust_store: RwSignal<String>,
    virtual_host_id: RwSignal<String>,
    /// Set by the first attempt to send: messages show from then on, live.
    checked: RwSignal<bool>,
}

impl FormState {
    pub fn new() -> Self {
        Self {
            operation: RwSignal::new(Operation::Create),
            account_id: RwSignal::new(String::new()),
            virtual_host_url: RwSignal::new(String::new()),
            is_default: RwSignal::new(false),
            client_auth: RwSignal::new(true),
            custom_domain: RwSignal::new(false),
            key_store: RwSignal::new(String::new()),
            key_store_alias: RwSignal::new(String::new()),
            trust_store: RwSignal::new(String::new()),
            virtual_host_id: RwSignal::new(String::new()),
            checked: RwSignal::new(false),
        }
    }

    fn value(&self) -> VirtualHostForm {
        VirtualHostForm {
            operation: self.operation.get(),
            account_id: self.account_id.get(),
            virtual_host_url: self.virtual_host_url.get(),
            is_default: self.is_default.get(),
            client_auth: self.client_auth.get(),
            custom_domain: self.custom_domain.get(),
            key_store: self.key_store.get(),
            key_store_alias: self.key_store_alias.get(),
            trust_store: self.trust_store.get(),
            virtual_host_id: self.virtual_host_id.get(),
        }
    }

    /// Prefills the form from a row of the list, for an UPDATE.
    pub fn edit(&self, host: &VirtualHost) {
        self.operation.set(Operation::Update);
        self.virtual_host_url.set(host.alias());
        self.is_default.set(host.is_default);
        self.client_auth.set(host.client_auth);
        self.custom_domain.set(host.custom_domain);
        self.key_store
            .set(host.key_store_name.clone().unwrap_or_default());
        self.key_store_alias
            .set(host.key_store_alias.clone().unwrap_or_default());
        self.trust_store
            .set(host.trust_store.clone().unwrap_or_default());
        self.virtual_host_id.set(host.id.clone());
        self.checked.set(false);
    }

    fn back_to_create(&self) {
        self.operation.set(Operation::Create);
        self.virtual_host_id.set(String::new());
        self.checked.set(false);
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

/// Suggested keystore (`trust` false) or truststore names: references first, then stores.
fn store_names(choices: Option<&StoreChoices>, trust: bool) -> Vec<String> {
    let Some((stores, references)) = choices else {
        return Vec::new();
    };
    let mut names: Vec<String> = references
        .as_ref()
        .map(|list| {
            list.iter()
                .filter(|r| r.is_trust_store() == trust)
                .map(|r| r.as_store_value())
                .collect()
        })
        .unwrap_or_default();
    if let Ok(stores) = stores {
        names.extend(
            stores
                .iter()
                .filter(|s| s.is_trust_store() == trust)
                .map(|s| s.name.clone()),
        );
    }
    names
}

/// The create/update card.
#[component]
pub fn VirtualHostFormCard(
    form: FormState,
    #[prop(into)] token: Signal<Option<String>>,
    send: Action<(Operation, ApiRequest), FormOutcome>,
    /// Store suggestions; `None` until loaded (or without a token).
    #[prop(into)]
    choices: Signal<Option<StoreChoices>>,
    /// The form's heading, focused when a row is opened for editing.
    heading: NodeRef<html::H2>,
    /// The list's heading, focused when the host to update is missing.
    list_heading: NodeRef<html::H2>,
) -> impl IntoView {
    let form_value = Memo::new(move |_| form.value());
    let errors = Memo::new(move |_| validate(&form_value.get()));
    let shown_error = move |field: Field| {
        Signal::derive(move || {
            if form.checked.get() {
                errors.with(|e| e.get(field))
            } else {
                None
            }
        })
    };
    let preview = Memo::new(move |_| form_value.with(|v| v.body()));
    let form_request = Signal::derive(move || Some(form_value.with(|v| v.request())));
    let pending = send.pending();
    let problem = Signal::derive(move || {
        send.value()
            .with(|v| v.as_ref().and_then(|(_, r)| r.as_ref().err().cloned()))
    });

    let account_id = NodeRef::<html::Input>::new();
    let virtual_host_url = NodeRef::<html::Input>::new();
    let key_store = NodeRef::<html::Input>::new();
    let key_store_alias = NodeRef::<html::Input>::new();
    let trust_store = NodeRef::<html::Input>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.checked.set(true);
        let value = form.value();
        let problems = validate(&value);
        if let Some((field, _)) = problems.0.first() {
            // The first field with a message takes the focus (WCAG 3.3.1).
            let element: Option<web_sys::HtmlElement> = match field {
                Field::AccountId => account_id.get_untracked().map(Into::into),
                Field::VirtualHostUrl => virtual_host_url.get_untracked().map(Into::into),
                Field::KeyStore => key_store.get_untracked().map(Into::into),
                Field::KeyStoreAlias => key_store_alias.get_untracked().map(Into::into),
                Field::TrustStore => trust_store.get_untracked().map(Into::into),
                Field::VirtualHostId => list_heading.get_untracked().map(Into::into),
            };
            if let Some(element) = element {
                let _ = element.focus();
            }
            return;
        }
        send.dispatch((value.operation, value.request()));
    };

    let key_store_names = Memo::new(move |_| choices.with(|c| store_names(c.as_ref(), false)));
    let trust_store_names = Memo::new(move |_| choices.with(|c| store_names(c.as_ref(), true)));
    let store_notice = move || {
        let problems: Vec<String> = choices.with(|c| {
            c.as_ref()
                .map(|(stores, references)| {
                    [stores.as_ref().err(), references.as_ref().err()]
                        .into_iter()
                        .flatten()
                        .map(|p| format!("{} — {}", p.headline(), p.message))
                        .collect()
                })
                .unwrap_or_default()
        });
        (!problems.is_empty()).then(|| {
            view! {
                <p class="field-help" data-testid="vh-store-suggestions-problem">
                    "Store suggestions are incomplete (type the name instead): "{problems.join(" ")}
                </p>
            }
        })
    };
    let result = move || {
        send.value().with(|v| match v {
            Some((operation, Ok(result))) => {
                Some(view! { <ResultPanel result=result.clone() operation=*operation/> })
            }
            _ => None,
        })
    };
    let is_update = Memo::new(move |_| form.operation.get() == Operation::Update);

    view! {
        <section class="card" aria-labelledby="vh-form-heading">
            <h2 id="vh-form-heading" tabindex="-1" node_ref=heading>
                {move || if is_update.get() { "Update a virtual host" } else { "Create a virtual host" }}
            </h2>
            {move || is_update.get().then(|| view! {
                <p class="notice notice-info" data-testid="vh-editing">
                    "Editing "<code>{form.virtual_host_url.get()}</code>" (virtualHostId "<code>{form.virtual_host_id.get()}</code>"). "
                    <button type="button" class="button button-small" data-testid="vh-cancel-edit" on:click=move |_| form.back_to_create()>"Create a new one instead"</button>
                </p>
            })}
            {move || shown_error(Field::VirtualHostId).get().map(|message| view! {
                <p class="field-error" data-testid="vh-virtual-host-id-error">{message}</p>
            })}
            <div class="form-and-preview">
                <form class="stack" on:submit=on_submit novalidate data-testid="vh-form">
                    <TextField
                        id="vh-account-id"
                        label="Subaccount subdomain (accountId)"
                        value=form.account_id
                        error=shown_error(Field::AccountId)
                        required=true
                        node_ref=account_id
                        help="The subdomain of your subaccount; filled in from the token when it names it."
                    />
                    <CheckboxField
                        id="vh-custom-domain"
                        label="Custom domain (a host name of your own)"
                        checked=form.custom_domain
                        help="For a domain such as api.example.com: needs a keystore with its certificate and key, and the key's alias."
                    />
                    {move || {
                        let custom = form.custom_domain.get();
                        view! {
                            <TextField
                                id="vh-virtual-host-url"
                                label=if custom { "Full host name (virtualHostUrl)" } else { "Alias (virtualHostUrl)" }
                                value=form.virtual_host_url
                                error=shown_error(Field::VirtualHostUrl)
                                required=true
                                node_ref=virtual_host_url
                                placeholder=if custom { "api.example.com" } else { "prod-apis" }
                                help=if custom {
                                    "The full host name; each part at most 63 letters, digits and hyphens."
                                } else {
                                    "At most 63 letters, digits and hyphens, not starting or ending with a hyphen. SAP adds the tenant's domain."
                                }
                            />
                        }
                    }}
                    <CheckboxField
                        id="vh-is-default"
                        label="Make this the default virtual host (isDefaultVirtualHostRequest)"
                        checked=form.is_default
                    />
                    <TextField
                        id="vh-key-store"
                        label="Keystore (keyStore)"
                        value=form.key_store
                        error=shown_error(Field::KeyStore)
                        list="vh-key-stores"
                        node_ref=key_store
                        placeholder="ref://<reference> or keystore name"
                        help="ref://<reference name> or the keystore's name; pick a suggestion or type. Optional for the tenant's own domain."
                    />
                    <Show when=move || form.custom_domain.get()>
                        <TextField
                            id="vh-key-store-alias"
                            label="Key alias in the keystore (keyStoreAlias)"
                            value=form.key_store_alias
                            error=shown_error(Field::KeyStoreAlias)
                            required=true
                            node_ref=key_store_alias
                        />
                    </Show>
                    <CheckboxField
                        id="vh-client-auth"
                        label="Client authentication — mutual TLS (isClientAuthEnabled)"
                        checked=form.client_auth
                        help="Clients must present a certificate that chains to the truststore. Unticking it on an update switches mutual TLS off."
                    />
                    <Show when=move || form.client_auth.get()>
                        <TextField
                            id="vh-trust-store"
                            label="Truststore (trustStore)"
                            value=form.trust_store
                            error=shown_error(Field::TrustStore)
                            list="vh-trust-stores"
                            required=true
                            node_ref=trust_store
                            placeholder="ref://<reference> or truststore name"
                            help="ref://<reference name> or the truststore's name. It must hold the client, intermediate and root certificates."
                        >
                            <a class="field-link" href="/certificates?purpose=client" target="_blank" rel="noopener" data-testid="vh-check-chain">
                                "Check the chain for this truststore"
                            </a>
                            <ChainCheckNotice/>
                            <AuditWarning value=form.trust_store/>
                        </TextField>
                    </Show>
                    <datalist id="vh-key-stores">
                        {move || key_store_names.get().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                    <datalist id="vh-trust-stores">
                        {move || trust_store_names.get().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                    {store_notice}
                    <div class="form-actions">
                        {move || if is_update.get() {
                            view! { <SubmitButton label="Update virtual host" busy_label="Updating…" pending=pending testid="vh-submit"/> }.into_any()
                        } else {
                            view! { <SubmitButton label="Create virtual host" busy_label="Creating…" pending=pending testid="vh-submit"/> }.into_any()
                        }}
                    </div>
                </form>
                <div class="preview">
                    <h3>"Request body"</h3>
                    <p class="field-help">
                        "Sent as "<code>"POST /apiportal/operations/1.0/Configuration.svc/VirtualHostRequests"</code>
                        ", exactly as shown:"
                    </p>
                    <pre class="code-block" data-testid="vh-preview" aria-live="off">{move || preview.get()}</pre>
                    <CopyCurl request=form_request token=token id="vh-curl"/>
                </div>
            </div>
            <RequestOutcome
                pending=pending
                problem=problem
                pending_text="Sending the virtual host request…"
                reconnect_href="#sap-connection"
                testid="vh-outcome"
            />
            <div aria-live="polite">{result}</div>
        </section>
    }
}
