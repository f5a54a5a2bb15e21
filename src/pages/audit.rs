//! The truststore audit: which virtual hosts with mutual TLS trust a store holding weak, expired
//! or broken certificates, and which custom-domain certificates expire soon, in one click.
//!
//! "Run audit" reads the virtual hosts, resolves each mTLS host's truststore (through its
//! reference), reads each store once, a few at a time, and has the certificate worker judge each
//! one (crate `audit` plans and sums up). A store that fails is shown as such; the others go on.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use audit::{Audit, Outcome, Row, RowVerdict, Subject};
use base64::Engine;
use futures_channel::oneshot;
use leptos::prelude::*;

use crate::analysis::{use_analyzer, Analyzer, InputFile};
use crate::api::audit::{
    certificates_request, forbidden_store, is_forbidden, parse_certificates, parse_references,
    parse_virtual_hosts, references_request, virtual_hosts_request, ADMIN_ROLE,
};
use crate::api::http::{ApiRequest, RawResponse};
use crate::api::perform::perform;
use crate::api::problem::Problem;
use crate::components::browser_actions::download_text;
use crate::components::sap_admin_connection::SapAdminConnection;
use crate::state::audit::{use_audit_state, Handover, StoreVerdicts};
use crate::state::clock;
use crate::state::connections::{use_connections, Product};
use crate::state::history::{use_history, History};

/// Stores read at the same time: enough to hide the tenant's latency, few enough not to crowd
/// it (the browser allows six connections per origin).
const PARALLEL_READS: usize = 4;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Running,
    Done(Box<Audit>),
    Failed(String),
}

/// The tokens of a run: the SAP connection's, and the administrator's when there is one.
#[derive(Clone)]
struct Tokens {
    main: String,
    admin: Option<String>,
}

/// What a run shares between its parallel reads.
#[derive(Clone)]
struct Run {
    history: History,
    analyzer: Analyzer,
    tokens: Tokens,
    now: i64,
    progress: RwSignal<(usize, usize)>,
    forbidden: Rc<Cell<bool>>,
    outcomes: Rc<RefCell<BTreeMap<Subject, Outcome>>>,
    pems: Rc<RefCell<BTreeMap<Subject, String>>>,
}

async fn get(run: &Run, request: &ApiRequest, token: &str) -> Result<RawResponse, Problem> {
    perform(run.history, Product::SapApiManagement, request, Some(token))
        .await
        .map_err(Problem::from)
}

/// With the SAP connection; on 403 with the administrator connection, if there is one.
async fn get_with_fallback(run: &Run, request: &ApiRequest) -> Result<RawResponse, Problem> {
    let response = get(run, request, &run.tokens.main).await?;
    match (&run.tokens.admin, is_forbidden(&response)) {
        (Some(admin), true) => get(run, request, admin).await,
        _ => Ok(response),
    }
}

/// PEM text of a subject's certificates, for the Certificates page.
fn pem_of(inputs: &[(String, Vec<u8>)]) -> String {
    inputs
        .iter()
        .map(|(_, bytes)| match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => format!("{}\n", text.trim()),
            _ => {
                let body = base64::engine::general_purpose::STANDARD.encode(bytes);
                let lines: Vec<&str> = body
                    .as_bytes()
                    .chunks(64)
                    .filter_map(|c| std::str::from_utf8(c).ok())
                    .collect();
                format!(
                    "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                    lines.join("\n")
                )
            }
        })
        .collect()
}

/// Reads one store and judges every subject in it.
async fn audit_store(run: &Run, store: &str, subjects: &[Subject]) {
    let read = match get_with_fallback(run, &certificates_request(store)).await {
        Ok(response) if is_forbidden(&response) => {
            run.forbidden.set(run.tokens.admin.is_none());
            Err(forbidden_store(store, run.tokens.admin.is_some()))
        }
        Ok(response) => parse_certificates(&response).map_err(|p| p.message),
        Err(problem) => Err(problem.message),
    };
    for subject in subjects {
        let outcome = match &read {
            Err(reason) => Err(reason.clone()),
            Ok(certificates) => {
                let selection = audit::select(subject, certificates);
                run.pems
                    .borrow_mut()
                    .insert(subject.clone(), pem_of(&selection.inputs));
                let report = if selection.inputs.is_empty() {
                    Ok(None)
                } else {
                    let files = selection
                        .inputs
                        .iter()
                        .map(|(name, bytes)| InputFile {
                            name: name.clone(),
                            bytes: bytes.clone(),
                        })
                        .collect();
                    run.analyzer
                        .analyze(files, run.now, subject.purpose())
                        .await
                        .map(|analysis| Some(analysis.report))
                        .map_err(|e| format!("The certificate engine did not judge it: {e}."))
                };
                report.map(|report| audit::judge(report.as_ref(), &selection, run.now))
            }
        };
        run.outcomes.borrow_mut().insert(subject.clone(), outcome);
    }
    // `try_`: the page may have been left while the audit ran.
    run.progress
        .try_update(|(done, _)| *done = done.saturating_add(1));
}

/// The whole audit; an error only when there is nothing to audit from (no host list).
async fn audit_tenant(run: Run) -> Result<(Audit, BTreeMap<Subject, String>), Problem> {
    let hosts = parse_virtual_hosts(&get(&run, &virtual_hosts_request(), &run.tokens.main).await?)?;
    let needs_references = hosts.iter().any(|h| {
        h.client_auth
            && h.trust_store
                .as_deref()
                .is_some_and(|t| t.trim().starts_with(audit::plan::REFERENCE_PREFIX))
    });
    let references = if needs_references {
        let response = get_with_fallback(&run, &references_request()).await?;
        parse_references(&response).map_err(|mut problem| {
            problem.message = format!(
                "{} The certificate store references are needed to resolve ref:// truststores.",
                problem.message
            );
            problem
        })?
    } else {
        Vec::new()
    };
    let plan = audit::plan(&hosts, &references);
    run.progress.try_set((0, plan.stores.len()));
    let queue: Rc<RefCell<VecDeque<String>>> =
        Rc::new(RefCell::new(plan.stores.iter().cloned().collect()));
    let mut finished = Vec::new();
    for _ in 0..PARALLEL_READS.min(plan.stores.len()) {
        let (done, finished_lane) = oneshot::channel::<()>();
        finished.push(finished_lane);
        let run = run.clone();
        let queue = queue.clone();
        let subjects = plan.subjects.clone();
        leptos::task::spawn_local(async move {
            loop {
                let next = queue.borrow_mut().pop_front();
                let Some(store) = next else { break };
                let mine: Vec<Subject> = subjects
                    .iter()
                    .filter(|s| s.store == store)
                    .cloned()
                    .collect();
                audit_store(&run, &store, &mine).await;
            }
            let _ = done.send(());
        });
    }
    for lane in finished {
        let _ = lane.await;
    }
    let generated_at = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    let outcomes = run.outcomes.borrow().clone();
    let pems = run.pems.borrow().clone();
    Ok((audit::aggregate(&plan, &outcomes, &generated_at), pems))
}

/// Each truststore's verdict, for the Virtual hosts page.
fn store_verdicts(audit: &Audit) -> StoreVerdicts {
    let mut stores = BTreeMap::new();
    for row in &audit.rows {
        if let (Some(store), Some(trust)) = (
            row.truststore.as_ref().and_then(audit::TrustStore::store),
            &row.trust,
        ) {
            stores.insert(store.to_string(), trust.verdict.as_str().to_string());
            // The Virtual hosts page looks a host up by its configured value (`ref://…`).
            if let Some(configured) = &row.configured {
                stores.insert(
                    configured.trim().to_string(),
                    trust.verdict.as_str().to_string(),
                );
            }
        }
    }
    StoreVerdicts {
        generated_at: audit.generated_at.clone(),
        stores,
    }
}

fn badge_class(verdict: RowVerdict) -> &'static str {
    match verdict {
        RowVerdict::Ok => "badge badge-ok",
        RowVerdict::Warning => "badge badge-warning",
        RowVerdict::Failed => "badge badge-muted",
        RowVerdict::Weak => "badge badge-weak",
        RowVerdict::Error => "badge badge-error",
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let analyzer = StoredValue::new_local(use_analyzer());
    on_cleanup(move || {
        let _ = analyzer.try_with_value(|a| a.stop());
    });
    let connections = use_connections();
    let history = use_history();
    let state = use_audit_state();
    let phase = RwSignal::new(Phase::Idle);
    let progress = RwSignal::new((0usize, 0usize));
    let forbidden = RwSignal::new(false);
    let pems = StoredValue::new_local(BTreeMap::<Subject, String>::new());

    let start = move |_| {
        let Some(session) = connections.sap.get_untracked() else {
            phase.set(Phase::Failed(
                "Connect to SAP API Management first (Connections page).".into(),
            ));
            return;
        };
        let analyzer = analyzer.get_value();
        analyzer.prepare();
        let run = Run {
            history,
            analyzer,
            tokens: Tokens {
                main: session.token,
                admin: state.admin.get_untracked().map(|s| s.token),
            },
            now: clock::now().unix_seconds(),
            progress,
            forbidden: Rc::new(Cell::new(false)),
            outcomes: Rc::default(),
            pems: Rc::default(),
        };
        let refused = run.forbidden.clone();
        progress.set((0, 0));
        phase.set(Phase::Running);
        leptos::task::spawn_local(async move {
            match audit_tenant(run).await {
                Ok((audit, handovers)) => {
                    state.remember_verdicts(store_verdicts(&audit));
                    pems.try_set_value(handovers);
                    forbidden.try_set(refused.get());
                    phase.try_set(Phase::Done(Box::new(audit)));
                }
                Err(problem) => {
                    phase.try_set(Phase::Failed(problem.message));
                }
            }
        });
    };
    let running = Signal::derive(move || phase.with(|p| matches!(p, Phase::Running)));

    view! {
        <h1>"Truststore audit"</h1>
        <p class="lead">
            "Which virtual hosts with mutual TLS trust a truststore holding weak, expired or broken "
            "certificates, and which custom-domain certificates expire soon. Each store is read "
            "once and judged in this browser, as the Certificates page judges a chain."
        </p>
        {move || connections.sap.with(Option::is_none).then(|| view! {
            <p class="notice" data-testid="audit-connect">
                "Connect to SAP API Management on the "<a href="/connections">"Connections page"</a>" first."
            </p>
        })}
        <div class="actions">
            <button
                type="button"
                class="button button-primary"
                data-testid="run-audit"
                on:click=start
                disabled=running
            >
                {move || if running.get() { "Auditing…" } else { "Run audit" }}
            </button>
        </div>
        {move || running.get().then(|| {
            let (done, total) = progress.get();
            view! {
                <div class="audit-progress" data-testid="audit-progress">
                    <progress max=total.max(1) value=done aria-label="Stores read"></progress>
                    <span>{format!("{done} of {total} stores read and judged")}</span>
                </div>
            }
        })}
        {move || match phase.get() {
            Phase::Idle | Phase::Running => None,
            Phase::Failed(message) => Some(view! {
                <div class="notice notice-error" role="alert" data-testid="audit-error">
                    <p>{message}</p>
                </div>
            }.into_any()),
            Phase::Done(audit) => Some(view! { <AuditResult audit=*audit pems=pems/> }.into_any()),
        }}
        {move || (forbidden.get() || state.admin.with(Option::is_some)).then(|| view! {
            {forbidden.get().then(|| view! {
                <div class="notice notice-warning" role="status" data-testid="audit-forbidden">
                    <p>
                        "The SAP connection may not read the certificates of some stores: that "
                        "needs the "<code>{ADMIN_ROLE}</code>" role. Add an API portal "
                        "administrator connection and run the audit again."
                    </p>
                </div>
            })}
            <SapAdminConnection/>
        })}
    }
}

#[component]
fn AuditResult(
    audit: Audit,
    pems: StoredValue<BTreeMap<Subject, String>, LocalStorage>,
) -> impl IntoView {
    let json = audit.to_json();
    let markdown = audit.to_markdown();
    let export_json = move |_| {
        download_text("truststore-audit.json", "application/json", &json);
    };
    let export_markdown = move |_| {
        download_text("truststore-audit.md", "text/markdown", &markdown);
    };
    let rows = audit.rows.clone();
    view! {
        <section
            class="card stack"
            data-testid="audit-result"
            data-generated-at=audit.generated_at.clone()
            aria-label="Audit result"
        >
            <p class="audit-summary" data-testid="audit-summary"><strong>{audit.summary.text.clone()}</strong></p>
            <div class="actions">
                <button type="button" class="button" data-testid="export-json" on:click=export_json>"Export JSON"</button>
                <button type="button" class="button" data-testid="export-markdown" on:click=export_markdown>"Export Markdown"</button>
            </div>
            <div class="table-wrap">
                <table class="data-table audit-table" data-testid="audit-table">
                    <caption class="visually-hidden">"Virtual hosts, most severe first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Verdict"</th>
                            <th scope="col">"Alias"</th>
                            <th scope="col">"Host"</th>
                            <th scope="col">"Truststore"</th>
                            <th scope="col">"Worst finding"</th>
                            <th scope="col">"Soonest expiry"</th>
                            <th scope="col">"Report"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows.into_iter().map(|row| view! { <AuditRow row=row pems=pems/> }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn AuditRow(row: Row, pems: StoredValue<BTreeMap<Subject, String>, LocalStorage>) -> impl IntoView {
    let subject = row.report_subject();
    let pem = subject
        .as_ref()
        .and_then(|s| pems.with_value(|map| map.get(s).cloned()))
        .filter(|pem| !pem.is_empty());
    let link = match (subject, pem) {
        (Some(subject), Some(pem)) => {
            let purpose = subject.purpose().as_str();
            let href = format!("/certificates?purpose={purpose}&from=audit");
            let handover = Handover {
                store: subject.store.clone(),
                purpose: purpose.to_string(),
                pem,
            };
            let label = format!("Open the chain report of {}", subject.store);
            // A button, not a link: the handover must be written before the router renders the
            // Certificates page, which reads it as it opens.
            let navigate = leptos_router::hooks::use_navigate();
            view! {
                <button
                    type="button"
                    class="button button-small"
                    aria-label=label
                    data-testid="open-report"
                    on:click=move |_| {
                        handover.give();
                        navigate(&href, Default::default());
                    }
                >
                    "Open report"
                </button>
            }
            .into_any()
        }
        _ => view! { <span class="muted">"—"</span> }.into_any(),
    };
    let expiry = row
        .soonest_expiry
        .as_ref()
        .map_or_else(|| "—".to_string(), audit::report::expiry_words);
    let verdict = row.verdict;
    view! {
        <tr data-testid="audit-row" data-alias=row.alias.clone() data-verdict=verdict.as_str()>
            <td><span class=badge_class(verdict) data-testid="audit-verdict">{verdict.as_str()}</span></td>
            <td>{row.alias.clone()}</td>
            <td class="wrap">{row.host.clone()}</td>
            <td class="wrap">{row.truststore_words()}</td>
            <td class="wrap" data-testid="audit-worst">{row.worst.clone()}</td>
            <td>{expiry}</td>
            <td>{link}</td>
        </tr>
    }
}
