//! SAP API Management virtual hosts with mutual TLS: the list from `Management.svc/VirtualHosts`,
//! and create, update and delete through `Configuration.svc/VirtualHostRequests`.
//!
//! The page composes the list, the form, the delete panel and their results. The list is a
//! resource keyed on the token and on every successful send, so a sign-in or a change reloads
//! it; requests are sent from the event handlers that ask for them.

mod delete_panel;
mod form;
mod result;
mod table;

use leptos::html;
use leptos::prelude::*;

use crate::api::http::ApiRequest;
use crate::api::perform::perform;
use crate::api::problem::Problem;
use crate::api::sap::{
    list_request, parse_certificate_stores, parse_request_result, parse_store_references,
    parse_virtual_hosts, subdomain_from_token, Operation, VirtualHost, VirtualHostResult,
    CERTIFICATE_STORES_PATH, CERTIFICATE_STORE_REFERENCES_PATH, VIRTUAL_HOSTS_PATH,
};
use crate::components::connection_status::ConnectionStatus;
use crate::components::request_history::RequestHistory;
use crate::components::sap_connection::SapConnection;
use crate::state::connections::{use_connections, Product};
use crate::state::history::{use_history, History};

use delete_panel::DeletePanel;
use form::{FormOutcome, FormState, StoreChoices, VirtualHostFormCard};
use result::ResultPanel;
use table::VirtualHostTable;

const PRODUCT: Product = Product::SapApiManagement;

fn not_connected() -> Problem {
    Problem::local(
        "Not connected to SAP API Management: get a token with a service key or paste one \
         (section above), then send again.",
    )
}

fn yes_no(flag: bool) -> &'static str {
    if flag {
        "yes"
    } else {
        "no"
    }
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

/// The tenant's hosts. Recording the answer, reading it and drawing the table are each a task of
/// their own: for a tenant of hundreds of hosts, the three in one task took over 80 ms (Chromium,
/// release build), past the 50 ms a task may take before input waits for it.
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
    next_task().await;
    let hosts = parse_virtual_hosts(&response);
    next_task().await;
    hosts
}

/// Resumes in a later task of the event loop (a zero timeout), after the browser has handled
/// what came in meanwhile.
async fn next_task() {
    let (done, resumed) = futures_channel::oneshot::channel();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::ZERO,
    );
    // A dropped sender (the page left) resumes too.
    let _ = resumed.await;
}

/// Stores and references for the suggestions; a failure only costs the suggestions.
async fn load_stores(history: History, token: String) -> StoreChoices {
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

/// The version of `action` as of its last success, so a failed send leaves the list alone.
fn success_version<I, O>(action: Action<I, O>, succeeded: fn(&O) -> bool) -> Memo<usize>
where
    I: Send + Sync + 'static,
    O: Send + Sync + 'static,
{
    Memo::new(move |previous: Option<&usize>| {
        let version = action.version().get();
        if action.value().with(|v| v.as_ref().is_some_and(succeeded)) {
            version
        } else {
            previous.copied().unwrap_or(0)
        }
    })
}

#[component]
pub fn VirtualHostsPage() -> impl IntoView {
    let connections = use_connections();
    let history = use_history();
    let session = connections.session(PRODUCT);
    let token = Memo::new(move |_| session.with(|s| s.as_ref().map(|s| s.token.clone())));

    // --- sending ------------------------------------------------------------------------------
    let form = FormState::new();
    let delete_target = RwSignal::new(None::<VirtualHost>);
    let send_form = Action::new_local(move |(operation, request): &(Operation, ApiRequest)| {
        let (operation, request) = (*operation, request.clone());
        let token = token.get_untracked();
        async move { (operation, send_request(history, request, token).await) }
    });
    let send_delete = Action::new_local(move |request: &ApiRequest| {
        let (request, token) = (request.clone(), token.get_untracked());
        async move {
            let result = send_request(history, request, token).await;
            if result.is_ok() {
                delete_target.set(None);
            }
            result
        }
    });
    let form_saved = success_version(send_form, |(_, result): &FormOutcome| result.is_ok());
    let deleted = success_version(send_delete, Result::is_ok);

    // --- loading ------------------------------------------------------------------------------
    // Refresh and Retry ask for the list again.
    let refreshes = RwSignal::new(0_u32);
    let hosts = LocalResource::new(move || {
        let token = token.get();
        form_saved.track();
        deleted.track();
        refreshes.track();
        load_hosts(history, token)
    });
    let choices = LocalResource::new(move || {
        let token = token.get();
        async move {
            match token {
                Some(token) => Some(load_stores(history, token).await),
                None => None,
            }
        }
    });
    let choices = Signal::derive(move || choices.get().flatten());
    // The subaccount subdomain, when the token names it.
    Effect::new(move |_| {
        if let Some(subdomain) = token.with(|t| t.as_deref().and_then(subdomain_from_token)) {
            if form.account_id.with_untracked(String::is_empty) {
                form.account_id.set(subdomain);
            }
        }
    });
    let reload = move || refreshes.update(|n| *n = n.wrapping_add(1));
    let (reloading, set_reloading) = signal(false);
    let loading = Signal::derive(move || reloading.get() || hosts.with(Option::is_none));
    let list_problem =
        Signal::derive(move || hosts.with(|r| r.as_ref().and_then(|r| r.as_ref().err().cloned())));
    let rows = Memo::new(move |_| {
        hosts.with(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok().cloned())
                .unwrap_or_default()
        })
    });
    let listed = Memo::new(move |_| hosts.with(|r| matches!(r, Some(Ok(_)))));

    // --- editing and deleting a row -----------------------------------------------------------
    let list_heading = NodeRef::<html::H2>::new();
    let form_heading = NodeRef::<html::H2>::new();
    let start_edit = Callback::new(move |host: VirtualHost| {
        form.edit(&host);
        send_form.value().set(None);
        if let Some(heading) = form_heading.get_untracked() {
            let _ = heading.focus();
        }
    });
    let start_delete = Callback::new(move |host: VirtualHost| {
        send_delete.value().set(None);
        delete_target.set(Some(host));
    });
    let delete_result = move || {
        send_delete.value().with(|v| match v {
            Some(Ok(result)) => {
                Some(view! { <ResultPanel result=result.clone() operation=Operation::Delete/> })
            }
            _ => None,
        })
    };

    // Opened when a token is missing or refused; never closed for the user.
    let connect_open = RwSignal::new(false);
    let form_problem = Signal::derive(move || {
        send_form.value().with(|v| {
            v.as_ref()
                .is_some_and(|(_, r)| r.as_ref().is_err_and(Problem::is_unauthorized))
        })
    });
    let delete_refused = Signal::derive(move || {
        send_delete.value().with(|v| {
            v.as_ref()
                .is_some_and(|r| r.as_ref().is_err_and(Problem::is_unauthorized))
        })
    });
    Effect::new(move |_| {
        let refused = list_problem.with(|p| p.as_ref().is_some_and(Problem::is_unauthorized))
            || form_problem.get()
            || delete_refused.get();
        if session.with(Option::is_none) || refused {
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
                <h2 id="vh-list-heading" tabindex="-1" node_ref=list_heading>"Virtual hosts of the tenant"</h2>
                <button
                    type="button"
                    class="button"
                    data-testid="vh-refresh"
                    disabled=move || loading.get()
                    on:click=move |_| reload()
                >
                    "Refresh"
                </button>
            </div>
            <div aria-live="polite" data-testid="vh-list-state">
                {move || loading.get().then(|| view! {
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
            // The table stays while the list reloads; `loading` says that it does.
            <Transition fallback=|| () set_pending=set_reloading>
                <Show when=move || listed.get()>
                    <VirtualHostTable hosts=rows on_edit=start_edit on_delete=start_delete/>
                </Show>
            </Transition>
        </section>

        <VirtualHostFormCard
            form=form
            token=token
            send=send_form
            choices=choices
            heading=form_heading
            list_heading=list_heading
        />

        {move || delete_target.get().map(|host| view! {
            <DeletePanel
                host
                token=token
                send=send_delete
                on_cancel=Callback::new(move |()| delete_target.set(None))
            />
        })}
        <div aria-live="polite">{delete_result}</div>

        <RequestHistory product=PRODUCT/>
    }
}
