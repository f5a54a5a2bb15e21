//! "Copy as cURL" for the request a form would send. Shared by the SAP and Apinizer pages.
//!
//! The command carries `$TOKEN` in place of the bearer token unless the user ticks the box that
//! asks for the real one; the command is shown as well as copied, so it can be read first.

use leptos::prelude::*;

use crate::api::curl::to_curl;
use crate::api::http::ApiRequest;

/// The page's origin (`https://portal.example`); the portal forwards to the real backend.
fn origin() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// Writes `text` to the clipboard; false when the browser has no clipboard API here.
fn copy_to_clipboard(text: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let Some(window) = web_sys::window() else {
            return false;
        };
        let clipboard = js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("clipboard"))
            .ok()
            .filter(|c| !c.is_undefined() && !c.is_null());
        let Some(clipboard) = clipboard else {
            return false;
        };
        let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match write {
            Some(write) => write.call1(&clipboard, &JsValue::from_str(text)).is_ok(),
            None => false,
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = text;
        false
    }
}

#[component]
pub fn CopyCurl(
    /// The request as it would be sent now; `None` when the form cannot be sent yet.
    #[prop(into)]
    request: Signal<Option<ApiRequest>>,
    /// The session's token, used only when the user asks for it.
    #[prop(into)]
    token: Signal<Option<String>>,
    /// Prefix for element ids and test ids.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let with_token = RwSignal::new(false);
    let copied = RwSignal::new(None::<bool>);
    let command = Memo::new(move |_| {
        let token = token.get();
        let token = if with_token.get() {
            token.as_deref()
        } else {
            None
        };
        request.get().map(|r| to_curl(&r, &origin(), token))
    });
    let checkbox_id = format!("{id}-with-token");
    let command_id = format!("{id}-command");
    view! {
        <details class="copy-curl" data-testid=id.clone()>
            <summary>"Copy as cURL"</summary>
            <div class="field field-check">
                <input
                    type="checkbox"
                    id=checkbox_id.clone()
                    data-testid=checkbox_id.clone()
                    prop:checked=move || with_token.get()
                    on:change:target=move |ev| {
                        with_token.set(ev.target().checked());
                        copied.set(None);
                    }
                />
                <label for=checkbox_id>"Include my token instead of "<code>"$TOKEN"</code>" (do not share that copy)"</label>
            </div>
            {move || match command.get() {
                Some(text) => {
                    let to_copy = text.clone();
                    view! {
                        <pre class="code-block" data-testid=command_id.clone()>{text}</pre>
                        <button
                            type="button"
                            class="button"
                            on:click=move |_| copied.set(Some(copy_to_clipboard(&to_copy)))
                        >
                            "Copy"
                        </button>
                    }
                        .into_any()
                }
                None => view! { <p class="field-help">"Fill in the form to see the command."</p> }.into_any(),
            }}
            <span class="copy-state" aria-live="polite">
                {move || match copied.get() {
                    Some(true) => "Copied.",
                    Some(false) => "The browser did not allow copying: select the command and copy it.",
                    None => "",
                }}
            </span>
        </details>
    }
}
