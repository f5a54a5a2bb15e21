//! The hostname verification select, with its explanation and the NOOP confirmation.

use leptos::prelude::*;

use crate::api::apinizer::{Field, HostnameVerifier};
use crate::components::form_field::CheckboxField;

use super::state::{Messages, MtlsForm, VerifierChoice};

#[component]
pub fn VerifierField(form: MtlsForm, messages: Messages) -> impl IntoView {
    let verifier = form.verifier;
    let error = messages.of(Field::Verifier);
    view! {
        <div class="field">
            <label for="pm-verifier">"Hostname verification (hostnameVerifierType)"</label>
            <select
                id="pm-verifier"
                data-testid="pm-verifier"
                prop:value=move || verifier.get().as_str()
                on:change:target=move |ev| verifier.set(VerifierChoice::from_option(&ev.target().value()))
            >
                <option value=VerifierChoice::UNCHANGED>"leave unchanged"</option>
                {HostnameVerifier::ALL.into_iter().map(|v| view! { <option value=v.as_str()>{v.as_str()}</option> }).collect_view()}
            </select>
            <p class="field-help" data-testid="pm-verifier-help">
                {move || verifier.get().0
                    .map(|v| v.explanation())
                    .unwrap_or("Left as it is. The API's default is NOOP (no verification).")}
            </p>
            <Show when=move || verifier.get().0 == Some(HostnameVerifier::Noop)>
                <CheckboxField
                    id="pm-confirm-noop"
                    label="I confirm: no hostname verification (not for production)"
                    checked=form.confirm_noop
                />
            </Show>
            {move || error.get().map(|m| view! { <p class="field-error" role="alert" data-testid="pm-verifier-error">{m}</p> })}
        </div>
    }
}
