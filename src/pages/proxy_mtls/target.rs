//! Which proxy to change: the project and the proxy, with suggestions listed from the project.

use leptos::prelude::*;

use crate::api::apinizer::{Field, KeystoreSummary};
use crate::api::problem::Problem;
use crate::components::form_field::TextField;

use super::state::{Messages, MtlsForm};

/// Proxy names and keystores of a project; each list may have failed.
pub type ProjectChoices = (
    Result<Vec<String>, Problem>,
    Result<Vec<KeystoreSummary>, Problem>,
);

/// The datalist label of a keystore: its description and environments.
fn keystore_label(keystore: &KeystoreSummary) -> String {
    match (&keystore.description, keystore.environments.is_empty()) {
        (Some(d), false) => format!("{d} — {}", keystore.environments.join(", ")),
        (Some(d), true) => d.clone(),
        (None, _) => keystore.environments.join(", "),
    }
}

/// The project and proxy fields, the button that lists the project's proxies and keystores, and
/// the two suggestion lists (`pm-proxies`, `pm-keystores`) the fields use.
#[component]
pub fn ProxyTarget(
    form: MtlsForm,
    messages: Messages,
    #[prop(into)] choices: Signal<Option<ProjectChoices>>,
    on_list: Callback<()>,
) -> impl IntoView {
    let proxy_names = Memo::new(move |_| {
        choices.with(|c| {
            c.as_ref()
                .and_then(|(p, _)| p.as_ref().ok().cloned())
                .unwrap_or_default()
        })
    });
    let keystores = Memo::new(move |_| {
        choices.with(|c| {
            c.as_ref()
                .and_then(|(_, k)| k.as_ref().ok().cloned())
                .unwrap_or_default()
        })
    });
    let choice_notice = move || {
        choices
            .with(|c| c.as_ref().and_then(|(proxies, _)| proxies.as_ref().err().cloned()))
            .map(|p| {
                view! {
                    <p class="field-help" data-testid="pm-choices-problem">
                        {format!("Proxies could not be listed ({}): {} Type the name instead.", p.headline(), p.message)}
                    </p>
                }
            })
    };
    view! {
        <TextField
            id="pm-project"
            label="Project"
            value=form.project
            error=messages.of(Field::Project)
            required=true
            help="The project's name, as in the Apinizer console."
        >
            <button type="button" class="button button-small field-action" data-testid="pm-load" on:click=move |_| on_list.run(())>
                "List its proxies and keystores"
            </button>
        </TextField>
        <TextField
            id="pm-proxy"
            label="API proxy"
            value=form.proxy
            error=messages.of(Field::Proxy)
            list="pm-proxies"
            required=true
            help="Pick from the list or type the name."
        />
        {choice_notice}
        <datalist id="pm-proxies">
            {move || proxy_names.get().into_iter().map(|name| view! { <option value=name></option> }).collect_view()}
        </datalist>
        <datalist id="pm-keystores">
            {move || keystores.get().into_iter().map(|k| {
                let label = keystore_label(&k);
                view! { <option value=k.id label=label></option> }
            }).collect_view()}
        </datalist>
    }
}
