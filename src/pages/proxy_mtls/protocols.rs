//! The protocols fieldset: leave unchanged, only the ones ticked, or all of them, with the
//! confirmations the risky choices need.

use leptos::prelude::*;

use crate::api::apinizer::Field;
use crate::components::form_field::CheckboxField;

use super::radio::Radio;
use super::state::{Messages, MtlsForm, ProtocolMode};

#[component]
pub fn ProtocolChoiceGroup(form: MtlsForm, messages: Messages) -> impl IntoView {
    let mode = form.protocol_mode;
    let needs_legacy_confirmation = move || {
        mode.get() == ProtocolMode::Only
            && form
                .protocols
                .iter()
                .any(|(p, ticked)| p.is_legacy() && ticked.get())
    };
    let error = messages.of(Field::Protocols);
    view! {
        <fieldset class="choice-group" data-testid="pm-protocols">
            <legend>"Protocols (supportedProtocolList)"</legend>
            <Radio name="pm-protocols" value=ProtocolMode::Unchanged.as_str() label="leave unchanged" choice=ProtocolMode::Unchanged selected=mode/>
            <Radio name="pm-protocols" value=ProtocolMode::Only.as_str() label="only these:" choice=ProtocolMode::Only selected=mode/>
            <Show when=move || mode.get() == ProtocolMode::Only>
                <div class="choices-indented">
                    {form.protocols.into_iter().map(|(p, checked)| view! {
                        <CheckboxField id=format!("pm-protocol-{}", p.as_str()) label=p.label() checked/>
                    }).collect_view()}
                </div>
            </Show>
            <Radio name="pm-protocols" value=ProtocolMode::All.as_str() label="all protocols (an empty list)" choice=ProtocolMode::All selected=mode/>
            <p class="field-help">"Recommended: TLS 1.2 and TLS 1.3."</p>
            <Show when=needs_legacy_confirmation>
                <CheckboxField
                    id="pm-confirm-legacy"
                    label="I confirm the backend needs SSL 3.0, TLS 1.0 or TLS 1.1"
                    checked=form.confirm_legacy
                    help="These protocols are deprecated (RFC 8996) and open to known attacks."
                />
            </Show>
            <Show when=move || mode.get() == ProtocolMode::All>
                <CheckboxField
                    id="pm-confirm-all"
                    label="I confirm: allow every protocol, SSL 3.0 included"
                    checked=form.confirm_all
                />
            </Show>
            {move || error.get().map(|m| view! { <p class="field-error" role="alert" data-testid="pm-protocols-error">{m}</p> })}
        </fieldset>
    }
}
