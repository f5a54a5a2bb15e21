//! A long list in steps: the first items, then a button for the next batch. A report of hundreds
//! of certificates then renders at once instead of freezing the page while it builds every row.

use leptos::prelude::*;

/// `<ul class>` with the first `step` items, each rendered by `render` as an `<li>`, and a
/// "Show … more" button after it while items remain. Rows already shown stay as they are.
#[component]
pub fn ShowMore<T, R, V>(
    items: Vec<T>,
    /// Items shown at first, and added by each click.
    step: usize,
    /// What the items are, for the button: "certificates", "findings".
    noun: &'static str,
    #[prop(optional)] class: &'static str,
    render: R,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let total = items.len();
    let step = step.max(1);
    let items = StoredValue::new(items);
    let shown = RwSignal::new(step.min(total));
    view! {
        <ul class=class>
            <For
                each=move || 0..shown.get()
                key=|index| *index
                children=move |index| items.with_value(|all| all.get(index).cloned()).map(render.clone())
            />
        </ul>
        {move || {
            let rest = total.saturating_sub(shown.get());
            (rest > 0).then(|| {
                view! {
                    <button
                        type="button"
                        class="button show-more"
                        data-testid="show-more"
                        on:click=move |_| shown.update(|n| *n = (*n + step).min(total))
                    >
                        {format!("Show {} more {noun} ({rest} not shown yet)", rest.min(step))}
                    </button>
                }
            })
        }}
    }
}
