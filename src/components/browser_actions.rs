//! Small browser actions shared by components: save text as a file, copy text to the clipboard,
//! move the focus to an element that is not a control.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` as a download named `file_name`. Returns false if the browser refused.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> bool {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let saved = document()
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|anchor| {
            anchor.set_href(&url);
            anchor.set_download(file_name);
            anchor.click();
        })
        .is_some();
    let _ = web_sys::Url::revoke_object_url(&url);
    saved
}

/// A button that copies `text` and says so for a moment.
#[component]
pub fn CopyButton(
    /// What is copied.
    #[prop(into)]
    text: String,
    /// Accessible name, e.g. "Copy SHA-256 fingerprint".
    #[prop(into)]
    label: String,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let promise = clipboard.write_text(&text);
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(ok);
            set_timeout(move || copied.set(false), std::time::Duration::from_secs(2));
        });
    };
    view! {
        <button type="button" class="button button-small" aria-label=label on:click=copy>
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}

/// Moves the focus to `element`, made focusable by script only (`tabindex="-1"`) if it is not
/// already: a list item just revealed, a card a link leads to. Screen readers announce it, and
/// the next Tab continues from there.
pub fn focus_element(element: &web_sys::HtmlElement) {
    if !element.has_attribute("tabindex") {
        let _ = element.set_attribute("tabindex", "-1");
    }
    let _ = element.focus();
}
