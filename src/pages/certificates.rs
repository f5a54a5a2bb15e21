//! Certificate chains, checked in the browser before they go into a truststore. Files dropped or
//! picked, and pasted text, are analysed by the certificate engine in a web worker; nothing is
//! sent over the network.

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::analysis::input::remove_private_keys;
use crate::analysis::{use_analyzer, Analysis, InputFile, Purpose};
use crate::components::chain_report::ChainReport;
use crate::state::chain_check::{use_chain_check, LastCheck};
use crate::state::clock;

/// Files larger than this are not read into the page at all.
const MAX_FILE_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// Shared, not copied: a report of hundreds of certificates is megabytes, and every reader of
/// the outcome (the button, the result) would otherwise clone it.
#[derive(Clone, Debug)]
enum Outcome {
    Idle,
    Running,
    Done(Arc<Analysis>),
    Failed(String),
}

impl Outcome {
    fn is_running(&self) -> bool {
        matches!(self, Outcome::Running)
    }
}

/// The purpose a deep link asks for (`?purpose=client|server`); the client truststore otherwise.
pub fn purpose_in_query(search: &str) -> Purpose {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "purpose")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or_default()
}

#[component]
pub fn CertificatesPage() -> impl IntoView {
    // Stored so that the closures below stay `Copy`.
    let analyzer = StoredValue::new_local(use_analyzer());
    analyzer.with_value(|a| a.prepare());
    // One worker while the page is open: it ends when the page is left (cleanups run before the
    // page's stored values are disposed).
    on_cleanup(move || {
        let _ = analyzer.try_with_value(|a| a.stop());
    });
    let chain_check = use_chain_check();
    let pasted = RwSignal::new(String::new());
    let files = RwSignal::new(Vec::<InputFile>::new());
    let outcome = RwSignal::new(Outcome::Idle);
    let keys_removed = RwSignal::new(0usize);
    let dragging = RwSignal::new(false);
    let analyse_after_input = StoredValue::new(false);
    // What the truststore is for: `?purpose=server` (the proxy form's link) or `client` (the
    // virtual-host form's, and the default).
    let purpose = RwSignal::new(
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .map_or_else(Purpose::default, |search| purpose_in_query(&search)),
    );

    let run = move || {
        // The engine sees the text as given, so it reports the key; the paste area keeps none.
        let text = pasted.get_untracked();
        let (without_keys, removed) = remove_private_keys(&text);
        if removed > 0 {
            pasted.set(without_keys);
            keys_removed.set(removed);
        }
        let mut inputs = files.get_untracked();
        if !text.trim().is_empty() {
            inputs.push(InputFile {
                name: "pasted text".into(),
                bytes: text.into_bytes(),
            });
        }
        if inputs.is_empty() {
            outcome.set(Outcome::Failed(
                "Nothing to check yet: drop or choose certificate files, or paste PEM text.".into(),
            ));
            return;
        }
        outcome.set(Outcome::Running);
        let analyzer = analyzer.get_value();
        let purpose = purpose.get_untracked();
        // The chain is judged as of the moment the user asked.
        let now = clock::now();
        leptos::task::spawn_local(async move {
            match analyzer.analyze(inputs, now.unix_seconds(), purpose).await {
                Ok(analysis) => {
                    if analysis.report.private_key_found {
                        // The key may have come in a file: keep no copy of any input bytes.
                        files.update(|list| list.iter_mut().for_each(|f| f.bytes.clear()));
                        files.update(|list| list.retain(|f| !f.bytes.is_empty()));
                    }
                    let checked_at = clock::now().iso_8601();
                    chain_check.remember(LastCheck::from_report(&analysis.report, checked_at));
                    outcome.set(Outcome::Done(Arc::new(analysis)));
                }
                Err(reason) => {
                    outcome.set(Outcome::Failed(format!("The check did not run: {reason}.")))
                }
            }
        });
    };

    // Reads the chosen or dropped files, then analyses everything given so far.
    let take_files = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if chosen.is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            let mut added = Vec::new();
            let mut refused = Vec::new();
            for file in chosen {
                if file.size() > MAX_FILE_BYTES {
                    refused.push(format!(
                        "{} ({:.1} MB)",
                        file.name(),
                        file.size() / 1_048_576.0
                    ));
                    continue;
                }
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buffer) => added.push(InputFile {
                        name: file.name(),
                        bytes: js_sys::Uint8Array::new(&buffer).to_vec(),
                    }),
                    Err(_) => refused.push(format!("{} (could not be read)", file.name())),
                }
            }
            files.update(|list| list.extend(added));
            if refused.is_empty() {
                run();
            } else {
                outcome.set(Outcome::Failed(format!(
                    "Not read: {}. Files over 8 MB are not certificate bundles.",
                    refused.join(", ")
                )));
            }
        });
    };

    let on_drop = move |event: web_sys::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        take_files(event.data_transfer().and_then(|d| d.files()));
    };
    let on_pick = move |event: web_sys::Event| {
        let input = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            take_files(input.files());
            // Picking the same file again must fire `change` again.
            input.set_value("");
        }
    };
    // A new purpose judges what was given again.
    let choose_purpose = move |chosen: Purpose| {
        purpose.set(chosen);
        if matches!(
            outcome.get_untracked(),
            Outcome::Done(_) | Outcome::Failed(_)
        ) && (!files.with_untracked(Vec::is_empty)
            || !pasted.with_untracked(|text| text.trim().is_empty()))
        {
            run();
        }
    };
    let clear = move |_| {
        pasted.set(String::new());
        files.set(Vec::new());
        keys_removed.set(0);
        outcome.set(Outcome::Idle);
    };
    // A store's certificates handed over by a row of the truststore audit ("Open report").
    let from_audit = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|search| search.split(['?', '&']).any(|pair| pair == "from=audit"));
    if from_audit {
        if let Some(handover) = crate::state::audit::Handover::take() {
            if let Ok(chosen) = handover.purpose.parse() {
                purpose.set(chosen);
            }
            pasted.set(handover.pem);
            run();
        }
    }

    view! {
        <h1>"Certificates"</h1>
        <p class="lead">
            "Check a certificate chain before it goes into a truststore: the chain is built "
            "leaf → root, every signature verified, weak or broken certificates flagged. The check "
            "runs in this browser; nothing is uploaded."
        </p>
        <fieldset class="choice-group purpose-choice" data-testid="purpose">
            <legend>"What is the truststore for?"</legend>
            {[
                (
                    Purpose::ClientAuthTruststore,
                    " Client certificates (SAP virtual host with mutual TLS): the leaf must allow \
                     TLS client authentication",
                ),
                (
                    Purpose::ServerAuthTruststore,
                    " A backend's server certificate (Apinizer proxy trustStoreId): the leaf must \
                     allow TLS server authentication",
                ),
            ]
                .into_iter()
                .map(|(choice, text)| view! {
                    <label class="choice">
                        <input
                            type="radio"
                            name="purpose"
                            value=choice.as_str()
                            data-testid=format!("purpose-{}", choice.as_str())
                            prop:checked=move || purpose.get() == choice
                            on:change=move |_| choose_purpose(choice)
                        />
                        {text}
                    </label>
                })
                .collect_view()}
        </fieldset>
        <form
            class="cert-input card"
            on:submit=move |event| {
                event.prevent_default();
                run();
            }
        >
            <div
                class="dropzone"
                class:dropzone-active=move || dragging.get()
                data-testid="dropzone"
                on:dragover=move |event: web_sys::DragEvent| {
                    event.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
            >
                <p>
                    "Drop PEM, DER or PKCS#7 files here, or "
                    <label class="button file-button">
                        "choose files…"
                        <input
                            type="file"
                            multiple
                            class="visually-hidden"
                            data-testid="file-input"
                            accept=".pem,.crt,.cer,.cert,.der,.p7b,.p7c,.p7,.txt,.ca-bundle,.key,.p12,.pfx"
                            on:change=on_pick
                        />
                    </label>
                </p>
                <ul class="file-list" aria-label="Files to check">
                    {move || {
                        files
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, file)| {
                                view! {
                                    <li>
                                        {format!("{} ({} bytes) ", file.name, file.bytes.len())}
                                        <button
                                            type="button"
                                            class="button button-small"
                                            aria-label=format!("Remove {}", file.name)
                                            on:click=move |_| files.update(|list| {
                                                if index < list.len() {
                                                    list.remove(index);
                                                }
                                            })
                                        >
                                            "Remove"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
            <label for="pem-text" class="field-label">"Or paste PEM text"</label>
            <textarea
                id="pem-text"
                class="mono pem-text"
                rows="10"
                spellcheck="false"
                data-testid="pem-text"
                placeholder="-----BEGIN CERTIFICATE-----"
                prop:value=move || pasted.get()
                on:paste=move |_| analyse_after_input.set_value(true)
                on:input:target=move |event| {
                    pasted.set(event.target().value());
                    if analyse_after_input.get_value() {
                        analyse_after_input.set_value(false);
                        run();
                    }
                }
                on:keydown=move |event: web_sys::KeyboardEvent| {
                    if event.key() == "Enter" && (event.ctrl_key() || event.meta_key()) {
                        event.prevent_default();
                        run();
                    }
                }
            ></textarea>
            <div class="form-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="check"
                    disabled=move || outcome.with(Outcome::is_running)
                >
                    {move || if outcome.with(Outcome::is_running) { "Checking…" } else { "Check chain" }}
                </button>
                <button type="button" class="button" on:click=clear>"Clear"</button>
                <span class="hint">"Ctrl+Enter in the text checks too."</span>
            </div>
        </form>
        {move || (keys_removed.get() > 0).then(|| view! {
            <p class="notice notice-error" data-testid="key-removed">
                {format!(
                    "{} private key block{} removed from the paste area.",
                    keys_removed.get(),
                    if keys_removed.get() == 1 { " was" } else { "s were" },
                )}
            </p>
        })}
        <div aria-live="polite" class="result" data-testid="result">
            {move || match outcome.get() {
                Outcome::Idle => ().into_any(),
                Outcome::Running => view! { <p class="progress" role="status">"Checking the chain…"</p> }.into_any(),
                Outcome::Failed(message) => view! { <p class="notice notice-error" role="alert" data-testid="check-error">{message}</p> }.into_any(),
                Outcome::Done(analysis) => view! { <ChainReport analysis/> }.into_any(),
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deep_link_chooses_the_purpose() {
        assert_eq!(
            purpose_in_query("?purpose=server"),
            Purpose::ServerAuthTruststore
        );
        assert_eq!(
            purpose_in_query("?x=1&purpose=client"),
            Purpose::ClientAuthTruststore
        );
        for other in [
            "",
            "?",
            "?purpose=",
            "?purpose=both",
            "?purposes=server",
            "?purpose",
        ] {
            assert_eq!(
                purpose_in_query(other),
                Purpose::ClientAuthTruststore,
                "{other}"
            );
        }
    }
}
