//! SAP API Management virtual hosts with mutual TLS: the list from `Management.svc/VirtualHosts`,
//! and create, update and delete through `Configuration.svc/VirtualHostRequests`.

use leptos::prelude::*;

use crate::api::http::ApiRequest;
use crate::api::perform::perform;
use crate::api::problem::Problem;
use crate::api::reading::format_utc_millis;
use crate::api::sap::{
    list_request, parse_certificate_stores, parse_request_result, parse_store_references,
    parse_virtual_hosts, subdomain_from_token, validate, CertificateStore, Field, Operation,
    StoreReference, VirtualHost, VirtualHostForm, VirtualHostResult, CERTIFICATE_STORES_PATH,
    CERTIFICATE_STORE_REFERENCES_PATH, VIRTUAL_HOSTS_PATH,
};
use crate::components::chain_check_notice::ChainCheckNotice;
use crate::components::connection_status::ConnectionStatus;
use crate::components::copy_curl::CopyCurl;
use crate::components::form_field::{CheckboxField, SubmitButton, TextField};
use crate::components::request_history::RequestHistory;
use crate::components::request_outcome::RequestOutcome;
use crate::components::sap_connection::SapConnection;
use crate::state::connections::{use_connections, Product};
use crate::state::history::{use_history, History};

const PRODUCT: Product = Product::SapApiManagement;

/// SAP Help's four conditions for deleting a virtual host.
const DELETE_CONDITIONS: [&str; 4] = [
    "No proxies are deployed on this virtual host.",
    "No proxies (including those in draft state) refer to this virtual host.",
    "No existing proxy revisions are linked to this virtual host.",
    "This virtual host is not marked as the Default.",
];

fn not_connected() -> Problem {
    Problem::local(
        "Not connected to SAP API Management: get a token with a service key or paste one \
         (section above), then send again.",
    )
}

/// Sends a virtual host request and reads its 201 answer.
async fn send_request(
    history: History,
    request: ApiRequest,
    token: Option<String>,
) -> Result<VirtualHostResult, Problem> {
    let token = token.ok_or_else(not_connected)?;
    let response = perform(history, PRODUCT, &request, Some(&token))
        .await
        .map_err(Problem::from)?;
    parse_request_result(&response)
}

async fn load_hosts(history: History, token: Option<String>) -> Result<Vec<VirtualHost>, Problem> {
    let token = token.ok_or_else(not_connected)?;
    let response = perform(
        history,
        PRODUCT,
        &list_request(VIRTUAL_HOSTS_PATH),
        Some(&token),
    )
    .await
    .map_err(Problem::from)?;
    parse_virtual_hosts(&response)
}

/// Stores and references for the suggestions; a failure only costs the suggestions.
async fn load_stores(
    history: History,
    token: String,
) -> (
    Result<Vec<CertificateStore>, Problem>,
    Result<Vec<StoreReference>, Problem>,
) {
    let stores = match perform(
        history,
        PRODUCT,
        &list_request(CERTIFICATE_STORES_PATH),
        Some(&token),
    )
    .await
    {
        Ok(response) => parse_certificate_stores(&response),
        Err(error) => Err(error.into()),
    };
    let references = match perform(
        history,
        PRODUCT,
        &list_request(CERTIFICATE_STORE_REFERENCES_PATH),
        Some(&token),
    )
    .await
    {
        Ok(response) => parse_store_references(&response),
        Err(error) => Err(error.into()),
    };
    (stores, references)
}

/// The form's fields, each its own signal so every value survives any failure.
#[derive(Clone, Copy)]
struct FormState {
    operation: RwSignal<Operation>,
    account_id: RwSignal<String>,
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
    fn new() -> Self {
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
    fn edit(&self, host: &VirtualHost) {
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

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
}

fn focus(id: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = id;
}

#[component]
pub fn VirtualHostsPage() -> impl IntoView {
    let connections = use_connections();
    let history = use_history();
    let session = connections.session(PRODUCT);
    let token = Signal::derive(move || session.get().map(|s| s.token));

    // --- list ---------------------------------------------------------------------------------
    let list = Action::new_local(move |token: &Option<String>| load_hosts(history, token.clone()));
    let stores = Action::new_local(move |token: &String| load_stores(history, token.clone()));
    // Load on arrival and whenever the token changes (a new sign-in).
    Effect::new(move |_| {
        let token = token.get();
        if let Some(token) = token.clone() {
            stores.dispatch(token);
        }
        list.dispatch(token);
    });
    let hosts = Signal::derive(move || list.value().get().and_then(|r| r.ok()));
    let list_problem = Signal::derive(move || list.value().get().and_then(|r| r.err()));
    let reload = move || {
        list.dispatch(token.get_untracked());
    };

    let store_names = move |trust: bool| -> Vec<String> {
        let Some((stores, references)) = stores.value().get() else {
            return Vec::new();
        };
        let mut names: Vec<String> = references
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.is_trust_store() == trust)
            .map(|r| r.as_store_value())
            .collect();
        names.extend(
            stores
                .unwrap_or_default()
                .into_iter()
                .filter(|s| s.is_trust_store() == trust)
                .map(|s| s.name),
        );
        names
    };
    let store_notice = move || {
        let (stores, references) = stores.value().get()?;
        let problems: Vec<String> = [stores.err(), references.err()]
            .into_iter()
            .flatten()
            .map(|p| format!("{} — {}", p.headline(), p.message))
            .collect();
        (!problems.is_empty()).then(|| {
            view! {
                <p class="field-help" data-testid="vh-store-suggestions-problem">
                    "Store suggestions are incomplete (type the name instead): "{problems.join(" ")}
                </p>
            }
        })
    };

    // --- create / update ----------------------------------------------------------------------
    let form = FormState::new();
    // The subaccount subdomain, when the token names it.
    Effect::new(move |_| {
        if let Some(subdomain) = token.get().as_deref().and_then(subdomain_from_token) {
            if form.account_id.get_untracked().is_empty() {
                form.account_id.set(subdomain);
            }
        }
    });
    let form_value = Memo::new(move |_| form.value());
    let errors = Memo::new(move |_| validate(&form_value.get()));
    let shown_error = move |field: Field| {
        Signal::derive(move || {
            if form.checked.get() {
                errors.get().get(field)
            } else {
                None
            }
        })
    };
    let preview = Memo::new(move |_| form_value.get().body());
    let form_request = Signal::derive(move || Some(form_value.get().request()));

    let send_form = Action::new_local(move |request: &(Operation, ApiRequest)| {
        let (operation, request) = request.clone();
        let token = token.get_untracked();
        async move {
            let result = send_request(history, request, token).await;
            (operation, result)
        }
    });
    let form_pending = send_form.pending();
    let form_problem = Signal::derive(move || send_form.value().get().and_then(|(_, r)| r.err()));
    // A success refreshes the list.
    Effect::new(move |_| {
        if let Some((_, Ok(_))) = send_form.value().get() {
            reload();
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.checked.set(true);
        let value = form.value();
        let problems = validate(&value);
        if let Some((field, _)) = problems.0.first() {
            let id = match field {
                Field::AccountId => "vh-account-id",
                Field::VirtualHostUrl => "vh-virtual-host-url",
                Field::KeyStore => "vh-key-store",
                Field::KeyStoreAlias => "vh-key-store-alias",
                Field::TrustStore => "vh-trust-store",
                Field::VirtualHostId => "vh-list-heading",
            };
            focus(id);
            return;
        }
        send_form.dispatch((value.operation, value.request()));
    };

    // --- delete -------------------------------------------------------------------------------
    let delete_target = RwSignal::new(None::<VirtualHost>);
    let conditions = RwSignal::new([false; 4]);
    let typed_alias = RwSignal::new(String::new());
    let delete_request = Signal::derive(move || {
        delete_target.get().map(|host| {
            VirtualHostForm {
                operation: Operation::Delete,
                virtual_host_id: host.id,
                ..VirtualHostForm::default()
            }
            .request()
        })
    });
    let send_delete = Action::new_local(move |request: &ApiRequest| {
        send_request(history, request.clone(), token.get_untracked())
    });
    let delete_pending = send_delete.pending();
    let delete_problem = Signal::derive(move || send_delete.value().get().and_then(|r| r.err()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = send_delete.value().get() {
            delete_target.set(None);
            reload();
        }
    });
    let can_delete = Signal::derive(move || {
        delete_target.get().is_some_and(|host| {
            !host.is_default
                && conditions.get().iter().all(|c| *c)
                && typed_alias.get().trim() == host.alias()
        })
    });
    let on_delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !can_delete.get_untracked() {
            return;
        }
        if let Some(request) = delete_request.get_untracked() {
            send_delete.dispatch(request);
        }
    };
    let start_delete = move |host: VirtualHost| {
        delete_target.set(Some(host));
        conditions.set([false; 4]);
        typed_alias.set(String::new());
        send_delete.value().set(None);
        focus("vh-delete-heading");
    };
    let start_edit = move |host: VirtualHost| {
        form.edit(&host);
        send_form.value().set(None);
        focus("vh-form-heading");
    };

    // --- views --------------------------------------------------------------------------------
    let table = move || {
        let rows = hosts.get()?;
        Some(view! {
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
                <tbody>
                    {rows
                        .into_iter()
                        .map(|host| {
                            let alias = host.alias();
                            let for_edit = host.clone();
                            let for_delete = host.clone();
                            let keystore = match (&host.key_store_name, &host.key_store_alias) {
                                (Some(name), Some(key)) => format!("{name} ({key})"),
                                (Some(name), None) => name.clone(),
                                _ => "—".into(),
                            };
                            view! {
                                <tr data-testid="vh-row" data-alias=alias.clone()>
                                    <td><strong>{alias.clone()}</strong></td>
                                    <td><code>{host.host.clone()}</code></td>
                                    <td data-testid="vh-cell-port">{host.port.display(|p| Some(p.to_string()))}</td>
                                    <td>{yes_no(host.is_ssl)}</td>
                                    <td data-testid="vh-cell-client-auth">{yes_no(host.client_auth)}</td>
                                    <td>{if host.is_default { view! { <span class="badge badge-ok">"default"</span> }.into_any() } else { "—".into_any() }}</td>
                                    <td>{keystore}</td>
                                    <td data-testid="vh-cell-trust-store">{host.trust_store.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td data-testid="vh-cell-changed">{host.changed_at.display(|ms| format_utc_millis(*ms))}</td>
                                    <td class="row-actions">
                                        <button
                                            type="button"
                                            class="button button-small"
                                            data-testid="vh-edit"
                                            aria-label=format!("Edit {alias}")
                                            on:click=move |_| start_edit(for_edit.clone())
                                        >
                                            "Edit"
                                        </button>
                                        <button
                                            type="button"
                                            class="button button-small button-danger"
                                            data-testid="vh-delete"
                                            aria-label=format!("Delete {alias}")
                                            on:click=move |_| start_delete(for_delete.clone())
                                        >
                                            "Delete"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        })
    };

    let result_panel = move |result: VirtualHostResult, operation: Operation| {
        let custom = result.custom_domain;
        let dns_hint = match (&result.lb_host, &result.virtual_host_url) {
            (Some(lb), Some(host)) if custom => Some(format!(
                "Create a DNS CNAME record from {host} to {lb}, so that calls to your domain reach API Management."
            )),
            (Some(lb), None) if custom => Some(format!(
                "Point your domain's DNS (CNAME) to {lb}."
            )),
            _ => None,
        };
        let done = match operation {
            Operation::Create => "Virtual host created.",
            Operation::Update => "Virtual host updated.",
            Operation::Delete => "Virtual host deleted.",
        };
        view! {
            <div class="notice notice-ok result-panel" role="status" data-testid="vh-result">
                <p class="notice-title"><strong>{done}</strong></p>
                {(operation == Operation::Update).then(|| view! {
                    <p data-testid="vh-redeploy-notice">
                        "APIs in products that use this virtual host must be redeployed and republished "
                        "for the change to reach them."
                    </p>
                })}
                <dl class="facts">
                    <dt>"allocationStatus"</dt>
                    <dd data-testid="vh-result-status">{result.allocation_status.clone().unwrap_or_else(|| "none (a delete answers without one)".into())}</dd>
                    <dt>"virtualHostId"</dt>
                    <dd><code data-testid="vh-result-id">{result.virtual_host_id.clone().unwrap_or_else(|| "—".into())}</code></dd>
                    <dt>"Host"</dt>
                    <dd><code data-testid="vh-result-host">{result.virtual_host_url.clone().unwrap_or_else(|| "—".into())}</code></dd>
                    <dt>"lbHost"</dt>
                    <dd><code>{result.lb_host.clone().unwrap_or_else(|| "—".into())}</code></dd>
                    <dt>"TLS (isTLS)"</dt>
                    <dd>{yes_no(result.is_tls)}</dd>
                    <dt>"Client authentication"</dt>
                    <dd data-testid="vh-result-client-auth">{yes_no(result.client_auth)}</dd>
                    <dt>"Truststore"</dt>
                    <dd>{result.trust_store.clone().unwrap_or_else(|| "—".into())}</dd>
                </dl>
                {dns_hint.map(|hint| view! { <p class="notice-hint" data-testid="vh-dns-hint">{hint}</p> })}
            </div>
        }
    };

    let form_result = move || match send_form.value().get() {
        Some((operation, Ok(result))) => Some(result_panel(result, operation)),
        _ => None,
    };
    let delete_result = move || match send_delete.value().get() {
        Some(Ok(result)) => Some(result_panel(result, Operation::Delete)),
        _ => None,
    };

    let is_update = move || form.operation.get() == Operation::Update;
    // Opened when a token is missing or refused; never closed for the user.
    let connect_open = RwSignal::new(false);
    Effect::new(move |_| {
        let refused = [list_problem.get(), form_problem.get(), delete_problem.get()]
            .into_iter()
            .flatten()
            .any(|p| p.is_unauthorized());
        if session.get().is_none() || refused {
            connect_open.set(true);
        }
    });

    view! {
        <h1>"Virtual hosts"</h1>
        <p class="lead">
            "Virtual hosts of SAP API Management, with client authentication (mutual TLS), "
            "keystore and truststore."
        </p>
        <ConnectionStatus product=PRODUCT/>
        <details class="connect-inline" prop:open=move || connect_open.get()>
            <summary>"Connection and token"</summary>
            <SapConnection/>
        </details>

        <section class="card" aria-labelledby="vh-list-heading">
            <div class="section-head">
                <h2 id="vh-list-heading" tabindex="-1">"Virtual hosts of the tenant"</h2>
                <button
                    type="button"
                    class="button"
                    data-testid="vh-refresh"
                    disabled=move || list.pending().get()
                    on:click=move |_| reload()
                >
                    "Refresh"
                </button>
            </div>
            <div aria-live="polite" data-testid="vh-list-state">
                {move || list.pending().get().then(|| view! {
                    <p class="notice notice-info" role="status" data-testid="vh-loading">
                        <span class="spinner" aria-hidden="true"></span>"Loading the virtual hosts…"
                    </p>
                })}
                {move || list_problem.get().map(|problem| {
                    let unauthorized = problem.is_unauthorized();
                    view! {
                        <div class="notice notice-error" role="alert" data-testid="vh-list-problem">
                            <p class="notice-title"><strong>{problem.headline()}</strong></p>
                            <p>{problem.message.clone()}</p>
                            {unauthorized.then(|| view! { <p><a href="#sap-connection">"Get a new token"</a>" above, then retry."</p> })}
                            <button type="button" class="button" data-testid="vh-retry" on:click=move |_| reload()>"Retry"</button>
                        </div>
                    }
                })}
            </div>
            <div class="table-wrap">{table}</div>
        </section>

        <section class="card" aria-labelledby="vh-form-heading">
            <h2 id="vh-form-heading" tabindex="-1">
                {move || if is_update() { "Update a virtual host" } else { "Create a virtual host" }}
            </h2>
            {move || is_update().then(|| view! {
                <p class="notice notice-info" data-testid="vh-editing">
                    "Editing "<code>{form.virtual_host_url.get()}</code>" (virtualHostId "<code>{form.virtual_host_id.get()}</code>"). "
                    <button type="button" class="button button-small" data-testid="vh-cancel-edit" on:click=move |_| form.back_to_create()>"Create a new one instead"</button>
                </p>
            })}
            {move || (form.checked.get() && errors.get().get(Field::VirtualHostId).is_some()).then(|| view! {
                <p class="field-error" data-testid="vh-virtual-host-id-error">{errors.get().get(Field::VirtualHostId)}</p>
            })}
            <div class="form-and-preview">
                <form class="stack" on:submit=on_submit novalidate data-testid="vh-form">
                    <TextField
                        id="vh-account-id"
                        label="Subaccount subdomain (accountId)"
                        value=form.account_id
                        error=shown_error(Field::AccountId)
                        required=true
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
                            placeholder="ref://<reference> or truststore name"
                            help="ref://<reference name> or the truststore's name. It must hold the client, intermediate and root certificates."
                        >
                            <a class="field-link" href="/certificates?purpose=client" target="_blank" rel="noopener" data-testid="vh-check-chain">
                                "Check the chain for this truststore"
                            </a>
                            <ChainCheckNotice/>
                        </TextField>
                    </Show>
                    <datalist id="vh-key-stores">
                        {move || store_names(false).into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                    <datalist id="vh-trust-stores">
                        {move || store_names(true).into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
                    </datalist>
                    {store_notice}
                    <div class="form-actions">
                        {move || if is_update() {
                            view! { <SubmitButton label="Update virtual host" busy_label="Updating…" pending=form_pending testid="vh-submit"/> }.into_any()
                        } else {
                            view! { <SubmitButton label="Create virtual host" busy_label="Creating…" pending=form_pending testid="vh-submit"/> }.into_any()
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
                pending=form_pending
                problem=form_problem
                pending_text="Sending the virtual host request…"
                reconnect_href="#sap-connection"
                testid="vh-outcome"
            />
            <div aria-live="polite">{form_result}</div>
        </section>

        {move || delete_target.get().map(|host| {
            let alias = host.alias();
            let is_default = host.is_default;
            view! {
                <section class="card delete-panel" aria-labelledby="vh-delete-heading" data-testid="vh-delete-panel">
                    <h2 id="vh-delete-heading" tabindex="-1">"Delete "{alias.clone()}</h2>
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
                                                    prop:checked=move || conditions.get()[i]
                                                    on:change:target=move |ev| conditions.update(|c| c[i] = ev.target().checked())
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
                                <pre class="code-block" data-testid="vh-delete-preview">{move || delete_request.get().and_then(|r| r.body)}</pre>
                                <div class="form-actions">
                                    <SubmitButton
                                        label="Delete virtual host"
                                        busy_label="Deleting…"
                                        pending=delete_pending
                                        disabled=Signal::derive(move || !can_delete.get())
                                        class="button-danger"
                                        testid="vh-delete-submit"
                                    />
                                    <button type="button" class="button" data-testid="vh-delete-cancel" on:click=move |_| delete_target.set(None)>"Cancel"</button>
                                </div>
                                <CopyCurl request=delete_request token=token id="vh-delete-curl"/>
                            </form>
                        }.into_any()
                    }}
                    <RequestOutcome
                        pending=delete_pending
                        problem=delete_problem
                        pending_text="Deleting…"
                        reconnect_href="#sap-connection"
                        testid="vh-delete-outcome"
                    />
                </section>
            }
        })}
        <div aria-live="polite">{delete_result}</div>

        <RequestHistory product=PRODUCT/>
    }
}
