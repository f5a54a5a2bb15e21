//! A long list in steps: the first items, then buttons for the next batch and for the rest. A
//! report of hundreds of certificates, or a tenant of hundreds of virtual hosts, then renders at
//! once instead of freezing the page while it builds (and the browser lays out) every row.
//!
//! Every item stays reachable: "Show … more" and "Show all" are buttons, usable by keyboard. The
//! buttons stay the same elements while items remain, so the focus stays on the one pressed; when
//! the last items are shown the buttons go, and the focus moves to the first item just shown
//! (it would otherwise fall back to the document's start).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::browser_actions::focus_element;

/// Items added per task while "Show all" reveals the rest: each step is a task of its own, so
/// input and paint come between them.
const ALL_PER_TASK: usize = 40;

/// How many items of a list are shown, and the steps that reveal more.
#[derive(Clone, Copy)]
pub struct Shown {
    shown: RwSignal<usize>,
    total: Signal<usize>,
    step: usize,
    /// Set by "Show all": the rest follows in steps of [`ALL_PER_TASK`].
    all: RwSignal<bool>,
}

impl Shown {
    /// The first `step` of `total` items shown; `total` may change (a reloaded list).
    pub fn new(step: usize, total: impl Into<Signal<usize>>) -> Self {
        let step = step.max(1);
        let total = total.into();
        let this = Self {
            shown: RwSignal::new(step),
            total,
            step,
            all: RwSignal::new(false),
        };
        // The next step of "Show all" in a task of its own, after the browser has handled input
        // and painted.
        Effect::new(move |_| {
            if this.all.get() && this.shown.get() < total.get() {
                set_timeout(
                    move || {
                        this.shown
                            .try_update(|n| *n = n.saturating_add(ALL_PER_TASK));
                    },
                    std::time::Duration::ZERO,
                );
            }
        });
        this
    }

    /// How many items are shown now (never more than there are).
    pub fn count(&self) -> usize {
        self.shown.get().min(self.total.get())
    }

    /// Items not shown yet.
    pub fn rest(&self) -> usize {
        self.total.get().saturating_sub(self.shown.get())
    }

    fn rest_untracked(&self) -> usize {
        self.total
            .get_untracked()
            .saturating_sub(self.shown.get_untracked())
    }

    /// Shows at least the items up to `index` (a link to an item not shown yet).
    pub fn reveal_through(&self, index: usize) {
        let total = self.total.get_untracked();
        self.shown
            .update(|n| *n = (*n).max(index.saturating_add(1)).min(total));
    }

    fn more(&self) {
        let total = self.total.get_untracked();
        self.shown
            .update(|n| *n = n.saturating_add(self.step).min(total));
    }

    fn show_all(&self) {
        self.all.set(true);
        self.shown.update(|n| {
            *n = n
                .saturating_add(ALL_PER_TASK)
                .min(self.total.get_untracked())
        });
    }
}

/// "Show … more" and "Show all" for the items of `shown`; `noun` says what they are
/// ("certificates", "virtual hosts"). When the last items are revealed, the focus moves to the
/// first of them: the `index`-th child element of `items` (given `tabindex="-1"` for it).
#[component]
pub fn ShowMoreButtons<E>(
    shown: Shown,
    noun: &'static str,
    /// The element whose children are the items (a `<ul>` or a `<tbody>`).
    items: NodeRef<E>,
    /// Test id of the "Show … more" button; the other's is this with "-all" added.
    #[prop(default = "show-more")]
    testid: &'static str,
) -> impl IntoView
where
    E: leptos::html::ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    let focus_item = move |index: usize| {
        leptos::task::spawn_local(async move {
            // After the new items are in the page.
            leptos::task::tick().await;
            let item = items.get_untracked().and_then(|list| {
                let list: web_sys::Element = list.unchecked_into();
                list.children().item(u32::try_from(index).ok()?)
            });
            if let Some(item) = item.and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok()) {
                focus_element(&item);
            }
        });
    };
    let reveal = move |all: bool| {
        let first_new = shown.shown.get_untracked();
        if all {
            shown.show_all();
        } else {
            shown.more();
        }
        if shown.rest_untracked() == 0 || all {
            focus_item(first_new);
        }
    };
    let more_text = move || {
        let rest = shown.rest();
        format!(
            "Show {} more {noun} ({rest} not shown yet)",
            rest.min(shown.step)
        )
    };
    let all_text = move || format!("Show all {} {noun}", shown.total.get());
    view! {
        <Show when=move || { shown.rest() > 0 && !shown.all.get() }>
            <div class="show-more-actions">
                <button
                    type="button"
                    class="button show-more"
                    data-testid=testid
                    on:click=move |_| reveal(false)
                >
                    {more_text}
                </button>
                <Show when=move || { shown.rest() > shown.step }>
                    <button
                        type="button"
                        class="button show-more"
                        data-testid=format!("{testid}-all")
                        on:click=move |_| reveal(true)
                    >
                        {all_text}
                    </button>
                </Show>
            </div>
        </Show>
    }
}

/// `<ul class>` with the first `step` items, each rendered by `render` as an `<li>`, and the
/// buttons of [`ShowMoreButtons`] after it while items remain. Rows already shown stay as they
/// are.
#[component]
pub fn ShowMore<T, R, V>(
    items: Vec<T>,
    /// Items shown at first, and added by each click.
    step: usize,
    /// What the items are, for the buttons: "certificates", "findings".
    noun: &'static str,
    #[prop(optional)] class: &'static str,
    /// How many are shown, when the caller reveals items itself ([`Shown::reveal_through`]).
    #[prop(optional)]
    shown: Option<Shown>,
    render: R,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    R: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let total = items.len();
    let items = StoredValue::new(items);
    let shown = shown.unwrap_or_else(|| Shown::new(step, Signal::stored(total)));
    let list = NodeRef::<leptos::html::Ul>::new();
    view! {
        <ul class=class node_ref=list>
            <For
                each=move || 0..shown.count()
                key=|index| *index
                children=move |index| items.with_value(|all| all.get(index).cloned()).map(render.clone())
            />
        </ul>
        <ShowMoreButtons shown noun items=list/>
    }
}
