//! Labelled form controls with help text and a message at the field, shared by the SAP and
//! Apinizer forms (and any later one).
//!
//! Each control is bound to an `RwSignal` with `prop:value` / `prop:checked` and
//! `on:input:target`, so the value survives re-renders and failed requests. The help text and the
//! error message are tied to the control with `aria-describedby`; an error also sets
//! `aria-invalid`. Test ids: the control has `data-testid=<id>`, its message `<id>-error`.

use leptos::html;
use leptos::prelude::*;

/// The kind of a one-line input (the HTML `type` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputType {
    #[default]
    Text,
    /// Typed characters are masked.
    Password,
}

impl InputType {
    pub fn as_str(self) -> &'static str {
        match self {
            InputType::Text => "text",
            InputType::Password => "password",
        }
    }
}

fn described_by(id: &str, has_help: bool, has_error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if has_help {
        ids.push(format!("{id}-help"));
    }
    if has_error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// Help below the control, and the error message when there is one.
#[component]
fn FieldNotes(id: String, help: Option<String>, error: MaybeProp<String>) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        {help.map(|help| view! { <p class="field-help" id=format!("{id}-help")>{help}</p> })}
        {move || {
            error
                .get()
                .map(|message| {
                    view! {
                        <p class="field-error" id=error_id.clone() data-testid=error_id.clone()>
                            {message}
                        </p>
                    }
                })
        }}
    }
}

/// A one-line text input with label, help and error.
#[component]
pub fn TextField(
    /// Element id, also the test id.
    #[prop(into)]
    id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] error: MaybeProp<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    /// Id of a `<datalist>` with suggestions.
    #[prop(optional, into)]
    list: Option<String>,
    #[prop(optional)] input_type: InputType,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] disabled: Signal<bool>,
    /// For moving focus to the input (e.g. the first field with an error).
    #[prop(optional)]
    node_ref: NodeRef<html::Input>,
    /// Extra content after the input (e.g. a link), inside the field.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let has_help = help.is_some();
    let describedby = {
        let id = id.clone();
        move || described_by(&id, has_help, error.get().is_some())
    };
    let invalid = move || error.get().is_some().then_some("true");
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(view! { <span class="required" aria-hidden="true">" *"</span> })}</label>
            <input
                id=id.clone()
                data-testid=id.clone()
                node_ref=node_ref
                type=input_type.as_str()
                placeholder=placeholder
                list=list
                required=required
                autocomplete="off"
                spellcheck="false"
                disabled=move || disabled.get()
                aria-describedby=describedby
                aria-invalid=invalid
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            {children.map(|c| c())}
            <FieldNotes id=id help error/>
        </div>
    }
}

/// A multi-line text area with label, help and error.
#[component]
pub fn TextAreaField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] error: MaybeProp<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(default = 6)] rows: u32,
) -> impl IntoView {
    let has_help = help.is_some();
    let describedby = {
        let id = id.clone();
        move || described_by(&id, has_help, error.get().is_some())
    };
    let invalid = move || error.get().is_some().then_some("true");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id.clone()
                data-testid=id.clone()
                class="mono"
                rows=rows
                placeholder=placeholder
                autocomplete="off"
                spellcheck="false"
                aria-describedby=describedby
                aria-invalid=invalid
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            ></textarea>
            <FieldNotes id=id help error/>
        </div>
    }
}

/// A checkbox with its label on the right and help below.
#[component]
pub fn CheckboxField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    checked: RwSignal<bool>,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] error: MaybeProp<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let has_help = help.is_some();
    let describedby = {
        let id = id.clone();
        move || described_by(&id, has_help, error.get().is_some())
    };
    view! {
        <div class="field field-check">
            <input
                type="checkbox"
                id=id.clone()
                data-testid=id.clone()
                disabled=move || disabled.get()
                aria-describedby=describedby
                prop:checked=move || checked.get()
                on:change:target=move |ev| checked.set(ev.target().checked())
            />
            <label for=id.clone()>{label}</label>
            <FieldNotes id=id help error/>
        </div>
    }
}

/// A submit button that shows progress and cannot be pressed again while its request runs.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: String,
    /// Shown while `pending`, e.g. "Creating…".
    #[prop(into)]
    busy_label: String,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional, into)] testid: Option<String>,
    /// `button-danger` for destructive actions.
    #[prop(optional, into)]
    class: Option<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let class = format!("button button-primary {}", class.unwrap_or_default());
    view! {
        <button
            type="submit"
            class=class
            data-testid=testid
            disabled=move || pending.get() || disabled.get()
            aria-busy=move || pending.get().then_some("true")
        >
            {move || {
                if pending.get() {
                    view! { <span class="spinner" aria-hidden="true"></span>{busy_label.clone()} }.into_any()
                } else {
                    label.clone().into_any()
                }
            }}
        </button>
    }
}
