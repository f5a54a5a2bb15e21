//! A radio button bound to a typed choice.

use leptos::prelude::*;

/// One option of the radio group `name`; its id and test id are `<name>-<value>`.
#[component]
pub fn Radio<T>(
    name: &'static str,
    /// The option's value in the page (`value` attribute and ids).
    value: &'static str,
    label: &'static str,
    choice: T,
    selected: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
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
                prop:checked=move || selected.get() == choice
                on:change=move |_| selected.set(choice)
            />
            " "{label}
        </label>
    }
}
